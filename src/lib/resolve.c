/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The closure engine: breadth-first over DT_NEEDED like both run-time
 * linkers (rtld-elf load_needed_objects(), glibc _dl_map_object_deps()),
 * each name looked up first among the objects already loaded (by SONAME or
 * load name), then searched with the platform's rules; a file already
 * loaded under another name is not loaded twice.  Every exec image (the
 * program, and for a script its interpreter and an env(1) target) is its
 * own process: its own main program, name space and symbol check.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gelf.h>

#include "jailtrim/resolve.h"
#include "rtld.h"
#include "resolve_int.h"
#include "symcheck.h"
#include "util.h"

#define MAX_SHEBANG_DEPTH	4	/* Linux's nesting limit */

const char *
jt_via_name(enum jt_via via)
{
	static const char *const names[] = {
		[JT_VIA_ROOT] = "asked for",
		[JT_VIA_INTERP] = "PT_INTERP",
		[JT_VIA_SHEBANG] = "#! interpreter",
		[JT_VIA_PATHNAME] = "path name",
		[JT_VIA_LOADED] = "already loaded",
		[JT_VIA_RPATH] = "DT_RPATH",
		[JT_VIA_MAIN_RPATH] = "DT_RPATH of the program",
		[JT_VIA_LOADER_RPATH] = "DT_RPATH of a loader",
		[JT_VIA_RUNPATH] = "DT_RUNPATH",
		[JT_VIA_HINTS] = "ldconfig hints",
		[JT_VIA_LDCONF] = "ld.so.conf",
		[JT_VIA_DEFAULT] = "default path",
	};

	return ((size_t)via < sizeof(names) / sizeof(names[0]) ?
	    names[via] : "?");
}

static void
obj_free(void *p)
{
	struct obj *o = p;

	jt_elf_free(o->elf);
	sc_defs_free(o->defs);
	free(o->interp);
	free(o->arg);
	free(o->path);
	free(o);
}

int
jt_resolver_new(struct jt_resolver **out, struct jt_source *src,
    const struct jt_resolve_opts *opts, struct jt_err *err)
{
	struct jt_resolver *r;
	int rc;

	if ((r = calloc(1, sizeof(*r))) == NULL)
		return (jt_err_set(err, JT_ENOMEM, errno, NULL, "calloc"));
	r->src = src;
	if (opts != NULL)
		r->opts = *opts;
	/* What the root is, once, from its own files (platform.c). */
	if ((rc = jt_platform_detect(&r->plat, src, r->opts.platform,
	    r->opts.linux_prefix, err)) != 0) {
		free(r);
		return (rc);
	}
	r->root_plat = r->plat.os;
	*out = r;
	return (0);
}

const struct jt_platform_info *
jt_resolver_root(const struct jt_resolver *r)
{
	return (&r->plat);
}

enum jt_platform
jt_resolver_platform(const struct jt_resolver *r)
{
	return (r->root_plat);
}

void
jt_resolver_free(struct jt_resolver *r)
{
	if (r == NULL)
		return;
	map_each(&r->objs, obj_free);
	map_free(&r->objs);
	memo_free(r);
	if (r->fbsd_ready)
		fbsd_rules_free(&r->fr);
	if (r->glibc_ready)
		glibc_rules_free(&r->gr);
	if (r->compat_ready)
		glibc_rules_free(&r->gx);
	free(r);
}

/* "#!interp arg": the kernel takes one interpreter and one argument. */
static void
parse_shebang(struct obj *o, const char *buf, size_t len)
{
	const char *p = buf + 2, *end = buf + (len < 256 ? len : 256), *s;

	while (p < end && (*p == ' ' || *p == '\t'))
		p++;
	for (s = p; s < end && *s != ' ' && *s != '\t' && *s != '\n'; s++)
		;
	if (s == p)
		return;
	o->interp = strndup(p, (size_t)(s - p));
	while (s < end && (*s == ' ' || *s == '\t'))
		s++;
	for (p = s; p < end && *p != '\n'; p++)
		;
	while (p > s && (p[-1] == ' ' || p[-1] == '\t' || p[-1] == '\r'))
		p--;
	if (p > s)
		o->arg = strndup(s, (size_t)(p - s));
}

