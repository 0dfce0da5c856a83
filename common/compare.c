/*
 * The comparison across days: running figures per value of the --by field
 * and per head within it (Welford's mean and sum of squares, min and max;
 * sums of ms per bin), never a list of days, so thousands of days take
 * the memory of a few.  Easy to get wrong: a value's days count every
 * group, the absent ones as a share of 0, while a day figure that is
 * missing (NAN) is skipped.
 */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "compare.h"
#include "err.h"
#include "hash.h"
#include "scheme.h"
#include "stats.h"
#include "summary.h"
#include "text.h"
#include "timeline.h"
#include "xmalloc.h"

#define COMPARE_SHOW_MAX	64	/* bytes of a name in a message */

/* A figure over days, kept as it goes (Welford). */
struct compare_stat {
	size_t	n;
	double	mean;
	double	m2;		/* sum of squared deviations from the mean */
	double	min;
	double	max;
};

/* One head's days within a value: what the statistics across heads need,
 * per head, never per day. */
struct compare_head {
	size_t			 head;		/* in compare's heads */
	struct compare_stat	*shares;	/* [ngroups]; owned */
};

struct compare_value {
	char			*name;		/* owned */
	size_t			 days;
	struct compare_stat	*shares;	/* [ngroups]; owned */
	struct compare_head	*heads;		/* owned */
	size_t			 nheads;
	size_t			 heads_size;
	struct compare_stat	 figures[COMPARE_NFIGURES];
	int64_t			 bin_first;	/* first bin's start / width */
	size_t			 nbins;
	int64_t			*bin_ms;	/* [nbins * ngroups]; owned */
};

struct compare {
	char			*field;		/* owned */
	int			 minutes;	/* bin width; 0 for none */
	char			*dimension;	/* per its values instead of
						   per group; NULL: groups */
	size_t			 dim;		/* its scheme index */
	struct scheme		*scheme;	/* the first day's; owned */
	char			*first;		/* the first day, in words */
	size_t			 ngroups;	/* scheme groups and alone, or
						   the dimension's values and
						   the others */
	size_t			 days;
	size_t			 skipped;
	struct compare_value	*values;	/* in order first met */
	size_t			 nvalues;
	size_t			 values_size;
	struct hash		 index;		/* of values, by name */
	char			**heads;	/* the heads met; owned */
	size_t			 nheads;
	size_t			 heads_size;
	struct hash		 head_index;	/* of heads, by name */
};

/* ---- running figures ---- */

static void
compare_stat_add(struct compare_stat *st, double x)
{
	double	d;

	if (!isfinite(x))
		return;
	st->n++;
	if (st->n == 1) {
		st->mean = st->min = st->max = x;
		st->m2 = 0;
		return;
	}
	d = x - st->mean;
	st->mean += d / (double)st->n;
	st->m2 += d * (x - st->mean);
	if (x < st->min)
		st->min = x;
	if (x > st->max)
		st->max = x;
}

static void
compare_stat_result(const struct compare_stat *st, struct compare_result *r)
{
	r->n = st->n;
	r->mean = r->sd = r->min = r->max = NAN;
	if (st->n == 0)
		return;
	r->mean = st->mean;
	r->min = st->min;
	r->max = st->max;
	if (st->n > 1)
		r->sd = sqrt((st->m2 > 0 ? st->m2 : 0) / (double)(st->n - 1));
}

/* ---- values ---- */

/* A name looked up among the values. */
struct compare_lookup {
	const struct compare	*c;
	const char		*name;
};

/* Whether value v is called the name looked up. */
static int
compare_match(void *arg, size_t v)
{
	const struct compare_lookup	*l = arg;

	return strcmp(l->c->values[v].name, l->name) == 0;
}

/* Index of the value called name, or SIZE_MAX if not met yet. */
static size_t
compare_find(const struct compare *c, const char *name)
{
	struct compare_lookup	l = { c, name };

	return hash_find(&c->index, hash_string(name), compare_match, &l);
}

