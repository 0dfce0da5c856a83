/*
 * Tests of the live keys as a pure function: byte arrays in, actions out.
 * Every byte is fed one at a time, then the read is flushed as live.c does,
 * so a trailing ESC counts as a lone Escape.
 */
#include <stdlib.h>
#include <string.h>

#include <CUnit/CUnit.h>

#include "keys.h"
#include "scheme.h"
#include "test.h"
#include "xmalloc.h"

#define MAX_ACTIONS	64

struct got {
	struct key_action	 a[MAX_ACTIONS];
	char			*text[MAX_ACTIONS];	/* copies */
	size_t			 n;
	size_t			 dropped;	/* past MAX_ACTIONS */
};

static void
got_free(struct got *g)
{
	size_t	i;

	for (i = 0; i < g->n; i++)
		free(g->text[i]);
	g->n = 0;
}

static void
got_add(struct got *g, const struct key_action *a)
{
	if (g->n == MAX_ACTIONS) {
		g->dropped++;
		return;
	}
	g->a[g->n] = *a;
	g->text[g->n] = a->text != NULL ? xstrdup(a->text) : NULL;
	g->n++;
}

/* Feeds len bytes of s, then flushes, collecting the actions. */
static void
feed(struct keys *k, const struct scheme *s, const char *bytes, size_t len,
    struct got *g)
{
	struct key_action	a;
	size_t			i;

	got_free(g);
	g->dropped = 0;
	for (i = 0; i < len; i++) {
		if (keys_feed(k, s, (unsigned char)bytes[i], &a) == 1)
			got_add(g, &a);
	}
	if (keys_flush(k, &a) == 1)
		got_add(g, &a);
}

#define FEED(k, s, str, g) feed(k, s, str, sizeof(str) - 1, g)

static void
test_group_keys(void)
{
	struct scheme	*s = scheme_default();
	struct keys	 k;
	struct got	 g = { .n = 0 };
	const char	*keys = "stapvr";
	size_t		 i;
	char		 ch[2];

	keys_init(&k);
	for (i = 0; keys[i] != '\0'; i++) {
		ch[0] = keys[i];
		feed(&k, s, ch, 1, &g);
		T_EQ_INT(g.n, 1);
		T_EQ_INT(g.a[0].type, KEY_START);
		T_EQ_INT(g.a[0].group, scheme_find_key(s, keys[i], NULL));
		T_EQ_INT(g.a[0].by, RECORD_BY_HEAD);
		ch[0] = (char)(keys[i] - 'a' + 'A');
		feed(&k, s, ch, 1, &g);
		T_EQ_INT(g.n, 1);
		T_EQ_INT(g.a[0].type, KEY_START);
		T_EQ_INT(g.a[0].group, scheme_find_key(s, keys[i], NULL));
		T_EQ_INT(g.a[0].by, RECORD_BY_OTHER);
	}
	FEED(&k, s, "t", &g);
	T_EQ_INT(g.a[0].group, 1);
	FEED(&k, s, "P", &g);
	T_EQ_INT(g.a[0].group, 3);
	T_EQ_INT(g.a[0].by, RECORD_BY_OTHER);
	got_free(&g);
	scheme_free(s);
}

static void
test_digit_group_key(void)
{
	const char	 text[] = "group 1 \"local authority\"\ngroup g "
	    "governors\n";
	struct scheme	*s;
	struct keys	 k;
	struct got	 g = { .n = 0 };
	char		*cause = NULL, **legend;
	size_t		 i;

	s = test_parse_scheme(text, sizeof text - 1, "test.scheme", &cause);
	CU_ASSERT_PTR_NOT_NULL_FATAL(s);
	keys_init(&k);
	FEED(&k, s, "1", &g);
	T_EQ_INT(g.n, 1);
	T_EQ_INT(g.a[0].type, KEY_START);
	T_EQ_INT(g.a[0].group, 0);
	T_EQ_INT(g.a[0].by, RECORD_BY_HEAD);
	FEED(&k, s, "G", &g);
	T_EQ_INT(g.a[0].group, 1);
	T_EQ_INT(g.a[0].by, RECORD_BY_OTHER);
	FEED(&k, s, "t", &g);		/* not in this scheme */
	T_EQ_INT(g.n, 1);
	T_EQ_INT(g.a[0].type, KEY_MESSAGE);
	legend = keys_legend(s);
	T_EQ_STR(legend[0], "1 local authority");
	T_EQ_STR(legend[1], "g/G governors");
	for (i = 0; legend[i] != NULL; i++)
		free(legend[i]);
	free(legend);
	got_free(&g);
	scheme_free(s);
}

static void
test_end_pause_undo_flip(void)
{
	struct scheme	*s = scheme_default();
	struct keys	 k;
	struct got	 g = { .n = 0 };

	keys_init(&k);
	FEED(&k, s, " .\t\x7f\x08~", &g);
	T_EQ_INT(g.n, 6);
	T_EQ_INT(g.a[0].type, KEY_END);
	T_EQ_INT(g.a[1].type, KEY_END);
	T_EQ_INT(g.a[2].type, KEY_PAUSE);
	T_EQ_INT(g.a[3].type, KEY_UNDO);
	T_EQ_INT(g.a[4].type, KEY_UNDO);
	T_EQ_INT(g.a[5].type, KEY_FLIP);
	FEED(&k, s, "\r\n", &g);	/* Enter alone does nothing */
	T_EQ_INT(g.n, 0);
	got_free(&g);
	scheme_free(s);
}

static void
test_unknown_keys(void)
{
	struct scheme	*s = scheme_default();
	struct keys	 k;
	struct got	 g = { .n = 0 };

	keys_init(&k);
	FEED(&k, s, "x", &g);
	T_EQ_INT(g.n, 1);
	T_EQ_INT(g.a[0].type, KEY_MESSAGE);
	T_EQ_STR(g.text[0], "key x does nothing: see the keys below");
	FEED(&k, s, "Q", &g);
	T_EQ_INT(g.a[0].type, KEY_MESSAGE);
	T_EQ_STR(g.text[0], "key Q does nothing: see the keys below");
	FEED(&k, s, "\x01", &g);
	T_EQ_INT(g.a[0].type, KEY_MESSAGE);
	T_EQ_STR(g.text[0], "that key does nothing: see the keys below");
	FEED(&k, s, "\xc3\xa9", &g);	/* one message for one character */
	T_EQ_INT(g.n, 1);
	T_EQ_INT(g.a[0].type, KEY_MESSAGE);
	T_EQ_INT(k.mode, KEYS_NORMAL);
	got_free(&g);
	scheme_free(s);
}

