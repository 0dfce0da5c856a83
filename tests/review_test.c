/*
 * Tests for review after the day: the recode, move and comment records
 * (packing, the day's rules and their messages, the timed commands that
 * write them, targets given as clock times) and what the timeline makes
 * of them, figure by figure, with the day as first logged left intact.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <msgpack.h>

#include "clock.h"
#include "command.h"
#include "day.h"
#include "output.h"
#include "record.h"
#include "scheme.h"
#include "summary.h"
#include "test.h"
#include "timeline.h"
#include "xmalloc.h"

#define S(s)		((int64_t)(s) * 1000)	/* seconds, as ms */

enum {
	G_SLT, G_TEACHERS, G_SUPPORT, G_PUPILS, G_PARENTS, G_VISITORS,
	G_ALONE
};

static struct log_header	 hdr;
static int64_t			 midnight;

/*
 * The day most tests correct.  As recorded: teachers 2 episodes 1200 s,
 * pupils 1 episode 1200 s (with teachers present), SLT 1 episode 600 s,
 * alone 4 stretches 1200 s, paused 600 s, observed 4200 s, 09:00-10:20.
 */
static const char *const day_text =
    "09:00 begin\n"					/* #1 */
    "09:05 start teachers by=head person=T1\n"		/* #2 */
    "09:15 end\n"					/* #3 */
    "09:20 start pupils by=other with=teachers\n"	/* #4 */
    "09:30 brief parents by=head\n"			/* #5 */
    "09:32 note rang the office\n"			/* #6 */
    "09:40 start SLT by=head person=DH\n"		/* #7 */
    "09:50 end\n"					/* #8 */
    "09:55 pause\n"					/* #9 */
    "10:05 resume\n"					/* #10 */
    "10:10 start teachers by=other\n"			/* #11 */
    "10:20 stop\n";					/* #12 */

static int
review_suite_init(void)
{
	return test_header(&hdr, &midnight);
}

static int
review_suite_clean(void)
{
	log_header_free(&hdr);
	return 0;
}

/* ---- days from timed commands ---- */

/* Places a parsed command on d as the recorder's timed_place does: its
 * time, a clock-time target resolved, a move's new time on the day. */
static int
place(struct day *d, struct command *cmd, char **cause)
{
	struct record	*rec = &cmd->rec;

	rec->t = midnight + cmd->clock_ms;
	if (cmd->has_target_clock && t_cause(day_find_target(d, rec->type,
	    cmd->target_clock, cmd->target_span, &rec->target, t_err()),
	    cause) != 0)
		return -1;
	if (cmd->has_target_edge && t_cause(day_find_edge(d,
	    cmd->target_edge, &rec->target, t_err()), cause) != 0)
		return -1;
	if (record_is_move(rec->type) || rec->type == RECORD_ADD)
		rec->to = midnight + cmd->to_clock;
	if (rec->type == RECORD_ADD)
		rec->from = midnight + cmd->from_clock;
	return t_cause(day_apply(d, rec, t_err()), cause);
}

/* Applies lines of timed commands to d; stops at the first refused one
 * and returns -1 with its *cause (if cause is not NULL). */
static int
apply(struct day *d, const char *text, char **cause)
{
	struct command	 cmd;
	const char	*p = text, *nl;
	char		*why = NULL;
	size_t		 len;
	int		 n;

	while (*p != '\0') {
		nl = strchr(p, '\n');
		len = nl != NULL ? (size_t)(nl - p) : strlen(p);
		n = test_command(p, len, hdr.scheme, &cmd, &why);
		if (n == 1) {
			if (place(d, &cmd, &why) != 0)
				n = -1;
			command_clear(&cmd);
		}
		if (n < 0) {
			if (cause != NULL)
				*cause = why;
			else
				free(why);
			return -1;
		}
		p += len;
		if (*p == '\n')
			p++;
	}
	return 0;
}

/* The test day, then more lines; fails the test on a refused line. */
static struct day *
day_of_(const char *more, int line)
{
	struct day	*d = day_new(&hdr);
	char		*cause = NULL, msg[T_MSG_LEN];

	if (apply(d, day_text, &cause) != 0 ||
	    apply(d, more, &cause) != 0) {
		snprintf(msg, sizeof msg, "day: %s", cause);
		CU_assertImplementation(0, line, msg, __FILE__, "", CU_FALSE);
		free(cause);
	}
	return d;
}

#define DAY(more)	day_of_((more), __LINE__)

/* One more line on d is refused with exactly want, and d is unchanged. */
static void
refused_(struct day *d, const char *text, const char *want, int line)
{
	char	*cause = NULL, msg[T_MSG_LEN];
	size_t	 n = day_nactions(d);
	int	 ok;

	if (apply(d, text, &cause) == 0) {
		snprintf(msg, sizeof msg, "'%s' was accepted", text);
		CU_assertImplementation(0, line, msg, __FILE__, "", CU_FALSE);
		return;
	}
	ok = strcmp(cause, want) == 0;
	snprintf(msg, sizeof msg, "'%s': \"%s\" != \"%s\"", text, cause, want);
	CU_assertImplementation(ok, line, msg, __FILE__, "", CU_FALSE);
	free(cause);
	T_EQ_INT(day_nactions(d), n);
}

#define REFUSED(d, text, want)	refused_((d), (text), (want), __LINE__)

/* The figures of a day's timeline, reviewed or as recorded. */
static void
figures(const struct day *d, int reviewed, struct timeline *tl,
    struct summary *s)
{
	if (reviewed)
		timeline_from_day(d, tl);
	else
		timeline_from_day_as_recorded(d, tl);
	summary_compute(tl, SUMMARY_PARTS, s);
}

/* One run of the analyser's output over one timeline; caller frees. */
static char *
output_of(const struct timeline *tl, enum output_format format,
    enum output_table table)
{
	struct output	*o;
	char		*buf = NULL;
	size_t		 size;
	FILE		*f;

	f = open_memstream(&buf, &size);
	o = output_new(f, format, table, 15);
	output_day(o, tl, NULL);
	T_EQ_INT(output_end(o, NULL), 0);
	fclose(f);
	return buf;
}

/* ---- the records ---- */

/* Each review record survives pack, unpack and dup; the exact bytes of
 * a comment on the day: a plain map, "target" before "seq". */
static void
test_records(void)
{
	static const unsigned char comment[] = {
		0x85,
		0xa4, 't', 'y', 'p', 'e', 0xa7, 'c', 'o', 'm', 'm', 'e', 'n',
		't',
		0xa1, 't', 0x05,
		0xa4, 't', 'e', 'x', 't', 0xa2, 'o', 'k',
		0xa6, 't', 'a', 'r', 'g', 'e', 't', 0x00,
		0xa3, 's', 'e', 'q', 0x07
	};
	static const enum record_type types[] = {
		RECORD_RECODE, RECORD_MOVE, RECORD_COMMENT
	};
	msgpack_sbuffer		 sbuf;
	msgpack_unpacked	 u;
	struct record		 rec, back, *copy;
	struct err		 e = ERR_INIT;
	char			*arena = NULL;
	size_t			 arena_size = 0, off, i;

	T_EQ_STR(record_type_name(RECORD_RECODE), "recode");
	T_EQ_STR(record_type_name(RECORD_MOVE), "move");
	T_EQ_STR(record_type_name(RECORD_COMMENT), "comment");
	T_EQ_INT(record_type_from_name("move", 4), RECORD_MOVE);
	T_TRUE(record_is_review(RECORD_COMMENT));
	T_TRUE(!record_is_review(RECORD_UNDO));
	T_TRUE(!record_is_review(RECORD_NOTE));

	for (i = 0; i < 3; i++) {
		memset(&rec, 0, sizeof rec);
		rec.type = types[i];
		rec.seq = 40 + i;
		rec.t = INT64_C(1709650000000);
		rec.target = 7;
		rec.to = INT64_C(1709640000500);
		rec.group = types[i] == RECORD_RECODE ? "support staff" : NULL;
		rec.text = types[i] == RECORD_COMMENT ? "caf\xc3\xa9 \"x\"" :
		    NULL;
		msgpack_sbuffer_init(&sbuf);
		record_pack(&rec, &sbuf);
		msgpack_unpacked_init(&u);
		off = 0;
		T_EQ_INT(msgpack_unpack_next(&u, sbuf.data, sbuf.size, &off),
		    MSGPACK_UNPACK_SUCCESS);
		T_EQ_INT(record_unpack(&u.data, &back, &arena, &arena_size,
		    &e), 1);
		copy = record_dup(&back);
		memset(arena, '#', arena_size);
		T_EQ_INT(copy->type, types[i]);
		T_EQ_INT(copy->seq, 40 + i);
		T_EQ_INT(copy->target, 7);
		T_EQ_INT(copy->to, types[i] == RECORD_MOVE ?
		    INT64_C(1709640000500) : 0);
		if (types[i] == RECORD_RECODE)
			T_EQ_STR(copy->group, "support staff");
		else
			T_TRUE(copy->group == NULL);
		if (types[i] == RECORD_COMMENT)
			T_EQ_STR(copy->text, "caf\xc3\xa9 \"x\"");
		else
			T_TRUE(copy->text == NULL);
		free(copy);
		msgpack_unpacked_destroy(&u);
		msgpack_sbuffer_destroy(&sbuf);
	}
	free(arena);

	memset(&rec, 0, sizeof rec);
	rec.type = RECORD_COMMENT;
	rec.seq = 7;
	rec.t = 5;
	rec.text = "ok";
	msgpack_sbuffer_init(&sbuf);
	record_pack(&rec, &sbuf);
	T_EQ_INT(sbuf.size, sizeof comment);
	T_TRUE(sbuf.size == sizeof comment &&
	    memcmp(sbuf.data, comment, sizeof comment) == 0);
	msgpack_sbuffer_destroy(&sbuf);
}

