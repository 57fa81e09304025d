/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Starting a jail on Linux: namespaces.
 *
 *   caller: a user namespace (start_confine.c), held by a descriptor
 *     └─ fork ──► supervisor: unshare(mount, PID, net, UTS, IPC),
 *                 mounts private, loopback up, the overlay root over an
 *                 idmapped jail; runs the probes (start_supervise)
 *                   └─ fork ──► init (PID 1 of the new namespace):
 *                               /proc and /dev, pivot_root, the host's
 *                               tree detached, into the user namespace,
 *                               capabilities, no_new_privs, seccomp;
 *                               reaps
 *                                 └─ fork ──► the commands
 *
 * Nothing can outlive the run.  The supervisor dies with the caller
 * (PR_SET_PDEATHSIG); init exits when the supervisor's end of a pipe
 * closes, however the supervisor ended; when init exits the kernel kills
 * every process in its PID namespace; the mounts live only in the private
 * mount namespace and the loopback only in the network namespace, both
 * gone with their last process.  The jail on disk is the lower layer of
 * an overlay whose upper layer is a tmpfs: what the service writes (host
 * keys, pid files) is thrown away, and the jail is left as it was.  When
 * no overlay can be made the jail is copied to the tmpfs and started from
 * the copy: it is never mounted writable.
 *
 * The overlay's mount point is an empty directory jailtrim-root.XXXXXX
 * in $TMPDIR, locked (flock) by its run; a run killed by SIGKILL cannot
 * remove it, so each run removes the unlocked, empty ones it finds.
 */
#if defined(__linux__)

#include <sys/types.h>
#include <sys/file.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/sysmacros.h>
#include <sys/wait.h>

#include <net/if.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "jailtrim/start.h"
#include "start_int.h"

struct lx {
	const struct start_users *users;
	pid_t		 init;		/* as the host sees it */
	ino_t		 pidns;		/* the jail's PID namespace */
	unsigned long	 base;		/* host id of the jail's root */
	int		 usernsfd;	/* -1: unconfined */
};

#define ROOT_PREFIX	"jailtrim-root."


static int
lo_up(void)
{
	struct ifreq ifr;
	int s, rc = -1;

	if ((s = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0)) < 0)
		return (-1);
	memset(&ifr, 0, sizeof(ifr));
	(void)strlcpy(ifr.ifr_name, "lo", sizeof(ifr.ifr_name));
	if (ioctl(s, SIOCGIFFLAGS, &ifr) == 0) {
		ifr.ifr_flags |= IFF_UP;
		rc = ioctl(s, SIOCSIFFLAGS, &ifr);
	}
	(void)close(s);
	return (rc);
}

/* "NAME:\tvalue" from /proc/PID/status, the last word of the value. */
static bool
status_field(const char *status, const char *name, bool last, char *buf,
    size_t len)
{
	const char *p = status, *e, *w;
	size_t n = strlen(name);

	for (; p != NULL && *p != '\0'; p = strchr(p, '\n'), p = p ? p + 1 :
	    NULL) {
		if (strncmp(p, name, n) != 0 || p[n] != ':')
			continue;
		p += n + 1;
		e = strchr(p, '\n');
		if (e == NULL)
			e = p + strlen(p);
		while (p < e && (*p == '\t' || *p == ' '))
			p++;
		w = p;
		if (last)
			for (const char *q = p; q < e; q++)
				if ((*q == '\t' || *q == ' ') && q + 1 < e)
					w = q + 1;
		n = strcspn(w, "\t \n");
		if (n >= len)
			n = len - 1;
		memcpy(buf, w, n);
		buf[n] = '\0';
		return (true);
	}
	return (false);
}

