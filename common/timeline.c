/*
 * A day as a timeline: walked from a log's actions by the day's rules, or
 * built item by item by a reader and then checked.  Easy to get wrong: a
 * stretch is listed when it starts (so ties stay in record order) and is
 * taken out again if it closes with no length, joining what it separated;
 * and a review's move changes an action's instant, never its place in the
 * order (day.c keeps it between its neighbours).  A wall-clock jump is
 * found from the two clocks a record keeps, never from the gap between two
 * records' wall times, which a long episode makes as large as it likes.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "day.h"
#include "err.h"
#include "record.h"
#include "scheme.h"
#include "timeline.h"
#include "xmalloc.h"

/* Clock times are kept within this many ms of midnight (about 35 000
 * years), so that no duration or sum of durations can overflow. */
#define TL_CLOCK_MAX	(INT64_C(1) << 50)

struct tl_walk {
	struct timeline	*tl;
	int64_t		 midnight;
	int		 reviewed;	/* apply the review records */
	enum day_phase	 phase;		/* day_walk's */
	int		 has_open;
	size_t		 open;		/* index of the open stretch */
	int		 has_dropped;	/* a stretch of no length was just */
	size_t		 dropped;	/* taken out from this index */
	int64_t		 dropped_t;	/* at this instant */
	int64_t		 stopped_at;
	int64_t		 stopped_as_recorded;
	int64_t		 as_recorded;	/* the action walked: clock time as
					   first logged */
	uint64_t	 seq;		/* and its seq */
};

static const char *tl_kind_names[] = {
	"episode", "alone", "pause", "brief", "note"
};

static int
tl_is_stretch(enum tl_kind kind)
{
	return kind == TL_EPISODE || kind == TL_ALONE || kind == TL_PAUSE;
}

/* A person, where or mode for an item of tl: a copy of s, or s itself
 * when tl borrows them from its day; NULL when s is NULL or empty. */
static char *
tl_copy(const struct timeline *tl, const char *s)
{
	if (s == NULL || *s == '\0')
		return NULL;
	if (tl->day != NULL)
		return (char *)s;
	return xstrdup(s);
}

/* A NOTE item's text for tl: text itself when tl borrows from its day,
 * else a copy; "" for none. */
static char *
tl_note(const struct timeline *tl, const char *text)
{
	if (text == NULL)
		text = "";
	if (tl->day != NULL)
		return (char *)text;
	return xstrdup(text);
}

/* Frees what an item of tl owns. */
static inline void
tl_item_clear(const struct timeline *tl, struct tl_item *item)
{
	size_t	i;

	if (tl->day == NULL) {
		free(item->person);
		free(item->where);
		free(item->mode);
		for (i = 0; item->dims != NULL && i < tl->scheme->ndims; i++)
			free(item->dims[i]);
	}
	if (item->dims != NULL)	/* rare: no call for the rest */
		free(item->dims);
	if (item->note != NULL && (tl->day == NULL || item->kind != TL_NOTE))
		free(item->note);	/* an episode's comments: owned */
}

/* Sets dimension k of an item of tl to value (NULL or "" clears it). */
void
timeline_set_dim(const struct timeline *tl, struct tl_item *item, size_t k,
    const char *value)
{
	if (item->dims == NULL) {
		if (value == NULL || *value == '\0')
			return;
		item->dims = xcalloc(tl->scheme->ndims, sizeof *item->dims);
	}
	if (tl->day == NULL)
		free(item->dims[k]);
	item->dims[k] = tl_copy(tl, value);
}

/* tl_dims for a record that gives dimensions. */
static void
tl_dims_given(const struct timeline *tl, struct tl_item *item,
    const struct record *rec)
{
	const struct scheme	*s = tl->scheme;
	enum scheme_for		 applies;
	size_t			 i;
	int			 k;

	applies = item->kind == TL_ALONE ? SCHEME_FOR_ALONE :
	    SCHEME_FOR_EPISODES;
	for (i = 0; i < rec->ndims; i++) {
		k = scheme_find_dim(s, rec->dims[2 * i],
		    strlen(rec->dims[2 * i]));
		if (k >= 0 && (s->dims[k].applies & applies))
			timeline_set_dim(tl, item, (size_t)k,
			    rec->dims[2 * i + 1]);
	}
}

/* Applies the dimensions rec gives that code the item's kind.  The test
 * inline: most records give none, and then a call costs more than it. */
static inline void
tl_dims(const struct timeline *tl, struct tl_item *item,
    const struct record *rec)
{
	if (rec->ndims != 0)
		tl_dims_given(tl, item, rec);
}

/* The value of dimension k of an item, or NULL. */
const char *
timeline_dim(const struct tl_item *item, size_t k)
{
	return item->dims != NULL ? item->dims[k] : NULL;
}

/* Makes room for n items in all. */
static void
tl_reserve(struct timeline *tl, size_t n)
{
	if (n <= tl->items_size)
		return;
	tl->items_size = n;
	tl->items = xreallocarray(tl->items, n, sizeof *tl->items);
}

/* Inserts a zeroed item at index i (nitems: appends) and returns it. */
static inline struct tl_item *
tl_insert(struct timeline *tl, size_t i)
{
	struct tl_item	*item;

	if (tl->nitems == tl->items_size)
		tl_reserve(tl, tl->items_size == 0 ? 64 : tl->items_size * 2);
	if (i < tl->nitems)	/* most items are appended */
		memmove(&tl->items[i + 1], &tl->items[i],
		    (tl->nitems - i) * sizeof *tl->items);
	tl->nitems++;
	item = &tl->items[i];
	*item = (struct tl_item){ .group = -1, .recorded_group = -1 };
	return item;
}

static struct tl_item *
tl_append(struct timeline *tl)
{
	return tl_insert(tl, tl->nitems);
}

