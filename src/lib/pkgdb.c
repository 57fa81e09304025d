/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Package databases: the handle, its indexes (by name, by path), the
 * dependency closure, and finding which database a root has.  The
 * readers are pkgdb_sqlite.c (pkg(8)), pkgdb_dpkg.c (dpkg) and
 * pkgdb_manifest.c (.pkg layers).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jailtrim/pkgdb.h"
#include "jailtrim/source.h"
#include "pkgdb_int.h"

/* Where the databases live in a root (pkg's PKG_DBDIR, dpkg's admindir). */
#define PKG_DB		"/var/db/pkg/local.sqlite"
#define DPKG_STATUS	"/var/lib/dpkg/status"
#define DPKG_INFO	"/var/lib/dpkg/info"

int
jt__pkgdb_new(struct jt_pkgdb **out, enum jt_pkgdb_kind kind,
    const char *path, struct jt_err *err)
{
	struct jt_pkgdb *db;

	if ((*out = db = calloc(1, sizeof(*db))) == NULL)
		return (jt_err_set(err, JT_ENOMEM, errno, path, "calloc"));
	db->kind = kind;
	strlcpy(db->path, path != NULL ? path : "", sizeof(db->path));
	return (0);
}

void
jt__pkgdb_read(struct jt_pkgdb *db, const char *kind, const char *path)
{
	size_t n = strlen(db->read);

	(void)snprintf(db->read + n, sizeof(db->read) - n, "%s%s %s",
	    n > 0 ? ", " : "", kind, path);
}

const char *
jt_pkgdb_read_from(const struct jt_pkgdb *db)
{
	return (db->read);
}

void
jt_pkgdb_free(struct jt_pkgdb *db)
{
	if (db == NULL)
		return;
	for (size_t i = 0; i < db->n; i++) {
		struct jt_pkg *p = &db->pkgs[i].pkg;

		free(p->files);
		free(p->config);
		free(p->dirs);
		free(p->deps);
		free(p->provides);
	}
	free(db->pkgs);
	map_free(&db->byname);
	map_free(&db->owners);
	map_free(&db->files);
	arena_free(&db->arena);
	free(db);
}

/* Room for one more of size sz in *v (n used, *cap allocated). */
static int
grow(void *vp, size_t n, size_t *cap, size_t sz)
{
	void **v = vp, *nv;
	size_t ncap;

	if (n < *cap)
		return (0);
	ncap = *cap != 0 ? *cap * 2 : 8;
	if ((nv = reallocarray(*v, ncap, sz)) == NULL)
		return (JT_ENOMEM);
	*v = nv;
	*cap = ncap;
	return (0);
}

static int
row(struct jt_pkgdb *db, struct jt_err *err)
{
	if (++db->rows > PKGDB_MAX_ROWS)
		return (jt_err_set(err, JT_EFORMAT, 0, db->path,
		    "more than %d rows: not loaded", PKGDB_MAX_ROWS));
	return (0);
}

static int
nomem(struct jt_pkgdb *db, struct jt_err *err)
{
	return (jt_err_set(err, JT_ENOMEM, ENOMEM, db->path,
	    "package database"));
}

int
jt__pkgdb_add(struct jt_pkgdb *db, size_t *idx, struct jt_err *err)
{
	if (db->n >= PKGDB_MAX_PKGS)
		return (jt_err_set(err, JT_EFORMAT, 0, db->path,
		    "more than %d packages: not loaded", PKGDB_MAX_PKGS));
	if (grow(&db->pkgs, db->n, &db->cap, sizeof(*db->pkgs)) != 0)
		return (nomem(db, err));
	memset(&db->pkgs[db->n], 0, sizeof(db->pkgs[db->n]));
	*idx = db->n++;
	return (0);
}

const char *
jt__pkgdb_str(struct jt_pkgdb *db, const char *s, size_t len)
{
	return (arena_strndup(&db->arena, s, len));
}

