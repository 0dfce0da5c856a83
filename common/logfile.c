/*
 * Log files on disk: one locked writer, durable appends, all-or-nothing
 * batches, a streaming reader and the repair of a torn tail.  The reader meets hostile bytes: no
 * length or count read from the file may size an allocation before the
 * bytes it claims are in memory, which is why objects are pre-scanned.
 */
#include <sys/types.h>
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <limits.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <stdarg.h>
#include <unistd.h>

#include "durable.h"
#include "err.h"
#include "logfile.h"
#include "xmalloc.h"

#define LOG_CHUNK	(64 * 1024)	/* read and batch write size */
#define LOG_BUF_SIZE	(LOG_MAX_RECORD + LOG_CHUNK)
#define LOG_BUF_FIRST	(32 * 1024)	/* a reader's buffer to begin with:
					   a day's log fits, and a block
					   this small is neither mapped
					   nor consolidated by malloc */
#define LOG_MAX_SIDE	1000		/* PATH.damaged-1 .. -1000 */

/* ---- the pre-scanner ----
 *
 * msgpack-c's unpacker allocates an array or map for the count the bytes
 * claim before any element has arrived, so a hostile count of 2^32 would
 * allocate gigabytes.  log_scan walks the bytes first, without allocating:
 * it finds the exact extent of one object, checks every count and length
 * against the bytes actually there (each element needs at least one byte),
 * and limits size and nesting.  Only a whole object within the limits is
 * handed to msgpack_unpack_next, and then only its own bytes.
 */

enum scan_result {
	SCAN_WHOLE,		/* one object of len bytes */
	SCAN_SHORT,		/* a prefix of an object: more bytes needed */
	SCAN_BAD		/* not msgpack, too large or too deep */
};

enum scan_fault {
	FAULT_NONE,
	FAULT_BYTE,		/* 0xc1 */
	FAULT_SIZE,		/* more than LOG_MAX_RECORD bytes */
	FAULT_DEPTH		/* nested deeper than LOG_MAX_DEPTH */
};

struct scan {
	size_t		 len;	/* SCAN_WHOLE: bytes in the object */
	size_t		 at;	/* SCAN_BAD: offset of the fault */
	enum scan_fault	 fault;	/* SCAN_BAD: what is wrong */
};

/* Where the elements of the outermost container start, noted in passing
 * by log_scan: for a header, the keys and values of its map, so that the
 * scheme's own bytes are known without a second walk. */
#define SCAN_TOPS	32
struct scan_tops {
	size_t		 at[SCAN_TOPS];	/* the first SCAN_TOPS */
	size_t		 n;		/* all of them */
};

enum scan_kind {
	SK_SCALAR,		/* the header is the whole element */
	SK_BODY,		/* str, bin, ext: a length, then the bytes */
	SK_ARRAY,
	SK_MAP,
	SK_INVALID		/* 0xc1 */
};

/* The type bytes 0xc0 to 0xdf: header size, length field size, kind. */
static const struct {
	unsigned char	 head;
	unsigned char	 lenbytes;
	unsigned char	 kind;
} scan_types[32] = {
	{ 1, 0, SK_SCALAR },	/* c0 nil */
	{ 1, 0, SK_INVALID },	/* c1 never used */
	{ 1, 0, SK_SCALAR },	/* c2 false */
	{ 1, 0, SK_SCALAR },	/* c3 true */
	{ 2, 1, SK_BODY },	/* c4 bin 8 */
	{ 3, 2, SK_BODY },	/* c5 bin 16 */
	{ 5, 4, SK_BODY },	/* c6 bin 32 */
	{ 3, 1, SK_BODY },	/* c7 ext 8 (length, type) */
	{ 4, 2, SK_BODY },	/* c8 ext 16 */
	{ 6, 4, SK_BODY },	/* c9 ext 32 */
	{ 5, 0, SK_SCALAR },	/* ca float 32 */
	{ 9, 0, SK_SCALAR },	/* cb float 64 */
	{ 2, 0, SK_SCALAR },	/* cc uint 8 */
	{ 3, 0, SK_SCALAR },	/* cd uint 16 */
	{ 5, 0, SK_SCALAR },	/* ce uint 32 */
	{ 9, 0, SK_SCALAR },	/* cf uint 64 */
	{ 2, 0, SK_SCALAR },	/* d0 int 8 */
	{ 3, 0, SK_SCALAR },	/* d1 int 16 */
	{ 5, 0, SK_SCALAR },	/* d2 int 32 */
	{ 9, 0, SK_SCALAR },	/* d3 int 64 */
	{ 3, 0, SK_SCALAR },	/* d4 fixext 1 (type, data) */
	{ 4, 0, SK_SCALAR },	/* d5 fixext 2 */
	{ 6, 0, SK_SCALAR },	/* d6 fixext 4 */
	{ 10, 0, SK_SCALAR },	/* d7 fixext 8 */
	{ 18, 0, SK_SCALAR },	/* d8 fixext 16 */
	{ 2, 1, SK_BODY },	/* d9 str 8 */
	{ 3, 2, SK_BODY },	/* da str 16 */
	{ 5, 4, SK_BODY },	/* db str 32 */
	{ 3, 2, SK_ARRAY },	/* dc array 16 */
	{ 5, 4, SK_ARRAY },	/* dd array 32 */
	{ 3, 2, SK_MAP },	/* de map 16 */
	{ 5, 4, SK_MAP }	/* df map 32 */
};

/* Whether the object can extend to end: SCAN_BAD past the size limit,
 * SCAN_SHORT past the bytes held, else SCAN_WHOLE (meaning "fits"). */
static enum scan_result
scan_need(uint64_t end, size_t avail, struct scan *sc)
{
	if (end > LOG_MAX_RECORD) {
		sc->at = 0;
		sc->fault = FAULT_SIZE;
		return SCAN_BAD;
	}
	if (end > avail)
		return SCAN_SHORT;
	return SCAN_WHOLE;
}

/* Reads one element's header at p[off]: *head bytes, then *body bytes of
 * payload or *count elements. */
static enum scan_result
scan_element(const unsigned char *p, size_t off, size_t avail,
    enum scan_kind *kind, size_t *head, uint64_t *body, uint64_t *count,
    struct scan *sc)
{
	enum scan_result	res;
	unsigned char		b = p[off];
	uint64_t		v = 0;
	unsigned		i, lenbytes = 0;

	*body = *count = 0;
	*head = 1;
	if (b <= 0x7f || b >= 0xe0)
		*kind = SK_SCALAR;
	else if (b <= 0x8f) {
		*kind = SK_MAP;
		*count = 2 * (uint64_t)(b & 0x0f);
	} else if (b <= 0x9f) {
		*kind = SK_ARRAY;
		*count = b & 0x0f;
	} else if (b <= 0xbf) {
		*kind = SK_BODY;
		*body = b & 0x1f;
	} else {
		*kind = scan_types[b - 0xc0].kind;
		*head = scan_types[b - 0xc0].head;
		lenbytes = scan_types[b - 0xc0].lenbytes;
	}
	if (*kind == SK_INVALID) {
		sc->at = off;
		sc->fault = FAULT_BYTE;
		return SCAN_BAD;
	}
	if ((res = scan_need((uint64_t)off + *head, avail, sc)) != SCAN_WHOLE)
		return res;
	for (i = 0; i < lenbytes; i++)
		v = (v << 8) | p[off + 1 + i];
	if (lenbytes != 0) {
		if (*kind == SK_BODY)
			*body = v;
		else if (*kind == SK_MAP)
			*count = 2 * v;
		else
			*count = v;
	}
	return SCAN_WHOLE;
}

/* With tops not NULL, notes where the outermost container's elements
 * start in *tops. */
static enum scan_result
log_scan(const unsigned char *p, size_t avail, struct scan *sc,
    struct scan_tops *tops)
{
	uint64_t		left[LOG_MAX_DEPTH], body, count;
	enum scan_result	res;
	enum scan_kind		kind;
	size_t			off = 0, head;
	unsigned		depth = 0;

	memset(sc, 0, sizeof *sc);
	if (tops != NULL)
		tops->n = 0;
	for (;;) {
		if ((res = scan_need((uint64_t)off + 1, avail, sc)) !=
		    SCAN_WHOLE)
			return res;
		if (tops != NULL && depth == 1) {
			if (tops->n < SCAN_TOPS)
				tops->at[tops->n] = off;
			tops->n++;
		}
		res = scan_element(p, off, avail, &kind, &head, &body, &count,
		    sc);
		if (res != SCAN_WHOLE)
			return res;

		if (kind == SK_ARRAY || kind == SK_MAP) {
			if (depth == LOG_MAX_DEPTH) {
				sc->at = off;
				sc->fault = FAULT_DEPTH;
				return SCAN_BAD;
			}
			/* Each element takes a byte at least. */
			res = scan_need((uint64_t)off + head + count, avail,
			    sc);
			if (res != SCAN_WHOLE)
				return res;
			off += head;
			if (count != 0) {
				left[depth++] = count;
				continue;
			}
		} else {
			res = scan_need((uint64_t)off + head + body, avail,
			    sc);
			if (res != SCAN_WHOLE)
				return res;
			off += head + body;
		}

		/* An element is complete: close every container it fills. */
		for (;;) {
			if (depth == 0) {
				sc->len = off;
				return SCAN_WHOLE;
			}
			if (--left[depth - 1] != 0)
				break;
			depth--;
		}
	}
}

