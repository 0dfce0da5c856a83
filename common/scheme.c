/*
 * The coding scheme: built-in default, the scheme file parser and the copy
 * stored in every log.  Text from a file or a log is untrusted: msgpack
 * strings are not NUL-terminated, and both readers apply the same rules.
 */
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "err.h"
#include "scheme.h"
#include "text.h"
#include "xmalloc.h"

#define SCHEME_MAX_FILE		(1024 * 1024)	/* bytes in a scheme file */
#define SCHEME_SHOW_NAME	48		/* bytes of a name in a message */

static const struct {
	const char	*name;
	char		 key;
} scheme_default_groups[] = {
	{ "SLT", 's' },
	{ "teachers", 't' },
	{ "support staff", 'a' },
	{ "pupils", 'p' },
	{ "parents", 'r' },
	{ "visitors", 'v' },
};
#define SCHEME_NDEFAULT_GROUPS \
	(sizeof scheme_default_groups / sizeof scheme_default_groups[0])

/* The default groups' colours first, then those for further groups. */
static const char *scheme_palette[] = {
	"#0072B2", "#E69F00", "#009E73", "#CC79A7", "#D55E00", "#56B4E9",
	"#F0E442", "#882255", "#44AA99", "#999933", "#AA4499", "#332288",
	"#117733", "#88CCEE", "#DDCC77", "#661100", "#6699CC", "#AA4466",
};
#define SCHEME_NPALETTE (sizeof scheme_palette / sizeof scheme_palette[0])

static const char *scheme_default_locations[] = {
	"office", "classroom", "corridor", "hall", "playground", "staffroom",
	"reception", "off-site",
};
static const char *scheme_default_modes[] = {
	"scheduled meeting", "unscheduled meeting", "phone", "tour",
	"teaching",
};

enum scheme_list {
	SCHEME_LOCATIONS,
	SCHEME_MODES,
};

/* Keys a dimension may take: punctuation the recorder leaves free (letters
 * and digits are group keys, and the recorder's prompts use / # ! @ = +
 * % < ~ and '.'). */
static const char scheme_dim_keys[] = "$&*?^_|>:;,-";

/* Names a dimension may not take: the episodes CSV's columns and the
 * timed commands' fields, which its name sits beside. */
static const char *const scheme_dim_taken[] = {
	"school", "head", "observer", "date", "kind", "start", "end",
	"duration_s", "group", "by", "person", "where", "mode", "with", "note",
	"tags", "day_comment", "corrections", "at", "alone",
};

static const char *scheme_for_word[] = { NULL, "episodes", "alone", "both" };

static const char *scheme_list_word[] = { "location", "mode" };
static const char *scheme_list_plural[] = { "locations", "modes" };

/* A scheme file being read: where we are and the lines things came from. */
struct scheme_parser {
	const char	*path;
	size_t		 line;
	struct scheme	*s;
	size_t		 group_line[SCHEME_MAX_GROUPS];
	size_t		 list_line[2][SCHEME_MAX_LIST];
	size_t		 dim_line[SCHEME_MAX_DIMS];
	struct err	*err;
};

/* A scheme map in a log that is wrong: ERR_DATA (the log reader knows
 * where). */
