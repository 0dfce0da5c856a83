/*
 * A progress line on standard error for a long run: "charts: 12 of 40
 * days drawn, about 20 s left", redrawn in place, only when standard
 * error is a terminal and only once the run has taken two seconds, so a
 * short run or one whose output goes to a file stays quiet.  Easy to get
 * wrong: a message printed meanwhile must clear the line first.
 */
#ifndef PROGRESS_H
#define PROGRESS_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

struct progress {
	FILE		*f;
	int		 tty;		/* f is a terminal */
	int		 shown;		/* a line is on the screen */
	uint64_t	 start;		/* uv_hrtime at progress_init */
	uint64_t	 last;		/* when last drawn */
};

/* Starts timing; the line goes to f if f is a terminal. */
void	progress_init(struct progress *, FILE *f);
/* Says done of total days drawn (time left from the pace so far). */
void	progress_update(struct progress *, size_t done, size_t total);
/* Takes the line off the screen (before a message, and at the end). */
void	progress_clear(struct progress *);

#endif
