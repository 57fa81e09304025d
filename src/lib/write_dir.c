/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The directory writer.  Everything is created inside a fresh temporary
 * sibling, one component at a time with O_NOFOLLOW from its descriptor,
 * so nothing can be written outside it; the finished tree is exchanged
 * with the destination, both named from one descriptor of their parent,
 * so a parent renamed meanwhile cannot redirect the exchange or the
 * removal of the old tree.  Directory modes and owners are set last,
 * deepest first, so read-only directories (/var/empty 0555) can be filled.
 */
#include <errno.h>
#include <fcntl.h>
#include <dirent.h>
#include <signal.h>
#include <time.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#ifdef __linux__
#include <linux/fs.h>
#include <sys/ioctl.h>
#endif

#include "jailtrim/write.h"
#include "fsutil.h"
#include "util.h"

/* Descriptor of directory rel (relative to rootfd), no symlink followed. */
static int
open_dir(int rootfd, const char *rel)
{
	char comp[NAME_MAX + 1];
	const char *p = rel;
	int fd = dup(rootfd), nfd;
	size_t n;

	while (fd != -1 && *p != '\0') {
		while (*p == '/')
			p++;
		if ((n = strcspn(p, "/")) == 0)
			break;
		if (n > NAME_MAX) {
			close(fd);
			errno = ENAMETOOLONG;
			return (-1);
		}
		memcpy(comp, p, n);
		comp[n] = '\0';
		nfd = openat(fd, comp, O_RDONLY | O_DIRECTORY | O_NOFOLLOW |
		    O_CLOEXEC);
		close(fd);
		fd = nfd;
		p += n;
	}
	return (fd);
}

static int
put_entry(struct jt_plan *p, int rootfd, const struct jt_plan_entry *e,
    const struct jt_write_opts *o, struct jt_err *err)
{
	char dir[PATH_MAX];
	const char *base = path_basename(e->path);
	const void *data;
	size_t len, done = 0;
	struct timespec ts[2] = { { o->epoch, 0 }, { o->epoch, 0 } };
	int pfd, fd, rc = 0;

	path_dirname(dir, sizeof(dir), e->path);
	if ((pfd = open_dir(rootfd, dir)) == -1)
		return (jt_err_set(err, JT_EIO, errno, e->path,
		    "cannot open its directory in the new tree"));
	switch (e->type) {
	case JT_FT_DIR:
		if (mkdirat(pfd, base, 0700) != 0)
			rc = jt_err_set(err, JT_EIO, errno, e->path, "mkdir");
		break;
	case JT_FT_LNK:
		if (symlinkat(e->link, pfd, base) != 0 ||
		    fchownat(pfd, base, e->uid, e->gid, AT_SYMLINK_NOFOLLOW) != 0)
			rc = jt_err_set(err, JT_EIO, errno, e->path, "symlink");
		break;
	default:
		if (e->hardlink != NULL) {
			if (linkat(rootfd, e->hardlink + 1, pfd, base, 0) != 0)
				rc = jt_err_set(err, JT_EIO, errno, e->path,
				    "hard link to %s", e->hardlink);
			break;
		}
		if ((rc = jt_plan_content(p, e, &data, &len, err)) != 0)
			break;
		fd = openat(pfd, base, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW |
		    O_CLOEXEC, 0600);
		if (fd == -1) {
			rc = jt_err_set(err, JT_EIO, errno, e->path, "create");
			break;
		}
		while (rc == 0 && done < len) {
			ssize_t w = write(fd, (const char *)data + done,
			    len - done);

			if (w <= 0)
				rc = jt_err_set(err, JT_EIO, errno, e->path,
				    "write");
			else
				done += (size_t)w;
		}
		/* chown first: it clears setuid bits set before it. */
		if (rc == 0 && (fchown(fd, e->uid, e->gid) != 0 ||
		    fchmod(fd, e->mode & 07777) != 0 || futimens(fd, ts) != 0))
			rc = jt_err_set(err, JT_EIO, errno, e->path,
			    "owner, mode or time");
		close(fd);
		break;
	}
	close(pfd);
	return (rc);
}

/*
 * Directory owners, modes and times, deepest first.  A directory keeps
 * the source's mtime (an administrator reads it as "installed when"; a
 * tree all dated 1970 looks broken), the epoch when the plan made it;
 * the tarball, which must be reproducible, keeps the epoch.
 */
