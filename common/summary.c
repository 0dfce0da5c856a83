/*
 * The figures of a day, computed from its timeline as the contract's
 * "Definitions" say.  Easy to get wrong: gaps are measured in observed time
 * (pauses taken out), and a brief contact is an interaction of its own only
 * when the stretch listed just before it is not an episode of its group.
 */
#include <math.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "summary.h"
#include "timeline.h"
#include "xmalloc.h"

#define SUMMARY_HOUR_MS		3600000.0
#define SUMMARY_UNDER5_MS	300000		/* 5 minutes */
#define SUMMARY_UNDER9_MS	540000		/* 9 minutes */

/*
 * The values the walk gathers.  The one walk through the items writes each
 * stretch's duration and each gap as it comes, tagged with its summary
 * group (alone last), and counts them per group; they are then put in one
 * run per group (group g's durations at d[off[g]] on, nd[g] of them; its
 * gaps likewise in gv), each run in the walk's order, which the sums keep.
 * One walk rather than four: each tested every item's kind again, a
 * branch no predictor learns.  One allocation holds all.
 */
struct summary_values {
	int64_t		*walk_d;	/* [nitems]: durations as they come */
	int64_t		*walk_gv;	/* [nitems]: gaps as they come */
	size_t		*walk_dg;	/* [nitems]: their groups */
	size_t		*walk_gg;	/* [nitems] */
	size_t		 nwalk_d, nwalk_gv;
	int64_t		*d;		/* [nitems]: durations, by group */
	int64_t		*gv;		/* [nitems]: gaps, by group */
	int64_t		*episodes;	/* [nitems]: the day's median's */
	size_t		 nepisodes;
	size_t		 under5, under9;
	int64_t		*end;		/* [ng]: obs end of last interaction */
	size_t		*off;		/* [ng] */
	size_t		*goff;		/* [ng] */
	size_t		*nd;		/* [ng] */
	size_t		*ngv;		/* [ng] */
	int		*has_end;	/* [ng] */
	void		*block;
};

/* Where the walk through the timeline is, for gaps in observed time. */
struct summary_walk {
	const struct tl_item	*last;		/* last stretch listed */
	int64_t			 last_paused;	/* paused before it */
	int64_t			 paused;	/* paused before what follows */
};

/* Lays out sv for tl's ng summary groups. */
static void
summary_values_init(struct summary_values *sv, const struct timeline *tl,
    size_t ng)
{
	size_t	n = tl->nitems, head;
	char	*p;

	memset(sv, 0, sizeof *sv);
	/* the groups' part first, zeroed, then the values: they are written
	 * before they are read, and zeroing them cost more than the walk */
	head = ng * (sizeof (int64_t) + 4 * sizeof (size_t) + sizeof (int));
	head = (head + sizeof (int64_t) - 1) / sizeof (int64_t) *
	    sizeof (int64_t);
	p = sv->block = xmalloc(head + 5 * n * sizeof (int64_t) +
	    2 * n * sizeof (size_t));
	memset(p, 0, head);
	sv->end = (int64_t *)(void *)p;
	sv->off = (size_t *)(void *)(sv->end + ng);
	sv->goff = sv->off + ng;
	sv->nd = sv->goff + ng;
	sv->ngv = sv->nd + ng;
	sv->has_end = (int *)(void *)(sv->ngv + ng);
	sv->walk_d = (int64_t *)(void *)(p + head);
	sv->walk_gv = sv->walk_d + n;
	sv->d = sv->walk_gv + n;
	sv->gv = sv->d + n;
	sv->episodes = sv->gv + n;
	sv->walk_dg = (size_t *)(void *)(sv->episodes + n);
	sv->walk_gg = sv->walk_dg + n;
}

