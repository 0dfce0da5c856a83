/*
 * Tests for records and the header as msgpack: every type and field round
 * trip, the exact bytes, record_dup, and every refusal of a hostile map
 * (built field by field below, so each test shows what it feeds in).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <CUnit/CUnit.h>
#include <msgpack.h>

#include "record.h"
#include "scheme.h"
#include "test.h"
#include "xmalloc.h"

/* ---- building maps field by field ---- */

enum kv_kind {
	KV_STR,		/* s */
	KV_INT,		/* i */
	KV_UINT,	/* u */
	KV_NIL,
	KV_STRS,	/* an array of n copies of s */
	KV_LONG,	/* a string of n 'x' */
	KV_NUL,		/* the 3 bytes "a\0b" */
	KV_INTKEY	/* an integer key 7 with value s */
};

struct kv {
	const char	*key;
	enum kv_kind	 kind;
	const char	*s;
	int64_t		 i;
	uint64_t	 u;
	size_t		 n;
};

static void
pk_cstr(msgpack_packer *pk, const char *s)
{
	msgpack_pack_str_with_body(pk, s, strlen(s));
}

static void
pack_kvs(msgpack_sbuffer *sbuf, const struct kv *kvs, size_t n)
{
	msgpack_packer	 pk;
	char		*x;
	size_t		 i, j;

	msgpack_packer_init(&pk, sbuf, msgpack_sbuffer_write);
	msgpack_pack_map(&pk, n);
	for (i = 0; i < n; i++) {
		if (kvs[i].kind == KV_INTKEY)
			msgpack_pack_int(&pk, 7);
		else
			pk_cstr(&pk, kvs[i].key);
		switch (kvs[i].kind) {
		case KV_STR:
		case KV_INTKEY:
			pk_cstr(&pk, kvs[i].s);
			break;
		case KV_INT:
			msgpack_pack_int64(&pk, kvs[i].i);
			break;
		case KV_UINT:
			msgpack_pack_uint64(&pk, kvs[i].u);
			break;
		case KV_NIL:
			msgpack_pack_nil(&pk);
			break;
		case KV_STRS:
			msgpack_pack_array(&pk, kvs[i].n);
			for (j = 0; j < kvs[i].n; j++)
				pk_cstr(&pk, kvs[i].s);
			break;
		case KV_LONG:
			x = xmalloc(kvs[i].n);
			memset(x, 'x', kvs[i].n);
			msgpack_pack_str_with_body(&pk, x, kvs[i].n);
			free(x);
			break;
		case KV_NUL:
			msgpack_pack_str_with_body(&pk, "a\0b", 3);
			break;
		}
	}
}

/* Files each key of the map o under record_key_index, as the log
 * reader's decoder does: 0, or -1 for a map record_unpack_found is not for
 * (a key not a string, or known twice). */
static int
file_keys(const msgpack_object *o, const msgpack_object **found)
{
	const msgpack_object_kv	*kv;
	uint32_t		 i;
	unsigned		 k;

	memset(found, 0, RECORD_NKEYS * sizeof *found);
	if (o->type != MSGPACK_OBJECT_MAP)
		return -1;
	for (i = 0; i < o->via.map.size; i++) {
		kv = &o->via.map.ptr[i];
		if (kv->key.type != MSGPACK_OBJECT_STR)
			return -1;
		k = record_key_index(kv->key.via.str.ptr, kv->key.via.str.size,
		    kv->key.via.str.size);
		if (k == RECORD_NKEYS)
			continue;
		if (found[k] != NULL)
			return -1;
		found[k] = &kv->val;
	}
	return 0;
}

/* record_unpack_found on the keys of o gives what record_unpack gave (ret,
 * rec, cause): the same status, the same message, the same record. */
static void
same_as_found(const msgpack_object *o, int ret, const struct record *rec,
    const char *cause)
{
	const msgpack_object	*found[RECORD_NKEYS];
	msgpack_sbuffer		 a, b;
	struct record		 back;
	struct err		 e = ERR_INIT;
	char			*arena = NULL;
	size_t			 arena_size = 0;
	struct record_arena	 ra = { &arena, &arena_size };

	if (file_keys(o, found) != 0)
		return;
	T_EQ_INT(record_unpack_found(found, &back, record_arena_alloc, &ra,
	    &e), ret);
	if (ret == -1) {
		T_EQ_STR(e.msg, cause);
		T_EQ_INT(e.code, ERR_DATA);
	} else if (ret == 1) {
		msgpack_sbuffer_init(&a);
		msgpack_sbuffer_init(&b);
		record_pack(rec, &a);
		record_pack(&back, &b);
		T_EQ_INT(a.size, b.size);
		T_TRUE(a.size == b.size && memcmp(a.data, b.data, a.size) == 0);
		msgpack_sbuffer_destroy(&a);
		msgpack_sbuffer_destroy(&b);
	} else {
		T_EQ_INT(back.seq, rec->seq);
		T_EQ_INT(back.t, rec->t);
	}
	err_clear(&e);
	free(arena);
}

/* Unpacks bytes as one record; the arena is the caller's. */
static int
unpack_bytes(const char *data, size_t len, struct record *rec, char **arena,
    size_t *arena_size, char **cause)
{
	msgpack_unpacked	unpacked;
	struct err		e = ERR_INIT;
	size_t			off = 0;
	int			ret;

	msgpack_unpacked_init(&unpacked);
	if (msgpack_unpack_next(&unpacked, data, len, &off) !=
	    MSGPACK_UNPACK_SUCCESS) {
		msgpack_unpacked_destroy(&unpacked);
		*cause = xstrdup("msgpack-c failed");
		return -2;
	}
	ret = record_unpack(&unpacked.data, rec, arena, arena_size, &e);
	if (ret == -1) {
		T_EQ_INT(e.code, ERR_DATA);
		T_TRUE(e.file == NULL && e.offset == -1);
		*cause = err_take(&e);
	}
	same_as_found(&unpacked.data, ret, rec, ret == -1 ? *cause : NULL);
	msgpack_unpacked_destroy(&unpacked);
	return ret;
}

/* Unpacks the map kvs; on -1 returns the cause (caller frees). */
static int
unpack_kvs(const struct kv *kvs, size_t n, struct record *rec, char **arena,
    size_t *arena_size, char **cause)
{
	msgpack_sbuffer	sbuf;
	int		ret;

	*cause = NULL;
	msgpack_sbuffer_init(&sbuf);
	pack_kvs(&sbuf, kvs, n);
	ret = unpack_bytes(sbuf.data, sbuf.size, rec, arena, arena_size,
	    cause);
	msgpack_sbuffer_destroy(&sbuf);
	return ret;
}

