/*
 * Tests for the charts (chart.c): a small day built by hand (timeline_init, _add,
 * _finish) drawn as every chart in every format and each file decoded (PNG
 * signature and size, SVG text, PDF header and page, mode 0600); hostile
 * text in every string a log holds, with marker files that must never
 * appear; gnuplot missing, failing, or without its scripts; a target that
 * cannot be written; the comparison across days; an empty day.  Needs
 * gnuplot: without it the drawing tests say so and pass.
 */
#include <sys/stat.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "chart.h"
#include "err.h"
#include "scheme.h"
#include "summary.h"
#include "test.h"
#include "timeline.h"
#include "xmalloc.h"

#define M(h, m)		((int64_t)((h) * 60 + (m)) * 60000)	/* clock ms */

static char	*dir;		/* this suite's own directory */
static char	*private_tmp;	/* TMPDIR while the suite runs */
static char	*old_tmpdir;
static int	 have_gnuplot;

/* Reads a whole file; NULL if it cannot.  The caller frees. */
static char *
slurp(const char *path, size_t *len)
{
	FILE	*f;
	char	*buf;
	long	 n;

	if ((f = fopen(path, "rb")) == NULL)
		return NULL;
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	rewind(f);
	buf = xmalloc((size_t)n + 1);
	*len = fread(buf, 1, (size_t)n, f);
	buf[*len] = '\0';
	fclose(f);
	return buf;
}

static enum err_code	 last_code;	/* of the last draw_day or draw_compare */

/* chart_draw_day with the error as a string (*cause, caller frees) and
 * its code in last_code. */
static int
draw_day(const struct timeline *tl, enum chart_kind c, enum chart_format f,
    const char *path, char **cause)
{
	struct err	e = ERR_INIT;
	int		rc;

	rc = chart_draw_day(tl, NULL, c, f, path, &e);
	last_code = e.code;
	if (rc != 0)
		*cause = err_text(&e);
	err_clear(&e);
	return rc;
}

/* chart_draw_compare likewise. */
static int
draw_compare(const struct chart_compare *pc, enum chart_format f,
    const char *path, char **cause)
{
	struct err	e = ERR_INIT;
	int		rc;

	rc = chart_draw_compare(pc, f, path, &e);
	last_code = e.code;
	if (rc != 0)
		*cause = err_text(&e);
	err_clear(&e);
	return rc;
}

static int
exists(const char *path)
{
	struct stat	sb;

	return stat(path, &sb) == 0;
}

static void
add(struct timeline *tl, enum tl_kind kind, int64_t start, int64_t end,
    int group, enum record_by by, const char *person, const char *note)
{
	struct tl_item	it;

	memset(&it, 0, sizeof it);
	it.kind = kind;
	it.start = start;
	it.end = end;
	it.group = group;
	it.by = by;
	it.person = (char *)person;
	it.note = (char *)note;
	timeline_add(tl, &it);
}

/* A morning: alone, SLT (head), a brief contact, teachers (other), a
 * pause, pupils (unknown), a note, alone again. */
static void
day_build(struct timeline *tl, const char *school, const char *head,
    const char *date, const struct scheme *scheme, const char *person,
    const char *note)
{
	char	*cause = NULL;

	timeline_init(tl, school, head, "OBS-T", date, scheme);
	timeline_add_tag(tl, "phase", "primary");
	add(tl, TL_ALONE, M(8, 0), M(8, 5), -1, RECORD_BY_UNKNOWN, NULL, NULL);
	add(tl, TL_EPISODE, M(8, 5), M(8, 20), 0, RECORD_BY_HEAD, person,
	    NULL);
	add(tl, TL_BRIEF, M(8, 10), M(8, 10), 1, RECORD_BY_HEAD, person,
	    NULL);
	add(tl, TL_EPISODE, M(8, 20), M(8, 50), 1, RECORD_BY_OTHER, NULL,
	    NULL);
	add(tl, TL_PAUSE, M(8, 50), M(9, 10), -1, RECORD_BY_UNKNOWN, NULL,
	    NULL);
	add(tl, TL_ALONE, M(9, 10), M(9, 15), -1, RECORD_BY_UNKNOWN, NULL,
	    NULL);
	add(tl, TL_EPISODE, M(9, 15), M(9, 45), 3, RECORD_BY_UNKNOWN, NULL,
	    NULL);
	add(tl, TL_NOTE, M(9, 20), M(9, 20), -1, RECORD_BY_UNKNOWN, NULL,
	    note);
	add(tl, TL_ALONE, M(9, 45), M(10, 0), -1, RECORD_BY_UNKNOWN, NULL,
	    NULL);
	if (t_cause(timeline_finish(tl, t_err()), &cause) != 0) {
		CU_FAIL(cause);
		free(cause);
	}
}

