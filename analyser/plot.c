/*
 * Charts with gnuplot: each chart is a script in plots/, fed numbers in
 * data files in a private temporary directory and strings as -e values of
 * an argument vector.  Easy to get wrong: text from a log may reach gnuplot
 * only as a string of octal escapes (its '' escape fails at a string's
 * start), and gnuplot leaves a broken file when it fails, so a chart is
 * copied into place only once gnuplot has succeeded.
 */
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <dirent.h>
#include <limits.h>
#include <spawn.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "compare.h"
#include "durable.h"
#include "output.h"
#include "plot.h"
#include "summary.h"
#include "text.h"
#include "timeline.h"
#include "xmalloc.h"

#ifndef GNUPLOT_PATH
#define GNUPLOT_PATH		"gnuplot"
#endif
#ifndef PKGDATADIR
#define PKGDATADIR		"/usr/local/share/shadowlog"
#endif

#define PLOT_NAME_MAX		24	/* characters of a group's name shown */
#define PLOT_TEXT_MAX		40	/* characters of a school shown, ... */
#define PLOT_LINE_MAX		200	/* characters of a title line */
#define PLOT_ERROR_MAX		2000	/* bytes of gnuplot's stderr shown */
#define PLOT_ALONE_COLOUR	0xBBBBBB
#define PLOT_PATTERN_MINUTES	30	/* bin width of the pattern chart */
#define PLOT_HALF_HOUR_MS	1800000
#define PLOT_MISSING		"gnuplot is not installed " \
				"(apt-get install gnuplot-nox)"

extern char **environ;

static const char *plot_format_exts[] = { "png", "svg", "pdf" };

/* One gnuplot run: its private directory and its argument vector. */
struct plot_run {
	char			 *dir;		/* private temporary directory */
	char			 *scripts;	/* the scripts' directory */
	char			**argv;
	size_t			  argc;
	size_t			  argv_size;
};

/* The comparison: the figures (flat in the number of days) and the span
 * of the dates compared, for the chart's title. */
struct plot_compare {
	struct compare	*figures;
	char		 first[11];	/* earliest date, "" before any */
	char		 last[11];	/* latest date */
};

/* A chart of one day: its script and the data it needs. */
struct plot_day_def {
	const char	*name;
	int		(*write)(struct plot_run *, const struct timeline *,
			    const struct summary *, char **);
};

static int	plot_timeline_data(struct plot_run *, const struct timeline *,
		    const struct summary *, char **);
static int	plot_groups_data(struct plot_run *, const struct timeline *,
		    const struct summary *, char **);
static int	plot_pattern_data(struct plot_run *, const struct timeline *,
		    const struct summary *, char **);
static int	plot_lengths_data(struct plot_run *, const struct timeline *,
		    const struct summary *, char **);
static int	plot_initiative_data(struct plot_run *,
		    const struct timeline *, const struct summary *, char **);
static int	plot_transitions_data(struct plot_run *,
		    const struct timeline *, const struct summary *, char **);

static const struct plot_day_def plot_day_defs[PLOT_NDAY_CHARTS] = {
	{ "timeline",		plot_timeline_data },
	{ "groups",		plot_groups_data },
	{ "pattern",		plot_pattern_data },
	{ "lengths",		plot_lengths_data },
	{ "initiative",		plot_initiative_data },
	{ "transitions",	plot_transitions_data },
};

/* Sets *cause and leaves errno at err: ENOENT means gnuplot or its scripts
 * are missing, ECHILD that gnuplot failed, anything else that a file could
 * not be made (an ENOENT from a file is reported as EIO). */
static int __attribute__((format(printf, 3, 4)))
plot_fail(char **cause, int err, const char *fmt, ...)
{
	va_list	ap;

	va_start(ap, fmt);
	*cause = xvasprintf(fmt, ap);
	va_end(ap);
	errno = err;
	return -1;
}

static int
plot_file_errno(int err)
{
	return err == ENOENT || err == ECHILD ? EIO : err;
}

int
plot_parse_format(const char *s, enum plot_format *format)
{
	size_t	i;

	for (i = 0; i < sizeof plot_format_exts / sizeof *plot_format_exts;
	    i++) {
		if (strcmp(s, plot_format_exts[i]) == 0) {
			*format = (enum plot_format)i;
			return 0;
		}
	}
	return -1;
}

const char *
plot_format_ext(enum plot_format format)
{
	return plot_format_exts[format];
}

const char *
plot_chart_name(enum plot_chart chart)
{
	return plot_day_defs[chart].name;
}

/* Appends one byte string to a growing buffer. */
static void
plot_put(char **buf, size_t *len, size_t *size, const char *s, size_t n)
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

/* Appends one byte of a string for gnuplot: letters and spaces as they
 * are, any other byte as a three-digit octal escape. */
static void
plot_put_byte(char **buf, size_t *len, size_t *size, unsigned char c)
{
	char	esc[5];

	if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == ' ') {
		plot_put(buf, len, size, (const char *)&c, 1);
		return;
	}
	snprintf(esc, sizeof esc, "\\%03o", c);
	plot_put(buf, len, size, esc, 4);
}

