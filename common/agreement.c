/*
 * Agreement between two observers, walking both timelines' stretches side
 * by side: each overlap of an observed stretch of A with one of B codes
 * the seconds whose middles it holds (by group, or by a variable's value),
 * so nothing is allocated per second.  Easy to get wrong: "both observed"
 * means neither is paused (nor outside its day), and a start is only
 * judged (matched or aligned) where the other observer watched.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "agreement.h"
#include "align.h"
#include "err.h"
#include "clock.h"
#include "record.h"
#include "scheme.h"
#include "summary.h"
#include "text.h"
#include "timeline.h"
#include "xmalloc.h"

#define AGREEMENT_MIDDLE	500	/* ms into a second: its middle */
#define AGREEMENT_SHOW		64	/* bytes of a name in a message */

/* An episode start, for the event-level agreement. */
struct agreement_start {
	int64_t		 t;
	int		 group;
	int64_t		 duration;	/* ms */
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
    struct err *e)
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
		err_set(e, ERR_DATA, "A and B are not the same head and day: "
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
    struct err *e)
{
	char	*sa, *sb;
	size_t	 i;

	if (scheme_equal(a, b))
		return 0;
	if (a->ngroups != b->ngroups)
		return err_set(e, ERR_DATA, "A and B use different coding "
		    "schemes: A has %zu groups, B %zu", a->ngroups,
		    b->ngroups);
	for (i = 0; i < a->ngroups; i++) {
		if (strcmp(a->groups[i].name, b->groups[i].name) == 0 &&
		    a->groups[i].key == b->groups[i].key)
			continue;
		sa = text_show(a->groups[i].name, strlen(a->groups[i].name),
		    AGREEMENT_SHOW);
		sb = text_show(b->groups[i].name, strlen(b->groups[i].name),
		    AGREEMENT_SHOW);
		err_set(e, ERR_DATA, "A and B use different coding schemes: "
		    "group %zu is \"%s\" (key %c) in A, \"%s\" (key %c) in B",
		    i + 1, sa, a->groups[i].key, sb, b->groups[i].key);
		free(sa);
		free(sb);
		return -1;
	}
	return err_set(e, ERR_DATA, "A and B use different coding schemes: "
	    "the same groups, but not the same locations or modes");
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

/* ---- the variables of an episode, compared second by second ---- */

/* A variable other than the group: its name, and an episode's value of it
 * (NULL or "" missing).  A declared dimension is one more of these. */
struct agreement_value {
	const char	*name;
	const char	*(*value)(const struct tl_item *);
};

static const char *
agreement_by(const struct tl_item *it)
{
	return it->by == RECORD_BY_UNKNOWN ? NULL : record_by_name(it->by);
}

static const char *
agreement_person(const struct tl_item *it)
{
	return it->person;
}

static const char *
agreement_where(const struct tl_item *it)
{
	return it->where;
}

static const char *
agreement_mode(const struct tl_item *it)
{
	return it->mode;
}

static const struct agreement_value agreement_values[] = {
	{ "by", agreement_by },
	{ "person", agreement_person },
	{ "where", agreement_where },
	{ "mode", agreement_mode }
};

/* The values one variable took in either log (0: missing), and the
 * seconds of each pair of values met. */
struct agreement_coding {
	const char	**values;
	size_t		  nvalues;
	size_t		  size;
	size_t		 *pair_a;
	size_t		 *pair_b;
	int64_t		 *pair_n;
	size_t		  npairs;
	size_t		  pairs_size;
};

/* The index of value v, added if new. */
static size_t
agreement_value_index(struct agreement_coding *c, const char *v)
{
	size_t	i;

	if (v == NULL || *v == '\0')
		return 0;
	for (i = 1; i < c->nvalues; i++) {
		if (strcmp(c->values[i], v) == 0)
			return i;
	}
	if (c->nvalues == c->size) {
		c->size = c->size * 2 + 8;
		c->values = xreallocarray(c->values, c->size,
		    sizeof *c->values);
	}
	c->values[c->nvalues] = v;
	return c->nvalues++;
}

static void
agreement_coding_add(struct agreement_coding *c, size_t a, size_t b,
    int64_t n)
{
	if (c->npairs == c->pairs_size) {
		c->pairs_size = c->pairs_size * 2 + 16;
		c->pair_a = xreallocarray(c->pair_a, c->pairs_size,
		    sizeof *c->pair_a);
		c->pair_b = xreallocarray(c->pair_b, c->pairs_size,
		    sizeof *c->pair_b);
		c->pair_n = xreallocarray(c->pair_n, c->pairs_size,
		    sizeof *c->pair_n);
	}
	c->pair_a[c->npairs] = a;
	c->pair_b[c->npairs] = b;
	c->pair_n[c->npairs] = n;
	c->npairs++;
}

static void
agreement_coding_free(struct agreement_coding *c)
{
	free(c->values);
	free(c->pair_a);
	free(c->pair_b);
	free(c->pair_n);
}

/* ---- walking both timelines ---- */

/* Called for each overlap [lo, hi) of an observed stretch of A with one
 * of B, in time order. */
typedef void (*agreement_visit)(const struct tl_item *, const struct tl_item *,
    int64_t lo, int64_t hi, void *arg);

/* Walks both timelines' stretches side by side. */
static void
agreement_walk(const struct timeline *a, const struct timeline *b,
    agreement_visit visit, void *arg)
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
			visit(sa, sb, lo, hi, arg);
		if (ea <= eb)
			i = agreement_stretch(a, i + 1);
		if (eb <= ea)
			j = agreement_stretch(b, j + 1);
	}
}

