/*
 * The comparison across days written as text, CSV or JSON, from the
 * running figures of common/compare.c.  Easy to get wrong: the three forms
 * say the same thing (a missing figure is "-" in text, empty in CSV, null
 * in JSON), shares have six decimals and seconds three, and text from a
 * log is made safe for a terminal (text) or valid UTF-8 (JSON).
 */
#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "compare.h"
#include "comparison.h"
#include "csv.h"
#include "output.h"
#include "text.h"
#include "xmalloc.h"

#define COMPARISON_GAP	"  "	/* between the columns of a text table */

/* The day figures: name in JSON, in text, and whether a fraction. */
static const struct {
	const char	*json;
	const char	*text;
	int		 fraction;
} comparison_figures[COMPARE_NFIGURES] = {
	{ "episodes_per_hour",	"Episodes per hour",	0 },
	{ "under9",		"Under 9 minutes",	1 },
	{ "head_share",		"Begun by the head",	1 }
};

/* ---- numbers ---- */

/* A fraction or rate with six decimals; NaN is missing (null in JSON). */
static void
comparison_fraction(FILE *f, double v, int json)
{
	if (isfinite(v))
		fprintf(f, "%.6f", v);
	else if (json)
		fputs("null", f);
}

/* A mean in ms as seconds with three decimals, rounded to the ms (halves
 * away from zero); NaN is missing. */
static void
comparison_seconds(FILE *f, double ms, int json)
{
	int64_t		r;
	uint64_t	v;

	if (!isfinite(ms)) {
		if (json)
			fputs("null", f);
		return;
	}
	r = (int64_t)llround(ms);
	if (r < 0)
		putc('-', f);
	v = r < 0 ? 0 - (uint64_t)r : (uint64_t)r;
	fprintf(f, "%" PRIu64 ".%03u", v / 1000, (unsigned)(v % 1000));
}

/* "HH:MM" of a bin's start, hours past 23 for the next day (as the
 * analyser's bins table has it). */
static void
comparison_bin_start(int64_t ms, char buf[16])
{
	int64_t	m = ms / 60000;

	if (ms < 0 || m > 99 * 60 + 59)
		m = ms < 0 ? 0 : 99 * 60 + 59;
	snprintf(buf, 16, "%02d:%02d", (int)(m / 60), (int)(m % 60));
}

/* Writes s as a JSON string; bytes that are not UTF-8 become U+FFFD. */
static void
comparison_json_str(FILE *f, const char *s)
{
	const unsigned char	*p = (const unsigned char *)s, *end;
	size_t			 n;

	end = p + strlen(s);
	putc('"', f);
	for (; p < end; p += n) {
		n = text_utf8_len(p, (size_t)(end - p));
		if (n == 0) {
			fputs("\\ufffd", f);
			n = 1;
		} else if (*p == '"' || *p == '\\')
			fprintf(f, "\\%c", *p);
		else if (*p == '\n')
			fputs("\\n", f);
		else if (*p == '\t')
			fputs("\\t", f);
		else if (*p == '\r')
			fputs("\\r", f);
		else if (*p < 0x20 || *p == 0x7f)
			fprintf(f, "\\u%04x", *p);
		else
			fwrite(p, 1, n, f);
	}
	putc('"', f);
}

/* ---- text tables ---- */

struct comparison_tt {
	const char	 *align;	/* per column: 'l' or 'r' */
	size_t		  ncols;
	char		**cells;	/* row after row, owned, made safe */
	size_t		  ncells;
	size_t		  size;
};

static void
comparison_tt_init(struct comparison_tt *t, const char *align)
{
	memset(t, 0, sizeof *t);
	t->align = align;
	t->ncols = strlen(align);
}

/* Adds the next cell, taking ownership of s (already safe). */
static void
comparison_tt_take(struct comparison_tt *t, char *s)
{
	if (t->ncells == t->size) {
		t->size = t->size == 0 ? 64 : t->size * 2;
		t->cells = xreallocarray(t->cells, t->size, sizeof *t->cells);
	}
	t->cells[t->ncells++] = s;
}

/* Adds a cell of text from a log, made safe; "" shown as "-". */
static void
comparison_tt_text(struct comparison_tt *t, const char *s)
{
	if (*s == '\0')
		s = "-";
	comparison_tt_take(t, text_show(s, strlen(s), SIZE_MAX));
}