/* ---- records with every field ---- */

static const char *full_with[] = { "teachers", "pupils", "" };

/* A record of type with every field it can carry filled. */
static void
full_record(struct record *rec, enum record_type type)
{
	memset(rec, 0, sizeof *rec);
	rec->type = type;
	rec->seq = 1000 + type;
	rec->t = INT64_C(1700000000123) + type;
	rec->has_mono = 1;
	rec->mono = INT64_C(-5) - type;
	rec->session = 3;
	rec->group = "SLT";
	rec->by = type % 2 ? RECORD_BY_HEAD : RECORD_BY_OTHER;
	rec->person = "DH";
	rec->where = "head's office";
	rec->mode = "";
	rec->has_with = 1;
	rec->with = full_with;
	rec->nwith = 3;
	rec->text = "said \"hello\" \xc3\xa9t\xc3\xa9";
	rec->undoes = 77;
	rec->target = 78;
	rec->from = INT64_C(-1700000001999);
	rec->to = INT64_C(-1700000000999);
}

static void
check_same_string(const char *a, const char *b)
{
	if (a == NULL || b == NULL) {
		T_TRUE(a == NULL && b == NULL);
	} else {
		T_EQ_STR(a, b);
	}
}

static void
check_same_record(const struct record *a, const struct record *b)
{
	size_t	i;

	T_EQ_INT(a->type, b->type);
	T_EQ_INT(a->seq, b->seq);
	T_EQ_INT(a->t, b->t);
	T_EQ_INT(a->has_mono, b->has_mono);
	T_EQ_INT(a->mono, b->mono);
	T_EQ_INT(a->session, b->session);
	check_same_string(a->group, b->group);
	T_EQ_INT(a->by, b->by);
	check_same_string(a->person, b->person);
	check_same_string(a->where, b->where);
	check_same_string(a->mode, b->mode);
	T_EQ_INT(a->has_with, b->has_with);
	T_EQ_INT(a->nwith, b->nwith);
	for (i = 0; i < a->nwith && i < b->nwith; i++)
		T_EQ_STR(a->with[i], b->with[i]);
	check_same_string(a->text, b->text);
	T_EQ_INT(a->type == RECORD_UNDO ? a->undoes : 0,
	    b->type == RECORD_UNDO ? b->undoes : 0);
	T_EQ_INT(record_is_review(a->type) && a->type != RECORD_ADD ?
	    a->target : 0, record_is_review(b->type) &&
	    b->type != RECORD_ADD ? b->target : 0);
	T_EQ_INT(record_is_move(a->type) || a->type == RECORD_ADD ? a->to : 0,
	    record_is_move(b->type) || b->type == RECORD_ADD ? b->to : 0);
	T_EQ_INT(a->type == RECORD_ADD ? a->from : 0,
	    b->type == RECORD_ADD ? b->from : 0);
}

static void
test_names(void)
{
	unsigned	i;
	const char	*name;

	for (i = 0; i < RECORD_NTYPES; i++) {
		name = record_type_name(i);
		T_EQ_INT(record_type_from_name(name, strlen(name)), i);
	}
	T_EQ_STR(record_type_name(RECORD_BEGIN), "begin");
	T_EQ_STR(record_type_name(RECORD_SET), "set");
	T_EQ_STR(record_type_name(RECORD_UNDO), "undo");
	T_EQ_INT(record_type_from_name("stop", 4), RECORD_STOP);
	T_EQ_INT(record_type_from_name("stopped", 7), RECORD_NTYPES);
	T_EQ_INT(record_type_from_name("sto", 3), RECORD_NTYPES);
	T_EQ_INT(record_type_from_name("START", 5), RECORD_NTYPES);
	T_EQ_INT(record_type_from_name("", 0), RECORD_NTYPES);
	/* A name of a type's length sharing the bytes that pick it (the
	 * guess) is still compared in full. */
	T_EQ_INT(record_type_from_name("spin", 4), RECORD_NTYPES);
	T_EQ_INT(record_type_from_name("bravo", 5), RECORD_NTYPES);
	T_EQ_INT(record_type_from_name("rescue", 6), RECORD_NTYPES);
	T_EQ_INT(record_type_from_name("zip", 3), RECORD_NTYPES);
	T_EQ_INT(record_type_from_name("x", 1), RECORD_NTYPES);
	T_EQ_INT(record_type_from_name("withdrew", 8), RECORD_NTYPES);
	/* Only len bytes count: no NUL is needed. */
	T_EQ_INT(record_type_from_name("endless", 3), RECORD_END);
	T_EQ_STR(record_by_name(RECORD_BY_HEAD), "head");
	T_EQ_STR(record_by_name(RECORD_BY_OTHER), "other");
	T_EQ_STR(record_by_name(RECORD_BY_UNKNOWN), "");
}

/* Every type with every field survives pack and unpack, and packing the
 * result gives the same bytes. */
static void
test_round_trip_full(void)
{
	msgpack_sbuffer	 a, b;
	struct record	 rec, back;
	char		*arena = NULL, *cause = NULL;
	size_t		 arena_size = 0;
	unsigned	 type;

	for (type = 0; type < RECORD_NTYPES; type++) {
		full_record(&rec, type);
		msgpack_sbuffer_init(&a);
		msgpack_sbuffer_init(&b);
		record_pack(&rec, &a);
		T_EQ_INT(unpack_bytes(a.data, a.size, &back, &arena,
		    &arena_size, &cause), 1);
		check_same_record(&rec, &back);
		T_EQ_INT(back.undoes, type == RECORD_UNDO ? 77 : 0);
		T_EQ_INT(back.target, (record_is_review(type) &&
		    type != RECORD_ADD) || type == RECORD_REDO ? 78 : 0);
		T_EQ_INT(back.to, record_is_move(type) || type == RECORD_ADD ?
		    INT64_C(-1700000000999) : 0);
		T_EQ_INT(back.from, type == RECORD_ADD ?
		    INT64_C(-1700000001999) : 0);
		record_pack(&back, &b);
		T_EQ_INT(a.size, b.size);
		T_TRUE(a.size == b.size && memcmp(a.data, b.data, a.size) == 0);
		msgpack_sbuffer_destroy(&a);
		msgpack_sbuffer_destroy(&b);
	}
	free(arena);
}

