/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The spool of an archive layer: the contents it keeps, in an unlinked
 * file in $TMPDIR (O_TMPFILE where the file system has it, else mkstemp
 * and unlink at once), so that memory does not grow with the size of the
 * base, and nothing is left behind however the process ends.  The page
 * cache holds what was written recently; a member is read back only when
 * it is asked for (source_archive.c).
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "source_int.h"

int
spool_open(struct spool *sp, const char *spec, struct jt_err *err)
{
	const char *dir = getenv("TMPDIR");
	char path[PATH_MAX];
	int fd = -1;

	if (dir == NULL || *dir == '\0')
		dir = "/tmp";
#ifdef O_TMPFILE
	fd = open(dir, O_TMPFILE | O_RDWR | O_CLOEXEC, 0600);
#endif
	if (fd == -1) {
		if ((size_t)snprintf(path, sizeof(path), "%s/jailtrim.XXXXXX",
		    dir) >= sizeof(path))
			return (jt_err_set(err, JT_EINVAL, 0, dir,
			    "TMPDIR is too long"));
		if ((fd = mkostemp(path, O_CLOEXEC)) == -1)
			return (jt_err_set(err, JT_EIO, errno, dir, "cannot "
			    "create a spool file for %s (set TMPDIR)", spec));
		(void)unlink(path);
	}
	sp->fd = fd;
	sp->size = 0;
	return (0);
}

int
spool_write(struct spool *sp, const void *buf, size_t n, const char *spec,
    const char *path, struct jt_err *err)
{
	const char *p = buf;
	ssize_t w;

	while (n > 0) {
		w = write(sp->fd, p, n);
		if (w == -1 && errno == EINTR)
			continue;
		if (w <= 0)
			return (jt_err_set(err, JT_EIO, w == -1 ? errno : ENOSPC,
			    spec, "spooling %s to a file in TMPDIR", path));
		p += w;
		n -= (size_t)w;
		sp->size += w;
	}
	return (0);
}

int
spool_pread(const struct spool *sp, void *buf, size_t n, int64_t off)
{
	char *p = buf;
	ssize_t r;

	while (n > 0) {
		r = pread(sp->fd, p, n, (off_t)off);
		if (r == -1 && errno == EINTR)
			continue;
		if (r <= 0) {
			if (r == 0)
				errno = EIO;
			return (-1);
		}
		p += r;
		n -= (size_t)r;
		off += r;
	}
	return (0);
}

void
spool_close(struct spool *sp)
{
	if (sp->fd != -1)
		close(sp->fd);
	sp->fd = -1;
}
