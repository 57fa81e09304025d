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
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#ifdef __FreeBSD__
#include <sys/types.h>
#include <sys/sysctl.h>
#endif

#include "jailtrim/build.h"
#include "jailtrim/profile.h"
#include "cli.h"

#ifndef JT_PROFILE_DIR
#define JT_PROFILE_DIR "/usr/local/share/jailtrim/profiles"
#endif
#ifndef JT_LOCAL_PROFILE_DIR
#define JT_LOCAL_PROFILE_DIR "/usr/local/etc/jailtrim/profiles"
#endif
#define JT_REL_PROFILE_DIR "../share/jailtrim/profiles"

/*
 * The command's -D NAME=VALUE (and its manifest's "define"), for every
 * profile it loads: one setting per process, as the command runs once.
 */
static const struct jt_strv *defines;

void
cli_profile_defines(const struct jt_strv *defs)
{
	defines = defs;
}

static const char *const *
def_v(void)
{
	return (defines != NULL ? (const char *const *)(void *)defines->v :
	    NULL);
}

static size_t
def_n(void)
{
	return (defines != NULL ? defines->n : 0);
}

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

/*
 * Whether a and b name one directory: the same string, or the same real
 * path (a directory that does not exist is only ever itself).
 */
static bool
same_dir(const char *a, const char *b)
{
	char ra[PATH_MAX], rb[PATH_MAX];

	if (strcmp(a, b) == 0)
		return (true);
	return (realpath(a, ra) != NULL && realpath(b, rb) != NULL &&
	    strcmp(ra, rb) == 0);
}

/*
 * dir (len bytes of it) onto the search list, unless the list names it
 * already: its first place is the one that counts, and a directory named
 * twice (-P given twice, $JAILTRIM_PROFILES naming a built-in one) would
 * only be listed twice in "looked for ... in:".
 */
static void
push_dir(struct jt_strv *dirs, const char *dir, size_t len)
{
	char buf[PATH_MAX];

	if (len >= sizeof(buf)) {
		(void)strv_pushn(dirs, dir, len);
		return;
	}
	memcpy(buf, dir, len);
	buf[len] = '\0';
	for (size_t i = 0; i < dirs->n; i++)
		if (same_dir(dirs->v[i], buf))
			return;
	(void)strv_push(dirs, buf);
}

