/*
 * Lag-1 sequential statistics over a table of transition counts (the
 * contract's second round, after Bakeman and Quera's GSEQ): expected count
 * under independence, transitional probability, adjusted residual and
 * Yule's Q, per day and pooled over days.  Easy to get wrong: the table's
 * margins are those of the links that occur (a pause breaks the chain), so
 * R, C and N come from the counts, not from the day's episodes.
 */
#ifndef SEQUENCE_H
#define SEQUENCE_H

#include <stddef.h>

#include "summary.h"
#include "timeline.h"

/* |z| above which a cell is marked (p < .05, two-sided). */
#define SEQUENCE_Z_MARK	1.96

/* The statistics of one cell of the table; NAN where undefined. */
struct sequence_stat {
	double	expected;	/* R·C/N */
	double	probability;	/* x/R */
	double	z;		/* adjusted residual */
	double	yule_q;
	int	marked;		/* |z| > SEQUENCE_Z_MARK */
};

/* The statistics of each of the n cells of tr (counts of a table whose
 * rows and columns are tr's from and to) into out[n]. */
void	sequence_stats(const struct summary_transition *tr, size_t n,
	    struct sequence_stat *out);

/* Transition counts summed over days, by group name (days may come with
 * schemes of their own). */
struct sequence_pool {
	char		**names;	/* owned; alone is never here */
	size_t		  nnames;
	size_t		 *count;	/* (nnames + 1)², alone last */
	size_t		  days;
};

void	sequence_pool_init(struct sequence_pool *);
/* Adds the day's transitions tr[n] (as summary_transitions gives them for
 * tl) to the pool. */
void	sequence_pool_add(struct sequence_pool *, const struct timeline *tl,
	    const struct summary_transition *tr, size_t n);
/* The pooled pairs that occur, in the order the names were first met
 * (alone last), with from and to indices into names (-1: alone); caller
 * frees. */
struct summary_transition *sequence_pool_transitions(
	    const struct sequence_pool *, size_t *n);
/* The name of a pooled index (-1: "alone"). */
const char *sequence_pool_name(const struct sequence_pool *, int i);
void	sequence_pool_free(struct sequence_pool *);

#endif
