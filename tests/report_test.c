/*
 * Tests for the feedback report: days built by hand (timeline_init, _add,
 * _finish) whose headline figures are worked out in the comments, the
 * wording of the headline and the table, the notes in time order, hostile
 * text from a log escaped everywhere, the comparison view for several
 * days, and no file at all (nor a temporary one) when writing fails.
 */
#include <sys/stat.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "chart.h"
#include "err.h"
#include "report.h"
#include "scheme.h"
#include "test.h"
#include "timeline.h"
#include "xmalloc.h"

#define SEC(s)		((int64_t)(s) * 1000)
#define MIN(m)		((int64_t)(m) * 60000)
#define AT(m)		(MIN(9 * 60) + MIN(m))	/* minutes after 09:00 */

enum {
	G_SLT, G_TEACHERS, G_SUPPORT, G_PUPILS, G_PARENTS, G_VISITORS
};

static void
add(struct timeline *tl, enum tl_kind kind, int64_t start, int64_t end,
    int group, enum record_by by, const char *text)
{
	struct tl_item	it;

	memset(&it, 0, sizeof it);
	it.kind = kind;
	it.start = start;
	it.end = end;
	it.group = group;
	it.by = by;
	if (kind == TL_NOTE)
		it.note = (char *)text;
	else
		it.person = (char *)text;
	timeline_add(tl, &it);
}

/* Fails the test showing cause. */
#define T_FAIL_CAUSE(cause)						\
	CU_assertImplementation(CU_FALSE, __LINE__, (cause) != NULL ?	\
	    (cause) : "(no cause)", __FILE__, "", CU_FALSE)

static void
finish(struct timeline *tl)
{
	char	*cause = NULL;

	if (t_cause(timeline_finish(tl, t_err()), &cause) != 0) {
		T_FAIL_CAUSE(cause);
		free(cause);
	}
}

/*
 * The day of the headline, 09:00 to 10:50 with 10 minutes paused, so 100
 * minutes observed.  Interaction episodes: teachers 2:30 + 26:00 + 2:30 =
 * 31:00 (31%), pupils 2:00 + 20:00, SLT 1:00; alone 46:00 (more, but alone
 * is not a group the headline names).  Sorted episode lengths 1:00, 2:00,
 * 2:30, 2:30, 20:00, 26:00: median 2:30, so half lasted under 3 minutes.
 * Interactions: 6 episodes and 3 brief contacts; the head began teachers
 * twice, SLT and one brief: 4 of 9, 44%.  Interruptions (begun by the
 * other person as something was going on): pupils at 09:20, teachers at
 * 09:30, pupils at 10:17:30: 3 in 100 minutes, 1.8 an hour.  Interaction
 * time in 09:00-10:00 is 31:30, in 10:00-11:00 22:30.  Longest alone
 * 12:30, in words 13 minutes.
 */