static void
test_brief(void)
{
	struct scheme	*s = scheme_default();
	struct keys	 k;
	struct got	 g = { .n = 0 };

	keys_init(&k);
	FEED(&k, s, "/t", &g);
	T_EQ_INT(g.n, 2);
	T_EQ_INT(g.a[0].type, KEY_PROMPT);
	T_EQ_INT(g.a[0].prompt, KEYS_PROMPT_BRIEF);
	T_EQ_INT(g.a[1].type, KEY_BRIEF);
	T_EQ_INT(g.a[1].group, 1);
	T_EQ_INT(g.a[1].by, RECORD_BY_HEAD);
	FEED(&k, s, "/P", &g);
	T_EQ_INT(g.a[1].type, KEY_BRIEF);
	T_EQ_INT(g.a[1].group, 3);
	T_EQ_INT(g.a[1].by, RECORD_BY_OTHER);
	T_EQ_INT(k.mode, KEYS_NORMAL);

	/* A key that is no group's refuses the prompt: what follows up to
	 * Enter is its text, never keys, and Enter says it went unused. */
	FEED(&k, s, "/xtp ", &g);
	T_EQ_INT(g.n, 1);
	T_EQ_INT(k.mode, KEYS_REFUSED);
	FEED(&k, s, "\r", &g);
	T_EQ_INT(g.n, 1);
	T_EQ_INT(g.a[0].type, KEY_MESSAGE);
	T_EQ_STR(g.text[0], "'/' wants a group key: brief contact not "
	    "recorded: \"xtp\" not used");
	T_EQ_INT(k.mode, KEYS_NORMAL);
	FEED(&k, s, "/x\x1b", &g);	/* or Esc ends it */
	T_EQ_INT(k.mode, KEYS_NORMAL);
	FEED(&k, s, "/\r", &g);
	T_EQ_INT(g.a[1].type, KEY_MESSAGE);
	T_EQ_STR(g.text[1], "brief contact not recorded");

	/* Esc at the end of a read cancels; the next key is a start. */
	FEED(&k, s, "/\x1b", &g);
	T_EQ_INT(g.n, 1);
	T_EQ_INT(k.mode, KEYS_NORMAL);
	FEED(&k, s, "t", &g);
	T_EQ_INT(g.a[0].type, KEY_START);

	/* Esc then a key in the same read is Alt and the key: nothing. */
	FEED(&k, s, "/\x1bt", &g);
	T_EQ_INT(g.n, 1);
	T_EQ_INT(k.mode, KEYS_BRIEF);
	FEED(&k, s, "\x1b", &g);

	/* Backspace cancels quietly. */
	FEED(&k, s, "/\x7f", &g);
	T_EQ_INT(g.n, 1);
	T_EQ_INT(k.mode, KEYS_NORMAL);
	got_free(&g);
	scheme_free(s);
}

static void
test_person(void)
{
	struct scheme	*s = scheme_default();
	struct keys	 k;
	struct got	 g = { .n = 0 };

	keys_init(&k);
	FEED(&k, s, "#DH\r", &g);
	T_EQ_INT(g.n, 2);
	T_EQ_INT(g.a[0].type, KEY_PROMPT);
	T_EQ_INT(g.a[0].prompt, KEYS_PROMPT_PERSON);
	T_EQ_INT(g.a[1].type, KEY_PERSON);
	T_EQ_STR(g.text[1], "DH");

	/* Backspace edits; spaces round the code are dropped. */
	FEED(&k, s, "#  DX\x7fH2 \n", &g);
	T_EQ_INT(g.a[1].type, KEY_PERSON);
	T_EQ_STR(g.text[1], "DH2");

	/* Group keys are text inside the prompt. */
	FEED(&k, s, "#tq/ .\r", &g);
	T_EQ_INT(g.n, 2);
	T_EQ_STR(g.text[1], "tq/ .");

	/* Enter alone clears. */
	FEED(&k, s, "#\r", &g);
	T_EQ_INT(g.a[1].type, KEY_PERSON);
	T_EQ_STR(g.text[1], "");

	/* Esc cancels: nothing, and the next keys are keys again. */
	FEED(&k, s, "#DH\x1b", &g);
	T_EQ_INT(g.n, 1);
	T_EQ_INT(k.mode, KEYS_NORMAL);
	FEED(&k, s, "\r", &g);
	T_EQ_INT(g.n, 0);

	/* Backspace on nothing stays in the prompt; controls are ignored;
	 * Tab with no codes of the day says so. */
	FEED(&k, s, "#\x7f\x7f\tA\x02\r", &g);
	T_EQ_INT(g.n, 3);
	T_EQ_STR(g.text[1], "Tab: no code used today begins so");
	T_EQ_STR(g.text[2], "A");
	got_free(&g);
	scheme_free(s);
}

static void
test_note(void)
{
	struct scheme	*s = scheme_default();
	struct keys	 k;
	struct got	 g = { .n = 0 };

	keys_init(&k);
	FEED(&k, s, "! rang the LA  about Y6 \r", &g);
	T_EQ_INT(g.n, 2);
	T_EQ_INT(g.a[0].prompt, KEYS_PROMPT_NOTE);
	T_EQ_INT(g.a[1].type, KEY_NOTE);
	/* Trimmed at both ends as timed commands are, else verbatim. */
	T_EQ_STR(g.text[1], "rang the LA  about Y6");

	/* A note of blanks is an empty note. */
	FEED(&k, s, "! \t  \r", &g);
	T_EQ_INT(g.n, 2);
	T_EQ_INT(g.a[1].type, KEY_MESSAGE);
	T_EQ_STR(g.text[1], "empty note not saved");

	FEED(&k, s, "!\r", &g);
	T_EQ_INT(g.n, 2);
	T_EQ_INT(g.a[1].type, KEY_MESSAGE);
	T_EQ_STR(g.text[1], "empty note not saved");
	T_EQ_INT(k.mode, KEYS_NORMAL);
	got_free(&g);
	scheme_free(s);
}

static void
test_utf8_text(void)
{
	struct scheme	*s = scheme_default();
	struct keys	 k;
	struct got	 g = { .n = 0 };

	keys_init(&k);
	/* "café ☕" */
	FEED(&k, s, "!caf\xc3\xa9 \xe2\x98\x95\r", &g);
	T_EQ_STR(g.text[1], "caf\xc3\xa9 \xe2\x98\x95");

	/* Backspace takes a whole character. */
	FEED(&k, s, "!caf\xc3\xa9\xe2\x98\x95\x7f\x7f" "e\r", &g);
	T_EQ_STR(g.text[1], "cafe");

	/* Bytes that are not UTF-8 (a Latin-1 e-acute) are refused with a
	 * message, never dropped: the prompt stays open. */
	FEED(&k, s, "!caf\xe9\r", &g);
	T_EQ_INT(g.n, 2);
	T_EQ_INT(g.a[1].type, KEY_MESSAGE);
	T_HAS_STR(g.text[1], "not UTF-8");
	T_EQ_INT(k.mode, KEYS_TEXT);
	T_EQ_STR(k.text, "caf\xe9");
	FEED(&k, s, "\x7f\xc3\xa9\r", &g);	/* mended: saved */
	T_EQ_INT(g.a[0].type, KEY_NOTE);
	T_EQ_STR(g.text[0], "caf\xc3\xa9");
	/* A C1 control, like a C0 one, is no text: left out. */
	FEED(&k, s, "!a\xc2\x85" "b\x07\r", &g);
	T_EQ_INT(g.a[1].type, KEY_NOTE);
	T_EQ_STR(g.text[1], "ab");

	/* Person codes take UTF-8 too. */
	FEED(&k, s, "#Zo\xc3\xab\r", &g);
	T_EQ_INT(g.a[1].type, KEY_PERSON);
	T_EQ_STR(g.text[1], "Zo\xc3\xab");
	got_free(&g);
	scheme_free(s);
}

static void
test_overlong(void)
{
	struct scheme	*s = scheme_default();
	struct keys	 k;
	struct got	 g = { .n = 0 };
	char		*buf;
	size_t		 n, i;

	keys_init(&k);
	n = RECORD_MAX_TEXT + 100;
	buf = xmalloc(n + 2);
	buf[0] = '!';
	memset(buf + 1, 'x', n);
	buf[n + 1] = '\r';
	feed(&k, s, buf, n + 2, &g);
	/* The prompt, then one message per byte past the limit (64 kept). */
	T_EQ_INT(g.n + g.dropped, 1 + 100 + 1);
	T_EQ_INT(g.a[1].type, KEY_MESSAGE);
	T_EQ_STR(g.text[1], "text is limited to 4096 bytes");
	T_EQ_INT(g.a[g.n - 1].type, KEY_MESSAGE);
	T_EQ_INT(k.len, RECORD_MAX_TEXT);

	/* Retry keeping the last action: the note is exactly the limit. */
	keys_init(&k);
	feed(&k, s, buf, n + 1, &g);
	feed(&k, s, "\r", 1, &g);
	T_EQ_INT(g.n, 1);
	T_EQ_INT(g.a[0].type, KEY_NOTE);
	T_EQ_INT(strlen(g.text[0]), RECORD_MAX_TEXT);
	for (i = 0; i < RECORD_MAX_TEXT; i++) {
		if (g.text[0][i] != 'x')
			break;
	}
	T_EQ_INT(i, RECORD_MAX_TEXT);

	/* A character cut by the limit is refused, not dropped. */
	keys_init(&k);
	feed(&k, s, buf, RECORD_MAX_TEXT, &g);	/* '!' and 4095 x */
	feed(&k, s, "\xc3\xa9\r", 3, &g);
	T_EQ_INT(g.a[g.n - 1].type, KEY_MESSAGE);
	T_HAS_STR(g.text[g.n - 1], "not UTF-8");
	feed(&k, s, "\x7f\r", 2, &g);
	T_EQ_INT(g.a[g.n - 1].type, KEY_NOTE);
	T_EQ_INT(strlen(g.text[g.n - 1]), RECORD_MAX_TEXT - 1);
	free(buf);
	got_free(&g);
	scheme_free(s);
}

