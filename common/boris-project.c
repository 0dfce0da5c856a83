/*
 * BORIS projects through jansson (JSON) and zlib (gzip): the whole file
 * is read, bounded, and its observations turned into export rows, which
 * boris.c reads as it reads an export's.  Easy to get wrong: strings of
 * the rows point into the JSON tree, which lives as long as the project.
 */
#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <jansson.h>
#include <zlib.h>

#include "boris-project.h"
#include "boris.h"
#include "durable.h"
#include "err.h"
#include "hash.h"
#include "record.h"
#include "scheme.h"
#include "text.h"
#include "timeline.h"
#include "xmalloc.h"

#define BP_READ_CHUNK	65536
#define BP_SHOW_MAX	48
#define BP_MAX_SECONDS	1e9
#define BP_KEYS		"abcdefghijklmnoprstuvwxyz0123456789"
#define BP_BRIEF	" brief"	/* a group's point behaviour */

static const char *const bp_keys_sniffed[] = {
	"\"project_format_version\"", "\"behaviors_conf\"",
	"\"subjects_conf\"", "\"observations\"", "\"independent_variables\"",
	"\"project_name\"", "\"time_format\""
};

/* The details a shadowlog day keeps that BORIS has as modifiers. */
static const char *const bp_details[] = {
	"by", "person", "where", "mode", "with"
};
#define BP_NDETAILS (sizeof bp_details / sizeof bp_details[0])

struct bp_behavior {
	const char	 *code;
	int		  state;
	enum boris_project_role role;
	int		  group;	/* the behaviour read as its group; -1
					   for a pause or note */
	const char	**mods;		/* modifier sets' names, in order */
	size_t		  nmods;
};

struct bp_observation {
	const char	*id;
	json_t		*vars;		/* independent_variables, or NULL */
};

struct bp_event {
	struct boris_project_row	 row;
	int				 behavior;
	const char			*modifiers;
	const char			*comment;
	size_t				 order;	/* in the file, for ties */
};

struct boris_project {
	char			*path;
	json_t			*root;
	struct bp_behavior	*behaviors;
	size_t			 nbehaviors;
	struct bp_observation	*obs;
	size_t			 nobs;
	struct bp_event		*events;
	size_t			 nevents;
	char			**warnings;
	size_t			 nwarnings;
};

/* ---- reading ---- */

int
boris_project_sniff(const char *buf, size_t len)
{
	size_t	i, k, n;

	if (len >= 2 && (unsigned char)buf[0] == 0x1f &&
	    (unsigned char)buf[1] == 0x8b)
		return 1;
	for (i = 0; i < len && strchr(" \t\r\n", buf[i]) != NULL; i++)
		continue;
	if (i == len || buf[i] != '{')
		return 0;
	for (k = 0; k < sizeof bp_keys_sniffed / sizeof bp_keys_sniffed[0];
	    k++) {
		n = strlen(bp_keys_sniffed[k]);
		for (i = 0; i + n <= len; i++) {
			if (memcmp(buf + i, bp_keys_sniffed[k], n) == 0)
				return 1;
		}
	}
	return 0;
}

static char *
bp_show(const char *s)
{
	return text_show(s, strlen(s), BP_SHOW_MAX);
}

/* Reads all of fd from its start, bounded; -1 with e. */
static int
bp_slurp(int fd, const char *name, char **bufp, size_t *lenp, struct err *e)
{
	char	*buf = NULL;
	size_t	 len = 0, size = 0;
	ssize_t	 n;

	for (;;) {
		if (size - len < BP_READ_CHUNK) {
			size = size == 0 ? BP_READ_CHUNK * 2 : size * 2;
			buf = xrealloc(buf, size + 1);
		}
		do
			n = pread(fd, buf + len, size - len, (off_t)len);
		while (n == -1 && errno == EINTR);
		if (n == -1) {
			free(buf);
			err_set(e, ERR_IO, "%s", strerror(errno));
			return err_file(e, name);
		}
		if (n == 0)
			break;
		if ((len += (size_t)n) > BORIS_PROJECT_MAX) {
			free(buf);
			err_set(e, ERR_DATA, "a BORIS project larger than %d "
			    "MiB", BORIS_PROJECT_MAX / (1024 * 1024));
			return err_file(e, name);
		}
	}
	*bufp = buf;
	*lenp = len;
	return 0;
}

