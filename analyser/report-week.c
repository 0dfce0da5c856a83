/*
 * The week's section of the report: headline, table, one stacked bar per
 * day, the pattern over the day (the week's, each day's a strip under it)
 * and the persons and places seen on most days.  Easy to get wrong: a colour comes from a scheme file, so only
 * "#rrggbb" reaches a style or fill attribute.
 */
#include <math.h>
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "format.h"
#include "report-week.h"
#include "scheme.h"
#include "text.h"
#include "xmalloc.h"

/* The chart's drawing units: shown 182 mm wide, so 14 units are 11 pt. */
#define RW_WIDTH	640
#define RW_BAR		26	/* a day's bar and the gap after it */
#define RW_LEFT		150	/* day names */
#define RW_RIGHT	610
#define RW_FONT		14
#define RW_MINUTE	60000
#define RW_TALL		72	/* the week's pattern */
#define RW_STRIP	20	/* a day's */
#define RW_HEAD		36	/* a head's, in the workshop */
#define RW_GAP		6
#define RW_HOUR		3600000

/* s when it is "#rrggbb", else a grey. */
static const char *
rw_colour(const char *s)
{
	return scheme_colour_valid(s, strlen(s)) ? s : "#888888";
}

void
report_week_date(FILE *f, const char *date, int with_year)
{
	char	*s = clock_long_date(date, with_year);

	if (s == NULL)
		text_put_html(f, date);
	else
		fputs(s, f);
	free(s);
}

void
report_week_percent(FILE *f, double v)
{
	if (isnan(v))
		fputs("&ndash;", f);
	else
		fprintf(f, "%ld%%", lround(v * 100));
}

/* "5 h 20 min" of a duration. */
static void
rw_hours(FILE *f, int64_t ms)
{
	int64_t	min = (ms + RW_MINUTE / 2) / RW_MINUTE;

	fprintf(f, "%" PRId64 " h %02" PRId64 " min", min / 60, min % 60);
}

/* One row of the table: a day's, or the week's when d is w->ndays. */
static void
rw_row(FILE *f, const struct week *w, size_t d)
{
	int	week = d == w->ndays;
	size_t	g;

	fputs(week ? "<tr><th scope=\"row\">The week</th><td>" :
	    "<tr><th scope=\"row\">", f);
	if (!week) {
		report_week_date(f, w->days[d].date, 0);
		fputs("</th><td>", f);
	}
	rw_hours(f, week ? week_observed_ms(w) : w->days[d].observed_ms);
	for (g = 0; g < w->ngroups; g++) {
		fputs("</td><td>", f);
		report_week_percent(f, week ? week_share(w, g) :
		    week_day_share(w, d, g));
	}
	fputs("</td><td>", f);
	if (isnan(week ? week_per_hour(w) : w->days[d].per_hour))
		fputs("&ndash;", f);
	else
		fprintf(f, "%.1f", week ? week_per_hour(w) :
		    w->days[d].per_hour);
	fputs("</td><td>", f);
	report_week_percent(f, week ? week_head_share(w) : w->days[d].head_share);
	fputs("</td></tr>\n", f);
}

static void
rw_table(FILE *f, const struct week *w)
{
	size_t	g, d;

	fputs("<table>\n<caption>Your days side by side: the observed time, "
	    "the share of it with each group, episodes per hour and the "
	    "share of interactions you began</caption>\n<thead><tr>"
	    "<th>day</th><th>observed</th>", f);
	for (g = 0; g < w->ngroups; g++) {
		fprintf(f, "<th><span class=\"swatch\" style=\"background:%s\">"
		    "</span>", rw_colour(w->colours[g]));
		text_put_html(f, w->groups[g]);
		fputs("</th>", f);
	}
	fputs("<th>episodes per hour</th><th>begun by you</th></tr></thead>\n"
	    "<tbody>\n", f);
	for (d = 0; d <= w->ndays; d++)
		rw_row(f, w, d);
	fputs("</tbody>\n</table>\n", f);
}

/* Bar i of bars: its label, then a rectangle per group, in scheme order,
 * left to right. */
static void
rw_bar(FILE *f, const struct week *groups, const struct week_rows *bars,
    size_t i, int y)
{
	double	x = RW_LEFT, width, share;
	size_t	g;

	fprintf(f, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">",
	    RW_LEFT - 6, y + RW_FONT);
	text_put_html(f, bars->labels[i]);
	fputs("</text>\n", f);
	for (g = 0; g < groups->ngroups; g++) {
		share = bars->shares[i * groups->ngroups + g];
		if (isnan(share) || share <= 0)
			continue;
		width = share * (RW_RIGHT - RW_LEFT);
		fprintf(f, "<rect x=\"%.1f\" y=\"%d\" width=\"%.1f\" "
		    "height=\"%d\" fill=\"%s\"><title>", x, y, width,
		    RW_BAR - 6, rw_colour(groups->colours[g]));
		text_put_html(f, groups->groups[g]);
		fprintf(f, " %ld%%</title></rect>\n", lround(share * 100));
		x += width;
	}
}

