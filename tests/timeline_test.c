/*
 * Tests for the timeline: days built through the real path (timed-command
 * lines parsed by command_parse and applied with day_apply), walked into
 * stretches and instants, each compared with a listing worked out by hand;
 * and timeline_finish's checks of what readers build, message by message.
 */
#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "command.h"
#include "day.h"
#include "scheme.h"
#include "test.h"
#include "timeline.h"
#include "xmalloc.h"

#define H(h, m)		((int64_t)((h) * 60 + (m)) * 60000)	/* clock ms */

static struct log_header	 hdr;
static int64_t			 midnight;

static int
timeline_suite_init(void)
{
	if (test_header(&hdr, &midnight) != 0)
		return 1;
	hdr.tag_keys = xcalloc(1, sizeof *hdr.tag_keys);
	hdr.tag_values = xcalloc(1, sizeof *hdr.tag_values);
	hdr.tag_keys[0] = xstrdup("phase");
	hdr.tag_values[0] = xstrdup("primary");
	hdr.ntags = 1;
	return 0;
}

static int
timeline_suite_clean(void)
{
	log_header_free(&hdr);
	return 0;
}

/* A day from timed-command lines, each with its time; fails the test on a
 * line that does not parse or is refused. */
static struct day *
day_of_(const char *text, int line)
{
	struct day	*d = day_new(&hdr);
	struct command	 cmd;
	const char	*p = text, *nl;
	char		*cause = NULL, msg[T_MSG_LEN];
	size_t		 len;
	int		 n, lineno = 0;

	while (*p != '\0') {
		nl = strchr(p, '\n');
		len = nl != NULL ? (size_t)(nl - p) : strlen(p);
		lineno++;
		n = test_command(p, len, hdr.scheme, &cmd, &cause);
		if (n == 1) {
			cmd.rec.t = midnight + cmd.clock_ms;
			if (t_cause(day_apply(d, &cmd.rec, t_err()), &cause) != 0)
				n = -1;
			command_clear(&cmd);
		}
		if (n < 0) {
			snprintf(msg, sizeof msg, "day line %d: %s", lineno,
			    cause);
			CU_assertImplementation(0, line, msg, __FILE__, "",
			    CU_FALSE);
			free(cause);
			cause = NULL;
		}
		p += len;
		if (*p == '\n')
			p++;
	}
	return d;
}

/* The timeline of a day from timed commands; the day is freed at once,
 * which also shows the timeline owns all it holds. */
static void
timeline_of_(const char *text, struct timeline *tl, int line)
{
	struct day	*d = day_of_(text, line);

	timeline_from_day(d, tl);
	day_free(d);
}

#define DAY(text)		day_of_((text), __LINE__)
#define TIMELINE(text, tl)	timeline_of_((text), (tl), __LINE__)

static void
show_time(char *buf, size_t size, int64_t ms)
{
	char	t[CLOCK_HMS_LEN];

	clock_format_hms(ms, t);
	snprintf(buf, size, "%s", t);
}

/* Appends s to the growing string *out. */
static void
put(char **out, const char *s)
{
	char	*n;

	n = xasprintf("%s%s", *out, s);
	free(*out);
	*out = n;
}

/*
 * The timeline as text, one item a line: "E 09:05:00 09:20:00 teachers
 * by=head person=T1 where=w mode=m with=SLT,pupils", "A start end",
 * "P start end", "B time group ...", "N time text".  Caller frees.
 */
