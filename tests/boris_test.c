/*
 * Tests for BORIS exports: the real files in shared/interop/boris (read
 * from $SHADOWLOG_SHARED, else from ../shared beside the source tree, and
 * skipped when absent, as under make distcheck) against BORIS's own time
 * budget; the three exports of one observation giving one timeline;
 * subjects; edited copies with unpaired and overlapping states; TSV and
 * CSV, CRLF, NA; every error with its line; hostile bytes and truncations.
 * BORIS projects: test2.boris (and a gzipped copy) against the exports of
 * its observations; small projects made here; written and read back.
 */
#include <sys/stat.h>

#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <zlib.h>

#include "boris.h"
#include "boris-project.h"
#include "clock.h"
#include "err.h"
#include "scheme.h"
#include "summary.h"
#include "test.h"
#include "timeline.h"
#include "xmalloc.h"

#define MAX_DAYS	16
#define NA		NAN

/* Row of a small export made here: id, date, subject, code, type, time. */
#define HDR	"Observation id\tObservation date\tSubject\tBehavior\t"	\
		"Behavior type\tTime\r\n"
#define ROW(o, s, b, t, x) o "\t2024-03-05 09:00:00\t" s "\t" b "\t" t	\
		"\t" x "\r\n"

static char		*dir;
static char		*shared;
static uint64_t		 rng = 0x2545f4914f6cdd1dULL;

/* What reading a file gave: its days, or the error. */
struct result {
	struct timeline	 days[MAX_DAYS];
	size_t		 n;
	int		 rc;		/* 0, or -1 */
	int		 exit_code;
	char		*cause;
	char		 groups[256];	/* the scheme's names joined by ',' */
};

/* The shared directory: $SHADOWLOG_SHARED, else ../shared beside the
 * source tree this runner was built from. */
static char *
shared_dir(void)
{
	const char	*env = getenv("SHADOWLOG_SHARED");

	if (env != NULL && *env != '\0')
		return xstrdup(env);
	return xasprintf("%s/../shared", TEST_SRCDIR);
}

static int
boris_suite_init(void)
{
	if ((dir = test_tmpdir()) == NULL)
		return 1;
	shared = shared_dir();
	return 0;
}

static int
boris_suite_clean(void)
{
	if (test_rmtree(dir) != 0)
		fprintf(stderr, "could not remove %s\n", dir);
	free(dir);
	free(shared);
	return 0;
}

static uint32_t
rnd(uint32_t n)
{
	return test_rnd(&rng, n);
}

/* The path of a shared BORIS file, or NULL (with a note) when absent. */
static char *
real_file(const char *name)
{
	char	*path;

	path = xasprintf("%s/interop/boris/%s", shared, name);
	if (access(path, R_OK) == 0)
		return path;
	printf("\n    SKIP: %s absent (set SHADOWLOG_SHARED to the shared "
	    "directory)", path);
	CU_PASS("skipped: shared BORIS files absent");
	free(path);
	return NULL;
}

/* The bytes of a file (NUL-terminated); caller frees. */
static char *
slurp(const char *path, size_t *len)
{
	struct stat	 st;
	char		*buf;
	FILE		*f;

	if ((f = fopen(path, "rb")) == NULL || fstat(fileno(f), &st) != 0)
		abort();
	buf = xmalloc((size_t)st.st_size + 1);
	if (fread(buf, 1, (size_t)st.st_size, f) != (size_t)st.st_size)
		abort();
	fclose(f);
	buf[st.st_size] = '\0';
	*len = (size_t)st.st_size;
	return buf;
}

/* Writes len bytes to dir/name; returns the path (caller frees). */
static char *
put_file(const char *name, const char *bytes, size_t len)
{
	char	*path;
	FILE	*f;

	path = xasprintf("%s/%s", dir, name);
	if ((f = fopen(path, "wb")) == NULL)
		abort();
	if (len > 0 && fwrite(bytes, 1, len, f) != len)
		abort();
	fclose(f);
	return path;
}

static char *
put_text(const char *name, const char *text)
{
	return put_file(name, text, strlen(text));
}

/* Opens path for boris_open, as the analyser does; aborts if it cannot. */
static int
open_path(const char *path)
{
	int	fd;

	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1)
		abort();
	return fd;
}

/* Notes the error e as res's exit code and message. */
static void
result_err(struct result *res, struct err *e)
{
	res->rc = -1;
	res->exit_code = err_exit_code(e->code);
	res->cause = err_text(e);
	err_clear(e);
}

/* Reads every day of path (subject may be NULL) into res, with the
 * file's scheme as it is at the end. */
static void
read_all(const char *path, const char *subject, struct result *res)
{
	struct boris_reader	*r;
	const struct scheme	*s;
	struct timeline		 tl;
	struct err		 e = ERR_INIT;
	size_t			 i;
	int			 n;

	memset(res, 0, sizeof *res);
	if (boris_open(open_path(path), path, subject, &r, &e) != 0) {
		result_err(res, &e);
		return;
	}
	while ((n = boris_next(r, &tl, &e)) == 1) {
		if (res->n < MAX_DAYS)
			res->days[res->n++] = tl;
		else
			timeline_free(&tl);
	}
	res->rc = n;
	if (n == -1)
		result_err(res, &e);
	s = boris_scheme(r);
	for (i = 0; i < s->ngroups; i++) {
		strncat(res->groups, i == 0 ? "" : ",",
		    sizeof res->groups - strlen(res->groups) - 1);
		strncat(res->groups, s->groups[i].name,
		    sizeof res->groups - strlen(res->groups) - 1);
	}
	boris_close(r);
}

static void
result_free(struct result *res)
{
	size_t	i;

	for (i = 0; i < res->n; i++)
		timeline_free(&res->days[i]);
	free(res->cause);
	memset(res, 0, sizeof *res);
}

/* Reads text as a file and expects an error holding want (and exit 65). */
#define T_FAILS(name, text, subject, want) do {				\
	struct result	 t_r_;						\
	char		*t_p_ = put_text(name, text);			\
									\
	read_all(t_p_, subject, &t_r_);					\
	T_EQ_INT(t_r_.rc, -1);						\
	T_EQ_INT(t_r_.exit_code, 65);					\
	T_HAS_STR(t_r_.cause, want);					\
	result_free(&t_r_);						\
	free(t_p_);							\
} while (0)

/* A figure in ms within 0.001 s of want_s (BORIS rounds to 3 decimals),
 * or both NA; a failure names the caller's line. */
static void
near_(double ms, double want_s, const char *what, int line)
{
	char	m[T_MSG_LEN];
	int	ok;

	if (isnan(want_s))
		ok = isnan(ms);
	else
		ok = !isnan(ms) && fabs(ms / 1000.0 - want_s) <= 0.001 + 1e-9;
	snprintf(m, sizeof m, "%s: %.6f s, want %.4f", what, ms / 1000.0,
	    want_s);
	CU_assertImplementation(ok, (unsigned)line, m, __FILE__, "", CU_FALSE);
}

/* Checks one behaviour's figures against BORIS's time budget: number
 * (bouts, or points for a point behaviour), total, mean, sd, gap mean and
 * gap sd, in seconds; NA as NAN. */
static void
budget_(const struct timeline *tl, const char *code, int point, size_t number,
    double total, double mean, double sd, double gap_mean, double gap_sd,
    int line)
{
	struct summary		 sum;
	struct summary_group	*g;
	char			 m[T_MSG_LEN];
	int			 i;

	i = scheme_find(tl->scheme, code);
	snprintf(m, sizeof m, "group %s in the scheme", code);
	CU_assertImplementation(i >= 0 && strcmp(tl->scheme->groups[i].name,
	    code) == 0, (unsigned)line, m, __FILE__, "", CU_FALSE);
	if (i < 0)
		return;
	summary_compute(tl, SUMMARY_PARTS, &sum);
	g = &sum.groups[i];
	if (point) {
		T_EQ_INT(g->brief, number);
		T_EQ_INT(g->episodes, 0);
		T_EQ_INT(g->ms, 0);
	} else {
		T_EQ_INT(g->episodes, number);
		T_EQ_INT(g->brief, 0);
		near_((double)g->ms, total, "total", line);
		near_(g->mean_ms, mean, "mean", line);
		near_(g->sd_ms, sd, "sd", line);
	}
	near_(g->gap_mean_ms, gap_mean, "gap mean", line);
	near_(g->gap_sd_ms, gap_sd, "gap sd", line);
	summary_free(&sum);
}
#define BUDGET(tl, code, point, n, tot, mean, sd, gm, gsd)		\
	budget_((tl), (code), (point), (n), (tot), (mean), (sd), (gm),	\
	    (gsd), __LINE__)

/* Whether two timelines are the same day, item for item. */
static int
same_day(const struct timeline *a, const struct timeline *b)
{
	size_t	i;

	if (strcmp(a->head, b->head) != 0 || strcmp(a->date, b->date) != 0 ||
	    strcmp(a->school, b->school) != 0 ||
	    strcmp(a->observer, b->observer) != 0 ||
	    a->begin != b->begin || a->end != b->end ||
	    a->observed != b->observed || a->nitems != b->nitems ||
	    a->ntags != b->ntags || !scheme_equal(a->scheme, b->scheme))
		return 0;
	for (i = 0; i < a->ntags; i++) {
		if (strcmp(a->tag_keys[i], b->tag_keys[i]) != 0 ||
		    strcmp(a->tag_values[i], b->tag_values[i]) != 0)
			return 0;
	}
	for (i = 0; i < a->nitems; i++) {
		if (a->items[i].kind != b->items[i].kind ||
		    a->items[i].start != b->items[i].start ||
		    a->items[i].end != b->items[i].end ||
		    a->items[i].group != b->items[i].group ||
		    a->items[i].by != b->items[i].by)
			return 0;
	}
	return 1;
}

