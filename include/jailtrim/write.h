/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Writers: each consumes a finished plan and nothing else.  Output goes to
 * a temporary sibling and is renamed into place only when complete, so an
 * interrupted run leaves no half-written jail at the destination.
 */
#ifndef JAILTRIM_WRITE_H
#define JAILTRIM_WRITE_H

#include <stdbool.h>
#include <stdint.h>

#include "jailtrim/err.h"
#include "jailtrim/plan.h"

struct jt_write_opts {
	int64_t		 epoch;		/* every mtime (SOURCE_DATE_EPOCH) */
	bool		 force;		/* replace an existing output */
	bool		 force_any;	/* also a directory jailtrim did not write */
	bool		 apply_flags;	/* set file flags where the host can */
};

/*
 * A reproducible tarball: .txz/.tar.xz, .tzst/.tar.zst, .tgz/.tar.gz or
 * .tar by suffix; pax restricted, entries sorted, mtime = epoch, owners by
 * name and id from the source, flags as SCHILY.fflags, hard links as hard
 * links, compressor settings pinned.
 */
int	jt_write_tar(struct jt_plan *p, const char *path,
	    const struct jt_write_opts *o, struct jt_err *err);

/* An mtree(5) manifest: the root ".", then type, mode, uid, gid, flags,
 * size, nlink, sha256 and link of every entry.  path "-": standard
 * output (written directly, nothing renamed). */
int	jt_write_mtree(struct jt_plan *p, const char *path,
	    const struct jt_write_opts *o, struct jt_err *err);

/*
 * A file output (a tarball when tar: its suffix is checked too) before any
 * work: an existing file, symbolic link or anything else at path is
 * refused unless force, a directory always.  JT_EINVAL for what the
 * caller asked wrongly, naming path.
 */
int	jt_write_file_check(const char *path, bool tar,
	    const struct jt_write_opts *o, struct jt_err *err);

/*
 * A small text output (jail.conf): written to a temporary sibling, synced
 * and renamed into place, so a symbolic link planted at path is replaced,
 * never followed; mode 0666 less the umask.
 */
int	jt_write_text(const char *path, const char *text,
	    struct jt_err *err);

/*
 * A directory tree.  The parent of dir is opened once, one component at a
 * time without following a symbolic link (one is refused), and the tree is
 * written in a temporary sibling NAME.jailtrim-PID-XXXXXX below it, then
 * exchanged with dir there.  An existing non-empty dir is replaced only
 * with force, only when jailtrim wrote it (its root carries the marker,
 * an extended attribute no output and no jail can see) unless force_any,
 * and never when something is mounted below it.  Leftovers of killed runs
 * on the same dir (our name pattern, our marker, a process that is gone)
 * are removed first.  Hard links, symlinks, modes (setuid included) and
 * owners are kept; file flags only with apply_flags (on Linux schg becomes
 * the immutable bit).
 */
int	jt_write_dir(struct jt_plan *p, const char *dir,
	    const struct jt_write_opts *o, struct jt_err *err);
/* The same checks on dir before any work: JT_EINVAL for what --force or
 * --force-any would allow, JT_EESCAPE for mount points below it. */
int	jt_write_dir_check(const char *dir, const struct jt_write_opts *o,
	    struct jt_err *err);
/*
 * rm -rf of a tree jailtrim wrote (immutable flags on it cleared),
 * without following a symbolic link or crossing into a mount, at any
 * depth.  False if anything stayed.
 */
bool	jt_write_dir_remove(const char *dir);

#endif
