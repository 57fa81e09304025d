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
	const char	 *out_jailconf;	/* a path several jails of a fleet
					   share: one file, a stanza each */
	const char	 *out_rcconf;	/* the host's rc.conf lines */
	bool		  has_epoch;
	int64_t		  epoch;	/* seconds, when has_epoch */
	/*
	 * "ip4-plan IFACE NET/LEN" (and ip6-plan): each NULL when not given.
	 * jt_fleet_parse() hands a jail without an ip4 (ip6) the plan's
	 * next free address, so ip4 holds it already ("IFACE|ADDR/32").
	 */
	const char	 *ip4_plan_iface, *ip4_plan_net;
	const char	 *ip6_plan_iface, *ip6_plan_net;
	/*
	 * "uid-range FIRST COUNT": the jail's uids and gids are
	 * FIRST..FIRST+COUNT-1.  In a fleet the shared section's range is a
	 * pool: the k-th jail block (from 0) without its own gets
	 * FIRST+k*COUNT, COUNT ids; jt_fleet_parse() fills it in here.
	 */
	bool		  has_uid_range;
	uint32_t	  uid_first, uid_count;
	/* "resolv PATH": a host file as the jail's /etc/resolv.conf */
	const char	 *resolv;
	bool		  renumber;	/* renumber yes */
	const char	 *timezone;	/* NULL: none asked for */
	bool		  wall_cmos_clock;
	const char	 *rootpw_file;	/* host path; NULL: root locked */
	/* build's --allow-incomplete, --bare, --no-ca: "allow-incomplete
	   yes" etc.; a flag on the command line sets them too */
	bool		  allow_incomplete;
	bool		  bare;
	bool		  no_ca;
};

/*
 * A fleet: a manifest in the same line format plus "jail NAME {" ... "}"
 * blocks (see jailtrim-manifest(5)):
 *
 *	source    base.txz
 *	output    dir /jails/${name}
 *	output    jailconf /etc/jail.conf.d/prisoners.conf
 *	ip4-plan  lo1 127.0.1.0/24
 *	jail www {
 *		profile httpd
 *	}
 *
 * Every line above the first block is shared; each block starts from the
 * shared settings, adds to their lists and overrides their single values;
 * "${name}" in any value is the block's jail name, which is the jail's
 * name ("name" is refused in a fleet).  A manifest without blocks is a
 * fleet of one jail, parsed exactly as jt_manifest_parse() parses it.
 * Jails are in block order; addresses from a plan and uid ranges from a
 * pool are handed out in that order.  Errors as jt_manifest_parse()'s,
 * "file:line" naming the line (a block's own line for what concerns the
 * block as a whole).
 */
#define JT_FLEET_MAX	256		/* jail blocks in one file */

struct jt_fleet {
	const char	 *file;
	bool		  blocks;	/* false: a one-jail manifest */
	struct jt_manifest *const *jails;
	size_t		  njails;	/* at least 1 */
};

int	jt_fleet_load(struct jt_fleet **out, const char *path,
	    struct jt_err *err);
int	jt_fleet_parse(struct jt_fleet **out, const char *text, size_t len,
	    const char *path, struct jt_err *err);
void	jt_fleet_free(struct jt_fleet *f);
/* The jail named name, or NULL. */
const struct jt_manifest *jt_fleet_find(const struct jt_fleet *f,
	    const char *name);

/*
 * The host's rc.conf lines for jails (n of them, in order): jail_enable,
 * jail_list, cloned_interfaces for the lo(4) interfaces other than lo0
 * their addresses name, and (commented out) the aliases of other
 * interfaces, which only a jail(8) older than FreeBSD 9.1 does not add
 * itself.  file names the manifest in the header comment.  *out is
 * malloc'd text.
 */
int	jt_fleet_rcconf(const struct jt_manifest *const *jails, size_t n,
	    const char *file, char **out, struct jt_err *err);

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