/* The processes of the jail's PID namespace, init excepted. */
static int
lx_procs(void *arg, struct jt_strv *out)
{
	struct lx *x = arg;
	char path[300], status[4096], name[64], uid[16], pid[16], ub[24];
	struct dirent *d;
	struct stat st;
	unsigned long u;
	ssize_t n;
	DIR *dir;
	int fd, count = 0;

	if ((dir = opendir("/proc")) == NULL)
		return (-1);
	while ((d = readdir(dir)) != NULL) {
		if (d->d_name[0] < '1' || d->d_name[0] > '9' ||
		    atoi(d->d_name) == x->init)
			continue;
		(void)snprintf(path, sizeof(path), "/proc/%s/ns/pid", d->d_name);
		if (stat(path, &st) != 0 || st.st_ino != x->pidns)
			continue;
		(void)snprintf(path, sizeof(path), "/proc/%s/status", d->d_name);
		if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0)
			continue;
		n = read(fd, status, sizeof(status) - 1);
		(void)close(fd);
		if (n <= 0)
			continue;
		status[n] = '\0';
		if (!status_field(status, "Name", false, name, sizeof(name)) ||
		    !status_field(status, "Uid", false, uid, sizeof(uid)) ||
		    !status_field(status, "NSpid", true, pid, sizeof(pid)))
			continue;
		count++;
		u = strtoul(uid, NULL, 10);
		if (x->usernsfd >= 0 && u >= x->base && u - x->base <
		    START_IDS)
			u -= x->base;	/* the id in the jail */
		(void)snprintf(status, sizeof(status), "%s %s %s", pid,
		    start_user_name(x->users, (uid_t)u, ub, sizeof(ub)), name);
		(void)strv_push(out, status);
	}
	(void)closedir(dir);
	return (count);
}

static int
write_sysctl(const char *path, const char *value)
{
	int fd, rc;

	if ((fd = open(path, O_WRONLY | O_CLOEXEC)) < 0)
		return (-1);
	rc = write(fd, value, strlen(value)) == (ssize_t)strlen(value) ? 0 : -1;
	(void)close(fd);
	return (rc);
}

/* A minimal /dev: the nodes daemons open, on a tmpfs of its own. */
static int
make_dev(const char *root)
{
	static const struct { const char *name; int maj, min; } nodes[] = {
		{ "null", 1, 3 }, { "zero", 1, 5 }, { "full", 1, 7 },
		{ "random", 1, 8 }, { "urandom", 1, 9 }, { "tty", 5, 0 },
	};
	static const struct { const char *name, *to; } links[] = {
		{ "fd", "/proc/self/fd" }, { "stdin", "/proc/self/fd/0" },
		{ "stdout", "/proc/self/fd/1" }, { "stderr", "/proc/self/fd/2" },
	};
	char dev[PATH_MAX], p[PATH_MAX + 16];

	if (snprintf(dev, sizeof(dev), "%s/dev", root) >= (int)sizeof(dev)) {
		errno = ENAMETOOLONG;
		return (-1);
	}
	(void)mkdir(dev, 0755);
	if (mount("tmpfs", dev, "tmpfs", MS_NOSUID | MS_NOEXEC,
	    "mode=0755,size=1m") != 0)
		return (-1);
	for (size_t i = 0; i < sizeof(nodes) / sizeof(nodes[0]); i++) {
		(void)snprintf(p, sizeof(p), "%s/%s", dev, nodes[i].name);
		if (mknod(p, S_IFCHR | 0666, makedev(nodes[i].maj,
		    nodes[i].min)) != 0 || chmod(p, 0666) != 0)
			return (-1);
	}
	for (size_t i = 0; i < sizeof(links) / sizeof(links[0]); i++) {
		(void)snprintf(p, sizeof(p), "%s/%s", dev, links[i].name);
		if (symlink(links[i].to, p) != 0)
			return (-1);
	}
	/* POSIX shared memory: every user's, as the host's, on a tmpfs of
	 * its own, not /dev's megabyte (postgres, not root, puts its
	 * segments there, a megabyte each at initdb) */
	(void)snprintf(p, sizeof(p), "%s/shm", dev);
	if (mkdir(p, 01777) != 0 || mount("tmpfs", p, "tmpfs", MS_NOSUID |
	    MS_NODEV | MS_NOEXEC, "mode=01777,size=64m") != 0)
		return (-1);
	(void)snprintf(p, sizeof(p), "%s/pts", dev);
	(void)mkdir(p, 0755);
	return (0);
}

