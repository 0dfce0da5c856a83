/*
 * Tests for the timed-command parser: every command form, quoting, every
 * error message, and hostile input (huge lines, random bytes) that must
 * never crash or leak.
 */
#include <stdlib.h>
#include <string.h>

#include "command.h"
#include "err.h"
#include "scheme.h"
#include "test.h"
#include "xmalloc.h"

#define GROUPS_LIST	"(groups: SLT s, teachers t, support staff a, " \
			"pupils p, parents r, visitors v)"

static struct scheme	*scheme;

static int
command_suite_init(void)
{
	scheme = scheme_default();
	return scheme == NULL;
}

static int
command_suite_clean(void)
{
	scheme_free(scheme);
	return 0;
}

/* Non-zero when cmd holds nothing (as after an error or a blank line). */
static int
command_is_empty(const struct command *cmd)
{
	struct command	zero;

	memset(&zero, 0, sizeof zero);
	return memcmp(cmd, &zero, sizeof zero) == 0;
}

/* Parses a NUL-terminated line; returns what command_parse returned. */
static int
parse(const char *line, struct command *cmd, struct err *e)
{
	err_clear(e);
	return command_parse(line, strlen(line), scheme, cmd, e);
}

/* Asserts that line parses to exactly the error msg. */
static void
expect_error_len(const char *line, size_t len, const char *msg, int at)
{
	struct command	 cmd;
	struct err	 e = ERR_INIT;
	int		 n;

	memset(&cmd, 0xa5, sizeof cmd);
	n = command_parse(line, len, scheme, &cmd, &e);
	if (n != -1 || e.msg == NULL || strcmp(e.msg, msg) != 0)
		fprintf(stderr, "\n  line %d: got %d \"%s\"\n", at, n,
		    e.msg == NULL ? "(null)" : e.msg);
	T_EQ_INT(n, -1);
	T_EQ_STR(e.msg, msg);
	/* A wrong command, placed by the caller who knows the line. */
	T_EQ_INT(e.code, ERR_USAGE);
	T_TRUE(e.file == NULL && e.line == 0 && e.offset == -1);
	T_TRUE(command_is_empty(&cmd));
	err_clear(&e);
}

#define expect_error(line, msg) \
	expect_error_len((line), strlen(line), (msg), __LINE__)

/* Parses a line that must succeed; the caller clears cmd. */
static void
expect_ok(const char *line, struct command *cmd)
{
	struct err	 e = ERR_INIT;
	int	 n;

	n = parse(line, cmd, &e);
	if (n != 1)
		fprintf(stderr, "\n  \"%s\": got %d \"%s\"\n", line, n,
		    e.msg == NULL ? "(null)" : e.msg);
	T_EQ_INT(n, 1);
	T_TRUE(e.msg == NULL);
	err_clear(&e);
}

static void
test_command_simple(void)
{
	static const struct {
		const char		*line;
		enum record_type	 type;
	} cases[] = {
		{ "begin", RECORD_BEGIN },
		{ "end", RECORD_END },
		{ "pause", RECORD_PAUSE },
		{ "resume", RECORD_RESUME },
		{ "undo", RECORD_UNDO },
		{ "stop", RECORD_STOP },
		{ "  end  \t", RECORD_END },
		{ "\tstop", RECORD_STOP },
	};
	struct command	 cmd;
	size_t		 i;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		expect_ok(cases[i].line, &cmd);
		T_EQ_INT(cmd.rec.type, cases[i].type);
		T_EQ_INT(cmd.has_time, 0);
		T_EQ_INT(cmd.rec.seq, 0);
		T_EQ_INT(cmd.rec.t, 0);
		T_TRUE(cmd.rec.group == NULL);
		command_clear(&cmd);
		T_TRUE(command_is_empty(&cmd));
	}
}