/* What a SCAN_BAD found; the caller frees it. */
static char *
scan_why(const struct scan *sc)
{
	switch (sc->fault) {
	case FAULT_BYTE:
		return xstrdup("invalid msgpack byte 0xc1");
	case FAULT_SIZE:
		return xasprintf("object larger than %d bytes", LOG_MAX_RECORD);
	case FAULT_DEPTH:
		return xasprintf("nesting deeper than %d", LOG_MAX_DEPTH);
	default:
		return xstrdup("not one msgpack object");
	}
}

/* ---- shared helpers ---- */

/* Decodes one object that log_scan found whole, of exactly len bytes, into
 * *obj, which points into zone until the next call.  The zone is cleared and
 * reused, not made afresh as msgpack_unpack_next does: two mallocs and
 * frees a record saved. */
static int
decode_whole(msgpack_zone *zone, msgpack_object *obj, const char *data,
    size_t len)
{
	size_t	off = 0;

	msgpack_zone_clear(zone);
	if (msgpack_unpack(data, len, &off, zone, obj) !=
	    MSGPACK_UNPACK_SUCCESS || off != len)
		return -1;
	return 0;
}

static int
write_all(int fd, const void *buf, size_t len)
{
	const char	*p = buf;
	ssize_t		 n;

	while (len > 0) {
		n = write(fd, p, len);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		if (n == 0) {
			errno = EIO;
			return -1;
		}
		p += n;
		len -= n;
	}
	return 0;
}

static ssize_t
pread_all(int fd, void *buf, size_t len, off_t at)
{
	char	*p = buf;
	size_t	 done = 0;
	ssize_t	 n;

	while (done < len) {
		n = pread(fd, p + done, len - done, at + (off_t)done);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		if (n == 0)
			break;
		done += n;
	}
	return (ssize_t)done;
}

/* Checks packed bytes the way the reader will: the writers never put on
 * disk anything that their own reader would refuse. */
static int
check_packed(const char *data, size_t len, struct record *rec,
    struct log_header *hdr, struct err *why)
{
	msgpack_zone		 zone;
	msgpack_object		 obj;
	struct scan		 sc;
	char			*arena = NULL, *what;
	size_t			 arena_size = 0;
	int			 ret = -1;

	if (log_scan((const unsigned char *)data, len, &sc, NULL) !=
	    SCAN_WHOLE ||
	    sc.len != len) {
		what = scan_why(&sc);
		err_set(why, ERR_DATA, "%s", what);
		free(what);
		return -1;
	}
	if (!msgpack_zone_init(&zone, MSGPACK_ZONE_CHUNK_SIZE))
		xmalloc_fail(MSGPACK_ZONE_CHUNK_SIZE);
	if (decode_whole(&zone, &obj, data, len) != 0)
		err_set(why, ERR_DATA, "msgpack-c cannot decode it");
	else if (hdr != NULL) {
		if (log_header_unpack(&obj, hdr, why) == 0) {
			log_header_free(hdr);
			ret = 0;
		}
	} else {
		switch (record_unpack(&obj, rec, &arena,
		    &arena_size, why)) {
		case 1:
			ret = 0;
			break;
		case 0:
			err_set(why, ERR_DATA, "unknown record type");
			break;
		}
	}
	free(arena);
	msgpack_zone_destroy(&zone);
	return ret;
}

/* Checks a packed record and, when known, that it follows seq. */
static int
check_record(const msgpack_sbuffer *sbuf, uint64_t seq, int known,
    struct err *why)
{
	struct record	rec;

	if (check_packed(sbuf->data, sbuf->size, &rec, NULL, why) != 0)
		return -1;
	if (known && rec.seq != seq + 1)
		return err_set(why, ERR_DATA, "seq %" PRIu64 " does not "
		    "follow seq %" PRIu64, rec.seq, seq);
	return 0;
}

static int
check_header(const msgpack_sbuffer *sbuf, struct err *why)
{
	struct log_header	hdr;

	return check_packed(sbuf->data, sbuf->size, NULL, &hdr, why);
}

/* Fills e with code, what went wrong (printf-style) and the file it
 * happened to; errno is kept, for the callers that still look at it.
 * Returns -1. */
static int
log_fail(struct err *e, enum err_code code, const char *file,
    const char *fmt, ...) __attribute__((format(printf, 4, 5)));

static int
log_fail(struct err *e, enum err_code code, const char *file,
    const char *fmt, ...)
{
	va_list	ap;
	int	saved = errno;

	va_start(ap, fmt);
	err_vset(e, code, fmt, ap);
	va_end(ap);
	err_file(e, file);
	errno = saved;
	return -1;
}

/* ---- one writer at a time ----
 *
 * Two locks beyond any byte a log can hold.  An OFD lock keeps every other
 * writer out; it belongs to the open file, so the reader's close of its own
 * descriptor cannot drop it.  An OFD lock names no process, so a classic
 * fcntl lock on the next byte is a name tag for the refused writer's
 * message.  The classic one goes with any close of the file by this
 * process: it is taken last and only ever names, never guards.
 */

#define LOG_LOCK_AT	((off_t)1 << 62)

static int
log_lock_set(int fd, int cmd, short type, off_t at, struct flock *fl)
{
	memset(fl, 0, sizeof *fl);
	fl->l_type = type;
	fl->l_whence = SEEK_SET;
	fl->l_start = at;
	fl->l_len = 1;
	return fcntl(fd, cmd, fl);
}

/* The pid whose name tag is on fd's file, or 0 when none is seen. */
static long
log_lock_holder(int fd)
{
	struct flock	fl;

	if (log_lock_set(fd, F_GETLK, F_WRLCK, LOG_LOCK_AT + 1, &fl) != 0 ||
	    fl.l_type == F_UNLCK || fl.l_pid <= 0)
		return 0;
	return (long)fl.l_pid;
}

/* Takes the guard lock on fd, the log path. */
static int
log_lock_fd(int fd, const char *path, struct err *e)
{
	struct flock	fl;
	long		pid;
	int		rc, saved;

#ifdef F_OFD_SETLK
	rc = log_lock_set(fd, F_OFD_SETLK, F_WRLCK, LOG_LOCK_AT, &fl);
	if (rc != 0 && errno == EINVAL)	/* a kernel older than 3.15 */
#endif
		rc = log_lock_set(fd, F_SETLK, F_WRLCK, LOG_LOCK_AT, &fl);
	if (rc == 0)
		return 0;
	saved = errno;
	if (saved != EAGAIN && saved != EACCES)
		return log_fail(e, ERR_IO, path, "cannot lock it against a "
		    "second writer: %s", strerror(saved));
	/* The file is the sentence's subject here, so it stays in the
	 * words rather than going before them. */
	if ((pid = log_lock_holder(fd)) > 0)
		err_set(e, ERR_TEMPFAIL, "%s is open in another "
		    "shadowlog-record (pid %ld); close that one first", path,
		    pid);
	else
		err_set(e, ERR_TEMPFAIL, "%s is open in another "
		    "shadowlog-record; close that one first", path);
	errno = EAGAIN;
	return -1;
}

int
log_lock_open(const char *path, struct err *e)
{
	int	fd, saved;

	if ((fd = open(path, O_WRONLY | O_APPEND | O_CLOEXEC)) == -1)
		return log_fail(e, errno == ENOENT ? ERR_NOINPUT : ERR_IO,
		    path, "%s", strerror(errno));
	if (log_lock_fd(fd, path, e) != 0) {
		saved = errno;
		close(fd);
		errno = saved;
		return -1;
	}
	return fd;
}

void
log_lock_name(int fd)
{
	struct flock	fl;

	log_lock_set(fd, F_SETLK, F_WRLCK, LOG_LOCK_AT + 1, &fl);
}

/* ---- the writer ---- */

struct log_writer {
	char		*path;
	int		 fd;
	off_t		 len;		/* whole records on disk */
	int		 cut;		/* bytes past len may be on disk */
	uint64_t	 seq;		/* of the last record, if seq_known */
	int		 seq_known;
	msgpack_sbuffer	 sbuf;		/* reused for every record */
};

static struct log_writer *
log_writer_new(const char *path, int fd, off_t len)
{
	struct log_writer	*w;

	w = xcalloc(1, sizeof *w);
	w->path = xstrdup(path);
	w->fd = fd;
	w->len = len;
	msgpack_sbuffer_init(&w->sbuf);
	return w;
}

/* Cuts the file back to its whole records. */
static int
log_writer_cut(struct log_writer *w)
{
	if (ftruncate(w->fd, w->len) != 0 || fsync(w->fd) != 0) {
		w->cut = 1;
		return -1;
	}
	w->cut = 0;
	return 0;
}

/* Gives the whole file tmp the name path, failing with EEXIST if path is
 * there: renameat2's RENAME_NOREPLACE, or a hard link where a file system
 * does not take that flag. */
