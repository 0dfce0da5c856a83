/*
 * Tests of the live screen.  The rendered bytes are played on a small
 * terminal emulator that knows only the escapes the screen may send, so a
 * stray escape from the data, or text past the edge, fails the test.  One
 * test runs the live recorder itself on a pseudo-terminal.
 */
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include <errno.h>
#include <locale.h>
#include <poll.h>
#include <pty.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>
#include <wchar.h>

#include <CUnit/CUnit.h>

#include "clock.h"
#include "day.h"
#include "live.h"
#include "screen.h"
#include "summary.h"
#include "test.h"
#include "timeline.h"
#include "xmalloc.h"

#define CELL	5	/* a UTF-8 character and NUL */

struct term {
	unsigned	 cols, rows;
	char		*cells;		/* rows * cols cells */
	unsigned	 r, c;
	int		 bad;		/* an unexpected byte */
	int		 overflow;	/* text past an edge */
	int		 cursor;	/* the cursor is shown */
	unsigned	 cur_r, cur_c;
	char		 why[128];
};

static char *
term_cell(struct term *t, unsigned r, unsigned c)
{
	return t->cells + ((size_t)r * t->cols + c) * CELL;
}

static void
term_clear(struct term *t, unsigned r, unsigned c, unsigned r2)
{
	for (; r < t->rows && r <= r2; r++, c = 0) {
		for (; c < t->cols; c++)
			term_cell(t, r, c)[0] = '\0';
	}
}

static void
term_init(struct term *t, unsigned cols, unsigned rows)
{
	memset(t, 0, sizeof *t);
	t->cols = cols;
	t->rows = rows;
	t->cells = xcalloc((size_t)cols * rows, CELL);
}

static void
term_bad(struct term *t, const char *why)
{
	if (!t->bad)
		snprintf(t->why, sizeof t->why, "%s", why);
	t->bad = 1;
}

/* Handles ESC [ params final at p; returns the bytes taken. */
static size_t
term_csi(struct term *t, const char *p, size_t left)
{
	size_t		 i = 2;
	unsigned	 a = 0, b = 0, *n = &a;
	int		 priv = 0;

	if (i < left && p[i] == '?') {
		priv = 1;
		i++;
	}
	for (; i < left && ((p[i] >= '0' && p[i] <= '9') || p[i] == ';');
	    i++) {
		if (p[i] == ';')
			n = &b;
		else
			*n = *n * 10 + (unsigned)(p[i] - '0');
	}
	if (i == left) {
		term_bad(t, "unfinished escape");
		return left;
	}
	switch (p[i]) {
	case 'H':
		t->r = a == 0 ? 0 : a - 1;
		t->c = b == 0 ? 0 : b - 1;
		if (t->r >= t->rows || t->c >= t->cols)
			term_bad(t, "cursor moved off the screen");
		if (t->cursor) {
			t->cur_r = t->r;
			t->cur_c = t->c;
		}
		break;
	case 'K':
		if (t->c < t->cols)
			term_clear(t, t->r, t->c, t->r);
		break;
	case 'J':
		if (a == 2)
			term_clear(t, 0, 0, t->rows);
		else
			term_clear(t, t->r, t->c, t->rows);
		break;
	case 'm':
		if (a != 0 && a != 1 && a != 2 && a != 7 &&
		    a != 38)	/* 38;5;N: a group colour */
			term_bad(t, "unexpected SGR");
		break;
	case 'h':
	case 'l':
		if (!priv || a != 25)
			term_bad(t, "unexpected mode");
		else {
			t->cursor = p[i] == 'h';
			t->cur_r = t->r;
			t->cur_c = t->c;
		}
		break;
	default:
		term_bad(t, "unexpected CSI");
		break;
	}
	return i + 1;
}

static void
term_play(struct term *t, const char *p, size_t len)
{
	size_t	i = 0, n;

	while (i < len) {
		if (p[i] == '\033') {
			if (i + 1 < len && p[i + 1] == '[')
				i += term_csi(t, p + i, len - i);
			else {
				term_bad(t, "ESC not starting a CSI");
				i++;
			}
			continue;
		}
		if ((unsigned char)p[i] < 0x20 || p[i] == 0x7f) {
			term_bad(t, "control character");
			i++;
			continue;
		}
		n = 1;
		while (i + n < len && ((unsigned char)p[i + n] & 0xc0) == 0x80)
			n++;
		if (n >= CELL)
			n = CELL - 1;
		if (t->r >= t->rows || t->c >= t->cols)
			t->overflow = 1;
		else {
			memcpy(term_cell(t, t->r, t->c), p + i, n);
			term_cell(t, t->r, t->c)[n] = '\0';
			t->c++;
		}
		i += n;
	}
}

/* The text of row r, trailing blanks cut; the caller frees it. */
static char *
term_row(struct term *t, unsigned r)
{
	char		*s, *cell;
	size_t		 len = 0, keep = 0;
	unsigned	 c;

	s = xmalloc((size_t)t->cols * CELL + 1);
	for (c = 0; c < t->cols; c++) {
		cell = term_cell(t, r, c);
		if (cell[0] == '\0')
			s[len++] = ' ';
		else {
			memcpy(s + len, cell, strlen(cell));
			len += strlen(cell);
			keep = len;
		}
	}
	s[keep] = '\0';
	return s;
}

/* The whole screen, rows joined by '\n'; the caller frees it. */
static char *
term_text(struct term *t)
{
	char		*all = xstrdup(""), *row, *next;
	unsigned	 r;

	for (r = 0; r < t->rows; r++) {
		row = term_row(t, r);
		next = xasprintf("%s%s\n", all, row);
		free(row);
		free(all);
		all = next;
	}
	return all;
}

/* Index of the first row holding s, or -1. */
static int
term_find(struct term *t, const char *s)
{
	char		*row;
	unsigned	 r;
	int		 found;

	for (r = 0; r < t->rows; r++) {
		row = term_row(t, r);
		found = strstr(row, s) != NULL;
		free(row);
		if (found)
			return (int)r;
	}
	return -1;
}

static void
term_free(struct term *t)
{
	free(t->cells);
}

/* ---- a day to show ---- */

static int64_t	midnight;

static int64_t
at(int h, int m, int s)
{
	return midnight + (((int64_t)h * 60 + m) * 60 + s) * 1000;
}

static struct day *
test_day(const char *school)
{
	struct log_header	 hdr;
	struct day		*d;
	struct err		 e = ERR_INIT;

	memset(&hdr, 0, sizeof hdr);
	hdr.version = LOG_FORMAT_VERSION;
	hdr.school = (char *)school;
	hdr.head = (char *)"Ms Ahmed";
	hdr.observer = (char *)"JB";
	snprintf(hdr.date, sizeof hdr.date, "2024-03-12");
	hdr.tz = (char *)"Europe/London";
	hdr.utc_offset = 0;
	hdr.recorder = (char *)"shadowlog-record 0.1.0";
	hdr.scheme = scheme_default();
	d = day_new(&hdr);
	scheme_free(hdr.scheme);
	if (clock_midnight_ms("2024-03-12", 0, &midnight, &e) != 0) {
		CU_FAIL(e.msg);
		err_clear(&e);
	}
	return d;
}

