/*
 * BORIS exports read as timelines: a state's START and STOP rows (or an
 * aggregated STATE row) make an episode of the group named by its code,
 * a POINT a brief contact, time in no state is alone.  Easy to get wrong:
 * nothing read may grow memory without a bound (rows, subjects, an
 * observation), and a mistake is named by its line, since people edit
 * exports by hand.  Numbers go through strtod, so the C locale is assumed.
 */
#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "boris.h"
#include "boris-project.h"
#include "clock.h"
#include "csv.h"
#include "err.h"
#include "hash.h"
#include "record.h"
#include "scheme.h"
#include "text.h"
#include "timeline.h"
#include "xmalloc.h"

#define BORIS_HEAD_LEN	512		/* bytes read to tell the file */
#define BORIS_SHOW_MAX	48		/* bytes of a value in a message */
#define BORIS_LIST_MAX	50		/* subjects named in a message */
#define BORIS_MAX_SECONDS 1e9		/* any time or duration */
#define BORIS_KEYS	"abcdefghijklmnoprstuvwxyz0123456789"
/* The group index a project's pauses pair under, and its notes' */
#define BORIS_PAUSE	BORIS_MAX_GROUPS
#define BORIS_NOTE	(-2)
#define BORIS_BOM	"\xef\xbb\xbf"

enum boris_column {
	COL_OBSERVATION, COL_DATE, COL_SUBJECT, COL_BEHAVIOR, COL_TYPE,
	COL_TIME, COL_START, COL_STOP, COL_DURATION,
	/* the observation's length, in the order they are tried */
	COL_OBS_DURATION, COL_CODING_DURATION, COL_TOTAL_LENGTH,
	COL_MEDIA_DURATION,
	COL_N
};

static const char *const boris_columns[COL_N] = {
	"Observation id", "Observation date", "Subject", "Behavior",
	"Behavior type", "Time", "Start (s)", "Stop (s)", "Duration (s)",
	"Observation duration", "Coding duration", "Total length",
	"Media duration (s)"
};

enum boris_type {
	TYPE_START, TYPE_STOP, TYPE_POINT, TYPE_STATE
};

static const char *const boris_types[] = { "START", "STOP", "POINT", "STATE" };

/* The colours scheme.c gives groups, in the same order. */
static const char *const boris_palette[] = {
	"#0072B2", "#E69F00", "#009E73", "#CC79A7", "#D55E00", "#56B4E9",
	"#F0E442", "#882255", "#44AA99", "#999933", "#AA4499", "#332288",
	"#117733", "#88CCEE", "#DDCC77", "#661100", "#6699CC", "#AA4466",
};
#define BORIS_NPALETTE (sizeof boris_palette / sizeof boris_palette[0])

/* One row, parsed; strings point into the row reader (or pending_buf). */
struct boris_row {
	size_t		 line;
	const char	*observation;
	const char	*date;
	const char	*subject;	/* "" for no focal subject */
	const char	*behavior;
	enum boris_type	 type;
	int64_t		 start;		/* ms from the observation's start */
	int64_t		 stop;		/* == start but for STATE */
	int64_t		 duration;	/* the observation's; -1 if not given */
	size_t		 obs;		/* a project's observation index */
	int		 role;		/* a project's: enum boris_project_role */
};

struct boris_bout {
	int64_t		 start;
	int64_t		 stop;
	int		 group;
	size_t		 line;		/* its START (or STATE) row */
	size_t		 stop_line;
};

struct boris_point {
	int64_t		 t;
	int		 group;
	size_t		 line;
};

struct boris_subject {
	char			*name;		/* BORIS_NO_FOCAL for "" */
	struct boris_bout	*bouts;
	size_t			 nbouts;
	size_t			 bouts_size;
	struct boris_point	*points;
	size_t			 npoints;
	size_t			 points_size;
	int64_t			 open_at[BORIS_MAX_GROUPS + 1]; /* and a pause */
	size_t			 open_line[BORIS_MAX_GROUPS + 1]; /* 0: not open */
};

/* What the checks of the whole file gather as the rows go by. */
struct boris_scan {
	char			*names[BORIS_LIST_MAX];	/* subjects */
	size_t			 nnames;
	int			 more_names;
	int			 found;
	struct hash		 seen;		/* into ids, by hash */
	char			**ids;		/* observations met */
	size_t			 nids;
	char			*current;
};

struct boris_reader {
	char			*path;
	int			 fd;
	struct boris_project	*project;	/* a project, not an export */
	size_t			 next_row;	/* the project's next event */
	size_t			 obs_index;
	int			 tsv;
	int			 aggregated;
	int			 col[COL_N];	/* field index, or -1 */
	size_t			 ncolumns;
	char			*subject;	/* the one wanted, or NULL */
	struct scheme		*scheme;
	struct csv_reader	*csv;		/* the rows, TSV or CSV */

	int			 have_pending;	/* first row of the next one */
	struct boris_row	 pending;
	char			*pending_buf;

	char			*obs_id;	/* the observation being read */
	size_t			 obs_line;
	char			 date[CLOCK_DATE_LEN];
	int64_t			 clock0;	/* clock ms of time 0 */
	int64_t			 duration;	/* -1 if not given */
	int64_t			 last;		/* latest time in it */
	int64_t			 last_time;	/* the previous row's */
	size_t			 last_line;
	struct boris_subject	*subjects;
	size_t			 nsubjects;
	size_t			 subjects_size;
	struct hash		 index;		/* of subjects, by name */
	size_t			 bytes;
	size_t			 next_subject;	/* the next one handed on */
	int			 spent;
	int			 row_failed;	/* a row broke a rule of the
						   whole file: told as is */
	struct boris_scan	 scan;
};

/* ---- small helpers ---- */

/* Sets e's line: a row's line in an export; a project's rows are events,
 * not lines, so none there. */
static int
boris_err_line(const struct boris_reader *r, struct err *e, size_t line)
{
	return err_line(e, r->project != NULL ? 0 : (int64_t)line);
}

static char *
boris_show(const char *s)
{
	return text_show(s, strlen(s), BORIS_SHOW_MAX);
}

/* Sets e to ERR_DATA "what 'value'" with the value made safe (no place:
 * the caller knows the line); returns -1. */
static int
boris_bad_value(struct err *e, const char *what, const char *value)
{
	char	*shown = boris_show(value);

	err_set(e, ERR_DATA, "%s '%s'", what, shown);
	free(shown);
	return -1;
}

