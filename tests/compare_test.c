/*
 * Tests for the comparison across days (common/compare.c) and its tables
 * (analyser/comparison.c): small corpora worked out by hand (the working
 * is in the comments), days missing a tag, a scheme that differs, the
 * average pattern in bins, and 10 000 days in memory that does not grow.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "compare.h"
#include "table-compare.h"
#include "output.h"
#include "scheme.h"
#include "summary.h"
#include "err.h"
#include "test.h"
#include "timeline.h"
#include "xmalloc.h"

#define MIN(m)		((int64_t)(m) * 60000)			/* ms */
#define AT(h, m)	((int64_t)((h) * 60 + (m)) * 60000)	/* clock ms */
#define ALONE		(-1)
#define NGROUPS		7	/* the default scheme's six, then alone */
#define MANY_DAYS	10000

enum {
	G_SLT, G_TEACHERS, G_SUPPORT, G_PUPILS, G_PARENTS, G_VISITORS
};

/* One stretch of a made-up day: group (ALONE for alone), minutes, who
 * began it. */
struct stretch {
	int		 group;
	int		 minutes;
	enum record_by	 by;
};

static struct scheme	*scheme;

static int
compare_suite_init(void)
{
	scheme = scheme_default();
	return scheme == NULL;
}

static int
compare_suite_clean(void)
{
	scheme_free(scheme);
	return 0;
}

/* Fails the test showing cause. */
#define T_FAIL_CAUSE(cause)						\
	CU_assertImplementation(CU_FALSE, __LINE__, (cause) != NULL ?	\
	    (cause) : "(no cause)", __FILE__, "", CU_FALSE)

/* A day of consecutive stretches from begin (clock ms), with the scheme
 * given; n stretches, the last one ends the day. */
static void
make_day(struct timeline *tl, const struct scheme *sch, const char *school,
    const char *date, int64_t begin, const struct stretch *st, size_t n)
{
	struct tl_item	 it;
	char		*cause = NULL;
	size_t		 i;
	int64_t		 t = begin;

	timeline_init(tl, school, "H1", "O1", date, sch);
	for (i = 0; i < n; i++) {
		memset(&it, 0, sizeof it);
		it.kind = st[i].group == ALONE ? TL_ALONE : TL_EPISODE;
		it.group = st[i].group;
		it.by = st[i].by;
		it.start = t;
		it.end = t + MIN(st[i].minutes);
		t = it.end;
		timeline_add(tl, &it);
	}
	if (t_cause(timeline_finish(tl, t_err()), &cause) != 0) {
		T_FAIL_CAUSE(cause);
		free(cause);
	}
}

/* compare_add with its message as a string (caller frees), each refusal
 * checked to be ERR_DATA (the day is named in the words). */
static int
add_told(struct compare *c, const struct timeline *tl,
    const struct summary *s, char **cause)
{
	struct err	e = ERR_INIT;
	int		rc;

	if ((rc = compare_add(c, tl, s, &e)) == -1) {
		T_EQ_INT(e.code, ERR_DATA);
		*cause = err_take(&e);
	}
	return rc;
}

/* Adds a day, expecting want from compare_add. */
static void
add_day_(struct compare *c, struct timeline *tl, int want, int line)
{
	char	*cause = NULL, msg[T_MSG_LEN];
	int	 got;

	got = add_told(c, tl, NULL, &cause);
	snprintf(msg, sizeof msg, "compare_add gave %d, not %d: %s", got,
	    want, cause != NULL ? cause : "");
	CU_assertImplementation(got == want, line, msg, __FILE__, "",
	    CU_FALSE);
	free(cause);
	timeline_free(tl);
}
#define add_day(c, tl, want) add_day_((c), (tl), (want), __LINE__)

/* Cuts each line of a CSV to its first eight columns, the contract's
 * (the figures across heads follow them); no field here has a comma. */