/* The figure's heading and the SVG's opening, its title and desc. */
static void
rw_figure_open(FILE *f, const struct report_week_figure *fig, int height)
{
	fputs("<figure class=\"wide\">\n<h3>", f);
	text_put_html(f, fig->title);
	fprintf(f, "</h3>\n<svg xmlns=\"http://www.w3.org/2000/svg\" "
	    "viewBox=\"0 0 %d %d\" role=\"img\" aria-labelledby=\"%s-t "
	    "%s-d\">\n<title id=\"%s-t\">", RW_WIDTH, height, fig->id,
	    fig->id, fig->id);
	text_put_html(f, fig->title);
	fprintf(f, "</title>\n<desc id=\"%s-d\">", fig->id);
	text_put_html(f, fig->desc);
	fprintf(f, "</desc>\n<g font-size=\"%d\" fill=\"#1f2933\">\n",
	    RW_FONT);
}

/* The SVG's end and the caption: the legend, then the description. */
static void
rw_figure_close(FILE *f, const struct week *groups,
    const struct report_week_figure *fig)
{
	size_t	g;

	fputs("</g>\n</svg>\n<figcaption>", f);
	for (g = 0; g < groups->ngroups; g++) {
		fprintf(f, "<span class=\"swatch\" style=\"background:%s\">"
		    "</span>", rw_colour(groups->colours[g]));
		text_put_html(f, groups->groups[g]);
		fputs(g + 1 < groups->ngroups ? " &nbsp; " : "<br>", f);
	}
	text_put_html(f, fig->desc);
	fputs("</figcaption>\n</figure>\n", f);
}

void
report_week_bars(FILE *f, const struct week *groups,
    const struct report_week_figure *fig)
{
	const struct week_rows	*bars = fig->rows;
	int			 height = (int)bars->n * RW_BAR + 4, y = 4;
	size_t			 i;

	rw_figure_open(f, fig, height);
	for (i = 0; i < bars->n; i++, y += RW_BAR)
		rw_bar(f, groups, bars, i, y);
	rw_figure_close(f, groups, fig);
}

/* Bin b of row i as a column from y down, height high: the groups
 * stacked top down in scheme order. */
static void
rw_column(FILE *f, const struct week *groups, const struct week_rows *p,
    size_t i, size_t b, int y, int high)
{
	const double	*sh = &p->shares[(i * p->nbins + b) * groups->ngroups];
	double		 x, width, top = y, h;
	char		 buf[FORMAT_LEN];
	size_t		 g;

	width = (double)(RW_RIGHT - RW_LEFT) / (double)p->nbins;
	x = RW_LEFT + (double)b * width;
	for (g = 0; g < groups->ngroups; g++) {
		if (isnan(sh[g]) || sh[g] <= 0)
			continue;
		h = sh[g] * high;
		fprintf(f, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" "
		    "height=\"%.1f\" fill=\"%s\"><title>", x, top, width, h,
		    rw_colour(groups->colours[g]));
		text_put_html(f, p->labels[i]);
		fprintf(f, " %s ", format_clock(p->first + (int64_t)b *
		    WEEK_BIN_MS, FORMAT_HM, buf));
		text_put_html(f, groups->groups[g]);
		fprintf(f, " %ld%%</title></rect>\n", lround(sh[g] * 100));
		top += h;
	}
}

/* The clock under the rows: a tick and time every hour (every two when
 * the hours would crowd). */
static void
rw_clock(FILE *f, const struct week_rows *p, int y)
{
	double	 unit = (double)(RW_RIGHT - RW_LEFT) /
		    ((double)p->nbins * WEEK_BIN_MS), x;
	int64_t	 end = p->first + (int64_t)p->nbins * WEEK_BIN_MS, at, step;
	char	 buf[FORMAT_LEN];

	step = (end - p->first) / RW_HOUR > 8 ? 2 * RW_HOUR : RW_HOUR;
	at = (p->first + step - 1) / step * step;
	for (; at <= end; at += step) {
		x = RW_LEFT + (double)(at - p->first) * unit;
		fprintf(f, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" "
		    "y2=\"%d\" stroke=\"#1f2933\"/>\n<text x=\"%.1f\" "
		    "y=\"%d\" text-anchor=\"middle\">%s</text>\n", x, y, x,
		    y + 4, x, y + 4 + RW_FONT, format_clock(at, FORMAT_HM, buf));
	}
}

/* Row i's height: the week's tall, the days' strips under it; or every
 * head's alike. */
static int
rw_row_height(const struct report_week_figure *fig, size_t i)
{
	if (!fig->tall_first)
		return RW_HEAD;
	return i == 0 ? RW_TALL : RW_STRIP;
}

