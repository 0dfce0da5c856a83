/*
 * Tests for the day: every rule and its message, undo as replay, effective
 * times from the monotonic clock, and loading logs written by the real
 * writer (clean, torn, breaking a rule, corrupt).
 */
#include <sys/stat.h>

#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "clock.h"
#include "day.h"
#include "err.h"
#include "logfile.h"
#include "scheme.h"
#include "summary.h"
#include "test.h"
#include "timeline.h"
#include "xmalloc.h"

enum {
	G_SLT, G_TEACHERS, G_SUPPORT, G_PUPILS, G_PARENTS, G_VISITORS
};

static struct log_header	 hdr;
static int64_t			 midnight;

static int
day_suite_init(void)
{
	if (test_header(&hdr, &midnight) != 0)
		return 1;
	hdr.created = 1709622000000;
	return 0;
}

static int
day_suite_clean(void)
{
	log_header_free(&hdr);
	return 0;
}

/* The instant of a local clock time on the test day. */
static int64_t
at(const char *hms)
{
	int64_t	 ms = 0;
	struct err	 e = ERR_INIT;

	if (clock_parse_hms(hms, strlen(hms), &ms, &e) != 0) {
		fprintf(stderr, "bad time in test: %s\n", e.msg);
		abort();
	}
	return midnight + ms;
}

static struct record
mk(enum record_type type, const char *hms)
{
	struct record	r;

	memset(&r, 0, sizeof r);
	r.type = type;
	r.t = at(hms);
	return r;
}

static struct record
mk_group(enum record_type type, const char *hms, const char *group)
{
	struct record	r = mk(type, hms);

	r.group = group;
	return r;
}

static void
ok_(struct day *d, const struct record *r, int line)
{
	char	*cause = NULL;
	int	 n;

	n = t_cause(day_apply(d, r, t_err()), &cause);
	if (n != 0)
		fprintf(stderr, "\n  line %d: refused: %s\n", line, cause);
	CU_assertImplementation(n == 0, line, "day_apply accepts", __FILE__,
	    "", CU_FALSE);
	free(cause);
}

static void
bad_(struct day *d, const struct record *r, const char *msg, int line)
{
	char	*cause = NULL;
	size_t	 n = day_nactions(d);
	int	 ret;

	ret = t_cause(day_apply(d, r, t_err()), &cause);
	if (ret != -1 || cause == NULL || strcmp(cause, msg) != 0)
		fprintf(stderr, "\n  line %d: got %d \"%s\", wanted \"%s\"\n",
		    line, ret, cause == NULL ? "(null)" : cause, msg);
	CU_assertImplementation(ret == -1 && cause != NULL &&
	    strcmp(cause, msg) == 0, line, "day_apply refuses", __FILE__, "",
	    CU_FALSE);
	T_EQ_INT(day_nactions(d), n);
	free(cause);
}

#define OK(d, r)		ok_((d), (r), __LINE__)
#define BAD(d, r, msg)		bad_((d), (r), (msg), __LINE__)
#define APPLY(d, type, hms)	do {					\
	struct record ap_ = mk((type), (hms));				\
	OK((d), &ap_);							\
} while (0)
#define START(d, hms, group)	do {				\
	struct record st_ = mk_group(RECORD_START, (hms), (group));	\
	OK((d), &st_);							\
} while (0)

/* The day's counts as the screen and the analyser have them: the summary
 * of its timeline with the day stopped a second after its last record (so
 * an episode just started has a length). */
struct counts {
	size_t	nepisodes, nbrief, nnotes;
	size_t	group_episodes[SCHEME_MAX_GROUPS];
	size_t	group_brief[SCHEME_MAX_GROUPS];
};

static struct counts
count(const struct day *d)
{
	struct counts	 c;
	struct day	*p = day_new(day_header(d));
	struct record	 stop;
	struct timeline	 tl;
	struct summary	 sum;
	char		*cause = NULL;
	size_t		 i;

	memset(&c, 0, sizeof c);
	for (i = 0; i < day_nactions(d); i++)
		t_cause(day_apply(p, day_action(d, i)->rec, t_err()), &cause);
	if (day_nactions(p) > 0 && !day_state(p)->stopped) {
		memset(&stop, 0, sizeof stop);
		stop.type = RECORD_STOP;
		stop.seq = day_next_seq(p);
		stop.t = day_last_time(p) + 1000;
		t_cause(day_apply(p, &stop, t_err()), &cause);
	}
	free(cause);
	timeline_from_day(p, &tl);
	summary_compute(&tl, SUMMARY_GROUPS, &sum);
	c.nepisodes = sum.episodes;
	c.nbrief = sum.brief;
	for (i = 0; i < tl.scheme->ngroups && i < SCHEME_MAX_GROUPS; i++) {
		c.group_episodes[i] = sum.groups[i].episodes;
		c.group_brief[i] = sum.groups[i].brief;
	}
	for (i = 0; i < tl.nitems; i++)
		c.nnotes += tl.items[i].kind == TL_NOTE;
	summary_free(&sum);
	timeline_free(&tl);
	day_free(p);
	return c;
}

static void
test_day_empty(void)
{
	struct day		*d;
	const struct day_state	*st;

	d = day_new(&hdr);
	st = day_state(d);
	T_EQ_INT(st->begun, 0);
	T_EQ_INT(st->open, 0);
	T_EQ_INT(count(d).nepisodes, 0);
	T_EQ_INT(day_nactions(d), 0);
	T_EQ_INT(day_next_seq(d), 1);
	T_EQ_INT(day_undo_target(d), 0);
	T_EQ_INT(day_last_time(d), 0);
	T_EQ_INT(day_last_session(d), 0);
	T_TRUE(day_action(d, 0) == NULL);
	T_TRUE(day_header(d) != &hdr);
	T_TRUE(day_header(d)->scheme != hdr.scheme);
	T_EQ_STR(day_header(d)->school, "Hillside Primary");
	T_EQ_STR(day_header(d)->date, "2024-03-05");
	T_EQ_INT(day_header(d)->scheme->ngroups, 6);
	day_free(d);
	day_free(NULL);
}

static void
test_day_begin(void)
{
	struct day		*d;
	const struct day_state	*st;
	struct record		 r;

	d = day_new(&hdr);
	st = day_state(d);
	APPLY(d, RECORD_BEGIN, "09:00");
	T_EQ_INT(st->begun, 1);
	T_EQ_INT(st->stopped, 0);
	T_EQ_INT(st->since, at("09:00"));
	T_EQ_INT(day_last_time(d), at("09:00"));
	T_EQ_INT(day_next_seq(d), 2);
	T_EQ_INT(day_undo_target(d), 0);	/* begin is not undone */
	r = mk(RECORD_BEGIN, "09:01");
	BAD(d, &r, "begin: observation has already begun");
	APPLY(d, RECORD_PAUSE, "09:02");
	r = mk(RECORD_BEGIN, "09:03");
	BAD(d, &r, "begin: observation has already begun");
	day_free(d);

	/* The first record of any type begins observation. */
	d = day_new(&hdr);
	st = day_state(d);
	r = mk(RECORD_NOTE, "08:50");
	r.text = "arrived early";
	OK(d, &r);
	T_EQ_INT(st->begun, 1);
	T_EQ_INT(st->since, at("08:50"));
	T_EQ_INT(count(d).nnotes, 1);
	r = mk(RECORD_BEGIN, "08:55");
	BAD(d, &r, "begin: observation has already begun");
	day_free(d);

	d = day_new(&hdr);
	st = day_state(d);
	START(d, "09:10", "teachers");
	T_EQ_INT(st->begun, 1);
	T_EQ_INT(st->open, 1);
	T_EQ_INT(st->since, at("09:10"));
	day_free(d);
}

