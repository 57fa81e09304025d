/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The library's removal routine (jt_write_dir_remove, fs_remove_tree):
 * a 20,000-level tree removed without a crash, symbolic links not
 * followed, immutable files of the tree removed, and a bind mount inside
 * the tree refused with the host's files behind it intact.  The mount
 * cases run in a private mount namespace (root only; skipped otherwise).
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/mount.h>
#include <sys/stat.h>
#ifdef __linux__
#include <linux/fs.h>
#include <sys/ioctl.h>
#endif

#include "jailtrim/write.h"
#include "fsutil.h"
#include "tap.h"

#define DEPTH	20000

static char base[512];

static void
put(const char *dir, const char *name, const char *text)
{
	char p[PATH_MAX];
	FILE *f;

	(void)snprintf(p, sizeof(p), "%s/%s", dir, name);
	if ((f = fopen(p, "w")) != NULL) {
		fputs(text, f);
		fclose(f);
	}
}

static bool
exists(const char *dir, const char *name)
{
	char p[PATH_MAX];
	struct stat st;

	(void)snprintf(p, sizeof(p), "%s/%s", dir, name);
	return (lstat(p, &st) == 0);
}

/* DEPTH nested directories "d", a file at the bottom, built by fd. */
static bool
make_deep(const char *top)
{
	int fd, nfd;

	if (mkdir(top, 0755) != 0 ||
	    (fd = open(top, O_RDONLY | O_DIRECTORY)) == -1)
		return (false);
	for (int i = 0; i < DEPTH; i++) {
		if (mkdirat(fd, "d", 0755) != 0 ||
		    (nfd = openat(fd, "d", O_RDONLY | O_DIRECTORY)) == -1) {
			close(fd);
			return (false);
		}
		close(fd);
		fd = nfd;
	}
	nfd = openat(fd, "bottom", O_WRONLY | O_CREAT, 0644);
	close(fd);
	if (nfd == -1)
		return (false);
	close(nfd);
	return (true);
}

static void
deep(void)
{
	char top[PATH_MAX];

	(void)snprintf(top, sizeof(top), "%s/deep", base);
	ok(make_deep(top), "a %d-level tree made", DEPTH);
	ok(jt_write_dir_remove(top), "the %d-level tree removed", DEPTH);
	ok(!exists(base, "deep"), "nothing of it left");
}

static void
links_and_flags(void)
{
	char top[1024], host[1024], p[PATH_MAX];
	int fd, fl;

	(void)snprintf(top, sizeof(top), "%s/t", base);
	(void)snprintf(host, sizeof(host), "%s/host", base);
	(void)mkdir(host, 0755);
	put(host, "keep", "host file\n");
	(void)mkdir(top, 0755);
	(void)snprintf(p, sizeof(p), "%s/sub", top);
	(void)mkdir(p, 0755);
	(void)snprintf(p, sizeof(p), "%s/sub/tohost", top);
	ok(symlink(host, p) == 0, "symlink %s", p);
	(void)snprintf(p, sizeof(p), "%s/sub/tofile", top);
	{
		char target[PATH_MAX];

		(void)snprintf(target, sizeof(target), "%s/keep", host);
		ok(symlink(target, p) == 0, "symlink %s", p);
	}
	put(top, "frozen", "immutable\n");
#ifdef __linux__
	(void)snprintf(p, sizeof(p), "%s/frozen", top);
	if ((fd = open(p, O_RDONLY)) != -1) {
		if (ioctl(fd, FS_IOC_GETFLAGS, &fl) == 0) {
			fl |= FS_IMMUTABLE_FL;
			(void)ioctl(fd, FS_IOC_SETFLAGS, &fl);
		}
		close(fd);
	}
#else
	(void)fd;
	(void)fl;
#endif
	ok(jt_write_dir_remove(top), "tree with links and an immutable file "
	    "removed");
	ok(!exists(base, "t"), "nothing of it left");
	ok(exists(host, "keep") && exists(base, "host"),
	    "symbolic links to the host not followed");
}

/* A bind mount of a host directory inside the tree: refused, kept. */
static void
mounts(void)
{
	char top[1024], host[1024], mp[1024];
	struct jt_strv list = { 0 };
	struct jt_err err;
	int pfd, rc;

#ifdef __linux__
	if (geteuid() != 0 || unshare(CLONE_NEWNS) != 0 ||
	    mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) != 0) {
		ok(true, "# SKIP mount cases: need root and a private mount "
		    "namespace");
		return;
	}
#else
	ok(true, "# SKIP mount cases: Linux only here");
	return;
#endif
	(void)snprintf(top, sizeof(top), "%s/m", base);
	(void)snprintf(host, sizeof(host), "%s/hostdir", base);
	(void)mkdir(host, 0755);
	put(host, "precious", "host data\n");
	(void)mkdir(top, 0755);
	put(top, "a", "a\n");
	(void)snprintf(mp, sizeof(mp), "%s/m/x", base);
	(void)mkdir(mp, 0755);
	(void)snprintf(mp, sizeof(mp), "%s/m/x/y", base);
	(void)mkdir(mp, 0755);
	if (mount(host, mp, NULL, MS_BIND, NULL) != 0) {
		ok(false, "bind mount %s: %s", mp, strerror(errno));
		return;
	}
	ok(fs_mounts_below(top, &list, &err) == 0 && list.n == 1 &&
	    strstr(list.v[0], "/m/x/y") != NULL, "the mount point found below "
	    "the tree");
	strv_free(&list);
	ok(fs_refuse_mounts(top, &err) == JT_EESCAPE &&
	    strstr(err.msg, "/m/x/y") != NULL, "refusal names it: %s", err.msg);
	ok(!jt_write_dir_remove(top), "removal across the mount refused");
	ok(exists(host, "precious"), "the host's file behind the mount kept");
	pfd = open(base, O_RDONLY | O_DIRECTORY);
	rc = fs_remove_tree(pfd, "m", top, false, &err);
	ok(rc == JT_EESCAPE && strstr(err.path, "m/x/y") != NULL,
	    "the walk stops at the mount and names it: %s: %s", err.path,
	    err.msg);
	ok(exists(host, "precious"), "still kept");
	(void)umount2(mp, MNT_DETACH);
	rc = fs_remove_tree(pfd, "m", top, false, &err);
	ok(rc == 0 && !exists(base, "m"), "removed once unmounted");
	close(pfd);
}

int
main(void)
{
	const char *w = getenv("JT_TEST_WORK");
	char cmd[PATH_MAX + 32];

	(void)snprintf(base, sizeof(base), "%s/rmtree-XXXXXX",
	    w != NULL ? w : "/tmp");
	if (w != NULL)
		(void)mkdir(w, 0755);
	if (mkdtemp(base) == NULL)
		tap_skip_all("cannot make a scratch directory");
	deep();
	links_and_flags();
	mounts();
	(void)snprintf(cmd, sizeof(cmd), "chattr -R -i '%s' 2>/dev/null; "
	    "rm -rf '%s'", base, base);
	if (system(cmd) != 0)
		fprintf(stderr, "# cannot clean %s\n", base);
	return (tap_done());
}
