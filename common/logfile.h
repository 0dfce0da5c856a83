/*
 * Log files on disk: an append-only concatenation of msgpack maps, header
 * first.  The writer appends each record with one write(2) and fsyncs it
 * before returning; if a write fails it cuts the file back to the last whole
 * record, so a retry never leaves damage in the middle.  The reader streams
 * with bounded memory and tells a clean end from a torn tail (repairable)
 * and from damage in the middle (refused).
 */
#ifndef LOGFILE_H
#define LOGFILE_H

#include <sys/types.h>

#include <stdint.h>

#include "err.h"
#include "record.h"

#define LOG_MAX_RECORD	(256 * 1024)	/* bytes in one msgpack object */
#define LOG_MAX_DEPTH	8		/* nesting of arrays and maps */

/* ---- one writer at a time ---- */

/*
 * The writers below return -1 with e filled (its file the log, or the
 * temporary or side file the failure happened to) and errno kept, the
 * code by what failed: ERR_CANTCREAT when a new log or temporary file
 * cannot be made, ERR_IO for the rest (a header or record the reader
 * would refuse included: nothing of it is written).
 */

/* Opens the existing log path to append and locks it against every other
 * writer, for as long as the descriptor returned stays open.  -1 with e:
 * ERR_NOINPUT when path is missing, ERR_TEMPFAIL (errno EAGAIN) when
 * another process holds the log, the message then naming it ("PATH is
 * open in another shadowlog-record (pid N); close that one first", the
 * path in the words and not as e's file), ERR_IO otherwise. */
int	log_lock_open(const char *path, struct err *e);
/* Marks fd's lock with this process's id so that a refused writer can name
 * it.  Any close of another descriptor of the file by this process drops
 * the mark (never the lock): call it once the log has been read. */
void	log_lock_name(int fd);

/* ---- writing, one durable record at a time (the live recorder) ---- */

struct log_writer;

/* Creates path (O_EXCL, mode 0600), locked, writes the header, fsyncs the
 * file and its directory.  -1 with e: ERR_CANTCREAT. */
int	log_writer_create(const char *path, const struct log_header *,
	    struct log_writer **, struct err *e);
/* Opens and locks an existing log (log_lock_open) to append after its
 * first good_len bytes (the length the reader found whole; the file must be
 * no longer). */
int	log_writer_open(const char *path, off_t good_len,
	    struct log_writer **, struct err *e);
/* The same with fd from log_lock_open, taken before the log was read; the
 * writer owns fd from here, whatever the outcome. */
int	log_writer_attach(const char *path, int fd, off_t good_len,
	    struct log_writer **, struct err *e);
/* Appends one record with one write(2), then fsync(2).  On any failure the
 * file is cut back to its previous length and -1 returned with e (ERR_IO)
 * and errno kept: the record is not on disk and may be retried. */
int	log_writer_append(struct log_writer *, const struct record *,
	    struct err *e);
off_t	log_writer_length(const struct log_writer *);
void	log_writer_close(struct log_writer *);

/* ---- writing many records at once (timed commands) ---- */

struct log_batch;

/* Starts a new log: a temporary file (0600) beside path, named path at
 * commit only if path is still free.  -1 with e: ERR_CANTCREAT. */
int	log_batch_begin(const char *path, struct log_batch **,
	    struct err *e);
/* Appends to an existing log in place, after its first good_len bytes (its
 * whole length): fd is from log_lock_open and the batch owns it from here,
 * whatever the outcome.  The log is never replaced, as a writer may hold
 * it open. */
int	log_batch_append(const char *path, int fd, off_t good_len,
	    struct log_batch **, struct err *e);
int	log_batch_header(struct log_batch *, const struct log_header *,
	    struct err *e);
int	log_batch_record(struct log_batch *, const struct record *,
	    struct err *e);
/* fsyncs once and, for a new log, gives it its name (never replacing a
 * file) and fsyncs the directory; frees the batch whatever the outcome.
 * On failure a new log's temporary file is removed, and an appended log is
 * cut back (ftruncate, fsync) to the length it had. */
int	log_batch_commit(struct log_batch *, struct err *e);
/* Removes the temporary file, or cuts an appended log back, and frees the
 * batch. */
void	log_batch_abort(struct log_batch *);

/* ---- reading ---- */

enum log_status {
	LOG_CLEAN,		/* ended after a whole record */
	LOG_TORN,		/* a partial record (or zero fill) at the end */
	LOG_CORRUPT		/* damage before the end: not readable past it */
};