static void
test_day_start_end(void)
{
	struct day		*d;
	const struct day_state	*st;
	const struct day_action	*a;
	struct record		 r;
	const char		*with[2];

	d = day_new(&hdr);
	st = day_state(d);
	APPLY(d, RECORD_BEGIN, "09:00");
	r = mk_group(RECORD_START, "09:05", "teachers");
	r.with = with;
	r.by = RECORD_BY_HEAD;
	r.person = "DH";
	r.where = "office";
	r.mode = "phone";
	r.has_with = 1;
	r.with[0] = "SLT";
	r.with[1] = "pupils";
	r.nwith = 2;
	OK(d, &r);
	T_EQ_INT(st->open, 1);
	T_EQ_INT(st->episode.group, G_TEACHERS);
	T_EQ_INT(st->episode.action, 1);
	T_EQ_INT(st->episode.by, RECORD_BY_HEAD);
	T_EQ_STR(st->episode.person, "DH");
	T_EQ_STR(st->episode.where, "office");
	T_EQ_STR(st->episode.mode, "phone");
	T_EQ_INT(st->episode.nwith, 2);
	T_EQ_STR(st->episode.with[1], "pupils");
	T_EQ_INT(st->episode.since, at("09:05"));
	T_EQ_INT(st->since, at("09:05"));
	T_EQ_INT(count(d).nepisodes, 1);
	T_EQ_INT(count(d).group_episodes[G_TEACHERS], 1);
	/* The strings are the day's own copies. */
	a = day_action(d, 1);
	T_TRUE(a->rec->person == st->episode.person);
	T_TRUE(a->rec != &r);
	T_EQ_INT(a->rec->seq, 2);
	T_EQ_INT(a->t, at("09:05"));
	T_EQ_INT(a->withdrawn, 0);

	/* A start ends the open episode at the same instant. */
	START(d, "09:10", "pupils");
	T_EQ_INT(st->open, 1);
	T_EQ_INT(st->episode.group, G_PUPILS);
	T_TRUE(st->episode.person == NULL);
	T_EQ_INT(st->episode.nwith, 0);
	T_EQ_INT(st->since, at("09:10"));
	T_EQ_INT(count(d).nepisodes, 2);
	T_EQ_INT(count(d).group_episodes[G_PUPILS], 1);

	APPLY(d, RECORD_END, "09:12:30.250");
	T_EQ_INT(st->open, 0);
	T_EQ_INT(st->since, at("09:12:30.250"));
	r = mk(RECORD_END, "09:13");
	BAD(d, &r, "end: no episode is open");
	day_free(d);
}

