/*
 * Tests for a head's week (common/week.c) and its tables
 * (analyser/table-week.c): three days worked by hand (the working is in
 * the comments), days of another head or scheme that make no week, two
 * days on one weekday named by date.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "output.h"
#include "scheme.h"
#include "summary.h"
#include "table-week.h"
#include "test.h"
#include "timeline.h"
#include "week.h"

#define MIN(m)		((int64_t)(m) * 60000)			/* ms */
#define AT(h, m)	((int64_t)((h) * 60 + (m)) * 60000)	/* clock ms */
#define ALONE		(-1)

enum {
	G_SLT, G_TEACHERS, G_SUPPORT, G_PUPILS
};

struct stretch {
	int		 group;		/* ALONE for alone */
	int		 minutes;
	enum record_by	 by;
};

/* A stretch's person and place (NULL: none). */
struct who {
	const char	*person;
	const char	*where;
};

static struct scheme	*scheme;

static int
week_suite_init(void)
{
	scheme = scheme_default();
	return scheme == NULL;
}

static int
week_suite_clean(void)
{
	scheme_free(scheme);
	return 0;
}

/* A day of head from t of consecutive stretches, and its summary; free
 * both. */
static void
make_day_at(struct timeline *tl, struct summary *s, const char *head,
    const char *date, int64_t t, const struct stretch *st,
    const struct who *who, size_t n)
{
	struct tl_item	 it;
	char		*cause = NULL;
	size_t		 i;

	timeline_init(tl, "Oak", head, "O1", date, scheme);
	for (i = 0; i < n; i++) {
		memset(&it, 0, sizeof it);
		it.kind = st[i].group == ALONE ? TL_ALONE : TL_EPISODE;
		it.group = st[i].group;
		it.by = st[i].by;
		if (who != NULL) {
			it.person = (char *)who[i].person;
			it.where = (char *)who[i].where;
		}
		it.start = t;
		it.end = t += MIN(st[i].minutes);
		timeline_add(tl, &it);
	}
	T_EQ_INT(t_cause(timeline_finish(tl, t_err()), &cause), 0);
	free(cause);
	summary_compute(tl, SUMMARY_GROUPS, s);
}

/* Such a day from 08:00. */
static void
make_day(struct timeline *tl, struct summary *s, const char *head,
    const char *date, const struct stretch *st, size_t n)
{
	make_day_at(tl, s, head, date, AT(8, 0), st, NULL, n);
}

/* Adds such a day to w. */
static void
add_day(struct week *w, const char *head, const char *date,
    const struct stretch *st, size_t n)
{
	struct timeline	tl;
	struct summary	s;

	make_day(&tl, &s, head, date, st, n);
	week_add(w, &tl, &s);
	summary_free(&s);
	timeline_free(&tl);
}

/* A figure to six decimals, as the CSV writes it. */
#define T_EQ_FIG(got, want) T_EQ_INT(llround((got) * 1e6), \
	llround((want) * 1e6))

/*
 * Monday 2026-11-16, 240 min: teachers 60 (head), alone 60, pupils 60
 *   (other), alone 60: teachers .25, pupils .25, alone .50; 2 episodes in
 *   4 h, .5 an hour; begun 1 of 2.
 * Tuesday 11-17, 120 min: alone 30, teachers 30 (other), alone 60:
 *   teachers .25, alone .75; .5 an hour; begun 0 of 1.
 * Wednesday 11-18, 120 min: teachers 60 (head), SLT 30 (head), alone 30:
 *   teachers .50, SLT .25, alone .25; 1 an hour; begun 2 of 2.
 * The week, 480 min: teachers 150 = .3125, SLT 30 = .0625, pupils 60 =
 *   .125, alone 240 = .5; 5 episodes in 8 h = .625 an hour; begun 3 of 5
 *   = .6.  Teachers the most: 31%, from 25% on Monday (Tuesday's equal
 *   25% comes later) to 50% on Wednesday.
 */
