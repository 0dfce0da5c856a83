/*
 * Patterns among days or heads by k-means on z-scores (MacQueen 1967;
 * k-means++ starts, Arthur and Vassilvitskii 2007) and K by the mean
 * silhouette (Rousseeuw 1987).  Easy to get wrong: every choice that could
 * go either way (ties, empty clusters, a figure a day lacks) is settled
 * one fixed way, so the same days and seed give the same patterns.
 */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "err.h"
#include "patterns.h"
#include "scheme.h"
#include "stats.h"
#include "summary.h"
#include "text.h"
#include "timeline.h"
#include "xmalloc.h"

#define PATTERNS_SHOW_MAX	64	/* bytes of a name in a message */

struct patterns_item {
	char	*school;	/* owned; the first day's */
	char	*head;		/* owned */
	char	*date;		/* owned; the first day's */
	size_t	 days;
	double	*sum;		/* [nf] sums of the figures the days have */
	size_t	*n;		/* [nf] how many days have each */
};

struct patterns {
	int			 by_head;
	struct scheme		*scheme;	/* the first day's; owned */
	size_t			 nf;		/* groups, alone, figures */
	struct patterns_item	*items;
	size_t			 nitems;
	size_t			 size;
	/* the fit */
	size_t			 k;
	int			 chosen;
	double			 silhouette;
	size_t			*label;		/* [nitems] */
	double			*sil;		/* [nitems] */
	double			*centre_z;	/* [k * nf] */
};

static const char *const patterns_figure_words[PATTERNS_NFIGURES] = {
	"episodes per hour", "episodes under 5 minutes",
	"interactions begun by the head"
};

/* ---- the items ---- */

struct patterns *
patterns_new(int by_head)
{
	struct patterns	*p = xcalloc(1, sizeof *p);

	p->by_head = by_head;
	return p;
}

void
patterns_free(struct patterns *p)
{
	size_t	i;

	if (p == NULL)
		return;
	for (i = 0; i < p->nitems; i++) {
		free(p->items[i].school);
		free(p->items[i].head);
		free(p->items[i].date);
		free(p->items[i].sum);
		free(p->items[i].n);
	}
	free(p->items);
	scheme_free(p->scheme);
	free(p->label);
	free(p->sil);
	free(p->centre_z);
	free(p);
}

/* The item the day belongs to: its head's, or a new one. */
static struct patterns_item *
patterns_item(struct patterns *p, const struct timeline *tl)
{
	struct patterns_item	*it;
	size_t			 i;

	if (p->by_head)
		for (i = 0; i < p->nitems; i++)
			if (strcmp(p->items[i].head, tl->head) == 0)
				return &p->items[i];
	if (p->nitems == p->size) {
		p->size = p->size == 0 ? 16 : p->size * 2;
		p->items = xreallocarray(p->items, p->size, sizeof *p->items);
	}
	it = &p->items[p->nitems++];
	memset(it, 0, sizeof *it);
	it->school = xstrdup(tl->school);
	it->head = xstrdup(tl->head);
	it->date = xstrdup(tl->date);
	it->sum = xcalloc(p->nf, sizeof *it->sum);
	it->n = xcalloc(p->nf, sizeof *it->n);
	return it;
}

/* Adds x to feature f of the item unless it is missing. */
static void
patterns_put(struct patterns_item *it, size_t f, double x)
{
	if (isnan(x))
		return;
	it->sum[f] += x;
	it->n[f]++;
}

/* Why a day of another scheme is refused, its names made safe; caller
 * frees. */
static char *
patterns_other_scheme(const struct timeline *tl)
{
	char	*date, *head, *out;

	date = text_show(tl->date, strlen(tl->date), PATTERNS_SHOW_MAX);
	head = text_show(tl->head, strlen(tl->head), PATTERNS_SHOW_MAX);
	out = xasprintf("%s (head \"%s\"): not the coding scheme of the first "
	    "day; every day grouped into patterns must use the same scheme",
	    date, head);
	free(date);
	free(head);
	return out;
}