/* What the visits of one walk share. */
struct agreement_walker {
	const struct timeline	*a;
	const struct timeline	*b;
	struct agreement	*ag;
	const struct agreement_value *var;	/* for agreement_visit_value */
	const struct scheme_dim	*dim;		/* for agreement_visit_dim */
	size_t			 dim_index;
	struct agreement_coding	*coding;
	size_t			 size;		/* of ag->disagreements */
};

/* ---- a stretch coded differently ---- */

/* Adds n seconds from start (ms, a whole second) coded ca by A and cb by
 * B, joined to the last stretch when it ends there with the same codes. */
static void
agreement_disagree(struct agreement_walker *w, size_t ca, size_t cb,
    int64_t start, int64_t n)
{
	struct agreement		*ag = w->ag;
	struct agreement_disagreement	*d;

	d = ag->ndisagreements > 0 ?
	    &ag->disagreements[ag->ndisagreements - 1] : NULL;
	if (d != NULL && d->end == start && d->a_code == ca &&
	    d->b_code == cb) {
		d->end += n * 1000;
		return;
	}
	if (ag->ndisagreements == w->size) {
		w->size = w->size * 2 + 16;
		ag->disagreements = xreallocarray(ag->disagreements, w->size,
		    sizeof *ag->disagreements);
	}
	d = &ag->disagreements[ag->ndisagreements++];
	d->start = start;
	d->end = start + n * 1000;
	d->a_code = ca;
	d->b_code = cb;
}

/* Largest first, then earlier first. */
static int
agreement_disagreement_cmp(const void *x, const void *y)
{
	const struct agreement_disagreement	*p = x, *q = y;
	int64_t					 lp, lq;

	lp = p->end - p->start;
	lq = q->end - q->start;
	if (lp != lq)
		return lp > lq ? -1 : 1;
	return (p->start > q->start) - (p->start < q->start);
}

/* ---- time: the confusion table and kappa ---- */

/* Adds an overlap's seconds to the confusion table, and to the
 * disagreements when the codes differ. */