static const struct stretch	mon[] = {
	{ G_TEACHERS, 60, RECORD_BY_HEAD }, { ALONE, 60, 0 },
	{ G_PUPILS, 60, RECORD_BY_OTHER }, { ALONE, 60, 0 }
}, tue[] = {
	{ ALONE, 30, 0 }, { G_TEACHERS, 30, RECORD_BY_OTHER },
	{ ALONE, 60, 0 }
}, wed[] = {
	{ G_TEACHERS, 60, RECORD_BY_HEAD },
	{ G_SLT, 30, RECORD_BY_HEAD }, { ALONE, 30, 0 }
};

static void
three_days(struct week *w, const char *third_head)
{
	week_init(w);
	add_day(w, "H1", "2026-11-16", mon, 4);
	add_day(w, "H1", "2026-11-17", tue, 3);
	add_day(w, third_head, "2026-11-18", wed, 3);
}

static void
test_week_figures(void)
{
	struct week	 w;
	char		*headline;

	three_days(&w, "H1");
	T_TRUE(week_is_one_head(&w));
	T_EQ_INT(w.ndays, 3);
	T_EQ_INT(w.ngroups, 7);
	T_EQ_INT(week_observed_ms(&w), MIN(480));
	T_EQ_FIG(week_share(&w, G_TEACHERS), .3125);
	T_EQ_FIG(week_share(&w, G_SLT), .0625);
	T_EQ_FIG(week_share(&w, G_PUPILS), .125);
	T_EQ_FIG(week_share(&w, 6), .5);
	T_EQ_FIG(week_per_hour(&w), .625);
	T_EQ_FIG(week_head_share(&w), .6);
	T_EQ_FIG(week_day_share(&w, 1, 6), .75);
	T_EQ_FIG(w.days[2].per_hour, 1);
	T_EQ_INT(week_top_group(&w), G_TEACHERS);
	headline = week_headline(&w);
	T_EQ_STR(headline, "Across your three days you spent 31% of your "
	    "time with teachers, from 25% on Monday to 50% on Wednesday.");
	free(headline);
	week_free(&w);
}

static void
test_week_other_head(void)
{
	struct week	w;

	three_days(&w, "H2");
	T_TRUE(!week_is_one_head(&w));
	T_EQ_INT(w.ndays, 2);
	week_free(&w);
	week_init(&w);
	T_TRUE(!week_is_one_head(&w));
	week_free(&w);
	week_init(&w);
	add_day(&w, "H1", "2026-11-16", mon, 4);
	add_day(&w, "H1", "2026-11-16", tue, 3);
	T_TRUE(!week_is_one_head(&w));
	T_EQ_INT(w.ndays, 2);
	week_free(&w);
}

static void
test_week_same_weekday(void)
{
	static const struct stretch	day[] = {
		{ G_SUPPORT, 30, RECORD_BY_HEAD }, { ALONE, 30, 0 }
	}, other[] = {
		{ G_SUPPORT, 15, RECORD_BY_HEAD }, { ALONE, 45, 0 }
	};
	struct week	 w;
	char		*headline;

	week_init(&w);
	add_day(&w, "H1", "2026-11-16", day, 2);
	add_day(&w, "H1", "2026-11-23", other, 2);
	T_TRUE(week_is_one_head(&w));
	T_EQ_STR(clock_weekday("2026-11-23"), "Monday");
	headline = week_headline(&w);
	T_EQ_STR(headline, "Across your two days you spent 38% of your time "
	    "with support staff, from 25% on 2026-11-23 to 50% on "
	    "2026-11-16.");
	free(headline);
	week_free(&w);
}

/* The week in a format, as a string (caller frees). */
static char *
write_out(const struct week *w, enum output_format format)
{
	FILE	*f;
	char	*buf = NULL;
	size_t	 size = 0;

	f = open_memstream(&buf, &size);
	T_EQ_INT(table_week_write(f, format, w, NULL), 0);
	fclose(f);
	return buf;
}

