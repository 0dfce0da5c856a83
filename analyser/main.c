/*
 * shadowlog-analyse: parses the command line, has each FILE (a log, an
 * episodes CSV or a BORIS export, told apart by content) read into
 * timelines (reader.c, in parallel, in order, anonymised when asked and
 * summarised once when anything needs it), and hands each day to the
 * output, the comparison, the charts and the report; --agreement instead
 * reads two days and compares the observers.  The only place in the
 * analyser that prints errors and chooses the exit status: the first
 * failure met.  A day's charts are queued as the day is read and drawn
 * on all cores, once for both --plot and the report; only the
 * comparison's running figures are kept.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sysexits.h>
#include <unistd.h>

#include "agreement.h"
#include "anon.h"
#include "boris-project.h"
#include "chart.h"
#include "compare.h"
#include "err.h"
#include "output.h"
#include "pairs.h"
#include "progress.h"
#include "reader.h"
#include "reference.h"
#include "report.h"
#include "report-workshop.h"
#include "report-reference.h"
#include "report-agreement.h"
#include "scheme.h"
#include "sdis.h"
#include "summary.h"
#include "table.h"
#include "table-agreement.h"
#include "table-compare.h"
#include "table-patterns.h"
#include "table-week.h"
#include "text.h"
#include "timeline.h"
#include "week.h"
#include "xmalloc.h"

#define NAME_PART_MAX	40	/* bytes of a school or head in a file name */

struct options {
	enum output_format	 format;
	enum output_table	 table;
	int			 tables;	/* table options given */
	int			 minutes;
	const char		*scheme;
	const char		*plot_dir;	/* --plot */
	enum chart_format	 plot_format;
	const char		*by;		/* --by; NULL if not given */
	const char		*dimension;	/* --dimension: bins and the
						   comparison per its value */
	const char		*html;		/* --html */
	const char		*boris;		/* --boris: a project */
	int			 as_recorded;	/* ignore review records */
	const char		*subject;	/* --subject: BORIS input */
	int			 compare;	/* --compare */
	int			 patterns;	/* --patterns[=K]: K, 0; or -1 */
	int			 seed;		/* --seed */
	int			 seed_given;
	int			 agreement;	/* --agreement */
	int			 window;	/* --window, in seconds */
	int			 window_given;
	const char		*pairs;		/* --pairs: the LIST */
	const char		*anonymise;	/* --anonymise: the KEYFILE */
	int			 keep_notes;	/* --keep-notes */
	const char		*sdis;		/* --sdis: the FILE */
	int			 week;		/* --week */
	const char		*workshop;	/* --workshop: the FILE */
	int			 references;	/* --references */
};

/* What one run is doing with the days it is handed. */
struct run {
	const struct options	*o;
	struct output		*out;		/* NULL: --compare, --patterns */
	struct chart_compare	*compare;	/* --compare, --plot, --html */
	struct patterns		*patterns;	/* --patterns */
	struct report		*report;
	struct chart_queue	*charts;	/* --plot, --html */
	struct anon		*anon;		/* --anonymise */
	struct boris_project_writer *boris;	/* --boris */
	int			 plotting;	/* --plot */
	int			 chart_failed;	/* a chart failure was reported */
	struct sdis		*sdis;		/* --sdis */
	struct week		 week;		/* --week: the days' figures */
	struct week_workshop	 workshop;	/* --workshop: the heads' */
	int			 first;		/* the first failure's code */
	struct reference_set	 refs;		/* --references */
};

/* The charts' progress line, cleared before any message. */
static struct progress	progress;

