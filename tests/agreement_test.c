/*
 * Tests for the agreement between two observers: hand-made pairs of days
 * (the working is in the comments), every error with its message, the
 * middle-of-the-second rule at fractional boundaries, episode starts
 * matched within the window, and the three written forms.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "table-agreement.h"
#include "agreement.h"
#include "clock.h"
#include "output.h"
#include "scheme.h"
#include "test.h"
#include "timeline.h"
#include "xmalloc.h"

#define DATE		"2024-03-05"
#define EPS		1e-12

/* The default scheme's groups. */
enum {
	G_SLT, G_TEACHERS, G_SUPPORT, G_PUPILS, G_PARENTS, G_VISITORS, G_ALONE
};

static struct scheme	*scheme;

static int
agreement_suite_init(void)
{
	scheme = scheme_default();
	return 0;
}

static int
agreement_suite_clean(void)
{
	scheme_free(scheme);
	return 0;
}

/* Clock ms of "HH:MM:SS[.mmm]" (len bytes); aborts on a typo. */
static int64_t
hms(const char *s, size_t len)
{
	int64_t	 ms;
	char	*cause = NULL;

	if (clock_parse_hms(s, len, &ms, &cause) != 0) {
		fprintf(stderr, "bad time in a test: %s\n", cause);
		abort();
	}
	return ms;
}

/*
 * A day from a list of items "WHAT START-END" joined by ", ": WHAT is
 * alone, pause or a group's key or name; "*KEY TIME" is a brief contact.
 * Aborts on a typo or a day timeline_finish refuses.
 */
static void
day_of(struct timeline *tl, const struct scheme *sch, const char *school,
    const char *head, const char *observer, const char *date,
    const char *items)
{
	struct tl_item	 it;
	const char	*p = items, *sp, *dash, *end;
	char		 what[64], *cause = NULL;

	timeline_init(tl, school, head, observer, date, sch);
	while (*p != '\0') {
		end = strstr(p, ", ");
		if (end == NULL)
			end = p + strlen(p);
		sp = memchr(p, ' ', (size_t)(end - p));
		if (sp == NULL || (size_t)(sp - p) >= sizeof what)
			abort();
		memcpy(what, p, (size_t)(sp - p));
		what[sp - p] = '\0';
		memset(&it, 0, sizeof it);
		dash = memchr(sp + 1, '-', (size_t)(end - sp - 1));
		it.start = hms(sp + 1, (size_t)((dash != NULL ? dash : end) -
		    sp - 1));
		it.end = it.start;
		if (dash != NULL)
			it.end = hms(dash + 1, (size_t)(end - dash - 1));
		it.group = -1;
		if (strcmp(what, "alone") == 0)
			it.kind = TL_ALONE;
		else if (strcmp(what, "pause") == 0)
			it.kind = TL_PAUSE;
		else {
			it.kind = what[0] == '*' ? TL_BRIEF : TL_EPISODE;
			it.group = scheme_find(sch, what + (what[0] == '*'));
			if (it.group < 0)
				abort();
		}
		timeline_add(tl, &it);
		p = *end == '\0' ? end : end + 2;
	}
	if (timeline_finish(tl, &cause) != 0) {
		fprintf(stderr, "bad day in a test: %s\n", cause);
		abort();
	}
}

/* A day of the default school, head and date, seen by observer. */
static void
obs(struct timeline *tl, const char *observer, const char *items)
{
	day_of(tl, scheme, "Hillside Primary", "H1", observer, DATE, items);
}

/* agreement_compute on two days given as items; fails the test on an
 * error. */
static int
compare_(const char *a_items, const char *b_items, int window,
    struct agreement *ag, int line)
{
	struct timeline	 a, b;
	char		*cause = NULL, msg[T_MSG_LEN];
	int		 rc;

	obs(&a, "O1", a_items);
	obs(&b, "O2", b_items);
	rc = agreement_compute(&a, &b, window, ag, &cause);
	snprintf(msg, sizeof msg, "line %d: %s", line,
	    cause != NULL ? cause : "ok");
	CU_assertImplementation(rc == 0, line, msg, __FILE__, "", CU_FALSE);
	free(cause);
	timeline_free(&a);
	timeline_free(&b);
	return rc;
}
#define compare(a, b, w, ag) compare_((a), (b), (w), (ag), __LINE__)

/* The error agreement_compute gives for two days (caller frees); NULL
 * when it gives none. */
static char *
refusal(const struct timeline *a, const struct timeline *b)
{
	struct agreement	 ag;
	char			*cause = NULL;

	if (agreement_compute(a, b, AGREEMENT_WINDOW, &ag, &cause) == 0) {
		agreement_free(&ag);
		return NULL;
	}
	return cause;
}

static int64_t
cell(const struct agreement *ag, size_t a, size_t b)
{
	return ag->confusion[a * ag->ncodes + b];
}

/* What table_agreement_write writes (caller frees). */
static char *
written(enum output_format format, const struct agreement *ag,
    const struct timeline *a, const struct timeline *b)
{
	char	*buf = NULL;
	size_t	 len = 0;
	FILE	*f;

	if ((f = open_memstream(&buf, &len)) == NULL)
		abort();
	table_agreement_write(f, format, ag, a, b);
	if (fclose(f) != 0)
		abort();
	return buf;
}

