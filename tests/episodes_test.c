/*
 * Tests for episodes CSV files: the RFC 4180 reader and writer (quotes,
 * line breaks in fields, limits, every error), the episodes reader (days,
 * every check with its file and line), hostile bytes and truncations (no
 * crash, no leak), the analyser's output (escaping, one header and one
 * document per run), and the round trip over generated days: a day
 * exported with --episodes reads back to the same summary, byte for byte.
 */
#include <sys/stat.h>

#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "clock.h"
#include "command.h"
#include "csv.h"
#include "day.h"
#include "episodes.h"
#include "err.h"
#include "output.h"
#include "scheme.h"
#include "summary.h"
#include "test.h"
#include "timeline.h"
#include "xmalloc.h"

#define HEADER		EPISODES_HEADER "\n"
#define H18		EPISODES_HEADER_DAY "\n"
#ifndef ROUND_TRIPS
#define ROUND_TRIPS	300	/* generated days */
#endif

static char		*dir;
static char		*run_output(enum output_format, enum output_table, int,
			    const struct timeline *, size_t);
static struct scheme	*scheme;
static uint64_t		 rng = 0x9e3779b97f4a7c15ULL;

static int
episodes_suite_init(void)
{
	if ((dir = test_tmpdir()) == NULL)
		return 1;
	scheme = scheme_default();
	return 0;
}

static int
episodes_suite_clean(void)
{
	if (test_rmtree(dir) != 0)
		fprintf(stderr, "could not remove %s\n", dir);
	free(dir);
	scheme_free(scheme);
	return 0;
}

static uint32_t
rnd(uint32_t n)
{
	return test_rnd(&rng, n);
}

/* Writes len bytes to dir/name; returns the path (caller frees). */
static char *
put_file(const char *name, const char *bytes, size_t len)
{
	char	*path;
	FILE	*f;

	path = xasprintf("%s/%s", dir, name);
	if ((f = fopen(path, "wb")) == NULL)
		abort();
	if (len > 0 && fwrite(bytes, 1, len, f) != len)
		abort();
	fclose(f);
	return path;
}

/* ---- the reader, as the analyser uses it ---- */

/* The exit code and message of e, as the analyser's main gives them. */
static int
ep_fail(struct err *e, int *exit_code, char **cause)
{
	*exit_code = err_exit_code(e->code);
	*cause = err_text(e);
	err_clear(e);
	return -1;
}

/* Opens path and reads its header, as the analyser does. */
static int
ep_open(const char *path, const struct scheme *s,
    struct episodes_reader **r, int *exit_code, char **cause)
{
	struct err	e = ERR_INIT;
	int		fd;

	*r = NULL;
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1)
		abort();
	if (episodes_open(fd, path, s, r, &e) != 0)
		return ep_fail(&e, exit_code, cause);
	return 0;
}

static int
ep_next(struct episodes_reader *r, struct timeline *tl, int *exit_code,
    char **cause)
{
	struct err	e = ERR_INIT;
	int		n;

	if ((n = episodes_next(r, tl, &e)) == -1)
		return ep_fail(&e, exit_code, cause);
	return n;
}

static int
ep_rewind(struct episodes_reader *r, int *exit_code, char **cause)
{
	struct err	e = ERR_INIT;

	if (episodes_rewind(r, &e) != 0)
		return ep_fail(&e, exit_code, cause);
	return 0;
}

/* ---- the CSV reader and writer ---- */

/* Reads every record of text (len bytes) with a csv_reader of delim and
 * quoting, joining the fields of a record with '|' and records with '/',
 * and noting each record's first line as "@N".  Ends with "!why" on an
 * error. */
static char *
delimited_all(const char *text, size_t len, char delim,
    enum csv_quoting quoting, size_t *lines_out)
{
	struct csv_reader	*r;
	struct err		 e = ERR_INIT, again = ERR_INIT;
	char			*path, **f, *out = xstrdup(""), *n;
	size_t			 nf, i;
	int			 fd, rc;

	path = put_file("csv.txt", text, len);
	if ((fd = open(path, O_RDONLY)) == -1)
		abort();
	r = csv_reader_new(fd, delim, quoting);
	while ((rc = csv_read(r, &f, &nf, &e)) == CSV_ROW) {
		for (i = 0; i < nf; i++) {
			n = xasprintf("%s%s%s", out, i == 0 ? "" : "|", f[i]);
			free(out);
			out = n;
		}
		n = xasprintf("%s@%zu/", out, csv_line(r));
		free(out);
		out = n;
	}
	if (rc != CSV_EOF) {
		if (lines_out != NULL)
			*lines_out = csv_line(r);
		T_EQ_INT(e.line, csv_line(r));
		n = xasprintf("%s!%s", out, e.msg);
		free(out);
		out = n;
		/* Once failed, always failed, the same way. */
		T_EQ_INT(csv_read(r, &f, &nf, &again), rc);
		T_EQ_INT(again.code, e.code);
		T_EQ_STR(again.msg, e.msg);
		err_clear(&again);
		err_clear(&e);
	}
	csv_reader_free(r);
	close(fd);
	free(path);
	return out;
}

static char *
csv_all(const char *text, size_t len, size_t *lines_out)
{
	return delimited_all(text, len, ',', CSV_QUOTES, lines_out);
}

static char *
tsv_all(const char *text, size_t len, size_t *lines_out)
{
	return delimited_all(text, len, '\t', CSV_LINES, lines_out);
}

/* TSV: a record a line (CRLF too), a field wholly in quotes loses them
 * (doubled quotes made one), any other quote is text; a byte order mark
 * at the start is skipped, as it is for CSV. */
static void
test_tsv(void)
{
	static const char text[] =
	    "\xef\xbb\xbf" "a\tb\tc\r\n"
	    "\"x\ty\"\t\"he said \"\"hi\"\"\"\t\n"
	    "ab\"c\t\"open\t\"q\"x\n"
	    "\n"
	    "a\rb,c\tlast";
	char	*out;
	size_t	 line = 0;

	out = tsv_all(text, sizeof text - 1, NULL);
	T_EQ_STR(out, "a|b|c@1/x\ty|he said \"hi\"|@2/"
	    "ab\"c|\"open|\"q\"x@3/@4/a\rb,c|last@5/");
	free(out);
	out = csv_all("\xef\xbb\xbf" "a,b\n", 7, NULL);
	T_EQ_STR(out, "a|b@1/");
	free(out);
	out = tsv_all("ok\na\0b\n", 7, &line);
	T_EQ_STR(out, "ok@1/!NUL byte");
	T_EQ_INT(line, 2);
	free(out);
}

static void
test_csv_fields(void)
{
	static const char text[] =
	    "a,b,c\n"
	    "\"x,y\",\"he said \"\"hi\"\"\",\n"
	    "\"multi\nline\",z\r\n"
	    ",\r\n"
	    "\"\"\n"
	    "\n"
	    "last,no newline";
	char	*out;

	out = csv_all(text, sizeof text - 1, NULL);
	T_EQ_STR(out, "a|b|c@1/x,y|he said \"hi\"|@2/multi\nline|z@3/|@5/"
	    "@6/@7/last|no newline@8/");
	free(out);

	out = csv_all("", 0, NULL);
	T_EQ_STR(out, "");
	free(out);
	out = csv_all("\"\"\"\"\n", 5, NULL);
	T_EQ_STR(out, "\"@1/");
	free(out);
}

