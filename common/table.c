/*
 * Tables as data and their three encoders.  Cells are kept in one array,
 * row after row; a row is whole when it has a cell for every column, text
 * only and data only columns included, so that one builder serves all three
 * forms and each encoder picks its columns.
 */
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "csv.h"
#include "format.h"
#include "table.h"
#include "text.h"
#include "xmalloc.h"

#define TABLE_GAP	"  "	/* between the columns of a text table */

void
table_init(struct table *t, const struct table_column *cols, size_t ncols)
{
	memset(t, 0, sizeof *t);
	t->cols = cols;
	t->ncols = ncols;
}

void
table_clear(struct table *t)
{
	size_t	i;

	/* Most tables own nothing: no pass over their cells. */
	for (i = 0; t->nown > 0 && i < t->ncells; i++)
		free(t->cells[i].own);
	t->ncells = 0;
	t->nown = 0;
}

void
table_free(struct table *t)
{
	table_clear(t);
	free(t->cells);
	t->cells = NULL;
	t->size = 0;
}

size_t
table_nrows(const struct table *t)
{
	return t->ncols == 0 ? 0 : t->ncells / t->ncols;
}

struct table_column *
table_grid_columns(size_t ncols)
{
	struct table_column	*cols;
	size_t			 i;

	cols = xcalloc(ncols, sizeof *cols);
	for (i = 0; i < ncols; i++) {
		cols[i].in = TABLE_IN_TEXT;
		cols[i].align = i == 0 ? 'l' : 'r';
		cols[i].missing = "-";
	}
	return cols;
}

/* The next cell, blank but for its type. */
static struct table_cell *
table_add(struct table *t, enum table_type type)
{
	struct table_cell	*c;

	if (t->ncells == t->size) {
		t->size = t->size == 0 ? 64 : t->size * 2;
		t->cells = xreallocarray(t->cells, t->size, sizeof *t->cells);
	}
	c = &t->cells[t->ncells++];
	c->type = type;
	c->own = NULL;
	return c;
}

void
table_string(struct table *t, const char *s)
{
	table_add(t, TABLE_STRING)->v.s = s;
}

void
table_word(struct table *t, const char *s)
{
	table_add(t, TABLE_WORD)->v.s = s;
}

void
table_own(struct table *t, char *s)
{
	struct table_cell	*c = table_add(t, TABLE_WORD);

	c->v.s = c->own = s;
	t->nown++;
}

void
table_take_string(struct table *t, char *s)
{
	struct table_cell	*c = table_add(t, TABLE_STRING);

	c->v.s = c->own = s;
	t->nown++;
}

void
table_fmt(struct table *t, const char *fmt, ...)
{
	va_list	ap;

	va_start(ap, fmt);
	table_own(t, xvasprintf(fmt, ap));
	va_end(ap);
}

/* The setters of the cells that hold a number. */
#define TABLE_SETTER(name, type, member, ctype)			\
void									\
name(struct table *t, ctype x)						\
{									\
	table_add(t, type)->v.member = x;				\
}

TABLE_SETTER(table_count, TABLE_COUNT, n, size_t)
TABLE_SETTER(table_ms, TABLE_MS, i, int64_t)
TABLE_SETTER(table_ms_d, TABLE_MS_D, d, double)
TABLE_SETTER(table_seconds, TABLE_SECONDS, i, int64_t)
TABLE_SETTER(table_fraction, TABLE_FRACTION, d, double)
TABLE_SETTER(table_rate, TABLE_RATE, d, double)
TABLE_SETTER(table_clock, TABLE_CLOCK, i, int64_t)
TABLE_SETTER(table_hm, TABLE_HM, i, int64_t)

void
table_mark(struct table *t, int yes)
{
	table_add(t, TABLE_MARK)->v.n = yes != 0;
}

/* ---- spellings ---- */

