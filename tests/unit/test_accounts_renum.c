/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Renumbering and root's password (issue 15 items 3 and 5): the service
 * accounts a package adds move into a jail's id range in master.passwd,
 * passwd, group and both databases (read back with the real Berkeley DB
 * 1.85 code, Debian's libdb1-compat, dlopen'd: skipped with a message
 * without it); base accounts and ids under 100 stay; a range too small
 * is an error; root's hash is locked or set, and a root password file is
 * checked for the crypt(3) form and for its mode.
 */
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
#include "jailtrim/build.h"
#include "tap.h"
#include "unit_fs.h"

/* --- libdb1 reads (the API: unit_fs.h) ------------------------------ */

/*
 * The v4 record of user name ('A' + name): its password, uid and gid
 * (pwd_mkdb's layout: name, passwd, uid, gid, ...).
 */
static bool
db_user(struct db1 *db, const char *name, char *pw, size_t pwlen,
    uint32_t *uid, uint32_t *gid)
{
	char k[64];
	struct dbt1 key, d;
	const char *p, *end;
	size_t nl, pl;

	k[0] = 'A';
	snprintf(k + 1, sizeof(k) - 1, "%s", name);
	key = (struct dbt1){ k, strlen(k) };
	if (db->get(db, &key, &d, 0) != 0)
		return (false);
	p = d.data;
	end = p + d.size;
	nl = strnlen(p, (size_t)(end - p));
	if (p + nl + 1 >= end)
		return (false);
	p += nl + 1;
	pl = strnlen(p, (size_t)(end - p));
	if (p + pl + 9 > end)
		return (false);
	snprintf(pw, pwlen, "%.*s", (int)pl, p);
	p += pl + 1;
	*uid = unit_be32((const unsigned char *)p);
	*gid = unit_be32((const unsigned char *)p + 4);
	return (true);
}

/* 'C' + big-endian uid: a user by uid. */
static bool
db_has_uid(struct db1 *db, uint32_t uid)
{
	unsigned char k[5] = { 'C', (unsigned char)(uid >> 24),
	    (unsigned char)(uid >> 16), (unsigned char)(uid >> 8),
	    (unsigned char)uid };
	struct dbt1 key = { k, 5 }, d;

	return (db->get(db, &key, &d, 0) == 0);
}

/* --- the accounts ----------------------------------------------------- */

static const char master[] =
    "# $FreeBSD$\n"
    "root::0:0::0:0:Charlie &:/root:/bin/csh\n"
    "daemon:*:1:1::0:0:Owner of many system processes:/root:/usr/sbin/nologin\n"
    "bind:*:53:53::0:0:Bind Sandbox:/:/usr/sbin/nologin\n"
    "hast:*:845:845::0:0:HAST unprivileged user:/var/empty:/usr/sbin/nologin\n"
    "nobody:*:65534:65534::0:0:Unprivileged user:/nonexistent:/usr/sbin/nologin\n"
    "pgsql:*:770:770::0:0:PostgreSQL pseudo-user:/usr/local/pgsql:/bin/sh\n"
    "low:*:95:95::0:0:Under 100:/nonexistent:/usr/sbin/nologin\n"
    "inr:*:20001:20001::0:0:In range:/nonexistent:/usr/sbin/nologin\n"
    "redis:*:535:535::0:0:Redis:/var/db/redis:/usr/sbin/nologin\n"
    "unkept:*:5000:5000::0:0:Not kept:/nonexistent:/usr/sbin/nologin\n";

static const char group[] =
    "wheel:*:0:root\n"
    "daemon:*:1:\n"
    "bind:*:53:\n"
    "hast:*:845:\n"
    "nogroup:*:65533:\n"
    "nobody:*:65534:\n"
    "pgsql:*:770:redis\n"
    "low:*:95:\n"
    "inr:*:20001:\n"
    "redis:*:535:pgsql\n"
    "unkept:*:5000:\n";

static const char *const users[] = {
	"daemon", "bind", "hast", "nobody", "pgsql", "low", "inr", "redis",
};

static struct jt_accounts *
kept(void)
{
	struct jt_accounts *a = NULL;
	struct jt_err err;

	ok(jt_accounts_parse(&a, master, strlen(master), group, strlen(group),
	    &err) == 0, "parse");
	ok(a != NULL && jt_accounts_keep(a, users,
	    sizeof(users) / sizeof(users[0]), NULL, 0, &err) == 0, "keep");
	return (a);
}

static const struct jt_acct_move *
moved(const struct jt_acct_moves *m, const char *name, bool grp)
{
	for (size_t i = 0; i < m->n; i++)
		if (m->v[i].group == grp && strcmp(m->v[i].name, name) == 0)
			return (&m->v[i]);
	return (NULL);
}

