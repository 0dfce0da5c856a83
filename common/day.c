/*
 * A day: the header, every record in order and the state they leave, with
 * the one set of rules the recorder and the analyser both apply.  Easy to
 * get wrong: after an undo the state is rebuilt by replaying the actions
 * still in force, never patched, so undoing a start re-opens what it ended;
 * review records only mark corrections on earlier actions (at, group).
 */
#include <sys/stat.h>

#include <inttypes.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "day.h"
#include "err.h"
#include "logfile.h"
#include "record.h"
#include "scheme.h"
#include "text.h"
#include "xmalloc.h"

#define DAY_SHOW_MAX	48	/* bytes of log text quoted in a message */
#define DAY_BLOCK	(16 * 1024)	/* bytes of records in a block */

/* Records are copied into blocks that live as long as the day: one malloc
 * for a few hundred actions, not one each. */
struct day_block {
	struct day_block	*next;		/* the block filled before */
	size_t			 used;
	size_t			 size;
	max_align_t		 data[];
};

struct day {
	struct log_header	 hdr;
	int			 has_midnight;
	int64_t			 midnight;	/* of hdr.date, local */

	struct day_action	*actions;
	size_t			 nactions;
	size_t			 size;
	size_t			 nreviews;	/* review records among them */
	struct day_block	*blocks;	/* the records; last first */

	struct day_state	 state;
	enum day_phase		 phase;		/* of state, moved on with it
						   by day_step (DAY_ALONE,
						   0, for none yet) */
	uint64_t		 last_seq;
	uint64_t		 last_session;

	char			*left_out;	/* records of two recorders at
						   once the rules refused, in
						   words; NULL if none */
	size_t			 nleft_out;

	int			 has_mono;	/* the last record with mono: */
	uint64_t		 mono_session;	/* its session, */
	int64_t			 mono;		/* monotonic time */
	int64_t			 mono_t;	/* and instant */

	/* The state before action check_at, kept every DAY_CHECK_EVERY
	 * actions as day_step reaches it: a replay after an undo or a
	 * review starts there, not at the first action, when nothing
	 * before it changed. */
	struct day_state	 check_state;
	enum day_phase		 check_phase;
	size_t			 check_at;
	int			 has_check;
};

#define DAY_CHECK_EVERY	16	/* actions; a copy of the state costs
				   about as much as a step */

/* A new day owning *hdr (moved in: *hdr is emptied). */
static struct day *
day_new_owning(struct log_header *hdr)
{
	struct day	*d;
	char		**field[] = { &hdr->school, &hdr->head, &hdr->observer,
			    &hdr->tz, &hdr->recorder };
	size_t		 i;

	d = xcalloc(1, sizeof *d);
	for (i = 0; i < sizeof field / sizeof field[0]; i++) {
		if (*field[i] == NULL)
			*field[i] = xstrdup("");	/* as a copy has it */
	}
	d->hdr = *hdr;
	memset(hdr, 0, sizeof *hdr);
	if (d->hdr.scheme == NULL)
		d->hdr.scheme = scheme_default();
	if (clock_midnight_ms(d->hdr.date, d->hdr.utc_offset, &d->midnight,
	    NULL) == 0)
		d->has_midnight = 1;
	return d;
}

struct day *
day_new(const struct log_header *hdr)
{
	struct log_header	copy;

	log_header_copy(&copy, hdr);
	return day_new_owning(&copy);
}

void
day_take_header(struct day *d, struct log_header *dst)
{
	*dst = d->hdr;
	memset(&d->hdr, 0, sizeof d->hdr);
}

void
day_free(struct day *d)
{
	struct day_block	*b;

	if (d == NULL)
		return;
	while ((b = d->blocks) != NULL) {
		d->blocks = b->next;
		free(b);
	}
	free(d->actions);
	free(d->left_out);
	log_header_free(&d->hdr);
	free(d);
}

const struct log_header *
day_header(const struct day *d)
{
	return &d->hdr;
}

int64_t
day_midnight(const struct day *d)
{
	return d->has_midnight ? d->midnight : 0;
}

/* size bytes in the day's blocks, aligned for a struct record; they
 * live as long as the day.  Inline: every record and its strings come
 * from here. */
static inline void *
day_alloc(struct day *d, size_t size)
{
	struct day_block	*b = d->blocks;
	size_t			 align = _Alignof(struct record);
	void			*p;

	size = (size + align - 1) / align * align;
	if (b == NULL || b->size - b->used < size) {
		b = xmalloc(sizeof *b + (size > DAY_BLOCK ? size : DAY_BLOCK));
		b->next = d->blocks;
		b->used = 0;
		b->size = size > DAY_BLOCK ? size : DAY_BLOCK;
		d->blocks = b;
	}
	p = (char *)b->data + b->used;
	b->used += size;
	return p;
}

/* The same as a log reader's allocator: a record read goes straight into
 * the day, its strings never copied again. */
static void *
day_alloc_for_reader(void *arg, size_t size)
{
	return day_alloc(arg, size);
}

/* rec as the day keeps it: a copy in its blocks, or rec itself when it
 * was read straight into them, strings and all (day_load_records). */
static struct record *
day_keep_record(struct day *d, const struct record *rec, int in_day)
{
	if (in_day)
		return (struct record *)rec;	/* the day's own */
	return record_dup_into(rec, day_alloc(d, record_dup_size(rec)));
}

/* Text from a log made safe to quote in a message; the caller frees it. */
static char *
day_show(const char *s)
{
	return text_show(s, strlen(s), DAY_SHOW_MAX);
}

/* Formats an instant as the local clock time of the day ("10:07:00"). */
static void
day_format_time(const struct day *d, int64_t t, char buf[CLOCK_HMS_LEN + 24])
{
	int64_t	c;

	if (d->has_midnight && !__builtin_sub_overflow(t, d->midnight, &c) &&
	    c > INT64_C(-100) * 3600 * 1000 && c < INT64_C(100) * 3600 * 1000) {
		clock_format_hms(c, buf);
		return;
	}
	snprintf(buf, CLOCK_HMS_LEN + 24, "@%" PRId64 " ms", t);
}

/*
 * Where a new session's first record goes when its wall clock is behind
 * the log (set back across a restart).  CLOCK_BOOTTIME runs on through a
 * restart on the same boot: where it moved on from the last record that
 * has it, the record goes that far after it, so the episode left open keeps
 * its time; else (a reboot) it is held at the last record.
 */
static int64_t
day_held_time(const struct day *d, const struct record *rec, int64_t last)
{
	int64_t	delta, t;

	if (!d->has_mono || rec->mono <= d->mono ||
	    __builtin_sub_overflow(rec->mono, d->mono, &delta) ||
	    __builtin_add_overflow(d->mono_t, delta, &t) || t < last)
		return last;
	return t;
}

/* The effective instant of rec placed after the records so far. */
static int
day_effective_time(const struct day *d, const struct record *rec,
    int64_t *t, struct err *e)
{
	char	a[CLOCK_HMS_LEN + 24], b[CLOCK_HMS_LEN + 24];
	int64_t	last, delta;

	last = day_last_time(d);
	if (rec->has_mono && d->has_mono && rec->session == d->mono_session) {
		if (__builtin_sub_overflow(rec->mono, d->mono, &delta) ||
		    __builtin_add_overflow(d->mono_t, delta, t)) {
			err_set(e, ERR_DATA, "monotonic time out of range");
			return -1;
		}
	} else if (rec->has_mono && d->nactions != 0) {
		*t = rec->t > last ? rec->t : day_held_time(d, rec, last);
		return 0;
	} else
		*t = rec->t;
	if (d->nactions != 0 && *t < last) {
		day_format_time(d, *t, a);
		day_format_time(d, last, b);
		err_set(e, ERR_DATA, "time %s is before the previous record "
		    "(%s)", a, b);
		return -1;
	}
	return 0;
}

