/*
 * Tests for log files on disk: the writer (mode, durability, cutting back a
 * failed append), batches, and the reader on clean, torn, damaged and
 * hostile files, cut at every byte of the last records.
 */
#include <sys/types.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <CUnit/CUnit.h>
#include <msgpack.h>

#include "err.h"
#include "logfile.h"
#include "record.h"
#include "scheme.h"
#include "test.h"
#include "xmalloc.h"

#define MAX_RECORDS	64

/* ---- fixtures ---- */

static void
make_header(struct log_header *hdr)
{
	memset(hdr, 0, sizeof *hdr);
	hdr->version = LOG_FORMAT_VERSION;
	hdr->school = xstrdup("Hillside Primary");
	hdr->head = xstrdup("H07");
	hdr->observer = xstrdup("obs-2");
	memcpy(hdr->date, "2024-03-05", 11);
	hdr->tz = xstrdup("Europe/London");
	hdr->utc_offset = 0;
	hdr->recorder = xstrdup("shadowlog-record 0.1.0");
	hdr->created = INT64_C(1709625600000);
	hdr->scheme = scheme_default();
	hdr->ntags = 1;
	hdr->tag_keys = xcalloc(1, sizeof *hdr->tag_keys);
	hdr->tag_values = xcalloc(1, sizeof *hdr->tag_values);
	hdr->tag_keys[0] = xstrdup("phase");
	hdr->tag_values[0] = xstrdup("primary");
}

static const char *with_groups[] = { "pupils", "parents" };
#define LONG_NOTE	"a longer note about the lunch queue, a parent at " \
			"the gate and a fire drill that did not happen"

static const char *note_texts[] = { "", "rang the office", LONG_NOTE };

/* Record seq of a made-up day: every type in turn, varied fields.  A note
 * ends with its text, so a note cut short and zero filled never decodes
 * as a valid record. */
static void
make_record(struct record *rec, uint64_t seq)
{
	memset(rec, 0, sizeof *rec);
	rec->type = (seq - 1) % RECORD_NTYPES;
	rec->seq = seq;
	rec->t = INT64_C(1709625600000) + (int64_t)seq * 61001;
	rec->has_mono = seq % 5 != 0;
	rec->mono = (int64_t)seq * 61001;
	rec->session = 1 + seq / 20;
	switch (rec->type) {
	case RECORD_START:
		rec->group = "teachers";
		rec->by = RECORD_BY_HEAD;
		rec->person = "T4";
		rec->where = "staff room";
		rec->mode = "unscheduled meeting";
		rec->has_with = 1;
		rec->with = with_groups;
		rec->nwith = 2;
		break;
	case RECORD_BRIEF:
		rec->group = "pupils";
		rec->by = RECORD_BY_OTHER;
		rec->where = "corridor";
		break;
	case RECORD_NOTE:
		rec->text = note_texts[seq % 3];
		break;
	case RECORD_UNDO:
		rec->undoes = seq - 1;
		break;
	case RECORD_SET:
		rec->person = "";
		rec->has_with = 1;
		break;
	case RECORD_RECODE:
		rec->target = seq - 1;
		rec->group = "SLT";
		break;
	case RECORD_MOVE:
		rec->target = seq - 2;
		rec->to = rec->t - 30000;
		break;
	case RECORD_COMMENT:
		rec->target = seq % 2 ? 0 : seq - 3;
		rec->text = note_texts[seq % 3];
		break;
	case RECORD_ADD:
		rec->group = "visitors";
		rec->from = rec->t - 90000;
		rec->to = rec->t - 60000;
		break;
	case RECORD_WITHDRAW:
		rec->target = seq - 4;
		break;
	case RECORD_FIX:
		rec->target = seq - 5;
		rec->person = "T04";
		break;
	case RECORD_SPAN:
		rec->target = 1;
		rec->to = rec->t - 20000;
		break;
	default:
		break;
	}
}

/* A note record with seq, for the last record of torn files. */
static void
make_note(struct record *rec, uint64_t seq)
{
	memset(rec, 0, sizeof *rec);
	rec->type = RECORD_NOTE;
	rec->seq = seq;
	rec->t = INT64_C(1709625600000) + (int64_t)seq;
	rec->text = note_texts[2];
}

static int
same_record(const struct record *a, const struct record *b)
{
	msgpack_sbuffer	x, y;
	int		same;

	msgpack_sbuffer_init(&x);
	msgpack_sbuffer_init(&y);
	record_pack(a, &x);
	record_pack(b, &y);
	same = x.size == y.size && memcmp(x.data, y.data, x.size) == 0;
	msgpack_sbuffer_destroy(&x);
	msgpack_sbuffer_destroy(&y);
	return same;
}

static char *
path_in(const char *dir, const char *name)
{
	return xasprintf("%s/%s", dir, name);
}

static void
remove_dir(char *dir)
{
	struct dirent	*de;
	DIR		*d;
	char		*p;

	if ((d = opendir(dir)) != NULL) {
		while ((de = readdir(d)) != NULL) {
			if (strcmp(de->d_name, ".") == 0 ||
			    strcmp(de->d_name, "..") == 0)
				continue;
			p = path_in(dir, de->d_name);
			if (unlink(p) != 0)
				rmdir(p);
			free(p);
		}
		closedir(d);
	}
	T_EQ_INT(rmdir(dir), 0);
	free(dir);
}

static char *
file_bytes(const char *path, size_t *len)
{
	struct stat	 st;
	char		*buf;
	int		 fd;

	*len = 0;
	if ((fd = open(path, O_RDONLY)) == -1 || fstat(fd, &st) != 0)
		return NULL;
	buf = xmalloc(st.st_size);
	if (read(fd, buf, st.st_size) != st.st_size) {
		free(buf);
		close(fd);
		return NULL;
	}
	close(fd);
	*len = st.st_size;
	return buf;
}

static void
put_file(const char *path, const void *data, size_t len)
{
	int	fd;

	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	T_TRUE(fd != -1);
	T_EQ_INT(write(fd, data, len), len);
	close(fd);
}

static void
add_to_file(const char *path, const void *data, size_t len)
{
	int	fd;

	fd = open(path, O_WRONLY | O_APPEND);
	T_TRUE(fd != -1);
	T_EQ_INT(write(fd, data, len), len);
	close(fd);
}

static off_t
file_size(const char *path)
{
	struct stat	st;

	if (stat(path, &st) != 0)
		return -1;
	return st.st_size;
}

static int
file_mode(const char *path)
{
	struct stat	st;

	if (stat(path, &st) != 0)
		return -1;
	return st.st_mode & 07777;
}

/* Writes a header and records 1..n; bounds[i] is the length after record
 * i (bounds[0] after the header). */
/*
 * The writers as a program's main shows them: *cause from err_text (the
 * bytes a user sees; the caller frees it).  Each checks on every failure
 * that the code is the one its header promises and that errno, which
 * the live recorder still reads, is kept.  *cause is NULL on success.
 */
static int
told(struct err *e, enum err_code want, char **cause)
{
	int	saved = errno;

	T_EQ_INT(e->code, want);
	*cause = err_text(e);
	err_clear(e);
	errno = saved;
	return -1;
}

/* log_lock_open's code: ERR_TEMPFAIL exactly when errno is EAGAIN, the
 * path then in the words and not a field. */
static int
told_lock(struct err *e, char **cause)
{
	if (errno == EAGAIN) {
		T_TRUE(e->file == NULL);
		return told(e, ERR_TEMPFAIL, cause);
	}
	T_TRUE(e->file != NULL);
	return told(e, errno == ENOENT ? ERR_NOINPUT : ERR_IO, cause);
}

static int
t_lock_open(const char *path, char **cause)
{
	struct err	e = ERR_INIT;
	int		fd;

	if ((fd = log_lock_open(path, &e)) == -1)
		return told_lock(&e, cause);
	*cause = NULL;
	return fd;
}

static int
t_writer_create(const char *path, const struct log_header *hdr,
    struct log_writer **wp, char **cause)
{
	struct err	e = ERR_INIT;

	if (log_writer_create(path, hdr, wp, &e) != 0)
		return told(&e, ERR_CANTCREAT, cause);
	*cause = NULL;
	return 0;
}

static int
t_writer_open(const char *path, off_t good_len, struct log_writer **wp,
    char **cause)
{
	struct err	e = ERR_INIT;

	if (log_writer_open(path, good_len, wp, &e) == 0) {
		*cause = NULL;
		return 0;
	}
	if (e.code == ERR_IO && errno != EAGAIN && errno != ENOENT)
		return told(&e, ERR_IO, cause);
	return told_lock(&e, cause);
}

static int
t_writer_append(struct log_writer *w, const struct record *rec,
    char **cause)
{
	struct err	e = ERR_INIT;

	if (log_writer_append(w, rec, &e) != 0)
		return told(&e, ERR_IO, cause);
	*cause = NULL;
	return 0;
}

static int
t_repair(const char *path, off_t good_len, char **side, char **cause)
{
	struct err	e = ERR_INIT;

	if (log_repair(path, good_len, side, &e) != 0)
		return told(&e, ERR_IO, cause);
	*cause = NULL;
	return 0;
}

static int
t_batch_begin(const char *path, struct log_batch **bp, char **cause)
{
	struct err	e = ERR_INIT;

	if (log_batch_begin(path, bp, &e) != 0)
		return told(&e, ERR_CANTCREAT, cause);
	*cause = NULL;
	return 0;
}

static int
t_batch_append(const char *path, int fd, off_t good_len,
    struct log_batch **bp, char **cause)
{
	struct err	e = ERR_INIT;

	if (log_batch_append(path, fd, good_len, bp, &e) != 0)
		return told(&e, ERR_IO, cause);
	*cause = NULL;
	return 0;
}

static int
t_batch_header(struct log_batch *b, const struct log_header *hdr,
    char **cause)
{
	struct err	e = ERR_INIT;

	if (log_batch_header(b, hdr, &e) != 0)
		return told(&e, ERR_IO, cause);
	*cause = NULL;
	return 0;
}

static int
t_batch_record(struct log_batch *b, const struct record *rec, char **cause)
{
	struct err	e = ERR_INIT;

	if (log_batch_record(b, rec, &e) != 0)
		return told(&e, ERR_IO, cause);
	*cause = NULL;
	return 0;
}

