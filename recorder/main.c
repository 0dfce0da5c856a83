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
#include <sysexits.h>
#include <unistd.h>

#include "clock.h"
#include "err.h"
#include "live.h"
#include "logfile.h"
#include "record.h"
#include "reopen.h"
#include "scheme.h"
#include "text.h"
#include "timed.h"
#include "xmalloc.h"

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
	int		 usage;		/* the error wants the usage after it */
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

/* What is wrong with arg (shown safe for the terminal), to be told with
 * how to call the program; -1. */
static int
bad_usage(struct options *o, struct err *e, const char *fmt,
    const char *arg)
{
	char	*shown = text_show(arg, strlen(arg), 256);

	err_set(e, ERR_USAGE, fmt, shown);
	free(shown);
	o->usage = 1;
	return -1;
}

/* An option's text for the header must be what a log may hold: UTF-8 of
 * at most RECORD_MAX_TEXT bytes.  (Control characters are data; whatever
 * shows the text makes them safe.) */
static int
check_text(const char *option, const char *s, struct err *e)
{
	char	*shown;
	size_t	 len = strlen(s);

	if (len > RECORD_MAX_TEXT)
		return err_set(e, ERR_USAGE, "%s is longer than %d bytes",
		    option, RECORD_MAX_TEXT);
	if (!text_utf8_valid(s, len)) {
		shown = text_show(s, len, 256);
		err_set(e, ERR_USAGE, "%s '%s' is not UTF-8", option, shown);
		free(shown);
		return -1;
	}
	return 0;
}

/* Checks "K=V": a key of letters, digits, '_' or '-', not a built-in field. */
static int
parse_tag(struct options *o, const char *arg, struct err *e)
{
	static const char *const fields[] = {
	    "school", "head", "observer", "date", NULL };
	const char	*eq = strchr(arg, '=');
	size_t		 klen, i;

	if (eq == NULL || eq == arg)
		return bad_usage(o, e, "--tag wants KEY=VALUE, not '%s'", arg);
	klen = (size_t)(eq - arg);
	for (i = 0; i < klen; i++) {
		if (!(arg[i] >= 'a' && arg[i] <= 'z') &&
		    !(arg[i] >= 'A' && arg[i] <= 'Z') &&
		    !(arg[i] >= '0' && arg[i] <= '9') &&
		    arg[i] != '_' && arg[i] != '-')
			return bad_usage(o, e, "--tag key in '%s' may hold only "
			    "letters, digits, '_' and '-'", arg);
	}
	for (i = 0; fields[i] != NULL; i++) {
		if (strlen(fields[i]) == klen &&
		    strncmp(fields[i], arg, klen) == 0)
			return bad_usage(o, e, "--tag '%s': use the option of that "
			    "name", arg);
	}
	for (i = 0; i < o->ntags; i++) {
		if (strlen(o->tag_keys[i]) == klen &&
		    strncmp(o->tag_keys[i], arg, klen) == 0)
			return bad_usage(o, e, "--tag '%s' given twice", arg);
	}
	if (o->ntags == MAX_TAGS)
		return bad_usage(o, e, "too many --tag options (at most %s)",
		    "32");
	o->tag_keys[o->ntags] = xstrndup(arg, klen);
	o->tag_values[o->ntags] = xstrdup(eq + 1);
	o->ntags++;
	return 0;
}

static int
parse_options(int argc, char **argv, struct options *o, struct err *e)
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
			if (parse_tag(o, optarg, e) != 0)
				return -1;
			break;
		case 'h':
			usage(stdout);
			exit(0);
		case 'V':
			printf("shadowlog-record %s\n", PACKAGE_VERSION);
			exit(0);
		default:	/* getopt has said what is wrong */
			e->code = ERR_USAGE;
			o->usage = 1;
			return -1;
		}
	}
	if (check_text("--school", o->school != NULL ? o->school : "",
	    e) != 0 ||
	    check_text("--head", o->head != NULL ? o->head : "", e) != 0 ||
	    check_text("--observer", o->observer != NULL ? o->observer : "",
	    e) != 0)
		return -1;
	for (i = 0; i < o->ntags; i++) {
		if (check_text("--tag", o->tag_values[i], e) != 0)
			return -1;
	}
	if (argc - optind != 1)
		return bad_usage(o, e, "%s", argc - optind == 0 ?
		    "no log FILE given" : "give exactly one log FILE");
	o->path = argv[optind];
	return 0;
}

/* Fills hdr for a new log from the options; 0 or -1. */
static int
build_header(struct options *o, struct log_header *hdr, int live,
    struct err *e)
{
	char	 zone[128];
	int64_t	 now = clock_wall_ms(), noon;
	size_t	 i;