/* Index of the action an undo would withdraw, or -1. */
static ssize_t
day_undo_index(const struct day *d)
{
	size_t			 i;
	const struct day_action	*a;

	for (i = d->nactions; i > 0; i--) {
		a = &d->actions[i - 1];
		if (a->withdrawn || a->rec->type == RECORD_BEGIN ||
		    a->rec->type == RECORD_UNDO ||
		    a->rec->type == RECORD_REDO || a->review)
			continue;
		return (ssize_t)(i - 1);
	}
	return -1;
}

/*
 * Index of the undo a redo would take back, or -1: the latest undo not
 * already taken back, provided nothing new has been done since (as in an
 * editor).  Undos and redos nest last in, first out, so the action it
 * restores finds the state it was first given in.
 */
static ssize_t
day_redo_index(const struct day *d)
{
	size_t			 i;
	const struct day_action	*a;

	for (i = d->nactions; i > 0; i--) {
		a = &d->actions[i - 1];
		if (a->rec->type == RECORD_UNDO && !a->withdrawn)
			return (ssize_t)(i - 1);
		if (a->withdrawn || a->rec->type == RECORD_UNDO ||
		    a->rec->type == RECORD_REDO || a->review)
			continue;
		return -1;
	}
	return -1;
}

/* day_check_with for a record that gives with=. */
static int
day_check_with_given(const struct day *d, const struct record *rec, int own,
    struct err *e)
{
	const struct scheme	*s = d->hdr.scheme;
	char			*shown;
	int			 g[RECORD_MAX_WITH];
	size_t			 i, j;

	for (i = 0; i < rec->nwith; i++) {
		if (rec->with[i] == NULL ||
		    (g[i] = scheme_find(s, rec->with[i])) < 0) {
			shown = day_show(rec->with[i] == NULL ? "" :
			    rec->with[i]);
			err_set(e, ERR_DATA, "%s: unknown group '%s' in with=",
			    record_type_name(rec->type), shown);
			free(shown);
			return -1;
		}
		if (g[i] == own) {
			err_set(e, ERR_DATA, "%s: with= names the episode's "
			    "own group '%s'", record_type_name(rec->type),
			    s->groups[own].name);
			return -1;
		}
		for (j = 0; j < i; j++) {
			if (g[j] == g[i]) {
				err_set(e, ERR_DATA, "%s: with= names group "
				    "'%s' twice", record_type_name(rec->type),
				    s->groups[g[i]].name);
				return -1;
			}
		}
	}
	return 0;
}

/* Checks the with= groups of a start or set whose own group is own.  The
 * test inline: most records give none, and then a call costs more than
 * the check. */
static inline int
day_check_with(const struct day *d, const struct record *rec, int own,
    struct err *e)
{
	return rec->has_with ? day_check_with_given(d, rec, own, e) : 0;
}

/* Whether an action amends what is in progress (set, alone) rather than
 * changing it: it bounds no move and ends no stretch. */
static int
day_amends(enum record_type type)
{
	return type == RECORD_SET || type == RECORD_ALONE;
}

/* day_check_dims for a record that gives dimensions. */
static int
day_check_dims_given(const struct day *d, const struct record *rec,
    enum scheme_for applies, struct err *e)
{
	const struct scheme	*s = d->hdr.scheme;
	const char		*what = record_type_name(rec->type);
	char			*shown, *why;
	size_t			 i, len;
	int			 k;

	for (i = 0; i < rec->ndims; i++) {
		len = strlen(rec->dims[2 * i]);
		if ((k = scheme_find_dim(s, rec->dims[2 * i], len)) < 0) {
			shown = day_show(rec->dims[2 * i]);
			err_set(e, ERR_DATA, "%s: unknown dimension '%s'", what,
			    shown);
			free(shown);
			return -1;
		}
		if (!(s->dims[k].applies & applies)) {
			err_set(e, ERR_DATA, "%s: %s does not code %s", what,
			    s->dims[k].name, applies == SCHEME_FOR_ALONE ?
			    "time alone" : "episodes");
			return -1;
		}
		len = strlen(rec->dims[2 * i + 1]);
		if (len == 0 && !day_amends(rec->type) &&
		    rec->type != RECORD_FIX) {
			err_set(e, ERR_DATA, "%s: empty value for %s", what,
			    s->dims[k].name);
			return -1;
		}
		if (len > 0 && (why = scheme_check_dim_value(&s->dims[k],
		    rec->dims[2 * i + 1], len)) != NULL) {
			err_set(e, ERR_DATA, "%s: %s: %s", what,
			    s->dims[k].name, why);
			free(why);
			return -1;
		}
	}
	return 0;
}

/* Checks the dimensions a record gives: the scheme's, coding what applies
 * (episodes or time alone), with valid values ("" clears, in set and fix
 * only).  The test inline, as day_check_with's. */
static inline int
day_check_dims(const struct day *d, const struct record *rec,
    enum scheme_for applies, struct err *e)
{
	return rec->ndims != 0 ?
	    day_check_dims_given(d, rec, applies, e) : 0;
}


/* Checks that an action of type needing running, unpaused observation
 * can go (inline: most records ask). */
static inline int
day_check_running(const struct day *d, enum record_type type, struct err *e)
{
	if (d->state.stopped) {
		err_set(e, ERR_DATA, "%s: observation has stopped (begin "
		    "first)", record_type_name(type));
		return -1;
	}
	if (d->state.paused) {
		err_set(e, ERR_DATA, "%s: observation is paused (resume first)",
		    record_type_name(type));
		return -1;
	}
	return 0;
}

/* Checks the group of a start or brief; its index goes to *g. */
static int
day_check_group(const struct day *d, const struct record *rec, int *g,
    struct err *e)
{
	char		*shown;

	if (rec->group == NULL || *rec->group == '\0') {
		err_set(e, ERR_DATA, "%s: no group",
		    record_type_name(rec->type));
		return -1;
	}
	if ((*g = scheme_find(d->hdr.scheme, rec->group)) < 0) {
		shown = day_show(rec->group);
		err_set(e, ERR_DATA, "%s: unknown group '%s'",
		    record_type_name(rec->type), shown);
		free(shown);
		return -1;
	}
	return 0;
}

/* ---- review records ---- */

/* The records a fix names a stretch alone by: what began it, or the alone
 * record that coded it. */
#define DAY_ALONE_TARGETS	(1u << RECORD_BEGIN | 1u << RECORD_END | \
				    1u << RECORD_RESUME | 1u << RECORD_ALONE)

/* The types a review of type may correct, as a mask of 1 << type. */
static unsigned
day_review_targets(enum record_type type)
{
	switch (type) {
	case RECORD_RECODE:
	case RECORD_WITHDRAW:
		return 1u << RECORD_START | 1u << RECORD_BRIEF |
		    1u << RECORD_ADD;
	case RECORD_FIX:	/* and a stretch alone, by what began it */
		return 1u << RECORD_START | 1u << RECORD_BRIEF |
		    1u << RECORD_ADD | DAY_ALONE_TARGETS;
	case RECORD_MOVE:
		return 1u << RECORD_START | 1u << RECORD_END |
		    1u << RECORD_PAUSE | 1u << RECORD_RESUME |
		    1u << RECORD_BRIEF;
	case RECORD_SPAN:
		return 1u << RECORD_BEGIN | 1u << RECORD_STOP;
	case RECORD_COMMENT:
		return 1u << RECORD_START | 1u << RECORD_ADD;
	default:
		return 0;
	}
}

