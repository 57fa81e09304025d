/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * What makes the root what it is stays: jailtrim reads a root's platform
 * from its own files (platform.c), and the root's programs run through
 * its run-time linker and libc.  A shrink that removed them because no
 * kept program happened to need them (a jail that keeps only a Linux
 * program under /compat/linux) would leave a root of another platform,
 * that its self-check then judges by the wrong rules.
 */
#include <stdio.h>
#include <string.h>

#include "jailtrim/platform.h"
#include "jailtrim/shrink.h"
#include "jailtrim/source.h"

struct plat {
	int	(*fn)(void *, const char *, const char *);
	void	*arg;
	int	 rc;
};

static int
libc_one(void *arg, const char *path)
{
	struct plat *x = arg;

	return (x->rc = x->fn(x->arg, path, "the root's own libc"));
}

int
jt_shrink_platform_paths(struct jt_shrink *s,
    int (*fn)(void *arg, const char *path, const char *why), void *arg,
    struct jt_err *err)
{
	struct jt_source *src = jt_shrink_source(s);
	struct jt_platform_info pi;
	struct plat x = { fn, arg, 0 };
	struct jt_stat st;
	struct jt_err e;
	int rc;

	if ((rc = jt_platform_detect(&pi, src, JT_PLAT_AUTO, NULL, err)) != 0)
		return (rc);
	if (pi.os == JT_PLAT_FREEBSD) {
		if ((rc = fn(arg, "/libexec/ld-elf.so.1", "the root's own "
		    "run-time linker (it makes the root FreeBSD's)")) != 0)
			return (rc);
		if ((rc = jt_source_glob(src, "/lib/libc.so.*", libc_one, &x,
		    err)) != 0)
			return (x.rc != 0 ? x.rc : rc);
	}
	if (pi.machine_from[0] != '\0' &&
	    jt_source_lstat(src, pi.machine_from, &st, &e) == 0 &&
	    (rc = fn(arg, pi.machine_from, "tells the root's machine")) != 0)
		return (rc);
	if (pi.release_file[0] != '\0' &&
	    jt_source_lstat(src, pi.release_file, &st, &e) == 0 &&
	    (rc = fn(arg, pi.release_file, "tells the root's release")) != 0)
		return (rc);
	return (0);
}
