/*
 * Tests for the coding scheme: the built-in default, scheme files good and
 * bad (every error message), look-ups, and the copy inside a log, including
 * hostile msgpack built with a small notation (mp_pack below).
 */
#include <sys/stat.h>

#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <CUnit/CUnit.h>
#include <msgpack.h>

#include "scheme.h"
#include "test.h"
#include "xmalloc.h"

#define FILE_NAME	"scheme.txt"

/*
 * A notation for msgpack values, so hostile input reads as what it is:
 * {k: v, ...} map, [a, ...] array, 'text' str (escapes \' \\ \0 \xHH),
 * b'text' bin, 12 or -3 int, nil, true, false.  A mistake in the notation
 * is a bug in the test and aborts.
 */
static const char *mp_value(msgpack_packer *, const char *);

static const char *
mp_skip(const char *p)
{
	while (*p == ' ' || *p == '\n' || *p == '\t')
		p++;
	return p;
}

static void
mp_bad(const char *p)
{
	fprintf(stderr, "bad msgpack notation at '%s'\n", p);
	abort();
}

/* Skips a quoted string starting at the quote; returns the byte after. */
static const char *
mp_skip_string(const char *p)
{
	for (p++; *p != '\'' ; p++) {
		if (*p == '\0')
			mp_bad(p);
		if (*p == '\\')
			p++;
	}
	return p + 1;
}

/* Counts the items (or pairs) of a map or array whose body starts at p. */
static size_t
mp_count(const char *p)
{
	size_t	n = 0;
	int	depth = 0;

	p = mp_skip(p);
	if (*p == '}' || *p == ']')
		return 0;
	for (; *p != '\0'; ) {
		if (*p == '\'') {
			p = mp_skip_string(p);
			continue;
		}
		if (*p == '{' || *p == '[')
			depth++;
		else if (*p == '}' || *p == ']') {
			if (depth-- == 0)
				return n + 1;
		} else if (*p == ',' && depth == 0)
			n++;
		p++;
	}
	mp_bad(p);
	return 0;
}

static const char *
mp_string(msgpack_packer *pk, const char *p, int bin)
{
	char	buf[4096];
	size_t	n = 0;

	for (p++; *p != '\''; p++) {
		if (*p == '\0' || n == sizeof buf)
			mp_bad(p);
		if (*p != '\\') {
			buf[n++] = *p;
			continue;
		}
		p++;
		if (*p == '0')
			buf[n++] = '\0';
		else if (*p == 'x') {
			buf[n++] = (char)strtol((char[]){ p[1], p[2], 0 },
			    NULL, 16);
			p += 2;
		} else
			buf[n++] = *p;
	}
	if (bin) {
		msgpack_pack_bin(pk, n);
		msgpack_pack_bin_body(pk, buf, n);
	} else {
		msgpack_pack_str(pk, n);
		msgpack_pack_str_body(pk, buf, n);
	}
	return p + 1;
}

static const char *
mp_items(msgpack_packer *pk, const char *p, int map)
{
	size_t	n, i;
	char	close = map ? '}' : ']';

	n = mp_count(p + 1);
	if (map)
		msgpack_pack_map(pk, n);
	else
		msgpack_pack_array(pk, n);
	p++;
	for (i = 0; i < n; i++) {
		p = mp_value(pk, p);
		if (map) {
			p = mp_skip(p);
			if (*p++ != ':')
				mp_bad(p - 1);
			p = mp_value(pk, p);
		}
		p = mp_skip(p);
		if (*p == ',')
			p++;
	}
	p = mp_skip(p);
	if (*p != close)
		mp_bad(p);
	return p + 1;
}

static const char *
mp_value(msgpack_packer *pk, const char *p)
{
	char	*end;

	p = mp_skip(p);
	switch (*p) {
	case '{':
		return mp_items(pk, p, 1);
	case '[':
		return mp_items(pk, p, 0);
	case '\'':
		return mp_string(pk, p, 0);
	case 'b':
		return mp_string(pk, p + 1, 1);
	}
	if (strncmp(p, "nil", 3) == 0) {
		msgpack_pack_nil(pk);
		return p + 3;
	}
	if (strncmp(p, "true", 4) == 0) {
		msgpack_pack_true(pk);
		return p + 4;
	}
	if (strncmp(p, "false", 5) == 0) {
		msgpack_pack_false(pk);
		return p + 5;
	}
	msgpack_pack_int64(pk, strtoll(p, &end, 10));
	if (end == p)
		mp_bad(p);
	return end;
}

static void
mp_pack(msgpack_sbuffer *sb, const char *text)
{
	msgpack_packer	pk;

	msgpack_sbuffer_init(sb);
	msgpack_packer_init(&pk, sb, msgpack_sbuffer_write);
	if (*mp_skip(mp_value(&pk, text)) != '\0')
		mp_bad(text);
}

/*
 * Unpacks bytes copied into a buffer of exactly their size, so reading past
 * a string (which is not NUL-terminated) is caught by ASan, then hands the
 * object to scheme_unpack.
 */
static struct scheme *
unpack_bytes(const char *data, size_t len, char **cause)
{
	msgpack_unpacked	 u;
	struct scheme		*s = NULL;
	struct err		 e = ERR_INIT;
	char			*copy;
	size_t			 off = 0;

	copy = xmalloc(len);
	memcpy(copy, data, len);
	msgpack_unpacked_init(&u);
	*cause = NULL;
	if (msgpack_unpack_next(&u, copy, len, &off) ==
	    MSGPACK_UNPACK_SUCCESS) {
		/* A wrong map in a log: ERR_DATA, placed by the log reader. */
		if ((s = scheme_unpack(&u.data, &e)) == NULL) {
			T_EQ_INT(e.code, ERR_DATA);
			T_TRUE(e.file == NULL && e.line == 0);
			*cause = err_take(&e);
		}
	} else
		*cause = xstrdup("(not msgpack)");
	msgpack_unpacked_destroy(&u);
	free(copy);
	return s;
}

static struct scheme *
unpack_text(const char *text, char **cause)
{
	msgpack_sbuffer	 sb;
	struct scheme	*s;

	mp_pack(&sb, text);
	s = unpack_bytes(sb.data, sb.size, cause);
	msgpack_sbuffer_destroy(&sb);
	return s;
}

static struct scheme *
parse(const char *text, char **cause)
{
	*cause = NULL;
	return test_parse_scheme(text, strlen(text), FILE_NAME, cause);
}

static void
expect_parse_error(const char *text, const char *want)
{
	struct scheme	*s;
	char		*cause;

	s = parse(text, &cause);
	CU_ASSERT_PTR_NULL(s);
	T_EQ_STR(cause, want);
	scheme_free(s);
	free(cause);
}

static void
expect_unpack_error(const char *text, const char *want)
{
	struct scheme	*s;
	char		*cause;

	s = unpack_text(text, &cause);
	CU_ASSERT_PTR_NULL(s);
	T_EQ_STR(cause, want);
	scheme_free(s);
	free(cause);
}

static void
check_group(const struct scheme *s, size_t i, const char *name, char key,
    const char *colour)
{
	if (i >= s->ngroups) {
		T_EQ_INT(i, s->ngroups);
		return;
	}
	T_EQ_STR(s->groups[i].name, name);
	T_EQ_INT(s->groups[i].key, key);
	T_EQ_STR(s->groups[i].colour, colour);
}

static void
check_list(char **list, size_t n, const char *const *want, size_t nwant)
{
	size_t	i;

	T_EQ_INT(n, nwant);
	for (i = 0; i < n && i < nwant; i++)
		T_EQ_STR(list[i], want[i]);
}

