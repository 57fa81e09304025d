/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * glibc's ld.so, emulated for Linux roots (references: glibc elf/dl-load.c
 * _dl_map_object(), elf/dl-cache.c, ldconfig's ld.so.conf parsing):
 *   a name with "/" is a path (dynamic string tokens expanded);
 *   DT_RPATH of the object, then of each loader up to the executable,
 *   unless the object has DT_RUNPATH; LD_LIBRARY_PATH (not for services);
 *   DT_RUNPATH; ld.so.cache, emulated as the ld.so.conf directories in
 *   order; the system directories (Debian multiarch first);
 *   unless DF_1_NODEFLIB, which skips the cache and system directories.
 * Objects of another class or machine are skipped and the search goes
 * on (open_verify()); the resolver does that check.
 */
#include <ctype.h>
#include <fnmatch.h>
#include <stdlib.h>
#include <string.h>

#include "rtld.h"

#define DF_1_NODEFLIB_	0x800

bool
dst_expand(char *out, size_t len, const char *in, const struct dst_values *v)
{
	static const char *const names[] = { "ORIGIN", "OSNAME", "OSREL",
	    "PLATFORM", "LIB" };
	const char *vals[] = { v->origin, v->osname, v->osrel, v->platform,
	    v->lib };
	size_t o = 0;

	while (*in != '\0') {
		bool done = false;

		if (*in == '$') {
			for (size_t i = 0; i < 5 && !done; i++) {
				size_t n = strlen(names[i]);
				const char *after = NULL;

				if (vals[i] == NULL)
					continue;
				if (strncmp(in + 1, names[i], n) == 0 &&
				    !isalnum((unsigned char)in[1 + n]) &&
				    in[1 + n] != '_')
					after = in + 1 + n;
				else if (v->braces && in[1] == '{' &&
				    strncmp(in + 2, names[i], n) == 0 &&
				    in[2 + n] == '}')
					after = in + 3 + n;
				if (after == NULL)
					continue;
				for (const char *s = vals[i]; *s; s++) {
					if (o + 1 >= len)
						return (false);
					out[o++] = *s;
				}
				in = after;
				done = true;
			}
		}
		if (done)
			continue;
		if (o + 1 >= len)
			return (false);
		out[o++] = *in++;
	}
	out[o] = '\0';
	return (true);
}

/* --- ld.so.conf --- */

static int conf_file(struct glibc_rules *gr, struct jt_source *src,
    const char *path, int depth);

struct conf_ctx {
	struct glibc_rules *gr;
	struct jt_source *src;
	const char	*path;
	int		 depth;
	int		 rc;
};

struct glob_ctx {
	struct conf_ctx	*cc;
	const char	*dir;
	const char	*pat;
	struct jt_strv	 hits;
};

static int
glob_ent(void *arg, const char *name, const struct jt_stat *st)
{
	struct glob_ctx *g = arg;
	char path[PATH_MAX];

	(void)st;
	if (fnmatch(g->pat, name, FNM_PERIOD) == 0 &&
	    path_join(path, sizeof(path), g->dir, name))
		return (strv_push(&g->hits, path));
	return (0);
}

/* "include GLOB": glob(3) in the root, sorted; relative to the file. */
static void
conf_include(struct conf_ctx *cc, const char *pattern)
{
	char full[PATH_MAX], dir[PATH_MAX], real[PATH_MAX];
	struct glob_ctx g = { .cc = cc };
	struct jt_err e;

	if (pattern[0] == '/') {
		/* An absolute pattern is a path of the Linux system. */
		if (snprintf(full, sizeof(full), "%s%s", cc->gr->prefix,
		    pattern) >= (int)sizeof(full))
			return;
	} else {
		path_dirname(dir, sizeof(dir), cc->path);
		if (!path_join(full, sizeof(full), dir, pattern))
			return;
	}
	path_dirname(dir, sizeof(dir), full);
	g.pat = path_basename(full);
	if (jt_source_resolve(cc->src, dir, true, real, sizeof(real), NULL,
	    NULL, &e) != 0)
		return;
	g.dir = real;
	if ((cc->rc = jt_source_readdir(cc->src, real, glob_ent, &g, &e)) ==
	    JT_ENOENT || cc->rc == JT_ENOTDIR)
		cc->rc = 0;
	for (size_t i = 0; i < g.hits.n && cc->rc == 0; i++)
		cc->rc = conf_file(cc->gr, cc->src, g.hits.v[i], cc->depth + 1);
	strv_free(&g.hits);
}

