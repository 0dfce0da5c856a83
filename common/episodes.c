/*
 * Episodes CSV files read back into timelines, a day at a time, every row
 * checked and any error named by file and line.  Easy to get wrong: the
 * row that ends a day belongs to the next one and must be kept, and
 * nothing read may grow memory without a bound (fields, rows, days).
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "clock.h"
#include "csv.h"
#include "episodes.h"
#include "err.h"
#include "record.h"
#include "scheme.h"
#include "text.h"
#include "timeline.h"
#include "xmalloc.h"

#define EPISODES_SHOW_MAX	48	/* bytes of a value in a message */
#define EPISODES_MAX_WITH	((SCHEME_MAX_NAME + 1) * SCHEME_MAX_GROUPS)

enum episodes_column {
	COL_SCHOOL, COL_HEAD, COL_OBSERVER, COL_DATE, COL_KIND, COL_START,
	COL_END, COL_DURATION, COL_GROUP, COL_BY, COL_PERSON, COL_WHERE,
	COL_MODE, COL_WITH, COL_NOTE, COL_TAGS, COL_DAY_COMMENT,
	COL_CORRECTIONS
};

static const char *const episodes_columns[EPISODES_NCOLUMNS_DAY] = {
	"school", "head", "observer", "date", "kind", "start", "end",
	"duration_s", "group", "by", "person", "where", "mode", "with", "note",
	"tags", "day_comment", "corrections"
};

static const char *const episodes_kinds[] = {
	"episode", "alone", "pause", "brief", "note"
};

/* The columns of the whole day, in order, from COL_TAGS. */
#define EPISODES_NDAY	(EPISODES_NCOLUMNS_DAY - EPISODES_NCOLUMNS)

/* One row, parsed: the day it belongs to and its item (strings owned). */
struct episodes_row {
	size_t		 line;
	char		*school;
	char		*head;
	char		*observer;
	char		 date[CLOCK_DATE_LEN];
	struct tl_item	 item;
	char		*day[EPISODES_NDAY];	/* tags, comment, corrections;
						   NULL when empty */
	size_t		 bytes;		/* what it holds (the day's budget) */
};

struct episodes_reader {
	char			*path;
	int			 fd;
	struct csv_reader	*csv;
	const struct scheme	*scheme;
	size_t			 ncolumns;	/* 15, or 18 and one per
						   dimension column, from the
						   header */
	int			 dimcol[SCHEME_MAX_DIMS]; /* scheme index
						   of each column after 18 */
	int			 have_next;
	struct episodes_row	 next;		/* first row of the next day */
	int			 spent;

	size_t			*lines;		/* the line of each row */
	size_t			 nlines;
	size_t			 lines_size;
	size_t			 bytes;		/* what the day holds */
	int			 stretches;	/* the day has a stretch */
	size_t			 first_line;	/* the day's first row */
	char			*day[EPISODES_NDAY]; /* as its first row has them */
};

const char *
episodes_kind_name(enum tl_kind kind)
{
	if ((size_t)kind >= sizeof episodes_kinds / sizeof episodes_kinds[0])
		return "";
	return episodes_kinds[kind];
}

int
episodes_sniff(const char *buf, size_t len)
{
	const char	*h = EPISODES_HEADER_DAY;
	size_t		 hlen = strlen(h);

	if (len >= 3 && memcmp(buf, "\xef\xbb\xbf", 3) == 0) {
		buf += 3;
		len -= 3;
	}
	if (len < hlen || memcmp(buf, h, hlen) != 0)
		hlen = strlen(h = EPISODES_HEADER);
	if (len >= hlen && memcmp(buf, h, hlen) == 0 &&
	    (len == hlen || buf[hlen] == '\n' ||
	    (buf[hlen] == '\r' && (len == hlen + 1 || buf[hlen + 1] == '\n'))))
		return 1;
	if (len >= 7 && memcmp(buf, "school,", 7) == 0)
		return -1;
	return 0;
}

/* Appends s to o with a backslash before each backslash, ';' and '='. */
static char *
episodes_tag_escape(char *o, const char *s)
{
	for (; *s != '\0'; s++) {
		if (strchr("\\;=", *s) != NULL)
			*o++ = '\\';
		*o++ = *s;
	}
	return o;
}

char *
episodes_tags(const struct timeline *tl)
{
	char	*buf, *o;
	size_t	 i, len = 0;

	if (tl->ntags == 0)
		return NULL;
	for (i = 0; i < tl->ntags; i++)
		len += 2 * (strlen(tl->tag_keys[i]) +
		    strlen(tl->tag_values[i])) + 2;
	o = buf = xmalloc(len + 1);
	for (i = 0; i < tl->ntags; i++) {
		if (i > 0)
			*o++ = ';';
		o = episodes_tag_escape(o, tl->tag_keys[i]);
		*o++ = '=';
		o = episodes_tag_escape(o, tl->tag_values[i]);
	}
	*o = '\0';
	return buf;
}

