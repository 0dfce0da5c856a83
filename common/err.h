/*
 * The one error model of the library: a function that can fail returns -1
 * and fills a struct err with what went wrong (a code that says what kind
 * of failure, in the contract's terms) and where (file, line or byte
 * offset) and a message.  The library never chooses an exit status nor
 * prints: each program's main turns the code into a <sysexits.h> status
 * with err_exit_code and prints err_text once.  The easy thing to get
 * wrong: the message is the bare what ("seq 9 follows seq 3"); the file,
 * line and offset are fields, joined only by err_text, so no layer adds or
 * strips a prefix from another's words.  A callee that cannot know the
 * place (command_parse's line, clock's date, a scheme map in a log)
 * leaves it empty for the caller to set with err_file and err_line; a
 * caller that must name what it was reading ("--date: ") uses err_prefix.
 * Where a file is the subject of the sentence ("PATH is open in another
 * shadowlog-record") it stays in the words.  err_take is for a caller
 * that words a callee's message into its own sentence.
 */
#ifndef ERR_H
#define ERR_H

#include <stdarg.h>
#include <stdint.h>

enum err_code {
	ERR_OK = 0,
	ERR_USAGE,		/* the command line or a command is wrong */
	ERR_DATA,		/* the input is not what it should be */
	ERR_NOINPUT,		/* an input file cannot be opened */
	ERR_CANTCREAT,		/* an output file cannot be made */
	ERR_IO,			/* reading or writing failed */
	ERR_TEMPFAIL,		/* try again: another recorder holds the log */
	ERR_SOFTWARE,		/* a program (gnuplot) failed */
	ERR_UNAVAILABLE		/* a program (gnuplot) or its files missing */
};

struct err {
	enum err_code	 code;
	char		*file;		/* owned; NULL when not about a file */
	int64_t		 line;		/* 1-based; 0 when none */
	int64_t		 offset;	/* byte offset; -1 when none */
	char		*msg;		/* owned; NULL while code is ERR_OK */
};

#define ERR_INIT	{ ERR_OK, NULL, 0, -1, NULL }

/* Sets the code and message (printf-style) and clears the place; returns
 * -1, so a failing function can end with "return err_set(...)".  An error
 * already set is replaced.  e may be NULL (here and in err_file, err_line,
 * err_offset): a caller that only wants to know whether it failed. */
int		 err_set(struct err *, enum err_code, const char *fmt, ...)
		    __attribute__((format(printf, 3, 4)));
/* The same with a va_list, for a module's own failing helper that adds
 * a code or a place of its own. */
int		 err_vset(struct err *, enum err_code, const char *fmt,
		    va_list) __attribute__((format(printf, 3, 0)));
/* Set where it happened (each returns -1 likewise).  err_file copies
 * path. */
int		 err_file(struct err *, const char *path);
int		 err_line(struct err *, int64_t line);
int		 err_offset(struct err *, int64_t offset);
/* Puts the words of fmt before the message ("--date: " + "date '2026-13-01'
 * does not exist"): what a caller was reading, which the callee cannot
 * know.  Code and place are kept; returns -1. */
int		 err_prefix(struct err *, const char *fmt, ...)
		    __attribute__((format(printf, 2, 3)));
/* Frees what e owns and makes it ERR_INIT again. */
void		 err_clear(struct err *);
/* Moves src into *dst (dst's old contents freed; src left cleared). */
void		 err_move(struct err *dst, struct err *src);
/* The message (caller frees; never NULL), e left cleared, for a caller
 * that words it into its own (read e's place first: it is dropped). */
char		*err_take(struct err *);

/* "FILE:LINE: MSG", "FILE: byte N: MSG", "FILE: MSG" or "MSG": the one
 * way an error is shown.  The caller frees it. */
char		*err_text(const struct err *);
/* For the programs' main only (the analyser's reader passes each file's
 * code up to it with the message): the <sysexits.h> status for code.  No
 * other file names an EX_ number. */
int		 err_exit_code(enum err_code);

#endif