/* The file at path is a whole chart in format: decoded just enough. */
static void
check_chart_(const char *path, enum chart_format format, int line)
{
	struct stat	 sb;
	unsigned char	*b;
	size_t		 len = 0;
	unsigned	 w, h;
	char		 msg[T_MSG_LEN];

	b = (unsigned char *)slurp(path, &len);
	snprintf(msg, sizeof msg, "%s is a whole %s chart", path,
	    chart_format_ext(format));
	CU_assertImplementation(b != NULL && len > 100, line, msg, __FILE__,
	    "", CU_FALSE);
	if (b == NULL || len <= 100) {
		free(b);
		return;
	}
	switch (format) {
	case CHART_PNG:
		T_TRUE(memcmp(b, "\x89PNG\r\n\x1a\n", 8) == 0);
		T_TRUE(memcmp(b + 12, "IHDR", 4) == 0);
		w = (unsigned)b[16] << 24 | b[17] << 16 | b[18] << 8 | b[19];
		h = (unsigned)b[20] << 24 | b[21] << 16 | b[22] << 8 | b[23];
		T_EQ_INT(w, 1600);
		T_EQ_INT(h, 900);
		break;
	case CHART_SVG:
		T_TRUE(strncmp((char *)b, "<?xml", 5) == 0);
		T_HAS_STR((char *)b, "</svg>");
		/* As the report shows it: the half-width charts 360x230,
		 * the others 800 across, as low as each allows. */
		T_HAS_STR((char *)b, strstr(path, "groups.") != NULL ||
		    strstr(path, "lengths.") != NULL ||
		    strstr(path, "initiative.") != NULL ||
		    strstr(path, "transitions.") != NULL ?
		    "width=\"360\" height=\"230\"" : "width=\"800\" height=\"");
		break;
	case CHART_PDF:
		T_TRUE(strncmp((char *)b, "%PDF-", 5) == 0);
		T_TRUE(memmem(b, len, "/Type /Page", 11) != NULL);
		break;
	}
	if (stat(path, &sb) == 0)
		T_EQ_INT(sb.st_mode & 0777, 0600);
	free(b);
}
#define check_chart(p, f) check_chart_((p), (f), __LINE__)

/* The charts the report shows at half width, drawn for it as SVG. */
static int
chart_half(enum chart_kind c)
{
	return c == CHART_GROUPS || c == CHART_LENGTHS ||
	    c == CHART_INITIATIVE || c == CHART_TRANSITIONS;
}

static int
chart_suite_init(void)
{
	struct timeline	 tl;
	struct scheme	*scheme;
	const char	*src, *tmp;
	char		*path, *plots, *cause = NULL;

	if ((dir = test_tmpdir()) == NULL)
		return 1;
	src = getenv("top_srcdir");
	if (getenv("SHADOWLOG_PLOTS") == NULL && src != NULL) {
		plots = xasprintf("%s/plots", src);
		setenv("SHADOWLOG_PLOTS", plots, 1);
		free(plots);
	}
	/* Every run's private directory goes here, to see it removed. */
	tmp = getenv("TMPDIR");
	old_tmpdir = tmp != NULL ? xstrdup(tmp) : NULL;
	private_tmp = xasprintf("%s/tmp", dir);
	if (mkdir(private_tmp, 0700) != 0)
		return 1;
	setenv("TMPDIR", private_tmp, 1);

	scheme = scheme_default();
	day_build(&tl, "S", "H", "2024-03-05", scheme, NULL, NULL);
	path = xasprintf("%s/probe.png", dir);
	have_gnuplot = draw_day(&tl, CHART_GROUPS, CHART_PNG,
	    path, &cause) == 0;
	if (!have_gnuplot) {
		fprintf(stderr, "\nplot tests: no chart drawn (%s); the drawing "
		    "tests pass without checking\n", cause);
		free(cause);
	}
	unlink(path);
	free(path);
	timeline_free(&tl);
	scheme_free(scheme);
	return 0;
}