static void
comparison_tt_fmt(struct comparison_tt *t, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void
comparison_tt_fmt(struct comparison_tt *t, const char *fmt, ...)
{
	va_list	ap;

	va_start(ap, fmt);
	comparison_tt_take(t, xvasprintf(fmt, ap));
	va_end(ap);
}

/* Columns a safe cell takes: one per character. */
static size_t
comparison_width(const char *s)
{
	size_t	w = 0;

	for (; *s != '\0'; s++) {
		if (((unsigned char)*s & 0xc0) != 0x80)
			w++;
	}
	return w;
}

/* Writes the table aligned and frees it. */
static void
comparison_tt_print(FILE *f, struct comparison_tt *t)
{
	size_t	*width, i, c, pad;

	width = xcalloc(t->ncols, sizeof *width);
	for (i = 0; i < t->ncells; i++) {
		if (comparison_width(t->cells[i]) > width[i % t->ncols])
			width[i % t->ncols] = comparison_width(t->cells[i]);
	}
	for (i = 0; i < t->ncells; i++) {
		c = i % t->ncols;
		pad = width[c] - comparison_width(t->cells[i]);
		if (c > 0)
			fputs(COMPARISON_GAP, f);
		if (t->align[c] == 'r')
			fprintf(f, "%*s", (int)pad, "");
		fputs(t->cells[i], f);
		if (t->align[c] != 'r' && c + 1 != t->ncols)
			fprintf(f, "%*s", (int)pad, "");
		if (c + 1 == t->ncols)
			putc('\n', f);
		free(t->cells[i]);
	}
	free(width);
	free(t->cells);
}

/* A figure for the eye: "12.3%" of a fraction, "4.50" of a rate, "-" when
 * missing. */
static void
comparison_tt_figure(struct comparison_tt *t, double v, int fraction)
{
	if (!isfinite(v))
		comparison_tt_fmt(t, "-");
	else if (fraction)
		comparison_tt_fmt(t, "%.1f%%", v * 100.0);
	else
		comparison_tt_fmt(t, "%.2f", v);
}

/* "m:ss" of a mean in ms, or "h:mm:ss" from an hour. */
static void
comparison_tt_mss(struct comparison_tt *t, double ms)
{
	int64_t	s = (int64_t)llround(ms / 1000.0);

	if (s >= 3600)
		comparison_tt_fmt(t, "%" PRId64 ":%02d:%02d", s / 3600,
		    (int)(s / 60 % 60), (int)(s % 60));
	else
		comparison_tt_fmt(t, "%d:%02d", (int)(s / 60), (int)(s % 60));
}

/* A row of a figure over days: days, mean, sd, min, max. */
static void
comparison_tt_result(struct comparison_tt *t, const struct compare_result *r,
    int fraction)
{
	comparison_tt_fmt(t, "%zu", r->n);
	comparison_tt_figure(t, r->mean, fraction);
	comparison_tt_figure(t, r->sd, fraction);
	comparison_tt_figure(t, r->min, fraction);
	comparison_tt_figure(t, r->max, fraction);
}

/* ---- text ---- */

static void
comparison_text_shares(FILE *f, const struct compare *c, size_t v)
{
	struct comparison_tt	t;
	struct compare_result	r;
	size_t			g;

	comparison_tt_init(&t, "lrrrrr");
	comparison_tt_fmt(&t, "share of observed time");
	comparison_tt_fmt(&t, "days");
	comparison_tt_fmt(&t, "mean");
	comparison_tt_fmt(&t, "sd");
	comparison_tt_fmt(&t, "min");
	comparison_tt_fmt(&t, "max");
	for (g = 0; g < compare_ngroups(c); g++) {
		compare_share(c, v, g, &r);
		comparison_tt_text(&t, compare_group_name(c, g));
		comparison_tt_result(&t, &r, 1);
	}
	comparison_tt_print(f, &t);
}

static void
comparison_text_figures(FILE *f, const struct compare *c, size_t v)
{
	struct comparison_tt	t;
	struct compare_result	r;
	int			i;

	comparison_tt_init(&t, "lrrrrr");
	comparison_tt_fmt(&t, "day figure");
	comparison_tt_fmt(&t, "days");
	comparison_tt_fmt(&t, "mean");
	comparison_tt_fmt(&t, "sd");
	comparison_tt_fmt(&t, "min");
	comparison_tt_fmt(&t, "max");
	for (i = 0; i < COMPARE_NFIGURES; i++) {
		compare_figure(c, v, (enum compare_figure)i, &r);
		comparison_tt_fmt(&t, "%s", comparison_figures[i].text);
		comparison_tt_result(&t, &r, comparison_figures[i].fraction);
	}
	putc('\n', f);
	comparison_tt_print(f, &t);
}

/* The mean pattern over the day: a line per bin, a column per group. */
static void
comparison_text_bins(FILE *f, const struct compare *c, size_t v)
{
	struct comparison_tt	 t;
	size_t			 ng = compare_ngroups(c), b, g;
	char			*align, start[16];

	fprintf(f, "\nMean minutes:seconds in each group in %d-minute bins "
	    "(a bin starts at the time shown)\n", compare_bin_minutes(c));
	if (compare_nbins(c, v) == 0) {
		fputs("(no observed time)\n", f);
		return;
	}
	align = xmalloc(ng + 2);
	align[0] = 'l';
	memset(align + 1, 'r', ng);
	align[ng + 1] = '\0';
	comparison_tt_init(&t, align);
	comparison_tt_fmt(&t, "bin");
	for (g = 0; g < ng; g++)
		comparison_tt_text(&t, compare_group_name(c, g));
	for (b = 0; b < compare_nbins(c, v); b++) {
		comparison_bin_start(compare_bin_start(c, v, b), start);
		comparison_tt_fmt(&t, "%s", start);
		for (g = 0; g < ng; g++)
			comparison_tt_mss(&t, compare_bin_mean_ms(c, v, b, g));
	}
	comparison_tt_print(f, &t);
	free(align);
}

static void
comparison_text(FILE *f, const struct compare *c)
{
	size_t	v, skipped = compare_skipped(c), days;

	fputs("Comparison by ", f);
	output_put_safe(f, compare_field(c));
	fprintf(f, ": %zu day%s", compare_days(c),
	    compare_days(c) == 1 ? "" : "s");
	if (skipped > 0) {
		fprintf(f, " (%zu day%s without ", skipped,
		    skipped == 1 ? "" : "s");
		output_put_safe(f, compare_field(c));
		fputs(" left out)", f);
	}
	putc('\n', f);
	for (v = 0; v < compare_nvalues(c); v++) {
		days = compare_value_days(c, v);
		putc('\n', f);
		output_put_safe(f, compare_field(c));
		fputs(" = ", f);
		output_put_safe(f, *compare_value(c, v) != '\0' ?
		    compare_value(c, v) : "(empty)");
		fprintf(f, ": %zu day%s\n\n", days, days == 1 ? "" : "s");
		comparison_text_shares(f, c, v);
		comparison_text_figures(f, c, v);
		if (compare_bin_minutes(c) > 0)
			comparison_text_bins(f, c, v);
	}
}

/* ---- CSV ---- */

static void
comparison_csv_shares(FILE *f, const struct compare *c)
{
	struct compare_result	r;
	size_t			v, g;

	fputs(COMPARISON_COLUMNS "\n", f);
	for (v = 0; v < compare_nvalues(c); v++) {
		for (g = 0; g < compare_ngroups(c); g++) {
			compare_share(c, v, g, &r);
			csv_put(f, compare_field(c));
			putc(',', f);
			csv_put(f, compare_value(c, v));
			putc(',', f);
			csv_put(f, compare_group_name(c, g));
			fprintf(f, ",%zu,", compare_value_days(c, v));
			comparison_fraction(f, r.mean, 0);
			putc(',', f);
			comparison_fraction(f, r.sd, 0);
			putc(',', f);
			comparison_fraction(f, r.min, 0);
			putc(',', f);
			comparison_fraction(f, r.max, 0);
			putc('\n', f);
		}
	}
}

static void
comparison_csv_bins(FILE *f, const struct compare *c)
{
	size_t	v, b, g;
	char	start[16];

	fputs(COMPARISON_BIN_COLUMNS "\n", f);
	for (v = 0; v < compare_nvalues(c); v++) {
		for (b = 0; b < compare_nbins(c, v); b++) {
			comparison_bin_start(compare_bin_start(c, v, b), start);
			for (g = 0; g < compare_ngroups(c); g++) {
				csv_put(f, compare_field(c));
				putc(',', f);
				csv_put(f, compare_value(c, v));
				fprintf(f, ",%s,", start);
				csv_put(f, compare_group_name(c, g));
				putc(',', f);
				comparison_seconds(f,
				    compare_bin_mean_ms(c, v, b, g), 0);
				putc('\n', f);
			}
		}
	}
}

/* ---- JSON ---- */

/* "days": n, then the four figures under their names. */
static void
comparison_json_result(FILE *f, const struct compare_result *r,
    const char *mean, const char *sd, const char *min, const char *max)
{
	fprintf(f, "\"days\": %zu, \"%s\": ", r->n, mean);
	comparison_fraction(f, r->mean, 1);
	fprintf(f, ", \"%s\": ", sd);
	comparison_fraction(f, r->sd, 1);
	fprintf(f, ", \"%s\": ", min);
	comparison_fraction(f, r->min, 1);
	fprintf(f, ", \"%s\": ", max);
	comparison_fraction(f, r->max, 1);
}

static void
comparison_json_groups(FILE *f, const struct compare *c, size_t v)
{
	struct compare_result	r;
	size_t			g;

	fputs(",\n   \"groups\": [", f);
	for (g = 0; g < compare_ngroups(c); g++) {
		compare_share(c, v, g, &r);
		fputs(g == 0 ? "\n    {\"group\": " : ",\n    {\"group\": ", f);
		comparison_json_str(f, compare_group_name(c, g));
		fputs(", ", f);
		comparison_json_result(f, &r, "mean_share", "sd_share",
		    "min_share", "max_share");
		putc('}', f);
	}
	fputs(compare_ngroups(c) > 0 ? "\n   ]" : "]", f);
}

static void
comparison_json_figures(FILE *f, const struct compare *c, size_t v)
{
	struct compare_result	r;
	int			i;

	fputs(",\n   \"figures\": {", f);
	for (i = 0; i < COMPARE_NFIGURES; i++) {
		compare_figure(c, v, (enum compare_figure)i, &r);
		fprintf(f, "%s\"%s\": {", i == 0 ? "\n    " : ",\n    ",
		    comparison_figures[i].json);
		comparison_json_result(f, &r, "mean", "sd", "min", "max");
		putc('}', f);
	}
	fputs("\n   }", f);
}

static void
comparison_json_bins(FILE *f, const struct compare *c, size_t v)
{
	size_t	b, g, n = 0;
	char	start[16];

	fputs(",\n   \"bins\": [", f);
	for (b = 0; b < compare_nbins(c, v); b++) {
		comparison_bin_start(compare_bin_start(c, v, b), start);
		for (g = 0; g < compare_ngroups(c); g++) {
			fprintf(f, "%s{\"bin_start\": \"%s\", \"group\": ",
			    n++ == 0 ? "\n    " : ",\n    ", start);
			comparison_json_str(f, compare_group_name(c, g));
			fputs(", \"mean_seconds\": ", f);
			comparison_seconds(f, compare_bin_mean_ms(c, v, b, g),
			    1);
			putc('}', f);
		}
	}
	fputs(n > 0 ? "\n   ]" : "]", f);
}

static void
comparison_json(FILE *f, const struct compare *c)
{
	size_t	v;

	fputs("{\"by\": ", f);
	comparison_json_str(f, compare_field(c));
	if (compare_bin_minutes(c) > 0)
		fprintf(f, ", \"bin_minutes\": %d", compare_bin_minutes(c));
	else
		fputs(", \"bin_minutes\": null", f);
	fprintf(f, ", \"days\": %zu, \"skipped\": %zu,\n \"values\": [",
	    compare_days(c), compare_skipped(c));
	for (v = 0; v < compare_nvalues(c); v++) {
		fputs(v == 0 ? "\n  {\"value\": " : ",\n  {\"value\": ", f);
		comparison_json_str(f, compare_value(c, v));
		fprintf(f, ", \"days\": %zu", compare_value_days(c, v));
		comparison_json_groups(f, c, v);
		comparison_json_figures(f, c, v);
		if (compare_bin_minutes(c) > 0)
			comparison_json_bins(f, c, v);
		putc('}', f);
	}
	fputs(compare_nvalues(c) > 0 ? "\n ]}\n" : "]}\n", f);
}

int
comparison_write(FILE *f, enum output_format format,
    const struct compare *c, char **cause)
{
	switch (format) {
	case OUTPUT_TEXT:
		comparison_text(f, c);
		break;
	case OUTPUT_CSV:
		if (compare_bin_minutes(c) > 0)
			comparison_csv_bins(f, c);
		else
			comparison_csv_shares(f, c);
		break;
	case OUTPUT_JSON:
		comparison_json(f, c);
		break;
	}
	errno = 0;
	if (fflush(f) != 0 || ferror(f)) {
		*cause = xasprintf("writing the comparison: %s", errno != 0 ?
		    strerror(errno) : "write error");
		return -1;
	}
	return 0;
}
