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
#include "timeline.h"

/* Writes the agreement of a and b (as agreement_compute found it) to f,
 * which stays the caller's: check ferror(f) afterwards. */
void	table_agreement_write(FILE *f, enum output_format,
	    const struct agreement *, const struct timeline *a,
	    const struct timeline *b);

#endif