static int
chart_suite_clean(void)
{
	if (old_tmpdir != NULL)
		setenv("TMPDIR", old_tmpdir, 1);
	else
		unsetenv("TMPDIR");
	rmdir(private_tmp);
	rmdir(dir);
	free(old_tmpdir);
	free(private_tmp);
	free(dir);
	return 0;
}

static void
test_chart_formats(void)
{
	enum chart_format	f = CHART_PNG;

	T_EQ_INT(chart_parse_format("png", &f), 0);
	T_EQ_INT(f, CHART_PNG);
	T_EQ_INT(chart_parse_format("svg", &f), 0);
	T_EQ_INT(f, CHART_SVG);
	T_EQ_INT(chart_parse_format("pdf", &f), 0);
	T_EQ_INT(f, CHART_PDF);
	T_EQ_INT(chart_parse_format("PNG", &f), -1);
	T_EQ_INT(chart_parse_format("", &f), -1);
	T_EQ_INT(chart_parse_format("bogus", &f), -1);
	T_EQ_INT(chart_parse_format("png ", &f), -1);
	T_EQ_STR(chart_format_ext(CHART_PNG), "png");
	T_EQ_STR(chart_format_ext(CHART_SVG), "svg");
	T_EQ_STR(chart_format_ext(CHART_PDF), "pdf");
}

static void
test_chart_names(void)
{
	static const char	*want[CHART_NDAY] = { "timeline",
	    "groups", "pattern", "lengths", "initiative", "transitions" };
	int			 c;

	for (c = 0; c < CHART_NDAY; c++)
		T_EQ_STR(chart_name(c), want[c]);
}

/* Every chart of the day in every format, each decoded. */
static void
test_chart_day_charts(void)
{
	struct timeline	 tl;
	struct scheme	*scheme = scheme_default();
	char		*path, *cause = NULL, *svg;
	size_t		 len;
	int		 c, f, rc;

	if (!have_gnuplot)
		return;
	day_build(&tl, "Hillside Primary", "H1", "2024-03-05", scheme, "P1",
	    "a note");
	for (f = CHART_PNG; f <= CHART_PDF; f++) {
		for (c = 0; c < CHART_NDAY; c++) {
			path = xasprintf("%s/%s.%s", dir, chart_name(c),
			    chart_format_ext(f));
			rc = draw_day(&tl, c, f, path, &cause);
			T_EQ_INT(rc, 0);
			if (rc != 0) {
				CU_FAIL(cause);
				free(cause);
				cause = NULL;
			}
			check_chart(path, f);
			if (f == CHART_SVG && (svg = slurp(path, &len)) !=
			    NULL) {
				/* A half-width chart: its title only, the
				 * report's heading names the day. */
				if (!chart_half(c)) {
					T_HAS_STR(svg, "Hillside Primary");
					T_HAS_STR(svg, "head H1");
					T_HAS_STR(svg, "Tuesday 5 March 2024");
					T_HAS_STR(svg, "observer OBS-T");
				}
				if (c != CHART_PATTERN)
					T_HAS_STR(svg, ">teachers<");
				free(svg);
			}
			unlink(path);
			free(path);
		}
	}
	T_EQ_INT(test_entries(private_tmp), 0);
	timeline_free(&tl);
	scheme_free(scheme);
}

/* Text from a log that would run something if it were ever code: what
 * shows in a title (the first 24 characters) holds quotes, a backslash,
 * markup, UTF-8 and controls; the rest, commands naming marker files. */
static char *
hostile(const char *what)
{
	return xasprintf("%s'\"\\<b>&</b>]]> \xc3\xbc\xe2\x82\xac\xe6\xa0\xa1"
	    "\x1b[2J\n\t\x7f\xc2\x9b\xff '; system(\"touch %s/PWNED1\") ;' "
	    "`touch %s/PWNED2` $(touch %s/PWNED3) \" set output '%s/PWNED4' "
	    "@x", what, dir, dir, dir, dir);
}