static void
test_renumber(void)
{
	struct jt_account_file f[JT_ACCOUNTS_NFILES] = { 0 };
	struct jt_acct_moves m;
	struct jt_accounts *a = kept();
	const struct jt_acct_move *mv;
	struct jt_err err;
	char pw[64];
	uint32_t uid, gid;
	struct db1 *db;

	if (a == NULL)
		return;
	ok(jt_accounts_renumber(a, 20000, 100, &m, &err) == 0,
	    "renumber into 20000-20099");
	/* pgsql comes first in the file: the lowest free id, 20000 */
	ok((mv = moved(&m, "pgsql", false)) != NULL && mv->from == 770 &&
	    mv->to == 20000, "user pgsql 770 -> 20000");
	/* 20001 is inr's already: redis gets 20002 */
	ok((mv = moved(&m, "redis", false)) != NULL && mv->from == 535 &&
	    mv->to == 20002, "user redis 535 -> 20002 (20001 taken)");
	ok((mv = moved(&m, "pgsql", true)) != NULL && mv->to == 20000,
	    "group pgsql -> 20000");
	ok((mv = moved(&m, "redis", true)) != NULL && mv->to == 20002,
	    "group redis -> 20002");
	ok(m.n == 4, "4 moves, no more (%zu)", m.n);
	for (size_t i = 0; i < sizeof(users) / sizeof(users[0]); i++)
		if (strcmp(users[i], "pgsql") != 0 &&
		    strcmp(users[i], "redis") != 0)
			ok(moved(&m, users[i], false) == NULL &&
			    moved(&m, users[i], true) == NULL,
			    "%s keeps its ids", users[i]);
	ok(jt_accounts_render(a, f, &err) == 0, "render");
	ok(strstr(f[JT_ACCOUNTS_MASTER_PASSWD].data, "\npgsql:*:20000:20000::"
	    "0:0:PostgreSQL pseudo-user:/usr/local/pgsql:/bin/sh\n") != NULL,
	    "master.passwd: pgsql moved, its other fields as they were");
	ok(strstr(f[JT_ACCOUNTS_MASTER_PASSWD].data, "\nhast:*:845:845:") !=
	    NULL && strstr(f[JT_ACCOUNTS_MASTER_PASSWD].data,
	    "\nlow:*:95:95:") != NULL && strstr(
	    f[JT_ACCOUNTS_MASTER_PASSWD].data, "\ninr:*:20001:20001:") !=
	    NULL, "master.passwd: hast, low and inr as they were");
	ok(strstr(f[JT_ACCOUNTS_PASSWD].data, "\nredis:*:20002:20002:") !=
	    NULL, "passwd: redis moved");
	ok(strstr(f[JT_ACCOUNTS_GROUP].data, "\npgsql:*:20000:redis\n") !=
	    NULL && strstr(f[JT_ACCOUNTS_GROUP].data,
	    "\nredis:*:20002:pgsql\n") != NULL,
	    "group: gids moved, members kept by name");
	ok(strstr(f[JT_ACCOUNTS_MASTER_PASSWD].data, "unkept") == NULL,
	    "unkept is not in the jail");
	if (unit_dbopen != NULL) {
		for (int k = JT_ACCOUNTS_PWD_DB; k <= JT_ACCOUNTS_SPWD_DB; k++) {
			const char *name = k == JT_ACCOUNTS_PWD_DB ? "pwd.db" :
			    "spwd.db";

			if ((db = unit_db1_open(name, &f[k])) == NULL)
				continue;
			ok(db_user(db, "pgsql", pw, sizeof(pw), &uid, &gid) &&
			    uid == 20000 && gid == 20000,
			    "%s: pgsql is 20000:20000", name);
			ok(db_user(db, "redis", pw, sizeof(pw), &uid, &gid) &&
			    uid == 20002 && gid == 20002,
			    "%s: redis is 20002:20002", name);
			ok(db_user(db, "hast", pw, sizeof(pw), &uid, &gid) &&
			    uid == 845, "%s: hast is still 845", name);
			ok(db_has_uid(db, 20000) && !db_has_uid(db, 770) &&
			    !db_has_uid(db, 535), "%s: by uid, the new ids "
			    "only", name);
			/* pwd.db never holds hashes */
			ok(db_user(db, "root", pw, sizeof(pw), &uid, &gid) &&
			    strcmp(pw, k == JT_ACCOUNTS_PWD_DB ? "*" : "") == 0,
			    "%s: root's hash as the source had it (not set "
			    "here)", name);
			db->close(db);
		}
	}
	jt_account_files_free(f);
	jt_acct_moves_free(&m);
	jt_accounts_free(a);
}

