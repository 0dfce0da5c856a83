/*
 * shadowlog-analyse: parses the command line, has each FILE (a log or an
 * episodes CSV, told apart by content) read into timelines (reader.c, in
 * parallel, in order) and hands every finished day to the output, the
 * charts and the report.  The only place in the analyser that prints
 * errors and chooses the exit status: the first failure met.  A day's
 * charts are drawn and forgotten; only the comparison's shares are kept.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "output.h"
#include "plot.h"
#include "reader.h"
#include "report.h"
#include "scheme.h"
#include "summary.h"
#include "timeline.h"
#include "xmalloc.h"

#define EX_USAGE	64
#define EX_DATAERR	65
#define EX_NOINPUT	66
#define EX_UNAVAILABLE	69
#define EX_SOFTWARE	70
#define EX_CANTCREAT	73
#define EX_IOERR	74

#define NAME_PART_MAX	40	/* bytes of a school or head in a file name */

struct options {
	enum output_format	 format;
	enum output_table	 table;
	int			 tables;	/* table options given */
	int			 minutes;
	const char		*scheme;
	const char		*plot_dir;	/* --plot */
	enum plot_format	 plot_format;
	const char		*by;		/* --by; NULL if not given */
	const char		*html;		/* --html */
	int			 as_recorded;	/* ignore review records */
};

/* What one run is doing with the days it is handed. */
struct run {
	const struct options	*o;
	struct output		*out;
	struct plot_compare	*compare;	/* two days or more: a chart */
	struct report		*report;
	int			 plotting;	/* off after a chart failed */
	int			 first;		/* the first failure's code */
};

