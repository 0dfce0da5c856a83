/*
 * Reading FILE operands in parallel with results in order.  The files
 * are cut into batches; every thread (the caller's, and one worker on
 * libuv's pool for each other core) claims the next batch and reads its
 * files in a row, each log yielding a timeline and its summary (or a
 * message).  Only the caller's thread hands days on, strictly in file
 * order, so the output is the same whatever the timing; it reads batches
 * itself between hand-offs, so there is one busy thread a core and no
 * wake-up a batch.  The easy thing to get wrong: a batch finishing early
 * must wait for every earlier file, and an episodes CSV or a BORIS export
 * (which may hold thousands of days) is streamed in its turn, never
 * buffered whole.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
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
#define POOL_MAX	1024	/* libuv's bound on its pool's threads */
#define BATCH_FILES	2	/* files a batch, at most */
#define BATCHES_PER_THREAD 4	/* batches read but not yet handed on,
				   per thread, at most: how far a worker
				   may run ahead of the hand-off.  Small,
				   so that the days in flight (about 50 KB
				   each) stay in a core's 2 MB cache: with
				   8 files a batch, 64 days in flight, a
				   2 MB cache simulated (cachegrind) missed
				   110 000 writes per 300 days, now 22 000;
				   3000 days about 6% faster */

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

/* One file of a batch: what its reading found. */
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

/* A batch: up to BATCH_FILES files in a row, read one after another by
 * the thread that claimed it, so the threads meet once a batch, not once
 * a file. */
struct batch {
	size_t		 first;		/* in paths */
	size_t		 n;
	int		 done;		/* under the lock */
	struct file	 files[BATCH_FILES];
};

struct reader {
	uv_loop_t			 loop;
	char *const			*paths;
	size_t				 n;
	const struct reader_options	*opts;
	const struct reader_calls	*calls;
	struct batch			*batches; /* ring of window slots */
	size_t				 window;	/* batches */
	size_t				 batch_files;	/* files a batch */
	size_t				 nbatches;
	uv_work_t			*workers;	/* data: the reader */
	int				 stopped;	/* the caller's */
	enum err_code			 first;	/* the first problem's */
	/* shared with the workers, under lock: */
	uv_mutex_t			 lock;
	uv_cond_t			 cond;
	size_t				 next_claim;	/* next batch to read */
	size_t				 next_emit;	/* next to hand on */
	int				 halt;		/* no more claims */
	int				 waiting;	/* threads in cond */
};

/* Opens path and tells a log, an episodes CSV and a BORIS export apart
 * by its first bytes, read with pread (so the other readers start at 0)
 * into the log reader lr (between files), which a log's reading goes on
 * from (each log is read once); 0 with *fd open (every kind: each file is
 * opened once) or a code with *message. */
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

/* Reads the log at path into *tl, with the reader lr (between files, or
 * holding the file's first bytes from reader_kind); returns ERR_OK or a
 * code with *message, *has_day saying whether *tl was filled (a torn
 * tail's warning comes with the day).  Touches nothing shared: runs on any
 * thread. */
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

/* Reads one file of a batch with its thread's log reader; touches nothing
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

/* The next batch to read, or SIZE_MAX when none may start now (none
 * left, a stop, or the window full until the hand-off catches up).
 * Called with the lock held. */
static size_t
reader_claim(struct reader *r)
{
	if (r->halt || r->next_claim >= r->nbatches ||
	    r->next_claim >= r->next_emit + r->window)
		return SIZE_MAX;
	return r->next_claim++;
}

/* Wakes the threads waiting for a batch read or a slot free.  Lock held. */
static void
reader_wake(struct reader *r)
{
	if (r->waiting > 0)
		uv_cond_broadcast(&r->cond);
}

/* Waits for reader_wake.  Lock held. */
static void
reader_wait(struct reader *r)
{
	r->waiting++;
	uv_cond_wait(&r->cond, &r->lock);
	r->waiting--;
}

/* Reads batch b, claimed, into its slot with lr, without the lock (the
 * slot is the claimer's alone until it is marked done), then marks it
 * done.  Called, and returns, with the lock held. */
static void
reader_read_batch(struct reader *r, struct log_reader *lr, size_t b)
{
	struct batch	*bt = &r->batches[b % r->window];
	size_t		 i;

	uv_mutex_unlock(&r->lock);
	bt->first = b * r->batch_files;
	bt->n = r->n - bt->first;
	if (bt->n > r->batch_files)
		bt->n = r->batch_files;
	for (i = 0; i < bt->n; i++) {
		memset(&bt->files[i], 0, sizeof bt->files[i]);
		bt->files[i].fd = -1;
		reader_file(r->opts, lr, r->paths[bt->first + i],
		    &bt->files[i]);
	}
	uv_mutex_lock(&r->lock);
	bt->done = 1;
	reader_wake(r);
}

/* A worker: reads the batches it can claim, waits while the window is
 * full, ends when none is left.  Its log reader (buffers grown, scheme
 * memo filled: a run's days mostly share one scheme) lives as long. */
static void
reader_work(uv_work_t *req)
{
	struct reader		*r = req->data;
	struct log_reader	*lr = log_reader_new();
	size_t			 b;

	uv_mutex_lock(&r->lock);
	for (;;) {
		if ((b = reader_claim(r)) != SIZE_MAX)
			reader_read_batch(r, lr, b);
		else if (r->halt || r->next_claim >= r->nbatches)
			break;
		else
			reader_wait(r);
	}
	uv_mutex_unlock(&r->lock);
	log_reader_close(lr);
}

