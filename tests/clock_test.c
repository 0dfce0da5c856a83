/*
 * Tests for time handling.  Results depend on the time zone, so each test
 * that needs one sets TZ itself; the suite puts the caller's TZ back.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <CUnit/CUnit.h>

#include "clock.h"
#include "err.h"
#include "test.h"
#include "xmalloc.h"

#define HOUR	INT64_C(3600000)
#define MINUTE	INT64_C(60000)

static void
set_tz(const char *tz)
{
	setenv("TZ", tz, 1);
	tzset();
}

/*
 * Europe/London from the zone database, or the same rules written out
 * (GMT, BST from the last Sunday of March at 01:00 UTC to the last Sunday
 * of October) where the database is not installed.
 */
static void
set_london(void)
{
	if (access("/usr/share/zoneinfo/Europe/London", R_OK) == 0)
		set_tz("Europe/London");
	else
		set_tz("GMT0BST,M3.5.0/1,M10.5.0");
}

static void
set_new_york(void)
{
	if (access("/usr/share/zoneinfo/America/New_York", R_OK) == 0)
		set_tz("America/New_York");
	else
		set_tz("EST5EDT,M3.2.0,M11.1.0");
}

/* Milliseconds since the epoch of a UTC time, worked out by hand (days
 * from the civil date, H. Hinnant's method) rather than by the libc. */
static int64_t
utc(int y, int m, int d, int hh, int mm, int ss)
{
	int64_t	era, yoe, doy, doe, days;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	days = era * 146097 + doe - 719468;
	return ((days * 24 + hh) * 60 + mm) * 60000 + ss * INT64_C(1000);
}

static void
test_utc_helper(void)
{
	T_EQ_INT(utc(1970, 1, 1, 0, 0, 0), 0);
	T_EQ_INT(utc(2000, 3, 1, 0, 0, 0), INT64_C(951868800000));
	T_EQ_INT(utc(2026, 3, 29, 1, 0, 0), INT64_C(1774746000000));
}

static void
test_wall_mono(void)
{
	int64_t	wall, before, mono1, mono2;

	before = (int64_t)time(NULL) * 1000;
	wall = clock_wall_ms();
	T_TRUE(wall >= before && wall < before + 2000);
	mono1 = clock_mono_ms();
	usleep(20000);
	mono2 = clock_mono_ms();
	T_TRUE(mono2 - mono1 >= 20 && mono2 - mono1 < 2000);
	T_TRUE(mono1 > 0);
}

static void
test_local_date(void)
{
	char	date[CLOCK_DATE_LEN];

	set_london();
	clock_local_date(utc(2026, 6, 10, 23, 30, 0), date);
	T_EQ_STR(date, "2026-06-11");
	clock_local_date(utc(2026, 6, 10, 22, 59, 59), date);
	T_EQ_STR(date, "2026-06-10");
	clock_local_date(utc(2026, 1, 10, 23, 30, 0), date);
	T_EQ_STR(date, "2026-01-10");
	clock_local_date(utc(2026, 3, 29, 0, 59, 59) + 999, date);
	T_EQ_STR(date, "2026-03-29");

	set_tz("UTC");
	clock_local_date(0, date);
	T_EQ_STR(date, "1970-01-01");
	clock_local_date(-1, date);
	T_EQ_STR(date, "1969-12-31");
	clock_local_date(utc(2024, 2, 29, 12, 0, 0), date);
	T_EQ_STR(date, "2024-02-29");

	set_new_york();
	clock_local_date(utc(2026, 6, 11, 3, 59, 0), date);
	T_EQ_STR(date, "2026-06-10");
}

