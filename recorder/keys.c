/*
 * The live recorder's keys: bytes in, actions out, nothing else touched.
 * Terminals send escape sequences for arrows and function keys; they are
 * read whole and ignored unless they edit a prompt, and only an ESC on its
 * own cancels one.  After a prompt key, the keys up to Enter or Esc belong
 * to the prompt even when it was refused: a hurried "@staffroom" is never
 * read as group keys.
 */
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "keys.h"
#include "screen.h"
#include "text.h"
#include "xmalloc.h"

/* The end of a bracketed paste (its start is CSI 200 ~). */
#define KEYS_PASTE_END	"\033[201~"
/* Person codes listed in the prompt at most. */
#define KEYS_PEOPLE_SHOWN	12

enum keys_esc {
	KEYS_ESC_NONE,
	KEYS_ESC_SEEN,		/* ESC */
	KEYS_ESC_CSI,		/* ESC [ ... up to a final byte */
	KEYS_ESC_LINUX,		/* ESC [ [ and one byte: console F1-F5 */
	KEYS_ESC_SS3,		/* ESC O ... up to a final byte */
	KEYS_ESC_STRING,	/* ESC ] P _ ^ X: up to BEL or ESC \ */
	KEYS_ESC_STRING_ESC	/* an ESC inside such a string */
};

