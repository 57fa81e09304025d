/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Confining a jail's processes on Linux: what keeps a hostile service in.
 *
 * A jail under test is exactly what one does not trust (a tarball from
 * CI, third-party packages), so its processes get:
 *
 *  - a user namespace in which the jail's ids 0..65535 are host ids
 *    base..base+65535, far from any real account: the jail's root is no
 *    one on the host.  The jail's files keep their owners through an
 *    idmapped mount of the jail (the overlay's lower layer), so sshd's
 *    ownership checks and named's "bind" still see what is on disk.
 *    The other namespaces (mount, PID, network, UTS, IPC) are owned by
 *    the host's user namespace, so the jail's root holds no capability
 *    over them: it cannot mount, change its network or host name.
 *  - a capability bounding set cut to what daemons use (CAPS below);
 *  - no_new_privs, so no exec can gain anything back;
 *  - a seccomp filter (classic BPF, architecture checked) that answers
 *    EPERM to the calls that reach past a container: mount and the new
 *    mount API, pivot_root, namespaces, modules, kexec, bpf, keys,
 *    ptrace, open_by_handle_at.
 */
#if defined(__linux__)

#include <sys/types.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>

#include <linux/audit.h>
#include <linux/capability.h>
#include <linux/filter.h>
#include <linux/seccomp.h>

#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <sched.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "start_int.h"

#if defined(__x86_64__)
#define SC_ARCH		AUDIT_ARCH_X86_64
#elif defined(__aarch64__)
#define SC_ARCH		AUDIT_ARCH_AARCH64
#elif defined(__i386__)
#define SC_ARCH		AUDIT_ARCH_I386
#endif

/*
 * What a daemon does as root before and while it drops privileges:
 * files it owns or must read (chown, dac_*, fowner, fsetid), its users
 * (setuid, setgid, setpcap for named's own capability drop), its port,
 * sshd's privilege-separation chroot, signals to its workers, rlimits,
 * the audit records sshd writes.  In the user namespace each acts only
 * on the jail's own ids and files.
 */
static const int caps[] = {
	CAP_CHOWN, CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH, CAP_FOWNER,
	CAP_FSETID, CAP_KILL, CAP_SETGID, CAP_SETUID, CAP_SETPCAP,
	CAP_NET_BIND_SERVICE, CAP_SYS_CHROOT, CAP_SYS_RESOURCE,
	CAP_AUDIT_WRITE,
};

/* Answered EPERM (clone3: ENOSYS, so that libc falls back to clone). */
static const int denied[] = {
	SYS_mount, SYS_umount2, SYS_pivot_root, SYS_unshare, SYS_setns,
	SYS_init_module, SYS_finit_module, SYS_delete_module, SYS_kexec_load,
#ifdef SYS_kexec_file_load
	SYS_kexec_file_load,
#endif
	SYS_bpf, SYS_keyctl, SYS_add_key, SYS_request_key, SYS_ptrace,
	SYS_process_vm_readv, SYS_process_vm_writev, SYS_open_by_handle_at,
	SYS_open_tree, SYS_move_mount, SYS_fsopen, SYS_fsconfig, SYS_fsmount,
	SYS_fspick, SYS_mount_setattr, SYS_reboot, SYS_swapon, SYS_swapoff,
	SYS_syslog, SYS_perf_event_open, SYS_acct, SYS_userfaultfd,
	SYS_kcmp,
#ifdef SYS_pidfd_getfd
	SYS_pidfd_getfd,	/* another process's descriptors, as ptrace */
#endif
#ifdef SYS_umount
	SYS_umount,
#endif
};

/* clone(2) flags that make a namespace. */
#define NS_FLAGS	(CLONE_NEWNS | CLONE_NEWCGROUP | CLONE_NEWUTS | \
	CLONE_NEWIPC | CLONE_NEWUSER | CLONE_NEWPID | CLONE_NEWNET)

#define NDENIED		(sizeof(denied) / sizeof(denied[0]))
#define FILTER_MAX	(16 + 2 * NDENIED)

int
confine_seccomp(void)
{
#ifdef SC_ARCH
	struct sock_filter f[FILTER_MAX];
	struct sock_fprog prog;
	size_t n = 0;

#define ST(c, k)	f[n++] = (struct sock_filter)BPF_STMT(c, k)
#define JEQ(k, t, e)	f[n++] = (struct sock_filter)BPF_JUMP(BPF_JMP | \
	BPF_JEQ | BPF_K, k, t, e)
	/* another architecture's numbers mean other calls: kill */
	ST(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, arch));
	JEQ(SC_ARCH, 1, 0);
	ST(BPF_RET | BPF_K, SECCOMP_RET_KILL_PROCESS);
	ST(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr));
#if defined(__x86_64__)
	/* x32 calls carry bit 30 and would dodge the list */
	f[n++] = (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JGE | BPF_K,
	    0x40000000u, 0, 1);
	ST(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | EPERM);
#endif
	for (size_t i = 0; i < NDENIED; i++) {
		JEQ((unsigned)denied[i], 0, 1);
		ST(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | EPERM);
	}
	JEQ(SYS_clone3, 0, 1);
	ST(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | ENOSYS);
	JEQ(SYS_clone, 1, 0);
	ST(BPF_RET | BPF_K, SECCOMP_RET_ALLOW);
	/* clone's flags are its first argument on x86_64 and arm64 */
	ST(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, args[0]));
	f[n++] = (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JSET | BPF_K,
	    NS_FLAGS, 0, 1);
	ST(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | EPERM);
	ST(BPF_RET | BPF_K, SECCOMP_RET_ALLOW);
#undef ST
#undef JEQ
	prog.len = (unsigned short)n;
	prog.filter = f;
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0)
		return (-1);
	return (prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &prog, 0, 0));