/* s as a gnuplot double-quoted string in which every byte but letters and
 * spaces is an octal escape (gnuplot reads as many octal digits as follow,
 * so digits are escaped too): nothing in it can end the string or be read
 * as a macro, a backquote or a command.  Controls become spaces, bytes
 * that are not UTF-8 and non-characters U+FFFD, "]]>" is broken up (SVG
 * text may not hold it), and the text is cut after max characters with an
 * ellipsis.  Caller frees. */
static char *
plot_quote(const char *s, size_t max)
{
	const unsigned char	*p = (const unsigned char *)s;
	const unsigned char	*add;
	char			*out = NULL;
	size_t			 len = 0, size = 0, left, n, k, used = 0;
	int			 brackets = 0;

	plot_put(&out, &len, &size, "\"", 1);
	left = strlen(s);
	while (left > 0) {
		n = text_utf8_len(p, left);
		if (used == max) {
			add = (const unsigned char *)"\xe2\x80\xa6";
			k = 3;
		} else if (n == 0 || (n == 3 && p[0] == 0xef &&
		    p[1] == 0xbf && (p[2] == 0xbe || p[2] == 0xbf))) {
			add = (const unsigned char *)"\xef\xbf\xbd";
			k = 3;
		} else if (text_is_control(p, n)) {
			add = (const unsigned char *)" ";
			k = 1;
		} else {
			add = p;
			k = n;
		}
		if (k == 1 && *add == '>' && brackets >= 2)
			plot_put_byte(&out, &len, &size, ' ');
		brackets = k == 1 && *add == ']' ? brackets + 1 : 0;
		while (k-- > 0)
			plot_put_byte(&out, &len, &size, *add++);
		if (used++ == max)
			break;
		n = n == 0 ? 1 : n;
		p += n;
		left -= n;
	}
	plot_put(&out, &len, &size, "\"", 1);
	return out;
}

/* A copy of s cut after max characters, with an ellipsis if cut (broken
 * bytes count as characters; plot_quote cleans them).  Caller frees. */
static char *
plot_cut(const char *s, size_t max)
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

static void
plot_arg(struct plot_run *run, char *arg)
{
	if (run->argc + 2 > run->argv_size) {
		run->argv_size = run->argv_size == 0 ? 32 : run->argv_size * 2;
		run->argv = xreallocarray(run->argv, run->argv_size,
		    sizeof *run->argv);
	}
	run->argv[run->argc++] = arg;
	run->argv[run->argc] = NULL;
}

/* Adds "-e COMMAND"; the command is made of fixed text, numbers and
 * strings quoted by plot_quote only. */
static void __attribute__((format(printf, 2, 3)))
plot_command(struct plot_run *run, const char *fmt, ...)
{
	va_list	ap;

	plot_arg(run, xstrdup("-e"));
	va_start(ap, fmt);
	plot_arg(run, xvasprintf(fmt, ap));
	va_end(ap);
}

/* Adds the gnuplot variable name holding the string value. */
static void
plot_string(struct plot_run *run, const char *name, const char *value,
    size_t max)
{
	char	*q = plot_quote(value, max);

	plot_command(run, "%s=%s", name, q);
	free(q);
}

/* Opens a data file of the run for writing. */
static FILE *
plot_data_open(struct plot_run *run, const char *name, char **cause)
{
	char	*path;
	FILE	*f;
	int	 fd;

	path = xasprintf("%s/%s", run->dir, name);
	fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (fd == -1 || (f = fdopen(fd, "w")) == NULL) {
		plot_fail(cause, plot_file_errno(errno),
		    "%s: %s", path, strerror(errno));
		if (fd != -1)
			close(fd);
		free(path);
		return NULL;
	}
	free(path);
	return f;
}

static int
plot_data_close(struct plot_run *run, FILE *f, const char *name,
    char **cause)
{
	int	failed, err;

	errno = 0;
	failed = ferror(f);
	if (fclose(f) != 0 || failed) {
		err = errno != 0 ? errno : EIO;
		return plot_fail(cause, plot_file_errno(err), "%s/%s: %s",
		    run->dir, name, strerror(err));
	}
	return 0;
}

/* Removes the run's directory and everything in it, and frees the run. */
static void
plot_run_free(struct plot_run *run)
{
	struct dirent	*de;
	DIR		*d;
	char		*path;
	size_t		 i;

	if (run->dir != NULL && (d = opendir(run->dir)) != NULL) {
		while ((de = readdir(d)) != NULL) {
			if (strcmp(de->d_name, ".") == 0 ||
			    strcmp(de->d_name, "..") == 0)
				continue;
			path = xasprintf("%s/%s", run->dir, de->d_name);
			unlink(path);
			free(path);
		}
		closedir(d);
		rmdir(run->dir);
	}
	free(run->dir);
	free(run->scripts);
	for (i = 0; i < run->argc; i++)
		free(run->argv[i]);
	free(run->argv);
	memset(run, 0, sizeof *run);
}

