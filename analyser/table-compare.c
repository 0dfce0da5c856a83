/*
 * The comparison across days written as text, CSV or JSON, from the
 * running figures of common/compare.c.  Easy to get wrong: CSV's days
 * column is the value's days while JSON and text give the days a figure
 * had, so the spec holds both, each in its own forms.
 */
#include <inttypes.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "compare.h"
#include "output.h"
#include "stats.h"
#include "table-compare.h"
#include "table.h"

#define TC_NCOLS(a)	(sizeof (a) / sizeof (a)[0])

/* The figures across heads in data, at the end of the CSV's columns (so
 * the contract's columns keep their places) and in JSON. */
#define TC_ACROSS_DATA(in)						\
	{ "heads", NULL, (in), 'r', NULL },				\
	{ "ci_low", NULL, (in), 'r', NULL },				\
	{ "ci_high", NULL, (in), 'r', NULL },				\
	{ "var_between", NULL, (in), 'r', NULL },			\
	{ "var_within", NULL, (in), 'r', NULL },			\
	{ "icc1", NULL, (in), 'r', NULL },				\
	{ "p_value", NULL, (in), 'r', NULL },				\
	{ "mean_diff", NULL, (in), 'r', NULL },				\
	{ "hedges_g", NULL, (in), 'r', NULL }

/* The day figures: name in JSON, in text, and whether a fraction. */
static const struct {
	const char	*json;
	const char	*text;
	int		 fraction;
} tc_figures[COMPARE_NFIGURES] = {
	{ "episodes_per_hour",	"Episodes per hour",	0 },
	{ "under9",		"Under 9 minutes",	1 },
	{ "head_share",		"Begun by the head",	1 }
};

static const struct table_column tc_share_columns[] = {
	{ "by", NULL, TABLE_IN_CSV, 'l', NULL },
	{ "value", NULL, TABLE_IN_CSV, 'l', NULL },
	{ "group", "share of observed time", TABLE_IN_ALL, 'l', "-" },
	{ "days", NULL, TABLE_IN_CSV, 'r', NULL },
	{ "days", "days", TABLE_IN_TEXT | TABLE_IN_JSON, 'r', NULL },
	{ "mean_share", "mean", TABLE_IN_ALL, 'r', NULL },
	{ "sd_share", "sd", TABLE_IN_ALL, 'r', NULL },
	{ "min_share", "min", TABLE_IN_ALL, 'r', NULL },
	{ "max_share", "max", TABLE_IN_ALL, 'r', NULL },
	TC_ACROSS_DATA(TABLE_IN_CSV)
};

/* Across heads in text and JSON: a row per value and group, after the
 * values' tables, so that no line before them changes. */
static const struct table_column tc_across_columns[] = {
	{ "value", "value", TABLE_IN_TEXT | TABLE_IN_JSON, 'l', "(empty)" },
	{ "group", "group", TABLE_IN_TEXT | TABLE_IN_JSON, 'l', "-" },
	TC_ACROSS_DATA(TABLE_IN_JSON),
	{ "relabellings", NULL, TABLE_IN_JSON, 'r', NULL },
	{ NULL, "heads", TABLE_IN_TEXT, 'r', NULL },
	{ NULL, "mean", TABLE_IN_TEXT, 'r', NULL },
	{ NULL, "95% from", TABLE_IN_TEXT, 'r', NULL },
	{ NULL, "to", TABLE_IN_TEXT, 'r', NULL },
	{ NULL, "between", TABLE_IN_TEXT, 'r', NULL },
	{ NULL, "within", TABLE_IN_TEXT, 'r', NULL },
	{ NULL, "ICC(1)", TABLE_IN_TEXT, 'r', NULL },
	{ NULL, "p", TABLE_IN_TEXT, 'r', NULL },
	{ NULL, "difference", TABLE_IN_TEXT, 'r', NULL },
	{ NULL, "g", TABLE_IN_TEXT, 'r', NULL }
};

static const struct table_column tc_figure_columns[] = {
	{ NULL, "day figure", TABLE_IN_TEXT, 'l', NULL },
	{ "days", "days", TABLE_IN_ALL, 'r', NULL },
	{ "mean", "mean", TABLE_IN_ALL, 'r', NULL },
	{ "sd", "sd", TABLE_IN_ALL, 'r', NULL },
	{ "min", "min", TABLE_IN_ALL, 'r', NULL },
	{ "max", "max", TABLE_IN_ALL, 'r', NULL }
};

static const struct table_column tc_bin_columns[] = {
	{ "by", NULL, TABLE_IN_CSV, 'l', NULL },
	{ "value", NULL, TABLE_IN_CSV, 'l', NULL },
	{ "bin_start", NULL, TABLE_IN_DATA, 'l', NULL },
	{ "group", NULL, TABLE_IN_DATA, 'l', NULL },
	{ "mean_seconds", NULL, TABLE_IN_DATA, 'r', NULL }
};

