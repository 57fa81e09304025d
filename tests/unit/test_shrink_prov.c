/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Provenance first (issue 12), on a jail and a reference base made here:
 * the base's unchanged files go; a changed one, one the base lacks, a
 * package's (unless its package is dropped, and then not a changed one)
 * stay; the symlink on the way to a kept path stays; sizes count a hard
 * link's inode once.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>

#include "jailtrim/shrink.h"
#include "tap.h"

static void
put(const char *root, const char *rel, const char *data)
{
	char p[4096], *s;
	FILE *f;

	(void)snprintf(p, sizeof(p), "%s/%s", root, rel);
	for (s = p + strlen(root) + 1; (s = strchr(s, '/')) != NULL; s++) {
		*s = '\0';
		(void)mkdir(p, 0755);
		*s = '/';
	}
	if ((f = fopen(p, "w")) == NULL || fputs(data, f) < 0 ||
	    fclose(f) != 0) {
		fprintf(stderr, "cannot write %s\n", p);
		exit(1);
	}
}

static bool
removed(struct jt_shrink *s, const char *path, int64_t *bytes)
{
	const struct jt_shrink_entry *e;
	size_t n;

	e = jt_shrink_removals(s, &n);
	for (size_t i = 0; i < n; i++)
		if (strcmp(e[i].path, path) == 0) {
			if (bytes != NULL)
				*bytes = e[i].bytes;
			return (true);
		}
	return (false);
}

static const char *
whyof(struct jt_shrink *s, const char *path)
{
	const char *w = jt_shrink_why(s, path);

	return (w != NULL ? w : "(null)");
}

