/*
 * The agreement between two observers as text, CSV and JSON.  Easy to get
 * wrong: the three forms say the same thing (CSV is the contract, JSON
 * uses its column names, text rounds for the eye), a missing agreement is
 * "-" in text, empty in CSV and null in JSON, and group names come from a
 * log, so they are made safe for a terminal or valid for JSON.
 */
#include <inttypes.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "agree.h"
#include "agreement.h"
#include "clock.h"
#include "csv.h"
#include "output.h"
#include "text.h"
#include "timeline.h"
#include "xmalloc.h"

#define AGREE_GAP	"  "	/* between the columns of a text table */
#define AGREE_INDENT	2

/* The CSV's four tables, in the order written. */
static const char *const agree_kappa_columns =
    "kappa,observed,expected,seconds";
static const char *const agree_confusion_columns = "a_group,b_group,seconds";
static const char *const agree_group_columns =
    "group,a_seconds,b_seconds,both_seconds,agreement";
static const char *const agree_event_columns =
    "window_s,a_starts,b_starts,matched,missed_a,missed_b,agreement";

static const char *
agree_name(const struct agreement *ag, const struct timeline *tl, size_t c)
{
	return timeline_group_name(tl, agreement_code_group(ag, c));
}

/* A proportion with six decimals, never "-0.000000"; NaN is missing:
 * nothing, or null in JSON. */
static void
agree_fraction(FILE *f, double v, int json)
{
	if (!isfinite(v)) {
		if (json)
			fputs("null", f);
		return;
	}
	if (fabs(v) < 0.0000005)
		v = 0;
	fprintf(f, "%.6f", v);
}

/* ---- CSV ---- */

static void
agree_csv(FILE *f, const struct agreement *ag, const struct timeline *tl)
{
	const struct agreement_events	*ev = &ag->events;
	const struct agreement_group	*g;
	size_t				 a, b, n = ag->ncodes;

	fprintf(f, "%s\n", agree_kappa_columns);
	agree_fraction(f, ag->kappa, 0);
	putc(',', f);
	agree_fraction(f, ag->observed, 0);
	putc(',', f);
	agree_fraction(f, ag->expected, 0);
	fprintf(f, ",%" PRId64 "\n", ag->seconds);

	fprintf(f, "\n%s\n", agree_confusion_columns);
	for (a = 0; a < n; a++) {
		for (b = 0; b < n; b++) {
			if (ag->confusion[a * n + b] == 0)
				continue;
			csv_put(f, agree_name(ag, tl, a));
			putc(',', f);
			csv_put(f, agree_name(ag, tl, b));
			fprintf(f, ",%" PRId64 "\n", ag->confusion[a * n + b]);
		}
	}

	fprintf(f, "\n%s\n", agree_group_columns);
	for (a = 0; a < n; a++) {
		g = &ag->groups[a];
		csv_put(f, agree_name(ag, tl, a));
		fprintf(f, ",%" PRId64 ",%" PRId64 ",%" PRId64 ",",
		    g->a_seconds, g->b_seconds, g->both_seconds);
		agree_fraction(f, g->agreement, 0);
		putc('\n', f);
	}

	fprintf(f, "\n%s\n", agree_event_columns);
	fprintf(f, "%d,%zu,%zu,%zu,%zu,%zu,", ev->window_s, ev->a_starts,
	    ev->b_starts, ev->matched, ev->missed_a, ev->missed_b);
	agree_fraction(f, ev->agreement, 0);
	putc('\n', f);
}

/* ---- JSON ---- */

/* Writes s as a JSON string; bytes that are not UTF-8 become U+FFFD. */
static void
agree_json_str(FILE *f, const char *s)
{
	const unsigned char	*p = (const unsigned char *)s, *end;
	size_t			 n;

	end = p + strlen(s);
	putc('"', f);
	while (p < end) {
		n = text_utf8_len(p, (size_t)(end - p));
		if (n == 0) {
			fputs("\\ufffd", f);
			n = 1;
		} else if (*p == '"' || *p == '\\')
			fprintf(f, "\\%c", *p);
		else if (*p < 0x20 || *p == 0x7f)
			fprintf(f, "\\u%04x", *p);
		else
			fwrite(p, 1, n, f);
		p += n;
	}
	putc('"', f);
}

