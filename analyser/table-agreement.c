/*
 * The agreement between two observers as text, CSV and JSON: four tables
 * (kappa, confusion, groups, events), each one column spec.  Easy to get
 * wrong: unlike every other table of the analyser its CSV is four tables,
 * a header line each, an empty line between them, and its text gives the
 * confusion as a grid over the codes either observer used.
 */
#include <inttypes.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "agreement.h"
#include "format.h"
#include "table-agreement.h"
#include "table.h"
#include "timeline.h"
#include "xmalloc.h"

#define TA_INDENT	2	/* spaces before a text table's lines */
#define TA_NCOLS(a)	(sizeof (a) / sizeof (a)[0])

static const struct table_column ta_kappa_columns[] = {
	{ "kappa", NULL, TABLE_IN_DATA, 'r', NULL },
	{ "observed", NULL, TABLE_IN_DATA, 'r', NULL },
	{ "expected", NULL, TABLE_IN_DATA, 'r', NULL },
	{ "seconds", NULL, TABLE_IN_DATA, 'r', NULL }
};
static const struct table_column ta_confusion_columns[] = {
	{ "a_group", NULL, TABLE_IN_DATA, 'l', NULL },
	{ "b_group", NULL, TABLE_IN_DATA, 'l', NULL },
	{ "seconds", NULL, TABLE_IN_DATA, 'r', NULL }
};
static const struct table_column ta_group_columns[] = {
	{ "group", "group", TABLE_IN_ALL, 'l', "-" },
	{ "a_seconds", "A seconds", TABLE_IN_ALL, 'r', NULL },
	{ "b_seconds", "B seconds", TABLE_IN_ALL, 'r', NULL },
	{ "both_seconds", "both", TABLE_IN_ALL, 'r', NULL },
	{ "agreement", "agreement", TABLE_IN_ALL, 'r', NULL }
};
static const struct table_column ta_event_columns[] = {
	{ "window_s", NULL, TABLE_IN_DATA, 'r', NULL },
	{ "a_starts", NULL, TABLE_IN_DATA, 'r', NULL },
	{ "b_starts", NULL, TABLE_IN_DATA, 'r', NULL },
	{ "matched", NULL, TABLE_IN_DATA, 'r', NULL },
	{ "missed_a", NULL, TABLE_IN_DATA, 'r', NULL },
	{ "missed_b", NULL, TABLE_IN_DATA, 'r', NULL },
	{ "agreement", NULL, TABLE_IN_DATA, 'r', NULL }
};

static const struct table_column ta_variable_columns[] = {
	{ "variable", "variable", TABLE_IN_ALL, 'l', NULL },
	{ "kappa", "kappa", TABLE_IN_ALL, 'r', NULL },
	{ "observed", "observed", TABLE_IN_ALL, 'r', NULL },
	{ "expected", "expected", TABLE_IN_ALL, 'r', NULL },
	{ "seconds", "seconds", TABLE_IN_ALL, 'r', NULL }
};
static const struct table_column ta_aligned_columns[] = {
	{ "a_group", NULL, TABLE_IN_DATA, 'l', NULL },
	{ "b_group", NULL, TABLE_IN_DATA, 'l', NULL },
	{ "events", NULL, TABLE_IN_DATA, 'r', NULL }
};
static const struct table_column ta_alignment_columns[] = {
	{ "window_s", NULL, TABLE_IN_DATA, 'r', NULL },
	{ "pairs", NULL, TABLE_IN_DATA, 'r', NULL },
	{ "same_group", NULL, TABLE_IN_DATA, 'r', NULL },
	{ "unmatched_a", NULL, TABLE_IN_DATA, 'r', NULL },
	{ "unmatched_b", NULL, TABLE_IN_DATA, 'r', NULL },
	{ "kappa", NULL, TABLE_IN_DATA, 'r', NULL },
	{ "observed", NULL, TABLE_IN_DATA, 'r', NULL },
	{ "expected", NULL, TABLE_IN_DATA, 'r', NULL }
};
static const struct table_column ta_sequence_columns[] = {
	{ "steps", NULL, TABLE_IN_DATA, 'r', NULL },
	{ "identical", NULL, TABLE_IN_DATA, 'r', NULL },
	{ "identity", NULL, TABLE_IN_DATA, 'r', NULL },
	{ "matched", NULL, TABLE_IN_DATA, 'r', NULL },
	{ "duration_ccc", NULL, TABLE_IN_DATA, 'r', NULL },
	{ "start_median_s", NULL, TABLE_IN_DATA, 'r', NULL }
};
static const struct table_column ta_disagreement_columns[] = {
	{ "start", NULL, TABLE_IN_DATA, 'l', NULL },
	{ "end", NULL, TABLE_IN_DATA, 'l', NULL },
	{ "seconds", NULL, TABLE_IN_DATA, 'r', NULL },
	{ "a_group", NULL, TABLE_IN_DATA, 'l', NULL },
	{ "b_group", NULL, TABLE_IN_DATA, 'l', NULL },
	{ "words", NULL, TABLE_IN_JSON, 'l', NULL }
};

