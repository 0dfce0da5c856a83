/*
 * The feedback report: one self-contained HTML file (charts inline as SVG,
 * no scripts, no network) that a head reads without help and that prints
 * on one or two A4 pages per day.  Written by the atomic-file writer, so
 * a failure never leaves half a report.  The report draws nothing: each
 * day's charts come from chart.c, after the day, in the days' order.
 */
#ifndef REPORT_H
#define REPORT_H

#include <stddef.h>
#include <stdio.h>

#include "chart.h"
#include "err.h"
#include "reference.h"
#include "timeline.h"

/* On a screen under 600 px a full-width chart (figure.wide) keeps 560 px
 * of its 800 drawing units, so its smallest type (13 units) stays 9 px;
 * the figure scrolls sideways, never the page.  Shared by every report
 * (a string literal, to join each one's style sheet). */
#define REPORT_WIDE_CHART_CSS \
    "@media screen and (max-width:600px){figure.wide{overflow-x:auto}" \
    "figure.wide svg{min-width:560px}}\n"

struct report;

/* Starts a report to be written at path; NULL with e (ERR_CANTCREAT). */
struct report	*report_new(const char *path, struct err *e);
/* Sets each day's section beside the reference profiles (--references);
 * set is not owned and must outlive the report. */
void		 report_references(struct report *,
		    const struct reference_set *set);
/* Adds one day: its headline, group table and notes now (s is its
 * summary, or NULL to have it computed); its charts by report_charts. */
int		 report_day(struct report *, const struct timeline *,
		    const struct summary *s, struct err *e);
/* The charts of the earliest day still without them: svg by chart kind,
 * or NULL with why they could not be drawn.  When why is ERR_UNAVAILABLE
 * (no gnuplot, no scripts) each chart is replaced by a note saying so;
 * any other why, or a chart that is not SVG, fails the report: -1 with
 * e (once; 0 for each day after), and report_finish will not write it. */
int		 report_charts(struct report *, const struct chart_image *svg,
		    const struct err *why, struct err *e);
/* The comparison chart as SVG (copied), or NULL with why it is not. */
void		 report_compare_svg(struct report *,
		    const struct chart_image *svg, const struct err *why);
/* Writes the report's style sheet, for another document in its look. */
void		 report_put_css(FILE *);
/* The days added. */
size_t		 report_days(const struct report *);
/* Writes the file and frees the report whatever the outcome; for several
 * days the comparison view comes first, from pc (the run's comparison of
 * the same days; NULL for none) and the chart given by report_compare_svg.
 * -1 with e; when the charts were unavailable the file is still written,
 * each chart replaced by a note, and -1 with ERR_UNAVAILABLE says so. */
int		 report_finish(struct report *,
		    const struct chart_compare *pc, struct err *e);

#endif
