/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * A standalone driver for the fuzz targets, for builds without libFuzzer
 * (gcc, and the ASan/UBSan build of the test suite): it runs the target's
 * LLVMFuzzerTestOneInput() over a seed corpus, then over deterministic
 * mutations of it, until a count or a time limit.  No coverage feedback,
 * but every input is the same on every run and host, so a crash found in
 * ctest is reproduced by running the same command again.
 *
 *	fuzz_tar [-n RUNS] [-t SECONDS] [-s SEED] [FILE|DIR]...
 *
 * Seeds are the files named (a directory: each regular file in it), plus
 * what the target's jt_fuzz_seeds() makes, if it has one.  With -n 0 only
 * the seeds run: the way to replay a crash file.  An input that crashes is
 * written to the working directory as crash-RUN before the run goes on to
 * die, so a gcc build leaves the same reproducer libFuzzer would.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/stat.h>

#include "fuzz.h"

#define INPUT_MAX	(256 * 1024)	/* mutations never grow past this */
#define MAX_SEEDS	512

struct seed {
	uint8_t	*data;
	size_t	 len;
};

static struct seed seeds[MAX_SEEDS];
static size_t nseeds;

/* The input under test, for the crash handler. */
static const uint8_t *cur;
static size_t curlen;
static unsigned long currun;

/* Targets that make their seeds in code define this; most do not. */
__attribute__((weak)) void
jt_fuzz_seeds(void (*add)(const void *data, size_t len))
{
	(void)add;
}

static void
add_seed(const void *data, size_t len)
{
	uint8_t *copy;

	if (nseeds == MAX_SEEDS || len > INPUT_MAX)
		return;
	if ((copy = malloc(len > 0 ? len : 1)) == NULL)
		return;
	if (len > 0)
		memcpy(copy, data, len);
	seeds[nseeds].data = copy;
	seeds[nseeds++].len = len;
}

static void
add_file(const char *path)
{
	struct stat st;
	uint8_t *buf;
	ssize_t n;
	int fd;

	if ((fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)) == -1)
		return;
	if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) &&
	    st.st_size <= INPUT_MAX &&
	    (buf = malloc((size_t)st.st_size + 1)) != NULL) {
		n = read(fd, buf, (size_t)st.st_size);
		if (n == st.st_size)
			add_seed(buf, (size_t)n);
		free(buf);
	}
	close(fd);
}

/* Each regular file of dir, in name order so that runs repeat. */
static int
add_path(const char *path)
{
	struct dirent **names;
	struct stat st;
	char file[4096];
	int n;

	if (stat(path, &st) != 0) {
		fprintf(stderr, "fuzz: %s: %s\n", path, strerror(errno));
		return (-1);
	}
	if (!S_ISDIR(st.st_mode)) {
		add_file(path);
		return (0);
	}
	if ((n = scandir(path, &names, NULL, alphasort)) < 0) {
		fprintf(stderr, "fuzz: %s: %s\n", path, strerror(errno));
		return (-1);
	}
	for (int i = 0; i < n; i++) {
		if (names[i]->d_name[0] != '.' && (size_t)snprintf(file,
		    sizeof(file), "%s/%s", path, names[i]->d_name) <
		    sizeof(file))
			add_file(file);
		free(names[i]);
	}
	free(names);
	return (0);
}

/* xorshift64*: the same sequence everywhere for one seed. */
static uint64_t rng_state;

static uint64_t
rnd(void)
{
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return (rng_state * 0x2545F4914F6CDD1DULL);
}

static size_t
below(size_t n)
{
	return (n > 0 ? (size_t)(rnd() % n) : 0);
}

/* Values that sit on the edges of sizes, offsets and counts. */
static const uint64_t edges[] = { 0, 1, 2, 0x7f, 0x80, 0xff, 0x100,
	0x7fff, 0x8000, 0xffff, 0x10000, 0x7fffffff, 0x80000000, 0xffffffff,
	0x100000000ULL, 0x7fffffffffffffffULL, 0x8000000000000000ULL,
	UINT64_MAX, 64, 4096 };
/* Bytes that mean something to the text formats. */
static const char tokens[] = "\n\\\"'{}[];:=$/.*#\t ,\0%";