static int
same_days(const struct result *a, const struct result *b)
{
	size_t	i;

	if (a->rc != 0 || b->rc != 0 || a->n != b->n)
		return 0;
	for (i = 0; i < a->n; i++) {
		if (!same_day(&a->days[i], &b->days[i]))
			return 0;
	}
	return 1;
}

/* Line n (from 1) of text replaced: its first from made to. */
static char *
edit_line(const char *text, int n, const char *from, const char *to)
{
	const char	*p = text, *at, *nl;
	char		*out;

	while (--n > 0 && (p = strchr(p, '\n')) != NULL)
		p++;
	if (p == NULL || (nl = strchr(p, '\n')) == NULL ||
	    (at = strstr(p, from)) == NULL || at > nl)
		abort();
	out = xasprintf("%.*s%s%s", (int)(at - text), text, to,
	    at + strlen(from));
	return out;
}

/* Text with line n (from 1) left out. */
static char *
drop_line(const char *text, int n)
{
	const char	*p = text, *nl;

	while (--n > 0 && (p = strchr(p, '\n')) != NULL)
		p++;
	if (p == NULL || (nl = strchr(p, '\n')) == NULL)
		abort();
	return xasprintf("%.*s%s", (int)(p - text), text, nl + 1);
}

/* Text with line n (from 1) given twice, the second copy edited. */
static char *
copy_line(const char *text, int n, const char *from, const char *to)
{
	const char	*p = text, *nl;
	char		*line, *edited, *out;

	while (--n > 0 && (p = strchr(p, '\n')) != NULL)
		p++;
	if (p == NULL || (nl = strchr(p, '\n')) == NULL)
		abort();
	line = xstrndup(p, (size_t)(nl - p + 1));
	edited = edit_line(line, 1, from, to);
	out = xasprintf("%.*s%s%s", (int)(nl + 1 - text), text, edited,
	    nl + 1);
	free(line);
	free(edited);
	return out;
}

/* Every occurrence of a in text made b. */
static char *
replace_all(const char *text, const char *a, const char *b)
{
	char		*out = xstrdup(""), *n;
	const char	*p = text, *at;

	while ((at = strstr(p, a)) != NULL) {
		n = xasprintf("%s%.*s%s", out, (int)(at - p), p, b);
		free(out);
		out = n;
		p = at + strlen(a);
	}
	n = xasprintf("%s%s", out, p);
	free(out);
	return n;
}

/* ---- telling a BORIS export ---- */

static void
test_sniff(void)
{
	static const char	*yes[] = {
		"Observation id\tObservation date\tSubject\tBehavior\t"
		    "Behavior type\tTime\r\nx",
		"Observation id,Subject,Behavior,Behavior type,Time\n",
		"\xef\xbb\xbfObservation id\tSubject\tBehavior type\n",
		"\"Observation id\",Subject,\"Behavior type\"\r\n",
		"Observation id\tObservation date\tDescription\t(cut",
	};
	static const char	*other[] = {
		"Observation id\tObservation date\tDescription\r\nobs\t\t\r\n",
		"Observation id,Subject,Behavior\n",
	};
	static const char	*no[] = {
		"", "Observation id", "Observation id\n", "Observation idx\t",
		"school,head,observer,date,kind,start,end,duration_s,group,"
		    "by,person,where,mode,with,note\n",
		"\x85\xa3" "foo", "Time\tObservation id\tBehavior type\n",
	};
	static const char	*files[] = { "tabular_obs1.tsv",
	    "tabular_obs2.tsv", "aggregated_obs2_full.tsv",
	    "aggregated_obs2_2023layout.tsv" };
	char			*path, *buf;
	size_t			 i, len;

	for (i = 0; i < sizeof yes / sizeof yes[0]; i++)
		T_EQ_INT(boris_sniff(yes[i], strlen(yes[i])), 1);
	for (i = 0; i < sizeof other / sizeof other[0]; i++)
		T_EQ_INT(boris_sniff(other[i], strlen(other[i])), -1);
	for (i = 0; i < sizeof no / sizeof no[0]; i++)
		T_EQ_INT(boris_sniff(no[i], strlen(no[i])), 0);
	/* the analyser sniffs 512 bytes */
	for (i = 0; i < sizeof files / sizeof files[0]; i++) {
		if ((path = real_file(files[i])) == NULL)
			return;
		buf = slurp(path, &len);
		T_EQ_INT(boris_sniff(buf, len < 512 ? len : 512), 1);
		free(buf);
		free(path);
	}
}

/* ---- BORIS's numbers ---- */

static void
test_obs1(void)
{
	struct result	 res;
	char		*path;
	int64_t		 t0;

	if ((path = real_file("tabular_obs1.tsv")) == NULL)
		return;
	read_all(path, NULL, &res);
	T_EQ_INT(res.rc, 0);
	T_EQ_INT(res.n, 2);
	T_EQ_STR(res.groups, "s");
	if (res.n == 2) {
		/* observation date 2016-11-27 01:57:26, duration 359.96 s */
		t0 = (1 * 3600 + 57 * 60 + 26) * INT64_C(1000);
		T_EQ_STR(res.days[0].head, "subject1");
		T_EQ_STR(res.days[0].date, "2016-11-27");
		T_EQ_STR(res.days[0].school, "");
		T_EQ_STR(res.days[0].observer, "");
		T_EQ_INT(res.days[0].ntags, 1);
		T_EQ_STR(res.days[0].tag_keys[0], "observation");
		T_EQ_STR(res.days[0].tag_values[0], "observation #1");
		T_EQ_INT(res.days[0].begin, t0);
		T_EQ_INT(res.days[0].end, t0 + 359960);
		T_EQ_INT(res.days[0].observed, 359960);
		T_EQ_INT(res.days[0].nitems, 7);
		T_EQ_INT(res.days[0].items[1].kind, TL_EPISODE);
		T_EQ_INT(res.days[0].items[1].start, t0 + 3300);
		T_EQ_INT(res.days[0].items[1].end, t0 + 7750);
		T_EQ_INT(res.days[0].items[1].by, RECORD_BY_UNKNOWN);
		T_TRUE(res.days[0].items[1].person == NULL);
		BUDGET(&res.days[0], "s", 0, 3, 16.875, 5.625, 1.021, 2.15,
		    0.0);
		T_EQ_STR(res.days[1].head, "subject2");
		T_EQ_INT(res.days[1].end, t0 + 359960);
		BUDGET(&res.days[1], "s", 0, 1, 7.675, 7.675, NA, NA, NA);
	}
	result_free(&res);
	free(path);
}

/* The three exports of observation #2 (the aggregated ones name the
 * subject with no focal subject by BORIS's label, the tabular one leaves
 * it empty) give the same timelines. */
static void
test_obs2(void)
{
	static const char	*files[] = { "tabular_obs2.tsv",
	    "aggregated_obs2_full.tsv", "aggregated_obs2_2023layout.tsv" };
	struct result		 res[3];
	const struct timeline	*nfs;
	char			*path;
	size_t			 i;

	for (i = 0; i < 3; i++) {
		if ((path = real_file(files[i])) == NULL) {
			while (i-- > 0)
				result_free(&res[i]);
			return;
		}
		read_all(path, NULL, &res[i]);
		free(path);
		T_EQ_INT(res[i].rc, 0);
		T_EQ_INT(res[i].n, 3);
		T_EQ_STR(res[i].groups, "s,p");
		if (res[i].n != 3)
			continue;
		T_EQ_STR(res[i].days[0].head, "No focal subject");
		T_EQ_STR(res[i].days[1].head, "subject1");
		T_EQ_STR(res[i].days[2].head, "subject2");
		nfs = &res[i].days[0];
		T_EQ_STR(nfs->date, "2016-12-01");
		T_EQ_STR(nfs->tag_values[0], "observation #2");
		/* 23:01:31 to the duration, 539.92 s */
		T_EQ_INT(nfs->begin, (23 * 3600 + 1 * 60 + 31) * INT64_C(1000));
		T_EQ_INT(nfs->end - nfs->begin, 539920);
		T_EQ_INT(nfs->nitems, 19);
		BUDGET(nfs, "s", 0, 6, 59.625, 9.937, 8.395, 49.268, 84.012);
		BUDGET(nfs, "p", 1, 6, NA, NA, NA, 54.083, 117.79);
		/* the exact mean, which BORIS's 9.937 rounds from below */
		BUDGET(nfs, "s", 0, 6, 59.625, 9.9375, 8.395, 49.268, 84.012);
		/* the other subjects, worked out from the rows */
		BUDGET(&res[i].days[1], "s", 0, 2, 23.775, 11.8875, 1.927,
		    4.275, NA);
		BUDGET(&res[i].days[2], "s", 0, 2, 8.825, 4.4125, 2.033,
		    25.325, NA);
		BUDGET(&res[i].days[2], "p", 1, 2, NA, NA, NA, 1.575, NA);
	}
	T_TRUE(same_days(&res[0], &res[1]));
	T_TRUE(same_days(&res[0], &res[2]));
	for (i = 0; i < 3; i++)
		result_free(&res[i]);
}

/* The file's scheme: the codes verbatim (s is not SLT, p not pupils),
 * keys in order, colours set. */
