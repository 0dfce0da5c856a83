/*
 * Tests for anonymisation: codes pinned to known answers (worked out with
 * Python's hashlib.blake2b, so the derivation never drifts), stable across
 * objects and key files as across runs, different for other keys and
 * fields; keys refused when short or long; a day's free text dropped.
 */
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "anon.h"
#include "err.h"
#include "scheme.h"
#include "summary.h"
#include "test.h"
#include "timeline.h"
#include "xmalloc.h"

#define AT(h, m)	((int64_t)((h) * 60 + (m)) * 60000)	/* clock ms */

/* Fails the test showing cause. */
#define T_FAIL_CAUSE(cause)						\
	CU_assertImplementation(CU_FALSE, __LINE__, (cause) != NULL ?	\
	    (cause) : "(no cause)", __FILE__, "", CU_FALSE)

static unsigned char	key32[32], key64[64], key100[100];
static char		*dir;

static int
anon_suite_init(void)
{
	size_t	i;

	for (i = 0; i < sizeof key100; i++) {
		if (i < sizeof key32)
			key32[i] = (unsigned char)i;
		if (i < sizeof key64)
			key64[i] = (unsigned char)i;
		key100[i] = (unsigned char)i;
	}
	dir = test_tmpdir();
	return dir == NULL;
}

static int
anon_suite_clean(void)
{
	static const char *const names[] = {
		"team.key", "short.key", "big.key", "max.key", "open.key"
	};
	char	*path;
	size_t	 i;

	for (i = 0; i < sizeof names / sizeof names[0]; i++) {
		path = xasprintf("%s/%s", dir, names[i]);
		unlink(path);
		free(path);
	}
	rmdir(dir);
	free(dir);
	return 0;
}

/* A key object from bytes, failing the test if refused. */
static struct anon *
new_key(const void *key, size_t len)
{
	struct anon	*a;
	struct err	 e = ERR_INIT;

	if ((a = anon_new(key, len, &e)) == NULL) {
		T_FAIL_CAUSE(e.msg);
		err_clear(&e);
	}
	return a;
}

/* Writes a key file with a mode; the caller frees the path. */
static char *
key_file(const char *name, const void *key, size_t len, mode_t mode)
{
	char	*path;
	int	 fd;

	path = xasprintf("%s/%s", dir, name);
	unlink(path);
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, mode);
	T_TRUE(fd != -1);
	if (fd != -1) {
		T_EQ_INT(write(fd, key, len), (long long)len);
		T_EQ_INT(fchmod(fd, mode), 0);
		close(fd);
	}
	return path;
}

/*
 * Known answers, from Python:
 *   hashlib.blake2b(b"school\0Hillside Primary", digest_size=32,
 *       key=bytes(range(32))).digest()[:5], base32: R5U4PACB
 * and a 100-byte key is first hashed: key = blake2b(bytes(range(100)),
 * digest_size=32).
 */
static void
test_anon_known(void)
{
	struct anon	*a = new_key(key32, sizeof key32);
	char		 code[ANON_CODE_LEN];

	anon_code(a, ANON_SCHOOL, "Hillside Primary", code);
	T_EQ_STR(code, "S-R5U4PACB");
	anon_code(a, ANON_HEAD, "Hillside Primary", code);
	T_EQ_STR(code, "H-RCCGHAVT");
	anon_code(a, ANON_PERSON, "DH", code);
	T_EQ_STR(code, "P-GKOIGBB5");
	anon_code(a, ANON_OBSERVER, "O1", code);
	T_EQ_STR(code, "O-MEZSLZ3S");
	anon_free(a);

	a = new_key(key64, sizeof key64);
	anon_code(a, ANON_SCHOOL, "Hillside Primary", code);
	T_EQ_STR(code, "S-6ZWHUVAH");
	anon_free(a);
	a = new_key(key100, sizeof key100);
	anon_code(a, ANON_SCHOOL, "Hillside Primary", code);
	T_EQ_STR(code, "S-ROAB7NRQ");
	anon_free(a);
}

/* Two objects from one key (two runs), and the key read from a file,
 * give the same codes; another key gives others. */
