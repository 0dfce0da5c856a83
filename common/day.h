/*
 * A day being recorded or read: the header, every record in order (undone
 * ones kept, marked withdrawn) and the state they leave.  day_apply checks
 * a record against the rules of the contract before accepting it, so the
 * recorder and the analyser share one definition of a valid day.  The easy
 * thing to get wrong: undo withdraws the most recent action not yet
 * withdrawn, and the state is what the remaining actions give, as if the
 * withdrawn one had never been given; a redo takes an undo back.  Review
 * records (recode, move, comment) correct earlier actions; the state
 * follows them only where they touch the open episode's start.
 */
#ifndef DAY_H
#define DAY_H

#include <sys/types.h>

#include <stddef.h>
#include <stdint.h>

#include "err.h"
#include "logfile.h"
#include "record.h"

struct day_action {
	struct record	*rec;		/* the day's (a copy in its blocks) */
	int64_t		 t;		/* effective instant, ms since epoch */
	int		 withdrawn;	/* taken back by a later undo */
	int		 review;	/* record_is_review(rec->type), found
					   once: every walk asks it */
	/* As corrected by the review records applied so far: */
	int64_t		 at;		/* instant after moves; t if none */
	const char	*group;		/* START, BRIEF, ADD: group after
					   recodes (rec->group if none;
					   borrowed from the day); NULL for
					   other types */
	int		 struck;	/* START, BRIEF, ADD: withdrawn in
					   review (its time counts as alone) */
	int		 recorded_g;	/* scheme index of rec->group, and */
	int		 g;		/* of group; -1 when none (found
					   once, not at each use) */
};

/* Where a walk through a day's actions in force is (day_walk). */
enum day_phase {
	DAY_ALONE,
	DAY_EPISODE,
	DAY_PAUSED,
	DAY_STOPPED
};

/* What one action does to the walk. */
enum day_move {
	DAY_STAY,		/* nothing */
	DAY_OPEN,		/* an episode opens, ending what was open */
	DAY_TO_ALONE,		/* the present stretch ends: alone from here */
	DAY_TO_PAUSE,
	DAY_TO_STOP,
	DAY_AMEND,		/* a set amends the open episode, an alone
				   record the time alone */
	DAY_INSTANT		/* a brief contact or a note */
};

/* The open episode, with any SET records applied. */
struct day_episode {
	size_t		 action;	/* index of its START */
	int		 group;		/* scheme index */
	enum record_by	 by;
	const char	*person;	/* NULL if none; borrowed from the day */
	const char	*where;
	const char	*mode;
	const char	*with[RECORD_MAX_WITH];
	size_t		 nwith;
	const char	*dims[SCHEME_MAX_DIMS]; /* by scheme dimension; NULL
					   for none; borrowed */
	int64_t		 since;		/* effective start instant */
};

struct day_state {
	int		 begun;		/* observation has started */
	int		 paused;
	int		 stopped;
	int		 open;		/* an episode is open: see episode */
	struct day_episode episode;
	int64_t		 since;		/* when the present state (episode,
					   alone, pause, stop) began */
	const char	*alone_dims[SCHEME_MAX_DIMS]; /* the present time
					   alone's (alone records), as
					   episode.dims */
	/* No counts: every count is the timeline's (timeline.h), so the
	 * recorder's screen and the analyser cannot disagree. */
};

struct day;

/* The one walk of the day's rules: moves *phase on by action a (in force,
 * and neither an undo, a redo nor a review record) and says what changed.
 * The day's state (day_state) and the timeline (timeline.h) are both
 * made by it, so they cannot disagree.  With reviewed set, a start
 * withdrawn in review ends its episode (its time alone) and a start's
 * group is as recoded (day_action's g); else both are as logged. */
enum day_move	 day_walk(enum day_phase *, const struct day_action *a,
		    int reviewed);

/* A day with a copy of hdr (scheme included) and no records. */
struct day	*day_new(const struct log_header *hdr);
void		 day_free(struct day *);
const struct log_header *day_header(const struct day *);
/* The local midnight of the header's date, ms since epoch (found once,
 * when the day was made); 0 if the date is not valid. */
int64_t		 day_midnight(const struct day *);
/* Moves the day's header into *dst (the caller frees it with
 * log_header_free), for a day about to be freed: nothing but day_free
 * and the actions may be used after. */
void		 day_take_header(struct day *, struct log_header *dst);

