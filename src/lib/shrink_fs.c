/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * File system access below a jail's directory for shrink and restore: no
 * symbolic link followed in any component, and the file flags that stop
 * a link or an unlink (schg, sappnd; Linux's immutable and append-only
 * attributes) lifted and put back.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>

#if defined(__linux__)
#include <sys/ioctl.h>
#include <sys/syscall.h>
#include <linux/fs.h>
#define NOLINK_FLAGS	(FS_IMMUTABLE_FL | FS_APPEND_FL)
#if defined(SYS_openat2) && __has_include(<linux/openat2.h>)
#include <linux/openat2.h>
#define HAVE_OPENAT2	1
#endif
#endif

#if !defined(__linux__) && defined(SF_IMMUTABLE)
#define NOLINK_FLAGS	(SF_IMMUTABLE | UF_IMMUTABLE | SF_APPEND | UF_APPEND)
#endif

#include "jailtrim/err.h"
#include "shrink_int.h"

int
shrink_syserr(struct jt_err *err, int e, const char *path, const char *what)
{
	switch (e) {
	case ENOENT:
		return (jt_err_set(err, JT_ENOENT, e, path, "%s", what));
	case ENOTDIR:	/* O_DIRECTORY | O_NOFOLLOW on a symbolic link */
		return (jt_err_set(err, JT_ENOTDIR, e, path, "%s (not a "
		    "directory, or a symbolic link: not followed)", what));
	case ELOOP:
		return (jt_err_set(err, JT_ELOOP, e, path, "%s (a symbolic "
		    "link: not followed)", what));
	case EXDEV:
		return (jt_err_set(err, JT_EESCAPE, e, path, "%s", what));
	case ENOMEM:
		return (jt_err_set(err, JT_ENOMEM, e, path, "%s", what));
	default:
		return (jt_err_set(err, JT_EIO, e, path, "%s", what));
	}
}

/* Open rel (relative, clean) below dfd, one component at a time. */
static int
walk(int dfd, const char *rel, int flags)
{
	char comp[NAME_MAX + 1];
	const char *p = rel, *q;
	size_t len;
	int cur = dfd, fd, e;

	for (;;) {
		q = strchr(p, '/');
		len = q != NULL ? (size_t)(q - p) : strlen(p);
		if (len == 0 || len > NAME_MAX ||
		    (len == 2 && p[0] == '.' && p[1] == '.')) {
			fd = -1;
			e = len > NAME_MAX ? ENAMETOOLONG : EXDEV;
		} else {
			memcpy(comp, p, len);
			comp[len] = '\0';
			fd = openat(cur, comp, (q != NULL ? O_RDONLY |
			    O_DIRECTORY : flags) | O_NOFOLLOW | O_CLOEXEC);
			e = errno;
		}
		if (cur != dfd)
			close(cur);
		if (fd == -1 || q == NULL) {
			errno = e;
			return (fd);
		}
		cur = fd;
		p = q + 1;
	}
}

/*
 * openat2 refuses every symbolic link and any escape in one call; where
 * the kernel (or a seccomp filter) lacks it, the walk does the same.
 */
int
shrink_open_beneath(int dfd, const char *rel, int flags)
{
#ifdef HAVE_OPENAT2
	struct open_how how;
	int fd;

	memset(&how, 0, sizeof(how));
	how.flags = (uint64_t)(flags | O_NOFOLLOW | O_CLOEXEC);
	how.resolve = RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS |
	    RESOLVE_NO_MAGICLINKS;
	fd = (int)syscall(SYS_openat2, dfd, rel, &how, sizeof(how));
	if (fd != -1 || (errno != ENOSYS && errno != EPERM &&
	    errno != EAGAIN))
		return (fd);
#endif
	return (walk(dfd, rel, flags));
}

/* lstat rel below dfd, no symbolic link followed on the way. */
int
shrink_lstat_beneath(int dfd, const char *rel, struct stat *st)
{
	const char *slash = strrchr(rel, '/');
	char dir[PATH_MAX];
	int fd = dfd, r, e;

	if (slash != NULL) {
		if ((size_t)(slash - rel) >= sizeof(dir)) {
			errno = ENAMETOOLONG;
			return (-1);
		}
		memcpy(dir, rel, (size_t)(slash - rel));
		dir[slash - rel] = '\0';
		if ((fd = shrink_open_beneath(dfd, dir, O_RDONLY | O_DIRECTORY)) ==
		    -1)
			return (-1);
	}
	r = fstatat(fd, slash != NULL ? slash + 1 : rel, st,
	    AT_SYMLINK_NOFOLLOW);
	e = errno;
	if (fd != dfd)
		close(fd);
	errno = e;
	return (r);
}

/*
 * A hard link to a file marked immutable or append-only is refused (by
 * Linux, and by FreeBSD, whose base marks set-id programs and their
 * other names schg): when a member links to such a file already in the
 * directory (a kept file), its flags are lifted for the link and put
 * back after.  Returns a descriptor to put them back on, or -1.
 */
int
shrink_lift_flags(int dfd, const char *rel, unsigned long *old)
{
	struct stat st, now;
	int fd;

	if (shrink_lstat_beneath(dfd, rel, &st) != 0 || !S_ISREG(st.st_mode))
		return (-1);
	if ((fd = shrink_open_beneath(dfd, rel, O_RDONLY | O_NONBLOCK)) == -1)
		return (-1);
	if (fstat(fd, &now) != 0 || now.st_ino != st.st_ino ||
	    now.st_dev != st.st_dev)
		goto fail;
#if defined(__linux__)
	{
		int f;

		if (ioctl(fd, FS_IOC_GETFLAGS, &f) != 0 ||
		    (f & NOLINK_FLAGS) == 0)
			goto fail;
		*old = (unsigned long)(unsigned)f;
		f &= ~NOLINK_FLAGS;
		if (ioctl(fd, FS_IOC_SETFLAGS, &f) != 0)
			goto fail;
	}
#elif defined(NOLINK_FLAGS)
	if ((now.st_flags & NOLINK_FLAGS) == 0 ||
	    fchflags(fd, now.st_flags & ~NOLINK_FLAGS) != 0)
		goto fail;
	*old = now.st_flags;
#else
	goto fail;
#endif
	return (fd);
fail:
	close(fd);
	return (-1);
}

int
shrink_put_flags(int fd, unsigned long old)
{
	int r, e;

#if defined(__linux__)
	int f = (int)(unsigned)old;

	r = ioctl(fd, FS_IOC_SETFLAGS, &f);
#elif defined(NOLINK_FLAGS)
	r = fchflags(fd, old);
#else
	(void)old;
	r = 0;
#endif
	e = errno;
	close(fd);
	errno = e;
	return (r);
}
