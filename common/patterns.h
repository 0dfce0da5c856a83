/*
 * Patterns among days (or heads): each described by its shares of observed
 * time per group, episodes per hour, the share of episodes under 5 minutes
 * and the share of interactions begun by the head, standardised (z-scores)
 * and grouped by k-means (k-means++ starts, seeded, several restarts), K
 * given or chosen by the mean silhouette.  Easy to get wrong: the same days
 * and seed must give the same patterns, numbered the same, on any machine.
 */
#ifndef PATTERNS_H
#define PATTERNS_H

#include <stddef.h>
#include <stdint.h>

#include "err.h"
#include "summary.h"
#include "timeline.h"

#define PATTERNS_MAX_K		8	/* K is 2..8, and below the items */
#define PATTERNS_RESTARTS	10	/* k-means++ starts; the best kept */
#define PATTERNS_ITERATIONS	100	/* Lloyd steps at most per start */
/* A pattern's centre says a figure when it is this many sd from the mean. */
#define PATTERNS_NOTABLE	0.5

/* The figures after the shares (a feature per group, then these). */
enum patterns_figure {
	PATTERNS_PER_HOUR,
	PATTERNS_UNDER5,
	PATTERNS_HEAD_SHARE,
	PATTERNS_NFIGURES
};

struct patterns;

/* Patterns among days, or among heads (each the mean of its days) when
 * by_head. */
struct patterns	*patterns_new(int by_head);
void		 patterns_free(struct patterns *);
/* Adds a day (s its summary, or NULL to have it computed); -1 with e
 * (ERR_DATA) when its scheme is not the first day's. */
int		 patterns_add(struct patterns *, const struct timeline *,
		    const struct summary *s, struct err *e);
/* Groups the items into k patterns, or chooses k by silhouette when k is
 * 0; -1 with e (ERR_DATA: the days given are too few) when there are too
 * few items. */
int		 patterns_fit(struct patterns *, int k, uint64_t seed,
		    struct err *e);

int		 patterns_by_head(const struct patterns *);
int		 patterns_chosen(const struct patterns *); /* k was chosen */
size_t		 patterns_k(const struct patterns *);
double		 patterns_silhouette(const struct patterns *); /* mean */
size_t		 patterns_nfeatures(const struct patterns *);
/* Name of feature f: a group's name, then the figures' own words. */
const char	*patterns_feature(const struct patterns *, size_t f);
/* Whether feature f is a share (else episodes per hour). */
int		 patterns_feature_share(const struct patterns *, size_t f);

size_t		 patterns_nitems(const struct patterns *);
const char	*patterns_item_school(const struct patterns *, size_t i);
const char	*patterns_item_head(const struct patterns *, size_t i);
const char	*patterns_item_date(const struct patterns *, size_t i);
size_t		 patterns_item_days(const struct patterns *, size_t i);
/* Pattern of item i, from 0 (numbered by their first item). */
size_t		 patterns_label(const struct patterns *, size_t i);
double		 patterns_item_silhouette(const struct patterns *, size_t i);

size_t		 patterns_size(const struct patterns *, size_t c);
/* The mean of feature f over pattern c's items, as measured, and in sd
 * from the mean of all items. */
double		 patterns_centre(const struct patterns *, size_t c, size_t f);
double		 patterns_centre_z(const struct patterns *, size_t c,
		    size_t f);
/* Pattern c's centre in words ("more time with pupils, fewer episodes per
 * hour than the average"); the words of a group are its name as given;
 * caller frees. */
char		*patterns_describe(const struct patterns *, size_t c);

#endif