/* Takes item i out, keeping the order of the rest. */
static void
tl_remove(struct timeline *tl, size_t i)
{
	tl_item_clear(tl, &tl->items[i]);
	memmove(&tl->items[i], &tl->items[i + 1],
	    (tl->nitems - i - 1) * sizeof *tl->items);
	tl->nitems--;
}

/* The clock time of instant t of the walk's day, kept within range. */
static int64_t
tl_clock(const struct tl_walk *w, int64_t t)
{
	int64_t	c;

	if (__builtin_sub_overflow(t, w->midnight, &c))
		return t < 0 ? -TL_CLOCK_MAX : TL_CLOCK_MAX;
	if (c < -TL_CLOCK_MAX)
		return -TL_CLOCK_MAX;
	if (c > TL_CLOCK_MAX)
		return TL_CLOCK_MAX;
	return c;
}

/* Group bit mask of a with= list. */
static uint64_t
tl_with_mask(const struct scheme *s, const char *const *with, size_t n)
{
	uint64_t	mask = 0;
	size_t		i;
	int		g;

	for (i = 0; i < n; i++) {
		g = scheme_find(s, with[i]);
		if (g >= 0 && g < 64)
			mask |= UINT64_C(1) << g;
	}
	return mask;
}

/*
 * Where a stretch opening at t is listed: last, unless a stretch of no
 * length was just taken out at t.  Brief contacts logged in it are then
 * listed right after the stretch before it, and one of that episode's own
 * group would count as inside it (summary.c), though that episode had
 * ended when it was logged: the new stretch goes before the first such.
 */
static size_t
tl_open_at(const struct tl_walk *w, int64_t t)
{
	const struct timeline	*tl = w->tl;
	const struct tl_item	*before = NULL;
	size_t			 i;

	if (!w->has_dropped || w->dropped_t != t || w->dropped > tl->nitems)
		return tl->nitems;
	for (i = w->dropped; i > 0 && before == NULL; i--) {
		if (tl_is_stretch(tl->items[i - 1].kind))
			before = &tl->items[i - 1];
	}
	if (before == NULL || before->kind != TL_EPISODE || before->end != t)
		return tl->nitems;
	for (i = w->dropped; i < tl->nitems; i++) {
		if (tl->items[i].kind == TL_BRIEF &&
		    tl->items[i].group == before->group)
			return i;
	}
	return tl->nitems;
}

/*
 * Opens a stretch of kind at t.  An alone or paused stretch touching the
 * last listed stretch of the same kind (what separated them was dropped)
 * reopens it instead, where it is listed.  Otherwise the stretch is listed
 * where tl_open_at says.
 */
static struct tl_item *
tl_open(struct tl_walk *w, enum tl_kind kind, int64_t t)
{
	struct timeline	*tl = w->tl;
	struct tl_item	*item;
	size_t		 i, at = tl_open_at(w, t);

	w->has_dropped = 0;
	if (kind != TL_EPISODE) {
		for (i = tl->nitems; i > 0; i--) {
			item = &tl->items[i - 1];
			if (!tl_is_stretch(item->kind))
				continue;
			if (item->kind == kind && item->end == t) {
				w->has_open = 1;
				w->open = i - 1;
				return item;
			}
			break;
		}
	}
	item = tl_insert(tl, at);
	item->kind = kind;
	item->start = item->end = t;
	item->recorded_start = item->recorded_end = w->as_recorded;
	item->seq = w->seq;
	w->has_open = 1;
	w->open = at;
	return item;
}

/* Closes the open stretch at t, dropping it if it has no length. */
static void
tl_close(struct tl_walk *w, int64_t t)
{
	struct tl_item	*item;

	if (!w->has_open)
		return;
	w->has_open = 0;
	item = &w->tl->items[w->open];
	item->end = t;
	item->recorded_end = w->as_recorded;
	if (item->end == item->start) {
		tl_remove(w->tl, w->open);
		w->has_dropped = 1;
		w->dropped = w->open;
		w->dropped_t = t;
	}
}

/* The with= mask less the episode's own group (a recode may have made a
 * group present its own). */
static uint64_t
tl_with_others(const struct scheme *s, const struct record *rec, int own)
{
	uint64_t	mask = tl_with_mask(s, rec->with, rec->nwith);

	if (own >= 0 && own < 64)
		mask &= ~(UINT64_C(1) << own);
	return mask;
}

/* Sets an interaction's group g (as reviewed) and the group of action a
 * as logged. */
static void
tl_group(struct tl_item *item, const struct day_action *a, int g)
{
	item->group = g;
	item->recorded_group = a->recorded_g;
	if (item->recorded_group != g)
		item->corrected |= TL_RECODED;
}

/* Opens the episode of start action a in group g (as reviewed). */
static void
tl_start(struct tl_walk *w, const struct day_action *a, int g, int64_t t)
{
	const struct scheme	*s = w->tl->scheme;
	const struct record	*rec = a->rec;
	struct tl_item		*item;

	if (g < 0)
		return;
	tl_close(w, t);
	item = tl_open(w, TL_EPISODE, t);
	tl_group(item, a, g);
	item->by = rec->by;
	item->person = tl_copy(w->tl, rec->person);
	item->where = tl_copy(w->tl, rec->where);
	item->mode = tl_copy(w->tl, rec->mode);
	if (rec->has_with)
		item->with = tl_with_others(s, rec, g);
	tl_dims(w->tl, item, rec);
}

/* Amends an item with a set or fix record; "" clears a field. */
static void
tl_amend(const struct timeline *tl, struct tl_item *item,
    const struct record *rec)
{
	char	**field[] = { &item->person, &item->where, &item->mode };
	const char *value[] = { rec->person, rec->where, rec->mode };
	size_t	  i;

	if (rec->by != RECORD_BY_UNKNOWN)
		item->by = rec->by;
	for (i = 0; i < 3; i++) {
		if (value[i] == NULL)
			continue;
		if (tl->day == NULL)
			free(*field[i]);
		*field[i] = tl_copy(tl, value[i]);
	}
	if (rec->has_with)
		item->with = tl_with_others(tl->scheme, rec, item->group);
	tl_dims(tl, item, rec);
}

