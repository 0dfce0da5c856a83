/*
 * UTF-8 checking and safe display (common/text.c).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "test.h"
#include "text.h"

static void
test_utf8_len(void)
{
	T_EQ_INT(text_utf8_len((const unsigned char *)"a", 1), 1);
	T_EQ_INT(text_utf8_len((const unsigned char *)"\xc3\xa9", 2), 2);
	T_EQ_INT(text_utf8_len((const unsigned char *)"\xe2\x82\xac", 3), 3);
	T_EQ_INT(text_utf8_len((const unsigned char *)"\xf0\x9f\x98\x80", 4), 4);
	/* cut short, overlong, surrogate, past U+10FFFF, lone continuation */
	T_EQ_INT(text_utf8_len((const unsigned char *)"\xe2\x82", 2), 0);
	T_EQ_INT(text_utf8_len((const unsigned char *)"\xc0\xaf", 2), 0);
	T_EQ_INT(text_utf8_len((const unsigned char *)"\xe0\x80\xaf", 3), 0);
	T_EQ_INT(text_utf8_len((const unsigned char *)"\xed\xa0\x80", 3), 0);
	T_EQ_INT(text_utf8_len((const unsigned char *)"\xf4\x90\x80\x80", 4), 0);
	T_EQ_INT(text_utf8_len((const unsigned char *)"\x80", 1), 0);
	T_EQ_INT(text_utf8_valid("caf\xc3\xa9 ok", 8), 1);
	T_EQ_INT(text_utf8_valid("caf\xc3", 4), 0);
}

static void
test_control(void)
{
	T_EQ_INT(text_is_control((const unsigned char *)"\x1b", 1), 1);
	T_EQ_INT(text_is_control((const unsigned char *)"\x7f", 1), 1);
	T_EQ_INT(text_is_control((const unsigned char *)" ", 1), 0);
	T_EQ_INT(text_is_control((const unsigned char *)"\xc2\x9b", 2), 1);
	T_EQ_INT(text_is_control((const unsigned char *)"\xc2\xa0", 2), 0);
}

static void
test_show(void)
{
	char	*s;

	s = text_show("note\x1b[31m red", 13, 100);
	T_EQ_STR(s, "note\\x1b[31m red");
	free(s);
	s = text_show("a\xff" "b", 3, 100);
	T_EQ_STR(s, "a\\xffb");
	free(s);
	/* Cut at 4 bytes, never inside the 2-byte e-acute. */
	s = text_show("caf\xc3\xa9s", 6, 4);
	T_EQ_STR(s, "caf...");
	free(s);
	s = text_show("", 0, 10);
	T_EQ_STR(s, "");
	free(s);
}

static void
test_trim(void)
{
	char	s[32];

	strcpy(s, " \t DH \t");
	T_EQ_INT(text_trim(s), 2);
	T_EQ_STR(s, "DH");
	strcpy(s, "a  b");		/* inside is kept */
	T_EQ_INT(text_trim(s), 4);
	T_EQ_STR(s, "a  b");
	strcpy(s, " \t ");
	T_EQ_INT(text_trim(s), 0);
	T_EQ_STR(s, "");
	strcpy(s, "\xc2\xa0x\n");	/* only ASCII space and tab */
	T_EQ_INT(text_trim(s), 4);
}

static void
test_nearest(void)
{
	static const char *const groups[] = {
		"SLT", "teachers", "support staff", "pupils", "parents",
		"visitors"
	};

	T_EQ_INT(text_nearest("support", 7, groups, 6), 2);	/* prefix */
	T_EQ_INT(text_nearest("Teacher", 7, groups, 6), 1);
	T_EQ_INT(text_nearest("pupil", 5, groups, 6), 3);
	T_EQ_INT(text_nearest("suport", 6, groups, 6), 2);
	T_EQ_INT(text_nearest("slt", 3, groups, 6), -1);	/* exact: no */
	T_EQ_INT(text_nearest("p", 1, groups, 6), -1);	/* two begin p */
	T_EQ_INT(text_nearest("xyz", 3, groups, 6), -1);
	T_EQ_INT(text_nearest("", 0, groups, 6), -1);
}

/* What text_put_html writes of s, in buf. */
static const char *
html(char buf[256], const char *s)
{
	FILE	*f;

	memset(buf, 0, 256);
	if ((f = fmemopen(buf, 255, "w")) == NULL)
		return "";
	text_put_html(f, s);
	fclose(f);
	return buf;
}

static void
test_media(void)
{
	char	*s, buf[256];

	s = text_terminal("a\x1b[2J\xff\xc3\xa9");
	T_EQ_STR(s, "a\\x1b[2J\\xff\xc3\xa9");
	free(s);
	T_EQ_STR(html(buf, "<a href='x'>&\"\n\x1b\xff\xc2\x85\xc3\xa9"),
	    "&lt;a href=&#39;x&#39;&gt;&amp;&quot; "
	    "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\xc3\xa9");
	T_EQ_STR(html(buf, NULL), "");
	s = text_gnuplot("ab 1\x01\xc3\xa9", 10);
	T_EQ_STR(s, "\"ab \\061 \\303\\251\"");
	free(s);
	s = text_gnuplot("a]]>b", 10);	/* no "]]>" for SVG */
	T_EQ_STR(s, "\"a\\135\\135 \\076b\"");
	free(s);
	s = text_gnuplot("\xff\xef\xbf\xbe", 10);
	T_EQ_STR(s, "\"\\357\\277\\275\\357\\277\\275\"");
	free(s);
	s = text_gnuplot("abcdef", 3);
	T_EQ_STR(s, "\"abc\\342\\200\\246\"");
	free(s);
	s = text_gnuplot("abc", 3);	/* not cut: no ellipsis */
	T_EQ_STR(s, "\"abc\"");
	free(s);
}

void
text_test_register(void)
{
	CU_pSuite s = CU_add_suite("text", NULL, NULL);

	CU_add_test(s, "UTF-8 lengths and validity", test_utf8_len);
	CU_add_test(s, "control characters, C1 included", test_control);
	CU_add_test(s, "safe display", test_show);
	CU_add_test(s, "trimming spaces and tabs", test_trim);
	CU_add_test(s, "the nearest name", test_nearest);
	CU_add_test(s, "safe text for a terminal, HTML and gnuplot",
	    test_media);
}
