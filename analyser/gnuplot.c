/*
 * The gnuplot process runner and its scripts, whose strings are quoted by
 * the one gnuplot text policy (text_gnuplot).  Easy to get wrong: a spawn
 * that fails still leaves libuv handles to close, and writing to a gnuplot
 * that has ended raises SIGPIPE.
 */
#include <sys/stat.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "gnuplot.h"
#include "text.h"
#include "xmalloc.h"

#ifndef GNUPLOT_PATH
#define GNUPLOT_PATH		"gnuplot"
#endif
#ifndef PKGDATADIR
#define PKGDATADIR		"/usr/local/share/shadowlog"
#endif

#define GNUPLOT_ERROR_MAX	2000	/* bytes of gnuplot's stderr shown */
#define GNUPLOT_ERRORS		"gnuplot.err"
#define GNUPLOT_MARK		"shadowlog: drawing "
#define GNUPLOT_DONE		"shadowlog: done"
#define GNUPLOT_MISSING		"gnuplot is not installed " \
				"(apt-get install gnuplot-nox)"

/* ---- text ---- */

/* Appends n bytes to a growing NUL-terminated buffer. */
static void
gnuplot_put(char **buf, size_t *len, size_t *size, const char *s, size_t n)
{
	if (*len + n + 1 > *size) {
		while (*len + n + 1 > *size)
			*size = *size == 0 ? 64 : *size * 2;
		*buf = xrealloc(*buf, *size);
	}
	memcpy(*buf + *len, s, n);
	*len += n;
	(*buf)[*len] = '\0';
}

/* Broken bytes count as characters; text_gnuplot cleans them. */
char *
gnuplot_cut(const char *s, size_t max)
{
	const unsigned char	*p = (const unsigned char *)s;
	size_t			 left = strlen(s), n, used;

	for (used = 0; left > 0 && used < max; used++) {
		n = text_utf8_len(p, left);
		n = n == 0 ? 1 : n;
		p += n;
		left -= n;
	}
	if (left == 0)
		return xstrdup(s);
	return xasprintf("%.*s\xe2\x80\xa6", (int)((const char *)p - s), s);
}

/* ---- scripts ---- */

void
gnuplot_cmd(struct gnuplot_script *sc, const char *fmt, ...)
{
	va_list	 ap;
	char	*line;

	va_start(ap, fmt);
	line = xvasprintf(fmt, ap);
	va_end(ap);
	gnuplot_put(&sc->text, &sc->len, &sc->size, line, strlen(line));
	gnuplot_put(&sc->text, &sc->len, &sc->size, "\n", 1);
	free(line);
}

void
gnuplot_string(struct gnuplot_script *sc, const char *name,
    const char *value, size_t max)
{
	char	*q = text_gnuplot(value, max);

	gnuplot_cmd(sc, "%s=%s", name, q);
	free(q);
}

void
gnuplot_mark(struct gnuplot_script *sc, const char *chart)
{
	/* chart is one of the analyser's own names: letters only. */
	gnuplot_cmd(sc, "print '%s%s'", GNUPLOT_MARK, chart);
}

void
gnuplot_script_free(struct gnuplot_script *sc)
{
	free(sc->text);
	memset(sc, 0, sizeof *sc);
}

/* ---- where things are ---- */

int
gnuplot_uninstalled(void)
{
#if defined(ABS_TOP_BUILDDIR) && defined(ABS_TOP_SRCDIR)
	char	*exe, *top;
	size_t	 len;
	int	 in;

	if ((exe = realpath("/proc/self/exe", NULL)) == NULL)
		return 0;
	if ((top = realpath(ABS_TOP_BUILDDIR, NULL)) == NULL) {
		free(exe);
		return 0;
	}
	len = strlen(top);
	in = strncmp(exe, top, len) == 0 && exe[len] == '/';
	free(top);
	free(exe);
	return in;
#else
	return 0;
#endif
}

static const char *
gnuplot_scripts_dir(void)
{
	const char	*dir;

	dir = getenv("SHADOWLOG_PLOTS");
	if (dir != NULL && *dir != '\0')
		return dir;
#ifdef ABS_TOP_SRCDIR
	if (gnuplot_uninstalled())
		return ABS_TOP_SRCDIR "/plots";
#endif
	return PKGDATADIR "/plots";
}