/* A scheme whose names are commands, absolute markers while the names
 * fit in 64 bytes. */
static struct scheme *
hostile_scheme(void)
{
	struct scheme	*scheme;
	char		*text, *cause = NULL;
	const char	*m = strlen(dir) <= 30 ? dir : ".";

	text = xasprintf("group s \"SLT'; system(\\\"touch %s/PWNED5\\\"); "
	    "'\"\ngroup t \"teach\\\\ers `touch %s/PWNED6`\"\n"
	    "group a \"<b>s & t</b> ]]>\"\n"
	    "group p \"p\xc3\xbcpils $(touch %s/PWNED7)\"\n", m, m, m);
	scheme = test_parse_scheme(text, strlen(text), "hostile", &cause);
	if (scheme == NULL) {
		CU_FAIL(cause);
		free(cause);
	}
	free(text);
	return scheme;
}

static void
test_chart_hostile(void)
{
	struct timeline	 tl;
	struct scheme	*scheme;
	char		*school, *head, *person, *note, *path, *svg;
	char		*marker, *cause = NULL;
	size_t		 len;
	int		 c, f, i;

	if (!have_gnuplot || (scheme = hostile_scheme()) == NULL)
		return;
	school = hostile("'");	/* a quote first, then two */
	head = hostile("H");
	person = hostile("P");
	note = hostile("N");
	day_build(&tl, school, head, "2024-03-05", scheme, person, note);
	free(tl.observer);
	tl.observer = hostile("O");
	for (f = CHART_PNG; f <= CHART_PDF; f++) {
		for (c = 0; c < CHART_NDAY; c++) {
			path = xasprintf("%s/h-%s.%s", dir,
			    chart_name(c), chart_format_ext(f));
			T_EQ_INT(draw_day(&tl, c, f, path, &cause), 0);
			if (cause != NULL) {
				CU_FAIL(cause);
				free(cause);
				cause = NULL;
			}
			check_chart(path, f);
			if (f == CHART_SVG && (svg = slurp(path, &len)) !=
			    NULL) {
				/* Shown as written, markup escaped by
				 * gnuplot, "]]>" broken, controls as
				 * spaces, a broken byte as U+FFFD. */
				if (!chart_half(c)) {
					T_HAS_STR(svg, ">''\"\\&lt;b>&amp;&lt;/b>"
					    "]] > \xc3\xbc\xe2\x82\xac\xe6\xa0"
					    "\xa1 [2J    \xef\xbf\xbd '; system(");
					T_HAS_STR(svg, "head H'\"\\&lt;b>");
					T_HAS_STR(svg, "observer O'\"\\&lt;b>");
				}
				if (c == CHART_PATTERN || c == CHART_GROUPS) {
					/* no names written: nothing more */
				} else if (chart_half(c)) {
					/* Cut at 12 characters. */
					T_HAS_STR(svg, ">SLT'; syste\xe2\x80\xa6");
					T_HAS_STR(svg, ">teach\\ers `\xe2\x80\xa6");
					T_HAS_STR(svg, ">&lt;b>s &amp; t&lt;/b"
					    "\xe2\x80\xa6<");
				} else {
					T_HAS_STR(svg, ">SLT'; system(\"touch ");
					T_HAS_STR(svg, ">teach\\ers `touch ");
					T_HAS_STR(svg, ">&lt;b>s &amp; t&lt;/b> "
					    "]] ><");
				}
				T_TRUE(strstr(svg, "]]>") == NULL);
				T_TRUE(strstr(svg, "\x1b") == NULL);
				T_TRUE(strstr(svg, "<b>") == NULL);
				free(svg);
			}
			unlink(path);
			free(path);
		}
	}
	for (i = 1; i <= 7; i++) {
		marker = xasprintf("%s/PWNED%d", dir, i);
		T_TRUE(!exists(marker));
		free(marker);
	}
	T_EQ_INT(test_entries(dir), 1);	/* only tmp/ */
	T_EQ_INT(test_entries(private_tmp), 0);
	timeline_free(&tl);
	scheme_free(scheme);
	free(school);
	free(head);
	free(person);
	free(note);
}

