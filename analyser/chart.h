/*
 * The charts, drawn with gnuplot: a day's charts by one gnuplot process
 * (one script drawing them all), several days at once on all cores, each
 * set handed back in the order given, so the run's --plot files and the
 * report's inline SVG come from one drawing.  Text from a log reaches
 * gnuplot only inside data files or as quoted strings (gnuplot.h).
 */
#ifndef CHART_H
#define CHART_H

#include <stddef.h>

#include "compare.h"
#include "err.h"
#include "summary.h"
#include "timeline.h"

struct agreement;
struct progress;
struct week;
struct week_workshop;

enum chart_format {
	CHART_PNG,
	CHART_SVG,
	CHART_PDF
};

enum chart_kind {
	CHART_TIMELINE,		/* episodes as coloured bars against clock time */
	CHART_GROUPS,		/* share of observed time per group */
	CHART_PATTERN,		/* stacked bins over the day */
	CHART_LENGTHS,		/* distribution of episode lengths, log scale */
	CHART_INITIATIVE,	/* who began the interactions, per group */
	CHART_TRANSITIONS,	/* group to next group, a heat map */
	CHART_NDAY
};

/* -1 if the name is not png, svg or pdf. */
int		 chart_parse_format(const char *, enum chart_format *);
const char	*chart_format_ext(enum chart_format);	/* "png" ... */
/* The file-name stem of a day chart ("timeline", "groups", ...). */
const char	*chart_name(enum chart_kind);

/* A chart as gnuplot drew it, in memory (NUL-terminated). */
struct chart_image {
	char	*data;
	size_t	 len;
};

/* What a set of charts (a day's, or the comparison: index 0) is for:
 * files at paths in format (NULL: no file), and each chart kept as SVG
 * for the report. */
struct chart_want {
	enum chart_format	 format;
	const char		*paths[CHART_NDAY];
	int			 keep_svg;
};

/* Called once per set, in the order the sets were given: svg the set's
 * charts as SVG (keep_svg; else NULL), or e why the set failed (code
 * ERR_UNAVAILABLE: gnuplot or its scripts missing; ERR_SOFTWARE: gnuplot
 * failed; ERR_CANTCREAT: a file).  Both last only for the call. */
typedef void	 chart_done_fn(void *arg, void *set,
		    const struct chart_image *svg, const struct err *e);

struct chart_queue;

/* progress (may be NULL) is told the days drawn of the days expected. */
struct chart_queue *chart_queue_new(chart_done_fn *, void *arg,
		    struct progress *);
/* The days the run expects (for the progress line); more may come. */
void		 chart_queue_expect(struct chart_queue *, size_t days);
/* Queues a day's charts (s its summary, or NULL to have it computed);
 * the data is taken now, so tl and s may go once this returns. */
void		 chart_queue_day(struct chart_queue *, const struct timeline *,
		    const struct summary *s, const struct chart_want *,
		    void *set);
/* From now on every set not yet started ends with why, undrawn. */
void		 chart_queue_stop(struct chart_queue *, const struct err *why);
/* Draws everything queued, handing back each set. */
void		 chart_queue_wait(struct chart_queue *);
void		 chart_queue_free(struct chart_queue *);

/* Queues the chart of dimension k (scheme index) of a day: the share of
 * the time the dimension codes with each value, as the groups chart is
 * drawn; the set's one chart is named "dimension". */
void		 chart_queue_dimension(struct chart_queue *,
		    const struct timeline *, const struct summary *s,
		    size_t k, const struct chart_want *, void *set);

/* The comparison across days, grouped by a field (school, head, observer,
 * date or a tag), kept as common/compare.h keeps it: running figures per
 * value, so memory does not grow with the days.  The same figures give
 * the chart, the --compare table and the report's comparison view. */
struct chart_compare;

/* bin_minutes > 0 also keeps the pattern over the day (as compare_new). */
struct chart_compare *chart_compare_new(const char *by_field,
		    int bin_minutes);
/* The seed of the chart's bootstrap interval (1 unless set), --compare's. */
void	chart_compare_seed(struct chart_compare *, uint64_t seed);
/* Compares per value of the dimension name instead of per group
 * (compare_by_dimension); before the first day. */
void	chart_compare_by_dimension(struct chart_compare *, const char *name);
/* Adds a day (s its summary, or NULL): 0 when added; 1 when left out for
 * want of the field (a tag the day lacks: counted, see compare_skipped);
 * -1 with e (ERR_DATA, as compare_add) when left out because it cannot be
 * compared (a scheme other than the first day's). */
int		 chart_compare_add(struct chart_compare *,
		    const struct timeline *, const struct summary *,
		    struct err *e);
/* The days compared (those left out not counted). */
size_t		 chart_compare_days(const struct chart_compare *);
/* The figures compared; they belong to the comparison. */
const struct compare *chart_compare_figures(const struct chart_compare *);
/* Queues the comparison chart (each value side by side, spread across
 * days); the figures are taken now. */
void		 chart_queue_compare(struct chart_queue *,
		    const struct chart_compare *, const struct chart_want *,
		    void *set);
void		 chart_compare_free(struct chart_compare *);

/* Draws one chart of one day into path at once.  -1 with e. */
int		 chart_draw_day(const struct timeline *, const struct summary *s,
		    enum chart_kind, enum chart_format, const char *path,
		    struct err *e);
/* Draws the comparison into path at once; -1 with e (ERR_DATA when no
 * day was compared). */
int		 chart_draw_compare(const struct chart_compare *,
		    enum chart_format, const char *path, struct err *e);

/* Draws two observers' timelines one above the other, the seconds they
 * coded differently marked beneath (ag, their agreement): into path in
 * format (NULL: no file), and as SVG into *svg (NULL: not kept; else the
 * caller frees svg->data).  -1 with e. */
int		 chart_draw_agreement(const struct timeline *a,
		    const struct timeline *b, const struct agreement *ag,
		    enum chart_format, const char *path,
		    struct chart_image *svg, struct err *e);

/* A head's week for slides: the days side by side as stacked bars into
 * bars (weekbars.gp) and the pattern over the day, the week's tall and
 * each day's a strip, into pattern (weekpattern.gp); a NULL path is not
 * drawn.  -1 with e. */
int		 chart_draw_week(const struct week *, enum chart_format,
		    const char *bars, const char *pattern, struct err *e);
/* The workshop's heads (labels[h] each one's name or code) likewise:
 * each over all their days as a stacked bar, and each one's pattern over
 * the day on one clock. */
int		 chart_draw_workshop(const struct week_workshop *,
		    const char *const *labels, enum chart_format,
		    const char *bars, const char *pattern, struct err *e);

#endif