static void
test_command_time(void)
{
	static const struct {
		const char	*line;
		int64_t		 ms;
	} cases[] = {
		{ "9:05 begin", 9 * 3600000 + 5 * 60000 },
		{ "09:05 begin", 9 * 3600000 + 5 * 60000 },
		{ "09:05:30 end", 9 * 3600000 + 5 * 60000 + 30000 },
		{ "10:00:00.250 end", 10 * 3600000 + 250 },
		{ "10:00:00.5 end", 10 * 3600000 + 500 },
		{ "00:00 begin", 0 },
		{ "24:30 stop", 24 * 3600000 + 30 * 60000 },
		{ "47:59:59.999\tstop", 47 * 3600000 + 59 * 60000 + 59999 },
		{ "  07:15   start t", 7 * 3600000 + 15 * 60000 },
	};
	struct command	 cmd;
	size_t		 i;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		expect_ok(cases[i].line, &cmd);
		T_EQ_INT(cmd.has_time, 1);
		T_EQ_INT(cmd.clock_ms, cases[i].ms);
		command_clear(&cmd);
	}
	expect_error("48:00 stop", "time '48:00': hour 48 is past 47");
	expect_error("10:60 stop", "time '10:60': minute 60 is past 59");
	expect_error("10:00:61 stop", "time '10:00:61': second 61 is past 59");
	expect_error("9.30 begin",
	    "time '9.30' is not HH:MM, HH:MM:SS or HH:MM:SS.mmm");
	expect_error("123:00 begin",
	    "time '123:00' is not HH:MM, HH:MM:SS or HH:MM:SS.mmm");
	expect_error("10:00:00.1234 end",
	    "time '10:00:00.1234' is not HH:MM, HH:MM:SS or HH:MM:SS.mmm");
	expect_error("10:00\x01 end",
	    "time '10:00\\x01' is not HH:MM, HH:MM:SS or HH:MM:SS.mmm");
	expect_error("10:00", "no command after the time");
	expect_error("10:00   \r", "no command after the time");
}

static void
test_command_start(void)
{
	struct command	cmd;

	expect_ok("start t by=head person=DH where=\"head's office\" "
	    "mode=phone with=s,p", &cmd);
	T_EQ_INT(cmd.rec.type, RECORD_START);
	T_EQ_STR(cmd.rec.group, "teachers");
	T_EQ_INT(cmd.rec.by, RECORD_BY_HEAD);
	T_EQ_STR(cmd.rec.person, "DH");
	T_EQ_STR(cmd.rec.where, "head's office");
	T_EQ_STR(cmd.rec.mode, "phone");
	T_EQ_INT(cmd.rec.has_with, 1);
	T_EQ_INT(cmd.rec.nwith, 2);
	T_EQ_STR(cmd.rec.with[0], "SLT");
	T_EQ_STR(cmd.rec.with[1], "pupils");
	T_TRUE(cmd.rec.text == NULL);
	command_clear(&cmd);

	expect_ok("start SLT", &cmd);
	T_EQ_STR(cmd.rec.group, "SLT");
	T_EQ_INT(cmd.rec.by, RECORD_BY_UNKNOWN);
	T_TRUE(cmd.rec.person == NULL);
	T_TRUE(cmd.rec.where == NULL);
	T_TRUE(cmd.rec.mode == NULL);
	T_EQ_INT(cmd.rec.has_with, 0);
	T_EQ_INT(cmd.rec.nwith, 0);
	command_clear(&cmd);

	/* Names and keys resolve case-insensitively to the scheme's name. */
	expect_ok("start slt", &cmd);
	T_EQ_STR(cmd.rec.group, "SLT");
	command_clear(&cmd);
	expect_ok("start S by=other", &cmd);
	T_EQ_STR(cmd.rec.group, "SLT");
	T_EQ_INT(cmd.rec.by, RECORD_BY_OTHER);
	command_clear(&cmd);
	expect_ok("start \"SUPPORT STAFF\"\tperson=TA1", &cmd);
	T_EQ_STR(cmd.rec.group, "support staff");
	T_EQ_STR(cmd.rec.person, "TA1");
	command_clear(&cmd);
	expect_ok("start A with=\"Visitors, PARENTS\"", &cmd);
	T_EQ_STR(cmd.rec.group, "support staff");
	T_EQ_INT(cmd.rec.nwith, 2);
	T_EQ_STR(cmd.rec.with[0], "visitors");
	T_EQ_STR(cmd.rec.with[1], "parents");
	command_clear(&cmd);
}

