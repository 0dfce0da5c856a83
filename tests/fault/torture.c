/*
 * Kill torture for the live recorder: drives it through a pseudo-terminal
 * with a scripted, seeded day and SIGKILLs it at random moments (by timer,
 * or from inside its write and fsync with tests/fault/shim.so), then checks
 * that every action the screen confirmed as saved is in the log, with the
 * content keyed, and carries on the day in the next run.  The easy thing to
 * get wrong: the log may hold actions the screen never confirmed (killed
 * after the write, before the screen), so the day is re-read from the log
 * after each kill, and only confirmed actions are required.
 *
 * usage: torture REC SHIM LOG [KILLS [SECONDS [SEED]]]
 * Prints one line per failure, a summary of the figures, and writes
 * LOG.expected: the records it keyed, as tests/decode.py prints them.
 */
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <poll.h>
#include <pty.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "clock.h"
#include "day.h"
#include "err.h"
#include "logfile.h"
#include "record.h"
#include "scheme.h"
#include "xmalloc.h"

#define TORTURE_WAIT_MS		5000	/* longest wait for a confirmation */
#define TORTURE_TEXT		64

/* What was keyed for one seq. */
struct expect {
	int		 set;
	int		 confirmed;	/* the screen said saved */
	enum record_type type;
	char		 group[TORTURE_TEXT];
	enum record_by	 by;
	char		 person[TORTURE_TEXT];
	char		 text[TORTURE_TEXT];
	uint64_t	 undoes;
};

/* The pty's output, parsed for "HH:MM:SS  #SEQ ...  saved". */
struct screen {
	char		 seg[2048];
	size_t		 len;
	int		 esc;		/* 0, 1 after ESC, 2 inside CSI */
	uint64_t	 max_saved;
	int		 repaired;	/* "repaired:" was shown */
	char		 last[4096];	/* recent text, for failure reports */
	size_t		 nlast;
};

enum kill_kind {
	KILL_STARTUP,		/* by timer, while starting */
	KILL_TIMER,		/* by timer, just after a key */
	KILL_IDLE,		/* by timer, all confirmed */
	KILL_WRITE_BEFORE,	/* by the shim, inside write(2) */
	KILL_WRITE_MID,
	KILL_WRITE_AFTER,
	KILL_FSYNC_BEFORE,	/* inside fsync(2) */
	KILL_FSYNC_AFTER,
	KILL_NKINDS
};

static const char *const kill_names[KILL_NKINDS] = {
	"timer at start-up", "timer after a key", "timer while idle",
	"inside write, before the bytes", "inside write, half the bytes",
	"inside write, after the bytes", "inside fsync, before",
	"inside fsync, after"
};

static const char	*rec_path, *shim_path, *log_path;
static struct expect	*expects;
static size_t		 nexpects;
static unsigned long	 failures, kills[KILL_NKINDS], checks, quits;
static unsigned long	 repairs, keys_sent, creates;
static uint64_t		 confirmed_max;
static uint64_t		 rng_state;

static uint32_t
rng(void)
{
	/* xorshift64*: the same day for the same seed. */
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return (uint32_t)((rng_state * 2685821657736338717ULL) >> 32);
}

static unsigned
rnd(unsigned n)
{
	return n == 0 ? 0 : rng() % n;
}

