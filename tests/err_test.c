/*
 * The error model (common/err.c): one rendering of what and where, and
 * the one table of exit statuses.
 */
#include <stdlib.h>
#include <sysexits.h>

#include "err.h"
#include "test.h"

static void
expect_text(const struct err *e, const char *want)
{
	char *s = err_text(e);

	T_EQ_STR(s, want);
	free(s);
}

static void
test_text(void)
{
	struct err e = ERR_INIT;

	T_EQ_INT(err_set(&e, ERR_DATA, "seq %d follows seq %d", 9, 3), -1);
	expect_text(&e, "seq 9 follows seq 3");
	err_file(&e, "day.slog");
	expect_text(&e, "day.slog: seq 9 follows seq 3");
	err_offset(&e, 0);
	expect_text(&e, "day.slog: byte 0: seq 9 follows seq 3");
	err_line(&e, 4);	/* a line wins over an offset */
	expect_text(&e, "day.slog:4: seq 9 follows seq 3");
	/* A new error keeps the file but not the old place. */
	err_set(&e, ERR_IO, "disk full");
	expect_text(&e, "day.slog: disk full");
	T_EQ_INT(e.code, ERR_IO);
	err_clear(&e);
	T_EQ_INT(e.code, ERR_OK);
	T_TRUE(e.file == NULL && e.msg == NULL && e.offset == -1);
}

static void
test_move(void)
{
	struct err a = ERR_INIT, b = ERR_INIT;

	err_set(&a, ERR_NOINPUT, "No such file or directory");
	err_file(&a, "x.csv");
	err_set(&b, ERR_DATA, "old");
	err_move(&b, &a);
	T_EQ_INT(b.code, ERR_NOINPUT);
	T_TRUE(a.msg == NULL && a.file == NULL && a.code == ERR_OK);
	expect_text(&b, "x.csv: No such file or directory");
	err_clear(&b);
}

/* A caller names what it was reading; a bridge takes the bare words. */
static void
test_prefix_take(void)
{
	struct err	 e = ERR_INIT;
	char		*msg;

	err_set(&e, ERR_USAGE, "date '2026-13-01' does not exist");
	err_file(&e, "in.txt");
	err_line(&e, 3);
	T_EQ_INT(err_prefix(&e, "%s: ", "--date"), -1);
	expect_text(&e, "in.txt:3: --date: date '2026-13-01' does not exist");
	T_EQ_INT(e.code, ERR_USAGE);
	msg = err_take(&e);
	T_EQ_STR(msg, "--date: date '2026-13-01' does not exist");
	T_TRUE(e.msg == NULL && e.file == NULL && e.code == ERR_OK);
	free(msg);
	/* A caller that only asks whether it failed passes NULL. */
	T_EQ_INT(err_set(NULL, ERR_DATA, "ignored"), -1);
	T_EQ_INT(err_file(NULL, "x"), -1);
	T_EQ_INT(err_prefix(NULL, "x"), -1);
}

static void
test_exit_codes(void)
{
	T_EQ_INT(err_exit_code(ERR_OK), EX_OK);
	T_EQ_INT(err_exit_code(ERR_USAGE), EX_USAGE);
	T_EQ_INT(err_exit_code(ERR_DATA), EX_DATAERR);
	T_EQ_INT(err_exit_code(ERR_NOINPUT), EX_NOINPUT);
	T_EQ_INT(err_exit_code(ERR_CANTCREAT), EX_CANTCREAT);
	T_EQ_INT(err_exit_code(ERR_IO), EX_IOERR);
	T_EQ_INT(err_exit_code(ERR_TEMPFAIL), EX_TEMPFAIL);
	T_EQ_INT(err_exit_code(ERR_SOFTWARE), EX_SOFTWARE);
	T_EQ_INT(err_exit_code(ERR_UNAVAILABLE), EX_UNAVAILABLE);
	T_EQ_INT(err_exit_code((enum err_code)99), EX_SOFTWARE);
}

void
err_test_register(void)
{
	CU_pSuite s = CU_add_suite("err", NULL, NULL);

	CU_add_test(s, "one rendering of what and where", test_text);
	CU_add_test(s, "moving an error", test_move);
	CU_add_test(s, "a caller's words before, a bridge's take",
	    test_prefix_take);
	CU_add_test(s, "the exit statuses", test_exit_codes);
}