/* Seconds with three decimals, as BORIS prints them. */
static void
boris_secs(int64_t ms, char buf[32])
{
	snprintf(buf, 32, "%s%" PRId64 ".%03d", ms < 0 ? "-" : "",
	    (ms < 0 ? -ms : ms) / 1000, (int)((ms < 0 ? -ms : ms) % 1000));
}

static const char *
boris_subject_name(const char *s)
{
	return *s == '\0' ? BORIS_NO_FOCAL : s;
}

/* ---- telling a BORIS export ---- */

/* Where the field after a first column "Observation id" starts (the
 * separator in *sep), or 0 if the bytes do not begin so. */
static size_t
boris_first_column(const char *buf, size_t len, char *sep)
{
	static const char	 name[] = "Observation id";
	size_t			 i = 0, n = sizeof name - 1;
	int			 quoted;

	if (len >= 3 && memcmp(buf, BORIS_BOM, 3) == 0)
		i = 3;
	if ((quoted = i < len && buf[i] == '"'))
		i++;
	if (len - i < n || strncasecmp(buf + i, name, n) != 0)
		return 0;
	i += n;
	if (quoted) {
		if (i >= len || buf[i] != '"')
			return 0;
		i++;
	}
	if (i >= len || (buf[i] != '\t' && buf[i] != ','))
		return 0;
	*sep = buf[i];
	return i + 1;
}

int
boris_sniff(const char *buf, size_t len)
{
	static const char	 type[] = "Behavior type";
	const char		*nl;
	size_t			 i, n = sizeof type - 1, end;
	char			 sep;

	if (boris_first_column(buf, len, &sep) == 0)
		return 0;
	if ((nl = memchr(buf, '\n', len)) == NULL)
		return 1;	/* a long first line: boris_open tells */
	end = (size_t)(nl - buf);
	for (i = 0; i + n <= end; i++) {
		if (strncasecmp(buf + i, type, n) == 0)
			return 1;
	}
	return -1;
}

/* ---- rows ---- */

/* The next row that is not blank: CSV_ROW, CSV_EOF, or CSV_ERR with e
 * (its line set, not its file). */
static int
boris_rows_read(struct csv_reader *csv, char ***f, size_t *nf,
    struct err *e)
{
	int	n;

	do
		n = csv_read(csv, f, nf, e);
	while (n == CSV_ROW && *nf == 1 && (*f)[0][0] == '\0');
	return n;
}

/* ---- the header and one row ---- */

/* Whether a header field names column (ignoring case and blanks round). */
static int
boris_same_column(const char *field, const char *column)
{
	size_t	len;

	while (*field == ' ')
		field++;
	len = strlen(field);
	while (len > 0 && field[len - 1] == ' ')
		len--;
	return len == strlen(column) && strncasecmp(field, column, len) == 0;
}

static int
boris_map_columns(struct boris_reader *r, char **f, size_t nf, struct err *e)
{
	static const int	 required[] = { COL_OBSERVATION, COL_SUBJECT,
	    COL_BEHAVIOR, COL_TYPE };
	size_t			 i;
	int			 c;

	for (c = 0; c < COL_N; c++)
		r->col[c] = -1;
	for (i = 0; i < nf; i++) {
		for (c = 0; c < COL_N; c++) {
			if (r->col[c] == -1 &&
			    boris_same_column(f[i], boris_columns[c]))
				r->col[c] = (int)i;
		}
	}
	r->ncolumns = nf;
	for (i = 0; i < sizeof required / sizeof required[0]; i++) {
		if (r->col[required[i]] == -1)
			return err_set(e, ERR_DATA, "no column '%s': not a "
			    "BORIS events export (tabular or aggregated)",
			    boris_columns[required[i]]);
	}
	r->aggregated = r->col[COL_START] != -1 && r->col[COL_STOP] != -1;
	if (!r->aggregated && r->col[COL_TIME] == -1)
		return err_set(e, ERR_DATA, "no column 'Time' (a tabular "
		    "export) nor 'Start (s)' and 'Stop (s)' (an aggregated "
		    "export)");
	return 0;
}

/* A subject or observation id: UTF-8 with no controls, of bounded size. */
static int
boris_check_text(const char *what, const char *s, struct err *e)
{
	const unsigned char	*p = (const unsigned char *)s;
	size_t			 len = strlen(s), i, n;
	char			*prefix;

	if (len > RECORD_MAX_TEXT)
		return err_set(e, ERR_DATA, "%s longer than %d bytes", what,
		    RECORD_MAX_TEXT);
	for (i = 0; i < len; i += n) {
		if ((n = text_utf8_len(p + i, len - i)) == 0 ||
		    text_is_control(p + i, n)) {
			prefix = xasprintf("%s is not printable UTF-8:", what);
			boris_bad_value(e, prefix, s);
			free(prefix);
			return -1;
		}
	}
	return 0;
}

/* Seconds (strtod, rounded to ms): 0, or -1 if not a number >= 0. */
static int
boris_seconds(const char *s, int64_t *ms)
{
	const char	*p;
	char		*end;
	double		 v;

	if (*s == '\0')
		return -1;
	for (p = s; *p != '\0'; p++) {
		if (strchr("0123456789.+-eE", *p) == NULL)
			return -1;
	}
	v = strtod(s, &end);
	if (end == s || *end != '\0' || !isfinite(v) || v < 0 ||
	    v > BORIS_MAX_SECONDS)
		return -1;
	*ms = llround(v * 1000.0);
	return 0;
}

static int
boris_na(const char *s)
{
	return *s == '\0' || strcmp(s, "NA") == 0;
}

/* A time column of the row; NA is an error. */
static int
boris_time_field(const char *column, const char *s, int64_t *ms,
    struct err *e)
{
	char	*what;

	if (boris_seconds(s, ms) == 0)
		return 0;
	what = xasprintf("%s is not a number of seconds from the start of "
	    "the observation:", column);
	boris_bad_value(e, what, s);
	free(what);
	return -1;
}

/*
 * "Media duration (s)": media files joined by ';' (played one after the
 * other, so added) and players by '|' (side by side: the longest).  1 with
 * *ms, 0 when a part is NA, -1 with e when a part is not a number.
 */