static int
log_rename_new(const char *tmp, const char *path)
{
#ifdef RENAME_NOREPLACE
	if (renameat2(AT_FDCWD, tmp, AT_FDCWD, path, RENAME_NOREPLACE) == 0)
		return 0;
	if (errno != EINVAL && errno != ENOSYS)
		return -1;
#endif
	if (link(tmp, path) != 0)
		return -1;
	unlink(tmp);
	return 0;
}

int
log_writer_create(const char *path, const struct log_header *hdr,
    struct log_writer **wp, struct err *e)
{
	msgpack_sbuffer	 sbuf;
	struct err	 why = ERR_INIT;
	char		*tmp;
	int		 fd, saved, named = 0;

	msgpack_sbuffer_init(&sbuf);
	log_header_pack(hdr, &sbuf);
	if (check_header(&sbuf, &why) != 0) {
		errno = EINVAL;
		log_fail(e, ERR_CANTCREAT, path, "bad header: %s", why.msg);
		err_clear(&why);
		msgpack_sbuffer_destroy(&sbuf);
		return -1;
	}

	/*
	 * The header goes to a temporary file that takes the name only once
	 * it is whole and synced: a crash while creating leaves no log, never
	 * an empty or cut-short one that could not be continued.
	 */
	tmp = xasprintf("%s.tmp-XXXXXX", path);
	if ((fd = mkstemp(tmp)) == -1) {
		log_fail(e, ERR_CANTCREAT, path, "%s", strerror(errno));
		free(tmp);
		msgpack_sbuffer_destroy(&sbuf);
		return -1;
	}
	/* The umask may have narrowed (or a strange one widened) the mode. */
	if (fcntl(fd, F_SETFD, FD_CLOEXEC) == 0 &&
	    fchmod(fd, 0600) == 0 &&
	    log_lock_fd(fd, tmp, NULL) == 0 &&
	    write_all(fd, sbuf.data, sbuf.size) == 0 &&
	    fsync(fd) == 0 &&
	    log_rename_new(tmp, path) == 0)
		named = 1;
	if (!named || durable_sync_dir(path) != 0 ||
	    fcntl(fd, F_SETFL, O_APPEND) != 0) {
		saved = errno;
		log_fail(e, ERR_CANTCREAT, path, "%s", strerror(saved));
		close(fd);
		unlink(named ? path : tmp);
		free(tmp);
		msgpack_sbuffer_destroy(&sbuf);
		errno = saved;
		return -1;
	}
	free(tmp);
	log_lock_name(fd);
	*wp = log_writer_new(path, fd, (off_t)sbuf.size);
	(*wp)->seq_known = 1;
	msgpack_sbuffer_destroy(&sbuf);
	return 0;
}

int
log_writer_attach(const char *path, int fd, off_t good_len,
    struct log_writer **wp, struct err *e)
{
	struct stat	st;
	int		saved;

	if (fstat(fd, &st) != 0) {
		saved = errno;
		log_fail(e, ERR_IO, path, "%s", strerror(saved));
		close(fd);
		errno = saved;
		return -1;
	}
	if (!S_ISREG(st.st_mode) || st.st_size != good_len) {
		errno = EINVAL;
		if (!S_ISREG(st.st_mode))
			log_fail(e, ERR_IO, path, "not a regular file");
		else
			log_fail(e, ERR_IO, path, "is %lld bytes, not the "
			    "%lld read whole", (long long)st.st_size,
			    (long long)good_len);
		close(fd);
		errno = EINVAL;
		return -1;
	}
	log_lock_name(fd);
	*wp = log_writer_new(path, fd, good_len);
	return 0;
}

int
log_writer_open(const char *path, off_t good_len, struct log_writer **wp,
    struct err *e)
{
	int	fd;

	if ((fd = log_lock_open(path, e)) == -1)
		return -1;
	return log_writer_attach(path, fd, good_len, wp, e);
}

int
log_writer_append(struct log_writer *w, const struct record *rec,
    struct err *e)
{
	struct err	 why = ERR_INIT;
	int		 saved;

	if (w->cut && log_writer_cut(w) != 0)
		return log_fail(e, ERR_IO, w->path, "cannot cut back to %lld "
		    "bytes: %s", (long long)w->len, strerror(errno));

	msgpack_sbuffer_clear(&w->sbuf);
	record_pack(rec, &w->sbuf);
	if (check_record(&w->sbuf, w->seq, w->seq_known, &why) != 0) {
		errno = EINVAL;
		log_fail(e, ERR_IO, w->path, "record not written: %s",
		    why.msg);
		err_clear(&why);
		return -1;
	}

	if (write_all(w->fd, w->sbuf.data, w->sbuf.size) != 0 ||
	    fsync(w->fd) != 0) {
		saved = errno;
		log_writer_cut(w);
		errno = saved;
		return log_fail(e, ERR_IO, w->path, "%s", strerror(saved));
	}
	w->len += (off_t)w->sbuf.size;
	w->seq = rec->seq;
	w->seq_known = 1;
	return 0;
}

off_t
log_writer_length(const struct log_writer *w)
{
	return w->len;
}

void
log_writer_close(struct log_writer *w)
{
	if (w == NULL)
		return;
	if (w->cut)
		log_writer_cut(w);
	close(w->fd);
	msgpack_sbuffer_destroy(&w->sbuf);
	free(w->path);
	free(w);
}

/* ---- batches ---- */

struct log_batch {
	char		*path;
	char		*tmp;		/* "PATH.tmp-XXXXXX"; NULL appending */
	int		 fd;
	off_t		 base;		/* appending: the log's length before */
	int		 dirty;		/* appending: bytes past base written */
	char		*buf;		/* LOG_CHUNK bytes waiting */
	size_t		 len;
	int		 failed;	/* an earlier call failed */
	uint64_t	 seq;		/* of the last record, if seq_known */
	int		 seq_known;
	msgpack_sbuffer	 sbuf;
};

static int
log_batch_flush(struct log_batch *b)
{
	if (b->len != 0 && b->tmp == NULL)
		b->dirty = 1;
	if (b->len != 0 && write_all(b->fd, b->buf, b->len) != 0)
		return -1;
	b->len = 0;
	return 0;
}

static int
log_batch_put(struct log_batch *b, const char *data, size_t len)
{
	size_t	n;

	while (len > 0) {
		n = LOG_CHUNK - b->len;
		if (n > len)
			n = len;
		memcpy(b->buf + b->len, data, n);
		b->len += n;
		data += n;
		len -= n;
		if (b->len == LOG_CHUNK && log_batch_flush(b) != 0)
			return -1;
	}
	return 0;
}

/* Marks the batch failed with the error in errno, on the temporary
 * file. */
static int
log_batch_fail(struct log_batch *b, struct err *e)
{
	b->failed = 1;
	return log_fail(e, ERR_IO, b->tmp != NULL ? b->tmp : b->path, "%s",
	    strerror(errno));
}

/* Appending: cuts the log back to the length it had, durably. */
static int
log_batch_cut(struct log_batch *b)
{
	if (!b->dirty)
		return 0;
	if (ftruncate(b->fd, b->base) != 0 || fsync(b->fd) != 0)
		return -1;
	b->dirty = 0;
	return 0;
}

int
log_batch_begin(const char *path, struct log_batch **bp, struct err *e)
{
	struct log_batch	*b;
	int			 saved;

	b = xcalloc(1, sizeof *b);
	b->tmp = xasprintf("%s.tmp-XXXXXX", path);
	if ((b->fd = mkstemp(b->tmp)) == -1) {
		log_fail(e, ERR_CANTCREAT, path, "cannot create a temporary "
		    "file: %s", strerror(errno));
		free(b->tmp);
		free(b);
		return -1;
	}
	if (fcntl(b->fd, F_SETFD, FD_CLOEXEC) != 0 ||
	    fchmod(b->fd, 0600) != 0) {
		saved = errno;
		log_fail(e, ERR_CANTCREAT, b->tmp, "%s", strerror(saved));
		close(b->fd);
		unlink(b->tmp);
		free(b->tmp);
		free(b);
		errno = saved;
		return -1;
	}
	b->path = xstrdup(path);
	b->buf = xmalloc(LOG_CHUNK);
	msgpack_sbuffer_init(&b->sbuf);
	*bp = b;
	return 0;
}

int
log_batch_append(const char *path, int fd, off_t good_len,
    struct log_batch **bp, struct err *e)
{
	struct log_batch	*b;
	struct stat		 st;
	int			 saved;

	if (fstat(fd, &st) != 0) {
		saved = errno;
		log_fail(e, ERR_IO, path, "%s", strerror(saved));
		close(fd);
		errno = saved;
		return -1;
	}
	if (st.st_size != good_len) {
		errno = EINVAL;
		log_fail(e, ERR_IO, path, "is %lld bytes, not the %lld read "
		    "whole", (long long)st.st_size, (long long)good_len);
		close(fd);
		errno = EINVAL;
		return -1;
	}
	b = xcalloc(1, sizeof *b);
	b->path = xstrdup(path);
	b->fd = fd;
	b->base = good_len;
	b->buf = xmalloc(LOG_CHUNK);
	msgpack_sbuffer_init(&b->sbuf);
	*bp = b;
	return 0;
}

int
log_batch_header(struct log_batch *b, const struct log_header *hdr,
    struct err *e)
{
	struct err	 why = ERR_INIT;

