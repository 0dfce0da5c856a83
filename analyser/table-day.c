/*
 * The analyser's tables as text, CSV and JSON, written a day at a time.
 * Easy to get wrong: the three forms must say the same thing (CSV is the
 * contract, JSON uses its column names, text rounds only for the eye), a
 * missing value is "-" in text, empty in CSV and null in JSON, and strings
 * from a log are made safe for a terminal (text) or valid UTF-8 (JSON).
 */
#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "csv.h"
#include "episodes.h"
#include "output.h"
#include "record.h"
#include "scheme.h"
#include "summary.h"
#include "text.h"
#include "timeline.h"
#include "xmalloc.h"

#define OUTPUT_GAP	"  "	/* between the columns of a text table */

static const char *const output_summary_columns =
    "school,head,observer,date,group,episodes,seconds,share,mean_s,"
    "median_s,sd_s,max_s,head_initiated,brief,gap_mean_s,gap_sd_s";
static const char *const output_bins_columns =
    "school,head,observer,date,bin_start,group,seconds";
static const char *const output_transitions_columns =
    "school,head,observer,date,from,to,count";

struct output {
	FILE			*f;
	enum output_format	 format;
	enum output_table	 table;
	int			 minutes;
	size_t			 ndays;		/* days written */
	size_t			 nrows;		/* JSON rows written */
};

/* ---- characters ---- */

/*
 * Makes s safe for a terminal: control characters (C0, DEL and C1) and
 * bytes that are not UTF-8 become \xNN.  *cols gets the columns it takes
 * (one per character).  The caller frees the result.
 */
static char *
output_safe(const char *s, size_t *cols)
{
	char	*out;
	size_t	 i, w = 0;

	out = text_show(s, strlen(s), SIZE_MAX);
	for (i = 0; out[i] != '\0'; i++) {
		if (((unsigned char)out[i] & 0xc0) != 0x80)
			w++;
	}
	if (cols != NULL)
		*cols = w;
	return out;
}

size_t
output_put_safe(FILE *f, const char *s)
{
	char	*safe;
	size_t	 cols;

	safe = output_safe(s, &cols);
	fputs(safe, f);
	free(safe);
	return cols;
}

/* Writes s as a JSON string (NULL as null); bytes that are not UTF-8
 * become U+FFFD. */
void
output_json_string(FILE *f, const char *s)
{
	const unsigned char	*p = (const unsigned char *)s, *end;
	size_t			 n;

	if (s == NULL) {
		fputs("null", f);
		return;
	}
	end = p + strlen(s);
	putc('"', f);
	while (p < end) {
		n = text_utf8_len(p, (size_t)(end - p));
		if (n == 0) {
			fputs("\\ufffd", f);
			n = 1;
		} else if (*p == '"' || *p == '\\') {
			putc('\\', f);
			putc(*p, f);
		} else if (*p == '\n')
			fputs("\\n", f);
		else if (*p == '\t')
			fputs("\\t", f);
		else if (*p == '\r')
			fputs("\\r", f);
		else if (*p < 0x20 || *p == 0x7f)
			fprintf(f, "\\u%04x", *p);
		else if (n == 2 && text_is_control(p, n))	/* C1 */
			fprintf(f, "\\u%04x", (p[0] & 0x1f) << 6 |
			    (p[1] & 0x3f));
		else
			fwrite(p, 1, n, f);
		p += n;
	}
	putc('"', f);
}

/* ---- numbers ---- */

/* Writes v in decimal: what "%" PRIu64 gives, without printf's parsing of
 * the format (a summary has a dozen numbers a row). */
static void
output_uint(FILE *f, uint64_t v)
{
	char	buf[20], *p = buf + sizeof buf;

	do {
		*--p = (char)('0' + v % 10);
		v /= 10;
	} while (v != 0);
	fwrite(p, 1, (size_t)(buf + sizeof buf - p), f);
}

/* Writes ms as seconds with three decimals. */
void
output_seconds(FILE *f, int64_t ms)
{
	uint64_t	v;
	char		buf[4];

	if (ms < 0) {
		putc('-', f);
		v = 0 - (uint64_t)ms;
	} else
		v = (uint64_t)ms;
	output_uint(f, v / 1000);
	buf[0] = '.';
	buf[1] = (char)('0' + v % 1000 / 100);
	buf[2] = (char)('0' + v % 100 / 10);
	buf[3] = (char)('0' + v % 10);
	fwrite(buf, 1, 4, f);
}

/*
 * Writes a figure in ms (a mean, median or deviation) as seconds with
 * three decimals, as printf rounds the double ms / 1000: what a program
 * holding times in ms and printing floats writes, so that an exact half
 * millisecond (common: the median of an even count) rounds as it does
 * there, not always up.  NaN is missing: nothing, or null in JSON.
 */
void
output_seconds_d(FILE *f, double ms, int json)
{
	if (!isfinite(ms)) {
		if (json)
			fputs("null", f);
		return;
	}
	if (fabs(ms) < 0.0005)
		ms = 0;	/* never "-0.000" */
	fprintf(f, "%.3f", ms / 1000.0);
}

/* Writes a fraction or a rate with six decimals; NaN is missing. */
void
output_fraction(FILE *f, double v, int json)
{
	if (!isfinite(v)) {
		if (json)
			fputs("null", f);
		return;
	}
	if (fabs(v) < 0.0000005)
		v = 0;	/* never "-0.000000" */
	fprintf(f, "%.6f", v);
}

/* Whole seconds of a duration in ms, rounded, halves up. */
static int64_t
output_round_s(double ms)
{
	return (int64_t)llround(ms / 1000.0);
}

