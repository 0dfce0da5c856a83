/*
 * Tests for the summary: small days worked out by hand (the working is in
 * the comments), built through the real path (timed-command lines, then
 * day_apply, timeline_from_day and summary_compute); then properties over
 * seeded random days, with the stretches checked against a replay of the
 * day's own rules (day_state) and the item-by-item copy a reader would
 * make giving the identical summary.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "command.h"
#include "day.h"
#include "scheme.h"
#include "summary.h"
#include "test.h"
#include "timeline.h"
#include "xmalloc.h"

#define MIN(m)		((int64_t)(m) * 60000)			/* ms */
#define H(h, m)		((int64_t)((h) * 60 + (m)) * 60000)	/* clock ms */
#define NGROUPS		7	/* the default scheme's six, then alone */
#define ALONE		6	/* alone's index in the summary */
#define RANDOM_DAYS	500

enum {
	G_SLT, G_TEACHERS, G_SUPPORT, G_PUPILS, G_PARENTS, G_VISITORS
};

static struct log_header	 hdr;
static int64_t			 midnight;

static int
summary_suite_init(void)
{
	return test_header(&hdr, &midnight);
}

static int
summary_suite_clean(void)
{
	log_header_free(&hdr);
	return 0;
}

/* A day from timed-command lines, each with its time; fails the test on a
 * line that does not parse or is refused. */
static struct day *
day_of_(const char *text, int line)
{
	struct day	*d = day_new(&hdr);
	struct command	 cmd;
	const char	*p = text, *nl;
	char		*cause = NULL, msg[T_MSG_LEN];
	size_t		 len;
	int		 n, lineno = 0;

	while (*p != '\0') {
		nl = strchr(p, '\n');
		len = nl != NULL ? (size_t)(nl - p) : strlen(p);
		lineno++;
		n = test_command(p, len, hdr.scheme, &cmd, &cause);
		if (n == 1) {
			cmd.rec.t = midnight + cmd.clock_ms;
			if (t_cause(day_apply(d, &cmd.rec, t_err()), &cause) != 0)
				n = -1;
			command_clear(&cmd);
		}
		if (n < 0) {
			snprintf(msg, sizeof msg, "day line %d: %s", lineno,
			    cause);
			CU_assertImplementation(0, line, msg, __FILE__, "",
			    CU_FALSE);
			free(cause);
			cause = NULL;
		}
		p += len;
		if (*p == '\n')
			p++;
	}
	return d;
}

/* Day, timeline and summary of timed commands. */
static void
summary_of_(const char *text, struct timeline *tl, struct summary *s,
    int line)
{
	struct day	*d = day_of_(text, line);

	timeline_from_day(d, tl);
	day_free(d);
	summary_compute(tl, SUMMARY_PARTS, s);
}

#define SUMMARY(text, tl, s)	summary_of_((text), (tl), (s), __LINE__)

/* Equal doubles, NAN equal to NAN: the figures are exact, not close. */
static void
eq_dbl_(double a, double b, const char *as, const char *bs, int line)
{
	char	msg[T_MSG_LEN];
	int	ok;

	ok = (isnan(a) && isnan(b)) || a == b;
	snprintf(msg, sizeof msg, "%s == %s (%.17g != %.17g)", as, bs, a, b);
	CU_assertImplementation(ok, line, msg, __FILE__, "", CU_FALSE);
}

#define T_EQ_DBL(a, b)	eq_dbl_((a), (b), #a, #b, __LINE__)

/* One row of the group table, as worked out by hand. */
struct want_group {
	size_t	 episodes;
	int64_t	 ms;
	double	 share, mean, median, sd;
	int64_t	 max;
	size_t	 head, brief, ngaps;
	double	 gap_mean, gap_sd;
	int64_t	 presence;
};

static void
group_(const struct summary *s, size_t g, const struct want_group *w,
    int line)
{
	const struct summary_group	*sg = &s->groups[g];
	char				 msg[T_MSG_LEN];
	int				 ok;

	ok = sg->episodes == w->episodes && sg->ms == w->ms &&
	    sg->max_ms == w->max && sg->head_initiated == w->head &&
	    sg->brief == w->brief && sg->ngaps == w->ngaps &&
	    sg->presence_ms == w->presence;
	snprintf(msg, sizeof msg, "group %zu: episodes %zu ms %lld max %lld "
	    "head %zu brief %zu ngaps %zu presence %lld", g, sg->episodes,
	    (long long)sg->ms, (long long)sg->max_ms, sg->head_initiated,
	    sg->brief, sg->ngaps, (long long)sg->presence_ms);
	CU_assertImplementation(ok, line, msg, __FILE__, "", CU_FALSE);
	eq_dbl_(sg->share, w->share, "share", "wanted", line);
	eq_dbl_(sg->mean_ms, w->mean, "mean", "wanted", line);
	eq_dbl_(sg->median_ms, w->median, "median", "wanted", line);
	eq_dbl_(sg->sd_ms, w->sd, "sd", "wanted", line);
	eq_dbl_(sg->gap_mean_ms, w->gap_mean, "gap mean", "wanted", line);
	eq_dbl_(sg->gap_sd_ms, w->gap_sd, "gap sd", "wanted", line);
}

#define GROUP(s, g, ...) do {						\
	struct want_group w_ = { __VA_ARGS__ };				\
	group_((s), (g), &w_, __LINE__);				\
} while (0)

/* A group with nothing: zeros, and NAN where there is nothing to take. */
#define EMPTY_GROUP(s, g) \
	GROUP((s), (g), 0, 0, 0, NAN, NAN, NAN, 0, 0, 0, 0, NAN, NAN, 0)

static void
part_(const struct summary_part *p, int group, const char *name,
    size_t episodes, int64_t ms, int line)
{
	char	msg[T_MSG_LEN];

	snprintf(msg, sizeof msg, "part %d '%s' %zu %lld, wanted %d '%s' %zu "
	    "%lld", p->group, p->name, p->episodes, (long long)p->ms, group,
	    name, episodes, (long long)ms);
	CU_assertImplementation(p->group == group &&
	    strcmp(p->name, name) == 0 && p->episodes == episodes &&
	    p->ms == ms, line, msg, __FILE__, "", CU_FALSE);
}

#define PART(p, g, name, n, ms)	part_((p), (g), (name), (n), (ms), __LINE__)

/* The ms of group g in the bin starting at clock time start. */
static int64_t
bin_ms(const struct summary_bin *bins, size_t n, int64_t start, int g)
{
	size_t	i;

	for (i = 0; i < n; i++) {
		if (bins[i].start == start && bins[i].group == g)
			return bins[i].ms;
	}
	return -1;
}

/* Checks a whole bin: ms per summary group 0..6, alone last. */
static void
bin_(const struct summary_bin *bins, size_t n, int64_t start,
    const int64_t want[NGROUPS], int line)
{
	char	msg[T_MSG_LEN];
	int64_t	got;
	int	g;

	for (g = 0; g < NGROUPS; g++) {
		got = bin_ms(bins, n, start, g == ALONE ? -1 : g);
		snprintf(msg, sizeof msg, "bin %lld group %d: %lld ms, wanted "
		    "%lld", (long long)start, g, (long long)got,
		    (long long)want[g]);
		CU_assertImplementation(got == want[g], line, msg, __FILE__,
		    "", CU_FALSE);
	}
}

#define BIN(bins, n, start, ...) do {					\
	int64_t b_[NGROUPS] = { __VA_ARGS__ };				\
	bin_((bins), (n), (start), b_, __LINE__);			\
} while (0)

static void
transition_(const struct summary_transition *t, int from, int to,
    size_t count, int line)
{
	char	msg[T_MSG_LEN];

	snprintf(msg, sizeof msg, "transition %d -> %d x %zu, wanted %d -> %d "
	    "x %zu", t->from, t->to, t->count, from, to, count);
	CU_assertImplementation(t->from == from && t->to == to &&
	    t->count == count, line, msg, __FILE__, "", CU_FALSE);
}

#define TRANSITION(t, from, to, n) transition_((t), (from), (to), (n), __LINE__)