static void
add(struct day *d, enum record_type type, int64_t t, const char *group,
    enum record_by by)
{
	struct record	 rec;
	char		*cause = NULL;

	memset(&rec, 0, sizeof rec);
	rec.type = type;
	rec.seq = day_next_seq(d);
	rec.t = t;
	rec.session = 1;
	rec.group = group;
	rec.by = by;
	if (type == RECORD_UNDO)
		rec.undoes = day_undo_target(d);
	if (t_cause(day_apply(d, &rec, t_err()), &cause) != 0) {
		CU_FAIL(cause);
		free(cause);
	}
}

static void
add_rec(struct day *d, struct record *rec)
{
	char	*cause = NULL;

	rec->seq = day_next_seq(d);
	rec->session = 1;
	if (t_cause(day_apply(d, rec, t_err()), &cause) != 0) {
		CU_FAIL(cause);
		free(cause);
	}
}

static void
render(struct screen *sc, struct term *t)
{
	char	*out;
	size_t	 len;

	out = screen_render(sc, &len);
	T_EQ_INT(strlen(out), len);
	term_play(t, out, len);
	free(out);
	if (getenv("SHOW") != NULL) {
		out = term_text(t);
		printf("%ux%u:\n%s\n", t->cols, t->rows, out);
		free(out);
	}
}

static void
screen_for(struct screen *sc, struct day *d, unsigned cols, unsigned rows,
    int64_t now)
{
	memset(sc, 0, sizeof *sc);
	sc->cols = cols;
	sc->rows = rows;
	sc->full = 1;
	sc->now = now;
	sc->midnight = midnight;
	sc->file = "day.slog";
	sc->day = d;
}

/* ---- the tests ---- */

static void
test_formats(void)
{
	char	buf[24], *s;

	screen_hms(0, buf);
	T_EQ_STR(buf, "00:00:00");
	screen_hms(((10 * 60 + 31) * 60 + 2) * 1000 + 999, buf);
	T_EQ_STR(buf, "10:31:02");
	screen_hms((int64_t)25 * 3600 * 1000 + 61000, buf);
	T_EQ_STR(buf, "25:01:01");
	screen_duration(252000, buf);
	T_EQ_STR(buf, "4:12");
	screen_duration(59999, buf);
	T_EQ_STR(buf, "0:59");
	screen_duration(3723000, buf);
	T_EQ_STR(buf, "1:02:03");
	screen_duration(-5, buf);
	T_EQ_STR(buf, "0:00");

	s = screen_clean("a\033[2Jb\tc\x7f" "d\xc2\x9b" "e\xff" "f\xc3\xa9");
	T_EQ_STR(s, "a?[2Jb?c?d?e?f\xc3\xa9");
	free(s);
	s = screen_clean("cut \xe2\x98");
	T_EQ_STR(s, "cut ?");
	free(s);
}

/* The screen with and without the figures kept between redraws: the same
 * bytes, at every step of a day and every moment after it, and a change to
 * the day (or another day) is never shown stale. */
static void
same_kept(struct screen *sc, struct screen_cache *c, int64_t now)
{
	char	*kept, *fresh;
	size_t	 klen, flen;

	sc->now = now;
	sc->cache = c;
	kept = screen_render(sc, &klen);
	T_TRUE(c->day == sc->day);
	T_EQ_INT(c->nactions, day_nactions(sc->day));
	sc->cache = NULL;
	fresh = screen_render(sc, &flen);
	T_EQ_INT(klen, flen);
	T_EQ_STR(kept, fresh);
	free(kept);
	free(fresh);
}

static void
test_figures_kept(void)
{
	struct day		*d = test_day(""), *other = test_day("");
	struct screen		 sc;
	struct screen_cache	 c;
	int			 i;

	memset(&c, 0, sizeof c);
	add(d, RECORD_BEGIN, at(8, 30, 0), NULL, RECORD_BY_UNKNOWN);
	add(other, RECORD_BEGIN, at(8, 0, 0), NULL, RECORD_BY_UNKNOWN);
	add(other, RECORD_START, at(8, 1, 0), "SLT", RECORD_BY_HEAD);
	screen_for(&sc, d, 200, 60, at(8, 30, 1));
	for (i = 0; i < 3; i++)
		same_kept(&sc, &c, at(8, 30, 1 + i));
	add(d, RECORD_START, at(8, 31, 0), "teachers", RECORD_BY_HEAD);
	same_kept(&sc, &c, at(8, 31, 0));
	same_kept(&sc, &c, at(8, 45, 30));
	add(d, RECORD_BRIEF, at(8, 46, 0), "pupils", RECORD_BY_OTHER);
	same_kept(&sc, &c, at(8, 47, 0));
	add(d, RECORD_END, at(8, 50, 0), NULL, RECORD_BY_UNKNOWN);
	same_kept(&sc, &c, at(8, 55, 0));
	add(d, RECORD_UNDO, at(8, 56, 0), NULL, RECORD_BY_UNKNOWN);
	same_kept(&sc, &c, at(8, 56, 0));
	same_kept(&sc, &c, at(9, 20, 0));
	add(d, RECORD_PAUSE, at(9, 21, 0), NULL, RECORD_BY_UNKNOWN);
	same_kept(&sc, &c, at(9, 40, 0));
	add(d, RECORD_RESUME, at(9, 41, 0), NULL, RECORD_BY_UNKNOWN);
	same_kept(&sc, &c, at(10, 0, 0));
	/* Another day through the same cache, then back. */
	sc.day = other;
	same_kept(&sc, &c, at(10, 0, 0));
	sc.day = d;
	same_kept(&sc, &c, at(10, 0, 1));
	sc.rows = 8;
	sc.cols = 30;
	same_kept(&sc, &c, at(10, 5, 0));
	day_free(other);
	day_free(d);
}

static void
test_alone(void)
{
	struct day	*d = test_day("Hillside Primary");
	struct screen	 sc;
	struct term	 t;
	char		*row;

	add(d, RECORD_BEGIN, at(9, 0, 0), NULL, RECORD_BY_UNKNOWN);
	screen_for(&sc, d, 80, 24, at(9, 2, 3) + 500);
	term_init(&t, 80, 24);
	render(&sc, &t);
	T_EQ_INT(t.bad, 0);
	T_EQ_INT(t.overflow, 0);
	row = term_row(&t, 0);
	T_EQ_STR(row, "09:02:03  2024-03-12  Hillside Primary / Ms Ahmed / JB"
	    "  day.slog");
	free(row);
	T_TRUE(term_find(&t, "ALONE since 09:00:00 — 2:03") >= 0);
	T_TRUE(term_find(&t, "09:00:00  #1 begin  saved") >= 0);
	T_TRUE(term_find(&t, "today: observed 2m03s  (episodes/brief, time)  "
	    "SLT 0/0 0s  teachers 0/0 0s") >= 0);
	T_TRUE(term_find(&t, "t/T teachers") >= 0);
	T_TRUE(term_find(&t, "q quit") >= 0);
	T_EQ_INT(t.cursor, 0);
	term_free(&t);
	day_free(d);
}