/* Absent fields stay absent: NULL, BY_UNKNOWN, no with, no mono. */
static void
test_round_trip_minimal(void)
{
	msgpack_sbuffer	 sbuf;
	struct record	 rec, back;
	char		*arena = NULL, *cause = NULL;
	size_t		 arena_size = 0;
	unsigned	 type;

	for (type = 0; type < RECORD_NTYPES; type++) {
		memset(&rec, 0, sizeof rec);
		rec.type = type;
		rec.seq = 1;
		rec.t = -1;
		if (type == RECORD_START || type == RECORD_BRIEF ||
		    type == RECORD_RECODE || type == RECORD_ADD)
			rec.group = "pupils";
		if (type == RECORD_NOTE || type == RECORD_COMMENT)
			rec.text = "";
		if (type == RECORD_RECODE || record_is_move(type) ||
		    type == RECORD_WITHDRAW || type == RECORD_FIX)
			rec.target = 1;	/* a comment's 0 is the day */
		msgpack_sbuffer_init(&sbuf);
		record_pack(&rec, &sbuf);
		T_EQ_INT(unpack_bytes(sbuf.data, sbuf.size, &back, &arena,
		    &arena_size, &cause), 1);
		check_same_record(&rec, &back);
		T_EQ_INT(back.has_mono, 0);
		T_EQ_INT(back.session, 0);
		T_EQ_INT(back.has_with, 0);
		T_TRUE(back.person == NULL && back.where == NULL &&
		    back.mode == NULL);
		T_EQ_INT(back.by, RECORD_BY_UNKNOWN);
		msgpack_sbuffer_destroy(&sbuf);
	}
	free(arena);
}

/* A set record that clears: "" and an empty with[] are kept apart from
 * absent fields. */
static void
test_round_trip_set_clears(void)
{
	msgpack_sbuffer	 sbuf;
	struct record	 rec, back;
	char		*arena = NULL, *cause = NULL;
	size_t		 arena_size = 0;

	memset(&rec, 0, sizeof rec);
	rec.type = RECORD_SET;
	rec.seq = 9;
	rec.t = 5;
	rec.person = "";
	rec.has_with = 1;
	rec.nwith = 0;
	msgpack_sbuffer_init(&sbuf);
	record_pack(&rec, &sbuf);
	T_EQ_INT(unpack_bytes(sbuf.data, sbuf.size, &back, &arena,
	    &arena_size, &cause), 1);
	T_EQ_STR(back.person, "");
	T_TRUE(back.where == NULL);
	T_TRUE(back.mode == NULL);
	T_EQ_INT(back.has_with, 1);
	T_EQ_INT(back.nwith, 0);
	msgpack_sbuffer_destroy(&sbuf);
	free(arena);
}

/* The exact bytes of a small record: a standard msgpack fixmap with str
 * keys, in the documented order, "seq" last. */
static void
test_packed_bytes(void)
{
	static const unsigned char end[] = {
		0x83,
		0xa4, 't', 'y', 'p', 'e', 0xa3, 'e', 'n', 'd',
		0xa1, 't', 0xcf, 0x00, 0x00, 0x01, 0x8b, 0xcf, 0xe5, 0x68,
		0x7b,
		0xa3, 's', 'e', 'q', 0x01
	};
	static const unsigned char undo[] = {
		0x84,
		0xa4, 't', 'y', 'p', 'e', 0xa4, 'u', 'n', 'd', 'o',
		0xa1, 't', 0xd0, 0x80,
		0xa6, 'u', 'n', 'd', 'o', 'e', 's', 0x00,
		0xa3, 's', 'e', 'q', 0xcd, 0x01, 0x00
	};
	msgpack_sbuffer	sbuf;
	struct record	rec;
	unsigned	type;

	memset(&rec, 0, sizeof rec);
	rec.type = RECORD_END;
	rec.seq = 1;
	rec.t = INT64_C(1700000000123);
	msgpack_sbuffer_init(&sbuf);
	record_pack(&rec, &sbuf);
	T_EQ_INT(sbuf.size, sizeof end);
	T_TRUE(sbuf.size == sizeof end &&
	    memcmp(sbuf.data, end, sizeof end) == 0);
	msgpack_sbuffer_destroy(&sbuf);

	rec.type = RECORD_UNDO;
	rec.seq = 256;
	rec.t = -128;
	msgpack_sbuffer_init(&sbuf);
	record_pack(&rec, &sbuf);
	T_EQ_INT(sbuf.size, sizeof undo);
	T_TRUE(sbuf.size == sizeof undo &&
	    memcmp(sbuf.data, undo, sizeof undo) == 0);
	msgpack_sbuffer_destroy(&sbuf);

	/* Every full record is a map (fixmap 0x8N or map16 0xde) whose first
	 * key is the str "type"; no bin anywhere (0xc4..0xc6). */
	for (type = 0; type < RECORD_NTYPES; type++) {
		full_record(&rec, type);
		msgpack_sbuffer_init(&sbuf);
		record_pack(&rec, &sbuf);
		T_TRUE(((unsigned char)sbuf.data[0] & 0xf0) == 0x80 ||
		    (unsigned char)sbuf.data[0] == 0xde);
		T_TRUE(memcmp(sbuf.data + 1, "\xa4type", 5) == 0);
		T_TRUE(memchr(sbuf.data, 0xc4, sbuf.size) == NULL);
		msgpack_sbuffer_destroy(&sbuf);
	}
}

/* The size of a typical live start record, for the format document. */
static void
test_typical_size(void)
{
	msgpack_sbuffer	sbuf;
	struct record	rec;

	memset(&rec, 0, sizeof rec);
	rec.type = RECORD_START;
	rec.seq = 42;
	rec.t = INT64_C(1700000000123);
	rec.has_mono = 1;
	rec.mono = INT64_C(123456789);
	rec.session = 1;
	rec.group = "teachers";
	rec.by = RECORD_BY_HEAD;
	msgpack_sbuffer_init(&sbuf);
	record_pack(&rec, &sbuf);
	T_EQ_INT(sbuf.size, 70);
	msgpack_sbuffer_destroy(&sbuf);
}

