/*
 * A head's week: the figures of several days of one head side by side and
 * over the week.  Easy to get wrong: the week's shares are of the week's
 * observed time, so a short day weighs less than a long one.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "week.h"
#include "xmalloc.h"

#define WEEK_HOUR	3600000.0
#define WEEK_ALONE_COLOUR	"#bbbbbb"	/* as the report's table */

void
week_init(struct week *w)
{
	memset(w, 0, sizeof *w);
}

void
week_free(struct week *w)
{
	size_t	i;

	for (i = 0; i < w->ndays; i++) {
		free(w->days[i].group_ms);
		free(w->days[i].bin_ms);
		summary_parts_free(w->days[i].persons, w->days[i].npersons);
		summary_parts_free(w->days[i].places, w->days[i].nplaces);
	}
	for (i = 0; i < w->ngroups; i++)
		free(w->groups[i]);
	free(w->groups);
	free(w->colours);
	free(w->days);
	free(w->school);
	free(w->head);
	week_init(w);
}

/* The first day sets the head and the groups. */
static void
week_first(struct week *w, const struct timeline *tl, size_t ngroups)
{
	size_t	g;

	w->school = xstrdup(tl->school);
	w->head = xstrdup(tl->head);
	w->ngroups = ngroups;
	w->groups = xcalloc(ngroups, sizeof *w->groups);
	w->colours = xcalloc(ngroups, sizeof *w->colours);
	for (g = 0; g < ngroups; g++) {
		w->groups[g] = xstrdup(timeline_group_name(tl,
		    g + 1 == ngroups ? -1 : (int)g));
		snprintf(w->colours[g], sizeof w->colours[g], "%s",
		    g + 1 == ngroups ? WEEK_ALONE_COLOUR :
		    tl->scheme->groups[g].colour);
	}
}

/* Non-zero when the day has the first day's groups. */
static int
week_same_groups(const struct week *w, const struct timeline *tl,
    size_t ngroups)
{
	size_t	g;

	if (ngroups != w->ngroups)
		return 0;
	for (g = 0; g + 1 < ngroups; g++) {
		if (strcmp(w->groups[g], timeline_group_name(tl, (int)g)) != 0)
			return 0;
	}
	return 1;
}

/* Non-zero when the day is of the first day's head and groups. */
static int
week_same(const struct week *w, const struct timeline *tl, size_t ngroups)
{
	return strcmp(w->school, tl->school) == 0 &&
	    strcmp(w->head, tl->head) == 0 &&
	    week_same_groups(w, tl, ngroups);
}

/* The day's pattern over the day: its bins, as --bin computes them. */
static void
week_day_bins(const struct week *w, struct week_day *d,
    const struct timeline *tl)
{
	struct summary_bin	*bins;
	size_t			 n, i, g;

	bins = summary_bins(tl, WEEK_BIN_MINUTES, &n);
	if (bins == NULL || n % w->ngroups != 0) {
		free(bins);
		return;
	}
	d->bin_first = bins[0].start;
	d->nbins = n / w->ngroups;
	d->bin_ms = xcalloc(n, sizeof *d->bin_ms);
	for (i = 0; i < n; i++) {
		g = bins[i].group == -1 ? w->ngroups - 1 : (size_t)bins[i].group;
		d->bin_ms[(size_t)((bins[i].start - d->bin_first) /
		    WEEK_BIN_MS) * w->ngroups + g] = bins[i].ms;
	}
	free(bins);
}