static int
boris_media_duration(const char *s, int64_t *ms, struct err *e)
{
	char	*copy = xstrdup(s), *player, *part, *p1, *p2;
	int64_t	 sum, v, best = 0;
	int	 n = 1;

	for (player = strtok_r(copy, "|", &p1); player != NULL && n == 1;
	    player = strtok_r(NULL, "|", &p1)) {
		sum = 0;
		for (part = strtok_r(player, ";", &p2); part != NULL;
		    part = strtok_r(NULL, ";", &p2)) {
			if (strcmp(part, "NA") == 0) {
				n = 0;
				break;
			}
			if (boris_seconds(part, &v) != 0) {
				n = boris_bad_value(e, "Media duration (s) "
				    "is not seconds:", s);
				break;
			}
			sum += v;
		}
		if (sum > best)
			best = sum;
	}
	free(copy);
	if (n == 1)
		*ms = best;
	return n;
}

/* The observation's length from the first of its columns with a value;
 * -1 in *ms if none has one. */
static int
boris_obs_duration(const struct boris_reader *r, char **f, int64_t *ms,
    struct err *e)
{
	const char	*s;
	char		*what;
	int		 c, n;

	*ms = -1;
	for (c = COL_OBS_DURATION; c < COL_N; c++) {
		if (r->col[c] == -1 || boris_na(s = f[r->col[c]]))
			continue;
		if (c == COL_MEDIA_DURATION) {
			if ((n = boris_media_duration(s, ms, e)) != 0)
				return n == 1 ? 0 : -1;
			continue;
		}
		if (boris_seconds(s, ms) != 0) {
			what = xasprintf("%s is not seconds:",
			    boris_columns[c]);
			boris_bad_value(e, what, s);
			free(what);
			return -1;
		}
		return 0;
	}
	return 0;
}

static int
boris_parse_type(const struct boris_reader *r, const char *s,
    enum boris_type *type, struct err *e)
{
	size_t	i;

	for (i = 0; i < sizeof boris_types / sizeof boris_types[0]; i++) {
		if (strcasecmp(s, boris_types[i]) == 0)
			break;
	}
	if (r->aggregated && (i == TYPE_STATE || i == TYPE_POINT)) {
		*type = (enum boris_type)i;
		return 0;
	}
	if (!r->aggregated && i <= TYPE_POINT) {
		*type = (enum boris_type)i;
		return 0;
	}
	return boris_bad_value(e, r->aggregated ? "Behavior type is STATE "
	    "or POINT in an aggregated export, not" : "Behavior type is "
	    "START, STOP or POINT in a tabular export, not", s);
}

/* The times of an aggregated row: Start (s), Stop (s) and Duration (s). */
static int
boris_parse_bout(const struct boris_reader *r, char **f,
    struct boris_row *row, struct err *e)
{
	const char	*stop = f[r->col[COL_STOP]];
	char		 a[32], b[32];
	int64_t		 d;

	if (boris_time_field("Start (s)", f[r->col[COL_START]], &row->start,
	    e) != 0)
		return -1;
	if (row->type == TYPE_POINT && boris_na(stop)) {
		row->stop = row->start;
		return 0;
	}
	if (boris_time_field("Stop (s)", stop, &row->stop, e) != 0)
		return -1;
	boris_secs(row->start, a);
	boris_secs(row->stop, b);
	if (row->type == TYPE_POINT) {
		if (row->stop != row->start)
			return err_set(e, ERR_DATA, "a POINT is an instant: "
			    "Stop (s) %s should be its Start (s) %s", b, a);
		return 0;
	}
	if (row->stop < row->start)
		return err_set(e, ERR_DATA, "Stop (s) %s is before Start (s) "
		    "%s", b, a);
	if (r->col[COL_DURATION] == -1 || boris_na(f[r->col[COL_DURATION]]))
		return 0;
	if (boris_seconds(f[r->col[COL_DURATION]], &d) != 0)
		return boris_bad_value(e, "Duration (s) is not seconds:",
		    f[r->col[COL_DURATION]]);
	/* each of the three was rounded to 3 decimals on its own */
	if (llabs(d - (row->stop - row->start)) > 1)
		return err_set(e, ERR_DATA, "Duration (s) %s is not Stop (s) "
		    "%s minus Start (s) %s", f[r->col[COL_DURATION]], b, a);
	return 0;
}

/* Parses the row of nf fields f into row; -1 with e (no place). */
static int
boris_parse_row(const struct boris_reader *r, char **f, size_t nf,
    struct boris_row *row, struct err *e)
{
	memset(row, 0, sizeof *row);
	if (nf != r->ncolumns)
		return err_set(e, ERR_DATA, "%zu field%s, want %zu as the "
		    "header has", nf, nf == 1 ? "" : "s", r->ncolumns);
	row->observation = f[r->col[COL_OBSERVATION]];
	row->date = r->col[COL_DATE] != -1 ? f[r->col[COL_DATE]] : "";
	row->subject = f[r->col[COL_SUBJECT]];
	row->behavior = f[r->col[COL_BEHAVIOR]];
	if (*row->observation == '\0')
		return err_set(e, ERR_DATA, "no Observation id");
	if (boris_check_text("Observation id", row->observation, e) != 0 ||
	    boris_check_text("Subject", row->subject, e) != 0 ||
	    boris_parse_type(r, f[r->col[COL_TYPE]], &row->type, e) != 0)
		return -1;
	if (r->aggregated) {
		if (boris_parse_bout(r, f, row, e) != 0)
			return -1;
	} else {
		if (boris_time_field("Time", f[r->col[COL_TIME]], &row->start,
		    e) != 0)
			return -1;
		row->stop = row->start;
	}
	return boris_obs_duration(r, f, &row->duration, e);
}

/* ---- the first reading: behaviours, subjects, observations ---- */

/* A behaviour code as a group name (the rules scheme.c applies). */
static int
boris_check_code(const char *code, struct err *e)
{
	const unsigned char	*p = (const unsigned char *)code;
	size_t			 len = strlen(code), i, n;

	if (len == 0)
		return err_set(e, ERR_DATA, "no Behavior code");
	if (len > SCHEME_MAX_NAME)
		return err_set(e, ERR_DATA, "Behavior code longer than %d "
		    "bytes", SCHEME_MAX_NAME);
	for (i = 0; i < len; i += n) {
		if ((n = text_utf8_len(p + i, len - i)) == 0 ||
		    text_is_control(p + i, n))
			return boris_bad_value(e, "Behavior code is not "
			    "printable UTF-8:", code);
	}
	if (strcasecmp(code, SCHEME_ALONE) == 0)
		return err_set(e, ERR_DATA, "Behavior code '%s': shadowlog "
		    "keeps that name for time in no state", code);
	return 0;
}