static void
test_episode(void)
{
	struct day	*d = test_day("");
	struct screen	 sc;
	struct term	 t;
	struct record	 rec;
	const char	*with[] = { "pupils" };

	add(d, RECORD_BEGIN, at(8, 30, 0), NULL, RECORD_BY_UNKNOWN);
	add(d, RECORD_BRIEF, at(9, 0, 0), "pupils", RECORD_BY_OTHER);
	add(d, RECORD_START, at(10, 31, 2), "teachers", RECORD_BY_HEAD);
	memset(&rec, 0, sizeof rec);
	rec.type = RECORD_SET;
	rec.t = at(10, 31, 20);
	rec.person = "DH";
	rec.where = "office";
	add_rec(d, &rec);
	memset(&rec, 0, sizeof rec);
	rec.type = RECORD_SET;
	rec.t = at(10, 31, 30);
	rec.mode = "phone";
	rec.has_with = 1;
	rec.with = with;
	rec.nwith = 1;
	add_rec(d, &rec);
	screen_for(&sc, d, 100, 30, at(10, 35, 14));
	term_init(&t, 100, 30);
	render(&sc, &t);
	T_EQ_INT(t.bad, 0);
	T_EQ_INT(t.overflow, 0);
	T_TRUE(term_find(&t, "09:02:03") < 0);
	T_EQ_INT(term_find(&t, "10:35:14  2024-03-12  Ms Ahmed / JB  day.slog"),
	    0);
	T_TRUE(term_find(&t, "WITH teachers (head began) since 10:31:02 — "
	    "4:12") >= 0);
	T_TRUE(term_find(&t, "person DH  where office  mode phone  with pupils")
	    >= 0);
	T_TRUE(term_find(&t, "09:00:00  #2 brief pupils by other  saved") >= 0);
	T_TRUE(term_find(&t, "10:31:02  #3 start teachers by head  saved") >=
	    0);
	T_TRUE(term_find(&t, "10:31:20  #4 set person=DH where=office  saved")
	    >= 0);
	T_TRUE(term_find(&t, "10:31:30  #5 set mode=phone with=pupils  saved")
	    >= 0);
	/* The analyser's figures, carried on to now; colours at 100x30. */
	T_TRUE(term_find(&t, "today: observed 2h05m14s  (episodes/brief, "
	    "time)") >= 0);
	T_TRUE(term_find(&t, "  SLT 0/0 0s") >= 0);
	T_TRUE(term_find(&t, "  teachers 1/0 4m12s") >= 0);
	T_TRUE(term_find(&t, "  pupils 0/1 0s") >= 0);
	T_TRUE(term_find(&t, "  total 1/1") >= 0);

	/* The other person began it; then the head is alone again. */
	add(d, RECORD_START, at(10, 40, 0), "SLT", RECORD_BY_OTHER);
	screen_for(&sc, d, 100, 30, at(11, 40, 0));
	render(&sc, &t);
	T_TRUE(term_find(&t, "WITH SLT (other began) since 10:40:00 — "
	    "1:00:00") >= 0);
	T_TRUE(term_find(&t, "person DH") < 0);
	add(d, RECORD_END, at(11, 41, 0), NULL, RECORD_BY_UNKNOWN);
	screen_for(&sc, d, 100, 30, at(11, 41, 5));
	render(&sc, &t);
	T_TRUE(term_find(&t, "ALONE since 11:41:00 — 0:05") >= 0);
	T_TRUE(term_find(&t, "11:41:00  #7 end  saved") >= 0);
	term_free(&t);
	day_free(d);
}

static void
test_paused_and_undo(void)
{
	struct day	*d = test_day("Hillside");
	struct screen	 sc;
	struct term	 t;

	add(d, RECORD_BEGIN, at(8, 0, 0), NULL, RECORD_BY_UNKNOWN);
	add(d, RECORD_START, at(8, 10, 0), "parents", RECORD_BY_UNKNOWN);
	add(d, RECORD_START, at(8, 20, 0), "visitors", RECORD_BY_HEAD);
	add(d, RECORD_UNDO, at(8, 20, 5), NULL, RECORD_BY_UNKNOWN);
	add(d, RECORD_PAUSE, at(11, 0, 0), NULL, RECORD_BY_UNKNOWN);
	screen_for(&sc, d, 80, 24, at(11, 5, 0));
	term_init(&t, 80, 24);
	render(&sc, &t);
	T_EQ_INT(t.bad, 0);
	T_TRUE(term_find(&t, "PAUSED since 11:00:00 — 5:00") >= 0);
	T_TRUE(term_find(&t, "08:10:00  #2 start parents  saved") >= 0);
	T_TRUE(term_find(&t, "08:20:00  #3 start visitors by head (undone)  "
	    "saved") >= 0);
	T_TRUE(term_find(&t, "08:20:05  #4 undo #3  saved") >= 0);
	T_TRUE(term_find(&t, "11:00:00  #5 pause  saved") >= 0);
	T_TRUE(term_find(&t, "parents 1/0") >= 0);
	T_TRUE(term_find(&t, "visitors 0/0") >= 0);

	add(d, RECORD_RESUME, at(11, 10, 0), NULL, RECORD_BY_UNKNOWN);
	add(d, RECORD_STOP, at(15, 0, 0), NULL, RECORD_BY_UNKNOWN);
	screen_for(&sc, d, 80, 24, at(15, 0, 1));
	render(&sc, &t);
	T_TRUE(term_find(&t, "STOPPED at 15:00:00") >= 0);
	term_free(&t);
	day_free(d);
}

