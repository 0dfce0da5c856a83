/*
 * Reading FILE operands in parallel with results in order.  A job on
 * libuv's thread pool reads a batch of files in a row, each log yielding
 * a timeline and its summary (or a message); the loop thread hands them on
 * strictly in file order, so the output is the same whatever the timing.  The easy thing to get wrong: a
 * job finishing early must wait for every earlier file, and an episodes
 * CSV or a BORIS export (which may hold thousands of days) is streamed in
 * its turn, never buffered whole.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <uv.h>
#ifdef __GLIBC__
#include <malloc.h>	/* mallopt */
#endif

#include "anon.h"
#include "boris.h"
#include "boris-project.h"
#include "day.h"
#include "episodes.h"
#include "err.h"
#include "logfile.h"
#include "reader.h"
#include "summary.h"
#include "xmalloc.h"

#define SNIFF_LEN	512	/* bytes read to tell what a file is */
#define HOLD_BYTES	(4 * 1024 * 1024) /* a file of many days no longer
					   than this is read once (its
					   days held: about 7 MB more at
					   most) */
#define BATCH_FILES	8	/* files a job reads, at most */
#define JOBS_PER_THREAD	8	/* jobs queued or waiting, per pool
				   thread.  A job of 8 days takes about
				   0.3 ms, less than the loop thread
				   may wait to be scheduled beside two
				   busy workers; with 2 a thread the
				   queue ran dry meanwhile (1.6 of 2
				   cores used).  Holds up to 64 decoded
				   days a thread: about 4 MB more */

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

/* One file of a batch: what its job found. */
struct file {
	enum input_kind	 kind;
	int		 fd;		/* an episodes CSV or BORIS export */
	int		 has_day;
	struct timeline	 tl;
	struct summary	 sum;		/* with has_day, if summarising */
	char		*message;	/* warning or error; owned */
	enum err_code	 code;		/* what message is: ERR_DATA for a
					   torn tail's warning */
};

/* A job: up to BATCH_FILES files in a row, read one after another on one
 * pool thread, so a hand-off to the loop thread (a wake-up of each) is
 * paid once a batch, not once a file. */
struct job {
	uv_work_t	 req;
	struct reader	*reader;
	size_t		 first;		/* in paths */
	size_t		 n;
	int		 queued;
	int		 done;
	struct file	 files[BATCH_FILES];
};

struct reader {
	uv_loop_t			 loop;
	char *const			*paths;
	size_t				 n;
	const struct reader_options	*opts;
	const struct reader_calls	*calls;
	struct job			*jobs;	/* ring of window slots */
	size_t				 window;	/* jobs */
	size_t				 batch;		/* files a job */
	size_t				 next_queue;	/* next job to start */
	size_t				 next_emit;	/* next job to hand on */
	int				 stopped;
	enum err_code			 first;	/* the first problem's */
	uv_mutex_t			 idle_lock;
	struct log_reader		**idle;	/* log readers no job holds */
	size_t				 nidle;
};

/* Opens path and tells a log, an episodes CSV and a BORIS export apart
 * by its first bytes, read with pread (so the other readers start at 0)
 * into the idle log reader lr, which a log's reading goes on from (each
 * log is read once); 0 with *fd open (every kind: each file is opened
 * once) or a code with *message. */
static enum err_code
reader_kind(struct log_reader *lr, const char *path, enum input_kind *kind,
    int *fdp, char **message)
{
	const unsigned char	*bytes;
	const char		*buf;
	size_t			 n;
	int			 fd, saved;
	unsigned char		 first;

	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1) {
		saved = errno;
		*message = xasprintf("%s: %s", path, strerror(saved));
		return saved == ENOENT ? ERR_NOINPUT : ERR_IO;
	}
	if (log_reader_peek(lr, fd, &bytes, &n) != 0) {
		saved = errno;
		close(fd);
		*message = xasprintf("%s: %s", path, strerror(saved));
		return ERR_IO;
	}
	/* The sniffers see what they always saw: SNIFF_LEN bytes at most. */
	buf = (const char *)bytes;
	n = n < SNIFF_LEN ? n : SNIFF_LEN;
	first = n > 0 ? bytes[0] : 0;
	if (n > 0 && ((first >= 0x80 && first <= 0x8f) || first == 0xde ||
	    first == 0xdf))
		*kind = INPUT_LOG;
	else if (episodes_sniff(buf, n) != 0)
		*kind = INPUT_EPISODES;	/* a wrong header is told in full */
	else if (boris_sniff(buf, n) != 0 ||
	    boris_project_sniff(buf, n))
		*kind = INPUT_BORIS;	/* likewise; a project too */
	else {
		log_reader_finish(lr);
		close(fd);
		*message = xasprintf("%s: not a shadowlog log, episodes CSV or "
		    "BORIS events export", path);
		return ERR_DATA;
	}
	if (*kind != INPUT_LOG)
		log_reader_finish(lr);	/* no log reads the bytes */
	*fdp = fd;
	return 0;
}