char *
gnuplot_scripts(struct err *e)
{
	const char	*dir = gnuplot_scripts_dir();
	char		*real;

	if ((real = realpath(dir, NULL)) == NULL) {
		err_set(e, ERR_UNAVAILABLE, "the chart scripts are missing: "
		    "%s: %s (run 'make install', or set SHADOWLOG_PLOTS to "
		    "the plots folder of the source)", dir, strerror(errno));
		return NULL;
	}
	return real;
}

char *
gnuplot_dir_new(struct err *e)
{
	const char	*tmp = getenv("TMPDIR");
	char		*dir;

	if (tmp == NULL || *tmp == '\0')
		tmp = "/tmp";
	dir = xasprintf("%s/shadowlog-plot.XXXXXX", tmp);
	if (mkdtemp(dir) == NULL) {
		err_set(e, ERR_CANTCREAT, "%s", strerror(errno));
		err_file(e, dir);
		free(dir);
		return NULL;
	}
	return dir;
}

void
gnuplot_dir_remove(const char *dir)
{
	struct dirent	*de;
	DIR		*d;
	char		*path;

	if (dir == NULL || (d = opendir(dir)) == NULL)
		return;
	while ((de = readdir(d)) != NULL) {
		if (strcmp(de->d_name, ".") == 0 ||
		    strcmp(de->d_name, "..") == 0)
			continue;
		path = xasprintf("%s/%s", dir, de->d_name);
		unlink(path);
		free(path);
	}
	closedir(d);
	rmdir(dir);
}

/* ---- the process ---- */

static void
gnuplot_closed(uv_handle_t *h)
{
	struct gnuplot_proc	*gp = h->data;

	if (--gp->handles > 0)
		return;
	if (gp->on_exit != NULL)
		gp->on_exit(gp);
	gnuplot_dir_remove(gp->dir);
	free(gp->dir);
	gp->dir = NULL;
}

static void
gnuplot_exited(uv_process_t *p, int64_t status, int signal)
{
	struct gnuplot_proc	*gp = p->data;

	gp->status = status;
	gp->signal = signal;
	gp->live = 0;
	gnuplot_end(gp);
	uv_close((uv_handle_t *)p, gnuplot_closed);
}

static void
gnuplot_alloc(uv_handle_t *h, size_t hint, uv_buf_t *buf)
{
	struct gnuplot_proc	*gp = h->data;

	(void)hint;
	*buf = uv_buf_init(gp->buf, sizeof gp->buf);
}

/* Finds the mark in gnuplot's output, however it is cut into reads (the
 * mark's first letter is not met again in it). */
static void
gnuplot_read(uv_stream_t *s, ssize_t n, const uv_buf_t *buf)
{
	static const char	 mark[] = GNUPLOT_DONE "\n";
	struct gnuplot_proc	*gp = s->data;
	ssize_t			 i;

	if (n < 0) {
		uv_close((uv_handle_t *)s, gnuplot_closed);
		return;
	}
	for (i = 0; i < n; i++) {
		if (buf->base[i] == mark[gp->seen])
			gp->seen++;
		else
			gp->seen = buf->base[i] == mark[0];
		if (gp->seen == sizeof mark - 1) {
			gp->seen = 0;
			if (gp->on_done != NULL)
				gp->on_done(gp);
		}
	}
}