static void
test_csv_errors(void)
{
	static const struct {
		const char	*text;
		size_t		 line;
		const char	*want;
	} bad[] = {
		{ "a,b\nc,\"open\n\nmore", 2, "!quoted field not closed" },
		{ "ab\"c\n", 1, "!quote inside an unquoted field" },
		{ "\"ab\"c\n", 1, "!text after a closing quote" },
		{ "\"ab\" ,c\n", 1, "!text after a closing quote" },
		{ "a\rb\n", 1, "!carriage return outside quotes" },
		{ "a,b\r", 1, "!carriage return outside quotes" },
	};
	char	*out;
	size_t	 i, line;

	for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		line = 0;
		out = csv_all(bad[i].text, strlen(bad[i].text), &line);
		T_HAS_STR(out, bad[i].want);
		T_EQ_INT(line, bad[i].line);
		free(out);
	}
	out = csv_all("ok\na\0b\n", 7, &line);
	T_EQ_STR(out, "ok@1/!NUL byte");
	free(out);
	out = csv_all("\"a\0\"\n", 5, &line);
	T_EQ_STR(out, "!NUL byte");
	free(out);
}

static void
test_csv_limits(void)
{
	char	*text, *out;
	size_t	 len, i;

	/* Exactly CSV_MAX_RECORD bytes with its line feed: read. */
	len = CSV_MAX_RECORD;
	text = xmalloc(len + 2);
	memset(text, 'x', len - 1);
	text[len - 1] = '\n';
	out = csv_all(text, len, NULL);
	T_EQ_INT(strlen(out), len - 1 + strlen("@1/"));
	free(out);

	/* One byte more: refused. */
	memset(text, 'x', len);
	text[len] = '\n';
	out = csv_all(text, len + 1, NULL);
	T_EQ_STR(out, "!record longer than 1 MiB");
	free(out);

	/* A TSV line of the limit is read, one more byte refused. */
	memset(text, 'x', len);
	text[len] = '\n';
	out = tsv_all(text, len + 1, NULL);
	T_EQ_INT(strlen(out), len + strlen("@1/"));
	free(out);
	text[len] = 'x';
	out = tsv_all(text, len + 1, NULL);
	T_EQ_STR(out, "!row longer than 1 MiB");
	free(out);
	text[len] = '\n';

	/* A quoted field running on past the limit, never closed. */
	text[0] = '"';
	out = csv_all(text, len + 1, NULL);
	T_EQ_STR(out, "!record longer than 1 MiB");
	free(out);
	free(text);

	text = xmalloc(2 * (CSV_MAX_FIELDS + 1) + 1);
	for (i = 0; i < CSV_MAX_FIELDS + 1; i++)
		memcpy(text + 2 * i, "a,", 2);
	text[2 * CSV_MAX_FIELDS + 1] = '\n';
	out = csv_all(text, 2 * (CSV_MAX_FIELDS + 1), NULL);
	T_EQ_STR(out, "!more than 1024 fields");
	free(out);
	free(text);
}

/* Reads back the one field csv_put wrote (buf, size bytes) and checks
 * that csv_unescape gives in. */
static void
csv_put_reads_back(const char *buf, size_t size, const char *in)
{
	struct csv_reader	*r;
	struct err		 e = ERR_INIT;
	char			*path, **f;
	size_t			 nf;
	int			 fd;

	if (*in == '\0')
		return;		/* an empty file holds no record */
	path = put_file("field.csv", buf, size);
	if ((fd = open(path, O_RDONLY)) == -1)
		abort();
	r = csv_reader_new(fd, ',', CSV_QUOTES);
	T_EQ_INT(csv_read(r, &f, &nf, &e), CSV_ROW);
	T_EQ_INT(nf, 1);
	if (nf == 1) {
		csv_unescape(f[0]);
		T_EQ_STR(f[0], in);
	}
	csv_reader_free(r);
	close(fd);
	free(path);
}

/* Fields are quoted when they need it; cells a spreadsheet would run are
 * written as text (a ' inside quotes); every field reads back exactly. */
static void
test_csv_put(void)
{
	static const struct {
		const char	*in;
		const char	*out;
	} cases[] = {
		{ "plain", "plain" },
		{ "", "" },
		{ "a,b", "\"a,b\"" },
		{ "say \"x\"", "\"say \"\"x\"\"\"" },
		{ "line\nbreak", "\"line\nbreak\"" },
		{ "cr\r", "\"cr\r\"" },
		{ "semi;colon: ok", "semi;colon: ok" },
		{ "=HYPERLINK(\"http://x.invalid\",\"y\")",
		    "\"'=HYPERLINK(\"\"http://x.invalid\"\",\"\"y\"\")\"" },
		{ "+1", "\"'+1\"" },
		{ "-2+3", "\"'-2+3\"" },
		{ "@SUM(A1)", "\"'@SUM(A1)\"" },
		{ "\tx", "\"'\tx\"" },
		{ "\rx", "\"'\rx\"" },
		{ "'quoted", "\"''quoted\"" },
		{ "''", "\"'''\"" },
		{ "a=b", "a=b" },
		{ "it's", "it's" },
	};
	char	*buf = NULL;
	size_t	 size, i;
	FILE	*f;
	int	 marked;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		f = open_memstream(&buf, &size);
		csv_put(f, cases[i].in);
		fclose(f);
		T_EQ_STR(buf, cases[i].out);
		marked = csv_is_formula(cases[i].in) || cases[i].in[0] == '\'';
		T_EQ_INT(csv_needs_quotes(cases[i].in) || marked,
		    strcmp(cases[i].in, cases[i].out) != 0);
		csv_put_reads_back(buf, size, cases[i].in);
		free(buf);
		buf = NULL;
	}
	f = open_memstream(&buf, &size);
	csv_put(f, NULL);
	fclose(f);
	T_EQ_STR(buf, "");
	free(buf);
	/* What a person typed with a ' before a letter is kept as typed. */
	buf = xstrdup("'hello");
	csv_unescape(buf);
	T_EQ_STR(buf, "'hello");
	free(buf);
}

static void
test_sniff(void)
{
	const char	*h = EPISODES_HEADER;
	char		 buf[512];

	T_EQ_INT(episodes_sniff(h, strlen(h)), 1);
	snprintf(buf, sizeof buf, "%s\nS,H,...", h);
	T_EQ_INT(episodes_sniff(buf, strlen(buf)), 1);
	snprintf(buf, sizeof buf, "%s\r\n", h);
	T_EQ_INT(episodes_sniff(buf, strlen(buf)), 1);
	snprintf(buf, sizeof buf, "\xef\xbb\xbf%s\n", h);
	T_EQ_INT(episodes_sniff(buf, strlen(buf)), 1);
	snprintf(buf, sizeof buf, "%s,extra\n", h);
	T_EQ_INT(episodes_sniff(buf, strlen(buf)), -1);
	snprintf(buf, sizeof buf, "%s\r\n", EPISODES_HEADER_DAY);
	T_EQ_INT(episodes_sniff(buf, strlen(buf)), 1);
	snprintf(buf, sizeof buf, "%s,extra\n", EPISODES_HEADER_DAY);
	T_EQ_INT(episodes_sniff(buf, strlen(buf)), -1);
	T_EQ_INT(episodes_sniff("school,head\n", 12), -1);
	T_EQ_INT(episodes_sniff("hello\n", 6), 0);
	T_EQ_INT(episodes_sniff("", 0), 0);
	T_EQ_INT(episodes_sniff("school", 6), 0);
	T_EQ_STR(episodes_kind_name(TL_EPISODE), "episode");
	T_EQ_STR(episodes_kind_name(TL_NOTE), "note");
}