static void
usage(FILE *f)
{
	fprintf(f,
	    "usage: shadowlog-analyse [--format=text|csv|json] "
	    "[--scheme FILE] [--as-recorded]\n"
	    "                         [--episodes | --bin=MINUTES | "
	    "--transitions]\n"
	    "                         [--plot=DIR] "
	    "[--plot-format=png|svg|pdf] [--by=FIELD]\n"
	    "                         [--html=FILE] FILE...\n"
	    "       shadowlog-analyse --help | --version\n"
	    "\n"
	    "Reads shadowlog logs (.slog) and episodes CSV files and prints, "
	    "per day, the\n"
	    "summary per group (default), the day as a timeline (--episodes), "
	    "the time per\n"
	    "group in bins (--bin) or the transitions between groups "
	    "(--transitions).\n"
	    "--plot draws each day's charts into DIR (and, for several days, "
	    "the comparison\n"
	    "by --by, default school); --html writes the feedback report.\n"
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
	if (o->tables > 0 && (o->table != table || table == OUTPUT_BINS))
		return bad_usage("%s: give only one of --episodes, --bin and "
		    "--transitions", name);
	o->table = table;
	o->tables++;
	return 0;
}

static int
parse_minutes(struct options *o, const char *arg)
{
	long	v = 0;
	size_t	i;

	for (i = 0; arg[i] != '\0'; i++) {
		if (arg[i] < '0' || arg[i] > '9' || i == 4)
			break;
		v = v * 10 + (arg[i] - '0');
	}
	if (i == 0 || arg[i] != '\0' || v < 1 || v > OUTPUT_MAX_BIN)
		return bad_usage("--bin wants whole minutes from 1 to 1440, "
		    "not '%s'", arg);
	o->minutes = (int)v;
	return set_table(o, OUTPUT_BINS, "--bin");
}

static int
parse_options(int argc, char **argv, struct options *o)
{
	static const struct option longopts[] = {
		{ "as-recorded", no_argument,		NULL, 'r' },
		{ "bin",	 required_argument,	NULL, 'b' },
		{ "by",		 required_argument,	NULL, 'y' },
		{ "episodes",	 no_argument,		NULL, 'e' },
		{ "format",	 required_argument,	NULL, 'f' },
		{ "help",	 no_argument,		NULL, 'h' },
		{ "html",	 required_argument,	NULL, 'H' },
		{ "plot",	 required_argument,	NULL, 'p' },
		{ "plot-format", required_argument,	NULL, 'P' },
		{ "scheme",	 required_argument,	NULL, 'c' },
		{ "transitions", no_argument,		NULL, 't' },
		{ "version",	 no_argument,		NULL, 'V' },
		{ NULL,		 0,			NULL, 0 }
	};
	int	ch;

	while ((ch = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
		switch (ch) {
		case 'b':
			if (parse_minutes(o, optarg) != 0)
				return EX_USAGE;
			break;
		case 'c':
			o->scheme = optarg;
			break;
		case 'e':
			if (set_table(o, OUTPUT_EPISODES, "--episodes") != 0)
				return EX_USAGE;
			break;
		case 'f':
			if (output_parse_format(optarg, &o->format) != 0)
				return bad_usage("--format is text, csv or "
				    "json, not '%s'", optarg);
			break;
		case 't':
			if (set_table(o, OUTPUT_TRANSITIONS,
			    "--transitions") != 0)
				return EX_USAGE;
			break;
		case 'H':
			if (*optarg == '\0')
				return bad_usage("%s", "--html wants a FILE");
			o->html = optarg;
			break;
		case 'p':
			if (*optarg == '\0')
				return bad_usage("%s", "--plot wants a DIR");
			o->plot_dir = optarg;
			break;
		case 'P':
			if (plot_parse_format(optarg, &o->plot_format) != 0)
				return bad_usage("--plot-format is png, svg "
				    "or pdf, not '%s'", optarg);
			break;
		case 'y':
			if (*optarg == '\0')
				return bad_usage("%s", "--by wants a FIELD "
				    "(school, head, observer, date or a tag)");
			o->by = optarg;
			break;
		case 'r':
			o->as_recorded = 1;
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
	if (optind == argc)
		return bad_usage("%s", "no FILE given");
	return 0;
}

static void
report(const char *cause)
{
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

/* The exit status of a failed chart (see plot.c for errno). */
static int
plot_exit_code(int err)
{
	if (err == ENOENT)
		return EX_UNAVAILABLE;
	if (err == ECHILD)
		return EX_SOFTWARE;
	return EX_CANTCREAT;
}

/* Creates dir and its parents (mode 0700: the charts describe real
 * people); an existing directory is left as it is. */
static int
make_dir(const char *dir, char **cause)
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
			*cause = xasprintf("%s: %s", path, strerror(errno));
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
chart_path(const struct options *o, const struct timeline *tl,
    const char *chart)
{
	char	date[NAME_PART_MAX + 1], school[NAME_PART_MAX + 1];
	char	head[NAME_PART_MAX + 1];

	name_part(date, tl->date);
	name_part(school, tl->school);
	name_part(head, tl->head);
	return xasprintf("%s/%s-%s-%s-%s.%s", o->plot_dir, date, school,
	    head, chart, plot_format_ext(o->plot_format));
}

/* Draws the day's charts; after a failure the run draws no more. */
static void
plot_day(struct run *run, const struct timeline *tl)
{
	struct summary	 s;
	char		*path, *cause = NULL;
	int		 chart;

	for (chart = 0; chart < PLOT_NDAY_CHARTS && run->plotting; chart++) {
		path = chart_path(run->o, tl, plot_chart_name(chart));
		if (plot_day_chart(tl, chart, run->o->plot_format, path,
		    &cause) != 0) {
			run->plotting = 0;
			run_fail(run, cause, plot_exit_code(errno));
		}
		free(path);
	}
	if (run->plotting) {
		summary_compute(tl, &s);
		plot_compare_add(run->compare, tl, &s);
		summary_free(&s);
	}
}

static int
on_day(void *arg, const struct timeline *tl)
{
	struct run	*run = arg;
	char		*cause = NULL;

	output_day(run->out, tl);
	if (run->plotting)
		plot_day(run, tl);
	if (run->report != NULL && report_day(run->report, tl, &cause) != 0)
		run_fail(run, cause, plot_exit_code(errno));
	return output_failed(run->out);
}

static void
on_problem(void *arg, const char *message, int exit_code)
{
	struct run	*run = arg;

	report(message);
	if (run->first == 0)
		run->first = exit_code;
}

/* The field the comparison groups days by: --by, else school. */
static const char *
by_field(const struct options *o)
{
	return o->by != NULL ? o->by : "school";
}

/* Starts what the run writes besides its table: DIR, the report. */
static int
run_start(struct run *run, const struct options *o)
{
	char	*cause = NULL;

	if (o->plot_dir != NULL) {
		if (make_dir(o->plot_dir, &cause) != 0) {
			report(cause);
			free(cause);
			return EX_CANTCREAT;
		}
		run->compare = plot_compare_new(by_field(o));
		run->plotting = 1;
	}
	if (o->html != NULL) {
		run->report = report_new(o->html, by_field(o), &cause);
		if (run->report == NULL) {
			report(cause);
			free(cause);
			plot_compare_free(run->compare);
			return EX_CANTCREAT;
		}
	}
	return 0;
}

/* Draws the comparison (two days or more) and writes the report. */
static void
run_finish(struct run *run)
{
	const struct options	*o = run->o;
	char			 field[NAME_PART_MAX + 1], *path;
	char			*cause = NULL;

	if (run->plotting && plot_compare_days(run->compare) >= 2) {
		name_part(field, by_field(o));
		path = xasprintf("%s/compare-by-%s.%s", o->plot_dir, field,
		    plot_format_ext(o->plot_format));
		if (plot_compare_chart(run->compare, o->plot_format, path,
		    &cause) != 0)
			run_fail(run, cause, plot_exit_code(errno));
		free(path);
	}
	plot_compare_free(run->compare);
	if (run->report != NULL && report_finish(run->report, &cause) != 0)
		run_fail(run, cause, errno == ENOENT || errno == ECHILD ?
		    plot_exit_code(errno) : EX_CANTCREAT);
}

int
main(int argc, char **argv)
{
	struct options		 o;
	struct run		 run;
	struct reader_calls	 calls;
	struct reader_options	 ropts;
	struct scheme		*scheme;
	char			*cause = NULL;
	int			 exit_code, first;

	memset(&o, 0, sizeof o);
	o.format = OUTPUT_TEXT;
	o.table = OUTPUT_SUMMARY;
	o.plot_format = PLOT_PNG;
	if ((exit_code = parse_options(argc, argv, &o)) != 0)
		return exit_code;
	if (o.scheme != NULL) {
		if ((scheme = scheme_load(o.scheme, &cause)) == NULL) {
			exit_code = errno == EINVAL ? EX_DATAERR : EX_NOINPUT;
			report(cause);
			free(cause);
			return exit_code;
		}
	} else
		scheme = scheme_default();

	memset(&run, 0, sizeof run);
	run.o = &o;
	if ((exit_code = run_start(&run, &o)) != 0) {
		scheme_free(scheme);
		return exit_code;
	}
	run.out = output_new(stdout, o.format, o.table, o.minutes);
	calls.day = on_day;
	calls.problem = on_problem;
	calls.arg = &run;
	memset(&ropts, 0, sizeof ropts);
	ropts.scheme = scheme;
	ropts.as_recorded = o.as_recorded;
	first = reader_run(argv + optind, (size_t)(argc - optind), &ropts,
	    &calls);
	if (output_end(run.out, &cause) != 0) {
		report(cause);
		free(cause);
		if (run.first == 0)
			run.first = EX_IOERR;
	}
	run_finish(&run);
	scheme_free(scheme);
	return run.first != 0 ? run.first : first;
}