/* Adds a behaviour met for the first time to the scheme as a group: in
 * order of first appearance, so a group's index never changes. */
static int
boris_scan_group(struct scheme *sc, const char *code, struct err *e)
{
	char	*a, *b;
	size_t	 i;

	for (i = 0; i < sc->ngroups; i++) {
		if (strcmp(sc->groups[i].name, code) == 0)
			return 0;
	}
	if (boris_check_code(code, e) != 0)
		return -1;
	for (i = 0; i < sc->ngroups; i++) {
		if (strcasecmp(sc->groups[i].name, code) == 0) {
			a = boris_show(sc->groups[i].name);
			b = boris_show(code);
			err_set(e, ERR_DATA, "behaviours '%s' and '%s' differ "
			    "only in case, which shadowlog's groups cannot "
			    "tell apart", a, b);
			free(a);
			free(b);
			return -1;
		}
	}
	if (sc->ngroups == BORIS_MAX_GROUPS)
		return boris_bad_value(e, "more than 35 behaviours (each "
		    "becomes a group with its own key):", code);
	sc->groups = xreallocarray(sc->groups, sc->ngroups + 1,
	    sizeof *sc->groups);
	memset(&sc->groups[i], 0, sizeof sc->groups[i]);
	sc->groups[i].name = xstrdup(code);
	sc->groups[i].key = BORIS_KEYS[i];
	memcpy(sc->groups[i].colour, boris_palette[i % BORIS_NPALETTE],
	    sizeof sc->groups[i].colour);
	sc->ngroups++;
	return 0;
}

static void
boris_scan_subject(struct boris_scan *sc, const char *wanted,
    const char *subject)
{
	const char	*name = boris_subject_name(subject);
	size_t		 i;

	if (wanted != NULL && strcmp(name, wanted) == 0)
		sc->found = 1;
	for (i = 0; i < sc->nnames; i++) {
		if (strcmp(sc->names[i], name) == 0)
			return;
	}
	if (sc->nnames == BORIS_LIST_MAX)
		sc->more_names = 1;
	else
		sc->names[sc->nnames++] = xstrdup(name);
}

static int
boris_match_seen(void *arg, size_t val)
{
	const struct boris_scan	*sc = arg;

	return strcmp(sc->ids[val], sc->current) == 0;
}

/* Notes an observation's rows beginning; -1 with e if it had rows
 * before. */
static int
boris_scan_observation(struct boris_scan *sc, const char *id, struct err *e)
{
	uint64_t	 h;
	char		*shown;

	if (sc->current != NULL && strcmp(sc->current, id) == 0)
		return 0;
	h = hash_string(id);
	free(sc->current);
	sc->current = xstrdup(id);
	if (hash_find(&sc->seen, h, boris_match_seen, sc) != SIZE_MAX) {
		shown = boris_show(id);
		err_set(e, ERR_DATA, "rows of observation '%s' again after "
		    "other observations (BORIS writes an observation's rows "
		    "together)", shown);
		free(shown);
		return -1;
	}
	sc->ids = xreallocarray(sc->ids, sc->nids + 1, sizeof *sc->ids);
	sc->ids[sc->nids] = xstrdup(id);
	hash_add(&sc->seen, h, sc->nids++);
	return 0;
}

static void
boris_scan_clear(struct boris_scan *sc)
{
	size_t	i;

	for (i = 0; i < sc->nnames; i++)
		free(sc->names[i]);
	for (i = 0; i < sc->nids; i++)
		free(sc->ids[i]);
	free(sc->ids);
	hash_free(&sc->seen);
	free(sc->current);
	memset(sc, 0, sizeof *sc);
}

/* At the end of the file: "PATH: no subject ...", listing the subjects
 * there are, when the one wanted had no rows. */
static int
boris_check_subject(const struct boris_reader *r, struct err *e)
{
	const struct boris_scan	*sc = &r->scan;
	char	*list, *n, *shown, *wanted;
	size_t	 i;

	if (r->subject == NULL || sc->found)
		return 0;
	list = xstrdup("");
	for (i = 0; i < sc->nnames; i++) {
		shown = boris_show(sc->names[i]);
		n = xasprintf("%s%s'%s'", list, i == 0 ? "" : ", ", shown);
		free(shown);
		free(list);
		list = n;
	}
	wanted = boris_show(r->subject);
	if (sc->nnames == 0)
		err_set(e, ERR_DATA, "no subject '%s': the export has no rows",
		    wanted);
	else
		err_set(e, ERR_DATA, "no subject '%s'; the subjects are %s%s",
		    wanted, list, sc->more_names ? ", ..." : "");
	free(wanted);
	free(list);
	return err_file(e, r->path);
}

/* The scheme of a file before its first row: no groups yet; the
 * built-in locations and modes. */
static struct scheme *
boris_new_scheme(void)
{
	struct scheme	*s = scheme_default();
	size_t		 i;

	for (i = 0; i < s->ngroups; i++)
		free(s->groups[i].name);
	free(s->groups);
	s->groups = NULL;
	s->ngroups = 0;
	return s;
}

/* ---- opening, rewinding, closing ---- */

static void
boris_subject_clear(struct boris_subject *s)
{
	free(s->name);
	free(s->bouts);
	free(s->points);
}

/* Forgets the observation being read (not the pending row). */
static void
boris_clear_observation(struct boris_reader *r)
{
	size_t	i;

	for (i = 0; i < r->nsubjects; i++)
		boris_subject_clear(&r->subjects[i]);
	free(r->subjects);
	r->subjects = NULL;
	r->nsubjects = r->subjects_size = r->next_subject = 0;
	hash_free(&r->index);
	free(r->obs_id);
	r->obs_id = NULL;
	r->bytes = 0;
}

static void
boris_clear_pending(struct boris_reader *r)
{
	free(r->pending_buf);
	r->pending_buf = NULL;
	r->have_pending = 0;
}

/* Starts the rows where the descriptor is and reads the header line. */
static int
boris_restart(struct boris_reader *r, struct err *e)
{
	char	**f;
	size_t	  nf;
	int	  n;

	boris_clear_observation(r);
	boris_clear_pending(r);
	boris_scan_clear(&r->scan);
	r->spent = r->row_failed = 0;
	r->next_row = 0;
	if (r->project != NULL)
		return 0;
	csv_reader_free(r->csv);
	r->csv = csv_reader_new(r->fd, r->tsv ? '\t' : ',',
	    r->tsv ? CSV_LINES : CSV_QUOTES);
	n = boris_rows_read(r->csv, &f, &nf, e);
	if (n == CSV_ROW && boris_map_columns(r, f, nf, e) == 0)
		return 0;
	if (n == CSV_EOF) {
		err_set(e, ERR_DATA, "empty file");
		return err_file(e, r->path);
	}
	err_file(e, r->path);
	return err_line(e, 1);
}