/* ---- kappa on hand-made pairs ---- */

/* The same day twice: every second agrees.  Seconds 09:00-10:00 less the
 * pause 09:20-09:30: 3000.  A coded teachers 1200 + 600, alone 600 +
 * 600: expected = (1800/3000)^2 + (1200/3000)^2 = 0.36 + 0.16 = 0.52. */
static void
test_identical(void)
{
	const char		*day = "alone 09:00-09:10, t 09:10-09:20, "
	    "pause 09:20-09:30, t 09:30-09:50, *p 09:35, alone 09:50-10:00";
	struct agreement	 ag;
	size_t			 i;

	if (compare(day, day, AGREEMENT_WINDOW, &ag) != 0)
		return;
	T_EQ_INT(ag.seconds, 3000);
	T_EQ_INT(ag.same, 3000);
	T_TRUE(ag.kappa == 1);
	T_TRUE(ag.observed == 1);
	T_TRUE(fabs(ag.expected - 0.52) < EPS);
	T_EQ_INT(ag.ncodes, 7);
	T_EQ_INT(cell(&ag, G_TEACHERS, G_TEACHERS), 1800);
	T_EQ_INT(cell(&ag, G_ALONE, G_ALONE), 1200);
	T_EQ_INT(ag.groups[G_TEACHERS].a_seconds, 1800);
	T_EQ_INT(ag.groups[G_TEACHERS].b_seconds, 1800);
	T_EQ_INT(ag.groups[G_TEACHERS].both_seconds, 1800);
	T_TRUE(ag.groups[G_TEACHERS].agreement == 1);
	T_TRUE(ag.groups[G_ALONE].agreement == 1);
	for (i = G_SLT; i < G_ALONE; i++) {
		if (i != G_TEACHERS)
			T_TRUE(isnan(ag.groups[i].agreement));
	}
	T_EQ_INT(ag.events.a_starts, 2);
	T_EQ_INT(ag.events.matched, 2);
	T_TRUE(ag.events.agreement == 1);
	agreement_free(&ag);
}

/*
 * One episode recoded: 09:30-09:40 (600 s) is teachers for A, SLT for B.
 * 3600 s compared.  A: teachers 1800, alone 1800.  B: teachers 1200, SLT
 * 600, alone 1800.  observed = (1200 + 1800) / 3600 = 5/6.
 * expected = (1800 * 1200 + 0 * 600 + 1800 * 1800) / 3600^2
 *          = 5 400 000 / 12 960 000 = 5/12.
 * kappa = (5/6 - 5/12) / (1 - 5/12) = (5/12) / (7/12) = 5/7 = 0.714286.
 * Per group: teachers 1200 / (1800 + 1200 - 1200) = 2/3; SLT 0 / 600 = 0;
 * alone 1800 / 1800 = 1.  Starts: A teachers 09:10, teachers 09:30; B
 * teachers 09:10, SLT 09:30: one matched, one missed by each, 1/3.
 */
static const char *const recoded_a = "alone 09:00-09:10, t 09:10-09:30, "
    "t 09:30-09:40, alone 09:40-10:00";
static const char *const recoded_b = "alone 09:00-09:10, t 09:10-09:30, "
    "s 09:30-09:40, alone 09:40-10:00";

static void
test_recoded(void)
{
	struct agreement	 ag;

	if (compare(recoded_a, recoded_b, AGREEMENT_WINDOW, &ag) != 0)
		return;
	T_EQ_INT(ag.seconds, 3600);
	T_EQ_INT(ag.same, 3000);
	T_TRUE(fabs(ag.observed - 5.0 / 6) < EPS);
	T_TRUE(fabs(ag.expected - 5.0 / 12) < EPS);
	T_TRUE(fabs(ag.kappa - 5.0 / 7) < EPS);
	T_EQ_INT(cell(&ag, G_TEACHERS, G_TEACHERS), 1200);
	T_EQ_INT(cell(&ag, G_TEACHERS, G_SLT), 600);
	T_EQ_INT(cell(&ag, G_SLT, G_TEACHERS), 0);
	T_EQ_INT(cell(&ag, G_ALONE, G_ALONE), 1800);
	T_EQ_INT(ag.groups[G_SLT].a_seconds, 0);
	T_EQ_INT(ag.groups[G_SLT].b_seconds, 600);
	T_TRUE(ag.groups[G_SLT].agreement == 0);
	T_TRUE(fabs(ag.groups[G_TEACHERS].agreement - 2.0 / 3) < EPS);
	T_TRUE(ag.groups[G_ALONE].agreement == 1);
	T_TRUE(isnan(ag.groups[G_PUPILS].agreement));
	T_EQ_INT(ag.events.a_starts, 2);
	T_EQ_INT(ag.events.b_starts, 2);
	T_EQ_INT(ag.events.matched, 1);
	T_EQ_INT(ag.events.missed_a, 1);
	T_EQ_INT(ag.events.missed_b, 1);
	T_TRUE(fabs(ag.events.agreement - 1.0 / 3) < EPS);
	T_EQ_STR(agreement_band(ag.kappa), "substantial");
	agreement_free(&ag);
}