static void
test_unsaved(void)
{
	struct day	*d = test_day("Hillside");
	struct screen	 sc;
	struct term	 t;
	const char	*warn = "NOT SAVED: cannot write the log (No space "
	    "left on device). 2 actions kept; retrying every second. Do not "
	    "close the laptop.";
	char		*all;

	add(d, RECORD_BEGIN, at(8, 0, 0), NULL, RECORD_BY_UNKNOWN);
	add(d, RECORD_START, at(8, 10, 0), "teachers", RECORD_BY_HEAD);
	add(d, RECORD_END, at(8, 12, 0), NULL, RECORD_BY_UNKNOWN);
	screen_for(&sc, d, 80, 24, at(8, 12, 30));
	sc.nunsaved = 2;
	sc.warning = warn;
	term_init(&t, 80, 24);
	render(&sc, &t);
	T_EQ_INT(t.bad, 0);
	T_EQ_INT(t.overflow, 0);
	T_TRUE(term_find(&t, "08:00:00  #1 begin  saved") >= 0);
	T_TRUE(term_find(&t, "08:10:00  #2 start teachers by head  NOT SAVED")
	    >= 0);
	T_TRUE(term_find(&t, "08:12:00  #3 end  NOT SAVED") >= 0);
	/* The warning, wrapped at words, straight under the top line. */
	T_EQ_INT(term_find(&t, "NOT SAVED: cannot write the log (No space left "
	    "on device). 2 actions kept;"), 1);
	T_EQ_INT(term_find(&t, "retrying every second. Do not close the "
	    "laptop."), 2);
	all = term_text(&t);
	T_TRUE(strstr(all, "#3 end  saved") == NULL);
	free(all);

	/* On a tiny screen the warning is the last thing to go. */
	term_free(&t);
	screen_for(&sc, d, 30, 4, at(8, 12, 30));
	sc.nunsaved = 2;
	sc.warning = warn;
	term_init(&t, 30, 4);
	render(&sc, &t);
	T_EQ_INT(t.bad, 0);
	T_EQ_INT(t.overflow, 0);
	T_EQ_INT(term_find(&t, "NOT SAVED: cannot write the"), 0);
	term_free(&t);
	day_free(d);
}

static void
test_hostile(void)
{
	struct day	*d = test_day("Evil\033]0;owned\007 School");
	struct screen	 sc;
	struct term	 t;
	struct record	 rec;
	char		*out, *all;
	size_t		 len;

	add(d, RECORD_BEGIN, at(8, 0, 0), NULL, RECORD_BY_UNKNOWN);
	add(d, RECORD_START, at(8, 1, 0), "teachers", RECORD_BY_HEAD);
	memset(&rec, 0, sizeof rec);
	rec.type = RECORD_SET;
	rec.t = at(8, 2, 0);
	rec.person = "\033[2J\033[H";
	add_rec(d, &rec);
	memset(&rec, 0, sizeof rec);
	rec.type = RECORD_NOTE;
	rec.t = at(8, 3, 0);
	rec.text = "\033]0;pwned\007\033[31mred\033[2Jgone\r\nline\x9b" "1m";
	add_rec(d, &rec);
	screen_for(&sc, d, 120, 30, at(8, 4, 0));
	sc.full = 0;		/* so no ESC [ 2 J of the screen's own */
	sc.message = "msg \033[5m";
	out = screen_render(&sc, &len);
	T_TRUE(memmem(out, len, "\033]", 2) == NULL);
	T_TRUE(memchr(out, '\007', len) == NULL);
	T_TRUE(memmem(out, len, "\033[31m", 5) == NULL);
	T_TRUE(memmem(out, len, "\033[2J", 4) == NULL);
	T_TRUE(memmem(out, len, "\033[5m", 4) == NULL);
	T_TRUE(memchr(out, '\r', len) == NULL);
	T_TRUE(memchr(out, '\n', len) == NULL);
	term_init(&t, 120, 30);
	term_play(&t, out, len);
	free(out);
	T_EQ_INT(t.bad, 0);
	T_EQ_STR(t.why, "");
	T_EQ_INT(t.overflow, 0);
	all = term_text(&t);
	T_HAS_STR(all, "Evil?]0;owned? School");
	T_HAS_STR(all, "person ?[2J?[H");
	T_HAS_STR(all, "#3 set person=?[2J?[H  saved");
	T_HAS_STR(all, "#4 note: ?]0;pwned??[31mred?[2Jgone??line?1m  saved");
	T_HAS_STR(all, "msg ?[5m");
	free(all);

	term_free(&t);
	day_free(d);
}

/* A busy day: more actions than the screen lists. */
static struct day *
busy_day(void)
{
	struct day	*d = test_day("Hillside Primary School");
	const char	*groups[] = { "SLT", "teachers", "support staff",
	    "pupils", "parents", "visitors" };
	int		 i;

	add(d, RECORD_BEGIN, at(8, 0, 0), NULL, RECORD_BY_UNKNOWN);
	for (i = 0; i < 12; i++)
		add(d, i % 3 == 2 ? RECORD_BRIEF : RECORD_START,
		    at(8, 5 + i * 3, 0), groups[i % 6],
		    i % 2 ? RECORD_BY_OTHER : RECORD_BY_HEAD);
	return d;
}

static void
test_small(void)
{
	struct day	*d = busy_day();
	struct screen	 sc;
	struct term	 t;
	char		*all;
	unsigned	 r, used = 0;

	screen_for(&sc, d, 40, 12, at(9, 0, 0));
	sc.message = "recovered: continuing the day; episode with pupils "
	    "open since 08:35:00";
	term_init(&t, 40, 12);
	render(&sc, &t);
	T_EQ_INT(t.bad, 0);
	T_EQ_STR(t.why, "");
	T_EQ_INT(t.overflow, 0);
	all = term_text(&t);
	T_HAS_STR(all, "09:00:00  2024-03-12  Hillside Primary S");
	T_HAS_STR(all, "WITH parents (head began) since 08:35:00\n— 25:00\n");
	/* The description is cut so that "saved" stays in view. */
	T_HAS_STR(all, "08:38:00  #13 brief visitors by ~  saved\n");
	T_HAS_STR(all, "recovered: continuing the day; episode");
	T_HAS_STR(all, "with pupils open since 08:35:00");
	T_HAS_STR(all, "s/S SLT");
	free(all);
	for (r = 0; r < 12; r++) {
		char *row = term_row(&t, r);

		used += row[0] != '\0';
		free(row);
	}
	T_EQ_INT(used, 12);	/* every row used, none past the bottom */
	term_free(&t);

	/* Smaller than the minimum still draws what fits. */
	screen_for(&sc, d, 12, 3, at(9, 0, 0));
	term_init(&t, 12, 3);
	render(&sc, &t);
	T_EQ_INT(t.bad, 0);
	T_EQ_INT(t.overflow, 0);
	/* The state wins over the clock. */
	T_EQ_INT(term_find(&t, "WITH parents"), 0);
	T_EQ_INT(term_find(&t, "(head began)"), 1);
	term_free(&t);

	/* A zero size draws nothing but is not an error. */
	screen_for(&sc, d, 0, 0, at(9, 0, 0));
	term_init(&t, 1, 1);
	render(&sc, &t);
	T_EQ_INT(t.bad, 0);
	term_free(&t);
	day_free(d);
}

static int
has_bytes(const char *p, size_t len, const char *s)
{
	return memmem(p, len, s, strlen(s)) != NULL;
}

