/*
 * The live recorder: one libuv loop with the terminal, a timer on each
 * wall-clock second and the signals.  An action is shown as saved only once
 * log_writer_append has returned 0; one that fails waits in a queue, in
 * order, and is retried every second.  The terminal must be given back
 * (uv_tty_reset_mode) on every way out, so there is one shutdown function.
 */
#include <sys/stat.h>

#include <errno.h>
#include <inttypes.h>
#include <langinfo.h>
#include <locale.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <uv.h>

#include "clock.h"
#include "day.h"
#include "keys.h"
#include "live.h"
#include "logfile.h"
#include "reopen.h"
#include "screen.h"
#include "timeline.h"
#include "xmalloc.h"

#define LIVE_READ_SIZE	4096
/* Undos in a row taken without asking; the next asks for y. */
#define LIVE_UNDO_FREE	3
#define LIVE_CTRL_R	0x12	/* redo */
/* Where undo stops: said whenever it would reach further. */
#define LIVE_TO_REVIEW	"earlier actions are corrected in the review " \
	"(man shadowlog-record)"

/* A start of the open episode's group sooner than this after its start is
 * a double tap or key repeat, not a new episode. */
#define LIVE_DOUBLE_MS	500
/* A log last written longer ago than this is said to be stale. */
#define LIVE_STALE_MS	(12 * 3600 * 1000)

/* Enter the alternate screen with bracketed paste on (a paste must never
 * be read as keys); leave it, paste mode off, cursor shown, cleared. */
#define LIVE_ENTER	"\033[?1049h\033[?2004h\033[H\033[2J"
#define LIVE_LEAVE	"\033[0m\033[?2004l\033[?25h\033[H\033[2J\033[?1049l"

#define LIVE_OF(ptr, member) \
	((struct live *)(void *)((char *)(ptr) - offsetof(struct live, member)))

struct live {
	uv_loop_t		 loop;
	uv_tty_t		 tty;
	uv_signal_t		 sigterm;
	uv_signal_t		 sighup;
	uv_signal_t		 sigint;
	uv_signal_t		 sigwinch;
	uv_timer_t		 tick;
	int			 loop_open;	/* uv_loop_init done */
	int			 tty_open;	/* uv_tty_init done */
	int			 raw;		/* raw mode is on */
	int			 done;		/* leaving */
	char			 rbuf[LIVE_READ_SIZE];

	const char		*path;
	const char		*name;		/* as shown */
	struct day		*day;
	struct log_writer	*writer;
	uint64_t		 session;
	int64_t			 midnight;

	struct record		**queue;	/* applied, not on disk */
	size_t			 nqueue;
	char			*write_error;	/* why writes fail */
	int			 interrupts;	/* Ctrl-C when unsaved */
	int			 need_begin;	/* a stopped day: begin before
						   the first action */
	size_t			 nwritten;	/* records of this run */
	unsigned		 undos;		/* undos in a row */
	uint64_t		 confirm;	/* undo waiting for y, or 0 */
	char			*ask;		/* its question, as a prompt */

	struct keys		 keys;
	const char		**people;	/* the day's person codes */
	struct screen_cache	 figures;	/* kept between redraws */
	int64_t			 note_t;	/* '!' pressed */
	uint64_t		 note_mono;
	char			*message;
	char			*warning;
	unsigned		 cols, rows;

	struct err		 err;	/* why the run ended badly */
};

static void	live_draw(struct live *, int);
static void	live_finish(struct live *, enum err_code, const char *);

static void
live_write(const char *buf, size_t len)
{
	ssize_t	n;
	int	tries = 0;

	while (len > 0) {
		n = write(STDOUT_FILENO, buf, len);
		if (n < 0) {
			if (errno == EINTR ||
			    (errno == EAGAIN && ++tries < 100))
				continue;
			return;	/* the terminal is gone; SIGHUP comes */
		}
		buf += n;
		len -= (size_t)n;
	}
}

static void
live_message(struct live *lv, const char *msg)
{
	free(lv->message);
	lv->message = msg != NULL ? xstrdup(msg) : NULL;
}

static void live_messagef(struct live *, const char *, ...)
    __attribute__((format(printf, 2, 3)));

static void
live_messagef(struct live *lv, const char *fmt, ...)
{
	va_list	ap;

	free(lv->message);
	va_start(ap, fmt);
	lv->message = xvasprintf(fmt, ap);
	va_end(ap);
}

static const struct scheme *
live_scheme(const struct live *lv)
{
	return day_header(lv->day)->scheme;
}

/*
 * Now, as the day would place a record stamped now: by the monotonic clock
 * from the last record of this run, so the screen's clock and durations
 * agree with the log when the wall clock is changed; before this run's
 * first record, the wall clock, never before the last record.
 */
static int64_t
live_now(const struct live *lv)
{
	const struct day_action	*a;
	size_t			 n = day_nactions(lv->day);
	int64_t			 now = clock_wall_ms();

	if (n == 0)
		return now;
	a = day_action(lv->day, n - 1);
	if (a->rec->has_mono && a->rec->session == lv->session)
		return a->t + (clock_mono_ms() - a->rec->mono);
	return now > a->t ? now : a->t;
}

static void
live_hms(const struct live *lv, int64_t t, char buf[16])
{
	screen_hms(t - lv->midnight, buf);
}

/* ---- saving ---- */

static void
live_set_warning(struct live *lv)
{
	free(lv->warning);
	lv->warning = xasprintf("NOT SAVED: cannot write the log (%s). %zu "
	    "action%s kept; retrying every second. Do not close the laptop.",
	    lv->write_error, lv->nqueue, lv->nqueue == 1 ? "" : "s");
}