static void
contract_columns(char *csv)
{
	char	*in = csv, *out = csv;
	int	 commas = 0;

	for (; *in != '\0'; in++) {
		if (*in == '\n')
			commas = 0;
		else if (*in == ',' && ++commas >= 8)
			continue;
		else if (commas >= 8)
			continue;
		*out++ = *in;
	}
	*out = '\0';
}

/* The comparison written in a format, as a string (caller frees). */
static char *
write_out(const struct compare *c, enum output_format format)
{
	FILE	*f;
	char	*buf = NULL;
	size_t	 size = 0;

	f = open_memstream(&buf, &size);
	T_EQ_INT(table_compare_write(f, format, c, 1, NULL), 0);
	fclose(f);
	return buf;
}

/*
 * Four days, 100 minutes observed each at Hillside, 80 at Brook:
 *   Hillside 03-04: SLT 30 (head), alone 70: SLT .30, alone .70
 *   Hillside 03-05: SLT 50 (other), teachers 25 (head), alone 25:
 *                   SLT .50, teachers .25, alone .25
 *   Hillside 03-06: SLT 5 (head), alone 5, teachers 40, alone 50:
 *                   SLT .05, teachers .40, alone .55
 *   Brook    03-05: teachers 20 (other), alone 60: teachers .25, alone .75
 * Hillside SLT .30 .50 .05: mean .85/3 = .283333; deviations .016667,
 * .216667, -.233333, squares summing to .101667, over 2 = .050833, sd
 * .225462; min .05, max .50.  Teachers 0 (absent counts 0) .25 .40: mean
 * .216667, squares .046944 + .001111 + .033611 = .081667, sd .202073.
 * Alone .70 .25 .55: mean .50, squares .04 + .0625 + .0025 = .105, sd
 * .229129.  Brook has one day: no sd.
 */
static void
hand_corpus(struct compare *c)
{
	static const struct stretch d1[] = {
		{ G_SLT, 30, RECORD_BY_HEAD }, { ALONE, 70, 0 }
	};
	static const struct stretch d2[] = {
		{ G_SLT, 50, RECORD_BY_OTHER },
		{ G_TEACHERS, 25, RECORD_BY_HEAD }, { ALONE, 25, 0 }
	};
	static const struct stretch d3[] = {
		{ G_SLT, 5, RECORD_BY_HEAD }, { ALONE, 5, 0 },
		{ G_TEACHERS, 40, RECORD_BY_UNKNOWN }, { ALONE, 50, 0 }
	};
	static const struct stretch d4[] = {
		{ G_TEACHERS, 20, RECORD_BY_OTHER }, { ALONE, 60, 0 }
	};
	struct timeline	tl;

	make_day(&tl, scheme, "Hillside", "2024-03-04", AT(9, 0), d1, 2);
	add_day(c, &tl, 0);
	make_day(&tl, scheme, "Brook", "2024-03-05", AT(9, 0), d4, 2);
	add_day(c, &tl, 0);
	make_day(&tl, scheme, "Hillside", "2024-03-05", AT(9, 0), d2, 3);
	add_day(c, &tl, 0);
	make_day(&tl, scheme, "Hillside", "2024-03-06", AT(9, 0), d3, 4);
	add_day(c, &tl, 0);
}

static const char hand_csv[] =
    "by,value,group,days,mean_share,sd_share,min_share,max_share\n"
    "school,Hillside,SLT,3,0.283333,0.225462,0.050000,0.500000\n"
    "school,Hillside,teachers,3,0.216667,0.202073,0.000000,0.400000\n"
    "school,Hillside,support staff,3,0.000000,0.000000,0.000000,0.000000\n"
    "school,Hillside,pupils,3,0.000000,0.000000,0.000000,0.000000\n"
    "school,Hillside,parents,3,0.000000,0.000000,0.000000,0.000000\n"
    "school,Hillside,visitors,3,0.000000,0.000000,0.000000,0.000000\n"
    "school,Hillside,alone,3,0.500000,0.229129,0.250000,0.700000\n"
    "school,Brook,SLT,1,0.000000,,0.000000,0.000000\n"
    "school,Brook,teachers,1,0.250000,,0.250000,0.250000\n"
    "school,Brook,support staff,1,0.000000,,0.000000,0.000000\n"
    "school,Brook,pupils,1,0.000000,,0.000000,0.000000\n"
    "school,Brook,parents,1,0.000000,,0.000000,0.000000\n"
    "school,Brook,visitors,1,0.000000,,0.000000,0.000000\n"
    "school,Brook,alone,1,0.750000,,0.750000,0.750000\n";

