/*
 * The feedback report as one HTML file a head reads without help: each
 * day's text is written when the day is read, its charts (drawn by
 * chart.c, often later) when they arrive, in the same order; the
 * comparison view (from the run's comparison, which has every day) goes
 * first at the end, and the whole is written by the atomic-file writer.
 * Easy to get wrong: every string from a log is escaped, and a chart's
 * SVG is inlined only through svg.c, which keeps drawing only.
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "chart.h"
#include "clock.h"
#include "compare.h"
#include "durable.h"
#include "err.h"
#include "format.h"
#include "output.h"
#include "report.h"
#include "report-week.h"
#include "report-reference.h"
#include "scheme.h"
#include "summary.h"
#include "svg.h"
#include "text.h"
#include "timeline.h"
#include "xmalloc.h"

#define REPORT_MINUTE	INT64_C(60000)
#define REPORT_HOUR	INT64_C(3600000)
#define REPORT_COPY	65536		/* bytes per read when copying */

/* A day whose text is written and whose charts have not yet come: its
 * section in three parts, around the two rows of charts. */
struct report_pending {
	struct report_pending	*next;
	size_t			 day;		/* 1-based, in the report */
	char			 date[CLOCK_DATE_LEN];
	char			*before;	/* up to the first charts */
	size_t			 before_len;
	char			*between;	/* the detail's head, table */
	size_t			 between_len;
	char			*after;		/* notes and the end */
	size_t			 after_len;
};

struct report {
	char			*path;
	struct durable		 out;		/* the file, renamed at last */
	FILE			*days;		/* the days' sections, unlinked */
	struct report_pending	*pending;	/* days awaiting charts */
	struct report_pending	*pending_tail;
	const struct reference_set *refs;	/* --references; not owned */
	char			*error;		/* the first failure, if any */
	char			*missing;	/* why the charts cannot be
					   drawn (no gnuplot, no scripts) */
	char			*compare_svg;	/* the comparison chart */
	char			*compare_error;
	size_t			 ndays;

	char			*school;	/* of the first day */
	char			*head;
	int			 schools;	/* 2: more than one */
	int			 heads;
	char			 first[CLOCK_DATE_LEN];
	char			 last[CLOCK_DATE_LEN];
	struct week		 week;		/* the days' figures */
};


struct report_chart {
	enum chart_kind	 chart;
	const char	*title;
	const char	*caption;
	int		 wide;
};

/* Page one: the day at a glance; page two: in more detail. */
static const struct report_chart report_figures[] = {
	{ CHART_TIMELINE, "Your day, hour by hour",
	  "Timeline: each row is one group; each coloured bar is an episode with "
	  "that group, against the clock.  The grey row is time alone, the "
	  "hatched band a pause.", 1 },
	{ CHART_GROUPS, "Where your time went",
	  "Bar chart: the share of your observed time spent with each group, and "
	  "alone, with the time in hours and minutes.", 0 },
	{ CHART_INITIATIVE, "Who began the interactions",
	  "Bar chart: for each group, how many interactions you began (full colour) "
	  "and how many the other person began (pale).", 0 },
	{ CHART_PATTERN, "The pattern over the day",
	  "Stacked bar chart: for each half hour, the minutes spent with each group and "
	  "alone.  A short bar means part of that half hour was paused or "
	  "outside the day.", 1 },
	{ CHART_LENGTHS, "How long the interactions lasted",
	  "Dot plot: each dot is one episode, placed by its length; the black mark "
	  "is the group's median, the dashed line 9 minutes.", 0 },
	{ CHART_TRANSITIONS, "What came next",
	  "Heat map: each row is the group you were with, each column the group that "
	  "came straight after; the number is how many times.  Darker is "
	  "more often; an outlined cell happened more or less often than "
	  "chance would give (|z| > 1.96).", 0 },
};
#define REPORT_PAGE_ONE	3	/* charts on the first page */
#define REPORT_NCHARTS	(sizeof report_figures / sizeof report_figures[0])

/* One font named, installed with it (fonts-liberation) and metric-twin of
 * the Arial every head's computer has, so the pages fall the same on
 * paper everywhere; the charts' SVG text follows it. */
