/*
 * The report's section of reference profiles, and where their file is.
 * Easy to get wrong: the studies' words go through the HTML escaper like
 * any other text, since the file is data a team may edit.
 */
#include <stdlib.h>

#include "gnuplot.h"
#include "report-reference.h"
#include "text.h"

#ifndef PKGDATADIR
#define PKGDATADIR	"/usr/local/share/shadowlog"
#endif

/* Only in a report with the section, so every other report keeps its
 * bytes. */
const char report_reference_css[] =
    ".references{margin-top:5mm}\n"
    ".references th,.references td{white-space:normal;text-align:left;"
    "vertical-align:top}\n"
    ".references td:nth-child(2){white-space:nowrap}\n"
    ".references caption{text-align:left;font-size:9pt;color:#52606d;"
    "margin-bottom:1mm}\n";

const char *
report_reference_path(void)
{
	const char	*path;

	path = getenv("SHADOWLOG_REFERENCES");
	if (path != NULL && *path != '\0')
		return path;
#ifdef ABS_TOP_SRCDIR
	if (gnuplot_uninstalled())
		return ABS_TOP_SRCDIR "/common/references.tsv";
#endif
	return PKGDATADIR "/references.tsv";
}

/* A cell of text, escaped; takes ownership of s. */
static void
rr_cell(FILE *f, char *s)
{
	fputs("<td>", f);
	text_put_html(f, s);
	fputs("</td>", f);
	free(s);
}

/* The rows of one study's figures. */
static void
rr_study(FILE *f, const struct reference_set *set, size_t study,
    const struct reference_row *rows, size_t n)
{
	const struct reference_figure	*fig;
	char				*cite;
	size_t				 i;

	cite = reference_citation(&set->studies[study]);
	fputs("<tr><th colspan=\"4\" scope=\"rowgroup\">", f);
	text_put_html(f, cite);
	free(cite);
	fputs("</th></tr>\n<tr><td colspan=\"4\"><em>What it measured:</em> ",
	    f);
	text_put_html(f, set->studies[study].measured);
	fputs("</td></tr>\n", f);
	for (i = 0; i < n; i++) {
		fig = rows[i].figure;
		if (fig->study != study)
			continue;
		fputs("<tr>", f);
		rr_cell(f, reference_figure_words(fig));
		rr_cell(f, reference_value_words(fig->measure, fig->value));
		if (rows[i].compared) {
			rr_cell(f, reference_value_words(fig->measure,
			    rows[i].own));
		} else {
			fputs("<td>not compared: ", f);
			text_put_html(f, rows[i].why);
			fputs("</td>", f);
		}
		fputs("<td>", f);
		text_put_html(f, fig->where);
		fputs("</td></tr>\n", f);
	}
}

void
report_reference_section(FILE *f, const struct reference_set *set,
    const struct timeline *tl, const struct summary *s)
{
	struct reference_row	*rows;
	size_t			 n, i;

	rows = reference_match(set, tl, s, &n);
	fputs("<div class=\"references\">\n<h2>Beside the published "
	    "studies</h2>\n<table>\n<caption>Figures from structured-"
	    "observation studies, beside yours only where both count the "
	    "same thing</caption>\n<thead><tr><th>figure</th><th>study</th>"
	    "<th>your day</th><th>source</th></tr></thead>\n<tbody>\n", f);
	for (i = 0; i < set->nstudies; i++)
		rr_study(f, set, i, rows, n);
	fputs("</tbody>\n</table>\n</div>\n", f);
	free(rows);
}
