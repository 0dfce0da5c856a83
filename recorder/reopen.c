/*
 * Continuing a log that exists: the lock, then the day; see reopen.h.
 * The readers below still speak in sysexits statuses and errno; this is
 * the one place in the recorder that turns those into a struct err.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>
#include <unistd.h>

#include "reopen.h"

int
reopen_log(const char *path, struct reopen *r, struct err *e)
{
	char	*cause = NULL;
	int	 status = EX_IOERR, error;

	memset(r, 0, sizeof *r);
	if ((r->fd = log_lock_open(path, &cause)) == -1) {
		error = errno;
		err_set(e, error == EAGAIN ? ERR_TEMPFAIL : error == ENOENT ?
		    ERR_NOINPUT : ERR_IO, "%s", cause);
		free(cause);
		return -1;
	}
	if (day_load(path, &r->day, &r->status, &r->good_len, &r->damage_at,
	    &r->warning, &status, &cause) != 0) {
		err_set(e, reopen_code(status), "%s", cause);
		free(cause);
		reopen_free(r);
		return -1;
	}
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

enum err_code
reopen_code(int status)
{
	switch (status) {
	case EX_USAGE:
		return ERR_USAGE;
	case EX_DATAERR:
		return ERR_DATA;
	case EX_NOINPUT:
		return ERR_NOINPUT;
	case EX_CANTCREAT:
		return ERR_CANTCREAT;
	case EX_TEMPFAIL:
		return ERR_TEMPFAIL;
	case EX_SOFTWARE:
		return ERR_SOFTWARE;
	default:
		return ERR_IO;
	}
}
