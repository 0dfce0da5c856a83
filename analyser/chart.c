/*
 * The charts: six of a day and the comparison, each a script in plots/
 * fed numbers in data files and strings as quoted gnuplot variables.  A
 * set (a day's charts, or the comparison) is one private directory and
 * one script that draws every chart of the set, "reset session" between
 * them, run by one gnuplot; a gnuplot per core (a worker) draws set after
 * set, and sets are handed back in the order given.  Easy to get wrong: gnuplot leaves a broken file when
 * it fails, so nothing is put in place before the whole set has drawn,
 * and its svg terminal carries state from one chart to the next (see
 * chart_svg_fresh).
 */
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <uv.h>

#include "agreement.h"
#include "chart.h"
#include "clock.h"
#include "compare.h"
#include "durable.h"
#include "format.h"
#include "gnuplot.h"
#include "output.h"
#include "progress.h"
#include "sequence.h"
#include "summary.h"
#include "text.h"
#include "timeline.h"
#include "week.h"
#include "xmalloc.h"

#define CHART_NAME_MAX		24	/* characters of a group's name shown */
#define CHART_TEXT_MAX		40	/* characters of a school shown, ... */
#define CHART_LINE_MAX		200	/* characters of a title line */
#define CHART_ALONE_COLOUR	0xBBBBBB
#define CHART_PATTERN_MINUTES	30	/* bin width of the pattern chart */
#define CHART_HALF_HOUR_MS	1800000
#define CHART_FILE_MAX		(64 << 20)	/* bytes: a bigger chart is
						   refused */
#define CHART_WORKERS_MAX	16	/* gnuplot processes at once */
#define CHART_AHEAD		16	/* sets prepared, not yet started */
#define CHART_SCRIPT		"charts.gp"

static const char *chart_format_exts[] = { "png", "svg", "pdf" };
static const char *chart_names[CHART_NDAY] = {
	"timeline", "groups", "pattern", "lengths", "initiative",
	"transitions"
};

/* A set's data being written: its directory, the gnuplot variables the
 * chart needs beyond the day's, and the first failure. */
struct chart_data {
	const char		*dir;
	struct gnuplot_script	*vars;
	struct err		*e;
};

/* The comparison: the figures (flat in the number of days) and the span
 * of the dates compared, for the chart's title. */
struct chart_compare {
	struct compare	*figures;
	char		 first[11];	/* earliest date, "" before any */
	char		 last[11];	/* latest date */
	uint64_t	 seed;		/* of the bootstrap interval */
};

enum chart_state {
	CHART_QUEUED,		/* data and script written, not started */
	CHART_RUNNING,
	CHART_ENDED		/* gnuplot ended, or the set failed before */
};

/* One set: a day's charts or the comparison, drawn by one worker. */
struct chart_set {
	struct chart_set	*next;
	struct chart_queue	*q;
	enum chart_state	 state;
	int			 day;		/* a day's (else the comparison) */
	int			 dimension;	/* a day's dimension chart, */
	size_t			 dim_index;	/* of this scheme dimension */
	const char		*name;		/* of a set of one chart */
	void			*arg;
	char			*dir;
	size_t			 n;		/* charts: CHART_NDAY or 1 */
	int			 drawn[CHART_NDAY];	/* charts drawn */
	size_t			 retried;	/* times fed again */
	char			*paths[CHART_NDAY];	/* files wanted */
	enum chart_format	 format;
	int			 keep_svg;
	struct err		 e;
};

/* A worker: one gnuplot, started when first needed, drawing one set at a
 * time. */
struct chart_worker {
	struct gnuplot_proc	 gp;
	struct chart_queue	*q;
	struct chart_set	*set;		/* being drawn, or NULL */
};

struct chart_queue {
	uv_loop_t		 loop;
	struct chart_set	*head;		/* in the order given */
	struct chart_set	*tail;
	struct chart_worker	 workers[CHART_WORKERS_MAX];
	size_t			 nworkers;
	size_t			 running;
	size_t			 waiting;	/* sets queued, not started */
	chart_done_fn		*done;
	void			*arg;
	struct progress		*progress;
	size_t			 days_given;
	size_t			 days_done;
	size_t			 days_expected;
	struct err		 stopped;	/* why no more is drawn */
};

typedef int	(*chart_data_fn)(struct chart_data *, const struct timeline *,
		    const struct summary *);

static uint32_t	chart_colour(const char *);
static int	chart_timeline_data(struct chart_data *,
		    const struct timeline *, const struct summary *);
static int	chart_groups_data(struct chart_data *,
		    const struct timeline *, const struct summary *);
static int	chart_pattern_data(struct chart_data *,
		    const struct timeline *, const struct summary *);
static int	chart_lengths_data(struct chart_data *,
		    const struct timeline *, const struct summary *);
static int	chart_initiative_data(struct chart_data *,
		    const struct timeline *, const struct summary *);
static int	chart_transitions_data(struct chart_data *,
		    const struct timeline *, const struct summary *);
static void	chart_day_args(struct chart_data *, const struct timeline *);
static void	chart_group_args(struct chart_data *,
		    const struct timeline *);
static int	chart_compare_data(struct chart_data *,
		    const struct chart_compare *);
static int	chart_dimension_data(struct chart_data *,
		    const struct timeline *, const struct summary *, size_t k);

/* Rows of shares (week_rows) for the week's and the workshop's charts:
 * bars (nbins 0: weekbars.gp) or patterns (weekpattern.gp); the groups'
 * names and colours those of groups. */
struct chart_rows {
	const struct week	*groups;
	const struct week_rows	*rows;
	const char		*heading;
	const char		*who;
	int			 tall_first;	/* a pattern's first row tall */
};

/* Two observers' timelines and their agreement, for the agreement chart. */
struct chart_pair {
	const struct timeline	*a;
	const struct timeline	*b;
	const struct agreement	*ag;
};
static int	chart_agreement_data(struct chart_data *,
		    const struct chart_pair *);
static int	chart_rows_data(struct chart_data *,
		    const struct chart_rows *);
static void	chart_join(char **, const char *);
static void	chart_join_who(char **, const char *, const char *);

static const chart_data_fn chart_writers[CHART_NDAY] = {
	chart_timeline_data, chart_groups_data, chart_pattern_data,
	chart_lengths_data, chart_initiative_data, chart_transitions_data
};

int
chart_parse_format(const char *s, enum chart_format *format)
{
	size_t	i;

	for (i = 0; i < sizeof chart_format_exts / sizeof *chart_format_exts;
	    i++) {
		if (strcmp(s, chart_format_exts[i]) == 0) {
			*format = (enum chart_format)i;
			return 0;
		}
	}
	return -1;
}

const char *
chart_format_ext(enum chart_format format)
{
	return chart_format_exts[format];
}

const char *
chart_name(enum chart_kind chart)
{
	return chart_names[chart];
}

/* The script name of chart k of a set. */
static const char *
chart_set_name(const struct chart_set *set, size_t k)
{
	return set->day ? chart_names[k] : set->name;
}

/* ---- data files ---- */

/* Opens a data file of the set for writing. */
static FILE *
chart_data_open(struct chart_data *d, const char *name)
{
	char	*path;
	FILE	*f;
	int	 fd;

	path = xasprintf("%s/%s", d->dir, name);
	fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (fd == -1 || (f = fdopen(fd, "w")) == NULL) {
		err_set(d->e, ERR_CANTCREAT, "%s", strerror(errno));
		err_file(d->e, path);
		if (fd != -1)
			close(fd);
		free(path);
		return NULL;
	}
	free(path);
	return f;
}

static int
chart_data_close(struct chart_data *d, FILE *f, const char *name)
{
	char	*path;
	int	 failed, error;

	errno = 0;
	failed = ferror(f);
	if (fclose(f) != 0 || failed) {
		error = errno != 0 ? errno : EIO;
		path = xasprintf("%s/%s", d->dir, name);
		err_set(d->e, ERR_CANTCREAT, "%s", strerror(error));
		err_file(d->e, path);
		free(path);
		return -1;
	}
	return 0;
}

/* ---- the script ---- */

/* Adds to sc the drawing of chart name of the set into name.ext: after
 * the first chart a fresh session, then the set's variables (common to
 * its charts, then the chart's own), then the chart's script. */
