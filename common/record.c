/*
 * Records and the header as msgpack maps.  Unpacking reads untrusted bytes:
 * every field is type-checked before use, and a record's strings (and its
 * with array) are sized first and copied second so the arena grows once
 * and rec never dangles.
 */
#include <sys/types.h>

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "err.h"
#include "record.h"
#include "xmalloc.h"

const char *const record_type_names[RECORD_NTYPES] = {
	"begin", "start", "end", "brief", "note", "pause", "resume", "undo",
	"stop", "set", "recode", "move", "comment", "redo", "add",
	"withdraw", "fix", "span", "alone"
};

/* The keys a record may carry, in the order record_pack writes them.
 * "seq" comes last: zero fill over the end of a record then either leaves
 * it as written or spoils its seq, so a torn record never reads as valid. */
enum record_key {
	KEY_TYPE, KEY_T, KEY_MONO, KEY_SESSION, KEY_GROUP, KEY_BY, KEY_PERSON,
	KEY_WHERE, KEY_MODE, KEY_WITH, KEY_TEXT, KEY_UNDOES, KEY_TARGET,
	KEY_FROM, KEY_TO, KEY_DIMS, KEY_SEQ, KEY_NKEYS
};
_Static_assert(KEY_NKEYS == RECORD_NKEYS, "record.h's RECORD_NKEYS");

/* Each with its length, so that packing one needs no strlen. */
#define RECORD_KEY(name)	{ name, sizeof name - 1 }
static const struct {
	const char	*name;
	uint32_t	 len;
} record_keys[KEY_NKEYS] = {
	RECORD_KEY("type"), RECORD_KEY("t"), RECORD_KEY("mono"),
	RECORD_KEY("session"), RECORD_KEY("group"), RECORD_KEY("by"),
	RECORD_KEY("person"), RECORD_KEY("where"), RECORD_KEY("mode"),
	RECORD_KEY("with"), RECORD_KEY("text"), RECORD_KEY("undoes"),
	RECORD_KEY("target"), RECORD_KEY("from"), RECORD_KEY("to"),
	RECORD_KEY("dims"), RECORD_KEY("seq")
};

/* type when the len bytes at name are its name, else RECORD_NTYPES: len
 * is a constant where this is inlined, so the compare is a load or two,
 * not a call to memcmp. */
static inline enum record_type
record_type_is(enum record_type type, const char *name, size_t len)
{
	return memcmp(record_type_names[type], name, len) == 0 ? type :
	    RECORD_NTYPES;
}

/* The length and a byte or two leave one candidate (a switch, which gcc
 * makes jumps: the reader asks it of every record), compared once. */
enum record_type
record_type_from_name(const char *name, size_t len)
{
	switch (len) {
	case 3:
		switch (name[0]) {
		case 'e':
			return record_type_is(RECORD_END, name, 3);
		case 's':
			return record_type_is(RECORD_SET, name, 3);
		case 'a':
			return record_type_is(RECORD_ADD, name, 3);
		default:
			return record_type_is(RECORD_FIX, name, 3);
		}
	case 4:
		switch (name[0]) {
		case 'n':
			return record_type_is(RECORD_NOTE, name, 4);
		case 'u':
			return record_type_is(RECORD_UNDO, name, 4);
		case 's':
			return record_type_is(name[1] == 't' ? RECORD_STOP :
			    RECORD_SPAN, name, 4);
		case 'm':
			return record_type_is(RECORD_MOVE, name, 4);
		default:
			return record_type_is(RECORD_REDO, name, 4);
		}
	case 5:
		switch (name[0]) {
		case 'b':
			return record_type_is(name[1] == 'e' ? RECORD_BEGIN :
			    RECORD_BRIEF, name, 5);
		case 's':
			return record_type_is(RECORD_START, name, 5);
		case 'p':
			return record_type_is(RECORD_PAUSE, name, 5);
		default:
			return record_type_is(RECORD_ALONE, name, 5);
		}
	case 6:
		return record_type_is(name[2] == 's' ? RECORD_RESUME :
		    RECORD_RECODE, name, 6);
	case 7:
		return record_type_is(RECORD_COMMENT, name, 7);
	case 8:
		return record_type_is(RECORD_WITHDRAW, name, 8);
	default:
		return RECORD_NTYPES;
	}
}

int
record_is_move(enum record_type type)
{
	return type == RECORD_MOVE || type == RECORD_SPAN;
}

const char *
record_by_name(enum record_by by)
{
	switch (by) {
	case RECORD_BY_HEAD:
		return "head";
	case RECORD_BY_OTHER:
		return "other";
	default:
		return "";
	}
}

/* ---- copying ---- */

static size_t
record_strings_size(const struct record *rec)
{
	const char	*s[5] = { rec->group, rec->person, rec->where,
			    rec->mode, rec->text };
	size_t		 size = 0, i;

	for (i = 0; i < 5; i++) {
		if (s[i] != NULL)
			size += strlen(s[i]) + 1;
	}
	for (i = 0; i < rec->nwith; i++)
		size += strlen(rec->with[i]) + 1;
	for (i = 0; i < 2 * rec->ndims; i++)
		size += strlen(rec->dims[i]) + 1;
	return size;
}