/* Both alone all the time: expected is 1, and so is kappa (not 0/0). */
static void
test_expected_one(void)
{
	struct agreement	 ag;

	if (compare("alone 09:00-10:00", "alone 08:30-09:30",
	    AGREEMENT_WINDOW, &ag) != 0)
		return;
	T_EQ_INT(ag.seconds, 1800);
	T_TRUE(ag.expected == 1);
	T_TRUE(ag.observed == 1);
	T_TRUE(ag.kappa == 1);
	T_TRUE(isnan(ag.events.agreement));
	T_EQ_INT(ag.events.a_starts + ag.events.b_starts, 0);
	agreement_free(&ag);
	/* Both with teachers throughout: the same. */
	if (compare("t 09:00-10:00", "t 09:00-10:00", 0, &ag) != 0)
		return;
	T_TRUE(ag.expected == 1 && ag.kappa == 1);
	agreement_free(&ag);
}

/* Disagreeing throughout: A alone, B with teachers: observed 0, expected
 * 1 * 0 + 0 * 1 = 0, kappa 0.  A alone, B half teachers: observed 1/2,
 * expected 1 * 1/2 = 1/2, kappa 0 again.  A half alone and half
 * teachers, B the other way round: observed 0, expected 1/2, kappa -1. */
static void
test_disagreeing(void)
{
	struct agreement	 ag;

	if (compare("alone 09:00-10:00", "t 09:00-10:00", 0, &ag) != 0)
		return;
	T_TRUE(ag.observed == 0 && ag.expected == 0 && ag.kappa == 0);
	T_EQ_INT(cell(&ag, G_ALONE, G_TEACHERS), 3600);
	agreement_free(&ag);
	if (compare("alone 09:00-10:00", "alone 09:00-09:30, t 09:30-10:00",
	    0, &ag) != 0)
		return;
	T_TRUE(ag.observed == 0.5 && ag.expected == 0.5 && ag.kappa == 0);
	agreement_free(&ag);
	if (compare("alone 09:00-09:30, t 09:30-10:00",
	    "t 09:00-09:30, alone 09:30-10:00", 0, &ag) != 0)
		return;
	T_TRUE(ag.observed == 0 && ag.expected == 0.5 && ag.kappa == -1);
	T_EQ_STR(agreement_band(ag.kappa), "poor");
	agreement_free(&ag);
}

/* A pause in either leaves its seconds out.  A: teachers 09:00-10:00.
 * B: teachers 09:00-09:20, pause 09:20-09:30, alone 09:30-10:00, and A
 * pauses 09:50-10:00 too (A's day: teachers to 09:50, pause to 10:00).
 * Compared: 09:00-09:20 (1200, agree) and 09:30-09:50 (1200, differ). */
static void
test_pauses(void)
{
	struct agreement	 ag;

	if (compare("t 09:00-09:50, pause 09:50-10:00",
	    "t 09:00-09:20, pause 09:20-09:30, alone 09:30-10:00", 0,
	    &ag) != 0)
		return;
	T_EQ_INT(ag.seconds, 2400);
	T_EQ_INT(cell(&ag, G_TEACHERS, G_TEACHERS), 1200);
	T_EQ_INT(cell(&ag, G_TEACHERS, G_ALONE), 1200);
	T_TRUE(ag.observed == 0.5);
	agreement_free(&ag);
}

/*
 * Fractional boundaries and the middle rule.  A: alone from 09:59:00 to
 * 10:00:00.400, then teachers to 10:01:00; B switches at 10:00:00.600.
 * Second 10:00:00 (middle .500) is teachers for A (its stretch starts at
 * .400 <= .500) and alone for B (.600 > .500): 60 alone/alone (09:59:00
 * to 09:59:59), 1 teachers/alone, 59 teachers/teachers.
 */
static void
test_fractions(void)
{
	struct agreement	 ag;

	if (compare("alone 09:59:00-10:00:00.400, t 10:00:00.400-10:01:00",
	    "alone 09:59:00-10:00:00.600, t 10:00:00.600-10:01:00", 0,
	    &ag) != 0)
		return;
	T_EQ_INT(ag.seconds, 120);
	T_EQ_INT(cell(&ag, G_ALONE, G_ALONE), 60);
	T_EQ_INT(cell(&ag, G_TEACHERS, G_ALONE), 1);
	T_EQ_INT(cell(&ag, G_TEACHERS, G_TEACHERS), 59);
	agreement_free(&ag);

	/* A stretch starting exactly at the middle holds it: [s, e) holds
	 * m when s <= m < e.  B to teachers at 10:00:00.500: all agree. */
	if (compare("alone 09:59:00-10:00:00.500, t 10:00:00.500-10:01:00",
	    "alone 09:59:00-10:00:00.500, t 10:00:00.500-10:01:00", 0,
	    &ag) != 0)
		return;
	T_EQ_INT(cell(&ag, G_ALONE, G_ALONE), 60);
	T_EQ_INT(cell(&ag, G_TEACHERS, G_TEACHERS), 60);
	agreement_free(&ag);

	/* A day from 08:00:00.600 to 08:00:10.501: second 08:00:00 is out
	 * (its middle .500 is before the begin), 08:00:10 is in (.500 <
	 * .501): seconds 1 to 10, 10 of them. */
	if (compare("alone 08:00:00.600-08:00:10.501", "alone 08:00-08:00:20",
	    0, &ag) != 0)
		return;
	T_EQ_INT(ag.seconds, 10);
	agreement_free(&ag);
	/* Ending at .500 leaves that second out: 08:00:01 to 08:00:09. */
	if (compare("alone 08:00:00.600-08:00:10.500", "alone 08:00-08:00:20",
	    0, &ag) != 0)
		return;
	T_EQ_INT(ag.seconds, 9);
	agreement_free(&ag);
}