static void
chart_script_add(struct gnuplot_script *sc, const char *scripts,
    const struct gnuplot_script *common, const struct gnuplot_script *own,
    const char *name, enum chart_format format)
{
	char	*dir;

	if (sc->len > 0)
		gnuplot_cmd(sc, "reset session");
	gnuplot_cmd(sc, "format='%s'", chart_format_ext(format));
	dir = xasprintf("%s/", scripts);
	gnuplot_string(sc, "plots", dir, PATH_MAX);
	free(dir);
	if (common->len > 0)
		gnuplot_cmd(sc, "%.*s", (int)common->len - 1, common->text);
	if (own != NULL && own->len > 0)
		gnuplot_cmd(sc, "%.*s", (int)own->len - 1, own->text);
	gnuplot_cmd(sc, "out='%s.%s'", name, chart_format_ext(format));
	gnuplot_mark(sc, name);
	gnuplot_cmd(sc, "load plots.'%s.gp'", name);
	gnuplot_cmd(sc, "set output");
}

/* The set's SVG charts first (the timeline, with the only fill pattern,
 * first of all: gnuplot numbers patterns per process), then those in
 * another format. */
static void
chart_script(struct chart_set *set, const char *scripts,
    const struct gnuplot_script *common, const struct gnuplot_script *own,
    struct gnuplot_script *sc)
{
	size_t	k;
	int	svg;

	for (svg = 1; svg >= 0; svg--) {
		for (k = 0; k < set->n; k++) {
			if (!set->drawn[k])
				continue;
			if (svg && (set->keep_svg || (set->paths[k] != NULL &&
			    set->format == CHART_SVG)))
				chart_script_add(sc, scripts, common, &own[k],
				    chart_set_name(set, k), CHART_SVG);
			else if (!svg && set->paths[k] != NULL &&
			    set->format != CHART_SVG)
				chart_script_add(sc, scripts, common, &own[k],
				    chart_set_name(set, k), set->format);
		}
	}
}

/* Checks each script the set loads is there. */
static int
chart_scripts_there(const struct chart_set *set, const char *scripts,
    struct err *e)
{
	char	*path;
	size_t	 k;

	for (k = 0; k < set->n; k++) {
		if (!set->drawn[k])
			continue;
		path = xasprintf("%s/%s.gp", scripts, chart_set_name(set, k));
		if (access(path, R_OK) != 0) {
			err_set(e, ERR_UNAVAILABLE, "the chart script is "
			    "missing: %s: %s", path, strerror(errno));
			free(path);
			return -1;
		}
		free(path);
	}
	return 0;
}

/* Writes the set's script beside its data. */
static int
chart_script_write(struct chart_set *set, const struct gnuplot_script *sc)
{
	char	*path;
	FILE	*f;
	int	 fd, rc = 0;

	path = xasprintf("%s/%s", set->dir, CHART_SCRIPT);
	fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (fd == -1 || (f = fdopen(fd, "w")) == NULL) {
		if (fd != -1)
			close(fd);
		rc = -1;
	} else {
		fwrite(sc->text, 1, sc->len, f);
		if (ferror(f))
			rc = -1;
		if (fclose(f) != 0)
			rc = -1;
	}
	if (rc != 0) {
		err_set(&set->e, ERR_CANTCREAT, "%s", strerror(errno));
		err_file(&set->e, path);
	}
	free(path);
	return rc;
}

/* ---- a set ---- */

static struct chart_set *
chart_set_new(const struct chart_want *want, int day, void *arg)
{
	struct chart_set	*set;
	size_t			 k;

	set = xcalloc(1, sizeof *set);
	set->e = (struct err)ERR_INIT;
	set->day = day;
	set->name = "compare";
	set->arg = arg;
	set->n = day ? CHART_NDAY : 1;
	set->format = want->format;
	set->keep_svg = want->keep_svg;
	for (k = 0; k < set->n; k++) {
		if (want->paths[k] != NULL)
			set->paths[k] = xstrdup(want->paths[k]);
		set->drawn[k] = set->keep_svg || set->paths[k] != NULL;
	}
	return set;
}

static void
chart_set_free(struct chart_set *set)
{
	size_t	k;

	gnuplot_dir_remove(set->dir);
	free(set->dir);
	for (k = 0; k < CHART_NDAY; k++)
		free(set->paths[k]);
	err_clear(&set->e);
	free(set);
}

/* What the comparison's bars are, for its heading: "group", or with a
 * dimension "value of NAME". */
static void
chart_compare_what(struct gnuplot_script *v, const struct compare *c)
{
	char	*what;

	what = compare_dimension(c) == NULL ? xstrdup("group") :
	    xasprintf("value of %s", compare_dimension(c));
	gnuplot_string(v, "what", what, CHART_TEXT_MAX);
	free(what);
}

/* Makes the set's directory and script, the data written by fill; the
 * set ends at once (set->e) when any of it fails. */
static void
chart_set_prepare(struct chart_queue *q, struct chart_set *set,
    const struct timeline *tl, const struct summary *s,
    const struct chart_compare *pc, const struct chart_pair *pair,
    const struct chart_rows *rows)
{
	struct gnuplot_script	 common = { 0 }, own[CHART_NDAY];
	struct gnuplot_script	 sc = { 0 };
	struct chart_data	 d;
	char			*scripts = NULL;
	size_t			 k;
	int			 rc = 0;

	memset(own, 0, sizeof own);
	if (q->stopped.code != ERR_OK) {
		err_set(&set->e, q->stopped.code, "%s", q->stopped.msg);
		set->state = CHART_ENDED;
		return;
	}
	if ((scripts = gnuplot_scripts(&set->e)) == NULL ||
	    chart_scripts_there(set, scripts, &set->e) != 0 ||
	    (set->dir = gnuplot_dir_new(&set->e)) == NULL) {
		free(scripts);
		set->state = CHART_ENDED;
		return;
	}
	d.dir = set->dir;
	d.e = &set->e;
	d.vars = &common;
	if (set->day) {
		chart_day_args(&d, tl);
		chart_group_args(&d, tl);
		for (k = 0; k < CHART_NDAY && rc == 0; k++) {
			d.vars = &own[k];
			if (set->drawn[k])
				rc = chart_writers[k](&d, tl, s);
		}
	} else if (set->dimension) {
		chart_day_args(&d, tl);
		rc = chart_dimension_data(&d, tl, s, set->dim_index);
	} else if (pc != NULL) {
		gnuplot_string(&common, "field", compare_field(pc->figures),
		    CHART_TEXT_MAX);
		chart_compare_what(&common, pc->figures);
		rc = chart_compare_data(&d, pc);
	} else if (pair != NULL)
		rc = chart_agreement_data(&d, pair);
	else
		rc = chart_rows_data(&d, rows);
	if (rc == 0) {
		chart_script(set, scripts, &common, own, &sc);
		rc = chart_script_write(set, &sc);
	}
	set->state = rc == 0 ? CHART_QUEUED : CHART_ENDED;
	gnuplot_script_free(&sc);
	gnuplot_script_free(&common);
	for (k = 0; k < CHART_NDAY; k++)
		gnuplot_script_free(&own[k]);
	free(scripts);
}

/* Reads a chart gnuplot drew in the set's directory. */
static int
chart_read(const struct chart_set *set, const char *name,
    enum chart_format format, struct chart_image *img, struct err *e)
{
	struct stat	 sb;
	char		*path;
	FILE		*f;
	int		 rc = -1;

	img->data = NULL;
	img->len = 0;
	path = xasprintf("%s/%s.%s", set->dir, name, chart_format_ext(format));
	if ((f = fopen(path, "rb")) == NULL || fstat(fileno(f), &sb) != 0)
		err_set(e, ERR_CANTCREAT, "%s", strerror(errno));
	else if (sb.st_size > CHART_FILE_MAX)
		err_set(e, ERR_CANTCREAT, "%s", strerror(EFBIG));
	else {
		img->data = xmalloc((size_t)sb.st_size + 1);
		img->len = fread(img->data, 1, (size_t)sb.st_size, f);
		img->data[img->len] = '\0';
		if (ferror(f) || img->len != (size_t)sb.st_size)
			err_set(e, ERR_CANTCREAT, "%s", strerror(EIO));
		else
			rc = 0;
	}
	if (rc != 0) {
		err_file(e, path);
		free(img->data);
		img->data = NULL;
	}
	if (f != NULL)
		fclose(f);
	free(path);
	return rc;
}