void
week_add(struct week *w, const struct timeline *tl, const struct summary *s)
{
	struct week_day	*d;
	size_t		 g, i;

	if (w->ndays == 0 && w->school == NULL)
		week_first(w, tl, s->ngroups);
	else if (!week_same(w, tl, s->ngroups))
		w->mixed = 1;
	if (w->mixed)
		return;
	for (i = 0; i < w->ndays; i++) {
		if (strcmp(w->days[i].date, tl->date) == 0)
			w->repeated = 1;
	}
	w->days = xreallocarray(w->days, w->ndays + 1, sizeof *w->days);
	d = &w->days[w->ndays++];
	memset(d, 0, sizeof *d);
	snprintf(d->date, sizeof d->date, "%s", tl->date);
	d->observed_ms = s->observed_ms;
	d->group_ms = xcalloc(w->ngroups, sizeof *d->group_ms);
	for (g = 0; g < w->ngroups; g++)
		d->group_ms[g] = s->groups[g].ms;
	d->episodes = s->episodes;
	d->under9 = s->episodes > 0 ? (size_t)llround(s->under9 *
	    (double)s->episodes) : 0;
	d->per_hour = s->per_hour;
	d->interactions = s->interactions;
	d->head_begun = s->head_begun;
	d->head_share = s->interactions > 0 ? s->head_share : NAN;
	week_day_bins(w, d, tl);
	d->persons = summary_parts(tl, SUMMARY_BY_PERSON, &d->npersons);
	d->places = summary_parts(tl, SUMMARY_BY_LOCATION, &d->nplaces);
}

int
week_is_one_head(const struct week *w)
{
	return !w->mixed && !w->repeated && w->ndays >= 2 &&
	    w->ndays <= WEEK_MAX_DAYS;
}

static double
week_ratio(double n, double d)
{
	return d > 0 ? n / d : NAN;
}

double
week_day_share(const struct week *w, size_t d, size_t g)
{
	return week_ratio((double)w->days[d].group_ms[g],
	    (double)w->days[d].observed_ms);
}

int64_t
week_observed_ms(const struct week *w)
{
	int64_t	ms = 0;
	size_t	d;

	for (d = 0; d < w->ndays; d++)
		ms += w->days[d].observed_ms;
	return ms;
}

double
week_share(const struct week *w, size_t g)
{
	int64_t	ms = 0;
	size_t	d;

	for (d = 0; d < w->ndays; d++)
		ms += w->days[d].group_ms[g];
	return week_ratio((double)ms, (double)week_observed_ms(w));
}

double
week_per_hour(const struct week *w)
{
	size_t	d, n = 0;

	for (d = 0; d < w->ndays; d++)
		n += w->days[d].episodes;
	return week_ratio((double)n, week_observed_ms(w) / WEEK_HOUR);
}

double
week_under9(const struct week *w)
{
	size_t	d, n = 0, under = 0;

	for (d = 0; d < w->ndays; d++) {
		n += w->days[d].episodes;
		under += w->days[d].under9;
	}
	return week_ratio((double)under, (double)n);
}

double
week_head_share(const struct week *w)
{
	size_t	d, n = 0, begun = 0;

	for (d = 0; d < w->ndays; d++) {
		n += w->days[d].interactions;
		begun += w->days[d].head_begun;
	}
	return week_ratio((double)begun, (double)n);
}

int
week_top_group(const struct week *w)
{
	size_t	g;
	int	top = -1;
	double	s, best = 0;

	for (g = 0; g + 1 < w->ngroups; g++) {
		s = week_share(w, g);
		if (s > best) {
			best = s;
			top = (int)g;
		}
	}
	return top;
}

/* A whole percentage, as the report rounds it. */
static long
week_percent(double v)
{
	return lround(v * 100);
}

const char *
week_day_name(const struct week *w, size_t d)
{
	const char	*name = clock_weekday(w->days[d].date), *other;
	size_t		 i;

	for (i = 0; name != NULL && i < w->ndays; i++) {
		other = clock_weekday(w->days[i].date);
		if (i != d && other != NULL && strcmp(name, other) == 0)
			return w->days[d].date;
	}
	return name != NULL ? name : w->days[d].date;
}