/* ---- what is refused ---- */

static void
test_no_overlap(void)
{
	struct timeline	 a, b;
	char		*cause;

	obs(&a, "O1", "alone 08:00-10:00, t 10:00-12:00");
	obs(&b, "O2", "alone 13:00-15:00");
	cause = refusal(&a, &b);
	T_EQ_STR(cause, "A and B do not overlap in time: A runs "
	    "08:00:00-12:00:00, B 13:00:00-15:00:00");
	free(cause);
	cause = refusal(&b, &a);
	T_EQ_STR(cause, "A and B do not overlap in time: A runs "
	    "13:00:00-15:00:00, B 08:00:00-12:00:00");
	free(cause);
	timeline_free(&b);

	/* Touching is not overlapping. */
	obs(&b, "O2", "alone 12:00-15:00");
	cause = refusal(&a, &b);
	T_HAS_STR(cause, "do not overlap in time");
	free(cause);
	timeline_free(&b);

	/* Spans that meet only where one of them is paused. */
	obs(&b, "O2", "pause 09:00-12:00, alone 12:00-13:00");
	cause = refusal(&a, &b);
	T_EQ_STR(cause, "A and B observed no whole second in common (time "
	    "paused by either is left out): A runs 08:00:00-12:00:00, B "
	    "09:00:00-13:00:00");
	free(cause);
	timeline_free(&b);

	/* 300 ms in common holds no second's middle. */
	obs(&b, "O2", "alone 11:59:59.700-13:00");
	cause = refusal(&a, &b);
	T_HAS_STR(cause, "observed no whole second in common");
	T_HAS_STR(cause, "B 11:59:59.700-13:00:00");
	free(cause);
	timeline_free(&b);
	timeline_free(&a);
}

static void
test_different_schemes(void)
{
	static const char	 text[] =
	    "group s SLT\ngroup t teachers\ngroup a \"support staff\"\n"
	    "group p students\ngroup r parents\ngroup v visitors\n";
	struct scheme		*other;
	struct timeline		 a, b;
	char			*cause = NULL;

	other = scheme_parse(text, strlen(text), "other", &cause);
	if (other == NULL) {
		T_EQ_STR(cause, "");
		free(cause);
		return;
	}
	obs(&a, "O1", "alone 09:00-10:00");
	day_of(&b, other, "Hillside Primary", "H1", "O2", DATE,
	    "alone 09:00-10:00");
	cause = refusal(&a, &b);
	T_EQ_STR(cause, "A and B use different coding schemes: group 4 is "
	    "\"pupils\" (key p) in A, \"students\" (key p) in B");
	free(cause);
	timeline_free(&b);
	scheme_free(other);

	/* Fewer groups. */
	other = scheme_parse("group t teachers\n", 17, "other", &cause);
	day_of(&b, other, "Hillside Primary", "H1", "O2", DATE,
	    "alone 09:00-10:00");
	cause = refusal(&a, &b);
	T_EQ_STR(cause, "A and B use different coding schemes: A has 6 "
	    "groups, B 1");
	free(cause);
	timeline_free(&b);
	scheme_free(other);
	timeline_free(&a);
}

static void
test_different_days(void)
{
	struct timeline	 a, b;
	char		*cause;

	obs(&a, "O1", "alone 09:00-10:00");
	day_of(&b, scheme, "Hillside Primary", "H2", "O2", DATE,
	    "alone 09:00-10:00");
	cause = refusal(&a, &b);
	T_EQ_STR(cause, "A and B are not the same head and day: the head is "
	    "\"H1\" in A, \"H2\" in B");
	free(cause);
	timeline_free(&b);

	day_of(&b, scheme, "Meadowbank", "H1", "O2", DATE,
	    "alone 09:00-10:00");
	cause = refusal(&a, &b);
	T_EQ_STR(cause, "A and B are not the same head and day: the school "
	    "is \"Hillside Primary\" in A, \"Meadowbank\" in B");
	free(cause);
	timeline_free(&b);

	day_of(&b, scheme, "Hillside Primary", "H1", "O2", "2024-03-06",
	    "alone 09:00-10:00");
	cause = refusal(&a, &b);
	T_EQ_STR(cause, "A and B are not the same head and day: the date is "
	    "\"2024-03-05\" in A, \"2024-03-06\" in B");
	free(cause);
	timeline_free(&b);

	/* A name from a log is quoted safely. */
	day_of(&b, scheme, "Hillside Primary", "H\x1b[2J", "O2", DATE,
	    "alone 09:00-10:00");
	cause = refusal(&a, &b);
	T_HAS_STR(cause, "\"H\\x1b[2J\" in B");
	free(cause);
	timeline_free(&b);

	/* The same observer twice is allowed: only the day must match. */
	obs(&b, "O1", "alone 09:00-10:00");
	cause = refusal(&a, &b);
	T_TRUE(cause == NULL);
	free(cause);
	timeline_free(&b);
	timeline_free(&a);
}