static void
test_dup(void)
{
	msgpack_sbuffer	 sbuf;
	struct record	 rec, back, *copy;
	char		*arena = NULL, *cause = NULL, *lo, *hi;
	size_t		 arena_size = 0, i;

	full_record(&rec, RECORD_START);
	msgpack_sbuffer_init(&sbuf);
	record_pack(&rec, &sbuf);
	T_EQ_INT(unpack_bytes(sbuf.data, sbuf.size, &back, &arena,
	    &arena_size, &cause), 1);
	copy = record_dup(&back);

	/* The copy lives in its own block: wipe and free the arena. */
	memset(arena, '#', arena_size);
	free(arena);
	arena = NULL;
	check_same_record(&rec, copy);

	lo = (char *)(copy + 1);
	hi = lo + 200;
	T_TRUE(copy->group >= lo && copy->group < hi);
	T_TRUE(copy->text >= lo && copy->text < hi);
	for (i = 0; i < copy->nwith; i++)
		T_TRUE(copy->with[i] >= lo && copy->with[i] < hi);
	T_TRUE(copy->with[0] != rec.with[0]);
	free(copy);			/* one free: ASan checks the rest */

	/* A record with no strings at all. */
	memset(&rec, 0, sizeof rec);
	rec.type = RECORD_PAUSE;
	copy = record_dup(&rec);
	T_EQ_INT(copy->type, RECORD_PAUSE);
	T_TRUE(copy->group == NULL && copy->text == NULL);
	free(copy);
	msgpack_sbuffer_destroy(&sbuf);
}

/* Strings of one call stay valid when the arena grows for it, and a bigger
 * record later grows the same arena. */
static void
test_arena(void)
{
	struct kv	 small[] = {
		{ "type", KV_STR, "note", 0, 0, 0 },
		{ "seq", KV_UINT, NULL, 0, 1, 0 },
		{ "t", KV_INT, NULL, 5, 0, 0 },
		{ "text", KV_STR, "short", 0, 0, 0 }
	};
	struct kv	 big[] = {
		{ "type", KV_STR, "start", 0, 0, 0 },
		{ "seq", KV_UINT, NULL, 0, 2, 0 },
		{ "t", KV_INT, NULL, 6, 0, 0 },
		{ "group", KV_LONG, NULL, 0, 0, 3000 },
		{ "with", KV_STRS, "parents", 0, 0, 64 },
		{ "person", KV_LONG, NULL, 0, 0, RECORD_MAX_TEXT }
	};
	struct record	 rec;
	char		*arena = NULL, *cause = NULL;
	size_t		 arena_size = 0, i;

	T_EQ_INT(unpack_kvs(small, 4, &rec, &arena, &arena_size, &cause), 1);
	T_EQ_STR(rec.text, "short");
	T_EQ_INT(arena_size, 6);
	T_EQ_INT(unpack_kvs(big, 6, &rec, &arena, &arena_size, &cause), 1);
	T_EQ_INT(strlen(rec.group), 3000);
	T_EQ_INT(strlen(rec.person), RECORD_MAX_TEXT);
	T_EQ_INT(rec.nwith, 64);
	for (i = 0; i < rec.nwith; i++)
		T_EQ_STR(rec.with[i], "parents");
	/* The strings, and the with array of 64 pointers before them. */
	T_EQ_INT(arena_size, 3001 + 64 * 8 + RECORD_MAX_TEXT + 1 +
	    64 * sizeof(const char *));
	free(arena);
}

/* A well-formed map of a type this version does not know: 0, with seq and
 * t read so the reader can check the sequence; its other keys are not
 * checked at all. */
static void
test_unknown_type(void)
{
	struct kv	 kvs[] = {
		{ "type", KV_STR, "photo", 0, 0, 0 },
		{ "seq", KV_UINT, NULL, 0, 12, 0 },
		{ "t", KV_INT, NULL, 99, 0, 0 },
		{ "text", KV_NIL, NULL, 0, 0, 0 },
		{ "camera", KV_STR, "front", 0, 0, 0 }
	};
	struct kv	 noseq[] = {
		{ "type", KV_STR, "photo", 0, 0, 0 },
		{ "t", KV_INT, NULL, 99, 0, 0 }
	};
	struct record	 rec;
	char		*arena = NULL, *cause = NULL;
	size_t		 arena_size = 0;

	T_EQ_INT(unpack_kvs(kvs, 5, &rec, &arena, &arena_size, &cause), 0);
	T_TRUE(cause == NULL);
	T_EQ_INT(rec.type, RECORD_NTYPES);
	T_EQ_INT(rec.seq, 12);
	T_EQ_INT(rec.t, 99);
	T_TRUE(arena == NULL);

	/* Unknown types still need seq and t. */
	T_EQ_INT(unpack_kvs(noseq, 2, &rec, &arena, &arena_size, &cause), -1);
	T_EQ_STR(cause, "record has no \"seq\"");
	free(cause);
}

static void
test_unknown_keys(void)
{
	struct kv	 kvs[] = {
		{ "weather", KV_STR, "rain", 0, 0, 0 },
		{ "type", KV_STR, "brief", 0, 0, 0 },
		{ "seq", KV_UINT, NULL, 0, 3, 0 },
		{ "mood", KV_NIL, NULL, 0, 0, 0 },
		{ "t", KV_INT, NULL, 1, 0, 0 },
		{ "group", KV_STR, "visitors", 0, 0, 0 },
		{ "tempo", KV_STRS, "x", 0, 0, 2 },
		/* Of a key's length and the bytes that pick it, not it:
		 * ignored (a wrong value for the key it resembles). */
		{ "tone", KV_INT, NULL, 5, 0, 0 },
		{ "mind", KV_STR, "x", 0, 0, 0 },
		{ "bz", KV_INT, NULL, 5, 0, 0 },
		{ "sex", KV_STR, "x", 0, 0, 0 },
		{ "x", KV_STR, "x", 0, 0, 0 },
		{ "gusto", KV_INT, NULL, 5, 0, 0 },
		{ "usurps", KV_STR, "x", 0, 0, 0 },
		{ "seasons", KV_STR, "x", 0, 0, 0 }
	};
	struct record	 rec;
	char		*arena = NULL, *cause = NULL;
	size_t		 arena_size = 0;

	T_EQ_INT(unpack_kvs(kvs, sizeof kvs / sizeof kvs[0], &rec, &arena,
	    &arena_size, &cause), 1);
	T_EQ_INT(rec.type, RECORD_BRIEF);
	T_EQ_INT(rec.seq, 3);
	T_EQ_STR(rec.group, "visitors");
	T_TRUE(rec.person == NULL);
	free(arena);
}

/* record_key_index: each key's own index, read a word at a time (bytes of
 * whatever follows past the name) or byte by byte at the end of what is
 * held; a name like one, cut short of one, or with a NUL is none. */