static void
test_week_tables(void)
{
	struct week	 w;
	char		*out;

	three_days(&w, "H1");
	out = write_out(&w, OUTPUT_CSV);
	T_HAS_STR(out, "date,weekday,observed_seconds,episodes_per_hour,"
	    "head_share,share_SLT,share_teachers,share_support staff,"
	    "share_pupils,share_parents,share_visitors,share_alone\n");
	T_HAS_STR(out, "\n2026-11-17,Tuesday,7200.000,0.500000,0.000000,"
	    "0.000000,0.250000,0.000000,0.000000,0.000000,0.000000,"
	    "0.750000\n");
	T_HAS_STR(out, "\nweek,,28800.000,0.625000,0.600000,0.062500,"
	    "0.312500,0.000000,0.125000,0.000000,0.000000,0.500000\n");
	free(out);
	out = write_out(&w, OUTPUT_JSON);
	T_HAS_STR(out, "\"week\": {\"date\": \"week\", \"weekday\": null, "
	    "\"observed_seconds\": 28800.000, \"episodes_per_hour\": 0.625000");
	T_HAS_STR(out, "\"headline\": \"Across your three days you spent 31%");
	free(out);
	out = write_out(&w, OUTPUT_TEXT);
	T_HAS_STR(out, "Week of H1, Oak: 3 days\nAcross your three days");
	T_HAS_STR(out, "2026-11-18  Wednesday");
	free(out);
	week_free(&w);
}

/*
 * The workshop: the three days of H1 (as above) and a Wednesday of H2
 * (teachers .5, SLT .25, alone .25; 1 an hour; begun 2 of 2).  Teachers:
 * H2 .5 over H1 .3125; pupils: H1 .125 over 0; episodes an hour: H2 1
 * over .625; under 9 minutes: none has any, so neither is over the other.
 */
static void
test_week_workshop(void)
{
	static const struct {
		const char		*head, *date;
		const struct stretch	*st;
		size_t			 n;
	} days[] = {
		{ "H1", "2026-11-16", mon, 4 }, { "H1", "2026-11-17", tue, 3 },
		{ "H2", "2026-11-18", wed, 3 }, { "H1", "2026-11-18", wed, 3 }
	};
	static const char *const labels[] = { "one", "two" };
	struct week_workshop	ws;
	struct week_rows	r;
	struct timeline		tl;
	struct summary		s;
	size_t			i;

	week_workshop_init(&ws);
	for (i = 0; i < 4; i++) {
		make_day(&tl, &s, days[i].head, days[i].date, days[i].st,
		    days[i].n);
		T_EQ_INT(week_workshop_add(&ws, &tl, &s), 0);
		summary_free(&s);
		timeline_free(&tl);
	}
	T_EQ_INT(ws.nheads, 2);
	T_EQ_INT(ws.heads[0].ndays, 3);
	T_EQ_FIG(week_figure(&ws.heads[0], WEEK_SHARE, G_TEACHERS),
	    150.0 / 480);
	T_EQ_FIG(week_figure(&ws.heads[1], WEEK_PER_HOUR, 0), 1);
	T_EQ_INT(week_workshop_below(&ws, 1, WEEK_SHARE, G_TEACHERS), 1);
	T_EQ_INT(week_workshop_below(&ws, 0, WEEK_SHARE, G_TEACHERS), 0);
	T_EQ_INT(week_workshop_below(&ws, 0, WEEK_SHARE, G_PUPILS), 1);
	T_EQ_INT(week_workshop_below(&ws, 1, WEEK_PER_HOUR, 0), 1);
	T_EQ_INT(week_workshop_below(&ws, 0, WEEK_UNDER9, 0), 0);
	T_EQ_INT(week_workshop_below(&ws, 1, WEEK_UNDER9, 0), 0);
	/* Above mirrors below; equal figures count in neither. */
	T_EQ_INT(week_workshop_above(&ws, 0, WEEK_SHARE, G_TEACHERS), 1);
	T_EQ_INT(week_workshop_above(&ws, 1, WEEK_SHARE, G_TEACHERS), 0);
	T_EQ_INT(week_workshop_above(&ws, 1, WEEK_SHARE, G_PUPILS), 1);
	T_EQ_INT(week_workshop_above(&ws, 0, WEEK_PER_HOUR, 0), 1);
	T_EQ_INT(week_workshop_above(&ws, 0, WEEK_UNDER9, 0), 0);
	T_EQ_INT(week_workshop_above(&ws, 1, WEEK_UNDER9, 0), 0);
	/* The patterns on one clock: H1's 08:00 to 12:00 (Monday's), H2's
	 * Wednesday to 10:00 only, blank after. */
	week_workshop_rows(&ws, labels, 1, &r);
	T_EQ_INT(r.nbins, 8);
	T_EQ_INT(r.first, AT(8, 0));
	T_EQ_STR(r.labels[1], "two");
	/* 08:00: H1 teachers on all three days but Tuesday (alone): 60 of
	 * 90 min; H2 teachers 30 of 30. */
	T_EQ_FIG(r.shares[(0 * 8 + 0) * 7 + G_TEACHERS], 60.0 / 90);
	T_EQ_FIG(r.shares[(1 * 8 + 0) * 7 + G_TEACHERS], 1);
	T_TRUE(isnan(r.shares[(1 * 8 + 4) * 7 + G_TEACHERS]));
	T_EQ_FIG(r.shares[(0 * 8 + 4) * 7 + G_PUPILS], 1);
	week_rows_free(&r);
	week_workshop_rows(&ws, labels, 0, &r);
	T_EQ_INT(r.n, 2);
	T_EQ_INT(r.nbins, 0);
	T_EQ_FIG(r.shares[1 * 7 + G_SLT], .25);
	week_rows_free(&r);
	week_workshop_free(&ws);
}