static void
test_day_start_errors(void)
{
	struct day	*d;
	struct record	 r;
	const char	*with[RECORD_MAX_WITH + 1] = { NULL };

	d = day_new(&hdr);
	APPLY(d, RECORD_BEGIN, "09:00");
	r = mk_group(RECORD_START, "09:01", "x");
	BAD(d, &r, "start: unknown group 'x'");
	r = mk_group(RECORD_START, "09:01", NULL);
	BAD(d, &r, "start: no group");
	r = mk_group(RECORD_START, "09:01", "teachers");
	r.has_with = 1;
	r.with = with;
	r.with[0] = "SLT";
	r.with[1] = "y";
	r.nwith = 2;
	BAD(d, &r, "start: unknown group 'y' in with=");
	r.with[1] = "teachers";
	BAD(d, &r, "start: with= names the episode's own group 'teachers'");
	r.with[1] = "slt";
	BAD(d, &r, "start: with= names group 'SLT' twice");
	r.nwith = RECORD_MAX_WITH + 1;
	BAD(d, &r, "start: too many groups in with=");
	/* Text from a log is made safe before it is quoted. */
	r = mk_group(RECORD_START, "09:01", "a\x1b[2Jb");
	BAD(d, &r, "start: unknown group 'a\\x1b[2Jb'");
	r = mk_group(RECORD_START, "09:01", "abcdefghijklmnopqrstuvwxyz"
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789");
	BAD(d, &r, "start: unknown group 'abcdefghijklmnopqrstuvwxyz"
	    "ABCDEFGHIJKLMNOPQRSTUV...'");
	r = mk_group(RECORD_BRIEF, "09:01", "nobody");
	BAD(d, &r, "brief: unknown group 'nobody'");
	r = mk((enum record_type)42, "09:01");
	BAD(d, &r, "unknown record type 42");
	T_EQ_INT(day_state(d)->open, 0);
	T_EQ_INT(count(d).nepisodes, 0);
	day_free(d);
}

static void
test_day_brief_note(void)
{
	struct day		*d;
	const struct day_state	*st;
	struct record		 r;

	d = day_new(&hdr);
	st = day_state(d);
	START(d, "09:00", "teachers");
	r = mk_group(RECORD_BRIEF, "09:01", "pupils");
	r.by = RECORD_BY_OTHER;
	OK(d, &r);
	/* A brief contact does not end the open episode. */
	T_EQ_INT(st->open, 1);
	T_EQ_INT(st->episode.group, G_TEACHERS);
	T_EQ_INT(st->since, at("09:00"));
	T_EQ_INT(count(d).nbrief, 1);
	T_EQ_INT(count(d).group_brief[G_PUPILS], 1);
	T_EQ_INT(count(d).nepisodes, 1);

	APPLY(d, RECORD_PAUSE, "09:05");
	r = mk_group(RECORD_BRIEF, "09:06", "pupils");
	BAD(d, &r, "brief: observation is paused (resume first)");
	r = mk(RECORD_NOTE, "09:06");
	r.text = "fire drill";
	OK(d, &r);
	APPLY(d, RECORD_STOP, "09:07");
	r = mk_group(RECORD_BRIEF, "09:08", "pupils");
	BAD(d, &r, "brief: observation has stopped (begin first)");
	r = mk(RECORD_NOTE, "09:08");
	r.text = "after the day";
	OK(d, &r);
	T_EQ_INT(count(d).nnotes, 2);
	T_EQ_INT(count(d).nbrief, 1);
	day_free(d);
}

static void
test_day_pause_resume(void)
{
	struct day		*d;
	const struct day_state	*st;
	struct record		 r;

	d = day_new(&hdr);
	st = day_state(d);
	START(d, "09:00", "teachers");
	APPLY(d, RECORD_PAUSE, "09:10");
	T_EQ_INT(st->paused, 1);
	T_EQ_INT(st->open, 0);
	T_EQ_INT(st->since, at("09:10"));
	r = mk_group(RECORD_START, "09:11", "SLT");
	BAD(d, &r, "start: observation is paused (resume first)");
	r = mk(RECORD_PAUSE, "09:11");
	BAD(d, &r, "pause: observation is already paused");
	r = mk(RECORD_END, "09:11");
	BAD(d, &r, "end: no episode is open");
	r = mk(RECORD_SET, "09:11");
	r.person = "X";
	BAD(d, &r, "set: no episode is open");
	APPLY(d, RECORD_RESUME, "09:20");
	T_EQ_INT(st->paused, 0);
	T_EQ_INT(st->open, 0);
	T_EQ_INT(st->since, at("09:20"));
	r = mk(RECORD_RESUME, "09:21");
	BAD(d, &r, "resume: not paused");
	/* A pause with no episode open. */
	APPLY(d, RECORD_PAUSE, "09:30");
	T_EQ_INT(st->paused, 1);
	T_EQ_INT(st->since, at("09:30"));
	day_free(d);
}

static void
test_day_stop(void)
{
	struct day		*d;
	const struct day_state	*st;
	struct record		 r;

	d = day_new(&hdr);
	st = day_state(d);
	APPLY(d, RECORD_BEGIN, "09:00");
	START(d, "09:10", "teachers");
	APPLY(d, RECORD_STOP, "12:00");
	T_EQ_INT(st->stopped, 1);
	T_EQ_INT(st->open, 0);
	T_EQ_INT(st->since, at("12:00"));
	r = mk_group(RECORD_START, "12:01", "SLT");
	BAD(d, &r, "start: observation has stopped (begin first)");
	r = mk(RECORD_PAUSE, "12:01");
	BAD(d, &r, "pause: observation has stopped");
	r = mk(RECORD_RESUME, "12:01");
	BAD(d, &r, "resume: observation has stopped (begin to continue)");
	r = mk(RECORD_STOP, "12:01");
	BAD(d, &r, "stop: observation has already stopped");
	r = mk(RECORD_END, "12:01");
	BAD(d, &r, "end: no episode is open");

	/* Begin after stop resumes observation, alone. */
	APPLY(d, RECORD_BEGIN, "13:00");
	T_EQ_INT(st->begun, 1);
	T_EQ_INT(st->stopped, 0);
	T_EQ_INT(st->paused, 0);
	T_EQ_INT(st->open, 0);
	T_EQ_INT(st->since, at("13:00"));
	START(d, "13:05", "SLT");
	T_EQ_INT(count(d).nepisodes, 2);

	/* Stop while paused ends the pause. */
	APPLY(d, RECORD_PAUSE, "13:10");
	APPLY(d, RECORD_STOP, "13:20");
	T_EQ_INT(st->paused, 0);
	T_EQ_INT(st->stopped, 1);
	day_free(d);
}

static void
test_day_set(void)
{
	struct day		*d;
	const struct day_state	*st;
	struct record		 r;
	const char		*with[2];

	d = day_new(&hdr);
	st = day_state(d);
	r = mk_group(RECORD_START, "09:00", "teachers");
	r.person = "DH";
	r.where = "office";
	r.has_with = 1;
	r.with = with;
	r.with[0] = "SLT";
	r.nwith = 1;
	OK(d, &r);

	r = mk(RECORD_SET, "09:01");
	r.person = "";
	r.where = "hall";
	r.mode = "tour";
	r.by = RECORD_BY_OTHER;
	OK(d, &r);
	T_TRUE(st->episode.person == NULL);
	T_EQ_STR(st->episode.where, "hall");
	T_EQ_STR(st->episode.mode, "tour");
	T_EQ_INT(st->episode.by, RECORD_BY_OTHER);
	T_EQ_INT(st->episode.nwith, 1);
	T_EQ_INT(st->since, at("09:00"));
	T_EQ_INT(st->episode.since, at("09:00"));

	r = mk(RECORD_SET, "09:02");
	r.has_with = 1;
	r.with = with;
	r.with[0] = "pupils";
	r.with[1] = "parents";
	r.nwith = 2;
	OK(d, &r);
	T_EQ_INT(st->episode.nwith, 2);
	T_EQ_STR(st->episode.with[0], "pupils");
	T_EQ_STR(st->episode.where, "hall");

	r = mk(RECORD_SET, "09:03");
	r.has_with = 1;
	r.nwith = 0;
	r.mode = "";
	OK(d, &r);
	T_EQ_INT(st->episode.nwith, 0);
	T_TRUE(st->episode.mode == NULL);
	T_EQ_STR(st->episode.where, "hall");

	r = mk(RECORD_SET, "09:04");
	r.has_with = 1;
	r.with = with;
	r.with[0] = "t";
	r.nwith = 1;
	BAD(d, &r, "set: with= names the episode's own group 'teachers'");
	r.with[0] = "nobody";
	BAD(d, &r, "set: unknown group 'nobody' in with=");
	/* Set counts nothing. */
	T_EQ_INT(count(d).nepisodes, 1);
	day_free(d);
}

static void
test_day_undo_start(void)
{
	struct day		*d;
	const struct day_state	*st;
	struct record		 r;

	d = day_new(&hdr);
	st = day_state(d);
	APPLY(d, RECORD_BEGIN, "09:00");			/* 1 */
	r = mk_group(RECORD_START, "09:05", "teachers");	/* 2 */
	r.person = "DH";
	r.by = RECORD_BY_HEAD;
	OK(d, &r);
	r = mk(RECORD_SET, "09:06");				/* 3 */
	r.where = "office";
	OK(d, &r);
	START(d, "09:10", "pupils");				/* 4 */
	T_EQ_INT(day_undo_target(d), 4);
	APPLY(d, RECORD_UNDO, "09:11");				/* 5 */

	/* The teachers episode is open again, as it was. */
	T_EQ_INT(st->open, 1);
	T_EQ_INT(st->episode.group, G_TEACHERS);
	T_EQ_INT(st->episode.action, 1);
	T_EQ_INT(st->episode.since, at("09:05"));
	T_EQ_INT(st->since, at("09:05"));
	T_EQ_STR(st->episode.person, "DH");
	T_EQ_STR(st->episode.where, "office");
	T_EQ_INT(st->episode.by, RECORD_BY_HEAD);
	T_EQ_INT(count(d).nepisodes, 1);
	T_EQ_INT(count(d).group_episodes[G_TEACHERS], 1);
	T_EQ_INT(count(d).group_episodes[G_PUPILS], 0);

	/* Both records stay, the undone one marked. */
	T_EQ_INT(day_nactions(d), 5);
	T_EQ_INT(day_action(d, 3)->withdrawn, 1);
	T_EQ_INT(day_action(d, 4)->withdrawn, 0);
	T_EQ_INT(day_action(d, 4)->rec->type, RECORD_UNDO);
	T_EQ_INT(day_action(d, 4)->rec->undoes, 4);
	T_EQ_INT(day_action(d, 4)->rec->seq, 5);
	T_EQ_INT(day_next_seq(d), 6);
	T_EQ_INT(day_last_time(d), at("09:11"));
	T_EQ_INT(day_undo_target(d), 3);	/* the set */
	day_free(d);
}

static void
test_day_undo_pause_stop(void)
{
	struct day		*d;
	const struct day_state	*st;

	d = day_new(&hdr);
	st = day_state(d);
	START(d, "09:00", "teachers");
	APPLY(d, RECORD_PAUSE, "09:10");
	APPLY(d, RECORD_UNDO, "09:11");
	T_EQ_INT(st->paused, 0);
	T_EQ_INT(st->open, 1);
	T_EQ_INT(st->episode.group, G_TEACHERS);
	T_EQ_INT(st->since, at("09:00"));
	day_free(d);

	d = day_new(&hdr);
	st = day_state(d);
	START(d, "09:00", "SLT");
	APPLY(d, RECORD_STOP, "12:00");
	APPLY(d, RECORD_UNDO, "12:01");
	T_EQ_INT(st->stopped, 0);
	T_EQ_INT(st->open, 1);
	T_EQ_INT(st->episode.group, G_SLT);
	T_EQ_INT(st->since, at("09:00"));
	/* Observation runs on: a start is accepted. */
	START(d, "12:02", "parents");
	T_EQ_INT(count(d).nepisodes, 2);
	day_free(d);

	/* Stop, begin, undo: the stop goes, the begin then changes nothing. */
	d = day_new(&hdr);
	st = day_state(d);
	START(d, "09:00", "SLT");
	APPLY(d, RECORD_STOP, "12:00");
	APPLY(d, RECORD_BEGIN, "13:00");
	T_EQ_INT(st->open, 0);
	T_EQ_INT(day_undo_target(d), 2);
	APPLY(d, RECORD_UNDO, "13:01");
	T_EQ_INT(st->stopped, 0);
	T_EQ_INT(st->open, 1);
	T_EQ_INT(st->since, at("09:00"));
	day_free(d);

	/* Undo of a resume pauses again; of the pause too: open again. */
	d = day_new(&hdr);
	st = day_state(d);
	START(d, "09:00", "teachers");
	APPLY(d, RECORD_PAUSE, "09:10");
	APPLY(d, RECORD_RESUME, "09:20");
	APPLY(d, RECORD_UNDO, "09:21");
	T_EQ_INT(st->paused, 1);
	T_EQ_INT(st->since, at("09:10"));
	APPLY(d, RECORD_UNDO, "09:22");
	T_EQ_INT(st->paused, 0);
	T_EQ_INT(st->open, 1);
	T_EQ_INT(st->since, at("09:00"));
	day_free(d);
}

static void
test_day_undo_twice(void)
{
	struct day		*d;
	const struct day_state	*st;
	struct record		 r;

	d = day_new(&hdr);
	st = day_state(d);
	START(d, "09:00", "teachers");				/* 1 */
	START(d, "09:05", "pupils");				/* 2 */
	r = mk_group(RECORD_BRIEF, "09:06", "SLT");		/* 3 */
	OK(d, &r);
	APPLY(d, RECORD_UNDO, "09:07");			/* 4: 3 */
	T_EQ_INT(count(d).nbrief, 0);
	T_EQ_INT(st->episode.group, G_PUPILS);
	APPLY(d, RECORD_UNDO, "09:08");			/* 5: 2 */
	T_EQ_INT(day_action(d, 3)->rec->undoes, 3);
	T_EQ_INT(day_action(d, 4)->rec->undoes, 2);
	T_EQ_INT(day_action(d, 1)->withdrawn, 1);
	T_EQ_INT(day_action(d, 2)->withdrawn, 1);
	T_EQ_INT(day_action(d, 0)->withdrawn, 0);
	T_EQ_INT(st->open, 1);
	T_EQ_INT(st->episode.group, G_TEACHERS);
	T_EQ_INT(st->since, at("09:00"));
	T_EQ_INT(count(d).nepisodes, 1);
	T_EQ_INT(day_undo_target(d), 1);
	APPLY(d, RECORD_UNDO, "09:09");			/* 6: 1 */
	T_EQ_INT(st->open, 0);
	T_EQ_INT(st->begun, 1);
	T_EQ_INT(count(d).nepisodes, 0);
	T_EQ_INT(day_undo_target(d), 0);
	r = mk(RECORD_UNDO, "09:10");
	BAD(d, &r, "undo: nothing to undo");
	/* After all that, the day goes on. */
	START(d, "09:11", "visitors");
	T_EQ_INT(count(d).nepisodes, 1);
	T_EQ_INT(day_next_seq(d), 8);
	day_free(d);
}

static void
test_day_undo_errors(void)
{
	struct day	*d;
	struct record	 r;

	d = day_new(&hdr);
	r = mk(RECORD_UNDO, "09:00");
	BAD(d, &r, "undo: nothing to undo");
	T_EQ_INT(day_state(d)->begun, 0);
	APPLY(d, RECORD_BEGIN, "09:00");
	r = mk(RECORD_UNDO, "09:01");
	BAD(d, &r, "undo: nothing to undo");

	START(d, "09:01", "teachers");		/* 2 */
	START(d, "09:02", "pupils");		/* 3 */
	r = mk(RECORD_UNDO, "09:03");
	r.undoes = 2;
	BAD(d, &r, "undo: withdraws seq 2 but the last action is seq 3");
	r.undoes = 3;
	OK(d, &r);
	r = mk(RECORD_UNDO, "09:04");
	r.undoes = 3;
	BAD(d, &r, "undo: withdraws seq 3 but the last action is seq 2");
	day_free(d);
}

static void
test_day_counts_after_undo(void)
{
	struct day		*d;
	const struct day_state	*st;
	struct record		 r;

	d = day_new(&hdr);
	st = day_state(d);
	START(d, "09:00", "teachers");
	START(d, "09:10", "teachers");
	r = mk_group(RECORD_BRIEF, "09:11", "pupils");
	OK(d, &r);
	r = mk_group(RECORD_BRIEF, "09:12", "pupils");
	OK(d, &r);
	r = mk(RECORD_NOTE, "09:13");
	r.text = "busy";
	OK(d, &r);
	APPLY(d, RECORD_UNDO, "09:14");		/* the note */
	APPLY(d, RECORD_UNDO, "09:15");		/* a brief */
	T_EQ_INT(count(d).nepisodes, 2);
	T_EQ_INT(count(d).group_episodes[G_TEACHERS], 2);
	T_EQ_INT(count(d).nbrief, 1);
	T_EQ_INT(count(d).group_brief[G_PUPILS], 1);
	T_EQ_INT(count(d).group_brief[G_SLT], 0);
	T_EQ_INT(count(d).nnotes, 0);
	T_EQ_INT(st->episode.since, at("09:10"));
	r = mk_group(RECORD_BRIEF, "09:16", "SLT");
	OK(d, &r);
	T_EQ_INT(count(d).group_brief[G_SLT], 1);
	T_EQ_INT(count(d).nbrief, 2);
	day_free(d);
}

static void
test_day_seq(void)
{
	struct day	*d;
	struct record	 r;

	d = day_new(&hdr);
	r = mk(RECORD_BEGIN, "09:00");
	r.seq = 5;
	BAD(d, &r, "record seq 5, expected 1");
	r.seq = 1;
	OK(d, &r);
	r = mk_group(RECORD_START, "09:01", "SLT");
	r.seq = 1;
	BAD(d, &r, "record seq 1, expected 2");
	r.seq = 0;			/* filled in */
	OK(d, &r);
	T_EQ_INT(day_action(d, 1)->rec->seq, 2);
	T_EQ_INT(day_next_seq(d), 3);
	day_free(d);
}

static void
test_day_times(void)
{
	struct day	*d;
	struct record	 r;

	d = day_new(&hdr);
	APPLY(d, RECORD_BEGIN, "10:07");
	r = mk(RECORD_NOTE, "10:05");
	r.text = "late";
	BAD(d, &r, "time 10:05:00 is before the previous record (10:07:00)");
	r = mk(RECORD_UNDO, "10:06:59.999");
	BAD(d, &r, "time 10:06:59.999 is before the previous record "
	    "(10:07:00)");
	/* The same instant is fine. */
	START(d, "10:07", "SLT");
	START(d, "25:30", "pupils");	/* past midnight */
	r = mk(RECORD_END, "25:29");
	BAD(d, &r, "time 25:29:00 is before the previous record (25:30:00)");
	T_EQ_INT(day_last_time(d), at("25:30"));
	day_free(d);
}

static void
test_day_mono(void)
{
	struct day		*d;
	const struct day_state	*st;
	struct record		 r;

	d = day_new(&hdr);
	st = day_state(d);
	r = mk(RECORD_BEGIN, "10:00");
	r.has_mono = 1;
	r.mono = 5000000;
	r.session = 1;
	OK(d, &r);
	/* The wall clock jumps back an hour; the monotonic clock says five
	 * minutes have passed. */
	r = mk_group(RECORD_START, "09:05", "teachers");
	r.has_mono = 1;
	r.mono = 5000000 + 5 * 60000;
	r.session = 1;
	OK(d, &r);
	T_EQ_INT(day_action(d, 1)->t, at("10:05"));
	T_EQ_INT(day_action(d, 1)->rec->t, at("09:05"));
	T_EQ_INT(st->since, at("10:05"));
	r = mk(RECORD_END, "09:07:30.5");
	r.has_mono = 1;
	r.mono = 5000000 + 7 * 60000 + 30500;
	r.session = 1;
	OK(d, &r);
	T_EQ_INT(day_last_time(d), at("10:07:30.5"));

	/* A new run with the clock still wrong: never go backwards. */
	r = mk(RECORD_NOTE, "09:30");
	r.text = "restarted";
	r.has_mono = 1;
	r.mono = 100;
	r.session = 2;
	OK(d, &r);
	T_EQ_INT(day_action(d, 3)->t, at("10:07:30.5"));
	r = mk_group(RECORD_START, "09:31", "SLT");
	r.has_mono = 1;
	r.mono = 100 + 60000;
	r.session = 2;
	OK(d, &r);
	T_EQ_INT(day_action(d, 4)->t, at("10:08:30.5"));
	T_EQ_INT(day_last_session(d), 2);

	/* A third run with a correct clock ahead of the day. */
	r = mk(RECORD_END, "11:00");
	r.has_mono = 1;
	r.mono = 7;
	r.session = 3;
	OK(d, &r);
	T_EQ_INT(day_action(d, 5)->t, at("11:00"));
	T_EQ_INT(day_last_session(d), 3);

	/* Monotonic time going backwards within a run is refused. */
	r = mk_group(RECORD_START, "11:05", "SLT");
	r.has_mono = 1;
	r.mono = 6;
	r.session = 3;
	BAD(d, &r, "time 10:59:59.999 is before the previous record "
	    "(11:00:00)");
	/* So is a record without mono before the last instant. */
	r = mk_group(RECORD_START, "10:30", "SLT");
	BAD(d, &r, "time 10:30:00 is before the previous record (11:00:00)");
	/* A monotonic time that would overflow. */
	r = mk_group(RECORD_START, "11:05", "SLT");
	r.has_mono = 1;
	r.mono = INT64_MIN;
	r.session = 3;
	BAD(d, &r, "monotonic time out of range");
	day_free(d);
}

/* ---- day_load ---- */

static char *
write_log(const char *dir, const char *name, struct record *recs, size_t n,
    off_t *offsets)
{
	struct log_writer	*w = NULL;
	struct err		 e = ERR_INIT;
	char			*path;
	size_t			 i;

	path = xasprintf("%s/%s", dir, name);
	if (log_writer_create(path, &hdr, &w, &e) != 0) {
		fprintf(stderr, "\n  %s\n", e.msg);
		err_clear(&e);
		CU_FAIL("log_writer_create");
		return path;
	}
	for (i = 0; i < n; i++) {
		recs[i].seq = i + 1;
		if (offsets != NULL)
			offsets[i] = log_writer_length(w);
		if (log_writer_append(w, &recs[i], &e) != 0) {
			fprintf(stderr, "\n  %s\n", e.msg);
			err_clear(&e);
			CU_FAIL("log_writer_append");
		}
	}
	log_writer_close(w);
	return path;
}

static void
append_bytes(const char *path, const void *buf, size_t len)
{
	int	fd;

	fd = open(path, O_WRONLY | O_APPEND);
	T_TRUE(fd != -1);
	if (fd == -1)
		return;
	T_EQ_INT(write(fd, buf, len), len);
	close(fd);
}

/* Appends a record of a type this version does not know. */
static void
append_future(const char *path, uint64_t seq, int64_t t)
{
	msgpack_sbuffer	sbuf;
	msgpack_packer	pk;

	msgpack_sbuffer_init(&sbuf);
	msgpack_packer_init(&pk, &sbuf, msgpack_sbuffer_write);
	msgpack_pack_map(&pk, 4);
	msgpack_pack_str(&pk, 4);
	msgpack_pack_str_body(&pk, "type", 4);
	msgpack_pack_str(&pk, 6);
	msgpack_pack_str_body(&pk, "future", 6);
	msgpack_pack_str(&pk, 3);
	msgpack_pack_str_body(&pk, "seq", 3);
	msgpack_pack_uint64(&pk, seq);
	msgpack_pack_str(&pk, 1);
	msgpack_pack_str_body(&pk, "t", 1);
	msgpack_pack_int64(&pk, t);
	msgpack_pack_str(&pk, 5);
	msgpack_pack_str_body(&pk, "extra", 5);
	msgpack_pack_true(&pk);
	append_bytes(path, sbuf.data, sbuf.size);
	msgpack_sbuffer_destroy(&sbuf);
}

static void
test_day_load(void)
{
	struct record		 recs[6];
	struct day		*d = NULL;
	enum log_status		 status;
	off_t			 good = -1, damage = -1, offsets[6];
	struct stat		 sb;
	char			*dir, *path, *warning = NULL, *cause = NULL;
	char			*want;
	int			 exit_code = 0;

	dir = test_tmpdir();
	T_TRUE(dir != NULL);
	if (dir == NULL)
		return;
	recs[0] = mk(RECORD_BEGIN, "09:00");
	recs[1] = mk_group(RECORD_START, "09:05", "teachers");
	recs[1].person = "DH";
	recs[2] = mk_group(RECORD_START, "09:10", "pupils");
	recs[3] = mk(RECORD_UNDO, "09:11");
	recs[3].undoes = 3;
	recs[4] = mk(RECORD_NOTE, "09:12");
	recs[4].text = "note \"quoted\" # and more";
	recs[5] = mk(RECORD_PAUSE, "09:20");
	path = write_log(dir, "clean.slog", recs, 6, offsets);

	T_EQ_INT(test_load_day(path, &d, &status, &good, &damage, &warning,
	    &exit_code, &cause), 0);
	T_TRUE(cause == NULL);
	T_TRUE(warning == NULL);
	T_EQ_INT(status, LOG_CLEAN);
	T_EQ_INT(stat(path, &sb), 0);
	T_EQ_INT(good, sb.st_size);
	T_TRUE(d != NULL);
	if (d != NULL) {
		T_EQ_INT(day_nactions(d), 6);
		T_EQ_INT(day_action(d, 2)->withdrawn, 1);
		T_EQ_STR(day_action(d, 4)->rec->text,
		    "note \"quoted\" # and more");
		T_EQ_INT(day_state(d)->paused, 1);
		T_EQ_INT(count(d).nepisodes, 1);
		T_EQ_STR(day_header(d)->school, "Hillside Primary");
		T_EQ_INT(day_next_seq(d), 7);
		day_free(d);
		d = NULL;
	}

	/* A torn tail: the whole records load, with a warning. */
	append_bytes(path, "\x8a\xa4type\xa5", 7);
	T_EQ_INT(test_load_day(path, &d, &status, &good, &damage, &warning,
	    &exit_code, &cause), 0);
	T_EQ_INT(status, LOG_TORN);
	T_EQ_INT(good, sb.st_size);
	T_EQ_INT(damage, sb.st_size);
	want = xasprintf("%s: torn tail at byte %lld (7 bytes): the last 7 "
	    "bytes are a record cut short", path, (long long)sb.st_size);
	T_EQ_STR(warning, want);
	free(want);
	free(warning);
	warning = NULL;
	T_TRUE(d != NULL);
	if (d != NULL) {
		T_EQ_INT(day_nactions(d), 6);
		day_free(d);
		d = NULL;
	}
	unlink(path);
	free(path);

	/* A record that breaks the rules: refused, naming its offset. */
	recs[0] = mk_group(RECORD_START, "09:00", "SLT");
	recs[1] = mk(RECORD_END, "09:05");
	recs[2] = mk(RECORD_END, "09:06");
	path = write_log(dir, "rules.slog", recs, 3, offsets);
	T_EQ_INT(test_load_day(path, &d, &status, &good, &damage, &warning,
	    &exit_code, &cause), -1);
	T_TRUE(d == NULL);
	T_EQ_INT(exit_code, 65);
	want = xasprintf("%s: byte %lld: end: no episode is open", path,
	    (long long)offsets[2]);
	T_EQ_STR(cause, want);
	free(want);
	free(cause);
	cause = NULL;
	unlink(path);
	free(path);

	/* Times going backwards in a log. */
	recs[0] = mk(RECORD_BEGIN, "10:00");
	recs[1] = mk(RECORD_PAUSE, "09:59");
	path = write_log(dir, "back.slog", recs, 2, offsets);
	T_EQ_INT(test_load_day(path, &d, &status, &good, &damage, &warning,
	    &exit_code, &cause), -1);
	T_EQ_INT(exit_code, 65);
	want = xasprintf("%s: byte %lld: time 09:59:00 is before the "
	    "previous record (10:00:00)", path, (long long)offsets[1]);
	T_EQ_STR(cause, want);
	free(want);
	free(cause);
	cause = NULL;
	{
		/* The error itself: what, and where as fields (no layer
		 * adds or strips a prefix). */
		struct day_loaded	how;
		struct err		e = ERR_INIT;

		T_EQ_INT(day_load(path, &d, &how, &e), -1);
		T_EQ_INT(e.code, ERR_DATA);
		T_EQ_STR(e.file, path);
		T_EQ_INT(e.offset, offsets[1]);
		T_EQ_STR(e.msg, "time 09:59:00 is before the previous record "
		    "(10:00:00)");
		err_clear(&e);
	}

	/* Damage in the middle: refused with the reader's account. */
	T_EQ_INT(stat(path, &sb), 0);
	{
		int	fd = open(path, O_WRONLY);

		T_TRUE(fd != -1);
		T_EQ_INT(pwrite(fd, "\xc1", 1, offsets[1]), 1);
		close(fd);
	}
	append_bytes(path, "\x80", 1);
	T_EQ_INT(test_load_day(path, &d, &status, &good, &damage, &warning,
	    &exit_code, &cause), -1);
	T_TRUE(d == NULL);
	T_EQ_INT(exit_code, 65);
	want = xasprintf("%s: byte %lld: ", path, (long long)offsets[1]);
	T_HAS_STR(cause, want);
	T_TRUE(cause != NULL && strncmp(cause, want, strlen(want)) == 0);
	free(want);
	free(cause);
	cause = NULL;
	unlink(path);
	free(path);

	/* A record of a type from a later version is skipped by the reader;
	 * the day accepts the gap it leaves in the numbering. */
	recs[0] = mk(RECORD_BEGIN, "10:00");
	recs[1] = mk_group(RECORD_START, "10:01", "SLT");
	path = write_log(dir, "future.slog", recs, 2, offsets);
	append_future(path, 3, at("10:02"));
	{
		msgpack_sbuffer	sbuf;

		recs[2] = mk(RECORD_END, "10:03");
		recs[2].seq = 4;
		msgpack_sbuffer_init(&sbuf);
		record_pack(&recs[2], &sbuf);
		append_bytes(path, sbuf.data, sbuf.size);
		msgpack_sbuffer_destroy(&sbuf);
	}
	T_EQ_INT(test_load_day(path, &d, &status, &good, &damage, &warning,
	    &exit_code, &cause), 0);
	T_TRUE(cause == NULL);
	free(cause);
	cause = NULL;
	T_EQ_INT(status, LOG_CLEAN);
	T_TRUE(d != NULL);
	if (d != NULL) {
		T_EQ_INT(day_nactions(d), 3);
		T_EQ_INT(day_action(d, 2)->rec->seq, 4);
		T_EQ_INT(day_next_seq(d), 5);
		T_EQ_INT(day_state(d)->open, 0);
		day_free(d);
		d = NULL;
	}
	unlink(path);
	free(path);

	/* A missing file. */
	path = xasprintf("%s/missing.slog", dir);
	T_EQ_INT(test_load_day(path, &d, &status, &good, &damage, &warning,
	    &exit_code, &cause), -1);
	T_EQ_INT(exit_code, 66);
	T_HAS_STR(cause, path);
	free(cause);
	free(path);

	rmdir(dir);
	free(dir);
}

/* Redo takes back the latest undo: the action is in force again at its
 * own instant, undos and redos nest, and anything new ends the chain. */
static void
test_day_redo(void)
{
	struct day		*d;
	const struct day_state	*st;
	struct timeline		 tl;
	struct record		 r;

	d = day_new(&hdr);
	st = day_state(d);
	APPLY(d, RECORD_BEGIN, "09:00");			/* 1 */
	START(d, "09:05", "teachers");				/* 2 */
	START(d, "09:10", "pupils");				/* 3 */
	T_EQ_INT(day_redo_target(d), 0);
	r = mk(RECORD_REDO, "09:10:30");
	BAD(d, &r, "redo: nothing to redo");
	APPLY(d, RECORD_UNDO, "09:11");				/* 4: 3 */
	APPLY(d, RECORD_UNDO, "09:12");				/* 5: 2 */
	T_EQ_INT(st->open, 0);
	T_EQ_INT(day_redo_target(d), 5);
	r = mk(RECORD_REDO, "09:13");
	r.target = 4;
	BAD(d, &r, "redo: takes back undo #4 but the latest is #5");
	APPLY(d, RECORD_REDO, "09:13");				/* 6: 5 */
	T_EQ_INT(day_action(d, 5)->rec->target, 5);
	T_EQ_INT(day_action(d, 4)->withdrawn, 1);
	T_EQ_INT(day_action(d, 1)->withdrawn, 0);
	T_EQ_INT(st->open, 1);
	T_EQ_INT(st->episode.group, G_TEACHERS);
	T_EQ_INT(st->episode.since, at("09:05"));
	T_EQ_INT(day_redo_target(d), 4);
	T_EQ_INT(day_undo_target(d), 2);
	APPLY(d, RECORD_REDO, "09:14");				/* 7: 4 */
	T_EQ_INT(st->episode.group, G_PUPILS);
	T_EQ_INT(st->episode.since, at("09:10"));
	T_EQ_INT(count(d).nepisodes, 2);
	T_EQ_INT(day_redo_target(d), 0);

	/* Undo again, then something new: no redo past it. */
	APPLY(d, RECORD_UNDO, "09:15");				/* 8: 3 */
	T_EQ_INT(day_redo_target(d), 8);
	APPLY(d, RECORD_END, "09:16");				/* 9 */
	T_EQ_INT(day_redo_target(d), 0);
	r = mk(RECORD_REDO, "09:17");
	BAD(d, &r, "redo: nothing to redo");

	/* The analyser sees the teachers episode whole, from 09:05. */
	timeline_from_day(d, &tl);
	T_EQ_INT(tl.nitems, 2);	/* alone, then teachers to the end */
	T_EQ_INT(tl.items[1].kind, TL_EPISODE);
	T_EQ_INT(tl.items[1].group, G_TEACHERS);
	T_EQ_INT(tl.items[1].start, at("09:05") - midnight);
	T_EQ_INT(tl.items[1].end, at("09:16") - midnight);
	timeline_free(&tl);
	day_free(d);
}

/* A start's group found by exact name, by other case and by key, in any
 * order: each as the scheme names it, worked by hand. */
static void
test_day_group_lookups(void)
{
	struct day		*d;
	const struct day_state	*st;
	struct record		 r;
	static const struct {
		const char	*name;
		int		 group;
	} cases[] = {
		{ "pupils", G_PUPILS }, { "parents", G_PARENTS },
		{ "pupils", G_PUPILS }, { "PUPILS", G_PUPILS },
		{ "Parents", G_PARENTS }, { "p", G_PUPILS },
		{ "r", G_PARENTS }, { "parents", G_PARENTS },
		{ "SLT", G_SLT }, { "slt", G_SLT }, { "s", G_SLT },
		{ "support staff", G_SUPPORT }, { "SLT", G_SLT },
	};
	char			 hms[16];
	size_t			 i;

	d = day_new(&hdr);
	st = day_state(d);
	APPLY(d, RECORD_BEGIN, "09:00");
	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		snprintf(hms, sizeof hms, "09:%02zu", i + 1);
		START(d, hms, cases[i].name);
		T_EQ_INT(st->episode.group, cases[i].group);
	}
	/* Names sharing a known name's first two bytes are still unknown. */
	r = mk_group(RECORD_START, "09:30", "pu");
	BAD(d, &r, "start: unknown group 'pu'");
	r = mk_group(RECORD_START, "09:30", "pupils2");
	BAD(d, &r, "start: unknown group 'pupils2'");
	r = mk_group(RECORD_BRIEF, "09:30", "SL");
	BAD(d, &r, "brief: unknown group 'SL'");
	T_EQ_INT(st->episode.group, G_SLT);
	day_free(d);
}