static void
test_key_index(void)
{
	static const char *const keys[] = { "type", "t", "mono", "session",
	    "group", "by", "person", "where", "mode", "with", "text",
	    "undoes", "target", "from", "to", "dims", "seq" };
	static const char *const others[] = { "", "tone", "mind", "bz", "sex",
	    "x", "gusto", "usurps", "seasons", "typ", "types", "Type", "T",
	    "sequence", "withdrawn" };
	char		 buf[32];
	unsigned	 k, seen = 0;
	size_t		 i, n;

	T_EQ_INT(sizeof keys / sizeof keys[0], RECORD_NKEYS);
	for (i = 0; i < sizeof keys / sizeof keys[0]; i++) {
		n = strlen(keys[i]);
		k = record_key_index(keys[i], n, n);
		T_TRUE(k < RECORD_NKEYS);
		if (k >= RECORD_NKEYS)
			continue;
		T_TRUE((seen & 1u << k) == 0);	/* each its own */
		seen |= 1u << k;
		memset(buf, 0xa5, sizeof buf);	/* what follows a key */
		memcpy(buf, keys[i], n);
		T_EQ_INT(record_key_index(buf, n, sizeof buf), k);
		buf[n] = 't';
		T_EQ_INT(record_key_index(buf, n + 1, sizeof buf), RECORD_NKEYS);
		if (n > 1)	/* "to" cut short is "t" */
			T_EQ_INT(record_key_index(buf, n - 1, sizeof buf),
			    n == 2 && keys[i][0] == 't' ?
			    record_key_index("t", 1, 1) : RECORD_NKEYS);
		buf[n] = '\0';
		T_EQ_INT(record_key_index(buf, n + 1, sizeof buf), RECORD_NKEYS);
	}
	T_EQ_INT(seen, (1u << RECORD_NKEYS) - 1);
	for (i = 0; i < sizeof others / sizeof others[0]; i++) {
		n = strlen(others[i]);
		memset(buf, 0, sizeof buf);
		memcpy(buf, others[i], n);
		T_EQ_INT(record_key_index(buf, n, n), RECORD_NKEYS);
		T_EQ_INT(record_key_index(buf, n, sizeof buf), RECORD_NKEYS);
	}
}

/* Each bad map, and the exact cause. */
static void
check_refused(const struct kv *kvs, size_t n, const char *want)
{
	struct record	 rec;
	char		*arena = NULL, *cause = NULL;
	size_t		 arena_size = 0;

	T_EQ_INT(unpack_kvs(kvs, n, &rec, &arena, &arena_size, &cause), -1);
	T_EQ_STR(cause, want);
	free(cause);
	free(arena);
}

#define KV_TYPE(s)	{ "type", KV_STR, s, 0, 0, 0 }
#define KV_SEQ		{ "seq", KV_UINT, NULL, 0, 4, 0 }
#define KV_T		{ "t", KV_INT, NULL, 1000, 0, 0 }
#define KV_GROUP	{ "group", KV_STR, "pupils", 0, 0, 0 }
#define REFUSED(want, ...) do {						\
	struct kv kvs_[] = { __VA_ARGS__ };				\
	check_refused(kvs_, sizeof kvs_ / sizeof kvs_[0], want);	\
} while (0)