/*
 * The parsed object at canonical path; *out is NULL when the file is
 * neither ELF nor a script, and o->bad when it could not be parsed.
 */
int
resolve_load(struct jt_resolver *r, const char *path, struct obj **out,
    struct jt_err *err)
{
	struct obj *o;
	void *buf;
	size_t len;
	int rc;

	if ((o = map_get(&r->objs, path)) != NULL) {
		*out = o;
		return (0);
	}
	if ((o = calloc(1, sizeof(*o))) == NULL ||
	    (o->path = strdup(path)) == NULL) {
		free(o);
		return (jt_err_set(err, JT_ENOMEM, errno, path, "calloc"));
	}
	if ((rc = jt_source_read(r->src, path, &buf, &len, &o->err)) != 0) {
		o->bad = true;
	} else if (jt_elf_is_elf(buf, len)) {
		if (jt_elf_open_mem(&o->elf, buf, len, path, &o->err) != 0)
			o->bad = true;
		else
			o->info = jt_elf_info(o->elf);
	} else if (len >= 2 && memcmp(buf, "#!", 2) == 0) {
		o->script = true;
		parse_shebang(o, buf, len);
	} else {
		o->bad = true;
		jt_err_set(&o->err, JT_EFORMAT, 0, path,
		    "neither an ELF object nor a \"#!\" script");
	}
	if (map_put(&r->objs, path, o) != 0) {
		obj_free(o);
		return (jt_err_set(err, JT_ENOMEM, 0, path, "map"));
	}
	*out = o;
	return (0);
}

/* --- walking one closure (struct walk: resolve_int.h) --- */

static char *
cstr(struct closure *c, const char *s)
{
	return (s != NULL ? arena_strdup(&c->arena, s) : NULL);
}

static void
on_link(void *arg, const char *linkpath)
{
	struct walk *wk = arg;
	char *s = cstr(wk->c, linkpath);

	if (s != NULL)
		(void)ptrv_push(&wk->links, s);
}

static int
add_node(struct walk *wk, struct obj *o, int parent, const char *name,
    enum jt_via via, const char *dir, const char *mapped_from,
    const char *loadpath)
{
	struct closure *c = wk->c;
	struct jt_dep *d;
	struct node *n;
	int idx = (int)c->pub.ndeps;

	if (c->pub.ndeps == c->cap) {
		size_t ncap = c->cap ? c->cap * 2 : 16;
		struct jt_dep *nd = reallocarray(c->pub.deps, ncap, sizeof(*nd));
		struct node *nn;

		if (nd == NULL)
			return (JT_ENOMEM);
		c->pub.deps = nd;
		if ((nn = reallocarray(c->nodes, ncap, sizeof(*nn))) == NULL)
			return (JT_ENOMEM);
		c->nodes = nn;
		c->cap = ncap;
	}
	d = &c->pub.deps[idx];
	n = &c->nodes[idx];
	memset(d, 0, sizeof(*d));
	memset(n, 0, sizeof(*n));
	d->path = o->path;
	d->elf = o->info;
	d->parent = parent;
	d->name = cstr(c, name);
	d->via = via;
	d->dir = cstr(c, dir);
	d->mapped_from = cstr(c, mapped_from);
	if (wk->links.n > 0) {
		d->links = arena_alloc(&c->arena, wk->links.n * sizeof(char *));
		if (d->links == NULL)
			return (JT_ENOMEM);
		memcpy(d->links, wk->links.v, wk->links.n * sizeof(char *));
		d->nlinks = wk->links.n;
	}
	n->obj = o;
	if (o->info != NULL && o->info->rpath != NULL)
		c->nrpath++;
	n->ro.elf = o->info;
	n->ro.path = o->path;
	n->ro.loadpath = cstr(c, loadpath != NULL ? loadpath : o->path);
	/*
	 * Found again by path in constant time: a linear search here made
	 * every closure quadratic and "deps --all" of a chain cubic.
	 */
	if (map_get(&c->bypath, o->path) == NULL &&
	    map_put(&c->bypath, o->path, (void *)(intptr_t)(idx + 1)) != 0)
		return (JT_ENOMEM);
	c->pub.ndeps++;
	return (idx);
}

