/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Berkeley DB 1.85 hash files, written from scratch after the on-disk
 * layout of FreeBSD's src:lib/libc/db/hash (hash.h, page.h, hash.c,
 * hash_page.c, hash_func.c), release 10.x.  The layout, in short:
 *
 *  page 0       the header (HASHHDR, 260 bytes, rest of the page zero),
 *               always big-endian: flush_meta() byte-swaps it on
 *               little-endian hosts and hash_open() swaps it back.
 *  pages 1..nb  the bucket pages, in the byte order the header's lorder
 *               names (pwd_mkdb -L: little-endian).  A page is an array of
 *               16-bit words -- n, then n offsets (key, data, key, data,
 *               ...), then FREESPACE and OFFSET -- and the pairs packed
 *               from the end of the page downwards, each key just above
 *               its data (putpair() in hash_page.c).  A bucket nothing was
 *               ever put into is never written: it is a hole of zeros,
 *               which __get_page() reads as an empty page.
 *  page nb+1    the first overflow bitmap, which init_htab() always
 *               allocates at split point l2, page 1 (__ibitmap()).
 *
 * Checked against 10.1's own /etc/pwd.db: bsize 4096, ffactor 32, 8
 * buckets, 10 pages, lorder 1234, h_charkey 0x956e7de3, bitmap word
 * 0xfffffff1; the tests compare whole files byte for byte.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "db185.h"

/* HASHHDR constants (src:lib/libc/db/hash/hash.h). */
#define HASHMAGIC	0x061561
#define HASHVERSION	2
#define CHARKEY		"%$sniglet^&"	/* hashed with its NUL: 12 bytes */
#define NCACHED		32		/* spares[] and bitmaps[] */
#define HDRSIZE		(17 * 4 + NCACHED * 4 + NCACHED * 2)
#define DEF_DIRSIZE	256
#define DEF_SEGSIZE	256
#define DEF_SEGSIZE_SHIFT 8
#define SPLITSHIFT	11		/* OADDR_OF(S,O) = S << 11 | O */

/* pwd_mkdb's HASHINFO (src:usr.sbin/pwd_mkdb/pwd_mkdb.c). */
#define BSIZE		4096
#define BSHIFT		12
#define FFACTOR		32
#define NELEM		256

/*
 * page.h: PAIRFITS() wants PAIRSIZE (two offsets, key, data) plus room
 * for one more offset pair (OVFLSIZE), kept free for an overflow link;
 * an empty page has PAGE_META(0) = 3 words of bookkeeping.
 */
#define PAIRSIZE(k, d)	(2 * 2 + (k) + (d))
#define OVFLSIZE	(2 * 2)
#define EMPTY_FREE	(BSIZE - 3 * 2)

/*
 * Our own bound, not the format's: 32768 buckets is a 128 MiB file,
 * far beyond any account database.
 */
#define MAX_L2		15

struct rec {
	uint32_t	 hash;
	uint32_t	 klen;
	uint32_t	 dlen;
	unsigned char	*kd;		/* key, then data */
};

struct db185 {
	int		 lorder;
	struct rec	*recs;
	size_t		 n;
	size_t		 cap;
	uint32_t	*slots;		/* open addressing: record index + 1 */
	size_t		 nslots;	/* power of two */
};

/*
 * hash4 (Chris Torek's), FreeBSD's __default_hash: h = h * 33 + byte.  The
 * original unrolls the loop eight times; the result is the same.
 */
uint32_t
db185_hash(const void *key, size_t len)
{
	const unsigned char *k = key;
	uint32_t h = 0;

	while (len-- > 0)
		h = (h << 5) + h + *k++;
	return (h);
}