static const char *
record_copy_string(const char *s, char **next)
{
	size_t	 len;
	char	*p = *next;

	if (s == NULL)
		return NULL;
	len = strlen(s) + 1;
	memcpy(p, s, len);
	*next = p + len;
	return p;
}

size_t
record_dup_size(const struct record *rec)
{
	/* The record, its with and dims arrays, then its strings (the arrays
	 * are sized to what they hold, so a record costs what it holds). */
	return sizeof *rec + (rec->nwith + 2 * rec->ndims) * sizeof *rec->with +
	    record_strings_size(rec);
}

struct record *
record_dup(const struct record *rec)
{
	return record_dup_into(rec, xmalloc(record_dup_size(rec)));
}

struct record *
record_dup_into(const struct record *rec, void *buf)
{
	struct record	*copy = buf;
	char		*next;
	size_t		 i;

	*copy = *rec;
	copy->with = rec->nwith > 0 ? (const char **)(copy + 1) : NULL;
	copy->dims = rec->ndims > 0 ? (const char **)(copy + 1) + rec->nwith :
	    NULL;
	next = (char *)(copy + 1) + (rec->nwith + 2 * rec->ndims) *
	    sizeof *copy->with;
	copy->group = record_copy_string(rec->group, &next);
	copy->person = record_copy_string(rec->person, &next);
	copy->where = record_copy_string(rec->where, &next);
	copy->mode = record_copy_string(rec->mode, &next);
	copy->text = record_copy_string(rec->text, &next);
	for (i = 0; i < rec->nwith; i++)
		copy->with[i] = record_copy_string(rec->with[i], &next);
	for (i = 0; i < 2 * rec->ndims; i++)
		copy->dims[i] = record_copy_string(rec->dims[i], &next);
	return copy;
}

/* ---- packing ---- */

static void
pack_string(msgpack_packer *pk, const char *s)
{
	size_t	len = strlen(s);

	msgpack_pack_str(pk, len);
	msgpack_pack_str_body(pk, s, len);
}

static void
pack_key(msgpack_packer *pk, enum record_key key)
{
	msgpack_pack_str(pk, record_keys[key].len);
	msgpack_pack_str_body(pk, record_keys[key].name, record_keys[key].len);
}

void
record_pack(const struct record *rec, msgpack_sbuffer *sbuf)
{
	msgpack_packer	pk;
	size_t		n = 3, i;

	msgpack_packer_init(&pk, sbuf, msgpack_sbuffer_write);
	if (rec->has_mono)
		n += 2;
	n += rec->group != NULL;
	n += rec->by != RECORD_BY_UNKNOWN;
	n += rec->person != NULL;
	n += rec->where != NULL;
	n += rec->mode != NULL;
	n += rec->has_with != 0;
	n += rec->ndims > 0;
	n += rec->text != NULL;
	n += rec->type == RECORD_UNDO;
	n += (record_is_review(rec->type) && rec->type != RECORD_ADD) ||
	    rec->type == RECORD_REDO;
	n += record_is_move(rec->type) || rec->type == RECORD_ADD;
	n += rec->type == RECORD_ADD;
	msgpack_pack_map(&pk, n);

	pack_key(&pk, KEY_TYPE);
	pack_string(&pk, record_type_name(rec->type));
	pack_key(&pk, KEY_T);
	msgpack_pack_int64(&pk, rec->t);
	if (rec->has_mono) {
		pack_key(&pk, KEY_MONO);
		msgpack_pack_int64(&pk, rec->mono);
		pack_key(&pk, KEY_SESSION);
		msgpack_pack_uint64(&pk, rec->session);
	}
	if (rec->group != NULL) {
		pack_key(&pk, KEY_GROUP);
		pack_string(&pk, rec->group);
	}
	if (rec->by != RECORD_BY_UNKNOWN) {
		pack_key(&pk, KEY_BY);
		pack_string(&pk, record_by_name(rec->by));
	}
	if (rec->person != NULL) {
		pack_key(&pk, KEY_PERSON);
		pack_string(&pk, rec->person);
	}
	if (rec->where != NULL) {
		pack_key(&pk, KEY_WHERE);
		pack_string(&pk, rec->where);
	}
	if (rec->mode != NULL) {
		pack_key(&pk, KEY_MODE);
		pack_string(&pk, rec->mode);
	}
	if (rec->has_with) {
		pack_key(&pk, KEY_WITH);
		msgpack_pack_array(&pk, rec->nwith);
		for (i = 0; i < rec->nwith; i++)
			pack_string(&pk, rec->with[i]);
	}
	if (rec->ndims > 0) {
		pack_key(&pk, KEY_DIMS);
		msgpack_pack_map(&pk, rec->ndims);
		for (i = 0; i < 2 * rec->ndims; i++)
			pack_string(&pk, rec->dims[i]);
	}
	if (rec->text != NULL) {
		pack_key(&pk, KEY_TEXT);
		pack_string(&pk, rec->text);
	}
	if (rec->type == RECORD_UNDO) {
		pack_key(&pk, KEY_UNDOES);
		msgpack_pack_uint64(&pk, rec->undoes);
	}
	if ((record_is_review(rec->type) && rec->type != RECORD_ADD) ||
	    rec->type == RECORD_REDO) {
		pack_key(&pk, KEY_TARGET);
		msgpack_pack_uint64(&pk, rec->target);
	}
	if (rec->type == RECORD_ADD) {
		pack_key(&pk, KEY_FROM);
		msgpack_pack_int64(&pk, rec->from);
	}
	if (record_is_move(rec->type) || rec->type == RECORD_ADD) {
		pack_key(&pk, KEY_TO);
		msgpack_pack_int64(&pk, rec->to);
	}
	pack_key(&pk, KEY_SEQ);
	msgpack_pack_uint64(&pk, rec->seq);
}

