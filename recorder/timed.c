/*
 * Timed commands: every line is parsed and checked against the day before
 * anything is written; a new log is written whole and named, an existing one
 * is locked before it is read and appended to in place, cut back if any
 * write fails.  The easy thing to get wrong: a torn tail of an existing log
 * is only repaired once the input is known good, so a refused run leaves
 * the log exactly as it was.
 */
#include <sys/stat.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "clock.h"
#include "command.h"
#include "day.h"
#include "logfile.h"
#include "reopen.h"
#include "timed.h"
#include "xmalloc.h"

#define LINE_KEEP	(COMMAND_MAX_LINE + 1)
#define TIMED_BOM	"\xef\xbb\xbf"	/* UTF-8 byte-order mark (Notepad) */

struct timed {
	const char		*path;
	const char		*in_name;
	struct day		*day;
	size_t			 nexisting;	/* actions already in the log */
	struct timed_report	*report;
	unsigned long		 nerrors;	/* bad lines, told or not */
	int			 exists;
	int			 was_stopped;	/* the log had a stop in force */
	struct reopen		 log;		/* the existing log, locked */
};

/*
 * Reads one line into buf (at most LINE_KEEP bytes kept: the longest line
 * and its CR).  Returns the line's full length (which may exceed what was
 * kept), or -1 at EOF.
 */
static long
timed_read_line(FILE *in, char *buf, size_t *kept)
{
	long	 len = 0;
	int	 ch;

	*kept = 0;
	while ((ch = getc(in)) != EOF) {
		if (ch == '\n')
			return len;
		if (*kept < LINE_KEEP)
			buf[(*kept)++] = (char)ch;
		len++;
	}
	return len == 0 ? -1 : len;
}

/* Refuses a time that has not come yet in a log of today (or of an
 * earlier day): the live clock would jump forward to it. */
static int
timed_check_future(const struct timed *tm, const struct command *cmd,
    struct err *e)
{
	char	 today[CLOCK_DATE_LEN], at[CLOCK_HMS_LEN], now_hms[CLOCK_HMS_LEN];
	int64_t	 now = clock_wall_ms(), midnight;

	clock_local_date(now, today);
	if (strcmp(day_header(tm->day)->date, today) > 0 ||
	    cmd->rec.t <= now)
		return 0;
	if (clock_local_to_ms(day_header(tm->day)->date, 0, &midnight,
	    e) != 0)
		return -1;
	clock_format_hms(cmd->clock_ms, at);
	clock_format_hms(now - midnight, now_hms);
	return err_set(e, ERR_DATA, "%s is later than now (%s): a time must "
	    "have come already", at, now_hms);
}

/* Refuses an undo that would reach into a day finished before this input:
 * after a stop, corrections are review lines, never an undo. */
static int
timed_check_undo(const struct timed *tm, uint64_t target, struct err *e)
{
	ssize_t	i;

	if (!tm->was_stopped || target == 0 ||
	    (i = day_seq_index(tm->day, target)) < 0 ||
	    (size_t)i >= tm->nexisting)
		return 0;
	return err_set(e, ERR_DATA, "undo: the day in the log has stopped; "
	    "correct it with the review lines (recode, move, fix, withdraw, "
	    "add), not undo");
}

/* Gives a parsed command its place in the day: time, seq, undo target,
 * and a review's target given as a clock time and new time for a move;
 * -1 with e (no place). */
