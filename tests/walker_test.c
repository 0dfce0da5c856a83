/*
 * The recorder and the analyser cannot disagree about a count: on many
 * seeded random days, built by the day's rules from every kind of record
 * (undo, redo, pauses, stops, brief contacts, zero-length episodes and the
 * review records), the figures the recorder's screen shows at an instant
 * equal the analyser's summary of the log stopped at that instant, the
 * day's state (open episode and group, pause) is the timeline's last
 * stretch, and the log read back gives the same summary as the day in
 * memory.
 */
#include <stdlib.h>
#include <unistd.h>
#include <string.h>

#include <CUnit/CUnit.h>

#include "day.h"
#include "err.h"
#include "logfile.h"
#include "record.h"
#include "scheme.h"
#include "screen.h"
#include "summary.h"
#include "test.h"
#include "timeline.h"
#include "xmalloc.h"

#define WALK_DAYS	300	/* random days */
#define WALK_TRIES	400	/* records tried on each (most are refused) */

static const char *walk_texts[] = { "Ms Khan", "office", "in person",
    "hall", "" };

static const char *
walk_group(uint64_t *rng, const struct scheme *s)
{
	if (test_rnd(rng, 40) == 0)
		return "nobody";	/* refused: not in the scheme */
	return s->groups[test_rnd(rng, (uint32_t)s->ngroups)].name;
}

/* The seq of a random record so far (0 if none). */
static uint64_t
walk_target(uint64_t *rng, const struct day *d)
{
	size_t	n = day_nactions(d);

	if (n == 0)
		return 0;
	return day_action(d, test_rnd(rng, (uint32_t)n))->rec->seq;
}

/* An instant near a random action's, for moves and adds. */
static int64_t
walk_near(uint64_t *rng, const struct day *d, int64_t now)
{
	size_t	n = day_nactions(d);
	int64_t	t = n == 0 ? now :
		    day_action(d, test_rnd(rng, (uint32_t)n))->at;

	return t + ((int64_t)test_rnd(rng, 1200) - 600) * 1000;
}

/* Fills rec with a random record at now; with= names go to with[]. */
static void
walk_record(uint64_t *rng, const struct day *d, int64_t now,
    struct record *rec, const char **with)
{
	static const enum record_type types[] = {
		RECORD_START, RECORD_START, RECORD_START, RECORD_START,
		RECORD_START, RECORD_END, RECORD_END, RECORD_BRIEF,
		RECORD_BRIEF, RECORD_NOTE, RECORD_PAUSE, RECORD_RESUME,
		RECORD_UNDO, RECORD_UNDO, RECORD_REDO, RECORD_STOP,
		RECORD_BEGIN, RECORD_SET, RECORD_RECODE, RECORD_MOVE,
		RECORD_MOVE, RECORD_SPAN, RECORD_COMMENT, RECORD_ADD,
		RECORD_ADD, RECORD_WITHDRAW, RECORD_FIX
	};
	const struct scheme	*s = day_header(d)->scheme;
	size_t			 i;

	memset(rec, 0, sizeof *rec);
	rec->type = day_nactions(d) == 0 ? RECORD_BEGIN :
	    types[test_rnd(rng, sizeof types / sizeof types[0])];
	rec->seq = day_next_seq(d);
	rec->t = now;
	rec->session = record_is_review(rec->type) ? 0 : 1;
	rec->by = (enum record_by)test_rnd(rng, 3);
	switch (rec->type) {
	case RECORD_START:
	case RECORD_BRIEF:
	case RECORD_SET:
		if (rec->type != RECORD_SET)
			rec->group = walk_group(rng, s);
		if (test_rnd(rng, 2))
			rec->person = walk_texts[test_rnd(rng, 5)];
		if (rec->type != RECORD_BRIEF && test_rnd(rng, 3) == 0) {
			rec->has_with = 1;
			rec->nwith = test_rnd(rng, 3);
			for (i = 0; i < rec->nwith; i++)
				with[i] = walk_group(rng, s);
			rec->with = with;
		}
		break;
	case RECORD_NOTE:
		rec->text = "a note";
		break;
	case RECORD_UNDO:
		rec->undoes = day_undo_target(d);
		break;
	case RECORD_REDO:
		rec->target = test_rnd(rng, 2) ? day_redo_target(d) : 0;
		break;
	case RECORD_RECODE:
		rec->target = walk_target(rng, d);
		rec->group = walk_group(rng, s);
		break;
	case RECORD_MOVE:
	case RECORD_SPAN:
		rec->target = walk_target(rng, d);
		rec->to = walk_near(rng, d, now);
		break;
	case RECORD_COMMENT:
		rec->target = test_rnd(rng, 4) == 0 ? 0 : walk_target(rng, d);
		rec->text = "said so";
		break;
	case RECORD_ADD:
		rec->group = walk_group(rng, s);
		rec->from = walk_near(rng, d, now);
		rec->to = rec->from + (int64_t)(1 + test_rnd(rng, 300)) * 1000;
		break;
	case RECORD_WITHDRAW:
		rec->target = walk_target(rng, d);
		break;
	case RECORD_FIX:
		rec->target = walk_target(rng, d);
		rec->where = walk_texts[test_rnd(rng, 5)];
		break;
	default:
		break;
	}
}

