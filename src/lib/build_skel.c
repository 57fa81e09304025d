/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The skeleton every jail gets, profile or not: what jail(8) and libc
 * need before any service runs.  jail(8) refuses to mount devfs on a /dev
 * that is not there; programs write to /tmp, /var/run and /var/log; the
 * resolver and the time zone are read from /etc.  The accounts are
 * pruned by jt_build_finish() whatever the skeleton says.
 *
 * It is base.profile's list with every file optional ("when the source
 * has it"): a jail built from a root without /etc/resolv.conf is still a
 * jail.  A profile's own "dir" lines win: the skeleton adds only what the
 * plan does not have yet.  jt_build_set_bare() leaves it all out.
 */
#include <limits.h>
#include <stdio.h>
#include <string.h>

#include "build_int.h"

struct skel_dir {
	const char	*path;
	mode_t		 mode;
};

static const struct skel_dir freebsd_dirs[] = {
	{ "/dev", 0555 },	/* devfs is mounted here (mount.devfs) */
	{ "/tmp", 01777 },
	{ "/var/run", 0755 },
	{ "/var/log", 0755 },
};

static const struct skel_dir linux_dirs[] = {
	{ "/dev", 0755 },
	{ "/proc", 0555 },
	{ "/tmp", 01777 },
	{ "/run", 0755 },
	{ "/var/log", 0755 },
};

static const char *const freebsd_files[] = {
	"/etc/nsswitch.conf", "/etc/hosts", "/etc/resolv.conf",
	"/etc/services", "/etc/protocols", "/etc/localtime",
	"/etc/login.conf", "/etc/login.conf.db",
};

static const char *const linux_files[] = {
	"/etc/nsswitch.conf", "/etc/hosts", "/etc/resolv.conf",
	"/etc/services", "/etc/protocols", "/etc/localtime",
	"/etc/ld.so.conf", "/etc/ld.so.cache",
};

static bool
is_link(struct jt_build *b, const char *path)
{
	char real[PATH_MAX];
	struct jt_stat st;
	struct jt_err e;

	return (jt_source_resolve(b->src, path, false, real, sizeof(real),
	    NULL, NULL, &e) == 0 && jt_source_lstat(b->src, real, &st,
	    &e) == 0 && st.type == JT_FT_LNK);
}

void
jt_build_set_bare(struct jt_build *b, bool bare)
{
	b->bare = bare;
}

int
build_skeleton(struct jt_build *b, struct jt_err *err)
{
	static const char why[] = "skeleton: what every jail needs "
	    "(--bare leaves it out)";
	bool fbsd = jt_build_platform(b) == JT_PLAT_FREEBSD;
	const struct skel_dir *dirs = fbsd ? freebsd_dirs : linux_dirs;
	size_t ndirs = fbsd ? sizeof(freebsd_dirs) / sizeof(freebsd_dirs[0]) :
	    sizeof(linux_dirs) / sizeof(linux_dirs[0]);
	const char *const *files = fbsd ? freebsd_files : linux_files;
	size_t nfiles = fbsd ? sizeof(freebsd_files) / sizeof(freebsd_files[0]) :
	    sizeof(linux_files) / sizeof(linux_files[0]);
	int rc;

	if (b->bare)
		return (0);
	for (size_t i = 0; i < ndirs; i++) {
		if (jt_plan_get(b->plan, dirs[i].path) != NULL)
			continue;
		if (build_exists(b, dirs[i].path) && (rc = jt_plan_add_path(
		    b->plan, dirs[i].path, why, err)) != 0)
			return (rc);
		/* a link (/tmp -> var/tmp) stays one, with its directory */
		if (is_link(b, dirs[i].path))
			continue;
		/* the source's entry (its flags), our mode; root owns it
		 * (the pruned accounts always keep root and gid 0) */
		if ((rc = jt_plan_add_dir_id(b->plan, dirs[i].path,
		    dirs[i].mode, 0, 0, why, err)) != 0)
			return (rc);
	}
	for (size_t i = 0; i < nfiles; i++)
		/* a zone asked for replaces the source's (and its target) */
		if ((b->tz == NULL || strcmp(files[i], "/etc/localtime") != 0) &&
		    build_exists(b, files[i]) &&
		    (rc = jt_build_add_path(b, files[i], why, err)) != 0)
			return (rc);
	return (0);
}
