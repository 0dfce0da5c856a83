/*
 * The figures of one day, computed from its timeline exactly as the
 * contract's "Definitions" say: per group (alone included), per person,
 * location and mode, presence, fragmentation and interruptions; and the
 * pattern over the day (bins) and the chain of transitions.  Durations are
 * integral milliseconds; means, medians and deviations are doubles in ms.
 */
#ifndef SUMMARY_H
#define SUMMARY_H

#include <stddef.h>
#include <stdint.h>

#include "timeline.h"

/* Figures of one group (or of alone). */
struct summary_group {
	size_t		 episodes;
	int64_t		 ms;		/* total time */
	double		 share;		/* ms / observed, 0 if none observed */
	double		 mean_ms;	/* NAN when no episodes */
	double		 median_ms;	/* NAN when no episodes */
	double		 sd_ms;		/* sample sd; NAN below two */
	int64_t		 max_ms;	/* 0 when no episodes */
	size_t		 head_initiated;
	size_t		 brief;
	size_t		 ngaps;
	double		 gap_mean_ms;	/* NAN when no gap */
	double		 gap_sd_ms;	/* NAN below two gaps */
	int64_t		 presence_ms;	/* time present: own episodes or with= */
};

/* One row of a breakdown by person (within a group), location or mode. */
struct summary_part {
	int		 group;		/* person rows: the group; else -1 */
	char		*name;		/* owned */
	size_t		 episodes;
	int64_t		 ms;
};

struct summary {
	size_t			 ngroups;	/* scheme groups, then alone */
	struct summary_group	*groups;	/* [ngroups]; alone is last */

	int64_t		 span_ms;	/* begin to end */
	int64_t		 observed_ms;
	int64_t		 paused_ms;
	size_t		 episodes;	/* interaction episodes (alone not) */
	size_t		 brief;
	size_t		 interactions;	/* episodes + brief */
	size_t		 head_begun;	/* of the interactions */
	double		 head_share;	/* head_begun / interactions */
	double		 per_hour;	/* episodes per observed hour */
	double		 under5;	/* share of episodes under 5 min */
	double		 under9;	/* share of episodes under 9 min */
	double		 median_ms;	/* median interaction episode */
	int64_t		 longest_ms;	/* longest stretch, episode or alone */
	size_t		 interruptions;
	double		 interruptions_per_hour;

	struct summary_part	*persons;	/* by group (scheme order), then name */
	size_t			 npersons;
	struct summary_part	*locations;	/* by name */
	size_t			 nlocations;
	struct summary_part	*modes;		/* by name */
	size_t			 nmodes;
};

/* What summary_compute works out beyond the figures per group and of the
 * day. */
#define SUMMARY_GROUPS	0x0	/* those only: persons, locations, modes
				   left empty */
#define SUMMARY_PARTS	0x1	/* the breakdowns by person, location and
				   mode too (sorting them is half the work) */

/* Computes the figures of the day that what asks for; free with
 * summary_free. */
void	summary_compute(const struct timeline *, unsigned what,
	    struct summary *);
/* given if not NULL, else the day's summary computed into *own; either way
 * free *own with summary_free afterwards (for callers that may be handed
 * the summary already computed). */
const struct summary *summary_given(const struct timeline *,
	    const struct summary *given, unsigned what, struct summary *own);
void	summary_free(struct summary *);

/* One breakdown of the episodes (brief contacts have no time and are not
 * in it), as summary_compute's persons, locations and modes: for a reader
 * that wants one of them of a summary computed without them.  Caller frees
 * with summary_parts_free. */
#define SUMMARY_BY_PERSON	0	/* within group */
#define SUMMARY_BY_LOCATION	1
#define SUMMARY_BY_MODE		2
struct summary_part *summary_parts(const struct timeline *, int by,
	    size_t *n);
void	summary_parts_free(struct summary_part *, size_t n);

struct summary_bin {
	int64_t		 start;		/* ms since midnight, multiple of width */
	int		 group;		/* scheme index, -1 for alone */
	int64_t		 ms;
};

/* Bins one day may need at most (a week of one-minute bins). */
#define SUMMARY_MAX_BINS	(7 * 24 * 60)

/* Time per group (alone included) in clock-aligned bins of minutes from the
 * bin holding the day's begin to the one holding its end: every group in
 * every bin, zeros included, group order as in the summary.  Paused time is
 * in no bin.  Returns the rows (caller frees) and their count in *n; NULL
 * and 0 when the day has no span or would need more than SUMMARY_MAX_BINS
 * bins (a log may hold instants years apart: a clock was wrong). */
struct summary_bin *summary_bins(const struct timeline *, int minutes,
	    size_t *n);

struct summary_transition {
	int		 from;		/* scheme index, -1 for alone */
	int		 to;
	size_t		 count;
};

/* Counts of consecutive stretches (episode or alone) from one group to the
 * next; a pause breaks the chain.  Only pairs that occur, ordered by from
 * then to in summary group order.  Caller frees. */
struct summary_transition *summary_transitions(const struct timeline *,
	    size_t *n);

/* Time per value of a declared dimension (issue 15): for each dimension
 * (scheme order) and each value held (the scheme's values in order, then
 * others in byte order), first the value's total (group SUMMARY_ALL), then
 * one row per group holding it (summary order, alone last).  A stretch
 * (episode, or alone for a dimension of time alone) counts once for each
 * value it holds, so a dimension of several values may pass 100%; brief
 * contacts have no time and are not counted.  share is ms / observed. */
#define SUMMARY_ALL	(-2)
struct summary_dim_row {
	size_t		 dim;		/* scheme index */
	const char	*value;		/* borrowed from the timeline */
	size_t		 value_len;	/* bytes of value (a ';' part) */
	int		 group;		/* scheme index, -1 alone, or
					   SUMMARY_ALL */
	size_t		 episodes;	/* stretches holding the value */
	int64_t		 ms;
	double		 share;
};

/* The rows (caller frees; they borrow the timeline's strings) and their
 * count in *n; NULL and 0 when no stretch holds a value. */
struct summary_dim_row *summary_dims(const struct timeline *, size_t *n);
/* The time a dimension codes, the base of its shares in charts and the
 * report: the episodes' time for one of episodes, the time alone for one
 * of the time alone, the observed time for one of both (s as computed
 * with SUMMARY_GROUPS). */
int64_t	summary_dim_base(const struct summary *s, const struct scheme_dim *d);

/* Time per value of dimension k (scheme index) in the bins of
 * summary_bins: each bin has a row for every value, zeros included (the
 * scheme's values in order, then the others the day holds in byte order);
 * a stretch holding several values counts in each, time holding none in
 * no row.  Caller frees; the values are borrowed from the timeline.  NULL
 * and 0 as summary_bins, or when k is not a dimension of the day's. */
struct summary_dim_bin {
	int64_t		 start;		/* ms since midnight */
	const char	*value;
	size_t		 value_len;
	int64_t		 ms;
};
struct summary_dim_bin *summary_dim_bins(const struct timeline *, size_t k,
	    int minutes, size_t *n);

/* The median of v[0..n) (of an even count: the mean of the middle two),
 * NAN when n is 0; reorders v (it does not sort it). */
double	summary_median(int64_t *v, size_t n);

#endif
