/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * What a jail's rc system runs, read offline: every rc.d script /etc/rc
 * would order (/etc/rc.d and ${local_startup}), which of them run in a
 * jail (KEYWORD nojail, nojailvnet and nostart skipped; a script with an
 * rcvar runs when checkyesno says so, one without always), and what each
 * running service needs — its script and the scripts it REQUIREs,
 * command, command_interpreter, procname, the program a wrapper such as
 * daemon(8) runs (absolute paths in command_args and the flags),
 * ${name}_config, required_files, required_dirs, the pidfile's directory,
 * and every command the script runs by bare name, looked up on /etc/rc's
 * PATH.  What cannot be followed (an eval, a computed command, a command
 * not found) is a warning with its script and line, never dropped.
 *
 *	struct jt_rcsys *rs;
 *	jt_rcsys_read(&rs, src, &err);
 *	for each service i: jt_rcsys_service(rs, i)->running ...
 *	jt_rcsys_needs(rs, NULL, fn, arg, &err);	(the whole boot)
 */
#ifndef JAILTRIM_RCSYS_H
#define JAILTRIM_RCSYS_H

#include <stdbool.h>
#include <stddef.h>

#include "jailtrim/err.h"
#include "jailtrim/source.h"

struct jt_rcsys;

struct jt_rcservice {
	const char	*name;		/* ${name}, else the script's file name */
	const char	*script;	/* /etc/rc.d/sshd */
	const char	*rcvar;		/* "sshd_enable", NULL when none */
	bool		 skipped;	/* a KEYWORD keeps /etc/rc from it */
	bool		 running;	/* /etc/rc starts it in a jail */
	const char	*why;		/* "sshd_enable=YES in /etc/rc.conf:3",
					   "no rcvar: always", "KEYWORD nojail",
					   "sshd_enable not set" */
};

enum jt_rcneed_kind {
	JT_RCNEED_FILE = 0,		/* read: a script, a config */
	JT_RCNEED_PROGRAM,		/* run: an ELF program or a script */
	JT_RCNEED_DIR,			/* must exist */
};

struct jt_rcneed {
	const char		*path;	/* in the root, as named */
	const char		*why;	/* "command of sshd (/etc/rc.d/sshd)" */
	enum jt_rcneed_kind	 kind;
};

struct jt_rcwarning {
	const char	*file;
	int		 line;
	const char	*message;
};

int	jt_rcsys_read(struct jt_rcsys **out, struct jt_source *src,
	    struct jt_err *err);

size_t	jt_rcsys_nservices(const struct jt_rcsys *rs);
const struct jt_rcservice *jt_rcsys_service(const struct jt_rcsys *rs,
	    size_t i);
/* The service whose ${name} (or file name) is name; NULL if none. */
const struct jt_rcservice *jt_rcsys_find(const struct jt_rcsys *rs,
	    const char *name);

/*
 * What service name needs to start (whether it runs or not), or, with
 * name NULL, what booting the jail with /etc/rc needs: /etc/rc, rc.subr,
 * the rc.conf files, /bin/sh, rcorder, the commands /etc/rc and rc.subr
 * run, every script /etc/rc orders and the needs of every running
 * service.  fn is called once per path (the first reason); non-zero stops.
 */
int	jt_rcsys_needs(struct jt_rcsys *rs, const char *name,
	    int (*fn)(void *arg, const struct jt_rcneed *need), void *arg,
	    struct jt_err *err);

/* Warnings so far (reading, and every jt_rcsys_needs() call). */
size_t	jt_rcsys_nwarnings(const struct jt_rcsys *rs);
const struct jt_rcwarning *jt_rcsys_warning(const struct jt_rcsys *rs,
	    size_t i);

void	jt_rcsys_free(struct jt_rcsys *rs);

#endif