static void
test_menus(void)
{
	struct scheme	*s = scheme_default();
	struct keys	 k;
	struct got	 g = { .n = 0 };

	keys_init(&k);
	FEED(&k, s, "@3", &g);	/* a digit alone picks nothing yet */
	T_EQ_INT(g.n, 1);
	T_EQ_INT(k.mode, KEYS_MENU);
	FEED(&k, s, "\r", &g);		/* the whole answer 3 picks */
	T_EQ_INT(g.n, 1);
	T_EQ_INT(g.a[0].type, KEY_WHERE);
	T_EQ_STR(g.text[0], "corridor");
	T_EQ_INT(k.mode, KEYS_NORMAL);

	/* A place that begins with a digit is a place. */
	FEED(&k, s, "@6th form block\r", &g);
	T_EQ_INT(g.n, 2);
	T_EQ_INT(g.a[1].type, KEY_WHERE);
	T_EQ_STR(g.text[1], "6th form block");
	FEED(&k, s, "@3B\r", &g);
	T_EQ_STR(g.text[1], "3B");
	FEED(&k, s, "@1:1 room\r", &g);
	T_EQ_STR(g.text[1], "1:1 room");
	FEED(&k, s, "@ 06 \r", &g);	/* blanks trimmed, leading zero */
	T_EQ_STR(g.text[1], "staffroom");
	FEED(&k, s, "@12\r", &g);	/* past the list: a free value */
	T_EQ_STR(g.text[1], "12");

	FEED(&k, s, "=2\r", &g);
	T_EQ_INT(g.a[0].prompt, KEYS_PROMPT_MODE);
	T_EQ_INT(g.a[1].type, KEY_MODE);
	T_EQ_STR(g.text[1], "unscheduled meeting");

	/* Free text, matched to the list ignoring case. */
	FEED(&k, s, "@STAFFroom\r", &g);
	T_EQ_INT(g.a[1].type, KEY_WHERE);
	T_EQ_STR(g.text[1], "staffroom");
	FEED(&k, s, "@library\r", &g);
	T_EQ_STR(g.text[1], "library");
	FEED(&k, s, "=video call\r", &g);
	T_EQ_INT(g.a[1].type, KEY_MODE);
	T_EQ_STR(g.text[1], "video call");

	/* A digit past the list, or after text, is text. */
	FEED(&k, s, "@9\r", &g);	/* 8 default locations */
	T_EQ_STR(g.text[1], "9");
	FEED(&k, s, "@room 12\r", &g);
	T_EQ_STR(g.text[1], "room 12");
	FEED(&k, s, "=0\r", &g);
	T_EQ_STR(g.text[1], "0");

	/* Enter alone clears; Esc cancels. */
	FEED(&k, s, "@\r", &g);
	T_EQ_INT(g.a[1].type, KEY_WHERE);
	T_EQ_STR(g.text[1], "");
	FEED(&k, s, "=ph\x1b", &g);
	T_EQ_INT(g.n, 1);
	T_EQ_INT(k.mode, KEYS_NORMAL);
	got_free(&g);
	scheme_free(s);
}

static void
test_with(void)
{
	struct scheme	*s = scheme_default();
	struct keys	 k;
	struct got	 g = { .n = 0 };
	int		 pre[] = { 3 };

	keys_init(&k);
	FEED(&k, s, "+tp\r", &g);
	T_EQ_INT(g.n, 2);
	T_EQ_INT(g.a[0].prompt, KEYS_PROMPT_WITH);
	T_EQ_INT(g.a[1].type, KEY_WITH);
	T_EQ_INT(g.a[1].nwith, 2);
	T_EQ_INT(g.a[1].with[0], 1);
	T_EQ_INT(g.a[1].with[1], 3);

	/* Scheme order, whatever the order pressed; case does not matter. */
	FEED(&k, s, "+VS\r", &g);
	T_EQ_INT(g.a[1].nwith, 2);
	T_EQ_INT(g.a[1].with[0], 0);
	T_EQ_INT(g.a[1].with[1], 5);

	/* Pressing twice takes a group out again; none clears. */
	FEED(&k, s, "+tt\r", &g);
	T_EQ_INT(g.a[1].type, KEY_WITH);
	T_EQ_INT(g.a[1].nwith, 0);

	/* The groups present already are marked when the prompt opens. */
	FEED(&k, s, "+", &g);
	keys_set_with(&k, pre, 1, -1);
	FEED(&k, s, "ps\r", &g);
	T_EQ_INT(g.a[0].type, KEY_WITH);
	T_EQ_INT(g.a[0].nwith, 1);
	T_EQ_INT(g.a[0].with[0], 0);

	/* Other keys say what to do and stay; Esc cancels. */
	FEED(&k, s, "+x", &g);
	T_EQ_INT(g.a[1].type, KEY_MESSAGE);
	T_EQ_INT(k.mode, KEYS_WITH);
	FEED(&k, s, "t\x1b", &g);
	T_EQ_INT(g.n, 0);
	T_EQ_INT(k.mode, KEYS_NORMAL);
	got_free(&g);
	scheme_free(s);
}

static void
test_quit(void)
{
	struct scheme	*s = scheme_default();
	struct keys	 k;
	struct got	 g = { .n = 0 };

	keys_init(&k);
	FEED(&k, s, "qy", &g);
	T_EQ_INT(g.n, 2);
	T_EQ_INT(g.a[0].prompt, KEYS_PROMPT_QUIT);
	T_EQ_INT(g.a[1].type, KEY_QUIT);
	FEED(&k, s, "qY", &g);
	T_EQ_INT(g.a[1].type, KEY_QUIT);
	FEED(&k, s, "qn", &g);
	T_EQ_INT(g.a[1].type, KEY_MESSAGE);
	T_EQ_STR(g.text[1], "quit cancelled");
	/* Any other key cancels the quit and acts: q t starts teachers. */
	FEED(&k, s, "qt", &g);
	T_EQ_INT(g.n, 2);
	T_EQ_INT(g.a[1].type, KEY_START);
	T_EQ_INT(g.a[1].group, 1);
	T_EQ_INT(k.mode, KEYS_NORMAL);
	FEED(&k, s, "q!", &g);
	T_EQ_INT(g.a[1].type, KEY_PROMPT);
	T_EQ_INT(g.a[1].prompt, KEYS_PROMPT_NOTE);
	FEED(&k, s, "\x1b", &g);
	FEED(&k, s, "q\r", &g);
	T_EQ_INT(g.a[1].type, KEY_MESSAGE);
	T_EQ_STR(g.text[1], "quit cancelled");
	FEED(&k, s, "q\x1b", &g);
	T_EQ_INT(g.n, 1);
	T_EQ_INT(k.mode, KEYS_NORMAL);
	got_free(&g);
	scheme_free(s);
}