static int
t_batch_commit(struct log_batch *b, char **cause)
{
	struct err	e = ERR_INIT;

	if (log_batch_commit(b, &e) != 0)
		return told(&e, ERR_IO, cause);
	*cause = NULL;
	return 0;
}

/* log_reader_status with what log_reader_end tells, as "byte N: WHAT"
 * once its offset (a field) is checked against *damage_at; err_text
 * for an I/O error; NULL when clean. */
static enum log_status
status_told(const struct log_reader *r, off_t *good_len, off_t *damage_at,
    char **cause)
{
	struct err	 e = ERR_INIT;
	enum log_status	 st;

	st = log_reader_status(r, good_len, damage_at);
	T_EQ_INT(log_reader_end(r, &e), st);
	*cause = NULL;
	if (e.code == ERR_OK)
		return st;
	T_TRUE(e.file != NULL);
	if (e.offset >= 0) {
		T_EQ_INT(e.code, ERR_DATA);
		T_EQ_INT(e.offset, *damage_at);
		*cause = xasprintf("byte %lld: %s", (long long)e.offset,
		    e.msg);
	} else {
		T_EQ_INT(e.code, ERR_IO);
		*cause = err_text(&e);
	}
	err_clear(&e);
	return st;
}

static void
write_log(const char *path, int n, off_t *bounds)
{
	struct log_header	 hdr;
	struct log_writer	*w;
	struct record		 rec;
	char			*cause = NULL;
	int			 i;

	make_header(&hdr);
	T_EQ_INT(t_writer_create(path, &hdr, &w, &cause), 0);
	log_header_free(&hdr);
	if (cause != NULL)
		return;
	bounds[0] = log_writer_length(w);
	for (i = 1; i <= n; i++) {
		make_record(&rec, i);
		T_EQ_INT(t_writer_append(w, &rec, &cause), 0);
		bounds[i] = log_writer_length(w);
	}
	log_writer_close(w);
	T_EQ_INT(file_size(path), bounds[n]);
}

/* log_reader_open told as a program's main tells it: *exit from
 * err_exit_code, *cause from err_text (the bytes a user sees). */
static int
open_log(const char *path, struct log_reader **r, int *exit, char **cause)
{
	struct err	e = ERR_INIT;

	if (log_reader_open(path, r, &e) == 0)
		return 0;
	*exit = err_exit_code(e.code);
	*cause = err_text(&e);
	err_clear(&e);
	return -1;
}

/* log_reader_next; an I/O error fails the test. */
static int
next_record(struct log_reader *r, struct record *rec)
{
	struct err	e = ERR_INIT;
	int		ret;

	if ((ret = log_reader_next(r, rec, &e)) == -1)
		CU_FAIL(e.msg);
	err_clear(&e);
	return ret;
}

struct read_result {
	int		 open;		/* log_reader_open's return */
	int		 exit;		/* its sysexits code */
	int		 n;		/* records returned */
	int		 wrong;		/* not equal to make_record(seq) */
	off_t		 offsets[MAX_RECORDS + 1];	/* by seq */
	enum log_status	 status;
	off_t		 good_len;
	off_t		 damage_at;
	char		*cause;		/* open's or status's */
};

/* Reads a whole log; records are compared with make_record, or with
 * make_note for seq note_seq. */
static void	read_records(struct log_reader *, struct read_result *,
		    uint64_t);

static void
read_log(const char *path, struct read_result *rr, uint64_t note_seq)
{
	struct log_reader	*r;

	memset(rr, 0, sizeof *rr);
	rr->open = open_log(path, &r, &rr->exit, &rr->cause);
	if (rr->open != 0)
		return;
	read_records(r, rr, note_seq);
	log_reader_close(r);
}

/* How read_log_with starts its reader. */
enum peek {
	PEEK_NONE,
	PEEK_SAME,		/* log_reader_peek at the file first */
	PEEK_OTHER,		/* at another file, still open */
	PEEK_DROPPED		/* at another file, then log_reader_finish
				   and close (its descriptor's number is
				   likely the file's) */
};

/* log_reader_peek at path with r, checking the bytes are the file's
 * first; the descriptor, left open. */
static int
peek_file(struct log_reader *r, const char *path)
{
	const unsigned char	*bytes;
	char			*data;
	size_t			 n, len;
	int			 fd;

	fd = open(path, O_RDONLY);
	T_TRUE(fd != -1);
	data = file_bytes(path, &len);
	T_EQ_INT(log_reader_peek(r, fd, &bytes, &n), 0);
	T_TRUE(n > 0 && n <= len && (n == len || n >= 32 * 1024));
	T_TRUE(memcmp(bytes, data, n) == 0);
	free(data);
	return fd;
}

/* The same with r, an idle reader used before (log_reader_new), left
 * idle again; peek at other with PEEK_OTHER and PEEK_DROPPED. */
static void
read_log_with(struct log_reader *r, const char *path, struct read_result *rr,
    uint64_t note_seq, enum peek peek, const char *other)
{
	struct err	e = ERR_INIT;
	int		fd, other_fd = -1;

	memset(rr, 0, sizeof *rr);
	if (peek == PEEK_OTHER || peek == PEEK_DROPPED)
		other_fd = peek_file(r, other);
	if (peek == PEEK_DROPPED) {
		log_reader_finish(r);
		close(other_fd);
		other_fd = -1;
	}
	if (peek == PEEK_SAME)
		fd = peek_file(r, path);
	else
		fd = open(path, O_RDONLY);
	T_TRUE(fd != -1);
	rr->open = log_reader_start(r, path, fd, &e);
	if (other_fd != -1)
		close(other_fd);
	if (rr->open != 0) {
		rr->exit = err_exit_code(e.code);
		rr->cause = err_text(&e);
		err_clear(&e);
		return;
	}
	T_EQ_STR(log_reader_header(r)->school, "Hillside Primary");
	read_records(r, rr, note_seq);
	log_reader_finish(r);
}

/* Reads the records of an open reader into rr. */
static void
read_records(struct log_reader *r, struct read_result *rr, uint64_t note_seq)
{
	struct record	rec, want;
	int		ret;

	while ((ret = next_record(r, &rec)) == 1) {
		if (rec.seq == note_seq)
			make_note(&want, rec.seq);
		else
			make_record(&want, rec.seq);
		if (!same_record(&rec, &want))
			rr->wrong++;
		if (rec.seq <= MAX_RECORDS)
			rr->offsets[rec.seq] = log_reader_offset(r);
		rr->n++;
	}
	T_EQ_INT(ret, 0);
	T_EQ_INT(next_record(r, &rec), 0);	/* stays ended */
	rr->status = status_told(r, &rr->good_len, &rr->damage_at,
	    &rr->cause);
}

/* ---- the writer ---- */

static void
test_create_mode(void)
{
	static const mode_t	 masks[] = { 0, 077, 0777, 0266 };
	struct log_header	 hdr;
	struct log_writer	*w;
	char			*dir, *path, *cause = NULL;
	mode_t			 old;
	size_t			 i;

	dir = test_tmpdir();
	make_header(&hdr);
	for (i = 0; i < sizeof masks / sizeof masks[0]; i++) {
		path = xasprintf("%s/m%zu.slog", dir, i);
		old = umask(masks[i]);
		T_EQ_INT(t_writer_create(path, &hdr, &w, &cause), 0);
		umask(old);
		T_EQ_INT(file_mode(path), 0600);
		log_writer_close(w);
		free(path);
	}
	log_header_free(&hdr);
	remove_dir(dir);
}

static void
test_create_exists(void)
{
	struct log_header	 hdr;
	struct log_writer	*w;
	struct err		 e = ERR_INIT;
	char			*dir, *path, *cause = NULL, *want, *before;
	size_t			 len, len2;
	char			*after;

	dir = test_tmpdir();
	path = path_in(dir, "day.slog");
	make_header(&hdr);
	put_file(path, "keep me", 7);
	before = file_bytes(path, &len);
	T_EQ_INT(t_writer_create(path, &hdr, &w, &cause), -1);
	T_EQ_INT(errno, EEXIST);
	want = xasprintf("%s: File exists", path);
	T_EQ_STR(cause, want);
	after = file_bytes(path, &len2);
	T_TRUE(len == len2 && memcmp(before, after, len) == 0);
	free(before);
	free(after);
	free(want);
	free(cause);

	/* What and where apart: the file a field, the bare errno words. */
	T_EQ_INT(log_writer_create(path, &hdr, &w, &e), -1);
	T_EQ_INT(e.code, ERR_CANTCREAT);
	T_EQ_STR(e.file, path);
	T_EQ_STR(e.msg, "File exists");
	T_TRUE(e.line == 0 && e.offset == -1);
	err_clear(&e);

	/* A header the reader would refuse is never written. */
	unlink(path);
	memcpy(hdr.date, "2024-02-30", 11);
	T_EQ_INT(t_writer_create(path, &hdr, &w, &cause), -1);
	T_EQ_INT(errno, EINVAL);
	T_HAS_STR(cause, "bad header: header: date '2024-02-30' does not "
	    "exist");
	T_EQ_INT(file_size(path), -1);
	free(cause);
	log_header_free(&hdr);
	free(path);
	remove_dir(dir);
}

static void
test_round_trip(void)
{
	struct log_reader	*r;
	struct read_result	 rr;
	const struct log_header	*hdr;
	off_t			 bounds[MAX_RECORDS + 1];
	char			*dir, *path, *cause = NULL;
	int			 i, ex;

	dir = test_tmpdir();
	path = path_in(dir, "day.slog");
	write_log(path, 40, bounds);
	read_log(path, &rr, 0);
	T_EQ_INT(rr.open, 0);
	T_EQ_INT(rr.n, 40);
	T_EQ_INT(rr.wrong, 0);
	T_EQ_INT(rr.status, LOG_CLEAN);
	T_EQ_INT(rr.good_len, bounds[40]);
	T_EQ_INT(rr.damage_at, bounds[40]);
	T_TRUE(rr.cause == NULL);
	for (i = 1; i <= 40; i++)
		T_EQ_INT(rr.offsets[i], bounds[i - 1]);
	T_EQ_INT(file_mode(path), 0600);

	T_EQ_INT(open_log(path, &r, &ex, &cause), 0);
	hdr = log_reader_header(r);
	T_EQ_INT(hdr->version, 1);
	T_EQ_STR(hdr->school, "Hillside Primary");
	T_EQ_STR(hdr->observer, "obs-2");
	T_EQ_STR(hdr->date, "2024-03-05");
	T_EQ_STR(hdr->tz, "Europe/London");
	T_EQ_INT(hdr->created, INT64_C(1709625600000));
	T_EQ_STR(log_header_tag(hdr, "phase"), "primary");
	T_EQ_INT(hdr->scheme->ngroups, 6);
	log_reader_close(r);
	free(path);
	remove_dir(dir);
}