/* Appends an item as a reader would. */
static void
add(struct timeline *tl, enum tl_kind kind, int group, int64_t start,
    int64_t end)
{
	struct tl_item	it;

	memset(&it, 0, sizeof it);
	it.kind = kind;
	it.group = group;
	it.start = start;
	it.end = end;
	timeline_add(tl, &it);
}

/*
 * Day A: medians of odd and even counts, sd, shares, interruptions,
 * breakdowns, bins touching episode edges.
 *
 *   A 09:00-09:02  120 s
 *   E teachers 09:02-09:03   60 s  by=head  B office phone
 *   A 09:03-09:05  120 s
 *   E teachers 09:05-09:07  120 s  by=other A hall   (interrupts alone)
 *   E pupils   09:07-09:10  180 s  by=head
 *   E teachers 09:10-09:13  180 s  by=other B office (interrupts pupils)
 *   A 09:13-09:20  420 s
 *   B pupils   09:13  by=head (after the alone stretch: not inside)
 */
static const char *day_a =
    "09:00 begin\n"
    "09:02 start t by=head person=B where=office mode=phone\n"
    "09:03 end\n"
    "09:05 start t by=other person=A where=hall\n"
    "09:07 start p by=head\n"
    "09:10 start t by=other person=B where=office\n"
    "09:13 end\n"
    "09:13 brief p by=head\n"
    "09:20 stop\n";

static void
test_summary_day_a(void)
{
	struct timeline	 tl;
	struct summary	 s;

	SUMMARY(day_a, &tl, &s);
	T_EQ_INT(s.ngroups, NGROUPS);
	/*
	 * teachers: 60, 120, 180 s; mean and median 120 s; sd
	 * sqrt((60² + 0² + 60²) / 2) = 60 s; share 360 / 1200 = 0.3; one
	 * begun by the head.  Gaps 09:03 -> 09:05 (120 s) and 09:07 ->
	 * 09:10 (180 s): mean 150 s, sd sqrt(2 * 30²) s = sqrt(1.8e9) ms.
	 */
	GROUP(&s, G_TEACHERS, 3, 360000, 0.3, 120000, 120000, 60000, 180000,
	    1, 0, 2, 150000, sqrt(1.8e9), 360000);
	/* pupils: one episode of 180 s, share 0.15; its brief at 09:13 is a
	 * second interaction, 180 s after the episode's end. */
	GROUP(&s, G_PUPILS, 1, 180000, 0.15, 180000, 180000, NAN, 180000, 1,
	    1, 1, 180000, NAN, 180000);
	EMPTY_GROUP(&s, G_SLT);
	EMPTY_GROUP(&s, G_SUPPORT);
	EMPTY_GROUP(&s, G_PARENTS);
	EMPTY_GROUP(&s, G_VISITORS);
	/*
	 * alone: 120, 120, 420 s = 660 s, share 0.55, mean 220 s, median
	 * 120 s, sd sqrt((100² + 100² + 200²) / 2) s = sqrt(3e10) ms.  Gaps
	 * 09:02 -> 09:03 (60 s) and 09:05 -> 09:13 (480 s): mean 270 s, sd
	 * sqrt(2 * 210²) s = sqrt(8.82e10) ms.
	 */
	GROUP(&s, ALONE, 3, 660000, 0.55, 220000, 120000, sqrt(3e10), 420000,
	    0, 0, 2, 270000, sqrt(8.82e10), 660000);
	T_TRUE(fabs(s.groups[G_TEACHERS].share + s.groups[G_PUPILS].share +
	    s.groups[ALONE].share - 1.0) < 1e-12);

	T_EQ_INT(s.span_ms, MIN(20));
	T_EQ_INT(s.observed_ms, MIN(20));
	T_EQ_INT(s.paused_ms, 0);
	T_EQ_INT(s.episodes, 4);
	T_EQ_INT(s.brief, 1);
	T_EQ_INT(s.interactions, 5);
	T_EQ_INT(s.head_begun, 3);		/* t1, p1 and the brief */
	T_EQ_DBL(s.head_share, 0.6);
	T_EQ_DBL(s.per_hour, 12.0);		/* 4 in a third of an hour */
	T_EQ_DBL(s.under5, 1.0);
	T_EQ_DBL(s.under9, 1.0);
	T_EQ_DBL(s.median_ms, 150000.0);	/* 60 120 180 180: (120+180)/2 */
	T_EQ_INT(s.longest_ms, 420000);		/* the last alone stretch */
	T_EQ_INT(s.interruptions, 2);
	T_EQ_DBL(s.interruptions_per_hour, 6.0);

	/* persons: teachers A (120 s), teachers B (60 + 180 s) */
	T_EQ_INT(s.npersons, 2);
	PART(&s.persons[0], G_TEACHERS, "A", 1, 120000);
	PART(&s.persons[1], G_TEACHERS, "B", 2, 240000);
	T_EQ_INT(s.nlocations, 2);
	PART(&s.locations[0], -1, "hall", 1, 120000);
	PART(&s.locations[1], -1, "office", 2, 240000);
	T_EQ_INT(s.nmodes, 1);
	PART(&s.modes[0], -1, "phone", 1, 60000);
	summary_free(&s);
	timeline_free(&tl);
}

/* SUMMARY_GROUPS gives the same figures without the breakdowns, and
 * summary_given hands back a summary it is given. */
/* Medians of many episodes in no order (the sort past a handful): 41
 * teachers' episodes of 1 to 41 minutes, scrambled, each followed by a
 * minute alone. */
static void
test_summary_many_median(void)
{
	struct timeline	 tl;
	struct summary	 s;
	char		*text = xstrdup(""), *more;
	int		 i, m = 5 * 60, d;

	for (i = 0; i < 41; i++) {
		d = (i * 37) % 41 + 1;
		more = xasprintf("%s%s%02d:%02d start t\n%02d:%02d end\n", text,
		    i == 0 ? "05:00 begin\n" : "", m / 60, m % 60,
		    (m + d) / 60, (m + d) % 60);
		free(text);
		text = more;
		m += d + 1;
	}
	more = xasprintf("%s%02d:%02d stop\n", text, m / 60, m % 60);
	free(text);
	SUMMARY(more, &tl, &s);
	T_EQ_INT(s.groups[G_TEACHERS].episodes, 41);
	T_EQ_DBL(s.groups[G_TEACHERS].median_ms, 21 * 60000.0);
	T_EQ_DBL(s.median_ms, 21 * 60000.0);
	T_EQ_INT(s.groups[G_TEACHERS].max_ms, 41 * 60000);
	T_EQ_DBL(s.groups[NGROUPS - 1].median_ms, 60000.0);	/* alone */
	summary_free(&s);
	timeline_free(&tl);
	free(more);
}

static void
test_summary_groups_only(void)
{
	struct timeline		 tl;
	struct summary		 all, groups, own;
	const struct summary	*s;
	size_t			 g;

	SUMMARY(day_a, &tl, &all);
	summary_compute(&tl, SUMMARY_GROUPS, &groups);
	T_EQ_INT(groups.npersons, 0);
	T_EQ_INT(groups.nlocations, 0);
	T_EQ_INT(groups.nmodes, 0);
	T_TRUE(groups.persons == NULL && groups.modes == NULL);
	T_EQ_INT(groups.ngroups, all.ngroups);
	for (g = 0; g < all.ngroups; g++) {
		T_EQ_INT(groups.groups[g].ms, all.groups[g].ms);
		T_EQ_INT(groups.groups[g].episodes, all.groups[g].episodes);
	}
	T_EQ_DBL(groups.median_ms, all.median_ms);
	T_EQ_INT(groups.interruptions, all.interruptions);

	s = summary_given(&tl, &all, SUMMARY_GROUPS, &own);
	T_TRUE(s == &all);
	summary_free(&own);
	s = summary_given(&tl, NULL, SUMMARY_PARTS, &own);
	T_TRUE(s == &own);
	T_EQ_INT(own.npersons, all.npersons);
	summary_free(&own);
	summary_free(&groups);
	summary_free(&all);
	timeline_free(&tl);
}