/* Puts the walk's values in one run per group, in the walk's order. */
static void
summary_values_group(struct summary_values *sv, size_t ng)
{
	size_t	g, i, at, gat;

	for (g = 0, at = 0, gat = 0; g < ng; g++) {
		sv->off[g] = at;
		sv->goff[g] = gat;
		at += sv->nd[g];
		gat += sv->ngv[g];
	}
	for (i = 0; i < sv->nwalk_d; i++)
		sv->d[sv->off[sv->walk_dg[i]]++] = sv->walk_d[i];
	for (i = 0; i < sv->nwalk_gv; i++)
		sv->gv[sv->goff[sv->walk_gg[i]]++] = sv->walk_gv[i];
	for (g = 0; g < ng; g++) {	/* back to where each run starts */
		sv->off[g] -= sv->nd[g];
		sv->goff[g] -= sv->ngv[g];
	}
}

static double
summary_mean(const int64_t *v, size_t n)
{
	int64_t	sum = 0;
	size_t	i;

	if (n == 0)
		return NAN;
	for (i = 0; i < n; i++)
		sum += v[i];
	return (double)sum / (double)n;
}

/* Sample standard deviation (n - 1); NAN below two values. */
static double
summary_sd(const int64_t *v, size_t n, double mean)
{
	double	d, ss = 0;
	size_t	i;

	if (n < 2)
		return NAN;
	for (i = 0; i < n; i++) {
		d = (double)v[i] - mean;
		ss += d * d;
	}
	return sqrt(ss / (double)(n - 1));
}

/* Moves v[i] down the heap v[0..n) until its children are no larger. */
static void
summary_sift(int64_t *v, size_t i, size_t n)
{
	int64_t	x = v[i];
	size_t	c;

	while ((c = 2 * i + 1) < n) {
		if (c + 1 < n && v[c + 1] > v[c])
			c++;
		if (v[c] <= x)
			break;
		v[i] = v[c];
		i = c;
	}
	v[i] = x;
}

/* Sorts v ascending: inline, with no call per comparison (qsort's cost
 * was a tenth of a summary); insertion for a few, else a heap, which no
 * order of the input makes slow. */
static void
summary_sort_ms(int64_t *v, size_t n)
{
	int64_t	x;
	size_t	i, j;

	if (n <= 16) {
		for (i = 1; i < n; i++) {
			x = v[i];
			for (j = i; j > 0 && v[j - 1] > x; j--)
				v[j] = v[j - 1];
			v[j] = x;
		}
		return;
	}
	for (i = n / 2; i > 0; i--)
		summary_sift(v, i - 1, n);
	for (i = n - 1; i > 0; i--) {
		x = v[0];
		v[0] = v[i];
		v[i] = x;
		summary_sift(v, 0, i);
	}
}

static void
summary_swap(int64_t *a, int64_t *b)
{
	int64_t	x = *a;

	*a = *b;
	*b = x;
}

/* Splits v[0..n) (n over 2) about the median of its first, middle and
 * last values (Hoare's scheme): returns p, v[0..p] no larger and v[p +
 * 1..n) no smaller than that value, with p + 1 < n. */
static size_t
summary_partition(int64_t *v, size_t n)
{
	int64_t		 pivot;
	ptrdiff_t	 i = -1, j = (ptrdiff_t)n;
	size_t		 m = (n - 1) / 2;

	if (v[m] < v[0])
		summary_swap(&v[m], &v[0]);
	if (v[n - 1] < v[m]) {
		summary_swap(&v[n - 1], &v[m]);
		if (v[m] < v[0])
			summary_swap(&v[m], &v[0]);
	}
	pivot = v[m];
	for (;;) {
		while (v[++i] < pivot)
			;
		while (v[--j] > pivot)
			;
		if (i >= j)
			return (size_t)j;
		summary_swap(&v[i], &v[j]);
	}
}

/*
 * Puts the k-th smallest of v[0..n) (from 0) at v[k], those before it no
 * larger: all a median needs, a pass or two where sorting takes log n of
 * them (the day's median was a sixth of a summary).  A run of bad splits
 * sorts what is left, so no order of the input makes it slow.
 */
