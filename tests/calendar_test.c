/*
 * Tests for days against the calendar and the clock: a wall clock that
 * jumps back or forward during a recorder run (durations come from the
 * monotonic clock; the timeline lists the jump), a day that crosses
 * midnight, and the two days a year the clocks change in Europe/London.
 * Records are built as the live recorder stamps them (t, mono, session).
 */
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "clock.h"
#include "day.h"
#include "episodes.h"
#include "scheme.h"
#include "test.h"
#include "timeline.h"
#include "xmalloc.h"

#define SEC		INT64_C(1000)
#define MIN		(60 * SEC)
#define HOUR		(60 * MIN)
#define MONO0		(INT64_C(81234) * SEC)	/* any origin */

/* Europe/London, or its rules written out where tzdata is missing. */
static void
set_london(void)
{
	if (access("/usr/share/zoneinfo/Europe/London", R_OK) == 0)
		setenv("TZ", "Europe/London", 1);
	else
		setenv("TZ", "GMT0BST,M3.5.0/1,M10.5.0", 1);
	tzset();
}

/* A new day on date with the default scheme, utc_offset seconds east. */
static struct day *
calendar_day(const char *date, int utc_offset)
{
	struct log_header	 hdr;
	struct day		*d;

	memset(&hdr, 0, sizeof hdr);
	hdr.version = LOG_FORMAT_VERSION;
	hdr.school = xstrdup("Hillside");
	hdr.head = xstrdup("H1");
	hdr.observer = xstrdup("O1");
	snprintf(hdr.date, sizeof hdr.date, "%s", date);
	hdr.tz = xstrdup("Europe/London");
	hdr.utc_offset = utc_offset;
	hdr.recorder = xstrdup("shadowlog-record test");
	hdr.scheme = scheme_default();
	d = day_new(&hdr);
	log_header_free(&hdr);
	return d;
}

/* Applies a live record: type (group for a start), wall clock t, mono,
 * session; fails the test if the day refuses it. */
static void
live_(struct day *d, enum record_type type, const char *group, int64_t t,
    int64_t mono, uint64_t session, int line)
{
	struct record	 rec;
	char		*cause = NULL, msg[T_MSG_LEN];

	memset(&rec, 0, sizeof rec);
	rec.type = type;
	rec.seq = day_next_seq(d);
	rec.t = t;
	rec.has_mono = mono >= 0;
	rec.mono = mono >= 0 ? mono : 0;
	rec.session = mono >= 0 ? session : 0;
	rec.group = group;
	if (t_cause(day_apply(d, &rec, t_err()), &cause) != 0) {
		snprintf(msg, sizeof msg, "day_apply: %s", cause);
		CU_assertImplementation(0, line, msg, __FILE__, "", CU_FALSE);
		free(cause);
	}
}

#define LIVE(d, type, group, t, mono, session) \
	live_((d), (type), (group), (t), (mono), (session), __LINE__)
#define TIMED(d, type, group, t) \
	live_((d), (type), (group), (t), -1, 0, __LINE__)

/* The midnight of a day as the timeline takes it. */
static int64_t
midnight_of(const char *date, int utc_offset)
{
	int64_t	 ms = 0;
	struct err	e = ERR_INIT;

	T_EQ_INT(clock_midnight_ms(date, utc_offset, &ms, &e), 0);
	err_clear(&e);
	return ms;
}

/* A 60 s episode during which the wall clock is set back an hour, and one
 * during which it jumps an hour forward: both stay 60 s, and the jump is
 * listed at the record after it, with what the wall clock read. */
