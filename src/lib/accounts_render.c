/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Rendering the kept accounts: master.passwd as it was read, the passwd
 * and the two databases as `pwd_mkdb -p -L` writes them from it
 * (src:usr.sbin/pwd_mkdb/pwd_mkdb.c, stable/10), and group.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jailtrim/accounts.h"
#include "accounts_int.h"
#include "db185.h"

/* A growable byte buffer whose first failure sticks. */
struct obuf {
	unsigned char	*p;
	size_t		 n, cap;
	bool		 oom;
};

static void
ob_add(struct obuf *b, const void *s, size_t n)
{
	if (b->oom || n == 0)
		return;
	if (b->n + n > b->cap) {
		size_t cap = b->cap ? b->cap : 256;
		unsigned char *p;

		while (cap < b->n + n)
			cap *= 2;
		if ((p = realloc(b->p, cap)) == NULL) {
			b->oom = true;
			return;
		}
		b->p = p;
		b->cap = cap;
	}
	memcpy(b->p + b->n, s, n);
	b->n += n;
}

static void
ob_str(struct obuf *b, const char *s)
{
	ob_add(b, s, strlen(s));
}

/* pwd_mkdb's COMPACT(): the string and its NUL. */
static void
ob_cstr(struct obuf *b, const char *s)
{
	ob_add(b, s, strlen(s) + 1);
}

/* SCALAR() (big-endian, v4) and LSCALAR() (database order, v3). */
static void
ob_u32(struct obuf *b, uint32_t v, bool big)
{
	unsigned char c[4];

	for (int i = 0; i < 4; i++)
		c[i] = (unsigned char)(big ? v >> (24 - 8 * i) : v >> (8 * i));
	ob_add(b, c, 4);
}

static bool
kept_user(const struct jt_accounts *a, const char *name)
{
	for (size_t i = 0; i < a->npw; i++)
		if (a->pw[i].keep && is_user(&a->pw[i]) &&
		    strcmp(a->pw[i].f[F_NAME], name) == 0)
			return (true);
	return (false);
}

static void
render_master(const struct jt_accounts *a, struct obuf *b)
{
	for (size_t i = 0; i < a->npw; i++)
		if (a->pw[i].keep) {
			ob_str(b, a->pw[i].text);
			ob_add(b, "\n", 1);
		}
}

/*
 * pwd_mkdb -p: comments as they are, users as the V7 passwd line
 * "name:*:uid:gid:gecos:dir:shell", an id left empty when it was.
 */
static void
render_passwd(const struct jt_accounts *a, struct obuf *b)
{
	char uid[16], gid[16];

	for (size_t i = 0; i < a->npw; i++) {
		const struct pwline *p = &a->pw[i];

		if (!p->keep)
			continue;
		if (p->comment) {
			ob_str(b, p->text);
			ob_add(b, "\n", 1);
			continue;
		}
		snprintf(uid, sizeof(uid), "%u", p->uid);
		snprintf(gid, sizeof(gid), "%u", p->gid);
		ob_str(b, p->f[F_NAME]);
		ob_str(b, ":*:");
		ob_str(b, p->fields & PWF_UID ? uid : "");
		ob_str(b, ":");
		ob_str(b, p->fields & PWF_GID ? gid : "");
		ob_str(b, ":");
		ob_str(b, p->f[F_GECOS]);
		ob_str(b, ":");
		ob_str(b, p->f[F_DIR]);
		ob_str(b, ":");
		ob_str(b, p->f[F_SHELL]);
		ob_add(b, "\n", 1);
	}
}

/*
 * A group keeps its line as it was unless a member goes: members that are
 * not users of the jail name nobody there, and only leak names.
 */
static void
render_group(const struct jt_accounts *a, struct obuf *b)
{
	for (size_t i = 0; i < a->ngr; i++) {
		const struct grline *g = &a->gr[i];
		bool all = true, first = true;
		size_t j;

		if (!g->keep)
			continue;
		for (j = 0; a->selected && is_group(g) && j < g->mem.n; j++)
			all = all && kept_user(a, g->mem.v[j]);
		if (all) {
			ob_str(b, g->text);
			ob_add(b, "\n", 1);
			continue;
		}
		ob_str(b, g->name);
		ob_str(b, ":");
		ob_str(b, g->passwd);
		ob_str(b, ":");
		ob_str(b, g->gidstr);
		ob_str(b, ":");
		for (j = 0; j < g->mem.n; j++) {
			if (!kept_user(a, g->mem.v[j]))
				continue;
			if (!first)
				ob_str(b, ",");
			ob_str(b, g->mem.v[j]);
			first = false;
		}
		ob_add(b, "\n", 1);
	}
}

