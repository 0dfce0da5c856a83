/*
 * Shared by the libFuzzer targets: the input as a file the path-based
 * readers can open (a memfd, reached as /proc/self/fd/N, so no disk is
 * touched), a bounded msgpack pre-scan (msgpack-c allocates for the count
 * an array or map claims before its elements arrive, which the log reader
 * guards against with its own scanner; the targets that decode objects
 * directly must do the same), and the figures every reader's timelines
 * feed.  The easy thing to get wrong: a target that aborts on a message it
 * did not expect turns a refused input, which is the right answer, into a
 * crash; only contract breaks (a missing message, a round trip that does
 * not hold) may abort.
 */
#ifndef FUZZ_H
#define FUZZ_H

#include <sys/mman.h>
#include <sys/stat.h>

#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <msgpack.h>

#include "err.h"
#include "summary.h"
#include "timeline.h"
#include "xmalloc.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);
int	LLVMFuzzerInitialize(int *, char ***);

/* Aborts with a message: libFuzzer reports it as a crash and keeps the
 * input. */
#define FUZZ_CHECK(cond, what) do {					\
	if (!(cond)) {							\
		fprintf(stderr, "fuzz check failed: %s (%s:%d)\n",	\
		    (what), __FILE__, __LINE__);			\
		abort();						\
	}								\
} while (0)

/* Checks a refusal keeps the error model's promise (a message, the file's
 * name, a reader's code) and clears e; returns -1. */
static inline int
fuzz_refused(struct err *e)
{
	FUZZ_CHECK(e->msg != NULL, "refused without a message");
	FUZZ_CHECK(e->file != NULL, "refused without the file's name");
	FUZZ_CHECK(e->code == ERR_DATA || e->code == ERR_IO,
	    "refused with an odd code");
	err_clear(e);
	return -1;
}

static char	fuzz_shm_path[64];

static inline void
fuzz_file_remove(void)
{
	unlink(fuzz_shm_path);
}

/*
 * Puts the input in a file and returns a path to it, valid until the next
 * call.  A memfd when the kernel has them, else a file on /dev/shm (tmpfs)
 * named for the process and removed at exit.
 */
static inline const char *
fuzz_file(const uint8_t *data, size_t size)
{
	static int	 fd = -1;
	static char	 path[64];
	size_t		 off = 0;
	ssize_t		 n;

	if (fd == -1) {
#ifdef MFD_CLOEXEC
		fd = memfd_create("shadowlog-fuzz", MFD_CLOEXEC);
#endif
		if (fd != -1)
			snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
		else {
			snprintf(path, sizeof path,
			    "/dev/shm/shadowlog-fuzz-%ld", (long)getpid());
			fd = open(path, O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC,
			    0600);
			memcpy(fuzz_shm_path, path, sizeof path);
			atexit(fuzz_file_remove);
		}
		FUZZ_CHECK(fd != -1, "cannot make the input file");
	}
	FUZZ_CHECK(ftruncate(fd, 0) == 0, "ftruncate");
	while (off < size) {
		n = pwrite(fd, data + off, size - off, (off_t)off);
		FUZZ_CHECK(n > 0, "pwrite");
		off += (size_t)n;
	}
	return path;
}

/*
 * The extent of the msgpack object at p: 1 with *len when it is whole,
 * every count and length fits in the bytes there (each element takes one
 * byte at least) and it nests no deeper than 32; else 0.
 */
