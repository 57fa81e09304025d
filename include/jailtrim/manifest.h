/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Manifests: one concrete jail, declared in a commented, line-based text
 * file (see jailtrim-manifest(5)) that "jailtrim build MANIFEST" builds:
 *
 *	# named.jail
 *	name     named
 *	source   /usr/freebsd-dist/base.txz
 *	source   bind99-9.9.5.pkg
 *	profile  named
 *	mode     exec
 *	ip4      lo1|127.0.1.53/32
 *	output   dir /jails/named
 *	output   tarball /jails/named.txz
 *
 * Relative host paths (source, output, a profile given as a path) are
 * taken relative to the manifest's directory; include paths are absolute
 * paths inside the jail.
 */
#ifndef JAILTRIM_MANIFEST_H
#define JAILTRIM_MANIFEST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "jailtrim/err.h"

/*
 * A parsed manifest, read-only.  Every string and array belongs to the
 * manifest and lives until jt_manifest_free().  Each list is never NULL
 * and is also NULL-terminated, so ip4, ip6 and params can be handed to
 * struct jt_jailconf as they are.
 */
struct jt_manifest {
	const char	 *file;		/* the manifest's path, as given */
	const char	 *name;		/* jail name: "name", else the file's
					   name without ".jail" */
	const char	 *hostname;	/* NULL: the name */
	const char *const *sources;	/* host paths, stacked in order */
	size_t		  nsources;
	const char *const *profiles;	/* names, or host paths (with '/') */
	size_t		  nprofiles;
	const char *const *includes;	/* absolute paths inside the jail */
	size_t		  nincludes;
	const char *const *packages;	/* package names (build --pkg) */
	size_t		  npackages;
	const char *const *ip4;		/* "[IFACE|]ADDR[/LEN]" */
	size_t		  nip4;
	const char *const *ip6;
	size_t		  nip6;
	const char *const *params;	/* "key=value" or "flag" */
	size_t		  nparams;
	const char *const *defines;	/* "NAME=VALUE": profile variables */
	size_t		  ndefines;
	bool		  rc;		/* mode rc; false: mode exec */
	const char	 *out_dir;	/* each NULL when not asked for */
	const char	 *out_tarball;
	const char	 *out_mtree;
	const char	 *out_jailconf;
	bool		  has_epoch;
	int64_t		  epoch;	/* seconds, when has_epoch */
	bool		  has_uid_range;	/* uid-range FIRST COUNT */
	uint32_t	  uid_first, uid_count;
	bool		  renumber;	/* renumber yes */
	const char	 *timezone;	/* NULL: none asked for */
	bool		  wall_cmos_clock;
	const char	 *rootpw_file;	/* host path; NULL: root locked */
};

/*
 * Read and parse the manifest at path (at most 1 MiB).  Syntax errors are
 * JT_EFORMAT with "path:line" in err->path; a manifest without a source
 * or an output is JT_EINVAL with the path alone.  *out is the manifest
 * (free with jt_manifest_free) or NULL on error.
 */
int	jt_manifest_load(struct jt_manifest **out, const char *path,
	    struct jt_err *err);
/*
 * Parse manifest text (len bytes, need not be NUL-terminated).  path names
 * the file in errors, and its directory is where relative paths start.
 */
int	jt_manifest_parse(struct jt_manifest **out, const char *text,
	    size_t len, const char *path, struct jt_err *err);
void	jt_manifest_free(struct jt_manifest *m);

#endif
