/*
 * The live recorder's screen, rendered as one buffer: each line is built
 * as clean text, given a priority, and the most important ones that fit
 * the terminal are drawn in their place.  Text from the log never reaches
 * the terminal raw: screen_clean runs on every string before it is shown.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "clock.h"
#include "keys.h"
#include "screen.h"
#include "summary.h"
#include "text.h"
#include "timeline.h"
#include "xmalloc.h"

#define SCREEN_MAX_COLS	1000	/* drawn at most */
#define SCREEN_MAX_ROWS	500
#define SCREEN_NARROW	40	/* columns: below, actions lose their time */

enum screen_attr {
	SCREEN_PLAIN,
	SCREEN_BOLD,
	SCREEN_REVERSE,
	SCREEN_DIM
};

/* Priorities: the lower, the sooner a line is kept on a small screen:
 * the state, the prompt with its label, the last action, the legend; a
 * text prompt's choices before the header and the details. */
enum {
	PRIO_WARNING,
	PRIO_STATE,
	PRIO_NEWEST,
	PRIO_LEGEND,
	PRIO_MESSAGE,
	PRIO_CHOICES,
	PRIO_HEADER,
	PRIO_DETAIL,
	PRIO_COUNTS,
	PRIO_RECENT,
	PRIO_MORE,
	PRIO_OLDER,
	PRIO_BLANK
};

struct screen_line {
	char		*text;		/* clean, fits the width */
	int		 prio;
	enum screen_attr attr;
	int		 colour;	/* xterm 256-colour index, or -1 */
	unsigned	 cursor;	/* the cursor's column, or 0 */
};

struct screen_lines {
	struct screen_line	*v;
	size_t			 n;
	unsigned		 width;
};

struct screen_buf {
	char	*p;
	size_t	 len;
	size_t	 size;
};

static void
buf_add(struct screen_buf *b, const char *s, size_t len)
{
	if (b->len + len + 1 > b->size) {
		b->size = (b->len + len + 1) * 2;
		b->p = xrealloc(b->p, b->size);
	}
	memcpy(b->p + b->len, s, len);
	b->len += len;
	b->p[b->len] = '\0';
}

static void
buf_str(struct screen_buf *b, const char *s)
{
	buf_add(b, s, strlen(s));
}

static void buf_printf(struct screen_buf *, const char *, ...)
    __attribute__((format(printf, 2, 3)));

static void
buf_printf(struct screen_buf *b, const char *fmt, ...)
{
	va_list	 ap;
	char	*s;

	va_start(ap, fmt);
	s = xvasprintf(fmt, ap);
	va_end(ap);
	buf_str(b, s);
	free(s);
}

/* Adds s cleaned (see screen_clean). */
static void
buf_clean(struct screen_buf *b, const char *s)
{
	char	*c;

	if (s == NULL)
		return;
	c = screen_clean(s);
	buf_str(b, c);
	free(c);
}

/* Length of a valid UTF-8 character (not a control) at p, or 0. */
static size_t
screen_utf8_len(const unsigned char *p, size_t left)
{
	size_t	n = text_utf8_len(p, left);

	return n != 0 && !text_is_control(p, n) ? n : 0;
}

char *
screen_clean(const char *s)
{
	const unsigned char	*p = (const unsigned char *)s;
	char			*out;
	size_t			 i, o, n, len;

	len = strlen(s);
	out = xmalloc(len + 1);
	for (i = o = 0; p[i] != '\0'; i += n) {
		n = screen_utf8_len(p + i, len - i);
		if (n == 0) {
			/* One '?' for a control or a broken character. */
			out[o++] = '?';
			n = 1;
			if (p[i] >= 0xc0) {
				while (n < 4 && (p[i + n] & 0xc0) == 0x80)
					n++;
			}
			continue;
		}
		memcpy(out + o, p + i, n);
		o += n;
	}
	out[o] = '\0';
	return out;
}

/* Columns the character at s takes (wcwidth in the locale set at start;
 * 1 where it cannot tell) and its bytes in *len. */
static unsigned
screen_char_width(const char *s, size_t *len)
{
	mbstate_t	ps;
	wchar_t		wc;
	size_t		n;
	int		w;

	memset(&ps, 0, sizeof ps);
	n = mbrtowc(&wc, s, strlen(s), &ps);
	if (n == (size_t)-1 || n == (size_t)-2 || n == 0) {
		/* No UTF-8 locale: one column per character. */
		for (n = 1; (s[n] & 0xc0) == 0x80; n++)
			continue;
		*len = n;
		return 1;
	}
	*len = n;
	w = wcwidth(wc);
	return w < 0 ? 1 : (unsigned)w;
}

