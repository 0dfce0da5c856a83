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

#include "record.h"

#define LOG_MAX_RECORD	(256 * 1024)	/* bytes in one msgpack object */
#define LOG_MAX_DEPTH	8		/* nesting of arrays and maps */

/* ---- writing, one durable record at a time (the live recorder) ---- */

struct log_writer;

/* Creates path (O_EXCL, mode 0600), writes the header, fsyncs the file and
 * its directory.  -1 with *cause; errno is kept. */
int	log_writer_create(const char *path, const struct log_header *,
	    struct log_writer **, char **cause);
/* Opens an existing log to append after its first good_len bytes (the
 * length the reader found whole; the file must be no longer). */
int	log_writer_open(const char *path, off_t good_len,
	    struct log_writer **, char **cause);
/* Appends one record with one write(2), then fsync(2).  On any failure the
 * file is cut back to its previous length and -1 returned with *cause and
 * errno kept: the record is not on disk and may be retried. */
int	log_writer_append(struct log_writer *, const struct record *,
	    char **cause);
off_t	log_writer_length(const struct log_writer *);
void	log_writer_close(struct log_writer *);

/* ---- writing a whole log at once (timed commands) ---- */

struct log_batch;

/* Starts a temporary file (0600) beside path. */
int	log_batch_begin(const char *path, struct log_batch **, char **cause);
/* Copies the first len bytes of the file src into the batch. */
int	log_batch_copy(struct log_batch *, const char *src, off_t len,
	    char **cause);
int	log_batch_header(struct log_batch *, const struct log_header *,
	    char **cause);
int	log_batch_record(struct log_batch *, const struct record *,
	    char **cause);
/* fsyncs once, renames over path, fsyncs the directory; frees the batch
 * whatever the outcome (on failure the temporary file is removed and path
 * is untouched). */
int	log_batch_commit(struct log_batch *, char **cause);
/* Removes the temporary file and frees the batch. */
void	log_batch_abort(struct log_batch *);

/* ---- reading ---- */

enum log_status {
	LOG_CLEAN,		/* ended after a whole record */
	LOG_TORN,		/* a partial record (or zero fill) at the end */
	LOG_CORRUPT		/* damage before the end: not readable past it */
};

struct log_reader;

/* Opens path and reads its header.  Returns 0, or -1 with *cause and
 * *status_exit set to the sysexits code (66 missing, 74 I/O, 65 not a log
 * or bad header). */
int	log_reader_open(const char *path, struct log_reader **,
	    int *status_exit, char **cause);
const struct log_header *log_reader_header(const struct log_reader *);
/* Reads the next record: 1 with rec filled (valid until the next call),
 * 0 at the end or on damage (see log_reader_status), -1 on an I/O error
 * with *cause. */
int	log_reader_next(struct log_reader *, struct record *rec, char **cause);
/* After next returned 0: how the file ended.  *good_len is the length of
 * the whole records read (where a repair cuts); *damage_at the byte offset
 * where the torn or corrupt bytes start; *cause says what (caller frees;
 * NULL when clean). */
enum log_status log_reader_status(const struct log_reader *, off_t *good_len,
	    off_t *damage_at, char **cause);
/* Byte offset at which the record last returned by next starts. */
off_t	log_reader_offset(const struct log_reader *);
void	log_reader_close(struct log_reader *);

/* Moves the bytes of path after good_len into a new side file
 * "PATH.damaged-N" (0600, fsynced), then truncates path to good_len and
 * fsyncs it.  *side gets the side file's name (caller frees). */
int	log_repair(const char *path, off_t good_len, char **side,
	    char **cause);

#endif