/* The open start of a day of 40 starts (start k at 09:k, teachers when k
 * is odd, pupils when even, seq k + 1), worked by hand. */
static void
check_open_start(const struct day_state *st, int k, int line)
{
	char	hms[16];

	snprintf(hms, sizeof hms, "09:%02d", k);
	CU_assertImplementation(st->open == 1 && st->episode.group ==
	    (k % 2 ? G_TEACHERS : G_PUPILS) && st->episode.since == at(hms) &&
	    st->since == at(hms), line, "the open start is start k", __FILE__,
	    "", CU_FALSE);
}

/* Undos, redos and reviews far into a day (past the state day.c keeps
 * every 16 actions, and back before it) leave the state a replay from the
 * first action gives: undo withdraws the last start in force, redo puts
 * it back, a review of the open start moves it, one of an early start
 * changes nothing open. */
static void
test_day_replay_far(void)
{
	struct day		*d;
	const struct day_state	*st;
	struct record		 r;
	char			 hms[16];
	int			 k, j;

	d = day_new(&hdr);
	st = day_state(d);
	APPLY(d, RECORD_BEGIN, "09:00");			/* 1 */
	for (k = 1; k <= 40; k++) {				/* 2 .. 41 */
		snprintf(hms, sizeof hms, "09:%02d", k);
		START(d, hms, k % 2 ? "teachers" : "pupils");
	}
	check_open_start(st, 40, __LINE__);
	for (j = 1; j <= 25; j++) {				/* 42 .. 66 */
		snprintf(hms, sizeof hms, "10:00:%02d", j);
		APPLY(d, RECORD_UNDO, hms);
		check_open_start(st, 40 - j, __LINE__);
	}
	for (j = 1; j <= 25; j++) {				/* 67 .. 91 */
		snprintf(hms, sizeof hms, "10:01:%02d", j);
		APPLY(d, RECORD_REDO, hms);
		check_open_start(st, 15 + j, __LINE__);
	}
	r = mk_group(RECORD_RECODE, "10:02", "parents");	/* 92 */
	r.target = 41;
	OK(d, &r);
	T_EQ_INT(st->episode.group, G_PARENTS);
	r = mk(RECORD_MOVE, "10:03");				/* 93 */
	r.target = 41;
	r.to = at("09:39:30");
	OK(d, &r);
	T_EQ_INT(st->episode.since, at("09:39:30"));
	r = mk_group(RECORD_RECODE, "10:04", "visitors");	/* 94 */
	r.target = 3;
	OK(d, &r);
	T_EQ_INT(st->open, 1);
	T_EQ_INT(st->episode.group, G_PARENTS);
	T_EQ_INT(st->episode.since, at("09:39:30"));
	T_EQ_INT(st->since, at("09:39:30"));
	T_EQ_INT(count(d).nepisodes, 40);
	T_EQ_INT(count(d).group_episodes[G_VISITORS], 1);
	T_EQ_INT(count(d).group_episodes[G_PARENTS], 1);
	T_EQ_INT(count(d).group_episodes[G_TEACHERS], 20);
	T_EQ_INT(count(d).group_episodes[G_PUPILS], 18);
	day_free(d);
}