/* Columns taken by clean text, wide characters and emoji as two. */
static unsigned
screen_width(const char *s)
{
	unsigned	w = 0;
	size_t		n;

	while (*s != '\0') {
		w += screen_char_width(s, &n);
		s += n;
	}
	return w;
}

/* Byte length of the longest prefix of clean text s within width
 * columns. */
static size_t
screen_prefix(const char *s, unsigned width)
{
	size_t		i = 0, n;
	unsigned	w = 0, cw;

	while (s[i] != '\0') {
		cw = screen_char_width(s + i, &n);
		if (w + cw > width)
			break;
		w += cw;
		i += n;
	}
	return i;
}

void
screen_hms(int64_t ms, char buf[16])
{
	int64_t		s;
	const char	*sign = "";

	if (ms < 0) {
		sign = "-";
		ms = -ms;
	}
	s = ms / 1000;
	if (s / 3600 > 99)
		s = 99 * 3600 + 59 * 60 + 59;
	snprintf(buf, 16, "%s%02d:%02d:%02d", sign, (int)(s / 3600),
	    (int)(s / 60 % 60), (int)(s % 60));
}

void
screen_duration(int64_t ms, char buf[24])
{
	int64_t	s;

	if (ms < 0)
		ms = 0;
	s = ms / 1000;
	if (s < 3600)
		snprintf(buf, 24, "%d:%02d", (int)(s / 60), (int)(s % 60));
	else
		snprintf(buf, 24, "%lld:%02d:%02d", (long long)(s / 3600),
		    (int)(s / 60 % 60), (int)(s % 60));
}

void
screen_span(int64_t ms, char buf[32])
{
	int64_t	s = ms < 0 ? 0 : ms / 1000;

	if (s < 60)
		snprintf(buf, 32, "%ds", (int)s);
	else if (s < 3600)
		snprintf(buf, 32, "%dm%02ds", (int)(s / 60), (int)(s % 60));
	else
		snprintf(buf, 32, "%lldh%02dm%02ds", (long long)(s / 3600),
		    (int)(s / 60 % 60), (int)(s % 60));
}

static void
lines_push(struct screen_lines *l, char *text, int prio,
    enum screen_attr attr)
{
	struct screen_line	*line;

	l->v = xreallocarray(l->v, l->n + 1, sizeof *l->v);
	line = &l->v[l->n++];
	line->text = text;
	line->prio = prio;
	line->attr = attr;
	line->colour = -1;
	line->cursor = 0;
}

/* Adds clean text as one line, cut to the width. */
static void
lines_add(struct screen_lines *l, const char *text, int prio,
    enum screen_attr attr)
{
	lines_push(l, xstrndup(text, screen_prefix(text, l->width)), prio,
	    attr);
}

/* Adds a blank line, unless the last line is one already. */
static void
lines_blank(struct screen_lines *l)
{
	if (l->n > 0 && l->v[l->n - 1].prio == PRIO_BLANK)
		return;
	lines_push(l, xstrdup(""), PRIO_BLANK, SCREEN_PLAIN);
}

/* A line being filled by lines_wrap. */
struct screen_fill {
	struct screen_lines	*l;
	struct screen_buf	 cur;
	unsigned		 w;
	int			 prio, more;
	enum screen_attr	 attr;
};

static void
fill_flush(struct screen_fill *f)
{
	if (f->w == 0)
		return;
	lines_push(f->l, xstrdup(f->cur.p), f->prio, f->attr);
	f->prio = f->more;
	f->cur.len = 0;
	f->cur.p[0] = '\0';
	f->w = 0;
}

/* Adds a word (or an item) after sep, on a new line if it does not fit. */
static void
fill_word(struct screen_fill *f, const char *word, size_t len,
    const char *sep)
{
	char		*cut;
	unsigned	 w, width = f->l->width;

	cut = xstrndup(word, len);
	cut[screen_prefix(cut, width)] = '\0';
	w = screen_width(cut);
	if (f->w != 0 && f->w + strlen(sep) + w > width)
		fill_flush(f);
	if (f->w != 0) {
		buf_str(&f->cur, sep);
		f->w += strlen(sep);
	}
	buf_str(&f->cur, cut);
	f->w += w;
	free(cut);
}

/*
 * Adds clean text wrapped to the width: items (split by two or more
 * spaces) stay whole where they fit, and a long item breaks between words.
 * The first line gets prio, the others more.
 */