static void
usage(FILE *f)
{
	fprintf(f,
	    "usage: shadowlog-analyse [--format=text|csv|json] "
	    "[--scheme FILE] [--as-recorded]\n"
	    "                         [--subject=NAME] "
	    "[--anonymise=KEYFILE [--keep-notes]]\n"
	    "                         [--episodes | --bin=MINUTES | "
	    "--transitions |\n"
	    "                          --sample=MINUTES | --dimensions] "
	    "[--dimension=NAME]\n"
	    "                         [--compare | --patterns[=K]] "
	    "[--by=FIELD] [--seed=N]\n"
	    "                         [--plot=DIR] "
	    "[--plot-format=png|svg|pdf] [--html=FILE]\n"
	    "                         [--sdis=FILE] [--boris=FILE] "
	    "[--references] FILE...\n"
	    "       shadowlog-analyse --week [--format=text|csv|json] "
	    "[--scheme FILE] [--plot=DIR] FILE...\n"
	    "       shadowlog-analyse --workshop=FILE [--anonymise=KEYFILE] "
	    "[--scheme FILE]\n"
	    "                         [--plot=DIR] "
	    "[--plot-format=png|svg|pdf] FILE...\n"
	    "       shadowlog-analyse --agreement [--window=SECONDS] "
	    "[--format=text|csv|json]\n"
	    "                         [--scheme FILE] [--as-recorded] "
	    "[--subject=NAME]\n"
	    "                         [--anonymise=KEYFILE] "
	    "[--plot=DIR] [--plot-format=png|svg|pdf]\n"
	    "                         [--html=FILE] A B\n"
	    "       shadowlog-analyse --agreement --pairs=LIST "
	    "[--window=SECONDS] [--format=...]\n"
	    "       shadowlog-analyse --help | --version\n"
	    "\n"
	    "Reads shadowlog logs (.slog), episodes CSV files, BORIS events "
	    "exports and BORIS\n"
	    "projects (.boris, .boris.gz) and prints, per day, one table:\n"
	    "  (default)           the summary per group and the day's figures\n"
	    "  --episodes          the day as a timeline\n"
	    "  --bin=MINUTES       the time per group in bins of MINUTES\n"
	    "  --transitions       the transitions between groups, with their "
	    "statistics\n"
	    "  --sample=MINUTES    what was in force every MINUTES from the "
	    "day's begin\n"
	    "  --dimensions        the time per value of each dimension of the "
	    "scheme\n"
	    "  --dimension=NAME    with --bin or --compare: per value of the "
	    "dimension NAME\n"
	    "                      instead of per group\n"
	    "Across days, instead:\n"
	    "  --compare --by=FIELD  the days compared by FIELD: school, head, "
	    "observer,\n"
	    "                      date or a tag\n"
	    "  --patterns[=K]      the days (heads, with --by=head) grouped in "
	    "K patterns\n"
	    "                      (K chosen by silhouette when not given)\n"
	    "  --seed=N            the seed of --compare's bootstrap and "
	    "--patterns' k-means\n"
	    "  --week              a head's week (2 to 7 days): a row per day "
	    "and the week\n"
	    "  --workshop=FILE     the workshop pack for several heads (HTML)\n"
	    "Also:\n"
	    "  --format=F          text (default), csv or json\n"
	    "  --scheme FILE       the scheme for episodes CSV and BORIS input\n"
	    "  --as-recorded       ignore the corrections made after review\n"
	    "  --subject=NAME      the BORIS subject who is the head\n"
	    "  --anonymise=KEYFILE codes for the names of schools and people\n"
	    "  --keep-notes        with --anonymise: keep the notes\n"
	    "  --plot=DIR          each day's charts (and the comparison) into "
	    "DIR\n"
	    "  --plot-format=F     png (default), svg or pdf\n"
	    "  --html=FILE         the feedback report\n"
	    "  --sdis=FILE         the days as an SDIS file for GSEQ\n"
	    "  --boris=FILE        the days as a BORIS project\n"
	    "  --references        published studies' figures beside the day's\n"
	    "  --agreement         how far two observers of one day agree "
	    "(A and B)\n"
	    "  --pairs=LIST        with --agreement: a CSV of pairs of files "
	    "A,B, one a row\n"
	    "  --window=SECONDS    with --agreement: how far apart two "
	    "starts may match (30)\n"
	    "See shadowlog-analyse(1).\n");
}

static int
bad_usage(const char *fmt, const char *arg)
{
	fprintf(stderr, "shadowlog-analyse: ");
	fprintf(stderr, fmt, arg);
	fprintf(stderr, "\n");
	usage(stderr);
	return EX_USAGE;
}

/* Chooses the one table of the run; a second, different one is an error. */
static int
set_table(struct options *o, enum output_table table, const char *name)
{
	if (o->tables > 0 && (table == OUTPUT_SAMPLE ||
	    o->table == OUTPUT_SAMPLE))
		return bad_usage("%s: give only one of --episodes, --bin, "
		    "--transitions and --sample", name);
	if (o->tables > 0 && (o->table != table || table == OUTPUT_BINS))
		return bad_usage("%s: give only one of --episodes, --bin and "
		    "--transitions", name);
	o->table = table;
	o->tables++;
	return 0;
}

/* Takes an option's value, which must not be empty; want says what the
 * option wants. */
static int
set_value(const char **to, const char *arg, const char *want)
{
	if (*arg == '\0')
		return bad_usage("%s", want);
	*to = arg;
	return 0;
}

/* A whole number of min to max (at most 9 digits) in *v; -1 if arg is not
 * one. */
static int
parse_whole(const char *arg, long min, long max, int *v)
{
	long	n = 0;
	size_t	i;

	for (i = 0; arg[i] >= '0' && arg[i] <= '9' && i < 9; i++)
		n = n * 10 + (arg[i] - '0');
	if (i == 0 || arg[i] != '\0' || n < min || n > max)
		return -1;
	*v = (int)n;
	return 0;
}

static int
parse_minutes(struct options *o, const char *arg)
{
	if (parse_whole(arg, 1, OUTPUT_MAX_BIN, &o->minutes) != 0)
		return bad_usage("--bin wants whole minutes from 1 to 1440, "
		    "not '%s'", arg);
	return set_table(o, OUTPUT_BINS, "--bin");
}

static int
parse_sample(struct options *o, const char *arg)
{
	if (parse_whole(arg, 1, OUTPUT_MAX_BIN, &o->minutes) != 0)
		return bad_usage("--sample wants whole minutes from 1 to 1440, "
		    "not '%s'", arg);
	return set_table(o, OUTPUT_SAMPLE, "--sample");
}

/* --window: whole seconds from 0 to AGREEMENT_MAX_WINDOW. */
static int
parse_window(struct options *o, const char *arg)
{
	if (parse_whole(arg, 0, AGREEMENT_MAX_WINDOW, &o->window) != 0)
		return bad_usage("--window wants whole seconds from 0 to 3600, "
		    "not '%s'", arg);
	o->window_given = 1;
	return 0;
}

/* --agreement's own rules: its two FILEs, and no table of a day. */
static int
check_agreement(const struct options *o, int nfiles)
{
	char	n[32];

	if (!o->agreement) {
		if (o->window_given)
			return bad_usage("%s",
			    "--window goes with --agreement");
		if (o->pairs != NULL)
			return bad_usage("%s", "--pairs goes with --agreement");
		return 0;
	}
	if (o->sdis != NULL)
		return bad_usage("%s", "--agreement makes its own tables: not "
		    "with --sdis");
	if (o->boris != NULL)
		return bad_usage("%s", "--agreement makes its own tables: not "
		    "with --boris");
	if (o->tables > 0 || o->compare)
		return bad_usage("%s", "--agreement makes its own tables: not "
		    "with --episodes, --bin, --transitions or --compare");
	if (o->pairs != NULL && (o->plot_dir != NULL || o->html != NULL))
		return bad_usage("%s", "--agreement --pairs=LIST draws no "
		    "chart: not with --plot or --html");
	if (o->pairs != NULL && nfiles != 0)
		return bad_usage("%s", "--agreement --pairs=LIST takes no FILE: "
		    "the pairs are in LIST");
	if (o->pairs == NULL && nfiles != 2) {
		snprintf(n, sizeof n, "%d", nfiles);
		return bad_usage("--agreement wants exactly two FILEs, A and "
		    "B, not %s", n);
	}
	return 0;
}