/* A recode or move of the open episode's start is followed by the state:
 * its group changes and its start moves, so the screen agrees with the
 * analyser while the episode is still open. */
static void
test_day_mend_open(void)
{
	struct day		*d;
	const struct day_state	*st;
	struct record		 r;

	d = day_new(&hdr);
	st = day_state(d);
	APPLY(d, RECORD_BEGIN, "09:00");			/* 1 */
	START(d, "09:20", "teachers");				/* 2 */
	r = mk_group(RECORD_RECODE, "09:21", "parents");	/* 3 */
	r.target = 2;
	OK(d, &r);
	T_EQ_INT(st->open, 1);
	T_EQ_INT(st->episode.group, G_PARENTS);
	T_EQ_INT(count(d).group_episodes[G_PARENTS], 1);	/* as recoded */
	T_EQ_INT(count(d).group_episodes[G_TEACHERS], 0);
	r = mk(RECORD_MOVE, "09:22");				/* 4 */
	r.target = 2;
	r.to = at("09:12");
	OK(d, &r);
	T_EQ_INT(st->episode.since, at("09:12"));
	T_EQ_INT(st->since, at("09:12"));
	r = mk(RECORD_MOVE, "09:23");
	r.target = 2;
	r.to = at("09:00");
	BAD(d, &r, "move: #2 to 09:00:00 would not be after #1 (begin at "
	    "09:00:00)");
	/* A set still amends the recoded episode. */
	r = mk(RECORD_SET, "09:24");
	r.person = "P7";
	OK(d, &r);
	T_EQ_STR(st->episode.person, "P7");
	T_EQ_INT(st->episode.group, G_PARENTS);
	day_free(d);
}