static void
lines_wrap(struct screen_lines *l, const char *text, int prio, int more,
    enum screen_attr attr)
{
	struct screen_fill	 f;
	const char		*item, *end, *word, *stop;
	char			*whole;
	size_t			 len;
	int			 fits;

	memset(&f, 0, sizeof f);
	f.l = l;
	f.prio = prio;
	f.more = more;
	f.attr = attr;
	buf_str(&f.cur, "");
	for (item = text; *item != '\0'; item = end) {
		while (*item == ' ')
			item++;
		if (*item == '\0')
			break;
		end = strstr(item, "  ");
		if (end == NULL)
			end = item + strlen(item);
		len = (size_t)(end - item);
		while (len > 0 && item[len - 1] == ' ')
			len--;
		whole = xstrndup(item, len);
		fits = screen_width(whole) <= l->width;
		free(whole);
		if (fits) {
			fill_word(&f, item, len, "  ");
			continue;
		}
		for (word = item; word < item + len; word = stop) {
			while (*word == ' ')
				word++;
			stop = memchr(word, ' ', (size_t)(item + len - word));
			if (stop == NULL)
				stop = item + len;
			fill_word(&f, word, (size_t)(stop - word),
			    word == item ? "  " : " ");
		}
	}
	fill_flush(&f);
	free(f.cur.p);
}

/* Adds the prompt's last line, with the cursor after bytes - after bytes
 * of it: the part round the cursor stays in view. */
static void
lines_cursor(struct screen_lines *l, const char *text, size_t after)
{
	unsigned	 w = screen_width(text), keep, at, col;
	const char	*tail;
	char		*line, *head;

	if (after > strlen(text))
		after = strlen(text);
	head = xstrndup(text, strlen(text) - after);
	at = screen_width(head);
	free(head);
	if (l->width < 2 || w < l->width) {
		line = xstrndup(text, screen_prefix(text, l->width));
		col = at + 1;
	} else if (at >= w - (keep = l->width - 2)) {
		tail = text + screen_prefix(text, w - keep);
		line = xasprintf("<%s", tail);
		col = 2 + (at - (w - keep));
	} else if (at == 0) {
		line = xstrndup(text, screen_prefix(text, l->width));
		col = 1;
	} else {
		tail = text + screen_prefix(text, at);
		line = xasprintf("<%.*s", (int)screen_prefix(tail, keep + 1),
		    tail);
		col = 2;
	}
	lines_push(l, line, PRIO_STATE, SCREEN_BOLD);
	l->v[l->n - 1].cursor = col;
}

static const char *
screen_by(enum record_by by)
{
	switch (by) {
	case RECORD_BY_HEAD:
		return "head";
	case RECORD_BY_OTHER:
		return "other";
	default:
		return "";
	}
}

static void
screen_value(struct screen_buf *b, const char *name, const char *value)
{
	if (value == NULL)
		return;
	buf_printf(b, " %s=", name);
	if (*value == '\0')
		buf_str(b, "(cleared)");
	else
		buf_clean(b, value);
}

static void
screen_fields(struct screen_buf *b, const struct record *rec)
{
	size_t	i;

	if (rec->by != RECORD_BY_UNKNOWN) {
		buf_str(b, rec->type == RECORD_SET ? " by=" : " by ");
		buf_str(b, screen_by(rec->by));
	}
	screen_value(b, "person", rec->person);
	screen_value(b, "where", rec->where);
	screen_value(b, "mode", rec->mode);
	if (rec->has_with) {
		buf_str(b, " with=");
		if (rec->nwith == 0)
			buf_str(b, "(none)");
		for (i = 0; i < rec->nwith; i++) {
			if (i > 0)
				buf_str(b, ",");
			buf_clean(b, rec->with[i]);
		}
	}
	for (i = 0; i < rec->ndims; i++)	/* names checked by the day */
		screen_value(b, rec->dims[2 * i], rec->dims[2 * i + 1]);
}

/* "HH:MM:SS  #SEQ start teachers by head  saved", the status kept in
 * view on a narrow screen by cutting the description. */
