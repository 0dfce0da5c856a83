/*
 * Agreement between two observers, walking both timelines' stretches side
 * by side: each overlap of an observed stretch of A with one of B codes
 * the seconds whose middles it holds, so nothing is allocated per second.
 * Easy to get wrong: "both observed" means neither is paused (nor outside
 * its day), and a start is only judged where the other observer watched.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "agreement.h"
#include "clock.h"
#include "scheme.h"
#include "text.h"
#include "timeline.h"
#include "xmalloc.h"

#define AGREEMENT_MIDDLE	500	/* ms into a second: its middle */
#define AGREEMENT_SHOW		64	/* bytes of a name in a message */

/* An episode start, for the event-level agreement. */
struct agreement_start {
	int64_t		 t;
	int		 group;
};

static int
agreement_is_stretch(enum tl_kind kind)
{
	return kind == TL_EPISODE || kind == TL_ALONE || kind == TL_PAUSE;
}

/* The index of the first stretch at or after i, or nitems. */
static size_t
agreement_stretch(const struct timeline *tl, size_t i)
{
	while (i < tl->nitems && !agreement_is_stretch(tl->items[i].kind))
		i++;
	return i;
}

/* x / 1000 rounded up, for any sign (C division truncates toward 0). */
static int64_t
agreement_ceil_s(int64_t x)
{
	int64_t	q = x / 1000;

	return x % 1000 > 0 ? q + 1 : q;
}

/* How many seconds have their middle in [lo, hi). */
static int64_t
agreement_middles(int64_t lo, int64_t hi)
{
	int64_t	n;

	n = agreement_ceil_s(hi - AGREEMENT_MIDDLE) -
	    agreement_ceil_s(lo - AGREEMENT_MIDDLE);
	return n > 0 ? n : 0;
}

/* The code of an observed stretch: its group, or ngroups for alone. */
static size_t
agreement_code(const struct timeline *tl, const struct tl_item *it)
{
	if (it->kind == TL_EPISODE && it->group >= 0 &&
	    (size_t)it->group < tl->scheme->ngroups)
		return (size_t)it->group;
	return tl->scheme->ngroups;
}

/* ---- what must hold before comparing ---- */

/* The first of school, head and date that differs, in words. */
static int
agreement_check_day(const struct timeline *a, const struct timeline *b,
    char **cause)
{
	const char	*names[] = { "school", "head", "date" };
	const char	*va[] = { a->school, a->head, a->date };
	const char	*vb[] = { b->school, b->head, b->date };
	char		*sa, *sb;
	size_t		 i;

	for (i = 0; i < 3; i++) {
		if (strcmp(va[i] != NULL ? va[i] : "",
		    vb[i] != NULL ? vb[i] : "") == 0)
			continue;
		sa = text_show(va[i] != NULL ? va[i] : "",
		    va[i] != NULL ? strlen(va[i]) : 0, AGREEMENT_SHOW);
		sb = text_show(vb[i] != NULL ? vb[i] : "",
		    vb[i] != NULL ? strlen(vb[i]) : 0, AGREEMENT_SHOW);
		*cause = xasprintf("A and B are not the same head and day: "
		    "the %s is \"%s\" in A, \"%s\" in B", names[i], sa, sb);
		free(sa);
		free(sb);
		return -1;
	}
	return 0;
}

/* Says how two schemes differ: in their groups if they do, else in their
 * locations or modes. */
static int
agreement_check_scheme(const struct scheme *a, const struct scheme *b,
    char **cause)
{
	char	*sa, *sb;
	size_t	 i;

	if (scheme_equal(a, b))
		return 0;
	if (a->ngroups != b->ngroups) {
		*cause = xasprintf("A and B use different coding schemes: A "
		    "has %zu groups, B %zu", a->ngroups, b->ngroups);
		return -1;
	}
	for (i = 0; i < a->ngroups; i++) {
		if (strcmp(a->groups[i].name, b->groups[i].name) == 0 &&
		    a->groups[i].key == b->groups[i].key)
			continue;
		sa = text_show(a->groups[i].name, strlen(a->groups[i].name),
		    AGREEMENT_SHOW);
		sb = text_show(b->groups[i].name, strlen(b->groups[i].name),
		    AGREEMENT_SHOW);
		*cause = xasprintf("A and B use different coding schemes: "
		    "group %zu is \"%s\" (key %c) in A, \"%s\" (key %c) in B",
		    i + 1, sa, a->groups[i].key, sb, b->groups[i].key);
		free(sa);
		free(sb);
		return -1;
	}
	*cause = xstrdup("A and B use different coding schemes: the same "
	    "groups, but not the same locations or modes");
	return -1;
}