static void
test_anon_stable(void)
{
	struct anon	*a, *b, *f, *other;
	unsigned char	 k2[32];
	char		 ca[ANON_CODE_LEN], cb[ANON_CODE_LEN];
	char		 cf[ANON_CODE_LEN], co[ANON_CODE_LEN];
	char		*path, *warning = NULL;
	struct err	 e = ERR_INIT;

	memcpy(k2, key32, sizeof k2);
	k2[31] ^= 1;
	a = new_key(key32, sizeof key32);
	b = new_key(key32, sizeof key32);
	other = new_key(k2, sizeof k2);
	path = key_file("team.key", key32, sizeof key32, 0600);
	f = anon_load(path, &warning, &e);
	T_TRUE(f != NULL && warning == NULL);
	if (f == NULL) {
		T_FAIL_CAUSE(e.msg);
		err_clear(&e);
		goto out;
	}
	anon_code(a, ANON_PERSON, "Mrs Smith", ca);
	anon_code(b, ANON_PERSON, "Mrs Smith", cb);
	anon_code(f, ANON_PERSON, "Mrs Smith", cf);
	anon_code(other, ANON_PERSON, "Mrs Smith", co);
	T_EQ_STR(ca, cb);
	T_EQ_STR(ca, cf);
	T_TRUE(strcmp(ca, co) != 0);
	T_EQ_INT(strlen(ca), ANON_CODE_LEN - 1);
	/* A neighbouring value has an unrelated code. */
	anon_code(a, ANON_PERSON, "Mrs Smith ", cb);
	T_TRUE(strcmp(ca, cb) != 0);
	anon_free(f);
out:
	free(path);
	anon_free(a);
	anon_free(b);
	anon_free(other);
}

/* The field is part of what is hashed: one name, four unrelated codes. */
static void
test_anon_fields(void)
{
	struct anon	*a = new_key(key32, sizeof key32);
	char		 c[4][ANON_CODE_LEN];
	int		 i, j;

	anon_code(a, ANON_SCHOOL, "Jones", c[0]);
	anon_code(a, ANON_HEAD, "Jones", c[1]);
	anon_code(a, ANON_OBSERVER, "Jones", c[2]);
	anon_code(a, ANON_PERSON, "Jones", c[3]);
	T_TRUE(c[0][0] == 'S' && c[1][0] == 'H' && c[2][0] == 'O' &&
	    c[3][0] == 'P');
	for (i = 0; i < 4; i++) {
		for (j = i + 1; j < 4; j++)
			T_TRUE(strcmp(c[i] + 2, c[j] + 2) != 0);
	}
	/* Field and value are separated: "school" + "X" is not "schoolX". */
	anon_code(a, ANON_SCHOOL, "", c[0]);
	T_EQ_STR(c[0], "S-JFKPMCD6");
	anon_free(a);
}

/* Short, long, missing and not-a-file keys are refused with a reason; a
 * key others can read is taken with a warning. */