static void
test_summary_day_a_bins(void)
{
	struct timeline		 tl;
	struct summary		 s;
	struct summary_bin	*bins;
	char			*cause = NULL;
	size_t			 n;

	SUMMARY(day_a, &tl, &s);
	/*
	 * 5-minute bins 09:00, 09:05, 09:10, 09:15 (09:20 is the end).  The
	 * second teachers episode starts on the 09:05 edge and the pupils
	 * episode ends on the 09:10 edge.
	 */
	bins = summary_bins(&tl, 5, &n);
	T_EQ_INT(n, 4 * NGROUPS);
	T_EQ_INT(bins[0].start, H(9, 0));
	T_EQ_INT(bins[0].group, 0);
	T_EQ_INT(bins[6].group, -1);
	T_EQ_INT(bins[7].start, H(9, 5));
	/*        SLT teach  supp pupils par vis alone */
	BIN(bins, n, H(9, 0), 0, 60000, 0, 0, 0, 0, 240000);
	BIN(bins, n, H(9, 5), 0, 120000, 0, 180000, 0, 0, 0);
	BIN(bins, n, H(9, 10), 0, 180000, 0, 0, 0, 0, 120000);
	BIN(bins, n, H(9, 15), 0, 0, 0, 0, 0, 0, 300000);
	free(bins);

	/*
	 * 7-minute bins are aligned on midnight: 09:00 is minute 540 and
	 * 7 * 77 = 539, so they start at 08:59, 09:06 and 09:13.
	 */
	bins = summary_bins(&tl, 7, &n);
	T_EQ_INT(n, 3 * NGROUPS);
	BIN(bins, n, H(8, 59), 0, 120000, 0, 0, 0, 0, 240000);
	BIN(bins, n, H(9, 6), 0, 240000, 0, 180000, 0, 0, 0);
	BIN(bins, n, H(9, 13), 0, 0, 0, 0, 0, 0, 420000);
	free(bins);

	/* One bin of an hour holds it all; zero minutes make none. */
	bins = summary_bins(&tl, 60, &n);
	T_EQ_INT(n, NGROUPS);
	BIN(bins, n, H(9, 0), 0, 360000, 0, 180000, 0, 0, 660000);
	free(bins);
	T_TRUE(summary_bins(&tl, 0, &n) == NULL);
	T_EQ_INT(n, 0);
	summary_free(&s);
	timeline_free(&tl);

	/*
	 * A day from before its date's midnight (clock -00:10) to 00:10 in
	 * 15-minute bins: -00:15 and 00:00 (floor, not truncation).
	 */
	timeline_init(&tl, "S", "H", "O", "2024-03-05", hdr.scheme);
	add(&tl, TL_ALONE, -1, -MIN(10), -MIN(5));
	add(&tl, TL_EPISODE, G_SLT, -MIN(5), MIN(5));
	add(&tl, TL_ALONE, -1, MIN(5), MIN(10));
	T_EQ_INT(t_cause(timeline_finish(&tl, t_err()), &cause), 0);
	bins = summary_bins(&tl, 15, &n);
	T_EQ_INT(n, 2 * NGROUPS);
	BIN(bins, n, -MIN(15), MIN(5), 0, 0, 0, 0, 0, MIN(5));
	BIN(bins, n, 0, MIN(5), 0, 0, 0, 0, 0, MIN(5));
	free(bins);
	timeline_free(&tl);

	/*
	 * A log may hold instants years apart (a clock was wrong, or the
	 * file is hostile; the fuzzer found one): past SUMMARY_MAX_BINS bins
	 * there are none, rather than an allocation of the span.
	 */
	timeline_init(&tl, "S", "H", "O", "2024-03-05", hdr.scheme);
	add(&tl, TL_ALONE, -1, -(INT64_C(1) << 50), INT64_C(1) << 50);
	T_EQ_INT(t_cause(timeline_finish(&tl, t_err()), &cause), 0);
	n = 1;
	T_TRUE(summary_bins(&tl, 15, &n) == NULL);
	T_EQ_INT(n, 0);
	timeline_free(&tl);
	timeline_init(&tl, "S", "H", "O", "2024-03-05", hdr.scheme);
	add(&tl, TL_ALONE, -1, 0, MIN(SUMMARY_MAX_BINS));
	T_EQ_INT(t_cause(timeline_finish(&tl, t_err()), &cause), 0);
	bins = summary_bins(&tl, 1, &n);
	T_EQ_INT(n, SUMMARY_MAX_BINS * NGROUPS);
	free(bins);
	timeline_free(&tl);
	timeline_init(&tl, "S", "H", "O", "2024-03-05", hdr.scheme);
	add(&tl, TL_ALONE, -1, 0, MIN(SUMMARY_MAX_BINS) + 1);
	T_EQ_INT(t_cause(timeline_finish(&tl, t_err()), &cause), 0);
	T_TRUE(summary_bins(&tl, 1, &n) == NULL);
	T_EQ_INT(n, 0);
	bins = summary_bins(&tl, 15, &n);
	T_EQ_INT(n, (SUMMARY_MAX_BINS / 15 + 1) * NGROUPS);
	free(bins);
	timeline_free(&tl);
}

static void
test_summary_day_a_transitions(void)
{
	struct timeline			 tl;
	struct summary			 s;
	struct summary_transition	*t;
	size_t				 n;

	/* Chain: alone, t, alone, t, p, t, alone. */
	SUMMARY(day_a, &tl, &s);
	t = summary_transitions(&tl, &n);
	T_EQ_INT(n, 4);
	TRANSITION(&t[0], G_TEACHERS, G_PUPILS, 1);
	TRANSITION(&t[1], G_TEACHERS, -1, 2);
	TRANSITION(&t[2], G_PUPILS, G_TEACHERS, 1);
	TRANSITION(&t[3], -1, G_TEACHERS, 2);
	free(t);
	summary_free(&s);
	timeline_free(&tl);
}

/*
 * Day B: an even count, a pause inside gaps, a brief inside its group's
 * episode, a brief of another group during an episode, with= presence, a
 * zero gap, and a day ending paused at a note.
 *
 *   E SLT 09:00-09:10 600 s with=teachers        (begin at 09:00: no alone)
 *   B SLT 09:05 (inside the SLT episode: no gap)
 *   B pupils 09:05
 *   A 09:10-09:15 300 s
 *   P 09:15-09:25
 *   A 09:25-09:30 300 s
 *   E SLT 09:30-09:34 240 s with=teachers,pupils
 *   A 09:34-09:40 360 s
 *   E SLT 09:40-09:50 600 s
 *   E SLT 09:50-09:56 360 s
 *   P 09:56-10:10
 *   N 10:10
 */
static const char *day_b =
    "09:00 begin\n"
    "09:00 start s with=t\n"
    "09:05 brief s\n"
    "09:05 brief p\n"
    "09:10 end\n"
    "09:15 pause\n"
    "09:25 resume\n"
    "09:30 start s with=t,p\n"
    "09:34 end\n"
    "09:40 start s\n"
    "09:50 start s\n"
    "09:56 pause\n"
    "10:10 note end of observation\n";