static void
test_utc_offset(void)
{
	set_london();
	T_EQ_INT(clock_utc_offset(utc(2026, 1, 15, 12, 0, 0)), 0);
	T_EQ_INT(clock_utc_offset(utc(2026, 6, 15, 12, 0, 0)), 3600);
	/* The change on 29 March 2026 is at 01:00 UTC. */
	T_EQ_INT(clock_utc_offset(utc(2026, 3, 29, 0, 59, 59)), 0);
	T_EQ_INT(clock_utc_offset(utc(2026, 3, 29, 1, 0, 0)), 3600);
	/* And back on 25 October 2026 at 01:00 UTC. */
	T_EQ_INT(clock_utc_offset(utc(2026, 10, 25, 0, 59, 59)), 3600);
	T_EQ_INT(clock_utc_offset(utc(2026, 10, 25, 1, 0, 0)), 0);

	set_new_york();
	T_EQ_INT(clock_utc_offset(utc(2026, 1, 15, 12, 0, 0)), -5 * 3600);
	T_EQ_INT(clock_utc_offset(utc(2026, 6, 15, 12, 0, 0)), -4 * 3600);

	set_tz("UTC");
	T_EQ_INT(clock_utc_offset(utc(2026, 6, 15, 12, 0, 0)), 0);
	set_tz("<+0530>-5:30");
	T_EQ_INT(clock_utc_offset(utc(2026, 6, 15, 12, 0, 0)), 19800);
}

static void
test_zone_name(void)
{
	char	name[64], small[4];

	set_tz("Europe/London");
	clock_zone_name(name, sizeof name);
	T_EQ_STR(name, "Europe/London");

	set_tz(":Europe/Paris");
	clock_zone_name(name, sizeof name);
	T_EQ_STR(name, "Europe/Paris");

	set_tz("Pacific/Auckland");
	clock_zone_name(small, sizeof small);
	T_EQ_STR(small, "Pac");
	memset(small, 'x', sizeof small);
	clock_zone_name(small, 0);
	T_EQ_INT(small[0], 'x');

	/* Without TZ: the system's zone, never empty. */
	unsetenv("TZ");
	tzset();
	name[0] = '\0';
	clock_zone_name(name, sizeof name);
	T_TRUE(name[0] != '\0');
	T_TRUE(strchr(name, '\n') == NULL);

	set_tz("");
	name[0] = '\0';
	clock_zone_name(name, sizeof name);
	T_TRUE(name[0] != '\0');
}

static void
test_parse_date(void)
{
	static const char *good[] = {
		"2026-01-01", "2026-02-28", "2024-02-29", "2000-02-29",
		"2026-12-31", "2026-04-30", "1999-09-09", "0001-01-01",
	};
	static const struct {
		const char	*s;
		const char	*cause;
	} bad[] = {
		{ "2026-02-30", "date '2026-02-30' does not exist" },
		{ "2026-02-29", "date '2026-02-29' does not exist" },
		{ "1900-02-29", "date '1900-02-29' does not exist" },
		{ "2026-04-31", "date '2026-04-31' does not exist" },
		{ "2026-13-01", "date '2026-13-01' does not exist" },
		{ "2026-00-10", "date '2026-00-10' does not exist" },
		{ "2026-01-00", "date '2026-01-00' does not exist" },
		{ "2026-01-32", "date '2026-01-32' does not exist" },
		{ "0000-01-01", "date '0000-01-01' does not exist" },
		{ "2026-1-01", "date '2026-1-01' is not YYYY-MM-DD" },
		{ "26-01-01", "date '26-01-01' is not YYYY-MM-DD" },
		{ "2026/01/01", "date '2026/01/01' is not YYYY-MM-DD" },
		{ "2026-01-01x", "date '2026-01-01x' is not YYYY-MM-DD" },
		{ " 2026-01-01", "date ' 2026-01-01' is not YYYY-MM-DD" },
		{ "2026-01-0a", "date '2026-01-0a' is not YYYY-MM-DD" },
		{ "+026-01-01", "date '+026-01-01' is not YYYY-MM-DD" },
		{ "", "date '' is not YYYY-MM-DD" },
		{ "today", "date 'today' is not YYYY-MM-DD" },
	};
	struct err	 e = ERR_INIT;
	size_t	 i;

	for (i = 0; i < sizeof good / sizeof good[0]; i++) {
		T_EQ_INT(clock_parse_date(good[i], &e), 0);
		CU_ASSERT_PTR_NULL(e.msg);
	}
	for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		T_EQ_INT(clock_parse_date(bad[i].s, &e), -1);
		T_EQ_STR(e.msg, bad[i].cause);
		T_EQ_INT(e.code, ERR_USAGE);
		err_clear(&e);
	}
	T_EQ_INT(clock_parse_date("2026-02-30", NULL), -1);
}

