/* Private state of a shrink, shared by shrink.c and shrink_archive.c. */
#ifndef JT_SHRINK_INT_H
#define JT_SHRINK_INT_H

#include <sys/stat.h>

#include "jailtrim/shrink.h"
#include "util.h"

struct jt_shrink {
	char			*dir;		/* the jail, as given */
	int			 dirfd;		/* O_DIRECTORY on it */
	struct jt_source	*src;		/* the jail as a source */
	struct jt_map		 kept;		/* path -> why (arena string) */
	struct jt_strv		 keptdirs;	/* kept with all below them */
	struct jt_arena		 arena;
	/* after jt_shrink_finish() */
	struct jt_shrink_entry	*rm;		/* path order, dirs after */
	size_t			 nrm, caprm;
	/*
	 * Kept directories above removed entries, in path order: the backup
	 * records their metadata so that a restore gives back their mtime.
	 */
	struct jt_strv		 parents;
	int64_t			 jail_bytes;
	size_t			 jail_entries;
	bool			 finished;
};

/* shrink_fs.c: paths below the jail's descriptor, never through a link. */
int	shrink_open_beneath(int dfd, const char *rel, int flags);
int	shrink_lstat_beneath(int dfd, const char *rel, struct stat *st);
/* errno e as a jt_err naming path. */
int	shrink_syserr(struct jt_err *err, int e, const char *path,
	    const char *what);
/*
 * Lift the flags that forbid linking or unlinking the regular file rel;
 * returns a descriptor to shrink_put_flags() them back on (the inode,
 * whatever its names by then), or -1 when there were none to lift.
 */
int	shrink_lift_flags(int dfd, const char *rel, unsigned long *old);
int	shrink_put_flags(int fd, unsigned long old);

struct archive;
/* libarchive's error on a as a jt_err. */
int	shrink_aerr(struct archive *a, int code, const char *path,
	    const char *what, struct jt_err *err);

#endif
