/*
 * The agreement report, the training view: one self-contained HTML file
 * (the chart inline as SVG, no scripts, no network) that tells a trainer
 * in words how far two observers of one day agree, and where they differ
 * most.  Written by the atomic-file writer (mode 0600).
 */
#ifndef REPORT_AGREEMENT_H
#define REPORT_AGREEMENT_H

#include "agreement.h"
#include "chart.h"
#include "err.h"
#include "timeline.h"

/* Writes at path the report of a and b (read from files[0] and files[1];
 * ag their agreement) with the chart svg, or in its place a note saying
 * why (why: what chart_draw_agreement gave).  -1 with e when the file
 * cannot be written (ERR_CANTCREAT) or svg is not SVG (ERR_SOFTWARE), and
 * nothing written; when svg is NULL the file is written and -1 with
 * why's code says the chart is missing. */
int	report_agreement_write(const char *path, const struct agreement *ag,
	    const struct timeline *a, const struct timeline *b,
	    const char *const *files, const struct chart_image *svg,
	    const struct err *why, struct err *e);

#endif