static const char *default_locations[] = {
	"office", "classroom", "corridor", "hall", "playground", "staffroom",
	"reception", "off-site",
};
static const char *default_modes[] = {
	"scheduled meeting", "unscheduled meeting", "phone", "tour",
	"teaching",
};

static void
check_default_lists(const struct scheme *s)
{
	check_list(s->locations, s->nlocations, default_locations, 8);
	check_list(s->modes, s->nmodes, default_modes, 5);
}

static void
test_default(void)
{
	struct scheme	*s;

	s = scheme_default();
	T_EQ_INT(s->ngroups, 6);
	check_group(s, 0, "SLT", 's', "#0072B2");
	check_group(s, 1, "teachers", 't', "#E69F00");
	check_group(s, 2, "support staff", 'a', "#009E73");
	check_group(s, 3, "pupils", 'p', "#CC79A7");
	check_group(s, 4, "parents", 'r', "#D55E00");
	check_group(s, 5, "visitors", 'v', "#56B4E9");
	check_default_lists(s);
	scheme_free(s);
	scheme_free(NULL);
}

static void
test_parse_good(void)
{
	static const char *locations[] = { "office", "the \"big\" hall" };
	static const char *modes[] = { "phone", "back\\slash", "walk-round" };
	struct scheme	*s;
	char		*cause;

	s = parse("\xef\xbb\xbf# a comment\n"
	    "\n"
	    "   # an indented comment\n"
	    "\t\n"
	    "group s SLT colour=#112233\n"
	    "group\tt\t\"teaching staff\"\tcolour=#aBcDeF\r\n"
	    "  group 7 \"Année 7\"   \n"
	    "group x \"#notacomment\"\n"
	    "location office\n"
	    "location \"the \\\"big\\\" hall\"\n"
	    "mode phone\n"
	    "mode \"back\\\\slash\"\n"
	    "mode walk-round", &cause);
	CU_ASSERT_PTR_NOT_NULL_FATAL(s);
	CU_ASSERT_PTR_NULL(cause);
	T_EQ_INT(s->ngroups, 4);
	check_group(s, 0, "SLT", 's', "#112233");
	check_group(s, 1, "teaching staff", 't', "#aBcDeF");
	check_group(s, 2, "Année 7", '7', "#0072B2");
	check_group(s, 3, "#notacomment", 'x', "#E69F00");
	check_list(s->locations, s->nlocations, locations, 2);
	check_list(s->modes, s->nmodes, modes, 3);
	scheme_free(s);
}

static void
test_parse_default_lists(void)
{
	static const char *modes[] = { "chat" };
	struct scheme	*s;
	char		*cause;

	s = parse("group t teachers\n", &cause);
	CU_ASSERT_PTR_NOT_NULL_FATAL(s);
	T_EQ_INT(s->ngroups, 1);
	check_group(s, 0, "teachers", 't', "#0072B2");
	check_default_lists(s);
	scheme_free(s);

	s = parse("mode chat\ngroup t teachers\n", &cause);
	CU_ASSERT_PTR_NOT_NULL_FATAL(s);
	check_list(s->locations, s->nlocations, default_locations, 8);
	check_list(s->modes, s->nmodes, modes, 1);
	scheme_free(s);
}

static void
test_parse_colours(void)
{
	static const char *palette[] = {
		"#0072B2", "#E69F00", "#009E73", "#CC79A7", "#D55E00",
		"#56B4E9", "#F0E442", "#882255", "#44AA99", "#999933",
		"#AA4499", "#332288", "#117733", "#88CCEE", "#DDCC77",
		"#661100", "#6699CC", "#AA4466",
	};
	struct scheme	*s;
	char		*cause, *text, *line;
	size_t		 i;

	/* Explicit colours (any case) are skipped by later groups. */
	s = parse("group a one\n"
	    "group b two colour=#0072b2\n"
	    "group c three\n"
	    "group d four colour=#e69f00\n"
	    "group e five\n", &cause);
	CU_ASSERT_PTR_NOT_NULL_FATAL(s);
	check_group(s, 0, "one", 'a', "#009E73");
	check_group(s, 1, "two", 'b', "#0072b2");
	check_group(s, 2, "three", 'c', "#CC79A7");
	check_group(s, 3, "four", 'd', "#e69f00");
	check_group(s, 4, "five", 'e', "#D55E00");
	scheme_free(s);

	/* 20 groups: the whole palette, then round again. */
	text = xstrdup("");
	for (i = 0; i < 20; i++) {
		line = xasprintf("%sgroup %c g%zu\n", text,
		    "abcdefghijklmnoprstuvwxyz"[i], i);
		free(text);
		text = line;
	}
	s = parse(text, &cause);
	free(text);
	CU_ASSERT_PTR_NOT_NULL_FATAL(s);
	T_EQ_INT(s->ngroups, 20);
	for (i = 0; i < 18; i++)
		T_EQ_STR(s->groups[i].colour, palette[i]);
	T_EQ_STR(s->groups[18].colour, palette[0]);
	T_EQ_STR(s->groups[19].colour, palette[1]);
	scheme_free(s);
}

/* scheme_colour_valid, which the reports also use: "#rrggbb" of either
 * case, its length counted, nothing else. */
static void
test_colour_valid(void)
{
	static const struct {
		const char	*s;
		size_t		 len;
		int		 ok;
	} cases[] = {
		{ "#0072b2", 7, 1 }, { "#E69F00", 7, 1 }, { "#aBcDeF", 7, 1 },
		{ "#0072b2", 6, 0 },	/* cut short */
		{ "#0072b2x", 8, 0 },	/* a byte too many */
		{ "#0072g2", 7, 0 },	/* not hex */
		{ "0072b2#", 7, 0 },	/* no leading # */
		{ "#00 2b2", 7, 0 }, { "", 0, 0 }, { "#", 1, 0 },
	};
	size_t	i;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++)
		T_EQ_INT(scheme_colour_valid(cases[i].s, cases[i].len),
		    cases[i].ok);
}