	msgpack_sbuffer_clear(&b->sbuf);
	log_header_pack(hdr, &b->sbuf);
	if (check_header(&b->sbuf, &why) != 0) {
		b->failed = 1;
		errno = EINVAL;
		log_fail(e, ERR_IO, b->path, "bad header: %s", why.msg);
		err_clear(&why);
		return -1;
	}
	if (log_batch_put(b, b->sbuf.data, b->sbuf.size) != 0)
		return log_batch_fail(b, e);
	b->seq = 0;
	b->seq_known = 1;
	return 0;
}

int
log_batch_record(struct log_batch *b, const struct record *rec,
    struct err *e)
{
	struct err	 why = ERR_INIT;

	msgpack_sbuffer_clear(&b->sbuf);
	record_pack(rec, &b->sbuf);
	if (check_record(&b->sbuf, b->seq, b->seq_known, &why) != 0) {
		b->failed = 1;
		errno = EINVAL;
		log_fail(e, ERR_IO, b->path, "record not written: %s",
		    why.msg);
		err_clear(&why);
		return -1;
	}
	if (log_batch_put(b, b->sbuf.data, b->sbuf.size) != 0)
		return log_batch_fail(b, e);
	b->seq = rec->seq;
	b->seq_known = 1;
	return 0;
}

/* Appending: writes what waits and syncs; on failure cuts back. */
static int
log_batch_commit_append(struct log_batch *b, struct err *e)
{
	int	saved;

	if (log_batch_flush(b) == 0 && fsync(b->fd) == 0)
		return 0;
	saved = errno;
	if (log_batch_cut(b) != 0)
		log_fail(e, ERR_IO, b->path, "%s; the %lld bytes before the "
		    "new records are whole, but it could not be cut back to "
		    "them: %s", strerror(saved), (long long)b->base,
		    strerror(errno));
	else
		log_fail(e, ERR_IO, b->path, "%s (the log is as it was)",
		    strerror(saved));
	errno = saved;
	return -1;
}

int
log_batch_commit(struct log_batch *b, struct err *e)
{
	int	saved;

	if (b->failed) {
		log_fail(e, ERR_IO, b->path, "not written after an earlier "
		    "error");
		log_batch_abort(b);
		errno = EINVAL;
		return -1;
	}
	if (b->tmp == NULL) {
		if (log_batch_commit_append(b, e) != 0) {
			saved = errno;
			log_batch_abort(b);
			errno = saved;
			return -1;
		}
		/* Synced: a failing close loses nothing. */
		b->dirty = 0;
		log_batch_abort(b);
		return 0;
	}
	if (log_batch_flush(b) != 0 || fsync(b->fd) != 0) {
		saved = errno;
		log_fail(e, ERR_IO, b->tmp, "%s", strerror(saved));
		log_batch_abort(b);
		errno = saved;
		return -1;
	}
	saved = close(b->fd);
	b->fd = -1;
	/* A log that appeared meanwhile may have a writer: never replace it. */
	if (saved != 0 || log_rename_new(b->tmp, b->path) != 0) {
		saved = errno;
		log_fail(e, ERR_IO, b->path, "%s", strerror(saved));
		log_batch_abort(b);
		errno = saved;
		return -1;
	}
	/* Renamed: from here on the temporary name is gone. */
	free(b->tmp);
	b->tmp = NULL;
	if (durable_sync_dir(b->path) != 0) {
		saved = errno;
		log_fail(e, ERR_IO, b->path, "renamed, but its directory was "
		    "not synced: %s", strerror(saved));
		log_batch_abort(b);
		errno = saved;
		return -1;
	}
	log_batch_abort(b);
	return 0;
}

void
log_batch_abort(struct log_batch *b)
{
	if (b == NULL)
		return;
	if (b->tmp == NULL && b->fd != -1)
		log_batch_cut(b);
	if (b->fd != -1)
		close(b->fd);
	if (b->tmp != NULL)
		unlink(b->tmp);
	free(b->tmp);
	free(b->path);
	free(b->buf);
	msgpack_sbuffer_destroy(&b->sbuf);
	free(b);
}
/* ---- the reader ---- */

/*
 * A record as a msgpack_object without msgpack-c, and without a scan
 * before it: a map whose values are integers, nil, booleans, strings or
 * arrays of those, as every record a recorder writes is.  Strings point
 * into the bytes, as msgpack-c's do; the objects are those msgpack-c would
 * build.  Every read is checked against the bytes held, and anything else
 * (an object not yet whole, floats, bin, ext, nested containers, more
 * pairs or items than fit, the byte 0xc1) is left to log_scan and
 * msgpack-c: the same objects and the same account of damage, just
 * slower.
 */
#define SHALLOW_PAIRS	32
/* shallow_one runs about 20 times a record; left a call (as gcc -O2
 * leaves it) it cost 3% of a summary's instructions. */
#ifdef __GNUC__
#define SHALLOW_INLINE	inline __attribute__((always_inline))
#else
#define SHALLOW_INLINE	inline
#endif
#define SHALLOW_ITEMS	RECORD_MAX_WITH

struct shallow {
	msgpack_object_kv	 pairs[SHALLOW_PAIRS];
	msgpack_object		 items[SHALLOW_ITEMS];
	size_t			 nitems;
	const unsigned char	*end;		/* of the bytes held */
	/* shallow_keyed's: each known key's value, or NULL; keyed when
	 * they, not obj, hold the last record decoded. */
	msgpack_object		 vals[RECORD_NKEYS];
	const msgpack_object	*found[RECORD_NKEYS];
	int			 keyed;
};

/* The big-endian unsigned integer of n bytes (1, 2, 4 or 8) at p: spelt
 * out by size, which gcc makes one load and a byte swap, where a loop
 * took three instructions a byte (a timestamp is 8). */
static uint64_t
shallow_be(const unsigned char *p, unsigned n)
{
	switch (n) {
	case 1:
		return p[0];
	case 2:
		return (uint64_t)p[0] << 8 | p[1];
	case 4:
		return (uint64_t)p[0] << 24 | (uint64_t)p[1] << 16 |
		    (uint64_t)p[2] << 8 | p[3];
	default:
		return (uint64_t)p[0] << 56 | (uint64_t)p[1] << 48 |
		    (uint64_t)p[2] << 40 | (uint64_t)p[3] << 32 |
		    (uint64_t)p[4] << 24 | (uint64_t)p[5] << 16 |
		    (uint64_t)p[6] << 8 | p[7];
	}
}

/* The length (n bytes after the first) of the element at q, in *v. */
static int
shallow_len(const struct shallow *sh, const unsigned char *q, unsigned n,
    uint64_t *v)
{
	if ((size_t)(sh->end - q) < n)
		return -1;
	*v = shallow_be(q, n);
	return 0;
}

/* A signed integer of n bytes (1, 2, 4 or 8) at q. */
static int64_t
shallow_signed(const unsigned char *q, unsigned n)
{
	uint64_t	u = shallow_be(q, n);

	if (n == 1)
		return (int8_t)u;
	if (n == 2)
		return (int16_t)u;
	if (n == 4)
		return (int32_t)u;
	return (int64_t)u;
}

/* The fixstr at *p, as every key and most values are: 1 with o filled and
 * *p past it, else 0 (nothing moved) for shallow_value to decode what is
 * there.  Inlined in the loop over a record's pairs, it spares most
 * elements the call and the walk through the other types. */
static SHALLOW_INLINE int
shallow_fixstr(const struct shallow *sh, const unsigned char **p,
    msgpack_object *o)
{
	const unsigned char	*q = *p;
	size_t			 v;

	if (q >= sh->end || (*q & 0xe0) != 0xa0)
		return 0;
	v = *q & 0x1f;
	if ((size_t)(sh->end - q) <= v)
		return 0;
	o->type = MSGPACK_OBJECT_STR;
	o->via.str.size = (uint32_t)v;
	o->via.str.ptr = (const char *)q + 1;
	*p = q + 1 + v;
	return 1;
}

/* The positive fixint or uint 8 to 64 at *p, as a record's seq, t, mono
 * and session are: 1 with o filled and *p past it, else 0 (nothing moved)
 * for shallow_value, as shallow_fixstr. */
static SHALLOW_INLINE int
shallow_uint(const struct shallow *sh, const unsigned char **p,
    msgpack_object *o)
{
	const unsigned char	*q = *p;
	unsigned		 n;

	if (q >= sh->end || (*q > 0x7f && (*q < 0xcc || *q > 0xcf)))
		return 0;
	n = *q <= 0x7f ? 0 : 1u << (*q - 0xcc);
	if ((size_t)(sh->end - q) <= n)
		return 0;
	o->type = MSGPACK_OBJECT_POSITIVE_INTEGER;
	o->via.u64 = n == 0 ? *q : shallow_be(q + 1, n);
	*p = q + 1 + n;
	return 1;
}

/* Decodes the scalar or string at *p into o and moves *p past it; for an
 * array or map, only its type and size (*p past its header).  -1 for what
 * is left to msgpack-c or runs past the bytes held. */
