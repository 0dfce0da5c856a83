/*
 * Statistics across heads, each from its textbook formula (the man page
 * gives them and their sources).  Easy to get wrong: the draws must be
 * made in the one order the man page states, or a second implementation
 * with the same generator would not give the same interval.
 */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "stats.h"
#include "xmalloc.h"

/* Relabellings whose |difference| is within this of the observed one
 * count as being as extreme: shares are sums of doubles. */
#define STATS_TIE	1e-12

/* ---- the generator ---- */

void
stats_rng_seed(struct stats_rng *r, uint64_t seed)
{
	r->state = seed;
}

uint64_t
stats_rng_next(struct stats_rng *r)
{
	uint64_t	z;

	z = (r->state += UINT64_C(0x9e3779b97f4a7c15));
	z = (z ^ (z >> 30)) * UINT64_C(0xbf58476d1ce4e5b9);
	z = (z ^ (z >> 27)) * UINT64_C(0x94d049bb133111eb);
	return z ^ (z >> 31);
}

uint64_t
stats_stream(uint64_t seed, uint64_t key)
{
	struct stats_rng	r;

	stats_rng_seed(&r, seed ^ (key * UINT64_C(0xd1b54a32d192ed03)));
	return stats_rng_next(&r);
}

double
stats_rng_uniform(struct stats_rng *r)
{
	return (double)(stats_rng_next(r) >> 11) * 0x1.0p-53;
}

size_t
stats_rng_below(struct stats_rng *r, size_t n)
{
	size_t	i = (size_t)(stats_rng_uniform(r) * (double)n);

	return i < n ? i : n - 1;
}

double
stats_rng_normal(struct stats_rng *r)
{
	double	u1 = 1.0 - stats_rng_uniform(r);	/* (0, 1]: log finite */
	double	u2 = stats_rng_uniform(r);

	return sqrt(-2.0 * log(u1)) * cos(2.0 * M_PI * u2);
}

/* ---- variance components ---- */

void
stats_icc(const struct stats_cluster *cl, size_t k, struct stats_icc *out)
{
	double	N = 0, sum = 0, nsq = 0, ssb = 0, ssw = 0, grand;
	double	msb, msw, n0, den;
	size_t	i;

	memset(out, 0, sizeof *out);
	out->between = out->within = out->icc = NAN;
	for (i = 0; i < k; i++) {
		N += (double)cl[i].n;
		sum += (double)cl[i].n * cl[i].mean;
		nsq += (double)cl[i].n * (double)cl[i].n;
		ssw += cl[i].m2;
	}
	out->heads = k;
	out->days = (size_t)N;
	if (k == 0 || N <= (double)k)
		return;
	msw = out->within = ssw / (N - (double)k);
	if (k < 2)
		return;
	grand = sum / N;
	for (i = 0; i < k; i++)
		ssb += (double)cl[i].n * (cl[i].mean - grand) *
		    (cl[i].mean - grand);
	msb = ssb / (double)(k - 1);
	n0 = (N - nsq / N) / (double)(k - 1);
	out->between = (msb - msw) / n0;
	den = msb + (n0 - 1) * msw;
	if (den > 0)
		out->icc = (msb - msw) / den;
}

/* ---- the bootstrap ---- */

