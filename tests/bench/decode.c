/*
 * The floor: a bare msgpack-c loop that only decodes every object of the
 * given files and counts them.  No analyser of this format can beat it, so
 * the benchmark reports the analyser's time as a ratio to this.
 * Usage: decode FILE...
 */
#include <stdio.h>
#include <stdlib.h>

#include <msgpack.h>

int
main(int argc, char **argv)
{
	msgpack_unpacker	 u;
	msgpack_unpacked	 obj;
	unsigned long		 objects = 0, maps = 0;
	size_t			 n;
	FILE			*f;
	int			 i;

	if (!msgpack_unpacker_init(&u, 64 * 1024))
		return 70;
	msgpack_unpacked_init(&obj);
	for (i = 1; i < argc; i++) {
		if ((f = fopen(argv[i], "rb")) == NULL) {
			perror(argv[i]);
			return 66;
		}
		msgpack_unpacker_reset(&u);
		for (;;) {
			if (msgpack_unpacker_buffer_capacity(&u) < 16 * 1024 &&
			    !msgpack_unpacker_reserve_buffer(&u, 64 * 1024))
				return 70;
			n = fread(msgpack_unpacker_buffer(&u), 1,
			    msgpack_unpacker_buffer_capacity(&u), f);
			if (n == 0)
				break;
			msgpack_unpacker_buffer_consumed(&u, n);
			while (msgpack_unpacker_next(&u, &obj) ==
			    MSGPACK_UNPACK_SUCCESS) {
				objects++;
				if (obj.data.type == MSGPACK_OBJECT_MAP)
					maps++;
			}
		}
		fclose(f);
	}
	printf("%lu objects, %lu maps\n", objects, maps);
	msgpack_unpacked_destroy(&obj);
	msgpack_unpacker_destroy(&u);
	return 0;
}
