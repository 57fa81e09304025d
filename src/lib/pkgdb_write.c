/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Deregistering packages, for shrink's apply: the database on the host
 * must say afterwards what the root holds (pkg info, pkg check -s).
 *
 * pkg(8): what pkgdb_unregister_pkg() does — the packages row goes, and
 * with it (pkg's schema: ON DELETE CASCADE, pkg runs with foreign_keys on)
 * every row that names the package; then the shared rows no package uses
 * any more (directories, shlibs, users, ...) are deleted as pkg's orphan
 * clean-up does.  We delete the per-package rows explicitly as well, so
 * that a database whose foreign keys do not cascade ends the same.
 * One transaction: all the packages go, or nothing changes.
 *
 * dpkg: the status file rewritten without the packages' paragraphs
 * (a temporary file in the same directory, fsync'ed, renamed over), then
 * their info/NAME.* and info/NAME:ARCH.* files removed.
 */
#include <sys/stat.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include <sqlite3.h>

#include "jailtrim/hostfile.h"
#include "jailtrim/pkgdb.h"
#include "jailtrim/source.h"
#include "pkgdb_int.h"

/* Shared rows and what refers to them (pkg's orphan clean-up). */
static const struct orphan {
	const char	*table, *id, *ref, *col, *ref2, *col2;
} orphans[] = {
	{ "directories", "id", "pkg_directories", "directory_id", NULL, NULL },
	{ "categories", "id", "pkg_categories", "category_id", NULL, NULL },
	{ "licenses", "id", "pkg_licenses", "license_id", NULL, NULL },
	{ "users", "id", "pkg_users", "user_id", NULL, NULL },
	{ "groups", "id", "pkg_groups", "group_id", NULL, NULL },
	{ "shlibs", "id", "pkg_shlibs_required", "shlib_id",
	    "pkg_shlibs_provided", "shlib_id" },
	{ "script", "script_id", "pkg_script", "script_id", NULL, NULL },
	{ "lua_script", "lua_script_id", "pkg_lua_script", "lua_script_id",
	    NULL, NULL },
	{ "option", "option_id", "pkg_option", "option_id",
	    "pkg_option_default", "option_id" },
	{ "option_desc", "option_desc_id", "pkg_option_desc",
	    "option_desc_id", NULL, NULL },
	{ "annotation", "annotation_id", "pkg_annotation", "tag_id",
	    "pkg_annotation", "value_id" },
	{ "provides", "id", "pkg_provides", "provide_id", NULL, NULL },
	{ "requires", "id", "pkg_requires", "require_id", NULL, NULL },
	{ "mtree", "id", "packages", "mtree_id", NULL, NULL },
};

static int
sqerr(sqlite3 *sq, const char *path, const char *what, struct jt_err *err)
{
	return (jt_err_set(err, JT_EIO, 0, path, "%s: %s", what,
	    sq != NULL ? sqlite3_errmsg(sq) : "out of memory"));
}

/* packages.id of name, 0 when none (pkg's ids start at 1). */
static int64_t
pkg_id(sqlite3 *sq, const char *name)
{
	sqlite3_stmt *st;
	int64_t id = 0;

	if (sqlite3_prepare_v2(sq, "SELECT id FROM packages WHERE name = ?1",
	    -1, &st, NULL) != SQLITE_OK)
		return (0);
	sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_ROW)
		id = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return (id);
}

static bool
listed(const char *s, const char *const *names, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(s, names[i]) == 0)
			return (true);
	return (false);
}

/* Every name is registered, and no package that stays depends on one. */
static int
check(sqlite3 *sq, const char *path, const char *const *names, size_t n,
    struct jt_err *err)
{
	sqlite3_stmt *st;
	int rc = 0;

	for (size_t i = 0; i < n; i++)
		if (pkg_id(sq, names[i]) == 0)
			return (jt_err_set(err, JT_ENOENT, 0, path,
			    "package %s is not registered", names[i]));
	if (!jt__pkgdb_sqlite_has(sq, "deps", "package_id"))
		return (0);
	if (sqlite3_prepare_v2(sq, "SELECT p.name, d.name FROM deps d JOIN "
	    "packages p ON p.id = d.package_id", -1, &st, NULL) != SQLITE_OK)
		return (sqerr(sq, path, "deps", err));
	while (rc == 0 && sqlite3_step(st) == SQLITE_ROW) {
		const char *by = (const char *)sqlite3_column_text(st, 0);
		const char *dep = (const char *)sqlite3_column_text(st, 1);

		if (by != NULL && dep != NULL && listed(dep, names, n) &&
		    !listed(by, names, n))
			rc = jt_err_set(err, JT_EINVAL, 0, path,
			    "package %s stays and depends on %s", by, dep);
	}
	sqlite3_finalize(st);
	return (rc);
}

