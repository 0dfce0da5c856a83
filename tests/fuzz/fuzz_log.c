/*
 * Fuzzes the log reader: the input is a log file.  It is read twice, as
 * the analyser and the recorder do: record by record with log_reader_*
 * (every record, rules or not), then as a day with day_load (the rules
 * applied) and on to the timeline and every figure.  Checked beyond "no
 * crash": a refusal has a message and a sysexits code; the whole records
 * end at or before the damage; a torn log cut back to its whole records,
 * as a repair does, reads clean with the same actions; and a day read as
 * the analyser's pool reads it (a reader kept from the inputs before,
 * its scheme memo filled, the file's first bytes peeked: the header read
 * without msgpack-c when its scheme is the memo's) ends as day_load's
 * does, with the same message.
 */
#include <sys/types.h>

#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "day.h"
#include "err.h"
#include "fuzz.h"
#include "logfile.h"
#include "timeline.h"

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	setenv("TZ", "Europe/London", 1);
	return 0;
}

static void
fuzz_records(const char *path, size_t size)
{
	struct log_reader	*r;
	struct record		 rec;
	enum log_status		 st;
	off_t			 good_len, damage_at;
	struct err		 e = ERR_INIT;
	int			 n;

	if (log_reader_open(path, &r, &e) != 0) {
		FUZZ_CHECK(e.msg != NULL, "open refused without a message");
		FUZZ_CHECK(e.code == ERR_DATA || e.code == ERR_NOINPUT ||
		    e.code == ERR_IO, "open refused with an odd code");
		err_clear(&e);
		return;
	}
	(void)log_reader_header(r);
	while ((n = log_reader_next(r, &rec, &e)) == 1)
		FUZZ_CHECK(log_reader_offset(r) < (off_t)size,
		    "record starts past the end");
	err_clear(&e);
	st = log_reader_status(r, &good_len, &damage_at);
	FUZZ_CHECK(good_len <= (off_t)size, "whole records past the end");
	FUZZ_CHECK(damage_at >= good_len, "damage before the whole records");
	if (st == LOG_CLEAN)
		FUZZ_CHECK(good_len == (off_t)size, "clean but bytes left");
	else {
		FUZZ_CHECK(log_reader_end(r, &e) == st && e.msg != NULL &&
		    (e.code == ERR_IO || e.offset == damage_at),
		    "damage without a message or its place");
		err_clear(&e);
	}
	log_reader_close(r);
}

/* Loads the day; 0 with *nactions, *status and *good_len, or -1. */
static int
fuzz_day(const char *path, size_t *nactions, enum log_status *status,
    off_t *good_len)
{
	struct day		*d;
	struct timeline		 tl;
	struct day_loaded	 how;
	struct err		 e = ERR_INIT;

	if (day_load(path, &d, &how, &e) != 0) {
		FUZZ_CHECK(e.msg != NULL, "day refused without a message");
		FUZZ_CHECK(e.code == ERR_DATA || e.code == ERR_NOINPUT ||
		    e.code == ERR_IO, "day refused with an odd code");
		FUZZ_CHECK(d == NULL, "day refused but returned");
		err_clear(&e);
		return -1;
	}
	*status = how.status;
	*good_len = how.good_len;
	FUZZ_CHECK(*status != LOG_CORRUPT, "corrupt day accepted");
	FUZZ_CHECK((*status == LOG_TORN) == (how.warning != NULL),
	    "a torn tail and its warning disagree");
	free(how.warning);
	*nactions = day_nactions(d);
	(void)day_state(d);

	timeline_from_day(d, &tl);
	fuzz_figures(&tl);
	timeline_free(&tl);
	timeline_from_day_as_recorded(d, &tl);
	fuzz_figures(&tl);
	timeline_free(&tl);
	day_free(d);
	return 0;
}

/* Loads the day with the kept reader; 0 with *nactions, or -1 with *why
 * (err_text, the caller frees). */
static int
fuzz_day_kept(const char *path, size_t *nactions, char **why)
{
	static struct log_reader	*lr;
	const unsigned char		*bytes;
	struct day			*d;
	struct day_loaded		 how;
	struct err			 e = ERR_INIT;
	size_t				 n;
	int				 fd;

	if (lr == NULL)
		lr = log_reader_new();
	if ((fd = open(path, O_RDONLY)) == -1 ||
	    log_reader_peek(lr, fd, &bytes, &n) != 0)
		abort();
	if (day_load_with(lr, path, fd, &d, &how, &e) != 0) {
		*why = err_text(&e);
		err_clear(&e);
		return -1;
	}
	*nactions = day_nactions(d);
	free(how.warning);
	day_free(d);
	return 0;
}

/* day_load's result for path, again with a reader kept between inputs. */
static void
fuzz_same_kept(const char *path, int loaded, size_t nactions)
{
	struct day_loaded	 how;
	struct day		*d;
	struct err		 e = ERR_INIT;
	char			*want = NULL, *got = NULL;
	size_t			 n = 0;
	int			 kept;

	if (!loaded && day_load(path, &d, &how, &e) != 0)
		want = err_text(&e);
	err_clear(&e);
	kept = fuzz_day_kept(path, &n, &got);
	FUZZ_CHECK((kept == 0) == loaded, "a kept reader reads otherwise");
	if (loaded)
		FUZZ_CHECK(n == nactions, "a kept reader finds other actions");
	else if (want != NULL && got != NULL && strcmp(want, got) != 0) {
		fprintf(stderr, "day_load: %s\nkept reader: %s\n", want, got);
		FUZZ_CHECK(0, "a kept reader refuses in other words");
	}
	free(want);
	free(got);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	enum log_status	 status, again;
	off_t		 good_len, len2;
	size_t		 n = 0, n2;
	const char	*path;
	int		 loaded;

	path = fuzz_file(data, size);
	fuzz_records(path, size);
	loaded = fuzz_day(path, &n, &status, &good_len) == 0;
	fuzz_same_kept(path, loaded, n);
	if (!loaded || status != LOG_TORN)
		return 0;

	/* What a repair leaves must read clean, with the same actions. */
	FUZZ_CHECK(good_len < (off_t)size, "torn but nothing to cut");
	path = fuzz_file(data, (size_t)good_len);
	FUZZ_CHECK(fuzz_day(path, &n2, &again, &len2) == 0,
	    "the repaired log is refused");
	FUZZ_CHECK(again == LOG_CLEAN && len2 == good_len,
	    "the repaired log is not clean");
	FUZZ_CHECK(n2 == n, "the repaired log has other actions");
	return 0;
}
