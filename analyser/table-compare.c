/*
 * The comparison across days written as text, CSV or JSON, from the
 * running figures of common/compare.c.  Easy to get wrong: the three forms
 * say the same thing (a missing figure is "-" in text, empty in CSV, null
 * in JSON), shares have six decimals and seconds three, and text from a
 * log is made safe for a terminal (text) or valid UTF-8 (JSON).
 */
#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "compare.h"
#include "table-compare.h"
#include "csv.h"
#include "output.h"
#include "xmalloc.h"

/* The day figures: name in JSON, in text, and whether a fraction. */
static const struct {
	const char	*json;
	const char	*text;
	int		 fraction;
} table_compare_figures[COMPARE_NFIGURES] = {
	{ "episodes_per_hour",	"Episodes per hour",	0 },
	{ "under9",		"Under 9 minutes",	1 },
	{ "head_share",		"Begun by the head",	1 }
};

/* ---- text tables ---- */

/* A figure for the eye: "12.3%" of a fraction, "4.50" of a rate, "-" when
 * missing. */
static void
table_compare_tt_figure(struct output_tt *t, double v, int fraction)
{
	if (!isfinite(v))
		output_tt_fmt(t, "-");
	else if (fraction)
		output_tt_fmt(t, "%.1f%%", v * 100.0);
	else
		output_tt_fmt(t, "%.2f", v);
}

/* A row of a figure over days: days, mean, sd, min, max. */
static void
table_compare_tt_result(struct output_tt *t, const struct compare_result *r,
    int fraction)
{
	output_tt_fmt(t, "%zu", r->n);
	table_compare_tt_figure(t, r->mean, fraction);
	table_compare_tt_figure(t, r->sd, fraction);
	table_compare_tt_figure(t, r->min, fraction);
	table_compare_tt_figure(t, r->max, fraction);
}

/* ---- text ---- */

static void
table_compare_text_shares(FILE *f, const struct compare *c, size_t v)
{
	struct output_tt	t;
	struct compare_result	r;
	size_t			g;

	output_tt_init(&t, "lrrrrr");
	output_tt_fmt(&t, "share of observed time");
	output_tt_fmt(&t, "days");
	output_tt_fmt(&t, "mean");
	output_tt_fmt(&t, "sd");
	output_tt_fmt(&t, "min");
	output_tt_fmt(&t, "max");
	for (g = 0; g < compare_ngroups(c); g++) {
		compare_share(c, v, g, &r);
		output_tt_text(&t, compare_group_name(c, g), "-");
		table_compare_tt_result(&t, &r, 1);
	}
	output_tt_print(f, &t, 0);
}

static void
table_compare_text_figures(FILE *f, const struct compare *c, size_t v)
{
	struct output_tt	t;
	struct compare_result	r;
	int			i;

	output_tt_init(&t, "lrrrrr");
	output_tt_fmt(&t, "day figure");
	output_tt_fmt(&t, "days");
	output_tt_fmt(&t, "mean");
	output_tt_fmt(&t, "sd");
	output_tt_fmt(&t, "min");
	output_tt_fmt(&t, "max");
	for (i = 0; i < COMPARE_NFIGURES; i++) {
		compare_figure(c, v, (enum compare_figure)i, &r);
		output_tt_fmt(&t, "%s", table_compare_figures[i].text);
		table_compare_tt_result(&t, &r, table_compare_figures[i].fraction);
	}
	putc('\n', f);
	output_tt_print(f, &t, 0);
}

/* The mean pattern over the day: a line per bin, a column per group. */
static void
table_compare_text_bins(FILE *f, const struct compare *c, size_t v)
{
	struct output_tt	 t;
	size_t			 ng = compare_ngroups(c), b, g;
	char			*align, start[OUTPUT_BIN_START_LEN];

	fprintf(f, "\nMean time with each group in %d-minute bins "
	    "(a bin starts at the time shown)\n", compare_bin_minutes(c));
	if (compare_nbins(c, v) == 0) {
		fputs("(no observed time)\n", f);
		return;
	}
	align = xmalloc(ng + 2);
	align[0] = 'l';
	memset(align + 1, 'r', ng);
	align[ng + 1] = '\0';
	output_tt_init(&t, align);
	output_tt_fmt(&t, "bin");
	for (g = 0; g < ng; g++)
		output_tt_text(&t, compare_group_name(c, g), "-");
	for (b = 0; b < compare_nbins(c, v); b++) {
		output_bin_start(compare_bin_start(c, v, b), start);
		output_tt_fmt(&t, "%s", start);
		for (g = 0; g < ng; g++)
			output_tt_own(&t, output_duration(
			    compare_bin_mean_ms(c, v, b, g)));
	}
	output_tt_print(f, &t, 0);
	free(align);
}

static void
table_compare_text(FILE *f, const struct compare *c)
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
		table_compare_text_shares(f, c, v);
		table_compare_text_figures(f, c, v);
		if (compare_bin_minutes(c) > 0)
			table_compare_text_bins(f, c, v);
	}
}

/* ---- CSV ---- */

static void
table_compare_csv_shares(FILE *f, const struct compare *c)
{
	struct compare_result	r;
	size_t			v, g;

	fputs(TABLE_COMPARE_COLUMNS "\n", f);
	for (v = 0; v < compare_nvalues(c); v++) {
		for (g = 0; g < compare_ngroups(c); g++) {
			compare_share(c, v, g, &r);
			csv_put(f, compare_field(c));
			putc(',', f);
			csv_put(f, compare_value(c, v));
			putc(',', f);
			csv_put(f, compare_group_name(c, g));
			fprintf(f, ",%zu,", compare_value_days(c, v));
			output_fraction(f, r.mean, 0);
			putc(',', f);
			output_fraction(f, r.sd, 0);
			putc(',', f);
			output_fraction(f, r.min, 0);
			putc(',', f);
			output_fraction(f, r.max, 0);
			putc('\n', f);
		}
	}
}