static void
test_compare_shares(void)
{
	struct compare		*c = compare_new("school", 0);
	struct compare_result	 r;
	char			*out;

	hand_corpus(c);
	T_EQ_INT(compare_days(c), 4);
	T_EQ_INT(compare_skipped(c), 0);
	T_EQ_INT(compare_ngroups(c), NGROUPS);
	T_EQ_INT(compare_nvalues(c), 2);
	T_EQ_STR(compare_value(c, 0), "Hillside");
	T_EQ_STR(compare_value(c, 1), "Brook");
	T_EQ_INT(compare_value_days(c, 0), 3);
	T_EQ_STR(compare_group_name(c, NGROUPS - 1), "alone");

	compare_share(c, 0, G_SLT, &r);
	T_EQ_INT(r.n, 3);
	T_TRUE(fabs(r.mean - 0.85 / 3) < 1e-12);
	T_TRUE(fabs(r.sd - sqrt(0.305 / 6)) < 1e-12);
	T_TRUE(r.min == 0.05 && r.max == 0.5);
	compare_share(c, 1, G_TEACHERS, &r);
	T_EQ_INT(r.n, 1);
	T_TRUE(r.mean == 0.25 && isnan(r.sd));

	out = write_out(c, OUTPUT_CSV);
	contract_columns(out);
	T_EQ_STR(out, hand_csv);
	free(out);
	/* Across heads (one head each, so no between and no ICC): Hillside's
	 * SLT varies by 0.305 / 6 day to day, and its head is 0.85 / 3 above
	 * Brook's, the only other: two relabellings, p = 1. */
	out = write_out(c, OUTPUT_CSV);
	T_HAS_STR(out, "\nschool,Hillside,SLT,3,0.283333,0.225462,0.050000,"
	    "0.500000,1,");
	T_HAS_STR(out, ",,0.050833,,1.000000,0.283333,\nschool,Hillside,"
	    "teachers,");
	free(out);
	compare_free(c);
}

/*
 * The day figures of Hillside: episodes per hour 0.6 (1 in 100 min), 1.2,
 * 1.2: mean 1.0, sd sqrt((.16 + .04 + .04) / 2) = .346410.  Under 9
 * minutes 0/1, 0/2, 1/2 (SLT's 5 minutes): mean .166667, sd .288675.
 * Begun by the head 1/1, 1/2, 1/2 (day 3's teachers unknown): mean
 * .666667, sd .288675, min .5, max 1.
 */