/* Non-zero when the running program is one built in the build tree and
 * not installed (so its scripts are the source tree's, not an older
 * installed copy). */
static int
plot_uninstalled(void)
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

/* Where the chart scripts are: $SHADOWLOG_PLOTS, else the source tree's
 * for a program run from its build tree, else the installed ones. */
static const char *
plot_scripts_dir(void)
{
	const char	*dir;

	dir = getenv("SHADOWLOG_PLOTS");
	if (dir != NULL && *dir != '\0')
		return dir;
#ifdef ABS_TOP_SRCDIR
	if (plot_uninstalled())
		return ABS_TOP_SRCDIR "/plots";
#endif
	return PKGDATADIR "/plots";
}

/* The directory of the chart scripts, resolved (gnuplot runs elsewhere). */
static char *
plot_scripts(char **cause)
{
	const char	*dir = plot_scripts_dir();
	char		*real;

	if ((real = realpath(dir, NULL)) == NULL) {
		plot_fail(cause, ENOENT, "the chart scripts are missing: "
		    "%s: %s (run 'make install', or set SHADOWLOG_PLOTS to "
		    "the plots folder of the source)", dir, strerror(errno));
		return NULL;
	}
	return real;
}

/* Starts a run: its private directory, and the commands every chart
 * script expects (working directory, format, script directory). */
static int
plot_run_start(struct plot_run *run, enum plot_format format, char **cause)
{
	const char	*tmp;
	char		*q;

	memset(run, 0, sizeof *run);
	if ((run->scripts = plot_scripts(cause)) == NULL)
		return -1;
	tmp = getenv("TMPDIR");
	if (tmp == NULL || *tmp == '\0')
		tmp = "/tmp";
	run->dir = xasprintf("%s/shadowlog-plot.XXXXXX", tmp);
	if (mkdtemp(run->dir) == NULL) {
		plot_fail(cause, plot_file_errno(errno), "%s: %s", run->dir,
		    strerror(errno));
		free(run->dir);
		run->dir = NULL;
		plot_run_free(run);
		return -1;
	}
	plot_arg(run, xstrdup("gnuplot"));
	q = plot_quote(run->dir, PATH_MAX);
	plot_command(run, "cd %s", q);
	free(q);
	plot_command(run, "format='%s'", plot_format_ext(format));
	q = xasprintf("%s/", run->scripts);
	plot_string(run, "plots", q, PATH_MAX);
	free(q);
	return 0;
}

/* The end of gnuplot's standard error (its error comes last, after any
 * warnings), made fit for a message. */
static char *
plot_errors(struct plot_run *run)
{
	char	*path, buf[PLOT_ERROR_MAX], *out = NULL, *line;
	size_t	 n = 0, len = 0, size = 0, i, start = 0;
	long	 end;
	FILE	*f;

	path = xasprintf("%s/gnuplot.err", run->dir);
	if ((f = fopen(path, "r")) != NULL) {
		if (fseek(f, 0, SEEK_END) == 0 && (end = ftell(f)) >
		    (long)sizeof buf) {
			fseek(f, end - (long)sizeof buf, SEEK_SET);
			start = 1;	/* the first line is cut: skip it */
		} else
			rewind(f);
		n = fread(buf, 1, sizeof buf, f);
		fclose(f);
	}
	free(path);
	if (start) {
		while (start < n && buf[start - 1] != '\n')
			start++;
	}
	for (i = start; i <= n; i++) {
		if (i < n && buf[i] != '\n')
			continue;
		if (i > start) {
			line = text_show(buf + start, i - start, 200);
			if (len > 0)
				plot_put(&out, &len, &size, "\n    ", 5);
			plot_put(&out, &len, &size, line, strlen(line));
			free(line);
		}
		start = i + 1;
	}
	return out != NULL ? out : xstrdup("no message");
}

/* Runs gnuplot with argv, from the configured path or else from PATH. */
static int
plot_spawn(struct plot_run *run, pid_t *pid, char **cause)
{
	posix_spawn_file_actions_t	 fa;
	const char			*prog;
	char				*err_path;
	int				 error;

	prog = getenv("SHADOWLOG_GNUPLOT");
	if (prog == NULL || *prog == '\0')
		prog = GNUPLOT_PATH;
	err_path = xasprintf("%s/gnuplot.err", run->dir);
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
	posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0);
	posix_spawn_file_actions_addopen(&fa, 2, err_path,
	    O_WRONLY | O_CREAT | O_TRUNC, 0600);
	if (strchr(prog, '/') != NULL)
		error = posix_spawn(pid, prog, &fa, NULL, run->argv, environ);
	else
		error = posix_spawnp(pid, prog, &fa, NULL, run->argv, environ);
	if (error != 0 && strcmp(prog, "gnuplot") != 0)
		error = posix_spawnp(pid, "gnuplot", &fa, NULL, run->argv,
		    environ);
	posix_spawn_file_actions_destroy(&fa);
	free(err_path);
	if (error == ENOENT || error == EACCES || error == ENOEXEC)
		return plot_fail(cause, ENOENT, "%s", PLOT_MISSING);
	if (error != 0)
		return plot_fail(cause, ENOENT, "cannot run gnuplot: %s",
		    strerror(error));
	return 0;
}