void
table_put_json_string(FILE *f, const char *s)
{
	const unsigned char	*p = (const unsigned char *)s, *end;
	size_t			 n;

	if (s == NULL) {
		fputs("null", f);
		return;
	}
	end = p + strlen(s);
	putc('"', f);
	while (p < end) {
		n = text_utf8_len(p, (size_t)(end - p));
		if (n == 0) {
			fputs("\\ufffd", f);
			n = 1;
		} else if (*p == '"' || *p == '\\') {
			putc('\\', f);
			putc(*p, f);
		} else if (*p == '\n')
			fputs("\\n", f);
		else if (*p == '\t')
			fputs("\\t", f);
		else if (*p == '\r')
			fputs("\\r", f);
		else if (*p < 0x20 || *p == 0x7f)
			fprintf(f, "\\u%04x", *p);
		else if (n == 2 && text_is_control(p, n))	/* C1 */
			fprintf(f, "\\u%04x", (p[0] & 0x1f) << 6 |
			    (p[1] & 0x3f));
		else
			fwrite(p, 1, n, f);
		p += n;
	}
	putc('"', f);
}

/* Spells v in decimal at p, what "%" PRIu64 gives; returns the length. */
static size_t
table_spell_uint(char *p, uint64_t v)
{
	char	tmp[20], *d = tmp + sizeof tmp;
	size_t	n;

	do {
		*--d = (char)('0' + v % 10);
		v /= 10;
	} while (v != 0);
	n = (size_t)(tmp + sizeof tmp - d);
	memcpy(p, d, n);
	return n;
}

/* Spells ms as seconds with three decimals at p; returns the length. */
static size_t
table_spell_seconds(char *p, int64_t ms)
{
	uint64_t	v;
	size_t		n = 0;

	if (ms < 0) {
		p[n++] = '-';
		v = 0 - (uint64_t)ms;
	} else
		v = (uint64_t)ms;
	n += table_spell_uint(p + n, v / 1000);
	p[n++] = '.';
	p[n++] = (char)('0' + v % 1000 / 100);
	p[n++] = (char)('0' + v % 100 / 10);
	p[n++] = (char)('0' + v % 10);
	return n;
}

/* Spells v / scale with places decimals as printf does at p, 0 when |v| is
 * under tiny (never "-0.0" for a figure that is nothing); NaN is missing:
 * nothing, or null.  Returns the length. */
static size_t
table_spell_decimal(char *p, double v, double tiny, double scale,
    int places, int json)
{
	if (!isfinite(v)) {
		if (!json)
			return 0;
		memcpy(p, "null", 4);
		return 4;
	}
	if (fabs(v) < tiny)
		v = 0;
	return format_fixed(v / scale, places, p);
}

/* The tables' two decimals: seconds from ms and fractions. */
static size_t
table_spell_seconds_d(char *p, double ms, int json)
{
	return table_spell_decimal(p, ms, 0.0005, 1000.0, 3, json);
}

static size_t
table_spell_fraction(char *p, double v, int json)
{
	return table_spell_decimal(p, v, 0.0000005, 1.0, 6, json);
}

void
table_put_seconds(FILE *f, int64_t ms)
{
	char	buf[FORMAT_FIXED_LEN];

	fwrite(buf, 1, table_spell_seconds(buf, ms), f);
}

/*
 * As printf rounds the double ms / 1000: what a program holding times in
 * ms and printing floats writes, so that an exact half millisecond (the
 * median of an even count) rounds as it does there, not always up.
 */
void
table_put_seconds_d(FILE *f, double ms, int json)
{
	char	buf[FORMAT_FIXED_LEN];

	fwrite(buf, 1, table_spell_seconds_d(buf, ms, json), f);
}

void
table_put_fraction(FILE *f, double v, int json)
{
	char	buf[FORMAT_FIXED_LEN];

	fwrite(buf, 1, table_spell_fraction(buf, v, json), f);
}