char *
week_headline(const struct week *w)
{
	static const char *const counts[] = { "no", "one", "two", "three",
	    "four", "five", "six", "seven" };
	int		 top = week_top_group(w);
	size_t		 d, lo = 0, hi = 0;
	double		 s;

	if (top == -1)
		return xasprintf("Across your %s days you spent all of your "
		    "observed time alone.", counts[w->ndays]);
	for (d = 1; d < w->ndays; d++) {
		s = week_day_share(w, d, (size_t)top);
		if (isnan(week_day_share(w, lo, (size_t)top)) ||
		    s < week_day_share(w, lo, (size_t)top))
			lo = d;
		if (isnan(week_day_share(w, hi, (size_t)top)) ||
		    s > week_day_share(w, hi, (size_t)top))
			hi = d;
	}
	return xasprintf("Across your %s days you spent %ld%% of your time "
	    "with %s, from %ld%% on %s to %ld%% on %s.", counts[w->ndays],
	    week_percent(week_share(w, (size_t)top)), w->groups[top],
	    week_percent(week_day_share(w, lo, (size_t)top)),
	    week_day_name(w, lo),
	    week_percent(week_day_share(w, hi, (size_t)top)),
	    week_day_name(w, hi));
}

/* ---- the pattern over the day ---- */

/* The bins that hold several runs of bins: a day's, or a head's week's
 * in the workshop. */
struct week_span {
	int64_t	lo, hi;		/* start of the first bin, end of the last */
	size_t	seen;		/* runs of bins added */
};

/* Widens s to hold nbins bins from first (none: nothing). */
static void
week_span_add(struct week_span *s, int64_t first, size_t nbins)
{
	int64_t	end = first + (int64_t)nbins * WEEK_BIN_MS;

	if (nbins == 0)
		return;
	if (s->seen++ == 0 || first < s->lo)
		s->lo = first;
	if (s->seen == 1 || end > s->hi)
		s->hi = end;
}

/* The bins s spans, the first starting at *first; 0 when it is empty. */
static size_t
week_span_bins(const struct week_span *s, int64_t *first)
{
	*first = s->lo;
	return s->seen > 0 ? (size_t)((s->hi - s->lo) / WEEK_BIN_MS) : 0;
}

size_t
week_bin_range(const struct week *w, int64_t *first)
{
	struct week_span	span = { 0, 0, 0 };
	size_t			i;

	for (i = 0; i < w->ndays; i++)
		week_span_add(&span, w->days[i].bin_first, w->days[i].nbins);
	return week_span_bins(&span, first);
}

int64_t
week_day_bin_ms(const struct week *w, size_t d, int64_t start, size_t g)
{
	const struct week_day	*day = &w->days[d];
	int64_t			 b, ms = 0;
	size_t			 k;

	if (day->nbins == 0 || start < day->bin_first ||
	    (start - day->bin_first) % WEEK_BIN_MS != 0)
		return 0;
	b = (start - day->bin_first) / WEEK_BIN_MS;
	if (b >= (int64_t)day->nbins)
		return 0;
	if (g < w->ngroups)
		return day->bin_ms[(size_t)b * w->ngroups + g];
	for (k = 0; k < w->ngroups; k++)
		ms += day->bin_ms[(size_t)b * w->ngroups + k];
	return ms;
}

double
week_day_bin_share(const struct week *w, size_t d, int64_t start, size_t g)
{
	return week_ratio((double)week_day_bin_ms(w, d, start, g),
	    (double)week_day_bin_ms(w, d, start, w->ngroups));
}

int64_t
week_bin_observed(const struct week *w, int64_t start)
{
	int64_t	ms = 0;
	size_t	d;

	for (d = 0; d < w->ndays; d++)
		ms += week_day_bin_ms(w, d, start, w->ngroups);
	return ms;
}

size_t
week_bin_days(const struct week *w, int64_t start)
{
	size_t	d, n = 0;

	for (d = 0; d < w->ndays; d++)
		n += week_day_bin_ms(w, d, start, w->ngroups) > 0;
	return n;
}

double
week_bin_share(const struct week *w, int64_t start, size_t g)
{
	int64_t	ms = 0;
	size_t	d;

	for (d = 0; d < w->ndays; d++)
		ms += week_day_bin_ms(w, d, start, g);
	return week_ratio((double)ms, (double)week_bin_observed(w, start));
}

/* ---- rows to draw ---- */

/* Makes r's n labels and its shares: ngroups for each of its nbins bins
 * in a row (a bar's row, nbins 0, has one set). */