static void
test_compare_figures(void)
{
	struct compare		*c = compare_new("school", 0);
	struct compare_result	 r;
	char			*out;

	hand_corpus(c);
	compare_figure(c, 0, COMPARE_PER_HOUR, &r);
	T_EQ_INT(r.n, 3);
	T_TRUE(fabs(r.mean - 1.0) < 1e-12);
	T_TRUE(fabs(r.sd - sqrt(0.12)) < 1e-12);
	T_TRUE(fabs(r.min - 0.6) < 1e-12 && fabs(r.max - 1.2) < 1e-12);
	compare_figure(c, 0, COMPARE_UNDER9, &r);
	T_TRUE(fabs(r.mean - 1.0 / 6) < 1e-12 && r.min == 0 && r.max == 0.5);
	compare_figure(c, 0, COMPARE_HEAD_SHARE, &r);
	T_TRUE(fabs(r.mean - 2.0 / 3) < 1e-12 && r.min == 0.5 && r.max == 1);

	out = write_out(c, OUTPUT_JSON);
	T_HAS_STR(out, "{\"by\": \"school\", \"bin_minutes\": null, "
	    "\"days\": 4, \"skipped\": 0,");
	T_HAS_STR(out, "{\"value\": \"Hillside\", \"days\": 3,");
	T_HAS_STR(out, "{\"group\": \"SLT\", \"days\": 3, \"mean_share\": "
	    "0.283333, \"sd_share\": 0.225462, \"min_share\": 0.050000, "
	    "\"max_share\": 0.500000}");
	T_HAS_STR(out, "\"episodes_per_hour\": {\"days\": 3, \"mean\": "
	    "1.000000, \"sd\": 0.346410, \"min\": 0.600000, \"max\": "
	    "1.200000}");
	T_HAS_STR(out, "\"under9\": {\"days\": 3, \"mean\": 0.166667, "
	    "\"sd\": 0.288675, \"min\": 0.000000, \"max\": 0.500000}");
	T_HAS_STR(out, "\"head_share\": {\"days\": 3, \"mean\": 0.666667, "
	    "\"sd\": 0.288675, \"min\": 0.500000, \"max\": 1.000000}");
	/* Brook, one day: sd null. */
	T_HAS_STR(out, "{\"group\": \"teachers\", \"days\": 1, "
	    "\"mean_share\": 0.250000, \"sd_share\": null,");
	T_TRUE(strstr(out, "\"bins\"") == NULL);
	free(out);

	out = write_out(c, OUTPUT_TEXT);
	T_HAS_STR(out, "Comparison by school: 4 days\n");
	T_HAS_STR(out, "school = Hillside: 3 days\n");
	T_HAS_STR(out, "SLT                        3  28.3%  22.5%   5.0%  "
	    "50.0%\n");
	T_HAS_STR(out, "\nEpisodes per hour     3   1.00   0.35   0.60    "
	    "1.20\n");
	T_HAS_STR(out, "\nBegun by the head     3  66.7%  28.9%  50.0%  "
	    "100.0%\n");
	T_HAS_STR(out, "\nalone                      3  50.0%  22.9%  25.0%  "
	    "70.0%\n");
	T_HAS_STR(out, "\nteachers                   1  25.0%   -  25.0%  "
	    "25.0%\n");
	T_HAS_STR(out, "school = Brook: 1 day\n");
	free(out);
	compare_free(c);
}

/*
 * A day with no episodes (alone 60 min) has 0 episodes per hour but no
 * share under 9 minutes and none begun by the head: those two are
 * skipped, so Brook's under9 comes from its other day alone.
 */
static void
test_compare_missing_figures(void)
{
	static const struct stretch d1[] = {
		{ G_TEACHERS, 20, RECORD_BY_OTHER }, { ALONE, 60, 0 }
	};
	static const struct stretch d2[] = { { ALONE, 60, 0 } };
	struct compare		*c = compare_new("school", 0);
	struct compare_result	 r;
	struct timeline		 tl;

	make_day(&tl, scheme, "Brook", "2024-03-05", AT(9, 0), d1, 2);
	add_day(c, &tl, 0);
	make_day(&tl, scheme, "Brook", "2024-03-06", AT(9, 0), d2, 1);
	add_day(c, &tl, 0);
	compare_figure(c, 0, COMPARE_PER_HOUR, &r);
	T_EQ_INT(r.n, 2);
	T_TRUE(fabs(r.mean - 0.375) < 1e-12 && r.min == 0);
	compare_figure(c, 0, COMPARE_UNDER9, &r);
	T_EQ_INT(r.n, 1);
	T_TRUE(r.mean == 0 && isnan(r.sd));
	compare_figure(c, 0, COMPARE_HEAD_SHARE, &r);
	T_EQ_INT(r.n, 1);
	compare_share(c, 0, G_TEACHERS, &r);
	T_EQ_INT(r.n, 2);
	T_TRUE(r.mean == 0.125 && r.min == 0 && r.max == 0.25);
	compare_free(c);
}

