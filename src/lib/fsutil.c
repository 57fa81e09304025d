/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The library's one removal routine, the mount table below a directory,
 * and the jailtrim marker.  A removal walks with one directory open at a
 * time and climbs back through "..", checked against the (dev, ino) it
 * recorded on the way down, so no depth exhausts the stack or the
 * descriptors and a directory moved meanwhile stops it instead of
 * leading it elsewhere.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>

#if defined(__linux__)
#include <linux/fs.h>
#include <sys/ioctl.h>
#include <sys/sysmacros.h>
#include <sys/xattr.h>
#elif defined(__FreeBSD__)
#include <sys/param.h>
#include <sys/ucred.h>
#include <sys/mount.h>
#include <sys/extattr.h>
#endif

#include "fsutil.h"

int
fs_mnt_of(int dfd, const char *name, struct fs_mnt *m)
{
	struct stat st;
	int r;

#if defined(__linux__) && defined(STATX_MNT_ID)
	struct statx sx;

	if (statx(dfd, name, AT_SYMLINK_NOFOLLOW | AT_NO_AUTOMOUNT |
	    (*name == '\0' ? AT_EMPTY_PATH : 0), STATX_INO | STATX_MNT_ID,
	    &sx) == 0) {
		m->dev = makedev(sx.stx_dev_major, sx.stx_dev_minor);
		m->mnt = (sx.stx_mask & STATX_MNT_ID) != 0 ? sx.stx_mnt_id : 0;
		return (0);
	}
	if (errno != ENOSYS)
		return (-1);
#endif
	r = *name == '\0' ? fstat(dfd, &st) :
	    fstatat(dfd, name, &st, AT_SYMLINK_NOFOLLOW);
	if (r != 0)
		return (-1);
	m->dev = st.st_dev;
	m->mnt = 0;
	return (0);
}

bool
fs_mnt_same(const struct fs_mnt *a, const struct fs_mnt *b)
{
	return (a->dev == b->dev && (a->mnt == 0 || b->mnt == 0 ||
	    a->mnt == b->mnt));
}

/* mountinfo escapes blanks, tabs, newlines and backslashes as \ooo. */
static void
unescape(char *s)
{
	char *o = s;

	for (; *s != '\0'; s++) {
		if (s[0] == '\\' && s[1] >= '0' && s[1] <= '3' &&
		    s[2] >= '0' && s[2] <= '7' && s[3] >= '0' && s[3] <= '7') {
			*o++ = (char)((s[1] - '0') * 64 + (s[2] - '0') * 8 +
			    (s[3] - '0'));
			s += 3;
		} else
			*o++ = *s;
	}
	*o = '\0';
}

static int
add_below(struct jt_strv *out, const char *real, const char *mp)
{
	size_t len = strcmp(real, "/") == 0 ? 0 : strlen(real);

	if (strncmp(mp, real, len) != 0 || mp[len] != '/' || mp[len + 1] == '\0')
		return (0);
	return (strv_push_uniq(out, mp));
}

int
fs_mounts_below(const char *dir, struct jt_strv *out, struct jt_err *err)
{
	char real[PATH_MAX];

	if (realpath(dir, real) == NULL)
		return (jt_err_set(err, errno == ENOENT ? JT_ENOENT : JT_EIO,
		    errno, dir, "cannot resolve"));
#if defined(__linux__)
	{
		FILE *f = fopen("/proc/self/mountinfo", "re");
		char *line = NULL, *mp, *save;
		size_t cap = 0;
		int rc = 0;

		/* No table (no /proc): the walks' st_dev and mount id checks
		 * still stop at every mount. */
		if (f == NULL)
			return (0);
		while (rc == 0 && getline(&line, &cap, f) != -1) {
			/* id parent major:minor root MOUNTPOINT options ... */
			mp = strtok_r(line, " ", &save);
			for (int i = 0; i < 4 && mp != NULL; i++)
				mp = strtok_r(NULL, " ", &save);
			if (mp == NULL)
				continue;
			unescape(mp);
			if (add_below(out, real, mp) != 0)
				rc = jt_err_set(err, JT_ENOMEM, errno, dir,
				    "mount table");
		}
		free(line);
		fclose(f);
		return (rc);
	}
#elif defined(__FreeBSD__)
	{
		struct statfs *mnt;
		int n = getmntinfo(&mnt, MNT_NOWAIT);

		for (int i = 0; i < n; i++)
			if (add_below(out, real, mnt[i].f_mntonname) != 0)
				return (jt_err_set(err, JT_ENOMEM, errno, dir,
				    "mount table"));
		return (0);
	}
#else
	(void)out;
	return (0);
#endif
}

