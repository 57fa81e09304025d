/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * A writer for Berkeley DB 1.85 hash files, the format of FreeBSD's
 * /etc/pwd.db and /etc/spwd.db (dbopen(3) with DB_HASH; FreeBSD libc's
 * src:lib/libc/db/hash).  Private to the library: the accounts module is
 * its user.
 *
 * Records are put in order; a key already present is skipped, as
 * put(R_NOOVERWRITE) does, so the first record for a key wins.  The image
 * is the file the hash code itself leaves after those puts into a table
 * created with pwd_mkdb's settings (bsize 4096, ffactor 32, nelem 256)
 * whenever they need no split and no overflow page.  When they would, the
 * table is laid out with twice the buckets instead, as many times as
 * needed: the file a table created with a larger nelem would hold.  Either
 * way every pair sits in its primary bucket page and the file is one the
 * hash code reads and can go on updating (pwd_mkdb -u, pw(8)).
 */
#ifndef JT_DB185_H
#define JT_DB185_H

#include <stddef.h>
#include <stdint.h>

#include "jailtrim/err.h"

/* Byte orders of the bucket pages, as dbopen's HASHINFO.lorder spells them. */
#define DB185_LITTLE_ENDIAN	1234
#define DB185_BIG_ENDIAN	4321

struct db185;

/* A builder for one file whose bucket pages use byte order lorder. */
int	db185_new(struct db185 **out, int lorder, struct jt_err *err);
void	db185_free(struct db185 *db);

/*
 * Add a record (key and data are copied).  Returns 0 when it was added, 1
 * when the key was already there (the record is dropped), or a negative
 * JT_E* code.
 */
int	db185_put(struct db185 *db, const void *key, size_t klen,
	    const void *data, size_t dlen, struct jt_err *err);

/* Number of distinct keys put so far. */
size_t	db185_nkeys(const struct db185 *db);

/*
 * The file's bytes, malloc'd into *out (the caller frees).  The same puts
 * give the same bytes.  JT_EUNSUPP when a pair cannot fit in a page of its
 * own or the keys cannot be spread over a reasonable number of buckets.
 */
int	db185_image(const struct db185 *db, void **out, size_t *len,
	    struct jt_err *err);

/* The hash function every 1.85 hash file of FreeBSD uses (hash4). */
uint32_t db185_hash(const void *key, size_t len);

#endif
