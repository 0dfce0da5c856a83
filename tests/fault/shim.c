/*
 * A storage-fault shim for the tests, loaded with LD_PRELOAD: it makes the
 * nth call of one kind (or every call from the nth on, until a control file
 * appears) fail with an errno, write short, or kill the process from inside
 * the call.  Only files under SHIM_PREFIX are touched, so the terminal,
 * libuv's own descriptors and everything else run as usual.  The easy thing
 * to get wrong: glibc's own stdio and mkstemp call the system internally,
 * not through these symbols, so mkstemp and friends are wrapped here too,
 * and stdio's writes are reached only at fflush and fclose.
 *
 *   SHIM_PREFIX=DIR     only paths starting with DIR are faulted or counted
 *   SHIM_CALL=KIND      write (write, pwrite, fflush, fclose of a FILE open
 *                       for writing), fsync (fsync, fdatasync), rename
 *                       (rename, renameat, renameat2, link), open (open,
 *                       openat, creat, mkstemp, mkostemp, mkstemps), ftruncate,
 *                       close
 *   SHIM_NTH=N          the Nth call of that kind under the prefix (from 1)
 *   SHIM_FROM=1         every call from the Nth on ("disk full until cleared")
 *   SHIM_ERRNO=E        ENOSPC, EIO, EINTR, or "short": the first call faulted
 *                       writes half its bytes and returns that (with
 *                       SHIM_FROM, the calls after it fail with ENOSPC, as on
 *                       a disk that filled)
 *   SHIM_KILL=WHEN      instead of failing, SIGKILL from inside the call:
 *                       "before" the real call, "after" it, or (write only)
 *                       "mid": after writing half the bytes
 *   SHIM_CLEAR=FILE     while FILE exists nothing is faulted (calls are still
 *                       counted): with SHIM_NTH=1 SHIM_FROM=1 a test fails
 *                       the disk by removing FILE and clears it by creating it
 *   SHIM_LOG=FILE       one line appended for each fault injected
 *   SHIM_COUNT=FILE     at exit, "KIND N" appended for each kind called
 */
#define _GNU_SOURCE
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/types.h>

#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdio_ext.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

enum shim_kind {
	SHIM_WRITE,
	SHIM_FSYNC,
	SHIM_RENAME,
	SHIM_OPEN,
	SHIM_FTRUNCATE,
	SHIM_CLOSE,
	SHIM_NKINDS
};

static const char *const shim_names[SHIM_NKINDS] = {
	"write", "fsync", "rename", "open", "ftruncate", "close"
};

enum shim_action {
	SHIM_PASS,		/* call through */
	SHIM_FAIL,		/* return -1 with shim_errno */
	SHIM_SHORT,		/* write half (write kinds) */
	SHIM_KILL_BEFORE,
	SHIM_KILL_AFTER,
	SHIM_KILL_MID
};

static const char	*shim_prefix;
static size_t		 shim_prefix_len;
static int		 shim_kind = -1;
static unsigned long	 shim_nth;
static int		 shim_from;
static int		 shim_errno = EIO;
static int		 shim_short;
static int		 shim_shorted;	/* the short write was made */
static int		 shim_kill;	/* 0, or an enum shim_action kill */
static const char	*shim_clear;
static const char	*shim_log;
static const char	*shim_count;
static unsigned long	 shim_calls[SHIM_NKINDS];
static int		 shim_ready;

static ssize_t	(*real_write)(int, const void *, size_t);
static ssize_t	(*real_pwrite)(int, const void *, size_t, off_t);
static ssize_t	(*real_pwrite64)(int, const void *, size_t, off_t);
static int	(*real_fsync)(int);
static int	(*real_fdatasync)(int);
static int	(*real_rename)(const char *, const char *);
static int	(*real_renameat)(int, const char *, int, const char *);
static int	(*real_renameat2)(int, const char *, int, const char *,
		    unsigned);
static int	(*real_link)(const char *, const char *);
static int	(*real_open)(const char *, int, ...);
static int	(*real_open64)(const char *, int, ...);
static int	(*real_openat)(int, const char *, int, ...);
static int	(*real_openat64)(int, const char *, int, ...);
static int	(*real_creat)(const char *, mode_t);
static int	(*real_mkstemp)(char *);
static int	(*real_mkostemp)(char *, int);
static int	(*real_mkstemps)(char *, int);
static int	(*real_ftruncate)(int, off_t);
static int	(*real_ftruncate64)(int, off_t);
static int	(*real_close)(int);
static int	(*real_fflush)(FILE *);
static int	(*real_fclose)(FILE *);