static void
test_jump_back_and_forward(void)
{
	const int64_t		 m = midnight_of("2026-11-16", 0);
	const int64_t		 t0 = m + 10 * HOUR;
	const struct tl_item	*e;
	struct timeline		 tl;
	struct day		*d;
	int			 sign;

	for (sign = -1; sign <= 1; sign += 2) {
		d = calendar_day("2026-11-16", 0);
		LIVE(d, RECORD_BEGIN, NULL, t0, MONO0, 1);
		LIVE(d, RECORD_START, "teachers", t0 + 10 * SEC,
		    MONO0 + 10 * SEC, 1);
		/* The clock is changed 20 s into the episode. */
		LIVE(d, RECORD_END, NULL, t0 + 70 * SEC + sign * HOUR,
		    MONO0 + 70 * SEC, 1);
		LIVE(d, RECORD_STOP, NULL, t0 + 100 * SEC + sign * HOUR,
		    MONO0 + 100 * SEC, 1);
		timeline_from_day(d, &tl);
		day_free(d);

		e = test_item_of(&tl, TL_EPISODE, 2);
		T_TRUE(e != NULL);
		if (e != NULL) {
			T_EQ_INT(e->start, 10 * HOUR + 10 * SEC);
			T_EQ_INT(e->end - e->start, 60 * SEC);
		}
		T_EQ_INT(tl.begin, 10 * HOUR);
		T_EQ_INT(tl.end, 10 * HOUR + 100 * SEC);
		T_EQ_INT(tl.observed, 100 * SEC);
		T_EQ_INT(tl.njumps, 1);
		if (tl.njumps == 1) {
			T_EQ_INT(tl.jumps[0].seq, 3);
			T_EQ_INT(tl.jumps[0].by, sign * HOUR);
			T_EQ_INT(tl.jumps[0].at, 10 * HOUR + 70 * SEC);
			T_EQ_INT(tl.jumps[0].wall,
			    10 * HOUR + 70 * SEC + sign * HOUR);
		}
		timeline_free(&tl);
	}
}

/* Drift of up to TL_JUMP_MIN between two records is not a jump (NTP
 * slews the clock); a little more is, once, at the record after it. */
static void
test_jump_threshold(void)
{
	const int64_t	 t0 = midnight_of("2026-11-16", 0) + 9 * HOUR;
	struct timeline	 tl;
	struct day	*d;

	d = calendar_day("2026-11-16", 0);
	LIVE(d, RECORD_BEGIN, NULL, t0, MONO0, 1);
	LIVE(d, RECORD_START, "pupils", t0 + 5 * MIN + 1500,
	    MONO0 + 5 * MIN, 1);			/* +1.5 s */
	LIVE(d, RECORD_END, NULL, t0 + 10 * MIN - 500,
	    MONO0 + 10 * MIN, 1);			/* -2.0 s */
	LIVE(d, RECORD_START, "SLT", t0 + 15 * MIN + 1501,
	    MONO0 + 15 * MIN, 1);			/* +2.001 s */
	LIVE(d, RECORD_END, NULL, t0 + 20 * MIN + 1501,
	    MONO0 + 20 * MIN, 1);			/* none */
	timeline_from_day(d, &tl);
	day_free(d);
	T_EQ_INT(tl.njumps, 1);
	if (tl.njumps == 1) {
		T_EQ_INT(tl.jumps[0].seq, 4);
		T_EQ_INT(tl.jumps[0].by, 2001);
		T_EQ_INT(tl.jumps[0].at, 9 * HOUR + 15 * MIN);
	}
	/* Durations from the monotonic clock: each stretch 5 minutes. */
	T_EQ_INT(tl.observed, 20 * MIN);
	T_EQ_INT(tl.nitems, 4);
	timeline_free(&tl);
}

/* A new run of the recorder takes the wall clock again: a restart after a
 * real gap is no jump; a restart with the clock an hour behind the log is
 * placed by the boot clock where it ran on (the same boot), else held at
 * the previous record (day.c), and listed. */
