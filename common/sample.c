/*
 * Instantaneous sampling of a day's stretches.  Easy to get wrong: the
 * stretches tile the day, so the one in force at t is the first stretch
 * whose end is after t; brief contacts and notes are never in force.
 */
#include <math.h>
#include <stdlib.h>

#include "sample.h"
#include "xmalloc.h"

static int
sample_stretch(const struct tl_item *it)
{
	return it->kind == TL_EPISODE || it->kind == TL_ALONE ||
	    it->kind == TL_PAUSE;
}

struct sample_point *
sample_points(const struct timeline *tl, int minutes, size_t *n)
{
	struct sample_point	*out;
	int64_t			 step = (int64_t)minutes * 60000, t;
	size_t			 j = 0, max;

	*n = 0;
	if (minutes <= 0 || tl->end <= tl->begin ||
	    (tl->end - tl->begin - 1) / step >= SAMPLE_MAX_POINTS)
		return NULL;
	max = (size_t)((tl->end - tl->begin - 1) / step) + 1;
	out = xcalloc(max, sizeof *out);
	for (t = tl->begin; t < tl->end; t += step) {
		while (j < tl->nitems && (!sample_stretch(&tl->items[j]) ||
		    tl->items[j].end <= t))
			j++;
		if (j == tl->nitems)
			break;
		if (tl->items[j].kind == TL_PAUSE || tl->items[j].start > t)
			continue;
		out[*n].at = t;
		out[*n].item = &tl->items[j];
		(*n)++;
	}
	if (*n == 0) {
		free(out);
		return NULL;
	}
	return out;
}

void
sample_shares(const struct timeline *tl, const struct sample_point *p,
    size_t n, struct sample_share *out)
{
	const struct tl_item	*it;
	size_t			 ng = tl->scheme->ngroups, i, g;
	int64_t			*ms;

	ms = xcalloc(ng + 1, sizeof *ms);
	for (g = 0; g <= ng; g++)
		out[g].points = 0;
	for (i = 0; i < n; i++) {
		g = p[i].item->kind == TL_EPISODE ? (size_t)p[i].item->group :
		    ng;
		out[g].points++;
	}
	for (i = 0; i < tl->nitems; i++) {
		it = &tl->items[i];
		if (it->kind == TL_EPISODE)
			ms[it->group] += it->end - it->start;
		else if (it->kind == TL_ALONE)
			ms[ng] += it->end - it->start;
	}
	for (g = 0; g <= ng; g++) {
		out[g].point_share = n > 0 ? (double)out[g].points / n : NAN;
		out[g].time_share = tl->observed > 0 ?
		    (double)ms[g] / tl->observed : NAN;
	}
	free(ms);
}
