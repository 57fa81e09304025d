/* A jail.conf(5) stanza for the jail a plan describes. */
#ifndef JAILTRIM_JAILCONF_H
#define JAILTRIM_JAILCONF_H

#include <stddef.h>

#include "jailtrim/err.h"

struct jt_jailconf {
	const char	 *name;
	const char	 *path;
	const char	 *hostname;	/* NULL: the name */
	const char *const *ip4;		/* addresses */
	size_t		  nip4;
	const char *const *ip6;
	size_t		  nip6;
	int		  devfs_ruleset;	/* 0: jail(8)'s default, 4 */
	const char	 *exec_start;	/* NULL: none */
	const char *const *exec_start_list;	/* or several, in order */
	size_t		  nexec_start;
	const char	 *exec_stop;
	const char *const *params;	/* "key=value" or "flag", extra */
	size_t		  nparams;
};

/*
 * Render c into a malloc'd string (*out, caller frees).  Values are quoted
 * as jail.conf needs; a name or key that jail.conf cannot hold is
 * JT_EINVAL.
 */
int	jt_jailconf_render(const struct jt_jailconf *c, char **out,
	    struct jt_err *err);

#endif