static const char report_css[] =
    "@page{size:A4;margin:13mm 14mm 14mm}\n"
    "*{box-sizing:border-box}\n"
    "html{color:#1f2933;background:#fff;font:10pt/1.4 "
    "\"Liberation Sans\",Arial,Helvetica,sans-serif}\n"
    "figure svg g{font-family:\"Liberation Sans\",Arial,Helvetica,"
    "sans-serif}\n"
    "body{margin:0}\n"
    "section{max-width:182mm;margin:0 auto}\n"
    "section+section,.detail{break-before:page}\n"
    "h1{font-size:16pt;font-weight:600;margin:0 0 1mm}\n"
    "h2{font-size:11pt;font-weight:600;margin:0 0 2mm;color:#334e68;"
    "break-after:avoid}\n"
    "h3{font-size:10pt;font-weight:600;margin:0 0 1mm;break-after:avoid}\n"
    ".meta{margin:0 0 3mm;color:#52606d;font-size:9pt}\n"
    ".headline{font-size:13pt;line-height:1.45;margin:0 0 2.5mm;"
    "padding:2.5mm 4mm;background:#f0f4f8;border-left:4px solid #627d98}\n"
    ".more{margin:0 0 2mm}\n"
    ".howto{margin:0 0 4mm;color:#52606d;font-size:8.5pt}\n"
    ".charts{display:flex;flex-wrap:wrap;gap:4mm 5mm}\n"
    "figure{margin:0;flex:0 1 calc(50% - 2.5mm);min-width:0}\n"
    "figure{break-inside:avoid}\n"
    "figure.wide{flex-basis:100%}\n"
    "figure svg{display:block;width:100%;height:auto}\n"
    "figcaption{font-size:8.5pt;color:#52606d;margin-top:1mm}\n"
    "table{width:100%;border-collapse:collapse;font-size:9pt;"
    "font-variant-numeric:tabular-nums;margin:0 0 5mm;"
    "break-inside:avoid}\n"
    "th,td{padding:0.8mm 2mm;border-bottom:1px solid #d9e2ec;"
    "text-align:right;vertical-align:bottom}\n"
    "td{white-space:nowrap}\n"
    "th{font-weight:600;background:#f0f4f8;color:#334e68}\n"
    "th:first-child,td:first-child{text-align:left;white-space:normal;"
    "min-width:32mm}\n"
    ".swatch{display:inline-block;width:3mm;height:3mm;margin-right:1.5mm;"
    "border-radius:1px;vertical-align:-0.3mm}\n"
    ".notebox,.review{margin-top:5mm}\n"
    ".review ul{margin:0;padding-left:5mm;font-size:9pt}\n"
    ".review p{margin:0 0 1.5mm}\n"
    ".notes{margin:0;padding:0;list-style:none;font-size:9pt;columns:2;"
    "column-gap:8mm}\n"
    ".notes li{break-inside:avoid;margin:0 0 1mm;padding-left:12mm;"
    "text-indent:-12mm}\n"
    ".notes .t{display:inline-block;width:12mm;text-indent:0;"
    "color:#52606d;font-variant-numeric:tabular-nums}\n"
    ".quiet{color:#52606d}\n"
    "@media screen{html{background:#e4e7eb}"
    "section{max-width:210mm;background:#fff;padding:12mm 14mm;"
    "margin:6mm auto;box-shadow:0 1px 4px rgba(0,0,0,.15)}"
    ".detail{margin-top:10mm}}\n"
    /* A phone: one column, the page's margins narrow, a wide table
       scrolled inside its own box rather than the page. */
    "@media screen and (max-width:600px){html{background:#fff}"
    "section{padding:4mm 3mm;margin:0;box-shadow:none}"
    ".charts{display:block}figure{margin:0 0 5mm}"
    ".notes{columns:1}"
    "table{display:block;overflow-x:auto;max-width:100%}}\n"
    REPORT_WIDE_CHART_CSS
    "caption{text-align:left;font-size:8.5pt;color:#52606d;"
    "caption-side:bottom;padding-top:1mm}\n";

/* ---- text ---- */

static void
report_swatch(FILE *f, const char *colour)
{
	if (colour != NULL && scheme_colour_valid(colour, strlen(colour)))
		fprintf(f, "<span class=\"swatch\" style=\"background:%s\">"
		    "</span>", colour);
}

/* ---- numbers in words ---- */

/* "HH:MM" of a clock time (seconds dropped). */
static void
report_clock(int64_t ms, char buf[CLOCK_HMS_LEN])
{
	clock_format_hms(ms, buf);
	buf[5] = '\0';
}

/* A duration in words, to the minute from a minute on: "23 minutes",
 * "1 hour 5 minutes", "40 seconds".  The caller frees it. */
static char *
report_words(int64_t ms)
{
	char	buf[FORMAT_LEN];

	return xstrdup(format_duration((double)ms, FORMAT_WORDS, buf));
}

/* A time to the minute with its units, never like a clock time: "31 min",
 * "1 h 57 min". */
static void
report_minutes(FILE *f, int64_t ms)
{
	char	buf[FORMAT_LEN];

	fputs(format_duration((double)ms, FORMAT_MINUTES, buf), f);
}

/* The length of an episode, compact: "45 s", "4 min 14 s", "1 h 02 min";
 * "&ndash;" when missing. */
static void
report_length(FILE *f, double ms)
{
	char	buf[FORMAT_LEN];

	fputs(isfinite(ms) ? format_duration(ms, FORMAT_SPACED, buf) :
	    "&ndash;", f);
}

/* A whole percentage of a fraction. */
static long
report_percent(double v)
{
	return lround(v * 100.0);
}

/* ---- the page around the days ---- */

static void
report_doc_head(struct report *r, FILE *f)
{
	fputs("<!DOCTYPE html>\n<html lang=\"en-GB\">\n<head>\n"
	    "<meta charset=\"utf-8\">\n"
	    "<meta name=\"viewport\" content=\"width=device-width, "
	    "initial-scale=1\">\n<title>Shadowing report: ", f);
	if (r->schools > 1)
		fputs("several schools \xc2\xb7 ", f);
	else if (*r->school != '\0') {
		text_put_html(f, r->school);
		fputs(" \xc2\xb7 ", f);
	}
	if (r->heads > 1)
		fputs("several heads \xc2\xb7 ", f);
	else if (*r->head != '\0') {
		text_put_html(f, r->head);
		fputs(" \xc2\xb7 ", f);
	}
	text_put_html(f, r->first);
	if (strcmp(r->first, r->last) != 0) {
		fputs(" to ", f);
		text_put_html(f, r->last);
	}
	if (r->ndays > 1)
		fprintf(f, " (%zu days)", r->ndays);
	fprintf(f, "</title>\n<style>\n%s%s</style>\n</head>\n<body>\n",
	    report_css, r->refs != NULL ? report_reference_css : "");
}