static int
add_name(struct walk *wk, int idx, const char *name)
{
	char *s;

	if (name == NULL || map_get(&wk->names, name) != NULL)
		return (0);
	if ((s = cstr(wk->c, name)) == NULL ||
	    ptrv_push(&wk->c->nodes[idx].names, s) != 0 ||
	    map_put(&wk->names, name, (void *)(intptr_t)(idx + 1)) != 0)
		return (JT_ENOMEM);
	return (0);
}

static int
add_miss(struct walk *wk, int needer, enum jt_miss_kind kind,
    const char *name, const char *reason)
{
	struct closure *c = wk->c;
	struct jt_miss *m;

	if (c->pub.nmiss == c->mcap) {
		size_t ncap = c->mcap ? c->mcap * 2 : 4;
		struct jt_miss *nm = reallocarray(c->pub.miss, ncap, sizeof(*nm));

		if (nm == NULL)
			return (JT_ENOMEM);
		c->pub.miss = nm;
		c->mcap = ncap;
	}
	m = &c->pub.miss[c->pub.nmiss++];
	memset(m, 0, sizeof(*m));
	m->needer = needer;
	m->kind = kind;
	m->name = cstr(c, name);
	m->reason = cstr(c, reason);
	if (wk->tried.n > 0) {
		m->tried = arena_alloc(&c->arena, wk->tried.n * sizeof(char *));
		if (m->tried == NULL)
			return (JT_ENOMEM);
		memcpy(m->tried, wk->tried.v, wk->tried.n * sizeof(char *));
		m->ntried = wk->tried.n;
	}
	return (0);
}

/* Index of the node for canonical path in this closure, or -1. */
static int
node_of(const struct closure *c, const char *path)
{
	return ((int)(intptr_t)map_get(&c->bypath, path) - 1);
}

/* The node of the file path names (symlinks followed), or -1. */
static int
node_at(struct walk *wk, const char *path)
{
	char real[PATH_MAX];
	struct jt_err e;

	if (jt_source_resolve(wk->r->src, path, true, real, sizeof(real), NULL,
	    NULL, &e) != 0)
		return (-1);
	return (node_of(wk->c, real));
}

static bool
same_kind(const struct jt_elf_info *a, const struct jt_elf_info *wk)
{
	return (a->elfclass == wk->elfclass && a->machine == wk->machine &&
	    a->msb == wk->msb);
}

/*
 * A file found but not read (an I/O error, a permission the host denies,
 * memory, content not kept) stops the closure; one read but malformed or
 * unsupported is the linker's "unusable" object, decided by the caller.
 */
static int
read_failed(struct walk *wk, const struct obj *o)
{
	if (!o->bad || (o->err.code != JT_EIO && o->err.code != JT_ENOMEM &&
	    o->err.code != JT_ENODATA))
		return (0);
	if (wk->err != NULL)
		*wk->err = o->err;
	return (o->err.code);
}

/*
 * One candidate of a search.  rtld-elf takes the first path that exists
 * (access(F_OK), try_library_path()) and fails hard if it is not a usable
 * object of the right class; glibc's open_verify() skips it and goes on.
 */
static int
try_cand(void *arg, const char *path, enum jt_via via, const char *dir)
{
	struct walk *wk = arg;
	char real[PATH_MAX], why[PATH_MAX + 128];
	struct jt_stat st;
	struct jt_err e;
	struct obj *o;
	char *s;
	int rc;

	if ((s = cstr(wk->c, path)) == NULL || ptrv_push(&wk->tried, s) != 0)
		return (JT_ENOMEM);
	wk->links.n = 0;
	rc = jt_source_resolve(wk->r->src, path, true, real, sizeof(real),
	    on_link, wk, &e);
	if (rc == 0)
		rc = jt_source_lstat(wk->r->src, real, &st, &e);
	if (rc != 0)
		return (resolve_lookup_failed(wk, rc, &e));
	if (st.type != JT_FT_REG) {
		snprintf(why, sizeof(why), "%s is not a regular file", path);
		goto unusable;
	}
	if ((rc = resolve_load(wk->r, real, &o, wk->err)) != 0 ||
	    (rc = read_failed(wk, o)) != 0)
		return (rc);
	if (o->bad || o->info == NULL) {
		snprintf(why, sizeof(why), "%s: %s", path, o->bad ? o->err.msg :
		    "not an ELF object");
		goto unusable;
	}
	if (!same_kind(o->info, wk->want)) {
		snprintf(why, sizeof(why), "%s is ELF%d %s, needed ELF%d %s",
		    path, o->info->elfclass, jt_elf_machine_name(
		    o->info->machine, o->info->elfclass), wk->want->elfclass,
		    jt_elf_machine_name(wk->want->machine, wk->want->elfclass));
		goto unusable;
	}
	snprintf(wk->found, sizeof(wk->found), "%s", path);
	wk->via = via;
	wk->dir = cstr(wk->c, dir);	/* glibc's may be on its stack */
	wk->fobj = o;
	return (1);
unusable:
	if (!wk->fbsd)
		return (0);
	wk->fatal = cstr(wk->c, why);
	return (1);
}