static void
test_scheme(void)
{
	struct boris_reader	*r;
	const struct scheme	*s;
	struct timeline		 tl;
	struct err		 e = ERR_INIT;
	char			*path;
	size_t			 i;

	if ((path = real_file("tabular_obs2.tsv")) == NULL)
		return;
	T_EQ_INT(boris_open(open_path(path), path, NULL, &r, &e), 0);
	while (boris_next(r, &tl, &e) == 1)
		timeline_free(&tl);
	s = boris_scheme(r);
	T_EQ_INT(s->ngroups, 2);
	T_EQ_STR(s->groups[0].name, "s");
	T_EQ_STR(s->groups[1].name, "p");
	T_EQ_INT(s->groups[0].key, 'a');
	T_EQ_INT(s->groups[1].key, 'b');
	for (i = 0; i < s->ngroups; i++)
		T_TRUE(s->groups[i].colour[0] == '#' &&
		    strlen(s->groups[i].colour) == 7);
	T_EQ_INT(scheme_find(s, "SLT"), -1);
	T_EQ_INT(scheme_find(s, "pupils"), -1);
	T_TRUE(s->nlocations > 0 && s->nmodes > 0);
	boris_close(r);
	free(path);
}

/* ---- subjects ---- */

static void
test_subjects(void)
{
	struct result	 res;
	char		*tab, *agg, *one;

	if ((tab = real_file("tabular_obs2.tsv")) == NULL)
		return;
	if ((agg = real_file("aggregated_obs2_full.tsv")) == NULL ||
	    (one = real_file("tabular_obs1.tsv")) == NULL) {
		free(tab);
		free(agg);
		return;
	}
	/* the empty Subject of the tabular export */
	read_all(tab, BORIS_NO_FOCAL, &res);
	T_EQ_INT(res.rc, 0);
	T_EQ_INT(res.n, 1);
	T_EQ_STR(res.groups, "s,p");
	if (res.n == 1) {
		T_EQ_STR(res.days[0].head, "No focal subject");
		BUDGET(&res.days[0], "s", 0, 6, 59.625, 9.9375, 8.395, 49.268,
		    84.012);
		BUDGET(&res.days[0], "p", 1, 6, NA, NA, NA, 54.083, 117.79);
	}
	result_free(&res);
	/* the label the aggregated export prints */
	read_all(agg, BORIS_NO_FOCAL, &res);
	T_EQ_INT(res.n, 1);
	if (res.n == 1)
		BUDGET(&res.days[0], "p", 1, 6, NA, NA, NA, 54.083, 117.79);
	result_free(&res);
	read_all(agg, "subject2", &res);
	T_EQ_INT(res.rc, 0);
	T_EQ_INT(res.n, 1);
	if (res.n == 1) {
		T_EQ_STR(res.days[0].head, "subject2");
		T_EQ_INT(res.days[0].end - res.days[0].begin, 539920);
	}
	result_free(&res);
	/* a subject that is not there: 65 and the list */
	read_all(tab, "subject3", &res);
	T_EQ_INT(res.rc, -1);
	T_EQ_INT(res.exit_code, 65);
	T_HAS_STR(res.cause, "no subject 'subject3'");
	T_HAS_STR(res.cause, "'No focal subject', 'subject1', 'subject2'");
	result_free(&res);
	read_all(one, BORIS_NO_FOCAL, &res);
	T_EQ_INT(res.rc, -1);
	T_EQ_INT(res.exit_code, 65);
	T_HAS_STR(res.cause, "the subjects are 'subject1', 'subject2'");
	result_free(&res);
	/* names are matched exactly */
	read_all(one, "Subject1", &res);
	T_EQ_INT(res.rc, -1);
	result_free(&res);
	free(tab);
	free(agg);
	free(one);
}

/* ---- edited copies ---- */

static void
test_unpaired(void)
{
	char		*path, *text, *edited;
	size_t		 len;

	if ((path = real_file("tabular_obs1.tsv")) == NULL)
		return;
	text = slurp(path, &len);
	free(path);
	/* rows: 2 START 3.300, 3 STOP 7.750, ... 8 START 38.425 subject2,
	 * 9 STOP 46.100 subject2 */
	edited = drop_line(text, 3);
	T_FAILS("a.tsv", edited, NULL, "a.tsv:3: unpaired START of 's' for "
	    "subject 'subject1' at 9.900: it was started at 3.300 on line 2 "
	    "and not stopped");
	free(edited);
	edited = drop_line(text, 2);
	T_FAILS("b.tsv", edited, NULL, "b.tsv:2: unpaired STOP of 's' for "
	    "subject 'subject1' at 7.750: no START of it before");
	free(edited);
	edited = drop_line(text, 9);
	T_FAILS("c.tsv", edited, NULL, "c.tsv:8: unpaired START of 's' for "
	    "subject 'subject2' at 38.425: no STOP before the end of "
	    "observation 'observation #1'");
	free(edited);
	/* subject1's rows are fine: picking it reads the file */
	edited = drop_line(text, 9);
	path = put_text("d.tsv", edited);
	{
		struct result	res;

		read_all(path, "subject1", &res);
		T_EQ_INT(res.rc, 0);
		T_EQ_INT(res.n, 1);
		if (res.n == 1)
			BUDGET(&res.days[0], "s", 0, 3, 16.875, 5.625, 1.021,
			    2.15, 0.0);
		result_free(&res);
	}
	free(path);
	free(edited);
	free(text);
}

static void
test_overlap(void)
{
	char		*path, *text, *a, *b;
	size_t		 len;

	if ((path = real_file("tabular_obs1.tsv")) == NULL)
		return;
	text = slurp(path, &len);
	free(path);
	/* an h from 5 to 6 s inside subject1's s from 3.3 to 7.75 */
	a = copy_line(text, 2, "\ts\t\tSTART\t3.300", "\th\t\tSTART\t5.000");
	b = copy_line(a, 3, "\th\t\tSTART\t5.000", "\th\t\tSTOP\t6.000");
	T_FAILS("e.tsv", b, NULL, "e.tsv:3: overlapping states of subject "
	    "'subject1': 'h' starts at 5.000 while 's' (from 3.300, line 2) "
	    "goes on to 7.750");
	free(a);
	free(b);
	/* times going backwards */
	a = edit_line(text, 3, "\t7.750\t", "\t2.000\t");
	T_FAILS("f.tsv", a, NULL, "f.tsv:3: Time 2.000 is before 3.300 on "
	    "line 2");
	free(a);
	free(text);

	if ((path = real_file("aggregated_obs2_full.tsv")) == NULL)
		return;
	text = slurp(path, &len);
	free(path);
	/* subject2's s from 286.215 (line 12) given to subject1, whose s
	 * runs from 280.965 to 294.215 (line 11) */
	a = edit_line(text, 12, "\tsubject2\t", "\tsubject1\t");
	T_FAILS("g.tsv", a, NULL, "g.tsv:12: overlapping states of subject "
	    "'subject1': 's' starts at 286.215 while 's' (from 280.965, line "
	    "11) goes on to 294.215");
	free(a);
	/* an aggregated export may list rows in any order */
	a = drop_line(text, 2);
	b = xasprintf("%s%.*s", a, (int)(strchr(strchr(text, '\n') + 1,
	    '\n') - strchr(text, '\n')), strchr(text, '\n') + 1);
	path = put_text("h.tsv", b);
	{
		struct result	res;

		read_all(path, BORIS_NO_FOCAL, &res);
		T_EQ_INT(res.rc, 0);
		if (res.n == 1)
			BUDGET(&res.days[0], "s", 0, 6, 59.625, 9.9375, 8.395,
			    49.268, 84.012);
		result_free(&res);
	}
	free(path);
	free(a);
	free(b);
	free(text);
}

/* TSV and CSV, CRLF and LF, NA for the duration. */
static void
test_formats(void)
{
	struct result	 tsv, other;
	char		*path, *text, *a, *b, *p;
	size_t		 len;

	if ((path = real_file("tabular_obs1.tsv")) == NULL)
		return;
	text = slurp(path, &len);
	read_all(path, NULL, &tsv);
	free(path);
	T_EQ_INT(tsv.rc, 0);

	a = replace_all(text, "\r\n", "\n");
	p = put_text("lf.tsv", a);
	read_all(p, NULL, &other);
	T_TRUE(same_days(&tsv, &other));
	result_free(&other);
	free(p);
	free(a);

	/* CSV, with a description that needs quotes */
	a = replace_all(text, "\t", ",");
	b = replace_all(a, "2016-11-27 01:57:26,,", "2016-11-27 01:57:26,"
	    "\"a \"\"quoted\"\", text\r\nover two lines\",");
	p = put_text("obs1.csv", b);
	read_all(p, NULL, &other);
	T_EQ_INT(other.rc, 0);
	T_TRUE(same_days(&tsv, &other));
	result_free(&other);
	free(p);
	free(a);
	free(b);

	/* a TSV field in quotes holding a tab, as Python's csv writes it */
	a = replace_all(text, "2016-11-27 01:57:26\t\t", "2016-11-27 "
	    "01:57:26\t\"a\t\"\"b\"\"\"\t");
	p = put_text("quoted.tsv", a);
	read_all(p, NULL, &other);
	T_TRUE(same_days(&tsv, &other));
	result_free(&other);
	free(p);
	free(a);

	/* no duration: the day ends at the last event, 46.1 s */
	a = replace_all(text, "359.9599999999999795363692101", "NA");
	b = replace_all(a, "\t359.960\t", "\tNA\t");
	p = put_text("na.tsv", b);
	read_all(p, NULL, &other);
	T_EQ_INT(other.rc, 0);
	T_EQ_INT(other.n, 2);
	if (other.n == 2) {
		T_EQ_INT(other.days[0].end - other.days[0].begin, 46100);
		T_EQ_INT(other.days[1].end - other.days[1].begin, 46100);
		BUDGET(&other.days[0], "s", 0, 3, 16.875, 5.625, 1.021, 2.15,
		    0.0);
	}
	result_free(&other);
	free(p);
	free(a);
	free(b);
	result_free(&tsv);
	free(text);
}