static void
test_summary_day_b(void)
{
	struct timeline			 tl;
	struct summary			 s;
	struct summary_transition	*t;
	struct summary_bin		*bins;
	size_t				 n;

	SUMMARY(day_b, &tl, &s);
	/* observed 10 + 5 + 5 + 4 + 6 + 10 + 6 = 46 min; paused 10 + 14 */
	T_EQ_INT(s.span_ms, MIN(70));
	T_EQ_INT(s.observed_ms, MIN(46));
	T_EQ_INT(s.paused_ms, MIN(24));
	/*
	 * SLT: 600 240 600 360 s: mean 450 s; median (360 + 600) / 2 = 480
	 * s; sd sqrt((150² + 210² + 150² + 90²) / 3) = sqrt(32400) = 180 s.
	 * Gaps in observed time: 09:10 -> 09:30 less the 10 min pause = 600
	 * s; 09:34 -> 09:40 = 360 s; 09:50 -> 09:50 = 0 (it counts): mean
	 * 320 s; sd sqrt((280² + 40² + 320²) / 2) s = sqrt(9.12e10) ms.
	 */
	GROUP(&s, G_SLT, 4, MIN(30), (double)MIN(30) / MIN(46), 450000,
	    480000, 180000, 600000, 0, 1, 3, 320000, sqrt(9.12e10), MIN(30));
	/* teachers: present (with=) in the first two SLT episodes */
	GROUP(&s, G_TEACHERS, 0, 0, 0, NAN, NAN, NAN, 0, 0, 0, 0, NAN, NAN,
	    MIN(14));
	/* pupils: one brief (an interaction: the episode is SLT's, so no
	 * gap to measure), present in the second SLT episode */
	GROUP(&s, G_PUPILS, 0, 0, 0, NAN, NAN, NAN, 0, 0, 1, 0, NAN, NAN,
	    MIN(4));
	/*
	 * alone: 300 300 360 s, mean 320 s, median 300 s, sd sqrt((20² +
	 * 20² + 40²) / 2) s = sqrt(1.2e9) ms.  Gaps: 09:15 -> 09:25 is 0 in
	 * observed time (the pause is taken out), 09:30 -> 09:34 = 240 s:
	 * mean 120 s, sd sqrt(2 * 120²) s = sqrt(2.88e10) ms.
	 */
	GROUP(&s, ALONE, 3, MIN(16), (double)MIN(16) / MIN(46), 320000,
	    300000, sqrt(1.2e9), 360000, 0, 0, 2, 120000, sqrt(2.88e10),
	    MIN(16));
	T_EQ_INT(s.episodes, 4);
	T_EQ_INT(s.brief, 2);
	T_EQ_INT(s.interactions, 6);
	T_EQ_INT(s.head_begun, 0);
	T_EQ_DBL(s.head_share, 0.0);
	T_EQ_DBL(s.per_hour, 4.0 * 3600000.0 / 2760000.0);	/* 5.217... */
	T_EQ_DBL(s.under5, 0.25);		/* 240 s */
	T_EQ_DBL(s.under9, 0.5);		/* 240 and 360 s */
	T_EQ_DBL(s.median_ms, 480000.0);
	T_EQ_INT(s.longest_ms, 600000);
	T_EQ_INT(s.interruptions, 0);
	T_EQ_DBL(s.interruptions_per_hour, 0.0);
	T_EQ_INT(s.npersons, 0);
	T_EQ_INT(s.nlocations, 0);
	T_EQ_INT(s.nmodes, 0);

	/* Chains: SLT, alone | alone, SLT, alone, SLT, SLT | */
	t = summary_transitions(&tl, &n);
	T_EQ_INT(n, 3);
	TRANSITION(&t[0], G_SLT, G_SLT, 1);
	TRANSITION(&t[1], G_SLT, -1, 2);
	TRANSITION(&t[2], -1, G_SLT, 2);
	free(t);

	/* 30-minute bins 09:00, 09:30, 10:00 (the pause is in none). */
	bins = summary_bins(&tl, 30, &n);
	T_EQ_INT(n, 3 * NGROUPS);
	BIN(bins, n, H(9, 0), MIN(10), 0, 0, 0, 0, 0, MIN(10));
	BIN(bins, n, H(9, 30), MIN(20), 0, 0, 0, 0, 0, MIN(6));
	BIN(bins, n, H(10, 0), 0, 0, 0, 0, 0, 0, 0);
	free(bins);
	summary_free(&s);
	timeline_free(&tl);
}

/*
 * Day C: interruptions, a day crossing midnight, ending at an undo.
 *
 *   A 23:50-23:55
 *   E parents  23:55-24:05 by=other (cuts alone time: an interruption)
 *   E visitors 24:05-24:10 by=other (cuts the parents episode: another)
 *   P 24:10-24:20
 *   E pupils   24:20-24:30 by=other (after a pause: not one)
 *   A 24:30-24:40 (the teachers start is undone; the undo ends the day)
 */
static void
test_summary_day_c(void)
{
	struct timeline			 tl;
	struct summary			 s;
	struct summary_bin		*bins;
	struct summary_transition	*t;
	size_t				 n;

	SUMMARY("23:50 begin\n"
	    "23:55 start r by=other\n"
	    "24:05 start v by=other\n"
	    "24:10 pause\n"
	    "24:20 resume\n"
	    "24:20 start p by=other\n"
	    "24:30 end\n"
	    "24:31 start t by=head\n"
	    "24:40 undo\n", &tl, &s);
	T_EQ_INT(tl.begin, H(23, 50));
	T_EQ_INT(tl.end, H(24, 40));
	T_EQ_INT(s.observed_ms, MIN(40));
	T_EQ_INT(s.paused_ms, MIN(10));
	T_EQ_INT(s.episodes, 3);
	T_EQ_INT(s.interruptions, 2);
	T_EQ_DBL(s.interruptions_per_hour, 3.0);	/* 2 in 2/3 hour */
	T_EQ_DBL(s.per_hour, 4.5);
	T_EQ_INT(s.head_begun, 0);
	T_EQ_DBL(s.head_share, 0.0);
	GROUP(&s, G_TEACHERS, 0, 0, 0, NAN, NAN, NAN, 0, 0, 0, 0, NAN, NAN,
	    0);
	GROUP(&s, G_PARENTS, 1, MIN(10), 0.25, MIN(10), MIN(10), NAN, MIN(10),
	    0, 0, 0, NAN, NAN, MIN(10));
	/* alone: 5 and 10 min, mean and median 7.5 min, sd sqrt(2 * 2.5²)
	 * min = sqrt(4.5e10) ms; the gap 23:55 -> 24:30 less the pause is
	 * 25 min */
	GROUP(&s, ALONE, 2, MIN(15), 0.375, 450000, 450000, sqrt(4.5e10),
	    MIN(10), 0, 0, 1, MIN(25), NAN, MIN(15));

	/* Hour bins 23:00 and 24:00. */
	bins = summary_bins(&tl, 60, &n);
	T_EQ_INT(n, 2 * NGROUPS);
	BIN(bins, n, H(23, 0), 0, 0, 0, 0, MIN(5), 0, MIN(5));
	BIN(bins, n, H(24, 0), 0, 0, 0, MIN(10), MIN(5), MIN(5), MIN(10));
	free(bins);

	/* Chains: alone, parents, visitors | pupils, alone */
	t = summary_transitions(&tl, &n);
	T_EQ_INT(n, 3);
	TRANSITION(&t[0], G_PUPILS, -1, 1);
	TRANSITION(&t[1], G_PARENTS, G_VISITORS, 1);
	TRANSITION(&t[2], -1, G_PARENTS, 1);
	free(t);
	summary_free(&s);
	timeline_free(&tl);
}

/* Ties: briefs at the instants an episode starts and ends, before and
 * after in record order. */
static void
test_summary_ties(void)
{
	struct timeline	tl;
	struct summary	s;

	/*
	 *   A 09:00-09:10
	 *   B pupils 09:10 (before the start: after alone, an interaction)
	 *   E pupils 09:10-09:20
	 *   B pupils 09:10 (after the start: inside, no gap)
	 *   B pupils 09:20 (before the end: inside)
	 *   A 09:20-09:30
	 *   B pupils 09:20 (after the end: an interaction, gap 0)
	 *   B pupils 09:25 (gap 5 min)
	 * pupils interactions: B 09:10, E 09:10-09:20, B 09:20, B 09:25:
	 * gaps 0, 0, 300 s: mean 100 s, sd sqrt((100² + 100² + 200²) / 2)
	 * s = sqrt(3e10) ms.
	 */
	SUMMARY("09:00 begin\n"
	    "09:10 brief p\n"
	    "09:10 start p\n"
	    "09:10 brief p\n"
	    "09:20 brief p\n"
	    "09:20 end\n"
	    "09:20 brief p\n"
	    "09:25 brief p\n"
	    "09:30 stop\n", &tl, &s);
	GROUP(&s, G_PUPILS, 1, MIN(10), 1.0 / 3, MIN(10), MIN(10), NAN,
	    MIN(10), 0, 5, 3, 100000, sqrt(3e10), MIN(10));
	T_EQ_INT(s.brief, 5);
	T_EQ_INT(s.interactions, 6);
	/* alone 09:00-09:10 and 09:20-09:30: one gap of 10 min */
	GROUP(&s, ALONE, 2, MIN(20), 2.0 / 3, MIN(10), MIN(10), 0, MIN(10),
	    0, 0, 1, MIN(10), NAN, MIN(20));
	summary_free(&s);
	timeline_free(&tl);

	/* A brief to teachers during a pupils episode is an interaction of
	 * teachers: teachers 09:00-09:10, brief 09:10, teachers 09:20. */
	SUMMARY("09:00 begin\n"
	    "09:00 start t by=other\n"
	    "09:10 start p by=other\n"
	    "09:10 brief t\n"
	    "09:20 start t by=other\n"
	    "09:30 stop\n", &tl, &s);
	/* the teachers brief follows the pupils episode: an interaction,
	 * 0 after the first episode, 10 min before the second */
	GROUP(&s, G_TEACHERS, 2, MIN(20), 2.0 / 3, MIN(10), MIN(10), 0,
	    MIN(10), 0, 1, 2, 300000, sqrt(1.8e11), MIN(20));
	/* pupils 09:10 and teachers 09:20 cut open episodes; the first
	 * teachers episode opens the day and cuts nothing */
	T_EQ_INT(s.interruptions, 2);
	EMPTY_GROUP(&s, ALONE);
	summary_free(&s);
	timeline_free(&tl);
}