static int
exec(sqlite3 *sq, const char *path, const char *sql, struct jt_err *err)
{
	if (sqlite3_exec(sq, sql, NULL, NULL, NULL) != SQLITE_OK)
		return (sqerr(sq, path, sql, err));
	return (0);
}

/* Every table with a package_id column, then the packages row. */
static int
delete_pkg(sqlite3 *sq, const char *path, int64_t id, struct jt_err *err)
{
	sqlite3_stmt *st;
	char sql[256];
	struct jt_strv t = { 0 };
	int rc = 0;

	if (sqlite3_prepare_v2(sq, "SELECT m.name FROM sqlite_master m, "
	    "pragma_table_info(m.name) c WHERE m.type = 'table' AND "
	    "c.name = 'package_id' ORDER BY m.name", -1, &st, NULL) !=
	    SQLITE_OK)
		return (sqerr(sq, path, "tables", err));
	while (sqlite3_step(st) == SQLITE_ROW)
		if (strv_push(&t, (const char *)sqlite3_column_text(st, 0)) !=
		    0)
			rc = jt_err_set(err, JT_ENOMEM, ENOMEM, path, "tables");
	sqlite3_finalize(st);
	for (size_t i = 0; rc == 0 && i < t.n; i++) {
		/* table names come from the schema: quote them */
		if (strchr(t.v[i], '"') != NULL)
			continue;
		snprintf(sql, sizeof(sql), "DELETE FROM \"%s\" WHERE "
		    "package_id = %lld", t.v[i], (long long)id);
		rc = exec(sq, path, sql, err);
	}
	strv_free(&t);
	if (rc != 0)
		return (rc);
	snprintf(sql, sizeof(sql), "DELETE FROM packages WHERE id = %lld",
	    (long long)id);
	return (exec(sq, path, sql, err));
}

static int
delete_orphans(sqlite3 *sq, const char *path, struct jt_err *err)
{
	char sql[512], more[160];
	const struct orphan *o;
	int rc;

	for (size_t i = 0; i < sizeof(orphans) / sizeof(orphans[0]); i++) {
		o = &orphans[i];
		if (!jt__pkgdb_sqlite_has(sq, o->table, o->id) ||
		    !jt__pkgdb_sqlite_has(sq, o->ref, o->col))
			continue;
		more[0] = '\0';
		if (o->ref2 != NULL && jt__pkgdb_sqlite_has(sq, o->ref2,
		    o->col2))
			snprintf(more, sizeof(more), " AND %s NOT IN (SELECT "
			    "%s FROM %s WHERE %s IS NOT NULL)", o->id, o->col2,
			    o->ref2, o->col2);
		snprintf(sql, sizeof(sql), "DELETE FROM %s WHERE %s NOT IN "
		    "(SELECT %s FROM %s WHERE %s IS NOT NULL)%s", o->table,
		    o->id, o->col, o->ref, o->col, more);
		if ((rc = exec(sq, path, sql, err)) != 0)
			return (rc);
	}
	return (0);
}