static const char *
dup(struct jt_pkgdb *db, const char *s)
{
	return (s != NULL ? arena_strdup(&db->arena, s) : NULL);
}

int
jt__pkg_file(struct jt_pkgdb *db, struct pkg_build *b, bool config,
    const char *path, const char *sum, enum jt_pkg_sum alg,
    struct jt_err *err)
{
	struct jt_pkg_file **v = config ? &b->pkg.config : &b->pkg.files;
	size_t *n = config ? &b->pkg.nconfig : &b->pkg.nfiles;
	struct jt_pkg_file *f;
	int rc;

	if ((rc = row(db, err)) != 0)
		return (rc);
	if (grow(v, *n, config ? &b->capc : &b->capf, sizeof(**v)) != 0)
		return (nomem(db, err));
	f = &(*v)[*n];
	f->path = dup(db, path);
	f->sum = dup(db, sum);
	f->alg = sum != NULL ? alg : JT_PKG_SUM_NONE;
	if (f->path == NULL || (sum != NULL && f->sum == NULL))
		return (nomem(db, err));
	(*n)++;
	return (0);
}

int
jt__pkg_dir(struct jt_pkgdb *db, struct pkg_build *b, const char *path,
    struct jt_err *err)
{
	int rc;

	if ((rc = row(db, err)) != 0)
		return (rc);
	if (grow(&b->pkg.dirs, b->pkg.ndirs, &b->capd,
	    sizeof(*b->pkg.dirs)) != 0 ||
	    (b->pkg.dirs[b->pkg.ndirs] = dup(db, path)) == NULL)
		return (nomem(db, err));
	b->pkg.ndirs++;
	return (0);
}

int
jt__pkg_dep(struct jt_pkgdb *db, struct pkg_build *b,
    const struct jt_pkg_dep *d, struct jt_err *err)
{
	struct jt_pkg_dep *nd;
	int rc;

	if ((rc = row(db, err)) != 0)
		return (rc);
	if (grow(&b->pkg.deps, b->pkg.ndeps, &b->capdep,
	    sizeof(*b->pkg.deps)) != 0)
		return (nomem(db, err));
	nd = &b->pkg.deps[b->pkg.ndeps];
	nd->name = dup(db, d->name);
	nd->origin = dup(db, d->origin);
	nd->version = dup(db, d->version);
	nd->group = d->group;
	if (nd->name == NULL || (d->origin != NULL && nd->origin == NULL) ||
	    (d->version != NULL && nd->version == NULL))
		return (nomem(db, err));
	b->pkg.ndeps++;
	return (0);
}

int
jt__pkg_provide(struct jt_pkgdb *db, struct pkg_build *b, const char *name,
    struct jt_err *err)
{
	int rc;

	if ((rc = row(db, err)) != 0)
		return (rc);
	if (grow(&b->pkg.provides, b->pkg.nprovides, &b->capp,
	    sizeof(*b->pkg.provides)) != 0 ||
	    (b->pkg.provides[b->pkg.nprovides] = dup(db, name)) == NULL)
		return (nomem(db, err));
	b->pkg.nprovides++;
	return (0);
}

static int
cmp_build(const void *a, const void *b)
{
	const struct pkg_build *x = a, *y = b;
	int c = strcmp(x->pkg.name, y->pkg.name);

	if (c != 0)
		return (c);
	return (strcmp(x->pkg.arch != NULL ? x->pkg.arch : "",
	    y->pkg.arch != NULL ? y->pkg.arch : ""));
}

static int
cmp_file(const void *a, const void *b)
{
	return (strcmp(((const struct jt_pkg_file *)a)->path,
	    ((const struct jt_pkg_file *)b)->path));
}

static int
cmp_str(const void *a, const void *b)
{
	return (strcmp(*(const char *const *)a, *(const char *const *)b));
}

