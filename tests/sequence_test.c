/*
 * Tests for the lag-1 statistics (common/sequence.c), instantaneous
 * sampling (common/sample.c) and the SDIS writer (common/sdis.c) on tiny
 * days worked out by hand (the working is in the comments).  Days are
 * built item by item, as a reader builds them, so every boundary is where
 * the test puts it.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "sample.h"
#include "scheme.h"
#include "sdis.h"
#include "sequence.h"
#include "summary.h"
#include "test.h"
#include "timeline.h"

#define HM(h, m)	((int64_t)((h) * 60 + (m)) * 60000)
#define SLT		0
#define TEACHERS	1
#define ALONE		(-1)

/* One stretch of a test day: kind, group, from and to as HH*100+MM. */
struct td_item {
	enum tl_kind	kind;
	int		group;
	int		from, to;
};

static int64_t
hhmm(int t)
{
	return HM(t / 100, t % 100);
}

/* The day of n items; aborts when timeline_finish refuses it. */
static void
seq_day(struct timeline *tl, const struct td_item *items, size_t n)
{
	struct scheme	*sch = scheme_default();
	struct tl_item	 it;
	char		*cause = NULL;
	size_t		 i;

	timeline_init(tl, "Hillside", "H1", "O1", "2026-11-16", sch);
	scheme_free(sch);
	for (i = 0; i < n; i++) {
		memset(&it, 0, sizeof it);
		it.kind = items[i].kind;
		it.group = items[i].kind == TL_EPISODE ? items[i].group : -1;
		it.start = hhmm(items[i].from);
		it.end = hhmm(items[i].to);
		if (it.kind == TL_EPISODE && it.group == SLT) {
			it.by = RECORD_BY_HEAD;
			it.person = "DH";
		}
		timeline_add(tl, &it);
	}
	if (t_cause(timeline_finish(tl, t_err()), &cause) != 0) {
		fprintf(stderr, "bad test day: %s\n", cause);
		abort();
	}
}

/* Close to six decimals, as the outputs write them; NAN equal to NAN. */
static void
near_(double a, double b, const char *as, int line)
{
	char	msg[T_MSG_LEN];
	int	ok;

	ok = (isnan(a) && isnan(b)) || fabs(a - b) < 5e-7;
	snprintf(msg, sizeof msg, "%s == %.7f (got %.7f)", as, b, a);
	CU_assertImplementation(ok, line, msg, __FILE__, "", CU_FALSE);
}

#define T_NEAR(a, b)	near_((a), (b), #a, __LINE__)

/*
 * Alone, SLT, teachers, alone, SLT, alone: links A>S, S>T, T>A, A>S, S>A,
 * N = 5.  Rows: SLT 2, teachers 1, alone 2; columns: SLT 2, teachers 1,
 * alone 2.
 *   SLT>teachers x=1 R=2 C=1: E = 0.4, p = .5,
 *     z = 0.6/sqrt(0.4*0.6*0.8) = sqrt(1.875); a,b,c,d = 1,1,0,3: Q = 1
 *   SLT>alone x=1 R=2 C=2: E = 0.8, p = .5,
 *     z = 0.2/sqrt(0.8*0.6*0.6) = sqrt(0.04/0.288); 1,1,1,2: Q = 1/3
 *   teachers>alone x=1 R=1 C=2: E = 0.4, p = 1, z = sqrt(1.875);
 *     1,0,1,3: Q = 1
 *   alone>SLT x=2 R=2 C=2: E = 0.8, p = 1, z = 1.2/sqrt(0.288) = sqrt(5)
 *     (marked); 2,0,0,3: Q = 1
 */
static const struct td_item day_links[] = {
	{ TL_ALONE, ALONE, 900, 910 },
	{ TL_EPISODE, SLT, 910, 920 },
	{ TL_EPISODE, TEACHERS, 920, 930 },
	{ TL_ALONE, ALONE, 930, 940 },
	{ TL_EPISODE, SLT, 940, 950 },
	{ TL_ALONE, ALONE, 950, 1000 }
};

static void
test_sequence_by_hand(void)
{
	struct timeline			 tl;
	struct summary_transition	*tr;
	struct sequence_stat		 st[4];
	size_t				 n;

	seq_day(&tl, day_links, sizeof day_links / sizeof day_links[0]);
	tr = summary_transitions(&tl, &n);
	T_EQ_INT(n, 4);
	T_EQ_INT(tr[0].from, SLT);
	T_EQ_INT(tr[0].to, TEACHERS);
	T_EQ_INT(tr[1].to, ALONE);
	T_EQ_INT(tr[3].from, ALONE);
	T_EQ_INT(tr[3].count, 2);
	sequence_stats(tr, n, st);
	T_NEAR(st[0].expected, 0.4);
	T_NEAR(st[0].probability, 0.5);
	T_NEAR(st[0].z, sqrt(1.875));
	T_NEAR(st[0].yule_q, 1);
	T_EQ_INT(st[0].marked, 0);
	T_NEAR(st[1].expected, 0.8);
	T_NEAR(st[1].probability, 0.5);
	T_NEAR(st[1].z, sqrt(0.04 / 0.288));
	T_NEAR(st[1].yule_q, 1.0 / 3);
	T_NEAR(st[2].expected, 0.4);
	T_NEAR(st[2].probability, 1);
	T_NEAR(st[2].z, sqrt(1.875));
	T_NEAR(st[2].yule_q, 1);
	T_NEAR(st[3].expected, 0.8);
	T_NEAR(st[3].probability, 1);
	T_NEAR(st[3].z, sqrt(5));
	T_NEAR(st[3].yule_q, 1);
	T_EQ_INT(st[3].marked, 1);
	free(tr);
	timeline_free(&tl);
}