/* A duration with its units, so that it cannot be read as a clock
 * time: "45s", "7m36s", "1h02m" (to the minute from an hour); "-" when
 * missing. */
char *
output_duration(double ms)
{
	int64_t		s, m;
	const char	*sign;

	if (!isfinite(ms))
		return xstrdup("-");
	s = output_round_s(ms);
	sign = s < 0 ? "-" : "";
	if (s < 0)
		s = -s;
	if (s < 60)
		return xasprintf("%s%ds", sign, (int)s);
	if (s < 3600)
		return xasprintf("%s%dm%02ds", sign, (int)(s / 60),
		    (int)(s % 60));
	m = (s + 30) / 60;
	return xasprintf("%s%" PRId64 "h%02dm", sign, m / 60, (int)(m % 60));
}

/* "12.3%" of a fraction; "-" when missing. */
char *
output_percent(double v)
{
	if (!isfinite(v))
		return xstrdup("-");
	return xasprintf("%.1f%%", v * 100.0);
}

/* ---- text tables ---- */

void
output_tt_init(struct output_tt *t, const char *align)
{
	memset(t, 0, sizeof *t);
	t->align = align;
	t->ncols = strlen(align);
}

/* Adds the next cell, taking ownership of s (already safe). */
static void
output_tt_take(struct output_tt *t, char *s, size_t cols)
{
	if (t->ncells == t->size) {
		t->size = t->size == 0 ? 64 : t->size * 2;
		t->cells = xreallocarray(t->cells, t->size, sizeof *t->cells);
		t->cols = xreallocarray(t->cols, t->size, sizeof *t->cols);
	}
	t->cells[t->ncells] = s;
	t->cols[t->ncells++] = cols;
}

/* Adds a cell of text from a log, NULL or "" shown as missing. */
void
output_tt_text(struct output_tt *t, const char *s, const char *missing)
{
	size_t	cols;
	char	*safe;

	if (s == NULL || *s == '\0')
		s = missing;
	safe = output_safe(s, &cols);
	output_tt_take(t, safe, cols);
}

/* Adds a cell the analyser formatted (xasprintf'd, ASCII or safe). */
void
output_tt_own(struct output_tt *t, char *s)
{
	size_t	cols = 0, i;

	for (i = 0; s[i] != '\0'; i++) {
		if (((unsigned char)s[i] & 0xc0) != 0x80)
			cols++;
	}
	output_tt_take(t, s, cols);
}

void
output_tt_fmt(struct output_tt *t, const char *fmt, ...)
{
	va_list	ap;

	va_start(ap, fmt);
	output_tt_own(t, xvasprintf(fmt, ap));
	va_end(ap);
}