static const struct table_column ta_pair_columns[] = {
	{ "a", "A", TABLE_IN_ALL, 'l', NULL },
	{ "b", "B", TABLE_IN_ALL, 'l', NULL },
	{ "kappa", "kappa", TABLE_IN_ALL, 'r', NULL },
	{ "observed", "observed", TABLE_IN_ALL, 'r', NULL },
	{ "expected", "expected", TABLE_IN_ALL, 'r', NULL },
	{ "seconds", "seconds", TABLE_IN_ALL, 'r', NULL },
	{ "event_kappa", "event kappa", TABLE_IN_ALL, 'r', NULL },
	{ "identity", "identity", TABLE_IN_ALL, 'r', NULL }
};
static const struct table_column ta_pooled_columns[] = {
	{ "pairs", "pairs", TABLE_IN_ALL, 'r', NULL },
	{ "kappa", "kappa", TABLE_IN_ALL, 'r', NULL },
	{ "observed", "observed", TABLE_IN_ALL, 'r', NULL },
	{ "expected", "expected", TABLE_IN_ALL, 'r', NULL },
	{ "seconds", "seconds", TABLE_IN_ALL, 'r', NULL },
	{ "event_kappa", "event kappa", TABLE_IN_ALL, 'r', NULL },
	{ "identity", "identity", TABLE_IN_ALL, 'r', NULL }
};

static const char *
ta_name(const struct agreement *ag, const struct timeline *tl, size_t c)
{
	return timeline_group_name(tl, agreement_code_group(ag, c));
}

/* ---- the four tables ---- */

static void
ta_kappa(struct table *t, const struct agreement *ag)
{
	table_init(t, ta_kappa_columns, TA_NCOLS(ta_kappa_columns));
	table_fraction(t, ag->kappa);
	table_fraction(t, ag->observed);
	table_fraction(t, ag->expected);
	table_seconds(t, ag->seconds);
}

/* The seconds A coded one way and B another, the pairs that happened. */
static void
ta_confusion(struct table *t, const struct agreement *ag,
    const struct timeline *tl)
{
	size_t	a, b, n = ag->ncodes;

	table_init(t, ta_confusion_columns, TA_NCOLS(ta_confusion_columns));
	for (a = 0; a < n; a++) {
		for (b = 0; b < n; b++) {
			if (ag->confusion[a * n + b] == 0)
				continue;
			table_string(t, ta_name(ag, tl, a));
			table_string(t, ta_name(ag, tl, b));
			table_seconds(t, ag->confusion[a * n + b]);
		}
	}
}

