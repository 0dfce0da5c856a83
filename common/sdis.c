/*
 * The SDIS timed-event writer.  Easy to get wrong: SDIS times here are
 * whole seconds, so each stretch's ends are rounded to the nearest second
 * and a stretch that rounds to no time is left out; two names that make
 * the same code get a number after it, so codes stay one per group.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "durable.h"
#include "sdis.h"
#include "xmalloc.h"

#define SDIS_CODE_MAX	32

struct sdis {
	char	**names;	/* group names met, in order; owned */
	char	**codes;	/* their codes; owned */
	size_t	  ncodes;
	char	 *sessions;	/* the sessions' text; owned */
	size_t	  len;
};

struct sdis *
sdis_new(void)
{
	return xcalloc(1, sizeof (struct sdis));
}

void
sdis_code(const char *name, char *buf, size_t size)
{
	size_t	n = 0;
	int	c;

	for (; *name != '\0' && n + 1 < size; name++) {
		c = (unsigned char)*name;
		if (c >= 'A' && c <= 'Z')
			c += 'a' - 'A';
		if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
			if (n == 0 && c <= '9' && n + 2 < size)
				buf[n++] = 'g';
			buf[n++] = (char)c;
		} else if (n > 0 && buf[n - 1] != '_')
			buf[n++] = '_';
	}
	if (n == 0)
		buf[n++] = 'g';
	buf[n] = '\0';
}

/* The code of a group name, declared when first met. */
static const char *
sdis_code_of(struct sdis *s, const char *name)
{
	char	base[SDIS_CODE_MAX], code[SDIS_CODE_MAX + 16];
	size_t	i, k = 1;
	int	taken;

	for (i = 0; i < s->ncodes; i++) {
		if (strcmp(s->names[i], name) == 0)
			return s->codes[i];
	}
	sdis_code(name, base, sizeof base);
	snprintf(code, sizeof code, "%s", base);
	do {
		taken = 0;
		for (i = 0; i < s->ncodes && !taken; i++)
			taken = strcmp(s->codes[i], code) == 0;
		if (taken)
			snprintf(code, sizeof code, "%s%zu", base, ++k);
	} while (taken);
	s->names = xreallocarray(s->names, s->ncodes + 1, sizeof *s->names);
	s->codes = xreallocarray(s->codes, s->ncodes + 1, sizeof *s->codes);
	s->names[s->ncodes] = xstrdup(name);
	s->codes[s->ncodes] = xstrdup(code);
	return s->codes[s->ncodes++];
}

/* ms as SDIS time "hh:mm:ss", rounded to the nearest second (hours go on
 * past 23 for a day that crosses midnight). */
static void
sdis_put_time(FILE *f, int64_t ms)
{
	int64_t	s = (ms + 500) / 1000;

	fprintf(f, "%02lld:%02lld:%02lld", (long long)(s / 3600),
	    (long long)(s / 60 % 60), (long long)(s % 60));
}

/* A session label: <school head observer date>, the bytes SDIS gives a
 * meaning to ('<', '>', '/', ';', controls and non-ASCII) made '_'. */
static void
sdis_put_label(FILE *f, const struct timeline *tl)
{
	const char	*parts[4] = { tl->date, tl->school, tl->head,
			    tl->observer };
	const char	*p;
	size_t		 i;
	int		 c, first = 1;

	putc('<', f);
	for (i = 0; i < 4; i++) {
		if (parts[i] == NULL || *parts[i] == '\0')
			continue;
		if (!first)
			putc(' ', f);
		first = 0;
		for (p = parts[i]; *p != '\0'; p++) {
			c = (unsigned char)*p;
			putc(c < 0x20 || c > 0x7e || c == '<' || c == '>' ||
			    c == '/' || c == ';' ? '_' : c, f);
		}
	}
	putc('>', f);
}

void
sdis_add(struct sdis *s, const struct timeline *tl)
{
	const struct tl_item	*it;
	FILE			*f;
	char			*text = NULL;
	size_t			 len = 0, i, g;

	/* Every group of the scheme is declared, met or not. */
	for (g = 0; g < tl->scheme->ngroups; g++)
		sdis_code_of(s, timeline_group_name(tl, (int)g));
	sdis_code_of(s, timeline_group_name(tl, -1));
	if ((f = open_memstream(&text, &len)) == NULL)
		abort();
	sdis_put_label(f, tl);
	fputs(" ,", f);
	sdis_put_time(f, tl->begin);
	for (i = 0; i < tl->nitems; i++) {
		it = &tl->items[i];
		if ((it->kind != TL_EPISODE && it->kind != TL_ALONE) ||
		    (it->end + 500) / 1000 <= (it->start + 500) / 1000)
			continue;
		fprintf(f, "\n%s,", sdis_code_of(s, timeline_group_name(tl,
		    it->kind == TL_EPISODE ? it->group : -1)));
		sdis_put_time(f, it->start);
		putc('-', f);
		sdis_put_time(f, it->end);
	}
	fputs("\n,", f);
	sdis_put_time(f, tl->end);
	fputs("/\n", f);
	if (fclose(f) != 0)
		abort();
	s->sessions = xreallocarray(s->sessions, s->len + len + 1, 1);
	memcpy(s->sessions + s->len, text, len + 1);
	s->len += len;
	free(text);
}

char *
sdis_text(const struct sdis *s)
{
	FILE	*f;
	char	*text = NULL;
	size_t	 len = 0, i;

	if ((f = open_memstream(&text, &len)) == NULL)
		abort();
	fputs("Timed", f);
	for (i = 0; i < s->ncodes; i++)
		fprintf(f, " %s", s->codes[i]);
	fputs(" ;\n", f);
	if (s->len > 0)
		fputs(s->sessions, f);
	if (fclose(f) != 0)
		abort();
	return text;
}

int
sdis_write(const struct sdis *s, const char *path, struct err *e)
{
	char	*tmp, *text;
	size_t	 len;
	int	 fd, rc = -1;

	tmp = xasprintf("%s.XXXXXX", path);
	if ((fd = mkstemp(tmp)) == -1) {	/* mode 0600 */
		err_set(e, ERR_CANTCREAT, "%s", strerror(errno));
		err_file(e, path);
		free(tmp);
		return -1;
	}
	text = sdis_text(s);
	len = strlen(text);
	errno = 0;
	if (write(fd, text, len) != (ssize_t)len || fsync(fd) != 0)
		err_set(e, ERR_IO, "%s", strerror(errno != 0 ? errno : EIO));
	else if (rename(tmp, path) != 0)
		err_set(e, ERR_CANTCREAT, "%s", strerror(errno));
	else if (durable_sync_dir(path) != 0)
		err_set(e, ERR_IO, "%s", strerror(errno));
	else
		rc = 0;
	if (close(fd) != 0 && rc == 0)
		rc = err_set(e, ERR_IO, "%s", strerror(errno));
	if (rc != 0) {
		err_file(e, path);
		unlink(tmp);
	}
	free(text);
	free(tmp);
	return rc;
}

void
sdis_free(struct sdis *s)
{
	size_t	i;

	if (s == NULL)
		return;
	for (i = 0; i < s->ncodes; i++) {
		free(s->names[i]);
		free(s->codes[i]);
	}
	free(s->names);
	free(s->codes);
	free(s->sessions);
	free(s);
}