static void
test_jump_sessions(void)
{
	const int64_t		 t0 = midnight_of("2026-11-16", 0) +
				     9 * HOUR;
	const struct tl_item	*e;
	struct timeline		 tl;
	struct day		*d;

	d = calendar_day("2026-11-16", 0);
	LIVE(d, RECORD_BEGIN, NULL, t0, MONO0, 1);
	LIVE(d, RECORD_START, "SLT", t0 + MIN, MONO0 + MIN, 1);
	/* Killed; restarted 10 minutes later (a new boot: mono from 5 s). */
	LIVE(d, RECORD_END, NULL, t0 + 11 * MIN, 5 * SEC, 2);
	/* Killed again; restarted on the same boot (mono ran on 2 s) with the
	 * wall clock an hour behind: placed 2 s after the end. */
	LIVE(d, RECORD_START, "parents", t0 + 12 * MIN - HOUR, 7 * SEC, 3);
	LIVE(d, RECORD_END, NULL, t0 + 14 * MIN - HOUR, 7 * SEC + 2 * MIN, 3);
	timeline_from_day(d, &tl);
	day_free(d);

	e = test_item_of(&tl, TL_EPISODE, 2);
	T_TRUE(e != NULL);
	if (e != NULL)
		T_EQ_INT(e->end - e->start, 10 * MIN);
	e = test_item_of(&tl, TL_EPISODE, 4);
	T_TRUE(e != NULL);
	if (e != NULL) {
		T_EQ_INT(e->start, 9 * HOUR + 11 * MIN + 2 * SEC);
		T_EQ_INT(e->end - e->start, 2 * MIN);
	}
	T_EQ_INT(tl.njumps, 1);
	if (tl.njumps == 1) {
		T_EQ_INT(tl.jumps[0].seq, 4);
		T_EQ_INT(tl.jumps[0].by, -(HOUR - MIN + 2 * SEC));
		T_EQ_INT(tl.jumps[0].wall, 8 * HOUR + 12 * MIN);
		T_EQ_INT(tl.jumps[0].at, 9 * HOUR + 11 * MIN + 2 * SEC);
	}
	/* Both restarts are listed with the time before them. */
	T_EQ_INT(tl.nrestarts, 2);
	if (tl.nrestarts == 2) {
		T_EQ_INT(tl.restarts[0].seq, 3);
		T_EQ_INT(tl.restarts[0].since, 9 * HOUR + MIN);
		T_EQ_INT(tl.restarts[0].down, 10 * MIN);
		T_EQ_INT(tl.restarts[1].seq, 4);
		T_EQ_INT(tl.restarts[1].down, 2 * SEC);
	}
	timeline_free(&tl);

	/* Killed in an episode and restarted on a new boot (mono from 1 s)
	 * with the clock behind: held at the start, so no time is known. */
	d = calendar_day("2026-11-16", 0);
	LIVE(d, RECORD_BEGIN, NULL, t0, MONO0, 1);
	LIVE(d, RECORD_START, "SLT", t0 + MIN, MONO0 + MIN, 1);
	LIVE(d, RECORD_END, NULL, t0 - HOUR, 1 * SEC, 2);
	timeline_from_day(d, &tl);
	day_free(d);
	T_TRUE(test_item_of(&tl, TL_EPISODE, 2) == NULL);
	T_EQ_INT(tl.njumps, 1);
	T_EQ_INT(tl.nrestarts, 1);
	if (tl.nrestarts == 1)
		T_EQ_INT(tl.restarts[0].down, 0);
	timeline_free(&tl);

	/* Several jumps in one run are each listed, in record order; the day
	 * as recorded lists them too. */
	d = calendar_day("2026-11-16", 0);
	LIVE(d, RECORD_BEGIN, NULL, t0, MONO0, 1);
	LIVE(d, RECORD_START, "SLT", t0 - HOUR + MIN, MONO0 + MIN, 1);
	LIVE(d, RECORD_START, "pupils", t0 + 2 * MIN, MONO0 + 2 * MIN, 1);
	LIVE(d, RECORD_END, NULL, t0 + 3 * MIN, MONO0 + 3 * MIN, 1);
	timeline_from_day_as_recorded(d, &tl);
	day_free(d);
	T_EQ_INT(tl.njumps, 2);
	if (tl.njumps == 2) {
		T_EQ_INT(tl.jumps[0].seq, 2);
		T_EQ_INT(tl.jumps[0].by, -HOUR);
		T_EQ_INT(tl.jumps[1].seq, 3);
		T_EQ_INT(tl.jumps[1].by, HOUR);
	}
	T_EQ_INT(tl.observed, 3 * MIN);
	timeline_free(&tl);
}

