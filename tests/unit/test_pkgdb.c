/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * pkg(8) databases: the fixture's real local.sqlite (FreeBSD 10.1, pkg
 * 1.x, user_version 31) read through a directory source, databases made
 * from copies of it (pkg's own schema, rows deleted or inserted), and
 * deregistering packages from a copy.  The fixture itself is only read.
 */
#include <sys/stat.h>

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "jailtrim/pkgdb.h"
#include "jailtrim/source.h"
#include "tap.h"

#define PLEX	"plexmediaserver"
#define COMPAT	"compat9x-amd64"
#define LICENSE	"/usr/local/share/licenses/compat9x-amd64-9.2.902000.201310/LICENSE"

static char tmp[256], fixture[512];

static void sh(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static void
sh(const char *fmt, ...)
{
	char cmd[2048];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(cmd, sizeof(cmd), fmt, ap);
	va_end(ap);
	if (system(cmd) != 0)
		printf("# failed: %s\n", cmd);
}

/* A root dir/root with the fixture's database copied in; the db path. */
static const char *
make_root(const char *name)
{
	static char db[512];
	char root[400];

	snprintf(root, sizeof(root), "%s/%s", tmp, name);
	sh("mkdir -p '%s/var/db/pkg'", root);
	snprintf(db, sizeof(db), "%s/var/db/pkg/local.sqlite", root);
	sh("cp '%s' '%s' && chmod u+w '%s'", fixture, db, db);
	return (db);
}

static int
sql(const char *db, const char *q)
{
	sqlite3 *sq;
	char *msg = NULL;
	int rc;

	if (sqlite3_open(db, &sq) != SQLITE_OK)
		return (-1);
	rc = sqlite3_exec(sq, q, NULL, NULL, &msg);
	if (rc != SQLITE_OK)
		printf("# sql: %s: %s\n", q, msg != NULL ? msg : "");
	sqlite3_free(msg);
	sqlite3_close(sq);
	return (rc);
}

static long long
count(const char *db, const char *q)
{
	sqlite3 *sq;
	sqlite3_stmt *st;
	long long n = -1;

	if (sqlite3_open_v2(db, &sq, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK)
		return (-1);
	if (sqlite3_prepare_v2(sq, q, -1, &st, NULL) == SQLITE_OK &&
	    sqlite3_step(st) == SQLITE_ROW)
		n = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	sqlite3_close(sq);
	return (n);
}

static struct jt_pkgdb *
open_root(const char *name, struct jt_source **s, struct jt_err *err)
{
	struct jt_pkgdb *db = NULL;
	char root[400];

	snprintf(root, sizeof(root), "%s/%s", tmp, name);
	if (jt_source_new(s, err) != 0 || jt_source_add(*s, root, err) != 0 ||
	    jt_pkgdb_open(&db, *s, err) != 0)
		return (NULL);
	return (db);
}

static bool
closure_has(const struct jt_pkg_closure *c, const char *name)
{
	for (size_t i = 0; i < c->n; i++)
		if (strcmp(c->pkgs[i]->name, name) == 0)
			return (true);
	return (false);
}

static void
test_fixture(void)
{
	const char *names[] = { PLEX };
	struct jt_pkg_closure c;
	const struct jt_pkg *p, *q;
	const struct jt_pkg_file *f;
	struct jt_source *s = NULL;
	struct jt_pkgdb *db;
	struct jt_err err;

	make_root("fixture");
	db = open_root("fixture", &s, &err);
	if (!ok(db != NULL, "fixture db opens: %s", db ? "" : err.msg))
		goto out;
	ok(jt_pkgdb_kind(db) == JT_PKGDB_PKG && jt_pkgdb_schema(db) == 31,
	    "pkg database, user_version %d", jt_pkgdb_schema(db));
	ok(strcmp(jt_pkgdb_path(db), "/var/db/pkg/local.sqlite") == 0,
	    "path %s", jt_pkgdb_path(db));
	ok(jt_pkgdb_count(db) == 2, "2 packages (%zu)", jt_pkgdb_count(db));
	p = jt_pkgdb_find(db, PLEX);
	q = jt_pkgdb_find(db, COMPAT);
	if (!ok(p != NULL && q != NULL, "both found by name"))
		goto out;
	ok(strcmp(p->version, "0.9.12.4.1192") == 0 &&
	    strcmp(p->origin, "multimedia/plexmediaserver") == 0 &&
	    strcmp(p->prefix, "/usr/local") == 0 &&
	    strcmp(p->arch, "FreeBSD:10:amd64") == 0 &&
	    p->flatsize == 202164452 && !p->automatic,
	    "plexmediaserver's row");
	ok(q->automatic && q->flatsize == 10812631, "compat9x automatic");
	ok(p->nfiles == 2996 && q->nfiles == 48, "files %zu + %zu = 3044",
	    p->nfiles, q->nfiles);
	ok(p->ndeps == 1 && strcmp(p->deps[0].name, COMPAT) == 0 &&
	    strcmp(p->deps[0].origin, "misc/compat9x") == 0 &&
	    strcmp(p->deps[0].version, "9.2.902000.201310") == 0,
	    "plexmediaserver depends on compat9x-amd64");
	ok(q->ndeps == 0, "compat9x depends on nothing");
	ok(p->ndirs + q->ndirs == 7, "7 registered directories");
	ok(jt_pkgdb_owner(db, LICENSE) == q, "owner of %s", LICENSE);
	ok(jt_pkgdb_owner(db, "/usr/local/bin/nothing") == NULL &&
	    jt_pkgdb_owner(db, "/usr/local") == NULL, "no owner");
	f = jt_pkgdb_file(db, LICENSE);
	ok(f != NULL && f->alg == JT_PKG_SUM_SHA256 && strcmp(f->sum,
	    "5a0d3730c307e5043500dfa15cbf67dbd44c48215a7cacc445347d55b8c6bf77")
	    == 0, "its sha256 (plain hex in pkg 1.x)");
	ok(jt_pkgdb_closure(db, names, 1, &c, &err) == 0 && c.n == 2 &&
	    c.pkgs[0] == p && closure_has(&c, COMPAT) && c.nmissing == 0,
	    "closure of plexmediaserver: itself, compat9x");
	jt_pkg_closure_free(&c);
	names[0] = "nosuch";
	ok(jt_pkgdb_closure(db, names, 1, &c, &err) == 0 && c.n == 0 &&
	    c.nmissing == 1 && strcmp(c.missing[0], "nosuch") == 0 &&
	    c.missing_by[0] == NULL, "a requested name not installed: missing");
	jt_pkg_closure_free(&c);
out:
	jt_pkgdb_free(db);
	jt_source_free(s);
}

/* The root as a txz: the 1.1 MB database is kept in memory and read. */
static void
test_txz(void)
{
	struct jt_source *s = NULL;
	struct jt_pkgdb *db = NULL;
	struct jt_err err;
	char txz[400];

	make_root("txz");
	snprintf(txz, sizeof(txz), "%s/root.txz", tmp);
	sh("tar -cJf '%s' -C '%s/txz' .", txz, tmp);
	if (jt_source_new(&s, &err) == 0 && jt_source_add(s, txz, &err) == 0)
		(void)jt_pkgdb_open(&db, s, &err);
	ok(db != NULL && jt_pkgdb_count(db) == 2 &&
	    jt_pkgdb_owner(db, LICENSE) != NULL,
	    "database read from a txz root: %s", db ? "" : err.msg);
	jt_pkgdb_free(db);
	jt_source_free(s);
}

/*
 * A copy with rows added in pkg's schema: a package whose sha256 are in
 * newer pkg's "1$" form, depending on a package that is not there, and a
 * dependency cycle.  A copy whose files table lost its sha256 column
 * (older schemas read by the columns they have).
 */
static void
test_edited(void)
{
	const char *names[] = { PLEX }, *un[] = { "unused" };
	const char *dbp = make_root("edited");
	struct jt_pkg_closure c;
	struct jt_source *s = NULL;
	const struct jt_pkg_file *f;
	const struct jt_pkg *p;
	struct jt_pkgdb *db;
	struct jt_err err;

	ok(sql(dbp, "INSERT INTO packages (id, origin, name, version, comment,"
	    " desc, arch, maintainer, prefix, flatsize, automatic,"
	    " licenselogic) VALUES (3, 'misc/unused', 'unused', '1.0', 'c',"
	    " 'd', 'FreeBSD:10:amd64', 'm', '/usr/local', 12, 0, 1);"
	    "INSERT INTO files VALUES ('/usr/local/bin/unused', '1$"
	    "ABCDEF0123456789abcdef0123456789abcdef0123456789abcdef0123456789'"
	    ", 3), ('/usr/local/etc/unused.conf', '2$weird', 3);"
	    "INSERT INTO config_files VALUES ('/usr/local/etc/unused.conf',"
	    " 'x=1', 3);"
	    "INSERT INTO deps VALUES ('misc/ghost', 'ghost', '1', 3);"
	    "INSERT INTO deps VALUES ('multimedia/plexmediaserver',"
	    " 'plexmediaserver', '0.9.12.4.1192', 1);") == 0,
	    "rows inserted into a copy");
	db = open_root("edited", &s, &err);
	if (!ok(db != NULL, "edited db opens: %s", db ? "" : err.msg))
		goto out;
	f = jt_pkgdb_file(db, "/usr/local/bin/unused");
	ok(f != NULL && f->alg == JT_PKG_SUM_SHA256 && strcmp(f->sum,
	    "abcdef0123456789abcdef0123456789abcdef0123456789abcdef0123456789")
	    == 0, "\"1$\" sha256 read as hex");
	f = jt_pkgdb_file(db, "/usr/local/etc/unused.conf");
	ok(f != NULL && f->alg == JT_PKG_SUM_OTHER, "unknown typed sum kept");
	p = jt_pkgdb_find(db, "unused");
	ok(p != NULL && p->nconfig == 1 && strcmp(p->config[0].path,
	    "/usr/local/etc/unused.conf") == 0, "config file");
	ok(jt_pkgdb_closure(db, names, 1, &c, &err) == 0 && c.n == 2 &&
	    c.nmissing == 0, "cycle plex <-> compat9x visited once");
	jt_pkg_closure_free(&c);
	ok(jt_pkgdb_closure(db, un, 1, &c, &err) == 0 && c.n == 1 &&
	    c.nmissing == 1 && strcmp(c.missing[0], "ghost") == 0 &&
	    strcmp(c.missing_by[0], "unused") == 0,
	    "missing dependency ghost reported, needed by unused");
	jt_pkg_closure_free(&c);
out:
	jt_pkgdb_free(db);
	jt_source_free(s);
	s = NULL;
	dbp = make_root("old");
	ok(sql(dbp, "ALTER TABLE files DROP COLUMN sha256;"
	    "ALTER TABLE packages DROP COLUMN automatic;"
	    "PRAGMA user_version = 20") == 0, "older-looking schema");
	db = open_root("old", &s, &err);
	ok(db != NULL && jt_pkgdb_schema(db) == 20 &&
	    (f = jt_pkgdb_file(db, LICENSE)) != NULL && f->sum == NULL &&
	    jt_pkgdb_count(db) == 2, "read by the columns it has: %s",
	    db ? "" : err.msg);
	jt_pkgdb_free(db);
	jt_source_free(s);
	s = NULL;
	dbp = make_root("wal");
	ok(sql(dbp, "PRAGMA journal_mode = WAL") == 0, "a copy in WAL mode");
	db = open_root("wal", &s, &err);
	ok(db != NULL && jt_pkgdb_count(db) == 2 &&
	    jt_pkgdb_owner(db, LICENSE) != NULL, "WAL database read: %s",
	    db ? "" : err.msg);
	jt_pkgdb_free(db);
	jt_source_free(s);
}

static void
test_deregister(void)
{
	const char *plex[] = { PLEX }, *compat[] = { COMPAT };
	const char *ghost[] = { PLEX, "ghost" };
	const char *dbp = make_root("dereg");
	struct jt_source *s = NULL;
	char link[600];
	struct jt_pkgdb *db;
	struct jt_err err;

	ok(jt_pkgdb_deregister(dbp, compat, 1, &err) == JT_EINVAL &&
	    strstr(err.msg, "plexmediaserver stays") != NULL,
	    "a package a kept one depends on is refused: %s", err.msg);
	ok(jt_pkgdb_deregister(dbp, ghost, 2, &err) == JT_ENOENT &&
	    strstr(err.msg, "ghost") != NULL && strcmp(err.path, dbp) == 0,
	    "an unregistered name is refused: %s", err.msg);
	ok(count(dbp, "SELECT count(*) FROM files") == 3044 &&
	    count(dbp, "SELECT count(*) FROM packages") == 2,
	    "refusals changed nothing");
	sh("ln -s local.sqlite '%s.link'", dbp);
	snprintf(link, sizeof(link), "%s.link", dbp);
	ok(jt_pkgdb_deregister(link, plex, 1, &err) != 0 && count(dbp, "SELECT count(*) FROM packages") == 2,
	    "a symlink in the database's place is not followed: %s",
	    err.msg);
	ok(jt_pkgdb_deregister(dbp, plex, 1, &err) == 0,
	    "plexmediaserver deregistered: %s", err.msg);
	ok(count(dbp, "SELECT count(*) FROM packages") == 1 &&
	    count(dbp, "SELECT count(*) FROM packages WHERE name = '"
	    COMPAT "'") == 1, "compat9x stays");
	ok(count(dbp, "SELECT count(*) FROM files") == 48 &&
	    count(dbp, "SELECT count(*) FROM files WHERE package_id NOT IN "
	    "(SELECT id FROM packages)") == 0, "its 2996 files went");
	ok(count(dbp, "SELECT count(*) FROM deps") == 0, "its deps went");
	ok(count(dbp, "SELECT count(*) FROM pkg_directories WHERE package_id"
	    " NOT IN (SELECT id FROM packages)") == 0 &&
	    count(dbp, "SELECT count(*) FROM directories WHERE id NOT IN "
	    "(SELECT directory_id FROM pkg_directories)") == 0,
	    "no directory row left without its package");
	ok(count(dbp, "SELECT count(*) FROM shlibs WHERE id NOT IN (SELECT "
	    "shlib_id FROM pkg_shlibs_required) AND id NOT IN (SELECT "
	    "shlib_id FROM pkg_shlibs_provided)") == 0 &&
	    count(dbp, "SELECT count(*) FROM pragma_foreign_key_check") == 0,
	    "no orphan shlib, foreign keys hold");
	ok(count(dbp, "SELECT count(*) FROM pragma_integrity_check WHERE "
	    "integrity_check != 'ok'") == 0, "integrity_check ok");
	db = open_root("dereg", &s, &err);
	ok(db != NULL && jt_pkgdb_count(db) == 1 &&
	    jt_pkgdb_owner(db, LICENSE) != NULL &&
	    jt_pkgdb_find(db, PLEX) == NULL, "read back: one package");
	jt_pkgdb_free(db);
	jt_source_free(s);
}

int
main(void)
{
	const char *src = getenv("JT_SRCDIR");
	struct stat sb;

	snprintf(fixture, sizeof(fixture),
	    "%s/../shared/fixtures/pkgdb/local.sqlite", src ? src : ".");
	if (stat(fixture, &sb) != 0)
		tap_skip_all("no ../shared/fixtures/pkgdb/local.sqlite");
	snprintf(tmp, sizeof(tmp), "%s/jt-pkgdb-XXXXXX",
	    getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
	if (mkdtemp(tmp) == NULL)
		return (1);
	test_fixture();
	test_txz();
	test_edited();
	test_deregister();
	sh("rm -rf '%s'", tmp);
	return (tap_done());
}