/* Writes the waiting records in order, stopping at the first failure. */
static void
live_flush(struct live *lv)
{
	struct err	 e = ERR_INIT;
	size_t		 saved = 0;
	int		 error, waited = lv->warning != NULL;

	while (lv->nqueue > 0) {
		errno = 0;
		if (log_writer_append(lv->writer, lv->queue[0], &e) != 0) {
			error = errno;
			free(lv->write_error);
			if (error != 0)
				lv->write_error = xstrdup(strerror(error));
			else
				lv->write_error = err_text(&e);
			err_clear(&e);
			live_set_warning(lv);
			return;
		}
		free(lv->queue[0]);
		memmove(lv->queue, lv->queue + 1,
		    (lv->nqueue - 1) * sizeof *lv->queue);
		lv->nqueue--;
		saved++;
	}
	if (waited) {
		free(lv->warning);
		lv->warning = NULL;
		live_messagef(lv, "saved: the log can be written again; the "
		    "%zu action%s that waited %s now on disk", saved,
		    saved == 1 ? "" : "s", saved == 1 ? "is" : "are");
	}
}

static int	live_act_type(struct live *, enum record_type);

/* A record of type stamped now, for this run.  The first action on a
 * stopped day is preceded by the begin that resumes it. */
static void
live_record(struct live *lv, struct record *rec, enum record_type type)
{
	if (type == RECORD_BEGIN)
		lv->need_begin = 0;
	else if (lv->need_begin) {
		lv->need_begin = 0;
		live_act_type(lv, RECORD_BEGIN);
	}
	memset(rec, 0, sizeof *rec);
	rec->type = type;
	rec->seq = day_next_seq(lv->day);
	rec->t = clock_wall_ms();
	rec->has_mono = 1;
	rec->mono = clock_mono_ms();
	rec->session = lv->session;
}

/* Checks rec against the day, then saves it (or queues it).  -1 if the
 * day refused it, with the reason as the message. */
static int
live_act(struct live *lv, const struct record *rec)
{
	struct err	e = ERR_INIT;

	if (day_apply(lv->day, rec, &e) != 0) {
		live_message(lv, e.msg);
		err_clear(&e);
		return -1;
	}
	lv->queue = xreallocarray(lv->queue, lv->nqueue + 1,
	    sizeof *lv->queue);
	lv->queue[lv->nqueue++] = record_dup(rec);
	lv->nwritten++;
	live_flush(lv);
	return 0;
}

static int
live_act_type(struct live *lv, enum record_type type)
{
	struct record	rec;

	live_record(lv, &rec, type);
	return live_act(lv, &rec);
}

/* ---- the keys' actions ---- */

/* Whether an open, observed episode is there to amend; else says why. */
static int
live_need_episode(struct live *lv)
{
	const struct day_state	*st = day_state(lv->day);

	if (st->paused) {
		live_message(lv, "paused: Tab resumes observation");
		return 0;
	}
	if (!st->open || st->stopped) {
		live_message(lv, "no episode is open: a group key starts one");
		return 0;
	}
	return 1;
}

static void
live_start(struct live *lv, int group, enum record_by by)
{
	const struct day_state	*st = day_state(lv->day);
	struct record		 rec;

	if (st->paused) {
		live_message(lv, "paused: Tab resumes observation first");
		return;
	}
	if (st->open && !st->stopped && st->episode.group == group &&
	    live_now(lv) - st->episode.since < LIVE_DOUBLE_MS) {
		live_messagef(lv, "%s again within half a second: taken as "
		    "one press", live_scheme(lv)->groups[group].name);
		return;
	}
	if ((!st->begun || st->stopped) && live_act_type(lv, RECORD_BEGIN) != 0)
		return;
	live_record(lv, &rec, RECORD_START);
	rec.group = live_scheme(lv)->groups[group].name;
	rec.by = by;
	live_act(lv, &rec);
}

static void
live_end(struct live *lv)
{
	const struct day_state	*st = day_state(lv->day);

	if (st->paused)
		live_message(lv, "paused: nothing to end (Tab resumes)");
	else if (!st->open)
		live_message(lv, "the head is alone already: nothing to end");
	else
		live_act_type(lv, RECORD_END);
}

static void
live_brief(struct live *lv, int group, enum record_by by)
{
	struct record	rec;

	if (day_state(lv->day)->paused) {
		live_message(lv, "paused: Tab resumes observation first");
		return;
	}
	live_record(lv, &rec, RECORD_BRIEF);
	rec.group = live_scheme(lv)->groups[group].name;
	rec.by = by;
	live_act(lv, &rec);
}

/* Whether a person, place or mode confirmed is the one the open episode
 * has: the prompts show it, so Enter alone keeps it, writing nothing. */
static int
live_unchanged(struct live *lv, const struct key_action *a)
{
	const struct day_episode	*ep = &day_state(lv->day)->episode;
	const char			*now, *what;

	switch (a->type) {
	case KEY_PERSON:
		now = ep->person;
		what = "person";
		break;
	case KEY_WHERE:
		now = ep->where;
		what = "location";
		break;
	case KEY_MODE:
		now = ep->mode;
		what = "mode";
		break;
	default:
		return 0;
	}
	if (strcmp(now != NULL ? now : "", a->text) != 0)
		return 0;
	live_messagef(lv, "%s unchanged: nothing written", what);
	return 1;
}

/* Whether dimension d can be coded now: it codes episodes and one is
 * open, or the time alone and the head is alone; else says why. */
static int
live_need_dim(struct live *lv, int d)
{
	const struct scheme_dim	*dim = &live_scheme(lv)->dims[d];
	const struct day_state	*st = day_state(lv->day);

	if (st->paused || !st->begun || st->stopped)
		return live_need_episode(lv);
	if (st->open && !(dim->applies & SCHEME_FOR_EPISODES)) {
		live_messagef(lv, "%s codes the time alone: end the episode "
		    "first", dim->name);
		return 0;
	}
	if (!st->open && !(dim->applies & SCHEME_FOR_ALONE))
		return live_need_episode(lv);
	return 1;
}