void
report_week_pattern(FILE *f, const struct week *groups,
    const struct report_week_figure *fig)
{
	const struct week_rows	*p = fig->rows;
	int			 y = 4, high, height = 4 + 8 + RW_FONT;
	size_t			 i, b;

	for (i = 0; i < p->n; i++)
		height += rw_row_height(fig, i) + RW_GAP;
	rw_figure_open(f, fig, height);
	for (i = 0; i < p->n; i++) {
		high = rw_row_height(fig, i);
		fprintf(f, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">",
		    RW_LEFT - 6, y + high / 2 + RW_FONT / 2 - 2);
		text_put_html(f, p->labels[i]);
		fprintf(f, "</text>\n<rect x=\"%d\" y=\"%d\" width=\"%d\" "
		    "height=\"%d\" fill=\"none\" stroke=\"#cccccc\"/>\n",
		    RW_LEFT, y, RW_RIGHT - RW_LEFT, high);
		for (b = 0; b < p->nbins; b++)
			rw_column(f, groups, p, i, b, y, high);
		y += high + RW_GAP;
	}
	rw_clock(f, p, y - RW_GAP + 2);
	rw_figure_close(f, groups, fig);
}

/* The week's pattern over the day, tall, then each day's as a strip. */
static void
rw_pattern(FILE *f, const struct week *w)
{
	struct week_rows			rows;
	const struct report_week_figure		fig = { "weekday",
	    "Your pattern over the day", "Each column is half an hour: the "
	    "share of the observed time in it with each group, over the days "
	    "observed then (tall), then each day's own (a strip each); a gap "
	    "is time not observed.", 1, &rows };

	week_rows_pattern(w, "The week", &rows);
	if (rows.n > 0)
		report_week_pattern(f, w, &fig);
	week_rows_free(&rows);
}

/* The persons and places seen on more than half of the days. */
static void
rw_regulars(FILE *f, const struct week *w)
{
	struct week_regular	*r;
	size_t			 n, i;
	int			 places;

	r = week_regulars(w, 0, &n);
	free(r);
	if (n == 0) {
		r = week_regulars(w, 1, &n);
		free(r);
	}
	if (n == 0) {
		fprintf(f, "<p>No person or place was seen on more than %zu of "
		    "the %zu days.</p>\n", w->ndays / 2, w->ndays);
		return;
	}
	fprintf(f, "<table>\n<caption>Who and where you were on most days "
	    "(more than %zu of the %zu): on how many days, and the time over "
	    "the week</caption>\n<thead><tr><th>person or place</th>"
	    "<th>as</th><th>days</th><th>time</th></tr></thead>\n<tbody>\n",
	    w->ndays / 2, w->ndays);
	for (places = 0; places < 2; places++) {
		r = week_regulars(w, places, &n);
		for (i = 0; i < n; i++) {
			fputs("<tr><th scope=\"row\">", f);
			text_put_html(f, r[i].name);
			fputs("</th><td>", f);
			text_put_html(f, places ? "a place" : w->groups[
			    r[i].group < 0 ? w->ngroups - 1 :
			    (size_t)r[i].group]);
			fprintf(f, "</td><td>%zu</td><td>", r[i].days);
			rw_hours(f, r[i].ms);
			fputs("</td></tr>\n", f);
		}
		free(r);
	}
	fputs("</tbody>\n</table>\n", f);
}

/* The days side by side, one stacked bar each. */
static void
rw_chart(FILE *f, const struct week *w)
{
	struct week_rows			rows;
	const struct report_week_figure		fig = { "week",
	    "Your days side by side", "Each bar is a day's observed time; the "
	    "coloured parts are the shares with each group, as in the table "
	    "above.", 0, &rows };

	week_rows_days(w, &rows);
	report_week_bars(f, w, &fig);
	week_rows_free(&rows);
}

void
report_week_write(FILE *f, const struct week *w)
{
	char	*headline = week_headline(w);

	fputs("<section class=\"week\">\n<h1>Your week</h1>\n"
	    "<p class=\"meta\">", f);
	text_put_html(f, *w->head != '\0' ? w->head : "(no head)");
	fputs(", ", f);
	text_put_html(f, *w->school != '\0' ? w->school : "(no school)");
	fprintf(f, ": %zu days, ", w->ndays);
	report_week_date(f, w->days[0].date, 0);
	fputs(" to ", f);
	report_week_date(f, w->days[w->ndays - 1].date, 0);
	fputs("</p>\n<p class=\"headline\">", f);
	text_put_html(f, headline);
	fputs("</p>\n", f);
	rw_table(f, w);
	rw_chart(f, w);
	rw_pattern(f, w);
	rw_regulars(f, w);
	fputs("</section>\n", f);
	free(headline);
}
