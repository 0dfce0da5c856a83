/*
 * The live recorder's keys: bytes in, actions out, nothing else touched.
 * Terminals send escape sequences for arrows and function keys; they are
 * swallowed whole, and only an ESC on its own cancels a prompt.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "keys.h"
#include "text.h"
#include "xmalloc.h"

#define KEYS_MENU_PICK	9	/* list items a single digit picks */

enum keys_esc {
	KEYS_ESC_NONE,
	KEYS_ESC_SEEN,		/* ESC */
	KEYS_ESC_CSI,		/* ESC [ ... up to a final byte */
	KEYS_ESC_SS3		/* ESC O and one more byte */
};

static int
keys_is_backspace(unsigned char ch)
{
	return ch == 0x7f || ch == 0x08;
}

static int
keys_is_enter(unsigned char ch)
{
	return ch == '\r' || ch == '\n';
}

static void
keys_open(struct keys *k, enum keys_mode mode, enum keys_prompt prompt)
{
	k->mode = mode;
	k->prompt = prompt;
	k->len = 0;
	k->text[0] = '\0';
	memset(k->with, 0, sizeof k->with);
}

static int
keys_message(struct keys *k, struct key_action *out, const char *msg)
{
	snprintf(k->msg, sizeof k->msg, "%s", msg);
	out->type = KEY_MESSAGE;
	out->text = k->msg;
	return 1;
}

static int
keys_prompt(struct keys *k, struct key_action *out, enum keys_mode mode,
    enum keys_prompt prompt)
{
	keys_open(k, mode, prompt);
	out->type = KEY_PROMPT;
	out->prompt = prompt;
	return 1;
}

void
keys_init(struct keys *k)
{
	memset(k, 0, sizeof *k);
	k->mode = KEYS_NORMAL;
	k->prompt = KEYS_PROMPT_NONE;
}

void
keys_cancel(struct keys *k)
{
	k->mode = KEYS_NORMAL;
	k->prompt = KEYS_PROMPT_NONE;
}

void
keys_set_with(struct keys *k, const int *groups, size_t n)
{
	size_t	i;

	for (i = 0; i < n; i++) {
		if (groups[i] >= 0 && groups[i] < SCHEME_MAX_GROUPS)
			k->with[groups[i]] = 1;
	}
}

/* Length of a valid UTF-8 character (no C0 or C1 control) at p, or 0. */
static size_t
keys_utf8_len(const unsigned char *p, size_t left)
{
	size_t	n = text_utf8_len(p, left);

	return n != 0 && !text_is_control(p, n) ? n : 0;
}

/* Drops, in place, every byte that is not part of a valid character. */
static void
keys_clean_text(struct keys *k)
{
	unsigned char	*p = (unsigned char *)k->text;
	size_t		 i, o, n;

	for (i = o = 0; i < k->len; i += n) {
		n = keys_utf8_len(p + i, k->len - i);
		if (n == 0) {
			n = 1;
			continue;
		}
		memmove(p + o, p + i, n);
		o += n;
	}
	k->len = o;
	k->text[o] = '\0';
}

static void
keys_trim_text(struct keys *k)
{
	size_t	start = 0;

	while (k->len > 0 && k->text[k->len - 1] == ' ')
		k->len--;
	while (start < k->len && k->text[start] == ' ')
		start++;
	memmove(k->text, k->text + start, k->len - start);
	k->len -= start;
	k->text[k->len] = '\0';
}

/* Removes the last character typed (all the bytes of a UTF-8 one). */
static void
keys_backspace(struct keys *k)
{
	while (k->len > 0) {
		k->len--;
		if (((unsigned char)k->text[k->len] & 0xc0) != 0x80)
			break;
	}
	k->text[k->len] = '\0';
}