static void
test_large(void)
{
	struct day	*d = busy_day();
	struct screen	 sc;
	struct term	 t;
	char		*all;
	size_t		 len;
	int		 first, last;

	screen_for(&sc, d, 200, 60, at(9, 0, 0));
	term_init(&t, 200, 60);
	render(&sc, &t);
	T_EQ_INT(t.bad, 0);
	T_EQ_INT(t.overflow, 0);
	all = term_text(&t);
	/* A large screen lists all thirteen actions, oldest first. */
	first = term_find(&t, "08:00:00  #1 begin  saved");
	last = term_find(&t, "08:38:00  #13 brief visitors by other  saved");
	T_TRUE(first > 0);
	T_EQ_INT(last, first + 12);
	/* The legend and the counts fit one line each. */
	T_HAS_STR(all, "s/S SLT  t/T teachers  a/A support staff  p/P pupils  "
	    "r/R parents  v/V visitors  UPPER CASE: other began it\n"
	    "Space end  / brief  # person  @ where  = mode  + with  "
	    "~ who began  ! note  Tab pause  BkSp undo  q quit  ^R redo  "
	    "% regroup  < began ago\n");
	/* Each group on a line of its own, with its time. */
	T_HAS_STR(all, "today: observed 1h00m00s  (episodes/brief, time)\n"
	    "  SLT 2/0 6m00s\n  teachers 2/0 12m00s\n  support staff 0/2 0s\n"
	    "  pupils 2/0 6m00s\n  parents 2/0 31m00s\n  visitors 0/2 0s\n"
	    "  total 8/4\n");
	free(all);
	term_free(&t);

	/* In the scheme's colours (xterm 256): teachers #E69F00 is 214,
	 * parents #D55E00 172, the open episode's state line too. */
	all = screen_render(&sc, &len);
	T_TRUE(has_bytes(all, len, "\033[38;5;214m  teachers 2/0"));
	T_TRUE(has_bytes(all, len, "\033[38;5;172m  parents 2/0"));
	T_TRUE(has_bytes(all, len, "\033[38;5;172mWITH parents"));
	free(all);
	/* An ordinary screen has no colour and lists eight actions. */
	screen_for(&sc, d, 80, 40, at(9, 0, 0));
	all = screen_render(&sc, &len);
	T_TRUE(!has_bytes(all, len, "\033[38;5;"));
	T_TRUE(!has_bytes(all, len, "#5 "));
	T_TRUE(has_bytes(all, len, "#6 start parents"));
	free(all);
	day_free(d);
}

static void
test_prompt_cursor(void)
{
	struct day	*d = busy_day();
	struct screen	 sc;
	struct term	 t;
	char		*long_text;
	int		 r;

	screen_for(&sc, d, 80, 24, at(9, 0, 0));
	sc.prompt = "person code (Enter sets, Enter alone clears, Esc "
	    "cancels): DH";
	sc.cursor = 1;
	term_init(&t, 80, 24);
	render(&sc, &t);
	T_EQ_INT(t.bad, 0);
	r = term_find(&t, "person code (Enter sets");
	T_TRUE(r > 0);
	T_EQ_INT(t.cursor, 1);
	T_EQ_INT(t.cur_r, r);
	T_EQ_INT(t.cur_c, strlen(sc.prompt));
	term_free(&t);

	/* A menu: the list wraps, the cursor ends the last line. */
	screen_for(&sc, d, 40, 12, at(9, 0, 0));
	sc.prompt = "location:  1 office  2 classroom  3 corridor  4 hall  "
	    "5 playground\nor type one (Enter sets): lib";
	sc.cursor = 1;
	term_init(&t, 40, 12);
	render(&sc, &t);
	T_EQ_INT(t.bad, 0);
	T_EQ_INT(t.overflow, 0);
	T_TRUE(term_find(&t, "location:  1 office  2 classroom") >= 0);
	T_TRUE(term_find(&t, "3 corridor  4 hall  5 playground") >= 0);
	r = term_find(&t, "or type one (Enter sets): lib");
	T_TRUE(r > 0);
	T_EQ_INT(t.cur_r, r);
	T_EQ_INT(t.cur_c, 29);
	term_free(&t);

	/* Text longer than the line: its end stays in view. */
	long_text = xasprintf("note: %0100d", 7);
	screen_for(&sc, d, 40, 12, at(9, 0, 0));
	sc.prompt = long_text;
	sc.cursor = 1;
	term_init(&t, 40, 12);
	render(&sc, &t);
	T_EQ_INT(t.bad, 0);
	T_EQ_INT(t.overflow, 0);
	r = term_find(&t, "<00000000000000000000000000000000000007\n");
	r = term_find(&t, "<00000000000000000000000000000000000007");
	T_TRUE(r > 0);
	T_EQ_INT(t.cur_c, 39);
	free(long_text);
	term_free(&t);

	/* The cursor inside the text: after "abcd", before "ef". */
	screen_for(&sc, d, 80, 24, at(9, 0, 0));
	sc.prompt = "note: abcdef";
	sc.cursor = 3;
	term_init(&t, 80, 24);
	render(&sc, &t);
	r = term_find(&t, "note: abcdef");
	T_TRUE(r > 0);
	T_EQ_INT(t.cur_r, r);
	T_EQ_INT(t.cur_c, 10);
	term_free(&t);

	/* Inside a text longer than the line: the cursor stays in view. */
	long_text = xasprintf("note: %050d%050d", 1, 2);
	screen_for(&sc, d, 40, 12, at(9, 0, 0));
	sc.prompt = long_text;
	sc.cursor = 1 + 50;		/* before the second number */
	term_init(&t, 40, 12);
	render(&sc, &t);
	T_EQ_INT(t.bad, 0);
	T_EQ_INT(t.overflow, 0);
	r = term_find(&t, "<00000000000000000000000000000000000000");
	T_TRUE(r > 0);
	T_EQ_INT(t.cur_r, r);
	T_EQ_INT(t.cur_c, 1);
	free(long_text);
	term_free(&t);

	/* Without a cursor prompt the cursor stays hidden. */
	screen_for(&sc, d, 80, 24, at(9, 0, 0));
	sc.prompt = "Quit and end the day? y/n";
	term_init(&t, 80, 24);
	render(&sc, &t);
	T_TRUE(term_find(&t, "Quit and end the day? y/n") > 0);
	T_EQ_INT(t.cursor, 0);
	term_free(&t);
	day_free(d);
}

static void
test_redraw_clears(void)
{
	struct day	*d = busy_day();
	struct screen	 sc;
	struct term	 t;

	/* A frame drawn over a busier one leaves nothing of it behind. */
	term_init(&t, 80, 24);
	screen_for(&sc, d, 80, 24, at(9, 0, 0));
	sc.prompt = "a prompt that will go";
	sc.message = "a message that will go";
	render(&sc, &t);
	T_TRUE(term_find(&t, "a message that will go") > 0);
	screen_for(&sc, d, 80, 24, at(9, 0, 1));
	sc.full = 0;
	render(&sc, &t);
	T_EQ_INT(t.bad, 0);
	T_EQ_INT(term_find(&t, "a message that will go"), -1);
	T_EQ_INT(term_find(&t, "a prompt that will go"), -1);
	T_EQ_INT(term_find(&t, "09:00:01"), 0);
	term_free(&t);
	day_free(d);
}