/* ---- the day's rules ---- */

static void
test_rules_targets(void)
{
	struct day	*d = DAY("");

	REFUSED(d, "11:00 recode #99 SLT", "recode: there is no record #99");
	REFUSED(d, "11:00 recode #3 SLT", "recode: #3 (end) is not a start, "
	    "brief or add");
	REFUSED(d, "11:00 recode #6 SLT", "recode: #6 (note) is not a start, "
	    "brief or add");
	REFUSED(d, "11:00 comment #5 hello", "comment: #5 (brief) is not a "
	    "start or add");
	REFUSED(d, "11:00 comment #99 hello", "comment: there is no record "
	    "#99");
	REFUSED(d, "11:00 move #6 09:31", "move: #6 (note) is not a start, "
	    "end, pause, resume or brief");
	REFUSED(d, "11:00 move #1 08:59", "move: #1 (begin) is not a start, "
	    "end, pause, resume or brief (for the day's begin or stop write "
	    "move begin TIME or move stop TIME)");
	REFUSED(d, "11:00 move #12 10:21", "move: #12 (stop) is not a start, "
	    "end, pause, resume or brief (for the day's begin or stop write "
	    "move begin TIME or move stop TIME)");
	REFUSED(d, "11:00 withdraw #3", "withdraw: #3 (end) is not a start, "
	    "brief or add");
	/* An end names the time alone it begins: a fix there gives only
	 * dimensions of the time alone (tests/dims.sh fixes them). */
	REFUSED(d, "11:00 fix #8 person=X", "fix: #8 (end) names time alone: "
	    "only a dimension of the time alone can be fixed there");
	/* A review record is no target either. */
	T_TRUE(apply(d, "11:00 comment day fine", NULL) == 0);
	REFUSED(d, "11:01 recode #13 SLT", "recode: #13 (comment) is not a "
	    "start, brief or add");
	REFUSED(d, "11:01 move #13 09:00", "move: #13 (comment) is not a "
	    "start, end, pause, resume or brief");
	day_free(d);
}

/* A group outside the scheme, an empty comment, a comment before
 * anything was recorded: records made without the command parser. */
static void
test_rules_values(void)
{
	struct day	*d = DAY(""), *empty = day_new(&hdr);
	struct record	 rec;
	char		*cause = NULL;

	memset(&rec, 0, sizeof rec);
	rec.type = RECORD_RECODE;
	rec.t = midnight + S(11 * 3600);
	rec.target = 2;
	rec.group = "cooks";
	T_EQ_INT(t_cause(day_apply(d, &rec, t_err()), &cause), -1);
	T_EQ_STR(cause, "recode: unknown group 'cooks'");
	free(cause);
	rec.group = "t";	/* a key names its group */
	T_EQ_INT(t_cause(day_apply(d, &rec, t_err()), &cause), 0);

	memset(&rec, 0, sizeof rec);
	rec.type = RECORD_COMMENT;
	rec.t = midnight + S(11 * 3600);
	rec.target = 2;
	rec.text = " \t ";
	T_EQ_INT(t_cause(day_apply(d, &rec, t_err()), &cause), -1);
	T_EQ_STR(cause, "comment: no text");
	free(cause);
	rec.text = "";
	T_EQ_INT(t_cause(day_apply(d, &rec, t_err()), &cause), -1);
	T_EQ_STR(cause, "comment: no text");
	free(cause);
	rec.text = NULL;
	T_EQ_INT(t_cause(day_apply(d, &rec, t_err()), &cause), -1);
	T_EQ_STR(cause, "comment: no text");
	free(cause);

	rec.text = "first";
	rec.target = 0;
	T_EQ_INT(t_cause(day_apply(empty, &rec, t_err()), &cause), -1);
	T_EQ_STR(cause, "comment: nothing recorded yet");
	free(cause);
	T_EQ_INT(day_nactions(empty), 0);
	day_free(empty);
	day_free(d);
}

static void
test_rules_withdrawn(void)
{
	struct day	*d = day_new(&hdr);
	char		*cause = NULL;

	T_EQ_INT(apply(d, "09:00 begin\n09:05 start pupils\n"
	    "09:06 start SLT\n09:07 undo\n09:08 end\n", &cause), 0);
	REFUSED(d, "09:09 recode #3 teachers", "recode: #3 was withdrawn by "
	    "an undo");
	REFUSED(d, "09:09 comment #3 hello", "comment: #3 was withdrawn by an "
	    "undo");
	REFUSED(d, "09:09 move #3 09:05:30", "move: #3 was withdrawn by an "
	    "undo");
	/* Nor by clock time: the withdrawn start is no candidate. */
	REFUSED(d, "09:09 recode 09:06 teachers", "recode: no start, brief "
	    "or add at 09:06");
	day_free(d);
}

/* A move keeps its action strictly between the actions in force around
 * it, and not after the correction itself when nothing follows. */
static void
test_rules_move_order(void)
{
	struct day	*d = DAY(""), *open;

	REFUSED(d, "11:00 move #4 09:15", "move: #4 to 09:15:00 would not be "
	    "after #3 (end at 09:15:00)");
	REFUSED(d, "11:00 move #4 09:14", "move: #4 to 09:14:00 would not be "
	    "after #3 (end at 09:15:00)");
	REFUSED(d, "11:00 move #4 09:30", "move: #4 to 09:30:00 would not be "
	    "before #5 (brief at 09:30:00)");
	REFUSED(d, "11:00 move #8 09:55", "move: #8 to 09:55:00 would not be "
	    "before #9 (pause at 09:55:00)");
	/* Instants bound a move too: a note keeps its place. */
	REFUSED(d, "11:00 move #7 09:31", "move: #7 to 09:31:00 would not be "
	    "after #6 (note at 09:32:00)");
	T_EQ_INT(apply(d, "11:00 move #4 09:15:00.001\n"
	    "11:01 move #4 09:29:59.999\n", NULL), 0);
	/* Later moves are checked against earlier ones. */
	REFUSED(d, "11:02 move #3 09:29:59.999", "move: #3 to 09:29:59.999 "
	    "would not be before #4 (start at 09:29:59.999)");
	T_EQ_INT(day_action(d, 3)->at, midnight + S(9 * 3600 + 1800) - 1);
	T_EQ_INT(day_action(d, 3)->t, midnight + S(9 * 3600 + 1200));
	day_free(d);

	/* Nothing follows the last end of a day never stopped. */
	open = day_new(&hdr);
	T_EQ_INT(apply(open, "09:00 begin\n09:05 start SLT\n09:50 end\n",
	    NULL), 0);
	REFUSED(open, "11:00 move #3 11:00:01", "move: #3 to 11:00:01 would "
	    "be after the correction itself (11:00:00)");
	T_EQ_INT(apply(open, "11:00 move #3 11:00\n", NULL), 0);
	day_free(open);

	/*
	 * The day begins at its first record and ends at its last, withdrawn
	 * or not: with nothing in force on that side, a move stops there, or
	 * a stretch would run backwards (the fuzzer found both).
	 */
	open = day_new(&hdr);
	T_EQ_INT(apply(open, "08:00 start r\n08:00:01 undo\n"
	    "10:03 brief p\n", NULL), 0);
	REFUSED(open, "10:04 move #3 07:59", "move: #3 to 07:59:00 would be "
	    "before the day begins (#1 at 08:00:00)");
	T_EQ_INT(apply(open, "10:04 move #3 08:00\n", NULL), 0);
	day_free(open);
	open = day_new(&hdr);
	T_EQ_INT(apply(open, "09:00 begin\n09:10 start t\n09:20 end\n"
	    "09:30 start r\n09:31 undo\n", NULL), 0);
	REFUSED(open, "18:00 move #3 10:00", "move: #3 to 10:00:00 would be "
	    "after the day ends (#5 at 09:31:00)");
	T_EQ_INT(apply(open, "18:00 move #3 09:31\n", NULL), 0);
	day_free(open);
}