static char *
show(const struct timeline *tl)
{
	static const char	*kinds = "EAPBN";
	const struct tl_item	*it;
	char			*out = xstrdup(""), buf[256], a[32], b[32];
	size_t			 i, g;
	int			 first;

	for (i = 0; i < tl->nitems; i++) {
		it = &tl->items[i];
		show_time(a, sizeof a, it->start);
		show_time(b, sizeof b, it->end);
		if (it->kind == TL_BRIEF || it->kind == TL_NOTE)
			snprintf(buf, sizeof buf, "%c %s", kinds[it->kind], a);
		else
			snprintf(buf, sizeof buf, "%c %s %s", kinds[it->kind],
			    a, b);
		put(&out, buf);
		if (it->group >= 0) {
			put(&out, " ");
			put(&out, timeline_group_name(tl, it->group));
		}
		if (it->by != RECORD_BY_UNKNOWN) {
			put(&out, " by=");
			put(&out, record_by_name(it->by));
		}
		if (it->person != NULL) {
			put(&out, " person=");
			put(&out, it->person);
		}
		if (it->where != NULL) {
			put(&out, " where=");
			put(&out, it->where);
		}
		if (it->mode != NULL) {
			put(&out, " mode=");
			put(&out, it->mode);
		}
		for (g = 0, first = 1; g < 64; g++) {
			if ((it->with & (UINT64_C(1) << g)) == 0)
				continue;
			put(&out, first ? " with=" : ",");
			put(&out, timeline_group_name(tl, (int)g));
			first = 0;
		}
		if (it->note != NULL) {
			put(&out, " ");
			put(&out, it->note);
		}
		put(&out, "\n");
	}
	return out;
}

static void
expect_(const struct timeline *tl, const char *want, int line)
{
	char	*got = show(tl);

	if (strcmp(got, want) != 0)
		fprintf(stderr, "\n  line %d: timeline\n%s  wanted\n%s", line,
		    got, want);
	CU_assertImplementation(strcmp(got, want) == 0, line,
	    "timeline as worked out by hand", __FILE__, "", CU_FALSE);
	free(got);
}

#define EXPECT(tl, want)	expect_((tl), (want), __LINE__)

/* Checks begin, end, observed and paused (clock ms). */
static void
totals_(const struct timeline *tl, int64_t begin, int64_t end,
    int64_t observed, int64_t paused, int line)
{
	char	msg[T_MSG_LEN];
	int	ok;

	ok = tl->begin == begin && tl->end == end &&
	    tl->observed == observed && tl->paused == paused;
	snprintf(msg, sizeof msg, "begin %lld end %lld observed %lld paused "
	    "%lld, wanted %lld %lld %lld %lld", (long long)tl->begin,
	    (long long)tl->end, (long long)tl->observed, (long long)tl->paused,
	    (long long)begin, (long long)end, (long long)observed,
	    (long long)paused);
	CU_assertImplementation(ok, line, msg, __FILE__, "", CU_FALSE);
}

#define TOTALS(tl, b, e, o, p)	totals_((tl), (b), (e), (o), (p), __LINE__)

/* The walk of a plain day; metadata copied from the header. */
static void
test_timeline_basic(void)
{
	struct timeline	tl;

	TIMELINE("09:00 begin\n"
	    "09:05 start t by=head person=T1 where=classroom\n"
	    "09:15 brief p by=other\n"
	    "09:20 end\n"
	    "09:30 note hello, world\n"
	    "09:40 stop\n", &tl);
	EXPECT(&tl,
	    "A 09:00:00 09:05:00\n"
	    "E 09:05:00 09:20:00 teachers by=head person=T1 where=classroom\n"
	    "B 09:15:00 pupils by=other\n"
	    "A 09:20:00 09:40:00\n"
	    "N 09:30:00 hello, world\n");
	/* 40 minutes observed: 5 alone, 15 teachers, 20 alone */
	TOTALS(&tl, H(9, 0), H(9, 40), H(0, 40), 0);
	T_EQ_STR(tl.school, "Hillside Primary");
	T_EQ_STR(tl.head, "H1");
	T_EQ_STR(tl.observer, "O1");
	T_EQ_STR(tl.date, "2024-03-05");
	T_EQ_INT(tl.scheme->ngroups, 6);
	T_TRUE(tl.scheme != hdr.scheme);
	T_EQ_INT(tl.ntags, 1);
	T_EQ_STR(timeline_field(&tl, "phase"), "primary");
	T_EQ_STR(timeline_field(&tl, "school"), "Hillside Primary");
	T_EQ_STR(timeline_field(&tl, "head"), "H1");
	T_EQ_STR(timeline_field(&tl, "observer"), "O1");
	T_EQ_STR(timeline_field(&tl, "date"), "2024-03-05");
	T_TRUE(timeline_field(&tl, "term") == NULL);
	T_EQ_STR(timeline_group_name(&tl, -1), "alone");
	T_EQ_STR(timeline_group_name(&tl, 0), "SLT");
	T_EQ_STR(timeline_group_name(&tl, 5), "visitors");
	T_EQ_INT(tl.items[1].group, 1);
	T_EQ_INT(tl.items[0].group, -1);
	T_EQ_INT(tl.items[4].group, -1);
	timeline_free(&tl);
	T_TRUE(tl.items == NULL);
	timeline_free(&tl);	/* twice is harmless */
}

