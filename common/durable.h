/*
 * Making a file's name durable.  A file written whole and fsynced, then
 * renamed into place, is on disk only once its directory is synced too:
 * every writer of a log, chart or report ends that way.
 */
#ifndef DURABLE_H
#define DURABLE_H

/* fsyncs the directory holding path, so a new or renamed name is on disk.
 * A file system that cannot sync a directory (EINVAL) is not a fault.
 * Returns 0, or -1 with errno set. */
int	durable_sync_dir(const char *path);

#endif
