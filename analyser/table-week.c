/*
 * A head's week written as text, CSV or JSON from common/week.c: a row per
 * day, then the week's row.  Easy to get wrong: the week's figures are of
 * the week's observed time, not the mean of the days' rows above them.
 */
#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "table-week.h"
#include "table.h"
#include "xmalloc.h"

/* The columns before the shares. */
static const struct table_column tw_fixed[] = {
	{ "date", "day", TABLE_IN_ALL, 'l', NULL },
	{ "weekday", "", TABLE_IN_ALL, 'l', NULL },
	{ "observed_seconds", "observed", TABLE_IN_ALL, 'r', NULL },
	{ "episodes_per_hour", "episodes/h", TABLE_IN_ALL, 'r', NULL },
	{ "head_share", "begun by head", TABLE_IN_ALL, 'r', NULL }
};

#define TW_NFIXED	(sizeof tw_fixed / sizeof tw_fixed[0])

/* The columns of w: the fixed ones, then a share per group; free with
 * tw_columns_free. */
static struct table_column *
tw_columns(const struct week *w)
{
	struct table_column	*cols;
	size_t			 g;

	cols = xcalloc(TW_NFIXED + w->ngroups, sizeof *cols);
	memcpy(cols, tw_fixed, sizeof tw_fixed);
	for (g = 0; g < w->ngroups; g++) {
		cols[TW_NFIXED + g].key = xasprintf("share_%s", w->groups[g]);
		cols[TW_NFIXED + g].heading = w->groups[g];
		cols[TW_NFIXED + g].in = TABLE_IN_ALL;
		cols[TW_NFIXED + g].align = 'r';
	}
	return cols;
}

static void
tw_columns_free(const struct week *w, struct table_column *cols)
{
	size_t	g;

	for (g = 0; g < w->ngroups; g++)
		free((char *)cols[TW_NFIXED + g].key);
	free(cols);
}

/* A row per day, then the week's ("week", no weekday). */
static void
tw_rows(struct table *t, const struct week *w)
{
	const struct week_day	*d;
	size_t			 i, g;

	for (i = 0; i < w->ndays; i++) {
		d = &w->days[i];
		table_string(t, d->date);
		table_string(t, clock_weekday(d->date));
		table_ms(t, d->observed_ms);
		table_rate(t, d->per_hour);
		table_fraction(t, d->head_share);
		for (g = 0; g < w->ngroups; g++)
			table_fraction(t, week_day_share(w, i, g));
	}
	table_word(t, "week");
	table_string(t, NULL);
	table_ms(t, week_observed_ms(w));
	table_rate(t, week_per_hour(w));
	table_fraction(t, week_head_share(w));
	for (g = 0; g < w->ngroups; g++)
		table_fraction(t, week_share(w, g));
}

static void
tw_text(FILE *f, const struct week *w, const struct table *t)
{
	char	*headline = week_headline(w);

	fputs("Week of ", f);
	table_put_safe(f, *w->head != '\0' ? w->head : "(no head)");
	fputs(", ", f);
	table_put_safe(f, *w->school != '\0' ? w->school : "(no school)");
	fprintf(f, ": %zu days\n", w->ndays);
	table_put_safe(f, headline);
	fputs("\n\n", f);
	table_text(f, t, 0);
	free(headline);
}

static void
tw_json(FILE *f, const struct week *w, const struct table *t)
{
	char	*headline = week_headline(w);
	size_t	 n = 0, i;

	fputs("{\"school\": ", f);
	table_put_json_string(f, w->school);
	fputs(", \"head\": ", f);
	table_put_json_string(f, w->head);
	fputs(",\n \"headline\": ", f);
	table_put_json_string(f, headline);
	fputs(",\n \"days\": [", f);
	for (i = 0; i < w->ndays; i++) {
		fputs(n++ == 0 ? "\n  {" : ",\n  {", f);
		table_json_fields(f, t, i);
		putc('}', f);
	}
	fputs("\n ],\n \"week\": {", f);
	table_json_fields(f, t, w->ndays);
	fputs("}}\n", f);
	free(headline);
}

int
table_week_write(FILE *f, enum output_format format, const struct week *w,
    struct err *e)
{
	struct table_column	*cols = tw_columns(w);
	struct table		 t;

	table_init(&t, cols, TW_NFIXED + w->ngroups);
	tw_rows(&t, w);
	switch (format) {
	case OUTPUT_TEXT:
		tw_text(f, w, &t);
		break;
	case OUTPUT_CSV:
		table_csv_header(f, cols, TW_NFIXED + w->ngroups);
		table_csv(f, &t);
		break;
	case OUTPUT_JSON:
		tw_json(f, w, &t);
		break;
	}
	table_free(&t);
	tw_columns_free(w, cols);
	return table_flush(f, "the week", e);
}