static void
test_parse_errors(void)
{
	static const struct {
		const char	*text;
		const char	*cause;
	} t[] = {
		{ "", "scheme.txt: no groups (a scheme needs at least one "
		    "'group' line)" },
		{ "# only a comment\nlocation hall\n", "scheme.txt: no groups "
		    "(a scheme needs at least one 'group' line)" },
		{ "group t teachers\ngroop x extra\n",
		    "scheme.txt:2: unknown statement 'groop' (expected group, "
		    "location or mode)" },
		{ "Group t teachers\n", "scheme.txt:1: unknown statement "
		    "'Group' (expected group, location or mode)" },
		{ "group\n", "scheme.txt:1: missing key" },
		{ "group t\n", "scheme.txt:1: missing name" },
		{ "group t   \n", "scheme.txt:1: missing name" },
		{ "location\n", "scheme.txt:1: missing name" },
		{ "mode \t\n", "scheme.txt:1: missing name" },
		{ "group q quiet\n", "scheme.txt:1: key 'q' is kept for "
		    "quitting" },
		{ "group T teachers\n", "scheme.txt:1: key 'T' must be a "
		    "lower-case letter or digit" },
		{ "group - dash\n", "scheme.txt:1: key '-' must be a "
		    "lower-case letter or digit" },
		{ "group teachers t\n", "scheme.txt:1: key 'teachers' must be "
		    "one character (a lower-case letter or digit)" },
		{ "group s SLT\n\ngroup t teachers\ngroup s staff\n",
		    "scheme.txt:4: duplicate key 's' (already used by \"SLT\" "
		    "on line 1)" },
		{ "group a x\ngroup b y\ngroup t teachers\nlocation hall\n"
		    "mode phone\n# c\ngroup t tutors\n",
		    "scheme.txt:7: duplicate key 't' (already used by "
		    "\"teachers\" on line 3)" },
		{ "group t teachers\ngroup u Teachers\n", "scheme.txt:2: "
		    "duplicate group \"Teachers\" (already on line 1)" },
		{ "group t teachers\nlocation hall\nlocation HALL\n",
		    "scheme.txt:3: duplicate location \"HALL\" (already on "
		    "line 2)" },
		{ "group t teachers\nmode phone\nmode tour\nmode phone\n",
		    "scheme.txt:4: duplicate mode \"phone\" (already on "
		    "line 2)" },
		{ "group t \"teachers\n", "scheme.txt:1: unterminated quote" },
		{ "location \"hall\\\"\n", "scheme.txt:1: unterminated "
		    "quote" },
		{ "location \"hall\\\n", "scheme.txt:1: unterminated quote" },
		{ "location \"a\\nb\"\n", "scheme.txt:1: unknown escape '\\n' "
		    "(only \\\" and \\\\)" },
		{ "location \"hall\"x\n", "scheme.txt:1: unexpected 'x' after "
		    "the closing quote" },
		{ "location o\"brien\n", "scheme.txt:1: stray quote in "
		    "'o\"brien' (quote the whole name)" },
		{ "group t teachers colour=red\n", "scheme.txt:1: colour must "
		    "be #rrggbb, not 'red'" },
		{ "group t teachers colour=#12345\n", "scheme.txt:1: colour "
		    "must be #rrggbb, not '#12345'" },
		{ "group t teachers colour=#1234567\n", "scheme.txt:1: colour "
		    "must be #rrggbb, not '#1234567'" },
		{ "group t teachers colour=#12345g\n", "scheme.txt:1: colour "
		    "must be #rrggbb, not '#12345g'" },
		{ "group t teachers colour=\n", "scheme.txt:1: colour must "
		    "be #rrggbb, not ''" },
		{ "group t teachers color=#123456\n", "scheme.txt:1: "
		    "unexpected 'color=' (the word is spelt colour=)" },
		{ "group t teachers extra\n", "scheme.txt:1: unexpected "
		    "'extra' after the statement" },
		{ "group t teachers colour=#123456 extra  \n", "scheme.txt:1: "
		    "unexpected 'extra' after the statement" },
		{ "location hall # big one\n", "scheme.txt:1: unexpected "
		    "'# big one' after the statement (comments go on lines of "
		    "their own)" },
		{ "mode phone call\n", "scheme.txt:1: unexpected 'call' after "
		    "the statement" },
		{ "group a alone\n", "scheme.txt:1: name \"alone\" is kept "
		    "for time in no interaction" },
		{ "group a \"ALONE\"\n", "scheme.txt:1: name \"ALONE\" is kept "
		    "for time in no interaction" },
		{ "group a \"\"\n", "scheme.txt:1: name is empty" },
		{ "location \"\"\n", "scheme.txt:1: name is empty" },
		{ "location \"a\tb\"\n", "scheme.txt:1: name \"a\\x09b\" has "
		    "a control character" },
		{ "mode a\x1b[1m\n", "scheme.txt:1: name \"a\\x1b[1m\" has a "
		    "control character" },
		{ "mode \xff\xfe\n", "scheme.txt:1: name \"\\xff\\xfe\" is not "
		    "valid UTF-8" },
		{ "mode \xc3\n", "scheme.txt:1: name \"\\xc3\" is not valid "
		    "UTF-8" },
		{ "mode \xed\xa0\x80\n", "scheme.txt:1: name \"\\xed\\xa0\\x80\" "
		    "is not valid UTF-8" },
		{ "mode \xc0\xaf\n", "scheme.txt:1: name \"\\xc0\\xaf\" is not "
		    "valid UTF-8" },
		{ "location "
		    "abcdefghijabcdefghijabcdefghijabcdefghijabcdefghijabcdefghij"
		    "abcde\n",
		    "scheme.txt:1: name \"abcdefghijabcdefghijabcdefghijabcdefghi"
		    "jabcdefgh\"... is longer than 64 bytes" },
	};
	size_t	i;

	for (i = 0; i < sizeof t / sizeof t[0]; i++) {
		expect_parse_error(t[i].text, t[i].cause);
	}
}

static void
test_parse_nul(void)
{
	static const char	 text[] = "group t teachers\nmode ph\0ne\n";
	struct scheme		*s;
	struct err		 e = ERR_INIT;
	char			*cause;

	s = scheme_parse(text, sizeof text - 1, "x.scheme", &e);
	CU_ASSERT_PTR_NULL(s);
	/* What is wrong and where, apart: err_text joins them. */
	T_EQ_INT(e.code, ERR_DATA);
	T_EQ_STR(e.file, "x.scheme");
	T_EQ_INT(e.line, 2);
	T_EQ_STR(e.msg, "NUL byte in the line");
	cause = err_text(&e);
	T_EQ_STR(cause, "x.scheme:2: NUL byte in the line");
	free(cause);
	err_clear(&e);

	/* A NULL err is allowed and nothing leaks. */
	s = scheme_parse(text, sizeof text - 1, "x.scheme", NULL);
	CU_ASSERT_PTR_NULL(s);
}

static char *
many(const char *fmt, size_t n)
{
	char	*text, *line;
	size_t	 i;

	text = xstrdup("");
	for (i = 0; i < n; i++) {
		line = xasprintf(fmt, i);
		text = xrealloc(text, strlen(text) + strlen(line) + 1);
		strcat(text, line);
		free(line);
	}
	return text;
}

static void
test_parse_limits(void)
{
	struct scheme	*s;
	char		*text, *more, *cause, name[SCHEME_MAX_NAME + 1];

	more = many("location place%zu\n", 64);
	text = xasprintf("group t teachers\n%s", more);
	free(more);
	s = parse(text, &cause);
	CU_ASSERT_PTR_NOT_NULL(s);
	if (s != NULL)
		T_EQ_INT(s->nlocations, 64);
	scheme_free(s);
	more = xasprintf("%slocation one-too-many\n", text);
	expect_parse_error(more, "scheme.txt:66: too many locations (at "
	    "most 64)");
	free(more);
	free(text);

	more = many("mode m%zu\n", 65);
	text = xasprintf("group t teachers\n%s", more);
	free(more);
	expect_parse_error(text, "scheme.txt:66: too many modes (at most "
	    "64)");
	free(text);

	memset(name, 'n', SCHEME_MAX_NAME);
	name[SCHEME_MAX_NAME] = '\0';
	text = xasprintf("group t %s\nmode \"%s\"\n", name, name);
	s = parse(text, &cause);
	CU_ASSERT_PTR_NOT_NULL(s);
	if (s != NULL) {
		T_EQ_INT(strlen(s->groups[0].name), SCHEME_MAX_NAME);
		T_EQ_INT(strlen(s->modes[0]), SCHEME_MAX_NAME);
	}
	scheme_free(s);
	free(text);

	/* A long name is cut in the message at a character boundary. */
	expect_parse_error("mode \"ééééééééééééééééééééééééééééééééé\"\n",
	    "scheme.txt:1: name \"éééééééééééééééééééééééé\"... is longer "
	    "than 64 bytes");
}

/* 64 groups need more than 35 keys, so SCHEME_MAX_GROUPS is reached only
 * in a scheme file the keys cannot serve: the count is checked first. */
static void
test_parse_too_many_groups(void)
{
	char	*text, *line;
	size_t	 i;

	text = xstrdup("");
	for (i = 0; i < SCHEME_MAX_GROUPS + 1; i++) {
		line = xasprintf("%sgroup %c g%zu\n", text,
		    "abcdefghijklmnoprstuvwxyz0123456789"[i % 35], i);
		free(text);
		text = line;
	}
	/* Line 36 reuses key 'a' before the count is reached. */
	expect_parse_error(text, "scheme.txt:36: duplicate key 'a' (already "
	    "used by \"g0\" on line 1)");
	free(text);
}

