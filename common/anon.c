/*
 * Anonymisation with libsodium: crypto_generichash (BLAKE2b) keyed by the
 * team's secret turns names into codes; nothing here is hand-rolled.  Easy
 * to get wrong: the key must stay secret (it is wiped when freed and a key
 * file others can read is reported), and the derivation must never change,
 * or codes shared last year would no longer match this year's.
 */
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sodium.h>

#include "anon.h"
#include "err.h"
#include "text.h"
#include "timeline.h"
#include "xmalloc.h"

#define ANON_HASH_LEN	32	/* BLAKE2b-256 */
#define ANON_SHOW_MAX	128	/* bytes of a path quoted in a message */
#define ANON_MAKE_KEY	"(umask 077 && head -c 32 /dev/urandom > team.key)"

struct anon {
	unsigned char	key[crypto_generichash_KEYBYTES_MAX];
	size_t		keylen;
};

/* Name hashed with the value, and the code's prefix, of each field. */
static const struct {
	const char	*name;
	char		 prefix;
} anon_fields[] = {
	{ "school",	'S' },
	{ "head",	'H' },
	{ "observer",	'O' },
	{ "person",	'P' }
};

static const char anon_base32[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

struct anon *
anon_new(const void *key, size_t len, struct err *e)
{
	struct anon	*a;

	if (sodium_init() < 0) {
		err_set(e, ERR_SOFTWARE, "libsodium could not be initialised");
		return NULL;
	}
	if (len < ANON_KEY_MIN) {
		err_set(e, ERR_DATA, "the key is %zu bytes; it needs at least "
		    "%d bytes of secret: make one with " ANON_MAKE_KEY, len,
		    ANON_KEY_MIN);
		return NULL;
	}
	a = xcalloc(1, sizeof *a);
	if (len <= sizeof a->key) {
		memcpy(a->key, key, len);
		a->keylen = len;
	} else {
		/* Longer than BLAKE2b takes: its own unkeyed hash. */
		crypto_generichash(a->key, ANON_HASH_LEN, key, len, NULL, 0);
		a->keylen = ANON_HASH_LEN;
	}
	return a;
}

/* Reads a key file whole into buf (ANON_KEY_MAX + 1 bytes, to tell a
 * longer file); *len gets the bytes read.  Caller holds fd. */
static int
anon_read_key(int fd, unsigned char *buf, size_t *len, struct err *e)
{
	ssize_t	n;

	*len = 0;
	while (*len <= ANON_KEY_MAX) {
		n = read(fd, buf + *len, ANON_KEY_MAX + 1 - *len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return err_set(e, ERR_IO, "%s", strerror(errno));
		if (n == 0)
			return 0;
		*len += (size_t)n;
	}
	return err_set(e, ERR_DATA, "longer than %d bytes: not a key file",
	    ANON_KEY_MAX);
}

/* Opens a key file and checks it is a regular file (non-blocking, so a
 * FIFO is refused, not waited on); *warning when others may read it. */
static int
anon_open_key(const char *path, const char *show, char **warning,
    struct err *e)
{
	struct stat	sb;
	int		fd;

	if ((fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY |
	    O_NONBLOCK)) == -1)
		return err_set(e, errno == ENOENT ? ERR_NOINPUT : ERR_IO, "%s",
		    strerror(errno));
	if (fstat(fd, &sb) != 0 || !S_ISREG(sb.st_mode)) {
		close(fd);
		return err_set(e, ERR_DATA, "not a regular file");
	}
	if ((sb.st_mode & (S_IRWXG | S_IRWXO)) != 0)
		*warning = xasprintf("%s: the key file is open to others "
		    "(mode %04o); whoever reads it can recompute every code: "
		    "chmod 600 it and keep it apart from the data", show,
		    (unsigned)(sb.st_mode & 07777));
	return fd;
}

struct anon *
anon_load(const char *path, char **warning, struct err *e)
{
	unsigned char	 buf[ANON_KEY_MAX + 1];
	struct anon	*a = NULL;
	char		*show;
	size_t		 len;
	int		 fd;

	*warning = NULL;
	show = text_show(path, strlen(path), ANON_SHOW_MAX);
	if ((fd = anon_open_key(path, show, warning, e)) != -1) {
		if (anon_read_key(fd, buf, &len, e) == 0)
			a = anon_new(buf, len, e);
		close(fd);
		sodium_memzero(buf, sizeof buf);
	}
	if (a == NULL) {
		err_file(e, show);
		free(*warning);
		*warning = NULL;
	}
	free(show);
	return a;
}

void
anon_free(struct anon *a)
{
	if (a == NULL)
		return;
	sodium_memzero(a, sizeof *a);
	free(a);
}

void
anon_code(const struct anon *a, enum anon_field field, const char *value,
    char code[ANON_CODE_LEN])
{
	crypto_generichash_state	 st;
	unsigned char			 h[ANON_HASH_LEN];
	const char			*name = anon_fields[field].name;
	uint64_t			 bits = 0;
	size_t				 i;

	crypto_generichash_init(&st, a->key, a->keylen, sizeof h);
	crypto_generichash_update(&st, (const unsigned char *)name,
	    strlen(name) + 1);
	crypto_generichash_update(&st, (const unsigned char *)value,
	    strlen(value));
	crypto_generichash_final(&st, h, sizeof h);
	for (i = 0; i < 5; i++)		/* 40 bits: 8 characters of 5 */
		bits = bits << 8 | h[i];
	code[0] = anon_fields[field].prefix;
	code[1] = '-';
	for (i = 0; i < ANON_CODE_CHARS; i++)
		code[2 + i] = anon_base32[(bits >> (35 - 5 * i)) & 0x1f];
	code[2 + ANON_CODE_CHARS] = '\0';
	sodium_memzero(&st, sizeof st);
}

/* Replaces *s (owned) by its code; NULL and "" stay as they are. */
static void
anon_replace(const struct anon *a, enum anon_field field, char **s)
{
	char	code[ANON_CODE_LEN];

	if (*s == NULL || **s == '\0')
		return;
	anon_code(a, field, *s, code);
	free(*s);
	*s = xstrdup(code);
}

/* Non-zero for a fix put in words ("... episode: person T4 (was T04)"). */
static int
anon_correction_fix(const char *words)
{
	return strstr(words, " (was ") != NULL;
}

/* Non-zero for a correction that holds no free text: a recode, move,
 * added or withdrawn episode, put in words from times and group names.
 * Anything else (a comment, a fix, or a kind this does not know) may
 * quote what someone typed. */
static int
anon_correction_safe(const char *words)
{
	if (strncmp(words, "comment", 7) == 0 || anon_correction_fix(words))
		return 0;
	return strstr(words, " recoded from ") != NULL ||
	    strstr(words, " moved from ") != NULL ||
	    strstr(words, " episode added") != NULL ||
	    strstr(words, " withdrawn") != NULL;
}

/* Drops the fixes put in words: they quote the person codes that the
 * items now hold as codes, even when notes are kept. */
static void
anon_drop_fixes(struct timeline *tl)
{
	size_t	i, n;

	for (i = n = 0; i < tl->ncorrections; i++) {
		if (!anon_correction_fix(tl->corrections[i]))
			tl->corrections[n++] = tl->corrections[i];
		else
			free(tl->corrections[i]);
	}
	tl->ncorrections = n;
}

/* Drops the free text of a day: NOTE items, episode notes, the comment on
 * the day and the corrections that quote comments. */
static void
anon_drop_notes(struct timeline *tl)
{
	struct tl_item	*item;
	size_t		 i, n = 0;

	for (i = 0; i < tl->nitems; i++) {
		item = &tl->items[i];
		free(item->note);
		item->note = NULL;
		item->corrected &= ~(unsigned)TL_COMMENTED;
		if (item->kind == TL_NOTE) {
			free(item->person);
			free(item->where);
			free(item->mode);
			continue;
		}
		tl->items[n++] = *item;
	}
	tl->nitems = n;
	free(tl->comment);
	tl->comment = NULL;
	for (i = n = 0; i < tl->ncorrections; i++) {
		if (anon_correction_safe(tl->corrections[i]))
			tl->corrections[n++] = tl->corrections[i];
		else
			free(tl->corrections[i]);
	}
	tl->ncorrections = n;
}

void
anon_timeline(const struct anon *a, struct timeline *tl, int keep_notes)
{
	size_t	i;

	anon_replace(a, ANON_SCHOOL, &tl->school);
	anon_replace(a, ANON_HEAD, &tl->head);
	anon_replace(a, ANON_OBSERVER, &tl->observer);
	for (i = 0; i < tl->nitems; i++)
		anon_replace(a, ANON_PERSON, &tl->items[i].person);
	anon_drop_fixes(tl);
	if (!keep_notes)
		anon_drop_notes(tl);
}
