/*
 * Reading the FILE operands: logs are decoded on libuv's thread pool (one
 * file a job, both cores busy), episodes CSVs are streamed on the main
 * thread, and every day reaches the caller on the main thread in the
 * order of the files given.  At most a small window of decoded days waits
 * at once, so memory does not grow with the number of files.
 */
#ifndef READER_H
#define READER_H

#include <stddef.h>

#include "scheme.h"
#include "timeline.h"

struct reader_calls {
	/* A finished day, in order; non-zero stops the reading (output
	 * failed). */
	int	(*day)(void *arg, const struct timeline *);
	/* A file's warning or error (message already names the file and
	 * where), with the exit code it gives: 65 for a torn tail. */
	void	(*problem)(void *arg, const char *message, int exit_code);
	void	 *arg;
};

struct reader_options {
	const struct scheme	*scheme;	/* for episodes CSV input */
	int			 as_recorded;	/* logs without review records */
};

/* Reads paths[0..n) in order.  Returns the first non-zero exit code met
 * (0 if none). */
int	reader_run(char *const *paths, size_t n,
	    const struct reader_options *opts, const struct reader_calls *calls);

#endif