static void
shim_resolve(void)
{
	real_write = dlsym(RTLD_NEXT, "write");
	real_pwrite = dlsym(RTLD_NEXT, "pwrite");
	real_pwrite64 = dlsym(RTLD_NEXT, "pwrite64");
	real_fsync = dlsym(RTLD_NEXT, "fsync");
	real_fdatasync = dlsym(RTLD_NEXT, "fdatasync");
	real_rename = dlsym(RTLD_NEXT, "rename");
	real_renameat = dlsym(RTLD_NEXT, "renameat");
	real_renameat2 = dlsym(RTLD_NEXT, "renameat2");
	real_link = dlsym(RTLD_NEXT, "link");
	real_open = dlsym(RTLD_NEXT, "open");
	real_open64 = dlsym(RTLD_NEXT, "open64");
	real_openat = dlsym(RTLD_NEXT, "openat");
	real_openat64 = dlsym(RTLD_NEXT, "openat64");
	real_creat = dlsym(RTLD_NEXT, "creat");
	real_mkstemp = dlsym(RTLD_NEXT, "mkstemp");
	real_mkostemp = dlsym(RTLD_NEXT, "mkostemp");
	real_mkstemps = dlsym(RTLD_NEXT, "mkstemps");
	real_ftruncate = dlsym(RTLD_NEXT, "ftruncate");
	real_ftruncate64 = dlsym(RTLD_NEXT, "ftruncate64");
	real_close = dlsym(RTLD_NEXT, "close");
	real_fflush = dlsym(RTLD_NEXT, "fflush");
	real_fclose = dlsym(RTLD_NEXT, "fclose");
}

__attribute__((constructor)) static void
shim_init(void)
{
	const char	*s;
	int		 i;

	shim_resolve();
	if ((s = getenv("SHIM_PREFIX")) != NULL && *s != '\0') {
		shim_prefix = s;
		shim_prefix_len = strlen(s);
	}
	if ((s = getenv("SHIM_CALL")) != NULL) {
		for (i = 0; i < SHIM_NKINDS; i++)
			if (strcmp(s, shim_names[i]) == 0)
				shim_kind = i;
	}
	if ((s = getenv("SHIM_NTH")) != NULL)
		shim_nth = strtoul(s, NULL, 10);
	shim_from = (s = getenv("SHIM_FROM")) != NULL && *s == '1';
	if ((s = getenv("SHIM_ERRNO")) != NULL) {
		if (strcmp(s, "ENOSPC") == 0)
			shim_errno = ENOSPC;
		else if (strcmp(s, "EIO") == 0)
			shim_errno = EIO;
		else if (strcmp(s, "EINTR") == 0)
			shim_errno = EINTR;
		else if (strcmp(s, "short") == 0) {
			shim_short = 1;
			shim_errno = ENOSPC;
		}
	}
	if ((s = getenv("SHIM_KILL")) != NULL) {
		if (strcmp(s, "before") == 0)
			shim_kill = SHIM_KILL_BEFORE;
		else if (strcmp(s, "after") == 0)
			shim_kill = SHIM_KILL_AFTER;
		else if (strcmp(s, "mid") == 0)
			shim_kill = SHIM_KILL_MID;
	}
	shim_clear = getenv("SHIM_CLEAR");
	shim_log = getenv("SHIM_LOG");
	shim_count = getenv("SHIM_COUNT");
	shim_ready = 1;
}

