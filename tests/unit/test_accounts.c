/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Account files: parsing, pruning, rendering, and pwd.db / spwd.db read
 * back with the real Berkeley DB 1.85 code (Debian's libdb1-compat,
 * dlopen'd; those checks are skipped with a message without it).  With
 * the FreeBSD fixture, 10.1's own files are rebuilt byte for byte.
 */
#include <archive.h>
#include <archive_entry.h>
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "jailtrim/accounts.h"
#include "db185.h"
#include "tap.h"
#include "unit_fs.h"

/* --- libdb1 reads (the API: unit_fs.h) ------------------------------ */

/* get(); the data, NUL-terminated copy not needed: records are binary. */
static int
get(struct db1 *db, const void *key, size_t klen, struct dbt1 *d)
{
	struct dbt1 k = { (void *)(uintptr_t)key, klen };

	return (db->get(db, &k, d, 0));
}

static int
get_num(struct db1 *db, char kc, uint32_t n, bool big, struct dbt1 *d)
{
	unsigned char k[5] = { (unsigned char)kc };

	for (int i = 0; i < 4; i++)
		k[1 + i] = (unsigned char)(big ? n >> (24 - 8 * i) : n >> 8 * i);
	return (get(db, k, 5, d));
}

static int
get_name(struct db1 *db, char kc, const char *name, struct dbt1 *d)
{
	char k[64];

	k[0] = kc;
	snprintf(k + 1, sizeof(k) - 1, "%s", name);
	return (get(db, k, strlen(k), d));
}

/* --- pwd_mkdb's record ------------------------------------------------ */

struct pwrec {
	const char	*name, *passwd, *class, *gecos, *dir, *shell;
	uint32_t	 uid, gid, change, expire, fields;
};

static bool
take_str(const char **p, const char *end, const char **out)
{
	const char *z = memchr(*p, '\0', (size_t)(end - *p));

	if (z == NULL)
		return (false);
	*out = *p;
	*p = z + 1;
	return (true);
}

static bool
take_u32(const char **p, const char *end, bool big, uint32_t *out)
{
	const unsigned char *u = (const unsigned char *)*p;

	if (end - *p < 4)
		return (false);
	*out = big ? (uint32_t)u[0] << 24 | (uint32_t)u[1] << 16 |
	    (uint32_t)u[2] << 8 | u[3] : (uint32_t)u[3] << 24 |
	    (uint32_t)u[2] << 16 | (uint32_t)u[1] << 8 | u[0];
	*p += 4;
	return (true);
}

static bool
parse_rec(const struct dbt1 *d, bool big, struct pwrec *r)
{
	const char *p = d->data, *end = p + d->size;

	return (take_str(&p, end, &r->name) && take_str(&p, end, &r->passwd) &&
	    take_u32(&p, end, big, &r->uid) && take_u32(&p, end, big, &r->gid) &&
	    take_u32(&p, end, big, &r->change) &&
	    take_str(&p, end, &r->class) && take_str(&p, end, &r->gecos) &&
	    take_str(&p, end, &r->dir) && take_str(&p, end, &r->shell) &&
	    take_u32(&p, end, big, &r->expire) &&
	    take_u32(&p, end, big, &r->fields) && p == end);
}

/* --- checks shared by the synthetic and the fixture's accounts -------- */

struct expect {
	const char	*user;		/* a kept service user */
	uint32_t	 uid;
	const char	*dir;
	size_t		 nusers;	/* kept users, comments aside */
	const char	*root_pw;	/* root's password in master.passwd */
};

/* The header as init_htab() leaves it for pwd_mkdb (nelem 256). */
static void
check_header(const struct jt_account_file *f, const char *what)
{
	const unsigned char *h = f->data;

	ok(f->len >= 10 * 4096 && f->len % 4096 == 0, "%s: whole pages (%zu)",
	    what, f->len);
	ok(unit_be32(h) == 0x061561 && unit_be32(h + 4) == 2, "%s: big-endian magic "
	    "and version 2", what);
	ok(unit_be32(h + 8) == 1234 && unit_be32(h + 12) == 4096 && unit_be32(h + 52) == 32,
	    "%s: lorder 1234, bsize 4096, ffactor 32", what);
	ok(unit_be32(h + 64) == 0x956e7de3, "%s: h_charkey 0x956e7de3", what);
}

static void
check_pwd(struct db1 *db, const struct expect *e, bool secure)
{
	const char *what = secure ? "spwd.db" : "pwd.db";
	struct dbt1 d;
	struct pwrec r;
	uint32_t n;

	ok(get(db, "\xffVERSION", 8, &d) == 0 && d.size == 1 &&
	    *(unsigned char *)d.data == 4, "%s: VERSION is 4", what);
	ok(get_name(db, 'A', e->user, &d) == 0 && parse_rec(&d, true, &r) &&
	    strcmp(r.name, e->user) == 0 && r.uid == e->uid &&
	    strcmp(r.dir, e->dir) == 0, "%s: 'A'+%s: uid %u, dir %s", what,
	    e->user, e->uid, e->dir);
	ok(get_num(db, 'C', e->uid, true, &d) == 0 &&
	    parse_rec(&d, true, &r) && strcmp(r.name, e->user) == 0,
	    "%s: 'C'+htonl(%u) is %s", what, e->uid, e->user);
	for (n = 1; get_num(db, 'B', n, true, &d) == 0; n++)
		if (!parse_rec(&d, true, &r))
			break;
	ok(n == e->nusers + 1, "%s: 'B' keys 1..%zu, then none (%u)", what,
	    e->nusers, n - 1);
	ok(get_name(db, 'A', "root", &d) == 0 && parse_rec(&d, true, &r) &&
	    r.uid == 0 && strcmp(r.passwd, secure ? e->root_pw : "*") == 0,
	    "%s: root's password is %s", what, secure ? "the real one" : "*");
	/* The legacy v3 copies, numbers in database (little-endian) order. */
	ok(get_name(db, '1', e->user, &d) == 0 && parse_rec(&d, false, &r) &&
	    r.uid == e->uid, "%s: v3 '1'+%s", what, e->user);
	ok(get_num(db, '3', e->uid, false, &d) == 0, "%s: v3 '3'+uid", what);
	ok(get_num(db, '2', (uint32_t)e->nusers, false, &d) == 0 &&
	    get_num(db, '2', (uint32_t)e->nusers + 1, false, &d) == 1,
	    "%s: v3 '2' keys end with the users", what);
}

/* Every stored pair is seen once by seq(), and their count is nkeys. */
static void
check_seq(struct db1 *db, const struct jt_account_file *f, const char *what)
{
	struct dbt1 k, d;
	unsigned n = 0;
	int rc;

	for (rc = db->seq(db, &k, &d, R_FIRST); rc == 0;
	    rc = db->seq(db, &k, &d, R_NEXT))
		n++;
	ok(rc == 1 && n == unit_be32((const unsigned char *)f->data + 56),
	    "%s: seq() walks all %u keys", what, n);
}

static void
check_files(struct jt_account_file *out, const struct expect *e)
{
	struct db1 *db;

	check_header(&out[JT_ACCOUNTS_PWD_DB], "pwd.db");
	check_header(&out[JT_ACCOUNTS_SPWD_DB], "spwd.db");
	if (unit_dbopen == NULL)
		return;
	if ((db = unit_db1_open("pwd.db", &out[JT_ACCOUNTS_PWD_DB])) != NULL) {
		check_pwd(db, e, false);
		check_seq(db, &out[JT_ACCOUNTS_PWD_DB], "pwd.db");
		db->close(db);
	}
	if ((db = unit_db1_open("spwd.db", &out[JT_ACCOUNTS_SPWD_DB])) != NULL) {
		check_pwd(db, e, true);
		db->close(db);
	}
}

static bool
file_is(const struct jt_account_file *f, const char *text)
{
	return (f->len == strlen(text) && memcmp(f->data, text, f->len) == 0);
}

/* --- synthetic accounts ---------------------------------------------- */

static const char master[] =
    "# $FreeBSD$\n"
    "#\n"
    "root:$6$salt$hash:0:0::0:0:Charlie &:/root:/bin/csh\n"
    "toor:*:0:0::0:0:Bourne-again Superuser:/root:\n"
    "daemon:*:1:1::0:0:Owner of many system processes:/root:/usr/sbin/nologin\n"
    "sshd:*:22:22::0:0:Secure Shell Daemon:/var/empty:/usr/sbin/nologin\n"
    "www:*:80:80:daemon:0:0:World Wide Web Owner:/nonexistent:/usr/sbin/nologin";
static const char group[] =
    "# $FreeBSD$\n"
    "wheel:*:0:root,daemon\n"
    "daemon:*:1:\n"
    "operator:*:5:root\n"
    "sshd:*:22:\n"
    "www:*:80:www,,sshd\n";

static void
test_prune(void)
{
	const char *users[] = { "sshd" }, *groups[] = { "operator" };
	const char *bad_users[] = { "sshd", "nosuch" }, *bad_groups[] = {
	    "nogroup" };
	struct jt_account_file out[JT_ACCOUNTS_NFILES], again[JT_ACCOUNTS_NFILES];
	struct expect e = { "sshd", 22, "/var/empty", 2, "$6$salt$hash" };
	struct jt_accounts *a;
	struct jt_err err = { 0 };

	if (!ok(jt_accounts_parse(&a, master, sizeof(master) - 1, group,
	    sizeof(group) - 1, &err) == 0, "parse: %s", err.msg))
		return;
	ok(jt_accounts_keep(a, users, 1, groups, 1, &err) == 0, "keep sshd");
	ok(jt_accounts_keep(a, bad_users, 2, bad_groups, 1, &err) ==
	    JT_ENOENT && strstr(err.msg, "user 'nosuch'") != NULL &&
	    strstr(err.msg, "group 'nogroup'") != NULL &&
	    strstr(err.msg, "'sshd'") == NULL, "unknown names: %s", err.msg);
	if (!ok(jt_accounts_render(a, out, &err) == 0, "render: %s", err.msg))
		goto done;
	ok(file_is(&out[JT_ACCOUNTS_MASTER_PASSWD], "# $FreeBSD$\n#\n"
	    "root:$6$salt$hash:0:0::0:0:Charlie &:/root:/bin/csh\n"
	    "sshd:*:22:22::0:0:Secure Shell Daemon:/var/empty:"
	    "/usr/sbin/nologin\n"), "master.passwd: comments, root, sshd "
	    "(a failed keep changed nothing)");
	ok(file_is(&out[JT_ACCOUNTS_PASSWD], "# $FreeBSD$\n#\n"
	    "root:*:0:0:Charlie &:/root:/bin/csh\n"
	    "sshd:*:22:22:Secure Shell Daemon:/var/empty:/usr/sbin/nologin\n"),
	    "passwd as pwd_mkdb -p writes it");
	ok(file_is(&out[JT_ACCOUNTS_GROUP], "# $FreeBSD$\n"
	    "wheel:*:0:root\noperator:*:5:root\nsshd:*:22:\n"),
	    "group: wheel (members pruned), operator, sshd's primary group");
	ok(out[JT_ACCOUNTS_MASTER_PASSWD].mode == 0600 &&
	    out[JT_ACCOUNTS_PASSWD].mode == 0644 &&
	    out[JT_ACCOUNTS_GROUP].mode == 0644 &&
	    out[JT_ACCOUNTS_PWD_DB].mode == 0644 &&
	    out[JT_ACCOUNTS_SPWD_DB].mode == 0600 &&
	    strcmp(out[JT_ACCOUNTS_SPWD_DB].path, "/etc/spwd.db") == 0,
	    "paths and modes");
	ok(((char *)out[JT_ACCOUNTS_PASSWD].data)[out[JT_ACCOUNTS_PASSWD].len]
	    == '\0', "text files end with a NUL past len");
	ok(out[JT_ACCOUNTS_PWD_DB].len == 40960, "8 buckets: 10 pages, as "
	    "10.1's pwd.db");
	check_files(out, &e);
	ok(jt_accounts_render(a, again, &err) == 0 &&
	    again[JT_ACCOUNTS_PWD_DB].len == out[JT_ACCOUNTS_PWD_DB].len &&
	    memcmp(again[JT_ACCOUNTS_PWD_DB].data, out[JT_ACCOUNTS_PWD_DB].data,
	    out[JT_ACCOUNTS_PWD_DB].len) == 0 &&
	    memcmp(again[JT_ACCOUNTS_SPWD_DB].data,
	    out[JT_ACCOUNTS_SPWD_DB].data, out[JT_ACCOUNTS_SPWD_DB].len) == 0,
	    "same input, same bytes");
	jt_account_files_free(again);
	jt_account_files_free(out);
	ok(jt_accounts_keep(a, NULL, 0, NULL, 0, &err) == 0 &&
	    jt_accounts_render(a, out, &err) == 0 &&
	    file_is(&out[JT_ACCOUNTS_GROUP], "# $FreeBSD$\nwheel:*:0:root\n"),
	    "keeping nobody keeps root and wheel");
	jt_account_files_free(out);
done:
	jt_accounts_free(a);
}

static void
bad(const char *mp, const char *gr, int code, const char *path,
    const char *needle, const char *what)
{
	struct jt_accounts *a = NULL;
	struct jt_err err = { 0 };
	int rc;

	rc = jt_accounts_parse(&a, mp, strlen(mp), gr, strlen(gr), &err);
	ok(rc == code && a == NULL && strcmp(err.path, path) == 0 &&
	    strstr(err.msg, needle) != NULL, "%s: %s: %s", what, err.path,
	    err.msg);
	jt_accounts_free(a);
}

static void
test_bad_input(void)
{
	const char *ok_mp = "root::0:0::0:0::/root:/bin/sh\n";
	const char *ok_gr = "wheel:*:0:root\n";
	const char *nis = "root::0:0::0:0::/root:/bin/sh\n+:::::::::\n";
	const char *users[] = { "ghost" };
	struct jt_accounts *a;
	struct jt_err err = { 0 };
	char *longline;

	bad("# c\nroot::0:0::0:0::/root:/bin/sh\nsshd:*:22:22::0:0:x:/var\n",
	    ok_gr, JT_EFORMAT, "/etc/master.passwd", "line 3: too few fields",
	    "too few fields");
	bad("root::0:0::0:0::/root:/bin/sh\nsshd:*:2x:22::0:0::/:/bin/sh\n",
	    ok_gr, JT_EFORMAT, "/etc/master.passwd", "line 2: uid '2x'",
	    "non-numeric uid");
	bad("root::0:0::0:0::/root:/bin/sh:extra\n", ok_gr, JT_EFORMAT,
	    "/etc/master.passwd", "line 1: too many fields", "too many fields");
	bad("root::0:0::0:0::/root:/bin/sh\nx:*::1::0:0::/:\n", ok_gr,
	    JT_EFORMAT, "/etc/master.passwd", "line 2: no uid", "empty uid");
	bad("root::7:0::0:0::/root:/bin/sh\n", ok_gr, JT_EFORMAT,
	    "/etc/master.passwd", "root's uid must be 0", "root with uid 7");
	bad("root::0:0::0:0::/root:/bin/sh\nx:*:4294967296:1::0:0::/:\n",
	    ok_gr, JT_EFORMAT, "/etc/master.passwd", "line 2", "uid > UID_MAX");
	bad(ok_mp, "wheel:*:0:root\nstaff:*:2O:\n", JT_EFORMAT, "/etc/group",
	    "line 2: gid '2O'", "non-numeric gid");
	bad(ok_mp, "# c\nwheel:*:0\n", JT_EFORMAT, "/etc/group",
	    "line 2: too few fields", "group with 3 fields");
	longline = malloc(2100);
	memset(longline, 'a', 2099);
	memcpy(longline, "x:*:1:1::0:0:", 13);
	memcpy(longline + 2089, ":/:/bin/sh", 10);
	longline[2099] = '\0';
	bad(longline, ok_gr, JT_EFORMAT, "/etc/master.passwd",
	    "line 1: longer than", "a line over pwd_mkdb's LINE_MAX");
	free(longline);
	/* NIS entries may leave the ids empty (__pw_scan). */
	ok(jt_accounts_parse(&a, nis, strlen(nis), ok_gr, strlen(ok_gr),
	    &err) == 0, "NIS '+' entry parses");
	jt_accounts_free(a);
	if (!ok(jt_accounts_parse(&a, ok_mp, strlen(ok_mp), ok_gr,
	    strlen(ok_gr), &err) == 0, "parse"))
		return;
	ok(jt_accounts_keep(a, users, 1, NULL, 0, &err) == JT_ENOENT &&
	    strstr(err.msg, "ghost") != NULL, "unknown user: %s", err.msg);
	jt_accounts_free(a);
	ok(jt_accounts_parse(&a, "", 0, "", 0, &err) == 0 &&
	    jt_accounts_keep(a, NULL, 0, NULL, 0, &err) == JT_ENOENT &&
	    strstr(err.msg, "root") != NULL, "no root: %s", err.msg);
	jt_accounts_free(a);
}

/* --- many users: more buckets, still read back by libdb1 -------------- */

static void
test_many(void)
{
	enum { N = 3000 };
	struct jt_account_file out[JT_ACCOUNTS_NFILES];
	const unsigned char *h;
	struct jt_accounts *a;
	struct jt_err err = { 0 };
	struct dbt1 d;
	struct pwrec r;
	struct db1 *db;
	char *mp, *p;
	unsigned i, bad = 0;

	p = mp = malloc((size_t)N * 80 + 64);
	p += sprintf(p, "root:*:0:0::0:0:Charlie &:/root:/bin/csh\n");
	for (i = 1; i <= N; i++)
		p += sprintf(p, "user%u:*:%u:%u::0:0:User number %u:/home/user%u:"
		    "/bin/sh\n", i, 1000 + i, 1000 + i, i, i);
	if (!ok(jt_accounts_parse(&a, mp, strlen(mp), "wheel:*:0:root\n", 15,
	    &err) == 0 && jt_accounts_render(a, out, &err) == 0,
	    "%u users: %s", N, err.msg)) {
		free(mp);
		return;
	}
	h = out[JT_ACCOUNTS_PWD_DB].data;
	ok(unit_be32(h + 40) + 1 > 8 && out[JT_ACCOUNTS_PWD_DB].len ==
	    (unit_be32(h + 40) + 3) * (size_t)4096 && unit_be32(h + 56) == 1 + 6 * (N + 1)
	    && unit_be32(h + 56) / (unit_be32(h + 40) + 1) <= 32,
	    "%u buckets, nkeys %u, fill factor kept", unit_be32(h + 40) + 1,
	    unit_be32(h + 56));
	if (unit_dbopen != NULL &&
	    (db = unit_db1_open("many.db", &out[JT_ACCOUNTS_PWD_DB])) != NULL) {
		for (i = 1; i <= N; i++) {
			char name[32];

			snprintf(name, sizeof(name), "user%u", i);
			if (get_name(db, 'A', name, &d) != 0 ||
			    !parse_rec(&d, true, &r) || r.uid != 1000 + i ||
			    get_num(db, 'B', i + 1, true, &d) != 0 ||
			    get_num(db, 'C', 1000 + i, true, &d) != 0)
				bad++;
		}
		ok(bad == 0 && get_num(db, 'B', N + 2, true, &d) == 1,
		    "libdb1 finds every user by name, number and uid (%u bad)",
		    bad);
		check_seq(db, &out[JT_ACCOUNTS_PWD_DB], "many.db");
		db->close(db);
	}
	jt_account_files_free(out);
	jt_accounts_free(a);
	free(mp);
}

static unsigned
get16(const unsigned char *p, int lorder)
{
	return (lorder == 4321 ? (unsigned)p[0] << 8 | p[1] :
	    (unsigned)p[1] << 8 | p[0]);
}

/*
 * Equal in every byte the format defines: the header page, the bitmap
 * page, and in each bucket page the offset array and the pairs.  The gap
 * between them is unused; libdb1 leaves stale heap bytes there (its page
 * buffers are malloc'd), where FreeBSD's 10.1 files and ours hold zeros.
 */
static bool
same_pages(const unsigned char *a, const unsigned char *b, size_t len,
    int lorder)
{
	size_t nb = (size_t)unit_be32(b + 40) + 1, pg;

	if (len != (nb + 2) * 4096 || memcmp(a, b, 4096) != 0 ||
	    memcmp(a + len - 4096, b + len - 4096, 4096) != 0)
		return (false);
	for (pg = 1; pg <= nb; pg++) {
		const unsigned char *pa = a + pg * 4096, *pb = b + pg * 4096;
		unsigned n = get16(pb, lorder), meta = 2 * (n + 3), off;

		if (meta > 4096)
			return (false);
		off = n == 0 ? 4096 : get16(pb + 2 * (n + 2), lorder);
		if (n == 0)
			meta = 4096;	/* never written: all zero */
		if (off > 4096 || memcmp(pa, pb, meta) != 0 ||
		    memcmp(pa + off, pb + off, 4096 - off) != 0)
			return (false);
	}
	return (true);
}

/*
 * The same puts through libdb1's own hash code and through db185 give the
 * same file: header, bitmap and page layout, in both byte orders.
 */
static void
test_same_as_libdb1(int lorder)
{
	struct hashinfo1 info = { 4096, 32, 256, 2048 * 1024, NULL, lorder };
	struct db185 *db = NULL;
	struct jt_err err = { 0 };
	struct db1 *ref;
	void *img = NULL, *theirs = NULL;
	size_t len = 0, tlen = 0;
	char path[4200], key[32], val[128];
	FILE *f;
	int rc;

	if (unit_dbopen == NULL)
		return;
	snprintf(path, sizeof(path), "%s/ref%d.db", unit_root, lorder);
	unlink(path);
	ref = unit_dbopen(path, O_RDWR | O_CREAT, 0600, DB1_HASH, &info);
	if (!ok(ref != NULL && db185_new(&db, lorder, &err) == 0,
	    "libdb1 creates %s", path))
		goto done;
	for (int i = 0; i < 230; i++) {
		int n = i % 200;	/* the last 30 are duplicates */
		struct dbt1 k = { key, 0 }, v = { val, 0 };

		k.size = (size_t)snprintf(key, sizeof(key), "key-%d", n);
		v.size = (size_t)snprintf(val, sizeof(val), "value %d of %d%s",
		    i, n, i % 7 ? "" : " with some more bytes to vary sizes");
		ref->put(ref, &k, &v, R_NOOVERWRITE);
		db185_put(db, key, k.size, val, v.size, &err);
	}
	ref->close(ref);
	if ((f = fopen(path, "rb")) != NULL) {
		fseek(f, 0, SEEK_END);
		tlen = (size_t)ftell(f);
		rewind(f);
		theirs = malloc(tlen);
		if (fread(theirs, 1, tlen, f) != tlen)
			tlen = 0;
		fclose(f);
	}
	/* (the image first: ok()'s arguments have no order) */
	rc = db185_nkeys(db) == 200 ? db185_image(db, &img, &len, &err) : -1;
	ok(rc == 0 && len == tlen && same_pages(img, theirs, len, lorder),
	    "lorder %d: byte for byte what libdb1 writes (%zu, %zu bytes)",
	    lorder, len, tlen);
done:
	free(img);
	free(theirs);
	db185_free(db);
}

/* --- FreeBSD 10.1's own files ----------------------------------------- */

static const char *const fx_names[] = { "etc/master.passwd", "etc/group",
	"etc/passwd", "etc/pwd.db", "etc/spwd.db" };
enum { FX_MASTER, FX_GROUP, FX_PASSWD, FX_PWD, FX_SPWD, FX_N };

struct blob {
	void	*data;
	size_t	 len;
};

static bool
read_fixture(const char *txz, struct blob fx[FX_N])
{
	struct archive *ar = archive_read_new();
	struct archive_entry *e;
	int found = 0;

	archive_read_support_filter_all(ar);
	archive_read_support_format_all(ar);
	if (archive_read_open_filename(ar, txz, 1 << 16) != ARCHIVE_OK)
		goto out;
	while (found < FX_N && archive_read_next_header(ar, &e) == ARCHIVE_OK) {
		const char *name = archive_entry_pathname(e);

		if (strncmp(name, "./", 2) == 0)
			name += 2;
		for (int i = 0; i < FX_N; i++) {
			if (strcmp(name, fx_names[i]) != 0 || fx[i].data)
				continue;
			fx[i].len = (size_t)archive_entry_size(e);
			fx[i].data = malloc(fx[i].len + 1);
			if (archive_read_data(ar, fx[i].data, fx[i].len) !=
			    (la_ssize_t)fx[i].len)
				goto out;
			found++;
		}
	}
out:
	archive_read_free(ar);
	return (found == FX_N);
}

static bool
same(const struct jt_account_file *f, const struct blob *b)
{
	return (f->len == b->len && memcmp(f->data, b->data, b->len) == 0);
}

static void
test_fixture(void)
{
	const char *txz = getenv("JT_FIXTURE_TXZ");
	const char *users[] = { "sshd", "unbound" };
	struct jt_account_file out[JT_ACCOUNTS_NFILES];
	struct expect e = { "sshd", 22, "/var/empty", 3, "" };
	struct blob fx[FX_N] = { { 0 } };
	struct jt_accounts *a = NULL;
	struct jt_err err = { 0 };
	struct dbt1 d;
	struct pwrec r;
	struct db1 *db;

	if (txz == NULL || access(txz, R_OK) != 0) {
		printf("# fixture %s absent: skipping 10.1's files\n",
		    txz ? txz : "(JT_FIXTURE_TXZ unset)");
		return;
	}
	if (!ok(read_fixture(txz, fx), "read 10.1's account files") ||
	    !ok(jt_accounts_parse(&a, fx[FX_MASTER].data, fx[FX_MASTER].len,
	    fx[FX_GROUP].data, fx[FX_GROUP].len, &err) == 0, "parse 10.1's "
	    "master.passwd and group: %s", err.msg))
		goto done;
	/* Unpruned: pwd_mkdb -L -p's output, every byte. */
	if (ok(jt_accounts_render(a, out, &err) == 0, "render all")) {
		ok(same(&out[JT_ACCOUNTS_MASTER_PASSWD], &fx[FX_MASTER]) &&
		    same(&out[JT_ACCOUNTS_GROUP], &fx[FX_GROUP]),
		    "master.passwd and group unchanged");
		ok(same(&out[JT_ACCOUNTS_PASSWD], &fx[FX_PASSWD]),
		    "passwd identical to 10.1's");
		ok(same(&out[JT_ACCOUNTS_PWD_DB], &fx[FX_PWD]),
		    "pwd.db identical to 10.1's (%zu bytes)", fx[FX_PWD].len);
		ok(same(&out[JT_ACCOUNTS_SPWD_DB], &fx[FX_SPWD]),
		    "spwd.db identical to 10.1's");
		jt_account_files_free(out);
	}
	/* Pruned to sshd and unbound, as a jail would be. */
	if (!ok(jt_accounts_keep(a, users, 2, NULL, 0, &err) == 0 &&
	    jt_accounts_render(a, out, &err) == 0, "keep sshd, unbound: %s",
	    err.msg))
		goto done;
	ok(strstr(out[JT_ACCOUNTS_GROUP].data, "\nunbound:*:59:\n") != NULL &&
	    strstr(out[JT_ACCOUNTS_GROUP].data, "\nwheel:*:0:root\n") != NULL &&
	    strstr(out[JT_ACCOUNTS_GROUP].data, "www") == NULL,
	    "group: wheel, sshd, unbound only");
	check_files(out, &e);
	if (unit_dbopen != NULL &&
	    (db = unit_db1_open("pwd.db", &out[JT_ACCOUNTS_PWD_DB])) != NULL) {
		ok(get_name(db, 'A', "unbound", &d) == 0 &&
		    parse_rec(&d, true, &r) && r.uid == 59 && r.gid == 59 &&
		    strcmp(r.dir, "/var/unbound") == 0 && r.fields == 0x3df,
		    "unbound: 59:59 /var/unbound, fields 0x3df");
		ok(get_name(db, 'A', "toor", &d) == 1 &&
		    get_name(db, 'A', "www", &d) == 1, "toor and www are gone");
		db->close(db);
	}
	jt_account_files_free(out);
done:
	jt_accounts_free(a);
	for (int i = 0; i < FX_N; i++)
		free(fx[i].data);
}

int
main(void)
{
	unit_root_make("accounts");
	unit_db1_load();
	test_bad_input();
	test_prune();
	test_many();
	test_same_as_libdb1(1234);
	test_same_as_libdb1(4321);
	test_fixture();
	unit_root_remove();
	return (tap_done());
}
