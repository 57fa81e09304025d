/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The verify stage (verify.h) on real jails: a small glibc jail made
 * here from the host's own /usr/bin/true, libc and ld.so, and the
 * FreeBSD fixture's base read in place with a layer of changes on top.
 * Each finding is checked field by field (kind, where, path, detail),
 * not only as the line the CLI prints.
 */
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>

#include "jailtrim/jailconf.h"
#include "jailtrim/profile.h"
#include "jailtrim/source.h"
#include "jailtrim/verify.h"
#include "tap.h"

static char work[PATH_MAX / 4];

static bool
mkdirs(const char *path)
{
	char buf[PATH_MAX];

	snprintf(buf, sizeof(buf), "%s", path);
	for (char *p = buf + 1; *p != '\0'; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(buf, 0755) != 0 && errno != EEXIST)
			return (false);
		*p = '/';
	}
	return (mkdir(buf, 0755) == 0 || errno == EEXIST);
}

static bool
put(const char *path, const void *data, size_t len, mode_t mode)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, mode);
	bool okw;

	if (fd == -1)
		return (false);
	okw = write(fd, data, len) == (ssize_t)len;
	return (close(fd) == 0 && okw);
}

static bool
puts_(const char *path, const char *text)
{
	return (put(path, text, strlen(text), 0644));
}

static bool
copy(const char *from, const char *to)
{
	char buf[65536];
	ssize_t n;
	int in, out;
	bool good = true;

	if ((in = open(from, O_RDONLY)) == -1)
		return (false);
	if ((out = open(to, O_WRONLY | O_CREAT | O_TRUNC, 0755)) == -1) {
		close(in);
		return (false);
	}
	while ((n = read(in, buf, sizeof(buf))) > 0)
		good = good && write(out, buf, (size_t)n) == n;
	good = good && n == 0;
	close(in);
	return (close(out) == 0 && good);
}

static struct jt_source *
open_source(const char *const *specs, size_t n)
{
	struct jt_source *s = NULL;
	struct jt_err err;

	if (jt_source_new(&s, &err) != 0)
		return (NULL);
	for (size_t i = 0; i < n; i++)
		if (jt_source_add(s, specs[i], &err) != 0) {
			printf("# %s: %s\n", specs[i], err.msg);
			jt_source_free(s);
			return (NULL);
		}
	return (s);
}

/* The first finding of kind whose path is path (NULL: any path). */
static const struct jt_verify_finding *
find(const struct jt_verify *v, enum jt_verify_kind kind, const char *path)
{
	const struct jt_verify_finding *f;
	size_t n;

	f = jt_verify_findings(v, &n);
	for (size_t i = 0; i < n; i++)
		if (f[i].kind == kind && (path == NULL || (f[i].path != NULL &&
		    strcmp(f[i].path, path) == 0)))
			return (&f[i]);
	return (NULL);
}

static bool
has(const char *s, const char *sub)
{
	return (s != NULL && strstr(s, sub) != NULL);
}

/* The first finding of kind whose detail has sub. */
static const struct jt_verify_finding *
find_detail(const struct jt_verify *v, enum jt_verify_kind kind,
    const char *sub)
{
	const struct jt_verify_finding *f;
	size_t n;

	f = jt_verify_findings(v, &n);
	for (size_t i = 0; i < n; i++)
		if (f[i].kind == kind && has(f[i].detail, sub))
			return (&f[i]);
	return (NULL);
}

static size_t
nfindings(const struct jt_verify *v)
{
	size_t n;

	(void)jt_verify_findings(v, &n);
	return (n);
}

static struct jt_profile *
profile(const char *text, enum jt_platform plat)
{
	struct jt_profile *p = NULL;
	struct jt_err err;

	if (jt_profile_parse(&p, text, strlen(text), "t.profile", plat,
	    &err) != 0)
		printf("# profile: %s\n", err.msg);
	return (p);
}

/* --- a glibc jail: /usr/bin/true, libc, ld.so ------------------------ */

static const char glibc_profile[] =
    "program /usr/bin/true\n"			/* 1 */
    "file /etc/nosuch.conf\n"			/* 2 */
    "dir /var/empty 0555 root root\n"		/* 3 */
    "dir /etc 0700 root root\n"			/* 4 */
    "user root\n"				/* 5 */
    "group nosuchgroup\n"			/* 6 */
    "command /usr/bin/true && /usr/bin/true\n"	/* 7 */
    "param allow.raw_sockets\n"			/* 8 */
    "probe tcp 22 SSH-2.0-\n"			/* 9 */
    "prestart /usr/bin/true -x\n";		/* 10 */

