/*
 * Durations, clock times and percentages for the eye (common/format.c):
 * each style as the analyser, the report and the recorder write it.
 */
#include <float.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

/* format_fixed gives printf's bytes for x at places decimals. */
static int
fixed_is_printf(double x, int places)
{
	char	got[FORMAT_FIXED_LEN], want[FORMAT_FIXED_LEN];
	size_t	n;

	n = format_fixed(x, places, got);
	snprintf(want, sizeof want, "%.*f", places, x);
	if (n == strlen(want) && strcmp(got, want) == 0)
		return 1;
	fprintf(stderr, "format_fixed(%a, %d): \"%s\", printf \"%s\"\n",
	    x, places, got, want);
	return 0;
}

#define T_FIXED(x, places, want) do {					\
	char f_buf_[FORMAT_FIXED_LEN];					\
	format_fixed((x), (places), f_buf_);				\
	T_EQ_STR(f_buf_, want);						\
	T_TRUE(fixed_is_printf((x), (places)));				\
} while (0)

static void
test_fixed_classes(void)
{
	T_FIXED(0.0, 3, "0.000");
	T_FIXED(-0.0, 3, "-0.000");
	T_FIXED(-0.0001, 3, "-0.000");		/* a negative rounding to 0 */
	T_FIXED(-12.3456, 3, "-12.346");
	T_FIXED(0.5, 0, "0");			/* exact ties go to even */
	T_FIXED(1.5, 0, "2");
	T_FIXED(2.5, 0, "2");
	T_FIXED(0.125, 2, "0.12");
	T_FIXED(0.375, 2, "0.38");
	T_FIXED(-0.125, 2, "-0.12");
	T_FIXED(1.0005, 3, "1.000");		/* 1.0005 is under the tie */
	T_FIXED(0.1234565, 6, "0.123456");	/* stored under the tie */
	T_FIXED(86399.9995, 3, "86400.000");
	T_FIXED(1e15 + 0.5, 3, "1000000000000000.500");
	T_FIXED(9007199254740991.0, 6, "9007199254740991.000000");
	T_FIXED(1e20, 3, "100000000000000000000.000");	/* printf's */
	T_FIXED(5e-324, 6, "0.000000");
	T_FIXED(123.456, 9, "123.456000000");
	T_TRUE(fixed_is_printf(DBL_MAX, 6));
	T_TRUE(fixed_is_printf(-DBL_MAX, 0));
	T_TRUE(fixed_is_printf(NAN, 3));
	T_TRUE(fixed_is_printf(-INFINITY, 6));
}

/* Where x * 10^places passes 2^64 (format_fixed's 64-bit digits give way
 * to 128-bit ones), rounding that carries into one more digit, and every
 * count of places on one value. */
static void
test_fixed_edges(void)
{
	double	edge, x;
	int	places, k, bad = 0;

	T_FIXED(9.5, 0, "10");
	T_FIXED(99.9995, 3, "99.999");		/* stored under the tie */
	T_FIXED(999.9996, 3, "1000.000");
	T_FIXED(-0.0000005, 6, "-0.000000");	/* stored under the tie */
	T_FIXED(0.0000015, 6, "0.000002");
	T_FIXED(18446744073709551615.0, 0, "18446744073709551616");
	T_FIXED(1234567.8912345, 7, "1234567.8912345");
	for (places = 0; places <= FORMAT_FIXED_MAX; places++) {
		edge = ldexp(1, 64) / pow(10, places);
		x = nextafter(edge, 0);
		for (k = 0; k < 40; k++) {
			if (!fixed_is_printf(x, places) ||
			    !fixed_is_printf(-x, places))
				bad++;
			x = nextafter(x, INFINITY);
		}
		T_TRUE(fixed_is_printf(123.456789125, places));
		T_TRUE(fixed_is_printf(0.5 / pow(10, places), places));
	}
	T_EQ_INT(bad, 0);
}

/* Many values of every size, random bit patterns among them, and the
 * tables' own: whole ms over 1000 and shares of a day. */
static void
test_fixed_random(void)
{
	uint64_t	bits;
	double		x;
	int		i, places, bad = 0;

	srand(13);
	for (i = 0; i < 200000; i++) {
		places = i % (FORMAT_FIXED_MAX + 1);
		switch (i % 4) {
		case 0:
			x = (double)(rand() - RAND_MAX / 2) / 1000.0;
			break;
		case 1:
			x = (double)rand() / RAND_MAX;
			break;
		case 2:		/* ties and near ties at places */
			x = (rand() % 2000000 - 1000000 + 0.5) /
			    pow(10, places);
			break;
		default:
			bits = (uint64_t)rand() << 42 ^ (uint64_t)rand() << 21 ^
			    (uint64_t)rand();
			memcpy(&x, &bits, sizeof x);
			x = ldexp(x, rand() % 120 - 60);
			break;
		}
		if (!fixed_is_printf(x, places) && ++bad > 10)
			break;
	}
	T_EQ_INT(bad, 0);
}

void
format_test_register(void)
{
	CU_pSuite s = CU_add_suite("format", NULL, NULL);

	CU_add_test(s, "durations in the tables' style", test_short);
	CU_add_test(s, "durations on the recorder's screen", test_recorder);
	CU_add_test(s, "durations in prose", test_spaced);
	CU_add_test(s, "clock times and percentages", test_clock);
	CU_add_test(s, "fixed decimals: each class as printf",
	    test_fixed_classes);
	CU_add_test(s, "fixed decimals: the edge of 64 bits, carries",
	    test_fixed_edges);
	CU_add_test(s, "fixed decimals: random values as printf",
	    test_fixed_random);
}
