/*
 * Tests for the dimensions a team declares (issue 15): the scheme's
 * dimension and value statements and their copy in a log, the records'
 * dims field, timed NAME=VALUE, the day's rules for them (the alone
 * record codes the time alone), fixes, and the episodes CSV that
 * carries them and reads them back byte for byte.
 */
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <CUnit/CUnit.h>
#include <msgpack.h>

#include "command.h"
#include "day.h"
#include "episodes.h"
#include "err.h"
#include "record.h"
#include "scheme.h"
#include "test.h"
#include "timeline.h"
#include "xmalloc.h"

static const char dims_scheme[] =
    "group s SLT\n"
    "group t teachers\n"
    "dimension ? purpose for=episodes\n"
    "value purpose \"teaching and learning\"\n"
    "value purpose behaviour\n"
    "dimension * task for=alone\n"
    "value task e-mail\n"
    "dimension & topic for=both several\n";

static struct scheme *
dims_parse(void)
{
	struct scheme	*s;
	char		*cause = NULL;

	s = test_parse_scheme(dims_scheme, strlen(dims_scheme), "d.scheme",
	    &cause);
	if (s == NULL)
		T_EQ_STR(cause, "(parsed)");
	free(cause);
	return s;
}

static void
test_scheme_parse(void)
{
	struct scheme	*s = dims_parse();

	CU_ASSERT_PTR_NOT_NULL_FATAL(s);
	T_EQ_INT(s->ndims, 3);
	T_EQ_STR(s->dims[0].name, "purpose");
	T_EQ_INT(s->dims[0].key, '?');
	T_EQ_INT(s->dims[0].applies, SCHEME_FOR_EPISODES);
	T_EQ_INT(s->dims[0].nvalues, 2);
	T_EQ_STR(s->dims[0].values[1], "behaviour");
	T_EQ_INT(s->dims[1].applies, SCHEME_FOR_ALONE);
	T_EQ_INT(s->dims[2].applies, SCHEME_FOR_BOTH);
	T_EQ_INT(s->dims[2].several, 1);
	T_EQ_INT(s->dims[2].nvalues, 0);
	T_EQ_INT(scheme_find_dim(s, "TASK", 4), 1);
	T_EQ_INT(scheme_find_dim_key(s, '&'), 2);
	T_EQ_INT(scheme_find_dim_key(s, 't'), -1);
	scheme_free(s);
}

#define DIM_FAILS(text, msg) do {					\
	char		*cause_ = NULL;					\
	struct scheme	*s_;						\
	s_ = test_parse_scheme((text), strlen(text), "d", &cause_);	\
	CU_ASSERT_PTR_NULL(s_);						\
	scheme_free(s_);						\
	T_EQ_STR(cause_ != NULL ? cause_ : "(parsed)", (msg));		\
	free(cause_);							\
} while (0)

