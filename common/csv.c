/*
 * Delimited text (CSV as RFC 4180 has it, or a record a line as TSV is)
 * read a byte at a time from a fixed buffer into one record buffer that
 * never grows past CSV_MAX_RECORD.  Easy to get wrong: a record's bytes
 * are counted as read (quotes included), so the limit holds before
 * anything is allocated for a longer one.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "csv.h"
#include "err.h"
#include "xmalloc.h"

#define CSV_BUF_SIZE	65536
#define CSV_BOM		"\xef\xbb\xbf"

/* How a read failed, kept inside: the caller sees ERR_DATA or ERR_IO. */
#define CSV_BAD		(-1)	/* not CSV: bad quoting, NUL, too long */
#define CSV_IOERR	(-2)	/* read(2) failed */

struct csv_reader {
	int		 fd;
	char		 delim;
	enum csv_quoting quoting;
	int		 started;	/* a byte order mark was looked for */
	char		 buf[CSV_BUF_SIZE];
	size_t		 pos;
	size_t		 len;
	int		 eof;

	char		*rec;		/* the record's fields, NUL-separated */
	size_t		 used;
	size_t		 size;
	size_t		*offs;		/* where each field starts in rec */
	char		**fields;	/* [fsize + 1] */
	size_t		 nfields;
	size_t		 fsize;

	size_t		 line;		/* the line the reader is on */
	size_t		 rec_line;	/* the line the record started on */
	size_t		 raw;		/* bytes of the record read so far */
	int		 failed;	/* CSV_BAD or CSV_IOERR, once failed */
	char		*why;
};

struct csv_reader *
csv_reader_new(int fd, char delim, enum csv_quoting quoting)
{
	struct csv_reader	*r;

	r = xcalloc(1, sizeof *r);
	r->fd = fd;
	r->delim = delim;
	r->quoting = quoting;
	r->line = 1;
	return r;
}

void
csv_reader_free(struct csv_reader *r)
{
	if (r == NULL)
		return;
	free(r->rec);
	free(r->offs);
	free(r->fields);
	free(r->why);
	free(r);
}

size_t
csv_line(const struct csv_reader *r)
{
	return r->rec_line;
}

/* The next byte, or -1 at the end; -2 on a read error (r->why set). */
static int
csv_getc(struct csv_reader *r)
{
	ssize_t	n;

	if (r->pos == r->len) {
		if (r->eof)
			return -1;
		do
			n = read(r->fd, r->buf, sizeof r->buf);
		while (n == -1 && errno == EINTR);
		if (n == -1) {
			r->why = xasprintf("read: %s", strerror(errno));
			return -2;
		}
		if (n == 0) {
			r->eof = 1;
			return -1;
		}
		r->pos = 0;
		r->len = (size_t)n;
	}
	return (unsigned char)r->buf[r->pos++];
}

/* The next byte without taking it, as csv_getc. */
static int
csv_peek(struct csv_reader *r)
{
	int	ch;

	if ((ch = csv_getc(r)) >= 0)
		r->pos--;
	return ch;
}

static int
csv_fail(struct csv_reader *r, int how, const char *why)
{
	if (r->why == NULL)
		r->why = xstrdup(why != NULL ? why : "read error");
	r->failed = how;
	return how;
}

/* Takes one byte of input into the count, failing past the limit. */
static int
csv_count(struct csv_reader *r)
{
	if (++r->raw > CSV_MAX_RECORD)
		return csv_fail(r, CSV_BAD, "record longer than 1 MiB");
	return 0;
}

static void
csv_append(struct csv_reader *r, char ch)
{
	if (r->used == r->size) {
		r->size = r->size == 0 ? 256 : r->size * 2;
		r->rec = xrealloc(r->rec, r->size);
	}
	r->rec[r->used++] = ch;
}

static int
csv_new_field(struct csv_reader *r)
{
	if (r->nfields == CSV_MAX_FIELDS)
		return csv_fail(r, CSV_BAD, "more than 1024 fields");
	if (r->nfields == r->fsize) {
		r->fsize = r->fsize == 0 ? 32 : r->fsize * 2;
		r->offs = xreallocarray(r->offs, r->fsize, sizeof *r->offs);
		r->fields = xreallocarray(r->fields, r->fsize + 1,
		    sizeof *r->fields);
	}
	r->offs[r->nfields++] = r->used;
	return 0;
}