static void
agreement_visit_code(const struct tl_item *sa, const struct tl_item *sb,
    int64_t lo, int64_t hi, void *arg)
{
	struct agreement_walker	*w = arg;
	struct agreement	*ag = w->ag;
	size_t			 ca, cb;
	int64_t			 n = agreement_middles(lo, hi);

	ca = agreement_code(w->a, sa);
	cb = agreement_code(w->b, sb);
	ag->confusion[ca * ag->ncodes + cb] += n;
	if (ca != cb && n > 0)
		agreement_disagree(w, ca, cb,
		    agreement_ceil_s(lo - AGREEMENT_MIDDLE) * 1000, n);
}

/*
 * Cohen's kappa of an n x n table of counts into *v (its seconds, observed,
 * expected, kappa; all NAN but seconds when the table is empty).  Expected
 * agreement is 1 only when both used one same code throughout (it is at
 * most B's largest share), which is tested on the counts, not on a double.
 */
static void
agreement_cohen(const int64_t *table, size_t n, struct agreement_variable *v)
{
	int64_t	*row, *col, total = 0, same = 0, x;
	double	 sum_ab = 0, t;
	size_t	 a, b;
	int	 one_code = 0;

	row = xcalloc(n + 1, sizeof *row);
	col = xcalloc(n + 1, sizeof *col);
	for (a = 0; a < n; a++) {
		for (b = 0; b < n; b++) {
			x = table[a * n + b];
			row[a] += x;
			col[b] += x;
			total += x;
		}
		same += table[a * n + a];
	}
	v->seconds = total;
	v->observed = v->expected = v->kappa = NAN;
	for (a = 0; total > 0 && a < n; a++) {
		sum_ab += (double)row[a] * (double)col[a];
		if (row[a] == total && col[a] == total)
			one_code = 1;
	}
	free(row);
	free(col);
	if (total == 0)
		return;
	t = (double)total;
	v->observed = (double)same / t;
	v->expected = sum_ab / (t * t);
	if (one_code) {
		v->expected = 1;
		v->kappa = 1;
	} else
		v->kappa = (t * (double)same - sum_ab) / (t * t - sum_ab);
}

/* Kappa and its parts from the confusion table, and each group's. */
static void
agreement_kappa(struct agreement *ag)
{
	struct agreement_variable	*v = &ag->variables[0];
	struct agreement_group		*g;
	size_t				 a, b, n = ag->ncodes;
	int64_t				 x;

	for (a = 0; a < n; a++) {
		for (b = 0; b < n; b++) {
			x = ag->confusion[a * n + b];
			ag->groups[a].a_seconds += x;
			ag->groups[b].b_seconds += x;
		}
		ag->groups[a].both_seconds = ag->confusion[a * n + a];
		ag->same += ag->confusion[a * n + a];
	}
	for (a = 0; a < n; a++) {
		g = &ag->groups[a];
		x = g->a_seconds + g->b_seconds - g->both_seconds;
		g->agreement = x > 0 ? (double)g->both_seconds / (double)x :
		    NAN;
	}
	v->name = "group";
	agreement_cohen(ag->confusion, n, v);
	ag->seconds = v->seconds;
	ag->observed = v->observed;
	ag->expected = v->expected;
	ag->kappa = v->kappa;
}

/* Codes an overlap of two episodes by the walker's variable. */
static void
agreement_visit_value(const struct tl_item *sa, const struct tl_item *sb,
    int64_t lo, int64_t hi, void *arg)
{
	struct agreement_walker	*w = arg;
	int64_t			 n = agreement_middles(lo, hi);

	if (sa->kind != TL_EPISODE || sb->kind != TL_EPISODE || n == 0)
		return;
	agreement_coding_add(w->coding,
	    agreement_value_index(w->coding, w->var->value(sa)),
	    agreement_value_index(w->coding, w->var->value(sb)), n);
}

/* Whether dimension d codes a stretch of this kind. */
static int
agreement_dim_codes(const struct scheme_dim *d, enum tl_kind kind)
{
	return (kind == TL_EPISODE && (d->applies & SCHEME_FOR_EPISODES)) ||
	    (kind == TL_ALONE && (d->applies & SCHEME_FOR_ALONE));
}

