/*
 * Durations, clock times and percentages for the eye (common/format.c):
 * each style as the analyser, the report and the recorder write it.
 */
#include <math.h>

#include "format.h"
#include "test.h"

#define T_DUR(ms, style, want) do {					\
	char f_buf_[FORMAT_LEN];						\
	T_EQ_STR(format_duration((ms), (style), f_buf_), want);	\
} while (0)

#define T_CLOCK(ms, style, want) do {					\
	char f_buf_[FORMAT_LEN];						\
	T_EQ_STR(format_clock((ms), (style), f_buf_), want);		\
} while (0)

static void
test_short(void)
{
	T_DUR(45000, FORMAT_SHORT, "45s");
	T_DUR(456000, FORMAT_SHORT, "7m36s");
	T_DUR(3720000, FORMAT_SHORT, "1h02m");
	T_DUR(3749000, FORMAT_SHORT, "1h02m");	/* to the minute */
	T_DUR(3750000, FORMAT_SHORT, "1h03m");	/* half a minute up */
	T_DUR(500, FORMAT_SHORT, "1s");		/* halves away from zero */
	T_DUR(-1500, FORMAT_SHORT, "-2s");
	T_DUR(0, FORMAT_SHORT, "0s");
	T_DUR(NAN, FORMAT_SHORT, "-");
}

static void
test_recorder(void)
{
	T_DUR(59999, FORMAT_EXACT, "59s");	/* cut, not rounded */
	T_DUR(3723000, FORMAT_EXACT, "1h02m03s");
	T_DUR(-5, FORMAT_EXACT, "0s");
	T_DUR(45000, FORMAT_EXACT_MINUTES, "0m45s");
	T_DUR(3723999, FORMAT_EXACT_MINUTES, "1h02m03s");
	T_DUR(5000, FORMAT_STOPWATCH, "0:05");
	T_DUR(456000, FORMAT_STOPWATCH, "7:36");
	T_DUR(3723000, FORMAT_STOPWATCH, "1:02:03");
}

static void
test_spaced(void)
{
	T_DUR(45000, FORMAT_SPACED, "45 s");
	T_DUR(254000, FORMAT_SPACED, "4 min 14 s");
	T_DUR(3720000, FORMAT_SPACED, "1 h 02 min");
	T_DUR(1860000, FORMAT_MINUTES, "31 min");
	T_DUR(7020000, FORMAT_MINUTES, "1 h 57 min");
	T_DUR(89999, FORMAT_MINUTES, "1 min");
	T_DUR(90000, FORMAT_MINUTES, "2 min");
	T_DUR(40000, FORMAT_WORDS, "40 seconds");
	T_DUR(1400, FORMAT_WORDS, "1 second");
	T_DUR(59499, FORMAT_WORDS, "59 seconds");
	T_DUR(59500, FORMAT_WORDS, "1 minute");
	T_DUR(23 * 60000, FORMAT_WORDS, "23 minutes");
	T_DUR(3600000, FORMAT_WORDS, "1 hour");
	T_DUR(7200000 + 5 * 60000, FORMAT_WORDS, "2 hours 5 minutes");
	T_DUR(3600000 + 60000, FORMAT_WORDS, "1 hour 1 minute");
}

static void
test_clock(void)
{
	char	b[FORMAT_LEN];

	T_CLOCK(0, FORMAT_HM, "00:00");
	T_CLOCK(37859999, FORMAT_HM, "10:30");
	T_CLOCK(25 * 3600000, FORMAT_HM, "25:00");	/* the next day */
	T_CLOCK(-1, FORMAT_HM, "00:00");
	T_CLOCK((int64_t)100 * 3600000, FORMAT_HM, "99:59");
	T_CLOCK(37801500, FORMAT_HMS, "10:30:01.500");
	T_CLOCK(37801000, FORMAT_HMS, "10:30:01");
	T_CLOCK(37801500, FORMAT_HMS_WHOLE, "10:30:01");
	T_CLOCK(-500, FORMAT_HMS_WHOLE, "-00:00:01");	/* down, not to 0 */
	T_EQ_STR(format_percent(0.123, b), "12.3%");
	T_EQ_STR(format_percent(1, b), "100.0%");
	T_EQ_STR(format_percent(NAN, b), "-");
}

void
format_test_register(void)
{
	CU_pSuite s = CU_add_suite("format", NULL, NULL);

	CU_add_test(s, "durations in the tables' style", test_short);
	CU_add_test(s, "durations on the recorder's screen", test_recorder);
	CU_add_test(s, "durations in prose", test_spaced);
	CU_add_test(s, "clock times and percentages", test_clock);
}