/* Reads the project on r's descriptor; its ethogram is the scheme, in
 * order, so every day of it has the same groups. */
static int
boris_open_project(struct boris_reader *r, struct err *e)
{
	const char	*code;
	size_t		 i;

	if (boris_project_load(r->fd, r->path, r->subject, &r->project,
	    e) != 0)
		return -1;
	for (i = 0; (code = boris_project_behavior(r->project, i)) != NULL;
	    i++) {
		if (boris_scan_group(r->scheme, code, e) != 0)
			return err_file(e, r->path);
	}
	return boris_restart(r, e);
}

const char *
boris_warning(const struct boris_reader *r, size_t i)
{
	return r->project != NULL ? boris_project_warning(r->project, i) :
	    NULL;
}

int
boris_open(int fd, const char *name, const char *subject,
    struct boris_reader **rp, struct err *e)
{
	struct boris_reader	*r;
	char			 head[BORIS_HEAD_LEN], sep;
	ssize_t			 n;

	r = xcalloc(1, sizeof *r);
	r->path = xstrdup(name);
	r->fd = fd;
	r->subject = subject != NULL ? xstrdup(subject) : NULL;
	r->scheme = boris_new_scheme();
	/* The separator, from the header's first bytes: pread leaves the
	 * descriptor where the rows start. */
	do
		n = pread(fd, head, sizeof head, 0);
	while (n == -1 && errno == EINTR);
	if (n == -1) {
		err_set(e, ERR_IO, "%s", strerror(errno));
		err_file(e, name);
		goto fail;
	}
	if (boris_project_sniff(head, (size_t)n)) {
		if (boris_open_project(r, e) != 0)
			goto fail;
		*rp = r;
		return 0;
	}
	if (boris_first_column(head, (size_t)n, &sep) == 0) {
		err_set(e, ERR_DATA, "not a BORIS events export: the first "
		    "column must be Observation id");
		err_file(e, name);
		err_line(e, 1);
		goto fail;
	}
	r->tsv = sep == '\t';
	if (boris_restart(r, e) != 0)
		goto fail;
	*rp = r;
	return 0;

fail:
	boris_close(r);
	return -1;
}

int
boris_rewind(struct boris_reader *r, struct err *e)
{
	if (r->project != NULL)
		return boris_restart(r, e);
	if (lseek(r->fd, 0, SEEK_SET) == -1) {
		err_set(e, ERR_IO, "%s", strerror(errno));
		return err_file(e, r->path);
	}
	return boris_restart(r, e);
}

void
boris_rescheme(const struct boris_reader *r, struct timeline *tl)
{
	scheme_free(tl->scheme);
	tl->scheme = scheme_copy(r->scheme);
}

const struct scheme *
boris_scheme(const struct boris_reader *r)
{
	return r->scheme;
}

void
boris_close(struct boris_reader *r)
{
	if (r == NULL)
		return;
	boris_clear_observation(r);
	boris_clear_pending(r);
	boris_scan_clear(&r->scan);
	csv_reader_free(r->csv);
	boris_project_free(r->project);
	scheme_free(r->scheme);
	close(r->fd);
	free(r->subject);
	free(r->path);
	free(r);
}

/* ---- an observation ---- */

/* The next event of a project as a row of a tabular export, with the
 * checks of boris_read_row. */
static int
boris_project_read_row(struct boris_reader *r, struct boris_row *row,
    struct err *e)
{
	static const enum boris_type	 types[] = { TYPE_START, TYPE_STOP,
	    TYPE_POINT };
	const struct boris_project_row	*p;

	if ((p = boris_project_row(r->project, r->next_row)) == NULL)
		return 0;
	memset(row, 0, sizeof *row);
	row->line = ++r->next_row;
	row->observation = p->observation;
	row->date = p->date;
	row->subject = p->subject;
	row->behavior = p->behavior;
	row->type = types[p->type];
	row->start = row->stop = p->time;
	row->duration = p->duration;
	row->obs = p->obs;
	row->role = p->role;
	r->row_failed = 1;
	if (*row->observation == '\0')
		err_set(e, ERR_DATA, "no Observation id");
	else if (boris_check_text("Observation id", row->observation,
	    e) == 0 && boris_check_text("Subject", row->subject, e) == 0 &&
	    boris_scan_observation(&r->scan, row->observation, e) == 0 &&
	    (row->role != BORIS_PROJECT_GROUP ||
	    boris_scan_group(r->scheme, row->behavior, e) == 0)) {
		r->row_failed = 0;
		boris_scan_subject(&r->scan, r->subject, row->subject);
		return 1;
	}
	return err_file(e, r->path);	/* events, not lines: no line */
}

/* Reads and parses the next row, with the checks that take the whole
 * file (an observation's rows together, its behaviours); notes its
 * behaviour and subject.  1 for a row, 0 at the end, -1 with e. */
static int
boris_read_row(struct boris_reader *r, struct boris_row *row, struct err *e)
{
	char	**f;
	size_t	  nf;
	int	  n;

	if (r->project != NULL)
		return boris_project_read_row(r, row, e);
	n = boris_rows_read(r->csv, &f, &nf, e);
	if (n == CSV_EOF)
		return 0;
	r->row_failed = 1;
	if (n == CSV_ERR)
		return err_file(e, r->path);
	if (boris_parse_row(r, f, nf, row, e) == 0 &&
	    boris_scan_observation(&r->scan, row->observation, e) == 0 &&
	    boris_scan_group(r->scheme, row->behavior, e) == 0) {
		r->row_failed = 0;
		boris_scan_subject(&r->scan, r->subject, row->subject);
		row->line = csv_line(r->csv);
		return 1;
	}
	err_file(e, r->path);
	return err_line(e, (int64_t)csv_line(r->csv));
}

int
boris_check_rest(struct boris_reader *r, struct err *e)
{
	struct boris_row	row;
	int			n;

	r->spent = 1;
	boris_clear_pending(r);
	while ((n = boris_read_row(r, &row, e)) == 1)
		continue;
	if (n == -1)
		return -1;
	return boris_check_subject(r, e);
}