char *
episodes_corrections(const struct timeline *tl)
{
	char	*buf;
	size_t	 i, len = 0;

	if (tl->ncorrections == 0)
		return NULL;
	for (i = 0; i < tl->ncorrections; i++)
		len += strlen(tl->corrections[i]) + 1;
	buf = xmalloc(len);
	buf[0] = '\0';
	for (i = 0; i < tl->ncorrections; i++) {
		if (i > 0)
			strcat(buf, "\n");
		strcat(buf, tl->corrections[i]);
	}
	return buf;
}

/* Sets e to ERR_DATA "what 'value'" with the value made safe (no place:
 * the caller knows the line); returns -1. */
static int
episodes_bad_value(struct err *e, const char *what, const char *value)
{
	char	*shown = text_show(value, strlen(value), EPISODES_SHOW_MAX);

	err_set(e, ERR_DATA, "%s '%s'", what, shown);
	free(shown);
	return -1;
}

static void
episodes_row_free(struct episodes_row *row)
{
	size_t	i;

	free(row->school);
	free(row->head);
	free(row->observer);
	free(row->item.person);
	free(row->item.where);
	free(row->item.mode);
	free(row->item.note);
	for (i = 0; row->item.dims != NULL && i < SCHEME_MAX_DIMS; i++)
		free(row->item.dims[i]);
	free(row->item.dims);
	for (i = 0; i < EPISODES_NDAY; i++)
		free(row->day[i]);
	memset(row, 0, sizeof *row);
}

static void
episodes_day_free(struct episodes_reader *r)
{
	size_t	i;

	for (i = 0; i < EPISODES_NDAY; i++) {
		free(r->day[i]);
		r->day[i] = NULL;
	}
}

/* A copy of a field, or NULL when it is empty. */
static char *
episodes_optional(const char *s, size_t *bytes)
{
	if (*s == '\0')
		return NULL;
	*bytes += strlen(s) + 1;
	return xstrdup(s);
}

/* Parses "S", "S.m", "S.mm" or "S.mmm" seconds into ms. */
static int
episodes_parse_seconds(const char *s, int64_t *ms)
{
	int64_t	v = 0;
	int	n = 0, frac = 0;

	if (*s < '0' || *s > '9')
		return -1;
	for (; *s >= '0' && *s <= '9'; s++) {
		if (++n > 12)
			return -1;
		v = v * 10 + (*s - '0');
	}
	v *= 1000;
	if (*s == '.') {
		for (s++, n = 0; *s >= '0' && *s <= '9'; s++, n++) {
			if (n == 3)
				return -1;
			frac = frac * 10 + (*s - '0');
		}
		if (n == 0)
			return -1;
		for (; n < 3; n++)
			frac *= 10;
	}
	if (*s != '\0')
		return -1;
	*ms = v + frac;
	return 0;
}

/* A clock time as clock_format_hms writes it: "-" before midnight (a
 * night the clocks went back, shown at the offset at noon).  clock's
 * words are kept, but a time in a file is ERR_DATA, not its ERR_USAGE. */
static int
episodes_parse_time(const char *what, const char *s, int64_t *ms,
    struct err *e)
{
	struct err	why = ERR_INIT;
	int		minus = s[0] == '-';

	if (clock_parse_hms(s + minus, strlen(s + minus), ms, &why) != 0) {
		err_set(e, ERR_DATA, "%s: %s", what, why.msg);
		err_clear(&why);
		return -1;
	}
	if (minus)
		*ms = -*ms;
	return 0;
}

/*
 * Parses the with column: group names of the scheme joined by ';'.  A name
 * may itself hold ';', so at each place the longest name that fits is
 * taken.
 */
static int
episodes_parse_with(const struct scheme *scheme, const char *s,
    uint64_t *with, struct err *e)
{
	char	*name;
	size_t	 i, len, best_len;
	int	 best;

	*with = 0;
	if (*s == '\0')
		return 0;
	for (;;) {
		best = -1;
		best_len = 0;
		for (i = 0; i < scheme->ngroups; i++) {
			len = strlen(scheme->groups[i].name);
			if (len > best_len &&
			    strncasecmp(s, scheme->groups[i].name, len) == 0 &&
			    (s[len] == ';' || s[len] == '\0')) {
				best = (int)i;
				best_len = len;
			}
		}
		if (best == -1) {
			name = xstrndup(s, strcspn(s, ";"));
			episodes_bad_value(e, "with: unknown group", name);
			free(name);
			return -1;
		}
		if (*with & (UINT64_C(1) << best))
			return episodes_bad_value(e, "with: group given "
			    "twice:", scheme->groups[best].name);
		*with |= UINT64_C(1) << best;
		s += best_len;
		if (*s == '\0')
			return 0;
		s++;		/* the ';' */
		if (*s == '\0')
			return err_set(e, ERR_DATA, "with: ends in ';'");
	}
}

