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

	for (i = 0; i < w->ndays; i++)
		free(w->days[i].group_ms);
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
week_workshop_below(const struct week_workshop *ws, size_t h,
    enum week_figure fig, size_t g)
{
	double	mine = week_figure(&ws->heads[h], fig, g), other;
	size_t	i, n = 0;

	for (i = 0; i < ws->nheads && !isnan(mine); i++) {
		other = week_figure(&ws->heads[i], fig, g);
		if (i != h && !isnan(other) && other < mine)
			n++;
	}
	return n;
}
