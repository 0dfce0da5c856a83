/*
 * The agreement report: a headline in words, the two codings one above
 * the other (chart.c draws them), kappa per variable, the events and the
 * sequence, and the largest disagreements, each table with a caption.
 * Easy to get wrong: every string from a log is escaped, the SVG is
 * inlined only through svg.c, and a figure that is undefined (NAN) is
 * shown as a dash with no word for it.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "agreement.h"
#include "chart.h"
#include "durable.h"
#include "report.h"
#include "err.h"
#include "format.h"
#include "report-agreement.h"
#include "svg.h"
#include "table-agreement.h"
#include "text.h"
#include "timeline.h"
#include "xmalloc.h"

#define RA_CHART_TITLE	"The two codings, one above the other"
#define RA_CHART_TEXT	"A's coding in the top row and B's below it, " \
	"each stretch in its group's colour against the clock; the red " \
	"band beneath marks every second they coded differently."

/* Every word at least 7 pt on A4, the chart's type included (its canvas
 * is 800 units across the 182 mm of the page). */
static const char ra_css[] =
    "@page{size:A4;margin:13mm 14mm 14mm}\n"
    "html{color:#1f2933;background:#fff;font:10pt/1.4 "
    "\"Liberation Sans\",Arial,Helvetica,sans-serif}\n"
    "body{margin:0}\n"
    "section{max-width:182mm;margin:0 auto}\n"
    "h1{font-size:16pt;font-weight:600;margin:0 0 1mm}\n"
    "h2{font-size:11pt;font-weight:600;margin:0 0 1mm;color:#334e68}\n"
    ".meta{margin:0 0 3mm;color:#52606d;font-size:9pt}\n"
    ".headline{font-size:12pt;margin:0 0 3mm;padding:2.5mm 4mm;"
    "background:#f0f4f8;border-left:4px solid #627d98}\n"
    "figure{margin:0 0 4mm;break-inside:avoid}\n"
    "figure svg{display:block;width:100%;height:auto}\n"
    "figure svg g{font-family:\"Liberation Sans\",Arial,Helvetica,"
    "sans-serif}\n"
    "figcaption{font-size:8.5pt;color:#52606d;margin-top:1mm}\n"
    "table{width:100%;border-collapse:collapse;font-size:9pt;"
    "margin:0 0 5mm;break-inside:avoid}\n"
    "caption{text-align:left;font-weight:600;font-size:10pt;"
    "color:#334e68;padding-bottom:1mm}\n"
    "th,td{padding:0.8mm 2mm;border-bottom:1px solid #d9e2ec;"
    "text-align:left;vertical-align:top}\n"
    "th{font-weight:600;background:#f0f4f8}\n"
    ".quiet{color:#52606d}\n"
    REPORT_WIDE_CHART_CSS;

/* What each variable is, in a trainer's words. */
static const struct {
	const char	*name;
	const char	*words;
} ra_variables[] = {
	{ "group", "the group the head was with" },
	{ "by", "who began the interaction" },
	{ "person", "the person" },
	{ "where", "the place" },
	{ "mode", "the mode (face to face, phone, ...)" }
};

static const char *
ra_variable_words(const char *name)
{
	size_t	i;

	for (i = 0; i < sizeof ra_variables / sizeof ra_variables[0]; i++) {
		if (strcmp(ra_variables[i].name, name) == 0)
			return ra_variables[i].words;
	}
	return name;
}

/* A kappa and Landis and Koch's word for it, or a dash. */
static void
ra_kappa(FILE *f, double kappa)
{
	if (isfinite(kappa))
		fprintf(f, "<td>%.2f</td><td>%s</td>", kappa,
		    agreement_band(kappa));
	else
		fputs("<td>&ndash;</td><td class=\"quiet\">not defined</td>",
		    f);
}

static void
ra_percent(FILE *f, double v)
{
	if (isfinite(v))
		fprintf(f, "%.0f%%", v * 100.0);
	else
		fputs("&ndash;", f);
}

/* "school · head · date", each escaped; head_word before the head. */
static void
ra_day(FILE *f, const struct timeline *tl, const char *head_word)
{
	text_put_html(f, tl->school);
	fprintf(f, " \xc2\xb7 %s", head_word);
	text_put_html(f, tl->head);
	fputs(" \xc2\xb7 ", f);
	text_put_html(f, tl->date);
}