/* The same in words, for messages. */
static const char *
day_review_words(enum record_type type)
{
	switch (type) {
	case RECORD_RECODE:
	case RECORD_WITHDRAW:
		return "start, brief or add";
	case RECORD_FIX:
		return "start, brief or add (or, for time alone, begin, end, "
		    "resume or alone)";
	case RECORD_MOVE:
		return "start, end, pause, resume or brief";
	case RECORD_SPAN:
		return "begin or stop";
	default:
		return "start or add";
	}
}

/* An action that places the day in time: in force, and neither an undo
 * nor a review. */
static int
day_in_force(const struct day_action *a)
{
	return !a->withdrawn && a->rec->type != RECORD_UNDO &&
	    a->rec->type != RECORD_REDO && !a->review;
}

/* Checks the target of a review record; its index goes to *i. */
static int
day_check_target(const struct day *d, const struct record *rec, size_t *i,
    struct err *e)
{
	const char		*what = rec->type == RECORD_SPAN ? "move" :
				    record_type_name(rec->type);
	const struct day_action	*a;
	ssize_t			 j;

	if ((j = day_seq_index(d, rec->target)) < 0) {
		err_set(e, ERR_DATA, "%s: there is no record #%" PRIu64, what,
		    rec->target);
		return -1;
	}
	a = &d->actions[j];
	if ((day_review_targets(rec->type) & (1u << a->rec->type)) == 0) {
		err_set(e, ERR_DATA, "%s: #%" PRIu64 " (%s) is not a %s%s",
		    what, rec->target, record_type_name(a->rec->type),
		    day_review_words(rec->type), rec->type == RECORD_MOVE &&
		    (a->rec->type == RECORD_BEGIN || a->rec->type ==
		    RECORD_STOP) ? " (for the day's begin or stop write "
		    "move begin TIME or move stop TIME)" : "");
		return -1;
	}
	if (a->withdrawn) {
		err_set(e, ERR_DATA, "%s: #%" PRIu64 " was withdrawn by an "
		    "undo", what, rec->target);
		return -1;
	}
	if (a->struck) {
		err_set(e, ERR_DATA, "%s: #%" PRIu64 " was withdrawn in review",
		    what, rec->target);
		return -1;
	}
	*i = (size_t)j;
	return 0;
}

/* Checks that a move keeps action i strictly between the actions in force
 * around it and, when none follows, not after the move's own instant t.
 * The day begins at its first record and, unless stopped, ends at its last
 * one that is not a review, withdrawn or not (timeline.c): with none in
 * force on that side, those bound the move too, or a stretch would run
 * backwards. */
static int
day_check_move(const struct day *d, const struct record *rec, size_t i,
    int64_t t, struct err *e)
{
	const struct day_action	*prev = NULL, *next = NULL, *last = NULL;
	char			 to[CLOCK_HMS_LEN + 24], at[CLOCK_HMS_LEN + 24];
	size_t			 j;

	/* A set amends the episode open when it was given, whatever its
	 * instant, so it bounds no move ("it began at 10:05, not 10:07"
	 * when the person was set at 10:06). */
	for (j = i; j > 0 && prev == NULL; j--) {
		if (day_in_force(&d->actions[j - 1]) &&
		    !day_amends(d->actions[j - 1].rec->type))
			prev = &d->actions[j - 1];
	}
	for (j = i + 1; j < d->nactions && next == NULL; j++) {
		if (day_in_force(&d->actions[j]) &&
		    !day_amends(d->actions[j].rec->type))
			next = &d->actions[j];
		else if (!d->actions[j].review)
			last = &d->actions[j];
	}
	day_format_time(d, rec->to, to);
	if (prev == NULL && i > 0 && rec->to < d->actions[0].at) {
		day_format_time(d, d->actions[0].at, at);
		err_set(e, ERR_DATA, "move: #%" PRIu64 " to %s would be before "
		    "the day begins (#%" PRIu64 " at %s)", rec->target, to,
		    d->actions[0].rec->seq, at);
		return -1;
	}
	if (next == NULL && last != NULL && rec->to > last->at) {
		day_format_time(d, last->at, at);
		err_set(e, ERR_DATA, "move: #%" PRIu64 " to %s would be after "
		    "the day ends (#%" PRIu64 " at %s)", rec->target, to,
		    last->rec->seq, at);
		return -1;
	}
	if (prev != NULL && rec->to <= prev->at) {
		day_format_time(d, prev->at, at);
		err_set(e, ERR_DATA, "move: #%" PRIu64 " to %s would not be "
		    "after #%" PRIu64 " (%s at %s)", rec->target, to,
		    prev->rec->seq, record_type_name(prev->rec->type), at);
		return -1;
	}
	if (next != NULL && rec->to >= next->at) {
		day_format_time(d, next->at, at);
		err_set(e, ERR_DATA, "move: #%" PRIu64 " to %s would not be "
		    "before #%" PRIu64 " (%s at %s)", rec->target, to,
		    next->rec->seq, record_type_name(next->rec->type), at);
		return -1;
	}
	if (next == NULL && rec->to > t) {
		day_format_time(d, t, at);
		err_set(e, ERR_DATA, "move: #%" PRIu64 " to %s would be after "
		    "the correction itself (%s)", rec->target, to, at);
		return -1;
	}
	return 0;
}

/* The first action that makes [from, to) other than alone time as
 * corrected so far: an episode, a pause, outside the day, or an add;
 * NULL when all of it is alone. */
static const struct day_action *
day_not_alone(const struct day *d, int64_t from, int64_t to,
    const struct day_action *skip)
{
	const struct day_action	*a, *since = NULL;
	enum { ALONE, BUSY, OUT }	 st = OUT;
	int64_t			 at = INT64_MIN;
	size_t			 i;

	for (i = 0; i < d->nactions; i++) {
		a = &d->actions[i];
		if (a->rec->type == RECORD_ADD && !a->struck && a != skip &&
		    a->rec->from < to && a->rec->to > from)
			return a;
		if (!day_in_force(a) || day_amends(a->rec->type) ||
		    a->rec->type == RECORD_NOTE || a->rec->type == RECORD_BRIEF)
			continue;
		if (st != ALONE && at < to && a->at > from)
			return since != NULL ? since : a;
		at = a->at;
		since = a;
		switch (a->rec->type) {
		case RECORD_START:
			st = a->struck ? ALONE : BUSY;
			break;
		case RECORD_PAUSE:
		case RECORD_STOP:
			st = a->rec->type == RECORD_STOP ? OUT : BUSY;
			break;
		default:
			st = ALONE;	/* begin, end, resume */
			break;
		}
	}
	if (st != ALONE && at < to)
		return since;
	if (st == ALONE && i > 0 && to > at)
		return since;	/* past the last action: the day's end */
	return NULL;
}

/* Checks an added episode (made at instant t): its group, with= and a
 * span in alone time. */
