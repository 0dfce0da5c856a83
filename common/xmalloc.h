/*
 * Allocation wrappers: on failure they print one line and abort, so callers
 * never test for NULL.  The only place library code may end the process.
 */
#ifndef XMALLOC_H
#define XMALLOC_H

#include <stdarg.h>
#include <stddef.h>

void	*xmalloc(size_t);
void	*xcalloc(size_t, size_t);
void	*xrealloc(void *, size_t);
void	*xreallocarray(void *, size_t, size_t);
char	*xstrdup(const char *);
char	*xstrndup(const char *, size_t);
/* Returns a newly allocated string; the caller frees it. */
char	*xasprintf(const char *, ...) __attribute__((format(printf, 1, 2)));
char	*xvasprintf(const char *, va_list);
/* Says an allocation of size bytes failed and aborts: for memory that
 * another library (msgpack-c) allocated and could not. */
void	 xmalloc_fail(size_t) __attribute__((noreturn));

#endif
