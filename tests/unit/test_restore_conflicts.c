/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * jt_restore()'s checks before it writes: each kind of conflict with what
 * changed since the shrink (and none for what an interrupted apply
 * leaves), a jail left untouched when refused, --force; the signature of
 * the backup's index (another key, no key, an unsigned backup); the host
 * key file's own checks; a member after the index.  The struct jt_shrink
 * is filled by hand, as jt_shrink_finish() would (see
 * test_shrink_archive.c); tests/e2e/restore_safety.sh runs the CLI.
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
#include <sys/sysmacros.h>

#include <archive.h>
#include <archive_entry.h>

#include "jailtrim/shrink.h"
#include "shrink_int.h"
#include "tap.h"

static char work[PATH_MAX / 4], jail[PATH_MAX / 2];

/* Paths below the jail and the work directory (tap_path()'s buffers). */
static const char *
jp(const char *rel)
{
	return (tap_path(jail, rel));
}

static const char *
wp(const char *rel)
{
	return (tap_path(work, rel));
}

static bool
put(const char *rel, const char *text)
{
	int fd = open(jp(rel), O_WRONLY | O_CREAT | O_TRUNC, 0644);
	bool okw;

	if (fd == -1)
		return (false);
	okw = write(fd, text, strlen(text)) == (ssize_t)strlen(text);
	return (close(fd) == 0 && okw);
}

/* Removed by the shrink, deepest first as jt_shrink_finish() lists them. */
static const struct {
	const char	*path;
	enum jt_ftype	 type;
	const char	*linkto;
} removed[] = {
	{ "/usr/share/doc/f", JT_FT_REG, NULL },
	{ "/usr/share/doc", JT_FT_DIR, NULL },
	{ "/usr/lib/x", JT_FT_REG, NULL },
	{ "/usr/lib/sym", JT_FT_LNK, NULL },
	{ "/usr/lib/fifo", JT_FT_FIFO, NULL },
	{ "/usr/bin/gone", JT_FT_REG, "/usr/bin/kept" },
};
#define NRM	(sizeof(removed) / sizeof(removed[0]))
static const char *parents[] = { "/usr", "/usr/bin", "/usr/lib",
	"/usr/share" };

static bool
make_jail(void)
{
	return (mkdir(jail, 0755) == 0 && mkdir(jp("usr"), 0755) == 0 &&
	    mkdir(jp("usr/bin"), 0755) == 0 &&
	    mkdir(jp("usr/lib"), 0755) == 0 &&
	    mkdir(jp("usr/share"), 0755) == 0 &&
	    mkdir(jp("usr/share/doc"), 0755) == 0 &&
	    put("usr/share/doc/f", "doc\n") && put("usr/lib/x", "x1\n") &&
	    symlink("x", jp("usr/lib/sym")) == 0 &&
	    mkfifo(jp("usr/lib/fifo"), 0600) == 0 &&
	    put("usr/bin/kept", "kept\n") &&
	    link(jp("usr/bin/kept"), jp("usr/bin/gone")) == 0);
}

static void
fill(struct jt_shrink *s, struct jt_shrink_entry *rm)
{
	memset(s, 0, sizeof(*s));
	s->dir = jail;
	s->dirfd = open(jail, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	for (size_t i = 0; i < NRM; i++) {
		memset(&rm[i], 0, sizeof(rm[i]));
		rm[i].path = removed[i].path;
		rm[i].type = removed[i].type;
		rm[i].linkto = removed[i].linkto;
	}
	s->rm = rm;
	s->nrm = NRM;
	for (size_t i = 0; i < sizeof(parents) / sizeof(parents[0]); i++)
		strv_push(&s->parents, parents[i]);
	s->finished = true;
}

/* What apply does, the first n entries of the list. */
static bool
remove_first(size_t n)
{
	bool okr = true;

	for (size_t i = 0; i < n; i++) {
		const char *p = jp(removed[i].path + 1);

		okr &= (removed[i].type == JT_FT_DIR ? rmdir(p) : unlink(p)) ==
		    0;
	}
	return (okr);
}

static const struct jt_restore_conflict *
find(const struct jt_restore_conflict *c, size_t n, const char *path)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(c[i].path, path) == 0)
			return (&c[i]);
	return (NULL);
}

static void
expect(const struct jt_restore_conflict *c, size_t n, const char *path,
    enum jt_restore_conflict_kind kind, unsigned what)
{
	const struct jt_restore_conflict *f = find(c, n, path);

	ok(f != NULL && f->kind == kind && f->what == what, "conflict %s: "
	    "kind %d what %#x (got %d %#x)", path, (int)kind, what,
	    f != NULL ? (int)f->kind : -1, f != NULL ? f->what : 0);
}

