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
 *   rename FROM TO        rename, renameat, renameat2 (link traced as rename
 *                         where the old name is unlinked after it)
 *   link FROM TO, unlink PATH, mkdir PATH
 *   mark TEXT             written by the harness (TRACE_MARK_FD is not used:
 *                         the harness appends to TRACE_FILE itself)
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

static ssize_t	(*real_write)(int, const void *, size_t);
static ssize_t	(*real_pwrite)(int, const void *, size_t, off_t);
static int	(*real_fsync)(int);
static int	(*real_fdatasync)(int);
static int	(*real_rename)(const char *, const char *);
static int	(*real_renameat)(int, const char *, int, const char *);
static int	(*real_renameat2)(int, const char *, int, const char *,
		    unsigned);
static int	(*real_link)(const char *, const char *);
static int	(*real_unlink)(const char *);
static int	(*real_mkdir)(const char *, mode_t);
static int	(*real_open)(const char *, int, ...);
static int	(*real_openat)(int, const char *, int, ...);
static int	(*real_mkstemp)(char *);
static int	(*real_ftruncate)(int, off_t);
static int	(*real_fflush)(FILE *);
static int	(*real_fclose)(FILE *);

static void
tr_resolve(void)
{
	real_write = dlsym(RTLD_NEXT, "write");
	real_pwrite = dlsym(RTLD_NEXT, "pwrite");
	real_fsync = dlsym(RTLD_NEXT, "fsync");
	real_fdatasync = dlsym(RTLD_NEXT, "fdatasync");
	real_rename = dlsym(RTLD_NEXT, "rename");
	real_renameat = dlsym(RTLD_NEXT, "renameat");
	real_renameat2 = dlsym(RTLD_NEXT, "renameat2");
	real_link = dlsym(RTLD_NEXT, "link");
	real_unlink = dlsym(RTLD_NEXT, "unlink");
	real_mkdir = dlsym(RTLD_NEXT, "mkdir");
	real_open = dlsym(RTLD_NEXT, "open");
	real_openat = dlsym(RTLD_NEXT, "openat");
	real_mkstemp = dlsym(RTLD_NEXT, "mkstemp");
	real_ftruncate = dlsym(RTLD_NEXT, "ftruncate");
	real_fflush = dlsym(RTLD_NEXT, "fflush");
	real_fclose = dlsym(RTLD_NEXT, "fclose");
}

__attribute__((constructor)) static void
tr_init(void)
{
	const char	*s;

	tr_resolve();
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

	if (real_write == NULL)
		tr_resolve();
	n = real_write(fd, buf, len);
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

	if (real_pwrite == NULL)
		tr_resolve();
	n = real_pwrite(fd, buf, len, at);
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

int
fsync(int fd)
{
	int	r;

	if (real_fsync == NULL)
		tr_resolve();
	if ((r = real_fsync(fd)) == 0)
		tr_sync_event(fd);
	return r;
}

int
fdatasync(int fd)
{
	int	r;

	if (real_fdatasync == NULL)
		tr_resolve();
	if ((r = real_fdatasync(fd)) == 0)
		tr_sync_event(fd);
	return r;
}

int
ftruncate(int fd, off_t len)
{
	char	path[PATH_MAX];
	int	r;

	if (real_ftruncate == NULL)
		tr_resolve();
	if ((r = real_ftruncate(fd, len)) == 0 &&
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

	if (real_fflush == NULL)
		tr_resolve();
	r = real_fflush(f);
	if (r == 0)
		tr_stdio_event(f);
	return r;
}

int
fclose(FILE *f)
{
	int	fd;

	if (real_fclose == NULL)
		tr_resolve();
	if (f != NULL && real_fflush(f) == 0)
		tr_stdio_event(f);
	if (f != NULL && (fd = fileno(f)) >= 0 && fd < 1024)
		tr_stdio_len[fd] = 0;
	return real_fclose(f);
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

int
open(const char *path, int flags, ...)
{
	va_list	ap;
	mode_t	mode = 0;
	int	fd;

	if (real_open == NULL)
		tr_resolve();
	if (flags & O_CREAT) {
		va_start(ap, flags);
		mode = (mode_t)va_arg(ap, int);
		va_end(ap);
	}
	fd = real_open(path, flags, mode);
	tr_open_event(fd, flags);
	return fd;
}

int open64(const char *, int, ...) __attribute__((alias("open")));

int
openat(int dirfd, const char *path, int flags, ...)
{
	va_list	ap;
	mode_t	mode = 0;
	int	fd;

	if (real_openat == NULL)
		tr_resolve();
	if (flags & O_CREAT) {
		va_start(ap, flags);
		mode = (mode_t)va_arg(ap, int);
		va_end(ap);
	}
	fd = real_openat(dirfd, path, flags, mode);
	tr_open_event(fd, flags);
	return fd;
}

int openat64(int, const char *, int, ...) __attribute__((alias("openat")));

int
mkstemp(char *tmpl)
{
	int	fd;

	if (real_mkstemp == NULL)
		tr_resolve();
	fd = real_mkstemp(tmpl);
	tr_open_event(fd, O_CREAT);
	return fd;
}

static void
tr_path2(const char *kind, const char *a, const char *b)
{
	char	fa[PATH_MAX], fb[PATH_MAX];

	tr_abs(a, fa, sizeof fa);
	tr_abs(b, fb, sizeof fb);
	if (tr_under(fa) || tr_under(fb))
		tr_line("%s %s %s\n", kind, fa, fb);
}

static void
tr_path1(const char *kind, const char *a)
{
	char	fa[PATH_MAX];

	tr_abs(a, fa, sizeof fa);
	if (tr_under(fa))
		tr_line("%s %s\n", kind, fa);
}

int
rename(const char *from, const char *to)
{
	int	r;

	if (real_rename == NULL)
		tr_resolve();
	if ((r = real_rename(from, to)) == 0)
		tr_path2("rename", from, to);
	return r;
}

/* The writers pass AT_FDCWD; other directory descriptors are not traced. */
int
renameat(int fromfd, const char *from, int tofd, const char *to)
{
	int	r;

	if (real_renameat == NULL)
		tr_resolve();
	if ((r = real_renameat(fromfd, from, tofd, to)) == 0 &&
	    fromfd == AT_FDCWD && tofd == AT_FDCWD)
		tr_path2("rename", from, to);
	return r;
}

int
renameat2(int fromfd, const char *from, int tofd, const char *to,
    unsigned flags)
{
	int	r;

	if (real_renameat2 == NULL)
		tr_resolve();
	if ((r = real_renameat2(fromfd, from, tofd, to, flags)) == 0 &&
	    fromfd == AT_FDCWD && tofd == AT_FDCWD)
		tr_path2("rename", from, to);
	return r;
}

int
link(const char *from, const char *to)
{
	int	r;

	if (real_link == NULL)
		tr_resolve();
	if ((r = real_link(from, to)) == 0)
		tr_path2("link", from, to);
	return r;
}

int
unlink(const char *path)
{
	int	r;

	if (real_unlink == NULL)
		tr_resolve();
	if ((r = real_unlink(path)) == 0)
		tr_path1("unlink", path);
	return r;
}

int
mkdir(const char *path, mode_t mode)
{
	int	r;

	if (real_mkdir == NULL)
		tr_resolve();
	if ((r = real_mkdir(path, mode)) == 0)
		tr_path1("mkdir", path);
	return r;
}
