/*
 * Writing a file so that it is either the old one or the whole new one,
 * and on disk: a temporary file (mode 0600) beside the target, written,
 * fsynced, renamed into place, then the directory fsynced.  Every output
 * of the analyser (charts, report) and the log writer end that way.  Easy
 * to get wrong: a rename is durable only once its directory is synced.
 */
#ifndef DURABLE_H
#define DURABLE_H

#include <stddef.h>
#include <stdio.h>

#include "err.h"

/* A file being written: f until durable_commit or durable_abort. */
struct durable {
	char	*path;
	char	*tmp;
	FILE	*f;
};

/* Starts path: a new temporary file beside it, open as d->f.  -1 with e
 * (ERR_CANTCREAT) if it cannot be made. */
int	durable_open(struct durable *d, const char *path, struct err *e);
/* Flushes, fsyncs and renames d's file into place, then syncs the
 * directory; frees d whatever the outcome.  -1 with e (ERR_CANTCREAT). */
int	durable_commit(struct durable *d, struct err *e);
/* Drops the temporary file and frees d (nothing if never opened). */
void	durable_abort(struct durable *d);

/* Writes buf whole at path as above; sync_dir 0 leaves the directory to
 * one durable_sync_dir for several files.  -1 with e (ERR_CANTCREAT). */
int	durable_write(const char *path, const void *buf, size_t len,
	    int sync_dir, struct err *e);

/* fsyncs the directory holding path, so a new or renamed name is on disk.
 * A file system that cannot sync a directory (EINVAL) is not a fault.
 * Returns 0, or -1 with errno set. */
int	durable_sync_dir(const char *path);

#endif