#else
	errno = ENOSYS;
	return (-1);
#endif
}

/* The bounding, ambient, permitted and effective sets cut to caps[]. */
int
confine_caps(void)
{
	struct __user_cap_header_struct h = { _LINUX_CAPABILITY_VERSION_3, 0 };
	struct __user_cap_data_struct d[2];
	unsigned long long keep = 0;

	for (size_t i = 0; i < sizeof(caps) / sizeof(caps[0]); i++)
		keep |= 1ULL << caps[i];
	for (int c = 0; c < 64; c++) {
		if (keep & (1ULL << c))
			continue;
		if (prctl(PR_CAPBSET_DROP, c, 0, 0, 0) != 0 && errno != EINVAL)
			return (-1);
	}
	if (prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0) != 0 &&
	    errno != EINVAL)
		return (-1);
	/* of those, what we have (a container's root may lack some) */
	if (syscall(SYS_capget, &h, d) != 0)
		return (-1);
	d[0].effective = d[0].permitted &= (unsigned)keep;
	d[1].effective = d[1].permitted &= (unsigned)(keep >> 32);
	d[0].inheritable = d[1].inheritable = 0;
	return ((int)syscall(SYS_capset, &h, d));
}

static int
write_file(const char *path, const char *s)
{
	int fd, rc;

	if ((fd = open(path, O_WRONLY | O_CLOEXEC)) < 0)
		return (-1);
	rc = write(fd, s, strlen(s)) == (ssize_t)strlen(s) ? 0 : -1;
	if (close(fd) != 0)
		rc = -1;
	return (rc);
}

/*
 * A user namespace mapping 0..START_IDS-1 to base.., held by *fd.  A
 * helper child unshares it and waits while we (root in the parent
 * namespace) write its maps and open it; the descriptor keeps it alive.
 */
int
confine_userns(unsigned long base, int *fd, char *why, size_t len)
{
	char path[64], map[64];
	int up[2] = { -1, -1 }, down[2] = { -1, -1 }, st, rc = -1;
	pid_t pid = -1;
	char c = 0;

	*fd = -1;
	if (pipe2(up, O_CLOEXEC) != 0 || pipe2(down, O_CLOEXEC) != 0 ||
	    (pid = fork()) < 0) {
		(void)snprintf(why, len, "fork: %s", strerror(errno));
		goto out;
	}
	if (pid == 0) {
		(void)close(down[1]);
		c = unshare(CLONE_NEWUSER) == 0 ? 'y' : (char)errno;
		(void)!write(up[1], &c, 1);
		(void)!read(down[0], &c, 1);
		_exit(0);
	}
	/* the helper's ends only: its death must read as EOF, not a hang */
	(void)close(up[1]);
	(void)close(down[0]);
	up[1] = down[0] = -1;
	if (read(up[0], &c, 1) != 1 || c != 'y') {
		(void)snprintf(why, len, "the kernel refuses user namespaces "
		    "(unshare: %s)", strerror(c != 'y' && c != 0 ? c : EIO));
		goto out;
	}
	(void)snprintf(map, sizeof(map), "0 %lu %u\n", base, START_IDS);
	(void)snprintf(path, sizeof(path), "/proc/%d/uid_map", (int)pid);
	if (write_file(path, map) != 0)
		goto fail;
	(void)snprintf(path, sizeof(path), "/proc/%d/gid_map", (int)pid);
	if (write_file(path, map) != 0)
		goto fail;
	(void)snprintf(path, sizeof(path), "/proc/%d/ns/user", (int)pid);
	if ((*fd = open(path, O_RDONLY | O_CLOEXEC)) < 0)
		goto fail;
	rc = 0;
	goto out;
fail:
	(void)snprintf(why, len, "%s: %s", path, strerror(errno));
out:
	if (down[1] >= 0)
		(void)close(down[1]);	/* the helper's read returns */
	if (pid > 0)
		while (waitpid(pid, &st, 0) < 0 && errno == EINTR)
			;
	if (up[0] >= 0)
		(void)close(up[0]);
	if (up[1] >= 0)
		(void)close(up[1]);
	if (down[0] >= 0)
		(void)close(down[0]);
	return (rc);
}

/*
 * The jail at target, read-only, nosuid, nodev, its owners shifted into
 * the user namespace's range: an idmapped clone of its mount.
 */
int
confine_idmap(const char *root, int usernsfd, const char *target)
{
	struct mount_attr attr = {
		.attr_set = MOUNT_ATTR_IDMAP | MOUNT_ATTR_RDONLY |
		    MOUNT_ATTR_NOSUID | MOUNT_ATTR_NODEV,
		.userns_fd = (unsigned long long)usernsfd,
	};
	int fd, rc = -1, e;

	fd = open_tree(AT_FDCWD, root, OPEN_TREE_CLONE | OPEN_TREE_CLOEXEC);
	if (fd < 0)
		return (-1);
	if (mount_setattr(fd, "", AT_EMPTY_PATH, &attr, sizeof(attr)) == 0 &&
	    move_mount(fd, "", AT_FDCWD, target, MOVE_MOUNT_F_EMPTY_PATH) == 0)
		rc = 0;
	e = errno;
	(void)close(fd);
	errno = e;
	return (rc);
}

/* Into the user namespace as its root: the jail's uid and gid 0. */
int
confine_enter(int usernsfd)
{
	if (setns(usernsfd, CLONE_NEWUSER) != 0 || setgroups(0, NULL) != 0 ||
	    setresgid(0, 0, 0) != 0 || setresuid(0, 0, 0) != 0)
		return (-1);
	return (0);
}

#endif /* __linux__ */
