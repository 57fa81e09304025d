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
	bool		 force;		/* replace a non-empty directory */
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

/* An mtree(5) manifest: type, mode, uname, gname, flags, size, nlink,
 * sha256 and link of every entry. */
int	jt_write_mtree(struct jt_plan *p, const char *path,
	    const struct jt_write_opts *o, struct jt_err *err);

/*
 * A directory tree.  An existing non-empty dir is refused unless force.
 * Hard links, symlinks, modes (setuid included) and owners are kept; file
 * flags only with apply_flags (on Linux schg becomes the immutable bit).
 */
int	jt_write_dir(struct jt_plan *p, const char *dir,
	    const struct jt_write_opts *o, struct jt_err *err);
/*
 * rm -rf of a directory tree, as jt_write_dir wrote it without
 * apply_flags; symbolic links are not followed.  False if anything stayed.
 */
bool	jt_write_dir_remove(const char *dir);

#endif
