/*
 * The reference profiles and the rules that match them to a day.  Easy to
 * get wrong: a figure goes beside the head's only when both count the same
 * thing; every other figure keeps its reason, so a reader sees what was
 * withheld and why rather than a silent gap.
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "reference.h"
#include "scheme.h"
#include "xmalloc.h"

#define REF_STUDY_FIELDS	7
#define REF_FIGURE_FIELDS	7
#define REF_MAX_FIELDS		8

static const char *const ref_measures[] = {
	"per_day", "per_week", "under9", "mean", "median", "share"
};
static const char *const ref_categories[] = {
	"all", "desk work", "telephone", "scheduled meetings",
	"unscheduled meetings", "tours"
};
static const char *const ref_bases[] = { "activities", "episodes" };

#define REF_N(a)	(sizeof (a) / sizeof (a)[0])

/* The documented default mapping of a scheme's modes to the media. */
static const struct {
	const char		*mode;
	enum reference_category	 category;
} ref_modes[] = {
	{ "phone", REFERENCE_TELEPHONE },
	{ "telephone", REFERENCE_TELEPHONE },
	{ "scheduled meeting", REFERENCE_SCHEDULED },
	{ "unscheduled meeting", REFERENCE_UNSCHEDULED },
	{ "tour", REFERENCE_TOURS }
};

static const char ref_why_activities[] = "the study counts every activity, "
    "desk work and calls included; the day counts interaction episodes";
static const char ref_why_week[] = "the study counts a whole week; the day "
    "is one day";
static const char ref_why_none[] = "the day has nothing of this medium";
static const char ref_why_modes[] = "not every mode of the scheme and of the "
    "day maps to one of the studies' media";
static const char ref_why_desk[] = "time alone is not only desk work: "
    "walking and waiting alone count there too";
static const char ref_why_undefined[] = "the day has no figure defined this "
    "way";

int
reference_mode_category(const char *mode)
{
	size_t	i;

	if (mode == NULL)
		return -1;
	for (i = 0; i < REF_N(ref_modes); i++)
		if (strcasecmp(mode, ref_modes[i].mode) == 0)
			return (int)ref_modes[i].category;
	return -1;
}

char *
reference_citation(const struct reference_study *st)
{
	size_t	len = strlen(st->published);

	/* "28 pp." ends the sentence itself. */
	return xasprintf("%s (%s). %s. %s%s", st->authors, st->year, st->title,
	    st->published, st->published[len - 1] == '.' ? "" : ".");
}

char *
reference_figure_words(const struct reference_figure *f)
{
	static const char *const what[] = {
		"count per day", "count per week", "share under 9 minutes",
		"mean length", "median length", "share of time"
	};
	const char	*of;

	if (f->category != REFERENCE_ALL)
		of = ref_categories[f->category];
	else
		of = f->basis == REFERENCE_ACTIVITIES ? "all activities" :
		    "interaction episodes";
	return xasprintf("%s: %s", what[f->measure], of);
}

char *
reference_value_words(enum reference_measure m, double v)
{
	switch (m) {
	case REFERENCE_UNDER9:
	case REFERENCE_SHARE:
		return xasprintf("%.0f%%", v);
	case REFERENCE_MEAN:
	case REFERENCE_MEDIAN:
		return xasprintf("%.1f min", v);
	default:
		if (v == floor(v))
			return xasprintf("%.0f", v);
		return xasprintf("%.1f", v);
	}
}

/* ---- the file ---- */

void
reference_free(struct reference_set *set)
{
	struct reference_study	*st;
	size_t			 i;

	for (i = 0; i < set->nstudies; i++) {
		st = &set->studies[i];
		free(st->key);
		free(st->authors);
		free(st->year);
		free(st->title);
		free(st->published);
		free(st->measured);
	}
	for (i = 0; i < set->nfigures; i++)
		free(set->figures[i].where);
	free(set->studies);
	free(set->figures);
	memset(set, 0, sizeof *set);
}

/* Splits line at tabs in place: the fields' count, at most max. */
static size_t
ref_split(char *line, char **field, size_t max)
{
	size_t	n = 0;
	char	*p = line;

	for (;;) {
		if (n == max)
			return max + 1;
		field[n++] = p;
		if ((p = strchr(p, '\t')) == NULL)
			return n;
		*p++ = '\0';
	}
}

/* The index of word in names, or -1. */
static int
ref_lookup(const char *const *names, size_t n, const char *word)
{
	size_t	i;

	for (i = 0; i < n; i++)
		if (strcmp(names[i], word) == 0)
			return (int)i;
	return -1;
}

