/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Sources against inputs made to exhaust them (issue 9): a tree deeper
 * than any C stack, paths longer than PATH_MAX, fewer descriptors than
 * directories, a FIFO named as a source.  The walk must be whole, or fail
 * with a clear error; never crash, never silently skip.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/resource.h>
#include <sys/stat.h>

#include <archive_entry.h>

#include "jailtrim/source.h"
#include "mktar.h"
#include "tap.h"

static char work[1024];

struct count {
	size_t	 n, dirs, deepest;
};

static int
count_one(void *arg, const char *path, const struct jt_stat *st)
{
	struct count *c = arg;
	size_t len = strlen(path);

	c->n++;
	c->dirs += st->type == JT_FT_DIR;
	if (len > c->deepest)
		c->deepest = len;
	return (0);
}

/* "d/d/.../f", levels deep. */
static char *
deep_name(size_t levels)
{
	char *s = malloc(levels * 2 + 2);

	for (size_t i = 0; i < levels; i++)
		memcpy(s + 2 * i, "d/", 2);
	memcpy(s + 2 * levels, "f", 2);
	return (s);
}

static int
walk_tar(size_t levels, struct count *c, struct jt_err *err)
{
	char path[2048], *name = deep_name(levels);
	struct jt_source *s;
	struct tar_member m = { name, AE_IFREG, 0, "x\n", NULL };
	int rc;

	snprintf(path, sizeof(path), "%s/deep%zu.tar", work, levels);
	mktar(path, &m, 1);
	free(name);
	memset(c, 0, sizeof(*c));
	if ((rc = jt_source_new(&s, err)) == 0 &&
	    (rc = jt_source_add(s, path, err)) == 0)
		rc = jt_source_walk(s, count_one, c, err);
	jt_source_free(s);
	return (rc);
}

/* Implied parents: 2,000 levels are walked whole, no frame per level. */
static void
test_deep_tar(void)
{
	struct jt_err err = { 0 };
	struct count c;
	int rc;

	rc = walk_tar(2000, &c, &err);
	ok(rc == 0, "2,000-level tarball walked (%d %s)", rc, err.msg);
	ok(c.n == 2001 && c.dirs == 2000, "every level seen (%zu, %zu dirs)",
	    c.n, c.dirs);
	ok(c.deepest == 4002, "down to the file (%zu bytes)", c.deepest);
	/* 20,000 levels: a 40,001-byte name, refused by name. */
	rc = walk_tar(20000, &c, &err);
	ok(rc == JT_EINVAL && err.sys_errno == ENAMETOOLONG,
	    "20,000-level tarball refused (%d)", rc);
	ok(strncmp(err.path, "d/d/d/d/", 8) == 0 &&
	    strstr(err.msg, "longer than") != NULL,
	    "the error names the path's start: %s: %s", err.path, err.msg);
}

/* levels of "d" under dir, made relative to each level's descriptor. */
static void
mkdeep(const char *dir, size_t levels)
{
	int fd = open(dir, O_RDONLY | O_DIRECTORY), nfd;

	for (size_t i = 0; i < levels && fd != -1; i++) {
		(void)mkdirat(fd, "d", 0755);
		nfd = openat(fd, "d", O_RDONLY | O_DIRECTORY);
		close(fd);
		fd = nfd;
	}
	if (fd != -1)
		close(fd);
}

static int
walk_dir(const char *dir, struct count *c, struct jt_err *err)
{
	struct jt_source *s;
	int rc;

	memset(c, 0, sizeof(*c));
	if ((rc = jt_source_new(&s, err)) == 0 &&
	    (rc = jt_source_add(s, dir, err)) == 0)
		rc = jt_source_walk(s, count_one, c, err);
	jt_source_free(s);
	return (rc);
}

static void
test_deep_dir(void)
{
	char dir[2048];
	struct jt_err err = { 0 };
	struct count c;
	int rc;

	snprintf(dir, sizeof(dir), "%s/deepdir", work);
	(void)mkdir(dir, 0755);
	mkdeep(dir, 2000);
	rc = walk_dir(dir, &c, &err);
	ok(rc == 0 && c.n == 2000, "2,000-level directory walked (%d, %zu)",
	    rc, c.n);
	mkdeep(dir, 3000);		/* 3,000 levels: 6,000 bytes */
	rc = walk_dir(dir, &c, &err);
	ok(rc == JT_EINVAL && strstr(err.msg, "longer than") != NULL,
	    "3,000-level directory refused, not cut short (%d %s)", rc,
	    err.msg);
}

/* 300 directories side by side, walked under a limit of 24 files. */
static void
test_descriptors(void)
{
	char dir[2048], sub[2048 + 16];
	struct rlimit old, low;
	struct jt_err err = { 0 };
	struct count c;
	int rc;

	snprintf(dir, sizeof(dir), "%s/wide", work);
	(void)mkdir(dir, 0755);
	for (int i = 0; i < 300; i++) {
		snprintf(sub, sizeof(sub), "%s/%03d", dir, i);
		(void)mkdir(sub, 0755);
		mkdeep(sub, 2);
	}
	rc = walk_dir(dir, &c, &err);
	ok(rc == 0 && c.n == 900, "unlimited: 900 entries (%zu)", c.n);
	if (getrlimit(RLIMIT_NOFILE, &old) != 0)
		return;
	low = old;
	low.rlim_cur = 24;
	ok(setrlimit(RLIMIT_NOFILE, &low) == 0, "ulimit -n 24");
	rc = walk_dir(dir, &c, &err);
	ok(rc == 0 && c.n == 900, "ulimit -n 24: all 900 entries (%d %s, %zu)",
	    rc, err.msg, c.n);
	(void)setrlimit(RLIMIT_NOFILE, &old);
}

static void
test_fifo(void)
{
	char path[2048];
	struct jt_source *s;
	struct jt_err err = { 0 };
	int rc;

	snprintf(path, sizeof(path), "%s/fifo", work);
	(void)unlink(path);
	if (mkfifo(path, 0644) != 0) {
		ok(false, "mkfifo: %s", strerror(errno));
		return;
	}
	/* A hang here would be the test's timeout. */
	if ((rc = jt_source_new(&s, &err)) == 0)
		rc = jt_source_add(s, path, &err);
	jt_source_free(s);
	ok(rc == JT_EUNSUPP && strstr(err.msg, "FIFO") != NULL,
	    "a FIFO source is refused at once: %s", err.msg);
}

int
main(void)
{
	const char *base = getenv("JT_TEST_WORK");

	snprintf(work, sizeof(work), "%s/source_limits.XXXXXX",
	    base != NULL ? base : "/tmp");
	if (base != NULL)
		(void)mkdir(base, 0755);
	if (mkdtemp(work) == NULL)
		tap_skip_all("cannot create a work directory");
	test_deep_tar();
	test_deep_dir();
	test_descriptors();
	test_fifo();
	{
		char cmd[sizeof(work) + 16];

		snprintf(cmd, sizeof(cmd), "rm -rf '%s'", work);
		if (system(cmd) != 0)
			printf("# cleanup failed: %s\n", cmd);
	}
	return (tap_done());
}
