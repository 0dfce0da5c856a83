/*
 * The comparison across days as tables: text for a person, CSV in the
 * contract's columns, JSON as one document.  Easy to get wrong: CSV is one
 * table (the shares, or with bins the pattern), so the day figures go to
 * text and JSON only, and a value from a log must never reach a terminal raw.
 */
#ifndef TABLE_COMPARE_H
#define TABLE_COMPARE_H

#include <stdint.h>
#include <stdio.h>

#include "compare.h"
#include "output.h"

/* Writes the whole comparison to f (which stays the caller's): in CSV the
 * shares table with the figures across heads at the end of each row, or
 * the pattern table when the comparison has bins; in text and JSON the
 * shares, the day figures and the pattern if any, then the figures across
 * heads.  seed seeds the bootstrap and the permutation tests.  Flushes f;
 * -1 with e (ERR_IO) when writing failed. */
int	table_compare_write(FILE *f, enum output_format,
	    const struct compare *, uint64_t seed, struct err *e);

#endif
