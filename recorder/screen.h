/*
 * The live recorder's screen: renders the day, the prompt and the messages
 * into one buffer of text and ANSI escapes, without curses.  Everything
 * that came from a log or a keyboard is untrusted: control characters are
 * replaced before they reach the terminal.
 */
#ifndef SCREEN_H
#define SCREEN_H

#include <stddef.h>
#include <stdint.h>

#include "day.h"
#include "scheme.h"

#define SCREEN_RECENT	8	/* actions listed on an ordinary screen */
/* A large terminal lists more actions and shows the groups' colours. */
#define SCREEN_LARGE_COLS	100
#define SCREEN_LARGE_ROWS	30

struct screen_cache;

struct screen {
	unsigned		 cols, rows;	/* terminal size */
	int			 full;	/* clear the screen first */
	int64_t			 now;	/* wall clock, ms */
	int64_t			 midnight; /* the day's local midnight */
	const char		*file;	/* the log's name as shown */
	const struct day	*day;
	size_t			 nunsaved; /* last actions not on disk */
	const char		*prompt; /* lines split by '\n', or NULL */
	int			 cursor; /* 0: none; else 1 + the bytes of
					   the prompt's last line after it */
	const char		*message; /* or NULL */
	const char		*warning; /* or NULL */
	struct screen_cache	*cache;	/* the day's figures kept between
					   redraws, or NULL */
};

/* Today's figures as the screen shows them: those of the analyser
 * (timeline and summary of the day so far, review records applied),
 * carried on to now while observation runs. */
struct screen_figures {
	size_t		 ngroups;		/* the scheme's */
	size_t		 episodes[SCHEME_MAX_GROUPS];
	size_t		 brief[SCHEME_MAX_GROUPS];
	int64_t		 ms[SCHEME_MAX_GROUPS];	/* time per group */
	size_t		 nepisodes, nbrief;
	size_t		 nnotes;		/* notes in force */
	int64_t		 observed;		/* ms, episodes and alone */
};
void	 screen_figures(const struct day *, int64_t now,
	    struct screen_figures *);

/* The figures of the day as it stood at its nactions-th action: the
 * screen redraws every second, and recomputing the day's timeline each
 * time would cost more the longer the day.  Any change to the day adds an
 * action (day_apply), so the count tells when they are stale. */
struct screen_cache {
	const struct day	*day;		/* NULL: empty */
	size_t			 nactions;
	struct screen_figures	 fig;		/* to the timeline's end */
	int64_t			 end;		/* the timeline's end */
	int			 missing;	/* the open episode is not in
						   the timeline yet */
};

/* Renders the screen; returns the bytes to write (the caller frees them)
 * and their number in *len. */
char	*screen_render(const struct screen *, size_t *len);
/* A copy of s fit for the terminal: each control character, and each byte
 * that is not valid UTF-8, becomes '?'.  The caller frees it. */
char	*screen_clean(const char *s);
/* Formats ms since midnight as "HH:MM:SS" (seconds cut, not rounded). */
void	 screen_hms(int64_t ms, char buf[16]);
/* Formats a duration as "M:SS", or "H:MM:SS" from an hour. */
void	 screen_duration(int64_t ms, char buf[24]);
/* Formats a duration with its units, never like a clock: "7m36s",
 * "1h02m03s", "45s" (seconds cut). */
void	 screen_span(int64_t ms, char buf[32]);

#endif