static void
test_scheme_errors(void)
{
	DIM_FAILS("group s SLT\ndimension t purpose for=episodes\n",
	    "d:2: dimension key 't' must be one of $&*?^_|>:;,-");
	DIM_FAILS("group s SLT\ndimension ? Purpose for=episodes\n",
	    "d:2: dimension name \"Purpose\" must be 1 to 32 of a-z, 0-9, _ "
	    "and -, starting with a letter");
	DIM_FAILS("group s SLT\ndimension ? where for=episodes\n",
	    "d:2: dimension name \"where\" is taken by a column or field of "
	    "its own");
	DIM_FAILS("group s SLT\ndimension ? purpose\n",
	    "d:2: missing for=episodes, for=alone or for=both");
	DIM_FAILS("group s SLT\ndimension ? purpose for=days\n",
	    "d:2: for= must be episodes, alone or both, not 'days'");
	DIM_FAILS("group s SLT\ndimension ? purpose for=both often\n",
	    "d:2: unexpected 'often' (a dimension takes for= and several)");
	DIM_FAILS("group s SLT\ndimension ? a for=both\ndimension ? b "
	    "for=both\n", "d:3: duplicate dimension key (already on line 2)");
	DIM_FAILS("group s SLT\ndimension ? a for=both\ndimension $ a "
	    "for=both\n", "d:3: duplicate dimension name (already on line 2)");
	DIM_FAILS("group s SLT\nvalue a x\n",
	    "d:2: no dimension 'a' above (declare it first)");
	DIM_FAILS("group s SLT\ndimension ? a for=both\nvalue a \"x;y\"\n",
	    "d:3: value \"x;y\" has a ';' (it joins several values)");
	DIM_FAILS("group s SLT\ndimension ? a for=both\nvalue a x\n"
	    "value a X\n", "d:4: duplicate value \"X\" for a");
	DIM_FAILS("group s SLT\ndimension ? a for=both\nvalue a 1\nvalue a 2\n"
	    "value a 3\nvalue a 4\nvalue a 5\nvalue a 6\nvalue a 7\n"
	    "value a 8\nvalue a 9\nvalue a 10\n",
	    "d:12: too many values for a (at most 9: keys 1-9)");
}

/* The example scheme is the built-in one and the two dimensions the
 * issue names: purpose for episodes, task for the time alone. */
static void
test_example(void)
{
	struct scheme	*s, *d;
	struct err	 e = ERR_INIT;
	char		*path;

	path = xasprintf("%s/tests/data/example.scheme", TEST_SRCDIR);
	s = scheme_load(path, &e);
	free(path);
	CU_ASSERT_PTR_NOT_NULL_FATAL(s);
	T_EQ_INT(s->ndims, 2);
	T_EQ_STR(s->dims[0].name, "purpose");
	T_EQ_INT(s->dims[0].applies, SCHEME_FOR_EPISODES);
	T_EQ_INT(s->dims[0].nvalues, 7);
	T_EQ_STR(s->dims[0].values[5], "safeguarding");
	T_EQ_STR(s->dims[1].name, "task");
	T_EQ_INT(s->dims[1].applies, SCHEME_FOR_ALONE);
	T_EQ_INT(s->dims[1].nvalues, 4);
	d = scheme_default();
	T_EQ_INT(d->ndims, 0);
	CU_ASSERT_FALSE(scheme_equal(s, d));
	s->ndims = 0;	/* the rest is the built-in scheme */
	CU_ASSERT_TRUE(scheme_equal(s, d));
	s->ndims = 2;
	scheme_free(d);
	scheme_free(s);
}

/* A scheme's dimensions survive the log; a scheme without any packs to
 * the bytes it always did (no "dimensions" key). */
static void
test_scheme_pack(void)
{
	struct scheme		*s = dims_parse(), *back, *d;
	msgpack_sbuffer		 sb;
	msgpack_packer		 pk;
	msgpack_unpacked	 u;

	CU_ASSERT_PTR_NOT_NULL_FATAL(s);
	msgpack_sbuffer_init(&sb);
	msgpack_packer_init(&pk, &sb, msgpack_sbuffer_write);
	scheme_pack(s, &pk);
	msgpack_unpacked_init(&u);
	T_EQ_INT(msgpack_unpack_next(&u, sb.data, sb.size, NULL),
	    MSGPACK_UNPACK_SUCCESS);
	back = scheme_unpack(&u.data, NULL);
	CU_ASSERT_PTR_NOT_NULL(back);
	CU_ASSERT_TRUE(scheme_equal(s, back));
	scheme_free(back);
	msgpack_unpacked_destroy(&u);
	msgpack_sbuffer_clear(&sb);

	d = scheme_default();
	scheme_pack(d, &pk);
	CU_ASSERT_PTR_NULL(memmem(sb.data, sb.size, "dimensions", 10));
	T_EQ_INT((unsigned char)sb.data[0], 0x83);	/* a map of 3 */
	scheme_free(d);
	msgpack_sbuffer_destroy(&sb);
	scheme_free(s);
}

