/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Packages as units in the CLI: what `deps --pkg` says a set of packages
 * would bring (the packages, then every file with the closures of its
 * objects), and the packages lines of build's report.
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jailtrim/build.h"
#include "jailtrim/pkgdb.h"
#include "jailtrim/resolve.h"
#include "cli.h"
#include "json.h"

void
cli_report_packages(struct jt_build *jb, bool json, bool docs)
{
	const struct jt_build_pkg *v;
	size_t n;

	v = jt_build_packages(jb, &n);
	if (n == 0)
		return;
	if (json) {
		printf("\"packages\":[");
		for (size_t i = 0; i < n; i++) {
			printf("%s{\"name\":", i ? "," : "");
			json_str(stdout, v[i].name);
			printf(",\"version\":");
			json_str(stdout, v[i].version);
			printf(",\"why\":");
			json_str(stdout, v[i].why);
			printf(",\"paths\":%zu}", v[i].npaths);
		}
		printf("],");
		return;
	}
	printf("packages: %zu (%s)\n", n, docs ? "with their documentation" :
	    "documentation left out; --docs keeps it");
	for (size_t i = 0; i < n; i++)
		printf("  %s-%s: %s, %zu path%s\n", v[i].name,
		    v[i].version != NULL ? v[i].version : "?", v[i].why,
		    v[i].npaths, v[i].npaths == 1 ? "" : "s");
}

/* What deps --pkg collects: each path once, with the first reason. */
struct pkgdeps {
	struct jt_strv	 files;		/* "path\twhy", sorted at the end */
	struct jt_map	 seen;
	struct jt_map	 said;		/* problems printed */
	bool		 problems, errors;
};

static void
pd_add(struct pkgdeps *d, const char *path, const char *why)
{
	char line[8192];

	if (map_get(&d->seen, path) != NULL)
		return;
	(void)snprintf(line, sizeof(line), "%s\t%s", path, why);
	if (map_put(&d->seen, path, (void *)1) != 0 ||
	    strv_push(&d->files, line) != 0)
		d->errors = true;
}

static void
pd_say(void *arg, const char *msg)
{
	struct pkgdeps *d = arg;

	d->problems = true;
	if (map_get(&d->said, msg) != NULL)
		return;
	(void)map_put(&d->said, msg, d);
	cli_warnx("%s", msg);
}

/* A registered file: itself, and an object's or script's closure. */
static void
pd_file(struct pkgdeps *d, struct jt_source *src, struct jt_resolver *r,
    const char *path, const struct jt_pkg *p)
{
	struct jt_closure *c;
	struct jt_err err;
	char why[1024], real[PATH_MAX];
	int rc;

	(void)snprintf(why, sizeof(why), "package %s", p->name);
	if (jt_pkg_file_is_code(src, path))
		rc = jt_resolve(r, path, &c, &err);
	else	/* data, as it is: there, or said below */
		rc = (rc = jt_source_resolve(src, path, true, real,
		    sizeof(real), NULL, NULL, &err)) != 0 ? rc : JT_EFORMAT;
	if (rc == JT_ENOENT || rc == JT_ELOOP || rc == JT_EESCAPE ||
	    rc == JT_ENOTDIR) {
		cli_warnx("warning: %s: %s is registered but not in the source "
		    "(%s): not brought", why, path, err.msg);
		return;
	}
	pd_add(d, path, why);
	if (rc == JT_EFORMAT)	/* not an object or a script: as it is */
		return;
	if (rc != 0) {
		cli_err(&err);
		d->errors = true;
		return;
	}
	jt_closure_problems(c, pd_say, d);
	for (size_t i = 0; i < c->ndeps; i++) {
		const struct jt_dep *dp = &c->deps[i];

		(void)snprintf(why, sizeof(why), "%s of %s (package %s)",
		    dp->name, path, p->name);
		for (size_t j = 0; j < dp->nlinks; j++)
			pd_add(d, dp->links[j], why);
		pd_add(d, dp->path, why);
	}
	jt_closure_free(c);
}

static void
pd_print(const struct jt_pkg_units *u, struct pkgdeps *d, bool list,
    bool json, bool why)
{
	strv_sort(&d->files);
	if (json) {
		printf("{\"packages\":[");
		for (size_t i = 0; i < u->n; i++) {
			printf("%s{\"name\":", i ? "," : "");
			json_str(stdout, u->pkgs[i]->name);
			printf(",\"version\":");
			json_str(stdout, u->pkgs[i]->version);
			printf(",\"needed_by\":");
			json_str(stdout, u->needed_by[i] != NULL ?
			    u->needed_by[i]->name : NULL);
			putchar('}');
		}
		printf("],\"files\":[");
		for (size_t i = 0; i < d->files.n; i++) {
			char *tab = strchr(d->files.v[i], '\t');

			*tab = '\0';	/* the path alone, for a moment */
			printf("%s{\"path\":", i ? "," : "");
			json_str(stdout, d->files.v[i]);
			*tab = '\t';
			printf(",\"why\":");
			json_str(stdout, tab + 1);
			putchar('}');
		}
		printf("],\"documentation_left_out\":%zu}\n", u->ndocs);
		return;
	}
	for (size_t i = 0; !list && i < u->n; i++) {
		printf("package %s %s: ", u->pkgs[i]->name,
		    u->pkgs[i]->version != NULL ? u->pkgs[i]->version : "?");
		if (u->needed_by[i] != NULL)
			printf("a dependency of %s\n", u->needed_by[i]->name);
		else
			printf("asked for\n");
	}
	for (size_t i = 0; i < d->files.n; i++) {
		const char *tab = strchr(d->files.v[i], '\t');

		printf("%.*s%s%s\n", (int)(tab - d->files.v[i]), d->files.v[i],
		    why ? ": " : "", why ? tab + 1 : "");
	}
}

int
cli_deps_packages(struct jt_source *src, struct jt_resolver *r,
    const struct jt_strv *names, bool docs, bool list, bool json, bool why)
{
	struct pkgdeps d = { 0 };
	struct jt_pkg_units u = { 0 };
	struct jt_pkgdb *db = NULL;
	struct jt_err err;
	int rc = EXIT_ERROR;

	if (jt_pkgdb_open(&db, src, &err) != 0 ||
	    jt_pkgdb_units(db, (const char *const *)(void *)names->v,
	    names->n, docs, &u, &err) != 0) {
		cli_err(&err);
		goto out;
	}
	for (size_t i = 0; i < u.nmissing; i++)
		cli_warnx("warning: package %s needs %s, which no package of "
		    "the source provides", u.missing_by[i], u.missing[i]);
	for (size_t i = 0; i < u.npaths; i++)
		if (!u.paths[i].dir)
			pd_file(&d, src, r, u.paths[i].path, u.paths[i].pkg);
	pd_print(&u, &d, list, json, why);
	rc = d.errors ? EXIT_ERROR : d.problems ? EXIT_UNRESOLVED : EXIT_OK;
out:
	jt_pkg_units_free(&u);
	jt_pkgdb_free(db);
	strv_free(&d.files);
	map_free(&d.seen);
	map_free(&d.said);
	return (rc);
}