static void
test_command_start_errors(void)
{
	expect_error("start", "start needs a group");
	expect_error("start   ", "start needs a group");
	expect_error("start by=head", "start needs a group before 'by=head'");
	expect_error("start \"\"", "start: empty group name");
	expect_error("start x", "start: unknown group 'x' " GROUPS_LIST);
	expect_error("start support", "start: unknown group 'support': did "
	    "you mean \"support staff\"? (quote a name with a space)");
	expect_error("start teacher", "start: unknown group 'teacher': did "
	    "you mean \"teachers\"?");
	expect_error("start t with=SLT,parnets", "start: unknown group "
	    "'parnets' in with=: did you mean \"parents\"?");
	expect_error("start \"by=x\"",
	    "start: unknown group 'by=x' " GROUPS_LIST);
	expect_error("start t foo=1",
	    "start: unknown key 'foo' (use by, person, where, mode, with)");
	expect_error("start t persn=DH",
	    "start: unknown key 'persn': did you mean person=?");
	expect_error("start t =x",
	    "start: unknown key '' (use by, person, where, mode, with)");
	expect_error("start t by=head by=other", "start: by= given twice");
	expect_error("start t person=A where=b person=C",
	    "start: person= given twice");
	expect_error("start t DH", "start: expected key=value, not 'DH'");
	expect_error("start t by", "start: expected key=value, not 'by'");
	expect_error("start t by=boss",
	    "start: by must be head or other, not 'boss'");
	expect_error("start t by=Hed",
	    "start: by must be head or other, not 'Hed'");
	expect_error("start t person=", "start: empty value for person");
	expect_error("start t where=\"\"", "start: empty value for where");
	expect_error("start t with=", "start: empty value for with");
	expect_error("start t with=s,x",
	    "start: unknown group 'x' in with= " GROUPS_LIST);
	expect_error("start t with=s,SLT",
	    "start: with= names group 'SLT' twice");
	expect_error("start s with=t,s",
	    "start: with= names the episode's own group 'SLT'");
	expect_error("start s with=t,,p", "start: empty group in with=");
	expect_error("start s with=t,", "start: empty group in with=");
	expect_error("start s with=\"t, ,p\"", "start: empty group in with=");
}

static void
test_command_quoting(void)
{
	struct command	cmd;

	expect_ok("start t person=\"a \\\"b\\\" \\\\ c\"", &cmd);
	T_EQ_STR(cmd.rec.person, "a \"b\" \\ c");
	command_clear(&cmd);
	expect_ok("start t person=O\"Brien where=a\\b", &cmd);
	T_EQ_STR(cmd.rec.person, "O\"Brien");
	T_EQ_STR(cmd.rec.where, "a\\b");
	command_clear(&cmd);
	expect_ok("start t mode=\"x = y # z\" person=\"\xc3\xa9l\xc3\xa8ve\"",
	    &cmd);
	T_EQ_STR(cmd.rec.mode, "x = y # z");
	T_EQ_STR(cmd.rec.person, "\xc3\xa9l\xc3\xa8ve");
	command_clear(&cmd);

	expect_error("start t person=\"a\\nb\"",
	    "start: bad escape '\\n' in quoted value (use \\\" or \\\\)");
	expect_error("start t person=\"abc\\",
	    "start: bad escape '\\' in quoted value (use \\\" or \\\\)");
	expect_error("start t person=\"abc",
	    "start: unterminated quoted value of person");
	expect_error("start t person=\"abc\"x",
	    "start: a blank must follow the closing quote of person");
	expect_error("start \"teachers",
	    "start: unterminated quoted value of group");
}

static void
test_command_values(void)
{
	struct command	 cmd;
	char		*line;

	expect_error("start t person=a\x01" "b",
	    "start: control character in value of person");
	expect_error("start t where=\"a\tb\"",
	    "start: control character in value of where");
	expect_error("start t mode=x\x7fy",
	    "start: control character in value of mode");
	expect_error("start t person=\"a\rb\"",
	    "start: control character in value of person");
	expect_error("start t person=\xff",
	    "start: value of person is not valid UTF-8");
	expect_error("start t person=\xc0\xaf",
	    "start: value of person is not valid UTF-8");
	expect_error("start t person=\xed\xa0\x80",
	    "start: value of person is not valid UTF-8");
	expect_error("start t person=\xe2\x82",
	    "start: value of person is not valid UTF-8");
	expect_error("start \xff", "start: value of group is not valid UTF-8");

	line = xmalloc(32 + RECORD_MAX_TEXT + 2);
	strcpy(line, "start t person=");
	memset(line + 15, 'x', RECORD_MAX_TEXT);
	line[15 + RECORD_MAX_TEXT] = '\0';
	expect_ok(line, &cmd);
	T_EQ_INT(strlen(cmd.rec.person), RECORD_MAX_TEXT);
	command_clear(&cmd);
	strcat(line, "x");
	expect_error(line, "start: value of person is longer than 4096 bytes");
	free(line);
}