/*
 * The pattern over the day, 30-minute bins, days starting off the bins:
 * Monday 11-23 from 08:10: teachers 20 (T1, office), alone 25, pupils 15
 *   (P1, hall): bins 08:00, 08:30, 09:00 (to 09:10).
 * Tuesday 11-24 from 08:40: teachers 35 (T1, office), alone 15: bins
 *   08:30 (from 08:40), 09:00.
 * Wednesday 11-25 from 08:00: alone 30, SLT 30 (DH, office): 08:00, 08:30.
 * 08:00: Mon teachers 20 of 20, Wed alone 30 of 30, Tue not observed:
 *   the week's 50 min, teachers .4, alone .6, 2 days.
 * 08:30: Mon alone 25 + pupils 5, Tue teachers 20, Wed SLT 30: 80 min,
 *   alone 25/80 = .3125, pupils .0625, teachers .25, SLT .375, 3 days
 *   (the mean of the days' shares would give alone .2778: not it).
 * 09:00: Mon pupils 10, Tue teachers 15 + alone 15: 40 min, pupils .25,
 *   teachers .375, alone .375, 2 days.
 * Most days (more than 1 of 3): T1 as teachers on 2 days, 20 + 35 = 55
 *   min; office on 3, 20 + 35 + 30 = 85 min; P1, DH and hall on one only.
 */
static const struct stretch	pmon[] = {
	{ G_TEACHERS, 20, RECORD_BY_HEAD }, { ALONE, 25, 0 },
	{ G_PUPILS, 15, RECORD_BY_OTHER }
}, ptue[] = {
	{ G_TEACHERS, 35, RECORD_BY_OTHER }, { ALONE, 15, 0 }
}, pwed[] = {
	{ ALONE, 30, 0 }, { G_SLT, 30, RECORD_BY_HEAD }
};
static const struct who	wmon[] = {
	{ "T1", "office" }, { NULL, NULL }, { "P1", "hall" }
}, wtue[] = {
	{ "T1", "office" }, { NULL, NULL }
}, wwed[] = {
	{ NULL, NULL }, { "DH", "office" }
};

static void
add_day_at(struct week *w, const char *date, int64_t t,
    const struct stretch *st, const struct who *who, size_t n)
{
	struct timeline	tl;
	struct summary	s;

	make_day_at(&tl, &s, "H1", date, t, st, who, n);
	week_add(w, &tl, &s);
	summary_free(&s);
	timeline_free(&tl);
}

