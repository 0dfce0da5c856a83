/*
 * Lag-1 sequential statistics over transition counts, and counts pooled
 * over days by group name.  Easy to get wrong: a statistic whose
 * denominator is 0 is undefined (NAN, written empty), never 0 or inf.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "sequence.h"
#include "xmalloc.h"

/* The four statistics of a cell with count x, row total r, column total
 * c and table total n. */
static void
sequence_cell(double x, double r, double c, double n,
    struct sequence_stat *st)
{
	double	root, a, b, cc, d, den;

	st->expected = n > 0 ? r * c / n : NAN;
	st->probability = r > 0 ? x / r : NAN;
	root = n > 0 ? st->expected * (1 - r / n) * (1 - c / n) : 0;
	st->z = root > 0 ? (x - st->expected) / sqrt(root) : NAN;
	a = x;
	b = r - x;
	cc = c - x;
	d = n - r - c + x;
	den = a * d + b * cc;
	st->yule_q = den != 0 ? (a * d - b * cc) / den : NAN;
	st->marked = !isnan(st->z) && fabs(st->z) > SEQUENCE_Z_MARK;
}

void
sequence_stats(const struct summary_transition *tr, size_t n,
    struct sequence_stat *out)
{
	double	r, c, total = 0;
	size_t	i, j;

	for (i = 0; i < n; i++)
		total += (double)tr[i].count;
	for (i = 0; i < n; i++) {
		r = c = 0;
		for (j = 0; j < n; j++) {
			if (tr[j].from == tr[i].from)
				r += (double)tr[j].count;
			if (tr[j].to == tr[i].to)
				c += (double)tr[j].count;
		}
		sequence_cell((double)tr[i].count, r, c, total, &out[i]);
	}
}

void
sequence_pool_init(struct sequence_pool *p)
{
	memset(p, 0, sizeof *p);
}

/* The pool's index of a name, added (and the counts widened) if new. */
static size_t
sequence_pool_index(struct sequence_pool *p, const char *name)
{
	size_t	 i, j, old = p->nnames + 1, now;
	size_t	*count;

	for (i = 0; i < p->nnames; i++) {
		if (strcmp(p->names[i], name) == 0)
			return i;
	}
	p->names = xreallocarray(p->names, p->nnames + 1, sizeof *p->names);
	p->names[p->nnames++] = xstrdup(name);
	now = p->nnames + 1;
	count = xcalloc(now * now, sizeof *count);
	/* Alone stays last: its row and column move one place on. */
	for (i = 0; i < old && p->count != NULL; i++) {
		for (j = 0; j < old; j++)
			count[(i + 1 == old ? now - 1 : i) * now +
			    (j + 1 == old ? now - 1 : j)] = p->count[i * old + j];
	}
	free(p->count);
	p->count = count;
	return p->nnames - 1;
}

/* The pool's index of a day's group g (-1: alone, last). */
static size_t
sequence_pool_group(struct sequence_pool *p, const struct timeline *tl,
    int g)
{
	return g < 0 ? p->nnames : sequence_pool_index(p,
	    timeline_group_name(tl, g));
}

void
sequence_pool_add(struct sequence_pool *p, const struct timeline *tl,
    const struct summary_transition *tr, size_t n)
{
	size_t	i, a, b, g;

	/* Every group of the scheme first, so names keep scheme order. */
	for (g = 0; g < tl->scheme->ngroups; g++)
		sequence_pool_index(p, timeline_group_name(tl, (int)g));
	if (p->count == NULL)
		p->count = xcalloc(1, sizeof *p->count);
	for (i = 0; i < n; i++) {
		a = sequence_pool_group(p, tl, tr[i].from);
		b = sequence_pool_group(p, tl, tr[i].to);
		p->count[a * (p->nnames + 1) + b] += tr[i].count;
	}
	p->days++;
}

struct summary_transition *
sequence_pool_transitions(const struct sequence_pool *p, size_t *n)
{
	struct summary_transition	*out;
	size_t				 ng = p->nnames + 1, a, b;

	out = xcalloc(ng * ng, sizeof *out);
	*n = 0;
	for (a = 0; a < ng && p->count != NULL; a++) {
		for (b = 0; b < ng; b++) {
			if (p->count[a * ng + b] == 0)
				continue;
			out[*n].from = a + 1 == ng ? -1 : (int)a;
			out[*n].to = b + 1 == ng ? -1 : (int)b;
			out[*n].count = p->count[a * ng + b];
			(*n)++;
		}
	}
	return out;
}

const char *
sequence_pool_name(const struct sequence_pool *p, int i)
{
	return i < 0 ? "alone" : p->names[i];
}

void
sequence_pool_free(struct sequence_pool *p)
{
	size_t	i;

	for (i = 0; i < p->nnames; i++)
		free(p->names[i]);
	free(p->names);
	free(p->count);
	sequence_pool_init(p);
}