static void
test_refused(void)
{
	struct record	 rec;
	msgpack_object	 o;
	struct err	 e = ERR_INIT;
	char		*arena = NULL;
	size_t		 arena_size = 0;

	memset(&o, 0, sizeof o);
	o.type = MSGPACK_OBJECT_POSITIVE_INTEGER;
	o.via.u64 = 5;
	T_EQ_INT(record_unpack(&o, &rec, &arena, &arena_size, &e), -1);
	T_EQ_STR(e.msg, "record is not a map");
	T_EQ_INT(e.code, ERR_DATA);
	err_clear(&e);
	o.type = MSGPACK_OBJECT_ARRAY;
	o.via.array.size = 0;
	o.via.array.ptr = NULL;
	T_EQ_INT(record_unpack(&o, &rec, &arena, &arena_size, &e), -1);
	T_EQ_STR(e.msg, "record is not a map");
	err_clear(&e);

	REFUSED("record has no \"type\"", KV_SEQ, KV_T);
	REFUSED("\"type\" is not a string", { "type", KV_INT, NULL, 1, 0, 0 },
	    KV_SEQ, KV_T);
	REFUSED("record has no \"seq\"", KV_TYPE("end"), KV_T);
	REFUSED("record has \"seq\" 0", KV_TYPE("end"),
	    { "seq", KV_UINT, NULL, 0, 0, 0 }, KV_T);
	REFUSED("\"seq\" is not an unsigned integer", KV_TYPE("end"),
	    { "seq", KV_INT, NULL, -1, 0, 0 }, KV_T);
	REFUSED("\"seq\" is not an unsigned integer", KV_TYPE("end"),
	    { "seq", KV_STR, "1", 0, 0, 0 }, KV_T);
	REFUSED("record has no \"t\"", KV_TYPE("end"), KV_SEQ);
	REFUSED("\"t\" is not an integer", KV_TYPE("end"), KV_SEQ,
	    { "t", KV_STR, "noon", 0, 0, 0 });
	REFUSED("\"t\" is not an integer", KV_TYPE("end"), KV_SEQ,
	    { "t", KV_UINT, NULL, 0, UINT64_C(9223372036854775808), 0 });
	REFUSED("\"mono\" is not an integer", KV_TYPE("end"), KV_SEQ, KV_T,
	    { "mono", KV_NIL, NULL, 0, 0, 0 });
	REFUSED("\"session\" is not an unsigned integer", KV_TYPE("end"),
	    KV_SEQ, KV_T, { "session", KV_INT, NULL, -2, 0, 0 });
	REFUSED("start record has no \"group\"", KV_TYPE("start"), KV_SEQ,
	    KV_T);
	REFUSED("brief record has no \"group\"", KV_TYPE("brief"), KV_SEQ,
	    KV_T, { "group", KV_STR, "", 0, 0, 0 });
	REFUSED("\"group\" is not a string", KV_TYPE("start"), KV_SEQ, KV_T,
	    { "group", KV_INT, NULL, 3, 0, 0 });
	REFUSED("note record has no \"text\"", KV_TYPE("note"), KV_SEQ, KV_T);
	REFUSED("undo record has no \"undoes\"", KV_TYPE("undo"), KV_SEQ,
	    KV_T);
	REFUSED("\"undoes\" is not an unsigned integer", KV_TYPE("undo"),
	    KV_SEQ, KV_T, { "undoes", KV_STR, "3", 0, 0, 0 });
	REFUSED("\"by\" is not \"head\" or \"other\"", KV_TYPE("start"),
	    KV_SEQ, KV_T, KV_GROUP, { "by", KV_STR, "Head", 0, 0, 0 });
	REFUSED("\"by\" is not \"head\" or \"other\"", KV_TYPE("start"),
	    KV_SEQ, KV_T, KV_GROUP, { "by", KV_STR, "", 0, 0, 0 });
	REFUSED("\"with\" is not an array", KV_TYPE("set"), KV_SEQ, KV_T,
	    { "with", KV_STR, "pupils", 0, 0, 0 });
	REFUSED("\"with\" has more than 64 groups", KV_TYPE("set"), KV_SEQ,
	    KV_T, { "with", KV_STRS, "p", 0, 0, RECORD_MAX_WITH + 1 });
	REFUSED("\"person\" is longer than 4096 bytes", KV_TYPE("set"),
	    KV_SEQ, KV_T, { "person", KV_LONG, NULL, 0, 0, 4097 });
	REFUSED("\"text\" holds a NUL byte", KV_TYPE("note"), KV_SEQ, KV_T,
	    { "text", KV_NUL, NULL, 0, 0, 0 });
	REFUSED("\"type\" holds a NUL byte", { "type", KV_NUL, NULL, 0, 0, 0 },
	    KV_SEQ, KV_T);
	REFUSED("record has \"seq\" twice", KV_TYPE("end"), KV_SEQ, KV_T,
	    KV_SEQ);
	REFUSED("record has a key that is not a string", KV_TYPE("end"),
	    KV_SEQ, KV_T, { NULL, KV_INTKEY, "x", 0, 0, 0 });

	/* Review records. */
	REFUSED("recode record has no \"target\"", KV_TYPE("recode"),
	    KV_SEQ, KV_T, KV_GROUP);
	REFUSED("recode record has \"target\" 0", KV_TYPE("recode"),
	    KV_SEQ, KV_T, KV_GROUP, { "target", KV_UINT, NULL, 0, 0, 0 });
	REFUSED("recode record has no \"group\"", KV_TYPE("recode"),
	    KV_SEQ, KV_T, { "target", KV_UINT, NULL, 0, 2, 0 });
	REFUSED("recode record has no \"group\"", KV_TYPE("recode"),
	    KV_SEQ, KV_T, { "target", KV_UINT, NULL, 0, 2, 0 },
	    { "group", KV_STR, "", 0, 0, 0 });
	REFUSED("\"target\" is not an unsigned integer", KV_TYPE("recode"),
	    KV_SEQ, KV_T, KV_GROUP, { "target", KV_INT, NULL, -2, 0, 0 });
	REFUSED("move record has no \"target\"", KV_TYPE("move"), KV_SEQ,
	    KV_T, { "to", KV_INT, NULL, 5, 0, 0 });
	REFUSED("move record has \"target\" 0", KV_TYPE("move"), KV_SEQ,
	    KV_T, { "target", KV_UINT, NULL, 0, 0, 0 },
	    { "to", KV_INT, NULL, 5, 0, 0 });
	REFUSED("move record has no \"to\"", KV_TYPE("move"), KV_SEQ, KV_T,
	    { "target", KV_UINT, NULL, 0, 2, 0 });
	REFUSED("\"to\" is not an integer", KV_TYPE("move"), KV_SEQ, KV_T,
	    { "target", KV_UINT, NULL, 0, 2, 0 },
	    { "to", KV_STR, "10:31", 0, 0, 0 });
	REFUSED("comment record has no \"target\"", KV_TYPE("comment"),
	    KV_SEQ, KV_T, { "text", KV_STR, "fine", 0, 0, 0 });
	REFUSED("comment record has no \"text\"", KV_TYPE("comment"),
	    KV_SEQ, KV_T, { "target", KV_UINT, NULL, 0, 0, 0 });
	REFUSED("\"text\" is longer than 4096 bytes", KV_TYPE("comment"),
	    KV_SEQ, KV_T, { "target", KV_UINT, NULL, 0, 0, 0 },
	    { "text", KV_LONG, NULL, 0, 0, 4097 });
	/* A known key of the wrong type is refused on any record. */
	REFUSED("\"target\" is not an unsigned integer", KV_TYPE("end"),
	    KV_SEQ, KV_T, { "target", KV_STR, "#3", 0, 0, 0 });
	free(arena);
}

/* A with[] element must be a string too. */
static void
test_refused_with_element(void)
{
	msgpack_sbuffer	 sbuf;
	msgpack_packer	 pk;
	struct record	 rec;
	char		*arena = NULL, *cause = NULL;
	size_t		 arena_size = 0;

	msgpack_sbuffer_init(&sbuf);
	msgpack_packer_init(&pk, &sbuf, msgpack_sbuffer_write);
	msgpack_pack_map(&pk, 4);
	msgpack_pack_str_with_body(&pk, "type", 4);
	msgpack_pack_str_with_body(&pk, "set", 3);
	msgpack_pack_str_with_body(&pk, "seq", 3);
	msgpack_pack_uint64(&pk, 2);
	msgpack_pack_str_with_body(&pk, "t", 1);
	msgpack_pack_int64(&pk, 2);
	msgpack_pack_str_with_body(&pk, "with", 4);
	msgpack_pack_array(&pk, 2);
	msgpack_pack_str_with_body(&pk, "pupils", 6);
	msgpack_pack_true(&pk);
	T_EQ_INT(unpack_bytes(sbuf.data, sbuf.size, &rec, &arena, &arena_size,
	    &cause), -1);
	T_EQ_STR(cause, "\"with\" is not a string");
	free(cause);
	free(arena);
	msgpack_sbuffer_destroy(&sbuf);
}

/* ---- the header ---- */

static void
make_header(struct log_header *hdr)
{
	memset(hdr, 0, sizeof *hdr);
	hdr->version = LOG_FORMAT_VERSION;
	hdr->school = xstrdup("Hillside Primary");
	hdr->head = xstrdup("H07");
	hdr->observer = xstrdup("");
	memcpy(hdr->date, "2024-03-05", 11);
	hdr->tz = xstrdup("Europe/London");
	hdr->utc_offset = 3600;
	hdr->recorder = xstrdup("shadowlog-record 0.1.0");
	hdr->created = INT64_C(1709625600000);
	hdr->scheme = scheme_default();
	hdr->ntags = 2;
	hdr->tag_keys = xcalloc(2, sizeof *hdr->tag_keys);
	hdr->tag_values = xcalloc(2, sizeof *hdr->tag_values);
	hdr->tag_keys[0] = xstrdup("phase");
	hdr->tag_values[0] = xstrdup("primary");
	hdr->tag_keys[1] = xstrdup("term");
	hdr->tag_values[1] = xstrdup("");
}

