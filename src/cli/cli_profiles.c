/* SPDX-License-Identifier: BSD-2-Clause */
/* Profiles for build and verify: -P dirs, $JAILTRIM_PROFILES, installed. */
#include <stdlib.h>

#include "jailtrim/build.h"
#include "cli.h"

#ifndef JT_PROFILE_DIR
#define JT_PROFILE_DIR "/usr/local/share/jailtrim/profiles"
#endif

void
cli_profile_dirs(struct jt_strv *dirs)
{
	const char *env = getenv("JAILTRIM_PROFILES");

	if (env != NULL && *env != '\0')
		(void)strv_push(dirs, env);
	(void)strv_push(dirs, JT_PROFILE_DIR);
#ifdef JT_SRC_PROFILE_DIR
	(void)strv_push(dirs, JT_SRC_PROFILE_DIR);
#endif
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