static void
conf_line(void *arg, const char *line, size_t n)
{
	struct conf_ctx *cc = arg;
	char buf[4096], *s, *tok, *save = NULL;

	if (n >= sizeof(buf) || cc->rc != 0)
		return;
	memcpy(buf, line, n);
	buf[n] = '\0';
	if ((s = strchr(buf, '#')) != NULL)
		*s = '\0';
	s = buf + strspn(buf, " \t");
	if (strncmp(s, "include", 7) == 0 && isspace((unsigned char)s[7])) {
		for (tok = strtok_r(s + 8, " \t\r", &save); tok != NULL;
		    tok = strtok_r(NULL, " \t\r", &save))
			conf_include(cc, tok);
		return;
	}
	if (strncmp(s, "hwcap", 5) == 0 && isspace((unsigned char)s[5]))
		return;
	/* ldconfig: directories separated by white space, ":" or ",". */
	for (tok = strtok_r(s, " \t\r:,", &save); tok != NULL;
	    tok = strtok_r(NULL, " \t\r:,", &save)) {
		char *eq = strchr(tok, '=');	/* "dir=TYPE" */

		if (eq != NULL)
			*eq = '\0';
		if (tok[0] == '/')
			cc->rc = strv_push_uniq(&cc->gr->ldconf, tok);
	}
}

static int
conf_file(struct glibc_rules *gr, struct jt_source *src, const char *path,
    int depth)
{
	struct conf_ctx cc = { gr, src, path, depth, 0 };
	struct jt_err e;
	void *buf;
	size_t len;

	if (depth > 16)
		return (0);
	/* Absent is "no such file"; a file that cannot be read is not. */
	if ((cc.rc = jt_source_read_file(src, path, &buf, &len, &e)) != 0)
		return (cc.rc == JT_EIO || cc.rc == JT_ENOMEM ? cc.rc : 0);
	each_line(buf, len, conf_line, &cc);
	return (cc.rc);
}

int
glibc_rules_load(struct glibc_rules *gr, struct jt_source *src,
    const char *prefix, struct jt_err *err)
{
	char path[PATH_MAX];
	int rc;

	memset(gr, 0, sizeof(*gr));
	gr->prefix = prefix != NULL ? prefix : "";
	if (snprintf(path, sizeof(path), "%s/etc/ld.so.conf", gr->prefix) >=
	    (int)sizeof(path))
		return (jt_err_set(err, JT_EINVAL, 0, gr->prefix,
		    "prefix too long"));
	if ((rc = conf_file(gr, src, path, 0)) != 0)
		return (jt_err_set(err, rc, 0, path, rc == JT_ENOMEM ?
		    "out of memory" : "cannot read"));
	return (0);
}

void
glibc_rules_free(struct glibc_rules *gr)
{
	strv_free(&gr->ldconf);
}

static const char *
triplet(const struct jt_elf_info *e)
{
	switch (e->machine) {
	case 62:	return ("x86_64-linux-gnu");		/* EM_X86_64 */
	case 3:		return ("i386-linux-gnu");		/* EM_386 */
	case 183:	return ("aarch64-linux-gnu");		/* EM_AARCH64 */
	case 40:	return ("arm-linux-gnueabihf");		/* EM_ARM */
	case 21:	return ("powerpc64le-linux-gnu");	/* EM_PPC64 */
	case 243:	return ("riscv64-linux-gnu");		/* EM_RISCV */
	case 22:	return ("s390x-linux-gnu");		/* EM_S390 */
	}
	return (NULL);
}

struct gsearch {
	const struct rtld_obj	*ref;
	const char		*name;
	rtld_try_fn		*try;
	void			*arg;
	char			 lib[64];
};

/*
 * Dynamic string tokens of owner: $ORIGIN is the directory of the object
 * (the executable's real path; a library's path as found), $PLATFORM the
 * AT_PLATFORM string, $LIB the multiarch library directory.
 */
