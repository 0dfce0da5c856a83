/*
 * The tables of a day as text, CSV and JSON.  Each table is one column
 * spec (common/table.h) and one builder; the encoders spell it.  Easy to
 * get wrong: the summary's text has columns of its own ("by head" as a
 * share, no brief for time alone), marked text only in the spec, and the
 * summary's JSON is a document per day with the group table inside it.
 */
#include <inttypes.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "episodes.h"
#include "format.h"
#include "output.h"
#include "reference.h"
#include "sample.h"
#include "sequence.h"
#include "summary.h"
#include "table-day.h"
#include "table.h"
#include "timeline.h"
#include "xmalloc.h"

#define TD_NCOLS(a)	(sizeof (a) / sizeof (a)[0])

/* ---- the summary ---- */

static const struct table_column td_group_columns[] = {
	EPISODES_DAY_COLUMNS(TABLE_IN_CSV),
	{ "group", "group", TABLE_IN_ALL, 'l', "-" },
	{ "episodes", "episodes", TABLE_IN_ALL, 'r', NULL },
	{ "seconds", "time", TABLE_IN_ALL, 'r', NULL },
	{ "share", "share", TABLE_IN_ALL, 'r', NULL },
	{ "mean_s", "mean", TABLE_IN_ALL, 'r', NULL },
	{ "median_s", "median", TABLE_IN_ALL, 'r', NULL },
	{ "sd_s", "sd", TABLE_IN_ALL, 'r', NULL },
	{ "max_s", "longest", TABLE_IN_ALL, 'r', NULL },
	{ "head_initiated", NULL, TABLE_IN_DATA, 'r', NULL },
	{ NULL, "by head", TABLE_IN_TEXT, 'r', NULL },
	{ "brief", NULL, TABLE_IN_DATA, 'r', NULL },
	{ NULL, "brief", TABLE_IN_TEXT, 'r', NULL },
	{ "gap_mean_s", "mean gap", TABLE_IN_ALL, 'r', NULL },
	{ "gap_sd_s", NULL, TABLE_IN_DATA, 'r', NULL }
};

static const struct table_column td_person_columns[] = {
	{ "group", "group", TABLE_IN_ALL, 'l', "-" },
	{ "person", "person", TABLE_IN_ALL, 'l', "-" },
	{ "episodes", "episodes", TABLE_IN_ALL, 'r', NULL },
	{ "seconds", "time", TABLE_IN_ALL, 'r', NULL }
};
static const struct table_column td_location_columns[] = {
	{ "location", "location", TABLE_IN_ALL, 'l', "-" },
	{ "episodes", "episodes", TABLE_IN_ALL, 'r', NULL },
	{ "seconds", "time", TABLE_IN_ALL, 'r', NULL }
};
static const struct table_column td_mode_columns[] = {
	{ "mode", "mode", TABLE_IN_ALL, 'l', "-" },
	{ "episodes", "episodes", TABLE_IN_ALL, 'r', NULL },
	{ "seconds", "time", TABLE_IN_ALL, 'r', NULL }
};

static const struct table_column td_presence_columns[] = {
	{ "group", "group", TABLE_IN_ALL, 'l', "-" },
	{ "seconds", "time", TABLE_IN_ALL, 'r', NULL },
	{ "share", "share", TABLE_IN_ALL, 'r', NULL }
};

/* The day's figures in text: a figure a line, with what it counts. */
static const struct table_column td_words_columns[] = {
	{ NULL, NULL, TABLE_IN_TEXT, 'l', NULL },
	{ NULL, NULL, TABLE_IN_TEXT, 'r', NULL },
	{ NULL, NULL, TABLE_IN_TEXT, 'l', NULL }
};

/* Adds the group rows to t, a table of td_group_columns. */
static void
td_group_rows(struct table *t, const struct timeline *tl,
    const struct summary *s)
{
	const struct summary_group	*g;
	size_t				 i;
	int				 alone;

	for (i = 0; i < s->ngroups; i++) {
		g = &s->groups[i];
		alone = i + 1 == s->ngroups;
		episodes_day_cells(t, tl);
		table_string(t, timeline_group_name(tl, alone ? -1 : (int)i));
		table_count(t, g->episodes);
		table_ms(t, g->ms);
		table_fraction(t, g->share);
		table_ms_d(t, g->mean_ms);
		table_ms_d(t, g->median_ms);
		table_ms_d(t, g->sd_ms);
		table_ms_d(t, g->episodes > 0 ? (double)g->max_ms : NAN);
		table_count(t, g->head_initiated);
		table_fraction(t, alone || g->episodes == 0 ? NAN :
		    (double)g->head_initiated / g->episodes);
		table_count(t, g->brief);
		if (alone)
			table_word(t, "-");
		else
			table_count(t, g->brief);
		table_ms_d(t, g->ngaps > 0 ? g->gap_mean_ms : NAN);
		table_ms_d(t, g->ngaps > 1 ? g->gap_sd_ms : NAN);
	}
}

/* A breakdown: persons (with their group), locations or modes. */
static void
td_parts(struct table *t, const struct timeline *tl, const char *key,
    const struct summary_part *p, size_t n)
{
	size_t	i;
	int	persons = strcmp(key, "person") == 0;

	if (persons)
		table_init(t, td_person_columns, TD_NCOLS(td_person_columns));
	else if (strcmp(key, "location") == 0)
		table_init(t, td_location_columns,
		    TD_NCOLS(td_location_columns));
	else
		table_init(t, td_mode_columns, TD_NCOLS(td_mode_columns));
	for (i = 0; i < n; i++) {
		if (persons)
			table_string(t, timeline_group_name(tl, p[i].group));
		table_string(t, p[i].name);
		table_count(t, p[i].episodes);
		table_ms(t, p[i].ms);
	}
}