static void
test_control_keys(void)
{
	struct scheme	*s = scheme_default();
	struct keys	 k;
	struct got	 g = { .n = 0 };

	keys_init(&k);
	FEED(&k, s, "\x03", &g);
	T_EQ_INT(g.n, 1);
	T_EQ_INT(g.a[0].type, KEY_INTERRUPT);

	/* Ctrl-C leaves a prompt too. */
	FEED(&k, s, "!half a no\x03", &g);
	T_EQ_INT(g.a[1].type, KEY_INTERRUPT);
	T_EQ_INT(k.mode, KEYS_NORMAL);

	/* Ctrl-L redraws and keeps the prompt and its text. */
	FEED(&k, s, "#D\x0cH\r", &g);
	T_EQ_INT(g.n, 3);
	T_EQ_INT(g.a[1].type, KEY_REDRAW);
	T_EQ_INT(g.a[2].type, KEY_PERSON);
	T_EQ_STR(g.text[2], "DH");
	got_free(&g);
	scheme_free(s);
}

static void
test_escape_sequences(void)
{
	struct scheme	*s = scheme_default();
	struct keys	 k;
	struct got	 g = { .n = 0 };

	keys_init(&k);
	/* Arrows, Ctrl-arrow, F5, F1 (SS3), Delete: all swallowed. */
	FEED(&k, s, "\x1b[A\x1b[1;5C\x1b[15~\x1bOP\x1b[3~", &g);
	T_EQ_INT(g.n, 0);
	FEED(&k, s, "\x1b[Bt", &g);
	T_EQ_INT(g.n, 1);
	T_EQ_INT(g.a[0].type, KEY_START);
	T_EQ_INT(g.a[0].group, 1);

	/* In a prompt an arrow neither cancels nor types: Left moves the
	 * cursor, Up is ignored. */
	FEED(&k, s, "#D\x1b[DH\x1bOA\r", &g);
	T_EQ_INT(g.n, 2);
	T_EQ_STR(g.text[1], "HD");

	/* A sequence split between reads is still swallowed whole. */
	FEED(&k, s, "!ab\x1b[", &g);
	T_EQ_INT(k.mode, KEYS_TEXT);
	FEED(&k, s, "Cc\r", &g);
	T_EQ_INT(g.a[0].type, KEY_NOTE);
	T_EQ_STR(g.text[0], "abc");

	/* Esc Esc: the first is lone (cancels), the second too. */
	FEED(&k, s, "/\x1b\x1b", &g);
	T_EQ_INT(k.mode, KEYS_NORMAL);
	got_free(&g);
	scheme_free(s);
}

static void
test_prompt_lines(void)
{
	struct scheme	*s = scheme_default();
	struct keys	 k;
	struct got	 g = { .n = 0 };
	char		*line;
	int		 cursor;

	keys_init(&k);
	line = keys_prompt_line(&k, s, &cursor);
	CU_ASSERT_PTR_NULL(line);

	FEED(&k, s, "/", &g);
	line = keys_prompt_line(&k, s, &cursor);
	T_HAS_STR(line, "brief contact: press a group key");
	T_EQ_INT(cursor, 0);
	free(line);

	FEED(&k, s, "\x1b", &g);
	FEED(&k, s, "#DH", &g);
	line = keys_prompt_line(&k, s, &cursor);
	T_EQ_STR(line, "person code (Enter sets, empty clears, Esc "
	    "cancels)\nperson: DH");
	T_EQ_INT(cursor, 1);
	free(line);

	FEED(&k, s, "\x1b", &g);
	FEED(&k, s, "!hi", &g);
	line = keys_prompt_line(&k, s, &cursor);
	T_EQ_STR(line, "note (Enter saves, Esc cancels)\nnote: hi");
	free(line);

	FEED(&k, s, "\x1b", &g);
	FEED(&k, s, "@", &g);
	line = keys_prompt_line(&k, s, &cursor);
	T_EQ_STR(line, "location (a number and Enter picks; empty clears; Esc "
	    "cancels):  1 office  2 classroom  3 corridor  4 hall  "
	    "5 playground  6 staffroom  7 reception  8 off-site\nwhere: ");
	T_EQ_INT(cursor, 1);
	free(line);

	FEED(&k, s, "\x1b", &g);
	FEED(&k, s, "=", &g);
	line = keys_prompt_line(&k, s, &cursor);
	T_HAS_STR(line, "cancels):  1 scheduled meeting  2 unscheduled "
	    "meeting  3 phone  4 tour  5 teaching\n");
	free(line);

	FEED(&k, s, "\x1b", &g);
	FEED(&k, s, "+p", &g);
	line = keys_prompt_line(&k, s, &cursor);
	T_HAS_STR(line, "groups present");
	T_HAS_STR(line, "t teachers [ ]");
	T_HAS_STR(line, "p pupils [x]");
	T_EQ_INT(cursor, 0);
	free(line);

	FEED(&k, s, "\x1b", &g);
	FEED(&k, s, "q", &g);
	line = keys_prompt_line(&k, s, &cursor);
	T_EQ_STR(line, "Quit and end the day? y/n");
	free(line);
	got_free(&g);
	scheme_free(s);
}

static void
test_long_menu(void)
{
	struct scheme	*s = scheme_default();
	struct keys	 k;
	struct got	 g = { .n = 0 };
	char		*line;
	size_t		 i;
	int		 cursor;

	/* Ten locations: each has its number. */
	for (i = 0; i < s->nlocations; i++)
		free(s->locations[i]);
	free(s->locations);
	s->nlocations = 10;
	s->locations = xcalloc(10, sizeof *s->locations);
	for (i = 0; i < 10; i++)
		s->locations[i] = xasprintf("room %zu", i + 1);
	keys_init(&k);
	FEED(&k, s, "@9\r", &g);
	T_EQ_STR(g.text[1], "room 9");
	FEED(&k, s, "@10\r", &g);	/* two digits pick the tenth */
	T_EQ_STR(g.text[1], "room 10");
	FEED(&k, s, "@", &g);
	line = keys_prompt_line(&k, s, &cursor);
	T_HAS_STR(line, "9 room 9  10 room 10\n");
	free(line);
	FEED(&k, s, "ROOM 10\r", &g);
	T_EQ_STR(g.text[0], "room 10");
	got_free(&g);
	scheme_free(s);
}

static void
test_legend(void)
{
	struct scheme	 *s = scheme_default();
	char		**legend;
	size_t		  i;

	legend = keys_legend(s);
	T_EQ_STR(legend[0], "s/S SLT");
	T_EQ_STR(legend[1], "t/T teachers");
	T_EQ_STR(legend[2], "a/A support staff");
	T_EQ_STR(legend[5], "v/V visitors");
	T_EQ_STR(legend[6], "UPPER CASE: other began it");
	T_EQ_STR(legend[7], "Space end");
	for (i = 0; legend[i] != NULL; i++) {
		if (i == 17)
			T_EQ_STR(legend[i], "q quit");
		free(legend[i]);
	}
	T_EQ_INT(i, 18);
	free(legend);
	scheme_free(s);
}

/* The keys, the built-in scheme and the actions got, for a test. */
struct fx {
	struct scheme	*s;
	struct keys	 k;
	struct got	 g;
};

static void
fx_open(struct fx *f)
{
	f->s = scheme_default();
	keys_init(&f->k);
	memset(&f->g, 0, sizeof f->g);
}

static void
fx_close(struct fx *f)
{
	got_free(&f->g);
	scheme_free(f->s);
}

