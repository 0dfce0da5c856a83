/*
 * shadowlog-record: parses the command line, builds the header for a new
 * log, and hands over to the live terminal or to timed commands.  The only
 * place in the recorder that prints errors and chooses the exit status.
 */
#include <sys/stat.h>

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "clock.h"
#include "live.h"
#include "logfile.h"
#include "record.h"
#include "scheme.h"
#include "text.h"
#include "timed.h"
#include "xmalloc.h"

#define EX_USAGE	64
#define EX_DATAERR	65
#define EX_NOINPUT	66
#define EX_IOERR	74

#define MAX_TAGS	32

struct options {
	const char	*scheme;
	const char	*school;
	const char	*head;
	const char	*observer;
	const char	*date;
	const char	*input;
	const char	*path;
	char		*tag_keys[MAX_TAGS];
	char		*tag_values[MAX_TAGS];
	size_t		 ntags;
};

static void
usage(FILE *f)
{
	fprintf(f,
	    "usage: shadowlog-record [--scheme FILE] [--school S] [--head H] "
	    "[--observer O]\n"
	    "                        [--tag K=V]... [--date YYYY-MM-DD] "
	    "[--input FILE] FILE.slog\n"
	    "       shadowlog-record --help | --version\n"
	    "\n"
	    "On a terminal, records live (keys are listed on screen).  "
	    "Otherwise, or with\n"
	    "--input, reads timed commands, one a line.  "
	    "See shadowlog-record(1).\n");
}

/* Says what is wrong with arg (shown safe for the terminal) and how to
 * call the program. */
static int
bad_usage(const char *fmt, const char *arg)
{
	char	*shown = text_show(arg, strlen(arg), 256);

	fprintf(stderr, "shadowlog-record: ");
	fprintf(stderr, fmt, shown);
	fprintf(stderr, "\n");
	usage(stderr);
	free(shown);
	return EX_USAGE;
}

/* An option's text for the header must be what a log may hold: UTF-8 of
 * at most RECORD_MAX_TEXT bytes.  (Control characters are data; whatever
 * shows the text makes them safe.) */
static int
check_text(const char *option, const char *s)
{
	char	*shown;
	size_t	 len = strlen(s);

	if (len > RECORD_MAX_TEXT) {
		fprintf(stderr, "shadowlog-record: %s is longer than %d "
		    "bytes\n", option, RECORD_MAX_TEXT);
		return EX_USAGE;
	}
	if (!text_utf8_valid(s, len)) {
		shown = text_show(s, len, 256);
		fprintf(stderr, "shadowlog-record: %s '%s' is not UTF-8\n",
		    option, shown);
		free(shown);
		return EX_USAGE;
	}
	return 0;
}

/* Checks "K=V": a key of letters, digits, '_' or '-', not a built-in field. */
static int
parse_tag(struct options *o, const char *arg)
{
	static const char *const fields[] = {
	    "school", "head", "observer", "date", NULL };
	const char	*eq = strchr(arg, '=');
	size_t		 klen, i;

	if (eq == NULL || eq == arg)
		return bad_usage("--tag wants KEY=VALUE, not '%s'", arg);
	klen = (size_t)(eq - arg);
	for (i = 0; i < klen; i++) {
		if (!(arg[i] >= 'a' && arg[i] <= 'z') &&
		    !(arg[i] >= 'A' && arg[i] <= 'Z') &&
		    !(arg[i] >= '0' && arg[i] <= '9') &&
		    arg[i] != '_' && arg[i] != '-')
			return bad_usage("--tag key in '%s' may hold only "
			    "letters, digits, '_' and '-'", arg);
	}
	for (i = 0; fields[i] != NULL; i++) {
		if (strlen(fields[i]) == klen &&
		    strncmp(fields[i], arg, klen) == 0)
			return bad_usage("--tag '%s': use the option of that "
			    "name", arg);
	}
	for (i = 0; i < o->ntags; i++) {
		if (strlen(o->tag_keys[i]) == klen &&
		    strncmp(o->tag_keys[i], arg, klen) == 0)
			return bad_usage("--tag '%s' given twice", arg);
	}
	if (o->ntags == MAX_TAGS)
		return bad_usage("too many --tag options (at most %s)", "32");
	o->tag_keys[o->ntags] = xstrndup(arg, klen);
	o->tag_values[o->ntags] = xstrdup(eq + 1);
	o->ntags++;
	return 0;
}