int
fs_refuse_mounts(const char *dir, struct jt_err *err)
{
	struct jt_strv mp = { 0 };
	char list[JT_ERR_MSG_MAX - 128];
	size_t off = 0;
	int rc;

	if ((rc = fs_mounts_below(dir, &mp, err)) != 0 || mp.n == 0) {
		strv_free(&mp);
		return (rc);
	}
	list[0] = '\0';
	for (size_t i = 0; i < mp.n && off < sizeof(list); i++)
		off += (size_t)snprintf(list + off, sizeof(list) - off, "%s%s",
		    i > 0 ? ", " : "", mp.v[i]);
	rc = jt_err_set(err, JT_EESCAPE, 0, dir, "%zu mount point%s below it, "
	    "nothing removed (unmount first): %s", mp.n, mp.n == 1 ? "" : "s",
	    list);
	strv_free(&mp);
	return (rc);
}

int
fs_open_dir_nofollow(const char *dir, struct jt_err *err)
{
	char comp[NAME_MAX + 1];
	const char *p = dir;
	struct stat st;
	size_t n;
	int fd, nfd;

	if ((fd = open(*dir == '/' ? "/" : ".", O_RDONLY | O_DIRECTORY |
	    O_CLOEXEC)) == -1)
		return (jt_err_set(err, JT_EIO, errno, dir, "open"));
	for (;;) {
		p += strspn(p, "/");
		if ((n = strcspn(p, "/")) == 0)
			return (fd);
		if (n > NAME_MAX) {
			close(fd);
			return (jt_err_set(err, JT_EINVAL, ENAMETOOLONG, dir,
			    "open"));
		}
		memcpy(comp, p, n);
		comp[n] = '\0';
		p += n;
		nfd = openat(fd, comp, O_RDONLY | O_DIRECTORY | O_NOFOLLOW |
		    O_CLOEXEC);
		if (nfd == -1) {
			int e = errno;
			bool lnk = fstatat(fd, comp, &st,
			    AT_SYMLINK_NOFOLLOW) == 0 && S_ISLNK(st.st_mode);

			close(fd);
			if (lnk)
				return (jt_err_set(err, JT_EINVAL, 0, dir,
				    "'%s' in this path is a symbolic link, not "
				    "followed (give the real path)", comp));
			return (jt_err_set(err, e == ENOENT ? JT_ENOENT :
			    e == ENOTDIR ? JT_ENOTDIR : JT_EIO, e, dir,
			    "cannot open '%s' in this path", comp));
		}
		close(fd);
		fd = nfd;
	}
}

/* ---- the marker ---- */

int
fs_mark_set(int fd, const char *val)
{
#if defined(__linux__)
	/* trusted.* needs CAP_SYS_ADMIN (an unprivileged container lacks
	 * it): there, user.*, which only the directory's owner can set. */
	if (fsetxattr(fd, "trusted.jailtrim", val, strlen(val), 0) == 0)
		return (0);
	return (fsetxattr(fd, "user.jailtrim", val, strlen(val), 0));
#elif defined(__FreeBSD__)
	ssize_t n = extattr_set_fd(fd, EXTATTR_NAMESPACE_SYSTEM, "jailtrim",
	    val, strlen(val));

	return (n == (ssize_t)strlen(val) ? 0 : -1);
#else
	(void)fd;
	(void)val;
	errno = ENOTSUP;
	return (-1);
#endif
}