/* Records bigger than a read chunk stream through; one bigger than
 * LOG_MAX_RECORD is refused by the writer and not written. */
static void
test_big_records(void)
{
	struct log_header	 hdr;
	struct log_writer	*w;
	struct log_reader	*r;
	struct record		 rec, big;
	const char		*with[RECORD_MAX_WITH];
	char			*dir, *path, *cause = NULL, *text;
	off_t			 len, good, dmg;
	uint64_t		 seq;
	size_t			 i;
	int			 ex, n = 0, ret;

	dir = test_tmpdir();
	path = path_in(dir, "big.slog");
	text = xmalloc(RECORD_MAX_TEXT + 1);
	memset(text, 'w', RECORD_MAX_TEXT);
	text[RECORD_MAX_TEXT] = '\0';
	make_header(&hdr);
	T_EQ_INT(t_writer_create(path, &hdr, &w, &cause), 0);
	log_header_free(&hdr);
	memset(&big, 0, sizeof big);
	big.type = RECORD_SET;
	big.t = 1;
	big.has_with = 1;
	big.nwith = 48;			/* about 197 KB */
	big.with = with;
	for (i = 0; i < RECORD_MAX_WITH; i++)
		big.with[i] = text;
	for (seq = 1; seq <= 12; seq++) {
		if (seq % 3 == 0) {
			big.seq = seq;
			T_EQ_INT(t_writer_append(w, &big, &cause), 0);
		} else {
			make_record(&rec, seq);
			T_EQ_INT(t_writer_append(w, &rec, &cause), 0);
		}
	}
	len = log_writer_length(w);
	T_TRUE(len > 4 * 196608);

	big.seq = 13;
	big.nwith = RECORD_MAX_WITH;	/* 262144 bytes of strings alone */
	T_EQ_INT(t_writer_append(w, &big, &cause), -1);
	T_EQ_INT(errno, EINVAL);
	T_HAS_STR(cause, "record not written: object larger than 262144 "
	    "bytes");
	free(cause);
	T_EQ_INT(log_writer_length(w), len);
	T_EQ_INT(file_size(path), len);
	log_writer_close(w);

	T_EQ_INT(open_log(path, &r, &ex, &cause), 0);
	while ((ret = next_record(r, &rec)) == 1) {
		n++;
		if (rec.seq % 3 == 0) {
			T_EQ_INT(rec.nwith, 48);
			T_EQ_STR(rec.with[47], text);
		}
	}
	T_EQ_INT(ret, 0);
	T_EQ_INT(n, 12);
	T_EQ_INT(status_told(r, &good, &dmg, &cause), LOG_CLEAN);
	T_EQ_INT(good, len);
	log_reader_close(r);
	free(text);
	free(path);
	remove_dir(dir);
}

/* The writer refuses what its reader would refuse, and writes nothing. */
static void
test_append_refused(void)
{
	struct log_writer	*w;
	struct read_result	 rr;
	struct record		 rec;
	off_t			 bounds[MAX_RECORDS + 1];
	char			*dir, *path, *cause = NULL, *want;

	dir = test_tmpdir();
	path = path_in(dir, "day.slog");
	write_log(path, 3, bounds);
	T_EQ_INT(t_writer_open(path, bounds[3], &w, &cause), 0);

	make_record(&rec, 4);
	rec.type = RECORD_START;
	rec.group = NULL;
	T_EQ_INT(t_writer_append(w, &rec, &cause), -1);
	T_EQ_INT(errno, EINVAL);
	want = xasprintf("%s: record not written: start record has no "
	    "\"group\"", path);
	T_EQ_STR(cause, want);
	free(want);
	free(cause);

	make_record(&rec, 4);
	rec.type = RECORD_NOTE;
	rec.text = "a\tb";
	rec.person = "a string longer than it may be";
	T_EQ_INT(t_writer_append(w, &rec, &cause), 0);

	make_record(&rec, 6);
	T_EQ_INT(t_writer_append(w, &rec, &cause), -1);
	T_HAS_STR(cause, "record not written: seq 6 does not follow seq 4");
	free(cause);
	make_record(&rec, 0);
	rec.seq = 0;
	T_EQ_INT(t_writer_append(w, &rec, &cause), -1);
	T_HAS_STR(cause, "record has \"seq\" 0");
	free(cause);
	T_EQ_INT(file_size(path), log_writer_length(w));
	log_writer_close(w);

	read_log(path, &rr, 0);
	T_EQ_INT(rr.status, LOG_CLEAN);
	T_EQ_INT(rr.n, 4);
	T_EQ_INT(rr.wrong, 1);		/* record 4 is the altered note */
	free(path);
	remove_dir(dir);
}

static void
test_writer_open(void)
{
	struct log_writer	*w;
	struct read_result	 rr;
	struct record		 rec;
	off_t			 bounds[MAX_RECORDS + 1];
	char			*dir, *path, *cause = NULL, *want;

	dir = test_tmpdir();
	path = path_in(dir, "day.slog");
	write_log(path, 5, bounds);

	T_EQ_INT(t_writer_open(path, bounds[4], &w, &cause), -1);
	want = xasprintf("%s: is %lld bytes, not the %lld read whole", path,
	    (long long)bounds[5], (long long)bounds[4]);
	T_EQ_STR(cause, want);
	free(want);
	free(cause);

	T_EQ_INT(t_writer_open(path, bounds[5], &w, &cause), 0);
	T_EQ_INT(log_writer_length(w), bounds[5]);
	make_record(&rec, 6);
	T_EQ_INT(t_writer_append(w, &rec, &cause), 0);
	log_writer_close(w);
	read_log(path, &rr, 0);
	T_EQ_INT(rr.status, LOG_CLEAN);
	T_EQ_INT(rr.n, 6);
	T_EQ_INT(rr.wrong, 0);
	T_EQ_INT(rr.offsets[6], bounds[5]);

	T_EQ_INT(t_writer_open(dir, 0, &w, &cause), -1);
	free(cause);
	free(path);
	remove_dir(dir);
}

/* In a child: fills the file size limit so an append fails with EFBIG,
 * after a short write when room is left.  Exit 0 or the failed step. */
static int
efbig_child(const char *path)
{
	struct log_header	 hdr;
	struct log_writer	*w;
	struct record		 rec;
	struct rlimit		 rl, saved;
	struct stat		 st;
	char			*cause = NULL;
	off_t			 before;
	int			 room;

	signal(SIGXFSZ, SIG_IGN);
	make_header(&hdr);
	if (t_writer_create(path, &hdr, &w, &cause) != 0)
		return 10;
	make_record(&rec, 1);
	if (t_writer_append(w, &rec, &cause) != 0)
		return 11;
	if (getrlimit(RLIMIT_FSIZE, &saved) != 0)
		return 12;
	make_record(&rec, 2);
	for (room = 0; room <= 5; room += 5) {
		before = log_writer_length(w);
		rl = saved;
		rl.rlim_cur = before + room;
		if (setrlimit(RLIMIT_FSIZE, &rl) != 0)
			return 13;
		if (t_writer_append(w, &rec, &cause) != -1)
			return 14;
		if (errno != EFBIG)
			return 15;
		if (strstr(cause, ": File too large") == NULL)
			return 16;
		free(cause);
		if (stat(path, &st) != 0 || st.st_size != before)
			return 17;
		if (log_writer_length(w) != before)
			return 18;
		if (setrlimit(RLIMIT_FSIZE, &saved) != 0)
			return 19;
	}
	/* The record was not written and may be retried. */
	if (t_writer_append(w, &rec, &cause) != 0)
		return 20;
	log_writer_close(w);
	log_header_free(&hdr);
	return 0;
}

static void
test_append_efbig(void)
{
	struct read_result	 rr;
	char			*dir, *path;
	pid_t			 pid;
	int			 status = -1;

	dir = test_tmpdir();
	path = path_in(dir, "day.slog");
	fflush(NULL);
	pid = fork();
	T_TRUE(pid != -1);
	if (pid == 0)
		_exit(efbig_child(path));
	T_EQ_INT(waitpid(pid, &status, 0), pid);
	T_TRUE(WIFEXITED(status));
	T_EQ_INT(WEXITSTATUS(status), 0);
	read_log(path, &rr, 0);
	T_EQ_INT(rr.status, LOG_CLEAN);
	T_EQ_INT(rr.n, 2);
	T_EQ_INT(rr.wrong, 0);
	T_EQ_INT(rr.good_len, file_size(path));
	free(path);
	remove_dir(dir);
}

/* ---- the reader: torn tails ---- */

/* Cut at every byte from the start of the third-last record to the end:
 * torn (or clean at a boundary), nothing earlier lost; then repaired and
 * continued. */
