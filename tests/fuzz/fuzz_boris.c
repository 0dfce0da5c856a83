/*
 * Fuzzes the BORIS reader: the input is a BORIS events export (TSV or
 * CSV, tabular or aggregated).  It is opened for every subject and read
 * through (each timeline on to every figure), read again after
 * boris_rewind, then opened once more for the first subject it gave, as
 * --subject does.  Checked beyond "no crash": a refusal has a message and
 * a sysexits code; every timeline has the reader's scheme and the subject
 * asked for; the second pass gives the same timelines and outcome.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "boris.h"
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

static int
fuzz_refused(int exit_code, char *cause, int at_open)
{
	FUZZ_CHECK(cause != NULL, "refused without a message");
	FUZZ_CHECK(exit_code == 65 || exit_code == 74 ||
	    (at_open && exit_code == 66), "refused with an odd exit code");
	free(cause);
	return -1;
}

/* One pass; the timelines' item counts in items[], their number in *n,
 * the first subject in *first (caller frees).  The last boris_next result. */
static int
fuzz_pass(struct boris_reader *r, const char *subject, size_t *items,
    size_t *n, char **first)
{
	struct timeline	 tl;
	char		*cause = NULL;
	int		 exit_code = 0, ret;

	*n = 0;
	while ((ret = boris_next(r, &tl, &exit_code, &cause)) == 1) {
		FUZZ_CHECK(tl.head != NULL, "a timeline with no subject");
		FUZZ_CHECK(scheme_equal(tl.scheme, boris_scheme(r)),
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
		fuzz_refused(exit_code, cause, 0);
	FUZZ_CHECK(boris_next(r, &tl, &exit_code, &cause) == 0,
	    "the reader goes on after its end");
	return ret;
}

/* Opens the input for subject and reads it twice; *first as above. */
static void
fuzz_read(const char *path, const char *subject, char **first)
{
	static size_t		 items[2][FUZZ_MAX_TL];
	struct boris_reader	*r;
	char			*cause = NULL;
	size_t			 n[2], i;
	int			 exit_code = 0, end[2];

	if (boris_open(path, subject, &r, &exit_code, &cause) != 0) {
		fuzz_refused(exit_code, cause, 1);
		return;
	}
	FUZZ_CHECK(boris_scheme(r) != NULL, "no scheme");
	end[0] = fuzz_pass(r, subject, items[0], &n[0], first);
	if (boris_rewind(r, &exit_code, &cause) != 0) {
		fuzz_refused(exit_code, cause, 0);
		FUZZ_CHECK(0, "cannot rewind");
	}
	end[1] = fuzz_pass(r, subject, items[1], &n[1], NULL);
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
