/*
 * Tests for the statistics across heads (common/stats.c): the generator
 * against splitmix64's published first outputs, ICC(1) and the exact
 * permutation test worked by hand (the working is in the comments), the
 * drawn test against an exact count made here by bitmasks, and the
 * bootstrap's order, reproducibility and edge cases.
 */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>

#include "stats.h"
#include "test.h"

#define NEAR(a, b)	(fabs((a) - (b)) < 1e-9)

/* splitmix64 seeded 0 gives these first (Vigna's splitmix64.c). */
static void
test_stats_rng(void)
{
	struct stats_rng	r;
	size_t			i, seen[4] = { 0 };
	double			u, z, sum = 0, sumsq = 0;

	stats_rng_seed(&r, 0);
	T_TRUE(stats_rng_next(&r) == UINT64_C(0xe220a8397b1dcdaf));
	T_TRUE(stats_rng_next(&r) == UINT64_C(0x6e789e6aa1b965f4));
	T_TRUE(stats_rng_next(&r) == UINT64_C(0x06c45d188009454f));
	stats_rng_seed(&r, 42);
	for (i = 0; i < 40000; i++) {
		u = stats_rng_uniform(&r);
		T_TRUE(u >= 0 && u < 1);
		seen[stats_rng_below(&r, 4)]++;
		z = stats_rng_normal(&r);
		sum += z;
		sumsq += z * z;
	}
	for (i = 0; i < 4; i++)		/* 10 000 each, sd 87 */
		T_TRUE(seen[i] > 9500 && seen[i] < 10500);
	T_TRUE(fabs(sum / 40000) < 0.03);	/* sd 0.005 */
	T_TRUE(fabs(sumsq / 40000 - 1) < 0.05);	/* sd 0.007 */
	T_TRUE(stats_stream(1, 2) != stats_stream(1, 3));
	T_TRUE(stats_stream(1, 2) != stats_stream(2, 2));
}

/*
 * Two heads of two days, {0.5, 0.25} and {0.75, 0.5}: head means 0.375 and
 * 0.625 about 0.5; SSB = 2 * 0.125^2 * 2 = 0.0625 on 1 df; SSW = 4 *
 * 0.125^2 = 0.0625 on 2 df, MSW 0.03125; n0 = 2; between = 0.015625;
 * ICC(1) = 0.03125 / (0.0625 + 0.03125) = 1/3.
 */
static void
test_stats_icc(void)
{
	struct stats_cluster	cl[3] = {
		{ 2, 0.375, 0.03125 }, { 2, 0.625, 0.03125 }, { 1, 0.9, 0 }
	};
	struct stats_icc	i;

	stats_icc(cl, 2, &i);
	T_EQ_INT(i.heads, 2);
	T_EQ_INT(i.days, 4);
	T_TRUE(NEAR(i.within, 0.03125));
	T_TRUE(NEAR(i.between, 0.015625));
	T_TRUE(NEAR(i.icc, 1.0 / 3));
	/* Unbalanced, with a head of one day: N = 5, grand 0.58, SSB = 2 *
	 * 0.205^2 + 2 * 0.045^2 + 0.32^2 = 0.1905, MSB 0.09525, MSW
	 * 0.0625 / 2; n0 = (5 - 9 / 5) / 2 = 1.6. */
	stats_icc(cl, 3, &i);
	T_TRUE(NEAR(i.within, 0.03125));
	T_TRUE(NEAR(i.between, (0.09525 - 0.03125) / 1.6));
	T_TRUE(NEAR(i.icc, (0.09525 - 0.03125) / (0.09525 + 0.6 * 0.03125)));
	/* One head: no between; every head one day: no within. */
	stats_icc(cl, 1, &i);
	T_TRUE(NEAR(i.within, 0.03125) && isnan(i.between) && isnan(i.icc));
	stats_icc(cl + 2, 1, &i);
	T_TRUE(isnan(i.within) && isnan(i.between) && isnan(i.icc));
}

/*
 * {0.375, 0.625} against {0.125, 0.375, 0}: difference 0.5 - 1/6; of the
 * C(5, 2) = 10 pairs, three are as far apart: {0.375, 0.625} twice (the
 * two 0.375s) and {0.125, 0}: p = 0.3.  Hedges' g: variances 0.03125 and
 * 0.0364583, pooled (0.03125 + 2 * 0.0364583) / 3 = 0.0347222, d =
 * 0.333333 / 0.186339 = 1.788854, J = 1 - 3 / (4 * 5 - 9), g = 1.300985.
 */
