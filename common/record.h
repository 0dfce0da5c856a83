/*
 * The records of a log: one header, then one record per action.  A record
 * in memory borrows its strings from whoever filled it (a reader's arena, a
 * parser, a caller); record_dup makes one self-contained copy.
 */
#ifndef RECORD_H
#define RECORD_H

#include <endian.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <msgpack.h>

#include "err.h"

#include "scheme.h"

#define LOG_FORMAT_VERSION	1
#define RECORD_MAX_TEXT		4096	/* bytes in any one string value */
#define RECORD_MAX_WITH		SCHEME_MAX_GROUPS

enum record_type {
	RECORD_BEGIN,
	RECORD_START,
	RECORD_END,
	RECORD_BRIEF,
	RECORD_NOTE,
	RECORD_PAUSE,
	RECORD_RESUME,
	RECORD_UNDO,
	RECORD_STOP,
	RECORD_SET,		/* amends the open episode (live keys) */
	RECORD_RECODE,		/* review: a start's or brief's group */
	RECORD_MOVE,		/* review: an action's instant */
	RECORD_COMMENT,		/* review: the head's comment */
	RECORD_REDO,		/* takes back an undo (live keys) */
	RECORD_ADD,		/* review: an episode the observer missed */
	RECORD_WITHDRAW,	/* review: an episode logged by mistake */
	RECORD_FIX,		/* review: a past episode's details */
	RECORD_SPAN,		/* review: the instant of a begin or stop
				   (a move of its own type, so that a reader
				   older than it skips it) */
	RECORD_ALONE,		/* dims of the time alone in progress (a type
				   of its own, so that a reader older than
				   dimensions skips it) */
	RECORD_NTYPES
};

enum record_by {
	RECORD_BY_UNKNOWN,
	RECORD_BY_HEAD,
	RECORD_BY_OTHER
};

struct record {
	enum record_type	 type;
	uint64_t		 seq;		/* 1, 2, ... within the file */
	int64_t			 t;		/* wall clock, ms since epoch */
	int			 has_mono;
	int64_t			 mono;		/* monotonic ms, if has_mono */
	uint64_t		 session;	/* recorder run; 0 if none */

	/* Fields below are NULL / BY_UNKNOWN / 0 when absent.  For SET an
	 * absent field is left unchanged and "" clears it. */
	const char		*group;		/* START, BRIEF: group name */
	enum record_by		 by;		/* START, BRIEF, SET */
	const char		*person;	/* START, BRIEF, SET */
	const char		*where;		/* START, BRIEF, SET */
	const char		*mode;		/* START, SET */
	int			 has_with;	/* START, SET */
	const char		**with;		/* nwith names; NULL when none:
						   the filler owns the array */
	size_t			 nwith;
	const char		**dims;		/* START, BRIEF, SET, ADD,
						   FIX, ALONE:
						   ndims pairs, name then
						   value, of the scheme's
						   dimensions (issue 15); the
						   filler owns the array */
	size_t			 ndims;
	const char		*text;		/* NOTE */
	uint64_t		 undoes;	/* UNDO: seq withdrawn */
	uint64_t		 target;	/* RECODE, MOVE, COMMENT,
						   WITHDRAW, FIX: seq
						   corrected; COMMENT: 0 = the
						   day; REDO: seq of the undo
						   taken back, 0 = the latest */
	int64_t			 from;		/* ADD: start instant, ms */
	int64_t			 to;		/* MOVE, SPAN: new instant;
						   ADD: end */
};

struct log_header {
	unsigned		 version;	/* LOG_FORMAT_VERSION */
	char			*school;	/* "" when not given */
	char			*head;
	char			*observer;
	char			 date[11];	/* "YYYY-MM-DD" */
	char			*tz;		/* zone name */
	int			 utc_offset;	/* seconds east, at the start */
	char			*recorder;	/* "shadowlog-record 0.1.0" */
	int64_t			 created;	/* ms since epoch */
	struct scheme		*scheme;
	char			**tag_keys;
	char			**tag_values;
	size_t			 ntags;
};

/* Inline, as the day names a record's type for every record it checks;
 * "unknown" out of range. */
extern const char *const record_type_names[RECORD_NTYPES];
static inline const char *
record_type_name(enum record_type type)
{
	return (unsigned)type < RECORD_NTYPES ? record_type_names[type] :
	    "unknown";
}
/* Non-zero for MOVE and SPAN: a new instant for an action. */
int		 record_is_move(enum record_type);
/* RECORD_NTYPES when the name is unknown. */
enum record_type record_type_from_name(const char *, size_t);
const char	*record_by_name(enum record_by);	/* "head", "other", "" */
/* Non-zero for the review types (recode, move, comment, add, withdraw,
 * fix, span): corrections entered after the day, which change no state of the
 * observation.  Inline, a mask: the day asks it of every record. */
#define RECORD_REVIEW_TYPES	(1u << RECORD_RECODE | 1u << RECORD_MOVE | \
	1u << RECORD_COMMENT | 1u << RECORD_ADD | 1u << RECORD_WITHDRAW | \
	1u << RECORD_FIX | 1u << RECORD_SPAN)
static inline int
record_is_review(enum record_type type)
{
	return (unsigned)type < RECORD_NTYPES &&
	    (RECORD_REVIEW_TYPES >> type & 1) != 0;
}