int
patterns_add(struct patterns *p, const struct timeline *tl,
    const struct summary *given, struct err *e)
{
	struct patterns_item	*it;
	struct summary		 own;
	const struct summary	*s;
	char			*msg;
	size_t			 g, ng;

	if (p->scheme == NULL) {
		p->scheme = scheme_copy(tl->scheme);
		p->nf = p->scheme->ngroups + 1 + PATTERNS_NFIGURES;
	} else if (!scheme_equal(p->scheme, tl->scheme)) {
		msg = patterns_other_scheme(tl);
		err_set(e, ERR_DATA, "%s", msg);
		free(msg);
		return -1;
	}
	ng = p->scheme->ngroups + 1;
	it = patterns_item(p, tl);
	s = summary_given(tl, given, SUMMARY_GROUPS, &own);
	for (g = 0; g < ng; g++)
		patterns_put(it, g, g < s->ngroups ? s->groups[g].share : 0);
	patterns_put(it, ng + PATTERNS_PER_HOUR,
	    s->observed_ms > 0 ? s->per_hour : NAN);
	patterns_put(it, ng + PATTERNS_UNDER5, s->episodes > 0 ? s->under5 :
	    NAN);
	patterns_put(it, ng + PATTERNS_HEAD_SHARE, s->interactions > 0 ?
	    s->head_share : NAN);
	summary_free(&own);
	it->days++;
	return 0;
}

/* Feature f of item i as measured (its days' mean), NAN if none has it. */
static double
patterns_raw(const struct patterns *p, size_t i, size_t f)
{
	const struct patterns_item	*it = &p->items[i];

	return it->n[f] > 0 ? it->sum[f] / (double)it->n[f] : NAN;
}

/* ---- k-means ---- */

/* The items in z-scores, [n * nf]: a missing figure is the mean (0), a
 * figure every item has alike is 0; caller frees. */
static double *
patterns_standardise(const struct patterns *p)
{
	double	*z, x, mean, ss, sd;
	size_t	 n = p->nitems, i, f, m;

	z = xcalloc(n * p->nf + 1, sizeof *z);
	for (f = 0; f < p->nf; f++) {
		mean = ss = 0;
		for (m = 0, i = 0; i < n; i++)
			if (!isnan(x = patterns_raw(p, i, f))) {
				mean += x;
				m++;
			}
		if (m == 0)
			continue;
		mean /= (double)m;
		for (i = 0; i < n; i++)
			if (!isnan(x = patterns_raw(p, i, f)))
				ss += (x - mean) * (x - mean);
		sd = sqrt(ss / (double)m);
		for (i = 0; i < n; i++)
			if (!isnan(x = patterns_raw(p, i, f)) && sd > 0)
				z[i * p->nf + f] = (x - mean) / sd;
	}
	return z;
}

static double
patterns_dist2(const double *a, const double *b, size_t nf)
{
	double	d = 0;
	size_t	f;

	for (f = 0; f < nf; f++)
		d += (a[f] - b[f]) * (a[f] - b[f]);
	return d;
}

/* k-means++: the first centre uniform, each next drawn in proportion to
 * the squared distance to the nearest centre so far. */
static void
patterns_seed_centres(const double *z, size_t n, size_t nf, size_t k,
    struct stats_rng *r, double *centre)
{
	double	*d2, sum, u, d;
	size_t	 c, i, j, pick;

	d2 = xreallocarray(NULL, n, sizeof *d2);
	pick = stats_rng_below(r, n);
	memcpy(centre, z + pick * nf, nf * sizeof *centre);
	for (i = 0; i < n; i++)
		d2[i] = patterns_dist2(z + i * nf, centre, nf);
	for (c = 1; c < k; c++) {
		for (sum = 0, i = 0; i < n; i++)
			sum += d2[i];
		u = stats_rng_uniform(r) * sum;
		pick = stats_rng_below(r, n);	/* drawn always: one order */
		for (i = 0; sum > 0 && i < n; i++)
			if ((u -= d2[i]) < 0 || i == n - 1) {
				pick = i;
				break;
			}
		memcpy(centre + c * nf, z + pick * nf, nf * sizeof *centre);
		for (j = 0; j < n; j++) {
			d = patterns_dist2(z + j * nf, centre + c * nf, nf);
			if (d < d2[j])
				d2[j] = d;
		}
	}
	free(d2);
}