static void
conflicts(const unsigned char *key)
{
	struct jt_restore_opts o = { .key = key };
	struct jt_restore_conflict *c;
	struct stat st;
	struct jt_err err;
	char buf[64] = "";
	size_t n;
	int rc, fd;

	/* every change at once, on a fully shrunk jail */
	ok(remove_first(NRM), "shrunk");
	ok(put("usr/lib/x", "admin's newer x\n"), "x made again, newer");
	ok(symlink("elsewhere", jp("usr/lib/sym")) == 0, "sym made again");
	ok(put("usr/share/doc", "a file now\n"), "doc a file now");
	ok(chmod(jp("usr/bin"), 0700) == 0 && chown(jp("usr/lib"), 1, 1) == 0,
	    "kept directories' mode and owner changed");
	rc = jt_restore(wp("b.tar"), jail, &o, &c, &n, &err);
	ok(rc == JT_EINVAL && n == 6 && strstr(err.msg, "6 changes") != NULL,
	    "refused, 6 conflicts: %s", err.msg);
	expect(c, n, "/usr/lib/x", JT_RC_DIFFERS, JT_RC_CONTENT);
	expect(c, n, "/usr/lib/sym", JT_RC_DIFFERS, JT_RC_CONTENT);
	expect(c, n, "/usr/share/doc", JT_RC_DIFFERS, JT_RC_TYPE);
	expect(c, n, "/usr/share/doc/f", JT_RC_NOTDIR, JT_RC_TYPE);
	expect(c, n, "/usr/bin", JT_RC_DIR_CHANGED, JT_RC_MODE);
	expect(c, n, "/usr/lib", JT_RC_DIR_CHANGED, JT_RC_OWNER);
	jt_restore_conflicts_free(c, n);
	/* nothing written */
	if ((fd = open(jp("usr/lib/x"), O_RDONLY)) != -1) {
		if (read(fd, buf, sizeof(buf) - 1) < 0)
			buf[0] = '\0';
		close(fd);
	}
	ok(strcmp(buf, "admin's newer x\n") == 0 && lstat(jp("usr/bin/gone"),
	    &st) != 0 && lstat(jp("usr/lib/fifo"), &st) != 0 &&
	    stat(jp("usr/bin"), &st) == 0 && (st.st_mode & 07777) == 0700,
	    "the refused restore wrote nothing");

	/* the kept file a removed link joins: edited, then gone */
	unlink(jp("usr/lib/x"));
	unlink(jp("usr/lib/sym"));
	unlink(jp("usr/share/doc"));
	chmod(jp("usr/bin"), 0755);
	ok(chown(jp("usr/lib"), 0, 0) == 0, "changes undone by hand");
	ok(put("usr/bin/kept", "kept, edited\n"), "the kept file edited");
	rc = jt_restore(wp("b.tar"), jail, &o, &c, &n, &err);
	ok(rc == JT_EINVAL && n == 1, "an edited kept file: 1 conflict");
	expect(c, n, "/usr/bin/kept", JT_RC_LINK_TARGET, JT_RC_CONTENT);
	ok(n == 1 && c[0].link != NULL && strcmp(c[0].link, "usr/bin/gone") ==
	    0, "naming the link");
	jt_restore_conflicts_free(c, n);
	unlink(jp("usr/bin/kept"));
	rc = jt_restore(wp("b.tar"), jail, &o, &c, &n, &err);
	expect(c, n, "/usr/bin/kept", JT_RC_LINK_TARGET, JT_RC_GONE);
	jt_restore_conflicts_free(c, n);
	ok(put("usr/bin/kept", "kept, edited\n"), "the kept file back, edited");

	/* --force: the backup wins, and the conflicts are still told */
	o.force = true;
	rc = jt_restore(wp("b.tar"), jail, &o, &c, &n, &err);
	ok(rc == 0 && n == 1, "--force restores (%d), telling 1 conflict",
	    rc);
	jt_restore_conflicts_free(c, n);
	ok(stat(jp("usr/bin/gone"), &st) == 0 && st.st_nlink == 2 &&
	    lstat(jp("usr/lib/fifo"), &st) == 0 && S_ISFIFO(st.st_mode),
	    "restored: the link joins the kept file again, the fifo is back");
}

static void
signatures(const unsigned char *key, struct jt_shrink *s)
{
	unsigned char other[JT_BACKUP_KEY_LEN];
	struct jt_restore_opts o = { .key = other };
	struct jt_err err;
	int rc;

	memset(other, 0x55, sizeof(other));
	rc = jt_restore(wp("b.tar"), jail, &o, NULL, NULL, &err);
	ok(rc == JT_EFORMAT && strstr(err.msg, "not signed with this host") !=
	    NULL, "another host's key: refused: %s", err.msg);
	o.key = NULL;
	rc = jt_restore(wp("b.tar"), jail, &o, NULL, NULL, &err);
	ok(rc == JT_EFORMAT && strstr(err.msg, "no key") != NULL,
	    "no key: refused: %s", err.msg);
	o.unsigned_ok = true;
	o.force = true;		/* the kept file is still edited */
	rc = jt_restore(wp("b.tar"), jail, &o, NULL, NULL, &err);
	ok(rc == 0, "no key, --unsigned: restored (%d)", rc);

	s->keyed = false;
	rc = jt_shrink_backup(s, wp("u.tar"), &err);
	ok(rc == 0, "an unsigned backup (%d)", rc);
	o.key = key;
	o.unsigned_ok = false;
	o.force = false;
	rc = jt_restore(wp("u.tar"), jail, &o, NULL, NULL, &err);
	ok(rc == JT_EFORMAT, "an unsigned backup with a key: refused: %s",
	    err.msg);
}

