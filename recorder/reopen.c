/*
 * Continuing a log that exists: the lock, then the day; see reopen.h.
 * The lock still speaks in errno; this is the one place in the recorder
 * that turns it into a struct err (day_load fills one itself).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "reopen.h"

int
reopen_log(const char *path, struct reopen *r, struct err *e)
{
	struct day_loaded	 how;
	char			*cause = NULL;
	int			 error;

	memset(r, 0, sizeof *r);
	if ((r->fd = log_lock_open(path, &cause)) == -1) {
		error = errno;
		err_set(e, error == EAGAIN ? ERR_TEMPFAIL : error == ENOENT ?
		    ERR_NOINPUT : ERR_IO, "%s", cause);
		free(cause);
		return -1;
	}
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