/*
 * A candidate of a Linux object in a FreeBSD root: the Linux ABI layer
 * opens prefix/path when it exists, else path (linux_emul_path()).
 */
static int
try_prefixed(void *arg, const char *path, enum jt_via via, const char *dir)
{
	struct walk *wk = arg;
	char pp[PATH_MAX], real[PATH_MAX];
	struct jt_err e;
	int rc;

	if (path[0] != '/' || snprintf(pp, sizeof(pp), "%s%s", wk->prefix,
	    path) >= (int)sizeof(pp))
		return (try_cand(arg, path, via, dir));
	rc = jt_source_resolve(wk->r->src, pp, true, real, sizeof(real), NULL,
	    NULL, &e);
	if (rc == 0)
		return (try_cand(arg, pp, via, dir));
	if ((rc = resolve_lookup_failed(wk, rc, &e)) != 0)
		return (rc);
	return (try_cand(arg, path, via, dir));
}

static int
search_run(struct walk *wk, int needer, const char *name,
    const char **mapped_from)
{
	struct node *n = &wk->c->nodes[needer];
	const struct rtld_obj *main_obj = wk->main >= 0 ?
	    &wk->c->nodes[wk->main].ro : NULL;
	int rc;

	if (wk->fbsd) {
		rc = fbsd_search(&wk->r->fr, &wk->fst, &n->ro, main_obj, name,
		    try_cand, wk, mapped_from);
	} else {
		/* glibc's RPATH chain: the object, its loader, ... the
		 * executable (l_loader); built here, nodes move on growth. */
		struct rtld_obj chain[64];
		size_t k = 0;

		for (int i = needer; i >= 0 && k < 64 &&
		    wk->c->nodes[i].obj->info != NULL;
		    i = wk->c->pub.deps[i].parent) {
			chain[k] = wk->c->nodes[i].ro;
			chain[k].loader = NULL;
			if (k > 0)
				chain[k - 1].loader = &chain[k];
			k++;
		}
		rc = wk->prefix != NULL ?
		    glibc_search(&wk->r->gx, &chain[0], name, try_prefixed, wk) :
		    glibc_search(&wk->r->gr, &chain[0], name, try_cand, wk);
	}
	return (rc < 0 ? rc : 0);
}

/*
 * One search, or what the same search found before.  rtld-elf's searches
 * are kept only while no libmap constraint has made a mapping global for
 * the process (fst.learned): then the outcome depends on the key alone.
 */
static int
search(struct walk *wk, int needer, const char *name,
    const char **mapped_from)
{
	struct node *n = &wk->c->nodes[needer];
	enum jt_platform p = resolve_platform_of(wk->r, n->obj->info);
	const struct search_memo *m;
	struct search_memo nm;
	char key[4 * PATH_MAX];
	bool keep;
	int rc;

	*mapped_from = NULL;
	wk->tried.n = 0;
	wk->fatal = NULL;
	wk->fobj = NULL;
	wk->want = n->obj->info;
	wk->fbsd = p == JT_PLAT_FREEBSD;
	wk->prefix = wk->fbsd ? NULL : resolve_prefix_of(wk->r, n->obj->info);
	if ((rc = resolve_rules_ready(wk->r, p, wk->prefix != NULL, wk->err)) != 0)
		return (rc);
	keep = (!wk->fbsd || wk->fst.learned.n == 0) &&
	    memo_key(wk, needer, name, key, sizeof(key));
	if (keep && (m = memo_get(wk->r, key)) != NULL)
		return (memo_replay(wk, m, mapped_from));
	if ((rc = search_run(wk, needer, name, mapped_from)) != 0 || !keep ||
	    (wk->fbsd && wk->fst.learned.n != 0))
		return (rc);
	nm = (struct search_memo){ .fobj = wk->fobj, .fatal = wk->fatal,
	    .mapped_from = *mapped_from,
	    .tried = (const char **)(void *)wk->tried.v, .ntried = wk->tried.n,
	    .links = (const char **)(void *)wk->links.v, .nlinks = wk->links.n };
	if (wk->fobj != NULL) {		/* else what they hold is stale */
		nm.found = wk->found;
		nm.via = wk->via;
		nm.dir = wk->dir;
	}
	return (memo_put(wk->r, key, &nm));
}

