/*
 * Time handling.  Instants are milliseconds since the Unix epoch (UTC);
 * clock times within a day are milliseconds since the local midnight of
 * the day's date and may pass 24:00 for a day that crosses midnight.
 * Durations within one recorder run come from the monotonic clock.
 */
#ifndef CLOCK_H
#define CLOCK_H

#include <stddef.h>
#include <stdint.h>

struct err;

#define CLOCK_DATE_LEN	11	/* "YYYY-MM-DD" and NUL */
#define CLOCK_HMS_LEN	16	/* "HH:MM:SS.mmm" and NUL, hours up to 99 */

int64_t	clock_wall_ms(void);		/* wall clock, ms since the epoch */
int64_t	clock_mono_ms(void);		/* monotonic clock counting
					   suspend (BOOTTIME), ms */

/* The local date of an instant, "YYYY-MM-DD". */
void	clock_local_date(int64_t ms, char date[CLOCK_DATE_LEN]);
/* Seconds east of UTC of the local zone at an instant. */
int	clock_utc_offset(int64_t ms);
/* The local zone's name: $TZ, else /etc/timezone, else "localtime". */
void	clock_zone_name(char *name, size_t len);

/*
 * The parsers below return 0, or -1 with e filled: ERR_USAGE when the date
 * or time is not one (they are values a person typed: a caller reading a
 * file says ERR_DATA and where), ERR_DATA for an offset no header has.
 */
/* Checks a "YYYY-MM-DD" date. */
int	clock_parse_date(const char *s, struct err *e);
/* Parses "HH:MM", "HH:MM:SS" or "HH:MM:SS.mmm" (len bytes, no NUL needed)
 * into ms since midnight; HH may be 00..47 (past midnight). */
int	clock_parse_hms(const char *s, size_t len, int64_t *ms, struct err *e);
/* The instant of a clock time on a date in the local time zone (mktime,
 * so daylight saving is honoured).  A time in the hour the clocks skip is
 * refused (ERR_USAGE); one in the hour they repeat is its first
 * (summer-time) one. */
int	clock_local_to_ms(const char *date, int64_t clock_ms, int64_t *ms,
	    struct err *e);
/* The instant of local midnight on date, for a zone utc_offset seconds
 * east of UTC. */
int	clock_midnight_ms(const char *date, int utc_offset, int64_t *ms,
	    struct err *e);
/* Formats ms since midnight as "HH:MM:SS", adding ".mmm" only when the
 * time has a fraction of a second; hours go past 23 for the next day. */
void	clock_format_hms(int64_t clock_ms, char buf[CLOCK_HMS_LEN]);
/* The English weekday of "YYYY-MM-DD" ("Monday"), or NULL if it does not
 * parse. */
const char *clock_weekday(const char *date);
/* "Monday 16 November 2026" of "2026-11-16" ("Monday 16 November" without
 * the year), or NULL if it does not parse.  The caller frees it. */
char	*clock_long_date(const char *date, int with_year);

#endif