/* What the options ask for together. */
static int
check_options(const struct options *o, int nfiles)
{
	if (o->compare && o->by == NULL)
		return bad_usage("%s", "--compare needs --by=FIELD (school, "
		    "head, observer, date or a tag)");
	if (o->compare && o->tables > 0 && o->table != OUTPUT_BINS)
		return bad_usage("%s", "--compare goes with --bin, not with "
		    "--episodes or --transitions");
	if (o->dimension != NULL && !o->compare && (o->tables == 0 ||
	    o->table != OUTPUT_BINS))
		return bad_usage("%s", "--dimension goes with --bin or "
		    "--compare");
	if (o->seed_given && !o->compare && o->patterns < 0)
		return bad_usage("%s", "--seed goes with --compare or "
		    "--patterns");
	if (o->patterns >= 0 && (o->compare || o->tables > 0 ||
	    o->agreement))
		return bad_usage("%s", "--patterns makes its own tables: not "
		    "with --compare, --episodes, --bin, --transitions, "
		    "--sample or --agreement");
	if (o->week && (o->compare || o->tables > 0 || o->agreement ||
	    o->patterns >= 0))
		return bad_usage("%s", "--week makes its own table: not with "
		    "--compare, --patterns, --episodes, --bin, --transitions, "
		    "--sample or --agreement");
	if (o->workshop != NULL && (o->week || o->compare || o->tables > 0 ||
	    o->agreement || o->html != NULL || o->sdis != NULL ||
	    o->patterns >= 0))
		return bad_usage("%s", "--workshop makes its own file: not with "
		    "--week, --compare, --patterns, a day's table, --agreement, "
		    "--html or --sdis");
	if (o->references && o->html == NULL && (o->format != OUTPUT_TEXT ||
	    o->tables > 0 || o->compare || o->patterns >= 0))
		return bad_usage("%s", "--references goes with the text summary "
		    "or --html");
	if (o->keep_notes && o->anonymise == NULL)
		return bad_usage("%s", "--keep-notes goes with "
		    "--anonymise=KEYFILE");
	return check_agreement(o, nfiles);
}