static SHALLOW_INLINE int
shallow_one(struct shallow *sh, const unsigned char **p, msgpack_object *o)
{
	const unsigned char	*q = *p;
	unsigned char		 b;
	uint64_t		 n, v;
	int64_t			 i;

	if (shallow_fixstr(sh, p, o) || shallow_uint(sh, p, o))
		return 0;	/* most values */
	if (q >= sh->end)
		return -1;
	b = *q++;
	if (b <= 0x7f || (b >= 0xcc && b <= 0xcf))
		return -1;	/* an unsigned integer cut short */
	if (b >= 0xe0 || (b >= 0xd0 && b <= 0xd3)) {
		n = b >= 0xe0 ? 0 : 1u << (b - 0xd0);
		if ((size_t)(sh->end - q) < n)
			return -1;
		i = n == 0 ? (int8_t)b : shallow_signed(q, (unsigned)n);
		q += n;
		o->type = i < 0 ? MSGPACK_OBJECT_NEGATIVE_INTEGER :
		    MSGPACK_OBJECT_POSITIVE_INTEGER;
		if (i < 0)
			o->via.i64 = i;
		else
			o->via.u64 = (uint64_t)i;
	} else if ((b >= 0xa0 && b <= 0xbf) || (b >= 0xd9 && b <= 0xdb)) {
		n = b <= 0xbf ? 0 : 1u << (b - 0xd9);
		v = b & 0x1f;
		if (n != 0 && shallow_len(sh, q, (unsigned)n, &v) != 0)
			return -1;
		q += n;
		if ((uint64_t)(sh->end - q) < v)
			return -1;
		o->type = MSGPACK_OBJECT_STR;
		o->via.str.size = (uint32_t)v;
		o->via.str.ptr = (const char *)q;
		q += v;
	} else if (b == 0xc0)
		o->type = MSGPACK_OBJECT_NIL;
	else if (b == 0xc2 || b == 0xc3) {
		o->type = MSGPACK_OBJECT_BOOLEAN;
		o->via.boolean = b == 0xc3;
	} else if (b <= 0x9f || (b >= 0xdc && b <= 0xdf)) {
		/* fixmap, fixarray; array 16, 32, map 16, 32 */
		n = b <= 0x9f ? 0 : (b & 1) ? 4 : 2;
		v = b & 0x0f;
		if (n != 0 && shallow_len(sh, q, (unsigned)n, &v) != 0)
			return -1;
		q += n;
		if (b <= 0x8f || b >= 0xde) {
			o->type = MSGPACK_OBJECT_MAP;
			o->via.map.size = (uint32_t)v;
		} else {
			o->type = MSGPACK_OBJECT_ARRAY;
			o->via.array.size = (uint32_t)v;
		}
	} else
		return -1;	/* float, bin, ext, 0xc1 */
	*p = q;
	return 0;
}

/* A value: a scalar, a string or an array of those. */
static int
shallow_value(struct shallow *sh, const unsigned char **p, msgpack_object *o)
{
	msgpack_object	*item;
	uint32_t	 i;

	if (shallow_one(sh, p, o) != 0 || o->type == MSGPACK_OBJECT_MAP)
		return -1;
	if (o->type != MSGPACK_OBJECT_ARRAY)
		return 0;
	if (o->via.array.size > SHALLOW_ITEMS - sh->nitems)
		return -1;
	o->via.array.ptr = o->via.array.size == 0 ? NULL :
	    &sh->items[sh->nitems];
	for (i = 0; i < o->via.array.size; i++) {
		item = &sh->items[sh->nitems++];
		if (shallow_one(sh, p, item) != 0 ||
		    item->type == MSGPACK_OBJECT_ARRAY ||
		    item->type == MSGPACK_OBJECT_MAP)
			return -1;
	}
	return 0;
}

/* Opens the map at data, of at most avail bytes (a record is no longer
 * than LOG_MAX_RECORD): its header into *map, *p past it; -1 for anything
 * but a map of at most SHALLOW_PAIRS pairs. */
static SHALLOW_INLINE int
shallow_map(struct shallow *sh, const unsigned char **p, const char *data,
    size_t avail, msgpack_object *map)
{
	*p = (const unsigned char *)data;
	sh->nitems = 0;
	sh->end = *p + (avail < LOG_MAX_RECORD ? avail : LOG_MAX_RECORD);
	return shallow_one(sh, p, map) != 0 || map->type != MSGPACK_OBJECT_MAP ||
	    map->via.map.size > SHALLOW_PAIRS ? -1 : 0;
}

/* A record's value at *p: most are a fixstr or an unsigned integer, tried
 * inline; the rest go to shallow_value. */
static SHALLOW_INLINE int
shallow_record_value(struct shallow *sh, const unsigned char **p,
    msgpack_object *o)
{
	if (shallow_fixstr(sh, p, o) || shallow_uint(sh, p, o))
		return 0;
	return shallow_value(sh, p, o);
}

/* Decodes the record at data, of at most avail bytes, into *obj (pointing
 * into sh and data) with its length in *len; -1 for log_scan and
 * msgpack-c to do it. */
static int
shallow_record(struct shallow *sh, msgpack_object *obj, const char *data,
    size_t avail, size_t *len)
{
	const unsigned char	*p;
	msgpack_object_kv	*kv;
	uint32_t		 i;

	if (shallow_map(sh, &p, data, avail, obj) != 0)
		return -1;
	obj->via.map.ptr = obj->via.map.size == 0 ? NULL : sh->pairs;
	for (i = 0; i < obj->via.map.size; i++) {
		kv = &sh->pairs[i];
		if ((!shallow_fixstr(sh, &p, &kv->key) &&
		    shallow_value(sh, &p, &kv->key) != 0) ||
		    shallow_record_value(sh, &p, &kv->val) != 0)
			return -1;
	}
	*len = (size_t)(p - (const unsigned char *)data);
	return 0;
}

/* The index of the fixstr key at *p (RECORD_NKEYS for one this version
 * does not know), *p moved past it; -1 for another kind of key. */
static SHALLOW_INLINE int
shallow_key(const struct shallow *sh, const unsigned char **p)
{
	msgpack_object	key;

	if (!shallow_fixstr(sh, p, &key))
		return -1;
	return (int)record_key_index(key.via.str.ptr, key.via.str.size,
	    (size_t)((const char *)sh->end - key.via.str.ptr));
}

/*
 * shallow_record for a record as record_pack writes it, every key a
 * fixstr and none known twice: each value decoded straight into found[]
 * under its key's index, for record_unpack_found (not into pairs that
 * record_unpack_alloc walks again to find its keys).  -1 for any other
 * map: shallow_record and record_unpack_alloc then take it, and say what
 * is wrong with it, as for every record before.
 */
static int
shallow_keyed(struct shallow *sh, const char *data, size_t avail,
    size_t *len)
{
	const unsigned char	*p;
	msgpack_object		 map, skip, *o;
	uint32_t		 i;
	int			 k;

	if (shallow_map(sh, &p, data, avail, &map) != 0)
		return -1;
	memset(sh->found, 0, sizeof sh->found);
	for (i = 0; i < map.via.map.size; i++) {
		if ((k = shallow_key(sh, &p)) < 0)
			return -1;
		o = &skip;	/* an unknown key's value: decoded, ignored */
		if (k < RECORD_NKEYS) {
			if (sh->found[k] != NULL)
				return -1;
			o = &sh->vals[k];
			sh->found[k] = o;
		}
		if (shallow_record_value(sh, &p, o) != 0)
			return -1;
	}
	*len = (size_t)(p - (const unsigned char *)data);
	return 0;
}

struct log_reader {
	/* Kept from one file to the next (log_reader_finish). */
	unsigned char		*buf;		/* size bytes, grown up to
						   LOG_BUF_SIZE for a record
						   that does not fit */
	size_t			 size;
	msgpack_zone		 zone;		/* reused for every object */
	struct shallow		*shallow;	/* what obj points into, when
						   decoded without msgpack-c */
	char			*arena;		/* the record's strings */
	size_t			 arena_size;
	struct scheme_memo	*memo;		/* the last header's scheme */
	char			*path;		/* the file's, owned */
	int			 fd;		/* -1 when idle */
	struct log_header	 hdr;

	/* The file's: zeroed by log_reader_clear from pos on. */
	size_t			 pos;		/* next object in buf */
	size_t			 end;		/* bytes held in buf */
	off_t			 base;		/* file offset of buf[0] */
	int			 eof;
	int			 peeked;	/* buf holds peek_fd's first */
	int			 peek_fd;	/* end bytes (log_reader_peek) */

	msgpack_object		 obj;		/* the last one decoded */
	void			*(*alloc)(void *, size_t); /* or these */
	void			*alloc_arg;

	uint64_t		 seq;		/* of the last whole record */
	off_t			 offset;	/* start of the last record */

	struct log_session {			/* each live session's last */
		uint64_t	 session;	/* seq as written (before any */
		uint64_t	 seq;		/* renumbering) */
	}			 sessions[LOG_MAX_SESSIONS];
	size_t			 nsessions;
	uint64_t		 last_session;	/* of the last live record */
	struct log_interleave	 inter;

	int			 done;		/* status below is final */
	enum log_status		 status;
	off_t			 damage_at;
	char			*cause;		/* what, without the file or
						   offset (damage_at) */
	int			 io_failed;	/* cause is an I/O error */
};