/* Sets an environment variable for one test; restore with env_restore. */
static char *
env_set(const char *name, const char *value)
{
	const char	*old = getenv(name);
	char		*saved = old != NULL ? xstrdup(old) : NULL;

	setenv(name, value, 1);
	return saved;
}

static void
env_restore(const char *name, char *saved)
{
	if (saved != NULL)
		setenv(name, saved, 1);
	else
		unsetenv(name);
	free(saved);
}

static void
test_chart_gnuplot_missing(void)
{
	struct timeline	 tl;
	struct scheme	*scheme = scheme_default();
	char		*path, *cause = NULL, *old_path, *old_gnuplot;
	int		 rc, err;

	day_build(&tl, "S", "H", "2024-03-05", scheme, NULL, NULL);
	path = xasprintf("%s/missing.png", dir);
	old_path = env_set("PATH", "/nonexistent");
	old_gnuplot = env_set("SHADOWLOG_GNUPLOT", "/nonexistent/gnuplot");
	rc = draw_day(&tl, CHART_TIMELINE, CHART_PNG, path, &cause);
	err = (int)last_code;
	env_restore("PATH", old_path);
	env_restore("SHADOWLOG_GNUPLOT", old_gnuplot);
	T_EQ_INT(rc, -1);
	T_EQ_INT(err, ERR_UNAVAILABLE);
	T_EQ_STR(cause, "gnuplot is not installed (apt-get install "
	    "gnuplot-nox)");
	T_TRUE(!exists(path));
	T_EQ_INT(test_entries(private_tmp), 0);
	free(cause);
	free(path);
	timeline_free(&tl);
	scheme_free(scheme);
}

/* A script gnuplot refuses: its message is the cause, and the file that
 * was there before is left whole. */
static void
test_chart_gnuplot_fails(void)
{
	struct timeline	 tl;
	struct scheme	*scheme = scheme_default();
	char		*plots, *script, *path, *cause = NULL, *old, *text;
	size_t		 len;
	FILE		*f;
	int		 rc, err;

	if (!have_gnuplot)
		return;
	day_build(&tl, "S", "H", "2024-03-05", scheme, NULL, NULL);
	plots = xasprintf("%s/broken", dir);
	mkdir(plots, 0700);
	script = xasprintf("%s/groups.gp", plots);
	f = fopen(script, "w");
	fputs("plot sin(x) with nonsense\n", f);
	fclose(f);
	path = xasprintf("%s/kept.png", dir);
	f = fopen(path, "w");
	fputs("the chart drawn before", f);
	fclose(f);
	old = env_set("SHADOWLOG_PLOTS", plots);
	rc = draw_day(&tl, CHART_GROUPS, CHART_PNG, path, &cause);
	err = (int)last_code;
	env_restore("SHADOWLOG_PLOTS", old);
	T_EQ_INT(rc, -1);
	T_EQ_INT(err, ERR_SOFTWARE);
	T_HAS_STR(cause, "gnuplot failed drawing the groups chart");
	T_HAS_STR(cause, "unrecognized plot type");
	text = slurp(path, &len);
	T_EQ_STR(text, "the chart drawn before");
	T_EQ_INT(test_entries(dir), 3);	/* tmp/, broken/, kept.png */
	T_EQ_INT(test_entries(private_tmp), 0);
	free(text);
	free(cause);
	cause = NULL;

	/* A chart whose script is not there at all. */
	rc = draw_day(&tl, CHART_TIMELINE, CHART_PNG, path, &cause);
	T_EQ_INT(rc, have_gnuplot ? 0 : -1);
	free(cause);
	cause = NULL;
	old = env_set("SHADOWLOG_PLOTS", plots);
	rc = draw_day(&tl, CHART_TIMELINE, CHART_PNG, path, &cause);
	err = (int)last_code;
	env_restore("SHADOWLOG_PLOTS", old);
	T_EQ_INT(rc, -1);
	T_EQ_INT(err, ERR_UNAVAILABLE);
	T_HAS_STR(cause, "the chart script is missing");
	free(cause);
	cause = NULL;
	old = env_set("SHADOWLOG_PLOTS", "/nonexistent/plots");
	rc = draw_day(&tl, CHART_TIMELINE, CHART_PNG, path, &cause);
	err = (int)last_code;
	env_restore("SHADOWLOG_PLOTS", old);
	T_EQ_INT(rc, -1);
	T_EQ_INT(err, ERR_UNAVAILABLE);
	T_HAS_STR(cause, "the chart scripts are missing: /nonexistent/plots");

	unlink(script);
	rmdir(plots);
	unlink(path);
	free(cause);
	free(script);
	free(plots);
	free(path);
	timeline_free(&tl);
	scheme_free(scheme);
}