static void
test_anon_bad_keys(void)
{
	unsigned char	 big[ANON_KEY_MAX + 1];
	struct anon	*a;
	struct err	 e = ERR_INIT;
	char		*path, *warning = NULL, *text;

	T_TRUE(anon_new(key32, 31, &e) == NULL);
	T_EQ_INT(e.code, ERR_DATA);
	T_TRUE(e.file == NULL);
	T_HAS_STR(e.msg, "the key is 31 bytes; it needs at least 32");
	T_HAS_STR(e.msg, "head -c 32 /dev/urandom > team.key");
	err_clear(&e);

	/* Each refusal: its code, the file, the words main prints. */
	path = key_file("short.key", key32, 31, 0600);
	T_TRUE(anon_load(path, &warning, &e) == NULL);
	T_EQ_INT(e.code, ERR_DATA);
	T_HAS_STR(text = err_text(&e), "short.key: the key is 31 bytes");
	free(text);
	T_TRUE(warning == NULL);
	err_clear(&e);
	free(path);

	memset(big, 'k', sizeof big);
	path = key_file("big.key", big, sizeof big, 0600);
	T_TRUE(anon_load(path, &warning, &e) == NULL);
	T_EQ_INT(e.code, ERR_DATA);
	T_HAS_STR(text = err_text(&e), "big.key: longer than 4096 bytes");
	free(text);
	err_clear(&e);
	free(path);
	path = key_file("max.key", big, ANON_KEY_MAX, 0600);
	a = anon_load(path, &warning, &e);
	T_TRUE(a != NULL && warning == NULL);
	anon_free(a);
	free(path);

	path = xasprintf("%s/missing.key", dir);
	T_TRUE(anon_load(path, &warning, &e) == NULL);
	T_EQ_INT(e.code, ERR_NOINPUT);
	T_HAS_STR(text = err_text(&e), "missing.key: No such file");
	free(text);
	err_clear(&e);
	free(path);
	T_TRUE(anon_load(dir, &warning, &e) == NULL);
	T_EQ_INT(e.code, ERR_DATA);
	T_HAS_STR(text = err_text(&e), ": not a regular file");
	free(text);
	err_clear(&e);

	path = key_file("open.key", key32, sizeof key32, 0644);
	a = anon_load(path, &warning, &e);
	T_TRUE(a != NULL);
	T_HAS_STR(warning, "open.key: the key file is open to others "
	    "(mode 0644)");
	T_HAS_STR(warning, "chmod 600");
	free(warning);
	anon_free(a);
	free(path);
}

/* A day with a note, a review comment on an episode, a comment on the
 * day, and corrections of both kinds. */
static void
noted_day(struct timeline *tl, const struct scheme *scheme)
{
	struct tl_item	 it;
	char		*cause = NULL;

	timeline_init(tl, "Hillside Primary", "Mrs Head", "O1", "2024-03-05",
	    scheme);
	timeline_add_tag(tl, "phase", "primary");
	memset(&it, 0, sizeof it);
	it.kind = TL_EPISODE;
	it.group = 1;
	it.start = AT(9, 0);
	it.end = AT(9, 10);
	it.person = "DH";
	it.where = "office";
	it.note = "talked about Mr Brown";
	it.corrected = TL_COMMENTED | TL_RECODED;
	timeline_add(tl, &it);
	memset(&it, 0, sizeof it);
	it.kind = TL_NOTE;
	it.group = -1;
	it.start = it.end = AT(9, 5);
	it.note = "Mr Brown upset";
	timeline_add(tl, &it);
	memset(&it, 0, sizeof it);
	it.kind = TL_ALONE;
	it.group = -1;
	it.start = AT(9, 10);
	it.end = AT(10, 0);
	timeline_add(tl, &it);
	it.kind = TL_BRIEF;
	it.group = 3;
	it.start = it.end = AT(9, 12);
	it.person = "Amy";
	timeline_add(tl, &it);
	if (t_cause(timeline_finish(tl, t_err()), &cause) != 0) {
		T_FAIL_CAUSE(cause);
		free(cause);
	}
	tl->comment = xstrdup("a hard day because of Mr Brown");
	tl->corrections = xcalloc(2, sizeof *tl->corrections);
	tl->corrections[0] = xstrdup("09:00:00 episode recoded from SLT to "
	    "teachers");
	tl->corrections[1] = xstrdup("comment on the 09:00:00 teachers "
	    "episode: talked about Mr Brown");
	tl->ncorrections = 2;
}

/* Added and withdrawn episodes are put in group names and times and
 * stay; a fix quotes person codes and goes, notes kept or not. */
static void
test_anon_review_words(void)
{
	struct anon	*a = new_key(key32, sizeof key32);
	struct scheme	*scheme = scheme_default();
	struct timeline	 tl;
	int		 keep;

	for (keep = 0; keep < 2; keep++) {
		timeline_init(&tl, "S", "H", "O", "2024-03-05", scheme);
		tl.corrections = xcalloc(3, sizeof *tl.corrections);
		tl.corrections[0] = xstrdup("09:19:00-09:25:00 teachers "
		    "episode added");
		tl.corrections[1] = xstrdup("08:11:24 teachers episode: person "
		    "T4 (was Mr Brown)");
		tl.corrections[2] = xstrdup("09:26:19 SLT episode withdrawn: "
		    "its time counts as alone");
		tl.ncorrections = 3;
		anon_timeline(a, &tl, keep);
		T_EQ_INT(tl.ncorrections, 2);
		T_EQ_STR(tl.corrections[0], "09:19:00-09:25:00 teachers "
		    "episode added");
		T_EQ_STR(tl.corrections[1], "09:26:19 SLT episode withdrawn: "
		    "its time counts as alone");
		timeline_free(&tl);
	}
	scheme_free(scheme);
	anon_free(a);
}

