/*
 * Inlining a chart's SVG in an HTML page, drawing only: no script, style,
 * link out or event handler survives, and every id gets a prefix so that
 * many charts live in one page.
 */
#ifndef SVG_H
#define SVG_H

#include <stdio.h>

/* Writes svg (NUL-terminated) to f from its <svg> to its last </svg>:
 * elements not plain drawing made inert text, ids and references to them
 * given prefix, extra written into the root tag.  -1 (nothing written)
 * when svg holds no <svg> element. */
int	svg_inline(FILE *f, const char *svg, const char *prefix,
	    const char *extra);

#endif