int
jt__pkgdb_sqlite_deregister(const char *path, const char *const *names,
    size_t n, struct jt_err *err)
{
	sqlite3 *sq = NULL;
	int rc;

	/* the database file itself, not what a symlink in its place names */
	if (sqlite3_open_v2(path, &sq, SQLITE_OPEN_READWRITE |
	    SQLITE_OPEN_NOFOLLOW, NULL) !=
	    SQLITE_OK || jt__pkgdb_sqlite_harden(sq) != 0) {
		rc = sqerr(sq, path, "open", err);
		goto out;
	}
	if (!jt__pkgdb_sqlite_has(sq, "packages", "name") ||
	    !jt__pkgdb_sqlite_has(sq, "packages", "id")) {
		rc = jt_err_set(err, JT_EFORMAT, 0, path,
		    "not a pkg(8) database: no packages table (%s)",
		    sqlite3_errmsg(sq));
		goto out;
	}
	if ((rc = check(sq, path, names, n, err)) != 0 ||
	    (rc = exec(sq, path, "PRAGMA foreign_keys = ON; "
	    "BEGIN IMMEDIATE", err)) != 0)
		goto out;
	for (size_t i = 0; rc == 0 && i < n; i++)
		rc = delete_pkg(sq, path, pkg_id(sq, names[i]), err);
	if (rc == 0)
		rc = delete_orphans(sq, path, err);
	if (rc == 0)
		rc = exec(sq, path, "COMMIT", err);
	if (rc != 0)
		(void)sqlite3_exec(sq, "ROLLBACK", NULL, NULL, NULL);
out:
	if (sq != NULL && sqlite3_close(sq) != SQLITE_OK && rc == 0)
		rc = sqerr(sq, path, "close", err);
	return (rc);
}

/* The value of field name in paragraph [p, e), trimmed, or len 0. */
static const char *
para_field(const char *p, const char *e, const char *name, size_t *len)
{
	size_t nl = strlen(name);
	const char *v, *eol;

	for (; p < e; p = eol + 1) {
		if ((eol = memchr(p, '\n', (size_t)(e - p))) == NULL)
			eol = e;
		if ((size_t)(eol - p) > nl && p[nl] == ':' &&
		    strncasecmp(p, name, nl) == 0) {
			for (v = p + nl + 1; v < eol && (*v == ' ' ||
			    *v == '\t'); v++)
				;
			*len = (size_t)(eol - v);
			while (*len > 0 && (v[*len - 1] == ' ' ||
			    v[*len - 1] == '\r'))
				(*len)--;
			return (v);
		}
	}
	*len = 0;
	return (p);
}

/* The end of the paragraph at p, its blank lines after it included. */
static const char *
para_end(const char *p, const char *e, const char **body_end)
{
	const char *eol;

	for (; p < e && *p != '\n'; p = eol + 1)
		if ((eol = memchr(p, '\n', (size_t)(e - p))) == NULL)
			return (*body_end = e);
	*body_end = p;
	while (p < e && *p == '\n')
		p++;
	return (p);
}

static int
write_all(int fd, const char *p, size_t n)
{
	ssize_t w;

	while (n > 0) {
		if ((w = write(fd, p, n)) < 0) {
			if (errno == EINTR)
				continue;
			return (-1);
		}
		p += w;
		n -= (size_t)w;
	}
	return (0);
}

/* status without the paragraphs of names: temp file, fsync, rename. */
static int
rewrite_status(const char *path, const char *buf, size_t len,
    const char *const *names, size_t n, struct jt_err *err)
{
	const char *p = buf, *e = buf + len, *next, *body, *v;
	char tmp[4096], name[256];
	bool *found;
	size_t vl;
	int fd = -1, rc = 0;

	if ((found = calloc(n + 1, sizeof(*found))) == NULL)
		return (jt_err_set(err, JT_ENOMEM, errno, path, "calloc"));
	if ((size_t)snprintf(tmp, sizeof(tmp), "%s.jtXXXXXX", path) >=
	    sizeof(tmp) || (fd = mkstemp(tmp)) < 0) {
		rc = jt_err_set(err, JT_EIO, errno, path, "temporary file");
		goto out;
	}
	for (; rc == 0 && p < e; p = next) {
		next = para_end(p, e, &body);
		v = para_field(p, body, "Package", &vl);
		snprintf(name, sizeof(name), "%.*s", (int)vl, v);
		for (size_t i = 0; i < n; i++)
			if (vl > 0 && strcmp(names[i], name) == 0)
				found[i] = true;
		if (vl > 0 && listed(name, names, n))
			continue;
		if (write_all(fd, p, (size_t)(next - p)) != 0)
			rc = jt_err_set(err, JT_EIO, errno, tmp, "write");
	}
	for (size_t i = 0; rc == 0 && i < n; i++)
		if (!found[i])
			rc = jt_err_set(err, JT_ENOENT, 0, path,
			    "package %s is not registered", names[i]);
	if (rc == 0 && (fchmod(fd, 0644) != 0 || fsync(fd) != 0))
		rc = jt_err_set(err, JT_EIO, errno, tmp, "fsync");
	if (close(fd) != 0 && rc == 0)
		rc = jt_err_set(err, JT_EIO, errno, tmp, "close");
	fd = -1;
	if (rc == 0 && rename(tmp, path) != 0)
		rc = jt_err_set(err, JT_EIO, errno, path, "rename");
	if (rc != 0)
		(void)unlink(tmp);
out:
	if (fd >= 0)
		(void)close(fd);
	free(found);
	return (rc);
}