static int
day_check_add(const struct day *d, const struct record *rec, int64_t t,
    struct err *e)
{
	const struct day_action	*a;
	char			 f[CLOCK_HMS_LEN + 24], to[CLOCK_HMS_LEN + 24];
	char			 at[CLOCK_HMS_LEN + 24];
	int			 g;

	if (day_check_group(d, rec, &g, e) != 0 ||
	    day_check_with(d, rec, g, e) != 0 ||
	    day_check_dims(d, rec, SCHEME_FOR_EPISODES, e) != 0)
		return -1;
	day_format_time(d, rec->from, f);
	day_format_time(d, rec->to, to);
	if (rec->from >= rec->to) {
		err_set(e, ERR_DATA, "add: the end %s is not after the start "
		    "%s", to, f);
		return -1;
	}
	if (rec->to > t) {
		err_set(e, ERR_DATA, "add: %s-%s ends after the correction "
		    "itself", f, to);
		return -1;
	}
	if ((a = day_not_alone(d, rec->from, rec->to, NULL)) != NULL) {
		day_format_time(d, a->rec->type == RECORD_ADD ? a->rec->from :
		    a->at, at);
		err_set(e, ERR_DATA, "add: %s-%s is not all alone time: it "
		    "meets #%" PRIu64 " (%s at %s)", f, to, a->rec->seq,
		    record_type_name(a->rec->type), at);
		return -1;
	}
	return 0;
}

/* Checks that a move (checked otherwise) leaves each episode added in
 * review in alone time. */
static int
day_check_move_adds(struct day *d, const struct record *rec, struct err *e)
{
	struct day_action	*moved, *a;
	char			 f[CLOCK_HMS_LEN + 24];
	int64_t			 was;
	ssize_t			 j;
	size_t			 i;
	int			 bad = 0;

	if (!record_is_move(rec->type) ||
	    (j = day_seq_index(d, rec->target)) < 0)
		return 0;
	moved = &d->actions[j];
	was = moved->at;
	moved->at = rec->to;
	for (i = 0; i < d->nactions && !bad; i++) {
		a = &d->actions[i];
		if (a->rec->type == RECORD_ADD && !a->struck &&
		    day_not_alone(d, a->rec->from, a->rec->to, a) != NULL)
			bad = 1;
	}
	moved->at = was;
	if (!bad)
		return 0;
	a = &d->actions[i - 1];
	day_format_time(d, a->rec->from, f);
	err_set(e, ERR_DATA, "move: #%" PRIu64 " would overlap the episode "
	    "added in review at %s (#%" PRIu64 "): withdraw that first",
	    rec->target, f, a->rec->seq);
	return -1;
}

/* Whether a fix gives any detail of an episode (not a dimension). */
static int
day_fix_details(const struct record *rec)
{
	return rec->by != RECORD_BY_UNKNOWN || rec->person != NULL ||
	    rec->where != NULL || rec->mode != NULL || rec->has_with;
}

/* Checks a fix of the start, brief or add a: no mode or with= for a
 * brief, and with= not naming its group; or of the stretch alone a
 * begins or codes: a dimension of the time alone, nothing else. */
static int
day_check_fix(const struct day *d, const struct record *rec,
    const struct day_action *a, struct err *e)
{
	if (!day_fix_details(rec) && rec->ndims == 0) {
		err_set(e, ERR_DATA, "fix needs at least one of by=, person=, "
		    "where=, mode=, with=");
		return -1;
	}
	if (DAY_ALONE_TARGETS & (1u << a->rec->type)) {
		if (day_fix_details(rec)) {
			err_set(e, ERR_DATA, "fix: #%" PRIu64 " (%s) names "
			    "time alone: only a dimension of the time alone "
			    "can be fixed there", rec->target,
			    record_type_name(a->rec->type));
			return -1;
		}
		return day_check_dims(d, rec, SCHEME_FOR_ALONE, e);
	}
	if (a->rec->type == RECORD_BRIEF && (rec->mode != NULL ||
	    rec->has_with)) {
		err_set(e, ERR_DATA, "fix: #%" PRIu64 " is a brief contact: it "
		    "has no mode or with=", rec->target);
		return -1;
	}
	if (day_check_dims(d, rec, SCHEME_FOR_EPISODES, e) != 0)
		return -1;
	return day_check_with(d, rec, scheme_find(d->hdr.scheme, a->group),
	    e);
}

/* Checks a recode, move or comment made at instant t. */
static int
day_check_review(const struct day *d, const struct record *rec, int64_t t,
    struct err *e)
{
	const char	*p;
	size_t		 i;
	int		 g;

	if (rec->type == RECORD_COMMENT) {
		for (p = rec->text; p != NULL && (*p == ' ' || *p == '\t'); p++)
			continue;
		if (p == NULL || *p == '\0') {
			err_set(e, ERR_DATA, "comment: no text");
			return -1;
		}
		if (rec->target == 0) {
			if (d->nactions == 0) {
				err_set(e, ERR_DATA, "comment: nothing "
				    "recorded yet");
				return -1;
			}
			return 0;
		}
	}
	if (rec->type == RECORD_ADD)
		return day_check_add(d, rec, t, e);
	if (day_check_target(d, rec, &i, e) != 0)
		return -1;
	if (rec->type == RECORD_RECODE)
		return day_check_group(d, rec, &g, e);
	if (record_is_move(rec->type))
		return day_check_move(d, rec, i, t, e);
	if (rec->type == RECORD_FIX)
		return day_check_fix(d, rec, &d->actions[i], e);
	return 0;
}

/* day_amend_dims for a record that gives dimensions. */
static void
day_amend_dims_given(const struct scheme *s, const char **dims,
    const struct record *rec, enum scheme_for applies)
{
	size_t	i;
	int	k;

	for (i = 0; i < rec->ndims; i++) {
		k = scheme_find_dim(s, rec->dims[2 * i],
		    strlen(rec->dims[2 * i]));
		if (k >= 0 && (s->dims[k].applies & applies))
			dims[k] = *rec->dims[2 * i + 1] == '\0' ? NULL :
			    rec->dims[2 * i + 1];
	}
}

/* Applies the dimensions rec gives that code what applies to dims[]
 * (the test inline, as day_check_with's). */
static inline void
day_amend_dims(const struct scheme *s, const char **dims,
    const struct record *rec, enum scheme_for applies)
{
	if (rec->ndims != 0)
		day_amend_dims_given(s, dims, rec, applies);
}

/* Applies the fields a set or fix gives to ep; "" clears a string. */
static void
day_amend(const struct scheme *s, struct day_episode *ep,
    const struct record *rec)
{
	size_t	j;

	day_amend_dims(s, ep->dims, rec, SCHEME_FOR_EPISODES);
	if (rec->by != RECORD_BY_UNKNOWN)
		ep->by = rec->by;
	if (rec->person != NULL)
		ep->person = *rec->person == '\0' ? NULL : rec->person;
	if (rec->where != NULL)
		ep->where = *rec->where == '\0' ? NULL : rec->where;
	if (rec->mode != NULL)
		ep->mode = *rec->mode == '\0' ? NULL : rec->mode;
	if (rec->has_with) {
		for (j = 0; j < rec->nwith && j < RECORD_MAX_WITH; j++)
			ep->with[j] = rec->with[j];
		ep->nwith = j;
	}
}

/* The details of the start, brief or add at index i as corrected so far:
 * as logged, with the sets given while it was open and the fixes. */