/* Review records are accepted after stop and while paused, change no
 * state or count, and times still never go backwards. */
static void
test_rules_state(void)
{
	struct day		*d = DAY(""), *p;
	struct day_state	 before;

	before = *day_state(d);
	T_EQ_INT(before.stopped, 1);
	T_EQ_INT(apply(d, "11:00 recode #2 SLT\n11:00 move #4 09:18\n"
	    "11:00 comment #7 agreed\n11:01 comment day a long day\n"
	    "11:02 recode 09:30 pupils\n", NULL), 0);
	T_EQ_INT(day_nactions(d), 17);
	T_EQ_INT(day_state(d)->stopped, 1);
	T_EQ_INT(day_state(d)->begun, 1);
	T_EQ_INT(day_state(d)->open, 0);
	T_EQ_INT(day_state(d)->since, before.since);
	REFUSED(d, "10:59 comment day late", "time 10:59:00 is before the "
	    "previous record (11:02:00)");
	/* Still stopped: begin is what continues the day. */
	REFUSED(d, "11:03 start SLT", "start: observation has stopped (begin "
	    "first)");
	day_free(d);

	/* While paused, with an episode open before it. */
	p = day_new(&hdr);
	T_EQ_INT(apply(p, "09:00 begin\n09:05 start SLT\n09:10 pause\n"
	    "09:11 recode #2 teachers\n09:12 comment #2 phone call\n", NULL),
	    0);
	T_EQ_INT(day_state(p)->paused, 1);
	T_EQ_INT(apply(p, "09:13 resume\n", NULL), 0);
	day_free(p);
}

/* Undo withdraws the most recent action, never a review record. */
static void
test_rules_undo(void)
{
	struct day	*d = day_new(&hdr);
	struct timeline	 tl;

	T_EQ_INT(apply(d, "09:00 begin\n09:05 start teachers\n09:15 end\n"
	    "09:20 start pupils\n09:25 recode #2 SLT\n09:26 comment day ok\n",
	    NULL), 0);
	T_EQ_INT(day_undo_target(d), 4);
	T_EQ_INT(apply(d, "09:27 undo\n", NULL), 0);
	T_EQ_INT(day_action(d, 3)->withdrawn, 1);
	T_EQ_INT(day_action(d, 4)->withdrawn, 0);
	T_EQ_INT(day_action(d, 5)->withdrawn, 0);
	T_EQ_INT(day_action(d, 6)->rec->undoes, 4);
	T_EQ_INT(day_undo_target(d), 3);	/* then the end, then ... */
	T_EQ_INT(apply(d, "09:28 undo\n09:29 undo\n", NULL), 0);
	T_EQ_INT(day_undo_target(d), 0);	/* ... never the recode */
	T_EQ_INT(day_state(d)->open, 0);

	/* The recode's target undone: the correction has no effect. */
	T_EQ_INT(apply(d, "09:30 start visitors\n09:40 recode #10 parents\n"
	    "09:41 comment #10 tour\n09:42 undo\n", NULL), 0);
	T_EQ_INT(day_action(d, 9)->withdrawn, 1);
	T_EQ_INT(day_action(d, 12)->rec->undoes, 10);
	timeline_from_day(d, &tl);
	T_EQ_INT(tl.ncorrections, 0);
	T_EQ_STR(tl.comment, "ok");
	T_TRUE(test_item_of(&tl, TL_EPISODE, 10) == NULL);
	timeline_free(&tl);
	day_free(d);
}

/* Review records do not move the day's end, stopped or not. */
static void
test_rules_span(void)
{
	struct day	*d = DAY("11:00 comment day fine\n"
			    "12:00 recode #11 SLT\n"), *open;
	struct timeline	 tl;

	timeline_from_day(d, &tl);
	T_EQ_INT(tl.begin, S(9 * 3600));
	T_EQ_INT(tl.end, S(10 * 3600 + 1200));
	T_EQ_INT(tl.paused, S(600));
	T_EQ_INT(tl.observed, S(4200));
	timeline_free(&tl);
	day_free(d);

	open = day_new(&hdr);
	T_EQ_INT(apply(open, "09:00 begin\n09:05 start SLT\n09:50 end\n"
	    "16:00 comment #2 budget\n17:00 recode #2 teachers\n", NULL), 0);
	timeline_from_day(open, &tl);
	T_EQ_INT(tl.begin, S(9 * 3600));
	T_EQ_INT(tl.end, S(9 * 3600 + 3000));
	T_EQ_INT(tl.observed, S(3000));
	T_EQ_INT(tl.nitems, 2);
	timeline_free(&tl);
	timeline_from_day_as_recorded(open, &tl);
	T_EQ_INT(tl.end, S(9 * 3600 + 3000));
	timeline_free(&tl);
	/* A move of the last action moves the end of a day never stopped. */
	T_EQ_INT(apply(open, "17:00 move #3 09:52\n", NULL), 0);
	timeline_from_day(open, &tl);
	T_EQ_INT(tl.end, S(9 * 3600 + 3120));
	T_EQ_INT(tl.observed, S(3120));
	timeline_free(&tl);
	day_free(open);
}

/* ---- targets as clock times ---- */

static void
test_find_target(void)
{
	struct day	*d = day_new(&hdr);
	uint64_t	 seq = 0;
	char		*cause = NULL;

	T_EQ_INT(apply(d, "09:00 begin\n09:31:10 start SLT\n"
	    "09:31:40 brief pupils\n09:31:40.250 end\n09:45 note x\n", NULL),
	    0);
	T_EQ_INT(t_cause(day_find_target(d, RECORD_RECODE, S(9 * 3600 + 31 * 60),
	    60000, &seq, t_err()), &cause), -1);
	T_EQ_STR(cause, "recode: 2 records at 09:31 (#2 start 09:31:10, "
	    "#3 brief 09:31:40): name one by #SEQ");
	free(cause);
	T_EQ_INT(t_cause(day_find_target(d, RECORD_MOVE, S(9 * 3600 + 31 * 60),
	    60000, &seq, t_err()), &cause), -1);
	T_EQ_STR(cause, "move: 3 records at 09:31 (#2 start 09:31:10, "
	    "#3 brief 09:31:40, #4 end 09:31:40.250): name one by #SEQ");
	free(cause);
	/* To the second: the brief and the end share 09:31:40. */
	T_EQ_INT(t_cause(day_find_target(d, RECORD_RECODE, S(9 * 3600 + 31 * 60 + 40),
	    1000, &seq, t_err()), &cause), 0);
	T_EQ_INT(seq, 3);
	T_EQ_INT(t_cause(day_find_target(d, RECORD_MOVE, S(9 * 3600 + 31 * 60 + 40),
	    1000, &seq, t_err()), &cause), -1);
	T_EQ_STR(cause, "move: 2 records at 09:31:40 (#3 brief 09:31:40, "
	    "#4 end 09:31:40.250): name one by #SEQ");
	free(cause);
	T_EQ_INT(t_cause(day_find_target(d, RECORD_MOVE, S(9 * 3600 + 31 * 60 + 40) +
	    250, 1, &seq, t_err()), &cause), 0);
	T_EQ_INT(seq, 4);
	/* Only a start takes a comment. */
	T_EQ_INT(t_cause(day_find_target(d, RECORD_COMMENT, S(9 * 3600 + 31 * 60),
	    60000, &seq, t_err()), &cause), 0);
	T_EQ_INT(seq, 2);
	T_EQ_INT(t_cause(day_find_target(d, RECORD_COMMENT, S(9 * 3600 + 45 * 60),
	    60000, &seq, t_err()), &cause), -1);
	T_EQ_STR(cause, "comment: no start or add at 09:45");
	free(cause);
	T_EQ_INT(t_cause(day_find_target(d, RECORD_RECODE, S(9 * 3600 + 31 * 60 + 11),
	    1000, &seq, t_err()), &cause), -1);
	T_EQ_STR(cause, "recode: no start, brief or add at 09:31:11");
	free(cause);

	/* After a move, the start is found where it now is. */
	T_EQ_INT(apply(d, "10:00 move 09:31:10 09:30\n", NULL), 0);
	T_EQ_INT(day_action(d, 1)->at, midnight + S(9 * 3600 + 1800));
	T_EQ_INT(apply(d, "10:01 comment 09:30 moved\n", NULL), 0);
	T_EQ_INT(day_action(d, 6)->rec->target, 2);
	REFUSED(d, "10:02 comment 09:31:10 where", "comment: no start or add at "
	    "09:31:10");
	day_free(d);
}