/* The value dimension d has now (the open episode's or the time
 * alone's), or NULL. */
static const char *
live_dim_now(struct live *lv, int d)
{
	const struct day_state	*st = day_state(lv->day);

	return st->open ? st->episode.dims[d] : st->alone_dims[d];
}

/* A dimension's value confirmed: a set of the open episode, or, alone, an
 * alone record for the time alone. */
static void
live_set_dim(struct live *lv, const struct key_action *a)
{
	const struct scheme	*s = live_scheme(lv);
	const char		*now, *dims[2];
	struct record		 rec;

	if (!live_need_dim(lv, a->dim))
		return;
	now = live_dim_now(lv, a->dim);
	if (strcmp(now != NULL ? now : "", a->text) == 0) {
		live_messagef(lv, "%s unchanged: nothing written",
		    s->dims[a->dim].name);
		return;
	}
	live_record(lv, &rec, day_state(lv->day)->open ? RECORD_SET :
	    RECORD_ALONE);
	dims[0] = s->dims[a->dim].name;
	dims[1] = a->text;
	rec.dims = dims;
	rec.ndims = 1;
	live_act(lv, &rec);
}

/* A set action on the open episode: person, where, mode, with or by. */
static void
live_set(struct live *lv, const struct key_action *a)
{
	const struct day_state	*st = day_state(lv->day);
	const struct scheme	*s = live_scheme(lv);
	struct record		 rec;
	const char		*with[RECORD_MAX_WITH];
	size_t			 i;

	if (!live_need_episode(lv) || live_unchanged(lv, a))
		return;
	live_record(lv, &rec, RECORD_SET);
	switch (a->type) {
	case KEY_PERSON:
		rec.person = a->text;
		break;
	case KEY_WHERE:
		rec.where = a->text;
		break;
	case KEY_MODE:
		rec.mode = a->text;
		break;
	case KEY_WITH:
		rec.has_with = 1;
		rec.with = with;
		for (i = 0; i < a->nwith; i++) {
			if (a->with[i] == st->episode.group)
				continue;
			rec.with[rec.nwith++] = s->groups[a->with[i]].name;
		}
		break;
	case KEY_FLIP:
		rec.by = st->episode.by == RECORD_BY_OTHER ?
		    RECORD_BY_HEAD : RECORD_BY_OTHER;
		break;
	default:
		return;
	}
	live_act(lv, &rec);
}

static void
live_note(struct live *lv, const char *text)
{
	struct record	rec;

	live_record(lv, &rec, RECORD_NOTE);
	/* Of the moment '!' was pressed, unless a begin written on the
	 * way (a stopped day) came after it. */
	if (lv->note_t >= day_last_time(lv->day)) {
		rec.t = lv->note_t;
		rec.mono = lv->note_mono;
	}
	rec.text = text;
	live_act(lv, &rec);
}

static void
live_pause(struct live *lv)
{
	const struct day_state	*st = day_state(lv->day);

	live_act_type(lv, st->paused ? RECORD_RESUME : RECORD_PAUSE);
}

/* The open episode's group becomes group g: a recode of its start. */
static void
live_regroup(struct live *lv, int g)
{
	const struct day_state	*st = day_state(lv->day);
	const struct scheme	*s = live_scheme(lv);
	struct record		 rec;
	int			 was = st->episode.group;

	if (g == was) {
		live_messagef(lv, "the episode is with %s already: nothing "
		    "changed", s->groups[g].name);
		return;
	}
	live_record(lv, &rec, RECORD_RECODE);
	rec.target = day_action(lv->day, st->episode.action)->rec->seq;
	rec.group = s->groups[g].name;
	if (live_act(lv, &rec) == 0)
		live_messagef(lv, "the open episode is now with %s (was %s), "
		    "from its start", s->groups[g].name, s->groups[was].name);
}

/* The open episode began minutes ago: a move of its start, refused (by
 * the day's rules) before the action in force before it. */
static void
live_began_ago(struct live *lv, long minutes)
{
	const struct day_state	*st = day_state(lv->day);
	struct record		 rec;
	char			 hms[16];

	if (minutes < 1) {
		live_message(lv, "began how long ago? type minutes (1 or "
		    "more), then Enter");
		return;
	}
	live_record(lv, &rec, RECORD_MOVE);
	rec.target = day_action(lv->day, st->episode.action)->rec->seq;
	rec.to = live_now(lv) - minutes * 60000;
	if (live_act(lv, &rec) == 0) {
		live_hms(lv, rec.to, hms);
		live_messagef(lv, "the open episode now began at %s (%ld "
		    "minute%s ago)", hms, minutes, minutes == 1 ? "" : "s");
	}
}

/* "#7 start teachers 09:12:05": an action as undo and redo name it. */
static char *
live_describe(const struct live *lv, uint64_t seq)
{
	const struct day_action	*a;
	ssize_t			 i = day_seq_index(lv->day, seq);
	char			 hms[16], *what, *shown;

	if (i < 0)
		return xasprintf("#%llu", (unsigned long long)seq);
	a = day_action(lv->day, (size_t)i);
	live_hms(lv, a->at, hms);
	if (a->group != NULL) {
		shown = screen_clean(a->group);
		what = xasprintf("%s %s", record_type_name(a->rec->type),
		    shown);
		free(shown);
	} else
		what = xstrdup(record_type_name(a->rec->type));
	shown = xasprintf("#%llu %s %s", (unsigned long long)seq, what, hms);
	free(what);
	return shown;
}

/* Whether the record with seq was written by this run: live undo and redo
 * never reach into an earlier sitting (nor so over its stop). */
static int
live_this_run(const struct live *lv, uint64_t seq)
{
	ssize_t	i = day_seq_index(lv->day, seq);

	return i >= 0 && day_action(lv->day, (size_t)i)->rec->has_mono &&
	    day_action(lv->day, (size_t)i)->rec->session == lv->session;
}

