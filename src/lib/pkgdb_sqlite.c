/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * pkg(8)'s local.sqlite, read from memory.  The schema is pkg's own
 * (libpkg/pkgdb.c): packages, files (path, sha256, package_id),
 * config_files, directories + pkg_directories, deps (origin, name,
 * version, package_id).  Schema versions differ (PRAGMA user_version):
 * optional columns are asked for only when the table has them.
 *
 * The bytes come from the root, which may be hostile: the connection is
 * in-memory and read-only, defensive, runs no extension, trusts no
 * function or view of the schema, and is bounded in lengths and work.
 */
#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "jailtrim/pkgdb.h"
#include "pkgdb_int.h"

/* Virtual machine steps a load may take (in units of 1000). */
#define WORK_MAX	2000000

static int
stop_work(void *arg)
{
	long *n = arg;

	return (++*n > WORK_MAX);
}

int
jt__pkgdb_sqlite_harden(sqlite3 *sq)
{
	static const int on[] = { SQLITE_DBCONFIG_DEFENSIVE };
	static const int off[] = { SQLITE_DBCONFIG_TRUSTED_SCHEMA,
	    SQLITE_DBCONFIG_ENABLE_LOAD_EXTENSION, SQLITE_DBCONFIG_ENABLE_VIEW,
	    SQLITE_DBCONFIG_ENABLE_TRIGGER, SQLITE_DBCONFIG_DQS_DML,
	    SQLITE_DBCONFIG_DQS_DDL };

	for (size_t i = 0; i < sizeof(on) / sizeof(on[0]); i++)
		if (sqlite3_db_config(sq, on[i], 1, NULL) != SQLITE_OK)
			return (-1);
	for (size_t i = 0; i < sizeof(off) / sizeof(off[0]); i++)
		if (sqlite3_db_config(sq, off[i], 0, NULL) != SQLITE_OK)
			return (-1);
	sqlite3_limit(sq, SQLITE_LIMIT_LENGTH, 1 << 24);
	sqlite3_limit(sq, SQLITE_LIMIT_SQL_LENGTH, 1 << 16);
	sqlite3_limit(sq, SQLITE_LIMIT_ATTACHED, 0);
	sqlite3_limit(sq, SQLITE_LIMIT_EXPR_DEPTH, 100);
	sqlite3_limit(sq, SQLITE_LIMIT_TRIGGER_DEPTH, 1);
	if (sqlite3_exec(sq, "PRAGMA cell_size_check = ON;"
	    "PRAGMA mmap_size = 0;", NULL, NULL, NULL) != SQLITE_OK)
		return (-1);
	return (0);
}

/* table exists (and has column, when not NULL). */
bool
jt__pkgdb_sqlite_has(sqlite3 *sq, const char *table, const char *column)
{
	sqlite3_stmt *st;
	bool has = false;

	if (sqlite3_prepare_v2(sq, column != NULL ?
	    "SELECT 1 FROM pragma_table_info(?1) WHERE name = ?2" :
	    "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?1",
	    -1, &st, NULL) != SQLITE_OK)
		return (false);
	sqlite3_bind_text(st, 1, table, -1, SQLITE_STATIC);
	if (column != NULL)
		sqlite3_bind_text(st, 2, column, -1, SQLITE_STATIC);
	has = sqlite3_step(st) == SQLITE_ROW;
	sqlite3_finalize(st);
	return (has);
}

static int
sqlerr(struct jt_pkgdb *db, sqlite3 *sq, const char *what,
    struct jt_err *err)
{
	int ec = sqlite3_errcode(sq);

	return (jt_err_set(err, ec == SQLITE_NOMEM ? JT_ENOMEM : JT_EFORMAT,
	    0, db->path, "%s: %s (not a readable pkg(8) database)", what,
	    sqlite3_errmsg(sq)));
}

/* "col" when the table has it, else a constant of the same meaning. */
static const char *
col(sqlite3 *sq, const char *table, const char *c, const char *dflt)
{
	return (jt__pkgdb_sqlite_has(sq, table, c) ? c : dflt);
}

