/*
 * The agreement between two observers (common/agreement.h) written as
 * text, CSV or JSON.  Easy to get wrong: unlike every other table of the
 * analyser its CSV is four tables, a header line each, an empty line
 * between them.
 */
#ifndef TABLE_AGREEMENT_H
#define TABLE_AGREEMENT_H

#include <stdio.h>

#include "agreement.h"
#include "output.h"
#include "table.h"
#include "timeline.h"

/* Writes the agreement of a and b (as agreement_compute found it) to f,
 * which stays the caller's: check ferror(f) afterwards. */
void	table_agreement_write(FILE *f, enum output_format,
	    const struct agreement *, const struct timeline *a,
	    const struct timeline *b);

/* A disagreement in words, "09:12:00–09:18:00: A coded teachers, B coded
 * SLT", with the names of tl (A's day); the caller frees it. */
char	*table_agreement_words(const struct agreement *,
	    const struct timeline *tl, const struct agreement_disagreement *);

/* Many pairs at once: a row per pair and the pooled figures. */
struct table_agreement_pairs {
	struct table		 rows;
	struct agreement_pool	 pool;
};

void	table_agreement_pairs_init(struct table_agreement_pairs *);
/* Adds the row of the pair a, b (their paths) whose agreement is ag, and
 * pools it; -1 with e (ERR_DATA) when it cannot be pooled (another
 * scheme), and then no row is added. */
int	table_agreement_pairs_add(struct table_agreement_pairs *,
	    const char *a, const char *b, const struct agreement *,
	    const struct scheme *, struct err *e);
/* Writes the rows and the pooled figures to f (check ferror(f)). */
void	table_agreement_pairs_write(FILE *f, enum output_format,
	    const struct table_agreement_pairs *);
void	table_agreement_pairs_free(struct table_agreement_pairs *);

#endif