/* ---- the commands ---- */

/* Parses one line that must be accepted. */
static void
parse_ok_(const char *line, struct command *cmd, int at)
{
	char	*cause = NULL, msg[T_MSG_LEN];
	int	 n;

	n = test_command(line, strlen(line), hdr.scheme, cmd, &cause);
	snprintf(msg, sizeof msg, "'%s' parses (%s)", line,
	    cause != NULL ? cause : "");
	CU_assertImplementation(n == 1, at, msg, __FILE__, "", CU_FALSE);
	free(cause);
}

#define PARSE_OK(line, cmd)	parse_ok_((line), (cmd), __LINE__)

/* Parses one line that must be refused with want. */
static void
parse_bad_(const char *line, const char *want, int at)
{
	struct command	 cmd;
	char		*cause = NULL, msg[T_MSG_LEN];
	int		 n;

	n = test_command(line, strlen(line), hdr.scheme, &cmd, &cause);
	snprintf(msg, sizeof msg, "'%s': %d \"%s\" != \"%s\"", line, n,
	    cause != NULL ? cause : "", want);
	CU_assertImplementation(n == -1 && cause != NULL &&
	    strcmp(cause, want) == 0, at, msg, __FILE__, "", CU_FALSE);
	free(cause);
	if (n == 1)
		command_clear(&cmd);
}

#define PARSE_BAD(line, want)	parse_bad_((line), (want), __LINE__)

/* The lines a feedback session adds: add, withdraw, fix, move begin and
 * move stop. */
static void
test_commands_session(void)
{
	struct command	cmd;

	PARSE_OK("add 10:05 10:20:30 \"support staff\" by=Other person=TA1 "
	    "where=hall mode=phone with=SLT  # missed", &cmd);
	T_EQ_INT(cmd.rec.type, RECORD_ADD);
	T_EQ_INT(cmd.from_clock, S(10 * 3600 + 300));
	T_EQ_INT(cmd.to_clock, S(10 * 3600 + 1230));
	T_EQ_STR(cmd.rec.group, "support staff");
	T_EQ_INT(cmd.rec.by, RECORD_BY_OTHER);
	T_EQ_STR(cmd.rec.mode, "phone");
	T_EQ_INT(cmd.rec.nwith, 1);
	command_clear(&cmd);
	PARSE_OK("withdraw #7 # a mistake", &cmd);
	T_EQ_INT(cmd.rec.type, RECORD_WITHDRAW);
	T_EQ_INT(cmd.rec.target, 7);
	command_clear(&cmd);
	PARSE_OK("Withdraw 09:30", &cmd);
	T_EQ_INT(cmd.has_target_clock, 1);
	command_clear(&cmd);
	PARSE_OK("fix #4 person=\"\" where=office", &cmd);
	T_EQ_INT(cmd.rec.type, RECORD_FIX);
	T_EQ_STR(cmd.rec.person, "");	/* clears */
	T_EQ_STR(cmd.rec.where, "office");
	command_clear(&cmd);
	PARSE_OK("move begin 07:55", &cmd);
	T_EQ_INT(cmd.rec.type, RECORD_SPAN);
	T_EQ_INT(cmd.has_target_edge, 1);
	T_EQ_INT(cmd.target_edge, RECORD_BEGIN);
	T_EQ_INT(cmd.to_clock, S(7 * 3600 + 3300));
	command_clear(&cmd);
	PARSE_OK("move STOP 16:30", &cmd);
	T_EQ_INT(cmd.target_edge, RECORD_STOP);
	command_clear(&cmd);

	PARSE_BAD("add 10:05", "add needs a start, an end and a group: add "
	    "HH:MM HH:MM GROUP");
	PARSE_BAD("add 10:05 later teachers", "add: end 'later' is not HH:MM, "
	    "HH:MM:SS or HH:MM:SS.mmm");
	PARSE_BAD("add 10:05 10:10", "add needs a group");
	PARSE_BAD("add 10:05 10:10 t with=t", "add: with= names the episode's "
	    "own group 'teachers'");
	PARSE_BAD("withdraw #7 now", "withdraw: unexpected 'now' after the "
	    "target");
	PARSE_BAD("fix #4", "fix needs at least one of by=, person=, where=, "
	    "mode=, with=");
	PARSE_BAD("fix #4 # nothing", "fix needs at least one of by=, person=, "
	    "where=, mode=, with=");
}