static int
timed_place(struct timed *tm, struct command *cmd, struct err *e)
{
	const struct log_header	*hdr = day_header(tm->day);
	struct record		*rec = &cmd->rec;

	if (cmd->has_time) {
		if (clock_local_to_ms(hdr->date, cmd->clock_ms, &rec->t,
		    e) != 0 || timed_check_future(tm, cmd, e) != 0)
			return -1;
	} else
		rec->t = clock_wall_ms();
	rec->seq = day_next_seq(tm->day);
	if (rec->type == RECORD_UNDO) {
		rec->undoes = day_undo_target(tm->day);
		if (timed_check_undo(tm, rec->undoes, e) != 0)
			return -1;
	}
	if (cmd->has_target_clock && day_find_record_target(tm->day, rec,
	    cmd->target_clock, cmd->target_span, &rec->target, e) != 0)
		return -1;
	if (cmd->has_target_edge && day_find_edge(tm->day, cmd->target_edge,
	    &rec->target, e) != 0)
		return -1;
	if ((record_is_move(rec->type) || rec->type == RECORD_ADD) &&
	    clock_local_to_ms(hdr->date, cmd->to_clock, &rec->to, e) != 0)
		return -1;
	if (rec->type == RECORD_ADD && clock_local_to_ms(hdr->date,
	    cmd->from_clock, &rec->from, e) != 0)
		return -1;
	if (record_is_review(rec->type) && day_review_changes(tm->day, rec,
	    e) != 0)
		return -1;
	return 0;
}

/* Places the command and applies it to the day; -1 with e (no place). */
static int
timed_take(struct timed *tm, struct command *cmd, struct err *e)
{
	if (timed_place(tm, cmd, e) != 0)
		return -1;
	return day_apply(tm->day, &cmd->rec, e);
}

/* The report's next error (there is room for one more). */
static struct err *
timed_next_error(struct timed *tm)
{
	return &tm->report->errors[tm->report->nerrors++];
}

/* Tells what is wrong with a line of the input (e, taken: left
 * cleared), if fewer than TIMED_MAX_ERRORS have been told.  A bad line is
 * ERR_DATA whatever the parser or clock called it (ERR_USAGE on a
 * command line): here it is a mistake of the input file. */
static void
timed_error(struct timed *tm, unsigned long line, struct err *e)
{
	struct err	*told;

	if (++tm->nerrors <= TIMED_MAX_ERRORS) {
		told = timed_next_error(tm);
		err_move(told, e);
		told->code = ERR_DATA;
		err_file(told, tm->in_name);
		err_line(told, (int64_t)line);
		err_offset(told, -1);
	}
	err_clear(e);
}

/* An error of the run as a whole: the input (in_name) or the log. */
static int
timed_fail(struct timed *tm, enum err_code code, const char *file,
    const char *msg)
{
	struct err	*e = timed_next_error(tm);

	err_set(e, code, "%s", msg);
	err_file(e, file);
	return -1;
}

/* The same, for an error the log's code has said in full (takes e). */
static int
timed_fail_said(struct timed *tm, struct err *e)
{
	err_move(timed_next_error(tm), e);
	return -1;
}

/* Parses and checks every line; 0 when all are good. */
static int
timed_check(struct timed *tm, FILE *in)
{
	struct command	 cmd;
	struct err	 e = ERR_INIT;
	char		*buf, *more;
	const char	*p;
	size_t		 kept;
	long		 len;
	unsigned long	 line = 0;
	int		 n;

	buf = xmalloc(LINE_KEEP);
	memset(&cmd, 0, sizeof cmd);
	while ((len = timed_read_line(in, buf, &kept)) >= 0) {
		line++;
		p = buf;
		if (line == 1 && kept >= 3 && memcmp(buf, TIMED_BOM, 3) == 0) {
			p += 3;
			kept -= 3;
			len -= 3;
		}
		if ((size_t)len > kept) {
			err_set(&e, ERR_DATA, "line is longer than %d bytes",
			    COMMAND_MAX_LINE);
			timed_error(tm, line, &e);
			continue;
		}
		n = command_parse(p, kept, day_header(tm->day)->scheme, &cmd,
		    &e);
		if (n < 0) {
			timed_error(tm, line, &e);
			continue;
		}
		if (n == 0)
			continue;
		/* A refused line leaves the day as it was; the next lines
		 * are checked against that, so each mistake is told once. */
		if (timed_take(tm, &cmd, &e) != 0)
			timed_error(tm, line, &e);
		command_clear(&cmd);
	}
	free(buf);
	if (tm->nerrors > TIMED_MAX_ERRORS) {
		more = xasprintf("%lu more errors not shown",
		    tm->nerrors - TIMED_MAX_ERRORS);
		timed_fail(tm, ERR_DATA, tm->in_name, more);
		free(more);
	}
	if (tm->nerrors > 0)
		return -1;
	/* Refusals of the input as a whole, all ERR_DATA as ever. */
	if (ferror(in))
		return timed_fail(tm, ERR_DATA, tm->in_name, strerror(errno));
	if (day_nactions(tm->day) == tm->nexisting)
		return timed_fail(tm, ERR_DATA, tm->in_name,
		    "no commands to record");
	return 0;
}