static void
agree_json(FILE *f, const struct agreement *ag, const struct timeline *tl)
{
	const struct agreement_events	*ev = &ag->events;
	const struct agreement_group	*g;
	size_t				 a, b, n = ag->ncodes, rows = 0;

	fputs("{\"kappa\": ", f);
	agree_fraction(f, ag->kappa, 1);
	fputs(", \"observed\": ", f);
	agree_fraction(f, ag->observed, 1);
	fputs(", \"expected\": ", f);
	agree_fraction(f, ag->expected, 1);
	fprintf(f, ", \"seconds\": %" PRId64 ",\n \"confusion\": [",
	    ag->seconds);
	for (a = 0; a < n; a++) {
		for (b = 0; b < n; b++) {
			if (ag->confusion[a * n + b] == 0)
				continue;
			fputs(rows++ == 0 ? "\n  " : ",\n  ", f);
			fputs("{\"a_group\": ", f);
			agree_json_str(f, agree_name(ag, tl, a));
			fputs(", \"b_group\": ", f);
			agree_json_str(f, agree_name(ag, tl, b));
			fprintf(f, ", \"seconds\": %" PRId64 "}",
			    ag->confusion[a * n + b]);
		}
	}
	fputs(rows > 0 ? "\n ],\n \"groups\": [" : "],\n \"groups\": [", f);
	for (a = 0; a < n; a++) {
		g = &ag->groups[a];
		fputs(a == 0 ? "\n  " : ",\n  ", f);
		fputs("{\"group\": ", f);
		agree_json_str(f, agree_name(ag, tl, a));
		fprintf(f, ", \"a_seconds\": %" PRId64 ", \"b_seconds\": %"
		    PRId64 ", \"both_seconds\": %" PRId64 ", \"agreement\": ",
		    g->a_seconds, g->b_seconds, g->both_seconds);
		agree_fraction(f, g->agreement, 1);
		putc('}', f);
	}
	fprintf(f, "\n ],\n \"events\": {\"window_s\": %d, \"a_starts\": %zu, "
	    "\"b_starts\": %zu, \"matched\": %zu, \"missed_a\": %zu, "
	    "\"missed_b\": %zu, \"agreement\": ", ev->window_s, ev->a_starts,
	    ev->b_starts, ev->matched, ev->missed_a, ev->missed_b);
	agree_fraction(f, ev->agreement, 1);
	fputs("}}\n", f);
}

/* ---- text ---- */

/* A text table: cells row after row, each made safe, with its width. */
struct agree_tt {
	size_t		  ncols;
	const char	 *align;	/* per column: 'l' or 'r' */
	char		**cells;	/* owned */
	size_t		 *cols;		/* columns each cell takes */
	size_t		  ncells;
};

static void
agree_tt_init(struct agree_tt *t, const char *align, size_t rows)
{
	memset(t, 0, sizeof *t);
	t->align = align;
	t->ncols = strlen(align);
	t->cells = xreallocarray(NULL, rows * t->ncols, sizeof *t->cells);
	t->cols = xreallocarray(NULL, rows * t->ncols, sizeof *t->cols);
}

/* Adds the next cell: s from a log or formatted here, made safe. */
static void
agree_tt_add(struct agree_tt *t, const char *s)
{
	char	*safe;
	size_t	 i, w = 0;

	safe = text_show(s, strlen(s), SIZE_MAX);
	for (i = 0; safe[i] != '\0'; i++) {
		if (((unsigned char)safe[i] & 0xc0) != 0x80)
			w++;
	}
	t->cells[t->ncells] = safe;
	t->cols[t->ncells++] = w;
}