/* Checks the lengths of the fields that end up in the timeline. */
static int
episodes_check_lengths(char **f, struct err *e)
{
	static const int text[] = { COL_SCHOOL, COL_HEAD, COL_OBSERVER,
	    COL_PERSON, COL_WHERE, COL_MODE, COL_NOTE };
	size_t	i;

	for (i = 0; i < sizeof text / sizeof text[0]; i++) {
		if (strlen(f[text[i]]) > RECORD_MAX_TEXT)
			return err_set(e, ERR_DATA, "%s: longer than %d bytes",
			    episodes_columns[text[i]], RECORD_MAX_TEXT);
	}
	if (strlen(f[COL_WITH]) > EPISODES_MAX_WITH)
		return err_set(e, ERR_DATA, "with: longer than %d bytes",
		    EPISODES_MAX_WITH);
	return 0;
}

/* The kind, start, end and duration columns. */
static int
episodes_parse_times(char **f, struct tl_item *item, struct err *e)
{
	char	a[CLOCK_HMS_LEN], b[CLOCK_HMS_LEN];
	int64_t	duration;
	size_t	k;

	for (k = 0; k < sizeof episodes_kinds / sizeof episodes_kinds[0]; k++) {
		if (strcmp(f[COL_KIND], episodes_kinds[k]) == 0)
			break;
	}
	if (k == sizeof episodes_kinds / sizeof episodes_kinds[0])
		return episodes_bad_value(e, "kind is episode, alone, "
		    "pause, brief or note, not", f[COL_KIND]);
	item->kind = (enum tl_kind)k;
	if (episodes_parse_time("start", f[COL_START], &item->start,
	    e) != 0 ||
	    episodes_parse_time("end", f[COL_END], &item->end, e) != 0)
		return -1;
	clock_format_hms(item->start, a);
	clock_format_hms(item->end, b);
	if (item->kind == TL_BRIEF || item->kind == TL_NOTE) {
		if (item->end != item->start)
			return err_set(e, ERR_DATA, "a %s is an instant: end "
			    "%s should be its start %s", f[COL_KIND], b, a);
	} else if (item->end <= item->start)
		return err_set(e, ERR_DATA, "end %s is %s start %s", b,
		    item->end == item->start ? "the same as" : "before", a);
	if (f[COL_DURATION][0] != '\0') {
		if (episodes_parse_seconds(f[COL_DURATION], &duration) != 0)
			return episodes_bad_value(e, "duration_s is "
			    "seconds with up to 3 decimals, not",
			    f[COL_DURATION]);
		if (duration != item->end - item->start)
			return episodes_bad_value(e, "duration_s does not "
			    "match start and end:", f[COL_DURATION]);
	}
	return 0;
}

/* The group, by, person, where, mode, with and note columns. */
static int
episodes_parse_fields(const struct scheme *scheme, char **f,
    struct episodes_row *row, struct err *e)
{
	struct tl_item	*item = &row->item;
	int		 interaction;

