/*
 * Durations and clock times for the eye.  The analyser rounds (halves away
 * from zero, as llround does); the recorder's screen cuts, so a running
 * figure never shows a second that has not passed yet.
 */
#include <inttypes.h>
#include <math.h>
#include <stdint.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "clock.h"
#include "format.h"

/* The units of a style: hours, minutes and seconds, and whether the hours
 * drop the seconds (to the minute). */
static const struct {
	const char	*h, *m, *s;
} format_units[] = {
	[FORMAT_SHORT] =	{ "h", "m", "s" },
	[FORMAT_EXACT] =	{ "h", "m", "s" },
	[FORMAT_EXACT_MINUTES] = { "h", "m", "s" },
	[FORMAT_STOPWATCH] =	{ ":", ":", "" },
	[FORMAT_SPACED] =	{ " h ", " min ", " s" },
	[FORMAT_MINUTES] =	{ " h ", " min", "" },
	[FORMAT_WORDS] =	{ " hour", " minute", " second" }
};

/* "1 hour", "2 minutes": n and a unit of format_units, with its plural. */
static int
format_count(char *buf, size_t len, int64_t n, const char *unit)
{
	return snprintf(buf, len, "%" PRId64 "%s%s", n, unit,
	    n == 1 ? "" : "s");
}

/* A duration in words, to the minute from a minute on. */
static char *
format_words(double ms, char buf[FORMAT_LEN])
{
	const char	*hour = format_units[FORMAT_WORDS].h;
	const char	*minute = format_units[FORMAT_WORDS].m;
	int64_t		 m;
	int		 n;

	if (ms < 59500) {
		format_count(buf, FORMAT_LEN, (int64_t)llround(ms / 1000.0),
		    format_units[FORMAT_WORDS].s);
		return buf;
	}
	m = (int64_t)llround(ms / 60000.0);
	if (m < 60)
		format_count(buf, FORMAT_LEN, m, minute);
	else if (m % 60 == 0)
		format_count(buf, FORMAT_LEN, m / 60, hour);
	else {
		n = format_count(buf, FORMAT_LEN, m / 60, hour);
		buf[n++] = ' ';
		format_count(buf + n, FORMAT_LEN - (size_t)n, m % 60, minute);
	}
	return buf;
}

/* Whole seconds of ms in a style: rounded, or cut and never negative. */
static int64_t
format_seconds(double ms, enum format_duration style)
{
	if (style == FORMAT_SHORT || style == FORMAT_SPACED)
		return (int64_t)llround(ms / 1000.0);
	return ms < 0 ? 0 : (int64_t)(ms / 1000.0);
}

/* Hours and minutes of m minutes (hours "%02d" after the first). */
static char *
format_hours(char *buf, const char *sign, int64_t m, enum format_duration st)
{
	snprintf(buf, FORMAT_LEN, "%s%" PRId64 "%s%02d%s", sign, m / 60,
	    format_units[st].h, (int)(m % 60), st == FORMAT_SHORT ? "m" :
	    " min");
	return buf;
}

char *
format_duration(double ms, enum format_duration st, char buf[FORMAT_LEN])
{
	int64_t		s, m;
	const char	*sign = "";

	if (!isfinite(ms)) {
		snprintf(buf, FORMAT_LEN, "-");
		return buf;
	}
	if (st == FORMAT_WORDS)
		return format_words(ms, buf);
	if (st == FORMAT_MINUTES) {
		m = (int64_t)llround(ms / 60000.0);
		if (m < 60) {
			snprintf(buf, FORMAT_LEN, "%" PRId64 " min", m);
			return buf;
		}
		return format_hours(buf, sign, m, st);
	}
	s = format_seconds(ms, st);
	if (s < 0) {
		sign = "-";
		s = -s;
	}
	if (s < 60 && st != FORMAT_EXACT_MINUTES && st != FORMAT_STOPWATCH)
		snprintf(buf, FORMAT_LEN, "%s%d%s", sign, (int)s,
		    format_units[st].s);
	else if (s < 3600)
		snprintf(buf, FORMAT_LEN, "%s%d%s%02d%s", sign, (int)(s / 60),
		    format_units[st].m, (int)(s % 60), format_units[st].s);
	else if (st == FORMAT_SHORT || st == FORMAT_SPACED)
		return format_hours(buf, sign, (s + 30) / 60, st);
	else
		snprintf(buf, FORMAT_LEN, "%s%" PRId64 "%s%02d%s%02d%s", sign,
		    s / 3600, format_units[st].h, (int)(s / 60 % 60),
		    format_units[st].m, (int)(s % 60), format_units[st].s);
	return buf;
}

char *
format_clock(int64_t ms, enum format_clock st, char buf[FORMAT_LEN])
{
	int64_t	m;

	switch (st) {
	case FORMAT_HM:
		m = ms < 0 ? 0 : ms / 60000;
		if (m > 99 * 60 + 59)
			m = 99 * 60 + 59;
		snprintf(buf, FORMAT_LEN, "%02d:%02d", (int)(m / 60),
		    (int)(m % 60));
		break;
	case FORMAT_HMS_WHOLE:
		clock_format_hms(ms - (ms % 1000 + 1000) % 1000, buf);
		break;
	default:
		clock_format_hms(ms, buf);
		break;
	}
	return buf;
}