/* Records at one instant stay in record order around the stretches. */
static void
test_timeline_ties(void)
{
	struct timeline	tl;

	/*
	 * At 09:10 the brief to pupils comes before the start, so it is
	 * listed before the episode (after the alone stretch it ends); the
	 * brief to SLT comes after.  At 09:20 one teachers brief is before
	 * the end (after the episode), one after (after the new alone).
	 */
	TIMELINE("09:00 begin\n"
	    "09:10 brief p\n"
	    "09:10 start t\n"
	    "09:10 brief s\n"
	    "09:20 brief t\n"
	    "09:20 end\n"
	    "09:20 brief t by=head\n"
	    "09:30 stop\n", &tl);
	EXPECT(&tl,
	    "A 09:00:00 09:10:00\n"
	    "B 09:10:00 pupils\n"
	    "E 09:10:00 09:20:00 teachers\n"
	    "B 09:10:00 SLT\n"
	    "B 09:20:00 teachers\n"
	    "A 09:20:00 09:30:00\n"
	    "B 09:20:00 teachers by=head\n");
	TOTALS(&tl, H(9, 0), H(9, 30), H(0, 30), 0);
	timeline_free(&tl);

	/* A start ends the open episode at its instant; two starts at one
	 * instant leave the first with no length, and it is dropped, as is
	 * the alone stretch of an end and a stop at one instant. */
	TIMELINE("09:00 begin\n"
	    "09:10 start t\n"
	    "09:20 start p\n"
	    "09:20 start s by=other\n"
	    "09:30 end\n"
	    "09:30 stop\n", &tl);
	EXPECT(&tl,
	    "A 09:00:00 09:10:00\n"
	    "E 09:10:00 09:20:00 teachers\n"
	    "E 09:20:00 09:30:00 SLT by=other\n");
	TOTALS(&tl, H(9, 0), H(9, 30), H(0, 30), 0);
	timeline_free(&tl);

	/* Begin and start at one instant: no alone stretch at all. */
	TIMELINE("09:00 begin\n"
	    "09:00 start v\n"
	    "09:00:30.250 stop\n", &tl);
	EXPECT(&tl, "E 09:00:00 09:00:30.250 visitors\n");
	TOTALS(&tl, H(9, 0), H(9, 0) + 30250, 30250, 0);
	timeline_free(&tl);
}

/* A zero-length episode is dropped and the alone time around it is one. */
static void
test_timeline_zero_episode(void)
{
	struct timeline	tl;

	TIMELINE("09:00 begin\n"
	    "09:10 start p\n"
	    "09:10 brief t\n"
	    "09:10 end\n"
	    "09:20 stop\n", &tl);
	EXPECT(&tl,
	    "A 09:00:00 09:20:00\n"
	    "B 09:10:00 teachers\n");
	TOTALS(&tl, H(9, 0), H(9, 20), H(0, 20), 0);
	timeline_free(&tl);

	/* The same with a pause and resume at one instant. */
	TIMELINE("09:00 begin\n"
	    "09:10 pause\n"
	    "09:10 resume\n"
	    "09:20 stop\n", &tl);
	EXPECT(&tl, "A 09:00:00 09:20:00\n");
	timeline_free(&tl);

	/* And a stop and a begin at one instant. */
	TIMELINE("09:00 begin\n"
	    "09:10 stop\n"
	    "09:10 begin\n"
	    "09:20 stop\n", &tl);
	EXPECT(&tl, "A 09:00:00 09:20:00\n");
	TOTALS(&tl, H(9, 0), H(9, 20), H(0, 20), 0);
	timeline_free(&tl);
}