	interaction = item->kind == TL_EPISODE || item->kind == TL_BRIEF;
	item->group = -1;
	if (interaction) {
		if (strcasecmp(f[COL_GROUP], SCHEME_ALONE) == 0)
			return err_set(e, ERR_DATA, "group alone on a row of "
			    "kind %s (time alone is kind alone)", f[COL_KIND]);
		if ((item->group = scheme_find(scheme, f[COL_GROUP])) == -1)
			return episodes_bad_value(e, f[COL_GROUP][0] ==
			    '\0' ? "no group:" : "unknown group", f[COL_GROUP]);
	} else if (item->kind == TL_ALONE) {
		if (strcmp(f[COL_GROUP], SCHEME_ALONE) != 0 &&
		    f[COL_GROUP][0] != '\0')
			return episodes_bad_value(e, "an alone row's "
			    "group is alone, not", f[COL_GROUP]);
	} else if (f[COL_GROUP][0] != '\0')
		return episodes_bad_value(e, "a pause or note row has "
		    "no group, not", f[COL_GROUP]);
	if (!interaction && (f[COL_BY][0] != '\0' ||
	    f[COL_PERSON][0] != '\0' || f[COL_WHERE][0] != '\0' ||
	    f[COL_MODE][0] != '\0' || f[COL_WITH][0] != '\0'))
		return err_set(e, ERR_DATA, "%s rows have no by, person, "
		    "where, mode or with", f[COL_KIND]);
	/* An episode's note holds the head's comments after review. */
	if (item->kind != TL_NOTE && item->kind != TL_EPISODE &&
	    f[COL_NOTE][0] != '\0')
		return episodes_bad_value(e, "only note and episode rows "
		    "have a note, not", f[COL_NOTE]);
	if (strcmp(f[COL_BY], "head") == 0)
		item->by = RECORD_BY_HEAD;
	else if (strcmp(f[COL_BY], "other") == 0)
		item->by = RECORD_BY_OTHER;
	else if (f[COL_BY][0] == '\0')
		item->by = RECORD_BY_UNKNOWN;
	else
		return episodes_bad_value(e, "by is head, other or empty, "
		    "not", f[COL_BY]);
	if (item->kind == TL_BRIEF && f[COL_WITH][0] != '\0')
		return err_set(e, ERR_DATA, "brief rows have no with (other "
		    "groups present belong to episodes)");
	if (episodes_parse_with(scheme, f[COL_WITH], &item->with, e) != 0)
		return -1;
	if (item->group >= 0 && (item->with & (UINT64_C(1) << item->group)))
		return episodes_bad_value(e, "with names the episode's "
		    "own group", scheme->groups[item->group].name);
	item->person = episodes_optional(f[COL_PERSON], &row->bytes);
	item->where = episodes_optional(f[COL_WHERE], &row->bytes);
	item->mode = episodes_optional(f[COL_MODE], &row->bytes);
	if (item->kind == TL_NOTE ||
	    (item->kind == TL_EPISODE && f[COL_NOTE][0] != '\0')) {
		item->note = xstrdup(f[COL_NOTE]);
		row->bytes += strlen(f[COL_NOTE]) + 1;
	}
	if (item->kind == TL_EPISODE && item->note != NULL)
		item->corrected |= TL_COMMENTED;
	return 0;
}

/* The dimension columns: values of the scheme's dimensions that code
 * the row's kind (episodes and brief contacts, or time alone). */
static int
episodes_parse_dims(const struct episodes_reader *r, char **f, size_t nf,
    struct episodes_row *row, struct err *e)
{
	const struct scheme_dim	*d;
	enum scheme_for		 applies;
	enum tl_kind		 kind = row->item.kind;
	char			*why;
	size_t			 i;

	applies = kind == TL_ALONE ? SCHEME_FOR_ALONE :
	    kind == TL_EPISODE || kind == TL_BRIEF ? SCHEME_FOR_EPISODES : 0;
	for (i = EPISODES_NCOLUMNS_DAY; i < nf; i++) {
		if (f[i][0] == '\0')
			continue;
		d = &r->scheme->dims[r->dimcol[i - EPISODES_NCOLUMNS_DAY]];
		if (!(d->applies & applies))
			return err_set(e, ERR_DATA, "%s rows have no %s",
			    f[COL_KIND], d->name);
		if ((why = scheme_check_dim_value(d, f[i], strlen(f[i]))) !=
		    NULL) {
			err_set(e, ERR_DATA, "%s: %s", d->name, why);
			free(why);
			return -1;
		}
		if (row->item.dims == NULL)
			row->item.dims = xcalloc(SCHEME_MAX_DIMS,
			    sizeof *row->item.dims);
		row->item.dims[r->dimcol[i - EPISODES_NCOLUMNS_DAY]] =
		    episodes_optional(f[i], &row->bytes);
	}
	return 0;
}

/* Parses one row of nf fields into row (emptied first); -1 with e (no
 * place). */
static int
episodes_parse_row(const struct episodes_reader *r, char **f, size_t nf,
    struct episodes_row *row, struct err *e)
{
	const struct scheme	*scheme = r->scheme;
	size_t			 ncolumns = r->ncolumns;
	struct err	why = ERR_INIT;
	size_t	i;

