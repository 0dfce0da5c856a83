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

/* Stacked bars side by side, one a row: bar i's share of group g is
 * shares[i * ngroups + g] (NAN for none), the groups those of a week. */
struct report_week_bars {
	const char		*id;		/* unique in the page: [a-z]+ */
	const char		*title;
	const char		*desc;		/* one line, for screen readers
						   and the caption */
	size_t			 n;
	const char *const	*labels;
	const double		*shares;
};

/* Writes the bars as a wide figure, its legend in the caption. */
void	report_week_bars(FILE *f, const struct week *groups,
	    const struct report_week_bars *);
/* Patterns over the day one above the other on one clock: row i's share
 * of group g in bin b (from first, WEEK_BIN_MS each) is
 * shares[(i * nbins + b) * ngroups + g], NAN when not observed. */
struct report_week_pattern {
	const char		*id;		/* unique in the page: [a-z]+ */
	const char		*title;
	const char		*desc;
	int			 tall_first;	/* the first row tall (the week),
						   the others small strips */
	size_t			 n;
	const char *const	*labels;
	int64_t			 first;
	size_t			 nbins;
	const double		*shares;
};

void	report_week_pattern(FILE *f, const struct week *groups,
	    const struct report_week_pattern *);
/* Writes the week's <section> of w (of one head) to f. */
void	report_week_write(FILE *f, const struct week *w);

#endif
