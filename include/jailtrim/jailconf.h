/* SPDX-License-Identifier: BSD-2-Clause */
/* A jail.conf(5) stanza for the jail a plan describes. */
#ifndef JAILTRIM_JAILCONF_H
#define JAILTRIM_JAILCONF_H

#include <stdbool.h>
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
	bool		  no_devfs;	/* no /dev in the jail: no mount.devfs */
	const char	 *exec_start;	/* NULL: none */
	const char *const *exec_start_list;	/* or several, in order */
	size_t		  nexec_start;
	const char	 *exec_stop;
	const char *const *params;	/* "key=value" or "flag", extra */
	size_t		  nparams;
};

/* Longest parameter name jailtrim writes, with its NUL. */
#define JT_JAILCONF_KEY_MAX	128

/*
 * Check one extra parameter, "key" or "key=value" (blanks before '='
 * allowed), before it is rendered: the key must be a jail(8) parameter
 * name (words of letters, digits and '_' joined by single dots) and not
 * one the stanza sets itself (name, path, host.hostname, ip4.addr,
 * ip6.addr); the value, quoted when rendered, must hold no control
 * character but tab and newline.  0 or JT_EINVAL (message in err, no
 * path: the caller knows where the parameter came from).
 */
int	jt_jailconf_check_param(const char *param, struct jt_err *err);
/* A jail name jail.conf can hold (letters, digits, '_', '-', '.'). */
int	jt_jailconf_check_name(const char *name, struct jt_err *err);

/*
 * Render c into a malloc'd string (*out, caller frees).  Values are quoted
 * as jail.conf needs; a name, key or value that jail.conf cannot hold
 * (see jt_jailconf_check_param()) is JT_EINVAL and nothing is rendered.
 */
int	jt_jailconf_render(const struct jt_jailconf *c, char **out,
	    struct jt_err *err);
/*
 * Parameters ("key=value" or "flag", checked as jt_jailconf_check_param()
 * checks them) as jail.conf's global lines, which every stanza of the
 * file gets: "key = \"value\";" or "key;", a line each.
 */
int	jt_jailconf_render_globals(const char *const *params, size_t n,
	    char **out, struct jt_err *err);

/*
 * How jail(8) turns one exec.start string into argv (usr.sbin/jail
 * command.c): "/bin/sh -c STRING" when it holds one of
 * !"$&'()*;<>?[\]`{|}~ other than a lone trailing &, else the
 * whitespace-separated words; a trailing & runs it in the background
 * (*bg), not waited for.  *argv is malloc'd and NULL-terminated, its
 * strings in the same block: free(*argv) frees all.  An empty command
 * gives an empty argv.
 */
int	jt_jailconf_split_exec(const char *cmd, char ***argv, bool *bg,
	    struct jt_err *err);

/*
 * The program jail(8) runs for argv0 of a split exec command: argv0
 * itself when it holds a '/' (only an absolute one can be found), else
 * the first of jail(8)'s default PATH (/sbin /bin /usr/sbin /usr/bin
 * /usr/local/sbin /usr/local/bin) for which exists() says yes.  The
 * path in out; false when none.
 */
#define JT_JAILCONF_PATH \
	"/sbin:/bin:/usr/sbin:/usr/bin:/usr/local/sbin:/usr/local/bin"
bool	jt_jailconf_find_program(const char *argv0,
	    bool (*exists)(void *arg, const char *path), void *arg, char *out,
	    size_t len);

/*
 * Reading jail.conf(5) back: the parameters one jail gets.  Comments
 * (#, //, C style), quoted and bare values, "key;" for a true boolean,
 * "key = a, b;" lists and "key += c;" appends; global parameters and the
 * "*" stanza apply to every jail, as jail(8) combines them, and "$key" /
 * "${key}" in values expand to the jail's own parameters ($name to its
 * name).  Syntax errors are JT_EFORMAT with "file:line" in err->path.
 */
struct jt_jailconf_stanza;

/*
 * The stanza named name, or with name NULL the only one; JT_ENOENT when
 * there is no such jail, JT_EINVAL when name is NULL and there are
 * several.
 */
int	jt_jailconf_parse(struct jt_jailconf_stanza **out, const char *text,
	    size_t len, const char *file, const char *name, struct jt_err *err);
void	jt_jailconf_stanza_free(struct jt_jailconf_stanza *s);

const char *jt_jailconf_name(const struct jt_jailconf_stanza *s);
/*
 * The values of key, in order (NULL and *n 0 when it is not set; a
 * boolean "key;" has one empty value).
 */
const char *const *jt_jailconf_values(const struct jt_jailconf_stanza *s,
	    const char *key, size_t *n);

#endif
