/*
 * A head's week written as text, CSV or JSON from common/week.c: a row per
 * day, then the week's row; then the pattern over the day (each day's
 * bins, then the week's) and the persons and places seen on most days.
 * Easy to get wrong: the week's figures are of the week's observed time,
 * not the mean of the days' rows above them.
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

/* The pattern's columns before the shares. */
static const struct table_column tw_bin_fixed[] = {
	{ "date", "day", TABLE_IN_ALL, 'l', NULL },
	{ "weekday", "", TABLE_IN_ALL, 'l', NULL },
	{ "bin_start", "from", TABLE_IN_ALL, 'l', NULL },
	{ "days", "days", TABLE_IN_ALL, 'r', NULL },
	{ "observed_seconds", "observed", TABLE_IN_ALL, 'r', NULL }
};

#define TW_NBIN_FIXED	(sizeof tw_bin_fixed / sizeof tw_bin_fixed[0])

static const struct table_column tw_regular_cols[] = {
	{ "kind", "", TABLE_IN_ALL, 'l', NULL },
	{ "name", "", TABLE_IN_ALL, 'l', NULL },
	{ "group", "as", TABLE_IN_ALL, 'l', "" },
	{ "days", "days", TABLE_IN_ALL, 'r', NULL },
	{ "seconds", "time", TABLE_IN_ALL, 'r', NULL }
};

#define TW_NREGULAR	(sizeof tw_regular_cols / sizeof tw_regular_cols[0])

/* The columns of w: nfixed of fixed, then a share per group; free with
 * tw_columns_free. */
static struct table_column *
tw_columns(const struct week *w, const struct table_column *fixed,
    size_t nfixed)
{
	struct table_column	*cols;
	size_t			 g;

	cols = xcalloc(nfixed + w->ngroups, sizeof *cols);
	memcpy(cols, fixed, nfixed * sizeof *fixed);
	for (g = 0; g < w->ngroups; g++) {
		cols[nfixed + g].key = xasprintf("share_%s", w->groups[g]);
		cols[nfixed + g].heading = w->groups[g];
		cols[nfixed + g].in = TABLE_IN_ALL;
		cols[nfixed + g].align = 'r';
	}
	return cols;
}

