/*
 * The live recorder's keys: a pure function from bytes typed to actions,
 * with the prompts (brief, text, menu, groups present, quit, and the two
 * that mend the open episode) as states.
 * The easy thing to get wrong: a byte may end a prompt, so the text an
 * action carries lives in the keys and is valid only until the next byte.
 */
#ifndef KEYS_H
#define KEYS_H

#include <stddef.h>

#include "record.h"
#include "scheme.h"

#define KEYS_CTRL_A	0x01
#define KEYS_CTRL_C	0x03
#define KEYS_CTRL_E	0x05
#define KEYS_CTRL_L	0x0c
#define KEYS_CTRL_U	0x15
#define KEYS_TAB	0x09
#define KEYS_ESC	0x1b
#define KEYS_AGO_DIGITS	3	/* minutes typed at most in the '<' prompt */

enum keys_mode {
	KEYS_NORMAL,
	KEYS_BRIEF,		/* '/': waiting for a group key */
	KEYS_TEXT,		/* '#', '!': a line of text */
	KEYS_MENU,		/* '@', '=', a dimension's key: a number
				   and Enter, or text */
	KEYS_WITH,		/* '+': group keys toggle, Enter confirms */
	KEYS_QUIT,		/* 'q': waiting for y */
	KEYS_REGROUP,		/* '%': a group key for the open episode */
	KEYS_AGO,		/* '<': minutes, then Enter */
	KEYS_REFUSED		/* a prompt refused: keys up to Enter or Esc
				   are taken as its text and not used */
};

enum keys_prompt {
	KEYS_PROMPT_NONE,
	KEYS_PROMPT_BRIEF,
	KEYS_PROMPT_PERSON,
	KEYS_PROMPT_NOTE,
	KEYS_PROMPT_WHERE,
	KEYS_PROMPT_MODE,
	KEYS_PROMPT_WITH,
	KEYS_PROMPT_QUIT,
	KEYS_PROMPT_REGROUP,
	KEYS_PROMPT_AGO,
	KEYS_PROMPT_DIM		/* a declared dimension's (struct keys' dim) */
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
	KEY_MESSAGE,		/* text says what was wrong; no record.  NULL:
				   a mend prompt was typed in, so what was
				   said before is done with */
	KEY_REGROUP,		/* group: the open episode's, from its start */
	KEY_AGO,		/* minutes: the open episode began that long
				   ago (0: none were typed) */
	KEY_DIM			/* dim, text ("" clears): a dimension's value
				   for the open episode or the time alone */
};

struct key_action {
	enum key_type		 type;
	int			 group;		/* scheme index */
	enum record_by		 by;
	enum keys_prompt	 prompt;
	int			 minutes;
	int			 dim;	/* scheme index, KEY_DIM */
	const char		*text;	/* borrowed: see above */
	int			 with[RECORD_MAX_WITH]; /* in order */
	size_t			 nwith;
};

struct keys {
	enum keys_mode		 mode;
	enum keys_prompt	 prompt;
	int			 esc;	/* in an escape sequence */
	char			 escp[16]; /* its parameters */
	size_t			 nescp;
	int			 skip;	/* Alt: bytes left */
	int			 paste;	/* in a bracketed paste */
	size_t			 paste_end; /* its end matched */
	size_t			 paste_bytes;
	int			 paste_cr;	/* CR pasted last */
	int			 paste_cut;	/* text full */
	char			 text[RECORD_MAX_TEXT + 1];
	size_t			 len;
	size_t			 cur;	/* cursor: a byte offset */
	int			 fresh;	/* text given, not yet edited:
					   typing replaces it */
	unsigned char		 with[SCHEME_MAX_GROUPS];
	int			 own;	/* '+', '%', '<': the open episode's
					   group, or -1 */
	int			 dim;	/* KEYS_PROMPT_DIM: which dimension */
	const char *const	*people; /* the day's codes */
	size_t			 npeople;
	int			 dup;	/* near-duplicate said */
	char			 why[128];	/* refused: why */
	char			 msg[512];
};

/* Puts the keys in their first state: no prompt. */
void	keys_init(struct keys *);
/* Feeds one byte typed.  Returns 1 with *out filled when an action
 * results, else 0 (a byte swallowed, a prompt edited or cancelled). */
int	keys_feed(struct keys *, const struct scheme *, unsigned char ch,
	    struct key_action *out);
/* Called when a read has been fed whole: an ESC still pending is a lone
 * Escape, which cancels a prompt.  Returns 1 with *out filled when that
 * is said (a mend prompt says "cancelled"), else 0. */
int	keys_flush(struct keys *, struct key_action *out);
/* Closes any prompt without an action. */
void	keys_cancel(struct keys *);
/* Refuses the prompt just opened, saying why: the keys up to Enter or Esc
 * are still the prompt's, shown and not used, never commands. */
void	keys_refuse(struct keys *, const char *why);
/* Marks the groups already present when the '+' prompt opens; own is the
 * open episode's group (not offered), or -1. */
void	keys_set_with(struct keys *, const int *groups, size_t n, int own);
/* Gives the '%' and '<' prompts the open episode's group, to name it. */
void	keys_set_episode(struct keys *, int group);
/* Gives a text prompt its current value to edit (typing replaces it). */
void	keys_set_text(struct keys *, const char *text);
/* Gives the person prompt the codes used today, for Tab and for pointing
 * out a near-duplicate; borrowed until the prompt closes. */
void	keys_set_people(struct keys *, const char *const *people, size_t n);
/* The prompt line to show, or NULL with no prompt; the caller frees it.
 * *cursor is 0 when no cursor is wanted, else 1 + the number of bytes of
 * the last line after the cursor (1: at its end). */
char	*keys_prompt_line(const struct keys *, const struct scheme *,
	    int *cursor);
/* The key legend for a scheme as items ("t/T teachers", "Space end", ...),
 * NULL-terminated; the caller frees the array and each item. */
char	**keys_legend(const struct scheme *);

#endif