int
db185_new(struct db185 **out, int lorder, struct jt_err *err)
{
	struct db185 *db;

	*out = NULL;
	if (lorder != DB185_LITTLE_ENDIAN && lorder != DB185_BIG_ENDIAN)
		return (jt_err_set(err, JT_EINVAL, 0, NULL,
		    "byte order %d: use 1234 or 4321", lorder));
	if ((db = calloc(1, sizeof(*db))) == NULL)
		return (jt_err_set(err, JT_ENOMEM, errno, NULL, "calloc"));
	db->lorder = lorder;
	*out = db;
	return (0);
}

void
db185_free(struct db185 *db)
{
	if (db == NULL)
		return;
	for (size_t i = 0; i < db->n; i++)
		free(db->recs[i].kd);
	free(db->recs);
	free(db->slots);
	free(db);
}

size_t
db185_nkeys(const struct db185 *db)
{
	return (db->n);
}

static bool
same_key(const struct rec *r, uint32_t h, const void *key, size_t klen)
{
	return (r->hash == h && r->klen == klen &&
	    memcmp(r->kd, key, klen) == 0);
}

/* Rebuild the index with twice the slots. */
static int
grow_index(struct db185 *db)
{
	size_t nslots = db->nslots ? db->nslots * 2 : 64;
	uint32_t *slots;

	if ((slots = calloc(nslots, sizeof(*slots))) == NULL)
		return (JT_ENOMEM);
	for (size_t i = 0; i < db->n; i++) {
		size_t j = db->recs[i].hash & (nslots - 1);

		while (slots[j] != 0)
			j = (j + 1) & (nslots - 1);
		slots[j] = (uint32_t)(i + 1);
	}
	free(db->slots);
	db->slots = slots;
	db->nslots = nslots;
	return (0);
}

int
db185_put(struct db185 *db, const void *key, size_t klen, const void *data,
    size_t dlen, struct jt_err *err)
{
	uint32_t h = db185_hash(key, klen);
	struct rec *r;
	size_t j;

	/* Bounds the sizes before any arithmetic on them. */
	if (klen > BSIZE || dlen > BSIZE ||
	    PAIRSIZE(klen, dlen) + OVFLSIZE > EMPTY_FREE)
		return (jt_err_set(err, JT_EUNSUPP, 0, NULL, "a record of "
		    "%zu + %zu bytes does not fit in a %d-byte page", klen,
		    dlen, BSIZE));
	if ((db->n + 1) * 2 > db->nslots && grow_index(db) != 0)
		return (jt_err_set(err, JT_ENOMEM, errno, NULL, "calloc"));
	for (j = h & (db->nslots - 1); db->slots[j] != 0;
	    j = (j + 1) & (db->nslots - 1))
		if (same_key(&db->recs[db->slots[j] - 1], h, key, klen))
			return (1);	/* R_NOOVERWRITE: the first wins */
	if (db->n == db->cap) {
		size_t cap = db->cap ? db->cap * 2 : 64;
		struct rec *v = realloc(db->recs, cap * sizeof(*v));

		if (v == NULL)
			return (jt_err_set(err, JT_ENOMEM, errno, NULL,
			    "realloc"));
		db->recs = v;
		db->cap = cap;
	}
	r = &db->recs[db->n];
	if ((r->kd = malloc(klen + dlen + 1)) == NULL)
		return (jt_err_set(err, JT_ENOMEM, errno, NULL, "malloc"));
	memcpy(r->kd, key, klen);
	if (dlen > 0)
		memcpy(r->kd + klen, data, dlen);
	r->hash = h;
	r->klen = (uint32_t)klen;
	r->dlen = (uint32_t)dlen;
	db->slots[j] = (uint32_t)(++db->n);
	return (0);
}

/* __call_hash(): the bucket of hash h in a table of 2^l2 buckets. */
static uint32_t
bucket_of(uint32_t h, int l2)
{
	uint32_t max_bucket = (1u << l2) - 1;
	uint32_t high_mask = (2u << l2) - 1;
	uint32_t b = h & high_mask;

	return (b > max_bucket ? b & max_bucket : b);
}