/* A record's dims pack, unpack and copy; a reader that does not know the
 * key (here: a map without it) is the other half, in tests/dims.sh. */
static void
test_record_dims(void)
{
	const char		*dims[] = { "purpose", "behaviour", "topic",
				    "a;b" };
	struct record		 r, back, *copy;
	msgpack_sbuffer		 sb;
	msgpack_unpacked	 u;
	struct err		 e = ERR_INIT;
	char			*arena = NULL;
	size_t			 arena_size = 0;

	memset(&r, 0, sizeof r);
	r.type = RECORD_SET;
	r.t = 1000;
	r.seq = 4;
	r.dims = dims;
	r.ndims = 2;
	msgpack_sbuffer_init(&sb);
	record_pack(&r, &sb);
	msgpack_unpacked_init(&u);
	T_EQ_INT(msgpack_unpack_next(&u, sb.data, sb.size, NULL),
	    MSGPACK_UNPACK_SUCCESS);
	T_EQ_INT(record_unpack(&u.data, &back, &arena, &arena_size, &e),
	    1);
	T_EQ_INT(back.ndims, 2);
	T_EQ_STR(back.dims[0], "purpose");
	T_EQ_STR(back.dims[1], "behaviour");
	T_EQ_STR(back.dims[3], "a;b");
	copy = record_dup(&back);
	T_EQ_STR(copy->dims[2], "topic");
	T_EQ_STR(copy->dims[3], "a;b");
	free(copy);
	free(arena);
	msgpack_unpacked_destroy(&u);
	msgpack_sbuffer_destroy(&sb);
}

/* ---- a day coded with timed commands ---- */

static int64_t		 midnight;

/* Applies one timed command line to the day; the cause, or NULL. */
static char *
apply(struct day *d, const struct scheme *s, const char *line)
{
	struct command	 cmd;
	char		*cause = NULL;
	int		 n;

	n = test_command(line, strlen(line), s, &cmd, &cause);
	if (n != 1)
		return cause != NULL ? cause : xstrdup("(blank)");
	cmd.rec.t = midnight + cmd.clock_ms;
	cmd.rec.seq = day_next_seq(d);
	if (cmd.has_target_clock && t_cause(day_find_target(d, cmd.rec.type,
	    cmd.target_clock, cmd.target_span, &cmd.rec.target,
	    t_err()), &cause) != 0) {
		command_clear(&cmd);
		return cause;
	}
	if (t_cause(day_apply(d, &cmd.rec, t_err()), &cause) != 0) {
		command_clear(&cmd);
		return cause;
	}
	command_clear(&cmd);
	return NULL;
}

#define APPLY(d, s, line) do {						\
	char	*why_ = apply((d), (s), (line));			\
	T_EQ_STR(why_ != NULL ? why_ : "(applied)", "(applied)");	\
	free(why_);							\
} while (0)

#define REFUSE(d, s, line, msg) do {					\
	char	*why_ = apply((d), (s), (line));			\
	T_EQ_STR(why_ != NULL ? why_ : "(applied)", (msg));		\
	free(why_);							\
} while (0)

/* A day of scheme s (which it takes). */
static struct day *
dims_day(struct scheme *s)
{
	struct log_header	 hdr;
	struct day		*d;

	if (test_header(&hdr, &midnight) != 0)
		abort();
	scheme_free(hdr.scheme);
	hdr.scheme = s;
	d = day_new(&hdr);
	log_header_free(&hdr);
	return d;
}