static void
week_rows_size(struct week_rows *r, size_t n, size_t ngroups)
{
	r->n = n;
	r->labels = xcalloc(n, sizeof *r->labels);
	r->shares = xcalloc(n * (r->nbins > 0 ? r->nbins : 1) * ngroups,
	    sizeof *r->shares);
}

void
week_rows_days(const struct week *w, struct week_rows *r)
{
	size_t	d, g;

	memset(r, 0, sizeof *r);
	week_rows_size(r, w->ndays, w->ngroups);
	for (d = 0; d < w->ndays; d++) {
		r->labels[d] = week_day_name(w, d);
		for (g = 0; g < w->ngroups; g++)
			r->shares[d * w->ngroups + g] = week_day_share(w, d, g);
	}
}

/* Row i of r: the pattern of w (day d, or the days when d is ndays) on
 * r's clock. */
static void
week_rows_fill(const struct week *w, size_t d, struct week_rows *r,
    size_t i)
{
	double	*sh;
	int64_t	 at;
	size_t	 b, g;

	for (b = 0; b < r->nbins; b++) {
		at = r->first + (int64_t)b * WEEK_BIN_MS;
		sh = &r->shares[(i * r->nbins + b) * w->ngroups];
		for (g = 0; g < w->ngroups; g++)
			sh[g] = d == w->ndays ? week_bin_share(w, at, g) :
			    week_day_bin_share(w, d, at, g);
	}
}

void
week_rows_pattern(const struct week *w, const char *week_label,
    struct week_rows *r)
{
	size_t	d;

	memset(r, 0, sizeof *r);
	if ((r->nbins = week_bin_range(w, &r->first)) == 0)
		return;
	week_rows_size(r, w->ndays + 1, w->ngroups);
	r->labels[0] = week_label;
	week_rows_fill(w, w->ndays, r, 0);
	for (d = 0; d < w->ndays; d++) {
		r->labels[d + 1] = week_day_name(w, d);
		week_rows_fill(w, d, r, d + 1);
	}
}

void
week_rows_free(struct week_rows *r)
{
	free(r->labels);
	free(r->shares);
	memset(r, 0, sizeof *r);
}

/* ---- who and where on most days ---- */

static int
week_regular_cmp_key(const void *a, const void *b)
{
	const struct week_regular	*x = a, *y = b;

	if (x->group != y->group)
		return x->group < y->group ? -1 : 1;
	return strcmp(x->name, y->name);
}

static int
week_regular_cmp(const void *a, const void *b)
{
	const struct week_regular	*x = a, *y = b;

	if (x->days != y->days)
		return x->days > y->days ? -1 : 1;
	if (x->ms != y->ms)
		return x->ms > y->ms ? -1 : 1;
	return week_regular_cmp_key(a, b);
}

/* Every day's rows of one breakdown, one row per day seen. */
static struct week_regular *
week_seen(const struct week *w, int places, size_t *n)
{
	const struct summary_part	*parts;
	struct week_regular		*all = NULL;
	size_t				 d, i, np;

	*n = 0;
	for (d = 0; d < w->ndays; d++) {
		parts = places ? w->days[d].places : w->days[d].persons;
		np = places ? w->days[d].nplaces : w->days[d].npersons;
		all = xreallocarray(all, *n + np + 1, sizeof *all);
		for (i = 0; i < np; i++) {
			all[*n].name = parts[i].name;
			all[*n].group = parts[i].group;
			all[*n].days = 1;
			all[(*n)++].ms = parts[i].ms;
		}
	}
	return all;
}

struct week_regular *
week_regulars(const struct week *w, int places, size_t *n)
{
	struct week_regular	*all;
	size_t			 i, nall, k = 0;

	all = week_seen(w, places, &nall);
	qsort(all, nall, sizeof *all, week_regular_cmp_key);
	for (i = 0; i < nall; i++) {
		if (k > 0 && week_regular_cmp_key(&all[k - 1], &all[i]) == 0) {
			all[k - 1].days++;
			all[k - 1].ms += all[i].ms;
		} else
			all[k++] = all[i];
	}
	nall = k;
	for (i = k = 0; i < nall; i++) {
		if (2 * all[i].days > w->ndays)
			all[k++] = all[i];
	}
	qsort(all, k, sizeof *all, week_regular_cmp);
	*n = k;
	if (k == 0) {
		free(all);
		return NULL;
	}
	return all;
}

