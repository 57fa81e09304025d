/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Plan and writers on a small archive source made here: hard links,
 * setuid, schg, symlinks, generated files; tarballs reproducible across
 * umask and TZ, read back; the mtree; the directory writer's refusal,
 * replacement and clean-up; the jail.conf stanza.
 */
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/stat.h>

#include <archive.h>
#include <archive_entry.h>

#include "jailtrim/jailconf.h"
#include "jailtrim/plan.h"
#include "jailtrim/write.h"
#include "mktar.h"
#include "tap.h"

static char tmp[256];


static char *
slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	long n;

	if (f == NULL)
		return (NULL);
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	rewind(f);
	buf = malloc((size_t)n + 1);
	*len = fread(buf, 1, (size_t)n, f);
	buf[*len] = '\0';
	fclose(f);
	return (buf);
}

static struct jt_plan *
make_plan(struct jt_source *s)
{
	struct jt_plan *p;
	struct jt_err err;
	int rc = 0;

	jt_plan_new(&p, s, &err);
	rc |= jt_plan_add_path(p, "/bin/[", "test", &err);
	rc |= jt_plan_add_path(p, "/bin/test", "test", &err);
	rc |= jt_plan_add_path(p, "/usr/bin/su", "test", &err);
	rc |= jt_plan_add_path(p, "/libexec/ld", "test", &err);
	rc |= jt_plan_add_dir(p, "/var/empty", 0555, "root", "wheel", "sshd",
	    &err);
	rc |= jt_plan_add_data(p, "/etc/generated.conf", "x=1\n", 4, 0644,
	    "generated", &err);
	ok(rc == 0, "plan built (%s)", rc ? err.msg : "ok");
	ok(jt_plan_add_dir(p, "/var/x", 0755, "nobody", "wheel", "t", &err) ==
	    JT_ENOENT && strstr(err.msg, "nobody") != NULL,
	    "unknown owner refused: %s", err.msg);
	ok(jt_plan_add_dir(p, "/var/sshd", 0700, "sshd", "sshd", "t", &err) ==
	    0, "owner by name from the source's account files");
	return (p);
}

/* Read a tarball back: the facts the writers must keep. */
static void
check_tar(const char *path)
{
	struct archive *a = archive_read_new();
	struct archive_entry *e;
	bool link = false, su = false, sym = false, gen = false, sorted = true;
	bool ids = false, parent_names = false;
	char prev[PATH_MAX] = "";
	int n = 0;

	archive_read_support_filter_all(a);
	archive_read_support_format_all(a);
	if (archive_read_open_filename(a, path, 10240) != ARCHIVE_OK) {
		ok(false, "tarball readable: %s", archive_error_string(a));
		archive_read_free(a);
		return;
	}
	while (archive_read_next_header(a, &e) == ARCHIVE_OK) {
		const char *name = archive_entry_pathname(e);
		const char *fl = archive_entry_fflags_text(e);

		n++;
		if (strcmp(prev, name) > 0)
			sorted = false;
		if (strcmp(name, "./var/") == 0 &&
		    strcmp(archive_entry_uname(e), "root") == 0 &&
		    strcmp(archive_entry_gname(e), "wheel") == 0)
			parent_names = true;
		snprintf(prev, sizeof(prev), "%s", name);
		if (strcmp(name, "./bin/test") == 0 &&
		    archive_entry_hardlink(e) != NULL &&
		    strcmp(archive_entry_hardlink(e), "./bin/[") == 0)
			link = true;
		if (strcmp(name, "./usr/bin/su") == 0 &&
		    (archive_entry_perm(e) & 07777) == 04555 && fl != NULL &&
		    strcmp(fl, "schg") == 0 &&
		    strcmp(archive_entry_uname(e), "root") == 0)
			su = true;
		if (strcmp(name, "./libexec/ld") == 0 &&
		    archive_entry_filetype(e) == AE_IFLNK &&
		    strcmp(archive_entry_symlink(e), "ld-elf.so.1") == 0)
			sym = true;
		if (strncmp(name, "./var/sshd", 10) == 0 &&
		    (name[10] == '\0' || strcmp(name + 10, "/") == 0) &&
		    archive_entry_uid(e) == 22 && archive_entry_gid(e) == 22 &&
		    strcmp(archive_entry_uname(e), "sshd") == 0)
			ids = true;
		if (strcmp(name, "./etc/generated.conf") == 0 &&
		    archive_entry_size(e) == 4 &&
		    archive_entry_mtime(e) == 1000000000)
			gen = true;
	}
	archive_read_free(a);
	/* 14 from the plan, and the root "./" first. */
	ok(sorted && n == 15, "%d entries, sorted by path", n);
	ok(link, "hard link /bin/test -> /bin/[ kept (first name in order)");
	ok(su, "setuid 04555 and schg kept, owner by name");
	ok(sym, "symlink kept and its target added");
	ok(gen, "generated file with the pinned mtime");
	ok(ids, "directory owner: name and id from the source");
	ok(parent_names, "a new parent directory is root's, by name too");
}

