/*
 * Fuzzes the episodes-CSV reader: the input is an episodes CSV, read with
 * the built-in scheme day by day (each day's timeline on to every figure),
 * then again after episodes_rewind, as the analyser's second pass over
 * a big file does.
 * Checked beyond "no crash": a refusal has a message, the file's name and
 * a code of the error model, and the second pass gives the same days with
 * the same rows and the same outcome.
 */
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "episodes.h"
#include "err.h"
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
	struct err	 e = ERR_INIT;
	int		 n;

	*ndays = 0;
	while ((n = episodes_next(r, &tl, &e)) == 1) {
		FUZZ_CHECK(tl.nitems > 0, "a day with no rows");
		FUZZ_CHECK(tl.scheme != NULL, "a day with no scheme");
		fuzz_figures(&tl);
		if (*ndays < FUZZ_MAX_DAYS)
			items[*ndays] = tl.nitems;
		(*ndays)++;
		timeline_free(&tl);
	}
	if (n == -1) {
		FUZZ_CHECK(e.msg != NULL, "row refused without a message");
		FUZZ_CHECK(e.file != NULL && e.line > 0,
		    "row refused without its file and line");
		FUZZ_CHECK(e.code == ERR_DATA || e.code == ERR_IO,
		    "row refused with an odd code");
		err_clear(&e);
	}
	/* A spent or finished reader stays so. */
	FUZZ_CHECK(episodes_next(r, &tl, &e) == 0,
	    "the reader goes on after its end");
	return n;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static size_t		 items[2][FUZZ_MAX_DAYS];
	struct episodes_reader	*r;
	const char		*path;
	struct err		 e = ERR_INIT;
	size_t			 ndays[2], i;
	int			 fd, end[2];

	(void)episodes_sniff((const char *)data, size);
	path = fuzz_file(data, size);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	FUZZ_CHECK(fd != -1, "cannot open the input file");
	if (episodes_open(fd, path, fuzz_scheme, &r, &e) != 0) {
		FUZZ_CHECK(e.msg != NULL, "refused without a message");
		FUZZ_CHECK(e.code == ERR_DATA || e.code == ERR_IO,
		    "refused with an odd code");
		err_clear(&e);
		return 0;
	}
	end[0] = fuzz_pass(r, items[0], &ndays[0]);
	FUZZ_CHECK(episodes_rewind(r, &e) == 0, "cannot rewind");
	end[1] = fuzz_pass(r, items[1], &ndays[1]);
	FUZZ_CHECK(end[0] == end[1] && ndays[0] == ndays[1],
	    "the second pass differs");
	for (i = 0; i < ndays[0] && i < FUZZ_MAX_DAYS; i++)
		FUZZ_CHECK(items[0][i] == items[1][i],
		    "a day differs on the second pass");
	episodes_close(r);
	return 0;
}