static void
td_presence(struct table *t, const struct timeline *tl,
    const struct summary *s)
{
	size_t	i;

	table_init(t, td_presence_columns, TD_NCOLS(td_presence_columns));
	for (i = 0; i + 1 < s->ngroups; i++) {
		table_string(t, timeline_group_name(tl, (int)i));
		table_ms(t, s->groups[i].presence_ms);
		table_fraction(t, s->observed_ms > 0 ?
		    (double)s->groups[i].presence_ms / s->observed_ms : 0);
	}
}

static void
td_groups(struct table *t, const struct timeline *tl, const struct summary *s)
{
	table_init(t, td_group_columns, TD_NCOLS(td_group_columns));
	td_group_rows(t, tl, s);
}

/* The run's table of group rows, emptied for a day: its cells' memory
 * serves every day, not allocated and freed on the loop thread for each. */
static struct table *
td_day_rows(struct table_day_run *run)
{
	if (run->rows.cols == NULL)
		table_init(&run->rows, td_group_columns,
		    TD_NCOLS(td_group_columns));
	else
		table_clear(&run->rows);
	return &run->rows;
}

static void
td_summary_csv(struct table_day_run *run, const struct timeline *tl,
    const struct summary *s)
{
	struct table	*t = td_day_rows(run);

	td_group_rows(t, tl, s);
	table_csv(run->f, t);
}

static void
td_json_parts(FILE *f, const struct timeline *tl, const char *name,
    const char *key, const struct summary_part *p, size_t n)
{
	struct table	t;

	td_parts(&t, tl, key, p, n);
	fprintf(f, ",\n   \"%s\": ", name);
	table_json_array(f, &t, "    ");
	table_free(&t);
}

static void
td_json_figures(FILE *f, const struct summary *s)
{
	fprintf(f, ",\n   \"figures\": {\"episodes\": %zu, \"brief\": %zu, "
	    "\"interactions\": %zu, \"head_begun\": %zu, \"head_share\": ",
	    s->episodes, s->brief, s->interactions, s->head_begun);
	table_put_fraction(f, s->interactions > 0 ? s->head_share : NAN, 1);
	fputs(", \"episodes_per_hour\": ", f);
	table_put_fraction(f, s->observed_ms > 0 ? s->per_hour : NAN, 1);
	fputs(", \"under5\": ", f);
	table_put_fraction(f, s->episodes > 0 ? s->under5 : NAN, 1);
	fputs(", \"under9\": ", f);
	table_put_fraction(f, s->episodes > 0 ? s->under9 : NAN, 1);
	fputs(", \"median_s\": ", f);
	table_put_seconds_d(f, s->episodes > 0 ? s->median_ms : NAN, 1);
	fputs(", \"longest_s\": ", f);
	table_put_seconds(f, s->longest_ms);
	fprintf(f, ", \"interruptions\": %zu, \"interruptions_per_hour\": ",
	    s->interruptions);
	table_put_fraction(f, s->observed_ms > 0 ? s->interruptions_per_hour :
	    NAN, 1);
	putc('}', f);
}

/* "restarts": [...] of a day, only when it has any. */
static void
td_json_restarts(FILE *f, const struct timeline *tl)
{
	char	at[FORMAT_LEN], since[FORMAT_LEN];
	size_t	i;

	if (tl->nrestarts == 0)
		return;
	fputs(",\n   \"restarts\": [", f);
	for (i = 0; i < tl->nrestarts; i++) {
		format_clock(tl->restarts[i].at, FORMAT_HMS, at);
		format_clock(tl->restarts[i].since, FORMAT_HMS, since);
		fprintf(f, "%s{\"seq\": %" PRIu64 ", \"at\": \"%s\", "
		    "\"since\": \"%s\", \"down_s\": ", i == 0 ? "\n    " :
		    ",\n    ", tl->restarts[i].seq, at, since);
		table_put_seconds(f, tl->restarts[i].down);
		putc('}', f);
	}
	fputs("\n   ]", f);
}

/* "corrections": [...] and "comment" (null when none) of a day. */
static void
td_json_corrections(FILE *f, const struct timeline *tl)
{
	size_t	i;

	fputs(",\n   \"corrections\": [", f);
	for (i = 0; i < tl->ncorrections; i++) {
		fputs(i == 0 ? "\n    " : ",\n    ", f);
		table_put_json_string(f, tl->corrections[i]);
	}
	fputs(tl->ncorrections > 0 ? "\n   ]" : "]", f);
	fputs(", \"comment\": ", f);
	table_put_json_string(f, tl->comment);
}

/* The day's four fields, as JSON fields. */
static void
td_json_day_fields(FILE *f, const struct timeline *tl)
{
	fputs("\"school\": ", f);
	table_put_json_string(f, tl->school);
	fputs(", \"head\": ", f);
	table_put_json_string(f, tl->head);
	fputs(", \"observer\": ", f);
	table_put_json_string(f, tl->observer);
	fputs(", \"date\": ", f);
	table_put_json_string(f, tl->date);
}

/* The day's four fields, its tags and its times. */
static void
td_json_head(FILE *f, const struct timeline *tl, const struct summary *s)
{
	char	a[FORMAT_LEN], b[FORMAT_LEN];
	size_t	i;

	td_json_day_fields(f, tl);
	fputs(",\n   \"tags\": {", f);
	for (i = 0; i < tl->ntags; i++) {
		if (i > 0)
			fputs(", ", f);
		table_put_json_string(f, tl->tag_keys[i]);
		fputs(": ", f);
		table_put_json_string(f, tl->tag_values[i]);
	}
	fprintf(f, "},\n   \"begin\": \"%s\", \"end\": \"%s\", "
	    "\"observed_s\": ", format_clock(tl->begin, FORMAT_HMS, a),
	    format_clock(tl->end, FORMAT_HMS, b));
	table_put_seconds(f, s->observed_ms);
	fputs(", \"paused_s\": ", f);
	table_put_seconds(f, s->paused_ms);
	fputs(", \"span_s\": ", f);
	table_put_seconds(f, s->span_ms);
}

