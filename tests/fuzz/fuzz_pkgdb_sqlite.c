/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * pkg(8)'s local.sqlite from arbitrary bytes: deserialized read-only and
 * queried as jt_pkgdb_open() does, then every package's closure and its
 * files' owners.  Seeds: databases with pkg's tables made here (the
 * columns pkg's schema gives them), newer and older forms.
 */
#include <stdint.h>
#include <string.h>

#include <sqlite3.h>

#include "jailtrim/pkgdb.h"
#include "fuzz.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct jt_pkg_closure c;
	struct jt_pkgdb *db;
	struct jt_err err;

	if (jt_pkgdb_open_sqlite_mem(&db, data, size,
	    "/var/db/pkg/local.sqlite", &err) != 0)
		return (0);
	for (size_t i = 0; i < jt_pkgdb_count(db); i++) {
		const struct jt_pkg *p = jt_pkgdb_at(db, i);

		if (jt_pkgdb_closure(db, &p->name, 1, &c, &err) == 0)
			jt_pkg_closure_free(&c);
		for (size_t j = 0; j < p->nfiles; j++)
			(void)jt_pkgdb_owner(db, p->files[j].path);
	}
	jt_pkgdb_free(db);
	return (0);
}

static const char schema[] =
    "PRAGMA page_size = 512;"
    "CREATE TABLE packages (id INTEGER PRIMARY KEY, origin TEXT NOT NULL,"
    " name TEXT NOT NULL, version TEXT NOT NULL, arch TEXT NOT NULL,"
    " prefix TEXT NOT NULL, flatsize INTEGER NOT NULL,"
    " automatic INTEGER NOT NULL);"
    "CREATE UNIQUE INDEX packages_unique ON packages(name);"
    "CREATE TABLE deps (origin TEXT NOT NULL, name TEXT NOT NULL,"
    " version TEXT NOT NULL, package_id INTEGER REFERENCES packages(id)"
    " ON DELETE CASCADE ON UPDATE CASCADE);"
    "CREATE TABLE files (path TEXT PRIMARY KEY, sha256 TEXT,"
    " package_id INTEGER REFERENCES packages(id) ON DELETE CASCADE"
    " ON UPDATE CASCADE);"
    "CREATE TABLE directories (id INTEGER PRIMARY KEY,"
    " path TEXT NOT NULL UNIQUE);"
    "CREATE TABLE pkg_directories (package_id INTEGER REFERENCES"
    " packages(id) ON DELETE CASCADE ON UPDATE CASCADE, directory_id"
    " INTEGER REFERENCES directories(id) ON DELETE RESTRICT ON UPDATE"
    " RESTRICT, try INTEGER, PRIMARY KEY (package_id, directory_id));"
    "CREATE TABLE config_files (path TEXT NOT NULL UNIQUE, content TEXT,"
    " package_id INTEGER REFERENCES packages(id) ON DELETE CASCADE"
    " ON UPDATE CASCADE);"
    "INSERT INTO packages VALUES (1, 'www/a', 'a', '1.0',"
    " 'FreeBSD:14:amd64', '/usr/local', 100, 0),"
    " (2, 'devel/b', 'b', '2.0', 'FreeBSD:14:amd64', '/usr/local', 5, 1);"
    "INSERT INTO deps VALUES ('devel/b', 'b', '2.0', 1),"
    " ('devel/c', 'c', '1', 2), ('www/a', 'a', '1.0', 2);"
    "INSERT INTO files VALUES ('/usr/local/bin/a', '1$"
    "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef', 1),"
    " ('/usr/local/etc/a.conf', '"
    "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef', 1),"
    " ('/usr/local/lib/libb.so.2', NULL, 2);"
    "INSERT INTO config_files VALUES ('/usr/local/etc/a.conf', 'x', 1);"
    "INSERT INTO directories VALUES (1, '/usr/local/share/a');"
    "INSERT INTO pkg_directories VALUES (1, 1, 0);"
    "PRAGMA user_version = 36;";

static void
seed(void (*add)(const void *, size_t), const char *extra)
{
	sqlite3_int64 n = 0;
	unsigned char *b = NULL;
	sqlite3 *sq;

	if (sqlite3_open(":memory:", &sq) != SQLITE_OK)
		return;
	if (sqlite3_exec(sq, schema, NULL, NULL, NULL) == SQLITE_OK &&
	    sqlite3_exec(sq, extra, NULL, NULL, NULL) == SQLITE_OK &&
	    (b = sqlite3_serialize(sq, "main", &n, 0)) != NULL)
		add(b, (size_t)n);
	sqlite3_free(b);
	sqlite3_close(sq);
}

void
jt_fuzz_seeds(void (*add)(const void *data, size_t len))
{
	seed(add, "");
	/* an older form: no sha256, no automatic */
	seed(add, "ALTER TABLE files DROP COLUMN sha256;"
	    "ALTER TABLE packages DROP COLUMN automatic;"
	    "PRAGMA user_version = 20;");
	seed(add, "DROP TABLE deps; DROP TABLE config_files;");
}