static char *
screen_action(const struct screen *sc, size_t i, int saved)
{
	const struct day_action	*a = day_action(sc->day, i);
	const struct record	*rec = a->rec;
	struct screen_buf	 b;
	const char		*status;
	char			 hms[16], to[16];
	unsigned		 w;

	memset(&b, 0, sizeof b);
	/* Narrower than SCREEN_NARROW the header's clock must do: the
	 * line's room is for what the action was. */
	if (sc->cols >= SCREEN_NARROW) {
		screen_hms(a->t - sc->midnight, hms);
		buf_printf(&b, "%s  ", hms);
	}
	buf_printf(&b, "#%llu ", (unsigned long long)rec->seq);
	switch (rec->type) {
	case RECORD_BEGIN:
		buf_str(&b, "begin");
		break;
	case RECORD_START:
	case RECORD_BRIEF:
		buf_str(&b, rec->type == RECORD_START ? "start " : "brief ");
		buf_clean(&b, rec->group != NULL ? rec->group : "?");
		screen_fields(&b, rec);
		break;
	case RECORD_END:
		buf_str(&b, "end");
		break;
	case RECORD_NOTE:
		buf_str(&b, "note: ");
		buf_clean(&b, rec->text != NULL ? rec->text : "");
		break;
	case RECORD_PAUSE:
		buf_str(&b, "pause");
		break;
	case RECORD_RESUME:
		buf_str(&b, "resume");
		break;
	case RECORD_UNDO:
		buf_printf(&b, "undo #%llu", (unsigned long long)rec->undoes);
		break;
	case RECORD_REDO:
		buf_printf(&b, "redo (undo #%llu taken back)",
		    (unsigned long long)rec->target);
		break;
	case RECORD_STOP:
		buf_str(&b, "stop");
		break;
	case RECORD_SET:
		buf_str(&b, "set");
		screen_fields(&b, rec);
		break;
	case RECORD_ALONE:
		buf_str(&b, "alone");
		screen_fields(&b, rec);
		break;
	case RECORD_RECODE:
		buf_printf(&b, "recode #%llu to ",
		    (unsigned long long)rec->target);
		buf_clean(&b, rec->group != NULL ? rec->group : "?");
		break;
	case RECORD_MOVE:
	case RECORD_SPAN:
		screen_hms(rec->to - sc->midnight, to);
		buf_printf(&b, "move #%llu to %s",
		    (unsigned long long)rec->target, to);
		break;
	case RECORD_COMMENT:
		if (rec->target != 0)
			buf_printf(&b, "comment on #%llu: ",
			    (unsigned long long)rec->target);
		else
			buf_str(&b, "comment on the day: ");
		buf_clean(&b, rec->text != NULL ? rec->text : "");
		break;
	case RECORD_ADD:
		screen_hms(rec->from - sc->midnight, to);
		buf_printf(&b, "add %s ", to);
		buf_clean(&b, rec->group != NULL ? rec->group : "?");
		screen_fields(&b, rec);
		break;
	case RECORD_WITHDRAW:
		buf_printf(&b, "withdraw #%llu",
		    (unsigned long long)rec->target);
		break;
	case RECORD_FIX:
		buf_printf(&b, "fix #%llu", (unsigned long long)rec->target);
		screen_fields(&b, rec);
		break;
	default:
		buf_str(&b, "(unknown record)");
		break;
	}
	if (a->withdrawn)
		buf_str(&b, rec->type == RECORD_UNDO ? " (redone)" :
		    " (undone)");
	status = saved ? "  saved" : "  NOT SAVED";
	w = screen_width(b.p) + (unsigned)strlen(status);
	if (w > sc->cols && sc->cols > strlen(status) + 1) {
		b.len = screen_prefix(b.p, sc->cols -
		    (unsigned)strlen(status) - 1);
		b.p[b.len] = '\0';
		buf_str(&b, "~");
	}
	buf_str(&b, status);
	return b.p;
}

/* The xterm 256-colour cube index nearest a "#rrggbb" colour, or -1. */
static int
screen_colour(const char *rgb)
{
	unsigned	r, g, b;

	if (rgb == NULL || sscanf(rgb, "#%2x%2x%2x", &r, &g, &b) != 3)
		return -1;
	return 16 + 36 * (int)((r * 5 + 127) / 255) +
	    6 * (int)((g * 5 + 127) / 255) + (int)((b * 5 + 127) / 255);
}

static int
screen_large(const struct screen *sc)
{
	return sc->cols >= SCREEN_LARGE_COLS && sc->rows >= SCREEN_LARGE_ROWS;
}