static void
td_summary_json(struct table_day_run *run, const struct timeline *tl,
    const struct summary *s)
{
	FILE		*f = run->f;
	struct table	 t;

	fputs(run->ndays == 0 ? "\n  {" : ",\n  {", f);
	td_json_head(f, tl, s);
	td_groups(&t, tl, s);
	fputs(",\n   \"groups\": ", f);
	table_json_array(f, &t, "    ");
	table_free(&t);
	td_json_figures(f, s);
	td_json_parts(f, tl, "persons", "person", s->persons, s->npersons);
	td_json_parts(f, tl, "locations", "location", s->locations,
	    s->nlocations);
	td_json_parts(f, tl, "modes", "mode", s->modes, s->nmodes);
	td_presence(&t, tl, s);
	fputs(",\n   \"presence\": ", f);
	table_json_array(f, &t, "    ");
	table_free(&t);
	td_json_corrections(f, tl);
	td_json_restarts(f, tl);
	putc('}', f);
}

/* ---- the summary in text ---- */

/* The day's title line: school, head, observer, date and tags. */
static void
td_title(FILE *f, const struct timeline *tl)
{
	const char	*parts[3] = { tl->school, tl->head, tl->observer };
	size_t		 i;

	for (i = 0; i < 3; i++) {
		if (parts[i] != NULL && *parts[i] != '\0') {
			table_put_safe(f, parts[i]);
			fputs(" \xc2\xb7 ", f);
		}
	}
	fputs(tl->date, f);
	for (i = 0; i < tl->ntags; i++) {
		fputs(i == 0 ? " \xc2\xb7 " : " ", f);
		table_put_safe(f, tl->tag_keys[i]);
		putc('=', f);
		table_put_safe(f, tl->tag_values[i]);
	}
	putc('\n', f);
}

/* Starts a day in text: a blank line between days, then the title. */
static void
td_text_day(struct table_day_run *run, const struct timeline *tl)
{
	if (run->ndays > 0)
		putc('\n', run->f);
	td_title(run->f, tl);
	putc('\n', run->f);
}

/* "Corrected after review": each correction in words, then the head's
 * comment on the day; nothing when the day was not reviewed. */
static void
td_text_corrections(FILE *f, const struct timeline *tl)
{
	size_t	i;

	if (tl->ncorrections == 0 && tl->comment == NULL)
		return;
	fputs("\nCorrected after review\n", f);
	for (i = 0; i < tl->ncorrections; i++) {
		fputs("  ", f);
		table_put_safe(f, tl->corrections[i]);
		putc('\n', f);
	}
	if (tl->comment != NULL) {
		fputs("  comment on the day: ", f);
		table_put_safe(f, tl->comment);
		putc('\n', f);
	}
}

/* A duration as the tables write it (caller frees). */
static char *
td_duration(double ms)
{
	char	buf[FORMAT_LEN];

	return xstrdup(format_duration(ms, FORMAT_SHORT, buf));
}

char *
table_day_jump_words(const struct tl_jump *j, char *at)
{
	char	wall[FORMAT_LEN], by[FORMAT_LEN];

	format_clock(j->at, FORMAT_HMS_WHOLE, at);
	format_clock(j->wall, FORMAT_HMS_WHOLE, wall);
	format_duration((double)(j->by < 0 ? -j->by : j->by), FORMAT_SHORT,
	    by);
	return xasprintf("went %s %s (it read %s)", j->by < 0 ? "back" :
	    "forward", by, wall);
}

/* "Clock changes while recording": each jump of the wall clock the log
 * shows (timeline.h, struct tl_jump); nothing when there was none. */
static void
td_text_jumps(FILE *f, const struct timeline *tl)
{
	char	at[FORMAT_LEN], *words;
	size_t	i;

	if (tl->njumps == 0)
		return;
	fprintf(f, "\nClock changes while recording: %zu (times and durations "
	    "follow the steady clock)\n", tl->njumps);
	for (i = 0; i < tl->njumps; i++) {
		words = table_day_jump_words(&tl->jumps[i], at);
		fprintf(f, "  #%" PRIu64 " at %s: the computer's clock %s\n",
		    tl->jumps[i].seq, at, words);
		free(words);
	}
}

char *
table_day_restarts_down(const struct timeline *tl)
{
	int64_t	total = 0;
	size_t	i;

	for (i = 0; i < tl->nrestarts; i++)
		total += tl->restarts[i].down;
	return td_duration((double)total);
}

char *
table_day_restart_words(const struct tl_restart *r, char *at)
{
	char	since[FORMAT_LEN], down[FORMAT_LEN];

	format_clock(r->at, FORMAT_HMS_WHOLE, at);
	format_clock(r->since, FORMAT_HMS_WHOLE, since);
	format_duration((double)r->down, FORMAT_SHORT, down);
	return xasprintf("no record for %s before it (since %s)", down,
	    since);
}

/* "Recorder restarts": each restart of the live recorder while the day
 * went on, and the most time it can have been closed; nothing when none. */
static void
td_text_restarts(FILE *f, const struct timeline *tl)
{
	char	at[FORMAT_LEN], *words;
	size_t	i;

	if (tl->nrestarts == 0)
		return;
	words = table_day_restarts_down(tl);
	fprintf(f, "\nRecorder restarts: %zu (not watched: at most %s, counted "
	    "as the day went on)\n", tl->nrestarts, words);
	free(words);
	for (i = 0; i < tl->nrestarts; i++) {
		words = table_day_restart_words(&tl->restarts[i], at);
		fprintf(f, "  #%" PRIu64 " at %s: %s\n", tl->restarts[i].seq,
		    at, words);
		free(words);
	}
}

