/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Starting a jail on FreeBSD: a non-persistent vnet jail, as
 *
 *	jail -c name=N path=ROOT host.hostname=N vnet mount.devfs \
 *	    devfs_ruleset=4 exec.start=...
 *
 * would make it, done with jail_setv(2) so that the probes can run in the
 * jail's own network stack:
 *
 *   caller: devfs on ROOT/dev (ruleset 4) ── fork ──► supervisor:
 *           jail_setv(JAIL_CREATE | JAIL_ATTACH, vnet=new), lo0 up with
 *           127.0.0.1, runs the probes (start_supervise)
 *             └─ fork ──► reaper: reports the commands' exit
 *                           └─ fork ──► the commands
 *
 * Without "persist" the kernel removes the jail when its last process
 * exits; the supervisor kills every process in the jail before it exits,
 * and the caller removes the jail by name and unmounts devfs afterwards in
 * case anything was left.  The jail on disk is used as it is: FreeBSD has
 * no overlay we can rely on, so what the service writes stays.
 */
#if defined(__FreeBSD__)

#include <sys/param.h>
#include <sys/ioctl.h>
#include <sys/jail.h>
#include <sys/mount.h>
#include <sys/socket.h>
#include <sys/sysctl.h>
#include <sys/uio.h>
#include <sys/user.h>
#include <sys/wait.h>

#include <fs/devfs/devfs.h>
#include <net/if.h>
#include <net/if_var.h>
#include <netinet/in.h>
#include <netinet/in_var.h>
#include <arpa/inet.h>

#include <errno.h>
#include <fcntl.h>
#include <jail.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "jailtrim/start.h"
#include "start_int.h"

#define JAIL_RULESET	4	/* devfsrules_jail, as jail(8)'s default */

struct fb {
	const struct start_users *users;
	int		 jid;
	pid_t		 self;
};

static int
fb_procs(void *arg, struct jt_strv *out)
{
	struct fb *x = arg;
	int mib[3] = { CTL_KERN, KERN_PROC, KERN_PROC_PROC };
	struct kinfo_proc *kp = NULL;
	char line[256], ub[24];
	size_t len = 0;
	int count = 0;

	for (int tries = 0; tries < 4; tries++) {
		if (sysctl(mib, 3, NULL, &len, NULL, 0) != 0)
			return (-1);
		len += len / 4;
		free(kp);
		if ((kp = malloc(len)) == NULL)
			return (-1);
		if (sysctl(mib, 3, kp, &len, NULL, 0) == 0)
			break;
		if (errno != ENOMEM) {
			free(kp);
			return (-1);
		}
	}
	for (size_t i = 0; i < len / sizeof(*kp); i++) {
		if (kp[i].ki_jid != x->jid || kp[i].ki_pid == x->self)
			continue;
		count++;
		(void)snprintf(line, sizeof(line), "%d %s %s",
		    (int)kp[i].ki_pid, start_user_name(x->users, kp[i].ki_uid,
		    ub, sizeof(ub)), kp[i].ki_comm);
		(void)strv_push(out, line);
	}
	free(kp);
	return (count);
}

/* A new vnet has lo0 down and without an address. */
static int
lo_up(void)
{
	struct in_aliasreq ifra;
	struct ifreq ifr;
	int s, rc = -1;

	if ((s = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0)) < 0)
		return (-1);
	memset(&ifr, 0, sizeof(ifr));
	(void)strlcpy(ifr.ifr_name, "lo0", sizeof(ifr.ifr_name));
	if (ioctl(s, SIOCGIFFLAGS, &ifr) != 0)
		goto out;
	ifr.ifr_flags |= IFF_UP;
	if (ioctl(s, SIOCSIFFLAGS, &ifr) != 0)
		goto out;
	memset(&ifra, 0, sizeof(ifra));
	(void)strlcpy(ifra.ifra_name, "lo0", sizeof(ifra.ifra_name));
	ifra.ifra_addr.sin_family = AF_INET;
	ifra.ifra_addr.sin_len = sizeof(ifra.ifra_addr);
	ifra.ifra_addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	ifra.ifra_mask.sin_family = AF_INET;
	ifra.ifra_mask.sin_len = sizeof(ifra.ifra_mask);
	ifra.ifra_mask.sin_addr.s_addr = htonl(IN_CLASSA_NET);
	rc = ioctl(s, SIOCAIFADDR, &ifra);
out:
	(void)close(s);
	return (rc);
}