/* ---- episode starts ---- */

/* A's start at 09:10:00 against B's at 09:10:29 (matched), 09:10:30
 * (matched: the window is inclusive) and 09:10:31 (not).  The starts at
 * 09:20:00 always match. */
static void
test_window(void)
{
	static const int	 t[] = { 29, 30, 31 };
	static const size_t	 matched[] = { 2, 2, 1 };
	struct agreement	 ag;
	char			*a, *b;
	size_t			 i;

	a = xstrdup("alone 09:00-09:10, t 09:10-09:10:45, "
	    "alone 09:10:45-09:20, t 09:20-09:20:05, alone 09:20:05-10:00");
	for (i = 0; i < 3; i++) {
		b = xasprintf("alone 09:00-09:10:%02d, t 09:10:%02d-09:10:45, "
		    "alone 09:10:45-09:20, t 09:20-09:20:05, "
		    "alone 09:20:05-10:00", t[i], t[i]);
		if (compare(a, b, AGREEMENT_WINDOW, &ag) == 0) {
			T_EQ_INT(ag.events.window_s, 30);
			T_EQ_INT(ag.events.a_starts, 2);
			T_EQ_INT(ag.events.b_starts, 2);
			T_EQ_INT(ag.events.matched, matched[i]);
			T_EQ_INT(ag.events.missed_a, 2 - matched[i]);
			T_EQ_INT(ag.events.missed_b, 2 - matched[i]);
			agreement_free(&ag);
		}
		/* With --window=60 all match; with 0 only the exact ones. */
		if (compare(a, b, 60, &ag) == 0) {
			T_EQ_INT(ag.events.matched, 2);
			agreement_free(&ag);
		}
		if (compare(a, b, 0, &ag) == 0) {
			T_EQ_INT(ag.events.matched, 1);
			agreement_free(&ag);
		}
		free(b);
	}
	free(a);
}

/* A start matches only a start of its own group. */
static void
test_same_group(void)
{
	struct agreement	 ag;

	if (compare("alone 09:00-09:10, t 09:10-09:20, alone 09:20-10:00",
	    "alone 09:00-09:10, s 09:10-09:20, alone 09:20-10:00",
	    AGREEMENT_WINDOW, &ag) != 0)
		return;
	T_EQ_INT(ag.events.matched, 0);
	T_EQ_INT(ag.events.missed_a, 1);
	T_EQ_INT(ag.events.missed_b, 1);
	T_TRUE(ag.events.agreement == 0);
	agreement_free(&ag);
}

/*
 * One to one, nearest first, greedy in A's time order.  A: teachers at
 * 09:10:00 and 09:10:20; B: one teachers start at 09:10:10.  Both A
 * starts are within 30 s of it, but it is used once: 1 matched, 1 missed
 * by B.  Then A: 09:10:00 and 09:10:38; B: 09:09:35 and 09:10:10.  A's
 * first takes the nearer 09:10:10 (10 s, not 25 s); A's second would
 * have matched 09:10:10 (28 s) but it is taken, and 09:09:35 is 63 s
 * away: 1 matched, one missed by each.
 */
static void
test_one_to_one(void)
{
	struct agreement	 ag;

	if (compare("alone 09:00-09:10, t 09:10-09:10:10, "
	    "alone 09:10:10-09:10:20, t 09:10:20-09:10:30, "
	    "alone 09:10:30-10:00",
	    "alone 09:00-09:10:10, t 09:10:10-09:10:30, alone 09:10:30-10:00",
	    AGREEMENT_WINDOW, &ag) != 0)
		return;
	T_EQ_INT(ag.events.a_starts, 2);
	T_EQ_INT(ag.events.b_starts, 1);
	T_EQ_INT(ag.events.matched, 1);
	T_EQ_INT(ag.events.missed_a, 1);
	T_EQ_INT(ag.events.missed_b, 0);
	T_TRUE(fabs(ag.events.agreement - 0.5) < EPS);
	agreement_free(&ag);

	if (compare("alone 09:00-09:10, t 09:10-09:10:05, "
	    "alone 09:10:05-09:10:38, t 09:10:38-09:10:45, "
	    "alone 09:10:45-10:00",
	    "alone 09:00-09:09:35, t 09:09:35-09:09:40, "
	    "alone 09:09:40-09:10:10, t 09:10:10-09:10:15, "
	    "alone 09:10:15-10:00",
	    AGREEMENT_WINDOW, &ag) != 0)
		return;
	T_EQ_INT(ag.events.a_starts, 2);
	T_EQ_INT(ag.events.b_starts, 2);
	T_EQ_INT(ag.events.matched, 1);
	T_EQ_INT(ag.events.missed_a, 1);
	T_EQ_INT(ag.events.missed_b, 1);
	agreement_free(&ag);

	/* Ties go to the earlier B start; the later one then serves A's
	 * second start.  A: 09:10:00, 09:10:12; B: 09:09:50, 09:10:10. */
	if (compare("alone 09:00-09:10, t 09:10-09:10:05, "
	    "alone 09:10:05-09:10:12, t 09:10:12-09:10:20, "
	    "alone 09:10:20-10:00",
	    "alone 09:00-09:09:50, t 09:09:50-09:09:55, "
	    "alone 09:09:55-09:10:10, t 09:10:10-09:10:15, "
	    "alone 09:10:15-10:00",
	    AGREEMENT_WINDOW, &ag) != 0)
		return;
	T_EQ_INT(ag.events.matched, 2);
	agreement_free(&ag);
}