/* Adds a value with no days yet; returns its index. */
static size_t
compare_insert(struct compare *c, const char *name)
{
	struct compare_value	*cv;

	if (c->nvalues == c->values_size) {
		c->values_size = c->values_size == 0 ? 8 : c->values_size * 2;
		c->values = xreallocarray(c->values, c->values_size,
		    sizeof *c->values);
	}
	cv = &c->values[c->nvalues];
	memset(cv, 0, sizeof *cv);
	cv->name = xstrdup(name);
	cv->shares = xcalloc(c->ngroups, sizeof *cv->shares);
	hash_add(&c->index, hash_string(name), c->nvalues);
	return c->nvalues++;
}

/* ---- heads ---- */

/* Whether head h is called the name looked up. */
static int
compare_match_head(void *arg, size_t h)
{
	const struct compare_lookup	*l = arg;

	return strcmp(l->c->heads[h], l->name) == 0;
}

/* Index of the head called name, added if not met yet. */
static size_t
compare_head_index(struct compare *c, const char *name)
{
	struct compare_lookup	l = { c, name };
	size_t			h;

	h = hash_find(&c->head_index, hash_string(name), compare_match_head,
	    &l);
	if (h != SIZE_MAX)
		return h;
	if (c->nheads == c->heads_size) {
		c->heads_size = c->heads_size == 0 ? 8 : c->heads_size * 2;
		c->heads = xreallocarray(c->heads, c->heads_size,
		    sizeof *c->heads);
	}
	c->heads[c->nheads] = xstrdup(name);
	hash_add(&c->head_index, hash_string(name), c->nheads);
	return c->nheads++;
}

/* Value cv's figures of head h, added if it has none yet. */
static struct compare_head *
compare_value_head(struct compare *c, struct compare_value *cv, size_t h)
{
	struct compare_head	*ch;
	size_t			 i;

	for (i = 0; i < cv->nheads; i++)
		if (cv->heads[i].head == h)
			return &cv->heads[i];
	if (cv->nheads == cv->heads_size) {
		cv->heads_size = cv->heads_size == 0 ? 2 : cv->heads_size * 2;
		cv->heads = xreallocarray(cv->heads, cv->heads_size,
		    sizeof *cv->heads);
	}
	ch = &cv->heads[cv->nheads++];
	ch->head = h;
	ch->shares = xcalloc(c->ngroups, sizeof *ch->shares);
	return ch;
}

/* ---- days ---- */

/* "DATE (school, head)" of a day for a message, made safe; caller frees. */
static char *
compare_day_name(const struct timeline *tl)
{
	char	*school, *head, *date, *out;

	school = text_show(tl->school, strlen(tl->school), COMPARE_SHOW_MAX);
	head = text_show(tl->head, strlen(tl->head), COMPARE_SHOW_MAX);
	date = text_show(tl->date, strlen(tl->date), COMPARE_SHOW_MAX);
	out = xasprintf("%s (school \"%s\", head \"%s\")", date, school,
	    head);
	free(school);
	free(head);
	free(date);
	return out;
}

static int64_t
compare_floor_div(int64_t a, int64_t b)
{
	int64_t	q = a / b;

	if (a % b != 0 && (a < 0) != (b < 0))
		q--;
	return q;
}

/*
 * The bins a day covers, [*lo, *hi) in bin widths, and a check that they
 * and the union with value v's (SIZE_MAX: none yet) stay within
 * COMPARE_MAX_BINS.  A day with no span covers none (*lo == *hi).
 */
static int
compare_day_bins(const struct compare *c, size_t v, const struct timeline *tl,
    int64_t *lo, int64_t *hi, struct err *e)
{
	const struct compare_value	*cv;
	int64_t				 w = (int64_t)c->minutes * 60000;
	int64_t				 a, b;
	char				*day;

	*lo = *hi = 0;
	if (tl->end <= tl->begin)
		return 0;
	*lo = compare_floor_div(tl->begin, w);
	*hi = compare_floor_div(tl->end - 1, w) + 1;
	a = *lo;
	b = *hi;
	if (v != SIZE_MAX && (cv = &c->values[v])->nbins > 0) {
		if (cv->bin_first < a)
			a = cv->bin_first;
		if (cv->bin_first + (int64_t)cv->nbins > b)
			b = cv->bin_first + (int64_t)cv->nbins;
	}
	if (b - a <= COMPARE_MAX_BINS)
		return 0;
	day = compare_day_name(tl);
	err_set(e, ERR_DATA, "%s: the pattern over the day would need more "
	    "than %d bins of %d minutes with the other days of this value",
	    day, COMPARE_MAX_BINS, c->minutes);
	free(day);
	return -1;
}