size_t
table_put_safe(FILE *f, const char *s)
{
	char	*safe = text_terminal(s);
	size_t	 cols = text_width(safe);

	fputs(safe, f);
	free(safe);
	return cols;
}

/* ---- text ---- */

/* A cell as text, allocated (caller frees). */
static char *
table_text_cell(const struct table_cell *c, const struct table_column *col)
{
	const char	*missing = col->missing != NULL ? col->missing : "";
	char		 buf[FORMAT_LEN];

	switch (c->type) {
	case TABLE_STRING:
		return text_terminal(c->v.s == NULL || *c->v.s == '\0' ?
		    missing : c->v.s);
	case TABLE_WORD:
		return xstrdup(c->v.s != NULL ? c->v.s : missing);
	case TABLE_COUNT:
		return xasprintf("%zu", c->v.n);
	case TABLE_MS:
		return xstrdup(format_duration((double)c->v.i, FORMAT_SHORT,
		    buf));
	case TABLE_MS_D:
		return xstrdup(format_duration(c->v.d, FORMAT_SHORT, buf));
	case TABLE_SECONDS:
		return xasprintf("%lld", (long long)c->v.i);
	case TABLE_FRACTION:
		return xstrdup(format_percent(c->v.d, buf));
	case TABLE_RATE:
		return isfinite(c->v.d) ? xasprintf("%.2f", c->v.d) :
		    xstrdup("-");
	case TABLE_CLOCK:
		return xstrdup(format_clock(c->v.i, FORMAT_HMS, buf));
	case TABLE_HM:
		return xstrdup(format_clock(c->v.i, FORMAT_HM, buf));
	case TABLE_MARK:
		return xstrdup(c->v.n ? "*" : "");
	}
	return xstrdup("");
}

/* Writes one line of cells (already text) of the text columns. */
static void
table_text_line(FILE *f, const struct table *t, char **cell,
    const size_t *cols, const size_t *width, int indent)
{
	size_t	c, last = 0, pad;
	int	first = 1;

	for (c = 0; c < t->ncols; c++) {
		if (t->cols[c].in & TABLE_IN_TEXT)
			last = c;
	}
	for (c = 0; c < t->ncols; c++) {
		if (!(t->cols[c].in & TABLE_IN_TEXT))
			continue;
		pad = width[c] - cols[c];
		if (first)
			fprintf(f, "%*s", indent, "");
		else
			fputs(TABLE_GAP, f);
		first = 0;
		if (t->cols[c].align == 'r')
			fprintf(f, "%*s", (int)pad, "");
		fputs(cell[c], f);
		if (t->cols[c].align != 'r' && c != last)
			fprintf(f, "%*s", (int)pad, "");
	}
	putc('\n', f);
}

void
table_text(FILE *f, const struct table *t, int indent)
{
	size_t	 nrows = table_nrows(t), nlines, r, c, i;
	size_t	*width, *cols;
	char	**cell;
	int	 head = 0;

	for (c = 0; c < t->ncols; c++) {
		if ((t->cols[c].in & TABLE_IN_TEXT) && t->cols[c].heading)
			head = 1;
	}
	nlines = nrows + (size_t)head;
	cell = xcalloc(nlines * t->ncols + 1, sizeof *cell);
	cols = xcalloc(nlines * t->ncols + 1, sizeof *cols);
	width = xcalloc(t->ncols + 1, sizeof *width);
	for (c = 0; c < t->ncols && head; c++)
		cell[c] = xstrdup(t->cols[c].heading != NULL ?
		    t->cols[c].heading : "");
	for (r = 0; r < nrows; r++) {
		for (c = 0; c < t->ncols; c++) {
			if (t->cols[c].in & TABLE_IN_TEXT)
				cell[(r + head) * t->ncols + c] =
				    table_text_cell(&t->cells[r * t->ncols + c],
				    &t->cols[c]);
		}
	}
	for (i = 0; i < nlines * t->ncols; i++) {
		if (cell[i] == NULL)
			continue;
		cols[i] = text_width(cell[i]);
		if (cols[i] > width[i % t->ncols])
			width[i % t->ncols] = cols[i];
	}
	for (r = 0; r < nlines; r++)
		table_text_line(f, t, cell + r * t->ncols,
		    cols + r * t->ncols, width, indent);
	for (i = 0; i < nlines * t->ncols; i++)
		free(cell[i]);
	free(cell);
	free(cols);
	free(width);
}