	memset(row, 0, sizeof *row);
	if (nf != ncolumns)
		return err_set(e, ERR_DATA, "%zu field%s, want %zu (%s)", nf,
		    nf == 1 ? "" : "s", ncolumns, ncolumns ==
		    EPISODES_NCOLUMNS ? EPISODES_HEADER : EPISODES_HEADER_DAY);
	for (i = 0; i < nf; i++)
		csv_unescape(f[i]);
	if (episodes_check_lengths(f, e) != 0)
		return -1;
	if (clock_parse_date(f[COL_DATE], &why) != 0) {
		/* clock's words; a date in a file is ERR_DATA */
		err_set(e, ERR_DATA, "date: %s", why.msg);
		err_clear(&why);
		return -1;
	}
	if (episodes_parse_times(f, &row->item, e) != 0 ||
	    episodes_parse_fields(scheme, f, row, e) != 0 ||
	    episodes_parse_dims(r, f, nf, row, e) != 0) {
		episodes_row_free(row);
		return -1;
	}
	for (i = EPISODES_NCOLUMNS; i < nf && i < EPISODES_NCOLUMNS_DAY; i++)
		row->day[i - EPISODES_NCOLUMNS] = episodes_optional(f[i],
		    &row->bytes);
	row->school = xstrdup(f[COL_SCHOOL]);
	row->head = xstrdup(f[COL_HEAD]);
	row->observer = xstrdup(f[COL_OBSERVER]);
	snprintf(row->date, sizeof row->date, "%s", f[COL_DATE]);
	row->bytes += sizeof row->item + strlen(row->school) +
	    strlen(row->head) + strlen(row->observer);
	return 0;
}

static int	episodes_header(struct episodes_reader *, struct err *);

static int
episodes_same_day(const struct timeline *tl, const struct episodes_row *row)
{
	return strcmp(tl->school, row->school) == 0 &&
	    strcmp(tl->head, row->head) == 0 &&
	    strcmp(tl->observer, row->observer) == 0 &&
	    strcmp(tl->date, row->date) == 0;
}

int
episodes_open(int fd, const char *name, const struct scheme *scheme,
    struct episodes_reader **rp, struct err *e)
{
	struct episodes_reader	*r;

	r = xcalloc(1, sizeof *r);
	r->path = xstrdup(name);
	r->fd = fd;
	r->scheme = scheme;
	if (episodes_header(r, e) != 0) {
		episodes_close(r);
		return -1;
	}
	*rp = r;
	return 0;
}

/* Whether a column before column i already holds dimension di. */
static int
episodes_dim_taken(const struct episodes_reader *r, size_t i, int di)
{
	size_t	j;

	for (j = EPISODES_NCOLUMNS_DAY; j < i; j++) {
		if (r->dimcol[j - EPISODES_NCOLUMNS_DAY] == di)
			return 1;
	}
	return 0;
}

/* Reads and checks the header line, from where the descriptor is. */
static int
episodes_header(struct episodes_reader *r, struct err *e)
{
	char	**f;
	size_t	  nf, i;
	int	  n, di;

	episodes_row_free(&r->next);
	r->have_next = 0;
	r->spent = 0;
	csv_reader_free(r->csv);
	r->csv = csv_reader_new(r->fd, ',', CSV_QUOTES);
	n = csv_read(r->csv, &f, &nf, e);
	if (n == CSV_ERR && e->code == ERR_IO) {
		err_line(e, 0);
		return err_file(e, r->path);
	}
	if (n == CSV_ROW && (nf == EPISODES_NCOLUMNS ||
	    (nf >= EPISODES_NCOLUMNS_DAY &&
	    nf - EPISODES_NCOLUMNS_DAY <= r->scheme->ndims))) {
		for (i = 0; i < nf && i < EPISODES_NCOLUMNS_DAY; i++) {
			if (strcmp(f[i], episodes_columns[i]) != 0)
				break;
		}
		for (; i < nf && i >= EPISODES_NCOLUMNS_DAY; i++) {
			if ((di = scheme_find_dim(r->scheme, f[i],
			    strlen(f[i]))) < 0 || episodes_dim_taken(r, i, di))
				break;
			r->dimcol[i - EPISODES_NCOLUMNS_DAY] = di;
		}
		if (i == nf) {
			r->ncolumns = nf;
			return 0;
		}
	}
	err_set(e, ERR_DATA, "not an episodes CSV: the first line must be "
	    "%s, or that and ,tags,day_comment,corrections", EPISODES_HEADER);
	err_file(e, r->path);
	return err_line(e, 1);
}

int
episodes_rewind(struct episodes_reader *r, struct err *e)
{
	if (lseek(r->fd, 0, SEEK_SET) == -1) {
		err_set(e, ERR_IO, "%s", strerror(errno));
		return err_file(e, r->path);
	}
	return episodes_header(r, e);
}

void
episodes_close(struct episodes_reader *r)
{
	if (r == NULL)
		return;
	episodes_row_free(&r->next);
	episodes_day_free(r);
	csv_reader_free(r->csv);
	close(r->fd);
	free(r->lines);
	free(r->path);
	free(r);
}

/*
 * Reads and parses the next row that is not blank into r->next.  1 for a
 * row, 0 at the end, -1 with e.
 */
