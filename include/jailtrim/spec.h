/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * One jail specification: everything the planning stage decided about a
 * jail, in one place, for the writers (write.h) and whoever reports on
 * it.  The plan says which files the jail holds; the rest says how it
 * runs (exec.start, exec.stop, jail.conf parameters), who it needs
 * (users, groups), how to tell it works (probes), its /etc/hosts name and
 * what kept it from being whole (problems, warnings).
 *
 * jt_build_spec() fills one from a finished build.  Nothing is copied:
 * every pointer is the build's, valid until the build is changed or
 * freed.  A writer reads a spec and never a struct jt_build, so an output
 * does not depend on how the plan was made.
 */
#ifndef JAILTRIM_SPEC_H
#define JAILTRIM_SPEC_H

#include <stdbool.h>
#include <stddef.h>

#include "jailtrim/plan.h"

/* n strings in order (v NULL when n is 0). */
struct jt_strlist {
	const char *const *v;
	size_t		   n;
};

struct jt_jailspec {
	struct jt_plan	 *plan;		/* the files */
	bool		  rc;		/* boots /etc/rc (jt_build_set_rc) */
	/*
	 * Unable to start: unresolved libraries, symbol errors, missing
	 * required files, one message each.  A spec with problems is not
	 * written.
	 */
	struct jt_strlist problems;
	struct jt_strlist warnings;	/* worth knowing, not fatal */
	struct jt_strlist commands;	/* exec.start, prestart ones first */
	struct jt_strlist stops;	/* exec.stop */
	struct jt_strlist params;	/* "key=value" or "flag", profiles' */
	struct jt_strlist users;	/* accounts the profiles name */
	struct jt_strlist groups;
	struct jt_strlist probes;	/* "tcp 22 SSH-2.0-" */
	const char	 *hostname;	/* /etc/hosts' name, or NULL */
	struct jt_strlist hosts;	/* its addresses, bare */
};

#endif
