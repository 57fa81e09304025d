/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * A hostile command for tests/e2e/verify_escape.sh, run inside a jail by
 * verify --start: it tries what a service must not be able to do and
 * prints one line per attempt, "NAME: blocked (why)" or "NAME: DONE".
 *
 *   escape SECRET HOSTFILE
 *
 * SECRET and HOSTFILE are host paths (the jail has neither): the
 * double-chroot escape tries to read the first and create the second.
 */
#define _GNU_SOURCE
#include <sys/mount.h>
#include <sys/ptrace.h>
#include <sys/syscall.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>

#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static void
say(const char *name, int rc)
{
	if (rc == 0)
		printf("%s: DONE\n", name);
	else
		printf("%s: blocked (%s)\n", name, strerror(errno));
	fflush(stdout);
}

/* The classic: chroot into a subdirectory, climb out, chroot there. */
static int
double_chroot(void)
{
	(void)mkdir("/.escape", 0755);
	if (chroot("/.escape") != 0)
		return (-1);
	for (int i = 0; i < 256; i++)
		if (chdir("..") != 0)
			return (-1);
	return (chroot("."));
}

int
main(int argc, char **argv)
{
	char buf[256];
	ssize_t n;
	int fd, rc;

	if (argc != 3)
		return (2);
	/* before the escape: the jail's root cannot make devices or mount */
	say("mknod b 8 0", mknod("/.sda", S_IFBLK | 0600, makedev(8, 0)));
	say("mount tmpfs", mount("none", "/tmp", "tmpfs", 0, NULL));
	say("unshare user+mount", unshare(CLONE_NEWUSER | CLONE_NEWNS));
	say("ptrace init", (int)ptrace(PTRACE_ATTACH, 1, NULL, NULL));
	/* init's descriptors without ptrace: pidfd_getfd(2) */
	fd = (int)syscall(SYS_pidfd_open, 1, 0);
	rc = fd >= 0 ? (int)syscall(SYS_pidfd_getfd, fd, 0, 0) : -1;
	say("pidfd_getfd init", rc >= 0 ? 0 : -1);
	if (fd >= 0)
		(void)close(fd);
	/*
	 * Writes to sysrq-trigger are only attempted once it is open: an
	 * open for writing is the permission check, and 'h' (help, a line
	 * in the kernel log) is the one harmless key.
	 */
	fd = open("/proc/sysrq-trigger", O_WRONLY);
	rc = fd >= 0 ? (write(fd, "h", 1) == 1 ? 0 : -1) : -1;
	say("write /proc/sysrq-trigger", rc);
	if (fd >= 0)
		(void)close(fd);
	say("double chroot", double_chroot());
	fd = open(argv[1], O_RDONLY);
	if (fd >= 0 && (n = read(fd, buf, sizeof(buf) - 1)) >= 0) {
		buf[n] = '\0';
		printf("read host secret: DONE: %s\n", buf);
	} else
		say("read host secret", -1);
	fd = open(argv[2], O_WRONLY | O_CREAT | O_EXCL, 0644);
	say("create host file", fd >= 0 ? 0 : -1);
	fflush(stdout);
	return (0);
}