static int
stats_cmp_double(const void *a, const void *b)
{
	double	x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

/* One resample: k heads drawn, each head's mean redrawn from its days. */
static double
stats_resample(const struct stats_cluster *cl, size_t k, struct stats_rng *r)
{
	const struct stats_cluster	*c;
	double				 sum = 0, days = 0, m;
	size_t				 i;

	for (i = 0; i < k; i++) {
		c = &cl[stats_rng_below(r, k)];
		m = c->mean;
		if (c->n > 1)
			m += stats_rng_normal(r) * sqrt(c->m2 > 0 ? c->m2 : 0) /
			    (double)c->n;
		sum += (double)c->n * m;
		days += (double)c->n;
	}
	return sum / days;
}

void
stats_bootstrap(const struct stats_cluster *cl, size_t k, uint64_t seed,
    double *lo, double *hi)
{
	struct stats_rng	 r;
	double			*rep;
	size_t			 i, days = 0;

	*lo = *hi = NAN;
	for (i = 0; i < k; i++)
		days += cl[i].n;
	if (days < 2)
		return;
	rep = xreallocarray(NULL, STATS_BOOTSTRAP, sizeof *rep);
	stats_rng_seed(&r, seed);
	for (i = 0; i < STATS_BOOTSTRAP; i++)
		rep[i] = stats_resample(cl, k, &r);
	qsort(rep, STATS_BOOTSTRAP, sizeof *rep, stats_cmp_double);
	*lo = rep[(STATS_BOOTSTRAP + 1) / 40 - 1];
	*hi = rep[(STATS_BOOTSTRAP + 1) * 39 / 40 - 1];
	free(rep);
}

/* ---- the permutation test ---- */

/* C(n, k), or limit + 1 when it is more than limit. */
static size_t
stats_choose(size_t n, size_t k, size_t limit)
{
	size_t	r = 1, i;

	if (k > n - k)
		k = n - k;
	for (i = 1; i <= k; i++) {
		r = r * (n - k + i) / i;
		if (r > limit)
			return limit + 1;
	}
	return r;
}

/* Whether a relabelling whose first sample sums to sa is as extreme. */
static int
stats_extreme(double sa, double total, size_t na, size_t nb, double t)
{
	double	d = sa / (double)na - (total - sa) / (double)nb;

	return fabs(d) >= t - STATS_TIE;
}

/* Every relabelling: each set of na of the n values, in lexicographic
 * order; returns how many are as extreme. */
static size_t
stats_enumerate(const double *x, size_t n, size_t na, double total,
    double t)
{
	size_t	*c, count = 0, i, j;
	double	 sa;

	c = xreallocarray(NULL, na, sizeof *c);
	for (i = 0; i < na; i++)
		c[i] = i;
	for (;;) {
		for (sa = 0, i = 0; i < na; i++)
			sa += x[c[i]];
		count += stats_extreme(sa, total, na, n - na, t);
		for (i = na; i-- > 0;)
			if (c[i] < n - na + i)
				break;
		if (i == SIZE_MAX)
			break;
		c[i]++;
		for (j = i + 1; j < na; j++)
			c[j] = c[j - 1] + 1;
	}
	free(c);
	return count;
}

/* Random relabellings: the first na of a partial Fisher-Yates shuffle,
 * carried on from the last draw's order; returns how many are as
 * extreme. */
static size_t
stats_draw(const double *x, size_t n, size_t na, double total, double t,
    uint64_t seed)
{
	struct stats_rng	 r;
	size_t			*idx, count = 0, d, i, j, tmp;
	double			 sa;

	idx = xreallocarray(NULL, n, sizeof *idx);
	for (i = 0; i < n; i++)
		idx[i] = i;
	stats_rng_seed(&r, seed);
	for (d = 0; d < STATS_PERMUTATIONS; d++) {
		for (sa = 0, i = 0; i < na; i++) {
			j = i + stats_rng_below(&r, n - i);
			tmp = idx[i];
			idx[i] = idx[j];
			idx[j] = tmp;
			sa += x[idx[i]];
		}
		count += stats_extreme(sa, total, na, n - na, t);
	}
	free(idx);
	return count;
}

/* Mean and sample variance of x[n]. */
static void
stats_moments(const double *x, size_t n, double *mean, double *var)
{
	double	s = 0, ss = 0;
	size_t	i;

	for (i = 0; i < n; i++)
		s += x[i];
	*mean = s / (double)n;
	for (i = 0; i < n; i++)
		ss += (x[i] - *mean) * (x[i] - *mean);
	*var = n > 1 ? ss / (double)(n - 1) : NAN;
}

/* Hedges' g: Cohen's d on the pooled sd, times J = 1 - 3 / (4 df - 1). */
static double
stats_hedges(double diff, size_t na, double va, size_t nb, double vb)
{
	double	df = (double)(na + nb - 2), sp;

	if (na < 2 || nb < 2)
		return NAN;
	sp = sqrt(((double)(na - 1) * va + (double)(nb - 1) * vb) / df);
	if (!(sp > 0))
		return NAN;
	return diff / sp * (1 - 3 / (4 * df - 1));
}

void
stats_permutation(const double *a, size_t na, const double *b, size_t nb,
    uint64_t seed, struct stats_test *out)
{
	double	*x, ma, va, mb, vb, total = 0;
	size_t	 n = na + nb, i, ways, count;

	memset(out, 0, sizeof *out);
	out->na = na;
	out->nb = nb;
	out->diff = out->g = out->p = NAN;
	if (na == 0 || nb == 0)
		return;
	stats_moments(a, na, &ma, &va);
	stats_moments(b, nb, &mb, &vb);
	out->diff = ma - mb;
	out->g = stats_hedges(out->diff, na, va, nb, vb);
	x = xreallocarray(NULL, n, sizeof *x);
	memcpy(x, a, na * sizeof *x);
	memcpy(x + na, b, nb * sizeof *x);
	for (i = 0; i < n; i++)
		total += x[i];
	ways = stats_choose(n, na, STATS_EXACT_MAX);
	if (ways <= STATS_EXACT_MAX) {
		count = stats_enumerate(x, n, na, total, fabs(out->diff));
		out->p = (double)count / (double)ways;
		out->relabellings = ways;
		out->exact = 1;
	} else {
		count = stats_draw(x, n, na, total, fabs(out->diff), seed);
		out->p = (double)(count + 1) / (STATS_PERMUTATIONS + 1);
		out->relabellings = STATS_PERMUTATIONS;
	}
	free(x);
}