static void
ra_head(FILE *f, const struct timeline *a)
{
	fputs("<!DOCTYPE html>\n<html lang=\"en-GB\">\n<head>\n"
	    "<meta charset=\"utf-8\">\n"
	    "<meta name=\"viewport\" content=\"width=device-width, "
	    "initial-scale=1\">\n<title>Agreement of two observers: ", f);
	ra_day(f, a, "");
	fprintf(f, "</title>\n<style>\n%s</style>\n</head>\n<body>\n"
	    "<section class=\"agreement\">\n", ra_css);
}

/* One observer on the meta line: "A: observer X (file)". */
static void
ra_observer(FILE *f, const char *letter, const struct timeline *tl,
    const char *file)
{
	fprintf(f, "%s: observer ", letter);
	text_put_html(f, *tl->observer != '\0' ? tl->observer : "-");
	fputs(" (", f);
	text_put_html(f, file);
	fputs(")", f);
}

static void
ra_title(FILE *f, const struct agreement *ag, const struct timeline *a,
    const struct timeline *b, const char *const *files)
{
	char	buf[FORMAT_LEN];

	fputs("<h1>Do the two observers code alike?</h1>\n<p class=\"meta\">",
	    f);
	ra_day(f, a, "head ");
	fputs("<br>\n", f);
	ra_observer(f, "A", a, files[0]);
	fputs(" \xc2\xb7 ", f);
	ra_observer(f, "B", b, files[1]);
	fputs("</p>\n<p class=\"headline\">Over ", f);
	fputs(format_duration((double)ag->seconds * 1000.0, FORMAT_WORDS,
	    buf), f);
	fputs(" both observed, A and B coded the same group ", f);
	ra_percent(f, ag->observed);
	fputs(" of the time.  ", f);
	if (isfinite(ag->kappa))
		fprintf(f, "Cohen's kappa, which discounts the agreement "
		    "expected by chance, is %.2f: %s agreement.", ag->kappa,
		    agreement_band(ag->kappa));
	fputs("</p>\n", f);
}

/* The chart, or a note in its place; -1 when svg is not SVG. */
static int
ra_chart(FILE *f, const struct chart_image *svg, const struct err *why)
{
	int	rc = 0;

	fputs("<figure class=\"wide\">\n<h2>" RA_CHART_TITLE "</h2>\n", f);
	if (svg == NULL || svg->data == NULL) {
		fputs("<p class=\"quiet\">Chart missing: ", f);
		text_put_html(f, why != NULL && why->msg != NULL ? why->msg :
		    "not drawn");
		fputs("</p>\n", f);
	} else
		rc = svg_inline(f, svg->data, "agreement-", " role=\"img\" "
		    "aria-label=\"" RA_CHART_TITLE ": " RA_CHART_TEXT "\"");
	fputs("\n<figcaption>" RA_CHART_TEXT "</figcaption>\n</figure>\n", f);
	return rc;
}

static void
ra_variables_table(FILE *f, const struct agreement *ag)
{
	const struct agreement_variable	*v;
	char				 buf[FORMAT_LEN];
	size_t				 i;

	fputs("<table class=\"variables\">\n<caption>Second by second: how "
	    "far A and B agree on each variable (Cohen's kappa: 1 is "
	    "perfect, 0 no better than chance)</caption>\n<tr><th>what was "
	    "coded</th><th>kappa</th><th>in words</th><th>coded alike</th>"
	    "<th>time compared</th></tr>\n", f);
	for (i = 0; i < ag->nvariables; i++) {
		v = &ag->variables[i];
		fprintf(f, "<tr><td>%s</td>", ra_variable_words(v->name));
		ra_kappa(f, v->kappa);
		fputs("<td>", f);
		ra_percent(f, v->observed);
		fprintf(f, "</td><td>%s</td></tr>\n", format_duration(
		    (double)v->seconds * 1000.0, FORMAT_WORDS, buf));
	}
	fputs("</table>\n", f);
}

