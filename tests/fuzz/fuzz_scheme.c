/*
 * Fuzzes the scheme file parser: the input is a scheme file, given to
 * scheme_parse.  Checked beyond "no crash": a refusal has a message; an
 * accepted scheme keeps the contract's limits, finds each group by its
 * name and by its key (upper case: begun by the other person), copies
 * equal, and survives the trip every log makes (scheme_pack, msgpack,
 * scheme_unpack) with names, keys, colours, locations and modes intact.
 */
#include <ctype.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <msgpack.h>

#include "err.h"
#include "fuzz.h"
#include "scheme.h"

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	return 0;
}

static void
fuzz_check_scheme(const struct scheme *s)
{
	size_t	i;
	int	other;
	char	key;

	FUZZ_CHECK(s->ngroups >= 1 && s->ngroups <= SCHEME_MAX_GROUPS,
	    "group count out of bounds");
	FUZZ_CHECK(s->nlocations <= SCHEME_MAX_LIST &&
	    s->nmodes <= SCHEME_MAX_LIST, "list out of bounds");
	for (i = 0; i < s->ngroups; i++) {
		key = s->groups[i].key;
		FUZZ_CHECK((key >= 'a' && key <= 'z' && key != 'q') ||
		    (key >= '0' && key <= '9'), "a bad key accepted");
		FUZZ_CHECK(!scheme_reserved_key(key), "a reserved key");
		FUZZ_CHECK(strlen(s->groups[i].name) >= 1 &&
		    strlen(s->groups[i].name) <= SCHEME_MAX_NAME,
		    "a name's length out of bounds");
		FUZZ_CHECK(strcasecmp(s->groups[i].name, SCHEME_ALONE) != 0,
		    "a group called alone");
		FUZZ_CHECK(s->groups[i].colour[0] == '#' &&
		    strlen(s->groups[i].colour) == 7, "a bad colour");
		FUZZ_CHECK(scheme_find(s, s->groups[i].name) == (int)i,
		    "a group not found by its name");
		FUZZ_CHECK(scheme_find_key(s, key, &other) == (int)i &&
		    other == 0, "a group not found by its key");
		if (key >= 'a' && key <= 'z')
			FUZZ_CHECK(scheme_find_key(s, toupper((unsigned char)
			    key), &other) == (int)i && other == 1,
			    "a group not found by its upper-case key");
	}
}

/* Packs s, decodes it and unpacks it: the same scheme comes back. */
static void
fuzz_round_trip(const struct scheme *s)
{
	msgpack_sbuffer		 sbuf;
	msgpack_packer		 pk;
	msgpack_unpacked	 u;
	struct scheme		*back;
	size_t			 off = 0, i;
	struct err		 e = ERR_INIT;

	msgpack_sbuffer_init(&sbuf);
	msgpack_packer_init(&pk, &sbuf, msgpack_sbuffer_write);
	scheme_pack(s, &pk);
	msgpack_unpacked_init(&u);
	FUZZ_CHECK(msgpack_unpack_next(&u, sbuf.data, sbuf.size, &off) ==
	    MSGPACK_UNPACK_SUCCESS && off == sbuf.size,
	    "a packed scheme does not decode");
	back = scheme_unpack(&u.data, &e);
	if (back == NULL) {
		fprintf(stderr, "unpack: %s\n", e.msg);
		FUZZ_CHECK(0, "a parsed scheme does not unpack");
	}
	FUZZ_CHECK(scheme_equal(s, back), "the scheme comes back otherwise");
	for (i = 0; i < s->ngroups; i++)
		FUZZ_CHECK(strcmp(s->groups[i].colour,
		    back->groups[i].colour) == 0,
		    "a colour comes back otherwise");
	scheme_free(back);
	msgpack_unpacked_destroy(&u);
	msgpack_sbuffer_destroy(&sbuf);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct scheme	*s, *copy;
	struct err	 e = ERR_INIT;
	char		*text;

	/* Exactly size bytes, so a read past the end is caught. */
	text = malloc(size == 0 ? 1 : size);
	FUZZ_CHECK(text != NULL, "malloc");
	memcpy(text, data, size);
	s = scheme_parse(text, size, "fuzz.scheme", &e);
	free(text);
	if (s == NULL) {
		FUZZ_CHECK(e.msg != NULL && e.code == ERR_DATA &&
		    e.file != NULL, "refused without a message, a code or the "
		    "file");
		err_clear(&e);
		return 0;
	}
	FUZZ_CHECK(e.msg == NULL, "a message for a good scheme");
	fuzz_check_scheme(s);
	copy = scheme_copy(s);
	FUZZ_CHECK(scheme_equal(s, copy), "a copy differs");
	scheme_free(copy);
	fuzz_round_trip(s);
	scheme_free(s);
	return 0;
}
