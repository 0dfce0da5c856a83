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
#include "align.h"
#include "clock.h"
#include "output.h"
#include "scheme.h"
#include "err.h"
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
	struct err	 e = ERR_INIT;

	if (clock_parse_hms(s, len, &ms, &e) != 0) {
		fprintf(stderr, "bad time in a test: %s\n", e.msg);
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
	if (t_cause(timeline_finish(tl, t_err()), &cause) != 0) {
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

/* agreement_compute with its message as a string (caller frees), each
 * refusal checked to be ERR_DATA with no place (the words name A and B;
 * the analyser adds their files). */
static int
agree(const struct timeline *a, const struct timeline *b, int window,
    struct agreement *ag, char **cause)
{
	struct err	e = ERR_INIT;

	if (agreement_compute(a, b, window, ag, &e) == 0)
		return 0;
	T_EQ_INT(e.code, ERR_DATA);
	T_TRUE(e.file == NULL && e.line == 0 && e.offset == -1);
	*cause = err_take(&e);
	return -1;
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
	rc = agree(&a, &b, window, ag, &cause);
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

	if (agree(a, b, AGREEMENT_WINDOW, &ag, &cause) == 0) {
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

	other = test_parse_scheme(text, strlen(text), "other", &cause);
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
	other = test_parse_scheme("group t teachers\n", 17, "other", &cause);
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
	if (agree(a, b, AGREEMENT_WINDOW, ag, &cause) != 0)
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
	    "30.000,2,2,1,1,1,0.333333\n"
	    "\n"
	    "variable,kappa,observed,expected,seconds\n"
	    "group,0.714286,0.833333,0.416667,3600.000\n"
	    "by,1.000000,1.000000,1.000000,1800.000\n"
	    "person,1.000000,1.000000,1.000000,1800.000\n"
	    "where,1.000000,1.000000,1.000000,1800.000\n"
	    "mode,1.000000,1.000000,1.000000,1800.000\n"
	    "\n"
	    "a_group,b_group,events\n"
	    "teachers,SLT,1\n"
	    "teachers,teachers,1\n"
	    "\n"
	    "window_s,pairs,same_group,unmatched_a,unmatched_b,kappa,observed,expected\n"
	    "30.000,2,1,0,0,0.000000,0.500000,0.500000\n"
	    "\n"
	    "steps,identical,identity,matched,duration_ccc,start_median_s\n"
	    "2,1,0.500000,1,,0.000\n"
	    "\n"
	    "start,end,seconds,a_group,b_group\n"
	    "09:30:00,09:40:00,600.000,teachers,SLT\n");
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
	    "\"missed_b\": 1, \"agreement\": 0.333333},\n"
	    " \"variables\": [\n"
	    "  {\"variable\": \"group\", \"kappa\": 0.714286, \"observed\": "
	    "0.833333, \"expected\": 0.416667, \"seconds\": 3600.000},\n"
	    "  {\"variable\": \"by\", \"kappa\": 1.000000, \"observed\": "
	    "1.000000, \"expected\": 1.000000, \"seconds\": 1800.000},\n"
	    "  {\"variable\": \"person\", \"kappa\": 1.000000, \"observed\": "
	    "1.000000, \"expected\": 1.000000, \"seconds\": 1800.000},\n"
	    "  {\"variable\": \"where\", \"kappa\": 1.000000, \"observed\": "
	    "1.000000, \"expected\": 1.000000, \"seconds\": 1800.000},\n"
	    "  {\"variable\": \"mode\", \"kappa\": 1.000000, \"observed\": "
	    "1.000000, \"expected\": 1.000000, \"seconds\": 1800.000}\n"
	    " ],\n"
	    " \"alignment\": {\"window_s\": 30.000, \"pairs\": 2, "
	    "\"same_group\": 1, \"unmatched_a\": 0, \"unmatched_b\": 0, "
	    "\"kappa\": 0.000000, \"observed\": 0.500000, \"expected\": "
	    "0.500000, \"events\": [\n"
	    "   {\"a_group\": \"teachers\", \"b_group\": \"SLT\", \"events\": "
	    "1},\n"
	    "   {\"a_group\": \"teachers\", \"b_group\": \"teachers\", "
	    "\"events\": 1}\n"
	    "  ]},\n"
	    " \"sequence\": {\"steps\": 2, \"identical\": 1, \"identity\": "
	    "0.500000, \"matched\": 1, \"duration_ccc\": null, "
	    "\"start_median_s\": 0.000},\n"
	    " \"disagreements\": [\n"
	    "  {\"start\": \"09:30:00\", \"end\": \"09:40:00\", \"seconds\": "
	    "600.000, \"a_group\": \"teachers\", \"b_group\": \"SLT\", "
	    "\"words\": \"09:30:00\xe2\x80\x93" "09:40:00: A coded teachers, B coded "
	    "SLT\"}\n"
	    " ]}\n");
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
	    "missed by either)\n"
	    "\n"
	    "Cohen's kappa per variable (group: the seconds compared; "
	    "the others: the\n"
	    "seconds both spent in an episode, a missing value a code "
	    "of its own)\n"
	    "  variable  kappa  observed  expected  seconds\n"
	    "  group      0.71     83.3%     41.7%     3600\n"
	    "  by         1.00    100.0%    100.0%     1800\n"
	    "  person     1.00    100.0%    100.0%     1800\n"
	    "  where      1.00    100.0%    100.0%     1800\n"
	    "  mode       1.00    100.0%    100.0%     1800\n"
	    "\n"
	    "Episode starts aligned one to one within 30 s, any groups "
	    "(Bakeman, Quera\n"
	    "& Gnisci): events of A (rows) and of B (columns), none "
	    "where unmatched\n"
	    "  A \\ B     SLT  teachers\n"
	    "  SLT         0         0\n"
	    "  teachers    1         1\n"
	    "  pairs                           2  of them 1 of the "
	    "same group\n"
	    "  A's unmatched                   0\n"
	    "  B's unmatched                   0\n"
	    "  event kappa                 0.000\n"
	    "\n"
	    "The episodes in order, aligned as Needleman & Wunsch do, "
	    "and the pairs above\n"
	    "of the same group (TimeCaT's parts)\n"
	    "  identity                    50.0%  1 of 2 steps pair "
	    "the same group\n"
	    "  Lin's CCC of durations          -\n"
	    "  median start difference        0s\n"
	    "\n"
	    "Largest disagreements\n"
	    "  09:30:00\xe2\x80\x93" "09:40:00: A coded teachers, B coded SLT "
	    "(10m00s)\n");
	free(s);
	agreement_free(&ag);
	timeline_free(&a);
	timeline_free(&b);

	/* Names from a log reach the terminal made safe. */
	day_of(&a, scheme, "Hill\x1b]0;x\x07side", "H1", "O\x9b" "1", DATE,
	    "alone 09:00-10:00");
	day_of(&b, scheme, "Hill\x1b]0;x\x07side", "H1", "O2", DATE,
	    "alone 09:00-10:00");
	if (agree(&a, &b, 30, &ag, &cause) != 0)
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
	if (agree(&a, &b, 30, &ag, &cause) != 0)
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
	if (t_cause(timeline_finish(tl, t_err()), &cause) != 0)
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
		if (agree(&a, &b, 30, &ag, &cause) != 0) {
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

/* ---- beyond the group: variables, alignment, disagreements ---- */

/* Sets item i's by and where (where copied; NULL for none). */
static void
set_item(struct timeline *tl, size_t i, enum record_by by, const char *where)
{
	tl->items[i].by = by;
	free(tl->items[i].where);
	tl->items[i].where = where != NULL ? xstrdup(where) : NULL;
}

/*
 * By and where over the 1800 s both spent in an episode.  A: teachers
 * 09:00-09:20 by the head in the office, pupils 09:20-09:40 by nobody
 * said, in the hall.  B: the same teachers, pupils 09:20-09:30 by other,
 * in the hall.  by: head/head 1200, missing/other 600; observed 2/3,
 * expected 1200 * 1200 / 1800^2 = 4/9, kappa (2/9) / (5/9) = 0.4.
 * where: office 1200 and hall 600 alike; expected (1200^2 + 600^2) /
 * 1800^2 = 5/9, kappa 1.  person: missing throughout, expected 1, kappa 1.
 */
static void
test_variables(void)
{
	struct timeline		 a, b;
	struct agreement	 ag;
	char			*cause = NULL;

	obs(&a, "O1", "t 09:00-09:20, p 09:20-09:40, alone 09:40-10:00");
	obs(&b, "O2", "t 09:00-09:20, p 09:20-09:30, alone 09:30-10:00");
	set_item(&a, 0, RECORD_BY_HEAD, "office");
	set_item(&a, 1, RECORD_BY_UNKNOWN, "hall");
	set_item(&b, 0, RECORD_BY_HEAD, "office");
	set_item(&b, 1, RECORD_BY_OTHER, "hall");
	T_EQ_INT(agree(&a, &b, 30, &ag, &cause), 0);
	T_EQ_STR(ag.variables[0].name, "group");
	T_TRUE(ag.variables[0].kappa == ag.kappa);
	T_EQ_INT(ag.variables[0].seconds, 3600);
	T_EQ_STR(ag.variables[1].name, "by");
	T_EQ_INT(ag.variables[1].seconds, 1800);
	T_TRUE(fabs(ag.variables[1].observed - 2.0 / 3) < EPS);
	T_TRUE(fabs(ag.variables[1].expected - 4.0 / 9) < EPS);
	T_TRUE(fabs(ag.variables[1].kappa - 0.4) < EPS);
	T_EQ_STR(ag.variables[2].name, "person");
	T_TRUE(ag.variables[2].kappa == 1 && ag.variables[2].expected == 1);
	T_EQ_STR(ag.variables[3].name, "where");
	T_TRUE(fabs(ag.variables[3].expected - 5.0 / 9) < EPS);
	T_TRUE(ag.variables[3].kappa == 1);
	T_EQ_STR(ag.variables[4].name, "mode");
	agreement_free(&ag);
	timeline_free(&a);
	timeline_free(&b);
}

/* No second in an episode in both: the variables have no figures. */
static void
test_variables_none(void)
{
	struct agreement	ag;

	if (compare("t 09:00-09:30, alone 09:30-10:00",
	    "alone 09:00-09:30, t 09:30-10:00", 30, &ag) != 0)
		return;
	T_EQ_INT(ag.variables[1].seconds, 0);
	T_TRUE(isnan(ag.variables[1].kappa));
	T_TRUE(isnan(ag.variables[4].observed));
	agreement_free(&ag);
}

/* The event alignment on its own: the same code is preferred, a pair of
 * different codes beats two unmatched events, and nothing is paired
 * beyond the window. */
static void
test_align_events(void)
{
	struct align_event	 a1[] = { { 0, 1 } };
	struct align_event	 b1[] = { { 0, 2 }, { 10000, 1 } };
	struct align_event	 b2[] = { { 5000, 2 } };
	struct align_event	 a3[] = { { 0, 1 }, { 100000, 2 } };
	struct align_event	 b3[] = { { 10000, 1 }, { 50000, 3 },
	    { 300000, 2 } };
	struct align_pair	*p;
	size_t			 n, i, unmatched;

	n = align_events(a1, 1, b1, 2, 30000, &p);
	T_EQ_INT(n, 2);
	T_TRUE(p[0].a == ALIGN_NONE && p[0].b == 0);
	T_TRUE(p[1].a == 0 && p[1].b == 1);
	free(p);
	n = align_events(a1, 1, b2, 1, 30000, &p);
	T_EQ_INT(n, 1);
	T_TRUE(p[0].a == 0 && p[0].b == 0);
	free(p);
	n = align_events(a1, 1, b2, 1, 4999, &p);
	T_EQ_INT(n, 2);
	free(p);
	/* A's second start is 50 s from B's second, 200 s from B's third. */
	n = align_events(a3, 2, b3, 3, 30000, &p);
	T_EQ_INT(n, 4);
	T_TRUE(p[0].a == 0 && p[0].b == 0);
	for (i = 1, unmatched = 0; i < n; i++)
		unmatched += p[i].a == ALIGN_NONE ? 10 : 1;
	T_EQ_INT(unmatched, 21);	/* B's 2nd and 3rd, A's 2nd */
	free(p);
	n = align_events(NULL, 0, NULL, 0, 30000, &p);
	T_EQ_INT(n, 0);
	free(p);
}

/* Needleman-Wunsch: 1 2 3 4 against 1 3 4 leaves 2 out (score 3 - 1 = 2;
 * pairing 2-3 and 3-4 would score 1 - 1 - 1 - 1 = -2). */
static void
test_align_sequences(void)
{
	struct align_event	 a[] = { { 0, 1 }, { 0, 2 }, { 0, 3 },
	    { 0, 4 } };
	struct align_event	 b[] = { { 9, 1 }, { 9, 3 }, { 9, 4 } };
	struct align_pair	*p;
	size_t			 n;

	n = align_sequences(a, 4, b, 3, &p);
	T_EQ_INT(n, 4);
	T_TRUE(p[0].a == 0 && p[0].b == 0);
	T_TRUE(p[1].a == 1 && p[1].b == ALIGN_NONE);
	T_TRUE(p[2].a == 2 && p[2].b == 1);
	T_TRUE(p[3].a == 3 && p[3].b == 2);
	free(p);
}

/*
 * A starts teachers 09:00, pupils 09:10, support staff 09:20; B teachers
 * 09:00:05, parents 09:10.  Within 30 s: teachers-teachers, pupils-parents
 * and support staff unmatched.  Events table over the groups and "none":
 * observed 1/3, expected 1/9 (teachers alone is used by both), kappa
 * (2/9) / (8/9) = 0.25.  In order: t-t, p-pa, s-gap: 1 identical of 3.
 * One same-group pair: no concordance, median start gap 5 s.
 */
static void
test_alignment(void)
{
	struct agreement		 ag;
	const struct agreement_alignment *al = &ag.alignment;
	size_t				 none;

	if (compare("t 09:00-09:10, p 09:10-09:20, a 09:20-09:30, "
	    "alone 09:30-10:00", "alone 09:00-09:00:05, t 09:00:05-09:10, "
	    "parents 09:10-09:20, alone 09:20-10:00", 30, &ag) != 0)
		return;
	none = ag.ncodes - 1;
	T_EQ_INT(al->pairs, 2);
	T_EQ_INT(al->same, 1);
	T_EQ_INT(al->unmatched_a, 1);
	T_EQ_INT(al->unmatched_b, 0);
	T_EQ_INT(al->confusion[G_TEACHERS * ag.ncodes + G_TEACHERS], 1);
	T_EQ_INT(al->confusion[G_PUPILS * ag.ncodes + G_PARENTS], 1);
	T_EQ_INT(al->confusion[G_SUPPORT * ag.ncodes + none], 1);
	T_TRUE(fabs(al->observed - 1.0 / 3) < EPS);
	T_TRUE(fabs(al->expected - 1.0 / 9) < EPS);
	T_TRUE(fabs(al->kappa - 0.25) < EPS);
	T_EQ_INT(al->steps, 3);
	T_EQ_INT(al->identical, 1);
	T_TRUE(fabs(al->identity - 1.0 / 3) < EPS);
	T_TRUE(isnan(al->ccc));
	T_TRUE(al->start_median == 5000);
	agreement_free(&ag);
}

/*
 * Durations of the same-group pairs (window 300 s): A 600 and 1200 s, B
 * 720 and 1200.  Means 900, 960; variances over n 90000 and 57600,
 * covariance 72000: Lin's 2 * 72000 / (90000 + 57600 + 60^2) = 20/21.
 * Start gaps 0 and 120 s: median 60 s.  The two 120 s disagreements tie:
 * the earlier first.
 */
static void
test_concordance(void)
{
	struct agreement			 ag;
	const struct agreement_disagreement	*d;

	if (compare("t 09:00-09:10, p 09:10-09:30, alone 09:30-10:00",
	    "t 09:00-09:12, p 09:12-09:32, alone 09:32-10:00", 300,
	    &ag) != 0)
		return;
	T_TRUE(fabs(ag.alignment.ccc - 20.0 / 21) < EPS);
	T_TRUE(ag.alignment.start_median == 60000);
	T_EQ_INT(ag.ndisagreements, 2);
	d = &ag.disagreements[0];
	T_TRUE(d->start == hms("09:10:00", 8) && d->end == hms("09:12:00", 8));
	T_EQ_INT(d->a_code, G_PUPILS);
	T_EQ_INT(d->b_code, G_TEACHERS);
	d = &ag.disagreements[1];
	T_TRUE(d->start == hms("09:30:00", 8) && d->end == hms("09:32:00", 8));
	T_EQ_INT(d->a_code, G_ALONE);
	T_EQ_INT(d->b_code, G_PUPILS);
	agreement_free(&ag);
}

/* Two episodes of one group against alone are one disagreement, the
 * larger listed first; and the words say it. */
static void
test_disagreements(void)
{
	struct timeline		 a, b;
	struct agreement	 ag;
	char			*cause = NULL, *out;

	obs(&a, "O1", "t 09:00-09:10, t 09:10-09:20, alone 09:20-09:50, "
	    "p 09:50-09:55, alone 09:55-10:00");
	obs(&b, "O2", "alone 09:00-10:00");
	T_EQ_INT(agree(&a, &b, 30, &ag, &cause), 0);
	T_EQ_INT(ag.ndisagreements, 2);
	T_TRUE(ag.disagreements[0].start == hms("09:00:00", 8));
	T_TRUE(ag.disagreements[0].end == hms("09:20:00", 8));
	T_TRUE(ag.disagreements[1].start == hms("09:50:00", 8));
	out = written(OUTPUT_TEXT, &ag, &a, &b);
	T_TRUE(strstr(out, "  09:00:00\xe2\x80\x93" "09:20:00: A coded "
	    "teachers, B coded alone (20m00s)\n  09:50:00\xe2\x80\x93"
	    "09:55:00: A coded pupils, B coded alone (5m00s)\n") != NULL);
	free(out);
	out = written(OUTPUT_JSON, &ag, &a, &b);
	T_TRUE(strstr(out, "\"words\": \"09:00:00\xe2\x80\x93" "09:20:00: A "
	    "coded teachers, B coded alone\"") != NULL);
	free(out);
	out = written(OUTPUT_CSV, &ag, &a, &b);
	T_TRUE(strstr(out, "\nstart,end,seconds,a_group,b_group\n"
	    "09:00:00,09:20:00,1200.000,teachers,alone\n") != NULL);
	free(out);
	agreement_free(&ag);
	timeline_free(&a);
	timeline_free(&b);
}

/* Beyond AGREEMENT_MAX_STARTS starts nothing is aligned (the table would
 * be too big), and the figures are missing; the rest is still there. */
static void
test_too_many_starts(void)
{
	struct timeline		 a, b;
	struct tl_item		 it;
	struct agreement	 ag;
	char			*cause = NULL, *out;
	int			 i;

	timeline_init(&a, "S", "H", "O1", DATE, scheme);
	memset(&it, 0, sizeof it);
	it.kind = TL_EPISODE;
	for (i = 0; i <= AGREEMENT_MAX_STARTS; i++) {
		it.start = 8 * 3600000 + (int64_t)i * 1000;
		it.end = it.start + 1000;
		it.group = i % 2;
		timeline_add(&a, &it);
	}
	if (t_cause(timeline_finish(&a, t_err()), &cause) != 0)
		abort();
	day_of(&b, scheme, "S", "H", "O2", DATE, "t 08:00-11:00");
	if (agree(&a, &b, 30, &ag, &cause) != 0) {
		T_EQ_STR(cause, "");
		free(cause);
		timeline_free(&a);
		timeline_free(&b);
		return;
	}
	T_TRUE(ag.alignment.too_many);
	T_TRUE(isnan(ag.alignment.kappa) && isnan(ag.alignment.identity));
	T_EQ_INT(ag.alignment.pairs, 0);
	T_EQ_INT(ag.events.a_starts, AGREEMENT_MAX_STARTS + 1);
	T_EQ_INT(cell(&ag, G_TEACHERS, G_TEACHERS),
	    AGREEMENT_MAX_STARTS / 2);	/* the odd seconds */
	out = written(OUTPUT_TEXT, &ag, &a, &b);
	T_HAS_STR(out, "\nEpisode starts not aligned: more than 10000 starts\n"
	    "\nLargest disagreements\n");
	free(out);
	out = written(OUTPUT_CSV, &ag, &a, &b);
	T_HAS_STR(out, "\n30.000,0,0,0,0,,,\n\nsteps,identical,identity,"
	    "matched,duration_ccc,start_median_s\n0,0,,0,,\n");
	free(out);
	agreement_free(&ag);
	timeline_free(&a);
	timeline_free(&b);
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
	CU_add_test(s, "kappa per variable", test_variables);
	CU_add_test(s, "no episode in both", test_variables_none);
	CU_add_test(s, "events aligned", test_align_events);
	CU_add_test(s, "Needleman-Wunsch", test_align_sequences);
	CU_add_test(s, "event kappa and identity", test_alignment);
	CU_add_test(s, "Lin's concordance", test_concordance);
	CU_add_test(s, "largest disagreements", test_disagreements);
	CU_add_test(s, "too many starts to align", test_too_many_starts);
}