static void
test_commands(void)
{
	struct command	cmd;

	PARSE_OK("recode #12 SLT", &cmd);
	T_EQ_INT(cmd.rec.type, RECORD_RECODE);
	T_EQ_INT(cmd.rec.target, 12);
	T_EQ_INT(cmd.has_target_clock, 0);
	T_EQ_INT(cmd.has_time, 0);
	T_EQ_STR(cmd.rec.group, "SLT");
	command_clear(&cmd);

	PARSE_OK("18:30 recode 10:31 \"Support Staff\"", &cmd);
	T_EQ_INT(cmd.has_time, 1);
	T_EQ_INT(cmd.clock_ms, S(18 * 3600 + 1800));
	T_EQ_INT(cmd.has_target_clock, 1);
	T_EQ_INT(cmd.target_clock, S(10 * 3600 + 31 * 60));
	T_EQ_INT(cmd.target_span, 60000);
	T_EQ_STR(cmd.rec.group, "support staff");
	command_clear(&cmd);

	PARSE_OK("recode 9:05:30 p", &cmd);
	T_EQ_INT(cmd.target_clock, S(9 * 3600 + 330));
	T_EQ_INT(cmd.target_span, 1000);
	T_EQ_STR(cmd.rec.group, "pupils");
	command_clear(&cmd);

	PARSE_OK("move #4 10:29:30", &cmd);
	T_EQ_INT(cmd.rec.type, RECORD_MOVE);
	T_EQ_INT(cmd.rec.target, 4);
	T_EQ_INT(cmd.to_clock, S(10 * 3600 + 29 * 60 + 30));
	command_clear(&cmd);

	PARSE_OK("move\t10:31:00.5  10:29 ", &cmd);
	T_EQ_INT(cmd.target_clock, S(10 * 3600 + 31 * 60) + 500);
	T_EQ_INT(cmd.target_span, 100);
	T_EQ_INT(cmd.to_clock, S(10 * 3600 + 29 * 60));
	command_clear(&cmd);

	PARSE_OK("move 10:31:00.123 10:29", &cmd);
	T_EQ_INT(cmd.target_span, 1);
	command_clear(&cmd);

	PARSE_OK("comment #7 she says: \"it was a phone call\"  ", &cmd);
	T_EQ_INT(cmd.rec.type, RECORD_COMMENT);
	T_EQ_INT(cmd.rec.target, 7);
	T_EQ_STR(cmd.rec.text, "she says: \"it was a phone call\"");
	command_clear(&cmd);

	PARSE_OK("17:00 comment day   a normal Monday\tmostly", &cmd);
	T_EQ_INT(cmd.rec.target, 0);
	T_EQ_INT(cmd.has_target_clock, 0);
	T_EQ_STR(cmd.rec.text, "a normal Monday\tmostly");
	command_clear(&cmd);

	PARSE_OK("comment 10:31 day", &cmd);	/* "day" is its text here */
	T_EQ_INT(cmd.has_target_clock, 1);
	T_EQ_STR(cmd.rec.text, "day");
	command_clear(&cmd);

	PARSE_BAD("recode", "recode needs a target: #SEQ or a clock time");
	PARSE_BAD("comment  ", "comment needs a target: #SEQ, a clock time "
	    "or day");
	PARSE_BAD("recode #0 SLT", "recode: target '#0' is not #SEQ (a "
	    "record number, 1 or more)");
	PARSE_BAD("recode # SLT", "recode needs a target: #SEQ or a clock "
	    "time");
	PARSE_BAD("recode #12a SLT", "recode: target '#12a' is not #SEQ (a "
	    "record number, 1 or more)");
	PARSE_BAD("recode #99999999999999999999 SLT", "recode: target "
	    "'#99999999999999999999' is not #SEQ (a record number, 1 or "
	    "more)");
	PARSE_BAD("recode day SLT", "recode: target 'day' is not #SEQ or a "
	    "clock time HH:MM[:SS[.mmm]]");
	PARSE_BAD("move 25:61 10:00", "move: target '25:61' is not #SEQ or a "
	    "clock time HH:MM[:SS[.mmm]]");
	PARSE_BAD("comment yesterday it rained", "comment: target 'yesterday' "
	    "is not #SEQ, a clock time HH:MM[:SS[.mmm]] or day");
	PARSE_BAD("recode #5", "recode needs a group");
	PARSE_BAD("recode #5 cooks", "recode: unknown group 'cooks' (groups: "
	    "SLT s, teachers t, support staff a, pupils p, parents r, "
	    "visitors v)");
	PARSE_BAD("recode #5 SLT by=head", "recode: unexpected 'by=head' after "
	    "the group");
	PARSE_BAD("move #5", "move needs a new time: HH:MM[:SS[.mmm]]");
	PARSE_BAD("move #5 soon", "move: new time 'soon' is not HH:MM, "
	    "HH:MM:SS or HH:MM:SS.mmm");
	PARSE_BAD("move #5 10:00 10:01", "move: unexpected '10:01' after the "
	    "new time");
	PARSE_BAD("comment #5", "comment needs a text after the target");
	PARSE_BAD("comment day \t ", "comment needs a text after the target");
	PARSE_BAD("comment #5 bell\x07", "comment: control character in value "
	    "of text");
	PARSE_BAD("comment day \xff", "comment: value of text is not valid "
	    "UTF-8");
}

/* ---- what the timeline makes of corrections ---- */

/* A recode moves exactly the episode's time (and its count) from one
 * group to another; nothing else changes. */
static void
test_apply_recode(void)
{
	struct day		*d = DAY("11:00 recode #2 SLT\n");
	struct timeline		 tl, as;
	struct summary		 s, o;
	const struct tl_item	*it;
	size_t			 g;

	figures(d, 1, &tl, &s);
	figures(d, 0, &as, &o);
	T_EQ_INT(o.groups[G_TEACHERS].ms, S(1200));
	T_EQ_INT(o.groups[G_SLT].ms, S(600));
	T_EQ_INT(s.groups[G_TEACHERS].ms, o.groups[G_TEACHERS].ms - S(600));
	T_EQ_INT(s.groups[G_SLT].ms, o.groups[G_SLT].ms + S(600));
	T_EQ_INT(s.groups[G_TEACHERS].episodes, 1);
	T_EQ_INT(s.groups[G_SLT].episodes, 2);
	T_EQ_INT(s.groups[G_SLT].head_initiated, 2);
	for (g = 0; g < s.ngroups; g++) {
		if (g != G_TEACHERS && g != G_SLT)
			T_EQ_INT(s.groups[g].ms, o.groups[g].ms);
	}
	T_EQ_INT(s.observed_ms, o.observed_ms);
	T_EQ_INT(s.episodes, o.episodes);
	it = test_item_of(&tl, TL_EPISODE, 2);
	CU_ASSERT_FATAL(it != NULL);
	T_EQ_INT(it->group, G_SLT);
	T_EQ_INT(it->corrected, TL_RECODED);
	T_EQ_INT(it->recorded_group, G_TEACHERS);
	T_EQ_STR(it->person, "T1");
	T_EQ_INT(test_item_of(&as, TL_EPISODE, 2)->group, G_TEACHERS);
	T_EQ_INT(test_item_of(&as, TL_EPISODE, 2)->corrected, 0);
	T_EQ_INT(tl.ncorrections, 1);
	T_EQ_STR(tl.corrections[0], "09:05:00 episode recoded from teachers "
	    "to SLT");
	T_EQ_INT(as.ncorrections, 0);
	T_TRUE(as.comment == NULL);
	summary_free(&s);
	summary_free(&o);
	timeline_free(&tl);
	timeline_free(&as);
	day_free(d);
}

/* A second recode replaces the first; a brief is recoded by clock time;
 * a group named in with= that becomes the episode's own leaves with=. */
static void
test_apply_recode_more(void)
{
	struct day		*d = DAY("11:00 recode #2 SLT\n"
				    "11:01 recode 09:05 parents\n"
				    "11:02 recode 09:30 pupils\n"
				    "11:03 recode #4 teachers\n");
	struct timeline		 tl;
	struct summary		 s;
	const struct tl_item	*it;

	figures(d, 1, &tl, &s);
	T_EQ_INT(test_item_of(&tl, TL_EPISODE, 2)->group, G_PARENTS);
	T_EQ_INT(s.groups[G_PARENTS].ms, S(600));
	T_EQ_INT(s.groups[G_SLT].ms, S(600));
	/* The brief: parents to pupils. */
	it = test_item_of(&tl, TL_BRIEF, 5);
	CU_ASSERT_FATAL(it != NULL);
	T_EQ_INT(it->group, G_PUPILS);
	T_EQ_INT(it->corrected, TL_RECODED);
	T_EQ_INT(s.groups[G_PARENTS].brief, 0);
	T_EQ_INT(s.groups[G_PUPILS].brief, 1);
	/* Pupils (with teachers) recoded to teachers: with= empties. */
	it = test_item_of(&tl, TL_EPISODE, 4);
	T_EQ_INT(it->group, G_TEACHERS);
	T_EQ_INT(it->with, 0);
	T_EQ_INT(s.groups[G_TEACHERS].ms, S(1200 + 600));
	T_EQ_INT(s.groups[G_PUPILS].ms, 0);
	T_EQ_INT(s.groups[G_TEACHERS].presence_ms, S(1800));
	T_EQ_INT(tl.ncorrections, 4);
	T_EQ_STR(tl.corrections[0], "09:05:00 episode recoded from teachers "
	    "to SLT");
	T_EQ_STR(tl.corrections[1], "09:05:00 episode recoded from SLT to "
	    "parents");
	T_EQ_STR(tl.corrections[2], "09:30:00 brief contact recoded from "
	    "parents to pupils");
	T_EQ_STR(tl.corrections[3], "09:20:00 episode recoded from pupils to "
	    "teachers");
	summary_free(&s);
	timeline_free(&tl);
	day_free(d);
}

/* A move changes the two stretches it separates by exactly the amount
 * moved; observed time changes only when one of them is a pause. */