/* The new root in place of the host's, which is detached. */
static int
pivot(const char *root)
{
	if (chdir(root) != 0 || syscall(SYS_pivot_root, ".", ".") != 0 ||
	    umount2(".", MNT_DETACH) != 0 || chdir("/") != 0)
		return (-1);
	return (0);
}

/*
 * PID 1: /proc, /dev, pivot_root, confinement, the commands, then reap
 * until told.  Unconfined, the jail's root is the host's, for which
 * /proc/sys and /proc/sysrq-trigger are writable: /proc is read-only
 * then.  In the user namespace they belong to no one the jail knows.
 */
static void __attribute__((noreturn))
run_init(const struct jt_start_opts *o, const struct start_cred *cred,
    const char *root, int usernsfd, int outfd, int statfd, int lifeline)
{
	struct pollfd pfd = { .fd = lifeline, .events = POLLIN };
	char proc[PATH_MAX];
	const char *what;
	pid_t cmd, p;
	int st;

	(void)prctl(PR_SET_PDEATHSIG, SIGKILL);
	/*
	 * A mount namespace of init's own: pivot_root moves the root of
	 * every process of the namespace that has the old one, and the
	 * supervisor must keep the host's.
	 */
	if (unshare(CLONE_NEWNS) != 0) {
		start_line(statfd, ST_FAILED, "unshare: %s", strerror(errno));
		_exit(1);
	}
	if (snprintf(proc, sizeof(proc), "%s/proc", root) >= (int)sizeof(proc)
	    || (mkdir(proc, 0555) != 0 && errno != EEXIST) ||
	    mount("proc", proc, "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC |
	    (usernsfd < 0 ? MS_RDONLY : 0), NULL) != 0) {
		start_line(statfd, ST_FAILED, "mount /proc: %s",
		    strerror(errno));
		_exit(1);
	}
	if (make_dev(root) != 0) {
		start_line(statfd, ST_FAILED, "/dev: %s", strerror(errno));
		_exit(1);
	}
	what = "pivot_root";
	if (pivot(root) != 0)
		goto fail;
	what = "entering the user namespace";
	if (usernsfd >= 0 && confine_enter(usernsfd) != 0)
		goto fail;
	if (usernsfd >= 0)
		(void)close(usernsfd);
	what = "capabilities";
	if (confine_caps() != 0)
		goto fail;
	what = "seccomp";
	if (confine_seccomp() != 0)
		goto fail;
	/* a change of credentials cleared it */
	(void)prctl(PR_SET_PDEATHSIG, SIGKILL);
	/* no descriptor of the caller's (a host directory?) reaches exec */
	(void)close_range(3, ~0U, CLOSE_RANGE_CLOEXEC);
	if ((cmd = fork()) < 0) {
		start_line(statfd, ST_FAILED, "fork: %s", strerror(errno));
		_exit(1);
	}
	if (cmd == 0) {
		(void)close(lifeline);
		start_commands(o, cred, outfd, statfd);
	}
	for (;;) {
		while ((p = waitpid(-1, &st, WNOHANG)) > 0)
			if (p == cmd)
				start_line(statfd, ST_EXITED, "%d", st);
		if (poll(&pfd, 1, 100) > 0)
			_exit(0);	/* the supervisor is gone */
	}
fail:
	start_line(statfd, ST_FAILED, "%s (%s): %s", what, o->root,
	    strerror(errno));
	_exit(1);
}

/*
 * The overlay's lower layer: the jail idmapped into the user namespace
 * (read-only, nosuid, nodev) at lower, or, unconfined, the jail itself.
 * The upper layer's root gets the jail root's owner and mode, which the
 * overlay's root shows (sshd checks them).
 */
