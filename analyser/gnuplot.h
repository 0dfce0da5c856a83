/*
 * Running gnuplot: the chart scripts' directory, a private directory per
 * run, a script built of fixed text, numbers and quoted strings, and the
 * process started with an argument vector (libuv, never a shell), several
 * at once on one loop.  Text from a log reaches gnuplot only through
 * text_gnuplot (common/text.h), so it can never run a command.
 */
#ifndef GNUPLOT_H
#define GNUPLOT_H

#include <stddef.h>
#include <uv.h>

#include "err.h"

/* A copy of s cut after max characters, with an ellipsis if cut.  The
 * caller frees it. */
char	*gnuplot_cut(const char *s, size_t max);

/* A script being built, one command a line. */
struct gnuplot_script {
	char	*text;
	size_t	 len;
	size_t	 size;
};

/* Adds a command of fixed text and numbers (strings via gnuplot_string). */
void	gnuplot_cmd(struct gnuplot_script *, const char *fmt, ...)
	    __attribute__((format(printf, 2, 3)));
/* Adds "name=<value quoted, at most max characters>". */
void	gnuplot_string(struct gnuplot_script *, const char *name,
	    const char *value, size_t max);
/* Adds a line to gnuplot's standard error that says chart comes next;
 * gnuplot_errors finds the chart a failure happened in by it. */
void	gnuplot_mark(struct gnuplot_script *, const char *chart);
void	gnuplot_script_free(struct gnuplot_script *);

/* The chart scripts' directory, resolved: $SHADOWLOG_PLOTS, the source
 * tree's for a program run from its build tree, else the installed one.
 * NULL with e (ERR_UNAVAILABLE) when missing.  The caller frees it. */
char	*gnuplot_scripts(struct err *e);
/* Non-zero when the running program is one built in the build tree and
 * not installed (so its data files are the source tree's, not an older
 * installed copy). */
int	gnuplot_uninstalled(void);

/* A private directory (0700) under $TMPDIR for one run's data, script and
 * charts; NULL with e.  gnuplot_dir_remove removes it and all in it. */
char	*gnuplot_dir_new(struct err *e);
void	 gnuplot_dir_remove(const char *dir);

/* One gnuplot process on a loop: runs dir/script in dir, its standard
 * error kept in dir for gnuplot_errors; on_exit is called once it ends. */
struct gnuplot_proc {
	uv_process_t	  proc;
	int64_t		  status;	/* exit status, once ended */
	int		  signal;	/* the signal that killed it, or 0 */
	void		(*on_exit)(struct gnuplot_proc *);
	void		 *arg;
};

/* Starts gnuplot ($SHADOWLOG_GNUPLOT, the configured path, else gnuplot
 * from PATH).  -1 with e (ERR_UNAVAILABLE) when it cannot be run. */
int	gnuplot_start(uv_loop_t *, struct gnuplot_proc *, const char *dir,
	    const char *script, struct err *e);
/* The chart drawn last (by gnuplot_mark) and gnuplot's messages after it,
 * fit for a message ("no message" when none).  The caller frees both. */
void	gnuplot_errors(const char *dir, char **chart, char **messages);

#endif
