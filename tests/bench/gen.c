/*
 * A seeded generator of realistic corpora for the benchmark: NDAYS logs of
 * whole school days (about a hundred interactions each, all groups, brief
 * contacts, notes, a lunch pause, the odd undo), written through the real
 * day rules and batch writer so every file is a log the recorder could
 * have made.  Usage: gen DIR NDAYS SEED
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>

#include "clock.h"
#include "day.h"
#include "err.h"
#include "logfile.h"
#include "scheme.h"
#include "xmalloc.h"

static uint64_t rng;

static uint32_t
rnd(void)
{
	/* xorshift64*: small, seedable, the same on every machine. */
	rng ^= rng >> 12;
	rng ^= rng << 25;
	rng ^= rng >> 27;
	return (uint32_t)((rng * 2685821657736338717ULL) >> 32);
}

static int
between(int lo, int hi)
{
	return lo + (int)(rnd() % (uint32_t)(hi - lo + 1));
}

/* Episode length in seconds: mostly a few minutes, a long tail of meetings. */
static int
episode_seconds(void)
{
	int	r = between(0, 99);

	if (r < 45)
		return between(20, 180);
	if (r < 80)
		return between(180, 540);
	if (r < 95)
		return between(540, 1800);
	return between(1800, 3600);
}

static int
pick_group(void)
{
	/* pupils, teachers, support staff, SLT, parents, visitors */
	static const int weights[] = { 12, 25, 15, 30, 10, 8 };
	int	r = between(0, 99), g;

	for (g = 0; g < 6; g++) {
		if (r < weights[g])
			return g;
		r -= weights[g];
	}
	return 3;
}

struct gen {
	struct day	*day;
	int64_t		 midnight;
	int64_t		 now;		/* seconds since midnight */
	char		 person[16];
};

static void
gen_apply(struct gen *g, struct record *rec)
{
	struct err	e = ERR_INIT;

	rec->t = g->midnight + g->now * 1000;
	rec->seq = day_next_seq(g->day);
	if (rec->type == RECORD_UNDO)
		rec->undoes = day_undo_target(g->day);
	if (day_apply(g->day, rec, &e) != 0) {
		fprintf(stderr, "gen: refused %s: %s\n",
		    record_type_name(rec->type), e.msg);
		exit(70);
	}
}

static void
gen_simple(struct gen *g, enum record_type type)
{
	struct record	rec;

	memset(&rec, 0, sizeof rec);
	rec.type = type;
	gen_apply(g, &rec);
}

static void
gen_start(struct gen *g)
{
	const struct scheme	*s = day_header(g->day)->scheme;
	struct record		 rec;
	const char		*with[1];
	int			 grp = pick_group();

	memset(&rec, 0, sizeof rec);
	rec.type = RECORD_START;
	rec.group = s->groups[grp].name;
	rec.by = between(0, 9) < 5 ? RECORD_BY_HEAD :
	    between(0, 9) < 8 ? RECORD_BY_OTHER : RECORD_BY_UNKNOWN;
	if (between(0, 9) < 7) {
		snprintf(g->person, sizeof g->person, "%c%02d",
		    "STAPRV"[grp], between(1, 20));
		rec.person = g->person;
	}
	if (between(0, 9) < 8)
		rec.where = s->locations[between(0, (int)s->nlocations - 1)];
	if (between(0, 9) < 6)
		rec.mode = s->modes[between(0, (int)s->nmodes - 1)];
	if (between(0, 9) == 0) {
		rec.has_with = 1;
		rec.nwith = 1;
		rec.with = with;
		with[0] = s->groups[(grp + 1) % 6].name;
	}
	gen_apply(g, &rec);
}

static void
gen_brief(struct gen *g)
{
	const struct scheme	*s = day_header(g->day)->scheme;
	struct record		 rec;

	memset(&rec, 0, sizeof rec);
	rec.type = RECORD_BRIEF;
	rec.group = s->groups[pick_group()].name;
	rec.by = between(0, 1) ? RECORD_BY_HEAD : RECORD_BY_OTHER;
	gen_apply(g, &rec);
}

static void
gen_note(struct gen *g)
{
	struct record	rec;

	memset(&rec, 0, sizeof rec);
	rec.type = RECORD_NOTE;
	rec.text = "head asked for this to be noted, with a comma, and \"quotes\"";
	gen_apply(g, &rec);
}