void
fs_mark_get(int fd, char *buf, size_t len)
{
	ssize_t n = -1;

#if defined(__linux__)
	n = fgetxattr(fd, "trusted.jailtrim", buf, len - 1);
	if (n <= 0)
		n = fgetxattr(fd, "user.jailtrim", buf, len - 1);
#elif defined(__FreeBSD__)
	n = extattr_get_fd(fd, EXTATTR_NAMESPACE_SYSTEM, "jailtrim", buf,
	    len - 1);
#else
	(void)fd;
#endif
	buf[n > 0 ? n : 0] = '\0';
}

/* ---- removal ---- */

struct lvl {
	char		*name;		/* in its parent */
	dev_t		 dev;
	ino_t		 ino;
	struct jt_strv	 dirs;		/* subdirectories still to remove */
	size_t		 next;
};

struct rm {
	struct lvl	*v;
	size_t		 n, cap;
	struct fs_mnt	 root;
	const char	*label;
	bool		 clear;
	struct jt_err	*err;
};

/* label/level names/child, for messages (truncated when too deep). */
static int
rm_fail(struct rm *r, int code, int e, const char *child, const char *what)
{
	char path[JT_ERR_PATH_MAX];
	size_t off = (size_t)snprintf(path, sizeof(path), "%s", r->label);

	for (size_t i = 1; i < r->n && off < sizeof(path); i++)
		off += (size_t)snprintf(path + off, sizeof(path) - off, "/%s",
		    r->v[i].name);
	/* With no level yet (or the top one being removed), label is
	 * already the child's name. */
	if (child != NULL && r->n > 0 && off < sizeof(path))
		(void)snprintf(path + off, sizeof(path) - off, "/%s", child);
	return (jt_err_set(r->err, code, e, path, "%s", what));
}

/* Immutable and append-only flags off name below dfd ("" : dfd). */
static void
unflag(int dfd, const char *name)
{
#if defined(__linux__)
	int fd = *name == '\0' ? dfd : openat(dfd, name, O_RDONLY | O_NOFOLLOW |
	    O_NONBLOCK | O_CLOEXEC);
	struct stat st;
	int fl;

	if (fd < 0)
		return;
	/* swapped for a device since the caller looked: leave it be */
	if (fd != dfd && (fstat(fd, &st) != 0 ||
	    !(S_ISREG(st.st_mode) || S_ISDIR(st.st_mode)))) {
		close(fd);
		return;
	}
	if (ioctl(fd, FS_IOC_GETFLAGS, &fl) == 0 &&
	    (fl & (FS_IMMUTABLE_FL | FS_APPEND_FL)) != 0) {
		fl &= ~(FS_IMMUTABLE_FL | FS_APPEND_FL);
		(void)ioctl(fd, FS_IOC_SETFLAGS, &fl);
	}
	if (fd != dfd)
		close(fd);
#elif defined(__FreeBSD__)
	if (*name == '\0')
		(void)fchflags(dfd, 0);
	else
		(void)chflagsat(dfd, name, 0, AT_SYMLINK_NOFOLLOW);
#else
	(void)dfd;
	(void)name;
#endif
}

/*
 * Unlink name (a file, or an emptied directory) below dfd.  Flags are
 * cleared only when they stop it, only on regular files and directories
 * (opening a device for its flags could act on the device), and on dfd
 * too when dfd is inside the tree being removed.
 */
static int
unlink_one(struct rm *r, int dfd, const char *name, const struct stat *st,
    bool own_parent)
{
	int fl = S_ISDIR(st->st_mode) ? AT_REMOVEDIR : 0;

	if (unlinkat(dfd, name, fl) == 0 || errno == ENOENT)
		return (0);
	if (errno == EPERM && r->clear && (S_ISREG(st->st_mode) ||
	    S_ISDIR(st->st_mode))) {
		unflag(dfd, name);
		if (own_parent)
			unflag(dfd, "");
		if (unlinkat(dfd, name, fl) == 0)
			return (0);
	}
	return (rm_fail(r, JT_EIO, errno, name, "cannot remove"));
}