/* What one database is being built with. */
struct dbctx {
	struct db185	*db;
	int		 lorder;	/* of the bucket pages and v3 numbers */
	bool		 secure;	/* spwd.db: the real password field */
	struct obuf	 rec;
};

/*
 * pwd_mkdb's record: name, password ("*" in pwd.db), uid, gid, change,
 * class, gecos, dir, shell, expire, fields; strings with their NUL,
 * numbers 32-bit, big-endian in v4 (SCALAR) and in the database's byte
 * order in v3 (LSCALAR).
 */
static void
record(struct dbctx *c, const struct pwline *p, bool big)
{
	struct obuf *b = &c->rec;

	b->n = 0;
	ob_cstr(b, p->f[F_NAME]);
	ob_cstr(b, c->secure ? p->f[F_PASSWD] : "*");
	ob_u32(b, p->uid, big);
	ob_u32(b, p->gid, big);
	ob_u32(b, p->change, big);
	ob_cstr(b, p->f[F_CLASS]);
	ob_cstr(b, p->f[F_GECOS]);
	ob_cstr(b, p->f[F_DIR]);
	ob_cstr(b, p->f[F_SHELL]);
	ob_u32(b, p->expire, big);
	ob_u32(b, p->fields, big);
}

/* A key: the versioned key character, then a name or a 32-bit number. */
static int
put_key(struct dbctx *c, int kc, int version, const char *name, uint32_t num,
    bool big, struct jt_err *err)
{
	unsigned char k[MAXLOGNAME + 1];
	size_t klen;
	int rc;

	k[0] = PW_VERSIONED(kc, version);
	if (name != NULL) {
		klen = strlen(name);	/* < MAXLOGNAME, checked by the parser */
		memcpy(k + 1, name, klen);
	} else {
		for (int i = 0; i < 4; i++)
			k[1 + i] = (unsigned char)(big ? num >> (24 - 8 * i) :
			    num >> (8 * i));
		klen = 4;
	}
	rc = db185_put(c->db, k, klen + 1, c->rec.p, c->rec.n, err);
	return (rc < 0 ? rc : 0);	/* 1: a duplicate, dropped */
}

/*
 * The keys of one user, in pwd_mkdb's order (R_NOOVERWRITE: the first
 * line with a name or uid wins): by name, by line number, by uid, and for
 * NIS entries by their own count; v4 with big-endian numbers, then the
 * v3 copies that pre-5.x binaries read, numbers in database order.
 */
static int
put_user(struct dbctx *c, const struct pwline *p, uint32_t cnt,
    uint32_t ypcnt, struct jt_err *err)
{
	int rc = 0;

	for (int v = PWD_CURRENT_VERSION; v >= 3 && rc == 0; v--) {
		bool big = v == 4 || c->lorder == DB185_BIG_ENDIAN;

		record(c, p, big);
		if (c->rec.oom)
			return (jt_err_set(err, JT_ENOMEM, errno, NULL,
			    "realloc"));
		if ((rc = put_key(c, PW_KEYBYNAME, v, p->f[F_NAME], 0, big,
		    err)) != 0 ||
		    (rc = put_key(c, PW_KEYBYNUM, v, NULL, cnt, big, err)) != 0 ||
		    (rc = put_key(c, PW_KEYBYUID, v, NULL, p->uid, big, err)) != 0)
			break;
		if (p->nis)
			rc = put_key(c, PW_KEYYPBYNUM, v, NULL, ypcnt, big, err);
	}
	return (rc);
}

/*
 * pwd.db or spwd.db: the version key first, then every kept user, line
 * numbers counted over the non-comment lines from 1 -- getpwent() walks
 * them until one is missing -- and last the "YP enabled" key (data 3)
 * when there are NIS entries.
 */