/* One link (SLT>alone): E = 1, p = 1; the root is 1*0*0 and ad + bc =
 * 1*0 + 0*0, so z and Q are undefined.  Two links SLT>alone, alone>SLT:
 * E = 0.5 each, root = 0.5*0.5*0.5, z = 0.5/sqrt(0.125) = sqrt(2);
 * a,b,c,d = 1,0,0,1: Q = 1.  A pause breaks the chain: alone, pause,
 * SLT is no link at all. */
static void
test_sequence_undefined(void)
{
	struct summary_transition	 one[] = { { SLT, ALONE, 1 } };
	struct summary_transition	 two[] = { { SLT, ALONE, 1 },
					    { ALONE, SLT, 1 } };
	static const struct td_item	 paused[] = {
		{ TL_ALONE, ALONE, 900, 910 },
		{ TL_PAUSE, ALONE, 910, 920 },
		{ TL_EPISODE, SLT, 920, 930 }
	};
	struct summary_transition	*tr;
	struct sequence_stat		 st[2];
	struct timeline			 tl;
	size_t				 n;

	sequence_stats(one, 1, st);
	T_NEAR(st[0].expected, 1);
	T_NEAR(st[0].probability, 1);
	T_TRUE(isnan(st[0].z));
	T_TRUE(isnan(st[0].yule_q));
	T_EQ_INT(st[0].marked, 0);
	sequence_stats(two, 2, st);
	T_NEAR(st[0].expected, 0.5);
	T_NEAR(st[0].z, sqrt(2));
	T_NEAR(st[1].yule_q, 1);
	seq_day(&tl, paused, 3);
	tr = summary_transitions(&tl, &n);
	T_EQ_INT(n, 0);
	free(tr);
	timeline_free(&tl);
}

/* The day twice, pooled: every count doubled, so E doubles, p and Q stay,
 * z grows by sqrt(2); names in scheme order, alone last. */
static void
test_sequence_pool(void)
{
	struct timeline			 tl;
	struct summary_transition	*tr, *pooled;
	struct sequence_stat		 st[4], sp[4];
	struct sequence_pool		 pool;
	size_t				 n, np, i;

	seq_day(&tl, day_links, sizeof day_links / sizeof day_links[0]);
	tr = summary_transitions(&tl, &n);
	sequence_pool_init(&pool);
	sequence_pool_add(&pool, &tl, tr, n);
	sequence_pool_add(&pool, &tl, tr, n);
	pooled = sequence_pool_transitions(&pool, &np);
	T_EQ_INT(np, n);
	T_EQ_INT(pool.days, 2);
	sequence_stats(tr, n, st);
	sequence_stats(pooled, np, sp);
	for (i = 0; i < n; i++) {
		T_EQ_STR(sequence_pool_name(&pool, pooled[i].from),
		    timeline_group_name(&tl, tr[i].from));
		T_EQ_STR(sequence_pool_name(&pool, pooled[i].to),
		    timeline_group_name(&tl, tr[i].to));
		T_EQ_INT(pooled[i].count, 2 * tr[i].count);
		T_NEAR(sp[i].expected, 2 * st[i].expected);
		T_NEAR(sp[i].probability, st[i].probability);
		T_NEAR(sp[i].z, sqrt(2) * st[i].z);
		T_NEAR(sp[i].yule_q, st[i].yule_q);
	}
	free(pooled);
	free(tr);
	sequence_pool_free(&pool);
	timeline_free(&tl);
}

/*
 * Begin 09:00, stop 09:45: alone to 09:10, SLT to 09:25, pause to 09:30,
 * alone to 09:35, teachers to 09:45.  Observed 40 min: SLT 15 (.375),
 * teachers 10 (.25), alone 15 (.375).
 */
static const struct td_item day_sampled[] = {
	{ TL_ALONE, ALONE, 900, 910 },
	{ TL_EPISODE, SLT, 910, 925 },
	{ TL_PAUSE, ALONE, 925, 930 },
	{ TL_ALONE, ALONE, 930, 935 },
	{ TL_EPISODE, TEACHERS, 935, 945 }
};

/* Every 5 minutes: 09:10 is SLT's start (the starting episode), 09:25
 * SLT's end and the pause's start (what follows: skipped), 09:30 the
 * pause's end (alone), 09:45 the stop (never a point). */