struct log_reader;

/* Records written by two recorders on one log at once (logs written before
 * the lock): each took seqs from its own view, so seqs repeat or run back.
 * The reader takes them in file order and numbers them on from the last,
 * as it reads (the numbers every later use of the log sees). */
#define LOG_MAX_SESSIONS	64	/* live sessions tracked */
struct log_interleave {
	size_t		 n;		/* records numbered on; 0: none */
	off_t		 first_at;	/* byte offsets of the first and */
	off_t		 last_at;	/* last of them */
	uint64_t	 first_seq;	/* their seqs as numbered on */
	uint64_t	 last_seq;
	uint64_t	 session_lo;	/* the sessions involved */
	uint64_t	 session_hi;
};

/* Opens path and reads its header.  Returns 0, or -1 with e: ERR_NOINPUT
 * (missing), ERR_IO, or ERR_DATA (not a log, or a bad header; with the
 * byte offset where there is one). */
int	log_reader_open(const char *path, struct log_reader **,
	    struct err *e);
/* The same on fd, open for reading on path at any offset (the reader
 * reads from the start); the reader owns fd from here, whatever the
 * outcome. */
int	log_reader_fdopen(const char *path, int fd, struct log_reader **,
	    struct err *e);
/* A reader to read one log after another with, reusing its buffers (a
 * pool thread reading many days): idle until log_reader_start. */
struct log_reader *log_reader_new(void);
/* Reads the first bytes of fd (from offset 0, as many as the idle
 * reader's buffer holds; fewer at the end of the file) into that buffer,
 * for the caller to tell what the file is: *bytes (the reader's, valid
 * until it next reads) and *n.  The next log_reader_start on fd goes on
 * after them, so a log is read once; log_reader_finish drops them.  -1
 * with errno when reading fails.  fd stays the caller's. */
int	log_reader_peek(struct log_reader *, int fd,
	    const unsigned char **bytes, size_t *n);
/* log_reader_fdopen on an idle reader: 0, or -1 with e and the reader
 * idle again (fd closed: it is the reader's whatever the outcome). */
int	log_reader_start(struct log_reader *, const char *path, int fd,
	    struct err *e);
/* Ends the file being read (closes its descriptor, frees its header and
 * what it said); the reader is idle again, ready for log_reader_start. */
void	log_reader_finish(struct log_reader *);
const struct log_header *log_reader_header(const struct log_reader *);
/* Moves the header into *dst (the caller frees it with log_header_free);
 * the reader's is empty from here. */
void	log_reader_take_header(struct log_reader *, struct log_header *dst);
/* From here, the strings of the records read go into memory from
 * alloc(arg, size) (aligned for pointers; the caller's, never freed by
 * the reader), where they stay valid after the next call: a reader into a
 * day copies them no more. */
void	log_reader_set_alloc(struct log_reader *,
	    void *(*alloc)(void *arg, size_t size), void *arg);
/* Reads the next record: 1 with rec filled (valid until the next call),
 * 0 at the end or on damage (see log_reader_end), -1 on an I/O error
 * with e (ERR_IO). */
int	log_reader_next(struct log_reader *, struct record *rec,
	    struct err *e);
/* After next returned 0: how the file ended.  *good_len is the length of
 * the whole records read (where a repair cuts); *damage_at the byte offset
 * where the torn or corrupt bytes start.  log_reader_end says what. */
enum log_status log_reader_status(const struct log_reader *, off_t *good_len,
	    off_t *damage_at);
/* How the file ended, told in e when not clean: ERR_DATA with the file,
 * the byte offset where the damage starts and what it is (ERR_IO, no
 * offset, when reading failed); e untouched when clean. */
enum log_status log_reader_end(const struct log_reader *, struct err *e);
/* What was read so far of records from two recorders at once. */
void	log_reader_interleaved(const struct log_reader *,
	    struct log_interleave *);
/* Byte offset at which the record last returned by next starts. */
off_t	log_reader_offset(const struct log_reader *);
/* Ends the file, if any, and frees the reader. */
void	log_reader_close(struct log_reader *);

/* Moves the bytes of path after good_len into a new side file
 * "PATH.damaged-N" (0600, fsynced), then truncates path to good_len and
 * fsyncs it.  *side gets the side file's name (caller frees).  -1 with
 * e: ERR_IO. */
int	log_repair(const char *path, off_t good_len, char **side,
	    struct err *e);

#endif