static void
headline_day(struct timeline *tl, const char *school, const char *head,
    const char *date, const struct scheme *scheme)
{
	timeline_init(tl, school, head, "OBS-A", date, scheme);
	add(tl, TL_ALONE, AT(0), AT(10), -1, RECORD_BY_UNKNOWN, NULL);
	add(tl, TL_NOTE, AT(5), AT(5), -1, RECORD_BY_UNKNOWN, "first note");
	add(tl, TL_EPISODE, AT(10), AT(10) + SEC(150), G_TEACHERS,
	    RECORD_BY_HEAD, "T1");
	add(tl, TL_ALONE, AT(10) + SEC(150), AT(20), -1, RECORD_BY_UNKNOWN,
	    NULL);
	add(tl, TL_EPISODE, AT(20), AT(22), G_PUPILS, RECORD_BY_OTHER, NULL);
	add(tl, TL_EPISODE, AT(22), AT(23), G_SLT, RECORD_BY_HEAD, "DH");
	add(tl, TL_ALONE, AT(23), AT(30), -1, RECORD_BY_UNKNOWN, NULL);
	add(tl, TL_BRIEF, AT(25), AT(25), G_PUPILS, RECORD_BY_HEAD, NULL);
	add(tl, TL_EPISODE, AT(30), AT(56), G_TEACHERS, RECORD_BY_OTHER, "T2");
	add(tl, TL_NOTE, AT(40), AT(40), -1, RECORD_BY_UNKNOWN,
	    "second note");
	add(tl, TL_NOTE, AT(40), AT(40), -1, RECORD_BY_UNKNOWN,
	    "third note, same minute");
	add(tl, TL_ALONE, AT(56), AT(60), -1, RECORD_BY_UNKNOWN, NULL);
	add(tl, TL_PAUSE, AT(60), AT(70), -1, RECORD_BY_UNKNOWN, NULL);
	add(tl, TL_ALONE, AT(70), AT(75), -1, RECORD_BY_UNKNOWN, NULL);
	add(tl, TL_EPISODE, AT(75), AT(75) + SEC(150), G_TEACHERS,
	    RECORD_BY_HEAD, "T1");
	add(tl, TL_EPISODE, AT(75) + SEC(150), AT(95) + SEC(150), G_PUPILS,
	    RECORD_BY_OTHER, NULL);
	add(tl, TL_BRIEF, AT(80), AT(80), G_PARENTS, RECORD_BY_OTHER, NULL);
	add(tl, TL_BRIEF, AT(90), AT(90), G_SLT, RECORD_BY_OTHER, NULL);
	add(tl, TL_ALONE, AT(95) + SEC(150), AT(110), -1, RECORD_BY_UNKNOWN,
	    NULL);
	add(tl, TL_NOTE, AT(115), AT(115), -1, RECORD_BY_UNKNOWN,
	    "last note, after the stop");
	finish(tl);
}

/* A day of alone, one episode of the given length, alone. */
static void
one_episode_day(struct timeline *tl, int64_t ms, const struct scheme *scheme)
{
	timeline_init(tl, "S", "H", "O", "2024-03-05", scheme);
	add(tl, TL_ALONE, AT(0), AT(10), -1, RECORD_BY_UNKNOWN, NULL);
	add(tl, TL_EPISODE, AT(10), AT(10) + ms, G_VISITORS, RECORD_BY_HEAD,
	    NULL);
	add(tl, TL_ALONE, AT(10) + ms, AT(60), -1, RECORD_BY_UNKNOWN, NULL);
	finish(tl);
}

static char *
slurp(const char *path)
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
	buf[fread(buf, 1, (size_t)n, f)] = '\0';
	fclose(f);
	return buf;
}

/* The report's charts as the analyser has them drawn: a chart queue
 * hands each day's (and the comparison's) to the report, in order. */
struct feed {
	struct report		*r;
	struct chart_compare	*pc;
	char			*cause;		/* the first failure */
};

static void
feed_charts(void *arg, void *set, const struct chart_image *svg,
    const struct err *e)
{
	struct feed	*fd = arg;
	struct err	 re = ERR_INIT;

	if (set != NULL && set == fd->pc) {
		report_compare_svg(fd->r, svg, e);
		return;
	}
	if (report_charts(fd->r, svg, e, &re) != 0 && fd->cause == NULL)
		fd->cause = err_text(&re);
	err_clear(&re);
}

/* report_new with the error as a string (caller frees). */
static struct report *
new_report(const char *path, char **cause)
{
	struct err	 e = ERR_INIT;
	struct report	*r;

	if ((r = report_new(path, &e)) == NULL)
		*cause = err_text(&e);
	err_clear(&e);
	return r;
}

/* report_finish likewise. */
static int
finish_report(struct report *r, const struct chart_compare *pc, char **cause)
{
	struct err	e = ERR_INIT;
	int		rc;

	if ((rc = report_finish(r, pc, &e)) != 0)
		*cause = err_text(&e);
	err_clear(&e);
	return rc;
}

/* Adds n days to the report with their charts (and, with pc, the
 * comparison's); -1 with *cause (caller frees). */
static int
add_days(struct report *r, const struct timeline *days, size_t n,
    struct chart_compare *pc, char **cause)
{
	struct feed		 fd = { r, pc, NULL };
	struct chart_queue	*q = chart_queue_new(feed_charts, &fd, NULL);
	struct chart_want	 want;
	struct err		 e = ERR_INIT;
	size_t			 i;