/* ---- the episodes reader ---- */

static const char two_days[] =
    HEADER
    "S,H1,O,2026-11-16,alone,09:00:00,09:05:00,300.000,alone,,,,,,\n"
    "S,H1,O,2026-11-16,episode,09:05:00,09:20:30.5,930.5,teachers,head,T1,"
    "\"office, upstairs\",phone,SLT;support staff,\n"
    "S,H1,O,2026-11-16,brief,09:10:00,09:10:00,0.000,P,other,,corridor,,,\n"
    "S,H1,O,2026-11-16,note,09:11:00,09:11:00,,,,,,,,\"multi\nline, "
    "\"\"quoted\"\"\"\r\n"
    "S,H1,O,2026-11-16,pause,09:20:30.500,09:30:00,,,,,,,,\n"
    "\n"
    "S,H1,O,2026-11-16,alone,09:30:00,09:31:00,60.000,,,,,,,\n"
    "S,H2,O,2026-11-16,episode,25:00,25:10,600,s,,,,,,\n";

/* Writes text (len bytes) to dir/name, opens it and reads its first day
 * into tl; returns the path (caller frees). */
static char *
first_day(const char *name, const char *text, size_t len,
    struct episodes_reader **r, struct timeline *tl)
{
	char	*path, *cause = NULL;
	int	 exit_code = 0;

	path = put_file(name, text, len);
	if (ep_open(path, scheme, r, &exit_code, &cause) != 0 ||
	    ep_next(*r, tl, &exit_code, &cause) != 1)
		abort();
	return path;
}

static void
test_read_days(void)
{
	struct episodes_reader	*r;
	struct timeline		 tl;
	const struct tl_item	*it;
	char			*path, *cause = NULL;
	int			 exit_code = 0;

	path = first_day("two.csv", two_days, sizeof two_days - 1, &r, &tl);
	T_EQ_STR(tl.school, "S");
	T_EQ_STR(tl.head, "H1");
	T_EQ_STR(tl.date, "2026-11-16");
	T_EQ_INT(tl.nitems, 6);
	T_EQ_INT(tl.begin, 9 * 3600000);
	T_EQ_INT(tl.end, 9 * 3600000 + 31 * 60000);
	T_EQ_INT(tl.observed, 300000 + 930500 + 60000);
	T_EQ_INT(tl.paused, 569500);
	it = &tl.items[1];
	T_EQ_INT(it->kind, TL_EPISODE);
	T_EQ_INT(it->group, 1);
	T_EQ_INT(it->by, RECORD_BY_HEAD);
	T_EQ_STR(it->person, "T1");
	T_EQ_STR(it->where, "office, upstairs");
	T_EQ_STR(it->mode, "phone");
	T_EQ_INT(it->with, 1 | 4);
	T_EQ_INT(it->end, 9 * 3600000 + 20 * 60000 + 30500);
	it = &tl.items[2];
	T_EQ_INT(it->kind, TL_BRIEF);
	T_EQ_INT(it->group, 3);
	T_EQ_INT(it->by, RECORD_BY_OTHER);
	T_TRUE(it->person == NULL);
	it = &tl.items[3];
	T_EQ_INT(it->kind, TL_NOTE);
	T_EQ_STR(it->note, "multi\nline, \"quoted\"");
	T_EQ_INT(tl.items[4].kind, TL_PAUSE);
	T_EQ_INT(tl.items[5].kind, TL_ALONE);
	T_EQ_INT(tl.items[5].group, -1);
	timeline_free(&tl);

	T_EQ_INT(ep_next(r, &tl, &exit_code, &cause), 1);
	T_EQ_STR(tl.head, "H2");
	T_EQ_INT(tl.nitems, 1);
	T_EQ_INT(tl.items[0].group, 0);
	T_EQ_INT(tl.begin, 25 * 3600000);
	timeline_free(&tl);
	T_EQ_INT(ep_next(r, &tl, &exit_code, &cause), 0);
	T_EQ_INT(ep_next(r, &tl, &exit_code, &cause), 0);

	/* A second pass reads the same. */
	T_EQ_INT(ep_rewind(r, &exit_code, &cause), 0);
	T_EQ_INT(ep_next(r, &tl, &exit_code, &cause), 1);
	T_EQ_INT(tl.nitems, 6);
	timeline_free(&tl);
	episodes_close(r);
	free(path);
}

/* The columns of the whole day: the tags (escaped) on every row, the
 * comment and the corrections on the first; a later row may repeat them or
 * leave them empty; a cell marked as text is read as typed.  Written back,
 * the day is the same file. */
static void
test_read_day_columns(void)
{
	static const char text[] = H18
	    "\"'=S\",H,O,2026-11-16,episode,09:00:00,09:05:00,300.000,teachers,,"
	    "\"'+1\",\"''room\",\"'-x\",,\"'@said\","
	    "phase=primary;a\\;b\\\\=c\\=d;e=,\"long; day\","
	    "\"'-first\nsecond, too\"\n"
	    "\"'=S\",H,O,2026-11-16,alone,09:05:00,09:06:00,60.000,alone,,,,,,,"
	    ",,\n"
	    "\"'=S\",H,O,2026-11-16,alone,09:06:00,09:07:00,60.000,alone,,,,,,,"
	    "phase=primary;a\\;b\\\\=c\\=d;e=,\"long; day\",\n";
	struct episodes_reader	*r;
	struct timeline		 tl;
	char			*path, *cause = NULL, *out;
	int			 exit_code = 0;

	path = first_day("daycols.csv", text, sizeof text - 1, &r, &tl);
	T_EQ_STR(tl.school, "=S");
	T_EQ_INT(tl.nitems, 3);
	T_EQ_INT(tl.ntags, 3);
	if (tl.ntags == 3) {
		T_EQ_STR(tl.tag_keys[0], "phase");
		T_EQ_STR(tl.tag_values[0], "primary");
		T_EQ_STR(tl.tag_keys[1], "a;b\\");
		T_EQ_STR(tl.tag_values[1], "c=d");
		T_EQ_STR(tl.tag_keys[2], "e");
		T_EQ_STR(tl.tag_values[2], "");
	}
	T_EQ_STR(tl.comment, "long; day");
	T_EQ_INT(tl.ncorrections, 2);
	if (tl.ncorrections == 2) {
		T_EQ_STR(tl.corrections[0], "-first");
		T_EQ_STR(tl.corrections[1], "second, too");
	}
	T_EQ_STR(tl.items[0].person, "+1");
	T_EQ_STR(tl.items[0].where, "'room");
	T_EQ_STR(tl.items[0].mode, "-x");
	T_EQ_STR(tl.items[0].note, "@said");
	T_TRUE(tl.items[0].corrected & TL_COMMENTED);

	/* Written back: tags on every row, the rest on the first only. */
	out = run_output(OUTPUT_CSV, OUTPUT_EPISODES, 0, &tl, 1);
	T_EQ_STR(out, H18
	    "\"'=S\",H,O,2026-11-16,episode,09:00:00,09:05:00,300.000,teachers,,"
	    "\"'+1\",\"''room\",\"'-x\",,\"'@said\","
	    "phase=primary;a\\;b\\\\=c\\=d;e=,long; day,"
	    "\"'-first\nsecond, too\"\n"
	    "\"'=S\",H,O,2026-11-16,alone,09:05:00,09:06:00,60.000,alone,,,,,,,"
	    "phase=primary;a\\;b\\\\=c\\=d;e=,,\n"
	    "\"'=S\",H,O,2026-11-16,alone,09:06:00,09:07:00,60.000,alone,,,,,,,"
	    "phase=primary;a\\;b\\\\=c\\=d;e=,,\n");
	free(out);
	timeline_free(&tl);
	T_EQ_INT(ep_next(r, &tl, &exit_code, &cause), 0);
	episodes_close(r);
	free(path);
}

