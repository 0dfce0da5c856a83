/*
 * A system-call tracer for the crash-state explorer, loaded with LD_PRELOAD:
 * for files under TRACE_PREFIX it appends to TRACE_FILE one line per call
 * that changes what a power cut could leave on disk (explore.py replays
 * them).  Each line is "KIND ARGS", paths absolute, bytes in hex:
 *
 *   creat PATH            open with O_CREAT made the name (or mkstemp)
 *   trunc PATH LEN        O_TRUNC (LEN 0) or ftruncate
 *   write PATH OFF HEX    write or pwrite, at the offset the bytes went to
 *   fsync PATH            fsync or fdatasync of a file
 *   dsync DIR             fsync of a directory
 *   rename FROM TO        rename, renameat, renameat2 (the writers pass
 *                         AT_FDCWD; other directory descriptors are not
 *                         traced)
 *   link FROM TO, unlink PATH, mkdir PATH
 *
 * The harness appends its own "mark confirmed N" lines to TRACE_FILE when
 * the screen (or a run's exit) confirms N records: the shim's lines for
 * the calls before are already there.
 *
 * As in tests/fault/shim.c, glibc's stdio writes through its own internal
 * write, so a FILE's bytes are reached at fflush and fclose: there the
 * whole file is traced as one write at offset 0.
 */
#define _GNU_SOURCE
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/types.h>

#include <dlfcn.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char	*tr_prefix;
static size_t		 tr_prefix_len;
static const char	*tr_file;
static off_t		 tr_stdio_len[1024];	/* traced so far, by fd */

/* The libc function under a wrapper, looked up at its first call. */
#define TR_REAL(name) (__extension__ ({					\
	static __typeof__(&name) real_;					\
	if (real_ == NULL)						\
		real_ = (__typeof__(&name))dlsym(RTLD_NEXT, #name);	\
	real_;								\
}))

__attribute__((constructor)) static void
tr_init(void)
{
	const char	*s;

	if ((s = getenv("TRACE_PREFIX")) != NULL && *s != '\0') {
		tr_prefix = s;
		tr_prefix_len = strlen(s);
	}
	tr_file = getenv("TRACE_FILE");
}

/* Appends one line with raw system calls (O_APPEND: whole lines, in the
 * order the calls returned). */