static void
table_compare_csv_bins(FILE *f, const struct compare *c)
{
	size_t	v, b, g;
	char	start[OUTPUT_BIN_START_LEN];

	fputs(TABLE_COMPARE_BIN_COLUMNS "\n", f);
	for (v = 0; v < compare_nvalues(c); v++) {
		for (b = 0; b < compare_nbins(c, v); b++) {
			output_bin_start(compare_bin_start(c, v, b), start);
			for (g = 0; g < compare_ngroups(c); g++) {
				csv_put(f, compare_field(c));
				putc(',', f);
				csv_put(f, compare_value(c, v));
				fprintf(f, ",%s,", start);
				csv_put(f, compare_group_name(c, g));
				putc(',', f);
				output_seconds_d(f,
				    compare_bin_mean_ms(c, v, b, g), 0);
				putc('\n', f);
			}
		}
	}
}

/* ---- JSON ---- */

/* "days": n, then the four figures under their names. */
static void
table_compare_json_result(FILE *f, const struct compare_result *r,
    const char *mean, const char *sd, const char *min, const char *max)
{
	fprintf(f, "\"days\": %zu, \"%s\": ", r->n, mean);
	output_fraction(f, r->mean, 1);
	fprintf(f, ", \"%s\": ", sd);
	output_fraction(f, r->sd, 1);
	fprintf(f, ", \"%s\": ", min);
	output_fraction(f, r->min, 1);
	fprintf(f, ", \"%s\": ", max);
	output_fraction(f, r->max, 1);
}

static void
table_compare_json_groups(FILE *f, const struct compare *c, size_t v)
{
	struct compare_result	r;
	size_t			g;

	fputs(",\n   \"groups\": [", f);
	for (g = 0; g < compare_ngroups(c); g++) {
		compare_share(c, v, g, &r);
		fputs(g == 0 ? "\n    {\"group\": " : ",\n    {\"group\": ", f);
		output_json_string(f, compare_group_name(c, g));
		fputs(", ", f);
		table_compare_json_result(f, &r, "mean_share", "sd_share",
		    "min_share", "max_share");
		putc('}', f);
	}
	fputs(compare_ngroups(c) > 0 ? "\n   ]" : "]", f);
}

static void
table_compare_json_figures(FILE *f, const struct compare *c, size_t v)
{
	struct compare_result	r;
	int			i;

	fputs(",\n   \"figures\": {", f);
	for (i = 0; i < COMPARE_NFIGURES; i++) {
		compare_figure(c, v, (enum compare_figure)i, &r);
		fprintf(f, "%s\"%s\": {", i == 0 ? "\n    " : ",\n    ",
		    table_compare_figures[i].json);
		table_compare_json_result(f, &r, "mean", "sd", "min", "max");
		putc('}', f);
	}
	fputs("\n   }", f);
}

static void
table_compare_json_bins(FILE *f, const struct compare *c, size_t v)
{
	size_t	b, g, n = 0;
	char	start[OUTPUT_BIN_START_LEN];

	fputs(",\n   \"bins\": [", f);
	for (b = 0; b < compare_nbins(c, v); b++) {
		output_bin_start(compare_bin_start(c, v, b), start);
		for (g = 0; g < compare_ngroups(c); g++) {
			fprintf(f, "%s{\"bin_start\": \"%s\", \"group\": ",
			    n++ == 0 ? "\n    " : ",\n    ", start);
			output_json_string(f, compare_group_name(c, g));
			fputs(", \"mean_seconds\": ", f);
			output_seconds_d(f, compare_bin_mean_ms(c, v, b, g),
			    1);
			putc('}', f);
		}
	}
	fputs(n > 0 ? "\n   ]" : "]", f);
}

static void
table_compare_json(FILE *f, const struct compare *c)
{
	size_t	v;

	fputs("{\"by\": ", f);
	output_json_string(f, compare_field(c));
	if (compare_bin_minutes(c) > 0)
		fprintf(f, ", \"bin_minutes\": %d", compare_bin_minutes(c));
	else
		fputs(", \"bin_minutes\": null", f);
	fprintf(f, ", \"days\": %zu, \"skipped\": %zu,\n \"values\": [",
	    compare_days(c), compare_skipped(c));
	for (v = 0; v < compare_nvalues(c); v++) {
		fputs(v == 0 ? "\n  {\"value\": " : ",\n  {\"value\": ", f);
		output_json_string(f, compare_value(c, v));
		fprintf(f, ", \"days\": %zu", compare_value_days(c, v));
		table_compare_json_groups(f, c, v);
		table_compare_json_figures(f, c, v);
		if (compare_bin_minutes(c) > 0)
			table_compare_json_bins(f, c, v);
		putc('}', f);
	}
	fputs(compare_nvalues(c) > 0 ? "\n ]}\n" : "]}\n", f);
}

int
table_compare_write(FILE *f, enum output_format format,
    const struct compare *c, char **cause)
{
	switch (format) {
	case OUTPUT_TEXT:
		table_compare_text(f, c);
		break;
	case OUTPUT_CSV:
		if (compare_bin_minutes(c) > 0)
			table_compare_csv_bins(f, c);
		else
			table_compare_csv_shares(f, c);
		break;
	case OUTPUT_JSON:
		table_compare_json(f, c);
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