/* Assigns each item to its nearest centre (the first of ties); returns
 * how many changed, and the sum of squared distances in *inertia. */
static size_t
patterns_assign(const double *z, size_t n, size_t nf, size_t k,
    const double *centre, size_t *label, double *inertia)
{
	double	best, d;
	size_t	i, c, to, changed = 0;

	*inertia = 0;
	for (i = 0; i < n; i++) {
		best = INFINITY;
		to = 0;
		for (c = 0; c < k; c++)
			if ((d = patterns_dist2(z + i * nf, centre + c * nf,
			    nf)) < best) {
				best = d;
				to = c;
			}
		changed += label[i] != to;
		label[i] = to;
		*inertia += best;
	}
	return changed;
}

/* Moves each centre to its items' mean; an empty one stays put. */
static void
patterns_move(const double *z, size_t n, size_t nf, size_t k,
    const size_t *label, double *centre)
{
	size_t	*count, i, c, f;

	count = xcalloc(k, sizeof *count);
	for (i = 0; i < n; i++)
		count[label[i]]++;
	for (c = 0; c < k; c++)
		if (count[c] > 0)
			memset(centre + c * nf, 0, nf * sizeof *centre);
	for (i = 0; i < n; i++)
		for (f = 0; f < nf; f++)
			centre[label[i] * nf + f] += z[i * nf + f] /
			    (double)count[label[i]];
	free(count);
}

/* The best of PATTERNS_RESTARTS runs of Lloyd's k-means (the first of
 * equal inertia) into label; returns its inertia. */
static double
patterns_kmeans(const double *z, size_t n, size_t nf, size_t k,
    uint64_t seed, size_t *label)
{
	struct stats_rng	 r;
	double			*centre, inertia, best = INFINITY;
	size_t			*try, run, step, i;

	centre = xreallocarray(NULL, k * nf, sizeof *centre);
	try = xreallocarray(NULL, n, sizeof *try);
	stats_rng_seed(&r, seed);
	for (run = 0; run < PATTERNS_RESTARTS; run++) {
		patterns_seed_centres(z, n, nf, k, &r, centre);
		for (i = 0; i < n; i++)
			try[i] = SIZE_MAX;
		for (step = 0; step < PATTERNS_ITERATIONS; step++) {
			if (patterns_assign(z, n, nf, k, centre, try,
			    &inertia) == 0)
				break;
			patterns_move(z, n, nf, k, try, centre);
		}
		patterns_assign(z, n, nf, k, centre, try, &inertia);
		if (inertia < best) {
			best = inertia;
			memcpy(label, try, n * sizeof *label);
		}
	}
	free(try);
	free(centre);
	return best;
}

/* Numbers the patterns in the order of their first item. */
static void
patterns_renumber(size_t *label, size_t n, size_t k)
{
	size_t	*to, i, next = 0;

	to = xreallocarray(NULL, k, sizeof *to);
	for (i = 0; i < k; i++)
		to[i] = SIZE_MAX;
	for (i = 0; i < n; i++) {
		if (to[label[i]] == SIZE_MAX)
			to[label[i]] = next++;
		label[i] = to[label[i]];
	}
	free(to);
}

/* ---- silhouette ---- */

/* Each item's silhouette (0 alone in its pattern) into sil; returns the
 * mean. */