static void
agree_tt_fmt(struct agree_tt *t, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void
agree_tt_fmt(struct agree_tt *t, const char *fmt, ...)
{
	va_list	 ap;
	char	*s;

	va_start(ap, fmt);
	s = xvasprintf(fmt, ap);
	va_end(ap);
	agree_tt_add(t, s);
	free(s);
}

/* Writes the table aligned and indented, and frees it. */
static void
agree_tt_print(FILE *f, struct agree_tt *t)
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
		fprintf(f, "%*s", c == 0 ? AGREE_INDENT : 0, "");
		if (c > 0)
			fputs(AGREE_GAP, f);
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

/* "h:mm:ss" of whole seconds. */
static char *
agree_hms(int64_t s)
{
	return xasprintf("%" PRId64 ":%02d:%02d", s / 3600,
	    (int)(s / 60 % 60), (int)(s % 60));
}

/* "66.7%" of a proportion, "-" when missing. */
static char *
agree_percent(double v)
{
	if (!isfinite(v))
		return xstrdup("-");
	return xasprintf("%.1f%%", v * 100.0);
}

/* The title and one line for each observer. */
static void
agree_text_title(FILE *f, const struct agreement *ag,
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
	hms = agree_hms(ag->seconds);
	fprintf(f, "Compared: %" PRId64 " seconds (%s) observed by both\n\n",
	    ag->seconds, hms);
	free(hms);
}

static void
agree_text_kappa(FILE *f, const struct agreement *ag)
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
agree_text_grid(FILE *f, const struct agreement *ag,
    const struct timeline *tl)
{
	struct agree_tt	 t;
	char		*align;
	size_t		*used, nused = 0, i, j, n = ag->ncodes;

	used = xreallocarray(NULL, n, sizeof *used);
	for (i = 0; i < n; i++) {
		if (ag->groups[i].a_seconds > 0 || ag->groups[i].b_seconds > 0)
			used[nused++] = i;
	}
	align = xmalloc(nused + 2);
	memset(align, 'r', nused + 1);
	align[0] = 'l';
	align[nused + 1] = '\0';
	agree_tt_init(&t, align, nused + 1);
	agree_tt_add(&t, "A \\ B");
	for (j = 0; j < nused; j++)
		agree_tt_add(&t, agree_name(ag, tl, used[j]));
	for (i = 0; i < nused; i++) {
		agree_tt_add(&t, agree_name(ag, tl, used[i]));
		for (j = 0; j < nused; j++)
			agree_tt_fmt(&t, "%" PRId64,
			    ag->confusion[used[i] * n + used[j]]);
	}
	fputs("\nSeconds coded by A (rows) and by B (columns)\n", f);
	agree_tt_print(f, &t);
	free(align);
	free(used);
}

static void
agree_text_groups(FILE *f, const struct agreement *ag,
    const struct timeline *tl)
{
	const struct agreement_group	*g;
	struct agree_tt			 t;
	char				*p;
	size_t				 i;

	agree_tt_init(&t, "lrrrr", ag->ncodes + 1);
	agree_tt_add(&t, "group");
	agree_tt_add(&t, "A seconds");
	agree_tt_add(&t, "B seconds");
	agree_tt_add(&t, "both");
	agree_tt_add(&t, "agreement");
	for (i = 0; i < ag->ncodes; i++) {
		g = &ag->groups[i];
		agree_tt_add(&t, agree_name(ag, tl, i));
		agree_tt_fmt(&t, "%" PRId64, g->a_seconds);
		agree_tt_fmt(&t, "%" PRId64, g->b_seconds);
		agree_tt_fmt(&t, "%" PRId64, g->both_seconds);
		p = agree_percent(g->agreement);
		agree_tt_add(&t, p);
		free(p);
	}
	fputs("\nPer group (agreement: both / seconds either coded it)\n", f);
	agree_tt_print(f, &t);
}

static void
agree_text_events(FILE *f, const struct agreement *ag)
{
	const struct agreement_events	*ev = &ag->events;
	char				*p;

	fprintf(f, "\nEpisode starts matched within %d s (same group, one "
	    "to one)\n", ev->window_s);
	fprintf(f, "  A's starts                 %6zu\n", ev->a_starts);
	fprintf(f, "  B's starts                 %6zu\n", ev->b_starts);
	fprintf(f, "  matched                    %6zu\n", ev->matched);
	fprintf(f, "  A's that B missed          %6zu\n", ev->missed_a);
	fprintf(f, "  B's that A missed          %6zu\n", ev->missed_b);
	p = agree_percent(ev->agreement);
	fprintf(f, "  event agreement            %6s  matched / (matched + "
	    "missed by either)\n", p);
	free(p);
}

static void
agree_text(FILE *f, const struct agreement *ag, const struct timeline *a,
    const struct timeline *b)
{
	agree_text_title(f, ag, a, b);
	agree_text_kappa(f, ag);
	agree_text_grid(f, ag, a);
	agree_text_groups(f, ag, a);
	agree_text_events(f, ag);
}

void
agree_write(FILE *f, enum output_format format, const struct agreement *ag,
    const struct timeline *a, const struct timeline *b)
{
	switch (format) {
	case OUTPUT_CSV:
		agree_csv(f, ag, a);
		break;
	case OUTPUT_JSON:
		agree_json(f, ag, a);
		break;
	default:
		agree_text(f, ag, a, b);
		break;
	}
}
