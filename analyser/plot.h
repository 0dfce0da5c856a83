/*
 * Charts with gnuplot: the analyser writes each chart's data to a private
 * temporary directory and runs a script from $(pkgdatadir)/plots (or
 * $SHADOWLOG_PLOTS) with an argument vector, never a shell.  Text from a
 * log (school, head, person codes, notes) reaches gnuplot only inside data
 * files or as escaped string values, so it can never run a command.
 */
#ifndef PLOT_H
#define PLOT_H

#include "compare.h"
#include "summary.h"
#include "timeline.h"

enum plot_format {
	PLOT_PNG,
	PLOT_SVG,
	PLOT_PDF
};

enum plot_chart {
	PLOT_TIMELINE,		/* episodes as coloured bars against clock time */
	PLOT_GROUPS,		/* share of observed time per group */
	PLOT_PATTERN,		/* stacked bins over the day */
	PLOT_LENGTHS,		/* distribution of episode lengths, log scale */
	PLOT_INITIATIVE,	/* who began the interactions, per group */
	PLOT_TRANSITIONS,	/* group to next group, a heat map */
	PLOT_NDAY_CHARTS
};

/* -1 if the name is not png, svg or pdf. */
int		 plot_parse_format(const char *, enum plot_format *);
const char	*plot_format_ext(enum plot_format);	/* "png" ... */
/* The file-name stem of a day chart ("timeline", "groups", ...). */
const char	*plot_chart_name(enum plot_chart);

/* Draws one chart of one day into path.  -1 with *cause (gnuplot missing,
 * gnuplot's own error text, a file that cannot be written); errno then
 * says which: ENOENT gnuplot or its scripts missing, ECHILD gnuplot
 * failed, any other the file that could not be made.  The same holds for
 * plot_compare_chart. */
/* s is the day's summary, or NULL to have it computed. */
int		 plot_day_chart(const struct timeline *,
		    const struct summary *s, enum plot_chart,
		    enum plot_format, const char *path, char **cause);

/* The comparison across days, grouped by a field (school, head, observer,
 * date or a tag), kept as common/compare.h keeps it: running figures per
 * value, so memory does not grow with the days.  The same figures give
 * the chart, the --compare table and the report's comparison view. */
struct plot_compare;

/* bin_minutes > 0 also keeps the pattern over the day (as compare_new). */
struct plot_compare *plot_compare_new(const char *by_field, int bin_minutes);
/* Adds a day (s its summary, or NULL): 0 when added; 1 when left out for
 * want of the field (a tag the day lacks: counted, see compare_skipped);
 * -1 with *cause (caller frees) when left out because it cannot be
 * compared (a scheme other than the first day's). */
int		 plot_compare_add(struct plot_compare *,
		    const struct timeline *, const struct summary *,
		    char **cause);
/* The days compared (those left out not counted). */
size_t		 plot_compare_days(const struct plot_compare *);
/* The figures compared; they belong to the comparison. */
const struct compare *plot_compare_figures(const struct plot_compare *);
/* Draws the comparison (each value side by side, spread across days). */
int		 plot_compare_chart(const struct plot_compare *,
		    enum plot_format, const char *path, char **cause);
void		 plot_compare_free(struct plot_compare *);

#endif
