/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Symbol and version checks, as rtld-elf does them at start-up
 * (rtld_verify_object_versions(), check_object_provided_version(),
 * symlook_obj() in libexec/rtld-elf/rtld.c; facts in
 * ../shared/docs/freebsd-runtime.md §2) and as glibc does (dl-version.c
 * match_symbol(), do_lookup_x()).
 */
#include <stdlib.h>
#include <string.h>

#include "jailtrim/err.h"
#include "symcheck.h"
#include "util.h"

struct sc_defs {
	uint32_t	*slot;		/* index + 1 into elf->syms, 0 empty */
	size_t		 cap;		/* power of two */
};

void
sc_defs_free(struct sc_defs *d)
{
	if (d != NULL) {
		free(d->slot);
		free(d);
	}
}

static struct sc_defs *
defs_build(const struct jt_elf_info *e)
{
	struct sc_defs *d;
	size_t ndef = 0;

	for (size_t i = 0; i < e->nsyms; i++)
		ndef += e->syms[i].defined;
	if ((d = calloc(1, sizeof(*d))) == NULL)
		return (NULL);
	for (d->cap = 16; d->cap < ndef * 2; d->cap *= 2)
		;
	if ((d->slot = calloc(d->cap, sizeof(*d->slot))) == NULL) {
		free(d);
		return (NULL);
	}
	for (size_t i = 0; i < e->nsyms; i++) {
		size_t j;

		if (!e->syms[i].defined)
			continue;
		for (j = e->syms[i].hash & (d->cap - 1); d->slot[j] != 0;
		    j = (j + 1) & (d->cap - 1))
			;
		d->slot[j] = (uint32_t)i + 1;
	}
	return (d);
}

static bool
has_name(const struct sc_member *m, const char *name)
{
	for (size_t i = 0; i < m->nnames; i++)
		if (strcmp(m->names[i], name) == 0)
			return (true);
	return (false);
}

/*
 * Does m define ref?  A versioned reference takes a definition of that
 * version (hidden or not), or an unversioned one from an object that has
 * no version information and is not the file the version belongs to; an
 * unversioned reference takes a default (non-hidden) definition.
 */
static bool
defines(struct sc_member *m, const struct jt_elf_sym *ref)
{
	const struct jt_elf_info *e = m->elf;
	struct sc_defs *d = *m->defs;

	/* Unknown symbols (sstrip), or out of memory: do not accuse. */
	if (!e->syms_known)
		return (true);
	if (d == NULL && (d = *m->defs = defs_build(e)) == NULL)
		return (true);
	for (size_t j = ref->hash & (d->cap - 1); d->slot[j] != 0;
	    j = (j + 1) & (d->cap - 1)) {
		const struct jt_elf_sym *s = &e->syms[d->slot[j] - 1];

		if (s->hash != ref->hash || strcmp(s->name, ref->name) != 0)
			continue;
		if (ref->version == NULL) {
			if (!s->hidden)
				return (true);
		} else if (s->version != NULL) {
			if (strcmp(s->version, ref->version) == 0)
				return (true);
		} else if (e->nvdef == 0 &&
		    (ref->vfile == NULL || !has_name(m, ref->vfile))) {
			return (true);
		}
	}
	return (false);
}

static struct sc_member *
by_name(struct sc_member *m, size_t n, const char *file)
{
	for (size_t i = 0; i < n; i++)
		if (has_name(&m[i], file))
			return (&m[i]);
	return (NULL);
}

static int
check_versions(struct sc_member *m, size_t n, struct sc_member *obj,
    sc_report_fn *fn, void *arg)
{
	const struct jt_elf_info *e = obj->elf;
	struct sc_member *dep;
	int rc = 0;

	for (size_t i = 0; i < e->nvneed && rc == 0; i++) {
		const struct jt_elf_vneed *vn = &e->vneed[i];
		bool found = false;

		/* "Unexpected inconsistency: dependency %s not found" */
		if ((dep = by_name(m, n, vn->file)) == NULL) {
			rc = fn(arg, JT_SYMERR_NOFILE, obj->node, NULL,
			    vn->name, vn->file, -1);
			continue;
		}
		/*
		 * rtld-elf: a dependency without DT_VERDEF is fatal even for a
		 * weak need ("version %s required by %s not defined"); glibc
		 * only warns ("no version information available").
		 */
		if (!dep->elf->syms_known)
			continue;	/* its versions are unknown */
		if (dep->elf->nvdef == 0) {
			if (obj->freebsd)
				rc = fn(arg, JT_SYMERR_NOVERDEF, obj->node, NULL,
				    vn->name, vn->file, dep->node);
			continue;
		}
		for (size_t j = 0; j < dep->elf->nvdef && !found; j++)
			found = strcmp(dep->elf->vdef[j], vn->name) == 0;
		if (!found && !vn->weak)
			rc = fn(arg, JT_SYMERR_VERSION, obj->node, NULL,
			    vn->name, vn->file, dep->node);
	}
	return (rc);
}

static int
check_symbols(struct sc_member *m, size_t n, struct sc_member *obj,
    bool program, sc_report_fn *fn, void *arg)
{
	const struct jt_elf_info *e = obj->elf;
	struct sc_member *prov;
	int rc = 0;

	for (size_t i = 0; i < e->nsyms && rc == 0; i++) {
		const struct jt_elf_sym *s = &e->syms[i];
		bool ok = false;

		if (s->defined || s->weak)
			continue;
		prov = s->vfile != NULL ? by_name(m, n, s->vfile) : NULL;
		/* Alone, only what a named version promises is checked. */
		if (!program && prov == NULL)
			continue;
		if (prov != NULL && defines(prov, s))
			continue;
		for (size_t j = 0; j < n && !ok; j++)
			ok = &m[j] != obj && &m[j] != prov && defines(&m[j], s);
		if (!ok)
			rc = fn(arg, JT_SYMERR_UNDEF, obj->node, s->name,
			    s->version, s->vfile, prov != NULL ? prov->node : -1);
	}
	return (rc);
}

int
symcheck_run(struct sc_member *m, size_t n, bool program, sc_report_fn *fn,
    void *arg)
{
	int rc = 0;

	for (size_t i = 0; i < n && rc == 0; i++) {
		if (!m[i].elf->syms_known)
			continue;	/* nothing known to check */
		if ((rc = check_versions(m, n, &m[i], fn, arg)) == 0)
			rc = check_symbols(m, n, &m[i], program, fn, arg);
	}
	return (rc);
}
