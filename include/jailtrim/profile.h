/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Profiles: what a service needs that no ELF header says.  A profile is a
 * commented, line-based text file (see jailtrim-profile(5)):
 *
 *	# sshd.profile
 *	description OpenSSH server
 *	include base
 *	[freebsd]
 *	program /usr/sbin/sshd
 *	file /etc/ssh/sshd_config
 *	dir /var/empty 0555 root wheel
 *	user sshd
 *	pam sshd
 *	command /usr/sbin/sshd
 *	probe tcp 22 SSH-2.0-
 *	[linux]
 *	...
 *
 * Lines before any section, and in [all], apply to every platform.
 */
#ifndef JAILTRIM_PROFILE_H
#define JAILTRIM_PROFILE_H

#include <stdbool.h>
#include <stddef.h>

#include "jailtrim/err.h"
#include "jailtrim/resolve.h"

enum jt_pitem {
	JT_PI_PROGRAM,		/* program PATH: must exist, with its closure */
	JT_PI_OPTIONAL,		/* optional PATH: program if present */
	JT_PI_FILE,		/* file PATH: must exist */
	JT_PI_FILE_OPT,		/* file? PATH: if present */
	JT_PI_GLOB,		/* glob PATTERN: files matching, maybe none */
	JT_PI_TREE,		/* tree PATH: a directory and all below it */
	JT_PI_DIR,		/* dir PATH MODE USER GROUP */
	JT_PI_USER,		/* user NAME */
	JT_PI_GROUP,		/* group NAME */
	JT_PI_PAM,		/* pam SERVICE: modules from its policy */
	JT_PI_NSS,		/* nss: modules nsswitch.conf names */
	JT_PI_CONFIG,		/* config KIND PATH: httpd|nginx|lighttpd|named */
	JT_PI_MODULE,		/* module PATH: a dlopen()ed object */
	JT_PI_PRESTART,		/* prestart CMD...: run in the jail first */
	JT_PI_COMMAND,		/* command CMD...: runs the service */
	JT_PI_PARAM,		/* param KEY[=VALUE]: a jail.conf parameter */
	JT_PI_PROBE,		/* probe KIND ARGS...: how verify checks it */
	JT_PI_RCD,		/* rcd NAME: the rc.d script (rc jails) */
	JT_PI_PACKAGE,		/* package NAME: with its dependencies */
	JT_PI_INTERP,		/* interpreter python|perl PATH: with modules */
	JT_PI_PRESTART_EMPTY,	/* prestart-if-empty DIR CMD...: prestart
				   when DIR is empty or missing */
};

struct jt_profile_item {
	enum jt_pitem	  kind;
	const char	 *args[4];	/* words; args[0] is the main one */
	size_t		  nargs;
	const char	 *rest;		/* the rest of the line (commands) */
	/*
	 * Commands: what runs (rest; prestart-if-empty's after DIR), and the
	 * jail.conf exec.start string that runs it (prestart-if-empty's: a
	 * /bin/sh test of DIR, then the command).
	 */
	const char	 *cmd, *exec;
	const char	 *file;		/* profile file and line, for errors */
	int		  line;
};

/*
 * A profile variable: "var NAME DEFAULT" declares it, "${NAME}" in later
 * lines (of the profile or of those that include it) is its value.
 */
#define JT_PROFILE_VAR_MAX	64	/* bytes of a name */
struct jt_profile_var {
	const char	 *name;
	const char	 *value;	/* in effect: the -D value, else def */
	const char	 *def;		/* the default, as declared */
	const char	 *file;		/* where declared */
	int		  line;
	bool		  overridden;	/* by a -D */
};

struct jt_profile {
	const char		*name;
	const char		*description;
	const struct jt_profile_item *items;	/* includes first, in order */
	size_t			 nitems;
	const struct jt_profile_var *vars;	/* in order of declaration */
	size_t			 nvars;
};

/*
 * Load profile name (a file name, or NAME found as NAME.profile in dirs)
 * with its includes, keeping the items of the [all] part and of
 * platform's part.  Syntax errors name the file and line.
 */
int	jt_profile_load(struct jt_profile **out, const char *name,
	    const char *const *dirs, size_t ndirs, enum jt_platform platform,
	    struct jt_err *err);
/*
 * jt_profile_load() with variables set: each of defs is "NAME=VALUE" and
 * replaces the default of the variable NAME (a later one wins).  A def
 * naming no variable of this profile is not an error here: one -D goes to
 * every profile applied, and jt_profile_var() tells who declares it.
 */
int	jt_profile_load_defs(struct jt_profile **out, const char *name,
	    const char *const *dirs, size_t ndirs, enum jt_platform platform,
	    const char *const *defs, size_t ndefs, struct jt_err *err);
/* p's variable name, or NULL. */
const struct jt_profile_var *jt_profile_var(const struct jt_profile *p,
	    const char *name);
/* "NAME=VALUE" as -D takes it: a variable name, a one-word value. */
int	jt_profile_check_define(const char *def, struct jt_err *err);
/* s[0..n) is a variable name: a letter or '_', then letters, digits, '_'. */
bool	jt_profile_var_name_ok(const char *s, size_t n);
/* v is a variable's value: one word, not empty. */
bool	jt_profile_var_value_ok(const char *v);
/* Parse one profile text (no includes followed; for tests and fuzzing). */
int	jt_profile_parse(struct jt_profile **out, const char *text, size_t len,
	    const char *file, enum jt_platform platform, struct jt_err *err);
void	jt_profile_free(struct jt_profile *p);

/*
 * The file jt_profile_load() would read for name: a path (a '/' in it) as
 * is, else NAME.profile ("NAME.profile" alike) in the first of dirs that
 * has it.  False when none is readable; out holds the last tried.
 */
bool	jt_profile_find(const char *name, const char *const *dirs,
	    size_t ndirs, char *out, size_t len);

/* A profile found by jt_profile_list(): its name and directory. */
struct jt_profile_ref {
	char		*name;		/* without ".profile" */
	const char	*dir;		/* one of the dirs passed */
};

/*
 * Every NAME.profile in dirs, sorted by name; a name in an earlier
 * directory hides the same name in a later one, as in the lookup.
 * Directories that do not exist list nothing.
 */
int	jt_profile_list(struct jt_profile_ref **out, size_t *n,
	    const char *const *dirs, size_t ndirs, struct jt_err *err);
void	jt_profile_list_free(struct jt_profile_ref *v, size_t n);

/* The directive word of an item kind ("program", "dir", ...). */
const char *jt_profile_item_word(enum jt_pitem kind);

#endif