	memset(&want, 0, sizeof want);
	want.format = CHART_SVG;
	want.keep_svg = 1;
	for (i = 0; i < n && fd.cause == NULL; i++) {
		if (report_day(r, &days[i], NULL, &e) != 0) {
			fd.cause = err_text(&e);
			break;
		}
		/* As the analyser does: a day of another scheme is left out
		 * of the comparison, the rest still compared. */
		if (pc != NULL)
			(void)chart_compare_add(pc, &days[i], NULL, NULL);
		chart_queue_day(q, &days[i], NULL, &want, NULL);
	}
	if (pc != NULL && report_days(r) > 1 && chart_compare_days(pc) > 0)
		chart_queue_compare(q, pc, &want, pc);
	chart_queue_free(q);
	err_clear(&e);
	*cause = fd.cause;
	return fd.cause == NULL ? 0 : -1;
}

/* Writes a report of the days into a fresh directory and returns the
 * file's text (NULL, the test failed, if it could not). */
static char *
render(const struct timeline *days, size_t n, const char *by)
{
	struct report		*r;
	struct chart_compare	*pc;
	char			*dir, *path, *cause = NULL, *also = NULL;
	char			*html = NULL;

	dir = test_tmpdir();
	path = xasprintf("%s/report.html", dir);
	pc = chart_compare_new(by, 0);
	if ((r = new_report(path, &cause)) == NULL)
		goto fail;
	if (add_days(r, days, n, pc, &cause) != 0) {
		finish_report(r, pc, &also);
		free(also);
		goto fail;
	}
	if (finish_report(r, pc, &cause) != 0)
		goto fail;
	html = slurp(path);
	T_TRUE(html != NULL);
	goto out;
fail:
	T_FAIL_CAUSE(cause);
out:
	chart_compare_free(pc);
	free(cause);
	unlink(path);
	rmdir(dir);
	free(path);
	free(dir);
	return html;
}

/* Where s occurs in html, or -1 (html NULL too: the render failed). */
static long
pos(const char *html, const char *s)
{
	const char	*p = html == NULL ? NULL : strstr(html, s);

	return p == NULL ? -1 : (long)(p - html);
}

/* Non-zero when html (which may be NULL) holds s. */
static int
has(const char *html, const char *s)
{
	return pos(html, s) >= 0;
}

static void
test_headline(void)
{
	struct scheme	*scheme = scheme_default();
	struct timeline	 tl;
	char		*html;

	headline_day(&tl, "Hillside Primary", "H1", "2026-11-16", scheme);
	html = render(&tl, 1, NULL);
	T_HAS_STR(html, "<p class=\"headline\">You spent 31% of your observed "
	    "day with teachers; half of your interactions lasted under 3 "
	    "minutes; you began 44% of them.</p>");
	T_HAS_STR(html, "You were observed for 1 hour 40 minutes, from 09:00 "
	    "to 10:50, with 10 minutes paused.");
	T_HAS_STR(html, "Your busiest hour was 09:00 to 10:00, with 32 "
	    "minutes of interactions.");
	T_HAS_STR(html, "You were interrupted 3 times (1.8 an hour); your "
	    "longest time alone was 13 minutes.");
	T_HAS_STR(html, "<h1>Hillside Primary \xc2\xb7 H1 \xc2\xb7 Monday 16 "
	    "November 2026</h1>");
	T_HAS_STR(html, "Observed by OBS-A");
	T_HAS_STR(html, "How to read this.");
	free(html);
	timeline_free(&tl);
	scheme_free(scheme);
}

/* The group table: teachers 3 episodes, 31:00 = 0:31, 31.0%, median 2:30,
 * longest 26:00, begun by the head 2 of 3 = 67%, no brief contact; alone
 * 6 stretches, 46:00. */
static void
test_table(void)
{
	struct scheme	*scheme = scheme_default();
	struct timeline	 tl;
	char		*html;

	headline_day(&tl, "Hillside Primary", "H1", "2026-11-16", scheme);
	html = render(&tl, 1, NULL);
	T_HAS_STR(html, "teachers</td><td>3</td><td>31 min</td><td>31.0%</td>"
	    "<td>2 min 30 s</td><td>26 min 00 s</td><td>67%</td><td>0</td>");
	T_HAS_STR(html, "alone</td><td>6</td><td>46 min</td><td>46.0%</td>");
	T_HAS_STR(html, "<th>typical length (median)</th>");
	T_HAS_STR(html, "<th>begun by you</th>");
	T_HAS_STR(html, "<th>brief contacts</th>");
	free(html);
	timeline_free(&tl);
	scheme_free(scheme);
}