/* ---- small exports made here ---- */

static void
test_made(void)
{
	struct result	 res;
	char		*p;

	/* a point at a state's start, before or after it by line; a state
	 * of no length (dropped); no Observation date column here */
	p = put_text("made.tsv",
	    "Observation id\tSubject\tBehavior\tBehavior type\tTime\n"
	    "o\tA\tx\tPOINT\t1\n"
	    "o\tA\ty\tSTART\t1\n"
	    "o\tA\tx\tPOINT\t1\n"
	    "o\tA\ty\tSTOP\t2.5\n"
	    "o\tA\ty\tSTART\t3\n"
	    "o\tA\ty\tSTOP\t3\n"
	    "o\tA\tx\tPOINT\t4.0004\n");
	read_all(p, NULL, &res);
	T_EQ_INT(res.rc, 0);
	T_EQ_STR(res.groups, "x,y");
	T_EQ_INT(res.n, 1);
	if (res.n == 1) {
		T_EQ_STR(res.days[0].date, "1970-01-01");
		T_EQ_INT(res.days[0].begin, 0);
		T_EQ_INT(res.days[0].end, 4000);
		T_EQ_INT(res.days[0].nitems, 6);
		T_EQ_INT(res.days[0].items[0].kind, TL_ALONE);
		T_EQ_INT(res.days[0].items[1].kind, TL_BRIEF);
		T_EQ_INT(res.days[0].items[2].kind, TL_EPISODE);
		T_EQ_INT(res.days[0].items[3].kind, TL_BRIEF);
		T_EQ_INT(res.days[0].items[4].kind, TL_ALONE);
		T_EQ_INT(res.days[0].items[4].end, 4000);
		T_EQ_INT(res.days[0].items[5].start, 4000);
		BUDGET(&res.days[0], "y", 0, 1, 1.5, 1.5, NA, NA, NA);
		BUDGET(&res.days[0], "x", 1, 3, NA, NA, NA, 1.5, 2.121);
	}
	result_free(&res);
	free(p);

	/* two observations, two subjects each; a state back to back with
	 * another; the date with a T and a fraction */
	p = put_text("two.tsv", HDR
	    "o1\t2024-03-05T09:00:00.25\tA\tx\tSTART\t0\r\n"
	    ROW("o1", "B", "x", "START", "0")
	    ROW("o1", "A", "y", "START", "2")
	    ROW("o1", "A", "x", "STOP", "2")
	    ROW("o1", "B", "x", "STOP", "5")
	    ROW("o1", "A", "y", "STOP", "6")
	    ROW("o2", "B", "z", "POINT", "0")
	    ROW("o2", "", "z", "POINT", "0"));
	read_all(p, NULL, &res);
	T_EQ_INT(res.rc, 0);
	T_EQ_STR(res.groups, "x,y,z");
	T_EQ_INT(res.n, 4);
	if (res.n == 4) {
		T_EQ_STR(res.days[0].head, "A");
		T_EQ_STR(res.days[0].tag_values[0], "o1");
		T_EQ_INT(res.days[0].begin, 9 * 3600000 + 250);
		T_EQ_INT(res.days[0].nitems, 2);
		T_EQ_INT(res.days[0].items[1].start, 9 * 3600000 + 2250);
		T_EQ_STR(res.days[1].head, "B");
		T_EQ_INT(res.days[1].nitems, 2);
		T_EQ_STR(res.days[2].head, "B");
		T_EQ_STR(res.days[2].tag_values[0], "o2");
		/* a day of no length: its points at the one instant */
		T_EQ_INT(res.days[2].begin, res.days[2].end);
		T_EQ_INT(res.days[2].nitems, 1);
		T_EQ_STR(res.days[3].head, "No focal subject");
	}
	result_free(&res);
	read_all(p, "B", &res);
	T_EQ_INT(res.n, 2);
	result_free(&res);
	/* reading twice gives the same */
	{
		struct boris_reader	*r;
		struct timeline		 a, b;
		struct err		 e = ERR_INIT;

		T_EQ_INT(boris_open(open_path(p), p, "A", &r, &e), 0);
		T_EQ_INT(boris_next(r, &a, &e), 1);
		T_EQ_INT(boris_next(r, &b, &e), 0);
		T_EQ_INT(boris_rewind(r, &e), 0);
		T_EQ_INT(boris_next(r, &b, &e), 1);
		T_TRUE(same_day(&a, &b));
		timeline_free(&a);
		timeline_free(&b);
		T_EQ_INT(boris_next(r, &b, &e), 0);
		boris_close(r);
	}
	free(p);

	/* an aggregated CSV with NA, columns in another order, a header
	 * only */
	p = put_text("agg.csv",
	    "Observation id,Subject,Behavior type,Stop (s),Start (s),"
	    "Behavior,Total length\n"
	    "o,,STATE,2.000,1.000,x,NA\n"
	    "o,,POINT,NA,3.5,y,NA\n");
	read_all(p, NULL, &res);
	T_EQ_INT(res.rc, 0);
	T_EQ_INT(res.n, 1);
	if (res.n == 1) {
		T_EQ_STR(res.days[0].head, "No focal subject");
		T_EQ_INT(res.days[0].end, 3500);
		BUDGET(&res.days[0], "x", 0, 1, 1.0, 1.0, NA, NA, NA);
	}
	result_free(&res);
	free(p);
	p = put_text("empty.tsv", HDR);
	read_all(p, NULL, &res);
	T_EQ_INT(res.rc, 0);
	T_EQ_INT(res.n, 0);
	result_free(&res);
	read_all(p, "A", &res);
	T_EQ_INT(res.exit_code, 65);
	T_HAS_STR(res.cause, "no subject 'A': the export has no rows");
	result_free(&res);
	free(p);
}