/* Widens value cv's bins to cover [lo, hi), keeping the sums so far. */
static void
compare_bins_widen(struct compare_value *cv, size_t ng, int64_t lo,
    int64_t hi)
{
	int64_t	*ms, first = cv->bin_first, last;
	size_t	 n;

	if (lo == hi)
		return;
	if (cv->nbins == 0) {
		cv->bin_first = lo;
		cv->nbins = (size_t)(hi - lo);
		cv->bin_ms = xreallocarray(NULL, cv->nbins, ng * sizeof *ms);
		memset(cv->bin_ms, 0, cv->nbins * ng * sizeof *ms);
		return;
	}
	last = first + (int64_t)cv->nbins;
	if (lo >= first && hi <= last)
		return;
	if (lo > first)
		lo = first;
	if (hi < last)
		hi = last;
	n = (size_t)(hi - lo);
	ms = xreallocarray(NULL, n, ng * sizeof *ms);
	memset(ms, 0, n * ng * sizeof *ms);
	memcpy(ms + (size_t)(first - lo) * ng, cv->bin_ms,
	    cv->nbins * ng * sizeof *ms);
	free(cv->bin_ms);
	cv->bin_ms = ms;
	cv->bin_first = lo;
	cv->nbins = n;
}

/* The column of a value of the dimension: its place in the scheme's list,
 * the last (the others) for one typed beyond it. */
static size_t
compare_dim_column(const struct compare *c, const char *v, size_t len)
{
	return scheme_dim_value_index(&c->scheme->dims[c->dim], v, len);
}

/* Adds the day's time per bin and value of the dimension to value cv. */
static void
compare_add_dim_bins(struct compare *c, struct compare_value *cv,
    const struct timeline *tl)
{
	struct summary_dim_bin	*bins;
	int64_t			 w = (int64_t)c->minutes * 60000;
	size_t			 n, i, b, g;

	bins = summary_dim_bins(tl, c->dim, c->minutes, &n);
	for (i = 0; i < n; i++) {
		b = (size_t)(compare_floor_div(bins[i].start, w) -
		    cv->bin_first);
		g = compare_dim_column(c, bins[i].value, bins[i].value_len);
		if (b < cv->nbins && g < c->ngroups)
			cv->bin_ms[b * c->ngroups + g] += bins[i].ms;
	}
	free(bins);
}

/* Adds the day's time per bin and group to value cv. */
static void
compare_add_bins(struct compare *c, struct compare_value *cv,
    const struct timeline *tl, int64_t lo, int64_t hi)
{
	struct summary_bin	*bins;
	int64_t			 w = (int64_t)c->minutes * 60000;
	size_t			 n, i, b, g;

	compare_bins_widen(cv, c->ngroups, lo, hi);
	if (c->dimension != NULL) {
		compare_add_dim_bins(c, cv, tl);
		return;
	}
	bins = summary_bins(tl, c->minutes, &n);
	for (i = 0; i < n; i++) {
		b = (size_t)(compare_floor_div(bins[i].start, w) -
		    cv->bin_first);
		g = bins[i].group < 0 ? c->ngroups - 1 : (size_t)bins[i].group;
		if (b < cv->nbins && g < c->ngroups)
			cv->bin_ms[b * c->ngroups + g] += bins[i].ms;
	}
	free(bins);
}

/* The day's share of observed time per column: each group's, or each
 * value's of the dimension (the others' summed), in share[ngroups]. */