static void
summary_select(int64_t *v, size_t n, size_t k)
{
	size_t	lo = 0, hi = n, p, m, splits = 0;

	for (m = n; m > 0; m >>= 1)
		splits += 2;
	while (hi - lo > 16 && splits-- > 0) {
		p = lo + summary_partition(v + lo, hi - lo);
		if (k <= p)
			hi = p + 1;
		else
			lo = p + 1;
	}
	summary_sort_ms(v + lo, hi - lo);
}

double
summary_median(int64_t *v, size_t n)
{
	int64_t	lower;
	size_t	i;

	if (n == 0)
		return NAN;
	summary_select(v, n, n / 2);
	if (n % 2 == 1)
		return (double)v[n / 2];
	/* the other middle one: the largest of those before */
	lower = v[0];
	for (i = 1; i < n / 2; i++) {
		if (v[i] > lower)
			lower = v[i];
	}
	return ((double)lower + (double)v[n / 2]) / 2.0;
}

/* Index of a timeline group in summary order: alone (-1) is last. */
static size_t
summary_index(const struct timeline *tl, int g)
{
	return g < 0 ? tl->scheme->ngroups : (size_t)g;
}

/* An interaction with group g from obs time start to end: one more gap. */
static void
summary_interaction(struct summary_values *sv, size_t g, int64_t start,
    int64_t end)
{
	if (sv->has_end[g]) {
		sv->walk_gv[sv->nwalk_gv] = start - sv->end[g];
		sv->walk_gg[sv->nwalk_gv++] = g;
		sv->ngv[g]++;
	}
	sv->has_end[g] = 1;
	sv->end[g] = end;
}

/* A stretch of group g lasting ms: one more duration. */
static void
summary_stretch(struct summary_values *sv, size_t g, int64_t ms)
{
	sv->walk_d[sv->nwalk_d] = ms;
	sv->walk_dg[sv->nwalk_d++] = g;
	sv->nd[g]++;
}

/* Paused time before instant t listed after the walk's last stretch. */
static int64_t
summary_paused_before(const struct summary_walk *w, int64_t t)
{
	const struct tl_item	*s = w->last;
	int64_t			 in;

	if (s == NULL)
		return 0;
	if (s->kind != TL_PAUSE)
		return w->last_paused;
	in = t - s->start;
	if (in < 0)
		in = 0;
	if (in > s->end - s->start)
		in = s->end - s->start;
	return w->last_paused + in;
}

/* Fills the per-group figures from the values gathered by the walk. */
static void
summary_fill_groups(struct summary *sum, const struct summary_values *sv)
{
	struct summary_group	*sg;
	size_t			 ng = sum->ngroups, g, i, n;
	int64_t			*d, *gv;

	for (g = 0; g < ng; g++) {
		sg = &sum->groups[g];
		d = sv->d + sv->off[g];
		gv = sv->gv + sv->goff[g];
		n = sv->nd[g];
		sg->episodes = n;
		sg->ms = 0;
		sg->max_ms = 0;
		for (i = 0; i < n; i++) {
			sg->ms += d[i];
			if (d[i] > sg->max_ms)
				sg->max_ms = d[i];
		}
		sg->share = sum->observed_ms > 0 ?
		    (double)sg->ms / (double)sum->observed_ms : 0;
		sg->mean_ms = summary_mean(d, n);
		sg->sd_ms = summary_sd(d, n, sg->mean_ms);
		sg->median_ms = summary_median(d, n);

		n = sv->ngv[g];
		sg->ngaps = n;
		sg->gap_mean_ms = summary_mean(gv, n);
		sg->gap_sd_ms = summary_sd(gv, n, sg->gap_mean_ms);
	}
	sum->groups[ng - 1].presence_ms = sum->groups[ng - 1].ms;
}

/* An episode's ms to the presence of its group and of those with it (the
 * first 64 groups): a group at a time among the bits set, not a test of
 * every group. */