static void
screen_header(const struct screen *sc, struct screen_lines *l)
{
	const struct log_header	*h = day_header(sc->day);
	const char		*parts[3];
	struct screen_buf	 b;
	char			 hms[16];
	size_t			 i;
	int			 any = 0;

	parts[0] = h->school;
	parts[1] = h->head;
	parts[2] = h->observer;
	memset(&b, 0, sizeof b);
	screen_hms(sc->now - sc->midnight, hms);
	buf_printf(&b, "%s  ", hms);
	buf_clean(&b, h->date);
	buf_str(&b, "  ");
	for (i = 0; i < 3; i++) {
		if (parts[i] == NULL || parts[i][0] == '\0')
			continue;
		if (any++)
			buf_str(&b, " / ");
		buf_clean(&b, parts[i]);
	}
	if (any)
		buf_str(&b, "  ");
	buf_clean(&b, sc->file != NULL ? sc->file : "");
	lines_add(l, b.p, PRIO_HEADER, SCREEN_BOLD);
	free(b.p);
}

static void
screen_state(const struct screen *sc, struct screen_lines *l)
{
	const struct day_state	*st = day_state(sc->day);
	const struct scheme	*s = day_header(sc->day)->scheme;
	const struct day_episode *ep = &st->episode;
	struct screen_buf	 b;
	char			 hms[16], dur[24];

	memset(&b, 0, sizeof b);
	screen_hms(st->since - sc->midnight, hms);
	screen_duration(sc->now - st->since, dur);
	if (!st->begun)
		buf_str(&b, "NOT STARTED: a group key starts the day");
	else if (st->stopped)
		buf_printf(&b, "STOPPED at %s", hms);
	else if (st->paused)
		buf_printf(&b, "PAUSED since %s — %s  (Tab resumes)", hms,
		    dur);
	else if (st->open) {
		buf_str(&b, "WITH ");
		if (ep->group >= 0 && (size_t)ep->group < s->ngroups)
			buf_clean(&b, s->groups[ep->group].name);
		if (ep->by != RECORD_BY_UNKNOWN)
			buf_printf(&b, " (%s began)", screen_by(ep->by));
		buf_printf(&b, " since %s — %s", hms, dur);
	} else
		buf_printf(&b, "ALONE since %s — %s", hms, dur);
	lines_wrap(l, b.p, PRIO_STATE, PRIO_STATE, SCREEN_BOLD);
	if (st->open && !st->paused && !st->stopped && screen_large(sc) &&
	    ep->group >= 0 && (size_t)ep->group < s->ngroups)
		l->v[l->n - 1].colour = screen_colour(s->groups[ep->group].colour);
	free(b.p);
}

/* "  purpose behaviour" for each dimension that has a value. */
static void
screen_dims(struct screen_buf *b, const struct scheme *s,
    const char *const *dims)
{
	size_t	i;

	for (i = 0; i < s->ndims; i++) {
		if (dims[i] == NULL)
			continue;
		buf_str(b, "  ");
		buf_clean(b, s->dims[i].name);
		buf_str(b, " ");
		buf_clean(b, dims[i]);
	}
}

/* The open episode's details, or the time alone's dimensions. */
static void
screen_detail(const struct screen *sc, struct screen_lines *l)
{
	const struct day_state	*st = day_state(sc->day);
	const struct day_episode *ep = &st->episode;
	const struct scheme	*s = day_header(sc->day)->scheme;
	struct screen_buf	 b;
	char			*text;
	size_t			 i;

	if (st->paused || st->stopped || !st->begun)
		return;
	if (!st->open) {
		memset(&b, 0, sizeof b);
		buf_str(&b, "");
		screen_dims(&b, s, st->alone_dims);
		if (b.len > 0)
			lines_wrap(l, b.p + 2, PRIO_DETAIL, PRIO_DETAIL,
			    SCREEN_PLAIN);
		free(b.p);
		return;
	}
	memset(&b, 0, sizeof b);
	buf_str(&b, "");
	if (ep->person != NULL && *ep->person != '\0') {
		buf_str(&b, "  person ");
		buf_clean(&b, ep->person);
	}
	if (ep->where != NULL && *ep->where != '\0') {
		buf_str(&b, "  where ");
		buf_clean(&b, ep->where);
	}
	if (ep->mode != NULL && *ep->mode != '\0') {
		buf_str(&b, "  mode ");
		buf_clean(&b, ep->mode);
	}
	for (i = 0; i < ep->nwith; i++) {
		buf_str(&b, i == 0 ? "  with " : ", ");
		buf_clean(&b, ep->with[i]);
	}
	screen_dims(&b, s, ep->dims);
	if (b.len > 0) {
		/* Every line of it: on a narrow screen the values a key
		 * has just set are on the second. */
		text = b.p + 2;
		lines_wrap(l, text, PRIO_DETAIL, PRIO_DETAIL, SCREEN_PLAIN);
	}
	free(b.p);
}