static void
test_command_brief(void)
{
	struct command	cmd;

	expect_ok("10:02 brief p by=other person=Y7 where=corridor", &cmd);
	T_EQ_INT(cmd.rec.type, RECORD_BRIEF);
	T_EQ_INT(cmd.has_time, 1);
	T_EQ_STR(cmd.rec.group, "pupils");
	T_EQ_INT(cmd.rec.by, RECORD_BY_OTHER);
	T_EQ_STR(cmd.rec.person, "Y7");
	T_EQ_STR(cmd.rec.where, "corridor");
	command_clear(&cmd);
	expect_ok("brief Parents", &cmd);
	T_EQ_STR(cmd.rec.group, "parents");
	command_clear(&cmd);

	expect_error("brief", "brief needs a group");
	expect_error("brief q", "brief: unknown group 'q' " GROUPS_LIST);
	expect_error("brief p mode=x",
	    "brief: unknown key 'mode' (use by, person, where)");
	expect_error("brief p with=s",
	    "brief: unknown key 'with' (use by, person, where)");
	expect_error("brief p person=", "brief: empty value for person");
}

static void
test_command_note(void)
{
	struct command	 cmd;
	char		*line;

	expect_ok("note  Spoke to \"DH\" about #budget, a=b  ", &cmd);
	T_EQ_INT(cmd.rec.type, RECORD_NOTE);
	T_EQ_STR(cmd.rec.text, "Spoke to \"DH\" about #budget, a=b");
	command_clear(&cmd);
	expect_ok("11:30:15 note # not a comment \\n \"unbalanced", &cmd);
	T_EQ_INT(cmd.clock_ms, 11 * 3600000 + 30 * 60000 + 15000);
	T_EQ_STR(cmd.rec.text, "# not a comment \\n \"unbalanced");
	command_clear(&cmd);
	expect_ok("note\tfire drill\tat 11", &cmd);
	T_EQ_STR(cmd.rec.text, "fire drill\tat 11");
	command_clear(&cmd);
	expect_ok("note caf\xc3\xa9 \xe2\x82\xac 5\r", &cmd);
	T_EQ_STR(cmd.rec.text, "caf\xc3\xa9 \xe2\x82\xac 5");
	command_clear(&cmd);

	expect_error("note", "note needs a text");
	expect_error("note ", "note needs a text");
	expect_error("note \t  ", "note needs a text");
	expect_error("10:00 note\r", "note needs a text");
	expect_error("notes x", "unknown command 'notes': did you mean "
	    "\"note\"?");
	expect_error("note a\x01" "b",
	    "note: control character in value of text");
	expect_error("note a\rb", "note: control character in value of text");
	expect_error("note a\xc3", "note: value of text is not valid UTF-8");

	line = xmalloc(8 + RECORD_MAX_TEXT + 2);
	strcpy(line, "note ");
	memset(line + 5, 'n', RECORD_MAX_TEXT);
	line[5 + RECORD_MAX_TEXT] = '\0';
	expect_ok(line, &cmd);
	T_EQ_INT(strlen(cmd.rec.text), RECORD_MAX_TEXT);
	command_clear(&cmd);
	strcat(line, "n");
	expect_error(line, "note: value of text is longer than 4096 bytes");
	free(line);
}