static void
summary_presence(struct summary *sum, const struct tl_item *item, size_t ng,
    int64_t ms)
{
	uint64_t	present = item->with;

	if (ng < 64)
		present &= (UINT64_C(1) << ng) - 1;
	if (item->group >= 0 && (size_t)item->group < ng && item->group < 64)
		present |= UINT64_C(1) << item->group;
	for (; present != 0; present &= present - 1)
		sum->groups[__builtin_ctzll(present)].presence_ms += ms;
}

/* An episode: its counts, presence, and whether it interrupts the
 * stretch or pause listed before it, prev. */
static void
summary_episode(struct summary *sum, struct summary_values *sv,
    const struct tl_item *item, const struct tl_item *prev, size_t ng)
{
	struct summary_group	*sg = &sum->groups[item->group];
	int64_t			 ms = item->end - item->start;

	if (item->by == RECORD_BY_HEAD) {
		sg->head_initiated++;
		sum->head_begun++;
	}
	summary_presence(sum, item, ng, ms);
	sum->episodes++;
	if (item->by == RECORD_BY_OTHER && prev != NULL &&
	    prev->kind != TL_PAUSE && prev->end == item->start)
		sum->interruptions++;
	sv->episodes[sv->nepisodes++] = ms;
	sv->under5 += ms < SUMMARY_UNDER5_MS;
	sv->under9 += ms < SUMMARY_UNDER9_MS;
}

/* A brief contact: counted, and an interaction of its own unless the
 * stretch listed just before is an episode of its group. */
static void
summary_brief(struct summary *sum, struct summary_values *sv,
    const struct summary_walk *w, const struct tl_item *item, size_t g)
{
	int64_t	t;

	sum->brief++;
	sum->groups[g].brief++;
	if (item->by == RECORD_BY_HEAD)
		sum->head_begun++;
	if (w->last != NULL && w->last->kind == TL_EPISODE &&
	    w->last->group == item->group)
		return;			/* inside its group's episode */
	t = item->start - summary_paused_before(w, item->start);
	summary_interaction(sv, g, t, t);
}

/* Walks the items once: the day's totals, the counts and presence, the
 * durations and the gaps in observed time. */
static void
summary_walk(const struct timeline *tl, struct summary *sum,
    struct summary_values *sv)
{
	const struct tl_item	*item;
	struct summary_walk	 w;
	size_t			 i, g, ng = tl->scheme->ngroups;
	int64_t			 ms;

	memset(&w, 0, sizeof w);
	for (i = 0; i < tl->nitems; i++) {
		item = &tl->items[i];
		ms = item->end - item->start;
		switch (item->kind) {
		case TL_EPISODE:
			summary_episode(sum, sv, item, w.last, ng);
			/* FALLTHROUGH */
		case TL_ALONE:
			sum->observed_ms += ms;
			if (ms > sum->longest_ms)
				sum->longest_ms = ms;
			g = summary_index(tl, item->group);
			summary_stretch(sv, g, ms);
			summary_interaction(sv, g, item->start - w.paused,
			    item->end - w.paused);
			w.last = item;
			w.last_paused = w.paused;
			break;
		case TL_PAUSE:
			sum->paused_ms += ms;
			w.last = item;
			w.last_paused = w.paused;
			w.paused += ms;
			break;
		case TL_BRIEF:
			summary_brief(sum, sv, &w, item,
			    summary_index(tl, item->group));
			break;
		default:
			break;
		}
	}
}

/* The day's rates and shares once the counts are known. */
static void
summary_rates(const struct timeline *tl, struct summary *sum,
    struct summary_values *sv)
{
	size_t	n = sv->nepisodes;
	double	observed;

	sum->span_ms = tl->end - tl->begin;
	sum->interactions = sum->episodes + sum->brief;
	sum->head_share = sum->interactions > 0 ?
	    (double)sum->head_begun / (double)sum->interactions : NAN;
	/* count * 3600000 / observed: one rounding, so 2 in 40 min is 3 */
	observed = (double)sum->observed_ms;
	sum->per_hour = sum->observed_ms > 0 ?
	    (double)sum->episodes * SUMMARY_HOUR_MS / observed : NAN;
	sum->interruptions_per_hour = sum->observed_ms > 0 ?
	    (double)sum->interruptions * SUMMARY_HOUR_MS / observed : NAN;
	sum->under5 = n > 0 ? (double)sv->under5 / (double)n : NAN;
	sum->under9 = n > 0 ? (double)sv->under9 / (double)n : NAN;
	sum->median_ms = summary_median(sv->episodes, n);
}

