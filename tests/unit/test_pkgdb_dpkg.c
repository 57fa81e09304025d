/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * dpkg databases: this Debian machine's own (read-only) and small trees
 * made here: alternatives, Provides, a multiarch NAME:ARCH.list, a
 * package that is not installed, a missing dependency, Conffiles and
 * md5sums; deregistering from a copy.
 */
#include <sys/stat.h>

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "jailtrim/pkgdb.h"
#include "jailtrim/source.h"
#include "tap.h"

static char tmp[256];

static void put(const char *rel, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void
put(const char *rel, const char *fmt, ...)
{
	char path[512], cmd[600];
	va_list ap;
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", tmp, rel);
	snprintf(cmd, sizeof(cmd), "mkdir -p \"$(dirname '%s')\"", path);
	if (system(cmd) != 0 || (f = fopen(path, "w")) == NULL) {
		printf("# cannot write %s\n", path);
		return;
	}
	va_start(ap, fmt);
	vfprintf(f, fmt, ap);
	va_end(ap);
	fclose(f);
}

static bool
has(const struct jt_pkg_closure *c, const char *name)
{
	for (size_t i = 0; i < c->n; i++)
		if (strcmp(c->pkgs[i]->name, name) == 0)
			return (true);
	return (false);
}

static struct jt_pkgdb *
open_src(const char *root, struct jt_source **s, struct jt_err *err)
{
	struct jt_pkgdb *db = NULL;

	*s = NULL;
	if (jt_source_new(s, err) != 0 || jt_source_add(*s, root, err) != 0 ||
	    jt_pkgdb_open(&db, *s, err) != 0)
		return (NULL);
	return (db);
}

/* This machine's database: /bin/ls is coreutils', which needs libc6. */
static void
test_host(void)
{
	const char *names[] = { "coreutils" };
	struct jt_pkg_closure c = { 0 };
	const struct jt_pkg *p;
	struct jt_source *s;
	struct jt_pkgdb *db;
	struct jt_err err;
	struct stat sb;
	clock_t t0 = clock();

	if (stat("/var/lib/dpkg/status", &sb) != 0) {
		ok(true, "# SKIP no dpkg database on this host");
		return;
	}
	db = open_src("/", &s, &err);
	if (!ok(db != NULL, "host dpkg database opens: %s", db ? "" : err.msg))
		goto out;
	printf("# %zu packages read in %.2f s\n", jt_pkgdb_count(db),
	    (double)(clock() - t0) / CLOCKS_PER_SEC);
	ok(jt_pkgdb_kind(db) == JT_PKGDB_DPKG && jt_pkgdb_count(db) > 50,
	    "dpkg, %zu packages", jt_pkgdb_count(db));
	p = jt_pkgdb_owner(db, "/bin/ls");
	ok(p != NULL && strcmp(p->name, "coreutils") == 0,
	    "/bin/ls is coreutils' (%s)", p ? p->name : "none");
	ok(p != NULL && jt_pkgdb_file(db, "/bin/ls")->alg == JT_PKG_SUM_MD5,
	    "with its md5sum");
	ok(p != NULL && p->ndirs > 0 && p->ndeps > 0, "dirs and deps");
	ok(jt_pkgdb_closure(db, names, 1, &c, &err) == 0 &&
	    has(&c, "libc6") && c.pkgs[0] == p, "closure has libc6 (%zu)",
	    c.n);
	p = jt_pkgdb_find(db, "libc6");
	ok(p != NULL && p->nconfig >= 1 && p->nfiles > 100 && p->arch &&
	    jt_pkgdb_find(db, "libc6:amd64") == p,
	    "libc6 from libc6:amd64.list, %zu files", p ? p->nfiles : 0);
	jt_pkg_closure_free(&c);
out:
	jt_pkgdb_free(db);
	jt_source_free(s);
}

static const char status[] =
    "Package: a\n"
    "Status: install ok installed\n"
    "Version: 1.0-1\n"
    "Architecture: amd64\n"
    "Installed-Size: 10\n"
    "Pre-Depends: libfoo (>= 2.0)\n"
    "Depends: b | c, d (>= 1) | x, libfoo-dev:any\n"
    "Conffiles:\n"
    " /etc/a.conf 0123456789ABCDEF0123456789abcdef\n"
    " /etc/a.old 0123456789abcdef0123456789abcdef obsolete\n"
    "Description: the first\n"
    " a long description\n"
    " .\n"
    " in paragraphs\n"
    "\n"
    "Package: b\n"
    "Status: deinstall ok config-files\n"
    "Version: 1\n"
    "\n"
    "Package: c\n"
    "Status: install ok installed\n"
    "Version: 2\n"
    "Architecture: all\n"
    "\n"
    "Package: e\n"
    "Status: install ok installed\n"
    "Version: 3\n"
    "Architecture: all\n"
    "Provides: d (= 3), other\n"
    "\n"
    "Package: libfoo\n"
    "Status: install ok installed\n"
    "Multi-Arch: same\n"
    "Version: 2.1\n"
    "Architecture: amd64\n"
    "Depends: a\n"
    "\n"
    "Package: libfoo-dev\n"
    "Status: install ok installed\n"
    "Version: 2.1\n"
    "Architecture: amd64\n"
    "\n"
    "Package: f\n"
    "Status: install ok installed\n"
    "Version: 1\n"
    "Architecture: amd64\n"
    "Depends: ghost (>= 1) | phantom\n";

static void
make_tree(void)
{
	put("t/var/lib/dpkg/status", "%s", status);
	put("t/var/lib/dpkg/info/a.list", "/.\n/etc\n/etc/a.conf\n/usr\n"
	    "/usr/bin\n/usr/bin/a\n");
	put("t/var/lib/dpkg/info/a.md5sums",
	    "00112233445566778899aabbccddeeff  usr/bin/a\n");
	put("t/var/lib/dpkg/info/libfoo:amd64.list", "/.\n/usr\n/usr/lib\n"
	    "/usr/lib/libfoo.so.2\n");
	put("t/var/lib/dpkg/info/libfoo:amd64.md5sums",
	    "ffeeddccbbaa99887766554433221100  usr/lib/libfoo.so.2\n");
	put("t/var/lib/dpkg/info/libfoo:amd64.shlibs", "libfoo 2 libfoo\n");
	put("t/var/lib/dpkg/info/libfoo-dev.list", "/usr/include/foo.h\n");
	put("t/var/lib/dpkg/info/b.list", "/usr/bin/b\n");
	put("t/etc/a.conf", "x\n");
	put("t/usr/bin/a", "a\n");
	put("t/usr/lib/libfoo.so.2", "so\n");
}

static void
test_synthetic(void)
{
	const char *a[] = { "a" }, *f[] = { "f" };
	struct jt_pkg_closure c = { 0 };
	const struct jt_pkg *p;
	const struct jt_pkg_file *pf;
	struct jt_source *s;
	struct jt_pkgdb *db;
	struct jt_err err;

	make_tree();
	db = open_src(tap_path(tmp, "t"), &s, &err);
	if (!ok(db != NULL, "synthetic tree opens: %s", db ? "" : err.msg))
		goto out;
	ok(jt_pkgdb_count(db) == 6 && jt_pkgdb_find(db, "b") == NULL,
	    "6 installed; b (config-files) is not (%zu)", jt_pkgdb_count(db));
	p = jt_pkgdb_find(db, "a");
	ok(p != NULL && p->nfiles == 2 && p->ndirs == 3 &&
	    p->flatsize == 10240, "a: 2 files, 3 dirs, 10 KiB");
	ok(p != NULL && p->ndeps == 6 && p->deps[0].group == 0 &&
	    strcmp(p->deps[0].version, "(>= 2.0)") == 0 &&
	    p->deps[1].group == 1 && p->deps[2].group == 1 &&
	    strcmp(p->deps[2].name, "c") == 0 && p->deps[3].group == 2 &&
	    p->deps[4].group == 2 && strcmp(p->deps[4].name, "x") == 0 &&
	    strcmp(p->deps[5].name, "libfoo-dev") == 0,
	    "a's deps: groups of alternatives, constraints, :any dropped");
	ok(p != NULL && p->nconfig == 1 && strcmp(p->config[0].sum,
	    "0123456789abcdef0123456789abcdef") == 0 &&
	    p->config[0].alg == JT_PKG_SUM_MD5, "Conffiles (obsolete left)");
	pf = jt_pkgdb_file(db, "/usr/bin/a");
	ok(pf != NULL && pf->alg == JT_PKG_SUM_MD5 && strcmp(pf->sum,
	    "00112233445566778899aabbccddeeff") == 0, "md5sums");
	p = jt_pkgdb_owner(db, "/usr/lib/libfoo.so.2");
	ok(p != NULL && strcmp(p->name, "libfoo") == 0 &&
	    jt_pkgdb_find(db, "libfoo:amd64") == p,
	    "libfoo:amd64.list read, owner found");
	ok(jt_pkgdb_owner(db, "/usr/include/foo.h") ==
	    jt_pkgdb_find(db, "libfoo-dev"), "libfoo-dev.list");
	ok(jt_pkgdb_provider(db, "d") == jt_pkgdb_find(db, "e") &&
	    jt_pkgdb_provider(db, "other") == jt_pkgdb_find(db, "e"),
	    "Provides");
	ok(jt_pkgdb_closure(db, a, 1, &c, &err) == 0 && c.n == 5 &&
	    has(&c, "c") && has(&c, "e") && has(&c, "libfoo") &&
	    has(&c, "libfoo-dev") && !has(&c, "b") && c.nmissing == 0,
	    "closure of a: c for b|c, e provides d, the libfoo cycle once");
	jt_pkg_closure_free(&c);
	ok(jt_pkgdb_closure(db, f, 1, &c, &err) == 0 && c.n == 1 &&
	    c.nmissing == 1 && strcmp(c.missing[0], "ghost") == 0 &&
	    strcmp(c.missing_by[0], "f") == 0, "ghost | phantom missing");
	jt_pkg_closure_free(&c);
out:
	jt_pkgdb_free(db);
	jt_source_free(s);
}

static void
test_deregister(void)
{
	const char *lib[] = { "libfoo" }, *no[] = { "libfoo-dev", "zz" };
	char st[512];
	struct jt_source *s;
	struct jt_pkgdb *db;
	struct jt_err err;
	struct stat sb;

	snprintf(st, sizeof(st), "%s/t/var/lib/dpkg/status", tmp);
	ok(jt_pkgdb_deregister(st, no, 2, &err) == JT_ENOENT &&
	    strstr(err.msg, "zz") != NULL, "unknown name refused: %s",
	    err.msg);
	ok(stat(tap_path(tmp, "t/var/lib/dpkg/info/libfoo-dev.list"), &sb) ==
	    0 && sb.st_size > 0, "nothing removed then");
	ok(jt_pkgdb_deregister(st, lib, 1, &err) == 0, "libfoo "
	    "deregistered: %s", err.msg);
	ok(stat(tap_path(tmp, "t/var/lib/dpkg/info/libfoo:amd64.list"),
	    &sb) != 0 && stat(tap_path(tmp,
	    "t/var/lib/dpkg/info/libfoo:amd64.shlibs"), &sb) != 0,
	    "its info files went");
	ok(stat(tap_path(tmp, "t/var/lib/dpkg/info/libfoo-dev.list"), &sb) ==
	    0, "libfoo-dev's stay");
	db = open_src(tap_path(tmp, "t"), &s, &err);
	ok(db != NULL && jt_pkgdb_count(db) == 5 &&
	    jt_pkgdb_find(db, "libfoo") == NULL &&
	    jt_pkgdb_find(db, "libfoo-dev") != NULL &&
	    jt_pkgdb_find(db, "b") == NULL, "read back: 5 packages");
	ok(db != NULL && jt_pkgdb_find(db, "a") != NULL &&
	    jt_pkgdb_find(db, "a")->ndeps == 6, "a's paragraph intact");
	jt_pkgdb_free(db);
	jt_source_free(s);
}

int
main(void)
{
	char cmd[300];

	snprintf(tmp, sizeof(tmp), "%s/jt-pkgdb-dpkg-XXXXXX",
	    getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
	if (mkdtemp(tmp) == NULL)
		return (1);
	test_host();
	test_synthetic();
	test_deregister();
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmp);
	if (system(cmd) != 0)
		printf("# cleanup failed\n");
	return (tap_done());
}
