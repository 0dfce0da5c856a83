/*
 * The run's output of a day table: the CSV header or the JSON document's
 * frame, and a day at a time in between (table-day.c).  Easy to get wrong:
 * the JSON document of the summary and the sample is {"days": [...]}, of
 * the other tables {"rows": [...]}, and either is closed even when no day
 * was read.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "format.h"
#include "output.h"
#include "summary.h"
#include "table.h"
#include "table-day.h"
#include "xmalloc.h"

struct output {
	struct table_day_run	run;
};

/* Whether the JSON document is {"days": [...]} (a document per day). */
static int
output_by_day(enum output_table table)
{
	return table == OUTPUT_SUMMARY || table == OUTPUT_SAMPLE;
}

void
output_references(struct output *o, const struct reference_set *set)
{
	o->run.refs = set;
}

int
output_parse_format(const char *s, enum output_format *format)
{
	if (strcmp(s, "text") == 0)
		*format = OUTPUT_TEXT;
	else if (strcmp(s, "csv") == 0)
		*format = OUTPUT_CSV;
	else if (strcmp(s, "json") == 0)
		*format = OUTPUT_JSON;
	else
		return -1;
	return 0;
}

struct output *
output_new(FILE *f, enum output_format format, enum output_table table,
    int minutes)
{
	return output_new_scheme(f, format, table, minutes, NULL, NULL);
}

struct output *
output_new_scheme(FILE *f, enum output_format format,
    enum output_table table, int minutes, const struct scheme *scheme,
    const char *dimension)
{
	struct output	*o;

	o = xcalloc(1, sizeof *o);
	o->run.f = f;
	o->run.format = format;
	o->run.table = table;
	o->run.minutes = minutes;
	o->run.scheme = scheme;
	o->run.dimension = dimension;
	if (format == OUTPUT_JSON)
		fputs(output_by_day(table) ? "{\"days\": [" : "{\"rows\": [",
		    f);
	if (format == OUTPUT_CSV)
		table_day_csv_header(&o->run);
	return o;
}

int
output_summary_needs(const struct output *o, unsigned *what)
{
	/* The breakdowns are in the text and JSON forms only. */
	*what = o->run.format == OUTPUT_CSV ? SUMMARY_GROUPS : SUMMARY_PARTS;
	return o->run.table == OUTPUT_SUMMARY;
}

void
output_day(struct output *o, const struct timeline *tl,
    const struct summary *s)
{
	table_day_write(&o->run, tl, s);
}

int
output_failed(const struct output *o)
{
	return ferror(o->run.f);
}

int
output_end(struct output *o, struct err *e)
{
	FILE	*f = o->run.f;
	int	 rc;

	if (o->run.format == OUTPUT_JSON)
		fputs((output_by_day(o->run.table) ? o->run.ndays :
		    o->run.nrows) > 0 ? "\n]" : "]", f);
	table_day_end(&o->run);
	if (o->run.format == OUTPUT_JSON)
		fputs("}\n", f);
	rc = table_flush(f, "the output", e);
	free(o);
	return rc;
}

char *
output_duration(double ms)
{
	char	buf[FORMAT_LEN];

	return xstrdup(format_duration(ms, FORMAT_SHORT, buf));
}
