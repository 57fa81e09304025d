/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Sources: a stack of root file systems seen as one.
 *
 * A layer is a directory taken as a root (an installworld DESTDIR, an
 * extracted base, an existing jail, or "/") or a tarball read in place with
 * libarchive (base.txz, .tgz, .tar.zst, .tar, FreeBSD .pkg).  Later layers
 * win path by path; directories are merged.
 *
 * Every path is looked up inside the root: symbolic links, absolute ones
 * included, are followed relative to the root of the stack and never reach
 * the host.  ".." above the root and symlink loops are errors that name the
 * path.  Paths given to and returned by this module are absolute
 * ("/usr/lib/libc.so.7") and relative to the root.
 */
#ifndef JAILTRIM_SOURCE_H
#define JAILTRIM_SOURCE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "jailtrim/err.h"

struct jt_source;

enum jt_ftype {
	JT_FT_NONE = 0,
	JT_FT_REG,
	JT_FT_DIR,
	JT_FT_LNK,
	JT_FT_CHR,
	JT_FT_BLK,
	JT_FT_FIFO,
	JT_FT_SOCK,
};

/* Metadata of one path, as the source records it. */
struct jt_stat {
	enum jt_ftype	 type;
	mode_t		 mode;		/* permission bits incl. setuid/sticky */
	uid_t		 uid;
	gid_t		 gid;
	const char	*uname;		/* "" when unknown; owned by the source */
	const char	*gname;
	int64_t		 size;
	int64_t		 mtime;
	const char	*fflags;	/* "schg,uarch" or "" */
	const char	*link;		/* symlink target, NULL otherwise */
	const char	*hardlink;	/* archive: the member it links to */
	uint64_t	 dev;		/* the inode, to group hard links: */
	uint64_t	 ino;		/* archives number content members */
	uint32_t	 nlink;
	int		 layer;		/* index of the layer that provides it */
};

/*
 * A key naming the inode of a regular file at path, for finding its hard
 * links again: archives name an inode by the member that carried its
 * content (a later member of the same name is a new inode), directories
 * by device and inode number.  False when the file cannot have other names
 * (not regular, or a single link).
 */
bool	jt_stat_inode_key(const struct jt_stat *st, const char *path,
	    char *buf, size_t len);

/* Progress of a long read: done and total bytes of the compressed input. */
typedef void jt_progress_fn(void *arg, const char *what, int64_t done,
    int64_t total);

int	jt_source_new(struct jt_source **out, struct jt_err *err);
void	jt_source_free(struct jt_source *s);

/* Called during jt_source_add() of an archive; may be NULL. */
void	jt_source_set_progress(struct jt_source *s, jt_progress_fn *fn,
	    void *arg);

/*
 * Keep the content of every archive member added from now on, not just
 * what the analysis needs (ELF objects, scripts, small files): for
 * writing a jail from the source.
 */
void	jt_source_set_keep_all(struct jt_source *s, bool keep);
/*
 * With keep_all, from a multi-block xz archive: do not keep the large
 * members that are neither ELF objects, scripts nor package databases
 * (few jails need them), but decode them again from their xz blocks if
 * they are read (jt_source_prefetch() first, so that it happens side by
 * side).  For a build, which reads what its plan holds; not for whoever
 * reads every member.
 */
void	jt_source_set_lazy(struct jt_source *s, bool lazy);

/*
 * The most the source may hold in memory, in bytes, over all its layers:
 * archive members' contents and their index.  Adding an archive that
 * would hold more fails with JT_ENOMEM and a message naming the budget,
 * the member and its size, instead of taking whatever a hostile archive
 * asks for (a sparse or highly compressed member).  The default is
 * jt_source_default_max_memory().
 */
void	jt_source_set_max_memory(struct jt_source *s, int64_t bytes);
/* 1 GiB, or half the physical memory when that is less. */
int64_t	jt_source_default_max_memory(void);

/*
 * The most threads that decode an archive added from now on; 0 (the
 * default) means one per online CPU.  Only a multi-block xz file is
 * decoded on more than one: the output is the same whatever the number.
 */
void	jt_source_set_jobs(struct jt_source *s, int jobs);
/* What jt_source_set_jobs() set: 0 for the default. */
int	jt_source_jobs(const struct jt_source *s);

/*
 * What the source cache did (warning false: for a log) or could not do
 * (warning true: the cache is not used or not updated; the source is
 * read all the same).
 */
typedef void jt_note_fn(void *arg, bool warning, const char *msg);
void	jt_source_set_notes(struct jt_source *s, jt_note_fn *fn, void *arg);