static double
patterns_silhouettes(const double *z, size_t n, size_t nf, size_t k,
    const size_t *label, double *sil)
{
	double	*mean, a, b, total = 0;
	size_t	*count, i, j, c;

	mean = xreallocarray(NULL, k, sizeof *mean);
	count = xcalloc(k, sizeof *count);
	for (i = 0; i < n; i++)
		count[label[i]]++;
	for (i = 0; i < n; i++) {
		memset(mean, 0, k * sizeof *mean);
		for (j = 0; j < n; j++)
			if (j != i)
				mean[label[j]] += sqrt(patterns_dist2(z + i * nf,
				    z + j * nf, nf));
		sil[i] = 0;
		if (count[label[i]] > 1) {
			a = mean[label[i]] / (double)(count[label[i]] - 1);
			b = INFINITY;
			for (c = 0; c < k; c++)
				if (c != label[i] && count[c] > 0 &&
				    mean[c] / (double)count[c] < b)
					b = mean[c] / (double)count[c];
			if (isfinite(b) && (a > 0 || b > 0))
				sil[i] = (b - a) / (a > b ? a : b);
		}
		total += sil[i];
	}
	free(count);
	free(mean);
	return total / (double)n;
}

/* ---- the fit ---- */

/* Fits k patterns to z; the mean silhouette, labels in p->label. */
static double
patterns_fit_k(struct patterns *p, const double *z, size_t k, uint64_t seed)
{
	patterns_kmeans(z, p->nitems, p->nf, k, stats_stream(seed, k),
	    p->label);
	patterns_renumber(p->label, p->nitems, k);
	return patterns_silhouettes(z, p->nitems, p->nf, k, p->label, p->sil);
}

/* The centres in z-scores of the fit. */
static void
patterns_centres(struct patterns *p, const double *z)
{
	size_t	i, f, c;

	free(p->centre_z);
	p->centre_z = xcalloc(p->k * p->nf, sizeof *p->centre_z);
	for (i = 0; i < p->nitems; i++)
		for (f = 0; f < p->nf; f++)
			p->centre_z[p->label[i] * p->nf + f] += z[i * p->nf + f];
	for (c = 0; c < p->k; c++)
		for (f = 0; f < p->nf; f++)
			p->centre_z[c * p->nf + f] /= (double)patterns_size(p, c);
}

int
patterns_fit(struct patterns *p, int k, uint64_t seed, struct err *e)
{
	double	*z, s, best = -INFINITY;
	size_t	 n = p->nitems, kk, top, pick = 0;
	const char *what = p->by_head ? "heads" : "days";

	if (k > 0 && (size_t)k >= n)
		return err_set(e, ERR_DATA, "--patterns=%d needs more than %d "
		    "%s, not %zu", k, k, what, n);
	if (n < 3)
		return err_set(e, ERR_DATA, "--patterns needs at least 3 %s, "
		    "not %zu", what, n);
	z = patterns_standardise(p);
	p->label = xreallocarray(p->label, n, sizeof *p->label);
	p->sil = xreallocarray(p->sil, n, sizeof *p->sil);
	p->chosen = k == 0;
	if (k == 0) {
		top = n - 1 < PATTERNS_MAX_K ? n - 1 : PATTERNS_MAX_K;
		for (kk = 2; kk <= top; kk++)
			if ((s = patterns_fit_k(p, z, kk, seed)) > best) {
				best = s;
				pick = kk;
			}
		k = (int)pick;
	}
	p->k = (size_t)k;
	p->silhouette = patterns_fit_k(p, z, p->k, seed);
	patterns_centres(p, z);
	free(z);
	return 0;
}

/* ---- what it holds ---- */

int
patterns_by_head(const struct patterns *p)
{
	return p->by_head;
}

int
patterns_chosen(const struct patterns *p)
{
	return p->chosen;
}

size_t
patterns_k(const struct patterns *p)
{
	return p->k;
}

double
patterns_silhouette(const struct patterns *p)
{
	return p->silhouette;
}

size_t
patterns_nfeatures(const struct patterns *p)
{
	return p->nf;
}