/* Reads every day of body (after the 15 columns' header, unless body has
 * its own) and returns the first error with *exit_code, or NULL; *days
 * counts the days read before it. */
static char *
read_error(const char *body, size_t len, int *exit_code, int *days)
{
	struct episodes_reader	*r;
	struct timeline		 tl;
	char			*path, *cause = NULL, *text;
	int			 n;

	const char		*h = strncmp(body, "school,", 7) == 0 ? "" : HEADER;

	text = xmalloc(strlen(h) + len + 1);
	memcpy(text, h, strlen(h));
	memcpy(text + strlen(h), body, len);
	path = put_file("bad.csv", text, strlen(h) + len);
	free(text);
	*days = 0;
	*exit_code = 0;
	if (ep_open(path, scheme, &r, exit_code, &cause) != 0) {
		free(path);
		return cause;
	}
	while ((n = ep_next(r, &tl, exit_code, &cause)) == 1) {
		(*days)++;
		timeline_free(&tl);
	}
	episodes_close(r);
	free(path);
	if (n == 0)
		return NULL;
	return cause;
}

#define D	"S,H,O,2026-11-16,"

static void
test_read_errors(void)
{
	static const struct {
		const char	*body;
		int		 line;
		const char	*want;
	} bad[] = {
		{ D "alone,09:00,09:05\n", 2, "7 fields, want 15" },
		{ D "episode,09:00,09:05,,dinosaurs,,,,,,\n", 2,
		    "unknown group 'dinosaurs'" },
		{ D "episode,09:00,09:05,,,,,,,,\n", 2, "no group" },
		{ D "episode,09:00,09:05,,alone,,,,,,\n", 2, "group alone" },
		{ D "alone,9:61,09:05,,,,,,,,\n", 2, "start: " },
		{ D "alone,09:00,nine,,,,,,,,\n", 2, "end: " },
		{ D "alone,09:05,09:00,,,,,,,,\n", 2, "before start" },
		{ D "alone,09:05,09:05,,,,,,,,\n", 2, "the same as start" },
		{ D "brief,09:05,09:06,,t,,,,,,\n", 2, "is an instant" },
		{ D "nap,09:05,09:06,,,,,,,,\n", 2, "kind is episode" },
		{ D "episode,09:00,09:05,,t,boss,,,,,\n", 2, "by is head" },
		{ D "episode,09:00,09:05,301,t,,,,,,\n", 2,
		    "duration_s does not match" },
		{ D "episode,09:00,09:05,3x,t,,,,,,\n", 2, "duration_s is" },
		{ D "episode,09:00,09:05,,t,,,,,SLT;t,\n", 2, "own group" },
		{ D "episode,09:00,09:05,,t,,,,,SLT;SLT,\n", 2, "twice" },
		{ D "episode,09:00,09:05,,t,,,,,SLT;,\n", 2, "ends in ';'" },
		{ D "episode,09:00,09:05,,t,,,,,cooks,\n", 2,
		    "with: unknown group 'cooks'" },
		{ D "brief,09:00,09:00,,t,,,,,SLT,\n", 2, "brief rows have no "
		    "with" },
		{ D "pause,09:00,09:05,,t,,,,,,\n", 2, "no group" },
		{ D "alone,09:00,09:05,,,head,,,,,\n", 2,
		    "alone rows have no" },
		{ D "brief,09:00,09:00,,t,,,,,,hello\n", 2,
		    "only note and episode rows" },
		{ "S,H,O,2026-02-30,alone,09:00,09:05,,,,,,,,\n", 2, "date: " },
		{ D "alone,09:00,09:05,,,,,,,,\n"
		    D "episode,09:06,09:10,,t,,,,,,\n", 3,
		    "but the previous stretch ends at 09:05:00" },
		{ D "alone,09:00,09:05,,,,,,,,\n"
		    D "episode,09:05,09:10,,t,,,,,,\n"
		    D "brief,09:04,09:04,,t,,,,,,\n", 4,
		    "before the previous row" },
		{ D "alone,09:00,09:05,,,,,,,,\n"
		    D "brief,09:06,09:06,,t,,,,,,\n", 3, "outside the day" },
		{ D "note,09:00,09:00,,,,,,,,x\n"
		    D "brief,09:01,09:01,,t,,,,,,\n", 3,
		    "no episode, alone or pause rows" },
		{ D "note,09:00,09:00,,,,,,,,x\n"
		    D "note,08:01,08:01,,,,,,,,y\n", 3, "time order" },
		{ D "alone,09:00,09:05,,,,,,,,\n"
		    D "note,09:06,09:06,,,,,,,,\"never closed\n\n", 3,
		    "quoted field not closed" },
		{ D "alone,09:00,09:05,,,,,,,,\"x\"y\n", 2,
		    "text after a closing quote" },
		/* Rows of the whole day are not episodes CSV rows. */
		{ D "tag,,,,,,,,,,phase=a\n", 2,
		    "kind is episode, alone, pause, brief or note, not 'tag'" },
		{ D "comment,,,,,,,,,,x\n", 2, "not 'comment'" },
		/* The columns of the whole day. */
		{ H18 D "alone,09:00,09:05,,,,,,,,\n", 2, "15 fields, want 18" },
		{ "school,head,observer,date,kind,start,end,duration_s,group,by,"
		    "person,where,mode,with,note,day_comment,tags,corrections\n",
		    1, "not an episodes CSV" },
		{ EPISODES_HEADER ",tags\n", 1, "not an episodes CSV" },
		{ H18 D "alone,09:00,09:05,,,,,,,,,phase,,\n", 2,
		    "tags: each tag is KEY=VALUE, joined by ;: 'phase'" },
		{ H18 D "alone,09:00,09:05,,,,,,,,,=a,,\n", 2, "KEY=VALUE" },
		{ H18 D "alone,09:00,09:05,,,,,,,,,a=1;,,\n", 2, "KEY=VALUE" },
		{ H18 D "alone,09:00,09:05,,,,,,,,,a=1;a=2,,\n", 2,
		    "a key given twice" },
		{ H18 D "alone,09:00,09:05,,,,,,,,,a=b=c,,\n", 2,
		    "a second = in a tag" },
		{ H18 D "alone,09:00,09:05,,,,,,,,,a\\b=c,,\n", 2,
		    "a backslash comes only before" },
		{ H18 D "alone,09:00,09:05,,,,,,,,,a=b\\,,\n", 2,
		    "a backslash comes only before" },
		{ H18 D "alone,09:00,09:05,,,,,,,,,p=a,,\n"
		    D "alone,09:05,09:06,,,,,,,,,p=b,,\n", 3,
		    "tags differs from the day's first row (line 2)" },
		{ H18 D "alone,09:00,09:05,,,,,,,,,,one,\n"
		    D "alone,09:05,09:06,,,,,,,,,,two,\n", 3,
		    "day_comment differs from the day's first row" },
		{ H18 D "alone,09:00,09:05,,,,,,,,,,,\n"
		    D "alone,09:05,09:06,,,,,,,,,,,late\n", 3,
		    "corrections differs from the day's first row" },
	};
	char	*cause, want[64];
	size_t	 i;
	int	 exit_code, days;

	for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		cause = read_error(bad[i].body, strlen(bad[i].body),
		    &exit_code, &days);
		T_TRUE(cause != NULL);
		if (cause == NULL)
			continue;
		snprintf(want, sizeof want, "bad.csv:%d: ", bad[i].line);
		T_HAS_STR(cause, want);
		T_HAS_STR(cause, bad[i].want);
		T_EQ_INT(exit_code, 65);
		free(cause);
	}
}