/* Inflates gzip data (members one after another), bounded; -1 with e. */
static int
bp_gunzip(const char *in, size_t len, const char *name, char **outp,
    size_t *outlen, struct err *e)
{
	z_stream	 z;
	char		*out = NULL;
	size_t		 size = 0;
	int		 rc;

	memset(&z, 0, sizeof z);
	if (inflateInit2(&z, 16 + MAX_WBITS) != Z_OK) {
		err_set(e, ERR_IO, "zlib cannot start");
		return err_file(e, name);
	}
	z.next_in = (unsigned char *)(uintptr_t)in;
	z.avail_in = (uInt)len;
	for (;;) {
		if (z.total_out == size) {
			if (size >= BORIS_PROJECT_MAX) {
				rc = Z_MEM_ERROR;
				break;
			}
			size = size == 0 ? BP_READ_CHUNK * 4 : size * 2;
			out = xrealloc(out, size + 1);
		}
		z.next_out = (unsigned char *)out + z.total_out;
		z.avail_out = (uInt)(size - z.total_out);
		rc = inflate(&z, Z_NO_FLUSH);
		if (rc == Z_STREAM_END && z.avail_in > 0) {
			size_t	done = z.total_out;

			/* another member follows */
			if (inflateReset(&z) != Z_OK)
				break;
			z.total_out = done;
			continue;
		}
		if (rc == Z_STREAM_END)
			break;
		if (rc != Z_OK && !(rc == Z_BUF_ERROR && z.avail_out == 0))
			break;
		if (rc == Z_OK && z.avail_in == 0 && z.avail_out > 0) {
			rc = Z_BUF_ERROR;
			break;
		}
	}
	*outlen = z.total_out;
	inflateEnd(&z);
	if (rc == Z_STREAM_END) {
		*outp = out;
		return 0;
	}
	free(out);
	if (rc == Z_MEM_ERROR)
		err_set(e, ERR_DATA, "a BORIS project larger than %d MiB once "
		    "unzipped", BORIS_PROJECT_MAX / (1024 * 1024));
	else if (rc == Z_BUF_ERROR)
		err_set(e, ERR_DATA, "gzip data ends early");
	else
		err_set(e, ERR_DATA, "not gzip data: %s", z.msg != NULL ?
		    z.msg : "bad");
	return err_file(e, name);
}