static void
test_truncate_every_byte(void)
{
	struct read_result	 rr;
	struct log_writer	*w;
	struct record		 rec;
	off_t			 bounds[MAX_RECORDS + 1], cut;
	char			*dir, *path, *cutpath, *data, *side = NULL;
	char			*cause = NULL, *want, *kept;
	size_t			 len, keptlen;
	int			 k, n = 8;

	dir = test_tmpdir();
	path = path_in(dir, "day.slog");
	cutpath = path_in(dir, "cut.slog");
	write_log(path, n, bounds);
	data = file_bytes(path, &len);

	for (cut = bounds[n - 3]; cut <= (off_t)len; cut++) {
		put_file(cutpath, data, cut);
		for (k = n; bounds[k] > cut; k--)
			/* nothing */;
		read_log(cutpath, &rr, 0);
		T_EQ_INT(rr.open, 0);
		T_EQ_INT(rr.n, k);
		T_EQ_INT(rr.wrong, 0);
		T_EQ_INT(rr.good_len, bounds[k]);
		if (bounds[k] == cut) {
			T_EQ_INT(rr.status, LOG_CLEAN);
			T_TRUE(rr.cause == NULL);
			continue;
		}
		T_EQ_INT(rr.status, LOG_TORN);
		T_EQ_INT(rr.damage_at, bounds[k]);
		want = xasprintf("byte %lld: the last %lld bytes are a record "
		    "cut short", (long long)bounds[k],
		    (long long)(cut - bounds[k]));
		T_EQ_STR(rr.cause, want);
		free(want);
		free(rr.cause);

		/* Repair keeps the cut bytes aside; the day continues. */
		T_EQ_INT(t_repair(cutpath, rr.good_len, &side, &cause), 0);
		want = xasprintf("%s.damaged-1", cutpath);
		T_EQ_STR(side, want);
		kept = file_bytes(want, &keptlen);
		T_EQ_INT(keptlen, cut - bounds[k]);
		T_TRUE(kept != NULL &&
		    memcmp(kept, data + bounds[k], keptlen) == 0);
		free(kept);
		unlink(want);
		free(want);
		free(side);
		T_EQ_INT(t_writer_open(cutpath, rr.good_len, &w, &cause), 0);
		make_record(&rec, k + 1);
		T_EQ_INT(t_writer_append(w, &rec, &cause), 0);
		log_writer_close(w);
		read_log(cutpath, &rr, 0);
		T_EQ_INT(rr.status, LOG_CLEAN);
		T_EQ_INT(rr.n, k + 1);
		T_EQ_INT(rr.wrong, 0);
	}

	/* Inside the header: no log at all. */
	for (cut = 0; cut < bounds[0]; cut++) {
		put_file(cutpath, data, cut);
		read_log(cutpath, &rr, 0);
		T_EQ_INT(rr.open, -1);
		T_EQ_INT(rr.exit, 65);
		if (cut == 0)
			want = xasprintf("%s: empty file, not a shadowlog log",
			    cutpath);
		else
			want = xasprintf("%s: byte 0: header cut short after "
			    "%lld bytes", cutpath, (long long)cut);
		T_EQ_STR(rr.cause, want);
		free(want);
		free(rr.cause);
	}
	free(data);
	free(path);
	free(cutpath);
	remove_dir(dir);
}

/* Zero fill after whole records, and after part of a record. */
static void
test_zero_fill(void)
{
	struct read_result	 rr;
	struct log_writer	*w;
	struct record		 rec;
	static const size_t	 fills[] = { 1, 2, 7, 100, 4096 };
	off_t			 bounds[MAX_RECORDS + 1], whole, cut;
	char			*dir, *path, *data, *zeros, *want;
	char			*cause = NULL;
	size_t			 len, z, i;

	dir = test_tmpdir();
	path = path_in(dir, "day.slog");
	zeros = xcalloc(1, 4096);
	write_log(path, 4, bounds);
	T_EQ_INT(t_writer_open(path, bounds[4], &w, &cause), 0);
	make_note(&rec, 5);
	T_EQ_INT(t_writer_append(w, &rec, &cause), 0);
	bounds[5] = log_writer_length(w);
	log_writer_close(w);
	data = file_bytes(path, &len);

	whole = bounds[5];
	for (z = 1; z <= 4096; z++) {
		put_file(path, data, whole);
		add_to_file(path, zeros, z);
		read_log(path, &rr, 5);
		T_EQ_INT(rr.status, LOG_TORN);
		T_EQ_INT(rr.n, 5);
		T_EQ_INT(rr.wrong, 0);
		T_EQ_INT(rr.good_len, whole);
		T_EQ_INT(rr.damage_at, whole);
		want = xasprintf("byte %lld: the last %zu bytes are zero fill "
		    "from a crash", (long long)whole, z);
		T_EQ_STR(rr.cause, want);
		free(want);
		free(rr.cause);
	}

	/* A note cut anywhere, then zeros. */
	for (cut = bounds[4] + 1; cut < bounds[5]; cut++) {
		for (i = 0; i < sizeof fills / sizeof fills[0]; i++) {
			put_file(path, data, cut);
			add_to_file(path, zeros, fills[i]);
			read_log(path, &rr, 5);
			T_EQ_INT(rr.status, LOG_TORN);
			T_EQ_INT(rr.n, 4);
			T_EQ_INT(rr.wrong, 0);
			T_EQ_INT(rr.good_len, bounds[4]);
			T_EQ_INT(rr.damage_at, bounds[4]);
			free(rr.cause);
		}
	}
	free(zeros);
	free(data);
	free(path);
	remove_dir(dir);
}

/* Writes a log of n notes of len bytes each. */
static void
write_notes(const char *path, uint64_t n, size_t len)
{
	struct log_header	 hdr;
	struct log_writer	*w;
	struct record		 rec;
	struct err		 e = ERR_INIT;
	char			*text;
	uint64_t		 seq;

	text = xmalloc(len + 1);
	memset(text, 'n', len);
	text[len] = '\0';
	make_header(&hdr);
	T_EQ_INT(log_writer_create(path, &hdr, &w, &e), 0);
	log_header_free(&hdr);
	for (seq = 1; seq <= n; seq++) {
		make_note(&rec, seq);
		rec.text = text;
		T_EQ_INT(log_writer_append(w, &rec, &e), 0);
	}
	log_writer_close(w);
	err_clear(&e);
	free(text);
}

/* One reader through a torn log, a file that is not a log, a log with
 * records bigger than its first buffer and a clean log reads each as a
 * new reader does: nothing of one file is left for the next.  Likewise
 * after log_reader_peek at the file (the reader goes on after the bytes
 * peeked at, by pread where they end: the big log's run past them), or
 * at another file (those bytes are not taken for this one's). */
static void
test_reader_reused(void)
{
	struct read_result	 fresh, reused;
	struct log_reader	*r;
	off_t			 bounds[MAX_RECORDS + 1];
	char			*dir, *clean, *torn, *other, *big, *data;
	const char		*order[6];
	size_t			 len, i;

	dir = test_tmpdir();
	clean = path_in(dir, "clean.slog");
	torn = path_in(dir, "torn.slog");
	other = path_in(dir, "other.txt");
	big = path_in(dir, "big.slog");
	write_log(clean, 40, bounds);
	data = file_bytes(clean, &len);
	put_file(torn, data, (size_t)bounds[39] + 3);
	put_file(other, "not a log\n", 10);
	write_notes(big, 40, 2000);	/* 80 KB: past the first buffer */
	T_TRUE(file_size(big) > 80000);
	order[0] = torn;
	order[1] = other;
	order[2] = clean;
	order[3] = big;
	order[4] = torn;
	order[5] = clean;
	r = log_reader_new();
	for (i = 0; i < 24; i++) {
		read_log(order[i % 6], &fresh, 0);
		read_log_with(r, order[i % 6], &reused, 0, i / 6,
		    order[(i + 1) % 6]);
		T_EQ_INT(reused.open, fresh.open);
		T_EQ_INT(reused.exit, fresh.exit);
		T_EQ_INT(reused.n, fresh.n);
		T_EQ_INT(reused.wrong, fresh.wrong);
		if (order[i % 6] == big) {
			T_EQ_INT(reused.n, 40);
			T_EQ_INT(reused.status, LOG_CLEAN);
		}
		T_EQ_INT(reused.status, fresh.status);
		T_EQ_INT(reused.good_len, fresh.good_len);
		T_EQ_INT(reused.damage_at, fresh.damage_at);
		T_TRUE(memcmp(reused.offsets, fresh.offsets,
		    sizeof fresh.offsets) == 0);
		if (fresh.cause == NULL) {
			T_TRUE(reused.cause == NULL);
		} else {
			T_EQ_STR(reused.cause, fresh.cause);
		}
		free(fresh.cause);
		free(reused.cause);
	}
	T_EQ_INT(fresh.n, 40);
	T_EQ_INT(fresh.status, LOG_CLEAN);
	log_reader_close(r);
	free(data);
	free(clean);
	free(torn);
	free(other);
	free(big);
	remove_dir(dir);
}

/* ---- the reader: damage in the middle ---- */

static void
test_middle_damage(void)
{
	struct read_result	 rr;
	off_t			 bounds[MAX_RECORDS + 1], at;
	char			*dir, *path, *data, *want, *p;
	size_t			 len;

	dir = test_tmpdir();
	path = path_in(dir, "day.slog");
	write_log(path, 6, bounds);
	data = file_bytes(path, &len);

	/* 0xc1 over the first key's str header in record 2. */
	at = bounds[1] + 1;
	T_EQ_INT((unsigned char)data[at], 0xa4);
	data[at] = (char)0xc1;
	put_file(path, data, len);
	read_log(path, &rr, 0);
	T_EQ_INT(rr.status, LOG_CORRUPT);
	T_EQ_INT(rr.n, 1);
	T_EQ_INT(rr.good_len, bounds[1]);
	T_EQ_INT(rr.damage_at, at);
	want = xasprintf("byte %lld: invalid msgpack byte 0xc1",
	    (long long)at);
	T_EQ_STR(rr.cause, want);
	free(want);
	free(rr.cause);
	data[at] = (char)0xa4;

	/* Record 2 claims seq 7. */
	p = memmem(data + bounds[1], bounds[2] - bounds[1], "\xa3seq\x02", 5);
	T_TRUE(p != NULL);
	if (p != NULL) {
		p[4] = 7;
		put_file(path, data, len);
		read_log(path, &rr, 0);
		T_EQ_INT(rr.status, LOG_CORRUPT);
		T_EQ_INT(rr.n, 1);
		T_EQ_INT(rr.good_len, bounds[1]);
		T_EQ_INT(rr.damage_at, bounds[1]);
		want = xasprintf("byte %lld: seq 7 follows seq 1",
		    (long long)bounds[1]);
		T_EQ_STR(rr.cause, want);
		free(want);
		free(rr.cause);
		p[4] = 2;
	}

	/* An int between records 2 and 3. */
	put_file(path, data, bounds[2]);
	add_to_file(path, "\x05", 1);
	add_to_file(path, data + bounds[2], len - bounds[2]);
	read_log(path, &rr, 0);
	T_EQ_INT(rr.status, LOG_CORRUPT);
	T_EQ_INT(rr.n, 2);
	T_EQ_INT(rr.good_len, bounds[2]);
	T_EQ_INT(rr.damage_at, bounds[2]);
	want = xasprintf("byte %lld: record is not a map",
	    (long long)bounds[2]);
	T_EQ_STR(rr.cause, want);
	free(want);
	free(rr.cause);
	free(data);
	free(path);
	remove_dir(dir);
}