/* gnuplot's svg terminal keeps the colour mode its last chart left and
 * writes it into the next chart's first group (the background's), where
 * a chart drawn first by a process has "currentColor".  That is put back,
 * so a chart is the same bytes however many charts one process drew. */
static void
chart_svg_fresh(struct chart_image *img)
{
	static const char	 at[] = "</defs>\n<g fill=\"none\" color=\"";
	const char		*g, *end, *v, *q;
	char			*out;

	if ((g = strstr(img->data, at)) == NULL)
		return;
	g += sizeof at - 1;
	if ((end = strchr(g, '>')) == NULL ||
	    (v = strstr(g, "\" stroke=\"")) == NULL || v > end)
		return;
	v += strlen("\" stroke=\"");
	if ((q = strchr(v, '"')) == NULL || q > end ||
	    (q - v == 12 && memcmp(v, "currentColor", 12) == 0))
		return;
	out = xasprintf("%.*scurrentColor%s", (int)(v - img->data), img->data,
	    q);
	img->len = strlen(out);
	free(img->data);
	img->data = out;
}

/* Says why gnuplot (gp) did not draw the set, from its exit and
 * messages. */
static void
chart_set_failed(struct chart_set *set, const struct gnuplot_proc *gp,
    const char *missing)
{
	char	*chart, *messages;

	gnuplot_errors(gp->dir, &chart, &messages);
	if (missing != NULL) {
		free(chart);
		chart = xstrdup(missing);
	} else if (chart == NULL)
		chart = xstrdup(chart_set_name(set, 0));
	if (gp->signal != 0)
		err_set(&set->e, ERR_SOFTWARE, "gnuplot was killed by signal "
		    "%d drawing the %s chart", gp->signal, chart);
	else
		err_set(&set->e, ERR_SOFTWARE, "gnuplot failed drawing the %s "
		    "chart (exit %d):\n    %s", chart, (int)gp->status,
		    messages);
	free(chart);
	free(messages);
}

/* Checks every chart the set wanted was drawn whole, as gnuplot (gp)
 * ends it: its messages are the set's only until the next set. */
static int
chart_set_check(struct chart_set *set, const struct gnuplot_proc *gp,
    int ended)
{
	struct stat	 sb;
	char		*path;
	size_t		 k;
	int		 fmt, ok;

	if (ended) {
		chart_set_failed(set, gp, NULL);
		return -1;
	}
	for (k = 0; k < set->n; k++) {
		for (fmt = 0; fmt <= CHART_PDF; fmt++) {
			if (!set->drawn[k] || !((set->keep_svg &&
			    fmt == CHART_SVG) || (set->paths[k] != NULL &&
			    (int)set->format == fmt)))
				continue;
			path = xasprintf("%s/%s.%s", set->dir,
			    chart_set_name(set, k), chart_format_exts[fmt]);
			ok = stat(path, &sb) == 0 && sb.st_size > 0;
			free(path);
			if (!ok) {
				chart_set_failed(set, gp,
				    chart_set_name(set, k));
				return -1;
			}
		}
	}
	return 0;
}

/* Reads the set's SVG charts (all of a kept set, else those of an SVG
 * set) and installs the files wanted; -1 with set->e. */
static int
chart_set_install(struct chart_set *set, struct chart_image *svg)
{
	struct chart_image	 img;
	const char		*last = NULL;
	size_t			 k;
	int			 rc = 0;

	for (k = 0; k < set->n && rc == 0; k++) {
		if (!set->drawn[k])
			continue;
		if (set->keep_svg || set->format == CHART_SVG) {
			if ((rc = chart_read(set, chart_set_name(set, k),
			    CHART_SVG, &svg[k], &set->e)) != 0)
				break;
			chart_svg_fresh(&svg[k]);
		}
		if (set->paths[k] == NULL)
			continue;
		if (set->format == CHART_SVG)
			img = svg[k];
		else if ((rc = chart_read(set, chart_set_name(set, k),
		    set->format, &img, &set->e)) != 0)
			break;
		rc = durable_write(set->paths[k], img.data, img.len, 0,
		    &set->e);
		if (img.data != svg[k].data)
			free(img.data);
		last = set->paths[k];
	}
	if (rc == 0 && last != NULL && durable_sync_dir(last) != 0) {
		err_set(&set->e, ERR_CANTCREAT, "syncing its directory: %s",
		    strerror(errno));
		err_file(&set->e, last);
		rc = -1;
	}
	return rc;
}

/* Hands back an ended set: its charts in place, its SVG to the caller. */
static void
chart_set_deliver(struct chart_queue *q, struct chart_set *set)
{
	struct chart_image	svg[CHART_NDAY];
	size_t			k;

	memset(svg, 0, sizeof svg);
	if (set->e.code == ERR_OK)
		chart_set_install(set, svg);
	if (set->day)
		q->days_done++;
	if (q->progress != NULL)
		progress_update(q->progress, q->days_done,
		    q->days_expected > q->days_given ? q->days_expected :
		    q->days_given);
	q->done(q->arg, set->arg, set->e.code == ERR_OK && set->keep_svg ?
	    svg : NULL, set->e.code == ERR_OK ? NULL : &set->e);
	for (k = 0; k < CHART_NDAY; k++)
		free(svg[k].data);
}

/* ---- the queue ---- */

struct chart_queue *
chart_queue_new(chart_done_fn *done, void *arg, struct progress *progress)
{
	struct chart_queue	*q;
	long			 n = sysconf(_SC_NPROCESSORS_ONLN);

	q = xcalloc(1, sizeof *q);
	if (uv_loop_init(&q->loop) != 0)
		abort();
	q->nworkers = n < 1 ? 1 : n > CHART_WORKERS_MAX ? CHART_WORKERS_MAX :
	    (size_t)n;
	q->done = done;
	q->arg = arg;
	q->progress = progress;
	q->stopped = (struct err)ERR_INIT;
	return q;
}

void
chart_queue_expect(struct chart_queue *q, size_t days)
{
	q->days_expected = days;
}

/* The set a worker drew: checked now, while gnuplot's messages are the
 * set's (ended: gnuplot ended before saying it was done). */
static void
chart_worker_finish(struct chart_worker *w, int ended)
{
	struct chart_set	*set = w->set;

	w->set = NULL;
	chart_set_check(set, &w->gp, ended);
	set->state = CHART_ENDED;
	w->q->running--;
}

static void
chart_worker_done(struct gnuplot_proc *gp)
{
	struct chart_worker	*w = gp->arg;

	if (w->set != NULL)
		chart_worker_finish(w, 0);
}

/* gnuplot ended: while drawing a set, that set failed; idle, the next set
 * starts another.  One that ended idle may have been fed a set before its
 * end was seen: a set it never began is fed again to another.  That one
 * may have ended idle too, unseen as yet, so a set is fed again up to
 * once a worker, the last time to a gnuplot started for it, whose silence
 * is a real failure. */
static void
chart_worker_exited(struct gnuplot_proc *gp)
{
	struct chart_worker	*w = gp->arg;
	struct chart_set	*set = w->set;

	if (set == NULL)
		return;
	if (set->retried < w->q->nworkers && gnuplot_silent(gp)) {
		set->retried++;
		set->state = CHART_QUEUED;
		w->set = NULL;
		w->q->running--;
		w->q->waiting++;
		return;
	}
	chart_worker_finish(w, 1);
}

/* A worker free for a set: one whose gnuplot is idle, else one with none
 * (not one whose gnuplot is still ending); NULL if none is.  For a set
 * fed again as often as there are workers, only one with none: an idle
 * gnuplot is ended to make one. */
static struct chart_worker *
chart_worker_free(struct chart_queue *q, int fresh)
{
	struct chart_worker	*w;
	size_t			 i;

	for (i = 0; i < q->nworkers && !fresh; i++) {
		w = &q->workers[i];
		if (w->set == NULL && w->gp.live)
			return w;
	}
	for (i = 0; i < q->nworkers; i++) {
		w = &q->workers[i];
		if (w->set == NULL && w->gp.handles == 0)
			return w;
	}
	for (i = 0; i < q->nworkers && fresh; i++) {
		w = &q->workers[i];
		if (w->set == NULL && w->gp.live) {
			gnuplot_end(&w->gp);
			break;
		}
	}
	return NULL;
}