/* ---- checking untrusted objects ---- */

static int
object_is_key(const msgpack_object *o, const char *name)
{
	size_t	len = strlen(name);

	return o->type == MSGPACK_OBJECT_STR && o->via.str.size == len &&
	    memcmp(o->via.str.ptr, name, len) == 0;
}

/* A string value: at most RECORD_MAX_TEXT bytes and no NUL.  Inlined: a
 * record has five or so. */
static inline int
check_string(const msgpack_object *o, const char *what, struct err *e)
{
	if (o->type != MSGPACK_OBJECT_STR) {
		err_set(e, ERR_DATA, "\"%s\" is not a string", what);
		return -1;
	}
	if (o->via.str.size > RECORD_MAX_TEXT) {
		err_set(e, ERR_DATA, "\"%s\" is longer than %d bytes", what,
		    RECORD_MAX_TEXT);
		return -1;
	}
	if (memchr(o->via.str.ptr, '\0', o->via.str.size) != NULL) {
		err_set(e, ERR_DATA, "\"%s\" holds a NUL byte", what);
		return -1;
	}
	return 0;
}

static int
check_uint(const msgpack_object *o, const char *what, uint64_t *v,
    struct err *e)
{
	if (o->type != MSGPACK_OBJECT_POSITIVE_INTEGER) {
		err_set(e, ERR_DATA, "\"%s\" is not an unsigned integer", what);
		return -1;
	}
	*v = o->via.u64;
	return 0;
}

static int
check_int(const msgpack_object *o, const char *what, int64_t *v, struct err *e)
{
	if (o->type == MSGPACK_OBJECT_NEGATIVE_INTEGER) {
		*v = o->via.i64;
		return 0;
	}
	if (o->type == MSGPACK_OBJECT_POSITIVE_INTEGER &&
	    o->via.u64 <= INT64_MAX) {
		*v = (int64_t)o->via.u64;
		return 0;
	}
	err_set(e, ERR_DATA, "\"%s\" is not an integer", what);
	return -1;
}

#define KEY_LEN(n)	{ (UINT64_C(1) << 8 * (n)) - 1, (uint64_t)((n) + 1) << 56 }
const struct record_key_len record_key_lens[8] = {
	KEY_LEN(0), KEY_LEN(1), KEY_LEN(2), KEY_LEN(3), KEY_LEN(4), KEY_LEN(5),
	KEY_LEN(6), KEY_LEN(7)
};

/* The slots of record_key_index: each key under the hash of its name
 * as record.h's RECORD_KEY_WORD spells it.  Two keys in one slot would be
 * a field initialised twice, an error by -Woverride-init. */
#define KEY_SLOT(k, n, a, b, c, d, e, f, g)				\
	[RECORD_KEY_SLOT(RECORD_KEY_WORD(n, a, b, c, d, e, f, g))] =	\
	    { RECORD_KEY_WORD(n, a, b, c, d, e, f, g), k }
const struct record_key_slot record_key_slots[RECORD_KEY_SLOTS] = {
	KEY_SLOT(KEY_TYPE, 4, 't', 'y', 'p', 'e', 0, 0, 0),
	KEY_SLOT(KEY_T, 1, 't', 0, 0, 0, 0, 0, 0),
	KEY_SLOT(KEY_MONO, 4, 'm', 'o', 'n', 'o', 0, 0, 0),
	KEY_SLOT(KEY_SESSION, 7, 's', 'e', 's', 's', 'i', 'o', 'n'),
	KEY_SLOT(KEY_GROUP, 5, 'g', 'r', 'o', 'u', 'p', 0, 0),
	KEY_SLOT(KEY_BY, 2, 'b', 'y', 0, 0, 0, 0, 0),
	KEY_SLOT(KEY_PERSON, 6, 'p', 'e', 'r', 's', 'o', 'n', 0),
	KEY_SLOT(KEY_WHERE, 5, 'w', 'h', 'e', 'r', 'e', 0, 0),
	KEY_SLOT(KEY_MODE, 4, 'm', 'o', 'd', 'e', 0, 0, 0),
	KEY_SLOT(KEY_WITH, 4, 'w', 'i', 't', 'h', 0, 0, 0),
	KEY_SLOT(KEY_TEXT, 4, 't', 'e', 'x', 't', 0, 0, 0),
	KEY_SLOT(KEY_UNDOES, 6, 'u', 'n', 'd', 'o', 'e', 's', 0),
	KEY_SLOT(KEY_TARGET, 6, 't', 'a', 'r', 'g', 'e', 't', 0),
	KEY_SLOT(KEY_FROM, 4, 'f', 'r', 'o', 'm', 0, 0, 0),
	KEY_SLOT(KEY_TO, 2, 't', 'o', 0, 0, 0, 0, 0),
	KEY_SLOT(KEY_DIMS, 4, 'd', 'i', 'm', 's', 0, 0, 0),
	KEY_SLOT(KEY_SEQ, 3, 's', 'e', 'q', 0, 0, 0, 0)
};