static void
test_week_pattern(void)
{
	struct week		 w;
	struct week_rows	 r;
	struct week_regular	*reg;
	int64_t			 first;
	size_t			 n;

	week_init(&w);
	add_day_at(&w, "2026-11-23", AT(8, 10), pmon, wmon, 3);
	add_day_at(&w, "2026-11-24", AT(8, 40), ptue, wtue, 2);
	add_day_at(&w, "2026-11-25", AT(8, 0), pwed, wwed, 2);
	T_EQ_INT(week_bin_range(&w, &first), 3);
	T_EQ_INT(first, AT(8, 0));
	T_EQ_INT(week_bin_observed(&w, AT(8, 0)), MIN(50));
	T_EQ_INT(week_bin_days(&w, AT(8, 0)), 2);
	T_EQ_FIG(week_bin_share(&w, AT(8, 0), G_TEACHERS), .4);
	T_EQ_FIG(week_bin_share(&w, AT(8, 0), 6), .6);
	T_EQ_INT(week_bin_observed(&w, AT(8, 30)), MIN(80));
	T_EQ_INT(week_bin_days(&w, AT(8, 30)), 3);
	T_EQ_FIG(week_bin_share(&w, AT(8, 30), 6), .3125);
	T_EQ_FIG(week_bin_share(&w, AT(8, 30), G_PUPILS), .0625);
	T_EQ_FIG(week_bin_share(&w, AT(8, 30), G_TEACHERS), .25);
	T_EQ_FIG(week_bin_share(&w, AT(8, 30), G_SLT), .375);
	T_EQ_INT(week_bin_observed(&w, AT(9, 0)), MIN(40));
	T_EQ_INT(week_bin_days(&w, AT(9, 0)), 2);
	T_EQ_FIG(week_bin_share(&w, AT(9, 0), G_PUPILS), .25);
	T_EQ_FIG(week_bin_share(&w, AT(9, 0), G_TEACHERS), .375);
	T_EQ_FIG(week_bin_share(&w, AT(9, 0), 6), .375);
	/* A day's own: Tuesday not observed at 08:00, Monday's 08:30 of
	 * its 30 minutes. */
	T_TRUE(isnan(week_day_bin_share(&w, 1, AT(8, 0), G_TEACHERS)));
	T_EQ_FIG(week_day_bin_share(&w, 0, AT(8, 30), 6), 25.0 / 30);
	T_EQ_FIG(week_day_bin_share(&w, 1, AT(8, 30), G_TEACHERS), 1);
	/* The rows drawn: the week's, then each day's, on one clock. */
	week_rows_pattern(&w, "week", &r);
	T_EQ_INT(r.n, 4);
	T_EQ_INT(r.nbins, 3);
	T_EQ_STR(r.labels[0], "week");
	T_EQ_STR(r.labels[2], "Tuesday");
	T_EQ_FIG(r.shares[(0 * 3 + 1) * 7 + G_SLT], .375);
	T_TRUE(isnan(r.shares[(2 * 3 + 0) * 7 + G_TEACHERS]));
	T_EQ_FIG(r.shares[(3 * 3 + 1) * 7 + G_SLT], 1);
	week_rows_free(&r);
	/* Seen on most days. */
	reg = week_regulars(&w, 0, &n);
	T_EQ_INT(n, 1);
	if (n == 1) {
		T_EQ_STR(reg[0].name, "T1");
		T_EQ_INT(reg[0].group, G_TEACHERS);
		T_EQ_INT(reg[0].days, 2);
		T_EQ_INT(reg[0].ms, MIN(55));
	}
	free(reg);
	reg = week_regulars(&w, 1, &n);
	T_EQ_INT(n, 1);
	if (n == 1) {
		T_EQ_STR(reg[0].name, "office");
		T_EQ_INT(reg[0].days, 3);
		T_EQ_INT(reg[0].ms, MIN(85));
	}
	free(reg);
	week_free(&w);
}

void
week_test_register(void)
{
	CU_pSuite	s;

	s = CU_add_suite("week", week_suite_init, week_suite_clean);
	CU_add_test(s, "three days worked by hand", test_week_figures);
	CU_add_test(s, "another head's day, or one date twice, is no week",
	    test_week_other_head);
	CU_add_test(s, "two Mondays named by date", test_week_same_weekday);
	CU_add_test(s, "text, CSV and JSON say the same", test_week_tables);
	CU_add_test(s, "the workshop's heads and ranks", test_week_workshop);
	CU_add_test(s, "the pattern over the day and the regulars, by hand",
	    test_week_pattern);
}