/* A prompt refused by the recorder keeps the keys up to Enter or Esc. */
static void
test_refused(void)
{
	struct fx	 f;
	char		*line;
	int		 cursor;

	fx_open(&f);
	FEED(&f.k, f.s, "@", &f.g);
	T_EQ_INT(f.g.a[0].prompt, KEYS_PROMPT_WHERE);
	keys_refuse(&f.k, "no episode is open: a group key starts one");
	FEED(&f.k, f.s, "staffroom", &f.g);
	T_EQ_INT(f.g.n, 0);		/* s, t, a, p: no starts */
	line = keys_prompt_line(&f.k, f.s, &cursor);
	T_EQ_STR(line, "no episode is open: a group key starts one; Enter or "
	    "Esc ends\nnot used: staffroom");
	T_EQ_INT(cursor, 1);
	free(line);
	FEED(&f.k, f.s, "\r", &f.g);
	T_EQ_INT(f.g.n, 1);
	T_EQ_INT(f.g.a[0].type, KEY_MESSAGE);
	T_EQ_STR(f.g.text[0], "no episode is open: a group key starts one: "
	    "\"staffroom\" not used");
	FEED(&f.k, f.s, "t", &f.g);		/* keys again */
	T_EQ_INT(f.g.a[0].type, KEY_START);

	/* #T04 the same; Backspace edits it, never undoes; Esc ends it. */
	FEED(&f.k, f.s, "#", &f.g);
	keys_refuse(&f.k, "no episode is open");
	FEED(&f.k, f.s, "T04\x7f\x7f\x7f\x7f ", &f.g);
	T_EQ_INT(f.g.n, 0);
	FEED(&f.k, f.s, "\x1b", &f.g);
	T_EQ_INT(f.k.mode, KEYS_NORMAL);

	/* Enter with nothing typed repeats why. */
	FEED(&f.k, f.s, "+", &f.g);
	keys_refuse(&f.k, "paused: Tab resumes observation");
	FEED(&f.k, f.s, "\t\r", &f.g);
	T_EQ_INT(f.g.n, 1);
	T_EQ_STR(f.g.text[0], "paused: Tab resumes observation");
	fx_close(&f);
}

/* The current value to edit, at a cursor, by character. */
static void
test_editing(void)
{
	struct fx	 f;
	char		*line;
	int		 cursor;

	fx_open(&f);
	/* Enter keeps the value given; typing replaces it. */
	FEED(&f.k, f.s, "#", &f.g);
	keys_set_text(&f.k, "DH");
	line = keys_prompt_line(&f.k, f.s, &cursor);
	T_HAS_STR(line, "Esc cancels)\nperson: DH");
	free(line);
	FEED(&f.k, f.s, "\r", &f.g);
	T_EQ_INT(f.g.a[0].type, KEY_PERSON);
	T_EQ_STR(f.g.text[0], "DH");
	FEED(&f.k, f.s, "#", &f.g);
	keys_set_text(&f.k, "DH");
	FEED(&f.k, f.s, "T04\r", &f.g);
	T_EQ_STR(f.g.text[0], "T04");

	/* A list prompt's value given: a number typed replaces it. */
	FEED(&f.k, f.s, "@", &f.g);
	keys_set_text(&f.k, "staffroom");
	FEED(&f.k, f.s, "3\r", &f.g);
	T_EQ_INT(f.g.a[0].type, KEY_WHERE);
	T_EQ_STR(f.g.text[0], "corridor");

	/* A Tab typed in a note is a space, kept inside the note. */
	FEED(&f.k, f.s, "!a\tb\r", &f.g);
	T_EQ_STR(f.g.text[1], "a b");

	/* Backspace on the value given clears it: Enter then clears. */
	FEED(&f.k, f.s, "#", &f.g);
	keys_set_text(&f.k, "DH");
	FEED(&f.k, f.s, "\x7f\r", &f.g);
	T_EQ_INT(f.g.a[0].type, KEY_PERSON);
	T_EQ_STR(f.g.text[0], "");

	/* An arrow first edits it: End, Left, Home, Right, Delete. */
	FEED(&f.k, f.s, "@", &f.g);
	keys_set_text(&f.k, "hall");
	FEED(&f.k, f.s, "\x1b[DX", &f.g);	/* Left: before the last l */
	T_EQ_STR(f.k.text, "halXl");
	line = keys_prompt_line(&f.k, f.s, &cursor);
	T_EQ_INT(cursor, 2);			/* one byte after it */
	free(line);
	FEED(&f.k, f.s, "\x1b[H>\x1b[F<", &f.g);	/* Home, End (xterm) */
	T_EQ_STR(f.k.text, ">halXl<");
	/* Home, Delete twice, End, Backspace (rxvt and VT keys). */
	FEED(&f.k, f.s, "\x1b[1~\x1b[3~\x1b[3~\x1b[4~\x7f", &f.g);
	T_EQ_STR(f.k.text, "alXl");
	FEED(&f.k, f.s, "\x1bOH\x1b[C\x1b[C\x1b[3~", &f.g); /* SS3 Home */
	T_EQ_STR(f.k.text, "all");
	FEED(&f.k, f.s, "\x01-\x05-\r", &f.g);	/* Ctrl-A, Ctrl-E */
	T_EQ_INT(f.g.a[0].type, KEY_WHERE);
	T_EQ_STR(f.g.text[0], "-all-");

	/* By character: Left steps over a whole e-acute or emoji. */
	FEED(&f.k, f.s, "!caf\xc3\xa9\xe2\x98\x95\x1b[D\x1b[D" "e\r", &f.g);
	T_EQ_STR(f.g.text[1], "cafe\xc3\xa9\xe2\x98\x95");
	FEED(&f.k, f.s, "!caf\xc3\xa9\xe2\x98\x95\x1b[D\x7f\r", &f.g);
	T_EQ_STR(f.g.text[1], "caf\xe2\x98\x95");
	FEED(&f.k, f.s, "!x\xe2\x98\x95\x1b[D\x1b[3~\r", &f.g);
	T_EQ_STR(f.g.text[1], "x");

	/* Ctrl-U clears; the cursor never leaves the text. */
	FEED(&f.k, f.s, "!abc\x15" "d\x1b[D\x1b[D\x1b[De\x1b[C\x1b[C\x1b[Cf\r",
	    &f.g);
	T_EQ_STR(f.g.text[1], "edf");
	fx_close(&f);
}

/* The day's codes: Tab completes; a near-duplicate is pointed out. */
static void
test_people(void)
{
	static const char *const people[] = { "DH", "T04", "T05", "SENCo" };
	struct fx	 f;
	char		*line;
	int		 cursor;

	fx_open(&f);
	FEED(&f.k, f.s, "#", &f.g);
	keys_set_people(&f.k, people, 4);
	line = keys_prompt_line(&f.k, f.s, &cursor);
	T_EQ_STR(line, "person code (Enter sets, empty clears, Esc cancels; "
	    "Tab completes):  DH  T04  T05  SENCo\nperson: ");
	free(line);
	FEED(&f.k, f.s, "se\t", &f.g);		/* unique: completed */
	T_EQ_INT(f.g.n, 0);
	T_EQ_STR(f.k.text, "SENCo");
	FEED(&f.k, f.s, "\r", &f.g);
	T_EQ_STR(f.g.text[0], "SENCo");

	FEED(&f.k, f.s, "#", &f.g);
	keys_set_people(&f.k, people, 4);
	FEED(&f.k, f.s, "t\t", &f.g);		/* two: the common part */
	T_EQ_INT(f.g.n, 1);
	T_EQ_STR(f.g.text[0], "Tab: 2 codes begin so:  T04  T05");
	T_EQ_STR(f.k.text, "T0");
	FEED(&f.k, f.s, "5\r", &f.g);
	T_EQ_STR(f.g.text[0], "T05");

	/* T4 beside T04: said, the prompt stays; Enter again keeps T4. */
	FEED(&f.k, f.s, "#", &f.g);
	keys_set_people(&f.k, people, 4);
	FEED(&f.k, f.s, "T4\r", &f.g);
	T_EQ_INT(f.g.n, 1);
	T_EQ_INT(f.g.a[0].type, KEY_MESSAGE);
	T_EQ_STR(f.g.text[0], "T4 is new; did you mean T04? Enter again keeps "
	    "T4, Tab takes T04");
	T_EQ_INT(f.k.mode, KEYS_TEXT);
	FEED(&f.k, f.s, "\r", &f.g);
	T_EQ_INT(f.g.a[0].type, KEY_PERSON);
	T_EQ_STR(f.g.text[0], "T4");

	/* dh beside DH: Tab takes DH. */
	FEED(&f.k, f.s, "#", &f.g);
	keys_set_people(&f.k, people, 4);
	FEED(&f.k, f.s, "d.h\r", &f.g);
	T_HAS_STR(f.g.text[0], "d.h is new; did you mean DH?");
	FEED(&f.k, f.s, "\t\r", &f.g);
	T_EQ_INT(f.g.a[0].type, KEY_PERSON);
	T_EQ_STR(f.g.text[0], "DH");

	/* An edit after the warning asks again; a code of the day never. */
	FEED(&f.k, f.s, "#", &f.g);
	keys_set_people(&f.k, people, 4);
	FEED(&f.k, f.s, "t5\r\x7f" "05\r", &f.g);
	T_EQ_INT(f.g.a[f.g.n - 1].type, KEY_MESSAGE);
	T_HAS_STR(f.g.text[f.g.n - 1], "t05 is new; did you mean T05?");
	FEED(&f.k, f.s, "\x15T05\r", &f.g);
	T_EQ_INT(f.g.a[0].type, KEY_PERSON);
	T_EQ_STR(f.g.text[0], "T05");
	FEED(&f.k, f.s, "#", &f.g);
	keys_set_people(&f.k, people, 4);
	FEED(&f.k, f.s, "T40\r", &f.g);	/* T40 is not near T04 */
	T_EQ_INT(f.g.a[0].type, KEY_PERSON);
	fx_close(&f);
}