/* The last record in full but invalid (seq gap) is damage, not a tear;
 * so is a record that is an int at the end. */
static void
test_end_damage(void)
{
	struct read_result	 rr;
	off_t			 bounds[MAX_RECORDS + 1];
	char			*dir, *path, *data, *want, *p;
	size_t			 len;

	dir = test_tmpdir();
	path = path_in(dir, "day.slog");
	write_log(path, 6, bounds);
	data = file_bytes(path, &len);
	p = memmem(data + bounds[5], len - bounds[5], "\xa3seq\x06", 5);
	T_TRUE(p != NULL);
	if (p != NULL)
		p[4] = 9;
	put_file(path, data, len);
	read_log(path, &rr, 0);
	T_EQ_INT(rr.status, LOG_CORRUPT);
	T_EQ_INT(rr.n, 5);
	T_EQ_INT(rr.good_len, bounds[5]);
	want = xasprintf("byte %lld: seq 9 follows seq 5",
	    (long long)bounds[5]);
	T_EQ_STR(rr.cause, want);
	free(want);
	free(rr.cause);
	free(data);
	free(path);
	remove_dir(dir);
}

/* A record of a type this version does not know is skipped whole; its seq
 * still counts. */
static void
test_unknown_type_skipped(void)
{
	struct read_result	 rr;
	struct log_writer	*w;
	struct record		 rec;
	msgpack_sbuffer		 sbuf;
	msgpack_packer		 pk;
	off_t			 bounds[MAX_RECORDS + 1], after;
	char			*dir, *path, *cause = NULL;

	dir = test_tmpdir();
	path = path_in(dir, "day.slog");
	write_log(path, 1, bounds);
	msgpack_sbuffer_init(&sbuf);
	msgpack_packer_init(&pk, &sbuf, msgpack_sbuffer_write);
	msgpack_pack_map(&pk, 5);
	msgpack_pack_str_with_body(&pk, "type", 4);
	msgpack_pack_str_with_body(&pk, "photo", 5);
	msgpack_pack_str_with_body(&pk, "seq", 3);
	msgpack_pack_uint64(&pk, 2);
	msgpack_pack_str_with_body(&pk, "t", 1);
	msgpack_pack_int64(&pk, 5);
	msgpack_pack_str_with_body(&pk, "text", 4);
	msgpack_pack_array(&pk, 1);
	msgpack_pack_nil(&pk);
	msgpack_pack_str_with_body(&pk, "pixels", 6);
	msgpack_pack_bin_with_body(&pk, "\x00\x01\x02", 3);
	add_to_file(path, sbuf.data, sbuf.size);
	after = bounds[1] + (off_t)sbuf.size;
	msgpack_sbuffer_destroy(&sbuf);
	T_EQ_INT(t_writer_open(path, after, &w, &cause), 0);
	make_record(&rec, 3);
	T_EQ_INT(t_writer_append(w, &rec, &cause), 0);
	log_writer_close(w);

	read_log(path, &rr, 0);
	T_EQ_INT(rr.status, LOG_CLEAN);
	T_EQ_INT(rr.n, 2);
	T_EQ_INT(rr.wrong, 0);
	T_EQ_INT(rr.offsets[1], bounds[0]);
	T_EQ_INT(rr.offsets[2], 0);
	T_EQ_INT(rr.offsets[3], after);
	free(path);
	remove_dir(dir);
}

/* Records written with every width of integer and string msgpack has
 * (another writer may not pick the shortest), a float and bin among
 * unknown keys, read back as the values they hold. */
static void
test_wide_encodings(void)
{
	struct log_reader	*r;
	struct record		 rec;
	msgpack_sbuffer		 sbuf;
	msgpack_packer		 pk;
	off_t			 bounds[MAX_RECORDS + 1];
	char			*dir, *path, *cause = NULL, person[40], where[300];
	int			 ex = 0, i;

	memset(person, 'p', sizeof person);
	memset(where, 'w', sizeof where);
	dir = test_tmpdir();
	path = path_in(dir, "day.slog");
	write_log(path, 1, bounds);
	msgpack_sbuffer_init(&sbuf);
	msgpack_packer_init(&pk, &sbuf, msgpack_sbuffer_write);
	for (i = 0; i < 2; i++) {
		msgpack_pack_map(&pk, i == 0 ? 10 : 8);
		msgpack_pack_str_with_body(&pk, "type", 4);
		msgpack_pack_str_with_body(&pk, "start", 5);
		msgpack_pack_str_with_body(&pk, "t", 1);
		if (i == 0)
			msgpack_pack_fix_int64(&pk, INT64_C(1709625600000));
		else
			msgpack_pack_fix_uint64(&pk, UINT64_C(1709625660000));
		msgpack_pack_str_with_body(&pk, "mono", 4);
		if (i == 0)
			msgpack_pack_fix_uint32(&pk, 70000);
		else
			msgpack_pack_fix_int32(&pk, 130000);
		msgpack_pack_str_with_body(&pk, "session", 7);
		if (i == 0)
			msgpack_pack_fix_uint16(&pk, 7);
		else
			msgpack_pack_fix_int8(&pk, 7);
		msgpack_pack_str_with_body(&pk, "group", 5);
		msgpack_pack_str_with_body(&pk, "pupils", 6);
		msgpack_pack_str_with_body(&pk, "person", 6);
		msgpack_pack_str_with_body(&pk, person, sizeof person);
		msgpack_pack_str_with_body(&pk, "where", 5);
		msgpack_pack_str_with_body(&pk, where, sizeof where);
		if (i == 0) {
			msgpack_pack_str_with_body(&pk, "weight", 6);
			msgpack_pack_double(&pk, 0.5);
			msgpack_pack_str_with_body(&pk, "blob", 4);
			msgpack_pack_bin_with_body(&pk, "\x01", 1);
		}
		msgpack_pack_str_with_body(&pk, "seq", 3);
		if (i == 0)
			msgpack_pack_fix_uint8(&pk, 2);
		else
			msgpack_pack_fix_int16(&pk, 3);
	}
	add_to_file(path, sbuf.data, sbuf.size);
	msgpack_sbuffer_destroy(&sbuf);

	T_EQ_INT(open_log(path, &r, &ex, &cause), 0);
	T_EQ_INT(next_record(r, &rec), 1);
	T_EQ_INT(rec.seq, 1);
	T_EQ_INT(next_record(r, &rec), 1);
	T_EQ_INT(rec.seq, 2);
	T_EQ_INT(rec.t, INT64_C(1709625600000));
	T_EQ_INT(rec.mono, 70000);
	T_EQ_INT(next_record(r, &rec), 1);
	T_EQ_INT(rec.seq, 3);
	T_EQ_INT(rec.type, RECORD_START);
	T_EQ_INT(rec.t, INT64_C(1709625660000));
	T_EQ_INT(rec.mono, 130000);
	T_EQ_INT(rec.session, 7);
	T_EQ_STR(rec.group, "pupils");
	T_EQ_INT(strlen(rec.person), sizeof person);
	T_EQ_INT(strlen(rec.where), sizeof where);
	T_EQ_INT(next_record(r, &rec), 0);
	log_reader_close(r);
	free(path);
	remove_dir(dir);
}

/* ---- the reader: hostile files ---- */

/* A log holding the header, then bytes. */
static void
hostile_log(const char *path, const void *bytes, size_t len, off_t *hlen)
{
	struct log_header	 hdr;
	struct log_writer	*w;
	char			*cause = NULL;

	unlink(path);
	make_header(&hdr);
	T_EQ_INT(t_writer_create(path, &hdr, &w, &cause), 0);
	*hlen = log_writer_length(w);
	log_writer_close(w);
	log_header_free(&hdr);
	add_to_file(path, bytes, len);
}

static void
check_corrupt(const char *path, off_t damage_at, const char *what)
{
	struct read_result	 rr;
	char			*want;

	read_log(path, &rr, 0);
	T_EQ_INT(rr.open, 0);
	T_EQ_INT(rr.n, 0);
	T_EQ_INT(rr.status, LOG_CORRUPT);
	T_EQ_INT(rr.damage_at, damage_at);
	want = xasprintf("byte %lld: %s", (long long)damage_at, what);
	T_EQ_STR(rr.cause, want);
	free(want);
	free(rr.cause);
}

static void
check_refused(const char *path, int exit_code, const char *what)
{
	struct read_result	 rr;
	char			*want;

	read_log(path, &rr, 0);
	T_EQ_INT(rr.open, -1);
	T_EQ_INT(rr.exit, exit_code);
	want = xasprintf("%s: %s", path, what);
	T_EQ_STR(rr.cause, want);
	free(want);
	free(rr.cause);
}

/* Fills buf with bytes from a fixed xorshift sequence. */
static void
garbage(unsigned char *buf, size_t len, uint64_t *state)
{
	size_t	i;

	for (i = 0; i < len; i++) {
		*state ^= *state << 13;
		*state ^= *state >> 7;
		*state ^= *state << 17;
		buf[i] = (unsigned char)(*state >> 24);
	}
}

