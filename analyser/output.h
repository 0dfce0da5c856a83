/*
 * The analyser's tables, one per run, written a day at a time as text (for
 * a person), CSV (the contract's fixed columns) or JSON (one document).
 * Easy to get wrong: a run has one CSV header and one JSON document however
 * many days and files it reads, and text from a log must never reach a
 * terminal raw.
 */
#ifndef OUTPUT_H
#define OUTPUT_H

#include <stdio.h>

#include "timeline.h"

enum output_format {
	OUTPUT_TEXT,
	OUTPUT_CSV,
	OUTPUT_JSON
};

enum output_table {
	OUTPUT_SUMMARY,		/* the default: per group, then day figures */
	OUTPUT_EPISODES,	/* the day as a timeline */
	OUTPUT_BINS,		/* time per group in clock-aligned bins */
	OUTPUT_TRANSITIONS	/* group to next group */
};

#define OUTPUT_MAX_BIN	1440	/* minutes in a bin, at most a day */

struct output;

/* Starts a run writing to f (which stays the caller's): the CSV header or
 * the opening of the JSON document is written at once.  minutes is the bin
 * width for OUTPUT_BINS (1..OUTPUT_MAX_BIN). */
struct output	*output_new(FILE *f, enum output_format, enum output_table,
		    int minutes);
/* Writes the table of one finished day. */
void		 output_day(struct output *, const struct timeline *);
/* Non-zero once writing has failed (no use reading more). */
int		 output_failed(const struct output *);
/* Ends the run (closes the JSON document) and flushes; -1 with *cause
 * when anything could not be written.  Frees the output either way. */
int		 output_end(struct output *, char **cause);

/* Parses a --format value; -1 if it is not text, csv or json. */
int		 output_parse_format(const char *, enum output_format *);

/* Writes s for a terminal: control characters and bytes that are not
 * UTF-8 become \xNN.  Returns the columns written (one per character). */
size_t		 output_put_safe(FILE *, const char *s);

#endif