/*
 * Reads a line end after CR: CR must be followed by LF.  Returns 0, or an
 * error.
 */
static int
csv_crlf(struct csv_reader *r)
{
	int	ch;

	if ((ch = csv_peek(r)) == -2)
		return csv_fail(r, CSV_IOERR, NULL);
	if (ch != '\n')
		return csv_fail(r, CSV_BAD, "carriage return outside quotes "
		    "not followed by a line feed");
	r->pos++;
	return csv_count(r);
}

/* Reads a quoted field's text after its opening quote, up to and
 * including the closing one. */
static int
csv_quoted(struct csv_reader *r)
{
	int	ch;

	for (;;) {
		if ((ch = csv_getc(r)) == -2)
			return csv_fail(r, CSV_IOERR, NULL);
		if (ch == -1)
			return csv_fail(r, CSV_BAD, "quoted field not closed "
			    "before the end of the file");
		if (csv_count(r) != 0)
			return CSV_BAD;
		if (ch == '\0')
			return csv_fail(r, CSV_BAD, "NUL byte");
		if (ch == '\n')
			r->line++;
		if (ch == '"') {
			if ((ch = csv_peek(r)) == -2)
				return csv_fail(r, CSV_IOERR, NULL);
			if (ch != '"')
				return 0;
			r->pos++;
			if (csv_count(r) != 0)
				return CSV_BAD;
		}
		csv_append(r, (char)ch);
	}
}

/*
 * Reads one field and the separator after it: *end is set to 1 when the
 * record ended (line end or end of file).
 */
static int
csv_field(struct csv_reader *r, int *end)
{
	int	ch, quoted = 0;

	if (csv_new_field(r) != 0)
		return CSV_BAD;
	for (;;) {
		if ((ch = csv_getc(r)) == -2)
			return csv_fail(r, CSV_IOERR, NULL);
		if (ch == -1) {
			*end = 1;
			break;
		}
		if (csv_count(r) != 0)
			return CSV_BAD;
		if (ch == r->delim)
			break;
		if (ch == '\n' || ch == '\r') {
			if (ch == '\r' && csv_crlf(r) != 0)
				return r->failed;
			r->line++;
			*end = 1;
			break;
		}
		if (quoted)
			return csv_fail(r, CSV_BAD, "text after a closing "
			    "quote (a quote inside a field is written \"\")");
		if (ch == '"') {
			if (r->offs[r->nfields - 1] != r->used)
				return csv_fail(r, CSV_BAD, "quote inside an "
				    "unquoted field");
			if (csv_quoted(r) != 0)
				return r->failed;
			quoted = 1;
			continue;
		}
		if (ch == '\0')
			return csv_fail(r, CSV_BAD, "NUL byte");
		csv_append(r, (char)ch);
	}
	csv_append(r, '\0');
	return 0;
}

/* Reads one line of up to CSV_MAX_RECORD bytes (its end, LF or CRLF,
 * not kept) into rec. */
static int
csv_line_in(struct csv_reader *r)
{
	int	ch;

	for (;;) {
		if ((ch = csv_getc(r)) == -2)
			return csv_fail(r, CSV_IOERR, NULL);
		if (ch == -1 || ch == '\n')
			break;
		if (ch == '\0')
			return csv_fail(r, CSV_BAD, "NUL byte");
		if (r->used == CSV_MAX_RECORD)
			return csv_fail(r, CSV_BAD, "row longer than 1 MiB");
		csv_append(r, (char)ch);
	}
	if (ch == '\n')
		r->line++;
	if (r->used > 0 && r->rec[r->used - 1] == '\r')
		r->used--;
	return 0;
}

/* The closing quote of a field wholly in quotes starting at p, when it
 * is followed by the delimiter or the end; else NULL (the field is then
 * taken verbatim). */
static char *
csv_quote_end(const struct csv_reader *r, char *p, char *end)
{
	char	*q;

	for (q = p + 1; q < end; q++) {
		if (*q != '"')
			continue;
		if (q + 1 < end && q[1] == '"') {
			q++;
			continue;
		}
		return q + 1 == end || q[1] == r->delim ? q : NULL;
	}
	return NULL;
}