static void
test_tar(struct jt_source *s)
{
	struct jt_write_opts o = { .epoch = 1000000000 };
	char t1[512], t2[512], t3[512];
	struct jt_plan *p;
	struct jt_err err;
	char *a, *b;
	size_t la, lb;

	snprintf(t1, sizeof(t1), "%s/one.txz", tmp);
	snprintf(t2, sizeof(t2), "%s/two.txz", tmp);
	snprintf(t3, sizeof(t3), "%s/x.zip", tmp);
	umask(022);
	setenv("TZ", "UTC", 1);
	tzset();
	p = make_plan(s);
	ok(jt_write_tar(p, t1, &o, &err) == 0, "txz written (%s)", err.msg);
	jt_plan_free(p);
	umask(077);
	setenv("TZ", "Pacific/Chatham", 1);
	tzset();
	p = make_plan(s);
	ok(jt_write_tar(p, t2, &o, &err) == 0, "txz written again");
	ok(jt_write_tar(p, t3, &o, &err) == JT_EINVAL &&
	    strstr(err.msg, "suffix") != NULL, "unknown suffix refused");
	ok(access(t3, F_OK) != 0, "and nothing left behind");
	jt_plan_free(p);
	umask(022);
	a = slurp(t1, &la);
	b = slurp(t2, &lb);
	ok(a != NULL && b != NULL && la == lb && memcmp(a, b, la) == 0,
	    "same bytes under another umask and TZ (%zu bytes)", la);
	free(a);
	free(b);
	check_tar(t1);
}

static void
test_mtree(struct jt_source *s)
{
	struct jt_write_opts o = { .epoch = 1000000000 };
	struct jt_plan *p = make_plan(s);
	struct jt_err err;
	char path[512], *m;
	size_t len;

	snprintf(path, sizeof(path), "%s/jail.mtree", tmp);
	ok(jt_write_mtree(p, path, &o, &err) == 0, "mtree written");
	m = slurp(path, &len);
	ok(m != NULL && strstr(m, "#mtree") != NULL, "mtree header");
	ok(m != NULL && strstr(m, "flags=schg") != NULL &&
	    strstr(m, "mode=4555") != NULL, "flags and setuid mode");
	ok(m != NULL && strstr(m, "nlink=2") != NULL, "hard link count");
	ok(m != NULL && strstr(m, "sha256digest=") != NULL, "sha256");
	ok(m != NULL && strstr(m, "link=ld-elf.so.1") != NULL, "link target");
	ok(m != NULL && strstr(m, "time=") == NULL, "no times");
	ok(m != NULL && strncmp(m, "#mtree\n. ", 9) == 0, "root entry first");
	ok(m != NULL && strstr(m, "nlink=0") == NULL, "no nlink=0");
	free(m);
	jt_plan_free(p);
}

static void
test_dir(struct jt_source *s)
{
	struct jt_write_opts o = { .epoch = 1000000000 };
	struct jt_plan *p = make_plan(s);
	struct jt_err err;
	char dir[512], f[600], cmd[600];
	struct stat a, b;

	snprintf(dir, sizeof(dir), "%s/jail", tmp);
	ok(jt_write_dir(p, dir, &o, &err) == 0, "directory written (%s)",
	    err.msg);
	snprintf(f, sizeof(f), "%s/bin/[", dir);
	stat(f, &a);
	snprintf(f, sizeof(f), "%s/bin/test", dir);
	stat(f, &b);
	ok(a.st_ino == b.st_ino && a.st_nlink == 2, "hard link in the tree");
	snprintf(f, sizeof(f), "%s/usr/bin/su", dir);
	ok(stat(f, &a) == 0 && (a.st_mode & 07777) == 04555 && a.st_uid == 0,
	    "setuid survives chown");
	snprintf(f, sizeof(f), "%s/var/empty", dir);
	ok(stat(f, &a) == 0 && S_ISDIR(a.st_mode) && (a.st_mode & 07777) ==
	    0555 && a.st_mtime == 1000000000, "read-only directory, pinned time");
	snprintf(f, sizeof(f), "%s/libexec/ld", dir);
	ok(lstat(f, &a) == 0 && S_ISLNK(a.st_mode), "symlink");
	ok(jt_write_dir(p, dir, &o, &err) == JT_EINVAL &&
	    strstr(err.msg, "--force") != NULL, "non-empty target refused");
	o.force = true;
	ok(jt_write_dir(p, dir, &o, &err) == 0, "replaced with force");
	snprintf(cmd, sizeof(cmd), "ls -d '%s'/jail.jailtrim-* '%s'/jail.old-* "
	    "2>/dev/null | wc -l", tmp, tmp);
	{
		FILE *pp = popen(cmd, "r");
		int left = -1;

		if (pp != NULL && fscanf(pp, "%d", &left) == 1)
			pclose(pp);
		ok(left == 0, "no temporary or old tree left beside it");
	}
	jt_plan_free(p);
}

#ifdef __linux__
#include <linux/fs.h>
#include <sys/ioctl.h>