/* Writes the table aligned, indented by indent spaces, and frees it. */
void
output_tt_print(FILE *f, struct output_tt *t, int indent)
{
	size_t	*width, i, c, pad;

	width = xcalloc(t->ncols, sizeof *width);
	for (i = 0; i < t->ncells; i++) {
		if (t->cols[i] > width[i % t->ncols])
			width[i % t->ncols] = t->cols[i];
	}
	for (i = 0; i < t->ncells; i++) {
		c = i % t->ncols;
		pad = width[c] - t->cols[i];
		if (c == 0)
			fprintf(f, "%*s", indent, "");
		else
			fputs(OUTPUT_GAP, f);
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
	free(t->cols);
}

/* The day's title line: school, head, observer, date and tags. */
static void
output_title(FILE *f, const struct timeline *tl)
{
	const char	*parts[3] = { tl->school, tl->head, tl->observer };
	size_t		 i;

	for (i = 0; i < 3; i++) {
		if (parts[i] != NULL && *parts[i] != '\0') {
			output_put_safe(f, parts[i]);
			fputs(" \xc2\xb7 ", f);
		}
	}
	fputs(tl->date, f);
	for (i = 0; i < tl->ntags; i++) {
		fputs(i == 0 ? " \xc2\xb7 " : " ", f);
		output_put_safe(f, tl->tag_keys[i]);
		putc('=', f);
		output_put_safe(f, tl->tag_values[i]);
	}
	putc('\n', f);
}

/* Starts a day in text: a blank line between days, then the title. */
static void
output_text_day(struct output *o, const struct timeline *tl)
{
	if (o->ndays > 0)
		putc('\n', o->f);
	output_title(o->f, tl);
	putc('\n', o->f);
}

/* ---- CSV and JSON rows ---- */

/* The four columns every CSV row starts with, and the comma after them. */
static void
output_csv_day(FILE *f, const struct timeline *tl)
{
	csv_put(f, tl->school);
	putc(',', f);
	csv_put(f, tl->head);
	putc(',', f);
	csv_put(f, tl->observer);
	putc(',', f);
	csv_put(f, tl->date);
	putc(',', f);
}

/* Starts a JSON object with the day's four fields, for a row. */
static void
output_json_row(struct output *o, const struct timeline *tl)
{
	FILE	*f = o->f;

	fputs(o->nrows++ == 0 ? "\n  " : ",\n  ", f);
	fputs("{\"school\": ", f);
	output_json_string(f, tl->school);
	fputs(", \"head\": ", f);
	output_json_string(f, tl->head);
	fputs(", \"observer\": ", f);
	output_json_string(f, tl->observer);
	fputs(", \"date\": ", f);
	output_json_string(f, tl->date);
}

/* A string of a row, empty meaning missing. */
static const char *
output_or_null(const char *s)
{
	return s == NULL || *s == '\0' ? NULL : s;
}

/* ---- the summary ---- */

static void
output_summary_csv(struct output *o, const struct timeline *tl,
    const struct summary *s)
{
	const struct summary_group	*g;
	FILE				*f = o->f;
	size_t				 i;

	for (i = 0; i < s->ngroups; i++) {
		g = &s->groups[i];
		output_csv_day(f, tl);
		csv_put(f, timeline_group_name(tl,
		    i + 1 == s->ngroups ? -1 : (int)i));
		putc(',', f);
		output_uint(f, g->episodes);
		putc(',', f);
		output_seconds(f, g->ms);
		putc(',', f);
		output_fraction(f, g->share, 0);
		putc(',', f);
		output_seconds_d(f, g->mean_ms, 0);
		putc(',', f);
		output_seconds_d(f, g->median_ms, 0);
		putc(',', f);
		output_seconds_d(f, g->sd_ms, 0);
		putc(',', f);
		if (g->episodes > 0)
			output_seconds(f, g->max_ms);
		putc(',', f);
		output_uint(f, g->head_initiated);
		putc(',', f);
		output_uint(f, g->brief);
		putc(',', f);
		output_seconds_d(f, g->ngaps > 0 ? g->gap_mean_ms : NAN, 0);
		putc(',', f);
		output_seconds_d(f, g->ngaps > 1 ? g->gap_sd_ms : NAN, 0);
		putc('\n', f);
	}
}

static void
output_json_group(FILE *f, const struct timeline *tl,
    const struct summary_group *g, int group)
{
	fputs("{\"group\": ", f);
	output_json_string(f, timeline_group_name(tl, group));
	fprintf(f, ", \"episodes\": %zu, \"seconds\": ", g->episodes);
	output_seconds(f, g->ms);
	fputs(", \"share\": ", f);
	output_fraction(f, g->share, 1);
	fputs(", \"mean_s\": ", f);
	output_seconds_d(f, g->mean_ms, 1);
	fputs(", \"median_s\": ", f);
	output_seconds_d(f, g->median_ms, 1);
	fputs(", \"sd_s\": ", f);
	output_seconds_d(f, g->sd_ms, 1);
	fputs(", \"max_s\": ", f);
	output_seconds_d(f, g->episodes > 0 ? (double)g->max_ms : NAN, 1);
	fprintf(f, ", \"head_initiated\": %zu, \"brief\": %zu, "
	    "\"gap_mean_s\": ", g->head_initiated, g->brief);
	output_seconds_d(f, g->ngaps > 0 ? g->gap_mean_ms : NAN, 1);
	fputs(", \"gap_sd_s\": ", f);
	output_seconds_d(f, g->ngaps > 1 ? g->gap_sd_ms : NAN, 1);
	putc('}', f);
}

static void
output_json_parts(FILE *f, const struct timeline *tl, const char *name,
    const char *key, const struct summary_part *p, size_t n)
{
	size_t	i;

	fprintf(f, ",\n   \"%s\": [", name);
	for (i = 0; i < n; i++) {
		fputs(i == 0 ? "\n    {" : ",\n    {", f);
		if (p[i].group >= 0 || strcmp(key, "person") == 0) {
			fputs("\"group\": ", f);
			output_json_string(f, timeline_group_name(tl,
			    p[i].group));
			fputs(", ", f);
		}
		fprintf(f, "\"%s\": ", key);
		output_json_string(f, p[i].name);
		fprintf(f, ", \"episodes\": %zu, \"seconds\": ", p[i].episodes);
		output_seconds(f, p[i].ms);
		putc('}', f);
	}
	fputs(n == 0 ? "]" : "\n   ]", f);
}

static void
output_json_figures(FILE *f, const struct summary *s)
{
	fprintf(f, ",\n   \"figures\": {\"episodes\": %zu, \"brief\": %zu, "
	    "\"interactions\": %zu, \"head_begun\": %zu, \"head_share\": ",
	    s->episodes, s->brief, s->interactions, s->head_begun);
	output_fraction(f, s->interactions > 0 ? s->head_share : NAN, 1);
	fputs(", \"episodes_per_hour\": ", f);
	output_fraction(f, s->observed_ms > 0 ? s->per_hour : NAN, 1);
	fputs(", \"under5\": ", f);
	output_fraction(f, s->episodes > 0 ? s->under5 : NAN, 1);
	fputs(", \"under9\": ", f);
	output_fraction(f, s->episodes > 0 ? s->under9 : NAN, 1);
	fputs(", \"median_s\": ", f);
	output_seconds_d(f, s->episodes > 0 ? s->median_ms : NAN, 1);
	fputs(", \"longest_s\": ", f);
	output_seconds(f, s->longest_ms);
	fprintf(f, ", \"interruptions\": %zu, \"interruptions_per_hour\": ",
	    s->interruptions);
	output_fraction(f, s->observed_ms > 0 ? s->interruptions_per_hour :
	    NAN, 1);
	putc('}', f);
}

/* ---- corrections after review (the summary, text and JSON) ---- */

/* "Corrected after review": each correction in words, then the head's
 * comment on the day; nothing when the day was not reviewed. */
static void
output_corrections_text(FILE *f, const struct timeline *tl)
{
	size_t	i;

	if (tl->ncorrections == 0 && tl->comment == NULL)
		return;
	fputs("\nCorrected after review\n", f);
	for (i = 0; i < tl->ncorrections; i++) {
		fputs("  ", f);
		output_put_safe(f, tl->corrections[i]);
		putc('\n', f);
	}
	if (tl->comment != NULL) {
		fputs("  comment on the day: ", f);
		output_put_safe(f, tl->comment);
		putc('\n', f);
	}
}

void
output_whole_second(int64_t t, char *buf)
{
	clock_format_hms(t - (t % 1000 + 1000) % 1000, buf);
}

char *
output_jump_words(const struct tl_jump *j, char *at)
{
	char	wall[CLOCK_HMS_LEN], *by, *words;

	output_whole_second(j->at, at);
	output_whole_second(j->wall, wall);
	by = output_duration((double)(j->by < 0 ? -j->by : j->by));
	words = xasprintf("went %s %s (it read %s)", j->by < 0 ? "back" :
	    "forward", by, wall);
	free(by);
	return words;
}

/* "Clock changes while recording": each jump of the wall clock the log
 * shows (timeline.h, struct tl_jump); nothing when there was none. */
static void
output_jumps_text(FILE *f, const struct timeline *tl)
{
	char	at[CLOCK_HMS_LEN], *words;
	size_t	i;

	if (tl->njumps == 0)
		return;
	fprintf(f, "\nClock changes while recording: %zu (times and durations "
	    "follow the steady clock)\n", tl->njumps);
	for (i = 0; i < tl->njumps; i++) {
		words = output_jump_words(&tl->jumps[i], at);
		fprintf(f, "  #%" PRIu64 " at %s: the computer's clock %s\n",
		    tl->jumps[i].seq, at, words);
		free(words);
	}
}

char *
output_restarts_down(const struct timeline *tl)
{
	int64_t	total = 0;
	size_t	i;

	for (i = 0; i < tl->nrestarts; i++)
		total += tl->restarts[i].down;
	return output_duration((double)total);
}

char *
output_restart_words(const struct tl_restart *r, char *at)
{
	char	since[CLOCK_HMS_LEN], *down, *words;

	output_whole_second(r->at, at);
	output_whole_second(r->since, since);
	down = output_duration((double)r->down);
	words = xasprintf("no record for %s before it (since %s)", down,
	    since);
	free(down);
	return words;
}

/* "Recorder restarts": each restart of the live recorder while the day
 * went on, and the most time it can have been closed; nothing when none. */
static void
output_restarts_text(FILE *f, const struct timeline *tl)
{
	char	at[CLOCK_HMS_LEN], *words;
	size_t	i;

	if (tl->nrestarts == 0)
		return;
	words = output_restarts_down(tl);
	fprintf(f, "\nRecorder restarts: %zu (not watched: at most %s, counted "
	    "as the day went on)\n", tl->nrestarts, words);
	free(words);
	for (i = 0; i < tl->nrestarts; i++) {
		words = output_restart_words(&tl->restarts[i], at);
		fprintf(f, "  #%" PRIu64 " at %s: %s\n", tl->restarts[i].seq,
		    at, words);
		free(words);
	}
}

/* "restarts": [...] of a day, only when it has any. */
static void
output_restarts_json(FILE *f, const struct timeline *tl)
{
	char	at[CLOCK_HMS_LEN], since[CLOCK_HMS_LEN];
	size_t	i;

	if (tl->nrestarts == 0)
		return;
	fputs(",\n   \"restarts\": [", f);
	for (i = 0; i < tl->nrestarts; i++) {
		clock_format_hms(tl->restarts[i].at, at);
		clock_format_hms(tl->restarts[i].since, since);
		fprintf(f, "%s{\"seq\": %" PRIu64 ", \"at\": \"%s\", "
		    "\"since\": \"%s\", \"down_s\": ", i == 0 ? "\n    " :
		    ",\n    ", tl->restarts[i].seq, at, since);
		output_seconds(f, tl->restarts[i].down);
		putc('}', f);
	}
	fputs("\n   ]", f);
}

/* "corrections": [...] and "comment" (null when none) of a day. */
static void
output_corrections_json(FILE *f, const struct timeline *tl)
{
	size_t	i;

	fputs(",\n   \"corrections\": [", f);
	for (i = 0; i < tl->ncorrections; i++) {
		fputs(i == 0 ? "\n    " : ",\n    ", f);
		output_json_string(f, tl->corrections[i]);
	}
	fputs(tl->ncorrections > 0 ? "\n   ]" : "]", f);
	fputs(", \"comment\": ", f);
	output_json_string(f, tl->comment);
}

static void
output_summary_json(struct output *o, const struct timeline *tl,
    const struct summary *s)
{
	FILE	*f = o->f;
	char	 a[CLOCK_HMS_LEN], b[CLOCK_HMS_LEN];
	size_t	 i;

	fputs(o->ndays == 0 ? "\n  {" : ",\n  {", f);
	fputs("\"school\": ", f);
	output_json_string(f, tl->school);
	fputs(", \"head\": ", f);
	output_json_string(f, tl->head);
	fputs(", \"observer\": ", f);
	output_json_string(f, tl->observer);
	fputs(", \"date\": ", f);
	output_json_string(f, tl->date);
	fputs(",\n   \"tags\": {", f);
	for (i = 0; i < tl->ntags; i++) {
		if (i > 0)
			fputs(", ", f);
		output_json_string(f, tl->tag_keys[i]);
		fputs(": ", f);
		output_json_string(f, tl->tag_values[i]);
	}
	clock_format_hms(tl->begin, a);
	clock_format_hms(tl->end, b);
	fprintf(f, "},\n   \"begin\": \"%s\", \"end\": \"%s\", "
	    "\"observed_s\": ", a, b);
	output_seconds(f, s->observed_ms);
	fputs(", \"paused_s\": ", f);
	output_seconds(f, s->paused_ms);
	fputs(", \"span_s\": ", f);
	output_seconds(f, s->span_ms);
	fputs(",\n   \"groups\": [", f);
	for (i = 0; i < s->ngroups; i++) {
		fputs(i == 0 ? "\n    " : ",\n    ", f);
		output_json_group(f, tl, &s->groups[i],
		    i + 1 == s->ngroups ? -1 : (int)i);
	}
	fputs("\n   ]", f);
	output_json_figures(f, s);
	output_json_parts(f, tl, "persons", "person", s->persons, s->npersons);
	output_json_parts(f, tl, "locations", "location", s->locations,
	    s->nlocations);
	output_json_parts(f, tl, "modes", "mode", s->modes, s->nmodes);
	fputs(",\n   \"presence\": [", f);
	for (i = 0; i + 1 < s->ngroups; i++) {
		fputs(i == 0 ? "\n    {\"group\": " : ",\n    {\"group\": ", f);
		output_json_string(f, timeline_group_name(tl, (int)i));
		fputs(", \"seconds\": ", f);
		output_seconds(f, s->groups[i].presence_ms);
		fputs(", \"share\": ", f);
		output_fraction(f, s->observed_ms > 0 ?
		    (double)s->groups[i].presence_ms / s->observed_ms : 0, 1);
		putc('}', f);
	}
	fputs(s->ngroups > 1 ? "\n   ]" : "]", f);
	output_corrections_json(f, tl);
	output_restarts_json(f, tl);
	putc('}', f);
}

/* The group table of the summary in text. */
static void
output_summary_table(FILE *f, const struct timeline *tl,
    const struct summary *s)
{
	const struct summary_group	*g;
	struct output_tt		 t;
	size_t				 i;
	int				 alone;

	output_tt_init(&t, "lrrrrrrrrrr");
	output_tt_fmt(&t, "group");
	output_tt_fmt(&t, "episodes");
	output_tt_fmt(&t, "time");
	output_tt_fmt(&t, "share");
	output_tt_fmt(&t, "mean");
	output_tt_fmt(&t, "median");
	output_tt_fmt(&t, "sd");
	output_tt_fmt(&t, "longest");
	output_tt_fmt(&t, "by head");
	output_tt_fmt(&t, "brief");
	output_tt_fmt(&t, "mean gap");
	for (i = 0; i < s->ngroups; i++) {
		g = &s->groups[i];
		alone = i + 1 == s->ngroups;
		output_tt_text(&t, timeline_group_name(tl, alone ? -1 :
		    (int)i), "-");
		output_tt_fmt(&t, "%zu", g->episodes);
		output_tt_own(&t, output_duration((double)g->ms));
		output_tt_own(&t, output_percent(g->share));
		output_tt_own(&t, output_duration(g->mean_ms));
		output_tt_own(&t, output_duration(g->median_ms));
		output_tt_own(&t, output_duration(g->sd_ms));
		output_tt_own(&t, output_duration(g->episodes > 0 ?
		    (double)g->max_ms : NAN));
		output_tt_own(&t, output_percent(alone || g->episodes == 0 ?
		    NAN : (double)g->head_initiated / g->episodes));
		if (alone)
			output_tt_fmt(&t, "-");
		else
			output_tt_fmt(&t, "%zu", g->brief);
		output_tt_own(&t, output_duration(g->ngaps > 0 ?
		    g->gap_mean_ms : NAN));
	}
	output_tt_print(f, &t, 0);
}

/* The day figures in text: a figure a line, with what it counts. */
static void
output_summary_words(FILE *f, const struct timeline *tl,
    const struct summary *s)
{
	struct output_tt	 t;
	char			 a[CLOCK_HMS_LEN], b[CLOCK_HMS_LEN];
	char			*span, *paused;

	clock_format_hms(tl->begin, a);
	clock_format_hms(tl->end, b);
	span = output_duration((double)s->span_ms);
	paused = output_duration((double)s->paused_ms);
	output_tt_init(&t, "lrl");
	output_tt_fmt(&t, "Observed");
	output_tt_own(&t, output_duration((double)s->observed_ms));
	output_tt_fmt(&t, "of the %s from %s to %s (%s paused)", span, a, b,
	    paused);
	free(span);
	free(paused);

	output_tt_fmt(&t, "Episodes per hour");
	output_tt_own(&t, s->observed_ms > 0 ?
	    xasprintf("%.1f", s->per_hour) : xstrdup("-"));
	output_tt_fmt(&t, "%zu interaction episode%s in the observed time",
	    s->episodes, s->episodes == 1 ? "" : "s");
	output_tt_fmt(&t, "Under 5 minutes");
	output_tt_own(&t, output_percent(s->episodes > 0 ? s->under5 : NAN));
	output_tt_fmt(&t, "of the interaction episodes");
	output_tt_fmt(&t, "Under 9 minutes");
	output_tt_own(&t, output_percent(s->episodes > 0 ? s->under9 : NAN));
	output_tt_fmt(&t, "of the interaction episodes");
	output_tt_fmt(&t, "Median episode");
	output_tt_own(&t, output_duration(s->episodes > 0 ? s->median_ms :
	    NAN));
	output_tt_fmt(&t, "of the interaction episodes");
	output_tt_fmt(&t, "Longest stretch");
	output_tt_own(&t, output_duration((double)s->longest_ms));
	output_tt_fmt(&t, "without interruption (one episode or time alone)");
	output_tt_fmt(&t, "Begun by the head");
	output_tt_own(&t, output_percent(s->interactions > 0 ? s->head_share :
	    NAN));
	output_tt_fmt(&t, "%zu of %zu interaction%s (%zu episode%s, %zu brief "
	    "contact%s)", s->head_begun, s->interactions,
	    s->interactions == 1 ? "" : "s", s->episodes,
	    s->episodes == 1 ? "" : "s", s->brief, s->brief == 1 ? "" : "s");
	output_tt_fmt(&t, "Interruptions");
	output_tt_fmt(&t, "%zu", s->interruptions);
	if (s->observed_ms > 0)
		output_tt_fmt(&t, "%.1f per observed hour",
		    s->interruptions_per_hour);
	else
		output_tt_fmt(&t, "-");
	putc('\n', f);
	output_tt_print(f, &t, 0);
}

/* A breakdown (persons, locations or modes) in text. */
static void
output_summary_parts(FILE *f, const struct timeline *tl, const char *title,
    const char *key, const struct summary_part *p, size_t n, int by_group)
{
	struct output_tt	t;
	size_t			i;

	fprintf(f, "\n%s\n", title);
	if (n == 0) {
		fputs("  (none recorded)\n", f);
		return;
	}
	output_tt_init(&t, by_group ? "llrr" : "lrr");
	if (by_group)
		output_tt_fmt(&t, "group");
	output_tt_fmt(&t, "%s", key);
	output_tt_fmt(&t, "episodes");
	output_tt_fmt(&t, "time");
	for (i = 0; i < n; i++) {
		if (by_group)
			output_tt_text(&t, timeline_group_name(tl,
			    p[i].group), "-");
		output_tt_text(&t, p[i].name, "-");
		output_tt_fmt(&t, "%zu", p[i].episodes);
		output_tt_own(&t, output_duration((double)p[i].ms));
	}
	output_tt_print(f, &t, 2);
}

static void
output_summary_presence(FILE *f, const struct timeline *tl,
    const struct summary *s)
{
	struct output_tt	t;
	size_t			i;

	fputs("\nPresence (time each group was there: its own episodes, "
	    "or named in with=)\n", f);
	output_tt_init(&t, "lrr");
	output_tt_fmt(&t, "group");
	output_tt_fmt(&t, "time");
	output_tt_fmt(&t, "share");
	for (i = 0; i + 1 < s->ngroups; i++) {
		output_tt_text(&t, timeline_group_name(tl, (int)i), "-");
		output_tt_own(&t, output_duration(
		    (double)s->groups[i].presence_ms));
		output_tt_own(&t, output_percent(s->observed_ms > 0 ?
		    (double)s->groups[i].presence_ms / s->observed_ms : 0));
	}
	output_tt_print(f, &t, 2);
}

static void
output_summary(struct output *o, const struct timeline *tl,
    const struct summary *given)
{
	const struct summary	*s;
	struct summary		 own;
	unsigned		 what;

	output_summary_needs(o, &what);
	s = summary_given(tl, given, what, &own);
	switch (o->format) {
	case OUTPUT_CSV:
		output_summary_csv(o, tl, s);
		break;
	case OUTPUT_JSON:
		output_summary_json(o, tl, s);
		break;
	case OUTPUT_TEXT:
		output_text_day(o, tl);
		output_summary_table(o->f, tl, s);
		output_summary_words(o->f, tl, s);
		output_jumps_text(o->f, tl);
		output_restarts_text(o->f, tl);
		output_corrections_text(o->f, tl);
		output_summary_parts(o->f, tl, "Per person (within each group)",
		    "person", s->persons, s->npersons, 1);
		output_summary_parts(o->f, tl, "Per location", "location",
		    s->locations, s->nlocations, 0);
		output_summary_parts(o->f, tl, "Per mode", "mode", s->modes,
		    s->nmodes, 0);
		output_summary_presence(o->f, tl, s);
		break;
	}
	summary_free(&own);
}

/* ---- the day as a timeline ---- */

/* The with column: group names in scheme order joined by ';' (caller
 * frees; NULL when none). */
static char *
output_with(const struct timeline *tl, uint64_t with)
{
	return timeline_with_names(tl, with, ";");
}

/* The group column of an item: a name, "alone", or NULL. */
static const char *
output_item_group(const struct timeline *tl, const struct tl_item *it)
{
	switch (it->kind) {
	case TL_EPISODE:
	case TL_BRIEF:
		return timeline_group_name(tl, it->group);
	case TL_ALONE:
		return SCHEME_ALONE;
	default:
		return NULL;
	}
}

/* One row; tags on every row, the day's comment and corrections on the
 * first only (NULL on the others). */
static void
output_episodes_csv(FILE *f, const struct timeline *tl,
    const struct tl_item *it, const char *tags, const char *comment,
    const char *corrections)
{
	char	a[CLOCK_HMS_LEN], b[CLOCK_HMS_LEN], *with;

	clock_format_hms(it->start, a);
	clock_format_hms(it->end, b);
	with = output_with(tl, it->with);
	output_csv_day(f, tl);
	fprintf(f, "%s,%s,%s,", episodes_kind_name(it->kind), a, b);
	output_seconds(f, it->end - it->start);
	putc(',', f);
	csv_put(f, output_item_group(tl, it));
	fprintf(f, ",%s,", record_by_name(it->by));
	csv_put(f, it->person);
	putc(',', f);
	csv_put(f, it->where);
	putc(',', f);
	csv_put(f, it->mode);
	putc(',', f);
	csv_put(f, with);
	putc(',', f);
	csv_put(f, it->note);	/* a note's text, an episode's comments */
	putc(',', f);
	csv_put(f, tags);
	putc(',', f);
	csv_put(f, comment);
	putc(',', f);
	csv_put(f, corrections);
	putc('\n', f);
	free(with);
}

static void
output_episodes_csv_day(FILE *f, const struct timeline *tl)
{
	char	*tags = episodes_tags(tl);
	char	*corrections = episodes_corrections(tl);
	size_t	 i;

	for (i = 0; i < tl->nitems; i++)
		output_episodes_csv(f, tl, &tl->items[i], tags,
		    i == 0 ? tl->comment : NULL, i == 0 ? corrections : NULL);
	free(tags);
	free(corrections);
}

static void
output_episodes_json(struct output *o, const struct timeline *tl,
    const struct tl_item *it)
{
	FILE	*f = o->f;
	char	 a[CLOCK_HMS_LEN], b[CLOCK_HMS_LEN], *with;

	clock_format_hms(it->start, a);
	clock_format_hms(it->end, b);
	with = output_with(tl, it->with);
	output_json_row(o, tl);
	fprintf(f, ", \"kind\": \"%s\", \"start\": \"%s\", \"end\": \"%s\", "
	    "\"duration_s\": ", episodes_kind_name(it->kind), a, b);
	output_seconds(f, it->end - it->start);
	fputs(", \"group\": ", f);
	output_json_string(f, output_item_group(tl, it));
	fputs(", \"by\": ", f);
	output_json_string(f, output_or_null(record_by_name(it->by)));
	fputs(", \"person\": ", f);
	output_json_string(f, output_or_null(it->person));
	fputs(", \"where\": ", f);
	output_json_string(f, output_or_null(it->where));
	fputs(", \"mode\": ", f);
	output_json_string(f, output_or_null(it->mode));
	fputs(", \"with\": ", f);
	output_json_string(f, with);
	fputs(", \"note\": ", f);
	output_json_string(f, it->note);
	putc('}', f);
	free(with);
}

static void
output_episodes_text(FILE *f, const struct timeline *tl)
{
	const struct tl_item	*it;
	struct output_tt	 t;
	char			 a[CLOCK_HMS_LEN], b[CLOCK_HMS_LEN], *with;
	size_t			 i;
	int			 instant;

	output_tt_init(&t, "rllrllllllll");
	output_tt_fmt(&t, "#");
	output_tt_fmt(&t, "start");
	output_tt_fmt(&t, "end");
	output_tt_fmt(&t, "length");
	output_tt_fmt(&t, "kind");
	output_tt_fmt(&t, "group");
	output_tt_fmt(&t, "by");
	output_tt_fmt(&t, "person");
	output_tt_fmt(&t, "where");
	output_tt_fmt(&t, "mode");
	output_tt_fmt(&t, "with");
	output_tt_fmt(&t, "note");
	for (i = 0; i < tl->nitems; i++) {
		it = &tl->items[i];
		instant = it->kind == TL_BRIEF || it->kind == TL_NOTE;
		clock_format_hms(it->start, a);
		clock_format_hms(it->end, b);
		if (it->seq != 0)	/* the record to name in a review */
			output_tt_fmt(&t, "#%" PRIu64, it->seq);
		else
			output_tt_fmt(&t, "%s", "");
		output_tt_fmt(&t, "%s", a);
		output_tt_fmt(&t, "%s", instant ? "" : b);
		output_tt_own(&t, instant ? xstrdup("") :
		    output_duration((double)(it->end - it->start)));
		output_tt_fmt(&t, "%s", episodes_kind_name(it->kind));
		output_tt_text(&t, output_item_group(tl, it), "");
		output_tt_text(&t, record_by_name(it->by), "");
		output_tt_text(&t, it->person, "");
		output_tt_text(&t, it->where, "");
		output_tt_text(&t, it->mode, "");
		with = output_with(tl, it->with);
		output_tt_text(&t, with, "");
		free(with);
		output_tt_text(&t, it->note, "");
	}
	output_tt_print(f, &t, 0);
}

static void
output_episodes(struct output *o, const struct timeline *tl)
{
	size_t	i;

	if (o->format == OUTPUT_TEXT) {
		output_text_day(o, tl);
		output_episodes_text(o->f, tl);
		return;
	}
	if (o->format == OUTPUT_CSV) {
		output_episodes_csv_day(o->f, tl);
		return;
	}
	for (i = 0; i < tl->nitems; i++)
		output_episodes_json(o, tl, &tl->items[i]);
}

/* ---- bins ---- */

/* "HH:MM" of a bin's start, hours past 23 for the next day. */
void
output_bin_start(int64_t ms, char buf[OUTPUT_BIN_START_LEN])
{
	int64_t	m = ms / 60000;

	if (ms < 0 || m > 99 * 60 + 59)
		m = ms < 0 ? 0 : 99 * 60 + 59;
	snprintf(buf, OUTPUT_BIN_START_LEN, "%02d:%02d", (int)(m / 60),
	    (int)(m % 60));
}

/* Bins in text: one line per bin, one column per group, times m:ss. */
static void
output_bins_text(FILE *f, const struct timeline *tl,
    const struct summary_bin *b, size_t n)
{
	struct output_tt	 t;
	char			*align, start[OUTPUT_BIN_START_LEN];
	size_t			 ng = tl->scheme->ngroups + 1, i;

	align = xmalloc(ng + 2);
	align[0] = 'l';
	memset(align + 1, 'r', ng);
	align[ng + 1] = '\0';
	output_tt_init(&t, align);
	output_tt_fmt(&t, "bin");
	for (i = 0; i < ng; i++)
		output_tt_text(&t, timeline_group_name(tl,
		    i + 1 == ng ? -1 : (int)i), "-");
	for (i = 0; i < n; i++) {
		if (i % ng == 0) {
			output_bin_start(b[i].start, start);
			output_tt_fmt(&t, "%s", start);
		}
		output_tt_own(&t, output_duration((double)b[i].ms));
	}
	while (t.ncells % t.ncols != 0)
		output_tt_fmt(&t, "-");
	output_tt_print(f, &t, 0);
	free(align);
}

static void
output_bins(struct output *o, const struct timeline *tl)
{
	struct summary_bin	*b;
	FILE			*f = o->f;
	char			 start[OUTPUT_BIN_START_LEN];
	size_t			 n, i;

	b = summary_bins(tl, o->minutes, &n);
	if (o->format == OUTPUT_TEXT) {
		output_text_day(o, tl);
		fprintf(f, "Time with each group in %d-minute bins "
		    "(a bin starts at the time shown)\n", o->minutes);
		output_bins_text(f, tl, b, n);
	}
	for (i = 0; i < n && o->format != OUTPUT_TEXT; i++) {
		output_bin_start(b[i].start, start);
		if (o->format == OUTPUT_CSV) {
			output_csv_day(f, tl);
			fprintf(f, "%s,", start);
			csv_put(f, timeline_group_name(tl, b[i].group));
			putc(',', f);
			output_seconds(f, b[i].ms);
			putc('\n', f);
			continue;
		}
		output_json_row(o, tl);
		fprintf(f, ", \"bin_start\": \"%s\", \"group\": ", start);
		output_json_string(f, timeline_group_name(tl, b[i].group));
		fputs(", \"seconds\": ", f);
		output_seconds(f, b[i].ms);
		putc('}', f);
	}
	free(b);
}

/* ---- transitions ---- */

static void
output_transitions(struct output *o, const struct timeline *tl)
{
	struct summary_transition	*tr;
	struct output_tt		 t;
	FILE				*f = o->f;
	size_t				 n, i;

	tr = summary_transitions(tl, &n);
	if (o->format == OUTPUT_TEXT) {
		output_text_day(o, tl);
		output_tt_init(&t, "llr");
		output_tt_fmt(&t, "from");
		output_tt_fmt(&t, "to");
		output_tt_fmt(&t, "count");
	}
	for (i = 0; i < n; i++) {
		switch (o->format) {
		case OUTPUT_TEXT:
			output_tt_text(&t, timeline_group_name(tl,
			    tr[i].from), "-");
			output_tt_text(&t, timeline_group_name(tl, tr[i].to),
			    "-");
			output_tt_fmt(&t, "%zu", tr[i].count);
			break;
		case OUTPUT_CSV:
			output_csv_day(f, tl);
			csv_put(f, timeline_group_name(tl, tr[i].from));
			putc(',', f);
			csv_put(f, timeline_group_name(tl, tr[i].to));
			fprintf(f, ",%zu\n", tr[i].count);
			break;
		case OUTPUT_JSON:
			output_json_row(o, tl);
			fputs(", \"from\": ", f);
			output_json_string(f, timeline_group_name(tl,
			    tr[i].from));
			fputs(", \"to\": ", f);
			output_json_string(f, timeline_group_name(tl, tr[i].to));
			fprintf(f, ", \"count\": %zu}", tr[i].count);
			break;
		}
	}
	if (o->format == OUTPUT_TEXT)
		output_tt_print(f, &t, 0);
	free(tr);
}

/* ---- the run ---- */

int
output_parse_format(const char *s, enum output_format *format)
{
	if (strcmp(s, "text") == 0)
		*format = OUTPUT_TEXT;
	else if (strcmp(s, "csv") == 0)
		*format = OUTPUT_CSV;
	else if (strcmp(s, "json") == 0)
		*format = OUTPUT_JSON;
	else
		return -1;
	return 0;
}

struct output *
output_new(FILE *f, enum output_format format, enum output_table table,
    int minutes)
{
	struct output	*o;

	o = xcalloc(1, sizeof *o);
	o->f = f;
	o->format = format;
	o->table = table;
	o->minutes = minutes;
	if (format == OUTPUT_JSON)
		fputs(table == OUTPUT_SUMMARY ? "{\"days\": [" : "{\"rows\": [",
		    f);
	if (format != OUTPUT_CSV)
		return o;
	switch (table) {
	case OUTPUT_SUMMARY:
		fprintf(f, "%s\n", output_summary_columns);
		break;
	case OUTPUT_EPISODES:
		fprintf(f, "%s\n", EPISODES_HEADER_DAY);
		break;
	case OUTPUT_BINS:
		fprintf(f, "%s\n", output_bins_columns);
		break;
	case OUTPUT_TRANSITIONS:
		fprintf(f, "%s\n", output_transitions_columns);
		break;
	}
	return o;
}

int
output_summary_needs(const struct output *o, unsigned *what)
{
	/* The breakdowns are in the text and JSON forms only. */
	*what = o->format == OUTPUT_CSV ? SUMMARY_GROUPS : SUMMARY_PARTS;
	return o->table == OUTPUT_SUMMARY;
}

void
output_day(struct output *o, const struct timeline *tl,
    const struct summary *s)
{
	switch (o->table) {
	case OUTPUT_SUMMARY:
		output_summary(o, tl, s);
		break;
	case OUTPUT_EPISODES:
		output_episodes(o, tl);
		break;
	case OUTPUT_BINS:
		output_bins(o, tl);
		break;
	case OUTPUT_TRANSITIONS:
		output_transitions(o, tl);
		break;
	}
	o->ndays++;
}

int
output_failed(const struct output *o)
{
	return ferror(o->f);
}

int
output_end(struct output *o, char **cause)
{
	int	failed;

	if (o->format == OUTPUT_JSON)
		fputs((o->table == OUTPUT_SUMMARY ? o->ndays : o->nrows) > 0 ?
		    "\n]}\n" : "]}\n", o->f);
	errno = 0;
	failed = fflush(o->f) != 0 || ferror(o->f);
	if (failed)
		*cause = xasprintf("writing the output: %s", errno != 0 ?
		    strerror(errno) : "write error");
	free(o);
	return failed ? -1 : 0;
}
