/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Profiles for build and verify.  Searched: -P dirs; the local ones in
 * ${PREFIX}/etc/jailtrim/profiles; the shipped ones, found relative to the
 * running executable (../share/jailtrim/profiles: an install staged in a
 * DESTDIR, or moved, and the build tree, where CMake links that path to the
 * source's profiles/), then at the install prefix; then each directory of
 * $JAILTRIM_PROFILES (colon-separated).  No build-tree path is compiled in:
 * the installed binary is the one that was built.
 */
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#ifdef __FreeBSD__
#include <sys/types.h>
#include <sys/sysctl.h>
#endif

#include "jailtrim/build.h"
#include "cli.h"

#ifndef JT_PROFILE_DIR
#define JT_PROFILE_DIR "/usr/local/share/jailtrim/profiles"
#endif
#ifndef JT_LOCAL_PROFILE_DIR
#define JT_LOCAL_PROFILE_DIR "/usr/local/etc/jailtrim/profiles"
#endif
#define JT_REL_PROFILE_DIR "../share/jailtrim/profiles"

/* The running executable's directory, or false when it cannot be told. */
static bool
exe_dir(char *buf, size_t len)
{
	char *slash;
	ssize_t n;

#ifdef __FreeBSD__
	int mib[4] = { CTL_KERN, KERN_PROC, KERN_PROC_PATHNAME, -1 };
	size_t sz = len;

	if (sysctl(mib, 4, buf, &sz, NULL, 0) != 0 || sz == 0 || sz > len)
		return (false);
	n = (ssize_t)strnlen(buf, len);
#else
	if ((n = readlink("/proc/self/exe", buf, len - 1)) <= 0)
		return (false);
#endif
	if ((size_t)n >= len)
		return (false);
	buf[n] = '\0';
	if ((slash = strrchr(buf, '/')) == NULL)
		return (false);
	*slash = '\0';
	return (true);
}

void
cli_profile_dirs(struct jt_strv *dirs)
{
	const char *env = getenv("JAILTRIM_PROFILES"), *s, *e;
	char exe[PATH_MAX], rel[PATH_MAX + sizeof(JT_REL_PROFILE_DIR) + 1];
	char real[PATH_MAX];

	(void)strv_push(dirs, JT_LOCAL_PROFILE_DIR);
	/* not twice when the binary is installed where it was meant to be */
	if (exe_dir(exe, sizeof(exe)) && (size_t)snprintf(rel, sizeof(rel),
	    "%s/%s", exe, JT_REL_PROFILE_DIR) < sizeof(rel) &&
	    (realpath(rel, real) == NULL || strcmp(real, JT_PROFILE_DIR) != 0))
		(void)strv_push(dirs, rel);
	(void)strv_push(dirs, JT_PROFILE_DIR);
	for (s = env; s != NULL && *s != '\0'; s = *e == ':' ? e + 1 : e) {
		e = s + strcspn(s, ":");
		if (e > s)
			(void)strv_pushn(dirs, s, (size_t)(e - s));
	}
}

bool
cli_have_profile(const char *name, const struct jt_strv *pdirs,
    enum jt_platform plat)
{
	struct jt_strv dirs = { 0 };
	struct jt_profile *p;
	struct jt_err err;
	bool ok;

	for (size_t i = 0; i < pdirs->n; i++)
		(void)strv_push(&dirs, pdirs->v[i]);
	cli_profile_dirs(&dirs);
	ok = jt_profile_load(&p, name, (const char *const *)(void *)dirs.v,
	    dirs.n, plat, &err) == 0;
	jt_profile_free(ok ? p : NULL);
	strv_free(&dirs);
	return (ok);
}

int
cli_add_profiles(struct jt_build *b, struct jt_strv *profiles,
    struct jt_strv *pdirs)
{
	struct jt_profile *p;
	struct jt_err err;
	int rc;

	cli_profile_dirs(pdirs);
	for (size_t i = 0; i < profiles->n; i++) {
		if (jt_profile_load(&p, profiles->v[i],
		    (const char *const *)(void *)pdirs->v, pdirs->n,
		    jt_build_platform(b), &err) != 0) {
			cli_err(&err);
			return (EXIT_ERROR);
		}
		rc = jt_build_add_profile(b, p, &err);
		jt_profile_free(p);
		if (rc != 0) {
			cli_err(&err);
			return (EXIT_ERROR);
		}
	}
	return (EXIT_OK);
}