static int
parse_options(int argc, char **argv, struct options *o)
{
	static const struct option longopts[] = {
		{ "agreement",	 no_argument,		NULL, 'g' },
		{ "anonymise",	 required_argument,	NULL, 'a' },
		{ "as-recorded", no_argument,		NULL, 'r' },
		{ "bin",	 required_argument,	NULL, 'b' },
		{ "boris",	 required_argument,	NULL, 'B' },
		{ "by",		 required_argument,	NULL, 'y' },
		{ "compare",	 no_argument,		NULL, 'C' },
		{ "dimension",	 required_argument,	NULL, 'N' },
		{ "dimensions",	 no_argument,		NULL, 'M' },
		{ "episodes",	 no_argument,		NULL, 'e' },
		{ "format",	 required_argument,	NULL, 'f' },
		{ "help",	 no_argument,		NULL, 'h' },
		{ "html",	 required_argument,	NULL, 'H' },
		{ "keep-notes",	 no_argument,		NULL, 'k' },
		{ "pairs",	 required_argument,	NULL, 'l' },
		{ "patterns",	 optional_argument,	NULL, 'K' },
		{ "plot",	 required_argument,	NULL, 'p' },
		{ "references",	 no_argument,		NULL, 'F' },
		{ "plot-format", required_argument,	NULL, 'P' },
		{ "sample",	 required_argument,	NULL, 'm' },
		{ "scheme",	 required_argument,	NULL, 'c' },
		{ "sdis",	 required_argument,	NULL, 'D' },
		{ "seed",	 required_argument,	NULL, 'S' },
		{ "subject",	 required_argument,	NULL, 's' },
		{ "transitions", no_argument,		NULL, 't' },
		{ "version",	 no_argument,		NULL, 'V' },
		{ "week",	 no_argument,		NULL, 'W' },
		{ "window",	 required_argument,	NULL, 'w' },
		{ "workshop",	 required_argument,	NULL, 'O' },
		{ NULL,		 0,			NULL, 0 }
	};
	int	ch;

	while ((ch = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
		switch (ch) {
		case 'a':
			if (set_value(&o->anonymise, optarg,
			    "--anonymise wants a KEYFILE") != 0)
				return EX_USAGE;
			break;
		case 'b':
			if (parse_minutes(o, optarg) != 0)
				return EX_USAGE;
			break;
		case 'B':
			if (set_value(&o->boris, optarg,
			    "--boris wants a FILE") != 0)
				return EX_USAGE;
			break;
		case 'c':
			o->scheme = optarg;
			break;
		case 'K':
			o->patterns = 0;
			if (optarg != NULL && parse_whole(optarg, 2,
			    PATTERNS_MAX_K, &o->patterns) != 0)
				return bad_usage("--patterns wants K, a whole "
				    "number from 2 to 8, not '%s'", optarg);
			break;
		case 'S':
			if (parse_whole(optarg, 0, 999999999, &o->seed) != 0)
				return bad_usage("--seed wants a whole number "
				    "from 0 to 999999999, not '%s'", optarg);
			o->seed_given = 1;
			break;
		case 'C':
			o->compare = 1;
			break;
		case 'D':
			if (set_value(&o->sdis, optarg,
			    "--sdis wants a FILE") != 0)
				return EX_USAGE;
			break;
		case 'e':
			if (set_table(o, OUTPUT_EPISODES, "--episodes") != 0)
				return EX_USAGE;
			break;
		case 'N':
			if (set_value(&o->dimension, optarg,
			    "--dimension wants a NAME") != 0)
				return EX_USAGE;
			break;
		case 'M':
			if (set_table(o, OUTPUT_DIMENSIONS,
			    "--dimensions") != 0)
				return EX_USAGE;
			break;
		case 'f':
			if (output_parse_format(optarg, &o->format) != 0)
				return bad_usage("--format is text, csv or "
				    "json, not '%s'", optarg);
			break;
		case 'g':
			o->agreement = 1;
			break;
		case 'k':
			o->keep_notes = 1;
			break;
		case 'm':
			if (parse_sample(o, optarg) != 0)
				return EX_USAGE;
			break;
		case 'l':
			if (set_value(&o->pairs, optarg,
			    "--pairs wants a LIST") != 0)
				return EX_USAGE;
			break;
		case 's':
			if (set_value(&o->subject, optarg, "--subject wants "
			    "a NAME (a subject of the BORIS export, or \"No "
			    "focal subject\")") != 0)
				return EX_USAGE;
			break;
		case 't':
			if (set_table(o, OUTPUT_TRANSITIONS,
			    "--transitions") != 0)
				return EX_USAGE;
			break;
		case 'H':
			if (set_value(&o->html, optarg,
			    "--html wants a FILE") != 0)
				return EX_USAGE;
			break;
		case 'p':
			if (set_value(&o->plot_dir, optarg,
			    "--plot wants a DIR") != 0)
				return EX_USAGE;
			break;
		case 'P':
			if (chart_parse_format(optarg, &o->plot_format) != 0)
				return bad_usage("--plot-format is png, svg "
				    "or pdf, not '%s'", optarg);
			break;
		case 'y':
			if (set_value(&o->by, optarg, "--by wants a FIELD "
			    "(school, head, observer, date or a tag)") != 0)
				return EX_USAGE;
			break;
		case 'r':
			o->as_recorded = 1;
			break;
		case 'W':
			o->week = 1;
			break;
		case 'O':
			if (set_value(&o->workshop, optarg,
			    "--workshop wants a FILE") != 0)
				return EX_USAGE;
			break;
		case 'F':
			o->references = 1;
			break;
		case 'w':
			if (parse_window(o, optarg) != 0)
				return EX_USAGE;
			break;
		case 'h':
			usage(stdout);
			exit(0);
		case 'V':
			printf("shadowlog-analyse %s\n", PACKAGE_VERSION);
			exit(0);
		default:
			usage(stderr);
			return EX_USAGE;
		}
	}
	if (optind == argc && o->pairs == NULL)
		return bad_usage("%s", "no FILE given");
	return check_options(o, argc - optind);
}

static void
report(const char *cause)
{
	progress_clear(&progress);
	fprintf(stderr, "shadowlog-analyse: %s\n", cause);
}

/* Reports a failure once; the run's exit status is the first one met. */
static void
run_fail(struct run *run, char *cause, int exit_code)
{
	report(cause);
	free(cause);
	if (run->first == 0)
		run->first = exit_code;
}

/* Reports e once and clears it: its exit code. */
static int
report_err(struct err *e)
{
	char	*text = err_text(e);
	int	 rc = err_exit_code(e->code);

	report(text);
	free(text);
	err_clear(e);
	return rc;
}

/* Reports an error once; the run's exit status is the first one met. */
static void
run_fail_err(struct run *run, const struct err *e)
{
	char	*text = err_text(e);

	run_fail(run, text, err_exit_code(e->code));
}

/* Creates dir and its parents (mode 0700: the charts describe real
 * people); an existing directory is left as it is.  -1 with e
 * (ERR_CANTCREAT) on the part that could not be made. */
static int
make_dir(const char *dir, struct err *e)
{
	struct stat	 sb;
	char		*path, *p;
	int		 last = 0;

	path = xstrdup(dir);
	for (p = path + 1; !last; p++) {
		if (*p != '/' && *p != '\0')
			continue;
		last = *p == '\0';
		*p = '\0';
		if (mkdir(path, 0700) != 0 && (errno != EEXIST ||
		    stat(path, &sb) != 0 || !S_ISDIR(sb.st_mode))) {
			if (errno == EEXIST)
				errno = ENOTDIR;
			err_set(e, ERR_CANTCREAT, "%s", strerror(errno));
			err_file(e, path);
			free(path);
			return -1;
		}
		if (!last)
			*p = '/';
	}
	free(path);
	return 0;
}

/* A part of a file name: letters, digits, '-' and '_' kept, any run of
 * other bytes one '_', at most NAME_PART_MAX bytes; never empty. */
static void
name_part(char *buf, const char *s)
{
	size_t	n = 0;
	int	c;

	for (; *s != '\0' && n < NAME_PART_MAX; s++) {
		c = (unsigned char)*s;
		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		    (c >= '0' && c <= '9') || c == '-' || c == '_')
			buf[n++] = (char)c;
		else if (n == 0 || buf[n - 1] != '_')
			buf[n++] = '_';
	}
	if (n == 0)
		buf[n++] = '_';
	buf[n] = '\0';
}