/* Files each known key's value in found[]; refuses a non-string or
 * repeated key.  Unknown keys are left alone. */
static int
record_find_keys(const msgpack_object *o, const msgpack_object **found,
    struct err *e)
{
	const msgpack_object_kv	*kv;
	uint32_t		 i;
	unsigned		 k;

	memset(found, 0, KEY_NKEYS * sizeof *found);
	for (i = 0; i < o->via.map.size; i++) {
		kv = &o->via.map.ptr[i];
		if (kv->key.type != MSGPACK_OBJECT_STR) {
			err_set(e, ERR_DATA, "record has a key that is not a "
			    "string");
			return -1;
		}
		if ((k = record_key_index(kv->key.via.str.ptr,
		    kv->key.via.str.size, kv->key.via.str.size)) == KEY_NKEYS)
			continue;
		if (found[k] != NULL) {
			err_set(e, ERR_DATA, "record has \"%s\" twice",
			    record_keys[k].name);
			return -1;
		}
		found[k] = &kv->val;
	}
	return 0;
}

/* Checks the fields every record has: type, seq and t. */
static int
record_check_common(const msgpack_object *const *found, struct record *rec,
    struct err *e)
{
	const msgpack_object	*o;

	if ((o = found[KEY_TYPE]) == NULL) {
		err_set(e, ERR_DATA, "record has no \"type\"");
		return -1;
	}
	/* A known name is short and holds no NUL: only another needs
	 * check_string's look at each byte. */
	rec->type = o->type != MSGPACK_OBJECT_STR ? RECORD_NTYPES :
	    record_type_from_name(o->via.str.ptr, o->via.str.size);
	if (rec->type == RECORD_NTYPES && check_string(o, "type", e) != 0)
		return -1;

	if (found[KEY_SEQ] == NULL) {
		err_set(e, ERR_DATA, "record has no \"seq\"");
		return -1;
	}
	if (check_uint(found[KEY_SEQ], "seq", &rec->seq, e) != 0)
		return -1;
	if (rec->seq == 0) {
		err_set(e, ERR_DATA, "record has \"seq\" 0");
		return -1;
	}

	if (found[KEY_T] == NULL) {
		err_set(e, ERR_DATA, "record has no \"t\"");
		return -1;
	}
	return check_int(found[KEY_T], "t", &rec->t, e);
}

/* Checks the fields a review record needs: a target (not 0 but for a
 * comment on the day), a group, a new instant or a text. */
static int
record_check_review(const msgpack_object *const *found, const struct record *rec,
    struct err *e)
{
	const char		*what = record_type_name(rec->type);
	const msgpack_object	*o;

	if (rec->type == RECORD_ADD) {
		o = found[KEY_GROUP];
		if (o == NULL || o->via.str.size == 0 ||
		    found[KEY_FROM] == NULL || found[KEY_TO] == NULL) {
			err_set(e, ERR_DATA, "add record needs \"group\", "
			    "\"from\" and \"to\"");
			return -1;
		}
		return 0;
	}
	if (found[KEY_TARGET] == NULL) {
		err_set(e, ERR_DATA, "%s record has no \"target\"", what);
		return -1;
	}
	if (rec->target == 0 && rec->type != RECORD_COMMENT) {
		err_set(e, ERR_DATA, "%s record has \"target\" 0", what);
		return -1;
	}
	switch (rec->type) {
	case RECORD_RECODE:
		o = found[KEY_GROUP];
		if (o == NULL || o->via.str.size == 0) {
			err_set(e, ERR_DATA, "recode record has no \"group\"");
			return -1;
		}
		break;
	case RECORD_MOVE:
	case RECORD_SPAN:
		if (found[KEY_TO] == NULL) {
			err_set(e, ERR_DATA, "%s record has no \"to\"", what);
			return -1;
		}
		break;
	case RECORD_WITHDRAW:
	case RECORD_FIX:
		break;
	default:
		if (found[KEY_TEXT] == NULL) {
			err_set(e, ERR_DATA, "comment record has no \"text\"");
			return -1;
		}
		break;
	}
	return 0;
}

/* A map of strings to strings with distinct non-empty keys, as "tags" in
 * the header and "dims" in a record are; what names it in messages. */
static int
check_string_map(const msgpack_object *o, const char *what, struct err *e)
{
	const msgpack_object_kv	*kv;
	uint32_t		 i, j;

	if (o->type != MSGPACK_OBJECT_MAP) {
		err_set(e, ERR_DATA, "\"%s\" is not a map", what);
		return -1;
	}
	for (i = 0; i < o->via.map.size; i++) {
		kv = &o->via.map.ptr[i];
		if (check_string(&kv->key, what, e) != 0 ||
		    check_string(&kv->val, what, e) != 0)
			return -1;
		if (kv->key.via.str.size == 0) {
			err_set(e, ERR_DATA, "\"%s\" has an empty key", what);
			return -1;
		}
		for (j = 0; j < i; j++) {
			if (kv->key.via.str.size ==
			    o->via.map.ptr[j].key.via.str.size &&
			    memcmp(kv->key.via.str.ptr,
			    o->via.map.ptr[j].key.via.str.ptr,
			    kv->key.via.str.size) == 0) {
				err_set(e, ERR_DATA, "\"%s\" has a key twice",
				    what);
				return -1;
			}
		}
	}
	return 0;
}

