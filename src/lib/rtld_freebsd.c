/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * FreeBSD rtld-elf, emulated.  References are to freebsd-src (stable/10)
 * and to ../shared/docs/freebsd-runtime.md, which checked them against the
 * 10.1 binaries:
 *   libexec/rtld-elf/rtld.c    find_library(), search_library_path(),
 *                              origin_subst(), gethints()
 *   libexec/rtld-elf/libmap.c  lm_find(), lmp_find(), lmc_parse()
 *   include/elf-hints.h, sbin/ldconfig/elfhints.c   the hints file
 *   etc/rc.d/ldconfig, etc/defaults/rc.conf         the hints at boot
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jailtrim/rcconf.h"
#include "rtld.h"

#define ELFHINTS_MAGIC		0x746e6845	/* "Ehnt" */
#define ELFHINTS_HDRSIZE	128
#define DF_ORIGIN_		0x1
#define DF_1_ORIGIN_		0x80
#define DF_1_NODEFLIB_		0x800
/* rtld.h: STANDARD_LIBRARY_PATH, and COMPAT_32BIT's "/lib32:/usr/lib32". */
static const char *const stdpath[2] = { "/lib:/usr/lib", "/lib32:/usr/lib32" };
static const char *const hintsfile[2] = {
	"/var/run/ld-elf.so.hints", "/var/run/ld-elf32.so.hints" };
static const char *const libmapfile[2] = {
	"/etc/libmap.conf", "/etc/libmap32.conf" };

void
fbsd_state_free(struct fbsd_state *st)
{
	map_free(&st->learned);
}

/* --- hints --- */