/* The median in whole minutes: the next minute above it. */
static void
test_median_words(void)
{
	static const struct {
		int64_t		 ms;
		const char	*words;
	} cases[] = {
		{ SEC(150), "lasted under 3 minutes" },
		{ SEC(40), "lasted under 1 minute;" },
		{ SEC(180), "lasted under 4 minutes" },
		{ SEC(179), "lasted under 3 minutes" },
		{ MIN(45), "lasted under 46 minutes" },
	};
	struct scheme	*scheme = scheme_default();
	struct timeline	 tl;
	char		*html;
	size_t		 i;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		one_episode_day(&tl, cases[i].ms, scheme);
		html = render(&tl, 1, NULL);
		T_HAS_STR(html, cases[i].words);
		T_HAS_STR(html, "with visitors;");
		T_HAS_STR(html, "you began 100% of them.");
		free(html);
		timeline_free(&tl);
	}
	scheme_free(scheme);
}

/* A day alone (and nobody met) says so plainly. */
static void
test_alone_day(void)
{
	struct scheme	*scheme = scheme_default();
	struct timeline	 tl;
	char		*html;

	timeline_init(&tl, "S", "H", "O", "2024-03-05", scheme);
	add(&tl, TL_ALONE, AT(0), AT(30), -1, RECORD_BY_UNKNOWN, NULL);
	finish(&tl);
	html = render(&tl, 1, NULL);
	T_HAS_STR(html, "You spent the whole of your observed day alone.");
	T_HAS_STR(html, "Nobody interrupted you; your longest time alone was "
	    "30 minutes.");
	T_HAS_STR(html, "No notes were taken.");
	T_TRUE(html != NULL && !has(html, "busiest hour"));
	free(html);
	timeline_free(&tl);
	scheme_free(scheme);
}

static void
test_notes_order(void)
{
	struct scheme	*scheme = scheme_default();
	struct timeline	 tl;
	char		*html;
	long		 a, b, c, d;

	headline_day(&tl, "Hillside Primary", "H1", "2026-11-16", scheme);
	html = render(&tl, 1, NULL);
	a = pos(html, "<span class=\"t\">09:05</span>first note</li>");
	b = pos(html, "<span class=\"t\">09:40</span>second note</li>");
	c = pos(html, "<span class=\"t\">09:40</span>third note, same "
	    "minute</li>");
	d = pos(html, "<span class=\"t\">10:55</span>last note, after the "
	    "stop</li>");
	T_TRUE(a > 0);
	T_TRUE(a < b);
	T_TRUE(b < c);
	T_TRUE(c < d);
	free(html);
	timeline_free(&tl);
	scheme_free(scheme);
}

/* No element but those the report writes: no script, whatever the case. */
static void
no_script(const char *html)
{
	const char	*p;

	if (html == NULL)
		return;
	for (p = html; (p = strchr(p, '<')) != NULL; p++) {
		CU_ASSERT_FALSE(strncasecmp(p, "<script", 7) == 0);
		CU_ASSERT_FALSE(strncasecmp(p, "</style", 7) == 0 &&
		    p != strstr(html, "</style>"));
	}
	T_TRUE(strchr(html, '\x1b') == NULL);
	T_TRUE(strstr(html, "\xc2\x9b") == NULL);
}

