/*
 * Episodes CSV files (what shadowlog-analyse --episodes writes) read back
 * into timelines, one day at a time.  Easy to get wrong: a day is a run of
 * consecutive rows with the same school, head, observer and date, so the
 * row that shows a day has ended is the first row of the next one.
 */
#ifndef EPISODES_H
#define EPISODES_H

#include <stddef.h>
#include <stdio.h>

#include "err.h"
#include "scheme.h"
#include "table.h"
#include "timeline.h"

/* The header line, and so the columns, of an episodes CSV: the contract's
 * 15, which older exports and hand-made files have. */
#define EPISODES_HEADER	"school,head,observer,date,kind,start,end,"	\
	"duration_s,group,by,person,where,mode,with,note"
#define EPISODES_NCOLUMNS	15
/* What the analyser writes: the 15, then the day's tags (every row), the
 * head's comment on the day and its corrections (the day's first row). */
#define EPISODES_HEADER_DAY	EPISODES_HEADER ",tags,day_comment,corrections"
#define EPISODES_NCOLUMNS_DAY	18
/* Then one column per dimension of the run's scheme (issue 15), named
 * after it, in the scheme's order; none for a scheme without them. */
#define EPISODES_MAX_DAY	(64 * 1024 * 1024) /* bytes one day may hold */

/* The name of a kind in the kind column ("episode", "alone", ...). */
const char	*episodes_kind_name(enum tl_kind);

/* How the first bytes of a file look: 1 when its first line is an
 * episodes header (15 or 18 columns) (LF, CRLF or the end after it; a UTF-8 byte order mark
 * before it is allowed), -1 when it starts like some other CSV with a
 * school column ("school,"), else 0. */
int		 episodes_sniff(const char *buf, size_t len);

/* The day's tags as the tags column holds them: KEY=VALUE in header
 * order joined by ';', with a backslash, ';' or '=' in a key or value
 * written after a backslash.  NULL when the day has none; caller frees. */
char		*episodes_tags(const struct timeline *);
/* The day's corrections as the corrections column holds them: in the
 * summary's words, in the order made, joined by a line feed.  NULL when
 * there are none; caller frees. */
char		*episodes_corrections(const struct timeline *);

struct episodes_reader;

/* Reads and checks the header line of the episodes CSV open on fd (at its
 * start), named name in messages; columns after the 18 are the scheme's
 * dimensions, by name.  Takes ownership of fd, closed by
 * episodes_close or on failure.  Groups are resolved against scheme,
 * which must outlive the reader.  -1 with e (ERR_DATA not an episodes
 * CSV, ERR_IO unreadable). */
int		 episodes_open(int fd, const char *name, const struct scheme *,
		    struct episodes_reader **, struct err *);
/* Reads the next day into tl (which the caller frees with timeline_free
 * after a 1).  1 for a day, 0 at the end of the file, -1 with e (file,
 * line, what is wrong; ERR_DATA, or ERR_IO for a read error); after -1
 * the reader is spent. */
int		 episodes_next(struct episodes_reader *, struct timeline *tl,
		    struct err *);
/* Goes back to the first day, on the same descriptor: for a second pass
 * over a file too big to keep (see analyser/reader.c). */
int		 episodes_rewind(struct episodes_reader *, struct err *);
void		 episodes_close(struct episodes_reader *);

/* ---- the writer ---- */

/* The four columns a row of any day table starts with (school, head,
 * observer, date), written in the forms in (TABLE_IN_*). */
#define EPISODES_DAY_COLUMNS(in)			\
	{ "school", NULL, (in), 'l', NULL },		\
	{ "head", NULL, (in), 'l', NULL },		\
	{ "observer", NULL, (in), 'l', NULL },		\
	{ "date", NULL, (in), 'l', NULL }

/* The columns of EPISODES_HEADER_DAY: all in CSV, the first 15 in JSON. */
extern const struct table_column
		episodes_table_columns[EPISODES_NCOLUMNS_DAY];

/* The group column of an item: a name, "alone", or NULL. */
const char	*episodes_item_group(const struct timeline *,
		    const struct tl_item *);
/* Adds the cells of the day columns of tl to t (borrowed from tl). */
void		 episodes_day_cells(struct table *t, const struct timeline *tl);
/* The columns of an episodes table for a run of scheme s: the 18, then
 * one per dimension of s; *n says how many.  Caller frees. */
struct table_column *episodes_columns_for(const struct scheme *s, size_t *n);
/* Columns base[0..nbase), then one per dimension of s named after it, in
 * the tables in (TABLE_IN_DATA, or TABLE_IN_ALL with the name as heading
 * and "-" for none); *n says how many.  Caller frees. */
struct table_column *episodes_columns_with_dims(
		    const struct table_column *base, size_t nbase,
		    const struct scheme *s, int in, size_t *n);
/* The cells of t's columns from from on, each a dimension column: the
 * value item has for the day's dimension of its name (borrowed), none
 * when the day has no such dimension. */
void		 episodes_dim_cells(struct table *t, const struct timeline *tl,
		    const struct tl_item *it, size_t from);
/* Adds tl's rows to t, made with episodes_table_columns or the columns of
 * episodes_columns_for (a dimension column holds the value of the day's
 * dimension of that name); the cells borrow from tl. */
void		 episodes_table(struct table *t, const struct timeline *tl);
/* Writes the header line of an episodes CSV for a run of scheme s. */
void		 episodes_write_header(FILE *, const struct scheme *s);
/* Writes tl's rows of an episodes CSV (what episodes_next reads back) for
 * a run of scheme s. */
void		 episodes_write(FILE *, const struct timeline *tl,
		    const struct scheme *s);

#endif