/* One mutation of buf (len bytes, room for cap) in place; the new len. */
static size_t
mutate_once(uint8_t *buf, size_t len, size_t cap)
{
	size_t at = below(len), n, from;
	const struct seed *o;
	uint64_t v;

	switch (rnd() % 10) {
	case 0:		/* flip a bit */
		if (len > 0)
			buf[at] ^= (uint8_t)(1u << (rnd() % 8));
		return (len);
	case 1:		/* a random byte */
		if (len > 0)
			buf[at] = (uint8_t)rnd();
		return (len);
	case 2:		/* a token byte */
		if (len > 0)
			buf[at] = (uint8_t)tokens[below(sizeof(tokens) - 1)];
		return (len);
	case 3:		/* an edge value, 1, 2, 4 or 8 bytes, either order */
		n = (size_t)1 << (rnd() % 4);
		if (len < n)
			return (len);
		at = below(len - n + 1);
		v = edges[below(sizeof(edges) / sizeof(edges[0]))];
		if (rnd() & 1)
			v = ~v + 1;	/* and their negatives */
		for (size_t i = 0; i < n; i++)
			buf[at + i] = (uint8_t)(v >> (8 * ((rnd() & 1) ?
			    i : n - 1 - i)));
		return (len);
	case 4:		/* delete a run */
		if (len == 0)
			return (len);
		n = 1 + below(len - at < 64 ? len - at : 64);
		memmove(buf + at, buf + at + n, len - at - n);
		return (len - n);
	case 5:		/* insert random bytes */
		n = 1 + below(16);
		if (len + n > cap)
			return (len);
		memmove(buf + at + n, buf + at, len - at);
		for (size_t i = 0; i < n; i++)
			buf[at + i] = (uint8_t)rnd();
		return (len + n);
	case 6:		/* duplicate a run: repeats, nesting, long words */
		if (len == 0)
			return (len);
		from = below(len);
		n = 1 + below(len - from < 256 ? len - from : 256);
		if (len + n > cap)
			return (len);
		memmove(buf + at + n, buf + at, len - at);
		memmove(buf + at, buf + (from < at ? from : from + n), n);
		return (len + n);
	case 7:		/* overwrite with a run of another seed */
		o = &seeds[below(nseeds)];
		if (o->len == 0 || len == 0)
			return (len);
		from = below(o->len);
		n = 1 + below(o->len - from);
		if (n > len - at)
			n = len - at;
		memcpy(buf + at, o->data + from, n);
		return (len);
	case 8:		/* truncate */
		return (below(len + 1));
	default:	/* copy a run within */
		if (len < 2)
			return (len);
		from = below(len);
		n = 1 + below(len - (from > at ? from : at));
		memmove(buf + at, buf + from, n);
		return (len);
	}
}

static void
on_crash(int sig)
{
	char name[64];
	int fd;

	snprintf(name, sizeof(name), "crash-%lu", currun);
	if ((fd = open(name, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC,
	    0644)) != -1) {
		if (write(fd, cur, curlen) < 0)
			(void)0;
		close(fd);
	}
	signal(sig, SIG_DFL);
	raise(sig);
}

static void
run(const uint8_t *data, size_t len)
{
	uint8_t *copy = malloc(len > 0 ? len : 1);

	if (copy == NULL)
		abort();
	/* an exact-size copy, so that ASan sees a read past its end */
	if (len > 0)
		memcpy(copy, data, len);
	cur = copy;
	curlen = len;
	(void)LLVMFuzzerTestOneInput(copy, len);
	free(copy);
	currun++;
}

static double
now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ((double)ts.tv_sec + (double)ts.tv_nsec / 1e9);
}

int
main(int argc, char **argv)
{
	unsigned long runs = 100000, seed = 1;
	double limit = 5, start;
	uint8_t *buf;
	size_t len;
	int c;

	while ((c = getopt(argc, argv, "n:t:s:")) != -1) {
		if (c == 'n')
			runs = strtoul(optarg, NULL, 10);
		else if (c == 't')
			limit = strtod(optarg, NULL);
		else if (c == 's')
			seed = strtoul(optarg, NULL, 10);
		else {
			fprintf(stderr, "usage: %s [-n RUNS] [-t SECONDS] "
			    "[-s SEED] [FILE|DIR]...\n", argv[0]);
			return (2);
		}
	}
	for (int i = optind; i < argc; i++)
		if (add_path(argv[i]) != 0)
			return (1);
	jt_fuzz_seeds(add_seed);
	add_seed("", 0);
	signal(SIGSEGV, on_crash);
	signal(SIGBUS, on_crash);
	signal(SIGABRT, on_crash);
	signal(SIGFPE, on_crash);
	signal(SIGILL, on_crash);
	rng_state = 0x9E3779B97F4A7C15ULL ^ (uint64_t)seed;
	start = now();
	for (size_t i = 0; i < nseeds; i++)
		run(seeds[i].data, seeds[i].len);
	if ((buf = malloc(INPUT_MAX)) == NULL)
		return (1);
	while (currun < runs + nseeds && now() - start < limit) {
		const struct seed *s = &seeds[below(nseeds)];
		int k = 1 + (int)below(8);	/* stacked mutations */

		len = s->len;
		memcpy(buf, s->data, len);
		while (k-- > 0)
			len = mutate_once(buf, len, INPUT_MAX);
		run(buf, len);
	}
	printf("%s: %lu inputs from %zu seeds in %.1f s, no crash\n", argv[0],
	    currun, nseeds, now() - start);
	free(buf);
	for (size_t i = 0; i < nseeds; i++)
		free(seeds[i].data);
	return (0);
}
