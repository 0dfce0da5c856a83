/*
 * Agreement between two observers of one head and day: Cohen's kappa over
 * the clock seconds both observed, the confusion table, agreement per
 * group, episode starts matched within a window; kappa per variable, the
 * starts aligned (common/align.h), the largest disagreements, and figures
 * pooled over many pairs.  Easy to get wrong: a second is coded by the
 * stretch holding its middle (k * 1000 + 500 ms), not its start, so a
 * stretch from 10:00:00.400 already codes 10:00:00.
 */
#ifndef AGREEMENT_H
#define AGREEMENT_H

#include <stddef.h>
#include <stdint.h>

#include "err.h"
#include "timeline.h"

#define AGREEMENT_WINDOW	30	/* seconds: --window's default */
#define AGREEMENT_MAX_WINDOW	3600	/* seconds: --window at most */

/* One code (a scheme group, or alone) over the seconds compared. */
struct agreement_group {
	int64_t		 a_seconds;	/* seconds A coded it */
	int64_t		 b_seconds;	/* seconds B coded it */
	int64_t		 both_seconds;	/* seconds both coded it */
	double		 agreement;	/* both / (a + b - both); NAN if 0/0 */
};

/* Episode starts matched one to one, same group, within the window. */
struct agreement_events {
	int		 window_s;
	size_t		 a_starts;	/* A's starts at instants B observed */
	size_t		 b_starts;	/* B's starts at instants A observed */
	size_t		 matched;
	size_t		 missed_a;	/* A's starts left unmatched */
	size_t		 missed_b;	/* B's starts left unmatched */
	double		 agreement;	/* matched / (matched + missed_a +
					   missed_b); NAN when no starts */
};

/* Cohen's kappa of one variable over the seconds compared for it; the
 * figures are NAN when no second was. */
struct agreement_variable {
	const char	*name;		/* "group", "by", "person", ... */
	int64_t		 seconds;
	double		 observed;
	double		 expected;
	double		 kappa;
};

#define AGREEMENT_NVARIABLES	5	/* group, by, person, where, mode */
#define AGREEMENT_MAX_VARIABLES	(AGREEMENT_NVARIABLES + SCHEME_MAX_DIMS)
					/* and each declared dimension */
#define AGREEMENT_LARGEST	10	/* disagreements listed */
#define AGREEMENT_MAX_STARTS	10000	/* starts an observer may have for
					   the alignments (their table is
					   A's starts x B's bytes) */

/*
 * The episode starts of both aligned one to one within the window
 * (Bakeman, Quera and Gnisci 2009), and as a sequence whatever the times
 * (Needleman and Wunsch 1970); for the pairs of the same group, Lin's
 * concordance of durations and the median gap between their starts.
 */
struct agreement_alignment {
	int64_t		*confusion;	/* [a * ncodes + b] events; the last
					   code is "no event" (unmatched) */
	size_t		 pairs;		/* aligned within the window */
	size_t		 same;		/* of them, of the same group */
	size_t		 unmatched_a;
	size_t		 unmatched_b;
	double		 observed;	/* of the events table, with the */
	double		 expected;	/* unmatched as a code */
	double		 kappa;
	size_t		 steps;		/* of the sequence alignment */
	size_t		 identical;	/* steps pairing one same group */
	double		 identity;	/* identical / steps; NAN if none */
	double		 ccc;		/* Lin's, of the same-group pairs'
					   durations; NAN when undefined */
	double		 start_median;	/* ms between their starts */
	int		 too_many;	/* more than AGREEMENT_MAX_STARTS
					   starts: nothing aligned, figures
					   NAN */
};

/* A stretch of whole seconds coded differently, for the training view. */
struct agreement_disagreement {
	int64_t		 start;		/* ms, on a whole second */
	int64_t		 end;
	size_t		 a_code;	/* codes as in the confusion table */
	size_t		 b_code;
};

struct agreement {
	size_t			 ncodes;	/* scheme groups, then alone */
	int64_t			*confusion;	/* [a * ncodes + b]: seconds A
						   coded a and B coded b */
	struct agreement_group	*groups;	/* [ncodes] */
	int64_t			 seconds;	/* compared */
	int64_t			 same;		/* of them, coded alike */
	double			 observed;	/* same / seconds */
	double			 expected;	/* sum of pA(code) * pB(code) */
	double			 kappa;		/* 1 when expected is 1 */
	struct agreement_events	 events;
	struct agreement_variable variables[AGREEMENT_MAX_VARIABLES];
	size_t			 nvariables;	/* the five, then one per
						   dimension of the scheme,
						   its name borrowed from
						   A's scheme */
	struct agreement_alignment alignment;
	struct agreement_disagreement *disagreements; /* largest first,
						   ties earlier first */
	size_t			 ndisagreements;
};

/* Compares two finished timelines of the same school, head and date with
 * equal schemes; window_s (>= 0) is the tolerance for episode starts.
 * Fills *out (free with agreement_free), or returns -1 with e: ERR_DATA
 * when the days differ, the schemes differ or no second was observed by
 * both (the words say A and B: the caller knows their files), ERR_USAGE
 * for a negative window. */
int	agreement_compute(const struct timeline *a, const struct timeline *b,
	    int window_s, struct agreement *out, struct err *e);
void	agreement_free(struct agreement *);

/*
 * Figures pooled over several pairs of one scheme: the time and events
 * tables summed (kappa from the sums, not a mean of kappas), the
 * identical steps and the steps of the sequences summed.
 */
struct agreement_pool {
	struct scheme		*scheme;	/* the first pair's; owned */
	size_t			 ncodes;
	int64_t			*confusion;	/* seconds, summed */
	int64_t			*events;	/* aligned events, summed */
	size_t			 steps;
	size_t			 identical;
	size_t			 pairs;
};

/* Adds ag, the agreement of two days of scheme, to pool (zeroed at
 * first); -1 with e (ERR_DATA) when the scheme is not the first pair's. */
int	agreement_pool_add(struct agreement_pool *, const struct scheme *,
	    const struct agreement *, struct err *e);
/* The pooled figures: kappa of time (its seconds, observed, expected),
 * of events, and the identity share (NAN when no step). */
void	agreement_pool_figures(const struct agreement_pool *,
	    struct agreement_variable *time, struct agreement_variable *events,
	    double *identity);
void	agreement_pool_free(struct agreement_pool *);

/* The timeline group index of code c: c itself, or -1 for alone. */
int	agreement_code_group(const struct agreement *, size_t c);
/* Landis and Koch's word for a kappa rounded to six decimals: "poor"
 * (below 0), "slight" (to 0.20), "fair" (0.40), "moderate" (0.60),
 * "substantial" (0.80) or "almost perfect". */
const char *agreement_band(double kappa);

#endif