/* Keeps the title's school, head and dates up to date with a new day. */
static void
report_note_day(struct report *r, const struct timeline *tl)
{
	if (r->ndays == 0) {
		r->school = xstrdup(tl->school);
		r->head = xstrdup(tl->head);
		r->schools = r->heads = 1;
		memcpy(r->first, tl->date, sizeof r->first);
		memcpy(r->last, tl->date, sizeof r->last);
		return;
	}
	if (strcmp(r->school, tl->school) != 0)
		r->schools = 2;
	if (strcmp(r->head, tl->head) != 0)
		r->heads = 2;
	if (strcmp(tl->date, r->first) < 0)
		memcpy(r->first, tl->date, sizeof r->first);
	if (strcmp(tl->date, r->last) > 0)
		memcpy(r->last, tl->date, sizeof r->last);
}

/* ---- a chart's figure ---- */

/* In place of a chart that cannot be drawn: its title and why. */
static void
report_chart_missing(struct report *r, FILE *f, const char *title, int wide)
{
	fprintf(f, "<figure%s>\n<h3>%s</h3>\n<p class=\"quiet\">Chart "
	    "missing: ", wide ? " class=\"wide\"" : "", title);
	text_put_html(f, r->missing);
	fputs("</p>\n</figure>\n", f);
}

/* A chart's text alternative for a screen reader: its heading (id
 * prefix "t") names it, its caption (prefix "d") says what it shows. */
static char *
report_chart_label(const char *prefix)
{
	return xasprintf(" role=\"img\" aria-labelledby=\"%st\" "
	    "aria-describedby=\"%sd\"", prefix, prefix);
}

/* One chart of day p, inlined from svg (NULL when missing). */
static int
report_chart(struct report *r, FILE *f, const struct report_pending *p,
    const struct report_chart *c, const char *svg, struct err *e)
{
	char	*prefix, *extra;
	int	 rc;

	if (svg == NULL) {
		report_chart_missing(r, f, c->title, c->wide);
		return 0;
	}
	prefix = xasprintf("d%zu-%s-", p->day, chart_name(c->chart));
	extra = report_chart_label(prefix);
	fprintf(f, "<figure%s>\n<h3 id=\"%st\">%s</h3>\n", c->wide ?
	    " class=\"wide\"" : "", prefix, c->title);
	rc = svg_inline(f, svg, prefix, extra);
	fprintf(f, "\n<figcaption id=\"%sd\">%s</figcaption>\n</figure>\n",
	    prefix, c->caption);
	free(extra);
	free(prefix);
	if (rc != 0) {
		err_set(e, ERR_SOFTWARE, "the %s chart of %s is not SVG",
		    chart_name(c->chart), p->date);
		err_file(e, r->path);
	}
	return rc;
}

/* ---- one day ---- */

static void
report_day_head(FILE *f, const struct timeline *tl)
{
	size_t	i;

	fputs("<h1>", f);
	if (*tl->school != '\0') {
		text_put_html(f, tl->school);
		fputs(" \xc2\xb7 ", f);
	}
	if (*tl->head != '\0') {
		text_put_html(f, tl->head);
		fputs(" \xc2\xb7 ", f);
	}
	report_week_date(f, tl->date, 1);
	fputs("</h1>\n<p class=\"meta\">", f);
	if (*tl->observer != '\0') {
		fputs("Observed by ", f);
		text_put_html(f, tl->observer);
	} else
		fputs("Observer not recorded", f);
	for (i = 0; i < tl->ntags; i++) {
		fputs(" \xc2\xb7 ", f);
		text_put_html(f, tl->tag_keys[i]);
		fputs(": ", f);
		text_put_html(f, tl->tag_values[i]);
	}
	fputs("</p>\n", f);
}

/* The group (not alone) with the largest share, the first on a tie; -1
 * when the head met nobody. */
static int
report_top_group(const struct summary *s)
{
	size_t	i;
	int	top = -1;

	for (i = 0; i + 1 < s->ngroups; i++) {
		if (s->groups[i].ms > 0 &&
		    (top == -1 || s->groups[i].ms > s->groups[top].ms))
			top = (int)i;
	}
	return top;
}

/* The headline: the biggest group's share, the median interaction in whole
 * minutes (the next above it, so that half lasted under it), the share
 * the head began. */
static void
report_headline(FILE *f, const struct timeline *tl, const struct summary *s)
{
	int	top = report_top_group(s);
	long	minutes;

	fputs("<p class=\"headline\">", f);
	if (top == -1 || s->episodes == 0)
		fputs("You spent the whole of your observed day alone", f);
	else {
		fprintf(f, "You spent %ld%% of your observed day with ",
		    report_percent(s->groups[top].share));
		text_put_html(f, timeline_group_name(tl, top));
		minutes = (long)floor(s->median_ms / (double)REPORT_MINUTE) + 1;
		fprintf(f, "; half of your interactions lasted under %ld "
		    "minute%s", minutes, minutes == 1 ? "" : "s");
	}
	if (s->interactions > 0)
		fprintf(f, "; you began %ld%% of %s", report_percent(
		    s->head_share), s->episodes > 0 ? "them" :
		    "your brief contacts");
	fputs(".</p>\n", f);
}