static void
test_read_errors_later(void)
{
	static const char body[] =
	    "S,H1,O,2026-11-16,alone,09:00,09:05,,,,,,,,\n"
	    "S,H2,O,2026-11-16,alone,09:00,09:05,,,,,,,,\n"
	    "S,H2,O,2026-11-16,episode,09:05,09:07,,robots,,,,,,\n";
	char	*cause, *big;
	size_t	 len;
	int	 exit_code, days;

	/* The first day is whole; the error is in the second. */
	cause = read_error(body, strlen(body), &exit_code, &days);
	T_EQ_INT(days, 1);
	T_HAS_STR(cause, "bad.csv:4: unknown group 'robots'");
	free(cause);

	/* A field longer than a log would hold. */
	len = strlen(D) + 5000 + 64;
	big = xmalloc(len);
	snprintf(big, len, D "alone,09:00,09:05,,,,,,,,%0*d\n", 5000, 0);
	cause = read_error(big, strlen(big), &exit_code, &days);
	T_HAS_STR(cause, "bad.csv:2: note: longer than 4096 bytes");
	free(cause);
	free(big);

	/* A record longer than 1 MiB: refused, not allocated. */
	len = CSV_MAX_RECORD + 64;
	big = xmalloc(len + 1);
	memcpy(big, D "note,09:00,09:00,,,,,,,,", strlen(D) + 24);
	memset(big + strlen(D) + 24, 'n', len - strlen(D) - 25);
	big[len - 1] = '\n';
	big[len] = '\0';
	cause = read_error(big, len, &exit_code, &days);
	T_HAS_STR(cause, "bad.csv:2: record longer than 1 MiB");
	free(cause);
	free(big);
}

/* Reads text (header included) as dir/name to its end or first error,
 * left in *e; returns the path (caller frees). */
static char *
read_err(const char *name, const char *text, struct err *e)
{
	struct episodes_reader	*r;
	struct timeline		 tl;
	char			*p = put_file(name, text, strlen(text));
	int			 fd;

	if ((fd = open(p, O_RDONLY | O_CLOEXEC)) == -1)
		abort();
	if (episodes_open(fd, p, scheme, &r, e) == 0) {
		while (episodes_next(r, &tl, e) == 1)
			timeline_free(&tl);
		episodes_close(r);
	}
	return p;
}

/* The error's fields, lines counted by hand: an unknown kind on the
 * third line after a good row, a clock time clock.c refuses (its
 * ERR_USAGE, for a command line, is ERR_DATA in a file), a tags cell
 * that differs from the day's first row (the later row's line), and a
 * header that is not one (line 1). */
static void
test_err_fields(void)
{
	struct err	 e = ERR_INIT;
	char		*p;

	p = read_err("f1.csv", HEADER D "alone,09:00,09:05,,,,,,,,\n"
	    D "walk,09:05,09:06,,,,,,,,\n", &e);
	T_ERR(&e, p, ERR_DATA, 3, "kind is episode, alone, pause, brief or "
	    "note, not 'walk'");
	free(p);
	p = read_err("f2.csv", HEADER D "alone,9:61,09:05,,,,,,,,\n", &e);
	T_ERR(&e, p, ERR_DATA, 2, "start: time '9:61': minute 61 is past 59");
	free(p);
	p = read_err("f3.csv", H18 D "alone,09:00,09:05,,,,,,,,,p=a,,\n"
	    D "alone,09:05,09:06,,,,,,,,,p=b,,\n", &e);
	T_ERR(&e, p, ERR_DATA, 3, "tags differs from the day's first row "
	    "(line 2)");
	free(p);
	p = read_err("f4.csv", "school,head\n", &e);
	T_ERR(&e, p, ERR_DATA, 1, "not an episodes CSV: the first line must "
	    "be " EPISODES_HEADER ", or that and ,tags,day_comment,"
	    "corrections");
	free(p);
}

static void
test_open(void)
{
	struct episodes_reader	*r;
	struct timeline		 tl;
	char			*path, *cause = NULL, *text;
	int			 exit_code = 0;

	/* A descriptor that cannot be read (a directory): ERR_IO, named. */
	{
		struct err	e = ERR_INIT;
		int		fd;

		if ((fd = open(dir, O_RDONLY | O_DIRECTORY)) == -1)
			abort();
		r = NULL;
		T_EQ_INT(episodes_open(fd, "a-dir", scheme, &r, &e), -1);
		T_EQ_INT(e.code, ERR_IO);
		T_EQ_STR(e.file, "a-dir");
		T_TRUE(r == NULL);
		err_clear(&e);
	}

	path = put_file("wrong.csv", "school,head,observer\n1,2,3\n", 27);
	T_EQ_INT(ep_open(path, scheme, &r, &exit_code, &cause), -1);
	T_EQ_INT(exit_code, 65);
	T_HAS_STR(cause, "wrong.csv:1: not an episodes CSV");
	free(cause);
	free(path);

	path = put_file("empty.csv", "", 0);
	T_EQ_INT(ep_open(path, scheme, &r, &exit_code, &cause), -1);
	T_EQ_INT(exit_code, 65);
	free(cause);
	free(path);

	/* A byte order mark and CRLF line ends, as spreadsheets write. */
	text = xasprintf("\xef\xbb\xbf%s\r\n" D "alone,09:00,09:05,,alone,,,,,,"
	    "\r\n", EPISODES_HEADER);
	path = put_file("bom.csv", text, strlen(text));
	T_EQ_INT(ep_open(path, scheme, &r, &exit_code, &cause), 0);
	T_EQ_INT(ep_next(r, &tl, &exit_code, &cause), 1);
	T_EQ_INT(tl.observed, 300000);
	timeline_free(&tl);
	T_EQ_INT(ep_rewind(r, &exit_code, &cause), 0);
	T_EQ_INT(ep_next(r, &tl, &exit_code, &cause), 1);
	timeline_free(&tl);
	episodes_close(r);
	free(path);
	free(text);

	/* Only the header: no days. */
	path = put_file("header.csv", HEADER, strlen(HEADER));
	T_EQ_INT(ep_open(path, scheme, &r, &exit_code, &cause), 0);
	T_EQ_INT(ep_next(r, &tl, &exit_code, &cause), 0);
	episodes_close(r);
	free(path);
}

