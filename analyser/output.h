/*
 * The run's output of a day table: one per run, written a day at a time as
 * text (for a person), CSV (the contract's fixed columns) or JSON (one
 * document); the tables themselves are in table-day.c.  Easy to get wrong:
 * a run has one CSV header and one JSON document however many days and
 * files it reads.
 */
#ifndef OUTPUT_H
#define OUTPUT_H

#include <stdio.h>

struct err;
struct reference_set;
struct summary;
struct timeline;

enum output_format {
	OUTPUT_TEXT,
	OUTPUT_CSV,
	OUTPUT_JSON
};

enum output_table {
	OUTPUT_SUMMARY,		/* the default: per group, then day figures */
	OUTPUT_EPISODES,	/* the day as a timeline */
	OUTPUT_BINS,		/* time per group in clock-aligned bins */
	OUTPUT_TRANSITIONS,	/* group to next group */
	OUTPUT_SAMPLE,		/* what was in force every MINUTES */
	OUTPUT_DIMENSIONS	/* time per value of each dimension, and
				   per value and group */
};

#define OUTPUT_MAX_BIN	1440	/* minutes in a bin, at most a day */

struct output;
struct scheme;

/* Starts a run writing to f (which stays the caller's): the CSV header or
 * the opening of the JSON document is written at once.  minutes is the bin
 * width for OUTPUT_BINS, the interval for OUTPUT_SAMPLE (1..OUTPUT_MAX_BIN). */
struct output	*output_new(FILE *f, enum output_format, enum output_table,
		    int minutes);
/* The same for a run of scheme s (which must outlive the output): the
 * episodes table ends with a column per dimension of s; with dimension
 * (--dimension, kept as given) the bins are per value of the day's
 * dimension of that name, which each day must have. */
struct output	*output_new_scheme(FILE *f, enum output_format,
		    enum output_table, int minutes, const struct scheme *s,
		    const char *dimension);
/* Sets each day's text summary beside the reference profiles
 * (--references); set is not owned and must outlive the output. */
void		 output_references(struct output *,
		    const struct reference_set *set);
/* Writes the table of one finished day; s is its summary (with the
 * breakdowns for text and JSON), or NULL to have it computed. */
void		 output_day(struct output *, const struct timeline *,
		    const struct summary *s);
/* Whether the table needs each day's summary (1 or 0); *what says what
 * summary_compute must work out for it (SUMMARY_GROUPS or SUMMARY_PARTS). */
int		 output_summary_needs(const struct output *, unsigned *what);
/* Non-zero once writing has failed (no use reading more). */
int		 output_failed(const struct output *);
/* Ends the run (closes the JSON document) and flushes; -1 with e (ERR_IO)
 * when anything could not be written.  Frees the output either way. */
int		 output_end(struct output *, struct err *e);

/* Parses a --format value; -1 if it is not text, csv or json. */
int		 output_parse_format(const char *, enum output_format *);

/*
 * Until analyser/plot.c and analyser/report.c call common/format.h and
 * table-day.h themselves: a duration as the tables write it (caller
 * frees), and the day's jumps and restarts in words.
 */
char		*output_duration(double ms);
#define output_jump_words	table_day_jump_words
#define output_restart_words	table_day_restart_words
#define output_restarts_down	table_day_restarts_down
#include "table-day.h"

#endif