/* Appends a line to file with raw system calls (never through the shim). */
static void
shim_append(const char *file, const char *line)
{
	int	fd;

	fd = (int)syscall(SYS_openat, AT_FDCWD, file,
	    O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
	if (fd < 0)
		return;
	syscall(SYS_write, fd, line, strlen(line));
	syscall(SYS_close, fd);
}

__attribute__((destructor)) static void
shim_fini(void)
{
	char	line[64];
	int	i;

	if (shim_count == NULL)
		return;
	for (i = 0; i < SHIM_NKINDS; i++) {
		snprintf(line, sizeof line, "%s %lu\n", shim_names[i],
		    __atomic_load_n(&shim_calls[i], __ATOMIC_SEQ_CST));
		shim_append(shim_count, line);
	}
}

/* Whether path (absolute, or relative to dirfd or the working directory)
 * lies under the prefix. */
static int
shim_path_in(int dirfd, const char *path)
{
	char	base[PATH_MAX], full[PATH_MAX * 2 + 2], link[64];
	ssize_t	n;

	if (shim_prefix == NULL || path == NULL)
		return 0;
	if (path[0] == '/')
		return strncmp(path, shim_prefix, shim_prefix_len) == 0;
	if (dirfd == AT_FDCWD) {
		if (getcwd(base, sizeof base) == NULL)
			return 0;
	} else {
		snprintf(link, sizeof link, "/proc/self/fd/%d", dirfd);
		if ((n = readlink(link, base, sizeof base - 1)) < 0)
			return 0;
		base[n] = '\0';
	}
	snprintf(full, sizeof full, "%s/%s", base, path);
	return strncmp(full, shim_prefix, shim_prefix_len) == 0;
}

/* Whether the file open on fd lies under the prefix. */
static int
shim_fd_in(int fd)
{
	char	link[64], path[PATH_MAX];
	ssize_t	n;

	if (shim_prefix == NULL || fd < 0)
		return 0;
	snprintf(link, sizeof link, "/proc/self/fd/%d", fd);
	if ((n = readlink(link, path, sizeof path - 1)) < 0)
		return 0;
	path[n] = '\0';
	return strncmp(path, shim_prefix, shim_prefix_len) == 0;
}

static const char *
shim_errno_name(void)
{
	switch (shim_errno) {
	case ENOSPC:
		return "ENOSPC";
	case EINTR:
		return "EINTR";
	default:
		return "EIO";
	}
}

/* Counts a call of kind under the prefix and says what to do with it. */
static enum shim_action
shim_decide(enum shim_kind kind, const char *what)
{
	unsigned long	n;
	char		line[PATH_MAX + 128];
	int		hit, is_short;

	n = __atomic_add_fetch(&shim_calls[kind], 1, __ATOMIC_SEQ_CST);
	if ((int)kind != shim_kind || shim_nth == 0)
		return SHIM_PASS;
	hit = shim_from ? n >= shim_nth : n == shim_nth;
	if (!hit)
		return SHIM_PASS;
	if (shim_clear != NULL && access(shim_clear, F_OK) == 0)
		return SHIM_PASS;
	is_short = shim_short && kind == SHIM_WRITE &&
	    !__atomic_exchange_n(&shim_shorted, 1, __ATOMIC_SEQ_CST);
	if (shim_log != NULL) {
		snprintf(line, sizeof line, "%s %lu %s %s\n", shim_names[kind],
		    n, shim_kill ? "SIGKILL" : is_short ? "short" :
		    shim_errno_name(), what);
		shim_append(shim_log, line);
	}
	if (shim_kill != 0)
		return (enum shim_action)shim_kill;
	return is_short ? SHIM_SHORT : SHIM_FAIL;
}

static enum shim_action
shim_fd_decide(enum shim_kind kind, int fd)
{
	char	link[64], path[PATH_MAX];
	ssize_t	n;

	if (!shim_ready || !shim_fd_in(fd))
		return SHIM_PASS;
	snprintf(link, sizeof link, "/proc/self/fd/%d", fd);
	if ((n = readlink(link, path, sizeof path - 1)) < 0)
		n = 0;
	path[n] = '\0';
	return shim_decide(kind, path);
}

static void
shim_die(void)
{
	kill(getpid(), SIGKILL);
	for (;;)
		pause();
}

static int
shim_fail(void)
{
	errno = shim_errno;
	return -1;
}

/* ---- write ---- */

static ssize_t
shim_write_common(int fd, const void *buf, size_t len, off_t at, int pos)
{
	enum shim_action	a = shim_fd_decide(SHIM_WRITE, fd);
	ssize_t			n;
	size_t			half = len > 1 ? len / 2 : len;

#define DO_WRITE(l) (pos ? real_pwrite(fd, buf, (l), at) : \
	real_write(fd, buf, (l)))
	switch (a) {
	case SHIM_PASS:
		return DO_WRITE(len);
	case SHIM_FAIL:
		return shim_fail();
	case SHIM_SHORT:
		return DO_WRITE(half);
	case SHIM_KILL_BEFORE:
		shim_die();
		break;
	case SHIM_KILL_MID:
		DO_WRITE(half);
		shim_die();
		break;
	case SHIM_KILL_AFTER:
		n = DO_WRITE(len);
		(void)n;
		shim_die();
		break;
	}
#undef DO_WRITE
	return -1;
}

ssize_t
write(int fd, const void *buf, size_t len)
{
	if (real_write == NULL)
		shim_resolve();
	return shim_write_common(fd, buf, len, 0, 0);
}

ssize_t
pwrite(int fd, const void *buf, size_t len, off_t at)
{
	if (real_pwrite == NULL)
		shim_resolve();
	return shim_write_common(fd, buf, len, at, 1);
}