/* What the day finds once for every walk: its midnight, each action's
 * review flag and the count of review records; and a borrowing timeline's
 * note, which points into the day (a copy when not borrowing). */
static void
test_day_walk_once(void)
{
	struct log_header	 bad;
	struct day		*d;
	struct timeline		 tl;
	struct record		 r;
	size_t			 i;

	d = day_new(&hdr);
	/* 2024-03-05 00:00 at UTC+1 is 2024-03-04 23:00 UTC: 19786 days
	 * after 1970-01-01 and 23 hours, worked by hand. */
	T_EQ_INT(day_midnight(d), (INT64_C(19786) * 24 + 23) * 3600 * 1000);
	T_EQ_INT(day_nreviews(d), 0);
	APPLY(d, RECORD_BEGIN, "09:00");			/* 1 */
	START(d, "09:20", "teachers");				/* 2 */
	r = mk(RECORD_NOTE, "09:21");				/* 3 */
	r.text = "by the gate";
	OK(d, &r);
	r = mk_group(RECORD_RECODE, "09:22", "parents");	/* 4 */
	r.target = 2;
	OK(d, &r);
	r = mk(RECORD_MOVE, "09:23");
	r.target = 2;
	r.to = at("09:00");
	BAD(d, &r, "move: #2 to 09:00:00 would not be after #1 (begin at "
	    "09:00:00)");
	T_EQ_INT(day_nreviews(d), 1);	/* the refused move is not kept */
	T_TRUE(day_actions(d) == day_action(d, 0));
	for (i = 0; i < day_nactions(d); i++)
		T_EQ_INT(day_actions(d)[i].review, i == 3);

	timeline_take_day(d, 0, 1, &tl);	/* borrows: frees d */
	T_EQ_INT(tl.nitems, 3);		/* alone, episode, note */
	T_EQ_INT(tl.items[2].kind, TL_NOTE);
	T_EQ_STR(tl.items[2].note, "by the gate");
	T_TRUE(tl.items[2].note == day_action(tl.day, 2)->rec->text);
	timeline_free(&tl);

	d = day_new(&hdr);
	APPLY(d, RECORD_BEGIN, "09:00");
	r = mk(RECORD_NOTE, "09:21");
	r.text = "by the gate";
	OK(d, &r);
	timeline_take_day(d, 0, 0, &tl);	/* a copy; d freed */
	T_EQ_INT(tl.items[1].kind, TL_NOTE);
	T_EQ_STR(tl.items[1].note, "by the gate");
	T_TRUE(tl.day == NULL);
	timeline_free(&tl);

	log_header_copy(&bad, &hdr);
	strcpy(bad.date, "2024-02-30");	/* no such day: no midnight */
	d = day_new(&bad);
	T_EQ_INT(day_midnight(d), 0);
	day_free(d);
	log_header_free(&bad);
}