static int
flags_of(const char *path)
{
	int fd = open(path, O_RDONLY | O_NOFOLLOW), fl = 0;

	if (fd == -1 || ioctl(fd, FS_IOC_GETFLAGS, &fl) != 0)
		fl = -1;
	if (fd != -1)
		close(fd);
	return (fl);
}

/* --apply-flags: schg becomes the immutable attribute; only then. */
static void
test_flags(struct jt_source *s)
{
	struct jt_write_opts o = { .epoch = 1000000000, .apply_flags = true };
	struct jt_plan *p = make_plan(s);
	char dir[512], su[600], test[600], cmd[600];
	struct jt_err err;
	int fl;

	snprintf(dir, sizeof(dir), "%s/flags", tmp);
	snprintf(su, sizeof(su), "%s/usr/bin/su", dir);
	snprintf(test, sizeof(test), "%s/bin/test", dir);
	if (jt_write_dir(p, dir, &o, &err) != 0) {
		/* file systems without the attribute (tmpfs) say so */
		ok(strstr(err.msg, "immutable") != NULL, "flags refused: %s",
		    err.msg);
		jt_plan_free(p);
		return;
	}
	fl = flags_of(su);
	ok(fl != -1 && (fl & FS_IMMUTABLE_FL), "schg -> immutable on su");
	fl = flags_of(test);
	ok(fl != -1 && !(fl & FS_IMMUTABLE_FL), "no flag, no attribute");
	snprintf(cmd, sizeof(cmd), "chattr -R -i '%s' 2>/dev/null", dir);
	if (system(cmd) != 0)
		printf("# cleanup failed: %s\n", cmd);
	jt_plan_free(p);
}
#endif

static void
test_jailconf(void)
{
	const char *ip4[] = { "lo1|127.0.1.2/32" };
	const char *params[] = { "exec.clean", "allow.raw_sockets=0" };
	struct jt_jailconf c = { .name = "sshd", .path = "/jails/sshd",
	    .ip4 = ip4, .nip4 = 1, .exec_start = "/usr/sbin/sshd",
	    .params = params, .nparams = 2 };
	struct jt_err err;
	char *out = NULL;
	int rc = jt_jailconf_render(&c, &out, &err);

	ok(rc == 0 && out != NULL &&
	    strstr(out, "sshd {\n") == out &&
	    strstr(out, "\tpath = \"/jails/sshd\";\n") != NULL &&
	    strstr(out, "\tip4.addr = \"lo1|127.0.1.2/32\";\n") != NULL &&
	    strstr(out, "\tmount.devfs;\n\tdevfs_ruleset = 4;\n") != NULL &&
	    strstr(out, "\texec.start = \"/usr/sbin/sshd\";\n") != NULL &&
	    strstr(out, "\texec.clean;\n") != NULL &&
	    strstr(out, "\tallow.raw_sockets = \"0\";\n}\n") != NULL,
	    "stanza:\n%s", out != NULL ? out : "(none)");
	free(out);
	c.name = "bad name{";
	ok(jt_jailconf_render(&c, &out, &err) == JT_EINVAL, "bad name refused");
}

int
main(void)
{
	struct tar_member base[] = {
		{ "./bin/[", AE_IFREG, 0555, "\177ELF-test-binary", NULL },
		{ "./bin/test", 0, 0555, "./bin/[", NULL },
		{ "./usr/bin/su", AE_IFREG, 04555, "su-binary", "schg" },
		{ "./libexec/ld-elf.so.1", AE_IFREG, 0555, "rtld", "schg" },
		{ "./libexec/ld", AE_IFLNK, 0777, "ld-elf.so.1", NULL },
		{ "./dev/", AE_IFDIR, 0555, NULL, NULL },
		{ "./etc/passwd", AE_IFREG, 0644,
		    "root:*:0:0:Charlie &:/root:/bin/csh\n"
		    "sshd:*:22:22:Secure Shell Daemon:/var/empty:/usr/sbin/nologin\n",
		    NULL },
		{ "./etc/group", AE_IFREG, 0644, "wheel:*:0:root\nsshd:*:22:\n",
		    NULL },
	};
	char arc[512];
	struct jt_source *s;
	struct jt_err err;

	snprintf(tmp, sizeof(tmp), "%s/jt-write-XXXXXX",
	    getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
	if (mkdtemp(tmp) == NULL)
		return (1);
	snprintf(arc, sizeof(arc), "%s/base.tar", tmp);
	mktar(arc, base, sizeof(base) / sizeof(base[0]));
	jt_source_new(&s, &err);
	jt_source_set_keep_all(s, true);
	ok(jt_source_add(s, arc, &err) == 0, "source");
	test_tar(s);
	test_mtree(s);
	if (geteuid() == 0) {
		test_dir(s);
#ifdef __linux__
		test_flags(s);
#endif
	}
	else
		printf("# not root: directory writer not tested\n");
	test_jailconf();
	jt_source_free(s);
	{
		char cmd[300];

		snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmp);
		if (system(cmd) != 0)
			printf("# cleanup failed: %s\n", cmd);
	}
	return (tap_done());
}
