/*
 * The days as an SDIS timed-event file (Bakeman and Quera's Sequential
 * Data Interchange Standard, the format GSEQ reads): one session per day,
 * each stretch an event "code,onset-offset".  Easy to get wrong: every code
 * is declared before the first session, so the sessions are kept until
 * the run ends and the file is written whole; and SDIS codes are words,
 * so group names are made into codes (sdis_code).
 */
#ifndef SDIS_H
#define SDIS_H

#include <stddef.h>

#include "err.h"
#include "timeline.h"

struct sdis;

struct sdis	*sdis_new(void);
/* Adds tl as the next session. */
void		 sdis_add(struct sdis *, const struct timeline *tl);
/* The file as it would be written (caller frees). */
char		*sdis_text(const struct sdis *);
/* Writes the file to path, mode 0600, whole or not at all (a temporary
 * file renamed into place and its directory synced); -1 with e set. */
int		 sdis_write(const struct sdis *, const char *path,
		    struct err *e);
void		 sdis_free(struct sdis *);

/* The SDIS code of a group name into buf (at most size - 1 bytes): ASCII
 * letters and digits kept, lower-cased, any run of other bytes one '_',
 * a leading letter added when it begins otherwise; never empty. */
void		 sdis_code(const char *name, char *buf, size_t size);

#endif