/* DIR/<date>-<school>-<head>-<chart>.<ext>; the caller frees it. */
static char *
plot_path(const struct options *o, const char *of_date, const char *of_school,
    const char *of_head, const char *chart)
{
	char	date[NAME_PART_MAX + 1], school[NAME_PART_MAX + 1];
	char	head[NAME_PART_MAX + 1];

	name_part(date, of_date);
	name_part(school, of_school);
	name_part(head, of_head);
	return xasprintf("%s/%s-%s-%s-%s.%s", o->plot_dir, date, school,
	    head, chart, chart_format_ext(o->plot_format));
}

/* A day's chart's path in DIR. */
static char *
chart_path(const struct options *o, const struct timeline *tl,
    const char *chart)
{
	return plot_path(o, tl->date, tl->school, tl->head, chart);
}

/* A set of charts failed: the first failure is reported (unless it is
 * only the report's, which says so itself at the end) and nothing more
 * is drawn. */
static void
chart_fail(struct run *run, const struct err *e)
{
	chart_queue_stop(run->charts, e);
	if (run->chart_failed)
		return;
	if (e->code == ERR_UNAVAILABLE && !run->plotting)
		return;
	run->chart_failed = 1;
	run_fail_err(run, e);
}

/* The set of a dimension's chart: files only, nothing for the report. */
static char	dimension_set;

/* A day's charts or the comparison's, drawn: to the report, which takes
 * a failure as its own. */
static void
on_charts(void *arg, void *set, const struct chart_image *svg,
    const struct err *e)
{
	struct run	*run = arg;
	struct err	 re = ERR_INIT;

	if (e != NULL)
		chart_fail(run, e);
	if (set == &dimension_set)
		return;
	if (set == run->compare) {
		if (run->report != NULL)
			report_compare_svg(run->report, svg, e);
		return;
	}
	if (run->report != NULL && report_charts(run->report, svg, e,
	    &re) != 0 && e == NULL)
		run_fail_err(run, &re);
	err_clear(&re);
}

/* Queues a chart per dimension of the day's scheme, to DIR's
 * date-school-head-dimension-NAME file. */
static void
chart_dimensions(struct run *run, const struct timeline *tl,
    const struct summary *s)
{
	struct chart_want	 want;
	char			*stem, *path;
	size_t			 k;

	memset(&want, 0, sizeof want);
	want.format = run->o->plot_format;
	for (k = 0; k < tl->scheme->ndims; k++) {
		stem = xasprintf("dimension-%s", tl->scheme->dims[k].name);
		path = chart_path(run->o, tl, stem);
		want.paths[0] = path;
		chart_queue_dimension(run->charts, tl, s, k, &want,
		    &dimension_set);
		free(path);
		free(stem);
	}
}

/* Queues the day's charts: DIR's files, and the report's SVG. */
static void
chart_day(struct run *run, const struct timeline *tl,
    const struct summary *s)
{
	struct chart_want	 want;
	char			*paths[CHART_NDAY];
	int			 k;

	memset(&want, 0, sizeof want);
	memset(paths, 0, sizeof paths);
	want.format = run->o->plot_format;
	want.keep_svg = run->report != NULL;
	for (k = 0; k < CHART_NDAY && run->plotting; k++) {
		paths[k] = chart_path(run->o, tl, chart_name(k));
		want.paths[k] = paths[k];
	}
	chart_queue_day(run->charts, tl, s, &want, NULL);
	for (k = 0; k < CHART_NDAY; k++)
		free(paths[k]);
	if (run->plotting)
		chart_dimensions(run, tl, s);
}

/*
 * One day, in file order, already anonymised by the reader (so that every
 * table, chart, chart file name and the report get the codes) and with
 * its summary: written, compared (a day that cannot be, for another
 * scheme, is reported and left out), drawn and reported.
 */
static int
on_day(void *arg, const struct timeline *tl, const struct summary *s)
{
	struct run	*run = arg;
	struct err	 e = ERR_INIT;

	if (run->o->dimension != NULL && scheme_find_dim(tl->scheme,
	    run->o->dimension, strlen(run->o->dimension)) < 0) {
		run_fail(run, xasprintf("%s: the day's scheme has no "
		    "dimension %s: left out", tl->date, run->o->dimension),
		    EX_DATAERR);
		return 0;
	}
	if (run->out != NULL)
		output_day(run->out, tl, s);
	if (run->sdis != NULL)
		sdis_add(run->sdis, tl);
	if (run->o->week || run->plotting)
		week_add(&run->week, tl, s);
	if (run->o->workshop != NULL &&
	    week_workshop_add(&run->workshop, tl, s) != 0)
		run_fail(run, xasprintf("%s: another scheme's groups than the "
		    "first head's: left out of the workshop", tl->date),
		    EX_DATAERR);
	if (run->compare != NULL &&
	    chart_compare_add(run->compare, tl, s, &e) == -1)
		run_fail_err(run, &e);
	err_clear(&e);
	if (run->patterns != NULL &&
	    patterns_add(run->patterns, tl, s, &e) == -1)
		run_fail_err(run, &e);
	err_clear(&e);
	if (run->report != NULL && report_day(run->report, tl, s, &e) != 0)
		run_fail_err(run, &e);
	err_clear(&e);
	if (run->charts != NULL)
		chart_day(run, tl, s);
	if (run->boris != NULL)
		boris_project_writer_add(run->boris, tl);
	return run->out != NULL ? output_failed(run->out) : 0;
}

static void
on_problem(void *arg, const char *message, enum err_code code)
{
	struct run	*run = arg;

	report(message);
	if (run->first == 0)
		run->first = err_exit_code(code);
}

