/*
 * Fuzzes the episodes-CSV reader: the input is an episodes CSV, read with
 * the built-in scheme day by day (each day's timeline on to every figure),
 * then again after episodes_rewind, as the analyser's second pass does.
 * Checked beyond "no crash": a refusal has a message and a sysexits code,
 * and the second pass gives the same days with the same rows and the same
 * outcome.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "episodes.h"
#include "fuzz.h"
#include "scheme.h"
#include "timeline.h"

#define FUZZ_MAX_DAYS	4096	/* days compared between the passes */

static struct scheme	*fuzz_scheme;

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	setenv("TZ", "Europe/London", 1);
	fuzz_scheme = scheme_default();
	return 0;
}

/* One pass: the days' item counts in items[], their number in *ndays; the
 * last episodes_next result (0 or -1). */
static int
fuzz_pass(struct episodes_reader *r, size_t *items, size_t *ndays)
{
	struct timeline	 tl;
	char		*cause = NULL;
	int		 exit_code = 0, n;

	*ndays = 0;
	while ((n = episodes_next(r, &tl, &exit_code, &cause)) == 1) {
		FUZZ_CHECK(tl.nitems > 0, "a day with no rows");
		FUZZ_CHECK(tl.scheme != NULL, "a day with no scheme");
		fuzz_figures(&tl);
		if (*ndays < FUZZ_MAX_DAYS)
			items[*ndays] = tl.nitems;
		(*ndays)++;
		timeline_free(&tl);
	}
	if (n == -1) {
		FUZZ_CHECK(cause != NULL, "row refused without a message");
		FUZZ_CHECK(exit_code == 65 || exit_code == 74,
		    "row refused with an odd exit code");
		free(cause);
	}
	/* A spent or finished reader stays so. */
	FUZZ_CHECK(episodes_next(r, &tl, &exit_code, &cause) == 0,
	    "the reader goes on after its end");
	return n;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static size_t		 items[2][FUZZ_MAX_DAYS];
	struct episodes_reader	*r;
	const char		*path;
	char			*cause = NULL;
	size_t			 ndays[2], i;
	int			 exit_code = 0, end[2];

	(void)episodes_sniff((const char *)data, size);
	path = fuzz_file(data, size);
	if (episodes_open(path, fuzz_scheme, &r, &exit_code, &cause) != 0) {
		FUZZ_CHECK(cause != NULL, "refused without a message");
		FUZZ_CHECK(exit_code == 65 || exit_code == 66 ||
		    exit_code == 74, "refused with an odd exit code");
		free(cause);
		return 0;
	}
	end[0] = fuzz_pass(r, items[0], &ndays[0]);
	FUZZ_CHECK(episodes_rewind(r, &exit_code, &cause) == 0,
	    "cannot rewind");
	end[1] = fuzz_pass(r, items[1], &ndays[1]);
	FUZZ_CHECK(end[0] == end[1] && ndays[0] == ndays[1],
	    "the second pass differs");
	for (i = 0; i < ndays[0] && i < FUZZ_MAX_DAYS; i++)
		FUZZ_CHECK(items[0][i] == items[1][i],
		    "a day differs on the second pass");
	episodes_close(r);
	return 0;
}
