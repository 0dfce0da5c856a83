/*
 * The workshop pack: heads side by side (a table and one stacked bar
 * each), then a paragraph per head on where they stand.  Easy to get
 * wrong: the label of a head is their name or, anonymised, their code; no
 * school, observer or person is named, so that the code is all there is.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "durable.h"
#include "report.h"
#include "report-week.h"
#include "report-workshop.h"
#include "text.h"
#include "xmalloc.h"

/* Each head's label, names or codes; free with rws_labels_free. */
static char **
rws_labels(const struct week_workshop *ws, const struct anon *anon)
{
	char	**labels, code[ANON_CODE_LEN];
	size_t	  h;

	labels = xcalloc(ws->nheads, sizeof *labels);
	for (h = 0; h < ws->nheads; h++) {
		if (anon != NULL) {
			anon_code(anon, ANON_HEAD, ws->heads[h].head, code);
			labels[h] = xstrdup(code);
		} else
			labels[h] = xstrdup(*ws->heads[h].head != '\0' ?
			    ws->heads[h].head : "(no head)");
	}
	return labels;
}

static void
rws_labels_free(const struct week_workshop *ws, char **labels)
{
	size_t	h;

	for (h = 0; h < ws->nheads; h++)
		free(labels[h]);
	free(labels);
}

static void
rws_table(FILE *f, const struct week_workshop *ws, char **labels)
{
	const struct week	*first = &ws->heads[0], *w;
	size_t			 h, g;

	fputs("<table>\n<caption>Each head's days together: the share of "
	    "the observed time with each group, episodes per hour, the share "
	    "of episodes under 9 minutes and the share of interactions the "
	    "head began</caption>\n<thead><tr><th>head</th><th>days</th>", f);
	for (g = 0; g < first->ngroups; g++) {
		fputs("<th>", f);
		text_put_html(f, first->groups[g]);
		fputs("</th>", f);
	}
	fputs("<th>episodes per hour</th><th>under 9 min</th>"
	    "<th>begun by the head</th></tr></thead>\n<tbody>\n", f);
	for (h = 0; h < ws->nheads; h++) {
		w = &ws->heads[h];
		fputs("<tr><th scope=\"row\">", f);
		text_put_html(f, labels[h]);
		fprintf(f, "</th><td>%zu</td>", w->ndays);
		for (g = 0; g < w->ngroups; g++) {
			fputs("<td>", f);
			report_week_percent(f, week_share(w, g));
			fputs("</td>", f);
		}
		if (isnan(week_per_hour(w)))
			fputs("<td>&ndash;</td><td>", f);
		else
			fprintf(f, "<td>%.1f</td><td>", week_per_hour(w));
		report_week_percent(f, week_under9(w));
		fputs("</td><td>", f);
		report_week_percent(f, week_head_share(w));
		fputs("</td></tr>\n", f);
	}
	fputs("</tbody>\n</table>\n", f);
}

/* The heads side by side as bars, then each head's pattern over the
 * day, over all their days, on one clock and one height for every head. */
static void
rws_charts(FILE *f, const struct week_workshop *ws, char **labels)
{
	struct week_rows			rows;
	const struct report_week_figure		bars = { "heads",
	    "The heads side by side", "Each bar is a head's observed time "
	    "over their days; the coloured parts are the shares with each "
	    "group, as in the table.", 0, &rows };
	const struct report_week_figure		pattern = { "headday",
	    "Each head's pattern over the day", "Each column is half an "
	    "hour: the share of the head's observed time in it with each "
	    "group, over their days observed then; every head on the same "
	    "clock; a gap is time not observed.", 0, &rows };

	week_workshop_rows(ws, (const char *const *)labels, 0, &rows);
	report_week_bars(f, &ws->heads[0], &bars);
	week_rows_free(&rows);
	week_workshop_rows(ws, (const char *const *)labels, 1, &rows);
	if (rows.n > 0)
		report_week_pattern(f, &ws->heads[0], &pattern);
	week_rows_free(&rows);
}

/* "more time with pupils than 6 of the 8 heads" as a list item, or, for
 * the head with the least, "less time with pupils than 7 of the 8 heads":
 * never "more ... than 0".  Nothing when all the heads have the same. */
static void
rws_stand(FILE *f, const struct week_workshop *ws, size_t h,
    enum week_figure fig, size_t g, const char *more, const char *less)
{
	size_t	below, above;

	if (isnan(week_figure(&ws->heads[h], fig, g)))
		return;
	below = week_workshop_below(ws, h, fig, g);
	above = week_workshop_above(ws, h, fig, g);
	if (below == 0 && above == 0)
		return;
	fputs("<li>", f);
	text_put_html(f, below > 0 ? more : less);
	fprintf(f, " than %zu of the %zu heads</li>\n",
	    below > 0 ? below : above, ws->nheads);
}

/* Non-zero when some head spent time with group g. */
static int
rws_group_seen(const struct week_workshop *ws, size_t g)
{
	size_t	h;

	for (h = 0; h < ws->nheads; h++) {
		if (week_share(&ws->heads[h], g) > 0)
			return 1;
	}
	return 0;
}

/* Where head h stands in the group, in plain words: for each group some
 * head was with, and for the day figures. */
