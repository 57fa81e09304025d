/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * .pkg layers: packages made here (pkg's member order: +COMPACT_MANIFEST,
 * +MANIFEST, then the files), read from the source's layers; the root's
 * database wins over a layer of the same name; malformed manifests are
 * errors naming them.
 */
#include <sys/stat.h>

#include <archive_entry.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jailtrim/pkgdb.h"
#include "jailtrim/source.h"
#include "mktar.h"
#include "tap.h"

#define SUM "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"

static char tmp[256];

static const char foo_compact[] =
    "{\"name\":\"foo\",\"origin\":\"misc/foo\",\"version\":\"1.0\","
    "\"abi\":\"FreeBSD:14:amd64\",\"prefix\":\"/usr/local\","
    "\"deps\":{\"bar\":{\"origin\":\"misc/bar\",\"version\":\"2.0\"}}}";
static const char foo_manifest[] =
    "{\"name\":\"foo\",\"origin\":\"misc/foo\",\"version\":\"1.0\","
    "\"comment\":\"caf\\u00e9 \\\"quoted\\\"\",\"abi\":\"FreeBSD:14:amd64\","
    "\"arch\":\"freebsd:14:x86:64\",\"prefix\":\"/usr/local\","
    "\"flatsize\":4711,\"licenses\":[\"BSD2CLAUSE\"],"
    "\"deps\":{\"bar\":{\"origin\":\"misc/bar\",\"version\":\"2.0\"}},"
    "\"files\":{\"/usr/local/bin/foo\":\"1$" SUM "\","
    "\"/usr/local/etc/foo.conf.sample\":{\"sum\":\"" SUM "\"},"
    "\"/usr/local/etc/foo.conf\":\"1$" SUM "\"},"
    "\"directories\":{\"/usr/local/share/foo/\":\"y\"},"
    "\"config\":[\"/usr/local/etc/foo.conf\"]}";
static const char bar_compact[] =
    "{\"name\":\"bar\",\"origin\":\"misc/bar\",\"version\":\"2.0\","
    "\"abi\":\"FreeBSD:14:amd64\",\"deps\":{\"foo\":{\"version\":\"1\"}}}";

static void
make(void)
{
	const struct tar_member foo[] = {
		{ "+COMPACT_MANIFEST", AE_IFREG, 0, foo_compact, NULL },
		{ "+MANIFEST", AE_IFREG, 0, foo_manifest, NULL },
		{ "/usr/local/bin/foo", AE_IFREG, 0755, "foo", NULL },
		{ "/usr/local/etc/foo.conf", AE_IFREG, 0, "x=1\n", NULL },
	};
	const struct tar_member bar[] = {
		{ "+COMPACT_MANIFEST", AE_IFREG, 0, bar_compact, NULL },
		{ "/usr/local/lib/libbar.so.2", AE_IFREG, 0, "so", NULL },
	};
	char cmd[2048];

	mktar(tap_path(tmp, "foo-1.0.pkg"), foo, 4);
	mktar(tap_path(tmp, "bar-2.0.txz"), bar, 2);
	snprintf(cmd, sizeof(cmd), "mkdir -p '%s/root/etc' '%s/db/var/db/pkg'"
	    " && cp '%s/../shared/fixtures/pkgdb/local.sqlite' "
	    "'%s/db/var/db/pkg/' 2>/dev/null", tmp, tmp,
	    getenv("JT_SRCDIR") ? getenv("JT_SRCDIR") : ".", tmp);
	if (system(cmd) != 0)
		printf("# no fixture database\n");
}

static struct jt_pkgdb *
open3(const char *a, const char *b, const char *c, struct jt_err *err)
{
	struct jt_source *s;
	struct jt_pkgdb *db = NULL;

	if (jt_source_new(&s, err) == 0 && jt_source_add(s, a, err) == 0 &&
	    jt_source_add(s, b, err) == 0 &&
	    (c == NULL || jt_source_add(s, c, err) == 0))
		(void)jt_pkgdb_open(&db, s, err);
	jt_source_free(s);
	return (db);
}

