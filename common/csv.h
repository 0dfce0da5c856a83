/*
 * CSV as RFC 4180 has it: a streaming field reader with bounded memory and
 * a field writer.  Easy to get wrong: a record may span lines (a newline
 * inside quotes), so the line a record starts on is not the line the
 * reader is at, and a hostile file must meet a limit, never an allocation.
 */
#ifndef CSV_H
#define CSV_H

#include <stddef.h>
#include <stdio.h>

#define CSV_MAX_RECORD	(1024 * 1024)	/* bytes in one record, as read */
#define CSV_MAX_FIELDS	1024		/* fields in one record */

enum csv_result {
	CSV_IOERR = -2,		/* read(2) failed */
	CSV_BAD = -1,		/* not CSV: bad quoting, NUL, too long */
	CSV_EOF = 0,
	CSV_ROW = 1
};

struct csv_reader;

/* A reader over fd, which stays the caller's to close.  Lines end in LF
 * or CRLF. */
struct csv_reader *csv_reader_new(int fd);
void	csv_reader_free(struct csv_reader *);

/* Reads the next record.  CSV_ROW with *fields (NUL-terminated strings;
 * quotes removed, "" made one ") and *nfields set; they belong to the
 * reader and last until the next call.  CSV_EOF at the end; CSV_BAD or
 * CSV_IOERR with *cause (caller frees; no file name, no line).  After an
 * error every later call fails the same way. */
int	csv_read(struct csv_reader *, char ***fields, size_t *nfields,
	    char **cause);
/* The line (from 1) on which the record last read, or the bad one, starts. */
size_t	csv_line(const struct csv_reader *);

/* Non-zero when a field must be quoted: it holds a comma, a quote, CR or
 * LF. */
int	csv_needs_quotes(const char *s);
/* Writes one field, quoted (with quotes doubled) when it needs it; NULL is
 * written as an empty field. */
void	csv_put(FILE *, const char *s);

#endif