/* Every mistake, with its line. */
static void
test_errors(void)
{
	struct result	 res;
	char		*p, *big, codes[4096];
	size_t		 i;

	/* a descriptor that cannot be read (a directory): 74, the name */
	{
		struct boris_reader	*r = NULL;
		struct err		 e = ERR_INIT;
		int			 fd;

		if ((fd = open(dir, O_RDONLY | O_DIRECTORY)) == -1)
			abort();
		T_EQ_INT(boris_open(fd, "a-dir", NULL, &r, &e), -1);
		T_EQ_INT(e.code, ERR_IO);
		T_EQ_STR(e.file, "a-dir");
		T_TRUE(r == NULL);
		err_clear(&e);
	}

	T_FAILS("x1", "Observation id\tSubject\tBehavior\tTime\n", NULL,
	    "x1:1: no column 'Behavior type'");
	T_FAILS("x2", "Observation id\tSubject\tBehavior\tBehavior type\n",
	    NULL, "x2:1: no column 'Time' (a tabular export) nor 'Start (s)' "
	    "and 'Stop (s)'");
	T_FAILS("x3", "Subject\tBehavior\n", NULL,
	    "x3:1: not a BORIS events export");
	T_FAILS("x4", HDR ROW("o", "A", "x", "POINT", "1") "o\tA\tx\n", NULL,
	    "x4:3: 3 fields, want 6 as the header has");
	T_FAILS("x5", HDR ROW("o", "A", "x", "POINT", "1,5"), NULL,
	    "x5:2: Time is not a number of seconds from the start of the "
	    "observation: '1,5'");
	T_FAILS("x6", HDR ROW("o", "A", "x", "POINT", "NA"), NULL,
	    "x6:2: Time is not a number");
	T_FAILS("x7", HDR ROW("o", "A", "x", "POINT", "-1"), NULL,
	    "x7:2: Time is not a number");
	T_FAILS("x8", HDR ROW("o", "A", "x", "POINT", "inf"), NULL,
	    "x8:2: Time is not a number");
	T_FAILS("x9", HDR ROW("o", "A", "x", "STATE", "1"), NULL,
	    "x9:2: Behavior type is START, STOP or POINT in a tabular export, "
	    "not 'STATE'");
	T_FAILS("x10", HDR ROW("o", "A", "x", "POINT", "1")
	    ROW("p", "A", "x", "POINT", "2") ROW("o", "A", "x", "POINT", "3"),
	    NULL, "x10:4: rows of observation 'o' again after other "
	    "observations");
	T_FAILS("x11", HDR ROW("o", "A", "alone", "POINT", "1"), NULL,
	    "x11:2: Behavior code 'alone'");
	T_FAILS("x12", HDR ROW("o", "A", "x", "POINT", "1")
	    ROW("o", "A", "X", "POINT", "1"), NULL,
	    "x12:3: behaviours 'x' and 'X' differ only in case");
	T_FAILS("x13", HDR ROW("o", "A", "", "POINT", "1"), NULL,
	    "x13:2: no Behavior code");
	T_FAILS("x14", HDR ROW("", "A", "x", "POINT", "1"), NULL,
	    "x14:2: no Observation id");
	T_FAILS("x15", HDR "o\t05/03/2024\tA\tx\tPOINT\t1\r\n", NULL,
	    "x15:2: Observation date is not YYYY-MM-DD HH:MM:SS: "
	    "'05/03/2024'");
	T_FAILS("x16", HDR ROW("o", "A\x1b[2J", "x", "POINT", "1"), NULL,
	    "x16:2: Subject is not printable UTF-8: 'A\\x1b[2J'");
	T_FAILS("x17", HDR ROW("o", "A", "x", "POINT", "1")
	    ROW("o", "A", "x", "FOO", "1"), NULL,
	    "x17:3: Behavior type is START, STOP or POINT in a tabular "
	    "export, not 'FOO'");
	T_FAILS("x18", "Observation id\tSubject\tBehavior\tBehavior type\t"
	    "Start (s)\tStop (s)\tDuration (s)\n"
	    "o\tA\tx\tSTATE\t5\t3\tNA\n", NULL,
	    "x18:2: Stop (s) 3.000 is before Start (s) 5.000");
	T_FAILS("x19", "Observation id\tSubject\tBehavior\tBehavior type\t"
	    "Start (s)\tStop (s)\tDuration (s)\n"
	    "o\tA\tx\tSTATE\t1\t3\t1.5\n", NULL,
	    "x19:2: Duration (s) 1.5 is not Stop (s) 3.000 minus Start (s) "
	    "1.000");
	T_FAILS("x20", "Observation id\tSubject\tBehavior\tBehavior type\t"
	    "Start (s)\tStop (s)\n"
	    "o\tA\tx\tSTART\t1\t3\n", NULL,
	    "x20:2: Behavior type is STATE or POINT in an aggregated export, "
	    "not 'START'");
	{
		static const char nul[] = HDR ROW("o", "A", "x", "POINT", "1")
		    "o\t2024-03-05\tA\tx\tPOINT\t1\0\r\n";

		p = put_file("x21", nul, sizeof nul - 1);
		read_all(p, NULL, &res);
		T_EQ_INT(res.exit_code, 65);
		T_HAS_STR(res.cause, "x21:3: NUL byte");
		result_free(&res);
		free(p);
	}
	T_FAILS("x22", "Observation id\tSubject\tBehavior\tBehavior type\t"
	    "Time\tObservation duration\n"
	    "o\tA\tx\tPOINT\t1\tlong\n", NULL,
	    "x22:2: Observation duration is not seconds: 'long'");
	T_FAILS("x23", HDR ROW("o", "A", "x", "STOP", "1")
	    ROW("o", "A", "x", "START", "2"), NULL,
	    "x23:2: unpaired STOP of 'x' for subject 'A' at 1.000");
	T_FAILS("x24", HDR ROW("o", "", "x", "START", "1")
	    ROW("o", "", "y", "START", "2") ROW("o", "", "y", "STOP", "3")
	    ROW("o", "", "x", "STOP", "4"), NULL, "x24:3: overlapping states "
	    "of subject 'No focal subject': 'y' starts at 2.000 while 'x' "
	    "(from 1.000, line 2) goes on to 4.000");
	/* a bad number in a later observation is found before the day of
	 * the one before is handed on */
	T_FAILS("x25", HDR ROW("o", "A", "x", "POINT", "1")
	    ROW("p", "A", "x", "POINT", "1e400"), NULL,
	    "x25:3: Time is not a number");

	/* 36 behaviours */
	strcpy(codes, HDR);
	for (i = 0; i < 36; i++)
		snprintf(codes + strlen(codes), sizeof codes - strlen(codes),
		    "o\t\tA\tb%zu\tPOINT\t1\n", i);
	T_FAILS("x26", codes, NULL, "x26:37: more than 35 behaviours");
	/* a behaviour code too long for a group name */
	T_FAILS("x27", HDR ROW("o", "A", "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
	    "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx", "POINT", "1"), NULL,
	    "x27:2: Behavior code longer than 64 bytes");

	/* a row over 1 MiB, in TSV and in CSV; too many fields */
	big = xmalloc(1100 * 1024 + 256);
	strcpy(big, HDR "o\t\tA\tx\tPOINT\t1");
	i = strlen(big);
	memset(big + i, 'z', 1100 * 1024);
	strcpy(big + i + 1100 * 1024, "\n");
	T_FAILS("x28", big, NULL, "x28:2: row longer than 1 MiB");
	strcpy(big, "Observation id,Subject,Behavior,Behavior type,Time\n"
	    "o,A,x,POINT,1");
	i = strlen(big);
	memset(big + i, 'z', 1100 * 1024);
	strcpy(big + i + 1100 * 1024, "\n");
	T_FAILS("x29.csv", big, NULL, "x29.csv:2: record longer than 1 MiB");
	strcpy(big, HDR "o\t\tA\tx\tPOINT\t1");
	i = strlen(big);
	memset(big + i, '\t', 2000);
	strcpy(big + i + 2000, "\n");
	T_FAILS("x30", big, NULL, "x30:2: more than 1024 fields");
	free(big);
}

/* One reading: the scheme grows as behaviours are met (an early day gets
 * the whole file's from boris_rescheme); a mistake of the whole file after
 * one inside an observation is the one told; boris_check_rest makes the
 * checks of the whole file on the rest. */
static void
test_one_reading(void)
{
	struct boris_reader	*r;
	struct timeline		 tl, tl2;
	struct err		 e = ERR_INIT;
	struct result		 res;
	char			*p, *msg;

	p = put_text("grow.tsv", HDR ROW("o", "A", "x", "POINT", "1")
	    ROW("p", "B", "y", "POINT", "1") ROW("p", "B", "z", "POINT", "2"));
	T_EQ_INT(boris_open(open_path(p), p, "A", &r, &e), 0);
	T_EQ_INT(boris_scheme(r)->ngroups, 0);
	T_EQ_INT(boris_next(r, &tl, &e), 1);
	/* o's day is handed on when p's first row is read */
	T_EQ_INT(tl.scheme->ngroups, 2);
	T_EQ_INT(boris_next(r, &tl2, &e), 0);
	T_EQ_INT(boris_scheme(r)->ngroups, 3);
	boris_rescheme(r, &tl);
	T_TRUE(scheme_equal(tl.scheme, boris_scheme(r)));
	T_EQ_STR(tl.scheme->groups[2].name, "z");
	T_EQ_INT(tl.scheme->groups[2].key, 'c');
	timeline_free(&tl);
	/* read again, the scheme is whole from the first day */
	T_EQ_INT(boris_rewind(r, &e), 0);
	T_EQ_INT(boris_next(r, &tl, &e), 1);
	T_TRUE(scheme_equal(tl.scheme, boris_scheme(r)));
	timeline_free(&tl);
	boris_close(r);

	/* the rest checked: a behaviour named alone on line 4 */
	free(p);
	p = put_text("rest.tsv", HDR ROW("o", "A", "x", "POINT", "1")
	    ROW("p", "A", "x", "POINT", "1") ROW("p", "A", "alone", "POINT",
	    "2"));
	T_EQ_INT(boris_open(open_path(p), p, NULL, &r, &e), 0);
	T_EQ_INT(boris_next(r, &tl, &e), 1);
	timeline_free(&tl);
	T_EQ_INT(boris_check_rest(r, &e), -1);
	msg = err_text(&e);
	T_HAS_STR(msg, "rest.tsv:4: Behavior code 'alone'");
	free(msg);
	err_clear(&e);
	T_EQ_INT(boris_next(r, &tl, &e), 0);
	boris_close(r);
	free(p);

	/* an unpaired START in o, then rows of o again after p: the second
	 * is the file's mistake, and told */
	p = put_text("both.tsv", HDR ROW("o", "A", "x", "START", "1")
	    ROW("p", "A", "x", "POINT", "1") ROW("o", "A", "x", "POINT", "2"));
	read_all(p, NULL, &res);
	T_EQ_INT(res.rc, -1);
	T_HAS_STR(res.cause, "both.tsv:4: rows of observation 'o' again");
	result_free(&res);
	free(p);
	/* the unpaired START alone is told with its line; asked for a
	 * subject the file does not have, that is told */
	p = put_text("one.tsv", HDR ROW("o", "A", "x", "START", "1")
	    ROW("p", "A", "x", "POINT", "1"));
	read_all(p, NULL, &res);
	T_HAS_STR(res.cause, "one.tsv:2: unpaired START of 'x'");
	T_EQ_INT(res.exit_code, 65);
	result_free(&res);
	read_all(p, "C", &res);
	T_HAS_STR(res.cause, "one.tsv: no subject 'C'; the subjects are 'A'");
	result_free(&res);
	free(p);
}

/* ---- hostile input ---- */

/* Reads whatever len bytes make, to the end; checks only that an error
 * says something and exits 65. */
static void
read_anything(const char *bytes, size_t len, const char *name)
{
	struct result	 res;
	char		*p;

	p = put_file(name, bytes, len);
	read_all(p, rnd(4) == 0 ? BORIS_NO_FOCAL : NULL, &res);
	if (res.rc != 0) {
		T_TRUE(res.cause != NULL);
		if (res.exit_code != 65)
			T_EQ_INT(res.exit_code, 65);
	}
	result_free(&res);
	free(p);
}

