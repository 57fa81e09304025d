/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * dlopen(name) as the root's run-time linker does it for a program of the
 * root's own kind: the paths it would try, in order.  The service-config
 * readers use this for modules loaded by name (nsdispatch's
 * "nss_NAME.so.1", glibc's "libnss_NAME.so.2"), so that they search as the
 * linker does (libmap.conf, the hints, ld.so.conf), not a list of their
 * own.  dlopen() searches with the main program as the referencing object
 * (freebsd-runtime.md §1.9); a service's RPATH/RUNPATH is not known here,
 * so the stand-in program has none.
 */
#include <string.h>

#include <gelf.h>

#include "rtld.h"

struct collect {
	struct jt_strv	*out;
};

static int
collect(void *arg, const char *path, enum jt_via via, const char *dir)
{
	struct collect *c = arg;

	(void)via;
	(void)dir;
	return (strv_push_uniq(c->out, path) != 0 ? JT_ENOMEM : 0);
}

int
rtld_dlopen_paths(struct jt_source *src, const struct jt_platform_info *plat,
    const char *name, struct jt_strv *out, struct jt_err *err)
{
	struct jt_elf_info ei;
	struct rtld_obj ro = { .elf = &ei, .path = "/", .loadpath = "/" };
	struct collect c = { out };
	const char *mapped;
	int rc;

	memset(&ei, 0, sizeof(ei));
	/* A root without evidence: the 64-bit native rules, as before. */
	ei.elfclass = plat->elfclass != 0 ? plat->elfclass : 64;
	ei.machine = plat->machine != 0 ? plat->machine : EM_X86_64;
	ei.msb = plat->msb;
	if (plat->os == JT_PLAT_FREEBSD) {
		struct fbsd_rules fr;

		if ((rc = fbsd_rules_load(&fr, src, plat, err)) == 0)
			rc = fbsd_search(&fr, NULL, &ro, NULL, name, collect,
			    &c, &mapped);
		fbsd_rules_free(&fr);
	} else {
		struct glibc_rules gr;

		if ((rc = glibc_rules_load(&gr, src, "", err)) == 0)
			rc = glibc_search(&gr, &ro, name, collect, &c);
		glibc_rules_free(&gr);
	}
	if (rc == JT_ENOMEM)
		jt_err_set(err, rc, 0, name, "out of memory");
	return (rc < 0 ? rc : 0);
}