static void
test_escaping(void)
{
	static const char scheme_text[] =
	    "group t \"<script>alert(1)</script>\" colour=#1f77b4\n"
	    "group p \"pupils & \\\"friends\\\" 'n' </style>\"\n";
	struct scheme	*scheme;
	struct timeline	 tl;
	char		*html, *cause = NULL;

	scheme = test_parse_scheme(scheme_text, strlen(scheme_text), "hostile",
	    &cause);
	if (scheme == NULL) {
		T_FAIL_CAUSE(cause);
		free(cause);
		return;
	}
	timeline_init(&tl, "<script>alert(1)</script>",
	    "H\"1' onmouseover='x", "O\x1b[2J\xc2\x9b""bs",
	    "2026-11-16", scheme);
	timeline_add_tag(&tl, "</style><b>", "Élodie ☃ & co");
	add(&tl, TL_ALONE, AT(0), AT(10), -1, RECORD_BY_UNKNOWN, NULL);
	add(&tl, TL_EPISODE, AT(10), AT(20), 0, RECORD_BY_HEAD,
	    "<img src=x onerror=alert(1)>");
	add(&tl, TL_NOTE, AT(15), AT(15), -1, RECORD_BY_UNKNOWN,
	    "</style><script>alert('note')</script>\x1b]0;t\x07 \xff end");
	add(&tl, TL_EPISODE, AT(20), AT(25), 1, RECORD_BY_OTHER, NULL);
	add(&tl, TL_ALONE, AT(25), AT(30), -1, RECORD_BY_UNKNOWN, NULL);
	finish(&tl);
	html = render(&tl, 1, "</style><b>");
	no_script(html);
	T_HAS_STR(html, "&lt;script&gt;alert(1)&lt;/script&gt;");
	T_HAS_STR(html, "H&quot;1&#39; onmouseover=&#39;x");
	T_HAS_STR(html, "O\xef\xbf\xbd[2J\xef\xbf\xbd""bs");
	T_HAS_STR(html, "&lt;/style&gt;&lt;b&gt;: Élodie ☃ &amp; co");
	T_HAS_STR(html, "&lt;/style&gt;&lt;script&gt;alert(&#39;note&#39;)"
	    "&lt;/script&gt;\xef\xbf\xbd]0;t\xef\xbf\xbd \xef\xbf\xbd end");
	T_HAS_STR(html, "pupils &amp; &quot;friends&quot; &#39;n&#39; "
	    "&lt;/style&gt;");
	T_HAS_STR(html, "<title>Shadowing report: &lt;script&gt;");
	T_TRUE(html != NULL && !has(html, "<img"));
	T_TRUE(!has(html, "<b>"));
	free(html);
	timeline_free(&tl);
	scheme_free(scheme);
}

/* What review added: the head's comments on the day and on an episode
 * (listed with the notes, in time order), and each correction in words. */
static void
test_review(void)
{
	struct scheme	*scheme = scheme_default();
	struct timeline	 tl;
	struct tl_item	 it;
	char		*html;

	timeline_init(&tl, "S", "H", "O", "2024-03-05", scheme);
	add(&tl, TL_ALONE, AT(0), AT(10), -1, RECORD_BY_UNKNOWN, NULL);
	add(&tl, TL_NOTE, AT(5), AT(5), -1, RECORD_BY_UNKNOWN, "a note");
	memset(&it, 0, sizeof it);
	it.kind = TL_EPISODE;
	it.start = AT(10);
	it.end = AT(20);
	it.group = G_TEACHERS;
	it.by = RECORD_BY_HEAD;
	it.note = (char *)"that was <the> appraisal";
	it.corrected = TL_COMMENTED | TL_RECODED;
	it.recorded_group = G_SUPPORT;
	timeline_add(&tl, &it);
	add(&tl, TL_NOTE, AT(15), AT(15), -1, RECORD_BY_UNKNOWN, "later");
	add(&tl, TL_ALONE, AT(20), AT(30), -1, RECORD_BY_UNKNOWN, NULL);
	finish(&tl);
	tl.comment = xstrdup("a fair day & \"typical\"");
	tl.corrections = xcalloc(2, sizeof *tl.corrections);
	tl.corrections[0] = xstrdup("09:10 support staff recoded as teachers");
	tl.corrections[1] = xstrdup("comment on the <teachers> episode");
	tl.ncorrections = 2;
	html = render(&tl, 1, NULL);
	T_HAS_STR(html, "<h2>After review</h2>");
	T_HAS_STR(html, "<em>Your comments on the day:</em> a fair day &amp; "
	    "&quot;typical&quot;");
	T_HAS_STR(html, "<li>09:10 support staff recoded as teachers</li>\n"
	    "<li>comment on the &lt;teachers&gt; episode</li>");
	T_TRUE(pos(html, "a note</li>") < pos(html, "<span class=\"t\">09:10"
	    "</span><em>Your comment on this time with teachers:</em> that "
	    "was &lt;the&gt; appraisal</li>"));
	T_TRUE(pos(html, "appraisal</li>") < pos(html, "later</li>"));
	T_TRUE(pos(html, "a note</li>") > 0);
	free(html);
	timeline_free(&tl);

	headline_day(&tl, "S", "H", "2024-03-05", scheme);
	html = render(&tl, 1, NULL);
	T_TRUE(html != NULL && !has(html, "After review"));
	free(html);
	timeline_free(&tl);
	scheme_free(scheme);
}