static int
episodes_read_row(struct episodes_reader *r, struct err *e)
{
	char	**f;
	size_t	  nf;
	int	  n;

	do {
		n = csv_read(r->csv, &f, &nf, e);
	} while (n == CSV_ROW && nf == 1 && f[0][0] == '\0');
	if (n == CSV_EOF)
		return 0;
	if (n == CSV_ERR)
		return err_file(e, r->path);
	if (episodes_parse_row(r, f, nf, &r->next, e) == 0) {
		r->next.line = csv_line(r->csv);
		r->have_next = 1;
		return 1;
	}
	err_file(e, r->path);
	return err_line(e, (int64_t)csv_line(r->csv));
}

/* Adds the tags of a tags cell to the day (see episodes_tags); -1 with
 * e. */
static int
episodes_parse_tags(struct timeline *tl, const char *cell, struct err *e)
{
	const char	*s = cell, *why = NULL;
	char		*key, *value, *o;
	size_t		 i;
	int		 in_value = 0;

	key = xmalloc(strlen(cell) + 1);
	value = xmalloc(strlen(cell) + 1);
	for (o = key; why == NULL; s++) {
		if (*s == '\\') {
			if (s[1] == '\0' || strchr("\\;=", s[1]) == NULL)
				why = "a backslash comes only before \\, ; or =";
			else
				*o++ = *++s;
		} else if (*s == '=' && !in_value) {
			*o = '\0';
			o = value;
			in_value = 1;
		} else if (*s == '=')
			why = "a second = in a tag (an = in a value is \\=)";
		else if (*s == ';' || *s == '\0') {
			*o = '\0';
			if (!in_value || *key == '\0')
				why = "each tag is KEY=VALUE, joined by ;";
			for (i = 0; why == NULL && i < tl->ntags; i++) {
				if (strcmp(tl->tag_keys[i], key) == 0)
					why = "a key given twice";
			}
			if (why != NULL)
				break;
			timeline_add_tag(tl, key, value);
			if (*s == '\0')
				break;
			o = key;
			in_value = 0;
		} else
			*o++ = *s;
	}
	free(key);
	free(value);
	if (why == NULL)
		return 0;
	o = xasprintf("tags: %s:", why);
	episodes_bad_value(e, o, cell);
	free(o);
	return -1;
}

/* Puts the first row's tags, comment and corrections into the day. */
static int
episodes_day_first(struct episodes_reader *r, struct timeline *tl,
    struct err *e)
{
	char	*s, *lf;

	memcpy(r->day, r->next.day, sizeof r->day);
	memset(r->next.day, 0, sizeof r->next.day);
	if (r->day[0] != NULL && episodes_parse_tags(tl, r->day[0], e) != 0)
		return -1;
	if (r->day[1] != NULL)
		tl->comment = xstrdup(r->day[1]);
	for (s = r->day[2]; s != NULL; s = lf == NULL ? NULL : lf + 1) {
		lf = strchr(s, '\n');
		tl->corrections = xreallocarray(tl->corrections,
		    tl->ncorrections + 1, sizeof *tl->corrections);
		tl->corrections[tl->ncorrections++] = lf == NULL ? xstrdup(s) :
		    xstrndup(s, (size_t)(lf - s));
	}
	return 0;
}

/*
 * The day's tags, comment and corrections come from its first row; a later
 * row may leave them empty or repeat them, but not say something else.
 */
static int
episodes_take_day(struct episodes_reader *r, struct timeline *tl,
    struct err *e)
{
	size_t	i;

	if (r->nlines == 0)
		return episodes_day_first(r, tl, e);
	for (i = 0; i < EPISODES_NDAY; i++) {
		if (r->next.day[i] != NULL && (r->day[i] == NULL ||
		    strcmp(r->next.day[i], r->day[i]) != 0))
			return err_set(e, ERR_DATA, "%s differs from the "
			    "day's first row (line %zu)",
			    episodes_columns[COL_TAGS + i], r->first_line);
	}
	return 0;
}

/* Moves r->next into the day; -1 with e (no place) past the day's budget
 * or for a day's column the first row does not have. */