/*
 * Keep what is learnt from an archive source added from now on in the
 * cache directory dir (created 0700 if missing; NULL: no cache, the
 * default): its member list and metadata, and the contents of the
 * members that were read, by content hash.  A later run from the same,
 * unchanged file (device, inode, size, mtime, ctime, and a hash of its
 * head and tail) reads the cache instead of decoding the archive, and
 * decodes it again only for a member whose content is not there.  The
 * cache is kept under max bytes (0: unbounded), least recently used
 * entries removed first.  The output is the same with or without it.
 */
int	jt_source_set_cache(struct jt_source *s, const char *dir, int64_t max,
	    struct jt_err *err);
/*
 * The default cache directory into buf: $XDG_CACHE_HOME/jailtrim, else
 * /var/cache/jailtrim for root, else ~/.cache/jailtrim.  JT_ENOENT
 * when there is none (no home directory).
 */
int	jt_source_default_cache(char *buf, size_t len, struct jt_err *err);
/* 1 GiB. */
#define JT_SOURCE_CACHE_MAX	((int64_t)1 << 30)

/*
 * Push a layer: a directory or an archive file (detected by content).
 * Archives are read once, in one pass, without extracting anything.
 */
int	jt_source_add(struct jt_source *s, const char *spec, struct jt_err *err);

/* Number of layers, and the spec of layer i. */
size_t	jt_source_nlayers(const struct jt_source *s);
const char *jt_source_layer_spec(const struct jt_source *s, size_t i);

/* Metadata of path itself (a final symlink is not followed). */
int	jt_source_lstat(struct jt_source *s, const char *path,
	    struct jt_stat *st, struct jt_err *err);

/*
 * Resolve path inside the root, following every symlink (the final one
 * too when follow is true).  The canonical path is written to out (size
 * len).  When links is not NULL, the path of every symlink passed on the
 * way is appended to it (struct jt_strv from the resolver: a char **
 * vector; see jt_source_resolve_cb for a callback form).
 */
typedef void jt_link_fn(void *arg, const char *linkpath);
int	jt_source_resolve(struct jt_source *s, const char *path, bool follow,
	    char *out, size_t len, jt_link_fn *on_link, void *arg,
	    struct jt_err *err);

/*
 * Contents of the regular file at canonical path (no symlink in it).  The
 * buffer is owned by the source and valid until jt_source_free(); it may
 * be written to (it is a private copy or a private mapping).
 * JT_ENODATA when an archive member's content was not retained.
 */
int	jt_source_read(struct jt_source *s, const char *path, void **data,
	    size_t *len, struct jt_err *err);

/*
 * Copy up to n leading bytes of the regular file at canonical path into
 * buf, without keeping anything: for telling file kinds apart cheaply.
 * Returns the number of bytes copied, or a negative JT_E* code.
 */
long	jt_source_peek(struct jt_source *s, const char *path, void *buf,
	    size_t n, struct jt_err *err);

/*
 * A hint that the regular files at paths (any path; links are followed)
 * will be read soon: an archive served from the source cache decodes
 * the xz blocks that hold the ones it lacks side by side, on up to the
 * source's jobs threads.  Never fails: a read says what is wrong.
 */
void	jt_source_prefetch(struct jt_source *s, const char *const *paths,
	    size_t n);
/* jt_source_resolve() with follow, then jt_source_read(). */
int	jt_source_read_file(struct jt_source *s, const char *path,
	    void **data, size_t *len, struct jt_err *err);

/*
 * Names in directory path (canonical), merged across layers, sorted, each
 * called once.  fn returns 0 to go on or non-zero to stop (returned).
 */
typedef int jt_dirent_fn(void *arg, const char *name,
    const struct jt_stat *st);
int	jt_source_readdir(struct jt_source *s, const char *path,
	    jt_dirent_fn *fn, void *arg, struct jt_err *err);

/*
 * A profile's "glob" pattern: the entries of the pattern's directory
 * (resolved in the root; missing is no match) whose names match its last
 * component (fnmatch, FNM_PERIOD), each passed to fn as a path in that
 * resolved directory.  fn returns 0 to go on or non-zero to stop.
 */
typedef int jt_glob_fn(void *arg, const char *path);
int	jt_source_glob(struct jt_source *s, const char *pattern,
	    jt_glob_fn *fn, void *arg, struct jt_err *err);

/*
 * Every path of the merged root, depth first, sorted within each
 * directory.  Symlinked directories are not descended.
 */
typedef int jt_walk_fn(void *arg, const char *path, const struct jt_stat *st);
int	jt_source_walk(struct jt_source *s, jt_walk_fn *fn, void *arg,
	    struct jt_err *err);
/* The same below directory dir (canonical). */
int	jt_source_walk_from(struct jt_source *s, const char *dir,
	    jt_walk_fn *fn, void *arg, struct jt_err *err);

#endif