/* Non-zero while a worker's gnuplot is ending: told to (its standard
 * input closed, its exit not seen yet) or exited, its handles closing.
 * Either will call back, so the loop can wait for it rather than spin. */
static int
chart_queue_ending(const struct chart_queue *q)
{
	const struct gnuplot_proc	*gp;
	size_t				 i;

	for (i = 0; i < q->nworkers; i++) {
		gp = &q->workers[i].gp;
		if (gp->handles > 0 && (!gp->live || gp->in == -1))
			return 1;
	}
	return 0;
}

/* Starts queued sets, in order, while a worker is free. */
static void
chart_queue_start(struct chart_queue *q)
{
	struct chart_set	*set;
	struct chart_worker	*w;

	for (set = q->head; set != NULL && q->running < q->nworkers;
	    set = set->next) {
		if (set->state != CHART_QUEUED)
			continue;
		if (q->stopped.code != ERR_OK) {
			q->waiting--;
			err_set(&set->e, q->stopped.code, "%s",
			    q->stopped.msg);
			set->state = CHART_ENDED;
			continue;
		}
		if ((w = chart_worker_free(q, set->retried >= q->nworkers)) ==
		    NULL)
			break;
		q->waiting--;
		if (!w->gp.live) {
			w->q = q;
			w->gp.on_done = chart_worker_done;
			w->gp.on_exit = chart_worker_exited;
			w->gp.arg = w;
			if (gnuplot_start(&q->loop, &w->gp, &set->e) != 0) {
				set->state = CHART_ENDED;
				continue;
			}
		}
		w->set = set;
		set->state = CHART_RUNNING;
		q->running++;
		gnuplot_run(&w->gp, set->dir, CHART_SCRIPT);
	}
}

/* Hands back the ended sets at the head of the queue. */
static void
chart_queue_deliver(struct chart_queue *q)
{
	struct chart_set	*set;

	while ((set = q->head) != NULL && set->state == CHART_ENDED) {
		q->head = set->next;
		if (q->head == NULL)
			q->tail = NULL;
		chart_set_deliver(q, set);
		chart_set_free(set);
	}
}

/* One turn: start what can start, wait for a set to be drawn if block
 * (and one is being drawn), start the next at once (handing back a set
 * writes and syncs files: no core should wait for that), hand back what
 * has ended. */
static void
chart_queue_turn(struct chart_queue *q, int block)
{
	chart_queue_start(q);
	uv_run(&q->loop, block && (q->running > 0 || chart_queue_ending(q)) ?
	    UV_RUN_ONCE : UV_RUN_NOWAIT);
	chart_queue_start(q);
	chart_queue_deliver(q);
	chart_queue_start(q);
}

static void
chart_queue_add(struct chart_queue *q, struct chart_set *set)
{
	set->q = q;
	if (set->state == CHART_QUEUED)
		q->waiting++;
	if (q->tail == NULL)
		q->head = set;
	else
		q->tail->next = set;
	q->tail = set;
	chart_queue_turn(q, 0);
	while (q->waiting > CHART_AHEAD && q->running > 0)
		chart_queue_turn(q, 1);
}

void
chart_queue_day(struct chart_queue *q, const struct timeline *tl,
    const struct summary *given, const struct chart_want *want, void *arg)
{
	struct chart_set	*set = chart_set_new(want, 1, arg);
	struct summary		 own;

	chart_set_prepare(q, set, tl, summary_given(tl, given,
	    SUMMARY_GROUPS, &own), NULL, NULL, NULL);
	summary_free(&own);
	q->days_given++;
	chart_queue_add(q, set);
}

void
chart_queue_dimension(struct chart_queue *q, const struct timeline *tl,
    const struct summary *given, size_t k, const struct chart_want *want,
    void *arg)
{
	struct chart_set	*set = chart_set_new(want, 0, arg);
	struct summary		 own;

	set->name = "dimension";
	set->dimension = 1;
	set->dim_index = k;
	chart_set_prepare(q, set, tl, summary_given(tl, given,
	    SUMMARY_GROUPS, &own), NULL, NULL, NULL);
	summary_free(&own);
	chart_queue_add(q, set);
}

void
chart_queue_compare(struct chart_queue *q, const struct chart_compare *pc,
    const struct chart_want *want, void *arg)
{
	struct chart_set	*set = chart_set_new(want, 0, arg);

	if (compare_days(pc->figures) == 0) {
		err_set(&set->e, ERR_DATA, "no days to compare");
		set->state = CHART_ENDED;
	} else
		chart_set_prepare(q, set, NULL, NULL, pc, NULL, NULL);
	chart_queue_add(q, set);
}

void
chart_queue_stop(struct chart_queue *q, const struct err *why)
{
	if (q->stopped.code != ERR_OK)
		return;
	err_set(&q->stopped, why->code, "%s", why->msg != NULL ? why->msg :
	    "stopped");
}

void
chart_queue_wait(struct chart_queue *q)
{
	size_t	i;

	while (q->head != NULL)
		chart_queue_turn(q, 1);
	/* All drawn: the workers end (another set would start them again). */
	for (i = 0; i < q->nworkers; i++) {
		if (q->workers[i].gp.live)
			gnuplot_end(&q->workers[i].gp);
	}
	if (q->progress != NULL)
		progress_clear(q->progress);
}

void
chart_queue_free(struct chart_queue *q)
{
	if (q == NULL)
		return;
	chart_queue_wait(q);
	uv_run(&q->loop, UV_RUN_DEFAULT);
	if (uv_loop_close(&q->loop) != 0)
		abort();
	err_clear(&q->stopped);
	free(q);
}

/* ---- one chart at once ---- */

static void
chart_once_done(void *arg, void *set, const struct chart_image *svg,
    const struct err *e)
{
	struct err	*out = arg;

	(void)set;
	(void)svg;
	if (e != NULL) {
		err_set(out, e->code, "%s", e->msg);
		if (e->file != NULL)
			err_file(out, e->file);
	}
}

int
chart_draw_day(const struct timeline *tl, const struct summary *s,
    enum chart_kind chart, enum chart_format format, const char *path,
    struct err *e)
{
	struct chart_queue	*q = chart_queue_new(chart_once_done, e, NULL);
	struct chart_want	 want;

	memset(&want, 0, sizeof want);
	want.format = format;
	want.paths[chart] = path;
	err_clear(e);
	chart_queue_day(q, tl, s, &want, NULL);
	chart_queue_free(q);
	return e->code == ERR_OK ? 0 : -1;
}

int
chart_draw_compare(const struct chart_compare *pc, enum chart_format format,
    const char *path, struct err *e)
{
	struct chart_queue	*q = chart_queue_new(chart_once_done, e, NULL);
	struct chart_want	 want;

	memset(&want, 0, sizeof want);
	want.format = format;
	want.paths[0] = path;
	err_clear(e);
	chart_queue_compare(q, pc, &want, NULL);
	chart_queue_free(q);
	return e->code == ERR_OK ? 0 : -1;
}

/* Keeps the agreement chart's SVG (chart_draw_agreement). */
struct chart_kept {
	struct err		*e;
	struct chart_image	*svg;
};

static void
chart_keep_done(void *arg, void *set, const struct chart_image *svg,
    const struct err *e)
{
	struct chart_kept	*k = arg;

	chart_once_done(k->e, set, svg, e);
	if (e == NULL && k->svg != NULL && svg != NULL) {
		k->svg->data = xmalloc(svg[0].len + 1);
		memcpy(k->svg->data, svg[0].data, svg[0].len + 1);
		k->svg->len = svg[0].len;
	}
}

int
chart_draw_agreement(const struct timeline *a, const struct timeline *b,
    const struct agreement *ag, enum chart_format format, const char *path,
    struct chart_image *svg, struct err *e)
{
	struct chart_kept	 k = { e, svg };
	struct chart_queue	*q = chart_queue_new(chart_keep_done, &k, NULL);
	struct chart_pair	 pair = { a, b, ag };
	struct chart_want	 want;
	struct chart_set	*set;