/*
 * Whether every pair lands in its primary bucket page with 2^l2 buckets
 * and the fill factor never asks __addel() to expand the table.
 */
static bool
fits(const struct db185 *db, int l2, uint32_t *freesp)
{
	size_t nb = (size_t)1 << l2;

	/* __addel(): expand when NKEYS / (MAX_BUCKET + 1) > FFACTOR. */
	if (db->n / nb > FFACTOR)
		return (false);
	for (size_t b = 0; b < nb; b++)
		freesp[b] = EMPTY_FREE;
	for (size_t i = 0; i < db->n; i++) {
		const struct rec *r = &db->recs[i];
		uint32_t *f = &freesp[bucket_of(r->hash, l2)];

		if (PAIRSIZE(r->klen, r->dlen) + OVFLSIZE > *f)
			return (false);
		*f -= PAIRSIZE(r->klen, r->dlen);
	}
	return (true);
}

static void
put16(unsigned char *p, uint32_t v, int lorder)
{
	if (lorder == DB185_BIG_ENDIAN) {
		p[0] = (unsigned char)(v >> 8);
		p[1] = (unsigned char)v;
	} else {
		p[0] = (unsigned char)v;
		p[1] = (unsigned char)(v >> 8);
	}
}

static void
put32(unsigned char *p, uint32_t v, int lorder)
{
	if (lorder == DB185_BIG_ENDIAN) {
		put16(p, v >> 16, lorder);
		put16(p + 2, v & 0xffff, lorder);
	} else {
		put16(p, v & 0xffff, lorder);
		put16(p + 2, v >> 16, lorder);
	}
}

/* HASHHDR as init_htab() fills it for 2^l2 buckets, big-endian. */
static void
put_header(unsigned char *p, const struct db185 *db, int l2)
{
	const int be = DB185_BIG_ENDIAN;
	uint32_t nb = 1u << l2;
	uint32_t nsegs = (nb - 1) / DEF_SEGSIZE + 1;
	uint32_t dsize = DEF_DIRSIZE;
	uint32_t f[17];
	size_t i;

	/* init_htab(): the directory grows past DSIZE only for huge tables. */
	while (dsize < nsegs)
		dsize <<= 1;
	f[0] = HASHMAGIC;
	f[1] = HASHVERSION;
	f[2] = (uint32_t)db->lorder;
	f[3] = BSIZE;
	f[4] = BSHIFT;
	f[5] = dsize;
	f[6] = DEF_SEGSIZE;
	f[7] = DEF_SEGSIZE_SHIFT;
	f[8] = (uint32_t)l2;		/* ovfl_point */
	f[9] = 2;			/* last_freed */
	f[10] = nb - 1;			/* max_bucket */
	f[11] = 2 * nb - 1;		/* high_mask */
	f[12] = nb - 1;			/* low_mask */
	f[13] = FFACTOR;
	f[14] = (uint32_t)db->n;	/* nkeys */
	f[15] = 1;			/* hdrpages: 260 bytes < MINHDRSIZE */
	f[16] = db185_hash(CHARKEY, sizeof(CHARKEY));	/* h_charkey */
	for (i = 0; i < 17; i++)
		put32(p + 4 * i, f[i], be);
	/* spares[l2] = spares[l2 + 1] = l2 + 1: the pages of split point l2
	 * (its bitmap) that come before the buckets of later split points. */
	put32(p + 68 + 4 * (size_t)l2, (uint32_t)l2 + 1, be);
	put32(p + 68 + 4 * (size_t)(l2 + 1), (uint32_t)l2 + 1, be);
	/* bitmaps[0] = OADDR_OF(l2, 1) */
	put16(p + 68 + 4 * NCACHED, ((uint32_t)l2 << SPLITSHIFT) | 1, be);
}