static void
day_details(const struct day *d, size_t i, struct day_episode *ep)
{
	const struct record	*rec = d->actions[i].rec, *o;
	size_t			 j;
	int			 open = rec->type == RECORD_START;

	memset(ep, 0, sizeof *ep);
	ep->action = i;
	day_amend(d->hdr.scheme, ep, rec);
	for (j = i + 1; j < d->nactions; j++) {
		o = d->actions[j].rec;
		if (o->type == RECORD_FIX && o->target == rec->seq)
			day_amend(d->hdr.scheme, ep, o);
		if (!open || !day_in_force(&d->actions[j]))
			continue;
		if (o->type == RECORD_SET)
			day_amend(d->hdr.scheme, ep, o);
		else if (o->type == RECORD_START || o->type == RECORD_END ||
		    o->type == RECORD_PAUSE || o->type == RECORD_STOP)
			open = 0;
	}
}

/* Whether a and b, either NULL for none, differ. */
static int
day_differs(const char *a, const char *b)
{
	return strcmp(a != NULL ? a : "", b != NULL ? b : "") != 0;
}

/* Whether a fix changes any detail of what it targets (index i). */
static int
day_fix_changes(const struct day *d, const struct record *rec, size_t i)
{
	struct day_episode	ep;
	size_t			j;
	int			k;

	day_details(d, i, &ep);
	for (j = 0; j < rec->ndims; j++) {
		k = scheme_find_dim(d->hdr.scheme, rec->dims[2 * j],
		    strlen(rec->dims[2 * j]));
		if (k >= 0 && day_differs(rec->dims[2 * j + 1], ep.dims[k]))
			return 1;
	}
	if ((rec->by != RECORD_BY_UNKNOWN && rec->by != ep.by) ||
	    (rec->person != NULL && day_differs(rec->person, ep.person)) ||
	    (rec->where != NULL && day_differs(rec->where, ep.where)) ||
	    (rec->mode != NULL && day_differs(rec->mode, ep.mode)))
		return 1;
	if (!rec->has_with)
		return 0;
	if (rec->nwith != ep.nwith)
		return 1;
	for (j = 0; j < rec->nwith; j++) {
		if (day_differs(rec->with[j], ep.with[j]))
			return 1;
	}
	return 0;
}

int
day_find_edge(const struct day *d, enum record_type type, uint64_t *seq,
    struct err *e)
{
	const struct day_action	*a = NULL;
	size_t			 i;

	for (i = 0; i < d->nactions; i++) {
		if (!day_in_force(&d->actions[i]))
			continue;
		a = &d->actions[i];
		if (type == RECORD_BEGIN)
			break;
	}
	if (a == NULL || a->rec->type != type) {
		return err_set(e, ERR_DATA, "%s", type == RECORD_BEGIN ?
		    "move: the day has no begin (its first action is not one)" :
		    "move: the day has no stop in force (its last action is "
		    "not one)");
	}
	*seq = a->rec->seq;
	return 0;
}

int
day_review_changes(const struct day *d, const struct record *rec,
    struct err *e)
{
	const struct day_action	*a;
	char			 at[CLOCK_HMS_LEN + 24];
	ssize_t			 i;

	if (rec->type == RECORD_COMMENT || rec->type == RECORD_ADD ||
	    (i = day_seq_index(d, rec->target)) < 0)
		return 0;
	a = &d->actions[i];
	if (rec->type == RECORD_RECODE && a->group != NULL &&
	    rec->group != NULL && scheme_find(d->hdr.scheme, a->group) ==
	    scheme_find(d->hdr.scheme, rec->group)) {
		return err_set(e, ERR_DATA, "recode: #%" PRIu64 " is already "
		    "%s: nothing to correct", rec->target, a->group);
	}
	if (rec->type == RECORD_FIX && (a->rec->type == RECORD_START ||
	    a->rec->type == RECORD_BRIEF || a->rec->type == RECORD_ADD) &&
	    !day_fix_changes(d, rec, (size_t)i)) {
		return err_set(e, ERR_DATA, "fix: #%" PRIu64 " already has "
		    "these details: nothing to correct", rec->target);
	}
	if (record_is_move(rec->type) && a->at == rec->to) {
		day_format_time(d, a->at, at);
		return err_set(e, ERR_DATA, "move: #%" PRIu64 " is already at "
		    "%s: nothing to correct", rec->target, at);
	}
	return 0;
}

/* Marks the correction of a review record (checked, owned by the day);
 * returns the index of the action it changed, or the last if none. */
static size_t
day_review(struct day *d, const struct record *rec)
{
	ssize_t	i;

	if (rec->type == RECORD_COMMENT ||
	    (i = day_seq_index(d, rec->target)) < 0)
		return d->nactions - 1;
	if (rec->type == RECORD_RECODE) {
		d->actions[i].group = rec->group;
		d->actions[i].g = scheme_find(d->hdr.scheme, rec->group);
	} else if (record_is_move(rec->type))
		d->actions[i].at = rec->to;
	else if (rec->type == RECORD_WITHDRAW)
		d->actions[i].struck = 1;
	return (size_t)i;
}

/* Checks rec, to be placed at instant t, against the rules, given the
 * present state; a start's or brief's group index goes to *g (found once
 * for the check and the action). */
static int
day_check(const struct day *d, const struct record *rec, int64_t t, int *g,
    struct err *e)
{
	const struct day_state	*st = &d->state;
	ssize_t			 u;

	if ((unsigned)rec->type >= RECORD_NTYPES) {
		err_set(e, ERR_DATA, "unknown record type %d", (int)rec->type);
		return -1;
	}
	if (rec->nwith > RECORD_MAX_WITH) {
		err_set(e, ERR_DATA, "%s: too many groups in with=",
		    record_type_name(rec->type));
		return -1;
	}
	switch (rec->type) {
	case RECORD_BEGIN:
		if (st->begun && !st->stopped) {
			err_set(e, ERR_DATA, "begin: observation has already "
			    "begun");
			return -1;
		}
		return 0;
	case RECORD_START:
		if (day_check_running(d, rec->type, e) != 0 ||
		    day_check_group(d, rec, g, e) != 0 ||
		    day_check_dims(d, rec, SCHEME_FOR_EPISODES, e) != 0)
			return -1;
		return day_check_with(d, rec, *g, e);
	case RECORD_BRIEF:
		if (day_check_running(d, rec->type, e) != 0 ||
		    day_check_dims(d, rec, SCHEME_FOR_EPISODES, e) != 0)
			return -1;
		return day_check_group(d, rec, g, e);
	case RECORD_ALONE:
		if (day_check_running(d, rec->type, e) != 0)
			return -1;
		if (st->open) {
			err_set(e, ERR_DATA, "alone: an episode is open (set "
			    "gives its values)");
			return -1;
		}
		if (rec->ndims == 0) {
			err_set(e, ERR_DATA, "alone: no dimension given");
			return -1;
		}
		return day_check_dims(d, rec, SCHEME_FOR_ALONE, e);
	case RECORD_SET:
		if (st->open &&
		    day_check_dims(d, rec, SCHEME_FOR_EPISODES, e) != 0)
			return -1;
		/* FALLTHROUGH */
	case RECORD_END:
		if (!st->open) {
			err_set(e, ERR_DATA, "%s: no episode is open",
			    record_type_name(rec->type));
			return -1;
		}
		if (rec->type == RECORD_SET)
			return day_check_with(d, rec, st->episode.group, e);
		return 0;
	case RECORD_NOTE:
		return 0;
	case RECORD_PAUSE:
		if (st->stopped) {
			err_set(e, ERR_DATA, "pause: observation has stopped");
			return -1;
		}
		if (st->paused) {
			err_set(e, ERR_DATA, "pause: observation is already "
			    "paused");
			return -1;
		}
		return 0;
	case RECORD_RESUME:
		if (st->stopped) {
			err_set(e, ERR_DATA, "resume: observation has stopped "
			    "(begin to continue)");
			return -1;
		}
		if (!st->paused) {
			err_set(e, ERR_DATA, "resume: not paused");
			return -1;
		}
		return 0;
	case RECORD_STOP:
		if (st->stopped) {
			err_set(e, ERR_DATA, "stop: observation has already "
			    "stopped");
			return -1;
		}
		return 0;
	case RECORD_UNDO:
		if ((u = day_undo_index(d)) < 0) {
			err_set(e, ERR_DATA, "undo: nothing to undo");
			return -1;
		}
		if (rec->undoes != 0 && rec->undoes != d->actions[u].rec->seq) {
			err_set(e, ERR_DATA, "undo: withdraws seq %" PRIu64
			    " but the last action is seq %" PRIu64, rec->undoes,
			    d->actions[u].rec->seq);
			return -1;
		}
		return 0;
	case RECORD_REDO:
		if ((u = day_redo_index(d)) < 0) {
			err_set(e, ERR_DATA, "redo: nothing to redo");
			return -1;
		}
		if (rec->target != 0 && rec->target != d->actions[u].rec->seq) {
			err_set(e, ERR_DATA, "redo: takes back undo #%" PRIu64
			    " but the latest is #%" PRIu64, rec->target,
			    d->actions[u].rec->seq);
			return -1;
		}
		return 0;
	case RECORD_RECODE:
	case RECORD_MOVE:
	case RECORD_COMMENT:
	case RECORD_ADD:
	case RECORD_WITHDRAW:
	case RECORD_FIX:
	case RECORD_SPAN:
		return day_check_review(d, rec, t, e);
	default:
		break;
	}
	err_set(e, ERR_DATA, "unknown record type %d", (int)rec->type);
	return -1;
}