static int
make_lower(const char *root, int usernsfd, const char *lower,
    const char *up, char *lowerdir, size_t len, char *why, size_t wlen)
{
	const char *dir = usernsfd < 0 ? root : lower;
	struct stat st;

	if (snprintf(lowerdir, len, "%s", dir) >= (int)len) {
		errno = ENAMETOOLONG;
		goto fail;
	}
	if (usernsfd >= 0 && (mkdir(lower, 0755) != 0 ||
	    confine_idmap(root, usernsfd, lower) != 0)) {
		(void)snprintf(why, wlen, "an idmapped mount of the jail: %s",
		    strerror(errno));
		return (-1);
	}
	if (stat(dir, &st) != 0 || chown(up, st.st_uid, st.st_gid) != 0 ||
	    chmod(up, st.st_mode & 07777) != 0)
		goto fail;
	return (0);
fail:
	(void)snprintf(why, wlen, "%s: %s", dir, strerror(errno));
	return (-1);
}

/* The overlay: 0, or -1 with why said. */
static int
make_overlay(const char *lowerdir, const char *up, const char *work,
    const char *merged, char *why, size_t wlen)
{
	char opts[3 * PATH_MAX + 64];
	int fd, rc = -1;

	/* by descriptor: a root path with ',' or ':' needs no escaping */
	if ((fd = open(lowerdir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) < 0) {
		(void)snprintf(why, wlen, "%s: %s", lowerdir, strerror(errno));
		return (-1);
	}
	(void)snprintf(opts, sizeof(opts), "lowerdir=/proc/self/fd/%d,"
	    "upperdir=%s,workdir=%s", fd, up, work);
	if (mount("overlay", merged, "overlay", MS_NOSUID | MS_NODEV,
	    opts) == 0)
		rc = 0;
	else
		(void)snprintf(why, wlen, "an overlay over the jail: %s",
		    strerror(errno));
	(void)close(fd);
	return (rc);
}

/*
 * The root the jail sees: an overlay on a tmpfs or, when the kernel
 * refuses one, a copy on the tmpfs (start_copy.c).  Never the jail
 * itself: what the service writes must not land in it.
 */
static int
make_root(const char *root, const char *tmp, const struct lx *x,
    char *merged, size_t len, bool *copied, char *why, size_t wlen)
{
	char up[PATH_MAX], work[PATH_MAX], low[PATH_MAX], lowerdir[PATH_MAX];
	char no[PATH_MAX + 128];
	size_t n;

	*copied = false;
	if (snprintf(merged, len, "%s/root", tmp) >= (int)len ||
	    snprintf(up, sizeof(up), "%s/upper", tmp) >= (int)sizeof(up) ||
	    snprintf(low, sizeof(low), "%s/lower", tmp) >= (int)sizeof(low) ||
	    snprintf(work, sizeof(work), "%s/work", tmp) >= (int)sizeof(work)) {
		(void)snprintf(why, wlen, "%s: %s", tmp, strerror(ENAMETOOLONG));
		return (-1);
	}
	if (mount("tmpfs", tmp, "tmpfs", MS_NOSUID | MS_NODEV,
	    "mode=0755,size=512m") != 0 || mkdir(merged, 0755) != 0 ||
	    mkdir(up, 0755) != 0 || mkdir(work, 0700) != 0) {
		(void)snprintf(why, wlen, "a tmpfs on %s: %s", tmp,
		    strerror(errno));
		return (-1);
	}
	if (make_lower(root, x->usernsfd, low, up, lowerdir, sizeof(lowerdir),
	    no, sizeof(no)) == 0 && make_overlay(lowerdir, up, work, merged,
	    no, sizeof(no)) == 0)
		return (0);
	/* a bind of the copy onto itself: pivot_root needs a mount point */
	n = (size_t)snprintf(why, wlen, "%s; ", no);
	if (start_copy(root, merged, x->usernsfd >= 0 ? x->base : 0,
	    why + (n < wlen ? n : 0), n < wlen ? wlen - n : 0) != 0)
		return (-1);
	if (mount(merged, merged, NULL, MS_BIND, NULL) != 0) {
		(void)snprintf(why, wlen, "binding the copy: %s",
		    strerror(errno));
		return (-1);
	}
	*copied = true;
	return (0);
}

/* The supervisor.  Never returns. */
static void __attribute__((noreturn))
run_supervisor(const struct jt_start_opts *o, const struct start_cred *cred,
    struct lx *x, const char *tmp, int outfd, int repfd, pid_t caller)
{
	char merged[PATH_MAX], path[64], why[2 * PATH_MAX + 256];
	int sp[2], life[2], st;
	struct stat sb;
	bool copied;

	if (prctl(PR_SET_PDEATHSIG, SIGKILL) != 0 || getppid() != caller)
		_exit(1);
	if (unshare(CLONE_NEWNS | CLONE_NEWPID | CLONE_NEWNET |
	    CLONE_NEWUTS | CLONE_NEWIPC) != 0) {
		start_line(repfd, 'w', "unshare: %s", strerror(errno));
		_exit(1);
	}
	/*
	 * Nothing mounted from here on propagates to the host.  The
	 * network namespace belongs to the host's user namespace, where
	 * the jail's root holds nothing: its services bind low ports by
	 * this namespace's sysctl instead.
	 */
	if (mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) != 0 ||
	    sethostname(start_hostname(o), strlen(start_hostname(o))) != 0 ||
	    lo_up() != 0 ||
	    (x->usernsfd >= 0 && write_sysctl("/proc/sys/net/ipv4/"
	    "ip_unprivileged_port_start", "0") != 0)) {
		start_line(repfd, 'w', "setting up the namespaces: %s",
		    strerror(errno));
		_exit(1);
	}
	if (make_root(o->root, tmp, x, merged, sizeof(merged), &copied, why,
	    sizeof(why)) != 0) {
		start_line(repfd, 'w', "%s (a jail is never started "
		    "writable)", why);
		_exit(1);
	}
	if (pipe2(sp, O_CLOEXEC) != 0 || pipe2(life, O_CLOEXEC) != 0 ||
	    (x->init = fork()) < 0) {
		start_line(repfd, 'w', "fork: %s", strerror(errno));
		_exit(1);
	}
	if (x->init == 0) {
		(void)close(repfd);
		(void)close(sp[0]);
		(void)close(life[1]);
		run_init(o, cred, merged, x->usernsfd, outfd, sp[1], life[0]);
	}
	(void)close(sp[1]);
	(void)close(life[0]);
	(void)close(outfd);
	(void)snprintf(path, sizeof(path), "/proc/%d/ns/pid", (int)x->init);
	x->pidns = stat(path, &sb) == 0 ? sb.st_ino : 0;
	if (x->usernsfd >= 0)
		start_line(repfd, 'u', "1");
	if (copied)
		start_line(repfd, 'c', "1");
	start_supervise(o, sp[0], lx_procs, x, !copied, repfd);
	/* init's death takes every process of the namespace with it */
	(void)kill(x->init, SIGKILL);
	while (waitpid(x->init, &st, 0) < 0 && errno == EINTR)
		;
	_exit(0);
}