static void
test_hostile(void)
{
	static const char	*files[] = { "tabular_obs1.tsv",
	    "tabular_obs2.tsv", "aggregated_obs2_full.tsv",
	    "aggregated_obs2_2023layout.tsv" };
	static const char	 spice[] = "\t,\"\n\r;:.\0\xff\xc1-e" "0123456789";
	char			*path, *text, *buf, *csv;
	size_t			 f, len, i, j, n, at, hdr;
	char			 c;

	for (f = 0; f < sizeof files / sizeof files[0]; f++) {
		if ((path = real_file(files[f])) == NULL)
			return;
		text = slurp(path, &len);
		free(path);
		hdr = (size_t)(strchr(text, '\n') - text) + 1;

		/* every truncation, as TSV and as CSV */
		csv = replace_all(text, "\t", ",");
		for (i = 0; i <= len; i++) {
			read_anything(text, i, "cut.tsv");
			if (i % 7 == 0)
				read_anything(csv, i, "cut.csv");
		}

		/* random damage: bytes replaced, inserted and removed */
		buf = xmalloc(len * 2 + 16);
		for (i = 0; i < 400; i++) {
			memcpy(buf, i % 2 ? csv : text, len);
			n = len;
			for (j = 1 + rnd(6); j > 0; j--) {
				at = (i % 5 == 0 ? 0 : hdr) + rnd((uint32_t)(n -
				    (i % 5 == 0 ? 0 : hdr)));
				c = rnd(4) == 0 ? (char)rnd(256) :
				    spice[rnd(sizeof spice - 1)];
				if (at >= n)
					continue;
				switch (rnd(3)) {
				case 0:
					buf[at] = c;
					break;
				case 1:
					memmove(buf + at + 1, buf + at,
					    n - at);
					buf[at] = c;
					n++;
					break;
				default:
					memmove(buf + at, buf + at + 1,
					    n - at - 1);
					n--;
					break;
				}
			}
			read_anything(buf, n, "damaged");
		}
		/* rows shuffled: order, pairing and overlap checks */
		for (i = 0; i < 100; i++) {
			char	*lines[64], *copy = xstrdup(text + hdr), *tok;
			char	*save = NULL, *tmp;
			size_t	 nl = 0;

			for (tok = strtok_r(copy, "\n", &save);
			    tok != NULL && nl < 64;
			    tok = strtok_r(NULL, "\n", &save))
				lines[nl++] = tok;
			for (j = nl; j > 1; j--) {
				at = rnd((uint32_t)j);
				tmp = lines[at];
				lines[at] = lines[j - 1];
				lines[j - 1] = tmp;
			}
			memcpy(buf, text, hdr);
			n = hdr;
			for (j = 0; j < nl && j < 1 + rnd((uint32_t)nl); j++) {
				memcpy(buf + n, lines[j], strlen(lines[j]));
				n += strlen(lines[j]);
				buf[n++] = '\n';
			}
			read_anything(buf, n, "shuffled");
			free(copy);
		}
		free(buf);
		free(csv);
		free(text);
	}
}

/* ---- BORIS projects ---- */

/* A small project: a state with a point read as its group (category),
 * a point of its own, modifiers, variables; o2 does not pair for A, o3
 * has no events. */
#define PROJECT								\
	"{\"project_format_version\": \"7.0\",\n"			\
	" \"behaviors_conf\": {\n"					\
	"  \"0\": {\"type\": \"State event\", \"code\": \"talk\", "	\
	"\"category\": \"\"},\n"					\
	"  \"1\": {\"type\": \"Point event\", \"code\": \"talk brief\", "	\
	"\"category\": \"talk\", \"modifiers\": {\"0\": {\"name\": "	\
	"\"by\"}, \"1\": {\"name\": \"person\"}}},\n"			\
	"  \"2\": {\"type\": \"Point event\", \"code\": \"wave\", "	\
	"\"category\": \"nothing\"},\n"					\
	"  \"3\": {\"type\": \"State event\", \"code\": \"walk\", "	\
	"\"modifiers\": {\"1\": {\"name\": \"with\"}, \"0\": {\"name\": "	\
	"\"where\"}, \"2\": {\"name\": \"mood\"}}}},\n"			\
	" \"observations\": {\n"					\
	"  \"o1\": {\"date\": \"2024-03-05T09:00:00\", \"events\": [\n"	\
	"    [1.5, \"A\", \"talk\", \"\", \"\"], [4, \"A\", \"talk\", "	\
	"\"\", \"hello\"],\n"						\
	"    [5, \"A\", \"talk brief\", \"head|P1\", \"\"],\n"		\
	"    [9, \"A\", \"walk\", \"hall|talk|calm\", \"\"],\n"		\
	"    [6, \"A\", \"walk\", \"hall|talk|calm\", \"\"],\n"		\
	"    [3, \"B\", \"wave\", \"\", \"\"]],\n"			\
	"   \"independent_variables\": {\"school\": \"Hill\", "		\
	"\"observer\": \"O1\", \"phase\": \"primary\", \"empty\": \"\", "	\
	"\"n\": 3},\n"							\
	"   \"observation time interval\": [0, 12]},\n"			\
	"  \"o2\": {\"date\": \"2024-03-06T10:00:00\", \"events\": "	\
	"[[1, \"A\", \"talk\", \"\", \"\"]]},\n"			\
	"  \"o3\": {\"date\": \"2024-03-07T10:00:00\", \"events\": []}\n"	\
	" }}\n"

static void
test_project_sniff(void)
{
	static const char	gz[] = { 0x1f, (char)0x8b, 8, 0 };

	T_TRUE(boris_project_sniff(PROJECT, strlen(PROJECT)));
	T_TRUE(boris_project_sniff(gz, sizeof gz));
	T_TRUE(!boris_project_sniff("{\"a\": 1}", 8));
	T_TRUE(!boris_project_sniff("[\"observations\"]", 16));
	T_TRUE(!boris_project_sniff(HDR, strlen(HDR)));
	T_TRUE(!boris_project_sniff("", 0));
}

/* Item i of tl is kind from start to end (s from the day's start) in
 * group (NULL for none). */
static void
item_is_(const struct timeline *tl, size_t i, enum tl_kind kind,
    double start, double end, const char *group, int line)
{
	const struct tl_item	*it;
	char			 m[T_MSG_LEN];
	int			 ok;

	ok = i < tl->nitems;
	it = ok ? &tl->items[i] : NULL;
	ok = ok && it->kind == kind &&
	    it->start - tl->begin == llround(start * 1000) &&
	    it->end - tl->begin == llround(end * 1000) &&
	    (group == NULL ? it->group == -1 : it->group >= 0 &&
	    strcmp(tl->scheme->groups[it->group].name, group) == 0);
	snprintf(m, sizeof m, "item %zu is %d %.3f-%.3f %s", i, (int)kind,
	    start, end, group != NULL ? group : "-");
	CU_assertImplementation(ok, (unsigned)line, m, __FILE__, "", CU_FALSE);
}
#define ITEM_IS(tl, i, k, a, b, g) item_is_((tl), (i), (k), (a), (b), (g), \
	__LINE__)

/* Reads path for subject, noting the warnings joined by '\n' in *warn. */
static void
read_project(const char *path, const char *subject, struct result *res,
    char **warn)
{
	struct boris_reader	*r;
	struct err		 e = ERR_INIT;
	const char		*w;
	size_t			 i;

	read_all(path, subject, res);
	*warn = xstrdup("");
	if (boris_open(open_path(path), path, subject, &r, &e) != 0) {
		err_clear(&e);
		return;
	}
	for (i = 0; (w = boris_warning(r, i)) != NULL; i++) {
		char	*n = xasprintf("%s%s\n", *warn, w);

		free(*warn);
		*warn = n;
	}
	boris_close(r);
}

static void
test_project_made(void)
{
	struct result		 res;
	const struct timeline	*a;
	char			*path = put_text("made.boris", PROJECT), *warn;

	read_project(path, "A", &res, &warn);
	T_EQ_INT(res.rc, 0);
	T_EQ_STR(res.groups, "talk,wave,walk");
	T_EQ_INT(res.n, 1);
	T_HAS_STR(warn, "made.boris: observation 'o2': the events of state "
	    "'talk' of subject 'A' do not pair (BORIS: UNPAIRED); the "
	    "observation is left out");
	T_TRUE(strchr(warn, '\n') == warn + strlen(warn) - 1);
	if (res.n == 1) {
		a = &res.days[0];
		T_EQ_STR(a->head, "A");
		T_EQ_STR(a->school, "Hill");
		T_EQ_STR(a->observer, "O1");
		T_EQ_STR(a->date, "2024-03-05");
		T_EQ_INT(a->ntags, 3);
		if (a->ntags == 3) {
			T_EQ_STR(a->tag_keys[0], "observation");
			T_EQ_STR(a->tag_values[0], "o1");
			T_EQ_STR(a->tag_keys[1], "phase");
			T_EQ_STR(a->tag_values[1], "primary");
			T_EQ_STR(a->tag_keys[2], "n");
			T_EQ_STR(a->tag_values[2], "3");
		}
		T_EQ_INT(a->begin, 9 * 3600 * INT64_C(1000));
		T_EQ_INT(a->end - a->begin, 12000);	/* the interval */
		T_EQ_INT(a->nitems, 6);
		ITEM_IS(a, 0, TL_ALONE, 0, 1.5, NULL);
		ITEM_IS(a, 1, TL_EPISODE, 1.5, 4, "talk");
		ITEM_IS(a, 2, TL_ALONE, 4, 6, NULL);
		ITEM_IS(a, 3, TL_BRIEF, 5, 5, "talk");
		ITEM_IS(a, 4, TL_EPISODE, 6, 9, "walk");
		ITEM_IS(a, 5, TL_ALONE, 9, 12, NULL);
		if (a->nitems == 6) {
			/* a state's details are its first event's */
			T_TRUE(a->items[1].note == NULL);
			T_EQ_INT(a->items[3].by, RECORD_BY_HEAD);
			T_EQ_STR(a->items[3].person, "P1");
			T_EQ_STR(a->items[4].where, "hall");
			T_EQ_INT(a->items[4].with, 1);	/* talk */
			T_EQ_STR(a->items[4].note, "mood: calm");
			T_EQ_INT(a->items[4].by, RECORD_BY_UNKNOWN);
		}
	}
	result_free(&res);
	free(warn);

	/* every subject: B's day is its wave; o2 still does not pair */
	read_project(path, NULL, &res, &warn);
	T_EQ_INT(res.rc, 0);
	T_EQ_INT(res.n, 2);
	T_HAS_STR(warn, "observation 'o2'");
	if (res.n == 2) {
		T_EQ_STR(res.days[1].head, "B");
		T_EQ_INT(res.days[1].nitems, 2);
		ITEM_IS(&res.days[1], 0, TL_ALONE, 0, 12, NULL);
		ITEM_IS(&res.days[1], 1, TL_BRIEF, 3, 3, "wave");
	}
	result_free(&res);
	free(warn);

	/* B has no state: nothing to pair, o2 has no B, so no warning */
	read_project(path, "B", &res, &warn);
	T_EQ_INT(res.n, 1);
	T_EQ_STR(warn, "");
	result_free(&res);
	free(warn);
	free(path);
}