/* "dims": at most SCHEME_MAX_DIMS names, each to a string.  Whether the
 * names are the scheme's is the day's concern. */
static int
record_check_dims(const msgpack_object *o, struct err *e)
{
	if (check_string_map(o, "dims", e) != 0)
		return -1;
	if (o->via.map.size > SCHEME_MAX_DIMS) {
		err_set(e, ERR_DATA, "\"dims\" has more than %d dimensions",
		    SCHEME_MAX_DIMS);
		return -1;
	}
	return 0;
}

/* Checks the string field k, if found, adding the bytes it needs (with a
 * NUL) to *size.  Inline, one call a field: k is then a constant. */
static inline int
record_check_text(const msgpack_object *const *found, enum record_key k,
    size_t *size, struct err *e)
{
	const msgpack_object	*o = found[k];

	if (o == NULL)
		return 0;
	if (check_string(o, record_keys[k].name, e) != 0)
		return -1;
	*size += o->via.str.size + 1;
	return 0;
}

/* Checks every known field of a record of a known type; returns the bytes
 * its strings need (each with a NUL), or -1. */
static ssize_t
record_check_fields(const msgpack_object *const *found, struct record *rec,
    struct err *e)
{
	const msgpack_object		*o;
	size_t				 size = 0, i;

	if (found[KEY_MONO] != NULL) {
		if (check_int(found[KEY_MONO], "mono", &rec->mono, e) != 0)
			return -1;
		rec->has_mono = 1;
	}
	if (found[KEY_SESSION] != NULL &&
	    check_uint(found[KEY_SESSION], "session", &rec->session,
	    e) != 0)
		return -1;
	if (found[KEY_UNDOES] != NULL &&
	    check_uint(found[KEY_UNDOES], "undoes", &rec->undoes, e) != 0)
		return -1;
	if (found[KEY_TARGET] != NULL &&
	    check_uint(found[KEY_TARGET], "target", &rec->target, e) != 0)
		return -1;
	if (found[KEY_TO] != NULL &&
	    check_int(found[KEY_TO], "to", &rec->to, e) != 0)
		return -1;
	if (found[KEY_FROM] != NULL &&
	    check_int(found[KEY_FROM], "from", &rec->from, e) != 0)
		return -1;

	if (record_check_text(found, KEY_GROUP, &size, e) != 0 ||
	    record_check_text(found, KEY_PERSON, &size, e) != 0 ||
	    record_check_text(found, KEY_WHERE, &size, e) != 0 ||
	    record_check_text(found, KEY_MODE, &size, e) != 0 ||
	    record_check_text(found, KEY_TEXT, &size, e) != 0)
		return -1;

	if ((o = found[KEY_BY]) != NULL) {
		if (object_is_key(o, "head"))
			rec->by = RECORD_BY_HEAD;
		else if (object_is_key(o, "other"))
			rec->by = RECORD_BY_OTHER;
		else {
			err_set(e, ERR_DATA, "\"by\" is not \"head\" or \"other\"");
			return -1;
		}
	}

	if ((o = found[KEY_WITH]) != NULL) {
		if (o->type != MSGPACK_OBJECT_ARRAY) {
			err_set(e, ERR_DATA, "\"with\" is not an array");
			return -1;
		}
		if (o->via.array.size > RECORD_MAX_WITH) {
			err_set(e, ERR_DATA, "\"with\" has more than %d groups",
			    RECORD_MAX_WITH);
			return -1;
		}
		for (i = 0; i < o->via.array.size; i++) {
			if (check_string(&o->via.array.ptr[i], "with",
			    e) != 0)
				return -1;
			size += o->via.array.ptr[i].via.str.size + 1;
		}
		rec->has_with = 1;
		rec->nwith = o->via.array.size;
		size += rec->nwith * sizeof *rec->with;
	}
	if ((o = found[KEY_DIMS]) != NULL) {
		if (record_check_dims(o, e) != 0)
			return -1;
		rec->ndims = o->via.map.size;
		for (i = 0; i < rec->ndims; i++)
			size += o->via.map.ptr[i].key.via.str.size +
			    o->via.map.ptr[i].val.via.str.size + 2;
		size += 2 * rec->ndims * sizeof *rec->dims;
	}

	switch (rec->type) {
	case RECORD_START:
	case RECORD_BRIEF:
		o = found[KEY_GROUP];
		if (o == NULL || o->via.str.size == 0) {
			err_set(e, ERR_DATA, "%s record has no \"group\"",
			    record_type_name(rec->type));
			return -1;
		}
		break;
	case RECORD_NOTE:
		if (found[KEY_TEXT] == NULL) {
			err_set(e, ERR_DATA, "note record has no \"text\"");
			return -1;
		}
		break;
	case RECORD_UNDO:
		if (found[KEY_UNDOES] == NULL) {
			err_set(e, ERR_DATA, "undo record has no \"undoes\"");
			return -1;
		}
		break;
	case RECORD_REDO:
		if (found[KEY_TARGET] == NULL) {
			err_set(e, ERR_DATA, "redo record has no \"target\"");
			return -1;
		}
		break;
	case RECORD_RECODE:
	case RECORD_MOVE:
	case RECORD_COMMENT:
	case RECORD_ADD:
	case RECORD_WITHDRAW:
	case RECORD_FIX:
	case RECORD_SPAN:
		if (record_check_review(found, rec, e) != 0)
			return -1;
		break;
	default:
		break;
	}
	return (ssize_t)size;
}