	memset(&want, 0, sizeof want);
	want.format = format;
	want.paths[0] = path;
	want.keep_svg = svg != NULL;
	if (svg != NULL)
		svg->data = NULL;
	err_clear(e);
	set = chart_set_new(&want, 0, NULL);
	set->name = "agreement";
	chart_set_prepare(q, set, NULL, NULL, NULL, &pair, NULL);
	chart_queue_add(q, set);
	chart_queue_free(q);
	return e->code == ERR_OK ? 0 : -1;
}

/* Draws the rows into path at once; -1 with e. */
static int
chart_draw_rows(const struct chart_rows *rows, enum chart_format format,
    const char *path, struct err *e)
{
	struct chart_queue	*q = chart_queue_new(chart_once_done, e, NULL);
	struct chart_want	 want;
	struct chart_set	*set;

	memset(&want, 0, sizeof want);
	want.format = format;
	want.paths[0] = path;
	err_clear(e);
	set = chart_set_new(&want, 0, NULL);
	set->name = rows->rows->nbins > 0 ? "weekpattern" : "weekbars";
	chart_set_prepare(q, set, NULL, NULL, NULL, NULL, rows);
	chart_queue_add(q, set);
	chart_queue_free(q);
	return e->code == ERR_OK ? 0 : -1;
}

/* The week's title line: "Oak School · head Ann Head · 3 days from
 * 2026-11-16 to 2026-11-18". */
static char *
chart_week_who(const struct week *w)
{
	char	*line = NULL, *part;

	chart_join_who(&line, w->school, w->head);
	part = xasprintf("%zu days from %s to %s", w->ndays, w->days[0].date,
	    w->days[w->ndays - 1].date);
	chart_join(&line, part);
	free(part);
	return line;
}

int
chart_draw_week(const struct week *w, enum chart_format format,
    const char *bars, const char *pattern, struct err *e)
{
	struct chart_rows	c;
	struct week_rows	rows;
	char			*who = chart_week_who(w);
	int			 rc = 0;

	c.groups = w;
	c.rows = &rows;
	c.who = who;
	week_rows_days(w, &rows);
	c.heading = "The days side by side: share of the observed time";
	c.tall_first = 0;
	if (bars != NULL)
		rc = chart_draw_rows(&c, format, bars, e);
	week_rows_free(&rows);
	week_rows_pattern(w, "the week", &rows);
	c.heading = "The pattern over the day: the week, then each day";
	c.tall_first = 1;
	if (rc == 0 && pattern != NULL && rows.n > 0)
		rc = chart_draw_rows(&c, format, pattern, e);
	week_rows_free(&rows);
	free(who);
	return rc;
}

int
chart_draw_workshop(const struct week_workshop *ws, const char *const *labels,
    enum chart_format format, const char *bars, const char *pattern,
    struct err *e)
{
	struct chart_rows	c;
	struct week_rows	rows;
	char			*who;
	size_t			h, days = 0;
	int			rc = 0;

	for (h = 0; h < ws->nheads; h++)
		days += ws->heads[h].ndays;
	who = xasprintf("%zu heads, %zu days observed; each over all their "
	    "days", ws->nheads, days);
	c.groups = &ws->heads[0];
	c.rows = &rows;
	c.who = who;
	c.tall_first = 0;
	week_workshop_rows(ws, labels, 0, &rows);
	c.heading = "The heads side by side: share of the observed time";
	if (bars != NULL)
		rc = chart_draw_rows(&c, format, bars, e);
	week_rows_free(&rows);
	week_workshop_rows(ws, labels, 1, &rows);
	c.heading = "Each head's pattern over the day";
	if (rc == 0 && pattern != NULL && rows.n > 0)
		rc = chart_draw_rows(&c, format, pattern, e);
	week_rows_free(&rows);
	free(who);
	return rc;
}

/* ---- the data of the charts ---- */

/* "#rrggbb" as a number; grey if it is not one. */
static uint32_t
chart_colour(const char *s)
{
	char		*end;
	unsigned long	 v;

	if (s[0] != '#' || strlen(s) != 7)
		return CHART_ALONE_COLOUR;
	v = strtoul(s + 1, &end, 16);
	if (*end != '\0')
		return CHART_ALONE_COLOUR;
	return (uint32_t)v;
}

/* The colour mixed with white: the pale form of a group's colour. */
static uint32_t
chart_pale(uint32_t c)
{
	uint32_t	out = 0;
	int		shift, v;

	for (shift = 0; shift <= 16; shift += 8) {
		v = (int)((c >> shift) & 0xff);
		v = v + (255 - v) * 55 / 100;
		out |= (uint32_t)v << shift;
	}
	return out;
}

/* Summary group index (scheme groups, then alone) of a timeline group. */
static size_t
chart_index(const struct timeline *tl, int group)
{
	return group < 0 ? tl->scheme->ngroups : (size_t)group;
}

/* The groups of the day as gnuplot arrays: ngroups (alone included, last),
 * gname[], gcolour[] and gpale[]. */
static void
chart_group_args(struct chart_data *d, const struct timeline *tl)
{
	size_t		n = tl->scheme->ngroups + 1, i;
	uint32_t	c;
	char		*q;

	gnuplot_cmd(d->vars, "ngroups=%zu", n);
	gnuplot_cmd(d->vars, "array gname[%zu]", n);
	gnuplot_cmd(d->vars, "array gcolour[%zu]", n);
	gnuplot_cmd(d->vars, "array gpale[%zu]", n);
	for (i = 0; i < n; i++) {
		if (i + 1 < n) {
			q = text_gnuplot(tl->scheme->groups[i].name,
			    CHART_NAME_MAX);
			c = chart_colour(tl->scheme->groups[i].colour);
		} else {
			q = text_gnuplot(SCHEME_ALONE, CHART_NAME_MAX);
			c = CHART_ALONE_COLOUR;
		}
		gnuplot_cmd(d->vars, "gname[%zu]=%s; gcolour[%zu]=%u; "
		    "gpale[%zu]=%u", i + 1, q, i + 1, (unsigned)c, i + 1,
		    (unsigned)chart_pale(c));
		free(q);
	}
}

/* "Monday 16 November 2026" of "2026-11-16"; the date itself if not. */
static char *
chart_long_date(const char *date)
{
	char	*s = clock_long_date(date, 1);

	return s != NULL ? s : xstrdup(date);
}

/* Joins a title part to the line being built ("a · b"). */
static void
chart_join(char **line, const char *part)
{
	char	*s;

	if (*part == '\0')
		return;
	if (*line == NULL)
		s = xstrdup(part);
	else {
		s = xasprintf("%s \xc2\xb7 %s", *line, part);
		free(*line);
	}
	*line = s;
}

/* Joins the school and "head NAME" (when there is one), each cut short. */
static void
chart_join_who(char **line, const char *school, const char *head)
{
	char	*cut, *part;

	cut = gnuplot_cut(school, CHART_TEXT_MAX);
	chart_join(line, cut);
	free(cut);
	if (*head != '\0') {
		cut = gnuplot_cut(head, CHART_NAME_MAX);
		part = xasprintf("head %s", cut);
		chart_join(line, part);
		free(part);
		free(cut);
	}
}

/* The title lines of a day: who (school, head, date) and note (observer
 * and the observed time), both quoted with text_gnuplot. */
static void
chart_day_args(struct chart_data *d, const struct timeline *tl)
{
	char	*line = NULL, *part, *cut, *date, *o, *p;
	char	 b[FORMAT_LEN], e[FORMAT_LEN];

	chart_join_who(&line, tl->school, tl->head);
	date = chart_long_date(tl->date);
	chart_join(&line, date);
	free(date);
	gnuplot_string(d->vars, "who", line != NULL ? line : "",
	    CHART_LINE_MAX);
	free(line);

	line = NULL;
	if (*tl->observer != '\0') {
		cut = gnuplot_cut(tl->observer, CHART_NAME_MAX);
		part = xasprintf("observer %s", cut);
		chart_join(&line, part);
		free(part);
		free(cut);
	}
	format_clock(tl->begin, FORMAT_HM, b);
	format_clock(tl->end, FORMAT_HM, e);
	o = output_duration((double)tl->observed);
	part = xasprintf("observed %s from %s to %s", o, b, e);
	chart_join(&line, part);
	free(part);
	free(o);
	if (tl->paused > 0) {
		p = output_duration((double)tl->paused);
		part = xasprintf("%s paused", p);
		chart_join(&line, part);
		free(part);
		free(p);
	}
	gnuplot_string(d->vars, "note", line, CHART_LINE_MAX);
	free(line);
}