static int
keys_append(struct keys *k, unsigned char ch, struct key_action *out)
{
	if (k->len >= RECORD_MAX_TEXT) {
		snprintf(k->msg, sizeof k->msg,
		    "text is limited to %d bytes", RECORD_MAX_TEXT);
		out->type = KEY_MESSAGE;
		out->text = k->msg;
		return 1;
	}
	k->text[k->len++] = (char)ch;
	k->text[k->len] = '\0';
	return 0;
}

/* Ends a prompt whose text is in k->text with the action it gives. */
static int
keys_confirm_text(struct keys *k, const struct scheme *s,
    struct key_action *out)
{
	enum keys_prompt	 prompt = k->prompt;
	char			**list = NULL;
	size_t			 n = 0, i;

	keys_cancel(k);
	keys_clean_text(k);
	out->text = k->text;
	switch (prompt) {
	case KEYS_PROMPT_NOTE:
		if (k->len == 0)
			return keys_message(k, out, "empty note not saved");
		out->type = KEY_NOTE;
		return 1;
	case KEYS_PROMPT_PERSON:
		keys_trim_text(k);
		out->type = KEY_PERSON;
		return 1;
	case KEYS_PROMPT_WHERE:
		list = s->locations;
		n = s->nlocations;
		out->type = KEY_WHERE;
		break;
	case KEYS_PROMPT_MODE:
		list = s->modes;
		n = s->nmodes;
		out->type = KEY_MODE;
		break;
	default:
		return 0;
	}
	keys_trim_text(k);
	for (i = 0; i < n; i++) {
		if (strcasecmp(list[i], k->text) == 0) {
			snprintf(k->text, sizeof k->text, "%s", list[i]);
			k->len = strlen(k->text);
			break;
		}
	}
	return 1;
}

static int
keys_feed_text(struct keys *k, const struct scheme *s, unsigned char ch,
    struct key_action *out)
{
	char	**list;
	size_t	  n, pick;

	if (keys_is_enter(ch))
		return keys_confirm_text(k, s, out);
	if (keys_is_backspace(ch)) {
		keys_backspace(k);
		return 0;
	}
	if (ch < 0x20)
		return 0;
	if (k->mode == KEYS_MENU && k->len == 0 && ch >= '1' && ch <= '9') {
		if (k->prompt == KEYS_PROMPT_WHERE) {
			list = s->locations;
			n = s->nlocations;
		} else {
			list = s->modes;
			n = s->nmodes;
		}
		pick = (size_t)(ch - '0');
		if (pick <= n && pick <= KEYS_MENU_PICK) {
			snprintf(k->text, sizeof k->text, "%s", list[pick - 1]);
			k->len = strlen(k->text);
			return keys_confirm_text(k, s, out);
		}
	}
	return keys_append(k, ch, out);
}

static int
keys_feed_with(struct keys *k, const struct scheme *s, unsigned char ch,
    struct key_action *out)
{
	size_t	i;
	int	g;

	if (keys_is_enter(ch)) {
		keys_cancel(k);
		out->type = KEY_WITH;
		for (i = 0; i < s->ngroups && i < RECORD_MAX_WITH; i++) {
			if (k->with[i])
				out->with[out->nwith++] = (int)i;
		}
		return 1;
	}
	if ((g = scheme_find_key(s, ch, NULL)) >= 0) {
		k->with[g] = !k->with[g];
		return 0;
	}
	if (keys_is_backspace(ch) || ch < 0x20 || ch >= 0x80)
		return 0;
	return keys_message(k, out,
	    "group keys choose the groups present; Enter confirms");
}

static int
keys_feed_group(struct keys *k, const struct scheme *s, unsigned char ch,
    struct key_action *out, enum key_type type)
{
	int	g, other;

	if ((g = scheme_find_key(s, ch, &other)) < 0)
		return 0;
	keys_cancel(k);
	out->type = type;
	out->group = g;
	out->by = other ? RECORD_BY_OTHER : RECORD_BY_HEAD;
	return 1;
}

