/*
 * The agreement between two observers as text, CSV and JSON.  Easy to get
 * wrong: the three forms say the same thing (CSV is the contract, JSON
 * uses its column names, text rounds for the eye), a missing agreement is
 * "-" in text, empty in CSV and null in JSON, and group names come from a
 * log, so they are made safe for a terminal or valid for JSON.
 */
#include <inttypes.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "table-agreement.h"
#include "agreement.h"
#include "clock.h"
#include "csv.h"
#include "output.h"
#include "timeline.h"
#include "xmalloc.h"

#define TABLE_AGREEMENT_INDENT	2	/* spaces before a text table's lines */

/* The CSV's four tables, in the order written. */
static const char *const table_agreement_kappa_columns =
    "kappa,observed,expected,seconds";
static const char *const table_agreement_confusion_columns = "a_group,b_group,seconds";
static const char *const table_agreement_group_columns =
    "group,a_seconds,b_seconds,both_seconds,agreement";
static const char *const table_agreement_event_columns =
    "window_s,a_starts,b_starts,matched,missed_a,missed_b,agreement";

static const char *
table_agreement_name(const struct agreement *ag, const struct timeline *tl, size_t c)
{
	return timeline_group_name(tl, agreement_code_group(ag, c));
}

/* ---- CSV and JSON: the same rows, framed differently ---- */

/* Starts a field: in CSV a comma (none before a row's first), in JSON its
 * name. */
static void
table_agreement_field(FILE *f, int json, int first, const char *name)
{
	if (json)
		fprintf(f, "%s\"%s\": ", first ? "" : ", ", name);
	else if (!first)
		putc(',', f);
}

/* A string field: quoted as RFC 4180 or as a JSON string. */
static void
table_agreement_string(FILE *f, int json, int first, const char *name, const char *s)
{
	table_agreement_field(f, json, first, name);
	if (json)
		output_json_string(f, s);
	else
		csv_put(f, s);
}

/* Whole seconds, as the contract writes seconds: three decimals. */
static void
table_agreement_seconds(FILE *f, int json, int first, const char *name, int64_t s)
{
	table_agreement_field(f, json, first, name);
	output_seconds(f, s * 1000);
}

static void
table_agreement_fraction(FILE *f, int json, const char *name, double v)
{
	table_agreement_field(f, json, 0, name);
	output_fraction(f, v, json);
}

static void
table_agreement_count(FILE *f, int json, const char *name, size_t n)
{
	table_agreement_field(f, json, 0, name);
	fprintf(f, "%zu", n);
}

static void
table_agreement_kappa_row(FILE *f, int json, const struct agreement *ag)
{
	table_agreement_field(f, json, 1, "kappa");
	output_fraction(f, ag->kappa, json);
	table_agreement_fraction(f, json, "observed", ag->observed);
	table_agreement_fraction(f, json, "expected", ag->expected);
	table_agreement_seconds(f, json, 0, "seconds", ag->seconds);
}

static void
table_agreement_confusion_row(FILE *f, int json, const struct agreement *ag,
    const struct timeline *tl, size_t a, size_t b)
{
	table_agreement_string(f, json, 1, "a_group", table_agreement_name(ag, tl, a));
	table_agreement_string(f, json, 0, "b_group", table_agreement_name(ag, tl, b));
	table_agreement_seconds(f, json, 0, "seconds", ag->confusion[a * ag->ncodes + b]);
}

static void
table_agreement_group_row(FILE *f, int json, const struct agreement *ag,
    const struct timeline *tl, size_t c)
{
	const struct agreement_group	*g = &ag->groups[c];

	table_agreement_string(f, json, 1, "group", table_agreement_name(ag, tl, c));
	table_agreement_seconds(f, json, 0, "a_seconds", g->a_seconds);
	table_agreement_seconds(f, json, 0, "b_seconds", g->b_seconds);
	table_agreement_seconds(f, json, 0, "both_seconds", g->both_seconds);
	table_agreement_fraction(f, json, "agreement", g->agreement);
}