/* Whether the timeline lacks the episode begun by record seq (one of no
 * length yet). */
static int
screen_missing(const struct timeline *tl, uint64_t seq)
{
	size_t	i;

	for (i = tl->nitems; i > 0; i--) {
		if (tl->items[i - 1].kind == TL_EPISODE &&
		    tl->items[i - 1].seq == seq)
			return 0;
	}
	return 1;
}

/* The figures of the day up to its timeline's end, into c. */
static void
screen_day_figures(const struct day *d, struct screen_cache *c)
{
	const struct day_state	*st = day_state(d);
	struct screen_figures	*f = &c->fig;
	struct timeline		 tl;
	struct summary		 sum;
	size_t			 i;

	memset(c, 0, sizeof c[0]);
	c->day = d;
	c->nactions = day_nactions(d);
	f->ngroups = day_header(d)->scheme->ngroups;
	timeline_from_day(d, &tl);
	summary_compute(&tl, SUMMARY_GROUPS, &sum);
	for (i = 0; i < f->ngroups && i + 1 < sum.ngroups; i++) {
		f->episodes[i] = sum.groups[i].episodes;
		f->brief[i] = sum.groups[i].brief;
		f->ms[i] = sum.groups[i].ms;
	}
	f->nepisodes = sum.episodes;
	f->nbrief = sum.brief;
	for (i = 0; i < tl.nitems; i++)
		f->nnotes += tl.items[i].kind == TL_NOTE;
	f->observed = sum.observed_ms;
	summary_free(&sum);
	c->end = tl.end;
	if (c->nactions > 0 && st->open)
		c->missing = screen_missing(&tl,
		    day_action(d, st->episode.action)->rec->seq);
	timeline_free(&tl);
}

/* The day's figures carried on to now while observation runs: the time
 * since the last action counts, and an episode just started has a length
 * from now on. */
static void
screen_carry(const struct day *d, const struct screen_cache *c, int64_t now,
    struct screen_figures *f)
{
	const struct day_state	*st = day_state(d);
	const struct log_header	*h = day_header(d);
	int64_t			 midnight, tail;
	size_t			 g;

	*f = c->fig;
	if (day_nactions(d) > 0 && st->begun && !st->paused &&
	    !st->stopped && clock_midnight_ms(h->date, h->utc_offset,
	    &midnight, NULL) == 0 && (tail = now - midnight - c->end) > 0) {
		f->observed += tail;
		if (st->open && (g = (size_t)st->episode.group) < f->ngroups) {
			f->ms[g] += tail;
			if (c->missing) {
				f->episodes[g]++;
				f->nepisodes++;
			}
		}
	}
}

void
screen_figures(const struct day *d, int64_t now, struct screen_figures *f)
{
	struct screen_cache	c;

	screen_day_figures(d, &c);
	screen_carry(d, &c, now, f);
}

/* screen_figures, from sc->cache while the day has not changed. */
static void
screen_figures_kept(const struct screen *sc, struct screen_figures *f)
{
	struct screen_cache	*c = sc->cache;

	if (c == NULL) {
		screen_figures(sc->day, sc->now, f);
		return;
	}
	if (c->day != sc->day || c->nactions != day_nactions(sc->day))
		screen_day_figures(sc->day, c);
	screen_carry(sc->day, c, sc->now, f);
}

/* One line of figures, or on a large screen one line per group in its
 * colour. */
static void
screen_counts(const struct screen *sc, struct screen_lines *l)
{
	const struct scheme	*s = day_header(sc->day)->scheme;
	struct screen_figures	 f;
	struct screen_buf	 b;
	char			 span[32];
	size_t			 i;

	screen_figures_kept(sc, &f);
	memset(&b, 0, sizeof b);
	screen_span(f.observed, span);
	buf_printf(&b, "today: observed %s  (episodes/brief, time)", span);
	if (screen_large(sc)) {
		lines_add(l, b.p, PRIO_COUNTS, SCREEN_PLAIN);
		for (i = 0; i < f.ngroups; i++) {
			b.len = 0;
			b.p[0] = '\0';
			buf_str(&b, "  ");
			buf_clean(&b, s->groups[i].name);
			screen_span(f.ms[i], span);
			buf_printf(&b, " %zu/%zu %s", f.episodes[i], f.brief[i],
			    span);
			lines_add(l, b.p, PRIO_COUNTS, SCREEN_PLAIN);
			l->v[l->n - 1].colour = screen_colour(
			    s->groups[i].colour);
		}
		b.len = 0;
		b.p[0] = '\0';
		buf_printf(&b, "  total %zu/%zu", f.nepisodes, f.nbrief);
		if (f.nnotes > 0)
			buf_printf(&b, "  notes %zu", f.nnotes);
		lines_add(l, b.p, PRIO_COUNTS, SCREEN_PLAIN);
		free(b.p);
		return;
	}
	for (i = 0; i < f.ngroups; i++) {
		buf_str(&b, "  ");
		buf_clean(&b, s->groups[i].name);
		screen_span(f.ms[i], span);
		buf_printf(&b, " %zu/%zu %s", f.episodes[i], f.brief[i], span);
	}
	buf_printf(&b, "  total %zu/%zu", f.nepisodes, f.nbrief);
	if (f.nnotes > 0)
		buf_printf(&b, "  notes %zu", f.nnotes);
	lines_wrap(l, b.p, PRIO_COUNTS, PRIO_MORE, SCREEN_PLAIN);
	free(b.p);
}