/* b.tar with one more member after its index. */
static void
after_index(const unsigned char *key)
{
	struct jt_restore_opts o = { .key = key };
	struct archive *r = archive_read_new(), *w = archive_write_new();
	struct archive_entry *e;
	const void *buf;
	size_t len;
	la_int64_t off;
	struct jt_err err;
	int rc;

	archive_read_support_format_tar(r);
	archive_write_set_format_pax(w);
	archive_read_open_filename(r, wp("b.tar"), 10240);
	archive_write_open_filename(w, wp("late.tar"));
	while (archive_read_next_header(r, &e) == ARCHIVE_OK) {
		archive_write_header(w, e);
		while (archive_read_data_block(r, &buf, &len, &off) ==
		    ARCHIVE_OK)
			archive_write_data(w, buf, len);
	}
	e = archive_entry_new();
	archive_entry_set_pathname(e, "usr/late");
	archive_entry_set_filetype(e, AE_IFCHR);
	archive_entry_set_perm(e, 0666);
	archive_entry_set_rdev(e, makedev(8, 0));
	archive_write_header(w, e);
	archive_entry_free(e);
	archive_write_free(w);
	archive_read_free(r);
	rc = jt_restore(wp("late.tar"), jail, &o, NULL, NULL, &err);
	ok(rc == JT_EFORMAT && strstr(err.msg, "usr/late") != NULL &&
	    strstr(err.msg, "after the index") != NULL,
	    "a member after the index: refused: %s", err.msg);
}

static void
keyfile(void)
{
	unsigned char k1[JT_BACKUP_KEY_LEN], k2[JT_BACKUP_KEY_LEN];
	struct jt_err err;
	struct stat st;
	int rc;

	rc = jt_backup_key(wp("keys/backup.key"), true, k1, &err);
	ok(rc == 0 && stat(wp("keys/backup.key"), &st) == 0 &&
	    (st.st_mode & 0777) == 0600 && st.st_size == JT_BACKUP_KEY_LEN &&
	    stat(wp("keys"), &st) == 0 && (st.st_mode & 0777) == 0700,
	    "a new key: 0600 in a 0700 directory");
	rc = jt_backup_key(wp("keys/backup.key"), true, k2, &err);
	ok(rc == 0 && memcmp(k1, k2, sizeof(k1)) == 0, "read back the same");
	chmod(wp("keys/backup.key"), 0644);
	rc = jt_backup_key(wp("keys/backup.key"), false, k2, &err);
	ok(rc == JT_EINVAL, "a key others can read: refused: %s", err.msg);
	ok(symlink("backup.key", wp("keys/link.key")) == 0, "a symlink");
	rc = jt_backup_key(wp("keys/link.key"), true, k2, &err);
	ok(rc != 0, "a key through a symlink: refused: %s", err.msg);
	rc = jt_backup_key(wp("keys/none.key"), false, k2, &err);
	ok(rc == JT_ENOENT, "a missing key is not made unless asked");
}

static int
rm_one(const char *p, const struct stat *st, int type, struct FTW *f)
{
	(void)st;
	(void)type;
	(void)f;
	remove(p);
	return (0);
}

int
main(void)
{
	struct jt_shrink_entry rm[NRM];
	struct jt_restore_opts o = { 0 };
	struct jt_restore_conflict *c;
	struct jt_shrink s;
	struct jt_err err;
	unsigned char key[JT_BACKUP_KEY_LEN];
	const char *base = getenv("JT_TEST_WORK");
	size_t n;
	int rc;

	if (geteuid() != 0)
		tap_skip_all("needs root (owners)");
	if (base == NULL || *base == '\0')
		base = "/tmp";
	mkdir(base, 0755);
	snprintf(work, sizeof(work), "%s/restore_conflicts.XXXXXX", base);
	if (mkdtemp(work) == NULL)
		tap_skip_all("cannot make a work directory");
	snprintf(jail, sizeof(jail), "%s/jail", work);
	ok(make_jail(), "jail made in %s", jail);
	memset(key, 0xa5, sizeof(key));
	fill(&s, rm);
	jt_shrink_set_key(&s, key);
	rc = jt_shrink_backup(&s, wp("b.tar"), &err);
	ok(rc == 0, "signed backup (%d)", rc);

	/* an apply that stopped after 3 entries: nothing in conflict */
	ok(remove_first(3), "an interrupted apply");
	o.key = key;
	rc = jt_restore(wp("b.tar"), jail, &o, &c, &n, &err);
	ok(rc == 0 && n == 0, "restored over it without --force (%d, %zu "
	    "conflicts)", rc, n);
	jt_restore_conflicts_free(c, n);

	conflicts(key);
	signatures(key, &s);
	after_index(key);
	keyfile();

	close(s.dirfd);
	strv_free(&s.parents);
	nftw(work, rm_one, 16, FTW_PHYS | FTW_DEPTH);
	return (tap_done());
}