/* The field the comparison groups days by: --by, else school. */
static const char *
by_field(const struct options *o)
{
	return o->by != NULL ? o->by : "school";
}

/* Reads the --anonymise key; NULL after reporting why (*exit_code). */
static struct anon *
load_key(const char *path, int *exit_code)
{
	struct anon	*anon;
	struct err	 e = ERR_INIT;
	char		*warning = NULL;

	if ((anon = anon_load(path, &warning, &e)) == NULL) {
		*exit_code = report_err(&e);
		return NULL;
	}
	if (warning != NULL) {
		fprintf(stderr, "shadowlog-analyse: warning: %s\n", warning);
		free(warning);
	}
	return anon;
}

/* Starts what the run writes besides its table: DIR, the comparison, the
 * report. */
static int
run_start(struct run *run, const struct options *o, size_t nfiles)
{
	struct err	 e = ERR_INIT;

	if (o->references && reference_load(report_reference_path(),
	    &run->refs, &e) != 0)
		return report_err(&e);
	if (o->plot_dir != NULL) {
		if (make_dir(o->plot_dir, &e) != 0)
			return report_err(&e);
		/* The workshop draws its own charts, of heads, not days. */
		run->plotting = o->workshop == NULL;
	}
	if (o->compare || run->plotting || o->html != NULL)
	{
		run->compare = chart_compare_new(by_field(o), o->compare &&
		    o->table == OUTPUT_BINS ? o->minutes : 0);
		chart_compare_seed(run->compare, (uint64_t)o->seed);
		if (o->compare)
			chart_compare_by_dimension(run->compare, o->dimension);
	}
	if (o->patterns >= 0)
		run->patterns = patterns_new(o->by != NULL &&
		    strcmp(o->by, "head") == 0);
	if (o->boris != NULL)
		run->boris = boris_project_writer_new();
	if (o->html != NULL) {
		/* Every failure of report_new is ERR_CANTCREAT. */
		if ((run->report = report_new(o->html, &e)) == NULL)
			return report_err(&e);
		if (o->references)
			report_references(run->report, &run->refs);
	}
	if (run->plotting || run->report != NULL) {
		progress_init(&progress, stderr);
		run->charts = chart_queue_new(on_charts, run, &progress);
		chart_queue_expect(run->charts, nfiles);
	}
	if (o->sdis != NULL)
		run->sdis = sdis_new();
	return 0;
}

/* Has the reader summarise each day when any part of the run needs it,
 * with the breakdowns only for a table that shows them. */
static void
run_summarise(const struct run *run, struct reader_options *ropts)
{
	unsigned	what;

	if (run->out != NULL && output_summary_needs(run->out, &what)) {
		ropts->summarise = 1;
		ropts->summary_what = what;
	}
	if (run->compare != NULL || run->charts != NULL ||
	    run->patterns != NULL || run->o->week || run->o->workshop != NULL)
		ropts->summarise = 1;
}

/* Groups the days into patterns and writes them. */
static void
run_patterns(struct run *run)
{
	const struct options	*o = run->o;
	struct err		 e = ERR_INIT;

	if (patterns_fit(run->patterns, o->patterns, (uint64_t)o->seed,
	    &e) != 0)
		run_fail_err(run, &e);
	else if (table_patterns_write(stdout, o->format, run->patterns,
	    (uint64_t)o->seed, &e) != 0)
		run_fail_err(run, &e);
	err_clear(&e);
	patterns_free(run->patterns);
	run->patterns = NULL;
}

/* Writes the --sdis file, each day read a session. */
static void
run_sdis(struct run *run)
{
	struct err	e = ERR_INIT;

	if (sdis_write(run->sdis, run->o->sdis, &e) != 0)
		run_fail_err(run, &e);
	err_clear(&e);
	sdis_free(run->sdis);
	run->sdis = NULL;
}

/* Queues the comparison chart: DIR's for two days or more, the
 * report's for a report of several days. */
static void
run_compare_chart(struct run *run, char *path)
{
	struct chart_want	want;
	size_t			days = chart_compare_days(run->compare);

	memset(&want, 0, sizeof want);
	want.format = run->o->plot_format;
	if (run->plotting && days >= 2)
		want.paths[0] = path;
	want.keep_svg = run->report != NULL && report_days(run->report) > 1 &&
	    days > 0;
	if (want.paths[0] != NULL || want.keep_svg)
		chart_queue_compare(run->charts, run->compare, &want,
		    run->compare);
}

/* Draws the week's charts into DIR: <first date>-<school>-<head>-week and
 * -week-pattern. */
static void
run_week_charts(struct run *run)
{
	const struct week	*w = &run->week;
	struct err		 e = ERR_INIT;
	char			*bars, *pattern;

	bars = plot_path(run->o, w->days[0].date, w->school, w->head, "week");
	pattern = plot_path(run->o, w->days[0].date, w->school, w->head,
	    "week-pattern");
	if (chart_draw_week(w, run->o->plot_format, bars, pattern, &e) != 0 &&
	    !run->chart_failed) {
		run->chart_failed = 1;
		run_fail_err(run, &e);
	}
	err_clear(&e);
	free(bars);
	free(pattern);
}

/* Writes the --week table, or says why the days are no week; with --plot,
 * draws a week's charts. */
static void
run_week(struct run *run)
{
	struct err	e = ERR_INIT;

	if (run->o->week && !week_is_one_head(&run->week)) {
		if (run->week.ndays > 0)
			run_fail(run, xasprintf("--week: the days are not 2 "
			    "to %d days of one head (same school and head), "
			    "each on its own date", WEEK_MAX_DAYS), EX_DATAERR);
	} else if (run->o->week && table_week_write(stdout, run->o->format,
	    &run->week, &e) != 0)
		run_fail_err(run, &e);
	err_clear(&e);
	if (run->plotting && week_is_one_head(&run->week))
		run_week_charts(run);
	week_free(&run->week);
}

