/*
 * The patterns among days or heads (--patterns) as tables: text for a
 * person, CSV (a row per day or head, with its pattern), JSON as one
 * document.  Easy to get wrong: a description holds group names from the
 * log, so it is text from outside, made safe like any other.
 */
#ifndef TABLE_PATTERNS_H
#define TABLE_PATTERNS_H

#include <stdint.h>
#include <stdio.h>

#include "output.h"
#include "patterns.h"

/* Writes the fitted patterns to f (the caller's), seeded with seed (said
 * in text and JSON).  Flushes f; -1 with e (ERR_IO) when writing
 * failed. */
int	table_patterns_write(FILE *f, enum output_format,
	    const struct patterns *, uint64_t seed, struct err *e);

#endif