/* Undo: of a start that had ended an open episode, of a pause, of a stop
 * that a begin followed, and of the very first record. */
static void
test_timeline_undo(void)
{
	struct timeline	tl;

	/* Undoing the start of pupils re-opens the teachers episode. */
	TIMELINE("09:00 begin\n"
	    "09:10 start t person=T1\n"
	    "09:20 start p\n"
	    "09:25 undo\n"
	    "09:40 end\n"
	    "09:50 stop\n", &tl);
	EXPECT(&tl,
	    "A 09:00:00 09:10:00\n"
	    "E 09:10:00 09:40:00 teachers person=T1\n"
	    "A 09:40:00 09:50:00\n");
	TOTALS(&tl, H(9, 0), H(9, 50), H(0, 50), 0);
	timeline_free(&tl);

	/* Undoing a pause: as if never paused, the episode runs on. */
	TIMELINE("09:00 begin\n"
	    "09:10 start t\n"
	    "09:20 pause\n"
	    "09:21 undo\n"
	    "09:30 end\n"
	    "09:40 stop\n", &tl);
	EXPECT(&tl,
	    "A 09:00:00 09:10:00\n"
	    "E 09:10:00 09:30:00 teachers\n"
	    "A 09:30:00 09:40:00\n");
	TOTALS(&tl, H(9, 0), H(9, 40), H(0, 40), 0);
	timeline_free(&tl);

	/* Undo withdraws the stop (a begin is never undone), and the begin
	 * that followed it then does nothing: the episode runs on. */
	TIMELINE("09:00 begin\n"
	    "09:05 start t\n"
	    "09:10 stop\n"
	    "09:20 begin\n"
	    "09:25 undo\n"
	    "09:30 end\n"
	    "09:40 stop\n", &tl);
	EXPECT(&tl,
	    "A 09:00:00 09:05:00\n"
	    "E 09:05:00 09:30:00 teachers\n"
	    "A 09:30:00 09:40:00\n");
	timeline_free(&tl);

	/* The first record, withdrawn, still begins the day; the undo, the
	 * last record, ends it. */
	TIMELINE("09:00 start t\n"
	    "09:05 undo\n", &tl);
	EXPECT(&tl, "A 09:00:00 09:05:00\n");
	TOTALS(&tl, H(9, 0), H(9, 5), H(0, 5), 0);
	timeline_free(&tl);

	/* Undoing a brief and a note removes them. */
	TIMELINE("09:00 begin\n"
	    "09:01 brief t\n"
	    "09:02 undo\n"
	    "09:03 note gone\n"
	    "09:04 undo\n"
	    "09:05 note kept\n"
	    "09:06 stop\n", &tl);
	EXPECT(&tl,
	    "A 09:00:00 09:06:00\n"
	    "N 09:05:00 kept\n");
	timeline_free(&tl);
}

/* Set records amend the open episode as a whole; "" clears a field. */
static void
test_timeline_set(void)
{
	struct timeline	tl;

	TIMELINE("09:00 begin\n"
	    "09:10 start t by=head mode=tour\n"
	    "09:12 set person=T7 by=other where=hall\n"
	    "09:15 set where=\"\"\n"
	    "09:20 set with=p,s mode=phone\n"
	    "09:30 end\n"
	    "09:40 start s with=t person=DH\n"
	    "09:45 set with=\"\" person=\"\"\n"
	    "09:50 set by=head\n"
	    "09:50 end\n"
	    "09:55 stop\n", &tl);
	EXPECT(&tl,
	    "A 09:00:00 09:10:00\n"
	    "E 09:10:00 09:30:00 teachers by=other person=T7 mode=phone "
	    "with=SLT,pupils\n"
	    "A 09:30:00 09:40:00\n"
	    "E 09:40:00 09:50:00 SLT by=head\n"
	    "A 09:50:00 09:55:00\n");
	/* with= is the bit mask of scheme indices: SLT 0, pupils 3 */
	T_EQ_INT(tl.items[1].with, 0x9);
	T_EQ_INT(tl.items[3].with, 0);
	timeline_free(&tl);
}