static void
gvalues(const struct gsearch *gs, const struct rtld_obj *owner,
    struct dst_values *v, char *origin, size_t olen)
{
	memset(v, 0, sizeof(*v));
	v->braces = true;
	path_dirname(origin, olen, owner->loader == NULL ? owner->path :
	    owner->loadpath);
	v->origin = origin;
	v->platform = owner->elf->machine == 62 ? "x86_64" :
	    jt_elf_machine_name(owner->elf->machine, owner->elf->elfclass);
	v->lib = gs->lib;
}

static int
gsearch_path(struct gsearch *gs, const struct rtld_obj *owner,
    const char *list, enum jt_via via)
{
	char dir[PATH_MAX], xdir[PATH_MAX], path[PATH_MAX], origin[PATH_MAX];
	struct dst_values v;
	const char *p = list;
	size_t n;
	int rc;

	if (list == NULL)
		return (0);
	gvalues(gs, owner, &v, origin, sizeof(origin));
	while (*p != '\0') {
		n = strcspn(p, ":");
		if (n > 0 && n < sizeof(dir)) {
			memcpy(dir, p, n);
			dir[n] = '\0';
			if (dst_expand(xdir, sizeof(xdir), dir, &v) &&
			    snprintf(path, sizeof(path), "%s/%s", xdir,
			    gs->name) < (int)sizeof(path) &&
			    (rc = gs->try(gs->arg, path, via, list)) != 0)
				return (rc);
		}
		p += n;
		if (*p == ':')
			p++;
	}
	return (0);
}

int
glibc_search(const struct glibc_rules *gr, const struct rtld_obj *ref,
    const char *name, rtld_try_fn *try, void *arg)
{
	const struct jt_elf_info *e = ref->elf;
	struct gsearch gs = { ref, name, try, arg, "" };
	const char *t = triplet(e);
	char path[PATH_MAX], sys[4][64];
	int rc, nsys = 0;

	snprintf(gs.lib, sizeof(gs.lib), "lib%s%s", t ? "/" : "", t ? t : "");
	if (strchr(name, '/') != NULL) {
		char origin[PATH_MAX];
		struct dst_values v;

		gvalues(&gs, ref, &v, origin, sizeof(origin));
		if (!dst_expand(path, sizeof(path), name, &v))
			return (0);
		return (try(arg, path, JT_VIA_PATHNAME, NULL));
	}
	if (e->runpath == NULL) {
		if ((rc = gsearch_path(&gs, ref, e->rpath, JT_VIA_RPATH)) != 0)
			return (rc);
		for (const struct rtld_obj *l = ref->loader; l != NULL;
		    l = l->loader)
			if (l->elf->runpath == NULL && (rc = gsearch_path(&gs,
			    l, l->elf->rpath, JT_VIA_LOADER_RPATH)) != 0)
				return (rc);
	}
	if ((rc = gsearch_path(&gs, ref, e->runpath, JT_VIA_RUNPATH)) != 0)
		return (rc);
	if (e->flags_1 & DF_1_NODEFLIB_)
		return (0);
	for (size_t i = 0; i < gr->ldconf.n; i++)
		if (snprintf(path, sizeof(path), "%s/%s", gr->ldconf.v[i],
		    name) < (int)sizeof(path) &&
		    (rc = try(arg, path, JT_VIA_LDCONF, gr->ldconf.v[i])) != 0)
			return (rc);
	/* Debian's SYSTEM_DIRS: the multiarch directories, then the old ones. */
	if (t != NULL) {
		snprintf(sys[nsys++], sizeof(sys[0]), "/lib/%s", t);
		snprintf(sys[nsys++], sizeof(sys[0]), "/usr/lib/%s", t);
	}
	snprintf(sys[nsys++], sizeof(sys[0]), "/lib");
	snprintf(sys[nsys++], sizeof(sys[0]), "/usr/lib");
	for (int i = 0; i < nsys; i++)
		if (snprintf(path, sizeof(path), "%s/%s", sys[i], name) <
		    (int)sizeof(path) &&
		    (rc = try(arg, path, JT_VIA_DEFAULT, sys[i])) != 0)
			return (rc);
	return (0);
}