static void
ta_groups(struct table *t, const struct agreement *ag,
    const struct timeline *tl)
{
	const struct agreement_group	*g;
	size_t				 c;

	table_init(t, ta_group_columns, TA_NCOLS(ta_group_columns));
	for (c = 0; c < ag->ncodes; c++) {
		g = &ag->groups[c];
		table_string(t, ta_name(ag, tl, c));
		table_seconds(t, g->a_seconds);
		table_seconds(t, g->b_seconds);
		table_seconds(t, g->both_seconds);
		table_fraction(t, g->agreement);
	}
}

static void
ta_events(struct table *t, const struct agreement_events *ev)
{
	table_init(t, ta_event_columns, TA_NCOLS(ta_event_columns));
	table_seconds(t, ev->window_s);
	table_count(t, ev->a_starts);
	table_count(t, ev->b_starts);
	table_count(t, ev->matched);
	table_count(t, ev->missed_a);
	table_count(t, ev->missed_b);
	table_fraction(t, ev->agreement);
}

/* ---- the tables beyond the group: variables, events aligned ---- */

static void
ta_variables(struct table *t, const struct agreement *ag)
{
	const struct agreement_variable	*v;
	size_t				 i;

	table_init(t, ta_variable_columns, TA_NCOLS(ta_variable_columns));
	for (i = 0; i < ag->nvariables; i++) {
		v = &ag->variables[i];
		table_word(t, v->name);
		table_rate(t, v->kappa);
		table_fraction(t, v->observed);
		table_fraction(t, v->expected);
		table_seconds(t, v->seconds);
	}
}

/* A code of the events table: a group, or NULL for no event. */
static const char *
ta_event_name(const struct agreement *ag, const struct timeline *tl,
    size_t c)
{
	return c + 1 == ag->ncodes ? NULL : ta_name(ag, tl, c);
}

static void
ta_aligned(struct table *t, const struct agreement *ag,
    const struct timeline *tl)
{
	const int64_t	*conf = ag->alignment.confusion;
	size_t		 a, b, n = ag->ncodes;

	table_init(t, ta_aligned_columns, TA_NCOLS(ta_aligned_columns));
	for (a = 0; a < n; a++) {
		for (b = 0; b < n; b++) {
			if (conf[a * n + b] == 0)
				continue;
			table_string(t, ta_event_name(ag, tl, a));
			table_string(t, ta_event_name(ag, tl, b));
			table_count(t, (size_t)conf[a * n + b]);
		}
	}
}

static void
ta_alignment(struct table *t, const struct agreement *ag)
{
	const struct agreement_alignment	*al = &ag->alignment;

	table_init(t, ta_alignment_columns, TA_NCOLS(ta_alignment_columns));
	table_seconds(t, ag->events.window_s);
	table_count(t, al->pairs);
	table_count(t, al->same);
	table_count(t, al->unmatched_a);
	table_count(t, al->unmatched_b);
	table_fraction(t, al->kappa);
	table_fraction(t, al->observed);
	table_fraction(t, al->expected);
}

static void
ta_sequence(struct table *t, const struct agreement_alignment *al)
{
	table_init(t, ta_sequence_columns, TA_NCOLS(ta_sequence_columns));
	table_count(t, al->steps);
	table_count(t, al->identical);
	table_fraction(t, al->identity);
	table_count(t, al->same);
	table_fraction(t, al->ccc);
	table_ms_d(t, al->start_median);
}

char *
table_agreement_words(const struct agreement *ag, const struct timeline *tl,
    const struct agreement_disagreement *d)
{
	char	from[FORMAT_LEN], to[FORMAT_LEN];

	return xasprintf("%s\xe2\x80\x93%s: A coded %s, B coded %s",
	    format_clock(d->start, FORMAT_HMS, from),
	    format_clock(d->end, FORMAT_HMS, to),
	    ta_name(ag, tl, d->a_code), ta_name(ag, tl, d->b_code));
}

