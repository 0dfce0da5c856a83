/*
 * A table as data: a column spec and rows of typed cells, and one encoder
 * each for text (aligned for a person), CSV (RFC 4180, the contract's
 * columns) and JSON.  Easy to get wrong: the three forms must say the same
 * thing, so a cell holds a value (ms, a fraction, a count, a string), not
 * its spelling; each encoder spells it: a missing figure is "-" in text,
 * empty in CSV and null in JSON, and text from a log is made safe for a
 * terminal or valid UTF-8 for JSON.
 */
#ifndef TABLE_H
#define TABLE_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "err.h"

/* The forms a column is written in (or'd). */
#define TABLE_IN_TEXT	0x1
#define TABLE_IN_CSV	0x2
#define TABLE_IN_JSON	0x4
#define TABLE_IN_DATA	(TABLE_IN_CSV | TABLE_IN_JSON)
#define TABLE_IN_ALL	(TABLE_IN_TEXT | TABLE_IN_DATA)

struct table_column {
	const char	*key;		/* CSV header and JSON name */
	const char	*heading;	/* in text; NULL: the table has none */
	int		 in;		/* TABLE_IN_* */
	char		 align;		/* in text: 'l' or 'r' */
	const char	*missing;	/* in text for a missing string */
};

enum table_type {
	TABLE_STRING,	/* text from outside: NULL (and "" in text) missing */
	TABLE_WORD,	/* the program's own ASCII: bare in CSV and text */
	TABLE_COUNT,
	TABLE_MS,	/* exact ms: seconds with three decimals; a duration */
	TABLE_MS_D,	/* ms, NaN missing: as printf rounds; a duration */
	TABLE_SECONDS,	/* whole seconds: as TABLE_MS in data, digits in text */
	TABLE_FRACTION,	/* NaN missing: six decimals; "12.3%" in text */
	TABLE_RATE,	/* NaN missing: six decimals; "4.50" in text */
	TABLE_CLOCK,	/* ms since midnight: "HH:MM:SS[.mmm]", a JSON string */
	TABLE_HM,	/* ms since midnight cut to "HH:MM", a JSON string */
	TABLE_MARK	/* yes or no: "*" or nothing in text, true or false in
			   JSON, 1 or 0 in CSV */
};

struct table_cell {
	enum table_type	 type;
	union {
		const char	*s;
		size_t		 n;
		int64_t		 i;
		double		 d;
	} v;
	char		*own;		/* a string the table frees */
};

struct table {
	const struct table_column	*cols;	/* not owned */
	size_t				 ncols;
	struct table_cell		*cells;	/* row after row */
	size_t				 ncells;
	size_t				 size;
	size_t				 nown;	/* cells with own */
};

/* Starts an empty table of ncols columns as cols says (cols must outlive
 * it). */
void	table_init(struct table *, const struct table_column *cols,
	    size_t ncols);
/* Empties the table for the next rows, keeping its memory. */
void	table_clear(struct table *);
/* Frees the cells. */
void	table_free(struct table *);
/* The number of whole rows added. */
size_t	table_nrows(const struct table *);

/* The columns of a text grid (a pivot: the headings are its first row),
 * the first aligned left, the others right; caller frees. */
struct table_column *table_grid_columns(size_t ncols);

/* Add the next cell of the current row, in column order. */
void	table_string(struct table *, const char *s);	/* borrowed */
void	table_word(struct table *, const char *s);	/* borrowed */
void	table_own(struct table *, char *s);	/* a word, taken */
void	table_take_string(struct table *, char *s);	/* taken */
void	table_fmt(struct table *, const char *fmt, ...)
	    __attribute__((format(printf, 2, 3)));
void	table_count(struct table *, size_t n);
void	table_ms(struct table *, int64_t ms);
void	table_ms_d(struct table *, double ms);
void	table_seconds(struct table *, int64_t s);
void	table_fraction(struct table *, double v);
void	table_rate(struct table *, double v);
void	table_clock(struct table *, int64_t ms);
void	table_hm(struct table *, int64_t ms);
void	table_mark(struct table *, int yes);

/* Writes the text columns aligned, each as wide as its widest cell on a
 * terminal, the headings first if the columns have any, each line
 * indented by indent spaces. */
void	table_text(FILE *, const struct table *, int indent);
/* Writes the CSV header line of the CSV columns of cols. */
void	table_csv_header(FILE *, const struct table_column *cols,
	    size_t ncols);
/* Writes the CSV columns of every row. */
void	table_csv(FILE *, const struct table *);
/* Writes the JSON fields of row ("key": value, ...) without braces. */
void	table_json_fields(FILE *, const struct table *, size_t row);
/* Writes each row as a JSON object, after "\n" and indent, with a ","
 * before all but the first of the run; *n counts the run's rows. */
void	table_json_rows(FILE *, const struct table *, const char *indent,
	    size_t *n);
/* Writes the rows as a JSON array whose rows are indented by indent and
 * whose "]" is one space less (on the "[" line when empty). */
void	table_json_array(FILE *, const struct table *, const char *indent);

/* The spellings every encoder uses, for the parts of a document that are
 * not tables. */

/* Writes s as a JSON string (NULL as null); bytes that are not UTF-8 become
 * U+FFFD and controls are escaped. */
void	table_put_json_string(FILE *, const char *s);
/* Writes ms as seconds with three decimals. */
void	table_put_seconds(FILE *, int64_t ms);
/* Writes a figure in ms as seconds with three decimals, as printf rounds
 * ms / 1000; NaN is missing: nothing, or null when json. */
void	table_put_seconds_d(FILE *, double ms, int json);
/* Writes a fraction or a rate with six decimals, never "-0.000000"; NaN is
 * missing: nothing, or null when json. */
void	table_put_fraction(FILE *, double v, int json);
/* Flushes f and checks it for errors: 0, or -1 with e: ERR_IO, "writing
 * WHAT: why" (f has no name to give as e's file). */
int	table_flush(FILE *, const char *what, struct err *e);

/* Writes s made safe for a terminal (text_terminal); returns the columns
 * it takes there. */
size_t	table_put_safe(FILE *, const char *s);

#endif