static void
test_anon_timeline(void)
{
	struct anon	*a = new_key(key32, sizeof key32);
	struct scheme	*scheme = scheme_default();
	struct timeline	 tl;
	struct summary	 s;
	char		 code[ANON_CODE_LEN];
	size_t		 i;

	noted_day(&tl, scheme);
	anon_timeline(a, &tl, 0);
	T_EQ_STR(tl.school, "S-R5U4PACB");
	anon_code(a, ANON_HEAD, "Mrs Head", code);
	T_EQ_STR(tl.head, code);
	T_EQ_STR(tl.observer, "O-MEZSLZ3S");
	T_EQ_STR(tl.tag_values[0], "primary");	/* tags stay */
	T_EQ_INT(tl.nitems, 3);			/* the note is gone */
	for (i = 0; i < tl.nitems; i++) {
		T_TRUE(tl.items[i].kind != TL_NOTE);
		T_TRUE(tl.items[i].note == NULL);
	}
	T_EQ_STR(tl.items[0].person, "P-GKOIGBB5");
	T_EQ_STR(tl.items[0].where, "office");
	T_EQ_INT(tl.items[0].corrected, TL_RECODED);
	T_TRUE(tl.items[1].person == NULL);
	anon_code(a, ANON_PERSON, "Amy", code);
	T_EQ_STR(tl.items[2].person, code);
	T_TRUE(tl.comment == NULL);
	T_EQ_INT(tl.ncorrections, 1);
	T_HAS_STR(tl.corrections[0], "recoded from SLT to teachers");
	/* The figures come out the same, with codes for names. */
	summary_compute(&tl, SUMMARY_PARTS, &s);
	T_TRUE(s.npersons >= 1);
	T_EQ_INT(s.episodes, 1);
	T_EQ_INT(s.brief, 1);
	T_HAS_STR(s.persons[0].name, "P-");
	summary_free(&s);
	timeline_free(&tl);

	noted_day(&tl, scheme);
	anon_timeline(a, &tl, 1);
	T_EQ_INT(tl.nitems, 4);
	T_EQ_STR(tl.items[0].person, "P-GKOIGBB5");
	T_EQ_STR(tl.items[0].note, "talked about Mr Brown");
	T_EQ_INT(tl.items[0].corrected, TL_COMMENTED | TL_RECODED);
	T_EQ_STR(tl.items[1].note, "Mr Brown upset");
	T_EQ_STR(tl.comment, "a hard day because of Mr Brown");
	T_EQ_INT(tl.ncorrections, 2);
	timeline_free(&tl);

	/* An unknown school stays unknown rather than becoming a code. */
	timeline_init(&tl, "", "H", "", "2024-03-05", scheme);
	anon_timeline(a, &tl, 0);
	T_EQ_STR(tl.school, "");
	T_EQ_STR(tl.observer, "");
	T_EQ_INT(tl.head[0], 'H');
	T_EQ_INT(strlen(tl.head), ANON_CODE_LEN - 1);
	timeline_free(&tl);
	scheme_free(scheme);
	anon_free(a);
}

void
anon_test_register(void)
{
	CU_pSuite	s;

	s = CU_add_suite("anon", anon_suite_init, anon_suite_clean);
	CU_add_test(s, "review words: added, withdrawn, fixed",
	    test_anon_review_words);
	CU_add_test(s, "codes match known answers", test_anon_known);
	CU_add_test(s, "stable across objects and files, not keys",
	    test_anon_stable);
	CU_add_test(s, "the field is hashed too", test_anon_fields);
	CU_add_test(s, "bad keys refused, open ones warned",
	    test_anon_bad_keys);
	CU_add_test(s, "a day rewritten, notes dropped or kept",
	    test_anon_timeline);
}
