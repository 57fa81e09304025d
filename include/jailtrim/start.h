/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Starting a jail to prove it works: the last stage of verify.
 *
 * On Linux the jail runs in a child with fresh mount, PID, network, UTS
 * and IPC namespaces: only loopback is up in its network namespace, its
 * root is an overlay of the jail (writes land in a tmpfs, the jail on
 * disk is left as it was; when the kernel refuses an overlay, a copy)
 * with a private /proc and a minimal /dev, entered with pivot_root, the
 * host's tree detached, and an init of our own reaps its processes.  Its
 * processes run in a user namespace where the jail's root is an
 * unprivileged host id, with few capabilities, no_new_privs and a
 * seccomp filter (see start_confine.c).  On FreeBSD it is a
 * non-persistent vnet jail made with jail_setv(2), with devfs under
 * ruleset 4.  Either way the commands run as jail(8) runs exec.start,
 * then the probes run inside the jail's network stack against its
 * loopback address, retried until the deadline; then everything in the
 * jail is killed, and the namespaces, mounts or jail disappear with it.
 */
#ifndef JAILTRIM_START_H
#define JAILTRIM_START_H

#include <signal.h>
#include <stdbool.h>
#include <stddef.h>

#include "jailtrim/err.h"

struct jt_start_opts {
	const char	 *root;		/* the jail's root directory (host) */
	const char	 *name;		/* jail name and host name */
	const char	 *hostname;	/* host name instead, or NULL */
	/*
	 * exec.start, in order.  Each runs as jail(8) runs it: through
	 * "/bin/sh -c" when it holds a shell metacharacter, else split
	 * into words and run from the jail's PATH (jailconf.h's
	 * jt_jailconf_split_exec()).  All but the last must
	 * exit 0; the last is the service and may stay in the foreground.
	 */
	const char *const *commands;
	size_t		  ncommands;
	const char	 *user;		/* exec.jail_user, looked up in the
					   jail's own passwd; NULL: root */
	const char *const *probes;	/* probe specs, see probe.h */
	size_t		  nprobes;
	int		  timeout_ms;	/* for everything to answer */
	/*
	 * Set (to non-zero) by the caller's SIGINT/SIGTERM handler: stop
	 * now: everything is stopped as usual and res->why says it was
	 * interrupted.  The run's processes inherit the handler, which
	 * must stay installed until jt_start_run() returns, and the
	 * caller's signal is passed on to them.  May be NULL.
	 */
	volatile sig_atomic_t *cancel;
	/*
	 * Linux: run without a user namespace (the jail's root is the
	 * host's root, still in the namespaces, with the capability
	 * bounding set, no_new_privs and seccomp filter).  Without it a
	 * kernel that refuses user namespaces is JT_EUNSUPP.
	 */
	bool		  unconfined;
};

struct jt_start_result {
	bool	  started;	/* every command ran, the service is up */
	bool	  answered;	/* and every probe answered */
	char	 *why;		/* when not: what failed, one line */
	char	**probes;	/* per probe: what it saw, or its failure */
	size_t	  nprobes;
	char	**procs;	/* the jail's processes when probed:
				   "PID USER COMMAND" */
	size_t	  nprocs;
	char	 *output;	/* the commands' stdout and stderr (the
				   last 64 KiB), NUL-terminated */
	size_t	  output_len;
	bool	  overlay;	/* Linux: writes went to a throw-away layer */
	bool	  copied;	/* Linux: no overlay: to a throw-away copy */
	bool	  userns;	/* Linux: the jail's root was not the host's */
	double	  seconds;	/* from start to the last probe's answer */
};

/*
 * Start, probe and stop the jail.  Returns 0 when the attempt was made
 * (res says whether it worked and, if not, why), or a negative code when
 * it could not be made: JT_EUNSUPP when the host cannot isolate it (not
 * root, no namespaces), JT_ENOENT when the user is not in the jail's
 * passwd, JT_EINVAL for a bad probe or command.  res is always filled
 * enough for jt_start_result_free().
 */
int	jt_start_run(const struct jt_start_opts *o, struct jt_start_result *res,
	    struct jt_err *err);
void	jt_start_result_free(struct jt_start_result *res);

#endif