void
day_test_register(void)
{
	CU_pSuite	s;

	s = CU_add_suite("day", day_suite_init, day_suite_clean);
	CU_add_test(s, "empty day", test_day_empty);
	CU_add_test(s, "begin", test_day_begin);
	CU_add_test(s, "start and end", test_day_start_end);
	CU_add_test(s, "start errors", test_day_start_errors);
	CU_add_test(s, "brief and note", test_day_brief_note);
	CU_add_test(s, "pause and resume", test_day_pause_resume);
	CU_add_test(s, "stop and begin again", test_day_stop);
	CU_add_test(s, "set", test_day_set);
	CU_add_test(s, "undo start re-opens", test_day_undo_start);
	CU_add_test(s, "undo pause, stop, resume", test_day_undo_pause_stop);
	CU_add_test(s, "undo twice and more", test_day_undo_twice);
	CU_add_test(s, "undo errors", test_day_undo_errors);
	CU_add_test(s, "counts after undo", test_day_counts_after_undo);
	CU_add_test(s, "seq", test_day_seq);
	CU_add_test(s, "times never go backwards", test_day_times);
	CU_add_test(s, "monotonic time", test_day_mono);
	CU_add_test(s, "load", test_day_load);
	CU_add_test(s, "redo", test_day_redo);
	CU_add_test(s, "mending the open episode", test_day_mend_open);
	CU_add_test(s, "groups by name, case and key",
	    test_day_group_lookups);
	CU_add_test(s, "undo, redo and review far into a day",
	    test_day_replay_far);
	CU_add_test(s, "found once for every walk", test_day_walk_once);
}
