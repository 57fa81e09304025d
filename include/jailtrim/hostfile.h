/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * jailtrim's own inputs read from the host (a manifest, a profile, a
 * jail.conf): regular files only, never a FIFO or a device, with a bound.
 */
#ifndef JAILTRIM_HOSTFILE_H
#define JAILTRIM_HOSTFILE_H

#include <stddef.h>

struct jt_err;

/*
 * The regular host file path, at most max bytes (and one more, so that a
 * file that grew shows as *len > max), into *buf, which the caller frees;
 * errors name path and what the file is for ("manifest").  0, or
 * JT_ENOENT, JT_EIO, JT_EINVAL (not a regular file), JT_EFORMAT (larger
 * than max), JT_ENOMEM.
 */
int	jt_hostfile_read(const char *path, size_t max, const char *what,
	    char **buf, size_t *len, struct jt_err *err);

#endif