static uint32_t
le32(const unsigned char *p)
{
	return ((uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	    (uint32_t)p[3] << 24);
}

static uint32_t
be32(const unsigned char *p)
{
	return ((uint32_t)p[3] | (uint32_t)p[2] << 8 | (uint32_t)p[1] << 16 |
	    (uint32_t)p[0] << 24);
}

/* gethints(): a bad magic or version is silently ignored. */
bool
hints_parse(const void *buf, size_t len, struct jt_strv *dirs)
{
	const unsigned char *p = buf;
	uint32_t (*rd)(const unsigned char *);
	uint32_t strtab, dirlist, dirlen;
	const char *list, *end, *colon;

	if (len < ELFHINTS_HDRSIZE)
		return (false);
	rd = le32(p) == ELFHINTS_MAGIC ? le32 :
	    be32(p) == ELFHINTS_MAGIC ? be32 : NULL;
	if (rd == NULL || rd(p + 4) != 1)
		return (false);
	strtab = rd(p + 8);
	dirlist = rd(p + 16);
	dirlen = rd(p + 20);
	if ((uint64_t)strtab + dirlist + dirlen > len)
		return (false);
	list = (const char *)p + strtab + dirlist;
	end = list + dirlen;
	while (list < end) {
		colon = memchr(list, ':', (size_t)(end - list));
		if (colon == NULL)
			colon = end;
		if (colon > list && strv_pushn(dirs, list,
		    (size_t)(colon - list)) != 0)
			return (false);
		list = colon + 1;
	}
	return (true);
}

static void
put32(unsigned char *p, uint32_t v, bool msb)
{
	for (int i = 0; i < 4; i++)
		p[msb ? 3 - i : i] = (unsigned char)(v >> (8 * i));
}

/* write_elf_hints() of sbin/ldconfig/elfhints.c, byte for byte. */
int
jt_hints_render(const char *const *dirs, size_t n, bool msb, void **out,
    size_t *len, struct jt_err *err)
{
	size_t listlen = 0, o = ELFHINTS_HDRSIZE;
	unsigned char *b;

	for (size_t i = 0; i < n; i++)
		listlen += strlen(dirs[i]) + (i > 0);
	if (listlen > UINT32_MAX / 2)
		return (jt_err_set(err, JT_EINVAL, 0, NULL, "hints too long"));
	if ((b = calloc(1, ELFHINTS_HDRSIZE + listlen + 1)) == NULL)
		return (jt_err_set(err, JT_ENOMEM, 0, NULL, "hints"));
	put32(b, ELFHINTS_MAGIC, msb);
	put32(b + 4, 1, msb);			/* version */
	put32(b + 8, ELFHINTS_HDRSIZE, msb);	/* strtab */
	put32(b + 12, (uint32_t)listlen + 1, msb); /* strsize */
	put32(b + 16, 0, msb);			/* dirlist */
	put32(b + 20, (uint32_t)listlen, msb);	/* dirlistlen */
	for (size_t i = 0; i < n; i++) {
		if (i > 0)
			b[o++] = ':';
		memcpy(b + o, dirs[i], strlen(dirs[i]));
		o += strlen(dirs[i]);
	}
	*out = b;
	*len = o + 1;
	return (0);
}

struct ldc {
	struct jt_source *src;
	struct jt_strv	*lines;
	const char	*dir;
	int		 rc;		/* JT_ENOMEM: the list is incomplete */
};

static void
ldc_line(void *arg, const char *line, size_t n)
{
	struct ldc *l = arg;

	while (n > 0 && isspace((unsigned char)line[n - 1]))
		n--;
	while (n > 0 && isspace((unsigned char)*line)) {
		line++;
		n--;
	}
	if (n > 0 && l->rc == 0)
		l->rc = strv_pushn(l->lines, line, n);
}

static int
ldc_file(void *arg, const char *name, const struct jt_stat *st)
{
	struct ldc *l = arg;
	char path[PATH_MAX];
	struct jt_err e;
	void *buf;
	size_t len;

	(void)st;
	if (!path_join(path, sizeof(path), l->dir, name))
		return (0);
	/* find -type f: regular files, symlinks not followed. */
	if (st->type == JT_FT_REG &&
	    jt_source_read(l->src, path, &buf, &len, &e) == 0)
		each_line(buf, len, ldc_line, l);
	return (l->rc);
}

/*
 * What rc.d/ldconfig would hand ldconfig: "/lib /usr/lib", ldconfig_paths,
 * the sorted lines of the files in ldconfig_local_dirs, /etc/ld-elf.so.conf
 * (64-bit); ldconfig32_paths and ldconfig_local32_dirs (32-bit).  Each is
 * kept only if it exists; ldconfig then drops duplicates and, unless
 * ldconfig_insecure, directories not owned by root or writable by group or
 * others (ldconfig's add_dir()).
 */
static int
hints_from_rc(struct fbsd_rules *fr, struct jt_source *src, int w,
    struct jt_err *err)
{
	struct jt_rcconf *rcc = NULL;
	struct jt_strv cand = { 0 }, local = { 0 };
	const char *paths, *ldirs, *insecure;
	char buf[4096], real[PATH_MAX], *tok, *save;
	struct jt_stat st;
	struct jt_err e;
	int rc = 0;

	/*
	 * /etc/rc's view: the defaults, then ${rc_conf_files} (rc.conf and
	 * rc.conf.local unless changed), expanded as sh would.  A file that
	 * cannot be read (other than absent) is an error: the hints would
	 * silently differ from the jail's.
	 */
	if ((rc = jt_rcconf_load(&rcc, src, err)) != 0)
		return (rc);
	paths = jt_rcconf_get(rcc, w ? "ldconfig32_paths" : "ldconfig_paths");
	ldirs = jt_rcconf_get(rcc, w ? "ldconfig_local32_dirs" :
	    "ldconfig_local_dirs");
	insecure = jt_rcconf_get(rcc, "ldconfig_insecure");
	if (paths == NULL)		/* no defaults/rc.conf in the source */
		paths = w ? "/usr/lib32 /usr/lib32/compat" :
		    "/usr/lib/compat /usr/local/lib /usr/local/lib/compat/pkg";
	if (ldirs == NULL)
		ldirs = w ? "/usr/local/libdata/ldconfig32" :
		    "/usr/local/libdata/ldconfig";
	if (!w && ((rc = strv_push(&cand, "/lib")) != 0 ||
	    (rc = strv_push(&cand, "/usr/lib")) != 0))
		goto out;
	snprintf(buf, sizeof(buf), "%s", paths);
	for (tok = strtok_r(buf, " \t", &save); tok != NULL;
	    tok = strtok_r(NULL, " \t", &save))
		if ((rc = strv_push(&cand, tok)) != 0)
			goto out;
	snprintf(buf, sizeof(buf), "%s", ldirs);
	for (tok = strtok_r(buf, " \t", &save); tok != NULL;
	    tok = strtok_r(NULL, " \t", &save)) {
		struct ldc l = { src, &local, real, 0 };

		if (jt_source_resolve(src, tok, true, real, sizeof(real), NULL,
		    NULL, &e) == 0)
			(void)jt_source_readdir(src, real, ldc_file, &l, &e);
		if ((rc = l.rc) != 0)
			goto out;
	}
	strv_sort(&local);		/* find | cat | sort -u */
	for (size_t i = 0; i < local.n; i++)
		if ((rc = strv_push(&cand, local.v[i])) != 0)
			goto out;
	if (!w) {
		void *b;
		size_t len;
		struct ldc l = { src, &cand, NULL, 0 };

		if (jt_source_read_file(src, "/etc/ld-elf.so.conf", &b, &len,
		    &e) == 0)
			each_line(b, len, ldc_line, &l);
		if ((rc = l.rc) != 0)
			goto out;
	}
	for (size_t i = 0; i < cand.n; i++) {
		if (jt_source_resolve(src, cand.v[i], true, real, sizeof(real),
		    NULL, NULL, &e) != 0 ||
		    jt_source_lstat(src, real, &st, &e) != 0 ||
		    st.type != JT_FT_DIR)
			continue;
		/* rc.d/ldconfig: checkyesno ldconfig_insecure && _ins="-i" */
		if ((insecure == NULL || !jt_rcconf_is_yes(insecure)) &&
		    (st.uid != 0 || (st.mode & 022) != 0))
			continue;
		if ((rc = strv_push_uniq(&fr->hints[w], cand.v[i])) != 0)
			break;
	}
out:
	strv_free(&cand);
	strv_free(&local);
	jt_rcconf_free(rcc);
	if (rc != 0)
		return (jt_err_set(err, rc, 0, NULL, "hints: out of memory"));
	return (0);
}

int
fbsd_rules_load(struct fbsd_rules *fr, struct jt_source *src,
    const struct jt_platform_info *plat, struct jt_err *err)
{
	void *buf;
	size_t len;
	struct jt_err e;
	int r;

	memset(fr, 0, sizeof(*fr));
	for (int w = 0; w < 2; w++) {
		if ((fr->lm[w] = libmap_new()) == NULL)
			return (jt_err_set(err, JT_ENOMEM, 0, NULL, "libmap"));
		if (libmap_load(fr->lm[w], src, libmapfile[w]) != 0)
			return (jt_err_set(err, JT_ENOMEM, 0, libmapfile[w],
			    "out of memory"));
		if (jt_source_read_file(src, hintsfile[w], &buf, &len, &e) == 0 &&
		    hints_parse(buf, len, &fr->hints[w]))
			fr->hints_file[w] = true;
		else if ((r = hints_from_rc(fr, src, w, err)) != 0)
			return (r);
	}
	snprintf(fr->osrel, sizeof(fr->osrel), "%s", plat->release);
	fr->version = plat->version;
	fr->native32 = plat->elfclass == 32;
	/*
	 * $ORIGIN: the 10.1 rtld substitutes only under DF_ORIGIN/DF_1_ORIGIN
	 * (verified by disassembly, FreeBSD PR 187114); the 10.4 sources do
	 * it always.  Where the boundary lies in between is not pinned, so
	 * 10.1 and older (and an unknown version) get the strict rule.
	 */
	fr->origin_needs_flag = fr->version < 1002000;
	return (0);
}

void
fbsd_rules_free(struct fbsd_rules *fr)
{
	for (int w = 0; w < 2; w++) {
		libmap_free(fr->lm[w]);
		strv_free(&fr->hints[w]);
	}
}

const char *
fbsd_interp(const struct fbsd_rules *fr, const struct jt_elf_info *elf)
{
	/*
	 * The amd64 kernel runs 32-bit FreeBSD programs through the ia32
	 * brand, whose interp_newpath is /libexec/ld-elf32.so.1
	 * (sys/amd64/ia32/ia32_sysvec.c).  An i386 kernel (a native 32-bit
	 * root) runs PT_INTERP as it is.
	 */
	if (elf->interp != NULL && elf->elfclass == 32 && !fr->native32 &&
	    strcmp(elf->interp, "/libexec/ld-elf.so.1") == 0)
		return ("/libexec/ld-elf32.so.1");
	return (elf->interp);
}

/* --- the search --- */

struct fsearch {
	const struct fbsd_rules	*fr;
	const struct rtld_obj	*ref;
	const char		*name;
	int			 w;
	rtld_try_fn		*try;
	void			*arg;
};

static bool
z_origin(const struct jt_elf_info *e)
{
	return ((e->flags & DF_ORIGIN_) || (e->flags_1 & DF_1_ORIGIN_));
}

static void
values(const struct fsearch *fs, struct dst_values *v, char *origin,
    size_t olen)
{
	path_dirname(origin, olen, fs->ref->path);
	memset(v, 0, sizeof(*v));
	v->origin = origin;
	v->osname = "FreeBSD";
	v->osrel = fs->fr->osrel[0] ? fs->fr->osrel : "";
	v->platform = jt_elf_machine_name(fs->ref->elf->machine,
	    fs->ref->elf->elfclass);
}

/*
 * search_library_path(): split on ":" and ";"; each directory may be
 * rewritten by libmap (lm_findn(NULL, dir)); $ORIGIN and friends are
 * substituted in RPATH/RUNPATH (origin_subst), under DF_ORIGIN in 10.1.
 */
static int
search_path(const struct fsearch *fs, const char *list, enum jt_via via,
    bool subst, bool nodeflib)
{
	char dir[PATH_MAX], xdir[PATH_MAX], path[PATH_MAX], origin[PATH_MAX];
	struct dst_values v;
	const char *p = list, *e, *m;
	size_t n;
	int rc;

	if (list == NULL)
		return (0);
	values(fs, &v, origin, sizeof(origin));
	while (*p != '\0') {
		n = strcspn(p, ":;");
		e = p + n;
		if (n > 0 && n < sizeof(dir)) {
			memcpy(dir, p, n);
			dir[n] = '\0';
			if (subst && (!fs->fr->origin_needs_flag ||
			    z_origin(fs->ref->elf)) &&
			    dst_expand(xdir, sizeof(xdir), dir, &v))
				memcpy(dir, xdir, strlen(xdir) + 1);
			if ((m = libmap_lookup(fs->fr->lm[fs->w], NULL, NULL, dir)) != NULL)
				snprintf(dir, sizeof(dir), "%s", m);
			if (nodeflib && (strcmp(dir, "/lib") == 0 ||
			    strcmp(dir, "/usr/lib") == 0))
				goto next;
			if (snprintf(path, sizeof(path), "%s/%s", dir,
			    fs->name) < (int)sizeof(path) &&
			    (rc = fs->try(fs->arg, path, via, list)) != 0)
				return (rc);
		}
next:
		p = *e != '\0' ? e + 1 : e;
	}
	return (0);
}

static int
search_hints(const struct fsearch *fs, bool nodeflib)
{
	const struct jt_strv *h = &fs->fr->hints[fs->w];
	char path[PATH_MAX];
	int rc;

	for (size_t i = 0; i < h->n; i++) {
		/* gethints(nodeflib) drops /lib and /usr/lib from the list. */
		if (nodeflib && (strcmp(h->v[i], "/lib") == 0 ||
		    strcmp(h->v[i], "/usr/lib") == 0))
			continue;
		if (snprintf(path, sizeof(path), "%s/%s", h->v[i], fs->name) <
		    (int)sizeof(path) &&
		    (rc = fs->try(fs->arg, path, JT_VIA_HINTS, h->v[i])) != 0)
			return (rc);
	}
	return (0);
}

/*
 * find_library(), rtld.c (10.x), for a name without "/":
 *   libmap; DT_RPATH of the object (kept only when it has no DT_RUNPATH,
 *   digest_dynamic2()); DT_RPATH of the main program when the object has
 *   no DT_RUNPATH; LD_LIBRARY_PATH (unset in a jail's services); the
 *   object's DT_RUNPATH; the hints; /lib:/usr/lib unless DF_1_NODEFLIB.
 * A name with "/" is a path: no search, no libmap, $ORIGIN under
 * DF_ORIGIN; relative names are taken from "/", the jail's usual cwd.
 */
int
fbsd_search(const struct fbsd_rules *fr, struct fbsd_state *st,
    const struct rtld_obj *ref, const struct rtld_obj *main_obj,
    const char *xname, rtld_try_fn *try, void *arg, const char **mapped_from)
{
	const struct jt_elf_info *e = ref->elf;
	struct fsearch fs = { fr, ref, xname,
	    e->elfclass == 32 && !fr->native32, try, arg };
	bool nodeflib = (e->flags_1 & DF_1_NODEFLIB_) != 0;
	const char *rpath, *mapped;
	char path[PATH_MAX], origin[PATH_MAX];
	struct dst_values v;
	int rc;

	*mapped_from = NULL;
	if (strchr(xname, '/') != NULL) {
		values(&fs, &v, origin, sizeof(origin));
		if (!(fr->origin_needs_flag && !z_origin(e)) &&
		    dst_expand(path, sizeof(path), xname, &v))
			xname = path;
		return (try(arg, xname, JT_VIA_PATHNAME, NULL));
	}
	mapped = libmap_lookup(fr->lm[fs.w], st, ref->loadpath, xname);
	if (mapped != NULL && strcmp(mapped, xname) != 0) {
		*mapped_from = xname;
		fs.name = mapped;
	}
	rpath = e->runpath == NULL ? e->rpath : NULL;
	if ((rc = search_path(&fs, rpath, JT_VIA_RPATH, true, false)) != 0)
		return (rc);
	if (e->runpath == NULL && main_obj != NULL && main_obj != ref &&
	    main_obj->elf->runpath == NULL) {
		struct fsearch ms = fs;

		ms.ref = main_obj;	/* its $ORIGIN, its flags */
		if ((rc = search_path(&ms, main_obj->elf->rpath,
		    JT_VIA_MAIN_RPATH, true, false)) != 0)
			return (rc);
	}
	if ((rc = search_path(&fs, e->runpath, JT_VIA_RUNPATH, true,
	    false)) != 0)
		return (rc);
	if ((rc = search_hints(&fs, nodeflib)) != 0)
		return (rc);
	if (!nodeflib)
		return (search_path(&fs, stdpath[fs.w], JT_VIA_DEFAULT, false,
		    false));
	return (0);
}