static int
check_mnt(struct rm *r, int dfd, const char *name)
{
	struct fs_mnt m;

	if (fs_mnt_of(dfd, name, &m) != 0)
		return (errno == ENOENT ? 0 : rm_fail(r, JT_EIO, errno, name,
		    "stat"));
	if (!fs_mnt_same(&m, &r->root))
		return (rm_fail(r, JT_EESCAPE, 0, name, "a mount point: not "
		    "removed, nor anything on it (unmount it first)"));
	return (0);
}

/* Names in fd, "." and ".." left out. */
static int
list_dir(int fd, struct jt_strv *names)
{
	int dfd = dup(fd);
	DIR *d = dfd != -1 ? fdopendir(dfd) : NULL;
	struct dirent *de;
	int rc = 0;

	if (d == NULL) {
		if (dfd != -1)
			close(dfd);
		return (-1);
	}
	errno = 0;
	while (rc == 0 && (de = readdir(d)) != NULL)
		if (strcmp(de->d_name, ".") != 0 && strcmp(de->d_name, "..") != 0)
			rc = strv_push(names, de->d_name);
	if (rc == 0 && errno != 0)
		rc = -1;
	closedir(d);
	return (rc);
}

/*
 * Open directory name below pfd (it must still be the inode st was
 * taken of), push it, remove its non-directories and note its
 * subdirectories.  Returns its descriptor or a negative JT_E* code.
 */
static int
enter(struct rm *r, int pfd, const char *name, const struct stat *st)
{
	struct jt_strv names = { 0 };
	struct stat now, cst;
	struct lvl *l;
	int fd, rc = 0;

	fd = openat(pfd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW |
	    O_CLOEXEC);
	if (fd == -1 || fstat(fd, &now) != 0 || now.st_dev != st->st_dev ||
	    now.st_ino != st->st_ino) {
		rc = rm_fail(r, JT_EIO, errno, name, fd == -1 ? "open" :
		    "replaced while being removed");
		goto fail;
	}
	if ((rc = check_mnt(r, fd, "")) != 0)
		goto fail;
	if (r->n == r->cap) {
		size_t cap = r->cap ? r->cap * 2 : 64;
		struct lvl *v = realloc(r->v, cap * sizeof(*v));

		if (v == NULL) {
			rc = rm_fail(r, JT_ENOMEM, errno, name, "removal stack");
			goto fail;
		}
		r->v = v;
		r->cap = cap;
	}
	l = &r->v[r->n];
	memset(l, 0, sizeof(*l));
	if ((l->name = strdup(name)) == NULL) {
		rc = rm_fail(r, JT_ENOMEM, errno, name, "removal stack");
		goto fail;
	}
	l->dev = now.st_dev;
	l->ino = now.st_ino;
	r->n++;
	if (list_dir(fd, &names) != 0) {
		rc = rm_fail(r, errno == ENOMEM ? JT_ENOMEM : JT_EIO, errno,
		    NULL, "cannot read the directory");
		goto fail;
	}
	for (size_t i = 0; rc == 0 && i < names.n; i++) {
		if (fstatat(fd, names.v[i], &cst, AT_SYMLINK_NOFOLLOW) != 0) {
			if (errno != ENOENT)
				rc = rm_fail(r, JT_EIO, errno, names.v[i],
				    "stat");
			continue;
		}
		if ((rc = check_mnt(r, fd, names.v[i])) != 0)
			break;
		if (S_ISDIR(cst.st_mode)) {
			if (strv_push(&l->dirs, names.v[i]) != 0)
				rc = rm_fail(r, JT_ENOMEM, errno, names.v[i],
				    "removal stack");
		} else
			rc = unlink_one(r, fd, names.v[i], &cst, true);
	}
	strv_free(&names);
	if (rc != 0)
		goto fail;
	return (fd);
fail:
	strv_free(&names);
	if (fd != -1)
		close(fd);
	return (rc);
}

