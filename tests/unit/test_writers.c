/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Every writer of the output table (write.h jt_writers()) on a small
 * tmpfs of its own (a private mount namespace, so root only):
 *   - filled up so that each output runs out of space midway: the writer
 *     fails and leaves nothing behind (no temporary sibling, no partial
 *     output), and an output that existed keeps its old bytes;
 *   - with room: the writer succeeds and replaces the old file by a
 *     rename (a new inode), so a reader holding the old file still reads
 *     all of it and a reader opening the path sees the old file or the
 *     new one, never a truncated or half-written one;
 *   - each row's check then refuses the output it made without --force.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/mount.h>
#include <sys/stat.h>

#include <archive.h>
#include <archive_entry.h>

#include "jailtrim/source.h"
#include "jailtrim/write.h"
#include "mktar.h"
#include "tap.h"

#define BIG	(2 * 1024 * 1024)	/* two fit in the tmpfs */
#define NDIRS	300			/* an mtree of ~25 KB */
#define NPARAMS	40			/* a stanza of ~16 KB */
#define OLD	"old content\n"

static char tmp[256], mnt[300];

/* The file outputs and their names on the tmpfs; "dir" is a directory. */
static const char *
out_name(const char *kind)
{
	if (strcmp(kind, "dir") == 0)
		return ("out.d");
	if (strcmp(kind, "tar") == 0)
		return ("out.tar");
	if (strcmp(kind, "mtree") == 0)
		return ("out.mtree");
	if (strcmp(kind, "jailconf") == 0)
		return ("jail.conf");
	return (NULL);
}

/* Entries of mnt, but expected ones; names the first stray one. */
static bool
only_expected(const char *const *want, size_t nwant, char *stray, size_t len)
{
	struct dirent *d;
	DIR *dp = opendir(mnt);
	bool clean = true;

	if (dp == NULL)
		return (false);
	while ((d = readdir(dp)) != NULL) {
		bool known = strcmp(d->d_name, ".") == 0 ||
		    strcmp(d->d_name, "..") == 0;

		for (size_t i = 0; !known && i < nwant; i++)
			known = strcmp(d->d_name, want[i]) == 0;
		if (!known && clean) {
			snprintf(stray, len, "%s", d->d_name);
			clean = false;
		}
	}
	closedir(dp);
	return (clean);
}

static bool
has_bytes(const char *path, const char *want)
{
	char buf[64] = "";
	int fd = open(path, O_RDONLY);
	ssize_t n;

	if (fd == -1)
		return (false);
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	return (n == (ssize_t)strlen(want) && memcmp(buf, want, (size_t)n) == 0);
}

/* Fill the tmpfs but for two pages: whatever is bigger cannot fit. */
static bool
fill(void)
{
	static char block[4096];
	int fd = open(tap_path(mnt, "filler"), O_WRONLY | O_CREAT | O_TRUNC,
	    0600);
	off_t size = 0;

	if (fd == -1)
		return (false);
	memset(block, 'f', sizeof(block));
	while (write(fd, block, sizeof(block)) == (ssize_t)sizeof(block))
		size += (off_t)sizeof(block);
	if (errno != ENOSPC || size < 8192 || ftruncate(fd, size - 8192) != 0) {
		close(fd);
		return (false);
	}
	return (close(fd) == 0);
}

static struct jt_plan *
make_plan(struct jt_source *s, char *big)
{
	struct jt_plan *p;
	struct jt_err err;
	char path[64];
	int rc;

	if (jt_plan_new(&p, s, &err) != 0)
		return (NULL);
	/* Bytes xz or a page cache cannot shrink: a simple LCG. */
	for (size_t i = 0, x = 12345; i < BIG; i++) {
		x = x * 1103515245 + 12345;
		big[i] = (char)(x >> 16);
	}
	rc = jt_plan_add_data(p, "/big", big, BIG, 0644, "test", &err);
	for (int i = 0; rc == 0 && i < NDIRS; i++) {
		snprintf(path, sizeof(path), "/d%03d", i);
		rc = jt_plan_add_dir(p, path, 0755, "root", "wheel", "test",
		    &err);
	}
	if (rc != 0) {
		ok(false, "plan: %s", err.msg);
		jt_plan_free(p);
		return (NULL);
	}
	return (p);
}

/* Each writer on a full tmpfs: an error, and nothing left of it. */
static void
full(const struct jt_writer *w, size_t nw, const struct jt_output *out)
{
	const char *want[8] = { "filler" };
	struct jt_err err;
	size_t nwant = 1;
	char stray[256] = "";

	for (size_t i = 0; i < nw; i++)
		if (strcmp(w[i].kind, "dir") != 0)
			want[nwant++] = out_name(w[i].kind);
	ok(fill(), "tmpfs filled");
	for (size_t i = 0; i < nw; i++) {
		const char *name = out_name(w[i].kind);
		int rc = w[i].write(out, tap_path(mnt, name), &err);

		ok(rc < 0, "%s: fails on a full filesystem (%d: %s)", w[i].kind,
		    rc, rc < 0 ? err.msg : "written");
		ok(only_expected(want, nwant, stray, sizeof(stray)),
		    "%s: leaves nothing behind (stray '%s')", w[i].kind,
		    stray);
		if (strcmp(w[i].kind, "dir") != 0)
			ok(has_bytes(tap_path(mnt, name), OLD),
			    "%s: the old %s is intact", w[i].kind, name);
	}
	ok(unlink(tap_path(mnt, "filler")) == 0, "room made");
}