/* Gaps to brief contacts are in observed time too. */
static void
test_summary_gaps_pause(void)
{
	struct timeline	 tl;
	struct summary	 s;
	char		*cause = NULL;

	/*
	 * Briefs to pupils at 09:00, 09:10 (before the pause) and 09:25
	 * (after it); in observed time 09:00, 09:10 and 09:15: gaps 10 and
	 * 5 min, mean 7.5 min, sd sqrt(2 * 2.5²) min = sqrt(4.5e10) ms.
	 */
	SUMMARY("09:00 begin\n"
	    "09:00 brief p\n"
	    "09:10 brief p\n"
	    "09:10 pause\n"
	    "09:20 resume\n"
	    "09:25 brief p\n"
	    "09:30 stop\n", &tl, &s);
	GROUP(&s, G_PUPILS, 0, 0, 0, NAN, NAN, NAN, 0, 0, 3, 2, 450000,
	    sqrt(4.5e10), 0);
	summary_free(&s);
	timeline_free(&tl);

	/*
	 * A reader may list a brief inside a pause (a log cannot): only
	 * the paused time before it is taken out.  A 09:00-09:10, B 09:05,
	 * P 09:10-09:30, B 09:20 (observed 09:10), A 09:30-09:40, B 09:35
	 * (observed 09:15): gaps 5 and 5 min.
	 */
	timeline_init(&tl, "S", "H", "O", "2024-03-05", hdr.scheme);
	add(&tl, TL_ALONE, -1, H(9, 0), H(9, 10));
	add(&tl, TL_BRIEF, G_PUPILS, H(9, 5), H(9, 5));
	add(&tl, TL_PAUSE, -1, H(9, 10), H(9, 30));
	add(&tl, TL_BRIEF, G_PUPILS, H(9, 20), H(9, 20));
	add(&tl, TL_ALONE, -1, H(9, 30), H(9, 40));
	add(&tl, TL_BRIEF, G_PUPILS, H(9, 35), H(9, 35));
	T_EQ_INT(t_cause(timeline_finish(&tl, t_err()), &cause), 0);
	free(cause);
	summary_compute(&tl, SUMMARY_PARTS, &s);
	GROUP(&s, G_PUPILS, 0, 0, 0, NAN, NAN, NAN, 0, 0, 3, 2, 300000, 0,
	    0);
	/* alone: 09:10 -> 09:30 is all paused: a gap of 0 */
	GROUP(&s, ALONE, 2, MIN(20), 1.0, MIN(10), MIN(10), 0, MIN(10), 0, 0,
	    1, 0, NAN, MIN(20));
	summary_free(&s);
	timeline_free(&tl);
}

/* Undo and set before the figures; a zero-length episode. */
static void
test_summary_undo_set(void)
{
	struct timeline	tl;
	struct summary	s;

	/*
	 * The pupils start is undone (teachers re-opened, 09:10-09:40); the
	 * pause is undone; the set makes the episode the head's, person T1,
	 * for the whole episode; a zero-length visitors episode is dropped
	 * and the alone time around it is one stretch, 09:40-09:50.
	 */
	SUMMARY("09:00 begin\n"
	    "09:10 start t by=other\n"
	    "09:20 start p\n"
	    "09:25 undo\n"
	    "09:30 pause\n"
	    "09:31 undo\n"
	    "09:35 set by=head person=T1\n"
	    "09:40 end\n"
	    "09:45 start v\n"
	    "09:45 end\n"
	    "09:50 stop\n", &tl, &s);
	GROUP(&s, G_TEACHERS, 1, MIN(30), 0.6, MIN(30), MIN(30), NAN, MIN(30),
	    1, 0, 0, NAN, NAN, MIN(30));
	EMPTY_GROUP(&s, G_PUPILS);
	EMPTY_GROUP(&s, G_VISITORS);
	GROUP(&s, ALONE, 2, MIN(20), 0.4, MIN(10), MIN(10), 0, MIN(10), 0, 0,
	    1, MIN(30), NAN, MIN(20));
	T_EQ_INT(s.paused_ms, 0);
	T_EQ_INT(s.head_begun, 1);
	T_EQ_INT(s.interruptions, 0);	/* by=other was flipped */
	T_EQ_INT(s.npersons, 1);
	PART(&s.persons[0], G_TEACHERS, "T1", 1, MIN(30));
	summary_free(&s);
	timeline_free(&tl);
}

/* Persons by group in scheme order, then name; locations and modes. */
static void
test_summary_breakdowns(void)
{
	struct timeline	tl;
	struct summary	s;

	SUMMARY("09:00 begin\n"
	    "09:00 start p person=Z where=hall mode=teaching\n"
	    "09:01 start s person=Y where=office\n"
	    "09:03 start s person=B where=office mode=phone\n"
	    "09:06 start t person=A where=hall\n"
	    "09:10 start s person=Y mode=phone\n"
	    "09:15 start v\n"
	    "09:21 stop\n", &tl, &s);
	T_EQ_INT(s.npersons, 4);
	PART(&s.persons[0], G_SLT, "B", 1, MIN(3));
	PART(&s.persons[1], G_SLT, "Y", 2, MIN(7));	/* 2 + 5 */
	PART(&s.persons[2], G_TEACHERS, "A", 1, MIN(4));
	PART(&s.persons[3], G_PUPILS, "Z", 1, MIN(1));
	T_EQ_INT(s.nlocations, 2);
	PART(&s.locations[0], -1, "hall", 2, MIN(5));
	PART(&s.locations[1], -1, "office", 2, MIN(5));
	T_EQ_INT(s.nmodes, 2);
	PART(&s.modes[0], -1, "phone", 2, MIN(8));
	PART(&s.modes[1], -1, "teaching", 1, MIN(1));
	/* 1 2 3 4 5 6 min: under 5 min: 4 of 6; under 9: all */
	T_EQ_DBL(s.under5, 4.0 / 6);
	T_EQ_DBL(s.under9, 1.0);
	T_EQ_DBL(s.median_ms, 210000.0);
	EMPTY_GROUP(&s, ALONE);
	summary_free(&s);
	timeline_free(&tl);
}

