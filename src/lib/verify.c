/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The verify stage: a finished jail checked with only what is inside it.
 * This file holds the findings and the object checks; profiles are
 * checked in verify_profile.c, jail.conf stanzas in verify_jailconf.c.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jailtrim/accounts.h"
#include "jailtrim/jailconf.h"
#include "verify_int.h"

int
jt_verify_new(struct jt_verify **out, struct jt_source *src,
    struct jt_err *err)
{
	struct jt_verify *v;
	int rc;

	*out = NULL;
	if ((v = calloc(1, sizeof(*v))) == NULL)
		return (jt_err_set(err, JT_ENOMEM, errno, NULL, "verify"));
	v->src = src;
	if ((rc = jt_resolver_new(&v->r, src, NULL, err)) != 0) {
		jt_verify_free(v);
		return (rc);
	}
	*out = v;
	return (0);
}

void
jt_verify_free(struct jt_verify *v)
{
	if (v == NULL)
		return;
	for (size_t i = 0; i < v->nf; i++) {
		free((char *)(uintptr_t)v->f[i].where);
		free((char *)(uintptr_t)v->f[i].path);
		free((char *)(uintptr_t)v->f[i].detail);
	}
	free(v->f);
	strv_free(&v->lines);
	strv_free(&v->prestart);
	strv_free(&v->commands);
	strv_free(&v->execs);
	strv_free(&v->params);
	strv_free(&v->probes);
	jt_build_free(v->rcb);
	jt_resolver_free(v->r);
	free(v);
}

enum jt_platform
jt_verify_platform(const struct jt_verify *v)
{
	return (jt_resolver_platform(v->r));
}

void
jt_verify_set_rc(struct jt_verify *v, bool rc)
{
	v->rc = rc;
}

const char *
jt_verify_finding_str(const struct jt_verify_finding *f, char *buf,
    size_t len)
{
	if (f->where != NULL)
		(void)snprintf(buf, len, "%s: %s", f->where, f->detail);
	else
		(void)snprintf(buf, len, "%s", f->detail);
	return (buf);
}

static char *
dup_or_null(const char *s, bool *fail)
{
	char *d;

	if (s == NULL)
		return (NULL);
	if ((d = strdup(s)) == NULL)
		*fail = true;
	return (d);
}

int
verify_add(struct jt_verify *v, enum jt_verify_kind kind, const char *where,
    const char *path, const char *detail, struct jt_err *err)
{
	struct jt_verify_finding f = { kind, NULL, NULL, NULL }, *nf;
	char *line;
	bool fail = false;
	int rc;

	/* the whole line, however long, is what must not repeat */
	if (asprintf(&line, "%s%s%s", where != NULL ? where : "",
	    where != NULL ? ": " : "", detail) < 0)
		goto nomem;
	if (strv_has(&v->lines, line)) {
		free(line);
		return (0);
	}
	rc = strv_push(&v->lines, line);
	free(line);
	if (rc != 0)
		goto nomem;
	if (v->nf == v->capf) {
		size_t cap = v->capf ? v->capf * 2 : 16;

		if ((nf = realloc(v->f, cap * sizeof(*nf))) == NULL)
			goto nomem;
		v->f = nf;
		v->capf = cap;
	}
	f.where = dup_or_null(where, &fail);
	f.path = dup_or_null(path, &fail);
	f.detail = dup_or_null(detail, &fail);
	if (fail) {
		free((char *)(uintptr_t)f.where);
		free((char *)(uintptr_t)f.path);
		free((char *)(uintptr_t)f.detail);
		goto nomem;
	}
	v->f[v->nf++] = f;
	return (0);
nomem:
	return (jt_err_set(err, JT_ENOMEM, errno, path, "verify"));
}

int
verify_addf(struct jt_verify *v, enum jt_verify_kind kind, const char *where,
    const char *path, struct jt_err *err, const char *fmt, ...)
{
	char detail[2048];
	va_list ap;

	va_start(ap, fmt);
	(void)vsnprintf(detail, sizeof(detail), fmt, ap);
	va_end(ap);
	return (verify_add(v, kind, where, path, detail, err));
}

const struct jt_verify_finding *
jt_verify_findings(const struct jt_verify *v, size_t *n)
{
	*n = v->nf;
	return (v->f);
}

