/*
 * Fuzzes the timed-command parser: the input is a file of timed commands.
 * Each line (copied to a buffer of its own length, so a read past it is
 * caught) goes through command_parse, is placed on the day as the
 * recorder's timed mode places it, and is checked by day_apply, on a fresh
 * day per input.  The date is 2026-03-29, when Europe/London's clocks go
 * forward, so clock times that do not exist are met too.  Checked beyond
 * "no crash": every refusal has a message, and what the day accepted,
 * written as a log, reads back with day_load clean and whole: nothing the
 * recorder would accept is refused by the analyser.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <msgpack.h>

#include "clock.h"
#include "command.h"
#include "day.h"
#include "err.h"
#include "fuzz.h"
#include "record.h"
#include "scheme.h"
#include "timeline.h"
#include "xmalloc.h"

#define FUZZ_DATE	"2026-03-29"

static const char fuzz_scheme[] =
    "group s SLT\ngroup t teachers\ngroup a \"support staff\"\n"
    "group p pupils\ngroup r parents\ngroup v visitors\n"
    "dimension ? purpose for=episodes\nvalue purpose behaviour\n"
    "value purpose staffing\ndimension * task for=alone\n"
    "value task e-mail\ndimension & topic for=both several\n";

static struct log_header	 fuzz_hdr;

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	int64_t	 noon;

	setenv("TZ", "Europe/London", 1);
	memset(&fuzz_hdr, 0, sizeof fuzz_hdr);
	fuzz_hdr.version = LOG_FORMAT_VERSION;
	fuzz_hdr.school = xstrdup("Fuzz School");
	fuzz_hdr.head = xstrdup("H1");
	fuzz_hdr.observer = xstrdup("O1");
	memcpy(fuzz_hdr.date, FUZZ_DATE, sizeof fuzz_hdr.date);
	fuzz_hdr.tz = xstrdup("Europe/London");
	fuzz_hdr.recorder = xstrdup("fuzz_command");
	/* The built-in groups with two dimensions, so that NAME=VALUE,
	 * set with no episode open and fixes of them are reached. */
	fuzz_hdr.scheme = scheme_parse(fuzz_scheme, strlen(fuzz_scheme),
	    "fuzz", NULL);
	if (fuzz_hdr.scheme == NULL)
		abort();
	/* As the recorder makes a header: the offset at noon. */
	if (clock_local_to_ms(FUZZ_DATE, 12 * 3600 * 1000, &noon, NULL) != 0)
		abort();
	fuzz_hdr.utc_offset = clock_utc_offset(noon);
	fuzz_hdr.created = noon - 4 * 3600 * 1000;
	return 0;
}

/* As recorder/timed.c's timed_place, with a fixed clock for a command
 * with no time. */
static int
fuzz_place(struct day *d, struct command *cmd, struct err *e)
{
	struct record	*rec = &cmd->rec;

	if (cmd->has_time) {
		if (clock_local_to_ms(FUZZ_DATE, cmd->clock_ms, &rec->t,
		    e) != 0)
			return -1;
	} else
		rec->t = day_last_time(d) != 0 ? day_last_time(d) + 1000 :
		    fuzz_hdr.created;
	rec->seq = day_next_seq(d);
	if (rec->type == RECORD_UNDO)
		rec->undoes = day_undo_target(d);
	if (cmd->has_target_clock && day_find_target(d, rec->type,
	    cmd->target_clock, cmd->target_span, &rec->target, e) != 0)
		return -1;
	if (rec->type == RECORD_MOVE && clock_local_to_ms(FUZZ_DATE,
	    cmd->to_clock, &rec->to, e) != 0)
		return -1;
	return 0;
}

/* Writes the day as a log and reads it back. */
static void
fuzz_read_back(const struct day *d)
{
	msgpack_sbuffer	 sbuf;
	struct day	*back;
	struct timeline	 tl;
	struct day_loaded how;
	struct err	 e = ERR_INIT;
	const char	*path;
	size_t		 i;

	msgpack_sbuffer_init(&sbuf);
	log_header_pack(day_header(d), &sbuf);
	for (i = 0; i < day_nactions(d); i++)
		record_pack(day_action(d, i)->rec, &sbuf);
	path = fuzz_file((const uint8_t *)sbuf.data, sbuf.size);
	if (day_load(path, &back, &how, &e) != 0) {
		fprintf(stderr, "read back: %s\n", e.msg);
		FUZZ_CHECK(0, "the analyser refuses what the recorder took");
	}
	FUZZ_CHECK(how.status == LOG_CLEAN && how.warning == NULL &&
	    how.good_len == (off_t)sbuf.size, "the day reads back damaged");
	FUZZ_CHECK(day_nactions(back) == day_nactions(d),
	    "the day reads back with other actions");
	for (i = 0; i < day_nactions(d); i++)
		FUZZ_CHECK(day_action(back, i)->withdrawn ==
		    day_action(d, i)->withdrawn && day_action(back, i)->at ==
		    day_action(d, i)->at, "an action reads back otherwise");
	timeline_from_day(back, &tl);
	fuzz_figures(&tl);
	timeline_free(&tl);
	day_free(back);
	msgpack_sbuffer_destroy(&sbuf);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct day	*d;
	struct command	 cmd;
	const uint8_t	*p = data, *end = data + size, *nl;
	char		*line;
	struct err	 e = ERR_INIT;
	size_t		 len;
	int		 n;

	d = day_new(&fuzz_hdr);
	while (p < end) {
		nl = memchr(p, '\n', (size_t)(end - p));
		len = (size_t)((nl != NULL ? nl : end) - p);
		line = xmalloc(len);
		memcpy(line, p, len);
		p += len + (nl != NULL);

		n = command_parse(line, len, fuzz_hdr.scheme, &cmd, &e);
		free(line);
		if (n < 0) {
			FUZZ_CHECK(e.msg != NULL && e.code == ERR_USAGE,
			    "refused without a message or as other than usage");
			err_clear(&e);
			continue;
		}
		FUZZ_CHECK(e.msg == NULL, "a message for a good line");
		if (n == 0)
			continue;
		if (fuzz_place(d, &cmd, &e) != 0 ||
		    day_apply(d, &cmd.rec, &e) != 0) {
			FUZZ_CHECK(e.msg != NULL, "refused without a message");
			err_clear(&e);
		}
		command_clear(&cmd);
	}
	if (day_nactions(d) > 0)
		fuzz_read_back(d);
	day_free(d);
	return 0;
}