static void
tw_columns_free(const struct week *w, struct table_column *cols,
    size_t nfixed)
{
	size_t	g;

	for (g = 0; g < w->ngroups; g++)
		free((char *)cols[nfixed + g].key);
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

/* The pattern over the day: each day's bins on the week's clock (a day
 * not observed in a bin has no shares), then the week's. */
static void
tw_bin_rows(struct table *t, const struct week *w)
{
	int64_t	first, at;
	size_t	nbins, b, d, g;

	nbins = week_bin_range(w, &first);
	for (d = 0; d <= w->ndays; d++) {
		for (b = 0; b < nbins; b++) {
			at = first + (int64_t)b * WEEK_BIN_MS;
			if (d < w->ndays) {
				table_string(t, w->days[d].date);
				table_string(t, clock_weekday(w->days[d].date));
				table_hm(t, at);
				table_count(t, week_day_bin_ms(w, d, at,
				    w->ngroups) > 0);
				table_ms(t, week_day_bin_ms(w, d, at,
				    w->ngroups));
			} else {
				table_word(t, "week");
				table_string(t, NULL);
				table_hm(t, at);
				table_count(t, week_bin_days(w, at));
				table_ms(t, week_bin_observed(w, at));
			}
			for (g = 0; g < w->ngroups; g++)
				table_fraction(t, d < w->ndays ?
				    week_day_bin_share(w, d, at, g) :
				    week_bin_share(w, at, g));
		}
	}
}

/* The persons, then the places, seen on most days. */
static void
tw_regular_rows(struct table *t, const struct week *w)
{
	struct week_regular	*r;
	size_t			 n, i;
	int			 places;

	for (places = 0; places < 2; places++) {
		r = week_regulars(w, places, &n);
		for (i = 0; i < n; i++) {
			table_word(t, places ? "place" : "person");
			table_string(t, r[i].name);
			table_string(t, places ? NULL : w->groups[
			    r[i].group < 0 ? w->ngroups - 1 :
			    (size_t)r[i].group]);
			table_count(t, r[i].days);
			table_ms(t, r[i].ms);
		}
		free(r);
	}
}

/* The week's tables: the days, the pattern, the regulars. */
struct tw_tables {
	struct table_column	*cols, *bin_cols;
	struct table		 days, bins, regulars;
};

static void
tw_tables_init(struct tw_tables *tt, const struct week *w)
{
	tt->cols = tw_columns(w, tw_fixed, TW_NFIXED);
	tt->bin_cols = tw_columns(w, tw_bin_fixed, TW_NBIN_FIXED);
	table_init(&tt->days, tt->cols, TW_NFIXED + w->ngroups);
	tw_rows(&tt->days, w);
	table_init(&tt->bins, tt->bin_cols, TW_NBIN_FIXED + w->ngroups);
	tw_bin_rows(&tt->bins, w);
	table_init(&tt->regulars, tw_regular_cols, TW_NREGULAR);
	tw_regular_rows(&tt->regulars, w);
}

static void
tw_tables_free(struct tw_tables *tt, const struct week *w)
{
	table_free(&tt->days);
	table_free(&tt->bins);
	table_free(&tt->regulars);
	tw_columns_free(w, tt->cols, TW_NFIXED);
	tw_columns_free(w, tt->bin_cols, TW_NBIN_FIXED);
}

static void
tw_csv(FILE *f, const struct week *w, const struct tw_tables *tt)
{
	table_csv_header(f, tt->cols, TW_NFIXED + w->ngroups);
	table_csv(f, &tt->days);
	putc('\n', f);
	table_csv_header(f, tt->bin_cols, TW_NBIN_FIXED + w->ngroups);
	table_csv(f, &tt->bins);
	putc('\n', f);
	table_csv_header(f, tw_regular_cols, TW_NREGULAR);
	table_csv(f, &tt->regulars);
}

static void
tw_text(FILE *f, const struct week *w, const struct tw_tables *tt)
{
	char	*headline = week_headline(w);

	fputs("Week of ", f);
	table_put_safe(f, *w->head != '\0' ? w->head : "(no head)");
	fputs(", ", f);
	table_put_safe(f, *w->school != '\0' ? w->school : "(no school)");
	fprintf(f, ": %zu days\n", w->ndays);
	table_put_safe(f, headline);
	fputs("\n\n", f);
	table_text(f, &tt->days, 0);
	fprintf(f, "\nThe pattern over the day, %d-minute bins: each day's "
	    "share of its observed time in the bin with each group, then the "
	    "week's (of the days observed in it)\n\n", WEEK_BIN_MINUTES);
	table_text(f, &tt->bins, 0);
	fprintf(f, "\nPersons and places seen on most days (more than %zu "
	    "of the %zu)\n", w->ndays / 2, w->ndays);
	if (table_nrows(&tt->regulars) == 0)
		fputs("none\n", f);
	else {
		putc('\n', f);
		table_text(f, &tt->regulars, 0);
	}
	free(headline);
}

static void
tw_json(FILE *f, const struct week *w, const struct tw_tables *tt)
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
		table_json_fields(f, &tt->days, i);
		putc('}', f);
	}
	fputs("\n ],\n \"week\": {", f);
	table_json_fields(f, &tt->days, w->ndays);
	fprintf(f, "},\n \"bin_minutes\": %d,\n \"pattern\": ",
	    WEEK_BIN_MINUTES);
	table_json_array(f, &tt->bins, "  ");
	fputs(",\n \"regulars\": ", f);
	table_json_array(f, &tt->regulars, "  ");
	fputs("}\n", f);
	free(headline);
}

int
table_week_write(FILE *f, enum output_format format, const struct week *w,
    struct err *e)
{
	struct tw_tables	tt;

	tw_tables_init(&tt, w);
	switch (format) {
	case OUTPUT_TEXT:
		tw_text(f, w, &tt);
		break;
	case OUTPUT_CSV:
		tw_csv(f, w, &tt);
		break;
	case OUTPUT_JSON:
		tw_json(f, w, &tt);
		break;
	}
	tw_tables_free(&tt, w);
	return table_flush(f, "the week", e);
}