/* The day's figures in text, a figure a line. */
static void
td_text_words(FILE *f, const struct timeline *tl, const struct summary *s)
{
	struct table	t;
	char		a[FORMAT_LEN], b[FORMAT_LEN], span[FORMAT_LEN];
	char		paused[FORMAT_LEN];

	table_init(&t, td_words_columns, TD_NCOLS(td_words_columns));
	table_word(&t, "Observed");
	table_ms(&t, s->observed_ms);
	table_fmt(&t, "of the %s from %s to %s (%s paused)",
	    format_duration((double)s->span_ms, FORMAT_SHORT, span),
	    format_clock(tl->begin, FORMAT_HMS, a),
	    format_clock(tl->end, FORMAT_HMS, b),
	    format_duration((double)s->paused_ms, FORMAT_SHORT, paused));
	table_word(&t, "Episodes per hour");
	table_own(&t, s->observed_ms > 0 ? xasprintf("%.1f", s->per_hour) :
	    xstrdup("-"));
	table_fmt(&t, "%zu interaction episode%s in the observed time",
	    s->episodes, s->episodes == 1 ? "" : "s");
	table_word(&t, "Under 5 minutes");
	table_fraction(&t, s->episodes > 0 ? s->under5 : NAN);
	table_word(&t, "of the interaction episodes");
	table_word(&t, "Under 9 minutes");
	table_fraction(&t, s->episodes > 0 ? s->under9 : NAN);
	table_word(&t, "of the interaction episodes");
	table_word(&t, "Median episode");
	table_ms_d(&t, s->episodes > 0 ? s->median_ms : NAN);
	table_word(&t, "of the interaction episodes");
	table_word(&t, "Longest stretch");
	table_ms(&t, s->longest_ms);
	table_word(&t, "without interruption (one episode or time alone)");
	table_word(&t, "Begun by the head");
	table_fraction(&t, s->interactions > 0 ? s->head_share : NAN);
	table_fmt(&t, "%zu of %zu interaction%s (%zu episode%s, %zu brief "
	    "contact%s)", s->head_begun, s->interactions,
	    s->interactions == 1 ? "" : "s", s->episodes,
	    s->episodes == 1 ? "" : "s", s->brief, s->brief == 1 ? "" : "s");
	table_word(&t, "Interruptions");
	table_count(&t, s->interruptions);
	if (s->observed_ms > 0)
		table_fmt(&t, "%.1f per observed hour",
		    s->interruptions_per_hour);
	else
		table_word(&t, "-");
	putc('\n', f);
	table_text(f, &t, 0);
	table_free(&t);
}

/* A breakdown (persons, locations or modes) in text. */
static void
td_text_parts(FILE *f, const struct timeline *tl, const char *title,
    const char *key, const struct summary_part *p, size_t n)
{
	struct table	t;

	fprintf(f, "\n%s\n", title);
	if (n == 0) {
		fputs("  (none recorded)\n", f);
		return;
	}
	td_parts(&t, tl, key, p, n);
	table_text(f, &t, 2);
	table_free(&t);
}

static void
td_summary_text(FILE *f, const struct timeline *tl, const struct summary *s)
{
	struct table	t;

	td_groups(&t, tl, s);
	table_text(f, &t, 0);
	table_free(&t);
	td_text_words(f, tl, s);
	td_text_jumps(f, tl);
	td_text_restarts(f, tl);
	td_text_corrections(f, tl);
	td_text_parts(f, tl, "Per person (within each group)", "person",
	    s->persons, s->npersons);
	td_text_parts(f, tl, "Per location", "location", s->locations,
	    s->nlocations);
	td_text_parts(f, tl, "Per mode", "mode", s->modes, s->nmodes);
	fputs("\nPresence (time each group was there: its own episodes, "
	    "or named in with=)\n", f);
	td_presence(&t, tl, s);
	table_text(f, &t, 2);
	table_free(&t);
}

/* "Beside the published studies" (--references): each study cited, then
 * each of its figures beside the day's on the same definition, or why
 * not; after everything else of the day, so the summary above it stays
 * as scripts read it. */
static const struct table_column td_reference_columns[] = {
	{ NULL, "figure", TABLE_IN_TEXT, 'l', NULL },
	{ NULL, "study", TABLE_IN_TEXT, 'r', NULL },
	{ NULL, "this day", TABLE_IN_TEXT, 'r', NULL },
	{ NULL, "source", TABLE_IN_TEXT, 'l', NULL }
};

/* One study of the set: its citation, what it measured, its figures. */
static void
td_text_study(FILE *f, const struct reference_set *set, size_t study,
    const struct reference_row *rows, size_t n)
{
	const struct reference_figure	*fig;
	struct table			 t;
	char				*cite;
	size_t				 i;

	cite = reference_citation(&set->studies[study]);
	fputs("\n  ", f);
	table_put_safe(f, cite);
	fputs("\n  measured: ", f);
	table_put_safe(f, set->studies[study].measured);
	fputs("\n", f);
	free(cite);
	table_init(&t, td_reference_columns, TD_NCOLS(td_reference_columns));
	for (i = 0; i < n; i++) {
		fig = rows[i].figure;
		if (fig->study != study)
			continue;
		table_own(&t, reference_figure_words(fig));
		table_own(&t, reference_value_words(fig->measure, fig->value));
		if (rows[i].compared)
			table_own(&t, reference_value_words(fig->measure,
			    rows[i].own));
		else
			table_word(&t, "-");
		if (rows[i].compared)
			table_string(&t, fig->where);
		else
			table_take_string(&t, xasprintf("not compared: %s",
			    rows[i].why));
	}
	if (t.ncells > 0)
		table_text(f, &t, 4);
	table_free(&t);
}

static void
td_text_references(FILE *f, const struct reference_set *set,
    const struct timeline *tl, const struct summary *s)
{
	struct reference_row	*rows;
	size_t			 n, i;

	rows = reference_match(set, tl, s, &n);
	fputs("\nBeside the published studies (a figure of the day only where "
	    "both count the same thing)\n", f);
	for (i = 0; i < set->nstudies; i++)
		td_text_study(f, set, i, rows, n);
	free(rows);
}

