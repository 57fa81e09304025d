/* Profiles for build and verify: -P dirs, $JAILTRIM_PROFILES, installed. */
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jailtrim/build.h"
#include "jailtrim/profile.h"
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

/* -P dirs, then the defaults: where a profile name is looked up. */
void
cli_profile_search(struct jt_strv *dirs, const struct jt_strv *pdirs)
{
	for (size_t i = 0; pdirs != NULL && i < pdirs->n; i++)
		(void)strv_push(dirs, pdirs->v[i]);
	cli_profile_dirs(dirs);
}

/* Levenshtein distance, capped: names longer than 63 are never "near". */
static size_t
distance(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b), row[64], prev, tmp;

	if (la >= 64 || lb >= 64)
		return (SIZE_MAX);
	for (size_t j = 0; j <= lb; j++)
		row[j] = j;
	for (size_t i = 1; i <= la; i++) {
		prev = row[0];
		row[0] = i;
		for (size_t j = 1; j <= lb; j++) {
			size_t best = prev + (a[i - 1] != b[j - 1]);

			if (row[j] + 1 < best)
				best = row[j] + 1;
			if (row[j - 1] + 1 < best)
				best = row[j - 1] + 1;
			tmp = row[j];
			row[j] = best;
			prev = tmp;
		}
	}
	return (row[lb]);
}

/*
 * "no such profile", with where it was looked for and the names closest
 * to it (a third of its length in edits, at least 2), so a typo is one
 * look away from its fix.
 */
static void
no_such_profile(const char *name, const struct jt_strv *dirs)
{
	struct jt_profile_ref *refs = NULL;
	struct jt_err err;
	size_t n = 0, best = SIZE_MAX, lim = strlen(name) / 3, nnear = 0;
	char base[256];
	size_t bl;

	if (strchr(name, '/') != NULL) {
		cli_warnx("%s: no such profile file (or not readable)", name);
		return;
	}
	cli_warnx("%s: no such profile; looked for %.*s.profile in:", name,
	    (int)(str_ends(name, ".profile") ? strlen(name) - 8 :
	    strlen(name)), name);
	for (size_t i = 0; i < dirs->n; i++)
		fprintf(stderr, "    %s\n", dirs->v[i]);
	if (jt_profile_list(&refs, &n, (const char *const *)(void *)dirs->v,
	    dirs->n, &err) != 0 || n == 0) {
		fprintf(stderr, "    (no profiles there)\n");
		return;
	}
	bl = str_ends(name, ".profile") ? strlen(name) - 8 : strlen(name);
	snprintf(base, sizeof(base), "%.*s", (int)bl, name);
	if (lim < 2)
		lim = 2;
	for (size_t i = 0; i < n; i++) {
		size_t d = distance(base, refs[i].name);

		if (d < best)
			best = d;
	}
	if (best <= lim) {
		fprintf(stderr, "jailtrim: did you mean:");
		for (size_t i = 0; i < n; i++)
			if (distance(base, refs[i].name) == best)
				fprintf(stderr, "%s %s", nnear++ ? "," : "",
				    refs[i].name);
		fputc('\n', stderr);
	} else {
		fprintf(stderr, "jailtrim: profiles there:");
		for (size_t i = 0; i < n; i++)
			fprintf(stderr, " %s", refs[i].name);
		fputc('\n', stderr);
	}
	jt_profile_list_free(refs, n);
}

int
cli_check_profiles(const struct jt_strv *names, const struct jt_strv *pdirs)
{
	struct jt_strv dirs = { 0 };
	char path[PATH_MAX];
	int rc = EXIT_OK;

	cli_profile_search(&dirs, pdirs);
	for (size_t i = 0; i < names->n && rc == EXIT_OK; i++)
		if (!jt_profile_find(names->v[i],
		    (const char *const *)(void *)dirs.v, dirs.n, path,
		    sizeof(path))) {
			no_such_profile(names->v[i], &dirs);
			rc = EXIT_USAGE;
		}
	strv_free(&dirs);
	return (rc);
}
