/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Package databases a hostile or broken root may hold: a truncated or
 * garbage local.sqlite, SQLite databases that are not pkg's, dpkg status
 * files with huge or malformed paragraphs.  Each is an error naming the
 * file, never a crash; a root without a database has zero packages.
 */
#include <sys/stat.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "jailtrim/pkgdb.h"
#include "jailtrim/source.h"
#include "tap.h"

#define PKGDB	"/var/db/pkg/local.sqlite"
#define STATUS	"/var/lib/dpkg/status"

static char tmp[256];
static int nroot;

/* A new root holding bytes at rel; its directory. */
static const char *
root_with(const char *rel, const void *buf, size_t len)
{
	static char root[400];
	char path[600], cmd[700];
	FILE *f;

	snprintf(root, sizeof(root), "%s/r%d", tmp, nroot++);
	snprintf(path, sizeof(path), "%s%s", root, rel);
	snprintf(cmd, sizeof(cmd), "mkdir -p \"$(dirname '%s')\"", path);
	if (system(cmd) != 0 || (f = fopen(path, "wb")) == NULL)
		return (root);
	if (len > 0)
		fwrite(buf, 1, len, f);
	fclose(f);
	return (root);
}

/* A SQLite database made by sql, its bytes in *buf (sqlite3_free). */
static unsigned char *
make_db(const char *sql, size_t *len)
{
	sqlite3_int64 n = 0;
	unsigned char *b = NULL;
	sqlite3 *sq;

	if (sqlite3_open(":memory:", &sq) != SQLITE_OK)
		return (NULL);
	if (sqlite3_exec(sq, sql, NULL, NULL, NULL) == SQLITE_OK)
		b = sqlite3_serialize(sq, "main", &n, 0);
	sqlite3_close(sq);
	*len = (size_t)n;
	return (b);
}

/* Open root's database: the status, with err filled. */
static int
open_root(const char *root, struct jt_pkgdb **db, struct jt_err *err)
{
	struct jt_source *s;
	int rc;

	*db = NULL;
	if ((rc = jt_source_new(&s, err)) != 0 ||
	    (rc = jt_source_add(s, root, err)) != 0) {
		jt_source_free(s);
		return (rc);
	}
	rc = jt_pkgdb_open(db, s, err);
	jt_source_free(s);
	return (rc);
}

static void
expect_bad(const char *what, const char *rel, const void *buf, size_t len,
    const char *msg)
{
	struct jt_pkgdb *db;
	struct jt_err err;
	int rc;

	memset(&err, 0, sizeof(err));
	rc = open_root(root_with(rel, buf, len), &db, &err);
	ok(rc == JT_EFORMAT && db == NULL && strcmp(err.path, rel) == 0 &&
	    strstr(err.msg, msg) != NULL, "%s: %s: %s", what, err.path,
	    err.msg);
	jt_pkgdb_free(db);
}

