/*
 * Reading FILE operands in parallel with results in order.  Each log is a
 * job on libuv's thread pool that yields a timeline and its summary (or a
 * message); the loop thread hands them on strictly in file order, so the
 * output is the same whatever the timing.  The easy thing to get wrong: a
 * job finishing early must wait for every earlier file, and an episodes
 * CSV or a BORIS export (which may hold thousands of days) is streamed in
 * its turn, never buffered whole.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <uv.h>

#include "anon.h"
#include "boris.h"
#include "day.h"
#include "episodes.h"
#include "logfile.h"
#include "reader.h"
#include "summary.h"
#include "xmalloc.h"

#define EX_DATAERR	65
#define EX_NOINPUT	66
#define EX_IOERR	74

#define SNIFF_LEN	512	/* bytes read to tell what a file is */
#define WINDOW_PER_THREAD 4	/* decoded days waiting, per pool thread */

enum input_kind {
	INPUT_LOG,
	INPUT_EPISODES,
	INPUT_BORIS		/* a BORIS events export */
};

/* A file of many days read in turn: one of the two readers is open. */
struct reader_stream {
	struct episodes_reader	*er;
	struct boris_reader	*br;
};

struct job {
	uv_work_t	 req;
	struct reader	*reader;
	size_t		 index;		/* in paths */
	int		 queued;
	int		 done;
	enum input_kind	 kind;
	int		 has_day;
	struct timeline	 tl;
	struct summary	 sum;		/* with has_day, if summarising */
	char		*message;	/* warning or error; owned */
	int		 exit_code;
};

struct reader {
	uv_loop_t			 loop;
	char *const			*paths;
	size_t				 n;
	const struct reader_options	*opts;
	const struct reader_calls	*calls;
	struct job			*jobs;	/* ring of window slots */
	size_t				 window;
	size_t				 next_queue;	/* next file to start */
	size_t				 next_emit;	/* next file to hand on */
	int				 stopped;
	int				 first_exit;
};

/* Tells a log, an episodes CSV and a BORIS export apart by the first
 * bytes of path; 0 or an exit code with *message. */
static int
reader_kind(const char *path, enum input_kind *kind, char **message)
{
	char		buf[SNIFF_LEN];
	ssize_t		n;
	int		fd, saved;
	unsigned char	first;

	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1) {
		saved = errno;
		*message = xasprintf("%s: %s", path, strerror(saved));
		return saved == ENOENT ? EX_NOINPUT : EX_IOERR;
	}
	do
		n = read(fd, buf, sizeof buf);
	while (n == -1 && errno == EINTR);
	saved = errno;
	close(fd);
	if (n == -1) {
		*message = xasprintf("%s: %s", path, strerror(saved));
		return EX_IOERR;
	}
	first = n > 0 ? (unsigned char)buf[0] : 0;
	if (n > 0 && ((first >= 0x80 && first <= 0x8f) || first == 0xde ||
	    first == 0xdf))
		*kind = INPUT_LOG;
	else if (episodes_sniff(buf, (size_t)n) != 0)
		*kind = INPUT_EPISODES;	/* a wrong header is told in full */
	else if (boris_sniff(buf, (size_t)n) != 0)
		*kind = INPUT_BORIS;	/* likewise */
	else {
		*message = xasprintf("%s: not a shadowlog log, episodes CSV or "
		    "BORIS events export", path);
		return EX_DATAERR;
	}
	return 0;
}

/* Reads the log at path into *tl; returns 0 or an exit code with
 * *message, *has_day saying whether *tl was filled (a torn tail's warning
 * comes with the day).  Touches nothing shared: runs on a pool thread. */
static int
reader_load_log(const struct reader_options *opts, const char *path,
    struct timeline *tl, int *has_day, char **message)
{
	struct day	*d;
	enum log_status	 status;
	off_t		 good_len, damage_at;
	char		*warning = NULL, *cause = NULL;
	int		 exit_code = 0;

	*has_day = 0;
	if (day_load(path, &d, &status, &good_len, &damage_at, &warning,
	    &exit_code, &cause) != 0) {
		*message = cause;
		return exit_code != 0 ? exit_code : EX_DATAERR;
	}
	exit_code = 0;
	if (warning != NULL && status == LOG_TORN) {
		*message = xasprintf("warning: %s; the day is analysed up to "
		    "the last whole record", warning);
		exit_code = EX_DATAERR;
	} else if (warning != NULL) {
		/* Two recorders at once: nothing lost unless left out. */
		*message = xasprintf("warning: %s", warning);
		if (day_nleft_out(d) != 0)
			exit_code = EX_DATAERR;
	}
	free(warning);
	if (opts->as_recorded)
		timeline_from_day_as_recorded(d, tl);
	else
		timeline_from_day(d, tl);
	*has_day = 1;
	day_free(d);
	return exit_code;
}

