/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * master.passwd(5), passwd(5), group(5), pwd.db and spwd.db of a pruned
 * FreeBSD root.  The rules come from FreeBSD 10's sources (stable/10,
 * release/10.4.0; the same in 10.1 unless noted):
 *
 *  - src:lib/libc/gen/pw_scan.c (__pw_scan with _PWSCAN_MASTER): what a
 *    master.passwd line must look like, and the pw_fields bits;
 *  - src:usr.sbin/pwd_mkdb/pwd_mkdb.c: line numbering, the keys and
 *    records of the databases, their order, the passwd file of -p;
 *  - src:include/pwd.h: key characters, versions, PWF_* bits;
 *  - src:usr.sbin/chkgrp/chkgrp.c and src:lib/libc/gen/getgrent.c: group.
 *
 * The databases are checked against 10.1's own /etc/pwd.db and spwd.db:
 * from 10.1's master.passwd this code writes them byte for byte.
 */
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jailtrim/accounts.h"
#include "accounts_int.h"

static int
bad_line(struct jt_err *err, const char *path, unsigned lineno,
    const char *fmt, ...) __attribute__((format(printf, 4, 5)));

static int
bad_line(struct jt_err *err, const char *path, unsigned lineno,
    const char *fmt, ...)
{
	char msg[JT_ERR_MSG_MAX];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	return (jt_err_set(err, JT_EFORMAT, 0, path, "line %u: %s", lineno,
	    msg));
}

/* Iterate over the lines of a buffer; the last may lack its "\n". */
struct lines {
	const char	*buf;
	size_t		 len, pos;
	unsigned	 no;
};

static bool
next_line(struct lines *l, const char **s, size_t *n)
{
	const char *p, *nl;

	if (l->pos >= l->len)
		return (false);
	p = l->buf + l->pos;
	nl = memchr(p, '\n', l->len - l->pos);
	*n = nl != NULL ? (size_t)(nl - p) : l->len - l->pos;
	l->pos += *n + (nl != NULL);
	l->no++;
	*s = p;
	return (true);
}

/* pwd_mkdb's scan(): a comment is "^[ \t]*#", and blank lines count too. */
static bool
is_comment(const char *s)
{
	s += strspn(s, " \t");
	return (*s == '#' || *s == '\0');
}

static size_t
count_char(const char *s, char c)
{
	size_t n = 0;

	for (; *s != '\0'; s++)
		n += *s == c;
	return (n);
}

/* Split s in place at every sep into at most max fields. */
static size_t
split(char *s, char sep, char **f, size_t max)
{
	size_t n = 0;

	while (n < max) {
		f[n++] = s;
		if ((s = strchr(s, sep)) == NULL)
			break;
		*s++ = '\0';
	}
	return (n);
}

/*
 * An id as __pw_scan() reads one: strtoul(), the whole field, at most
 * UID_MAX.  (strtoul also takes leading blanks and a sign, and so do we.)
 */
static bool
parse_id(const char *s, uint32_t *out)
{
	unsigned long long v;
	char *ep;

	errno = 0;
	v = strtoull(s, &ep, 10);
	if ((v == ULLONG_MAX && errno == ERANGE) || v > UID_MAX || *ep != '\0')
		return (false);
	*out = (uint32_t)v;
	return (true);
}

/* Room for one more element in *v (n used of *cap); v kept on failure. */
static bool
grow(void **v, size_t *cap, size_t n, size_t size)
{
	size_t c = *cap ? *cap * 2 : 32;
	void *p;

	if (n < *cap)
		return (true);
	if ((p = realloc(*v, c * size)) == NULL)
		return (false);
	*v = p;
	*cap = c;
	return (true);
}