static int
summary_cmp_part(const void *a, const void *b)
{
	const struct summary_part	*x = a, *y = b;

	if (x->group != y->group)
		return x->group < y->group ? -1 : 1;
	return strcmp(x->name, y->name);
}

/*
 * One breakdown of the episodes: by person within group (field 0), by
 * location (1) or by mode (2).  Names are borrowed while sorting, then
 * copied into the rows kept.
 */
struct summary_part *
summary_parts(const struct timeline *tl, int field, size_t *np)
{
	const struct tl_item	*item;
	struct summary_part	*all, *out;
	const char		*name;
	size_t			 i, n = 0, k = 0;

	all = xcalloc(tl->nitems, sizeof *all);
	for (i = 0; i < tl->nitems; i++) {
		item = &tl->items[i];
		if (item->kind != TL_EPISODE)
			continue;
		name = field == 0 ? item->person :
		    field == 1 ? item->where : item->mode;
		if (name == NULL || *name == '\0')
			continue;
		all[n].group = field == 0 ? item->group : -1;
		all[n].name = (char *)name;
		all[n].episodes = 1;
		all[n].ms = item->end - item->start;
		n++;
	}
	qsort(all, n, sizeof *all, summary_cmp_part);
	out = xcalloc(n, sizeof *out);
	for (i = 0; i < n; i++) {
		if (k > 0 && summary_cmp_part(&out[k - 1], &all[i]) == 0) {
			out[k - 1].episodes++;
			out[k - 1].ms += all[i].ms;
			continue;
		}
		out[k] = all[i];
		out[k].name = xstrdup(all[i].name);
		k++;
	}
	free(all);
	*np = k;
	return out;
}

void
summary_compute(const struct timeline *tl, unsigned what, struct summary *sum)
{
	struct summary_values	 sv;

	memset(sum, 0, sizeof *sum);
	sum->ngroups = tl->scheme->ngroups + 1;
	sum->groups = xcalloc(sum->ngroups, sizeof *sum->groups);
	summary_values_init(&sv, tl, sum->ngroups);

	summary_walk(tl, sum, &sv);
	summary_values_group(&sv, sum->ngroups);
	summary_fill_groups(sum, &sv);
	summary_rates(tl, sum, &sv);
	free(sv.block);

	if ((what & SUMMARY_PARTS) == 0)
		return;
	sum->persons = summary_parts(tl, SUMMARY_BY_PERSON, &sum->npersons);
	sum->locations = summary_parts(tl, SUMMARY_BY_LOCATION,
	    &sum->nlocations);
	sum->modes = summary_parts(tl, SUMMARY_BY_MODE, &sum->nmodes);
}

const struct summary *
summary_given(const struct timeline *tl, const struct summary *given,
    unsigned what, struct summary *own)
{
	if (given != NULL) {
		memset(own, 0, sizeof *own);
		return given;
	}
	summary_compute(tl, what, own);
	return own;
}

void
summary_parts_free(struct summary_part *parts, size_t n)
{
	size_t	i;

	for (i = 0; i < n; i++)
		free(parts[i].name);
	free(parts);
}

void
summary_free(struct summary *sum)
{
	if (sum == NULL)
		return;
	free(sum->groups);
	summary_parts_free(sum->persons, sum->npersons);
	summary_parts_free(sum->locations, sum->nlocations);
	summary_parts_free(sum->modes, sum->nmodes);
	memset(sum, 0, sizeof *sum);
}

