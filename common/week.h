/*
 * A head's week: the figures of several days of one head (same school and
 * head) side by side, and over the week.  Easy to get wrong: the week's
 * share of a group is of the week's observed time (each day weighs by its
 * hours), not the mean of the days' shares; and days of other heads, or of
 * another scheme, make it no week at all.
 */
#ifndef WEEK_H
#define WEEK_H

#include <stddef.h>
#include <stdint.h>

#include "summary.h"
#include "timeline.h"

/* Days of one head a week is at most; more are no week (a workshop's
 * head may have more). */
#define WEEK_MAX_DAYS	7

/* The pattern over the day: clock-aligned bins of this many minutes. */
#define WEEK_BIN_MINUTES	30
#define WEEK_BIN_MS		((int64_t)WEEK_BIN_MINUTES * 60000)

/* One day's figures. */
struct week_day {
	char		 date[11];	/* "YYYY-MM-DD" */
	int64_t		 observed_ms;
	int64_t		*group_ms;	/* [ngroups]; alone last; owned */
	size_t		 episodes;
	size_t		 under9;	/* episodes under 9 minutes */
	double		 per_hour;	/* episodes per observed hour */
	size_t		 interactions;
	size_t		 head_begun;
	double		 head_share;	/* NAN with no interaction */
	int64_t		 bin_first;	/* start of the day's first bin */
	size_t		 nbins;		/* 0: no span */
	int64_t		*bin_ms;	/* [nbins * ngroups]: time with each
					   group in each bin; owned */
	struct summary_part *persons;	/* the day's breakdowns (owned) */
	size_t		 npersons;
	struct summary_part *places;
	size_t		 nplaces;
};

struct week {
	char		*school;	/* of the first day; owned */
	char		*head;
	char		**groups;	/* names, alone last; owned */
	char		(*colours)[8];	/* "#rrggbb" of each; alone grey */
	size_t		 ngroups;
	struct week_day	*days;
	size_t		 ndays;
	int		 mixed;		/* days of other heads or schemes
					   (left out) */
	int		 repeated;	/* two days of one date (two
					   observers, or a log given twice) */
};

void	week_init(struct week *);
void	week_free(struct week *);
/* Adds one day; s is its summary (groups at least). */
void	week_add(struct week *, const struct timeline *,
	    const struct summary *s);
/* Non-zero when the days are 2 to WEEK_MAX_DAYS days of one head, each
 * on its own date. */
int	week_is_one_head(const struct week *);

/* Share of day d's observed time with group g; NAN with none observed. */
double	week_day_share(const struct week *, size_t d, size_t g);
/* Over the week: share of the observed time with group g, episodes per
 * observed hour, share of the interactions begun by the head (NAN when
 * there is nothing to divide by). */
double	week_share(const struct week *, size_t g);
int64_t	week_observed_ms(const struct week *);
double	week_per_hour(const struct week *);
double	week_under9(const struct week *);	/* of the episodes */
double	week_head_share(const struct week *);

/* Day d's short name: its weekday, or its date when another day has the
 * same weekday (or it is not a date). */
const char *week_day_name(const struct week *, size_t d);
/* The group (not alone) with most of the week's time; -1 if none. */
int	week_top_group(const struct week *);
/* The plain-words headline: "Across your three days you spent 31% of your
 * time with teachers, from 22% on Tuesday to 44% on Friday."  Days are
 * named by weekday, or by date when two share one.  Caller frees. */
char	*week_headline(const struct week *);

/*
 * The pattern over the day: the days' bins (summary_bins, WEEK_BIN_MINUTES)
 * laid on one clock.  The week's share of a group in a bin is the time
 * with it in that bin summed over the days over the observed time in that
 * bin summed over the days (the week's shares' rule, so a day observed for
 * 10 minutes of a bin weighs a third of one observed for 30); a day not
 * observed in a bin (before its begin, after its end, paused) is left out
 * of it, and a bin no day observed has no share (NAN).
 */