static void
test_hostile_records(void)
{
	static const unsigned char	 array32[] = {
		0xdd, 0xff, 0xff, 0xff, 0xff
	};
	static const unsigned char	 map32[] = {
		0xdf, 0xff, 0xff, 0xff, 0xff, 0xa1, 'a'
	};
	static const unsigned char	 str32[] = {
		0x81, 0xa4, 't', 'e', 'x', 't', 0xdb, 0xff, 0xff, 0xff, 0xff,
		'h', 'i'
	};
	static const unsigned char	 small_claim[] = {
		0xdd, 0x00, 0x00, 0x10, 0x00, 1, 1, 1, 1, 1, 1, 1, 1
	};
	struct read_result		 rr;
	struct rusage			 ru;
	unsigned char			 deep[1001], *buf;
	uint64_t			 state = 88172645463325252ULL;
	off_t				 h;
	char				*dir, *path;
	size_t				 len;
	long				 rss;
	int				 fd, i;

	getrusage(RUSAGE_SELF, &ru);
	rss = ru.ru_maxrss;
	dir = test_tmpdir();
	path = path_in(dir, "hostile.slog");

	hostile_log(path, array32, sizeof array32, &h);
	check_corrupt(path, h, "object larger than 262144 bytes");
	hostile_log(path, map32, sizeof map32, &h);
	check_corrupt(path, h, "object larger than 262144 bytes");
	hostile_log(path, str32, sizeof str32, &h);
	check_corrupt(path, h, "object larger than 262144 bytes");

	memset(deep, 0x91, 1000);
	deep[1000] = 0;
	hostile_log(path, deep, sizeof deep, &h);
	check_corrupt(path, h + LOG_MAX_DEPTH, "nesting deeper than 8");

	hostile_log(path, "\x05", 1, &h);
	check_corrupt(path, h, "record is not a map");
	hostile_log(path, "\xc1", 1, &h);
	check_corrupt(path, h, "invalid msgpack byte 0xc1");
	hostile_log(path, "\x80", 1, &h);
	check_corrupt(path, h, "record has no \"type\"");

	/* A modest claim not yet met is what a tear looks like. */
	hostile_log(path, small_claim, sizeof small_claim, &h);
	read_log(path, &rr, 0);
	T_EQ_INT(rr.status, LOG_TORN);
	T_EQ_INT(rr.good_len, h);
	free(rr.cause);

	/* A header where a record should be. */
	hostile_log(path, "", 0, &h);
	buf = (unsigned char *)file_bytes(path, &len);
	add_to_file(path, buf, len);
	free(buf);
	check_corrupt(path, h, "record has no \"seq\"");

	/* A header, then 10 MB of garbage. */
	hostile_log(path, "", 0, &h);
	buf = xmalloc(65536);
	fd = open(path, O_WRONLY | O_APPEND);
	for (i = 0; i < 160; i++) {
		garbage(buf, 65536, &state);
		T_EQ_INT(write(fd, buf, 65536), 65536);
	}
	close(fd);
	read_log(path, &rr, 0);
	T_EQ_INT(rr.open, 0);
	T_EQ_INT(rr.status, LOG_CORRUPT);
	T_EQ_INT(rr.good_len, h);
	T_TRUE(rr.damage_at >= h);
	T_TRUE(rr.cause != NULL && strncmp(rr.cause, "byte ", 5) == 0);
	free(rr.cause);

	/* 10 MB of garbage alone. */
	fd = open(path, O_WRONLY | O_TRUNC);
	for (i = 0; i < 160; i++) {
		garbage(buf, 65536, &state);
		if (i == 0)
			buf[0] = 0x8f;
		T_EQ_INT(write(fd, buf, 65536), 65536);
	}
	close(fd);
	read_log(path, &rr, 0);
	T_EQ_INT(rr.open, -1);
	T_EQ_INT(rr.exit, 65);
	T_HAS_STR(rr.cause, ": byte ");
	free(rr.cause);
	free(buf);

	/* No allocation sized by a claim: the whole test stays small. */
	getrusage(RUSAGE_SELF, &ru);
	T_TRUE(ru.ru_maxrss - rss < 64 * 1024);
	free(path);
	remove_dir(dir);
}

/* Whether two headers pack to the same bytes: every field, the scheme
 * and the tags. */
static int
same_header(const struct log_header *a, const struct log_header *b)
{
	msgpack_sbuffer	sa, sb;
	int		same;

	msgpack_sbuffer_init(&sa);
	msgpack_sbuffer_init(&sb);
	log_header_pack(a, &sa);
	log_header_pack(b, &sb);
	same = sa.size == sb.size && memcmp(sa.data, sb.data, sa.size) == 0;
	msgpack_sbuffer_destroy(&sa);
	msgpack_sbuffer_destroy(&sb);
	return same;
}

/* The log at path read by a new reader (its memo empty: the header
 * scanned and decoded whole) and by r just after r read warm (its memo
 * holding warm's scheme, the bytes peeked at: the fast path tried); both
 * must say the same, to the byte offset, and read on alike. */
static void
check_header_both(struct log_reader *r, const char *warm, const char *path)
{
	struct log_reader	*fresh;
	struct record		 a, b;
	struct err		 e = ERR_INIT;
	const unsigned char	*bytes;
	char			*cause = NULL, *told_r;
	size_t			 n;
	int			 exit_code = 0, ret, ret_r, fd;

	fd = peek_file(r, warm);
	T_EQ_INT(log_reader_start(r, warm, fd, &e), 0);
	log_reader_finish(r);

	ret = open_log(path, &fresh, &exit_code, &cause);
	fd = open(path, O_RDONLY);
	T_TRUE(fd != -1);
	T_EQ_INT(log_reader_peek(r, fd, &bytes, &n), 0);
	ret_r = log_reader_start(r, path, fd, &e);
	T_EQ_INT(ret_r, ret);
	if (ret_r == 0 && ret != 0) {	/* already failed: tidy up */
		log_reader_finish(r);
		free(cause);
		return;
	}
	if (ret_r != 0) {
		if (ret == 0)
			log_reader_close(fresh);
		told_r = err_text(&e);
		T_EQ_INT(err_exit_code(e.code), exit_code);
		T_EQ_STR(told_r, cause);
		free(told_r);
		free(cause);
		err_clear(&e);
		return;
	}
	T_TRUE(same_header(log_reader_header(fresh), log_reader_header(r)));
	T_EQ_INT(next_record(r, &b), next_record(fresh, &a));
	T_EQ_INT(log_reader_offset(r), log_reader_offset(fresh));
	log_reader_close(fresh);
	log_reader_finish(r);
}

/* A header read by the fast path (a reader's memo holding its scheme's
 * bytes) is told exactly as one scanned and decoded whole: cut at every
 * byte, and each byte set to values that change its type, its length or
 * its text, in the scheme (no longer the memo's) or out of it. */
static void
test_header_fast_path(void)
{
	static const unsigned char	 sets[] = {
		0x00, 0x7f, 0x81, 0xa0, 0xc0, 0xc1, 0xd9, 0xdf, 0xff
	};
	static const struct {
		const char	*bytes;
		size_t		 len;
	}				 extras[] = {
#define EXTRA(s)	{ s, sizeof s - 1 }
		EXTRA("\xa1x\x81\xa1" "a\x81\xa1" "b\x01"),	/* {a: {b: 1}} */
		EXTRA("\xa1x\x81\xa1" "a\x92\x01\x02"),	/* {a: [1, 2]} */
		EXTRA("\xa1x\x92\x01\x81\xa1" "a\x01"),	/* [1, {a: 1}] */
		EXTRA("\xa1x\xca\x3f\x80\x00\x00")		/* 1.0f */
#undef EXTRA
	};
	struct log_reader		*r;
	off_t				 bounds[MAX_RECORDS + 1];
	unsigned char			 saved;
	char				*dir, *clean, *path, *data, *more;
	size_t				 len, i, k;

	dir = test_tmpdir();
	clean = path_in(dir, "clean.slog");
	path = path_in(dir, "changed.slog");
	write_log(clean, 3, bounds);
	data = file_bytes(clean, &len);
	r = log_reader_new();
	check_header_both(r, clean, clean);
	for (i = 0; i < (size_t)bounds[0]; i++) {
		put_file(path, data, i);
		check_header_both(r, clean, path);
		saved = (unsigned char)data[i];
		for (k = 0; k <= sizeof sets; k++) {
			data[i] = (char)(k < sizeof sets ? sets[k] : saved ^ 1);
			put_file(path, data, len);
			check_header_both(r, clean, path);
		}
		data[i] = (char)saved;
	}
	/* A fourteenth key, unknown and so ignored, whose value nests: its
	 * bytes must be skipped whole, or the records are read from the
	 * wrong place. */
	for (k = 0; k < sizeof extras / sizeof extras[0]; k++) {
		T_EQ_INT((unsigned char)data[0], 0x8d);
		more = xmalloc(len + extras[k].len);
		more[0] = (char)0x8e;
		memcpy(more + 1, data + 1, (size_t)bounds[0] - 1);
		memcpy(more + bounds[0], extras[k].bytes, extras[k].len);
		memcpy(more + bounds[0] + extras[k].len, data + bounds[0],
		    len - (size_t)bounds[0]);
		put_file(path, more, len + extras[k].len);
		check_header_both(r, clean, path);
		free(more);
	}
	log_reader_close(r);
	free(data);
	free(clean);
	free(path);
	remove_dir(dir);
}

static void
test_hostile_headers(void)
{
	static const unsigned char	 array32[] = {
		0xdd, 0xff, 0xff, 0xff, 0xff
	};
	static const unsigned char	 map32[] = {
		0xdf, 0xff, 0xff, 0xff, 0xff
	};
	struct log_header		 hdr;
	msgpack_sbuffer			 sbuf;
	struct record			 rec;
	unsigned char			 deep[1000];
	char				*dir, *path;

	dir = test_tmpdir();
	path = path_in(dir, "hostile.slog");

	put_file(path, array32, sizeof array32);
	check_refused(path, 65, "byte 0: not a shadowlog log");
	put_file(path, map32, sizeof map32);
	check_refused(path, 65, "byte 0: object larger than 262144 bytes in "
	    "the header");
	memset(deep, 0x81, sizeof deep);
	put_file(path, deep, sizeof deep);
	check_refused(path, 65, "byte 8: nesting deeper than 8 in the header");
	put_file(path, "\x00\x00\x00", 3);
	check_refused(path, 65, "byte 0: not a shadowlog log");

	/* A record where the header should be. */
	make_record(&rec, 1);
	msgpack_sbuffer_init(&sbuf);
	record_pack(&rec, &sbuf);
	put_file(path, sbuf.data, sbuf.size);
	check_refused(path, 65, "byte 0: not a shadowlog log");
	msgpack_sbuffer_destroy(&sbuf);

	/* A newer format. */
	make_header(&hdr);
	hdr.version = 2;
	msgpack_sbuffer_init(&sbuf);
	log_header_pack(&hdr, &sbuf);
	put_file(path, sbuf.data, sbuf.size);
	check_refused(path, 65, "byte 0: written by a newer shadowlog "
	    "(format version 2; this reads 1)");
	msgpack_sbuffer_destroy(&sbuf);
	log_header_free(&hdr);

	put_file(path, "", 0);
	check_refused(path, 65, "empty file, not a shadowlog log");
	check_refused(dir, 74, "Is a directory");
	unlink(path);
	check_refused(path, 66, "No such file or directory");
	free(path);
	remove_dir(dir);
}

/* ---- repair ---- */