/* ---- the workshop: several heads ---- */

void
week_workshop_init(struct week_workshop *ws)
{
	memset(ws, 0, sizeof *ws);
}

void
week_workshop_free(struct week_workshop *ws)
{
	size_t	h;

	for (h = 0; h < ws->nheads; h++)
		week_free(&ws->heads[h]);
	free(ws->heads);
	week_workshop_init(ws);
}

int
week_workshop_add(struct week_workshop *ws, const struct timeline *tl,
    const struct summary *s)
{
	struct week	*w;
	size_t		 h;

	for (h = 0; h < ws->nheads; h++) {
		w = &ws->heads[h];
		if (strcmp(w->school, tl->school) == 0 &&
		    strcmp(w->head, tl->head) == 0)
			break;
	}
	if (ws->nheads > 0 &&
	    !week_same_groups(&ws->heads[0], tl, s->ngroups))
		return -1;
	if (h == ws->nheads) {
		ws->heads = xreallocarray(ws->heads, ws->nheads + 1,
		    sizeof *ws->heads);
		week_init(&ws->heads[ws->nheads++]);
	}
	week_add(&ws->heads[h], tl, s);
	return 0;
}

double
week_figure(const struct week *w, enum week_figure fig, size_t g)
{
	switch (fig) {
	case WEEK_SHARE:
		return week_share(w, g);
	case WEEK_PER_HOUR:
		return week_per_hour(w);
	case WEEK_UNDER9:
		return week_under9(w);
	case WEEK_HEAD_SHARE:
		return week_head_share(w);
	}
	return NAN;
}

size_t
week_workshop_bin_range(const struct week_workshop *ws, int64_t *first)
{
	struct week_span	span = { 0, 0, 0 };
	int64_t			f;
	size_t			h, n;

	for (h = 0; h < ws->nheads; h++) {
		n = week_bin_range(&ws->heads[h], &f);
		week_span_add(&span, f, n);
	}
	return week_span_bins(&span, first);
}

void
week_workshop_rows(const struct week_workshop *ws, const char *const *labels,
    int pattern, struct week_rows *r)
{
	const struct week	*w;
	size_t			 h, g, ng = ws->heads[0].ngroups;

	memset(r, 0, sizeof *r);
	if (pattern && (r->nbins = week_workshop_bin_range(ws,
	    &r->first)) == 0)
		return;
	week_rows_size(r, ws->nheads, ng);
	for (h = 0; h < ws->nheads; h++) {
		w = &ws->heads[h];
		r->labels[h] = labels[h];
		if (pattern)
			week_rows_fill(w, w->ndays, r, h);
		else {
			for (g = 0; g < ng; g++)
				r->shares[h * ng + g] = week_share(w, g);
		}
	}
}

/* How many other heads have a figure on the dir side of head h's (dir
 * -1: less, 1: more). */
static size_t
ww_count(const struct week_workshop *ws, size_t h, enum week_figure fig,
    size_t g, int dir)
{
	double	mine = week_figure(&ws->heads[h], fig, g), other;
	size_t	i, n = 0;

	for (i = 0; i < ws->nheads && !isnan(mine); i++) {
		other = week_figure(&ws->heads[i], fig, g);
		if (i != h && !isnan(other) &&
		    (dir < 0 ? other < mine : other > mine))
			n++;
	}
	return n;
}

size_t
week_workshop_below(const struct week_workshop *ws, size_t h,
    enum week_figure fig, size_t g)
{
	return ww_count(ws, h, fig, g, -1);
}

size_t
week_workshop_above(const struct week_workshop *ws, size_t h,
    enum week_figure fig, size_t g)
{
	return ww_count(ws, h, fig, g, 1);
}
