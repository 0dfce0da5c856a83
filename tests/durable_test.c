/*
 * Tests for the atomic-file writer: a file written whole is 0600 and in
 * place, an old file is replaced only by a whole new one, and a failure
 * or an abort leaves the old file and no temporary one.
 */
#include <sys/stat.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "durable.h"
#include "err.h"
#include "test.h"
#include "xmalloc.h"

/* The whole text of path, or NULL. */
static char *
slurp(const char *path)
{
	char	 buf[256];
	FILE	*f;
	size_t	 n;

	if ((f = fopen(path, "r")) == NULL)
		return NULL;
	n = fread(buf, 1, sizeof buf - 1, f);
	fclose(f);
	buf[n] = '\0';
	return xstrdup(buf);
}

static void
test_durable_write(void)
{
	struct err	 e = ERR_INIT;
	struct stat	 sb;
	char		*dir = test_tmpdir(), *path, *text, *bad;

	path = xasprintf("%s/chart.svg", dir);
	T_EQ_INT(durable_write(path, "first", 5, 1, &e), 0);
	text = slurp(path);
	T_EQ_STR(text, "first");
	free(text);
	T_EQ_INT(stat(path, &sb), 0);
	T_EQ_INT(sb.st_mode & 0777, 0600);
	/* Replaced whole; no temporary file beside it. */
	T_EQ_INT(durable_write(path, "second one", 10, 0, &e), 0);
	text = slurp(path);
	T_EQ_STR(text, "second one");
	free(text);
	T_EQ_INT(test_entries(dir), 1);
	/* A directory that is not there: nothing made, and said where. */
	bad = xasprintf("%s/no/such/chart.svg", dir);
	T_EQ_INT(durable_write(bad, "x", 1, 1, &e), -1);
	T_EQ_INT(e.code, ERR_CANTCREAT);
	T_EQ_STR(e.file, bad);
	T_HAS_STR(e.msg, "cannot create a temporary file");
	err_clear(&e);
	free(bad);
	unlink(path);
	free(path);
	rmdir(dir);
	free(dir);
}

static void
test_durable_stream(void)
{
	struct durable	 d;
	struct err	 e = ERR_INIT;
	struct stat	 sb;
	char		*dir = test_tmpdir(), *path, *text;

	path = xasprintf("%s/report.html", dir);
	T_EQ_INT(durable_write(path, "old", 3, 1, &e), 0);
	/* Written in parts: the old file stays until the commit. */
	T_EQ_INT(durable_open(&d, path, &e), 0);
	fputs("<html>", d.f);
	T_EQ_INT(test_entries(dir), 2);
	text = slurp(path);
	T_EQ_STR(text, "old");
	free(text);
	fputs("</html>", d.f);
	T_EQ_INT(durable_commit(&d, &e), 0);
	text = slurp(path);
	T_EQ_STR(text, "<html></html>");
	free(text);
	T_EQ_INT(stat(path, &sb), 0);
	T_EQ_INT(sb.st_mode & 0777, 0600);
	T_EQ_INT(test_entries(dir), 1);
	/* An abort leaves the old file and nothing else. */
	T_EQ_INT(durable_open(&d, path, &e), 0);
	fputs("half", d.f);
	durable_abort(&d);
	text = slurp(path);
	T_EQ_STR(text, "<html></html>");
	free(text);
	T_EQ_INT(test_entries(dir), 1);
	/* The target a directory: the rename fails, the temporary file goes. */
	unlink(path);
	T_EQ_INT(mkdir(path, 0700), 0);
	T_EQ_INT(durable_open(&d, path, &e), 0);
	fputs("x", d.f);
	T_EQ_INT(durable_commit(&d, &e), -1);
	T_EQ_INT(e.code, ERR_CANTCREAT);
	T_EQ_STR(e.file, path);
	T_EQ_INT(test_entries(dir), 1);
	err_clear(&e);
	rmdir(path);
	free(path);
	rmdir(dir);
	free(dir);
}

void
durable_test_register(void)
{
	CU_pSuite	s;

	s = CU_add_suite("durable", NULL, NULL);
	CU_add_test(s, "a whole file, replaced whole", test_durable_write);
	CU_add_test(s, "a file written in parts, committed or aborted",
	    test_durable_stream);
}