static void
test_apply_move(void)
{
	struct day		*d = DAY("11:00 move #4 09:18\n"
				    "11:01 move 09:15 09:16:30\n");
	struct timeline		 tl, as;
	struct summary		 s, o;
	const struct tl_item	*it;

	figures(d, 1, &tl, &s);
	figures(d, 0, &as, &o);
	/* The start of pupils 2:00 earlier: alone -120 s, pupils +120 s;
	 * the end of teachers 1:30 later: teachers +90 s, alone -90 s. */
	T_EQ_INT(s.groups[G_PUPILS].ms, o.groups[G_PUPILS].ms + S(120));
	T_EQ_INT(s.groups[G_TEACHERS].ms, o.groups[G_TEACHERS].ms + S(90));
	T_EQ_INT(s.groups[G_ALONE].ms, o.groups[G_ALONE].ms - S(210));
	T_EQ_INT(s.observed_ms, o.observed_ms);
	T_EQ_INT(s.paused_ms, o.paused_ms);
	T_EQ_INT(s.groups[G_ALONE].episodes, o.groups[G_ALONE].episodes);
	it = test_item_of(&tl, TL_EPISODE, 4);
	T_EQ_INT(it->start, S(9 * 3600 + 1080));
	T_EQ_INT(it->end, S(9 * 3600 + 2400));
	T_EQ_INT(it->corrected, TL_MOVED);
	T_EQ_INT(it->recorded_start, S(9 * 3600 + 1200));
	T_EQ_INT(it->recorded_end, S(9 * 3600 + 2400));
	it = test_item_of(&tl, TL_EPISODE, 2);
	T_EQ_INT(it->end, S(9 * 3600 + 990));
	T_EQ_INT(it->recorded_end, S(9 * 3600 + 900));
	T_EQ_INT(it->corrected, TL_MOVED);
	T_EQ_INT(test_item_of(&tl, TL_EPISODE, 7)->corrected, 0);
	T_EQ_INT(tl.ncorrections, 2);
	T_EQ_STR(tl.corrections[0], "pupils episode start moved from 09:20:00 "
	    "to 09:18:00");
	T_EQ_STR(tl.corrections[1], "episode end moved from 09:15:00 to "
	    "09:16:30");
	summary_free(&s);
	summary_free(&o);
	timeline_free(&tl);
	timeline_free(&as);
	day_free(d);

	/* A pause 2:00 later: alone +120 s, paused -120 s, observed +120 s;
	 * moves of one action apply in order. */
	d = DAY("11:00 move #9 09:58\n11:01 move #9 09:57\n"
	    "11:02 move #5 09:31\n");
	figures(d, 1, &tl, &s);
	figures(d, 0, &as, &o);
	T_EQ_INT(s.groups[G_ALONE].ms, o.groups[G_ALONE].ms + S(120));
	T_EQ_INT(s.paused_ms, o.paused_ms - S(120));
	T_EQ_INT(s.observed_ms, o.observed_ms + S(120));
	T_EQ_INT(s.span_ms, o.span_ms);
	T_EQ_INT(test_item_of(&tl, TL_PAUSE, 9)->corrected, TL_MOVED);
	T_EQ_INT(test_item_of(&tl, TL_BRIEF, 5)->start, S(9 * 3600 + 1860));
	T_EQ_INT(test_item_of(&tl, TL_BRIEF, 5)->corrected, TL_MOVED);
	T_EQ_STR(tl.corrections[0], "pause moved from 09:55:00 to 09:58:00");
	T_EQ_STR(tl.corrections[1], "pause moved from 09:58:00 to 09:57:00");
	T_EQ_STR(tl.corrections[2], "parents brief contact moved from "
	    "09:30:00 to 09:31:00");
	summary_free(&s);
	summary_free(&o);
	timeline_free(&tl);
	timeline_free(&as);
	day_free(d);
}

/* An episode the observer missed is added into alone time: the figures
 * move by its length, the alone stretch around it splits in two. */
static void
test_apply_add(void)
{
	struct day		*d = DAY("11:00 add 09:16 09:19 visitors by=head "
				    "person=V1 where=hall with=SLT\n"
				    "11:01 fix #13 person=V2\n");
	struct timeline		 tl, as;
	struct summary		 s, o;
	const struct tl_item	*it;

	figures(d, 1, &tl, &s);
	figures(d, 0, &as, &o);
	T_EQ_INT(s.groups[G_VISITORS].episodes, 1);
	T_EQ_INT(s.groups[G_VISITORS].ms, S(180));
	T_EQ_INT(o.groups[G_VISITORS].episodes, 0);
	T_EQ_INT(s.groups[G_ALONE].ms, o.groups[G_ALONE].ms - S(180));
	T_EQ_INT(s.groups[G_ALONE].episodes, o.groups[G_ALONE].episodes + 1);
	T_EQ_INT(s.observed_ms, o.observed_ms);
	it = test_item_of(&tl, TL_EPISODE, 13);
	T_TRUE(it != NULL);
	if (it != NULL) {
		T_EQ_INT(it->start, S(9 * 3600 + 960));
		T_EQ_INT(it->end, S(9 * 3600 + 1140));
		T_EQ_INT(it->by, RECORD_BY_HEAD);
		T_EQ_STR(it->person, "V2");
		T_EQ_STR(it->where, "hall");
		T_EQ_INT(it->with, UINT64_C(1) << G_SLT);
		T_EQ_INT(it->corrected, TL_ADDED | TL_FIXED);
		/* Between the two halves of the alone stretch. */
		T_EQ_INT(it[-1].kind, TL_ALONE);
		T_EQ_INT(it[-1].end, S(9 * 3600 + 960));
		T_EQ_INT(it[1].kind, TL_ALONE);
		T_EQ_INT(it[1].start, S(9 * 3600 + 1140));
		T_EQ_INT(it[1].end, S(9 * 3600 + 1200));
	}
	T_EQ_INT(tl.ncorrections, 2);
	T_EQ_STR(tl.corrections[0], "09:16:00-09:19:00 visitors episode added");
	T_EQ_STR(tl.corrections[1], "09:16:00 visitors episode: person V2 "
	    "(was V1)");
	summary_free(&s);
	timeline_free(&tl);
	timeline_free(&as);

	REFUSED(d, "11:02 add 09:10 09:17 SLT", "add: 09:10:00-09:17:00 is not "
	    "all alone time: it meets #2 (start at 09:05:00)");
	REFUSED(d, "11:02 add 09:56 09:58 SLT", "add: 09:56:00-09:58:00 is not "
	    "all alone time: it meets #9 (pause at 09:55:00)");
	REFUSED(d, "11:02 add 10:21 10:25 SLT", "add: 10:21:00-10:25:00 is not "
	    "all alone time: it meets #12 (stop at 10:20:00)");
	REFUSED(d, "11:02 add 08:50 08:55 SLT", "add: 08:50:00-08:55:00 is not "
	    "all alone time: it meets #1 (begin at 09:00:00)");
	REFUSED(d, "11:02 add 09:18 09:20 SLT", "add: 09:18:00-09:20:00 is not "
	    "all alone time: it meets #13 (add at 09:16:00)");
	REFUSED(d, "11:02 add 09:19 09:17 SLT", "add: the end 09:17:00 is not "
	    "after the start 09:19:00");
	REFUSED(d, "11:02 add 09:00 09:01 SLT with=SLT", "add: with= names "
	    "the episode's own group 'SLT'");
	REFUSED(d, "11:02 move #4 09:18", "move: #4 would overlap the episode "
	    "added in review at 09:16:00 (#13): withdraw that first");
	/* Withdrawn, the added episode is alone time again. */
	T_EQ_INT(apply(d, "11:03 withdraw #13\n", NULL), 0);
	figures(d, 1, &tl, &s);
	T_EQ_INT(s.groups[G_VISITORS].episodes, 0);
	T_EQ_INT(s.groups[G_ALONE].ms, o.groups[G_ALONE].ms);
	T_EQ_STR(tl.corrections[2], "09:16:00-09:19:00 visitors episode "
	    "added in review withdrawn");
	summary_free(&s);
	summary_free(&o);
	timeline_free(&tl);
	day_free(d);
}