static void
test_sqlite(void)
{
	char garbage[8192], fixture[512];
	unsigned char *b;
	struct stat sb;
	size_t len;
	FILE *f;

	for (size_t i = 0; i < sizeof(garbage); i++)
		garbage[i] = (char)(i * 7919 % 251);
	expect_bad("garbage", PKGDB, garbage, sizeof(garbage),
	    "not a SQLite database");
	expect_bad("empty", PKGDB, "", 0, "not a SQLite database");
	memcpy(garbage, "SQLite format 3", 16);
	expect_bad("a header, then garbage", PKGDB, garbage, sizeof(garbage),
	    "not a readable pkg(8) database");
	b = make_db("CREATE TABLE foo (x); INSERT INTO foo VALUES (1)", &len);
	expect_bad("another schema", PKGDB, b, len,
	    "not a pkg(8) database: no table packages");
	sqlite3_free(b);
	b = make_db("CREATE TABLE packages (id INTEGER PRIMARY KEY, origin);"
	    "CREATE TABLE files (path, sha256, package_id)", &len);
	expect_bad("packages without name", PKGDB, b, len,
	    "no column name in packages");
	sqlite3_free(b);
	b = make_db("CREATE TABLE packages (id INTEGER PRIMARY KEY, name);"
	    "CREATE TABLE files (path, sha256, package_id);"
	    "INSERT INTO packages VALUES (1, 'p');"
	    "INSERT INTO files VALUES ('relative/path', NULL, 1)", &len);
	expect_bad("a relative file path", PKGDB, b, len,
	    "'relative/path' is not an absolute path");
	sqlite3_free(b);
	snprintf(fixture, sizeof(fixture),
	    "%s/../shared/fixtures/pkgdb/local.sqlite",
	    getenv("JT_SRCDIR") ? getenv("JT_SRCDIR") : ".");
	if (stat(fixture, &sb) != 0 || (f = fopen(fixture, "rb")) == NULL) {
		ok(true, "# SKIP no fixture for the truncated database");
		return;
	}
	b = malloc(65536);
	len = b != NULL ? fread(b, 1, 65536, f) : 0;
	fclose(f);
	expect_bad("truncated fixture (64 KiB)", PKGDB, b, len,
	    "not a readable pkg(8) database");
	free(b);
}

static void
test_status(void)
{
	size_t big = (size_t)5 << 20, n;
	char *s = malloc(big + 200);

	expect_bad("continuation first", STATUS, " x\nPackage: a\n", 12,
	    "line 1: a continuation line");
	expect_bad("no colon", STATUS, "Package: a\nnonsense\n", 20,
	    "line 2: not a 'Field: value' line");
	expect_bad("NUL byte", STATUS, "Package: a\0\n", 12, "a NUL byte");
	expect_bad("a name with a slash", STATUS, "Package: ../../x\n"
	    "Status: install ok installed\n", 46, "not a package name");
	if (s == NULL)
		return;
	n = (size_t)snprintf(s, 200, "Package: a\nStatus: install ok "
	    "installed\nDescription: x\n");
	for (; n < big; n += 3)
		memcpy(s + n, " y\n", 3);
	expect_bad("a 5 MiB field", STATUS, s, n, "field 'Description' of");
	free(s);
}

static void
test_none(void)
{
	struct jt_pkgdb *db;
	struct jt_err err;

	ok(open_root(root_with("/etc/motd", "hi\n", 3), &db, &err) == 0 &&
	    jt_pkgdb_kind(db) == JT_PKGDB_NONE && jt_pkgdb_count(db) == 0 &&
	    jt_pkgdb_find(db, "x") == NULL && jt_pkgdb_owner(db, "/") == NULL,
	    "no database: zero packages");
	jt_pkgdb_free(db);
}

static void
test_deregister_bad(void)
{
	const char *names[] = { "x" };
	char path[512];
	struct jt_err err;

	snprintf(path, sizeof(path), "%s/r0%s", tmp, PKGDB);	/* garbage */
	ok(jt_pkgdb_deregister(path, names, 1, &err) != 0 &&
	    strcmp(err.path, path) == 0, "deregister from garbage: %s",
	    err.msg);
	snprintf(path, sizeof(path), "%s/nonexistent.sqlite", tmp);
	ok(jt_pkgdb_deregister(path, names, 1, &err) == JT_EIO &&
	    strcmp(err.path, path) == 0, "deregister, no file: %s", err.msg);
	snprintf(path, sizeof(path), "%s/nonexistent/status", tmp);
	ok(jt_pkgdb_deregister(path, names, 1, &err) != 0 &&
	    strcmp(err.path, path) == 0, "deregister, no status: %s",
	    err.msg);
}

int
main(void)
{
	char cmd[300];

	snprintf(tmp, sizeof(tmp), "%s/jt-pkgdb-bad-XXXXXX",
	    getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
	if (mkdtemp(tmp) == NULL)
		return (1);
	test_sqlite();
	test_status();
	test_none();
	test_deregister_bad();
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmp);
	if (system(cmd) != 0)
		printf("# cleanup failed\n");
	return (tap_done());
}
