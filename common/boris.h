/*
 * BORIS events exports (tabular or aggregated, TSV or CSV) read as
 * timelines, one per observation and subject.  Easy to get wrong: columns
 * move between BORIS versions, so each is found by its header name, and
 * the subjects of an observation interleave, so a whole observation is
 * read (within a bound) before its first timeline is handed on.
 */
#ifndef BORIS_H
#define BORIS_H

#include <stddef.h>

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

/* Opens path, maps its columns and reads it once through to find the
 * behaviours (the groups of every timeline, in order of first appearance)
 * and the subjects.  subject (copied) picks one subject (the others' rows
 * are checked as rows, their states not paired); NULL for all;
 * BORIS_NO_FOCAL picks the rows whose Subject is empty or that label.  -1
 * with *cause ("PATH: ..." or "PATH:LINE: ...", caller frees) and
 * *exit_code (66 missing, 74 unreadable, 65 not an events export, a bad
 * row, or no such subject: the message lists those there are). */
int		 boris_open(const char *path, const char *subject,
		    struct boris_reader **, int *exit_code, char **cause);
/* Reads the next timeline into tl (which the caller frees with
 * timeline_free after a 1): head is the subject, tag "observation" the
 * observation id, date and clock from "Observation date".  1 for a
 * timeline, 0 at the end, -1 with *cause ("PATH:LINE: what is wrong") and
 * *exit_code (65, or 74 for a read error); after -1 the reader is spent. */
int		 boris_next(struct boris_reader *, struct timeline *tl,
		    int *exit_code, char **cause);
/* Goes back to the first observation (for a second pass over a file). */
int		 boris_rewind(struct boris_reader *, int *exit_code,
		    char **cause);
/* The scheme every timeline of the file has: a group per behaviour code,
 * verbatim.  Belongs to the reader. */
const struct scheme *boris_scheme(const struct boris_reader *);
void		 boris_close(struct boris_reader *);

#endif