/* A chart script that writes a hostile SVG where gnuplot's chart goes. */
static const char hostile_chart[] =
    "set print out\n"
    "print '<?xml version=\"1.0\"?><!DOCTYPE svg [<!ENTITY x \"y\">]>'\n"
    "print '<svg xmlns=\"http://www.w3.org/2000/svg\" onload=\"alert(1)\" "
    "width=\"100\" height=\"50\" viewBox=\"0 0 100 50\">'\n"
    "print '<script>alert(2)</script><SCRIPT>alert(3)</SCRIPT>'\n"
    "print '<a href=\"http://evil.invalid/\"><text>link</text></a>'\n"
    "print '<image href=\"http://evil.invalid/x.png\"/>'\n"
    "print '<foreignObject><div>html</div></foreignObject>'\n"
    "print '<style>@import url(http://evil.invalid/x.css);</style>'\n"
    "print '<rect id=\"r\" fill=\"url(http://evil.invalid/#x)\" "
    "onclick=\"alert(4)\"/>'\n"
    "print '<rect style=\"fill:url(#r)\"/><use href=\"#r\"/>'\n"
    "print '<use xlink:href=\"javascript:alert(5)\"/>'\n"
    "print '<text>a</svg><script>alert(6)</script></text>'\n"
    "print '<!-- <script>alert(7)</script> --></svg>'\n"
    "unset print\n";

/* What a chart says is drawing only: markup that could run or fetch
 * anything is inert text, and ids are made the chart's own.  (Through the
 * real chart.c: SHADOWLOG_PLOTS points at scripts that write the SVG.) */
static void
test_hostile_svg(void)
{
	static const char *const names[] = { "timeline", "groups",
	    "initiative", "pattern", "lengths", "transitions" };
	struct scheme	*scheme = scheme_default();
	struct timeline	 tl;
	const char	*old;
	char		*dir, *path, *saved, *html;
	FILE		*f;
	size_t		 i;

	dir = test_tmpdir();
	for (i = 0; i < sizeof names / sizeof names[0]; i++) {
		path = xasprintf("%s/%s.gp", dir, names[i]);
		if ((f = fopen(path, "w")) != NULL) {
			fputs(hostile_chart, f);
			fclose(f);
		}
		free(path);
	}
	old = getenv("SHADOWLOG_PLOTS");
	saved = old == NULL ? NULL : xstrdup(old);
	setenv("SHADOWLOG_PLOTS", dir, 1);
	one_episode_day(&tl, MIN(5), scheme);
	html = render(&tl, 1, NULL);
	if (saved != NULL)
		setenv("SHADOWLOG_PLOTS", saved, 1);
	else
		unsetenv("SHADOWLOG_PLOTS");
	no_script(html);
	T_TRUE(html != NULL && !has(html, "onload"));
	T_TRUE(html != NULL && !has(html, "onclick"));
	T_TRUE(html != NULL && !has(html, "<a "));
	T_TRUE(html != NULL && !has(html, "<image"));
	T_TRUE(html != NULL && !has(html, "<foreignObject"));
	T_TRUE(html != NULL && !has(html, "<style>@import"));
	T_TRUE(html != NULL && !has(html, "=\"url(http"));
	T_TRUE(html != NULL && !has(html, "javascript"));
	T_TRUE(html != NULL && !has(html, "<!ENTITY"));
	T_TRUE(html != NULL && !has(html, "alert(7)"));
	T_HAS_STR(html, "&lt;script>alert(2)&lt;/script>");
	T_HAS_STR(html, "<text>a&lt;/svg>&lt;script>alert(6)&lt;/script>"
	    "</text>");
	T_HAS_STR(html, "<rect id=\"d1-timeline-r\"/>");
	T_HAS_STR(html, "<rect style=\"fill:url(#d1-timeline-r)\"/>"
	    "<use href=\"#d1-timeline-r\"/>");
	T_HAS_STR(html, "<svg xmlns=\"http://www.w3.org/2000/svg\" "
	    "width=\"100\" height=\"50\" viewBox=\"0 0 100 50\" role=\"img\"");
	free(html);
	timeline_free(&tl);
	for (i = 0; i < sizeof names / sizeof names[0]; i++) {
		path = xasprintf("%s/%s.gp", dir, names[i]);
		unlink(path);
		free(path);
	}
	rmdir(dir);
	free(dir);
	free(saved);
	scheme_free(scheme);
}