int
main(void)
{
	char tmpl[] = "/tmp/jt-prov-XXXXXX", jail[4200], base[4200];
	char a[4300], b[4300];
	struct jt_shrink_prov_stats ps;
	struct jt_shrink *s = NULL;
	struct jt_err err;
	int64_t bytes = -1, hb1 = -1, hb2 = -1, jb;
	size_t je;
	const char *why;

	if (mkdtemp(tmpl) == NULL)
		return (1);
	(void)snprintf(jail, sizeof(jail), "%s/jail", tmpl);
	(void)snprintf(base, sizeof(base), "%s/base", tmpl);
	for (int i = 0; i < 2; i++) {
		const char *r = i == 0 ? jail : base;

		(void)mkdir(r, 0755);

		put(r, "bin/sh", "the shell\n");
		put(r, "usr/share/doc/x", "documentation\n");
		put(r, "etc/motd", "stock motd\n");
		put(r, "usr/bin/big", "0123456789012345678901234567890123456789");
		put(r, "usr/bin/same", "same size, other bytes\n");
		put(r, "usr/home/u/.profile", "stock profile\n");
	}
	put(jail, "etc/motd", "the admin's motd\n");
	put(jail, "usr/bin/same", "same size, OTHER bytes\n");
	put(jail, "srv/www/index.html", "user data\n");
	put(jail, "usr/local/bin/p1", "package one\n");
	put(jail, "usr/local/bin/p2", "package two\n");
	put(jail, "usr/local/etc/p2.conf", "package two, edited\n");
	for (int i = 0; i < 2; i++) {
		(void)snprintf(a, sizeof(a), "%s/usr/bin/big", i ? base : jail);
		(void)snprintf(b, sizeof(b), "%s/usr/bin/big2", i ? base :
		    jail);
		ok(link(a, b) == 0, "hard link");
	}
	(void)snprintf(a, sizeof(a), "%s/home", jail);
	ok(symlink("usr/home", a) == 0, "symlink /home");
	(void)snprintf(a, sizeof(a), "%s/home", base);
	ok(symlink("usr/home", a) == 0, "symlink /home in the base");

	ok(jt_shrink_new(&s, jail, false, &err) == 0, "new: %s", err.msg);
	ok(jt_shrink_add_base(s, base, &err) == 0, "base: %s", err.msg);
	ok(jt_shrink_keep(s, "/bin/sh", "test", &err) == 0, "keep sh");
	ok(jt_shrink_keep(s, "/home/u", "a home", &err) == 0, "keep home");
	ok(jt_shrink_mark_package(s, "/usr/local/bin/p1", "p1", false,
	    &err) == 0, "mark p1");
	ok(jt_shrink_mark_package(s, "/usr/local/bin/p2", "p2", false,
	    &err) == 0, "mark p2");
	ok(jt_shrink_mark_package(s, "/usr/local/etc/p2.conf", "p2", true,
	    &err) == 0, "mark p2.conf");
	ok(jt_shrink_drop_package(s, "p2", &err) == 0, "drop p2");
	ok(jt_shrink_finish(s, &err) == 0, "finish: %s", err.msg);

	ok(removed(s, "/usr/share/doc/x", NULL), "the base's doc goes");
	ok(!removed(s, "/bin/sh", NULL), "kept sh stays");
	ok(!removed(s, "/etc/motd", NULL), "changed motd stays");
	ok(!removed(s, "/usr/bin/same", NULL), "same size, other bytes: stays");
	why = whyof(s, "/usr/bin/same");
	ok(strstr(why, "changed from the base") != NULL, "why: %s", why);
	ok(!removed(s, "/srv/www/index.html", NULL), "unknown stays");
	why = whyof(s, "/srv/www/index.html");
	ok(strstr(why, "unknown provenance") != NULL, "why: %s", why);
	ok(!removed(s, "/usr/local/bin/p1", NULL), "p1 (not dropped) stays");
	why = whyof(s, "/usr/local/bin/p1");
	ok(strcmp(why, "package p1") == 0, "why: %s", why);
	ok(removed(s, "/usr/local/bin/p2", NULL), "dropped p2 goes");
	ok(!removed(s, "/usr/local/etc/p2.conf", NULL),
	    "dropped p2's changed file stays");
	ok(!removed(s, "/home", NULL), "the symlink to a kept home stays");
	why = whyof(s, "/home");
	ok(strstr(why, "symlink on the path") != NULL, "why: %s", why);
	ok(removed(s, "/usr/bin/big", &hb1) && removed(s, "/usr/bin/big2",
	    &hb2), "both hard links go");
	ok(hb1 + hb2 == 40, "their inode's 40 bytes once: %lld + %lld",
	    (long long)hb1, (long long)hb2);
	ok(removed(s, "/usr/share/doc/x", &bytes) && bytes == 14,
	    "doc frees 14 bytes: %lld", (long long)bytes);
	jt_shrink_totals(s, &jb, &je);
	/* sh 10, doc 14, motd 17, big 40 once, same 23, profile 14,
	   index 10, p1 12, p2 12, p2.conf 20 */
	ok(jb == 172, "jail bytes, each inode once: %lld", (long long)jb);
	jt_shrink_prov_stats(s, &ps);
	ok(ps.have_base && ps.n[JT_PROV_CHANGED] == 2 &&
	    ps.n[JT_PROV_UNKNOWN] == 1 && ps.n[JT_PROV_PACKAGE] == 2 &&
	    ps.n[JT_PROV_PACKAGE_CHANGED] == 1, "stats: changed %zu, "
	    "unknown %zu, package %zu, package changed %zu",
	    ps.n[JT_PROV_CHANGED], ps.n[JT_PROV_UNKNOWN],
	    ps.n[JT_PROV_PACKAGE], ps.n[JT_PROV_PACKAGE_CHANGED]);
	ok(ps.bytes[JT_PROV_BASE] == 54, "base bytes, big once: %lld",
	    (long long)ps.bytes[JT_PROV_BASE]);
	jt_shrink_free(s);
	{
		char cmd[4400];

		(void)snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmpl);
		if (system(cmd) != 0)
			printf("# cleanup failed: %s\n", cmd);
	}
	return (tap_done());
}