static int
episodes_take(struct episodes_reader *r, struct timeline *tl, struct err *e)
{
	enum tl_kind	kind = r->next.item.kind;

	if ((r->bytes += r->next.bytes + sizeof *r->lines) > EPISODES_MAX_DAY)
		return err_set(e, ERR_DATA, "one day holds more than %d MiB of "
		    "rows", EPISODES_MAX_DAY / (1024 * 1024));
	if (episodes_take_day(r, tl, e) != 0)
		return -1;
	if (r->nlines == r->lines_size) {
		r->lines_size = r->lines_size == 0 ? 256 : r->lines_size * 2;
		r->lines = xreallocarray(r->lines, r->lines_size,
		    sizeof *r->lines);
	}
	r->lines[r->nlines++] = r->next.line;
	if (kind == TL_EPISODE || kind == TL_ALONE || kind == TL_PAUSE)
		r->stretches = 1;
	timeline_add(tl, &r->next.item);
	episodes_row_free(&r->next);
	r->have_next = 0;
	return 0;
}

/*
 * A day with no stretches is one whose every stretch had no length (begun
 * and stopped at once), as a log can hold: its instants come at or after
 * the one instant the day lasted, which is taken to be the first.
 */
static int
episodes_finish_instants(struct episodes_reader *r, struct timeline *tl,
    struct err *e)
{
	const struct tl_item	*it;
	size_t			 i;

	for (i = 0; i < tl->nitems; i++) {
		it = &tl->items[i];
		if (i > 0 && it->start < tl->items[i - 1].start) {
			err_set(e, ERR_DATA, "before the row above: rows go "
			    "in time order");
			err_file(e, r->path);
			return err_line(e, (int64_t)r->lines[i]);
		}
		if (it->kind == TL_BRIEF && it->start != tl->items[0].start) {
			err_set(e, ERR_DATA, "a brief contact in a day with "
			    "no episode, alone or pause rows");
			err_file(e, r->path);
			return err_line(e, (int64_t)r->lines[i]);
		}
	}
	tl->begin = tl->end = tl->items[0].start;
	tl->observed = tl->paused = 0;
	return 0;
}

/*
 * Checks the finished day with the timeline's rules, naming the line of
 * the row at fault ("row N: ..." is the Nth row of the day).
 */
static int
episodes_finish(struct episodes_reader *r, struct timeline *tl,
    struct err *e)
{
	int64_t	 row;

	if (!r->stretches)
		return episodes_finish_instants(r, tl, e);
	if (timeline_finish(tl, e) == 0)
		return 0;
	/* The timeline names its row; the Nth row of the day is a line. */
	if ((row = e->line) >= 1 && (uint64_t)row <= r->nlines)
		err_line(e, (int64_t)r->lines[row - 1]);
	else {
		if (row >= 1)
			err_prefix(e, "row %lld: ", (long long)row);
		err_prefix(e, "in the day starting on this line: ");
		err_line(e, (int64_t)r->lines[0]);
	}
	return err_file(e, r->path);
}

int
episodes_next(struct episodes_reader *r, struct timeline *tl, struct err *e)
{
	int	n;

	if (r->spent)
		return 0;
	if (!r->have_next && (n = episodes_read_row(r, e)) != 1)
		goto done;
	r->nlines = r->bytes = 0;
	r->stretches = 0;
	r->first_line = r->next.line;
	episodes_day_free(r);
	timeline_init(tl, r->next.school, r->next.head, r->next.observer,
	    r->next.date, r->scheme);
	if (episodes_take(r, tl, e) != 0)
		goto bad;
	while ((n = episodes_read_row(r, e)) == 1) {
		if (!episodes_same_day(tl, &r->next))
			break;
		if (episodes_take(r, tl, e) != 0)
			goto bad;
	}
	if (n == -1) {
		timeline_free(tl);
		goto done;
	}
	if (episodes_finish(r, tl, e) != 0) {
		timeline_free(tl);
		n = -1;
		goto done;
	}
	return 1;

bad:
	err_file(e, r->path);
	err_line(e, (int64_t)r->next.line);
	timeline_free(tl);
	n = -1;
done:
	if (n != 1)
		r->spent = 1;
	return n;
}

/* ---- the writer: a day's timeline as rows, what the reader reads back ---- */

const struct table_column episodes_table_columns[EPISODES_NCOLUMNS_DAY] = {
	EPISODES_DAY_COLUMNS(TABLE_IN_DATA),
	{ "kind", NULL, TABLE_IN_DATA, 'l', NULL },
	{ "start", NULL, TABLE_IN_DATA, 'l', NULL },
	{ "end", NULL, TABLE_IN_DATA, 'l', NULL },
	{ "duration_s", NULL, TABLE_IN_DATA, 'r', NULL },
	{ "group", NULL, TABLE_IN_DATA, 'l', NULL },
	{ "by", NULL, TABLE_IN_DATA, 'l', NULL },
	{ "person", NULL, TABLE_IN_DATA, 'l', NULL },
	{ "where", NULL, TABLE_IN_DATA, 'l', NULL },
	{ "mode", NULL, TABLE_IN_DATA, 'l', NULL },
	{ "with", NULL, TABLE_IN_DATA, 'l', NULL },
	{ "note", NULL, TABLE_IN_DATA, 'l', NULL },
	{ "tags", NULL, TABLE_IN_CSV, 'l', NULL },
	{ "day_comment", NULL, TABLE_IN_CSV, 'l', NULL },
	{ "corrections", NULL, TABLE_IN_CSV, 'l', NULL }
};

