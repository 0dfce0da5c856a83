/*
 * The feedback report: one self-contained HTML file (charts inline as SVG,
 * no scripts, no network) that a head reads without help and that prints
 * on one or two A4 pages per day.  Written to a temporary file beside the
 * target and renamed, so a failure never leaves half a report.
 */
#ifndef REPORT_H
#define REPORT_H

#include "plot.h"
#include "timeline.h"

struct report;

/* Starts a report to be written at path. */
struct report	*report_new(const char *path, char **cause);
/* Adds one day: its headline, charts, group table and notes; s is its
 * summary, or NULL to have it computed. */
int		 report_day(struct report *, const struct timeline *,
		    const struct summary *s, char **cause);
/* Writes the file and frees the report whatever the outcome; for several
 * days the comparison view comes first, from pc (the run's comparison of
 * the same days; NULL for none).  -1 with *cause.  When gnuplot or its
 * scripts are missing the file is still written, each chart replaced by
 * a note, and -1 with errno ENOENT says so. */
int		 report_finish(struct report *, const struct plot_compare *pc,
		    char **cause);

#endif