static int
push_member(struct walk *wk, int idx)
{
	if (map_put(&wk->inproc, wk->c->pub.deps[idx].path, (void *)1) != 0)
		return (JT_ENOMEM);
	return (ptrv_push(&wk->members, (void *)(intptr_t)(idx + 1)));
}

/* Take a found file into the process: reuse its node or add one. */
static int
take(struct walk *wk, int needer, const char *name, const char *mapped_from)
{
	struct obj *o = wk->fobj;
	int idx = node_of(wk->c, o->path), rc;

	if (idx >= 0) {
		/* Same file under another name: rtld's (dev, ino) check. */
		if (map_get(&wk->inproc, o->path) == NULL &&
		    (rc = push_member(wk, idx)) != 0)
			return (rc);
	} else {
		if ((idx = add_node(wk, o, needer, name, wk->via, wk->dir,
		    mapped_from, wk->found)) < 0)
			return (idx);
		if ((rc = push_member(wk, idx)) != 0)
			return (rc);
	}
	if ((rc = add_name(wk, idx, name)) != 0 ||
	    (rc = add_name(wk, idx, o->info->soname)) != 0)
		return (rc);
	return (0);
}

static int
load_needed(struct walk *wk, size_t first)
{
	const char *mapped_from;
	int rc;

	for (size_t q = first; q < wk->members.n; q++) {
		int idx = (int)(intptr_t)wk->members.v[q] - 1;
		const struct jt_elf_info *e = wk->c->nodes[idx].obj->info;

		for (size_t i = 0; e != NULL && i < e->nneeded; i++) {
			const char *name = e->needed[i];

			if (map_get(&wk->names, name) != NULL)
				continue;	/* object_match_name() */
			if ((rc = search(wk, idx, name, &mapped_from)) != 0)
				return (rc);
			if (wk->fobj != NULL) {
				if ((rc = take(wk, idx, name, mapped_from)) != 0)
					return (rc);
				continue;
			}
			if ((rc = add_miss(wk, idx, JT_MISS_NEEDED, name,
			    wk->fatal != NULL ? wk->fatal : "not found")) != 0)
				return (rc);
		}
	}
	return (0);
}

/*
 * What glibc's libc loads by itself, with no DT_NEEDED to say so: the
 * unwinder, libgcc_s.so.1, dlopen()ed the first time a thread exits or
 * is cancelled (pthread_exit, pthread_cancel: "libgcc_s.so.1 must be
 * installed for pthread_exit to work", then abort()) or a backtrace is
 * taken.  A process whose objects import one of these gets it, searched
 * for as libc's own dlopen() searches; missing, it is a missing object.
 */
static const char *const gcc_s_users[] = {
	"pthread_exit", "pthread_cancel", "backtrace",
};

static bool
imports_any(const struct jt_elf_info *e, const char *const *names, size_t n)
{
	for (size_t i = 0; i < e->nsyms; i++) {
		if (e->syms[i].defined)
			continue;
		for (size_t k = 0; k < n; k++)
			if (strcmp(e->syms[i].name, names[k]) == 0)
				return (true);
	}
	return (false);
}