static int
header_unpack_bytes(const char *data, size_t len, struct log_header *hdr,
    char **cause)
{
	msgpack_unpacked	unpacked;
	struct err		e = ERR_INIT;
	size_t			off = 0;
	int			ret;

	msgpack_unpacked_init(&unpacked);
	if (msgpack_unpack_next(&unpacked, data, len, &off) !=
	    MSGPACK_UNPACK_SUCCESS) {
		msgpack_unpacked_destroy(&unpacked);
		*cause = xstrdup("msgpack-c failed");
		return -2;
	}
	ret = log_header_unpack(&unpacked.data, hdr, &e);
	if (ret != 0) {
		T_EQ_INT(e.code, ERR_DATA);
		T_TRUE(e.file == NULL && e.offset == -1);
		*cause = err_take(&e);
	}
	msgpack_unpacked_destroy(&unpacked);
	return ret;
}

static void
check_same_header(const struct log_header *a, const struct log_header *b)
{
	size_t	i;

	T_EQ_INT(a->version, b->version);
	T_EQ_STR(a->school, b->school);
	T_EQ_STR(a->head, b->head);
	T_EQ_STR(a->observer, b->observer);
	T_EQ_STR(a->date, b->date);
	T_EQ_STR(a->tz, b->tz);
	T_EQ_INT(a->utc_offset, b->utc_offset);
	T_EQ_STR(a->recorder, b->recorder);
	T_EQ_INT(a->created, b->created);
	T_TRUE(scheme_equal(a->scheme, b->scheme));
	T_EQ_INT(a->ntags, b->ntags);
	for (i = 0; i < a->ntags && i < b->ntags; i++) {
		T_EQ_STR(a->tag_keys[i], b->tag_keys[i]);
		T_EQ_STR(a->tag_values[i], b->tag_values[i]);
	}
}

static void
test_header_round_trip(void)
{
	msgpack_sbuffer		 sbuf;
	struct log_header	 hdr, back, copy;
	char			*cause = NULL;

	make_header(&hdr);
	msgpack_sbuffer_init(&sbuf);
	log_header_pack(&hdr, &sbuf);
	T_EQ_INT((unsigned char)sbuf.data[0], 0x8d);	/* 13 keys */
	T_TRUE(memcmp(sbuf.data + 1, "\xa4type\xa6header", 12) == 0);
	T_EQ_INT(header_unpack_bytes(sbuf.data, sbuf.size, &back, &cause), 0);
	T_TRUE(cause == NULL);
	check_same_header(&hdr, &back);
	T_EQ_STR(log_header_tag(&back, "phase"), "primary");
	T_EQ_STR(log_header_tag(&back, "term"), "");
	T_TRUE(log_header_tag(&back, "Phase") == NULL);
	T_TRUE(log_header_tag(&back, "school") == NULL);

	/* A deep copy outlives its source. */
	log_header_copy(&copy, &back);
	T_TRUE(copy.school != back.school);
	T_TRUE(copy.scheme != back.scheme);
	T_TRUE(copy.tag_keys[0] != back.tag_keys[0]);
	log_header_free(&back);
	check_same_header(&hdr, &copy);
	log_header_free(&copy);
	log_header_free(&hdr);
	T_TRUE(hdr.school == NULL && hdr.scheme == NULL && hdr.ntags == 0);
	log_header_free(&hdr);		/* harmless a second time */
	msgpack_sbuffer_destroy(&sbuf);
}

/* Optional header keys may be missing; unknown ones are ignored. */
static void
test_header_lenient(void)
{
	msgpack_sbuffer		 sbuf;
	msgpack_packer		 pk;
	struct log_header	 hdr;
	struct scheme		*s;
	char			*cause = NULL;

	s = scheme_default();
	msgpack_sbuffer_init(&sbuf);
	msgpack_packer_init(&pk, &sbuf, msgpack_sbuffer_write);
	msgpack_pack_map(&pk, 8);
	msgpack_pack_str_with_body(&pk, "format", 6);
	msgpack_pack_str_with_body(&pk, "shadowlog", 9);
	msgpack_pack_str_with_body(&pk, "future", 6);
	msgpack_pack_array(&pk, 0);
	msgpack_pack_str_with_body(&pk, "type", 4);
	msgpack_pack_str_with_body(&pk, "header", 6);
	msgpack_pack_str_with_body(&pk, "version", 7);
	msgpack_pack_uint64(&pk, 1);
	msgpack_pack_str_with_body(&pk, "date", 4);
	msgpack_pack_str_with_body(&pk, "2024-02-29", 10);
	msgpack_pack_str_with_body(&pk, "tz", 2);
	msgpack_pack_str_with_body(&pk, "UTC", 3);
	msgpack_pack_str_with_body(&pk, "utc_offset", 10);
	msgpack_pack_int(&pk, -18000);
	msgpack_pack_str_with_body(&pk, "scheme", 6);
	scheme_pack(s, &pk);
	T_EQ_INT(header_unpack_bytes(sbuf.data, sbuf.size, &hdr, &cause), 0);
	T_EQ_STR(hdr.school, "");
	T_EQ_STR(hdr.head, "");
	T_EQ_STR(hdr.recorder, "");
	T_EQ_STR(hdr.date, "2024-02-29");
	T_EQ_INT(hdr.utc_offset, -18000);
	T_EQ_INT(hdr.created, 0);
	T_EQ_INT(hdr.ntags, 0);
	T_TRUE(scheme_equal(hdr.scheme, s));
	log_header_free(&hdr);
	scheme_free(s);
	msgpack_sbuffer_destroy(&sbuf);
}

/* Packs hdr with one key's value replaced (or the key left out when
 * value is NULL), then unpacks it: returns the cause. */
