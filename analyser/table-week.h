/*
 * A head's week as tables (--week): text for a person, CSV and JSON, a row
 * per day and one for the week.  Easy to get wrong: the share columns are
 * the scheme's groups, so the columns are made for each week.
 */
#ifndef TABLE_WEEK_H
#define TABLE_WEEK_H

#include <stdio.h>

#include "output.h"
#include "week.h"

/* Writes the week w (of one head: week_is_one_head) to f, which stays the
 * caller's; flushes f; -1 with e (ERR_IO) when writing failed. */
int	table_week_write(FILE *f, enum output_format, const struct week *w,
	    struct err *e);

#endif
