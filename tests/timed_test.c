/*
 * Timed commands through timed_run: a new day, refused input that leaves no
 * trace, appending, torn-tail repair.  Streams come from fmemopen.
 */
#include <sys/stat.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "clock.h"
#include "command.h"
#include "day.h"
#include "test.h"
#include "timed.h"
#include "xmalloc.h"

static char *dir;

static void
header_init(struct log_header *hdr)
{
	memset(hdr, 0, sizeof *hdr);
	hdr->version = LOG_FORMAT_VERSION;
	hdr->school = xstrdup("School");
	hdr->head = xstrdup("HT1");
	hdr->observer = xstrdup("OBS");
	snprintf(hdr->date, sizeof hdr->date, "2026-11-16");
	hdr->tz = xstrdup("Europe/London");
	hdr->utc_offset = 0;
	hdr->recorder = xstrdup("shadowlog-record test");
	hdr->scheme = scheme_default();
}

/* Runs text through timed_run into path; returns the exit status main
 * would, with *warning and *cause as it would print them (one error a
 * line). */
static int
run(const char *path, const char *text, char **warning, char **cause)
{
	struct log_header	 hdr;
	struct timed_report	 report;
	FILE			*in;
	char			*line, *all;
	size_t			 i;
	int			 code = 0;

	header_init(&hdr);
	in = fmemopen((void *)text, strlen(text), "r");
	if (timed_run(path, &hdr, in, "in.txt", &report) != 0)
		code = err_exit_code(report.errors[0].code);
	fclose(in);
	log_header_free(&hdr);
	if (report.warning.code != ERR_OK)
		*warning = err_text(&report.warning);
	for (i = 0; i < report.nerrors; i++) {
		line = err_text(&report.errors[i]);
		all = *cause == NULL ? line : xasprintf("%s\n%s", *cause, line);
		if (all != line) {
			free(line);
			free(*cause);
		}
		*cause = all;
	}
	timed_report_free(&report);
	return code;
}

static char *
read_file(const char *path, size_t *len)
{
	FILE	*f = fopen(path, "rb");
	char	*buf;
	long	 n;

	if (f == NULL)
		return NULL;
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	rewind(f);
	buf = xmalloc((size_t)n + 1);
	*len = fread(buf, 1, (size_t)n, f);
	fclose(f);
	return buf;
}

static struct day *
load(const char *path)
{
	struct day	*day = NULL;
	enum log_status	 status;
	off_t		 good, damage;
	char		*warning = NULL, *cause = NULL;
	int		 code;

	if (test_load_day(path, &day, &status, &good, &damage, &warning, &code,
	    &cause) != 0) {
		fprintf(stderr, "load %s: %s\n", path, cause);
		free(cause);
		return NULL;
	}
	free(warning);
	return day;
}

static void
test_new_day(void)
{
	char		*path = xasprintf("%s/new.slog", dir);
	char		*warning = NULL, *cause = NULL;
	struct day	*day;
	struct stat	 sb;
	int64_t		 want;

	T_EQ_INT(run(path, "# a day\n09:00 begin\n09:01:30 start t by=head "
	    "person=T04\n\n09:30 brief p\n10:00:00.250 stop\n", &warning,
	    &cause), 0);
	T_TRUE(cause == NULL);
	T_TRUE(warning == NULL);
	T_EQ_INT(stat(path, &sb), 0);
	T_EQ_INT(sb.st_mode & 0777, 0600);
	day = load(path);
	CU_ASSERT_FATAL(day != NULL);
	T_EQ_INT(day_nactions(day), 4);
	T_EQ_INT(day_action(day, 1)->rec->type, RECORD_START);
	T_EQ_STR(day_action(day, 1)->rec->group, "teachers");
	T_EQ_STR(day_action(day, 1)->rec->person, "T04");
	T_EQ_INT(day_action(day, 1)->rec->seq, 2);
	clock_local_to_ms("2026-11-16", (9 * 3600 + 90) * 1000, &want, NULL);
	T_EQ_INT(day_action(day, 1)->t, want);
	clock_local_to_ms("2026-11-16", 10 * 3600 * 1000 + 250, &want, NULL);
	T_EQ_INT(day_action(day, 3)->t, want);
	T_EQ_INT(day_state(day)->stopped, 1);
	day_free(day);
	unlink(path);
	free(path);
}