static void
td_summary(struct table_day_run *run, const struct timeline *tl,
    const struct summary *given)
{
	const struct summary	*s;
	struct summary		 own;
	unsigned		 what;

	what = run->format == OUTPUT_CSV ? SUMMARY_GROUPS : SUMMARY_PARTS;
	s = summary_given(tl, given, what, &own);
	switch (run->format) {
	case OUTPUT_CSV:
		td_summary_csv(run, tl, s);
		break;
	case OUTPUT_JSON:
		td_summary_json(run, tl, s);
		break;
	case OUTPUT_TEXT:
		td_text_day(run, tl);
		td_summary_text(run->f, tl, s);
		if (run->refs != NULL)
			td_text_references(run->f, run->refs, tl, s);
		break;
	}
	summary_free(&own);
}

/* ---- the day as a timeline ---- */

static const struct table_column td_episode_text_columns[] = {
	{ NULL, "#", TABLE_IN_TEXT, 'r', "" },
	{ NULL, "start", TABLE_IN_TEXT, 'l', "" },
	{ NULL, "end", TABLE_IN_TEXT, 'l', "" },
	{ NULL, "length", TABLE_IN_TEXT, 'r', "" },
	{ NULL, "kind", TABLE_IN_TEXT, 'l', "" },
	{ NULL, "group", TABLE_IN_TEXT, 'l', "" },
	{ NULL, "by", TABLE_IN_TEXT, 'l', "" },
	{ NULL, "person", TABLE_IN_TEXT, 'l', "" },
	{ NULL, "where", TABLE_IN_TEXT, 'l', "" },
	{ NULL, "mode", TABLE_IN_TEXT, 'l', "" },
	{ NULL, "with", TABLE_IN_TEXT, 'l', "" },
	{ NULL, "note", TABLE_IN_TEXT, 'l', "" }
};

static void
td_episodes_text(FILE *f, const struct timeline *tl)
{
	const struct tl_item	*it;
	struct table		 t;
	size_t			 i;
	int			 instant;

	table_init(&t, td_episode_text_columns,
	    TD_NCOLS(td_episode_text_columns));
	for (i = 0; i < tl->nitems; i++) {
		it = &tl->items[i];
		instant = it->kind == TL_BRIEF || it->kind == TL_NOTE;
		if (it->seq != 0)	/* the record to name in a review */
			table_fmt(&t, "#%" PRIu64, it->seq);
		else
			table_word(&t, "");
		table_clock(&t, it->start);
		if (instant) {
			table_word(&t, "");
			table_word(&t, "");
		} else {
			table_clock(&t, it->end);
			table_ms(&t, it->end - it->start);
		}
		table_word(&t, episodes_kind_name(it->kind));
		table_string(&t, episodes_item_group(tl, it));
		table_string(&t, record_by_name(it->by));
		table_string(&t, it->person);
		table_string(&t, it->where);
		table_string(&t, it->mode);
		table_take_string(&t, timeline_with_names(tl, it->with, ";"));
		table_string(&t, it->note);
	}
	table_text(f, &t, 0);
	table_free(&t);
}

/* The run's scheme, for the dimension columns; none without one. */
static const struct scheme *
td_scheme(const struct table_day_run *run)
{
	static const struct scheme	none;

	return run->scheme != NULL ? run->scheme : &none;
}

static void
td_episodes(struct table_day_run *run, const struct timeline *tl)
{
	struct table_column	*cols;
	struct table		 t;
	size_t			 n;

	switch (run->format) {
	case OUTPUT_TEXT:
		td_text_day(run, tl);
		td_episodes_text(run->f, tl);
		break;
	case OUTPUT_CSV:
		episodes_write(run->f, tl, td_scheme(run));
		break;
	case OUTPUT_JSON:
		cols = episodes_columns_for(td_scheme(run), &n);
		table_init(&t, cols, n);
		episodes_table(&t, tl);
		table_json_rows(run->f, &t, "  ", &run->nrows);
		table_free(&t);
		free(cols);
		break;
	}
}

/* ---- bins ---- */

static const struct table_column td_bin_columns[] = {
	EPISODES_DAY_COLUMNS(TABLE_IN_DATA),
	{ "bin_start", NULL, TABLE_IN_DATA, 'l', NULL },
	{ "group", NULL, TABLE_IN_DATA, 'l', NULL },
	{ "seconds", NULL, TABLE_IN_DATA, 'r', NULL }
};

/* The CSV and JSON columns of --bin: the group's, or with --dimension the
 * dimension's in the group's place, named after it (caller frees). */
static struct table_column *
td_bin_columns_for(const struct table_day_run *run)
{
	struct table_column	*cols;

	cols = xcalloc(TD_NCOLS(td_bin_columns), sizeof *cols);
	memcpy(cols, td_bin_columns, sizeof td_bin_columns);
	if (run->dimension != NULL)
		cols[TD_NCOLS(td_bin_columns) - 2].key = run->dimension;
	return cols;
}

/* Bins in text: one line per bin, one column per heading (a group or a
 * value); the headings are the first row.  Starts the grid in t. */
static struct table_column *
td_grid_begin(struct table *t, size_t nheadings)
{
	struct table_column	*cols;

	cols = table_grid_columns(nheadings + 1);
	table_init(t, cols, nheadings + 1);
	table_word(t, "bin");
	return cols;
}

static void
td_grid_end(FILE *f, struct table *t, struct table_column *cols)
{
	while (t->ncells % t->ncols != 0)
		table_word(t, "-");
	table_text(f, t, 0);
	table_free(t);
	free(cols);
}

