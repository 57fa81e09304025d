/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Sources: resolution inside the root, layering, and hostile archives.
 * Every tree and archive is made here, in a temporary directory.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>

#include <archive.h>
#include <archive_entry.h>

#include "jailtrim/source.h"
#include "mktar.h"
#include "tap.h"

static char tmp[256];

static void
put(const char *rel, const char *content)
{
	char p[PATH_MAX + 300];
	FILE *f;

	snprintf(p, sizeof(p), "%s/%s", tmp, rel);
	f = fopen(p, "w");
	fputs(content, f);
	fclose(f);
}

static void
mk(const char *rel)
{
	char p[PATH_MAX + 300];

	snprintf(p, sizeof(p), "%s/%s", tmp, rel);
	mkdir(p, 0755);
}

static void
ln(const char *target, const char *rel)
{
	char p[PATH_MAX + 300];

	snprintf(p, sizeof(p), "%s/%s", tmp, rel);
	if (symlink(target, p) != 0)
		perror(p);
}


static int
resolve(struct jt_source *s, const char *path, char *out, struct jt_err *err)
{
	return (jt_source_resolve(s, path, true, out, PATH_MAX, NULL, NULL,
	    err));
}

static void
count_link(void *arg, const char *p)
{
	(void)p;
	(*(int *)arg)++;
}

static void
test_dir(void)
{
	struct jt_source *s;
	struct jt_err err;
	char out[PATH_MAX + 300];
	void *data;
	size_t len;
	int nlinks = 0;

	mk("root");
	mk("root/lib");
	mk("root/usr");
	mk("root/usr/lib");
	put("root/lib/libc.so.7", "LIBC");
	ln("/lib/libc.so.7", "root/usr/lib/abs");	/* absolute: inside root */
	ln("../../lib/libc.so.7", "root/usr/lib/rel");
	ln("/etc/passwd", "root/usr/lib/host");		/* must not reach host */
	ln("loop2", "root/usr/lib/loop1");
	ln("loop1", "root/usr/lib/loop2");
	ln("../../../../etc", "root/usr/lib/escape");
	ln("lib", "root/lib2");

	snprintf(out, sizeof(out), "%s/root", tmp);
	ok(jt_source_new(&s, &err) == 0 && jt_source_add(s, out, &err) == 0,
	    "directory source opens");
	ok(resolve(s, "/usr/lib/abs", out, &err) == 0 &&
	    strcmp(out, "/lib/libc.so.7") == 0,
	    "absolute symlink resolves inside the root: %s", out);
	ok(jt_source_resolve(s, "/usr/lib/rel", true, out, sizeof(out),
	    count_link, &nlinks, &err) == 0 &&
	    strcmp(out, "/lib/libc.so.7") == 0 && nlinks == 1,
	    "relative symlink resolves, one link reported");
	ok(resolve(s, "/lib2/libc.so.7", out, &err) == 0 &&
	    strcmp(out, "/lib/libc.so.7") == 0,
	    "symlinked directory component");
	ok(jt_source_resolve(s, "/usr/lib/abs", false, out, sizeof(out), NULL,
	    NULL, &err) == 0 && strcmp(out, "/usr/lib/abs") == 0,
	    "final link not followed on request");
	ok(resolve(s, "/usr/lib/host", out, &err) == JT_ENOENT &&
	    strstr(err.path, "/usr/lib/host") != NULL,
	    "link to a host path is looked up in the root: %s", err.msg);
	ok(resolve(s, "/usr/lib/loop1", out, &err) == JT_ELOOP &&
	    strstr(err.msg, "too many symbolic links") != NULL,
	    "symlink loop is an error naming it: %s: %s", err.path, err.msg);
	ok(resolve(s, "/usr/lib/escape/passwd", out, &err) == JT_EESCAPE,
	    "'..' above the root is an error: %s", err.msg);
	ok(resolve(s, "/../lib/libc.so.7", out, &err) == JT_EESCAPE,
	    "leading '..' is an error");
	ok(resolve(s, "/lib/libc.so.7/x", out, &err) == JT_ENOTDIR,
	    "file used as a directory");
	ok(jt_source_read_file(s, "/usr/lib/abs", &data, &len, &err) == 0 &&
	    len == 4 && memcmp(data, "LIBC", 4) == 0, "read through a link");
	jt_source_free(s);
}

struct names {
	char	buf[1024];
};

static int
collect(void *arg, const char *name, const struct jt_stat *st)
{
	struct names *n = arg;

	(void)st;
	strlcat(n->buf, name, sizeof(n->buf));
	strlcat(n->buf, ",", sizeof(n->buf));
	return (0);
}

