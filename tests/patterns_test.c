/*
 * Tests for the patterns among days (common/patterns.c): two kinds of day
 * far apart are found as two patterns, numbered by their first day and
 * said in words; days alike give a centre "close to the average"; by head
 * a head is the mean of its days; too few days are refused.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "err.h"
#include "patterns.h"
#include "scheme.h"
#include "summary.h"
#include "test.h"
#include "timeline.h"

#define MIN(m)		((int64_t)(m) * 60000)
#define NINE		MIN(9 * 60)
#define G_TEACHERS	1
#define G_PUPILS	3

static struct scheme	*scheme;

static int
patterns_suite_init(void)
{
	scheme = scheme_default();
	return scheme == NULL;
}

static int
patterns_suite_clean(void)
{
	scheme_free(scheme);
	return 0;
}

/* Adds an hour from 09:00 of head: minutes with group, then alone. */
static void
add_hour(struct patterns *p, const char *head, int group, int minutes)
{
	struct timeline	 tl;
	struct tl_item	 it;
	char		*cause = NULL;

	timeline_init(&tl, "S", head, "O", "2026-11-16", scheme);
	memset(&it, 0, sizeof it);
	it.kind = TL_EPISODE;
	it.group = group;
	it.by = RECORD_BY_HEAD;
	it.start = NINE;
	it.end = NINE + MIN(minutes);
	timeline_add(&tl, &it);
	it.kind = TL_ALONE;
	it.group = -1;
	it.start = it.end;
	it.end = NINE + MIN(60);
	timeline_add(&tl, &it);
	T_EQ_INT(t_cause(timeline_finish(&tl, t_err()), &cause), 0);
	free(cause);
	T_EQ_INT(patterns_add(p, &tl, NULL, NULL), 0);
	timeline_free(&tl);
}

/* Three days with pupils 40-42 minutes, three with teachers 40-42: two
 * patterns, numbered by the first day's, each said by its group. */
static void
test_patterns_two_kinds(void)
{
	struct patterns	*p = patterns_new(0);
	char		*d;
	size_t		 i;

	for (i = 0; i < 3; i++) {
		add_hour(p, "H1", G_TEACHERS, 40 + (int)i);
		add_hour(p, "H2", G_PUPILS, 40 + (int)i);
	}
	T_EQ_INT(patterns_fit(p, 0, 1, NULL), 0);
	T_TRUE(patterns_chosen(p));
	T_EQ_INT(patterns_k(p), 2);
	for (i = 0; i < 6; i++)
		T_EQ_INT(patterns_label(p, i), i % 2);
	T_EQ_INT(patterns_size(p, 0), 3);
	T_TRUE(patterns_silhouette(p) > 0.4);	/* alone varies within each */
	d = patterns_describe(p, 0);
	T_EQ_STR(d, "more time with teachers, less time with pupils than "
	    "the average");
	free(d);
	T_TRUE(fabs(patterns_centre(p, 1, G_PUPILS) - 41.0 / 60) < 1e-9);
	/* (41 / 60 - 123 / 360) / 0.341802, the sd of all six days */
	T_TRUE(fabs(patterns_centre_z(p, 1, G_PUPILS) - 0.999604) < 1e-6);
	/* Another seed: the same patterns, the same numbers. */
	T_EQ_INT(patterns_fit(p, 2, 99, NULL), 0);
	for (i = 0; i < 6; i++)
		T_EQ_INT(patterns_label(p, i), i % 2);
	patterns_free(p);
}

/* Days alike: every figure the same, so every z is 0 and each pattern's
 * centre is the average. */
static void
test_patterns_alike(void)
{
	struct patterns	*p = patterns_new(0);
	char		*d;
	size_t		 i;

	for (i = 0; i < 4; i++)
		add_hour(p, "H1", G_PUPILS, 30);
	T_EQ_INT(patterns_fit(p, 2, 1, NULL), 0);
	d = patterns_describe(p, 0);
	T_EQ_STR(d, "close to the average");
	free(d);
	T_TRUE(patterns_silhouette(p) == 0);
	patterns_free(p);
}

/* By head: H1's days 20 and 40 minutes with pupils are one item of mean
 * share 0.5. */
static void
test_patterns_by_head(void)
{
	struct patterns	*p = patterns_new(1);

	add_hour(p, "H1", G_PUPILS, 20);
	add_hour(p, "H2", G_TEACHERS, 30);
	add_hour(p, "H1", G_PUPILS, 40);
	add_hour(p, "H3", G_TEACHERS, 10);
	T_EQ_INT(patterns_nitems(p), 3);
	T_EQ_INT(patterns_item_days(p, 0), 2);
	T_EQ_INT(patterns_fit(p, 2, 1, NULL), 0);
	T_TRUE(fabs(patterns_centre(p, patterns_label(p, 0), G_PUPILS) -
	    0.5) < 1e-9);
	T_EQ_STR(patterns_item_head(p, 2), "H3");
	patterns_free(p);
}

static void
test_patterns_too_few(void)
{
	struct patterns	*p = patterns_new(0);
	struct err	 e = ERR_INIT;

	add_hour(p, "H1", G_PUPILS, 20);
	add_hour(p, "H1", G_PUPILS, 30);
	T_EQ_INT(patterns_fit(p, 0, 1, &e), -1);
	T_EQ_STR(e.msg, "--patterns needs at least 3 days, not 2");
	T_EQ_INT(e.code, ERR_DATA);
	T_TRUE(e.file == NULL && e.line == 0);
	err_clear(&e);
	T_EQ_INT(patterns_fit(p, 2, 1, &e), -1);
	T_EQ_STR(e.msg, "--patterns=2 needs more than 2 days, not 2");
	T_EQ_INT(e.code, ERR_DATA);
	err_clear(&e);
	patterns_free(p);
}

void
patterns_test_register(void)
{
	CU_pSuite	s;

	s = CU_add_suite("patterns", patterns_suite_init,
	    patterns_suite_clean);
	CU_add_test(s, "two kinds of day, two patterns",
	    test_patterns_two_kinds);
	CU_add_test(s, "days alike", test_patterns_alike);
	CU_add_test(s, "a head is the mean of its days", test_patterns_by_head);
	CU_add_test(s, "too few days", test_patterns_too_few);
}