ssize_t
pwrite64(int fd, const void *buf, size_t len, off_t at)
{
	if (real_pwrite64 == NULL)
		shim_resolve();
	if (shim_fd_in(fd))
		return shim_write_common(fd, buf, len, at, 1);
	return real_pwrite64(fd, buf, len, at);
}

/* stdio writes through glibc's internal write: faults reach it when the
 * stream is flushed (fflush, fclose) with its buffer still to write. */
static int
shim_stdio_decide(FILE *f)
{
	int	fd, flags;

	if (f == NULL || !shim_ready)
		return SHIM_PASS;
	fd = fileno(f);
	if (fd < 0 || (flags = fcntl(fd, F_GETFL)) == -1 ||
	    (flags & O_ACCMODE) == O_RDONLY)
		return SHIM_PASS;
	return shim_fd_decide(SHIM_WRITE, fd);
}

int
fflush(FILE *f)
{
	enum shim_action	a;

	if (real_fflush == NULL)
		shim_resolve();
	a = shim_stdio_decide(f);
	if (a == SHIM_FAIL || a == SHIM_SHORT)
		return shim_fail();
	if (a == SHIM_KILL_BEFORE || a == SHIM_KILL_MID)
		shim_die();
	if (a == SHIM_KILL_AFTER) {
		real_fflush(f);
		shim_die();
	}
	return real_fflush(f);
}

int
fclose(FILE *f)
{
	enum shim_action	a;

	if (real_fclose == NULL)
		shim_resolve();
	a = shim_stdio_decide(f);
	if (a == SHIM_FAIL || a == SHIM_SHORT) {
		/* The buffer is lost, as when the disk refuses it; the
		 * descriptor is closed all the same. */
		__fpurge(f);
		real_fclose(f);
		return shim_fail();
	}
	if (a == SHIM_KILL_BEFORE || a == SHIM_KILL_MID)
		shim_die();
	if (a == SHIM_KILL_AFTER) {
		real_fclose(f);
		shim_die();
	}
	return real_fclose(f);
}

/* ---- fsync ---- */

static int
shim_sync_common(int fd, int (*real)(int))
{
	enum shim_action	a = shim_fd_decide(SHIM_FSYNC, fd);

	switch (a) {
	case SHIM_PASS:
		return real(fd);
	case SHIM_FAIL:
	case SHIM_SHORT:
		return shim_fail();
	case SHIM_KILL_BEFORE:
	case SHIM_KILL_MID:
		shim_die();
		break;
	case SHIM_KILL_AFTER:
		real(fd);
		shim_die();
		break;
	}
	return -1;
}

int
fsync(int fd)
{
	if (real_fsync == NULL)
		shim_resolve();
	return shim_sync_common(fd, real_fsync);
}

int
fdatasync(int fd)
{
	if (real_fdatasync == NULL)
		shim_resolve();
	return shim_sync_common(fd, real_fdatasync);
}

/* ---- ftruncate, close ---- */

static int
shim_ftruncate_common(int fd, off_t len, int (*real)(int, off_t))
{
	enum shim_action	a = shim_fd_decide(SHIM_FTRUNCATE, fd);

	if (a == SHIM_PASS)
		return real(fd, len);
	if (a == SHIM_FAIL || a == SHIM_SHORT)
		return shim_fail();
	if (a == SHIM_KILL_AFTER)
		real(fd, len);
	shim_die();
	return -1;
}

int
ftruncate(int fd, off_t len)
{
	if (real_ftruncate == NULL)
		shim_resolve();
	return shim_ftruncate_common(fd, len, real_ftruncate);
}

int
ftruncate64(int fd, off_t len)
{
	if (real_ftruncate64 == NULL)
		shim_resolve();
	return shim_ftruncate_common(fd, len, real_ftruncate64);
}

int
close(int fd)
{
	enum shim_action	a;

	if (real_close == NULL)
		shim_resolve();
	a = shim_fd_decide(SHIM_CLOSE, fd);
	if (a == SHIM_PASS)
		return real_close(fd);
	/* As Linux does: the descriptor is closed even when close fails. */
	real_close(fd);
	if (a == SHIM_FAIL || a == SHIM_SHORT)
		return shim_fail();
	shim_die();
	return -1;
}

/* ---- rename ---- */

static enum shim_action
shim_path_decide(enum shim_kind kind, int dirfd, const char *a,
    const char *b)
{
	if (!shim_ready)
		return SHIM_PASS;
	if (shim_path_in(dirfd, a))
		return shim_decide(kind, a);
	if (b != NULL && shim_path_in(dirfd, b))
		return shim_decide(kind, b);
	return SHIM_PASS;
}