/* ---- the live recorder on a pseudo-terminal ---- */

#define PTY_WAIT_MS	10000

struct pty {
	int	 master, slave;
	pid_t	 pid;
	char	*out;		/* output not yet matched */
	size_t	 len;
	int	 left;		/* the screen was left */
};

/* Reads what the recorder wrote for up to ms; 0 when nothing more. */
static int
pty_read(struct pty *p, int ms)
{
	struct pollfd	pfd = { .fd = p->master, .events = POLLIN };
	char		buf[4096];
	ssize_t		n;

	if (poll(&pfd, 1, ms) <= 0)
		return 0;
	if ((n = read(p->master, buf, sizeof buf)) <= 0)
		return 0;
	p->out = xrealloc(p->out, p->len + (size_t)n + 1);
	memcpy(p->out + p->len, buf, (size_t)n);
	p->len += (size_t)n;
	p->out[p->len] = '\0';
	if (memmem(p->out, p->len, "\033[?1049l", 8) != NULL)
		p->left = 1;
	return 1;
}

/* Waits until the recorder has written want; forgets what came before. */
static int
pty_wait(struct pty *p, const char *want)
{
	char	*at;
	int	 waited;

	for (waited = 0; waited < PTY_WAIT_MS; waited += 50) {
		at = p->len > 0 ? memmem(p->out, p->len, want, strlen(want)) :
		    NULL;
		if (at != NULL) {
			p->len -= (size_t)(at - p->out) + strlen(want);
			memmove(p->out, at + strlen(want), p->len);
			return 1;
		}
		pty_read(p, 50);
	}
	return 0;
}

static void
pty_type(struct pty *p, const char *keys)
{
	T_EQ_INT(write(p->master, keys, strlen(keys)), strlen(keys));
}

/* Starts live_run in a child with the pseudo-terminal as its terminal. */
static int
pty_start(struct pty *p, const char *path, const struct log_header *hdr)
{
	struct winsize	 ws = { .ws_row = 30, .ws_col = 100 };
	struct err	 e = ERR_INIT;
	char		*cause;

	memset(p, 0, sizeof *p);
	if (openpty(&p->master, &p->slave, NULL, NULL, &ws) != 0)
		return -1;
	if ((p->pid = fork()) == -1)
		return -1;
	if (p->pid == 0) {
		close(p->master);
		setsid();
		ioctl(p->slave, TIOCSCTTY, 0);
		dup2(p->slave, 0);
		dup2(p->slave, 1);
		dup2(p->slave, 2);
		if (p->slave > 2)
			close(p->slave);
		if (live_run(path, hdr, &e) != 0) {
			cause = err_text(&e);
			dprintf(2, "live_run: %s\n", cause);
			_exit(err_exit_code(e.code));
		}
		_exit(0);
	}
	return 0;
}

/* Waits for the child to leave; its exit status, or -1. */
static int
pty_finish(struct pty *p)
{
	int	status, waited;

	for (waited = 0; waited < PTY_WAIT_MS; waited += 50) {
		if (waitpid(p->pid, &status, WNOHANG) == p->pid) {
			while (pty_read(p, 50))
				;
			return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
		}
		pty_read(p, 50);
	}
	kill(p->pid, SIGKILL);
	waitpid(p->pid, &status, 0);
	return -1;
}

/* Whether the terminal is back in its cooked mode. */
static int
pty_cooked(struct pty *p)
{
	struct termios	tio;

	if (tcgetattr(p->slave, &tio) != 0)
		return 0;
	return (tio.c_lflag & (ICANON | ECHO | ISIG)) ==
	    (ICANON | ECHO | ISIG);
}

static void
pty_close(struct pty *p)
{
	close(p->master);
	close(p->slave);
	free(p->out);
}

static void
test_live_pty(void)
{
	struct log_header	 hdr;
	struct pty		 p;
	struct day		*d = NULL;
	const struct day_action	*a;
	enum log_status		 status;
	struct stat		 sb;
	off_t			 good, damage;
	char			*dir, *path, *warning = NULL, *cause = NULL;
	int			 exit_code;
	int64_t			 now = clock_wall_ms();

	dir = test_tmpdir();
	CU_ASSERT_PTR_NOT_NULL_FATAL(dir);
	path = xasprintf("%s/live.slog", dir);
	memset(&hdr, 0, sizeof hdr);
	hdr.version = LOG_FORMAT_VERSION;
	hdr.school = (char *)"";
	hdr.head = (char *)"";
	hdr.observer = (char *)"";
	clock_local_date(now, hdr.date);
	hdr.utc_offset = clock_utc_offset(now);
	hdr.tz = (char *)"localtime";
	hdr.recorder = (char *)"shadowlog-record 0.1.0";
	hdr.created = now;
	hdr.scheme = scheme_default();

	if (pty_start(&p, path, &hdr) != 0) {
		/* No pseudo-terminals here: nothing to test. */
		scheme_free(hdr.scheme);
		free(path);
		rmdir(dir);
		free(dir);
		return;
	}
	T_TRUE(pty_wait(&p, "#1 begin  saved"));
	pty_type(&p, "t");
	T_TRUE(pty_wait(&p, "#2 start teachers by head  saved"));
	pty_type(&p, "!hi\r");
	T_TRUE(pty_wait(&p, "#3 note: hi  saved"));
	pty_type(&p, "q");
	T_TRUE(pty_wait(&p, "Quit and end the day? y/n"));
	pty_type(&p, "y");
	T_EQ_INT(pty_finish(&p), 0);
	T_TRUE(p.left);
	T_TRUE(pty_cooked(&p));
	pty_close(&p);

	/* Again: the stopped day resumes; Ctrl-C leaves without a stop. */
	T_EQ_INT(pty_start(&p, path, &hdr), 0);
	T_TRUE(pty_wait(&p, "continuing the day, stopped at"));
	pty_type(&p, "P");
	T_TRUE(pty_wait(&p, "#6 start pupils by other  saved"));
	pty_type(&p, "\003");
	T_EQ_INT(pty_finish(&p), 0);
	T_TRUE(p.left);
	T_TRUE(pty_cooked(&p));
	pty_close(&p);

	/* And again: recovered, the episode still open. */
	T_EQ_INT(pty_start(&p, path, &hdr), 0);
	T_TRUE(pty_wait(&p, "recovered: closed for up to 0m0"));
	T_TRUE(pty_wait(&p, "pupils is still open"));
	kill(p.pid, SIGTERM);
	T_EQ_INT(pty_finish(&p), 0);
	T_TRUE(pty_cooked(&p));
	pty_close(&p);

	T_EQ_INT(stat(path, &sb), 0);
	T_EQ_INT(sb.st_mode & 0777, 0600);
	T_EQ_INT(test_load_day(path, &d, &status, &good, &damage, &warning,
	    &exit_code, &cause), 0);
	if (d != NULL) {
		T_EQ_INT(status, LOG_CLEAN);
		T_EQ_INT(day_nactions(d), 6);
		a = day_action(d, 1);
		T_EQ_INT(a->rec->type, RECORD_START);
		T_EQ_STR(a->rec->group, "teachers");
		T_EQ_INT(a->rec->by, RECORD_BY_HEAD);
		T_EQ_INT(a->rec->session, 1);
		T_EQ_STR(day_action(d, 2)->rec->text, "hi");
		T_EQ_INT(day_action(d, 3)->rec->type, RECORD_STOP);
		T_EQ_INT(day_action(d, 4)->rec->type, RECORD_BEGIN);
		T_EQ_INT(day_action(d, 4)->rec->session, 2);
		T_EQ_INT(day_action(d, 5)->rec->type, RECORD_START);
		T_EQ_INT(day_action(d, 5)->rec->by, RECORD_BY_OTHER);
		T_TRUE(day_state(d)->open);
		day_free(d);
	}
	free(warning);
	free(cause);
	scheme_free(hdr.scheme);
	unlink(path);
	free(path);
	rmdir(dir);
	free(dir);
}