void
cli_profile_dirs(struct jt_strv *dirs)
{
	const char *env = getenv("JAILTRIM_PROFILES"), *s, *e;
	char exe[PATH_MAX], rel[PATH_MAX + sizeof(JT_REL_PROFILE_DIR) + 1];
	char real[PATH_MAX];

	push_dir(dirs, JT_LOCAL_PROFILE_DIR, strlen(JT_LOCAL_PROFILE_DIR));
	/*
	 * Named by its real path (as messages and "jailtrim profiles" show
	 * it), and not twice when the binary is installed where it was
	 * meant to be.
	 */
	if (exe_dir(exe, sizeof(exe)) && (size_t)snprintf(rel, sizeof(rel),
	    "%s/%s", exe, JT_REL_PROFILE_DIR) < sizeof(rel)) {
		if (realpath(rel, real) == NULL)
			push_dir(dirs, rel, strlen(rel));
		else if (strcmp(real, JT_PROFILE_DIR) != 0)
			push_dir(dirs, real, strlen(real));
	}
	push_dir(dirs, JT_PROFILE_DIR, strlen(JT_PROFILE_DIR));
	for (s = env; s != NULL && *s != '\0'; s = *e == ':' ? e + 1 : e) {
		e = s + strcspn(s, ":");
		if (e > s)
			push_dir(dirs, s, (size_t)(e - s));
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

	cli_profile_search(&dirs, pdirs);
	ok = jt_profile_load_defs(&p, name, (const char *const *)(void *)
	    dirs.v, dirs.n, plat, def_v(), def_n(), &err) == 0;
	jt_profile_free(ok ? p : NULL);
	strv_free(&dirs);
	return (ok);
}

int
cli_each_profile(struct jt_strv *profiles, struct jt_strv *pdirs,
    enum jt_platform platform, cli_profile_fn *fn, void *arg)
{
	struct jt_profile *p;
	struct jt_err err;
	int rc;

	cli_profile_dirs(pdirs);
	for (size_t i = 0; i < profiles->n; i++) {
		if (jt_profile_load_defs(&p, profiles->v[i],
		    (const char *const *)(void *)pdirs->v, pdirs->n,
		    platform, def_v(), def_n(), &err) != 0) {
			cli_err(&err);
			return (EXIT_ERROR);
		}
		rc = fn(arg, p, &err);
		jt_profile_free(p);
		if (rc != 0) {
			cli_err(&err);
			return (EXIT_ERROR);
		}
	}
	return (EXIT_OK);
}

static int
add_profile(void *arg, const struct jt_profile *p, struct jt_err *err)
{
	return (jt_build_add_profile(arg, p, err));
}

int
cli_add_profiles(struct jt_build *b, struct jt_strv *profiles,
    struct jt_strv *pdirs)
{
	return (cli_each_profile(profiles, pdirs, jt_build_platform(b),
	    add_profile, b));
}

/* -P dirs, then the defaults: where a profile name is looked up. */
void
cli_profile_search(struct jt_strv *dirs, const struct jt_strv *pdirs)
{
	for (size_t i = 0; pdirs != NULL && i < pdirs->n; i++)
		push_dir(dirs, pdirs->v[i], strlen(pdirs->v[i]));
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
	size_t n = 0, best = SIZE_MAX, lim, nnear = 0, len = strlen(name);
	char base[256];

	if (strchr(name, '/') != NULL) {
		cli_warnx("%s: no such profile file (or not readable)", name);
		return;
	}
	if (str_ends(name, ".profile") && len > strlen(".profile"))
		len -= strlen(".profile");
	snprintf(base, sizeof(base), "%.*s", (int)len, name);
	cli_warnx("%s: no such profile; looked for %s.profile in:", name,
	    base);
	for (size_t i = 0; i < dirs->n; i++)
		fprintf(stderr, "    %s\n", dirs->v[i]);
	if (jt_profile_list(&refs, &n, (const char *const *)(void *)dirs->v,
	    dirs->n, &err) != 0 || n == 0) {
		fprintf(stderr, "    (no profiles there)\n");
		return;
	}
	lim = strlen(base) / 3 < 2 ? 2 : strlen(base) / 3;
	for (size_t i = 0; i < n; i++) {
		size_t d = distance(base, refs[i].name);

		if (d < best)
			best = d;
	}
	fprintf(stderr, "jailtrim: %s", best <= lim ? "did you mean:" :
	    "profiles there:");
	for (size_t i = 0; i < n; i++)
		if (best > lim || distance(base, refs[i].name) == best)
			fprintf(stderr, "%s %s", best <= lim && nnear++ ? "," :
			    "", refs[i].name);
	fputc('\n', stderr);
	jt_profile_list_free(refs, n);
}

/*
 * Loads for both platforms (with the -D values): a syntax error or a
 * missing include, said now.  The variables it declares go in vars.
 */
static bool
loads(const char *path, const struct jt_strv *dirs, struct jt_strv *vars)
{
	static const enum jt_platform plats[] = { JT_PLAT_FREEBSD,
	    JT_PLAT_GLIBC };
	struct jt_profile *p;
	struct jt_err err;

	for (size_t k = 0; k < sizeof(plats) / sizeof(plats[0]); k++) {
		if (jt_profile_load_defs(&p, path, (const char *const *)(void *)
		    dirs->v, dirs->n, plats[k], def_v(), def_n(), &err) != 0) {
			cli_err(&err);
			return (false);
		}
		for (size_t i = 0; i < p->nvars; i++)
			(void)strv_push_uniq(vars, p->vars[i].name);
		jt_profile_free(p);
	}
	return (true);
}

/* Each -D names a variable some profile declares (any platform's). */
static int
check_defines(const struct jt_strv *names, const struct jt_strv *vars)
{
	struct jt_err err;

	for (size_t i = 0; i < def_n(); i++) {
		const char *d = defines->v[i];
		size_t nl = strcspn(d, "=");
		bool found = false;

		if (jt_profile_check_define(d, &err) != 0) {
			cli_err(&err);
			return (EXIT_USAGE);
		}
		for (size_t v = 0; v < vars->n && !found; v++)
			found = strlen(vars->v[v]) == nl &&
			    strncmp(vars->v[v], d, nl) == 0;
		if (found)
			continue;
		fprintf(stderr, "jailtrim: -D %.*s: no variable of that name in "
		    "the profiles", (int)nl, d);
		for (size_t k = 0; k < names->n; k++)
			fprintf(stderr, "%s%s", k ? ", " : " ", names->v[k]);
		fprintf(stderr, "\njailtrim: their variables:%s", vars->n ? "" :
		    " none");
		for (size_t v = 0; v < vars->n; v++)
			fprintf(stderr, " %s", vars->v[v]);
		fputc('\n', stderr);
		return (EXIT_USAGE);
	}
	return (EXIT_OK);
}

int
cli_check_profiles(const struct jt_strv *names, const struct jt_strv *pdirs)
{
	struct jt_strv dirs = { 0 }, vars = { 0 };
	char path[PATH_MAX];
	int rc = EXIT_OK;

	cli_profile_search(&dirs, pdirs);
	for (size_t i = 0; i < names->n && rc == EXIT_OK; i++) {
		if (!jt_profile_find(names->v[i],
		    (const char *const *)(void *)dirs.v, dirs.n, path,
		    sizeof(path))) {
			no_such_profile(names->v[i], &dirs);
			rc = EXIT_USAGE;
		} else if (!loads(path, &dirs, &vars)) {
			rc = EXIT_ERROR;
		}
	}
	if (rc == EXIT_OK)
		rc = check_defines(names, &vars);
	strv_free(&vars);
	strv_free(&dirs);
	return (rc);
}