/* A random valid day of the scheme in hdr, from 08:00. */
static struct day *
walk_day(uint64_t *rng, const struct log_header *hdr, int64_t midnight)
{
	struct day	*d = day_new(hdr);
	struct record	 rec;
	const char	*with[RECORD_MAX_WITH];
	char		*cause = NULL;
	int64_t		 now = midnight + INT64_C(8) * 3600 * 1000;
	int		 i;

	for (i = 0; i < WALK_TRIES; i++) {
		/* A third of the steps take no time: stretches of no
		 * length, which are neither counted nor listed. */
		if (test_rnd(rng, 3) != 0)
			now += (int64_t)(1 + test_rnd(rng, 900)) * 1000;
		walk_record(rng, d, now, &rec, with);
		if (t_cause(day_apply(d, &rec, t_err()), &cause) != 0) {
			free(cause);
			cause = NULL;
		}
	}
	return d;
}

/* The first n actions of d again, in a new day. */
static struct day *
walk_prefix(const struct day *d, size_t n)
{
	struct day	*p = day_new(day_header(d));
	char		*cause = NULL;
	size_t		 i;

	for (i = 0; i < n; i++) {
		if (t_cause(day_apply(p, day_action(d, i)->rec, t_err()), &cause) != 0) {
			CU_FAIL(cause);
			free(cause);
			cause = NULL;
		}
	}
	return p;
}

/* The screen's figures equal the summary's, group by group. */
static int
walk_same(const struct screen_figures *f, const struct summary *sum)
{
	size_t	g;

	if (f->nepisodes != sum->episodes || f->nbrief != sum->brief ||
	    f->observed != sum->observed_ms || f->ngroups + 1 != sum->ngroups)
		return 0;
	for (g = 0; g < f->ngroups; g++) {
		if (f->episodes[g] != sum->groups[g].episodes ||
		    f->brief[g] != sum->groups[g].brief ||
		    f->ms[g] != sum->groups[g].ms)
			return 0;
	}
	return 1;
}

/* The day's state (what the screen says of now) is what its timeline
 * has last before the stop appended at now: the open episode in its
 * group, a pause, or alone time. */
static int
walk_same_state(const struct day_state *st, const struct timeline *tl)
{
	const struct tl_item	*last = NULL;
	size_t			 i;

	for (i = tl->nitems; i > 0 && last == NULL; i--) {
		if (tl->items[i - 1].kind == TL_EPISODE ||
		    tl->items[i - 1].kind == TL_ALONE ||
		    tl->items[i - 1].kind == TL_PAUSE)
			last = &tl->items[i - 1];
	}
	if (last == NULL)
		return 0;
	if (st->open)
		return last->kind == TL_EPISODE &&
		    last->group == st->episode.group;
	return last->kind == (st->paused ? TL_PAUSE : TL_ALONE);
}

static void
walk_summary(const struct day *d, struct summary *sum,
    const struct day_state *st, int *same_state)
{
	struct timeline	tl;

	timeline_from_day(d, &tl);
	summary_compute(&tl, SUMMARY_GROUPS, sum);
	if (st != NULL)
		*same_state = walk_same_state(st, &tl);
	timeline_free(&tl);
}

/*
 * What the screen shows of the first n actions at now (after the last of
 * them) is what the analyser says of a log that stops there: n actions
 * and, unless already stopped, a stop at now.  Returns whether they agree.
 */