static int
finish_dir(int rootfd, const struct jt_plan_entry *e,
    const struct jt_write_opts *o, struct jt_err *err)
{
	int64_t t = e->mtime > 0 ? e->mtime : o->epoch;
	struct timespec ts[2] = { { t, 0 }, { t, 0 } };
	int fd = open_dir(rootfd, e->path);
	int rc = 0;

	if (fd == -1 || fchown(fd, e->uid, e->gid) != 0 ||
	    fchmod(fd, e->mode & 07777) != 0 || futimens(fd, ts) != 0)
		rc = jt_err_set(err, JT_EIO, errno, e->path,
		    "directory owner, mode or time");
	if (fd != -1)
		close(fd);
	return (rc);
}

/* schg/uchg where the host has a flag for it: only with apply_flags. */
static int
apply_flags(int rootfd, const struct jt_plan_entry *e, struct jt_err *err)
{
	bool immutable = strstr(e->fflags, "schg") != NULL ||
	    strstr(e->fflags, "uchg") != NULL;
	int fd, rc = 0;

	if (!immutable || e->type == JT_FT_LNK)
		return (0);
	fd = e->type == JT_FT_DIR ? open_dir(rootfd, e->path) :
	    openat(rootfd, e->path + 1, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	if (fd == -1)
		return (jt_err_set(err, JT_EIO, errno, e->path, "open"));
#if defined(__linux__)
	{
		int fl = 0;

		if (ioctl(fd, FS_IOC_GETFLAGS, &fl) != 0 ||
		    (fl |= FS_IMMUTABLE_FL, ioctl(fd, FS_IOC_SETFLAGS, &fl)) != 0)
			rc = jt_err_set(err, JT_EIO, errno, e->path,
			    "cannot set the immutable attribute");
	}
#elif defined(__FreeBSD__)
	{
		u_long set, clr;
		char *fl = strdup(e->fflags);

		if (fl == NULL || strtofflags(&fl, &set, &clr) != 0 ||
		    fchflags(fd, set) != 0)
			rc = jt_err_set(err, JT_EIO, errno, e->path,
			    "cannot set flags %s", e->fflags);
		free(fl);
	}
#endif
	close(fd);
	return (rc);
}

/* The destination: its parent, opened once, and its name there. */
struct dest {
	const char	*path;
	int		 pfd;
	char		 name[NAME_MAX + 1];
};

static int
dest_open(struct dest *d, const char *path, struct jt_err *err)
{
	char parent[PATH_MAX], real[PATH_MAX];
	size_t len = strlen(path), b;

	d->path = path;
	d->pfd = -1;
	while (len > 1 && path[len - 1] == '/')
		len--;
	for (b = len; b > 0 && path[b - 1] != '/'; b--)
		;
	if (len - b == 0 || len - b > NAME_MAX || len >= sizeof(parent) ||
	    (len - b == 1 && path[b] == '.') ||
	    (len - b == 2 && path[b] == '.' && path[b + 1] == '.'))
		return (jt_err_set(err, JT_EINVAL, 0, path, "not a usable "
		    "directory name for an output"));
	memcpy(d->name, path + b, len - b);
	d->name[len - b] = '\0';
	memcpy(parent, path, b);
	parent[b] = '\0';
	if (b == 0)
		(void)snprintf(parent, sizeof(parent), ".");
	/*
	 * The links the path has when the build starts are the admin's own
	 * (/jails -> /data/jails): resolve them once, then open the real
	 * path with no link followed and work below that descriptor, so a
	 * component renamed or replaced by a link later changes nothing.
	 */
	if (realpath(parent, real) == NULL)
		return (jt_err_set(err, errno == ENOENT ? JT_ENOENT : JT_EIO,
		    errno, path, "the output's parent directory"));
	if ((d->pfd = fs_open_dir_nofollow(real, err)) < 0) {
		int rc = d->pfd;

		d->pfd = -1;
		return (rc);
	}
	return (0);
}

static bool
empty_dir(int pfd, const char *name)
{
	int fd = openat(pfd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW |
	    O_CLOEXEC);
	DIR *d = fd != -1 ? fdopendir(fd) : NULL;
	struct dirent *de;
	bool empty = true;

	if (d == NULL) {
		if (fd != -1)
			close(fd);
		return (false);
	}
	while (empty && (de = readdir(d)) != NULL)
		empty = strcmp(de->d_name, ".") == 0 ||
		    strcmp(de->d_name, "..") == 0;
	closedir(d);
	return (empty);
}

/* The marker on name below pfd, "" if none (or not a directory). */
static void
mark_of(int pfd, const char *name, char *buf, size_t len)
{
	int fd = openat(pfd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW |
	    O_CLOEXEC);

	buf[0] = '\0';
	if (fd != -1) {
		fs_mark_get(fd, buf, len);
		close(fd);
	}
}

/* 1: there is something to replace, 0: nothing (or an empty dir). */
static int
check_dest(const struct dest *d, const struct jt_write_opts *o,
    struct jt_err *err)
{
	char mark[64];
	struct stat st;
	int rc;

	if (fstatat(d->pfd, d->name, &st, AT_SYMLINK_NOFOLLOW) != 0)
		return (errno == ENOENT ? 0 : jt_err_set(err, JT_EIO, errno,
		    d->path, "stat"));
	if (S_ISDIR(st.st_mode) && empty_dir(d->pfd, d->name))
		return (0);
	if (!o->force && !o->force_any)
		return (jt_err_set(err, JT_EINVAL, 0, d->path, "exists and is "
		    "not an empty directory (use --force to replace it)"));
	mark_of(d->pfd, d->name, mark, sizeof(mark));
	if (!o->force_any && strcmp(mark, FS_MARK_JAIL) != 0)
		return (jt_err_set(err, JT_EINVAL, 0, d->path, "is not a jail "
		    "jailtrim wrote (it has no jailtrim marker): --force "
		    "replaces only those; --force-any replaces it anyway"));
	if (S_ISDIR(st.st_mode) && (rc = fs_refuse_mounts(d->path, err)) != 0)
		return (rc);
	return (1);
}

int
jt_write_dir_check(const char *dir, const struct jt_write_opts *o,
    struct jt_err *err)
{
	struct dest d;
	int rc;

	if ((rc = dest_open(&d, dir, err)) != 0)
		return (rc);
	rc = check_dest(&d, o, err);
	close(d.pfd);
	return (rc < 0 ? rc : 0);
}

/*
 * NAME.jailtrim-PID-* trees of killed runs: removed when they carry our
 * marker for a process that no longer exists.  A live writer (or a tree
 * without the marker: not provably ours) is left alone.
 */
static void
sweep(const struct dest *d)
{
	char prefix[NAME_MAX + 16], mark[64], label[PATH_MAX];
	struct jt_strv names = { 0 };
	struct jt_err e;
	struct dirent *de;
	int fd = dup(d->pfd);
	DIR *dir = fd != -1 ? fdopendir(fd) : NULL;
	size_t plen;

	if (dir == NULL) {
		if (fd != -1)
			close(fd);
		return;
	}
	plen = (size_t)snprintf(prefix, sizeof(prefix), "%s.jailtrim-",
	    d->name);
	while ((de = readdir(dir)) != NULL)
		if (strncmp(de->d_name, prefix, plen) == 0)
			(void)strv_push(&names, de->d_name);
	closedir(dir);
	for (size_t i = 0; i < names.n; i++) {
		long pid;
		char *end;

		mark_of(d->pfd, names.v[i], mark, sizeof(mark));
		if (strncmp(mark, FS_MARK_TMP, strlen(FS_MARK_TMP)) != 0) {
			/*
			 * A run killed between make_tmp()'s mkdir and its
			 * marker left an empty tree named for a dead pid:
			 * rmdir removes only an empty directory, never
			 * follows a link, so nothing else can go.
			 */
			pid = strtol(names.v[i] + plen, &end, 10);
			if (*end == '-' && pid > 0 && kill((pid_t)pid, 0) != 0 &&
			    errno == ESRCH)
				(void)unlinkat(d->pfd, names.v[i], AT_REMOVEDIR);
			continue;
		}
		pid = strtol(mark + strlen(FS_MARK_TMP), &end, 10);
		if (*end != '\0' || pid <= 0 || pid == (long)getpid() ||
		    kill((pid_t)pid, 0) == 0 || errno != ESRCH)
			continue;
		(void)snprintf(label, sizeof(label), "%s.%s", d->path,
		    names.v[i] + strlen(d->name) + 1);
		/* the walk's mount id check needs statx: ask the table too */
		if (fs_refuse_mounts(label, &e) != 0)
			continue;
		(void)fs_remove_tree(d->pfd, names.v[i], label, true, &e);
	}
	strv_free(&names);
}

/* A fresh NAME.jailtrim-PID-XXXXXX below the parent, marked as ours. */
static int
make_tmp(const struct dest *d, char *tmp, size_t len, struct jt_err *err)
{
	static const char digits[] = "abcdefghijklmnopqrstuvwxyz0123456789";
	char mark[64];
	unsigned long seed = (unsigned long)time(NULL) ^
	    ((unsigned long)getpid() << 16) ^ (unsigned long)(uintptr_t)tmp;
	int fd;

	(void)snprintf(mark, sizeof(mark), FS_MARK_TMP "%ld", (long)getpid());
	for (int tries = 0; tries < 100; tries++) {
		char sfx[7];

		for (int i = 0; i < 6; i++) {
			seed = seed * 6364136223846793005UL + 1442695040888963407UL;
			sfx[i] = digits[(seed >> 33) % (sizeof(digits) - 1)];
		}
		sfx[6] = '\0';
		if ((size_t)snprintf(tmp, len, "%s.jailtrim-%ld-%s", d->name,
		    (long)getpid(), sfx) >= len)
			return (jt_err_set(err, JT_EINVAL, ENAMETOOLONG, d->path,
			    "name too long for a temporary sibling"));
		if (mkdirat(d->pfd, tmp, 0700) == 0)
			break;
		if (errno != EEXIST || tries == 99)
			return (jt_err_set(err, JT_EIO, errno, d->path,
			    "cannot create a temporary directory beside it"));
	}
	if ((fd = openat(d->pfd, tmp, O_RDONLY | O_DIRECTORY | O_NOFOLLOW |
	    O_CLOEXEC)) == -1) {
		int e = errno;

		(void)unlinkat(d->pfd, tmp, AT_REMOVEDIR);
		return (jt_err_set(err, JT_EIO, e, tmp, "open"));
	}
	/* Where the file system has no such attribute the tree is simply
	 * not recognised later: --force-any, and no sweeping. */
	(void)fs_mark_set(fd, mark);
	return (fd);
}

/* Swap tmp and the destination; the old tree ends up under tmp's name. */
static int
exchange(const struct dest *d, const char *tmp, struct jt_err *err)
{
	char aside[NAME_MAX + 1];

#ifdef RENAME_EXCHANGE
	if (renameat2(d->pfd, tmp, d->pfd, d->name, RENAME_EXCHANGE) == 0)
		return (0);
	if (errno != EINVAL && errno != ENOSYS)
		return (jt_err_set(err, JT_EIO, errno, d->path, "cannot "
		    "exchange the new tree with it"));
#endif
	/* No atomic exchange here: move it aside, then the new one in. */
	if ((size_t)snprintf(aside, sizeof(aside), "%s-old", tmp) >=
	    sizeof(aside) || renameat(d->pfd, d->name, d->pfd, aside) != 0)
		return (jt_err_set(err, JT_EIO, errno, d->path,
		    "cannot move the old tree aside"));
	if (renameat(d->pfd, tmp, d->pfd, d->name) != 0) {
		int e = errno;

		(void)renameat(d->pfd, aside, d->pfd, d->name);
		return (jt_err_set(err, JT_EIO, e, d->path, "rename"));
	}
	if (renameat(d->pfd, aside, d->pfd, tmp) != 0)
		return (jt_err_set(err, JT_EIO, errno, d->path, "the new tree "
		    "is in place; the old one is left beside it"));
	return (0);
}

/* Put the finished tmp in place of the destination, below its parent. */
static int
install(const struct dest *d, const char *tmp, const struct jt_write_opts *o,
    bool *swapped, struct jt_err *err)
{
	char mark[64], label[PATH_MAX];
	struct jt_err e;
	int rc, fd;

	if ((rc = check_dest(d, o, err)) < 0)
		return (rc);
	if (rc == 0) {
		/* Nothing there, or an empty directory, which rename(2)
		 * replaces atomically. */
		if (renameat(d->pfd, tmp, d->pfd, d->name) != 0)
			return (jt_err_set(err, JT_EIO, errno, d->path,
			    "rename"));
		return (0);
	}
	if ((rc = exchange(d, tmp, err)) != 0)
		return (rc);
	*swapped = true;
	/* The old tree is now ours to remove: mark it so, for a sweep. */
	(void)snprintf(mark, sizeof(mark), FS_MARK_TMP "%ld", (long)getpid());
	if ((fd = openat(d->pfd, tmp, O_RDONLY | O_DIRECTORY | O_NOFOLLOW |
	    O_CLOEXEC)) != -1) {
		(void)fs_mark_set(fd, mark);
		close(fd);
	}
	(void)snprintf(label, sizeof(label), "%s.%s", d->path,
	    tmp + strlen(d->name) + 1);
	if ((rc = fs_remove_tree(d->pfd, tmp, label, true, &e)) != 0)
		return (jt_err_set(err, rc, e.sys_errno, e.path, "the new tree "
		    "is in place but the old one, moved beside it, was not "
		    "removed: %s", e.msg));
	return (0);
}

bool
jt_write_dir_remove(const char *path)
{
	const char *base = path_basename(path);
	char parent[PATH_MAX];
	struct jt_err err;
	int pfd, rc;

	if (*base == '\0' || (size_t)(base - path) >= sizeof(parent))
		return (false);
	/* Our own temporary copies: their parent may be a link (TMPDIR). */
	memcpy(parent, path, (size_t)(base - path));
	parent[base - path] = '\0';
	if (fs_refuse_mounts(path, &err) != 0)
		return (false);
	if ((pfd = open(*parent != '\0' ? parent : ".", O_RDONLY |
	    O_DIRECTORY | O_CLOEXEC)) == -1)
		return (false);
	rc = fs_remove_tree(pfd, base, path, true, &err);
	close(pfd);
	return (rc == 0);
}

int
jt_write_dir(struct jt_plan *p, const char *dir, const struct jt_write_opts *o,
    struct jt_err *err)
{
	const struct jt_plan_entry *ents;
	char tmp[NAME_MAX + 1], label[PATH_MAX];
	struct jt_err e;
	struct dest d;
	size_t n;
	bool swapped = false;
	int rootfd = -1, rc;

	if ((rc = jt_plan_finish(p, &ents, &n, err)) != 0)
		return (rc);
	jt_plan_prefetch(p);
	if ((rc = dest_open(&d, dir, err)) != 0)
		return (rc);
	tmp[0] = '\0';
	if ((rc = check_dest(&d, o, err)) < 0)
		goto fail;
	sweep(&d);
	if ((rootfd = make_tmp(&d, tmp, sizeof(tmp), err)) < 0) {
		rc = rootfd;
		rootfd = -1;
		tmp[0] = '\0';
		goto fail;
	}
	for (size_t i = 0; i < n; i++)
		if ((rc = put_entry(p, rootfd, &ents[i], o, err)) != 0)
			goto fail;
	for (size_t i = n; i-- > 0;)
		if (ents[i].type == JT_FT_DIR &&
		    (rc = finish_dir(rootfd, &ents[i], o, err)) != 0)
			goto fail;
	if (fchmod(rootfd, 0755) != 0 || fsync(rootfd) != 0) {
		rc = jt_err_set(err, JT_EIO, errno, tmp, "chmod");
		goto fail;
	}
	for (size_t i = n; o->apply_flags && i-- > 0;)
		if ((rc = apply_flags(rootfd, &ents[i], err)) != 0)
			goto fail;
	(void)fs_mark_set(rootfd, FS_MARK_JAIL);
	close(rootfd);
	rootfd = -1;
	if ((rc = install(&d, tmp, o, &swapped, err)) != 0)
		goto fail;
	close(d.pfd);
	return (0);
fail:
	if (rootfd != -1)
		close(rootfd);
	if (tmp[0] != '\0' && !swapped) {
		(void)snprintf(label, sizeof(label), "%s.%s", d.path,
		    tmp + strlen(d.name) + 1);
		(void)fs_remove_tree(d.pfd, tmp, label, true, &e);
	}
	close(d.pfd);
	return (rc);
}
