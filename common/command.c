/*
 * Timed commands: one line of text into one record.  Lines come from files
 * a person typed or a pipe anything may write into, so every byte is
 * checked and anything echoed back in a message is made printable first.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "clock.h"
#include "command.h"
#include "err.h"
#include "record.h"
#include "scheme.h"
#include "text.h"
#include "xmalloc.h"

#define COMMAND_SHOW_MAX	48	/* bytes of text quoted in a message */

enum command_key {
	KEY_BY,
	KEY_PERSON,
	KEY_WHERE,
	KEY_MODE,
	KEY_WITH,
	KEY_COUNT
};

static const char *command_key_names[KEY_COUNT] = {
	"by", "person", "where", "mode", "with"
};

static const struct {
	const char		*word;
	enum record_type	 type;
} command_words[] = {
	{ "begin", RECORD_BEGIN },
	{ "start", RECORD_START },
	{ "alone", RECORD_ALONE },
	{ "end", RECORD_END },
	{ "brief", RECORD_BRIEF },
	{ "note", RECORD_NOTE },
	{ "pause", RECORD_PAUSE },
	{ "resume", RECORD_RESUME },
	{ "undo", RECORD_UNDO },
	{ "stop", RECORD_STOP },
	{ "set", RECORD_SET },
	{ "recode", RECORD_RECODE },
	{ "move", RECORD_MOVE },
	{ "comment", RECORD_COMMENT },
	{ "add", RECORD_ADD },
	{ "withdraw", RECORD_WITHDRAW },
	{ "fix", RECORD_FIX }
};

#define COMMAND_NWORDS	(sizeof command_words / sizeof command_words[0])

struct command_parser {
	struct command		*cmd;
	const char		*p;	/* cursor */
	const char		*end;
	const struct scheme	*scheme;
	struct record		*rec;
	const char		*what;	/* the command word */
	char			*store;	/* bump allocated, fixed size */
	size_t			 used;
	size_t			 size;
	struct err		*e;
};

static int
command_blank(int ch)
{
	return ch == ' ' || ch == '\t';
}

static void
command_skip(struct command_parser *cp)
{
	while (cp->p < cp->end && command_blank((unsigned char)*cp->p))
		cp->p++;
}

/* Whether the cursor, just past blanks, is at a comment: a '#' after the
 * arguments runs to the end of the line.  Callers that take a #SEQ target
 * look for one before asking. */
static int
command_at_comment(const struct command_parser *cp)
{
	return cp->p < cp->end && *cp->p == '#';
}

/* Reads the word at the cursor (to the next blank); its length. */
static size_t
command_word(struct command_parser *cp, const char **word)
{
	*word = cp->p;
	while (cp->p < cp->end && !command_blank((unsigned char)*cp->p))
		cp->p++;
	return (size_t)(cp->p - *word);
}

/* Every failure of a line is ERR_USAGE, a command that is wrong (a
 * caller reading a file of them says ERR_DATA and where); -1. */