/*
 * Runs killed by SIGKILL leave their empty mount points: remove those
 * in dir that are ours (the name, a directory of root's) and that no
 * live run holds locked.  rmdir removes only empty ones.
 */
static void
remove_leftovers(const char *dir)
{
	struct dirent *d;
	struct stat st;
	DIR *dp;
	int fd;

	if ((dp = opendir(dir)) == NULL)
		return;
	while ((d = readdir(dp)) != NULL) {
		if (strncmp(d->d_name, ROOT_PREFIX, strlen(ROOT_PREFIX)) != 0 ||
		    strlen(d->d_name) != strlen(ROOT_PREFIX) + 6)
			continue;
		fd = openat(dirfd(dp), d->d_name, O_RDONLY | O_DIRECTORY |
		    O_NOFOLLOW | O_CLOEXEC);
		if (fd < 0)
			continue;
		if (fstat(fd, &st) == 0 && st.st_uid == geteuid() &&
		    flock(fd, LOCK_EX | LOCK_NB) == 0)
			(void)unlinkat(dirfd(dp), d->d_name, AT_REMOVEDIR);
		(void)close(fd);
	}
	(void)closedir(dp);
}

/*
 * Our mount point, locked for the run: *lockfd holds the lock.  A
 * directory removed by another run's remove_leftovers() before we
 * locked it has no links left: then make another.
 */
