/*
 * Replays inputs through one fuzz target without libFuzzer, so the inputs
 * that once failed (tests/fuzz/regress/TARGET/) and the seeds run in
 * make check with gcc, under the sanitizer build too:
 *     replay_TARGET FILE|DIR...
 * Each file is read whole and given to LLVMFuzzerTestOneInput once; a
 * failure aborts, as it did under the fuzzer, with the report.  Prints a
 * line per input and the "N passed, M failed" summary.
 */
#include <sys/stat.h>

#include <dirent.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"

static unsigned	replay_passed, replay_failed;

static void
replay_file(const char *path)
{
	FILE	*f;
	uint8_t	*buf = NULL, *exact;
	size_t	 len = 0, size = 0, n;

	if ((f = fopen(path, "rb")) == NULL) {
		printf("not ok - %s: %s\n", path, strerror(errno));
		replay_failed++;
		return;
	}
	for (;;) {
		if (len == size) {
			size = size == 0 ? 65536 : size * 2;
			if ((buf = realloc(buf, size)) == NULL)
				abort();
		}
		if ((n = fread(buf + len, 1, size - len, f)) == 0)
			break;
		len += n;
	}
	if (ferror(f)) {
		printf("not ok - %s: read error\n", path);
		replay_failed++;
	} else {
		/* An exact copy, so a read past the input is caught. */
		if ((exact = malloc(len == 0 ? 1 : len)) == NULL)
			abort();
		memcpy(exact, buf, len);
		fflush(stdout);
		LLVMFuzzerTestOneInput(exact, len);
		free(exact);
		printf("ok - %s (%zu bytes)\n", path, len);
		replay_passed++;
	}
	free(buf);
	fclose(f);
}

static int
replay_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Every regular file in dir, in name order. */
static void
replay_dir(const char *dir)
{
	DIR		 *d;
	struct dirent	 *de;
	struct stat	  sb;
	char		**names = NULL, *path;
	size_t		  n = 0, i;

	if ((d = opendir(dir)) == NULL) {
		printf("not ok - %s: %s\n", dir, strerror(errno));
		replay_failed++;
		return;
	}
	while ((de = readdir(d)) != NULL) {
		if (de->d_name[0] == '.')
			continue;
		if ((names = realloc(names, (n + 1) * sizeof *names)) == NULL ||
		    (names[n] = strdup(de->d_name)) == NULL)
			abort();
		n++;
	}
	closedir(d);
	if (n > 0)
		qsort(names, n, sizeof *names, replay_cmp);
	for (i = 0; i < n; i++) {
		if ((path = malloc(strlen(dir) + strlen(names[i]) + 2)) ==
		    NULL)
			abort();
		sprintf(path, "%s/%s", dir, names[i]);
		if (stat(path, &sb) == 0 && S_ISREG(sb.st_mode))
			replay_file(path);
		free(path);
		free(names[i]);
	}
	free(names);
}

int
main(int argc, char **argv)
{
	struct stat	sb;
	int		i;

	if (argc < 2) {
		fprintf(stderr, "usage: %s FILE|DIR...\n", argv[0]);
		return 64;
	}
	LLVMFuzzerInitialize(&argc, &argv);
	for (i = 1; i < argc; i++) {
		if (stat(argv[i], &sb) == 0 && S_ISDIR(sb.st_mode))
			replay_dir(argv[i]);
		else
			replay_file(argv[i]);
	}
	printf("%u passed, %u failed\n", replay_passed, replay_failed);
	return replay_failed == 0 ? 0 : 1;
}
