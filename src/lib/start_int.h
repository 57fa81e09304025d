/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The parts of starting a jail that do not depend on the host: the
 * commands as jail(8) runs them, the probe loop, the report the prober
 * sends to the caller.  start_linux.c and start_freebsd.c hold the
 * isolation itself.
 *
 * Processes:  the caller forks a supervisor that enters the jail's
 * network stack (namespace or vnet) and runs the probes; the jail's
 * commands run in a child of the jail's init.  Lines go up two pipes:
 * the jail tells the supervisor about its commands (statfd), the
 * supervisor reports to the caller (repfd).
 */
#ifndef JAILTRIM_START_INT_H
#define JAILTRIM_START_INT_H

#include <sys/types.h>

#include <stdbool.h>

#include "jailtrim/start.h"
#include "util.h"

#define START_NGROUPS	64

/* Who the commands run as (exec.jail_user), from the jail's own files. */
struct start_cred {
	bool	 set;			/* false: root, as the caller is */
	uid_t	 uid;
	gid_t	 gid;
	gid_t	 groups[START_NGROUPS];
	int	 ngroups;
	char	 name[64];
	char	 home[256];
	char	 shell[256];
};

/* uid → name in the jail's passwd, for the process list. */
struct start_users {
	struct jt_strv	 names;		/* "UID:NAME" */
};

int	start_accounts(const char *root, const char *user,
	    struct start_cred *cred, struct start_users *users,
	    struct jt_err *err);
const char *start_user_name(const struct start_users *u, uid_t uid,
	    char *buf, size_t len);

/* Lines from inside the jail to the supervisor (statfd). */
#define ST_FAILED	'F'	/* a command failed: the message */
#define ST_SERVICE	'S'	/* the service (last command) is starting */
#define ST_EXITED	'X'	/* the service process exited: wait status */

/*
 * In the jail, after chroot/jail_attach: run o's commands as cred, with
 * stdout and stderr on outfd, telling statfd.  Never returns.
 */
void	start_commands(const struct jt_start_opts *o,
	    const struct start_cred *cred, int outfd, int statfd)
	    __attribute__((noreturn));

/* Processes now in the jail, as "PID USER COMMAND" lines; -1 on error. */
typedef int start_procs_fn(void *arg, struct jt_strv *out);

/*
 * In the jail's network stack: read statfd, run the probes until they
 * answer, the service fails or the deadline passes, and send the result
 * to repfd.
 */
void	start_supervise(const struct jt_start_opts *o, int statfd,
	    start_procs_fn *procs, void *arg, bool overlay, int repfd);

/*
 * The caller's side: read the supervisor's report from fd and, at the
 * same time, the commands' output from outfd (a pipe: its last 64 KiB
 * are kept in a ring, whatever the service writes), until both end.
 */
int	start_report_read(int fd, int outfd, const struct jt_start_opts *o,
	    pid_t sup, struct jt_start_result *res, struct jt_err *err);

/* Send one report or status line; text loses its control characters. */
void	start_line(int fd, char key, const char *fmt, ...)
	    __attribute__((format(printf, 3, 4)));

/*
 * The host's half (start_linux.c, start_freebsd.c): isolate, start and
 * supervise, then clean up.  Returns when everything is gone.  out[1]
 * is the write end of the output pipe, for the commands; start_host
 * closes it in the caller once the supervisor has it, and reads out[0].
 */
int	start_host(const struct jt_start_opts *o, const struct start_cred *cred,
	    const struct start_users *users, int out[2],
	    struct jt_start_result *res, struct jt_err *err);

/*
 * Linux confinement (start_confine.c).  The jail's ids 0..START_IDS-1
 * are host ids base.. in its user namespace.  Each returns 0, or -1 with
 * errno set (confine_userns: why says what failed).
 */
#define START_IDS	65536u
int	confine_userns(unsigned long base, int *fd, char *why, size_t len);
int	confine_idmap(const char *root, int usernsfd, const char *target);
int	confine_enter(int usernsfd);
int	confine_caps(void);
int	confine_seccomp(void);

/*
 * A copy of the jail at root into the directory to, its owners shifted
 * by shift (start_copy.c); -1 with why said.
 */
int	start_copy(const char *root, const char *to, unsigned long shift,
	    char *why, size_t len);

/* Milliseconds on the monotonic clock. */
long long start_now_ms(void);

/* The jail's host name: hostname (the stanza's), else its name. */
static inline const char *
start_hostname(const struct jt_start_opts *o)
{
	return (o->hostname != NULL ? o->hostname : o->name);
}

#endif