static void
table_agreement_events_row(FILE *f, int json, const struct agreement_events *ev)
{
	table_agreement_seconds(f, json, 1, "window_s", ev->window_s);
	table_agreement_count(f, json, "a_starts", ev->a_starts);
	table_agreement_count(f, json, "b_starts", ev->b_starts);
	table_agreement_count(f, json, "matched", ev->matched);
	table_agreement_count(f, json, "missed_a", ev->missed_a);
	table_agreement_count(f, json, "missed_b", ev->missed_b);
	table_agreement_fraction(f, json, "agreement", ev->agreement);
}

static void
table_agreement_csv(FILE *f, const struct agreement *ag, const struct timeline *tl)
{
	size_t	a, b, n = ag->ncodes;

	fprintf(f, "%s\n", table_agreement_kappa_columns);
	table_agreement_kappa_row(f, 0, ag);
	fprintf(f, "\n\n%s\n", table_agreement_confusion_columns);
	for (a = 0; a < n; a++) {
		for (b = 0; b < n; b++) {
			if (ag->confusion[a * n + b] == 0)
				continue;
			table_agreement_confusion_row(f, 0, ag, tl, a, b);
			putc('\n', f);
		}
	}
	fprintf(f, "\n%s\n", table_agreement_group_columns);
	for (a = 0; a < n; a++) {
		table_agreement_group_row(f, 0, ag, tl, a);
		putc('\n', f);
	}
	fprintf(f, "\n%s\n", table_agreement_event_columns);
	table_agreement_events_row(f, 0, &ag->events);
	putc('\n', f);
}

static void
table_agreement_json(FILE *f, const struct agreement *ag, const struct timeline *tl)
{
	size_t	a, b, n = ag->ncodes, rows = 0;

	putc('{', f);
	table_agreement_kappa_row(f, 1, ag);
	fputs(",\n \"confusion\": [", f);
	for (a = 0; a < n; a++) {
		for (b = 0; b < n; b++) {
			if (ag->confusion[a * n + b] == 0)
				continue;
			fputs(rows++ == 0 ? "\n  {" : ",\n  {", f);
			table_agreement_confusion_row(f, 1, ag, tl, a, b);
			putc('}', f);
		}
	}
	fputs(rows > 0 ? "\n ],\n \"groups\": [" : "],\n \"groups\": [", f);
	for (a = 0; a < n; a++) {
		fputs(a == 0 ? "\n  {" : ",\n  {", f);
		table_agreement_group_row(f, 1, ag, tl, a);
		putc('}', f);
	}
	fputs("\n ],\n \"events\": {", f);
	table_agreement_events_row(f, 1, &ag->events);
	fputs("}}\n", f);
}

/* ---- text ---- */

/* The title and one line for each observer. */
static void
table_agreement_text_title(FILE *f, const struct agreement *ag,
    const struct timeline *a, const struct timeline *b)
{
	const struct timeline	*tl[2] = { a, b };
	char			 begin[CLOCK_HMS_LEN], end[CLOCK_HMS_LEN];
	char			*hms;
	size_t			 i;

	fputs("Agreement between two observers \xc2\xb7 ", f);
	if (a->school != NULL && *a->school != '\0') {
		output_put_safe(f, a->school);
		fputs(" \xc2\xb7 ", f);
	}
	if (a->head != NULL && *a->head != '\0') {
		output_put_safe(f, a->head);
		fputs(" \xc2\xb7 ", f);
	}
	fprintf(f, "%s\n\n", a->date);
	for (i = 0; i < 2; i++) {
		clock_format_hms(tl[i]->begin, begin);
		clock_format_hms(tl[i]->end, end);
		fprintf(f, "%c  ", i == 0 ? 'A' : 'B');
		output_put_safe(f, tl[i]->observer != NULL &&
		    *tl[i]->observer != '\0' ? tl[i]->observer : "-");
		fprintf(f, ", %s to %s\n", begin, end);
	}
	hms = output_duration((double)ag->seconds * 1000);
	fprintf(f, "Compared: %" PRId64 " second%s (%s) observed by both\n\n",
	    ag->seconds, ag->seconds == 1 ? "" : "s", hms);
	free(hms);
}

static void
table_agreement_text_kappa(FILE *f, const struct agreement *ag)
{
	fprintf(f, "Cohen's kappa  %6.3f  %s (Landis & Koch)\n",
	    fabs(ag->kappa) < 0.0005 ? 0.0 : ag->kappa,
	    agreement_band(ag->kappa));
	fprintf(f, "Observed       %6.3f  of the seconds coded alike\n",
	    ag->observed);
	fprintf(f, "Expected       %6.3f  by chance, from each observer's "
	    "shares\n", ag->expected);
}