static void
screen_recent(const struct screen *sc, struct screen_lines *l)
{
	size_t	n = day_nactions(sc->day), first, i, recent = SCREEN_RECENT;
	char	*text;
	int	 prio;

	if (screen_large(sc) && sc->rows - 22 > recent)
		recent = sc->rows - 22;	/* what the rest leaves */
	first = n > recent ? n - recent : 0;
	for (i = first; i < n; i++) {
		text = screen_action(sc, i, i + sc->nunsaved < n);
		if (i + 1 == n)
			prio = PRIO_NEWEST;
		else if (i + 3 >= n)
			prio = PRIO_RECENT;
		else
			prio = PRIO_OLDER;
		lines_add(l, text, prio, i + sc->nunsaved < n ?
		    SCREEN_PLAIN : SCREEN_REVERSE);
		free(text);
	}
}

/* Adds a text prompt's first line, "label:  1 value  2 value ...": when
 * the label alone is wider than the screen, the list starts on a line of
 * its own and outranks the label's rest (not a message), so a narrow
 * screen keeps all of a dimension's nine values in view. */
static void
screen_prompt_list(struct screen_lines *l, char *line)
{
	char	*list = strstr(line, ":  ");

	if (list == NULL || list[3] == '\0') {
		lines_wrap(l, line, PRIO_STATE, PRIO_DETAIL, SCREEN_BOLD);
		return;
	}
	list[1] = '\0';
	if (screen_width(line) <= l->width) {
		list[1] = ' ';
		lines_wrap(l, line, PRIO_STATE, PRIO_CHOICES, SCREEN_BOLD);
		return;
	}
	lines_wrap(l, line, PRIO_STATE, PRIO_DETAIL, SCREEN_BOLD);
	lines_wrap(l, list + 3, PRIO_CHOICES, PRIO_CHOICES, SCREEN_BOLD);
}

static void
screen_prompt(const struct screen *sc, struct screen_lines *l)
{
	char	*text, *line, *next;

	if (sc->prompt == NULL)
		return;
	text = xstrdup(sc->prompt);
	for (line = text; line != NULL; line = next) {
		if ((next = strchr(line, '\n')) != NULL)
			*next++ = '\0';
		line = screen_clean(line);
		/* Where text is typed, the line typed into outranks the
		 * rest of a long list above it on a small terminal. */
		if (next == NULL && sc->cursor > 0)
			lines_cursor(l, line, (size_t)sc->cursor - 1);
		else if (sc->cursor > 0)
			screen_prompt_list(l, line);
		else
			lines_wrap(l, line, PRIO_STATE, PRIO_STATE,
			    SCREEN_BOLD);
		free(line);
	}
	free(text);
}

/* The keys: the groups' on one line (or more), the others' after. */
static void
screen_legend(const struct screen *sc, struct screen_lines *l)
{
	const struct scheme	 *s = day_header(sc->day)->scheme;
	struct screen_buf	  b[2];
	char			**items;
	size_t			  i, part;

	items = keys_legend(s);
	memset(b, 0, sizeof b);
	buf_str(&b[0], "");
	buf_str(&b[1], "");
	for (i = 0; items[i] != NULL; i++) {
		/* The groups' keys, then "UPPER CASE: ...", then the rest. */
		part = i <= s->ngroups ? 0 : 1;
		if (b[part].len > 0)
			buf_str(&b[part], "  ");
		buf_clean(&b[part], items[i]);
		free(items[i]);
	}
	free(items);
	/* The recorder's own keys (live.c), read before the key parser. */
	buf_str(&b[1], "  ^R redo  % regroup  < began ago");
	lines_wrap(l, b[0].p, PRIO_LEGEND, PRIO_MORE, SCREEN_DIM);
	lines_wrap(l, b[1].p, PRIO_LEGEND, PRIO_MORE, SCREEN_DIM);
	free(b[0].p);
	free(b[1].p);
}