static void
compare_day_shares(const struct compare *c, const struct timeline *tl,
    const struct summary *s, double *share)
{
	struct summary_dim_row	*r;
	size_t			 n, i, g;

	for (g = 0; g < c->ngroups; g++)
		share[g] = c->dimension == NULL && g < s->ngroups ?
		    s->groups[g].share : 0;
	if (c->dimension == NULL)
		return;
	r = summary_dims(tl, &n);
	for (i = 0; i < n; i++) {
		if (r[i].dim == c->dim && r[i].group == SUMMARY_ALL)
			share[compare_dim_column(c, r[i].value,
			    r[i].value_len)] += r[i].share;
	}
	free(r);
}

/* Adds the day's shares (also to its head's) and figures to value cv. */
static void
compare_add_figures(struct compare *c, struct compare_value *cv,
    struct compare_head *ch, const struct timeline *tl,
    const struct summary *s)
{
	size_t	g;
	double	*share;

	share = xcalloc(c->ngroups, sizeof *share);
	compare_day_shares(c, tl, s, share);
	for (g = 0; g < c->ngroups; g++) {
		compare_stat_add(&cv->shares[g], share[g]);
		compare_stat_add(&ch->shares[g], share[g]);
	}
	free(share);
	compare_stat_add(&cv->figures[COMPARE_PER_HOUR],
	    s->observed_ms > 0 ? s->per_hour : NAN);
	compare_stat_add(&cv->figures[COMPARE_UNDER9],
	    s->episodes > 0 ? s->under9 : NAN);
	compare_stat_add(&cv->figures[COMPARE_HEAD_SHARE],
	    s->interactions > 0 ? s->head_share : NAN);
}

/* Checks that the day uses the first day's scheme. */
static int
compare_check_scheme(const struct compare *c, const struct timeline *tl,
    struct err *e)
{
	char	*day;

	if (c->scheme == NULL || scheme_equal(c->scheme, tl->scheme))
		return 0;
	day = compare_day_name(tl);
	err_set(e, ERR_DATA, "%s: not the coding scheme of the first day "
	    "compared, %s; every day compared must use the same scheme", day,
	    c->first);
	free(day);
	return -1;
}

/* Takes the first day's scheme, and the dimension's index in it. */
static int
compare_first_scheme(struct compare *c, const struct timeline *tl,
    struct err *e)
{
	char	*day;
	int	 k = 0;

	if (c->dimension != NULL && (k = scheme_find_dim(tl->scheme,
	    c->dimension, strlen(c->dimension))) < 0) {
		day = compare_day_name(tl);
		err_set(e, ERR_DATA, "%s: the day's scheme has no dimension %s",
		    day, c->dimension);
		free(day);
		return -1;
	}
	c->scheme = scheme_copy(tl->scheme);
	c->dim = (size_t)k;
	c->ngroups = c->dimension != NULL ?
	    c->scheme->dims[k].nvalues + 1 : c->scheme->ngroups + 1;
	return 0;
}

/* ---- the comparison ---- */

struct compare *
compare_new(const char *field, int bin_minutes)
{
	struct compare	*c;

	c = xcalloc(1, sizeof *c);
	c->field = xstrdup(field);
	c->minutes = bin_minutes > 0 ? bin_minutes : 0;
	return c;
}

void
compare_by_dimension(struct compare *c, const char *name)
{
	free(c->dimension);
	c->dimension = name != NULL ? xstrdup(name) : NULL;
}

const char *
compare_dimension(const struct compare *c)
{
	return c->dimension;
}

void
compare_free(struct compare *c)
{
	size_t	v, h;

	if (c == NULL)
		return;
	for (v = 0; v < c->nvalues; v++) {
		for (h = 0; h < c->values[v].nheads; h++)
			free(c->values[v].heads[h].shares);
		free(c->values[v].heads);
		free(c->values[v].name);
		free(c->values[v].shares);
		free(c->values[v].bin_ms);
	}
	free(c->values);
	hash_free(&c->index);
	for (h = 0; h < c->nheads; h++)
		free(c->heads[h]);
	free(c->heads);
	hash_free(&c->head_index);
	scheme_free(c->scheme);
	free(c->first);
	free(c->field);
	free(c->dimension);
	free(c);
}