/* Reads every day of the len bytes in text, whatever they are; checks
 * only that each answer is well formed (ASan and UBSan do the rest). */
static void
read_anything(const char *text, size_t len)
{
	struct episodes_reader	*r;
	struct timeline		 tl;
	char			*path, *cause = NULL;
	int			 exit_code = 0, n, days = 0;

	path = put_file("hostile.csv", text, len);
	if (ep_open(path, scheme, &r, &exit_code, &cause) != 0) {
		T_TRUE(cause != NULL && exit_code == 65);
		free(cause);
		free(path);
		return;
	}
	while ((n = ep_next(r, &tl, &exit_code, &cause)) == 1) {
		T_TRUE(tl.observed >= 0 && tl.end >= tl.begin);
		timeline_free(&tl);
		if (++days > 1000)
			break;
	}
	if (n == -1) {
		T_TRUE(cause != NULL && strncmp(cause, path,
		    strlen(path)) == 0);
		T_TRUE(exit_code == 65);
		free(cause);
	}
	episodes_close(r);
	free(path);
}

static void
test_hostile(void)
{
	static const char	 spice[] = ",\"\n\r;:.\0\xff\xc1" "0123456789";
	char			*buf;
	size_t			 len = sizeof two_days - 1, i, j, n;

	/* Every truncation of a good file. */
	for (i = 0; i <= len; i++)
		read_anything(two_days, i);

	/* Random damage: bytes replaced, inserted and removed. */
	buf = xmalloc(len * 2 + 16);
	for (i = 0; i < 1500; i++) {
		memcpy(buf, two_days, len);
		n = len;
		for (j = 1 + rnd(6); j > 0; j--) {
			size_t	at = strlen(HEADER) + rnd((uint32_t)(n -
			    strlen(HEADER)));
			char	c = rnd(4) == 0 ? (char)rnd(256) :
			    spice[rnd(sizeof spice - 1)];

			switch (rnd(3)) {
			case 0:
				buf[at] = c;
				break;
			case 1:
				memmove(buf + at + 1, buf + at, n - at);
				buf[at] = c;
				n++;
				break;
			default:
				if (at < n) {
					memmove(buf + at, buf + at + 1,
					    n - at - 1);
					n--;
				}
				break;
			}
		}
		read_anything(buf, n);
	}
	/* Garbage after a good header. */
	for (i = 0; i < 300; i++) {
		n = strlen(HEADER);
		memcpy(buf, HEADER, n);
		for (j = rnd((uint32_t)len); j > 0; j--)
			buf[n++] = rnd(2) ? (char)rnd(256) :
			    spice[rnd(sizeof spice - 1)];
		read_anything(buf, n);
	}
	free(buf);
}

/* ---- output ---- */

/* The output of one run over the days given. */
static char *
run_output(enum output_format format, enum output_table table, int minutes,
    const struct timeline *days, size_t ndays)
{
	struct output	*o;
	char		*buf = NULL;
	size_t		 size, i;
	FILE		*f;

	f = open_memstream(&buf, &size);
	o = output_new(f, format, table, minutes);
	for (i = 0; i < ndays; i++)
		output_day(o, &days[i], NULL);
	T_EQ_INT(output_end(o, NULL), 0);
	fclose(f);
	return buf;
}

/* A small day with hostile text in its note, person and school. */
static void
hostile_day(struct timeline *tl)
{
	struct tl_item	it;
	char		*cause = NULL;

	timeline_init(tl, "Sch\x1b[2Jool", "H,1", "O\"1\"", "2026-11-16",
	    scheme);
	timeline_add_tag(tl, "phase", "pri\x07mary");
	memset(&it, 0, sizeof it);
	it.kind = TL_EPISODE;
	it.start = 9 * 3600000;
	it.end = it.start + 61500;
	it.group = 2;
	it.by = RECORD_BY_OTHER;
	it.person = "P\xc2\x9b" "1";
	it.with = 1 | 32;
	timeline_add(tl, &it);
	memset(&it, 0, sizeof it);
	it.kind = TL_NOTE;
	it.group = -1;
	it.start = it.end = 9 * 3600000 + 1000;
	it.note = "bell\x07 \x1b[31mred\xff, \"q\"\nnext";
	timeline_add(tl, &it);
	memset(&it, 0, sizeof it);
	it.kind = TL_ALONE;
	it.group = -1;
	it.start = 9 * 3600000 + 61500;
	it.end = 10 * 3600000;
	timeline_add(tl, &it);
	T_EQ_INT(t_cause(timeline_finish(tl, t_err()), &cause), 0);
	free(cause);
}

static void
test_output_escaping(void)
{
	struct timeline	 tl;
	char		*out;

	hostile_day(&tl);
	out = run_output(OUTPUT_TEXT, OUTPUT_EPISODES, 0, &tl, 1);
	T_TRUE(strchr(out, '\x1b') == NULL && strchr(out, '\x07') == NULL);
	T_TRUE(strstr(out, "\xc2\x9b") == NULL && strchr(out, '\xff') == NULL);
	T_HAS_STR(out, "Sch\\x1b[2Jool");
	T_HAS_STR(out, "phase=pri\\x07mary");
	T_HAS_STR(out, "bell\\x07 \\x1b[31mred\\xff, \"q\"\\x0anext");
	T_HAS_STR(out, "P\\xc2\\x9b1");
	T_HAS_STR(out, "SLT;visitors");
	free(out);

	out = run_output(OUTPUT_TEXT, OUTPUT_SUMMARY, 0, &tl, 1);
	T_TRUE(strchr(out, '\x1b') == NULL && strchr(out, '\x07') == NULL);
	T_HAS_STR(out, "support staff         1   1m02s   1.7%");
	free(out);

	out = run_output(OUTPUT_JSON, OUTPUT_EPISODES, 0, &tl, 1);
	T_HAS_STR(out, "\"note\": \"bell\\u0007 \\u001b[31mred\\ufffd, "
	    "\\\"q\\\"\\nnext\"");
	T_HAS_STR(out, "\"school\": \"Sch\\u001b[2Jool\"");
	T_HAS_STR(out, "\"with\": \"SLT;visitors\"");
	T_HAS_STR(out, "\"duration_s\": 61.500");
	T_HAS_STR(out, "\"by\": null");
	free(out);

	/* CSV keeps every byte, quoted where RFC 4180 needs it. */
	out = run_output(OUTPUT_CSV, OUTPUT_EPISODES, 0, &tl, 1);
	T_HAS_STR(out, "Sch\x1b[2Jool,\"H,1\",\"O\"\"1\"\"\",2026-11-16,"
	    "episode,09:00:00,09:01:01.500,61.500,support staff,other,"
	    "P\xc2\x9b" "1,,,SLT;visitors,,phase=pri\x07mary,,\n");
	T_HAS_STR(out, ",note,09:00:01,09:00:01,0.000,,,,,,,\"bell\x07 "
	    "\x1b[31mred\xff, \"\"q\"\"\nnext\",phase=pri\x07mary,,\n");
	free(out);
	timeline_free(&tl);
}