static int
ref_study(struct reference_set *set, char **f, struct err *e)
{
	struct reference_study	*st;
	size_t			 i;

	for (i = 0; i < set->nstudies; i++)
		if (strcmp(set->studies[i].key, f[1]) == 0)
			return err_set(e, ERR_DATA, "study '%s' given twice",
			    f[1]);
	set->studies = xreallocarray(set->studies, set->nstudies + 1,
	    sizeof *set->studies);
	st = &set->studies[set->nstudies++];
	st->key = xstrdup(f[1]);
	st->authors = xstrdup(f[2]);
	st->year = xstrdup(f[3]);
	st->title = xstrdup(f[4]);
	st->published = xstrdup(f[5]);
	st->measured = xstrdup(f[6]);
	return 0;
}

static int
ref_figure(struct reference_set *set, char **f, struct err *e)
{
	struct reference_figure	 fig;
	char			*end;
	int			 study = -1, m, c, b;
	size_t			 i;

	for (i = 0; i < set->nstudies; i++)
		if (strcmp(set->studies[i].key, f[1]) == 0)
			study = (int)i;
	if (study < 0)
		return err_set(e, ERR_DATA, "figure of an unknown study '%s' "
		    "(a study line must come first)", f[1]);
	if ((m = ref_lookup(ref_measures, REF_N(ref_measures), f[2])) < 0)
		return err_set(e, ERR_DATA, "unknown measure '%s'", f[2]);
	if ((c = ref_lookup(ref_categories, REF_N(ref_categories), f[3])) < 0)
		return err_set(e, ERR_DATA, "unknown category '%s'", f[3]);
	if ((b = ref_lookup(ref_bases, REF_N(ref_bases), f[4])) < 0)
		return err_set(e, ERR_DATA, "unknown basis '%s'", f[4]);
	errno = 0;
	fig.value = strtod(f[5], &end);
	if (*f[5] == '\0' || *end != '\0' || errno != 0 || !isfinite(fig.value)
	    || fig.value < 0)
		return err_set(e, ERR_DATA, "'%s' is not a figure", f[5]);
	fig.study = (size_t)study;
	fig.measure = (enum reference_measure)m;
	fig.category = (enum reference_category)c;
	fig.basis = (enum reference_basis)b;
	fig.where = xstrdup(f[6]);
	set->figures = xreallocarray(set->figures, set->nfigures + 1,
	    sizeof *set->figures);
	set->figures[set->nfigures++] = fig;
	return 0;
}

/* One line of the file, its newline gone. */
static int
ref_line(struct reference_set *set, char *line, struct err *e)
{
	char	*f[REF_MAX_FIELDS];
	size_t	 n, i;

	if (*line == '\0' || *line == '#')
		return 0;
	n = ref_split(line, f, REF_MAX_FIELDS);
	for (i = 0; i < n && i < REF_MAX_FIELDS; i++)
		if (*f[i] == '\0')
			return err_set(e, ERR_DATA, "field %zu is empty",
			    i + 1);
	if (strcmp(f[0], "study") == 0) {
		if (n != REF_STUDY_FIELDS)
			return err_set(e, ERR_DATA, "a study line has %d "
			    "fields separated by tabs, not %zu",
			    REF_STUDY_FIELDS, n);
		return ref_study(set, f, e);
	}
	if (strcmp(f[0], "figure") == 0) {
		if (n != REF_FIGURE_FIELDS)
			return err_set(e, ERR_DATA, "a figure line has %d "
			    "fields separated by tabs, not %zu",
			    REF_FIGURE_FIELDS, n);
		return ref_figure(set, f, e);
	}
	return err_set(e, ERR_DATA, "a line is 'study' or 'figure', not '%s'",
	    f[0]);
}

int
reference_load(const char *path, struct reference_set *set, struct err *e)
{
	FILE	*fp;
	char	*line = NULL;
	size_t	 cap = 0;
	ssize_t	 len;
	int64_t	 lineno = 0;
	int	 rc = 0;

	memset(set, 0, sizeof *set);
	if ((fp = fopen(path, "r")) == NULL) {
		err_set(e, ERR_NOINPUT, "the reference profiles: %s",
		    strerror(errno));
		return err_file(e, path);
	}
	while (rc == 0 && (len = getline(&line, &cap, fp)) >= 0) {
		lineno++;
		if (len > 0 && line[len - 1] == '\n')
			line[--len] = '\0';
		if ((size_t)len != strlen(line))
			rc = err_set(e, ERR_DATA, "a NUL byte in the line");
		else
			rc = ref_line(set, line, e);
		if (rc != 0) {
			err_file(e, path);
			err_line(e, lineno);
		}
	}
	if (rc == 0 && ferror(fp)) {
		err_set(e, ERR_IO, "%s", strerror(errno));
		rc = err_file(e, path);
	}
	free(line);
	fclose(fp);
	if (rc != 0)
		reference_free(set);
	return rc;
}

/* ---- the rules ---- */