/* Writes the --workshop pack (and its key list when anonymised), or
 * says why there is none. */
static void
run_workshop(struct run *run)
{
	struct err	e = ERR_INIT;

	if (run->workshop.nheads == 1)
		run_fail(run, xstrdup("--workshop: the days are of one head; "
		    "the workshop puts several side by side"), EX_DATAERR);
	else if (run->workshop.nheads > 1 && report_workshop_write(
	    run->o->workshop, &run->workshop, run->anon, run->o->plot_dir,
	    run->o->plot_format, &e) != 0)
		run_fail_err(run, &e);
	err_clear(&e);
	week_workshop_free(&run->workshop);
}

/* Draws the comparison and the charts still to come, writes the report. */
static void
run_finish(struct run *run)
{
	const struct options	*o = run->o;
	char			 field[NAME_PART_MAX + 1], *path;
	struct err		 e = ERR_INIT;

	if (o->compare && table_compare_write(stdout, o->format,
	    chart_compare_figures(run->compare), (uint64_t)o->seed,
	    &e) != 0)
		run_fail_err(run, &e);
	err_clear(&e);
	if (run->patterns != NULL)
		run_patterns(run);
	if (o->week || run->plotting)
		run_week(run);
	if (o->workshop != NULL)
		run_workshop(run);
	if (run->charts != NULL) {
		name_part(field, by_field(o));
		path = o->plot_dir == NULL ? NULL : xasprintf(
		    "%s/compare-by-%s.%s", o->plot_dir, field,
		    chart_format_ext(o->plot_format));
		run_compare_chart(run, path);
		chart_queue_wait(run->charts);
		free(path);
	}
	if (run->report != NULL && report_finish(run->report, run->compare,
	    &e) != 0)
		run_fail_err(run, &e);
	err_clear(&e);
	if (run->sdis != NULL)
		run_sdis(run);
	if (run->boris != NULL && boris_project_writer_save(run->boris,
	    o->boris, &e) != 0)
		run_fail_err(run, &e);
	err_clear(&e);
	boris_project_writer_free(run->boris);
	chart_queue_free(run->charts);
	chart_compare_free(run->compare);
	anon_free(run->anon);
	reference_free(&run->refs);
}

/*
 * Reads A and B (one day each), anonymised if asked, and compares them:
 * 0 with tl[0], tl[1] and *ag filled (the caller frees them), else -1
 * with nothing to free.  Each message is reported here; *first takes the
 * first exit code met (a torn tail still gives the figures, and its code;
 * days that cannot be compared give 65).
 */
static int
compare_pair(const struct options *o, const struct reader_options *ropts,
    const char *const *paths, struct timeline *tl, struct agreement *ag,
    int *first)
{
	struct err	 e = ERR_INIT;
	enum err_code	 code;
	char		*message;
	int		 has[2], i;

	for (i = 0; i < 2; i++) {
		code = reader_one(paths[i], ropts, &tl[i], &has[i], &message);
		if (message != NULL) {
			report(message);
			free(message);
		}
		if (*first == 0)
			*first = err_exit_code(code);
	}
	if (has[0] && has[1] && agreement_compute(&tl[0], &tl[1], o->window,
	    ag, &e) == 0)
		return 0;
	/* Two files, so they follow the words rather than lead them. */
	if (has[0] && has[1])
		fprintf(stderr, "shadowlog-analyse: %s (A is %s, B is %s)\n",
		    e.msg, paths[0], paths[1]);
	if (*first == 0)
		*first = has[0] && has[1] ? err_exit_code(e.code) : EX_DATAERR;
	err_clear(&e);
	for (i = 0; i < 2; i++) {
		if (has[i])
			timeline_free(&tl[i]);
	}
	return -1;
}

/* Flushes standard output: 0, or its exit code (EX_IOERR) reported. */
static int
flush_output(void)
{
	struct err	e = ERR_INIT;

	if (table_flush(stdout, "the output", &e) == 0)
		return 0;
	return report_err(&e);
}

/* --agreement's training view: the chart into DIR (--plot) and the report
 * (--html), both from one drawing.  0, or the first failure's exit code,
 * each failure reported once (no gnuplot: the report still written, with
 * a note where the chart would be). */
static int
run_training(const struct options *o, char *const *paths,
    const struct timeline *tl, const struct agreement *ag)
{
	struct chart_image	 svg = { NULL, 0 };
	struct err		 why = ERR_INIT, e = ERR_INIT;
	char			*path = NULL, *cause = NULL;
	int			 drawn, rc = 0;

	if (o->plot_dir != NULL) {
		if (make_dir(o->plot_dir, &e) != 0)
			return report_err(&e);
		path = chart_path(o, &tl[0], "agreement");
	}
	drawn = chart_draw_agreement(&tl[0], &tl[1], ag, o->plot_format, path,
	    o->html != NULL ? &svg : NULL, &why) == 0;
	free(path);
	if (!drawn && (o->plot_dir != NULL || why.code != ERR_UNAVAILABLE)) {
		rc = err_exit_code(why.code);
		cause = err_text(&why);
		report(cause);
		free(cause);
	}
	if (o->html != NULL && (drawn || why.code == ERR_UNAVAILABLE) &&
	    report_agreement_write(o->html, ag, &tl[0], &tl[1],
	    (const char *const *)paths, drawn ? &svg : NULL, &why, &e) != 0) {
		if (rc == 0)
			rc = report_err(&e);
		err_clear(&e);
	}
	free(svg.data);
	err_clear(&why);
	return rc;
}

