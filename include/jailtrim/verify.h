/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Static verification of a finished jail, using only what is inside it:
 * every ELF object's closure and symbols under the jail's own rules
 * (hints, libmap, ld.so.conf), each profile checked against the jail
 * rather than planned from it, and a jail.conf stanza against the jail.
 *
 * The result is a list of findings, each saying what fails (kind), where
 * (the file concerned) and why (in words, with what needs it).  Nothing
 * is printed here; jt_verify_finding_str() gives the one-line form the
 * CLI prints.  Starting the jail (start.h) is the caller's next step:
 * jt_verify_commands() and friends say how the profiles start it.
 *
 *	jt_verify_new(&v, src, &err);
 *	jt_verify_set_rc(v, rc);
 *	jt_verify_jailconf_parse(v, text, len, file, name, &stanza, &err);
 *	jt_verify_profile(v, profile, &err);	   (each profile)
 *	jt_verify_jailconf(v, stanza, root, &err);
 *	jt_verify_objects(v, &err);
 *	findings = jt_verify_findings(v, &n);
 *
 * The order of the calls is the order of the findings; a finding equal
 * (as a line) to an earlier one is not added again.
 */
#ifndef JAILTRIM_VERIFY_H
#define JAILTRIM_VERIFY_H

#include <stdbool.h>
#include <stddef.h>

#include "jailtrim/err.h"
#include "jailtrim/profile.h"
#include "jailtrim/resolve.h"
#include "jailtrim/source.h"

struct jt_verify;
struct jt_jailconf_stanza;

enum jt_verify_kind {
	JT_VERIFY_OBJECT,	/* an ELF closure or symbol check fails */
	JT_VERIFY_UNREADABLE,	/* an object that could not be analysed */
	JT_VERIFY_MISSING,	/* a path a profile or config needs is absent */
	JT_VERIFY_DIR,		/* a directory's type, mode or owner */
	JT_VERIFY_ACCOUNT,	/* a user or group absent or out of sync */
	JT_VERIFY_CONFIG,	/* a service config (PAM...) names what fails */
	JT_VERIFY_COMMAND,	/* a command line cannot run in the jail */
	JT_VERIFY_RC,		/* an rc.d script, in an rc jail */
	JT_VERIFY_JAILCONF,	/* the jail.conf stanza: syntax, path, user */
};

struct jt_verify_finding {
	enum jt_verify_kind	 kind;
	const char		*where;	/* what needs it ("profile sshd
					   (sshd.profile:12)"), or NULL */
	const char		*path;	/* the file concerned, or NULL */
	const char		*detail; /* why it fails, in words */
};

/* src is borrowed and must outlive v. */
int	jt_verify_new(struct jt_verify **out, struct jt_source *src,
	    struct jt_err *err);
void	jt_verify_free(struct jt_verify *v);

/* The rules of the jail (rtld-elf or glibc), for loading profiles. */
enum jt_platform jt_verify_platform(const struct jt_verify *v);

/* An rc jail boots /etc/rc: profiles' "rcd" scripts are checked too. */
void	jt_verify_set_rc(struct jt_verify *v, bool rc);

/*
 * Every item of a loaded profile, checked against the jail: programs,
 * files and modules exist with their closures; directories exist with
 * the profile's mode and owner (owner by the jail's own names); users
 * and groups are in the jail's files (and, on FreeBSD, pwd.db, which
 * libc reads); commands run a program the jail has; PAM, NSS and server
 * configurations name only what the jail has.  Errors are I/O and
 * memory only: what fails is a finding.
 */
int	jt_verify_profile(struct jt_verify *v, const struct jt_profile *p,
	    struct jt_err *err);

/*
 * Parse a jail.conf (text of len bytes, named file in messages) and
 * take its stanza name (any if NULL): *out is the stanza, or NULL with
 * a JT_VERIFY_JAILCONF finding when it does not parse.
 */
int	jt_verify_jailconf_parse(struct jt_verify *v, const char *text,
	    size_t len, const char *file, const char *name,
	    struct jt_jailconf_stanza **out, struct jt_err *err);

/*
 * A stanza against the jail, as jail(8) would need it: its path is root
 * (the host directory verified; NULL when that is an archive, then path
 * need only be set), each exec.start and exec.stop runs a program the
 * jail has, found as jail(8) finds it, with its closure, and
 * exec.jail_user is in the jail's /etc/passwd.
 */
int	jt_verify_jailconf(struct jt_verify *v,
	    const struct jt_jailconf_stanza *s, const char *root,
	    struct jt_err *err);

/* Every ELF object of the jail: closure and symbols. */
int	jt_verify_objects(struct jt_verify *v, struct jt_err *err);

/* The findings so far, in order; valid until the next call on v. */
const struct jt_verify_finding *jt_verify_findings(const struct jt_verify *v,
	    size_t *n);
/* How many objects jt_verify_objects() analysed. */
size_t	jt_verify_nobjects(const struct jt_verify *v);

/* "WHERE: DETAIL" (or DETAIL alone) into buf, cut to len; returns buf. */
const char *jt_verify_finding_str(const struct jt_verify_finding *f,
	    char *buf, size_t len);

/*
 * What the profiles say about starting the jail: exec.start commands in
 * order (prestart ones first; "/bin/sh /etc/rc" in an rc jail), the
 * jail.conf parameters ("key=value" or "flag") and the probes ("tcp 22
 * SSH-2.0-").  Valid until jt_verify_free().
 */
const char *const *jt_verify_commands(const struct jt_verify *v, size_t *n);
const char *const *jt_verify_params(const struct jt_verify *v, size_t *n);
const char *const *jt_verify_probes(const struct jt_verify *v, size_t *n);

#endif