/* The hour (clock-aligned) with the most interaction time; -1 if none. */
static int64_t
report_busiest_hour(const struct timeline *tl, int64_t *ms)
{
	struct summary_bin	*bins;
	size_t			 n, i, j;
	int64_t			 best = -1, t;

	*ms = 0;
	bins = summary_bins(tl, 60, &n);
	for (i = 0; i < n; i = j) {
		t = 0;
		for (j = i; j < n && bins[j].start == bins[i].start; j++) {
			if (bins[j].group != -1)
				t += bins[j].ms;
		}
		if (t > *ms) {
			*ms = t;
			best = bins[i].start;
		}
	}
	free(bins);
	return best;
}

/* The plain sentences after the headline: observed time, the busiest
 * hour, interruptions and the longest time alone. */
static void
report_more(FILE *f, const struct timeline *tl, const struct summary *s)
{
	const struct summary_group	*alone = &s->groups[s->ngroups - 1];
	char				 a[CLOCK_HMS_LEN], b[CLOCK_HMS_LEN];
	char				*w;
	int64_t				 hour, ms;

	report_clock(tl->begin, a);
	report_clock(tl->end, b);
	w = report_words(s->observed_ms);
	fprintf(f, "<p class=\"more\">You were observed for %s, from %s to %s",
	    w, a, b);
	free(w);
	if (s->paused_ms > 0) {
		w = report_words(s->paused_ms);
		fprintf(f, ", with %s paused", w);
		free(w);
	}
	fputs(". ", f);
	if ((hour = report_busiest_hour(tl, &ms)) >= 0) {
		report_clock(hour, a);
		report_clock(hour + REPORT_HOUR, b);
		w = report_words(ms);
		fprintf(f, "Your busiest hour was %s to %s, with %s of "
		    "interactions. ", a, b, w);
		free(w);
	}
	if (s->interruptions == 0)
		fputs("Nobody interrupted you", f);
	else
		fprintf(f, "You were interrupted %zu time%s (%.1f an hour)",
		    s->interruptions, s->interruptions == 1 ? "" : "s",
		    s->interruptions_per_hour);
	if (alone->episodes > 0) {
		w = report_words(alone->max_ms);
		fprintf(f, "; your longest time alone was %s", w);
		free(w);
	}
	fputs(".</p>\n", f);
}

static void
report_howto(FILE *f)
{
	fputs("<p class=\"howto\"><strong>How to read this.</strong> "
	    "An <em>episode</em> is a stretch of time with someone from one "
	    "group, from when it began to when it ended. <em>Alone</em> is "
	    "observed time with nobody. A <em>brief contact</em> is an "
	    "exchange too short to time: it is counted but has no length. "
	    "A <em>pause</em> is time the observer was not watching; it is "
	    "left out of every figure.</p>\n", f);
}

/* The summary's columns in words, a row per group and one for alone. */
static void
report_table(FILE *f, const struct timeline *tl, const struct summary *s)
{
	const struct summary_group	*g;
	size_t				 i;
	int				 alone;

	fputs("<h2>Time with each group</h2>\n<table>\n<caption>Each group's "
	    "episodes and time, the typical and longest episode, and who "
	    "began them.</caption>\n<thead><tr>"
	    "<th>group</th><th>episodes</th><th>time</th>"
	    "<th>share</th><th>typical length (median)</th><th>longest</th>"
	    "<th>begun by you</th><th>brief contacts</th></tr></thead>\n"
	    "<tbody>\n", f);
	for (i = 0; i < s->ngroups; i++) {
		g = &s->groups[i];
		alone = i + 1 == s->ngroups;
		fputs("<tr><td>", f);
		report_swatch(f, alone ? "#bbbbbb" :
		    tl->scheme->groups[i].colour);
		text_put_html(f, timeline_group_name(tl, alone ? -1 : (int)i));
		fprintf(f, "</td><td>%zu</td><td>", g->episodes);
		report_minutes(f, g->ms);
		fprintf(f, "</td><td>%.1f%%</td><td>", g->share * 100.0);
		report_length(f, g->median_ms);
		fputs("</td><td>", f);
		report_length(f, g->episodes > 0 ? (double)g->max_ms : NAN);
		fputs("</td><td>", f);
		if (alone || g->episodes == 0)
			fputs("&ndash;", f);
		else
			fprintf(f, "%ld%%", report_percent(
			    (double)g->head_initiated / (double)g->episodes));
		if (alone)
			fputs("</td><td>&ndash;</td></tr>\n", f);
		else
			fprintf(f, "</td><td>%zu</td></tr>\n", g->brief);
	}
	fputs("</tbody>\n</table>\n", f);
}

/* ---- the dimensions a scheme declares ---- */

/* What the shares of dimension d are of (summary_dim_base), in words for
 * a caption. */
static const char *
report_dim_base_words(const struct scheme_dim *d)
{
	switch (d->applies) {
	case SCHEME_FOR_EPISODES:
		return "your time in interactions";
	case SCHEME_FOR_ALONE:
		return "your time alone";
	default:
		return "your observed day";
	}
}