static int
mount_devfs(const char *dev)
{
	struct iovec iov[4];
	devfs_rsnum rs = JAIL_RULESET;
	int fd, rc;

	iov[0].iov_base = (void *)(uintptr_t)"fstype";
	iov[0].iov_len = sizeof("fstype");
	iov[1].iov_base = (void *)(uintptr_t)"devfs";
	iov[1].iov_len = sizeof("devfs");
	iov[2].iov_base = (void *)(uintptr_t)"fspath";
	iov[2].iov_len = sizeof("fspath");
	iov[3].iov_base = (void *)(uintptr_t)dev;
	iov[3].iov_len = strlen(dev) + 1;
	if (nmount(iov, 4, 0) != 0)
		return (-1);
	/* devfs -m DEV ruleset 4; devfs -m DEV rule applyset */
	if ((fd = open(dev, O_RDONLY | O_CLOEXEC)) < 0)
		return (-1);
	rc = ioctl(fd, DEVFSIO_SUSE, &rs) != 0 ||
	    ioctl(fd, DEVFSIO_SAPPLY, &rs) != 0 ? -1 : 0;
	(void)close(fd);
	return (rc);
}

/* Reports the commands' process's exit, as init does on Linux. */
static void __attribute__((noreturn))
run_reaper(const struct jt_start_opts *o, const struct start_cred *cred,
    int outfd, int statfd)
{
	pid_t cmd;
	int st;

	if ((cmd = fork()) < 0) {
		start_line(statfd, ST_FAILED, "fork: %s", strerror(errno));
		_exit(1);
	}
	if (cmd == 0)
		start_commands(o, cred, outfd, statfd);
	while (waitpid(cmd, &st, 0) < 0 && errno == EINTR)
		;
	start_line(statfd, ST_EXITED, "%d", st);
	_exit(0);
}

static void __attribute__((noreturn))
run_supervisor(const struct jt_start_opts *o, const struct start_cred *cred,
    const struct start_users *users, int outfd, int repfd)
{
	struct fb x = { .users = users, .self = getpid() };
	int sp[2], st;
	pid_t reaper;

	x.jid = jail_setv(JAIL_CREATE | JAIL_ATTACH, "name", o->name,
	    "path", o->root, "host.hostname", start_hostname(o), "vnet", "new",
	    "enforce_statfs", "2", (char *)NULL);
	if (x.jid < 0) {
		start_line(repfd, 'w', "jail_setv: %s", jail_errmsg);
		_exit(1);
	}
	if (chdir("/") != 0 || lo_up() != 0) {
		start_line(repfd, 'w', "lo0 in the jail's vnet: %s",
		    strerror(errno));
		_exit(1);
	}
	if (pipe2(sp, O_CLOEXEC) != 0 || (reaper = fork()) < 0) {
		start_line(repfd, 'w', "fork: %s", strerror(errno));
		_exit(1);
	}
	if (reaper == 0) {
		(void)close(repfd);
		(void)close(sp[0]);
		run_reaper(o, cred, outfd, sp[1]);
	}
	(void)close(sp[1]);
	start_supervise(o, sp[0], fb_procs, &x, false, repfd);
	/* inside a jail, kill(-1) reaches exactly the jail's processes */
	(void)kill(-1, SIGKILL);
	while (waitpid(reaper, &st, 0) < 0 && errno == EINTR)
		;
	_exit(0);
}

int
start_host(const struct jt_start_opts *o, const struct start_cred *cred,
    const struct start_users *users, int out[2], struct jt_start_result *res,
    struct jt_err *err)
{
	char dev[PATH_MAX];
	int rep[2] = { -1, -1 }, rc, st, jid;
	bool mounted = false;
	pid_t sup;

	if (geteuid() != 0)
		return (jt_err_set(err, JT_EUNSUPP, 0, o->root, "starting a "
		    "jail needs root"));
	if (jail_getid(o->name) >= 0)
		return (jt_err_set(err, JT_EINVAL, 0, o->root, "a jail named "
		    "%s is running", o->name));
	(void)snprintf(dev, sizeof(dev), "%s/dev", o->root);
	if (mount_devfs(dev) != 0) {
		rc = jt_err_set(err, JT_EIO, errno, dev, "mount devfs");
		goto out;
	}
	mounted = true;
	if (pipe2(rep, O_CLOEXEC) != 0 || (sup = fork()) < 0) {
		rc = jt_err_set(err, JT_EIO, errno, NULL, "fork");
		goto out;
	}
	if (sup == 0) {
		(void)close(rep[0]);
		(void)close(out[0]);
		run_supervisor(o, cred, users, out[1], rep[1]);
	}
	(void)close(rep[1]);
	rep[1] = -1;
	(void)close(out[1]);	/* EOF on out[0] once the jail is gone */
	out[1] = -1;
	rc = start_report_read(rep[0], out[0], o, sup, res, err);
	while (waitpid(sup, &st, 0) < 0 && errno == EINTR)
		;
out:
	if ((jid = jail_getid(o->name)) >= 0)
		(void)jail_remove(jid);
	if (mounted && unmount(dev, 0) != 0)
		(void)unmount(dev, MNT_FORCE);
	if (rep[0] >= 0)
		(void)close(rep[0]);
	if (rep[1] >= 0)
		(void)close(rep[1]);
	return (rc);
}

#endif /* __FreeBSD__ */