/* Opens the episode of a start action. */
static void
day_open_episode(struct day *d, size_t i, int g)
{
	struct day_state	*st = &d->state;
	const struct record	*rec = d->actions[i].rec;
	struct day_episode	*ep = &st->episode;
	size_t			 j;

	/* Field by field: the with= slots past nwith are never read, and
	 * clearing them all would cost more than the rest of a start. */
	ep->action = i;
	ep->group = g;
	ep->by = rec->by;
	ep->person = rec->person;
	ep->where = rec->where;
	ep->mode = rec->mode;
	ep->nwith = 0;
	if (rec->has_with) {
		for (j = 0; j < rec->nwith && j < RECORD_MAX_WITH; j++)
			ep->with[j] = rec->with[j];
		ep->nwith = j;
	}
	memset(ep->dims, 0, sizeof ep->dims);
	day_amend_dims(d->hdr.scheme, ep->dims, rec, SCHEME_FOR_EPISODES);
	ep->since = d->actions[i].at;
	st->open = 1;
	st->since = ep->since;
}

/* day_walk's body, inline in day_step: a day's state takes a step for
 * every action given and again for each replayed after an undo. */
static inline enum day_move
day_walk_on(enum day_phase *phase, const struct day_action *a, int reviewed)
{
	enum day_phase	from = *phase;
	int		running = from == DAY_ALONE || from == DAY_EPISODE;

	if (reviewed && a->struck) {
		/* Withdrawn in review: the episode's time is alone time and
		 * a brief contact is not there. */
		if (a->rec->type != RECORD_START || from != DAY_EPISODE)
			return DAY_STAY;
		*phase = DAY_ALONE;
		return DAY_TO_ALONE;
	}
	switch (a->rec->type) {
	case RECORD_BEGIN:		/* else left running by an undone stop */
		*phase = from == DAY_STOPPED ? DAY_ALONE : from;
		return from == DAY_STOPPED ? DAY_TO_ALONE : DAY_STAY;
	case RECORD_START:
		if (!running || (reviewed ? a->g : a->recorded_g) < 0)
			return DAY_STAY;
		*phase = DAY_EPISODE;
		return DAY_OPEN;
	case RECORD_END:
		*phase = from == DAY_EPISODE ? DAY_ALONE : from;
		return from == DAY_EPISODE ? DAY_TO_ALONE : DAY_STAY;
	case RECORD_BRIEF:
	case RECORD_NOTE:
		return DAY_INSTANT;
	case RECORD_PAUSE:
		*phase = running ? DAY_PAUSED : from;
		return running ? DAY_TO_PAUSE : DAY_STAY;
	case RECORD_RESUME:
		*phase = from == DAY_PAUSED ? DAY_ALONE : from;
		return from == DAY_PAUSED ? DAY_TO_ALONE : DAY_STAY;
	case RECORD_STOP:
		*phase = DAY_STOPPED;
		return from != DAY_STOPPED ? DAY_TO_STOP : DAY_STAY;
	case RECORD_SET:
		return from == DAY_EPISODE ? DAY_AMEND : DAY_STAY;
	case RECORD_ALONE:	/* codes the time alone in progress */
		return from == DAY_ALONE ? DAY_AMEND : DAY_STAY;
	default:
		return DAY_STAY;
	}
}

enum day_move
day_walk(enum day_phase *phase, const struct day_action *a, int reviewed)
{
	return day_walk_on(phase, a, reviewed);
}

/*
 * Moves the state on by action i, as day_walk says (reviewed: instants as
 * moved, groups as recoded, starts withdrawn in review alone).  Never
 * fails: actions were checked when applied.  It counts nothing: the
 * counts are the timeline's.
 */
static void
day_step(struct day *d, size_t i)
{
	struct day_state	*st = &d->state;
	const struct day_action	*a = &d->actions[i];

	if (a->review)
		return;		/* corrections change no state */
	if (!st->begun) {
		st->begun = 1;
		st->since = a->at;
	}
	if (a->withdrawn || a->rec->type == RECORD_UNDO ||
	    a->rec->type == RECORD_REDO)
		return;
	switch (day_walk_on(&d->phase, a, 1)) {
	case DAY_OPEN:
		day_open_episode(d, i, a->g);	/* as recoded */
		return;
	case DAY_AMEND:
		if (st->open)
			day_amend(d->hdr.scheme, &st->episode, a->rec);
		else
			day_amend_dims(d->hdr.scheme, st->alone_dims, a->rec,
			    SCHEME_FOR_ALONE);
		return;
	case DAY_TO_ALONE:
	case DAY_TO_PAUSE:
	case DAY_TO_STOP:
		memset(st->alone_dims, 0, sizeof st->alone_dims);
		st->open = 0;
		st->paused = d->phase == DAY_PAUSED;
		st->stopped = d->phase == DAY_STOPPED;
		st->since = a->at;
		return;
	default:
		return;
	}
}

/* day_step, keeping the state before every DAY_CHECK_EVERY-th action. */
static void
day_step_kept(struct day *d, size_t i)
{
	if (i % DAY_CHECK_EVERY == 0) {
		d->check_state = d->state;
		d->check_phase = d->phase;
		d->check_at = i;
		d->has_check = 1;
	}
	day_step(d, i);
}

/*
 * Rebuilds the state after a change to action changed (nothing before it
 * changed): from the kept state if it came no later, else from the first
 * action.  A replay from the first cost a step for every action before
 * each undo; the kept state leaves fewer than DAY_CHECK_EVERY or so.
 */
