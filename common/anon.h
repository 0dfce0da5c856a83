/*
 * Anonymisation for sharing data (--anonymise=KEYFILE): school, head,
 * observer and person codes become stable codes derived from a team
 * secret with libsodium's keyed BLAKE2b, so the same name gets the same
 * code in every file and run and nobody without the key can reverse it.
 * Easy to get wrong: the field name is hashed with the value, so a school
 * and a head of the same name get unrelated codes; free text is dropped.
 */
#ifndef ANON_H
#define ANON_H

#include <stddef.h>

#include "err.h"
#include "timeline.h"

#define ANON_KEY_MIN	32	/* bytes of secret a key needs at least */
#define ANON_KEY_MAX	4096	/* bytes of a key file read at most */
#define ANON_CODE_CHARS	8	/* base32 characters of a code */
#define ANON_CODE_LEN	(2 + ANON_CODE_CHARS + 1)	/* "S-XXXXXXXX" */

/* The fields coded, each with its own prefix. */
enum anon_field {
	ANON_SCHOOL,		/* "S-" */
	ANON_HEAD,		/* "H-" */
	ANON_OBSERVER,		/* "O-" */
	ANON_PERSON		/* "P-" */
};

struct anon;

/* Reads the key from a file (every byte of it, at most ANON_KEY_MAX, at
 * least ANON_KEY_MIN).  NULL with e when the file cannot be opened
 * (ERR_NOINPUT when missing) or read (ERR_IO) or is not a key (ERR_DATA).
 * With a key returned, *warning (caller frees) is set when the file
 * grants group or others any access; else NULL. */
struct anon	*anon_load(const char *path, char **warning, struct err *e);
/* The same from key bytes in memory (copied); NULL with e (no file). */
struct anon	*anon_new(const void *key, size_t len, struct err *e);
/* Wipes the key and frees. */
void		 anon_free(struct anon *);

/* The code of value in field: the prefix, then the first 8 characters
 * (RFC 4648 base32) of BLAKE2b-256 keyed by the key over the field's name
 * ("school", "head", "observer", "person"), a 0 byte and the value. */
void		 anon_code(const struct anon *, enum anon_field,
		    const char *value, char code[ANON_CODE_LEN]);

/* Rewrites a day in place: school, head and observer (an empty one stays
 * empty) and every item's person code.  Unless keep_notes, the free text
 * goes: NOTE items are removed, episode notes (review comments) and the
 * day's comment cleared, and the corrections that quote a comment
 * dropped.  Times, groups, locations, modes and tags are left as they are. */
void		 anon_timeline(const struct anon *, struct timeline *,
		    int keep_notes);

#endif