static void
test_day(void)
{
	struct scheme	*s = dims_parse();
	struct day	*d;
	struct timeline	 tl;
	const struct day_state *st;

	CU_ASSERT_PTR_NOT_NULL_FATAL(s);
	d = dims_day(scheme_copy(s));
	APPLY(d, s, "09:00 begin");
	APPLY(d, s, "09:01 alone task=E-MAIL");
	st = day_state(d);
	T_EQ_STR(st->alone_dims[1], "e-mail");	/* the scheme's spelling */
	REFUSE(d, s, "09:02 alone purpose=behaviour",
	    "alone: purpose codes episodes (give it with start or set)");
	REFUSE(d, s, "09:02 alone where=office",
	    "alone: unknown key 'where' (use a dimension of the time alone)");
	REFUSE(d, s, "09:02 alone", "alone needs at least one NAME=VALUE of a "
	    "dimension of the time alone");
	REFUSE(d, s, "09:02 set purpose=behaviour", "set: no episode is open");
	REFUSE(d, s, "09:02 start t task=e-mail",
	    "start: task codes time alone (give it with alone when no "
	    "episode is open)");
	REFUSE(d, s, "09:02 start t purpose=", "start: empty value for "
	    "purpose");
	REFUSE(d, s, "09:02 start t topic=a;;b",
	    "start: topic: empty value between ';'");
	REFUSE(d, s, "09:02 start t purpose=x;y",
	    "start: purpose: value \"x;y\" has a ';' (it joins several "
	    "values)");
	APPLY(d, s, "09:05 start t purpose=behaviour topic=x;y");
	T_EQ_STR(day_state(d)->episode.dims[0], "behaviour");
	REFUSE(d, s, "09:06 alone task=e-mail",
	    "alone: an episode is open (set gives its values)");
	REFUSE(d, s, "09:06 set task=e-mail",
	    "set: task codes time alone (give it with alone when no episode "
	    "is open)");
	APPLY(d, s, "09:07 set purpose=\"teaching and learning\"");
	APPLY(d, s, "09:10 end");
	T_TRUE(day_state(d)->alone_dims[1] == NULL);
	APPLY(d, s, "09:12 alone topic=z");
	APPLY(d, s, "09:15 brief s purpose=behaviour");
	APPLY(d, s, "09:20 start s");
	APPLY(d, s, "09:30 fix 09:05 purpose=behaviour");
	APPLY(d, s, "09:40 stop");
	REFUSE(d, s, "09:41 alone task=e-mail",
	    "alone: observation has stopped (begin first)");

	timeline_from_day(d, &tl);
	T_EQ_INT(tl.nitems, 5);
	T_EQ_STR(timeline_dim(&tl.items[0], 1), "e-mail");
	T_EQ_STR(timeline_dim(&tl.items[1], 0), "behaviour");	/* fixed */
	T_EQ_STR(timeline_dim(&tl.items[1], 2), "x;y");
	T_EQ_STR(timeline_dim(&tl.items[2], 2), "z");	/* alone, both */
	T_EQ_STR(timeline_dim(&tl.items[3], 0), "behaviour");	/* brief */
	T_TRUE(timeline_dim(&tl.items[4], 0) == NULL);
	T_EQ_INT(tl.ncorrections, 1);
	if (tl.ncorrections == 1)
		T_EQ_STR(tl.corrections[0], "09:05:00 teachers episode: "
		    "purpose behaviour (was teaching and learning)");
	timeline_free(&tl);

	timeline_from_day_as_recorded(d, &tl);
	T_EQ_STR(timeline_dim(&tl.items[1], 0), "teaching and learning");
	timeline_free(&tl);
	day_free(d);
	scheme_free(s);
}

/* What one episodes CSV of the day reads back as, written again. */
static char *
csv_of(const struct timeline *tl, const struct scheme *s)
{
	char	*buf = NULL;
	size_t	 size;
	FILE	*f;

	f = open_memstream(&buf, &size);
	episodes_write_header(f, s);
	episodes_write(f, tl, s);
	fclose(f);
	return buf;
}

