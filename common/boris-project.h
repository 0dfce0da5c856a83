/*
 * BORIS project files (.boris: JSON; .boris.gz: the same gzipped, as
 * BORIS saves them) read as the rows of a tabular events export, and a
 * team's days written as one.  Easy to get wrong: a project stores a state
 * as bare events that toggle it, so START and STOP are told by counting
 * per subject and behaviour, and an observation whose count is odd is
 * left out (with a warning), not refused, as BORIS itself does.
 */
#ifndef BORIS_PROJECT_H
#define BORIS_PROJECT_H

#include <stddef.h>
#include <stdint.h>

#include "err.h"
#include "timeline.h"

#define BORIS_PROJECT_MAX	(64 * 1024 * 1024) /* bytes of JSON */
/* The categories of the behaviours shadowlog writes for what BORIS has
 * no place for: a pause (a state) and a note (a point, its comment the
 * text). */
#define BORIS_PROJECT_PAUSE_CATEGORY	"shadowlog pause"
#define BORIS_PROJECT_NOTE_CATEGORY	"shadowlog note"

enum boris_project_type {
	BORIS_PROJECT_START,
	BORIS_PROJECT_STOP,
	BORIS_PROJECT_POINT
};

/* What an event's behaviour is read as. */
enum boris_project_role {
	BORIS_PROJECT_GROUP,		/* a group's episode or brief contact */
	BORIS_PROJECT_PAUSE,		/* a pause's start or end */
	BORIS_PROJECT_NOTE		/* a note */
};

/* One event of the project, as a tabular export has it. */
struct boris_project_row {
	const char		*observation;
	const char		*date;		/* "" when none */
	const char		*subject;	/* "" for no focal subject */
	const char		*behavior;
	enum boris_project_type	 type;
	enum boris_project_role	 role;
	int64_t			 time;		/* ms from the start */
	int64_t			 duration;	/* the observation's; -1 */
	size_t			 obs;		/* its observation's index */
};

struct boris_project;

/* 1 when the first bytes look like a project: gzip's magic, or a JSON
 * object naming a key of BORIS's projects; else 0. */
int	boris_project_sniff(const char *buf, size_t len);

/* Reads the whole project on fd (from its start; not closed), named name
 * in messages.  subject (NULL for all) is the one whose states must pair
 * for an observation to be kept.  -1 with e (ERR_DATA, ERR_IO). */
int	boris_project_load(int fd, const char *name, const char *subject,
	    struct boris_project **, struct err *e);
/* The groups of the project: its behaviours' codes in the ethogram's
 * order, but those read as another's brief contacts, pauses or notes; i
 * from 0, NULL past the last. */
const char *boris_project_behavior(const struct boris_project *, size_t i);
/* Event n (from 0) of the observations kept, in order; NULL past the
 * last.  Belongs to the project. */
const struct boris_project_row *boris_project_row(
	    const struct boris_project *, size_t n);
/* Warning i (from 0) of the load, "FILE: observation ...: ..."; NULL past
 * the last. */
const char *boris_project_warning(const struct boris_project *, size_t i);
/* Gives tl the school, observer and tags of observation obs: the
 * observation id as tag "observation" (unless the project has a variable
 * of that name), then each independent variable with a value as a tag,
 * but "school" and "observer", which fill those fields. */
void	boris_project_day(const struct boris_project *, size_t obs,
	    struct timeline *tl);
/* Fills item's by, person, where, mode, with (as tl's scheme has it) and
 * note from the modifiers and comment of event n. */
void	boris_project_details(const struct boris_project *, size_t n,
	    const struct scheme *, struct tl_item *item);
void	boris_project_free(struct boris_project *);

/* Days gathered to be written as one project. */
struct boris_project_writer;

struct boris_project_writer *boris_project_writer_new(void);
/* Adds a day as an observation (its id from head, date and observer). */
void	boris_project_writer_add(struct boris_project_writer *,
	    const struct timeline *);
/* Writes the project to path with durable_write (mode 0600, whole or not
 * at all).  -1 with e (ERR_CANTCREAT). */
int	boris_project_writer_save(struct boris_project_writer *,
	    const char *path, struct err *e);
void	boris_project_writer_free(struct boris_project_writer *);

#endif