static void
test_command_set(void)
{
	struct command	cmd;

	expect_ok("set person=\"\"", &cmd);
	T_EQ_INT(cmd.rec.type, RECORD_SET);
	T_EQ_STR(cmd.rec.person, "");
	T_TRUE(cmd.rec.where == NULL);
	T_TRUE(cmd.rec.mode == NULL);
	T_EQ_INT(cmd.rec.has_with, 0);
	T_EQ_INT(cmd.rec.by, RECORD_BY_UNKNOWN);
	command_clear(&cmd);
	expect_ok("10:05 set with=\"\" where=hall", &cmd);
	T_EQ_INT(cmd.rec.has_with, 1);
	T_EQ_INT(cmd.rec.nwith, 0);
	T_EQ_STR(cmd.rec.where, "hall");
	command_clear(&cmd);
	expect_ok("set by=other mode=tour with=v where=", &cmd);
	T_EQ_INT(cmd.rec.by, RECORD_BY_OTHER);
	T_EQ_STR(cmd.rec.mode, "tour");
	T_EQ_STR(cmd.rec.where, "");
	T_EQ_INT(cmd.rec.nwith, 1);
	T_EQ_STR(cmd.rec.with[0], "visitors");
	command_clear(&cmd);

	expect_error("set", "set needs at least one of by=, person=, where=, "
	    "mode=, with=");
	expect_error("set   ", "set needs at least one of by=, person=, "
	    "where=, mode=, with=");
	expect_error("set group=t",
	    "set: unknown key 'group' (use by, person, where, mode, with)");
	expect_error("set by=", "set: by must be head or other, not ''");
	expect_error("set t", "set: expected key=value, not 't'");
	expect_error("set with=s,s", "set: with= names group 'SLT' twice");
}

static void
test_command_errors(void)
{
	expect_error("strat t", "unknown command 'strat': did you mean "
	    "\"start\"?");
	expect_error("xyzzy", "unknown command 'xyzzy'");
	expect_error("10:00 # late comment", "no command after the time");
	expect_error("\x1b[31mstart", "unknown command '\\x1b[31mstart'");
	expect_error("st\xffop", "unknown command 'st\\xffop': did you mean "
	    "\"stop\"?");
	expect_error("end now", "end takes no arguments");
	expect_error("10:00 undo 3", "undo takes no arguments");
	expect_error("begin\tx#", "begin takes no arguments");
	expect_error("pause x", "pause takes no arguments");
	expect_error("resume x", "resume takes no arguments");
	expect_error("stop x", "stop takes no arguments");
	expect_error_len("start\0t", 7, "line contains a NUL byte", __LINE__);
	expect_error_len("note a\0b", 8, "line contains a NUL byte", __LINE__);
}

static void
test_command_blank(void)
{
	static const char *lines[] = {
		"", " ", "\t \t", "\r", "# comment", "   # start x", "#",
		"\t#\x01\xff anything", "  \r"
	};
	struct command	 cmd;
	struct err	 e = ERR_INIT;
	size_t		 i;

	for (i = 0; i < sizeof lines / sizeof lines[0]; i++) {
		memset(&cmd, 0x5a, sizeof cmd);
		T_EQ_INT(parse(lines[i], &cmd, &e), 0);
		T_TRUE(e.msg == NULL);
		T_TRUE(command_is_empty(&cmd));
	}
	T_EQ_INT(command_parse("", 0, scheme, &cmd, &e), 0);
}

static void
test_command_crlf(void)
{
	struct command	cmd;

	expect_ok("10:00 start t person=DH\r", &cmd);
	T_EQ_STR(cmd.rec.person, "DH");
	T_EQ_STR(cmd.rec.group, "teachers");
	command_clear(&cmd);
	expect_ok("end\r", &cmd);
	T_EQ_INT(cmd.rec.type, RECORD_END);
	command_clear(&cmd);
	expect_ok("start t where=\"x\"\r", &cmd);
	T_EQ_STR(cmd.rec.where, "x");
	command_clear(&cmd);
	/* Only one trailing CR is dropped. */
	expect_error("end\r\r", "unknown command 'end\\x0d': did you "
	    "mean \"end\"?");
}

static void
test_command_case(void)
{
	struct command	 cmd;

	expect_ok("Start T By=Head PERSON=DH", &cmd);
	T_EQ_INT(cmd.rec.type, RECORD_START);
	T_EQ_STR(cmd.rec.group, "teachers");
	T_EQ_INT(cmd.rec.by, RECORD_BY_HEAD);
	T_EQ_STR(cmd.rec.person, "DH");
	command_clear(&cmd);
	expect_ok("08:00 BEGIN", &cmd);
	T_EQ_INT(cmd.rec.type, RECORD_BEGIN);
	command_clear(&cmd);
	expect_ok("brief Pupils by=OTHER", &cmd);
	T_EQ_INT(cmd.rec.by, RECORD_BY_OTHER);
	command_clear(&cmd);
	expect_ok("END", &cmd);
	T_EQ_INT(cmd.rec.type, RECORD_END);
	command_clear(&cmd);
}

