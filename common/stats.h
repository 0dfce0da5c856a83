/*
 * Statistics across heads: a seeded generator (splitmix64), the one-way
 * variance components and ICC(1) of days nested in heads, a two-stage
 * bootstrap interval of the mean and a permutation test of two samples.
 * Easy to get wrong: every figure must come out the same for the same
 * seed on any machine, so the generator is our own and draws are made in
 * one documented order (the man page and tests/team.sh reproduce it).
 */
#ifndef STATS_H
#define STATS_H

#include <stddef.h>
#include <stdint.h>

/* Resamples of the bootstrap: the 50th and 1950th of 1999 sorted are the
 * 2.5% and 97.5% points with no interpolation. */
#define STATS_BOOTSTRAP		1999
/* Random relabellings of a permutation test too large to enumerate. */
#define STATS_PERMUTATIONS	9999
/* Relabellings enumerated at most for an exact test. */
#define STATS_EXACT_MAX		20000

/* Sebastiano Vigna's splitmix64: 64 bits of state, any seed. */
struct stats_rng {
	uint64_t	state;
};

void		stats_rng_seed(struct stats_rng *, uint64_t seed);
/* The seed of stream key of a run seeded with seed, so that each figure
 * has its own stream whatever else is computed. */
uint64_t	stats_stream(uint64_t seed, uint64_t key);
uint64_t	stats_rng_next(struct stats_rng *);
/* Uniform in [0, 1): the top 53 bits. */
double		stats_rng_uniform(struct stats_rng *);
/* Uniform in 0..n-1 (n > 0): floor(uniform * n). */
size_t		stats_rng_below(struct stats_rng *, size_t n);
/* Standard normal by Box-Muller from two uniforms (the cosine half). */
double		stats_rng_normal(struct stats_rng *);

/* One head's days: how many, their mean and sum of squared deviations. */
struct stats_cluster {
	size_t	n;
	double	mean;
	double	m2;
};

/* The one-way random-effects decomposition of days within heads. */
struct stats_icc {
	size_t	heads;
	size_t	days;
	double	between;	/* variance component of heads; NAN: k < 2 */
	double	within;		/* mean square within; NAN: days == heads */
	double	icc;		/* ICC(1); NAN when undefined */
};

/* Variance components and ICC(1) of k heads' days (unbalanced: n0). */
void	stats_icc(const struct stats_cluster *, size_t k, struct stats_icc *);

/* The 95% two-stage bootstrap interval of the day-weighted mean of k
 * heads: heads drawn with replacement, then the mean of each drawn head's
 * days resampled (drawn from the normal with that mean's bootstrap
 * variance m2 / n^2).  NAN both when the heads have fewer than 2 days. */
void	stats_bootstrap(const struct stats_cluster *, size_t k, uint64_t seed,
	    double *lo, double *hi);

/* A two-sample permutation test of the difference of means. */
struct stats_test {
	size_t	na;
	size_t	nb;
	double	diff;		/* mean of a less mean of b */
	double	g;		/* Hedges' g; NAN below 2 each or no spread */
	double	p;		/* two-sided; NAN when either sample empty */
	size_t	relabellings;	/* enumerated or drawn */
	int	exact;		/* 1: every relabelling enumerated */
};

/* Tests a[na] against b[nb]: exact when C(na + nb, na) is at most
 * STATS_EXACT_MAX, else STATS_PERMUTATIONS draws seeded with seed. */
void	stats_permutation(const double *a, size_t na, const double *b,
	    size_t nb, uint64_t seed, struct stats_test *);

#endif
