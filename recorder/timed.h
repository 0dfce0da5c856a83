/*
 * Timed commands: read every line, check the whole day, then write a new
 * log whole (temporary file, fsync, name) or append to an existing one in
 * place under its writer's lock.  Nothing is changed unless every line is
 * valid and every write succeeds.
 */
#ifndef TIMED_H
#define TIMED_H

#include <stdio.h>

#include "record.h"

/* Reads commands from in (named in_name in messages) into path, creating
 * it with new_hdr if it does not exist, else appending to it.  Returns a
 * sysexits code: 0, 65 with *cause "IN:LINE: what is wrong", 66/74 with
 * *cause naming the file, 75 when another recorder holds the log.  Warnings (a repaired tail) go to *warning. */
int	timed_run(const char *path, const struct log_header *new_hdr,
	    FILE *in, const char *in_name, char **warning, char **cause);

#endif