static void
test_stats_exact(void)
{
	static const double	a[] = { 0.375, 0.625 };
	static const double	b[] = { 0.125, 0.375, 0 };
	struct stats_test	t;

	stats_permutation(a, 2, b, 3, 1, &t);
	T_TRUE(t.exact && t.relabellings == 10);
	T_TRUE(NEAR(t.p, 0.3));
	T_TRUE(NEAR(t.diff, 1.0 / 3));
	T_TRUE(fabs(t.g - 1.300985) < 1e-6);
	stats_permutation(b, 3, a, 2, 99, &t);
	T_TRUE(NEAR(t.p, 0.3) && NEAR(t.diff, -1.0 / 3));
	/* One each: two relabellings, both as far apart; no g. */
	stats_permutation(a, 1, b, 1, 1, &t);
	T_TRUE(t.exact && t.relabellings == 2 && NEAR(t.p, 1));
	T_TRUE(isnan(t.g));
	stats_permutation(a, 2, b, 0, 1, &t);
	T_TRUE(isnan(t.p) && isnan(t.diff));
}

/* How many of the C(n, na) relabellings of x are as far apart as the first
 * na against the rest: every bitmask of n bits with na set. */
static double
exact_p(const double *x, size_t n, size_t na)
{
	double		obs, sa, total = 0, ma = 0;
	size_t		i, k, count = 0, all = 0;
	uint32_t	m;

	for (i = 0; i < n; i++)
		total += x[i];
	for (i = 0; i < na; i++)
		ma += x[i];
	obs = fabs(ma / (double)na - (total - ma) / (double)(n - na));
	for (m = 0; m < (UINT32_C(1) << n); m++) {
		for (sa = 0, k = 0, i = 0; i < n; i++)
			if (m & (UINT32_C(1) << i)) {
				sa += x[i];
				k++;
			}
		if (k != na)
			continue;
		all++;
		count += fabs(sa / (double)na - (total - sa) /
		    (double)(n - na)) >= obs - 1e-12;
	}
	return (double)count / (double)all;
}

/* C(22, 6) = 74 613 relabellings: drawn, 9 999 of them; the drawn p is
 * within 4 sd (0.02) of the exact one, and the same seed draws the same. */
static void
test_stats_drawn(void)
{
	double			x[22], want;
	struct stats_test	t, again;
	struct stats_rng	r;
	size_t			i;

	stats_rng_seed(&r, 5);
	for (i = 0; i < 22; i++)
		x[i] = stats_rng_uniform(&r) + (i < 6 ? 0.2 : 0);
	want = exact_p(x, 22, 6);
	stats_permutation(x, 6, x + 6, 16, 11, &t);
	T_TRUE(!t.exact && t.relabellings == STATS_PERMUTATIONS);
	T_TRUE(fabs(t.p - want) < 0.02);
	T_TRUE(want > 0.01 && want < 0.99);	/* a test that can miss */
	stats_permutation(x, 6, x + 6, 16, 11, &again);
	T_TRUE(t.p == again.p);
}

/* The interval holds the mean, comes back the same for a seed, is the
 * percentile interval of the head means when heads have one day each, and
 * is missing below two days. */
static void
test_stats_bootstrap(void)
{
	struct stats_cluster	cl[20];
	double			lo, hi, lo2, hi2, mean = 0;
	size_t			i;

	for (i = 0; i < 20; i++) {
		cl[i].n = 1;
		cl[i].mean = (double)i / 19;
		cl[i].m2 = 0;
		mean += cl[i].mean / 20;
	}
	stats_bootstrap(cl, 20, 3, &lo, &hi);
	T_TRUE(lo < mean && mean < hi);
	/* The mean of 20 of 0..1 evenly: sd 0.0676, so about +-0.13. */
	T_TRUE(fabs(mean - lo - 0.13) < 0.03 && fabs(hi - mean - 0.13) < 0.03);
	stats_bootstrap(cl, 20, 3, &lo2, &hi2);
	T_TRUE(lo == lo2 && hi == hi2);
	stats_bootstrap(cl, 20, 4, &lo2, &hi2);
	T_TRUE(lo != lo2 || hi != hi2);
	stats_bootstrap(cl, 1, 3, &lo, &hi);
	T_TRUE(isnan(lo) && isnan(hi));
	/* One head of 4 days with spread: the second stage alone. */
	cl[0].n = 4;
	cl[0].mean = 0.5;
	cl[0].m2 = 0.2;
	stats_bootstrap(cl, 1, 3, &lo, &hi);
	T_TRUE(lo < 0.5 && hi > 0.5);
	/* sd of the resampled mean sqrt(0.2) / 4 = 0.1118: +-0.219. */
	T_TRUE(fabs(hi - lo - 2 * 1.96 * sqrt(0.2) / 4) < 0.03);
}

void
stats_test_register(void)
{
	CU_pSuite	s;

	s = CU_add_suite("stats", NULL, NULL);
	CU_add_test(s, "the generator is splitmix64", test_stats_rng);
	CU_add_test(s, "ICC(1) and its variances, worked by hand",
	    test_stats_icc);
	CU_add_test(s, "the exact permutation test, worked by hand",
	    test_stats_exact);
	CU_add_test(s, "the drawn test against an exact count",
	    test_stats_drawn);
	CU_add_test(s, "the bootstrap interval", test_stats_bootstrap);
}