/* One try at starting prog; a failed spawn's handles are closed here. */
static int
gnuplot_spawn(uv_loop_t *loop, struct gnuplot_proc *gp, const char *prog,
    int infd)
{
	uv_process_options_t	opts;
	uv_stdio_container_t	stdio[3];
	char			*argv[3];
	int			rc;

	argv[0] = "gnuplot";
	argv[1] = "/dev/stdin";
	argv[2] = NULL;
	memset(&opts, 0, sizeof opts);
	if (uv_pipe_init(loop, &gp->out, 0) != 0)
		abort();
	gp->out.data = gp;
	stdio[0].flags = UV_INHERIT_FD;
	stdio[0].data.fd = infd;
	stdio[1].flags = UV_CREATE_PIPE | UV_WRITABLE_PIPE;
	stdio[1].data.stream = (uv_stream_t *)&gp->out;
	stdio[2].flags = UV_INHERIT_FD;
	stdio[2].data.fd = gp->err;
	opts.file = prog;
	opts.args = argv;
	opts.cwd = gp->dir;
	opts.stdio = stdio;
	opts.stdio_count = 3;
	opts.exit_cb = gnuplot_exited;
	gp->proc.data = gp;
	if ((rc = uv_spawn(loop, &gp->proc, &opts)) != 0) {
		uv_close((uv_handle_t *)&gp->proc, NULL);
		uv_close((uv_handle_t *)&gp->out, NULL);
		uv_run(loop, UV_RUN_NOWAIT);
	}
	return rc;
}

/* Makes gnuplot's directory, its standard error file (appended to, so
 * it can be emptied between sets) and the pipe to its standard input. */
static int
gnuplot_files(struct gnuplot_proc *gp, int pipefd[2], struct err *e)
{
	char	*path;

	if ((gp->dir = gnuplot_dir_new(e)) == NULL)
		return -1;
	path = xasprintf("%s/%s", gp->dir, GNUPLOT_ERRORS);
	gp->err = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_APPEND |
	    O_CLOEXEC, 0600);
	if (gp->err == -1 || pipe2(pipefd, O_CLOEXEC) != 0) {
		err_set(e, ERR_CANTCREAT, "%s", strerror(errno));
		err_file(e, path);
		free(path);
		if (gp->err != -1)
			close(gp->err);
		gnuplot_dir_remove(gp->dir);
		free(gp->dir);
		gp->dir = NULL;
		return -1;
	}
	free(path);
	return 0;
}

int
gnuplot_start(uv_loop_t *loop, struct gnuplot_proc *gp, struct err *e)
{
	const char	*prog;
	int		 pipefd[2], rc;

	prog = getenv("SHADOWLOG_GNUPLOT");
	if (prog == NULL || *prog == '\0')
		prog = GNUPLOT_PATH;
	gp->in = -1;
	gp->err = -1;
	gp->seen = 0;
	gp->status = 0;
	gp->signal = 0;
	if (gnuplot_files(gp, pipefd, e) != 0)
		return -1;
	rc = gnuplot_spawn(loop, gp, prog, pipefd[0]);
	if (rc != 0 && strcmp(prog, "gnuplot") != 0)
		rc = gnuplot_spawn(loop, gp, "gnuplot", pipefd[0]);
	close(pipefd[0]);
	if (rc != 0) {
		close(pipefd[1]);
		close(gp->err);
		gnuplot_dir_remove(gp->dir);
		free(gp->dir);
		gp->dir = NULL;
		if (rc == UV_ENOENT || rc == UV_EACCES || rc == -ENOEXEC)
			return err_set(e, ERR_UNAVAILABLE, "%s",
			    GNUPLOT_MISSING);
		return err_set(e, ERR_UNAVAILABLE, "cannot run gnuplot: %s",
		    uv_strerror(rc));
	}
	gp->in = pipefd[1];
	gp->live = 1;
	gp->handles = 2;
	if (uv_read_start((uv_stream_t *)&gp->out, gnuplot_alloc,
	    gnuplot_read) != 0) {
		/* No mark can be seen: it is ended at once. */
		uv_close((uv_handle_t *)&gp->out, gnuplot_closed);
		gnuplot_end(gp);
	}
	return 0;
}

/* Writes s whole to gnuplot's standard input.  SIGPIPE is held back for
 * the write (a gnuplot that has ended is seen by its exit, not by killing
 * the analyser) and one it raised is taken back. */
static void
gnuplot_send(struct gnuplot_proc *gp, const char *s)
{
	sigset_t	 pipe_set, old, pending;
	struct timespec	 now = { 0, 0 };
	size_t		 len = strlen(s);
	ssize_t		 n;
	int		 was_pending;

	if (gp->in == -1)
		return;
	sigemptyset(&pipe_set);
	sigaddset(&pipe_set, SIGPIPE);
	pthread_sigmask(SIG_BLOCK, &pipe_set, &old);
	sigpending(&pending);
	was_pending = sigismember(&pending, SIGPIPE);
	while (len > 0) {
		n = write(gp->in, s, len);
		if (n == -1 && errno == EINTR)
			continue;
		if (n <= 0) {
			if (errno == EPIPE && !was_pending)
				sigtimedwait(&pipe_set, NULL, &now);
			break;
		}
		s += n;
		len -= (size_t)n;
	}
	pthread_sigmask(SIG_SETMASK, &old, NULL);
}