/*
 * After a mistake within an observation (e): tells the mistake of the
 * whole file in the rows after it instead, if there is one, as if the
 * whole file had been checked before any observation was read.  Returns
 * -1.
 */
static int
boris_fail(struct boris_reader *r, struct err *e)
{
	struct err	later = ERR_INIT;

	r->spent = 1;
	if (!r->row_failed && boris_check_rest(r, &later) != 0)
		err_move(e, &later);
	err_clear(&later);
	return -1;
}

/* Keeps a row read past the observation's end, with its own strings. */
static void
boris_keep(struct boris_reader *r, const struct boris_row *row)
{
	size_t	a = strlen(row->observation) + 1, b = strlen(row->date) + 1;
	size_t	c = strlen(row->subject) + 1, d = strlen(row->behavior) + 1;
	char	*p;

	boris_clear_pending(r);
	r->pending = *row;
	p = r->pending_buf = xmalloc(a + b + c + d);
	r->pending.observation = memcpy(p, row->observation, a);
	r->pending.date = memcpy(p += a, row->date, b);
	r->pending.subject = memcpy(p += b, row->subject, c);
	r->pending.behavior = memcpy(p += c, row->behavior, d);
	r->have_pending = 1;
}

/* Parses "YYYY-MM-DD[ HH:MM[:SS[.f...]]]" (or T for the space); empty or
 * NA is 1970-01-01 at midnight. */
static int
boris_parse_date(const char *s, char date[CLOCK_DATE_LEN], int64_t *clock0,
    struct err *e)
{
	const char	*given = s;
	char		 hms[16];
	size_t		 n, i;
	int64_t		 frac = 0, scale = 1;

	*clock0 = 0;
	if (boris_na(s)) {
		snprintf(date, CLOCK_DATE_LEN, "1970-01-01");
		return 0;
	}
	if (strlen(s) < 10)
		goto bad;
	memcpy(date, s, 10);
	date[10] = '\0';
	if (clock_parse_date(date, NULL) != 0)
		goto bad;
	s += 10;
	if (*s == '\0')
		return 0;
	if (*s != ' ' && *s != 'T')
		goto bad;
	s++;
	n = strspn(s, "0123456789:");
	if (n == 0 || n >= sizeof hms)
		goto bad;
	memcpy(hms, s, n);
	hms[n] = '\0';
	if (clock_parse_hms(hms, n, clock0, NULL) != 0)
		goto bad;
	if (s[n] == '.') {
		/* a fraction of a second, rounded to the millisecond */
		for (i = n + 1; s[i] >= '0' && s[i] <= '9' && scale < 10000;
		    i++) {
			frac = frac * 10 + (s[i] - '0');
			scale *= 10;
		}
		*clock0 += (frac * 1000 * 10 / scale + 5) / 10;
	}
	return 0;	/* a time zone after it is ignored */

bad:
	return boris_bad_value(e, "Observation date is not YYYY-MM-DD "
	    "HH:MM:SS:", given);
}

/* A subject looked for in the observation's index. */
struct boris_lookup {
	const struct boris_reader	*r;
	const char			*name;
};

static int
boris_match_subject(void *arg, size_t val)
{
	const struct boris_lookup	*l = arg;

	return strcmp(l->r->subjects[val].name, l->name) == 0;
}

/* Adds bytes to the observation's budget; -1 with e past it. */
static int
boris_spend(struct boris_reader *r, size_t bytes, struct err *e)
{
	char	*shown;

	if ((r->bytes += bytes) <= BORIS_MAX_OBSERVATION)
		return 0;
	shown = boris_show(r->obs_id);
	err_set(e, ERR_DATA, "observation '%s' holds more than %d MiB of rows",
	    shown, BORIS_MAX_OBSERVATION / (1024 * 1024));
	free(shown);
	return -1;
}

/* The observation's subject of this name, added if new; NULL with
 * e past the budget. */
static struct boris_subject *
boris_subject(struct boris_reader *r, const char *name, struct err *e)
{
	struct boris_subject	*s;
	struct boris_lookup	 l = { r, name };
	uint64_t		 h = hash_string(name);
	size_t			 slot;

	if ((slot = hash_find(&r->index, h, boris_match_subject, &l)) !=
	    SIZE_MAX)
		return &r->subjects[slot];
	if (boris_spend(r, sizeof *s + strlen(name) + 4 * sizeof h, e) != 0)
		return NULL;
	if (r->nsubjects == r->subjects_size) {
		r->subjects_size = r->subjects_size == 0 ? 8 :
		    r->subjects_size * 2;
		r->subjects = xreallocarray(r->subjects, r->subjects_size,
		    sizeof *r->subjects);
	}
	s = &r->subjects[r->nsubjects];
	memset(s, 0, sizeof *s);
	s->name = xstrdup(name);
	hash_add(&r->index, h, r->nsubjects++);
	return s;
}

static int
boris_add_bout(struct boris_reader *r, struct boris_subject *s,
    const struct boris_bout *b, struct err *e)
{
	if (boris_spend(r, sizeof *b, e) != 0)
		return -1;
	if (s->nbouts == s->bouts_size) {
		s->bouts_size = s->bouts_size == 0 ? 16 : s->bouts_size * 2;
		s->bouts = xreallocarray(s->bouts, s->bouts_size,
		    sizeof *s->bouts);
	}
	s->bouts[s->nbouts++] = *b;
	return 0;
}

static int
boris_add_point(struct boris_reader *r, struct boris_subject *s,
    const struct boris_point *p, struct err *e)
{
	if (boris_spend(r, sizeof *p, e) != 0)
		return -1;
	if (s->npoints == s->points_size) {
		s->points_size = s->points_size == 0 ? 16 :
		    s->points_size * 2;
		s->points = xreallocarray(s->points, s->points_size,
		    sizeof *s->points);
	}
	s->points[s->npoints++] = *p;
	return 0;
}

/* A group's name in a message, or what a project's pause is. */
static const char *
boris_group_label(const struct boris_reader *r, int g)
{
	return g == BORIS_PAUSE ? "pause" : r->scheme->groups[g].name;
}

static int
boris_group(const struct boris_reader *r, const char *code)
{
	size_t	i;

	for (i = 0; i < r->scheme->ngroups; i++) {
		if (strcmp(r->scheme->groups[i].name, code) == 0)
			return (int)i;
	}
	return -1;
}

