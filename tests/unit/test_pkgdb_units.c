/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Packages as units (jt_pkgdb_units): the documentation rule, the
 * closure with who needed each package (dpkg alternatives: the first
 * installed one; Provides), a requested name that is not there (an error
 * naming it and the database read), a missing dependency (listed), and a
 * package's paths without its documentation unless asked.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jailtrim/pkgdb.h"
#include "tap.h"

static void
test_doc_rule(void)
{
	static const char *const docs[] = {
		"/usr/share/doc/python3/copyright", "/usr/share/man/man1/x.1.gz",
		"/usr/share/info/dir", "/usr/local/share/examples/a/b.conf",
		"/usr/local/share/doc", "/usr/share/gtk-doc/html/x.html",
		"/usr/local/man/man8/named.8.gz", "/usr/local/info/x.info",
		"/opt/x/share/lib/share/doc/y",
	};
	static const char *const not_docs[] = {
		"/usr/share/zoneinfo/UTC", "/usr/local/share/certs/ca.crt",
		"/usr/share/docbook/x", "/usr/local/manual/x",
		"/usr/local/lib/python3.11/doctest.py", "/usr/share/mandoc",
		"/usr/local/share/man.conf", "/usr/share/doc2/x", "/usr/bin/man",
	};

	for (size_t i = 0; i < sizeof(docs) / sizeof(*docs); i++)
		ok(jt_pkg_is_doc(docs[i]), "%s is documentation", docs[i]);
	for (size_t i = 0; i < sizeof(not_docs) / sizeof(*not_docs); i++)
		ok(!jt_pkg_is_doc(not_docs[i]), "%s is not documentation",
		    not_docs[i]);
}

static const char status[] =
    "Package: app\nStatus: install ok installed\nVersion: 1\n"
    "Architecture: amd64\n"
    "Pre-Depends: base\n"
    "Depends: notthere | libb (>= 1) | libc, virt, gone (>= 2)\n\n"
    "Package: libb\nStatus: install ok installed\nVersion: 2\n"
    "Architecture: amd64\nDepends: base\n\n"
    "Package: libc\nStatus: install ok installed\nVersion: 3\n"
    "Architecture: amd64\n\n"
    "Package: prov\nStatus: install ok installed\nVersion: 4\n"
    "Architecture: all\nProvides: virt\n\n"
    "Package: base\nStatus: install ok installed\nVersion: 5\n"
    "Architecture: amd64\n\n"
    "Package: notthere\nStatus: deinstall ok config-files\nVersion: 6\n"
    "Architecture: amd64\n";

static const char *
needer(const struct jt_pkg_units *u, const char *name)
{
	for (size_t i = 0; i < u->n; i++)
		if (strcmp(u->pkgs[i]->name, name) == 0)
			return (u->needed_by[i] ? u->needed_by[i]->name :
			    "asked");
	return ("absent");
}

static void
test_closure(void)
{
	const char *names[] = { "app" }, *bad[] = { "app", "nosuch" };
	struct jt_pkg_units u;
	struct jt_pkgdb *db;
	struct jt_err err;

	if (!ok(jt_pkgdb_open_dpkg_mem(&db, status, sizeof(status) - 1,
	    "status", &err) == 0, "status parses: %s", err.msg))
		return;
	if (ok(jt_pkgdb_units(db, names, 1, false, &u, &err) == 0,
	    "units of app")) {
		ok(u.n == 4, "app, base, libb, prov: %zu", u.n);
		ok(strcmp(needer(&u, "app"), "asked") == 0, "app asked for");
		ok(strcmp(needer(&u, "base"), "app") == 0, "base for app");
		ok(strcmp(needer(&u, "libb"), "app") == 0,
		    "libb: the first installed alternative");
		ok(strcmp(needer(&u, "libc"), "absent") == 0,
		    "libc: a later alternative, not taken");
		ok(strcmp(needer(&u, "prov"), "app") == 0, "prov provides virt");
		ok(u.nmissing == 1 && strcmp(u.missing[0], "gone") == 0 &&
		    strcmp(u.missing_by[0], "app") == 0,
		    "gone is missing, needed by app");
		jt_pkg_units_free(&u);
	}
	ok(jt_pkgdb_units(db, bad, 2, false, &u, &err) == JT_ENOENT &&
	    strcmp(err.msg, "package nosuch is not in the source's package "
	    "databases (read: none: no /var/db/pkg/local.sqlite, "
	    "/var/lib/dpkg/status or .pkg layer)") == 0 && u.n == 0,
	    "a requested name not there: %s", err.msg);
	jt_pkgdb_free(db);
}

static const char manifest[] =
    "{\"name\":\"appd\",\"version\":\"1.0\",\"origin\":\"misc/appd\","
    "\"prefix\":\"/usr/local\",\"files\":{"
    "\"/usr/local/sbin/appd\":\"-\","
    "\"/usr/local/man/man8/appd.8.gz\":\"-\","
    "\"/usr/local/share/doc/appd/README\":\"-\","
    "\"/usr/local/etc/appd.conf\":\"-\"},"
    "\"directories\":{\"/var/db/appd/\":\"y\"}}";

static void
test_paths(void)
{
	const char *names[] = { "appd" };
	struct jt_pkg_units u;
	struct jt_pkgdb *db;
	struct jt_err err;

	if (!ok(jt_pkgdb_open_manifest_mem(&db, manifest,
	    sizeof(manifest) - 1, "+MANIFEST", &err) == 0,
	    "manifest parses: %s", err.msg))
		return;
	if (ok(jt_pkgdb_units(db, names, 1, false, &u, &err) == 0,
	    "units of appd")) {
		ok(u.npaths >= 2 && strcmp(u.paths[0].path,
		    "/usr/local/etc/appd.conf") == 0 &&
		    strcmp(u.paths[1].path, "/usr/local/sbin/appd") == 0 &&
		    u.ndocs == 2, "without docs: %zu paths, %zu docs left out",
		    u.npaths, u.ndocs);
		for (size_t i = 0; i < u.npaths; i++)
			ok(!jt_pkg_is_doc(u.paths[i].path) &&
			    u.paths[i].pkg == u.pkgs[0], "%s of appd",
			    u.paths[i].path);
		jt_pkg_units_free(&u);
	}
	if (ok(jt_pkgdb_units(db, names, 1, true, &u, &err) == 0,
	    "units of appd, docs kept")) {
		ok(u.ndocs == 0 && u.npaths >= 4, "with docs: %zu paths",
		    u.npaths);
		jt_pkg_units_free(&u);
	}
	jt_pkgdb_free(db);
}

int
main(void)
{
	test_doc_rule();
	test_closure();
	test_paths();
	return (tap_done());
}
