/*
 * Starting a jail on Linux: namespaces.
 *
 *   caller ── fork ──► supervisor: unshare(mount, PID, net, UTS, IPC),
 *                      mounts private, loopback up, the overlay root;
 *                      runs the probes (start_supervise)
 *                        └─ fork ──► init (PID 1 of the new namespace):
 *                                    /proc and /dev, chroot, reaps
 *                                      └─ fork ──► the commands
 *
 * Nothing can outlive the run.  The supervisor dies with the caller
 * (PR_SET_PDEATHSIG); init exits when the supervisor's end of a pipe
 * closes, however the supervisor ended; when init exits the kernel kills
 * every process in its PID namespace; the mounts live only in the private
 * mount namespace and the loopback only in the network namespace, both
 * gone with their last process.  The jail on disk is the lower layer of
 * an overlay whose upper layer is a tmpfs: what the service writes (host
 * keys, pid files) is thrown away, and the jail is left as it was.
 */
#if defined(__linux__)

#include <sys/types.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
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
};

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
		(void)snprintf(status, sizeof(status), "%s %s %s", pid,
		    start_user_name(x->users, (uid_t)strtoul(uid, NULL, 10),
		    ub, sizeof(ub)), name);
		(void)strv_push(out, status);
	}
	(void)closedir(dir);
	return (count);
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
	(void)snprintf(p, sizeof(p), "%s/shm", dev);
	(void)mkdir(p, 01777);
	(void)snprintf(p, sizeof(p), "%s/pts", dev);
	(void)mkdir(p, 0755);
	return (0);
}

/* PID 1: /proc, /dev, chroot, the commands, then reap until told. */
static void __attribute__((noreturn))
run_init(const struct jt_start_opts *o, const struct start_cred *cred,
    const char *root, int outfd, int statfd, int lifeline)
{
	struct pollfd pfd = { .fd = lifeline, .events = POLLIN };
	char proc[PATH_MAX];
	pid_t cmd, p;
	int st;

	(void)prctl(PR_SET_PDEATHSIG, SIGKILL);
	if (snprintf(proc, sizeof(proc), "%s/proc", root) >= (int)sizeof(proc)
	    || (mkdir(proc, 0555) != 0 && errno != EEXIST) ||
	    mount("proc", proc, "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC,
	    NULL) != 0) {
		start_line(statfd, ST_FAILED, "mount /proc: %s",
		    strerror(errno));
		_exit(1);
	}
	if (make_dev(root) != 0) {
		start_line(statfd, ST_FAILED, "/dev: %s", strerror(errno));
		_exit(1);
	}
	if (chroot(root) != 0 || chdir("/") != 0) {
		start_line(statfd, ST_FAILED, "chroot %s: %s", o->root,
		    strerror(errno));
		_exit(1);
	}
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
}

