/*
 * Running gnuplot: the chart scripts' directory, a private directory per
 * set of charts, a script built of fixed text, numbers and quoted strings,
 * and long-lived processes started with an argument vector (libuv, never
 * a shell), several at once on one loop, each fed set after set.  Text from a log reaches gnuplot only through
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

/* One gnuplot process on a loop that draws set after set: its commands
 * come on its standard input, read as a script ("gnuplot /dev/stdin", so
 * an error ends it as it ends a script, exit 1), its standard error goes
 * to a file in a private directory of its own (dir, for gnuplot_errors),
 * and it prints a mark on its standard output when a set is done.  A
 * process is started once and fed many sets: its start-up (libraries,
 * fonts) is paid once per core, not once a day. */
struct gnuplot_proc {
	uv_process_t	  proc;
	uv_pipe_t	  out;		/* its standard output: the marks */
	int		  in;		/* its standard input; -1 closed */
	int		  err;		/* its standard error (dir's file) */
	char		 *dir;		/* its own, while it runs */
	int		  live;		/* started, not yet exited */
	int		  handles;	/* libuv handles not yet closed: an
					   exited one is ending until 0 */
	size_t		  seen;		/* bytes of the mark read so far */
	char		  buf[512];	/* what is read of its output */
	int64_t		  status;	/* exit status, once ended */
	int		  signal;	/* the signal that killed it, or 0 */
	void		(*on_done)(struct gnuplot_proc *);  /* a set drawn */
	/* It ended: status and signal are set, gnuplot_errors(dir) can be
	 * read; it must not be started again from here. */
	void		(*on_exit)(struct gnuplot_proc *);
	void		 *arg;
};

/* Starts gnuplot ($SHADOWLOG_GNUPLOT, the configured path, else gnuplot
 * from PATH), idle.  -1 with e (ERR_UNAVAILABLE when it cannot be run,
 * ERR_CANTCREAT when its directory cannot be made). */
int	gnuplot_start(uv_loop_t *, struct gnuplot_proc *, struct err *e);
/* Has the running gnuplot draw dir/script in dir, then call on_done; its
 * standard error is emptied first.  A gnuplot that fails or has ended
 * meanwhile calls on_exit instead, once its handles are closed. */
void	gnuplot_run(struct gnuplot_proc *, const char *dir,
	    const char *script);
/* Non-zero when gnuplot has said nothing on standard error since the last
 * gnuplot_run: an ended one never began that set (it names each chart
 * before drawing it). */
int	gnuplot_silent(const struct gnuplot_proc *);
/* Closes its standard input: an idle gnuplot ends (on_exit follows). */
void	gnuplot_end(struct gnuplot_proc *);
/* The chart drawn last (by gnuplot_mark) and gnuplot's messages after it,
 * fit for a message ("no message" when none).  The caller frees both. */
void	gnuplot_errors(const char *dir, char **chart, char **messages);

#endif
