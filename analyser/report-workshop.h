/*
 * The workshop pack (--workshop=FILE): one HTML file that puts every
 * head's profile side by side on the same scales, with where each stands
 * in the group in plain words; anonymised, each head under their code and
 * a key list (code, name) for the facilitator alone.  Easy to get wrong:
 * the days come with their names, so every name in the pack must go
 * through the code when anonymised, and the key list is the only place
 * they are written.
 */
#ifndef REPORT_WORKSHOP_H
#define REPORT_WORKSHOP_H

#include "anon.h"
#include "chart.h"
#include "err.h"
#include "week.h"

/* The key list's name: FILE.key.txt. */
#define REPORT_WORKSHOP_KEY	".key.txt"

/* The charts' names in --plot's DIR: DIR/workshop-heads.EXT and
 * DIR/workshop-pattern.EXT. */
#define REPORT_WORKSHOP_BARS	"workshop-heads"
#define REPORT_WORKSHOP_PATTERN	"workshop-pattern"

/* Writes the pack of ws to path, with heads under their codes when anon
 * is not NULL, and then the key list beside it (mode 0600); both by the
 * atomic-file writer; then, when plot_dir is not NULL, the heads' charts
 * for slides into it in format, labelled as the pack labels them.  -1
 * with e (ERR_CANTCREAT; a chart's failure as chart.h says). */
int	report_workshop_write(const char *path, const struct week_workshop *ws,
	    const struct anon *anon, const char *plot_dir,
	    enum chart_format format, struct err *e);

#endif