/* Starts are judged only where the other observer watched: A's start at
 * 08:30 (B arrives at 09:00) and B's at 09:40 (A paused) are in neither
 * count; A's at 09:10 and B's at 09:10:05 match. */
static void
test_starts_observed(void)
{
	struct agreement	 ag;

	if (compare("alone 08:00-08:30, p 08:30-08:40, alone 08:40-09:10, "
	    "t 09:10-09:15, alone 09:15-09:35, pause 09:35-09:45, "
	    "alone 09:45-10:00",
	    "alone 09:00-09:10:05, t 09:10:05-09:15, alone 09:15-09:40, "
	    "s 09:40-09:42, alone 09:42-10:00",
	    AGREEMENT_WINDOW, &ag) != 0)
		return;
	T_EQ_INT(ag.events.a_starts, 1);
	T_EQ_INT(ag.events.b_starts, 1);
	T_EQ_INT(ag.events.matched, 1);
	T_TRUE(ag.events.agreement == 1);
	agreement_free(&ag);
}

static void
test_band(void)
{
	T_EQ_STR(agreement_band(-0.01), "poor");
	T_EQ_STR(agreement_band(-0.0000001), "slight");	/* prints 0 */
	T_EQ_STR(agreement_band(0), "slight");
	T_EQ_STR(agreement_band(0.2), "slight");
	T_EQ_STR(agreement_band(0.2000004), "slight");
	T_EQ_STR(agreement_band(0.200001), "fair");
	T_EQ_STR(agreement_band(0.4), "fair");
	T_EQ_STR(agreement_band(0.6), "moderate");
	T_EQ_STR(agreement_band(0.8), "substantial");
	T_EQ_STR(agreement_band(0.81), "almost perfect");
	T_EQ_STR(agreement_band(1), "almost perfect");
}

/* ---- the written forms ---- */

static void
recoded_pair(struct timeline *a, struct timeline *b, struct agreement *ag)
{
	char	*cause = NULL;

	obs(a, "O1", recoded_a);
	obs(b, "O2", recoded_b);
	if (agreement_compute(a, b, AGREEMENT_WINDOW, ag, &cause) != 0)
		abort();
}

static void
test_csv(void)
{
	struct timeline		 a, b;
	struct agreement	 ag;
	char			*s;

	recoded_pair(&a, &b, &ag);
	s = written(OUTPUT_CSV, &ag, &a, &b);
	/* Only the pairs that occur; every group in the per-group table. */
	T_EQ_STR(s,
	    "kappa,observed,expected,seconds\n"
	    "0.714286,0.833333,0.416667,3600.000\n"
	    "\n"
	    "a_group,b_group,seconds\n"
	    "teachers,SLT,600.000\n"
	    "teachers,teachers,1200.000\n"
	    "alone,alone,1800.000\n"
	    "\n"
	    "group,a_seconds,b_seconds,both_seconds,agreement\n"
	    "SLT,0.000,600.000,0.000,0.000000\n"
	    "teachers,1800.000,1200.000,1200.000,0.666667\n"
	    "support staff,0.000,0.000,0.000,\n"
	    "pupils,0.000,0.000,0.000,\n"
	    "parents,0.000,0.000,0.000,\n"
	    "visitors,0.000,0.000,0.000,\n"
	    "alone,1800.000,1800.000,1800.000,1.000000\n"
	    "\n"
	    "window_s,a_starts,b_starts,matched,missed_a,missed_b,agreement\n"
	    "30.000,2,2,1,1,1,0.333333\n");
	free(s);
	agreement_free(&ag);
	timeline_free(&a);
	timeline_free(&b);
}

