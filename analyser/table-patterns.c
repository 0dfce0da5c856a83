/*
 * The patterns written as text, CSV or JSON from common/patterns.c.  Easy
 * to get wrong: patterns are numbered from 1 for people and in every
 * form, while the library counts from 0.
 */
#include <inttypes.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "output.h"
#include "patterns.h"
#include "table-patterns.h"
#include "table.h"

#define TP_NCOLS(a)	(sizeof (a) / sizeof (a)[0])

static const struct table_column tp_pattern_columns[] = {
	{ "pattern", "pattern", TABLE_IN_TEXT | TABLE_IN_JSON, 'r', NULL },
	{ "size", "size", TABLE_IN_TEXT | TABLE_IN_JSON, 'r', NULL },
	{ "description", "description", TABLE_IN_TEXT | TABLE_IN_JSON, 'l',
	    NULL }
};

static const struct table_column tp_item_columns[] = {
	{ "school", "school", TABLE_IN_ALL, 'l', "-" },
	{ "head", "head", TABLE_IN_ALL, 'l', "-" },
	{ "date", "date", TABLE_IN_ALL, 'l', "-" },
	{ "days", "days", TABLE_IN_ALL, 'r', NULL },
	{ "pattern", "pattern", TABLE_IN_ALL, 'r', NULL },
	{ "silhouette", "silhouette", TABLE_IN_ALL, 'r', NULL },
	{ "description", NULL, TABLE_IN_CSV, 'l', NULL }
};

/* The patterns, a row each. */
static void
tp_patterns(struct table *t, const struct patterns *p)
{
	size_t	c;

	table_init(t, tp_pattern_columns, TP_NCOLS(tp_pattern_columns));
	for (c = 0; c < patterns_k(p); c++) {
		table_count(t, c + 1);
		table_count(t, patterns_size(p, c));
		table_take_string(t, patterns_describe(p, c));
	}
}

/* The days or heads, a row each, with their pattern. */
static void
tp_items(struct table *t, const struct patterns *p)
{
	size_t	i, c;

	table_init(t, tp_item_columns, TP_NCOLS(tp_item_columns));
	for (i = 0; i < patterns_nitems(p); i++) {
		c = patterns_label(p, i);
		table_string(t, patterns_item_school(p, i));
		table_string(t, patterns_item_head(p, i));
		table_string(t, patterns_by_head(p) ? NULL :
		    patterns_item_date(p, i));
		table_count(t, patterns_item_days(p, i));
		table_count(t, c + 1);
		table_rate(t, patterns_item_silhouette(p, i));
		table_take_string(t, patterns_describe(p, c));
	}
}

/* A centre's feature f: a share as a fraction, a rate as a rate. */
static void
tp_centre(struct table *t, const struct patterns *p, size_t c, size_t f)
{
	if (patterns_feature_share(p, f))
		table_fraction(t, patterns_centre(p, c, f));
	else
		table_rate(t, patterns_centre(p, c, f));
}

/* ---- text ---- */

static void
tp_text_centres(FILE *f, const struct patterns *p)
{
	struct table_column	*cols;
	struct table		 t;
	size_t			 nf = patterns_nfeatures(p), c, i;

	fputs("\nCentres: the mean of each pattern's figures\n\n", f);
	cols = table_grid_columns(nf + 1);
	table_init(&t, cols, nf + 1);
	table_word(&t, "pattern");
	for (i = 0; i < nf; i++)
		table_string(&t, patterns_feature(p, i));
	for (c = 0; c < patterns_k(p); c++) {
		table_count(&t, c + 1);
		for (i = 0; i < nf; i++)
			tp_centre(&t, p, c, i);
	}
	table_text(f, &t, 0);
	table_free(&t);
	free(cols);
}

static void
tp_text(FILE *f, const struct patterns *p, uint64_t seed)
{
	struct table	t;
	const char	*what = patterns_by_head(p) ? "heads" : "days";

	fprintf(f, "Patterns among %zu %s: k-means on the z-scores of their "
	    "figures, K = %zu", patterns_nitems(p), what, patterns_k(p));
	if (patterns_chosen(p))
		fprintf(f, " (chosen by the mean silhouette from 2 to %zu)",
		    patterns_nitems(p) - 1 < PATTERNS_MAX_K ?
		    patterns_nitems(p) - 1 : (size_t)PATTERNS_MAX_K);
	fprintf(f, ", mean silhouette %.2f, seed %" PRIu64 "\n\n",
	    patterns_silhouette(p), seed);
	tp_patterns(&t, p);
	table_text(f, &t, 0);
	table_free(&t);
	tp_text_centres(f, p);
	putc('\n', f);
	tp_items(&t, p);
	table_text(f, &t, 0);
	table_free(&t);
}

/* ---- JSON ---- */

static void
tp_json_centre(FILE *f, const struct patterns *p, size_t c)
{
	size_t	i;

	fputs(", \"centre\": {", f);
	for (i = 0; i < patterns_nfeatures(p); i++) {
		if (i > 0)
			fputs(", ", f);
		table_put_json_string(f, patterns_feature(p, i));
		fputs(": ", f);
		table_put_fraction(f, patterns_centre(p, c, i), 1);
	}
	putc('}', f);
}

static void
tp_json(FILE *f, const struct patterns *p, uint64_t seed)
{
	struct table	t;
	size_t		c;

	fprintf(f, "{\"of\": \"%s\", \"k\": %zu, \"chosen\": %s, "
	    "\"silhouette\": ", patterns_by_head(p) ? "heads" : "days",
	    patterns_k(p), patterns_chosen(p) ? "true" : "false");
	table_put_fraction(f, patterns_silhouette(p), 1);
	fprintf(f, ", \"seed\": %" PRIu64 ",\n \"patterns\": [", seed);
	tp_patterns(&t, p);
	for (c = 0; c < table_nrows(&t); c++) {
		fputs(c == 0 ? "\n  {" : ",\n  {", f);
		table_json_fields(f, &t, c);
		tp_json_centre(f, p, c);
		putc('}', f);
	}
	table_free(&t);
	fputs("\n ],\n \"items\": ", f);
	tp_items(&t, p);
	table_json_array(f, &t, "  ");
	table_free(&t);
	fputs("}\n", f);
}

int
table_patterns_write(FILE *f, enum output_format format,
    const struct patterns *p, uint64_t seed, struct err *e)
{
	struct table	t;

	switch (format) {
	case OUTPUT_TEXT:
		tp_text(f, p, seed);
		break;
	case OUTPUT_CSV:
		table_csv_header(f, tp_item_columns,
		    TP_NCOLS(tp_item_columns));
		tp_items(&t, p);
		table_csv(f, &t);
		table_free(&t);
		break;
	case OUTPUT_JSON:
		tp_json(f, p, seed);
		break;
	}
	return table_flush(f, "the patterns", e);
}