/* ---- CSV ---- */

void
table_csv_header(FILE *f, const struct table_column *cols, size_t ncols)
{
	size_t	c;
	int	first = 1;

	for (c = 0; c < ncols; c++) {
		if (!(cols[c].in & TABLE_IN_CSV))
			continue;
		if (!first)
			putc(',', f);
		fputs(cols[c].key, f);
		first = 0;
	}
	putc('\n', f);
}

/*
 * A row's bytes on their way out: spelled into one buffer and written with
 * one fwrite, not a stdio call (and its lock) per cell.  Text from a log
 * goes straight to the file, after what is buffered.
 */
struct table_row {
	FILE	*f;
	size_t	 n;
	char	 buf[4096];
};

static void
table_row_flush(struct table_row *r)
{
	fwrite(r->buf, 1, r->n, r->f);
	r->n = 0;
}

/* Room for len more bytes, and for any one figure. */
static char *
table_row_room(struct table_row *r, size_t len)
{
	if (r->n + len + FORMAT_FIXED_LEN > sizeof r->buf)
		table_row_flush(r);
	return r->buf + r->n;
}

static void
table_row_put(struct table_row *r, const char *s, size_t len)
{
	if (len > sizeof r->buf - FORMAT_FIXED_LEN) {
		table_row_flush(r);
		fwrite(s, 1, len, r->f);
		return;
	}
	memcpy(table_row_room(r, len), s, len);
	r->n += len;
}

/* A string from outside, as CSV or a JSON string, after the row so far.
 * A plain CSV field (most: names, dates) joins the row's buffer rather
 * than costing a flush and a stdio call of its own. */
static void
table_row_text(struct table_row *r, const char *s, int json)
{
	if (!json && csv_is_plain(s)) {
		table_row_put(r, s, strlen(s));
		return;
	}
	table_row_flush(r);
	if (json)
		table_put_json_string(r->f, s);
	else
		csv_put(r->f, s);
}

/* Spells a figure as CSV or as a JSON value at p; returns the length. */
static size_t
table_spell_figure(char *p, const struct table_cell *c, int json)
{
	size_t	n = 0;

	switch (c->type) {
	case TABLE_COUNT:
		return table_spell_uint(p, c->v.n);
	case TABLE_MS:
		return table_spell_seconds(p, c->v.i);
	case TABLE_MS_D:
		return table_spell_seconds_d(p, c->v.d, json);
	case TABLE_SECONDS:
		return table_spell_seconds(p, c->v.i * 1000);
	case TABLE_FRACTION:
	case TABLE_RATE:
		return table_spell_fraction(p, c->v.d, json);
	case TABLE_CLOCK:
	case TABLE_HM:
		if (json)
			p[n++] = '"';
		format_clock(c->v.i, c->type == TABLE_HM ? FORMAT_HM :
		    FORMAT_HMS, p + n);
		n += strlen(p + n);
		if (json)
			p[n++] = '"';
		return n;
	case TABLE_MARK:
		if (!json) {
			p[0] = c->v.n ? '1' : '0';
			return 1;
		}
		n = c->v.n ? 4 : 5;
		memcpy(p, c->v.n ? "true" : "false", n);
		return n;
	default:
		return 0;
	}
}