static int
parse_options(int argc, char **argv, struct options *o)
{
	static const struct option longopts[] = {
		{ "date",	required_argument,	NULL, 'd' },
		{ "head",	required_argument,	NULL, 'H' },
		{ "help",	no_argument,		NULL, 'h' },
		{ "input",	required_argument,	NULL, 'i' },
		{ "observer",	required_argument,	NULL, 'o' },
		{ "scheme",	required_argument,	NULL, 'c' },
		{ "school",	required_argument,	NULL, 's' },
		{ "tag",	required_argument,	NULL, 't' },
		{ "version",	no_argument,		NULL, 'V' },
		{ NULL,		0,			NULL, 0 }
	};
	size_t	i;
	int	ch;

	while ((ch = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
		switch (ch) {
		case 'c': o->scheme = optarg; break;
		case 'd': o->date = optarg; break;
		case 'H': o->head = optarg; break;
		case 'i': o->input = optarg; break;
		case 'o': o->observer = optarg; break;
		case 's': o->school = optarg; break;
		case 't':
			if (parse_tag(o, optarg) != 0)
				return EX_USAGE;
			break;
		case 'h':
			usage(stdout);
			exit(0);
		case 'V':
			printf("shadowlog-record %s\n", PACKAGE_VERSION);
			exit(0);
		default:
			usage(stderr);
			return EX_USAGE;
		}
	}
	if (check_text("--school", o->school != NULL ? o->school : "") != 0 ||
	    check_text("--head", o->head != NULL ? o->head : "") != 0 ||
	    check_text("--observer", o->observer != NULL ? o->observer :
	    "") != 0)
		return EX_USAGE;
	for (i = 0; i < o->ntags; i++) {
		if (check_text("--tag", o->tag_values[i]) != 0)
			return EX_USAGE;
	}
	if (argc - optind != 1)
		return bad_usage("%s", argc - optind == 0 ?
		    "no log FILE given" : "give exactly one log FILE");
	o->path = argv[optind];
	return 0;
}

/* Fills hdr for a new log from the options; 0 or an exit code. */
static int
build_header(const struct options *o, struct log_header *hdr, int live)
{
	char	 zone[128], *cause = NULL;
	int64_t	 now = clock_wall_ms(), noon;
	size_t	 i;

	memset(hdr, 0, sizeof *hdr);
	hdr->version = LOG_FORMAT_VERSION;
	if (o->date != NULL) {
		if (live)
			return bad_usage("%s", "--date is for timed commands; "
			    "live recording uses today");
		if (clock_parse_date(o->date, &cause) != 0) {
			fprintf(stderr, "shadowlog-record: --date: %s\n", cause);
			free(cause);
			return EX_USAGE;
		}
		snprintf(hdr->date, sizeof hdr->date, "%s", o->date);
	} else
		clock_local_date(now, hdr->date);
	/* The zone's offset in the school day, not at midnight. */
	if (clock_local_to_ms(hdr->date, 12 * 3600 * 1000, &noon, &cause) != 0) {
		fprintf(stderr, "shadowlog-record: %s\n", cause);
		free(cause);
		return EX_USAGE;
	}
	hdr->utc_offset = clock_utc_offset(noon);
	clock_zone_name(zone, sizeof zone);
	hdr->tz = xstrdup(zone);
	hdr->school = xstrdup(o->school != NULL ? o->school : "");
	hdr->head = xstrdup(o->head != NULL ? o->head : "");
	hdr->observer = xstrdup(o->observer != NULL ? o->observer : "");
	hdr->recorder = xstrdup("shadowlog-record " PACKAGE_VERSION);
	hdr->created = now;
	if (o->scheme != NULL) {
		hdr->scheme = scheme_load(o->scheme, &cause);
		if (hdr->scheme == NULL) {
			fprintf(stderr, "shadowlog-record: %s\n", cause);
			free(cause);
			return errno == EINVAL ? EX_DATAERR : EX_NOINPUT;
		}
	} else
		hdr->scheme = scheme_default();
	hdr->ntags = o->ntags;
	hdr->tag_keys = xcalloc(o->ntags, sizeof *hdr->tag_keys);
	hdr->tag_values = xcalloc(o->ntags, sizeof *hdr->tag_values);
	for (i = 0; i < o->ntags; i++) {
		hdr->tag_keys[i] = xstrdup(o->tag_keys[i]);
		hdr->tag_values[i] = xstrdup(o->tag_values[i]);
	}
	return 0;
}

/* Says which given option disagrees with an existing log's header. */
static const char *
header_mismatch(const struct options *o, const struct log_header *want,
    const struct log_header *have)
{
	size_t	i;

	if (o->school != NULL && strcmp(want->school, have->school) != 0)
		return "--school";
	if (o->head != NULL && strcmp(want->head, have->head) != 0)
		return "--head";
	if (o->observer != NULL && strcmp(want->observer, have->observer) != 0)
		return "--observer";
	if (o->date != NULL && strcmp(want->date, have->date) != 0)
		return "--date";
	if (o->scheme != NULL && !scheme_equal(want->scheme, have->scheme))
		return "--scheme";
	for (i = 0; i < want->ntags; i++) {
		const char *v = log_header_tag(have, want->tag_keys[i]);

		if (v == NULL || strcmp(v, want->tag_values[i]) != 0)
			return "--tag";
	}
	return NULL;
}

/*
 * A log that exists is continued as it is: options that would give it a
 * different header are refused rather than silently ignored.
 */
static int
check_existing(const struct options *o, const struct log_header *want)
{
	struct log_reader	*r;
	struct stat		 sb;
	const char		*which;
	char			*cause = NULL;
	int			 exit_code;

	if (stat(o->path, &sb) != 0)
		return 0;
	if (log_reader_open(o->path, &r, &exit_code, &cause) != 0) {
		fprintf(stderr, "shadowlog-record: %s\n", cause);
		free(cause);
		return exit_code;
	}
	which = header_mismatch(o, want, log_reader_header(r));
	log_reader_close(r);
	if (which != NULL) {
		fprintf(stderr, "shadowlog-record: %s: the log already exists "
		    "and %s differs from its header; leave %s out to "
		    "continue it\n", o->path, which, which);
		return EX_USAGE;
	}
	return 0;
}

/* Prints each line of a cause (a timed run lists every error). */
static void
print_lines(const char *cause)
{
	const char	*p, *nl;

	for (p = cause; p != NULL && *p != '\0'; p = nl + 1) {
		if ((nl = strchr(p, '\n')) == NULL) {
			fprintf(stderr, "shadowlog-record: %s\n", p);
			return;
		}
		fprintf(stderr, "shadowlog-record: %.*s\n", (int)(nl - p), p);
	}
}

static int
run_timed(const struct options *o, const struct log_header *hdr)
{
	FILE		*in = stdin;
	const char	*in_name = "-";
	char		*warning = NULL, *cause = NULL;
	int		 exit_code;

	if (o->input != NULL && strcmp(o->input, "-") != 0) {
		in_name = o->input;
		if ((in = fopen(o->input, "r")) == NULL) {
			fprintf(stderr, "shadowlog-record: %s: %s\n", o->input,
			    strerror(errno));
			return errno == ENOENT || errno == EACCES ?
			    EX_NOINPUT : EX_IOERR;
		}
	}
	exit_code = timed_run(o->path, hdr, in, in_name, &warning, &cause);
	if (in != stdin)
		fclose(in);
	if (warning != NULL)
		fprintf(stderr, "shadowlog-record: warning: %s\n", warning);
	print_lines(cause);
	free(warning);
	free(cause);
	return exit_code;
}

int
main(int argc, char **argv)
{
	struct options		 o;
	struct log_header	 hdr;
	char			*cause = NULL;
	size_t			 i;
	int			 exit_code, live;

	memset(&o, 0, sizeof o);
	memset(&hdr, 0, sizeof hdr);
	umask(077);
	if ((exit_code = parse_options(argc, argv, &o)) != 0)
		goto out;
	live = o.input == NULL && isatty(STDIN_FILENO);
	if ((exit_code = build_header(&o, &hdr, live)) != 0 ||
	    (exit_code = check_existing(&o, &hdr)) != 0)
		goto out;
	if (live) {
		exit_code = live_run(o.path, &hdr, &cause);
		if (cause != NULL)
			fprintf(stderr, "shadowlog-record: %s\n", cause);
		free(cause);
	} else
		exit_code = run_timed(&o, &hdr);
out:
	log_header_free(&hdr);
	for (i = 0; i < o.ntags; i++) {
		free(o.tag_keys[i]);
		free(o.tag_values[i]);
	}
	return exit_code;
}
