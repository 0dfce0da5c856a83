/*
 * The one CUnit runner: registers every suite, runs them with the basic
 * interface (its "Run Summary" is what CI prints) and exits with the
 * number of failures.
 */
#include <stdlib.h>
#include <time.h>

#include <CUnit/Basic.h>

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
	episodes_test_register();
	keys_test_register();
	logfile_test_register();
	plot_test_register();
	record_test_register();
	report_test_register();
	review_test_register();
	scheme_test_register();
	screen_test_register();
	summary_test_register();
	text_test_register();
	timed_test_register();
	timeline_test_register();
	CU_basic_set_mode(CU_BRM_VERBOSE);
	CU_basic_run_tests();
	failures = CU_get_number_of_failures() + CU_get_number_of_tests_failed();
	CU_cleanup_registry();
	return failures > 0 ? 1 : 0;
}