/* Compared by a tag: the day without it is left out and counted. */
static void
test_compare_tag(void)
{
	static const struct stretch d[] = {
		{ G_PUPILS, 15, RECORD_BY_HEAD }, { ALONE, 45, 0 }
	};
	static const struct stretch e[] = {
		{ G_PUPILS, 30, RECORD_BY_HEAD }, { ALONE, 30, 0 }
	};
	struct compare		*c = compare_new("phase", 0);
	struct compare_result	 r;
	struct timeline		 tl;
	char			*out;

	make_day(&tl, scheme, "A", "2024-03-04", AT(9, 0), d, 2);
	timeline_add_tag(&tl, "phase", "primary");
	add_day(c, &tl, 0);
	make_day(&tl, scheme, "B", "2024-03-04", AT(9, 0), e, 2);
	add_day(c, &tl, 1);			/* no phase tag */
	make_day(&tl, scheme, "C", "2024-03-04", AT(9, 0), e, 2);
	timeline_add_tag(&tl, "region", "north");
	timeline_add_tag(&tl, "phase", "primary");
	add_day(c, &tl, 0);
	make_day(&tl, scheme, "D", "2024-03-04", AT(9, 0), e, 2);
	timeline_add_tag(&tl, "phase", "");
	add_day(c, &tl, 0);			/* an empty value is a value */

	T_EQ_INT(compare_days(c), 3);
	T_EQ_INT(compare_skipped(c), 1);
	T_EQ_INT(compare_nvalues(c), 2);
	T_EQ_STR(compare_value(c, 0), "primary");
	T_EQ_STR(compare_value(c, 1), "");
	compare_share(c, 0, G_PUPILS, &r);
	T_EQ_INT(r.n, 2);
	T_TRUE(fabs(r.mean - 0.375) < 1e-12);	/* .25 and .50 */
	out = write_out(c, OUTPUT_CSV);
	T_HAS_STR(out, "\nphase,primary,pupils,2,0.375000,0.176777,"
	    "0.250000,0.500000,");
	T_HAS_STR(out, "\nphase,,pupils,1,0.500000,,0.500000,0.500000,");
	free(out);
	out = write_out(c, OUTPUT_TEXT);
	T_HAS_STR(out, "Comparison by phase: 3 days (1 day without phase "
	    "left out)\n");
	T_HAS_STR(out, "phase = (empty): 1 day\n");
	free(out);
	out = write_out(c, OUTPUT_JSON);
	T_HAS_STR(out, "\"days\": 3, \"skipped\": 1,");
	free(out);
	compare_free(c);
}

/* A day whose scheme differs is refused, naming it, and changes nothing. */
static void
test_compare_scheme(void)
{
	static const struct stretch d[] = {
		{ G_SLT, 10, RECORD_BY_HEAD }, { ALONE, 50, 0 }
	};
	struct compare	*c = compare_new("school", 0);
	struct scheme	*other;
	struct timeline	 tl;
	char		*cause = NULL;

	other = scheme_copy(scheme);
	free(other->groups[0].name);
	other->groups[0].name = xstrdup("leaders");
	make_day(&tl, scheme, "Hillside", "2024-03-04", AT(9, 0), d, 2);
	add_day(c, &tl, 0);
	make_day(&tl, scheme, "Hillside", "2024-03-05", AT(9, 0), d, 2);
	add_day(c, &tl, 0);
	make_day(&tl, other, "Brook", "2024-03-06", AT(9, 0), d, 2);
	T_EQ_INT(add_told(c, &tl, NULL, &cause), -1);
	T_HAS_STR(cause, "2024-03-06 (school \"Brook\", head \"H1\")");
	T_HAS_STR(cause, "first day compared, 2024-03-04 (school "
	    "\"Hillside\"");
	T_HAS_STR(cause, "same scheme");
	free(cause);
	timeline_free(&tl);
	T_EQ_INT(compare_days(c), 2);
	T_EQ_INT(compare_nvalues(c), 1);
	/* A colour alone does not make another scheme. */
	free(other->groups[0].name);
	other->groups[0].name = xstrdup("SLT");
	strcpy(other->groups[0].colour, "#000000");
	make_day(&tl, other, "Brook", "2024-03-06", AT(9, 0), d, 2);
	add_day(c, &tl, 0);
	scheme_free(other);
	compare_free(c);
}

