/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Account lookups (accounts.h, second part): passwd, master.passwd, group
 * and shadow read leniently, line by line, as libc's lookup functions do
 * (glibc's files backend skips a line it cannot parse; FreeBSD's
 * pwd_mkdb would refuse it, but jailtrim reads roots it did not make).
 */
#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "jailtrim/accounts.h"
#include "util.h"

struct jt_acct_table {
	struct jt_arena	 arena;
	struct jt_acct	*v;
	size_t		 n, cap;
};

static const char *const paths[] = {
	[JT_ACCT_PASSWD] = "/etc/passwd",
	[JT_ACCT_MASTER] = "/etc/master.passwd",
	[JT_ACCT_GROUP] = "/etc/group",
	[JT_ACCT_SHADOW] = "/etc/shadow",
};

const char *
jt_acct_path(enum jt_acct_fmt fmt)
{
	return (paths[fmt]);
}

/* A uid/gid: decimal digits only, below UINT32_MAX (uid_t's -1). */
static bool
number(const char *s, unsigned long *out)
{
	unsigned long long v = 0;

	if (*s == '\0')
		return (false);
	for (; *s != '\0'; s++) {
		if (!isdigit((unsigned char)*s))
			return (false);
		v = v * 10 + (unsigned)(*s - '0');
		if (v >= UINT32_MAX)
			return (false);
	}
	*out = (unsigned long)v;
	return (true);
}

/* Split a group's member list "a,b,c" (empty names dropped). */
static int
members(struct jt_acct_table *t, struct jt_acct *a, char *list)
{
	size_t n = 0, i = 0;
	const char **v;
	char *m, *save = NULL;

	for (const char *c = list; *c != '\0'; c++)
		n += *c == ',';
	if ((v = arena_alloc(&t->arena, (n + 1) * sizeof(*v))) == NULL)
		return (JT_ENOMEM);
	for (m = strtok_r(list, ",", &save); m != NULL;
	    m = strtok_r(NULL, ",", &save))
		v[i++] = m;
	a->members = v;
	a->nmembers = i;
	return (0);
}

static int
add_line(struct jt_acct_table *t, enum jt_acct_fmt fmt, const char *line,
    size_t len, unsigned lineno)
{
	/* the field numbers of uid, gid, class, gecos, dir, shell */
	static const int user_f[2][6] = { { 2, 3, -1, 4, 5, 6 },
	    { 2, 3, 4, 7, 8, 9 } };
	const char *f[10] = { 0 };
	struct jt_acct *a;
	char *copy, *p;
	size_t nf = 0;

	if (len == 0 || line[0] == '#' || line[0] == '+' || line[0] == '-' ||
	    line[0] == ':' || memchr(line, ':', len) == NULL)
		return (0);
	if ((copy = arena_strndup(&t->arena, line, len)) == NULL)
		return (JT_ENOMEM);
	/* strsep keeps empty fields; the last one takes the rest */
	for (p = copy; p != NULL && nf < 10;)
		f[nf++] = strsep(&p, ":");
	if (t->n == t->cap) {
		size_t cap = t->cap ? t->cap * 2 : 64;
		struct jt_acct *nv = realloc(t->v, cap * sizeof(*nv));

		if (nv == NULL)
			return (JT_ENOMEM);
		t->v = nv;
		t->cap = cap;
	}
	a = &t->v[t->n];
	memset(a, 0, sizeof(*a));
	if ((a->text = arena_strndup(&t->arena, line, len)) == NULL)
		return (JT_ENOMEM);
	a->lineno = lineno;
	a->name = f[0];
	a->passwd = f[1] != NULL ? f[1] : "";
	a->class = a->gecos = a->dir = a->shell = "";
	if (fmt == JT_ACCT_GROUP) {
		a->has_id = f[2] != NULL && number(f[2], &a->id);
		if (f[3] != NULL && members(t, a, (char *)(uintptr_t)f[3]) != 0)
			return (JT_ENOMEM);
	} else if (fmt != JT_ACCT_SHADOW) {
		const int *u = user_f[fmt == JT_ACCT_MASTER];
		const char **s[4] = { &a->class, &a->gecos, &a->dir, &a->shell };

		a->has_id = f[u[0]] != NULL && number(f[u[0]], &a->id);
		a->has_gid = f[u[1]] != NULL && number(f[u[1]], &a->gid);
		for (int i = 0; i < 4; i++)
			if (u[i + 2] >= 0 && f[u[i + 2]] != NULL)
				*s[i] = f[u[i + 2]];
	}
	t->n++;
	return (0);
}

int
jt_acct_parse(struct jt_acct_table **out, enum jt_acct_fmt fmt,
    const char *text, size_t len, struct jt_err *err)
{
	struct jt_acct_table *t;
	const char *p = text, *end = text + len;
	unsigned lineno = 0;
	int rc = 0;

	*out = NULL;
	if ((t = calloc(1, sizeof(*t))) == NULL)
		return (jt_err_set(err, JT_ENOMEM, errno, paths[fmt], "accounts"));
	while (p < end && rc == 0) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t n = nl != NULL ? (size_t)(nl - p) : (size_t)(end - p);

		/* a NUL ends what libc's fgets-based readers see of a line */
		n = strnlen(p, n);
		rc = add_line(t, fmt, p, n, ++lineno);
		p = nl != NULL ? nl + 1 : end;
	}
	if (rc != 0) {
		jt_acct_free(t);
		return (jt_err_set(err, rc, 0, paths[fmt], "out of memory"));
	}
	*out = t;
	return (0);
}

int
jt_acct_read(struct jt_acct_table **out, struct jt_source *src,
    enum jt_acct_fmt fmt, struct jt_err *err)
{
	void *buf;
	size_t len;
	int rc;

	*out = NULL;
	if ((rc = jt_source_read_file(src, paths[fmt], &buf, &len, err)) != 0)
		return (rc);
	return (jt_acct_parse(out, fmt, buf, len, err));
}

void
jt_acct_free(struct jt_acct_table *t)
{
	if (t == NULL)
		return;
	free(t->v);
	arena_free(&t->arena);
	free(t);
}

size_t
jt_acct_count(const struct jt_acct_table *t)
{
	return (t != NULL ? t->n : 0);
}

const struct jt_acct *
jt_acct_at(const struct jt_acct_table *t, size_t i)
{
	return (t != NULL && i < t->n ? &t->v[i] : NULL);
}

const struct jt_acct *
jt_acct_by_name(const struct jt_acct_table *t, const char *name)
{
	for (size_t i = 0; t != NULL && i < t->n; i++)
		if (strcmp(t->v[i].name, name) == 0)
			return (&t->v[i]);
	return (NULL);
}

const struct jt_acct *
jt_acct_by_id(const struct jt_acct_table *t, unsigned long id)
{
	for (size_t i = 0; t != NULL && i < t->n; i++)
		if (t->v[i].has_id && t->v[i].id == id)
			return (&t->v[i]);
	return (NULL);
}

bool
jt_acct_has_member(const struct jt_acct *g, const char *user)
{
	for (size_t i = 0; i < g->nmembers; i++)
		if (strcmp(g->members[i], user) == 0)
			return (true);
	return (false);
}