/*
 * __ibitmap(pnum, nbits = l2 + 1): the first word's low nbits bits clear
 * (free overflow pages) except bit 0, the bitmap page itself; every other
 * bit set.  Stored as 32-bit words in the pages' byte order.
 */
static void
put_bitmap(unsigned char *p, int l2, int lorder)
{
	memset(p, 0xff, BSIZE);
	put32(p, (0xffffffffu << (l2 + 1)) | 1, lorder);
}

/* putpair(), for every record, then each page's n, FREESPACE, OFFSET. */
static int
put_pages(unsigned char *img, const struct db185 *db, int l2)
{
	size_t nb = (size_t)1 << l2;
	uint16_t *cnt, *off;

	cnt = calloc(nb, sizeof(*cnt));
	off = calloc(nb, sizeof(*off));
	if (cnt == NULL || off == NULL) {
		free(cnt);
		free(off);
		return (JT_ENOMEM);
	}
	for (size_t i = 0; i < db->n; i++) {
		const struct rec *r = &db->recs[i];
		uint32_t b = bucket_of(r->hash, l2);
		/* BUCKET_TO_PAGE(b) = b + hdrpages: spares[] below l2 are 0 */
		unsigned char *pg = img + ((size_t)b + 1) * BSIZE;
		uint32_t o = cnt[b] == 0 ? BSIZE : off[b];

		o -= r->klen;
		memcpy(pg + o, r->kd, r->klen);
		put16(pg + 2 * (++cnt[b]), o, db->lorder);
		o -= r->dlen;
		memcpy(pg + o, r->kd + r->klen, r->dlen);
		put16(pg + 2 * (++cnt[b]), o, db->lorder);
		off[b] = (uint16_t)o;
	}
	for (size_t b = 0; b < nb; b++) {
		unsigned char *pg = img + (b + 1) * BSIZE;
		uint32_t n = cnt[b];

		if (n == 0)
			continue;	/* never written: a hole */
		put16(pg, n, db->lorder);
		put16(pg + 2 * (n + 1), off[b] - (n + 3) * 2, db->lorder);
		put16(pg + 2 * (n + 2), off[b], db->lorder);
	}
	free(cnt);
	free(off);
	return (0);
}

int
db185_image(const struct db185 *db, void **out, size_t *len,
    struct jt_err *err)
{
	unsigned char *img = NULL;
	uint32_t *freesp = NULL;
	size_t nb, total;
	int l2, rc;

	*out = NULL;
	*len = 0;
	/* init_htab(): nelem / ffactor buckets, rounded up to a power of 2. */
	for (l2 = 0; (1 << l2) < (NELEM - 1) / FFACTOR + 1; l2++)
		;
	for (;; l2++) {
		if (l2 > MAX_L2) {
			rc = jt_err_set(err, JT_EUNSUPP, 0, NULL, "%zu keys do "
			    "not fit in %d hash buckets", db->n, 1 << MAX_L2);
			goto fail;
		}
		free(freesp);
		if ((freesp = calloc((size_t)1 << l2, sizeof(*freesp))) ==
		    NULL) {
			rc = jt_err_set(err, JT_ENOMEM, errno, NULL, "calloc");
			goto fail;
		}
		if (fits(db, l2, freesp))
			break;
	}
	nb = (size_t)1 << l2;
	total = (nb + 2) * BSIZE;
	if ((img = calloc(1, total)) == NULL) {
		rc = jt_err_set(err, JT_ENOMEM, errno, NULL, "calloc");
		goto fail;
	}
	put_header(img, db, l2);
	if (put_pages(img, db, l2) != 0) {
		rc = jt_err_set(err, JT_ENOMEM, errno, NULL, "calloc");
		goto fail;
	}
	put_bitmap(img + (nb + 1) * BSIZE, l2, db->lorder);
	free(freesp);
	*out = img;
	*len = total;
	return (0);
fail:
	free(freesp);
	free(img);
	return (rc);
}