/* One school day from about 07:40 to about 17:30. */
static void
gen_day(struct gen *g)
{
	int	end = between(16 * 3600 + 30 * 60, 18 * 3600 + 30 * 60);
	int	lunch = between(12 * 3600, 13 * 3600), paused = 0;

	g->now = between(7 * 3600 + 20 * 60, 8 * 3600);
	gen_simple(g, RECORD_BEGIN);
	while (g->now < end) {
		int	r = between(0, 99);

		g->now += between(5, 60);
		if (!paused && g->now > lunch && between(0, 1)) {
			gen_simple(g, RECORD_PAUSE);
			g->now += between(900, 2400);
			gen_simple(g, RECORD_RESUME);
			paused = 1;
		}
		if (r < 55) {
			gen_start(g);
			if (between(0, 99) < 3) {	/* a wrong key, taken back */
				g->now += between(2, 10);
				gen_simple(g, RECORD_UNDO);
				gen_start(g);
			}
		} else if (r < 75 && day_state(g->day)->open)
			gen_simple(g, RECORD_END);
		else if (r < 95)
			gen_brief(g);
		else
			gen_note(g);
		g->now += r < 55 ? episode_seconds() : between(10, 600);
	}
	if (g->now < end)
		g->now = end;
	gen_simple(g, RECORD_STOP);
}

static void
gen_header(struct log_header *hdr, int i)
{
	static const char *const phases[] = { "primary", "secondary", "special" };
	static const char *const terms[] = { "autumn", "spring", "summer" };
	int		school = i % 50;
	struct err	e = ERR_INIT;

	memset(hdr, 0, sizeof *hdr);
	hdr->version = LOG_FORMAT_VERSION;
	hdr->school = xasprintf("School %02d", school);
	hdr->head = xasprintf("HT%02d", school);
	hdr->observer = xasprintf("OBS-%c", 'A' + i % 4);
	snprintf(hdr->date, sizeof hdr->date, "20%02d-%02d-%02d",
	    24 + i / 3000 % 3, 1 + i / 28 % 12, 1 + i % 28);
	if (clock_parse_date(hdr->date, &e) != 0) {
		fprintf(stderr, "gen: %s\n", e.msg);
		exit(70);
	}
	hdr->tz = xstrdup("Europe/London");
	hdr->utc_offset = 0;
	hdr->recorder = xstrdup("shadowlog bench generator");
	hdr->scheme = scheme_default();
	hdr->ntags = 2;
	hdr->tag_keys = xcalloc(2, sizeof *hdr->tag_keys);
	hdr->tag_values = xcalloc(2, sizeof *hdr->tag_values);
	hdr->tag_keys[0] = xstrdup("phase");
	hdr->tag_values[0] = xstrdup(phases[school % 3]);
	hdr->tag_keys[1] = xstrdup("term");
	hdr->tag_values[1] = xstrdup(terms[i % 3]);
}

static void
gen_write(const char *path, struct day *day)
{
	struct log_batch	*b;
	struct err		 e = ERR_INIT;
	char			*text;
	size_t			 i;

	if (log_batch_begin(path, &b, &e) != 0 ||
	    log_batch_header(b, day_header(day), &e) != 0)
		goto fail;
	for (i = 0; i < day_nactions(day); i++) {
		if (log_batch_record(b, day_action(day, i)->rec, &e) != 0)
			goto fail;
	}
	if (log_batch_commit(b, &e) != 0)
		goto fail;
	return;
fail:
	text = err_text(&e);
	fprintf(stderr, "gen: %s\n", text);
	exit(74);
}

int
main(int argc, char **argv)
{
	struct log_header	 hdr;
	struct gen		 g;
	char			*path;
	struct err		 e = ERR_INIT;
	int			 n, i;

	if (argc != 4) {
		fprintf(stderr, "usage: gen DIR NDAYS SEED\n");
		return 64;
	}
	n = atoi(argv[2]);
	rng = strtoull(argv[3], NULL, 10) * 0x9e3779b97f4a7c15ULL + 1;
	if (mkdir(argv[1], 0700) != 0 && errno != EEXIST) {
		perror(argv[1]);
		return 73;
	}
	for (i = 0; i < n; i++) {
		gen_header(&hdr, i);
		memset(&g, 0, sizeof g);
		g.day = day_new(&hdr);
		if (clock_midnight_ms(hdr.date, 0, &g.midnight, &e) != 0) {
			fprintf(stderr, "gen: %s\n", e.msg);
			return 70;
		}
		gen_day(&g);
		path = xasprintf("%s/day-%05d.slog", argv[1], i + 1);
		unlink(path);	/* a new log is never named over a file */
		gen_write(path, g.day);
		free(path);
		day_free(g.day);
		log_header_free(&hdr);
	}
	return 0;
}
