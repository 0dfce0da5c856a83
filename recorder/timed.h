/*
 * Timed commands: read every line, check the whole day, then write a new
 * log whole (temporary file, fsync, name) or append to an existing one in
 * place under its writer's lock.  Nothing is changed unless every line is
 * valid and every write succeeds.
 */
#ifndef TIMED_H
#define TIMED_H

#include <stdio.h>

#include "err.h"
#include "record.h"

#define TIMED_MAX_ERRORS 20	/* bad lines listed in one run; the rest
				   counted */

/* What a run has to say: why it failed (every bad line's error up to
 * TIMED_MAX_ERRORS, then one counting the rest), or what it mended. */
struct timed_report {
	struct err	 errors[TIMED_MAX_ERRORS + 1];
	size_t		 nerrors;
	struct err	 warning;	/* ERR_OK unless a torn tail was
					   repaired */
};

/* Reads commands from in (named in_name in messages) into path, creating
 * it with new_hdr if it does not exist, else appending to it.  Returns 0,
 * or -1 with at least one error in *report: ERR_DATA for the input (each
 * at its IN:LINE), ERR_NOINPUT, ERR_IO or ERR_CANTCREAT for the log,
 * ERR_TEMPFAIL when another recorder holds it.  The caller frees *report
 * with timed_report_free either way. */
int	timed_run(const char *path, const struct log_header *new_hdr,
	    FILE *in, const char *in_name, struct timed_report *report);
void	timed_report_free(struct timed_report *);

#endif