static const char *
arena_copy(const msgpack_object *o, char **next)
{
	char	*p = *next;

	if (o == NULL)
		return NULL;
	if (o->via.str.size > 0)	/* msgpack-c's "" may point nowhere */
		memcpy(p, o->via.str.ptr, o->via.str.size);
	p[o->via.str.size] = '\0';
	*next = p + o->via.str.size + 1;
	return p;
}

void *
record_arena_alloc(void *arg, size_t size)
{
	struct record_arena	*a = arg;

	/* Grow once, then copy: nothing handed out moves afterwards. */
	if (size > *a->size) {
		free(*a->arena);
		*a->arena = xmalloc(size);
		*a->size = size;
	}
	return *a->arena;
}

int
record_unpack(const msgpack_object *o, struct record *rec, char **arena,
    size_t *arena_size, struct err *e)
{
	struct record_arena	a = { arena, arena_size };

	return record_unpack_alloc(o, rec, record_arena_alloc, &a, e);
}

/* What both entry points share once a record's keys are filed: every
 * check, then the strings copied into memory from alloc. */
static int
record_unpack_keys(const msgpack_object *const *found, struct record *rec,
    void *(*alloc)(void *, size_t), void *arg, struct err *e)
{
	const msgpack_object	*with, *dims;
	ssize_t			 size;
	char			*next;
	size_t			 i;

	if (record_check_common(found, rec, e) != 0)
		return -1;
	if (rec->type == RECORD_NTYPES)
		return 0;
	if ((size = record_check_fields(found, rec, e)) < 0)
		return -1;

	next = alloc(arg, (size_t)size);	/* the arrays first */
	if (rec->nwith > 0) {
		rec->with = (const char **)(void *)next;
		next += rec->nwith * sizeof *rec->with;
	}
	if (rec->ndims > 0) {
		rec->dims = (const char **)(void *)next;
		next += 2 * rec->ndims * sizeof *rec->dims;
	}
	rec->group = arena_copy(found[KEY_GROUP], &next);
	rec->person = arena_copy(found[KEY_PERSON], &next);
	rec->where = arena_copy(found[KEY_WHERE], &next);
	rec->mode = arena_copy(found[KEY_MODE], &next);
	rec->text = arena_copy(found[KEY_TEXT], &next);
	if ((with = found[KEY_WITH]) != NULL) {
		for (i = 0; i < rec->nwith; i++)
			rec->with[i] = arena_copy(&with->via.array.ptr[i],
			    &next);
	}
	if ((dims = found[KEY_DIMS]) != NULL) {
		for (i = 0; i < rec->ndims; i++) {
			rec->dims[2 * i] = arena_copy(
			    &dims->via.map.ptr[i].key, &next);
			rec->dims[2 * i + 1] = arena_copy(
			    &dims->via.map.ptr[i].val, &next);
		}
	}
	return 1;
}

int
record_unpack_alloc(const msgpack_object *o, struct record *rec,
    void *(*alloc)(void *, size_t), void *arg, struct err *e)
{
	const msgpack_object	*found[KEY_NKEYS];

	memset(rec, 0, sizeof *rec);
	if (o->type != MSGPACK_OBJECT_MAP) {
		err_set(e, ERR_DATA, "record is not a map");
		return -1;
	}
	if (record_find_keys(o, found, e) != 0)
		return -1;
	return record_unpack_keys(found, rec, alloc, arg, e);
}

int
record_unpack_found(const msgpack_object *const *found, struct record *rec,
    void *(*alloc)(void *, size_t), void *arg, struct err *e)
{
	memset(rec, 0, sizeof *rec);
	return record_unpack_keys(found, rec, alloc, arg, e);
}

/* ---- the header ---- */

void
log_header_pack(const struct log_header *hdr, msgpack_sbuffer *sbuf)
{
	msgpack_packer	pk;
	size_t		i;

	msgpack_packer_init(&pk, sbuf, msgpack_sbuffer_write);
	msgpack_pack_map(&pk, 13);
	pack_string(&pk, "type");
	pack_string(&pk, "header");
	pack_string(&pk, "format");
	pack_string(&pk, "shadowlog");
	pack_string(&pk, "version");
	msgpack_pack_unsigned_int(&pk, hdr->version);
	pack_string(&pk, "school");
	pack_string(&pk, hdr->school != NULL ? hdr->school : "");
	pack_string(&pk, "head");
	pack_string(&pk, hdr->head != NULL ? hdr->head : "");
	pack_string(&pk, "observer");
	pack_string(&pk, hdr->observer != NULL ? hdr->observer : "");
	pack_string(&pk, "date");
	pack_string(&pk, hdr->date);
	pack_string(&pk, "tz");
	pack_string(&pk, hdr->tz != NULL ? hdr->tz : "");
	pack_string(&pk, "utc_offset");
	msgpack_pack_int(&pk, hdr->utc_offset);
	pack_string(&pk, "recorder");
	pack_string(&pk, hdr->recorder != NULL ? hdr->recorder : "");
	pack_string(&pk, "created");
	msgpack_pack_int64(&pk, hdr->created);
	pack_string(&pk, "scheme");
	scheme_pack(hdr->scheme, &pk);
	pack_string(&pk, "tags");
	msgpack_pack_map(&pk, hdr->ntags);
	for (i = 0; i < hdr->ntags; i++) {
		pack_string(&pk, hdr->tag_keys[i]);
		pack_string(&pk, hdr->tag_values[i]);
	}
}

