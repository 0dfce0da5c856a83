/*
 * svg_inline: a chart's SVG is made fit to sit in the report's HTML.  The
 * SVG is drawn from text out of a log, so every case here is one a hostile
 * or damaged log could bring: scripts, handlers, links out, a second root,
 * comments hiding markup; and ids that must not collide between charts.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "svg.h"
#include "test.h"

/* svg_inline's output for svg as a string (the caller frees); *rc its
 * return. */
static char *
inl(const char *svg, const char *prefix, const char *extra, int *rc)
{
	char	*buf = NULL;
	size_t	 len = 0;
	FILE	*f;

	if ((f = open_memstream(&buf, &len)) == NULL)
		return NULL;
	*rc = svg_inline(f, svg, prefix, extra);
	fclose(f);
	return buf;
}

static void
check(const char *svg, const char *want)
{
	char	*got;
	int	 rc = -2;

	got = inl(svg, "c1-", NULL, &rc);
	T_EQ_INT(rc, 0);
	T_EQ_STR(got, want);
	free(got);
}

/* The prolog, doctype and what follows the last </svg> go; ids and the
 * references to them get the chart's prefix; extra lands in the root tag
 * only. */
static void
test_ids(void)
{
	char	*got;
	int	 rc = -2;

	got = inl("<?xml version=\"1.0\"?>\n<!DOCTYPE svg>\n"
	    "<svg width=\"10\"><g id=\"a\"><rect fill=\"url(#a)\"/></g>"
	    "<use xlink:href=\"#a\"/></svg>\ntrailer", "c1-",
	    " role=\"img\"", &rc);
	T_EQ_INT(rc, 0);
	T_EQ_STR(got, "<svg width=\"10\" role=\"img\"><g id=\"c1-a\">"
	    "<rect fill=\"url(#c1-a)\"/></g><use xlink:href=\"#c1-a\"/>"
	    "</svg>");
	free(got);
}

/* Anything that is not drawing is left as inert text: its '<' escaped,
 * whatever the case of its name. */
static void
test_inert(void)
{
	check("<svg><script>alert(1)</script><text>a</text></svg>",
	    "<svg>&lt;script>alert(1)&lt;/script><text>a</text></svg>");
	check("<svg><SCRIPT>x</SCRIPT></svg>",
	    "<svg>&lt;SCRIPT>x&lt;/SCRIPT></svg>");
	check("<svg><style>*{}</style><a href=\"http://x\">t</a></svg>",
	    "<svg>&lt;style>*{}&lt;/style>&lt;a href=\"http://x\">t&lt;/a>"
	    "</svg>");
	check("<svg><foreignObject><p>x</p></foreignObject></svg>",
	    "<svg>&lt;foreignObject>&lt;p>x&lt;/p>&lt;/foreignObject></svg>");
}

/* Event handlers, links out and url() out of the chart are dropped,
 * attribute by attribute; the element stays. */
static void
test_attributes(void)
{
	check("<svg onload=\"x()\" ONCLICK=y><rect/></svg>",
	    "<svg><rect/></svg>");
	check("<svg><use href=\"http://evil/#x\"/></svg>",
	    "<svg><use/></svg>");
	check("<svg><rect style=\"fill:url(http://x/a.png)\" x=\"1\"/></svg>",
	    "<svg><rect x=\"1\"/></svg>");
	check("<svg><rect fill=\"url(\"/></svg>", "<svg><rect/></svg>");
	check("<svg><text font-family='a\"b'>t</text></svg>",
	    "<svg><text font-family='a\"b'>t</text></svg>");
	check("<svg><text x=a\"b>t</text></svg>",
	    "<svg><text x=\"a&quot;b\">t</text></svg>");
	check("<svg><text hidden>t</text></svg>",
	    "<svg><text hidden>t</text></svg>");
}

/* One root: a </svg> that would close it early is text, so what follows
 * cannot escape; a nested <svg> is drawing and closes normally. */
static void
test_one_root(void)
{
	check("<svg><rect/></svg><script>x</script></svg>",
	    "<svg><rect/>&lt;/svg>&lt;script>x&lt;/script></svg>");
	check("<svg><svg x=\"1\"><rect/></svg></svg>",
	    "<svg><svg x=\"1\"><rect/></svg></svg>");
	check("<svg><!-- <script>x</script> --><rect/></svg>",
	    "<svg><rect/></svg>");
	check("<svg><!-- never closed <rect/></svg>", "<svg></svg>");
}

/* No chart: nothing written and -1. */
static void
test_none(void)
{
	const char	*bad[] = { "", "hello", "<svg width=\"1\">",
	    "</svg><svg>", NULL };
	char		*got;
	int		 i, rc;

	for (i = 0; bad[i] != NULL; i++) {
		rc = 0;
		got = inl(bad[i], "c1-", " role=\"img\"", &rc);
		T_EQ_INT(rc, -1);
		T_EQ_STR(got, "");
		free(got);
	}
}

void
svg_test_register(void)
{
	CU_pSuite s = CU_add_suite("svg", NULL, NULL);

	CU_add_test(s, "ids prefixed, prolog and trailer gone", test_ids);
	CU_add_test(s, "elements not drawing made inert", test_inert);
	CU_add_test(s, "handlers and links out dropped", test_attributes);
	CU_add_test(s, "one root, comments dropped", test_one_root);
	CU_add_test(s, "no chart: nothing written", test_none);
}