enum keys_edit {
	KEYS_EDIT_LEFT,
	KEYS_EDIT_RIGHT,
	KEYS_EDIT_HOME,
	KEYS_EDIT_END,
	KEYS_EDIT_DELETE,
	KEYS_EDIT_BACKSPACE,
	KEYS_EDIT_CLEAR
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

/* Whether the keys are in a prompt that takes a line of text. */
static int
keys_has_text(const struct keys *k)
{
	return k->mode == KEYS_TEXT || k->mode == KEYS_MENU ||
	    k->mode == KEYS_REFUSED;
}

static void
keys_open(struct keys *k, enum keys_mode mode, enum keys_prompt prompt)
{
	k->mode = mode;
	k->prompt = prompt;
	k->len = k->cur = 0;
	k->text[0] = '\0';
	k->fresh = k->dup = 0;
	k->own = -1;
	k->people = NULL;
	k->npeople = 0;
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

static int keys_messagef(struct keys *, struct key_action *, const char *,
    ...) __attribute__((format(printf, 3, 4)));

static int
keys_messagef(struct keys *k, struct key_action *out, const char *fmt, ...)
{
	va_list	ap;

	va_start(ap, fmt);
	vsnprintf(k->msg, sizeof k->msg, fmt, ap);
	va_end(ap);
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
	k->own = -1;
}

void
keys_cancel(struct keys *k)
{
	k->mode = KEYS_NORMAL;
	k->prompt = KEYS_PROMPT_NONE;
}

void
keys_refuse(struct keys *k, const char *why)
{
	enum keys_prompt	prompt = k->prompt;

	keys_open(k, KEYS_REFUSED, prompt);
	snprintf(k->why, sizeof k->why, "%s", why != NULL ? why :
	    "refused");
}

void
keys_set_with(struct keys *k, const int *groups, size_t n, int own)
{
	size_t	i;

	for (i = 0; i < n; i++) {
		if (groups[i] >= 0 && groups[i] < SCHEME_MAX_GROUPS)
			k->with[groups[i]] = 1;
	}
	k->own = own;
	if (own >= 0 && own < SCHEME_MAX_GROUPS)
		k->with[own] = 0;
}

void
keys_set_episode(struct keys *k, int group)
{
	k->own = group;
}

void
keys_set_text(struct keys *k, const char *text)
{
	snprintf(k->text, sizeof k->text, "%s", text != NULL ? text : "");
	k->len = k->cur = strlen(k->text);
	k->fresh = k->len > 0;
}

void
keys_set_people(struct keys *k, const char *const *people, size_t n)
{
	k->people = people;
	k->npeople = n;
}

/* ---- editing a line at a cursor ---- */

/* The start of the character before byte i: a byte that is not part of a
 * valid character counts as one. */
static size_t
keys_char_before(const struct keys *k, size_t i)
{
	const unsigned char	*u = (const unsigned char *)k->text;
	size_t			 p = i - 1;

	while (p > 0 && i - p < 4 && (u[p] & 0xc0) == 0x80)
		p--;
	if (text_utf8_len(u + p, i - p) != i - p)
		p = i - 1;
	return p;
}

static size_t
keys_char_after(const struct keys *k, size_t i)
{
	size_t	n = text_utf8_len((const unsigned char *)k->text + i,
		    k->len - i);

	return i + (n == 0 ? 1 : n);
}

static void
keys_delete(struct keys *k, size_t from, size_t to)
{
	memmove(k->text + from, k->text + to, k->len - to);
	k->len -= to - from;
	k->text[k->len] = '\0';
	if (k->cur > to)
		k->cur -= to - from;
	else if (k->cur > from)
		k->cur = from;
}

static void
keys_edit(struct keys *k, enum keys_edit e)
{
	if (k->fresh && (e == KEYS_EDIT_DELETE ||
	    e == KEYS_EDIT_BACKSPACE))
		e = KEYS_EDIT_CLEAR;	/* as a selection is deleted */
	k->fresh = k->dup = 0;
	switch (e) {
	case KEYS_EDIT_LEFT:
		if (k->cur > 0)
			k->cur = keys_char_before(k, k->cur);
		break;
	case KEYS_EDIT_RIGHT:
		if (k->cur < k->len)
			k->cur = keys_char_after(k, k->cur);
		break;
	case KEYS_EDIT_HOME:
		k->cur = 0;
		break;
	case KEYS_EDIT_END:
		k->cur = k->len;
		break;
	case KEYS_EDIT_DELETE:
		if (k->cur < k->len)
			keys_delete(k, k->cur, keys_char_after(k, k->cur));
		break;
	case KEYS_EDIT_BACKSPACE:
		if (k->cur > 0)
			keys_delete(k, keys_char_before(k, k->cur), k->cur);
		break;
	case KEYS_EDIT_CLEAR:
		k->len = k->cur = 0;
		k->text[0] = '\0';
		break;
	}
}

/* Inserts a byte at the cursor; -1 when the text is full. */
static int
keys_insert(struct keys *k, unsigned char ch)
{
	if (k->fresh)
		keys_edit(k, KEYS_EDIT_CLEAR);
	k->dup = 0;
	if (k->len >= RECORD_MAX_TEXT)
		return -1;
	memmove(k->text + k->cur + 1, k->text + k->cur, k->len - k->cur);
	k->text[k->cur++] = (char)ch;
	k->text[++k->len] = '\0';
	return 0;
}

static int
keys_append(struct keys *k, unsigned char ch, struct key_action *out)
{
	if (keys_insert(k, ch) == 0 || k->mode == KEYS_REFUSED)
		return 0;
	return keys_messagef(k, out, "text is limited to %d bytes",
	    RECORD_MAX_TEXT);
}

/* ---- person codes: completion and near-duplicates ---- */

/* A code as compared for near-duplicates: ASCII letters folded, ASCII
 * punctuation and spaces left out, leading zeros of a number dropped. */
static void
keys_fold(const char *s, char *out, size_t size)
{
	const unsigned char	*u = (const unsigned char *)s;
	size_t			 i, o = 0;

	for (i = 0; u[i] != '\0' && o + 1 < size; i++) {
		if (u[i] < 0x80 && !isalnum(u[i]))
			continue;
		if (u[i] == '0' && (i == 0 || !isdigit(u[i - 1])) &&
		    isdigit(u[i + 1]))
			continue;
		out[o++] = (char)tolower(u[i]);
	}
	out[o] = '\0';
}

/* A code of the day that the text is close to but not equal to, or NULL
 * (also when the text is one of the day's codes). */
static const char *
keys_near(const struct keys *k)
{
	char		 a[RECORD_MAX_TEXT + 1], b[RECORD_MAX_TEXT + 1];
	const char	*near = NULL;
	size_t		 i;

	keys_fold(k->text, a, sizeof a);
	for (i = 0; i < k->npeople; i++) {
		if (strcmp(k->people[i], k->text) == 0)
			return NULL;
		keys_fold(k->people[i], b, sizeof b);
		if (near == NULL && a[0] != '\0' && strcmp(a, b) == 0)
			near = k->people[i];
	}
	return near;
}

static int
keys_complete(struct keys *k, struct key_action *out)
{
	const char	*first = NULL, *near;
	size_t		 i, n = 0, common = 0, j;
	char		 list[256];

	if (k->dup && (near = keys_near(k)) != NULL) {
		keys_set_text(k, near);
		k->fresh = 0;
		return 0;
	}
	k->fresh = k->dup = 0;
	list[0] = '\0';
	for (i = 0; i < k->npeople; i++) {
		if (strncasecmp(k->people[i], k->text, k->len) != 0)
			continue;
		if (first == NULL) {
			first = k->people[i];
			common = strlen(first);
		}
		for (j = 0; j < common &&
		    tolower((unsigned char)first[j]) ==
		    tolower((unsigned char)k->people[i][j]); j++)
			;
		common = j;
		n++;
		if (strlen(list) + strlen(k->people[i]) + 3 < sizeof list) {
			strcat(list, "  ");
			strcat(list, k->people[i]);
		}
	}
	if (n == 0)
		return keys_message(k, out, "Tab: no code used today begins "
		    "so");
	if (common > k->len || n == 1) {
		memcpy(k->text, first, common);
		k->text[common] = '\0';
		k->len = k->cur = common;
	}
	if (n == 1)
		return 0;
	return keys_messagef(k, out, "Tab: %zu codes begin so:%s", n, list);
}

/* ---- ending a text prompt ---- */

/* Drops the C1 controls typed (C0 ones are ignored as they come): they
 * act on a terminal and are no one's text. */
static void
keys_drop_controls(struct keys *k)
{
	unsigned char	*u = (unsigned char *)k->text;
	size_t		 i, o, n;

	for (i = o = 0; i < k->len; i += n) {
		n = text_utf8_len(u + i, k->len - i);
		if (n == 0 || text_is_control(u + i, n))
			continue;
		memmove(u + o, u + i, n);
		o += n;
	}
	k->len = k->cur = o;
	k->text[o] = '\0';
}

/* A whole answer of digits naming an entry of the list: its index, or -1. */
static int
keys_pick(const char *text, size_t n)
{
	size_t	i;
	long	v = 0;

	if (text[0] == '\0' || strlen(text) > 4)
		return -1;
	for (i = 0; text[i] != '\0'; i++) {
		if (!isdigit((unsigned char)text[i]))
			return -1;
		v = v * 10 + (text[i] - '0');
	}
	return v >= 1 && (size_t)v <= n ? (int)v - 1 : -1;
}

static int
keys_confirm_list(struct keys *k, char **list, size_t n,
    struct key_action *out, enum key_type type)
{
	size_t	i;
	int	pick;

	keys_cancel(k);
	out->type = type;
	out->text = k->text;
	if ((pick = keys_pick(k->text, n)) >= 0)
		keys_set_text(k, list[pick]);
	for (i = 0; pick < 0 && i < n; i++) {
		if (strcasecmp(list[i], k->text) == 0) {
			keys_set_text(k, list[i]);
			break;
		}
	}
	return 1;
}

/* A dimension's value typed: each part (the whole, or each ';' part of a
 * dimension of several) that is a listed number or name takes the
 * scheme's value; a number beyond the list is a wrong key, refused with
 * the prompt left open (unlike '@', where it is a place of its own). */
static int
keys_confirm_dim(struct keys *k, const struct scheme *s,
    struct key_action *out)
{
	const struct scheme_dim	*d = &s->dims[k->dim];
	char			*text, *part, *semi, *joined, *next;
	const char		*value;
	size_t			 i, len;
	int			 pick;

	text = xstrdup(k->text);
	joined = xstrdup("");
	for (part = text; part != NULL; part = semi) {
		semi = d->several ? strchr(part, ';') : NULL;
		if (semi != NULL)
			*semi++ = '\0';
		len = text_trim(part);
		value = part;
		if ((pick = keys_pick(part, d->nvalues)) >= 0)
			value = d->values[pick];
		else if (d->nvalues > 0 && len > 0 &&
		    strspn(part, "0123456789") == len) {
			keys_messagef(k, out, "%s has no value %s: a number "
			    "from 1 to %zu, or a value typed; Esc cancels",
			    d->name, part, d->nvalues);
			free(text);
			free(joined);
			return 1;
		}
		for (i = 0; pick < 0 && i < d->nvalues; i++)
			if (strcasecmp(d->values[i], part) == 0)
				value = d->values[i];
		next = xasprintf("%s%s%s", joined, part == text ? "" : ";",
		    value);
		free(joined);
		joined = next;
	}
	keys_cancel(k);
	keys_set_text(k, joined);
	free(joined);
	free(text);
	out->type = KEY_DIM;
	out->text = k->text;
	out->dim = k->dim;
	return 1;
}

static int
keys_confirm_person(struct keys *k, struct key_action *out)
{
	const char	*near;
	char		*shown, *other;

	if (!k->dup && (near = keys_near(k)) != NULL) {
		k->dup = 1;
		shown = text_show(k->text, k->len, 40);
		other = text_show(near, strlen(near), 40);
		keys_messagef(k, out, "%s is new; did you mean %s? Enter "
		    "again keeps %s, Tab takes %s", shown, other, shown, other);
		free(shown);
		free(other);
		return 1;
	}
	keys_cancel(k);
	out->type = KEY_PERSON;
	out->text = k->text;
	return 1;
}

/* Ends a prompt whose text is in k->text with the action it gives; a text
 * that cannot be used leaves the prompt open with a message. */
static int
keys_confirm_text(struct keys *k, const struct scheme *s,
    struct key_action *out)
{
	if (!text_utf8_valid(k->text, k->len))
		return keys_message(k, out, "not set: the text holds bytes "
		    "that are not UTF-8 (shown as ?; is the terminal set to "
		    "UTF-8?): change them, or Esc");
	keys_drop_controls(k);
	k->len = text_trim(k->text);
	if (k->cur > k->len)
		k->cur = k->len;
	switch (k->prompt) {
	case KEYS_PROMPT_NOTE:
		keys_cancel(k);
		if (k->len == 0)
			return keys_message(k, out, "empty note not saved");
		out->type = KEY_NOTE;
		out->text = k->text;
		return 1;
	case KEYS_PROMPT_PERSON:
		return keys_confirm_person(k, out);
	case KEYS_PROMPT_WHERE:
		return keys_confirm_list(k, s->locations, s->nlocations, out,
		    KEY_WHERE);
	case KEYS_PROMPT_MODE:
		return keys_confirm_list(k, s->modes, s->nmodes, out,
		    KEY_MODE);
	case KEYS_PROMPT_DIM:
		return keys_confirm_dim(k, s, out);
	default:
		keys_cancel(k);
		return 0;
	}
}

/* Enter in a refused prompt: says again why, and that the text went
 * unused. */
static int
keys_confirm_refused(struct keys *k, struct key_action *out)
{
	char	*shown;

	keys_cancel(k);
	k->len = k->cur = text_trim(k->text);
	if (k->len == 0)
		return keys_message(k, out, k->why);
	shown = text_show(k->text, k->len, 60);
	keys_messagef(k, out, "%s: \"%s\" not used", k->why, shown);
	free(shown);
	return 1;
}

static int
keys_feed_text(struct keys *k, const struct scheme *s, unsigned char ch,
    struct key_action *out)
{
	if (keys_is_enter(ch))
		return k->mode == KEYS_REFUSED ?
		    keys_confirm_refused(k, out) :
		    keys_confirm_text(k, s, out);
	if (keys_is_backspace(ch)) {
		keys_edit(k, KEYS_EDIT_BACKSPACE);
		return 0;
	}
	switch (ch) {
	case KEYS_CTRL_U:
		keys_edit(k, KEYS_EDIT_CLEAR);
		return 0;
	case KEYS_CTRL_A:
		keys_edit(k, KEYS_EDIT_HOME);
		return 0;
	case KEYS_CTRL_E:
		keys_edit(k, KEYS_EDIT_END);
		return 0;
	case KEYS_TAB:
		if (k->mode == KEYS_TEXT && k->prompt == KEYS_PROMPT_PERSON)
			return keys_complete(k, out);
		ch = ' ';
		break;
	}
	if (ch < 0x20)
		return 0;
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
			if (k->with[i] && (int)i != k->own)
				out->with[out->nwith++] = (int)i;
		}
		return 1;
	}
	if ((g = scheme_find_key(s, ch, NULL)) >= 0) {
		if (g == k->own)
			return keys_messagef(k, out, "%s is this episode's "
			    "own group: choose the others present",
			    s->groups[g].name);
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

/* '/' then a key: a group key records, Backspace takes the '/' back,
 * Enter gives up; any other key refuses the prompt, so what follows it up
 * to Enter or Esc is not read as keys. */
static int
keys_feed_brief(struct keys *k, const struct scheme *s, unsigned char ch,
    struct key_action *out)
{
	if (keys_feed_group(k, s, ch, out, KEY_BRIEF))
		return 1;
	if (keys_is_backspace(ch)) {
		keys_cancel(k);
		return 0;
	}
	if (keys_is_enter(ch)) {
		keys_cancel(k);
		return keys_message(k, out, "brief contact not recorded");
	}
	keys_refuse(k, "'/' wants a group key: brief contact not recorded");
	if (ch >= 0x20)
		keys_insert(k, ch);
	return 0;
}

/* The keys that open a prompt, and what each opens. */
static const struct {
	unsigned char		ch;
	enum keys_mode		mode;
	enum keys_prompt	prompt;
} keys_prompt_keys[] = {
	{ '/', KEYS_BRIEF, KEYS_PROMPT_BRIEF },
	{ '#', KEYS_TEXT, KEYS_PROMPT_PERSON },
	{ '!', KEYS_TEXT, KEYS_PROMPT_NOTE },
	{ '@', KEYS_MENU, KEYS_PROMPT_WHERE },
	{ '=', KEYS_MENU, KEYS_PROMPT_MODE },
	{ '+', KEYS_WITH, KEYS_PROMPT_WITH },
	{ 'q', KEYS_QUIT, KEYS_PROMPT_QUIT },
	{ '%', KEYS_REGROUP, KEYS_PROMPT_REGROUP },
	{ '<', KEYS_AGO, KEYS_PROMPT_AGO },
};

static int
keys_feed_normal(struct keys *k, const struct scheme *s, unsigned char ch,
    struct key_action *out)
{
	size_t	i;
	int	d;

	if (keys_feed_group(k, s, ch, out, KEY_START))
		return 1;
	for (i = 0; i < sizeof keys_prompt_keys / sizeof keys_prompt_keys[0];
	    i++) {
		if (keys_prompt_keys[i].ch == ch)
			return keys_prompt(k, out, keys_prompt_keys[i].mode,
			    keys_prompt_keys[i].prompt);
	}
	if ((d = scheme_find_dim_key(s, ch)) >= 0) {
		k->dim = d;
		return keys_prompt(k, out, KEYS_MENU, KEYS_PROMPT_DIM);
	}
	switch (ch) {
	case ' ':
	case '.':
		out->type = KEY_END;
		return 1;
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
		return keys_messagef(k, out, "key %c does nothing: see the "
		    "keys below", ch);
	return keys_message(k, out, "that key does nothing: see the keys "
	    "below");
}

/* 'q' then a key: y quits; n, Enter or Esc only cancel; any other key
 * cancels and then acts, so a hurried 'q' never swallows a start. */
static int
keys_feed_quit(struct keys *k, const struct scheme *s, unsigned char ch,
    struct key_action *out)
{
	keys_cancel(k);
	if (ch == 'y' || ch == 'Y') {
		out->type = KEY_QUIT;
		return 1;
	}
	if (ch == 'n' || ch == 'N' || keys_is_enter(ch))
		return keys_message(k, out, "quit cancelled");
	return keys_feed_normal(k, s, ch, out);
}

/* ---- mending the open episode: '%' and '<' ---- */

/* Whatever was said is done with: a mend prompt was typed in. */
static int
keys_quiet(struct key_action *out)
{
	out->type = KEY_MESSAGE;
	out->text = NULL;
	return 1;
}

/* '%' then a group key: the open episode's group from its start.  Every
 * other key but Esc (and Ctrl-C, which cancels rather than leaves) is
 * told to choose, so "%t" never starts an episode. */
static int
keys_feed_regroup(struct keys *k, const struct scheme *s, unsigned char ch,
    struct key_action *out)
{
	int	g;

	if ((g = scheme_find_key(s, ch, NULL)) < 0)
		return keys_message(k, out, "a group key, or Esc to cancel");
	keys_cancel(k);
	out->type = KEY_REGROUP;
	out->group = g;
	return 1;
}

/* '<' then minutes as digits and Enter: the open episode began that long
 * ago. */
static int
keys_feed_ago(struct keys *k, unsigned char ch, struct key_action *out)
{
	if (ch >= '0' && ch <= '9' && k->len < KEYS_AGO_DIGITS) {
		k->text[k->len++] = (char)ch;
		k->text[k->len] = '\0';
		k->cur = k->len;
		return keys_quiet(out);
	}
	if (keys_is_backspace(ch) && k->len > 0) {
		k->text[--k->len] = '\0';
		k->cur = k->len;
		return keys_quiet(out);
	}
	if (keys_is_enter(ch)) {
		keys_cancel(k);
		out->type = KEY_AGO;
		out->minutes = atoi(k->text);
		return 1;
	}
	return keys_message(k, out, "minutes as digits, then Enter (Esc "
	    "cancels)");
}

/* A byte in a mend prompt: every one is the prompt's, Ctrl-L and Ctrl-C
 * among them. */
static int
keys_feed_mend(struct keys *k, const struct scheme *s, unsigned char ch,
    struct key_action *out)
{
	if (ch == KEYS_CTRL_C) {
		keys_cancel(k);
		return keys_message(k, out, "cancelled");
	}
	if (k->mode == KEYS_REGROUP)
		return keys_feed_regroup(k, s, ch, out);
	return keys_feed_ago(k, ch, out);
}

/* ---- escape sequences and pastes ---- */

/* A CSI or SS3 sequence has ended with final: the editing keys act in a
 * text prompt, a paste begins; every other sequence is ignored. */
static int
keys_sequence(struct keys *k, unsigned char final)
{
	int	n = atoi(k->escp);

	if (final == '~' && n == 200 && k->esc == KEYS_ESC_CSI) {
		k->paste = 1;
		k->paste_end = k->paste_bytes = 0;
		k->paste_cr = k->paste_cut = 0;
		return 0;
	}
	if (!keys_has_text(k))
		return 0;
	if (final == 'D')
		keys_edit(k, KEYS_EDIT_LEFT);
	else if (final == 'C')
		keys_edit(k, KEYS_EDIT_RIGHT);
	else if (final == 'H' || (final == '~' && (n == 1 || n == 7)))
		keys_edit(k, KEYS_EDIT_HOME);
	else if (final == 'F' || (final == '~' && (n == 4 || n == 8)))
		keys_edit(k, KEYS_EDIT_END);
	else if (final == '~' && n == 3)
		keys_edit(k, KEYS_EDIT_DELETE);
	return 0;
}

/* A byte after ESC: the start of a sequence, or Alt and a key, which is
 * swallowed whole (Alt never acts as the key, nor cancels a prompt). */
static int
keys_after_escape(struct keys *k, unsigned char ch)
{
	k->nescp = 0;
	k->escp[0] = '\0';
	switch (ch) {
	case '[':
		k->esc = KEYS_ESC_CSI;
		return 0;
	case 'O':
		k->esc = KEYS_ESC_SS3;
		return 0;
	case ']':
	case 'P':
	case '_':
	case '^':
	case 'X':
		k->esc = KEYS_ESC_STRING;
		return 0;
	case KEYS_ESC:		/* the first was a lone Escape */
		if (k->mode != KEYS_REGROUP && k->mode != KEYS_AGO)
			keys_cancel(k);	/* a mend prompt waits for the
					   read's end, to say so */
		return 0;
	case KEYS_CTRL_C:
		k->esc = KEYS_ESC_NONE;
		return -1;
	}
	k->esc = KEYS_ESC_NONE;
	if (ch >= 0xc2 && ch <= 0xf4)
		k->skip = ch >= 0xf0 ? 3 : ch >= 0xe0 ? 2 : 1;
	return 0;
}

/* Feeds a byte to the escape sequence in progress: 0 when it took it, -1
 * when the sequence broke off and the byte is to be read as typed. */
static int
keys_feed_escape(struct keys *k, unsigned char ch)
{
	switch (k->esc) {
	case KEYS_ESC_SEEN:
		return keys_after_escape(k, ch);
	case KEYS_ESC_CSI:
		if (ch == '[' && k->nescp == 0) {
			k->esc = KEYS_ESC_LINUX;
			return 0;
		}
		/* FALLTHROUGH */
	case KEYS_ESC_SS3:
		if (ch >= 0x20 && ch <= 0x3f) {
			if (k->nescp + 1 < sizeof k->escp) {
				k->escp[k->nescp++] = (char)ch;
				k->escp[k->nescp] = '\0';
			}
			return 0;
		}
		if (ch >= 0x40 && ch <= 0x7e) {
			keys_sequence(k, ch);
			k->esc = KEYS_ESC_NONE;
			return 0;
		}
		break;
	case KEYS_ESC_LINUX:
		k->esc = KEYS_ESC_NONE;
		return 0;
	case KEYS_ESC_STRING:
		k->nescp = 1;	/* the string has begun: see keys_flush */
		if (ch == KEYS_ESC)
			k->esc = KEYS_ESC_STRING_ESC;
		else if (ch == 0x07)
			k->esc = KEYS_ESC_NONE;
		return 0;
	case KEYS_ESC_STRING_ESC:
		k->esc = KEYS_ESC_NONE;
		return 0;
	}
	k->esc = KEYS_ESC_NONE;		/* broken off */
	return -1;
}

/* One byte of a paste: into a text prompt, line breaks and tabs as
 * spaces (CR LF as one); anywhere else only counted. */
static void
keys_paste_byte(struct keys *k, unsigned char ch)
{
	int	cr = k->paste_cr;

	k->paste_bytes++;
	k->paste_cr = ch == '\r';
	if (!keys_has_text(k))
		return;
	if (ch == '\n' && cr)
		return;
	if (ch == '\r' || ch == '\n' || ch == KEYS_TAB)
		ch = ' ';
	if (ch < 0x20 || ch == 0x7f)
		return;
	if (keys_insert(k, ch) != 0)
		k->paste_cut = 1;
}

static int
keys_paste_done(struct keys *k, struct key_action *out)
{
	k->paste = 0;
	if (keys_has_text(k)) {
		if (k->paste_cut && k->mode != KEYS_REFUSED)
			return keys_messagef(k, out, "paste cut: text is "
			    "limited to %d bytes", RECORD_MAX_TEXT);
		return 0;
	}
	return keys_messagef(k, out, "paste not used: %zu byte%s pasted with "
	    "no text prompt open (paste after ! # @ or =)", k->paste_bytes,
	    k->paste_bytes == 1 ? "" : "s");
}

static int
keys_feed_paste(struct keys *k, unsigned char ch, struct key_action *out)
{
	const char	*end = KEYS_PASTE_END;
	size_t		 i;

	if (ch == (unsigned char)end[k->paste_end]) {
		if (++k->paste_end == strlen(end))
			return keys_paste_done(k, out);
		return 0;
	}
	for (i = 1; i < k->paste_end; i++)	/* not the end after all */
		keys_paste_byte(k, (unsigned char)end[i]);
	k->paste_end = ch == KEYS_ESC;
	if (ch != KEYS_ESC)
		keys_paste_byte(k, ch);
	return 0;
}

int
keys_flush(struct keys *k, struct key_action *out)
{
	int	mending = k->mode == KEYS_REGROUP || k->mode == KEYS_AGO;

	memset(out, 0, sizeof *out);
	out->group = -1;
	/* ESC ^ (or _ P X ]) that ends the read was Alt and that key, not a
	 * terminal's string: a string would swallow every key after it. */
	if (k->esc == KEYS_ESC_STRING && k->nescp == 0)
		k->esc = KEYS_ESC_NONE;
	if (k->esc != KEYS_ESC_SEEN)
		return 0;
	keys_cancel(k);
	k->esc = KEYS_ESC_NONE;
	return mending ? keys_message(k, out, "cancelled") : 0;
}

int
keys_feed(struct keys *k, const struct scheme *s, unsigned char ch,
    struct key_action *out)
{
	memset(out, 0, sizeof *out);
	out->group = -1;
	if (k->paste)
		return keys_feed_paste(k, ch, out);
	if (k->esc != KEYS_ESC_NONE && keys_feed_escape(k, ch) == 0)
		return 0;
	if (k->skip > 0) {
		k->skip--;
		if ((ch & 0xc0) == 0x80)
			return 0;
		k->skip = 0;
	}
	if (ch == KEYS_ESC) {
		k->esc = KEYS_ESC_SEEN;
		return 0;
	}
	if (k->mode == KEYS_REGROUP || k->mode == KEYS_AGO)
		return keys_feed_mend(k, s, ch, out);
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
		return keys_feed_brief(k, s, ch, out);
	case KEYS_TEXT:
	case KEYS_MENU:
	case KEYS_REFUSED:
		return keys_feed_text(k, s, ch, out);
	case KEYS_WITH:
		return keys_feed_with(k, s, ch, out);
	case KEYS_QUIT:
		return keys_feed_quit(k, s, ch, out);
	case KEYS_REGROUP:
	case KEYS_AGO:
		break;		/* fed above */
	}
	return 0;
}

/* A prompt's first line: what it is, its keys, and the items offered. */
static char *
keys_list_line(const char *what, char **list, size_t n, int numbered)
{
	char	*line, *next, *item;
	size_t	 i;

	line = xstrdup(what);
	for (i = 0; i < n; i++) {
		item = screen_clean(list[i]);
		if (numbered)
			next = xasprintf("%s  %zu %s", line, i + 1, item);
		else
			next = xasprintf("%s  %s", line, item);
		free(item);
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
		if ((int)i == k->own)
			continue;
		next = xasprintf("%s  %c %s [%c]", line, s->groups[i].key,
		    s->groups[i].name, k->with[i] ? 'x' : ' ');
		free(line);
		line = next;
	}
	return line;
}

/* The first line (or lines), then a short label and the text being
 * edited, with the cursor where it stands: the label stays in view on a
 * narrow terminal. */
static char *
keys_edit_line(const struct keys *k, const char *first, const char *label,
    int *cursor)
{
	char	*before, *after, *line;

	before = xstrndup(k->text, k->cur);
	line = screen_clean(before);
	free(before);
	before = line;
	after = screen_clean(k->text + k->cur);
	line = xasprintf("%s\n%s%s%s", first, label, before, after);
	*cursor = 1 + (int)strlen(after);
	free(before);
	free(after);
	return line;
}

/* The codes of the day offered (at most KEYS_PEOPLE_SHOWN). */
static char *
keys_people_line(const struct keys *k)
{
	char	*line, *next;
	size_t	 n = k->npeople < KEYS_PEOPLE_SHOWN ? k->npeople :
		    KEYS_PEOPLE_SHOWN;

	line = keys_list_line(n > 0 ? "person code (Enter sets, empty "
	    "clears, Esc cancels; Tab completes):" : "person code (Enter "
	    "sets, empty clears, Esc cancels)", (char **)k->people, n, 0);
	if (n < k->npeople) {
		next = xasprintf("%s  (+%zu more)", line, k->npeople - n);
		free(line);
		line = next;
	}
	return line;
}

/* The open episode's group as the mend prompts name it. */
static const char *
keys_episode(const struct keys *k, const struct scheme *s)
{
	if (k->own < 0 || (size_t)k->own >= s->ngroups)
		return "(no)";
	return s->groups[k->own].name;
}

char *
keys_prompt_line(const struct keys *k, const struct scheme *s, int *cursor)
{
	char	*first, *line, *what;

	*cursor = 0;
	switch (k->mode) {
	case KEYS_NORMAL:
		return NULL;
	case KEYS_BRIEF:
		return xstrdup("brief contact: press a group key (UPPER CASE: "
		    "the other person began it); Esc cancels");
	case KEYS_QUIT:
		return xstrdup("Quit and end the day? y/n");
	case KEYS_REGROUP:
		return xasprintf("Regroup the open %s episode, keeping its "
		    "start: a group key (Esc cancels)", keys_episode(k, s));
	case KEYS_AGO:
		*cursor = 1;
		return xasprintf("The open %s episode began how many minutes "
		    "ago? (Enter; Esc cancels)\nminutes: %s", keys_episode(k, s),
		    k->text);
	case KEYS_WITH:
		return keys_with_line(k, s);
	case KEYS_REFUSED:
		first = xasprintf("%s; Enter or Esc ends", k->why);
		line = keys_edit_line(k, first, "not used: ", cursor);
		break;
	case KEYS_TEXT:
		if (k->prompt == KEYS_PROMPT_NOTE)
			return keys_edit_line(k, "note (Enter saves, Esc "
			    "cancels)", "note: ", cursor);
		first = keys_people_line(k);
		line = keys_edit_line(k, first, "person: ", cursor);
		break;
	case KEYS_MENU:
		if (k->prompt == KEYS_PROMPT_DIM) {
			what = xasprintf("%s (a number and Enter picks; "
			    "empty clears; Esc cancels):", s->dims[k->dim].name);
			first = keys_list_line(what, s->dims[k->dim].values,
			    s->dims[k->dim].nvalues, 1);
			free(what);
			what = xasprintf("%s: ", s->dims[k->dim].name);
			line = keys_edit_line(k, first, what, cursor);
			free(what);
		} else if (k->prompt == KEYS_PROMPT_WHERE) {
			first = keys_list_line("location (a number and Enter "
			    "picks; empty clears; Esc cancels):", s->locations,
			    s->nlocations, 1);
			line = keys_edit_line(k, first, "where: ", cursor);
		} else {
			first = keys_list_line("mode (a number and Enter "
			    "picks; empty clears; Esc cancels):", s->modes,
			    s->nmodes, 1);
			line = keys_edit_line(k, first, "mode: ", cursor);
		}
		break;
	default:
		return NULL;
	}
	free(first);
	return line;
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
	size_t		  i, j, n = 0;
	char		  key;

	items = xcalloc(s->ngroups + nfixed + s->ndims + 1, sizeof *items);
	for (i = 0; i < s->ngroups; i++) {
		key = s->groups[i].key;
		if (key >= 'a' && key <= 'z')
			items[n++] = xasprintf("%c/%c %s", key,
			    key - 'a' + 'A', s->groups[i].name);
		else
			items[n++] = xasprintf("%c %s", key,
			    s->groups[i].name);
	}
	for (i = 0; i < nfixed; i++) {
		items[n++] = xstrdup(fixed[i]);
		if (i == 6)	/* after "+ with": a dimension is a detail */
			for (j = 0; j < s->ndims; j++)
				items[n++] = xasprintf("%c %s",
				    s->dims[j].key, s->dims[j].name);
	}
	items[n] = NULL;
	return items;
}
