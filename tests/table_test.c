/*
 * Tables as data (common/table.c): one table, its three encodings.
 */
#include <locale.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "csv.h"
#include "err.h"
#include "table.h"
#include "test.h"
#include "text.h"

static const struct table_column cols[] = {
	{ "name", "name", TABLE_IN_ALL, 'l', "-" },
	{ "day", NULL, TABLE_IN_CSV, 'l', NULL },
	{ NULL, "as text", TABLE_IN_TEXT, 'r', NULL },
	{ "n", "n", TABLE_IN_ALL, 'r', NULL },
	{ "seconds", "time", TABLE_IN_ALL, 'r', NULL },
	{ "mean_s", "mean", TABLE_IN_DATA, 'r', NULL },
	{ "share", "share", TABLE_IN_ALL, 'r', NULL },
	{ "at", "at", TABLE_IN_ALL, 'l', NULL }
};

/* Two rows: one whole, one with its figures missing and hostile text. */
static void
fill(struct table *t)
{
	table_init(t, cols, sizeof cols / sizeof cols[0]);
	table_string(t, "SLT, all");
	table_word(t, "2026-11-16");
	table_word(t, "x");
	table_count(t, 3);
	table_ms(t, 456000);
	table_ms_d(t, 1500.5);
	table_fraction(t, 0.25);
	table_clock(t, 37801500);
	table_string(t, "=a\x1b[2J\"");
	table_string(t, NULL);
	table_fmt(t, "#%d", 12);
	table_count(t, 0);
	table_ms(t, -1);
	table_ms_d(t, NAN);
	table_fraction(t, NAN);
	table_hm(t, 90 * 60000);
}

/* What f wrote to a memory stream, run over t (caller frees). */
static char *
encode(void (*put)(FILE *, const struct table *), const struct table *t)
{
	char	*buf = NULL;
	size_t	 len = 0;
	FILE	*f = open_memstream(&buf, &len);

	T_TRUE(f != NULL);
	put(f, t);
	fclose(f);
	return buf;
}

static void
text0(FILE *f, const struct table *t)
{
	table_text(f, t, 0);
}

static void
json(FILE *f, const struct table *t)
{
	table_json_array(f, t, "  ");
}

static const struct table_column text_cols[] = {
	{ "a", NULL, TABLE_IN_CSV, 'l', NULL },
	{ "b", NULL, TABLE_IN_CSV, 'l', NULL },
	{ "c", NULL, TABLE_IN_CSV, 'l', NULL },
	{ "d", NULL, TABLE_IN_CSV, 'l', NULL },
	{ "e", NULL, TABLE_IN_CSV, 'l', NULL }
};

/* Text cells in CSV, those a row's buffer takes (plain, longer than the
 * buffer) and those csv_put writes (quoted, marked), are csv_put's bytes
 * in order. */
static void
test_csv_text(void)
{
	const char	*in[] = { "School 00", "'kept", "", "x\ny", NULL };
	struct table	 t;
	char		*got, *want = NULL, *big;
	size_t		 len = 0, i, r;
	FILE		*f;

	big = malloc(6001);
	T_TRUE(big != NULL);
	memset(big, 'a', 6000);
	big[6000] = '\0';
	in[2] = big;
	table_init(&t, text_cols, 5);
	f = open_memstream(&want, &len);
	T_TRUE(f != NULL);
	for (r = 0; r < 3; r++) {
		for (i = 0; i < 5; i++) {
			table_string(&t, in[(i + r) % 5]);
			if (i > 0)
				putc(',', f);
			csv_put(f, in[(i + r) % 5]);
		}
		putc('\n', f);
	}
	fclose(f);
	got = encode(table_csv, &t);
	T_EQ_STR(got, want);
	T_TRUE(strncmp(want, "School 00,\"''kept\",aaa", 22) == 0);
	free(got);
	free(want);
	free(big);
	table_free(&t);
}

static void
test_three_forms(void)
{
	struct table	 t;
	char		*s;

	fill(&t);
	T_EQ_INT(table_nrows(&t), 2);
	s = encode(text0, &t);
	T_EQ_STR(s,
	    "name        as text  n   time  share  at\n"
	    "SLT, all          x  3  7m36s  25.0%  10:30:01.500\n"
	    "=a\\x1b[2J\"      #12  0     0s      -  01:30\n");
	free(s);
	s = encode(table_csv, &t);
	T_EQ_STR(s, "\"SLT, all\",2026-11-16,3,456.000,1.500,0.250000,"
	    "10:30:01.500\n"
	    "\"'=a\x1b[2J\"\"\",,0,-0.001,,,01:30\n");
	free(s);
	s = encode(json, &t);
	T_EQ_STR(s, "[\n"
	    "  {\"name\": \"SLT, all\", \"n\": 3, \"seconds\": 456.000, "
	    "\"mean_s\": 1.500, \"share\": 0.250000, "
	    "\"at\": \"10:30:01.500\"},\n"
	    "  {\"name\": \"=a\\u001b[2J\\\"\", \"n\": 0, \"seconds\": -0.001, "
	    "\"mean_s\": null, \"share\": null, \"at\": \"01:30\"}\n ]");
	free(s);
	table_free(&t);
}

