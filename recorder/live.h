/*
 * The live recorder: a full-screen terminal on a libuv loop.  Every action
 * is fsynced before the screen confirms it; a write that fails is kept,
 * shown as not saved, and retried each second until it lands.
 */
#ifndef LIVE_H
#define LIVE_H

#include "record.h"

/* Records on the terminal into path, creating it with new_hdr if it does
 * not exist, else continuing it (repairing a torn tail into a side file).
 * Returns a sysexits code; on failure *cause says why (caller frees). */
int	live_run(const char *path, const struct log_header *new_hdr,
	    char **cause);

#endif