static void
test_output_runs(void)
{
	struct timeline	 days[2];
	char		*out;

	/* No days: a header alone, an empty document. */
	out = run_output(OUTPUT_CSV, OUTPUT_SUMMARY, 0, NULL, 0);
	T_EQ_STR(out, "school,head,observer,date,group,episodes,seconds,share,"
	    "mean_s,median_s,sd_s,max_s,head_initiated,brief,gap_mean_s,"
	    "gap_sd_s\n");
	free(out);
	out = run_output(OUTPUT_JSON, OUTPUT_SUMMARY, 0, NULL, 0);
	T_EQ_STR(out, "{\"days\": []}\n");
	free(out);
	out = run_output(OUTPUT_JSON, OUTPUT_TRANSITIONS, 0, NULL, 0);
	T_EQ_STR(out, "{\"rows\": []}\n");
	free(out);
	out = run_output(OUTPUT_TEXT, OUTPUT_SUMMARY, 0, NULL, 0);
	T_EQ_STR(out, "");
	free(out);

	/* Two days: one header; missing values empty. */
	hostile_day(&days[0]);
	hostile_day(&days[1]);
	out = run_output(OUTPUT_CSV, OUTPUT_SUMMARY, 0, days, 2);
	T_EQ_INT(strstr(out, "school,") == out, 1);
	T_TRUE(strstr(out + 1, "school,head") == NULL);
	T_HAS_STR(out, ",2026-11-16,SLT,0,0.000,0.000000,,,,,0,0,,\n");
	T_HAS_STR(out, ",2026-11-16,support staff,1,61.500,0.017083,61.500,"
	    "61.500,,61.500,0,0,,\n");
	free(out);
	out = run_output(OUTPUT_CSV, OUTPUT_BINS, 30, days, 1);
	T_HAS_STR(out, "school,head,observer,date,bin_start,group,seconds\n");
	T_HAS_STR(out, ",2026-11-16,09:30,alone,1800.000\n");
	free(out);
	out = run_output(OUTPUT_CSV, OUTPUT_TRANSITIONS, 0, days, 2);
	T_HAS_STR(out, "school,head,observer,date,from,to,count,expected,"
	    "probability,z,yule_q\n");
	T_HAS_STR(out, ",2026-11-16,support staff,alone,1,1.000000,1.000000,"
	    ",\n");
	free(out);
	out = run_output(OUTPUT_JSON, OUTPUT_SUMMARY, 0, days, 2);
	T_HAS_STR(out, "\"mean_s\": null");
	T_HAS_STR(out, "\"tags\": {\"phase\": \"pri\\u0007mary\"}");
	T_HAS_STR(out, "},\n  {\"school\"");
	free(out);
	timeline_free(&days[0]);
	timeline_free(&days[1]);
}

/* ---- generated days, round trip ---- */

/* Appends one random command line for the day so far to *text and
 * applies it; a line the day refuses is dropped.  *t moves on. */
static void
gen_line(struct day *d, int64_t midnight, int64_t *t, char **text)
{
	static const char *groups[] = { "SLT", "t", "\"support staff\"", "p",
	    "parents", "V" };
	static const char *withs[] = { "", " with=SLT", " with=pupils,t",
	    " with=\"support staff,visitors\"" };
	static const char *whos[] = { "", " by=head", " by=other" };
	static const char *notes[] = { "plain", "commas, \"quotes\" and ;",
	    "unicode caf\xc3\xa9 \xe2\x80\x94 ok", "" };
	struct command	 cmd;
	char		 hms[CLOCK_HMS_LEN], *line, *cause = NULL, *n;
	uint32_t	 r = rnd(100);

	if (rnd(5) != 0)
		*t += rnd(3) == 0 ? rnd(30000) : rnd(900000);
	if (rnd(4) == 0)
		*t += rnd(1000);	/* fractions of a second */
	clock_format_hms(*t, hms);
	if (r < 40)
		line = xasprintf("%s start %s%s%s%s%s", hms, groups[rnd(6)],
		    whos[rnd(3)], rnd(2) ? " person=P" : "",
		    rnd(2) ? " where=\"office, 2\"" : "",
		    withs[rnd(4)]);
	else if (r < 55)
		line = xasprintf("%s end", hms);
	else if (r < 67)
		line = xasprintf("%s brief %s%s%s", hms, groups[rnd(6)],
		    whos[rnd(3)], rnd(2) ? " where=hall" : "");
	else if (r < 73)
		line = xasprintf("%s note %s", hms, notes[rnd(4)]);
	else if (r < 79)
		line = xasprintf("%s pause", hms);
	else if (r < 87)
		line = xasprintf("%s resume", hms);
	else if (r < 91)
		line = xasprintf("%s undo", hms);
	else if (r < 95)
		line = xasprintf("%s set person=Q%u mode=phone", hms, rnd(3));
	else if (r < 97)
		line = xasprintf("%s stop", hms);
	else
		line = xasprintf("%s begin", hms);
	if (test_command(line, strlen(line), scheme, &cmd, &cause) == 1) {
		cmd.rec.t = midnight + cmd.clock_ms;
		if (t_cause(day_apply(d, &cmd.rec, t_err()), &cause) == 0) {
			n = xasprintf("%s%s\n", *text, line);
			free(*text);
			*text = n;
		}
		command_clear(&cmd);
	}
	free(cause);
	free(line);
}

/* A random day of a random head; its timed commands in *text. */
static struct day *
gen_day(unsigned k, char **text)
{
	struct log_header	 hdr;
	struct day		*d;
	struct command		 cmd;
	char			*cause = NULL, *line, hms[CLOCK_HMS_LEN];
	int64_t			 midnight, t;
	unsigned		 i, steps = 1 + rnd(60);

	memset(&hdr, 0, sizeof hdr);
	hdr.version = LOG_FORMAT_VERSION;
	hdr.school = xasprintf("School %u, \"north\"", k % 3);
	hdr.head = xasprintf("H%u", k);
	hdr.observer = xstrdup(k % 2 ? "O1" : "");
	snprintf(hdr.date, sizeof hdr.date, "2026-11-%02u", 1 + k % 28);
	hdr.tz = xstrdup("UTC");
	hdr.recorder = xstrdup("test");
	hdr.scheme = scheme_default();
	if (clock_midnight_ms(hdr.date, 0, &midnight, NULL) != 0)
		abort();
	d = day_new(&hdr);
	log_header_free(&hdr);
	t = rnd(3) == 0 ? 22 * 3600000 + rnd(7200000) : 7 * 3600000 +
	    rnd(3600000);
	clock_format_hms(t, hms);
	*text = xasprintf("%s begin\n", hms);
	line = xasprintf("%s begin", hms);
	if (test_command(line, strlen(line), scheme, &cmd, &cause) != 1)
		abort();
	cmd.rec.t = midnight + cmd.clock_ms;
	if (t_cause(day_apply(d, &cmd.rec, t_err()), &cause) != 0)
		abort();
	command_clear(&cmd);
	free(line);
	for (i = 0; i < steps; i++)
		gen_line(d, midnight, &t, text);
	/* Make sure the day has some length. */
	t += 60000;
	clock_format_hms(t, hms);
	line = xasprintf("%s note the end", hms);
	if (test_command(line, strlen(line), scheme, &cmd, &cause) != 1)
		abort();
	cmd.rec.t = midnight + cmd.clock_ms;
	if (t_cause(day_apply(d, &cmd.rec, t_err()), &cause) != 0)
		abort();
	command_clear(&cmd);
	free(line);
	return d;
}