/* "unpaired START of 'code' for subject 'name' at T" and the rest. */
static int
boris_unpaired(struct err *e, const char *type, const char *code,
    const char *subject, int64_t t, const char *fmt, ...)
    __attribute__((format(printf, 6, 7)));

static int
boris_unpaired(struct err *e, const char *type, const char *code,
    const char *subject, int64_t t, const char *fmt, ...)
{
	va_list	 ap;
	char	*c = boris_show(code), *s = boris_show(subject), *rest;
	char	 at[32];

	va_start(ap, fmt);
	rest = xvasprintf(fmt, ap);
	va_end(ap);
	boris_secs(t, at);
	err_set(e, ERR_DATA, "unpaired %s of '%s' for subject '%s' at %s: %s",
	    type, c, s, at, rest);
	free(rest);
	free(c);
	free(s);
	return -1;
}

/* A START or STOP of a tabular export: pairs it with the last of its
 * behaviour and subject. */
static int
boris_take_event(struct boris_reader *r, struct boris_subject *s, int g,
    const struct boris_row *row, struct err *e)
{
	struct boris_bout	b;
	char			at[32];

	if (row->type == TYPE_START) {
		if (s->open_line[g] != 0) {
			boris_secs(s->open_at[g], at);
			return boris_unpaired(e, "START", row->behavior,
			    s->name, row->start, "it was started at %s on line "
			    "%zu and not stopped", at, s->open_line[g]);
		}
		s->open_at[g] = row->start;
		s->open_line[g] = row->line;
		return 0;
	}
	if (s->open_line[g] == 0)
		return boris_unpaired(e, "STOP", row->behavior, s->name,
		    row->start, "no START of it before");
	b.start = s->open_at[g];
	b.stop = row->start;
	b.group = g;
	b.line = s->open_line[g];
	b.stop_line = row->line;
	s->open_line[g] = 0;
	return boris_add_bout(r, s, &b, e);
}

/* Takes one row of the observation being read; -1 with e (no place). */
static int
boris_take(struct boris_reader *r, const struct boris_row *row,
    struct err *e)
{
	struct boris_subject	*s;
	struct boris_bout	 b;
	struct boris_point	 p;
	const char		*name = boris_subject_name(row->subject);
	char			 a[32], c[32];
	int			 g;

	if (!r->aggregated && r->last_line != 0 && row->start < r->last_time) {
		boris_secs(row->start, a);
		boris_secs(r->last_time, c);
		return err_set(e, ERR_DATA, "Time %s is before %s on line %zu: "
		    "an observation's rows go in time order", a, c,
		    r->last_line);
	}
	r->last_time = row->start;
	r->last_line = row->line;
	if (row->stop > r->last)
		r->last = row->stop;
	if (r->duration == -1)
		r->duration = row->duration;
	if (r->subject != NULL && strcmp(name, r->subject) != 0)
		return 0;
	if ((s = boris_subject(r, name, e)) == NULL)
		return -1;
	g = row->role == BORIS_PROJECT_PAUSE ? BORIS_PAUSE :
	    row->role == BORIS_PROJECT_NOTE ? BORIS_NOTE :
	    boris_group(r, row->behavior);	/* added as it was read */
	switch (row->type) {
	case TYPE_START:
	case TYPE_STOP:
		return boris_take_event(r, s, g, row, e);
	case TYPE_STATE:
		b.start = row->start;
		b.stop = row->stop;
		b.group = g;
		b.line = b.stop_line = row->line;
		return boris_add_bout(r, s, &b, e);
	default:
		p.t = row->start;
		p.group = g;
		p.line = row->line;
		return boris_add_point(r, s, &p, e);
	}
}

static int
boris_cmp_bout(const void *a, const void *b)
{
	const struct boris_bout	*x = a, *y = b;

	if (x->start != y->start)
		return x->start < y->start ? -1 : 1;
	return x->line < y->line ? -1 : x->line > y->line;
}

static int
boris_cmp_point(const void *a, const void *b)
{
	const struct boris_point	*x = a, *y = b;

	if (x->t != y->t)
		return x->t < y->t ? -1 : 1;
	return x->line < y->line ? -1 : x->line > y->line;
}

/* A START left open at the end of the observation (the earliest). */
static int
boris_check_open(struct boris_reader *r, struct err *e)
{
	struct boris_subject	*s, *at_s = NULL;
	size_t			 i, g, at_g = 0;
	char			*obs;

	for (i = 0; i < r->nsubjects; i++) {
		s = &r->subjects[i];
		for (g = 0; g <= BORIS_MAX_GROUPS; g++) {
			if (s->open_line[g] != 0 && (at_s == NULL ||
			    s->open_line[g] < at_s->open_line[at_g])) {
				at_s = s;
				at_g = g;
			}
		}
	}
	if (at_s == NULL)
		return 0;
	obs = boris_show(r->obs_id);
	boris_unpaired(e, "START", boris_group_label(r, (int)at_g),
	    at_s->name, at_s->open_at[at_g], "no STOP before the end of "
	    "observation '%s'", obs);
	err_file(e, r->path);
	boris_err_line(r, e, at_s->open_line[at_g]);
	free(obs);
	return -1;
}

/* Sorts a subject's bouts, dropping those of no length, and checks that
 * none overlaps the one before. */
static int
boris_check_overlaps(struct boris_reader *r, struct boris_subject *s,
    struct err *e)
{
	const struct boris_bout	*a, *b;
	char			*name, *ca, *cb, t1[32], t2[32], t3[32];
	size_t			 i, n = 0;

	for (i = 0; i < s->nbouts; i++) {
		if (s->bouts[i].stop > s->bouts[i].start)
			s->bouts[n++] = s->bouts[i];
	}
	s->nbouts = n;
	if (s->nbouts > 1)
		qsort(s->bouts, s->nbouts, sizeof *s->bouts, boris_cmp_bout);
	if (s->npoints > 1)
		qsort(s->points, s->npoints, sizeof *s->points,
		    boris_cmp_point);
	for (i = 1; i < s->nbouts; i++) {
		a = &s->bouts[i - 1];
		b = &s->bouts[i];
		if (b->start >= a->stop)
			continue;
		name = boris_show(s->name);
		ca = boris_show(boris_group_label(r, a->group));
		cb = boris_show(boris_group_label(r, b->group));
		boris_secs(b->start, t1);
		boris_secs(a->start, t2);
		boris_secs(a->stop, t3);
		err_set(e, ERR_DATA, "overlapping states of subject '%s': "
		    "'%s' starts at %s while '%s' (from %s, line %zu) goes on "
		    "to %s; shadowlog's timeline has one state at a time",
		    name, cb, t1, ca, t2, a->line, t3);
		err_file(e, r->path);
		boris_err_line(r, e, b->line);
		free(name);
		free(ca);
		free(cb);
		return -1;
	}
	return 0;
}