static int
load_glibc_implicit(struct walk *wk)
{
	static const char *const gcc_s = "libgcc_s.so.1";
	const char *mapped_from;
	int libc = -1, rc;
	bool wanted = false;
	size_t first = wk->members.n;

	for (size_t q = 0; q < wk->members.n; q++) {
		int idx = (int)(intptr_t)wk->members.v[q] - 1;
		const struct jt_elf_info *e = wk->c->nodes[idx].obj->info;

		if (e == NULL || resolve_platform_of(wk->r, e) != JT_PLAT_GLIBC)
			continue;
		if (e->soname != NULL && strcmp(e->soname, "libc.so.6") == 0)
			libc = idx;
		wanted = wanted || imports_any(e, gcc_s_users,
		    sizeof(gcc_s_users) / sizeof(gcc_s_users[0]));
	}
	if (libc < 0 || !wanted || map_get(&wk->names, gcc_s) != NULL)
		return (0);
	if ((rc = search(wk, libc, gcc_s, &mapped_from)) != 0)
		return (rc);
	if (wk->fobj == NULL)
		return (add_miss(wk, libc, JT_MISS_NEEDED, gcc_s,
		    "libc loads it for pthread_exit, pthread_cancel and "
		    "backtrace: not found"));
	if ((rc = take(wk, libc, gcc_s, mapped_from)) != 0)
		return (rc);
	return (load_needed(wk, first));
}

static int
report_symerr(void *arg, enum jt_symerr_kind kind, int object,
    const char *symbol, const char *version, const char *file, int provider)
{
	struct walk *wk = arg;
	struct closure *c = wk->c;
	struct jt_symerr *s;

	if (c->pub.nsymerr == c->scap) {
		size_t ncap = c->scap ? c->scap * 2 : 4;
		struct jt_symerr *ns = reallocarray(c->pub.symerr, ncap,
		    sizeof(*ns));

		if (ns == NULL)
			return (JT_ENOMEM);
		c->pub.symerr = ns;
		c->scap = ncap;
	}
	s = &c->pub.symerr[c->pub.nsymerr++];
	s->kind = kind;
	s->object = object;
	s->symbol = cstr(c, symbol);
	s->version = cstr(c, version);
	s->file = cstr(c, file);
	s->provider = provider;
	return (0);
}

static int
check_process(struct walk *wk, bool program)
{
	struct sc_member *m;
	size_t n = 0;
	int rc;

	if (wk->r->opts.no_symbols || wk->members.n == 0)
		return (0);
	if ((m = calloc(wk->members.n, sizeof(*m))) == NULL)
		return (JT_ENOMEM);
	for (size_t i = 0; i < wk->members.n; i++) {
		int idx = (int)(intptr_t)wk->members.v[i] - 1;
		struct node *nd = &wk->c->nodes[idx];

		if (nd->obj->info == NULL)
			continue;
		m[n].elf = nd->obj->info;
		m[n].defs = &nd->obj->defs;
		m[n].names = (const char *const *)(const void *)nd->names.v;
		m[n].nnames = nd->names.n;
		m[n].node = idx;
		m[n].freebsd = resolve_platform_of(wk->r, nd->obj->info) ==
		    JT_PLAT_FREEBSD;
		n++;
	}
	rc = symcheck_run(m, n, program, report_symerr, wk);
	free(m);
	return (rc);
}

static bool
is_program(const struct jt_elf_info *e)
{
	return (e->type == ET_EXEC || (e->type == ET_DYN && e->interp != NULL));
}

static int process(struct walk *wk, int idx, int depth);

/* The interpreter of an exec image: PT_INTERP, or "#!". */
static int
add_exec(struct walk *wk, int parent, const char *path, enum jt_via via,
    enum jt_miss_kind kind, int depth)
{
	char real[PATH_MAX];
	struct jt_err e;
	struct obj *o;
	int idx, rc;

	wk->links.n = 0;
	wk->tried.n = 0;
	if ((rc = jt_source_resolve(wk->r->src, path, true, real, sizeof(real),
	    on_link, wk, &e)) != 0) {
		char *s = cstr(wk->c, path);

		if (resolve_lookup_failed(wk, rc, &e) != 0)
			return (rc);

		if (s == NULL || ptrv_push(&wk->tried, s) != 0)
			return (JT_ENOMEM);
		return (add_miss(wk, parent, kind, path, e.msg));
	}
	if ((rc = resolve_load(wk->r, real, &o, wk->err)) != 0 ||
	    (rc = read_failed(wk, o)) != 0)
		return (rc);
	if ((idx = node_of(wk->c, real)) < 0 &&
	    (idx = add_node(wk, o, parent, path, via, NULL, NULL, path)) < 0)
		return (idx);
	if (o->bad)
		return (add_miss(wk, parent, kind, path, o->err.msg));
	return (via == JT_VIA_INTERP ? 0 : process(wk, idx, depth + 1));
}