static void
td_bins_text(FILE *f, const struct timeline *tl, const struct summary_bin *b,
    size_t n)
{
	struct table_column	*cols;
	struct table		 t;
	size_t			 ng = tl->scheme->ngroups + 1, i;

	cols = td_grid_begin(&t, ng);
	for (i = 0; i < ng; i++)
		table_string(&t, timeline_group_name(tl,
		    i + 1 == ng ? -1 : (int)i));
	for (i = 0; i < n; i++) {
		if (i % ng == 0)
			table_hm(&t, b[i].start);
		table_ms(&t, b[i].ms);
	}
	td_grid_end(f, &t, cols);
}

/* The values of a day's dimension bins: a row per value in each bin. */
static size_t
td_dim_bin_values(const struct summary_dim_bin *b, size_t n)
{
	size_t	nv = 0;

	while (nv < n && b[nv].start == b[0].start)
		nv++;
	return nv;
}

static void
td_dim_bins_text(FILE *f, const struct summary_dim_bin *b, size_t n)
{
	struct table_column	*cols;
	struct table		 t;
	size_t			 nv = td_dim_bin_values(b, n), i;

	cols = td_grid_begin(&t, nv);
	for (i = 0; i < nv; i++)
		table_take_string(&t, xstrndup(b[i].value, b[i].value_len));
	for (i = 0; i < n; i++) {
		if (i % nv == 0)
			table_hm(&t, b[i].start);
		table_ms(&t, b[i].ms);
	}
	td_grid_end(f, &t, cols);
}

/* --bin --dimension=NAME: the time per value of the day's dimension NAME
 * (the caller has checked the day's scheme has it). */
static void
td_dim_bins(struct table_day_run *run, const struct timeline *tl)
{
	struct summary_dim_bin	*b;
	struct table_column	*cols;
	struct table		 t;
	size_t			 n, i, k;

	k = (size_t)scheme_find_dim(tl->scheme, run->dimension,
	    strlen(run->dimension));
	b = summary_dim_bins(tl, k, run->minutes, &n);
	if (run->format == OUTPUT_TEXT) {
		td_text_day(run, tl);
		fprintf(run->f, "Time with each value of %s in %d-minute bins "
		    "(a bin starts at the time shown)\n",
		    tl->scheme->dims[k].name, run->minutes);
		if (n > 0)
			td_dim_bins_text(run->f, b, n);
		free(b);
		return;
	}
	cols = td_bin_columns_for(run);
	table_init(&t, cols, TD_NCOLS(td_bin_columns));
	for (i = 0; i < n; i++) {
		episodes_day_cells(&t, tl);
		table_hm(&t, b[i].start);
		table_take_string(&t, xstrndup(b[i].value, b[i].value_len));
		table_ms(&t, b[i].ms);
	}
	if (run->format == OUTPUT_CSV)
		table_csv(run->f, &t);
	else
		table_json_rows(run->f, &t, "  ", &run->nrows);
	table_free(&t);
	free(cols);
	free(b);
}

static void
td_bins(struct table_day_run *run, const struct timeline *tl)
{
	struct summary_bin	*b;
	struct table		 t;
	size_t			 n, i;

	if (run->dimension != NULL) {
		td_dim_bins(run, tl);
		return;
	}
	b = summary_bins(tl, run->minutes, &n);
	if (run->format == OUTPUT_TEXT) {
		td_text_day(run, tl);
		fprintf(run->f, "Time with each group in %d-minute bins "
		    "(a bin starts at the time shown)\n", run->minutes);
		td_bins_text(run->f, tl, b, n);
		free(b);
		return;
	}
	table_init(&t, td_bin_columns, TD_NCOLS(td_bin_columns));
	for (i = 0; i < n; i++) {
		episodes_day_cells(&t, tl);
		table_hm(&t, b[i].start);
		table_string(&t, timeline_group_name(tl, b[i].group));
		table_ms(&t, b[i].ms);
	}
	if (run->format == OUTPUT_CSV)
		table_csv(run->f, &t);
	else
		table_json_rows(run->f, &t, "  ", &run->nrows);
	table_free(&t);
	free(b);
}

/* A day's rows of a table in the run's format: in text under the day's
 * heading, in CSV as rows, in JSON as members of the rows array. */
static void
td_day_table(struct table_day_run *run, const struct timeline *tl,
    const struct table *t)
{
	switch (run->format) {
	case OUTPUT_TEXT:
		td_text_day(run, tl);
		table_text(run->f, t, 0);
		break;
	case OUTPUT_CSV:
		table_csv(run->f, t);
		break;
	case OUTPUT_JSON:
		table_json_rows(run->f, t, "  ", &run->nrows);
		break;
	}
}

/* ---- transitions ---- */

/* A cell of the lag-1 table: the pair, its count and its statistics
 * (common/sequence.h); marked (|z| > 1.96) only in text and JSON, as the
 * contract fixes the CSV's columns and its z says the same. */
#define TD_TRANSITION_COLUMNS						\
	{ "from", "from", TABLE_IN_ALL, 'l', "-" },			\
	{ "to", "to", TABLE_IN_ALL, 'l', "-" },				\
	{ "count", "count", TABLE_IN_ALL, 'r', NULL },			\
	{ "expected", "expected", TABLE_IN_ALL, 'r', NULL },		\
	{ "probability", "probability", TABLE_IN_ALL, 'r', NULL },	\
	{ "z", "z", TABLE_IN_ALL, 'r', NULL },				\
	{ "marked", "", TABLE_IN_TEXT | TABLE_IN_JSON, 'l', NULL },	\
	{ "yule_q", "Yule's Q", TABLE_IN_ALL, 'r', NULL }

static const struct table_column td_transition_columns[] = {
	EPISODES_DAY_COLUMNS(TABLE_IN_DATA),
	TD_TRANSITION_COLUMNS
};

static const struct table_column td_pooled_columns[] = {
	TD_TRANSITION_COLUMNS
};

/* The count and statistics cells of the n pairs of tr, row by row, each
 * row begun by the day's cells when tl is given; name names a group. */