/* Codes an overlap of two stretches by the walker's dimension, when both
 * are stretches it codes. */
static void
agreement_visit_dim(const struct tl_item *sa, const struct tl_item *sb,
    int64_t lo, int64_t hi, void *arg)
{
	struct agreement_walker	*w = arg;
	int64_t			 n = agreement_middles(lo, hi);

	if (!agreement_dim_codes(w->dim, sa->kind) ||
	    !agreement_dim_codes(w->dim, sb->kind) || n == 0)
		return;
	agreement_coding_add(w->coding,
	    agreement_value_index(w->coding, timeline_dim(sa, w->dim_index)),
	    agreement_value_index(w->coding, timeline_dim(sb, w->dim_index)),
	    n);
}

/* Walks a and b with visit (set up in w) and fills v with the kappa of
 * the values met, missing ones a value of their own. */
static void
agreement_variable(struct agreement_walker *w, agreement_visit visit,
    const char *name, struct agreement_variable *v)
{
	struct agreement_coding	 c;
	int64_t			*table;
	size_t			 k, n;

	memset(&c, 0, sizeof c);
	w->coding = &c;
	c.values = xcalloc(1, sizeof *c.values);	/* 0: missing */
	c.nvalues = c.size = 1;
	agreement_walk(w->a, w->b, visit, w);
	n = c.nvalues;
	table = xcalloc(n * n, sizeof *table);
	for (k = 0; k < c.npairs; k++)
		table[c.pair_a[k] * n + c.pair_b[k]] += c.pair_n[k];
	v->name = name;
	agreement_cohen(table, n, v);
	free(table);
	agreement_coding_free(&c);
}

/* Kappa of each variable beyond the group, over the seconds both spent in
 * an episode, then of each declared dimension, over the seconds both
 * spent in a stretch it codes. */
static void
agreement_variables(const struct timeline *a, const struct timeline *b,
    struct agreement *ag)
{
	struct agreement_walker	 w;
	size_t			 i;

	memset(&w, 0, sizeof w);
	w.a = a;
	w.b = b;
	w.ag = ag;
	for (i = 0; i < AGREEMENT_NVARIABLES - 1; i++) {
		w.var = &agreement_values[i];
		agreement_variable(&w, agreement_visit_value,
		    agreement_values[i].name, &ag->variables[i + 1]);
	}
	ag->nvariables = AGREEMENT_NVARIABLES;
	for (i = 0; i < a->scheme->ndims && i < SCHEME_MAX_DIMS; i++) {
		w.dim = &a->scheme->dims[i];
		w.dim_index = i;
		agreement_variable(&w, agreement_visit_dim, w.dim->name,
		    &ag->variables[ag->nvariables++]);
	}
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
		(*out)[n].duration = it->end - it->start;
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

/* ---- events: episode starts aligned ---- */

static struct align_event *
agreement_align_events(const struct agreement_start *st, size_t n)
{
	struct align_event	*ev;
	size_t			 i;

	ev = xreallocarray(NULL, n + 1, sizeof *ev);
	for (i = 0; i < n; i++) {
		ev[i].t = st[i].t;
		ev[i].code = st[i].group;
	}
	return ev;
}

/* Lin's concordance correlation of x and y (n each), with the variances
 * and covariance over n: NAN below two pairs (one pair makes it 0 or 0/0
 * whatever the durations) and when it is 0/0. */
static double
agreement_ccc(const double *x, const double *y, size_t n)
{
	double	mx = 0, my = 0, sxx = 0, syy = 0, sxy = 0, den;
	size_t	i;

	if (n < 2)
		return NAN;
	for (i = 0; i < n; i++) {
		mx += x[i];
		my += y[i];
	}
	mx /= (double)n;
	my /= (double)n;
	for (i = 0; i < n; i++) {
		sxx += (x[i] - mx) * (x[i] - mx);
		syy += (y[i] - my) * (y[i] - my);
		sxy += (x[i] - mx) * (y[i] - my);
	}
	den = sxx / (double)n + syy / (double)n + (mx - my) * (mx - my);
	return den > 0 ? 2 * (sxy / (double)n) / den : NAN;
}

/* Lin's concordance of the durations of the same-group pairs, and the
 * median gap between their starts. */
static void
agreement_matched(const struct agreement_start *sa,
    const struct agreement_start *sb, const struct align_pair *p, size_t n,
    struct agreement_alignment *al)
{
	double	*x, *y;
	int64_t	*gap;
	size_t	 i, m = 0;