/* No second was observed by both: say when each ran. */
static char *
agreement_no_overlap(const struct timeline *a, const struct timeline *b)
{
	char	ab[CLOCK_HMS_LEN], ae[CLOCK_HMS_LEN];
	char	bb[CLOCK_HMS_LEN], be[CLOCK_HMS_LEN];

	clock_format_hms(a->begin, ab);
	clock_format_hms(a->end, ae);
	clock_format_hms(b->begin, bb);
	clock_format_hms(b->end, be);
	if (a->end <= b->begin || b->end <= a->begin)
		return xasprintf("A and B do not overlap in time: A runs "
		    "%s-%s, B %s-%s", ab, ae, bb, be);
	return xasprintf("A and B observed no whole second in common (time "
	    "paused by either is left out): A runs %s-%s, B %s-%s", ab, ae,
	    bb, be);
}

/* ---- time: the confusion table and kappa ---- */

/* Adds the seconds of every overlap of an observed stretch of A with one
 * of B to the confusion table. */
static void
agreement_confusion(const struct timeline *a, const struct timeline *b,
    struct agreement *ag)
{
	const struct tl_item	*sa, *sb;
	size_t			 i, j;
	int64_t			 lo, hi, ea, eb;

	i = agreement_stretch(a, 0);
	j = agreement_stretch(b, 0);
	while (i < a->nitems && j < b->nitems) {
		sa = &a->items[i];
		sb = &b->items[j];
		ea = sa->end;
		eb = sb->end;
		lo = sa->start > sb->start ? sa->start : sb->start;
		hi = ea < eb ? ea : eb;
		if (lo < hi && sa->kind != TL_PAUSE && sb->kind != TL_PAUSE)
			ag->confusion[agreement_code(a, sa) * ag->ncodes +
			    agreement_code(b, sb)] += agreement_middles(lo, hi);
		if (ea <= eb)
			i = agreement_stretch(a, i + 1);
		if (eb <= ea)
			j = agreement_stretch(b, j + 1);
	}
}

/*
 * Kappa and its parts from the confusion table.  Expected agreement is 1
 * only when both coded every second with one same code (it is at most
 * B's largest share), which is tested on the counts, not on a double.
 */
static void
agreement_kappa(struct agreement *ag)
{
	struct agreement_group	*g;
	size_t			 a, b, n = ag->ncodes;
	double			 total, sum_ab = 0;
	int64_t			 v;
	int			 one_code = 0;

	for (a = 0; a < n; a++) {
		for (b = 0; b < n; b++) {
			v = ag->confusion[a * n + b];
			ag->groups[a].a_seconds += v;
			ag->groups[b].b_seconds += v;
			ag->seconds += v;
		}
		ag->groups[a].both_seconds = ag->confusion[a * n + a];
		ag->same += ag->confusion[a * n + a];
	}
	if (ag->seconds == 0)
		return;
	total = (double)ag->seconds;
	for (a = 0; a < n; a++) {
		g = &ag->groups[a];
		sum_ab += (double)g->a_seconds * (double)g->b_seconds;
		if (g->a_seconds == ag->seconds && g->b_seconds == ag->seconds)
			one_code = 1;
		v = g->a_seconds + g->b_seconds - g->both_seconds;
		g->agreement = v > 0 ? (double)g->both_seconds / (double)v :
		    NAN;
	}
	ag->observed = (double)ag->same / total;
	ag->expected = sum_ab / (total * total);
	if (one_code) {
		ag->expected = 1;
		ag->kappa = 1;
	} else
		ag->kappa = (total * (double)ag->same - sum_ab) /
		    (total * total - sum_ab);
}

/* ---- events: episode starts matched within the window ---- */

/* The starts of tl's episodes at instants other observed (in an episode
 * or alone stretch of other holding them), in time order; returns how
 * many, *out to free. */