/* The fields of a user line, checked as __pw_scan(_PWSCAN_MASTER) does. */
static int
scan_user(struct pwline *p, char *copy, struct jt_err *err)
{
	size_t nf;
	bool root;

	if ((nf = count_char(copy, ':') + 1) != NPWFIELDS)
		return (bad_line(err, MASTER_PATH, p->lineno, "%s fields (%zu), "
		    "master.passwd(5) has 10", nf < NPWFIELDS ? "too few" :
		    "too many", nf));
	split(copy, ':', p->f, NPWFIELDS);
	p->nis = p->f[F_NAME][0] == '+' || p->f[F_NAME][0] == '-';
	/* pw_scan takes an empty name; nothing can look it up, and its
	 * key would be the bare key character: refuse it. */
	if (p->f[F_NAME][0] == '\0')
		return (bad_line(err, MASTER_PATH, p->lineno, "empty user "
		    "name"));
	if (strlen(p->f[F_NAME]) >= MAXLOGNAME)
		return (bad_line(err, MASTER_PATH, p->lineno, "user name '%s' "
		    "is longer than %d bytes", p->f[F_NAME], MAXLOGNAME - 1));
	root = strcmp(p->f[F_NAME], "root") == 0;
	if (p->f[F_NAME][0] != '+' || p->f[F_NAME][1] == '\0')
		p->fields |= PWF_NAME;
	if (p->f[F_PASSWD][0] != '\0')
		p->fields |= PWF_PASSWD;
	/* Only the NIS entries may leave the ids empty. */
	if (p->f[F_UID][0] != '\0')
		p->fields |= PWF_UID;
	else if (!p->nis)
		return (bad_line(err, MASTER_PATH, p->lineno, "no uid for "
		    "user '%s'", p->f[F_NAME]));
	if (!parse_id(p->f[F_UID], &p->uid))
		return (bad_line(err, MASTER_PATH, p->lineno, "uid '%s' of "
		    "user '%s' is not a number up to %u", p->f[F_UID],
		    p->f[F_NAME], UID_MAX));
	if (root && p->uid != 0)
		return (bad_line(err, MASTER_PATH, p->lineno, "root's uid "
		    "must be 0"));
	if (p->f[F_GID][0] != '\0')
		p->fields |= PWF_GID;
	else if (!p->nis)
		return (bad_line(err, MASTER_PATH, p->lineno, "no gid for "
		    "user '%s'", p->f[F_NAME]));
	if (!parse_id(p->f[F_GID], &p->gid))
		return (bad_line(err, MASTER_PATH, p->lineno, "gid '%s' of "
		    "user '%s' is not a number up to %u", p->f[F_GID],
		    p->f[F_NAME], UID_MAX));
	if (p->f[F_CLASS][0] != '\0')
		p->fields |= PWF_CLASS;
	/* change and expire go through atol() unchecked; pwd_mkdb stores
	 * them as 32 bits. */
	if (p->f[F_CHANGE][0] != '\0')
		p->fields |= PWF_CHANGE;
	p->change = (uint32_t)strtol(p->f[F_CHANGE], NULL, 10);
	if (p->f[F_EXPIRE][0] != '\0')
		p->fields |= PWF_EXPIRE;
	p->expire = (uint32_t)strtol(p->f[F_EXPIRE], NULL, 10);
	if (p->f[F_GECOS][0] != '\0')
		p->fields |= PWF_GECOS;
	if (p->f[F_DIR][0] != '\0')
		p->fields |= PWF_DIR;
	if (p->f[F_SHELL][0] != '\0')
		p->fields |= PWF_SHELL;
	return (0);
}

static int
parse_master(struct jt_accounts *a, const char *buf, size_t len,
    struct jt_err *err)
{
	struct lines l = { buf, len, 0, 0 };
	size_t cap = 0, n;
	struct pwline *p;
	const char *s;
	char *copy;
	void *v;
	int rc;

	while (next_line(&l, &s, &n)) {
		if (memchr(s, '\0', n) != NULL)
			return (bad_line(err, MASTER_PATH, l.no, "NUL byte"));
		if (n >= PWD_LINE_MAX - 1)
			return (bad_line(err, MASTER_PATH, l.no, "longer than "
			    "%d bytes, pwd_mkdb's limit", PWD_LINE_MAX - 2));
		v = a->pw;
		if (!grow(&v, &cap, a->npw, sizeof(*a->pw)))
			return (jt_err_set(err, JT_ENOMEM, errno, NULL,
			    "realloc"));
		a->pw = v;
		p = &a->pw[a->npw++];
		memset(p, 0, sizeof(*p));
		p->lineno = l.no;
		p->keep = true;
		if ((p->text = arena_strndup(&a->arena, s, n)) == NULL ||
		    (copy = arena_strndup(&a->arena, s, n)) == NULL)
			return (jt_err_set(err, JT_ENOMEM, errno, NULL,
			    "malloc"));
		if ((p->comment = is_comment(copy)))
			continue;
		if ((rc = scan_user(p, copy, err)) != 0)
			return (rc);
	}
	return (0);
}