/*
 * Hourly bins.  Hillside X 09:30-10:30 SLT; Hillside Y 10:00-10:30 alone,
 * 10:30-11:30 teachers; Brook Z 13:00-13:20 alone.  Hillside's bins span
 * the union 09:00-12:00, each mean over its 2 days: 09:00 SLT 30/2 = 15
 * min (900 s); 10:00 SLT 15, teachers 15, alone 15 min; 11:00 teachers
 * 15 min.  Brook: 13:00 only, alone 20 min.
 */
static void
test_compare_bins(void)
{
	static const struct stretch x[] = { { G_SLT, 60, RECORD_BY_HEAD } };
	static const struct stretch y[] = {
		{ ALONE, 30, 0 }, { G_TEACHERS, 60, RECORD_BY_OTHER }
	};
	static const struct stretch z[] = { { ALONE, 20, 0 } };
	struct compare	*c = compare_new("school", 60);
	struct timeline	 tl;
	char		*out, *p;
	size_t		 lines = 0;

	make_day(&tl, scheme, "Hillside", "2024-03-04", AT(9, 30), x, 1);
	add_day(c, &tl, 0);
	make_day(&tl, scheme, "Brook", "2024-03-04", AT(13, 0), z, 1);
	add_day(c, &tl, 0);
	make_day(&tl, scheme, "Hillside", "2024-03-05", AT(10, 0), y, 2);
	add_day(c, &tl, 0);

	T_EQ_INT(compare_nbins(c, 0), 3);
	T_EQ_INT(compare_bin_start(c, 0, 0), AT(9, 0));
	T_EQ_INT(compare_nbins(c, 1), 1);
	T_EQ_INT(compare_bin_start(c, 1, 0), AT(13, 0));
	T_TRUE(compare_bin_mean_ms(c, 0, 0, G_SLT) == MIN(15));
	T_TRUE(compare_bin_mean_ms(c, 0, 1, NGROUPS - 1) == MIN(15));
	T_TRUE(compare_bin_mean_ms(c, 0, 2, G_TEACHERS) == MIN(15));
	T_TRUE(compare_bin_mean_ms(c, 0, 2, G_SLT) == 0);

	out = write_out(c, OUTPUT_CSV);
	T_TRUE(strncmp(out, "by,value,bin_start,group,mean_seconds\n"
	    "school,Hillside,09:00,SLT,900.000\n"
	    "school,Hillside,09:00,teachers,0.000\n", 90) == 0);
	T_HAS_STR(out, "\nschool,Hillside,10:00,SLT,900.000\n"
	    "school,Hillside,10:00,teachers,900.000\n");
	T_HAS_STR(out, "\nschool,Hillside,10:00,alone,900.000\n"
	    "school,Hillside,11:00,SLT,0.000\n"
	    "school,Hillside,11:00,teachers,900.000\n");
	T_HAS_STR(out, "\nschool,Brook,13:00,alone,1200.000\n");
	for (p = out; *p != '\0'; p++)
		lines += *p == '\n';
	T_EQ_INT(lines, 1 + 3 * NGROUPS + NGROUPS);
	free(out);

	out = write_out(c, OUTPUT_JSON);
	T_HAS_STR(out, "\"bin_minutes\": 60,");
	T_HAS_STR(out, "{\"bin_start\": \"11:00\", \"group\": \"teachers\", "
	    "\"mean_seconds\": 900.000}");
	free(out);
	out = write_out(c, OUTPUT_TEXT);
	T_HAS_STR(out, "Mean time with each group in 60-minute bins");
	T_HAS_STR(out, "10:00  15m00s    15m00s");
	free(out);
	compare_free(c);
}