/* A bad line anywhere: 65, "in.txt:LINE: ...", and no file. */
static void
test_refused_new(void)
{
	char	*path = xasprintf("%s/refused.slog", dir);
	char	*warning = NULL, *cause = NULL;

	T_EQ_INT(run(path, "09:00 begin\n09:01 start t\n09:02 start x\n"
	    "09:03 stop\n", &warning, &cause), 65);
	T_HAS_STR(cause, "in.txt:3: ");
	T_HAS_STR(cause, "unknown group");
	T_EQ_INT(access(path, F_OK), -1);
	free(cause);
	cause = NULL;
	T_EQ_INT(run(path, "09:00 begin\n09:05 start t\n09:04 end\n",
	    &warning, &cause), 65);
	T_HAS_STR(cause, "in.txt:3: ");
	T_EQ_INT(access(path, F_OK), -1);
	free(cause);
	free(path);
}

static void
test_empty_and_long(void)
{
	char	*path = xasprintf("%s/empty.slog", dir);
	char	*warning = NULL, *cause = NULL, *longline;

	T_EQ_INT(run(path, "# nothing but a comment\n\n", &warning, &cause),
	    65);
	T_HAS_STR(cause, "no commands");
	free(cause);
	cause = NULL;
	longline = xmalloc(COMMAND_MAX_LINE + 64);
	memset(longline, 'x', COMMAND_MAX_LINE + 62);
	memcpy(longline, "09:00 note ", 11);
	longline[COMMAND_MAX_LINE + 62] = '\n';
	longline[COMMAND_MAX_LINE + 63] = '\0';
	T_EQ_INT(run(path, longline, &warning, &cause), 65);
	T_HAS_STR(cause, "in.txt:1: line is longer than");
	T_EQ_INT(access(path, F_OK), -1);
	free(cause);
	free(longline);
	free(path);
}

static void
test_append(void)
{
	char		*path = xasprintf("%s/append.slog", dir);
	char		*warning = NULL, *cause = NULL, *before, *after;
	size_t		 blen, alen;
	struct day	*day;

	T_EQ_INT(run(path, "09:00 begin\n09:01 start t\n09:30 stop\n",
	    &warning, &cause), 0);
	before = read_file(path, &blen);
	/* Refused: the file stays byte for byte. */
	T_EQ_INT(run(path, "10:00 begin\n09:59 start p\n", &warning, &cause),
	    65);
	T_HAS_STR(cause, "in.txt:2: ");
	free(cause);
	cause = NULL;
	after = read_file(path, &alen);
	T_EQ_INT(alen, blen);
	T_TRUE(memcmp(before, after, blen) == 0);
	free(after);
	/* Accepted: begin resumes the stopped day; seq continues. */
	T_EQ_INT(run(path, "10:00 begin\n10:01 start p by=other\n10:02 undo\n"
	    "10:03 stop\n", &warning, &cause), 0);
	day = load(path);
	CU_ASSERT_FATAL(day != NULL);
	T_EQ_INT(day_nactions(day), 7);
	T_EQ_INT(day_action(day, 3)->rec->type, RECORD_BEGIN);
	T_EQ_INT(day_action(day, 3)->rec->seq, 4);
	T_EQ_INT(day_action(day, 5)->rec->undoes, 5);
	T_EQ_INT(day_action(day, 4)->withdrawn, 1);
	day_free(day);
	free(before);
	unlink(path);
	free(path);
}

static void
test_torn_tail(void)
{
	char		*path = xasprintf("%s/torn.slog", dir);
	char		*side = xasprintf("%s.damaged-1", path);
	char		*warning = NULL, *cause = NULL;
	struct stat	 sb;
	struct day	*day;

	T_EQ_INT(run(path, "09:00 begin\n09:01 start t\n09:30 end\n",
	    &warning, &cause), 0);
	T_EQ_INT(stat(path, &sb), 0);
	T_EQ_INT(truncate(path, sb.st_size - 2), 0);
	T_EQ_INT(run(path, "09:40 start p\n09:50 stop\n", &warning, &cause),
	    0);
	T_HAS_STR(warning, "torn tail");
	T_HAS_STR(warning, side);
	T_EQ_INT(stat(side, &sb), 0);
	T_TRUE(sb.st_size > 0);
	T_EQ_INT(sb.st_mode & 0777, 0600);
	day = load(path);
	CU_ASSERT_FATAL(day != NULL);
	/* begin, start t survive; the torn end is gone; start p, stop added. */
	T_EQ_INT(day_nactions(day), 4);
	T_EQ_STR(day_action(day, 2)->rec->group, "pupils");
	T_EQ_INT(day_action(day, 2)->rec->seq, 3);
	day_free(day);
	free(warning);
	unlink(side);
	unlink(path);
	free(side);
	free(path);
}