static void
test_json(void)
{
	struct timeline		 a, b;
	struct agreement	 ag;
	char			*s;

	recoded_pair(&a, &b, &ag);
	s = written(OUTPUT_JSON, &ag, &a, &b);
	T_EQ_STR(s,
	    "{\"kappa\": 0.714286, \"observed\": 0.833333, "
	    "\"expected\": 0.416667, \"seconds\": 3600.000,\n"
	    " \"confusion\": [\n"
	    "  {\"a_group\": \"teachers\", \"b_group\": \"SLT\", "
	    "\"seconds\": 600.000},\n"
	    "  {\"a_group\": \"teachers\", \"b_group\": \"teachers\", "
	    "\"seconds\": 1200.000},\n"
	    "  {\"a_group\": \"alone\", \"b_group\": \"alone\", "
	    "\"seconds\": 1800.000}\n"
	    " ],\n"
	    " \"groups\": [\n"
	    "  {\"group\": \"SLT\", \"a_seconds\": 0.000, "
	    "\"b_seconds\": 600.000, \"both_seconds\": 0.000, "
	    "\"agreement\": 0.000000},\n"
	    "  {\"group\": \"teachers\", \"a_seconds\": 1800.000, "
	    "\"b_seconds\": 1200.000, \"both_seconds\": 1200.000, "
	    "\"agreement\": 0.666667},\n"
	    "  {\"group\": \"support staff\", \"a_seconds\": 0.000, "
	    "\"b_seconds\": 0.000, \"both_seconds\": 0.000, "
	    "\"agreement\": null},\n"
	    "  {\"group\": \"pupils\", \"a_seconds\": 0.000, "
	    "\"b_seconds\": 0.000, \"both_seconds\": 0.000, "
	    "\"agreement\": null},\n"
	    "  {\"group\": \"parents\", \"a_seconds\": 0.000, "
	    "\"b_seconds\": 0.000, \"both_seconds\": 0.000, "
	    "\"agreement\": null},\n"
	    "  {\"group\": \"visitors\", \"a_seconds\": 0.000, "
	    "\"b_seconds\": 0.000, \"both_seconds\": 0.000, "
	    "\"agreement\": null},\n"
	    "  {\"group\": \"alone\", \"a_seconds\": 1800.000, "
	    "\"b_seconds\": 1800.000, \"both_seconds\": 1800.000, "
	    "\"agreement\": 1.000000}\n"
	    " ],\n"
	    " \"events\": {\"window_s\": 30.000, \"a_starts\": 2, "
	    "\"b_starts\": 2, \"matched\": 1, \"missed_a\": 1, "
	    "\"missed_b\": 1, \"agreement\": 0.333333}}\n");
	free(s);
	agreement_free(&ag);
	timeline_free(&a);
	timeline_free(&b);
}

static void
test_text(void)
{
	struct timeline		 a, b;
	struct agreement	 ag;
	char			*s, *cause = NULL;

	recoded_pair(&a, &b, &ag);
	s = written(OUTPUT_TEXT, &ag, &a, &b);
	T_EQ_STR(s,
	    "Agreement between two observers \xc2\xb7 Hillside Primary "
	    "\xc2\xb7 H1 \xc2\xb7 2024-03-05\n"
	    "\n"
	    "A  O1, 09:00:00 to 10:00:00\n"
	    "B  O2, 09:00:00 to 10:00:00\n"
	    "Compared: 3600 seconds (1h00m) observed by both\n"
	    "\n"
	    "Cohen's kappa   0.714  substantial (Landis & Koch)\n"
	    "Observed        0.833  of the seconds coded alike\n"
	    "Expected        0.417  by chance, from each observer's shares\n"
	    "\n"
	    "Seconds coded by A (rows) and by B (columns)\n"
	    "  A \\ B     SLT  teachers  alone\n"
	    "  SLT         0         0      0\n"
	    "  teachers  600      1200      0\n"
	    "  alone       0         0   1800\n"
	    "\n"
	    "Per group (agreement: both / seconds either coded it)\n"
	    "  group          A seconds  B seconds  both  agreement\n"
	    "  SLT                    0        600     0       0.0%\n"
	    "  teachers            1800       1200  1200      66.7%\n"
	    "  support staff          0          0     0          -\n"
	    "  pupils                 0          0     0          -\n"
	    "  parents                0          0     0          -\n"
	    "  visitors               0          0     0          -\n"
	    "  alone               1800       1800  1800     100.0%\n"
	    "\n"
	    "Episode starts matched within 30 s (same group, one to one; "
	    "only starts made\n"
	    "while the other observer was observing count)\n"
	    "  A's starts                      2\n"
	    "  B's starts                      2\n"
	    "  matched                         1\n"
	    "  A's that B missed               1\n"
	    "  B's that A missed               1\n"
	    "  event agreement             33.3%  matched / (matched + "
	    "missed by either)\n");
	free(s);
	agreement_free(&ag);
	timeline_free(&a);
	timeline_free(&b);

	/* Names from a log reach the terminal made safe. */
	day_of(&a, scheme, "Hill\x1b]0;x\x07side", "H1", "O\x9b" "1", DATE,
	    "alone 09:00-10:00");
	day_of(&b, scheme, "Hill\x1b]0;x\x07side", "H1", "O2", DATE,
	    "alone 09:00-10:00");
	if (agreement_compute(&a, &b, 30, &ag, &cause) != 0)
		abort();
	s = written(OUTPUT_TEXT, &ag, &a, &b);
	T_TRUE(strchr(s, '\x1b') == NULL && strchr(s, '\x07') == NULL);
	T_HAS_STR(s, "Hill\\x1b]0;x\\x07side");
	T_HAS_STR(s, "A  O\\x9b1, ");
	free(s);
	agreement_free(&ag);
	timeline_free(&a);
	timeline_free(&b);

	/* One second is singular. */
	day_of(&a, scheme, "S", "H1", "O1", DATE, "alone 09:00:00-09:00:01");
	day_of(&b, scheme, "S", "H1", "O2", DATE, "alone 09:00:00-09:00:01");
	if (agreement_compute(&a, &b, 30, &ag, &cause) != 0)
		abort();
	s = written(OUTPUT_TEXT, &ag, &a, &b);
	T_HAS_STR(s, "Compared: 1 second (1s) observed by both\n");
	free(s);
	agreement_free(&ag);
	timeline_free(&a);
	timeline_free(&b);
}

