/*
 * The feedback report: one self-contained HTML file (charts inline as SVG,
 * no scripts, no network) that a head reads without help and that prints
 * on one or two A4 pages per day.  Written to a temporary file beside the
 * target and renamed, so a failure never leaves half a report.
 */
#ifndef REPORT_H
#define REPORT_H

#include "timeline.h"

struct report;

/* Starts a report to be written at path; by_field groups the comparison
 * view when there are several days (NULL: by school). */
struct report	*report_new(const char *path, const char *by_field,
		    char **cause);
/* Adds one day: its headline, charts, group table and notes. */
int		 report_day(struct report *, const struct timeline *,
		    char **cause);
/* Writes the file (with the comparison view for several days) and frees
 * the report whatever the outcome.  -1 with *cause. */
int		 report_finish(struct report *, char **cause);

#endif
