/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * rc.conf as rc.subr(8) sees it, read offline from a root: the one reader
 * of the rc.conf family for every stage (the hints emulation's
 * ldconfig_paths, shrink's service detection), and rc.d scripts read the
 * same way (what a service runs).
 *
 * load_rc_config NAME sources /etc/defaults/rc.conf, then every file of
 * ${rc_conf_files} once (source_rc_confs; "/etc/rc.conf
 * /etc/rc.conf.local" by default) — or /etc/rc.conf alone when the
 * defaults are missing — then, for each of /etc and
 * ${local_startup%*\/rc.d}, rc.conf.d/NAME if it is a file, or every file
 * in it if it is a directory.  jt_rcconf_load() is the first part (the
 * global view); jt_rcconf_service() adds the second for one service.
 *
 * The files are shell.  What is evaluated: assignments (NAME=word, several
 * on a line, words quoted '...', "..." or not, line continuations),
 * parameter expansions ($v, ${v}, ${v:-w}, ${v-w}, ${v:=w}, ${v:+w},
 * ${v%p}, ${v%%p}, ${v#p}, ${v##p}), and ". FILE" with a literal path.
 * Assignments inside if/case/functions are applied as if reached (rc.conf
 * files rarely branch); an assignment whose value needs a command
 * substitution is not applied.  Each such approximation is counted, with
 * the first place it occurred, so a caller can say its view is uncertain.
 *
 *	struct jt_rcconf *g, *svc;
 *	jt_rcconf_load(&g, src, &err);
 *	jt_rcconf_service(&svc, g, src, "sshd", &err);
 *	if (jt_rcconf_yes(svc, "sshd_enable")) ...
 */
#ifndef JAILTRIM_RCCONF_H
#define JAILTRIM_RCCONF_H

#include <stdbool.h>
#include <stddef.h>

#include "jailtrim/err.h"
#include "jailtrim/source.h"

struct jt_rcconf;

/* Where a variable got its value. */
struct jt_rcvar {
	const char	*value;
	const char	*file;		/* the file that set it */
	int		 line;
};

/*
 * The global view: the defaults and ${rc_conf_files}.  A root without any
 * of them gives an empty view, not an error; read errors other than "no
 * such file" are errors.
 */
int	jt_rcconf_load(struct jt_rcconf **out, struct jt_source *src,
	    struct jt_err *err);

/* base (not changed) plus what rc.conf.d gives service name. */
int	jt_rcconf_service(struct jt_rcconf **out, const struct jt_rcconf *base,
	    struct jt_source *src, const char *name, struct jt_err *err);

/* The value of var, NULL when unset. */
const char *jt_rcconf_get(const struct jt_rcconf *rc, const char *var);
/* The value with the place that set it; false when unset. */
bool	jt_rcconf_lookup(const struct jt_rcconf *rc, const char *var,
	    struct jt_rcvar *out);

/* checkyesno: YES, TRUE, ON or 1 in any case. */
bool	jt_rcconf_yes(const struct jt_rcconf *rc, const char *var);
bool	jt_rcconf_is_yes(const char *value);

/* Every variable set, in no particular order (fn returns non-zero to stop). */
int	jt_rcconf_each(const struct jt_rcconf *rc,
	    int (*fn)(void *arg, const char *var, const struct jt_rcvar *v),
	    void *arg);

/* The files read, in order. */
size_t	jt_rcconf_nfiles(const struct jt_rcconf *rc);
const char *jt_rcconf_file(const struct jt_rcconf *rc, size_t i);

/* Approximations made (see above): how many, and the first one. */
size_t	jt_rcconf_nuncertain(const struct jt_rcconf *rc);
const char *jt_rcconf_uncertain(const struct jt_rcconf *rc);

/*
 * An rc.d script evaluated on top of base (the global view): its top
 * level run (name=, rcvar=, command=, ...), load_rc_config NAME adding
 * rc.conf.d/NAME, and every command it may run recorded — at the top
 * level, in its functions and in command substitutions.  ". /etc/rc.subr"
 * is not followed (evaluate it once with this function and pass it as
 * lib: its functions, like the script's own and sh's builtins, are not
 * commands).  jt_rcconf_get() then answers for the script's variables.
 */
int	jt_rcconf_script(struct jt_rcconf **out, const struct jt_rcconf *base,
	    const struct jt_rcconf *lib, struct jt_source *src,
	    const char *script, struct jt_err *err);

/* A command an rc.d script runs. */
struct jt_rccmd {
	const char	*word;		/* as expanded: "/usr/sbin/daemon",
					   "su"; "" when it cannot be known */
	const char	*file;		/* the script, or a file it sourced */
	int		 line;
	unsigned	 flags;		/* JT_RCCMD_* */
};
#define JT_RCCMD_FUNCTION 0x1	/* in a function body: run when called */
#define JT_RCCMD_SUBST	0x2	/* in a command substitution */
#define JT_RCCMD_COMPUTED 0x4	/* named by an expansion ($command) */
#define JT_RCCMD_EVAL	0x8	/* the first word of eval's arguments */

size_t	jt_rcconf_ncommands(const struct jt_rcconf *rc);
const struct jt_rccmd *jt_rcconf_command(const struct jt_rcconf *rc,
	    size_t i);
/* Functions the script defines. */
size_t	jt_rcconf_nfunctions(const struct jt_rcconf *rc);
const char *jt_rcconf_function(const struct jt_rcconf *rc, size_t i);
/* Whether the script sources path without it being followed (rc.subr). */
bool	jt_rcconf_sources(const struct jt_rcconf *rc, const char *path);

void	jt_rcconf_free(struct jt_rcconf *rc);

#endif