static void
test_layers(void)
{
	struct tar_member base[] = {
		{ .name = "./etc/", .type = AE_IFDIR, .data = NULL },
		{ .name = "./etc/a.conf", .type = AE_IFREG, .data = "base-a" },
		{ .name = "./etc/b.conf", .type = AE_IFREG, .data = "base-b" },
		{ .name = "./bin/test", .type = AE_IFREG, .data = "\177ELF-test" },
		{ .name = "./bin/[", .type = 0, .data = "./bin/test" },
		{ .name = "./lib", .type = AE_IFLNK, .data = "usr/lib" },
		{ .name = "usr/lib/libx.so.1", .type = AE_IFREG, .data = "X" },
	};
	struct tar_member pkg[] = {
		{ .name = "/etc/b.conf", .type = AE_IFREG, .data = "pkg-b" },	/* absolute: pkg style */
		{ .name = "/etc/c.conf", .type = AE_IFREG, .data = "pkg-c" },
	};
	char a1[512], a2[512], out[PATH_MAX];
	struct jt_source *s;
	struct names n = { "" };
	struct jt_stat st;
	struct jt_err err;
	void *data;
	size_t len;

	snprintf(a1, sizeof(a1), "%s/base.txz", tmp);
	snprintf(a2, sizeof(a2), "%s/pkg.txz", tmp);
	mktar(a1, base, sizeof(base) / sizeof(base[0]));
	mktar(a2, pkg, sizeof(pkg) / sizeof(pkg[0]));
	ok(jt_source_new(&s, &err) == 0 && jt_source_add(s, a1, &err) == 0 &&
	    jt_source_add(s, a2, &err) == 0, "two archive layers open");
	ok(jt_source_read_file(s, "/etc/b.conf", &data, &len, &err) == 0 &&
	    len == 5 && memcmp(data, "pkg-b", 5) == 0, "later layer wins");
	ok(jt_source_read_file(s, "/etc/a.conf", &data, &len, &err) == 0 &&
	    len == 6, "earlier layer still seen");
	ok(jt_source_readdir(s, "/etc", collect, &n, &err) == 0 &&
	    strcmp(n.buf, "a.conf,b.conf,c.conf,") == 0,
	    "directories merge: %s", n.buf);
	ok(jt_source_lstat(s, "/bin/[", &st, &err) == 0 &&
	    st.hardlink != NULL && strcmp(st.hardlink, "/bin/test") == 0,
	    "hard link kept as such");
	ok(jt_source_read(s, "/bin/[", &data, &len, &err) == 0 && len == 9,
	    "hard link shares the content");
	ok(resolve(s, "/lib/libx.so.1", out, &err) == 0 &&
	    strcmp(out, "/usr/lib/libx.so.1") == 0,
	    "relative symlink in an archive");
	ok(jt_source_lstat(s, "/usr", &st, &err) == 0 && st.type == JT_FT_DIR,
	    "implicit parent directory");
	jt_source_free(s);
}

static void
test_hostile_archive(void)
{
	struct tar_member evil[] = {
		{ .name = "./ok", .type = AE_IFREG, .data = "x" },
		{ .name = "../evil", .type = AE_IFREG, .data = "y" },
	};
	struct tar_member evil_link[] = {
		{ .name = "./ok", .type = AE_IFREG, .data = "x" },
		{ .name = "./hl", .type = 0, .data = "../../etc/shadow" },
	};
	char a[512];
	struct jt_source *s;
	struct jt_err err;

	snprintf(a, sizeof(a), "%s/evil.txz", tmp);
	mktar(a, evil, 2);
	jt_source_new(&s, &err);
	ok(jt_source_add(s, a, &err) == JT_EESCAPE &&
	    strstr(err.msg, "../evil") != NULL && strcmp(err.path, a) == 0,
	    "member with '..' refused, naming archive and member: %s", err.msg);
	mktar(a, evil_link, 2);
	ok(jt_source_add(s, a, &err) == JT_EESCAPE,
	    "hard link leaving the root refused: %s", err.msg);
	snprintf(a, sizeof(a), "%s/notar", tmp);
	put("notar", "this is not an archive at all\n");
	ok(jt_source_add(s, a, &err) == JT_EFORMAT && strcmp(err.path, a) == 0,
	    "non-archive file refused: %s", err.msg);
	ok(jt_source_add(s, "/nonexistent/x", &err) == JT_EIO,
	    "missing source refused: %s", err.msg);
	jt_source_free(s);
}

int
main(void)
{
	snprintf(tmp, sizeof(tmp), "%s/jt-unit-XXXXXX",
	    getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
	if (mkdtemp(tmp) == NULL)
		return (1);
	test_dir();
	test_layers();
	test_hostile_archive();
	{
		char cmd[300];

		snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmp);
		if (system(cmd) != 0)
			printf("# cleanup failed: %s\n", cmd);
	}
	return (tap_done());
}