/* Runs the chart's script; 0 once gnuplot has written the chart. */
static int
plot_run_gnuplot(struct plot_run *run, const char *name, const char *out,
    char **cause)
{
	struct stat	 sb;
	char		*script, *errors;
	pid_t		 pid;
	int		 status;

	script = xasprintf("%s/%s.gp", run->scripts, name);
	plot_arg(run, script);
	if (access(script, R_OK) != 0) {
		return plot_fail(cause, ENOENT, "the chart script is "
		    "missing: %s: %s", script, strerror(errno));
	}
	if (plot_spawn(run, &pid, cause) != 0)
		return -1;
	while (waitpid(pid, &status, 0) == -1) {
		if (errno != EINTR)
			return plot_fail(cause, ECHILD, "waiting for "
			    "gnuplot: %s", strerror(errno));
	}
	if (WIFSIGNALED(status)) {
		return plot_fail(cause, ECHILD, "gnuplot was killed by "
		    "signal %d drawing the %s chart", WTERMSIG(status), name);
	}
	if (WEXITSTATUS(status) != 0 || stat(out, &sb) != 0 ||
	    sb.st_size == 0) {
		errors = plot_errors(run);
		plot_fail(cause, ECHILD, "gnuplot failed drawing the %s "
		    "chart (exit %d):\n    %s", name, WEXITSTATUS(status),
		    errors);
		free(errors);
		return -1;
	}
	return 0;
}

/* Copies src to a new file beside path (mode 0600) and renames it to
 * path, so that path is either the old file or the whole chart, and its
 * name is on disk once this returns 0. */
static int
plot_install(const char *src, const char *path, char **cause)
{
	const char	*slash;
	char		*tmp, buf[65536];
	ssize_t		 n, w, off;
	int		 in, out, err = 0;

	slash = strrchr(path, '/');
	if (slash == NULL)
		tmp = xasprintf(".%s.XXXXXX", path);
	else
		tmp = xasprintf("%.*s/.%s.XXXXXX", (int)(slash - path), path,
		    slash + 1);
	if ((out = mkstemp(tmp)) == -1) {
		plot_fail(cause, plot_file_errno(errno), "%s: %s", path,
		    strerror(errno));
		free(tmp);
		return -1;
	}
	if ((in = open(src, O_RDONLY | O_CLOEXEC)) == -1)
		err = errno;
	while (err == 0 && (n = read(in, buf, sizeof buf)) != 0) {
		if (n == -1) {
			if (errno != EINTR)
				err = errno;
			continue;
		}
		for (off = 0; err == 0 && off < n; off += w) {
			if ((w = write(out, buf + off, (size_t)(n - off))) ==
			    -1) {
				if (errno != EINTR)
					err = errno;
				w = 0;
			}
		}
	}
	if (in != -1)
		close(in);
	if (err == 0 && fsync(out) != 0)
		err = errno;
	if (close(out) != 0 && err == 0)
		err = errno;
	if (err == 0 && rename(tmp, path) != 0)
		err = errno;
	if (err == 0 && durable_sync_dir(path) != 0) {
		free(tmp);
		return plot_fail(cause, plot_file_errno(errno), "%s: syncing "
		    "its directory: %s", path, strerror(errno));
	}
	if (err != 0) {
		unlink(tmp);
		free(tmp);
		return plot_fail(cause, plot_file_errno(err), "%s: %s", path,
		    strerror(err));
	}
	free(tmp);
	return 0;
}

/* Runs the script name and puts its chart at path; frees the run. */
static int
plot_run_finish(struct plot_run *run, const char *name,
    enum plot_format format, const char *path, char **cause)
{
	char	*out;
	int	 rc;

	out = xasprintf("%s/chart.%s", run->dir, plot_format_ext(format));
	rc = plot_run_gnuplot(run, name, out, cause);
	if (rc == 0)
		rc = plot_install(out, path, cause);
	free(out);
	plot_run_free(run);
	return rc;
}

/* "#rrggbb" as a number; grey if it is not one. */
static uint32_t
plot_colour(const char *s)
{
	char		*end;
	unsigned long	 v;

	if (s[0] != '#' || strlen(s) != 7)
		return PLOT_ALONE_COLOUR;
	v = strtoul(s + 1, &end, 16);
	if (*end != '\0')
		return PLOT_ALONE_COLOUR;
	return (uint32_t)v;
}

/* The colour mixed with white: the pale form of a group's colour. */
static uint32_t
plot_pale(uint32_t c)
{
	uint32_t	out = 0;
	int		shift, v;

	for (shift = 0; shift <= 16; shift += 8) {
		v = (int)((c >> shift) & 0xff);
		v = v + (255 - v) * 55 / 100;
		out |= (uint32_t)v << shift;
	}
	return out;
}