/* A row of dimension k's table: the value with its swatch, its time, its
 * share of base as a figure and a bar, and its stretches. */
static void
report_dim_row(FILE *f, const struct timeline *tl,
    const struct summary_dim_row *r, int64_t base)
{
	const struct scheme_dim	*d = &tl->scheme->dims[r->dim];
	size_t			 rank;
	const char		*colour;
	char			*value;
	double			 share;

	rank = scheme_dim_value_index(d, r->value, r->value_len);
	colour = rank < d->nvalues ? scheme_value_colour(rank) : "#bbbbbb";
	share = base > 0 ? (double)r->ms / (double)base : 0;
	value = xstrndup(r->value, r->value_len);
	fputs("<tr><td>", f);
	report_swatch(f, colour);
	text_put_html(f, value);
	free(value);
	fputs("</td><td>", f);
	report_minutes(f, r->ms);
	fprintf(f, "</td><td>%.1f%%</td><td style=\"text-align:left;"
	    "width:40%%\"><span style=\"display:inline-block;height:3mm;"
	    "width:%.1f%%;background:%s\"></span></td><td>%zu</td></tr>\n",
	    share * 100.0, share > 1 ? 100.0 : share * 100.0, colour,
	    r->episodes);
}

/* Per dimension of the day's scheme, a table of its values (and their
 * bars): nothing for a scheme without dimensions. */
static void
report_dimensions(FILE *f, const struct timeline *tl,
    const struct summary *s)
{
	const struct scheme_dim	*d;
	struct summary_dim_row	*r;
	const char		*words;
	int64_t			 base;
	size_t			 n, i, k, held;

	if (tl->scheme->ndims == 0)
		return;
	r = summary_dims(tl, &n);
	for (k = 0; k < tl->scheme->ndims; k++) {
		d = &tl->scheme->dims[k];
		base = summary_dim_base(s, d);
		words = report_dim_base_words(d);
		fputs("<h2>", f);
		text_put_html(f, d->name);
		fputs("</h2>\n", f);
		for (i = held = 0; i < n; i++)
			held += r[i].dim == k && r[i].group == SUMMARY_ALL;
		if (held == 0) {
			fputs("<p class=\"quiet\">No stretch of the day was "
			    "coded with a value of ", f);
			text_put_html(f, d->name);
			fputs(".</p>\n", f);
			continue;
		}
		fputs("<table>\n<caption>Each value of ", f);
		text_put_html(f, d->name);
		fprintf(f, ": its time, its share of %s (the bar), and the "
		    "stretches coded with it%s.</caption>\n<thead><tr><th>"
		    "value</th><th>time</th><th>share</th><th>as a bar</th><th>"
		    "stretches</th></tr></thead>\n<tbody>\n", words,
		    d->several ? "; a stretch of several values counts in "
		    "each" : "");
		for (i = 0; i < n; i++) {
			if (r[i].dim == k && r[i].group == SUMMARY_ALL)
				report_dim_row(f, tl, &r[i], base);
		}
		fputs("</tbody>\n</table>\n", f);
	}
	free(r);
}

/* The notes in time order (the timeline's order), with their clock time. */
static void
report_notes(FILE *f, const struct timeline *tl)
{
	const struct tl_item	*item;
	char			 t[CLOCK_HMS_LEN];
	size_t			 i, n = 0;

	fputs("<div class=\"notebox\">\n<h2>Notes taken during the day</h2>\n",
	    f);
	for (i = 0; i < tl->nitems; i++) {
		item = &tl->items[i];
		if (item->kind != TL_NOTE && (item->kind != TL_EPISODE ||
		    (item->corrected & TL_COMMENTED) == 0 ||
		    item->note == NULL))
			continue;
		if (n++ == 0)
			fputs("<ul class=\"notes\">\n", f);
		report_clock(item->start, t);
		fprintf(f, "<li><span class=\"t\">%s</span>", t);
		if (item->kind == TL_EPISODE) {
			fputs("<em>Your comment on this time with ", f);
			text_put_html(f, timeline_group_name(tl, item->group));
			fputs(":</em> ", f);
		}
		text_put_html(f, item->note);
		fputs("</li>\n", f);
	}
	fputs(n == 0 ? "<p class=\"quiet\">No notes were taken.</p>\n</div>\n" :
	    "</ul>\n</div>\n", f);
}

/* The jumps of the computer's clock while recording, if any: the times
 * shown follow the recorder's steady clock, not what the wall clock read. */
static void
report_jumps(FILE *f, const struct timeline *tl)
{
	char	at[CLOCK_HMS_LEN], *words;
	size_t	i;

	if (tl->njumps == 0)
		return;
	fputs("<div class=\"review\">\n<h2>Clock changes</h2>\n<p>The "
	    "computer's clock was changed while recording; the times and "
	    "durations in this report follow the recorder's steady clock, "
	    "so they are not affected.</p>\n<ul>\n", f);
	for (i = 0; i < tl->njumps; i++) {
		/* Digits, colons and words only: nothing to escape. */
		words = output_jump_words(&tl->jumps[i], at);
		fprintf(f, "<li>%s: the clock %s</li>\n", at, words);
		free(words);
	}
	fputs("</ul>\n</div>\n", f);
}