/* floor(a / b) for b > 0. */
static int64_t
summary_floor_div(int64_t a, int64_t b)
{
	int64_t	q = a / b;

	if (a % b != 0 && a < 0)
		q--;
	return q;
}

/* The clock-aligned bins of minutes over the day: the first one's start,
 * the width in ms and the count; -1 when the day has no span or would need
 * more than SUMMARY_MAX_BINS (a log may hold instants years apart: a clock
 * was wrong). */
static int
summary_bin_span(const struct timeline *tl, int minutes, int64_t *first,
    int64_t *w, size_t *nbins)
{
	if (minutes <= 0)
		return -1;
	*w = (int64_t)minutes * 60000;
	*first = summary_floor_div(tl->begin, *w) * *w;
	if (tl->end <= *first)
		return -1;
	*nbins = (size_t)summary_floor_div(tl->end - *first + *w - 1, *w);
	return *nbins > SUMMARY_MAX_BINS ? -1 : 0;
}

/* Adds the stretch [s, e) to column col of each bin it meets: ms holds
 * stride columns a bin. */
static void
summary_spread(int64_t *ms, size_t stride, size_t col, int64_t first,
    int64_t w, size_t nbins, int64_t s, int64_t e)
{
	int64_t	lo, hi;
	size_t	b;

	for (b = (size_t)summary_floor_div(s - first, w); b < nbins; b++) {
		lo = first + (int64_t)b * w;
		hi = lo + w;
		if (lo >= e)
			break;
		ms[b * stride + col] += (e < hi ? e : hi) - (s > lo ? s : lo);
	}
}

struct summary_bin *
summary_bins(const struct timeline *tl, int minutes, size_t *n)
{
	const struct tl_item	*item;
	struct summary_bin	*bins;
	size_t			 ng = tl->scheme->ngroups + 1, nbins, i, b, g;
	int64_t			 w, first, *ms;

	*n = 0;
	if (summary_bin_span(tl, minutes, &first, &w, &nbins) != 0)
		return NULL;
	ms = xcalloc(nbins * ng, sizeof *ms);
	for (i = 0; i < tl->nitems; i++) {
		item = &tl->items[i];
		if (item->kind == TL_EPISODE || item->kind == TL_ALONE)
			summary_spread(ms, ng, summary_index(tl, item->group),
			    first, w, nbins, item->start, item->end);
	}
	bins = xreallocarray(NULL, nbins, ng * sizeof *bins);
	for (b = 0; b < nbins; b++) {
		for (g = 0; g < ng; g++) {
			bins[b * ng + g].start = first + (int64_t)b * w;
			bins[b * ng + g].group = g + 1 == ng ? -1 : (int)g;
			bins[b * ng + g].ms = ms[b * ng + g];
		}
	}
	free(ms);
	*n = nbins * ng;
	return bins;
}

struct summary_transition *
summary_transitions(const struct timeline *tl, size_t *n)
{
	const struct tl_item		*item;
	struct summary_transition	*out;
	size_t				 ng = tl->scheme->ngroups + 1, i, a, b;
	size_t				*count, k = 0, prev = 0;
	int				 chain = 0;

	count = xcalloc(ng * ng, sizeof *count);
	for (i = 0; i < tl->nitems; i++) {
		item = &tl->items[i];
		if (item->kind == TL_PAUSE) {
			chain = 0;
			continue;
		}
		if (item->kind != TL_EPISODE && item->kind != TL_ALONE)
			continue;
		b = summary_index(tl, item->group);
		if (chain) {
			count[prev * ng + b]++;
			k += count[prev * ng + b] == 1;
		}
		prev = b;
		chain = 1;
	}
	out = xcalloc(k, sizeof *out);
	*n = 0;
	for (a = 0; a < ng; a++) {
		for (b = 0; b < ng; b++) {
			if (count[a * ng + b] == 0)
				continue;
			out[*n].from = a + 1 == ng ? -1 : (int)a;
			out[*n].to = b + 1 == ng ? -1 : (int)b;
			out[*n].count = count[a * ng + b];
			(*n)++;
		}
	}
	free(count);
	return out;
}