/* Amends the open episode with a set record. */
static void
tl_set(struct tl_walk *w, const struct record *rec)
{
	tl_amend(w->tl, &w->tl->items[w->open], rec);
}

/* Lists a brief contact (with group, as reviewed) or a note. */
static void
tl_instant(struct tl_walk *w, const struct day_action *a, int g, int64_t t)
{
	const struct record	*rec = a->rec;
	struct tl_item		*item;

	if (rec->type == RECORD_BRIEF && g < 0)
		return;
	item = tl_append(w->tl);
	item->start = item->end = t;
	item->recorded_start = item->recorded_end = w->as_recorded;
	item->seq = w->seq;
	if (rec->type == RECORD_NOTE) {
		item->kind = TL_NOTE;
		item->note = tl_note(w->tl, rec->text);
		return;
	}
	item->kind = TL_BRIEF;
	tl_group(item, a, g);
	item->by = rec->by;
	item->person = tl_copy(w->tl, rec->person);
	item->where = tl_copy(w->tl, rec->where);
	tl_dims(w->tl, item, rec);
}

/* Moves the walk on by one action in force, as day_walk says, at its
 * instant and with its group as reviewed (or as recorded). */
static void
tl_step(struct tl_walk *w, const struct day_action *a)
{
	const struct record	*rec = a->rec;
	int64_t			 t;
	int			 g;

	w->as_recorded = tl_clock(w, a->t);
	w->seq = rec->seq;
	t = w->reviewed && a->at != a->t ? tl_clock(w, a->at) :
	    w->as_recorded;	/* unmoved: the same clock time */
	g = w->reviewed ? a->g : a->recorded_g;
	switch (day_walk(&w->phase, a, w->reviewed)) {
	case DAY_OPEN:
		tl_start(w, a, g, t);
		break;
	case DAY_TO_ALONE:
		tl_close(w, t);
		tl_open(w, TL_ALONE, t);
		break;
	case DAY_TO_PAUSE:
		tl_close(w, t);
		tl_open(w, TL_PAUSE, t);
		break;
	case DAY_TO_STOP:
		/* The time stopped becomes a pause if a begin follows. */
		tl_close(w, t);
		tl_open(w, TL_PAUSE, t);
		w->stopped_at = t;
		w->stopped_as_recorded = w->as_recorded;
		break;
	case DAY_AMEND:
		if (w->has_open)
			tl_set(w, rec);
		break;
	case DAY_INSTANT:
		tl_instant(w, a, g, t);
		break;
	default:
		break;
	}
}

/* Copies the metadata of a timeline. */
static void
tl_init_meta(struct timeline *tl, const char *school, const char *head,
    const char *observer, const char *date, const struct scheme *scheme)
{
	memset(tl, 0, sizeof *tl);
	tl->school = xstrdup(school != NULL ? school : "");
	tl->head = xstrdup(head != NULL ? head : "");
	tl->observer = xstrdup(observer != NULL ? observer : "");
	if (date != NULL)
		snprintf(tl->date, sizeof tl->date, "%s", date);
	tl->scheme = scheme != NULL ? scheme_copy(scheme) : scheme_default();
}

/* Sets observed and paused from the stretches. */
static void
tl_totals(struct timeline *tl)
{
	const struct tl_item	*item;
	size_t			 i;

	tl->observed = tl->paused = 0;
	for (i = 0; i < tl->nitems; i++) {
		item = &tl->items[i];
		if (item->kind == TL_EPISODE || item->kind == TL_ALONE)
			tl->observed += item->end - item->start;
		else if (item->kind == TL_PAUSE)
			tl->paused += item->end - item->start;
	}
}

/* Marks the items whose times a move changed. */
static void
tl_mark_moved(struct timeline *tl)
{
	struct tl_item	*item;
	size_t		 i;

	for (i = 0; i < tl->nitems; i++) {
		item = &tl->items[i];
		if (item->start != item->recorded_start ||
		    (tl_is_stretch(item->kind) &&
		    item->end != item->recorded_end))
			item->corrected |= TL_MOVED;
	}
}

/* Appends text to *s, joining with " / ". */
static void
tl_join(char **s, const char *text)
{
	char	*next;

	if (*s == NULL) {
		*s = xstrdup(text);
		return;
	}
	next = xasprintf("%s / %s", *s, text);
	free(*s);
	*s = next;
}

/* Adds one correction in words (takes ownership of words). */
static void
tl_correction(struct timeline *tl, char *words)
{
	tl->corrections = xreallocarray(tl->corrections, tl->ncorrections + 1,
	    sizeof *tl->corrections);
	tl->corrections[tl->ncorrections++] = words;
}

/* The review record before action r of the same type on the same target,
 * or NULL: what a recode or move changed from. */
static const struct record *
tl_review_before(const struct day *d, size_t r)
{
	const struct record	*rec = day_action(d, r)->rec, *o;
	size_t			 i;

	for (i = r; i > 0; i--) {
		o = day_action(d, i - 1)->rec;
		if (o->type == rec->type && o->target == rec->target)
			return o;
	}
	return NULL;
}

/* The name of a group as logged or recoded ("?" if not in the scheme). */
static const char *
tl_group_name(const struct timeline *tl, const char *group)
{
	int	g = group != NULL ? scheme_find(tl->scheme, group) : -2;

	return timeline_group_name(tl, g);
}