/* The action the next undo would withdraw, or 0 with the reason said. */
static uint64_t
live_undo_target(struct live *lv)
{
	uint64_t	target = day_undo_target(lv->day);

	if (target != 0 && live_this_run(lv, target))
		return target;
	if (target == 0 && lv->nwritten == 0)
		live_message(lv, "nothing to undo");
	else
		live_messagef(lv, "undo stops here: %s",
		    LIVE_TO_REVIEW);
	return 0;
}

static void
live_undo_now(struct live *lv, uint64_t target)
{
	struct record	 rec;
	char		*what = live_describe(lv, target);

	live_record(lv, &rec, RECORD_UNDO);
	rec.undoes = target;
	if (live_act(lv, &rec) == 0) {
		lv->undos++;
		live_messagef(lv, "undone: %s (Ctrl-R redoes it)", what);
	}
	free(what);
}

/* Undo: three in a row go at once; each further one asks for y, so a held
 * Backspace cannot wipe the day. */
static void
live_undo(struct live *lv)
{
	uint64_t	 target;
	char		*what;
	size_t		 n = day_nactions(lv->day);
	const struct record *last = n > 0 ? day_action(lv->day, n - 1)->rec :
			    NULL;

	/* Undo never withdraws a recode or move (the format's rule): it
	 * would reach past the mend to the action before, unasked. */
	if (last != NULL && record_is_review(last->type) &&
	    last->session == lv->session && last->has_mono) {
		live_message(lv, "the last change mended the open episode: "
		    "mend it again with % or < to change it (Backspace undoes "
		    "actions only)");
		return;
	}
	if ((target = live_undo_target(lv)) == 0)
		return;
	if (lv->undos < LIVE_UNDO_FREE) {
		live_undo_now(lv, target);
		return;
	}
	what = live_describe(lv, target);
	lv->confirm = target;
	free(lv->ask);
	lv->ask = xasprintf("undo a %uth action in a row (%s)? y undoes it; "
	    "any other key cancels", lv->undos + 1, what);
	free(what);
}

/* The key after an undo that asked: y undoes, Backspace (held) goes on
 * asking, any other key cancels and then acts.  1 if the key was used. */
static int
live_confirm_key(struct live *lv, unsigned char ch)
{
	uint64_t	target = lv->confirm;

	if (ch == 0x7f || ch == 0x08)
		return 1;	/* the question stays on the screen */
	lv->confirm = 0;
	if (ch == 'y' || ch == 'Y') {
		if (day_undo_target(lv->day) == target)
			live_undo_now(lv, target);
		return 1;
	}
	lv->undos = 0;
	live_message(lv, "undo cancelled");
	return 0;
}

/* Redo (Ctrl-R): takes back the latest undo of this run, if nothing has
 * been done since, with a redo record; the action counts from its own
 * instant again. */
static void
live_redo(struct live *lv)
{
	const struct day_action	*u;
	struct record		 rec;
	uint64_t		 undo = day_redo_target(lv->day);
	char			*what;

	lv->undos = 0;
	if (undo == 0 || !live_this_run(lv, undo)) {
		live_message(lv, undo == 0 ? "nothing to redo (only undos "
		    "not followed by another action can be redone)" :
		    "nothing to redo in this sitting: " LIVE_TO_REVIEW);
		return;
	}
	u = day_action(lv->day, (size_t)day_seq_index(lv->day, undo));
	what = live_describe(lv, u->rec->undoes);
	live_record(lv, &rec, RECORD_REDO);
	rec.target = undo;
	if (live_act(lv, &rec) == 0)
		live_messagef(lv, "redone: %s", what);
	free(what);
}

static void
live_quit(struct live *lv)
{
	if (lv->need_begin) {	/* stopped already, and nothing done */
		live_finish(lv, ERR_OK, NULL);
		return;
	}
	if (lv->nqueue > 0) {
		live_messagef(lv, "cannot quit yet: %zu action%s not saved "
		    "(see the warning above)", lv->nqueue,
		    lv->nqueue == 1 ? " is" : "s are");
		return;
	}
	if (live_act_type(lv, RECORD_STOP) != 0)
		return;
	if (lv->nqueue > 0) {
		live_message(lv, "the stop is not saved yet: quit again once "
		    "the warning has gone");
		return;
	}
	live_finish(lv, ERR_OK, NULL);
}

static void
live_interrupt(struct live *lv)
{
	if (lv->nqueue > 0 && lv->interrupts++ == 0) {
		live_messagef(lv, "%zu action%s not saved yet: Ctrl-C again "
		    "closes anyway and loses %s", lv->nqueue,
		    lv->nqueue == 1 ? " is" : "s are",
		    lv->nqueue == 1 ? "it" : "them");
		return;
	}
	live_finish(lv, ERR_OK, NULL);
}

/* The distinct person codes of the day's actions in force, in order. */
static size_t
live_people(struct live *lv)
{
	const struct day_action	*a;
	size_t			 i, j, n = 0, na = day_nactions(lv->day);

	free(lv->people);
	lv->people = xcalloc(na + 1, sizeof *lv->people);
	for (i = 0; i < na; i++) {
		a = day_action(lv->day, i);
		if (a->withdrawn || a->rec->person == NULL ||
		    a->rec->person[0] == '\0')
			continue;
		for (j = 0; j < n; j++) {
			if (strcmp(lv->people[j], a->rec->person) == 0)
				break;
		}
		if (j == n)
			lv->people[n++] = a->rec->person;
	}
	return n;
}

/* Gives an opened prompt what it edits: the open episode's value, the
 * groups present, the day's codes. */