/* The clock range of a day's charts: whole half hours around it. */
static void
chart_range_args(struct chart_data *d, const struct timeline *tl)
{
	int64_t	lo, hi;

	lo = tl->begin / CHART_HALF_HOUR_MS * CHART_HALF_HOUR_MS;
	hi = (tl->end + CHART_HALF_HOUR_MS - 1) / CHART_HALF_HOUR_MS *
	    CHART_HALF_HOUR_MS;
	if (hi <= lo)
		hi = lo + CHART_HALF_HOUR_MS;
	gnuplot_cmd(d->vars, "xmin=%lld; xmax=%lld", (long long)(lo / 1000),
	    (long long)(hi / 1000));
}

/* episodes.dat: start end row colour (seconds; row 1 is the first group,
 * alone last); pauses.dat: start end; brief.dat: time row colour. */
static int
chart_timeline_data(struct chart_data *d, const struct timeline *tl,
    const struct summary *s)
{
	const struct tl_item	*it;
	FILE			*ep, *pa, *br;
	size_t			 i, row;
	uint32_t		 c;
	int			 rc;

	chart_range_args(d, tl);
	if ((ep = chart_data_open(d, "episodes.dat")) == NULL)
		return -1;
	if ((pa = chart_data_open(d, "pauses.dat")) == NULL) {
		fclose(ep);
		return -1;
	}
	if ((br = chart_data_open(d, "brief.dat")) == NULL) {
		fclose(ep);
		fclose(pa);
		return -1;
	}
	for (i = 0; i < tl->nitems; i++) {
		it = &tl->items[i];
		row = chart_index(tl, it->group) + 1;
		c = it->group < 0 ? CHART_ALONE_COLOUR :
		    chart_colour(tl->scheme->groups[it->group].colour);
		switch (it->kind) {
		case TL_EPISODE:
		case TL_ALONE:
			fprintf(ep, "%.3f %.3f %zu %u\n", it->start / 1000.0,
			    it->end / 1000.0, row, (unsigned)c);
			break;
		case TL_PAUSE:
			fprintf(pa, "%.3f %.3f\n", it->start / 1000.0,
			    it->end / 1000.0);
			break;
		case TL_BRIEF:
			fprintf(br, "%.3f %zu %u\n", it->start / 1000.0, row,
			    (unsigned)c);
			break;
		case TL_NOTE:
			break;
		}
	}
	rc = chart_data_close(d, ep, "episodes.dat");
	if (rc != 0) {
		fclose(pa);
		fclose(br);
		return -1;
	}
	if (chart_data_close(d, pa, "pauses.dat") != 0) {
		fclose(br);
		return -1;
	}
	return chart_data_close(d, br, "brief.dat");
}

/* groups.dat: row share(%) minutes, one row per group then alone. */
static int
chart_groups_data(struct chart_data *d, const struct timeline *tl,
    const struct summary *s)
{
	FILE	*f;
	size_t	 i;

	if ((f = chart_data_open(d, "groups.dat")) == NULL)
		return -1;
	for (i = 0; i < s->ngroups; i++) {
		fprintf(f, "%zu %.6f %lld\n", i + 1, s->groups[i].share * 100,
		    (long long)((s->groups[i].ms + 30000) / 60000));
	}
	return chart_data_close(d, f, "groups.dat");
}

/* dimension.dat, as groups.dat: a row per value of dimension k (the
 * scheme's, then those typed beyond them that the day holds), its share
 * of the time the dimension codes (summary_dim_base) and its minutes;
 * the values' names and colours are the chart's groups. */
static int
chart_dimension_data(struct chart_data *d, const struct timeline *tl,
    const struct summary *s, size_t k)
{
	const struct scheme_dim	*dim = &tl->scheme->dims[k];
	struct summary_dim_row	*r;
	int64_t			*ms, base = summary_dim_base(s, dim);
	const char		**name;
	size_t			 n, i, nv = dim->nvalues;
	FILE			*f;
	char			*q;

	r = summary_dims(tl, &n);
	ms = xcalloc(nv + n + 1, sizeof *ms);
	name = xcalloc(nv + n + 1, sizeof *name);
	for (i = 0; i < nv; i++)
		name[i] = xstrdup(dim->values[i]);
	for (i = 0; i < n; i++) {
		if (r[i].dim != k || r[i].group != SUMMARY_ALL)
			continue;
		if (scheme_dim_value_index(dim, r[i].value,
		    r[i].value_len) < dim->nvalues)
			ms[scheme_dim_value_index(dim, r[i].value,
			    r[i].value_len)] = r[i].ms;
		else {
			name[nv] = xstrndup(r[i].value, r[i].value_len);
			ms[nv++] = r[i].ms;
		}
	}
	free(r);
	if (nv == 0) {		/* no value to list: one empty bar */
		name[0] = xstrdup("none");
		nv = 1;
	}
	gnuplot_string(d->vars, "dimension", dim->name, CHART_TEXT_MAX);
	gnuplot_string(d->vars, "base", dim->applies == SCHEME_FOR_ALONE ?
	    "the time alone" : dim->applies == SCHEME_FOR_EPISODES ?
	    "the time in interactions" : "the observed day", CHART_TEXT_MAX);
	gnuplot_cmd(d->vars, "ngroups=%zu", nv);
	gnuplot_cmd(d->vars, "array gname[%zu]", nv);
	gnuplot_cmd(d->vars, "array gcolour[%zu]", nv);
	for (i = 0; i < nv; i++) {
		q = text_gnuplot(name[i], CHART_NAME_MAX);
		gnuplot_cmd(d->vars, "gname[%zu]=%s; gcolour[%zu]=%u", i + 1,
		    q, i + 1, (unsigned)(i < dim->nvalues ?
		    chart_colour(scheme_value_colour(i)) : CHART_ALONE_COLOUR));
		free(q);
		free((char *)name[i]);
	}
	free(name);
	if ((f = chart_data_open(d, "dimension.dat")) == NULL) {
		free(ms);
		return -1;
	}
	for (i = 0; i < nv; i++)
		fprintf(f, "%zu %.6f %lld\n", i + 1, base > 0 ?
		    (double)ms[i] * 100 / (double)base : 0.0,
		    (long long)((ms[i] + 30000) / 60000));
	free(ms);
	return chart_data_close(d, f, "dimension.dat");
}

/* pattern.dat: bin start, bin end, then the minutes of the groups piled
 * up (0, first group, first two, ... all), one line per bin. */
static int
chart_pattern_data(struct chart_data *d, const struct timeline *tl,
    const struct summary *s)
{
	struct summary_bin	*bins;
	FILE			*f;
	size_t			 n, i, g, ng = s->ngroups;
	double			 sum;

	chart_range_args(d, tl);
	gnuplot_cmd(d->vars, "binminutes=%d", CHART_PATTERN_MINUTES);
	if ((f = chart_data_open(d, "pattern.dat")) == NULL)
		return -1;
	bins = summary_bins(tl, CHART_PATTERN_MINUTES, &n);
	for (i = 0; i + ng <= n; i += ng) {
		fprintf(f, "%lld %lld 0", (long long)(bins[i].start / 1000),
		    (long long)(bins[i].start / 1000 +
		    CHART_PATTERN_MINUTES * 60));
		sum = 0;
		for (g = 0; g < ng; g++) {
			sum += bins[i + g].ms / 60000.0;
			fprintf(f, " %.4f", sum);
		}
		fputc('\n', f);
	}
	free(bins);
	return chart_data_close(d, f, "pattern.dat");
}

/* lengths.dat: minutes row jitter colour for each interaction episode
 * (rows: the scheme's groups); medians.dat: row median minutes. */