static void
td_transition_rows(struct table *t, const struct timeline *tl,
    const struct sequence_pool *pool, const struct summary_transition *tr,
    size_t n)
{
	struct sequence_stat	*st;
	size_t			 i;

	st = xcalloc(n > 0 ? n : 1, sizeof *st);
	sequence_stats(tr, n, st);
	for (i = 0; i < n; i++) {
		if (tl != NULL) {
			episodes_day_cells(t, tl);
			table_string(t, timeline_group_name(tl, tr[i].from));
			table_string(t, timeline_group_name(tl, tr[i].to));
		} else {
			table_string(t, sequence_pool_name(pool, tr[i].from));
			table_string(t, sequence_pool_name(pool, tr[i].to));
		}
		table_count(t, tr[i].count);
		table_rate(t, st[i].expected);
		table_fraction(t, st[i].probability);
		table_rate(t, st[i].z);
		table_mark(t, st[i].marked);
		table_rate(t, st[i].yule_q);
	}
	free(st);
}

static void
td_transitions(struct table_day_run *run, const struct timeline *tl)
{
	struct summary_transition	*tr;
	struct table			 t;
	size_t				 n;

	tr = summary_transitions(tl, &n);
	sequence_pool_add(&run->pool, tl, tr, n);
	table_init(&t, td_transition_columns,
	    TD_NCOLS(td_transition_columns));
	td_transition_rows(&t, tl, NULL, tr, n);
	td_day_table(run, tl, &t);
	table_free(&t);
	free(tr);
}

/* The transitions pooled over the run's days (counts summed): in text
 * after the days when there are two or more, in JSON after any day. */
static void
td_transitions_pooled(struct table_day_run *run)
{
	struct summary_transition	*tr;
	struct table			 t;
	size_t				 n;

	if (run->format == OUTPUT_CSV || run->pool.days == 0 ||
	    (run->format == OUTPUT_TEXT && run->pool.days < 2))
		return;
	tr = sequence_pool_transitions(&run->pool, &n);
	table_init(&t, td_pooled_columns, TD_NCOLS(td_pooled_columns));
	td_transition_rows(&t, NULL, &run->pool, tr, n);
	if (run->format == OUTPUT_TEXT) {
		fprintf(run->f, "\nAll %zu days pooled (counts summed over the "
		    "days)\n\n", run->pool.days);
		table_text(run->f, &t, 0);
	} else {
		fprintf(run->f, ",\n \"pooled\": {\"days\": %zu, \"rows\": ",
		    run->pool.days);
		table_json_array(run->f, &t, "  ");
		putc('}', run->f);
	}
	table_free(&t);
	free(tr);
}

/* ---- sampling ---- */

static const struct table_column td_sample_columns[] = {
	EPISODES_DAY_COLUMNS(TABLE_IN_CSV),
	{ "time", "time", TABLE_IN_ALL, 'l', NULL },
	{ "group", "group", TABLE_IN_ALL, 'l', "-" },
	{ "by", "by", TABLE_IN_ALL, 'l', "-" },
	{ "person", "person", TABLE_IN_ALL, 'l', "-" },
	{ "where", "where", TABLE_IN_ALL, 'l', "-" },
	{ "mode", "mode", TABLE_IN_ALL, 'l', "-" }
};

static const struct table_column td_sample_share_columns[] = {
	{ "group", "group", TABLE_IN_ALL, 'l', "-" },
	{ "points", "points", TABLE_IN_ALL, 'r', NULL },
	{ "point_share", "of points", TABLE_IN_ALL, 'r', NULL },
	{ "time_share", "of time", TABLE_IN_ALL, 'r', NULL },
	{ "difference", "difference", TABLE_IN_ALL, 'r', NULL }
};

/* The points' columns: the contract's, then one per dimension of the
 * run's scheme (none without dimensions: the columns stay as they are). */
static struct table_column *
td_sample_columns_for(const struct table_day_run *run, size_t *n)
{
	return episodes_columns_with_dims(td_sample_columns,
	    TD_NCOLS(td_sample_columns), td_scheme(run), TABLE_IN_ALL, n);
}

/* The points in t; returns t's columns, which the caller frees after
 * t. */
static struct table_column *
td_sample_points(const struct table_day_run *run, struct table *t,
    const struct timeline *tl, const struct sample_point *p, size_t n)
{
	struct table_column	*cols;
	const struct tl_item	*it;
	size_t			 i, ncols;
	int			 ep;

	cols = td_sample_columns_for(run, &ncols);
	table_init(t, cols, ncols);
	for (i = 0; i < n; i++) {
		it = p[i].item;
		ep = it->kind == TL_EPISODE;
		episodes_day_cells(t, tl);
		table_clock(t, p[i].at);
		table_string(t, timeline_group_name(tl, ep ? it->group : -1));
		table_string(t, ep ? record_by_name(it->by) : NULL);
		table_string(t, ep ? it->person : NULL);
		table_string(t, ep ? it->where : NULL);
		table_string(t, ep ? it->mode : NULL);
		episodes_dim_cells(t, tl, it, TD_NCOLS(td_sample_columns));
	}
	return cols;
}

/* Per group: the share of the points beside the share of observed time,
 * and the difference (points minus time: the sampling error). */
static void
td_sample_shares(struct table *t, const struct timeline *tl,
    const struct sample_point *p, size_t n)
{
	struct sample_share	*sh;
	size_t			 ng = tl->scheme->ngroups + 1, g;

	sh = xcalloc(ng, sizeof *sh);
	sample_shares(tl, p, n, sh);
	table_init(t, td_sample_share_columns,
	    TD_NCOLS(td_sample_share_columns));
	for (g = 0; g < ng; g++) {
		table_string(t, timeline_group_name(tl, g + 1 == ng ? -1 :
		    (int)g));
		table_count(t, sh[g].points);
		table_fraction(t, sh[g].point_share);
		table_fraction(t, sh[g].time_share);
		table_fraction(t, sh[g].point_share - sh[g].time_share);
	}
	free(sh);
}

