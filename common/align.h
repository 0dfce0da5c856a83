/*
 * Two observers' sequences of coded events aligned one to one, by dynamic
 * programming: with a time tolerance (Bakeman, Quera and Gnisci 2009) or
 * by order alone (Needleman and Wunsch 1970).  Easy to get wrong: the
 * table is (na + 1) x (nb + 1) cells, so a very long day costs memory, and
 * ties between equally good alignments are broken in one fixed order
 * (pair, then A alone, then B alone) so that every run gives the same one.
 */
#ifndef ALIGN_H
#define ALIGN_H

#include <stddef.h>
#include <stdint.h>

#define ALIGN_NONE	((size_t)-1)	/* no event: the other is unmatched */

/* One event: when it began (ms) and its code. */
struct align_event {
	int64_t		 t;
	int		 code;
};

/* One step of an alignment: an event of A and one of B, or an event of
 * one of them with ALIGN_NONE for the other. */
struct align_pair {
	size_t		 a;
	size_t		 b;
};

/* Aligns a and b (each in time order) so as to cost least: a pair of the
 * same code costs 0, of different codes 1, an event left unmatched 1, and
 * two events are paired only when they began at most window ms apart.
 * Returns the number of steps; *out (caller frees) holds them in order. */
size_t	align_events(const struct align_event *a, size_t na,
	    const struct align_event *b, size_t nb, int64_t window,
	    struct align_pair **out);

/* Aligns the codes of a and b in order, whatever their times, to score
 * most: +1 for a pair of the same code, -1 for a pair of different codes
 * and for a gap.  Returns the number of steps; *out as for align_events. */
size_t	align_sequences(const struct align_event *a, size_t na,
	    const struct align_event *b, size_t nb, struct align_pair **out);

#endif