/* The header keys, in the order log_header_pack writes them. */
enum header_key {
	HKEY_TYPE, HKEY_FORMAT, HKEY_VERSION, HKEY_SCHOOL, HKEY_HEAD,
	HKEY_OBSERVER, HKEY_DATE, HKEY_TZ, HKEY_UTC_OFFSET, HKEY_RECORDER,
	HKEY_CREATED, HKEY_SCHEME, HKEY_TAGS, HKEY_NKEYS
};

static const char *header_key_names[HKEY_NKEYS] = {
	"type", "format", "version", "school", "head", "observer", "date",
	"tz", "utc_offset", "recorder", "created", "scheme", "tags"
};

/* Which header key the string key names, HKEY_NKEYS for none.  Tried first
 * at guess, its place in log_header_pack's order, where every header
 * written has it: one comparison a key rather than a dozen. */
static unsigned
header_key_find(const msgpack_object *key, unsigned guess)
{
	unsigned	k;

	if (guess < HKEY_NKEYS && object_is_key(key, header_key_names[guess]))
		return guess;
	for (k = 0; k < HKEY_NKEYS; k++) {
		if (object_is_key(key, header_key_names[k]))
			break;
	}
	return k;
}

static int
header_find_keys(const msgpack_object *o, const msgpack_object **found,
    struct err *e)
{
	const msgpack_object_kv	*kv;
	uint32_t		 i;
	unsigned		 k;

	memset(found, 0, HKEY_NKEYS * sizeof *found);
	for (i = 0; i < o->via.map.size; i++) {
		kv = &o->via.map.ptr[i];
		if (kv->key.type != MSGPACK_OBJECT_STR) {
			err_set(e, ERR_DATA, "header has a key that is not a "
			    "string");
			return -1;
		}
		if ((k = header_key_find(&kv->key, i)) == HKEY_NKEYS)
			continue;
		if (found[k] != NULL) {
			err_set(e, ERR_DATA, "header has \"%s\" twice",
			    header_key_names[k]);
			return -1;
		}
		found[k] = &kv->val;
	}
	return 0;
}

/* A checked string field; "" when absent unless required. */
static int
header_string(const msgpack_object **found, enum header_key k, int required,
    char **out, struct err *e)
{
	const msgpack_object	*o = found[k];

	if (o == NULL) {
		if (required) {
			err_set(e, ERR_DATA, "header has no \"%s\"",
			    header_key_names[k]);
			return -1;
		}
		*out = xstrdup("");
		return 0;
	}
	if (check_string(o, header_key_names[k], e) != 0)
		return -1;
	*out = xstrndup(o->via.str.ptr, o->via.str.size);
	return 0;
}

/* Checks "type", "format" and "version": is this a log we can read? */
static int
header_check_format(const msgpack_object **found, struct log_header *hdr,
    struct err *e)
{
	const msgpack_object	*o;

	if (found[HKEY_FORMAT] == NULL ||
	    !object_is_key(found[HKEY_FORMAT], "shadowlog") ||
	    found[HKEY_TYPE] == NULL ||
	    !object_is_key(found[HKEY_TYPE], "header")) {
		err_set(e, ERR_DATA, "not a shadowlog log");
		return -1;
	}
	if ((o = found[HKEY_VERSION]) == NULL ||
	    o->type != MSGPACK_OBJECT_POSITIVE_INTEGER || o->via.u64 == 0) {
		err_set(e, ERR_DATA, "header has no valid \"version\"");
		return -1;
	}
	if (o->via.u64 > LOG_FORMAT_VERSION) {
		err_set(e, ERR_DATA, "written by a newer shadowlog (format "
		    "version %" PRIu64 "; this reads %d)", o->via.u64,
		    LOG_FORMAT_VERSION);
		return -1;
	}
	hdr->version = (unsigned)o->via.u64;
	return 0;
}

static int
header_tags(const msgpack_object *o, struct log_header *hdr, struct err *e)
{
	const msgpack_object_kv	*kv;
	uint32_t		 i;

	if (check_string_map(o, "tags", e) != 0)
		return -1;
	hdr->ntags = o->via.map.size;
	hdr->tag_keys = xcalloc(hdr->ntags, sizeof *hdr->tag_keys);
	hdr->tag_values = xcalloc(hdr->ntags, sizeof *hdr->tag_values);
	for (i = 0; i < o->via.map.size; i++) {
		kv = &o->via.map.ptr[i];
		hdr->tag_keys[i] = xstrndup(kv->key.via.str.ptr,
		    kv->key.via.str.size);
		hdr->tag_values[i] = xstrndup(kv->val.via.str.ptr,
		    kv->val.via.str.size);
	}
	return 0;
}

