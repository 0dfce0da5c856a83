/*
 * Timed commands: every line is parsed and checked against the day before
 * anything is written, then the whole log goes to a temporary file that is
 * fsynced once and renamed.  The easy thing to get wrong: a torn tail of an
 * existing log is only repaired once the input is known good, so a refused
 * run leaves the log exactly as it was.
 */
#include <sys/stat.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "command.h"
#include "day.h"
#include "logfile.h"
#include "timed.h"
#include "xmalloc.h"

#define EX_DATAERR	65
#define EX_NOINPUT	66
#define EX_CANTCREAT	73
#define EX_IOERR	74

#define LINE_KEEP	(COMMAND_MAX_LINE + 1)

struct timed {
	const char	*path;
	const char	*in_name;
	struct day	*day;
	size_t		 nexisting;	/* actions already in the log */
	int		 exists;
	off_t		 good_len;
	enum log_status	 status;
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

/* Gives a parsed command its place in the day: time, seq, undo target,
 * and a review's target given as a clock time and new time for a move. */
static int
timed_place(struct timed *tm, struct command *cmd, char **cause)
{
	const struct log_header	*hdr = day_header(tm->day);
	struct record		*rec = &cmd->rec;

	if (cmd->has_time) {
		if (clock_local_to_ms(hdr->date, cmd->clock_ms, &rec->t,
		    cause) != 0)
			return -1;
	} else
		rec->t = clock_wall_ms();
	rec->seq = day_next_seq(tm->day);
	if (rec->type == RECORD_UNDO)
		rec->undoes = day_undo_target(tm->day);
	if (cmd->has_target_clock && day_find_target(tm->day, rec->type,
	    cmd->target_clock, cmd->target_span, &rec->target, cause) != 0)
		return -1;
	if (rec->type == RECORD_MOVE && clock_local_to_ms(hdr->date,
	    cmd->to_clock, &rec->to, cause) != 0)
		return -1;
	return 0;
}

/* Parses and checks every line; 0 when all are good. */
static int
timed_check(struct timed *tm, FILE *in, char **cause)
{
	struct command	 cmd;
	char		*buf, *why = NULL;
	size_t		 kept;
	long		 len;
	unsigned long	 line = 0;
	int		 n, error = 0;

	buf = xmalloc(LINE_KEEP);
	memset(&cmd, 0, sizeof cmd);
	while (!error && (len = timed_read_line(in, buf, &kept)) >= 0) {
		line++;
		if ((size_t)len > kept) {
			why = xasprintf("line is longer than %d bytes",
			    COMMAND_MAX_LINE);
			error = 1;
			break;
		}
		n = command_parse(buf, kept, day_header(tm->day)->scheme, &cmd,
		    &why);
		if (n < 0) {
			error = 1;
			break;
		}
		if (n == 0)
			continue;
		if (timed_place(tm, &cmd, &why) != 0 ||
		    day_apply(tm->day, &cmd.rec, &why) != 0)
			error = 1;
		command_clear(&cmd);
	}
	free(buf);
	if (error) {
		*cause = xasprintf("%s:%lu: %s", tm->in_name, line, why);
		free(why);
		return -1;
	}
	if (ferror(in)) {
		*cause = xasprintf("%s: %s", tm->in_name, strerror(errno));
		return -1;
	}
	if (day_nactions(tm->day) == tm->nexisting) {
		*cause = xasprintf("%s: no commands to record", tm->in_name);
		return -1;
	}
	return 0;
}

/* Writes the existing log (if any) and the new records; 0 or an exit code. */
static int
timed_write(struct timed *tm, char **warning, char **cause)
{
	struct log_batch	*batch;
	char			*side = NULL;
	size_t			 i;

	if (tm->exists && tm->status == LOG_TORN) {
		if (log_repair(tm->path, tm->good_len, &side, cause) != 0)
			return EX_IOERR;
		*warning = xasprintf("%s: repaired a torn tail: the damaged "
		    "bytes after byte %lld are kept in %s", tm->path,
		    (long long)tm->good_len, side);
		free(side);
	}
	if (log_batch_begin(tm->path, &batch, cause) != 0)
		return EX_CANTCREAT;
	if (tm->exists) {
		if (log_batch_copy(batch, tm->path, tm->good_len, cause) != 0)
			goto fail;
	} else if (log_batch_header(batch, day_header(tm->day), cause) != 0)
		goto fail;
	for (i = tm->nexisting; i < day_nactions(tm->day); i++) {
		if (log_batch_record(batch, day_action(tm->day, i)->rec,
		    cause) != 0)
			goto fail;
	}
	if (log_batch_commit(batch, cause) != 0)
		return EX_IOERR;
	return 0;

fail:
	log_batch_abort(batch);
	return EX_IOERR;
}

/* Loads the existing log at path, or starts a new day; 0 or an exit code. */
static int
timed_open(struct timed *tm, const struct log_header *new_hdr, char **cause)
{
	struct stat	 sb;
	off_t		 damage_at;
	char		*warning = NULL;
	int		 exit_code;

	if (stat(tm->path, &sb) != 0) {
		if (errno != ENOENT) {
			*cause = xasprintf("%s: %s", tm->path, strerror(errno));
			return EX_IOERR;
		}
		tm->day = day_new(new_hdr);
		return 0;
	}
	if (day_load(tm->path, &tm->day, &tm->status, &tm->good_len,
	    &damage_at, &warning, &exit_code, cause) != 0)
		return exit_code;
	free(warning);		/* reported when the repair happens */
	tm->exists = 1;
	tm->nexisting = day_nactions(tm->day);
	return 0;
}

int
timed_run(const char *path, const struct log_header *new_hdr, FILE *in,
    const char *in_name, char **warning, char **cause)
{
	struct timed	 tm;
	int		 exit_code;

	memset(&tm, 0, sizeof tm);
	tm.path = path;
	tm.in_name = in_name;
	*warning = NULL;
	if ((exit_code = timed_open(&tm, new_hdr, cause)) != 0)
		return exit_code;
	if (timed_check(&tm, in, cause) != 0)
		exit_code = EX_DATAERR;
	else
		exit_code = timed_write(&tm, warning, cause);
	day_free(tm.day);
	return exit_code;
}