static int
make_mountpoint(char *tmp, size_t len, int *lockfd, struct jt_err *err)
{
	const char *t;
	struct stat st;

	if ((t = getenv("TMPDIR")) == NULL || *t == '\0')
		t = "/tmp";
	remove_leftovers(t);
	for (int tries = 0; tries < 10; tries++) {
		(void)snprintf(tmp, len, "%s/" ROOT_PREFIX "XXXXXX", t);
		if (mkdtemp(tmp) == NULL)
			return (jt_err_set(err, JT_EIO, errno, tmp, "mkdtemp"));
		if ((*lockfd = open(tmp, O_RDONLY | O_DIRECTORY | O_NOFOLLOW |
		    O_CLOEXEC)) < 0)
			return (jt_err_set(err, JT_EIO, errno, tmp, "open"));
		if (flock(*lockfd, LOCK_EX) == 0 && fstat(*lockfd, &st) == 0 &&
		    st.st_nlink > 0)
			return (0);
		(void)close(*lockfd);
		*lockfd = -1;
	}
	return (jt_err_set(err, JT_EIO, 0, tmp, "no mount point of our own"));
}

/*
 * The host ids of the jail's: a range of START_IDS at or above
 * 0x70000000, far from any account, chosen by our pid so that two runs
 * at once rarely share one (each has its own namespaces anyway).
 */
static unsigned long
id_base(void)
{
	return (0x70000000UL + ((unsigned long)getpid() % 0x0fff) * START_IDS);
}

int
start_host(const struct jt_start_opts *o, const struct start_cred *cred,
    const struct start_users *users, int out[2], struct jt_start_result *res,
    struct jt_err *err)
{
	char tmp[PATH_MAX] = "", why[256];
	struct lx x = { .users = users, .usernsfd = -1 };
	int rep[2] = { -1, -1 }, rc, st, lockfd = -1;
	pid_t caller = getpid(), sup;

	if (geteuid() != 0)
		return (jt_err_set(err, JT_EUNSUPP, 0, o->root, "starting a "
		    "jail needs root (namespaces, mounts, pivot_root)"));
	x.base = id_base();
	if (confine_userns(x.base, &x.usernsfd, why, sizeof(why)) != 0 &&
	    !o->unconfined)
		return (jt_err_set(err, JT_EUNSUPP, 0, o->root, "not started: "
		    "%s; without a user namespace the jail's root would be "
		    "the host's (--unconfined runs it so)", why));
	if ((rc = make_mountpoint(tmp, sizeof(tmp), &lockfd, err)) != 0)
		goto out;
	if (pipe2(rep, O_CLOEXEC) != 0 || (sup = fork()) < 0) {
		rc = jt_err_set(err, JT_EIO, errno, NULL, "fork");
		goto out;
	}
	if (sup == 0) {
		(void)close(rep[0]);
		(void)close(out[0]);
		(void)close(lockfd);	/* ours stays: the lock holds */
		run_supervisor(o, cred, &x, tmp, out[1], rep[1], caller);
	}
	(void)close(rep[1]);
	rep[1] = -1;
	(void)close(out[1]);	/* EOF on out[0] once the jail is gone */
	out[1] = -1;
	rc = start_report_read(rep[0], out[0], o, sup, res, err);
	while (waitpid(sup, &st, 0) < 0 && errno == EINTR)
		;
out:
	if (rep[0] >= 0)
		(void)close(rep[0]);
	if (rep[1] >= 0)
		(void)close(rep[1]);
	if (x.usernsfd >= 0)
		(void)close(x.usernsfd);
	/* only ever a mount point inside the namespaces, now gone */
	if (tmp[0] != '\0')
		(void)rmdir(tmp);
	if (lockfd >= 0)
		(void)close(lockfd);
	return (rc);
}

#endif /* __linux__ */