/* ---- dimensions ---- */

/* Where a value of dimension k sorts: its place in the scheme's list, or
 * after them all. */
static size_t
summary_value_rank(const struct scheme *sc, size_t k, const char *v,
    size_t len)
{
	return scheme_dim_value_index(&sc->dims[k], v, len);
}

/* The summary's order of a group: scheme order, alone last, the total
 * first. */
static int
summary_group_rank(const struct timeline *tl, int g)
{
	if (g == SUMMARY_ALL)
		return -1;
	return g < 0 ? (int)tl->scheme->ngroups : g;
}

static int
summary_dim_cmp(const struct timeline *tl, const struct summary_dim_row *a,
    const struct summary_dim_row *b)
{
	size_t	ra, rb, n;
	int	c;

	if (a->dim != b->dim)
		return a->dim < b->dim ? -1 : 1;
	ra = summary_value_rank(tl->scheme, a->dim, a->value, a->value_len);
	rb = summary_value_rank(tl->scheme, b->dim, b->value, b->value_len);
	if (ra != rb)
		return ra < rb ? -1 : 1;
	n = a->value_len < b->value_len ? a->value_len : b->value_len;
	if ((c = memcmp(a->value, b->value, n)) != 0)
		return c;
	if (a->value_len != b->value_len)
		return a->value_len < b->value_len ? -1 : 1;
	return summary_group_rank(tl, a->group) -
	    summary_group_rank(tl, b->group);
}

/* Adds a stretch of ms to the row (dim, value, group), made if new. */
static void
summary_dim_add(struct summary_dim_row **rows, size_t *n, size_t dim,
    const char *v, size_t len, int group, int64_t ms)
{
	struct summary_dim_row	*r;
	size_t			 i;

	for (i = 0; i < *n; i++) {
		r = &(*rows)[i];
		if (r->dim == dim && r->group == group &&
		    r->value_len == len && memcmp(r->value, v, len) == 0)
			break;
	}
	if (i == *n) {
		*rows = xreallocarray(*rows, *n + 1, sizeof **rows);
		r = &(*rows)[(*n)++];
		memset(r, 0, sizeof *r);
		r->dim = dim;
		r->value = v;
		r->value_len = len;
		r->group = group;
	}
	r->episodes++;
	r->ms += ms;
}

/* The bytes of the value that begins at v in *len (one ';' part of a
 * dimension of several) and where the next begins, NULL for none. */
static const char *
summary_dim_part(const struct scheme_dim *d, const char *v, size_t *len)
{
	const char	*semi = d->several ? strchr(v, ';') : NULL;

	*len = semi == NULL ? strlen(v) : (size_t)(semi - v);
	return semi == NULL ? NULL : semi + 1;
}

/* Adds each value (each ';' part, for several) an item holds. */
static void
summary_dim_item(const struct timeline *tl, const struct tl_item *it,
    struct summary_dim_row **rows, size_t *n)
{
	const char	*v, *next;
	size_t		 k, len;

	for (k = 0; k < tl->scheme->ndims; k++) {
		for (v = timeline_dim(it, k); v != NULL; v = next) {
			next = summary_dim_part(&tl->scheme->dims[k], v, &len);
			summary_dim_add(rows, n, k, v, len, SUMMARY_ALL,
			    it->end - it->start);
			summary_dim_add(rows, n, k, v, len,
			    it->kind == TL_ALONE ? -1 : it->group,
			    it->end - it->start);
		}
	}
}

