/*
 * Instantaneous time sampling of a continuous day (the contract's second
 * round, --sample): the instants begin + k·minutes before the day's end
 * that fall in observed time, each with the stretch in force at it; and
 * the share of the points per group beside the share of observed time.
 * Easy to get wrong: an instant at which one stretch ends and the next
 * starts belongs to the one that starts (a point there in a pause is
 * skipped), and the day's end itself is never a point.
 */
#ifndef SAMPLE_H
#define SAMPLE_H

#include <stddef.h>
#include <stdint.h>

#include "timeline.h"

/* Points one day may have at most (a week of one-minute points). */
#define SAMPLE_MAX_POINTS	(7 * 24 * 60)

struct sample_point {
	int64_t			 at;	/* ms since midnight */
	const struct tl_item	*item;	/* the episode or alone stretch */
};

/* The day's points every minutes (1..1440) in time order; caller frees.
 * NULL and 0 when there is none, or when the day would need more than
 * SAMPLE_MAX_POINTS (a log may hold instants years apart). */
struct sample_point *sample_points(const struct timeline *, int minutes,
	    size_t *n);

/* A group's points and time beside each other. */
struct sample_share {
	size_t	 points;
	double	 point_share;	/* points / all points; NAN when none */
	double	 time_share;	/* ms / observed; NAN when none observed */
};

/* The shares of each group (scheme order, then alone) into
 * out[ngroups + 1]. */
void	sample_shares(const struct timeline *, const struct sample_point *,
	    size_t n, struct sample_share *out);

#endif