static void
write_file(const char *path, const char *data, size_t len)
{
	int	fd;

	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	CU_ASSERT_FATAL(fd != -1);
	T_EQ_INT(write(fd, data, len), len);
	close(fd);
}

/* Loads path, which must be refused with code and, as err_text shows it,
 * want; line is where the error says it is (0: none). */
static void
load_fails_(const char *path, enum err_code code, int64_t line,
    const char *want, int at)
{
	struct err	 e = ERR_INIT;
	struct scheme	*s;
	char		*text, msg[T_MSG_LEN];

	s = scheme_load(path, &e);
	text = err_text(&e);
	snprintf(msg, sizeof msg, "%s: code %d line %lld \"%s\", want code %d "
	    "line %lld \"%s\"", path, (int)e.code, (long long)e.line, text,
	    (int)code, (long long)line, want);
	CU_assertImplementation(s == NULL && e.code == code &&
	    e.line == line && e.file != NULL && strcmp(e.file, path) == 0 &&
	    strcmp(text, want) == 0, at, msg, __FILE__, "", CU_FALSE);
	free(text);
	scheme_free(s);
	err_clear(&e);
}

#define LOAD_FAILS(path, code, line, want) \
	load_fails_((path), (code), (line), (want), __LINE__)

static void
test_load(void)
{
	struct scheme	*s;
	struct err	 e = ERR_INIT;
	char		*dir, *path, *want, *big;
	size_t		 n;

	dir = test_tmpdir();
	CU_ASSERT_PTR_NOT_NULL_FATAL(dir);
	path = xasprintf("%s/study.scheme", dir);

	write_file(path, "group t teachers\ngroup 2 \"year 2\"\n", 34);
	s = scheme_load(path, &e);
	CU_ASSERT_PTR_NOT_NULL(s);
	T_EQ_INT(e.code, ERR_OK);
	if (s != NULL) {
		T_EQ_INT(s->ngroups, 2);
		check_group(s, 1, "year 2", '2', "#E69F00");
	}
	scheme_free(s);

	/* The place is the error's fields, not words in its message. */
	write_file(path, "group t teachers\ngroup t tutors\n", 32);
	want = xasprintf("%s:2: duplicate key 't' (already used by "
	    "\"teachers\" on line 1)", path);
	LOAD_FAILS(path, ERR_DATA, 2, want);
	free(want);
	s = scheme_load(path, &e);
	T_EQ_STR(e.msg, "duplicate key 't' (already used by \"teachers\" on "
	    "line 1)");
	err_clear(&e);

	/* Exactly 1 MiB is read; a byte more is refused. */
	n = 1024 * 1024;
	big = xmalloc(n + 1);
	memset(big, '\n', n + 1);
	memcpy(big, "group t teachers", 16);
	write_file(path, big, n);
	s = scheme_load(path, &e);
	CU_ASSERT_PTR_NOT_NULL(s);
	scheme_free(s);
	write_file(path, big, n + 1);
	want = xasprintf("%s: larger than 1048576 bytes, not a scheme file",
	    path);
	LOAD_FAILS(path, ERR_DATA, 0, want);
	free(want);
	free(big);
	unlink(path);

	want = xasprintf("%s: No such file or directory", path);
	LOAD_FAILS(path, ERR_NOINPUT, 0, want);
	free(want);
	want = xasprintf("%s: Is a directory", dir);
	LOAD_FAILS(dir, ERR_NOINPUT, 0, want);
	free(want);

	/* Not regular: the size is found by reading. */
	LOAD_FAILS("/dev/null", ERR_DATA, 0, "/dev/null: no groups (a scheme "
	    "needs at least one 'group' line)");

	free(path);
	CU_ASSERT(rmdir(dir) == 0);
	free(dir);
}

/* tests/data/example.scheme in the source tree this runner was built
 * from, so the runner needs no environment and no working directory. */
static char *
example_path(void)
{
	return xasprintf("%s/tests/data/example.scheme", TEST_SRCDIR);
}

static void
test_example_file(void)
{
	struct scheme	*s, *d;
	struct err	 e = ERR_INIT;
	char		*path;
	size_t		 i;

	path = example_path();
	s = scheme_load(path, &e);
	if (s == NULL)
		T_EQ_STR(e.msg, "(loaded)");
	CU_ASSERT_PTR_NOT_NULL_FATAL(s);
	d = scheme_default();
	/* Its dimensions (tests/dimensions_test.c) aside, it is the
	 * built-in scheme, which has none. */
	T_EQ_INT(s->ndims, 2);
	s->ndims = 0;
	CU_ASSERT(scheme_equal(s, d));
	s->ndims = 2;
	for (i = 0; i < s->ngroups && i < d->ngroups; i++)
		T_EQ_STR(s->groups[i].colour, d->groups[i].colour);
	scheme_free(d);
	scheme_free(s);
	free(path);
}

static void
test_find(void)
{
	struct scheme	*s;
	char		*cause;

	s = scheme_default();
	T_EQ_INT(scheme_find(s, "SLT"), 0);
	T_EQ_INT(scheme_find(s, "slt"), 0);
	T_EQ_INT(scheme_find(s, "Support Staff"), 2);
	T_EQ_INT(scheme_find(s, "visitors"), 5);
	T_EQ_INT(scheme_find(s, "t"), 1);
	T_EQ_INT(scheme_find(s, "T"), 1);
	T_EQ_INT(scheme_find(s, "a"), 2);
	T_EQ_INT(scheme_find(s, "x"), -1);
	T_EQ_INT(scheme_find(s, "q"), -1);
	T_EQ_INT(scheme_find(s, "alone"), -1);
	T_EQ_INT(scheme_find(s, ""), -1);
	T_EQ_INT(scheme_find(s, "teacher"), -1);
	T_EQ_INT(scheme_find(s, "ts"), -1);
	T_EQ_INT(scheme_find(s, NULL), -1);
	T_EQ_INT(scheme_find(NULL, "t"), -1);
	scheme_free(s);

	/* A name beats a key. */
	s = parse("group t tutors\ngroup x t\ngroup 5 \"year 5\"\n", &cause);
	CU_ASSERT_PTR_NOT_NULL_FATAL(s);
	T_EQ_INT(scheme_find(s, "t"), 1);
	T_EQ_INT(scheme_find(s, "T"), 1);
	T_EQ_INT(scheme_find(s, "x"), 1);
	T_EQ_INT(scheme_find(s, "5"), 2);
	T_EQ_INT(scheme_find(s, "tutors"), 0);
	scheme_free(s);
}

static void
test_find_key(void)
{
	struct scheme	*s;
	char		*cause;
	int		 other;

	s = scheme_default();
	other = 7;
	T_EQ_INT(scheme_find_key(s, 't', &other), 1);
	T_EQ_INT(other, 0);
	T_EQ_INT(scheme_find_key(s, 'T', &other), 1);
	T_EQ_INT(other, 1);
	T_EQ_INT(scheme_find_key(s, 's', &other), 0);
	T_EQ_INT(other, 0);
	T_EQ_INT(scheme_find_key(s, 'V', &other), 5);
	T_EQ_INT(other, 1);
	T_EQ_INT(scheme_find_key(s, 'x', &other), -1);
	T_EQ_INT(other, 0);
	other = 7;
	T_EQ_INT(scheme_find_key(s, 'X', &other), -1);
	T_EQ_INT(other, 0);
	T_EQ_INT(scheme_find_key(s, 'q', &other), -1);
	T_EQ_INT(scheme_find_key(s, 'Q', &other), -1);
	T_EQ_INT(scheme_find_key(s, 't' + 256, &other), -1);
	T_EQ_INT(scheme_find_key(s, -1, &other), -1);
	T_EQ_INT(scheme_find_key(s, '\0', &other), -1);
	T_EQ_INT(scheme_find_key(s, 'p', NULL), 3);
	scheme_free(s);

	s = parse("group 1 first\ngroup 9 ninth\ngroup z zed\n", &cause);
	CU_ASSERT_PTR_NOT_NULL_FATAL(s);
	other = 7;
	T_EQ_INT(scheme_find_key(s, '1', &other), 0);
	T_EQ_INT(other, 0);
	T_EQ_INT(scheme_find_key(s, '9', &other), 1);
	T_EQ_INT(other, 0);
	T_EQ_INT(scheme_find_key(s, 'Z', &other), 2);
	T_EQ_INT(other, 1);
	T_EQ_INT(scheme_find_key(s, '!', &other), -1);
	T_EQ_INT(scheme_find_key(s, '1' - 'a' + 'A', &other), -1);
	scheme_free(s);
}