static int64_t
now_ms(void)
{
	struct timespec	ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void fail(const char *, ...) __attribute__((format(printf, 1, 2)));

static void
fail(const char *fmt, ...)
{
	va_list	ap;

	failures++;
	printf("not ok - ");
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
	fflush(stdout);
}

static struct expect *
expect_at(uint64_t seq)
{
	size_t	n;

	if (seq >= nexpects) {
		n = seq + 64;
		expects = xreallocarray(expects, n, sizeof *expects);
		memset(expects + nexpects, 0, (n - nexpects) * sizeof *expects);
		nexpects = n;
	}
	return &expects[seq];
}

/* ---- the screen ---- */

static void
screen_segment(struct screen *s)
{
	const char	*p;
	char		*end;
	uint64_t	 seq;

	s->seg[s->len] = '\0';
	if (strstr(s->seg, "repaired:") != NULL)
		s->repaired = 1;
	if (s->len > 7 && strcmp(s->seg + s->len - 7, "  saved") == 0 &&
	    (p = strstr(s->seg, "  #")) != NULL) {
		seq = strtoull(p + 3, &end, 10);
		if (end != p + 3 && *end == ' ' && seq > s->max_saved)
			s->max_saved = seq;
	}
	s->len = 0;
}

static void
screen_feed(struct screen *s, const char *buf, size_t n)
{
	unsigned char	c;
	size_t		i;

	for (i = 0; i < n; i++) {
		c = (unsigned char)buf[i];
		if (s->nlast == sizeof s->last) {
			memmove(s->last, s->last + 1024, sizeof s->last - 1024);
			s->nlast -= 1024;
		}
		s->last[s->nlast++] = c >= 0x20 || c == '\n' ? (char)c : ' ';
		if (s->esc == 1) {
			s->esc = c == '[' ? 2 : 0;
			continue;
		}
		if (s->esc == 2) {
			if (c >= 0x40 && c <= 0x7e)
				s->esc = 0;
			continue;
		}
		if (c == 0x1b) {
			screen_segment(s);
			s->esc = 1;
		} else if (c == '\r' || c == '\n')
			screen_segment(s);
		else if (s->len < sizeof s->seg - 1)
			s->seg[s->len++] = (char)c;
	}
}

/* The last text shown, for a failure report. */
static const char *
screen_tail(struct screen *s)
{
	static char	buf[600];
	size_t		from = s->nlast > 500 ? s->nlast - 500 : 0;

	memcpy(buf, s->last + from, s->nlast - from);
	buf[s->nlast - from] = '\0';
	return buf;
}

/* ---- the recorder on a pty ---- */

struct child {
	pid_t		 pid;
	int		 master;
	int		 dead;
	int		 status;
	struct screen	 screen;
};

static void
child_start(struct child *c, enum kill_kind shim_kill, unsigned nth)
{
	struct winsize	ws = { .ws_row = 40, .ws_col = 120 };
	const char	*asan;
	char		*dir, *slash, *opts;
	char		 n[16];

	memset(&c->screen, 0, sizeof c->screen);
	c->dead = 0;
	c->pid = forkpty(&c->master, NULL, NULL, &ws);
	if (c->pid == -1) {
		perror("forkpty");
		exit(99);
	}
	if (c->pid != 0) {
		fcntl(c->master, F_SETFL, O_NONBLOCK);
		return;
	}
	setenv("TERM", "xterm", 1);
	if (shim_kill >= KILL_WRITE_BEFORE) {
		dir = xstrdup(log_path);
		if ((slash = strrchr(dir, '/')) != NULL)
			*slash = '\0';
		snprintf(n, sizeof n, "%u", nth);
		setenv("LD_PRELOAD", shim_path, 1);
		setenv("SHIM_PREFIX", dir, 1);
		setenv("SHIM_NTH", n, 1);
		setenv("SHIM_CALL", shim_kill <= KILL_WRITE_AFTER ? "write" :
		    "fsync", 1);
		setenv("SHIM_KILL", shim_kill == KILL_WRITE_BEFORE ||
		    shim_kill == KILL_FSYNC_BEFORE ? "before" :
		    shim_kill == KILL_WRITE_MID ? "mid" : "after", 1);
		asan = getenv("ASAN_OPTIONS");
		opts = xasprintf("%s%sverify_asan_link_order=0",
		    asan != NULL ? asan : "", asan != NULL ? ":" : "");
		setenv("ASAN_OPTIONS", opts, 1);
	}
	execl(rec_path, rec_path, "--school", "Torture School", log_path,
	    (char *)NULL);
	perror(rec_path);
	_exit(127);
}

/* Reads what the recorder wrote, for up to ms milliseconds (0: what is
 * there now); notes its death. */
static void
child_read(struct child *c, int ms)
{
	struct pollfd	pfd = { .fd = c->master, .events = POLLIN };
	char		buf[8192];
	ssize_t		n;

	if (c->dead)
		return;
	if (poll(&pfd, 1, ms) <= 0)
		goto reap;
	for (;;) {
		n = read(c->master, buf, sizeof buf);
		if (n > 0) {
			screen_feed(&c->screen, buf, (size_t)n);
			continue;
		}
		if (n < 0 && errno == EINTR)
			continue;
		break;
	}
reap:
	if (waitpid(c->pid, &c->status, WNOHANG) == c->pid)
		c->dead = 1;
}

/* Kills the recorder (if still alive), reads the rest of its output and
 * closes the pty. */
static void
child_end(struct child *c, int do_kill)
{
	char	buf[8192];
	ssize_t	n;

	if (!c->dead && do_kill)
		kill(c->pid, SIGKILL);
	if (!c->dead) {
		while (waitpid(c->pid, &c->status, 0) == -1 && errno == EINTR)
			;
		c->dead = 1;
	}
	/* The pty keeps what was written before the death. */
	fcntl(c->master, F_SETFL, O_NONBLOCK);
	while ((n = read(c->master, buf, sizeof buf)) > 0)
		screen_feed(&c->screen, buf, (size_t)n);
	screen_segment(&c->screen);
	close(c->master);
}

/* Waits until seq is shown saved; 0, or -1 if the recorder died or the
 * wait ran out. */
static int
child_wait_saved(struct child *c, uint64_t seq)
{
	int64_t	until = now_ms() + TORTURE_WAIT_MS;

	while (c->screen.max_saved < seq) {
		if (c->dead || now_ms() > until)
			return -1;
		child_read(c, 20);
	}
	return 0;
}

/* ---- the log ---- */

static int
same(const char *a, const char *b)
{
	return strcmp(a != NULL ? a : "", b != NULL ? b : "") == 0;
}

/* Whether the record from the log is what was keyed. */
static int
expect_matches(const struct expect *e, const struct record *r)
{
	if (r->type != e->type)
		return 0;
	switch (r->type) {
	case RECORD_START:
	case RECORD_BRIEF:
		return same(r->group, e->group) && r->by == e->by;
	case RECORD_SET:
		return same(r->person, e->person) && r->by == e->by;
	case RECORD_NOTE:
		return same(r->text, e->text);
	case RECORD_UNDO:
		return r->undoes == e->undoes;
	default:
		return 1;
	}
}

/*
 * Reads the log after a run and checks it against what was keyed: every
 * confirmed action there, every record there one that was keyed.  Forgets
 * what was keyed past the log's end (it was never saved).  *day gets the
 * day as read (NULL if there is no log).
 */
static int
log_check(struct day **day, off_t *good_len, off_t *size, int *torn)
{
	const struct day_action	*a;
	struct stat		 sb;
	struct expect		*e;
	struct day_loaded	 how;
	struct err		 err = ERR_INIT;
	uint64_t		 last = 0, seq;
	size_t			 i;
	int			 bad = 0;

	*day = NULL;
	*torn = 0;
	if (stat(log_path, &sb) != 0) {
		if (confirmed_max > 0) {
			fail("the log has gone after a kill");
			return -1;
		}
		return 0;
	}
	*size = sb.st_size;
	if (day_load(log_path, day, &how, &err) != 0) {
		fail("the log cannot be read after a kill (exit %d): %s",
		    err_exit_code(err.code), err.msg);
		err_clear(&err);
		return -1;
	}
	free(how.warning);
	*good_len = how.good_len;
	if (how.status == LOG_CORRUPT) {
		fail("damage in the middle of the log after a kill");
		return -1;
	}
	*torn = how.status == LOG_TORN;
	for (i = 0; i < day_nactions(*day); i++) {
		a = day_action(*day, i);
		seq = a->rec->seq;
		e = expect_at(seq);
		if (!e->set || !expect_matches(e, a->rec)) {
			fail("seq %" PRIu64 " in the log (%s) is not what was "
			    "keyed", seq, record_type_name(a->rec->type));
			bad = 1;
		} else if (e->confirmed)
			checks++;
		last = seq;
	}
	for (seq = 1; seq < nexpects; seq++) {
		e = &expects[seq];
		if (seq <= last) {
			if (e->set && day_seq_index(*day, seq) < 0) {
				fail("seq %" PRIu64 " missing from the log", seq);
				bad = 1;
			}
			continue;
		}
		if (e->confirmed) {
			fail("seq %" PRIu64 " was shown saved but is not in the "
			    "log (it ends at %" PRIu64 ")", seq, last);
			bad = 1;
		}
		memset(e, 0, sizeof *e);
	}
	return bad ? -1 : 0;
}

/* Reads bytes [from, to) of path; the caller frees. */
static char *
read_range(const char *path, off_t from, off_t to)
{
	char	*buf;
	int	 fd;

	buf = xmalloc((size_t)(to - from) + 1);
	if ((fd = open(path, O_RDONLY)) == -1 ||
	    pread(fd, buf, (size_t)(to - from), from) != to - from) {
		if (fd != -1)
			close(fd);
		free(buf);
		return NULL;
	}
	close(fd);
	return buf;
}

/* After a repair: the newest side file holds exactly the torn bytes. */
static void
check_side_file(const char *torn, off_t len)
{
	struct stat	 sb;
	char		*name = NULL, *next, *got;
	int		 k;

	for (k = 1; k <= 1000; k++) {
		next = xasprintf("%s.damaged-%d", log_path, k);
		if (stat(next, &sb) != 0) {
			free(next);
			break;
		}
		free(name);
		name = next;
	}
	if (name == NULL) {
		fail("torn tail repaired, but no side file kept");
		return;
	}
	if (stat(name, &sb) != 0 || sb.st_size != len ||
	    (got = read_range(name, 0, len)) == NULL) {
		fail("%s does not hold the %lld torn bytes", name,
		    (long long)len);
		free(name);
		return;
	}
	if (memcmp(got, torn, (size_t)len) != 0)
		fail("%s differs from the torn bytes", name);
	free(got);
	free(name);
}

/* ---- keys ---- */

/* A key's bytes and the records it makes, predicted on a copy of the
 * day's rules.  Returns the number of records (0: choose again). */
static int
key_choose(struct day *model, uint64_t session, char *bytes,
    struct expect *out, unsigned *nout)
{
	const struct day_state	*st = day_state(model);
	const struct scheme	*s = day_header(model)->scheme;
	struct record		 rec[2];
	struct err		 e = ERR_INIT;
	char			 text[TORTURE_TEXT];
	unsigned		 pick = rnd(100), n = 0, i, g;
	uint64_t		 seq;
	int			 upper;

	memset(rec, 0, sizeof rec);
	g = rnd((unsigned)s->ngroups);
	upper = rnd(2);
	text[0] = '\0';
	if (pick < 30) {		/* a group key: start */
		/* Paused, only Tab resumes; a start of the open group this
		 * soon is a double tap (live.c): neither makes a record.
		 * The margin covers the recorder's clock against ours. */
		if (st->paused || (st->open && st->episode.group == (int)g &&
		    clock_wall_ms() - st->episode.since < 1500))
			return 0;
		rec[n].type = RECORD_START;
		rec[n].group = s->groups[g].name;
		rec[n++].by = upper ? RECORD_BY_OTHER : RECORD_BY_HEAD;
		sprintf(bytes, "%c", upper ? s->groups[g].key - 'a' + 'A' :
		    s->groups[g].key);
	} else if (pick < 45) {		/* Space: end */
		if (!st->open || st->paused)
			return 0;
		rec[n++].type = RECORD_END;
		strcpy(bytes, " ");
	} else if (pick < 55) {		/* '/' and a group key: brief */
		if (st->paused)
			return 0;
		rec[n].type = RECORD_BRIEF;
		rec[n].group = s->groups[g].name;
		rec[n++].by = upper ? RECORD_BY_OTHER : RECORD_BY_HEAD;
		sprintf(bytes, "/%c", upper ? s->groups[g].key - 'a' + 'A' :
		    s->groups[g].key);
	} else if (pick < 65) {		/* '#' CODE Enter: person */
		if (!st->open || st->paused)
			return 0;
		snprintf(text, sizeof text, "P%u", rnd(100));
		if (st->episode.person != NULL &&
		    strcmp(st->episode.person, text) == 0)
			return 0;	/* unchanged: nothing written */
		rec[n].type = RECORD_SET;
		rec[n++].person = text;
		sprintf(bytes, "#%s\r", text);
	} else if (pick < 70) {		/* '~': who began it */
		if (!st->open || st->paused)
			return 0;
		rec[n].type = RECORD_SET;
		rec[n++].by = st->episode.by == RECORD_BY_OTHER ?
		    RECORD_BY_HEAD : RECORD_BY_OTHER;
		strcpy(bytes, "~");
	} else if (pick < 78) {		/* '!' text Enter: note */
		snprintf(text, sizeof text, "note %u of the day", rnd(10000));
		rec[n].type = RECORD_NOTE;
		rec[n++].text = text;
		sprintf(bytes, "!%s\r", text);
	} else if (pick < 88) {		/* Tab: pause or resume */
		rec[n++].type = st->paused ? RECORD_RESUME : RECORD_PAUSE;
		strcpy(bytes, "\t");
	} else {			/* Backspace: undo */
		seq = day_undo_target(model);
		/* Never into an earlier sitting (nor so over its stop). */
		if (seq == 0 || day_action(model, (size_t)day_seq_index(model,
		    seq))->rec->session != session)
			return 0;
		rec[n].type = RECORD_UNDO;
		rec[n++].undoes = day_undo_target(model);
		strcpy(bytes, "\177");
	}

	/* On a stopped day the first action writes the begin that resumes
	 * it, just before itself. */
	if (st->stopped && n == 1 && (rec[0].type == RECORD_START ||
	    rec[0].type == RECORD_BRIEF || rec[0].type == RECORD_NOTE ||
	    rec[0].type == RECORD_PAUSE)) {
		rec[1] = rec[0];
		memset(&rec[0], 0, sizeof rec[0]);
		rec[0].type = RECORD_BEGIN;
		n = 2;
	}
	for (i = 0; i < n; i++) {
		rec[i].seq = day_next_seq(model);
		rec[i].t = clock_wall_ms();
		rec[i].has_mono = 1;
		rec[i].mono = clock_mono_ms();
		rec[i].session = session;
		if (day_apply(model, &rec[i], &e) != 0) {
			/* Only the first can be refused (a resume never
			 * stops the start after it). */
			err_clear(&e);
			return 0;
		}
		memset(&out[i], 0, sizeof out[i]);
		out[i].set = 1;
		out[i].type = rec[i].type;
		out[i].by = rec[i].by;
		out[i].undoes = rec[i].undoes;
		snprintf(out[i].group, sizeof out[i].group, "%s",
		    rec[i].group != NULL ? rec[i].group : "");
		snprintf(out[i].person, sizeof out[i].person, "%s",
		    rec[i].person != NULL ? rec[i].person : "");
		snprintf(out[i].text, sizeof out[i].text, "%s",
		    rec[i].text != NULL ? rec[i].text : "");
	}
	*nout = n;
	return (int)n;
}

/* ---- one run of the recorder ---- */

/* Marks as confirmed every seq up to what the screen said was saved. */
static void
confirm(const struct child *c)
{
	uint64_t	seq;

	for (seq = 1; seq <= c->screen.max_saved && seq < nexpects; seq++) {
		if (expects[seq].set && !expects[seq].confirmed) {
			expects[seq].confirmed = 1;
			if (seq > confirmed_max)
				confirmed_max = seq;
		}
	}
}

/* Runs the recorder once and ends it (final: no kill, a few keys and q y
 * end the day); 0, or -1 to stop the torture. */
static int
run_once(int final)
{
	struct child	 c;
	struct day	*day = NULL, *model = NULL;
	struct expect	 out[2];
	enum kill_kind	 plan;
	off_t		 good_len = 0, size = 0;
	char		 bytes[TORTURE_TEXT + 4], *torn_bytes = NULL;
	struct day_loaded how;
	struct err	 err = ERR_INIT;
	uint64_t	 ready, session, seq;
	unsigned	 nkeys, k, nout, i, plan_pick, nth = 0;
	int		 torn, quit = 0, ret = 0;

	if (log_check(&day, &good_len, &size, &torn) != 0) {
		day_free(day);
		return -1;
	}
	if (torn)
		torn_bytes = read_range(log_path, good_len, size);

	/* What the recorder does first: a begin for a new log (or one whose
	 * creation was cut short); nothing for a day under way or stopped
	 * (its first action writes the begin). */
	if (day == NULL) {
		ready = 1;
		session = 1;
	} else {
		session = day_last_session(day) + 1;
		ready = day_next_seq(day) - 1;
		if (day_nactions(day) == 0)
			ready++;
	}
	if (day == NULL || ready == day_next_seq(day)) {
		memset(&out[0], 0, sizeof out[0]);
		out[0].set = 1;
		out[0].type = RECORD_BEGIN;
		*expect_at(ready) = out[0];
	}
	day_free(day);

	plan_pick = rnd(100);
	if (plan_pick < 8)
		plan = KILL_STARTUP;
	else if (plan_pick < 40)
		plan = KILL_TIMER;
	else if (plan_pick < 48)
		plan = KILL_IDLE;
	else {
		plan = KILL_WRITE_BEFORE + rnd(5);
		nth = 1 + rnd(plan >= KILL_FSYNC_BEFORE ? 6 : 5);
	}
	quit = plan != KILL_STARTUP && rnd(100) < 3;
	nkeys = rnd(9);
	if (final) {
		plan = KILL_IDLE;
		quit = 1;
		nkeys = 3;
	}

	child_start(&c, plan, nth);
	if (plan == KILL_STARTUP) {
		usleep(rnd(30000));
		child_read(&c, 0);
		goto end;
	}
	if (child_wait_saved(&c, ready) != 0) {
		if (c.dead && plan >= KILL_WRITE_BEFORE &&
		    WIFSIGNALED(c.status))
			goto end;	/* the shim killed it starting up */
		child_end(&c, 1);
		fail("the recorder did not start (plan: %s): %s",
		    kill_names[plan], screen_tail(&c.screen));
		ret = -1;
		goto out;
	}
	if (torn) {
		if (!c.screen.repaired)
			fail("a torn tail was not reported as repaired");
		check_side_file(torn_bytes, size - good_len);
		repairs++;
	}
	/* The model: the day as the recorder has it now (it is idle). */
	if (day_load(log_path, &model, &how, &err) != 0) {
		fail("the log cannot be read while the recorder runs: %s",
		    err.msg);
		err_clear(&err);
		child_end(&c, 1);
		ret = -1;
		goto out;
	}
	free(how.warning);
	confirm(&c);

	for (k = 0; k <= nkeys && !c.dead; k++) {
		if (k == nkeys && quit) {
			*expect_at(day_next_seq(model)) = (struct expect){
			    .set = 1, .type = RECORD_STOP };
			seq = day_next_seq(model);
			strcpy(bytes, "qy");
			nout = 0;
		} else {
			for (i = 0; i < 20; i++) {
				if (key_choose(model, session, bytes, out,
				    &nout) > 0)
					break;
			}
			if (i == 20)
				break;
			seq = day_next_seq(model) - nout;
			for (i = 0; i < nout; i++)
				*expect_at(seq + i) = out[i];
			seq += nout - 1;
		}
		if (write(c.master, bytes, strlen(bytes)) < 0)
			break;
		keys_sent++;
		if (k == nkeys && plan == KILL_TIMER && !quit) {
			/* Kill at a random moment around the write and
			 * the fsync of this key's record. */
			usleep(rnd(4000));
			child_read(&c, 0);
			goto end;
		}
		if (k == nkeys && quit)
			break;
		if (child_wait_saved(&c, seq) != 0) {
			if (c.dead)
				break;
			child_end(&c, 1);
			confirm(&c);
			fail("#%" PRIu64 " never shown saved (plan: %s): %s",
			    seq, kill_names[plan], screen_tail(&c.screen));
			ret = -1;
			goto out;
		}
		confirm(&c);
	}
	if (quit && k == nkeys) {
		/* q y: the recorder ends the day and exits by itself. */
		int64_t until = now_ms() + TORTURE_WAIT_MS;

		while (!c.dead && now_ms() < until)
			child_read(&c, 20);
		child_end(&c, 1);
		confirm(&c);
		if (plan >= KILL_WRITE_BEFORE && WIFSIGNALED(c.status) &&
		    WTERMSIG(c.status) == SIGKILL)
			kills[plan]++;	/* the shim killed it in the stop */
		else if (!WIFEXITED(c.status) || WEXITSTATUS(c.status) != 0)
			fail("q y did not end the recorder with exit 0");
		else
			quits++;
		goto out;
	}
end:
	/* A shim plan whose call never came ends as an idle kill. */
	if (plan >= KILL_WRITE_BEFORE && !c.dead)
		child_read(&c, 0);
	if (plan >= KILL_WRITE_BEFORE && !c.dead)
		plan = KILL_IDLE;
	child_end(&c, 1);
	confirm(&c);
	if (WIFSIGNALED(c.status) && WTERMSIG(c.status) == SIGKILL)
		kills[plan]++;
	else if (WIFEXITED(c.status))
		fail("the recorder exited %d instead of being killed "
		    "(plan: %s): %s", WEXITSTATUS(c.status), kill_names[plan],
		    screen_tail(&c.screen));
out:
	day_free(model);
	free(torn_bytes);
	return ret;
}

/*
 * Kills while the log is being created, at each write and fsync of it:
 * the next start must create or continue the day, never find a log it
 * cannot open.
 */
static void
create_torture(void)
{
	static const struct {
		enum kill_kind	 kind;
		unsigned	 nth;
	} at[] = {
		{ KILL_WRITE_BEFORE, 1 }, { KILL_WRITE_MID, 1 },
		{ KILL_WRITE_AFTER, 1 }, { KILL_FSYNC_BEFORE, 1 },
		{ KILL_FSYNC_AFTER, 1 }, { KILL_FSYNC_BEFORE, 2 },
		{ KILL_FSYNC_AFTER, 2 }, { KILL_WRITE_MID, 2 },
		{ KILL_FSYNC_BEFORE, 3 }
	};
	const char		*main_path = log_path;
	struct child		 c;
	struct day		*day;
	struct day_loaded	 how;
	struct err		 err = ERR_INIT;
	char			*path;
	int64_t			 until;
	size_t			 i;

	for (i = 0; i < sizeof at / sizeof at[0]; i++) {
		path = xasprintf("%s.create-%zu", main_path, i);
		log_path = path;
		child_start(&c, at[i].kind, at[i].nth);
		until = now_ms() + TORTURE_WAIT_MS;
		while (!c.dead && now_ms() < until)
			child_read(&c, 20);
		child_end(&c, 1);
		if (WIFSIGNALED(c.status) && WTERMSIG(c.status) == SIGKILL)
			kills[at[i].kind]++;
		child_start(&c, KILL_IDLE, 0);
		if (child_wait_saved(&c, 1) != 0) {
			child_end(&c, 1);
			fail("killed %s #%u while creating the log, the next "
			    "start does not begin the day: %s",
			    kill_names[at[i].kind], at[i].nth,
			    screen_tail(&c.screen));
		} else {
			child_end(&c, 1);
			kills[KILL_IDLE]++;
			if (day_load(path, &day, &how, &err) != 0) {
				fail("%s: %s", path, err.msg);
				err_clear(&err);
			} else {
				if (day_nactions(day) < 1 ||
				    day_action(day, 0)->rec->type !=
				    RECORD_BEGIN)
					fail("%s does not begin the day", path);
				else
					checks++;
				free(how.warning);
				day_free(day);
			}
		}
		creates++;
		free(path);
	}
	log_path = main_path;
}

/* Writes what was keyed for every seq in the log, as decode.py prints. */
static void
write_expected(void)
{
	struct expect	*e;
	char		*name;
	FILE		*f;
	uint64_t	 seq;

	name = xasprintf("%s.expected", log_path);
	if ((f = fopen(name, "w")) == NULL) {
		perror(name);
		exit(99);
	}
	for (seq = 1; seq < nexpects; seq++) {
		e = &expects[seq];
		if (!e->set)
			continue;
		fprintf(f, "%" PRIu64 " %s", seq, record_type_name(e->type));
		if (e->group[0] != '\0')
			fprintf(f, " group=%s", e->group);
		if (e->by != RECORD_BY_UNKNOWN)
			fprintf(f, " by=%s", record_by_name(e->by));
		if (e->person[0] != '\0')
			fprintf(f, " person=%s", e->person);
		if (e->text[0] != '\0')
			fprintf(f, " text=%s", e->text);
		if (e->type == RECORD_UNDO)
			fprintf(f, " undoes=%" PRIu64, e->undoes);
		fprintf(f, "\n");
	}
	fclose(f);
	free(name);
}

int
main(int argc, char **argv)
{
	struct day	*day;
	unsigned long	 want, total = 0, confirmed = 0, before;
	off_t		 good_len, size;
	int64_t		 start, budget;
	uint64_t	 seq;
	int		 torn, i;

	if (argc < 4) {
		fprintf(stderr, "usage: torture REC SHIM LOG [KILLS [SECONDS "
		    "[SEED]]]\n");
		return 64;
	}
	rec_path = argv[1];
	shim_path = argv[2];
	log_path = argv[3];
	want = argc > 4 ? strtoul(argv[4], NULL, 10) : 300;
	budget = (argc > 5 ? strtol(argv[5], NULL, 10) : 120) * 1000;
	rng_state = argc > 6 ? strtoull(argv[6], NULL, 10) : 1;
	if (want == 0)
		want = 1;
	if (rng_state == 0)
		rng_state = 1;
	signal(SIGPIPE, SIG_IGN);

	start = now_ms();
	create_torture();
	for (;;) {
		for (total = 0, i = 0; i < KILL_NKINDS; i++)
			total += kills[i];
		if (total >= want || now_ms() - start > budget)
			break;
		if (run_once(0) != 0)
			break;
	}
	/* A last run repairs what the last kill tore and ends the day. */
	before = quits;
	if (failures == 0 && run_once(1) == 0 && quits == before)
		fail("the last run did not end the day");
	/* The last word: the log as the kills left it. */
	day = NULL;
	if (log_check(&day, &good_len, &size, &torn) == 0 && day == NULL)
		fail("no log at the end");
	day_free(day);
	for (seq = 1; seq < nexpects; seq++)
		confirmed += expects[seq].confirmed;
	write_expected();

	printf("# %lu kills survived in %.1f s (seed %s):\n", total,
	    (double)(now_ms() - start) / 1000, argc > 6 ? argv[6] : "1");
	for (i = 0; i < KILL_NKINDS; i++)
		printf("#   %-32s %lu\n", kill_names[i], kills[i]);
	printf("# %lu of them while creating the log; %lu clean quits (q y), "
	    "%lu keys sent, %lu torn tails repaired and kept\n", creates,
	    quits, keys_sent, repairs);
	printf("# actions checked: %lu (each confirmed action re-checked in "
	    "the log after every later kill); %lu confirmed actions in the "
	    "day, none lost\n", checks, confirmed);
	if (total < want)
		fail("only %lu kills of %lu in the time allowed", total, want);
	return failures == 0 ? 0 : 1;
}
