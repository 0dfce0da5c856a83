/*
 * A chart's SVG made fit to inline in an HTML page: from its <svg> to its
 * last </svg>, drawing only.  Easy to get wrong: the SVG comes from a
 * program fed text from a log, so anything that is not plain drawing
 * (script, style, links out, event handlers) must come out inert, and
 * ids must be made unique per chart, as many charts share one page.
 */
#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "svg.h"

/* The SVG elements a chart may keep: drawing only. */
static const char *const svg_elements[] = {
	"circle", "clipPath", "defs", "desc", "ellipse", "feBlend",
	"feColorMatrix", "feComposite", "feFlood", "feGaussianBlur", "feMerge",
	"feMergeNode", "feOffset", "filter", "g", "line", "linearGradient",
	"marker", "mask", "path", "pattern", "polygon", "polyline",
	"radialGradient", "rect", "stop", "svg", "symbol", "text", "title",
	"tspan", "use", NULL
};

static int
svg_allowed(const char *name, size_t len)
{
	size_t	i;

	for (i = 0; svg_elements[i] != NULL; i++) {
		if (strlen(svg_elements[i]) == len &&
		    strncasecmp(svg_elements[i], name, len) == 0)
			return 1;
	}
	return 0;
}

static int
svg_name_char(int c)
{
	return isalnum(c) || c == ':' || c == '-' || c == '_' || c == '.';
}

/* Writes an attribute value, each "url(#" given the chart's prefix; -1
 * (nothing written) when it points anywhere but inside the chart. */
static int
svg_urls(FILE *f, const char *v, size_t n, const char *prefix,
    int check)
{
	size_t	i;

	for (i = 0; i + 4 <= n; i++) {
		if (strncasecmp(v + i, "url(", 4) == 0 &&
		    (i + 4 == n || v[i + 4] != '#'))
			return -1;
	}
	if (check)
		return 0;
	for (i = 0; i < n; i++) {
		putc(v[i], f);
		if (i >= 3 && i + 1 < n && v[i + 1] == '#' &&
		    strncasecmp(v + i - 3, "url(", 4) == 0) {
			fprintf(f, "#%s", prefix);
			i++;
		}
	}
	return 0;
}

/* Writes one attribute of an allowed element, or leaves it out: no event
 * handlers, links only to the chart's own ids (which get its prefix). */
static void
svg_attr(FILE *f, const char *name, size_t nlen, const char *v,
    size_t vlen, int quote, const char *prefix)
{
	int	href, id;

	if (nlen >= 2 && strncasecmp(name, "on", 2) == 0)
		return;
	href = nlen >= 4 && strncasecmp(name + nlen - 4, "href", 4) == 0;
	id = nlen == 2 && strncasecmp(name, "id", 2) == 0;
	if (href && (vlen == 0 || v[0] != '#'))
		return;
	if (v != NULL && svg_urls(f, v, vlen, prefix, 1) != 0)
		return;
	putc(' ', f);
	fwrite(name, 1, nlen, f);
	if (v == NULL)
		return;
	if (quote != '\'')
		quote = '"';
	fprintf(f, "=%c", quote);
	if (id)
		fputs(prefix, f);
	if (href) {
		fprintf(f, "#%s", prefix);
		v++;
		vlen--;
	}
	if (quote == '"' && memchr(v, '"', vlen) != NULL) {
		for (; vlen > 0; v++, vlen--) {
			if (*v == '"')
				fputs("&quot;", f);
			else
				putc(*v, f);
		}
	} else
		svg_urls(f, v, vlen, prefix, 0);
	putc(quote, f);
}

/* Copies the attributes of a tag starting at p, up to and including its
 * '>' (written as "/>" when the tag closes itself); returns where the tag
 * ends and sets *empty. */
static const char *
svg_attrs(FILE *f, const char *p, const char *end,
    const char *prefix, const char *extra, int *empty)
{
	const char	*name, *v;
	size_t		 nlen, vlen;
	int		 quote;

	*empty = 0;
	for (;;) {
		while (p < end && isspace((unsigned char)*p))
			p++;
		if (p == end || *p == '>' || (*p == '/' && p + 1 < end &&
		    p[1] == '>'))
			break;
		name = p;
		while (p < end && !isspace((unsigned char)*p) && *p != '=' &&
		    *p != '>' && *p != '/')
			p++;
		nlen = (size_t)(p - name);
		if (nlen == 0) {
			p++;		/* a stray '/' */
			continue;
		}
		v = NULL;
		vlen = 0;
		quote = 0;
		while (p < end && isspace((unsigned char)*p))
			p++;
		if (p < end && *p == '=') {
			p++;
			while (p < end && isspace((unsigned char)*p))
				p++;
			if (p < end && (*p == '"' || *p == '\''))
				quote = *p++;
			v = p;
			while (p < end && (quote ? *p != quote :
			    !isspace((unsigned char)*p) && *p != '>'))
				p++;
			vlen = (size_t)(p - v);
			if (quote && p < end)
				p++;
		}
		svg_attr(f, name, nlen, v, vlen, quote, prefix);
	}
	if (extra != NULL)
		fputs(extra, f);
	if (p < end && *p == '/') {
		*empty = 1;
		p++;
	}
	fputs(*empty ? "/>" : ">", f);
	return p < end ? p + 1 : p;
}

/* Elements that are not drawing have their '<' escaped; comments, the
 * prolog and the doctype are dropped. */
int
svg_inline(FILE *f, const char *svg, const char *prefix, const char *extra)
{
	const char	*p, *end, *name, *q;
	size_t		 nlen;
	int		 closing, empty, depth = 0;

	p = strstr(svg, "<svg");
	end = NULL;
	for (q = p; q != NULL; q = strstr(q + 1, "</svg"))
		end = q;
	if (p == NULL || end == NULL || end <= p)
		return -1;
	while (p < end) {
		if (*p != '<') {
			q = memchr(p, '<', (size_t)(end - p));
			q = q == NULL ? end : q;
			fwrite(p, 1, (size_t)(q - p), f);
			p = q;
			continue;
		}
		if (end - p >= 4 && strncmp(p, "<!--", 4) == 0) {
			q = strstr(p + 4, "-->");
			p = q == NULL || q >= end ? end : q + 3;
			continue;
		}
		closing = p + 1 < end && p[1] == '/';
		name = p + 1 + closing;
		for (q = name; q < end && svg_name_char((unsigned char)*q);)
			q++;
		nlen = (size_t)(q - name);
		if (nlen == 0 || !svg_allowed(name, nlen) ||
		    (closing && nlen == 3 && strncasecmp(name, "svg", 3) == 0 &&
		    depth <= 1)) {
			fputs("&lt;", f);
			p++;
			continue;
		}
		fprintf(f, "<%s", closing ? "/" : "");
		fwrite(name, 1, nlen, f);
		p = svg_attrs(f, q, end, prefix,
		    depth == 0 ? extra : NULL, &empty);
		if (nlen == 3 && strncasecmp(name, "svg", 3) == 0 && !empty)
			depth += closing ? -1 : 1;
	}
	fputs("</svg>", f);
	return 0;
}