static void
test_too_small(void)
{
	struct jt_acct_moves m;
	struct jt_accounts *a = kept();
	struct jt_err err;

	if (a == NULL)
		return;
	/* 20000-20001: pgsql gets 20000, inr has 20001: none for redis */
	ok(jt_accounts_renumber(a, 20000, 2, &m, &err) == JT_EINVAL &&
	    strstr(err.msg, "redis") != NULL && m.n == 0,
	    "a range too small names the account without room: %s", err.msg);
	jt_accounts_free(a);
	ok(jt_accounts_is_base("nobody", false) &&
	    jt_accounts_is_base("nogroup", true) &&
	    !jt_accounts_is_base("pgsql", false),
	    "the base's names");
}

static void
test_rootpw(void)
{
	static const char *const good[] = {
		("$6$saltsalt$qFmFH.bQmmtXzyBY0s9v7Oicd2z4XSIecDzlB5KiA2/jctKu9"
		    "YterLp8wwnSq.qc.eoxqOmSuNp2xS0ktL3nh/\n"),
		"$2b$10$abcdefghijklmnopqrstuuJ3bCqlBvRZ0WiFn0G3kUg3ysW7QJkT2",
		"$1$abcdefgh$ABCDEFGHIJKLMNOPQRSTU.",
		"abJnggxhB/yWI",		/* DES */
		"$y$j9T$abcdefghijklmnop$ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789abc",
	};
	static const char *const bad[] = {
		"", "\n", "secret", "correct horse battery staple",
		"$6$salt$hash\nsecond line\n", "$$$$$$$$", "$toolongid$s$h",
		"$6$salt$has h", "abJnggxhB/yW!",
		"$6$salt$hash$",
	};
	struct jt_account_file f[JT_ACCOUNTS_NFILES] = { 0 };
	struct jt_accounts *a;
	struct jt_err err;
	char *h;
	int fd;

	for (size_t i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
		ok(jt_rootpw_check(good[i], strlen(good[i]), &h, &err) == 0 &&
		    h != NULL && strchr(h, '\n') == NULL,
		    "a crypt(3) hash is taken (%zu)", i);
		free(h);
	}
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		ok(jt_rootpw_check(bad[i], strlen(bad[i]), &h, &err) ==
		    JT_EFORMAT && h == NULL && (bad[i][0] == '\0' ||
		    strstr(err.msg, bad[i]) == NULL),
		    "refused, never repeated (%zu): %s", i, err.msg);
	/* the file: group/others may not read it */
	if (!tap_put(unit_root, "rootpw", good[0], 0644))
		return;
	ok(jt_rootpw_read(tap_path(unit_root, "rootpw"), &h, &err) ==
	    JT_EINVAL && h == NULL && strstr(err.msg, "chmod 600") != NULL,
	    "a file others can read is refused: %s", err.msg);
	fd = chmod(tap_path(unit_root, "rootpw"), 0600);
	ok(fd == 0 && jt_rootpw_read(tap_path(unit_root, "rootpw"), &h,
	    &err) == 0 && h != NULL && strncmp(h, "$6$saltsalt$", 12) == 0,
	    "a 0600 file is read");
	unlink(tap_path(unit_root, "rootpw"));
	/* set: master.passwd and spwd.db get it, pwd.db never does */
	if ((a = kept()) == NULL || h == NULL) {
		free(h);
		jt_accounts_free(a);
		return;
	}
	ok(jt_accounts_set_rootpw(a, h, &err) == 0 &&
	    jt_accounts_render(a, f, &err) == 0, "set and render");
	ok(strncmp(f[JT_ACCOUNTS_MASTER_PASSWD].data, "# $FreeBSD$\nroot:$6$"
	    "saltsalt$", 24) == 0, "master.passwd: root's hash");
	if (unit_dbopen != NULL) {
		struct db1 *db = unit_db1_open("spwd.db", &f[JT_ACCOUNTS_SPWD_DB]);
		char pw[200];
		uint32_t uid, gid;

		ok(db != NULL && db_user(db, "root", pw, sizeof(pw), &uid,
		    &gid) && strcmp(pw, h) == 0, "spwd.db: root's hash");
		if (db != NULL)
			db->close(db);
		db = unit_db1_open("pwd.db", &f[JT_ACCOUNTS_PWD_DB]);
		ok(db != NULL && db_user(db, "root", pw, sizeof(pw), &uid,
		    &gid) && strcmp(pw, "*") == 0, "pwd.db: '*' for root");
		if (db != NULL)
			db->close(db);
	}
	jt_account_files_free(f);
	jt_accounts_free(a);
	free(h);
}

int
main(void)
{
	unit_root_make("renum");
	unit_db1_load();
	test_renumber();
	test_too_small();
	test_rootpw();
	unit_root_remove();
	return (tap_done());
}