/* Thirds of a minute do not divide: 20 s in 3 days is 6.667 s. */
static void
test_compare_bins_rounding(void)
{
	static const struct stretch a[] = { { ALONE, 60, 0 } };
	struct compare	*c = compare_new("head", 60);
	struct timeline	 tl;
	struct tl_item	 it;
	char		*out, *cause = NULL;
	int		 i;

	for (i = 0; i < 3; i++) {
		if (i > 0) {
			make_day(&tl, scheme, "S", "2024-03-04", AT(9, 0), a,
			    1);
			add_day(c, &tl, 0);
			continue;
		}
		timeline_init(&tl, "S", "H1", "O1", "2024-03-04", scheme);
		memset(&it, 0, sizeof it);
		it.kind = TL_EPISODE;
		it.group = G_PARENTS;
		it.start = AT(9, 0);
		it.end = it.start + 20000;
		timeline_add(&tl, &it);
		it.kind = TL_ALONE;
		it.group = ALONE;
		it.start = it.end;
		it.end = AT(10, 0);
		timeline_add(&tl, &it);
		T_EQ_INT(t_cause(timeline_finish(&tl, t_err()), &cause), 0);
		free(cause);
		add_day(c, &tl, 0);
	}
	out = write_out(c, OUTPUT_CSV);
	T_HAS_STR(out, "\nhead,H1,09:00,parents,6.667\n");
	T_HAS_STR(out, "\nhead,H1,09:00,alone,3593.333\n");
	free(out);
	compare_free(c);
}

/* No day: the header alone, an empty JSON list, a line of text. */
static void
test_compare_empty(void)
{
	struct compare	*c = compare_new("observer", 0);
	char		*out;

	out = write_out(c, OUTPUT_CSV);
	T_EQ_STR(out, "by,value,group,days,mean_share,sd_share,min_share,"
	    "max_share,heads,ci_low,ci_high,var_between,var_within,icc1,"
	    "p_value,mean_diff,hedges_g\n");
	free(out);
	out = write_out(c, OUTPUT_JSON);
	T_EQ_STR(out, "{\"by\": \"observer\", \"bin_minutes\": null, "
	    "\"days\": 0, \"skipped\": 0,\n \"values\": [],\n "
	    "\"seed\": 1, \"across_heads\": [],\n \"between_values\": []}\n");
	free(out);
	out = write_out(c, OUTPUT_TEXT);
	T_EQ_STR(out, "Comparison by observer: 0 days\n");
	free(out);
	compare_free(c);
}

/* A value from a log reaches the terminal safe, CSV quoted, JSON escaped. */
static void
test_compare_hostile(void)
{
	static const struct stretch d[] = { { ALONE, 10, 0 } };
	struct compare	*c = compare_new("school", 0);
	struct timeline	 tl;
	char		*out;

	make_day(&tl, scheme, "Ev\x1b[2Jil, \"Co\"\n", "2024-03-04",
	    AT(9, 0), d, 1);
	add_day(c, &tl, 0);
	out = write_out(c, OUTPUT_TEXT);
	T_TRUE(strchr(out, '\x1b') == NULL);
	T_HAS_STR(out, "school = Ev\\x1b[2Jil, \"Co\"\\x0a: 1 day");
	free(out);
	out = write_out(c, OUTPUT_CSV);
	T_HAS_STR(out, "\nschool,\"Ev\x1b[2Jil, \"\"Co\"\"\n\",SLT,1,");
	free(out);
	out = write_out(c, OUTPUT_JSON);
	T_HAS_STR(out, "{\"value\": \"Ev\\u001b[2Jil, \\\"Co\\\"\\n\"");
	free(out);
	compare_free(c);
}

