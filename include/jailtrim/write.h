/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Writers: each consumes a finished jail specification (spec.h) and
 * nothing else.  Output goes to a temporary sibling, is synced and is
 * renamed into place only when complete, so an interrupted or failed run
 * leaves no half-written output at the destination and a reader sees the
 * old file or the new one, never part of one.
 *
 * The outputs are a table (jt_writers()): one row per kind, in the order
 * they are written.  A new output kind, say an OCI image, is one new file
 * and one new row, and the command needs only the flag naming its path:
 *
 *	src/lib/write_oci.c:
 *	    int jt_write_oci(const struct jt_output *out, const char *path,
 *	        struct jt_err *err);	-- reads out->spec, atomic as above
 *	src/lib/write.c, writers[]:
 *	    { "oci", "writing the OCI image", false, check_file,
 *	        jt_write_oci },
 */
#ifndef JAILTRIM_WRITE_H
#define JAILTRIM_WRITE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "jailtrim/err.h"
#include "jailtrim/jailconf.h"
#include "jailtrim/plan.h"
#include "jailtrim/spec.h"

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

/* What every writer of the table reads. */
struct jt_output {
	const struct jt_jailspec *spec;
	struct jt_write_opts	  opts;
	/*
	 * The jail.conf stanza's own fields: name, hostname, addresses,
	 * extra parameters and an exec.start that replaces the spec's.  The
	 * writer adds the spec's commands (unless exec_start or
	 * exec_start_list is set), its first exec.stop (unless exec_stop is)
	 * and its parameters before these.  path NULL: the real path of
	 * dir, where the "dir" row wrote the jail.
	 */
	const struct jt_jailconf *jailconf;
	const char		 *dir;
};

struct jt_writer {
	const char	 *kind;		/* "dir", "tar", "mtree", "jailconf" */
	const char	 *doing;	/* "writing the mtree", for progress */
	bool		  to_stdout;	/* path "-" is standard output */
	/* Before any work: what the output would refuse (see below). */
	int		(*check)(const char *path,
			    const struct jt_write_opts *o, struct jt_err *err);
	int		(*write)(const struct jt_output *out, const char *path,
			    struct jt_err *err);
};

/* The table, in writing order (the stanza names the written dir). */
const struct jt_writer *jt_writers(size_t *n);
/* The row of kind, or NULL. */
const struct jt_writer *jt_writer_find(const char *kind);

/* The table's rows for the directory, the tarball and the mtree. */
int	jt_write_dir_out(const struct jt_output *out, const char *path,
	    struct jt_err *err);
int	jt_write_tar_out(const struct jt_output *out, const char *path,
	    struct jt_err *err);
int	jt_write_mtree_out(const struct jt_output *out, const char *path,
	    struct jt_err *err);
/*
 * The jail.conf stanza (see struct jt_output), rendered by
 * jt_jailconf_render() and written as jt_write_text() writes; "-":
 * standard output.
 */
int	jt_write_jailconf(const struct jt_output *out, const char *path,
	    struct jt_err *err);
/*
 * One jail.conf for n jails (a fleet's): the parameters every stanza
 * would hold alike (and none sets otherwise) once at the top, then the
 * stanzas in order, each completed as jt_write_jailconf() completes it;
 * written as jt_write_text() writes.
 */
int	jt_write_jailconf_many(const struct jt_output *const *outs, size_t n,
	    const char *path, struct jt_err *err);

#endif