/* Three days, two schools: the comparison comes first, with the mean
 * share per group for each school and its number of days. */
static void
test_several_days(void)
{
	struct scheme	*scheme = scheme_default();
	struct timeline	 tl[3];
	char		*html;
	long		 cmp, day1, day3;
	size_t		 i;

	headline_day(&tl[0], "Hillside Primary", "H1", "2026-11-16", scheme);
	headline_day(&tl[1], "Hillside Primary", "H1", "2026-11-17", scheme);
	one_episode_day(&tl[2], MIN(6), scheme);
	timeline_add_tag(&tl[2], "phase", "secondary");
	html = render(tl, 3, NULL);
	cmp = pos(html, "<section class=\"compare\">");
	day1 = pos(html, "<section class=\"day\" id=\"day-1\">");
	day3 = pos(html, "<section class=\"day\" id=\"day-3\">");
	T_TRUE(cmp > 0);
	T_TRUE(cmp < day1);
	T_TRUE(day1 < day3);
	T_HAS_STR(html, "<h1>Comparing 3 days by school</h1>");
	/* Hillside: teachers 31% both days; S: visitors 6 of 60 minutes */
	T_HAS_STR(html, "<tr><td>Hillside Primary</td><td>2</td><td>1.0%</td>"
	    "<td>31.0%</td>");
	T_HAS_STR(html, "<tr><td>S</td><td>1</td><td>0.0%</td>");
	T_HAS_STR(html, "<td>10.0%</td><td>90.0%</td></tr>");
	T_HAS_STR(html, "<title>Shadowing report: several schools \xc2\xb7 "
	    "several heads \xc2\xb7 2024-03-05 to 2026-11-17 (3 days)</title>");
	free(html);

	html = render(tl, 3, "phase");
	/* The two days without the tag are left out, and the page says so. */
	T_HAS_STR(html, "<h1>Comparing 1 day by phase</h1>");
	T_HAS_STR(html, "2 days without phase are left out of the "
	    "comparison.");
	T_TRUE(!has(html, "(not given)"));
	T_HAS_STR(html, "<tr><td>secondary</td><td>1</td>");
	free(html);

	html = render(tl, 1, NULL);
	T_TRUE(html != NULL && !has(html, "class=\"compare\""));
	free(html);
	for (i = 0; i < 3; i++)
		timeline_free(&tl[i]);
	scheme_free(scheme);
}