static void
test_reserved_key(void)
{
	int	ch, reserved;

	T_TRUE(scheme_reserved_key('q'));
	T_TRUE(scheme_reserved_key('Q'));
	T_TRUE(scheme_reserved_key(' '));
	T_TRUE(scheme_reserved_key('\033'));
	T_TRUE(scheme_reserved_key(0x03));
	T_TRUE(scheme_reserved_key('\r'));
	T_TRUE(scheme_reserved_key('-'));
	T_TRUE(scheme_reserved_key(0x7f));
	T_TRUE(scheme_reserved_key(0xc3));
	T_TRUE(scheme_reserved_key(-1));
	T_TRUE(scheme_reserved_key(256 + 'a'));
	for (ch = 0; ch < 256; ch++) {
		reserved = !((ch >= 'a' && ch <= 'z') ||
		    (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9')) ||
		    ch == 'q' || ch == 'Q';
		T_EQ_INT(scheme_reserved_key(ch) != 0, reserved);
	}
}

static void
test_equal_copy(void)
{
	struct scheme	*a, *b;
	char		*tmp;

	a = scheme_default();
	b = scheme_copy(a);
	T_TRUE(scheme_equal(a, b));
	T_TRUE(a->groups != b->groups && a->groups[0].name !=
	    b->groups[0].name && a->locations[0] != b->locations[0]);
	T_EQ_STR(b->groups[2].colour, "#009E73");
	check_default_lists(b);

	memcpy(b->groups[0].colour, "#000000", 8);
	T_TRUE(scheme_equal(a, b));

	b->groups[0].key = 'z';
	T_TRUE(!scheme_equal(a, b));
	b->groups[0].key = 's';

	free(b->groups[1].name);
	b->groups[1].name = xstrdup("Teachers");
	T_TRUE(!scheme_equal(a, b));
	free(b->groups[1].name);
	b->groups[1].name = xstrdup("teachers");
	T_TRUE(scheme_equal(a, b));

	tmp = b->modes[0];
	b->modes[0] = b->modes[1];
	b->modes[1] = tmp;
	T_TRUE(!scheme_equal(a, b));
	b->modes[1] = b->modes[0];
	b->modes[0] = tmp;
	T_TRUE(scheme_equal(a, b));

	b->nlocations--;
	T_TRUE(!scheme_equal(a, b));
	b->nlocations++;

	b->ngroups--;
	T_TRUE(!scheme_equal(a, b));
	b->ngroups++;
	T_TRUE(scheme_equal(a, b));

	T_TRUE(!scheme_equal(a, NULL));
	T_TRUE(scheme_equal(NULL, NULL));
	scheme_free(b);
	scheme_free(a);
}

/* Every string in a packed scheme is of str type, never bin. */
static int
all_str(const msgpack_object *o)
{
	uint32_t	i;

	switch (o->type) {
	case MSGPACK_OBJECT_STR:
		return 1;
	case MSGPACK_OBJECT_ARRAY:
		for (i = 0; i < o->via.array.size; i++) {
			if (!all_str(&o->via.array.ptr[i]))
				return 0;
		}
		return 1;
	case MSGPACK_OBJECT_MAP:
		for (i = 0; i < o->via.map.size; i++) {
			if (!all_str(&o->via.map.ptr[i].key) ||
			    !all_str(&o->via.map.ptr[i].val))
				return 0;
		}
		return 1;
	default:
		return 0;
	}
}

static void
round_trip(const struct scheme *s)
{
	msgpack_sbuffer		 sb;
	msgpack_packer		 pk;
	msgpack_unpacked	 u;
	struct scheme		*back;
	char			*cause = NULL;
	size_t			 off = 0, i;

	msgpack_sbuffer_init(&sb);
	msgpack_packer_init(&pk, &sb, msgpack_sbuffer_write);
	scheme_pack(s, &pk);

	msgpack_unpacked_init(&u);
	T_EQ_INT(msgpack_unpack_next(&u, sb.data, sb.size, &off),
	    MSGPACK_UNPACK_SUCCESS);
	T_EQ_INT(off, sb.size);
	T_TRUE(all_str(&u.data));
	T_EQ_INT(u.data.type, MSGPACK_OBJECT_MAP);
	msgpack_unpacked_destroy(&u);

	back = unpack_bytes(sb.data, sb.size, &cause);
	CU_ASSERT_PTR_NULL(cause);
	CU_ASSERT_PTR_NOT_NULL_FATAL(back);
	T_TRUE(scheme_equal(s, back));
	for (i = 0; i < s->ngroups; i++)
		T_EQ_STR(back->groups[i].colour, s->groups[i].colour);
	scheme_free(back);
	msgpack_sbuffer_destroy(&sb);
}

static void
test_pack_round_trip(void)
{
	static const char long_name[] = "abcdefghijklmnopqrstuvwxyz"
	    "abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyz";
	struct scheme	*s;
	char		*cause, *text, *line;
	size_t		 i;

	s = scheme_default();
	round_trip(s);
	scheme_free(s);

	s = parse("group 0 \"Année \\\"zéro\\\"\" colour=#abcdef\n"
	    "group z \"back\\\\slash\"\nlocation \"salle des profs\"\n"
	    "mode 電話\n", &cause);
	CU_ASSERT_PTR_NOT_NULL_FATAL(s);
	round_trip(s);
	scheme_free(s);

	/* As big as a scheme gets: 35 keys, 64 locations and modes, names
	 * of 64 bytes. */
	text = xstrdup("");
	for (i = 0; i < SCHEME_MAX_LIST; i++) {
		line = xasprintf("%s%s%c %.*s%zu\nlocation \"%.*s%02zu\"\n"
		    "mode %.*s%02zu\n", text, i < 35 ? "group " : "# ",
		    "abcdefghijklmnoprstuvwxyz0123456789"[i % 35],
		    SCHEME_MAX_NAME - 2, long_name, i % 100,
		    SCHEME_MAX_NAME - 2, long_name, i,
		    SCHEME_MAX_NAME - 2, long_name, i);
		free(text);
		text = line;
	}
	s = parse(text, &cause);
	free(text);
	CU_ASSERT_PTR_NOT_NULL_FATAL(s);
	T_EQ_INT(s->ngroups, 35);
	T_EQ_INT(s->nlocations, SCHEME_MAX_LIST);
	T_EQ_INT(s->nmodes, SCHEME_MAX_LIST);
	T_EQ_INT(strlen(s->modes[63]), SCHEME_MAX_NAME);
	round_trip(s);
	scheme_free(s);
}

/* The notation packs the same bytes as scheme_pack. */
static void
test_pack_bytes(void)
{
	msgpack_sbuffer	 a, b;
	msgpack_packer	 pk;
	struct scheme	*s;
	char		*cause;

	s = parse("group t teachers colour=#112233\nlocation hall\n"
	    "mode phone\n", &cause);
	CU_ASSERT_PTR_NOT_NULL_FATAL(s);
	msgpack_sbuffer_init(&a);
	msgpack_packer_init(&pk, &a, msgpack_sbuffer_write);
	scheme_pack(s, &pk);
	mp_pack(&b, "{'groups': [{'name': 'teachers', 'key': 't', "
	    "'colour': '#112233'}], 'locations': ['hall'], "
	    "'modes': ['phone']}");
	T_EQ_INT(a.size, b.size);
	T_TRUE(a.size == b.size && memcmp(a.data, b.data, a.size) == 0);
	msgpack_sbuffer_destroy(&a);
	msgpack_sbuffer_destroy(&b);
	scheme_free(s);
}

static void
test_unpack_lenient(void)
{
	static const char *locations[] = { "hall" };
	struct scheme	*s;
	char		*cause;

	/* Unknown keys (any type) are ignored; colour and lists optional. */
	s = unpack_text("{'version': 9, 1: 2, nil: [1, 2], "
	    "'groups': [{'key': 'x', 'name': 'X-ray', 'shape': {}},"
	    "  {'name': 'teachers', 'key': 't', 'colour': '#0072B2', 7: 8}]}",
	    &cause);
	CU_ASSERT_PTR_NULL(cause);
	CU_ASSERT_PTR_NOT_NULL_FATAL(s);
	T_EQ_INT(s->ngroups, 2);
	check_group(s, 0, "X-ray", 'x', "#E69F00");
	check_group(s, 1, "teachers", 't', "#0072B2");
	check_default_lists(s);
	scheme_free(s);

	/* An empty list means the built-in one, as in a file. */
	s = unpack_text("{'groups': [{'name': 'a', 'key': 'a'}], "
	    "'locations': ['hall'], 'modes': []}", &cause);
	CU_ASSERT_PTR_NOT_NULL_FATAL(s);
	check_list(s->locations, s->nlocations, locations, 1);
	check_list(s->modes, s->nmodes, default_modes, 5);
	scheme_free(s);
}

static void
test_unpack_hostile(void)
{
	static const struct {
		const char	*text;
		const char	*cause;
	} t[] = {
		{ "nil", "scheme: not a map" },
		{ "[]", "scheme: not a map" },
		{ "'groups'", "scheme: not a map" },
		{ "{}", "scheme: no groups" },
		{ "{'Groups': []}", "scheme: no groups" },
		{ "{b'groups': [{'name': 'a', 'key': 'a'}]}",
		    "scheme: no groups" },
		{ "{'groups': []}", "scheme: no groups" },
		{ "{'groups': {}}", "scheme: groups must be an array" },
		{ "{'groups': 'teachers'}", "scheme: groups must be an "
		    "array" },
		{ "{'groups': [nil]}", "scheme: group 1: not a map" },
		{ "{'groups': [[]]}", "scheme: group 1: not a map" },
		{ "{'groups': [{}]}", "scheme: group 1: name is missing" },
		{ "{'groups': [{'key': 't'}]}",
		    "scheme: group 1: name is missing" },
		{ "{'groups': [{'name': 5, 'key': 't'}]}",
		    "scheme: group 1: name must be a string" },
		{ "{'groups': [{'name': b'bin', 'key': 't'}]}",
		    "scheme: group 1: name must be a string" },
		{ "{'groups': [{'name': nil, 'key': 't'}]}",
		    "scheme: group 1: name must be a string" },
		{ "{'groups': [{'name': '', 'key': 't'}]}",
		    "scheme: group 1: name is empty" },
		{ "{'groups': [{'name': 'Alone', 'key': 't'}]}",
		    "scheme: group 1: name \"Alone\" is kept for time in no "
		    "interaction" },
		{ "{'groups': [{'name': 'ab\\0cd', 'key': 't'}]}",
		    "scheme: group 1: name \"ab\\x00cd\" has a control "
		    "character" },
		{ "{'groups': [{'name': 'a\\xff', 'key': 't'}]}",
		    "scheme: group 1: name \"a\\xff\" is not valid UTF-8" },
		{ "{'groups': [{'name': 'a\\xe2\\x82', 'key': 't'}]}",
		    "scheme: group 1: name \"a\\xe2\\x82\" is not valid "
		    "UTF-8" },
		{ "{'groups': [{'name': '12345678901234567890123456789012"
		    "345678901234567890123456789012345', 'key': 't'}]}",
		    "scheme: group 1: name \"12345678901234567890123456789012"
		    "3456789012345678\"... is longer than 64 bytes" },
		{ "{'groups': [{'name': 'a', 'key': 'a'}, {'name': 'b'}]}",
		    "scheme: group 2: key is missing" },
		{ "{'groups': [{'name': 'a', 'key': 97}]}",
		    "scheme: group 1: key must be a string" },
		{ "{'groups': [{'name': 'a', 'key': b'a'}]}",
		    "scheme: group 1: key must be a string" },
		{ "{'groups': [{'name': 'a', 'key': ''}]}",
		    "scheme: group 1: key must be a lower-case letter or "
		    "digit" },
		{ "{'groups': [{'name': 'a', 'key': 'ab'}]}",
		    "scheme: group 1: key must be a lower-case letter or "
		    "digit" },
		{ "{'groups': [{'name': 'a', 'key': 'A'}]}",
		    "scheme: group 1: key must be a lower-case letter or "
		    "digit" },
		{ "{'groups': [{'name': 'a', 'key': '\\0'}]}",
		    "scheme: group 1: key must be a lower-case letter or "
		    "digit" },
		{ "{'groups': [{'name': 'a', 'key': 'q'}]}",
		    "scheme: group 1: key must be a lower-case letter or "
		    "digit, not q" },
		{ "{'groups': [{'name': 'a', 'key': 'a'}, {'name': 'b', "
		    "'key': 'b'}, {'name': 'c', 'key': 'C'}]}",
		    "scheme: group 3: key must be a lower-case letter or "
		    "digit" },
		{ "{'groups': [{'name': 'a', 'key': 'a', 'colour': 'red'}]}",
		    "scheme: group 1: colour must be #rrggbb" },
		{ "{'groups': [{'name': 'a', 'key': 'a', 'colour': nil}]}",
		    "scheme: group 1: colour must be #rrggbb" },
		{ "{'groups': [{'name': 'a', 'key': 'a', "
		    "'colour': '#12345\\0'}]}",
		    "scheme: group 1: colour must be #rrggbb" },
		{ "{'groups': [{'name': 'a', 'key': 'a'}, {'name': 'b', "
		    "'key': 'a'}]}",
		    "scheme: group 2: duplicate key 'a' (already used by "
		    "group 1)" },
		{ "{'groups': [{'name': 'a', 'key': 'a'}, {'name': 'b', "
		    "'key': 'b'}, {'name': 'A', 'key': 'c'}]}",
		    "scheme: group 3: duplicate name (already used by "
		    "group 1)" },
		{ "{'groups': [{'name': 'a', 'key': 'a'}], 'locations': 'x'}",
		    "scheme: locations must be an array" },
		{ "{'groups': [{'name': 'a', 'key': 'a'}], 'modes': {}}",
		    "scheme: modes must be an array" },
		{ "{'groups': [{'name': 'a', 'key': 'a'}], "
		    "'locations': ['hall', 3]}",
		    "scheme: location 2: must be a string" },
		{ "{'groups': [{'name': 'a', 'key': 'a'}], "
		    "'modes': [b'phone']}",
		    "scheme: mode 1: must be a string" },
		{ "{'groups': [{'name': 'a', 'key': 'a'}], "
		    "'locations': ['']}",
		    "scheme: location 1: name is empty" },
		{ "{'groups': [{'name': 'a', 'key': 'a'}], "
		    "'modes': ['ok', 'line\\x0abreak']}",
		    "scheme: mode 2: name \"line\\x0abreak\" has a control "
		    "character" },
		{ "{'groups': [{'name': 'a', 'key': 'a'}], "
		    "'locations': ['hall', 'office', 'Hall']}",
		    "scheme: location 3: duplicate (already location 1)" },
		{ "{'groups': [{'name': 'a', 'key': 'a'}], "
		    "'modes': ['alone']}", NULL },
	};
	struct scheme	*s;
	struct err	 e = ERR_INIT;
	char		*cause;
	size_t		 i;

	for (i = 0; i < sizeof t / sizeof t[0]; i++) {
		if (t[i].cause != NULL) {
			expect_unpack_error(t[i].text, t[i].cause);
			continue;
		}
		/* "alone" is kept from groups only. */
		s = unpack_text(t[i].text, &cause);
		CU_ASSERT_PTR_NOT_NULL(s);
		CU_ASSERT_PTR_NULL(cause);
		scheme_free(s);
	}
	s = scheme_unpack(NULL, &e);
	CU_ASSERT_PTR_NULL(s);
	T_EQ_STR(e.msg, "scheme: not a map");
	T_EQ_INT(e.code, ERR_DATA);
	err_clear(&e);
}

/* Packs {'groups': [n groups], listname: [n strings]}. */
static struct scheme *
unpack_many(size_t ngroups, const char *listname, size_t nlist,
    char **cause)
{
	msgpack_sbuffer	 sb;
	msgpack_packer	 pk;
	struct scheme	*s;
	char		 name[32];
	size_t		 i;

	msgpack_sbuffer_init(&sb);
	msgpack_packer_init(&pk, &sb, msgpack_sbuffer_write);
	msgpack_pack_map(&pk, listname != NULL ? 2 : 1);
	msgpack_pack_str_with_body(&pk, "groups", 6);
	msgpack_pack_array(&pk, ngroups);
	for (i = 0; i < ngroups; i++) {
		msgpack_pack_map(&pk, 2);
		msgpack_pack_str_with_body(&pk, "name", 4);
		snprintf(name, sizeof name, "g%zu", i);
		msgpack_pack_str_with_body(&pk, name, strlen(name));
		msgpack_pack_str_with_body(&pk, "key", 3);
		msgpack_pack_str_with_body(&pk,
		    &"abcdefghijklmnoprstuvwxyz0123456789"[i % 35], 1);
	}
	if (listname != NULL) {
		msgpack_pack_str_with_body(&pk, listname, strlen(listname));
		msgpack_pack_array(&pk, nlist);
		for (i = 0; i < nlist; i++) {
			snprintf(name, sizeof name, "l%zu", i);
			msgpack_pack_str_with_body(&pk, name, strlen(name));
		}
	}
	s = unpack_bytes(sb.data, sb.size, cause);
	msgpack_sbuffer_destroy(&sb);
	return s;
}

static void
test_unpack_sizes(void)
{
	struct scheme	*s;
	char		*cause;

	s = unpack_many(1000, NULL, 0, &cause);
	CU_ASSERT_PTR_NULL(s);
	T_EQ_STR(cause, "scheme: too many groups (1000, at most 64)");
	free(cause);

	s = unpack_many(65, NULL, 0, &cause);
	CU_ASSERT_PTR_NULL(s);
	T_EQ_STR(cause, "scheme: too many groups (65, at most 64)");
	free(cause);

	s = unpack_many(35, "locations", 64, &cause);
	CU_ASSERT_PTR_NOT_NULL(s);
	if (s != NULL) {
		T_EQ_INT(s->ngroups, 35);
		T_EQ_INT(s->nlocations, 64);
		T_EQ_STR(s->locations[63], "l63");
	}
	scheme_free(s);

	s = unpack_many(36, NULL, 0, &cause);
	CU_ASSERT_PTR_NULL(s);
	T_EQ_STR(cause, "scheme: group 36: duplicate key 'a' (already used "
	    "by group 1)");
	free(cause);

	s = unpack_many(1, "locations", 1000, &cause);
	CU_ASSERT_PTR_NULL(s);
	T_EQ_STR(cause, "scheme: too many locations (1000, at most 64)");
	free(cause);

	s = unpack_many(1, "modes", 65, &cause);
	CU_ASSERT_PTR_NULL(s);
	T_EQ_STR(cause, "scheme: too many modes (65, at most 64)");
	free(cause);
}

/* Every truncation and every one-byte change of a packed scheme either
 * unpacks to a valid scheme or is refused: never a crash or a leak. */
static void
test_unpack_damage(void)
{
	msgpack_sbuffer	 sb;
	msgpack_packer	 pk;
	struct scheme	*s, *back;
	char		*cause, *copy;
	size_t		 i, j, good = 0;
	static const unsigned char flips[] = { 0x00, 0xff, 0xc0, 0xdc, 0xde,
	    0xd9, 0xc4, 0x80, 0x90, 0xa0, 0x41 };

	s = scheme_default();
	msgpack_sbuffer_init(&sb);
	msgpack_packer_init(&pk, &sb, msgpack_sbuffer_write);
	scheme_pack(s, &pk);
	for (i = 0; i < sb.size; i++) {
		back = unpack_bytes(sb.data, i, &cause);
		CU_ASSERT_PTR_NULL(back);
		free(cause);
	}
	copy = xmalloc(sb.size);
	for (i = 0; i < sb.size; i++) {
		for (j = 0; j < sizeof flips; j++) {
			memcpy(copy, sb.data, sb.size);
			copy[i] = (char)flips[j];
			back = unpack_bytes(copy, sb.size, &cause);
			if (back != NULL) {
				good++;
				CU_ASSERT_PTR_NULL(cause);
				T_TRUE(back->ngroups >= 1 &&
				    back->ngroups <= SCHEME_MAX_GROUPS);
			} else
				CU_ASSERT_PTR_NOT_NULL(cause);
			scheme_free(back);
			free(cause);
		}
	}
	T_TRUE(good > 0);
	free(copy);
	msgpack_sbuffer_destroy(&sb);
	scheme_free(s);
}

/* A shared scheme lives until its last holder lets go (under ASan a
 * free too early is a use after free here, one too many a double free). */
static void
test_share(void)
{
	struct scheme	*s, *t, *u;

	s = scheme_default();
	T_EQ_INT(atomic_load(&s->shares), 0);
	t = scheme_share(s);
	u = scheme_share(s);
	T_TRUE(t == s && u == s);
	T_EQ_INT(atomic_load(&s->shares), 2);
	scheme_free(s);
	T_EQ_INT(atomic_load(&t->shares), 1);
	scheme_free(t);
	T_EQ_INT(atomic_load(&u->shares), 0);
	T_EQ_STR(u->groups[0].name, "SLT");
	scheme_free(u);
}

/* The bytes unpacked through memo and by scheme_unpack: the same scheme
 * (colours too), a copy of the caller's own, or the same message. */
static void
memo_same(struct scheme_memo *memo, const char *data, size_t len)
{
	msgpack_unpacked	 u;
	struct scheme		*want, *got;
	struct err		 why = ERR_INIT, cause = ERR_INIT;
	size_t			 off = 0, i;

	msgpack_unpacked_init(&u);
	if (msgpack_unpack_next(&u, data, len, &off) !=
	    MSGPACK_UNPACK_SUCCESS) {
		msgpack_unpacked_destroy(&u);
		return;
	}
	want = scheme_unpack(&u.data, &why);
	got = scheme_memo_unpack(memo, &u.data, &cause);
	if (want == NULL) {
		CU_ASSERT_PTR_NULL(got);
		T_EQ_STR(cause.msg, why.msg);
		T_EQ_INT(cause.code, why.code);
	} else {
		CU_ASSERT_PTR_NOT_NULL_FATAL(got);
		T_TRUE(scheme_equal(want, got));
		for (i = 0; i < want->ngroups; i++)
			T_EQ_STR(got->groups[i].colour,
			    want->groups[i].colour);
	}
	scheme_free(want);
	scheme_free(got);
	err_clear(&why);
	err_clear(&cause);
	msgpack_unpacked_destroy(&u);
}

/* A memo gives what scheme_unpack gives for each damaged map of
 * test_unpack_damage, each followed twice by the good map (once unpacked
 * afresh, once copied from the memo) and by another good scheme. */
static void
test_memo(void)
{
	msgpack_sbuffer		 sb, other;
	msgpack_packer		 pk;
	struct scheme_memo	*memo;
	struct scheme		*s, *t;
	char			*copy, *cause;
	size_t			 i;

	s = scheme_default();
	msgpack_sbuffer_init(&sb);
	msgpack_packer_init(&pk, &sb, msgpack_sbuffer_write);
	scheme_pack(s, &pk);
	t = parse("group 0 \"zero\" colour=#abcdef\ngroup z \"zed\"\n",
	    &cause);
	CU_ASSERT_PTR_NOT_NULL_FATAL(t);
	msgpack_sbuffer_init(&other);
	msgpack_packer_init(&pk, &other, msgpack_sbuffer_write);
	scheme_pack(t, &pk);
	memo = scheme_memo_new();
	copy = xmalloc(sb.size);
	for (i = 0; i < sb.size; i++) {
		memcpy(copy, sb.data, sb.size);
		copy[i] = (char)(i % 2 ? 0xc0 : 0x41);
		memo_same(memo, copy, sb.size);
		memo_same(memo, sb.data, sb.size);
		memo_same(memo, sb.data, sb.size);
		memo_same(memo, other.data, other.size);
		memo_same(memo, other.data, other.size);
	}
	/* No memo: scheme_unpack itself. */
	memo_same(NULL, sb.data, sb.size);
	scheme_memo_free(memo);
	scheme_memo_free(NULL);
	free(copy);
	msgpack_sbuffer_destroy(&sb);
	msgpack_sbuffer_destroy(&other);
	scheme_free(s);
	scheme_free(t);
}

/* Through the raw bytes: the last map's own bytes share its scheme
 * without a look at the objects (so a different map given with them gets
 * it too: the bytes decide); other bytes, or none, go to the walk, which
 * shares an equal map's scheme and unpacks another. */
static void
test_memo_raw(void)
{
	msgpack_sbuffer		 sb, other;
	msgpack_unpacked	 u, v;
	msgpack_packer		 pk;
	struct scheme_memo	*memo;
	struct scheme		*s, *t, *a, *b;
	struct err		 e = ERR_INIT;
	char			*cause, *changed;
	size_t			 off = 0;

	s = scheme_default();
	t = parse("group 0 \"zero\"\n", &cause);
	CU_ASSERT_PTR_NOT_NULL_FATAL(t);
	msgpack_sbuffer_init(&sb);
	msgpack_packer_init(&pk, &sb, msgpack_sbuffer_write);
	scheme_pack(s, &pk);
	msgpack_sbuffer_init(&other);
	msgpack_packer_init(&pk, &other, msgpack_sbuffer_write);
	scheme_pack(t, &pk);
	msgpack_unpacked_init(&u);
	msgpack_unpacked_init(&v);
	CU_ASSERT_FATAL(msgpack_unpack_next(&u, sb.data, sb.size, &off) ==
	    MSGPACK_UNPACK_SUCCESS);
	off = 0;
	CU_ASSERT_FATAL(msgpack_unpack_next(&v, other.data, other.size,
	    &off) == MSGPACK_UNPACK_SUCCESS);

	memo = scheme_memo_new();
	a = scheme_memo_unpack_raw(memo, &u.data, sb.data, sb.size, &e);
	CU_ASSERT_PTR_NOT_NULL_FATAL(a);
	T_TRUE(scheme_equal(a, s));
	b = scheme_memo_unpack_raw(memo, &v.data, sb.data, sb.size, &e);
	T_TRUE(b == a);
	scheme_free(b);
	/* A byte off, or no bytes: the walk, by the objects. */
	changed = xmalloc(sb.size);
	memcpy(changed, sb.data, sb.size);
	changed[sb.size - 1] ^= 1;
	b = scheme_memo_unpack_raw(memo, &u.data, changed, sb.size, &e);
	T_TRUE(b == a);
	scheme_free(b);
	b = scheme_memo_unpack_raw(memo, &u.data, NULL, 0, &e);
	T_TRUE(b == a);
	scheme_free(b);
	b = scheme_memo_unpack_raw(memo, &v.data, changed, sb.size, &e);
	CU_ASSERT_PTR_NOT_NULL_FATAL(b);
	T_TRUE(b != a && scheme_equal(b, t) && !scheme_equal(b, s));
	scheme_free(b);
	/* No memo: scheme_unpack of the objects. */
	b = scheme_memo_unpack_raw(NULL, &v.data, sb.data, sb.size, &e);
	CU_ASSERT_PTR_NOT_NULL_FATAL(b);
	T_TRUE(scheme_equal(b, t));
	scheme_free(b);
	T_EQ_INT(e.code, ERR_OK);

	scheme_free(a);
	scheme_memo_free(memo);
	free(changed);
	msgpack_unpacked_destroy(&u);
	msgpack_unpacked_destroy(&v);
	msgpack_sbuffer_destroy(&sb);
	msgpack_sbuffer_destroy(&other);
	scheme_free(s);
	scheme_free(t);
}

void
scheme_test_register(void)
{
	CU_pSuite	suite;

	suite = CU_add_suite("scheme", NULL, NULL);
	CU_add_test(suite, "built-in default", test_default);
	CU_add_test(suite, "parse a good file", test_parse_good);
	CU_add_test(suite, "built-in locations and modes",
	    test_parse_default_lists);
	CU_add_test(suite, "colours from the palette", test_parse_colours);
	CU_add_test(suite, "a colour is #rrggbb", test_colour_valid);
	CU_add_test(suite, "every error message", test_parse_errors);
	CU_add_test(suite, "NUL byte in a file", test_parse_nul);
	CU_add_test(suite, "limits on lists and names", test_parse_limits);
	CU_add_test(suite, "keys run out before groups",
	    test_parse_too_many_groups);
	CU_add_test(suite, "load from a file", test_load);
	CU_add_test(suite, "example.scheme is the built-in scheme (and "
	    "dimensions)",
	    test_example_file);
	CU_add_test(suite, "find by name or key", test_find);
	CU_add_test(suite, "find by live key", test_find_key);
	CU_add_test(suite, "reserved keys", test_reserved_key);
	CU_add_test(suite, "a memo unpacks as scheme_unpack does",
	    test_memo);
	CU_add_test(suite, "a memo shares by the bytes, else by the objects",
	    test_memo_raw);
	CU_add_test(suite, "a shared scheme is freed by its last holder",
	    test_share);
	CU_add_test(suite, "equal and copy", test_equal_copy);
	CU_add_test(suite, "pack and unpack", test_pack_round_trip);
	CU_add_test(suite, "packed bytes", test_pack_bytes);
	CU_add_test(suite, "unpack ignores what it does not know",
	    test_unpack_lenient);
	CU_add_test(suite, "unpack refuses hostile input",
	    test_unpack_hostile);
	CU_add_test(suite, "unpack refuses huge arrays", test_unpack_sizes);
	CU_add_test(suite, "unpack damaged bytes", test_unpack_damage);
}