/* "NAME.ext" or "NAME:ARCH.ext": an info file of that package. */
static bool
info_of(const char *ent, const char *name)
{
	size_t nl = strlen(name);
	const char *rest, *dot;

	if (strncmp(ent, name, nl) != 0 || (ent[nl] != '.' && ent[nl] != ':'))
		return (false);
	rest = ent + nl + 1;
	dot = strchr(rest, '.');
	if (ent[nl] == '.')
		return (dot == NULL && *rest != '\0');
	return (dot != NULL && dot != rest && strchr(dot + 1, '.') == NULL &&
	    strchr(rest, ':') == NULL);
}

static int
remove_info(const char *status, const char *const *names, size_t n,
    struct jt_err *err)
{
	char dir[4096], f[4096];
	struct dirent *de;
	DIR *d;
	int rc = 0;

	path_dirname(dir, sizeof(dir), status);
	if (strlcat(dir, "/info", sizeof(dir)) >= sizeof(dir) ||
	    (d = opendir(dir)) == NULL)
		return (errno == ENOENT ? 0 :
		    jt_err_set(err, JT_EIO, errno, dir, "opendir"));
	while (rc == 0 && (de = readdir(d)) != NULL)
		for (size_t i = 0; i < n; i++)
			if (info_of(de->d_name, names[i]) &&
			    path_join(f, sizeof(f), dir, de->d_name) &&
			    unlink(f) != 0 && errno != ENOENT)
				rc = jt_err_set(err, JT_EIO, errno, f,
				    "unlink");
	closedir(d);
	return (rc);
}

int
jt__pkgdb_dpkg_deregister(const char *path, const char *const *names,
    size_t n, struct jt_err *err)
{
	char *buf = NULL;
	size_t len;
	int rc;

	if ((rc = jt_hostfile_read(path, PKGDB_MAX_FILE, "dpkg status", &buf,
	    &len, err)) != 0)
		return (rc);
	if ((rc = rewrite_status(path, buf, len, names, n, err)) == 0)
		rc = remove_info(path, names, n, err);
	free(buf);
	return (rc);
}

struct dereg_files {
	const char *const *names;
	size_t		 n;
	const char	*dir;
	int		(*fn)(void *, const char *);
	void		*arg;
};

static int
info_file(void *arg, const char *name, const struct jt_stat *st)
{
	struct dereg_files *x = arg;
	char f[4096];

	(void)st;
	for (size_t i = 0; i < x->n; i++)
		if (info_of(name, x->names[i]))
			return (path_join(f, sizeof(f), x->dir, name) ?
			    x->fn(x->arg, f) : JT_EINVAL);
	return (0);
}

int
jt_pkgdb_deregister_files(const struct jt_pkgdb *db, struct jt_source *src,
    const char *const *names, size_t n, int (*fn)(void *, const char *),
    void *arg, struct jt_err *err)
{
	struct dereg_files x = { names, n, NULL, fn, arg };
	char dir[4096];
	int rc;

	if (jt_pkgdb_kind(db) != JT_PKGDB_PKG &&
	    jt_pkgdb_kind(db) != JT_PKGDB_DPKG)
		return (0);
	if ((rc = fn(arg, jt_pkgdb_path(db))) != 0 ||
	    jt_pkgdb_kind(db) != JT_PKGDB_DPKG)
		return (rc);
	path_dirname(dir, sizeof(dir), jt_pkgdb_path(db));
	if (strlcat(dir, "/info", sizeof(dir)) >= sizeof(dir))
		return (jt_err_set(err, JT_EINVAL, 0, dir, "path too long"));
	x.dir = dir;
	rc = jt_source_readdir(src, dir, info_file, &x, err);
	return (rc == JT_ENOENT ? 0 : rc);
}
