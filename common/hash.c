/*
 * Open addressing with linear probing over a power-of-two array; a table
 * is doubled before it gets half full, so every probe ends at a free slot.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "hash.h"
#include "xmalloc.h"

uint64_t
hash_string(const char *s)
{
	uint64_t	h = UINT64_C(14695981039346656037);

	for (; *s != '\0'; s++) {
		h ^= (unsigned char)*s;
		h *= UINT64_C(1099511628211);
	}
	return h == 0 ? 1 : h;
}

/* The slot holding h with a matching value, or the free slot where the
 * probe for h ends. */
static size_t
hash_slot(const struct hash *t, uint64_t h, int (*match)(void *, size_t),
    void *arg)
{
	size_t	i = (size_t)h & (t->size - 1);

	while (t->keys[i] != 0) {
		if (t->keys[i] == h &&
		    (match == NULL || match(arg, t->vals[i])))
			break;
		i = (i + 1) & (t->size - 1);
	}
	return i;
}

size_t
hash_find(const struct hash *t, uint64_t h, int (*match)(void *, size_t),
    void *arg)
{
	size_t	i;

	if (t->size == 0)
		return SIZE_MAX;
	i = hash_slot(t, h, match, arg);
	return t->keys[i] == 0 ? SIZE_MAX : t->vals[i];
}

void
hash_add(struct hash *t, uint64_t h, size_t value)
{
	struct hash	old = *t;
	size_t		i;

	if ((t->n + 1) * 2 > t->size) {
		t->size = t->size == 0 ? 16 : t->size * 2;
		t->keys = xcalloc(t->size, sizeof *t->keys);
		t->vals = xcalloc(t->size, sizeof *t->vals);
		t->n = 0;
		for (i = 0; i < old.size; i++) {
			if (old.keys[i] != 0)
				hash_add(t, old.keys[i], old.vals[i]);
		}
		free(old.keys);
		free(old.vals);
	}
	i = (size_t)h & (t->size - 1);
	while (t->keys[i] != 0)
		i = (i + 1) & (t->size - 1);
	t->keys[i] = h;
	t->vals[i] = value;
	t->n++;
}

size_t
hash_bytes(const struct hash *t)
{
	return t->size * (sizeof *t->keys + sizeof *t->vals);
}

void
hash_free(struct hash *t)
{
	free(t->keys);
	free(t->vals);
	memset(t, 0, sizeof *t);
}