static void
test_parse_hms(void)
{
	static const struct {
		const char	*s;
		int64_t		 ms;
	} good[] = {
		{ "0:00", 0 },
		{ "00:00", 0 },
		{ "9:05", 9 * HOUR + 5 * MINUTE },
		{ "09:05", 9 * HOUR + 5 * MINUTE },
		{ "09:05:07", 9 * HOUR + 5 * MINUTE + 7000 },
		{ "09:05:07.5", 9 * HOUR + 5 * MINUTE + 7500 },
		{ "09:05:07.05", 9 * HOUR + 5 * MINUTE + 7050 },
		{ "09:05:07.005", 9 * HOUR + 5 * MINUTE + 7005 },
		{ "09:05:07.123", 9 * HOUR + 5 * MINUTE + 7123 },
		{ "09:05:07.000", 9 * HOUR + 5 * MINUTE + 7000 },
		{ "23:59:59.999", 24 * HOUR - 1 },
		{ "24:00", 24 * HOUR },
		{ "25:30", 25 * HOUR + 30 * MINUTE },
		{ "47:59:59.999", 48 * HOUR - 1 },
	};
	static const struct {
		const char	*s;
		const char	*cause;
	} bad[] = {
		{ "48:00", "time '48:00': hour 48 is past 47" },
		{ "99:00:00", "time '99:00:00': hour 99 is past 47" },
		{ "10:60", "time '10:60': minute 60 is past 59" },
		{ "10:30:60", "time '10:30:60': second 60 is past 59" },
		{ "123:00", "time '123:00' is not HH:MM, HH:MM:SS or "
		    "HH:MM:SS.mmm" },
		{ "10:5", "time '10:5' is not HH:MM, HH:MM:SS or "
		    "HH:MM:SS.mmm" },
		{ "10:05:", "time '10:05:' is not HH:MM, HH:MM:SS or "
		    "HH:MM:SS.mmm" },
		{ "10:05:7", "time '10:05:7' is not HH:MM, HH:MM:SS or "
		    "HH:MM:SS.mmm" },
		{ "10:05:07.", "time '10:05:07.' is not HH:MM, HH:MM:SS or "
		    "HH:MM:SS.mmm" },
		{ "10:05:07.1234", "time '10:05:07.1234' is not HH:MM, "
		    "HH:MM:SS or HH:MM:SS.mmm" },
		{ "10:05:07.1x", "time '10:05:07.1x' is not HH:MM, HH:MM:SS "
		    "or HH:MM:SS.mmm" },
		{ "10:05.5", "time '10:05.5' is not HH:MM, HH:MM:SS or "
		    "HH:MM:SS.mmm" },
		{ "10.05", "time '10.05' is not HH:MM, HH:MM:SS or "
		    "HH:MM:SS.mmm" },
		{ "1005", "time '1005' is not HH:MM, HH:MM:SS or "
		    "HH:MM:SS.mmm" },
		{ "10", "time '10' is not HH:MM, HH:MM:SS or HH:MM:SS.mmm" },
		{ "", "time '' is not HH:MM, HH:MM:SS or HH:MM:SS.mmm" },
		{ ":30", "time ':30' is not HH:MM, HH:MM:SS or "
		    "HH:MM:SS.mmm" },
		{ "-1:00", "time '-1:00' is not HH:MM, HH:MM:SS or "
		    "HH:MM:SS.mmm" },
		{ "+1:00", "time '+1:00' is not HH:MM, HH:MM:SS or "
		    "HH:MM:SS.mmm" },
		{ " 10:00", "time ' 10:00' is not HH:MM, HH:MM:SS or "
		    "HH:MM:SS.mmm" },
		{ "10:00 ", "time '10:00 ' is not HH:MM, HH:MM:SS or "
		    "HH:MM:SS.mmm" },
		{ "10:00:00:00", "time '10:00:00:00' is not HH:MM, HH:MM:SS "
		    "or HH:MM:SS.mmm" },
		{ "ab:cd", "time 'ab:cd' is not HH:MM, HH:MM:SS or "
		    "HH:MM:SS.mmm" },
		{ "1a:00", "time '1a:00' is not HH:MM, HH:MM:SS or "
		    "HH:MM:SS.mmm" },
	};
	struct err	 e = ERR_INIT;
	char		*want;
	int64_t	 ms;
	size_t	 i;

	for (i = 0; i < sizeof good / sizeof good[0]; i++) {
		ms = -1;
		T_EQ_INT(clock_parse_hms(good[i].s, strlen(good[i].s), &ms,
		    &e), 0);
		T_EQ_INT(ms, good[i].ms);
		CU_ASSERT_PTR_NULL(e.msg);
	}
	for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		ms = 12345;
		T_EQ_INT(clock_parse_hms(bad[i].s, strlen(bad[i].s), &ms,
		    &e), -1);
		T_EQ_INT(ms, 12345);
		T_EQ_STR(e.msg, bad[i].cause);
		T_EQ_INT(e.code, ERR_USAGE);
		err_clear(&e);
	}

	/* Only len bytes are read: no NUL needed, the rest is not seen. */
	T_EQ_INT(clock_parse_hms("10:30 start teachers", 5, &ms, NULL), 0);
	T_EQ_INT(ms, 10 * HOUR + 30 * MINUTE);
	T_EQ_INT(clock_parse_hms("10:30:15.25xyz", 11, &ms, NULL), 0);
	T_EQ_INT(ms, 10 * HOUR + 30 * MINUTE + 15250);
	T_EQ_INT(clock_parse_hms("10:3", 4, &ms, &e), -1);
	T_EQ_STR(e.msg, "time '10:3' is not HH:MM, HH:MM:SS or HH:MM:SS.mmm");
	err_clear(&e);
	{
		char	exact[5] = { '1', '0', ':', '3', '0' };

		T_EQ_INT(clock_parse_hms(exact, sizeof exact, &ms, NULL), 0);
		T_EQ_INT(ms, 10 * HOUR + 30 * MINUTE);
		T_EQ_INT(clock_parse_hms(exact, 0, &ms, NULL), -1);
	}

	/* A long bad text is cut in the message. */
	want = xmalloc(200);
	memset(want, '9', 199);
	want[199] = '\0';
	T_EQ_INT(clock_parse_hms(want, 199, &ms, &e), -1);
	T_EQ_INT(strlen(e.msg), strlen("time '' is not HH:MM, HH:MM:SS or "
	    "HH:MM:SS.mmm") + 64);
	err_clear(&e);
	free(want);
}

