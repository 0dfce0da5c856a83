/*
 * Fuzzes the BORIS reader: the input is a BORIS events export (TSV or
 * CSV, tabular or aggregated).  It is opened for every subject and read
 * through (each timeline on to every figure), read again after
 * boris_rewind, then opened once more for the first subject it gave, as
 * --subject does.  Checked beyond "no crash": a refusal has a message, the
 * file's name and a code of the error model; every timeline has the
 * subject asked for and the reader's scheme (on the first pass, as far as
 * it had been read; on the second, whole); the second pass gives the same
 * timelines and outcome.
 */
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "boris.h"
#include "err.h"
#include "fuzz.h"
#include "scheme.h"
#include "timeline.h"

#define FUZZ_MAX_TL	4096	/* timelines compared between passes */

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	setenv("TZ", "Europe/London", 1);
	return 0;
}

/* Whether a's groups are the first of b's. */
static int
fuzz_scheme_start(const struct scheme *a, const struct scheme *b)
{
	size_t	i;

	if (a->ngroups > b->ngroups)
		return 0;
	for (i = 0; i < a->ngroups; i++) {
		if (strcmp(a->groups[i].name, b->groups[i].name) != 0 ||
		    a->groups[i].key != b->groups[i].key)
			return 0;
	}
	return 1;
}

/* One pass; the timelines' item counts in items[], their number in *n,
 * the first subject in *first (caller frees).  The last boris_next result. */
static int
fuzz_pass(struct boris_reader *r, const char *subject, size_t *items,
    size_t *n, char **first, int whole)
{
	struct timeline	 tl;
	struct err	 e = ERR_INIT;
	int		 ret;

	*n = 0;
	while ((ret = boris_next(r, &tl, &e)) == 1) {
		FUZZ_CHECK(tl.head != NULL, "a timeline with no subject");
		FUZZ_CHECK(whole ? scheme_equal(tl.scheme, boris_scheme(r)) :
		    fuzz_scheme_start(tl.scheme, boris_scheme(r)),
		    "a timeline with another scheme");
		if (subject != NULL && strcmp(subject, BORIS_NO_FOCAL) != 0)
			FUZZ_CHECK(strcmp(tl.head, subject) == 0,
			    "a timeline of another subject");
		fuzz_figures(&tl);
		if (*n < FUZZ_MAX_TL)
			items[*n] = tl.nitems;
		if (*n == 0 && first != NULL)
			*first = xstrdup(tl.head);
		(*n)++;
		timeline_free(&tl);
	}
	if (ret == -1)
		fuzz_refused(&e);
	FUZZ_CHECK(boris_next(r, &tl, &e) == 0,
	    "the reader goes on after its end");
	return ret;
}

/* Opens the input for subject and reads it twice; *first as above. */
static void
fuzz_read(const char *path, const char *subject, char **first)
{
	static size_t		 items[2][FUZZ_MAX_TL];
	struct boris_reader	*r;
	struct err		 e = ERR_INIT;
	size_t			 n[2], i;
	int			 fd, end[2];

	fd = open(path, O_RDONLY | O_CLOEXEC);
	FUZZ_CHECK(fd != -1, "cannot open the input file");
	if (boris_open(fd, path, subject, &r, &e) != 0) {
		fuzz_refused(&e);
		return;
	}
	FUZZ_CHECK(boris_scheme(r) != NULL, "no scheme");
	end[0] = fuzz_pass(r, subject, items[0], &n[0], first, 0);
	if (boris_rewind(r, &e) != 0) {
		fuzz_refused(&e);
		FUZZ_CHECK(0, "cannot rewind");
	}
	end[1] = fuzz_pass(r, subject, items[1], &n[1], NULL, 1);
	FUZZ_CHECK(end[0] == end[1] && n[0] == n[1],
	    "the second pass differs");
	for (i = 0; i < n[0] && i < FUZZ_MAX_TL; i++)
		FUZZ_CHECK(items[0][i] == items[1][i],
		    "a timeline differs on the second pass");
	boris_close(r);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char	*path;
	char		*first = NULL;

	(void)boris_sniff((const char *)data, size);
	path = fuzz_file(data, size);
	fuzz_read(path, NULL, &first);
	if (first != NULL) {
		fuzz_read(path, first, NULL);
		free(first);
	} else
		fuzz_read(path, BORIS_NO_FOCAL, NULL);
	return 0;
}