/* A day of alone time only, and a day with no records. */
static void
test_summary_empty(void)
{
	struct timeline			 tl;
	struct summary			 s;
	struct summary_bin		*bins;
	struct summary_transition	*t;
	struct day			*d;
	size_t				 n;

	SUMMARY("09:00 begin\n09:30 stop\n", &tl, &s);
	GROUP(&s, ALONE, 1, MIN(30), 1.0, MIN(30), MIN(30), NAN, MIN(30), 0,
	    0, 0, NAN, NAN, MIN(30));
	EMPTY_GROUP(&s, G_SLT);
	T_EQ_INT(s.episodes, 0);
	T_EQ_INT(s.interactions, 0);
	T_EQ_DBL(s.head_share, NAN);
	T_EQ_DBL(s.per_hour, 0.0);
	T_EQ_DBL(s.under5, NAN);
	T_EQ_DBL(s.under9, NAN);
	T_EQ_DBL(s.median_ms, NAN);
	T_EQ_INT(s.longest_ms, MIN(30));
	T_EQ_DBL(s.interruptions_per_hour, 0.0);
	t = summary_transitions(&tl, &n);
	T_EQ_INT(n, 0);
	free(t);
	summary_free(&s);
	timeline_free(&tl);

	d = day_new(&hdr);
	timeline_from_day(d, &tl);
	day_free(d);
	summary_compute(&tl, SUMMARY_PARTS, &s);
	T_EQ_INT(s.ngroups, NGROUPS);
	EMPTY_GROUP(&s, G_SLT);
	EMPTY_GROUP(&s, ALONE);
	T_EQ_INT(s.observed_ms, 0);
	T_EQ_DBL(s.per_hour, NAN);
	T_EQ_DBL(s.interruptions_per_hour, NAN);
	T_EQ_INT(s.longest_ms, 0);
	bins = summary_bins(&tl, 5, &n);
	T_EQ_INT(n, 0);
	free(bins);
	summary_free(&s);
	summary_free(&s);	/* twice is harmless */
	timeline_free(&tl);
}

/* ---- Properties over random days ---- */

static uint64_t	rng;

static unsigned
rnd(unsigned n)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (unsigned)((rng >> 16) % n);
}

static const char *persons[] = { NULL, "A", "B", "C" };
static const char *wheres[] = { NULL, "office", "hall" };
static const char *modes[] = { NULL, "phone", "tour" };

/* A random record at t; its strings are static or in the scheme, its with
 * array static (valid until the next call). */
static struct record
random_record(int64_t t, char *text, size_t textsize)
{
	static const enum record_type types[] = {
		RECORD_START, RECORD_START, RECORD_START, RECORD_START,
		RECORD_START, RECORD_END, RECORD_END, RECORD_BRIEF,
		RECORD_BRIEF, RECORD_NOTE, RECORD_PAUSE, RECORD_RESUME,
		RECORD_RESUME, RECORD_UNDO, RECORD_UNDO, RECORD_STOP,
		RECORD_BEGIN, RECORD_SET, RECORD_SET
	};
	const struct scheme	*sc = hdr.scheme;
	struct record		 r;
	size_t			 i, n;
	int			 own;
	static char		 keys[SCHEME_MAX_GROUPS][2];
	static const char	*with[2];

	memset(&r, 0, sizeof r);
	r.type = types[rnd(sizeof types / sizeof types[0])];
	r.t = t;
	own = (int)rnd((unsigned)sc->ngroups);
	if (rnd(3) == 0) {
		keys[own][0] = sc->groups[own].key;
		keys[own][1] = '\0';
		r.group = keys[own];		/* by key */
	} else
		r.group = sc->groups[own].name;
	switch (r.type) {
	case RECORD_START:
	case RECORD_SET:
		r.mode = modes[rnd(3)];
		if (rnd(4) == 0) {
			r.has_with = 1;
			r.with = with;
			n = rnd(3);
			for (i = 0; i < n; i++)
				r.with[r.nwith++] = sc->groups[(own + 1 + i +
				    rnd(2) * 2) % sc->ngroups].name;
		}
		/* FALLTHROUGH */
	case RECORD_BRIEF:
		r.by = (enum record_by)rnd(3);
		r.person = persons[rnd(4)];
		r.where = wheres[rnd(3)];
		if (r.type == RECORD_SET && rnd(5) == 0)
			r.person = "";
		if (r.type == RECORD_SET && rnd(5) == 0)
			r.where = "";
		break;
	case RECORD_NOTE:
		snprintf(text, textsize, "note %u", rnd(1000));
		r.text = text;
		break;
	default:
		break;
	}
	if (r.type != RECORD_START && r.type != RECORD_BRIEF)
		r.group = NULL;
	return r;
}

/* A random day of up to 90 commands; refused ones are left out. */
static struct day *
random_day(void)
{
	struct day	*d = day_new(&hdr);
	struct record	 r;
	char		*cause = NULL, text[32];
	int64_t		 t = midnight + H(8, 0) + rnd(3600000);
	unsigned	 i, n = 1 + rnd(90), k;

	for (i = 0; i < n; i++) {
		k = rnd(100);
		if (k < 25)
			;			/* a tie */
		else if (k < 35)
			t += rnd(1000);
		else
			t += (int64_t)rnd(1200) * 1000 +
			    (rnd(4) == 0 ? rnd(1000) : 0);
		r = random_record(t, text, sizeof text);
		if (t_cause(day_apply(d, &r, t_err()), &cause) != 0) {
			free(cause);
			cause = NULL;
		}
	}
	return d;
}

/* A stretch of the reference replay. */
struct ref_stretch {
	enum tl_kind	 kind;
	size_t		 id;		/* episode: the action of its start */
	int64_t		 start, end;
	int		 group;
	enum record_by	 by;
	const char	*person, *where, *mode;
	uint64_t	 with;
};

struct ref {
	struct ref_stretch	*list;
	size_t			 n;
	int			 open;	/* the last one may still grow */
};

static const char *
nonempty(const char *s)
{
	return s != NULL && *s != '\0' ? s : NULL;
}

/* Adds the interval [a, b) in state st to the reference stretches. */
static void
ref_interval(struct ref *ref, const struct day_state *st, int64_t a,
    int64_t b)
{
	struct ref_stretch	 s, *last;
	size_t			 i;
	int			 g;

	memset(&s, 0, sizeof s);
	s.group = -1;
	if (st == NULL || (!st->paused && !st->stopped && !st->open))
		s.kind = TL_ALONE;
	else if (st->paused || st->stopped)
		s.kind = TL_PAUSE;
	else {
		s.kind = TL_EPISODE;
		s.id = st->episode.action;
		s.group = st->episode.group;
		s.by = st->episode.by;
		s.person = nonempty(st->episode.person);
		s.where = nonempty(st->episode.where);
		s.mode = nonempty(st->episode.mode);
		for (i = 0; i < st->episode.nwith; i++) {
			g = scheme_find(hdr.scheme, st->episode.with[i]);
			s.with |= UINT64_C(1) << g;
		}
	}
	s.start = a;
	s.end = b;
	last = ref->n > 0 ? &ref->list[ref->n - 1] : NULL;
	if (last != NULL && s.kind == TL_EPISODE &&
	    last->kind == TL_EPISODE && last->id == s.id) {
		s.start = last->start;	/* a set: the whole episode */
		if (b > last->end)
			*last = s;
		else {
			s.end = last->end;
			*last = s;
		}
		return;
	}
	if (b <= a)
		return;
	if (last != NULL && s.kind != TL_EPISODE && last->kind == s.kind) {
		last->end = b;
		return;
	}
	ref->list = xreallocarray(ref->list, ref->n + 1, sizeof *ref->list);
	ref->list[ref->n++] = s;
}

/*
 * The stretches of day d by another route: replay the actions in force
 * into a fresh day (a begin left running by an undone stop is refused
 * there and skipped) and take day_state between consecutive actions.
 */
static void
reference(const struct day *d, struct ref *ref, struct day **d2p)
{
	struct day		*d2 = day_new(&hdr);
	const struct day_action	*a;
	struct day_state	 st;
	struct record		 r;
	char			*cause = NULL;
	size_t			 i, n = day_nactions(d);
	int64_t			 prev, end;
	int			 have = 0;

	memset(ref, 0, sizeof *ref);
	*d2p = d2;
	if (n == 0)
		return;
	if (day_state(d)->stopped)
		end = day_state(d)->since - midnight;
	else
		end = day_action(d, n - 1)->t - midnight;
	prev = day_action(d, 0)->t - midnight;
	memset(&st, 0, sizeof st);
	for (i = 0; i < n; i++) {
		a = day_action(d, i);
		if (a->withdrawn || a->rec->type == RECORD_UNDO)
			continue;
		r = *a->rec;
		r.seq = 0;
		r.t = a->t;
		if (t_cause(day_apply(d2, &r, t_err()), &cause) != 0) {
			T_EQ_INT(r.type, RECORD_BEGIN);
			free(cause);
			cause = NULL;
			continue;
		}
		ref_interval(ref, have ? &st : NULL, prev,
		    (a->t - midnight) < end ? a->t - midnight : end);
		st = *day_state(d2);
		have = 1;
		prev = a->t - midnight;
	}
	ref_interval(ref, have ? &st : NULL, prev, end);
	T_EQ_INT(day_state(d2)->stopped, day_state(d)->stopped);
}