/* The restarts of the recorder while the day went on, if any, and the
 * most time it can have been closed: a gap in what was watched that the
 * figures do not show. */
static void
report_restarts(FILE *f, const struct timeline *tl)
{
	char	at[CLOCK_HMS_LEN], *words;
	size_t	i;

	if (tl->nrestarts == 0)
		return;
	fputs("<div class=\"review\">\n<h2>Recorder restarts</h2>\n<p>", f);
	if (tl->nrestarts == 1)
		fputs("The recorder was restarted once", f);
	else
		fprintf(f, "The recorder was restarted %zu times",
		    tl->nrestarts);
	/* Digits, colons and words only: nothing to escape. */
	words = output_restarts_down(tl);
	fprintf(f, "; at most %s was not watched. The figures count that "
	    "time as the day went on (an open episode stayed open).</p>\n"
	    "<ul>\n", words);
	free(words);
	for (i = 0; i < tl->nrestarts; i++) {
		words = output_restart_words(&tl->restarts[i], at);
		fprintf(f, "<li>%s: restarted; %s</li>\n", at, words);
		free(words);
	}
	fputs("</ul>\n</div>\n", f);
}

/* What the head said and corrected after the feedback session, if
 * anything. */
static void
report_review(FILE *f, const struct timeline *tl)
{
	size_t	i;

	if (tl->comment == NULL && tl->ncorrections == 0)
		return;
	fputs("<div class=\"review\">\n<h2>After review</h2>\n", f);
	if (tl->comment != NULL) {
		fputs("<p><em>Your comments on the day:</em> ", f);
		text_put_html(f, tl->comment);
		fputs("</p>\n", f);
	}
	if (tl->ncorrections > 0) {
		fputs("<p>Corrected after review (the figures above include "
		    "these corrections):</p>\n<ul>\n", f);
		for (i = 0; i < tl->ncorrections; i++) {
			fputs("<li>", f);
			text_put_html(f, tl->corrections[i]);
			fputs("</li>\n", f);
		}
		fputs("</ul>\n", f);
	}
	fputs("</div>\n", f);
}

/* Writes one day's section to the days file. */
/* ---- a day's section ---- */

/* Opens a part of a pending day's section, in memory. */
static FILE *
report_part(char **buf, size_t *len)
{
	FILE	*f;

	if ((f = open_memstream(buf, len)) == NULL)
		abort();
	return f;
}

/* Writes the day's text now, around the places of its charts. */
static struct report_pending *
report_pending_new(struct report *r, const struct timeline *tl,
    const struct summary *s)
{
	struct report_pending	*p;
	FILE			*f;

	p = xcalloc(1, sizeof *p);
	p->day = r->ndays + 1;
	memcpy(p->date, tl->date, sizeof p->date);
	f = report_part(&p->before, &p->before_len);
	fprintf(f, "<section class=\"day\" id=\"day-%zu\">\n", p->day);
	report_day_head(f, tl);
	report_headline(f, tl, s);
	report_more(f, tl, s);
	report_howto(f);
	fputs("<div class=\"charts\">\n", f);
	fclose(f);
	f = report_part(&p->between, &p->between_len);
	fputs("</div>\n<div class=\"detail\">\n", f);
	report_table(f, tl, s);
	fputs("<div class=\"charts\">\n", f);
	fclose(f);
	f = report_part(&p->after, &p->after_len);
	fputs("</div>\n", f);
	report_dimensions(f, tl, s);
	report_notes(f, tl);
	report_jumps(f, tl);
	report_restarts(f, tl);
	report_review(f, tl);
	if (r->refs != NULL)
		report_reference_section(f, r->refs, tl, s);
	fputs("</div>\n</section>\n", f);
	fclose(f);
	return p;
}

static void
report_pending_free(struct report_pending *p)
{
	free(p->before);
	free(p->between);
	free(p->after);
	free(p);
}

/* Writes day p's section with its charts (svg, by chart kind; NULL when
 * they are missing) to the days file. */
static int
report_write_day(struct report *r, const struct report_pending *p,
    const struct chart_image *svg, struct err *e)
{
	FILE	*f = r->days;
	size_t	 i;

	fwrite(p->before, 1, p->before_len, f);
	for (i = 0; i < REPORT_NCHARTS; i++) {
		if (i == REPORT_PAGE_ONE)
			fwrite(p->between, 1, p->between_len, f);
		if (report_chart(r, f, p, &report_figures[i], svg == NULL ?
		    NULL : svg[report_figures[i].chart].data, e) != 0)
			return -1;
	}
	fwrite(p->after, 1, p->after_len, f);
	if (fflush(f) != 0 || ferror(f)) {
		err_set(e, ERR_CANTCREAT, "the days' sections: %s",
		    strerror(errno));
		err_file(e, r->path);
		return -1;
	}
	return 0;
}

/* ---- the comparison ---- */

/* What the comparison left out, in words: the days without the field,
 * and those of another scheme (the days of the report it did not count). */