static void
day_replay(struct day *d, size_t changed)
{
	size_t	i = 0;

	if (d->has_check && d->check_at <= changed) {
		d->state = d->check_state;
		d->phase = d->check_phase;
		i = d->check_at;
	} else {
		memset(&d->state, 0, sizeof d->state);
		d->phase = DAY_ALONE;
	}
	for (; i < d->nactions; i++)
		day_step_kept(d, i);
}

/* Takes back the undo at index u with redo rec: the action it withdrew is
 * in force again, at its own instant. */
static void
day_redo(struct day *d, struct record *rec, size_t u)
{
	ssize_t	i;

	rec->target = d->actions[u].rec->seq;
	d->actions[u].withdrawn = 1;
	if ((i = day_seq_index(d, d->actions[u].rec->undoes)) >= 0)
		d->actions[i].withdrawn = 0;
	day_replay(d, i >= 0 && (size_t)i < u ? (size_t)i : u);
}

/*
 * Applies rec.  With gaps set, a seq past the next one is accepted: a
 * reader skips records of types this version does not know, after checking
 * the file's own numbering.  With in_day set, rec and its strings are
 * already in the day's blocks (read straight into the day): kept, not
 * copied.
 */
static int
day_apply_seq(struct day *d, const struct record *rec, int gaps, int in_day,
    struct err *e)
{
	struct day_action	*a;
	int64_t			 t;
	uint64_t		 next = day_next_seq(d);
	ssize_t			 u = -1;
	int			 g = -1, review = record_is_review(rec->type);

	if (rec->seq != 0 && rec->seq != next && !(gaps && rec->seq > next)) {
		err_set(e, ERR_DATA, "record seq %" PRIu64 ", expected %"
		    PRIu64, rec->seq, next);
		return -1;
	}
	if (rec->seq != 0)
		next = rec->seq;
	if (day_effective_time(d, rec, &t, e) != 0)
		return -1;
	if (day_check(d, rec, t, &g, e) != 0 ||
	    (review && day_check_move_adds(d, rec, e) != 0))
		return -1;
	if (rec->type == RECORD_UNDO)
		u = day_undo_index(d);
	else if (rec->type == RECORD_REDO)
		u = day_redo_index(d);

	if (d->nactions == d->size) {
		d->size = d->size == 0 ? 128 : d->size * 2;	/* a day:
							   a hundred or so */
		d->actions = xreallocarray(d->actions, d->size,
		    sizeof *d->actions);
	}
	a = &d->actions[d->nactions++];
	a->rec = day_keep_record(d, rec, in_day);
	a->rec->seq = next;
	a->t = t;
	a->withdrawn = 0;
	a->review = review;
	a->struck = 0;
	a->at = rec->type == RECORD_ADD ? rec->from : t;
	a->group = rec->type == RECORD_START || rec->type == RECORD_BRIEF ||
	    rec->type == RECORD_ADD ? a->rec->group : NULL;
	if (rec->type == RECORD_ADD)	/* else found by day_check */
		g = scheme_find(d->hdr.scheme, a->group);
	a->recorded_g = a->g = a->group != NULL ? g : -1;
	d->last_seq = next;
	d->nreviews += review;
	if (rec->session > d->last_session)
		d->last_session = rec->session;
	if (rec->has_mono) {
		d->has_mono = 1;
		d->mono_session = rec->session;
		d->mono = rec->mono;
		d->mono_t = t;
	}

	if (u >= 0 && rec->type == RECORD_REDO)
		day_redo(d, a->rec, (size_t)u);
	else if (u >= 0) {
		a->rec->undoes = d->actions[u].rec->seq;
		d->actions[u].withdrawn = 1;
		day_replay(d, (size_t)u);
	} else if (review) {
		/* the open episode follows its corrections */
		day_replay(d, day_review(d, a->rec));
	} else
		day_step_kept(d, d->nactions - 1);
	return 0;
}

int
day_apply(struct day *d, const struct record *rec, struct err *e)
{
	return day_apply_seq(d, rec, 0, 0, e);
}

uint64_t
day_next_seq(const struct day *d)
{
	return d->last_seq + 1;
}

uint64_t
day_undo_target(const struct day *d)
{
	ssize_t	u;

	if ((u = day_undo_index(d)) < 0)
		return 0;
	return d->actions[u].rec->seq;
}

uint64_t
day_redo_target(const struct day *d)
{
	ssize_t	u;

	if ((u = day_redo_index(d)) < 0)
		return 0;
	return d->actions[u].rec->seq;
}

int64_t
day_last_time(const struct day *d)
{
	if (d->nactions == 0)
		return 0;
	return d->actions[d->nactions - 1].t;
}

uint64_t
day_last_session(const struct day *d)
{
	return d->last_session;
}

const struct day_state *
day_state(const struct day *d)
{
	return &d->state;
}

size_t
day_nactions(const struct day *d)
{
	return d->nactions;
}

const struct day_action *
day_action(const struct day *d, size_t i)
{
	if (i >= d->nactions)
		return NULL;
	return &d->actions[i];
}

const struct day_action *
day_actions(const struct day *d)
{
	return d->actions;
}

size_t
day_nreviews(const struct day *d)
{
	return d->nreviews;
}

ssize_t
day_seq_index(const struct day *d, uint64_t seq)
{
	size_t	lo = 0, hi = d->nactions, mid;

	/* seq rises through the actions (with gaps where types were
	 * skipped). */
	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (d->actions[mid].rec->seq < seq)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo < d->nactions && d->actions[lo].rec->seq == seq)
		return (ssize_t)lo;
	return -1;
}

/* Appends "#SEQ type HH:MM:SS" of action a to the list *list. */
static void
day_list_candidate(const struct day *d, const struct day_action *a,
    char **list)
{
	char	 hms[CLOCK_HMS_LEN + 24], *next;

	day_format_time(d, a->at, hms);
	next = xasprintf("%s%s#%" PRIu64 " %s %s", *list,
	    **list == '\0' ? "" : ", ", a->rec->seq,
	    record_type_name(a->rec->type), hms);
	free(*list);
	*list = next;
}

/* The one action in force of mask (record types) at the clock time. */
static int
day_find_mask(const struct day *d, enum record_type type, unsigned mask,
    int64_t clock_ms, int64_t span, uint64_t *seq, struct err *e)
{
	const struct day_action	*a;
	const char		*what = record_type_name(type);
	char			 want[CLOCK_HMS_LEN], *list;
	size_t			 i, n = 0;
	int64_t			 c;

	list = xstrdup("");
	for (i = 0; i < d->nactions && d->has_midnight; i++) {
		a = &d->actions[i];
		if (a->withdrawn || a->struck ||
		    (mask & (1u << a->rec->type)) == 0 ||
		    __builtin_sub_overflow(a->at, d->midnight, &c) ||
		    c < clock_ms || c - clock_ms >= span)
			continue;
		day_list_candidate(d, a, &list);
		*seq = a->rec->seq;
		n++;
	}
	clock_format_hms(clock_ms, want);
	if (span == 60000)
		want[5] = '\0';	/* as written: HH:MM */
	if (n == 1) {
		free(list);
		return 0;
	}
	if (n == 0)
		err_set(e, ERR_DATA, "%s: no %s at %s", what,
		    mask == DAY_ALONE_TARGETS ? "begin, end, resume or alone "
		    "(a dimension of the time alone names a stretch alone)" :
		    day_review_words(type), want);
	else
		err_set(e, ERR_DATA, "%s: %zu records at %s (%s): name one by "
		    "#SEQ", what, n, want, list);
	free(list);
	return -1;
}