static void
test_chart_bad_target(void)
{
	struct timeline	 tl;
	struct scheme	*scheme = scheme_default();
	char		*path, *cause = NULL;
	int		 rc, err;

	if (!have_gnuplot)
		return;
	day_build(&tl, "S", "H", "2024-03-05", scheme, NULL, NULL);
	path = xasprintf("%s/no/such/dir/chart.png", dir);
	rc = draw_day(&tl, CHART_GROUPS, CHART_PNG, path, &cause);
	err = (int)last_code;
	T_EQ_INT(rc, -1);
	T_EQ_INT(err, ERR_CANTCREAT);
	T_HAS_STR(cause, path);
	T_EQ_INT(test_entries(private_tmp), 0);
	free(cause);
	free(path);
	timeline_free(&tl);
	scheme_free(scheme);
}

/* Adds a day to the comparison; returns chart_compare_add's answer. */
static int
compare_day(struct chart_compare *pc, const char *school, const char *date,
    const struct scheme *scheme, int tagged, char **cause)
{
	struct timeline	tl;
	struct summary	s;
	struct err	e = ERR_INIT;
	int		rc;

	day_build(&tl, school, "H", date, scheme, NULL, NULL);
	if (!tagged) {
		/* The day without the tag the comparison is by. */
		free(tl.tag_keys[0]);
		tl.tag_keys[0] = xstrdup("term");
	}
	summary_compute(&tl, SUMMARY_PARTS, &s);
	/* A refusal: ERR_DATA, told as the analyser tells it. */
	if ((rc = chart_compare_add(pc, &tl, &s, &e)) == -1) {
		T_EQ_INT(e.code, ERR_DATA);
		*cause = err_text(&e);
		err_clear(&e);
	}
	summary_free(&s);
	timeline_free(&tl);
	return rc;
}

