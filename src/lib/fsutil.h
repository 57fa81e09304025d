/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * File system helpers shared by the writers, shrink and verify: the one
 * removal routine of the library, mount points below a directory, and
 * the marker that says a directory is a jail jailtrim wrote.  Private.
 */
#ifndef JT_FSUTIL_H
#define JT_FSUTIL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "jailtrim/err.h"
#include "util.h"

/* Which mounted file system an inode is on: st_dev, and on Linux the
 * mount id (a bind mount of the same file system has the same st_dev). */
struct fs_mnt {
	dev_t		dev;
	uint64_t	mnt;		/* 0 where the host does not say */
};

/* The mount holding name below dfd (name "" : dfd itself), no symlink
 * followed.  -1 and errno on failure. */
int	fs_mnt_of(int dfd, const char *name, struct fs_mnt *m);
bool	fs_mnt_same(const struct fs_mnt *a, const struct fs_mnt *b);

/*
 * Mount points strictly below dir (as the kernel's mount table names
 * them), appended to out.  0, or a negative JT_E* code.
 */
int	fs_mounts_below(const char *dir, struct jt_strv *out,
	    struct jt_err *err);
/* "dir has mount points below it: A, B" as err, or 0 when it has none. */
int	fs_refuse_mounts(const char *dir, struct jt_err *err);

/*
 * Remove name below dfd and everything under it: iterative (a heap stack,
 * one directory descriptor open at a time, so any depth), no symbolic
 * link followed, never crossing into another mount (st_dev and the mount
 * id checked on every entry: refused with JT_EESCAPE naming it).  With
 * clear_flags, immutable/append-only flags are cleared on what it
 * removes, only when they stop a removal.  label names name in errors.
 */
int	fs_remove_tree(int dfd, const char *name, const char *label,
	    bool clear_flags, struct jt_err *err);

/*
 * Open dir one component at a time with O_DIRECTORY|O_NOFOLLOW (from /
 * or the working directory): a symbolic link anywhere is refused.
 */
int	fs_open_dir_nofollow(const char *dir, struct jt_err *err);

/*
 * The jailtrim marker: an extended attribute on a tree's root directory
 * (Linux trusted.jailtrim, FreeBSD's system namespace), which unprivileged
 * users and a jail's root cannot read or write, and which is no byte of
 * any output (tarball and mtree come from the plan).  Where trusted.* is
 * denied (no CAP_SYS_ADMIN), user.jailtrim: readable in the jail, but
 * settable only by the directory's owner.  Values:
 * MARK_JAIL on an installed jail, "jailtrim:tmp:PID" on a tree being
 * written by process PID.
 */
#define FS_MARK_JAIL	"jailtrim:jail"
#define FS_MARK_TMP	"jailtrim:tmp:"
int	fs_mark_set(int fd, const char *val);
/* The marker's value in buf ("" when there is none). */
void	fs_mark_get(int fd, char *buf, size_t len);

#endif
