/* SPDX-License-Identifier: BSD-2-Clause */
/* Private state of the verify stage (verify.c, verify_profile.c,
 * verify_jailconf.c). */
#ifndef JT_VERIFY_INT_H
#define JT_VERIFY_INT_H

#include <stdbool.h>
#include <stddef.h>

#include "jailtrim/build.h"
#include "jailtrim/verify.h"
#include "util.h"

struct jt_verify {
	struct jt_source	*src;		/* borrowed */
	struct jt_resolver	*r;
	struct jt_build		*rcb;		/* rc.d scripts, made on need */
	bool			 rc;
	struct jt_verify_finding *f;
	size_t			 nf, capf;
	struct jt_strv		 lines;		/* each finding's line: dedup */
	size_t			 nobjects;
	struct jt_strv		 prestart, commands, execs, params, probes;
};

/*
 * Add a finding (strings copied) unless an equal line is there:
 * 0, or JT_ENOMEM with err set.
 */
int	verify_add(struct jt_verify *v, enum jt_verify_kind kind,
	    const char *where, const char *path, const char *detail,
	    struct jt_err *err);
int	verify_addf(struct jt_verify *v, enum jt_verify_kind kind,
	    const char *where, const char *path, struct jt_err *err,
	    const char *fmt, ...) __attribute__((format(printf, 6, 7)));
/* Whether path is in the jail (symlinks followed inside it). */
bool	verify_exists(struct jt_verify *v, const char *path);
/* A "name:" line in the jail's file (/etc/passwd, /etc/group). */
bool	verify_has_account(struct jt_verify *v, const char *file,
	    const char *name);
/*
 * A program or plain file the jail needs: a program's closure problems
 * are findings (each names the object that needs what is missing); a
 * file that is not ELF is fine.
 */
int	verify_path(struct jt_verify *v, const char *path, struct jt_err *err);

#endif