/* An episode logged by mistake is withdrawn: its time is alone time. */
static void
test_apply_withdraw(void)
{
	struct day		*d = DAY("11:00 withdraw #7\n11:01 withdraw "
				    "09:30\n");
	struct timeline		 tl, as;
	struct summary		 s, o;

	figures(d, 1, &tl, &s);
	figures(d, 0, &as, &o);
	T_EQ_INT(s.groups[G_SLT].episodes, 0);
	T_EQ_INT(s.groups[G_SLT].ms, 0);
	T_EQ_INT(s.groups[G_ALONE].ms, o.groups[G_ALONE].ms + S(600));
	T_EQ_INT(s.groups[G_ALONE].episodes, o.groups[G_ALONE].episodes);
	T_EQ_INT(s.groups[G_PARENTS].brief, 0);
	T_EQ_INT(o.groups[G_PARENTS].brief, 1);
	T_EQ_INT(s.groups[G_PUPILS].ms, o.groups[G_PUPILS].ms);
	T_EQ_INT(s.observed_ms, o.observed_ms);
	T_TRUE(test_item_of(&tl, TL_EPISODE, 7) == NULL);
	T_EQ_INT(tl.ncorrections, 2);
	T_EQ_STR(tl.corrections[0], "09:40:00 SLT episode withdrawn: its time "
	    "counts as alone");
	T_EQ_STR(tl.corrections[1], "09:30:00 parents brief contact withdrawn");
	REFUSED(d, "11:02 recode #7 pupils", "recode: #7 was withdrawn in "
	    "review");
	REFUSED(d, "11:02 withdraw #7", "withdraw: #7 was withdrawn in "
	    "review");
	summary_free(&s);
	summary_free(&o);
	timeline_free(&tl);
	timeline_free(&as);
	day_free(d);
	d = day_new(&hdr);
	T_EQ_INT(apply(d, "09:00 begin\n09:05 start t\n10:00 withdraw #2\n",
	    NULL), 0);
	T_EQ_INT(day_state(d)->open, 0);	/* the open one: alone again */
	/* Alone since the begin: the withdrawn start ended nothing. */
	T_EQ_INT(day_state(d)->since, midnight + S(9 * 3600));
	day_free(d);
}

/* Fixing the details of a past episode and a brief contact. */
static void
test_apply_fix(void)
{
	struct day		*d = DAY("11:00 fix #2 person=T04 where=hall "
				    "by=other with=SLT\n11:01 fix 09:30 "
				    "person=P1\n11:02 fix #4 with=\"\"\n");
	struct timeline		 tl;
	struct summary		 s;
	const struct tl_item	*it;
	struct record		 rec;
	char			*cause = NULL;

	figures(d, 1, &tl, &s);
	it = test_item_of(&tl, TL_EPISODE, 2);
	T_EQ_STR(it->person, "T04");
	T_EQ_STR(it->where, "hall");
	T_EQ_INT(it->by, RECORD_BY_OTHER);
	T_EQ_INT(it->with, UINT64_C(1) << G_SLT);
	T_EQ_INT(it->corrected, TL_FIXED);
	T_EQ_STR(test_item_of(&tl, TL_BRIEF, 5)->person, "P1");
	T_EQ_INT(test_item_of(&tl, TL_EPISODE, 4)->with, 0);
	T_EQ_INT(s.groups[G_TEACHERS].head_initiated, 0);
	T_EQ_INT(tl.ncorrections, 3);
	T_EQ_STR(tl.corrections[0], "09:05:00 teachers episode: begun by "
	    "other (was head), person T04 (was T1), where hall (was none), "
	    "with SLT (was none)");
	T_EQ_STR(tl.corrections[1], "09:30:00 parents brief contact: person "
	    "P1 (was none)");
	T_EQ_STR(tl.corrections[2], "09:20:00 pupils episode: with none (was "
	    "teachers)");
	REFUSED(d, "11:03 fix #5 mode=phone", "fix: #5 is a brief contact: it "
	    "has no mode or with=");
	/* A fix giving the values it has changes nothing. */
	memset(&rec, 0, sizeof rec);
	rec.type = RECORD_FIX;
	rec.target = 2;
	rec.person = "T04";
	rec.by = RECORD_BY_OTHER;
	T_EQ_INT(t_cause(day_review_changes(d, &rec, t_err()), &cause), -1);
	T_EQ_STR(cause, "fix: #2 already has these details: nothing to "
	    "correct");
	free(cause);
	cause = NULL;
	rec.person = "T4";
	T_EQ_INT(t_cause(day_review_changes(d, &rec, t_err()), &cause), 0);
	summary_free(&s);
	timeline_free(&tl);
	day_free(d);
}

/* The day's begin and stop move: the observed time with them. */
static void
test_apply_move_edges(void)
{
	struct day		*d = DAY("11:00 move begin 08:55\n"
				    "11:01 move stop 10:15\n");
	struct timeline		 tl, as;
	struct summary		 s, o;

	figures(d, 1, &tl, &s);
	figures(d, 0, &as, &o);
	T_EQ_INT(tl.begin, S(8 * 3600 + 3300));
	T_EQ_INT(tl.end, S(10 * 3600 + 900));
	T_EQ_INT(s.observed_ms, o.observed_ms);	/* +300 s, -300 s */
	T_EQ_INT(s.groups[G_ALONE].ms, o.groups[G_ALONE].ms + S(300));
	T_EQ_INT(s.groups[G_TEACHERS].ms, o.groups[G_TEACHERS].ms - S(300));
	T_EQ_INT(as.begin, S(9 * 3600));
	T_EQ_STR(tl.corrections[0], "begin of observation moved from 09:00:00 "
	    "to 08:55:00");
	T_EQ_STR(tl.corrections[1], "stop of observation moved from 10:20:00 "
	    "to 10:15:00");
	REFUSED(d, "11:02 move stop 10:09", "move: #12 to 10:09:00 would not "
	    "be after #11 (start at 10:10:00)");
	summary_free(&s);
	summary_free(&o);
	timeline_free(&tl);
	timeline_free(&as);
	day_free(d);
	d = day_new(&hdr);
	T_EQ_INT(apply(d, "09:00 start t\n09:10 end\n", NULL), 0);
	REFUSED(d, "10:00 move begin 08:00", "move: the day has no begin (its "
	    "first action is not one)");
	REFUSED(d, "10:00 move stop 09:20", "move: the day has no stop in "
	    "force (its last action is not one)");
	day_free(d);
}

/* A start moves past the set that amended its episode: the set still
 * belongs to it. */
static void
test_move_past_set(void)
{
	struct day		*d = day_new(&hdr);
	struct timeline		 tl;
	const struct tl_item	*it;
	char			*cause = NULL;

	T_EQ_INT(apply(d, "09:00 begin\n09:05 start teachers\n"
	    "09:06 set person=T4\n09:20 end\n10:00 move #2 09:07\n",
	    &cause), 0);
	T_TRUE(cause == NULL);
	free(cause);
	timeline_from_day(d, &tl);
	it = test_item_of(&tl, TL_EPISODE, 2);
	T_TRUE(it != NULL);
	if (it != NULL) {
		T_EQ_INT(it->start, S(9 * 3600 + 420));
		T_EQ_STR(it->person, "T4");
	}
	timeline_free(&tl);
	/* Past the end of its episode it is still refused. */
	REFUSED(d, "10:01 move #2 09:21", "move: #2 to 09:21:00 would not be "
	    "before #4 (end at 09:20:00)");
	day_free(d);
}

/* A correction that would change nothing is told, not written; one an
 * older recorder wrote is not listed as a change. */
static void
test_changes_nothing(void)
{
	struct day	*d = DAY("11:00 recode #4 visitors\n"
			    "11:01 recode #7 slt\n");
	struct record	 rec;
	struct timeline	 tl;
	char		*cause = NULL;

	timeline_from_day(d, &tl);
	T_EQ_INT(tl.ncorrections, 1);
	T_EQ_STR(tl.corrections[0], "09:20:00 episode recoded from pupils to "
	    "visitors");
	timeline_free(&tl);

	memset(&rec, 0, sizeof rec);
	rec.type = RECORD_RECODE;
	rec.target = 4;
	rec.group = "visitors";
	T_EQ_INT(t_cause(day_review_changes(d, &rec, t_err()), &cause), -1);
	T_EQ_STR(cause, "recode: #4 is already visitors: nothing to correct");
	free(cause);
	cause = NULL;
	rec.group = "Pupils";
	T_EQ_INT(t_cause(day_review_changes(d, &rec, t_err()), &cause), 0);
	rec.type = RECORD_MOVE;
	rec.group = NULL;
	rec.to = midnight + S(9 * 3600 + 1200);
	T_EQ_INT(t_cause(day_review_changes(d, &rec, t_err()), &cause), -1);
	T_EQ_STR(cause, "move: #4 is already at 09:20:00: nothing to correct");
	free(cause);
	cause = NULL;
	rec.to += 1000;
	T_EQ_INT(t_cause(day_review_changes(d, &rec, t_err()), &cause), 0);
	T_TRUE(cause == NULL);
	day_free(d);
}