/* Reads the log at path into *tl, with the reader lr (idle, or holding
 * the file's first bytes from reader_kind); returns ERR_OK or a code with
 * *message, *has_day saying whether *tl was filled (a torn tail's warning
 * comes with the day).  Touches nothing shared: runs on a pool thread. */
static enum err_code
reader_load_log(const struct reader_options *opts, struct log_reader *lr,
    const char *path, int fd, struct timeline *tl, int *has_day,
    char **message)
{
	struct day		*d;
	struct day_loaded	 how;
	struct err		 e = ERR_INIT;
	enum err_code		 code = ERR_OK;

	*has_day = 0;
	if (day_load_with(lr, path, fd, &d, &how, &e) != 0) {
		*message = err_text(&e);
		code = e.code;
		err_clear(&e);
		return code;
	}
	if (how.warning != NULL && how.status == LOG_TORN) {
		*message = xasprintf("warning: %s; the day is analysed up to "
		    "the last whole record", how.warning);
		code = ERR_DATA;
	} else if (how.warning != NULL) {
		/* Two recorders at once: nothing lost unless left out. */
		*message = xasprintf("warning: %s", how.warning);
		if (day_nleft_out(d) != 0)
			code = ERR_DATA;
	}
	free(how.warning);
	/* Anonymising replaces the names: then the timeline owns them. */
	timeline_take_day(d, opts->as_recorded, opts->anon == NULL, tl);
	*has_day = 1;
	return code;
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

/* Reads one file of a job with the job's log reader; touches nothing
 * shared. */
static void
reader_file(const struct reader_options *opts, struct log_reader *lr,
    const char *path, struct file *f)
{
	int	fd;

	f->code = reader_kind(lr, path, &f->kind, &f->fd, &f->message);
	if (f->code == ERR_OK && f->kind == INPUT_LOG) {
		fd = f->fd;		/* day_load_with's from here */
		f->fd = -1;
		f->code = reader_load_log(opts, lr, path, fd, &f->tl,
		    &f->has_day, &f->message);
	}
	if (f->has_day)
		reader_ready(opts, &f->tl, &f->sum);
}

/* A log reader for a job: one another job left (its buffers grown and
 * its scheme memo filled: a run's days mostly share one scheme, so it is
 * unpacked about once a thread, not once a batch), else a new one. */
static struct log_reader *
reader_idle_take(struct reader *r)
{
	struct log_reader	*lr = NULL;

	uv_mutex_lock(&r->idle_lock);
	if (r->nidle > 0)
		lr = r->idle[--r->nidle];
	uv_mutex_unlock(&r->idle_lock);
	return lr != NULL ? lr : log_reader_new();
}

/* Gives a job's log reader back; the array has room for one a job. */
static void
reader_idle_give(struct reader *r, struct log_reader *lr)
{
	uv_mutex_lock(&r->idle_lock);
	r->idle[r->nidle++] = lr;
	uv_mutex_unlock(&r->idle_lock);
}

/* Closes the idle log readers, once no job runs. */
static void
reader_idle_free(struct reader *r)
{
	while (r->nidle > 0)
		log_reader_close(r->idle[--r->nidle]);
	free(r->idle);
	uv_mutex_destroy(&r->idle_lock);
}

static void
reader_work(uv_work_t *req)
{
	struct job		*job = req->data;
	struct reader		*r = job->reader;
	struct log_reader	*lr = reader_idle_take(r);
	size_t			 i;

	for (i = 0; i < job->n; i++)
		reader_file(r->opts, lr, r->paths[job->first + i],
		    &job->files[i]);
	reader_idle_give(r, lr);
}

/* ---- files of many days ---- */

/* The code of e, with its message in *message (caller frees). */
static enum err_code
reader_err(struct err *e, char **message)
{
	enum err_code	code = e->code;

	*message = err_text(e);
	err_clear(e);
	return code;
}

/* Opens the episodes CSV or BORIS export on fd (taking it); -1 with e. */
static int
reader_stream_open(const struct reader_options *opts, int fd,
    const char *path, enum input_kind kind, struct reader_stream *st,
    struct err *e)
{
	memset(st, 0, sizeof *st);
	if (kind == INPUT_BORIS)
		return boris_open(fd, path, opts->subject, &st->br, e);
	return episodes_open(fd, path, opts->scheme, &st->er, e);
}

/* The next day: 1, 0 at the end, -1 with e. */
static int
reader_stream_next(struct reader_stream *st, struct timeline *tl,
    struct err *e)
{
	if (st->br != NULL)
		return boris_next(st->br, tl, e);
	return episodes_next(st->er, tl, e);
}

static int
reader_stream_rewind(struct reader_stream *st, struct err *e)
{
	if (st->br != NULL)
		return boris_rewind(st->br, e);
	return episodes_rewind(st->er, e);
}

/* Makes a day read before the end of its file whole: a BORIS day gets
 * the behaviours of the whole file. */
static void
reader_stream_settle(struct reader_stream *st, struct timeline *tl)
{
	if (st->br != NULL)
		boris_rescheme(st->br, tl);
}

/* Checks the rest of the file as far as opening it once did: a BORIS
 * export's rows, behaviours and subject. */
static int
reader_stream_check_rest(struct reader_stream *st, struct err *e)
{
	return st->br != NULL ? boris_check_rest(st->br, e) : 0;
}

static void
reader_stream_close(struct reader_stream *st)
{
	boris_close(st->br);
	episodes_close(st->er);
	memset(st, 0, sizeof *st);
}

/* Notes a file's code and passes its message on. */
static void
reader_problem(struct reader *r, const char *message, enum err_code code)
{
	if (r->first == ERR_OK)
		r->first = code;
	if (message != NULL)
		r->calls->problem(r->calls->arg, message, code);
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

/* The days of a file read so far, held until its end. */
struct reader_held {
	struct timeline	*days;
	size_t		 n;
	size_t		 size;
	int		 holding;	/* 0 once they are let go */
};

static void
reader_held_drop(struct reader_held *h)
{
	size_t	i;

	for (i = 0; i < h->n; i++)
		timeline_free(&h->days[i]);
	h->n = 0;
}

/* Holds a day read, or lets it go when they are not held. */
static void
reader_held_add(struct reader_held *h, struct timeline *tl)
{
	if (h->holding && h->n == h->size) {
		h->size = h->size == 0 ? 8 : h->size * 2;
		h->days = xreallocarray(h->days, h->size, sizeof *h->days);
	}
	if (h->holding)
		h->days[h->n++] = *tl;
	else
		timeline_free(tl);
}

/*
 * Streams an episodes CSV or a BORIS export.  The whole file is checked
 * before any of its days is handed on (the contract: a file with a
 * mistake anywhere gives no days at all), and a BORIS day's groups are the
 * behaviours of the whole file, so no day can go before the end.  A file
 * of one day, or of HOLD_BYTES or less, is read once, its days held till
 * then; a bigger one of many days is read a second time, on the same
 * descriptor, so that memory stays flat however many days it holds.
 */
static void
reader_streamed(struct reader *r, int fd, const char *path,
    enum input_kind kind)
{
	struct reader_stream	 st;
	struct reader_held	 held;
	struct timeline		 tl;
	struct summary		 sum;
	struct stat		 sb;
	struct err		 e = ERR_INIT;
	char			*message;
	size_t			 i, ndays = 0;
	int			 n, small;

	memset(&held, 0, sizeof held);
	held.holding = 1;
	small = fstat(fd, &sb) == 0 && sb.st_size <= HOLD_BYTES;
	if (reader_stream_open(r->opts, fd, path, kind, &st, &e) != 0)
		goto fail;
	for (i = 0; st.br != NULL && boris_warning(st.br, i) != NULL; i++)
		reader_problem(r, boris_warning(st.br, i), 0);
	while ((n = reader_stream_next(&st, &tl, &e)) == 1) {
		if (++ndays == 2 && !small) {
			reader_held_drop(&held);
			held.holding = 0;
		}
		reader_held_add(&held, &tl);
	}
	if (n != 0)
		goto fail;
	for (i = 0; i < held.n; i++) {
		reader_stream_settle(&st, &held.days[i]);
		reader_ready(r->opts, &held.days[i], &sum);
		reader_day(r, &held.days[i], &sum);
	}
	if (ndays > held.n) {
		if (reader_stream_rewind(&st, &e) != 0)
			goto fail;
		while ((n = reader_stream_next(&st, &tl, &e)) == 1) {
			reader_ready(r->opts, &tl, &sum);
			reader_day(r, &tl, &sum);
		}
		if (n != 0)
			goto fail;	/* the file changed under us */
	}
	free(held.days);
	reader_stream_close(&st);
	return;

fail:
	n = reader_err(&e, &message);
	reader_problem(r, message, n);
	free(message);
	reader_held_drop(&held);
	free(held.days);
	reader_stream_close(&st);
}

static void reader_after(uv_work_t *, int);

/* Starts jobs for the files that fit in the window. */
static void
reader_fill(struct reader *r)
{
	struct job	*job;
	size_t		 first, i;

	while (!r->stopped && (first = r->next_queue * r->batch) < r->n &&
	    r->next_queue < r->next_emit + r->window) {
		job = &r->jobs[r->next_queue++ % r->window];
		memset(job, 0, offsetof(struct job, files));
		job->reader = r;
		job->first = first;
		job->n = r->n - first < r->batch ? r->n - first : r->batch;
		for (i = 0; i < job->n; i++) {
			memset(&job->files[i], 0, sizeof job->files[i]);
			job->files[i].fd = -1;
		}
		job->req.data = job;
		job->queued = 1;
		if (uv_queue_work(&r->loop, &job->req, reader_work,
		    reader_after) != 0) {
			reader_work(&job->req);	/* cannot happen; stay correct */
			job->done = 1;
		}
	}
}

/* Hands on one file of a finished job. */
static void
reader_emit_file(struct reader *r, const char *path, struct file *f)
{
	if (f->code != ERR_OK || f->message != NULL)
		reader_problem(r, f->message, f->code);
	if (f->has_day)
		reader_day(r, &f->tl, &f->sum);
	else if (f->code == ERR_OK && f->kind != INPUT_LOG)
		reader_streamed(r, f->fd, path, f->kind); /* takes the fd */
	f->has_day = 0;
	f->fd = -1;
	free(f->message);
	f->message = NULL;
}

/* Hands on, in file order, every job that has finished. */
static void
reader_emit(struct reader *r)
{
	struct job	*job;
	size_t		 i;

	while (r->next_emit < r->next_queue) {
		job = &r->jobs[r->next_emit % r->window];
		if (!job->done)
			break;
		for (i = 0; i < job->n; i++)
			reader_emit_file(r, r->paths[job->first + i],
			    &job->files[i]);
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

/*
 * Keeps freed memory in the process.  Each day is built on a pool thread
 * and freed on the loop thread once written; with glibc's default each
 * free that leaves more than 128 KiB at the top of a thread's heap gives
 * the pages back, and the next day faults them in again: at 3000 days
 * that was 1 000 to 5 000 page faults and about 5% of the run's CPU.  A
 * run's working set is a few MiB, so holding what it freed costs nothing
 * the peak does not already count.
 */
static void
reader_malloc_keep(void)
{
#if defined(__GLIBC__) && defined(M_TRIM_THRESHOLD)
	mallopt(M_TRIM_THRESHOLD, 64 * 1024 * 1024);
#endif
}

/* Files a job: BATCH_FILES, or fewer when there are too few files to
 * keep every thread busy with two jobs. */
static size_t
reader_batch(size_t n, unsigned threads)
{
	size_t	b = n / (2 * (size_t)threads);

	return b < 1 ? 1 : b > BATCH_FILES ? BATCH_FILES : b;
}

/* Frees what a job not handed on holds (after a stop). */
static void
reader_job_free(struct job *job)
{
	struct file	*f;
	size_t		 i;

	for (i = 0; i < job->n; i++) {
		f = &job->files[i];
		if (f->has_day) {
			summary_free(&f->sum);
			timeline_free(&f->tl);
		}
		free(f->message);
		if (f->fd != -1)
			close(f->fd);
	}
}

enum err_code
reader_run(char *const *paths, size_t n, const struct reader_options *opts,
    const struct reader_calls *calls)
{
	struct reader	r;
	unsigned	threads;
	size_t		i;

	memset(&r, 0, sizeof r);
	r.paths = paths;
	r.n = n;
	r.opts = opts;
	r.calls = calls;
	threads = reader_threads();
	reader_malloc_keep();
	r.window = threads * JOBS_PER_THREAD;
	r.batch = reader_batch(n, threads);
	r.jobs = xcalloc(r.window, sizeof *r.jobs);
	r.idle = xcalloc(r.window, sizeof *r.idle);
	if (uv_mutex_init(&r.idle_lock) != 0) {
		free(r.idle);
		free(r.jobs);
		reader_problem(&r, "cannot start the event loop",
		    ERR_IO);
		return r.first;
	}
	if (uv_loop_init(&r.loop) != 0) {
		reader_idle_free(&r);
		free(r.jobs);
		reader_problem(&r, "cannot start the event loop",
		    ERR_IO);
		return r.first;
	}
	reader_fill(&r);
	uv_run(&r.loop, UV_RUN_DEFAULT);
	/* Jobs still unread after a stop are freed here. */
	for (i = 0; i < r.window; i++) {
		if (r.jobs[i].queued)
			reader_job_free(&r.jobs[i]);
	}
	uv_loop_close(&r.loop);
	reader_idle_free(&r);
	free(r.jobs);
	return r.first;
}

/* The one day of an episodes CSV or a BORIS export on fd (taken);
 * another day after it is an error. */
static enum err_code
reader_one_streamed(int fd, const char *path,
    const struct reader_options *opts, enum input_kind kind,
    struct timeline *tl, int *has_day, char **message)
{
	struct reader_stream	 st;
	struct timeline		 next;
	struct err		 e = ERR_INIT;
	int			 n;

	if (reader_stream_open(opts, fd, path, kind, &st, &e) != 0) {
		reader_stream_close(&st);
		return reader_err(&e, message);
	}
	if ((n = reader_stream_next(&st, tl, &e)) == 1) {
		n = reader_stream_next(&st, &next, &e);
		if (n == 0) {
			reader_stream_settle(&st, tl);
			reader_stream_close(&st);
			*has_day = 1;
			return ERR_OK;
		}
		if (n == 1) {
			timeline_free(&next);
			n = reader_stream_check_rest(&st, &e) != 0 ? -1 : 1;
		}
		if (n == 1)
			*message = xasprintf("%s: holds more than one day%s; "
			    "give one day a FILE", path, kind == INPUT_BORIS ?
			    " (observation and subject: see --subject)" : "");
		timeline_free(tl);
	} else if (n == 0)
		*message = xasprintf("%s: holds no day", path);
	reader_stream_close(&st);
	return n == -1 ? reader_err(&e, message) : ERR_DATA;
}

enum err_code
reader_one(const char *path, const struct reader_options *opts,
    struct timeline *tl, int *has_day, char **message)
{
	struct log_reader	*lr = log_reader_new();
	enum input_kind		 kind;
	enum err_code		 code;
	int			 fd = -1;

	*has_day = 0;
	*message = NULL;
	if ((code = reader_kind(lr, path, &kind, &fd, message)) != ERR_OK) {
		log_reader_close(lr);
		return code;
	}
	if (kind == INPUT_LOG)
		code = reader_load_log(opts, lr, path, fd, tl,
		    has_day, message);
	else
		code = reader_one_streamed(fd, path, opts, kind, tl,
		    has_day, message);
	log_reader_close(lr);
	if (*has_day)
		reader_ready(opts, tl, NULL);
	return code;
}