static void
test_command_trailing_comment(void)
{
	struct command	 cmd;

	expect_ok("10:00 start t by=head person=T04 # the maths lead", &cmd);
	T_EQ_STR(cmd.rec.person, "T04");
	T_EQ_INT(cmd.rec.by, RECORD_BY_HEAD);
	T_TRUE(cmd.rec.where == NULL);
	command_clear(&cmd);
	expect_ok("start t where=\"room #3\" #x", &cmd);
	T_EQ_STR(cmd.rec.where, "room #3");	/* quoted: a value */
	command_clear(&cmd);
	expect_ok("start t where=B#3", &cmd);	/* inside a word: a value */
	T_EQ_STR(cmd.rec.where, "B#3");
	command_clear(&cmd);
	expect_ok("end   # he left", &cmd);
	T_EQ_INT(cmd.rec.type, RECORD_END);
	command_clear(&cmd);
	expect_ok("begin\t#x", &cmd);
	T_EQ_INT(cmd.rec.type, RECORD_BEGIN);
	command_clear(&cmd);
	/* A note's text is verbatim: a '#' in it is text. */
	expect_ok("note room #3 # is free", &cmd);
	T_EQ_STR(cmd.rec.text, "room #3 # is free");
	command_clear(&cmd);
	expect_error("start # teachers", "start needs a group");
}

static void
test_command_trim(void)
{
	struct command	 cmd;

	expect_ok("start t person=\"DH \" where=\"\thall  \"", &cmd);
	T_EQ_STR(cmd.rec.person, "DH");
	T_EQ_STR(cmd.rec.where, "hall");
	command_clear(&cmd);
	expect_ok("note  the trip \t ", &cmd);
	T_EQ_STR(cmd.rec.text, "the trip");
	command_clear(&cmd);
	expect_error("start t person=\"  \"", "start: empty value for person");
}

static void
test_command_long_lines(void)
{
	struct command	 cmd;
	struct err	 e = ERR_INIT;
	char		*line;
	size_t		 big = 100 * 1024;

	line = xmalloc(big + 1);
	memset(line, 'a', big);
	line[big] = '\0';
	expect_error(line, "line is longer than 8192 bytes");

	/* Exactly COMMAND_MAX_LINE bytes plus a CR is allowed. */
	memcpy(line, "note ", 5);
	line[COMMAND_MAX_LINE] = '\r';
	T_EQ_INT(command_parse(line, COMMAND_MAX_LINE + 1, scheme, &cmd,
	    &e), -1);
	T_EQ_STR(e.msg, "note: value of text is longer than 4096 bytes");
	err_clear(&e);
	expect_error_len(line, COMMAND_MAX_LINE + 2,
	    "line is longer than 8192 bytes", __LINE__);

	/* A line full of quotes, escapes and commas within the limit. */
	memset(line, 0, big);
	strcpy(line, "start t person=\"");
	memset(line + strlen(line), '\\', 8000);
	strcat(line, "\"");
	expect_ok(line, &cmd);
	T_EQ_INT(strlen(cmd.rec.person), 4000);
	command_clear(&cmd);

	memset(line, 0, big);
	strcpy(line, "start s with=");
	memset(line + strlen(line), ',', 4000);
	expect_error(line, "start: empty group in with=");

	memset(line, 0, big);
	strcpy(line, "start s with=");
	while (strlen(line) < 4000)
		strcat(line, "t,");
	strcat(line, "t");
	expect_error(line, "start: with= names group 'teachers' twice");
	free(line);
}

