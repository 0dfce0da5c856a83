/*
 * Fuzzes the msgpack object readers directly, past the log reader's
 * framing: the input is a run of msgpack objects (a log is one), each
 * given to scheme_unpack, log_header_unpack and record_unpack.  Objects
 * are pre-scanned as the log reader does (no count larger than the bytes
 * there), so msgpack-c never allocates for a claim the input cannot back.
 * Checked beyond "no crash": a refusal has a message, and whatever one of
 * them accepts packs (scheme_pack, log_header_pack, record_pack), decodes
 * and unpacks again to what packs to the very same bytes.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <msgpack.h>

#include "err.h"
#include "fuzz.h"
#include "record.h"
#include "scheme.h"

#define FUZZ_MAX_OBJECTS	64

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	return 0;
}

/* Decodes the one object in sbuf into u, which the caller destroys. */
static void
fuzz_decode(msgpack_unpacked *u, const msgpack_sbuffer *sbuf)
{
	size_t	off = 0;

	msgpack_unpacked_init(u);
	FUZZ_CHECK(msgpack_unpack_next(u, sbuf->data, sbuf->size, &off) ==
	    MSGPACK_UNPACK_SUCCESS && off == sbuf->size,
	    "a packed object does not decode");
}

static int
fuzz_same(const msgpack_sbuffer *a, const msgpack_sbuffer *b)
{
	return a->size == b->size && memcmp(a->data, b->data, a->size) == 0;
}

static void
fuzz_scheme(const msgpack_object *o)
{
	msgpack_sbuffer		 one, two;
	msgpack_packer		 pk;
	msgpack_unpacked	 u;
	struct scheme		*s, *back;
	struct err		 e = ERR_INIT;

	if ((s = scheme_unpack(o, &e)) == NULL) {
		FUZZ_CHECK(e.msg != NULL && e.code == ERR_DATA,
		    "scheme refused without a message or as other than data");
		err_clear(&e);
		return;
	}
	FUZZ_CHECK(s->ngroups >= 1 && s->ngroups <= SCHEME_MAX_GROUPS,
	    "scheme group count out of bounds");
	msgpack_sbuffer_init(&one);
	msgpack_packer_init(&pk, &one, msgpack_sbuffer_write);
	scheme_pack(s, &pk);
	fuzz_decode(&u, &one);
	back = scheme_unpack(&u.data, &e);
	if (back == NULL) {
		fprintf(stderr, "scheme again: %s\n", e.msg);
		FUZZ_CHECK(0, "a scheme read does not read again");
	}
	FUZZ_CHECK(scheme_equal(s, back), "a scheme comes back otherwise");
	msgpack_sbuffer_init(&two);
	msgpack_packer_init(&pk, &two, msgpack_sbuffer_write);
	scheme_pack(back, &pk);
	FUZZ_CHECK(fuzz_same(&one, &two), "a scheme packs otherwise");
	msgpack_sbuffer_destroy(&two);
	scheme_free(back);
	msgpack_unpacked_destroy(&u);
	msgpack_sbuffer_destroy(&one);
	scheme_free(s);
}

static void
fuzz_header(const msgpack_object *o)
{
	msgpack_sbuffer		 one, two;
	msgpack_unpacked	 u;
	struct log_header	 hdr, back;
	struct err		 e = ERR_INIT;

	if (log_header_unpack(o, &hdr, &e) != 0) {
		FUZZ_CHECK(e.msg != NULL && e.code == ERR_DATA,
		    "header refused without a message");
		err_clear(&e);
		return;
	}
	FUZZ_CHECK(hdr.scheme != NULL, "a header with no scheme");
	msgpack_sbuffer_init(&one);
	log_header_pack(&hdr, &one);
	fuzz_decode(&u, &one);
	if (log_header_unpack(&u.data, &back, &e) != 0) {
		fprintf(stderr, "header again: %s\n", e.msg);
		FUZZ_CHECK(0, "a header read does not read again");
	}
	msgpack_sbuffer_init(&two);
	log_header_pack(&back, &two);
	FUZZ_CHECK(fuzz_same(&one, &two), "a header packs otherwise");
	msgpack_sbuffer_destroy(&two);
	log_header_free(&back);
	msgpack_unpacked_destroy(&u);
	msgpack_sbuffer_destroy(&one);
	log_header_free(&hdr);
}

static void
fuzz_record(const msgpack_object *o)
{
	static char		*arena, *arena2;
	static size_t		 size, size2;
	msgpack_sbuffer		 one, two;
	msgpack_unpacked	 u;
	struct record		 rec, back;
	struct err		 e = ERR_INIT;
	int			 n;

	if ((n = record_unpack(o, &rec, &arena, &size, &e)) != 1) {
		FUZZ_CHECK(n == 0 || (e.msg != NULL && e.code == ERR_DATA),
		    "record refused without a message");
		err_clear(&e);
		return;
	}
	FUZZ_CHECK(rec.type < RECORD_NTYPES && rec.seq != 0,
	    "a bad record accepted");
	FUZZ_CHECK(rec.nwith <= RECORD_MAX_WITH, "too many with");
	msgpack_sbuffer_init(&one);
	record_pack(&rec, &one);
	fuzz_decode(&u, &one);
	if (record_unpack(&u.data, &back, &arena2, &size2, &e) != 1) {
		fprintf(stderr, "record again: %s\n", e.msg);
		FUZZ_CHECK(0, "a record read does not read again");
	}
	msgpack_sbuffer_init(&two);
	record_pack(&back, &two);
	FUZZ_CHECK(fuzz_same(&one, &two), "a record packs otherwise");
	msgpack_sbuffer_destroy(&two);
	msgpack_unpacked_destroy(&u);
	msgpack_sbuffer_destroy(&one);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	msgpack_unpacked	 u;
	size_t			 off = 0, len, used;
	char			*copy;
	int			 i;

	for (i = 0; i < FUZZ_MAX_OBJECTS && off < size; i++) {
		if (!fuzz_msgpack_extent(data + off, size - off, &len))
			break;
		/* Exactly the object's bytes, so a read past it is caught. */
		copy = malloc(len);
		FUZZ_CHECK(copy != NULL, "malloc");
		memcpy(copy, data + off, len);
		msgpack_unpacked_init(&u);
		used = 0;
		if (msgpack_unpack_next(&u, copy, len, &used) ==
		    MSGPACK_UNPACK_SUCCESS) {
			FUZZ_CHECK(used == len, "the pre-scan disagrees");
			fuzz_scheme(&u.data);
			fuzz_header(&u.data);
			fuzz_record(&u.data);
		}
		msgpack_unpacked_destroy(&u);
		free(copy);
		off += len;
	}
	return 0;
}