/* Members: the comma-separated list, empty names skipped. */
static int
scan_members(struct grline *g, const char *list)
{
	const char *s = list, *e;

	while (*s != '\0') {
		e = s + strcspn(s, ",");
		if (e > s && strv_pushn(&g->mem, s, (size_t)(e - s)) != 0)
			return (JT_ENOMEM);
		s = *e == ',' ? e + 1 : e;
	}
	return (0);
}

/*
 * A group line: four fields, the third numeric (chkgrp(8)); the members
 * are a comma-separated list in which libc skips empty names
 * (getgrent.c).  "+"/"-" lines are NIS compat entries, taken as they are.
 */
static int
scan_group(struct grline *g, char *copy, struct jt_err *err)
{
	char *f[4] = { 0 };	/* split() fills all 4; GCC -O2 cannot tell */
	size_t nf;

	if ((g->nis = copy[0] == '+' || copy[0] == '-'))
		return (0);
	if ((nf = count_char(copy, ':') + 1) != 4)
		return (bad_line(err, GROUP_PATH, g->lineno, "%s fields (%zu), "
		    "group(5) has 4", nf < 4 ? "too few" : "too many", nf));
	split(copy, ':', f, 4);
	g->name = f[0];
	g->passwd = f[1];
	g->gidstr = f[2];
	if (g->name[0] == '\0')
		return (bad_line(err, GROUP_PATH, g->lineno, "empty group "
		    "name"));
	if (g->gidstr[0] == '\0' ||
	    strspn(g->gidstr, "0123456789") != strlen(g->gidstr) ||
	    !parse_id(g->gidstr, &g->gid))
		return (bad_line(err, GROUP_PATH, g->lineno, "gid '%s' of group "
		    "'%s' is not a number up to %u", g->gidstr, g->name,
		    UID_MAX));
	if (scan_members(g, f[3]) != 0)
		return (jt_err_set(err, JT_ENOMEM, errno, NULL, "malloc"));
	return (0);
}

static int
parse_group(struct jt_accounts *a, const char *buf, size_t len,
    struct jt_err *err)
{
	struct lines l = { buf, len, 0, 0 };
	size_t cap = 0, n;
	struct grline *g;
	const char *s;
	char *copy;
	void *v;
	int rc;

	while (next_line(&l, &s, &n)) {
		if (memchr(s, '\0', n) != NULL)
			return (bad_line(err, GROUP_PATH, l.no, "NUL byte"));
		v = a->gr;
		if (!grow(&v, &cap, a->ngr, sizeof(*a->gr)))
			return (jt_err_set(err, JT_ENOMEM, errno, NULL,
			    "realloc"));
		a->gr = v;
		g = &a->gr[a->ngr++];
		memset(g, 0, sizeof(*g));
		g->lineno = l.no;
		g->keep = true;
		if ((g->text = arena_strndup(&a->arena, s, n)) == NULL ||
		    (copy = arena_strndup(&a->arena, s, n)) == NULL)
			return (jt_err_set(err, JT_ENOMEM, errno, NULL,
			    "malloc"));
		if ((g->comment = is_comment(copy)))
			continue;
		if ((rc = scan_group(g, copy, err)) != 0)
			return (rc);
	}
	return (0);
}

