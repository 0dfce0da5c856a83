/*
 * Durations and clock times in words and digits: the one place a figure in
 * ms becomes what a person reads.  Easy to get wrong: a duration must never
 * look like a clock time ("7m36s", not "7:36"), except on the recorder's
 * stopwatch, which asks for that style by name.
 */
#ifndef FORMAT_H
#define FORMAT_H

#include <stdint.h>

#define FORMAT_LEN	40	/* any duration, clock time or percentage */
/* Any double in format_fixed (DBL_MAX has 309 digits before the point). */
#define FORMAT_FIXED_LEN	330
#define FORMAT_FIXED_MAX	9	/* the most places format_fixed takes */

enum format_duration {
	/* Rounded to the second, to the minute from an hour: "45s",
	 * "7m36s", "1h02m"; the analyser's tables. */
	FORMAT_SHORT,
	/* Cut to the second, never negative: "45s", "7m36s", "1h02m03s";
	 * the recorder's screen. */
	FORMAT_EXACT,
	/* As FORMAT_EXACT, with the minutes always: "0m45s". */
	FORMAT_EXACT_MINUTES,
	/* Cut to the second, never negative, as a stopwatch shows it:
	 * "7:36", "1:02:03". */
	FORMAT_STOPWATCH,
	/* As FORMAT_SHORT with spaced units, for prose: "45 s", "7 min 36 s",
	 * "1 h 02 min". */
	FORMAT_SPACED,
	/* Rounded to the minute, spaced: "31 min", "1 h 57 min". */
	FORMAT_MINUTES,
	/* In words, to the minute from a minute on: "40 seconds",
	 * "23 minutes", "1 hour", "1 hour 5 minutes". */
	FORMAT_WORDS
};

enum format_clock {
	FORMAT_HM,		/* "HH:MM", cut to the minute, 00:00..99:59 */
	FORMAT_HMS,		/* "HH:MM:SS", ".mmm" only when there is one */
	FORMAT_HMS_WHOLE	/* "HH:MM:SS", cut to the whole second */
};

/* Writes the duration ms in the style asked for into buf and returns buf;
 * NaN (a missing figure) is "-". */
char	*format_duration(double ms, enum format_duration,
	    char buf[FORMAT_LEN]);
/* Writes the clock time ms (since midnight; hours go past 23 for the next
 * day) into buf and returns buf. */
char	*format_clock(int64_t ms, enum format_clock, char buf[FORMAT_LEN]);
/* Writes a fraction as a percentage with one decimal, "12.3%", into buf and
 * returns buf; NaN is "-". */
char	*format_percent(double v, char buf[FORMAT_LEN]);

/* Writes x with places decimals (0..FORMAT_FIXED_MAX) into buf, the same
 * bytes as printf's "%.*f" (ties to even on the exact binary value, "-0.0"
 * for a negative that rounds to nothing), and returns their number; the
 * tables' figures, without printf parsing a format for each. */
size_t	format_fixed(double x, int places, char buf[FORMAT_FIXED_LEN]);

#endif
