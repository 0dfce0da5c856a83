/*
 * Episodes CSV files (what shadowlog-analyse --episodes writes) read back
 * into timelines, one day at a time.  Easy to get wrong: a day is a run of
 * consecutive rows with the same school, head, observer and date, so the
 * row that shows a day has ended is the first row of the next one.
 */
#ifndef EPISODES_H
#define EPISODES_H

#include <stddef.h>

#include "scheme.h"
#include "timeline.h"

/* The header line, and so the columns, of an episodes CSV. */
#define EPISODES_HEADER	"school,head,observer,date,kind,start,end,"	\
	"duration_s,group,by,person,where,mode,with,note"
#define EPISODES_NCOLUMNS	15
/* The kinds of the rows that say something of the whole day, before its
 * items: a tag (note "KEY=VALUE"), the head's comment on the day, and a
 * correction after review in the words the summary lists it in. */
#define EPISODES_KIND_TAG		"tag"
#define EPISODES_KIND_COMMENT		"comment"
#define EPISODES_KIND_CORRECTION	"correction"
#define EPISODES_MAX_DAY	(64 * 1024 * 1024) /* bytes one day may hold */

/* The name of a kind in the kind column ("episode", "alone", ...). */
const char	*episodes_kind_name(enum tl_kind);

/* How the first bytes of a file look: 1 when its first line is the
 * episodes header (LF, CRLF or the end after it; a UTF-8 byte order mark
 * before it is allowed), -1 when it starts like some other CSV with a
 * school column ("school,"), else 0. */
int		 episodes_sniff(const char *buf, size_t len);

struct episodes_reader;

/* Opens path and checks its header line.  Groups are resolved against
 * scheme, which must outlive the reader.  -1 with *cause ("PATH: ..." or
 * "PATH:1: ...", caller frees) and *exit_code (66 missing, 74 unreadable,
 * 65 not an episodes CSV). */
int		 episodes_open(const char *path, const struct scheme *,
		    struct episodes_reader **, int *exit_code, char **cause);
/* Reads the next day into tl (which the caller frees with timeline_free
 * after a 1).  1 for a day, 0 at the end of the file, -1 with *cause
 * ("PATH:LINE: what is wrong") and *exit_code (65, or 74 for a read
 * error); after -1 the reader is spent. */
int		 episodes_next(struct episodes_reader *, struct timeline *tl,
		    int *exit_code, char **cause);
/* Goes back to the first day (for a second pass over a file). */
int		 episodes_rewind(struct episodes_reader *, int *exit_code,
		    char **cause);
void		 episodes_close(struct episodes_reader *);

#endif
