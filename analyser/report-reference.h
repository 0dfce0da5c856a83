/*
 * The reference profiles beside a day (--references): where the file is,
 * and the report's section that sets the published figures beside the
 * head's where the definitions match.  Easy to get wrong: a withheld
 * figure is still listed, with why, never given a number of the day's.
 */
#ifndef REPORT_REFERENCE_H
#define REPORT_REFERENCE_H

#include <stdio.h>

#include "reference.h"
#include "summary.h"
#include "timeline.h"

/* The section's style rules, added to the report's with --references. */
extern const char report_reference_css[];
/* The reference profiles' file: $SHADOWLOG_REFERENCES, the source tree's
 * for a program run from its build tree, else the installed one. */
const char	*report_reference_path(void);
/* Writes the section "Beside the published studies" of one day. */
void		 report_reference_section(FILE *,
		    const struct reference_set *, const struct timeline *,
		    const struct summary *);

#endif