int
compare_add(struct compare *c, const struct timeline *tl,
    const struct summary *s, struct err *e)
{
	struct summary		 own;
	struct compare_head	*ch;
	const char		*name;
	int64_t			 lo = 0, hi = 0;
	size_t			 v;

	if ((name = timeline_field(tl, c->field)) == NULL) {
		c->skipped++;
		return 1;
	}
	if (compare_check_scheme(c, tl, e) != 0)
		return -1;
	v = compare_find(c, name);
	if (c->minutes > 0 &&
	    compare_day_bins(c, v, tl, &lo, &hi, e) != 0)
		return -1;
	if (c->scheme == NULL) {
		if (compare_first_scheme(c, tl, e) != 0)
			return -1;
		c->first = compare_day_name(tl);
	}
	if (v == SIZE_MAX)
		v = compare_insert(c, name);
	ch = compare_value_head(c, &c->values[v],
	    compare_head_index(c, tl->head));
	compare_add_figures(c, &c->values[v], ch, tl, summary_given(tl, s,
	    SUMMARY_GROUPS, &own));
	summary_free(&own);
	if (c->minutes > 0)
		compare_add_bins(c, &c->values[v], tl, lo, hi);
	c->values[v].days++;
	c->days++;
	return 0;
}

/* ---- what it holds ---- */

const char *
compare_field(const struct compare *c)
{
	return c->field;
}

int
compare_bin_minutes(const struct compare *c)
{
	return c->minutes;
}

size_t
compare_days(const struct compare *c)
{
	return c->days;
}

size_t
compare_skipped(const struct compare *c)
{
	return c->skipped;
}

const struct scheme *
compare_scheme(const struct compare *c)
{
	return c->scheme;
}

size_t
compare_ngroups(const struct compare *c)
{
	return c->ngroups;
}

const char *
compare_group_name(const struct compare *c, size_t g)
{
	if (c->scheme != NULL && c->dimension != NULL)
		return g < c->scheme->dims[c->dim].nvalues ?
		    c->scheme->dims[c->dim].values[g] : COMPARE_OTHER;
	if (c->scheme == NULL || g >= c->scheme->ngroups)
		return SCHEME_ALONE;
	return c->scheme->groups[g].name;
}

const char *
compare_group_colour(const struct compare *c, size_t g)
{
	if (c->scheme != NULL && c->dimension != NULL)
		return g < c->scheme->dims[c->dim].nvalues ?
		    scheme_value_colour(g) : COMPARE_GREY;
	if (c->scheme == NULL || g >= c->scheme->ngroups)
		return COMPARE_GREY;
	return c->scheme->groups[g].colour;
}

size_t
compare_bytes(const struct compare *c)
{
	const struct compare_value	*cv;
	size_t				 n, v, h;

	n = sizeof *c + strlen(c->field) + 1 + c->values_size * sizeof *cv +
	    hash_bytes(&c->index) + c->heads_size * sizeof *c->heads +
	    hash_bytes(&c->head_index);
	for (h = 0; h < c->nheads; h++)
		n += strlen(c->heads[h]) + 1;
	if (c->first != NULL)
		n += strlen(c->first) + 1;
	for (v = 0; v < c->nvalues; v++) {
		cv = &c->values[v];
		n += strlen(cv->name) + 1 + c->ngroups * sizeof *cv->shares +
		    cv->nbins * c->ngroups * sizeof *cv->bin_ms +
		    cv->heads_size * sizeof *cv->heads +
		    cv->nheads * c->ngroups * sizeof *cv->heads->shares;
	}
	return n;
}

size_t
compare_nvalues(const struct compare *c)
{
	return c->nvalues;
}

const char *
compare_value(const struct compare *c, size_t v)
{
	return c->values[v].name;
}

size_t
compare_value_days(const struct compare *c, size_t v)
{
	return c->values[v].days;
}

