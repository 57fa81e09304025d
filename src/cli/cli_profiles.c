/* Profiles for build and verify: -P dirs, $JAILTRIM_PROFILES, installed. */
#include <stdlib.h>

#include "jailtrim/build.h"
#include "cli.h"

#ifndef JT_PROFILE_DIR
#define JT_PROFILE_DIR "/usr/local/share/jailtrim/profiles"
#endif

int
cli_add_profiles(struct jt_build *b, struct jt_strv *profiles,
    struct jt_strv *pdirs)
{
	const char *env = getenv("JAILTRIM_PROFILES");
	struct jt_profile *p;
	struct jt_err err;
	int rc;

	if (env != NULL && *env != '\0')
		(void)strv_push(pdirs, env);
	(void)strv_push(pdirs, JT_PROFILE_DIR);
#ifdef JT_SRC_PROFILE_DIR
	(void)strv_push(pdirs, JT_SRC_PROFILE_DIR);
#endif
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
