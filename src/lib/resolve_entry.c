/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The closure engine's entry points: one path, every object of a source,
 * and a closure's problems told one message each.
 */
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include <gelf.h>

#include "jailtrim/resolve.h"
#include "resolve_int.h"

static void tell(jt_problem_fn *fn, void *arg, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void
tell(jt_problem_fn *fn, void *arg, const char *fmt, ...)
{
	char buf[8192];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	fn(arg, buf);
}

void
jt_closure_problems(const struct jt_closure *c, jt_problem_fn *fn, void *arg)
{
	for (size_t i = 0; i < c->nmiss; i++) {
		const struct jt_miss *m = &c->miss[i];
		char tried[4096] = "";
		size_t o = 0;

		for (size_t j = 0; j < m->ntried && o < sizeof(tried); j++) {
			bool again = false;

			/* rtld tries the hints' dirs, then the same defaults:
			 * each path is said once, where it was first tried. */
			for (size_t k = 0; k < j && !again; k++)
				again = strcmp(m->tried[k], m->tried[j]) == 0;
			if (!again)
				o += (size_t)snprintf(tried + o, sizeof(tried) -
				    o, "%s%s", o ? ", " : "; tried ",
				    m->tried[j]);
		}
		if (m->kind == JT_MISS_MACHINE)
			tell(fn, arg, "%s: %s: %s", c->root,
			    c->deps[m->needer].path, m->reason);
		else if (m->kind == JT_MISS_NEEDED)
			tell(fn, arg, "%s: %s needs %s: %s%s", c->root,
			    c->deps[m->needer].path, m->name, m->reason, tried);
		else
			tell(fn, arg, "%s: %s interpreter %s of %s: %s%s",
			    c->root, m->kind == JT_MISS_INTERP ? "program" :
			    "script", m->name, c->deps[m->needer].path,
			    m->reason, tried);
	}
	for (size_t i = 0; i < c->nsymerr; i++) {
		const struct jt_symerr *s = &c->symerr[i];
		const char *obj = c->deps[s->object].path;
		const char *prov = s->provider >= 0 ?
		    c->deps[s->provider].path : "?";

		switch (s->kind) {
		case JT_SYMERR_UNDEF:
			if (s->version != NULL)
				tell(fn, arg, "%s: %s: undefined symbol \"%s\" "
				    "(version %s of %s)", c->root, obj,
				    s->symbol, s->version, s->file);
			else
				tell(fn, arg, "%s: %s: undefined symbol \"%s\"",
				    c->root, obj, s->symbol);
			break;
		case JT_SYMERR_VERSION:
			tell(fn, arg, "%s: %s: version %s required from %s is "
			    "not defined by %s", c->root, obj, s->version,
			    s->file, prov);
			break;
		case JT_SYMERR_NOVERDEF:
			tell(fn, arg, "%s: %s: version %s required from %s, but "
			    "%s defines no versions", c->root, obj, s->version,
			    s->file, prov);
			break;
		case JT_SYMERR_NOFILE:
			tell(fn, arg, "%s: %s: version %s required from %s, "
			    "which is not loaded", c->root, obj, s->version,
			    s->file);
			break;
		}
	}
}

static void
collect_link(void *arg, const char *linkpath)
{
	(void)strv_push(arg, linkpath);
}

int
jt_resolve(struct jt_resolver *r, const char *path, struct jt_closure **out,
    struct jt_err *err)
{
	struct jt_strv links = { 0 };
	char real[PATH_MAX];
	struct jt_stat st;
	struct obj *o;
	int rc;

	*out = NULL;
	if ((rc = jt_source_resolve(r->src, path, true, real, sizeof(real),
	    collect_link, &links, err)) != 0)
		goto out;
	if ((rc = jt_source_lstat(r->src, real, &st, err)) != 0)
		goto out;
	if (st.type != JT_FT_REG) {
		rc = jt_err_set(err, JT_EFORMAT, 0, path, "not a regular file");
		goto out;
	}
	if ((rc = resolve_load(r, real, &o, err)) != 0)
		goto out;
	if (o->bad) {
		*err = o->err;
		if (strcmp(path, real) != 0)
			snprintf(err->path, sizeof(err->path), "%s", path);
		rc = o->err.code != 0 ? o->err.code : JT_EFORMAT;
		goto out;
	}
	rc = resolve_closure(r, path, o, &links, out, err);
out:
	strv_free(&links);
	return (rc);
}

struct all {
	struct jt_resolver *r;
	jt_closure_fn	*fn;
	jt_bad_fn	*bad;
	void		*arg;
	struct jt_err	*err;
};

static int
all_one(void *arg, const char *path, const struct jt_stat *st)
{
	struct all *a = arg;
	struct jt_closure *c;
	struct jt_err e;
	struct obj *o;
	char head[4];
	long n;
	int rc;

	if (st->type != JT_FT_REG || st->size < 4)
		return (0);
	/*
	 * Peek first: most files are not ELF and need no parsing.  A file
	 * that cannot be read is reported (out of descriptors, say), never
	 * passed over as if it were not an object.
	 */
	if ((n = jt_source_peek(a->r->src, path, head, sizeof(head), &e)) < 0) {
		if (a->bad == NULL)
			return (jt_err_set(a->err, e.code, e.sys_errno, path,
			    "%s", e.msg));
		a->bad(a->arg, &e);
		return (0);
	}
	if (n != 4 || !jt_elf_is_elf(head, sizeof(head)))
		return (0);
	if ((rc = resolve_load(a->r, path, &o, a->err)) != 0)
		return (rc);
	if (o->bad) {
		if (a->bad != NULL)
			a->bad(a->arg, &o->err);
		return (0);
	}
	/* Relocatable objects (crt1.o ...) are not loaded by anything. */
	if (o->info->type != ET_EXEC && o->info->type != ET_DYN)
		return (0);
	if ((rc = resolve_closure(a->r, path, o, NULL, &c, a->err)) != 0)
		return (rc);
	return (a->fn(a->arg, c));
}

int
jt_resolve_all(struct jt_resolver *r, jt_closure_fn *fn, jt_bad_fn *bad,
    void *arg, struct jt_err *err)
{
	struct all a = { r, fn, bad, arg, err };

	return (jt_source_walk(r->src, all_one, &a, err));
}