static void
test_layers(void)
{
	const char *names[] = { "foo" };
	struct jt_pkg_closure c;
	const struct jt_pkg *p;
	const struct jt_pkg_file *f;
	struct jt_pkgdb *db;
	struct jt_err err;
	char root[300], foo[300], bar[300];

	snprintf(root, sizeof(root), "%s/root", tmp);
	snprintf(foo, sizeof(foo), "%s/foo-1.0.pkg", tmp);
	snprintf(bar, sizeof(bar), "%s/bar-2.0.txz", tmp);
	db = open3(root, foo, bar, &err);
	if (!ok(db != NULL, "root + two .pkg layers: %s", db ? "" : err.msg))
		return;
	ok(jt_pkgdb_kind(db) == JT_PKGDB_MANIFEST && jt_pkgdb_count(db) == 2,
	    "two packages from manifests (%zu), %s", jt_pkgdb_count(db),
	    jt_pkgdb_path(db));
	p = jt_pkgdb_find(db, "foo");
	ok(p != NULL && strcmp(p->version, "1.0") == 0 &&
	    strcmp(p->origin, "misc/foo") == 0 &&
	    strcmp(p->arch, "FreeBSD:14:amd64") == 0 && p->flatsize == 4711,
	    "foo from +MANIFEST");
	ok(p != NULL && p->nfiles == 3 && p->nconfig == 1 && p->ndirs == 1 &&
	    strcmp(p->dirs[0], "/usr/local/share/foo") == 0,
	    "files, config, directories");
	f = jt_pkgdb_file(db, "/usr/local/bin/foo");
	ok(f != NULL && f->alg == JT_PKG_SUM_SHA256 && strcmp(f->sum, SUM) == 0,
	    "\"1$\" sum read as sha256");
	f = jt_pkgdb_file(db, "/usr/local/etc/foo.conf.sample");
	ok(f != NULL && f->alg == JT_PKG_SUM_SHA256, "a {\"sum\": } value");
	ok(p != NULL && p->config[0].alg == JT_PKG_SUM_SHA256,
	    "the config file's sum from files");
	p = jt_pkgdb_find(db, "bar");
	ok(p != NULL && p->nfiles == 0 && p->ndeps == 1,
	    "bar from +COMPACT_MANIFEST: deps, no files");
	ok(jt_pkgdb_closure(db, names, 1, &c, &err) == 0 && c.n == 2 &&
	    c.nmissing == 0, "closure foo -> bar -> foo");
	jt_pkg_closure_free(&c);
	jt_pkgdb_free(db);

	snprintf(root, sizeof(root), "%s/db", tmp);
	db = open3(root, foo, NULL, &err);
	if (db == NULL || jt_pkgdb_find(db, "plexmediaserver") == NULL) {
		ok(true, "# SKIP no fixture database: %s", err.msg);
		jt_pkgdb_free(db);
		return;
	}
	ok(jt_pkgdb_kind(db) == JT_PKGDB_PKG && jt_pkgdb_count(db) == 3,
	    "fixture db + foo.pkg: 3 packages");
	ok(jt_pkgdb_closure(db, names, 1, &c, &err) == 0 && c.n == 1 &&
	    c.nmissing == 1 && strcmp(c.missing[0], "bar") == 0,
	    "bar missing there");
	jt_pkg_closure_free(&c);
	jt_pkgdb_free(db);
}

static void
bad(const char *m, const char *msg)
{
	struct jt_pkgdb *db;
	struct jt_err err;
	int rc;

	memset(&err, 0, sizeof(err));
	rc = jt_pkgdb_open_manifest_mem(&db, m, strlen(m), "x.pkg: +MANIFEST",
	    &err);
	ok(rc == JT_EFORMAT && db == NULL && strcmp(err.path,
	    "x.pkg: +MANIFEST") == 0 && strstr(err.msg, msg) != NULL,
	    "'%.20s': %s", m, err.msg);
}

static void
test_bad(void)
{
	char deep[400];

	bad("", "a value expected");
	bad("{", "unterminated");
	bad("[1]", "not an object");
	bad("{\"name\":1}", "no name");
	bad("{\"name\":\"x\",\"files\":{\"/a\":\"b\" \"/c\":1}}", "',' expected");
	bad("{\"name\":\"x", "unterminated string");
	memset(deep, '[', sizeof(deep) - 1);
	deep[0] = '{';
	deep[1] = '"';
	deep[2] = 'a';
	deep[3] = '"';
	deep[4] = ':';
	deep[sizeof(deep) - 1] = '\0';
	bad(deep, "nested too deep");
}

int
main(void)
{
	char cmd[300];

	snprintf(tmp, sizeof(tmp), "%s/jt-pkgdb-pkg-XXXXXX",
	    getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
	if (mkdtemp(tmp) == NULL)
		return (1);
	make();
	test_layers();
	test_bad();
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmp);
	if (system(cmd) != 0)
		printf("# cleanup failed\n");
	return (tap_done());
}