static int
command_fail(struct command_parser *cp, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static int
command_fail(struct command_parser *cp, const char *fmt, ...)
{
	va_list	ap;

	va_start(ap, fmt);
	err_vset(cp->e, ERR_USAGE, fmt, ap);
	va_end(ap);
	return -1;
}

/* Fails with a message about the text s, quoted safely. */
static int
command_error_text(struct command_parser *cp, const char *fmt, const char *s,
    size_t len)
{
	char	*shown;

	shown = text_show(s, len, COMMAND_SHOW_MAX);
	command_fail(cp, fmt, cp->what, shown);
	free(shown);
	return -1;
}

/* Copies len bytes and a NUL into the store. */
static char *
command_keep(struct command_parser *cp, const char *s, size_t len)
{
	char	*p;

	if (len + 1 > cp->size - cp->used)
		abort();	/* the store is sized for the worst case */
	p = cp->store + cp->used;
	memcpy(p, s, len);
	p[len] = '\0';
	cp->used += len + 1;
	return p;
}

/* Checks a value's bytes: printable UTF-8 of bounded length. */
static int
command_check_text(struct command_parser *cp, const char *name, const char *s,
    size_t len, int tab_ok)
{
	const unsigned char	*u = (const unsigned char *)s;
	size_t			 i, n;

	for (i = 0; i < len; i++) {
		if (((unsigned char)s[i] < 0x20 && !(tab_ok && s[i] == '\t')) ||
		    s[i] == 0x7f) {
			command_fail(cp, "%s: control character in value "
			    "of %s", cp->what, name);
			return -1;
		}
	}
	if (!text_utf8_valid(s, len)) {
		command_fail(cp, "%s: value of %s is not valid UTF-8",
		    cp->what, name);
		return -1;
	}
	for (i = 0; i < len; i += n) {	/* C1 controls, U+0080..U+009F */
		n = text_utf8_len(u + i, len - i);
		if (n == 2 && text_is_control(u + i, n)) {
			command_fail(cp, "%s: control character in value "
			    "of %s", cp->what, name);
			return -1;
		}
	}
	if (len > RECORD_MAX_TEXT) {
		command_fail(cp, "%s: value of %s is longer than %d "
		    "bytes", cp->what, name, RECORD_MAX_TEXT);
		return -1;
	}
	return 0;
}

/*
 * Reads a bare word (to the next blank) or a double-quoted string with \"
 * and \\ escapes at the cursor into the store.  *out is NUL-terminated.
 */
static int
command_value(struct command_parser *cp, const char *name, char **out,
    size_t *outlen)
{
	char		*v;
	size_t		 n = 0;

	if ((size_t)(cp->end - cp->p) + 1 > cp->size - cp->used)
		abort();	/* the store is sized for the worst case */
	v = cp->store + cp->used;
	if (cp->p < cp->end && *cp->p == '"') {
		cp->p++;
		for (;;) {
			if (cp->p == cp->end) {
				command_fail(cp, "%s: unterminated "
				    "quoted value of %s", cp->what, name);
				return -1;
			}
			if (*cp->p == '"')
				break;
			if (*cp->p == '\\') {
				if (cp->p + 1 == cp->end ||
				    (cp->p[1] != '"' && cp->p[1] != '\\')) {
					return command_error_text(cp, "%s: bad "
					    "escape '%s' in quoted value "
					    "(use \\\" or \\\\)", cp->p,
					    cp->p + 1 == cp->end ? 1 : 2);
				}
				cp->p++;
			}
			v[n++] = *cp->p++;
		}
		cp->p++;
		if (cp->p < cp->end && !command_blank((unsigned char)*cp->p)) {
			command_fail(cp, "%s: a blank must follow the "
			    "closing quote of %s", cp->what, name);
			return -1;
		}
	} else {
		while (cp->p < cp->end && !command_blank((unsigned char)*cp->p))
			v[n++] = *cp->p++;
	}
	v[n] = '\0';
	cp->used += n + 1;
	n = text_trim(v);	/* "DH " and "DH" are one person */
	*out = v;
	*outlen = n;
	return command_check_text(cp, name, v, n, 0);
}

/* "unknown group 'x' (groups: SLT s, teachers t, ...)". */
static int
command_unknown_group(struct command_parser *cp, const char *name,
    size_t len, const char *where)
{
	const struct scheme	*s = cp->scheme;
	const char		*names[SCHEME_MAX_GROUPS];
	char			*list, *shown, *next;
	size_t			 i;
	int			 near;

	for (i = 0; i < s->ngroups && i < SCHEME_MAX_GROUPS; i++)
		names[i] = s->groups[i].name;
	if ((near = text_nearest(name, len, names, i)) >= 0) {
		shown = text_show(name, len, COMMAND_SHOW_MAX);
		command_fail(cp, "%s: unknown group '%s'%s: did you mean "
		    "\"%s\"?%s", cp->what, shown, where, names[near],
		    strchr(names[near], ' ') != NULL ? " (quote a name with a "
		    "space)" : "");
		free(shown);
		return -1;
	}
	list = xstrdup("");
	for (i = 0; i < s->ngroups; i++) {
		next = xasprintf("%s%s%s %c", list, i == 0 ? "" : ", ",
		    s->groups[i].name, s->groups[i].key);
		free(list);
		list = next;
	}
	shown = text_show(name, len, COMMAND_SHOW_MAX);
	command_fail(cp, "%s: unknown group '%s'%s (groups: %s)",
	    cp->what, shown, where, list);
	free(shown);
	free(list);
	return -1;
}

/* Reads the GROUP of start or brief and stores its scheme name. */
static int
command_group(struct command_parser *cp, int *g)
{
	char	*v;
	size_t	 len;
	int	 quoted;

	command_skip(cp);
	if (cp->p == cp->end || command_at_comment(cp)) {
		command_fail(cp, "%s needs a group", cp->what);
		return -1;
	}
	quoted = *cp->p == '"';
	if (command_value(cp, "group", &v, &len) != 0)
		return -1;
	if (len == 0) {
		command_fail(cp, "%s: empty group name", cp->what);
		return -1;
	}
	if ((*g = scheme_find(cp->scheme, v)) < 0) {
		if (!quoted && memchr(v, '=', len) != NULL)
			return command_error_text(cp, "%s needs a group before "
			    "'%s'", v, len);
		return command_unknown_group(cp, v, len, "");
	}
	cp->rec->group = command_keep(cp, cp->scheme->groups[*g].name,
	    strlen(cp->scheme->groups[*g].name));
	return 0;
}

/* Splits a with= value on commas and stores each group's scheme name. */
static int
command_with(struct command_parser *cp, char *v, size_t len, int own)
{
	struct record	*rec = cp->rec;
	char		*p = v, *comma, *e;
	int		 g[RECORD_MAX_WITH], k;
	size_t		 i, n = 0;

	rec->has_with = 1;
	rec->with = cp->cmd->with;
	rec->nwith = 0;
	if (len == 0)
		return 0;	/* only set gets here: with= "" clears */
	for (;;) {
		comma = strchr(p, ',');
		e = comma != NULL ? comma : v + len;
		while (p < e && *p == ' ')
			p++;
		while (e > p && e[-1] == ' ')
			e--;
		if (e == p) {
			command_fail(cp, "%s: empty group in with=",
			    cp->what);
			return -1;
		}
		*e = '\0';
		if ((k = scheme_find(cp->scheme, p)) < 0)
			return command_unknown_group(cp, p, (size_t)(e - p),
			    " in with=");
		if (k == own) {
			command_fail(cp, "%s: with= names the episode's "
			    "own group '%s'", cp->what,
			    cp->scheme->groups[k].name);
			return -1;
		}
		for (i = 0; i < n; i++) {
			if (g[i] == k) {
				command_fail(cp, "%s: with= names group "
				    "'%s' twice", cp->what,
				    cp->scheme->groups[k].name);
				return -1;
			}
		}
		if (n == RECORD_MAX_WITH) {
			command_fail(cp, "%s: too many groups in with=",
			    cp->what);
			return -1;
		}
		g[n] = k;
		rec->with[n] = command_keep(cp, cp->scheme->groups[k].name,
		    strlen(cp->scheme->groups[k].name));
		n++;
		rec->nwith = n;
		if (comma == NULL)
			return 0;
		p = comma + 1;
	}
}

/* Stores one key's value in the record. */
static int
command_assign(struct command_parser *cp, enum command_key key, char *v,
    size_t len, int own)
{
	struct record	*rec = cp->rec;

	if (len == 0 && rec->type != RECORD_SET && rec->type != RECORD_FIX) {
		command_fail(cp, "%s: empty value for %s", cp->what,
		    command_key_names[key]);
		return -1;
	}
	switch (key) {
	case KEY_BY:
		if (strcasecmp(v, "head") == 0)
			rec->by = RECORD_BY_HEAD;
		else if (strcasecmp(v, "other") == 0)
			rec->by = RECORD_BY_OTHER;
		else
			return command_error_text(cp, "%s: by must be head or "
			    "other, not '%s'", v, len);
		return 0;
	case KEY_PERSON:
		rec->person = v;
		return 0;
	case KEY_WHERE:
		rec->where = v;
		return 0;
	case KEY_MODE:
		rec->mode = v;
		return 0;
	case KEY_WITH:
		return command_with(cp, v, len, own);
	default:
		break;
	}
	return -1;
}

/* Each ';' part of a dimension's value in the scheme's spelling, when the
 * scheme lists it (ignoring ASCII case: the same bytes long). */
static void
command_dim_spelling(const struct scheme_dim *d, char *v)
{
	char	*part, *semi;
	size_t	 i, n;

	for (part = v; ; part = semi + 1) {
		semi = strchr(part, ';');
		n = semi == NULL ? strlen(part) : (size_t)(semi - part);
		for (i = 0; i < d->nvalues; i++) {
			if (strlen(d->values[i]) == n &&
			    strncasecmp(d->values[i], part, n) == 0)
				memcpy(part, d->values[i], n);
		}
		if (semi == NULL)
			return;
	}
}

/* NAME=VALUE of a dimension the scheme declares (issue 15).  Start, brief,
 * add, set and fix take the episodes' dimensions; alone those of the time
 * alone (with no episode open). */
static int
command_dim(struct command_parser *cp, int di, int *seen)
{
	const struct scheme_dim	*d = &cp->scheme->dims[di];
	struct record		*rec = cp->rec;
	char			*v, *why;
	size_t			 len;

	if (seen[di]) {
		command_fail(cp, "%s: %s= given twice", cp->what,
		    d->name);
		return -1;
	}
	seen[di] = 1;
	if (rec->type == RECORD_ALONE && !(d->applies & SCHEME_FOR_ALONE)) {
		command_fail(cp, "alone: %s codes episodes (give it with "
		    "start or set)", d->name);
		return -1;
	}
	if (rec->type != RECORD_ALONE && rec->type != RECORD_FIX &&
	    !(d->applies & SCHEME_FOR_EPISODES)) {
		command_fail(cp, "%s: %s codes time alone (give it with "
		    "alone when no episode is open)", cp->what, d->name);
		return -1;
	}
	cp->p++;
	if (command_value(cp, d->name, &v, &len) != 0)
		return -1;
	if (len == 0 && rec->type != RECORD_SET && rec->type != RECORD_FIX &&
	    rec->type != RECORD_ALONE) {
		command_fail(cp, "%s: empty value for %s", cp->what,
		    d->name);
		return -1;
	}
	if (len > 0 && (why = scheme_check_dim_value(d, v, len)) != NULL) {
		command_fail(cp, "%s: %s: %s", cp->what, d->name, why);
		free(why);
		return -1;
	}
	command_dim_spelling(d, v);
	rec->dims = cp->cmd->dims;
	rec->dims[2 * rec->ndims] = command_keep(cp, d->name,
	    strlen(d->name));
	rec->dims[2 * rec->ndims++ + 1] = v;
	return 0;
}

/* Reads the key=value pairs to the end of the line. */
static int
command_keys(struct command_parser *cp, int nkeys, int own)
{
	const char	*key;
	char		*v, *shown;
	size_t		 klen, len;
	int		 k, seen[KEY_COUNT] = { 0 }, any = 0, di;
	int		 dseen[SCHEME_MAX_DIMS] = { 0 };

	for (;;) {
		command_skip(cp);
		if (cp->p == cp->end || command_at_comment(cp))
			break;
		key = cp->p;
		while (cp->p < cp->end && *cp->p != '=' &&
		    !command_blank((unsigned char)*cp->p))
			cp->p++;
		klen = (size_t)(cp->p - key);
		if (cp->p == cp->end || *cp->p != '=')
			return command_error_text(cp, "%s: expected key=value, "
			    "not '%s'", key, klen);
		for (k = 0; k < nkeys; k++) {
			if (strlen(command_key_names[k]) == klen &&
			    strncasecmp(command_key_names[k], key, klen) == 0)
				break;
		}
		if (k == nkeys && (nkeys == KEY_COUNT ||
		    cp->rec->type == RECORD_BRIEF ||
		    cp->rec->type == RECORD_ALONE) &&
		    (di = scheme_find_dim(cp->scheme, key, klen)) >= 0) {
			if (command_dim(cp, di, dseen) != 0)
				return -1;
			any = 1;
			continue;
		}
		if (k == nkeys && cp->rec->type == RECORD_ALONE)
			return command_error_text(cp, "%s: unknown key '%s' "
			    "(use a dimension of the time alone)", key, klen);
		if (k == nkeys && (k = text_nearest(key, klen,
		    command_key_names, (size_t)nkeys)) >= 0) {
			shown = text_show(key, klen, COMMAND_SHOW_MAX);
			command_fail(cp, "%s: unknown key '%s': did you "
			    "mean %s=?", cp->what, shown, command_key_names[k]);
			free(shown);
			return -1;
		}
		if (k < 0) {
			return command_error_text(cp, nkeys == KEY_COUNT ?
			    "%s: unknown key '%s' (use by, person, where, "
			    "mode, with)" : "%s: unknown key '%s' (use by, "
			    "person, where)", key, klen);
		}
		if (seen[k]) {
			command_fail(cp, "%s: %s= given twice", cp->what,
			    command_key_names[k]);
			return -1;
		}
		seen[k] = any = 1;
		cp->p++;
		if (command_value(cp, command_key_names[k], &v, &len) != 0 ||
		    command_assign(cp, k, v, len, own) != 0)
			return -1;
	}
	if (!any && cp->rec->type == RECORD_ALONE) {
		command_fail(cp, "alone needs at least one NAME=VALUE of a "
		    "dimension of the time alone");
		return -1;
	}
	if (!any && (cp->rec->type == RECORD_SET ||
	    cp->rec->type == RECORD_FIX)) {
		command_fail(cp, "%s needs at least one of by=, person=, "
		    "where=, mode=, with=", cp->what);
		return -1;
	}
	return 0;
}

/* The record's text: the rest of the line, trimmed as live entry trims;
 * missing says what is wrong when there is none. */
static int
command_text(struct command_parser *cp, const char *missing)
{
	char	*s;
	size_t	 len;

	s = command_keep(cp, cp->p, (size_t)(cp->end - cp->p));
	len = text_trim(s);
	if (len == 0) {
		command_fail(cp, "%s", missing);
		return -1;
	}
	if (command_check_text(cp, "text", s, len, 1) != 0)
		return -1;
	cp->rec->text = s;
	return 0;
}

/* The text of a note: the rest of the line after one blank, verbatim. */
static int
command_note(struct command_parser *cp)
{
	if (cp->p < cp->end)
		cp->p++;	/* the one blank after "note" */
	return command_text(cp, "note needs a text");
}

/* ---- review commands ---- */

/* The precision of a clock time as written: a minute, a second or the
 * last digit of its fraction. */
static int64_t
command_span(const char *s, size_t len)
{
	const char	*dot = memchr(s, '.', len);
	size_t		 colons = 0, i;
	int64_t		 span = 1000;

	for (i = 0; i < len; i++)
		colons += s[i] == ':';
	if (colons < 2)
		return 60000;
	if (dot == NULL)
		return 1000;
	for (i = (size_t)(dot - s) + 1; i < len; i++)
		span /= 10;
	return span;
}

/* Reads a clock time word into *ms; *span gets its precision. */
static int
command_clock(struct command_parser *cp, const char *s, size_t len,
    const char *what, int64_t *ms, int64_t *span)
{
	if (len == 0 || *s < '0' || *s > '9' ||
	    clock_parse_hms(s, len, ms, NULL) != 0)
		return command_error_text(cp, what, s, len);
	if (span != NULL)
		*span = command_span(s, len);
	return 0;
}

/* Reads a TARGET: #SEQ, a clock time, or (for comment) "day". */
static int
command_target(struct command_parser *cp)
{
	struct command	*cmd = cp->cmd;
	const char	*s;
	size_t		 len, i;
	uint64_t	 seq = 0;
	int		 comment = cp->rec->type == RECORD_COMMENT;

	command_skip(cp);
	if ((command_at_comment(cp) && (cp->p + 1 == cp->end ||
	    cp->p[1] < '0' || cp->p[1] > '9')) ||
	    (len = command_word(cp, &s)) == 0) {
		command_fail(cp, "%s needs a target: #SEQ%s", cp->what,
		    comment ? ", a clock time or day" : " or a clock time");
		return -1;
	}
	if (comment && len == 3 && strncasecmp(s, "day", 3) == 0) {
		cp->rec->target = 0;
		return 0;
	}
	if (cp->rec->type == RECORD_MOVE && ((len == 5 &&
	    strncasecmp(s, "begin", 5) == 0) || (len == 4 &&
	    strncasecmp(s, "stop", 4) == 0))) {
		cmd->has_target_edge = 1;
		cmd->target_edge = len == 5 ? RECORD_BEGIN : RECORD_STOP;
		cp->rec->type = RECORD_SPAN;	/* "move" stays its word */
		return 0;
	}
	if (*s == '#') {
		for (i = 1; i < len && s[i] >= '0' && s[i] <= '9'; i++) {
			if (seq > (UINT64_MAX - 9) / 10)
				break;
			seq = seq * 10 + (uint64_t)(s[i] - '0');
		}
		if (i == 1 || i != len || seq == 0)
			return command_error_text(cp, "%s: target '%s' is not "
			    "#SEQ (a record number, 1 or more)", s, len);
		cp->rec->target = seq;
		return 0;
	}
	if (command_clock(cp, s, len, comment ? "%s: target '%s' is not "
	    "#SEQ, a clock time HH:MM[:SS[.mmm]] or day" : "%s: target '%s' "
	    "is not #SEQ or a clock time HH:MM[:SS[.mmm]]", &cmd->target_clock,
	    &cmd->target_span) != 0)
		return -1;
	cmd->has_target_clock = 1;
	return 0;
}

/* Refuses anything left on the line after what. */
static int
command_end(struct command_parser *cp, const char *after)
{
	const char	*s;
	char		*shown;
	size_t		 len;

	command_skip(cp);
	if (cp->p == cp->end || command_at_comment(cp))
		return 0;
	len = command_word(cp, &s);
	shown = text_show(s, len, COMMAND_SHOW_MAX);
	command_fail(cp, "%s: unexpected '%s' after %s", cp->what, shown,
	    after);
	free(shown);
	return -1;
}

/* recode TARGET GROUP */
static int
command_recode(struct command_parser *cp)
{
	int	g;

	if (command_target(cp) != 0 || command_group(cp, &g) != 0)
		return -1;
	return command_end(cp, "the group");
}

/* move TARGET CLOCKTIME */
static int
command_move(struct command_parser *cp)
{
	const char	*s;
	size_t		 len;

	if (command_target(cp) != 0)
		return -1;
	command_skip(cp);
	if (command_at_comment(cp) || (len = command_word(cp, &s)) == 0) {
		command_fail(cp, "move needs a new time: HH:MM[:SS[.mmm]]");
		return -1;
	}
	if (command_clock(cp, s, len, "%s: new time '%s' is not HH:MM, "
	    "HH:MM:SS or HH:MM:SS.mmm", &cp->cmd->to_clock, NULL) != 0)
		return -1;
	return command_end(cp, "the new time");
}

/* Reads one of add's two clock times into *ms. */
static int
command_add_time(struct command_parser *cp, const char *which, int64_t *ms)
{
	const char	*s;
	size_t		 len;
	char		 fmt[80];

	command_skip(cp);
	if (command_at_comment(cp) || (len = command_word(cp, &s)) == 0) {
		command_fail(cp, "add needs a start, an end and a group: "
		    "add HH:MM HH:MM GROUP");
		return -1;
	}
	snprintf(fmt, sizeof fmt, "%%s: %s '%%s' is not HH:MM, HH:MM:SS or "
	    "HH:MM:SS.mmm", which);
	return command_clock(cp, s, len, fmt, ms, NULL);
}

/* add FROM TO GROUP [key=value ...] */
static int
command_add(struct command_parser *cp)
{
	int	g;

	if (command_add_time(cp, "start", &cp->cmd->from_clock) != 0 ||
	    command_add_time(cp, "end", &cp->cmd->to_clock) != 0 ||
	    command_group(cp, &g) != 0)
		return -1;
	return command_keys(cp, KEY_COUNT, g);
}

/* withdraw TARGET */
static int
command_withdraw(struct command_parser *cp)
{
	if (command_target(cp) != 0)
		return -1;
	return command_end(cp, "the target");
}

/* fix TARGET key=value ... ("" clears a value) */
static int
command_fix(struct command_parser *cp)
{
	if (command_target(cp) != 0)
		return -1;
	return command_keys(cp, KEY_COUNT, -1);
}

/* comment TARGET TEXT: the text is the rest of the line, verbatim. */
static int
command_comment(struct command_parser *cp)
{
	if (command_target(cp) != 0)
		return -1;
	command_skip(cp);
	return command_text(cp, "comment needs a text after the target");
}

/* "unknown command 'strat': did you mean "start"?" */
static int
command_unknown_word(struct command_parser *cp, const char *word, size_t len)
{
	const char	*names[COMMAND_NWORDS];
	char		*shown;
	size_t		 i;
	int		 near;

	for (i = 0; i < COMMAND_NWORDS; i++)
		names[i] = command_words[i].word;
	near = text_nearest(word, len, names, COMMAND_NWORDS);
	shown = text_show(word, len, COMMAND_SHOW_MAX);
	if (near >= 0)
		command_fail(cp, "unknown command '%s': did you mean "
		    "\"%s\"?", shown, names[near]);
	else
		command_fail(cp, "unknown command '%s'", shown);
	free(shown);
	return -1;
}

/* Reads the command word and what follows it. */
static int
command_body(struct command_parser *cp)
{
	struct record		*rec = cp->rec;
	const char		*word = cp->p;
	size_t			 len, i;
	int			 g = -1;

	while (cp->p < cp->end && !command_blank((unsigned char)*cp->p))
		cp->p++;
	len = (size_t)(cp->p - word);
	for (i = 0; i < COMMAND_NWORDS; i++) {
		if (strlen(command_words[i].word) == len &&
		    strncasecmp(command_words[i].word, word, len) == 0)
			break;
	}
	if (i == COMMAND_NWORDS)
		return command_unknown_word(cp, word, len);
	rec->type = command_words[i].type;
	cp->what = command_words[i].word;
	switch (rec->type) {
	case RECORD_START:
		if (command_group(cp, &g) != 0)
			return -1;
		return command_keys(cp, KEY_COUNT, g);
	case RECORD_BRIEF:
		if (command_group(cp, &g) != 0)
			return -1;
		/* by, person and where: the keys before KEY_MODE */
		return command_keys(cp, KEY_MODE, g);
	case RECORD_SET:
		return command_keys(cp, KEY_COUNT, -1);
	case RECORD_ALONE:	/* dimensions only */
		return command_keys(cp, 0, -1);
	case RECORD_NOTE:
		return command_note(cp);
	case RECORD_RECODE:
		return command_recode(cp);
	case RECORD_MOVE:
		return command_move(cp);
	case RECORD_COMMENT:
		return command_comment(cp);
	case RECORD_ADD:
		return command_add(cp);
	case RECORD_WITHDRAW:
		return command_withdraw(cp);
	case RECORD_FIX:
		return command_fix(cp);
	default:
		break;
	}
	command_skip(cp);
	if (cp->p != cp->end && !command_at_comment(cp)) {
		command_fail(cp, "%s takes no arguments", cp->what);
		return -1;
	}
	return 0;
}

/* Reads a leading time, if the line has one. */
static int
command_time(struct command_parser *cp, struct command *cmd)
{
	const char	*s = cp->p;
	struct err	 why = ERR_INIT;
	char		*shown;
	size_t		 len, i;

	if (*s < '0' || *s > '9')
		return 0;
	while (cp->p < cp->end && !command_blank((unsigned char)*cp->p))
		cp->p++;
	len = (size_t)(cp->p - s);
	if (clock_parse_hms(s, len, &cmd->clock_ms, &why) != 0) {
		for (i = 0; i < len; i++) {
			if ((unsigned char)s[i] <= 0x20 ||
			    (unsigned char)s[i] >= 0x7f)
				break;
		}
		if (i == len && len <= COMMAND_SHOW_MAX) {
			err_move(cp->e, &why);	/* names the time,
						   printable */
			return -1;
		}
		err_clear(&why);
		shown = text_show(s, len, COMMAND_SHOW_MAX);
		command_fail(cp, "time '%s' is not HH:MM, HH:MM:SS or "
		    "HH:MM:SS.mmm", shown);
		free(shown);
		return -1;
	}
	cmd->has_time = 1;
	command_skip(cp);
	if (cp->p == cp->end || command_at_comment(cp)) {
		command_fail(cp, "no command after the time");
		return -1;
	}
	return 0;
}

/* The most the store can need: every byte of the line, a NUL per value,
 * each group's name twice (main group and with=) and each dimension's
 * name once. */
static size_t
command_store_size(const struct scheme *s, size_t len)
{
	size_t	n = len + 16, i;

	for (i = 0; i < s->ngroups; i++)
		n += 2 * (strlen(s->groups[i].name) + 1);
	for (i = 0; i < s->ndims; i++)
		n += strlen(s->dims[i].name) + 1;
	return n;
}

int
command_parse(const char *line, size_t len, const struct scheme *scheme,
    struct command *cmd, struct err *e)
{
	struct command_parser	 cp;
	const char		*p;

	memset(cmd, 0, sizeof *cmd);
	if (len == 0)
		return 0;
	if (line[len - 1] == '\r')
		len--;
	if (len > COMMAND_MAX_LINE) {
		return err_set(e, ERR_USAGE, "line is longer than %d bytes",
		    COMMAND_MAX_LINE);
	}
	if (memchr(line, '\0', len) != NULL) {
		return err_set(e, ERR_USAGE, "line contains a NUL byte");
	}
	for (p = line; p < line + len && command_blank((unsigned char)*p); p++)
		continue;
	if (p == line + len || *p == '#')
		return 0;

	memset(&cp, 0, sizeof cp);
	cp.cmd = cmd;
	cp.p = p;
	cp.end = line + len;
	cp.scheme = scheme;
	cp.rec = &cmd->rec;
	cp.what = "";
	cp.e = e;
	cp.size = command_store_size(scheme, len);
	cp.store = xmalloc(cp.size);
	cmd->store = cp.store;
	if (command_time(&cp, cmd) != 0 || command_body(&cp) != 0) {
		command_clear(cmd);
		return -1;
	}
	return 1;
}

void
command_clear(struct command *cmd)
{
	free(cmd->store);
	memset(cmd, 0, sizeof *cmd);
}