/* Writes the existing log (if any) and the new records; 0 or -1. */
static int
timed_write(struct timed *tm)
{
	struct log_batch	*batch;
	struct err		 e = ERR_INIT;
	char			*side = NULL;
	size_t			 i;
	int			 fd;

	if (tm->exists && tm->log.status == LOG_TORN) {
		if (log_repair(tm->path, tm->log.good_len, &side, &e) != 0)
			return timed_fail_said(tm, &e);
		err_set(&tm->report->warning, ERR_DATA, "repaired a torn "
		    "tail: the damaged bytes after byte %lld are kept in %s",
		    (long long)tm->log.good_len, side);
		err_file(&tm->report->warning, tm->path);
		free(side);
	}
	if (tm->exists) {
		fd = tm->log.fd;
		tm->log.fd = -1;
		if (log_batch_append(tm->path, fd, tm->log.good_len, &batch,
		    &e) != 0)
			return timed_fail_said(tm, &e);
	} else {
		if (log_batch_begin(tm->path, &batch, &e) != 0)
			return timed_fail_said(tm, &e);
		if (log_batch_header(batch, day_header(tm->day), &e) != 0)
			goto fail;
	}
	for (i = tm->nexisting; i < day_nactions(tm->day); i++) {
		if (log_batch_record(batch, day_action(tm->day, i)->rec,
		    &e) != 0)
			goto fail;
	}
	if (log_batch_commit(batch, &e) != 0)
		return timed_fail_said(tm, &e);
	return 0;

fail:
	log_batch_abort(batch);
	return timed_fail_said(tm, &e);
}

/* Loads the existing log at path, or starts a new day; 0 or -1. */
static int
timed_open(struct timed *tm, const struct log_header *new_hdr)
{
	struct stat	 sb;
	struct err	 e = ERR_INIT;

	if (stat(tm->path, &sb) != 0) {
		if (errno != ENOENT)
			return timed_fail(tm, ERR_IO, tm->path,
			    strerror(errno));
		tm->day = day_new(new_hdr);
		return 0;
	}
	if (reopen_log(tm->path, &tm->log, &e) != 0) {
		err_move(timed_next_error(tm), &e);
		return -1;
	}
	log_lock_name(tm->log.fd);
	/* A torn tail is said when it is repaired. */
	tm->day = tm->log.day;
	tm->log.day = NULL;
	tm->exists = 1;
	tm->nexisting = day_nactions(tm->day);
	tm->was_stopped = day_state(tm->day)->stopped;
	return 0;
}

int
timed_run(const char *path, const struct log_header *new_hdr, FILE *in,
    const char *in_name, struct timed_report *report)
{
	struct timed	 tm;
	size_t		 i;
	int		 rc;

	memset(&tm, 0, sizeof tm);
	tm.log.fd = -1;
	tm.path = path;
	tm.in_name = in_name;
	tm.report = report;
	report->nerrors = 0;
	for (i = 0; i <= TIMED_MAX_ERRORS; i++)
		report->errors[i] = (struct err)ERR_INIT;
	report->warning = (struct err)ERR_INIT;
	rc = timed_open(&tm, new_hdr);
	if (rc == 0)
		rc = timed_check(&tm, in);
	if (rc == 0)
		rc = timed_write(&tm);
	reopen_free(&tm.log);
	day_free(tm.day);
	return rc;
}

void
timed_report_free(struct timed_report *report)
{
	size_t	i;

	for (i = 0; i < report->nerrors; i++)
		err_clear(&report->errors[i]);
	report->nerrors = 0;
	err_clear(&report->warning);
}