static void
live_prompt_fill(struct live *lv, enum keys_prompt prompt)
{
	const struct day_state	*st = day_state(lv->day);
	int			 with[RECORD_MAX_WITH];
	size_t			 i, n = 0;

	switch (prompt) {
	case KEYS_PROMPT_PERSON:
		keys_set_text(&lv->keys, st->episode.person);
		n = live_people(lv);
		keys_set_people(&lv->keys, lv->people, n);
		break;
	case KEYS_PROMPT_WHERE:
		keys_set_text(&lv->keys, st->episode.where);
		break;
	case KEYS_PROMPT_MODE:
		keys_set_text(&lv->keys, st->episode.mode);
		break;
	case KEYS_PROMPT_WITH:
		for (i = 0; i < st->episode.nwith; i++) {
			with[n] = scheme_find(live_scheme(lv),
			    st->episode.with[i]);
			if (with[n] >= 0)
				n++;
		}
		keys_set_with(&lv->keys, with, n, st->episode.group);
		break;
	case KEYS_PROMPT_NOTE:
		lv->note_t = clock_wall_ms();
		lv->note_mono = clock_mono_ms();
		break;
	case KEYS_PROMPT_REGROUP:
	case KEYS_PROMPT_AGO:
		keys_set_episode(&lv->keys, st->open ? st->episode.group : -1);
		break;
	case KEYS_PROMPT_DIM:
		keys_set_text(&lv->keys, live_dim_now(lv, lv->keys.dim));
		break;
	default:
		break;
	}
}

/* Refuses the prompt just opened, saying why in its line.  A refused
 * prompt takes the keys up to Enter or Esc, Tab among them, so while
 * paused it says to leave it before Tab. */
static void
live_refuse(struct live *lv)
{
	if (day_state(lv->day)->paused)
		keys_refuse(&lv->keys, "paused: nothing recorded (Esc, then "
		    "Tab resumes)");
	else
		keys_refuse(&lv->keys, lv->message);
	live_message(lv, NULL);	/* the prompt says why */
}

/* A prompt has opened.  One with nothing to amend is refused, and keeps
 * the keys up to Enter or Esc, so its text is never read as commands. */
static void
live_prompt(struct live *lv, enum keys_prompt prompt)
{
	const struct day_state	*st = day_state(lv->day);

	switch (prompt) {
	case KEYS_PROMPT_PERSON:
	case KEYS_PROMPT_WHERE:
	case KEYS_PROMPT_MODE:
	case KEYS_PROMPT_WITH:
	case KEYS_PROMPT_REGROUP:
	case KEYS_PROMPT_AGO:
		if (!live_need_episode(lv)) {
			live_refuse(lv);
			return;
		}
		break;
	case KEYS_PROMPT_DIM:
		if (!live_need_dim(lv, lv->keys.dim)) {
			live_refuse(lv);
			return;
		}
		break;
	case KEYS_PROMPT_BRIEF:
		if (st->paused) {
			live_refuse(lv);
			return;
		}
		break;
	default:
		break;
	}
	live_prompt_fill(lv, prompt);
	live_message(lv, NULL);
}

static void
live_key(struct live *lv, const struct key_action *a)
{
	if (a->type != KEY_REDRAW && a->type != KEY_PROMPT &&
	    a->type != KEY_MESSAGE)
		live_message(lv, NULL);
	if (a->type != KEY_INTERRUPT)
		lv->interrupts = 0;
	if (a->type != KEY_UNDO && a->type != KEY_REDRAW)
		lv->undos = 0;
	switch (a->type) {
	case KEY_START:
		live_start(lv, a->group, a->by);
		break;
	case KEY_END:
		live_end(lv);
		break;
	case KEY_BRIEF:
		live_brief(lv, a->group, a->by);
		break;
	case KEY_PERSON:
	case KEY_WHERE:
	case KEY_MODE:
	case KEY_WITH:
	case KEY_FLIP:
		live_set(lv, a);
		break;
	case KEY_DIM:
		live_set_dim(lv, a);
		break;
	case KEY_NOTE:
		live_note(lv, a->text);
		break;
	case KEY_PAUSE:
		live_pause(lv);
		break;
	case KEY_UNDO:
		live_undo(lv);
		break;
	case KEY_QUIT:
		live_quit(lv);
		break;
	case KEY_INTERRUPT:
		live_interrupt(lv);
		break;
	case KEY_REDRAW:
		live_draw(lv, 1);
		break;
	case KEY_PROMPT:
		live_prompt(lv, a->prompt);
		break;
	case KEY_MESSAGE:
		live_message(lv, a->text);
		break;
	case KEY_REGROUP:
		if (live_need_episode(lv))
			live_regroup(lv, a->group);
		break;
	case KEY_AGO:
		if (live_need_episode(lv))
			live_began_ago(lv, a->minutes);
		break;
	}
}

/* ---- the loop ---- */

static void
live_draw(struct live *lv, int full)
{
	struct screen	 sc;
	char		*prompt, *out;
	size_t		 len;
	int		 cursor;

	if (lv->done)
		return;
	cursor = 0;	/* as screen.h: 0 none, else 1 + bytes after it */
	if (lv->confirm != 0 && lv->ask != NULL)
		prompt = xstrdup(lv->ask);
	else
		prompt = keys_prompt_line(&lv->keys, live_scheme(lv), &cursor);
	memset(&sc, 0, sizeof sc);
	sc.cols = lv->cols;
	sc.rows = lv->rows;
	sc.full = full;
	sc.now = live_now(lv);
	sc.midnight = lv->midnight;
	sc.file = lv->name;
	sc.day = lv->day;
	sc.nunsaved = lv->nqueue;
	sc.prompt = prompt;
	sc.cursor = cursor;
	sc.message = lv->message;
	sc.warning = lv->warning;
	sc.cache = &lv->figures;
	out = screen_render(&sc, &len);
	live_write(out, len);
	free(out);
	free(prompt);
}

static void
live_winsize(struct live *lv)
{
	int	w, h;

	if (uv_tty_get_winsize(&lv->tty, &w, &h) != 0 || w <= 0 || h <= 0) {
		w = 80;
		h = 24;
	}
	lv->cols = (unsigned)w;
	lv->rows = (unsigned)h;
}