/* Checks that the file at path holds exactly want. */
static void
want_file(const char *path, const char *want)
{
	char	*buf;
	size_t	 size = strlen(want), len;
	FILE	*f;

	if ((f = fopen(path, "r")) == NULL) {
		CU_FAIL("cannot read the episodes CSV back");
		return;
	}
	buf = xmalloc(size + 1);
	len = fread(buf, 1, size + 1, f);
	fclose(f);
	T_TRUE(len == size && memcmp(buf, want, size) == 0);
	free(buf);
}

/* The summary index of a group: scheme order, then alone last. */
static size_t
b_index(int group, size_t ngroups)
{
	return group < 0 ? ngroups - 1 : (size_t)group;
}

/* The sums every day must meet: seconds add up to observed, shares to 1,
 * bins to the summary. */
static void
check_sums(const struct timeline *tl, const char *text)
{
	struct summary		 s;
	struct summary_bin	*bins;
	int64_t			 total = 0, *per;
	double			 shares = 0;
	size_t			 i, n, g;
	int			 minutes = 1 + (int)rnd(90), ok = 1;

	summary_compute(tl, SUMMARY_PARTS, &s);
	for (g = 0; g < s.ngroups; g++) {
		total += s.groups[g].ms;
		shares += s.groups[g].share;
	}
	T_EQ_INT(total, tl->observed);
	T_EQ_INT(total, s.observed_ms);
	if (tl->observed > 0)
		T_TRUE(fabs(shares - 1.0) < 1e-9);
	bins = summary_bins(tl, minutes, &n);
	per = xcalloc(s.ngroups, sizeof *per);
	for (i = 0; i < n; i++)
		per[b_index(bins[i].group, s.ngroups)] += bins[i].ms;
	for (g = 0; g < s.ngroups; g++) {
		if (per[g] != s.groups[g].ms)
			ok = 0;
	}
	if (!ok)
		fprintf(stderr, "bins of %d minutes do not add up for:\n%s",
		    minutes, text);
	T_TRUE(ok);
	free(per);
	free(bins);
	summary_free(&s);
}

/* Reads every day of the CSV at path and writes their summaries. */
static char *
summaries_of_csv(const char *path, size_t *ndays)
{
	struct episodes_reader	*r;
	struct output		*o;
	struct timeline		 tl;
	char			*buf = NULL, *cause = NULL;
	size_t			 size;
	int			 exit_code = 0, n;
	FILE			*f;

	*ndays = 0;
	f = open_memstream(&buf, &size);
	o = output_new(f, OUTPUT_CSV, OUTPUT_SUMMARY, 0);
	if (ep_open(path, scheme, &r, &exit_code, &cause) == 0) {
		while ((n = ep_next(r, &tl, &exit_code, &cause)) == 1) {
			output_day(o, &tl, NULL);
			timeline_free(&tl);
			(*ndays)++;
		}
		episodes_close(r);
	}
	if (cause != NULL) {
		fprintf(stderr, "reading back: %s\n", cause);
		T_TRUE(cause == NULL);
		free(cause);
	}
	output_end(o, NULL);
	fclose(f);
	return buf;
}

static void
test_round_trip(void)
{
	struct timeline	*days;
	struct day	*d;
	char		*text, *path, *want, *got, *again;
	size_t		 i, n = 0, ndays;
	FILE		*f;

	days = xcalloc(ROUND_TRIPS, sizeof *days);
	for (i = 0; i < ROUND_TRIPS; i++) {
		d = gen_day((unsigned)i, &text);
		timeline_from_day(d, &days[n]);
		day_free(d);
		check_sums(&days[n], text);
		free(text);
		if (days[n].nitems == 0)
			timeline_free(&days[n]);	/* nothing to export */
		else
			n++;
	}
	T_TRUE(n > ROUND_TRIPS * 9 / 10);

	/* All the days in one episodes CSV, by the module that reads it,
	 * read back. */
	path = xasprintf("%s/round.csv", dir);
	if ((f = fopen(path, "w")) == NULL)
		abort();
	episodes_write_header(f, days[0].scheme);
	for (i = 0; i < n; i++)
		episodes_write(f, &days[i], days[0].scheme);
	T_EQ_INT(fclose(f), 0);

	want = run_output(OUTPUT_CSV, OUTPUT_SUMMARY, 0, days, n);
	got = summaries_of_csv(path, &ndays);
	T_EQ_INT(ndays, n);
	T_TRUE(strcmp(want, got) == 0);
	if (strcmp(want, got) != 0)
		fprintf(stderr, "round trip differs:\n--- log\n%.2000s\n--- "
		    "csv\n%.2000s\n", want, got);

	/* The analyser's --episodes writes that very file, and exporting
	 * the read-back days gives the same file again. */
	free(got);
	got = run_output(OUTPUT_CSV, OUTPUT_EPISODES, 0, days, n);
	want_file(path, got);
	free(path);
	path = put_file("round2.csv", got, strlen(got));
	free(want);
	want = summaries_of_csv(path, &ndays);
	again = run_output(OUTPUT_CSV, OUTPUT_SUMMARY, 0, days, n);
	T_TRUE(strcmp(want, again) == 0);
	free(again);
	free(want);
	free(got);
	free(path);
	for (i = 0; i < n; i++)
		timeline_free(&days[i]);
	free(days);
}

void
episodes_test_register(void)
{
	CU_pSuite s = CU_add_suite("episodes", episodes_suite_init,
	    episodes_suite_clean);

	CU_add_test(s, "csv: fields, quotes and line breaks", test_csv_fields);
	CU_add_test(s, "csv: every error", test_csv_errors);
	CU_add_test(s, "csv: limits", test_csv_limits);
	CU_add_test(s, "csv: TSV, a record a line; byte order marks", test_tsv);
	CU_add_test(s, "csv: writing fields, formulas as text, read back",
	    test_csv_put);
	CU_add_test(s, "telling an episodes CSV by its header", test_sniff);
	CU_add_test(s, "reading days", test_read_days);
	CU_add_test(s, "columns of the whole day: tags, comment, corrections",
	    test_read_day_columns);
	CU_add_test(s, "every mistake with its line", test_read_errors);
	CU_add_test(s, "mistakes in a later day, limits",
	    test_read_errors_later);
	CU_add_test(s, "opening: missing, wrong header, BOM and CRLF",
	    test_open);
	CU_add_test(s, "an error's code, file, line and words apart",
	    test_err_fields);
	CU_add_test(s, "hostile bytes and truncations", test_hostile);
	CU_add_test(s, "output: text safe, JSON valid, CSV verbatim",
	    test_output_escaping);
	CU_add_test(s, "output: one header, one document", test_output_runs);
	CU_add_test(s, "round trip of generated days", test_round_trip);
}