/* Writes len bytes gzipped to dir/name; returns the path. */
static char *
put_gzip(const char *name, const char *bytes, size_t len)
{
	char	*path = xasprintf("%s/%s", dir, name);
	gzFile	 gz;

	if ((gz = gzopen(path, "wb")) == NULL ||
	    gzwrite(gz, bytes, (unsigned)len) != (int)len ||
	    gzclose(gz) != Z_OK)
		abort();
	return path;
}

static void
test_project_gzip(void)
{
	struct result	 plain, zipped;
	char		*p1 = put_text("plain.boris", PROJECT), *p2, *w1, *w2;
	char		*bytes, *p3;
	size_t		 len;

	p2 = put_gzip("zipped.boris.gz", PROJECT, strlen(PROJECT));
	read_project(p1, NULL, &plain, &w1);
	read_project(p2, NULL, &zipped, &w2);
	T_EQ_INT(zipped.rc, 0);
	T_EQ_INT(zipped.n, 2);
	T_TRUE(same_days(&plain, &zipped));
	T_HAS_STR(w2, "zipped.boris.gz: observation 'o2'");
	result_free(&plain);
	result_free(&zipped);
	free(w1);
	free(w2);

	/* cut short, and with a bad byte in its data */
	bytes = slurp(p2, &len);
	p3 = put_file("short.boris.gz", bytes, len / 2);
	read_all(p3, NULL, &plain);
	T_EQ_INT(plain.exit_code, 65);
	T_HAS_STR(plain.cause, "short.boris.gz: gzip data ends early");
	result_free(&plain);
	free(p3);
	bytes[12] ^= 0x55;
	bytes[13] ^= 0x55;
	p3 = put_file("bad.boris.gz", bytes, len);
	read_all(p3, NULL, &plain);
	T_EQ_INT(plain.exit_code, 65);
	T_HAS_STR(plain.cause, "bad.boris.gz: ");
	result_free(&plain);
	free(p3);
	free(bytes);
	free(p1);
	free(p2);
}

static void
test_project_errors(void)
{
	T_FAILS("e1.boris", "{\"observations\": {", NULL,
	    "e1.boris:1: not a BORIS project: ");
	T_FAILS("e2.boris", "{\"observations\": {}}", NULL,
	    "e2.boris: not a BORIS project: no behaviors_conf object");
	T_FAILS("e3.boris", "{\"behaviors_conf\": {}}", NULL,
	    "e3.boris: not a BORIS project: no observations object");
	T_FAILS("e4.boris", "{\"behaviors_conf\": {\"0\": {\"code\": \"s\", "
	    "\"type\": \"State event\"}}, \"observations\": {\"o\": "
	    "{\"events\": [[1, \"\", \"x\"]]}}}", NULL,
	    "observation 'o', event 1: behaviour 'x' is not in the ethogram");
	T_FAILS("e5.boris", "{\"behaviors_conf\": {\"0\": {\"code\": \"s\", "
	    "\"type\": \"State event\"}}, \"observations\": {\"o\": "
	    "{\"events\": [[-1, \"\", \"s\"]]}}}", NULL,
	    "observation 'o', event 1: the time is not a number of seconds");
	T_FAILS("e6.boris", "{\"behaviors_conf\": {\"0\": {\"code\": \"s\", "
	    "\"type\": \"State event\"}, \"1\": {\"code\": \"s\", \"type\": "
	    "\"Point event\"}}, \"observations\": {}}", NULL,
	    "behaviour 's' twice in the ethogram");
	T_FAILS("e7.boris", "{\"behaviors_conf\": {\"0\": {\"code\": "
	    "\"alone\", \"type\": \"State event\"}}, \"observations\": {}}",
	    NULL, "shadowlog keeps that name");
	T_FAILS("e8.boris", "{\"behaviors_conf\": {\"0\": {\"code\": \"s\", "
	    "\"type\": \"State event\"}, \"1\": {\"code\": \"r\", \"type\": "
	    "\"State event\"}}, \"observations\": {\"o\": {\"events\": "
	    "[[1, \"\", \"s\"], [2, \"\", \"r\"], [3, \"\", \"s\"], "
	    "[4, \"\", \"r\"]]}}}", NULL, "overlapping states");
	T_FAILS("e9.boris", "{\"behaviors_conf\": {\"0\": {\"code\": \"s\", "
	    "\"type\": \"State event\"}}, \"observations\": {\"o\": "
	    "{\"events\": [[1, \"\", \"s\"], [2, \"\", \"s\"]]}}}", "A",
	    "no subject 'A'; the subjects are 'No focal subject'");
}

/* Reads text, written as dir/name, to its end or first error, which is
 * left in *e; returns the path (caller frees). */
static char *
read_err(const char *name, const char *text, struct err *e)
{
	struct boris_reader	*r;
	struct timeline		 tl;
	char			*p = put_text(name, text);

	if (boris_open(open_path(p), p, NULL, &r, e) == 0) {
		while (boris_next(r, &tl, e) == 1)
			timeline_free(&tl);
		boris_close(r);
	}
	return p;
}

/* The error's fields, lines counted by hand: a header without a column
 * (line 1), a short row (line 3 of header, row, short row), rows out of
 * time order (the second row, line 3), a START never stopped (told at its
 * own line 2 when the observation ends), and a project's ethogram (no
 * line: a project has events, not lines). */
static void
test_err_fields(void)
{
	struct err	 e = ERR_INIT;
	char		*p;

	p = read_err("f1", "Observation id\tSubject\tBehavior\tTime\n", &e);
	T_ERR(&e, p, ERR_DATA, 1, "no column 'Behavior type': not a BORIS "
	    "events export (tabular or aggregated)");
	free(p);
	p = read_err("f2", HDR ROW("o", "A", "x", "POINT", "1") "o\tA\tx\n",
	    &e);
	T_ERR(&e, p, ERR_DATA, 3, "3 fields, want 6 as the header has");
	free(p);
	p = read_err("f3", HDR ROW("o", "A", "x", "POINT", "5")
	    ROW("o", "A", "x", "POINT", "3"), &e);
	T_ERR(&e, p, ERR_DATA, 3, "Time 3.000 is before 5.000 on line 2: an "
	    "observation's rows go in time order");
	free(p);
	p = read_err("f4", HDR ROW("o", "A", "x", "START", "1")
	    ROW("o", "A", "y", "POINT", "5"), &e);
	T_ERR(&e, p, ERR_DATA, 2, "unpaired START of 'x' for subject 'A' at "
	    "1.000: no STOP before the end of observation 'o'");
	free(p);
	p = read_err("f5.boris", "{\"behaviors_conf\": {\"0\": {\"code\": "
	    "\"alone\", \"type\": \"State event\"}}, \"observations\": {}}",
	    &e);
	T_ERR(&e, p, ERR_DATA, 0, "Behavior code 'alone': shadowlog keeps "
	    "that name for time in no state");
	free(p);
}

/* A project written from days reads back to the same days, details,
 * school, observer and tags included; the file is 0600. */
