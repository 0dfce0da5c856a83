/*
 * shadowlog-analyse: parses the command line, reads each FILE (a log or an
 * episodes CSV, told apart by content) into timelines a day at a time, and
 * hands every finished day to the output.  The only place in the analyser
 * that prints errors and chooses the exit status: the first failure met.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "day.h"
#include "episodes.h"
#include "logfile.h"
#include "output.h"
#include "scheme.h"
#include "timeline.h"
#include "xmalloc.h"

#define EX_USAGE	64
#define EX_DATAERR	65
#define EX_NOINPUT	66
#define EX_IOERR	74

#define SNIFF_LEN	512	/* bytes read to tell what a file is */

enum input_kind {
	INPUT_LOG,
	INPUT_EPISODES,
	INPUT_OTHER		/* neither */
};

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

/* Tells a log from an episodes CSV by the first bytes of path; 0 or an
 * exit code (the error reported). */
static int
input_kind(const char *path, enum input_kind *kind)
{
	char		buf[SNIFF_LEN];
	ssize_t		n;
	int		fd, sniff, saved;
	unsigned char	first;

	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1) {
		saved = errno;
		fprintf(stderr, "shadowlog-analyse: %s: %s\n", path,
		    strerror(saved));
		return saved == ENOENT ? EX_NOINPUT : EX_IOERR;
	}
	do
		n = read(fd, buf, sizeof buf);
	while (n == -1 && errno == EINTR);
	if (n == -1) {
		fprintf(stderr, "shadowlog-analyse: %s: %s\n", path,
		    strerror(errno));
		close(fd);
		return EX_IOERR;
	}
	close(fd);
	*kind = INPUT_OTHER;
	first = n > 0 ? (unsigned char)buf[0] : 0;
	sniff = episodes_sniff(buf, (size_t)n);
	if (n > 0 && ((first >= 0x80 && first <= 0x8f) || first == 0xde ||
	    first == 0xdf))
		*kind = INPUT_LOG;
	else if (sniff != 0)
		*kind = INPUT_EPISODES;	/* a wrong header is told in full */
	else {
		fprintf(stderr, "shadowlog-analyse: %s: not a shadowlog log or "
		    "episodes CSV\n", path);
		return EX_DATAERR;
	}
	return 0;
}

/* Reads one log and writes its day; the exit code. */
static int
analyse_log(struct output *out, const char *path)
{
	struct day	*d;
	struct timeline	 tl;
	enum log_status	 status;
	off_t		 good_len, damage_at;
	char		*warning = NULL, *cause = NULL;
	int		 exit_code = 0;

	if (day_load(path, &d, &status, &good_len, &damage_at, &warning,
	    &exit_code, &cause) != 0) {
		report(cause);
		free(cause);
		return exit_code != 0 ? exit_code : EX_DATAERR;
	}
	exit_code = 0;
	if (warning != NULL) {
		fprintf(stderr, "shadowlog-analyse: warning: %s; the day is "
		    "analysed up to the last whole record\n", warning);
		free(warning);
		exit_code = EX_DATAERR;
	}
	timeline_from_day(d, &tl);
	day_free(d);
	output_day(out, &tl);
	timeline_free(&tl);
	return exit_code;
}

/*
 * Reads an episodes CSV and writes its days.  The whole file is checked
 * first, a day at a time, so that a file with a mistake anywhere gives no
 * rows at all; a file of one day is kept from the check, others are read
 * a second time to write them.  The exit code.
 */
static int
analyse_episodes(struct output *out, const char *path,
    const struct scheme *scheme)
{
	struct episodes_reader	*r = NULL;
	struct timeline		 first, tl;
	char			*cause = NULL;
	int			 exit_code = 0, n, more = 0;

	if (episodes_open(path, scheme, &r, &exit_code, &cause) != 0)
		goto fail;
	if ((n = episodes_next(r, &first, &exit_code, &cause)) == 1) {
		while ((n = episodes_next(r, &tl, &exit_code, &cause)) == 1) {
			if (!more)
				timeline_free(&first);	/* read again */
			more = 1;
			timeline_free(&tl);
		}
		if (n == 0 && !more)
			output_day(out, &first);
		if (!more)
			timeline_free(&first);
	}
	if (n != 0)
		goto fail;
	if (more) {
		if (episodes_rewind(r, &exit_code, &cause) != 0)
			goto fail;
		while ((n = episodes_next(r, &tl, &exit_code, &cause)) == 1) {
			output_day(out, &tl);
			timeline_free(&tl);
		}
		if (n != 0)
			goto fail;	/* the file changed under us */
	}
	episodes_close(r);
	return 0;

fail:
	report(cause);
	free(cause);
	episodes_close(r);
	return exit_code != 0 ? exit_code : EX_DATAERR;
}

static int
analyse_file(struct output *out, const char *path,
    const struct scheme *scheme)
{
	enum input_kind	kind;
	int		exit_code;

	if ((exit_code = input_kind(path, &kind)) != 0)
		return exit_code;
	if (kind == INPUT_LOG)
		return analyse_log(out, path);
	return analyse_episodes(out, path, scheme);
}

int
main(int argc, char **argv)
{
	struct options	 o;
	struct output	*out;
	struct scheme	*scheme;
	char		*cause = NULL;
	int		 exit_code, first = 0, i;

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
	for (i = optind; i < argc && !output_failed(out); i++) {
		exit_code = analyse_file(out, argv[i], scheme);
		if (first == 0)
			first = exit_code;
	}
	if (output_end(out, &cause) != 0) {
		report(cause);
		free(cause);
		if (first == 0)
			first = EX_IOERR;
	}
	scheme_free(scheme);
	return first;
}
