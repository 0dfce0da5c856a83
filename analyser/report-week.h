/*
 * The week's section of the feedback report: for several days of one head,
 * the headline about the week, the days side by side as a table and as
 * stacked bars.  Easy to get wrong: the bars are drawn here as SVG for the
 * width they are shown at, so their words stay as large as the body text.
 */
#ifndef REPORT_WEEK_H
#define REPORT_WEEK_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "week.h"

/* Writes a share as a whole percentage, a dash when missing. */
void	report_week_percent(FILE *f, double v);
/* Writes a date in words, "Tuesday 3 March" (with_year: "... 2026"), or
 * as it is, made safe, when it does not parse; the day report's too. */
void	report_week_date(FILE *f, const char *date, int with_year);

/* A figure of rows of shares (common/week.h's week_rows): stacked bars
 * side by side, one a row, or patterns over the day one above the other
 * on one clock, the groups those of a week. */
struct report_week_figure {
	const char		*id;		/* unique in the page: [a-z]+ */
	const char		*title;
	const char		*desc;		/* one line, for screen readers
						   and the caption */
	int			 tall_first;	/* a pattern's first row tall (the
						   week), the others small strips */
	const struct week_rows	*rows;
};

/* Writes the bars (the pattern) as a wide figure, its legend in the
 * caption. */
void	report_week_bars(FILE *f, const struct week *groups,
	    const struct report_week_figure *);
void	report_week_pattern(FILE *f, const struct week *groups,
	    const struct report_week_figure *);
/* Writes the week's <section> of w (of one head) to f. */
void	report_week_write(FILE *f, const struct week *w);

#endif