static void
screen_text(struct screen_lines *l, const char *text, int prio,
    enum screen_attr attr)
{
	char	*clean;

	if (text == NULL || *text == '\0')
		return;
	clean = screen_clean(text);
	lines_wrap(l, clean, prio, prio, attr);
	free(clean);
}

/* Every line the screen could show, in the order it shows them. */
static void
screen_lines(const struct screen *sc, struct screen_lines *l)
{
	screen_header(sc, l);
	screen_text(l, sc->warning, PRIO_WARNING, SCREEN_REVERSE);
	lines_blank(l);
	screen_state(sc, l);
	screen_detail(sc, l);
	lines_blank(l);
	screen_counts(sc, l);
	lines_blank(l);
	screen_recent(sc, l);
	lines_blank(l);
	screen_prompt(sc, l);
	screen_text(l, sc->message, PRIO_MESSAGE, SCREEN_PLAIN);
	lines_blank(l);
	screen_legend(sc, l);
}

/* Marks the lines to draw: the most important first, while rows last.
 * Within a priority the upper lines win, but for the recent actions the
 * newer, so a short list never skips one. */
static void
screen_choose(struct screen_lines *l, unsigned rows, int *keep)
{
	size_t	i, j, used = 0;
	int	prio, newest_first;

	for (i = 0; i < l->n; i++)
		keep[i] = 0;
	for (prio = PRIO_WARNING; prio <= PRIO_BLANK; prio++) {
		newest_first = prio == PRIO_RECENT || prio == PRIO_OLDER;
		for (j = 0; j < l->n && used < rows; j++) {
			i = newest_first ? l->n - 1 - j : j;
			if (l->v[i].prio == prio) {
				keep[i] = 1;
				used++;
			}
		}
	}
}

static const char *
screen_attr_on(enum screen_attr attr)
{
	switch (attr) {
	case SCREEN_BOLD:
		return "\033[1m";
	case SCREEN_REVERSE:
		return "\033[7m";
	case SCREEN_DIM:
		return "\033[2m";
	default:
		return "";
	}
}

char *
screen_render(const struct screen *sc, size_t *len)
{
	struct screen_lines	 l;
	struct screen_buf	 b;
	unsigned		 cols, rows, row = 0, crow = 0, ccol = 0, w;
	size_t			 i;
	int			*keep;

	memset(&b, 0, sizeof b);
	buf_str(&b, "\033[?25l");
	if (sc->full)
		buf_str(&b, "\033[H\033[2J");
	cols = sc->cols > SCREEN_MAX_COLS ? SCREEN_MAX_COLS : sc->cols;
	rows = sc->rows > SCREEN_MAX_ROWS ? SCREEN_MAX_ROWS : sc->rows;
	if (cols == 0 || rows == 0 || sc->day == NULL) {
		*len = b.len;
		return b.p;
	}
	memset(&l, 0, sizeof l);
	l.width = cols;
	screen_lines(sc, &l);
	keep = xcalloc(l.n, sizeof *keep);
	screen_choose(&l, rows, keep);
	for (i = 0; i < l.n; i++) {
		if (keep[i]) {
			row++;
			w = screen_width(l.v[i].text);
			buf_printf(&b, "\033[%u;1H%s", row,
			    screen_attr_on(l.v[i].attr));
			if (l.v[i].colour >= 0)
				buf_printf(&b, "\033[38;5;%dm", l.v[i].colour);
			buf_str(&b, l.v[i].text);
			if (l.v[i].attr != SCREEN_PLAIN || l.v[i].colour >= 0)
				buf_str(&b, "\033[0m");
			if (w < cols)
				buf_str(&b, "\033[K");
			if (l.v[i].cursor > 0 && l.v[i].cursor <= cols) {
				crow = row;
				ccol = l.v[i].cursor;
			}
		}
		free(l.v[i].text);
	}
	free(l.v);
	free(keep);
	if (row < rows)
		buf_printf(&b, "\033[%u;1H\033[J", row + 1);
	if (crow != 0)
		buf_printf(&b, "\033[%u;%uH\033[?25h", crow, ccol);
	*len = b.len;
	return b.p;
}