/* The episode item of the start with seq, or NULL (left out: no length). */
static struct tl_item *
tl_find_episode(struct timeline *tl, uint64_t seq)
{
	size_t	i;

	for (i = 0; i < tl->nitems; i++) {
		if (tl->items[i].kind == TL_EPISODE && tl->items[i].seq == seq)
			return &tl->items[i];
	}
	return NULL;
}

/* Puts a move into words: "SLT episode start moved from A to B". */
static char *
tl_move_words(const struct tl_walk *w, const struct day *d, size_t r,
    const struct day_action *target)
{
	const struct record	*rec = day_action(d, r)->rec, *before;
	const char		*group = tl_group_name(w->tl, target->group);
	char			 a[CLOCK_HMS_LEN], b[CLOCK_HMS_LEN];

	before = tl_review_before(d, r);
	clock_format_hms(tl_clock(w, before != NULL ? before->to : target->t),
	    a);
	clock_format_hms(tl_clock(w, rec->to), b);
	switch (target->rec->type) {
	case RECORD_START:
		return xasprintf("%s episode start moved from %s to %s", group,
		    a, b);
	case RECORD_BRIEF:
		return xasprintf("%s brief contact moved from %s to %s", group,
		    a, b);
	case RECORD_END:
		return xasprintf("episode end moved from %s to %s", a, b);
	case RECORD_BEGIN:
		return xasprintf("begin of observation moved from %s to %s",
		    a, b);
	case RECORD_STOP:
		return xasprintf("stop of observation moved from %s to %s", a,
		    b);
	case RECORD_PAUSE:
		return xasprintf("pause moved from %s to %s", a, b);
	default:
		return xasprintf("resume moved from %s to %s", a, b);
	}
}

/* Puts a recode into words: "10:31:00 episode recoded from A to B". */
static char *
tl_recode_words(const struct tl_walk *w, const struct day *d, size_t r,
    const struct day_action *target)
{
	const struct record	*rec = day_action(d, r)->rec, *before;
	char			 at[CLOCK_HMS_LEN];

	before = tl_review_before(d, r);
	clock_format_hms(tl_clock(w, target->at), at);
	return xasprintf("%s %s recoded from %s to %s", at,
	    target->rec->type == RECORD_BRIEF ? "brief contact" : "episode",
	    tl_group_name(w->tl, before != NULL ? before->group :
	    target->rec->group), tl_group_name(w->tl, rec->group));
}

/* The item of the start, brief or add with seq, or NULL. */
static struct tl_item *
tl_find_item(struct timeline *tl, uint64_t seq, int brief)
{
	size_t	i;

	for (i = 0; i < tl->nitems; i++) {
		if (tl->items[i].seq == seq && tl->items[i].kind ==
		    (brief ? TL_BRIEF : TL_EPISODE))
			return &tl->items[i];
	}
	return NULL;
}

/* The stretch alone in force at t (from its start to before its end), or
 * NULL. */
static struct tl_item *
tl_find_alone(struct timeline *tl, int64_t t)
{
	size_t	i;

	for (i = 0; i < tl->nitems; i++) {
		if (tl->items[i].kind == TL_ALONE &&
		    tl->items[i].start <= t && t < tl->items[i].end)
			return &tl->items[i];
	}
	return NULL;
}

/* The index where an item starting at t goes among the instants listed
 * after the stretch at index k. */
static size_t
tl_after_instants(const struct timeline *tl, size_t k, int64_t t)
{
	size_t	i;

	for (i = k + 1; i < tl->nitems && !tl_is_stretch(tl->items[i].kind) &&
	    tl->items[i].start < t; i++)
		continue;
	return i;
}

/* Puts the episode of an add record into the alone stretch that holds
 * it (day.c checked that one does), splitting that stretch. */
static void
tl_add_episode(struct tl_walk *w, const struct day_action *a)
{
	struct timeline		*tl = w->tl;
	const struct record	*rec = a->rec;
	struct tl_item		*item;
	int64_t			 f = tl_clock(w, rec->from), e = tl_clock(w,
				    rec->to), end, recorded_end;
	uint64_t		 seq;
	size_t			 k, i, j;
	int			 g = a->g;

	for (k = 0; k < tl->nitems; k++) {
		item = &tl->items[k];
		if (item->kind == TL_ALONE && item->start <= f &&
		    item->end >= e)
			break;
	}
	if (g < 0 || k == tl->nitems)
		return;
	end = tl->items[k].end;
	recorded_end = tl->items[k].recorded_end;
	seq = tl->items[k].seq;
	tl->items[k].end = f;
	i = tl_after_instants(tl, k, f);
	item = tl_insert(tl, i);
	item->kind = TL_EPISODE;
	item->start = item->recorded_start = f;
	item->end = item->recorded_end = e;
	tl_group(item, a, g);
	item->corrected |= TL_ADDED;
	item->by = rec->by;
	item->person = tl_copy(tl, rec->person);
	item->where = tl_copy(tl, rec->where);
	item->mode = tl_copy(tl, rec->mode);
	if (rec->has_with)
		item->with = tl_with_others(tl->scheme, rec, g);
	tl_dims(tl, item, rec);
	item->seq = rec->seq;
	if (e < end) {
		item = tl_insert(tl, tl_after_instants(tl, i, e));
		item->kind = TL_ALONE;
		item->start = item->recorded_start = e;
		item->end = end;
		item->recorded_end = recorded_end;
		item->seq = seq;
		for (j = 0; tl->items[k].dims != NULL &&
		    j < tl->scheme->ndims; j++)	/* the rest of that time */
			timeline_set_dim(tl, item, j, tl->items[k].dims[j]);
	}
	if (tl->items[k].start == tl->items[k].end)
		tl_remove(tl, k);
}

