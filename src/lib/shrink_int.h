/* SPDX-License-Identifier: BSD-2-Clause */
/* Private state of a shrink, shared by shrink.c and shrink_archive.c. */
#ifndef JT_SHRINK_INT_H
#define JT_SHRINK_INT_H

#include <sys/stat.h>

#include <sha256.h>

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
	/* kept files the apply changes besides (jt_shrink_save) */
	struct jt_strv		 saved;
	/* signs the backup's index (shrink_index.c) */
	unsigned char		 key[JT_BACKUP_KEY_LEN];
	bool			 keyed;
	int64_t			 jail_bytes;
	size_t			 jail_entries;
	bool			 finished;
	/* provenance (shrink_prov.c) */
	struct jt_source	*base;		/* --base, or NULL */
	struct jt_map		 pkgfile;	/* path -> struct shrink_pkgmark */
	struct jt_strv		 dropped;	/* packages that may go */
	struct jt_strv		 provobjs;	/* ELF objects kept for it */
	struct jt_map		 fuindex;	/* freebsd-update: path -> rec */
	bool			 fuloaded;
	bool			 classified;
	bool			 defer_pkgs;	/* packages decided later */
	struct jt_shrink_prov_stats stats;
};

/* shrink.c: keep path (canonical) for why, with its parents. */
int	shrink_keep_one(struct jt_shrink *s, const char *path,
	    const char *why, struct jt_err *err);
/* shrink_prov.c: the jail's state freed with it. */
void	shrink_prov_free(struct jt_shrink *s);

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

/* shrink_index.c: the index a backup ends with, and its signature. */
#define SHRINK_INDEX_NAME	"./.jailtrim-index"	/* no member's name */
#define SHRINK_INDEX_MAX	(256 * 1024 * 1024)
#define SHRINK_SHA_LEN		32
#define SHRINK_HEX_LEN		65

/* A growing string; oom set on the first failure, later calls no-ops. */
struct shrink_buf {
	char	*p;
	size_t	 n, cap;
	bool	 oom;
};
void	shrink_buf_printf(struct shrink_buf *b, const char *fmt, ...)
	    __attribute__((format(printf, 2, 3)));
void	shrink_buf_add(struct shrink_buf *b, const void *data, size_t len);
void	shrink_buf_esc(struct shrink_buf *b, const char *s);
void	shrink_buf_free(struct shrink_buf *b);

void	shrink_hex(const unsigned char d[SHRINK_SHA_LEN],
	    char out[SHRINK_HEX_LEN]);
void	shrink_hmac(const unsigned char *key, size_t klen, const void *msg,
	    size_t len, unsigned char out[SHRINK_SHA_LEN]);
/*
 * A member's content as the archive holds it: its data runs (offset and
 * bytes, holes left out) and its size.  Both the backup (from the sparse
 * map libarchive writes) and the restore (from the blocks it reads) make
 * it, and a hole costs nothing: a forged member with a petabyte hole is
 * refused as fast as any other.
 */
struct shrink_digest {
	SHA256_CTX	data, map;
	int64_t		start, end;	/* the run being hashed */
	bool		open;
};
void	shrink_digest_init(struct shrink_digest *d);
void	shrink_digest_add(struct shrink_digest *d, int64_t off,
	    const void *buf, size_t len);
void	shrink_digest_end(struct shrink_digest *d, int64_t size,
	    char hex[SHRINK_HEX_LEN]);

/* A member's name without the '/' tar ends a directory's with. */
void	shrink_member_name(const char *name, struct shrink_buf *b);
struct archive_entry;
/*
 * What the index pins of a member, as one line of text: type, mode,
 * owner, device numbers, size, a digest of its flags, xattrs and ACLs,
 * its name and its link target.
 */
int	shrink_facts(struct archive_entry *ae, struct shrink_buf *out);

/* One entry of an index. */
struct shrink_ient {
	char		 kind;		/* 'r' removed, 'p' kept directory
					   above, 'k' kept file linked to,
					   's' kept file saved whole */
	char		 type;		/* f h d l c b i */
	unsigned	 mode;		/* permission bits, with setuid */
	long long	 uid, gid;
	uintmax_t	 rdevmajor, rdevminor;
	long long	 size;
	char		*name;		/* the member's name, "." the root */
	char		*link;		/* symlink or hard link target */
	char		*facts;		/* shrink_facts()'s text ('r', 'p') */
	char		 sha[SHRINK_HEX_LEN];	/* content, "-" for none */
	char		 runs[SHRINK_HEX_LEN];	/* shrink_digest, "-" */
};
struct shrink_index {
	struct shrink_ient	*v;
	size_t			 n, cap;
	struct jt_map		 byname;	/* 'r' and 'p' entries */
};
int	shrink_index_parse(struct shrink_index *ix, const char *text,
	    size_t len, const unsigned char *key, size_t klen,
	    bool *signed_ok, const char *archive, struct jt_err *err);
void	shrink_index_free(struct shrink_index *ix);

/* shrink_verify.c: the backup checked whole, then the jail against it. */
struct restore_conflicts {
	struct jt_restore_conflict	*v;
	size_t				 n, cap;
};
int	shrink_verify_backup(int afd, const char *archive,
	    const struct jt_restore_opts *o, struct shrink_index *ix,
	    struct jt_err *err);
int	shrink_conflicts(int dfd, const struct shrink_index *ix,
	    struct restore_conflicts *out, struct jt_err *err);
/* An absolute name or a ".." component. */
bool	shrink_escapes(const char *name);

#endif