static void
reader_work_after(uv_work_t *req, int status)
{
	(void)req;
	(void)status;
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

/* Hands on one file of a batch read. */
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

/* The threads that read: one a core, the caller's among them, so libuv's
 * pool is sized to the other cores, unless the user has chosen (then as
 * many as libuv's pool, which reads the variable as atoi does, 0 as 1 and
 * at most POOL_MAX, read beside the caller's: a count taken as it was
 * given made -1 a division by zero and 2^30 a window of none, a hang). */
static unsigned
reader_threads(void)
{
	const char	*env = getenv("UV_THREADPOOL_SIZE");
	char		 buf[16];
	unsigned	 n;

	if (env != NULL && *env != '\0') {
		n = (unsigned)atoi(env);
		n = n == 0 ? 1 : n > POOL_MAX ? POOL_MAX : n;
		return n + 1;
	}
	n = uv_available_parallelism();
	snprintf(buf, sizeof buf, "%u", n > 1 ? n - 1 : 1);
	setenv("UV_THREADPOOL_SIZE", buf, 1);
	return n;
}

/*
 * Keeps freed memory in the process.  A day is built on any thread and
 * freed on the caller's once written; with glibc's default each
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

/* Files a batch: BATCH_FILES, or fewer when there are too few files to
 * give every thread two batches. */
static size_t
reader_batch(size_t n, unsigned threads)
{
	size_t	b = n / (2 * (size_t)threads);

	return b < 1 ? 1 : b > BATCH_FILES ? BATCH_FILES : b;
}

/* Hands on batch b's files, in order, without the lock. */
static void
reader_emit(struct reader *r, size_t b)
{
	struct batch	*bt = &r->batches[b % r->window];
	size_t		 i;

	for (i = 0; i < bt->n; i++)
		reader_emit_file(r, r->paths[bt->first + i], &bt->files[i]);
	bt->done = 0;
}

/*
 * The caller's thread: hands on the next batch once it is read, else
 * reads one itself, else (the next being read by a worker) waits for it.
 * After a stop, the batches already claimed are still handed on, so that
 * their problems are told, but no more are claimed.
 */
static void
reader_drive(struct reader *r)
{
	struct log_reader	*lr = NULL;
	size_t			 b;

	uv_mutex_lock(&r->lock);
	while (r->next_emit < (r->halt ? r->next_claim : r->nbatches)) {
		if (r->next_emit < r->next_claim &&
		    r->batches[r->next_emit % r->window].done) {
			uv_mutex_unlock(&r->lock);
			reader_emit(r, r->next_emit);
			uv_mutex_lock(&r->lock);
			r->next_emit++;
			r->halt = r->stopped;
			reader_wake(r);
		} else if ((b = reader_claim(r)) != SIZE_MAX) {
			if (lr == NULL)
				lr = log_reader_new();
			reader_read_batch(r, lr, b);
		} else
			reader_wait(r);
	}
	uv_mutex_unlock(&r->lock);
	if (lr != NULL)
		log_reader_close(lr);
}

/* Starts a worker on the pool for each other core with a batch to read;
 * one that cannot start leaves its batches to the others. */
static void
reader_start_workers(struct reader *r, unsigned threads)
{
	size_t	i, want = threads - 1;

	if (want > r->nbatches - 1)
		want = r->nbatches - 1;
	r->workers = xcalloc(want > 0 ? want : 1, sizeof *r->workers);
	for (i = 0; i < want; i++) {
		r->workers[i].data = r;
		(void)uv_queue_work(&r->loop, &r->workers[i], reader_work,
		    reader_work_after);
	}
}

/* The lock, its condition and the loop the workers are run from; -1 with
 * none of them made. */
static int
reader_sync_init(struct reader *r)
{
	if (uv_mutex_init(&r->lock) != 0)
		return -1;
	if (uv_cond_init(&r->cond) != 0) {
		uv_mutex_destroy(&r->lock);
		return -1;
	}
	if (uv_loop_init(&r->loop) != 0) {
		uv_cond_destroy(&r->cond);
		uv_mutex_destroy(&r->lock);
		return -1;
	}
	return 0;
}

enum err_code
reader_run(char *const *paths, size_t n, const struct reader_options *opts,
    const struct reader_calls *calls)
{
	struct reader	r;
	unsigned	threads;

	memset(&r, 0, sizeof r);
	r.paths = paths;
	r.n = n;
	r.opts = opts;
	r.calls = calls;
	if (n == 0)
		return ERR_OK;
	threads = reader_threads();
	reader_malloc_keep();
	r.window = threads * BATCHES_PER_THREAD;
	r.batch_files = reader_batch(n, threads);
	r.nbatches = (n + r.batch_files - 1) / r.batch_files;
	r.batches = xcalloc(r.window, sizeof *r.batches);
	if (reader_sync_init(&r) != 0) {
		free(r.batches);
		reader_problem(&r, "cannot start the event loop", ERR_IO);
		return r.first;
	}
	reader_start_workers(&r, threads);
	reader_drive(&r);
	uv_run(&r.loop, UV_RUN_DEFAULT);	/* the workers end */
	uv_loop_close(&r.loop);
	uv_cond_destroy(&r.cond);
	uv_mutex_destroy(&r.lock);
	free(r.workers);
	free(r.batches);
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
