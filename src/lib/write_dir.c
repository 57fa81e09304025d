/*
 * The directory writer.  Everything is created inside a fresh temporary
 * sibling, one component at a time with O_NOFOLLOW from its descriptor,
 * so nothing can be written outside it; the finished tree is renamed onto
 * the destination.  Directory modes and owners are set last, deepest
 * first, so read-only directories (/var/empty 0555) can be filled.
 */
#include <errno.h>
#include <fcntl.h>
#include <dirent.h>
#include <ftw.h>
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

/* Directory owners, modes and times, deepest first. */
static int
finish_dir(int rootfd, const struct jt_plan_entry *e,
    const struct jt_write_opts *o, struct jt_err *err)
{
	struct timespec ts[2] = { { o->epoch, 0 }, { o->epoch, 0 } };
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

static int
rm_one(const char *path, const struct stat *sb, int type, struct FTW *ftw)
{
	(void)sb;
	(void)ftw;
	return (type == FTW_DP ? rmdir(path) : unlink(path));
}

bool
jt_write_dir_remove(const char *path)
{
	return (nftw(path, rm_one, 32, FTW_DEPTH | FTW_PHYS) == 0);
}

static bool
empty_dir(const char *path)
{
	int fd = open(path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
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

/* Put the finished tmp in place of dir. */
static int
install(const char *tmp, const char *dir, bool force, struct jt_err *err)
{
	char old[PATH_MAX];
	struct stat sb;

	if (lstat(dir, &sb) != 0) {
		if (errno != ENOENT)
			return (jt_err_set(err, JT_EIO, errno, dir, "stat"));
	} else if (S_ISDIR(sb.st_mode) && empty_dir(dir)) {
		if (rmdir(dir) != 0)
			return (jt_err_set(err, JT_EIO, errno, dir, "rmdir"));
	} else if (!force) {
		return (jt_err_set(err, JT_EINVAL, 0, dir, "exists and is not "
		    "an empty directory (use --force to replace it)"));
	} else {
		snprintf(old, sizeof(old), "%s.old-XXXXXX", dir);
		if (mkdtemp(old) == NULL || rmdir(old) != 0 ||
		    rename(dir, old) != 0)
			return (jt_err_set(err, JT_EIO, errno, dir,
			    "cannot move the old tree aside"));
		if (rename(tmp, dir) != 0) {
			(void)rename(old, dir);
			return (jt_err_set(err, JT_EIO, errno, dir, "rename"));
		}
		if (!jt_write_dir_remove(old))
			return (jt_err_set(err, JT_EIO, errno, old, "the new tree "
			    "is in place but the old one could not be removed "
			    "(immutable files? chattr -R -i / chflags -R noschg)"));
		return (0);
	}
	if (rename(tmp, dir) != 0)
		return (jt_err_set(err, JT_EIO, errno, dir, "rename"));
	return (0);
}

int
jt_write_dir(struct jt_plan *p, const char *dir, const struct jt_write_opts *o,
    struct jt_err *err)
{
	const struct jt_plan_entry *ents;
	char tmp[PATH_MAX];
	size_t n;
	int rootfd = -1, rc;

	if ((rc = jt_plan_finish(p, &ents, &n, err)) != 0)
		return (rc);
	if ((size_t)snprintf(tmp, sizeof(tmp), "%s.jailtrim-XXXXXX", dir) >=
	    sizeof(tmp) || mkdtemp(tmp) == NULL)
		return (jt_err_set(err, JT_EIO, errno, dir,
		    "cannot create a temporary directory beside it"));
	if ((rootfd = open(tmp, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) == -1) {
		rc = jt_err_set(err, JT_EIO, errno, tmp, "open");
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
	close(rootfd);
	rootfd = -1;
	if ((rc = install(tmp, dir, o->force, err)) != 0)
		goto fail;
	return (0);
fail:
	if (rootfd != -1)
		close(rootfd);
	(void)jt_write_dir_remove(tmp);
	return (rc);
}
