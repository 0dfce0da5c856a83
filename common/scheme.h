/*
 * The coding scheme: the groups a head deals with (name, live key, chart
 * colour), the locations and modes a team uses.  Group keys are lower-case
 * in the scheme; the recorder reads the upper-case key as "the other person
 * began it", so a key is a lower-case letter or a digit, never 'q'.
 */
#ifndef SCHEME_H
#define SCHEME_H

#include <stddef.h>

#include <msgpack.h>

#include "err.h"

#define SCHEME_MAX_GROUPS	64	/* the contract asks for at least 32 */
#define SCHEME_MAX_LIST		64	/* locations, modes */
#define SCHEME_MAX_NAME		64	/* bytes in a group, location or mode name */
#define SCHEME_ALONE		"alone"	/* the pseudo-group; no scheme may use it */
#define SCHEME_MAX_DIMS		8	/* dimensions a team declares */
#define SCHEME_MAX_VALUES	9	/* a dimension's values, keys 1-9 */
#define SCHEME_MAX_DIM_NAME	32	/* bytes in a dimension's name */

struct scheme_group {
	char	*name;
	char	 key;		/* lower-case letter or digit */
	char	 colour[8];	/* "#rrggbb" */
};

/* What a dimension codes: the episodes, the time alone, or both. */
enum scheme_for {
	SCHEME_FOR_EPISODES = 1,
	SCHEME_FOR_ALONE = 2,
	SCHEME_FOR_BOTH = 3
};

/* A further variable a team codes (issue 15): a name that is also a CSV
 * column and a timed command's NAME=, a live key (punctuation the recorder
 * leaves free), and the values its keys 1-9 offer (others may be typed). */
struct scheme_dim {
	char		 *name;
	char		  key;
	enum scheme_for	  applies;
	int		  several;	/* values joined by ';' may hold at once */
	char		**values;
	size_t		  nvalues;
};

struct scheme {
	struct scheme_group	*groups;
	size_t			 ngroups;
	char			**locations;
	size_t			 nlocations;
	char			**modes;
	size_t			 nmodes;
	struct scheme_dim	*dims;		/* none in the built-in scheme */
	size_t			 ndims;
	_Atomic unsigned	 shares;	/* holders besides the first
						   (scheme_share); 0 as made */
};

/* The built-in scheme: SLT s, teachers t, support staff a, pupils p,
 * parents r, visitors v.  The caller frees it with scheme_free. */
struct scheme	*scheme_default(void);
/* Reads a scheme file; on error returns NULL with e filled: ERR_NOINPUT
 * when it cannot be read, ERR_DATA with the line when it is wrong. */
struct scheme	*scheme_load(const char *path, struct err *e);
/* Parses scheme text held in memory; name is e's file.  NULL with e
 * filled: ERR_DATA with the line when it is wrong. */
struct scheme	*scheme_parse(const char *text, size_t len, const char *name,
		    struct err *e);
/* Lets go of a scheme: frees it unless scheme_share gave it to another
 * holder who has not let go yet. */
void		 scheme_free(struct scheme *);
struct scheme	*scheme_copy(const struct scheme *);
/* The same scheme, one holder more (any thread may let go, with
 * scheme_free): a scheme is not changed once made, so holders may share
 * it rather than copy it. */
struct scheme	*scheme_share(struct scheme *);
/* Non-zero when the two schemes have the same groups (names, keys, order),
 * locations, modes and dimensions; colours are ignored. */
int		 scheme_equal(const struct scheme *, const struct scheme *);

/* Index of the group with this name (case-insensitive) or, failing that,
 * this key (case-insensitive); -1 if none. */
int		 scheme_find(const struct scheme *, const char *name_or_key);
/* Index of the group whose live key is ch; *by_other is set to 1 when ch
 * is the upper-case form, else 0.  -1 if none. */
int		 scheme_find_key(const struct scheme *, int ch, int *by_other);
/* Index of the dimension with this name (ignoring case), or -1. */
int		 scheme_find_dim(const struct scheme *, const char *name,
		    size_t len);
/* Non-zero when the len bytes at s are a colour "#rrggbb" (either case),
 * as a scheme's groups have: fit to go into a style attribute. */
int		 scheme_colour_valid(const char *s, size_t len);
/* The colour ("#RRGGBB") charts give value i of a dimension's list: the
 * groups' palette, in order. */
const char	*scheme_value_colour(size_t i);
/* Index of the value of len bytes at v in d's list (bytes as they are),
 * or d->nvalues when it is not there (a value typed beyond the list). */
size_t		 scheme_dim_value_index(const struct scheme_dim *d,
		    const char *v, size_t len);
/* Index of the dimension whose live key is ch, or -1. */
int		 scheme_find_dim_key(const struct scheme *, int ch);
/* Checks a value typed for dimension d (each of its ';' parts when it
 * takes several); NULL if good, else what is wrong (caller frees). */
char		*scheme_check_dim_value(const struct scheme_dim *,
		    const char *value, size_t len);
/* Non-zero for keys the live recorder keeps for itself. */
int		 scheme_reserved_key(int ch);

/* Writes the scheme as one msgpack map (see common/log-format.md). */
void		 scheme_pack(const struct scheme *, msgpack_packer *);
/* Reads a scheme map written by scheme_pack; NULL with e filled on error
 * (ERR_DATA, "scheme: ..."; no place: the log reader knows it). */
struct scheme	*scheme_unpack(const msgpack_object *, struct err *e);

/* The last scheme unpacked through it, kept with the map it came from: a
 * run of one team's logs holds one scheme, and unpacking (checking every
 * name, a malloc each) is the dearest part of reading a log's header.
 * One memo serves one thread. */
struct scheme_memo;
struct scheme_memo *scheme_memo_new(void);
void		 scheme_memo_free(struct scheme_memo *);
/* scheme_unpack through memo (NULL: none): for the same map as the last
 * one unpacked, the scheme it made, shared (scheme_share); else that map
 * unpacked and remembered.  The caller lets go of it with scheme_free. */
struct scheme	*scheme_memo_unpack(struct scheme_memo *,
		    const msgpack_object *, struct err *e);
/* The same, given the n bytes raw the map was decoded from (NULL: not
 * known): bytes the same as the last map's, packed, share its scheme on
 * one memcmp rather than a walk over both maps' objects. */
struct scheme	*scheme_memo_unpack_raw(struct scheme_memo *,
		    const msgpack_object *, const void *raw, size_t n,
		    struct err *e);
/* The memo's map when the avail bytes at raw begin with its bytes, packed
 * (in *n): msgpack is self-delimiting, so they hold that map and no more,
 * and a reader can skip them rather than decode them; else NULL.  It
 * stays the memo's, valid until the memo next keeps another. */
const msgpack_object *scheme_memo_match(const struct scheme_memo *,
		    const void *raw, size_t avail, size_t *n);

#endif