/* The largest stretches coded differently, largest first. */
static void
ta_disagreements(struct table *t, const struct agreement *ag,
    const struct timeline *tl)
{
	const struct agreement_disagreement	*d;
	size_t					 i;

	table_init(t, ta_disagreement_columns,
	    TA_NCOLS(ta_disagreement_columns));
	for (i = 0; i < ag->ndisagreements && i < AGREEMENT_LARGEST; i++) {
		d = &ag->disagreements[i];
		table_clock(t, d->start);
		table_clock(t, d->end);
		table_ms(t, d->end - d->start);
		table_string(t, ta_name(ag, tl, d->a_code));
		table_string(t, ta_name(ag, tl, d->b_code));
		table_take_string(t, table_agreement_words(ag, tl, d));
	}
}

/* ---- CSV and JSON ---- */

/* The CSV of one more table, after an empty line; frees it. */
static void
ta_csv_next(FILE *f, struct table *t)
{
	fputs("\n", f);
	table_csv_header(f, t->cols, t->ncols);
	table_csv(f, t);
	table_free(t);
}

/* The CSV tables beyond the first four. */
static void
ta_csv_more(FILE *f, const struct agreement *ag, const struct timeline *tl)
{
	struct table	t;

	ta_variables(&t, ag);
	ta_csv_next(f, &t);
	ta_aligned(&t, ag, tl);
	ta_csv_next(f, &t);
	ta_alignment(&t, ag);
	ta_csv_next(f, &t);
	ta_sequence(&t, &ag->alignment);
	ta_csv_next(f, &t);
	ta_disagreements(&t, ag, tl);
	ta_csv_next(f, &t);
}

/* The JSON members beyond the first four, each after ",\n ". */
static void
ta_json_more(FILE *f, const struct agreement *ag, const struct timeline *tl)
{
	struct table	t;

	ta_variables(&t, ag);
	fputs(",\n \"variables\": ", f);
	table_json_array(f, &t, "  ");
	table_free(&t);
	ta_alignment(&t, ag);
	fputs(",\n \"alignment\": {", f);
	table_json_fields(f, &t, 0);
	table_free(&t);
	ta_aligned(&t, ag, tl);
	fputs(", \"events\": ", f);
	table_json_array(f, &t, "   ");
	table_free(&t);
	ta_sequence(&t, &ag->alignment);
	fputs("},\n \"sequence\": {", f);
	table_json_fields(f, &t, 0);
	table_free(&t);
	ta_disagreements(&t, ag, tl);
	fputs("},\n \"disagreements\": ", f);
	table_json_array(f, &t, "  ");
	table_free(&t);
}

static void
ta_csv(FILE *f, const struct agreement *ag, const struct timeline *tl)
{
	struct table	t;

	ta_kappa(&t, ag);
	table_csv_header(f, t.cols, t.ncols);
	table_csv(f, &t);
	table_free(&t);
	ta_confusion(&t, ag, tl);
	fputs("\n", f);
	table_csv_header(f, t.cols, t.ncols);
	table_csv(f, &t);
	table_free(&t);
	ta_groups(&t, ag, tl);
	fputs("\n", f);
	table_csv_header(f, t.cols, t.ncols);
	table_csv(f, &t);
	table_free(&t);
	ta_events(&t, &ag->events);
	fputs("\n", f);
	table_csv_header(f, t.cols, t.ncols);
	table_csv(f, &t);
	table_free(&t);
	ta_csv_more(f, ag, tl);
}

static void
ta_json(FILE *f, const struct agreement *ag, const struct timeline *tl)
{
	struct table	t;

	ta_kappa(&t, ag);
	putc('{', f);
	table_json_fields(f, &t, 0);
	table_free(&t);
	ta_confusion(&t, ag, tl);
	fputs(",\n \"confusion\": ", f);
	table_json_array(f, &t, "  ");
	table_free(&t);
	ta_groups(&t, ag, tl);
	fputs(",\n \"groups\": ", f);
	table_json_array(f, &t, "  ");
	table_free(&t);
	ta_events(&t, &ag->events);
	fputs(",\n \"events\": {", f);
	table_json_fields(f, &t, 0);
	fputs("}", f);
	table_free(&t);
	ta_json_more(f, ag, tl);
	fputs("}\n", f);
}