static void
report_compare_left_out(struct report *r, FILE *f, const struct compare *c)
{
	size_t	skipped = compare_skipped(c), counted, other;

	if (skipped > 0) {
		fprintf(f, "<p class=\"more\">%zu day%s without ", skipped,
		    skipped == 1 ? "" : "s");
		text_put_html(f, compare_field(c));
		fprintf(f, " %s left out of the comparison.</p>\n",
		    skipped == 1 ? "is" : "are");
	}
	counted = compare_days(c) + skipped;
	if (r->ndays <= counted)
		return;
	other = r->ndays - counted;
	fprintf(f, "<p class=\"more\">%zu day%s with another coding scheme "
	    "than the first %s left out of the comparison.</p>\n", other,
	    other == 1 ? "" : "s", other == 1 ? "is" : "are");
}

/* The table: for each value, its days and the mean share per group. */
static void
report_compare_table(FILE *f, const struct compare *c)
{
	struct compare_result	 res;
	size_t			 v, g, ng = compare_ngroups(c);
	const char		*value;

	fputs("<table>\n<caption>For each ", f);
	text_put_html(f, compare_field(c));
	fputs(", its days and the mean share of observed time with each ",
	    f);
	if (compare_dimension(c) != NULL) {
		fputs("value of ", f);
		text_put_html(f, compare_dimension(c));
	} else
		fputs("group", f);
	fputs(".</caption>\n<thead><tr><th>", f);
	text_put_html(f, compare_field(c));
	fputs("</th><th>days</th>", f);
	for (g = 0; g < ng; g++) {
		fputs("<th>", f);
		report_swatch(f, compare_group_colour(c, g));
		text_put_html(f, compare_group_name(c, g));
		fputs("</th>", f);
	}
	fputs("</tr></thead>\n<tbody>\n", f);
	for (v = 0; v < compare_nvalues(c); v++) {
		value = compare_value(c, v);
		fputs("<tr><td>", f);
		if (*value == '\0')
			fputs("<span class=\"quiet\">(empty)</span>", f);
		else
			text_put_html(f, value);
		fprintf(f, "</td><td>%zu</td>", compare_value_days(c, v));
		for (g = 0; g < ng; g++) {
			compare_share(c, v, g, &res);
			fprintf(f, "<td>%.1f%%</td>", res.mean * 100.0);
		}
		fputs("</tr>\n", f);
	}
	fputs("</tbody>\n</table>\n", f);
}

/* The chart, drawn as SVG and inlined. */
/* The chart, as drawn for this report, inlined. */
static int
report_compare_chart(struct report *r, FILE *f, struct err *e)
{
	char	*extra;
	int	 rc;

	if (r->missing != NULL) {
		report_chart_missing(r, f, "Side by side", 1);
		return 0;
	}
	if (r->compare_svg == NULL) {
		err_set(e, ERR_SOFTWARE, "the comparison chart: %s",
		    r->compare_error != NULL ? r->compare_error :
		    "not drawn");
		err_file(e, r->path);
		return -1;
	}
	extra = report_chart_label("cmp-");
	fputs("<figure class=\"wide\">\n<h3 id=\"cmp-t\">Side by side</h3>\n",
	    f);
	rc = svg_inline(f, r->compare_svg, "cmp-", extra);
	free(extra);
	fputs("\n<figcaption id=\"cmp-d\">Bar chart: the share of observed time with each group, "
	    "side by side; where there are several days, the spread across "
	    "them is shown too (grey), and the 95% bootstrap interval of "
	    "the mean share across heads (black).</figcaption>\n</figure>\n", f);
	if (rc != 0) {
		err_set(e, ERR_SOFTWARE, "the comparison chart is not SVG");
		err_file(e, r->path);
	}
	return rc;
}

/* The comparison view: mean share per group for each value, the chart. */
static int
report_write_compare(struct report *r, FILE *f, const struct chart_compare *pc,
    struct err *e)
{
	const struct compare	*c = chart_compare_figures(pc);
	size_t			 days = compare_days(c);

	fprintf(f, "<section class=\"compare\">\n<h1>Comparing %zu day%s by ",
	    days, days == 1 ? "" : "s");
	text_put_html(f, compare_field(c));
	fputs("</h1>\n<p class=\"meta\">Each day has its own pages after this "
	    "one.</p>\n", f);
	report_compare_left_out(r, f, c);
	if (days == 0) {
		fputs("<p class=\"more\">No day can be compared.</p>\n"
		    "</section>\n", f);
		return 0;
	}
	fputs("<p class=\"more\">The table gives, for each ", f);
	text_put_html(f, compare_field(c));
	fputs(", the average share of observed time spent with each group "
	    "over its days.</p>\n", f);
	report_compare_table(f, c);
	if (report_compare_chart(r, f, e) != 0)
		return -1;
	fputs("</section>\n", f);
	return 0;
}

/* ---- the report ---- */

/* Removes what the report made and frees it. */
static void
report_free(struct report *r)
{
	struct report_pending	*p;

	durable_abort(&r->out);
	if (r->days != NULL)
		fclose(r->days);
	while ((p = r->pending) != NULL) {
		r->pending = p->next;
		report_pending_free(p);
	}
	free(r->school);
	free(r->head);
	free(r->error);
	free(r->missing);
	free(r->compare_svg);
	free(r->compare_error);
	week_free(&r->week);
	free(r->path);
	free(r);
}

/* The days' sections wait in a file of their own, unlinked at once so
 * that nothing is left behind whatever happens. */