static int
render_db(const struct jt_accounts *a, bool secure, int lorder,
    struct jt_account_file *f, struct jt_err *err)
{
	static const char verskey[] = PWD_VERSION_KEY;
	const unsigned char version = PWD_CURRENT_VERSION, yp = 3;
	struct dbctx c = { .lorder = lorder, .secure = secure };
	uint32_t cnt = 0, ypcnt = 0;
	int rc;

	if ((rc = db185_new(&c.db, lorder, err)) != 0)
		goto out;
	if ((rc = db185_put(c.db, verskey, sizeof(verskey) - 1, &version, 1,
	    err)) < 0)
		goto out;
	for (size_t i = 0; i < a->npw; i++) {
		const struct pwline *p = &a->pw[i];

		if (!p->keep || p->comment)
			continue;
		cnt++;
		ypcnt += p->nis;
		if ((rc = put_user(&c, p, cnt, ypcnt, err)) != 0)
			goto out;
	}
	for (int v = PWD_CURRENT_VERSION; ypcnt > 0 && v >= 3; v--) {
		unsigned char k = PW_VERSIONED(PW_KEYYPENABLED, v);

		if ((rc = db185_put(c.db, &k, 1, &yp, 1, err)) < 0)
			goto out;
	}
	rc = db185_image(c.db, &f->data, &f->len, err);
out:
	db185_free(c.db);
	free(c.rec.p);
	return (rc < 0 ? rc : 0);
}

int
jt_accounts_render(const struct jt_accounts *a,
    struct jt_account_file out[JT_ACCOUNTS_NFILES], struct jt_err *err)
{
	static const struct { const char *path; mode_t mode; } files[] = {
		[JT_ACCOUNTS_MASTER_PASSWD] = { MASTER_PATH, 0600 },
		[JT_ACCOUNTS_PASSWD] = { PASSWD_PATH, 0644 },
		[JT_ACCOUNTS_GROUP] = { GROUP_PATH, 0644 },
		[JT_ACCOUNTS_PWD_DB] = { PWD_DB_PATH, 0644 },
		[JT_ACCOUNTS_SPWD_DB] = { SPWD_DB_PATH, 0600 },
	};
	struct obuf text[3] = { { 0 } };
	int i, rc;

	memset(out, 0, JT_ACCOUNTS_NFILES * sizeof(*out));
	for (i = 0; i < JT_ACCOUNTS_NFILES; i++) {
		out[i].path = files[i].path;
		out[i].mode = files[i].mode;
	}
	render_master(a, &text[JT_ACCOUNTS_MASTER_PASSWD]);
	render_passwd(a, &text[JT_ACCOUNTS_PASSWD]);
	render_group(a, &text[JT_ACCOUNTS_GROUP]);
	for (i = 0; i < 3; i++) {
		/* A NUL past the end: text files can be used as strings. */
		ob_add(&text[i], "", 1);
		text[i].n -= !text[i].oom;
		out[i].data = text[i].p;	/* out owns it from here */
		out[i].len = text[i].n;
		if (text[i].oom) {
			rc = jt_err_set(err, JT_ENOMEM, ENOMEM, out[i].path,
			    "realloc");
			goto fail;
		}
	}
	/* src:etc/Makefile runs `pwd_mkdb ${PWD_MKDB_ENDIAN} -i -p`, -L
	 * when TARGET_ENDIANNESS is 1234: amd64 and i386. */
	if ((rc = render_db(a, false, DB185_LITTLE_ENDIAN,
	    &out[JT_ACCOUNTS_PWD_DB], err)) != 0 ||
	    (rc = render_db(a, true, DB185_LITTLE_ENDIAN,
	    &out[JT_ACCOUNTS_SPWD_DB], err)) != 0)
		goto fail;
	return (0);
fail:
	jt_account_files_free(out);
	return (rc);
}

void
jt_account_files_free(struct jt_account_file out[JT_ACCOUNTS_NFILES])
{
	if (out == NULL)
		return;
	for (int i = 0; i < JT_ACCOUNTS_NFILES; i++) {
		free(out[i].data);
		memset(&out[i], 0, sizeof(out[i]));
	}
}
