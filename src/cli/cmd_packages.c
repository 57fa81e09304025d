/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * jailtrim packages [-s SOURCE]... [-l NAME] [SOURCE]...
 *
 * The packages the source's root registers (pkg's local.sqlite, dpkg's
 * status, .pkg layers' manifests): one line each, name, version, files,
 * size.  With -l NAME: that package's files (with their checksum),
 * directories, config files, dependencies and dependency closure.
 * Read-only.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jailtrim/pkgdb.h"
#include "cli.h"

static const char *const kinds[] = { "none", "pkg", "dpkg", "manifest" };
static const char *const algs[] = { "-", "sha256", "md5", "other" };

static void
usage(void)
{
	fprintf(stderr, "usage: jailtrim packages [-s SOURCE]... "
	    "[-l NAME] [SOURCE]...\n");
}

static void
list(const struct jt_pkgdb *db)
{
	printf("# %s %s: %zu packages\n", kinds[jt_pkgdb_kind(db)],
	    jt_pkgdb_path(db), jt_pkgdb_count(db));
	for (size_t i = 0; i < jt_pkgdb_count(db); i++) {
		const struct jt_pkg *p = jt_pkgdb_at(db, i);

		printf("%s\t%s\t%zu files\t%lld bytes\n", p->name, p->version,
		    p->nfiles, (long long)p->flatsize);
	}
}

static int
show(const struct jt_pkgdb *db, const char *name)
{
	const struct jt_pkg *p = jt_pkgdb_provider(db, name);
	struct jt_pkg_closure c;
	struct jt_err err;

	if (p == NULL) {
		cli_warnx("package %s is not in %s (%s)", name,
		    jt_pkgdb_path(db)[0] != '\0' ? jt_pkgdb_path(db) :
		    "a root without a package database",
		    kinds[jt_pkgdb_kind(db)]);
		return (EXIT_ERROR);
	}
	printf("package %s %s%s%s\n", p->name, p->version,
	    p->origin != NULL ? " " : "", p->origin != NULL ? p->origin : "");
	for (size_t i = 0; i < p->nfiles; i++)
		printf("file %s %s%s%s\n", p->files[i].path,
		    algs[p->files[i].alg], p->files[i].sum ? ":" : "",
		    p->files[i].sum ? p->files[i].sum : "");
	for (size_t i = 0; i < p->nconfig; i++)
		printf("config %s\n", p->config[i].path);
	for (size_t i = 0; i < p->ndirs; i++)
		printf("dir %s\n", p->dirs[i]);
	for (size_t i = 0; i < p->ndeps; i++)
		printf("dep %s%s%s\n", p->deps[i].name,
		    p->deps[i].version ? " " : "",
		    p->deps[i].version ? p->deps[i].version : "");
	if (jt_pkgdb_closure(db, &p->name, 1, &c, &err) != 0) {
		cli_err(&err);
		return (EXIT_ERROR);
	}
	for (size_t i = 1; i < c.n; i++)
		printf("needs %s\n", c.pkgs[i]->name);
	for (size_t i = 0; i < c.nmissing; i++)
		printf("missing %s (needed by %s)\n", c.missing[i],
		    c.missing_by[i] ? c.missing_by[i] : "-");
	jt_pkg_closure_free(&c);
	return (EXIT_OK);
}

int
cmd_packages(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "source", required_argument, NULL, 's' },
		{ "list", required_argument, NULL, 'l' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct jt_strv specs = { 0 };
	struct jt_source *src = NULL;
	struct jt_pkgdb *db = NULL;
	const char *name = NULL;
	struct jt_err err;
	int ch, rc;

	optind = 1;
	while ((ch = getopt_long(argc, argv, "s:l:h", longopts, NULL)) != -1) {
		switch (ch) {
		case 's':
			if (strv_push(&specs, optarg) != 0)
				return (EXIT_ERROR);
			break;
		case 'l':
			name = optarg;
			break;
		case 'h':
			usage();
			return (EXIT_OK);
		default:
			usage();
			return (EXIT_USAGE);
		}
	}
	for (int i = optind; i < argc; i++)
		if (strv_push(&specs, argv[i]) != 0)
			return (EXIT_ERROR);
	if ((rc = cli_open_sources(&src, specs.v, specs.n)) != EXIT_OK)
		goto out;
	if (jt_pkgdb_open(&db, src, &err) != 0) {
		cli_err(&err);
		rc = EXIT_ERROR;
		goto out;
	}
	if (name != NULL)
		rc = show(db, name);
	else
		list(db);
out:
	jt_pkgdb_free(db);
	jt_source_free(src);
	strv_free(&specs);
	return (rc);
}