static void
ra_events_table(FILE *f, const struct agreement *ag)
{
	const struct agreement_alignment	*al = &ag->alignment;
	char					 buf[FORMAT_LEN];

	fprintf(f, "<table class=\"events\">\n<caption>Episode by episode: "
	    "when each began, and in what order</caption>\n<tr><th>figure"
	    "</th><th>value</th><th>what it says</th></tr>\n<tr><td>starts "
	    "matched within %d s</td><td>", ag->events.window_s);
	ra_percent(f, ag->events.agreement);
	fprintf(f, "</td><td>%zu of A's %zu starts and B's %zu began within "
	    "%d seconds of each other, in the same group</td></tr>\n",
	    ag->events.matched, ag->events.a_starts, ag->events.b_starts,
	    ag->events.window_s);
	fputs("<tr><td>event kappa</td>", f);
	if (isfinite(al->kappa))
		fprintf(f, "<td>%.2f</td><td>%s agreement on the starts "
		    "paired one to one (%zu pairs, %zu of A's and %zu of B's "
		    "left unpaired)</td></tr>\n", al->kappa,
		    agreement_band(al->kappa), al->pairs, al->unmatched_a,
		    al->unmatched_b);
	else
		fputs("<td>&ndash;</td><td class=\"quiet\">not defined"
		    "</td></tr>\n", f);
	fputs("<tr><td>same sequence</td><td>", f);
	ra_percent(f, al->identity);
	fprintf(f, "</td><td>%zu of the %zu steps of the two sequences of "
	    "episodes, put side by side, are the same group</td></tr>\n",
	    al->identical, al->steps);
	fputs("<tr><td>lengths alike</td><td>", f);
	if (isfinite(al->ccc))
		fprintf(f, "%.2f", al->ccc);
	else
		fputs("&ndash;", f);
	fputs("</td><td>Lin's concordance of the lengths of the episodes "
	    "both coded alike (1: the same lengths)</td></tr>\n"
	    "<tr><td>start difference</td><td>", f);
	fputs(isfinite(al->start_median) ? format_duration(al->start_median,
	    FORMAT_SPACED, buf) : "&ndash;", f);
	fputs("</td><td>the median gap between the starts of those "
	    "episodes</td></tr>\n</table>\n", f);
}

static void
ra_disagreements(FILE *f, const struct agreement *ag,
    const struct timeline *a)
{
	const struct agreement_disagreement	*d;
	char					*words, buf[FORMAT_LEN];
	size_t					 i;

	fputs("<table class=\"disagreements\">\n<caption>Where they differ "
	    "most: the longest stretches coded differently</caption>\n"
	    "<tr><th>when, and what each coded</th><th>length</th></tr>\n",
	    f);
	if (ag->ndisagreements == 0)
		fputs("<tr><td>None: every second compared was coded alike."
		    "</td><td></td></tr>\n", f);
	for (i = 0; i < ag->ndisagreements && i < AGREEMENT_LARGEST; i++) {
		d = &ag->disagreements[i];
		words = table_agreement_words(ag, a, d);
		fputs("<tr><td class=\"words\">", f);
		text_put_html(f, words);
		fprintf(f, "</td><td>%s</td></tr>\n", format_duration(
		    (double)(d->end - d->start), FORMAT_SPACED, buf));
		free(words);
	}
	fputs("</table>\n", f);
}

int
report_agreement_write(const char *path, const struct agreement *ag,
    const struct timeline *a, const struct timeline *b,
    const char *const *files, const struct chart_image *svg,
    const struct err *why, struct err *e)
{
	struct durable	out;

	if (durable_open(&out, path, e) != 0)
		return -1;
	ra_head(out.f, a);
	ra_title(out.f, ag, a, b, files);
	if (ra_chart(out.f, svg, why) != 0) {
		durable_abort(&out);
		err_set(e, ERR_SOFTWARE, "the agreement chart is not SVG");
		err_file(e, path);
		return -1;
	}
	ra_variables_table(out.f, ag);
	ra_events_table(out.f, ag);
	ra_disagreements(out.f, ag, a);
	fputs("</section>\n</body>\n</html>\n", out.f);
	if (durable_commit(&out, e) != 0)
		return -1;
	if (svg == NULL && why != NULL) {
		err_set(e, why->code, "the chart could not be drawn: %s",
		    why->msg);
		err_file(e, path);
		return -1;
	}
	return 0;
}