/* Index the files of b: the first package to claim a path owns it. */
static int
index_files(struct jt_pkgdb *db, struct pkg_build *b, struct jt_pkg_file *v,
    size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (map_get(&db->owners, v[i].path) != NULL)
			continue;
		if (map_put(&db->owners, v[i].path, b) != 0 ||
		    map_put(&db->files, v[i].path, &v[i]) != 0)
			return (JT_ENOMEM);
	}
	return (0);
}

static int
index_pkg(struct jt_pkgdb *db, struct pkg_build *b)
{
	char key[512];
	struct jt_pkg *p = &b->pkg;

	if (map_get(&db->byname, p->name) == NULL &&
	    map_put(&db->byname, p->name, b) != 0)
		return (JT_ENOMEM);
	/* dpkg's multiarch names: "libc6:amd64" */
	if (db->kind == JT_PKGDB_DPKG && p->arch != NULL &&
	    (size_t)snprintf(key, sizeof(key), "%s:%s", p->name, p->arch) <
	    sizeof(key) && map_put(&db->byname, key, b) != 0)
		return (JT_ENOMEM);
	if (index_files(db, b, p->files, p->nfiles) != 0 ||
	    index_files(db, b, p->config, p->nconfig) != 0)
		return (JT_ENOMEM);
	return (0);
}

int
jt__pkgdb_finish(struct jt_pkgdb *db, struct jt_err *err)
{
	if (db->n > 1)
		qsort(db->pkgs, db->n, sizeof(*db->pkgs), cmp_build);
	for (size_t i = 0; i < db->n; i++) {
		struct jt_pkg *p = &db->pkgs[i].pkg;

		if (p->nfiles > 1)
			qsort(p->files, p->nfiles, sizeof(*p->files), cmp_file);
		if (p->nconfig > 1)
			qsort(p->config, p->nconfig, sizeof(*p->config),
			    cmp_file);
		if (p->ndirs > 1)
			qsort(p->dirs, p->ndirs, sizeof(*p->dirs), cmp_str);
	}
	for (size_t i = 0; i < db->n; i++)
		if (index_pkg(db, &db->pkgs[i]) != 0)
			return (nomem(db, err));
	return (0);
}

enum jt_pkgdb_kind
jt_pkgdb_kind(const struct jt_pkgdb *db)
{
	return (db->kind);
}

const char *
jt_pkgdb_path(const struct jt_pkgdb *db)
{
	return (db->path);
}

int
jt_pkgdb_schema(const struct jt_pkgdb *db)
{
	return (db->schema);
}

size_t
jt_pkgdb_count(const struct jt_pkgdb *db)
{
	return (db->n);
}

const struct jt_pkg *
jt_pkgdb_at(const struct jt_pkgdb *db, size_t i)
{
	return (i < db->n ? &db->pkgs[i].pkg : NULL);
}

const struct jt_pkg *
jt_pkgdb_find(const struct jt_pkgdb *db, const char *name)
{
	struct pkg_build *b = map_get(&db->byname, name);

	return (b != NULL ? &b->pkg : NULL);
}

const struct jt_pkg *
jt_pkgdb_provider(const struct jt_pkgdb *db, const char *name)
{
	const struct jt_pkg *p;

	if ((p = jt_pkgdb_find(db, name)) != NULL)
		return (p);
	for (size_t i = 0; i < db->n; i++) {
		p = &db->pkgs[i].pkg;
		for (size_t j = 0; j < p->nprovides; j++)
			if (strcmp(p->provides[j], name) == 0)
				return (p);
	}
	return (NULL);
}

const struct jt_pkg *
jt_pkgdb_owner(const struct jt_pkgdb *db, const char *path)
{
	struct pkg_build *b = map_get(&db->owners, path);

	return (b != NULL ? &b->pkg : NULL);
}

const struct jt_pkg_file *
jt_pkgdb_file(const struct jt_pkgdb *db, const char *path)
{
	return (map_get(&db->files, path));
}

static size_t
pkg_index(const struct jt_pkgdb *db, const struct jt_pkg *p)
{
	return ((size_t)((const struct pkg_build *)(const void *)p -
	    db->pkgs));
}