/*
 * Leaves the loop.  Closing is not stopping: no stop record is written, so
 * re-opening continues the day as after a crash.  Actions still waiting
 * get one more try; any left are lost, and the exit status says so.
 */
static void
live_finish(struct live *lv, enum err_code code, const char *why)
{
	if (lv->done)
		return;
	if (lv->nqueue > 0)
		live_flush(lv);
	lv->done = 1;
	if (lv->nqueue > 0) {
		err_set(&lv->err, ERR_IO, "%zu action%s not saved (%s); the "
		    "log ends before them", lv->nqueue,
		    lv->nqueue == 1 ? " was" : "s were", lv->write_error);
		err_file(&lv->err, lv->path);
	} else if (code != ERR_OK)
		err_set(&lv->err, code, "%s", why);
	uv_stop(&lv->loop);
}

/* Milliseconds to just past the next second of the screen's clock. */
static uint64_t
live_to_next_second(const struct live *lv)
{
	int64_t	now = live_now(lv), rem;

	rem = now % 1000;
	if (rem < 0)
		rem += 1000;
	return (uint64_t)(1000 - rem + 2);
}

static void
live_tick_cb(uv_timer_t *timer)
{
	struct live	*lv = LIVE_OF(timer, tick);

	if (lv->nqueue > 0)
		live_flush(lv);
	live_draw(lv, 0);
	uv_timer_start(&lv->tick, live_tick_cb, live_to_next_second(lv), 0);
}

static void
live_alloc_cb(uv_handle_t *handle, size_t suggested, uv_buf_t *buf)
{
	struct live	*lv = LIVE_OF(handle, tty);

	buf->base = lv->rbuf;
	buf->len = sizeof lv->rbuf;
}

/* The keys the recorder reads before the key parser: the answer to an
 * undo that asked, and Ctrl-R (redo), where no prompt of the parser is
 * open.  1 if ch was used. */
static int
live_own_key(struct live *lv, unsigned char ch)
{
	/* 'q' then Ctrl-R cancels the quit and redoes, as any key acts. */
	if (lv->keys.mode == KEYS_QUIT && !lv->keys.esc && !lv->keys.paste &&
	    ch == LIVE_CTRL_R)
		keys_cancel(&lv->keys);
	if (lv->keys.mode != KEYS_NORMAL || lv->keys.esc ||
	    lv->keys.paste || lv->keys.skip)	/* a paste is never keys */
		return 0;
	if (lv->confirm != 0 && live_confirm_key(lv, ch))
		return 1;
	if (ch == LIVE_CTRL_R) {
		live_message(lv, NULL);
		lv->interrupts = 0;
		live_redo(lv);
		return 1;
	}
	return 0;
}

static void
live_read_cb(uv_stream_t *stream, ssize_t nread, const uv_buf_t *buf)
{
	struct live		*lv = LIVE_OF(stream, tty);
	struct key_action	 a;
	ssize_t			 i;
	char			*why;

	if (nread == 0)		/* nothing this time, not the end */
		return;
	if (nread < 0) {
		if (nread == UV_EOF)
			live_finish(lv, ERR_OK, NULL);
		else {
			why = xasprintf("reading the terminal: %s",
			    uv_strerror((int)nread));
			live_finish(lv, ERR_IO, why);
			free(why);
		}
		return;
	}
	for (i = 0; i < nread && !lv->done; i++) {
		if (live_own_key(lv, (unsigned char)buf->base[i]))
			continue;
		if (keys_feed(&lv->keys, live_scheme(lv),
		    (unsigned char)buf->base[i], &a) == 1)
			live_key(lv, &a);
	}
	if (keys_flush(&lv->keys, &a) == 1)	/* a lone Esc */
		live_key(lv, &a);
	live_draw(lv, 0);
}

static void
live_signal_cb(uv_signal_t *handle, int signum)
{
	struct live	*lv;

	if (signum == SIGWINCH) {
		lv = LIVE_OF(handle, sigwinch);
		live_winsize(lv);
		live_draw(lv, 1);
		return;
	}
	if (signum == SIGTERM)
		lv = LIVE_OF(handle, sigterm);
	else if (signum == SIGHUP)
		lv = LIVE_OF(handle, sighup);
	else
		lv = LIVE_OF(handle, sigint);
	live_finish(lv, ERR_OK, NULL);
}

/* ---- opening the log ---- */

/* "4m12s" (or "1h04m12s") of a duration; it cannot be read as a clock
 * time. */
static void
live_down(int64_t ms, char buf[32])
{
	int64_t	s = ms < 0 ? 0 : ms / 1000;

	if (s >= 3600)
		snprintf(buf, 32, "%lldh%02dm%02ds", (long long)(s / 3600),
		    (int)(s / 60 % 60), (int)(s % 60));
	else
		snprintf(buf, 32, "%dm%02ds", (int)(s / 60), (int)(s % 60));
}

/* How long the recorder was down: from the last record to now, the most it
 * can have been; or that the wall clock was set back meanwhile. */
static char *
live_downtime(struct live *lv)
{
	size_t	n = day_nactions(lv->day);
	int64_t	last, now = clock_wall_ms();
	char	at[16], nowhms[16], down[32];

	if (n == 0)
		return xstrdup("");
	last = day_action(lv->day, n - 1)->t;
	live_hms(lv, last, at);
	if (now < last) {
		live_hms(lv, now, nowhms);
		live_down(last - now, down);
		return xasprintf("the computer's clock reads %s, %s before the "
		    "last record (%s): it was set back; ", nowhms, down, at);
	}
	live_down(now - last, down);
	return xasprintf("closed for up to %s (last record %s); ", down, at);
}