/* The directory on top is empty: climb to its parent and remove it. */
static int
leave(struct rm *r, int dfd, int *fdp)
{
	struct lvl *l = &r->v[r->n - 1], *up = r->n > 1 ? l - 1 : NULL;
	struct stat st;
	int pfd = dfd, rc;

	if (up != NULL) {
		pfd = openat(*fdp, "..", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		if (pfd == -1 || fstat(pfd, &st) != 0 || st.st_dev != up->dev ||
		    st.st_ino != up->ino) {
			rc = rm_fail(r, JT_EIO, errno, NULL, pfd == -1 ?
			    "open .." : "moved while being removed");
			if (pfd != -1)
				close(pfd);
			return (rc);
		}
	}
	close(*fdp);
	*fdp = -1;
	if (fstatat(pfd, l->name, &st, AT_SYMLINK_NOFOLLOW) != 0 ||
	    st.st_dev != l->dev || st.st_ino != l->ino)
		rc = rm_fail(r, JT_EIO, errno, NULL,
		    "moved while being removed");
	else {
		char *name = l->name;

		r->n--;		/* name it from its parent */
		rc = unlink_one(r, pfd, name, &st, up != NULL);
		r->n++;
	}
	free(l->name);
	strv_free(&l->dirs);
	r->n--;
	if (up != NULL)
		*fdp = pfd;
	return (rc);
}

int
fs_remove_tree(int dfd, const char *name, const char *label, bool clear,
    struct jt_err *err)
{
	struct rm r = { .label = label, .clear = clear, .err = err };
	struct fs_mnt parent;
	struct stat st;
	int fd = -1, rc = 0;

	if (fstatat(dfd, name, &st, AT_SYMLINK_NOFOLLOW) != 0)
		return (errno == ENOENT ? 0 : jt_err_set(err, JT_EIO, errno,
		    label, "stat"));
	if (fs_mnt_of(dfd, "", &parent) != 0 ||
	    fs_mnt_of(dfd, name, &r.root) != 0)
		return (jt_err_set(err, JT_EIO, errno, label, "stat"));
	if (!fs_mnt_same(&parent, &r.root))
		return (jt_err_set(err, JT_EESCAPE, 0, label, "a mount point: "
		    "not removed (unmount it first)"));
	if (!S_ISDIR(st.st_mode))
		return (unlink_one(&r, dfd, name, &st, false));
	if ((fd = enter(&r, dfd, name, &st)) < 0) {
		rc = fd;
		fd = -1;
		goto out;
	}
	while (rc == 0 && r.n > 0) {
		struct lvl *l = &r.v[r.n - 1];
		const char *c;
		int nfd;

		if (l->next == l->dirs.n) {
			rc = leave(&r, dfd, &fd);
			continue;
		}
		c = l->dirs.v[l->next++];
		if (fstatat(fd, c, &st, AT_SYMLINK_NOFOLLOW) != 0) {
			if (errno != ENOENT)
				rc = rm_fail(&r, JT_EIO, errno, c, "stat");
			continue;
		}
		if (!S_ISDIR(st.st_mode)) {	/* replaced meanwhile */
			if ((rc = check_mnt(&r, fd, c)) == 0)
				rc = unlink_one(&r, fd, c, &st, true);
			continue;
		}
		if ((nfd = enter(&r, fd, c, &st)) < 0) {
			rc = nfd;
			continue;
		}
		close(fd);
		fd = nfd;
	}
out:
	if (fd != -1)
		close(fd);
	for (size_t i = 0; i < r.n; i++) {
		free(r.v[i].name);
		strv_free(&r.v[i].dirs);
	}
	free(r.v);
	return (rc);
}