/* ---- text ---- */

/* The title and one line for each observer. */
static void
ta_text_title(FILE *f, const struct agreement *ag, const struct timeline *a,
    const struct timeline *b)
{
	const struct timeline	*tl[2] = { a, b };
	char			 begin[FORMAT_LEN], end[FORMAT_LEN];
	char			 hms[FORMAT_LEN];
	size_t			 i;

	fputs("Agreement between two observers \xc2\xb7 ", f);
	if (a->school != NULL && *a->school != '\0') {
		table_put_safe(f, a->school);
		fputs(" \xc2\xb7 ", f);
	}
	if (a->head != NULL && *a->head != '\0') {
		table_put_safe(f, a->head);
		fputs(" \xc2\xb7 ", f);
	}
	fprintf(f, "%s\n\n", a->date);
	for (i = 0; i < 2; i++) {
		fprintf(f, "%c  ", i == 0 ? 'A' : 'B');
		table_put_safe(f, tl[i]->observer != NULL &&
		    *tl[i]->observer != '\0' ? tl[i]->observer : "-");
		fprintf(f, ", %s to %s\n",
		    format_clock(tl[i]->begin, FORMAT_HMS, begin),
		    format_clock(tl[i]->end, FORMAT_HMS, end));
	}
	fprintf(f, "Compared: %" PRId64 " second%s (%s) observed by both\n\n",
	    ag->seconds, ag->seconds == 1 ? "" : "s",
	    format_duration((double)ag->seconds * 1000, FORMAT_SHORT, hms));
}

static void
ta_text_kappa(FILE *f, const struct agreement *ag)
{
	fprintf(f, "Cohen's kappa  %6.3f  %s (Landis & Koch)\n",
	    fabs(ag->kappa) < 0.0005 ? 0.0 : ag->kappa,
	    agreement_band(ag->kappa));
	fprintf(f, "Observed       %6.3f  of the seconds coded alike\n",
	    ag->observed);
	fprintf(f, "Expected       %6.3f  by chance, from each observer's "
	    "shares\n", ag->expected);
}

/* A table of counts by A's code (rows) and B's (columns), m, as a grid
 * over the codes either observer used; the last code is named last, or
 * (when NULL) alone. */
static void
ta_text_grid(FILE *f, const struct agreement *ag, const struct timeline *tl,
    const int64_t *m, const char *last)
{
	struct table_column	*cols;
	struct table		 t;
	size_t			*used, nused = 0, i, j, n = ag->ncodes;

	used = xreallocarray(NULL, n, sizeof *used);
	for (i = 0; i < n; i++) {
		for (j = 0; j < n && m[i * n + j] == 0 && m[j * n + i] == 0;)
			j++;
		if (j < n)
			used[nused++] = i;
	}
	cols = table_grid_columns(nused + 1);
	table_init(&t, cols, nused + 1);
	table_word(&t, "A \\ B");
	for (j = 0; j < nused; j++)
		table_string(&t, used[j] + 1 == n && last != NULL ? last :
		    ta_name(ag, tl, used[j]));
	for (i = 0; i < nused; i++) {
		table_string(&t, used[i] + 1 == n && last != NULL ? last :
		    ta_name(ag, tl, used[i]));
		for (j = 0; j < nused; j++)
			table_count(&t, (size_t)m[used[i] * n + used[j]]);
	}
	table_text(f, &t, TA_INDENT);
	table_free(&t);
	free(cols);
	free(used);
}