/* A day too far from its value's others for the bins is refused. */
static void
test_compare_bins_span(void)
{
	static const struct stretch d[] = { { ALONE, 10, 0 } };
	struct compare	*c = compare_new("school", 1);
	struct timeline	 tl;
	char		*cause = NULL;

	make_day(&tl, scheme, "S", "2024-03-04", AT(9, 0), d, 1);
	add_day(c, &tl, 0);
	make_day(&tl, scheme, "S", "2024-03-05", AT(9, 0) + MIN(7 * 24 * 60),
	    d, 1);
	T_EQ_INT(add_told(c, &tl, NULL, &cause), -1);
	T_HAS_STR(cause, "more than 10080 bins");
	free(cause);
	timeline_free(&tl);
	T_EQ_INT(compare_days(c), 1);
	compare_free(c);
}

/*
 * 10 000 days at two schools, with bins: what the comparison holds after
 * 100 days is what it holds after 10 000, and identical days give their
 * own figures back exactly (sd 0).
 */
static void
test_compare_many_days(void)
{
	static const struct stretch d[] = {
		{ G_SLT, 6, RECORD_BY_HEAD }, { ALONE, 14, 0 },
		{ G_PUPILS, 20, RECORD_BY_OTHER }, { ALONE, 20, 0 }
	};
	struct compare		*c = compare_new("school", 15);
	struct compare_result	 r;
	struct summary		 s;
	struct timeline		 tl;
	char			 date[16], *cause = NULL;
	size_t			 i, bytes = 0;

	for (i = 0; i < MANY_DAYS; i++) {
		snprintf(date, sizeof date, "20%02zu-%02zu-%02zu",
		    10 + i / 365 % 80, 1 + i / 28 % 12, 1 + i % 28);
		make_day(&tl, scheme, i % 2 == 0 ? "Even" : "Odd", date,
		    AT(9, 0), d, 4);
		summary_compute(&tl, SUMMARY_PARTS, &s);
		if (add_told(c, &tl, &s, &cause) != 0) {
			T_FAIL_CAUSE(cause);
			free(cause);
			cause = NULL;
		}
		summary_free(&s);
		timeline_free(&tl);
		if (i + 1 == 100)
			bytes = compare_bytes(c);
	}
	T_EQ_INT(compare_days(c), MANY_DAYS);
	T_EQ_INT(compare_bytes(c), bytes);
	T_EQ_INT(compare_value_days(c, 1), MANY_DAYS / 2);
	compare_share(c, 1, G_SLT, &r);
	T_TRUE(r.n == MANY_DAYS / 2 && r.mean == 0.1 && r.sd == 0);
	compare_figure(c, 0, COMPARE_UNDER9, &r);
	T_TRUE(r.mean == 0.5 && r.sd == 0);
	T_EQ_INT(compare_nbins(c, 0), 4);
	T_TRUE(compare_bin_mean_ms(c, 0, 0, G_SLT) == MIN(6));
	compare_free(c);
}

void
compare_test_register(void)
{
	CU_pSuite	s;

	s = CU_add_suite("compare", compare_suite_init, compare_suite_clean);
	CU_add_test(s, "shares by school, worked by hand", test_compare_shares);
	CU_add_test(s, "day figures compared the same way",
	    test_compare_figures);
	CU_add_test(s, "missing day figures are skipped",
	    test_compare_missing_figures);
	CU_add_test(s, "by a tag; a day without it left out",
	    test_compare_tag);
	CU_add_test(s, "a different scheme is refused", test_compare_scheme);
	CU_add_test(s, "the mean pattern in bins", test_compare_bins);
	CU_add_test(s, "bin means rounded to the ms",
	    test_compare_bins_rounding);
	CU_add_test(s, "no days", test_compare_empty);
	CU_add_test(s, "hostile values", test_compare_hostile);
	CU_add_test(s, "bins too far apart are refused",
	    test_compare_bins_span);
	CU_add_test(s, "10 000 days in flat memory", test_compare_many_days);
}