/* Queue p unless it was seen. */
static int
visit(const struct jt_pkgdb *db, bool *seen, struct jt_pkg_closure *c,
    size_t *cap, const struct jt_pkg *p)
{
	size_t i = pkg_index(db, p);

	if (seen[i])
		return (0);
	seen[i] = true;
	if (grow(&c->pkgs, c->n, cap, sizeof(*c->pkgs)) != 0)
		return (JT_ENOMEM);
	c->pkgs[c->n++] = p;
	return (0);
}

static int
miss(struct jt_pkg_closure *c, size_t *cap, const char *name,
    const char *by)
{
	size_t c1 = *cap, c2 = *cap;

	/* two arrays of the same length, one capacity */
	if (grow(&c->missing, c->nmissing, &c1, sizeof(*c->missing)) != 0 ||
	    grow(&c->missing_by, c->nmissing, &c2,
	    sizeof(*c->missing_by)) != 0)
		return (JT_ENOMEM);
	*cap = c1;
	c->missing[c->nmissing] = name;
	c->missing_by[c->nmissing++] = by;
	return (0);
}

/* The dependencies of p, one provider per alternative group. */
static int
follow(const struct jt_pkgdb *db, bool *seen, struct jt_pkg_closure *c,
    size_t caps[2], const struct jt_pkg *p)
{
	const struct jt_pkg *q;
	size_t i = 0, j;

	while (i < p->ndeps) {
		q = NULL;
		for (j = i; j < p->ndeps && p->deps[j].group ==
		    p->deps[i].group; j++)
			if (q == NULL)
				q = jt_pkgdb_provider(db, p->deps[j].name);
		if (q != NULL ? visit(db, seen, c, &caps[0], q) != 0 :
		    miss(c, &caps[1], p->deps[i].name, p->name) != 0)
			return (JT_ENOMEM);
		i = j;
	}
	return (0);
}

int
jt_pkgdb_closure(const struct jt_pkgdb *db, const char *const *names,
    size_t n, struct jt_pkg_closure *out, struct jt_err *err)
{
	size_t caps[2] = { 0, 0 };
	const struct jt_pkg *p;
	bool *seen;
	int rc = JT_ENOMEM;

	memset(out, 0, sizeof(*out));
	if ((seen = calloc(db->n + 1, sizeof(*seen))) == NULL)
		goto fail;
	for (size_t i = 0; i < n; i++) {
		p = jt_pkgdb_provider(db, names[i]);
		if (p != NULL ? visit(db, seen, out, &caps[0], p) != 0 :
		    miss(out, &caps[1], names[i], NULL) != 0)
			goto fail;
	}
	/* breadth first: out->pkgs grows while it is walked */
	for (size_t i = 0; i < out->n; i++)
		if (follow(db, seen, out, caps, out->pkgs[i]) != 0)
			goto fail;
	free(seen);
	return (0);
fail:
	free(seen);
	jt_pkg_closure_free(out);
	return (jt_err_set(err, rc, ENOMEM, db->path, "dependency closure"));
}

void
jt_pkg_closure_free(struct jt_pkg_closure *c)
{
	if (c == NULL)
		return;
	free(c->pkgs);
	free(c->missing);
	free(c->missing_by);
	memset(c, 0, sizeof(*c));
}

/* The database file's bytes through the source; ENOENT means none. */
static int
read_db(struct jt_source *src, const char *path, void **buf, size_t *len,
    struct jt_err *err)
{
	int rc;

	if ((rc = jt_source_read_file(src, path, buf, len, err)) != 0)
		return (rc);
	if (*len > PKGDB_MAX_FILE)
		return (jt_err_set(err, JT_EFORMAT, 0, path,
		    "%zu bytes: larger than %zu, not read", *len,
		    PKGDB_MAX_FILE));
	return (0);
}