/* A malformed project: "FILE: not a BORIS project: what". */
static int
bp_bad(struct boris_project *p, struct err *e, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static int
bp_bad(struct boris_project *p, struct err *e, const char *fmt, ...)
{
	va_list	 ap;
	char	*what;

	va_start(ap, fmt);
	what = xvasprintf(fmt, ap);
	va_end(ap);
	err_set(e, ERR_DATA, "not a BORIS project: %s", what);
	free(what);
	return err_file(e, p->path);
}

/* An object's members in the order of their keys as numbers ("0", "1",
 * ...: BORIS's lists), others after them in file order. */
struct bp_member {
	const char	*key;
	json_t		*value;
	long		 n;
	size_t		 order;
};

static int
bp_cmp_member(const void *a, const void *b)
{
	const struct bp_member	*x = a, *y = b;

	if (x->n != y->n)
		return x->n < y->n ? -1 : 1;
	return x->order < y->order ? -1 : x->order > y->order;
}

static struct bp_member *
bp_members(json_t *obj, size_t *np)
{
	struct bp_member	*m;
	const char		*key;
	json_t			*value;
	char			*end;
	size_t			 n = 0;

	m = xcalloc(json_object_size(obj) + 1, sizeof *m);
	json_object_foreach(obj, key, value) {
		m[n].key = key;
		m[n].value = value;
		m[n].n = strtol(key, &end, 10);
		if (*key == '\0' || *end != '\0' || m[n].n < 0)
			m[n].n = LONG_MAX;
		m[n].order = n;
		n++;
	}
	qsort(m, n, sizeof *m, bp_cmp_member);
	*np = n;
	return m;
}

static const char *
bp_string(json_t *obj, const char *key)
{
	json_t	*v = json_object_get(obj, key);

	return json_is_string(v) ? json_string_value(v) : NULL;
}

static int
bp_find_behavior(const struct boris_project *p, const char *code)
{
	size_t	i;

	for (i = 0; i < p->nbehaviors; i++) {
		if (strcmp(p->behaviors[i].code, code) == 0)
			return (int)i;
	}
	return -1;
}

/* The ethogram: behaviors_conf, in its order. */
static int
bp_load_behaviors(struct boris_project *p, struct err *e)
{
	json_t			*conf = json_object_get(p->root,
				    "behaviors_conf"), *mods;
	struct bp_member	*m, *mm;
	struct bp_behavior	*b;
	const char		*type, *name;
	size_t			 n, nm, i, j;
	int			 rc = 0;

	if (!json_is_object(conf))
		return bp_bad(p, e, "no behaviors_conf object");
	m = bp_members(conf, &n);
	p->behaviors = xcalloc(n + 1, sizeof *p->behaviors);
	for (i = 0; i < n && rc == 0; i++) {
		b = &p->behaviors[p->nbehaviors];
		if (!json_is_object(m[i].value) ||
		    (b->code = bp_string(m[i].value, "code")) == NULL ||
		    (type = bp_string(m[i].value, "type")) == NULL) {
			rc = bp_bad(p, e, "behaviour %s has no code or type",
			    m[i].key);
			break;
		}
		if (bp_find_behavior(p, b->code) != -1) {
			char	*shown = bp_show(b->code);

			rc = bp_bad(p, e, "behaviour '%s' twice in the "
			    "ethogram", shown);
			free(shown);
			break;
		}
		b->state = strstr(type, "State") != NULL ||
		    strstr(type, "state") != NULL;
		p->nbehaviors++;
		if (!json_is_object(mods = json_object_get(m[i].value,
		    "modifiers")))
			continue;
		mm = bp_members(mods, &nm);
		b->mods = xcalloc(nm + 1, sizeof *b->mods);
		for (j = 0; j < nm; j++) {
			name = json_is_object(mm[j].value) ?
			    bp_string(mm[j].value, "name") : NULL;
			b->mods[b->nmods++] = name != NULL ? name : "";
		}
		free(mm);
	}
	free(m);
	return rc;
}

/*
 * A point behaviour whose category is the code of a state behaviour is
 * read as that state's group (shadowlog writes a group's brief contacts
 * so), a state of category BORIS_PROJECT_PAUSE_CATEGORY as pauses and
 * a point of category BORIS_PROJECT_NOTE_CATEGORY as notes; every other
 * behaviour is a group of its own.
 */
static void
bp_map_groups(struct boris_project *p)
{
	json_t			*conf = json_object_get(p->root,
				    "behaviors_conf");
	struct bp_member	*m;
	const char		*cat;
	size_t			 n, i;
	int			 s;

	m = bp_members(conf, &n);
	for (i = 0; i < p->nbehaviors; i++) {
		p->behaviors[i].group = (int)i;
		p->behaviors[i].role = BORIS_PROJECT_GROUP;
		if (i >= n || (cat = bp_string(m[i].value, "category")) == NULL)
			continue;
		if (strcmp(cat, BORIS_PROJECT_PAUSE_CATEGORY) == 0 &&
		    p->behaviors[i].state) {
			p->behaviors[i].role = BORIS_PROJECT_PAUSE;
			p->behaviors[i].group = -1;
			continue;
		}
		if (strcmp(cat, BORIS_PROJECT_NOTE_CATEGORY) == 0 &&
		    !p->behaviors[i].state) {
			p->behaviors[i].role = BORIS_PROJECT_NOTE;
			p->behaviors[i].group = -1;
			continue;
		}
		if (p->behaviors[i].state ||
		    (s = bp_find_behavior(p, cat)) == -1 ||
		    !p->behaviors[s].state ||
		    p->behaviors[s].role != BORIS_PROJECT_GROUP)
			continue;
		p->behaviors[i].group = s;
	}
	free(m);
}

const char *
boris_project_behavior(const struct boris_project *p, size_t i)
{
	size_t	k, n = 0;

	for (k = 0; k < p->nbehaviors; k++) {
		if (p->behaviors[k].group != (int)k)
			continue;
		if (n++ == i)
			return p->behaviors[k].code;
	}
	return NULL;
}

/* Seconds of a JSON number (or a string of one, as old projects have
 * them) in ms; -1 if not a time. */
static int
bp_seconds(json_t *v, int64_t *ms)
{
	double	 d;
	char	*end;

	if (json_is_number(v))
		d = json_number_value(v);
	else if (json_is_string(v)) {
		d = strtod(json_string_value(v), &end);
		if (end == json_string_value(v) || *end != '\0')
			return -1;
	} else
		return -1;
	if (!isfinite(d) || d < 0 || d > BP_MAX_SECONDS)
		return -1;
	*ms = llround(d * 1000.0);
	return 0;
}

/* The observation's length: the end of its time interval where BORIS
 * has one, else for media the lengths of the first player's files added;
 * -1 when neither says. */
static int64_t
bp_duration(json_t *o)
{
	json_t	*iv = json_object_get(o, "observation time interval");
	json_t	*files, *lengths, *f;
	int64_t	 ms, sum = 0;
	size_t	 i;

	if (json_is_array(iv) && json_array_size(iv) == 2 &&
	    bp_seconds(json_array_get(iv, 1), &ms) == 0 && ms > 0)
		return ms;
	files = json_object_get(json_object_get(o, "file"), "1");
	lengths = json_object_get(json_object_get(o, "media_info"),
	    "length");
	if (!json_is_array(files) || json_array_size(files) == 0 ||
	    !json_is_object(lengths))
		return -1;
	json_array_foreach(files, i, f) {
		if (!json_is_string(f) || bp_seconds(json_object_get(lengths,
		    json_string_value(f)), &ms) != 0)
			return -1;
		sum += ms;
	}
	return sum;
}

static int
bp_cmp_event(const void *a, const void *b)
{
	const struct bp_event	*x = a, *y = b;

	if (x->row.time != y->row.time)
		return x->row.time < y->row.time ? -1 : 1;
	return x->order < y->order ? -1 : x->order > y->order;
}

/* A state's toggles, per subject and behaviour. */
struct bp_pair {
	const char	*subject;
	int		 behavior;
	int		 open;
};

struct bp_pairs {
	struct bp_pair	*v;
	size_t		 n;
	struct hash	 index;
	const char	*subject;	/* the lookup's */
	int		 behavior;
};

static int
bp_match_pair(void *arg, size_t i)
{
	const struct bp_pairs	*ps = arg;

	return ps->v[i].behavior == ps->behavior &&
	    strcmp(ps->v[i].subject, ps->subject) == 0;
}

static struct bp_pair *
bp_pair(struct bp_pairs *ps, const char *subject, int behavior)
{
	uint64_t	h = hash_string(subject) * 31 + (uint64_t)behavior;
	size_t		i;

	h = h == 0 ? 1 : h;
	ps->subject = subject;
	ps->behavior = behavior;
	if ((i = hash_find(&ps->index, h, bp_match_pair, ps)) != SIZE_MAX)
		return &ps->v[i];
	ps->v = xreallocarray(ps->v, ps->n + 1, sizeof *ps->v);
	ps->v[ps->n].subject = subject;
	ps->v[ps->n].behavior = behavior;
	ps->v[ps->n].open = 0;
	hash_add(&ps->index, h, ps->n);
	return &ps->v[ps->n++];
}

static const char *
bp_subject_name(const char *s)
{
	return *s == '\0' ? BORIS_NO_FOCAL : s;
}

/* Tells START from STOP in the observation's events first..n (sorted);
 * 0, or -1 with a warning when a wanted subject's state does not pair. */
static int
bp_pair_states(struct boris_project *p, size_t first, const char *subject)
{
	struct bp_pairs	 ps;
	struct bp_pair	*pr, *bad = NULL;
	struct bp_event	*ev;
	char		*obs, *beh, *sub;
	size_t		 i;

	memset(&ps, 0, sizeof ps);
	for (i = first; i < p->nevents; i++) {
		ev = &p->events[i];
		if (!p->behaviors[ev->behavior].state) {
			ev->row.type = BORIS_PROJECT_POINT;
			continue;
		}
		pr = bp_pair(&ps, ev->row.subject, ev->behavior);
		ev->row.type = pr->open ? BORIS_PROJECT_STOP :
		    BORIS_PROJECT_START;
		pr->open = !pr->open;
	}
	for (i = 0; i < ps.n && bad == NULL; i++) {
		if (ps.v[i].open && (subject == NULL || strcmp(subject,
		    bp_subject_name(ps.v[i].subject)) == 0))
			bad = &ps.v[i];
	}
	if (bad != NULL) {
		obs = bp_show(p->events[first].row.observation);
		beh = bp_show(p->behaviors[bad->behavior].code);
		sub = bp_show(bp_subject_name(bad->subject));
		p->warnings = xreallocarray(p->warnings, p->nwarnings + 1,
		    sizeof *p->warnings);
		p->warnings[p->nwarnings++] = xasprintf("warning: %s: "
		    "observation '%s': the events of state '%s' of subject "
		    "'%s' do not pair (BORIS: UNPAIRED); the observation is "
		    "left out", p->path, obs, beh, sub);
		free(obs);
		free(beh);
		free(sub);
	}
	free(ps.v);
	hash_free(&ps.index);
	return bad != NULL ? -1 : 0;
}

/* One event: [time, subject, code, modifiers, comment, ...]. */
static int
bp_load_event(struct boris_project *p, const char *id, size_t k, json_t *a,
    struct bp_event *ev, struct err *e)
{
	json_t	*v;
	char	*shown;
	int	 rc;

	memset(ev, 0, sizeof *ev);
	shown = bp_show(id);
	if (!json_is_array(a) || json_array_size(a) < 3) {
		rc = bp_bad(p, e, "observation '%s', event %zu: not an "
		    "array of time, subject and behaviour", shown, k + 1);
		goto out;
	}
	if (bp_seconds(json_array_get(a, 0), &ev->row.time) != 0) {
		rc = bp_bad(p, e, "observation '%s', event %zu: the time is "
		    "not a number of seconds", shown, k + 1);
		goto out;
	}
	v = json_array_get(a, 1);
	ev->row.subject = json_is_string(v) ? json_string_value(v) : "";
	v = json_array_get(a, 2);
	if (!json_is_string(v) || (ev->behavior = bp_find_behavior(p,
	    json_string_value(v))) == -1) {
		char	*code = bp_show(json_is_string(v) ?
		    json_string_value(v) : "");

		rc = bp_bad(p, e, "observation '%s', event %zu: behaviour "
		    "'%s' is not in the ethogram", shown, k + 1, code);
		free(code);
		goto out;
	}
	ev->row.role = p->behaviors[ev->behavior].role;
	ev->row.behavior = ev->row.role != BORIS_PROJECT_GROUP ?
	    p->behaviors[ev->behavior].code :
	    p->behaviors[p->behaviors[ev->behavior].group].code;
	v = json_array_get(a, 3);
	ev->modifiers = json_is_string(v) ? json_string_value(v) : "";
	v = json_array_get(a, 4);
	ev->comment = json_is_string(v) ? json_string_value(v) : "";
	rc = 0;
out:
	free(shown);
	return rc;
}

/* The events of observation o (id) added to p's, sorted and paired; an
 * observation that does not pair is taken out again. */
static int
bp_load_observation(struct boris_project *p, const char *id, json_t *o,
    const char *subject, struct err *e)
{
	json_t	*events = json_object_get(o, "events"), *a;
	const char *date = bp_string(o, "date");
	int64_t	 duration = bp_duration(o);
	size_t	 first = p->nevents, k;
	char	*shown;

	if (!json_is_object(o)) {
		shown = bp_show(id);
		bp_bad(p, e, "observation '%s' is not an object", shown);
		free(shown);
		return -1;
	}
	if (events == NULL)
		return 0;
	if (!json_is_array(events)) {
		shown = bp_show(id);
		bp_bad(p, e, "observation '%s': events is not an array",
		    shown);
		free(shown);
		return -1;
	}
	p->events = xreallocarray(p->events, p->nevents +
	    json_array_size(events) + 1, sizeof *p->events);
	json_array_foreach(events, k, a) {
		if (bp_load_event(p, id, k, a, &p->events[p->nevents], e) != 0)
			return -1;
		p->events[p->nevents].row.observation = id;
		p->events[p->nevents].row.date = date != NULL ? date : "";
		p->events[p->nevents].row.duration = duration;
		p->events[p->nevents].row.obs = p->nobs;
		p->events[p->nevents].order = k;
		p->nevents++;
	}
	if (p->nevents == first)
		return 0;
	qsort(p->events + first, p->nevents - first, sizeof *p->events,
	    bp_cmp_event);
	if (bp_pair_states(p, first, subject) != 0) {
		p->nevents = first;
		return 0;
	}
	p->obs = xreallocarray(p->obs, p->nobs + 1, sizeof *p->obs);
	p->obs[p->nobs].id = id;
	p->obs[p->nobs].vars = json_object_get(o, "independent_variables");
	p->nobs++;
	return 0;
}

int
boris_project_load(int fd, const char *name, const char *subject,
    struct boris_project **pp, struct err *e)
{
	struct boris_project	*p;
	json_error_t		 jerr;
	json_t			*obs, *o;
	const char		*id;
	char			*buf = NULL, *text = NULL;
	size_t			 len = 0, tlen = 0;

	if (bp_slurp(fd, name, &buf, &len, e) != 0)
		return -1;
	if (len >= 2 && (unsigned char)buf[0] == 0x1f &&
	    (unsigned char)buf[1] == 0x8b) {
		if (bp_gunzip(buf, len, name, &text, &tlen, e) != 0) {
			free(buf);
			return -1;
		}
		free(buf);
		buf = text;
		len = tlen;
	}
	p = xcalloc(1, sizeof *p);
	p->path = xstrdup(name);
	p->root = json_loadb(buf, len, JSON_REJECT_DUPLICATES, &jerr);
	free(buf);
	if (p->root == NULL) {
		err_set(e, ERR_DATA, "not a BORIS project: %s", jerr.text);
		err_file(e, name);
		err_line(e, jerr.line > 0 ? jerr.line : 1);
		goto fail;
	}
	if (!json_is_object(p->root)) {
		bp_bad(p, e, "not a JSON object");
		goto fail;
	}
	if (bp_load_behaviors(p, e) != 0)
		goto fail;
	bp_map_groups(p);
	if (!json_is_object(obs = json_object_get(p->root, "observations"))) {
		bp_bad(p, e, "no observations object");
		goto fail;
	}
	json_object_foreach(obs, id, o) {
		if (bp_load_observation(p, id, o, subject, e) != 0)
			goto fail;
	}
	*pp = p;
	return 0;

fail:
	boris_project_free(p);
	return -1;
}

const struct boris_project_row *
boris_project_row(const struct boris_project *p, size_t n)
{
	return n < p->nevents ? &p->events[n].row : NULL;
}

const char *
boris_project_warning(const struct boris_project *p, size_t i)
{
	return i < p->nwarnings ? p->warnings[i] : NULL;
}

/* A variable's value as text (caller frees); NULL when empty or not a
 * string or number. */
static char *
bp_value(json_t *v)
{
	if (json_is_string(v) && *json_string_value(v) != '\0')
		return xstrdup(json_string_value(v));
	if (json_is_integer(v))
		return xasprintf("%" JSON_INTEGER_FORMAT,
		    json_integer_value(v));
	if (json_is_real(v))
		return xasprintf("%g", json_real_value(v));
	return NULL;
}

void
boris_project_day(const struct boris_project *p, size_t obs,
    struct timeline *tl)
{
	json_t		*vars = p->obs[obs].vars, *v;
	const char	*key;
	char		*value;

	if (!json_is_object(vars) ||
	    json_object_get(vars, "observation") == NULL)
		timeline_add_tag(tl, "observation", p->obs[obs].id);
	if (!json_is_object(vars))
		return;
	json_object_foreach(vars, key, v) {
		if ((value = bp_value(v)) == NULL)
			continue;
		if (strcmp(key, "school") == 0) {
			free(tl->school);
			tl->school = value;
		} else if (strcmp(key, "observer") == 0) {
			free(tl->observer);
			tl->observer = value;
		} else {
			timeline_add_tag(tl, key, value);
			free(value);
		}
	}
}

/* The with mask of names joined by ',' (unknown names, and the item's
 * own group, left out). */
static uint64_t
bp_with(const struct scheme *sc, const char *names, int own)
{
	char		*copy = xstrdup(names), *name, *save;
	uint64_t	 mask = 0;
	size_t		 g;

	for (name = strtok_r(copy, ",", &save); name != NULL;
	    name = strtok_r(NULL, ",", &save)) {
		for (g = 0; g < sc->ngroups && g < 64; g++) {
			if ((int)g != own && strcmp(sc->groups[g].name,
			    name) == 0)
				mask |= UINT64_C(1) << g;
		}
	}
	free(copy);
	return mask;
}

/* Appends "part" to *note, joined " / ". */
static void
bp_note(char **note, const char *part)
{
	char	*n;

	if (*note == NULL) {
		*note = xstrdup(part);
		return;
	}
	n = xasprintf("%s / %s", *note, part);
	free(*note);
	*note = n;
}

void
boris_project_details(const struct boris_project *p, size_t n,
    const struct scheme *sc, struct tl_item *item)
{
	const struct bp_event		*ev = &p->events[n];
	const struct bp_behavior	*b = &p->behaviors[ev->behavior];
	const char			*name;
	char				*mods = xstrdup(ev->modifiers);
	char				*value, *save, *part, unnamed[32];
	size_t				 i, d;

	if (*ev->comment != '\0')
		item->note = xstrdup(ev->comment);
	if (b->role != BORIS_PROJECT_GROUP) {
		free(mods);
		return;
	}
	for (i = 0, value = strtok_r(mods, "|", &save); value != NULL;
	    i++, value = strtok_r(NULL, "|", &save)) {
		if (*value == '\0' || strcmp(value, "None") == 0)
			continue;
		if (i < b->nmods && *b->mods[i] != '\0')
			name = b->mods[i];
		else {
			snprintf(unnamed, sizeof unnamed, "modifier %zu",
			    i + 1);
			name = unnamed;
		}
		for (d = 0; d < BP_NDETAILS; d++) {
			if (strcmp(name, bp_details[d]) == 0)
				break;
		}
		if (d == 0 && strcmp(value, "head") == 0)
			item->by = RECORD_BY_HEAD;
		else if (d == 0 && strcmp(value, "other") == 0)
			item->by = RECORD_BY_OTHER;
		else if (d == 1 && item->person == NULL)
			item->person = xstrdup(value);
		else if (d == 2 && item->where == NULL)
			item->where = xstrdup(value);
		else if (d == 3 && item->mode == NULL)
			item->mode = xstrdup(value);
		else if (d == 4 && item->kind == TL_EPISODE)
			item->with = bp_with(sc, value, item->group);
		else {
			part = xasprintf("%s: %s", name, value);
			bp_note(&item->note, part);
			free(part);
		}
	}
	free(mods);
}

void
boris_project_free(struct boris_project *p)
{
	size_t	i;

	if (p == NULL)
		return;
	for (i = 0; i < p->nbehaviors; i++)
		free(p->behaviors[i].mods);
	free(p->behaviors);
	for (i = 0; i < p->nwarnings; i++)
		free(p->warnings[i]);
	free(p->warnings);
	free(p->obs);
	free(p->events);
	json_decref(p->root);
	free(p->path);
	free(p);
}

/* ---- writing ---- */

struct boris_project_writer {
	json_t		*root;
	json_t		*observations;
	json_t		*behaviors;	/* code -> conf, in the order met */
	json_t		*values[BP_NDETAILS];	/* code -> {value: true} */
	json_t		*subjects;	/* name -> true */
	json_t		*variables;	/* label -> true */
	char		 first_date[11];
};

struct boris_project_writer *
boris_project_writer_new(void)
{
	struct boris_project_writer	*w = xcalloc(1, sizeof *w);
	size_t				 d;

	w->root = json_object();
	w->observations = json_object();
	w->behaviors = json_object();
	for (d = 0; d < BP_NDETAILS; d++)
		w->values[d] = json_object();
	w->subjects = json_object();
	w->variables = json_object();
	return w;
}

void
boris_project_writer_free(struct boris_project_writer *w)
{
	size_t	d;

	if (w == NULL)
		return;
	json_decref(w->root);
	json_decref(w->observations);
	json_decref(w->behaviors);
	for (d = 0; d < BP_NDETAILS; d++)
		json_decref(w->values[d]);
	json_decref(w->subjects);
	json_decref(w->variables);
	free(w);
}

/* The behaviour code for what a group's episodes (a state) or brief
 * contacts (a point whose category is the group) are, or pauses or notes
 * (of their own categories), added to the ethogram when new; *owned is
 * the code, which the caller frees. */
static void
bp_writer_behavior(struct boris_project_writer *w, const char *group,
    enum tl_kind kind, char **owned)
{
	const char	*type = kind == TL_EPISODE || kind == TL_PAUSE ?
			    "State event" : "Point event";
	const char	*category = kind == TL_BRIEF ? group : kind == TL_PAUSE ?
			    BORIS_PROJECT_PAUSE_CATEGORY : kind == TL_NOTE ?
			    BORIS_PROJECT_NOTE_CATEGORY : "";
	const char	*code = kind == TL_PAUSE ? "pause" : kind == TL_NOTE ?
			    "note" : group;
	const char	*suffix = kind == TL_BRIEF ? BP_BRIEF : "";
	json_t		*b;
	size_t		 n = 1;

	*owned = xasprintf("%s%s", code, suffix);
	/* a group may be named as another's brief contacts, a pause or a
	 * note are */
	while ((b = json_object_get(w->behaviors, *owned)) != NULL &&
	    (strcmp(bp_string(b, "type"), type) != 0 ||
	    strcmp(bp_string(b, "category"), category) != 0)) {
		free(*owned);
		*owned = xasprintf("%s%s #%zu", code, suffix, ++n);
	}
	if (b != NULL)
		return;
	b = json_object();
	json_object_set_new(b, "type", json_string(type));
	json_object_set_new(b, "code", json_string(*owned));
	json_object_set_new(b, "description", json_string(
	    kind == TL_BRIEF ? "a brief contact (shadowlog)" :
	    kind == TL_PAUSE ? "a pause (shadowlog)" :
	    kind == TL_NOTE ? "a note, in its comment (shadowlog)" :
	    "an episode (shadowlog)"));
	json_object_set_new(b, "category", json_string(category));
	json_object_set_new(b, "excluded", json_string(""));
	json_object_set_new(b, "coding map", json_string(""));
	json_object_set_new(w->behaviors, *owned, b);
}

/* Notes a value of detail d, for its modifier set's list. */
static const char *
bp_writer_value(struct boris_project_writer *w, size_t d, const char *v)
{
	if (v == NULL || *v == '\0')
		return "None";
	json_object_set_new(w->values[d], v, json_true());
	return v;
}

/* The modifiers of item: by|person|where|mode|with, "None" for none. */
static char *
bp_writer_modifiers(struct boris_project_writer *w, const struct timeline *tl,
    const struct tl_item *it)
{
	const char	*by = it->by == RECORD_BY_HEAD ? "head" :
			    it->by == RECORD_BY_OTHER ? "other" : NULL;
	char		*with = timeline_with_names(tl, it->with, ","), *s;

	s = xasprintf("%s|%s|%s|%s|%s", bp_writer_value(w, 0, by),
	    bp_writer_value(w, 1, it->person), bp_writer_value(w, 2, it->where),
	    bp_writer_value(w, 3, it->mode), bp_writer_value(w, 4, with));
	free(with);
	return s;
}

/* An observation's events as made, to be put in time order (BORIS keeps
 * them so): a brief contact comes within its episode's events. */
struct bp_out_event {
	int64_t		 ms;
	size_t		 order;
	json_t		*ev;
};

struct bp_out_events {
	struct bp_out_event	*v;
	size_t			 n;
};

static void
bp_writer_event(struct bp_out_events *out, int64_t ms, const char *subject,
    const char *code, const char *modifiers, const char *comment)
{
	json_t	*ev = json_array();

	json_array_append_new(ev, json_real((double)ms / 1000.0));
	json_array_append_new(ev, json_string(subject));
	json_array_append_new(ev, json_string(code));
	json_array_append_new(ev, json_string(modifiers));
	json_array_append_new(ev, json_string(comment != NULL ? comment : ""));
	out->v = xreallocarray(out->v, out->n + 1, sizeof *out->v);
	out->v[out->n].ms = ms;
	out->v[out->n].order = out->n;
	out->v[out->n].ev = ev;
	out->n++;
}

static int
bp_cmp_out_event(const void *a, const void *b)
{
	const struct bp_out_event	*x = a, *y = b;

	if (x->ms != y->ms)
		return x->ms < y->ms ? -1 : 1;
	return x->order < y->order ? -1 : x->order > y->order;
}

/* The events in time order, as a JSON array; frees out's. */
static json_t *
bp_writer_events(struct bp_out_events *out)
{
	json_t	*events = json_array();
	size_t	 i;

	if (out->n > 1)
		qsort(out->v, out->n, sizeof *out->v, bp_cmp_out_event);
	for (i = 0; i < out->n; i++)
		json_array_append_new(events, out->v[i].ev);
	free(out->v);
	return events;
}

/* The START (or with stop, the STOP) event of item: an episode's, a
 * pause's; a brief contact's or a note's one event. */
static void
bp_writer_item(struct boris_project_writer *w, struct bp_out_events *events,
    const struct timeline *tl, const struct tl_item *it, int stop)
{
	char	*code, *mods;

	bp_writer_behavior(w, it->group >= 0 ? timeline_group_name(tl,
	    it->group) : "", it->kind, &code);
	mods = it->kind == TL_EPISODE || it->kind == TL_BRIEF ?
	    bp_writer_modifiers(w, tl, it) : xstrdup("");
	bp_writer_event(events, (stop ? it->end : it->start) - tl->begin,
	    tl->head, code, mods, it->kind != TL_PAUSE ? it->note : NULL);
	free(mods);
	free(code);
}

/* Sets an observation's variable, noting its label for the project. */
static void
bp_writer_var(struct boris_project_writer *w, json_t *vars, const char *key,
    const char *value)
{
	json_object_set_new(vars, key, json_string(value));
	json_object_set_new(w->variables, key, json_true());
}

void
boris_project_writer_add(struct boris_project_writer *w,
    const struct timeline *tl)
{
	const struct tl_item	*it;
	struct bp_out_events	 events = { NULL, 0 };
	json_t			*o = json_object();
	json_t			*vars = json_object(), *iv;
	char			*id, *code, date[32];
	size_t			 i, n = 1, open = SIZE_MAX;
	int64_t			 t0 = tl->begin;

	if (w->first_date[0] == '\0')
		memcpy(w->first_date, tl->date, sizeof w->first_date);
	id = xasprintf("%s %s %s", tl->head, tl->date, tl->observer);
	while (json_object_get(w->observations, id) != NULL) {
		free(id);
		id = xasprintf("%s %s %s #%zu", tl->head, tl->date,
		    tl->observer, ++n);
	}
	json_object_set_new(w->subjects, tl->head, json_true());
	/* the groups first, in the scheme's order, episodes or not */
	for (i = 0; i < tl->scheme->ngroups; i++) {
		bp_writer_behavior(w, tl->scheme->groups[i].name, TL_EPISODE,
		    &code);
		free(code);
	}
	/* A stretch's STOP goes when the next stretch begins, after the
	 * instants between, so that ties read back in the same order. */
	for (i = 0; i < tl->nitems; i++) {
		it = &tl->items[i];
		if (it->kind != TL_BRIEF && it->kind != TL_NOTE &&
		    open != SIZE_MAX) {
			bp_writer_item(w, &events, tl, &tl->items[open], 1);
			open = SIZE_MAX;
		}
		if (it->kind == TL_ALONE)
			continue;
		bp_writer_item(w, &events, tl, it, 0);
		if (it->kind == TL_EPISODE || it->kind == TL_PAUSE)
			open = i;
	}
	if (open != SIZE_MAX)
		bp_writer_item(w, &events, tl, &tl->items[open], 1);
	bp_writer_var(w, vars, "school", tl->school);
	bp_writer_var(w, vars, "observer", tl->observer);
	for (i = 0; i < tl->ntags; i++)
		bp_writer_var(w, vars, tl->tag_keys[i], tl->tag_values[i]);
	if (json_object_get(vars, "observation") == NULL)
		bp_writer_var(w, vars, "observation", "");
	n = (size_t)snprintf(date, sizeof date, "%sT%02d:%02d:%02d", tl->date,
	    (int)(t0 / 3600000), (int)(t0 / 60000 % 60),
	    (int)(t0 / 1000 % 60));
	if (t0 % 1000 != 0)
		snprintf(date + n, sizeof date - n, ".%03d", (int)(t0 % 1000));
	json_object_set_new(o, "file", json_array());
	json_object_set_new(o, "type", json_string("LIVE"));
	json_object_set_new(o, "date", json_string(date));
	json_object_set_new(o, "description", json_string(""));
	json_object_set_new(o, "time offset", json_real(0.0));
	json_object_set_new(o, "events", bp_writer_events(&events));
	json_object_set_new(o, "independent_variables", vars);
	json_object_set_new(o, "visualize_spectrogram", json_false());
	json_object_set_new(o, "close_behaviors_between_videos",
	    json_false());
	json_object_set_new(o, "scan_sampling_time", json_integer(0));
	json_object_set_new(o, "media_info", json_pack("{s:{}}", "offset"));
	iv = json_array();
	json_array_append_new(iv, json_real(0.0));
	json_array_append_new(iv, json_real((double)(tl->end - t0) / 1000.0));
	json_object_set_new(o, "observation time interval", iv);
	json_object_set_new(w->observations, id, o);
	free(id);
}

/* {"0": ..., "1": ...} of the keys of set, each made by make. */
static json_t *
bp_writer_list(json_t *set, json_t *(*make)(const char *, size_t, void *),
    void *arg)
{
	json_t		*list = json_object(), *v;
	const char	*key;
	char		 n[32];
	size_t		 i = 0;

	json_object_foreach(set, key, v) {
		snprintf(n, sizeof n, "%zu", i);
		json_object_set_new(list, n, make(key, i, arg));
		i++;
	}
	return list;
}

static json_t *
bp_make_subject(const char *name, size_t i, void *arg)
{
	return json_pack("{s:s, s:s, s:s}", "key", "", "name", name,
	    "description", "");
}

static json_t *
bp_make_variable(const char *label, size_t i, void *arg)
{
	return json_pack("{s:s, s:s, s:s, s:s, s:s}", "label", label,
	    "description", "", "type", "text", "default value", "",
	    "possible values", "");
}

static json_t *
bp_make_behavior(const char *code, size_t i, void *arg)
{
	struct boris_project_writer	*w = arg;
	json_t				*b, *mods, *values, *v;
	const char			*value, *cat;
	char				 n[32], key[2] = { 0, 0 };
	size_t				 d;

	b = json_deep_copy(json_object_get(w->behaviors, code));
	key[0] = i < sizeof BP_KEYS - 1 ? BP_KEYS[i] : '\0';
	json_object_set_new(b, "key", json_string(key));
	mods = json_object();
	cat = bp_string(b, "category");
	for (d = 0; d < BP_NDETAILS &&
	    strcmp(cat, BORIS_PROJECT_PAUSE_CATEGORY) != 0 &&
	    strcmp(cat, BORIS_PROJECT_NOTE_CATEGORY) != 0; d++) {
		values = json_array();
		json_object_foreach(w->values[d], value, v)
			json_array_append_new(values, json_string(value));
		snprintf(n, sizeof n, "%zu", d);
		json_object_set_new(mods, n, json_pack("{s:s, s:i, s:o}",
		    "name", bp_details[d], "type", d == 4 ? 1 : 0, "values",
		    values));
	}
	json_object_set_new(b, "modifiers", mods);
	return b;
}

int
boris_project_writer_save(struct boris_project_writer *w, const char *path,
    struct err *e)
{
	json_t	*root = json_object();
	char	*text, date[32];
	int	 rc;

	snprintf(date, sizeof date, "%sT00:00:00", w->first_date[0] != '\0' ?
	    w->first_date : "1970-01-01");
	json_object_set_new(root, "project_format_version",
	    json_string("7.0"));
	json_object_set_new(root, "project_name", json_string("shadowlog"));
	json_object_set_new(root, "project_date", json_string(date));
	json_object_set_new(root, "project_description",
	    json_string("written by shadowlog-analyse"));
	json_object_set_new(root, "time_format", json_string("hh:mm:ss"));
	json_object_set_new(root, "subjects_conf",
	    bp_writer_list(w->subjects, bp_make_subject, w));
	json_object_set_new(root, "behaviors_conf",
	    bp_writer_list(w->behaviors, bp_make_behavior, w));
	json_object_set_new(root, "behavioral_categories", json_array());
	json_object_set_new(root, "coding_map", json_object());
	json_object_set_new(root, "independent_variables",
	    bp_writer_list(w->variables, bp_make_variable, w));
	json_object_set_new(root, "converters", json_object());
	json_object_set(root, "observations", w->observations);
	text = json_dumps(root, JSON_INDENT(1) | JSON_PRESERVE_ORDER |
	    JSON_REAL_PRECISION(15));
	json_decref(root);
	rc = durable_write(path, text, strlen(text), 1, e);
	free(text);
	return rc;
}
