/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Building a jail's plan from what the user asks for: paths (-i) and
 * profiles.  This is the planning stage: closures are resolved and entries
 * added to the plan; nothing is written.  What the jail needs to run (the
 * commands, jail.conf parameters, probes) is collected for the writers.
 * Checking a finished jail is verify.h's work.
 */
#ifndef JAILTRIM_BUILD_H
#define JAILTRIM_BUILD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "jailtrim/accounts.h"
#include "jailtrim/err.h"
#include "jailtrim/plan.h"
#include "jailtrim/profile.h"
#include "jailtrim/resolve.h"
#include "jailtrim/source.h"
#include "jailtrim/spec.h"

struct jt_build;

int	jt_build_new(struct jt_build **out, struct jt_source *src,
	    struct jt_err *err);
void	jt_build_free(struct jt_build *b);
/*
 * The same over r, a resolver of src the caller made (jt_resolver_new)
 * and frees after the build: builds from one source in turn (a fleet's
 * jails) share it, so what one resolved the next finds in its memo
 * instead of reading and parsing every object again.  NULL: a resolver
 * of the build's own, as jt_build_new().
 */
int	jt_build_new_shared(struct jt_build **out, struct jt_source *src,
	    struct jt_resolver *r, struct jt_err *err);

enum jt_platform jt_build_platform(const struct jt_build *b);

/*
 * An rc jail boots /etc/rc: profiles' "rcd" scripts come with the rc.d
 * scripts they REQUIRE and the programs those name, an /etc/rc.conf
 * enables them, and exec.start is "/bin/sh /etc/rc".  The default is a
 * single-process jail whose exec.start runs the service directly.
 */
void	jt_build_set_rc(struct jt_build *b, bool rc);

/*
 * Every jail gets a skeleton (build_skel.c): /dev for devfs, /tmp, /var/run
 * (/run on Linux), /var/log, and the source's resolver, hosts, services,
 * time zone and login files when it has them.  bare leaves it out: the
 * jail holds only what was asked for (and its accounts).
 */
void	jt_build_set_bare(struct jt_build *b, bool bare);
/*
 * The mtime the written files get (the writer's epoch): a file its
 * service reads only when newer than time 0 (nsd's zone files) is a
 * warning when it is 0.  Not set: no such warning.
 */
void	jt_build_set_epoch(struct jt_build *b, int64_t epoch);

/*
 * A path as "-i PATH" means it: a directory with everything below it
 * (as shrink keeps it), anything else as jt_build_add_path() adds it.
 */
int	jt_build_add_included(struct jt_build *b, const char *path,
	    const char *why, struct jt_err *err);

/*
 * The jail's hostname and addresses ("[IFACE|]ADDR[/LEN]", as jail(8)
 * takes them; copied): jt_build_finish() adds a line per address to
 * /etc/hosts (the source's, kept) unless the name already maps to it,
 * 127.0.0.1 and ::1 when there is none.  NULL or "": no line.
 */
int	jt_build_set_host(struct jt_build *b, const char *hostname,
	    const char *const *addrs, size_t naddrs, struct jt_err *err);

/*
 * The jail's id range, first..first+count-1 (FreeBSD roots only; other
 * roots are JT_EUNSUPP): /etc/pw.conf gets minuid, maxuid, mingid and
 * maxgid (the source's other lines kept).  With renumber, the kept
 * accounts jt_accounts_renumber() moves are moved into it, in the
 * account files and as the owners of every entry of the plan;
 * jt_build_finish() fails before anything is written when the range has
 * no room for them.  jt_build_renumbered() lists the moves.
 */
/* "FIRST" and "COUNT" as decimal ids, checked as jt_build_set_ids() does. */
int	jt_uid_range_parse(const char *first, const char *count,
	    uint32_t *f, uint32_t *c, struct jt_err *err);
int	jt_build_set_ids(struct jt_build *b, uint32_t first, uint32_t count,
	    bool renumber, struct jt_err *err);
const struct jt_acct_move *jt_build_renumbered(const struct jt_build *b,
	    size_t *n);

/*
 * /etc/localtime as a copy of the source's /usr/share/zoneinfo/ZONE (a
 * regular file: the jail sees only its root); a zone the source lacks is
 * JT_ENOENT naming it, at once.  zone NULL: the source's localtime as
 * the skeleton keeps it.  wall_cmos: an empty /etc/wall_cmos_clock
 * (FreeBSD roots only).
 */