/* Fills e with the I/O error in errno on the reader's file; -1. */
static int
log_reader_io(const struct log_reader *r, struct err *e)
{
	err_set(e, ERR_IO, "%s", strerror(errno));
	return err_file(e, r->path);
}

/* Makes the buffer bigger, up to LOG_BUF_SIZE: room for a record of
 * LOG_MAX_RECORD bytes and a chunk after it. */
static void
log_reader_grow(struct log_reader *r)
{
	size_t	size = r->size * 4 < LOG_BUF_SIZE ? r->size * 4 : LOG_BUF_SIZE;

	if (size > r->size) {
		r->buf = xrealloc(r->buf, size);
		r->size = size;
	}
}

/* Reads more of the file after the bytes not yet used: by pread at the
 * offset the buffer ends at (where log_reader_peek left off), or by read
 * where the file cannot seek (a pipe). */
static int
log_reader_fill(struct log_reader *r)
{
	ssize_t	n;

	if (r->pos != 0) {
		memmove(r->buf, r->buf + r->pos, r->end - r->pos);
		r->base += (off_t)r->pos;
		r->end -= r->pos;
		r->pos = 0;
	}
	if (r->end == r->size)
		log_reader_grow(r);
	do
		n = pread(r->fd, r->buf + r->end, r->size - r->end,
		    r->base + (off_t)r->end);
	while (n < 0 && errno == EINTR);
	if (n < 0 && errno == ESPIPE) {
		do
			n = read(r->fd, r->buf + r->end, r->size - r->end);
		while (n < 0 && errno == EINTR);
	}
	if (n < 0)
		return -1;
	if (n == 0)
		r->eof = 1;
	r->end += n;
	return 0;
}

/* Scans the next object, reading until it is whole, bad or the file ends;
 * tops as log_scan's. */
static int
log_reader_scan(struct log_reader *r, enum scan_result *res, struct scan *sc,
    struct scan_tops *tops, struct err *e)
{
	for (;;) {
		*res = log_scan(r->buf + r->pos, r->end - r->pos, sc, tops);
		if (*res != SCAN_SHORT || r->eof)
			return 0;
		if (log_reader_fill(r) != 0)
			return log_reader_io(r, e);
	}
}

/* Decodes the whole object of len bytes at pos with msgpack-c. */
static int
log_reader_decode(struct log_reader *r, size_t len)
{
	r->shallow->keyed = 0;	/* the record is in obj, not found[] */
	return decode_whole(&r->zone, &r->obj, (const char *)r->buf + r->pos,
	    len);
}

/* The record at pos, of at most avail bytes, decoded without msgpack-c
 * (its length in *len): its keys filed at once when it is as record_pack
 * writes it (most are), else into r->obj; -1 for msgpack-c to do it. */
static int
log_reader_shallow(struct log_reader *r, size_t avail, size_t *len)
{
	const char	*data = (const char *)r->buf + r->pos;

	r->shallow->keyed = shallow_keyed(r->shallow, data, avail, len) == 0;
	if (r->shallow->keyed)
		return 0;
	return shallow_record(r->shallow, &r->obj, data, avail, len);
}

/* The same for a record, without msgpack-c where it can. */
static int
log_reader_decode_record(struct log_reader *r, size_t len)
{
	size_t	got;

	if (log_reader_shallow(r, len, &got) == 0 && got == len)
		return 0;
	return log_reader_decode(r, len);
}

/*
 * The next whole record at pos, decoded into r->obj with its length in
 * *len: 1; or 0 with *res (and *sc) from log_scan when it is not whole; 2
 * when it is whole but msgpack-c cannot decode it; -1 on an I/O error
 * with e.  Most records decode at once, without a scan or msgpack-c.
 */
static int
log_reader_object(struct log_reader *r, enum scan_result *res,
    struct scan *sc, size_t *len, struct err *e)
{
	if (log_reader_shallow(r, r->end - r->pos, len) == 0)
		return 1;
	if (log_reader_scan(r, res, sc, NULL, e) != 0)
		return -1;
	if (*res != SCAN_WHOLE)
		return 0;
	*len = sc->len;
	return log_reader_decode_record(r, sc->len) != 0 ? 2 : 1;
}

/* The offset just past the last non-zero byte in [from, size), or from. */
static int
log_reader_last_nonzero(struct log_reader *r, off_t from, off_t size,
    off_t *last)
{
	off_t	end = size, start;
	ssize_t	n, i;

	while (end > from) {
		start = end - LOG_BUF_SIZE > from ? end - LOG_BUF_SIZE : from;
		n = pread_all(r->fd, r->buf, end - start, start);
		if (n != end - start)
			return -1;
		for (i = n; i > 0; i--) {
			if (r->buf[i - 1] != 0) {
				*last = start + i;
				return 0;
			}
		}
		end = start;
	}
	*last = from;
	return 0;
}

/* Ends the read on an I/O error (errno) at offset at; -1 with e. */
static int
log_reader_failed(struct log_reader *r, off_t at, struct err *e)
{
	log_reader_io(r, e);
	r->done = 1;
	r->status = LOG_CORRUPT;
	r->damage_at = at;
	r->io_failed = 1;
	free(r->cause);
	r->cause = xstrdup(e->msg);
	return -1;
}

/*
 * Ends the read at the object starting at offset at, which is not a whole
 * record: the fault (why) is at offset bad.  The end is torn when the bytes
 * from at, less trailing zeros, are none or a prefix of an object shorter
 * than LOG_MAX_RECORD (what a crash mid-write leaves, zero fill included);
 * anything else is damage.
 */
static int
log_reader_stop(struct log_reader *r, off_t at, off_t bad, const char *why,
    struct err *e)
{
	enum scan_result	res;
	struct scan		sc;
	struct stat		st;
	off_t			last;

	r->done = 1;
	r->offset = at;
	r->pos = r->end = 0;
	r->base = at;
	while (r->size < LOG_BUF_SIZE)
		log_reader_grow(r);	/* a record's length at once */
	if (fstat(r->fd, &st) != 0 ||
	    log_reader_last_nonzero(r, at, st.st_size, &last) != 0)
		return log_reader_failed(r, at, e);

	res = SCAN_BAD;
	if (last == at)
		res = SCAN_SHORT;
	else if (last - at < LOG_MAX_RECORD) {
		if (pread_all(r->fd, r->buf, last - at, at) != last - at)
			return log_reader_failed(r, at, e);
		res = log_scan(r->buf, last - at, &sc, NULL);
	}

	r->damage_at = at;
	if (res != SCAN_SHORT) {
		r->status = LOG_CORRUPT;
		r->damage_at = bad;
		r->cause = xstrdup(why);
	} else if (last == at) {
		r->status = LOG_TORN;
		r->cause = xasprintf("the last %lld bytes are zero fill from "
		    "a crash", (long long)(st.st_size - at));
	} else {
		r->status = LOG_TORN;
		r->cause = xasprintf("the last %lld bytes are a record cut "
		    "short", (long long)(st.st_size - at));
	}
	return 0;
}

/* The entry of a live session, or NULL. */
static struct log_session *
log_reader_session(struct log_reader *r, uint64_t session)
{
	size_t	i;

	for (i = 0; i < r->nsessions; i++) {
		if (r->sessions[i].session == session)
			return &r->sessions[i];
	}
	return NULL;
}

/* Notes a live record's seq, as written, under its session. */
static void
log_reader_note(struct log_reader *r, const struct record *rec)
{
	struct log_session	*s;

	if (!rec->has_mono)
		return;
	if ((s = log_reader_session(r, rec->session)) == NULL) {
		if (r->nsessions == LOG_MAX_SESSIONS)
			return;
		s = &r->sessions[r->nsessions++];
		s->session = rec->session;
	}
	s->seq = rec->seq;
	r->last_session = rec->session;
}

/*
 * Whether a live record whose seq does not follow was written by a second
 * recorder on the same log (before logs were locked): its seq follows the
 * last of its own session, or it opens a new session with a seq the log
 * already had.  Then it is numbered on in file order, and listed.  A torn
 * record cannot pass for one: seq is written last, so zero fill changes
 * only seq, and what comes out is either the same number or the record is
 * whole but for seq.
 */
static int
log_reader_interleave(struct log_reader *r, struct record *rec, off_t at)
{
	struct log_interleave	*in = &r->inter;
	struct log_session	*s;
	uint64_t		 before = r->last_session;

	if (!rec->has_mono || rec->seq == 0)
		return -1;
	s = log_reader_session(r, rec->session);
	if (s != NULL ? rec->seq != s->seq + 1 : rec->seq > r->seq)
		return -1;
	log_reader_note(r, rec);
	if (in->n++ == 0) {
		in->first_at = at;
		in->first_seq = r->seq + 1;
		in->session_lo = in->session_hi = before;
	}
	in->last_at = at;
	in->last_seq = r->seq + 1;
	if (rec->session < in->session_lo)
		in->session_lo = rec->session;
	if (rec->session > in->session_hi)
		in->session_hi = rec->session;
	rec->seq = r->seq + 1;
	return 0;
}

/* Unpacks the record last decoded into rec, its strings in the reader's
 * arena or from its allocator: from the keys shallow_keyed filed when it
 * could, else from r->obj by a walk of the map. */