/* Pauses, a day ending paused, stops and begins. */
static void
test_timeline_pause_stop(void)
{
	struct timeline	tl;

	/* No stop: the day ends paused at its last record, a note. */
	TIMELINE("09:00 begin\n"
	    "09:10 start t\n"
	    "09:20 pause\n"
	    "09:50 note lunch\n", &tl);
	EXPECT(&tl,
	    "A 09:00:00 09:10:00\n"
	    "E 09:10:00 09:20:00 teachers\n"
	    "P 09:20:00 09:50:00\n"
	    "N 09:50:00 lunch\n");
	TOTALS(&tl, H(9, 0), H(9, 50), H(0, 20), H(0, 30));
	timeline_free(&tl);

	/* A stop while paused ends the day there; a later note is kept
	 * after the end. */
	TIMELINE("09:00 begin\n"
	    "09:10 pause\n"
	    "09:30 stop\n"
	    "09:45 note after\n", &tl);
	EXPECT(&tl,
	    "A 09:00:00 09:10:00\n"
	    "P 09:10:00 09:30:00\n"
	    "N 09:45:00 after\n");
	TOTALS(&tl, H(9, 0), H(9, 30), H(0, 10), H(0, 20));
	timeline_free(&tl);

	/* Begin after stop: the time between is paused. */
	TIMELINE("09:00 begin\n"
	    "09:10 start t\n"
	    "09:20 stop\n"
	    "09:25 note in between\n"
	    "09:40 begin\n"
	    "09:50 start p\n"
	    "10:00 stop\n"
	    "10:05 note gone home\n", &tl);
	EXPECT(&tl,
	    "A 09:00:00 09:10:00\n"
	    "E 09:10:00 09:20:00 teachers\n"
	    "P 09:20:00 09:40:00\n"
	    "N 09:25:00 in between\n"
	    "A 09:40:00 09:50:00\n"
	    "E 09:50:00 10:00:00 pupils\n"
	    "N 10:05:00 gone home\n");
	TOTALS(&tl, H(9, 0), H(10, 0), H(0, 40), H(0, 20));
	timeline_free(&tl);

	/* A stop while paused and a begin: one pause from 09:10 to 09:30. */
	TIMELINE("09:00 begin\n"
	    "09:10 pause\n"
	    "09:20 stop\n"
	    "09:30 begin\n"
	    "09:40 stop\n", &tl);
	EXPECT(&tl,
	    "A 09:00:00 09:10:00\n"
	    "P 09:10:00 09:30:00\n"
	    "A 09:30:00 09:40:00\n");
	TOTALS(&tl, H(9, 0), H(9, 40), H(0, 20), H(0, 20));
	timeline_free(&tl);

	/* No stop: the day ends at the last record, an undo. */
	TIMELINE("09:00 begin\n"
	    "09:10 start t\n"
	    "09:20 note x\n"
	    "09:30 undo\n", &tl);
	EXPECT(&tl,
	    "A 09:00:00 09:10:00\n"
	    "E 09:10:00 09:30:00 teachers\n");
	TOTALS(&tl, H(9, 0), H(9, 30), H(0, 30), 0);
	timeline_free(&tl);
}