static int
walk_check_at(const struct day *d, size_t n, int64_t now)
{
	struct day		*p = walk_prefix(d, n);
	struct day_state	 st = *day_state(p);
	struct screen_figures	 f;
	struct summary		 sum;
	struct record		 stop;
	char			*cause = NULL;
	int			 same, same_state = 1;
	int			 check_state = !st.stopped &&
				    now > day_last_time(p);

	screen_figures(p, now, &f);
	if (!st.stopped) {
		memset(&stop, 0, sizeof stop);
		stop.type = RECORD_STOP;
		stop.seq = day_next_seq(p);
		stop.t = now;
		stop.session = 1;
		if (t_cause(day_apply(p, &stop, t_err()), &cause) != 0) {
			CU_FAIL(cause);
			free(cause);
		}
	}
	walk_summary(p, &sum, check_state ? &st : NULL, &same_state);
	same = walk_same(&f, &sum) && same_state;
	summary_free(&sum);
	day_free(p);
	return same;
}

/* The log of d written and read back summarises as d does. */
static int
walk_check_log(const struct day *d, const char *path)
{
	struct log_batch	*b;
	struct day		*back = NULL;
	struct summary		 a, z;
	enum log_status		 status;
	off_t			 good_len, damage_at;
	char			*cause = NULL, *warning = NULL;
	struct err		 e = ERR_INIT;
	int			 exit_code = 0;
	size_t			 i;
	int			 same;

	unlink(path);
	if (log_batch_begin(path, &b, &e) != 0 ||
	    log_batch_header(b, day_header(d), &e) != 0) {
		CU_FAIL(e.msg);
		err_clear(&e);
		return 0;
	}
	for (i = 0; i < day_nactions(d); i++)
		log_batch_record(b, day_action(d, i)->rec, &e);
	if (log_batch_commit(b, &e) != 0 ||
	    test_load_day(path, &back, &status, &good_len, &damage_at, &warning,
	    &exit_code, &cause) != 0) {
		CU_FAIL("the log cannot be written or read back");
		err_clear(&e);
		free(cause);
		return 0;
	}
	free(warning);
	walk_summary(d, &a, NULL, NULL);
	walk_summary(back, &z, NULL, NULL);
	same = a.episodes == z.episodes && a.brief == z.brief &&
	    a.observed_ms == z.observed_ms && a.paused_ms == z.paused_ms &&
	    a.span_ms == z.span_ms;
	for (i = 0; same && i < a.ngroups; i++)
		same = a.groups[i].episodes == z.groups[i].episodes &&
		    a.groups[i].ms == z.groups[i].ms &&
		    a.groups[i].brief == z.groups[i].brief;
	summary_free(&a);
	summary_free(&z);
	day_free(back);
	return same;
}

static void
test_screen_is_summary(void)
{
	struct log_header	 hdr;
	struct day		*d;
	uint64_t		 rng = 0x5eed1357;
	int64_t			 midnight, now;
	size_t			 n, k, bad = 0, badlog = 0, checks = 0;
	char			*dir, *path;
	int			 i;

	T_EQ_INT(test_header(&hdr, &midnight), 0);
	dir = test_tmpdir();
	T_TRUE(dir != NULL);
	if (dir == NULL)
		return;
	path = xasprintf("%s/day.slog", dir);
	for (i = 0; i < WALK_DAYS; i++) {
		d = walk_day(&rng, &hdr, midnight);
		n = day_nactions(d);
		/* Every prefix on a few days, a few prefixes on the rest. */
		for (k = 1; k <= n; k += i < 20 ? 1 : 1 + test_rnd(&rng, 9)) {
			now = day_last_time(d) > 0 ? day_action(d, k - 1)->t : 0;
			/* At the last action, or a little after it. */
			if (test_rnd(&rng, 2))
				now += (int64_t)(1 + test_rnd(&rng, 300)) * 1000;
			if (!walk_check_at(d, k, now) && bad++ == 0) {
				fprintf(stderr, "\nwalker: day %d (seed "
				    "0x5eed1357) disagrees after %zu of %zu "
				    "actions\n", i, k, n);
			}
			checks++;
		}
		if (!walk_check_log(d, path))
			badlog++;
		day_free(d);
	}
	T_EQ_INT(bad, 0);
	T_EQ_INT(badlog, 0);
	T_TRUE(checks > WALK_DAYS * 5);
	unlink(path);
	rmdir(dir);
	free(path);
	free(dir);
	log_header_free(&hdr);
}

void
walker_test_register(void)
{
	CU_pSuite	s;

	s = CU_add_suite("walker", NULL, NULL);
	CU_add_test(s, "the screen's figures are the summary's",
	    test_screen_is_summary);
}
