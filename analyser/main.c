/*
 * shadowlog-analyse: parses the command line, has each FILE (a log or an
 * episodes CSV, told apart by content) read into timelines (reader.c, in
 * parallel, in order) and hands every finished day to the output.  The only place in the analyser
 * that prints errors and chooses the exit status: the first failure met.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "output.h"
#include "reader.h"
#include "scheme.h"
#include "timeline.h"
#include "xmalloc.h"

#define EX_USAGE	64
#define EX_DATAERR	65
#define EX_NOINPUT	66
#define EX_IOERR	74

struct options {
	enum output_format	 format;
	enum output_table	 table;
	int			 tables;	/* table options given */
	int			 minutes;
	const char		*scheme;
};

static void
usage(FILE *f)
{
	fprintf(f,
	    "usage: shadowlog-analyse [--format=text|csv|json] "
	    "[--scheme FILE]\n"
	    "                         [--episodes | --bin=MINUTES | "
	    "--transitions] FILE...\n"
	    "       shadowlog-analyse --help | --version\n"
	    "\n"
	    "Reads shadowlog logs (.slog) and episodes CSV files and prints, "
	    "per day, the\n"
	    "summary per group (default), the day as a timeline (--episodes), "
	    "the time per\n"
	    "group in bins (--bin) or the transitions between groups "
	    "(--transitions).\n"
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
		{ "bin",	 required_argument,	NULL, 'b' },
		{ "episodes",	 no_argument,		NULL, 'e' },
		{ "format",	 required_argument,	NULL, 'f' },
		{ "help",	 no_argument,		NULL, 'h' },
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

static int
on_day(void *arg, const struct timeline *tl)
{
	struct output	*out = arg;

	output_day(out, tl);
	return output_failed(out);
}

static void
on_problem(void *arg, const char *message, int exit_code)
{
	report(message);
}

int
main(int argc, char **argv)
{
	struct options		 o;
	struct reader_calls	 calls;
	struct output		*out;
	struct scheme		*scheme;
	char			*cause = NULL;
	int			 exit_code, first;

	memset(&o, 0, sizeof o);
	o.format = OUTPUT_TEXT;
	o.table = OUTPUT_SUMMARY;
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

	out = output_new(stdout, o.format, o.table, o.minutes);
	calls.day = on_day;
	calls.problem = on_problem;
	calls.arg = out;
	first = reader_run(argv + optind, (size_t)(argc - optind), scheme,
	    &calls);
	if (output_end(out, &cause) != 0) {
		report(cause);
		free(cause);
		if (first == 0)
			first = EX_IOERR;
	}
	scheme_free(scheme);
	return first;
}