/* --agreement: writes how far the two observers A and B agree, and its
 * training view when asked. */
static int
run_agreement(const struct options *o, const struct reader_options *ropts,
    char *const *paths)
{
	struct timeline		 tl[2];
	struct agreement	 ag;
	int			 first = 0, rc, view = 0;

	if (compare_pair(o, ropts, (const char *const *)paths, tl, &ag,
	    &first) != 0)
		return first;
	table_agreement_write(stdout, o->format, &ag, &tl[0], &tl[1]);
	rc = flush_output();
	if (o->plot_dir != NULL || o->html != NULL)
		view = run_training(o, paths, tl, &ag);
	agreement_free(&ag);
	timeline_free(&tl[0]);
	timeline_free(&tl[1]);
	if (first != 0)
		return first;
	return rc != 0 ? rc : view;
}

/* --agreement --pairs=LIST: a row per pair that can be compared, and the
 * pooled figures; a pair that cannot is reported and left out. */
static int
run_pairs(const struct options *o, const struct reader_options *ropts)
{
	struct table_agreement_pairs	 tp;
	struct pairs			 list;
	struct timeline			 tl[2];
	struct agreement		 ag;
	struct err			 e = ERR_INIT;
	const char			*paths[2];
	size_t				 i;
	int				 first = 0, rc;

	if (pairs_read(o->pairs, &list, &e) != 0)
		return report_err(&e);
	table_agreement_pairs_init(&tp);
	for (i = 0; i < list.n; i++) {
		paths[0] = list.a[i];
		paths[1] = list.b[i];
		if (compare_pair(o, ropts, paths, tl, &ag, &first) != 0)
			continue;
		if (table_agreement_pairs_add(&tp, paths[0], paths[1], &ag,
		    tl[0].scheme, &e) != 0) {
			/* The pair's place is its line in the list. */
			err_file(&e, o->pairs);
			err_line(&e, (int64_t)list.line[i]);
			rc = report_err(&e);
			if (first == 0)
				first = rc;
		}
		agreement_free(&ag);
		timeline_free(&tl[0]);
		timeline_free(&tl[1]);
	}
	table_agreement_pairs_write(stdout, o->format, &tp);
	table_agreement_pairs_free(&tp);
	pairs_free(&list);
	rc = flush_output();
	return first != 0 ? first : rc;
}

int
main(int argc, char **argv)
{
	static char		 out_buf[64 * 1024];	/* stdout's, to exit */
	struct options		 o;
	struct run		 run;
	struct reader_calls	 calls;
	struct reader_options	 ropts;
	struct scheme		*scheme;
	struct err		 err = ERR_INIT;
	int			 exit_code, first;

	text_locale();	/* text tables align by wcwidth */
	memset(&o, 0, sizeof o);
	o.format = OUTPUT_TEXT;
	o.table = OUTPUT_SUMMARY;
	o.plot_format = CHART_PNG;
	o.window = AGREEMENT_WINDOW;
	o.seed = 1;
	o.patterns = -1;
	if ((exit_code = parse_options(argc, argv, &o)) != 0)
		return exit_code;
	/* Thousands of days' rows to a file or a pipe go out in 64 KiB
	 * writes rather than stdio's 4 KiB (glibc ignores the size unless
	 * given the buffer); a terminal keeps its lines. */
	if (!isatty(STDOUT_FILENO))
		setvbuf(stdout, out_buf, _IOFBF, sizeof out_buf);
	if (o.scheme != NULL) {
		if ((scheme = scheme_load(o.scheme, &err)) == NULL)
			return report_err(&err);
	} else
		scheme = scheme_default();
	memset(&ropts, 0, sizeof ropts);
	ropts.scheme = scheme;
	ropts.subject = o.subject;
	ropts.as_recorded = o.as_recorded;

	memset(&run, 0, sizeof run);
	run.o = &o;
	if (o.anonymise != NULL &&
	    (run.anon = load_key(o.anonymise, &exit_code)) == NULL) {
		scheme_free(scheme);
		return exit_code;
	}
	/* The workshop codes the heads itself, keeping their names for the
	 * key list. */
	ropts.anon = o.workshop == NULL ? run.anon : NULL;
	ropts.keep_notes = o.keep_notes;
	if (o.agreement) {
		exit_code = o.pairs != NULL ? run_pairs(&o, &ropts) :
		    run_agreement(&o, &ropts, argv + optind);
		anon_free(run.anon);
		scheme_free(scheme);
		return exit_code;
	}
	if ((exit_code = run_start(&run, &o, (size_t)(argc - optind))) != 0) {
		reference_free(&run.refs);
		chart_compare_free(run.compare);
		patterns_free(run.patterns);
		anon_free(run.anon);
		scheme_free(scheme);
		return exit_code;
	}
	if (!o.compare && o.patterns < 0 && !o.week && o.workshop == NULL)
		run.out = output_new_scheme(stdout, o.format, o.table,
		    o.minutes, scheme, o.dimension);
	if (run.out != NULL && o.references)
		output_references(run.out, &run.refs);
	run_summarise(&run, &ropts);
	calls.day = on_day;
	calls.problem = on_problem;
	calls.arg = &run;
	first = err_exit_code(reader_run(argv + optind,
	    (size_t)(argc - optind), &ropts, &calls));
	if (run.out != NULL && output_end(run.out, &err) != 0)
		run_fail_err(&run, &err);
	err_clear(&err);
	run_finish(&run);
	scheme_free(scheme);
	return run.first != 0 ? run.first : first;
}