static void
scheme_fail(struct err *e, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void
scheme_fail(struct err *e, const char *fmt, ...)
{
	va_list	ap;

	va_start(ap, fmt);
	err_vset(e, ERR_DATA, fmt, ap);
	va_end(ap);
}


/* A name made fit for a message: quoted, escaped, cut short if long. */
static char *
scheme_show(const char *s, size_t len)
{
	const unsigned char	*p = (const unsigned char *)s;
	char			*out;
	size_t			 i, o, n, shown;

	shown = len > SCHEME_SHOW_NAME ? SCHEME_SHOW_NAME : len;
	out = xmalloc(shown * 4 + 8);
	o = 0;
	out[o++] = '"';
	for (i = 0; i < shown; i += n) {
		n = text_utf8_len(p + i, len - i);
		if (n > 1 && i + n > shown)
			break;
		if (n == 0 || text_is_control(p + i, n)) {
			o += (size_t)snprintf(out + o, 5, "\\x%02x", p[i]);
			n = 1;
		} else if (p[i] == '"' || p[i] == '\\') {
			out[o++] = '\\';
			out[o++] = (char)p[i];
		} else {
			memcpy(out + o, p + i, n);
			o += n;
		}
	}
	out[o++] = '"';
	if (shown < len) {
		memcpy(out + o, "...", 3);
		o += 3;
	}
	out[o] = '\0';
	return out;
}

/* Checks a group, location or mode name; NULL if good, else the problem. */
static char *
scheme_check_name(const char *s, size_t len, int group)
{
	const unsigned char	*p = (const unsigned char *)s;
	const char		*problem = NULL;
	char			*shown, *why;
	size_t			 i, n;

	if (len == 0)
		return xstrdup("name is empty");
	for (i = 0; problem == NULL && i < len; i += n) {
		if (p[i] < 0x20 || p[i] == 0x7f) {
			problem = "has a control character";
			break;
		}
		n = text_utf8_len(p + i, len - i);
		if (n == 0)
			problem = "is not valid UTF-8";
		else if (text_is_control(p + i, n))	/* C1: acts as ESC */
			problem = "has a control character";
	}
	if (problem == NULL && group && len == strlen(SCHEME_ALONE) &&
	    strncasecmp(s, SCHEME_ALONE, len) == 0)
		problem = "is kept for time in no interaction";
	if (problem == NULL && len <= SCHEME_MAX_NAME)
		return NULL;	/* the usual case: nothing to show */
	shown = scheme_show(s, len);
	if (len > SCHEME_MAX_NAME)
		why = xasprintf("name %s is longer than %d bytes", shown,
		    SCHEME_MAX_NAME);
	else
		why = xasprintf("name %s %s", shown, problem);
	free(shown);
	return why;
}

/* Whether a name of len bytes equals a C string, ignoring ASCII case. */
static int
scheme_same_name(const char *a, size_t alen, const char *b)
{
	return strlen(b) == alen && strncasecmp(a, b, alen) == 0;
}

static int
scheme_valid_key(int ch)
{
	return ((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9')) &&
	    ch != 'q';
}

int
scheme_colour_valid(const char *s, size_t len)
{
	size_t	i;

	if (len != 7 || s[0] != '#')
		return 0;
	for (i = 1; i < 7; i++) {
		if (!((s[i] >= '0' && s[i] <= '9') ||
		    (s[i] >= 'a' && s[i] <= 'f') ||
		    (s[i] >= 'A' && s[i] <= 'F')))
			return 0;
	}
	return 1;
}

static int
scheme_colour_used(const struct scheme *s, const char *colour)
{
	size_t	i;

	for (i = 0; i < s->ngroups; i++) {
		if (strcasecmp(s->groups[i].colour, colour) == 0)
			return 1;
	}
	return 0;
}

/* Gives each group without a colour the next palette colour not in use. */
static void
scheme_fill_colours(struct scheme *s)
{
	size_t	i, j, cycle = 0;

	for (i = 0; i < s->ngroups; i++) {
		if (s->groups[i].colour[0] != '\0')
			continue;
		for (j = 0; j < SCHEME_NPALETTE; j++) {
			if (!scheme_colour_used(s, scheme_palette[j]))
				break;
		}
		if (j == SCHEME_NPALETTE)
			j = cycle++ % SCHEME_NPALETTE;
		memcpy(s->groups[i].colour, scheme_palette[j], 8);
	}
}

static char **
scheme_copy_list(const char *const *list, size_t n)
{
	char	**copy;
	size_t	  i;

	copy = xcalloc(n, sizeof *copy);
	for (i = 0; i < n; i++)
		copy[i] = xstrdup(list[i]);
	return copy;
}

/* Puts in the built-in locations and modes where a scheme has none. */
static void
scheme_fill_lists(struct scheme *s)
{
	if (s->nlocations == 0) {
		free(s->locations);
		s->nlocations = sizeof scheme_default_locations /
		    sizeof scheme_default_locations[0];
		s->locations = scheme_copy_list(scheme_default_locations,
		    s->nlocations);
	}
	if (s->nmodes == 0) {
		free(s->modes);
		s->nmodes = sizeof scheme_default_modes /
		    sizeof scheme_default_modes[0];
		s->modes = scheme_copy_list(scheme_default_modes, s->nmodes);
	}
}

static char ***
scheme_list(struct scheme *s, enum scheme_list which, size_t **n)
{
	if (which == SCHEME_LOCATIONS) {
		*n = &s->nlocations;
		return &s->locations;
	}
	*n = &s->nmodes;
	return &s->modes;
}

struct scheme *
scheme_default(void)
{
	struct scheme	*s;
	size_t		 i;

	s = xcalloc(1, sizeof *s);
	s->ngroups = SCHEME_NDEFAULT_GROUPS;
	s->groups = xcalloc(s->ngroups, sizeof *s->groups);
	for (i = 0; i < s->ngroups; i++) {
		s->groups[i].name = xstrdup(scheme_default_groups[i].name);
		s->groups[i].key = scheme_default_groups[i].key;
		memcpy(s->groups[i].colour, scheme_palette[i], 8);
	}
	scheme_fill_lists(s);
	return s;
}

static void
scheme_dim_free(struct scheme_dim *d)
{
	size_t	i;

	free(d->name);
	for (i = 0; i < d->nvalues; i++)
		free(d->values[i]);
	free(d->values);
}

void
scheme_free(struct scheme *s)
{
	size_t	i;

	if (s == NULL)
		return;
	/* Another holder's still: one fewer.  The atomic read-modify-write
	 * orders what this holder did before the last one frees. */
	if (atomic_load(&s->shares) != 0 &&
	    atomic_fetch_sub(&s->shares, 1) != 0)
		return;
	for (i = 0; i < s->ngroups; i++)
		free(s->groups[i].name);
	free(s->groups);
	for (i = 0; i < s->nlocations; i++)
		free(s->locations[i]);
	free(s->locations);
	for (i = 0; i < s->nmodes; i++)
		free(s->modes[i]);
	free(s->modes);
	for (i = 0; i < s->ndims; i++)
		scheme_dim_free(&s->dims[i]);
	free(s->dims);
	free(s);
}

struct scheme *
scheme_copy(const struct scheme *from)
{
	struct scheme	*s;
	size_t		 i;

	s = xcalloc(1, sizeof *s);
	s->ngroups = from->ngroups;
	s->groups = xcalloc(s->ngroups, sizeof *s->groups);
	for (i = 0; i < s->ngroups; i++) {
		s->groups[i].name = xstrdup(from->groups[i].name);
		s->groups[i].key = from->groups[i].key;
		memcpy(s->groups[i].colour, from->groups[i].colour,
		    sizeof s->groups[i].colour);
	}
	s->nlocations = from->nlocations;
	s->locations = scheme_copy_list((const char *const *)from->locations,
	    from->nlocations);
	s->nmodes = from->nmodes;
	s->modes = scheme_copy_list((const char *const *)from->modes,
	    from->nmodes);
	s->ndims = from->ndims;
	s->dims = xcalloc(s->ndims, sizeof *s->dims);
	for (i = 0; i < s->ndims; i++) {
		s->dims[i] = from->dims[i];
		s->dims[i].name = xstrdup(from->dims[i].name);
		s->dims[i].values = scheme_copy_list(
		    (const char *const *)from->dims[i].values,
		    from->dims[i].nvalues);
	}
	return s;
}

struct scheme *
scheme_share(struct scheme *s)
{
	atomic_fetch_add(&s->shares, 1);
	return s;
}

static int
scheme_equal_list(char **a, size_t na, char **b, size_t nb)
{
	size_t	i;

	if (na != nb)
		return 0;
	for (i = 0; i < na; i++) {
		if (strcmp(a[i], b[i]) != 0)
			return 0;
	}
	return 1;
}

int
scheme_equal(const struct scheme *a, const struct scheme *b)
{
	size_t	i;

	if (a == NULL || b == NULL)
		return a == b;
	if (a->ngroups != b->ngroups)
		return 0;
	for (i = 0; i < a->ngroups; i++) {
		if (a->groups[i].key != b->groups[i].key ||
		    strcmp(a->groups[i].name, b->groups[i].name) != 0)
			return 0;
	}
	if (a->ndims != b->ndims)
		return 0;
	for (i = 0; i < a->ndims; i++) {
		if (a->dims[i].key != b->dims[i].key ||
		    a->dims[i].applies != b->dims[i].applies ||
		    a->dims[i].several != b->dims[i].several ||
		    strcmp(a->dims[i].name, b->dims[i].name) != 0 ||
		    !scheme_equal_list(a->dims[i].values, a->dims[i].nvalues,
		    b->dims[i].values, b->dims[i].nvalues))
			return 0;
	}
	return scheme_equal_list(a->locations, a->nlocations, b->locations,
	    b->nlocations) &&
	    scheme_equal_list(a->modes, a->nmodes, b->modes, b->nmodes);
}

int
scheme_find(const struct scheme *s, const char *name_or_key)
{
	size_t	i;
	int	ch;

	if (s == NULL || name_or_key == NULL)
		return -1;
	/* Logs store the exact name: the common case, and the cheap one
	 * (the first byte rules out most groups without a call). */
	for (i = 0; i < s->ngroups; i++) {
		if (s->groups[i].name[0] == name_or_key[0] &&
		    strcmp(s->groups[i].name, name_or_key) == 0)
			return (int)i;
	}
	for (i = 0; i < s->ngroups; i++) {
		if (strcasecmp(s->groups[i].name, name_or_key) == 0)
			return (int)i;
	}
	if (name_or_key[0] == '\0' || name_or_key[1] != '\0')
		return -1;
	ch = (unsigned char)name_or_key[0];
	if (ch >= 'A' && ch <= 'Z')
		ch += 'a' - 'A';
	for (i = 0; i < s->ngroups; i++) {
		if (s->groups[i].key == ch)
			return (int)i;
	}
	return -1;
}

int
scheme_find_key(const struct scheme *s, int ch, int *by_other)
{
	size_t	i;
	int	other = 0;

	if (by_other != NULL)
		*by_other = 0;
	if (s == NULL)
		return -1;
	if (ch >= 'A' && ch <= 'Z') {
		ch += 'a' - 'A';
		other = 1;
	}
	if (!scheme_valid_key(ch))
		return -1;
	for (i = 0; i < s->ngroups; i++) {
		if (s->groups[i].key == ch) {
			if (by_other != NULL)
				*by_other = other;
			return (int)i;
		}
	}
	return -1;
}

int
scheme_find_dim(const struct scheme *s, const char *name, size_t len)
{
	size_t	i;

	for (i = 0; s != NULL && i < s->ndims; i++) {
		if (strlen(s->dims[i].name) == len &&
		    strncasecmp(s->dims[i].name, name, len) == 0)
			return (int)i;
	}
	return -1;
}

const char *
scheme_value_colour(size_t i)
{
	return scheme_palette[i % SCHEME_NPALETTE];
}

size_t
scheme_dim_value_index(const struct scheme_dim *d, const char *v, size_t len)
{
	size_t	i;

	for (i = 0; i < d->nvalues; i++) {
		if (strlen(d->values[i]) == len &&
		    memcmp(d->values[i], v, len) == 0)
			return i;
	}
	return d->nvalues;
}

int
scheme_find_dim_key(const struct scheme *s, int ch)
{
	size_t	i;

	for (i = 0; s != NULL && i < s->ndims; i++) {
		if ((unsigned char)s->dims[i].key == ch)
			return (int)i;
	}
	return -1;
}

static int
scheme_valid_dim_key(int ch)
{
	return ch != '\0' && strchr(scheme_dim_keys, ch) != NULL;
}

/* A dimension's name is a CSV column and a timed command's NAME=: a
 * lower-case letter, then letters, digits, '_' or '-'.  NULL if good. */
static char *
scheme_check_dim_name(const char *s, size_t len)
{
	size_t	i;
	char	*shown, *why;

	for (i = 0; i < len; i++) {
		if (!((s[i] >= 'a' && s[i] <= 'z') ||
		    (i > 0 && ((s[i] >= '0' && s[i] <= '9') || s[i] == '_' ||
		    s[i] == '-'))))
			break;
	}
	if (len > 0 && i == len && len <= SCHEME_MAX_DIM_NAME) {
		for (i = 0; i < sizeof scheme_dim_taken /
		    sizeof scheme_dim_taken[0]; i++) {
			if (scheme_same_name(s, len, scheme_dim_taken[i]))
				return xasprintf("dimension name \"%s\" is "
				    "taken by a column or field of its own",
				    scheme_dim_taken[i]);
		}
		return NULL;
	}
	shown = scheme_show(s, len);
	why = xasprintf("dimension name %s must be 1 to %d of a-z, 0-9, _ "
	    "and -, starting with a letter", shown, SCHEME_MAX_DIM_NAME);
	free(shown);
	return why;
}

/* A dimension's value: a name, with no ';' (it joins several values). */
static char *
scheme_check_value(const char *s, size_t len)
{
	char	*shown, *why;

	if ((why = scheme_check_name(s, len, 0)) != NULL)
		return why;
	if (memchr(s, ';', len) == NULL)
		return NULL;
	shown = scheme_show(s, len);
	why = xasprintf("value %s has a ';' (it joins several values)",
	    shown);
	free(shown);
	return why;
}

char *
scheme_check_dim_value(const struct scheme_dim *d, const char *value,
    size_t len)
{
	const char	*part, *semi;
	char		*why;
	size_t		 n;

	if (!d->several)
		return scheme_check_value(value, len);
	for (part = value; ; part = semi + 1) {
		semi = memchr(part, ';', len - (size_t)(part - value));
		n = semi == NULL ? len - (size_t)(part - value) :
		    (size_t)(semi - part);
		if (n == 0)
			return xstrdup("empty value between ';'");
		if ((why = scheme_check_name(part, n, 0)) != NULL)
			return why;
		if (semi == NULL)
			return NULL;
	}
}

int
scheme_reserved_key(int ch)
{
	if (ch == 'q' || ch == 'Q')
		return 1;
	return !((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
	    (ch >= '0' && ch <= '9'));
}

/*
 * The scheme file.
 */

static void
scheme_parse_fail(struct scheme_parser *p, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void
scheme_parse_fail(struct scheme_parser *p, const char *fmt, ...)
{
	va_list	ap;

	va_start(ap, fmt);
	err_vset(p->err, ERR_DATA, fmt, ap);
	va_end(ap);
	err_file(p->err, p->path);
	err_line(p->err, (int64_t)p->line);
}

static int
scheme_blank(char c)
{
	return c == ' ' || c == '\t';
}

/* The text from *pos to the end of the line, for a message. */
static char *
scheme_rest(const char *line, size_t len, size_t pos)
{
	while (len > pos && scheme_blank(line[len - 1]))
		len--;
	if (len - pos > SCHEME_SHOW_NAME)
		return xasprintf("%.*s...", SCHEME_SHOW_NAME, line + pos);
	return xstrndup(line + pos, len - pos);
}

/*
 * Reads one bare word or quoted name at *pos into a new string (*out, *outlen);
 * 1 if there was one, 0 at the end of the line, -1 on error.
 */
static int
scheme_word(struct scheme_parser *p, const char *line, size_t len,
    size_t *pos, char **out, size_t *outlen)
{
	size_t	 i = *pos, start, o;
	char	*w, *rest;

	while (i < len && scheme_blank(line[i]))
		i++;
	if (i == len)
		return 0;
	start = i;
	if (line[i] != '"') {
		while (i < len && !scheme_blank(line[i])) {
			if (line[i] == '"') {
				rest = scheme_rest(line, len, start);
				scheme_parse_fail(p, "stray quote in '%s' "
				    "(quote the whole name)", rest);
				free(rest);
				return -1;
			}
			i++;
		}
		*out = xstrndup(line + start, i - start);
		*outlen = i - start;
		*pos = i;
		return 1;
	}
	w = xmalloc(len - start);
	o = 0;
	for (i = start + 1; i < len && line[i] != '"'; i++) {
		if (line[i] == '\\') {
			if (++i == len)
				break;
			if (line[i] != '"' && line[i] != '\\') {
				scheme_parse_fail(p, "unknown escape '\\%c' "
				    "(only \\\" and \\\\)", line[i]);
				free(w);
				return -1;
			}
		}
		w[o++] = line[i];
	}
	if (i >= len) {
		scheme_parse_fail(p, "unterminated quote");
		free(w);
		return -1;
	}
	w[o] = '\0';
	i++;
	if (i < len && !scheme_blank(line[i])) {
		rest = scheme_rest(line, len, i);
		scheme_parse_fail(p, "unexpected '%s' after the closing quote",
		    rest);
		free(rest);
		free(w);
		return -1;
	}
	*out = w;
	*outlen = o;
	*pos = i;
	return 1;
}

/* Fails if anything but blanks is left on the line. */
static int
scheme_end(struct scheme_parser *p, const char *line, size_t len, size_t pos)
{
	char	*rest;

	while (pos < len && scheme_blank(line[pos]))
		pos++;
	if (pos == len)
		return 0;
	rest = scheme_rest(line, len, pos);
	if (rest[0] == '#')
		scheme_parse_fail(p, "unexpected '%s' after the statement "
		    "(comments go on lines of their own)", rest);
	else
		scheme_parse_fail(p, "unexpected '%s' after the statement",
		    rest);
	free(rest);
	return -1;
}

/* Reads the word a statement must have next; -1 says "missing what". */
static int
scheme_need_word(struct scheme_parser *p, const char *line, size_t len,
    size_t *pos, const char *what, char **out, size_t *outlen)
{
	int	r;

	if ((r = scheme_word(p, line, len, pos, out, outlen)) < 0)
		return -1;
	if (r == 0) {
		scheme_parse_fail(p, "missing %s", what);
		return -1;
	}
	return 0;
}

/* Reads a name and checks it; 0 with *name set, or -1. */
static int
scheme_name(struct scheme_parser *p, const char *line, size_t len,
    size_t *pos, int group, char **name)
{
	char	*w, *why;
	size_t	 wlen;

	if (scheme_need_word(p, line, len, pos, "name", &w, &wlen) != 0)
		return -1;
	if ((why = scheme_check_name(w, wlen, group)) != NULL) {
		scheme_parse_fail(p, "%s", why);
		free(why);
		free(w);
		return -1;
	}
	*name = w;
	return 0;
}

/* Reads the key of a group line; 0 with *key set, or -1. */
static int
scheme_key(struct scheme_parser *p, const char *line, size_t len, size_t *pos,
    char *key)
{
	char	*w;
	size_t	 wlen;
	int	 r = -1;

	if (scheme_need_word(p, line, len, pos, "key", &w, &wlen) != 0)
		return -1;
	if (wlen != 1)
		scheme_parse_fail(p, "key '%s' must be one character (a "
		    "lower-case letter or digit)", w);
	else if (w[0] == 'q')
		scheme_parse_fail(p, "key 'q' is kept for quitting");
	else if (!scheme_valid_key((unsigned char)w[0]))
		scheme_parse_fail(p, "key '%s' must be a lower-case letter "
		    "or digit", w);
	else {
		*key = w[0];
		r = 0;
	}
	free(w);
	return r;
}

/* Reads the optional colour=#rrggbb of a group line into colour. */
static int
scheme_colour(struct scheme_parser *p, const char *line, size_t len,
    size_t *pos, char colour[8])
{
	static const char	 word[] = "colour=";
	size_t			 i = *pos, n;

	while (i < len && scheme_blank(line[i]))
		i++;
	if (len - i < sizeof word - 1 ||
	    memcmp(line + i, word, sizeof word - 1) != 0) {
		if (len - i >= 6 && memcmp(line + i, "color=", 6) == 0) {
			scheme_parse_fail(p, "unexpected 'color=' (the word "
			    "is spelt colour=)");
			return -1;
		}
		colour[0] = '\0';
		return 0;
	}
	i += sizeof word - 1;
	for (n = 0; i + n < len && !scheme_blank(line[i + n]); n++)
		/* nothing */;
	if (!scheme_colour_valid(line + i, n)) {
		scheme_parse_fail(p, "colour must be #rrggbb, not '%.*s'",
		    n > SCHEME_SHOW_NAME ? SCHEME_SHOW_NAME : (int)n,
		    line + i);
		return -1;
	}
	memcpy(colour, line + i, 7);
	colour[7] = '\0';
	*pos = i + n;
	return 0;
}

static int
scheme_parse_group(struct scheme_parser *p, const char *line, size_t len,
    size_t pos)
{
	struct scheme		*s = p->s;
	struct scheme_group	*g;
	char			 key, colour[8], *name;
	size_t			 i;

	if (scheme_key(p, line, len, &pos, &key) != 0 ||
	    scheme_name(p, line, len, &pos, 1, &name) != 0)
		return -1;
	if (scheme_colour(p, line, len, &pos, colour) != 0 ||
	    scheme_end(p, line, len, pos) != 0)
		goto fail;
	if (s->ngroups == SCHEME_MAX_GROUPS) {
		scheme_parse_fail(p, "too many groups (at most %d)",
		    SCHEME_MAX_GROUPS);
		goto fail;
	}
	for (i = 0; i < s->ngroups; i++) {
		g = &s->groups[i];
		if (g->key == key) {
			scheme_parse_fail(p, "duplicate key '%c' (already "
			    "used by \"%s\" on line %zu)", key, g->name,
			    p->group_line[i]);
			goto fail;
		}
		if (strcasecmp(g->name, name) == 0) {
			scheme_parse_fail(p, "duplicate group \"%s\" (already "
			    "on line %zu)", name, p->group_line[i]);
			goto fail;
		}
	}
	s->groups = xreallocarray(s->groups, s->ngroups + 1,
	    sizeof *s->groups);
	g = &s->groups[s->ngroups];
	g->name = name;
	g->key = key;
	memcpy(g->colour, colour, sizeof g->colour);
	p->group_line[s->ngroups++] = p->line;
	return 0;

fail:
	free(name);
	return -1;
}

static int
scheme_parse_list(struct scheme_parser *p, enum scheme_list which,
    const char *line, size_t len, size_t pos)
{
	char	***list, *name;
	size_t	  *n, i;

	if (scheme_name(p, line, len, &pos, 0, &name) != 0)
		return -1;
	if (scheme_end(p, line, len, pos) != 0)
		goto fail;
	list = scheme_list(p->s, which, &n);
	if (*n == SCHEME_MAX_LIST) {
		scheme_parse_fail(p, "too many %s (at most %d)",
		    scheme_list_plural[which], SCHEME_MAX_LIST);
		goto fail;
	}
	for (i = 0; i < *n; i++) {
		if (strcasecmp((*list)[i], name) == 0) {
			scheme_parse_fail(p, "duplicate %s \"%s\" (already "
			    "on line %zu)", scheme_list_word[which], name,
			    p->list_line[which][i]);
			goto fail;
		}
	}
	*list = xreallocarray(*list, *n + 1, sizeof **list);
	(*list)[*n] = name;
	p->list_line[which][(*n)++] = p->line;
	return 0;

fail:
	free(name);
	return -1;
}

/* Reads "for=episodes|alone|both" and an optional "several". */
static int
scheme_dim_options(struct scheme_parser *p, const char *line, size_t len,
    size_t *pos, struct scheme_dim *d)
{
	char	*w;
	size_t	 wlen, i;
	int	 r;

	while ((r = scheme_word(p, line, len, pos, &w, &wlen)) == 1) {
		if (strcmp(w, "several") == 0 && !d->several)
			d->several = 1;
		else if (strncmp(w, "for=", 4) == 0 && d->applies == 0) {
			for (i = 1; i < 4; i++) {
				if (strcmp(w + 4, scheme_for_word[i]) == 0)
					d->applies = (enum scheme_for)i;
			}
			if (d->applies == 0) {
				scheme_parse_fail(p, "for= must be episodes, "
				    "alone or both, not '%.*s'",
				    SCHEME_SHOW_NAME, w + 4);
				free(w);
				return -1;
			}
		} else {
			scheme_parse_fail(p, "unexpected '%.*s' (a dimension "
			    "takes for= and several)", SCHEME_SHOW_NAME, w);
			free(w);
			return -1;
		}
		free(w);
	}
	if (r < 0)
		return -1;
	if (d->applies == 0) {
		scheme_parse_fail(p, "missing for=episodes, for=alone or "
		    "for=both");
		return -1;
	}
	return 0;
}

/* dimension KEY NAME for=WHAT [several] */
static int
scheme_parse_dim(struct scheme_parser *p, const char *line, size_t len,
    size_t pos)
{
	struct scheme		*s = p->s;
	struct scheme_dim	 d;
	char			*w, *why;
	size_t			 wlen, i;

	memset(&d, 0, sizeof d);
	if (scheme_need_word(p, line, len, &pos, "key", &w, &wlen) != 0)
		return -1;
	if (wlen != 1 || !scheme_valid_dim_key((unsigned char)w[0])) {
		scheme_parse_fail(p, "dimension key '%.*s' must be one of %s",
		    SCHEME_SHOW_NAME, w, scheme_dim_keys);
		free(w);
		return -1;
	}
	d.key = w[0];
	free(w);
	if (scheme_need_word(p, line, len, &pos, "name", &d.name, &wlen) != 0)
		return -1;
	if ((why = scheme_check_dim_name(d.name, wlen)) != NULL) {
		scheme_parse_fail(p, "%s", why);
		free(why);
		goto fail;
	}
	if (scheme_dim_options(p, line, len, &pos, &d) != 0)
		goto fail;
	if (s->ndims == SCHEME_MAX_DIMS) {
		scheme_parse_fail(p, "too many dimensions (at most %d)",
		    SCHEME_MAX_DIMS);
		goto fail;
	}
	for (i = 0; i < s->ndims; i++) {
		if (s->dims[i].key == d.key || strcmp(s->dims[i].name,
		    d.name) == 0) {
			scheme_parse_fail(p, "duplicate dimension %s (already "
			    "on line %zu)", s->dims[i].key == d.key ? "key" :
			    "name", p->dim_line[i]);
			goto fail;
		}
	}
	s->dims = xreallocarray(s->dims, s->ndims + 1, sizeof *s->dims);
	s->dims[s->ndims] = d;
	p->dim_line[s->ndims++] = p->line;
	return 0;

fail:
	free(d.name);
	return -1;
}

/* value DIMENSION NAME: the next of the dimension's keys 1-9. */
static int
scheme_parse_value(struct scheme_parser *p, const char *line, size_t len,
    size_t pos)
{
	struct scheme_dim	*d;
	char			*w, *why;
	size_t			 wlen, i;
	int			 di;

	if (scheme_need_word(p, line, len, &pos, "dimension", &w, &wlen) != 0)
		return -1;
	di = scheme_find_dim(p->s, w, wlen);
	if (di < 0)
		scheme_parse_fail(p, "no dimension '%.*s' above (declare it "
		    "first)", SCHEME_SHOW_NAME, w);
	free(w);
	if (di < 0 ||
	    scheme_need_word(p, line, len, &pos, "value", &w, &wlen) != 0)
		return -1;
	d = &p->s->dims[di];
	if ((why = scheme_check_value(w, wlen)) != NULL)
		scheme_parse_fail(p, "%s", why);
	else if (d->nvalues == SCHEME_MAX_VALUES)
		scheme_parse_fail(p, "too many values for %s (at most %d: "
		    "keys 1-9)", d->name, SCHEME_MAX_VALUES);
	else if (scheme_end(p, line, len, pos) == 0) {
		for (i = 0; i < d->nvalues; i++) {
			if (strcasecmp(d->values[i], w) == 0)
				break;
		}
		if (i == d->nvalues) {
			d->values = xreallocarray(d->values, d->nvalues + 1,
			    sizeof *d->values);
			d->values[d->nvalues++] = w;
			return 0;
		}
		scheme_parse_fail(p, "duplicate value \"%s\" for %s", w,
		    d->name);
	}
	free(why);
	free(w);
	return -1;
}

static int
scheme_parse_line(struct scheme_parser *p, const char *line, size_t len)
{
	size_t	 pos = 0, start;
	char	*word;
	int	 r;

	if (memchr(line, '\0', len) != NULL) {
		scheme_parse_fail(p, "NUL byte in the line");
		return -1;
	}
	if (len > 0 && line[len - 1] == '\r')
		len--;
	while (pos < len && scheme_blank(line[pos]))
		pos++;
	if (pos == len || line[pos] == '#')
		return 0;
	start = pos;
	while (pos < len && !scheme_blank(line[pos]))
		pos++;
	word = xstrndup(line + start, pos - start);
	if (strcmp(word, "group") == 0)
		r = scheme_parse_group(p, line, len, pos);
	else if (strcmp(word, "location") == 0)
		r = scheme_parse_list(p, SCHEME_LOCATIONS, line, len, pos);
	else if (strcmp(word, "mode") == 0)
		r = scheme_parse_list(p, SCHEME_MODES, line, len, pos);
	else if (strcmp(word, "dimension") == 0)
		r = scheme_parse_dim(p, line, len, pos);
	else if (strcmp(word, "value") == 0)
		r = scheme_parse_value(p, line, len, pos);
	else {
		free(word);
		word = scheme_rest(line, pos, start);
		scheme_parse_fail(p, "unknown statement '%s' (expected "
		    "group, location or mode)", word);
		r = -1;
	}
	free(word);
	return r;
}

/* The scheme file's parser, for scheme_load too. */
struct scheme *
scheme_parse(const char *text, size_t len, const char *name,
    struct err *e)
{
	struct scheme_parser	*p;
	struct scheme		*s;
	const char		*nl;
	size_t			 pos = 0, linelen;

	p = xcalloc(1, sizeof *p);
	p->path = name;
	p->err = e;
	p->s = s = xcalloc(1, sizeof *s);
	if (len >= 3 && memcmp(text, "\xef\xbb\xbf", 3) == 0)
		pos = 3;
	while (pos < len) {
		p->line++;
		nl = memchr(text + pos, '\n', len - pos);
		linelen = nl == NULL ? len - pos : (size_t)(nl - (text + pos));
		if (scheme_parse_line(p, text + pos, linelen) != 0)
			goto fail;
		pos += linelen + 1;
	}
	if (s->ngroups == 0) {
		err_set(e, ERR_DATA, "no groups (a scheme needs at least one "
		    "'group' line)");
		err_file(e, name);
		goto fail;
	}
	scheme_fill_colours(s);
	scheme_fill_lists(s);
	free(p);
	return s;

fail:
	free(p);
	scheme_free(s);
	return NULL;
}

/* Reads a whole file of at most SCHEME_MAX_FILE bytes; -1 fills e. */
static int
scheme_read_file(const char *path, char **buf, size_t *len, struct err *e)
{
	struct stat	 sb;
	char		*b;
	size_t		 n = 0;
	ssize_t		 r;
	int		 fd, saved;

	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1)
		goto fail;
	if (fstat(fd, &sb) == -1)
		goto fail;
	if (S_ISREG(sb.st_mode) && sb.st_size > SCHEME_MAX_FILE)
		goto too_big;
	b = xmalloc(SCHEME_MAX_FILE + 1);
	for (;;) {
		r = read(fd, b + n, SCHEME_MAX_FILE + 1 - n);
		if (r == -1 && errno == EINTR)
			continue;
		if (r == -1) {
			saved = errno;
			free(b);
			errno = saved;
			goto fail;
		}
		if (r == 0)
			break;
		n += (size_t)r;
		if (n > SCHEME_MAX_FILE) {
			free(b);
			goto too_big;
		}
	}
	close(fd);
	*buf = b;
	*len = n;
	return 0;

too_big:
	close(fd);
	err_set(e, ERR_DATA, "larger than %d bytes, not a scheme file",
	    SCHEME_MAX_FILE);
	err_file(e, path);
	return -1;

fail:
	saved = errno;
	if (fd != -1)
		close(fd);
	err_set(e, ERR_NOINPUT, "%s", strerror(saved));
	err_file(e, path);
	return -1;
}

struct scheme *
scheme_load(const char *path, struct err *e)
{
	struct scheme	*s;
	char		*buf;
	size_t		 len;

	if (scheme_read_file(path, &buf, &len, e) != 0)
		return NULL;
	s = scheme_parse(buf, len, path, e);
	free(buf);
	return s;
}

/*
 * The scheme inside a log.
 */

static void
scheme_pack_str(msgpack_packer *pk, const char *s, size_t len)
{
	msgpack_pack_str(pk, len);
	msgpack_pack_str_body(pk, s, len);
}

static void
scheme_pack_cstr(msgpack_packer *pk, const char *s)
{
	scheme_pack_str(pk, s, strlen(s));
}

/* "dimensions": written only when there are some, so that a log of a
 * scheme without them is the same bytes as before they existed. */
static void
scheme_pack_dims(const struct scheme *s, msgpack_packer *pk)
{
	const struct scheme_dim	*d;
	size_t			 i, j;

	scheme_pack_cstr(pk, "dimensions");
	msgpack_pack_array(pk, s->ndims);
	for (i = 0; i < s->ndims; i++) {
		d = &s->dims[i];
		msgpack_pack_map(pk, 5);
		scheme_pack_cstr(pk, "name");
		scheme_pack_cstr(pk, d->name);
		scheme_pack_cstr(pk, "key");
		scheme_pack_str(pk, &d->key, 1);
		scheme_pack_cstr(pk, "for");
		scheme_pack_cstr(pk, scheme_for_word[d->applies]);
		scheme_pack_cstr(pk, "several");
		if (d->several)
			msgpack_pack_true(pk);
		else
			msgpack_pack_false(pk);
		scheme_pack_cstr(pk, "values");
		msgpack_pack_array(pk, d->nvalues);
		for (j = 0; j < d->nvalues; j++)
			scheme_pack_cstr(pk, d->values[j]);
	}
}

void
scheme_pack(const struct scheme *s, msgpack_packer *pk)
{
	size_t	i;

	msgpack_pack_map(pk, s->ndims > 0 ? 4 : 3);
	scheme_pack_cstr(pk, "groups");
	msgpack_pack_array(pk, s->ngroups);
	for (i = 0; i < s->ngroups; i++) {
		msgpack_pack_map(pk, 3);
		scheme_pack_cstr(pk, "name");
		scheme_pack_cstr(pk, s->groups[i].name);
		scheme_pack_cstr(pk, "key");
		scheme_pack_str(pk, &s->groups[i].key, 1);
		scheme_pack_cstr(pk, "colour");
		scheme_pack_cstr(pk, s->groups[i].colour);
	}
	scheme_pack_cstr(pk, "locations");
	msgpack_pack_array(pk, s->nlocations);
	for (i = 0; i < s->nlocations; i++)
		scheme_pack_cstr(pk, s->locations[i]);
	scheme_pack_cstr(pk, "modes");
	msgpack_pack_array(pk, s->nmodes);
	for (i = 0; i < s->nmodes; i++)
		scheme_pack_cstr(pk, s->modes[i]);
	if (s->ndims > 0)
		scheme_pack_dims(s, pk);
}

/* Whether a msgpack object is the string word. */
static int
scheme_is_word(const msgpack_object *o, const char *word)
{
	return o->type == MSGPACK_OBJECT_STR &&
	    o->via.str.size == strlen(word) &&
	    memcmp(o->via.str.ptr, word, o->via.str.size) == 0;
}

/* The values of a map's keys words[0..n), NULL when absent (the last
 * when repeated); other keys are ignored. */
static void
scheme_fields(const msgpack_object *o, const char *const *words,
    const msgpack_object **found, size_t n)
{
	const msgpack_object_kv	*kv;
	size_t			 i, j;

	for (j = 0; j < n; j++)
		found[j] = NULL;
	for (i = 0; i < o->via.map.size; i++) {
		kv = &o->via.map.ptr[i];
		for (j = 0; j < n; j++) {
			if (scheme_is_word(&kv->key, words[j])) {
				found[j] = &kv->val;
				break;
			}
		}
	}
}

static int
scheme_unpack_group(struct scheme *s, const msgpack_object *o, size_t n,
    struct err *e)
{
	static const char *const group_words[] = { "name", "key", "colour" };
	const msgpack_object	*name, *key, *colour, *found[3];
	struct scheme_group	*g = &s->groups[s->ngroups];
	char			*why;
	size_t			 i;

	if (o->type != MSGPACK_OBJECT_MAP) {
		scheme_fail(e, "scheme: group %zu: not a map", n);
		return -1;
	}
	scheme_fields(o, group_words, found, 3);
	name = found[0];
	key = found[1];
	colour = found[2];
	if (name == NULL || name->type != MSGPACK_OBJECT_STR) {
		scheme_fail(e, "scheme: group %zu: name %s", n,
		    name == NULL ? "is missing" : "must be a string");
		return -1;
	}
	if ((why = scheme_check_name(name->via.str.ptr, name->via.str.size,
	    1)) != NULL) {
		scheme_fail(e, "scheme: group %zu: %s", n, why);
		free(why);
		return -1;
	}
	if (key == NULL || key->type != MSGPACK_OBJECT_STR) {
		scheme_fail(e, "scheme: group %zu: key %s", n,
		    key == NULL ? "is missing" : "must be a string");
		return -1;
	}
	if (key->via.str.size != 1 ||
	    !scheme_valid_key((unsigned char)key->via.str.ptr[0])) {
		scheme_fail(e, "scheme: group %zu: key must be a "
		    "lower-case letter or digit%s", n,
		    scheme_is_word(key, "q") ? ", not q" : "");
		return -1;
	}
	if (colour != NULL && (colour->type != MSGPACK_OBJECT_STR ||
	    !scheme_colour_valid(colour->via.str.ptr, colour->via.str.size))) {
		scheme_fail(e, "scheme: group %zu: colour must be "
		    "#rrggbb", n);
		return -1;
	}
	for (i = 0; i < s->ngroups; i++) {
		if (s->groups[i].key == key->via.str.ptr[0]) {
			scheme_fail(e, "scheme: group %zu: duplicate key "
			    "'%c' (already used by group %zu)", n,
			    key->via.str.ptr[0], i + 1);
			return -1;
		}
		if (scheme_same_name(name->via.str.ptr, name->via.str.size,
		    s->groups[i].name)) {
			scheme_fail(e, "scheme: group %zu: duplicate name "
			    "(already used by group %zu)", n, i + 1);
			return -1;
		}
	}
	g->name = xstrndup(name->via.str.ptr, name->via.str.size);
	g->key = key->via.str.ptr[0];
	if (colour != NULL) {
		memcpy(g->colour, colour->via.str.ptr, 7);
		g->colour[7] = '\0';
	} else
		g->colour[0] = '\0';
	s->ngroups++;
	return 0;
}

static int
scheme_unpack_groups(struct scheme *s, const msgpack_object *o, struct err *e)
{
	size_t	i;

	if (o->type != MSGPACK_OBJECT_ARRAY) {
		scheme_fail(e, "scheme: groups must be an array");
		return -1;
	}
	if (o->via.array.size == 0) {
		scheme_fail(e, "scheme: no groups");
		return -1;
	}
	if (o->via.array.size > SCHEME_MAX_GROUPS) {
		scheme_fail(e, "scheme: too many groups (%u, at most %d)",
		    (unsigned)o->via.array.size, SCHEME_MAX_GROUPS);
		return -1;
	}
	s->groups = xcalloc(o->via.array.size, sizeof *s->groups);
	for (i = 0; i < o->via.array.size; i++) {
		if (scheme_unpack_group(s, &o->via.array.ptr[i], i + 1,
		    e) != 0)
			return -1;
	}
	return 0;
}

static int
scheme_unpack_list(struct scheme *s, enum scheme_list which,
    const msgpack_object *o, struct err *e)
{
	const char		 *word = scheme_list_word[which];
	const msgpack_object	 *item;
	char			***list, *why;
	size_t			 *n, i, j;

	if (o->type != MSGPACK_OBJECT_ARRAY) {
		scheme_fail(e, "scheme: %s must be an array",
		    scheme_list_plural[which]);
		return -1;
	}
	if (o->via.array.size > SCHEME_MAX_LIST) {
		scheme_fail(e, "scheme: too many %s (%u, at most %d)",
		    scheme_list_plural[which], (unsigned)o->via.array.size,
		    SCHEME_MAX_LIST);
		return -1;
	}
	list = scheme_list(s, which, &n);
	*list = xcalloc(o->via.array.size, sizeof **list);
	for (i = 0; i < o->via.array.size; i++) {
		item = &o->via.array.ptr[i];
		if (item->type != MSGPACK_OBJECT_STR) {
			scheme_fail(e, "scheme: %s %zu: must be a string",
			    word, i + 1);
			return -1;
		}
		if ((why = scheme_check_name(item->via.str.ptr,
		    item->via.str.size, 0)) != NULL) {
			scheme_fail(e, "scheme: %s %zu: %s", word, i + 1,
			    why);
			free(why);
			return -1;
		}
		for (j = 0; j < *n; j++) {
			if (scheme_same_name(item->via.str.ptr,
			    item->via.str.size, (*list)[j])) {
				scheme_fail(e, "scheme: %s %zu: duplicate "
				    "(already %s %zu)", word, i + 1, word,
				    j + 1);
				return -1;
			}
		}
		(*list)[(*n)++] = xstrndup(item->via.str.ptr,
		    item->via.str.size);
	}
	return 0;
}

/* One dimension's map, checked by the scheme file's rules. */
static int
scheme_unpack_dim(struct scheme *s, const msgpack_object *o, size_t n,
    struct err *e)
{
	static const char *const dim_words[] = { "name", "key", "for",
				    "several", "values" };
	const msgpack_object	*name, *key, *applies, *several, *values, *v;
	const msgpack_object	*found[5];
	struct scheme_dim	*d = &s->dims[s->ndims];
	char			*why = NULL;
	size_t			 i, j;

	if (o->type != MSGPACK_OBJECT_MAP) {
		scheme_fail(e, "scheme: dimension %zu: not a map", n);
		return -1;
	}
	scheme_fields(o, dim_words, found, 5);
	name = found[0];
	key = found[1];
	applies = found[2];
	several = found[3];
	values = found[4];
	if (name == NULL || name->type != MSGPACK_OBJECT_STR)
		why = xstrdup("name must be a string");
	else if ((why = scheme_check_dim_name(name->via.str.ptr,
	    name->via.str.size)) != NULL)
		;
	else if (scheme_find_dim(s, name->via.str.ptr,
	    name->via.str.size) >= 0)
		why = xstrdup("duplicate name");
	else if (key == NULL || key->type != MSGPACK_OBJECT_STR ||
	    key->via.str.size != 1 ||
	    !scheme_valid_dim_key((unsigned char)key->via.str.ptr[0]) ||
	    scheme_find_dim_key(s, (unsigned char)key->via.str.ptr[0]) >= 0)
		why = xasprintf("key must be one of %s, once", scheme_dim_keys);
	else if (several != NULL && several->type != MSGPACK_OBJECT_BOOLEAN)
		why = xstrdup("several must be true or false");
	else if (values != NULL && (values->type != MSGPACK_OBJECT_ARRAY ||
	    values->via.array.size > SCHEME_MAX_VALUES))
		why = xasprintf("values must be an array of at most %d",
		    SCHEME_MAX_VALUES);
	else {
		d->applies = 0;
		for (i = 1; applies != NULL && i < 4; i++) {
			if (scheme_is_word(applies, scheme_for_word[i]))
				d->applies = (enum scheme_for)i;
		}
		if (d->applies == 0)
			why = xstrdup("for must be episodes, alone or both");
	}
	if (why != NULL) {
		scheme_fail(e, "scheme: dimension %zu: %s", n, why);
		free(why);
		return -1;
	}
	d->name = xstrndup(name->via.str.ptr, name->via.str.size);
	d->key = key->via.str.ptr[0];
	d->several = several != NULL && several->via.boolean;
	s->ndims++;
	if (values == NULL)
		return 0;
	d->values = xcalloc(values->via.array.size, sizeof *d->values);
	for (i = 0; i < values->via.array.size; i++) {
		v = &values->via.array.ptr[i];
		if (v->type != MSGPACK_OBJECT_STR)
			why = xstrdup("must be a string");
		else
			why = scheme_check_value(v->via.str.ptr,
			    v->via.str.size);
		for (j = 0; why == NULL && j < d->nvalues; j++) {
			if (scheme_same_name(v->via.str.ptr, v->via.str.size,
			    d->values[j]))
				why = xstrdup("duplicate");
		}
		if (why != NULL) {
			scheme_fail(e, "scheme: dimension %zu: value %zu: "
			    "%s", n, i + 1, why);
			free(why);
			return -1;
		}
		d->values[d->nvalues++] = xstrndup(v->via.str.ptr,
		    v->via.str.size);
	}
	return 0;
}

static int
scheme_unpack_dims(struct scheme *s, const msgpack_object *o, struct err *e)
{
	size_t	i;

	if (o->type != MSGPACK_OBJECT_ARRAY ||
	    o->via.array.size > SCHEME_MAX_DIMS) {
		scheme_fail(e, "scheme: dimensions must be an array of at "
		    "most %d", SCHEME_MAX_DIMS);
		return -1;
	}
	s->dims = xcalloc(o->via.array.size, sizeof *s->dims);
	for (i = 0; i < o->via.array.size; i++) {
		if (scheme_unpack_dim(s, &o->via.array.ptr[i], i + 1,
		    e) != 0)
			return -1;
	}
	return 0;
}

struct scheme *
scheme_unpack(const msgpack_object *o, struct err *e)
{
	const msgpack_object_kv	*kv;
	const msgpack_object	*groups = NULL, *lists[2] = { NULL, NULL };
	const msgpack_object	*dims = NULL;
	struct scheme		*s;
	size_t			 i;

	if (o == NULL || o->type != MSGPACK_OBJECT_MAP) {
		scheme_fail(e, "scheme: not a map");
		return NULL;
	}
	for (i = 0; i < o->via.map.size; i++) {
		kv = &o->via.map.ptr[i];
		if (scheme_is_word(&kv->key, "groups"))
			groups = &kv->val;
		else if (scheme_is_word(&kv->key, "locations"))
			lists[SCHEME_LOCATIONS] = &kv->val;
		else if (scheme_is_word(&kv->key, "modes"))
			lists[SCHEME_MODES] = &kv->val;
		else if (scheme_is_word(&kv->key, "dimensions"))
			dims = &kv->val;
	}
	if (groups == NULL) {
		scheme_fail(e, "scheme: no groups");
		return NULL;
	}
	s = xcalloc(1, sizeof *s);
	if (scheme_unpack_groups(s, groups, e) != 0)
		goto fail;
	for (i = 0; i < 2; i++) {
		if (lists[i] != NULL &&
		    scheme_unpack_list(s, i, lists[i], e) != 0)
			goto fail;
	}
	if (dims != NULL && scheme_unpack_dims(s, dims, e) != 0)
		goto fail;
	scheme_fill_colours(s);
	scheme_fill_lists(s);
	return s;

fail:
	scheme_free(s);
	return NULL;
}

/* ---- the memo of the last scheme read ---- */

struct scheme_memo {
	msgpack_sbuffer	 packed;	/* the map, packed again */
	msgpack_zone	 zone;
	msgpack_object	 map;		/* decoded from packed */
	struct scheme	*scheme;	/* unpacked from it; NULL: none */
};

struct scheme_memo *
scheme_memo_new(void)
{
	struct scheme_memo	*m;

	m = xcalloc(1, sizeof *m);
	msgpack_sbuffer_init(&m->packed);
	if (!msgpack_zone_init(&m->zone, 1024))
		xmalloc_fail(1024);
	return m;
}

void
scheme_memo_free(struct scheme_memo *m)
{
	if (m == NULL)
		return;
	scheme_free(m->scheme);
	msgpack_zone_destroy(&m->zone);
	msgpack_sbuffer_destroy(&m->packed);
	free(m);
}

/* Keeps a copy of map (its own bytes, not the caller's) with s. */
static void
scheme_memo_keep(struct scheme_memo *m, const msgpack_object *map,
    struct scheme *s)
{
	msgpack_packer	pk;
	size_t		off = 0;

	scheme_free(m->scheme);
	m->scheme = NULL;
	msgpack_sbuffer_clear(&m->packed);
	msgpack_zone_clear(&m->zone);
	msgpack_packer_init(&pk, &m->packed, msgpack_sbuffer_write);
	if (msgpack_pack_object(&pk, *map) != 0 ||
	    msgpack_unpack(m->packed.data, m->packed.size, &off, &m->zone,
	    &m->map) != MSGPACK_UNPACK_SUCCESS) {
		scheme_free(s);	/* cannot happen: a map read is packable */
		return;
	}
	m->scheme = s;
}

struct scheme *
scheme_memo_unpack(struct scheme_memo *m, const msgpack_object *o,
    struct err *e)
{
	struct scheme	*s;

	if (m == NULL || o == NULL)
		return scheme_unpack(o, e);
	if (m->scheme != NULL && msgpack_object_equal(*o, m->map))
		return scheme_share(m->scheme);
	if ((s = scheme_unpack(o, e)) == NULL)
		return NULL;
	scheme_memo_keep(m, o, scheme_share(s));
	return s;
}

struct scheme *
scheme_memo_unpack_raw(struct scheme_memo *m, const msgpack_object *o,
    const void *raw, size_t n, struct err *e)
{
	size_t	got;

	/* The same bytes decode to the same map; other bytes may still (a
	 * longer encoding of a number), so they are left to the walk. */
	if (raw != NULL && scheme_memo_match(m, raw, n, &got) != NULL &&
	    got == n)
		return scheme_share(m->scheme);
	return scheme_memo_unpack(m, o, e);
}

const msgpack_object *
scheme_memo_match(const struct scheme_memo *m, const void *raw,
    size_t avail, size_t *n)
{
	if (m == NULL || m->scheme == NULL || avail < m->packed.size ||
	    memcmp(raw, m->packed.data, m->packed.size) != 0)
		return NULL;
	*n = m->packed.size;
	return &m->map;
}
