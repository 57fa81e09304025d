/* SPDX-License-Identifier: BSD-2-Clause */
/* Reading jailtrim's own inputs from the host (see hostfile.h). */
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <unistd.h>

#include "jailtrim/err.h"
#include "jailtrim/hostfile.h"

int
jt_hostfile_read(const char *path, size_t max, const char *what, char **buf,
    size_t *len, struct jt_err *err)
{
	struct stat sb;
	ssize_t got;
	size_t n = 0;
	int fd, rc = 0;

	*buf = NULL;
	/*
	 * O_NONBLOCK: opening a FIFO would wait for a writer for ever.  The
	 * type is checked on the descriptor (fstat), not before the open.
	 */
	if ((fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)) == -1)
		return (jt_err_set(err, errno == ENOENT ? JT_ENOENT : JT_EIO,
		    errno, path, "cannot open %s", what));
	if (fstat(fd, &sb) == -1) {
		rc = jt_err_set(err, JT_EIO, errno, path, "cannot read %s",
		    what);
		goto out;
	}
	if (!S_ISREG(sb.st_mode)) {
		rc = jt_err_set(err, JT_EINVAL, 0, path, "%s is not a regular "
		    "file (a %s)", what, S_ISFIFO(sb.st_mode) ? "FIFO" :
		    S_ISDIR(sb.st_mode) ? "directory" : S_ISCHR(sb.st_mode) ||
		    S_ISBLK(sb.st_mode) ? "device" : S_ISSOCK(sb.st_mode) ?
		    "socket" : "special file");
		goto out;
	}
	if (sb.st_size < 0 || (uintmax_t)sb.st_size > max) {
		rc = jt_err_set(err, JT_EFORMAT, 0, path, "%s larger than "
		    "%zu bytes", what, max);
		goto out;
	}
	/* One byte more than allowed: a file that grew shows as len > max. */
	if ((*buf = malloc(max + 1)) == NULL) {
		rc = jt_err_set(err, JT_ENOMEM, errno, path, "%s", what);
		goto out;
	}
	while (n <= max && (got = read(fd, *buf + n, max + 1 - n)) != 0) {
		if (got == -1 && errno == EINTR)
			continue;
		if (got == -1) {
			rc = jt_err_set(err, JT_EIO, errno, path, "cannot read "
			    "%s", what);
			goto out;
		}
		n += (size_t)got;
	}
	*len = n;
out:
	if (rc != 0) {
		free(*buf);
		*buf = NULL;
	}
	close(fd);
	return (rc);
}
