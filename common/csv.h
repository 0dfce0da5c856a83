/*
 * Delimited text: a streaming field reader with bounded memory for CSV as
 * RFC 4180 has it and for TSV (any delimiter, a record a line), and a CSV
 * field writer.  Easy to get wrong: a CSV record may span lines (a newline
 * inside quotes), so the line a record starts on is not the line the
 * reader is at, and a hostile file must meet a limit, never an allocation.
 */
#ifndef CSV_H
#define CSV_H

#include <stddef.h>
#include <stdio.h>

#include "err.h"

#define CSV_MAX_RECORD	(1024 * 1024)	/* bytes in one record, as read */
#define CSV_MAX_FIELDS	1024		/* fields in one record */

enum csv_result {
	CSV_ERR = -1,		/* with a struct err: ERR_DATA (not CSV: bad
				   quoting, NUL, too long) or ERR_IO */
	CSV_EOF = 0,
	CSV_ROW = 1
};

/* How quotes are read. */
enum csv_quoting {
	CSV_QUOTES,		/* RFC 4180: a quoted field may hold anything,
				   line ends included; a stray quote is bad */
	CSV_LINES		/* TSV: a record is a line; a field wholly in
				   quotes (as Python's csv module writes one
				   holding the delimiter) loses them, any
				   other quote is text */
};

struct csv_reader;

/* A reader over fd, from where it is, which stays the caller's to close.
 * Fields end at delim; lines end in LF or CRLF; a UTF-8 byte order mark
 * at the start is skipped. */
struct csv_reader *csv_reader_new(int fd, char delim, enum csv_quoting);
void	csv_reader_free(struct csv_reader *);

/* Reads the next record.  CSV_ROW with *fields (NUL-terminated strings;
 * quotes removed, "" made one ") and *nfields set (a blank line is one
 * empty field); they belong to the
 * reader and last until the next call.  CSV_EOF at the end; CSV_ERR with
 * e (ERR_DATA or ERR_IO, and the record's line; the caller adds the file).
 * After an error every later call fails the same way. */
int	csv_read(struct csv_reader *, char ***fields, size_t *nfields,
	    struct err *e);
/* The line (from 1) on which the record last read, or the bad one, starts. */
size_t	csv_line(const struct csv_reader *);

/* What a spreadsheet takes a cell beginning with for a formula (OWASP's
 * list for CSV injection). */
#define CSV_FORMULA_START	"=+-@\t\r"

/* Non-zero when a field must be quoted: it holds a comma, a quote, CR or
 * LF. */
int	csv_needs_quotes(const char *s);
/* Non-zero when s begins with a character of CSV_FORMULA_START. */
int	csv_is_formula(const char *s);
/* Non-zero when csv_put writes s as it is: not NULL, no quotes needed,
 * nothing a spreadsheet would run, no ' to keep. */
int	csv_is_plain(const char *s);
/* Writes one text field, quoted (with quotes doubled) when it needs it;
 * NULL is written as an empty field.  A field a spreadsheet would run, or
 * one beginning with ', gets a ' before it inside quotes, so that it shows
 * as text and csv_unescape gives it back exactly.  Numbers are written
 * without it: a negative one must stay a number. */
void	csv_put(FILE *, const char *s);
/* Takes off, in place, the ' that csv_put put before a field. */
void	csv_unescape(char *s);

#endif