static void
test_repair(void)
{
	struct read_result	 rr;
	off_t			 bounds[MAX_RECORDS + 1];
	char			*dir, *path, *data, *side = NULL, *cause = NULL;
	char			*want, *kept, zeros[100];
	size_t			 len, keptlen;
	mode_t			 old;

	dir = test_tmpdir();
	path = path_in(dir, "day.slog");
	write_log(path, 6, bounds);
	data = file_bytes(path, &len);
	put_file(path, data, bounds[5] + 9);

	read_log(path, &rr, 0);
	T_EQ_INT(rr.status, LOG_TORN);
	free(rr.cause);
	old = umask(0);
	T_EQ_INT(t_repair(path, rr.good_len, &side, &cause), 0);
	umask(old);
	want = xasprintf("%s.damaged-1", path);
	T_EQ_STR(side, want);
	T_EQ_INT(file_mode(want), 0600);
	kept = file_bytes(want, &keptlen);
	T_EQ_INT(keptlen, 9);
	T_TRUE(kept != NULL && memcmp(kept, data + bounds[5], 9) == 0);
	free(kept);
	free(want);
	free(side);
	T_EQ_INT(file_size(path), bounds[5]);
	read_log(path, &rr, 0);
	T_EQ_INT(rr.status, LOG_CLEAN);
	T_EQ_INT(rr.n, 5);

	/* A second tear goes to the next free name. */
	memset(zeros, 0, sizeof zeros);
	add_to_file(path, zeros, sizeof zeros);
	read_log(path, &rr, 0);
	T_EQ_INT(rr.status, LOG_TORN);
	free(rr.cause);
	T_EQ_INT(t_repair(path, rr.good_len, &side, &cause), 0);
	want = xasprintf("%s.damaged-2", path);
	T_EQ_STR(side, want);
	kept = file_bytes(want, &keptlen);
	T_EQ_INT(keptlen, sizeof zeros);
	T_TRUE(kept != NULL && memcmp(kept, zeros, sizeof zeros) == 0);
	free(kept);
	free(want);
	free(side);
	T_EQ_INT(file_size(path), bounds[5]);

	/* Nothing to cut: no side file. */
	T_EQ_INT(t_repair(path, bounds[5], &side, &cause), 0);
	T_TRUE(side == NULL);
	T_EQ_INT(test_entries(dir), 3);
	T_EQ_INT(t_repair(path, bounds[5] + 1, &side, &cause), -1);
	T_EQ_INT(errno, EINVAL);
	T_HAS_STR(cause, "shorter than the");
	free(cause);
	free(data);
	free(path);
	remove_dir(dir);
}

/* ---- batches ---- */

static void
test_batch_new(void)
{
	struct log_batch	*b;
	struct log_header	 hdr;
	struct read_result	 rr;
	struct record		 rec;
	char			*dir, *path, *cause = NULL;
	int			 i, n = 5000;
	mode_t			 old;

	dir = test_tmpdir();
	path = path_in(dir, "day.slog");
	make_header(&hdr);
	old = umask(0);
	T_EQ_INT(t_batch_begin(path, &b, &cause), 0);
	umask(old);
	T_EQ_INT(t_batch_header(b, &hdr, &cause), 0);
	for (i = 1; i <= n; i++) {
		make_record(&rec, i);
		T_EQ_INT(t_batch_record(b, &rec, &cause), 0);
	}
	T_EQ_INT(test_entries(dir), 1);		/* the temporary file */
	T_EQ_INT(file_size(path), -1);
	T_EQ_INT(t_batch_commit(b, &cause), 0);
	T_EQ_INT(test_entries(dir), 1);		/* now the log */
	T_EQ_INT(file_mode(path), 0600);
	T_TRUE(file_size(path) > 4 * 65536);	/* flushed in chunks */
	read_log(path, &rr, 0);
	T_EQ_INT(rr.status, LOG_CLEAN);
	T_EQ_INT(rr.n, n);
	T_EQ_INT(rr.wrong, 0);
	log_header_free(&hdr);
	free(path);
	remove_dir(dir);
}

/* A batch on an existing log appends in place, to the same inode (a live
 * writer's descriptor would go on to a replaced file). */
static void
test_batch_append(void)
{
	struct log_batch	*b;
	struct read_result	 rr;
	struct record		 rec;
	struct stat		 before, after;
	off_t			 bounds[MAX_RECORDS + 1];
	char			*dir, *path, *cause = NULL;
	int			 i, fd;

	dir = test_tmpdir();
	path = path_in(dir, "day.slog");
	write_log(path, 3, bounds);
	T_EQ_INT(stat(path, &before), 0);
	T_TRUE((fd = t_lock_open(path, &cause)) >= 0);
	T_EQ_INT(t_batch_append(path, fd, bounds[3], &b, &cause), 0);
	for (i = 4; i <= 6; i++) {
		make_record(&rec, i);
		T_EQ_INT(t_batch_record(b, &rec, &cause), 0);
	}
	T_EQ_INT(t_batch_commit(b, &cause), 0);
	T_EQ_INT(stat(path, &after), 0);
	T_EQ_INT(after.st_ino, before.st_ino);
	read_log(path, &rr, 0);
	T_EQ_INT(rr.status, LOG_CLEAN);
	T_EQ_INT(rr.n, 6);
	T_EQ_INT(rr.wrong, 0);
	T_EQ_INT(rr.offsets[4], bounds[3]);
	T_EQ_INT(test_entries(dir), 1);

	/* A length other than the file's is refused, the file unchanged. */
	T_TRUE((fd = t_lock_open(path, &cause)) >= 0);
	T_EQ_INT(t_batch_append(path, fd, bounds[3], &b, &cause), -1);
	T_HAS_STR(cause, "read whole");
	free(cause);
	read_log(path, &rr, 0);
	T_EQ_INT(rr.n, 6);

	/* Aborted after records were written out: cut back to the length it
	 * had, so nothing of a refused run stays. */
	T_TRUE((fd = t_lock_open(path, &cause)) >= 0);
	T_EQ_INT(t_batch_append(path, fd, file_size(path), &b, &cause), 0);
	for (i = 7; i < 7 + 2000; i++) {	/* past one 64 KiB chunk */
		make_record(&rec, i);
		rec.type = RECORD_NOTE;
		rec.text = LONG_NOTE;
		T_EQ_INT(t_batch_record(b, &rec, &cause), 0);
	}
	T_TRUE(file_size(path) > rr.offsets[6]);	/* some went out */
	log_batch_abort(b);
	read_log(path, &rr, 0);
	T_EQ_INT(rr.status, LOG_CLEAN);
	T_EQ_INT(rr.n, 6);
	free(path);
	remove_dir(dir);
}

/* In a child: holds path's lock, says so on ready, waits for a byte on go. */
static void
lock_child(const char *path, int ready, int go)
{
	char	*cause = NULL, c = 0;
	int	 fd;

	if ((fd = t_lock_open(path, &cause)) == -1)
		_exit(1);
	log_lock_name(fd);
	if (write(ready, "r", 1) != 1 || read(go, &c, 1) != 1)
		_exit(2);
	_exit(0);
}

/* One writer at a time: a second is refused and told which process holds
 * the log, even after the holder read the log through another descriptor
 * (a classic fcntl lock would have gone with that close). */
static void
test_lock(void)
{
	struct log_writer	*w, *w2;
	struct log_batch	*b;
	off_t			 bounds[MAX_RECORDS + 1];
	char			*dir, *path, *cause = NULL, *want, c;
	int			 fd, fd2, ready[2], go[2], status;
	pid_t			 pid;

	dir = test_tmpdir();
	path = path_in(dir, "day.slog");
	write_log(path, 3, bounds);

	/* In one process: a writer holds it, a reader comes and goes, and a
	 * second writer is still refused. */
	T_EQ_INT(t_writer_open(path, bounds[3], &w, &cause), 0);
	T_TRUE((fd = open(path, O_RDONLY)) >= 0);
	close(fd);
	T_EQ_INT(t_writer_open(path, bounds[3], &w2, &cause), -1);
	T_EQ_INT(errno, EAGAIN);
	want = xasprintf("%s is open in another shadowlog-record; close that "
	    "one first", path);
	T_EQ_STR(cause, want);
	free(want);
	free(cause);
	T_EQ_INT(t_lock_open(path, &cause), -1);
	T_EQ_INT(errno, EAGAIN);
	free(cause);
	log_writer_close(w);

	/* Closed: free again. */
	T_TRUE((fd = t_lock_open(path, &cause)) >= 0);
	close(fd);

	/* Another process holds it: refused, with its pid. */
	T_EQ_INT(pipe(ready), 0);
	T_EQ_INT(pipe(go), 0);
	if ((pid = fork()) == 0)
		lock_child(path, ready[1], go[0]);
	T_EQ_INT(read(ready[0], &c, 1), 1);
	T_EQ_INT(t_lock_open(path, &cause), -1);
	T_EQ_INT(errno, EAGAIN);
	want = xasprintf("%s is open in another shadowlog-record (pid %ld); "
	    "close that one first", path, (long)pid);
	T_EQ_STR(cause, want);
	free(want);
	free(cause);
	T_EQ_INT(file_size(path), bounds[3]);
	T_EQ_INT(write(go[1], "g", 1), 1);
	T_EQ_INT(waitpid(pid, &status, 0), pid);
	T_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	close(ready[0]);
	close(ready[1]);
	close(go[0]);
	close(go[1]);

	/* A batch holds the lock until it is committed. */
	T_TRUE((fd = t_lock_open(path, &cause)) >= 0);
	T_EQ_INT(t_batch_append(path, fd, bounds[3], &b, &cause), 0);
	T_EQ_INT(t_lock_open(path, &cause), -1);
	free(cause);
	T_EQ_INT(t_batch_commit(b, &cause), 0);	/* nothing to write */
	T_TRUE((fd2 = t_lock_open(path, &cause)) >= 0);
	close(fd2);
	free(path);
	remove_dir(dir);
}

/* Appends one live record, packed as given (any seq), to path. */
static void
add_live(const char *path, uint64_t seq, uint64_t session, int64_t mono)
{
	msgpack_sbuffer	sbuf;
	struct record	rec;

	memset(&rec, 0, sizeof rec);
	rec.type = RECORD_NOTE;
	rec.text = "x";
	rec.seq = seq;
	rec.t = INT64_C(1709625600000) + mono;
	rec.has_mono = 1;
	rec.mono = mono;
	rec.session = session;
	msgpack_sbuffer_init(&sbuf);
	record_pack(&rec, &sbuf);
	add_to_file(path, sbuf.data, sbuf.size);
	msgpack_sbuffer_destroy(&sbuf);
}