/* Summary group index (scheme groups, then alone) of a timeline group. */
static size_t
plot_index(const struct timeline *tl, int group)
{
	return group < 0 ? tl->scheme->ngroups : (size_t)group;
}

/* The groups of the day as gnuplot arrays: ngroups (alone included, last),
 * gname[], gcolour[] and gpale[]. */
static void
plot_group_args(struct plot_run *run, const struct timeline *tl)
{
	size_t		n = tl->scheme->ngroups + 1, i;
	uint32_t	c;
	char		*q;

	plot_command(run, "ngroups=%zu", n);
	plot_command(run, "array gname[%zu]", n);
	plot_command(run, "array gcolour[%zu]", n);
	plot_command(run, "array gpale[%zu]", n);
	for (i = 0; i < n; i++) {
		if (i + 1 < n) {
			q = plot_quote(tl->scheme->groups[i].name,
			    PLOT_NAME_MAX);
			c = plot_colour(tl->scheme->groups[i].colour);
		} else {
			q = plot_quote(SCHEME_ALONE, PLOT_NAME_MAX);
			c = PLOT_ALONE_COLOUR;
		}
		plot_command(run, "gname[%zu]=%s; gcolour[%zu]=%u; "
		    "gpale[%zu]=%u", i + 1, q, i + 1, (unsigned)c, i + 1,
		    (unsigned)plot_pale(c));
		free(q);
	}
}

/* "HH:MM" of a clock time (hours past 23 for the next morning). */
static void
plot_clock(int64_t ms, char *buf, size_t len)
{
	int64_t	m = ms / 60000;

	snprintf(buf, len, "%02lld:%02lld", (long long)(m / 60),
	    (long long)(m % 60));
}

/* "Monday 16 November 2026" of "2026-11-16"; the date itself if not. */
static char *
plot_long_date(const char *date)
{
	static const char	*days[] = { "Sunday", "Monday", "Tuesday",
	    "Wednesday", "Thursday", "Friday", "Saturday" };
	static const char	*months[] = { "January", "February", "March",
	    "April", "May", "June", "July", "August", "September", "October",
	    "November", "December" };
	static const int	 t[] = { 0, 3, 2, 5, 0, 3, 5, 1, 4, 6, 2, 4 };
	int			 y, m, d, w;

	if (sscanf(date, "%4d-%2d-%2d", &y, &m, &d) != 3 || m < 1 ||
	    m > 12 || d < 1 || d > 31)
		return xstrdup(date);
	w = y - (m < 3);
	w = (w + w / 4 - w / 100 + w / 400 + t[m - 1] + d) % 7;
	return xasprintf("%s %d %s %d", days[w], d, months[m - 1], y);
}

/* Joins a title part to the line being built ("a · b"). */
static void
plot_join(char **line, const char *part)
{
	char	*s;

	if (*part == '\0')
		return;
	if (*line == NULL)
		s = xstrdup(part);
	else {
		s = xasprintf("%s \xc2\xb7 %s", *line, part);
		free(*line);
	}
	*line = s;
}

/* The title lines of a day: who (school, head, date) and note (observer
 * and the observed time), both quoted with plot_quote. */
static void
plot_day_args(struct plot_run *run, const struct timeline *tl)
{
	char	*line = NULL, *part, *cut, *date, b[16], e[16], *o, *p;

	cut = plot_cut(tl->school, PLOT_TEXT_MAX);
	plot_join(&line, cut);
	free(cut);
	if (*tl->head != '\0') {
		cut = plot_cut(tl->head, PLOT_NAME_MAX);
		part = xasprintf("head %s", cut);
		plot_join(&line, part);
		free(part);
		free(cut);
	}
	date = plot_long_date(tl->date);
	plot_join(&line, date);
	free(date);
	plot_string(run, "who", line != NULL ? line : "",
	    PLOT_LINE_MAX);
	free(line);

	line = NULL;
	if (*tl->observer != '\0') {
		cut = plot_cut(tl->observer, PLOT_NAME_MAX);
		part = xasprintf("observer %s", cut);
		plot_join(&line, part);
		free(part);
		free(cut);
	}
	plot_clock(tl->begin, b, sizeof b);
	plot_clock(tl->end, e, sizeof e);
	o = output_duration((double)tl->observed);
	part = xasprintf("observed %s from %s to %s", o, b, e);
	plot_join(&line, part);
	free(part);
	free(o);
	if (tl->paused > 0) {
		p = output_duration((double)tl->paused);
		part = xasprintf("%s paused", p);
		plot_join(&line, part);
		free(part);
		free(p);
	}
	plot_string(run, "note", line, PLOT_LINE_MAX);
	free(line);
}