static void
rws_head(FILE *f, const struct week_workshop *ws, size_t h, char **labels)
{
	const struct week	*w = &ws->heads[h];
	char			*what, *more, *less;
	size_t			 g;

	fputs("<div class=\"review\">\n<h3>", f);
	text_put_html(f, labels[h]);
	fputs("</h3>\n<ul>\n", f);
	for (g = 0; g < w->ngroups; g++) {
		if (!rws_group_seen(ws, g))
			continue;
		what = g + 1 == w->ngroups ? xstrdup("time alone") :
		    xasprintf("time with %s", w->groups[g]);
		more = xasprintf("more %s", what);
		less = xasprintf("less %s", what);
		rws_stand(f, ws, h, WEEK_SHARE, g, more, less);
		free(more);
		free(less);
		free(what);
	}
	rws_stand(f, ws, h, WEEK_PER_HOUR, 0, "more episodes an hour",
	    "fewer episodes an hour");
	rws_stand(f, ws, h, WEEK_UNDER9, 0,
	    "more of their episodes under 9 minutes",
	    "fewer of their episodes under 9 minutes");
	rws_stand(f, ws, h, WEEK_HEAD_SHARE, 0,
	    "began more of their interactions",
	    "began fewer of their interactions");
	fputs("</ul>\n</div>\n", f);
}

static void
rws_document(FILE *f, const struct week_workshop *ws, char **labels)
{
	size_t	h, days = 0;

	for (h = 0; h < ws->nheads; h++)
		days += ws->heads[h].ndays;
	fprintf(f, "<!DOCTYPE html>\n<html lang=\"en-GB\">\n<head>\n"
	    "<meta charset=\"utf-8\">\n<meta name=\"viewport\" "
	    "content=\"width=device-width, initial-scale=1\">\n"
	    "<title>Workshop: %zu heads side by side</title>\n<style>\n",
	    ws->nheads);
	report_put_css(f);
	/* The heads' table has twelve columns: on A4 it fits only with
	 * narrower cells than a day's tables need; the first column still
	 * holds a head's code ("H-42SV44YO") on one line, and a long name
	 * wraps at its spaces. */
	fputs(".workshop th,.workshop td{padding:0.8mm 1.2mm}\n"
	    ".workshop th:first-child,.workshop td:first-child{"
	    "min-width:27mm}\n", f);
	fprintf(f, "</style>\n</head>\n<body>\n<section class=\"workshop\">\n"
	    "<h1>%zu heads side by side</h1>\n<p class=\"meta\">%zu days "
	    "observed; each head's figures are over all their days, on the "
	    "same scales.</p>\n", ws->nheads, days);
	rws_table(f, ws, labels);
	rws_charts(f, ws, labels);
	fputs("</section>\n<section class=\"workshop\">\n<h2>Where each head "
	    "stands in the group</h2>\n", f);
	for (h = 0; h < ws->nheads; h++)
		rws_head(f, ws, h, labels);
	fputs("</section>\n</body>\n</html>\n", f);
}

/* The key list: a line per head, "CODE NAME", the name made safe. */
static int
rws_key(const char *path, const struct week_workshop *ws,
    const struct anon *anon, struct err *e)
{
	struct durable	 d;
	char		*key, *name, code[ANON_CODE_LEN];
	size_t		 h;
	int		 rc;

	key = xasprintf("%s%s", path, REPORT_WORKSHOP_KEY);
	if (durable_open(&d, key, e) != 0) {
		free(key);
		return -1;
	}
	for (h = 0; h < ws->nheads; h++) {
		anon_code(anon, ANON_HEAD, ws->heads[h].head, code);
		name = text_terminal(ws->heads[h].head);
		fprintf(d.f, "%s %s\n", code, name);
		free(name);
	}
	rc = durable_commit(&d, e);
	free(key);
	return rc;
}

/* The heads' charts in dir, labelled as the pack. */
static int
rws_plot(const char *dir, enum chart_format format,
    const struct week_workshop *ws, char **labels, struct err *e)
{
	char	*bars, *pattern;
	int	 rc;

	bars = xasprintf("%s/%s.%s", dir, REPORT_WORKSHOP_BARS,
	    chart_format_ext(format));
	pattern = xasprintf("%s/%s.%s", dir, REPORT_WORKSHOP_PATTERN,
	    chart_format_ext(format));
	rc = chart_draw_workshop(ws, (const char *const *)labels, format, bars,
	    pattern, e);
	free(bars);
	free(pattern);
	return rc;
}

int
report_workshop_write(const char *path, const struct week_workshop *ws,
    const struct anon *anon, const char *plot_dir, enum chart_format format,
    struct err *e)
{
	struct durable	  d;
	char		**labels;
	int		  rc = 0;

	if (durable_open(&d, path, e) != 0)
		return -1;
	labels = rws_labels(ws, anon);
	rws_document(d.f, ws, labels);
	if (durable_commit(&d, e) != 0)
		rc = -1;
	else if (anon != NULL)
		rc = rws_key(path, ws, anon, e);
	if (rc == 0 && plot_dir != NULL)
		rc = rws_plot(plot_dir, format, ws, labels, e);
	rws_labels_free(ws, labels);
	return rc;
}