/* A scheme of the most groups, with the longest names, all in with=. */
static void
test_command_big_scheme(void)
{
	struct scheme	*big;
	struct command	 cmd;
	struct err	 e = ERR_INIT;
	char		*line;
	size_t		 i;
	int		 n;

	big = xcalloc(1, sizeof *big);
	big->ngroups = SCHEME_MAX_GROUPS;
	big->groups = xcalloc(big->ngroups, sizeof *big->groups);
	for (i = 0; i < big->ngroups; i++) {
		big->groups[i].name = xmalloc(SCHEME_MAX_NAME + 1);
		memset(big->groups[i].name, 'g', SCHEME_MAX_NAME);
		big->groups[i].name[0] = (char)('0' + i / 10);
		big->groups[i].name[1] = (char)('0' + i % 10);
		big->groups[i].name[SCHEME_MAX_NAME] = '\0';
		if (i < 36)
			big->groups[i].key = i < 10 ? (char)('0' + i) :
			    (char)('a' + i - 10);
	}
	line = xmalloc(COMMAND_MAX_LINE + 1);

	/* By key: a short line that stores 36 long names. */
	strcpy(line, "start 0 with=1,2,3,4,5,6,7,8,9,a,b,c,d,e,f,g,h,i,j,k,l,"
	    "m,n,o,p,q,r,s,t,u,v,w,x,y,z");
	n = command_parse(line, strlen(line), big, &cmd, &e);
	T_EQ_INT(n, 1);
	T_TRUE(e.msg == NULL);
	if (n == 1) {
		T_EQ_STR(cmd.rec.group, big->groups[0].name);
		T_EQ_INT(cmd.rec.nwith, 35);
		T_EQ_STR(cmd.rec.with[34], big->groups[35].name);
	}
	command_clear(&cmd);

	/* By name: every other group, a value of 4094 bytes. */
	strcpy(line, "start 0 with=");
	for (i = 1; i < big->ngroups; i++) {
		strcat(line, big->groups[i].name);
		if (i + 1 < big->ngroups)
			strcat(line, ",");
	}
	n = command_parse(line, strlen(line), big, &cmd, &e);
	T_EQ_INT(n, 1);
	T_TRUE(e.msg == NULL);
	if (n == 1) {
		T_EQ_INT(cmd.rec.nwith, SCHEME_MAX_GROUPS - 1);
		T_EQ_STR(cmd.rec.with[SCHEME_MAX_GROUPS - 2],
		    big->groups[SCHEME_MAX_GROUPS - 1].name);
	}
	command_clear(&cmd);
	err_clear(&e);
	free(line);
	scheme_free(big);
}

/* Checks what a successful parse promises about the record. */
static int
command_record_sane(const struct record *rec)
{
	const char	*v[4] = { rec->person, rec->where, rec->mode,
			    rec->group };
	const char	*c;
	size_t		 i;

	for (i = 0; i < 4; i++) {
		if (v[i] == NULL)
			continue;
		if (strlen(v[i]) > RECORD_MAX_TEXT)
			return 0;
		for (c = v[i]; *c != '\0'; c++) {
			if ((unsigned char)*c < 0x20 || *c == 0x7f)
				return 0;
		}
	}
	if (rec->group != NULL && scheme_find(scheme, rec->group) < 0)
		return 0;
	for (i = 0; i < rec->nwith; i++) {
		if (scheme_find(scheme, rec->with[i]) < 0)
			return 0;
	}
	return 1;
}

/* Appends a random, mostly well-formed command to line; returns its length. */
static size_t
command_random_line(char *line, size_t size, unsigned *seed)
{
	static const char *words[] = {
		"begin", "start", "end", "brief", "note", "pause", "resume",
		"undo", "stop", "set"
	};
	static const char *args[] = {
		"t", "s", "SLT", "\"support staff\"", "P", "by=head",
		"by=other", "person=DH", "person=\"a \\\" b\"", "where=hall",
		"mode=phone", "with=s,p", "with=\"t, r\"", "where=\"\"",
		"person=\xc3\xa9", "with=", "mode=\"x y\"", "#", "x=1", "\"",
		"by=", "with=t,t"
	};
	size_t	len, i, n;

	len = 0;
	if (rand_r(seed) % 2)
		len += (size_t)snprintf(line, size, "%u:%02u ",
		    rand_r(seed) % 50, rand_r(seed) % 61);
	len += (size_t)snprintf(line + len, size - len, "%s",
	    words[rand_r(seed) % (sizeof words / sizeof words[0])]);
	n = rand_r(seed) % 5;
	for (i = 0; i < n && len < size - 64; i++) {
		len += (size_t)snprintf(line + len, size - len, "%s%s",
		    rand_r(seed) % 4 ? " " : "\t",
		    args[rand_r(seed) % (sizeof args / sizeof args[0])]);
	}
	if (rand_r(seed) % 8 == 0 && len > 0)	/* damage one byte */
		line[rand_r(seed) % len] = (char)(rand_r(seed) & 0xff);
	if (rand_r(seed) % 8 == 0)
		line[len++] = '\r';
	return len;
}