static void
test_sample_boundaries(void)
{
	static const int	 at[] = { 900, 905, 910, 915, 920, 930, 935,
				    940 };
	static const int	 group[] = { ALONE, ALONE, SLT, SLT, SLT,
				    ALONE, TEACHERS, TEACHERS };
	struct timeline		 tl;
	struct sample_point	*p;
	size_t			 n, i;

	seq_day(&tl, day_sampled, sizeof day_sampled / sizeof day_sampled[0]);
	p = sample_points(&tl, 5, &n);
	T_EQ_INT(n, 8);
	for (i = 0; i < n && i < 8; i++) {
		T_EQ_INT(p[i].at, hhmm(at[i]));
		T_EQ_INT(p[i].item->kind == TL_EPISODE ? p[i].item->group :
		    ALONE, group[i]);
	}
	T_EQ_STR(p[2].item->person, "DH");
	free(p);
	/* Every 7: 09:28 is in the pause; 09:35 is teachers' start. */
	p = sample_points(&tl, 7, &n);
	T_EQ_INT(n, 6);
	T_EQ_INT(p[4].at, hhmm(935));
	T_EQ_INT(p[4].item->group, TEACHERS);
	free(p);
	/* Longer than the day: begin alone. */
	p = sample_points(&tl, 60, &n);
	T_EQ_INT(n, 1);
	T_EQ_INT(p[0].item->kind, TL_ALONE);
	free(p);
	timeline_free(&tl);
}

/* Every 10: 09:00 alone, 09:10 SLT, 09:20 SLT, 09:30 alone, 09:40
 * teachers: points .4 SLT, .2 teachers, .4 alone beside time .375, .25,
 * .375. */
static void
test_sample_shares(void)
{
	struct timeline		 tl;
	struct sample_point	*p;
	struct sample_share	 sh[7];
	size_t			 n;

	seq_day(&tl, day_sampled, sizeof day_sampled / sizeof day_sampled[0]);
	p = sample_points(&tl, 10, &n);
	T_EQ_INT(n, 5);
	sample_shares(&tl, p, n, sh);
	T_EQ_INT(sh[SLT].points, 2);
	T_NEAR(sh[SLT].point_share, 0.4);
	T_NEAR(sh[SLT].time_share, 0.375);
	T_EQ_INT(sh[TEACHERS].points, 1);
	T_NEAR(sh[TEACHERS].point_share, 0.2);
	T_NEAR(sh[TEACHERS].time_share, 0.25);
	T_EQ_INT(sh[6].points, 2);
	T_NEAR(sh[6].point_share, 0.4);
	T_NEAR(sh[6].time_share, 0.375);
	T_EQ_INT(sh[2].points, 0);
	T_NEAR(sh[2].point_share, 0);
	T_NEAR(sh[2].time_share, 0);
	free(p);
	timeline_free(&tl);
}

static void
test_sdis_codes(void)
{
	char	buf[16];

	sdis_code("support staff", buf, sizeof buf);
	T_EQ_STR(buf, "support_staff");
	sdis_code("SLT", buf, sizeof buf);
	T_EQ_STR(buf, "slt");
	sdis_code("1st years!", buf, sizeof buf);
	T_EQ_STR(buf, "g1st_years_");
	sdis_code("\xc3\xa9l\xc3\xa8ves", buf, sizeof buf);
	T_EQ_STR(buf, "l_ves");
	sdis_code("", buf, sizeof buf);
	T_EQ_STR(buf, "g");
}

/* The sampled day as SDIS: the scheme's codes declared, one session, the
 * pause in no event. */
static void
test_sdis_text(void)
{
	struct timeline	 tl;
	struct sdis	*s;
	char		*text;

	seq_day(&tl, day_sampled, sizeof day_sampled / sizeof day_sampled[0]);
	s = sdis_new();
	sdis_add(s, &tl);
	text = sdis_text(s);
	T_EQ_STR(text, "Timed slt teachers support_staff pupils parents "
	    "visitors alone ;\n"
	    "<2026-11-16 Hillside H1 O1> ,09:00:00\n"
	    "alone,09:00:00-09:10:00\n"
	    "slt,09:10:00-09:25:00\n"
	    "alone,09:30:00-09:35:00\n"
	    "teachers,09:35:00-09:45:00\n"
	    ",09:45:00/\n");
	free(text);
	sdis_free(s);
	timeline_free(&tl);
}

void
sequence_test_register(void)
{
	CU_pSuite	s;

	s = CU_add_suite("sequence", NULL, NULL);
	CU_add_test(s, "lag-1 statistics by hand", test_sequence_by_hand);
	CU_add_test(s, "undefined statistics, pauses",
	    test_sequence_undefined);
	CU_add_test(s, "pooled over days", test_sequence_pool);
	CU_add_test(s, "sample points at the boundaries",
	    test_sample_boundaries);
	CU_add_test(s, "sample shares", test_sample_shares);
	CU_add_test(s, "SDIS codes", test_sdis_codes);
	CU_add_test(s, "SDIS text of a day", test_sdis_text);
}
