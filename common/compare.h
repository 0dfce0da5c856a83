/*
 * The comparison across days (--compare --by=FIELD): for each value of the
 * field, the mean, sample sd, min and max over that value's days of each
 * group's share of observed time, of three day figures and, with bins, of
 * the time in each bin, and the shares across the value's heads.  Easy to
 * get wrong: memory must stay flat in the number of days, so only running
 * sums per value and per head are kept, never the days; and a group with
 * no time on a day still counts that day, as a share of 0.
 */
#ifndef COMPARE_H
#define COMPARE_H

#include <stddef.h>
#include <stdint.h>

#include "err.h"
#include "scheme.h"
#include "stats.h"
#include "summary.h"
#include "timeline.h"

/* Bins of one value's pattern at most (a week of one-minute bins): the
 * union of its days' bins must fit. */
#define COMPARE_MAX_BINS	(7 * 24 * 60)

/* The day figures compared besides the shares. */
enum compare_figure {
	COMPARE_PER_HOUR,	/* episodes per observed hour */
	COMPARE_UNDER9,		/* share of episodes under 9 minutes */
	COMPARE_HEAD_SHARE,	/* share of interactions begun by the head */
	COMPARE_NFIGURES
};

/* A figure over the days of one value.  n counts the days that have the
 * figure; mean, min and max are NAN when n is 0, sd when n is below 2. */
struct compare_result {
	size_t	n;
	double	mean;
	double	sd;		/* sample (n - 1) */
	double	min;
	double	max;
};

struct compare;

/* A comparison by field ("school", "head", "observer", "date" or a tag
 * key); bin_minutes > 0 also averages the pattern over the day in bins of
 * that many minutes (1..1440), 0 does not. */
struct compare	*compare_new(const char *field, int bin_minutes);
void		 compare_free(struct compare *);
/* Compares the shares (and bins) per value of the day's dimension name
 * instead of per group (before the first day; NULL: per group).  Its
 * columns are the scheme's values in order, then COMPARE_OTHER for the
 * values typed beyond them; time with no value is in none.  A first day
 * whose scheme lacks the dimension cannot be compared. */
#define COMPARE_OTHER	"(other)"
void		 compare_by_dimension(struct compare *, const char *name);
const char	*compare_dimension(const struct compare *); /* or NULL */

/* Adds one day; s is its summary, or NULL to have it computed.  Returns 0
 * when the day was added; 1 when it was left out because it has no value
 * for the field (a tag it lacks: counted by compare_skipped); -1 with e
 * (ERR_DATA, the day named in the words: a day has no file here) when it
 * cannot be compared: a scheme other than the first day's, or bins that
 * would span too long. */
int		 compare_add(struct compare *, const struct timeline *,
		    const struct summary *s, struct err *e);

const char	*compare_field(const struct compare *);
int		 compare_bin_minutes(const struct compare *);
size_t		 compare_days(const struct compare *);	/* days added */
size_t		 compare_skipped(const struct compare *); /* left out */
/* The scheme of the days compared; NULL before the first day. */
const struct scheme *compare_scheme(const struct compare *);
/* Groups compared: the scheme's, then alone (0 before the first day); with
 * a dimension, its values and the others. */
size_t		 compare_ngroups(const struct compare *);
/* Name of group g of compare_ngroups ("alone" for the last, or with a
 * dimension its value, COMPARE_OTHER for the last). */
const char	*compare_group_name(const struct compare *, size_t g);
/* The colour ("#rrggbb") of group g: the scheme's, grey for alone; with a
 * dimension, its value's (scheme_value_colour), grey for the others. */
#define COMPARE_GREY	"#bbbbbb"
const char	*compare_group_colour(const struct compare *, size_t g);
/* Bytes the comparison holds, to show it does not grow with days. */
size_t		 compare_bytes(const struct compare *);

/* The values met, in order of first appearance. */
size_t		 compare_nvalues(const struct compare *);
const char	*compare_value(const struct compare *, size_t v);
size_t		 compare_value_days(const struct compare *, size_t v);
/* Share of observed time of group g over the days of value v. */
void		 compare_share(const struct compare *, size_t v, size_t g,
		    struct compare_result *);
/* A day figure over the days of value v that have it (NAN skipped). */
void		 compare_figure(const struct compare *, size_t v,
		    enum compare_figure, struct compare_result *);
/* The bins of value v: the union of its days' bins, in time order. */
size_t		 compare_nbins(const struct compare *, size_t v);
/* Start of bin b of value v, ms since midnight. */
int64_t		 compare_bin_start(const struct compare *, size_t v, size_t b);
/* Mean ms of group g in bin b over the days of value v (a day with no
 * time there counts 0). */
double		 compare_bin_mean_ms(const struct compare *, size_t v,
		    size_t b, size_t g);

/*
 * The share of a group across the heads of a value: its 95% bootstrap
 * interval, the between-head and within-head (day to day) variance and
 * ICC(1), and a permutation test of the value's heads against the other
 * values' heads (each head's mean share is one unit).
 */
struct compare_across {
	size_t			heads;
	double			ci_low;	/* NAN below 2 days */
	double			ci_high;
	struct stats_icc	icc;
	struct stats_test	test;	/* a: this value, b: the others */
};

/* Heads of value v (the same head under two values counts in each). */
size_t		 compare_value_heads(const struct compare *, size_t v);
/* The share of group g of value v across heads, seeded with seed: the
 * same seed gives the same figures on any machine. */
void		 compare_across(const struct compare *, size_t v, size_t g,
		    uint64_t seed, struct compare_across *);
/* The share of group g between the values and within them, each day a
 * unit and each value a group (heads and its days: is it the school or
 * the day?): out->heads counts the values. */
void		 compare_between_values(const struct compare *, size_t g,
		    struct stats_icc *out);

#endif