/* Makes a day read ready to hand on: anonymised if asked, then, with sum
 * not NULL, summarised into *sum if asked (else *sum is left empty). */
static void
reader_ready(const struct reader_options *opts, struct timeline *tl,
    struct summary *sum)
{
	if (opts->anon != NULL)
		anon_timeline(opts->anon, tl, opts->keep_notes);
	if (sum == NULL)
		return;
	if (opts->summarise)
		summary_compute(tl, opts->summary_what, sum);
	else
		memset(sum, 0, sizeof *sum);
}

static void
reader_work(uv_work_t *req)
{
	struct job	*job = req->data;
	const char	*path = job->reader->paths[job->index];

	job->exit_code = reader_kind(path, &job->kind, &job->message);
	if (job->exit_code == 0 && job->kind == INPUT_LOG)
		job->exit_code = reader_load_log(job->reader->opts, path,
		    &job->tl, &job->has_day, &job->message);
	if (job->has_day)
		reader_ready(job->reader->opts, &job->tl, &job->sum);
}

/* ---- files of many days ---- */

/* Opens an episodes CSV or a BORIS export; -1 with *exit_code, *cause. */
static int
reader_stream_open(const struct reader_options *opts, const char *path,
    enum input_kind kind, struct reader_stream *st, int *exit_code,
    char **cause)
{
	memset(st, 0, sizeof *st);
	if (kind == INPUT_BORIS)
		return boris_open(path, opts->subject, &st->br, exit_code,
		    cause);
	return episodes_open(path, opts->scheme, &st->er, exit_code, cause);
}

/* The next day: 1, 0 at the end, -1 with *exit_code and *cause. */
static int
reader_stream_next(struct reader_stream *st, struct timeline *tl,
    int *exit_code, char **cause)
{
	if (st->br != NULL)
		return boris_next(st->br, tl, exit_code, cause);
	return episodes_next(st->er, tl, exit_code, cause);
}

static int
reader_stream_rewind(struct reader_stream *st, int *exit_code, char **cause)
{
	if (st->br != NULL)
		return boris_rewind(st->br, exit_code, cause);
	return episodes_rewind(st->er, exit_code, cause);
}

static void
reader_stream_close(struct reader_stream *st)
{
	boris_close(st->br);
	episodes_close(st->er);
	memset(st, 0, sizeof *st);
}

/* Notes a file's exit code and passes its message on. */
static void
reader_problem(struct reader *r, const char *message, int exit_code)
{
	if (r->first_exit == 0)
		r->first_exit = exit_code;
	if (message != NULL)
		r->calls->problem(r->calls->arg, message, exit_code);
}

/* Hands a day on with its summary, then frees both. */
static void
reader_day(struct reader *r, struct timeline *tl, struct summary *sum)
{
	if (!r->stopped && r->calls->day(r->calls->arg, tl,
	    r->opts->summarise ? sum : NULL) != 0)
		r->stopped = 1;
	summary_free(sum);
	timeline_free(tl);
}

/*
 * Streams an episodes CSV or a BORIS export.  The whole file is checked
 * first, a day at a time, so that a file with a mistake anywhere gives no
 * days at all; a file of one day is kept from the check, others are read a
 * second time.
 */
static void
reader_streamed(struct reader *r, const char *path, enum input_kind kind)
{
	struct reader_stream	 st;
	struct timeline		 first, tl;
	struct summary		 sum;
	char			*cause = NULL;
	int			 exit_code = 0, n, more = 0;

	if (reader_stream_open(r->opts, path, kind, &st, &exit_code,
	    &cause) != 0)
		goto fail;
	if ((n = reader_stream_next(&st, &first, &exit_code, &cause)) == 1) {
		while ((n = reader_stream_next(&st, &tl, &exit_code,
		    &cause)) == 1) {
			if (!more)
				timeline_free(&first);	/* read again */
			more = 1;
			timeline_free(&tl);
		}
		if (n == 0 && !more) {
			reader_ready(r->opts, &first, &sum);
			reader_day(r, &first, &sum);
		} else if (!more)
			timeline_free(&first);
	}
	if (n != 0)
		goto fail;
	if (more) {
		if (reader_stream_rewind(&st, &exit_code, &cause) != 0)
			goto fail;
		while ((n = reader_stream_next(&st, &tl, &exit_code,
		    &cause)) == 1) {
			reader_ready(r->opts, &tl, &sum);
			reader_day(r, &tl, &sum);
		}
		if (n != 0)
			goto fail;	/* the file changed under us */
	}
	reader_stream_close(&st);
	return;

fail:
	reader_problem(r, cause, exit_code != 0 ? exit_code : EX_DATAERR);
	free(cause);
	reader_stream_close(&st);
}

static void reader_after(uv_work_t *, int);