char *
timeline_with_names(const struct timeline *tl, uint64_t mask,
    const char *sep)
{
	char	*s = NULL, *next;
	size_t	 g;

	for (g = 0; g < tl->scheme->ngroups && g < 64; g++) {
		if ((mask & (UINT64_C(1) << g)) == 0)
			continue;
		next = xasprintf("%s%s%s", s != NULL ? s : "", s != NULL ?
		    sep : "", tl->scheme->groups[g].name);
		free(s);
		s = next;
	}
	return s;
}

/* The names of the groups in a with= mask, joined ", "; "none" if none. */
static char *
tl_with_words(const struct timeline *tl, uint64_t mask)
{
	char	*s = timeline_with_names(tl, mask, ", ");

	return s != NULL ? s : xstrdup("none");
}

/* Appends "NAME VALUE (was OLD)" to *words for a fixed detail. */
static void
tl_fix_detail(char **words, const char *name, const char *value,
    const char *old)
{
	char	*next;

	next = xasprintf("%s%s%s %s (was %s)", *words, **words == '\0' ? "" :
	    ", ", name, value != NULL && *value != '\0' ? value : "none",
	    old != NULL && *old != '\0' ? old : "none");
	free(*words);
	*words = next;
}

/* Applies a fix to its item and puts it into words: "10:31:00 SLT
 * episode: person T04 (was DH), where hall (was none)". */
static char *
tl_fix(struct tl_walk *w, const struct record *rec,
    const struct day_action *target)
{
	struct timeline		*tl = w->tl;
	struct tl_item		*item, none;
	char			 at[CLOCK_HMS_LEN], *words, *a, *b, *out;
	int			 brief = target->rec->type == RECORD_BRIEF, k;
	int			 alone;
	size_t			 i;

	/* A stretch alone is named by what began it or an alone record
	 * (day.c); the one in force at that record is fixed. */
	alone = target->rec->type != RECORD_START && !brief &&
	    target->rec->type != RECORD_ADD;
	item = alone ? tl_find_alone(tl, tl_clock(w, target->at)) :
	    tl_find_item(tl, target->rec->seq, brief);
	if (item == NULL) {
		memset(&none, 0, sizeof none);
		item = &none;	/* of no length: nothing to amend */
	}
	words = xstrdup("");
	if (rec->by != RECORD_BY_UNKNOWN)
		tl_fix_detail(&words, "begun by", record_by_name(rec->by),
		    record_by_name(item->by));
	if (rec->person != NULL)
		tl_fix_detail(&words, "person", rec->person, item->person);
	if (rec->where != NULL)
		tl_fix_detail(&words, "where", rec->where, item->where);
	if (rec->mode != NULL)
		tl_fix_detail(&words, "mode", rec->mode, item->mode);
	if (rec->has_with) {
		a = tl_with_words(tl, tl_with_others(tl->scheme, rec,
		    item->group));
		b = tl_with_words(tl, item->with);
		tl_fix_detail(&words, "with", a, b);
		free(a);
		free(b);
	}
	for (i = 0; i < rec->ndims; i++) {
		k = scheme_find_dim(tl->scheme, rec->dims[2 * i],
		    strlen(rec->dims[2 * i]));
		if (k >= 0)
			tl_fix_detail(&words, tl->scheme->dims[k].name,
			    rec->dims[2 * i + 1], timeline_dim(item,
			    (size_t)k));
	}
	if (item != &none) {
		tl_amend(tl, item, rec);
		item->corrected |= TL_FIXED;
	}
	clock_format_hms(alone && item != &none ? item->start :
	    tl_clock(w, target->at), at);
	if (alone)
		out = xasprintf("%s time alone: %s", at, words);
	else
		out = xasprintf("%s %s %s: %s", at, tl_group_name(tl,
		    target->group), brief ? "brief contact" : "episode",
		    words);
	free(words);
	return out;
}

/* Puts a withdrawal into words. */
static char *
tl_withdraw_words(const struct tl_walk *w, const struct day_action *target)
{
	const char	*group = tl_group_name(w->tl, target->group);
	char		 a[CLOCK_HMS_LEN], b[CLOCK_HMS_LEN];

	clock_format_hms(tl_clock(w, target->at), a);
	if (target->rec->type == RECORD_BRIEF)
		return xasprintf("%s %s brief contact withdrawn", a, group);
	if (target->rec->type == RECORD_ADD) {
		clock_format_hms(tl_clock(w, target->rec->to), b);
		return xasprintf("%s-%s %s episode added in review withdrawn",
		    a, b, group);
	}
	return xasprintf("%s %s episode withdrawn: its time counts as alone",
	    a, group);
}

/* Applies the comments and lists every correction in the order entered;
 * corrections of actions later withdrawn are left out, and so are the
 * recorder's own mends of the open episode (a recode or move written
 * live, in a session): they were made during the day, not after it. */