static void
test_glibc(void)
{
	const struct jt_verify_finding *f;
	const char *const *cmds;
	struct jt_verify *v = NULL;
	struct jt_source *src;
	struct jt_profile *p;
	struct jt_err err;
	char jail[PATH_MAX], path[PATH_MAX + 64], line[4096];
	const char *spec[1] = { jail };
	size_t n, before;

	snprintf(jail, sizeof(jail), "%s/glibc", work);
	snprintf(path, sizeof(path), "%s/usr/bin", jail);
	if (!ok(mkdirs(path), "mkdir usr/bin"))
		return;
	snprintf(path, sizeof(path), "%s/lib/x86_64-linux-gnu", jail);
	(void)mkdirs(path);
	snprintf(path, sizeof(path), "%s/lib64", jail);
	(void)mkdirs(path);
	snprintf(path, sizeof(path), "%s/etc", jail);
	(void)mkdirs(path);
	snprintf(path, sizeof(path), "%s/usr/bin/true", jail);
	if (access("/lib64/ld-linux-x86-64.so.2", R_OK) != 0 ||
	    access("/lib/x86_64-linux-gnu/libc.so.6", R_OK) != 0) {
		printf("# not an x86_64 glibc host: skipping the glibc jail\n");
		return;
	}
	ok(copy("/usr/bin/true", path), "copy true");
	snprintf(path, sizeof(path), "%s/lib/x86_64-linux-gnu/libc.so.6", jail);
	ok(copy("/lib/x86_64-linux-gnu/libc.so.6", path), "copy libc");
	snprintf(path, sizeof(path), "%s/lib64/ld-linux-x86-64.so.2", jail);
	ok(copy("/lib64/ld-linux-x86-64.so.2", path), "copy ld.so");
	snprintf(path, sizeof(path), "%s/etc/passwd", jail);
	ok(puts_(path, "root:x:0:0:root:/root:/bin/sh\n"), "passwd");
	snprintf(path, sizeof(path), "%s/etc/group", jail);
	ok(puts_(path, "root:x:0:\n"), "group");

	/* The whole jail resolves: three objects, no finding. */
	if (!ok((src = open_source(spec, 1)) != NULL, "open the jail") ||
	    !ok(jt_verify_new(&v, src, &err) == 0, "jt_verify_new"))
		goto out;
	ok(jt_verify_platform(v) == JT_PLAT_GLIBC, "a glibc jail");
	ok(jt_verify_objects(v, &err) == 0, "objects");
	ok(jt_verify_nobjects(v) == 3 && nfindings(v) == 0,
	    "3 objects, no finding (%zu, %zu)", jt_verify_nobjects(v),
	    nfindings(v));

	/* A profile: each item's failure is one finding, naming the item. */
	if (!ok((p = profile(glibc_profile, JT_PLAT_GLIBC)) != NULL, "parse"))
		goto out;
	ok(jt_verify_profile(v, p, &err) == 0, "jt_verify_profile");
	f = find(v, JT_VERIFY_MISSING, "/etc/nosuch.conf");
	ok(f != NULL && has(f->where, "(t.profile:2)") &&
	    strcmp(f->detail, "/etc/nosuch.conf is not in the source") == 0,
	    "file: missing, with the item");
	f = find(v, JT_VERIFY_MISSING, "/var/empty");
	ok(f != NULL && has(f->where, "(t.profile:3)") &&
	    strcmp(f->detail, "directory /var/empty is missing") == 0,
	    "dir: missing");
	f = find(v, JT_VERIFY_DIR, "/etc");
	ok(f != NULL && has(f->where, "(t.profile:4)") &&
	    has(f->detail, ", needs 0700 root:root"), "dir: mode (%s)",
	    f ? f->detail : "none");
	f = find(v, JT_VERIFY_ACCOUNT, "/etc/group");
	ok(f != NULL && has(f->where, "(t.profile:6)") && strcmp(f->detail,
	    "group nosuchgroup is not in the source's /etc/group") == 0,
	    "group: missing");
	ok(find(v, JT_VERIFY_ACCOUNT, "/etc/passwd") == NULL,
	    "user root is there");
	f = find(v, JT_VERIFY_MISSING, "/bin/sh");
	ok(f != NULL && has(f->where, "(t.profile:7) (shell syntax"),
	    "command: shell syntax needs /bin/sh");
	ok(nfindings(v) == 5, "5 findings (%zu)", nfindings(v));
	ok(strcmp(jt_verify_finding_str(f, line, sizeof(line)), "profile t "
	    "(t.profile:7) (shell syntax: jail(8) runs it with /bin/sh -c): "
	    "/bin/sh is not in the source") == 0, "the line: %s", line);
	cmds = jt_verify_commands(v, &n);
	ok(n == 2 && strcmp(cmds[0], "/usr/bin/true -x") == 0 &&
	    strcmp(cmds[1], "/usr/bin/true && /usr/bin/true") == 0,
	    "commands: prestart first");
	cmds = jt_verify_probes(v, &n);
	ok(n == 1 && strcmp(cmds[0], "tcp 22 SSH-2.0-") == 0, "probes");
	cmds = jt_verify_params(v, &n);
	ok(n == 1 && strcmp(cmds[0], "allow.raw_sockets") == 0, "params");
	/* The same profile again adds no finding: each line once. */
	before = nfindings(v);
	ok(jt_verify_profile(v, p, &err) == 0 && nfindings(v) == before,
	    "no duplicate findings");
	jt_profile_free(p);
	jt_verify_free(v);
	v = NULL;
	jt_source_free(src);
	src = NULL;

	/* libc gone, a truncated ELF: an object and an unreadable one. */
	snprintf(path, sizeof(path), "%s/lib/x86_64-linux-gnu/libc.so.6", jail);
	ok(unlink(path) == 0, "rm libc");
	snprintf(path, sizeof(path), "%s/usr/bin/bad", jail);
	ok(put(path, "\177ELF\2\1\1", 7, 0755), "a truncated ELF");
	if (!ok((src = open_source(spec, 1)) != NULL, "reopen") ||
	    !ok(jt_verify_new(&v, src, &err) == 0, "jt_verify_new"))
		goto out;
	ok(jt_verify_objects(v, &err) == 0, "objects");
	f = find(v, JT_VERIFY_OBJECT, "/usr/bin/true");
	ok(f != NULL && f->where == NULL && has(f->detail,
	    "needs libc.so.6: not found"), "libc: not found (%s)",
	    f ? f->detail : "none");
	f = find(v, JT_VERIFY_UNREADABLE, "/usr/bin/bad");
	ok(f != NULL && has(f->detail, "/usr/bin/bad"), "bad ELF reported");

	/* jail.conf: a syntax error, and a stanza against the jail. */
	{
		static const char bad[] = "j {\n\tpath = \"/x\n";
		static const char good[] = "j {\n\tpath = \"/nowhere\";\n"
		    "\texec.start = \"nosuchprog -f\";\n"
		    "\texec.stop = \"/usr/bin/true\";\n"
		    "\texec.jail_user = \"nobody\";\n}\n";
		struct jt_jailconf_stanza *s = (void *)1;

		before = nfindings(v);
		ok(jt_verify_jailconf_parse(v, bad, strlen(bad), "j.conf", NULL,
		    &s, &err) == 0 && s == NULL, "syntax error: no stanza");
		f = find(v, JT_VERIFY_JAILCONF, "j.conf");
		ok(f != NULL && nfindings(v) == before + 1 &&
		    has(f->detail, "j.conf:"), "a jail.conf finding (%s)",
		    f ? f->detail : "none");
		ok(jt_verify_jailconf_parse(v, good, strlen(good), "j.conf",
		    "j", &s, &err) == 0 && s != NULL, "parse a stanza");
		ok(s != NULL && jt_verify_jailconf(v, s, jail, &err) == 0,
		    "check it");
		f = find(v, JT_VERIFY_JAILCONF, "/nowhere");
		ok(f != NULL && strcmp(f->where, "jail.conf") == 0 &&
		    has(f->detail, "has path /nowhere, which is not"),
		    "path is not the jail");
		f = find(v, JT_VERIFY_COMMAND, "nosuchprog");
		ok(f != NULL && strcmp(f->where,
		    "jail.conf exec.start \"nosuchprog -f\"") == 0 &&
		    has(f->detail, "(searched /sbin:/bin:"), "exec.start");
		f = find(v, JT_VERIFY_JAILCONF, "/etc/passwd");
		ok(f != NULL && strcmp(f->detail, "exec.jail_user nobody is "
		    "not in the jail's /etc/passwd") == 0, "exec.jail_user");
		jt_jailconf_stanza_free(s);
	}
out:
	jt_verify_free(v);
	jt_source_free(src);
}