int
jt_accounts_parse(struct jt_accounts **out, const char *master_passwd,
    size_t mlen, const char *group, size_t glen, struct jt_err *err)
{
	struct jt_accounts *a;
	int rc;

	*out = NULL;
	if ((master_passwd == NULL && mlen > 0) || (group == NULL && glen > 0))
		return (jt_err_set(err, JT_EINVAL, 0, NULL, "no buffer"));
	if ((a = calloc(1, sizeof(*a))) == NULL)
		return (jt_err_set(err, JT_ENOMEM, errno, NULL, "calloc"));
	if ((rc = parse_master(a, master_passwd, mlen, err)) != 0 ||
	    (rc = parse_group(a, group, glen, err)) != 0)
		goto fail;
	*out = a;
	return (0);
fail:
	jt_accounts_free(a);
	return (rc);
}

void
jt_accounts_free(struct jt_accounts *a)
{
	if (a == NULL)
		return;
	for (size_t i = 0; i < a->ngr; i++)
		strv_free(&a->gr[i].mem);
	free(a->gr);
	free(a->pw);
	arena_free(&a->arena);
	free(a);
}

/* Mark every line of user name (duplicates too); false when none. */
static bool
mark_user(const struct jt_accounts *a, const char *name, bool *uk)
{
	bool found = false;

	for (size_t i = 0; i < a->npw; i++)
		if (is_user(&a->pw[i]) && strcmp(a->pw[i].f[F_NAME], name) == 0)
			found = uk[i] = true;
	return (found);
}

static bool
mark_group(const struct jt_accounts *a, const char *name, bool *gk)
{
	bool found = false;

	for (size_t i = 0; i < a->ngr; i++)
		if (is_group(&a->gr[i]) && strcmp(a->gr[i].name, name) == 0)
			found = gk[i] = true;
	return (found);
}

/* Append "kind 'name'" to the list of unknown names in msg. */
static void
missing(char *msg, size_t len, const char *kind, const char *name)
{
	size_t n = strlen(msg);

	if (n + 1 < len)
		snprintf(msg + n, len - n, "%s%s '%s'", n > 0 ? ", " : "",
		    kind, name);
}

int
jt_accounts_keep(struct jt_accounts *a, const char *const *users,
    size_t nusers, const char *const *groups, size_t ngroups,
    struct jt_err *err)
{
	char msg[JT_ERR_MSG_MAX - 64] = "";
	bool *uk, *gk;
	size_t i, j;
	int rc = 0;

	for (i = 0; i < nusers; i++)
		if (users[i] == NULL)
			return (jt_err_set(err, JT_EINVAL, 0, NULL, "NULL user"));
	for (i = 0; i < ngroups; i++)
		if (groups[i] == NULL)
			return (jt_err_set(err, JT_EINVAL, 0, NULL,
			    "NULL group"));
	uk = calloc(a->npw + 1, sizeof(*uk));
	gk = calloc(a->ngr + 1, sizeof(*gk));
	if (uk == NULL || gk == NULL) {
		rc = jt_err_set(err, JT_ENOMEM, errno, NULL, "calloc");
		goto out;
	}
	/* A FreeBSD root always has root; a jail without it is broken. */
	if (!mark_user(a, "root", uk))
		missing(msg, sizeof(msg), "user", "root");
	for (i = 0; i < nusers; i++)
		if (!mark_user(a, users[i], uk))
			missing(msg, sizeof(msg), "user", users[i]);
	for (i = 0; i < ngroups; i++)
		if (!mark_group(a, groups[i], gk))
			missing(msg, sizeof(msg), "group", groups[i]);
	/* wheel gates su(1) and owns the base; not an error if absent. */
	(void)mark_group(a, "wheel", gk);
	/* Every group that is a kept user's primary group. */
	for (i = 0; i < a->npw; i++)
		for (j = 0; uk[i] && j < a->ngr; j++)
			if (is_group(&a->gr[j]) && a->gr[j].gid == a->pw[i].gid)
				gk[j] = true;
	if (msg[0] != '\0') {
		rc = jt_err_set(err, JT_ENOENT, 0, NULL, "unknown %s", msg);
		goto out;
	}
	/* Comments stay, NIS entries go, the rest as marked. */
	for (i = 0; i < a->npw; i++)
		a->pw[i].keep = a->pw[i].comment || uk[i];
	for (i = 0; i < a->ngr; i++)
		a->gr[i].keep = a->gr[i].comment || gk[i];
	a->selected = true;
out:
	free(uk);
	free(gk);
	return (rc);
}