static char *
header_refusal(const char *key, void (*value)(msgpack_packer *))
{
	static const char	*keys[] = {
		"type", "format", "version", "school", "head", "observer",
		"date", "tz", "utc_offset", "recorder", "created", "scheme",
		"tags"
	};
	msgpack_sbuffer		 sbuf, whole;
	msgpack_packer		 pk;
	msgpack_unpacked	 unpacked;
	struct log_header	 hdr, back;
	char			*cause = NULL;
	size_t			 i, off = 0, n = 13;

	make_header(&hdr);
	msgpack_sbuffer_init(&whole);
	log_header_pack(&hdr, &whole);
	msgpack_unpacked_init(&unpacked);
	msgpack_unpack_next(&unpacked, whole.data, whole.size, &off);

	msgpack_sbuffer_init(&sbuf);
	msgpack_packer_init(&pk, &sbuf, msgpack_sbuffer_write);
	msgpack_pack_map(&pk, value == NULL ? n - 1 : n);
	for (i = 0; i < n; i++) {
		if (strcmp(keys[i], key) == 0) {
			if (value == NULL)
				continue;
			pk_cstr(&pk, keys[i]);
			value(&pk);
		} else {
			pk_cstr(&pk, keys[i]);
			msgpack_pack_object(&pk,
			    unpacked.data.via.map.ptr[i].val);
		}
	}
	if (header_unpack_bytes(sbuf.data, sbuf.size, &back, &cause) == 0) {
		log_header_free(&back);
		cause = xstrdup("(accepted)");
	}
	T_TRUE(back.school == NULL && back.scheme == NULL);
	msgpack_unpacked_destroy(&unpacked);
	msgpack_sbuffer_destroy(&sbuf);
	msgpack_sbuffer_destroy(&whole);
	log_header_free(&hdr);
	return cause;
}

static void
v_version2(msgpack_packer *pk)
{
	msgpack_pack_uint64(pk, 2);
}

static void
v_version_str(msgpack_packer *pk)
{
	msgpack_pack_str_with_body(pk, "1", 1);
}

static void
v_other_format(msgpack_packer *pk)
{
	msgpack_pack_str_with_body(pk, "shadowlogs", 10);
}

static void
v_record_type(msgpack_packer *pk)
{
	msgpack_pack_str_with_body(pk, "start", 5);
}

static void
v_bad_date(msgpack_packer *pk)
{
	msgpack_pack_str_with_body(pk, "2023-02-29", 10);
}

static void
v_short_date(msgpack_packer *pk)
{
	msgpack_pack_str_with_body(pk, "2023-2-9", 8);
}

static void
v_int(msgpack_packer *pk)
{
	msgpack_pack_int(pk, 1);
}

static void
v_far_offset(msgpack_packer *pk)
{
	msgpack_pack_int(pk, 90000);
}

static void
v_bad_tags(msgpack_packer *pk)
{
	msgpack_pack_map(pk, 1);
	msgpack_pack_str_with_body(pk, "term", 4);
	msgpack_pack_int(pk, 3);
}

static void
v_twice_tags(msgpack_packer *pk)
{
	msgpack_pack_map(pk, 2);
	msgpack_pack_str_with_body(pk, "term", 4);
	msgpack_pack_str_with_body(pk, "a", 1);
	msgpack_pack_str_with_body(pk, "term", 4);
	msgpack_pack_str_with_body(pk, "b", 1);
}

static void
v_bad_scheme(msgpack_packer *pk)
{
	msgpack_pack_map(pk, 0);
}

#define HEADER_REFUSED(key, value, want) do {				\
	char *c_ = header_refusal(key, value);				\
	T_HAS_STR(c_, want);						\
	free(c_);							\
} while (0)

static void
test_header_refused(void)
{
	msgpack_object		 o;
	struct log_header	 hdr;
	struct err		 e = ERR_INIT;

	memset(&o, 0, sizeof o);
	o.type = MSGPACK_OBJECT_STR;
	o.via.str.ptr = "header";
	o.via.str.size = 6;
	T_EQ_INT(log_header_unpack(&o, &hdr, &e), -1);
	T_EQ_STR(e.msg, "not a shadowlog log");
	err_clear(&e);

	HEADER_REFUSED("format", NULL, "not a shadowlog log");
	HEADER_REFUSED("format", v_other_format, "not a shadowlog log");
	HEADER_REFUSED("type", v_record_type, "not a shadowlog log");
	HEADER_REFUSED("type", NULL, "not a shadowlog log");
	HEADER_REFUSED("version", v_version2, "written by a newer shadowlog "
	    "(format version 2; this reads 1)");
	HEADER_REFUSED("version", v_version_str,
	    "header has no valid \"version\"");
	HEADER_REFUSED("version", NULL, "header has no valid \"version\"");
	HEADER_REFUSED("date", v_bad_date,
	    "header: date '2023-02-29' does not exist");
	HEADER_REFUSED("date", v_short_date, "header: date '2023-2-9'");
	HEADER_REFUSED("date", NULL, "header has no \"date\"");
	HEADER_REFUSED("date", v_int, "\"date\" is not a string");
	HEADER_REFUSED("tz", NULL, "header has no \"tz\"");
	HEADER_REFUSED("school", v_int, "\"school\" is not a string");
	HEADER_REFUSED("utc_offset", NULL, "header has no \"utc_offset\"");
	HEADER_REFUSED("utc_offset", v_far_offset,
	    "header \"utc_offset\" is out of range");
	HEADER_REFUSED("created", v_version_str,
	    "\"created\" is not an integer");
	HEADER_REFUSED("tags", v_int, "\"tags\" is not a map");
	HEADER_REFUSED("tags", v_bad_tags, "\"tags\" is not a string");
	HEADER_REFUSED("tags", v_twice_tags, "\"tags\" has a key twice");
	HEADER_REFUSED("scheme", NULL, "header has no \"scheme\"");
	HEADER_REFUSED("scheme", v_bad_scheme, "scheme");
	/* And the complete header is accepted, so each refusal above is the
	 * one change's doing. */
	HEADER_REFUSED("none", v_int, "(accepted)");
}

void
record_test_register(void)
{
	CU_pSuite	suite;

	suite = CU_add_suite("record", NULL, NULL);
	CU_add_test(suite, "type and by names", test_names);
	CU_add_test(suite, "every type, every field", test_round_trip_full);
	CU_add_test(suite, "absent fields stay absent",
	    test_round_trip_minimal);
	CU_add_test(suite, "set clears with \"\"", test_round_trip_set_clears);
	CU_add_test(suite, "exact packed bytes", test_packed_bytes);
	CU_add_test(suite, "size of a typical start record",
	    test_typical_size);
	CU_add_test(suite, "record_dup is one independent block", test_dup);
	CU_add_test(suite, "arena grows once per record", test_arena);
	CU_add_test(suite, "unknown type is skipped", test_unknown_type);
	CU_add_test(suite, "unknown keys are ignored", test_unknown_keys);
	CU_add_test(suite, "record_key_index", test_key_index);
	CU_add_test(suite, "bad records refused with a cause", test_refused);
	CU_add_test(suite, "with elements are strings",
	    test_refused_with_element);
	CU_add_test(suite, "header round trip, copy and tags",
	    test_header_round_trip);
	CU_add_test(suite, "header optional and unknown keys",
	    test_header_lenient);
	CU_add_test(suite, "bad headers refused with a cause",
	    test_header_refused);
}
