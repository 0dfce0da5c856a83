/*
 * The tables of a day: the summary (per group, then the day's figures and
 * breakdowns), the episodes, the bins and the transitions, each one table
 * spec written as text, CSV or JSON.  Easy to get wrong: a run has one CSV
 * header and one JSON document however many days it writes (output.c
 * frames them), so these write a day's part only.
 */
#ifndef TABLE_DAY_H
#define TABLE_DAY_H

#include <stddef.h>
#include <stdio.h>

#include "output.h"
#include "reference.h"
#include "sequence.h"
#include "summary.h"
#include "table.h"
#include "timeline.h"

/* A run of a day table: where and how, and what it has written so far. */
struct table_day_run {
	FILE			*f;
	enum output_format	 format;
	enum output_table	 table;
	int			 minutes;	/* bin width, OUTPUT_BINS */
	size_t			 ndays;		/* days written */
	size_t			 nrows;		/* JSON rows written */
	struct sequence_pool	 pool;		/* OUTPUT_TRANSITIONS */
	const struct scheme	*scheme;	/* the run's: its dimensions are
						   the episodes' last columns;
						   NULL for none */
	const struct reference_set *refs;	/* --references; not owned */
	const char		*dimension;	/* --dimension: OUTPUT_BINS per
						   value of it; NULL: per
						   group */
	struct table		 rows;		/* the CSV summary's, day after
						   day; freed by
						   table_day_end */
};

/* Writes the CSV header line of run's table. */
void	table_day_csv_header(const struct table_day_run *);
/* Writes tl's part of run's table; s is its summary (with what
 * output_summary_needs asks for), or NULL to have it computed. */
void	table_day_write(struct table_day_run *, const struct timeline *tl,
	    const struct summary *s);

/* Ends the run's table: what follows the days (the pooled transitions),
 * after the JSON rows' array is closed and before the document is. */
void	table_day_end(struct table_day_run *);

/* A jump of the computer's clock in words, for the text summary and the
 * report alike: "went back 1h00m (it read 10:05:46)" (caller frees),
 * and in at the whole second the record after it is placed at. */
char	*table_day_jump_words(const struct tl_jump *, char *at);
/* A restart of the recorder in words, for the text summary and the report
 * alike: "no record for 4m12s before it (since 10:02:11)" (caller frees),
 * and in at the whole second it is at; and the most time the recorder can
 * have been closed in all, as a duration (caller frees). */
char	*table_day_restart_words(const struct tl_restart *, char *at);
char	*table_day_restarts_down(const struct timeline *);

#endif