void
compare_share(const struct compare *c, size_t v, size_t g,
    struct compare_result *r)
{
	compare_stat_result(&c->values[v].shares[g], r);
}

void
compare_figure(const struct compare *c, size_t v, enum compare_figure fig,
    struct compare_result *r)
{
	compare_stat_result(&c->values[v].figures[fig], r);
}

size_t
compare_nbins(const struct compare *c, size_t v)
{
	return c->values[v].nbins;
}

int64_t
compare_bin_start(const struct compare *c, size_t v, size_t b)
{
	return (c->values[v].bin_first + (int64_t)b) *
	    (int64_t)c->minutes * 60000;
}

double
compare_bin_mean_ms(const struct compare *c, size_t v, size_t b, size_t g)
{
	const struct compare_value	*cv = &c->values[v];

	if (cv->days == 0 || b >= cv->nbins || g >= c->ngroups)
		return NAN;
	return (double)cv->bin_ms[b * c->ngroups + g] / (double)cv->days;
}

/* ---- across heads ---- */

/* The days of value v's heads in group g, a cluster per head. */
static void
compare_clusters(const struct compare *c, size_t v, size_t g,
    struct stats_cluster *cl)
{
	const struct compare_value	*cv = &c->values[v];
	const struct compare_stat	*st;
	size_t				 h;

	for (h = 0; h < cv->nheads; h++) {
		st = &cv->heads[h].shares[g];
		cl[h].n = st->n;
		cl[h].mean = st->mean;
		cl[h].m2 = st->m2;
	}
}

/* The mean share in group g of each head of value v (in a) and of each
 * head of every other value (in b); a and b are the caller's. */
static void
compare_head_means(const struct compare *c, size_t v, size_t g, double **a,
    size_t *na, double **b, size_t *nb)
{
	size_t	w, h, n = 0;

	for (w = 0; w < c->nvalues; w++)
		n += c->values[w].nheads;
	*na = c->values[v].nheads;
	*nb = n - *na;
	*a = xreallocarray(NULL, *na + 1, sizeof **a);
	*b = xreallocarray(NULL, *nb + 1, sizeof **b);
	for (w = 0, n = 0; w < c->nvalues; w++)
		for (h = 0; h < c->values[w].nheads; h++) {
			if (w == v)
				(*a)[h] = c->values[w].heads[h].shares[g].mean;
			else
				(*b)[n++] = c->values[w].heads[h].shares[g].mean;
		}
}

size_t
compare_value_heads(const struct compare *c, size_t v)
{
	return c->values[v].nheads;
}

void
compare_across(const struct compare *c, size_t v, size_t g, uint64_t seed,
    struct compare_across *out)
{
	struct stats_cluster	*cl;
	double			*a, *b;
	size_t			 na, nb, nh = c->values[v].nheads;
	uint64_t		 key = (uint64_t)v * c->ngroups + g;

	memset(out, 0, sizeof *out);
	out->heads = nh;
	cl = xreallocarray(NULL, nh + 1, sizeof *cl);
	compare_clusters(c, v, g, cl);
	stats_icc(cl, nh, &out->icc);
	stats_bootstrap(cl, nh, stats_stream(seed, 2 * key), &out->ci_low,
	    &out->ci_high);
	free(cl);
	compare_head_means(c, v, g, &a, &na, &b, &nb);
	stats_permutation(a, na, b, nb, stats_stream(seed, 2 * key + 1),
	    &out->test);
	free(a);
	free(b);
}

void
compare_between_values(const struct compare *c, size_t g,
    struct stats_icc *out)
{
	struct stats_cluster	*cl;
	size_t			 v;

	cl = xreallocarray(NULL, c->nvalues + 1, sizeof *cl);
	for (v = 0; v < c->nvalues; v++) {
		cl[v].n = c->values[v].shares[g].n;
		cl[v].mean = c->values[v].shares[g].mean;
		cl[v].m2 = c->values[v].shares[g].m2;
	}
	stats_icc(cl, c->nvalues, out);
	free(cl);
}