/* Says what state a continued day is in, and how long it was left. */
static char *
live_recovered(struct live *lv)
{
	const struct day_state	*st = day_state(lv->day);
	const struct scheme	*s = live_scheme(lv);
	char			 hms[16], *down, *msg;

	live_hms(lv, st->since, hms);
	down = live_downtime(lv);
	if (st->paused)
		msg = xasprintf("recovered: %spaused since %s", down, hms);
	else if (st->open)
		msg = xasprintf("recovered: %sthe episode with %s is still open "
		    "(since %s)", down, s->groups[st->episode.group].name, hms);
	else
		msg = xasprintf("recovered: %salone since %s", down, hms);
	free(down);
	return msg;
}

static void
live_add_message(struct live *lv, char *msg)
{
	char	*both;

	if (lv->message == NULL) {
		lv->message = msg;
		return;
	}
	both = xasprintf("%s  %s", lv->message, msg);
	free(msg);
	free(lv->message);
	lv->message = both;
}

/* Reads an existing log, repairing a torn tail, and opens it to append. */
static int
live_continue(struct live *lv, struct err *e)
{
	struct reopen	 r;
	struct stat	 sb;
	char		*side = NULL;

	if (reopen_log(lv->path, &r, e) != 0)
		return -1;
	lv->day = r.day;
	r.day = NULL;
	/* Two recorders at once wrote it once: say so (a torn tail is said
	 * below, when it is repaired). */
	if (r.warning != NULL && r.status == LOG_CLEAN) {
		live_add_message(lv, r.warning);
		r.warning = NULL;
	}
	if (r.status == LOG_TORN) {
		if (stat(lv->path, &sb) != 0) {
			err_set(e, ERR_IO, "%s", strerror(errno));
			err_file(e, lv->path);
			reopen_free(&r);
			return -1;
		}
		if (log_repair(lv->path, r.good_len, &side, e) != 0)
			goto fail;
		live_add_message(lv, xasprintf("repaired: %lld damaged bytes "
		    "at byte %lld moved to %s",
		    (long long)(sb.st_size - r.good_len),
		    (long long)r.damage_at, side));
		free(side);
	}
	if (log_writer_attach(lv->path, r.fd, r.good_len, &lv->writer,
	    e) != 0) {
		r.fd = -1;	/* attach closes it */
		goto fail;
	}
	r.fd = -1;
	reopen_free(&r);
	return 0;

fail:
	reopen_free(&r);
	return -1;
}

static int
live_open(struct live *lv, const struct log_header *new_hdr, struct err *e)
{
	const struct log_header	*hdr;
	struct stat		 sb;
	char			 today[CLOCK_DATE_LEN];
	int			 error;

	if (stat(lv->path, &sb) == 0) {
		if (live_continue(lv, e) != 0)
			return -1;
	} else if (errno == ENOENT) {
		if (log_writer_create(lv->path, new_hdr, &lv->writer,
		    e) != 0)
			return -1;
		lv->day = day_new(new_hdr);
	} else {
		error = errno;
		err_set(e, error == EACCES ? ERR_NOINPUT : ERR_IO, "%s",
		    strerror(error));
		return err_file(e, lv->path);
	}
	hdr = day_header(lv->day);
	lv->session = day_last_session(lv->day) + 1;
	if (clock_midnight_ms(hdr->date, hdr->utc_offset, &lv->midnight,
	    NULL) != 0) {
		clock_local_date(clock_wall_ms(), today);
		if (clock_midnight_ms(today, clock_utc_offset(clock_wall_ms()),
		    &lv->midnight, NULL) != 0)
			lv->midnight = 0;
	}
	return 0;
}

/*
 * Re-opening a log continues its day whatever its date (the contract), so
 * a shadower who opened yesterday's file by mistake is told at once, while
 * Ctrl-C (which writes no stop) leaves that day as it was.
 */
static void
live_warn_stale(struct live *lv)
{
	const struct day_action	*a;
	size_t			 n = day_nactions(lv->day);
	int64_t			 ago;

	if (n == 0)
		return;
	a = day_action(lv->day, n - 1);
	ago = clock_wall_ms() - a->t;
	if (ago < LIVE_STALE_MS)
		return;
	live_add_message(lv, xasprintf("NOTE: this log's last record is %"
	    PRId64 " hours old (the day of %s); its day goes on from there. "
	    "For a new day, press Ctrl-C now and give a new file", ago /
	    3600000, day_header(lv->day)->date));
}

/*
 * Begins observation on a new log, or says how the day is being continued.
 * Opening a day writes nothing: a stopped day is resumed by a begin written just
 * before the first action, at its instant, so opening a log to look at it
 * and leaving leaves it byte for byte as it was.
 */
static void
live_begin(struct live *lv)
{
	const struct day_state	*st = day_state(lv->day);
	char			 hms[16];

	live_warn_stale(lv);
	/* A new log, or one whose creation was cut short: no day yet. */
	if (day_nactions(lv->day) == 0) {
		live_act_type(lv, RECORD_BEGIN);
		return;
	}
	if (!st->begun || st->stopped) {
		lv->need_begin = 1;
		if (!st->stopped)
			return;
		live_hms(lv, st->since, hms);
		live_add_message(lv, xasprintf("continuing the day, stopped "
		    "at %s: your first key resumes it (the time until then "
		    "counts as paused); leaving now changes nothing", hms));
		return;
	}
	live_add_message(lv, live_recovered(lv));
}

/* ---- the terminal ---- */