/* Reads path: the seqs returned, their count, how it ended. */
static enum log_status
read_seqs(const char *path, uint64_t *seqs, int *n,
    struct log_interleave *in)
{
	struct log_reader	*r;
	struct record		 rec;
	enum log_status		 st;
	off_t			 good, damage;
	char			*cause = NULL;
	int			 code;

	*n = 0;
	T_EQ_INT(open_log(path, &r, &code, &cause), 0);
	while (next_record(r, &rec) == 1 && *n < MAX_RECORDS)
		seqs[(*n)++] = rec.seq;
	log_reader_interleaved(r, in);
	st = status_told(r, &good, &damage, &cause);
	free(cause);
	log_reader_close(r);
	return st;
}

/* Every cut and zero fill of the last record (rec_size bytes) of the
 * interleaved log at path, read from a copy in dir. */
static void
cut_interleaved(const char *dir, const char *path, size_t rec_size)
{
	struct log_interleave	 in;
	enum log_status		 st;
	uint64_t		 seqs[MAX_RECORDS];
	char			*bytes, *copy, *cut;
	size_t			 len, k;
	int			 n, bad = 0;

	bytes = file_bytes(path, &len);
	cut = path_in(dir, "cut.slog");
	for (k = 1; k < rec_size; k++) {
		put_file(cut, bytes, len - rec_size + k);
		st = read_seqs(cut, seqs, &n, &in);
		if (st != LOG_TORN || n != 7)
			bad++;
	}
	copy = xmalloc(len);
	for (k = 1; k <= rec_size; k++) {
		memcpy(copy, bytes, len);
		memset(copy + len - k, 0, k);
		put_file(cut, copy, len);
		st = read_seqs(cut, seqs, &n, &in);
		/* Torn, or the zeros were the bytes there already. */
		if (!(st == LOG_TORN && n == 7) && !(st == LOG_CLEAN &&
		    n == 8 && memcmp(copy, bytes, len) == 0))
			bad++;
	}
	T_EQ_INT(bad, 0);
	unlink(cut);
	free(cut);
	free(copy);
	free(bytes);
}

/* Two recorders on one log at once (before the lock): each numbered from
 * its own view.  Read in file order, numbered on, listed; a seq that
 * repeats within one session is still damage. */
static void
test_interleaved(void)
{
	struct log_interleave	 in;
	off_t			 bounds[MAX_RECORDS + 1];
	uint64_t		 seqs[MAX_RECORDS];
	char			*dir, *path;
	int			 n, i;

	dir = test_tmpdir();
	path = path_in(dir, "day.slog");
	write_log(path, 2, bounds);	/* seq 1, 2 of session 1 */
	add_live(path, 3, 1, 100000);
	add_live(path, 3, 2, 101000);	/* session 2 read up to seq 2 */
	add_live(path, 4, 1, 102000);
	add_live(path, 4, 2, 103000);
	add_live(path, 5, 2, 104000);
	add_live(path, 5, 1, 105000);
	T_EQ_INT(read_seqs(path, seqs, &n, &in), LOG_CLEAN);
	T_EQ_INT(n, 8);
	for (i = 0; i < n; i++)
		T_EQ_INT(seqs[i], i + 1);
	T_EQ_INT(in.n, 5);
	T_EQ_INT(in.first_seq, 4);
	T_EQ_INT(in.last_seq, 8);
	T_EQ_INT(in.first_at, bounds[2] + (file_size(path) - bounds[2]) / 6);
	T_EQ_INT(in.session_lo, 1);
	T_EQ_INT(in.session_hi, 2);

	/* The last record, out of sequence, cut at every byte or its end
	 * zero filled, is never taken for a whole one: the seven before it
	 * are read and the end is torn. */
	cut_interleaved(dir, path, (size_t)(file_size(path) - bounds[2]) / 6);

	/* A record numbered on by the reader's count follows. */
	add_live(path, 9, 3, 106000);
	T_EQ_INT(read_seqs(path, seqs, &n, &in), LOG_CLEAN);
	T_EQ_INT(n, 9);
	T_EQ_INT(in.n, 5);

	/* A seq repeated within one session is damage, as before. */
	add_live(path, 9, 3, 107000);
	T_EQ_INT(read_seqs(path, seqs, &n, &in), LOG_CORRUPT);
	T_EQ_INT(n, 9);
	free(path);
	remove_dir(dir);

	/* So is a seq from the future of a new session. */
	dir = test_tmpdir();
	path = path_in(dir, "day.slog");
	write_log(path, 2, bounds);
	add_live(path, 7, 9, 100000);
	T_EQ_INT(read_seqs(path, seqs, &n, &in), LOG_CORRUPT);
	T_EQ_INT(n, 2);
	T_EQ_INT(in.n, 0);
	free(path);
	remove_dir(dir);
}

/* A new log's batch never replaces a file that appeared meanwhile. */
static void
test_batch_no_replace(void)
{
	struct log_batch	*b;
	struct log_header	 hdr;
	off_t			 bounds[MAX_RECORDS + 1];
	char			*dir, *path, *cause = NULL, *before, *after;
	size_t			 len, len2;

	dir = test_tmpdir();
	path = path_in(dir, "day.slog");
	make_header(&hdr);
	T_EQ_INT(t_batch_begin(path, &b, &cause), 0);
	T_EQ_INT(t_batch_header(b, &hdr, &cause), 0);
	write_log(path, 3, bounds);
	before = file_bytes(path, &len);
	T_EQ_INT(t_batch_commit(b, &cause), -1);
	T_HAS_STR(cause, "File exists");
	free(cause);
	after = file_bytes(path, &len2);
	T_TRUE(len == len2 && memcmp(before, after, len) == 0);
	T_EQ_INT(test_entries(dir), 1);
	free(before);
	free(after);
	log_header_free(&hdr);
	free(path);
	remove_dir(dir);
}

/* An aborted or refused batch leaves the log as it was and no temporary
 * file behind. */
static void
test_batch_abort(void)
{
	struct log_batch	*b;
	struct log_header	 hdr;
	struct record		 rec;
	off_t			 bounds[MAX_RECORDS + 1];
	char			*dir, *path, *cause = NULL, *before, *after;
	char			*want;
	size_t			 len, len2;

	dir = test_tmpdir();
	path = path_in(dir, "day.slog");
	write_log(path, 3, bounds);
	before = file_bytes(path, &len);
	make_header(&hdr);

	T_EQ_INT(t_batch_begin(path, &b, &cause), 0);
	T_EQ_INT(t_batch_header(b, &hdr, &cause), 0);
	make_record(&rec, 1);
	T_EQ_INT(t_batch_record(b, &rec, &cause), 0);
	T_EQ_INT(test_entries(dir), 2);
	log_batch_abort(b);
	T_EQ_INT(test_entries(dir), 1);
	after = file_bytes(path, &len2);
	T_TRUE(len == len2 && memcmp(before, after, len) == 0);
	free(after);

	/* A record the reader would refuse fails the batch: commit refuses
	 * and cleans up. */
	T_EQ_INT(t_batch_begin(path, &b, &cause), 0);
	T_EQ_INT(t_batch_header(b, &hdr, &cause), 0);
	make_record(&rec, 2);
	T_EQ_INT(t_batch_record(b, &rec, &cause), -1);
	T_HAS_STR(cause, "record not written: seq 2 does not follow seq 0");
	free(cause);
	T_EQ_INT(t_batch_commit(b, &cause), -1);
	want = xasprintf("%s: not written after an earlier error", path);
	T_EQ_STR(cause, want);
	free(want);
	free(cause);
	T_EQ_INT(test_entries(dir), 1);
	after = file_bytes(path, &len2);
	T_TRUE(len == len2 && memcmp(before, after, len) == 0);
	free(after);

	/* No directory: begin fails and leaves nothing. */
	free(path);
	path = path_in(dir, "no/such/day.slog");
	T_EQ_INT(t_batch_begin(path, &b, &cause), -1);
	T_HAS_STR(cause, "cannot create a temporary file");
	free(cause);
	log_header_free(&hdr);
	free(before);
	free(path);
	remove_dir(dir);
}

void
logfile_test_register(void)
{
	CU_pSuite	suite;

	suite = CU_add_suite("logfile", NULL, NULL);
	CU_add_test(suite, "created mode is 0600 whatever the umask",
	    test_create_mode);
	CU_add_test(suite, "create refuses an existing file or a bad header",
	    test_create_exists);
	CU_add_test(suite, "writer and reader round trip", test_round_trip);
	CU_add_test(suite, "records larger than a read chunk",
	    test_big_records);
	CU_add_test(suite, "writer refuses records the reader would refuse",
	    test_append_refused);
	CU_add_test(suite, "writer reopens at the whole length",
	    test_writer_open);
	CU_add_test(suite, "failed append (EFBIG) is cut back",
	    test_append_efbig);
	CU_add_test(suite, "truncation at every byte",
	    test_truncate_every_byte);
	CU_add_test(suite, "zero fill is a torn tail", test_zero_fill);
	CU_add_test(suite, "damage in the middle", test_middle_damage);
	CU_add_test(suite, "one reader for log after log",
	    test_reader_reused);
	CU_add_test(suite, "a whole bad record at the end", test_end_damage);
	CU_add_test(suite, "integers and strings of every width",
	    test_wide_encodings);
	CU_add_test(suite, "unknown record type skipped",
	    test_unknown_type_skipped);
	CU_add_test(suite, "hostile records", test_hostile_records);
	CU_add_test(suite, "hostile headers and missing files",
	    test_hostile_headers);
	CU_add_test(suite, "a header read fast is told as one read whole",
	    test_header_fast_path);
	CU_add_test(suite, "repair keeps the damage aside", test_repair);
	CU_add_test(suite, "batch writes a new log", test_batch_new);
	CU_add_test(suite, "batch appends to an existing log in place",
	    test_batch_append);
	CU_add_test(suite, "one writer at a time, named", test_lock);
	CU_add_test(suite, "a new log never replaces a file",
	    test_batch_no_replace);
	CU_add_test(suite, "two recorders at once: read in file order",
	    test_interleaved);
	CU_add_test(suite, "batch abort leaves the log untouched",
	    test_batch_abort);
}
