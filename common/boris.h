/*
 * BORIS events exports (tabular or aggregated, TSV or CSV) and BORIS
 * projects (.boris, .boris.gz: see boris-project.h) read as timelines,
 * one per observation and subject.  Easy to get wrong: columns
 * move between BORIS versions, so each is found by its header name, and
 * the subjects of an observation interleave, so a whole observation is
 * read (within a bound) before its first timeline is handed on.
 */
#ifndef BORIS_H
#define BORIS_H

#include <stddef.h>

#include "err.h"
#include "timeline.h"

#define BORIS_NO_FOCAL		"No focal subject" /* BORIS's label for "" */
#define BORIS_MAX_GROUPS	35	/* behaviours: one key each, 'q' kept */
#define BORIS_MAX_OBSERVATION	(64 * 1024 * 1024) /* bytes one may hold */

/* How the first bytes of a file look: 1 when its first line begins with
 * the column "Observation id" (tab- or comma-separated; a UTF-8 byte order
 * mark before it is allowed) and holds "Behavior type" or goes on past
 * len, -1 when the whole first line is there but has no "Behavior type"
 * (another BORIS export, told in full by boris_open), else 0. */
int		 boris_sniff(const char *buf, size_t len);

struct boris_reader;

/* Maps the columns of the BORIS export open on fd (at its start), named
 * name in messages, from its header line; a project (boris_project_sniff)
 * is read whole instead, its ethogram the scheme.  Takes ownership of fd, closed
 * by boris_close or on failure.  subject (copied) picks one subject (the
 * others' rows are checked as rows, their states not paired); NULL for
 * all; BORIS_NO_FOCAL picks the rows whose Subject is empty or that
 * label.  -1 with e (ERR_DATA not an events export, ERR_IO unreadable). */
int		 boris_open(int fd, const char *name, const char *subject,
		    struct boris_reader **, struct err *);
/* Reads the next timeline into tl (which the caller frees with
 * timeline_free after a 1): head is the subject, tag "observation" the
 * observation id, date and clock from "Observation date"; its scheme has
 * the behaviours met so far (see boris_rescheme).  1 for a timeline, 0 at
 * the end, -1 with e (file, line, what is wrong; ERR_DATA, or ERR_IO for
 * a read error); after -1 the reader is spent.  A mistake of the file
 * (a bad row, an observation's rows apart, a behaviour, no such subject:
 * the message lists those there are) is told before one within an
 * observation, whichever comes first. */
int		 boris_next(struct boris_reader *, struct timeline *tl,
		    struct err *);
/* Reads the rest of the file with only the checks of the whole file
 * (rows, observations, behaviours, the subject), as boris_next tells
 * them; after it the reader is spent.  0, or -1 with e. */
int		 boris_check_rest(struct boris_reader *, struct err *);
/* Goes back to the first observation, on the same descriptor, keeping the
 * scheme: for a second pass over a file too big to keep (see
 * analyser/reader.c). */
int		 boris_rewind(struct boris_reader *, struct err *);
/* The scheme of the file as read so far: a group per behaviour code,
 * verbatim, in order of first appearance (so a group's index never
 * changes).  Belongs to the reader. */
const struct scheme *boris_scheme(const struct boris_reader *);
/* Gives tl, read before the end of the file, the scheme of the file as
 * read now (the behaviours met after it added). */
void		 boris_rescheme(const struct boris_reader *, struct timeline *);
/* Warning i (from 0) of reading a project (an observation left out),
 * "warning: FILE: ..."; NULL past the last, and for an export. */
const char	*boris_warning(const struct boris_reader *, size_t i);
void		 boris_close(struct boris_reader *);

#endif