/* Starts jobs for the files that fit in the window. */
static void
reader_fill(struct reader *r)
{
	struct job	*job;

	while (!r->stopped && r->next_queue < r->n &&
	    r->next_queue < r->next_emit + r->window) {
		job = &r->jobs[r->next_queue % r->window];
		memset(job, 0, sizeof *job);
		job->reader = r;
		job->index = r->next_queue++;
		job->req.data = job;
		job->queued = 1;
		if (uv_queue_work(&r->loop, &job->req, reader_work,
		    reader_after) != 0) {
			reader_work(&job->req);	/* cannot happen; stay correct */
			job->done = 1;
		}
	}
}

/* Hands on, in file order, every job that has finished. */
static void
reader_emit(struct reader *r)
{
	struct job	*job;

	while (r->next_emit < r->next_queue) {
		job = &r->jobs[r->next_emit % r->window];
		if (!job->done)
			break;
		if (job->exit_code != 0 || job->message != NULL)
			reader_problem(r, job->message, job->exit_code);
		if (job->has_day)
			reader_day(r, &job->tl, &job->sum);
		else if (job->exit_code == 0 && job->kind != INPUT_LOG)
			reader_streamed(r, r->paths[job->index], job->kind);
		free(job->message);
		job->queued = 0;
		r->next_emit++;
	}
	reader_fill(r);
}

static void
reader_after(uv_work_t *req, int status)
{
	struct job	*job = req->data;

	job->done = 1;
	reader_emit(job->reader);
}

/* Sizes libuv's pool to the cores, unless the user has chosen. */
static unsigned
reader_threads(void)
{
	const char	*env = getenv("UV_THREADPOOL_SIZE");
	char		 buf[16];
	unsigned	 n;

	if (env != NULL && (n = (unsigned)atoi(env)) > 0)
		return n;
	n = uv_available_parallelism();
	snprintf(buf, sizeof buf, "%u", n);
	setenv("UV_THREADPOOL_SIZE", buf, 1);
	return n;
}

int
reader_run(char *const *paths, size_t n, const struct reader_options *opts,
    const struct reader_calls *calls)
{
	struct reader	r;
	size_t		i;

	memset(&r, 0, sizeof r);
	r.paths = paths;
	r.n = n;
	r.opts = opts;
	r.calls = calls;
	r.window = reader_threads() * WINDOW_PER_THREAD;
	r.jobs = xcalloc(r.window, sizeof *r.jobs);
	if (uv_loop_init(&r.loop) != 0) {
		free(r.jobs);
		reader_problem(&r, "cannot start the event loop", EX_IOERR);
		return r.first_exit;
	}
	reader_fill(&r);
	uv_run(&r.loop, UV_RUN_DEFAULT);
	/* Jobs still unread after a stop are freed here. */
	for (i = 0; i < r.window; i++) {
		if (r.jobs[i].queued) {
			if (r.jobs[i].has_day) {
				summary_free(&r.jobs[i].sum);
				timeline_free(&r.jobs[i].tl);
			}
			free(r.jobs[i].message);
		}
	}
	uv_loop_close(&r.loop);
	free(r.jobs);
	return r.first_exit;
}

/* The one day of an episodes CSV or a BORIS export; another day after it
 * is an error. */
static int
reader_one_streamed(const char *path, const struct reader_options *opts,
    enum input_kind kind, struct timeline *tl, int *has_day, char **message)
{
	struct reader_stream	 st;
	struct timeline		 next;
	int			 exit_code = 0, n;

	if (reader_stream_open(opts, path, kind, &st, &exit_code,
	    message) != 0) {
		reader_stream_close(&st);
		return exit_code != 0 ? exit_code : EX_DATAERR;
	}
	if ((n = reader_stream_next(&st, tl, &exit_code, message)) == 1) {
		n = reader_stream_next(&st, &next, &exit_code, message);
		if (n == 0) {
			reader_stream_close(&st);
			*has_day = 1;
			return 0;
		}
		if (n == 1) {
			timeline_free(&next);
			*message = xasprintf("%s: holds more than one day%s; "
			    "give one day a FILE", path, kind == INPUT_BORIS ?
			    " (observation and subject: see --subject)" : "");
		}
		timeline_free(tl);
	} else if (n == 0)
		*message = xasprintf("%s: holds no day", path);
	reader_stream_close(&st);
	return n == -1 && exit_code != 0 ? exit_code : EX_DATAERR;
}

int
reader_one(const char *path, const struct reader_options *opts,
    struct timeline *tl, int *has_day, char **message)
{
	enum input_kind	kind;
	int		exit_code;

	*has_day = 0;
	*message = NULL;
	if ((exit_code = reader_kind(path, &kind, message)) != 0)
		return exit_code;
	if (kind == INPUT_LOG)
		exit_code = reader_load_log(opts, path, tl, has_day, message);
	else
		exit_code = reader_one_streamed(path, opts, kind, tl, has_day,
		    message);
	if (*has_day)
		reader_ready(opts, tl, NULL);
	return exit_code;
}