static void
ta_text_events(FILE *f, const struct agreement *ag)
{
	const struct agreement_events	*ev = &ag->events;
	char				 p[FORMAT_LEN];

	fprintf(f, "\nEpisode starts matched within %d s (same group, one "
	    "to one; only starts made\nwhile the other observer was "
	    "observing count)\n", ev->window_s);
	fprintf(f, "  A's starts                 %6zu\n", ev->a_starts);
	fprintf(f, "  B's starts                 %6zu\n", ev->b_starts);
	fprintf(f, "  matched                    %6zu\n", ev->matched);
	fprintf(f, "  A's that B missed          %6zu\n", ev->missed_a);
	fprintf(f, "  B's that A missed          %6zu\n", ev->missed_b);
	fprintf(f, "  event agreement            %6s  matched / (matched + "
	    "missed by either)\n", format_percent(ev->agreement, p));
}

static void
ta_text_alignment(FILE *f, const struct agreement *ag,
    const struct timeline *tl)
{
	const struct agreement_alignment	*al = &ag->alignment;
	char					 p[FORMAT_LEN];

	if (al->too_many) {
		fprintf(f, "\nEpisode starts not aligned: more than %d "
		    "starts\n", AGREEMENT_MAX_STARTS);
		return;
	}
	fprintf(f, "\nEpisode starts aligned one to one within %d s, any "
	    "groups (Bakeman, Quera\n& Gnisci): events of A (rows) and of "
	    "B (columns), none where unmatched\n", ag->events.window_s);
	ta_text_grid(f, ag, tl, ag->alignment.confusion, "none");
	fprintf(f, "  pairs                      %6zu  of them %zu of the "
	    "same group\n", al->pairs, al->same);
	fprintf(f, "  A's unmatched              %6zu\n", al->unmatched_a);
	fprintf(f, "  B's unmatched              %6zu\n", al->unmatched_b);
	if (isfinite(al->kappa))
		fprintf(f, "  event kappa                %6.3f\n",
		    fabs(al->kappa) < 0.0005 ? 0.0 : al->kappa);
	else
		fprintf(f, "  event kappa                %6s\n", "-");
	fprintf(f, "\nThe episodes in order, aligned as Needleman & Wunsch "
	    "do, and the pairs above\nof the same group (TimeCaT's parts)\n");
	fprintf(f, "  identity                   %6s  %zu of %zu steps pair "
	    "the same group\n", format_percent(al->identity, p),
	    al->identical, al->steps);
	if (isfinite(al->ccc))
		fprintf(f, "  Lin's CCC of durations     %6.3f\n", al->ccc);
	else
		fprintf(f, "  Lin's CCC of durations     %6s\n", "-");
	fprintf(f, "  median start difference    %6s\n",
	    isfinite(al->start_median) ? format_duration(al->start_median,
	    FORMAT_SHORT, p) : "-");
}

static void
ta_text_disagreements(FILE *f, const struct agreement *ag,
    const struct timeline *tl)
{
	char	*words, d[FORMAT_LEN];
	size_t	 i;

	fputs("\nLargest disagreements\n", f);
	if (ag->ndisagreements == 0)
		fputs("  none: every second compared was coded alike\n", f);
	for (i = 0; i < ag->ndisagreements && i < AGREEMENT_LARGEST; i++) {
		words = table_agreement_words(ag, tl, &ag->disagreements[i]);
		fputs("  ", f);
		table_put_safe(f, words);
		fprintf(f, " (%s)\n", format_duration((double)
		    (ag->disagreements[i].end - ag->disagreements[i].start),
		    FORMAT_SHORT, d));
		free(words);
	}
}

static void
ta_text(FILE *f, const struct agreement *ag, const struct timeline *a,
    const struct timeline *b)
{
	struct table	t;

	ta_text_title(f, ag, a, b);
	ta_text_kappa(f, ag);
	fputs("\nSeconds coded by A (rows) and by B (columns)\n", f);
	ta_text_grid(f, ag, a, ag->confusion, NULL);
	ta_groups(&t, ag, a);
	fputs("\nPer group (agreement: both / seconds either coded it)\n", f);
	table_text(f, &t, TA_INDENT);
	table_free(&t);
	ta_text_events(f, ag);
	ta_variables(&t, ag);
	fputs("\nCohen's kappa per variable (group: the seconds compared; "
	    "the others: the\nseconds both spent in an episode, a missing "
	    "value a code of its own", f);
	fputs(ag->nvariables > AGREEMENT_NVARIABLES ? ";\na dimension: the "
	    "seconds both spent in a stretch it codes)\n" : ")\n", f);
	table_text(f, &t, TA_INDENT);
	table_free(&t);
	ta_text_alignment(f, ag, a);
	ta_text_disagreements(f, ag, a);
}

