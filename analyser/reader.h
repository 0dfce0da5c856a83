/*
 * Reading the FILE operands: logs are decoded on libuv's thread pool (a
 * batch of up to 8 files a job, both cores busy), episodes CSVs and
 * BORIS exports are streamed on the main thread, and every day reaches
 * the caller on the main thread in the order of the files given.  At most
 * a small window of decoded days waits at once, so memory does not grow
 * with the number of files.  A log's day is anonymised and summarised on
 * its pool thread too, so the main thread only writes.
 */
#ifndef READER_H
#define READER_H

#include <stddef.h>

#include "anon.h"
#include "err.h"
#include "scheme.h"
#include "summary.h"
#include "timeline.h"

struct reader_calls {
	/* A finished day, in order, with its summary if the options ask for
	 * one (else NULL).  Both are the reader's and are freed after the
	 * call.  Non-zero stops the reading (output failed). */
	int	(*day)(void *arg, const struct timeline *,
		    const struct summary *);
	/* A file's warning or error (message already names the file and
	 * where), with what it is (ERR_DATA for a torn tail); the caller
	 * chooses the exit status. */
	void	(*problem)(void *arg, const char *message, enum err_code);
	void	 *arg;
};

struct reader_options {
	const struct scheme	*scheme;	/* for episodes CSV input */
	const char		*subject;	/* BORIS input: the subject to
						   read (BORIS_NO_FOCAL for
						   none); NULL for each */
	int			 as_recorded;	/* logs without review records */
	const struct anon	*anon;		/* anonymise every day with it
						   (NULL: not) */
	int			 keep_notes;	/* anonymised, keep free text */
	int			 summarise;	/* compute each day's summary */
	unsigned		 summary_what;	/* SUMMARY_GROUPS or _PARTS */
};

/* Reads paths[0..n) in order.  Returns the first problem's code (ERR_OK
 * if none). */
enum err_code	reader_run(char *const *paths, size_t n,
	    const struct reader_options *opts, const struct reader_calls *calls);

/* Reads path, which must hold exactly one day (a log, an episodes CSV of
 * one day, a BORIS export of one observation and subject), into *tl on the
 * calling thread (anonymised if asked, never summarised), for
 * --agreement.  Returns ERR_OK, or a code with *message (caller frees):
 * with *has_day set the message is only a warning (a torn tail, ERR_DATA)
 * and *tl is filled (free it with timeline_free); else there is no day. */
enum err_code	reader_one(const char *path, const struct reader_options *opts,
	    struct timeline *tl, int *has_day, char **message);

#endif