/* The first record begins the day, whatever it is; odd small days. */
static void
test_timeline_edges(void)
{
	struct timeline	 tl;
	struct day	*d;
	struct record	 r;
	char		*cause = NULL;

	TIMELINE("08:50 note early\n"
	    "09:00 start t\n", &tl);
	/* the episode has no length: it ends with the day at 09:00 */
	EXPECT(&tl,
	    "A 08:50:00 09:00:00\n"
	    "N 08:50:00 early\n");
	TOTALS(&tl, H(8, 50), H(9, 0), H(0, 10), 0);
	timeline_free(&tl);

	/* A day of one record has no stretch. */
	TIMELINE("09:00 note only\n", &tl);
	EXPECT(&tl, "N 09:00:00 only\n");
	TOTALS(&tl, H(9, 0), H(9, 0), 0, 0);
	timeline_free(&tl);

	/* A first record that pauses. */
	TIMELINE("09:00 pause\n"
	    "09:10 resume\n"
	    "09:20 stop\n", &tl);
	EXPECT(&tl,
	    "P 09:00:00 09:10:00\n"
	    "A 09:10:00 09:20:00\n");
	TOTALS(&tl, H(9, 0), H(9, 20), H(0, 10), H(0, 10));
	timeline_free(&tl);

	/* No records at all. */
	d = day_new(&hdr);
	timeline_from_day(d, &tl);
	day_free(d);
	T_EQ_INT(tl.nitems, 0);
	TOTALS(&tl, 0, 0, 0, 0);
	timeline_free(&tl);

	/* Absurd instants in a log are held within 2^50 ms of midnight, so
	 * that no duration or sum can overflow. */
	d = day_new(&hdr);
	memset(&r, 0, sizeof r);
	r.type = RECORD_BEGIN;
	r.t = INT64_MIN + 5;
	T_EQ_INT(t_cause(day_apply(d, &r, t_err()), &cause), 0);
	r.type = RECORD_STOP;
	r.t = INT64_MAX;
	T_EQ_INT(t_cause(day_apply(d, &r, t_err()), &cause), 0);
	timeline_from_day(d, &tl);
	day_free(d);
	TOTALS(&tl, -(INT64_C(1) << 50), INT64_C(1) << 50, INT64_C(1) << 51,
	    0);
	timeline_free(&tl);
}

/* A day crossing midnight goes on past 24:00. */
static void
test_timeline_midnight(void)
{
	struct timeline	tl;

	TIMELINE("23:30 begin\n"
	    "23:50 start v by=other\n"
	    "24:10 end\n"
	    "25:00:00.500 stop\n", &tl);
	EXPECT(&tl,
	    "A 23:30:00 23:50:00\n"
	    "E 23:50:00 24:10:00 visitors by=other\n"
	    "A 24:10:00 25:00:00.500\n");
	T_EQ_INT(tl.items[1].start, 85800000);
	T_EQ_INT(tl.items[1].end, 87000000);
	TOTALS(&tl, H(23, 30), H(25, 0) + 500, H(1, 30) + 500, 0);
	timeline_free(&tl);
}

/* Copies every item of tl into a new timeline through timeline_add. */
static void
copy_timeline(const struct timeline *from, struct timeline *to)
{
	size_t	i;

	timeline_init(to, from->school, from->head, from->observer,
	    from->date, from->scheme);
	for (i = 0; i < from->ntags; i++)
		timeline_add_tag(to, from->tag_keys[i], from->tag_values[i]);
	for (i = 0; i < from->nitems; i++)
		timeline_add(to, &from->items[i]);
}

/* What timeline_from_day makes, copied item by item, passes the checks. */
static void
test_timeline_finish_copy(void)
{
	struct timeline	 tl, copy;
	struct err	 e = ERR_INIT;
	char		*a, *b;

	TIMELINE("09:00 begin\n"
	    "09:00 note first\n"
	    "09:05 start t by=head person=T1 where=classroom mode=tour "
	    "with=p\n"
	    "09:05 brief s\n"
	    "09:15 brief p by=other person=P1 where=hall\n"
	    "09:20 pause\n"
	    "09:30 resume\n"
	    "09:30 brief s\n"
	    "09:45 stop\n"
	    "09:50 note after\n", &tl);
	copy_timeline(&tl, &copy);
	T_EQ_INT(timeline_finish(&copy, &e), 0);
	T_TRUE(e.msg == NULL);
	TOTALS(&copy, tl.begin, tl.end, tl.observed, tl.paused);
	TOTALS(&copy, H(9, 0), H(9, 45), H(0, 35), H(0, 10));
	a = show(&tl);
	b = show(&copy);
	T_EQ_STR(a, b);
	T_EQ_STR(timeline_field(&copy, "phase"), "primary");
	T_TRUE(copy.scheme != tl.scheme);
	T_TRUE(copy.items[2].person != tl.items[2].person);
	free(a);
	free(b);
	timeline_free(&copy);
	timeline_free(&tl);
}

/* Builds a timeline for the finish checks: SLT episode 10:00-10:04,
 * alone 10:04-10:10. */
