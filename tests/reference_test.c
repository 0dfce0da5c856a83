/*
 * Tests for the reference profiles: the loader (the shipped file loads;
 * each kind of mistake names its line), and the matching rules on a day
 * worked by hand, the share of time by mode withheld when a mode of the
 * scheme or of the day maps to none of the studies' media.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "err.h"
#include "reference.h"
#include "scheme.h"
#include "summary.h"
#include "test.h"
#include "timeline.h"
#include "xmalloc.h"

#define H(h, m)	((int64_t)((h) * 60 + (m)) * 60000)

/* A file holding text; the caller removes and frees the path. */
static char *
ref_file(const char *text)
{
	char	*dir, *path;
	FILE	*f;

	dir = test_tmpdir();
	CU_ASSERT_PTR_NOT_NULL_FATAL(dir);
	path = xasprintf("%s/references.tsv", dir);
	free(dir);
	f = fopen(path, "w");
	CU_ASSERT_PTR_NOT_NULL_FATAL(f);
	fputs(text, f);
	fclose(f);
	return path;
}

static void
ref_file_remove(char *path)
{
	char	*slash = strrchr(path, '/');

	remove(path);
	*slash = '\0';
	test_rmtree(path);
	free(path);
}

/* Loads text: 0, or -1 with *text the error as the program prints it. */
static int
ref_load_text(const char *text, struct reference_set *set, char **msg)
{
	struct err	 e = ERR_INIT;
	char		*path = ref_file(text), *full;
	int		 rc;

	*msg = NULL;
	rc = reference_load(path, set, &e);
	if (rc != 0) {
		full = err_text(&e);
		/* The message after the path, which is a temporary one. */
		*msg = xstrdup(strstr(full, "references.tsv") +
		    strlen("references.tsv"));
		free(full);
		T_EQ_INT(e.code, ERR_DATA);
	}
	err_clear(&e);
	ref_file_remove(path);
	return rc;
}

static const char ref_study[] =
    "# a comment\n\nstudy\ts1\tA, B.\t2000\tA title\tA journal 1, 2-3\t"
    "five heads\n";

static void
test_reference_shipped(void)
{
	struct reference_set	 set;
	struct err		 e = ERR_INIT;
	char			*path, *cite;

	path = xasprintf("%s/common/references.tsv", ABS_TOP_SRCDIR);
	T_EQ_INT(reference_load(path, &set, &e), 0);
	free(path);
	T_TRUE(set.nstudies >= 2);
	T_TRUE(set.nfigures >= 1);
	T_EQ_STR(set.studies[0].key, "mintzberg1973");
	cite = reference_citation(&set.studies[0]);
	T_EQ_STR(cite, "Mintzberg, H. (1973). The Nature of Managerial Work. "
	    "New York: Harper & Row.");
	free(cite);
	reference_free(&set);
}

static void
test_reference_malformed(void)
{
	static const struct {
		const char	*text;
		const char	*msg;
	} cases[] = {
		{ "study\ts1\tA\t2000\tT\tP\n",
		  ":1: a study line has 7 fields separated by tabs, not 6" },
		{ "figure\tnone\tmean\tall\tepisodes\t5\tp. 1\n",
		  ":1: figure of an unknown study 'none' (a study line must "
		  "come first)" },
		{ "x\ty\n", ":1: a line is 'study' or 'figure', not 'x'" },
		{ NULL, ":4: unknown measure 'average'" },
		{ NULL, ":4: unknown category 'email'" },
		{ NULL, ":4: unknown basis 'minutes'" },
		{ NULL, ":4: '6 min' is not a figure" },
		{ NULL, ":4: field 7 is empty" },
		{ NULL, ":4: study 's1' given twice" }
	};
	static const char *const tails[] = {
		"figure\ts1\taverage\tall\tepisodes\t5\tp. 1\n",
		"figure\ts1\tmean\temail\tepisodes\t5\tp. 1\n",
		"figure\ts1\tmean\tall\tminutes\t5\tp. 1\n",
		"figure\ts1\tmean\tall\tepisodes\t6 min\tp. 1\n",
		"figure\ts1\tmean\tall\tepisodes\t6\t\n",
		"study\ts1\tA\t2000\tT\tP\tM\n"
	};
	struct reference_set	 set;
	char			*msg, *text;
	size_t			 i;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		text = cases[i].text != NULL ? xstrdup(cases[i].text) :
		    xasprintf("%s%s", ref_study, tails[i - 3]);
		T_EQ_INT(ref_load_text(text, &set, &msg), -1);
		if (msg != NULL)
			T_EQ_STR(msg, cases[i].msg);
		T_EQ_INT(set.nstudies, 0);
		free(msg);
		free(text);
	}
}

/* The day worked by hand, on scheme (modes) and with the tour's mode
 * replaced by tour_mode: 9:00 a 6-minute call, 9:06 15 minutes alone,
 * 9:21 a 60-minute scheduled meeting, 10:21 a 9-minute tour.  Observed
 * 90 minutes: telephone 6.7%, alone 16.7%, scheduled 66.7%, tours 10%;
 * three episodes (6, 60 and 9 minutes), one under 9 minutes. */
