/*
 * The live recorder's keys: a pure function from bytes typed to actions,
 * with the prompts (brief, text, menu, groups present, quit) as states.
 * The easy thing to get wrong: a byte may end a prompt, so the text an
 * action carries lives in the keys and is valid only until the next byte.
 */
#ifndef KEYS_H
#define KEYS_H

#include <stddef.h>

#include "record.h"
#include "scheme.h"

#define KEYS_CTRL_C	0x03
#define KEYS_CTRL_L	0x0c
#define KEYS_TAB	0x09
#define KEYS_ESC	0x1b

enum keys_mode {
	KEYS_NORMAL,
	KEYS_BRIEF,		/* '/': waiting for a group key */
	KEYS_TEXT,		/* '#', '!': a line of text */
	KEYS_MENU,		/* '@', '=': a digit, or text and Enter */
	KEYS_WITH,		/* '+': group keys toggle, Enter confirms */
	KEYS_QUIT		/* 'q': waiting for y */
};

enum keys_prompt {
	KEYS_PROMPT_NONE,
	KEYS_PROMPT_BRIEF,
	KEYS_PROMPT_PERSON,
	KEYS_PROMPT_NOTE,
	KEYS_PROMPT_WHERE,
	KEYS_PROMPT_MODE,
	KEYS_PROMPT_WITH,
	KEYS_PROMPT_QUIT
};

enum key_type {
	KEY_START,		/* group, by */
	KEY_END,
	KEY_BRIEF,		/* group, by */
	KEY_PERSON,		/* text ("" clears) */
	KEY_WHERE,		/* text ("" clears) */
	KEY_MODE,		/* text ("" clears) */
	KEY_WITH,		/* with[], nwith (none clears) */
	KEY_FLIP,		/* flip who began the open episode */
	KEY_NOTE,		/* text */
	KEY_PAUSE,		/* pause, or resume if paused */
	KEY_UNDO,
	KEY_QUIT,		/* 'q' then 'y': stop and leave */
	KEY_INTERRUPT,		/* Ctrl-C: leave without a stop */
	KEY_REDRAW,		/* Ctrl-L */
	KEY_PROMPT,		/* a prompt opened: prompt says which */
	KEY_MESSAGE		/* text says what was wrong; no record */
};

struct key_action {
	enum key_type		 type;
	int			 group;		/* scheme index */
	enum record_by		 by;
	enum keys_prompt	 prompt;
	const char		*text;	/* borrowed: see above */
	int			 with[RECORD_MAX_WITH]; /* in order */
	size_t			 nwith;
};

struct keys {
	enum keys_mode		 mode;
	enum keys_prompt	 prompt;
	int			 esc;	/* in an escape sequence */
	char			 text[RECORD_MAX_TEXT + 1];
	size_t			 len;
	unsigned char		 with[SCHEME_MAX_GROUPS];
	char			 msg[128];
};

/* Puts the keys in their first state: no prompt. */
void	keys_init(struct keys *);
/* Feeds one byte typed.  Returns 1 with *out filled when an action
 * results, else 0 (a byte swallowed, a prompt edited or cancelled). */
int	keys_feed(struct keys *, const struct scheme *, unsigned char ch,
	    struct key_action *out);
/* Called when a read has been fed whole: an ESC still pending is a lone
 * Escape, which cancels a prompt.  Returns 0 (no action results). */
int	keys_flush(struct keys *);
/* Closes any prompt without an action. */
void	keys_cancel(struct keys *);
/* Marks the groups already present when the '+' prompt opens. */
void	keys_set_with(struct keys *, const int *groups, size_t n);
/* The prompt line to show, or NULL with no prompt; the caller frees it.
 * *cursor gets the number of bytes of it after which the cursor stands
 * (the end of typed text), or -1 when no cursor is wanted. */
char	*keys_prompt_line(const struct keys *, const struct scheme *,
	    int *cursor);
/* The key legend for a scheme as items ("t/T teachers", "Space end", ...),
 * NULL-terminated; the caller frees the array and each item. */
char	**keys_legend(const struct scheme *);

#endif