static void
test_headers_and_empty(void)
{
	struct table	 t;
	char		*buf = NULL, *s;
	size_t		 len = 0;
	FILE		*f = open_memstream(&buf, &len);

	T_TRUE(f != NULL);
	table_csv_header(f, cols, sizeof cols / sizeof cols[0]);
	fclose(f);
	T_EQ_STR(buf, "name,day,n,seconds,mean_s,share,at\n");
	free(buf);
	table_init(&t, cols, sizeof cols / sizeof cols[0]);
	s = encode(json, &t);
	T_EQ_STR(s, "[]");
	free(s);
	s = encode(table_csv, &t);
	T_EQ_STR(s, "");
	free(s);
	table_free(&t);
}

static const struct table_column many_cols[] = {
	{ "word", NULL, TABLE_IN_DATA, 'l', NULL },
	{ "n", NULL, TABLE_IN_DATA, 'r', NULL },
	{ "mean_s", NULL, TABLE_IN_DATA, 'r', NULL },
	{ "share", NULL, TABLE_IN_DATA, 'r', NULL }
};

/* Rows past one buffer of the encoders, and a word longer than it: the
 * same bytes as printf's, in order. */
static void
test_many_rows(void)
{
	struct table	 t;
	char		*s, *want = NULL, *long_word;
	size_t		 len = 0, i;
	FILE		*f = open_memstream(&want, &len);

	T_TRUE(f != NULL);
	long_word = malloc(10001);
	T_TRUE(long_word != NULL);
	memset(long_word, 'w', 10000);
	long_word[10000] = '\0';
	table_init(&t, many_cols, sizeof many_cols / sizeof many_cols[0]);
	for (i = 0; i < 2000; i++) {
		table_word(&t, i == 1000 ? long_word : "w");
		table_count(&t, i);
		table_ms_d(&t, (double)i * 1234.5625 - 1e6);
		table_fraction(&t, (double)i / 7.0);
		fprintf(f, "%s,%zu,%.3f,%.6f\n", i == 1000 ? long_word : "w",
		    i, ((double)i * 1234.5625 - 1e6) / 1000.0, (double)i / 7.0);
	}
	fclose(f);
	s = encode(table_csv, &t);
	T_TRUE(strcmp(s, want) == 0);
	free(s);
	free(want);
	free(long_word);
	table_free(&t);
}

static const struct table_column name_cols[] = {
	{ "name", "name", TABLE_IN_ALL, 'l', "-" },
	{ "n", "n", TABLE_IN_ALL, 'r', NULL }
};

/* Names in any script line up: widths are columns on a terminal, not
 * bytes or characters. */
static void
test_display_width(void)
{
	static const char *const names[] = {
		"\xe4\xb8\xad\xe6\x96\x87",	/* two wide CJK: 4 columns */
		"\xf0\x9f\x8e\x89",		/* an emoji: 2 */
		"\xc3\xa9",			/* e acute: 1 */
		"e\xcc\x81",			/* e, combining acute: 1 */
		"abcde"
	};
	struct table	 t;
	char		*s;
	size_t		 i;

	if (setlocale(LC_CTYPE, "C.UTF-8") == NULL) {
		CU_FAIL("no C.UTF-8 locale");
		return;
	}
	T_EQ_INT(text_width("\xe4\xb8\xad\xe6\x96\x87 e\xcc\x81"), 6);
	table_init(&t, name_cols, 2);
	for (i = 0; i < sizeof names / sizeof names[0]; i++) {
		table_string(&t, names[i]);
		table_count(&t, i + 1);
	}
	s = encode(text0, &t);
	T_EQ_STR(s,
	    "name   n\n"
	    "\xe4\xb8\xad\xe6\x96\x87   1\n"
	    "\xf0\x9f\x8e\x89     2\n"
	    "\xc3\xa9      3\n"
	    "e\xcc\x81      4\n"
	    "abcde  5\n");
	free(s);
	table_free(&t);
	setlocale(LC_CTYPE, "C");
}

/* A stream that cannot be written: ERR_IO, "writing WHAT: why" (a stream
 * has no name, so no file); one that can: 0 and e untouched. */
static void
test_flush(void)
{
	struct err	 e = ERR_INIT;
	FILE		*f;

	if ((f = fopen("/dev/full", "w")) == NULL) {
		fprintf(stderr, "\n  no /dev/full: a failing flush not "
		    "tried\n");
		return;
	}
	fputs("one row\n", f);
	T_EQ_INT(table_flush(f, "the week", &e), -1);
	T_EQ_INT(e.code, ERR_IO);
	T_EQ_STR(e.msg, "writing the week: No space left on device");
	T_TRUE(e.file == NULL && e.line == 0 && e.offset == -1);
	err_clear(&e);
	fclose(f);
	f = tmpfile();
	CU_ASSERT_PTR_NOT_NULL_FATAL(f);
	fputs("one row\n", f);
	T_EQ_INT(table_flush(f, "the week", &e), 0);
	T_EQ_INT(e.code, ERR_OK);
	fclose(f);
}

void
table_test_register(void)
{
	CU_pSuite s = CU_add_suite("table", NULL, NULL);

	CU_add_test(s, "one table as text, CSV and JSON", test_three_forms);
	CU_add_test(s, "CSV header and an empty table", test_headers_and_empty);
	CU_add_test(s, "CSV text cells as csv_put writes them", test_csv_text);
	CU_add_test(s, "text columns by display width", test_display_width);
	CU_add_test(s, "rows past the row buffer, a word longer than it",
	    test_many_rows);
	CU_add_test(s, "a failed flush: ERR_IO, what it was writing",
	    test_flush);
}
