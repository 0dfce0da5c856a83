/*
 * Fuzzes the BORIS project reader: the input is a project (.boris JSON,
 * or gzipped).  It is opened for every subject and read through (each
 * timeline on to every figure), read again after boris_rewind, and opened
 * once more for the first subject it gave; the days read are then written
 * as a project (boris_project_writer) and read back.  Checked beyond "no
 * crash": a refusal has a message, the file's name and a code of the
 * error model; a warning names the file; the second pass gives the same
 * days; the days written read back as the same days (their episodes CSV,
 * every detail and tag, the same bytes).
 */
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "boris-project.h"
#include "boris.h"
#include "episodes.h"
#include "err.h"
#include "fuzz.h"
#include "scheme.h"
#include "timeline.h"

#define FUZZ_MAX_DAYS	64	/* days kept for the round trip */

static char	fuzz_out[96];

static void
fuzz_out_remove(void)
{
	unlink(fuzz_out);
}

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	setenv("TZ", "Europe/London", 1);
	snprintf(fuzz_out, sizeof fuzz_out, "%s/shadowlog-fuzz-%ld.boris",
	    access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp",
	    (long)getpid());
	atexit(fuzz_out_remove);
	return 0;
}

/* The days of one reading. */
struct fuzz_days {
	struct timeline	days[FUZZ_MAX_DAYS];
	size_t		n;		/* all read; days[] holds the first */
	int		end;		/* the last boris_next result */
};

static void
fuzz_days_free(struct fuzz_days *d)
{
	size_t	i;

	for (i = 0; i < d->n && i < FUZZ_MAX_DAYS; i++)
		timeline_free(&d->days[i]);
	d->n = 0;
}

static void
fuzz_pass(struct boris_reader *r, struct fuzz_days *d)
{
	struct timeline	 tl;
	struct err	 e = ERR_INIT;

	memset(d, 0, sizeof *d);
	while ((d->end = boris_next(r, &tl, &e)) == 1) {
		boris_rescheme(r, &tl);
		fuzz_figures(&tl);
		if (d->n < FUZZ_MAX_DAYS)
			d->days[d->n] = tl;
		else
			timeline_free(&tl);
		d->n++;
	}
	if (d->end == -1)
		fuzz_refused(&e);
	FUZZ_CHECK(boris_next(r, &tl, &e) == 0,
	    "the reader goes on after its end");
}

/* The day as its episodes CSV (every item, detail and tag; caller
 * frees): what a round trip must keep. */
static char *
fuzz_episodes(const struct timeline *tl)
{
	char	*buf = NULL;
	size_t	 len = 0;
	FILE	*f = open_memstream(&buf, &len);

	FUZZ_CHECK(f != NULL, "open_memstream");
	episodes_write(f, tl, tl->scheme);
	FUZZ_CHECK(fclose(f) == 0, "writing the episodes");
	return buf;
}

static int
fuzz_same_day(const struct timeline *a, const struct timeline *b)
{
	char	*x = fuzz_episodes(a), *y = fuzz_episodes(b);
	int	 same = strcmp(x, y) == 0 && a->begin == b->begin &&
		    a->end == b->end;

	free(x);
	free(y);
	return same;
}

/* Opens path for subject; NULL after a refusal. */
static struct boris_reader *
fuzz_open(const char *path, const char *subject)
{
	struct boris_reader	*r;
	struct err		 e = ERR_INIT;
	const char		*w;
	size_t			 i;
	int			 fd;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	FUZZ_CHECK(fd != -1, "cannot open the input file");
	if (boris_open(fd, path, subject, &r, &e) != 0) {
		fuzz_refused(&e);
		return NULL;
	}
	for (i = 0; (w = boris_warning(r, i)) != NULL; i++)
		FUZZ_CHECK(strstr(w, path) != NULL,
		    "a warning without the file's name");
	return r;
}

/* The days read, written as a project and read back: the same days. */
static void
fuzz_round_trip(const struct fuzz_days *d)
{
	struct boris_project_writer	*w;
	struct boris_reader		*r;
	struct fuzz_days		 back;
	struct err			 e = ERR_INIT;
	size_t				 i;

	if (d->end != 0 || d->n == 0 || d->n > FUZZ_MAX_DAYS)
		return;
	w = boris_project_writer_new();
	for (i = 0; i < d->n; i++)
		boris_project_writer_add(w, &d->days[i]);
	FUZZ_CHECK(boris_project_writer_save(w, fuzz_out, &e) == 0,
	    "cannot write the project");
	boris_project_writer_free(w);
	r = fuzz_open(fuzz_out, NULL);
	FUZZ_CHECK(r != NULL, "the project written is refused");
	FUZZ_CHECK(boris_warning(r, 0) == NULL, "the project written warns");
	fuzz_pass(r, &back);
	boris_close(r);
	FUZZ_CHECK(back.end == 0 && back.n == d->n,
	    "the project written reads back to other days");
	for (i = 0; i < d->n; i++)
		FUZZ_CHECK(fuzz_same_day(&d->days[i], &back.days[i]),
		    "a day written reads back otherwise");
	fuzz_days_free(&back);
}

/* Reads path for subject twice; the first subject in *first. */
static void
fuzz_read(const char *path, const char *subject, char **first)
{
	struct boris_reader	*r;
	struct fuzz_days	 d[2];
	struct err		 e = ERR_INIT;
	size_t			 i;

	if ((r = fuzz_open(path, subject)) == NULL)
		return;
	fuzz_pass(r, &d[0]);
	FUZZ_CHECK(boris_rewind(r, &e) == 0, "cannot rewind");
	fuzz_pass(r, &d[1]);
	boris_close(r);
	FUZZ_CHECK(d[0].end == d[1].end && d[0].n == d[1].n,
	    "the second pass differs");
	for (i = 0; i < d[0].n && i < FUZZ_MAX_DAYS; i++)
		FUZZ_CHECK(fuzz_same_day(&d[0].days[i], &d[1].days[i]),
		    "a day differs on the second pass");
	if (first != NULL && d[0].n > 0)
		*first = xstrdup(d[0].days[0].head);
	if (subject == NULL)
		fuzz_round_trip(&d[0]);
	fuzz_days_free(&d[0]);
	fuzz_days_free(&d[1]);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char	*path;
	char		*first = NULL;

	if (!boris_project_sniff((const char *)data, size))
		return 0;	/* the analyser would not take it for one */
	path = fuzz_file(data, size);
	fuzz_read(path, NULL, &first);
	if (first != NULL) {
		fuzz_read(path, first, NULL);
		free(first);
	}
	return 0;
}