	x = xreallocarray(NULL, n + 1, sizeof *x);
	y = xreallocarray(NULL, n + 1, sizeof *y);
	gap = xreallocarray(NULL, n + 1, sizeof *gap);
	for (i = 0; i < n; i++) {
		if (p[i].a == ALIGN_NONE || p[i].b == ALIGN_NONE ||
		    sa[p[i].a].group != sb[p[i].b].group)
			continue;
		x[m] = (double)sa[p[i].a].duration / 1000;
		y[m] = (double)sb[p[i].b].duration / 1000;
		gap[m] = sa[p[i].a].t > sb[p[i].b].t ?
		    sa[p[i].a].t - sb[p[i].b].t : sb[p[i].b].t - sa[p[i].a].t;
		m++;
	}
	al->ccc = agreement_ccc(x, y, m);
	al->start_median = summary_median(gap, m);
	free(x);
	free(y);
	free(gap);
}

/* The events table of an alignment within the window, and its kappa. */
static void
agreement_event_table(const struct agreement_start *sa,
    const struct agreement_start *sb, const struct align_pair *p, size_t n,
    size_t ncodes, struct agreement_alignment *al)
{
	struct agreement_variable	v;
	size_t				i, ca, cb, none = ncodes - 1;

	al->confusion = xcalloc(ncodes * ncodes, sizeof *al->confusion);
	for (i = 0; i < n; i++) {
		ca = p[i].a == ALIGN_NONE ? none : (size_t)sa[p[i].a].group;
		cb = p[i].b == ALIGN_NONE ? none : (size_t)sb[p[i].b].group;
		al->confusion[ca * ncodes + cb]++;
		if (ca == none)
			al->unmatched_b++;
		else if (cb == none)
			al->unmatched_a++;
		else {
			al->pairs++;
			al->same += ca == cb;
		}
	}
	agreement_cohen(al->confusion, ncodes, &v);
	al->observed = v.observed;
	al->expected = v.expected;
	al->kappa = v.kappa;
}

/* Aligns the starts within the window and as a sequence. */
static void
agreement_alignment(const struct timeline *a, const struct timeline *b,
    int window_s, size_t ncodes, struct agreement_alignment *al)
{
	struct agreement_start	*sa, *sb;
	struct align_event	*ea, *eb;
	struct align_pair	*p;
	size_t			 na, nb, n, i;

	na = agreement_starts(a, b, &sa);
	nb = agreement_starts(b, a, &sb);
	if (na > AGREEMENT_MAX_STARTS || nb > AGREEMENT_MAX_STARTS) {
		al->too_many = 1;
		al->confusion = xcalloc(ncodes * ncodes, sizeof *al->confusion);
		al->observed = al->expected = al->kappa = NAN;
		al->identity = al->ccc = al->start_median = NAN;
		free(sa);
		free(sb);
		return;
	}
	ea = agreement_align_events(sa, na);
	eb = agreement_align_events(sb, nb);
	n = align_events(ea, na, eb, nb, (int64_t)window_s * 1000, &p);
	agreement_event_table(sa, sb, p, n, ncodes, al);
	agreement_matched(sa, sb, p, n, al);
	free(p);
	n = align_sequences(ea, na, eb, nb, &p);
	al->steps = n;
	for (i = 0; i < n; i++) {
		if (p[i].a != ALIGN_NONE && p[i].b != ALIGN_NONE &&
		    ea[p[i].a].code == eb[p[i].b].code)
			al->identical++;
	}
	al->identity = n > 0 ? (double)al->identical / (double)n : NAN;
	free(p);
	free(ea);
	free(eb);
	free(sa);
	free(sb);
}

/* ---- the whole ---- */

int
agreement_compute(const struct timeline *a, const struct timeline *b,
    int window_s, struct agreement *out, struct err *e)
{
	struct agreement_walker	w;
	char			*msg;

	memset(out, 0, sizeof *out);
	if (agreement_check_day(a, b, e) != 0 ||
	    agreement_check_scheme(a->scheme, b->scheme, e) != 0)
		return -1;
	if (window_s < 0)
		return err_set(e, ERR_USAGE, "the window is %d seconds; it "
		    "cannot be negative", window_s);
	out->ncodes = a->scheme->ngroups + 1;
	out->confusion = xcalloc(out->ncodes * out->ncodes,
	    sizeof *out->confusion);
	out->groups = xcalloc(out->ncodes, sizeof *out->groups);
	memset(&w, 0, sizeof w);
	w.a = a;
	w.b = b;
	w.ag = out;
	agreement_walk(a, b, agreement_visit_code, &w);
	agreement_kappa(out);
	if (out->seconds == 0) {
		agreement_free(out);
		msg = agreement_no_overlap(a, b);
		err_set(e, ERR_DATA, "%s", msg);
		free(msg);
		return -1;
	}
	agreement_events(a, b, window_s, &out->events);
	agreement_variables(a, b, out);
	agreement_alignment(a, b, window_s, out->ncodes, &out->alignment);
	if (out->ndisagreements > 0)
		qsort(out->disagreements, out->ndisagreements,
		    sizeof *out->disagreements, agreement_disagreement_cmp);
	return 0;
}

void
agreement_free(struct agreement *ag)
{
	free(ag->confusion);
	free(ag->groups);
	free(ag->alignment.confusion);
	free(ag->disagreements);
	memset(ag, 0, sizeof *ag);
}

int
agreement_pool_add(struct agreement_pool *pool, const struct scheme *scheme,
    const struct agreement *ag, struct err *e)
{
	size_t	i, n = ag->ncodes;

	if (pool->scheme == NULL) {
		pool->scheme = scheme_copy(scheme);
		pool->ncodes = n;
		pool->confusion = xcalloc(n * n, sizeof *pool->confusion);
		pool->events = xcalloc(n * n, sizeof *pool->events);
	} else if (!scheme_equal(pool->scheme, scheme) || n != pool->ncodes) {
		return err_set(e, ERR_DATA, "not the coding scheme of the "
		    "first pair, so it cannot be pooled with it");
	}
	for (i = 0; i < n * n; i++) {
		pool->confusion[i] += ag->confusion[i];
		pool->events[i] += ag->alignment.confusion[i];
	}
	pool->steps += ag->alignment.steps;
	pool->identical += ag->alignment.identical;
	pool->pairs++;
	return 0;
}

void
agreement_pool_figures(const struct agreement_pool *pool,
    struct agreement_variable *time, struct agreement_variable *events,
    double *identity)
{
	agreement_cohen(pool->confusion, pool->ncodes, time);
	time->name = "group";
	agreement_cohen(pool->events, pool->ncodes, events);
	events->name = "events";
	*identity = pool->steps > 0 ?
	    (double)pool->identical / (double)pool->steps : NAN;
}

void
agreement_pool_free(struct agreement_pool *pool)
{
	scheme_free(pool->scheme);
	free(pool->confusion);
	free(pool->events);
	memset(pool, 0, sizeof *pool);
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