char *
format_percent(double v, char buf[FORMAT_LEN])
{
	if (!isfinite(v))
		snprintf(buf, FORMAT_LEN, "-");
	else
		snprintf(buf, FORMAT_LEN, "%.1f%%", v * 100.0);
	return buf;
}

#ifdef __SIZEOF_INT128__
/*
 * x * 10^places rounded as printf rounds it, exactly: x is m * 2^e with m
 * under 2^53, so m * 10^places (under 2^83) and its cut at bit -e hold in
 * 128 bits; ties go to even.  Returns -1 for a value with digits past 2^53
 * before the point, left to printf.
 */
static int
format_fixed_scaled(double ax, uint64_t p10, unsigned __int128 *q)
{
	unsigned __int128	 prod, half;
	uint64_t		 m, bits;
	int			 e, shift;

	/* m and e from the bits (IEEE 754 binary64, as C's double is on
	 * every platform we build on): frexp and ldexp cost two calls. */
	_Static_assert(sizeof ax == sizeof bits, "double is 64 bits");
	memcpy(&bits, &ax, sizeof bits);
	e = (int)(bits >> 52 & 0x7ff);
	m = bits & ((UINT64_C(1) << 52) - 1);
	if (e != 0)
		m |= UINT64_C(1) << 52;	/* normal: the hidden bit */
	else
		e = 1;			/* subnormal or zero */
	e -= 1075;
	if (e >= 0)
		return -1;
	shift = -e;
	prod = (unsigned __int128)m * p10;
	if (shift >= 127) {	/* under 2^-44: prod is less than half */
		*q = 0;
		return 0;
	}
	/* to nearest, ties to even: the cut bits plus half less one carry
	 * past the cut when over half, and plus the last kept bit when just
	 * half (one sum, no compare of 128-bit halves) */
	half = (unsigned __int128)1 << (shift - 1);
	*q = (prod + (half - 1) + (prod >> shift & 1)) >> shift;
	return 0;
}

/* The digits of whole, then places decimals of frac, after the sign. */
static size_t
format_fixed_digits(char *buf, size_t n, uint64_t whole, uint64_t frac,
    int places)
{
	char	tmp[20], *p = tmp + sizeof tmp;
	int	i;

	do {
		*--p = (char)('0' + whole % 10);
		whole /= 10;
	} while (whole != 0);
	while (p < tmp + sizeof tmp)
		buf[n++] = *p++;
	if (places > 0) {
		buf[n++] = '.';
		for (i = places - 1; i >= 0; i--) {
			buf[n + (size_t)i] = (char)('0' + frac % 10);
			frac /= 10;
		}
		n += (size_t)places;
	}
	buf[n] = '\0';
	return n;
}

/* "00" to "99": two digits a division. */
static const char format_pairs[] =
    "00010203040506070809101112131415161718192021222324252627282930313233"
    "34353637383940414243444546474849505152535455565758596061626364656667"
    "6869707172737475767778798081828384858687888990919293949596979899";

/* Puts the last digit of *q before *p, or the last two when two is set. */
static void
format_fixed_put(char **p, uint64_t *q, int two)
{
	if (two) {
		*p -= 2;
		memcpy(*p, format_pairs + 2 * (*q % 100), 2);
		*q /= 100;
	} else {
		*--*p = (char)('0' + *q % 10);
		*q /= 10;
	}
}

/*
 * The same for q (x * 10^places) under 2^64, every table's figure: 64-bit
 * divisions by a constant, which the compiler makes multiplications, two
 * digits at a time, where splitting q at the point costs two 128-bit
 * divisions.
 */
static size_t
format_fixed_u64(char *buf, int neg, uint64_t q, int places)
{
	char	tmp[32], *p = tmp + sizeof tmp;
	size_t	n = 0, len;
	int	i;

	for (i = places; i > 0; i -= 2)
		format_fixed_put(&p, &q, i >= 2);
	if (places > 0)
		*--p = '.';
	while (q >= 100)
		format_fixed_put(&p, &q, 1);
	format_fixed_put(&p, &q, q >= 10);
	if (neg)
		buf[n++] = '-';
	len = (size_t)(tmp + sizeof tmp - p);
	memcpy(buf + n, p, len);
	n += len;
	buf[n] = '\0';
	return n;
}
#endif

size_t
format_fixed(double x, int places, char buf[FORMAT_FIXED_LEN])
{
#ifdef __SIZEOF_INT128__
	static const uint64_t	 pow10[FORMAT_FIXED_MAX + 1] = { 1, 10, 100,
	    1000, 10000, 100000, 1000000, 10000000, 100000000, 1000000000 };
	unsigned __int128	 q;
	size_t			 n = 0;

	if (isfinite(x) && places >= 0 && places <= FORMAT_FIXED_MAX &&
	    format_fixed_scaled(fabs(x), pow10[places], &q) == 0) {
		if (q <= UINT64_MAX)
			return format_fixed_u64(buf, signbit(x) != 0,
			    (uint64_t)q, places);
		if (signbit(x))
			buf[n++] = '-';
		return format_fixed_digits(buf, n,
		    (uint64_t)(q / pow10[places]),
		    (uint64_t)(q % pow10[places]), places);
	}
#endif
	return (size_t)snprintf(buf, FORMAT_FIXED_LEN, "%.*f", places, x);
}
