/*
 * A day as a timeline: the stretches that tile it (episodes, alone, pauses)
 * and its instants (brief contacts, notes), in time order with ties in
 * record order.  Every input (a log, an episodes CSV, a BORIS export)
 * becomes a timeline, and every figure is computed from one, which is what
 * makes an exported CSV read back to the same summary byte for byte.
 * Times are ms since local midnight of the day's date (past 24:00 for a
 * day that crosses midnight).  A log's timeline applies the corrections
 * made after review (recode, move, comment, add, withdraw, fix) unless
 * built as recorded.  An episode withdrawn in review becomes alone time.
 * A log also keeps both clocks, so a change of the wall clock during a
 * recorder run is found and listed (jumps), though it changes no time, and
 * its sessions, so each restart of the recorder is listed (restarts).
 */
#ifndef TIMELINE_H
#define TIMELINE_H

#include <stddef.h>
#include <stdint.h>

#include "day.h"
#include "err.h"
#include "record.h"
#include "scheme.h"

enum tl_kind {
	TL_EPISODE,
	TL_ALONE,
	TL_PAUSE,
	TL_BRIEF,
	TL_NOTE
};

/* What review changed on an item (struct tl_item's corrected). */
#define TL_RECODED	0x1	/* group differs from recorded_group */
#define TL_MOVED	0x2	/* start or end differs from as recorded */
#define TL_COMMENTED	0x4	/* note holds the head's comments */
#define TL_ADDED	0x8	/* an episode added in review */
#define TL_FIXED	0x10	/* by, person, where, mode, with or a
				   dimension fixed */

struct tl_item {
	enum tl_kind	 kind;
	int64_t		 start;		/* ms since local midnight */
	int64_t		 end;		/* == start for BRIEF and NOTE */
	int		 group;		/* scheme index; -1 for ALONE, PAUSE, NOTE */
	enum record_by	 by;		/* EPISODE, BRIEF */
	char		*person;	/* NULL when absent; owned */
	char		*where;
	char		*mode;
	uint64_t	 with;		/* bit i: scheme group i was present */
	char		**dims;		/* the value of each scheme dimension
					   (NULL: none), or NULL when none
					   has one; the array is owned, its
					   strings as person's */
	char		*note;		/* NOTE text, or an EPISODE's review
					   comments joined " / "; owned
					   (a NOTE's text as person's) */
	uint64_t	 seq;		/* log record that began it, or 0 */
	unsigned	 corrected;	/* TL_RECODED, TL_MOVED, TL_COMMENTED */
	int		 recorded_group; /* as first logged, if TL_RECODED */
	int64_t		 recorded_start; /* as first logged, if TL_MOVED */
	int64_t		 recorded_end;
};

/* A change of the wall clock during a recorder run: between two records of
 * one session the wall clock moved more than TL_JUMP_MIN ms away from the
 * monotonic clock (or a new session's wall clock was behind the log).
 * The record is placed by the monotonic clock, so no duration changes. */
#define TL_JUMP_MIN	2000
struct tl_jump {
	uint64_t	 seq;		/* first record after the jump */
	int64_t		 at;		/* its clock time, as placed */
	int64_t		 wall;		/* ... by the wall clock */
	int64_t		 by;		/* ms the wall clock moved: > 0
					   forward, < 0 back */
};

/* A restart of the live recorder while the day went on: the first record
 * of a new session when the day was not stopped before it.  down is the
 * time from the record before it: the most the recorder can have been
 * closed (the figures count that time as the day's state went on). */
struct tl_restart {
	uint64_t	 seq;		/* first record of the new session */
	int64_t		 at;		/* its clock time */
	int64_t		 since;		/* the record before it */
	int64_t		 down;		/* at - since, ms */
};

struct timeline {
	char		*school;	/* owned; "" when unknown */
	char		*head;
	char		*observer;
	char		 date[11];	/* "YYYY-MM-DD" */
	char		**tag_keys;	/* owned */
	char		**tag_values;
	size_t		 ntags;
	struct scheme	*scheme;	/* owned */
	struct tl_item	*items;		/* owned */
	size_t		 nitems;
	size_t		 items_size;
	int64_t		 begin;		/* start of the first stretch */
	int64_t		 end;		/* end of the last stretch */
	int64_t		 observed;	/* episodes + alone */
	int64_t		 paused;
	char		*comment;	/* the head's comments on the day,
					   joined " / "; NULL if none; owned */
	char		**corrections;	/* what review corrected, in words,
					   in the order entered; owned */
	size_t		 ncorrections;
	struct tl_jump	*jumps;		/* wall-clock jumps in record
					   order; owned; none from a CSV */
	size_t		 njumps;
	struct tl_restart *restarts;	/* in record order; owned; none
					   from a CSV */
	size_t		 nrestarts;
	struct day	*day;		/* the day the items' person, where
					   and mode point into, freed with
					   the timeline; NULL: they are
					   owned copies */
};

/* Builds the timeline of a day read from a log: SETs folded into their
 * episodes, undone actions left out, zero-length stretches dropped, and
 * the review records applied (recodes and moves change the items, comments
 * go to the episode's note or the day's comment, and corrections lists
 * each in words).  The timeline is filled with owned copies; free with
 * timeline_free. */
void	timeline_from_day(const struct day *, struct timeline *);
/* The same with the review records ignored: the day as first logged. */
void	timeline_from_day_as_recorded(const struct day *, struct timeline *);
/* Either of them for a day read only to be walked: the day's header
 * (names, tags, scheme) moves into the timeline rather than being copied.
 * With borrow set the items' person, where, mode, dimensions and a
 * note's text point into the day, which the timeline keeps until
 * timeline_free (such a timeline's items must not have those fields freed
 * or replaced: not for anon_timeline); else the day is freed now. */
void	timeline_take_day(struct day *, int as_recorded, int borrow,
	    struct timeline *);

/* For readers that build a timeline item by item (CSV, BORIS): starts an
 * empty timeline with copies of the metadata and scheme. */
void	timeline_init(struct timeline *, const char *school, const char *head,
	    const char *observer, const char *date, const struct scheme *);
void	timeline_add_tag(struct timeline *, const char *key, const char *value);
/* Sets dimension k (scheme index) of an item of the timeline; NULL or ""
 * clears it. */
void	timeline_set_dim(const struct timeline *, struct tl_item *, size_t k,
	    const char *value);
/* The value of dimension k of an item, or NULL when it has none. */
const char *timeline_dim(const struct tl_item *, size_t k);
/* Appends a copy of item (strings copied). */
void	timeline_add(struct timeline *, const struct tl_item *item);
/* Checks what readers built: stretches in order, each starting where the
 * previous ended, none of zero or negative length; instants within the
 * span; groups within the scheme.  Sets begin, end, observed, paused.
 * -1 with e when not (ERR_DATA; its line the item's row, 1-based, the
 * caller telling the rest of the place). */
int	timeline_finish(struct timeline *, struct err *e);
void	timeline_free(struct timeline *);

/* The names of the groups in a with= mask, in scheme order, joined by
 * sep; NULL when none.  The caller frees it. */
char	*timeline_with_names(const struct timeline *, uint64_t mask,
	    const char *sep);

/* The value of a field for --by and output: "school", "head", "observer",
 * "date" or a tag key; NULL when the day has no such tag. */
const char *timeline_field(const struct timeline *, const char *field);
/* Name of group index g, or "alone" for -1. */
const char *timeline_group_name(const struct timeline *, int g);

#endif