/* The confusion table as a grid over the codes either observer used. */
static void
table_agreement_text_grid(FILE *f, const struct agreement *ag,
    const struct timeline *tl)
{
	struct output_tt	 t;
	char			*align;
	size_t			*used, nused = 0, i, j, n = ag->ncodes;

	used = xreallocarray(NULL, n, sizeof *used);
	for (i = 0; i < n; i++) {
		if (ag->groups[i].a_seconds > 0 || ag->groups[i].b_seconds > 0)
			used[nused++] = i;
	}
	align = xmalloc(nused + 2);
	memset(align, 'r', nused + 1);
	align[0] = 'l';
	align[nused + 1] = '\0';
	output_tt_init(&t, align);
	output_tt_fmt(&t, "A \\ B");
	for (j = 0; j < nused; j++)
		output_tt_text(&t, table_agreement_name(ag, tl, used[j]), "-");
	for (i = 0; i < nused; i++) {
		output_tt_text(&t, table_agreement_name(ag, tl, used[i]), "-");
		for (j = 0; j < nused; j++)
			output_tt_fmt(&t, "%" PRId64,
			    ag->confusion[used[i] * n + used[j]]);
	}
	fputs("\nSeconds coded by A (rows) and by B (columns)\n", f);
	output_tt_print(f, &t, TABLE_AGREEMENT_INDENT);
	free(align);
	free(used);
}

static void
table_agreement_text_groups(FILE *f, const struct agreement *ag,
    const struct timeline *tl)
{
	const struct agreement_group	*g;
	struct output_tt		 t;
	size_t				 i;

	output_tt_init(&t, "lrrrr");
	output_tt_fmt(&t, "group");
	output_tt_fmt(&t, "A seconds");
	output_tt_fmt(&t, "B seconds");
	output_tt_fmt(&t, "both");
	output_tt_fmt(&t, "agreement");
	for (i = 0; i < ag->ncodes; i++) {
		g = &ag->groups[i];
		output_tt_text(&t, table_agreement_name(ag, tl, i), "-");
		output_tt_fmt(&t, "%" PRId64, g->a_seconds);
		output_tt_fmt(&t, "%" PRId64, g->b_seconds);
		output_tt_fmt(&t, "%" PRId64, g->both_seconds);
		output_tt_own(&t, output_percent(g->agreement));
	}
	fputs("\nPer group (agreement: both / seconds either coded it)\n", f);
	output_tt_print(f, &t, TABLE_AGREEMENT_INDENT);
}

static void
table_agreement_text_events(FILE *f, const struct agreement *ag)
{
	const struct agreement_events	*ev = &ag->events;
	char				*p;

	fprintf(f, "\nEpisode starts matched within %d s (same group, one "
	    "to one; only starts made\nwhile the other observer was "
	    "observing count)\n", ev->window_s);
	fprintf(f, "  A's starts                 %6zu\n", ev->a_starts);
	fprintf(f, "  B's starts                 %6zu\n", ev->b_starts);
	fprintf(f, "  matched                    %6zu\n", ev->matched);
	fprintf(f, "  A's that B missed          %6zu\n", ev->missed_a);
	fprintf(f, "  B's that A missed          %6zu\n", ev->missed_b);
	p = output_percent(ev->agreement);
	fprintf(f, "  event agreement            %6s  matched / (matched + "
	    "missed by either)\n", p);
	free(p);
}

static void
table_agreement_text(FILE *f, const struct agreement *ag, const struct timeline *a,
    const struct timeline *b)
{
	table_agreement_text_title(f, ag, a, b);
	table_agreement_text_kappa(f, ag);
	table_agreement_text_grid(f, ag, a);
	table_agreement_text_groups(f, ag, a);
	table_agreement_text_events(f, ag);
}

void
table_agreement_write(FILE *f, enum output_format format, const struct agreement *ag,
    const struct timeline *a, const struct timeline *b)
{
	switch (format) {
	case OUTPUT_CSV:
		table_agreement_csv(f, ag, a);
		break;
	case OUTPUT_JSON:
		table_agreement_json(f, ag, a);
		break;
	default:
		table_agreement_text(f, ag, a, b);
		break;
	}
}
