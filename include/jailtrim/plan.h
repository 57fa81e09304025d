/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The plan: a sorted, deduplicated list of what a jail root holds, each
 * entry with its type, mode, owner, flags, link target and origin (a path
 * of the source, or generated content), and why it is there.  Nothing is
 * written while planning; the writers consume only the plan.
 */
#ifndef JAILTRIM_PLAN_H
#define JAILTRIM_PLAN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "jailtrim/err.h"
#include "jailtrim/resolve.h"
#include "jailtrim/source.h"

struct jt_plan;

struct jt_plan_entry {
	const char	*path;		/* absolute, in the jail */
	enum jt_ftype	 type;
	mode_t		 mode;		/* permissions incl. setuid/sticky */
	uid_t		 uid;
	gid_t		 gid;
	const char	*uname;		/* "" when unknown */
	const char	*gname;
	const char	*fflags;	/* "schg" ..., "" for none */
	const char	*link;		/* symlink target */
	const char	*hardlink;	/* earlier entry with the same content */
	int64_t		 size;
	int64_t		 mtime;		/* the source's; 0: none (made here) */
	const char	*origin;	/* canonical path in the source, or NULL */
	const void	*data;		/* generated content, or NULL */
	const char	*why;		/* the first reason it was added */
};

int	jt_plan_new(struct jt_plan **out, struct jt_source *src,
	    struct jt_err *err);
void	jt_plan_free(struct jt_plan *p);

/*
 * Add path as the source has it (a final symlink is kept as a symlink and
 * its target added too), with its parent directories.  why is copied.
 */
int	jt_plan_add_path(struct jt_plan *p, const char *path, const char *why,
	    struct jt_err *err);
/*
 * Everything the source holds, each entry as it is: symlinks as links,
 * even dangling ones.  Device nodes, fifos and sockets are skipped and
 * counted in *skipped (may be NULL).
 */
int	jt_plan_add_all(struct jt_plan *p, const char *why, size_t *skipped,
	    struct jt_err *err);
/* Every file and symlink of a closure; why is the root's reason. */
int	jt_plan_add_closure(struct jt_plan *p, const struct jt_closure *c,
	    const char *why, struct jt_err *err);
/* A directory of the given mode and owner (replaces the source's). */
int	jt_plan_add_dir(struct jt_plan *p, const char *path, mode_t mode,
	    const char *uname, const char *gname, const char *why,
	    struct jt_err *err);
/* The same by ids (names from the source's files when it has them). */
int	jt_plan_add_dir_id(struct jt_plan *p, const char *path, mode_t mode,
	    uid_t uid, gid_t gid, const char *why, struct jt_err *err);
/* A generated regular file; data is copied. */
int	jt_plan_add_data(struct jt_plan *p, const char *path, const void *data,
	    size_t len, mode_t mode, const char *why, struct jt_err *err);

/*
 * Every entry owned by uid from (gid from when group) is owned by to:
 * for accounts moved into a jail's id range.
 */
void	jt_plan_renumber(struct jt_plan *p, bool group, uint32_t from,
	    uint32_t to);

/* The entry for path (as the jail names it), or NULL: none planned. */
const struct jt_plan_entry *jt_plan_get(const struct jt_plan *p,
	    const char *path);

/*
 * Sort by path bytes and group hard links: of the entries sharing one
 * inode in the source, the first in path order carries the content and
 * the others name it.  Returns the entries; valid until jt_plan_free().
 */
int	jt_plan_finish(struct jt_plan *p, const struct jt_plan_entry **ents,
	    size_t *n, struct jt_err *err);

/*
 * A hint that every regular entry's content will be read (by a writer):
 * the source may decode what it lacks side by side (jt_source_prefetch).
 */
void	jt_plan_prefetch(struct jt_plan *p);

/* Content of a regular entry (generated or read from the source). */
int	jt_plan_content(struct jt_plan *p, const struct jt_plan_entry *e,
	    const void **data, size_t *len, struct jt_err *err);

#endif