static int
chart_lengths_data(struct chart_data *d, const struct timeline *tl,
    const struct summary *s)
{
	const struct tl_item	*it;
	FILE			*f;
	size_t			 i, k = 0;
	double			 jitter;

	gnuplot_cmd(d->vars, "under9=%.6f; nepisodes=%zu",
	    isnan(s->under9) ? 0 : s->under9, s->episodes);
	if ((f = chart_data_open(d, "lengths.dat")) == NULL)
		return -1;
	for (i = 0; i < tl->nitems; i++) {
		it = &tl->items[i];
		if (it->kind != TL_EPISODE || it->group < 0)
			continue;
		/* Spread the dots of a row evenly (golden ratio), the same
		 * way every time. */
		jitter = fmod(k++ * 0.6180339887, 1.0) - 0.5;
		fprintf(f, "%.5f %d %.3f %u\n",
		    (it->end - it->start) / 60000.0, it->group + 1, jitter,
		    (unsigned)chart_colour(tl->scheme->groups[it->group].colour));
	}
	if (chart_data_close(d, f, "lengths.dat") != 0)
		return -1;
	if ((f = chart_data_open(d, "medians.dat")) == NULL)
		return -1;
	for (i = 0; i < tl->scheme->ngroups; i++) {
		if (s->groups[i].episodes > 0)
			fprintf(f, "%zu %.5f\n", i + 1,
			    s->groups[i].median_ms / 60000.0);
	}
	return chart_data_close(d, f, "medians.dat");
}

/* initiative.dat: row head other unknown, counting episodes and brief
 * contacts, one row per group of the scheme. */
static int
chart_initiative_data(struct chart_data *d, const struct timeline *tl,
    const struct summary *s)
{
	const struct tl_item	*it;
	FILE			*f;
	size_t			*counts, n = tl->scheme->ngroups, i;

	counts = xcalloc(n * 3 + 1, sizeof *counts);
	for (i = 0; i < tl->nitems; i++) {
		it = &tl->items[i];
		if ((it->kind != TL_EPISODE && it->kind != TL_BRIEF) ||
		    it->group < 0)
			continue;
		if (it->by == RECORD_BY_HEAD)
			counts[it->group * 3]++;
		else if (it->by == RECORD_BY_OTHER)
			counts[it->group * 3 + 1]++;
		else
			counts[it->group * 3 + 2]++;
	}
	if ((f = chart_data_open(d, "initiative.dat")) == NULL) {
		free(counts);
		return -1;
	}
	for (i = 0; i < n; i++) {
		fprintf(f, "%zu %zu %zu %zu\n", i + 1, counts[i * 3],
		    counts[i * 3 + 1], counts[i * 3 + 2]);
	}
	free(counts);
	return chart_data_close(d, f, "initiative.dat");
}

/* transitions.dat: to from count marked for every pair of groups (alone
 * included, 1-based), zeros too, as a grid; marked is 1 where the cell's
 * adjusted residual is beyond SEQUENCE_Z_MARK (common/sequence.h). */
static int
chart_transitions_data(struct chart_data *d, const struct timeline *tl,
    const struct summary *s)
{
	struct summary_transition	*tr;
	struct sequence_stat		*st;
	FILE				*f;
	size_t				*grid, n = s->ngroups, ntr, i, a, b;
	size_t				 max = 0;
	unsigned char			*marked;

	grid = xcalloc(n * n, sizeof *grid);
	marked = xcalloc(n * n, 1);
	tr = summary_transitions(tl, &ntr);
	st = xcalloc(ntr > 0 ? ntr : 1, sizeof *st);
	sequence_stats(tr, ntr, st);
	for (i = 0; i < ntr; i++) {
		a = chart_index(tl, tr[i].from);
		b = chart_index(tl, tr[i].to);
		grid[a * n + b] = tr[i].count;
		marked[a * n + b] = st[i].marked != 0;
		if (tr[i].count > max)
			max = tr[i].count;
	}
	free(st);
	free(tr);
	gnuplot_cmd(d->vars, "maxcount=%zu", max);
	if ((f = chart_data_open(d, "transitions.dat")) == NULL) {
		free(marked);
		free(grid);
		return -1;
	}
	for (a = 0; a < n; a++) {
		for (b = 0; b < n; b++)
			fprintf(f, "%zu %zu %zu %d\n", b + 1, a + 1,
			    grid[a * n + b], marked[a * n + b]);
		fputc('\n', f);
	}
	free(marked);
	free(grid);
	return chart_data_close(d, f, "transitions.dat");
}

struct chart_compare *
chart_compare_new(const char *by_field, int bin_minutes)
{
	struct chart_compare	*pc;

	pc = xcalloc(1, sizeof *pc);
	pc->figures = compare_new(by_field != NULL ? by_field : "school",
	    bin_minutes);
	pc->seed = 1;
	return pc;
}

void
chart_compare_by_dimension(struct chart_compare *pc, const char *name)
{
	compare_by_dimension(pc->figures, name);
}

void
chart_compare_seed(struct chart_compare *pc, uint64_t seed)
{
	pc->seed = seed;
}

int
chart_compare_add(struct chart_compare *pc, const struct timeline *tl,
    const struct summary *s, struct err *e)
{
	int	rc;

	if ((rc = compare_add(pc->figures, tl, s, e)) != 0)
		return rc;
	if (pc->first[0] == '\0' || strcmp(tl->date, pc->first) < 0)
		memcpy(pc->first, tl->date, sizeof pc->first);
	if (strcmp(tl->date, pc->last) > 0)
		memcpy(pc->last, tl->date, sizeof pc->last);
	return 0;
}

size_t
chart_compare_days(const struct chart_compare *pc)
{
	return compare_days(pc->figures);
}

const struct compare *
chart_compare_figures(const struct chart_compare *pc)
{
	return pc->figures;
}

/* The colour of comparison group k (the scheme's groups, then alone; or
 * a dimension's values, then the others). */
static uint32_t
chart_compare_colour(const struct compare *c, size_t k)
{
	return chart_colour(compare_group_colour(c, k));
}

/* The title lines: the days and values compared, and what the bars show
 * (with the days left out for want of the field). */
static void
chart_compare_titles(struct chart_data *d, const struct chart_compare *pc)
{
	const struct compare	*c = pc->figures;
	size_t			 skipped = compare_skipped(c);
	char			*q, *out = NULL;

	if (strcmp(pc->first, pc->last) == 0)
		q = xasprintf("%zu day%s on %s, grouped by %s (%zu)",
		    compare_days(c), compare_days(c) == 1 ? "" : "s",
		    pc->first, compare_field(c), compare_nvalues(c));
	else
		q = xasprintf("%zu days from %s to %s, grouped by %s (%zu)",
		    compare_days(c), pc->first, pc->last, compare_field(c),
		    compare_nvalues(c));
	gnuplot_string(d->vars, "who", q, CHART_LINE_MAX);
	free(q);
	if (skipped > 0)
		out = xasprintf("; %zu day%s without %s left out", skipped,
		    skipped == 1 ? "" : "s", compare_field(c));
	q = xasprintf("bars: the mean over a %s's days; grey: lowest day "
	    "to highest; black: 95%% bootstrap interval across heads%s",
	    compare_field(c), out != NULL ? out : "");
	gnuplot_string(d->vars, "note", q, CHART_LINE_MAX);
	free(q);
	free(out);
}

/* compare.dat: x mean min max colour, a cluster of groups per value, in
 * the order values first came; value labels and day counts as arrays. */