void
episodes_day_cells(struct table *t, const struct timeline *tl)
{
	table_string(t, tl->school);
	table_string(t, tl->head);
	table_string(t, tl->observer);
	table_string(t, tl->date);
}

const char *
episodes_item_group(const struct timeline *tl, const struct tl_item *it)
{
	switch (it->kind) {
	case TL_EPISODE:
	case TL_BRIEF:
		return timeline_group_name(tl, it->group);
	case TL_ALONE:
		return SCHEME_ALONE;
	default:
		return NULL;
	}
}

/* An empty field is missing (null in JSON). */
static const char *
episodes_or_null(const char *s)
{
	return s == NULL || *s == '\0' ? NULL : s;
}

void
episodes_dim_cells(struct table *t, const struct timeline *tl,
    const struct tl_item *it, size_t from)
{
	const char	*key;
	size_t		 i;
	int		 k;

	for (i = from; i < t->ncols; i++) {
		key = t->cols[i].key;
		k = scheme_find_dim(tl->scheme, key, strlen(key));
		table_string(t, k < 0 ? NULL : timeline_dim(it, (size_t)k));
	}
}

struct table_column *
episodes_columns_with_dims(const struct table_column *base, size_t nbase,
    const struct scheme *s, int in, size_t *n)
{
	struct table_column	*cols;
	size_t			 i;

	*n = nbase + s->ndims;
	cols = xcalloc(*n, sizeof *cols);
	memcpy(cols, base, nbase * sizeof *cols);
	for (i = 0; i < s->ndims; i++) {
		cols[nbase + i].key = s->dims[i].name;
		cols[nbase + i].heading = in == TABLE_IN_DATA ? NULL :
		    s->dims[i].name;
		cols[nbase + i].in = in;
		cols[nbase + i].align = 'l';
		cols[nbase + i].missing = in == TABLE_IN_DATA ? NULL : "-";
	}
	return cols;
}

struct table_column *
episodes_columns_for(const struct scheme *s, size_t *n)
{
	return episodes_columns_with_dims(episodes_table_columns,
	    EPISODES_NCOLUMNS_DAY, s, TABLE_IN_DATA, n);
}

/* One row; tags on every row (the first row's cell owns them), the day's
 * comment and corrections on the first only. */
static void
episodes_row(struct table *t, const struct timeline *tl,
    const struct tl_item *it, char *tags, int first)
{
	episodes_day_cells(t, tl);
	table_word(t, episodes_kind_name(it->kind));
	table_clock(t, it->start);
	table_clock(t, it->end);
	table_ms(t, it->end - it->start);
	table_string(t, episodes_item_group(tl, it));
	table_string(t, episodes_or_null(record_by_name(it->by)));
	table_string(t, episodes_or_null(it->person));
	table_string(t, episodes_or_null(it->where));
	table_string(t, episodes_or_null(it->mode));
	table_take_string(t, timeline_with_names(tl, it->with, ";"));
	table_string(t, it->note);	/* or an episode's comments */
	if (first) {
		table_take_string(t, tags);
		table_string(t, tl->comment);
		table_take_string(t, episodes_corrections(tl));
	} else {
		table_string(t, tags);
		table_string(t, NULL);
		table_string(t, NULL);
	}
	episodes_dim_cells(t, tl, it, EPISODES_NCOLUMNS_DAY);
}

void
episodes_table(struct table *t, const struct timeline *tl)
{
	char	*tags;
	size_t	 i;

	if (tl->nitems == 0)
		return;
	tags = episodes_tags(tl);
	for (i = 0; i < tl->nitems; i++)
		episodes_row(t, tl, &tl->items[i], tags, i == 0);
}

void
episodes_write_header(FILE *f, const struct scheme *s)
{
	struct table_column	*cols;
	size_t			 n;

	cols = episodes_columns_for(s, &n);
	table_csv_header(f, cols, n);
	free(cols);
}

void
episodes_write(FILE *f, const struct timeline *tl, const struct scheme *s)
{
	struct table_column	*cols;
	struct table		 t;
	size_t			 n;

	cols = episodes_columns_for(s, &n);
	table_init(&t, cols, n);
	episodes_table(&t, tl);
	table_csv(f, &t);
	table_free(&t);
	free(cols);
}