static void
tr_emit(const char *line, size_t len)
{
	int	fd;

	if (tr_file == NULL)
		return;
	fd = (int)syscall(SYS_openat, AT_FDCWD, tr_file,
	    O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
	if (fd < 0)
		return;
	syscall(SYS_write, fd, line, len);
	syscall(SYS_close, fd);
}

static void
tr_line(const char *fmt, ...)
{
	char	line[3 * PATH_MAX];
	va_list	ap;
	int	n;

	va_start(ap, fmt);
	n = vsnprintf(line, sizeof line, fmt, ap);
	va_end(ap);
	if (n > 0 && (size_t)n < sizeof line)
		tr_emit(line, (size_t)n);
}

static int
tr_under(const char *full)
{
	return tr_prefix != NULL &&
	    strncmp(full, tr_prefix, tr_prefix_len) == 0;
}

/* The absolute path open on fd, or 0 when it is not under the prefix. */
static int
tr_fd_path(int fd, char *path, size_t size)
{
	char	link[64];
	ssize_t	n;

	if (tr_prefix == NULL || fd < 0)
		return 0;
	snprintf(link, sizeof link, "/proc/self/fd/%d", fd);
	if ((n = readlink(link, path, size - 1)) < 0)
		return 0;
	path[n] = '\0';
	return tr_under(path);
}

/* path made absolute (relative to the working directory). */
static void
tr_abs(const char *path, char *full, size_t size)
{
	char	cwd[PATH_MAX / 2];

	if (path[0] == '/' || getcwd(cwd, sizeof cwd) == NULL)
		snprintf(full, size, "%s", path);
	else
		snprintf(full, size, "%s/%s", cwd, path);
}

static void
tr_write_event(const char *path, off_t at, const void *buf, size_t len)
{
	static const char	 hex[] = "0123456789abcdef";
	const unsigned char	*p = buf;
	char			*line;
	size_t			 n, i;

	n = strlen(path) + 2 * len + 64;
	if ((line = malloc(n)) == NULL)
		return;
	i = (size_t)snprintf(line, n, "write %s %lld ", path, (long long)at);
	for (size_t k = 0; k < len; k++) {
		line[i++] = hex[p[k] >> 4];
		line[i++] = hex[p[k] & 15];
	}
	line[i++] = '\n';
	tr_emit(line, i);
	free(line);
}

ssize_t
write(int fd, const void *buf, size_t len)
{
	char	path[PATH_MAX];
	ssize_t	n;
	off_t	end;

	n = TR_REAL(write)(fd, buf, len);
	if (n > 0 && tr_fd_path(fd, path, sizeof path) &&
	    (end = lseek(fd, 0, SEEK_CUR)) != -1)
		tr_write_event(path, end - n, buf, (size_t)n);
	return n;
}

ssize_t
pwrite(int fd, const void *buf, size_t len, off_t at)
{
	char	path[PATH_MAX];
	ssize_t	n;

	n = TR_REAL(pwrite)(fd, buf, len, at);
	if (n > 0 && tr_fd_path(fd, path, sizeof path))
		tr_write_event(path, at, buf, (size_t)n);
	return n;
}

ssize_t pwrite64(int, const void *, size_t, off_t)
    __attribute__((alias("pwrite")));

static void
tr_sync_event(int fd)
{
	char		path[PATH_MAX];
	struct stat	st;

	if (!tr_fd_path(fd, path, sizeof path) || fstat(fd, &st) != 0)
		return;
	tr_line("%s %s\n", S_ISDIR(st.st_mode) ? "dsync" : "fsync", path);
}

static int
tr_sync_common(int fd, int (*real)(int))
{
	int	r;

	if ((r = real(fd)) == 0)
		tr_sync_event(fd);
	return r;
}

int
fsync(int fd)
{
	return tr_sync_common(fd, TR_REAL(fsync));
}

int
fdatasync(int fd)
{
	return tr_sync_common(fd, TR_REAL(fdatasync));
}

int
ftruncate(int fd, off_t len)
{
	char	path[PATH_MAX];
	int	r;

	if ((r = TR_REAL(ftruncate)(fd, len)) == 0 &&
	    tr_fd_path(fd, path, sizeof path))
		tr_line("trunc %s %lld\n", path, (long long)len);
	return r;
}

int ftruncate64(int, off_t) __attribute__((alias("ftruncate")));

/* stdio: the file's whole content once its buffer reached the kernel. */
static void
tr_stdio_event(FILE *f)
{
	char		 path[PATH_MAX];
	struct stat	 st;
	char		*buf;
	int		 fd, flags;

	if (f == NULL || (fd = fileno(f)) < 0 ||
	    (flags = fcntl(fd, F_GETFL)) == -1 ||
	    (flags & O_ACCMODE) == O_RDONLY ||
	    !tr_fd_path(fd, path, sizeof path) || fstat(fd, &st) != 0 ||
	    !S_ISREG(st.st_mode) || st.st_size == 0)
		return;
	/* fclose after fflush: nothing new reached the kernel. */
	if (fd < 1024 && tr_stdio_len[fd] == st.st_size)
		return;
	if (fd < 1024)
		tr_stdio_len[fd] = st.st_size;
	if ((buf = malloc((size_t)st.st_size)) == NULL)
		return;
	if (pread(fd, buf, (size_t)st.st_size, 0) == st.st_size)
		tr_write_event(path, 0, buf, (size_t)st.st_size);
	free(buf);
}

int
fflush(FILE *f)
{
	int	r;

	r = TR_REAL(fflush)(f);
	if (r == 0)
		tr_stdio_event(f);
	return r;
}

int
fclose(FILE *f)
{
	int	fd;

	if (f != NULL && TR_REAL(fflush)(f) == 0)
		tr_stdio_event(f);
	if (f != NULL && (fd = fileno(f)) >= 0 && fd < 1024)
		tr_stdio_len[fd] = 0;
	return TR_REAL(fclose)(f);
}

/* ---- names ---- */

static void
tr_open_event(int fd, int flags)
{
	char	path[PATH_MAX];

	if (fd < 0 || !tr_fd_path(fd, path, sizeof path))
		return;
	if (flags & O_CREAT)
		tr_line("creat %s\n", path);
	if (flags & O_TRUNC)
		tr_line("trunc %s 0\n", path);
}

/* The mode argument of an open that creates (an int, as it is passed). */
#define TR_MODE(mode, flags) do {					\
	va_list	ap_;							\
									\
	if ((flags) & O_CREAT) {					\
		va_start(ap_, flags);					\
		mode = (mode_t)va_arg(ap_, int);			\
		va_end(ap_);						\
	}								\
} while (0)