/* Bigger days: every one of them agrees with a count done second by
 * second, so the stretch walk cannot drift from the definition. */
static uint64_t	rng = 0x2545f4914f6cdd1dULL;

static uint32_t
rnd(uint32_t n)
{
	return test_rnd(&rng, n);
}

/* A random day from about 08:00 to about 12:00 with stretches of 0.1 s
 * to 10 min, pauses among them, ms boundaries. */
static void
random_day(struct timeline *tl, const char *observer)
{
	struct tl_item	 it;
	int64_t		 t, end;
	char		*cause = NULL;

	timeline_init(tl, "S", "H", observer, DATE, scheme);
	t = 8 * 3600000 + (int64_t)rnd(600000);
	end = 12 * 3600000 + (int64_t)rnd(600000);
	while (t < end) {
		memset(&it, 0, sizeof it);
		it.start = t;
		it.end = t + 100 + (int64_t)rnd(rnd(4) == 0 ? 2000 : 600000);
		if (it.end > end)
			it.end = end;
		switch (rnd(8)) {
		case 0:
			it.kind = TL_PAUSE;
			it.group = -1;
			break;
		case 1:
		case 2:
			it.kind = TL_ALONE;
			it.group = -1;
			break;
		default:
			it.kind = TL_EPISODE;
			it.group = (int)rnd(3);
			break;
		}
		timeline_add(tl, &it);
		t = it.end;
	}
	if (timeline_finish(tl, &cause) != 0)
		abort();
}

/* The code of the second whose middle is m: 0..5, 6 alone, -1 not
 * observed. */
static int
code_at(const struct timeline *tl, int64_t m)
{
	size_t	i;

	for (i = 0; i < tl->nitems; i++) {
		if (tl->items[i].start <= m && m < tl->items[i].end)
			return tl->items[i].kind == TL_PAUSE ? -1 :
			    tl->items[i].kind == TL_ALONE ? G_ALONE :
			    tl->items[i].group;
	}
	return -1;
}

static void
test_random(void)
{
	struct timeline		 a, b;
	struct agreement	 ag;
	int64_t			 k, table[7][7], n;
	char			*cause = NULL;
	int			 day, ca, cb, i, j, ok;

	for (day = 0; day < 20; day++) {
		random_day(&a, "O1");
		random_day(&b, "O2");
		memset(table, 0, sizeof table);
		n = 0;
		for (k = 7 * 3600; k < 13 * 3600; k++) {
			ca = code_at(&a, k * 1000 + 500);
			cb = code_at(&b, k * 1000 + 500);
			if (ca >= 0 && cb >= 0) {
				table[ca][cb]++;
				n++;
			}
		}
		if (agreement_compute(&a, &b, 30, &ag, &cause) != 0) {
			T_EQ_STR(cause, "");
			free(cause);
		} else {
			T_EQ_INT(ag.seconds, n);
			ok = 1;
			for (i = 0; i < 7; i++) {
				for (j = 0; j < 7; j++)
					ok &= cell(&ag, (size_t)i,
					    (size_t)j) == table[i][j];
			}
			T_TRUE(ok);
			T_TRUE(ag.kappa >= -1 && ag.kappa <= 1);
			T_EQ_INT(ag.events.matched + ag.events.missed_a,
			    ag.events.a_starts);
			agreement_free(&ag);
		}
		timeline_free(&a);
		timeline_free(&b);
	}
}

void
agreement_test_register(void)
{
	CU_pSuite	s;

	s = CU_add_suite("agreement", agreement_suite_init,
	    agreement_suite_clean);
	CU_add_test(s, "identical days", test_identical);
	CU_add_test(s, "one episode recoded", test_recoded);
	CU_add_test(s, "expected agreement 1", test_expected_one);
	CU_add_test(s, "disagreeing throughout", test_disagreeing);
	CU_add_test(s, "pauses left out", test_pauses);
	CU_add_test(s, "fractional boundaries", test_fractions);
	CU_add_test(s, "no overlap", test_no_overlap);
	CU_add_test(s, "different schemes", test_different_schemes);
	CU_add_test(s, "different head or day", test_different_days);
	CU_add_test(s, "window", test_window);
	CU_add_test(s, "same group only", test_same_group);
	CU_add_test(s, "one to one, nearest first", test_one_to_one);
	CU_add_test(s, "starts where both watched", test_starts_observed);
	CU_add_test(s, "Landis and Koch", test_band);
	CU_add_test(s, "CSV", test_csv);
	CU_add_test(s, "JSON", test_json);
	CU_add_test(s, "text", test_text);
	CU_add_test(s, "against a second-by-second count", test_random);
}