static int
keys_feed_normal(struct keys *k, const struct scheme *s, unsigned char ch,
    struct key_action *out)
{
	char	msg[64];

	if (keys_feed_group(k, s, ch, out, KEY_START))
		return 1;
	switch (ch) {
	case ' ':
	case '.':
		out->type = KEY_END;
		return 1;
	case '/':
		return keys_prompt(k, out, KEYS_BRIEF, KEYS_PROMPT_BRIEF);
	case '#':
		return keys_prompt(k, out, KEYS_TEXT, KEYS_PROMPT_PERSON);
	case '!':
		return keys_prompt(k, out, KEYS_TEXT, KEYS_PROMPT_NOTE);
	case '@':
		return keys_prompt(k, out, KEYS_MENU, KEYS_PROMPT_WHERE);
	case '=':
		return keys_prompt(k, out, KEYS_MENU, KEYS_PROMPT_MODE);
	case '+':
		return keys_prompt(k, out, KEYS_WITH, KEYS_PROMPT_WITH);
	case 'q':
		return keys_prompt(k, out, KEYS_QUIT, KEYS_PROMPT_QUIT);
	case '~':
		out->type = KEY_FLIP;
		return 1;
	case KEYS_TAB:
		out->type = KEY_PAUSE;
		return 1;
	case 0x7f:
	case 0x08:
		out->type = KEY_UNDO;
		return 1;
	case '\r':
	case '\n':
		return 0;
	}
	if (ch >= 0x80 && ch < 0xc0)	/* the rest of a character */
		return 0;
	if (ch > 0x20 && ch < 0x7f)
		snprintf(msg, sizeof msg, "key %c does nothing: see the keys "
		    "below", ch);
	else
		snprintf(msg, sizeof msg, "that key does nothing: see the "
		    "keys below");
	return keys_message(k, out, msg);
}

/* Whether ch is taken by an escape sequence in progress. */
static int
keys_feed_escape(struct keys *k, unsigned char ch)
{
	switch (k->esc) {
	case KEYS_ESC_SEEN:
		if (ch == '[') {
			k->esc = KEYS_ESC_CSI;
			return 1;
		}
		if (ch == 'O') {
			k->esc = KEYS_ESC_SS3;
			return 1;
		}
		keys_flush(k);
		return 0;
	case KEYS_ESC_CSI:
		if (ch >= 0x20 && ch <= 0x3f)
			return 1;
		k->esc = KEYS_ESC_NONE;
		return ch >= 0x40 && ch <= 0x7e;
	case KEYS_ESC_SS3:
		k->esc = KEYS_ESC_NONE;
		return ch >= 0x20 && ch < 0x7f;
	}
	return 0;
}

int
keys_flush(struct keys *k)
{
	if (k->esc == KEYS_ESC_SEEN) {
		keys_cancel(k);
		k->esc = KEYS_ESC_NONE;
	}
	return 0;
}

int
keys_feed(struct keys *k, const struct scheme *s, unsigned char ch,
    struct key_action *out)
{
	memset(out, 0, sizeof *out);
	out->group = -1;
	if (k->esc != KEYS_ESC_NONE && keys_feed_escape(k, ch))
		return 0;
	if (ch == KEYS_ESC) {
		k->esc = KEYS_ESC_SEEN;
		return 0;
	}
	if (ch == KEYS_CTRL_C) {
		keys_cancel(k);
		out->type = KEY_INTERRUPT;
		return 1;
	}
	if (ch == KEYS_CTRL_L) {
		out->type = KEY_REDRAW;
		return 1;
	}
	switch (k->mode) {
	case KEYS_NORMAL:
		return keys_feed_normal(k, s, ch, out);
	case KEYS_BRIEF:
		if (keys_feed_group(k, s, ch, out, KEY_BRIEF))
			return 1;
		keys_cancel(k);
		if (keys_is_backspace(ch))
			return 0;
		return keys_message(k, out,
		    "'/' wants a group key: brief contact not recorded");
	case KEYS_TEXT:
	case KEYS_MENU:
		return keys_feed_text(k, s, ch, out);
	case KEYS_WITH:
		return keys_feed_with(k, s, ch, out);
	case KEYS_QUIT:
		keys_cancel(k);
		if (ch == 'y' || ch == 'Y') {
			out->type = KEY_QUIT;
			return 1;
		}
		return keys_message(k, out, "quit cancelled");
	}
	return 0;
}

