/*
 * UTF-8 checking, safe display of outside text, and its width on a
 * terminal.  Validity follows RFC 3629: no overlong forms, no surrogates,
 * nothing past U+10FFFF.  Widths come from glibc's wcwidth, which knows
 * only the characters of the locale's character type: hence text_locale.
 */
#include <ctype.h>
#include <langinfo.h>
#include <locale.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <wchar.h>

#include "text.h"
#include "xmalloc.h"

#define TEXT_REPLACEMENT	"\xef\xbf\xbd"	/* U+FFFD */
#define TEXT_ELLIPSIS		"\xe2\x80\xa6"	/* U+2026 */

size_t
text_utf8_len(const unsigned char *p, size_t left)
{
	size_t		n, i;
	unsigned	c;

	if (p[0] < 0x80)
		return 1;
	if (p[0] >= 0xc2 && p[0] <= 0xdf) {
		n = 2;
		c = p[0] & 0x1f;
	} else if (p[0] >= 0xe0 && p[0] <= 0xef) {
		n = 3;
		c = p[0] & 0x0f;
	} else if (p[0] >= 0xf0 && p[0] <= 0xf4) {
		n = 4;
		c = p[0] & 0x07;
	} else
		return 0;
	if (n > left)
		return 0;
	for (i = 1; i < n; i++) {
		if ((p[i] & 0xc0) != 0x80)
			return 0;
		c = (c << 6) | (p[i] & 0x3f);
	}
	if ((n == 3 && c < 0x800) || (n == 4 && c < 0x10000) ||
	    c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff))
		return 0;
	return n;
}

int
text_is_control(const unsigned char *p, size_t n)
{
	if (n == 1)
		return p[0] < 0x20 || p[0] == 0x7f;
	return n == 2 && p[0] == 0xc2 && p[1] < 0xa0;
}

int
text_utf8_valid(const char *s, size_t len)
{
	const unsigned char	*u = (const unsigned char *)s;
	size_t			 i = 0, n;

	while (i < len) {
		if ((n = text_utf8_len(u + i, len - i)) == 0)
			return 0;
		i += n;
	}
	return 1;
}

char *
text_show(const char *s, size_t len, size_t max)
{
	const unsigned char	*u = (const unsigned char *)s;
	char			*out;
	size_t			 i = 0, o = 0, n;

	out = xmalloc((len < max ? len : max) * 4 + 8);
	while (i < len) {
		n = text_utf8_len(u + i, len - i);
		if (i + (n == 0 ? 1 : n) > max)
			break;
		if (n == 0 || text_is_control(u + i, n)) {
			o += (size_t)snprintf(out + o, 5, "\\x%02x", u[i]);
			i++;
			continue;
		}
		memcpy(out + o, u + i, n);
		o += n;
		i += n;
	}
	if (i < len) {
		memcpy(out + o, "...", 3);
		o += 3;
	}
	out[o] = '\0';
	return out;
}

char *
text_terminal(const char *s)
{
	return text_show(s, strlen(s), SIZE_MAX);
}

void
text_locale(void)
{
	const char	*set = setlocale(LC_CTYPE, "");

	if (set == NULL || strcmp(nl_langinfo(CODESET), "UTF-8") != 0)
		setlocale(LC_CTYPE, "C.UTF-8");
}

/* The code point of the n-byte valid UTF-8 character at p. */
static wchar_t
text_code_point(const unsigned char *p, size_t n)
{
	static const unsigned char	lead[] = { 0, 0x7f, 0x1f, 0x0f, 0x07 };
	wchar_t				c = p[0] & lead[n];
	size_t				i;

	for (i = 1; i < n; i++)
		c = (c << 6) | (p[i] & 0x3f);
	return c;
}

size_t
text_width(const char *s)
{
	const unsigned char	*p = (const unsigned char *)s;
	size_t			 left = strlen(s), w = 0, n;
	int			 cw;

	while (left > 0) {
		n = text_utf8_len(p, left);
		if (n == 0)
			n = 1;	/* not UTF-8: a column, as \xNN would be */
		cw = n == 1 ? 1 : wcwidth(text_code_point(p, n));
		w += cw < 0 ? 1 : (size_t)cw;	/* unknown here: one */
		p += n;
		left -= n;
	}
	return w;
}

/* What an ASCII byte is in HTML when not itself: an entity, or a space
 * for a line break or a tab. */
static const char *
text_html_entity(unsigned char c)
{
	switch (c) {
	case '&':
		return "&amp;";
	case '<':
		return "&lt;";
	case '>':
		return "&gt;";
	case '"':
		return "&quot;";
	case '\'':
		return "&#39;";
	case '\n':
	case '\t':
	case '\r':
		return " ";
	default:
		return NULL;
	}
}

