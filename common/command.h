/*
 * Timed commands: the line language the recorder reads from a file or a
 * pipe ("[HH:MM[:SS]] start GROUP by=head ...").  The parser turns one line
 * into a record without a time, seq or session; the caller places it on
 * the day and checks it with day_apply.  Values are bytes of UTF-8 with no
 * control characters; a note is the rest of its line, verbatim.  A review
 * command's target given as a clock time is left for the caller to resolve
 * against the day (day_find_target), and a move's new time to convert.
 */
#ifndef COMMAND_H
#define COMMAND_H

#include <stddef.h>
#include <stdint.h>

#include "record.h"
#include "scheme.h"

struct err;

#define COMMAND_MAX_LINE	8192	/* bytes, newline excluded */

struct command {
	int		 has_time;
	int64_t		 clock_ms;	/* ms since local midnight, if has_time */
	struct record	 rec;		/* strings owned by the command */
	const char	*with[RECORD_MAX_WITH];	/* rec.with's array */
	const char	*dims[2 * SCHEME_MAX_DIMS]; /* rec.dims's array */
	char		*store;		/* backing store for rec's strings */

	/* Review commands (recode, move, comment, withdraw, fix).
	 * rec.target is set when the target was #SEQ (or "day": 0);
	 * otherwise has_target_clock, or for a move has_target_edge (the
	 * words begin and stop, resolved with day_find_edge). */
	int		 has_target_edge;
	enum record_type target_edge;	/* RECORD_BEGIN or RECORD_STOP */
	int		 has_target_clock;
	int64_t		 target_clock;	/* ms since local midnight */
	int64_t		 target_span;	/* precision written: 60000 (HH:MM),
					   1000 (HH:MM:SS), 100, 10 or 1 */
	int64_t		 to_clock;	/* move, add: ms since local midnight */
	int64_t		 from_clock;	/* add */
};

/* Parses one line (len bytes, no newline; a trailing CR is ignored).
 * Returns 1 with cmd filled, 0 for a blank or comment line, -1 with e:
 * ERR_USAGE and no place (the caller knows the file and line).  Group
 * names and keys are resolved against scheme and stored as the group's
 * name. */
int	command_parse(const char *line, size_t len, const struct scheme *,
	    struct command *cmd, struct err *e);
/* Frees what command_parse stored; cmd may then be reused. */
void	command_clear(struct command *);

#endif