/* Splits the line in rec at the delimiter, in place. */
static int
csv_split(struct csv_reader *r)
{
	char	*p = r->rec, *end = r->rec + r->used, *out = r->rec, *q;

	for (;;) {
		if (csv_new_field(r) != 0)
			return CSV_BAD;
		r->offs[r->nfields - 1] = (size_t)(out - r->rec);
		q = p < end && *p == '"' ? csv_quote_end(r, p, end) : NULL;
		if (q != NULL) {
			for (p++; p < q; p++) {
				*out++ = *p;
				if (*p == '"')
					p++;
			}
			p = q + 1;
		} else {
			while (p < end && *p != r->delim)
				*out++ = *p++;
		}
		if (p == end)
			break;
		*out++ = '\0';
		p++;		/* the delimiter */
	}
	*out = '\0';
	return 0;
}

/* Reads one record of CSV_LINES: a line, split. */
static int
csv_read_line(struct csv_reader *r)
{
	if (csv_line_in(r) != 0)
		return r->failed;
	csv_append(r, '\0');	/* room for the last field's end */
	r->used--;
	return csv_split(r);
}

/* Skips a UTF-8 byte order mark at the start of the input. */
static int
csv_skip_bom(struct csv_reader *r)
{
	ssize_t	n;

	r->started = 1;
	while (r->len - r->pos < 3 && !r->eof) {
		memmove(r->buf, r->buf + r->pos, r->len - r->pos);
		r->len -= r->pos;
		r->pos = 0;
		do
			n = read(r->fd, r->buf + r->len, sizeof r->buf - r->len);
		while (n == -1 && errno == EINTR);
		if (n == -1) {
			r->why = xasprintf("read: %s", strerror(errno));
			return csv_fail(r, CSV_IOERR, NULL);
		}
		if (n == 0)
			r->eof = 1;
		r->len += (size_t)n;
	}
	if (r->len - r->pos >= 3 && memcmp(r->buf + r->pos, CSV_BOM, 3) == 0)
		r->pos += 3;
	return 0;
}

int
csv_read(struct csv_reader *r, char ***fields, size_t *nfields, struct err *e)
{
	size_t	i;
	int	ch, end = 0;

	if (r->failed != 0)
		goto fail;
	if (!r->started && csv_skip_bom(r) != 0)
		goto fail;
	r->used = r->nfields = r->raw = 0;
	r->rec_line = r->line;
	if ((ch = csv_peek(r)) == -2) {
		csv_fail(r, CSV_IOERR, NULL);
		goto fail;
	}
	if (ch == -1)
		return CSV_EOF;
	if (r->quoting == CSV_LINES) {
		if (csv_read_line(r) != 0)
			goto fail;
	} else {
		while (!end) {
			if (csv_field(r, &end) != 0)
				goto fail;
		}
	}
	for (i = 0; i < r->nfields; i++)
		r->fields[i] = r->rec + r->offs[i];
	r->fields[r->nfields] = NULL;
	*fields = r->fields;
	*nfields = r->nfields;
	return CSV_ROW;

fail:
	err_set(e, r->failed == CSV_IOERR ? ERR_IO : ERR_DATA, "%s",
	    r->why != NULL ? r->why : "bad CSV");
	err_line(e, (int64_t)r->rec_line);
	return CSV_ERR;
}

int
csv_needs_quotes(const char *s)
{
	return s != NULL && s[strcspn(s, ",\"\r\n")] != '\0';
}

int
csv_is_formula(const char *s)
{
	return s != NULL && *s != '\0' && strchr(CSV_FORMULA_START, *s) != NULL;
}

int
csv_is_plain(const char *s)
{
	return s != NULL && !csv_is_formula(s) && *s != '\'' &&
	    !csv_needs_quotes(s);
}

void
csv_put(FILE *f, const char *s)
{
	int	formula;

	if (s == NULL)
		return;
	if (csv_is_plain(s)) {
		fputs(s, f);
		return;
	}
	formula = csv_is_formula(s) || *s == '\'';
	putc('"', f);
	if (formula)
		putc('\'', f);	/* shown as text, taken off on reading */
	for (; *s != '\0'; s++) {
		if (*s == '"')
			putc('"', f);
		putc(*s, f);
	}
	putc('"', f);
}

void
csv_unescape(char *s)
{
	if (s[0] == '\'' && (csv_is_formula(s + 1) || s[1] == '\''))
		memmove(s, s + 1, strlen(s));
}