static void
tl_review(struct tl_walk *w, const struct day *d)
{
	struct timeline		*tl = w->tl;
	const struct day_action	*target;
	const struct record	*rec, *before;
	const struct day_action	*all = day_actions(d);
	struct tl_item		*item;
	char			 at[CLOCK_HMS_LEN], at2[CLOCK_HMS_LEN];
	size_t			 r, n = day_nactions(d);
	ssize_t			 i;

	if (day_nreviews(d) == 0)
		return;		/* most days: none to look for */
	for (r = 0; r < n; r++) {
		rec = all[r].rec;
		if (!all[r].review || rec->session != 0)
			continue;
		if (rec->type == RECORD_COMMENT && rec->target == 0) {
			tl_join(&tl->comment, rec->text);
			continue;
		}
		if (rec->type == RECORD_ADD) {
			target = day_action(d, r);
			if (!target->struck)
				tl_add_episode(w, target);
			clock_format_hms(tl_clock(w, rec->from), at);
			clock_format_hms(tl_clock(w, rec->to), at2);
			tl_correction(tl, xasprintf("%s-%s %s episode added",
			    at, at2, tl_group_name(tl, rec->group)));
			continue;
		}
		if ((i = day_seq_index(d, rec->target)) < 0 ||
		    (target = day_action(d, (size_t)i))->withdrawn)
			continue;
		switch (rec->type) {
		case RECORD_RECODE:
			before = tl_review_before(d, r);
			if (scheme_find(tl->scheme, before != NULL ?
			    before->group : target->rec->group) ==
			    scheme_find(tl->scheme, rec->group))
				break;	/* an older log's recode to the same
					   group: no change to tell */
			tl_correction(tl, tl_recode_words(w, d, r, target));
			break;
		case RECORD_MOVE:
		case RECORD_SPAN:
			tl_correction(tl, tl_move_words(w, d, r, target));
			break;
		case RECORD_WITHDRAW:
			tl_correction(tl, tl_withdraw_words(w, target));
			break;
		case RECORD_FIX:
			tl_correction(tl, tl_fix(w, rec, target));
			break;
		default:
			if ((item = tl_find_episode(tl, rec->target)) != NULL) {
				tl_join(&item->note, rec->text);
				item->corrected |= TL_COMMENTED;
			}
			clock_format_hms(tl_clock(w, target->at), at);
			tl_correction(tl, xasprintf("comment on the %s %s "
			    "episode: %s", at, tl_group_name(tl, target->group),
			    rec->text));
			break;
		}
	}
}

/* The last action that is not a review record (there is one if any). */
static const struct day_action *
tl_last_action(const struct day *d)
{
	const struct day_action	*all = day_actions(d);
	size_t			 i, n = day_nactions(d);

	for (i = n; i > 0; i--) {
		if (!all[i - 1].review)
			return &all[i - 1];
	}
	return &all[n - 1];
}

/*
 * Lists the wall-clock jumps.  A record's drift is its wall time less the
 * instant day.c gave it (from the monotonic clock within a session): it
 * stays put while both clocks run together.  Between two records of one
 * session a change of drift is a jump; a session's first record has a
 * drift only when its wall clock was behind the log and day.c held it at
 * the previous record.
 */
static void
tl_jumps(const struct tl_walk *w, const struct day *d)
{
	struct timeline		*tl = w->tl;
	const struct day_action	*a, *all = day_actions(d);
	struct tl_jump		*j;
	int64_t			 drift, last = 0, by;
	uint64_t		 session = 0;
	int			 has_last = 0;
	size_t			 i, n = day_nactions(d);

	for (i = 0; i < n; i++) {
		a = &all[i];
		if (!a->rec->has_mono ||
		    __builtin_sub_overflow(a->rec->t, a->t, &drift))
			continue;
		if (!has_last || a->rec->session != session)
			by = drift;
		else if (__builtin_sub_overflow(drift, last, &by))
			by = 0;
		has_last = 1;
		session = a->rec->session;
		last = drift;
		if (by >= -TL_JUMP_MIN && by <= TL_JUMP_MIN)
			continue;
		tl->jumps = xreallocarray(tl->jumps, tl->njumps + 1,
		    sizeof *tl->jumps);
		j = &tl->jumps[tl->njumps++];
		j->seq = a->rec->seq;
		j->at = tl_clock(w, a->t);
		j->wall = tl_clock(w, a->rec->t);
		j->by = by;
	}
}

/*
 * Lists the restarts: a live record whose session differs from the last
 * live record's, unless a stop in force came before it (the day was over,
 * not interrupted).  Timed-command records between sessions do not count.
 */
static void
tl_restarts(const struct tl_walk *w, const struct day *d)
{
	struct timeline		*tl = w->tl;
	const struct day_action	*a, *prev = NULL, *all = day_actions(d);
	struct tl_restart	*r;
	uint64_t		 session = 0;
	int			 has_session = 0, stopped = 0;
	size_t			 i, n = day_nactions(d);

	for (i = 0; i < n; i++) {
		a = &all[i];
		if (a->rec->has_mono && has_session &&
		    a->rec->session != session && !stopped && prev != NULL) {
			tl->restarts = xreallocarray(tl->restarts,
			    tl->nrestarts + 1, sizeof *tl->restarts);
			r = &tl->restarts[tl->nrestarts++];
			r->seq = a->rec->seq;
			r->at = tl_clock(w, a->t);
			r->since = tl_clock(w, prev->t);
			r->down = r->at - r->since;
		}
		if (a->rec->has_mono) {
			has_session = 1;
			session = a->rec->session;
		}
		if (!a->withdrawn && a->rec->type == RECORD_STOP)
			stopped = 1;
		else if (!a->withdrawn && a->rec->type == RECORD_BEGIN)
			stopped = 0;
		if (!a->review)
			prev = a;
	}
}

/* Walks the day's actions into tl, whose metadata is set. */
static void
tl_from_day(const struct day *d, struct timeline *tl, int reviewed,
    int64_t midnight)
{
	const struct day_action	*a, *all = day_actions(d);
	struct tl_walk		 w;
	size_t			 i, n = day_nactions(d);
	int64_t			 t;

	memset(&w, 0, sizeof w);
	w.tl = tl;
	w.reviewed = reviewed;
	w.midnight = midnight;
	tl_jumps(&w, d);
	tl_restarts(&w, d);
	if (n == 0)
		return;

	/* Observation begins at the first record, whatever it is.  An
	 * action gives at most one item (an add two, after), so one
	 * allocation serves the walk. */
	tl_reserve(tl, n + 1);
	a = &all[0];
	w.as_recorded = tl_clock(&w, a->t);
	w.seq = a->rec->seq;
	tl->begin = reviewed ? tl_clock(&w, a->at) : w.as_recorded;
	w.phase = DAY_ALONE;
	tl_open(&w, TL_ALONE, tl->begin);
	for (i = 0; i < n; i++) {
		a = &all[i];
		if (a->withdrawn || a->rec->type == RECORD_UNDO ||
		    a->rec->type == RECORD_REDO || a->review)
			continue;
		tl_step(&w, a);
	}

	/* It ends at the stop in force, else at the last record (review
	 * records, made after the day, do not count). */
	if (w.phase == DAY_STOPPED) {
		t = w.stopped_at;
		w.as_recorded = w.stopped_as_recorded;
	} else {
		a = tl_last_action(d);
		w.as_recorded = tl_clock(&w, a->t);
		t = reviewed ? tl_clock(&w, a->at) : w.as_recorded;
	}
	tl_close(&w, t);
	tl->end = t;
	tl_totals(tl);
	tl_mark_moved(tl);
	if (reviewed)
		tl_review(&w, d);
}