static int
live_terminal(struct live *lv, struct err *e)
{
	int	rc;

	if ((rc = uv_loop_init(&lv->loop)) != 0) {
		return err_set(e, ERR_IO, "event loop: %s", uv_strerror(rc));
	}
	lv->loop_open = 1;
	if ((rc = uv_tty_init(&lv->loop, &lv->tty, STDIN_FILENO, 1)) != 0) {
		return err_set(e, ERR_IO, "the terminal: %s",
		    uv_strerror(rc));
	}
	lv->tty_open = 1;
	if ((rc = uv_tty_set_mode(&lv->tty, UV_TTY_MODE_RAW)) != 0) {
		return err_set(e, ERR_IO, "the terminal: raw mode: %s",
		    uv_strerror(rc));
	}
	lv->raw = 1;
	uv_signal_init(&lv->loop, &lv->sigterm);
	uv_signal_init(&lv->loop, &lv->sighup);
	uv_signal_init(&lv->loop, &lv->sigint);
	uv_signal_init(&lv->loop, &lv->sigwinch);
	uv_timer_init(&lv->loop, &lv->tick);
	if ((rc = uv_signal_start(&lv->sigterm, live_signal_cb,
	    SIGTERM)) != 0 ||
	    (rc = uv_signal_start(&lv->sighup, live_signal_cb, SIGHUP)) != 0 ||
	    (rc = uv_signal_start(&lv->sigint, live_signal_cb, SIGINT)) != 0 ||
	    (rc = uv_signal_start(&lv->sigwinch, live_signal_cb,
	    SIGWINCH)) != 0 ||
	    (rc = uv_read_start((uv_stream_t *)&lv->tty, live_alloc_cb,
	    live_read_cb)) != 0) {
		return err_set(e, ERR_IO, "the terminal: %s",
		    uv_strerror(rc));
	}
	uv_timer_start(&lv->tick, live_tick_cb, live_to_next_second(lv), 0);
	live_winsize(lv);
	live_write(LIVE_ENTER, strlen(LIVE_ENTER));
	return 0;
}

static void
live_close_cb(uv_handle_t *handle, void *arg)
{
	if (!uv_is_closing(handle))
		uv_close(handle, NULL);
}

/* Stops reading, closes every handle, drains the loop and gives the
 * terminal back as it was. */
static void
live_shutdown(struct live *lv)
{
	if (lv->tty_open) {
		uv_read_stop((uv_stream_t *)&lv->tty);
		if (lv->raw) {
			live_write(LIVE_LEAVE, strlen(LIVE_LEAVE));
			uv_tty_set_mode(&lv->tty, UV_TTY_MODE_NORMAL);
		}
	}
	if (lv->loop_open) {
		uv_walk(&lv->loop, live_close_cb, NULL);
		uv_run(&lv->loop, UV_RUN_DEFAULT);
		if (uv_loop_close(&lv->loop) != 0 && lv->err.code == ERR_OK)
			err_set(&lv->err, ERR_IO, "the event loop did not close");
	}
	uv_tty_reset_mode();
}

/* The one line left on the normal screen: what the log now holds.  The
 * observed time is the analyser's (the same timeline). */
static void
live_goodbye(const struct live *lv)
{
	struct timeline	 tl;
	char		 observed[32], *line;
	size_t		 saved;

	if (lv->day == NULL || !lv->raw)
		return;
	saved = day_nactions(lv->day) - lv->nqueue;
	timeline_from_day(lv->day, &tl);
	screen_span(tl.observed, observed);
	timeline_free(&tl);
	if (lv->nwritten == 0)
		line = xasprintf("%s: unchanged, %zu action%s, observed %s\n",
		    lv->path, saved, saved == 1 ? "" : "s", observed);
	else
		line = xasprintf("%s: saved, %zu action%s (%zu this sitting%s), "
		    "observed %s\n", lv->path, saved, saved == 1 ? "" : "s",
		    lv->nwritten - lv->nqueue, lv->nqueue > 0 ? ", some NOT "
		    "saved" : "", observed);
	live_write(line, strlen(line));
	free(line);
}

static void
live_free(struct live *lv)
{
	size_t	i;

	if (lv->writer != NULL)
		log_writer_close(lv->writer);
	day_free(lv->day);
	for (i = 0; i < lv->nqueue; i++)
		free(lv->queue[i]);
	free(lv->queue);
	free(lv->write_error);
	free(lv->message);
	free(lv->warning);
	free(lv->ask);
	err_clear(&lv->err);
	free(lv->people);
	free(lv);
}

/* Widths on the screen come from wcwidth, which needs a UTF-8 character
 * type: the user's, else C.UTF-8 (always there on Debian). */
static void
live_locale(void)
{
	const char	*set = setlocale(LC_CTYPE, "");

	if (set == NULL || strcmp(nl_langinfo(CODESET), "UTF-8") != 0)
		setlocale(LC_CTYPE, "C.UTF-8");
}

int
live_run(const char *path, const struct log_header *new_hdr, struct err *e)
{
	struct live		*lv;
	struct sigaction	 sa, old_xfsz;
	const char		*slash;
	int			 rc;

	live_locale();
	if (!isatty(STDIN_FILENO))
		return err_set(e, ERR_USAGE, "live recording needs a terminal "
		    "on standard input (use --input for timed commands)");
	lv = xcalloc(1, sizeof *lv);
	lv->err = (struct err)ERR_INIT;
	lv->path = path;
	slash = strrchr(path, '/');
	lv->name = slash != NULL && slash[1] != '\0' ? slash + 1 : path;
	keys_init(&lv->keys);
	if (live_open(lv, new_hdr, e) != 0) {
		live_free(lv);
		return -1;
	}

	/* A log grown past RLIMIT_FSIZE must fail to write, not kill us. */
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = SIG_IGN;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGXFSZ, &sa, &old_xfsz);

	if ((rc = live_terminal(lv, e)) == 0) {
		live_begin(lv);
		live_draw(lv, 1);
		uv_run(&lv->loop, UV_RUN_DEFAULT);
	}
	live_shutdown(lv);
	live_goodbye(lv);
	/* The first thing that went wrong is the one told. */
	if (rc == 0 && lv->err.code != ERR_OK) {
		err_move(e, &lv->err);
		rc = -1;
	}
	sigaction(SIGXFSZ, &old_xfsz, NULL);
	live_free(lv);
	return rc;
}