static inline int
fuzz_msgpack_extent(const uint8_t *p, size_t avail, size_t *len)
{
	uint64_t	left[32], body, count, v;
	size_t		off = 0, head;
	unsigned	depth = 0, i, lenbytes;
	uint8_t		b;
	int		container;

	for (;;) {
		if (off >= avail)
			return 0;
		b = p[off];
		head = 1;
		body = count = 0;
		lenbytes = 0;
		container = 0;
		if (b <= 0x7f || b >= 0xe0)
			;
		else if (b <= 0x8f) {
			container = 1;
			count = 2 * (uint64_t)(b & 0x0f);
		} else if (b <= 0x9f) {
			container = 1;
			count = b & 0x0f;
		} else if (b <= 0xbf)
			body = b & 0x1f;
		else {
			switch (b) {
			case 0xc1:
				return 0;
			case 0xc4: case 0xd9: head = 2; lenbytes = 1; break;
			case 0xc5: case 0xda: head = 3; lenbytes = 2; break;
			case 0xc6: case 0xdb: head = 5; lenbytes = 4; break;
			case 0xc7: head = 3; lenbytes = 1; break;
			case 0xc8: head = 4; lenbytes = 2; break;
			case 0xc9: head = 6; lenbytes = 4; break;
			case 0xca: head = 5; break;
			case 0xcb: head = 9; break;
			case 0xcc: case 0xd0: head = 2; break;
			case 0xcd: case 0xd1: head = 3; break;
			case 0xce: case 0xd2: head = 5; break;
			case 0xcf: case 0xd3: head = 9; break;
			case 0xd4: head = 3; break;
			case 0xd5: head = 4; break;
			case 0xd6: head = 6; break;
			case 0xd7: head = 10; break;
			case 0xd8: head = 18; break;
			case 0xdc: case 0xde:
				head = 3; lenbytes = 2; container = 1; break;
			case 0xdd: case 0xdf:
				head = 5; lenbytes = 4; container = 1; break;
			default:
				break;
			}
		}
		if (off + head > avail)
			return 0;
		for (v = 0, i = 0; i < lenbytes; i++)
			v = (v << 8) | p[off + 1 + i];
		if (lenbytes != 0) {
			if (!container)
				body = v;
			else
				count = (b == 0xde || b == 0xdf) ? 2 * v : v;
		}
		if (container) {
			if (depth == 32 || count > avail - off - head)
				return 0;
			off += head;
			if (count != 0) {
				left[depth++] = count;
				continue;
			}
		} else {
			if (body > avail - off - head)
				return 0;
			off += head + body;
		}
		for (;;) {
			if (depth == 0) {
				*len = off;
				return 1;
			}
			if (--left[depth - 1] != 0)
				break;
			depth--;
		}
	}
}

/*
 * Every figure the analyser takes from a day's timeline, checked as
 * tests/summary_test.c checks its random days: the groups' times add up to
 * the observed time and their episodes to the stretches, the bins add up
 * to the observed time too, and a reader's copy of the items passes
 * timeline_finish with the same span and totals.
 */
static inline void
fuzz_figures(const struct timeline *tl)
{
	struct timeline			 copy;
	struct summary			 sum;
	struct summary_bin		*bins;
	struct summary_transition	*tr;
	int64_t				 ms = 0;
	size_t				 n, i, stretches = 0, episodes = 0;
	size_t				 nstretches = 0;
	struct err			 e = ERR_INIT;

	summary_compute(tl, SUMMARY_PARTS, &sum);
	for (i = 0; i < tl->nitems; i++) {
		stretches += tl->items[i].kind == TL_EPISODE ||
		    tl->items[i].kind == TL_ALONE;
		episodes += tl->items[i].kind == TL_EPISODE;
		nstretches += tl->items[i].kind == TL_EPISODE ||
		    tl->items[i].kind == TL_ALONE ||
		    tl->items[i].kind == TL_PAUSE;
	}
	for (i = 0; i < sum.ngroups; i++) {
		ms += sum.groups[i].ms;
		stretches -= sum.groups[i].episodes;
	}
	FUZZ_CHECK(ms == sum.observed_ms && ms == tl->observed,
	    "the groups' times do not add up to the observed time");
	FUZZ_CHECK(stretches == 0 && episodes == sum.episodes,
	    "the groups' episodes do not add up to the stretches");
	FUZZ_CHECK(sum.paused_ms == tl->paused, "paused time differs");
	summary_free(&sum);

	bins = summary_bins(tl, 15, &n);
	FUZZ_CHECK(n % (tl->scheme->ngroups + 1) == 0, "bins missing");
	for (ms = 0, i = 0; i < n; i++)
		ms += bins[i].ms;
	FUZZ_CHECK(bins == NULL || ms == tl->observed,
	    "the bins do not add up to the observed time");
	free(bins);
	tr = summary_transitions(tl, &n);
	free(tr);
	for (i = 0; i < tl->ntags; i++)
		(void)timeline_field(tl, tl->tag_keys[i]);
	(void)timeline_field(tl, "date");
	for (i = 0; i < tl->nitems; i++)
		(void)timeline_group_name(tl, tl->items[i].group);

	if (nstretches == 0)
		return;
	timeline_init(&copy, tl->school, tl->head, tl->observer, tl->date,
	    tl->scheme);
	for (i = 0; i < tl->nitems; i++)
		timeline_add(&copy, &tl->items[i]);
	if (timeline_finish(&copy, &e) != 0) {
		fprintf(stderr, "finish: %s\n", e.msg);
		FUZZ_CHECK(0, "a reader's copy of the timeline is refused");
	}
	FUZZ_CHECK(copy.begin == tl->begin && copy.end == tl->end &&
	    copy.observed == tl->observed && copy.paused == tl->paused,
	    "a reader's copy of the timeline has other totals");
	timeline_free(&copy);
}

#endif