static void
test_local_to_ms(void)
{
	struct err	 e = ERR_INIT;
	int64_t	 ms, a, b;

	set_london();
	T_EQ_INT(clock_local_to_ms("2026-06-10", 9 * HOUR, &ms, &e), 0);
	T_EQ_INT(ms, utc(2026, 6, 10, 8, 0, 0));
	T_EQ_INT(clock_local_to_ms("2026-01-10", 9 * HOUR + 250, &ms,
	    &e), 0);
	T_EQ_INT(ms, utc(2026, 1, 10, 9, 0, 0) + 250);

	/* The day the clocks go forward is 23 hours long. */
	T_EQ_INT(clock_local_to_ms("2026-03-29", 0, &ms, &e), 0);
	T_EQ_INT(ms, utc(2026, 3, 29, 0, 0, 0));
	T_EQ_INT(clock_local_to_ms("2026-03-29", 30 * MINUTE, &ms, &e),
	    0);
	T_EQ_INT(ms, utc(2026, 3, 29, 0, 30, 0));
	T_EQ_INT(clock_local_to_ms("2026-03-29", 3 * HOUR, &ms, &e), 0);
	T_EQ_INT(ms, utc(2026, 3, 29, 2, 0, 0));
	T_EQ_INT(clock_local_to_ms("2026-03-29", 12 * HOUR, &ms, &e), 0);
	T_EQ_INT(ms, utc(2026, 3, 29, 11, 0, 0));
	T_EQ_INT(clock_local_to_ms("2026-03-29", 24 * HOUR, &b, &e), 0);
	T_EQ_INT(clock_local_to_ms("2026-03-29", 0, &a, &e), 0);
	T_EQ_INT(b - a, 23 * HOUR);
	/* Its hour from 01:00 to 02:00 never shows: refused, not moved. */
	T_EQ_INT(clock_local_to_ms("2026-03-29", HOUR - 1, &ms, &e), 0);
	T_EQ_INT(ms, utc(2026, 3, 29, 0, 59, 59) + 999);
	T_EQ_INT(clock_local_to_ms("2026-03-29", 2 * HOUR, &ms, &e), 0);
	T_EQ_INT(ms, utc(2026, 3, 29, 1, 0, 0));
	T_EQ_INT(clock_local_to_ms("2026-03-29", HOUR + 30 * MINUTE + 5, &ms,
	    &e), -1);
	T_EQ_STR(e.msg, "01:30:00 on 2026-03-29 is not a time the clocks "
	    "showed here: they went forward past it");
	T_EQ_INT(e.code, ERR_USAGE);
	T_TRUE(e.file == NULL && e.line == 0);	/* the caller knows where */
	err_clear(&e);
	T_EQ_INT(clock_local_to_ms("2026-03-29", HOUR, &ms, &e), -1);
	err_clear(&e);
	T_EQ_INT(clock_local_to_ms("2026-03-28", 25 * HOUR + 30 * MINUTE, &ms,
	    &e), -1);
	T_HAS_STR(e.msg, "25:30:00 on 2026-03-28 is not a time");
	err_clear(&e);

	/* The day they go back is 25 hours long. */
	T_EQ_INT(clock_local_to_ms("2026-10-25", 0, &a, &e), 0);
	T_EQ_INT(a, utc(2026, 10, 24, 23, 0, 0));
	T_EQ_INT(clock_local_to_ms("2026-10-25", 12 * HOUR, &ms, &e), 0);
	T_EQ_INT(ms, utc(2026, 10, 25, 12, 0, 0));
	T_EQ_INT(clock_local_to_ms("2026-10-25", 24 * HOUR, &b, &e), 0);
	T_EQ_INT(b - a, 25 * HOUR);
	/* Its hour from 01:00 shows twice: the first (summer-time) one. */
	T_EQ_INT(clock_local_to_ms("2026-10-25", HOUR + 30 * MINUTE, &ms,
	    &e), 0);
	T_EQ_INT(ms, utc(2026, 10, 25, 0, 30, 0));

	/* A day that runs past midnight: 25:30 is 01:30 the next day. */
	T_EQ_INT(clock_local_to_ms("2026-06-10", 25 * HOUR + 30 * MINUTE, &a,
	    &e), 0);
	T_EQ_INT(clock_local_to_ms("2026-06-11", 1 * HOUR + 30 * MINUTE, &b,
	    &e), 0);
	T_EQ_INT(a, b);
	T_EQ_INT(a, utc(2026, 6, 11, 0, 30, 0));
	/* ... also across a month, a year and the change of clocks. */
	T_EQ_INT(clock_local_to_ms("2026-06-30", 24 * HOUR, &ms, &e), 0);
	T_EQ_INT(ms, utc(2026, 6, 30, 23, 0, 0));
	T_EQ_INT(clock_local_to_ms("2026-12-31", 25 * HOUR + 1500, &ms,
	    &e), 0);
	T_EQ_INT(ms, utc(2027, 1, 1, 1, 0, 1) + 500);
	T_EQ_INT(clock_local_to_ms("2026-03-28", 27 * HOUR, &ms, &e), 0);
	T_EQ_INT(ms, utc(2026, 3, 29, 2, 0, 0));
	T_EQ_INT(clock_local_to_ms("2026-03-28", 47 * HOUR + 59 * MINUTE +
	    59999, &ms, &e), 0);
	T_EQ_INT(ms, utc(2026, 3, 29, 22, 59, 59) + 999);

	set_new_york();
	T_EQ_INT(clock_local_to_ms("2026-01-10", 9 * HOUR, &ms, &e), 0);
	T_EQ_INT(ms, utc(2026, 1, 10, 14, 0, 0));

	T_EQ_INT(clock_local_to_ms("2026-02-30", 0, &ms, &e), -1);
	T_EQ_STR(e.msg, "date '2026-02-30' does not exist");
	err_clear(&e);
	T_EQ_INT(clock_local_to_ms("10/06/2026", 0, &ms, &e), -1);
	T_EQ_STR(e.msg, "date '10/06/2026' is not YYYY-MM-DD");
	err_clear(&e);
	T_EQ_INT(clock_local_to_ms("2026-06-10", -1, &ms, &e), -1);
	T_EQ_STR(e.msg, "clock time -1 ms is not within 00:00 to "
	    "47:59:59.999");
	err_clear(&e);
	T_EQ_INT(clock_local_to_ms("2026-06-10", 48 * HOUR, &ms, &e), -1);
	T_EQ_STR(e.msg, "clock time 172800000 ms is not within 00:00 to "
	    "47:59:59.999");
	err_clear(&e);
}