static void
test_episodes_round_trip(void)
{
	struct scheme		*s = dims_parse(), *none;
	struct episodes_reader	*r;
	struct timeline		 tl, back;
	struct err		 e = ERR_INIT;
	struct day		*d;
	char			*first, *second, path[] = "/tmp/dimsXXXXXX";
	int			 fd;

	CU_ASSERT_PTR_NOT_NULL_FATAL(s);
	d = dims_day(scheme_copy(s));
	APPLY(d, s, "09:00 begin");
	APPLY(d, s, "09:01 alone task=e-mail topic=\"a, b;c\"");
	APPLY(d, s, "09:05 start t purpose=behaviour");
	APPLY(d, s, "09:15 brief s purpose=\"teaching and learning\"");
	APPLY(d, s, "09:20 end");
	APPLY(d, s, "09:40 stop");
	timeline_from_day(d, &tl);
	first = csv_of(&tl, s);
	T_HAS_STR(first, ",corrections,purpose,task,topic\n");
	T_HAS_STR(first, ",,e-mail,\"a, b;c\"\n");

	fd = mkstemp(path);
	CU_ASSERT_FATAL(fd != -1);
	CU_ASSERT(write(fd, first, strlen(first)) == (ssize_t)strlen(first));
	CU_ASSERT_FATAL(lseek(fd, 0, SEEK_SET) == 0);
	/* Not the 18 columns alone: told in full by the reader's header. */
	T_EQ_INT(episodes_sniff(first, strlen(first)), -1);
	T_EQ_INT(episodes_open(fd, path, s, &r, &e), 0);
	T_EQ_INT(episodes_next(r, &back, &e), 1);
	second = csv_of(&back, s);
	T_EQ_STR(second, first);
	timeline_free(&back);
	episodes_close(r);
	unlink(path);

	/* The scheme's columns go, not the day's: none without dimensions,
	 * so a run without them writes what it always did. */
	free(second);
	none = scheme_default();
	second = csv_of(&tl, none);
	T_EQ_INT(strncmp(second, EPISODES_HEADER_DAY "\n",
	    strlen(EPISODES_HEADER_DAY) + 1), 0);
	free(second);
	scheme_free(none);

	free(first);
	timeline_free(&tl);
	day_free(d);
	scheme_free(s);
}

/* A header naming what the scheme does not declare is not ours. */
static void
test_episodes_bad_header(void)
{
	struct scheme		*s = dims_parse();
	struct episodes_reader	*r = NULL;
	struct err		 e = ERR_INIT;
	char			 path[] = "/tmp/dimsXXXXXX", *text;
	int			 fd;

	text = xasprintf("%s,colour\n", EPISODES_HEADER_DAY);
	fd = mkstemp(path);
	CU_ASSERT_FATAL(fd != -1);
	CU_ASSERT(write(fd, text, strlen(text)) == (ssize_t)strlen(text));
	CU_ASSERT_FATAL(lseek(fd, 0, SEEK_SET) == 0);
	T_EQ_INT(episodes_open(fd, path, s, &r, &e), -1);
	T_HAS_STR(e.msg, "not an episodes CSV");
	err_clear(&e);
	unlink(path);
	free(text);
	scheme_free(s);
}

void
dimensions_test_register(void)
{
	CU_pSuite	suite;

	suite = CU_add_suite("dimensions", NULL, NULL);
	CU_add_test(suite, "scheme: dimension and value", test_scheme_parse);
	CU_add_test(suite, "scheme: every error message", test_scheme_errors);
	CU_add_test(suite, "example.scheme: purpose and task", test_example);
	CU_add_test(suite, "scheme: in the log", test_scheme_pack);
	CU_add_test(suite, "record: dims field", test_record_dims);
	CU_add_test(suite, "day: timed NAME=VALUE, alone, fix", test_day);
	CU_add_test(suite, "episodes CSV round trip",
	    test_episodes_round_trip);
	CU_add_test(suite, "episodes CSV header", test_episodes_bad_header);
}
