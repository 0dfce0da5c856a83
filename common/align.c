/*
 * Alignment by dynamic programming over the (na + 1) x (nb + 1) table:
 * the best cost of aligning the first i events of A with the first j of
 * B, and the step that reached it, walked back from the corner.  Easy to
 * get wrong: both alignments share the walk back, so the score of one is
 * the negated cost of the other (the walk minimises).
 */
#include <stdint.h>
#include <stdlib.h>

#include "align.h"
#include "xmalloc.h"

#define ALIGN_IMPOSSIBLE	INT64_MAX	/* a pair outside the window */

enum align_step {
	ALIGN_PAIR,
	ALIGN_A_ALONE,		/* A's event unmatched: up a row */
	ALIGN_B_ALONE		/* B's event unmatched: left a column */
};

/* What pairing a's event with b's costs, or ALIGN_IMPOSSIBLE. */
typedef int64_t (*align_cost)(const struct align_event *,
    const struct align_event *, int64_t window);

static int64_t
align_cost_events(const struct align_event *x, const struct align_event *y,
    int64_t window)
{
	int64_t	d = x->t > y->t ? x->t - y->t : y->t - x->t;

	if (d > window)
		return ALIGN_IMPOSSIBLE;
	return x->code == y->code ? 0 : 1;
}

/* Needleman-Wunsch's scores as costs: a match -1, a mismatch +1. */
static int64_t
align_cost_sequences(const struct align_event *x,
    const struct align_event *y, int64_t window)
{
	(void)window;
	return x->code == y->code ? -1 : 1;
}

/* Walks the steps back from (na, nb); returns how many, *out in order. */
static size_t
align_back(const unsigned char *step, size_t na, size_t nb,
    struct align_pair **out)
{
	struct align_pair	*p;
	size_t			 i = na, j = nb, n = 0, k;
	struct align_pair	 t;

	p = xreallocarray(NULL, na + nb + 1, sizeof *p);
	while (i > 0 || j > 0) {
		switch (step[i * (nb + 1) + j]) {
		case ALIGN_PAIR:
			p[n].a = --i;
			p[n].b = --j;
			break;
		case ALIGN_A_ALONE:
			p[n].a = --i;
			p[n].b = ALIGN_NONE;
			break;
		default:
			p[n].a = ALIGN_NONE;
			p[n].b = --j;
			break;
		}
		n++;
	}
	for (k = 0; k < n / 2; k++) {
		t = p[k];
		p[k] = p[n - 1 - k];
		p[n - 1 - k] = t;
	}
	*out = p;
	return n;
}

/* The table, a row of costs at a time; a gap costs 1 either way. */
static size_t
align_run(const struct align_event *a, size_t na,
    const struct align_event *b, size_t nb, int64_t window, align_cost cost,
    struct align_pair **out)
{
	unsigned char	*step;
	int64_t		*prev, *cur, *tmp, c, best;
	size_t		 i, j, w = nb + 1, n;

	step = xreallocarray(NULL, (na + 1) * w, 1);
	prev = xreallocarray(NULL, w, sizeof *prev);
	cur = xreallocarray(NULL, w, sizeof *cur);
	for (j = 0; j <= nb; j++) {
		prev[j] = (int64_t)j;
		step[j] = ALIGN_B_ALONE;
	}
	for (i = 1; i <= na; i++) {
		cur[0] = (int64_t)i;
		step[i * w] = ALIGN_A_ALONE;
		for (j = 1; j <= nb; j++) {
			best = prev[j] + 1;
			step[i * w + j] = ALIGN_A_ALONE;
			c = cost(&a[i - 1], &b[j - 1], window);
			if (c != ALIGN_IMPOSSIBLE && prev[j - 1] + c <= best) {
				best = prev[j - 1] + c;
				step[i * w + j] = ALIGN_PAIR;
			}
			if (cur[j - 1] + 1 < best) {
				best = cur[j - 1] + 1;
				step[i * w + j] = ALIGN_B_ALONE;
			}
			cur[j] = best;
		}
		tmp = prev;
		prev = cur;
		cur = tmp;
	}
	n = align_back(step, na, nb, out);
	free(step);
	free(prev);
	free(cur);
	return n;
}

size_t
align_events(const struct align_event *a, size_t na,
    const struct align_event *b, size_t nb, int64_t window,
    struct align_pair **out)
{
	return align_run(a, na, b, nb, window, align_cost_events, out);
}

size_t
align_sequences(const struct align_event *a, size_t na,
    const struct align_event *b, size_t nb, struct align_pair **out)
{
	return align_run(a, na, b, nb, 0, align_cost_sequences, out);
}
