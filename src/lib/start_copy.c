/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * When no overlay can be made over a jail (an overlay refused by the
 * kernel: nested overlays in CI exceed its stacking depth; a file system
 * that cannot be idmapped, such as overlayfs or ramfs), the jail is
 * started from a throw-away copy on the run's tmpfs instead: never from
 * the jail itself, which must not be written.  Owners are shifted into
 * the user namespace's range as the idmapped mount would show them.
 *
 * Regular files, directories, symbolic links and FIFOs are copied with
 * their modes and owners; hard links become separate files; device
 * nodes and sockets are left out (the jail gets a /dev of its own).  The
 * walk follows no link and enters no directory mounted on another file
 * system (by the directories' st_dev only: overlayfs reports its files
 * with their layer's, so FTW_MOUNT would skip them).
 */
#if defined(__linux__)

#include <sys/types.h>
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "start_int.h"

/* nftw(3) passes no argument to its callback: one copy at a time. */
static struct {
	const char	*from, *to;
	size_t		 fromlen;
	unsigned long	 shift;
	dev_t		 dev;		/* the jail's file system */
	char		 failed[PATH_MAX + 64];
} cp;

/* A jail id as the user namespace shows it; others stay unmapped. */
static unsigned long
shifted(unsigned long id)
{
	return (id < START_IDS ? id + cp.shift : id);
}

static int
copy_data(const char *src, const char *dst, const struct stat *st)
{
	char buf[65536];
	ssize_t n, w;
	int in, out, rc = -1;

	if ((in = open(src, O_RDONLY | O_NOFOLLOW | O_NONBLOCK |
	    O_CLOEXEC)) < 0)
		return (-1);
	if ((out = open(dst, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW |
	    O_CLOEXEC, 0600)) < 0)
		goto out;
	while ((n = read(in, buf, sizeof(buf))) > 0)
		if ((w = write(out, buf, (size_t)n)) != n) {
			if (w >= 0)	/* a short write: the tmpfs is full */
				errno = ENOSPC;
			goto out;
		}
	/* chown clears set-id bits: the mode after it */
	if (n == 0 && fchown(out, (uid_t)shifted(st->st_uid),
	    (gid_t)shifted(st->st_gid)) == 0 &&
	    fchmod(out, st->st_mode & 07777) == 0)
		rc = 0;
out:
	if (out >= 0 && close(out) != 0)
		rc = -1;
	(void)close(in);
	return (rc);
}

static int
copy_one(const char *path, const struct stat *st, int type, struct FTW *f)
{
	char dst[PATH_MAX], link[PATH_MAX];
	ssize_t n;
	int rc = 0;

	if (type == FTW_D && f->level == 0)
		cp.dev = st->st_dev;
	else if (type == FTW_D && st->st_dev != cp.dev)
		return (FTW_SKIP_SUBTREE);	/* a mount point */
	if (snprintf(dst, sizeof(dst), "%s%s", cp.to, path + cp.fromlen) >=
	    (int)sizeof(dst)) {
		errno = ENAMETOOLONG;
		rc = -1;
	} else if (type == FTW_D) {
		if (path[cp.fromlen] != '\0' && mkdir(dst, 0700) != 0)
			rc = -1;
		else if (lchown(dst, (uid_t)shifted(st->st_uid),
		    (gid_t)shifted(st->st_gid)) != 0 ||
		    chmod(dst, st->st_mode & 07777) != 0)
			rc = -1;
	} else if (type == FTW_SL) {
		if ((n = readlink(path, link, sizeof(link) - 1)) < 0)
			rc = -1;
		else {
			link[n] = '\0';
			rc = symlink(link, dst) != 0 || lchown(dst,
			    (uid_t)shifted(st->st_uid),
			    (gid_t)shifted(st->st_gid)) != 0 ? -1 : 0;
		}
	} else if (type == FTW_F && S_ISREG(st->st_mode))
		rc = copy_data(path, dst, st);
	else if (type == FTW_F && S_ISFIFO(st->st_mode))
		rc = mkfifo(dst, st->st_mode & 07777) != 0 || lchown(dst,
		    (uid_t)shifted(st->st_uid), (gid_t)shifted(st->st_gid)) !=
		    0 ? -1 : 0;
	else if (type == FTW_DNR || type == FTW_NS) {
		errno = EACCES;
		rc = -1;
	}
	if (rc == 0)
		return (FTW_CONTINUE);
	(void)snprintf(cp.failed, sizeof(cp.failed), "%s: %s", path,
	    strerror(errno));
	return (FTW_STOP);
}

int
start_copy(const char *root, const char *to, unsigned long shift, char *why,
    size_t len)
{
	cp.from = root;
	cp.fromlen = strlen(root);
	while (cp.fromlen > 1 && root[cp.fromlen - 1] == '/')
		cp.fromlen--;
	cp.to = to;
	cp.shift = shift;
	cp.failed[0] = '\0';
	if (nftw(root, copy_one, 64, FTW_PHYS | FTW_ACTIONRETVAL) == 0)
		return (0);
	(void)snprintf(why, len, "a copy of the jail: %s", cp.failed[0] !=
	    '\0' ? cp.failed : strerror(errno));
	return (-1);
}

#endif /* __linux__ */