	memset(hdr, 0, sizeof *hdr);
	hdr->version = LOG_FORMAT_VERSION;
	if (o->date != NULL) {
		if (live)
			return bad_usage(o, e, "%s", "--date is for timed "
			    "commands; live recording uses today");
		if (clock_parse_date(o->date, e) != 0)
			return err_prefix(e, "--date: ");
		snprintf(hdr->date, sizeof hdr->date, "%s", o->date);
	} else
		clock_local_date(now, hdr->date);
	/* The zone's offset in the school day, not at midnight. */
	if (clock_local_to_ms(hdr->date, 12 * 3600 * 1000, &noon, e) != 0)
		return -1;
	hdr->utc_offset = clock_utc_offset(noon);
	clock_zone_name(zone, sizeof zone);
	hdr->tz = xstrdup(zone);
	hdr->school = xstrdup(o->school != NULL ? o->school : "");
	hdr->head = xstrdup(o->head != NULL ? o->head : "");
	hdr->observer = xstrdup(o->observer != NULL ? o->observer : "");
	hdr->recorder = xstrdup("shadowlog-record " PACKAGE_VERSION);
	hdr->created = now;
	if (o->scheme != NULL) {
		if ((hdr->scheme = scheme_load(o->scheme, e)) == NULL)
			return -1;
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
check_existing(const struct options *o, const struct log_header *want,
    struct err *e)
{
	struct log_reader	*r;
	struct stat		 sb;
	const char		*which;

	if (stat(o->path, &sb) != 0)
		return 0;
	if (log_reader_open(o->path, &r, e) != 0)
		return -1;
	which = header_mismatch(o, want, log_reader_header(r));
	log_reader_close(r);
	if (which != NULL) {
		err_set(e, ERR_USAGE, "the log already exists and %s differs "
		    "from its header; leave %s out to continue it", which,
		    which);
		return err_file(e, o->path);
	}
	return 0;
}

/* Tells an error, the one way the recorder does. */
static void
say(const char *what, const struct err *e)
{
	char	*text = err_text(e);

	fprintf(stderr, "shadowlog-record: %s%s\n", what, text);
	free(text);
}

/* Timed commands from --input or standard input; 0 or an exit status.
 * A refused input is told line by line. */
static int
run_timed(const struct options *o, const struct log_header *hdr)
{
	struct timed_report	 report;
	struct err		 e = ERR_INIT;
	FILE			*in = stdin;
	const char		*in_name = "-";
	size_t			 i;
	int			 status = EX_OK, error;

	if (o->input != NULL && strcmp(o->input, "-") != 0) {
		in_name = o->input;
		if ((in = fopen(o->input, "r")) == NULL) {
			error = errno;
			err_set(&e, error == ENOENT || error == EACCES ?
			    ERR_NOINPUT : ERR_IO, "%s", strerror(error));
			err_file(&e, o->input);
			say("", &e);
			status = err_exit_code(e.code);
			err_clear(&e);
			return status;
		}
	}
	if (timed_run(o->path, hdr, in, in_name, &report) != 0)
		status = err_exit_code(report.errors[0].code);
	if (in != stdin)
		fclose(in);
	if (report.warning.code != ERR_OK)
		say("warning: ", &report.warning);
	for (i = 0; i < report.nerrors; i++)
		say("", &report.errors[i]);
	timed_report_free(&report);
	return status;
}

int
main(int argc, char **argv)
{
	struct options		 o;
	struct log_header	 hdr;
	struct err		 e = ERR_INIT;
	size_t			 i;
	int			 exit_code = EX_OK, live, rc;

	memset(&o, 0, sizeof o);
	memset(&hdr, 0, sizeof hdr);
	umask(077);
	if ((rc = parse_options(argc, argv, &o, &e)) == 0) {
		live = o.input == NULL && isatty(STDIN_FILENO);
		if ((rc = build_header(&o, &hdr, live, &e)) == 0 &&
		    (rc = check_existing(&o, &hdr, &e)) == 0) {
			if (live)
				rc = live_run(o.path, &hdr, &e);
			else
				exit_code = run_timed(&o, &hdr);
		}
	}
	if (rc != 0) {
		if (e.msg != NULL)
			say("", &e);
		if (o.usage)
			usage(stderr);
		exit_code = err_exit_code(e.code);
	}
	err_clear(&e);
	log_header_free(&hdr);
	for (i = 0; i < o.ntags; i++) {
		free(o.tag_keys[i]);
		free(o.tag_values[i]);
	}
	return exit_code;
}