/* "#!/usr/bin/env X": X is looked up on the root's standard PATH. */
static int
env_target(struct walk *wk, int env, const char *arg, int depth)
{
	static const char *const fbsd = "/usr/bin:/bin:/usr/sbin:/sbin";
	static const char *const linux_ =
	    "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
	const char *list = wk->r->root_plat == JT_PLAT_FREEBSD ? fbsd : linux_;
	char prog[NAME_MAX + 1], path[PATH_MAX], real[PATH_MAX];
	const char *p = arg, *w;
	struct jt_stat st;
	struct jt_err e;
	size_t n;

	/* Skip env's options ("-S", "-i", "-u NAME" is not handled). */
	for (;;) {
		p += strspn(p, " \t");
		n = strcspn(p, " \t");
		if (n == 0)
			return (0);
		if (p[0] != '-' && strchr(p, '=') == NULL)
			break;
		p += n;
	}
	if (n > NAME_MAX)
		return (0);
	memcpy(prog, p, n);
	prog[n] = '\0';
	if (strchr(prog, '/') != NULL)
		return (add_exec(wk, env, prog, JT_VIA_SHEBANG, JT_MISS_SHEBANG,
		    depth));
	for (w = list; *w != '\0'; w += *w == ':') {
		size_t dl = strcspn(w, ":");

		snprintf(path, sizeof(path), "%.*s/%s", (int)dl, w, prog);
		w += dl;
		if (jt_source_resolve(wk->r->src, path, true, real, sizeof(real),
		    NULL, NULL, &e) == 0 &&
		    jt_source_lstat(wk->r->src, real, &st, &e) == 0 &&
		    st.type == JT_FT_REG)
			return (add_exec(wk, env, path, JT_VIA_SHEBANG,
			    JT_MISS_SHEBANG, depth));
	}
	wk->tried.n = 0;
	return (add_miss(wk, env, JT_MISS_SHEBANG, prog,
	    "not found on the standard PATH"));
}

/*
 * One exec image: a script hands over to its interpreter; an ELF program
 * gets its PT_INTERP and its own process.
 */