struct summary_dim_row *
summary_dims(const struct timeline *tl, size_t *n)
{
	struct summary_dim_row	*rows = NULL, tmp;
	size_t			 i, j;

	*n = 0;
	for (i = 0; i < tl->nitems; i++) {
		if (tl->items[i].dims != NULL &&
		    (tl->items[i].kind == TL_EPISODE ||
		    tl->items[i].kind == TL_ALONE))
			summary_dim_item(tl, &tl->items[i], &rows, n);
	}
	for (i = 1; i < *n; i++) {	/* few rows: insertion sort */
		tmp = rows[i];
		for (j = i; j > 0 && summary_dim_cmp(tl, &rows[j - 1],
		    &tmp) > 0; j--)
			rows[j] = rows[j - 1];
		rows[j] = tmp;
	}
	for (i = 0; i < *n; i++)
		rows[i].share = tl->observed > 0 ?
		    (double)rows[i].ms / (double)tl->observed : 0;
	return rows;
}

/* The values of dimension k the day's bins are kept for: the scheme's,
 * then the others its stretches hold, as summary_dims orders them. */
static struct summary_dim_bin *
summary_dim_values(const struct timeline *tl, size_t k, size_t *nv)
{
	const struct scheme_dim	*d = &tl->scheme->dims[k];
	struct summary_dim_row	*r;
	struct summary_dim_bin	*v;
	size_t			 n, i;

	r = summary_dims(tl, &n);
	v = xcalloc(d->nvalues + n, sizeof *v);
	for (*nv = 0; *nv < d->nvalues; (*nv)++) {
		v[*nv].value = d->values[*nv];
		v[*nv].value_len = strlen(d->values[*nv]);
	}
	for (i = 0; i < n; i++) {
		if (r[i].dim == k && r[i].group == SUMMARY_ALL &&
		    summary_value_rank(tl->scheme, k, r[i].value,
		    r[i].value_len) == d->nvalues) {
			v[*nv].value = r[i].value;
			v[(*nv)++].value_len = r[i].value_len;
		}
	}
	free(r);
	return v;
}

/* The index in v[0..nv) of the value of len bytes at s (one is there). */
static size_t
summary_dim_value_index(const struct summary_dim_bin *v, size_t nv,
    const char *s, size_t len)
{
	size_t	i;

	for (i = 0; i + 1 < nv; i++) {
		if (v[i].value_len == len && memcmp(v[i].value, s, len) == 0)
			break;
	}
	return i;
}

struct summary_dim_bin *
summary_dim_bins(const struct timeline *tl, size_t k, int minutes,
    size_t *n)
{
	const struct tl_item	*it;
	struct summary_dim_bin	*vals, *bins;
	const char		*v, *next;
	size_t			 nv, nbins, i, b, len;
	int64_t			 w, first, *ms;

	*n = 0;
	if (k >= tl->scheme->ndims ||
	    summary_bin_span(tl, minutes, &first, &w, &nbins) != 0)
		return NULL;
	vals = summary_dim_values(tl, k, &nv);
	ms = xcalloc(nbins * nv + 1, sizeof *ms);
	for (i = 0; i < tl->nitems; i++) {
		it = &tl->items[i];
		if (it->kind != TL_EPISODE && it->kind != TL_ALONE)
			continue;
		for (v = timeline_dim(it, k); v != NULL; v = next) {
			next = summary_dim_part(&tl->scheme->dims[k], v, &len);
			summary_spread(ms, nv, summary_dim_value_index(vals,
			    nv, v, len), first, w, nbins, it->start, it->end);
		}
	}
	bins = xreallocarray(NULL, nbins * nv + 1, sizeof *bins);
	for (b = 0; b < nbins; b++) {
		for (i = 0; i < nv; i++) {
			bins[b * nv + i] = vals[i];
			bins[b * nv + i].start = first + (int64_t)b * w;
			bins[b * nv + i].ms = ms[b * nv + i];
		}
	}
	free(vals);
	free(ms);
	*n = nbins * nv;
	return bins;
}

int64_t
summary_dim_base(const struct summary *s, const struct scheme_dim *d)
{
	int64_t	alone = s->ngroups > 0 ? s->groups[s->ngroups - 1].ms : 0;

	switch (d->applies) {
	case SCHEME_FOR_EPISODES:
		return s->observed_ms - alone;
	case SCHEME_FOR_ALONE:
		return alone;
	default:
		return s->observed_ms;
	}
}