const char *
patterns_feature(const struct patterns *p, size_t f)
{
	size_t	ng = p->scheme->ngroups;

	if (f < ng)
		return p->scheme->groups[f].name;
	if (f == ng)
		return SCHEME_ALONE;
	return patterns_figure_words[f - ng - 1];
}

int
patterns_feature_share(const struct patterns *p, size_t f)
{
	return f != p->scheme->ngroups + 1 + PATTERNS_PER_HOUR;
}

size_t
patterns_nitems(const struct patterns *p)
{
	return p->nitems;
}

const char *
patterns_item_school(const struct patterns *p, size_t i)
{
	return p->items[i].school;
}

const char *
patterns_item_head(const struct patterns *p, size_t i)
{
	return p->items[i].head;
}

const char *
patterns_item_date(const struct patterns *p, size_t i)
{
	return p->items[i].date;
}

size_t
patterns_item_days(const struct patterns *p, size_t i)
{
	return p->items[i].days;
}

size_t
patterns_label(const struct patterns *p, size_t i)
{
	return p->label[i];
}

double
patterns_item_silhouette(const struct patterns *p, size_t i)
{
	return p->sil[i];
}

size_t
patterns_size(const struct patterns *p, size_t c)
{
	size_t	i, n = 0;

	for (i = 0; i < p->nitems; i++)
		n += p->label[i] == c;
	return n;
}

double
patterns_centre(const struct patterns *p, size_t c, size_t f)
{
	double	x, sum = 0;
	size_t	i, n = 0;

	for (i = 0; i < p->nitems; i++)
		if (p->label[i] == c && !isnan(x = patterns_raw(p, i, f))) {
			sum += x;
			n++;
		}
	return n > 0 ? sum / (double)n : NAN;
}

double
patterns_centre_z(const struct patterns *p, size_t c, size_t f)
{
	return p->centre_z[c * p->nf + f];
}

/* Feature f of a centre z sd from the mean, in words. */
static char *
patterns_words(const struct patterns *p, size_t f, double z)
{
	size_t	ng = p->scheme->ngroups;
	int	more = z > 0;

	if (f < ng)
		return xasprintf("%s time with %s", more ? "more" : "less",
		    p->scheme->groups[f].name);
	if (f == ng)
		return xasprintf("%s time alone", more ? "more" : "less");
	if (f == ng + 1 + PATTERNS_UNDER5)
		return xasprintf("%s", more ? "shorter episodes" :
		    "longer episodes");
	return xasprintf("%s %s", more ? "more" : "fewer",
	    patterns_figure_words[f - ng - 1]);
}

/* The feature of centre c furthest from the mean of those not in
 * said[nsaid], if PATTERNS_NOTABLE sd or more; SIZE_MAX if none. */
static size_t
patterns_notable(const struct patterns *p, size_t c, const size_t *said,
    size_t nsaid)
{
	size_t	f, i, top = SIZE_MAX;
	double	z, best = PATTERNS_NOTABLE;

	for (f = 0; f < p->nf; f++) {
		for (i = 0; i < nsaid && said[i] != f; i++)
			continue;
		z = fabs(patterns_centre_z(p, c, f));
		if (i == nsaid && z >= best) {
			if (top == SIZE_MAX || z > best)
				top = f;
			best = z;
		}
	}
	return top;
}

char *
patterns_describe(const struct patterns *p, size_t c)
{
	char	*out = NULL, *w, *joined;
	size_t	 said[3], n;

	for (n = 0; n < 3; n++) {
		if ((said[n] = patterns_notable(p, c, said, n)) == SIZE_MAX)
			break;
		w = patterns_words(p, said[n], patterns_centre_z(p, c,
		    said[n]));
		if (out == NULL) {
			out = w;
			continue;
		}
		joined = xasprintf("%s, %s", out, w);
		free(out);
		free(w);
		out = joined;
	}
	if (out == NULL)
		return xstrdup("close to the average");
	joined = xasprintf("%s than the average", out);
	free(out);
	return joined;
}