/* Timed commands have no monotonic clock: their times are what was
 * typed, and nothing is a jump however far apart the records are. */
static void
test_jump_timed(void)
{
	const int64_t	 m = midnight_of("2026-11-16", 0);
	struct timeline	 tl;
	struct day	*d;

	d = calendar_day("2026-11-16", 0);
	TIMED(d, RECORD_BEGIN, NULL, m + 8 * HOUR);
	TIMED(d, RECORD_START, "SLT", m + 8 * HOUR + 30 * MIN);
	TIMED(d, RECORD_END, NULL, m + 12 * HOUR);
	timeline_from_day(d, &tl);
	day_free(d);
	T_EQ_INT(tl.njumps, 0);
	T_TRUE(tl.jumps == NULL);
	T_EQ_INT(tl.observed, 4 * HOUR);
	timeline_free(&tl);

	/* A timeline a reader builds (CSV, BORIS) has none either. */
	timeline_init(&tl, "s", "h", "o", "2026-11-16", NULL);
	T_EQ_INT(tl.njumps, 0);
	timeline_free(&tl);
}

/* A live day that runs past midnight: clock times go past 24:00 and the
 * episode across midnight keeps its length. */
static void
test_live_midnight(void)
{
	const int64_t		 m = midnight_of("2026-11-16", 0);
	const struct tl_item	*e;
	struct timeline		 tl;
	struct day		*d;
	char			 hms[CLOCK_HMS_LEN];

	d = calendar_day("2026-11-16", 0);
	LIVE(d, RECORD_BEGIN, NULL, m + 23 * HOUR + 50 * MIN, MONO0, 1);
	LIVE(d, RECORD_START, "parents", m + 23 * HOUR + 59 * MIN,
	    MONO0 + 9 * MIN, 1);
	LIVE(d, RECORD_END, NULL, m + 24 * HOUR + 5 * MIN + 250,
	    MONO0 + 15 * MIN + 250, 1);
	LIVE(d, RECORD_STOP, NULL, m + 24 * HOUR + 10 * MIN,
	    MONO0 + 20 * MIN, 1);
	timeline_from_day(d, &tl);
	day_free(d);
	e = test_item_of(&tl, TL_EPISODE, 2);
	T_TRUE(e != NULL);
	if (e != NULL) {
		T_EQ_INT(e->end - e->start, 6 * MIN + 250);
		clock_format_hms(e->end, hms);
		T_EQ_STR(hms, "24:05:00.250");
	}
	clock_format_hms(tl.end, hms);
	T_EQ_STR(hms, "24:10:00");
	T_EQ_INT(tl.observed, 20 * MIN);
	T_EQ_INT(tl.njumps, 0);
	timeline_free(&tl);
}

/* Timed commands on the nights the clocks change, in Europe/London, as
 * the recorder converts them (clock_local_to_ms), with the header's offset
 * taken at noon as the recorder takes it.  A command whose time the clocks
 * never showed is refused and left out; *refused counts them. */