static int
report_days_file(struct report *r, struct err *e)
{
	const char	*base = getenv("TMPDIR");
	char		*path;
	int		 fd;

	if (base == NULL || *base == '\0')
		base = "/tmp";
	path = xasprintf("%s/shadowlog-report.XXXXXX", base);
	if ((fd = mkstemp(path)) == -1 || unlink(path) != 0 ||
	    (r->days = fdopen(fd, "w+")) == NULL) {
		err_set(e, ERR_CANTCREAT, "a temporary file in %s: %s", base,
		    strerror(errno));
		err_file(e, r->path);
		if (fd != -1) {
			unlink(path);
			close(fd);
		}
		free(path);
		return -1;
	}
	free(path);
	return 0;
}

struct report *
report_new(const char *path, struct err *e)
{
	struct report	*r;

	r = xcalloc(1, sizeof *r);
	r->path = xstrdup(path);
	if (durable_open(&r->out, path, e) != 0 ||
	    report_days_file(r, e) != 0) {
		report_free(r);
		return NULL;
	}
	return r;
}

void
report_references(struct report *r, const struct reference_set *set)
{
	r->refs = set;
}

int
report_day(struct report *r, const struct timeline *tl,
    const struct summary *given, struct err *e)
{
	struct report_pending	*p;
	struct summary		 own;
	const struct summary	*s;

	(void)e;
	report_note_day(r, tl);
	s = summary_given(tl, given, SUMMARY_GROUPS, &own);
	p = report_pending_new(r, tl, s);
	week_add(&r->week, tl, s);
	summary_free(&own);
	r->ndays++;
	if (r->pending_tail == NULL)
		r->pending = p;
	else
		r->pending_tail->next = p;
	r->pending_tail = p;
	return 0;
}

int
report_charts(struct report *r, const struct chart_image *svg,
    const struct err *why, struct err *e)
{
	struct report_pending	*p = r->pending;
	char			*text;
	int			 rc = 0;

	if (p == NULL)
		return 0;
	r->pending = p->next;
	if (r->pending == NULL)
		r->pending_tail = NULL;
	if (why != NULL && why->code == ERR_UNAVAILABLE && r->missing == NULL)
		r->missing = err_text(why);
	if (r->error != NULL)
		rc = 0;		/* failed already, and said so once */
	else if (why != NULL && why->code != ERR_UNAVAILABLE) {
		text = err_text(why);
		err_set(e, why->code, "the charts of %s: %s", p->date, text);
		err_file(e, r->path);
		free(text);
		rc = -1;
	} else
		rc = report_write_day(r, p, why == NULL ? svg : NULL, e);
	if (rc != 0 && r->error == NULL)
		r->error = err_text(e);
	report_pending_free(p);
	return rc;
}

void
report_compare_svg(struct report *r, const struct chart_image *svg,
    const struct err *why)
{
	if (svg != NULL) {
		free(r->compare_svg);
		r->compare_svg = xstrdup(svg->data);
	} else if (why != NULL && why->code == ERR_UNAVAILABLE) {
		if (r->missing == NULL)
			r->missing = err_text(why);
	} else if (why != NULL && r->compare_error == NULL)
		r->compare_error = err_text(why);
}

void
report_put_css(FILE *f)
{
	fputs(report_css, f);
}

size_t
report_days(const struct report *r)
{
	return r->ndays;
}

/* Copies the days' sections after what is already in the output. */
static int
report_copy_days(struct report *r, struct err *e)
{
	char	*buf;
	size_t	 n;
	int	 rc = 0;

	if (fflush(r->days) != 0 || fseek(r->days, 0, SEEK_SET) != 0) {
		err_set(e, ERR_CANTCREAT, "the days' sections: %s",
		    strerror(errno));
		err_file(e, r->path);
		return -1;
	}
	buf = xmalloc(REPORT_COPY);
	while ((n = fread(buf, 1, REPORT_COPY, r->days)) > 0) {
		if (fwrite(buf, 1, n, r->out.f) != n)
			break;
	}
	if (ferror(r->days)) {
		err_set(e, ERR_CANTCREAT, "the days' sections: %s",
		    strerror(errno));
		err_file(e, r->path);
		rc = -1;
	}
	free(buf);
	return rc;
}

/* Writes the file: the page's head, the comparison, the days, the end. */
static int
report_write(struct report *r, const struct chart_compare *pc, struct err *e)
{
	FILE	*f = r->out.f;

	if (r->ndays == 0) {
		err_set(e, ERR_CANTCREAT, "not written: no day to report");
		err_file(e, r->path);
		return -1;
	}
	report_doc_head(r, f);
	if (week_is_one_head(&r->week))
		report_week_write(f, &r->week);
	if (r->ndays > 1 && pc != NULL &&
	    report_write_compare(r, f, pc, e) != 0)
		return -1;
	if (report_copy_days(r, e) != 0)
		return -1;
	fputs("</body>\n</html>\n", f);
	return durable_commit(&r->out, e);
}

int
report_finish(struct report *r, const struct chart_compare *pc,
    struct err *e)
{
	int	rc;

	if (r->error != NULL || r->pending != NULL) {
		err_set(e, ERR_CANTCREAT, "not written");
		err_file(e, r->path);
		rc = -1;
	} else if ((rc = report_write(r, pc, e)) == 0 && r->missing != NULL) {
		err_set(e, ERR_UNAVAILABLE, "written without its charts: %s",
		    r->missing);
		err_file(e, r->path);
		rc = -1;
	}
	report_free(r);
	return rc;
}