static int
same_str(const char *a, const char *b)
{
	if (a == NULL || b == NULL)
		return a == b;
	return strcmp(a, b) == 0;
}

/* The instants are the briefs and notes in force, in record order. */
static int
check_instants(const struct day *d, const struct timeline *tl)
{
	const struct day_action	*a;
	const struct record	*r;
	const struct tl_item	*it;
	size_t			 i, k = 0;

	for (i = 0; i < day_nactions(d); i++) {
		a = day_action(d, i);
		r = a->rec;
		if (a->withdrawn ||
		    (r->type != RECORD_BRIEF && r->type != RECORD_NOTE))
			continue;
		while (k < tl->nitems && tl->items[k].kind != TL_BRIEF &&
		    tl->items[k].kind != TL_NOTE)
			k++;
		if (k == tl->nitems)
			return 0;
		it = &tl->items[k++];
		if (it->start != a->t - midnight || it->end != it->start)
			return 0;
		if (r->type == RECORD_NOTE && (it->kind != TL_NOTE ||
		    it->group != -1 || strcmp(it->note, r->text) != 0))
			return 0;
		if (r->type == RECORD_BRIEF && (it->kind != TL_BRIEF ||
		    it->group != scheme_find(hdr.scheme, r->group) ||
		    it->by != r->by || !same_str(it->person, r->person) ||
		    !same_str(it->where, r->where)))
			return 0;
	}
	for (; k < tl->nitems; k++) {
		if (tl->items[k].kind == TL_BRIEF ||
		    tl->items[k].kind == TL_NOTE)
			return 0;
	}
	return 1;
}

/* The timeline's stretches are the reference's. */
static int
check_reference(const struct day *d, const struct timeline *tl)
{
	struct ref		 ref;
	struct day		*d2;
	const struct tl_item	*it;
	const struct ref_stretch *rs;
	size_t			 i, k = 0;
	int			 ok = 1;

	reference(d, &ref, &d2);
	for (i = 0; i < tl->nitems && ok; i++) {
		it = &tl->items[i];
		if (it->kind != TL_EPISODE && it->kind != TL_ALONE &&
		    it->kind != TL_PAUSE)
			continue;
		if (k == ref.n) {
			ok = 0;
			break;
		}
		rs = &ref.list[k++];
		ok = it->kind == rs->kind && it->start == rs->start &&
		    it->end == rs->end && it->group == rs->group &&
		    it->with == rs->with && same_str(it->person, rs->person) &&
		    same_str(it->where, rs->where) &&
		    same_str(it->mode, rs->mode) &&
		    (it->kind != TL_EPISODE || it->by == rs->by);
	}
	if (k != ref.n)
		ok = 0;
	free(ref.list);
	day_free(d2);
	return ok && check_instants(d, tl);
}

/* The timeline's shape: stretches positive, contiguous, in order. */
static int
check_shape(const struct timeline *tl)
{
	const struct tl_item	*it, *last = NULL;
	size_t			 i;
	int64_t			 obs = 0, paused = 0;

	for (i = 0; i < tl->nitems; i++) {
		it = &tl->items[i];
		if (i > 0 && it->start < tl->items[i - 1].start)
			return 0;
		if (it->kind == TL_BRIEF &&
		    (it->start < tl->begin || it->start > tl->end))
			return 0;
		if (it->kind == TL_NOTE && it->start < tl->begin)
			return 0;
		if (it->kind == TL_BRIEF || it->kind == TL_NOTE)
			continue;
		if (it->end <= it->start)
			return 0;
		if (last == NULL ? it->start != tl->begin :
		    it->start != last->end)
			return 0;
		if (last != NULL && last->kind == it->kind &&
		    it->kind != TL_EPISODE)
			return 0;	/* should have been merged */
		if (it->kind == TL_PAUSE)
			paused += it->end - it->start;
		else
			obs += it->end - it->start;
		last = it;
	}
	if (last != NULL && last->end != tl->end)
		return 0;
	return obs == tl->observed && paused == tl->paused &&
	    (last == NULL || obs + paused == tl->end - tl->begin);
}

/* The summary adds up: times to observed, shares to 1. */
static int
check_sums(const struct timeline *tl, const struct summary *s)
{
	const struct tl_item	*it;
	size_t			 g, i, stretches = 0, episodes = 0;
	int64_t			 ms = 0;
	double			 share = 0;

	for (i = 0; i < tl->nitems; i++) {
		it = &tl->items[i];
		stretches += it->kind == TL_EPISODE || it->kind == TL_ALONE;
		episodes += it->kind == TL_EPISODE;
	}
	for (g = 0; g < s->ngroups; g++) {
		ms += s->groups[g].ms;
		share += s->groups[g].share;
		stretches -= s->groups[g].episodes;
	}
	if (ms != s->observed_ms || ms != tl->observed || stretches != 0 ||
	    episodes != s->episodes)
		return 0;
	return s->observed_ms == 0 || fabs(share - 1.0) < 1e-9;
}

/* Bins of several widths add up to the summary per group. */
static int
check_bins(const struct timeline *tl, const struct summary *s)
{
	static const int	 widths[] = { 1, 5, 7, 60, 1440 };
	struct summary_bin	*bins;
	int64_t			 per[NGROUPS], w, inbin;
	size_t			 n, i, g, k;
	int			 ok = 1;

	for (k = 0; k < sizeof widths / sizeof widths[0]; k++) {
		w = (int64_t)widths[k] * 60000;
		bins = summary_bins(tl, widths[k], &n);
		memset(per, 0, sizeof per);
		inbin = 0;
		for (i = 0; i < n; i++) {
			g = bins[i].group < 0 ? ALONE : (size_t)bins[i].group;
			if (g != i % NGROUPS || bins[i].start % w != 0 ||
			    bins[i].ms < 0)
				ok = 0;
			per[g] += bins[i].ms;
			inbin += bins[i].ms;
			if (g == ALONE) {
				if (inbin > w)
					ok = 0;
				inbin = 0;
			}
		}
		for (g = 0; g < NGROUPS; g++) {
			if (per[g] != s->groups[g].ms)
				ok = 0;
		}
		if (n > 0 && (bins[0].start > tl->begin ||
		    bins[n - 1].start + w < tl->end ||
		    bins[n - 1].start >= tl->end))
			ok = 0;
		free(bins);
	}
	return ok;
}

/* Transition counts: one per consecutive pair of a chain. */
static int
check_transitions(const struct timeline *tl)
{
	struct summary_transition	*t;
	const struct tl_item		*it;
	size_t				 n, i, links = 0, total = 0;
	int				 chain = 0, ok = 1;

	for (i = 0; i < tl->nitems; i++) {
		it = &tl->items[i];
		if (it->kind == TL_PAUSE)
			chain = 0;
		else if (it->kind == TL_EPISODE || it->kind == TL_ALONE) {
			links += chain;
			chain = 1;
		}
	}
	t = summary_transitions(tl, &n);
	for (i = 0; i < n; i++) {
		total += t[i].count;
		if (t[i].count == 0 || (i > 0 &&
		    (t[i - 1].from == -1 ? 99 : t[i - 1].from) * 100 +
		    (t[i - 1].to == -1 ? 99 : t[i - 1].to) >=
		    (t[i].from == -1 ? 99 : t[i].from) * 100 +
		    (t[i].to == -1 ? 99 : t[i].to)))
			ok = 0;
	}
	free(t);
	return ok && total == links;
}

