/*
 * The reference profiles: figures of published structured-observation
 * studies of managers and school leaders (references.tsv, with their
 * sources), and the rules that say which of them a day can stand beside.
 * Easy to get wrong: the studies count every activity, desk work and calls
 * included, while a day counts interaction episodes, and time alone is
 * more than desk work; a figure is compared
 * only where the two definitions are the same, and says why when not.
 */
#ifndef REFERENCE_H
#define REFERENCE_H

#include <stddef.h>

#include "err.h"
#include "summary.h"
#include "timeline.h"

enum reference_measure {
	REFERENCE_PER_DAY,	/* a count per day */
	REFERENCE_PER_WEEK,	/* a count per week */
	REFERENCE_UNDER9,	/* percent under 9 minutes */
	REFERENCE_MEAN,		/* minutes */
	REFERENCE_MEDIAN,	/* minutes */
	REFERENCE_SHARE		/* percent of working time */
};

/* The studies' media; REFERENCE_ALL is every activity. */
enum reference_category {
	REFERENCE_ALL,
	REFERENCE_DESK,
	REFERENCE_TELEPHONE,
	REFERENCE_SCHEDULED,
	REFERENCE_UNSCHEDULED,
	REFERENCE_TOURS,
	REFERENCE_NCATEGORIES
};

enum reference_basis {
	REFERENCE_ACTIVITIES,	/* every activity: desk work, calls, ... */
	REFERENCE_EPISODES	/* interactions with others only */
};

struct reference_figure {
	size_t			 study;		/* index in the set */
	enum reference_measure	 measure;
	enum reference_category	 category;
	enum reference_basis	 basis;
	double			 value;		/* as published */
	char			*where;		/* page, table or source */
};

struct reference_study {
	char	*key, *authors, *year, *title, *published, *measured;
};

struct reference_set {
	struct reference_study	*studies;
	size_t			 nstudies;
	struct reference_figure	*figures;	/* in the file's order */
	size_t			 nfigures;
};

/* Loads the set from path; -1 with e (ERR_NOINPUT, or ERR_DATA with the
 * line) and *set empty.  Free with reference_free. */
int	reference_load(const char *path, struct reference_set *,
	    struct err *e);
void	reference_free(struct reference_set *);

/* The studies' medium a mode of the scheme maps to by the documented
 * default mapping ("phone" is telephone, ...), or -1 when none. */
int	reference_mode_category(const char *mode);

/* Words for the reader (each: caller frees): the study's full citation;
 * what a figure measures ("mean length: telephone"); a value in its
 * measure's unit ("6.0 min", "50%", "611.6"). */
char	*reference_citation(const struct reference_study *);
char	*reference_figure_words(const struct reference_figure *);
char	*reference_value_words(enum reference_measure, double);

/* One figure beside the day: the head's figure on the same definition,
 * or why there is none. */
struct reference_row {
	const struct reference_figure	*figure;
	int				 compared;
	double				 own;	/* in the figure's unit */
	const char			*why;	/* static; when not compared */
};

/* Matches every figure of set against the day (s with SUMMARY_GROUPS at
 * least); rows in the file's order, *n of them (caller frees). */
struct reference_row *reference_match(const struct reference_set *,
	    const struct timeline *, const struct summary *s, size_t *n);

#endif