/* Whether every mode of the scheme and every episode of the day maps. */
static int
ref_modes_map(const struct timeline *tl)
{
	const struct tl_item	*it;
	size_t			 i;

	for (i = 0; i < tl->scheme->nmodes; i++)
		if (reference_mode_category(tl->scheme->modes[i]) < 0)
			return 0;
	for (i = 0; i < tl->nitems; i++) {
		it = &tl->items[i];
		if (it->kind == TL_EPISODE &&
		    reference_mode_category(it->mode) < 0)
			return 0;
	}
	return 1;
}

/* Whether item is of category c: an episode is its mode's medium,
 * REFERENCE_ALL is every interaction episode. */
static int
ref_item_in(const struct tl_item *it, enum reference_category c)
{
	if (it->kind != TL_EPISODE)
		return 0;
	return c == REFERENCE_ALL ||
	    reference_mode_category(it->mode) == (int)c;
}

static int
ref_cmp_ms(const void *a, const void *b)
{
	int64_t	x = *(const int64_t *)a, y = *(const int64_t *)b;

	return (x > y) - (x < y);
}

/* The mean or median length in minutes of the stretches of category c;
 * -1 when it has none. */
static int
ref_length(const struct timeline *tl, enum reference_category c, int median,
    double *minutes)
{
	int64_t	*ms, sum = 0;
	size_t	 i, n = 0;

	ms = xcalloc(tl->nitems + 1, sizeof *ms);
	for (i = 0; i < tl->nitems; i++)
		if (ref_item_in(&tl->items[i], c))
			ms[n++] = tl->items[i].end - tl->items[i].start;
	if (n == 0) {
		free(ms);
		return -1;
	}
	qsort(ms, n, sizeof *ms, ref_cmp_ms);
	for (i = 0; i < n; i++)
		sum += ms[i];
	if (!median)
		*minutes = (double)sum / n / 60000.0;
	else if (n % 2 == 1)
		*minutes = ms[n / 2] / 60000.0;
	else
		*minutes = (ms[n / 2 - 1] + ms[n / 2]) / 2.0 / 60000.0;
	free(ms);
	return 0;
}

/* The share of observed time in category c, in percent. */
static double
ref_share(const struct timeline *tl, const struct summary *s,
    enum reference_category c)
{
	int64_t	ms = 0;
	size_t	i;

	for (i = 0; i < tl->nitems; i++)
		if (ref_item_in(&tl->items[i], c))
			ms += tl->items[i].end - tl->items[i].start;
	return 100.0 * ms / s->observed_ms;
}

/* The figure of the whole day (REFERENCE_ALL) on the episodes' basis. */
static void
ref_match_all(struct reference_row *r, const struct timeline *tl,
    const struct summary *s)
{
	const struct reference_figure	*f = r->figure;

	r->why = ref_why_none;
	switch (f->measure) {
	case REFERENCE_PER_DAY:
		r->compared = 1;
		r->own = (double)s->episodes;
		break;
	case REFERENCE_UNDER9:
		if (s->episodes > 0) {
			r->compared = 1;
			r->own = 100.0 * s->under9;
		}
		break;
	case REFERENCE_MEAN:
	case REFERENCE_MEDIAN:
		r->compared = ref_length(tl, REFERENCE_ALL,
		    f->measure == REFERENCE_MEDIAN, &r->own) == 0;
		break;
	default:
		r->why = ref_why_undefined;
		break;
	}
}

/* The figure of one medium. */
static void
ref_match_medium(struct reference_row *r, const struct timeline *tl,
    const struct summary *s)
{
	const struct reference_figure	*f = r->figure;

	switch (f->measure) {
	case REFERENCE_MEAN:
	case REFERENCE_MEDIAN:
		r->why = ref_why_none;
		r->compared = ref_length(tl, f->category,
		    f->measure == REFERENCE_MEDIAN, &r->own) == 0;
		break;
	case REFERENCE_SHARE:
		r->why = ref_why_modes;
		if (s->observed_ms > 0 && ref_modes_map(tl)) {
			r->compared = 1;
			r->own = ref_share(tl, s, f->category);
		}
		break;
	default:
		r->why = ref_why_undefined;
		break;
	}
}

struct reference_row *
reference_match(const struct reference_set *set, const struct timeline *tl,
    const struct summary *s, size_t *n)
{
	struct reference_row	*rows, *r;
	size_t			 i;

	rows = xcalloc(set->nfigures + 1, sizeof *rows);
	for (i = 0; i < set->nfigures; i++) {
		r = &rows[i];
		r->figure = &set->figures[i];
		if (r->figure->measure == REFERENCE_PER_WEEK)
			r->why = ref_why_week;
		else if (r->figure->category == REFERENCE_DESK)
			r->why = ref_why_desk;
		else if (r->figure->category != REFERENCE_ALL)
			ref_match_medium(r, tl, s);
		else if (r->figure->basis == REFERENCE_ACTIVITIES)
			r->why = ref_why_activities;
		else
			ref_match_all(r, tl, s);
		if (r->compared)
			r->why = NULL;
	}
	*n = set->nfigures;
	return rows;
}