/* The root's own database (not indexed yet), or an empty one. */
static int
open_root(struct jt_pkgdb **out, struct jt_source *src, struct jt_err *err)
{
	struct jt_err e2;
	void *buf;
	size_t len;
	int rc;

	rc = read_db(src, PKG_DB, &buf, &len, &e2);
	if (rc == 0) {
		if ((rc = jt__pkgdb_new(out, JT_PKGDB_PKG, PKG_DB, err)) != 0)
			return (rc);
		jt__pkgdb_read(*out, "pkg", PKG_DB);
		return (jt__pkgdb_sqlite_load(*out, buf, len, err));
	}
	if (rc != JT_ENOENT)
		goto copy;
	rc = read_db(src, DPKG_STATUS, &buf, &len, &e2);
	if (rc == JT_ENOENT)
		return (jt__pkgdb_new(out, JT_PKGDB_NONE, "", err));
	if (rc != 0)
		goto copy;
	if ((rc = jt__pkgdb_new(out, JT_PKGDB_DPKG, DPKG_STATUS, err)) != 0)
		return (rc);
	jt__pkgdb_read(*out, "dpkg", DPKG_STATUS);
	if ((rc = jt__pkgdb_dpkg_status(*out, buf, len, err)) != 0)
		return (rc);
	return (jt__pkgdb_dpkg_info(*out, src, DPKG_INFO, err));
copy:
	if (err != NULL)
		*err = e2;
	return (rc);
}

int
jt_pkgdb_open(struct jt_pkgdb **out, struct jt_source *src,
    struct jt_err *err)
{
	int rc;

	*out = NULL;
	if ((rc = open_root(out, src, err)) != 0 ||
	    (rc = jt__pkgdb_layers(*out, src, err)) != 0 ||
	    (rc = jt__pkgdb_finish(*out, err)) != 0)
		goto fail;
	return (0);
fail:
	jt_pkgdb_free(*out);
	*out = NULL;
	return (rc);
}

int
jt_pkgdb_open_manifest_mem(struct jt_pkgdb **out, const void *buf,
    size_t len, const char *name, struct jt_err *err)
{
	int rc;

	if ((rc = jt__pkgdb_new(out, JT_PKGDB_MANIFEST, name, err)) != 0)
		return (rc);
	if ((rc = jt__pkgdb_manifest(*out, buf, len, name, err)) != 0 ||
	    (rc = jt__pkgdb_finish(*out, err)) != 0)
		goto fail;
	return (0);
fail:
	jt_pkgdb_free(*out);
	*out = NULL;
	return (rc);
}

int
jt_pkgdb_open_sqlite_mem(struct jt_pkgdb **out, const void *buf, size_t len,
    const char *name, struct jt_err *err)
{
	int rc;

	if ((rc = jt__pkgdb_new(out, JT_PKGDB_PKG, name, err)) != 0)
		return (rc);
	if ((rc = jt__pkgdb_sqlite_load(*out, buf, len, err)) != 0 ||
	    (rc = jt__pkgdb_finish(*out, err)) != 0)
		goto fail;
	return (0);
fail:
	jt_pkgdb_free(*out);
	*out = NULL;
	return (rc);
}

int
jt_pkgdb_open_dpkg_mem(struct jt_pkgdb **out, const void *buf, size_t len,
    const char *name, struct jt_err *err)
{
	int rc;

	if ((rc = jt__pkgdb_new(out, JT_PKGDB_DPKG, name, err)) != 0)
		return (rc);
	if ((rc = jt__pkgdb_dpkg_status(*out, buf, len, err)) != 0 ||
	    (rc = jt__pkgdb_finish(*out, err)) != 0)
		goto fail;
	return (0);
fail:
	jt_pkgdb_free(*out);
	*out = NULL;
	return (rc);
}

int
jt_pkgdb_deregister(const char *path, const char *const *names, size_t n,
    struct jt_err *err)
{
	if (str_ends(path, "/status") || strcmp(path, "status") == 0)
		return (jt__pkgdb_dpkg_deregister(path, names, n, err));
	return (jt__pkgdb_sqlite_deregister(path, names, n, err));
}
