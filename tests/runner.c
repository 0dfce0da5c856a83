/*
 * The one CUnit runner: registers every suite, runs them with the basic
 * interface (its "Run Summary" is what CI prints) and exits with the
 * number of failures; and the helpers the suites share (test.h).
 */
#include <sys/stat.h>

#include <dirent.h>
#include <ftw.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <CUnit/Basic.h>

#include "clock.h"
#include "command.h"
#include "day.h"
#include "err.h"
#include "record.h"
#include "scheme.h"
#include "test.h"
#include "timeline.h"
#include "xmalloc.h"

static char	*test_saved_tz;

char *
test_tmpdir(void)
{
	const char	*base;
	char		*dir;

	base = getenv("TMPDIR");
	if (base == NULL || *base == '\0')
		base = "/tmp";
	dir = xasprintf("%s/shadowlog-test.XXXXXX", base);
	if (mkdtemp(dir) == NULL) {
		free(dir);
		return NULL;
	}
	return dir;
}

int
test_entries(const char *path)
{
	struct dirent	*de;
	DIR		*d;
	int		 n = 0;

	if ((d = opendir(path)) == NULL)
		return -1;
	while ((de = readdir(d)) != NULL) {
		if (strcmp(de->d_name, ".") != 0 &&
		    strcmp(de->d_name, "..") != 0)
			n++;
	}
	closedir(d);
	return n;
}

uint32_t
test_rnd(uint64_t *state, uint32_t n)
{
	*state ^= *state << 13;
	*state ^= *state >> 7;
	*state ^= *state << 17;
	return n == 0 ? 0 : (uint32_t)(*state >> 11) % n;
}

static int
test_rm_one(const char *path, const struct stat *st, int flag,
    struct FTW *ftw)
{
	return remove(path);
}

int
test_rmtree(const char *dir)
{
	return nftw(dir, test_rm_one, 16, FTW_DEPTH | FTW_PHYS);
}

int
test_tz_save(void)
{
	const char	*tz = getenv("TZ");

	test_saved_tz = tz != NULL ? xstrdup(tz) : NULL;
	return 0;
}

int
test_tz_restore(void)
{
	if (test_saved_tz != NULL)
		setenv("TZ", test_saved_tz, 1);
	else
		unsetenv("TZ");
	tzset();
	free(test_saved_tz);
	test_saved_tz = NULL;
	return 0;
}

int
test_header(struct log_header *hdr, int64_t *midnight)
{
	memset(hdr, 0, sizeof *hdr);
	hdr->version = LOG_FORMAT_VERSION;
	hdr->school = xstrdup("Hillside Primary");
	hdr->head = xstrdup("H1");
	hdr->observer = xstrdup("O1");
	strcpy(hdr->date, "2024-03-05");
	hdr->tz = xstrdup("Europe/Paris");
	hdr->utc_offset = 3600;
	hdr->recorder = xstrdup("shadowlog-record test");
	hdr->scheme = scheme_default();
	if (clock_midnight_ms(hdr->date, hdr->utc_offset, midnight,
	    NULL) != 0)
		return 1;
	return 0;
}

int
test_command(const char *line, size_t len, const struct scheme *scheme,
    struct command *cmd, char **cause)
{
	struct err	e = ERR_INIT;
	int		n;

	if ((n = command_parse(line, len, scheme, cmd, &e)) < 0)
		*cause = err_take(&e);
	return n;
}

struct scheme *
test_parse_scheme(const char *text, size_t len, const char *name,
    char **cause)
{
	struct err	 e = ERR_INIT;
	struct scheme	*s;

	if ((s = scheme_parse(text, len, name, &e)) == NULL)
		*cause = err_text(&e);
	err_clear(&e);
	return s;
}

int
test_load_day(const char *path, struct day **d, enum log_status *status,
    off_t *good_len, off_t *damage_at, char **warning, int *exit_code,
    char **cause)
{
	struct day_loaded	how;
	struct err		e = ERR_INIT;

	if (day_load(path, d, &how, &e) != 0) {
		*exit_code = err_exit_code(e.code);
		*cause = err_text(&e);
		err_clear(&e);
		return -1;
	}
	*status = how.status;
	*good_len = how.good_len;
	*damage_at = how.damage_at;
	*warning = how.warning;
	return 0;
}

const struct tl_item *
test_item_of(const struct timeline *tl, enum tl_kind kind, uint64_t seq)
{
	size_t	i;

	for (i = 0; i < tl->nitems; i++) {
		if (tl->items[i].kind == kind && tl->items[i].seq == seq)
			return &tl->items[i];
	}
	return NULL;
}

int
main(void)
{
	unsigned	failures;

	if (CU_initialize_registry() != CUE_SUCCESS)
		return CU_get_error();
	agreement_test_register();
	anon_test_register();
	boris_test_register();
	calendar_test_register();
	clock_test_register();
	command_test_register();
	compare_test_register();
	day_test_register();
	durable_test_register();
	dimensions_test_register();
	episodes_test_register();
	err_test_register();
	format_test_register();
	hash_test_register();
	keys_test_register();
	logfile_test_register();
	chart_test_register();
	record_test_register();
	reference_test_register();
	report_test_register();
	review_test_register();
	scheme_test_register();
	patterns_test_register();
	stats_test_register();
	screen_test_register();
	sequence_test_register();
	summary_test_register();
	svg_test_register();
	table_test_register();
	text_test_register();
	timed_test_register();
	timeline_test_register();
	walker_test_register();
	week_test_register();
	CU_basic_set_mode(CU_BRM_VERBOSE);
	CU_basic_run_tests();
	failures = CU_get_number_of_failures() + CU_get_number_of_tests_failed();
	CU_cleanup_registry();
	return failures > 0 ? 1 : 0;
}
