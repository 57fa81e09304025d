/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * jailtrim error reporting.
 *
 * Library functions return 0 or a negative JT_E* code and fill a
 * caller-owned struct jt_err.  The library never prints or exits: the
 * CLI turns a jt_err into a message and an exit status.
 */
#ifndef JAILTRIM_ERR_H
#define JAILTRIM_ERR_H

#include <stddef.h>

enum {
	JT_OK = 0,
	JT_ENOMEM = -1,		/* out of memory */
	JT_EIO = -2,		/* read error on a file or archive */
	JT_ENOENT = -3,		/* path does not exist in the source */
	JT_ELOOP = -4,		/* too many symbolic links */
	JT_EESCAPE = -5,	/* path or link leaves the root */
	JT_EFORMAT = -6,	/* malformed ELF, archive or config */
	JT_EINVAL = -7,		/* bad argument */
	JT_ENOTDIR = -8,	/* a path component is not a directory */
	JT_ENODATA = -9,	/* content not available (not retained) */
	JT_EUNSUPP = -10,	/* unsupported input */
};

#define JT_ERR_PATH_MAX	1024
#define JT_ERR_MSG_MAX	1024

struct jt_err {
	int	code;			/* JT_E* */
	int	sys_errno;		/* errno, 0 if none */
	char	path[JT_ERR_PATH_MAX];	/* file the error is about, "" if none */
	char	msg[JT_ERR_MSG_MAX];	/* what went wrong */
};

/*
 * Record an error and return code.  err may be NULL.  path may be NULL.
 * The message is printf-formatted.
 */
int	jt_err_set(struct jt_err *err, int code, int sys_errno,
	    const char *path, const char *fmt, ...)
	    __attribute__((format(printf, 5, 6)));

/* Clear an error record. */
void	jt_err_clear(struct jt_err *err);

/* Render "path: msg: strerror" into buf. Returns buf. */
const char *jt_err_str(const struct jt_err *err, char *buf, size_t len);

/* Short name of a code ("out of memory", "not found", ...). */
const char *jt_strerror(int code);

#endif