/* The root the jail sees: an overlay on a tmpfs, or the jail itself. */
static int
make_root(const char *root, const char *tmp, char *merged, size_t len,
    bool *overlay)
{
	char up[PATH_MAX], work[PATH_MAX], opts[3 * PATH_MAX];
	int fd;

	*overlay = false;
	if (snprintf(merged, len, "%s/root", tmp) >= (int)len ||
	    snprintf(up, sizeof(up), "%s/upper", tmp) >= (int)sizeof(up) ||
	    snprintf(work, sizeof(work), "%s/work", tmp) >= (int)sizeof(work)) {
		errno = ENAMETOOLONG;
		return (-1);
	}
	if (mount("tmpfs", tmp, "tmpfs", MS_NOSUID | MS_NODEV,
	    "mode=0755,size=512m") != 0 || mkdir(merged, 0755) != 0 ||
	    mkdir(up, 0755) != 0 || mkdir(work, 0700) != 0)
		return (-1);
	/* by descriptor: a root path with ',' or ':' needs no escaping */
	if ((fd = open(root, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) < 0)
		return (-1);
	(void)snprintf(opts, sizeof(opts), "lowerdir=/proc/self/fd/%d,"
	    "upperdir=%s,workdir=%s", fd, up, work);
	if (mount("overlay", merged, "overlay", MS_NOSUID, opts) == 0)
		*overlay = true;
	else if (mount(root, merged, NULL, MS_BIND | MS_REC, NULL) != 0) {
		(void)close(fd);
		return (-1);
	}
	(void)close(fd);
	return (0);
}

/* The supervisor.  Never returns. */
static void __attribute__((noreturn))
run_supervisor(const struct jt_start_opts *o, const struct start_cred *cred,
    const struct start_users *users, const char *tmp, int outfd, int repfd,
    pid_t caller)
{
	char merged[PATH_MAX], path[64];
	int sp[2], life[2], st;
	struct lx x = { .users = users };
	struct stat sb;
	bool overlay;

	if (prctl(PR_SET_PDEATHSIG, SIGKILL) != 0 || getppid() != caller)
		_exit(1);
	if (unshare(CLONE_NEWNS | CLONE_NEWPID | CLONE_NEWNET |
	    CLONE_NEWUTS | CLONE_NEWIPC) != 0) {
		start_line(repfd, 'w', "unshare: %s", strerror(errno));
		_exit(1);
	}
	/* nothing mounted from here on propagates to the host */
	if (mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) != 0 ||
	    sethostname(o->name, strlen(o->name)) != 0 || lo_up() != 0 ||
	    make_root(o->root, tmp, merged, sizeof(merged), &overlay) != 0) {
		start_line(repfd, 'w', "setting up the namespaces: %s",
		    strerror(errno));
		_exit(1);
	}
	if (pipe2(sp, O_CLOEXEC) != 0 || pipe2(life, O_CLOEXEC) != 0 ||
	    (x.init = fork()) < 0) {
		start_line(repfd, 'w', "fork: %s", strerror(errno));
		_exit(1);
	}
	if (x.init == 0) {
		(void)close(repfd);
		(void)close(sp[0]);
		(void)close(life[1]);
		run_init(o, cred, merged, outfd, sp[1], life[0]);
	}
	(void)close(sp[1]);
	(void)close(life[0]);
	(void)snprintf(path, sizeof(path), "/proc/%d/ns/pid", (int)x.init);
	x.pidns = stat(path, &sb) == 0 ? sb.st_ino : 0;
	start_supervise(o, sp[0], lx_procs, &x, overlay, repfd);
	/* init's death takes every process of the namespace with it */
	(void)kill(x.init, SIGKILL);
	while (waitpid(x.init, &st, 0) < 0 && errno == EINTR)
		;
	_exit(0);
}

int
start_host(const struct jt_start_opts *o, const struct start_cred *cred,
    const struct start_users *users, int outfd, struct jt_start_result *res,
    struct jt_err *err)
{
	char tmp[PATH_MAX];
	const char *t;
	int rep[2] = { -1, -1 }, rc, st;
	pid_t caller = getpid(), sup;

	if (geteuid() != 0)
		return (jt_err_set(err, JT_EUNSUPP, 0, o->root, "starting a "
		    "jail needs root (namespaces, mounts, chroot)"));
	if ((t = getenv("TMPDIR")) == NULL || *t == '\0')
		t = "/tmp";
	(void)snprintf(tmp, sizeof(tmp), "%s/jailtrim-root.XXXXXX", t);
	if (mkdtemp(tmp) == NULL)
		return (jt_err_set(err, JT_EIO, errno, tmp, "mkdtemp"));
	if (pipe2(rep, O_CLOEXEC) != 0 || (sup = fork()) < 0) {
		rc = jt_err_set(err, JT_EIO, errno, NULL, "fork");
		goto out;
	}
	if (sup == 0) {
		(void)close(rep[0]);
		run_supervisor(o, cred, users, tmp, outfd, rep[1], caller);
	}
	(void)close(rep[1]);
	rep[1] = -1;
	rc = start_report_read(rep[0], o, sup, res, err);
	while (waitpid(sup, &st, 0) < 0 && errno == EINTR)
		;
out:
	if (rep[0] >= 0)
		(void)close(rep[0]);
	if (rep[1] >= 0)
		(void)close(rep[1]);
	/* only ever a mount point inside the namespaces, now gone */
	(void)rmdir(tmp);
	return (rc);
}

#endif /* __linux__ */