static void
test_no_partial_file(void)
{
	struct scheme	*scheme = scheme_default();
	struct timeline	 tl;
	struct report	*r;
	struct stat	 st;
	char		*dir, *path, *cause = NULL;

	headline_day(&tl, "Hillside Primary", "H1", "2026-11-16", scheme);
	dir = test_tmpdir();

	/* A directory that does not exist: nothing starts. */
	path = xasprintf("%s/no/such/dir/report.html", dir);
	T_TRUE(new_report(path, &cause) == NULL);
	T_HAS_STR(cause, path);
	free(cause);
	cause = NULL;
	free(path);

	/* The target is a directory: the rename fails, nothing is left. */
	path = xasprintf("%s/taken", dir);
	T_EQ_INT(mkdir(path, 0700), 0);
	r = new_report(path, &cause);
	T_TRUE(r != NULL);
	T_EQ_INT(add_days(r, &tl, 1, NULL, &cause), 0);
	T_EQ_INT(test_entries(dir), 2);
	T_EQ_INT(finish_report(r, NULL, &cause), -1);
	T_HAS_STR(cause, path);
	free(cause);
	cause = NULL;
	T_EQ_INT(test_entries(dir), 1);
	T_EQ_INT(test_entries(path), 0);
	rmdir(path);
	free(path);

	/* No day: no file. */
	path = xasprintf("%s/empty.html", dir);
	r = new_report(path, &cause);
	T_EQ_INT(finish_report(r, NULL, &cause), -1);
	T_HAS_STR(cause, path);
	free(cause);
	cause = NULL;
	T_EQ_INT(test_entries(dir), 0);
	free(path);

	/* A good one is 0600: it describes real people. */
	path = xasprintf("%s/ok.html", dir);
	r = new_report(path, &cause);
	T_EQ_INT(add_days(r, &tl, 1, NULL, &cause), 0);
	T_EQ_INT(finish_report(r, NULL, &cause), 0);
	T_EQ_INT(stat(path, &st), 0);
	T_EQ_INT(st.st_mode & 0777, 0600);
	T_EQ_INT(test_entries(dir), 1);
	unlink(path);
	free(path);

	rmdir(dir);
	free(dir);
	timeline_free(&tl);
	scheme_free(scheme);
}

/* The document's shape: one html element, UTF-8, en-GB, the CSS for A4,
 * six charts inline and nothing fetched. */
static void
test_document(void)
{
	struct scheme	*scheme = scheme_default();
	struct timeline	 tl;
	char		*html;
	const char	*p;
	int		 n;

	headline_day(&tl, "Hillside Primary", "H1", "2026-11-16", scheme);
	if ((html = render(&tl, 1, NULL)) == NULL)
		goto out;
	T_TRUE(strncmp(html, "<!DOCTYPE html>\n<html lang=\"en-GB\">", 35) ==
	    0);
	T_HAS_STR(html, "<meta charset=\"utf-8\">");
	T_HAS_STR(html, "<title>Shadowing report: Hillside Primary \xc2\xb7 "
	    "H1 \xc2\xb7 2026-11-16</title>");
	T_HAS_STR(html, "@page{size:A4;");
	for (n = 0, p = html; (p = strstr(p, "<svg")) != NULL; p++)
		n++;
	T_EQ_INT(n, 6);
	for (n = 0, p = html; (p = strstr(p, "<html")) != NULL; p++)
		n++;
	T_EQ_INT(n, 1);
	T_TRUE(strstr(html, "<?xml") == NULL);
	T_TRUE(strstr(html, "<!DOCTYPE svg") == NULL);
	for (p = html; (p = strstr(p, "http")) != NULL; p++)
		T_TRUE(strncmp(p - 7, "xmlns=\"http://www.w3.org/", 25) == 0 ||
		    strncmp(p - 13, "xmlns:xlink=\"http://www.w3.org/", 31) ==
		    0);
	T_HAS_STR(html, "</html>\n");
	free(html);
out:
	timeline_free(&tl);
	scheme_free(scheme);
}

/* The charts come from the source tree's scripts when make check runs. */
static int
report_suite_init(void)
{
	const char	*src = getenv("top_srcdir");
	char		*plots;

	if (getenv("SHADOWLOG_PLOTS") == NULL && src != NULL) {
		plots = xasprintf("%s/plots", src);
		setenv("SHADOWLOG_PLOTS", plots, 1);
		free(plots);
	}
	return 0;
}

void
report_test_register(void)
{
	CU_pSuite	s;

	s = CU_add_suite("report", report_suite_init, NULL);
	CU_add_test(s, "headline in plain words", test_headline);
	CU_add_test(s, "group table in words", test_table);
	CU_add_test(s, "median as whole minutes", test_median_words);
	CU_add_test(s, "a day alone", test_alone_day);
	CU_add_test(s, "notes in time order", test_notes_order);
	CU_add_test(s, "comments and corrections after review", test_review);
	CU_add_test(s, "hostile text escaped", test_escaping);
	CU_add_test(s, "a chart's SVG made inert", test_hostile_svg);
	CU_add_test(s, "several days: comparison first", test_several_days);
	CU_add_test(s, "no partial file on failure", test_no_partial_file);
	CU_add_test(s, "a self-contained document", test_document);
}