/* Each writer with room: the old file is replaced, never rewritten. */
static void
room(const struct jt_writer *w, size_t nw, const struct jt_output *out)
{
	const struct jt_write_opts keep = { .force = false };
	const char *want[8];
	struct jt_err err;
	struct stat before, after;
	size_t nwant = 0;
	char stray[256] = "", buf[64];

	for (size_t i = 0; i < nw; i++)
		want[nwant++] = out_name(w[i].kind);
	for (size_t i = 0; i < nw; i++) {
		const char *name = out_name(w[i].kind);
		const char *path = tap_path(mnt, name);
		bool file = strcmp(w[i].kind, "dir") != 0;
		int rc, fd = file ? open(path, O_RDONLY) : -1;

		ok(!file || (fd != -1 && fstat(fd, &before) == 0),
		    "%s: old file open", w[i].kind);
		rc = w[i].write(out, path, &err);
		ok(rc == 0, "%s: written (%s)", w[i].kind, rc ? err.msg : "ok");
		ok(stat(path, &after) == 0 && (file ? S_ISREG(after.st_mode) &&
		    after.st_size > 1000 : S_ISDIR(after.st_mode)),
		    "%s: %s in place", w[i].kind, name);
		if (file) {
			ssize_t n = pread(fd, buf, sizeof(buf), 0);

			ok(after.st_ino != before.st_ino,
			    "%s: a new file renamed into place", w[i].kind);
			ok(n == (ssize_t)strlen(OLD) && memcmp(buf, OLD,
			    strlen(OLD)) == 0, "%s: the old file, still open, "
			    "was never touched", w[i].kind);
			close(fd);
		}
		ok(only_expected(want, nwant, stray, sizeof(stray)),
		    "%s: no temporary left (stray '%s')", w[i].kind, stray);
		/* The row's own check: the output now there is kept. */
		ok(w[i].check(path, &keep, &err) == JT_EINVAL,
		    "%s: its check refuses to replace it without --force",
		    w[i].kind);
		rc = w[i].check(path, &out->opts, &err);
		ok(rc == 0, "%s: and allows it with --force (%s)", w[i].kind,
		    rc ? err.msg : "ok");
	}
}

/* A private tmpfs of 8 MiB at mnt, gone with this process. */
static bool
own_tmpfs(void)
{
	return (unshare(CLONE_NEWNS) == 0 &&
	    mount("none", "/", NULL, MS_REC | MS_PRIVATE, NULL) == 0 &&
	    mount("tmpfs", mnt, "tmpfs", 0, "size=8m,mode=0755") == 0);
}

int
main(void)
{
	struct tar_member base[] = {
		{ "./etc/passwd", AE_IFREG, 0644,
		    "root:*:0:0:Charlie &:/root:/bin/csh\n", NULL },
		{ "./etc/group", AE_IFREG, 0644, "wheel:*:0:root\n", NULL },
	};
	static char params[NPARAMS][500];
	const char *pv[NPARAMS];
	const struct jt_writer *w;
	struct jt_jailspec spec = { 0 };
	struct jt_jailconf jc = { .name = "big", .path = "/jails/big",
	    .exec_start = "/bin/true" };
	struct jt_output out = { .spec = &spec, .jailconf = &jc,
	    .opts = { .force = true } };
	struct jt_source *s;
	struct jt_err err;
	char arc[300], *big;
	size_t nw;

	if (geteuid() != 0)
		tap_skip_all("not root: no tmpfs of our own to fill");
	snprintf(tmp, sizeof(tmp), "%s/jt-writers-XXXXXX",
	    getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
	if (mkdtemp(tmp) == NULL)
		return (1);
	snprintf(mnt, sizeof(mnt), "%s/fs", tmp);
	snprintf(arc, sizeof(arc), "%s/base.tar", tmp);
	if (mkdir(mnt, 0700) != 0 || !own_tmpfs()) {
		printf("# cannot mount a tmpfs: %s\n", strerror(errno));
		rmdir(mnt);
		rmdir(tmp);
		tap_skip_all("no private tmpfs (unshare -m) on this host");
	}
	mktar(arc, base, sizeof(base) / sizeof(base[0]));
	jt_source_new(&s, &err);
	ok(jt_source_add(s, arc, &err) == 0, "source");
	big = malloc(BIG);
	spec.plan = make_plan(s, big);
	for (int i = 0; i < NPARAMS; i++) {
		snprintf(params[i], sizeof(params[i]), "allow.x%02d=", i);
		memset(params[i] + 10, 'v', sizeof(params[i]) - 11);
		pv[i] = params[i];
	}
	jc.params = pv;
	jc.nparams = NPARAMS;
	w = jt_writers(&nw);
	ok(nw >= 4 && nw < 8, "the table has the four outputs (%zu)", nw);
	for (size_t i = 0; i < nw; i++) {
		const char *name = out_name(w[i].kind);

		ok(name != NULL, "writer '%s' known to this test", w[i].kind);
		if (name == NULL)
			return (tap_done());
		if (strcmp(w[i].kind, "dir") != 0) {
			int fd = open(tap_path(mnt, name), O_WRONLY | O_CREAT,
			    0644);

			ok(fd != -1 && write(fd, OLD, strlen(OLD)) ==
			    (ssize_t)strlen(OLD) && close(fd) == 0,
			    "old %s", name);
		}
	}
	if (spec.plan != NULL) {
		full(w, nw, &out);
		room(w, nw, &out);
	}
	jt_plan_free(spec.plan);
	jt_source_free(s);
	free(big);
	(void)umount2(mnt, MNT_DETACH);
	{
		char cmd[300];

		snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmp);
		if (system(cmd) != 0)
			printf("# cleanup failed: %s\n", cmd);
	}
	return (tap_done());
}