/* Reads the rows of the next observation.  1, 0 at the end, or -1 with
 * e. */
static int
boris_read_observation(struct boris_reader *r, struct err *e)
{
	struct boris_row	 row;
	size_t			 i;
	int			 n;

	if (r->have_pending)
		row = r->pending;
	else if ((n = boris_read_row(r, &row, e)) != 1)
		return n;
	r->obs_id = xstrdup(row.observation);
	r->obs_line = row.line;
	r->obs_index = row.obs;
	r->duration = -1;
	r->last = r->last_time = 0;
	r->last_line = 0;
	if (boris_parse_date(row.date, r->date, &r->clock0, e) != 0 ||
	    boris_take(r, &row, e) != 0)
		goto bad;
	boris_clear_pending(r);
	while ((n = boris_read_row(r, &row, e)) == 1) {
		if (strcmp(row.observation, r->obs_id) != 0) {
			boris_keep(r, &row);
			break;
		}
		if (boris_take(r, &row, e) != 0)
			goto bad;
	}
	if (n == -1)
		return -1;
	if (boris_check_open(r, e) != 0)
		return -1;
	for (i = 0; i < r->nsubjects; i++) {
		if (boris_check_overlaps(r, &r->subjects[i], e) != 0)
			return -1;
	}
	return 1;

bad:
	err_file(e, r->path);
	return boris_err_line(r, e, row.line);
}

/* ---- the timeline of one subject ---- */

struct boris_build {
	const struct boris_reader	*r;
	struct timeline			*tl;
	const struct boris_subject	*s;
	int64_t				 clock0;
	size_t				 next_point;
};

/* Adds item to the timeline, with a project's details of the event on
 * line (none from an export). */
static void
boris_add_item(struct boris_build *bb, struct tl_item *item, size_t line)
{
	if (bb->r->project != NULL && line != 0)
		boris_project_details(bb->r->project, line - 1, bb->tl->scheme,
		    item);
	timeline_add(bb->tl, item);
	free(item->person);
	free(item->where);
	free(item->mode);
	free(item->note);
}

/* Adds the points that come before a stretch starting at t from line. */
static void
boris_points_before(struct boris_build *bb, int64_t t, size_t line, int all)
{
	const struct boris_point	*p;
	struct tl_item			 item;

	for (; bb->next_point < bb->s->npoints; bb->next_point++) {
		p = &bb->s->points[bb->next_point];
		if (!all && (p->t > t || (p->t == t && p->line > line)))
			break;
		memset(&item, 0, sizeof item);
		item.kind = p->group == BORIS_NOTE ? TL_NOTE : TL_BRIEF;
		item.start = item.end = bb->clock0 + p->t;
		item.group = p->group == BORIS_NOTE ? -1 : p->group;
		item.by = RECORD_BY_UNKNOWN;
		boris_add_item(bb, &item, p->line);
	}
}

static void
boris_stretch(struct boris_build *bb, enum tl_kind kind, int group,
    int64_t start, int64_t end, size_t line)
{
	struct tl_item	item;

	boris_points_before(bb, start, line, 0);
	memset(&item, 0, sizeof item);
	item.kind = kind;
	item.start = bb->clock0 + start;
	item.end = bb->clock0 + end;
	item.group = group;
	item.by = RECORD_BY_UNKNOWN;
	boris_add_item(bb, &item, kind == TL_EPISODE ? line : 0);
}

/* Builds the timeline of subject s of the observation read. */
static int
boris_build(struct boris_reader *r, const struct boris_subject *s,
    struct timeline *tl, struct err *e)
{
	struct boris_build	 bb;
	const struct boris_bout	*b;
	int64_t			 end, at = 0;
	size_t			 i, line = 0;
	char			*obs, *name;

	timeline_init(tl, "", s->name, "", r->date, r->scheme);
	if (r->project != NULL)
		boris_project_day(r->project, r->obs_index, tl);
	else
		timeline_add_tag(tl, "observation", r->obs_id);
	end = r->duration > r->last ? r->duration : r->last;
	memset(&bb, 0, sizeof bb);
	bb.r = r;
	bb.tl = tl;
	bb.s = s;
	bb.clock0 = r->clock0;
	for (i = 0; i < s->nbouts; i++) {
		b = &s->bouts[i];
		if (b->start > at)
			boris_stretch(&bb, TL_ALONE, -1, at, b->start, line);
		if (b->group == BORIS_PAUSE)
			boris_stretch(&bb, TL_PAUSE, -1, b->start, b->stop,
			    b->line);
		else
			boris_stretch(&bb, TL_EPISODE, b->group, b->start,
			    b->stop, b->line);
		at = b->stop;
		line = b->stop_line;
	}
	if (end > at)
		boris_stretch(&bb, TL_ALONE, -1, at, end, line);
	boris_points_before(&bb, 0, 0, 1);
	if (end == 0) {
		/* no time at all: the day is the instant its points are at */
		tl->begin = tl->end = r->clock0;
		tl->observed = tl->paused = 0;
		return 0;
	}
	if (timeline_finish(tl, e) == 0)
		return 0;
	if (e->line >= 1)	/* the timeline's row, not the file's line */
		err_prefix(e, "row %lld: ", (long long)e->line);
	obs = boris_show(r->obs_id);
	name = boris_show(s->name);
	err_prefix(e, "observation '%s', subject '%s': ", obs, name);
	err_file(e, r->path);
	boris_err_line(r, e, r->obs_line);
	free(obs);
	free(name);
	timeline_free(tl);
	return -1;
}

int
boris_next(struct boris_reader *r, struct timeline *tl, struct err *e)
{
	int	n;

	while (!r->spent) {
		if (r->next_subject < r->nsubjects) {
			if (boris_build(r, &r->subjects[r->next_subject++], tl,
			    e) == 0)
				return 1;
			return boris_fail(r, e);
		}
		boris_clear_observation(r);
		if ((n = boris_read_observation(r, e)) == 1)
			continue;
		if (n == -1)
			return boris_fail(r, e);
		r->spent = 1;
		if (n == 0 && boris_check_subject(r, e) != 0)
			return -1;
		return n;
	}
	return 0;
}