static void
test_chart_compare(void)
{
	struct chart_compare	*pc;
	struct scheme		*scheme = scheme_default(), *other;
	char			*path, *cause = NULL, *svg, *text;
	size_t			 len;
	int			 f;

	text = xstrdup("group g governors colour=#123456\n"
	    "group t teachers\ngroup a \"support staff\"\ngroup p pupils\n");
	other = test_parse_scheme(text, strlen(text), "other", &cause);
	free(text);
	T_TRUE(other != NULL);
	pc = chart_compare_new("school", 0);
	T_EQ_INT(chart_compare_days(pc), 0);
	T_EQ_INT(compare_day(pc, "Hillside Primary", "2024-03-05", scheme, 1,
	    &cause), 0);
	T_EQ_INT(compare_day(pc, "Meadowbank", "2024-03-06", scheme, 1,
	    &cause), 0);
	T_EQ_INT(compare_day(pc, "Hillside Primary", "2024-03-04", scheme, 1,
	    &cause), 0);
	/* Another scheme cannot be compared: left out, and said why. */
	T_EQ_INT(compare_day(pc, "Oakfield", "2024-03-01", other, 1, &cause),
	    -1);
	T_HAS_STR(cause, "not the coding scheme of the first day compared");
	free(cause);
	cause = NULL;
	T_EQ_INT(chart_compare_days(pc), 3);
	T_EQ_INT(compare_days(chart_compare_figures(pc)), 3);
	for (f = CHART_PNG; have_gnuplot && f <= CHART_PDF; f++) {
		path = xasprintf("%s/compare.%s", dir, chart_format_ext(f));
		T_EQ_INT(draw_compare(pc, f, path, &cause), 0);
		if (cause != NULL) {
			CU_FAIL(cause);
			free(cause);
			cause = NULL;
		}
		check_chart(path, f);
		if (f == CHART_SVG && (svg = slurp(path, &len)) != NULL) {
			T_HAS_STR(svg, "Time with each group, by school");
			T_HAS_STR(svg, "3 days from 2024-03-04 to 2024-03-06");
			T_HAS_STR(svg, ">Hillside Primary<");
			T_HAS_STR(svg, ">Meadowbank<");
			T_HAS_STR(svg, ">2 days<");
			T_HAS_STR(svg, ">1 day<");
			T_HAS_STR(svg, ">SLT<");
			T_HAS_STR(svg, ">alone<");
			T_TRUE(strstr(svg, "governors") == NULL);
			T_TRUE(strstr(svg, "Oakfield") == NULL);
			T_TRUE(strstr(svg, "left out") == NULL);
			free(svg);
		}
		unlink(path);
		free(path);
	}
	chart_compare_free(pc);

	/* By a tag some days lack: those days are left out, and counted. */
	pc = chart_compare_new("phase", 0);
	T_EQ_INT(compare_day(pc, "A", "2024-03-05", scheme, 1, &cause), 0);
	T_EQ_INT(compare_day(pc, "B", "2024-03-06", scheme, 0, &cause), 1);
	T_EQ_INT(chart_compare_days(pc), 1);
	path = xasprintf("%s/compare.svg", dir);
	if (have_gnuplot) {
		T_EQ_INT(draw_compare(pc, CHART_SVG, path, &cause), 0);
		if ((svg = slurp(path, &len)) != NULL) {
			T_HAS_STR(svg, ">primary<");
			T_TRUE(strstr(svg, "(none)") == NULL);
			T_HAS_STR(svg, "1 day without phase left out");
			T_HAS_STR(svg, "1 day on 2024-03-05, grouped by phase");
			T_HAS_STR(svg, "by phase");
			free(svg);
		}
		unlink(path);
	}
	free(cause);
	cause = NULL;
	chart_compare_free(pc);

	/* Nothing to compare. */
	pc = chart_compare_new(NULL, 0);
	T_EQ_INT(draw_compare(pc, CHART_SVG, path, &cause), -1);
	T_TRUE(!exists(path));
	free(cause);
	chart_compare_free(pc);
	free(path);
	T_EQ_INT(test_entries(private_tmp), 0);
	scheme_free(other);
	scheme_free(scheme);
}

/* A day with nothing in it (as a log holding only its header gives), and
 * one only alone, still give every chart. */
static void
test_chart_empty_day(void)
{
	struct timeline	 tl;
	struct scheme	*scheme = scheme_default();
	char		*path, *cause = NULL;
	int		 c, n;

	if (!have_gnuplot)
		return;
	for (n = 0; n < 2; n++) {
		timeline_init(&tl, "", "", "", "2024-03-05", scheme);
		if (n == 1) {
			add(&tl, TL_ALONE, M(8, 0), M(8, 30), -1,
			    RECORD_BY_UNKNOWN, NULL, NULL);
			T_EQ_INT(t_cause(timeline_finish(&tl, t_err()), &cause), 0);
		}
		for (c = 0; c < CHART_NDAY; c++) {
			path = xasprintf("%s/empty-%s.png", dir,
			    chart_name(c));
			T_EQ_INT(draw_day(&tl, c, CHART_PNG, path, &cause), 0);
			if (cause != NULL) {
				CU_FAIL(cause);
				free(cause);
				cause = NULL;
			}
			check_chart(path, CHART_PNG);
			unlink(path);
			free(path);
		}
		timeline_free(&tl);
	}
	scheme_free(scheme);
}

void
chart_test_register(void)
{
	CU_pSuite	s;

	s = CU_add_suite("chart", chart_suite_init, chart_suite_clean);
	CU_add_test(s, "formats and their extensions", test_chart_formats);
	CU_add_test(s, "chart names", test_chart_names);
	CU_add_test(s, "every chart of a day, every format",
	    test_chart_day_charts);
	CU_add_test(s, "hostile text runs nothing and shows as written",
	    test_chart_hostile);
	CU_add_test(s, "gnuplot missing", test_chart_gnuplot_missing);
	CU_add_test(s, "gnuplot failing, scripts missing",
	    test_chart_gnuplot_fails);
	CU_add_test(s, "a target that cannot be written",
	    test_chart_bad_target);
	CU_add_test(s, "the comparison across days", test_chart_compare);
	CU_add_test(s, "an empty day", test_chart_empty_day);
}