static int
process(struct walk *wk, int idx, int depth)
{
	struct walk saved = *wk;
	struct node *n = &wk->c->nodes[idx];
	struct obj *o = n->obj;
	const char *interp;
	char why[256], ipath[PATH_MAX];
	bool missing_interp = false;
	size_t nmiss;
	int rc, in;

	if (depth > MAX_SHEBANG_DEPTH)
		return (add_miss(wk, idx, JT_MISS_SHEBANG, o->interp,
		    "too many nested interpreters"));
	if (o->script) {
		if (o->interp == NULL)
			return (add_miss(wk, idx, JT_MISS_SHEBANG, "",
			    "empty \"#!\" line"));
		if ((rc = add_exec(wk, idx, o->interp, JT_VIA_SHEBANG,
		    JT_MISS_SHEBANG, depth)) != 0)
			return (rc);
		if (o->arg != NULL && strcmp(path_basename(o->interp), "env") == 0)
			return (env_target(wk, node_of(wk->c, o->path) >= 0 ?
			    node_of(wk->c, o->path) : idx, o->arg, depth));
		return (0);
	}
	if (o->info == NULL)
		return (0);
	/* A fresh process: its own names, members and libmap state. */
	memset(&wk->names, 0, sizeof(wk->names));
	memset(&wk->members, 0, sizeof(wk->members));
	memset(&wk->inproc, 0, sizeof(wk->inproc));
	memset(&wk->fst, 0, sizeof(wk->fst));
	wk->main = is_program(o->info) ? idx : -1;
	if ((rc = push_member(wk, idx)) != 0 ||
	    (rc = add_name(wk, idx, o->info->soname)) != 0)
		goto out;
	if (wk->main >= 0 && !jt_platform_can_run(&wk->r->plat, o->info, why,
	    sizeof(why)) && (rc = add_miss(wk, idx, JT_MISS_MACHINE,
	    o->path, why)) != 0)
		goto out;
	if ((rc = resolve_interp(wk, o->info, &interp, ipath, sizeof(ipath))) != 0)
		goto out;
	if (wk->main >= 0 && interp != NULL) {
		nmiss = wk->c->pub.nmiss;
		if ((rc = add_exec(wk, idx, interp, JT_VIA_INTERP,
		    JT_MISS_INTERP, depth)) != 0)
			goto out;
		missing_interp = wk->c->pub.nmiss > nmiss;
		/*
		 * The run-time linker is in the process and defines symbols.
		 * glibc's also answers to its SONAME (libc.so.6 needs
		 * ld-linux); rtld-elf 10.x's is not on obj_list while
		 * load_needed_objects() runs, so no name matches it.
		 */
		if ((in = node_at(wk, interp)) >= 0 &&
		    wk->c->nodes[in].obj->info != NULL &&
		    ((rc = push_member(wk, in)) != 0 ||
		    (resolve_platform_of(wk->r, o->info) != JT_PLAT_FREEBSD &&
		    (rc = add_name(wk, in,
		    wk->c->nodes[in].obj->info->soname)) != 0)))
			goto out;
	}
	/* rtld dies on a missing object before it binds any symbol. */
	nmiss = wk->c->pub.nmiss;
	if ((rc = load_needed(wk, 0)) == 0 && wk->c->pub.nmiss == nmiss)
		rc = load_glibc_implicit(wk);
	if (rc == 0 && wk->c->pub.nmiss == nmiss && !missing_interp)
		rc = check_process(wk, wk->main >= 0);
out:
	map_free(&wk->names);
	ptrv_free(&wk->members);
	map_free(&wk->inproc);
	fbsd_state_free(&wk->fst);
	wk->names = saved.names;
	wk->members = saved.members;
	wk->inproc = saved.inproc;
	wk->fst = saved.fst;
	wk->main = saved.main;
	return (rc);
}

void
jt_closure_free(struct jt_closure *pub)
{
	struct closure *c = (struct closure *)pub;

	if (c == NULL)
		return;
	for (size_t i = 0; i < c->pub.ndeps; i++)
		ptrv_free(&c->nodes[i].names);
	free(c->nodes);
	map_free(&c->bypath);
	free(c->pub.deps);
	free(c->pub.miss);
	free(c->pub.symerr);
	arena_free(&c->arena);
	free(c);
}

int
resolve_closure(struct jt_resolver *r, const char *asked, struct obj *o,
    const struct jt_strv *links, struct jt_closure **out, struct jt_err *err)
{
	struct walk wk = { .r = r, .err = err, .main = -1 };
	struct closure *c;
	int rc, idx;

	if ((c = calloc(1, sizeof(*c))) == NULL)
		return (jt_err_set(err, JT_ENOMEM, errno, asked, "calloc"));
	wk.c = c;
	/* The path asked for may itself go through links (python3). */
	for (size_t i = 0; links != NULL && i < links->n; i++)
		on_link(&wk, links->v[i]);
	c->pub.root = o->path;
	c->pub.program = o->script || (o->info != NULL && is_program(o->info));
	c->pub.platform = resolve_platform_of(r, o->info);
	if ((idx = add_node(&wk, o, -1, asked, JT_VIA_ROOT, NULL, NULL,
	    o->path)) < 0) {
		rc = jt_err_set(err, JT_ENOMEM, 0, asked, "out of memory");
		goto fail;
	}
	if ((rc = process(&wk, idx, 0)) != 0) {
		if (rc == JT_ENOMEM)
			jt_err_set(err, rc, 0, asked, "out of memory");
		goto fail;
	}
	c->pub.rule = resolve_rule_note(r, o->info, c);
	if (c->pub.rule == NULL) {
		rc = jt_err_set(err, JT_ENOMEM, 0, asked, "out of memory");
		goto fail;
	}
	ptrv_free(&wk.tried);
	ptrv_free(&wk.links);
	*out = &c->pub;
	return (0);
fail:
	ptrv_free(&wk.tried);
	ptrv_free(&wk.links);
	jt_closure_free(&c->pub);
	return (rc);
}