/* Bracketed paste: into a prompt as text, never as keys. */
static void
test_paste(void)
{
	struct fx	 f;

	fx_open(&f);
	/* Two lines into a note: one line, breaks and tabs as spaces. */
	FEED(&f.k, f.s, "!\x1b[200~rang the LA\r\nabout Y6\tat 3\x1b[201~",
	    &f.g);
	T_EQ_INT(f.g.n, 1);
	T_EQ_INT(f.k.mode, KEYS_TEXT);
	T_EQ_STR(f.k.text, "rang the LA about Y6 at 3");
	FEED(&f.k, f.s, "\r", &f.g);
	T_EQ_INT(f.g.a[0].type, KEY_NOTE);
	T_EQ_STR(f.g.text[0], "rang the LA about Y6 at 3");

	/* With no prompt open: one message, no action. */
	FEED(&f.k, f.s, "\x1b[200~tsap\r\nt q y\x1b[201~", &f.g);
	T_EQ_INT(f.k.mode, KEYS_NORMAL);
	T_EQ_INT(f.g.n, 1);
	T_EQ_INT(f.g.a[0].type, KEY_MESSAGE);
	T_EQ_STR(f.g.text[0], "paste not used: 11 bytes pasted with no text "
	    "prompt open (paste after ! # @ or =)");

	/* Into the brief prompt: not used, the prompt stays. */
	FEED(&f.k, f.s, "/\x1b[200~t\x1b[201~", &f.g);
	T_EQ_INT(f.g.a[1].type, KEY_MESSAGE);
	T_EQ_INT(f.k.mode, KEYS_BRIEF);
	FEED(&f.k, f.s, "p", &f.g);
	T_EQ_INT(f.g.a[0].type, KEY_BRIEF);

	/* Split over reads, and an ESC inside that does not end it. */
	FEED(&f.k, f.s, "#\x1b[200~T0", &f.g);
	FEED(&f.k, f.s, "4\x1b[2", &f.g);
	FEED(&f.k, f.s, "0x\x1b[201", &f.g);
	T_EQ_INT(f.g.n, 0);
	FEED(&f.k, f.s, "~\r", &f.g);
	T_EQ_INT(f.g.a[0].type, KEY_PERSON);
	T_EQ_STR(f.g.text[0], "T04[20x");
	fx_close(&f);
}

/* Escape sequences of common terminals read whole; Alt is not the key. */
static void
test_terminals(void)
{
	struct fx	 f;

	fx_open(&f);
	/* Linux console F1-F5, rxvt F1, xterm F1 with a modifier, a DA
	 * answer, an OSC colour answer, a DCS string. */
	FEED(&f.k, f.s, "\x1b[[A\x1b[[B\x1b[[E\x1b[11~\x1b[1;2P\x1bO2P"
	    "\x1b[?1;2c\x1b]11;rgb:0000/0000/0000\x07"
	    "\x1bP1$r0m\x1b\\", &f.g);
	T_EQ_INT(f.g.n, 0);
	T_EQ_INT(f.k.mode, KEYS_NORMAL);

	/* Alt-p, Alt-T, Alt-e-acute: nothing, whole. */
	FEED(&f.k, f.s, "\x1bp\x1bT\x1b\xc3\xa9", &f.g);
	T_EQ_INT(f.g.n, 0);
	FEED(&f.k, f.s, "t", &f.g);
	T_EQ_INT(f.g.a[0].type, KEY_START);

	/* Alt and a key that begins a terminal's string (ESC ^, ESC _,
	 * Alt-Shift-p, Alt-x's capital, ESC ]), alone in a read: nothing,
	 * and the next read's keys act (the dimension keys ^ and _ and the
	 * group key P are among them). */
	FEED(&f.k, f.s, "\x1b^", &f.g);
	T_EQ_INT(f.g.n, 0);
	FEED(&f.k, f.s, "\x1b_", &f.g);
	FEED(&f.k, f.s, "\x1bP", &f.g);
	FEED(&f.k, f.s, "\x1bX", &f.g);
	FEED(&f.k, f.s, "\x1b]", &f.g);
	T_EQ_INT(f.g.n, 0);
	FEED(&f.k, f.s, "s", &f.g);
	T_EQ_INT(f.g.n, 1);
	T_EQ_INT(f.g.a[0].type, KEY_START);
	/* A string cut by the read's end is still read whole. */
	FEED(&f.k, f.s, "\x1bP1$r", &f.g);
	T_EQ_INT(f.g.n, 0);
	FEED(&f.k, f.s, "0m\x1b\\t", &f.g);
	T_EQ_INT(f.g.n, 1);
	T_EQ_INT(f.g.a[0].type, KEY_START);

	/* Alt inside a prompt keeps its text. */
	FEED(&f.k, f.s, "!half a note\x1b" "b more\r", &f.g);
	T_EQ_INT(f.g.a[1].type, KEY_NOTE);
	T_EQ_STR(f.g.text[1], "half a note more");

	/* The read's end tells a lone Esc from a sequence. */
	FEED(&f.k, f.s, "!", &f.g);
	T_EQ_INT(keys_feed(&f.k, f.s, 0x1b, &f.g.a[0]), 0);
	T_EQ_INT(f.k.mode, KEYS_TEXT);
	T_EQ_INT(keys_flush(&f.k, &f.g.a[0]), 0);	/* nothing to say */
	T_EQ_INT(f.k.mode, KEYS_NORMAL);
	FEED(&f.k, f.s, "!\x1b[A", &f.g);
	T_EQ_INT(f.k.mode, KEYS_TEXT);
	T_EQ_INT(keys_flush(&f.k, &f.g.a[0]), 0);
	FEED(&f.k, f.s, "\x1b", &f.g);

	/* Ctrl-C after ESC still interrupts. */
	FEED(&f.k, f.s, "\x1b\x03", &f.g);
	T_EQ_INT(f.g.a[0].type, KEY_INTERRUPT);
	fx_close(&f);
}

/* A dimension's prompt: numbers pick listed values, in each ';' part of
 * a dimension of several; a number beyond the list is a wrong key,
 * refused with the prompt and its text kept. */