static void
ref_day(struct timeline *tl, const char *modes, const char *tour_mode)
{
	static const struct {
		enum tl_kind	 kind;
		int		 from, to;
		const char	*mode;
	} items[] = {
		{ TL_EPISODE, 0, 6, "phone" },
		{ TL_ALONE, 6, 21, NULL },
		{ TL_EPISODE, 21, 81, "scheduled meeting" },
		{ TL_EPISODE, 81, 90, "tour" }
	};
	struct scheme	*sc;
	struct tl_item	 it;
	char		*text, *cause = NULL;
	size_t		 i;

	text = xasprintf("group t teachers\n%s", modes);
	sc = test_parse_scheme(text, strlen(text), "test", &cause);
	free(text);
	CU_ASSERT_PTR_NOT_NULL_FATAL(sc);
	timeline_init(tl, "S", "H", "O", "2024-03-05", sc);
	scheme_free(sc);
	for (i = 0; i < sizeof items / sizeof items[0]; i++) {
		memset(&it, 0, sizeof it);
		it.kind = items[i].kind;
		it.start = H(9, items[i].from);
		it.end = H(9, items[i].to);
		it.group = it.kind == TL_EPISODE ? 0 : -1;
		it.by = RECORD_BY_HEAD;
		it.mode = (char *)(i == 3 ? tour_mode : items[i].mode);
		timeline_add(tl, &it);
	}
	T_EQ_INT(t_cause(timeline_finish(tl, t_err()), &cause), 0);
	free(cause);
}

static const char ref_figures[] =
    "figure\ts1\tshare\ttelephone\tactivities\t6\tp. 1\n"
    "figure\ts1\tshare\tdesk work\tactivities\t22\tp. 1\n"
    "figure\ts1\tmean\ttelephone\tactivities\t6\tp. 2\n"
    "figure\ts1\tunder9\tall\tactivities\t50\tp. 3\n"
    "figure\ts1\tunder9\tall\tepisodes\t50\tp. 3\n"
    "figure\ts1\tmedian\tall\tepisodes\t5\tp. 3\n"
    "figure\ts1\tper_week\tall\tactivities\t600\tp. 4\n"
    "figure\ts1\tmean\tunscheduled meetings\tactivities\t12\tp. 2\n";

#define REF_MAPPED	"mode phone\nmode \"scheduled meeting\"\n"	\
			"mode \"unscheduled meeting\"\nmode tour\n"

/* The rows of the test figures for the day. */
static struct reference_row *
ref_rows(struct reference_set *set, const char *modes, const char *tour_mode,
    size_t *n)
{
	struct reference_row	*rows;
	struct timeline		 tl;
	struct summary		 s;
	char			*text, *msg;

	text = xasprintf("%s%s", ref_study, ref_figures);
	T_EQ_INT(ref_load_text(text, set, &msg), 0);
	free(text);
	free(msg);
	ref_day(&tl, modes, tour_mode);
	summary_compute(&tl, SUMMARY_GROUPS, &s);
	rows = reference_match(set, &tl, &s, n);
	summary_free(&s);
	timeline_free(&tl);
	return rows;
}

#define T_NEAR(a, b)	T_TRUE(fabs((a) - (b)) < 1e-9)

static void
test_reference_match(void)
{
	struct reference_set	 set;
	struct reference_row	*r;
	size_t			 n;

	r = ref_rows(&set, REF_MAPPED, "tour", &n);
	T_EQ_INT(n, 8);
	T_TRUE(r[0].compared);
	T_NEAR(r[0].own, 100.0 * 6 / 90);
	/* time alone is not all desk work: never beside it */
	T_TRUE(!r[1].compared);
	T_HAS_STR(r[1].why, "not only desk work");
	T_TRUE(r[2].compared);
	T_NEAR(r[2].own, 6.0);
	/* every activity counted by the study: never beside episodes */
	T_TRUE(!r[3].compared);
	T_HAS_STR(r[3].why, "counts every activity");
	T_TRUE(r[4].compared);
	T_NEAR(r[4].own, 100.0 / 3);
	T_TRUE(r[5].compared);
	T_NEAR(r[5].own, 9.0);
	T_TRUE(!r[6].compared);
	T_HAS_STR(r[6].why, "whole week");
	T_TRUE(!r[7].compared);
	T_HAS_STR(r[7].why, "nothing of this medium");
	free(r);
	reference_free(&set);
}

/* A scheme mode with no medium ("teaching"), or an episode whose mode has
 * none, withholds every share of time; the lengths by medium stay. */
static void
test_reference_withheld(void)
{
	struct reference_set	 set;
	struct reference_row	*r;
	size_t			 n;

	r = ref_rows(&set, REF_MAPPED "mode teaching\n", "tour", &n);
	T_TRUE(!r[0].compared);
	T_HAS_STR(r[0].why, "not every mode of the scheme");
	T_TRUE(r[2].compared);
	free(r);
	reference_free(&set);

	r = ref_rows(&set, REF_MAPPED, NULL, &n);
	T_TRUE(!r[0].compared);
	T_HAS_STR(r[0].why, "not every mode of the scheme");
	T_TRUE(r[2].compared);
	free(r);
	reference_free(&set);
}

static void
test_reference_modes(void)
{
	T_EQ_INT(reference_mode_category("phone"), REFERENCE_TELEPHONE);
	T_EQ_INT(reference_mode_category("Scheduled meeting"),
	    REFERENCE_SCHEDULED);
	T_EQ_INT(reference_mode_category("tour"), REFERENCE_TOURS);
	T_EQ_INT(reference_mode_category("teaching"), -1);
	T_EQ_INT(reference_mode_category(NULL), -1);
}

void
reference_test_register(void)
{
	CU_pSuite	s;

	s = CU_add_suite("reference", NULL, NULL);
	CU_add_test(s, "the shipped file loads", test_reference_shipped);
	CU_add_test(s, "a malformed file names its line",
	    test_reference_malformed);
	CU_add_test(s, "figures beside a day where definitions match",
	    test_reference_match);
	CU_add_test(s, "share of time withheld when modes do not map",
	    test_reference_withheld);
	CU_add_test(s, "the default mapping of modes",
	    test_reference_modes);
}
