/*
 * Continuing a log that exists, as the live and the timed recorder both
 * do: lock it, then read its day.  The easy thing to get wrong: the lock
 * comes first, so no other writer adds to the log after it is read.
 */
#ifndef REOPEN_H
#define REOPEN_H

#include <sys/types.h>

#include "day.h"
#include "err.h"
#include "logfile.h"

struct reopen {
	int		 fd;		/* the log, locked; -1 once given away */
	struct day	*day;		/* owned */
	enum log_status	 status;	/* how the file ended */
	off_t		 good_len;	/* bytes of whole records */
	off_t		 damage_at;	/* where a torn tail starts */
	char		*warning;	/* what day_load said, or NULL; owned */
};

/* Locks the log at path and reads its day into r.  -1 with e filled
 * (ERR_TEMPFAIL when another recorder holds the log), r left empty. */
int		 reopen_log(const char *path, struct reopen *r, struct err *e);
/* Closes what r still holds and frees it. */
void		 reopen_free(struct reopen *r);

#endif
