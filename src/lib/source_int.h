/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Private interface between the merged source (source.c) and its layers
 * (source_dir.c, source_archive.c).  A layer answers for canonical paths
 * only: the merged source has already resolved every symlink of the
 * prefix, so a layer never follows a link itself.
 */
#ifndef JT_SOURCE_INT_H
#define JT_SOURCE_INT_H

#include "jailtrim/source.h"
#include "util.h"

struct layer;

struct layer_ops {
	/* JT_ENOENT (err untouched) when this layer lacks path. */
	int	(*lstat)(struct layer *l, const char *path, struct jt_stat *st,
		    struct jt_err *err);
	int	(*read)(struct layer *l, const char *path, void **data,
		    size_t *len, struct jt_err *err);
	long	(*peek)(struct layer *l, const char *path, void *buf,
		    size_t n, struct jt_err *err);
	/* May be NULL: the contents of paths (canonical) will be read. */
	void	(*prefetch)(struct layer *l, const char *const *paths,
		    size_t n);
	/* Every name of directory path in this layer; JT_ENOENT if absent. */
	int	(*readdir)(struct layer *l, const char *path, jt_dirent_fn *fn,
		    void *arg, struct jt_err *err);
	void	(*free)(struct layer *l);
};

struct layer {
	const struct layer_ops *ops;
	char		*spec;		/* as given by the user */
	int		 index;
	struct jt_arena	 strings;	/* link targets, names, flags */
};

/*
 * What a source holds in memory over all its layers (archive members'
 * contents and their index), against the most it may hold.
 */
struct mem_budget {
	int64_t	max;
	int64_t	used;
};

int	layer_dir_open(struct layer **out, const char *spec, int fd,
	    struct jt_err *err);

struct arc_opts {
	bool		 keep_all;	/* jt_source_set_keep_all() */
	bool		 lazy;		/* jt_source_set_lazy() */
	int		 jobs;		/* decoding threads, >= 1 */
	struct mem_budget *budget;
	jt_progress_fn	*progress;	/* may be NULL */
	void		*parg;
	const char	*cache_dir;	/* NULL: no source cache */
	int64_t		 cache_max;	/* bytes; 0: unbounded */
	jt_note_fn	*note;		/* may be NULL */
	void		*narg;
};
/* Charges what it keeps to budget; JT_ENOMEM naming it when over. */
int	layer_archive_open(struct layer **out, const char *spec,
	    const struct arc_opts *o, struct jt_err *err);

/*
 * source_spool.c: an unlinked file in $TMPDIR that holds the archive
 * members' contents a layer keeps, appended while the archive is read
 * and read back by offset; fd -1 until spool_open().
 */
struct spool_writer;
struct spool {
	int	fd;
	int64_t	size;			/* appended, written or queued */
	bool	async;			/* write through a writer thread */
	struct spool_writer *w;		/* that thread, once started */
};
int	spool_open(struct spool *sp, const char *spec, struct jt_err *err);
/*
 * Append n bytes, member path of source spec; JT_EIO naming it.  With
 * async set, the bytes may still be on their way (a failed write is
 * reported by a later call, or by spool_sync).
 */
int	spool_write(struct spool *sp, const void *buf, size_t n,
	    const char *spec, const char *path, struct jt_err *err);
/*
 * For writers on other threads (not with async): n bytes of the spool
 * set aside at the offset returned (the caller serialises the calls),
 * then written there, by any thread, with spool_pwrite (-1 and errno).
 */
int64_t	spool_reserve(struct spool *sp, size_t n);
int	spool_pwrite(const struct spool *sp, const void *buf, size_t n,
	    int64_t off);
/* Every byte written, the writer thread gone, async off; JT_EIO. */
int	spool_sync(struct spool *sp, const char *spec, struct jt_err *err);
/* n bytes at off (after spool_sync); -1 with errno on a short read. */
int	spool_pread(const struct spool *sp, void *buf, size_t n, int64_t off);
void	spool_close(struct spool *sp);

#ifdef JT_HAVE_LZMA_MT
/*
 * source_xz.c: open ar on the xz file at path, decoded by liblzma on up to
 * jobs threads whose buffers may take memlimit bytes; libarchive then sees
 * plain tar.  ARCHIVE_OK or an error set on ar.
 */
struct archive;
struct xz_src;
bool	xz_is_xz(const void *head, size_t n);
int	xz_open(struct archive *ar, const char *path, int jobs,
	    uint64_t memlimit, struct xz_src **out);
/* Compressed bytes read so far, for progress. */
int64_t	xz_consumed(const struct xz_src *x);

/*
 * source_xzblk.c: a multi-block xz file read from any offset of its
 * decoded stream, through its index.  xzb_open: 0 and *out; 1 when the
 * file has fewer than two blocks; JT_E* when it cannot be read or its
 * index is corrupt.  A block's decoder may take memlimit bytes.
 */
struct xz_blocks;
int	xzb_open(const char *path, uint64_t memlimit,
	    struct xz_blocks **out);
void	xzb_free(struct xz_blocks *xb);
uint64_t xzb_nblocks(const struct xz_blocks *xb);
/* The decoded stream's size. */
uint64_t xzb_size(const struct xz_blocks *xb);
/* The range [*ustart, *uend) of the block holding upos; false: none. */
bool	xzb_locate(const struct xz_blocks *xb, uint64_t upos,
	    uint64_t *ustart, uint64_t *uend);
/* Open ar on the decoded stream from upos on: ARCHIVE_OK or an error. */
int	xzb_archive_open(struct archive *ar, struct xz_blocks *xb,
	    uint64_t upos);
/* Blocks begun and bytes decoded so far, over every reader of xb. */
void	xzb_stats(const struct xz_blocks *xb, uint64_t *blocks,
	    uint64_t *bytes);
#endif

/*
 * Refuse a source path longer than PATH_MAX - 1 (JT_EINVAL), naming its
 * first bytes (prefix) and where it is (a layer's spec, or NULL).
 */
int	path_too_long(struct jt_err *err, const char *where,
	    const char *prefix);

/* Normalise an archive member name to "/a/b"; false if it has "..". */
bool	path_normalize_member(char *out, size_t len, const char *name);

#endif
