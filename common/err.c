/*
 * The error struct and its one rendering; see err.h.  Exit statuses are
 * chosen here by table so both programs' mains agree, but only they call
 * err_exit_code (the analyser's reader hands each file's code on to its
 * main with the message).
 */
#include <stdarg.h>
#include <stdlib.h>
#include <sysexits.h>

#include "err.h"
#include "xmalloc.h"

int
err_set(struct err *e, enum err_code code, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	err_vset(e, code, fmt, ap);
	va_end(ap);
	return -1;
}

int
err_vset(struct err *e, enum err_code code, const char *fmt, va_list ap)
{
	if (e == NULL)
		return -1;
	free(e->msg);
	e->msg = xvasprintf(fmt, ap);
	e->code = code;
	e->line = 0;
	e->offset = -1;
	return -1;
}

int
err_file(struct err *e, const char *path)
{
	if (e == NULL)
		return -1;
	free(e->file);
	e->file = path != NULL ? xstrdup(path) : NULL;
	return -1;
}

int
err_line(struct err *e, int64_t line)
{
	if (e == NULL)
		return -1;
	e->line = line;
	return -1;
}

int
err_offset(struct err *e, int64_t offset)
{
	if (e == NULL)
		return -1;
	e->offset = offset;
	return -1;
}

int
err_prefix(struct err *e, const char *fmt, ...)
{
	va_list	 ap;
	char	*head, *msg;

	if (e == NULL)
		return -1;
	va_start(ap, fmt);
	head = xvasprintf(fmt, ap);
	va_end(ap);
	msg = xasprintf("%s%s", head, e->msg != NULL ? e->msg : "");
	free(head);
	free(e->msg);
	e->msg = msg;
	return -1;
}

void
err_clear(struct err *e)
{
	free(e->file);
	free(e->msg);
	*e = (struct err)ERR_INIT;
}

void
err_move(struct err *dst, struct err *src)
{
	err_clear(dst);
	*dst = *src;
	*src = (struct err)ERR_INIT;
}

char *
err_take(struct err *e)
{
	char *msg = e->msg != NULL ? e->msg : xstrdup("unknown error");

	e->msg = NULL;
	err_clear(e);
	return msg;
}

char *
err_text(const struct err *e)
{
	const char *msg = e->msg != NULL ? e->msg : "unknown error";

	if (e->file == NULL)
		return xstrdup(msg);
	if (e->line > 0)
		return xasprintf("%s:%lld: %s", e->file, (long long)e->line, msg);
	if (e->offset >= 0)
		return xasprintf("%s: byte %lld: %s", e->file,
		    (long long)e->offset, msg);
	return xasprintf("%s: %s", e->file, msg);
}

int
err_exit_code(enum err_code code)
{
	static const int status[] = {
		[ERR_OK] = EX_OK,
		[ERR_USAGE] = EX_USAGE,
		[ERR_DATA] = EX_DATAERR,
		[ERR_NOINPUT] = EX_NOINPUT,
		[ERR_CANTCREAT] = EX_CANTCREAT,
		[ERR_IO] = EX_IOERR,
		[ERR_TEMPFAIL] = EX_TEMPFAIL,
		[ERR_SOFTWARE] = EX_SOFTWARE,
		[ERR_UNAVAILABLE] = EX_UNAVAILABLE
	};

	if ((unsigned)code >= sizeof status / sizeof status[0])
		return EX_SOFTWARE;
	return status[code];
}