static void
test_midnight_ms(void)
{
	struct err	 e = ERR_INIT;
	int64_t	 ms, local;

	T_EQ_INT(clock_midnight_ms("2026-03-29", 0, &ms, &e), 0);
	T_EQ_INT(ms, utc(2026, 3, 29, 0, 0, 0));
	T_EQ_INT(clock_midnight_ms("2026-06-10", 3600, &ms, &e), 0);
	T_EQ_INT(ms, utc(2026, 6, 9, 23, 0, 0));
	T_EQ_INT(clock_midnight_ms("2026-01-10", -5 * 3600, &ms, &e), 0);
	T_EQ_INT(ms, utc(2026, 1, 10, 5, 0, 0));
	T_EQ_INT(clock_midnight_ms("2024-02-29", 19800, &ms, &e), 0);
	T_EQ_INT(ms, utc(2024, 2, 28, 18, 30, 0));
	T_EQ_INT(clock_midnight_ms("1970-01-01", 0, &ms, &e), 0);
	T_EQ_INT(ms, 0);

	/* Agrees with the zone's own midnight on ordinary and DST days. */
	set_london();
	T_EQ_INT(clock_local_to_ms("2026-06-10", 0, &local, &e), 0);
	T_EQ_INT(clock_midnight_ms("2026-06-10", clock_utc_offset(local),
	    &ms, &e), 0);
	T_EQ_INT(ms, local);
	T_EQ_INT(clock_local_to_ms("2026-10-25", 0, &local, &e), 0);
	T_EQ_INT(clock_midnight_ms("2026-10-25", clock_utc_offset(local),
	    &ms, &e), 0);
	T_EQ_INT(ms, local);

	T_EQ_INT(clock_midnight_ms("2026-02-29", 0, &ms, &e), -1);
	T_EQ_STR(e.msg, "date '2026-02-29' does not exist");
	err_clear(&e);
	T_EQ_INT(clock_midnight_ms("2026-06-10", 86400, &ms, &e), -1);
	T_EQ_STR(e.msg, "UTC offset 86400 s is more than a day");
	T_EQ_INT(e.code, ERR_DATA);	/* only a header gives one */
	err_clear(&e);
	T_EQ_INT(clock_midnight_ms("2026-06-10", -86400, &ms, &e), -1);
	T_EQ_STR(e.msg, "UTC offset -86400 s is more than a day");
	err_clear(&e);
}

