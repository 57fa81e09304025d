/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The archive layer's state, shared by source_archive.c (reading an
 * archive) and source_cache.c (keeping what was learnt from it in the
 * source cache, and serving a later run from there).
 */
#ifndef JT_SOURCE_ARC_H
#define JT_SOURCE_ARC_H

#include <stdint.h>

#include "source_int.h"

#define CACHE_HASH_LEN	32	/* SHA-256 */

struct member {
	char		*path;		/* normalised, arena */
	struct jt_stat	 st;
	void		*data;		/* in the layer's bufs once read back */
	size_t		 len;
	int64_t		 off;		/* of the content in the spool */
	/*
	 * Where the tar header of the member that carries the content lies
	 * in the decoded stream (a hard link's: its target's); -1 unknown.
	 */
	int64_t		 cpos;
	bool		 kept;		/* content available (spool or cache) */
	bool		 spooled;	/* content in the spool, at off */
	bool		 holey;		/* not kept: sparse, mostly holes */
	int64_t		 data_size;	/* what a holey member stores */
	/*
	 * Kept even without keep_all (ELF, script, small file, package
	 * database): what the cache records, so that a later run with or
	 * without keep_all says what this one would have.
	 */
	bool		 interest;
	bool		 used;		/* read or peeked: worth caching */
	bool		 hashed;	/* hash names its content in the cache */
	unsigned char	 hash[CACHE_HASH_LEN];
};

struct arc_cache;

struct arc_layer {
	struct layer	 base;
	struct jt_map	 index;		/* path -> struct member * */
	struct member	**sorted;	/* by path, for readdir */
	size_t		 nsorted;
	struct jt_ptrv	 bufs;		/* member contents read back, owned */
	struct spool	 spool;		/* kept contents */
	unsigned char	*chunk;		/* SPOOL_CHUNK bytes, while reading */
	uint64_t	 ninodes;	/* content-carrying members so far */
	struct mem_budget *budget;	/* the source's, shared */
	int64_t		 charged;	/* this layer's part of it */
	bool		 keep_all;
	bool		 pkg;		/* a pkg(8) package */
	struct xz_src	*xz;		/* decoded by source_xz.c, or NULL */
	/*
	 * A multi-block xz read for a build: a large member that is neither
	 * ELF, script nor database is not spooled but fetched from its xz
	 * blocks if a read asks for it (source_cache_blk.c), as few do.
	 */
	bool		 defer;
	int		 jobs;		/* the most threads to decode on */
	struct arc_blk	*blk;		/* those blocks' state, or NULL */
	struct arc_cache *cache;	/* NULL: no cache */
};

/* source_archive_ops.c: the layer's operations, and a->sorted made. */
extern const struct layer_ops arc_ops;
int	arc_build_sorted(struct arc_layer *a);
/* source_archive.c: "3.0 GiB", "12 KiB", "100 B", for messages. */
const char *arc_human(char *buf, size_t len, int64_t n);

/*
 * source_cache.c.  cache_attach() computes the source's key and, when the
 * cache holds its index, fills a from it (1) so that the archive is not
 * read; 0: read it (cache_after_read() then), negative: an error.
 * A cache that cannot be used is a warning (o->warn), never an error.
 */
int	cache_attach(struct arc_layer *a, const struct arc_opts *o,
	    struct jt_err *err);
/* The archive was read: remember to store its index. */
void	cache_after_read(struct arc_layer *a);
/*
 * Content of member m that the layer did not decode (served from the
 * cache, else from the archive decoded again); 0 and m->data set.
 */
int	cache_fetch(struct arc_layer *a, struct member *m, struct jt_err *err);
/* Store what was learnt (index, contents used), evict; free the state. */
void	cache_detach(struct arc_layer *a);
/* Whether the layer was served from the cache. */
bool	cache_hit(const struct arc_layer *a);

/*
 * source_cache_blk.c: m's content (a member the cache holds none for)
 * from the xz blocks around it, with every wanted content in those
 * blocks, to the layer's spool; *bp is its state, NULL at first.
 * 0: m is spooled; 1: the source is not a multi-block xz, decode it
 * whole; 2: the same, and err says why (the archive and the index
 * disagree); negative: an error.
 */
struct arc_blk;
struct blk_stats {
	uint64_t	 blocks, nblocks;	/* decoded, in the file */
	uint64_t	 bytes, size;		/* decoded, in the file */
	uint64_t	 members;		/* contents spooled */
	uint64_t	 prefetched;		/* blocks read side by side */
};
int	blk_fetch(struct arc_layer *a, struct arc_blk **bp, struct member *m,
	    struct jt_err *err);
/*
 * The contents of ms (up to n members; the array is reordered) that
 * blk_fetch would decode, read from their blocks on up to jobs threads
 * at once.  A hint: what fails here is left to blk_fetch.
 */
void	blk_prefetch(struct arc_layer *a, struct arc_blk **bp,
	    struct member **ms, size_t n, int jobs);
void	blk_free(struct arc_blk *b, struct blk_stats *st);
/* source_cache.c: the layer's prefetch (a member list), when served from
 * the cache; source_archive.c's arc_prefetch() calls it. */
void	cache_prefetch(struct arc_layer *a, struct member **ms, size_t n);

/*
 * source_cache_fmt.c: the cache's files.  Each is a header (magic,
 * version, kind, the key it answers for, the body's length and SHA-256)
 * then the body; a file that is not whole and intact is never trusted.
 */
#define CACHE_HDR_LEN	88
enum { CACHE_KIND_INDEX = 1, CACHE_KIND_BLOB = 2 };
void	cache_entry_header(unsigned char *hdr, uint32_t kind,
	    const unsigned char *key, const void *body, size_t blen);
/*
 * 0 with *body and *blen when buf is a whole, intact entry of kind for
 * key (NULL: any key); JT_EFORMAT otherwise.
 */
int	cache_entry_check(const void *buf, size_t len, uint32_t kind,
	    const unsigned char *key, const unsigned char **body,
	    size_t *blen);
void	cache_sha256(const void *buf, size_t len, unsigned char *out);
/* Whether buf is a cache entry of another format version (not damage). */
bool	cache_entry_other_version(const void *buf, size_t len);

/* One member as an index body records it; strings point into the body. */
struct cache_rec {
	const char	*path;
	struct jt_stat	 st;		/* layer 0 */
	bool		 interest, holey, hashed;
	int64_t		 data_size;
	uint64_t	 len;
	int64_t		 cpos;		/* struct member's; -1: none */
	const unsigned char *hash;	/* CACHE_HASH_LEN bytes, or NULL */
};
typedef int cache_rec_fn(void *arg, const struct cache_rec *r);
/*
 * Every member of an index body, in order (paths strictly increasing,
 * normalised), to fn; JT_EFORMAT on anything malformed, or what fn
 * returned when not 0.
 */
int	cache_index_decode(const void *body, size_t len, cache_rec_fn *fn,
	    void *arg);

struct cache_buf {
	unsigned char	*p;
	size_t		 n, cap;
};
/* The index body of n members; JT_ENOMEM. */
int	cache_index_encode(struct cache_buf *b, struct member *const *m,
	    size_t n);

#endif