/* Each bad line is an error of its own, placed by its fields; past
 * TIMED_MAX_ERRORS the rest are counted in one more. */
static void
test_report(void)
{
	char			*path = xasprintf("%s/report.slog", dir);
	char			*text, *next, *shown;
	struct log_header	 hdr;
	struct timed_report	 report;
	FILE			*in;
	int			 i;

	text = xstrdup("09:00 begin\n");
	for (i = 0; i < TIMED_MAX_ERRORS + 5; i++) {
		next = xasprintf("%s09:%02d start x\n", text, i + 1);
		free(text);
		text = next;
	}
	header_init(&hdr);
	in = fmemopen(text, strlen(text), "r");
	T_EQ_INT(timed_run(path, &hdr, in, "in.txt", &report), -1);
	fclose(in);
	T_EQ_INT(report.nerrors, TIMED_MAX_ERRORS + 1);
	T_EQ_INT(report.errors[0].code, ERR_DATA);
	T_EQ_STR(report.errors[0].file, "in.txt");
	T_EQ_INT(report.errors[0].line, 2);
	T_HAS_STR(report.errors[0].msg, "unknown group");
	T_TRUE(strstr(report.errors[0].msg, "in.txt") == NULL);
	T_EQ_INT(report.errors[TIMED_MAX_ERRORS - 1].line, TIMED_MAX_ERRORS + 1);
	T_EQ_INT(report.errors[TIMED_MAX_ERRORS].line, 0);
	shown = err_text(&report.errors[TIMED_MAX_ERRORS]);
	T_EQ_STR(shown, "in.txt: 5 more errors not shown");
	free(shown);
	T_EQ_INT(report.warning.code, ERR_OK);
	T_EQ_INT(access(path, F_OK), -1);
	timed_report_free(&report);
	T_EQ_INT(report.nerrors, 0);
	log_header_free(&hdr);
	free(text);
	free(path);
}

/* A bad line's error has the same fields whichever part found it, lines
 * counted by hand: the command parser (line 2: a clock time, ERR_USAGE
 * on a command line, is ERR_DATA in a file), day.c's search for a
 * review's target (line 3) and its check of the order (line 5, after the
 * good line 4), each with its words bare. */
static void
test_report_sources(void)
{
	static const char	*want[] = {
		"time '09:61': minute 61 is past 59",
		"recode: no start, brief or add at 08:00",
		"time 09:15:00 is before the previous record (09:20:00)"
	};
	static const int	 lines[] = { 2, 3, 5 };
	char			*path = xasprintf("%s/sources.slog", dir);
	struct log_header	 hdr;
	struct timed_report	 report;
	FILE			*in;
	const char		*text = "09:00 begin\n09:61 start SLT\n"
	    "09:10 recode 08:00 pupils\n09:20 start SLT\n"
	    "09:15 start pupils\n";
	size_t			 i;

	header_init(&hdr);
	in = fmemopen((void *)text, strlen(text), "r");
	T_EQ_INT(timed_run(path, &hdr, in, "in.txt", &report), -1);
	fclose(in);
	T_EQ_INT(report.nerrors, 3);
	for (i = 0; i < report.nerrors && i < 3; i++)
		T_ERR(&report.errors[i], "in.txt", ERR_DATA, lines[i],
		    want[i]);
	T_EQ_INT(access(path, F_OK), -1);
	timed_report_free(&report);
	log_header_free(&hdr);
	free(path);
}

static int
suite_init(void)
{
	setenv("TZ", "Europe/London", 1);
	tzset();
	dir = test_tmpdir();
	return dir == NULL;
}

static int
suite_clean(void)
{
	rmdir(dir);
	free(dir);
	return 0;
}

void
timed_test_register(void)
{
	CU_pSuite s = CU_add_suite("timed", suite_init, suite_clean);

	CU_add_test(s, "a new day", test_new_day);
	CU_add_test(s, "refused input writes nothing", test_refused_new);
	CU_add_test(s, "empty input and overlong lines", test_empty_and_long);
	CU_add_test(s, "appending and refused appends", test_append);
	CU_add_test(s, "torn tail repaired on append", test_torn_tail);
	CU_add_test(s, "a bad line's error: code, line, words, whoever "
	    "found it", test_report_sources);
	CU_add_test(s, "errors listed one a line, then counted",
	    test_report);
}