static size_t
agreement_starts(const struct timeline *tl, const struct timeline *other,
    struct agreement_start **out)
{
	const struct tl_item	*it, *st;
	size_t			 i, j, n = 0;

	*out = xreallocarray(NULL, tl->nitems + 1, sizeof **out);
	j = agreement_stretch(other, 0);
	for (i = 0; i < tl->nitems; i++) {
		it = &tl->items[i];
		if (it->kind != TL_EPISODE)
			continue;
		while (j < other->nitems && other->items[j].end <= it->start)
			j = agreement_stretch(other, j + 1);
		if (j == other->nitems)
			break;
		st = &other->items[j];
		if (st->start > it->start || st->kind == TL_PAUSE)
			continue;
		(*out)[n].t = it->start;
		(*out)[n].group = it->group;
		n++;
	}
	return n;
}

/*
 * Matches A's starts to B's, greedily in A's time order: each A start
 * takes the nearest unused B start of its group within the window (the
 * earlier on a tie), and each B start is used at most once.
 */
static void
agreement_events(const struct timeline *a, const struct timeline *b,
    int window_s, struct agreement_events *ev)
{
	struct agreement_start	*sa, *sb;
	size_t			 na, nb, i, k, lo = 0, best;
	int64_t			 w = (int64_t)window_s * 1000, d, best_d = 0;
	char			*used;

	na = agreement_starts(a, b, &sa);
	nb = agreement_starts(b, a, &sb);
	used = xcalloc(nb + 1, 1);
	memset(ev, 0, sizeof *ev);
	ev->window_s = window_s;
	for (i = 0; i < na; i++) {
		while (lo < nb && sb[lo].t < sa[i].t - w)
			lo++;
		best = nb;
		for (k = lo; k < nb && sb[k].t <= sa[i].t + w; k++) {
			if (used[k] || sb[k].group != sa[i].group)
				continue;
			d = sb[k].t > sa[i].t ? sb[k].t - sa[i].t :
			    sa[i].t - sb[k].t;
			if (best == nb || d < best_d) {
				best = k;
				best_d = d;
			}
		}
		if (best != nb) {
			used[best] = 1;
			ev->matched++;
		}
	}
	ev->a_starts = na;
	ev->b_starts = nb;
	ev->missed_a = na - ev->matched;
	ev->missed_b = nb - ev->matched;
	ev->agreement = na + nb > 0 ? (double)ev->matched /
	    (double)(ev->matched + ev->missed_a + ev->missed_b) : NAN;
	free(used);
	free(sa);
	free(sb);
}

/* ---- the whole ---- */

int
agreement_compute(const struct timeline *a, const struct timeline *b,
    int window_s, struct agreement *out, char **cause)
{
	memset(out, 0, sizeof *out);
	if (agreement_check_day(a, b, cause) != 0 ||
	    agreement_check_scheme(a->scheme, b->scheme, cause) != 0)
		return -1;
	if (window_s < 0) {
		*cause = xasprintf("the window is %d seconds; it cannot be "
		    "negative", window_s);
		return -1;
	}
	out->ncodes = a->scheme->ngroups + 1;
	out->confusion = xcalloc(out->ncodes * out->ncodes,
	    sizeof *out->confusion);
	out->groups = xcalloc(out->ncodes, sizeof *out->groups);
	agreement_confusion(a, b, out);
	agreement_kappa(out);
	if (out->seconds == 0) {
		agreement_free(out);
		*cause = agreement_no_overlap(a, b);
		return -1;
	}
	agreement_events(a, b, window_s, &out->events);
	return 0;
}

void
agreement_free(struct agreement *ag)
{
	free(ag->confusion);
	free(ag->groups);
	memset(ag, 0, sizeof *ag);
}

int
agreement_code_group(const struct agreement *ag, size_t c)
{
	return c + 1 == ag->ncodes ? -1 : (int)c;
}

const char *
agreement_band(double kappa)
{
	long long	k = llround(kappa * 1e6);

	if (k < 0)
		return "poor";
	if (k <= 200000)
		return "slight";
	if (k <= 400000)
		return "fair";
	if (k <= 600000)
		return "moderate";
	if (k <= 800000)
		return "substantial";
	return "almost perfect";
}