static void
test_project_write(void)
{
	struct boris_project_writer	*w;
	struct result			 a, b;
	struct err			 e = ERR_INIT;
	struct stat			 st;
	char				*in = put_text("in.boris", PROJECT);
	char				*out = xasprintf("%s/out.boris", dir);
	char				*warn;
	size_t				 i, j;

	read_all(in, NULL, &a);
	T_EQ_INT(a.n, 2);
	w = boris_project_writer_new();
	for (i = 0; i < a.n; i++)
		boris_project_writer_add(w, &a.days[i]);
	T_EQ_INT(boris_project_writer_save(w, out, &e), 0);
	boris_project_writer_free(w);
	T_EQ_INT(stat(out, &st), 0);
	T_EQ_INT(st.st_mode & 0777, 0600);
	read_project(out, NULL, &b, &warn);
	T_EQ_STR(warn, "");
	T_EQ_STR(b.groups, "talk,wave,walk");
	T_TRUE(same_days(&a, &b));
	for (i = 0; i < a.n && i < b.n; i++) {
		for (j = 0; j < a.days[i].nitems &&
		    j < b.days[i].nitems; j++) {
			const struct tl_item	*x = &a.days[i].items[j];
			const struct tl_item	*y = &b.days[i].items[j];

			T_TRUE((x->person == NULL) == (y->person == NULL));
			T_TRUE((x->where == NULL) == (y->where == NULL));
			T_TRUE((x->note == NULL) == (y->note == NULL));
			T_EQ_INT(x->with, y->with);
			if (x->note != NULL && y->note != NULL)
				T_EQ_STR(x->note, y->note);
		}
	}
	result_free(&a);
	result_free(&b);
	free(warn);

	/* a directory that is not there */
	w = boris_project_writer_new();
	free(out);
	out = xasprintf("%s/no/such/dir.boris", dir);
	T_EQ_INT(boris_project_writer_save(w, out, &e), -1);
	T_EQ_INT(e.code, ERR_CANTCREAT);
	err_clear(&e);
	boris_project_writer_free(w);
	free(out);
	free(in);
}

/* test2.boris read directly gives what BORIS's exports of its
 * observations give, day for day; gzipped, the same. */
static void
test_project_real(void)
{
	struct result	 proj, obs1, obs2, zipped;
	char		*path, *p1, *p2, *warn, *bytes, *gz;
	size_t		 len, i, k;

	if ((path = real_file("test2.boris")) == NULL)
		return;
	if ((p1 = real_file("tabular_obs1.tsv")) == NULL ||
	    (p2 = real_file("tabular_obs2.tsv")) == NULL) {
		free(p1);
		free(path);
		return;
	}
	read_project(path, NULL, &proj, &warn);
	read_all(p1, NULL, &obs1);
	read_all(p2, NULL, &obs2);
	T_EQ_INT(proj.rc, 0);
	T_EQ_STR(proj.groups, "p,s,q,r,m");
	T_HAS_STR(warn, "observation 'live not paired': the events of state "
	    "'s' of subject 'No focal subject' do not pair");
	/* offset positif, offset neg, #1 (2 subjects), #2 (3), live (2),
	 * modifiers; the two with no events left out */
	T_EQ_INT(proj.n, 10);
	for (k = 0; k < 2; k++) {
		const struct result	*x = k == 0 ? &obs1 : &obs2;
		const char		*id = k == 0 ? "observation #1" :
		    "observation #2";
		size_t			 n = 0;

		for (i = 0; i < proj.n; i++) {
			const struct timeline	*p = &proj.days[i];

			if (strcmp(p->tag_values[0], id) != 0)
				continue;
			T_TRUE(n < x->n);
			if (n >= x->n)
				break;
			/* the same day item for item, by group name */
			T_EQ_STR(p->head, x->days[n].head);
			T_EQ_INT(p->begin, x->days[n].begin);
			T_EQ_INT(p->end, x->days[n].end);
			T_EQ_INT(p->nitems, x->days[n].nitems);
			for (size_t j = 0; j < p->nitems &&
			    j < x->days[n].nitems; j++) {
				T_EQ_INT(p->items[j].start,
				    x->days[n].items[j].start);
				T_EQ_INT(p->items[j].end,
				    x->days[n].items[j].end);
				T_EQ_STR(timeline_group_name(p,
				    p->items[j].group), timeline_group_name(
				    &x->days[n], x->days[n].items[j].group));
			}
			n++;
		}
		T_EQ_INT(n, x->n);
	}
	for (i = 0; i < proj.n; i++) {
		if (strcmp(proj.days[i].tag_values[0], "observation #2") == 0 &&
		    strcmp(proj.days[i].head, "No focal subject") == 0) {
			BUDGET(&proj.days[i], "s", 0, 6, 59.625, 9.937, 8.395,
			    49.268, 84.012);
			BUDGET(&proj.days[i], "p", 1, 6, NA, NA, NA, 54.083,
			    117.79);
		}
	}
	bytes = slurp(path, &len);
	gz = put_gzip("test2.boris.gz", bytes, len);
	read_all(gz, NULL, &zipped);
	T_TRUE(same_days(&proj, &zipped));
	result_free(&zipped);
	result_free(&proj);
	result_free(&obs1);
	result_free(&obs2);
	free(bytes);
	free(gz);
	free(warn);
	free(p1);
	free(p2);
	free(path);
}

/* Pauses and notes as shadowlog writes them: behaviours of their own
 * categories, not groups; written back the same. */
static void
test_project_pause_note(void)
{
	static const char	 text[] =
	    "{\"behaviors_conf\": {"
	    "\"0\": {\"type\": \"State event\", \"code\": \"t\"},"
	    "\"1\": {\"type\": \"State event\", \"code\": \"pause\", "
	    "\"category\": \"" BORIS_PROJECT_PAUSE_CATEGORY "\"},"
	    "\"2\": {\"type\": \"Point event\", \"code\": \"note\", "
	    "\"category\": \"" BORIS_PROJECT_NOTE_CATEGORY "\"},"
	    "\"3\": {\"type\": \"Point event\", \"code\": \"n2\", "
	    "\"category\": \"" BORIS_PROJECT_PAUSE_CATEGORY "\"}},"
	    "\"observations\": {\"o\": {\"date\": \"2024-03-05T09:00:00\", "
	    "\"events\": [[1, \"H\", \"t\", \"\", \"\"], [2, \"H\", \"t\", "
	    "\"\", \"\"], [3, \"H\", \"pause\", \"\", \"\"], [3.5, \"H\", "
	    "\"note\", \"\", \"lunch\"], [5, \"H\", \"pause\", \"\", \"\"], "
	    "[6, \"H\", \"n2\", \"\", \"\"]], "
	    "\"observation time interval\": [0, 8]}}}";
	struct boris_project_writer	*w;
	struct result			 a, b;
	struct err			 e = ERR_INIT;
	char				*in = put_text("pn.boris", text);
	char				*out = xasprintf("%s/pn-out.boris", dir);
	const struct timeline		*d;

	read_all(in, NULL, &a);
	T_EQ_INT(a.rc, 0);
	/* a point of the pause's category is a group of its own */
	T_EQ_STR(a.groups, "t,n2");
	T_EQ_INT(a.n, 1);
	if (a.n == 1) {
		d = &a.days[0];
		T_EQ_INT(d->nitems, 7);
		ITEM_IS(d, 0, TL_ALONE, 0, 1, NULL);
		ITEM_IS(d, 1, TL_EPISODE, 1, 2, "t");
		ITEM_IS(d, 2, TL_ALONE, 2, 3, NULL);
		ITEM_IS(d, 3, TL_PAUSE, 3, 5, NULL);
		ITEM_IS(d, 4, TL_NOTE, 3.5, 3.5, NULL);
		ITEM_IS(d, 5, TL_ALONE, 5, 8, NULL);
		ITEM_IS(d, 6, TL_BRIEF, 6, 6, "n2");
		if (d->nitems == 7)
			T_EQ_STR(d->items[4].note, "lunch");
		T_EQ_INT(d->observed, 6000);
		T_EQ_INT(d->paused, 2000);
		w = boris_project_writer_new();
		boris_project_writer_add(w, d);
		T_EQ_INT(boris_project_writer_save(w, out, &e), 0);
		boris_project_writer_free(w);
		read_all(out, NULL, &b);
		T_TRUE(same_days(&a, &b));
		if (b.n == 1 && b.days[0].nitems == 7)
			T_EQ_STR(b.days[0].items[4].note, "lunch");
		result_free(&b);
	}
	result_free(&a);
	free(in);
	free(out);
}

void
boris_test_register(void)
{
	CU_pSuite s = CU_add_suite("boris", boris_suite_init,
	    boris_suite_clean);

	CU_add_test(s, "telling a BORIS export by its first line",
	    test_sniff);
	CU_add_test(s, "observation #1: BORIS's time budget", test_obs1);
	CU_add_test(s, "observation #2: BORIS's numbers, three exports alike",
	    test_obs2);
	CU_add_test(s, "the file's scheme: codes verbatim", test_scheme);
	CU_add_test(s, "subjects: picking, No focal subject, unknown",
	    test_subjects);
	CU_add_test(s, "edited copies: unpaired states", test_unpaired);
	CU_add_test(s, "edited copies: overlaps, order", test_overlap);
	CU_add_test(s, "TSV and CSV, CRLF, quotes, NA", test_formats);
	CU_add_test(s, "small exports: ties, days, layouts", test_made);
	CU_add_test(s, "every mistake with its line, limits", test_errors);
	CU_add_test(s, "one reading: the scheme grows, the file's mistakes "
	    "first", test_one_reading);
	CU_add_test(s, "hostile bytes, truncations, shuffled rows",
	    test_hostile);
	CU_add_test(s, "project: telling one", test_project_sniff);
	CU_add_test(s, "project: states paired, details, variables, "
	    "unpaired left out", test_project_made);
	CU_add_test(s, "project: gzipped, cut short, damaged",
	    test_project_gzip);
	CU_add_test(s, "project: every mistake", test_project_errors);
	CU_add_test(s, "an error's code, file, line and words apart",
	    test_err_fields);
	CU_add_test(s, "project: written and read back", test_project_write);
	CU_add_test(s, "project: pauses and notes", test_project_pause_note);
	CU_add_test(s, "project: test2.boris as its exports, gzipped too",
	    test_project_real);
}