static void
test_format_hms(void)
{
	static const struct {
		int64_t		 ms;
		const char	*s;
	} t[] = {
		{ 0, "00:00:00" },
		{ 999, "00:00:00.999" },
		{ 1000, "00:00:01" },
		{ 9 * HOUR + 5 * MINUTE + 7000, "09:05:07" },
		{ 9 * HOUR + 5 * MINUTE + 7500, "09:05:07.500" },
		{ 9 * HOUR + 5 * MINUTE + 7005, "09:05:07.005" },
		{ 24 * HOUR - 1, "23:59:59.999" },
		{ 24 * HOUR, "24:00:00" },
		{ 25 * HOUR + 10 * MINUTE, "25:10:00" },
		{ 48 * HOUR - 1, "47:59:59.999" },
		{ 100 * HOUR - 1, "99:59:59.999" },
		{ -1500, "-00:00:01.500" },
		{ -HOUR, "-01:00:00" },
		{ -(100 * HOUR - 1), "-99:59:59.999" },
	};
	char	buf[CLOCK_HMS_LEN];
	int64_t	ms;
	size_t	i;

	for (i = 0; i < sizeof t / sizeof t[0]; i++) {
		memset(buf, 'x', sizeof buf);
		clock_format_hms(t[i].ms, buf);
		T_EQ_STR(buf, t[i].s);
	}

	/* Past what the buffer holds: held at 99 hours, never undefined. */
	clock_format_hms(100 * HOUR, buf);
	T_EQ_STR(buf, "99:59:59.999");
	clock_format_hms(INT64_MAX, buf);
	T_EQ_STR(buf, "99:59:59.999");
	clock_format_hms(INT64_MIN, buf);
	T_EQ_STR(buf, "-99:59:59.999");

	/* Formatting then parsing gives the time back. */
	for (ms = 0; ms < 48 * HOUR; ms += 7 * MINUTE + 13001) {
		int64_t	back = -1;

		clock_format_hms(ms, buf);
		T_EQ_INT(clock_parse_hms(buf, strlen(buf), &back, NULL), 0);
		T_EQ_INT(back, ms);
	}
}