static void
test_command_random(void)
{
	static const char *pieces[] = {
		"start", "brief", "note", "set", "end", "undo", " ", "\t",
		"t", "s", "\"", "\\", ",", "=", "by=", "head", "person=",
		"where=", "mode=", "with=", "10:00", "47:59:59.999", "\r",
		"#", "\x01", "\xc3", "\xa9", "\xff", "\"support staff\"", "x",
		"\x7f", "\xe2\x82\xac", "99:99", "\0", "set ", "start t "
	};
	struct command	 cmd;
	struct err	 e = ERR_INIT;
	char		 line[512];
	size_t		 len, k;
	size_t		 npieces = sizeof pieces / sizeof pieces[0];
	int		 i, n, bad = 0, counts[3] = { 0, 0, 0 };
	unsigned	 seed = 20240305;

	for (i = 0; i < 6000; i++) {
		len = (size_t)(rand_r(&seed) % 200);
		if (i % 3 == 0) {
			for (k = 0; k < len; k++)
				line[k] = (char)(rand_r(&seed) & 0xff);
		} else if (i % 3 == 1) {
			k = 0;
			while (k < len) {
				const char *p = pieces[rand_r(&seed) % npieces];
				size_t pl = *p == '\0' ? 1 : strlen(p);

				if (k + pl > sizeof line)
					break;
				memcpy(line + k, p, pl);
				k += pl;
			}
			len = k;
		} else
			len = command_random_line(line, sizeof line, &seed);
		memset(&cmd, 0x33, sizeof cmd);
		n = command_parse(line, len, scheme, &cmd, &e);
		if (n < -1 || n > 1) {
			bad++;
			continue;
		}
		counts[n + 1]++;
		if (n == 1) {
			if (e.msg != NULL || !command_record_sane(&cmd.rec))
				bad++;
			command_clear(&cmd);
		} else {
			if (!command_is_empty(&cmd))
				bad++;
			if ((n == -1) != (e.msg != NULL))
				bad++;
		}
		err_clear(&e);
	}
	T_EQ_INT(bad, 0);
	T_TRUE(counts[0] > 1000);	/* many errors, */
	T_TRUE(counts[1] > 10);		/* some blank or comments, */
	T_TRUE(counts[2] > 300);	/* many commands */
}

static void
test_command_reuse(void)
{
	struct command	cmd;
	struct err	 e = ERR_INIT;

	expect_ok("start t person=A", &cmd);
	command_clear(&cmd);
	expect_ok("brief p person=B", &cmd);
	T_EQ_STR(cmd.rec.person, "B");
	T_EQ_INT(cmd.rec.type, RECORD_BRIEF);
	command_clear(&cmd);
	command_clear(&cmd);	/* twice is harmless */
	T_EQ_INT(parse("bogus", &cmd, &e), -1);
	err_clear(&e);
	command_clear(&cmd);
}

void
command_test_register(void)
{
	CU_pSuite	s;

	s = CU_add_suite("command", command_suite_init, command_suite_clean);
	CU_add_test(s, "simple commands", test_command_simple);
	CU_add_test(s, "leading times", test_command_time);
	CU_add_test(s, "start", test_command_start);
	CU_add_test(s, "start errors", test_command_start_errors);
	CU_add_test(s, "quoting and escapes", test_command_quoting);
	CU_add_test(s, "value checks", test_command_values);
	CU_add_test(s, "brief", test_command_brief);
	CU_add_test(s, "note verbatim", test_command_note);
	CU_add_test(s, "set", test_command_set);
	CU_add_test(s, "command errors", test_command_errors);
	CU_add_test(s, "blank and comment lines", test_command_blank);
	CU_add_test(s, "CRLF lines", test_command_crlf);
	CU_add_test(s, "keywords and values ignore case", test_command_case);
	CU_add_test(s, "a '#' after the arguments", test_command_trailing_comment);
	CU_add_test(s, "values trimmed as live entry trims", test_command_trim);
	CU_add_test(s, "long and hostile lines", test_command_long_lines);
	CU_add_test(s, "largest scheme", test_command_big_scheme);
	CU_add_test(s, "random lines", test_command_random);
	CU_add_test(s, "reuse after clear", test_command_reuse);
}