#define SHIM_PATH_CALL(kind, dirfd, a, b, call) do {			\
	enum shim_action act = shim_path_decide(kind, dirfd, a, b);	\
	int ret;							\
									\
	if (act == SHIM_PASS)						\
		return call;						\
	if (act == SHIM_FAIL || act == SHIM_SHORT)			\
		return shim_fail();					\
	if (act == SHIM_KILL_AFTER) {					\
		ret = call;						\
		(void)ret;						\
	}								\
	shim_die();							\
	return -1;							\
} while (0)

int
rename(const char *from, const char *to)
{
	if (real_rename == NULL)
		shim_resolve();
	SHIM_PATH_CALL(SHIM_RENAME, AT_FDCWD, from, to, real_rename(from, to));
}

int
renameat(int fromfd, const char *from, int tofd, const char *to)
{
	if (real_renameat == NULL)
		shim_resolve();
	SHIM_PATH_CALL(SHIM_RENAME, fromfd, from, NULL,
	    real_renameat(fromfd, from, tofd, to));
}

int
renameat2(int fromfd, const char *from, int tofd, const char *to,
    unsigned flags)
{
	if (real_renameat2 == NULL)
		shim_resolve();
	SHIM_PATH_CALL(SHIM_RENAME, fromfd, from, NULL,
	    real_renameat2(fromfd, from, tofd, to, flags));
}

int
link(const char *from, const char *to)
{
	if (real_link == NULL)
		shim_resolve();
	SHIM_PATH_CALL(SHIM_RENAME, AT_FDCWD, from, to, real_link(from, to));
}

/* ---- open ---- */

static mode_t
shim_mode(int flags, va_list ap)
{
	if ((flags & O_CREAT) || (flags & O_TMPFILE) == O_TMPFILE)
		return (mode_t)va_arg(ap, int);
	return 0;
}

int
open(const char *path, int flags, ...)
{
	va_list	ap;
	mode_t	mode;

	if (real_open == NULL)
		shim_resolve();
	va_start(ap, flags);
	mode = shim_mode(flags, ap);
	va_end(ap);
	SHIM_PATH_CALL(SHIM_OPEN, AT_FDCWD, path, NULL,
	    real_open(path, flags, mode));
}

int
open64(const char *path, int flags, ...)
{
	va_list	ap;
	mode_t	mode;

	if (real_open64 == NULL)
		shim_resolve();
	va_start(ap, flags);
	mode = shim_mode(flags, ap);
	va_end(ap);
	SHIM_PATH_CALL(SHIM_OPEN, AT_FDCWD, path, NULL,
	    real_open64(path, flags, mode));
}

int
openat(int dirfd, const char *path, int flags, ...)
{
	va_list	ap;
	mode_t	mode;

	if (real_openat == NULL)
		shim_resolve();
	va_start(ap, flags);
	mode = shim_mode(flags, ap);
	va_end(ap);
	SHIM_PATH_CALL(SHIM_OPEN, dirfd, path, NULL,
	    real_openat(dirfd, path, flags, mode));
}

int
openat64(int dirfd, const char *path, int flags, ...)
{
	va_list	ap;
	mode_t	mode;

	if (real_openat64 == NULL)
		shim_resolve();
	va_start(ap, flags);
	mode = shim_mode(flags, ap);
	va_end(ap);
	SHIM_PATH_CALL(SHIM_OPEN, dirfd, path, NULL,
	    real_openat64(dirfd, path, flags, mode));
}

int
creat(const char *path, mode_t mode)
{
	if (real_creat == NULL)
		shim_resolve();
	SHIM_PATH_CALL(SHIM_OPEN, AT_FDCWD, path, NULL,
	    real_creat(path, mode));
}

int
mkstemp(char *tmpl)
{
	if (real_mkstemp == NULL)
		shim_resolve();
	SHIM_PATH_CALL(SHIM_OPEN, AT_FDCWD, tmpl, NULL, real_mkstemp(tmpl));
}

int
mkostemp(char *tmpl, int flags)
{
	if (real_mkostemp == NULL)
		shim_resolve();
	SHIM_PATH_CALL(SHIM_OPEN, AT_FDCWD, tmpl, NULL,
	    real_mkostemp(tmpl, flags));
}

int
mkstemps(char *tmpl, int suffixlen)
{
	if (real_mkstemps == NULL)
		shim_resolve();
	SHIM_PATH_CALL(SHIM_OPEN, AT_FDCWD, tmpl, NULL,
	    real_mkstemps(tmpl, suffixlen));
}
