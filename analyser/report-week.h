/*
 * The week's section of the feedback report: for several days of one head,
 * the headline about the week, the days side by side as a table and as
 * stacked bars.  Easy to get wrong: the bars are drawn here as SVG for the
 * width they are shown at, so their words stay as large as the body text.
 */
#ifndef REPORT_WEEK_H
#define REPORT_WEEK_H

#include <stdio.h>

#include "week.h"

/* Writes the week's <section> of w (of one head) to f. */
void	report_week_write(FILE *f, const struct week *w);

#endif
