/*
 * The list of pairs for --agreement --pairs: a CSV of two columns, the
 * log of observer A and that of observer B, one pair a row, after an
 * optional header "a,b".  Easy to get wrong: a relative path in the list
 * is relative to the list's own directory, not to where the analyser runs.
 */
#ifndef PAIRS_H
#define PAIRS_H

#include <stddef.h>

#include "err.h"

struct pairs {
	char		**a;		/* owned, as resolved */
	char		**b;
	size_t		 *line;		/* of each pair in the list */
	size_t		  n;
};

/* Reads the list at path into *out (free with pairs_free); -1 with *e
 * when it cannot be read, is not CSV, has a row that is not two FILEs or
 * lists no pair. */
int	pairs_read(const char *path, struct pairs *out, struct err *e);
void	pairs_free(struct pairs *);

#endif