static void
td_sample_text(struct table_day_run *run, const struct timeline *tl,
    const struct sample_point *p, size_t n)
{
	struct table_column	*cols;
	struct table		 t;

	td_text_day(run, tl);
	fprintf(run->f, "What the head was doing every %d minute%s from the "
	    "day's begin (%zu point%s)\n\n", run->minutes,
	    run->minutes == 1 ? "" : "s", n, n == 1 ? "" : "s");
	cols = td_sample_points(run, &t, tl, p, n);
	if (n > 0)
		table_text(run->f, &t, 0);
	table_free(&t);
	free(cols);
	fputs("\nShare of the points beside the share of observed time\n",
	    run->f);
	td_sample_shares(&t, tl, p, n);
	table_text(run->f, &t, 2);
	table_free(&t);
}

static void
td_sample_json(struct table_day_run *run, const struct timeline *tl,
    const struct sample_point *p, size_t n)
{
	FILE			*f = run->f;
	struct table_column	*cols;
	struct table		 t;

	fputs(run->ndays == 0 ? "\n  {" : ",\n  {", f);
	td_json_day_fields(f, tl);
	fprintf(f, ", \"minutes\": %d,\n   \"points\": ", run->minutes);
	cols = td_sample_points(run, &t, tl, p, n);
	table_json_array(f, &t, "    ");
	table_free(&t);
	free(cols);
	fputs(",\n   \"shares\": ", f);
	td_sample_shares(&t, tl, p, n);
	table_json_array(f, &t, "    ");
	table_free(&t);
	putc('}', f);
}

static void
td_sample(struct table_day_run *run, const struct timeline *tl)
{
	struct sample_point	*p;
	struct table_column	*cols;
	struct table		 t;
	size_t			 n;

	p = sample_points(tl, run->minutes, &n);
	switch (run->format) {
	case OUTPUT_TEXT:
		td_sample_text(run, tl, p, n);
		break;
	case OUTPUT_CSV:
		cols = td_sample_points(run, &t, tl, p, n);
		table_csv(run->f, &t);
		table_free(&t);
		free(cols);
		break;
	case OUTPUT_JSON:
		td_sample_json(run, tl, p, n);
		break;
	}
	free(p);
}

/* ---- dimensions ---- */

static const struct table_column td_dimension_columns[] = {
	EPISODES_DAY_COLUMNS(TABLE_IN_DATA),
	{ "dimension", "dimension", TABLE_IN_ALL, 'l', NULL },
	{ "value", "value", TABLE_IN_ALL, 'l', NULL },
	{ "group", "group", TABLE_IN_ALL, 'l', "all" },
	{ "episodes", "episodes", TABLE_IN_ALL, 'r', NULL },
	{ "seconds", "time", TABLE_IN_ALL, 'r', NULL },
	{ "share", "share", TABLE_IN_ALL, 'r', NULL }
};

/* Per dimension and value, the total (group null in CSV and JSON, "all"
 * in text) then each group holding it. */
static void
td_dimensions(struct table_day_run *run, const struct timeline *tl)
{
	struct summary_dim_row	*r;
	struct table		 t;
	size_t			 n, i;

	r = summary_dims(tl, &n);
	table_init(&t, td_dimension_columns, TD_NCOLS(td_dimension_columns));
	for (i = 0; i < n; i++) {
		episodes_day_cells(&t, tl);
		table_string(&t, tl->scheme->dims[r[i].dim].name);
		table_take_string(&t, xstrndup(r[i].value, r[i].value_len));
		table_string(&t, r[i].group == SUMMARY_ALL ? NULL :
		    timeline_group_name(tl, r[i].group));
		table_count(&t, r[i].episodes);
		table_ms(&t, r[i].ms);
		table_fraction(&t, r[i].share);
	}
	td_day_table(run, tl, &t);
	table_free(&t);
	free(r);
}

/* ---- the run's part ---- */

void
table_day_csv_header(const struct table_day_run *run)
{
	struct table_column	*cols;
	size_t			 n;

	switch (run->table) {
	case OUTPUT_SUMMARY:
		table_csv_header(run->f, td_group_columns,
		    TD_NCOLS(td_group_columns));
		break;
	case OUTPUT_EPISODES:
		episodes_write_header(run->f, td_scheme(run));
		break;
	case OUTPUT_BINS:
		cols = td_bin_columns_for(run);
		table_csv_header(run->f, cols, TD_NCOLS(td_bin_columns));
		free(cols);
		break;
	case OUTPUT_TRANSITIONS:
		table_csv_header(run->f, td_transition_columns,
		    TD_NCOLS(td_transition_columns));
		break;
	case OUTPUT_SAMPLE:
		cols = td_sample_columns_for(run, &n);
		table_csv_header(run->f, cols, n);
		free(cols);
		break;
	case OUTPUT_DIMENSIONS:
		table_csv_header(run->f, td_dimension_columns,
		    TD_NCOLS(td_dimension_columns));
		break;
	}
}

void
table_day_write(struct table_day_run *run, const struct timeline *tl,
    const struct summary *s)
{
	switch (run->table) {
	case OUTPUT_SUMMARY:
		td_summary(run, tl, s);
		break;
	case OUTPUT_EPISODES:
		td_episodes(run, tl);
		break;
	case OUTPUT_BINS:
		td_bins(run, tl);
		break;
	case OUTPUT_TRANSITIONS:
		td_transitions(run, tl);
		break;
	case OUTPUT_SAMPLE:
		td_sample(run, tl);
		break;
	case OUTPUT_DIMENSIONS:
		td_dimensions(run, tl);
		break;
	}
	run->ndays++;
}

void
table_day_end(struct table_day_run *run)
{
	if (run->table == OUTPUT_TRANSITIONS)
		td_transitions_pooled(run);
	sequence_pool_free(&run->pool);
	table_free(&run->rows);
}