int	jt_build_set_timezone(struct jt_build *b, const char *zone,
	    bool wall_cmos, struct jt_err *err);

/*
 * root's password in the jail's account files (a FreeBSD root's
 * master.passwd and spwd.db, a Linux root's shadow): locked ("*"), never
 * the source's, unless set here to a crypt(3) hash (checked by
 * jt_rootpw_check()).
 */
int	jt_build_set_rootpw(struct jt_build *b, const char *hash,
	    struct jt_err *err);
/*
 * text (len bytes) is one line holding a crypt(3) hash: "$id$salt$hash"
 * (id 1 to 4 of [0-9a-z]), 13 characters of DES or 20 of "_" extended
 * DES.  Anything else (a clear password, say) is JT_EFORMAT, and the
 * message never repeats the value.  *hash is malloc'd, without "\n".
 */
int	jt_rootpw_check(const char *text, size_t len, char **hash,
	    struct jt_err *err);
/*
 * The hash in host file path, refused (JT_EINVAL) when group or others
 * may read or write it: a hash others read is one they crack offline.
 */
int	jt_rootpw_read(const char *path, char **hash, struct jt_err *err);

/* A path: a program or script with its closure, else as the source has it. */
int	jt_build_add_path(struct jt_build *b, const char *path, const char *why,
	    struct jt_err *err);
/* Every item of a loaded profile. */
int	jt_build_add_profile(struct jt_build *b, const struct jt_profile *p,
	    struct jt_err *err);
/*
 * An rc.d script, /etc/rc.d/NAME or /usr/local/etc/rc.d/NAME, kept as a
 * profile's "rcd" keeps it in an rc jail: with the program its command=
 * runs, the scripts it REQUIREs and the programs they name.
 */
int	jt_build_add_rcd(struct jt_build *b, const char *name, const char *why,
	    struct jt_err *err);

/*
 * Packages as units (pkgdb.h): the package NAME of the source's package
 * databases, with its dependencies, each with every path it registers
 * but its documentation (jt_pkg_is_doc; kept after
 * jt_build_set_docs(b, true)): objects and scripts with their closures,
 * other files and directories as they are.  A name no package of the
 * source provides is JT_ENOENT naming it and the databases read; a
 * dependency none provides, or a registered file the source lacks, is a
 * warning.  A package already included is not added again.
 */
int	jt_build_add_package(struct jt_build *b, const char *name,
	    const char *why, struct jt_err *err);
void	jt_build_set_docs(struct jt_build *b, bool docs);
/* The packages included, in order; strings valid until jt_build_free(). */
struct jt_build_pkg {
	const char	*name;
	const char	*version;
	const char	*why;		/* "asked for (--pkg)", "a dependency
					   of NAME; ..." */
	size_t		 npaths;	/* paths it registers, docs left out */
};
const struct jt_build_pkg *jt_build_packages(const struct jt_build *b,
	    size_t *n);

/*
 * Last additions that depend on everything else: the skeleton, the pruned
 * accounts, the closure of every ELF object the plan holds (however it
 * came: a tree, a glob, a config's directory; its misses are problems as
 * a program's are), the FreeBSD hints file for library directories the
 * hints reach.  Then the plan is complete.
 */
int	jt_build_finish(struct jt_build *b, struct jt_err *err);

/*
 * The finished build as one jail specification (spec.h), what the writers
 * read: *out points into b, valid until b is changed or freed.
 */
void	jt_build_spec(struct jt_build *b, struct jt_jailspec *out);

/*
 * Shorthands for single fields of jt_build_spec()'s: the plan, the
 * problems (a build with problems should not be written) and the others
 * named as the spec names them.
 */
struct jt_plan *jt_build_plan(struct jt_build *b);
const char *const *jt_build_problems(const struct jt_build *b, size_t *n);
const char *const *jt_build_warnings(const struct jt_build *b, size_t *n);
const char *const *jt_build_commands(const struct jt_build *b, size_t *n);
const char *const *jt_build_stops(const struct jt_build *b, size_t *n);
const char *const *jt_build_params(const struct jt_build *b, size_t *n);
const char *const *jt_build_users(const struct jt_build *b, size_t *n);
const char *const *jt_build_groups(const struct jt_build *b, size_t *n);
const char *const *jt_build_probes(const struct jt_build *b, size_t *n);

#endif