/* The clock range of a day's charts: whole half hours around it. */
static void
plot_range_args(struct plot_run *run, const struct timeline *tl)
{
	int64_t	lo, hi;

	lo = tl->begin / PLOT_HALF_HOUR_MS * PLOT_HALF_HOUR_MS;
	hi = (tl->end + PLOT_HALF_HOUR_MS - 1) / PLOT_HALF_HOUR_MS *
	    PLOT_HALF_HOUR_MS;
	if (hi <= lo)
		hi = lo + PLOT_HALF_HOUR_MS;
	plot_command(run, "xmin=%lld; xmax=%lld", (long long)(lo / 1000),
	    (long long)(hi / 1000));
}

/* episodes.dat: start end row colour (seconds; row 1 is the first group,
 * alone last); pauses.dat: start end; brief.dat: time row colour. */
static int
plot_timeline_data(struct plot_run *run, const struct timeline *tl,
    const struct summary *s, char **cause)
{
	const struct tl_item	*it;
	FILE			*ep, *pa, *br;
	size_t			 i, row;
	uint32_t		 c;
	int			 rc;

	plot_range_args(run, tl);
	if ((ep = plot_data_open(run, "episodes.dat", cause)) == NULL)
		return -1;
	if ((pa = plot_data_open(run, "pauses.dat", cause)) == NULL) {
		fclose(ep);
		return -1;
	}
	if ((br = plot_data_open(run, "brief.dat", cause)) == NULL) {
		fclose(ep);
		fclose(pa);
		return -1;
	}
	for (i = 0; i < tl->nitems; i++) {
		it = &tl->items[i];
		row = plot_index(tl, it->group) + 1;
		c = it->group < 0 ? PLOT_ALONE_COLOUR :
		    plot_colour(tl->scheme->groups[it->group].colour);
		switch (it->kind) {
		case TL_EPISODE:
		case TL_ALONE:
			fprintf(ep, "%.3f %.3f %zu %u\n", it->start / 1000.0,
			    it->end / 1000.0, row, (unsigned)c);
			break;
		case TL_PAUSE:
			fprintf(pa, "%.3f %.3f\n", it->start / 1000.0,
			    it->end / 1000.0);
			break;
		case TL_BRIEF:
			fprintf(br, "%.3f %zu %u\n", it->start / 1000.0, row,
			    (unsigned)c);
			break;
		case TL_NOTE:
			break;
		}
	}
	rc = plot_data_close(run, ep, "episodes.dat", cause);
	if (rc != 0) {
		fclose(pa);
		fclose(br);
		return -1;
	}
	if (plot_data_close(run, pa, "pauses.dat", cause) != 0) {
		fclose(br);
		return -1;
	}
	return plot_data_close(run, br, "brief.dat", cause);
}

/* groups.dat: row share(%) minutes, one row per group then alone. */
static int
plot_groups_data(struct plot_run *run, const struct timeline *tl,
    const struct summary *s, char **cause)
{
	FILE	*f;
	size_t	 i;

	if ((f = plot_data_open(run, "groups.dat", cause)) == NULL)
		return -1;
	for (i = 0; i < s->ngroups; i++) {
		fprintf(f, "%zu %.6f %lld\n", i + 1, s->groups[i].share * 100,
		    (long long)((s->groups[i].ms + 30000) / 60000));
	}
	return plot_data_close(run, f, "groups.dat", cause);
}

/* pattern.dat: bin start, bin end, then the minutes of the groups piled
 * up (0, first group, first two, ... all), one line per bin. */
static int
plot_pattern_data(struct plot_run *run, const struct timeline *tl,
    const struct summary *s, char **cause)
{
	struct summary_bin	*bins;
	FILE			*f;
	size_t			 n, i, g, ng = s->ngroups;
	double			 sum;

	plot_range_args(run, tl);
	plot_command(run, "binminutes=%d", PLOT_PATTERN_MINUTES);
	if ((f = plot_data_open(run, "pattern.dat", cause)) == NULL)
		return -1;
	bins = summary_bins(tl, PLOT_PATTERN_MINUTES, &n);
	for (i = 0; i + ng <= n; i += ng) {
		fprintf(f, "%lld %lld 0", (long long)(bins[i].start / 1000),
		    (long long)(bins[i].start / 1000 +
		    PLOT_PATTERN_MINUTES * 60));
		sum = 0;
		for (g = 0; g < ng; g++) {
			sum += bins[i + g].ms / 60000.0;
			fprintf(f, " %.4f", sum);
		}
		fputc('\n', f);
	}
	free(bins);
	return plot_data_close(run, f, "pattern.dat", cause);
}

/* lengths.dat: minutes row jitter colour for each interaction episode
 * (rows: the scheme's groups); medians.dat: row median minutes. */