static void
two_stretches(struct timeline *tl)
{
	struct tl_item	it;

	timeline_init(tl, "S", "H", "O", "2024-03-05", hdr.scheme);
	memset(&it, 0, sizeof it);
	it.kind = TL_EPISODE;
	it.group = 0;
	it.start = H(10, 0);
	it.end = H(10, 4);
	timeline_add(tl, &it);
	it.kind = TL_ALONE;
	it.group = -1;
	it.start = H(10, 4);
	it.end = H(10, 10);
	timeline_add(tl, &it);
}

/* Adds item after the two stretches (so it is row 3) and expects
 * timeline_finish to fail with msg, ERR_DATA and the row as its line. */
static void
refused_(const struct tl_item *it, const char *msg, int line)
{
	struct timeline	 tl;
	struct err	 e = ERR_INIT;
	int		 ret, ok;

	two_stretches(&tl);
	timeline_add(&tl, it);
	ret = timeline_finish(&tl, &e);
	ok = ret == -1 && e.code == ERR_DATA && e.line == 3 &&
	    e.file == NULL && e.msg != NULL && strcmp(e.msg, msg) == 0;
	if (!ok)
		fprintf(stderr, "\n  line %d: got %d, row %lld \"%s\", wanted "
		    "row 3 \"%s\"\n", line, ret, (long long)e.line,
		    e.msg == NULL ? "(null)" : e.msg, msg);
	CU_assertImplementation(ok, line, "timeline_finish refuses",
	    __FILE__, "", CU_FALSE);
	err_clear(&e);
	timeline_free(&tl);
}

#define REFUSED(it, msg)	refused_((it), (msg), __LINE__)

/* e refused row (0: none) with msg, and no file; then cleared. */
#define ROW_ERR(e, row, msg_) do {					\
	T_EQ_INT((e)->code, ERR_DATA);					\
	T_TRUE((e)->file == NULL);					\
	T_EQ_INT((e)->line, (row));					\
	T_EQ_STR((e)->msg, (msg_));					\
	err_clear(e);							\
} while (0)

static struct tl_item
item(enum tl_kind kind, int group, int64_t start, int64_t end)
{
	struct tl_item	it;

	memset(&it, 0, sizeof it);
	it.kind = kind;
	it.group = group;
	it.start = start;
	it.end = end;
	return it;
}