static void
test_dim_values(void)
{
	static const char text[] =
	    "group t teachers\n"
	    "dimension * task for=alone\n"
	    "value task e-mail\n"
	    "value task \"desk work\"\n"
	    "dimension ^ priority for=both several\n"
	    "value priority reading\n"
	    "value priority attendance\n"
	    "value priority SEND\n";
	struct scheme	*s;
	struct keys	 k;
	struct got	 g = { .n = 0 };
	struct err	 e = ERR_INIT;

	s = scheme_parse(text, strlen(text), "t.scheme", &e);
	CU_ASSERT_PTR_NOT_NULL_FATAL(s);
	keys_init(&k);
	FEED(&k, s, "*2\r", &g);
	T_EQ_INT(g.n, 2);
	T_EQ_INT(g.a[1].type, KEY_DIM);
	T_EQ_INT(g.a[1].dim, 0);
	T_EQ_STR(g.text[1], "desk work");
	/* 7 of 2 values: refused, the prompt still open on its text. */
	FEED(&k, s, "*7\r", &g);
	T_EQ_INT(g.a[g.n - 1].type, KEY_MESSAGE);
	T_EQ_STR(g.text[g.n - 1], "task has no value 7: a number from 1 to "
	    "2, or a value typed; Esc cancels");
	T_EQ_INT(k.mode, KEYS_MENU);
	T_EQ_STR(k.text, "7");
	FEED(&k, s, "\x7f" "1\r", &g);
	T_EQ_INT(g.n, 1);
	T_EQ_INT(g.a[0].type, KEY_DIM);
	T_EQ_STR(g.text[g.n - 1], "e-mail");
	/* Typed names take the scheme's spelling; others are kept. */
	FEED(&k, s, "*DESK WORK\r", &g);
	T_EQ_STR(g.text[g.n - 1], "desk work");
	FEED(&k, s, "*filing\r", &g);
	T_EQ_STR(g.text[g.n - 1], "filing");
	/* Several: each part picked, named or typed; a wrong number in
	 * any part refuses the whole. */
	FEED(&k, s, "^1; 3\r", &g);
	T_EQ_INT(g.a[g.n - 1].dim, 1);
	T_EQ_STR(g.text[g.n - 1], "reading;SEND");
	FEED(&k, s, "^send;2;trips\r", &g);
	T_EQ_STR(g.text[g.n - 1], "SEND;attendance;trips");
	FEED(&k, s, "^1;4\r", &g);
	T_EQ_INT(g.a[g.n - 1].type, KEY_MESSAGE);
	T_HAS_STR(g.text[g.n - 1], "priority has no value 4");
	T_EQ_STR(k.text, "1;4");
	/* Empty clears, as before. */
	FEED(&k, s, "\x15\r", &g);
	T_EQ_INT(g.n, 1);
	T_EQ_INT(g.a[0].type, KEY_DIM);
	T_EQ_STR(g.text[g.n - 1], "");
	got_free(&g);
	scheme_free(s);
}

/* '+' does not offer the open episode's own group. */
static void
test_with_own(void)
{
	struct fx	 f;
	char		*line;
	int		 cursor, pre[] = { 1, 3 };

	fx_open(&f);
	FEED(&f.k, f.s, "+", &f.g);
	keys_set_with(&f.k, pre, 2, 1);		/* a teachers episode */
	line = keys_prompt_line(&f.k, f.s, &cursor);
	CU_ASSERT_PTR_NULL(strstr(line, "teachers"));
	T_HAS_STR(line, "p pupils [x]");
	free(line);
	FEED(&f.k, f.s, "t", &f.g);
	T_EQ_INT(f.g.n, 1);
	T_EQ_STR(f.g.text[0], "teachers is this episode's own group: choose "
	    "the others present");
	FEED(&f.k, f.s, "v\r", &f.g);
	T_EQ_INT(f.g.a[0].type, KEY_WITH);
	T_EQ_INT(f.g.a[0].nwith, 2);
	T_EQ_INT(f.g.a[0].with[0], 3);
	T_EQ_INT(f.g.a[0].with[1], 5);
	fx_close(&f);
}

/* Random bytes, biased to the ones that matter (ESC, '[', prompt keys,
 * Enter, Backspace, UTF-8 lead bytes): the text stays bounded and
 * terminated, the cursor inside it, and every action is well formed. */
static void
test_random_bytes(void)
{
	static const unsigned char hot[] = { 0x1b, '[', 'O', '~', '2', '0',
	    '1', '#', '@', '=', '!', '/', '+', 'q', '%', '<', '\r', 0x7f, '\t',
	    0xc3,
	    0xe2, 0x9b, 'A', 'D', ';', 0x15, 0x03 };
	struct fx		 f;
	struct key_action	 a;
	uint64_t		 rnd = 42;
	unsigned char		 ch;
	size_t			 i, bad = 0;
	int			 people = 0;
	const char *const	 codes[] = { "DH", "T04" };

	fx_open(&f);
	for (i = 0; i < 200000; i++) {
		ch = test_rnd(&rnd, 2) ? hot[test_rnd(&rnd, sizeof hot)] :
		    (unsigned char)test_rnd(&rnd, 256);
		if (keys_feed(&f.k, f.s, ch, &a) == 1) {
			if (a.type == KEY_PROMPT && a.prompt ==
			    KEYS_PROMPT_PERSON && people++ % 2 == 0)
				keys_set_people(&f.k, codes, 2);
			if ((a.type == KEY_START || a.type == KEY_BRIEF) &&
			    (a.group < 0 || (size_t)a.group >= f.s->ngroups))
				bad++;
			if (a.type == KEY_NOTE && (a.text == NULL ||
			    a.text[0] == '\0'))
				bad++;
		}
		if (f.k.len > RECORD_MAX_TEXT || f.k.cur > f.k.len ||
		    f.k.text[f.k.len] != '\0')
			bad++;
		if (test_rnd(&rnd, 8) == 0)
			keys_flush(&f.k, &a);
	}
	T_EQ_INT(bad, 0);
	fx_close(&f);
}

/* A mend prompt refused by the recorder keeps its keys as the others do:
 * "%t" with no episode open starts nothing. */
static void
test_mend_refused(void)
{
	struct fx	 f;

	fx_open(&f);
	FEED(&f.k, f.s, "%", &f.g);
	keys_refuse(&f.k, "no episode is open: a group key starts one");
	FEED(&f.k, f.s, "t", &f.g);
	T_EQ_INT(f.g.n, 0);
	FEED(&f.k, f.s, "\r", &f.g);
	T_EQ_STR(f.g.text[0], "no episode is open: a group key starts one: "
	    "\"t\" not used");
	FEED(&f.k, f.s, "<", &f.g);
	keys_refuse(&f.k, "paused: nothing recorded (Esc, then Tab resumes)");
	FEED(&f.k, f.s, "15\x1b", &f.g);
	T_EQ_INT(f.g.n, 0);
	T_EQ_INT(f.k.mode, KEYS_NORMAL);
	fx_close(&f);
}

/* Types key, which must open prompt, and names the open episode group. */
static void
mend_open(struct fx *f, const char *key, enum keys_prompt prompt, int group)
{
	feed(&f->k, f->s, key, strlen(key), &f->g);
	T_EQ_INT(f->g.n, 1);
	T_EQ_INT(f->g.a[0].type, KEY_PROMPT);
	T_EQ_INT(f->g.a[0].prompt, prompt);
	keys_set_episode(&f->k, group);
}

/* The prompt line must be want, with the cursor at want_cursor. */
static void
mend_line(struct fx *f, const char *want, int want_cursor)
{
	char	*line;
	int	 cursor;

	line = keys_prompt_line(&f->k, f->s, &cursor);
	T_EQ_STR(line, want);
	T_EQ_INT(cursor, want_cursor);
	free(line);
}

