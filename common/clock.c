/*
 * Time handling: wall and monotonic clocks, local dates and zones, and clock
 * times that may pass 24:00.  Easy to get wrong: a day of 23 or 25 hours, so
 * a local clock time goes through mktime, never through midnight + offset.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "clock.h"
#include "err.h"
#include "xmalloc.h"

#define CLOCK_MAX_HOURS	48	/* clock times run from 00:00 to 47:59:59.999 */
#define CLOCK_SHOW	64	/* bytes of bad input repeated in a message */


static int64_t
clock_ms(clockid_t id)
{
	struct timespec	ts;

	if (clock_gettime(id, &ts) != 0)
		return 0;
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

int64_t
clock_wall_ms(void)
{
	return clock_ms(CLOCK_REALTIME);
}

/*
 * CLOCK_BOOTTIME, not CLOCK_MONOTONIC: both ignore changes of the wall
 * clock, but only BOOTTIME counts a suspend.  A laptop whose lid is closed
 * mid-episode is still being shadowed, and the episode must keep that time.
 */
int64_t
clock_mono_ms(void)
{
#ifdef CLOCK_BOOTTIME
	return clock_ms(CLOCK_BOOTTIME);
#else
	return clock_ms(CLOCK_MONOTONIC);
#endif
}

/* The local broken-down time of an instant; -1 if it cannot be had. */
static int
clock_local_tm(int64_t ms, struct tm *tm)
{
	time_t	t;

	t = (time_t)(ms / 1000);
	if (ms % 1000 < 0)
		t--;
	if (localtime_r(&t, tm) == NULL)
		return -1;
	return 0;
}

void
clock_local_date(int64_t ms, char date[CLOCK_DATE_LEN])
{
	struct tm	tm;

	if (clock_local_tm(ms, &tm) != 0 || tm.tm_year < -1900 ||
	    tm.tm_year > 9999 - 1900) {
		memcpy(date, "0000-00-00", CLOCK_DATE_LEN);
		return;
	}
	snprintf(date, CLOCK_DATE_LEN, "%04u-%02u-%02u",
	    (unsigned)(tm.tm_year + 1900) % 10000u,
	    (unsigned)(tm.tm_mon + 1) % 100u, (unsigned)tm.tm_mday % 100u);
}

int
clock_utc_offset(int64_t ms)
{
	struct tm	tm;

	if (clock_local_tm(ms, &tm) != 0)
		return 0;
	return (int)tm.tm_gmtoff;
}

/* The first line of a file, without trailing blanks; -1 if none. */
static int
clock_first_line(const char *path, char *buf, size_t len)
{
	FILE	*f;
	size_t	 n;

	if ((f = fopen(path, "re")) == NULL)
		return -1;
	if (fgets(buf, (int)len, f) == NULL) {
		fclose(f);
		return -1;
	}
	fclose(f);
	n = strcspn(buf, "\r\n");
	while (n > 0 && (buf[n - 1] == ' ' || buf[n - 1] == '\t'))
		n--;
	buf[n] = '\0';
	return n == 0 ? -1 : 0;
}

void
clock_zone_name(char *name, size_t len)
{
	const char	*tz, *at;
	char		 link[4096];
	ssize_t		 n;

	if (len == 0)
		return;
	tz = getenv("TZ");
	if (tz != NULL && *tz == ':')
		tz++;
	if (tz != NULL && *tz != '\0') {
		snprintf(name, len, "%s", tz);
		return;
	}
	if (clock_first_line("/etc/timezone", name, len) == 0)
		return;
	n = readlink("/etc/localtime", link, sizeof link - 1);
	if (n > 0) {
		link[n] = '\0';
		at = strstr(link, "zoneinfo/");
		if (at != NULL && at[9] != '\0') {
			snprintf(name, len, "%s", at + 9);
			return;
		}
	}
	snprintf(name, len, "localtime");
}

static int
clock_digits(const char *s, size_t n)
{
	size_t	i;

	for (i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return 0;
	}
	return 1;
}

static int
clock_number(const char *s, size_t n)
{
	int	v = 0;
	size_t	i;

	for (i = 0; i < n; i++)
		v = v * 10 + (s[i] - '0');
	return v;
}

static int
clock_leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

/* Checks "YYYY-MM-DD" and gives tm that date, at 00:00:00 (every other
 * field 0); 0 or -1 with e (ERR_USAGE). */
static int
clock_date_tm(const char *s, struct tm *tm, struct err *e)
{
	static const int	days[] = {
		31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31
	};
	int			y, m, d, last;

	if (s == NULL || strlen(s) != 10 || !clock_digits(s, 4) ||
	    s[4] != '-' || !clock_digits(s + 5, 2) || s[7] != '-' ||
	    !clock_digits(s + 8, 2)) {
		err_set(e, ERR_USAGE, "date '%.*s' is not YYYY-MM-DD",
		    CLOCK_SHOW, s == NULL ? "" : s);
		return -1;
	}
	y = clock_number(s, 4);
	m = clock_number(s + 5, 2);
	d = clock_number(s + 8, 2);
	if (y == 0 || m < 1 || m > 12) {
		err_set(e, ERR_USAGE, "date '%s' does not exist", s);
		return -1;
	}
	last = days[m - 1] + (m == 2 && clock_leap(y));
	if (d < 1 || d > last) {
		err_set(e, ERR_USAGE, "date '%s' does not exist", s);
		return -1;
	}
	memset(tm, 0, sizeof *tm);
	tm->tm_year = y - 1900;
	tm->tm_mon = m - 1;
	tm->tm_mday = d;
	return 0;
}

int
clock_parse_date(const char *s, struct err *e)
{
	struct tm	tm;

	return clock_date_tm(s, &tm, e);
}

int
clock_parse_hms(const char *s, size_t len, int64_t *ms, struct err *e)
{
	size_t	i = 0, h;
	int	hh, mm, ss = 0, frac = 0, nfrac;
	int	shown = len > CLOCK_SHOW ? CLOCK_SHOW : (int)len;

	for (h = 0; h < len && h < 3 && s[h] >= '0' && s[h] <= '9'; h++)
		/* nothing */;
	if (h == 0 || h > 2 || h + 3 > len || s[h] != ':' ||
	    !clock_digits(s + h + 1, 2))
		goto bad;
	hh = clock_number(s, h);
	mm = clock_number(s + h + 1, 2);
	i = h + 3;
	if (i < len) {
		if (s[i] != ':' || i + 3 > len || !clock_digits(s + i + 1, 2))
			goto bad;
		ss = clock_number(s + i + 1, 2);
		i += 3;
	}
	if (i < len) {
		if (s[i] != '.')
			goto bad;
		for (nfrac = 0, i++; i < len; i++, nfrac++) {
			if (nfrac == 3 || s[i] < '0' || s[i] > '9')
				goto bad;
			frac = frac * 10 + (s[i] - '0');
		}
		if (nfrac == 0)
			goto bad;
		for (; nfrac < 3; nfrac++)
			frac *= 10;
	}
	if (hh >= CLOCK_MAX_HOURS) {
		err_set(e, ERR_USAGE, "time '%.*s': hour %d is past %d",
		    shown, s, hh, CLOCK_MAX_HOURS - 1);
		return -1;
	}
	if (mm > 59 || ss > 59) {
		err_set(e, ERR_USAGE, "time '%.*s': %s %d is past 59",
		    shown, s, mm > 59 ? "minute" : "second", mm > 59 ? mm : ss);
		return -1;
	}
	*ms = (((int64_t)hh * 60 + mm) * 60 + ss) * 1000 + frac;
	return 0;

bad:
	err_set(e, ERR_USAGE, "time '%.*s' is not HH:MM, HH:MM:SS or "
	    "HH:MM:SS.mmm", shown, s);
	return -1;
}

/*
 * The instant at which the local clock showed req's wall time with
 * daylight saving isdst (0 or 1): 0 with *t, or -1 when the clock never
 * showed it so (the hour the clocks skip, or a zone with no such time).
 * Wall times are compared as if UTC, so that 25:30 asked for and 01:30
 * the next day shown are the same.  mktime alone will not do: for a time
 * that does not exist it moves it, and for one that happens twice its
 * choice depends on earlier calls.
 */
static int
clock_try(const struct tm *req, int isdst, time_t *t)
{
	struct tm	tm = *req, shown, want = *req;

	tm.tm_isdst = isdst;
	errno = 0;
	*t = mktime(&tm);
	if ((*t == (time_t)-1 && errno != 0) || localtime_r(t, &shown) == NULL)
		return -1;
	if (shown.tm_isdst != isdst)
		return -1;
	return timegm(&shown) == timegm(&want) ? 0 : -1;
}

int
clock_local_to_ms(const char *date, int64_t clock_ms, int64_t *ms,
    struct err *e)
{
	struct tm	tm;
	time_t		t, summer;
	int		ok;
	char		hms[CLOCK_HMS_LEN];

	if (clock_date_tm(date, &tm, e) != 0)
		return -1;
	if (clock_ms < 0 || clock_ms >= (int64_t)CLOCK_MAX_HOURS * 3600000) {
		err_set(e, ERR_USAGE, "clock time %lld ms is not within 00:00 "
		    "to %d:59:59.999", (long long)clock_ms,
		    CLOCK_MAX_HOURS - 1);
		return -1;
	}
	tm.tm_hour = (int)(clock_ms / 3600000);
	tm.tm_min = (int)(clock_ms / 60000 % 60);
	tm.tm_sec = (int)(clock_ms / 1000 % 60);
	/* Standard time, summer time, or both (the hour repeated when the
	 * clocks go back): then the earlier, as the clock first showed it. */
	ok = clock_try(&tm, 0, &t) == 0;
	if (clock_try(&tm, 1, &summer) == 0 && (!ok || summer < t)) {
		t = summer;
		ok = 1;
	}
	if (!ok) {
		clock_format_hms(clock_ms - clock_ms % 1000, hms);
		err_set(e, ERR_USAGE, "%s on %s is not a time the clocks "
		    "showed here: they went forward past it", hms, date);
		return -1;
	}
	*ms = (int64_t)t * 1000 + clock_ms % 1000;
	return 0;
}

int
clock_midnight_ms(const char *date, int utc_offset, int64_t *ms,
    struct err *e)
{
	struct tm	tm;
	time_t		t;

	if (clock_date_tm(date, &tm, e) != 0)
		return -1;
	if (utc_offset <= -86400 || utc_offset >= 86400) {
		err_set(e, ERR_DATA, "UTC offset %d s is more than a day",
		    utc_offset);
		return -1;
	}
	errno = 0;
	t = timegm(&tm);
	if (t == (time_t)-1 && errno != 0) {
		err_set(e, ERR_DATA, "date '%s': %s", date, strerror(errno));
		return -1;
	}
	*ms = ((int64_t)t - utc_offset) * 1000;
	return 0;
}

/* Writes n decimal digits of v at p; returns the byte after them. */
static char *
clock_put_digits(char *p, unsigned v, int n)
{
	int	i;

	for (i = n - 1; i >= 0; i--) {
		p[i] = (char)('0' + v % 10);
		v /= 10;
	}
	return p + n;
}

void
clock_format_hms(int64_t clock_ms, char buf[CLOCK_HMS_LEN])
{
	uint64_t	 v, most = UINT64_C(100) * 3600000 - 1;
	char		*p = buf;

	if (clock_ms < 0) {
		*p++ = '-';
		v = 0 - (uint64_t)clock_ms;
	} else
		v = (uint64_t)clock_ms;
	if (v > most)
		v = most;		/* the buffer holds hours up to 99 */
	p = clock_put_digits(p, (unsigned)(v / 3600000), 2);
	*p++ = ':';
	p = clock_put_digits(p, (unsigned)(v / 60000 % 60), 2);
	*p++ = ':';
	p = clock_put_digits(p, (unsigned)(v / 1000 % 60), 2);
	if (v % 1000 != 0) {
		*p++ = '.';
		p = clock_put_digits(p, (unsigned)(v % 1000), 3);
	}
	*p = '\0';
}

/* Splits "YYYY-MM-DD"; -1 unless it is a date of year 1 or later. */
static int
clock_split_date(const char *date, int *y, int *m, int *d)
{
	if (sscanf(date, "%4d-%2d-%2d", y, m, d) != 3 || *y < 1 || *m < 1 ||
	    *m > 12 || *d < 1 || *d > 31)
		return -1;
	return 0;
}

const char *
clock_weekday(const char *date)
{
	static const char *const names[] = { "Sunday", "Monday", "Tuesday",
	    "Wednesday", "Thursday", "Friday", "Saturday" };
	static const int	t[] = { 0, 3, 2, 5, 0, 3, 5, 1, 4, 6, 2, 4 };
	int			y, m, d, n;

	if (clock_split_date(date, &y, &m, &d) != 0)
		return NULL;
	/* Sakamoto's method: the weekday of a Gregorian date. */
	n = y - (m < 3);
	return names[(n + n / 4 - n / 100 + n / 400 + t[m - 1] + d) % 7];
}

char *
clock_long_date(const char *date, int with_year)
{
	static const char *const months[] = { "January", "February", "March",
	    "April", "May", "June", "July", "August", "September", "October",
	    "November", "December" };
	int	y, m, d;

	if (clock_split_date(date, &y, &m, &d) != 0)
		return NULL;
	if (with_year)
		return xasprintf("%s %d %s %d", clock_weekday(date), d,
		    months[m - 1], y);
	return xasprintf("%s %d %s", clock_weekday(date), d, months[m - 1]);
}