/* The scheme's bytes (raw, n) are those found[HKEY_SCHEME] was decoded
 * from, or NULL. */
static int
header_fields(const msgpack_object **found, struct log_header *hdr,
    struct scheme_memo *memo, const void *raw, size_t n, struct err *e)
{
	const msgpack_object	*o;
	char			*date;
	struct err		 why = ERR_INIT;
	int64_t			 v;

	if (header_string(found, HKEY_SCHOOL, 0, &hdr->school, e) != 0 ||
	    header_string(found, HKEY_HEAD, 0, &hdr->head, e) != 0 ||
	    header_string(found, HKEY_OBSERVER, 0, &hdr->observer,
	    e) != 0 ||
	    header_string(found, HKEY_TZ, 1, &hdr->tz, e) != 0 ||
	    header_string(found, HKEY_RECORDER, 0, &hdr->recorder,
	    e) != 0)
		return -1;

	if (header_string(found, HKEY_DATE, 1, &date, e) != 0)
		return -1;
	if (clock_parse_date(date, &why) != 0) {
		err_set(e, ERR_DATA, "header: %s", why.msg);
		err_clear(&why);
		free(date);
		return -1;
	}
	memcpy(hdr->date, date, CLOCK_DATE_LEN);
	free(date);

	if ((o = found[HKEY_UTC_OFFSET]) == NULL) {
		err_set(e, ERR_DATA, "header has no \"utc_offset\"");
		return -1;
	}
	if (check_int(o, "utc_offset", &v, e) != 0)
		return -1;
	if (v < -86400 || v > 86400) {
		err_set(e, ERR_DATA, "header \"utc_offset\" is out of range");
		return -1;
	}
	hdr->utc_offset = (int)v;

	if ((o = found[HKEY_CREATED]) != NULL &&
	    check_int(o, "created", &hdr->created, e) != 0)
		return -1;

	if ((o = found[HKEY_TAGS]) != NULL && header_tags(o, hdr, e) != 0)
		return -1;

	if ((o = found[HKEY_SCHEME]) == NULL) {
		err_set(e, ERR_DATA, "header has no \"scheme\"");
		return -1;
	}
	/* Its message reads "scheme: ...". */
	if ((hdr->scheme = scheme_memo_unpack_raw(memo, o, raw, n,
	    &why)) == NULL) {
		err_move(e, &why);
		return -1;
	}
	return 0;
}

int
log_header_unpack(const msgpack_object *o, struct log_header *hdr,
    struct err *e)
{
	return log_header_unpack_memo(o, hdr, NULL, NULL, 0, e);
}

int
log_header_unpack_memo(const msgpack_object *o, struct log_header *hdr,
    struct scheme_memo *memo, const void *scheme, size_t n, struct err *e)
{
	const msgpack_object	*found[HKEY_NKEYS];

	memset(hdr, 0, sizeof *hdr);
	if (o->type != MSGPACK_OBJECT_MAP) {
		err_set(e, ERR_DATA, "not a shadowlog log");
		return -1;
	}
	if (header_find_keys(o, found, e) != 0 ||
	    header_check_format(found, hdr, e) != 0 ||
	    header_fields(found, hdr, memo, scheme, n, e) != 0) {
		log_header_free(hdr);
		return -1;
	}
	return 0;
}

void
log_header_free(struct log_header *hdr)
{
	size_t	i;

	free(hdr->school);
	free(hdr->head);
	free(hdr->observer);
	free(hdr->tz);
	free(hdr->recorder);
	if (hdr->scheme != NULL)
		scheme_free(hdr->scheme);
	for (i = 0; i < hdr->ntags; i++) {
		free(hdr->tag_keys[i]);
		free(hdr->tag_values[i]);
	}
	free(hdr->tag_keys);
	free(hdr->tag_values);
	memset(hdr, 0, sizeof *hdr);
}

static char *
copy_or_empty(const char *s)
{
	return xstrdup(s != NULL ? s : "");
}

void
log_header_copy(struct log_header *dst, const struct log_header *src)
{
	size_t	i;

	*dst = *src;
	dst->school = copy_or_empty(src->school);
	dst->head = copy_or_empty(src->head);
	dst->observer = copy_or_empty(src->observer);
	dst->tz = copy_or_empty(src->tz);
	dst->recorder = copy_or_empty(src->recorder);
	dst->scheme = src->scheme != NULL ? scheme_copy(src->scheme) : NULL;
	dst->tag_keys = xcalloc(src->ntags, sizeof *dst->tag_keys);
	dst->tag_values = xcalloc(src->ntags, sizeof *dst->tag_values);
	for (i = 0; i < src->ntags; i++) {
		dst->tag_keys[i] = xstrdup(src->tag_keys[i]);
		dst->tag_values[i] = xstrdup(src->tag_values[i]);
	}
}

const char *
log_header_tag(const struct log_header *hdr, const char *key)
{
	size_t	i;

	for (i = 0; i < hdr->ntags; i++) {
		if (strcmp(hdr->tag_keys[i], key) == 0)
			return hdr->tag_values[i];
	}
	return NULL;
}