static void
dst_day(const char *date, int64_t *clock, int64_t *duration, size_t n,
    size_t *refused)
{
	static const char *const	 groups[] = { NULL, "teachers", "SLT",
					     "pupils", NULL, NULL };
	static const enum record_type	 types[] = { RECORD_BEGIN,
					     RECORD_START, RECORD_START,
					     RECORD_START, RECORD_END,
					     RECORD_STOP };
	/* 00:30 begin, 00:50 teachers, 01:30 SLT, 02:30 pupils, 03:10 end,
	 * 03:30 stop */
	static const int64_t		 at[] = { 30 * MIN, 50 * MIN,
					     HOUR + 30 * MIN,
					     2 * HOUR + 30 * MIN,
					     3 * HOUR + 10 * MIN,
					     3 * HOUR + 30 * MIN };
	struct timeline			 tl;
	struct day			*d;
	struct err			 e = ERR_INIT;
	int64_t				 t, noon = 0;
	size_t				 i;

	T_EQ_INT(clock_local_to_ms(date, 12 * HOUR, &noon, &e), 0);
	d = calendar_day(date, clock_utc_offset(noon));
	*refused = 0;
	for (i = 0; i < sizeof at / sizeof at[0]; i++) {
		if (clock_local_to_ms(date, at[i], &t, &e) != 0) {
			T_HAS_STR(e.msg, "is not a time the clocks showed");
			T_EQ_INT(e.code, ERR_USAGE);
			err_clear(&e);
			(*refused)++;
			continue;
		}
		TIMED(d, types[i], groups[i], t);
	}
	timeline_from_day(d, &tl);
	day_free(d);
	for (i = 0; i < n; i++) {
		clock[i] = i < tl.nitems ? tl.items[i].start : -1;
		duration[i] = i < tl.nitems ?
		    tl.items[i].end - tl.items[i].start : -1;
	}
	T_EQ_INT(tl.nitems, n);
	timeline_free(&tl);
}

/*
 * 29 March 2026: 01:00 GMT becomes 02:00 BST.  "01:30 SLT" names a time
 * the clocks never showed and is refused (mktime alone would have moved
 * it).  Durations are real time: 00:50 GMT to 02:30 BST is 40 minutes,
 * and the day from 00:30 GMT to 03:30 BST is 2 hours.  Clock times are
 * shown at the offset at noon (BST), so times before the change show an
 * hour later than the wall clock read (00:30 shows as 01:30).
 */
static void
test_dst_spring(void)
{
	int64_t	clock[4], duration[4];
	size_t	refused;

	set_london();
	dst_day("2026-03-29", clock, duration, 4, &refused);
	T_EQ_INT(refused, 1);
	T_EQ_INT(clock[0], HOUR + 30 * MIN);	/* alone from 00:30 */
	T_EQ_INT(duration[0], 20 * MIN);
	T_EQ_INT(clock[1], HOUR + 50 * MIN);		/* teachers */
	T_EQ_INT(duration[1], 40 * MIN);
	T_EQ_INT(clock[2], 2 * HOUR + 30 * MIN);	/* pupils */
	T_EQ_INT(duration[2], 40 * MIN);
	T_EQ_INT(clock[3], 3 * HOUR + 10 * MIN);	/* alone to the stop */
	T_EQ_INT(duration[3], 20 * MIN);
}

/*
 * 25 October 2026: 02:00 BST becomes 01:00 GMT, so 01:00 to 02:00 happens
 * twice; a time in it is taken as the first (BST), whatever mktime's
 * earlier calls were.  00:50 BST to 01:30 BST is 40
 * minutes, 01:30 BST to 02:30 GMT two hours, and the day from 00:30 BST
 * to 03:30 GMT four hours.  Shown at the offset at noon (GMT), times before
 * the change show an hour earlier: 00:30 BST as -00:30.
 */
static void
test_dst_autumn(void)
{
	int64_t	clock[5], duration[5];
	size_t	refused;

	set_london();
	dst_day("2026-10-25", clock, duration, 5, &refused);
	T_EQ_INT(refused, 0);
	T_EQ_INT(clock[0], -30 * MIN);
	T_EQ_INT(duration[0], 20 * MIN);
	T_EQ_INT(clock[1], -10 * MIN);
	T_EQ_INT(duration[1], 40 * MIN);
	T_EQ_INT(clock[2], 30 * MIN);
	T_EQ_INT(duration[2], 2 * HOUR);
	T_EQ_INT(clock[3], 2 * HOUR + 30 * MIN);
	T_EQ_INT(duration[3], 40 * MIN);
	T_EQ_INT(clock[4], 3 * HOUR + 10 * MIN);
	T_EQ_INT(duration[4], 20 * MIN);
}

/* A live run across the change: the wall clock's hour is a jump of the
 * wall clock only in local terms, not in UTC, so nothing is listed and
 * the episode across 01:00 GMT keeps its real length. */