static int
plot_lengths_data(struct plot_run *run, const struct timeline *tl,
    const struct summary *s, char **cause)
{
	const struct tl_item	*it;
	FILE			*f;
	size_t			 i, k = 0;
	double			 jitter;

	plot_command(run, "under9=%.6f; nepisodes=%zu",
	    isnan(s->under9) ? 0 : s->under9, s->episodes);
	if ((f = plot_data_open(run, "lengths.dat", cause)) == NULL)
		return -1;
	for (i = 0; i < tl->nitems; i++) {
		it = &tl->items[i];
		if (it->kind != TL_EPISODE || it->group < 0)
			continue;
		/* Spread the dots of a row evenly (golden ratio), the same
		 * way every time. */
		jitter = fmod(k++ * 0.6180339887, 1.0) - 0.5;
		fprintf(f, "%.5f %d %.3f %u\n",
		    (it->end - it->start) / 60000.0, it->group + 1, jitter,
		    (unsigned)plot_colour(tl->scheme->groups[it->group].colour));
	}
	if (plot_data_close(run, f, "lengths.dat", cause) != 0)
		return -1;
	if ((f = plot_data_open(run, "medians.dat", cause)) == NULL)
		return -1;
	for (i = 0; i < tl->scheme->ngroups; i++) {
		if (s->groups[i].episodes > 0)
			fprintf(f, "%zu %.5f\n", i + 1,
			    s->groups[i].median_ms / 60000.0);
	}
	return plot_data_close(run, f, "medians.dat", cause);
}

/* initiative.dat: row head other unknown, counting episodes and brief
 * contacts, one row per group of the scheme. */
static int
plot_initiative_data(struct plot_run *run, const struct timeline *tl,
    const struct summary *s, char **cause)
{
	const struct tl_item	*it;
	FILE			*f;
	size_t			*counts, n = tl->scheme->ngroups, i;

	counts = xcalloc(n * 3 + 1, sizeof *counts);
	for (i = 0; i < tl->nitems; i++) {
		it = &tl->items[i];
		if ((it->kind != TL_EPISODE && it->kind != TL_BRIEF) ||
		    it->group < 0)
			continue;
		if (it->by == RECORD_BY_HEAD)
			counts[it->group * 3]++;
		else if (it->by == RECORD_BY_OTHER)
			counts[it->group * 3 + 1]++;
		else
			counts[it->group * 3 + 2]++;
	}
	if ((f = plot_data_open(run, "initiative.dat", cause)) == NULL) {
		free(counts);
		return -1;
	}
	for (i = 0; i < n; i++) {
		fprintf(f, "%zu %zu %zu %zu\n", i + 1, counts[i * 3],
		    counts[i * 3 + 1], counts[i * 3 + 2]);
	}
	free(counts);
	return plot_data_close(run, f, "initiative.dat", cause);
}

/* transitions.dat: to from count for every pair of groups (alone
 * included, 1-based), zeros too, as a grid. */
static int
plot_transitions_data(struct plot_run *run, const struct timeline *tl,
    const struct summary *s, char **cause)
{
	struct summary_transition	*tr;
	FILE				*f;
	size_t				*grid, n = s->ngroups, ntr, i, a, b;
	size_t				 max = 0;

	grid = xcalloc(n * n, sizeof *grid);
	tr = summary_transitions(tl, &ntr);
	for (i = 0; i < ntr; i++) {
		a = plot_index(tl, tr[i].from);
		b = plot_index(tl, tr[i].to);
		grid[a * n + b] = tr[i].count;
		if (tr[i].count > max)
			max = tr[i].count;
	}
	free(tr);
	plot_command(run, "maxcount=%zu", max);
	if ((f = plot_data_open(run, "transitions.dat", cause)) == NULL) {
		free(grid);
		return -1;
	}
	for (a = 0; a < n; a++) {
		for (b = 0; b < n; b++)
			fprintf(f, "%zu %zu %zu\n", b + 1, a + 1,
			    grid[a * n + b]);
		fputc('\n', f);
	}
	free(grid);
	return plot_data_close(run, f, "transitions.dat", cause);
}

int
plot_day_chart(const struct timeline *tl, const struct summary *given,
    enum plot_chart chart, enum plot_format format, const char *path,
    char **cause)
{
	const struct plot_day_def	*def = &plot_day_defs[chart];
	struct plot_run			 run;
	struct summary			 own;
	int				 rc;

	if (plot_run_start(&run, format, cause) != 0)
		return -1;
	plot_day_args(&run, tl);
	plot_group_args(&run, tl);
	rc = def->write(&run, tl, summary_given(tl, given, SUMMARY_GROUPS,
	    &own), cause);
	summary_free(&own);
	if (rc != 0) {
		plot_run_free(&run);
		return -1;
	}
	return plot_run_finish(&run, def->name, format, path, cause);
}

struct plot_compare *
plot_compare_new(const char *by_field, int bin_minutes)
{
	struct plot_compare	*pc;

	pc = xcalloc(1, sizeof *pc);
	pc->figures = compare_new(by_field != NULL ? by_field : "school",
	    bin_minutes);
	return pc;
}

int
plot_compare_add(struct plot_compare *pc, const struct timeline *tl,
    const struct summary *s, char **cause)
{
	int	rc;

	if ((rc = compare_add(pc->figures, tl, s, cause)) != 0)
		return rc;
	if (pc->first[0] == '\0' || strcmp(tl->date, pc->first) < 0)
		memcpy(pc->first, tl->date, sizeof pc->first);
	if (strcmp(tl->date, pc->last) > 0)
		memcpy(pc->last, tl->date, sizeof pc->last);
	return 0;
}

