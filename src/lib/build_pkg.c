/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Packages as units in a build (--pkg NAME, a profile's "package NAME"):
 * a package and the packages it depends on, each with every path it
 * registers but its documentation, objects with their closures.  The
 * package database is the source's own (pkgdb.h), read once per build.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jailtrim/pkgdb.h"
#include "build_int.h"

struct build_pkgs {
	struct jt_pkgdb		*db;	/* opened at the first package */
	bool			 docs;
	struct jt_map		 done;	/* name -> 1: included already */
	struct jt_build_pkg	*v;
	size_t			 n, cap;
	struct jt_strv		 whys;	/* the strings v[].why point to */
};

void
build_pkgs_free(struct build_pkgs *pk)
{
	if (pk == NULL)
		return;
	jt_pkgdb_free(pk->db);
	map_free(&pk->done);
	free(pk->v);
	strv_free(&pk->whys);
	free(pk);
}

static struct build_pkgs *
pkgs(struct jt_build *b)
{
	if (b->pk == NULL)
		b->pk = calloc(1, sizeof(*b->pk));
	return (b->pk);
}

void
jt_build_set_docs(struct jt_build *b, bool docs)
{
	/* without memory the default (no documentation) stays: harmless */
	if (pkgs(b) != NULL)
		b->pk->docs = docs;
}

const struct jt_build_pkg *
jt_build_packages(const struct jt_build *b, size_t *n)
{
	*n = b->pk != NULL ? b->pk->n : 0;
	return (b->pk != NULL ? b->pk->v : NULL);
}

/* Record p as included; its reason for its paths in *why. */
static int
record(struct build_pkgs *pk, const struct jt_pkg *p,
    const struct jt_pkg *by, const char *why, const char **pwhy)
{
	struct jt_build_pkg *nv;
	char buf[2048];

	if (pk->n == pk->cap) {
		size_t ncap = pk->cap ? pk->cap * 2 : 8;

		if ((nv = reallocarray(pk->v, ncap, sizeof(*nv))) == NULL)
			return (JT_ENOMEM);
		pk->v = nv;
		pk->cap = ncap;
	}
	if (by != NULL)
		(void)snprintf(buf, sizeof(buf), "a dependency of %s; %s",
		    by->name, why);
	else
		(void)snprintf(buf, sizeof(buf), "%s", why);
	if (strv_push(&pk->whys, buf) != 0 ||
	    map_put(&pk->done, p->name, (void *)1) != 0)
		return (JT_ENOMEM);
	pk->v[pk->n++] = (struct jt_build_pkg){ .name = p->name,
	    .version = p->version, .why = pk->whys.v[pk->whys.n - 1] };
	*pwhy = pk->whys.v[pk->whys.n - 1];
	return (0);
}

/* The entry a plan entry's why names: "package NAME-VERSION, WHY". */
static void
path_why(char *buf, size_t len, const struct jt_pkg *p, const char *pwhy)
{
	(void)snprintf(buf, len, "package %s-%s, %s", p->name,
	    p->version != NULL ? p->version : "?", pwhy);
}

/*
 * The closure of a package's object, each entry saying which package
 * brought it ("libbz2.so.4 of /usr/local/sbin/appd (ldconfig hints), for
 * package appd-1.0"), added before jt_build_add_path() adds the same
 * closure again (the resolver remembers it) with its problems and hints:
 * a plan entry keeps its first reason.  An object that does not resolve
 * is left to jt_build_add_path() to report.
 */
static int
closure_whys(struct jt_build *b, const struct jt_pkg_unit_path *up,
    struct jt_err *err)
{
	struct jt_closure *c;
	struct jt_err e;
	char why[PATH_MAX + 512];
	int rc = 0;

	if (jt_resolve(b->r, up->path, &c, &e) != 0)
		return (0);
	for (size_t i = 0; i < c->ndeps && rc == 0; i++) {
		const struct jt_dep *d = &c->deps[i];

		if (d->parent < 0)
			continue;	/* the package's own file */
		(void)snprintf(why, sizeof(why), "%s of %s (%s), for package "
		    "%s-%s", d->name, c->deps[d->parent].path,
		    jt_via_name(d->via), up->pkg->name, up->pkg->version != NULL ?
		    up->pkg->version : "?");
		for (size_t j = 0; j < d->nlinks && rc == 0; j++)
			rc = jt_plan_add_path(b->plan, d->links[j], why, err);
		if (rc == 0)
			rc = jt_plan_add_path(b->plan, d->path, why, err);
	}
	jt_closure_free(c);
	return (rc);
}

/*
 * One registered path.  What the source does not have (a file removed
 * since, a link to nothing) is said and skipped: the rest of the package
 * is still what was asked for.
 */
static int
add_one(struct jt_build *b, const struct jt_pkg_unit_path *up,
    const char *why, struct jt_err *err)
{
	struct jt_stat st;
	struct jt_err e;
	int rc;

	if (!build_exists(b, up->path)) {
		if (jt_source_lstat(b->src, up->path, &st, &e) == 0 &&
		    st.type == JT_FT_LNK)
			return (build_warning(b, "%s: symbolic link %s -> %s "
			    "leads nowhere in the source: not copied", why,
			    up->path, st.link != NULL ? st.link : "?"));
		return (build_warning(b, "%s: %s is registered but not in "
		    "the source: not copied", why, up->path));
	}
	if (up->dir || !jt_pkg_file_is_code(b->src, up->path))
		return (jt_plan_add_path(b->plan, up->path, why, err));
	if ((rc = closure_whys(b, up, err)) != 0)
		return (rc);
	return (jt_build_add_path(b, up->path, why, err));
}

int
jt_build_add_package(struct jt_build *b, const char *name, const char *why,
    struct jt_err *err)
{
	struct build_pkgs *pk = pkgs(b);
	struct jt_pkg_units u;
	const char **pwhy = NULL;
	size_t first;
	char pathwhy[4096];
	int rc;

	if (pk == NULL)
		return (jt_err_set(err, JT_ENOMEM, errno, NULL, "packages"));
	if (pk->db == NULL && (rc = jt_pkgdb_open(&pk->db, b->src, err)) != 0)
		return (rc);
	if ((rc = jt_pkgdb_units(pk->db, &name, 1, pk->docs, &u, err)) != 0) {
		if (rc == JT_ENOENT && err != NULL) {	/* say who asked */
			char msg[sizeof(err->msg)];

			(void)snprintf(msg, sizeof(msg), "%s", err->msg);
			(void)jt_err_set(err, rc, 0, NULL, "%s: %s", why, msg);
		}
		return (rc);
	}
	/* its reason per package of the closure; NULL: included before */
	if ((pwhy = calloc(u.n + 1, sizeof(*pwhy))) == NULL) {
		rc = jt_err_set(err, JT_ENOMEM, errno, NULL, "packages");
		goto out;
	}
	first = pk->n;
	for (size_t i = 0; i < u.n && rc == 0; i++)
		if (map_get(&pk->done, u.pkgs[i]->name) == NULL &&
		    record(pk, u.pkgs[i], u.needed_by[i], why, &pwhy[i]) != 0)
			rc = jt_err_set(err, JT_ENOMEM, errno, NULL,
			    "packages");
	for (size_t i = 0; i < u.nmissing && rc == 0; i++)
		rc = build_warning(b, "%s: package %s needs %s, which no "
		    "package of the source provides: not included", why,
		    u.missing_by[i], u.missing[i]);
	for (size_t i = 0; i < u.npaths && rc == 0; i++) {
		size_t k;

		for (k = 0; k < u.n && u.pkgs[k] != u.paths[i].pkg; k++)
			;
		if (k == u.n || pwhy[k] == NULL)
			continue;	/* its package came with an earlier one */
		for (size_t j = first; j < pk->n; j++)
			if (pk->v[j].name == u.paths[i].pkg->name)
				pk->v[j].npaths++;
		path_why(pathwhy, sizeof(pathwhy), u.paths[i].pkg, pwhy[k]);
		rc = add_one(b, &u.paths[i], pathwhy, err);
	}
out:
	free(pwhy);
	jt_pkg_units_free(&u);
	return (rc);
}
