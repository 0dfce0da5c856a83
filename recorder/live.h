/*
 * The live recorder: a full-screen terminal on a libuv loop.  Every action
 * is fsynced before the screen confirms it; a write that fails is kept,
 * shown as not saved, and retried each second until it lands.
 */
#ifndef LIVE_H
#define LIVE_H

#include "err.h"
#include "record.h"

/* Records on the terminal into path, creating it with new_hdr if it does
 * not exist, else continuing it (repairing a torn tail into a side file).
 * Returns 0, or -1 with e filled: ERR_USAGE with no terminal, ERR_TEMPFAIL
 * when another recorder holds the log, else what the log or the terminal
 * failed with. */
int	live_run(const char *path, const struct log_header *new_hdr,
	    struct err *e);

#endif
