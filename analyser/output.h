/*
 * The analyser's tables, one per run, written a day at a time as text (for
 * a person), CSV (the contract's fixed columns) or JSON (one document).
 * Easy to get wrong: a run has one CSV header and one JSON document however
 * many days and files it reads, and text from a log must never reach a
 * terminal raw.
 */
#ifndef OUTPUT_H
#define OUTPUT_H

#include <stdint.h>
#include <stdio.h>

#include "summary.h"
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
/* Writes the table of one finished day; s is its summary (with the
 * breakdowns for text and JSON), or NULL to have it computed. */
void		 output_day(struct output *, const struct timeline *,
		    const struct summary *s);
/* Whether the table needs each day's summary (1 or 0); *what says what
 * summary_compute must work out for it (SUMMARY_GROUPS or SUMMARY_PARTS). */
int		 output_summary_needs(const struct output *, unsigned *what);
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

/*
 * The pieces every table of the analyser is written with (the day tables
 * here, the agreement in agree.c, the comparison in comparison.c), so that
 * all say a figure the same way.  A missing figure is NaN: nothing in CSV,
 * null in JSON (json non-zero), "-" in text.
 */

#define OUTPUT_BIN_START_LEN	16	/* "HH:MM" and its NUL, with room */

/* Writes s as a JSON string (NULL as null); bytes that are not UTF-8
 * become U+FFFD. */
void		 output_json_string(FILE *, const char *s);
/* Writes ms as seconds with three decimals. */
void		 output_seconds(FILE *, int64_t ms);
/* Writes a figure in ms as seconds, rounded to the millisecond (halves
 * away from zero); NaN is missing. */
void		 output_seconds_d(FILE *, double ms, int json);
/* Writes a fraction or a rate with six decimals, never "-0.000000"; NaN
 * is missing. */
void		 output_fraction(FILE *, double v, int json);
/* "HH:MM" of a bin's start, hours past 23 for the next day. */
void		 output_bin_start(int64_t ms, char buf[OUTPUT_BIN_START_LEN]);
/* For the eye, allocated (caller frees): a duration with its units, so
 * it is never taken for a clock time ("45s", "7m36s", "1h02m"), and
 * "12.3%" of a fraction; "-" when missing. */
char		*output_duration(double ms);
char		*output_percent(double v);
/* The clock time t cut to its whole second, "HH:MM:SS" (buf holds
 * CLOCK_HMS_LEN). */
void		 output_whole_second(int64_t t, char *buf);
/* A jump of the computer's clock in words, for the text summary and the
 * report alike: "went back 1h00m (it read 10:05:46)" (caller frees),
 * and in at the whole second the record after it is placed at. */
char		*output_jump_words(const struct tl_jump *, char *at);
/* A restart of the recorder in words, for the text summary and the report
 * alike: "no record for 4m12s before it (since 10:02:11)" (caller frees),
 * and in at the whole second it is at; and the most time the recorder can
 * have been closed in all, as output_duration writes it (caller frees). */
char		*output_restart_words(const struct tl_restart *, char *at);
char		*output_restarts_down(const struct timeline *);

/* A text table: cells added row after row, printed with each column as
 * wide as its widest cell.  Text from a log is made safe as it is added. */
struct output_tt {
	size_t		  ncols;
	const char	 *align;	/* per column: 'l' or 'r'; not owned */
	char		**cells;	/* row after row, owned, made safe */
	size_t		 *cols;		/* columns each cell takes */
	size_t		  ncells;
	size_t		  size;
};

/* Starts an empty table of strlen(align) columns. */
void		 output_tt_init(struct output_tt *, const char *align);
/* Adds a cell of text from a log (made safe); NULL or "" shows missing. */
void		 output_tt_text(struct output_tt *, const char *s,
		    const char *missing);
/* Adds a cell the analyser made (ASCII or already safe), taking s. */
void		 output_tt_own(struct output_tt *, char *s);
/* Adds a cell the analyser formats (ASCII or already safe). */
void		 output_tt_fmt(struct output_tt *, const char *fmt, ...)
		    __attribute__((format(printf, 2, 3)));
/* Writes the table aligned, each line indented by indent spaces, and
 * frees its cells. */
void		 output_tt_print(FILE *, struct output_tt *, int indent);

#endif