static void
test_dst_live(void)
{
	int64_t			 t = 0, noon = 0;
	const struct tl_item	*e;
	struct timeline		 tl;
	struct day		*d;

	set_london();
	T_EQ_INT(clock_local_to_ms("2026-03-29", 12 * HOUR, &noon, NULL), 0);
	T_EQ_INT(clock_local_to_ms("2026-03-29", 50 * MIN, &t, NULL), 0);
	d = calendar_day("2026-03-29", clock_utc_offset(noon));
	LIVE(d, RECORD_BEGIN, NULL, t, MONO0, 1);
	LIVE(d, RECORD_START, "SLT", t + 5 * MIN, MONO0 + 5 * MIN, 1);
	LIVE(d, RECORD_END, NULL, t + 25 * MIN, MONO0 + 25 * MIN, 1);
	timeline_from_day(d, &tl);
	day_free(d);
	e = test_item_of(&tl, TL_EPISODE, 2);
	T_TRUE(e != NULL);
	if (e != NULL)
		T_EQ_INT(e->end - e->start, 20 * MIN);
	T_EQ_INT(tl.njumps, 0);
	timeline_free(&tl);
}

/* The autumn day's times before midnight, as the analyser exports them
 * ("-00:30:00"), read back from an episodes CSV. */
static void
test_csv_before_midnight(void)
{
	static const char	 csv[] =
	    "school,head,observer,date,kind,start,end,duration_s,group,by,"
	    "person,where,mode,with,note\n"
	    "S,H,,2026-10-25,alone,-00:30:00,-00:10:00,1200.000,alone,,,,,,\n"
	    "S,H,,2026-10-25,episode,-00:10:00,00:30:00.250,2400.250,teachers,"
	    "head,,,,,\n"
	    "S,H,,2026-10-25,note,-00:05:00,-00:05:00,,,,,,,,n\n";
	struct episodes_reader	*r = NULL;
	struct scheme		*scheme = scheme_default();
	struct timeline		 tl;
	struct err		 e = ERR_INIT;
	char			*dir, *path;
	FILE			*f;

	dir = test_tmpdir();
	T_TRUE(dir != NULL);
	if (dir == NULL)
		return;
	path = xasprintf("%s/autumn.csv", dir);
	f = fopen(path, "w");
	T_TRUE(f != NULL);
	if (f != NULL) {
		fputs(csv, f);
		fclose(f);
	}
	T_EQ_INT(episodes_open(open(path, O_RDONLY), path, scheme, &r, &e),
	    0);
	if (r != NULL) {
		T_EQ_INT(episodes_next(r, &tl, &e), 1);
		T_EQ_INT(tl.begin, -30 * MIN);
		T_EQ_INT(tl.end, 30 * MIN + 250);
		T_EQ_INT(tl.nitems, 3);
		if (tl.nitems == 3) {
			T_EQ_INT(tl.items[1].start, -10 * MIN);
			T_EQ_INT(tl.items[2].start, -5 * MIN);
		}
		T_EQ_INT(tl.observed, 60 * MIN + 250);
		timeline_free(&tl);
		episodes_close(r);
	}
	err_clear(&e);
	unlink(path);
	rmdir(dir);
	free(path);
	free(dir);
	scheme_free(scheme);
}

void
calendar_test_register(void)
{
	CU_pSuite	s;

	s = CU_add_suite("calendar", test_tz_save,
	    test_tz_restore);
	CU_add_test(s, "wall clock back and forward in an episode",
	    test_jump_back_and_forward);
	CU_add_test(s, "a jump is more than 2 s of drift", test_jump_threshold);
	CU_add_test(s, "jumps across sessions", test_jump_sessions);
	CU_add_test(s, "timed commands have no jumps", test_jump_timed);
	CU_add_test(s, "a live day past midnight", test_live_midnight);
	CU_add_test(s, "clocks go forward (London)", test_dst_spring);
	CU_add_test(s, "clocks go back (London)", test_dst_autumn);
	CU_add_test(s, "a live run across the change", test_dst_live);
	CU_add_test(s, "a CSV with times before midnight",
	    test_csv_before_midnight);
}