static char *
keys_list_line(const char *what, char **list, size_t n)
{
	char	*line, *item, *next;
	size_t	 i;

	line = xasprintf("%s:", what);
	for (i = 0; i < n && i < KEYS_MENU_PICK; i++) {
		item = xasprintf("  %zu %s", i + 1, list[i]);
		next = xasprintf("%s%s", line, item);
		free(item);
		free(line);
		line = next;
	}
	for (; i < n; i++) {
		next = xasprintf("%s  %s", line, list[i]);
		free(line);
		line = next;
	}
	return line;
}

static char *
keys_with_line(const struct keys *k, const struct scheme *s)
{
	char	*line, *next;
	size_t	 i;

	line = xstrdup("groups present (their keys toggle; Enter confirms, "
	    "Esc cancels):");
	for (i = 0; i < s->ngroups; i++) {
		next = xasprintf("%s  %c %s [%c]", line, s->groups[i].key,
		    s->groups[i].name, k->with[i] ? 'x' : ' ');
		free(line);
		line = next;
	}
	return line;
}

char *
keys_prompt_line(const struct keys *k, const struct scheme *s, int *cursor)
{
	char	*list, *line;

	*cursor = 0;
	switch (k->mode) {
	case KEYS_NORMAL:
		return NULL;
	case KEYS_BRIEF:
		return xstrdup("brief contact: press a group key (UPPER CASE: "
		    "the other person began it); Esc cancels");
	case KEYS_QUIT:
		return xstrdup("Quit and end the day? y/n");
	case KEYS_WITH:
		return keys_with_line(k, s);
	case KEYS_TEXT:
		*cursor = 1;
		if (k->prompt == KEYS_PROMPT_NOTE)
			return xasprintf("note (Enter saves, Esc cancels): %s",
			    k->text);
		return xasprintf("person code (Enter sets, Enter alone "
		    "clears, Esc cancels): %s", k->text);
	case KEYS_MENU:
		*cursor = 1;
		if (k->prompt == KEYS_PROMPT_WHERE)
			list = keys_list_line("location", s->locations,
			    s->nlocations);
		else
			list = keys_list_line("mode", s->modes, s->nmodes);
		line = xasprintf("%s\nor type one (Enter sets, Enter alone "
		    "clears, Esc cancels): %s", list, k->text);
		free(list);
		return line;
	}
	return NULL;
}

char **
keys_legend(const struct scheme *s)
{
	static const char *const fixed[] = {
		"UPPER CASE: other began it",
		"Space end",
		"/ brief",
		"# person",
		"@ where",
		"= mode",
		"+ with",
		"~ who began",
		"! note",
		"Tab pause",
		"BkSp undo",
		"q quit",
	};
	const size_t	  nfixed = sizeof fixed / sizeof fixed[0];
	char		**items;
	size_t		  i, n = 0;
	char		  key;

	items = xcalloc(s->ngroups + nfixed + 1, sizeof *items);
	for (i = 0; i < s->ngroups; i++) {
		key = s->groups[i].key;
		if (key >= 'a' && key <= 'z')
			items[n++] = xasprintf("%c/%c %s", key,
			    key - 'a' + 'A', s->groups[i].name);
		else
			items[n++] = xasprintf("%c %s", key,
			    s->groups[i].name);
	}
	for (i = 0; i < nfixed; i++)
		items[n++] = xstrdup(fixed[i]);
	items[n] = NULL;
	return items;
}