/* One allocation holding the record and copies of all its strings; the
 * caller frees it with free(). */
struct record	*record_dup(const struct record *);
/* The bytes such a copy takes, and the copy made in buf (that many bytes,
 * aligned for a struct record), for callers that hold many records in
 * blocks of their own. */
size_t		 record_dup_size(const struct record *);
struct record	*record_dup_into(const struct record *, void *buf);

/* Appends the record as one msgpack map to sbuf. */
void		 record_pack(const struct record *, msgpack_sbuffer *sbuf);
/* Reads one record map.  Strings are copied into *arena (grown with
 * xrealloc, reused between calls; the caller frees it) and rec points into
 * it until the next call.  Returns 1 for a record, 0 for a well-formed map
 * of an unknown type (to be skipped; its seq and t are still filled), -1
 * with e (ERR_DATA, no place: the reader knows the file and offset) when
 * the map is not a valid record. */
int		 record_unpack(const msgpack_object *, struct record *rec,
		    char **arena, size_t *arena_size, struct err *e);
/* The same with the strings (and the with array) in memory from
 * alloc(arg, size), aligned for pointers, taken only for a record. */
int		 record_unpack_alloc(const msgpack_object *, struct record *rec,
		    void *(*alloc)(void *arg, size_t size), void *arg,
		    struct err *e);
/* The keys of a record this version knows, and the index of the one named
 * by the len bytes at p (< RECORD_NKEYS), or RECORD_NKEYS for another:
 * for a decoder that files a record's keys as it meets them. */
#define RECORD_NKEYS	17

/* A name of at most 7 bytes as one word: its bytes from the lowest up,
 * its length plus one in the top byte (never 0); hashed to one of 32
 * slots by a multiplier found to give each key its own. */
#define RECORD_KEY_WORD(n, a, b, c, d, e, f, g)				\
	((uint64_t)((n) + 1) << 56 | (uint64_t)(g) << 48 |		\
	 (uint64_t)(f) << 40 | (uint64_t)(e) << 32 | (uint64_t)(d) << 24 | \
	 (uint64_t)(c) << 16 | (uint64_t)(b) << 8 | (uint64_t)(a))
#define RECORD_KEY_HASH		UINT64_C(0xf8877acf26c377c1)
#define RECORD_KEY_SLOTS	32
#define RECORD_KEY_SLOT(w)	((uint64_t)((w) * RECORD_KEY_HASH) >> 59)
struct record_key_slot {
	uint64_t	 word;		/* 0 for a free slot */
	unsigned	 key;
};
extern const struct record_key_slot record_key_slots[RECORD_KEY_SLOTS];

/* For a name of len bytes (len < 8): the mask that keeps its bytes of a
 * word loaded from it, and its length plus one in the top byte. */
struct record_key_len {
	uint64_t	 mask;
	uint64_t	 tag;
};
extern const struct record_key_len record_key_lens[8];

/* The index of the key named by the len bytes at p, of which avail may be
 * read, or RECORD_NKEYS: 8 bytes at once when there are 8 (the reader
 * runs this for every key of every record, and a load, a multiply and a
 * compare cost less than a switch on the name and a memcmp). */
static inline unsigned
record_key_index(const char *p, size_t len, size_t avail)
{
	const struct record_key_slot	*s;
	uint64_t			 w = 0;

	if (len == 0 || len > 7)	/* an empty string's p may be NULL */
		return RECORD_NKEYS;
	if (avail >= 8)
		memcpy(&w, p, 8);	/* one load; the bytes past len masked */
	else
		memcpy(&w, p, len);
	w = (le64toh(w) & record_key_lens[len].mask) | record_key_lens[len].tag;
	s = &record_key_slots[RECORD_KEY_SLOT(w)];
	return s->word == w ? s->key : RECORD_NKEYS;
}
/* record_unpack_alloc for a record whose keys its decoder filed: found[k]
 * the value of the key of index k, or NULL; found only for a map whose
 * keys are all strings, none known twice (else record_unpack_alloc says
 * which). */
int		 record_unpack_found(const msgpack_object *const *found,
		    struct record *rec, void *(*alloc)(void *arg, size_t size),
		    void *arg, struct err *e);
/* record_unpack's arena as an allocator for the two above: arg a struct
 * record_arena. */
struct record_arena {
	char	**arena;	/* grown with xmalloc, reused; the caller's */
	size_t	 *size;
};
void		*record_arena_alloc(void *arg, size_t size);

void		 log_header_pack(const struct log_header *, msgpack_sbuffer *);
/* Fills hdr with owned copies; -1 with e (ERR_DATA, no place: wrong
 * version, missing or ill-typed fields). */
int		 log_header_unpack(const msgpack_object *, struct log_header *hdr,
		    struct err *e);
/* The same with its scheme through memo (see scheme_memo_unpack_raw;
 * scheme and n: the bytes the header's "scheme" was decoded from, or NULL
 * and 0 when not known). */
int		 log_header_unpack_memo(const msgpack_object *,
		    struct log_header *hdr, struct scheme_memo *memo,
		    const void *scheme, size_t n, struct err *e);
void		 log_header_free(struct log_header *);	/* frees members */
void		 log_header_copy(struct log_header *dst,
		    const struct log_header *src);
/* The value of tag key, or NULL. */
const char	*log_header_tag(const struct log_header *, const char *key);

#endif