void
text_put_html(FILE *f, const char *s)
{
	const unsigned char	*p = (const unsigned char *)s;
	const char		*e;
	size_t			 left, n;

	if (s == NULL)
		return;
	for (left = strlen(s); left > 0; p += n, left -= n) {
		n = text_utf8_len(p, left);
		e = n == 1 ? text_html_entity(*p) : NULL;
		if (e != NULL)
			fputs(e, f);
		else if (n == 0 || text_is_control(p, n))
			fputs(TEXT_REPLACEMENT, f);
		else
			fwrite(p, 1, n, f);
		if (n == 0)
			n = 1;
	}
}

/* Appends c to o as gnuplot reads it back: ASCII letters and spaces as
 * they are, any other byte as an octal escape (digits too: gnuplot reads
 * as many octal digits as follow). */
static char *
text_gnuplot_byte(char *o, unsigned char c)
{
	if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == ' ')
		*o++ = (char)c;
	else
		o += sprintf(o, "\\%03o", c);
	return o;
}

char *
text_gnuplot(const char *s, size_t max)
{
	const unsigned char	*p = (const unsigned char *)s, *add;
	size_t			 left = strlen(s), n, k, used;
	char			*out, *o;
	int			 brackets = 0;

	/* At most U+FFFD, 12 bytes escaped, and a space for each byte. */
	o = out = xmalloc(left * 16 + 32);
	*o++ = '"';
	for (used = 0; left > 0; used++) {
		n = text_utf8_len(p, left);
		if (used == max)
			add = (const unsigned char *)TEXT_ELLIPSIS;
		else if (n == 0 || (n == 3 && memcmp(p, "\xef\xbf", 2) == 0 &&
		    p[2] >= 0xbe))
			add = (const unsigned char *)TEXT_REPLACEMENT;
		else if (text_is_control(p, n))
			add = (const unsigned char *)" ";
		else
			add = p;
		k = add == p ? n : strlen((const char *)add);
		if (k == 1 && *add == '>' && brackets >= 2)
			*o++ = ' ';
		brackets = k == 1 && *add == ']' ? brackets + 1 : 0;
		while (k-- > 0)
			o = text_gnuplot_byte(o, *add++);
		if (used == max)
			break;
		n = n == 0 ? 1 : n;
		p += n;
		left -= n;
	}
	*o++ = '"';
	*o = '\0';
	return out;
}

static int
text_is_blank(char c)
{
	return c == ' ' || c == '\t';
}

size_t
text_trim(char *s)
{
	size_t	len = strlen(s), start = 0;

	while (len > 0 && text_is_blank(s[len - 1]))
		len--;
	while (start < len && text_is_blank(s[start]))
		start++;
	memmove(s, s + start, len - start);
	s[len - start] = '\0';
	return len - start;
}

/* Edit distance of a and b ignoring ASCII case, capped at 3. */
static size_t
text_distance(const char *a, size_t alen, const char *b, size_t blen)
{
	size_t	row[64], i, j, diag, up, best;

	if (alen >= 63 || blen >= 63)
		return 3;
	for (j = 0; j <= blen; j++)
		row[j] = j;
	for (i = 1; i <= alen; i++) {
		diag = row[0];
		row[0] = i;
		for (j = 1; j <= blen; j++) {
			up = row[j];
			best = diag + (tolower((unsigned char)a[i - 1]) !=
			    tolower((unsigned char)b[j - 1]));
			if (up + 1 < best)
				best = up + 1;
			if (row[j - 1] + 1 < best)
				best = row[j - 1] + 1;
			row[j] = best;
			diag = up;
		}
	}
	return row[blen] < 3 ? row[blen] : 3;
}

int
text_nearest(const char *s, size_t len, const char *const *names, size_t n)
{
	size_t	i, k, d, e, best = 3, nbest = 0, nprefix = 0;
	int	prefix = -1, near = -1;

	if (len == 0)
		return -1;
	for (i = 0; i < n; i++) {
		if (strlen(names[i]) > len &&
		    strncasecmp(names[i], s, len) == 0) {
			prefix = (int)i;
			nprefix++;
		}
	}
	if (nprefix == 1)
		return prefix;
	for (i = 0; i < n; i++) {
		d = text_distance(s, len, names[i], strlen(names[i]));
		for (k = len - 1; len >= 4 && k <= len + 1; k++) {
			if (k < strlen(names[i]) &&
			    (e = text_distance(s, len, names[i], k)) < d)
				d = e;	/* a slip in the start of a long name */
		}
		if (d < best) {
			best = d;
			near = (int)i;
			nbest = 1;
		} else if (d == best)
			nbest++;
	}
	if (nbest != 1 || best == 0 || best > (len >= 5 ? 2u : 1u))
		return -1;
	return near;
}
