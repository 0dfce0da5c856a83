/*
 * One hash table for the library: 64-bit hashes of names to indices into
 * the caller's own array, open addressing, kept under half full.  Easy to
 * get wrong: two names can share a hash, so a lookup that must be exact
 * passes a match function that compares the names themselves.
 */
#ifndef HASH_H
#define HASH_H

#include <stddef.h>
#include <stdint.h>

struct hash {
	uint64_t	*keys;		/* 0: a free slot */
	size_t		*vals;
	size_t		 size;		/* a power of two, or 0 */
	size_t		 n;
};

/* FNV-1a of the bytes of s, never 0. */
uint64_t	hash_string(const char *s);
/* The value stored under h for which match(arg, value) is non-zero (the
 * first stored under h when match is NULL), or SIZE_MAX if none. */
size_t		hash_find(const struct hash *, uint64_t h,
		    int (*match)(void *arg, size_t value), void *arg);
/* Stores value under h (a hash may hold several values). */
void		hash_add(struct hash *, uint64_t h, size_t value);
/* The memory the table takes, in bytes. */
size_t		hash_bytes(const struct hash *);
/* Frees the table and leaves it empty, ready for use again. */
void		hash_free(struct hash *);

#endif