/* The mean, sd, min and max of a figure: fractions or rates. */
static void
tc_result(struct table *t, const struct compare_result *r, int fraction)
{
	void	(*add)(struct table *, double) = fraction ? table_fraction :
		    table_rate;

	add(t, r->mean);
	add(t, r->sd);
	add(t, r->min);
	add(t, r->max);
}

/* Between values in text and JSON: a row per group, after the figures
 * across heads. */
static const struct table_column tc_between_columns[] = {
	{ "group", "group", TABLE_IN_TEXT | TABLE_IN_JSON, 'l', "-" },
	{ "values", "values", TABLE_IN_TEXT | TABLE_IN_JSON, 'r', NULL },
	{ "days", "days", TABLE_IN_TEXT | TABLE_IN_JSON, 'r', NULL },
	{ "var_between", NULL, TABLE_IN_JSON, 'r', NULL },
	{ "var_within", NULL, TABLE_IN_JSON, 'r', NULL },
	{ "icc1", NULL, TABLE_IN_JSON, 'r', NULL },
	{ NULL, "between", TABLE_IN_TEXT, 'r', NULL },
	{ NULL, "within", TABLE_IN_TEXT, 'r', NULL },
	{ NULL, "ICC(1)", TABLE_IN_TEXT, 'r', NULL }
};

/* The data cells of TC_ACROSS_DATA. */
static void
tc_across_data(struct table *t, const struct compare_across *a)
{
	table_count(t, a->heads);
	table_fraction(t, a->ci_low);
	table_fraction(t, a->ci_high);
	table_rate(t, a->icc.between);
	table_rate(t, a->icc.within);
	table_rate(t, a->icc.icc);
	table_rate(t, a->test.p);
	table_fraction(t, a->test.diff);
	table_rate(t, a->test.g);
}

/* A figure in text as fmt spells it, "-" when missing, never "-0.00". */
static void
tc_text_figure(struct table *t, const char *fmt, double x)
{
	char	buf[64];

	if (isnan(x)) {
		table_word(t, "-");
		return;
	}
	snprintf(buf, sizeof buf, fmt, x);
	if (buf[0] == '-' && strspn(buf + 1, "0.") == strlen(buf + 1))
		table_fmt(t, "%s", buf + 1);
	else
		table_fmt(t, "%s", buf);
}

/* The figures across heads of group g of value v, a row. */
static void
tc_across_row(struct table *t, const struct compare *c, size_t v, size_t g,
    uint64_t seed)
{
	struct compare_across	a;
	struct compare_result	r;

	compare_across(c, v, g, seed, &a);
	compare_share(c, v, g, &r);
	table_string(t, compare_value(c, v));
	table_string(t, compare_group_name(c, g));
	tc_across_data(t, &a);
	table_count(t, a.test.relabellings);
	table_count(t, a.heads);
	table_fraction(t, r.mean);
	table_fraction(t, a.ci_low);
	table_fraction(t, a.ci_high);
	tc_text_figure(t, "%.5f", a.icc.between);
	tc_text_figure(t, "%.5f", a.icc.within);
	tc_text_figure(t, "%.2f", a.icc.icc);
	tc_text_figure(t, "%.4f", a.test.p);
	table_fraction(t, a.test.diff);
	tc_text_figure(t, "%.2f", a.test.g);
}

/* The variance of each group's share between the values and within them,
 * a row per group. */
static void
tc_between(struct table *t, const struct compare *c)
{
	struct stats_icc	i;
	size_t			g;

	table_init(t, tc_between_columns, TC_NCOLS(tc_between_columns));
	for (g = 0; g < compare_ngroups(c); g++) {
		compare_between_values(c, g, &i);
		table_string(t, compare_group_name(c, g));
		table_count(t, i.heads);
		table_count(t, i.days);
		table_rate(t, i.between);
		table_rate(t, i.within);
		table_rate(t, i.icc);
		tc_text_figure(t, "%.5f", i.between);
		tc_text_figure(t, "%.5f", i.within);
		tc_text_figure(t, "%.2f", i.icc);
	}
}

/* The figures across heads of every value, a row per value and group. */
static void
tc_across(struct table *t, const struct compare *c, uint64_t seed)
{
	size_t	v, g;

	table_init(t, tc_across_columns, TC_NCOLS(tc_across_columns));
	for (v = 0; v < compare_nvalues(c); v++)
		for (g = 0; g < compare_ngroups(c); g++)
			tc_across_row(t, c, v, g, seed);
}

/* The shares of observed time of value v, a row per group, and the
 * figures across heads seeded with *seed (CSV's; NULL: left missing). */