static void
test_timeline_finish_errors(void)
{
	struct timeline	 tl;
	struct tl_item	 it;
	struct err	 e = ERR_INIT;

	/* The two stretches alone are fine. */
	two_stretches(&tl);
	T_EQ_INT(timeline_finish(&tl, &e), 0);
	TOTALS(&tl, H(10, 0), H(10, 10), H(0, 10), 0);
	timeline_free(&tl);

	it = item(TL_EPISODE, 1, H(10, 11), H(10, 20));
	REFUSED(&it, "episode starts at 10:11:00 but the previous "
	    "stretch ends at 10:10:00");
	it = item(TL_PAUSE, -1, H(10, 9), H(10, 20));
	REFUSED(&it, "pause starts at 10:09:00 but the previous "
	    "stretch ends at 10:10:00");
	it = item(TL_ALONE, -1, H(10, 10), H(10, 10));
	REFUSED(&it, "alone ends at 10:10:00, not after its start "
	    "at 10:10:00");
	it = item(TL_EPISODE, 6, H(10, 10), H(10, 20));
	REFUSED(&it, "episode group 6 is not in the scheme");
	it = item(TL_BRIEF, -1, H(10, 5), H(10, 5));
	REFUSED(&it, "brief group -1 is not in the scheme");
	it = item(TL_ALONE, 2, H(10, 10), H(10, 20));
	REFUSED(&it, "alone cannot have a group");
	it = item(TL_NOTE, 0, H(10, 10), H(10, 10));
	REFUSED(&it, "note cannot have a group");
	it = item(TL_BRIEF, 3, H(10, 5), H(10, 6));
	REFUSED(&it, "brief at 10:05:00 ends at 10:06:00 (an instant "
	    "ends where it starts)");
	it = item(TL_BRIEF, 3, H(10, 3), H(10, 3));
	REFUSED(&it, "brief at 10:03:00 is before the previous row "
	    "(10:04:00)");
	it = item(TL_BRIEF, 3, H(10, 11), H(10, 11));
	REFUSED(&it, "brief at 10:11:00 is outside the day (10:00:00 "
	    "to 10:10:00)");
	it = item(TL_EPISODE, 2, H(10, 10), H(10, 20));
	it.with = UINT64_C(1) << 2;
	REFUSED(&it, "with= names the episode's own group 'support "
	    "staff'");
	it.with = UINT64_C(1) << 6;
	REFUSED(&it, "with= has a group not in the scheme");
	it = item(TL_ALONE, -1, H(10, 10), H(10, 20));
	it.with = 1;
	REFUSED(&it, "alone cannot have with=");
	it = item(5, -1, H(10, 10), H(10, 20));
	REFUSED(&it, "unknown kind 5");
	it = item(TL_ALONE, -1, H(10, 10), INT64_C(1) << 60);
	REFUSED(&it, "alone time out of range");

	/* A note after the end is kept; before the beginning it is not. */
	two_stretches(&tl);
	it = item(TL_NOTE, -1, H(11, 0), H(11, 0));
	it.note = "later";
	timeline_add(&tl, &it);
	T_EQ_INT(timeline_finish(&tl, &e), 0);
	T_EQ_STR(tl.items[2].note, "later");
	timeline_free(&tl);

	timeline_init(&tl, "S", "H", "O", "2024-03-05", hdr.scheme);
	it = item(TL_NOTE, -1, H(9, 0), H(9, 0));
	timeline_add(&tl, &it);
	it = item(TL_ALONE, -1, H(10, 0), H(10, 5));
	timeline_add(&tl, &it);
	T_EQ_INT(timeline_finish(&tl, &e), -1);
	ROW_ERR(&e, 1, "note at 09:00:00 is before the day "
	    "begins (10:00:00)");
	timeline_free(&tl);

	/* Stretches out of order: a later row starts before an instant. */
	two_stretches(&tl);
	it = item(TL_BRIEF, 0, H(10, 8), H(10, 8));
	timeline_add(&tl, &it);
	it = item(TL_PAUSE, -1, H(10, 10), H(10, 12));
	timeline_add(&tl, &it);
	it = item(TL_NOTE, -1, H(10, 13), H(10, 13));
	timeline_add(&tl, &it);
	it = item(TL_ALONE, -1, H(10, 12), H(10, 14));
	timeline_add(&tl, &it);
	T_EQ_INT(timeline_finish(&tl, &e), -1);
	ROW_ERR(&e, 6, "alone at 10:12:00 is before the "
	    "previous row (10:13:00)");
	timeline_free(&tl);

	/* No stretches: empty, or instants only. */
	timeline_init(&tl, NULL, NULL, NULL, NULL, NULL);
	T_EQ_STR(tl.school, "");
	T_EQ_STR(tl.date, "");
	T_EQ_INT(tl.scheme->ngroups, 6);
	T_EQ_INT(timeline_finish(&tl, &e), -1);
	ROW_ERR(&e, 0, "no stretches");
	it = item(TL_NOTE, -1, H(9, 0), H(9, 0));
	timeline_add(&tl, &it);
	T_EQ_INT(timeline_finish(&tl, &e), -1);
	ROW_ERR(&e, 0, "no stretches");
	timeline_free(&tl);
}

void
timeline_test_register(void)
{
	CU_pSuite	s;

	s = CU_add_suite("timeline", timeline_suite_init,
	    timeline_suite_clean);
	CU_add_test(s, "a plain day", test_timeline_basic);
	CU_add_test(s, "ties in record order", test_timeline_ties);
	CU_add_test(s, "zero-length stretches dropped, alone merged",
	    test_timeline_zero_episode);
	CU_add_test(s, "undo", test_timeline_undo);
	CU_add_test(s, "set folds into the episode", test_timeline_set);
	CU_add_test(s, "pause, stop, begin", test_timeline_pause_stop);
	CU_add_test(s, "the first record begins the day", test_timeline_edges);
	CU_add_test(s, "a day past midnight", test_timeline_midnight);
	CU_add_test(s, "finish accepts a copy", test_timeline_finish_copy);
	CU_add_test(s, "finish refuses", test_timeline_finish_errors);
}