/* Types keys, each of which must be told want, the prompt still open. */
static void
mend_told(struct fx *f, const char *keys, const char *want)
{
	enum keys_mode	mode = f->k.mode;
	size_t		i;

	feed(&f->k, f->s, keys, strlen(keys), &f->g);
	T_EQ_INT(f->g.n, strlen(keys));
	for (i = 0; i < f->g.n; i++) {
		T_EQ_INT(f->g.a[i].type, KEY_MESSAGE);
		T_EQ_STR(f->g.text[i], want);
	}
	T_EQ_INT(f->k.mode, mode);
}

/* Types keys, which must end in a prompt cancelled, said as such, and
 * the keys back to their first state. */
static void
mend_cancelled(struct fx *f, const char *keys)
{
	feed(&f->k, f->s, keys, strlen(keys), &f->g);
	CU_ASSERT_FATAL(f->g.n > 0);
	T_EQ_INT(f->g.a[f->g.n - 1].type, KEY_MESSAGE);
	T_EQ_STR(f->g.text[f->g.n - 1], "cancelled");
	T_EQ_INT(f->k.mode, KEYS_NORMAL);
}

/* '%': a group key regroups the open episode; nothing else is read as a
 * key, and Esc or Ctrl-C cancel, saying so. */
static void
test_regroup(void)
{
	struct fx	 f;
	char		*line;
	int		 cursor;

	fx_open(&f);
	mend_open(&f, "%", KEYS_PROMPT_REGROUP, 1);
	mend_line(&f, "Regroup the open teachers episode, keeping its start: "
	    "a group key (Esc cancels)", 0);
	/* Not group keys: each told, none a start; Backspace, Ctrl-L and
	 * Tab too. */
	mend_told(&f, "7x\x7f\x0c\t", "a group key, or Esc to cancel");
	T_EQ_INT(f.k.mode, KEYS_REGROUP);
	/* Upper case is the group too. */
	FEED(&f.k, f.s, "R", &f.g);
	T_EQ_INT(f.g.n, 1);
	T_EQ_INT(f.g.a[0].type, KEY_REGROUP);
	T_EQ_INT(f.g.a[0].group, 4);
	T_EQ_INT(f.k.mode, KEYS_NORMAL);
	line = keys_prompt_line(&f.k, f.s, &cursor);
	CU_ASSERT_PTR_NULL(line);

	/* Esc at the read's end cancels, saying so; an arrow does not. */
	FEED(&f.k, f.s, "%\x1b[A", &f.g);
	T_EQ_INT(f.k.mode, KEYS_REGROUP);
	mend_cancelled(&f, "\x1b");
	T_EQ_INT(f.g.n, 1);
	mend_cancelled(&f, "%\x1b\x1b");
	/* Ctrl-C cancels the prompt, and is no interrupt. */
	mend_cancelled(&f, "%\x03");
	T_EQ_INT(f.g.n, 2);
	/* With no episode named, the prompt says so. */
	mend_open(&f, "%", KEYS_PROMPT_REGROUP, -1);
	line = keys_prompt_line(&f.k, f.s, &cursor);
	T_HAS_STR(line, "Regroup the open (no) episode");
	free(line);
	FEED(&f.k, f.s, "\x1b", &f.g);
	/* 'q' then '%': the quit is cancelled and the prompt opens. */
	FEED(&f.k, f.s, "q%", &f.g);
	T_EQ_INT(f.g.a[f.g.n - 1].type, KEY_PROMPT);
	T_EQ_INT(f.k.mode, KEYS_REGROUP);
	fx_close(&f);
}

/* '<': up to three digits, Backspace, then Enter; anything else is told. */
static void
test_ago(void)
{
	struct fx	 f;

	fx_open(&f);
	mend_open(&f, "<", KEYS_PROMPT_AGO, 3);
	/* Each digit typed says what was said before is done with. */
	FEED(&f.k, f.s, "12", &f.g);
	T_EQ_INT(f.g.n, 2);
	T_EQ_INT(f.g.a[0].type, KEY_MESSAGE);
	CU_ASSERT_PTR_NULL(f.g.text[0]);
	mend_line(&f, "The open pupils episode began how many minutes ago? "
	    "(Enter; Esc cancels)\nminutes: 12", 1);
	/* A fourth digit, a letter, a paste: told, not taken. */
	FEED(&f.k, f.s, "3", &f.g);
	mend_told(&f, "4t", "minutes as digits, then Enter (Esc cancels)");
	T_EQ_STR(f.k.text, "123");
	FEED(&f.k, f.s, "\x1b[200~45\x1b[201~", &f.g);
	T_EQ_STR(f.k.text, "123");
	T_EQ_INT(f.k.mode, KEYS_AGO);
	/* Backspace takes digits back, then is told. */
	FEED(&f.k, f.s, "\x7f\x7f\x7f", &f.g);
	T_EQ_STR(f.k.text, "");
	mend_told(&f, "\x7f", "minutes as digits, then Enter (Esc cancels)");
	FEED(&f.k, f.s, "15\r", &f.g);
	T_EQ_INT(f.g.a[2].type, KEY_AGO);
	T_EQ_INT(f.g.a[2].minutes, 15);
	T_EQ_INT(f.k.mode, KEYS_NORMAL);
	/* Enter alone: 0 minutes, for the recorder to ask again. */
	FEED(&f.k, f.s, "<\r", &f.g);
	T_EQ_INT(f.g.a[1].type, KEY_AGO);
	T_EQ_INT(f.g.a[1].minutes, 0);
	/* Esc or Ctrl-C cancel, saying so; the next key is a key again. */
	mend_cancelled(&f, "<9\x1b");
	mend_cancelled(&f, "<9\x03");
	T_EQ_INT(f.g.n, 3);
	FEED(&f.k, f.s, "t", &f.g);
	T_EQ_INT(f.g.a[0].type, KEY_START);
	fx_close(&f);
}

void
keys_test_register(void)
{
	CU_pSuite	s;

	s = CU_add_suite("keys", NULL, NULL);
	CU_add_test(s, "group keys, both cases", test_group_keys);
	CU_add_test(s, "a digit group key", test_digit_group_key);
	CU_add_test(s, "end, pause, undo, flip", test_end_pause_undo_flip);
	CU_add_test(s, "unknown keys", test_unknown_keys);
	CU_add_test(s, "brief contacts", test_brief);
	CU_add_test(s, "person prompt", test_person);
	CU_add_test(s, "note prompt", test_note);
	CU_add_test(s, "UTF-8 in text prompts", test_utf8_text);
	CU_add_test(s, "text bounded at RECORD_MAX_TEXT", test_overlong);
	CU_add_test(s, "location and mode menus", test_menus);
	CU_add_test(s, "a menu longer than nine", test_long_menu);
	CU_add_test(s, "groups present", test_with);
	CU_add_test(s, "quit asks", test_quit);
	CU_add_test(s, "Ctrl-C and Ctrl-L", test_control_keys);
	CU_add_test(s, "escape sequences swallowed", test_escape_sequences);
	CU_add_test(s, "prompt lines", test_prompt_lines);
	CU_add_test(s, "legend", test_legend);
	CU_add_test(s, "a refused prompt keeps its keys", test_refused);
	CU_add_test(s, "editing at a cursor", test_editing);
	CU_add_test(s, "codes of the day", test_people);
	CU_add_test(s, "bracketed paste", test_paste);
	CU_add_test(s, "terminals' sequences and Alt", test_terminals);
	CU_add_test(s, "a dimension's values typed", test_dim_values);
	CU_add_test(s, "'+' without the own group", test_with_own);
	CU_add_test(s, "random bytes", test_random_bytes);
	CU_add_test(s, "'%' regroups the open episode", test_regroup);
	CU_add_test(s, "'<' moves its start back", test_ago);
	CU_add_test(s, "a refused mend prompt keeps its keys",
	    test_mend_refused);
}