static void
tc_shares(struct table *t, const struct compare *c, size_t v,
    const uint64_t *seed)
{
	struct compare_across	a;
	struct compare_result	r;
	size_t			g;

	table_init(t, tc_share_columns, TC_NCOLS(tc_share_columns));
	for (g = 0; g < compare_ngroups(c); g++) {
		compare_share(c, v, g, &r);
		table_string(t, compare_field(c));
		table_string(t, compare_value(c, v));
		table_string(t, compare_group_name(c, g));
		table_count(t, compare_value_days(c, v));
		table_count(t, r.n);
		tc_result(t, &r, 1);
		memset(&a, 0, sizeof a);
		if (seed != NULL)
			compare_across(c, v, g, *seed, &a);
		else
			a.ci_low = a.ci_high = a.icc.between = a.icc.within =
			    a.icc.icc = a.test.p = a.test.diff = a.test.g = NAN;
		tc_across_data(t, &a);
	}
}

/* The day figures of value v, a row per figure. */
static void
tc_figures_table(struct table *t, const struct compare *c, size_t v)
{
	struct compare_result	r;
	int			i;

	table_init(t, tc_figure_columns, TC_NCOLS(tc_figure_columns));
	for (i = 0; i < COMPARE_NFIGURES; i++) {
		compare_figure(c, v, (enum compare_figure)i, &r);
		table_word(t, tc_figures[i].text);
		table_count(t, r.n);
		tc_result(t, &r, tc_figures[i].fraction);
	}
}

/* The mean pattern of value v, a row per bin and group. */
static void
tc_bins(struct table *t, const struct compare *c, size_t v)
{
	size_t	b, g;

	table_init(t, tc_bin_columns, TC_NCOLS(tc_bin_columns));
	for (b = 0; b < compare_nbins(c, v); b++) {
		for (g = 0; g < compare_ngroups(c); g++) {
			table_string(t, compare_field(c));
			table_string(t, compare_value(c, v));
			table_hm(t, compare_bin_start(c, v, b));
			table_string(t, compare_group_name(c, g));
			table_ms_d(t, compare_bin_mean_ms(c, v, b, g));
		}
	}
}

/* ---- text ---- */

/* The mean pattern over the day: a line per bin, a column per group. */
static void
tc_text_bins(FILE *f, const struct compare *c, size_t v)
{
	struct table_column	*cols;
	struct table		 t;
	size_t			 ng = compare_ngroups(c), b, g;

	fprintf(f, "\nMean time with each %s%s in %d-minute bins "
	    "(a bin starts at the time shown)\n", compare_dimension(c) !=
	    NULL ? "value of " : "group", compare_dimension(c) != NULL ?
	    compare_dimension(c) : "", compare_bin_minutes(c));
	if (compare_nbins(c, v) == 0) {
		fputs("(no observed time)\n", f);
		return;
	}
	cols = table_grid_columns(ng + 1);
	table_init(&t, cols, ng + 1);
	table_word(&t, "bin");
	for (g = 0; g < ng; g++)
		table_string(&t, compare_group_name(c, g));
	for (b = 0; b < compare_nbins(c, v); b++) {
		table_hm(&t, compare_bin_start(c, v, b));
		for (g = 0; g < ng; g++)
			table_ms_d(&t, compare_bin_mean_ms(c, v, b, g));
	}
	table_text(f, &t, 0);
	table_free(&t);
	free(cols);
}

static void
tc_text_value(FILE *f, const struct compare *c, size_t v)
{
	struct table	t;
	size_t		days = compare_value_days(c, v);

	putc('\n', f);
	table_put_safe(f, compare_field(c));
	fputs(" = ", f);
	table_put_safe(f, *compare_value(c, v) != '\0' ? compare_value(c, v) :
	    "(empty)");
	fprintf(f, ": %zu day%s\n\n", days, days == 1 ? "" : "s");
	tc_shares(&t, c, v, NULL);
	table_text(f, &t, 0);
	table_free(&t);
	tc_figures_table(&t, c, v);
	putc('\n', f);
	table_text(f, &t, 0);
	table_free(&t);
	if (compare_bin_minutes(c) > 0)
		tc_text_bins(f, c, v);
}

/* The figures across heads of every value, after the values' tables. */
static void
tc_text_across(FILE *f, const struct compare *c, uint64_t seed)
{
	struct table	t;

	if (compare_nvalues(c) == 0)
		return;
	fprintf(f, "\nAcross heads (seed %" PRIu64 "): the mean share's 95%% "
	    "bootstrap interval (%d resamples); the variance between heads "
	    "and within them, day to day, and ICC(1); and each value's heads "
	    "against the other values' (a permutation test: p, the "
	    "difference of means, Hedges' g)\n\n", seed, STATS_BOOTSTRAP);
	tc_across(&t, c, seed);
	table_text(f, &t, 0);
	table_free(&t);
	fputs("\nBetween the values of ", f);
	table_put_safe(f, compare_field(c));
	fputs(": the variance between them and within them, day to day, and "
	    "ICC(1)\n\n", f);
	tc_between(&t, c);
	table_text(f, &t, 0);
	table_free(&t);
}