void
table_agreement_write(FILE *f, enum output_format format,
    const struct agreement *ag, const struct timeline *a,
    const struct timeline *b)
{
	switch (format) {
	case OUTPUT_CSV:
		ta_csv(f, ag, a);
		break;
	case OUTPUT_JSON:
		ta_json(f, ag, a);
		break;
	default:
		ta_text(f, ag, a, b);
		break;
	}
}

/* ---- many pairs ---- */

void
table_agreement_pairs_init(struct table_agreement_pairs *tp)
{
	memset(tp, 0, sizeof *tp);
	table_init(&tp->rows, ta_pair_columns, TA_NCOLS(ta_pair_columns));
}

/* The figures of a pair, or pooled: kappa in time and its parts, the
 * event kappa and the identity. */
static void
ta_pair_figures(struct table *t, const struct agreement_variable *time,
    double event_kappa, double identity)
{
	table_rate(t, time->kappa);
	table_fraction(t, time->observed);
	table_fraction(t, time->expected);
	table_seconds(t, time->seconds);
	table_rate(t, event_kappa);
	table_fraction(t, identity);
}

int
table_agreement_pairs_add(struct table_agreement_pairs *tp, const char *a,
    const char *b, const struct agreement *ag, const struct scheme *scheme,
    struct err *e)
{
	if (agreement_pool_add(&tp->pool, scheme, ag, e) != 0)
		return -1;
	table_string(&tp->rows, a);
	table_string(&tp->rows, b);
	ta_pair_figures(&tp->rows, &ag->variables[0], ag->alignment.kappa,
	    ag->alignment.identity);
	return 0;
}

static void
ta_pooled(struct table *t, const struct agreement_pool *pool)
{
	struct agreement_variable	time, events;
	double				identity;

	agreement_pool_figures(pool, &time, &events, &identity);
	table_init(t, ta_pooled_columns, TA_NCOLS(ta_pooled_columns));
	table_count(t, pool->pairs);
	ta_pair_figures(t, &time, events.kappa, identity);
}

void
table_agreement_pairs_write(FILE *f, enum output_format format,
    const struct table_agreement_pairs *tp)
{
	struct table	t;

	ta_pooled(&t, &tp->pool);
	switch (format) {
	case OUTPUT_CSV:
		table_csv_header(f, tp->rows.cols, tp->rows.ncols);
		table_csv(f, &tp->rows);
		ta_csv_next(f, &t);
		return;
	case OUTPUT_JSON:
		fputs("{\"pairs\": ", f);
		table_json_array(f, &tp->rows, "  ");
		fputs(",\n \"pooled\": {", f);
		table_json_fields(f, &t, 0);
		fputs("}}\n", f);
		break;
	default:
		fprintf(f, "Agreement of %zu pair%s of observers\n",
		    tp->pool.pairs, tp->pool.pairs == 1 ? "" : "s");
		table_text(f, &tp->rows, TA_INDENT);
		fputs("\nPooled: kappa from the seconds of every pair in one "
		    "table, event kappa from\nthe aligned events in one table, "
		    "identity from the steps of every sequence\n", f);
		table_text(f, &t, TA_INDENT);
		break;
	}
	table_free(&t);
}

void
table_agreement_pairs_free(struct table_agreement_pairs *tp)
{
	table_free(&tp->rows);
	agreement_pool_free(&tp->pool);
}
