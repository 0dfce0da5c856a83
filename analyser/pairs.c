/*
 * Reading the list of pairs with the project's CSV reader.  Easy to get
 * wrong: blank lines (one empty field) are skipped, and a header is only
 * taken as one when it is exactly "a,b" (in any case), since a pair of
 * files could be named anything.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "csv.h"
#include "err.h"
#include "pairs.h"
#include "xmalloc.h"

/* path as the list at list names it: relative to the list's directory. */
static char *
pairs_resolve(const char *list, const char *path)
{
	const char	*slash = strrchr(list, '/');

	if (path[0] == '/' || slash == NULL)
		return xstrdup(path);
	return xasprintf("%.*s/%s", (int)(slash - list), list, path);
}

static void
pairs_add(struct pairs *p, const char *list, char **f, size_t line)
{
	p->a = xreallocarray(p->a, p->n + 1, sizeof *p->a);
	p->b = xreallocarray(p->b, p->n + 1, sizeof *p->b);
	p->line = xreallocarray(p->line, p->n + 1, sizeof *p->line);
	p->a[p->n] = pairs_resolve(list, f[0]);
	p->b[p->n] = pairs_resolve(list, f[1]);
	p->line[p->n] = line;
	p->n++;
}

/* Reads the rows of r into out. */
static int
pairs_rows(struct csv_reader *r, const char *path, struct pairs *out,
    struct err *e)
{
	char	**f;
	size_t	  nf, line;
	int	  rc, first = 1;

	while ((rc = csv_read(r, &f, &nf, e)) == CSV_ROW) {
		line = csv_line(r);
		if (nf == 1 && f[0][0] == '\0')
			continue;
		if (first && nf == 2 && strcasecmp(f[0], "a") == 0 &&
		    strcasecmp(f[1], "b") == 0) {
			first = 0;
			continue;
		}
		first = 0;
		if (nf != 2 || f[0][0] == '\0' || f[1][0] == '\0') {
			err_set(e, ERR_DATA, "a pair is two FILEs, A and B; "
			    "this row has %zu field%s%s", nf, nf == 1 ? "" :
			    "s", nf == 2 ? ", one of them empty" : "");
			err_file(e, path);
			return err_line(e, (int64_t)line);
		}
		pairs_add(out, path, f, line);
	}
	if (rc != CSV_EOF)
		return err_file(e, path);	/* csv_read set the line */
	if (out->n == 0) {
		err_set(e, ERR_DATA, "%s", "no pair of FILEs listed");
		return err_file(e, path);
	}
	return 0;
}

int
pairs_read(const char *path, struct pairs *out, struct err *e)
{
	struct csv_reader	*r;
	int			 fd, rc;

	memset(out, 0, sizeof *out);
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1) {
		err_set(e, ERR_NOINPUT, "%s", strerror(errno));
		return err_file(e, path);
	}
	r = csv_reader_new(fd, ',', CSV_QUOTES);
	rc = pairs_rows(r, path, out, e);
	csv_reader_free(r);
	close(fd);
	if (rc != 0)
		pairs_free(out);
	return rc;
}

void
pairs_free(struct pairs *p)
{
	size_t	i;

	for (i = 0; i < p->n; i++) {
		free(p->a[i]);
		free(p->b[i]);
	}
	free(p->a);
	free(p->b);
	free(p->line);
	memset(p, 0, sizeof *p);
}