size_t
jt_verify_nobjects(const struct jt_verify *v)
{
	return (v->nobjects);
}

bool
verify_exists(struct jt_verify *v, const char *path)
{
	char real[PATH_MAX];
	struct jt_err e;

	return (jt_source_resolve(v->src, path, true, real, sizeof(real), NULL,
	    NULL, &e) == 0);
}

bool
verify_has_account(struct jt_verify *v, const char *file, const char *name)
{
	struct jt_acct_table *t;
	struct jt_err e;
	bool found;

	if (jt_acct_read(&t, v->src, strcmp(file, "/etc/group") == 0 ?
	    JT_ACCT_GROUP : JT_ACCT_PASSWD, &e) != 0)
		return (false);
	found = jt_acct_by_name(t, name) != NULL;
	jt_acct_free(t);
	return (found);
}

struct problems {
	struct jt_verify	*v;
	const char		*path;
	struct jt_err		*err;
	int			 rc;
};

static void
one_problem(void *arg, const char *msg)
{
	struct problems *p = arg;

	if (p->rc == 0)
		p->rc = verify_add(p->v, JT_VERIFY_OBJECT, NULL, p->path, msg,
		    p->err);
}

/* A closure's problems as findings; c is freed. */
static int
closure_findings(struct jt_verify *v, struct jt_closure *c,
    struct jt_err *err)
{
	struct problems p = { v, c->root, err, 0 };

	jt_closure_problems(c, one_problem, &p);
	jt_closure_free(c);
	return (p.rc);
}

int
verify_path(struct jt_verify *v, const char *path, struct jt_err *err)
{
	struct jt_closure *c;
	int rc;

	rc = jt_resolve(v->r, path, &c, err);
	if (rc == JT_EFORMAT)
		return (0);	/* not a program: a file, as it is */
	if (rc != 0)
		return (rc);
	return (closure_findings(v, c, err));
}

struct all {
	struct jt_verify	*v;
	struct jt_err		*err;
	int			 rc;
};

static int
one_closure(void *arg, struct jt_closure *c)
{
	struct all *a = arg;

	a->v->nobjects++;
	if (a->rc == 0)
		a->rc = closure_findings(a->v, c, a->err);
	else
		jt_closure_free(c);
	return (0);
}

static void
bad_object(void *arg, const struct jt_err *e)
{
	struct all *a = arg;
	char buf[JT_ERR_PATH_MAX + JT_ERR_MSG_MAX + 8];

	if (a->rc == 0)
		a->rc = verify_add(a->v, JT_VERIFY_UNREADABLE, NULL,
		    e->path[0] != '\0' ? e->path : NULL,
		    jt_err_str(e, buf, sizeof(buf)), a->err);
}

int
jt_verify_objects(struct jt_verify *v, struct jt_err *err)
{
	struct all a = { v, err, 0 };
	int rc;

	if ((rc = jt_resolve_all(v->r, one_closure, bad_object, &a, err)) != 0)
		return (rc);
	return (a.rc);
}

int
jt_verify_jailconf_parse(struct jt_verify *v, const char *text, size_t len,
    const char *file, const char *name, struct jt_jailconf_stanza **out,
    struct jt_err *err)
{
	char msg[JT_ERR_PATH_MAX + JT_ERR_MSG_MAX + 8];
	struct jt_err e;

	*out = NULL;
	if (jt_jailconf_parse(out, text, len, file, name, &e) == 0)
		return (0);
	if (e.code == JT_ENOMEM)
		return (jt_err_set(err, JT_ENOMEM, e.sys_errno, file,
		    "jail.conf"));
	*out = NULL;
	return (verify_add(v, JT_VERIFY_JAILCONF, NULL, file,
	    jt_err_str(&e, msg, sizeof(msg)), err));
}

static const char *const *
view(const struct jt_strv *sv, size_t *n)
{
	*n = sv->n;
	return ((const char *const *)(void *)sv->v);
}

const char *const *
jt_verify_commands(const struct jt_verify *v, size_t *n)
{
	return (view(&v->execs, n));
}

const char *const *
jt_verify_params(const struct jt_verify *v, size_t *n)
{
	return (view(&v->params, n));
}

const char *const *
jt_verify_probes(const struct jt_verify *v, size_t *n)
{
	return (view(&v->probes, n));
}