/* Writes a cell as CSV or as a JSON value. */
static void
table_data_cell(struct table_row *r, const struct table_cell *c, int json)
{
	if (c->type == TABLE_STRING || (c->type == TABLE_WORD && json))
		table_row_text(r, c->v.s, json);
	else if (c->type == TABLE_WORD) {
		if (c->v.s != NULL)
			table_row_put(r, c->v.s, strlen(c->v.s));
	} else {
		table_row_room(r, 0);
		r->n += table_spell_figure(r->buf + r->n, c, json);
	}
}

/*
 * The plain text cells of the row above, per column (the first
 * TABLE_CSV_SAME): a day's rows repeat its school, head, observer and
 * date, and the same string in the same table (all its cells live while it
 * is written) is the same bytes, found plain once.
 */
#define TABLE_CSV_SAME	16

struct table_csv_above {
	const char	*s[TABLE_CSV_SAME];
	size_t		 len[TABLE_CSV_SAME];
};

/* Writes cell c of column col as CSV, the row above's spelling again when
 * it is the same plain string. */
static void
table_csv_cell(struct table_row *r, const struct table_cell *c, size_t col,
    struct table_csv_above *above)
{
	const char	*s = c->v.s;

	if (c->type != TABLE_STRING || col >= TABLE_CSV_SAME || s == NULL) {
		table_data_cell(r, c, 0);
		return;
	}
	if (s != above->s[col]) {
		if (!csv_is_plain(s)) {
			table_data_cell(r, c, 0);
			return;
		}
		above->s[col] = s;
		above->len[col] = strlen(s);
	}
	table_row_put(r, s, above->len[col]);
}

void
table_csv(FILE *f, const struct table *t)
{
	struct table_row	 row;
	struct table_csv_above	 above;
	size_t			 nrows = table_nrows(t), r, c;
	int			 first;

	memset(&above, 0, sizeof above);
	row.f = f;
	row.n = 0;
	for (r = 0; r < nrows; r++) {
		first = 1;
		for (c = 0; c < t->ncols; c++) {
			if (!(t->cols[c].in & TABLE_IN_CSV))
				continue;
			if (!first)
				table_row_put(&row, ",", 1);
			table_csv_cell(&row, &t->cells[r * t->ncols + c], c,
			    &above);
			first = 0;
		}
		table_row_put(&row, "\n", 1);
	}
	table_row_flush(&row);
}

/* ---- JSON ---- */

void
table_json_fields(FILE *f, const struct table *t, size_t row)
{
	struct table_row	 r;
	size_t			 c;
	int			 first = 1;

	r.f = f;
	r.n = 0;
	for (c = 0; c < t->ncols; c++) {
		if (!(t->cols[c].in & TABLE_IN_JSON))
			continue;
		if (!first)
			table_row_put(&r, ", ", 2);
		table_row_put(&r, "\"", 1);
		table_row_put(&r, t->cols[c].key, strlen(t->cols[c].key));
		table_row_put(&r, "\": ", 3);
		table_data_cell(&r, &t->cells[row * t->ncols + c], 1);
		first = 0;
	}
	table_row_flush(&r);
}

void
table_json_rows(FILE *f, const struct table *t, const char *indent,
    size_t *n)
{
	size_t	nrows = table_nrows(t), r;

	for (r = 0; r < nrows; r++) {
		fputs((*n)++ == 0 ? "\n" : ",\n", f);
		fputs(indent, f);
		putc('{', f);
		table_json_fields(f, t, r);
		putc('}', f);
	}
}

void
table_json_array(FILE *f, const struct table *t, const char *indent)
{
	size_t	n = 0;

	putc('[', f);
	table_json_rows(f, t, indent, &n);
	if (n > 0)
		fprintf(f, "\n%.*s]", (int)(strlen(indent) - 1), indent);
	else
		putc(']', f);
}

int
table_flush(FILE *f, const char *what, struct err *e)
{
	errno = 0;
	if (fflush(f) == 0 && !ferror(f))
		return 0;
	return err_set(e, ERR_IO, "writing %s: %s", what, errno != 0 ?
	    strerror(errno) : "write error");
}