/* Every number of two summaries, bit for bit. */
static int
same_summary(const struct summary *a, const struct summary *b)
{
	struct summary	x = *a, y = *b;
	size_t		i;

	x.groups = y.groups = NULL;
	x.persons = y.persons = x.locations = y.locations = NULL;
	x.modes = y.modes = NULL;
	if (memcmp(&x, &y, sizeof x) != 0)
		return 0;
	if (memcmp(a->groups, b->groups, a->ngroups * sizeof *a->groups) != 0)
		return 0;
	for (i = 0; i < a->npersons; i++) {
		if (a->persons[i].group != b->persons[i].group ||
		    strcmp(a->persons[i].name, b->persons[i].name) != 0 ||
		    a->persons[i].episodes != b->persons[i].episodes ||
		    a->persons[i].ms != b->persons[i].ms)
			return 0;
	}
	for (i = 0; i < a->nlocations; i++) {
		if (strcmp(a->locations[i].name, b->locations[i].name) != 0 ||
		    a->locations[i].ms != b->locations[i].ms)
			return 0;
	}
	for (i = 0; i < a->nmodes; i++) {
		if (strcmp(a->modes[i].name, b->modes[i].name) != 0 ||
		    a->modes[i].ms != b->modes[i].ms)
			return 0;
	}
	return 1;
}

/* A reader's copy passes timeline_finish and gives the same figures. */
static int
check_copy(const struct timeline *tl, const struct summary *s)
{
	struct timeline			 copy;
	struct summary			 s2;
	struct summary_bin		*b1, *b2;
	struct summary_transition	*t1, *t2;
	char				*cause = NULL;
	size_t				 i, n1, n2, nstretches = 0;
	int				 ok;

	timeline_init(&copy, tl->school, tl->head, tl->observer, tl->date,
	    tl->scheme);
	for (i = 0; i < tl->nitems; i++) {
		timeline_add(&copy, &tl->items[i]);
		nstretches += tl->items[i].kind == TL_EPISODE ||
		    tl->items[i].kind == TL_ALONE ||
		    tl->items[i].kind == TL_PAUSE;
	}
	if (t_cause(timeline_finish(&copy, t_err()), &cause) != 0) {
		ok = nstretches == 0 && strcmp(cause, "no stretches") == 0;
		if (!ok)
			fprintf(stderr, "\n  finish: %s\n", cause);
		free(cause);
		timeline_free(&copy);
		return ok;
	}
	ok = copy.begin == tl->begin && copy.end == tl->end &&
	    copy.observed == tl->observed && copy.paused == tl->paused;
	summary_compute(&copy, SUMMARY_PARTS, &s2);
	ok = ok && same_summary(s, &s2);
	summary_free(&s2);

	b1 = summary_bins(tl, 5, &n1);
	b2 = summary_bins(&copy, 5, &n2);
	ok = ok && n1 == n2;
	for (i = 0; ok && i < n1; i++)
		ok = b1[i].start == b2[i].start && b1[i].group == b2[i].group &&
		    b1[i].ms == b2[i].ms;
	free(b1);
	free(b2);
	t1 = summary_transitions(tl, &n1);
	t2 = summary_transitions(&copy, &n2);
	ok = ok && n1 == n2 && (n1 == 0 ||
	    memcmp(t1, t2, n1 * sizeof *t1) == 0);
	free(t1);
	free(t2);
	timeline_free(&copy);
	return ok;
}

static void
test_summary_random(void)
{
	struct day	*d;
	struct timeline	 tl;
	struct summary	 s;
	int		 i, bad[6] = { 0 }, k;
	size_t		 items = 0, stretches = 0;

	rng = UINT64_C(0x9e3779b97f4a7c15);
	for (i = 0; i < RANDOM_DAYS; i++) {
		d = random_day();
		timeline_from_day(d, &tl);
		summary_compute(&tl, SUMMARY_PARTS, &s);
		k = 0;
		bad[k++] += !check_shape(&tl);
		bad[k++] += !check_reference(d, &tl);
		bad[k++] += !check_sums(&tl, &s);
		bad[k++] += !check_bins(&tl, &s);
		bad[k++] += !check_transitions(&tl);
		bad[k++] += !check_copy(&tl, &s);
		items += tl.nitems;
		stretches += tl.observed > 0;
		summary_free(&s);
		timeline_free(&tl);
		day_free(d);
	}
	T_EQ_INT(bad[0], 0);	/* shape */
	T_EQ_INT(bad[1], 0);	/* the replay of day_state */
	T_EQ_INT(bad[2], 0);	/* sums */
	T_EQ_INT(bad[3], 0);	/* bins */
	T_EQ_INT(bad[4], 0);	/* transitions */
	T_EQ_INT(bad[5], 0);	/* a reader's copy */
	/* The generator makes real days, not empty ones. */
	T_TRUE(items > RANDOM_DAYS * 10);
	T_TRUE(stretches > RANDOM_DAYS * 9 / 10);
}

static int
cmp_i64(const void *a, const void *b)
{
	int64_t	x = *(const int64_t *)a, y = *(const int64_t *)b;

	return x < y ? -1 : x > y;
}

/* summary_median of v[0..n) against a sort's middle; v keeps its values. */
static int
median_is_sorted_middle(const int64_t *v, size_t n)
{
	int64_t	*a = xcalloc(n + 1, sizeof *a), *b = xcalloc(n + 1, sizeof *b);
	double	 got, want;
	int	 ok;

	memcpy(a, v, n * sizeof *a);
	memcpy(b, v, n * sizeof *b);
	qsort(b, n, sizeof *b, cmp_i64);
	want = n == 0 ? NAN : n % 2 == 1 ? (double)b[n / 2] :
	    ((double)b[n / 2 - 1] + (double)b[n / 2]) / 2.0;
	got = summary_median(a, n);
	qsort(a, n, sizeof *a, cmp_i64);
	ok = (isnan(want) ? isnan(got) : got == want) &&
	    memcmp(a, b, n * sizeof *a) == 0;
	free(a);
	free(b);
	return ok;
}

/* The median by selection, not a sort: every length to 300 with many ties
 * or few, and the orders that make a quick select slow (sorted, reversed,
 * all equal, organ pipe, sawtooth). */
static void
test_summary_median_select(void)
{
	int64_t	v[4096];
	size_t	n, i;
	int	bad = 0, round;

	srand(29);
	for (round = 0; round < 3; round++) {
		for (n = 0; n <= 300; n++) {
			for (i = 0; i < n; i++)
				v[i] = round == 0 ? rand() % 7 :
				    round == 1 ? rand() % 600000 :
				    (int64_t)rand() * rand() - RAND_MAX;
			bad += !median_is_sorted_middle(v, n);
		}
	}
	for (round = 0; round < 5; round++) {
		for (n = 4095; n <= 4096; n++) {
			for (i = 0; i < n; i++)
				v[i] = round == 0 ? (int64_t)i :
				    round == 1 ? (int64_t)(n - i) :
				    round == 2 ? 60000 :
				    round == 3 ? (int64_t)(i < n / 2 ? i : n - i) :
				    (int64_t)(i % 17);
			bad += !median_is_sorted_middle(v, n);
		}
	}
	T_EQ_INT(bad, 0);
	v[0] = 5;
	v[1] = 2;
	T_EQ_DBL(summary_median(v, 2), 3.5);
	T_TRUE(isnan(summary_median(v, 0)));
}

void
summary_test_register(void)
{
	CU_pSuite	s;

	s = CU_add_suite("summary", summary_suite_init, summary_suite_clean);
	CU_add_test(s, "day A: groups and day figures", test_summary_day_a);
	CU_add_test(s, "the median by selection", test_summary_median_select);
	CU_add_test(s, "medians of many episodes in no order",
	    test_summary_many_median);
	CU_add_test(s, "day A: groups only, or a summary given",
	    test_summary_groups_only);
	CU_add_test(s, "day A: bins", test_summary_day_a_bins);
	CU_add_test(s, "day A: transitions", test_summary_day_a_transitions);
	CU_add_test(s, "day B: pauses, gaps, presence", test_summary_day_b);
	CU_add_test(s, "day C: interruptions past midnight",
	    test_summary_day_c);
	CU_add_test(s, "ties", test_summary_ties);
	CU_add_test(s, "gaps across a pause", test_summary_gaps_pause);
	CU_add_test(s, "undo and set", test_summary_undo_set);
	CU_add_test(s, "persons, locations, modes", test_summary_breakdowns);
	CU_add_test(s, "empty days", test_summary_empty);
	CU_add_test(s, "random days", test_summary_random);
}