/* Comments accumulate on the episode's note and the day's comment. */
static void
test_apply_comments(void)
{
	struct day		*d = DAY("11:00 comment #7 budget, agreed\n"
				    "11:01 comment day a long day\n"
				    "11:02 comment 09:40 she called it a "
				    "catch-up\n"
				    "11:03 recode #7 teachers\n"
				    "11:04 comment day second look\n");
	struct timeline		 tl;
	const struct tl_item	*it;

	timeline_from_day(d, &tl);
	it = test_item_of(&tl, TL_EPISODE, 7);
	CU_ASSERT_FATAL(it != NULL);
	T_EQ_STR(it->note, "budget, agreed / she called it a catch-up");
	T_EQ_INT(it->corrected, TL_COMMENTED | TL_RECODED);
	T_TRUE(test_item_of(&tl, TL_EPISODE, 2)->note == NULL);
	T_EQ_STR(test_item_of(&tl, TL_NOTE, 6)->note, "rang the office");
	T_EQ_STR(tl.comment, "a long day / second look");
	T_EQ_INT(tl.ncorrections, 3);
	T_EQ_STR(tl.corrections[0], "comment on the 09:40:00 teachers "
	    "episode: budget, agreed");
	T_EQ_STR(tl.corrections[1], "comment on the 09:40:00 teachers "
	    "episode: she called it a catch-up");
	T_EQ_STR(tl.corrections[2], "09:40:00 episode recoded from SLT to "
	    "teachers");
	timeline_free(&tl);
	timeline_from_day_as_recorded(d, &tl);
	T_TRUE(test_item_of(&tl, TL_EPISODE, 7)->note == NULL);
	T_TRUE(tl.comment == NULL);
	timeline_free(&tl);
	day_free(d);
}

/* As recorded, a reviewed day gives every table byte for byte as the day
 * did before its review; reviewed, the tables show the corrections. */
static void
test_as_recorded(void)
{
	static const enum output_format formats[] = {
		OUTPUT_TEXT, OUTPUT_CSV, OUTPUT_JSON
	};
	static const enum output_table tables[] = {
		OUTPUT_SUMMARY, OUTPUT_EPISODES, OUTPUT_BINS,
		OUTPUT_TRANSITIONS
	};
	struct day	*plain = DAY(""), *d;
	struct timeline	 a, b;
	char		*x, *y;
	size_t		 i, j;

	d = DAY("11:00 recode #2 SLT\n11:01 move #4 09:18\n"
	    "11:02 comment #7 agreed\n11:03 comment day a long day\n");
	timeline_from_day(plain, &a);
	timeline_from_day_as_recorded(d, &b);
	for (i = 0; i < 3; i++) {
		for (j = 0; j < 4; j++) {
			x = output_of(&a, formats[i], tables[j]);
			y = output_of(&b, formats[i], tables[j]);
			T_EQ_STR(y, x);
			free(x);
			free(y);
		}
	}
	timeline_free(&b);

	timeline_from_day(d, &b);
	x = output_of(&b, OUTPUT_TEXT, OUTPUT_SUMMARY);
	T_HAS_STR(x, "\nCorrected after review\n"
	    "  09:05:00 episode recoded from teachers to SLT\n"
	    "  pupils episode start moved from 09:20:00 to 09:18:00\n"
	    "  comment on the 09:40:00 SLT episode: agreed\n"
	    "  comment on the day: a long day\n\nPer person");
	free(x);
	x = output_of(&a, OUTPUT_TEXT, OUTPUT_SUMMARY);
	T_TRUE(strstr(x, "review") == NULL);
	free(x);
	x = output_of(&b, OUTPUT_JSON, OUTPUT_SUMMARY);
	T_HAS_STR(x, "\"corrections\": [\n"
	    "    \"09:05:00 episode recoded from teachers to SLT\",\n"
	    "    \"pupils episode start moved from 09:20:00 to 09:18:00\",\n"
	    "    \"comment on the 09:40:00 SLT episode: agreed\"\n"
	    "   ], \"comment\": \"a long day\"}");
	free(x);
	x = output_of(&a, OUTPUT_JSON, OUTPUT_SUMMARY);
	T_HAS_STR(x, "\"corrections\": [], \"comment\": null}");
	free(x);
	/* The comment in the episode row's note column. */
	x = output_of(&b, OUTPUT_CSV, OUTPUT_EPISODES);
	T_HAS_STR(x, "episode,09:40:00,09:50:00,600.000,SLT,head,DH,,,,"
	    "agreed,,,\n");
	T_HAS_STR(x, "episode,09:18:00,09:40:00,1320.000,pupils,other,,,,"
	    "teachers,,,,\n");
	free(x);
	x = output_of(&b, OUTPUT_JSON, OUTPUT_EPISODES);
	T_HAS_STR(x, "\"person\": \"DH\", \"where\": null, \"mode\": null, "
	    "\"with\": null, \"note\": \"agreed\"}");
	free(x);
	timeline_free(&a);
	timeline_free(&b);
	day_free(plain);
	day_free(d);
}

/* Hostile text in a comment reaches a terminal only escaped. */
static void
test_hostile_comment(void)
{
	struct day	*d = day_new(&hdr);
	struct record	 rec;
	struct timeline	 tl;
	char		*cause = NULL, *x;

	T_EQ_INT(apply(d, "09:00 begin\n09:05 start SLT\n09:10 stop\n", NULL),
	    0);
	memset(&rec, 0, sizeof rec);
	rec.type = RECORD_COMMENT;
	rec.t = midnight + S(10 * 3600);
	rec.target = 0;
	rec.text = "ok\x1b[2J\nbye";
	T_EQ_INT(t_cause(day_apply(d, &rec, t_err()), &cause), 0);
	timeline_from_day(d, &tl);
	x = output_of(&tl, OUTPUT_TEXT, OUTPUT_SUMMARY);
	T_HAS_STR(x, "  comment on the day: ok\\x1b[2J\\x0abye\n");
	T_TRUE(strchr(x, 0x1b) == NULL);
	free(x);
	x = output_of(&tl, OUTPUT_JSON, OUTPUT_SUMMARY);
	T_HAS_STR(x, "\"comment\": \"ok\\u001b[2J\\nbye\"}");
	free(x);
	timeline_free(&tl);
	day_free(d);
}

void
review_test_register(void)
{
	CU_pSuite	s;

	s = CU_add_suite("review", review_suite_init, review_suite_clean);
	CU_add_test(s, "review records pack, unpack and dup", test_records);
	CU_add_test(s, "targets: missing, wrong type", test_rules_targets);
	CU_add_test(s, "group and text values", test_rules_values);
	CU_add_test(s, "withdrawn targets", test_rules_withdrawn);
	CU_add_test(s, "moves keep the order", test_rules_move_order);
	CU_add_test(s, "no state changes, after stop too", test_rules_state);
	CU_add_test(s, "undo never withdraws a review", test_rules_undo);
	CU_add_test(s, "the span is unchanged", test_rules_span);
	CU_add_test(s, "clock-time targets", test_find_target);
	CU_add_test(s, "review commands parse", test_commands);
	CU_add_test(s, "the feedback session's lines parse",
	    test_commands_session);
	CU_add_test(s, "recode moves exactly one episode", test_apply_recode);
	CU_add_test(s, "recodes: repeated, brief, with=",
	    test_apply_recode_more);
	CU_add_test(s, "moves change two stretches exactly", test_apply_move);
	CU_add_test(s, "comments on episodes and the day",
	    test_apply_comments);
	CU_add_test(s, "as recorded: tables byte for byte", test_as_recorded);
	CU_add_test(s, "hostile comment text", test_hostile_comment);
	CU_add_test(s, "a start moved past its own set", test_move_past_set);
	CU_add_test(s, "an episode added", test_apply_add);
	CU_add_test(s, "episodes and briefs withdrawn", test_apply_withdraw);
	CU_add_test(s, "details fixed", test_apply_fix);
	CU_add_test(s, "begin and stop moved", test_apply_move_edges);
	CU_add_test(s, "a correction that changes nothing",
	    test_changes_nothing);
}