size_t
plot_compare_days(const struct plot_compare *pc)
{
	return compare_days(pc->figures);
}

const struct compare *
plot_compare_figures(const struct plot_compare *pc)
{
	return pc->figures;
}

/* The colour of comparison group k (the scheme's groups, then alone). */
static uint32_t
plot_compare_colour(const struct compare *c, size_t k)
{
	const struct scheme	*scheme = compare_scheme(c);

	if (scheme == NULL || k >= scheme->ngroups)
		return PLOT_ALONE_COLOUR;
	return plot_colour(scheme->groups[k].colour);
}

/* The title lines: the days and values compared, and what the bars show
 * (with the days left out for want of the field). */
static void
plot_compare_titles(struct plot_run *run, const struct plot_compare *pc)
{
	const struct compare	*c = pc->figures;
	size_t			 skipped = compare_skipped(c);
	char			*q, *out = NULL;

	if (strcmp(pc->first, pc->last) == 0)
		q = xasprintf("%zu day%s on %s, grouped by %s (%zu)",
		    compare_days(c), compare_days(c) == 1 ? "" : "s",
		    pc->first, compare_field(c), compare_nvalues(c));
	else
		q = xasprintf("%zu days from %s to %s, grouped by %s (%zu)",
		    compare_days(c), pc->first, pc->last, compare_field(c),
		    compare_nvalues(c));
	plot_string(run, "who", q, PLOT_LINE_MAX);
	free(q);
	if (skipped > 0)
		out = xasprintf("; %zu day%s without %s left out", skipped,
		    skipped == 1 ? "" : "s", compare_field(c));
	q = xasprintf("bars: the mean share over the days of each %s; "
	    "whiskers: from the lowest day to the highest%s",
	    compare_field(c), out != NULL ? out : "");
	plot_string(run, "note", q, PLOT_LINE_MAX);
	free(q);
	free(out);
}

/* compare.dat: x mean min max colour, a cluster of groups per value, in
 * the order values first came; value labels and day counts as arrays. */
static int
plot_compare_data(struct plot_run *run, const struct plot_compare *pc,
    char **cause)
{
	const struct compare	*c = pc->figures;
	struct compare_result	 r;
	size_t			 nvalues = compare_nvalues(c), v, k;
	size_t			 ng = compare_ngroups(c);
	const char		*name;
	FILE			*f;
	char			*q;

	plot_command(run, "nvalues=%zu; ndays=%zu", nvalues, compare_days(c));
	plot_compare_titles(run, pc);
	plot_command(run, "array vname[%zu]; array vdays[%zu]", nvalues,
	    nvalues);
	for (v = 0; v < nvalues; v++) {
		name = compare_value(c, v);
		q = plot_quote(*name != '\0' ? name : "(empty)", PLOT_NAME_MAX);
		plot_command(run, "vname[%zu]=%s; vdays[%zu]=%zu", v + 1, q,
		    v + 1, compare_value_days(c, v));
		free(q);
	}
	plot_command(run, "ngroups=%zu", ng);
	plot_command(run, "array gname[%zu]; array gcolour[%zu]", ng, ng);
	for (k = 0; k < ng; k++) {
		q = plot_quote(compare_group_name(c, k), PLOT_NAME_MAX);
		plot_command(run, "gname[%zu]=%s; gcolour[%zu]=%u", k + 1, q,
		    k + 1, (unsigned)plot_compare_colour(c, k));
		free(q);
	}
	if ((f = plot_data_open(run, "compare.dat", cause)) == NULL)
		return -1;
	for (v = 0; v < nvalues; v++) {
		for (k = 0; k < ng; k++) {
			compare_share(c, v, k, &r);
			fprintf(f, "%zu %.4f %.4f %.4f %u\n",
			    v * (ng + 1) + k + 1, 100 * r.mean, 100 * r.min,
			    100 * r.max, (unsigned)plot_compare_colour(c, k));
		}
	}
	return plot_data_close(run, f, "compare.dat", cause);
}

int
plot_compare_chart(const struct plot_compare *pc, enum plot_format format,
    const char *path, char **cause)
{
	struct plot_run	run;

	if (compare_days(pc->figures) == 0)
		return plot_fail(cause, EINVAL, "no days to compare");
	if (plot_run_start(&run, format, cause) != 0)
		return -1;
	plot_string(&run, "field", compare_field(pc->figures), PLOT_TEXT_MAX);
	if (plot_compare_data(&run, pc, cause) != 0) {
		plot_run_free(&run);
		return -1;
	}
	return plot_run_finish(&run, "compare", format, path, cause);
}

void
plot_compare_free(struct plot_compare *pc)
{
	if (pc == NULL)
		return;
	compare_free(pc->figures);
	free(pc);
}