/* --- FreeBSD 10.1's base, with a layer of changes ------------------- */

static const char freebsd_profile[] =
    "program /usr/sbin/sshd\n"			/* 1 */
    "dir /var/empty 0555 root wheel\n"		/* 2 */
    "user sshd\n"				/* 3 */
    "user ghost\n"				/* 4 */
    "pam sshd\n"				/* 5 */
    "rcd sshd\n"				/* 6 */
    "rcd nosuchd\n"				/* 7 */
    "command /usr/sbin/sshd\n";			/* 8 */

static void
test_freebsd(void)
{
	const char *txz = getenv("JT_FIXTURE_TXZ");
	const struct jt_verify_finding *f;
	const char *const *cmds;
	struct jt_verify *v = NULL;
	struct jt_source *src = NULL;
	struct jt_profile *p = NULL;
	struct jt_err err;
	char layer[PATH_MAX], path[PATH_MAX + 64];
	const char *spec[1] = { txz };
	size_t n;

	if (txz == NULL || access(txz, R_OK) != 0) {
		printf("# fixture %s absent: skipping the FreeBSD jail\n",
		    txz ? txz : "(JT_FIXTURE_TXZ unset)");
		return;
	}
	/* The layer: a libz that is no object, a user pwd.db lacks. */
	snprintf(layer, sizeof(layer), "%s/layer", work);
	snprintf(path, sizeof(path), "%s/lib", layer);
	ok(mkdirs(path), "mkdir layer/lib");
	snprintf(path, sizeof(path), "%s/lib/libz.so.6", layer);
	ok(puts_(path, "not an object\n"), "a broken libz");
	if (!ok((src = open_source(spec, 1)) != NULL, "open the base") ||
	    !ok(jt_source_read_file(src, "/etc/passwd", &(void *){NULL}, &n,
	    &err) == 0, "its passwd"))
		goto out;
	{
		void *pw;
		char *text;

		(void)jt_source_read_file(src, "/etc/passwd", &pw, &n, &err);
		snprintf(path, sizeof(path), "%s/etc", layer);
		ok(mkdirs(path), "mkdir layer/etc");
		snprintf(path, sizeof(path), "%s/etc/passwd", layer);
		if ((text = malloc(n + 64)) != NULL) {
			memcpy(text, pw, n);
			n += (size_t)snprintf(text + n, 64,
			    "ghost:*:4242:4242::/nonexistent:/sbin/nologin\n");
			ok(put(path, text, n, 0644), "passwd with ghost");
			free(text);
		}
	}
	/* the layer over the base, which is read once */
	if (!ok(jt_source_add(src, layer, &err) == 0, "base + layer") ||
	    !ok(jt_verify_new(&v, src, &err) == 0, "jt_verify_new"))
		goto out;
	ok(jt_verify_platform(v) == JT_PLAT_FREEBSD, "a FreeBSD jail");
	jt_verify_set_rc(v, true);
	if (!ok((p = profile(freebsd_profile, JT_PLAT_FREEBSD)) != NULL,
	    "parse"))
		goto out;
	ok(jt_verify_profile(v, p, &err) == 0, "jt_verify_profile");
	f = find(v, JT_VERIFY_ACCOUNT, "/etc/pwd.db");
	ok(f != NULL && has(f->where, "(t.profile:4)") && strcmp(f->detail,
	    "user ghost is in /etc/passwd but not in /etc/pwd.db, which libc "
	    "reads") == 0, "ghost: not in pwd.db");
	ok(find(v, JT_VERIFY_DIR, NULL) == NULL &&
	    find(v, JT_VERIFY_MISSING, NULL) == NULL,
	    "/var/empty is 0555 root:wheel, nothing missing");
	f = find_detail(v, JT_VERIFY_RC, "no rc.d script nosuchd");
	ok(f != NULL && has(f->detail, "(t.profile:7)"), "rcd nosuchd");
	ok(find_detail(v, JT_VERIFY_RC, "no rc.d script sshd") == NULL,
	    "rcd sshd is there");
	f = find(v, JT_VERIFY_OBJECT, "/usr/sbin/sshd");
	ok(f != NULL && has(f->detail, "libz.so.6"), "sshd: libz (%s)",
	    f ? f->detail : "none");
	cmds = jt_verify_commands(v, &n);
	ok(n == 1 && strcmp(cmds[0], "/bin/sh /etc/rc") == 0,
	    "an rc jail starts /etc/rc");
	ok(jt_verify_objects(v, &err) == 0, "objects");
	ok(jt_verify_nobjects(v) > 1000, "every object (%zu)",
	    jt_verify_nobjects(v));
	f = find(v, JT_VERIFY_OBJECT, "/usr/bin/ssh");
	ok(f != NULL && has(f->detail, "libz.so.6"), "ssh: libz too");
out:
	jt_profile_free(p);
	jt_verify_free(v);
	jt_source_free(src);
}

static int
rm_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return (remove(path));
}

int
main(void)
{
	const char *base = getenv("JT_TEST_WORK");

	if (base == NULL || *base == '\0')
		base = getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp";
	(void)mkdirs(base);
	snprintf(work, sizeof(work), "%s/test_verify.XXXXXX", base);
	if (mkdtemp(work) == NULL)
		tap_skip_all("no work directory");
	test_glibc();
	test_freebsd();
	ok(nftw(work, rm_one, 16, FTW_DEPTH | FTW_PHYS) == 0, "clean up %s",
	    work);
	return (tap_done());
}