/* A timeline's metadata copied from a day's header. */
static void
tl_meta_copied(const struct log_header *hdr, struct timeline *tl)
{
	size_t	i;

	tl_init_meta(tl, hdr->school, hdr->head, hdr->observer, hdr->date,
	    hdr->scheme);
	for (i = 0; i < hdr->ntags; i++)
		timeline_add_tag(tl, hdr->tag_keys[i], hdr->tag_values[i]);
}

/* The same moved from *hdr, which is freed. */
static void
tl_meta_taken(struct log_header *hdr, struct timeline *tl)
{
	memset(tl, 0, sizeof *tl);
	tl->school = hdr->school;
	tl->head = hdr->head;
	tl->observer = hdr->observer;
	memcpy(tl->date, hdr->date, sizeof tl->date);
	tl->scheme = hdr->scheme != NULL ? hdr->scheme : scheme_default();
	tl->tag_keys = hdr->tag_keys;
	tl->tag_values = hdr->tag_values;
	tl->ntags = hdr->ntags;
	hdr->school = hdr->head = hdr->observer = NULL;
	hdr->scheme = NULL;
	hdr->tag_keys = hdr->tag_values = NULL;
	hdr->ntags = 0;
	log_header_free(hdr);
}

void
timeline_from_day(const struct day *d, struct timeline *tl)
{
	tl_meta_copied(day_header(d), tl);
	tl_from_day(d, tl, 1, day_midnight(d));
}

void
timeline_from_day_as_recorded(const struct day *d, struct timeline *tl)
{
	tl_meta_copied(day_header(d), tl);
	tl_from_day(d, tl, 0, day_midnight(d));
}

void
timeline_take_day(struct day *d, int as_recorded, int borrow,
    struct timeline *tl)
{
	struct log_header	hdr;
	int64_t			midnight = day_midnight(d);

	day_take_header(d, &hdr);
	tl_meta_taken(&hdr, tl);
	tl->day = borrow ? d : NULL;
	tl_from_day(d, tl, !as_recorded, midnight);
	if (!borrow)
		day_free(d);
}

void
timeline_init(struct timeline *tl, const char *school, const char *head,
    const char *observer, const char *date, const struct scheme *scheme)
{
	tl_init_meta(tl, school, head, observer, date, scheme);
}

void
timeline_add_tag(struct timeline *tl, const char *key, const char *value)
{
	tl->tag_keys = xreallocarray(tl->tag_keys, tl->ntags + 1,
	    sizeof *tl->tag_keys);
	tl->tag_values = xreallocarray(tl->tag_values, tl->ntags + 1,
	    sizeof *tl->tag_values);
	tl->tag_keys[tl->ntags] = xstrdup(key);
	tl->tag_values[tl->ntags] = xstrdup(value != NULL ? value : "");
	tl->ntags++;
}

void
timeline_add(struct timeline *tl, const struct tl_item *from)
{
	struct tl_item	*item;
	size_t		 i;

	item = tl_append(tl);
	*item = *from;
	item->person = tl_copy(tl, from->person);
	item->where = tl_copy(tl, from->where);
	item->mode = tl_copy(tl, from->mode);
	item->note = from->note != NULL ? xstrdup(from->note) : NULL;
	item->dims = NULL;
	for (i = 0; from->dims != NULL && i < tl->scheme->ndims; i++)
		timeline_set_dim(tl, item, i, from->dims[i]);
}

/* A kind's name for messages. */
static const char *
tl_kind_name(enum tl_kind kind)
{
	if ((unsigned)kind >= sizeof tl_kind_names / sizeof tl_kind_names[0])
		return "item";
	return tl_kind_names[kind];
}

/* Checks an item's kind, times in range, group and with= groups. */
static int
tl_check_fields(const struct timeline *tl, size_t i, struct err *e)
{
	const struct tl_item	*item = &tl->items[i];
	const char		*kind = tl_kind_name(item->kind);
	uint64_t		 all;
	size_t			 ng = tl->scheme->ngroups;

	if ((unsigned)item->kind > TL_NOTE) {
		err_set(e, ERR_DATA, "unknown kind %d", (int)item->kind);
		return err_line(e, (int64_t)i + 1);
	}
	if (item->start < -TL_CLOCK_MAX || item->start > TL_CLOCK_MAX ||
	    item->end < -TL_CLOCK_MAX || item->end > TL_CLOCK_MAX) {
		err_set(e, ERR_DATA, "%s time out of range", kind);
		return err_line(e, (int64_t)i + 1);
	}
	if (item->kind == TL_EPISODE || item->kind == TL_BRIEF) {
		if (item->group < 0 || (size_t)item->group >= ng ||
		    item->group >= 64) {
			err_set(e, ERR_DATA, "%s group %d is not in "
			    "the scheme", kind, item->group);
			return err_line(e, (int64_t)i + 1);
		}
	} else if (item->group != -1) {
		err_set(e, ERR_DATA, "%s cannot have a group", kind);
		return err_line(e, (int64_t)i + 1);
	}
	if (item->with == 0)
		return 0;
	all = ng >= 64 ? UINT64_MAX : (UINT64_C(1) << ng) - 1;
	if (item->kind != TL_EPISODE) {
		err_set(e, ERR_DATA, "%s cannot have with=", kind);
		return err_line(e, (int64_t)i + 1);
	}
	if ((item->with & ~all) != 0) {
		err_set(e, ERR_DATA, "with= has a group not in the "
		    "scheme");
		return err_line(e, (int64_t)i + 1);
	}
	if ((item->with & (UINT64_C(1) << item->group)) != 0) {
		err_set(e, ERR_DATA, "with= names the episode's own "
		    "group '%s'", tl->scheme->groups[item->group].name);
		return err_line(e, (int64_t)i + 1);
	}
	return 0;
}