/* ---- the figures: the screen's equal the analyser's ---- */

/* One random action at t, kept if the day accepts it. */
static void
random_action(struct day *d, uint64_t *rnd, int64_t t)
{
	static const char	*groups[] = { "SLT", "teachers", "support staff",
	    "pupils", "parents", "visitors" };
	static const enum record_type types[] = { RECORD_START, RECORD_START,
	    RECORD_START, RECORD_END, RECORD_BRIEF, RECORD_NOTE, RECORD_PAUSE,
	    RECORD_RESUME, RECORD_UNDO, RECORD_REDO, RECORD_RECODE,
	    RECORD_MOVE, RECORD_STOP, RECORD_BEGIN };
	const struct day_action	*a;
	struct record		 rec;
	char			*cause = NULL;
	size_t			 n = day_nactions(d);

	memset(&rec, 0, sizeof rec);
	rec.type = types[test_rnd(rnd, sizeof types / sizeof types[0])];
	rec.seq = day_next_seq(d);
	rec.t = t;
	rec.group = groups[test_rnd(rnd, 6)];
	rec.by = test_rnd(rnd, 2) ? RECORD_BY_HEAD : RECORD_BY_OTHER;
	rec.text = "n";
	if (rec.type == RECORD_RECODE || rec.type == RECORD_MOVE) {
		a = day_action(d, test_rnd(rnd, (uint32_t)n));
		rec.target = a->rec->seq;
		rec.to = a->at - 1000 * (int64_t)test_rnd(rnd, 120);
	}
	if (t_cause(day_apply(d, &rec, t_err()), &cause) != 0)
		free(cause);	/* not every random action may go */
}

/* The figures the screen draws at 250x60, read back from the screen. */
static void
screen_read_figures(struct day *d, int64_t now, size_t *eps, size_t *brief,
    char spans[][32], char *observed)
{
	const struct scheme	*s = day_header(d)->scheme;
	struct screen		 sc;
	struct term		 t;
	char			*all, *p, want[128];
	size_t			 i;

	screen_for(&sc, d, 250, 60, now);
	term_init(&t, 250, 60);
	render(&sc, &t);
	all = term_text(&t);
	observed[0] = '\0';
	if ((p = strstr(all, "today: observed ")) != NULL)
		sscanf(p, "today: observed %31s", observed);
	for (i = 0; i < s->ngroups; i++) {
		eps[i] = brief[i] = (size_t)-1;
		spans[i][0] = '\0';
		snprintf(want, sizeof want, "\n  %s ", s->groups[i].name);
		if ((p = strstr(all, want)) != NULL)
			sscanf(p + strlen(want), "%zu/%zu %31s", &eps[i],
			    &brief[i], spans[i]);
	}
	free(all);
	term_free(&t);
}

/* Over random days (undo, redo, recodes and moves included) the screen
 * shows each group's episodes, brief contacts and time, and the observed
 * time, as the analyser computes them from the same log. */
static void
test_figures_random(void)
{
	struct day		*d;
	struct timeline		 tl;
	struct summary		 sum;
	uint64_t		 rnd = 0x5eed1234abcdULL;
	size_t			 eps[SCHEME_MAX_GROUPS], brief[SCHEME_MAX_GROUPS];
	char			 spans[SCHEME_MAX_GROUPS][32], observed[32];
	char			 want[32];
	int64_t			 t;
	size_t			 i, g, k, bad = 0, checked = 0, nonzero = 0;

	for (i = 0; i < 300; i++) {
		d = test_day("Random");
		add(d, RECORD_BEGIN, at(8, 0, 0), NULL, RECORD_BY_UNKNOWN);
		t = at(8, 0, 0);
		for (k = 0; k < 5 + test_rnd(&rnd, 60); k++) {
			t += 1000 * (int64_t)(1 + test_rnd(&rnd, 900));
			random_action(d, &rnd, t);
		}
		timeline_from_day(d, &tl);
		summary_compute(&tl, SUMMARY_GROUPS, &sum);
		/* "Now" is where the analyser's day ends (its last action
		 * that is not a review record): nothing carried on. */
		screen_read_figures(d, midnight + tl.end, eps, brief, spans,
		    observed);
		screen_span(sum.observed_ms, want);
		if (strcmp(observed, want) != 0 && bad++ == 0)
			fprintf(stderr, "\n  day %zu: screen observed %s, "
			    "analyser %s\n", i, observed, want);
		for (g = 0; g + 1 < sum.ngroups; g++) {
			screen_span(sum.groups[g].ms, want);
			if (eps[g] != sum.groups[g].episodes ||
			    brief[g] != sum.groups[g].brief ||
			    strcmp(spans[g], want) != 0) {
				if (bad++ == 0)
					fprintf(stderr, "\n  day %zu group %zu: "
					    "screen %zu/%zu %s, analyser "
					    "%zu/%zu %s\n", i, g, eps[g],
					    brief[g], spans[g],
					    sum.groups[g].episodes,
					    sum.groups[g].brief, want);
			}
			nonzero += sum.groups[g].episodes > 0;
			checked++;
		}
		summary_free(&sum);
		timeline_free(&tl);
		day_free(d);
	}
	T_EQ_INT(bad, 0);
	T_EQ_INT(checked, 300 * 6);
	T_TRUE(nonzero > 300);	/* the days were not empty */
}

/* Wide characters and emoji take two columns each: "saved" stays in view
 * on a 60-column screen. */