static void
test_long_date(void)
{
	char	*s;

	T_EQ_STR(clock_weekday("2026-11-16"), "Monday");
	T_EQ_STR(clock_weekday("2000-02-29"), "Tuesday");
	T_EQ_STR(clock_weekday("2024-03-03"), "Sunday");
	T_TRUE(clock_weekday("2026-13-01") == NULL);
	T_TRUE(clock_weekday("not a date") == NULL);
	s = clock_long_date("2026-11-16", 1);
	T_EQ_STR(s, "Monday 16 November 2026");
	free(s);
	s = clock_long_date("2026-03-03", 0);
	T_EQ_STR(s, "Tuesday 3 March");
	free(s);
	T_TRUE(clock_long_date("2026-00-10", 1) == NULL);
}

void
clock_test_register(void)
{
	CU_pSuite	suite;

	suite = CU_add_suite("clock", test_tz_save, test_tz_restore);
	CU_add_test(suite, "the test's own UTC arithmetic", test_utc_helper);
	CU_add_test(suite, "wall and monotonic clocks", test_wall_mono);
	CU_add_test(suite, "local date", test_local_date);
	CU_add_test(suite, "offset from UTC", test_utc_offset);
	CU_add_test(suite, "zone name", test_zone_name);
	CU_add_test(suite, "parse a date", test_parse_date);
	CU_add_test(suite, "parse a clock time", test_parse_hms);
	CU_add_test(suite, "clock time on a date", test_local_to_ms);
	CU_add_test(suite, "midnight for an offset", test_midnight_ms);
	CU_add_test(suite, "format a clock time", test_format_hms);
	CU_add_test(suite, "weekday and long date", test_long_date);
}