int
day_find_target(const struct day *d, enum record_type type, int64_t clock_ms,
    int64_t span, uint64_t *seq, struct err *e)
{
	return day_find_mask(d, type, day_review_targets(type) &
	    ~(type == RECORD_FIX ? DAY_ALONE_TARGETS : 0u), clock_ms, span,
	    seq, e);
}

/* Whether a fix codes only time alone: it gives dimensions, each of the
 * time alone and not of episodes, and nothing else. */
static int
day_fix_alone(const struct day *d, const struct record *rec)
{
	const struct scheme	*s = d->hdr.scheme;
	size_t			 i;
	int			 k;

	if (rec->type != RECORD_FIX || rec->ndims == 0 ||
	    day_fix_details(rec))
		return 0;
	for (i = 0; i < rec->ndims; i++) {
		k = scheme_find_dim(s, rec->dims[2 * i],
		    strlen(rec->dims[2 * i]));
		if (k < 0 || s->dims[k].applies != SCHEME_FOR_ALONE)
			return 0;
	}
	return 1;
}

int
day_find_record_target(const struct day *d, const struct record *rec,
    int64_t clock_ms, int64_t span, uint64_t *seq, struct err *e)
{
	if (day_fix_alone(d, rec))
		return day_find_mask(d, rec->type, DAY_ALONE_TARGETS, clock_ms,
		    span, seq, e);
	return day_find_target(d, rec->type, clock_ms, span, seq, e);
}


/* Leaves out a record the rules refuse once two recorders wrote at once:
 * their two views of the day cannot both hold, and the rest is kept. */
static void
day_leave_out(struct day *d, const struct record *rec, off_t at,
    const char *why)
{
	char	*more;

	more = xasprintf("%s%s#%" PRIu64 " %s (byte %lld, session %" PRIu64
	    "): %s", d->left_out != NULL ? d->left_out : "",
	    d->left_out != NULL ? "; " : "", rec->seq,
	    record_type_name(rec->type), (long long)at, rec->session, why);
	free(d->left_out);
	d->left_out = more;
	d->nleft_out++;
	d->last_seq = rec->seq;
}

/* Applies every record of an open reader; -1 with e on a bad one.  Each
 * is read into a place in the day's blocks, where the day keeps it (no
 * copy); a place whose record is left out serves the next. */
static int
day_load_records(const char *path, struct log_reader *r, struct day *d,
    struct err *e)
{
	struct log_interleave	 in;
	struct record		*rec = NULL;
	struct err		 why = ERR_INIT;
	int			 n;

	for (;;) {
		if (rec == NULL)
			rec = day_alloc(d, sizeof *rec);
		if ((n = log_reader_next(r, rec, e)) != 1)
			break;
		if (day_apply_seq(d, rec, 1, 1, &why) == 0) {
			rec = NULL;
			continue;
		}
		log_reader_interleaved(r, &in);
		if (in.n != 0) {
			day_leave_out(d, rec, log_reader_offset(r), why.msg);
			err_clear(&why);
			continue;
		}
		err_move(e, &why);
		err_file(e, path);
		err_offset(e, log_reader_offset(r));
		return -1;
	}
	return n < 0 ? -1 : 0;
}

/* Adds to *warning what two recorders at once wrote, and what the day's
 * rules left out of it. */
static void
day_load_interleaved(const char *path, struct log_reader *r,
    const struct day *d, char **warning)
{
	struct log_interleave	 in;
	char			*more, *out = NULL;

	log_reader_interleaved(r, &in);
	if (in.n == 0)
		return;
	if (d->nleft_out != 0)
		out = xasprintf("; %zu of them left out, as the day could not "
		    "hold both recorders' views (%s)", d->nleft_out,
		    d->left_out);
	more = xasprintf("%s%s%s: records #%" PRIu64 "..#%" PRIu64 " (bytes "
	    "%lld..%lld) were written by two recorders at once (sessions %"
	    PRIu64 " and %" PRIu64 "); %zu were out of sequence and are "
	    "read in file order, numbered on%s", *warning != NULL ? *warning :
	    "", *warning != NULL ? "; " : "", path, in.first_seq, in.last_seq,
	    (long long)in.first_at, (long long)in.last_at, in.session_lo,
	    in.session_hi, in.n, out != NULL ? out : "");
	free(out);
	free(*warning);
	*warning = more;
}

size_t
day_nleft_out(const struct day *d)
{
	return d->nleft_out;
}

/* Fills how from the end of the read; -1 with e when the damage is in
 * the middle. */
static int
day_load_end(const char *path, struct log_reader *r, struct day_loaded *how,
    struct err *e)
{
	struct err	 end = ERR_INIT;
	struct stat	 sb;
	const char	*why;

	how->status = log_reader_status(r, &how->good_len, &how->damage_at);
	if (log_reader_end(r, &end) == LOG_CORRUPT) {
		err_move(e, &end);
		return -1;
	}
	why = end.msg != NULL ? end.msg : "a record cut short";
	if (how->status == LOG_TORN && stat(path, &sb) == 0 &&
	    sb.st_size >= how->damage_at)
		how->warning = xasprintf("%s: torn tail at byte %lld (%lld "
		    "bytes): %s", path, (long long)how->damage_at,
		    (long long)(sb.st_size - how->damage_at), why);
	else if (how->status == LOG_TORN)
		how->warning = xasprintf("%s: torn tail at byte %lld: %s",
		    path, (long long)how->damage_at, why);
	err_clear(&end);
	return 0;
}

/* day_load on a reader that has read the header, which it leaves idle. */
static int
day_load_reader(const char *path, struct log_reader *r, struct day **dp,
    struct day_loaded *how, struct err *e)
{
	struct day		*d;
	struct log_header	 hdr;

	log_reader_take_header(r, &hdr);
	d = day_new_owning(&hdr);
	log_reader_set_alloc(r, day_alloc_for_reader, d);
	if (day_load_records(path, r, d, e) != 0 ||
	    day_load_end(path, r, how, e) != 0) {
		log_reader_finish(r);
		day_free(d);
		return -1;
	}
	day_load_interleaved(path, r, d, &how->warning);
	log_reader_finish(r);
	*dp = d;
	return 0;
}

int
day_load(const char *path, struct day **dp, struct day_loaded *how,
    struct err *e)
{
	struct log_reader	*r;
	int			 ret;

	*dp = NULL;
	memset(how, 0, sizeof *how);
	if (log_reader_open(path, &r, e) != 0)
		return -1;
	ret = day_load_reader(path, r, dp, how, e);
	log_reader_close(r);
	return ret;
}

int
day_load_fd(const char *path, int fd, struct day **dp, struct day_loaded *how,
    struct err *e)
{
	struct log_reader	*r;
	int			 ret;

	r = log_reader_new();
	ret = day_load_with(r, path, fd, dp, how, e);
	log_reader_close(r);
	return ret;
}

int
day_load_with(struct log_reader *r, const char *path, int fd,
    struct day **dp, struct day_loaded *how, struct err *e)
{
	*dp = NULL;
	memset(how, 0, sizeof *how);
	if (log_reader_start(r, path, fd, e) != 0)
		return -1;
	return day_load_reader(path, r, dp, how, e);
}
