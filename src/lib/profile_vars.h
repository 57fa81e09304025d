/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Profile variables, private to the profile parser: "var NAME DEFAULT"
 * declares one, "${NAME}" in a later line is replaced by its value, and
 * -D NAME=VALUE (given to the load) replaces the default.
 */
#ifndef JT_PROFILE_VARS_H
#define JT_PROFILE_VARS_H

#include <stdbool.h>
#include <stddef.h>

#include "jailtrim/profile.h"
#include "util.h"

struct pvars {
	struct jt_arena		*arena;	/* the profile's: values live there */
	const char *const	*defs;	/* "NAME=VALUE", later ones win */
	size_t			 ndefs;
	struct jt_map		 byname;	/* name -> struct jt_profile_var */
	struct jt_ptrv		 order;		/* in order of declaration */
};

/*
 * Copy in to out with every ${NAME} replaced.  0, or -1 with why (an
 * unknown or malformed reference, a line grown too long) in msg.
 */
int	pvars_expand(const struct pvars *pv, const char *in, char *out,
	    size_t len, char *msg, size_t msglen);
/*
 * Declare name with default def, declared at file:line.  The first
 * declaration wins (an includer's, made before its include, sets the
 * included profile's default).  0, -1 with msg, or JT_ENOMEM.
 */
int	pvars_declare(struct pvars *pv, const char *name, const char *def,
	    const char *file, int line, char *msg, size_t msglen);
/* The variables as an arena array, in order of declaration. */
int	pvars_finish(struct pvars *pv, const struct jt_profile_var **out,
	    size_t *n);
void	pvars_free(struct pvars *pv);

#endif