void
gnuplot_run(struct gnuplot_proc *gp, const char *dir, const char *script)
{
	struct gnuplot_script	 sc = { 0 };
	int			 rc;

	/* Its standard error holds this set's messages only.  Should that
	 * fail, older ones come first, which is harmless: gnuplot_errors
	 * reads from the last chart's mark. */
	rc = ftruncate(gp->err, 0);
	(void)rc;
	gnuplot_cmd(&sc, "reset session");
	gnuplot_string(&sc, "shadowlog_dir", dir, PATH_MAX);
	gnuplot_cmd(&sc, "cd shadowlog_dir");
	gnuplot_string(&sc, "shadowlog_script", script, PATH_MAX);
	gnuplot_cmd(&sc, "load shadowlog_script");
	gnuplot_cmd(&sc, "set print '-'");
	gnuplot_cmd(&sc, "print '%s'", GNUPLOT_DONE);
	gnuplot_cmd(&sc, "set print");
	gnuplot_send(gp, sc.text);
	gnuplot_script_free(&sc);
}

int
gnuplot_silent(const struct gnuplot_proc *gp)
{
	struct stat	 sb;
	char		*path;
	int		 silent;

	path = xasprintf("%s/%s", gp->dir, GNUPLOT_ERRORS);
	silent = stat(path, &sb) == 0 && sb.st_size == 0;
	free(path);
	return silent;
}

void
gnuplot_end(struct gnuplot_proc *gp)
{
	if (gp->in != -1) {
		close(gp->in);
		gp->in = -1;
	}
	if (gp->err != -1) {
		close(gp->err);
		gp->err = -1;
	}
}

/* Reads the end of gnuplot's standard error (its error comes last, after
 * any warnings); *n bytes, the first line whole. */
static size_t
gnuplot_tail(const char *dir, char *buf, size_t size)
{
	char	*path;
	size_t	 n = 0, start = 0;
	long	 end;
	FILE	*f;

	path = xasprintf("%s/%s", dir, GNUPLOT_ERRORS);
	if ((f = fopen(path, "r")) != NULL) {
		if (fseek(f, 0, SEEK_END) == 0 && (end = ftell(f)) >
		    (long)size) {
			fseek(f, end - (long)size, SEEK_SET);
			start = 1;	/* the first line is cut: skip it */
		} else
			rewind(f);
		n = fread(buf, 1, size, f);
		fclose(f);
	}
	free(path);
	if (start) {
		while (start < n && buf[start - 1] != '\n')
			start++;
		memmove(buf, buf + start, n - start);
		n -= start;
	}
	return n;
}

void
gnuplot_errors(const char *dir, char **chart, char **messages)
{
	char	 buf[GNUPLOT_ERROR_MAX], *out = NULL, *line;
	size_t	 n, len = 0, size = 0, i, start = 0, mlen;

	*chart = NULL;
	n = gnuplot_tail(dir, buf, sizeof buf);
	mlen = strlen(GNUPLOT_MARK);
	for (i = 0; i <= n; i++) {
		if (i < n && buf[i] != '\n')
			continue;
		if (i - start > mlen &&
		    memcmp(buf + start, GNUPLOT_MARK, mlen) == 0) {
			free(*chart);
			*chart = xstrndup(buf + start + mlen, i - start - mlen);
			free(out);
			out = NULL;
			len = size = 0;
		} else if (i > start) {
			line = text_show(buf + start, i - start, 200);
			if (len > 0)
				gnuplot_put(&out, &len, &size, "\n    ", 5);
			gnuplot_put(&out, &len, &size, line, strlen(line));
			free(line);
		}
		start = i + 1;
	}
	*messages = out != NULL ? out : xstrdup("no message");
}
