/*
 * The progress line: drawn with a carriage return and erased with an
 * erase-line, at most five times a second.
 */
#include <unistd.h>
#include <uv.h>

#include "progress.h"

#define PROGRESS_AFTER_NS	UINT64_C(2000000000)	/* quiet before */
#define PROGRESS_EVERY_NS	UINT64_C(200000000)	/* redraw at most */

void
progress_init(struct progress *p, FILE *f)
{
	p->f = f;
	p->tty = isatty(fileno(f));
	p->shown = 0;
	p->start = uv_hrtime();
	p->last = 0;
}

void
progress_update(struct progress *p, size_t done, size_t total)
{
	uint64_t	now = uv_hrtime(), left;

	if (!p->tty || now - p->start < PROGRESS_AFTER_NS ||
	    (p->shown && now - p->last < PROGRESS_EVERY_NS && done < total))
		return;
	if (total < done)
		total = done;
	fprintf(p->f, "\rshadowlog-analyse: charts: %zu of %zu day%s drawn",
	    done, total, total == 1 ? "" : "s");
	if (done > 0 && done < total) {
		left = (now - p->start) / done * (total - done) / 1000000000;
		if (left < 60)
			fprintf(p->f, ", about %u s left", (unsigned)left + 1);
		else
			fprintf(p->f, ", about %u min %02u s left",
			    (unsigned)(left / 60), (unsigned)(left % 60));
	}
	fputs("\033[K", p->f);
	fflush(p->f);
	p->shown = 1;
	p->last = now;
}

void
progress_clear(struct progress *p)
{
	if (p == NULL || !p->shown)
		return;
	fputs("\r\033[K", p->f);
	fflush(p->f);
	p->shown = 0;
}
