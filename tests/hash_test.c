/*
 * The library's hash table (common/hash.c): names to indices, exact even
 * when two names share a hash.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "hash.h"
#include "test.h"

static char	names[1000][8];

static int
same_name(void *arg, size_t v)
{
	return strcmp(names[v], arg) == 0;
}

static void
test_names(void)
{
	struct hash	t;
	size_t		i;

	memset(&t, 0, sizeof t);
	T_EQ_INT(hash_find(&t, hash_string("x"), same_name, "x") == SIZE_MAX,
	    1);
	for (i = 0; i < 1000; i++) {
		snprintf(names[i], sizeof names[i], "n%zu", i);
		hash_add(&t, hash_string(names[i]), i);
	}
	T_EQ_INT(t.n, 1000);
	T_TRUE(t.size >= 2000);	/* under half full */
	for (i = 0; i < 1000; i++)
		T_EQ_INT(hash_find(&t, hash_string(names[i]), same_name,
		    names[i]), i);
	T_TRUE(hash_find(&t, hash_string("n1000"), same_name, "n1000") ==
	    SIZE_MAX);
	T_EQ_INT(hash_bytes(&t), t.size * (sizeof (uint64_t) +
	    sizeof (size_t)));
	hash_free(&t);
	T_EQ_INT(t.size, 0);
	T_TRUE(hash_find(&t, 1, NULL, NULL) == SIZE_MAX);
}

/* Two names under one hash: the match tells them apart; without one the
 * first stored is found. */
static void
test_collisions(void)
{
	struct hash	t;

	memset(&t, 0, sizeof t);
	strcpy(names[0], "a");
	strcpy(names[1], "b");
	hash_add(&t, 42, 0);
	hash_add(&t, 42, 1);
	T_EQ_INT(hash_find(&t, 42, same_name, "a"), 0);
	T_EQ_INT(hash_find(&t, 42, same_name, "b"), 1);
	T_TRUE(hash_find(&t, 42, same_name, "c") == SIZE_MAX);
	T_EQ_INT(hash_find(&t, 42, NULL, NULL), 0);
	T_TRUE(hash_find(&t, 43, NULL, NULL) == SIZE_MAX);
	T_TRUE(hash_string("") != 0);
	hash_free(&t);
}

void
hash_test_register(void)
{
	CU_pSuite s = CU_add_suite("hash", NULL, NULL);

	CU_add_test(s, "names to indices, growing", test_names);
	CU_add_test(s, "names that share a hash", test_collisions);
}