static void
tc_text(FILE *f, const struct compare *c, uint64_t seed)
{
	size_t	v, skipped = compare_skipped(c);

	fputs("Comparison by ", f);
	table_put_safe(f, compare_field(c));
	fprintf(f, ": %zu day%s", compare_days(c),
	    compare_days(c) == 1 ? "" : "s");
	if (skipped > 0) {
		fprintf(f, " (%zu day%s without ", skipped,
		    skipped == 1 ? "" : "s");
		table_put_safe(f, compare_field(c));
		fputs(" left out)", f);
	}
	putc('\n', f);
	for (v = 0; v < compare_nvalues(c); v++)
		tc_text_value(f, c, v);
	tc_text_across(f, c, seed);
}

/* ---- CSV: the shares, or with bins the pattern ---- */

static void
tc_csv(FILE *f, const struct compare *c, uint64_t seed)
{
	struct table	t;
	size_t		v;
	int		bins = compare_bin_minutes(c) > 0;

	if (bins)
		table_csv_header(f, tc_bin_columns, TC_NCOLS(tc_bin_columns));
	else
		table_csv_header(f, tc_share_columns,
		    TC_NCOLS(tc_share_columns));
	for (v = 0; v < compare_nvalues(c); v++) {
		if (bins)
			tc_bins(&t, c, v);
		else
			tc_shares(&t, c, v, &seed);
		table_csv(f, &t);
		table_free(&t);
	}
}

/* ---- JSON ---- */

static void
tc_json_figures(FILE *f, const struct compare *c, size_t v)
{
	struct table	t;
	size_t		i;

	tc_figures_table(&t, c, v);
	fputs(",\n   \"figures\": {", f);
	for (i = 0; i < table_nrows(&t); i++) {
		fprintf(f, "%s\"%s\": {", i == 0 ? "\n    " : ",\n    ",
		    tc_figures[i].json);
		table_json_fields(f, &t, i);
		putc('}', f);
	}
	fputs("\n   }", f);
	table_free(&t);
}

static void
tc_json_value(FILE *f, const struct compare *c, size_t v)
{
	struct table	t;

	fputs(v == 0 ? "\n  {\"value\": " : ",\n  {\"value\": ", f);
	table_put_json_string(f, compare_value(c, v));
	fprintf(f, ", \"days\": %zu", compare_value_days(c, v));
	tc_shares(&t, c, v, NULL);
	fputs(",\n   \"groups\": ", f);
	table_json_array(f, &t, "    ");
	table_free(&t);
	tc_json_figures(f, c, v);
	if (compare_bin_minutes(c) > 0) {
		tc_bins(&t, c, v);
		fputs(",\n   \"bins\": ", f);
		table_json_array(f, &t, "    ");
		table_free(&t);
	}
	putc('}', f);
}

/* The figures across heads: the seed, then a row per value and group. */
static void
tc_json_across(FILE *f, const struct compare *c, uint64_t seed)
{
	struct table	t;

	fprintf(f, ",\n \"seed\": %" PRIu64 ", \"across_heads\": ", seed);
	tc_across(&t, c, seed);
	table_json_array(f, &t, "  ");
	table_free(&t);
	fputs(",\n \"between_values\": ", f);
	tc_between(&t, c);
	table_json_array(f, &t, "  ");
	table_free(&t);
}

static void
tc_json(FILE *f, const struct compare *c, uint64_t seed)
{
	size_t	v;

	fputs("{\"by\": ", f);
	table_put_json_string(f, compare_field(c));
	if (compare_bin_minutes(c) > 0)
		fprintf(f, ", \"bin_minutes\": %d", compare_bin_minutes(c));
	else
		fputs(", \"bin_minutes\": null", f);
	fprintf(f, ", \"days\": %zu, \"skipped\": %zu,\n \"values\": [",
	    compare_days(c), compare_skipped(c));
	for (v = 0; v < compare_nvalues(c); v++)
		tc_json_value(f, c, v);
	fputs(compare_nvalues(c) > 0 ? "\n ]" : "]", f);
	tc_json_across(f, c, seed);
	fputs("}\n", f);
}

int
table_compare_write(FILE *f, enum output_format format,
    const struct compare *c, uint64_t seed, struct err *e)
{
	switch (format) {
	case OUTPUT_TEXT:
		tc_text(f, c, seed);
		break;
	case OUTPUT_CSV:
		tc_csv(f, c, seed);
		break;
	case OUTPUT_JSON:
		tc_json(f, c, seed);
		break;
	}
	return table_flush(f, "the comparison", e);
}