static int
log_reader_unpack(struct log_reader *r, struct record *rec, struct err *e)
{
	struct record_arena	 a = { &r->arena, &r->arena_size };
	void			*(*alloc)(void *, size_t) = record_arena_alloc;
	void			*arg = &a;

	if (r->alloc != NULL) {
		alloc = r->alloc;
		arg = r->alloc_arg;
	}
	if (r->shallow->keyed)
		return record_unpack_found(r->shallow->found, rec, alloc, arg,
		    e);
	return record_unpack_alloc(&r->obj, rec, alloc, arg, e);
}

int
log_reader_next(struct log_reader *r, struct record *rec, struct err *e)
{
	enum scan_result	 res;
	struct scan		 sc;
	struct err		 bad = ERR_INIT;
	size_t			 len;
	off_t			 at;
	char			*why;
	int			 ret;

	while (!r->done) {
		if ((ret = log_reader_object(r, &res, &sc, &len, e)) < 0)
			return log_reader_failed(r, r->base + (off_t)r->pos, e);
		at = r->base + (off_t)r->pos;
		if (ret == 2)
			return log_reader_stop(r, at, at,
			    "msgpack-c cannot decode the record", e);
		if (ret == 1)
			goto whole;
		if (res == SCAN_SHORT && r->pos == r->end) {
			r->done = 1;
			r->status = LOG_CLEAN;
			r->damage_at = at;
			break;
		}
		if (res == SCAN_SHORT)
			return log_reader_stop(r, at, at, "record cut short",
			    e);
		if (res == SCAN_BAD) {
			why = scan_why(&sc);
			ret = log_reader_stop(r, at, at + (off_t)sc.at, why,
			    e);
			free(why);
			return ret;
		}
whole:
		ret = log_reader_unpack(r, rec, &bad);
		if (ret == -1) {
			ret = log_reader_stop(r, at, at, bad.msg, e);
			err_clear(&bad);
			return ret;
		}
		if (rec->seq == r->seq + 1)
			log_reader_note(r, rec);
		else if (ret != 1 || log_reader_interleave(r, rec, at) != 0) {
			why = xasprintf("seq %" PRIu64 " follows seq %" PRIu64,
			    rec->seq, r->seq);
			ret = log_reader_stop(r, at, at, why, e);
			free(why);
			return ret;
		}
		r->seq = rec->seq;
		r->pos += len;
		if (ret == 1) {
			r->offset = at;
			return 1;
		}
		/* A record of a type this version does not know: skip it. */
	}
	return 0;
}

/* Refuses the header: ERR_DATA at byte offset at (-1: none); -1. */
static int
log_reader_refuse(const struct log_reader *r, int64_t at, struct err *e,
    const char *fmt, ...) __attribute__((format(printf, 4, 5)));
static int
log_reader_refuse(const struct log_reader *r, int64_t at, struct err *e,
    const char *fmt, ...)
{
	va_list	 ap;
	char	*msg;

	va_start(ap, fmt);
	if (vasprintf(&msg, fmt, ap) == -1)
		xmalloc_fail(strlen(fmt));
	va_end(ap);
	err_set(e, ERR_DATA, "%s", msg);
	free(msg);
	err_file(e, r->path);
	if (at >= 0)
		err_offset(e, at);
	return -1;
}

/* The bytes of the value of the header's "scheme" (of len bytes at p,
 * whose map's elements start at tops), in *at and *n: 0, or -1 when they
 * were not noted (a key not a fixstr, or past SCAN_TOPS elements). */
static int
log_header_scheme_bytes(const unsigned char *p, size_t len,
    const struct scan_tops *tops, size_t *at, size_t *n)
{
	static const unsigned char	key[] = "\xa6" "scheme";
	size_t				i, end;

	for (i = 0; i + 1 < tops->n && i + 1 < SCAN_TOPS; i += 2) {
		if (tops->at[i + 1] - tops->at[i] != sizeof key - 1 ||
		    memcmp(p + tops->at[i], key, sizeof key - 1) != 0)
			continue;
		if (i + 2 < SCAN_TOPS && i + 2 < tops->n)
			end = tops->at[i + 2];
		else if (i + 2 == tops->n)
			end = len;
		else
			return -1;
		*at = tops->at[i + 1];
		*n = end - *at;
		return 0;
	}
	return -1;
}

/*
 * The header without log_scan or msgpack-c, in the common case of a run
 * of one team's logs: its "scheme" the same bytes as the memo's, taken as
 * the memo's map rather than scanned and decoded again (most of a
 * header's bytes), its other values scalars, strings or maps of those
 * ("tags").  Anything else is left to the full path: the same objects,
 * checks and account of damage, just slower.
 */

/* Whether o is a scalar or a string, not an array or map header. */
static int
shallow_flat(const msgpack_object *o)
{
	return o->type != MSGPACK_OBJECT_ARRAY && o->type != MSGPACK_OBJECT_MAP;
}

/* The pairs of the map o (its header read), scalars and strings, into
 * sh->pairs from *used on; -1 for the full path. */
static int
shallow_flat_map(struct shallow *sh, const unsigned char **p,
    msgpack_object *o, size_t *used)
{
	msgpack_object_kv	*kv;
	uint32_t		 i;

	if (o->via.map.size > SHALLOW_PAIRS - *used)
		return -1;
	o->via.map.ptr = o->via.map.size == 0 ? NULL : &sh->pairs[*used];
	for (i = 0; i < o->via.map.size; i++) {
		kv = &sh->pairs[(*used)++];
		if (shallow_one(sh, p, &kv->key) != 0 || !shallow_flat(&kv->key) ||
		    shallow_one(sh, p, &kv->val) != 0 || !shallow_flat(&kv->val))
			return -1;
	}
	return 0;
}

/* A header value at *p: the memo's map for "scheme" (its bytes' offset in
 * data and length in *at, *n), else a scalar, string or flat map; -1 for
 * the full path. */
static int
shallow_header_value(struct shallow *sh, const struct scheme_memo *memo,
    const unsigned char **p, msgpack_object_kv *kv, size_t *used,
    const char *data, size_t *at, size_t *n)
{
	static const char	 key[] = "scheme";
	const msgpack_object	*map;

	if (kv->key.type == MSGPACK_OBJECT_STR &&
	    kv->key.via.str.size == sizeof key - 1 &&
	    memcmp(kv->key.via.str.ptr, key, sizeof key - 1) == 0) {
		map = scheme_memo_match(memo, *p, (size_t)(sh->end - *p), n);
		if (map == NULL)
			return -1;
		kv->val = *map;
		*at = (size_t)(*p - (const unsigned char *)data);
		*p += *n;
		return 0;
	}
	if (shallow_one(sh, p, &kv->val) != 0 ||
	    kv->val.type == MSGPACK_OBJECT_ARRAY)
		return -1;
	if (kv->val.type == MSGPACK_OBJECT_MAP)
		return shallow_flat_map(sh, p, &kv->val, used);
	return 0;
}

/* Decodes the header at data, of at most avail bytes, into *obj (pointing
 * into sh, data and the memo) with its length in *len and its scheme's
 * bytes at data + *at, *n of them; -1 for the full path. */
static int
shallow_header(struct shallow *sh, const struct scheme_memo *memo,
    msgpack_object *obj, const char *data, size_t avail, size_t *len,
    size_t *at, size_t *n)
{
	const unsigned char	*p;
	msgpack_object_kv	*kv;
	size_t			 used;
	uint32_t		 i;

	*at = *n = 0;
	if (shallow_map(sh, &p, data, avail, obj) != 0)
		return -1;
	used = obj->via.map.size;
	obj->via.map.ptr = used == 0 ? NULL : sh->pairs;
	for (i = 0; i < obj->via.map.size; i++) {
		kv = &sh->pairs[i];
		if (shallow_one(sh, &p, &kv->key) != 0 ||
		    !shallow_flat(&kv->key) ||
		    shallow_header_value(sh, memo, &p, kv, &used, data, at,
		    n) != 0)
			return -1;
	}
	*len = (size_t)(p - (const unsigned char *)data);
	return 0;
}

/* The header read by shallow_header: 0, or -1 with nothing kept (and the
 * memo as it was) for the full path to read it again and say what is
 * wrong, once. */
static int
log_reader_header_fast(struct log_reader *r)
{
	struct err	 bad = ERR_INIT;
	size_t		 len, at, n;

	if (shallow_header(r->shallow, r->memo, &r->obj,
	    (const char *)r->buf + r->pos, r->end - r->pos, &len, &at,
	    &n) != 0)
		return -1;
	if (log_header_unpack_memo(&r->obj, &r->hdr, r->memo,
	    n != 0 ? r->buf + r->pos + at : NULL, n, &bad) != 0) {
		err_clear(&bad);
		return -1;
	}
	r->pos += len;
	return 0;
}

/* Reads the header; -1 with e.  Most take the fast path; every other
 * header, and any the fast path refuses, is scanned and decoded whole. */