static int
chart_compare_data(struct chart_data *d, const struct chart_compare *pc)
{
	const struct compare	*c = pc->figures;
	struct compare_result	 r;
	struct compare_across	 a;
	size_t			 nvalues = compare_nvalues(c), v, k;
	size_t			 ng = compare_ngroups(c);
	const char		*name;
	FILE			*f;
	char			*q;

	gnuplot_cmd(d->vars, "nvalues=%zu; ndays=%zu", nvalues, compare_days(c));
	chart_compare_titles(d, pc);
	gnuplot_cmd(d->vars, "array vname[%zu]; array vdays[%zu]", nvalues,
	    nvalues);
	for (v = 0; v < nvalues; v++) {
		name = compare_value(c, v);
		q = text_gnuplot(*name != '\0' ? name : "(empty)", CHART_NAME_MAX);
		gnuplot_cmd(d->vars, "vname[%zu]=%s; vdays[%zu]=%zu", v + 1, q,
		    v + 1, compare_value_days(c, v));
		free(q);
	}
	gnuplot_cmd(d->vars, "ngroups=%zu", ng);
	gnuplot_cmd(d->vars, "array gname[%zu]; array gcolour[%zu]", ng, ng);
	for (k = 0; k < ng; k++) {
		q = text_gnuplot(compare_group_name(c, k), CHART_NAME_MAX);
		gnuplot_cmd(d->vars, "gname[%zu]=%s; gcolour[%zu]=%u", k + 1, q,
		    k + 1, (unsigned)chart_compare_colour(c, k));
		free(q);
	}
	if ((f = chart_data_open(d, "compare.dat")) == NULL)
		return -1;
	for (v = 0; v < nvalues; v++) {
		for (k = 0; k < ng; k++) {
			compare_share(c, v, k, &r);
			compare_across(c, v, k, pc->seed, &a);
			fprintf(f, "%zu %.4f %.4f %.4f %u %.4f %.4f\n",
			    v * (ng + 1) + k + 1, 100 * r.mean, 100 * r.min,
			    100 * r.max, (unsigned)chart_compare_colour(c, k),
			    100 * a.ci_low, 100 * a.ci_high);
		}
	}
	return chart_data_close(d, f, "compare.dat");
}


void
chart_compare_free(struct chart_compare *pc)
{
	if (pc == NULL)
		return;
	compare_free(pc->figures);
	free(pc);
}

/* ---- the agreement of two observers ---- */

/* One observer's stretches (episodes and time alone): start end colour. */
static int
chart_lane_data(struct chart_data *d, const struct timeline *tl,
    const char *name)
{
	const struct tl_item	*it;
	FILE			*f;
	size_t			 i;
	uint32_t		 c;

	if ((f = chart_data_open(d, name)) == NULL)
		return -1;
	for (i = 0; i < tl->nitems; i++) {
		it = &tl->items[i];
		if (it->kind != TL_EPISODE && it->kind != TL_ALONE)
			continue;
		c = it->group < 0 ? CHART_ALONE_COLOUR :
		    chart_colour(tl->scheme->groups[it->group].colour);
		fprintf(f, "%.3f %.3f %u\n", it->start / 1000.0,
		    it->end / 1000.0, (unsigned)c);
	}
	return chart_data_close(d, f, name);
}

/* a.dat and b.dat, the observers' lanes; differ.dat, every stretch of
 * whole seconds they coded differently (start end); the clock range of
 * both days; the title of A's day, and a note naming both observers. */
static int
chart_agreement_data(struct chart_data *d, const struct chart_pair *p)
{
	const struct agreement_disagreement	*dis;
	struct timeline				 span = *p->a;
	FILE					*f;
	char					*note, *oa, *ob;
	size_t					 i;

	if (p->b->begin < span.begin)
		span.begin = p->b->begin;
	if (p->b->end > span.end)
		span.end = p->b->end;
	chart_range_args(d, &span);
	chart_day_args(d, p->a);
	chart_group_args(d, p->a);
	oa = gnuplot_cut(*p->a->observer != '\0' ? p->a->observer : "-",
	    CHART_NAME_MAX);
	ob = gnuplot_cut(*p->b->observer != '\0' ? p->b->observer : "-",
	    CHART_NAME_MAX);
	/* After chart_day_args's note (one observer's), so this one holds. */
	note = xasprintf("A: observer %s \xc2\xb7 B: observer %s", oa, ob);
	gnuplot_string(d->vars, "note", note, CHART_LINE_MAX);
	free(note);
	free(oa);
	free(ob);
	if (chart_lane_data(d, p->a, "a.dat") != 0 ||
	    chart_lane_data(d, p->b, "b.dat") != 0 ||
	    (f = chart_data_open(d, "differ.dat")) == NULL)
		return -1;
	for (i = 0; i < p->ag->ndisagreements; i++) {
		dis = &p->ag->disagreements[i];
		fprintf(f, "%lld %lld\n", (long long)(dis->start / 1000),
		    (long long)(dis->end / 1000));
	}
	return chart_data_close(d, f, "differ.dat");
}

/* ---- rows of shares: a week's days, or the workshop's heads ---- */

/* Row i's height in the chart's units: a pattern's first row three
 * strips high when it is the week's. */
static double
chart_row_height(const struct chart_rows *c, size_t i)
{
	return c->tall_first && i == 0 ? 3.0 : 1.0;
}

/* The rows' labels and where each is (its middle, counted down from the
 * top, rows 0.35 apart), and the groups for the key. */
static double
chart_rows_args(struct chart_data *d, const struct chart_rows *c)
{
	const struct week	*w = c->groups;
	size_t			 i, g;
	double			 y = 0, h;
	char			*q;

	gnuplot_string(d->vars, "heading", c->heading, CHART_LINE_MAX);
	gnuplot_string(d->vars, "who", c->who, CHART_LINE_MAX);
	gnuplot_string(d->vars, "note", "", CHART_LINE_MAX);
	gnuplot_cmd(d->vars, "nrows=%zu; array rname[%zu]; array rpos[%zu]",
	    c->rows->n, c->rows->n, c->rows->n);
	for (i = 0; i < c->rows->n; i++) {
		h = chart_row_height(c, i);
		q = text_gnuplot(c->rows->labels[i], CHART_NAME_MAX);
		gnuplot_cmd(d->vars, "rname[%zu]=%s; rpos[%zu]=%.3f", i + 1, q,
		    i + 1, -(y + h / 2));
		free(q);
		y += h + 0.35;
	}
	gnuplot_cmd(d->vars, "ybottom=%.3f", -y);
	gnuplot_cmd(d->vars, "ngroups=%zu; array gname[%zu]; "
	    "array gcolour[%zu]", w->ngroups, w->ngroups, w->ngroups);
	for (g = 0; g < w->ngroups; g++) {
		q = text_gnuplot(w->groups[g], CHART_NAME_MAX);
		gnuplot_cmd(d->vars, "gname[%zu]=%s; gcolour[%zu]=%u", g + 1, q,
		    g + 1, (unsigned)chart_colour(w->colours[g]));
		free(q);
	}
	return y;
}

/* rows.dat: xlow xhigh ylow yhigh colour, a box per group of each row
 * (bars: x the share in %, the groups left to right) or of each bin of
 * each row (patterns: x the bin's clock seconds, the groups stacked top
 * down); a bin not observed has no box. */
static int
chart_rows_data(struct chart_data *d, const struct chart_rows *c)
{
	const struct week_rows	*r = c->rows;
	size_t			 i, b, g, ng = c->groups->ngroups;
	size_t			 nb = r->nbins > 0 ? r->nbins : 1;
	double			 top = 0, h, x, sh;
	int64_t			 at;
	FILE			*f;

	chart_rows_args(d, c);
	if (r->nbins > 0)
		gnuplot_cmd(d->vars, "xmin=%lld; xmax=%lld; binminutes=%d",
		    (long long)(r->first / 1000), (long long)((r->first +
		    (int64_t)r->nbins * WEEK_BIN_MS) / 1000), WEEK_BIN_MINUTES);
	if ((f = chart_data_open(d, "rows.dat")) == NULL)
		return -1;
	for (i = 0; i < r->n; i++) {
		h = chart_row_height(c, i);
		for (b = 0; b < nb; b++) {
			at = r->first + (int64_t)b * WEEK_BIN_MS;
			x = 0;
			for (g = 0; g < ng; g++) {
				sh = r->shares[(i * nb + b) * ng + g];
				if (isnan(sh) || sh <= 0)
					continue;
				if (r->nbins == 0)
					fprintf(f, "%.4f %.4f %.4f %.4f %u\n",
					    100 * x, 100 * (x + sh), -top - h,
					    -top, (unsigned)chart_colour(
					    c->groups->colours[g]));
				else
					fprintf(f, "%lld %lld %.4f %.4f %u\n",
					    (long long)(at / 1000),
					    (long long)((at + WEEK_BIN_MS) /
					    1000), -top - h * (x + sh),
					    -top - h * x, (unsigned)chart_colour(
					    c->groups->colours[g]));
				x += sh;
			}
		}
		top += h + 0.35;
	}
	return chart_data_close(d, f, "rows.dat");
}