/* The bins from the earliest day's first to the latest day's last:
 * *first and the count (0 when no day has a span). */
size_t	week_bin_range(const struct week *, int64_t *first);
/* Time of day d with group g in the bin starting at start (0 when the
 * day has no such bin); g == ngroups: the observed time in it. */
int64_t	week_day_bin_ms(const struct week *, size_t d, int64_t start,
	    size_t g);
/* Day d's share of group g in the bin at start: NAN when not observed. */
double	week_day_bin_share(const struct week *, size_t d, int64_t start,
	    size_t g);
/* Over the days: the observed time in the bin at start, the days
 * observed in it, and the share of group g. */
int64_t	week_bin_observed(const struct week *, int64_t start);
size_t	week_bin_days(const struct week *, int64_t start);
double	week_bin_share(const struct week *, int64_t start, size_t g);

/* Rows of shares to draw (the report's figures and the charts): row i's
 * share of group g is shares[i * ngroups + g] for bars (nbins 0), and in
 * bin b (from first) shares[(i * nbins + b) * ngroups + g] for patterns;
 * NAN where not observed. */
struct week_rows {
	size_t		  n;
	const char	**labels;	/* the array owned, the names not */
	double		 *shares;	/* owned */
	int64_t		  first;
	size_t		  nbins;
};

/* The days as bars, labelled by week_day_name. */
void	week_rows_days(const struct week *, struct week_rows *);
/* The pattern over the day: the week's row (labelled week_label), then
 * each day's; n is 0 when no day has a span. */
void	week_rows_pattern(const struct week *, const char *week_label,
	    struct week_rows *);
void	week_rows_free(struct week_rows *);

/* Someone (a person code, with the group they were with the head as) or
 * a place seen on more than half of the days: on how many days, and the
 * time over the week.  Seen means in an episode (brief contacts have no
 * time, and are not counted), as the day's breakdowns by person and by
 * location. */
struct week_regular {
	const char	*name;		/* borrowed from the week */
	int		 group;		/* a person's; -1 for a place */
	size_t		 days;
	int64_t		 ms;
};
/* The persons (places: the places) seen on most days, most days first,
 * then most time, then by name; caller frees the array; NULL and 0 when
 * none. */
struct week_regular *week_regulars(const struct week *, int places,
	    size_t *n);

/* The workshop: each head's days as a week of theirs, in the order the
 * heads are first met. */
struct week_workshop {
	struct week	*heads;
	size_t		 nheads;
};

/* The figures of a head's profile, compared across heads. */
enum week_figure {
	WEEK_SHARE,		/* of a group */
	WEEK_PER_HOUR,
	WEEK_UNDER9,
	WEEK_HEAD_SHARE
};

void	week_workshop_init(struct week_workshop *);
void	week_workshop_free(struct week_workshop *);
/* Adds a day to its head's week; -1 when its scheme's groups are not the
 * first head's (the profiles would not be on the same scales). */
int	week_workshop_add(struct week_workshop *, const struct timeline *,
	    const struct summary *s);
/* A head's figure over all their days (g: the group of WEEK_SHARE). */
double	week_figure(const struct week *, enum week_figure, size_t g);
/* The bins from the earliest of every head's days to the latest, so
 * that each head's pattern is drawn on one clock (week_bin_range's). */
size_t	week_workshop_bin_range(const struct week_workshop *, int64_t *first);
/* Each head over all their days (labels[h] theirs, borrowed): as bars,
 * or (pattern) as patterns over the day on one clock. */
void	week_workshop_rows(const struct week_workshop *,
	    const char *const *labels, int pattern, struct week_rows *);
/* How many other heads have less of the figure than head h (none when
 * h's figure is missing; a head without it is not counted). */
size_t	week_workshop_below(const struct week_workshop *, size_t h,
	    enum week_figure, size_t g);
/* How many other heads have more of it than head h (likewise). */
size_t	week_workshop_above(const struct week_workshop *, size_t h,
	    enum week_figure, size_t g);

#endif