int
open(const char *path, int flags, ...)
{
	mode_t	mode = 0;
	int	fd;

	TR_MODE(mode, flags);
	fd = TR_REAL(open)(path, flags, mode);
	tr_open_event(fd, flags);
	return fd;
}

int open64(const char *, int, ...) __attribute__((alias("open")));

int
openat(int dirfd, const char *path, int flags, ...)
{
	mode_t	mode = 0;
	int	fd;

	TR_MODE(mode, flags);
	fd = TR_REAL(openat)(dirfd, path, flags, mode);
	tr_open_event(fd, flags);
	return fd;
}

int openat64(int, const char *, int, ...) __attribute__((alias("openat")));

int
mkstemp(char *tmpl)
{
	int	fd;

	fd = TR_REAL(mkstemp)(tmpl);
	tr_open_event(fd, O_CREAT);
	return fd;
}

/* Traces a successful call (r == 0) naming paths a and b; returns r. */
static int
tr_path2(int r, const char *kind, const char *a, const char *b)
{
	char	fa[PATH_MAX], fb[PATH_MAX];

	if (r != 0)
		return r;
	tr_abs(a, fa, sizeof fa);
	tr_abs(b, fb, sizeof fb);
	if (tr_under(fa) || tr_under(fb))
		tr_line("%s %s %s\n", kind, fa, fb);
	return r;
}

static int
tr_path1(int r, const char *kind, const char *a)
{
	char	fa[PATH_MAX];

	if (r != 0)
		return r;
	tr_abs(a, fa, sizeof fa);
	if (tr_under(fa))
		tr_line("%s %s\n", kind, fa);
	return r;
}

int
rename(const char *from, const char *to)
{
	return tr_path2(TR_REAL(rename)(from, to), "rename", from, to);
}

/* The writers pass AT_FDCWD: a rename relative to another directory
 * descriptor is made but not traced. */
int
renameat(int fromfd, const char *from, int tofd, const char *to)
{
	int	r = TR_REAL(renameat)(fromfd, from, tofd, to);

	if (fromfd != AT_FDCWD || tofd != AT_FDCWD)
		return r;
	return tr_path2(r, "rename", from, to);
}

int
renameat2(int fromfd, const char *from, int tofd, const char *to,
    unsigned flags)
{
	int	r = TR_REAL(renameat2)(fromfd, from, tofd, to, flags);

	if (fromfd != AT_FDCWD || tofd != AT_FDCWD)
		return r;
	return tr_path2(r, "rename", from, to);
}

int
link(const char *from, const char *to)
{
	return tr_path2(TR_REAL(link)(from, to), "link", from, to);
}

int
unlink(const char *path)
{
	return tr_path1(TR_REAL(unlink)(path), "unlink", path);
}

int
mkdir(const char *path, mode_t mode)
{
	return tr_path1(TR_REAL(mkdir)(path, mode), "mkdir", path);
}
