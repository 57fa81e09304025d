/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The closure engine's side of platform.h: which rules an object gets
 * (rtld-elf, its lib32 variant, glibc, glibc under FreeBSD's Linux ABI
 * layer), loading them once per resolver, the interpreter the kernel
 * really runs, what counts as "not there" in a lookup, and the note
 * on the rules a closure was resolved with.
 */
#include <stdio.h>
#include <string.h>

#include "resolve_int.h"

enum jt_platform
resolve_platform_of(const struct jt_resolver *r, const struct jt_elf_info *e)
{
	if (r->opts.platform != JT_PLAT_AUTO)
		return (r->opts.platform);
	if (e != NULL && e->abi == JT_ABI_FREEBSD)
		return (JT_PLAT_FREEBSD);
	if (e != NULL && e->abi == JT_ABI_LINUX)
		return (JT_PLAT_GLIBC);
	return (r->root_plat);
}

/*
 * The Linux ABI layer's prefix for e: a Linux object in a FreeBSD root
 * (its files are looked up under the prefix first, as the kernel's
 * linux_emul_path does), else NULL.
 */
const char *
resolve_prefix_of(const struct jt_resolver *r, const struct jt_elf_info *e)
{
	if (r->opts.platform != JT_PLAT_AUTO || e == NULL)
		return (NULL);
	return (jt_rulesets[jt_platform_rules(&r->plat, e)].prefixed ?
	    r->plat.linux_prefix : NULL);
}

int
resolve_rules_ready(struct jt_resolver *r, enum jt_platform p, bool compat,
    struct jt_err *err)
{
	int rc = 0;

	if (p == JT_PLAT_FREEBSD && !r->fbsd_ready) {
		if ((rc = fbsd_rules_load(&r->fr, r->src, &r->plat, err)) == 0)
			r->fbsd_ready = true;
	} else if (p == JT_PLAT_GLIBC && compat && !r->compat_ready) {
		if ((rc = glibc_rules_load(&r->gx, r->src, r->plat.linux_prefix,
		    err)) == 0)
			r->compat_ready = true;
	} else if (p == JT_PLAT_GLIBC && !compat && !r->glibc_ready) {
		if ((rc = glibc_rules_load(&r->gr, r->src, "", err)) == 0)
			r->glibc_ready = true;
	}
	return (rc);
}

/*
 * A path is absent only when the root says so, as it would to the kernel:
 * no such file, a component that is not a directory, a loop, '..' above
 * the root, a name too long.  Anything else is a failure to read the
 * source (an I/O error, a permission the host denies us, out of
 * descriptors or memory, content not kept): that stops the closure with
 * that error rather than pass for "not found" and give a silently wrong
 * closure.  Returns 0 (absent) or the error, copied to wk->err.
 */
int
resolve_lookup_failed(struct walk *wk, int rc, const struct jt_err *e)
{
	switch (rc) {
	case JT_ENOENT:
	case JT_ENOTDIR:
	case JT_ELOOP:
	case JT_EESCAPE:
	case JT_EINVAL:
		return (0);
	}
	if (wk->err != NULL)
		*wk->err = *e;
	return (rc);
}

/*
 * The interpreter the kernel runs for e: rtld-elf's brand rewrites (lib32),
 * and for a Linux program in a FreeBSD root the prefixed path when it
 * exists (linux_emul_path()).
 */
int
resolve_interp(struct walk *wk, const struct jt_elf_info *e, const char **interp,
    char *buf, size_t len)
{
	const char *prefix = resolve_prefix_of(wk->r, e);
	char real[PATH_MAX];
	struct jt_err ee;
	int rc;

	if (resolve_platform_of(wk->r, e) == JT_PLAT_FREEBSD) {
		if (!wk->r->fbsd_ready &&
		    (rc = resolve_rules_ready(wk->r, JT_PLAT_FREEBSD, false, wk->err)) != 0)
			return (rc);
		*interp = fbsd_interp(&wk->r->fr, e);
		return (0);
	}
	*interp = e->interp;
	if (prefix == NULL || e->interp == NULL || e->interp[0] != '/' ||
	    snprintf(buf, len, "%s%s", prefix, e->interp) >= (int)len)
		return (0);
	rc = jt_source_resolve(wk->r->src, buf, true, real, sizeof(real), NULL,
	    NULL, &ee);
	if (rc == 0)
		*interp = buf;
	return (rc == 0 ? 0 : resolve_lookup_failed(wk, rc, &ee));
}

/* The human note on the rules applied to the root object of c. */
const char *
resolve_rule_note(const struct jt_resolver *r, const struct jt_elf_info *e,
    struct closure *c)
{
	const struct jt_platform_info *p = &r->plat;
	const char *prefix = resolve_prefix_of(r, e);
	char buf[PATH_MAX + 128];

	if (c->pub.platform == JT_PLAT_FREEBSD && r->fbsd_ready) {
		if (!r->fr.origin_needs_flag)
			snprintf(buf, sizeof(buf), "rtld-elf, $ORIGIN always "
			    "expanded (FreeBSD >= 10.2%s%s%s)",
			    p->release_from == JT_RELEASE_ABI_NOTE ?
			    ": release " : "",
			    p->release_from == JT_RELEASE_ABI_NOTE ?
			    p->release : "",
			    p->release_from == JT_RELEASE_ABI_NOTE ?
			    ", from the ABI note" : "");
		else if (p->release_from == JT_RELEASE_UNKNOWN)
			snprintf(buf, sizeof(buf), "rtld-elf, $ORIGIN only "
			    "under DF_ORIGIN (FreeBSD release unknown: no "
			    "/bin/freebsd-version, no ABI note)");
		else
			snprintf(buf, sizeof(buf), "rtld-elf, $ORIGIN only "
			    "under DF_ORIGIN (FreeBSD <= 10.1%s%s%s)",
			    p->release_from == JT_RELEASE_ABI_NOTE ?
			    ": release " : "",
			    p->release_from == JT_RELEASE_ABI_NOTE ?
			    p->release : "",
			    p->release_from == JT_RELEASE_ABI_NOTE ?
			    ", from the ABI note" : "");
	} else if (prefix != NULL)
		snprintf(buf, sizeof(buf), "glibc ld.so under %s",
		    prefix[0] != '\0' ? prefix : "/");
	else
		snprintf(buf, sizeof(buf), "%s",
		    c->pub.platform == JT_PLAT_FREEBSD ? "rtld-elf" :
		    "glibc ld.so");
	return (arena_strdup(&c->arena, buf));
}

