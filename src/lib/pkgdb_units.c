/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Packages as units (build --pkg, a profile's "package", deps --pkg):
 * the dependency closure of the packages asked for and every path they
 * register, documentation left out.  One computation for the commands
 * that bring packages and the one that says what they would bring.
 */
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "jailtrim/pkgdb.h"
#include "jailtrim/source.h"
#include "util.h"

/* Directories right below a "share" that hold documentation only. */
static const char *const doc_dirs[] = {
	"doc", "man", "info", "examples", "gtk-doc",
};

/* Ports' older layout: PREFIX/man and PREFIX/info. */
static const char *const doc_prefixes[] = {
	"/usr/local/man", "/usr/local/info",
};

static bool
below(const char *path, const char *dir)
{
	size_t n = strlen(dir);

	return (strncmp(path, dir, n) == 0 && (path[n] == '/' ||
	    path[n] == '\0'));
}

bool
jt_pkg_is_doc(const char *path)
{
	const char *s;

	for (size_t i = 0; i < sizeof(doc_prefixes) / sizeof(*doc_prefixes);
	    i++)
		if (below(path, doc_prefixes[i]))
			return (true);
	/* every "/share/" in the path, not only the first */
	for (s = strstr(path, "/share/"); s != NULL;
	    s = strstr(s + 1, "/share/"))
		for (size_t i = 0; i < sizeof(doc_dirs) / sizeof(*doc_dirs);
		    i++)
			if (below(s + sizeof("/share/") - 1, doc_dirs[i]))
				return (true);
	return (false);
}

bool
jt_pkg_file_is_code(struct jt_source *src, const char *path)
{
	char real[PATH_MAX], magic[4];
	struct jt_stat st;
	struct jt_err e;

	if (jt_source_resolve(src, path, true, real, sizeof(real), NULL, NULL,
	    &e) != 0 || jt_source_lstat(src, real, &st, &e) != 0 ||
	    st.type != JT_FT_REG)
		return (false);
	if ((st.mode & 0111) != 0)
		return (true);
	return (jt_source_peek(src, real, magic, sizeof(magic), &e) ==
	    (long)sizeof(magic) && memcmp(magic, "\177ELF", 4) == 0);
}

/*
 * The package of the closure before q that depends on it, NULL when q was
 * asked for (it is the provider of one of the names).
 */
static const struct jt_pkg *
needer(const struct jt_pkgdb *db, const struct jt_pkg_units *u, size_t qi,
    const char *const *names, size_t n)
{
	for (size_t k = 0; k < n; k++)
		if (jt_pkgdb_provider(db, names[k]) == u->pkgs[qi])
			return (NULL);
	for (size_t i = 0; i < qi; i++) {
		const struct jt_pkg *p = u->pkgs[i];

		for (size_t j = 0; j < p->ndeps; j++)
			if (jt_pkgdb_provider(db, p->deps[j].name) ==
			    u->pkgs[qi])
				return (p);
	}
	return (NULL);
}

static int
cmp_path(const void *a, const void *b)
{
	const struct jt_pkg_unit_path *x = a, *y = b;

	return (strcmp(x->path, y->path));
}

/* Every path of p not yet claimed, documentation counted and left out. */
static int
add_paths(struct jt_pkg_units *u, size_t *cap, struct jt_map *seen,
    const struct jt_pkg *p, bool docs)
{
	const size_t nall = p->nfiles + p->nconfig + p->ndirs;

	for (size_t k = 0; k < nall; k++) {
		const char *path = k < p->nfiles ? p->files[k].path :
		    k < p->nfiles + p->nconfig ?
		    p->config[k - p->nfiles].path :
		    p->dirs[k - p->nfiles - p->nconfig];
		struct jt_pkg_unit_path *np;

		if (map_get(seen, path) != NULL)
			continue;
		if (map_put(seen, path, (void *)1) != 0)
			return (JT_ENOMEM);
		if (!docs && jt_pkg_is_doc(path)) {
			u->ndocs++;
			continue;
		}
		if (u->npaths == *cap) {
			size_t ncap = *cap ? *cap * 2 : 64;

			if ((np = reallocarray(u->paths, ncap,
			    sizeof(*np))) == NULL)
				return (JT_ENOMEM);
			u->paths = np;
			*cap = ncap;
		}
		u->paths[u->npaths++] = (struct jt_pkg_unit_path){ .path = path,
		    .pkg = p, .dir = k >= p->nfiles + p->nconfig };
	}
	return (0);
}

int
jt_pkgdb_units(const struct jt_pkgdb *db, const char *const *names,
    size_t n, bool docs, struct jt_pkg_units *out, struct jt_err *err)
{
	struct jt_pkg_closure c;
	struct jt_map seen = { 0 };
	size_t cap = 0;
	int rc;

	memset(out, 0, sizeof(*out));
	if ((rc = jt_pkgdb_closure(db, names, n, &c, err)) != 0)
		return (rc);
	for (size_t i = 0; i < c.nmissing; i++)
		if (c.missing_by[i] == NULL) {
			rc = jt_err_set(err, JT_ENOENT, 0, NULL, "package %s "
			    "is not in the source's package databases (read: "
			    "%s)", c.missing[i], jt_pkgdb_read_from(db)[0] ?
			    jt_pkgdb_read_from(db) : "none: no "
			    "/var/db/pkg/local.sqlite, /var/lib/dpkg/status "
			    "or .pkg layer");
			goto fail;
		}
	rc = JT_ENOMEM;
	out->pkgs = c.pkgs;
	out->n = c.n;
	out->missing = c.missing;
	out->missing_by = c.missing_by;
	out->nmissing = c.nmissing;
	memset(&c, 0, sizeof(c));
	if ((out->needed_by = calloc(out->n + 1, sizeof(*out->needed_by))) ==
	    NULL)
		goto nomem;
	for (size_t i = 0; i < out->n; i++) {
		out->needed_by[i] = needer(db, out, i, names, n);
		if (add_paths(out, &cap, &seen, out->pkgs[i], docs) != 0)
			goto nomem;
	}
	/* each path was claimed once above: no equal keys to order */
	if (out->npaths > 1)
		qsort(out->paths, out->npaths, sizeof(*out->paths), cmp_path);
	map_free(&seen);
	return (0);
nomem:
	rc = jt_err_set(err, JT_ENOMEM, ENOMEM, NULL, "packages");
fail:
	map_free(&seen);
	jt_pkg_closure_free(&c);
	jt_pkg_units_free(out);
	return (rc);
}

void
jt_pkg_units_free(struct jt_pkg_units *u)
{
	if (u == NULL)
		return;
	free(u->pkgs);
	free(u->needed_by);
	free(u->paths);
	free(u->missing);
	free(u->missing_by);
	memset(u, 0, sizeof(*u));
}
