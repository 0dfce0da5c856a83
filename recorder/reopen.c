/*
 * Continuing a log that exists: the lock, then the day; see reopen.h.
 * Both fill the struct err themselves (ERR_TEMPFAIL when another recorder
 * holds the log).
 */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "reopen.h"

int
reopen_log(const char *path, struct reopen *r, struct err *e)
{
	struct day_loaded	 how;

	memset(r, 0, sizeof *r);
	if ((r->fd = log_lock_open(path, e)) == -1)
		return -1;
	if (day_load(path, &r->day, &how, e) != 0) {
		reopen_free(r);
		return -1;
	}
	r->status = how.status;
	r->good_len = how.good_len;
	r->damage_at = how.damage_at;
	r->warning = how.warning;
	return 0;
}

void
reopen_free(struct reopen *r)
{
	if (r->fd != -1)
		close(r->fd);
	day_free(r->day);
	free(r->warning);
	memset(r, 0, sizeof *r);
	r->fd = -1;
}
