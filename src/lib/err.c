/* SPDX-License-Identifier: BSD-2-Clause */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "jailtrim/err.h"

int
jt_err_set(struct jt_err *err, int code, int sys_errno, const char *path,
    const char *fmt, ...)
{
	va_list ap;

	if (err == NULL)
		return (code);
	err->code = code;
	err->sys_errno = sys_errno;
	snprintf(err->path, sizeof(err->path), "%s", path != NULL ? path : "");
	va_start(ap, fmt);
	vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
	va_end(ap);
	return (code);
}

void
jt_err_clear(struct jt_err *err)
{
	if (err != NULL)
		memset(err, 0, sizeof(*err));
}

const char *
jt_err_str(const struct jt_err *err, char *buf, size_t len)
{
	const char *sep = err->path[0] != '\0' ? ": " : "";

	if (err->sys_errno != 0)
		snprintf(buf, len, "%s%s%s: %s", err->path, sep, err->msg,
		    strerror(err->sys_errno));
	else
		snprintf(buf, len, "%s%s%s", err->path, sep, err->msg);
	return (buf);
}

const char *
jt_strerror(int code)
{
	switch (code) {
	case JT_OK:		return ("success");
	case JT_ENOMEM:		return ("out of memory");
	case JT_EIO:		return ("I/O error");
	case JT_ENOENT:		return ("not found");
	case JT_ELOOP:		return ("too many symbolic links");
	case JT_EESCAPE:	return ("path leaves the root");
	case JT_EFORMAT:	return ("malformed input");
	case JT_EINVAL:		return ("invalid argument");
	case JT_ENOTDIR:	return ("not a directory");
	case JT_ENODATA:	return ("content not available");
	case JT_EUNSUPP:	return ("unsupported");
	}
	return ("unknown error");
}