static const char *
text(sqlite3_stmt *st, int i)
{
	return ((const char *)sqlite3_column_text(st, i));
}

/* The package of id: db->pkgs is in id order while loading. */
static struct pkg_build *
by_id(struct jt_pkgdb *db, int64_t id)
{
	size_t lo = 0, hi = db->n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (db->pkgs[mid].id == id)
			return (&db->pkgs[mid]);
		if (db->pkgs[mid].id < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return (NULL);
}

typedef int row_fn(struct jt_pkgdb *db, sqlite3_stmt *st,
    struct jt_err *err);

static int
each_row(struct jt_pkgdb *db, sqlite3 *sq, const char *sql,
    const char *what, row_fn *fn, struct jt_err *err)
{
	sqlite3_stmt *st = NULL;
	int rc = 0, s;

	if (sqlite3_prepare_v2(sq, sql, -1, &st, NULL) != SQLITE_OK)
		return (sqlerr(db, sq, what, err));
	while ((s = sqlite3_step(st)) == SQLITE_ROW)
		if ((rc = fn(db, st, err)) != 0)
			goto out;
	if (s != SQLITE_DONE)
		rc = sqlerr(db, sq, what, err);
out:
	sqlite3_finalize(st);
	return (rc);
}

static int
need(struct jt_pkgdb *db, sqlite3 *sq, const char *table,
    const char *column, struct jt_err *err)
{
	if (jt__pkgdb_sqlite_has(sq, table, column))
		return (0);
	return (jt_err_set(err, JT_EFORMAT, 0, db->path,
	    "not a pkg(8) database: no %s%s%s%s (user_version %d)",
	    column != NULL ? "column " : "table ",
	    column != NULL ? column : table, column != NULL ? " in " : "",
	    column != NULL ? table : "", db->schema));
}

static const char *
sdup(struct jt_pkgdb *db, const char *s)
{
	return (s != NULL ? jt__pkgdb_str(db, s, strlen(s)) : NULL);
}

static int
pkg_row(struct jt_pkgdb *db, sqlite3_stmt *st, struct jt_err *err)
{
	struct jt_pkg *p;
	size_t i;
	int rc;

	if (text(st, 1) == NULL)
		return (jt_err_set(err, JT_EFORMAT, 0, db->path,
		    "package id %lld has no name",
		    (long long)sqlite3_column_int64(st, 0)));
	if (db->n > 0 && db->pkgs[db->n - 1].id ==
	    sqlite3_column_int64(st, 0))
		return (0);	/* ids are unique in pkg's schema */
	if ((rc = jt__pkgdb_add(db, &i, err)) != 0)
		return (rc);
	db->pkgs[i].id = sqlite3_column_int64(st, 0);
	p = &db->pkgs[i].pkg;
	p->name = sdup(db, text(st, 1));
	p->version = sdup(db, text(st, 2) != NULL ? text(st, 2) : "");
	p->origin = sdup(db, text(st, 3));
	p->arch = sdup(db, text(st, 4));
	p->prefix = sdup(db, text(st, 5));
	p->flatsize = sqlite3_column_int64(st, 6);
	p->automatic = sqlite3_column_int64(st, 7) != 0;
	if (p->name == NULL || p->version == NULL)
		return (jt_err_set(err, JT_ENOMEM, ENOMEM, db->path, "names"));
	return (0);
}

/* pkg's checksum text: plain hex, or typed "1$<hex>" (sha256 hex). */
static enum jt_pkg_sum
sum_alg(const char *s, char *hex, size_t len)
{
	size_t n;

	if (strncmp(s, "1$", 2) == 0)
		s += 2;
	n = strlen(s);
	if (n != 64 || n >= len)
		return (JT_PKG_SUM_OTHER);
	for (size_t i = 0; i < n; i++) {
		if (!isxdigit((unsigned char)s[i]))
			return (JT_PKG_SUM_OTHER);
		hex[i] = (char)tolower((unsigned char)s[i]);
	}
	hex[n] = '\0';
	return (JT_PKG_SUM_SHA256);
}

static int
add_file(struct jt_pkgdb *db, sqlite3_stmt *st, bool config,
    struct jt_err *err)
{
	const char *path = text(st, 0), *sum = text(st, 1);
	struct pkg_build *b = by_id(db, sqlite3_column_int64(st, 2));
	enum jt_pkg_sum alg = JT_PKG_SUM_NONE;
	char hex[65];

	if (b == NULL)
		return (0);	/* a row of no package: not anyone's */
	if (path == NULL || path[0] != '/')
		return (jt_err_set(err, JT_EFORMAT, 0, db->path,
		    "%s of %s: '%s' is not an absolute path",
		    config ? "config file" : "file", b->pkg.name,
		    path != NULL ? path : "(null)"));
	if (sum != NULL && sum[0] != '\0' &&
	    (alg = sum_alg(sum, hex, sizeof(hex))) == JT_PKG_SUM_SHA256)
		sum = hex;
	if (sum != NULL && sum[0] == '\0')
		sum = NULL;
	return (jt__pkg_file(db, b, config, path, sum, alg, err));
}

static int
file_row(struct jt_pkgdb *db, sqlite3_stmt *st, struct jt_err *err)
{
	return (add_file(db, st, false, err));
}

static int
config_row(struct jt_pkgdb *db, sqlite3_stmt *st, struct jt_err *err)
{
	return (add_file(db, st, true, err));
}

static int
dir_row(struct jt_pkgdb *db, sqlite3_stmt *st, struct jt_err *err)
{
	struct pkg_build *b = by_id(db, sqlite3_column_int64(st, 1));

	if (b == NULL || text(st, 0) == NULL)
		return (0);
	return (jt__pkg_dir(db, b, text(st, 0), err));
}

static int
dep_row(struct jt_pkgdb *db, sqlite3_stmt *st, struct jt_err *err)
{
	struct pkg_build *b = by_id(db, sqlite3_column_int64(st, 3));
	struct jt_pkg_dep d;

	if (b == NULL || text(st, 0) == NULL)
		return (0);
	d.name = text(st, 0);
	d.origin = text(st, 1);
	d.version = text(st, 2);
	d.group = (unsigned)b->pkg.ndeps;	/* no alternatives in pkg */
	return (jt__pkg_dep(db, b, &d, err));
}

static int
load_packages(struct jt_pkgdb *db, sqlite3 *sq, struct jt_err *err)
{
	char sql[512];
	int rc;

	if ((rc = need(db, sq, "packages", NULL, err)) != 0 ||
	    (rc = need(db, sq, "packages", "id", err)) != 0 ||
	    (rc = need(db, sq, "packages", "name", err)) != 0 ||
	    (rc = need(db, sq, "files", NULL, err)) != 0 ||
	    (rc = need(db, sq, "files", "path", err)) != 0 ||
	    (rc = need(db, sq, "files", "package_id", err)) != 0)
		return (rc);
	snprintf(sql, sizeof(sql), "SELECT id, name, %s, %s, %s, %s, %s, %s "
	    "FROM packages ORDER BY id",
	    col(sq, "packages", "version", "''"),
	    col(sq, "packages", "origin", "NULL"),
	    col(sq, "packages", "arch", "NULL"),
	    col(sq, "packages", "prefix", "NULL"),
	    col(sq, "packages", "flatsize", "0"),
	    col(sq, "packages", "automatic", "0"));
	return (each_row(db, sq, sql, "packages", pkg_row, err));
}

static int
load_rest(struct jt_pkgdb *db, sqlite3 *sq, struct jt_err *err)
{
	char sql[512];
	int rc;

	snprintf(sql, sizeof(sql), "SELECT path, %s, package_id FROM files",
	    col(sq, "files", "sha256", "NULL"));
	if ((rc = each_row(db, sq, sql, "files", file_row, err)) != 0)
		return (rc);
	if (jt__pkgdb_sqlite_has(sq, "config_files", "package_id") &&
	    (rc = each_row(db, sq, jt__pkgdb_sqlite_has(sq, "files",
	    "sha256") ? "SELECT c.path, f.sha256, c.package_id FROM "
	    "config_files c LEFT JOIN files f ON f.path = c.path" :
	    "SELECT path, NULL, package_id FROM config_files",
	    "config_files", config_row, err)) != 0)
		return (rc);
	if (jt__pkgdb_sqlite_has(sq, "pkg_directories", "directory_id") &&
	    jt__pkgdb_sqlite_has(sq, "directories", "path") &&
	    (rc = each_row(db, sq, "SELECT d.path, p.package_id FROM "
	    "pkg_directories p JOIN directories d ON d.id = p.directory_id",
	    "directories", dir_row, err)) != 0)
		return (rc);
	if (jt__pkgdb_sqlite_has(sq, "deps", "package_id") &&
	    jt__pkgdb_sqlite_has(sq, "deps", "name")) {
		snprintf(sql, sizeof(sql), "SELECT name, %s, %s, package_id "
		    "FROM deps ORDER BY package_id, rowid",
		    col(sq, "deps", "origin", "NULL"),
		    col(sq, "deps", "version", "NULL"));
		if ((rc = each_row(db, sq, sql, "deps", dep_row, err)) != 0)
			return (rc);
	}
	return (0);
}

static int
user_version(struct jt_pkgdb *db, sqlite3 *sq, struct jt_err *err)
{
	sqlite3_stmt *st;
	int s;

	if (sqlite3_prepare_v2(sq, "PRAGMA user_version", -1, &st, NULL) !=
	    SQLITE_OK)
		return (sqlerr(db, sq, "schema", err));
	if ((s = sqlite3_step(st)) == SQLITE_ROW)
		db->schema = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	if (s != SQLITE_ROW)
		return (sqlerr(db, sq, "schema", err));
	return (0);
}

int
jt__pkgdb_sqlite_load(struct jt_pkgdb *db, const void *buf, size_t len,
    struct jt_err *err)
{
	static const char magic[16] = "SQLite format 3";
	sqlite3 *sq = NULL;
	unsigned char *img;
	long work = 0;
	int rc;

	if (len < 100 || memcmp(buf, magic, sizeof(magic)) != 0)
		return (jt_err_set(err, JT_EFORMAT, 0, db->path,
		    "not a SQLite database (%zu bytes)", len));
	if (len > PKGDB_MAX_FILE)
		return (jt_err_set(err, JT_EFORMAT, 0, db->path,
		    "%zu bytes: larger than %zu, not read", len,
		    PKGDB_MAX_FILE));
	if (sqlite3_open_v2(":memory:", &sq, SQLITE_OPEN_READWRITE |
	    SQLITE_OPEN_CREATE, NULL) != SQLITE_OK ||
	    jt__pkgdb_sqlite_harden(sq) != 0) {
		rc = jt_err_set(err, JT_ENOMEM, 0, db->path, "sqlite3_open");
		goto out;
	}
	/* a private copy sqlite owns: the caller's buffer stays const */
	if ((img = sqlite3_malloc64(len)) == NULL) {
		rc = jt_err_set(err, JT_ENOMEM, ENOMEM, db->path, "copy");
		goto out;
	}
	memcpy(img, buf, len);
	/*
	 * A database in WAL mode (header bytes 18 and 19 are 2) cannot be
	 * opened in memory: read it as a rollback-journal one.  What its
	 * -wal file holds that was not checkpointed is not seen.
	 */
	if (img[18] == 2 && img[19] == 2)
		img[18] = img[19] = 1;
	if (sqlite3_deserialize(sq, "main", img, (sqlite3_int64)len,
	    (sqlite3_int64)len, SQLITE_DESERIALIZE_READONLY |
	    SQLITE_DESERIALIZE_FREEONCLOSE) != SQLITE_OK) {
		rc = sqlerr(db, sq, "open", err);
		goto out;
	}
	sqlite3_progress_handler(sq, 1000, stop_work, &work);
	if ((rc = user_version(db, sq, err)) != 0 ||
	    (rc = load_packages(db, sq, err)) != 0 ||
	    (rc = load_rest(db, sq, err)) != 0)
		goto out;
out:
	sqlite3_close(sq);
	return (rc);
}