static int
log_reader_header_read(struct log_reader *r, struct err *e)
{
	enum scan_result	 res;
	struct scan		 sc;
	struct scan_tops	 tops;
	struct err		 bad = ERR_INIT;
	const unsigned char	*scheme = NULL;
	char			*why;
	size_t			 at, n = 0;
	int			 ret;

	if (log_reader_header_fast(r) == 0)
		return 0;
	if (log_reader_scan(r, &res, &sc, &tops, e) != 0)
		return -1;
	if (r->end == 0)
		return log_reader_refuse(r, -1, e, "empty file, not a "
		    "shadowlog log");
	/* A header is a map; anything else is some other kind of file. */
	if ((r->buf[0] & 0xf0) != 0x80 && r->buf[0] != 0xde &&
	    r->buf[0] != 0xdf)
		return log_reader_refuse(r, 0, e, "not a shadowlog log");
	if (res == SCAN_SHORT)
		return log_reader_refuse(r, 0, e, "header cut short after %zu "
		    "bytes", r->end);
	if (res == SCAN_BAD) {
		why = scan_why(&sc);
		ret = log_reader_refuse(r, (int64_t)sc.at, e, "%s in the "
		    "header", why);
		free(why);
		return ret;
	}
	if (log_reader_decode(r, sc.len) != 0)
		return log_reader_refuse(r, 0, e, "msgpack-c cannot decode "
		    "the header");
	if (log_header_scheme_bytes(r->buf, sc.len, &tops, &at, &n) == 0)
		scheme = r->buf + at;
	if (log_header_unpack_memo(&r->obj, &r->hdr, r->memo, scheme, n,
	    &bad) != 0) {
		ret = log_reader_refuse(r, 0, e, "%s", bad.msg);
		err_clear(&bad);
		return ret;
	}
	r->pos = sc.len;
	return 0;
}

int
log_reader_open(const char *path, struct log_reader **rp, struct err *e)
{
	int	fd;

	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1) {
		err_set(e, errno == ENOENT ? ERR_NOINPUT : ERR_IO, "%s",
		    strerror(errno));
		return err_file(e, path);
	}
	return log_reader_fdopen(path, fd, rp, e);
}

struct log_reader *
log_reader_new(void)
{
	struct log_reader	*r;

	r = xcalloc(1, sizeof *r);
	r->fd = -1;
	r->size = LOG_BUF_FIRST;
	r->buf = xmalloc(r->size);
	r->shallow = xmalloc(sizeof *r->shallow);
	if (!msgpack_zone_init(&r->zone, MSGPACK_ZONE_CHUNK_SIZE))
		xmalloc_fail(MSGPACK_ZONE_CHUNK_SIZE);
	r->memo = scheme_memo_new();
	return r;
}

/* Back to idle: what was the file's is gone, the buffers stay. */
static void
log_reader_clear(struct log_reader *r)
{
	if (r->fd != -1)
		close(r->fd);
	r->fd = -1;
	msgpack_zone_clear(&r->zone);
	log_header_free(&r->hdr);
	free(r->cause);
	free(r->path);
	r->path = NULL;
	memset(&r->hdr, 0, sizeof r->hdr);
	memset(&r->pos, 0, sizeof *r - offsetof(struct log_reader, pos));
}

int
log_reader_peek(struct log_reader *r, int fd, const unsigned char **bytes,
    size_t *n)
{
	ssize_t	got;

	r->peeked = 0;
	r->pos = r->end = 0;
	do
		got = pread(fd, r->buf, r->size, 0);
	while (got < 0 && errno == EINTR);
	if (got < 0)
		return -1;
	r->end = (size_t)got;
	r->peeked = 1;
	r->peek_fd = fd;
	*bytes = r->buf;
	*n = r->end;
	return 0;
}

int
log_reader_start(struct log_reader *r, const char *path, int fd,
    struct err *e)
{
	/* The bytes peeked at are this file's first: not read again. */
	if (!r->peeked || r->peek_fd != fd)
		r->pos = r->end = 0;
	r->peeked = 0;
	r->path = xstrdup(path);
	r->fd = fd;
	if (log_reader_header_read(r, e) != 0) {
		log_reader_clear(r);
		return -1;
	}
	return 0;
}

void
log_reader_finish(struct log_reader *r)
{
	if (r != NULL)
		log_reader_clear(r);
}

int
log_reader_fdopen(const char *path, int fd, struct log_reader **rp,
    struct err *e)
{
	struct log_reader	*r;

	r = log_reader_new();
	if (log_reader_start(r, path, fd, e) != 0) {
		log_reader_close(r);
		return -1;
	}
	*rp = r;
	return 0;
}

const struct log_header *
log_reader_header(const struct log_reader *r)
{
	return &r->hdr;
}

void
log_reader_set_alloc(struct log_reader *r,
    void *(*alloc)(void *arg, size_t size), void *arg)
{
	r->alloc = alloc;
	r->alloc_arg = arg;
}

void
log_reader_take_header(struct log_reader *r, struct log_header *dst)
{
	*dst = r->hdr;
	memset(&r->hdr, 0, sizeof r->hdr);
}

enum log_status
log_reader_status(const struct log_reader *r, off_t *good_len,
    off_t *damage_at)
{
	off_t	whole = r->base + (off_t)r->pos;

	if (!r->done) {
		*good_len = *damage_at = whole;
		return LOG_CLEAN;
	}
	*good_len = whole;
	*damage_at = r->damage_at;
	return r->status;
}

enum log_status
log_reader_end(const struct log_reader *r, struct err *e)
{
	if (!r->done || r->status == LOG_CLEAN || r->cause == NULL)
		return r->done ? r->status : LOG_CLEAN;
	err_set(e, r->io_failed ? ERR_IO : ERR_DATA, "%s", r->cause);
	err_file(e, r->path);
	if (!r->io_failed)
		err_offset(e, r->damage_at);
	return r->status;
}

void
log_reader_interleaved(const struct log_reader *r, struct log_interleave *in)
{
	*in = r->inter;
}

off_t
log_reader_offset(const struct log_reader *r)
{
	return r->offset;
}

void
log_reader_close(struct log_reader *r)
{
	if (r == NULL)
		return;
	log_reader_clear(r);
	msgpack_zone_destroy(&r->zone);
	scheme_memo_free(r->memo);
	free(r->arena);
	free(r->shallow);
	free(r->buf);
	free(r);
}

/* ---- repair ---- */

/* Creates the first free "PATH.damaged-N". */
static int
log_repair_side(const char *path, char **side)
{
	int	fd, n, saved;

	for (n = 1; n <= LOG_MAX_SIDE; n++) {
		*side = xasprintf("%s.damaged-%d", path, n);
		fd = open(*side, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC,
		    0600);
		if (fd != -1) {
			if (fchmod(fd, 0600) == 0)
				return fd;
			saved = errno;
			close(fd);
			unlink(*side);
			errno = saved;
			break;
		}
		if (errno != EEXIST)
			break;
		free(*side);
		*side = NULL;
	}
	if (n > LOG_MAX_SIDE)
		errno = EEXIST;
	return -1;
}

/* Copies [from, to) of fd into sfd and syncs it. */
static int
log_repair_copy(int fd, int sfd, off_t from, off_t to)
{
	char	*buf;
	ssize_t	 n;
	size_t	 want;

	buf = xmalloc(LOG_CHUNK);
	while (from < to) {
		want = to - from > LOG_CHUNK ? LOG_CHUNK : (size_t)(to - from);
		n = pread_all(fd, buf, want, from);
		if (n != (ssize_t)want) {
			if (n >= 0)
				errno = EIO;
			free(buf);
			return -1;
		}
		if (write_all(sfd, buf, want) != 0) {
			free(buf);
			return -1;
		}
		from += n;
	}
	free(buf);
	return fsync(sfd);
}

int
log_repair(const char *path, off_t good_len, char **side, struct err *e)
{
	struct stat	 st;
	char		*name = NULL;
	int		 fd, sfd, saved;

	*side = NULL;
	if ((fd = open(path, O_RDWR | O_CLOEXEC)) == -1 ||
	    fstat(fd, &st) != 0) {
		saved = errno;
		log_fail(e, ERR_IO, path, "%s", strerror(saved));
		if (fd != -1)
			close(fd);
		errno = saved;
		return -1;
	}
	if (st.st_size < good_len) {
		log_fail(e, ERR_IO, path, "is %lld bytes, shorter than the "
		    "%lld to keep", (long long)st.st_size, (long long)good_len);
		close(fd);
		errno = EINVAL;
		return -1;
	}
	if (st.st_size == good_len) {
		close(fd);
		return 0;
	}

	if ((sfd = log_repair_side(path, &name)) == -1) {
		saved = errno;
		log_fail(e, ERR_IO, name != NULL ? name : path, "%s",
		    strerror(saved));
		free(name);
		close(fd);
		errno = saved;
		return -1;
	}
	if (log_repair_copy(fd, sfd, good_len, st.st_size) != 0 ||
	    close(sfd) != 0 || durable_sync_dir(name) != 0) {
		saved = errno;
		log_fail(e, ERR_IO, name, "%s", strerror(saved));
		unlink(name);
		free(name);
		close(fd);
		errno = saved;
		return -1;
	}
	if (ftruncate(fd, good_len) != 0 || fsync(fd) != 0 ||
	    durable_sync_dir(path) != 0) {
		saved = errno;
		log_fail(e, ERR_IO, path, "%s (the damaged bytes are kept in "
		    "%s)", strerror(saved), name);
		free(name);
		close(fd);
		errno = saved;
		return -1;
	}
	close(fd);
	*side = name;
	return 0;
}