static void
test_wide(void)
{
	struct day	*d = test_day("");
	struct screen	 sc;
	struct record	 rec;
	char		*out, *line, *end;
	wchar_t		 wbuf[256];
	size_t		 len;
	int		 w;

	if (setlocale(LC_CTYPE, "C.UTF-8") == NULL) {
		day_free(d);
		CU_FAIL("no C.UTF-8 locale");
		return;
	}
	add(d, RECORD_BEGIN, at(8, 0, 0), NULL, RECORD_BY_UNKNOWN);
	memset(&rec, 0, sizeof rec);
	rec.type = RECORD_NOTE;
	rec.t = at(8, 1, 0);
	rec.text = "校長と教頭の打ち合わせ🎉🎉 会議室で長い話し合いがあった";
	add_rec(d, &rec);
	screen_for(&sc, d, 60, 20, at(8, 2, 0));
	out = screen_render(&sc, &len);
	line = strstr(out, "08:01:00  #2 note: ");
	T_TRUE(line != NULL);
	if (line != NULL) {
		end = strchr(line, '\033');
		if (end != NULL)
			*end = '\0';
		T_TRUE(strlen(line) > 5 &&
		    strcmp(line + strlen(line) - 5, "saved") == 0);
		T_TRUE(mbstowcs(wbuf, line, 256) != (size_t)-1);
		w = wcswidth(wbuf, 256);
		T_TRUE(w > 50 && w <= 60);
	}
	free(out);
	setlocale(LC_CTYPE, "C");
	day_free(d);
}

/* 30x8: the state, the prompt with its label, the last action and the
 * legend are kept, in that order of importance. */
static void
test_tiny(void)
{
	struct day	*d = busy_day();
	struct screen	 sc;
	struct term	 t;
	char		*all;

	screen_for(&sc, d, 30, 8, at(9, 0, 0));
	sc.prompt = "Person: T0";
	sc.cursor = 1;
	sc.message = "a long message that would take the whole of a small "
	    "screen if it could";
	term_init(&t, 30, 8);
	render(&sc, &t);
	T_EQ_INT(t.bad, 0);
	T_EQ_INT(t.overflow, 0);
	all = term_text(&t);
	T_HAS_STR(all, "WITH parents");
	T_HAS_STR(all, "Person: T0");
	T_HAS_STR(all, "#13 brief");
	T_HAS_STR(all, "s/S SLT");
	T_HAS_STR(all, "Space end");
	free(all);
	term_free(&t);
	day_free(d);
}

/* A dimension's nine values at 40x12 (a list that does not fit after its
 * label starts a line of its own and outranks the label's rest and the
 * header); at 30x8 a message outranks the list. */
static void
test_nine_values(void)
{
	static const char *const values[] = { "1 teaching and learning",
	    "2 behaviour", "3 staffing", "4 finance and premises",
	    "5 parents and community", "6 safeguarding", "7 strategy",
	    "8 pupil welfare", "9 administration" };
	struct day	*d = busy_day();
	struct screen	 sc;
	struct term	 t;
	char		*all;
	size_t		 i;

	screen_for(&sc, d, 40, 12, at(9, 0, 0));
	sc.prompt = "purpose (a number and Enter picks; empty clears; Esc "
	    "cancels):  1 teaching and learning  2 behaviour  3 staffing  "
	    "4 finance and premises  5 parents and community  "
	    "6 safeguarding  7 strategy  8 pupil welfare  "
	    "9 administration\npurpose: ";
	sc.cursor = 1;
	term_init(&t, 40, 12);
	render(&sc, &t);
	T_EQ_INT(t.bad, 0);
	T_EQ_INT(t.overflow, 0);
	all = term_text(&t);
	for (i = 0; i < sizeof values / sizeof values[0]; i++)
		T_HAS_STR(all, values[i]);
	T_HAS_STR(all, "\n1 teaching and learning  2 behaviour\n");
	T_HAS_STR(all, "purpose (a number and Enter picks; empty\n");
	T_HAS_STR(all, "WITH parents");
	T_HAS_STR(all, "#13 brief");
	T_HAS_STR(all, "s/S SLT");
	T_TRUE(strstr(all, "Esc cancels):") == NULL);	/* gave way */
	free(all);
	term_free(&t);

	screen_for(&sc, d, 30, 8, at(9, 0, 0));
	sc.prompt = "purpose (a number and Enter picks; empty clears; Esc "
	    "cancels):  1 teaching and learning  2 behaviour\npurpose: 7";
	sc.cursor = 1;
	sc.message = "purpose has no value 7";
	term_init(&t, 30, 8);
	render(&sc, &t);
	all = term_text(&t);
	T_HAS_STR(all, "purpose has no value 7");
	T_HAS_STR(all, "purpose: 7");
	T_HAS_STR(all, "\n#13 brief");	/* below 40 columns, no time */
	T_TRUE(strstr(all, "teaching") == NULL);
	free(all);
	term_free(&t);
	day_free(d);
}

/* 30x8 with room for some of the recent actions: the newest ones, with
 * none skipped between them. */
static void
test_tiny_recent(void)
{
	struct day	*d = busy_day();
	struct screen	 sc;
	struct term	 t;
	char		*all, *p;
	unsigned long	 seq, last = 0;
	int		 shown = 0, gap = 0;

	screen_for(&sc, d, 30, 8, at(9, 0, 0));
	term_init(&t, 30, 8);
	render(&sc, &t);
	all = term_text(&t);
	/* Below 40 columns an action's line begins with its #SEQ. */
	for (p = all; (p = strstr(p, "\n#")) != NULL; p += 2) {
		if (p[2] < '0' || p[2] > '9')
			continue;	/* the legend's "# person" */
		seq = strtoul(p + 2, NULL, 10);
		if (shown > 0 && seq != last + 1)
			gap = 1;
		last = seq;
		shown++;
	}
	T_TRUE(shown >= 2);
	T_EQ_INT(gap, 0);
	T_EQ_INT((int)last, 13);
	free(all);
	term_free(&t);
	day_free(d);
}

void
screen_test_register(void)
{
	CU_pSuite	s;

	s = CU_add_suite("screen", NULL, NULL);
	CU_add_test(s, "times, durations, clean text", test_formats);
	CU_add_test(s, "alone", test_alone);
	CU_add_test(s, "an episode and its details", test_episode);
	CU_add_test(s, "paused, undone, stopped", test_paused_and_undo);
	CU_add_test(s, "actions not saved and the warning", test_unsaved);
	CU_add_test(s, "hostile text from the log", test_hostile);
	CU_add_test(s, "40x12 and smaller", test_small);
	CU_add_test(s, "200x60", test_large);
	CU_add_test(s, "prompt and cursor", test_prompt_cursor);
	CU_add_test(s, "a redraw leaves nothing behind", test_redraw_clears);
	CU_add_test(s, "live recorder on a pseudo-terminal", test_live_pty);
	CU_add_test(s, "the analyser's figures over random days",
	    test_figures_random);
	CU_add_test(s, "wide characters by wcwidth", test_wide);
	CU_add_test(s, "30x8 keeps what matters", test_tiny);
	CU_add_test(s, "30x8 keeps the newest actions", test_tiny_recent);
	CU_add_test(s, "a dimension's nine values at 40x12",
	    test_nine_values);
	CU_add_test(s, "figures kept between redraws are never stale",
	    test_figures_kept);
}