/* Checks one item's times against the previous row and stretch. */
static int
tl_check_times(const struct timeline *tl, size_t i,
    const struct tl_item *last_stretch, struct err *e)
{
	const struct tl_item	*item = &tl->items[i];
	const char		*kind = tl_kind_name(item->kind);
	char			 a[CLOCK_HMS_LEN], b[CLOCK_HMS_LEN];

	clock_format_hms(item->start, a);
	if (!tl_is_stretch(item->kind)) {
		if (item->end != item->start) {
			clock_format_hms(item->end, b);
			err_set(e, ERR_DATA, "%s at %s ends at %s (an "
			    "instant ends where it starts)", kind, a, b);
			return err_line(e, (int64_t)i + 1);
		}
	} else if (item->end <= item->start) {
		clock_format_hms(item->end, b);
		err_set(e, ERR_DATA, "%s ends at %s, not after its "
		    "start at %s", kind, b, a);
		return err_line(e, (int64_t)i + 1);
	} else if (last_stretch != NULL && item->start != last_stretch->end) {
		clock_format_hms(last_stretch->end, b);
		err_set(e, ERR_DATA, "%s starts at %s but the "
		    "previous stretch ends at %s", kind, a, b);
		return err_line(e, (int64_t)i + 1);
	}
	if (i > 0 && item->start < tl->items[i - 1].start) {
		clock_format_hms(tl->items[i - 1].start, b);
		err_set(e, ERR_DATA, "%s at %s is before the previous "
		    "row (%s)", kind, a, b);
		return err_line(e, (int64_t)i + 1);
	}
	return 0;
}

/* Checks that the instants lie within the day (notes may follow it). */
static int
tl_check_instants(const struct timeline *tl, struct err *e)
{
	const struct tl_item	*item;
	char			 a[CLOCK_HMS_LEN], b[CLOCK_HMS_LEN];
	char			 end[CLOCK_HMS_LEN];
	size_t			 i;

	clock_format_hms(tl->begin, b);
	clock_format_hms(tl->end, end);
	for (i = 0; i < tl->nitems; i++) {
		item = &tl->items[i];
		clock_format_hms(item->start, a);
		if (item->kind == TL_BRIEF &&
		    (item->start < tl->begin || item->start > tl->end)) {
			err_set(e, ERR_DATA, "brief at %s is outside "
			    "the day (%s to %s)", a, b, end);
			return err_line(e, (int64_t)i + 1);
		}
		if (item->kind == TL_NOTE && item->start < tl->begin) {
			err_set(e, ERR_DATA, "note at %s is before "
			    "the day begins (%s)", a, b);
			return err_line(e, (int64_t)i + 1);
		}
	}
	return 0;
}

int
timeline_finish(struct timeline *tl, struct err *e)
{
	const struct tl_item	*first = NULL, *last = NULL;
	size_t			 i;

	tl->begin = tl->end = tl->observed = tl->paused = 0;
	for (i = 0; i < tl->nitems; i++) {
		if (tl_check_fields(tl, i, e) != 0 ||
		    tl_check_times(tl, i, last, e) != 0)
			return -1;
		if (tl_is_stretch(tl->items[i].kind)) {
			last = &tl->items[i];
			if (first == NULL)
				first = last;
		}
	}
	if (first == NULL) {
		err_set(e, ERR_DATA, "no stretches");
		return -1;
	}
	tl->begin = first->start;
	tl->end = last->end;
	if (tl_check_instants(tl, e) != 0) {
		tl->begin = tl->end = 0;
		return -1;
	}
	tl_totals(tl);
	return 0;
}

void
timeline_free(struct timeline *tl)
{
	size_t	i;

	if (tl == NULL)
		return;
	for (i = 0; i < tl->nitems; i++)
		tl_item_clear(tl, &tl->items[i]);
	day_free(tl->day);
	free(tl->items);
	for (i = 0; i < tl->ntags; i++) {
		free(tl->tag_keys[i]);
		free(tl->tag_values[i]);
	}
	free(tl->tag_keys);
	free(tl->tag_values);
	free(tl->comment);
	for (i = 0; i < tl->ncorrections; i++)
		free(tl->corrections[i]);
	free(tl->corrections);
	free(tl->jumps);
	free(tl->restarts);
	free(tl->school);
	free(tl->head);
	free(tl->observer);
	scheme_free(tl->scheme);
	memset(tl, 0, sizeof *tl);
}

const char *
timeline_field(const struct timeline *tl, const char *field)
{
	size_t	i;

	if (strcmp(field, "school") == 0)
		return tl->school;
	if (strcmp(field, "head") == 0)
		return tl->head;
	if (strcmp(field, "observer") == 0)
		return tl->observer;
	if (strcmp(field, "date") == 0)
		return tl->date;
	for (i = 0; i < tl->ntags; i++) {
		if (strcmp(tl->tag_keys[i], field) == 0)
			return tl->tag_values[i];
	}
	return NULL;
}

const char *
timeline_group_name(const struct timeline *tl, int g)
{
	if (g == -1)
		return SCHEME_ALONE;
	if (g < 0 || (size_t)g >= tl->scheme->ngroups)
		return "?";
	return tl->scheme->groups[g].name;
}