/* Checks rec against the day so far and, if valid, appends a copy and
 * updates the state.  On error returns -1 with e (ERR_DATA, no place; the
 * caller adds "FILE:LINE: " or the byte offset) and the day is unchanged.
 * Rules: times never go backwards; start/brief need a group of the scheme
 * (and with= groups too); start, end, brief, set and pause need observation
 * running and not paused (end and set need an open episode); resume needs
 * a pause; undo needs an action to withdraw and, if rec->undoes is not 0,
 * it must name that action; redo needs an undo to take back (the latest
 * one not taken back, with no action given since; target 0 or its seq) and
 * puts the action it withdrew back in force at its own instant; after stop only begin (which resumes, the time
 * in between counting as paused), note and the review records are
 * accepted.  Review records are accepted at any time, change no state and
 * are never undone: recode needs a start, brief or add in force and a
 * group of the scheme; move a begin, start, end, pause, resume, brief or
 * stop in force and a new instant strictly between the actions in force
 * before and after it (sets aside; not after the move itself when nothing
 * follows); comment a start or add in force, or target 0 for the day, and
 * a text that is not blank; add a group and a span from < to, not after
 * the add itself, wholly in alone time as corrected so far; withdraw and
 * fix a start, brief or add in force (fix: mode and with= not on a brief).
 * A target withdrawn in review takes no further correction. */
int		 day_apply(struct day *, const struct record *rec, struct err *e);

/* For the writers of review records: -1 with e (ERR_DATA) when rec, a review
 * record whose target exists, would change nothing (a recode to the group
 * the target already has, a move to its own instant, a fix giving each
 * field the value it has); 0 otherwise, and when the target is missing
 * (day_apply says why). */
int		 day_review_changes(const struct day *, const struct record *rec,
		    struct err *e);
/* The seq of the begin ("move begin": the first action in force, if a
 * begin) or of the stop in force ("move stop": the last action in force,
 * if a stop); -1 with e (ERR_DATA) when there is none. */
int		 day_find_edge(const struct day *, enum record_type type,
		    uint64_t *seq, struct err *e);

/* Fills the next record's seq and, for UNDO, undoes; 0 if nothing to undo
 * (undoes left 0 and undo would fail). */
uint64_t	 day_next_seq(const struct day *);
uint64_t	 day_undo_target(const struct day *);	/* seq, or 0 */
/* The undo a redo would take back (seq, or 0): the latest one not taken
 * back, if no action has been given since. */
uint64_t	 day_redo_target(const struct day *);
/* The instant of the last record applied (0 if none). */
int64_t		 day_last_time(const struct day *);
/* The largest session number seen (0 if none). */
uint64_t	 day_last_session(const struct day *);

const struct day_state *day_state(const struct day *);
size_t		 day_nactions(const struct day *);
const struct day_action *day_action(const struct day *, size_t);
/* All day_nactions of them, in order, for a walk (valid until the next
 * day_apply). */
const struct day_action *day_actions(const struct day *);
/* How many of them are review records (day_action's review). */
size_t		 day_nreviews(const struct day *);
/* The index of the action with seq, or -1. */
ssize_t		 day_seq_index(const struct day *, uint64_t seq);

/* Resolves a review command's clock-time target: the one action in force
 * that a review of type may correct (see day_apply) whose instant (an
 * add's: its start), as corrected so far, lies in [clock_ms, clock_ms + span) of the day's local clock
 * (span 60000 for HH:MM, 1000 for HH:MM:SS, 1 with milliseconds).  0 with
 * *seq, or -1 with e (ERR_DATA) saying there is none, or naming each candidate
 * by #SEQ when there are several. */
int		 day_find_target(const struct day *, enum record_type type,
		    int64_t clock_ms, int64_t span, uint64_t *seq,
		    struct err *e);
/* The same for the review record rec: a fix that gives only dimensions of
 * the time alone names a stretch alone, by the begin, end or resume that
 * began it or an alone record that coded it (day_find_target's fix finds
 * a start, brief or add). */
int		 day_find_record_target(const struct day *,
		    const struct record *rec, int64_t clock_ms, int64_t span,
		    uint64_t *seq, struct err *e);

/* How a log read into a day ended. */
struct day_loaded {
	enum log_status	 status;	/* LOG_CLEAN or LOG_TORN */
	off_t		 good_len;	/* bytes of whole records */
	off_t		 damage_at;	/* where a torn tail starts */
	char		*warning;	/* what was odd, naming the file;
					   NULL if nothing; caller frees */
};

/* Reads a whole log into a new day.  Returns 0 with *day set and *how
 * filled.  A torn tail is not an error: the day holds the whole records.
 * Nor are records of two recorders at once (logs written before the
 * lock): they are read in file order and named in the warning, and from
 * the first of them on a record the rules refuse is left out
 * (day_nleft_out) and named, not refused.  -1 with e when the file cannot
 * be read (ERR_NOINPUT, ERR_IO), is not a log, is corrupt in the middle,
 * or holds a record that breaks the rules (ERR_DATA with the byte
 * offset). */
int		 day_load(const char *path, struct day **day,
		    struct day_loaded *how, struct err *e);
/* The same on fd, open for reading on path; day_load_fd owns fd from
 * here, whatever the outcome. */
int		 day_load_fd(const char *path, int fd, struct day **day,
		    struct day_loaded *how, struct err *e);
/* The same with an idle reader of log_reader_new, left idle after, so
 * that one reader's buffers serve a run of logs. */
int		 day_load_with(struct log_reader *, const char *path, int fd,
		    struct day **day, struct day_loaded *how, struct err *e);
/* Records day_load left out (see there). */
size_t		 day_nleft_out(const struct day *);

#endif
