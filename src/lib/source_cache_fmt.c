/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The format of the source cache's files (source_cache.c).  Anything in
 * the cache directory may have been truncated by a full disk, damaged,
 * or written by someone else: every byte is checked before it is used.
 *
 * An entry is a header of CACHE_HDR_LEN bytes, then its body:
 *   0  magic "JTCACHE\0"
 *   8  version (u32, little-endian), 12 kind (u32)
 *  16  the key the entry answers for (32 bytes)
 *  48  body length (u64), 56 SHA-256 of the body (32 bytes)
 * A blob's key is its body's SHA-256 (the content store); an index's is
 * the source's key (source_cache.c).
 *
 * An index body: "JTIX", the member count (u32), then each member:
 * path, flags (u8), type (u8), mode, uid, gid, nlink (u32), size,
 * mtime, ino, dev, data_size, len, cpos (u64; all ones: none), uname,
 * gname, fflags, then link and hardlink when the flags say so, then the content's SHA-256 when
 * hashed.  A string is its length (u32) counting a final NUL, then its
 * bytes; it holds no other NUL.
 */
#include <stdlib.h>
#include <string.h>

#include <sha256.h>

#include "source_arc.h"

#define CACHE_MAGIC	"JTCACHE"	/* and its NUL: 8 bytes */
#define CACHE_VERSION	2	/* 2: cpos */
#define INDEX_MAGIC	"JTIX"
#define MEMBERS_MAX	(1u << 26)	/* far above any base */

enum {
	F_INTEREST = 1, F_HOLEY = 2, F_HASHED = 4, F_LINK = 8, F_HARDLINK = 16,
	F_ALL = 31
};

void
cache_sha256(const void *buf, size_t len, unsigned char *out)
{
	SHA256_CTX c;

	SHA256_Init(&c);
	SHA256_Update(&c, buf, len);
	SHA256_Final(out, &c);
}

static void
put32(unsigned char *p, uint32_t v)
{
	for (int i = 0; i < 4; i++)
		p[i] = (unsigned char)(v >> (8 * i));
}

static void
put64(unsigned char *p, uint64_t v)
{
	for (int i = 0; i < 8; i++)
		p[i] = (unsigned char)(v >> (8 * i));
}

static uint32_t
get32(const unsigned char *p)
{
	uint32_t v = 0;

	for (int i = 3; i >= 0; i--)
		v = v << 8 | p[i];
	return (v);
}

static uint64_t
get64(const unsigned char *p)
{
	uint64_t v = 0;

	for (int i = 7; i >= 0; i--)
		v = v << 8 | p[i];
	return (v);
}

void
cache_entry_header(unsigned char *hdr, uint32_t kind,
    const unsigned char *key, const void *body, size_t blen)
{
	memcpy(hdr, CACHE_MAGIC, 8);
	put32(hdr + 8, CACHE_VERSION);
	put32(hdr + 12, kind);
	memcpy(hdr + 16, key, CACHE_HASH_LEN);
	put64(hdr + 48, blen);
	cache_sha256(body, blen, hdr + 56);
}

int
cache_entry_check(const void *buf, size_t len, uint32_t kind,
    const unsigned char *key, const unsigned char **body, size_t *blen)
{
	const unsigned char *p = buf;
	unsigned char sum[CACHE_HASH_LEN];

	if (len < CACHE_HDR_LEN || memcmp(p, CACHE_MAGIC, 8) != 0 ||
	    get32(p + 8) != CACHE_VERSION || get32(p + 12) != kind ||
	    (key != NULL && memcmp(p + 16, key, CACHE_HASH_LEN) != 0) ||
	    get64(p + 48) != len - CACHE_HDR_LEN)
		return (JT_EFORMAT);
	cache_sha256(p + CACHE_HDR_LEN, len - CACHE_HDR_LEN, sum);
	if (memcmp(sum, p + 56, CACHE_HASH_LEN) != 0)
		return (JT_EFORMAT);
	*body = p + CACHE_HDR_LEN;
	*blen = len - CACHE_HDR_LEN;
	return (0);
}

bool
cache_entry_other_version(const void *buf, size_t len)
{
	const unsigned char *p = buf;

	return (len >= CACHE_HDR_LEN && memcmp(p, CACHE_MAGIC, 8) == 0 &&
	    get32(p + 8) != CACHE_VERSION);
}

/* --- the index body --- */

static int
grow(struct cache_buf *b, size_t n)
{
	size_t cap;
	unsigned char *p;

	if (n <= b->cap - b->n)
		return (0);
	cap = b->cap > 0 ? b->cap : 1 << 16;
	while (cap - b->n < n) {
		if (cap > SIZE_MAX / 2)
			return (JT_ENOMEM);
		cap *= 2;
	}
	if ((p = realloc(b->p, cap)) == NULL)
		return (JT_ENOMEM);
	b->p = p;
	b->cap = cap;
	return (0);
}

static int
put_bytes(struct cache_buf *b, const void *s, size_t n)
{
	if (grow(b, n) != 0)
		return (JT_ENOMEM);
	memcpy(b->p + b->n, s, n);
	b->n += n;
	return (0);
}

static int
put_str(struct cache_buf *b, const char *s)
{
	size_t n = strlen(s != NULL ? s : "") + 1;
	unsigned char len[4];

	if (n > UINT32_MAX)
		return (JT_ENOMEM);
	put32(len, (uint32_t)n);
	if (put_bytes(b, len, 4) != 0)
		return (JT_ENOMEM);
	return (put_bytes(b, s != NULL ? s : "", n));
}

static int
put_member(struct cache_buf *b, const struct member *m)
{
	unsigned char f[2 + 4 * 4 + 7 * 8], *p = f;
	const struct jt_stat *st = &m->st;
	int flags = (m->interest ? F_INTEREST : 0) | (m->holey ? F_HOLEY : 0) |
	    (m->hashed ? F_HASHED : 0) | (st->link != NULL ? F_LINK : 0) |
	    (st->hardlink != NULL ? F_HARDLINK : 0);

	if (put_str(b, m->path) != 0)
		return (JT_ENOMEM);
	*p++ = (unsigned char)flags;
	*p++ = (unsigned char)st->type;
	put32(p, (uint32_t)st->mode);
	put32(p + 4, (uint32_t)st->uid);
	put32(p + 8, (uint32_t)st->gid);
	put32(p + 12, st->nlink);
	p += 16;
	put64(p, (uint64_t)st->size);
	put64(p + 8, (uint64_t)st->mtime);
	put64(p + 16, st->ino);
	put64(p + 24, st->dev);
	put64(p + 32, (uint64_t)m->data_size);
	put64(p + 40, m->len);
	put64(p + 48, (uint64_t)m->cpos);	/* -1: all ones */
	if (put_bytes(b, f, sizeof(f)) != 0 || put_str(b, st->uname) != 0 ||
	    put_str(b, st->gname) != 0 || put_str(b, st->fflags) != 0 ||
	    (st->link != NULL && put_str(b, st->link) != 0) ||
	    (st->hardlink != NULL && put_str(b, st->hardlink) != 0) ||
	    (m->hashed && put_bytes(b, m->hash, CACHE_HASH_LEN) != 0))
		return (JT_ENOMEM);
	return (0);
}

int
cache_index_encode(struct cache_buf *b, struct member *const *m, size_t n)
{
	unsigned char head[8];

	if (n > MEMBERS_MAX)
		return (JT_ENOMEM);
	memcpy(head, INDEX_MAGIC, 4);
	put32(head + 4, (uint32_t)n);
	if (put_bytes(b, head, sizeof(head)) != 0)
		return (JT_ENOMEM);
	for (size_t i = 0; i < n; i++)
		if (put_member(b, m[i]) != 0)
			return (JT_ENOMEM);
	return (0);
}

struct rd {
	const unsigned char *p, *end;
};

static bool
take(struct rd *r, size_t n, const unsigned char **out)
{
	if ((size_t)(r->end - r->p) < n)
		return (false);
	*out = r->p;
	r->p += n;
	return (true);
}

/* A string with its final NUL and no other. */
static bool
get_str(struct rd *r, const char **out)
{
	const unsigned char *p;
	uint32_t n;

	if (!take(r, 4, &p))
		return (false);
	n = get32(p);
	if (n == 0 || !take(r, n, &p) || p[n - 1] != '\0' ||
	    memchr(p, '\0', n - 1) != NULL)
		return (false);
	*out = (const char *)p;
	return (true);
}

/* A member path as source_archive.c makes them: "/a/b", normalised. */
static bool
good_path(const char *path)
{
	char norm[PATH_MAX];

	return (path[0] == '/' && path[1] != '\0' && strlen(path) < PATH_MAX &&
	    path_normalize_member(norm, sizeof(norm), path) &&
	    strcmp(norm, path) == 0);
}

static int
get_member(struct rd *r, struct cache_rec *c)
{
	const unsigned char *p;
	int flags;

	memset(c, 0, sizeof(*c));
	if (!get_str(r, &c->path) || !good_path(c->path) ||
	    !take(r, 2 + 4 * 4 + 7 * 8, &p))
		return (JT_EFORMAT);
	flags = p[0];
	if ((flags & ~F_ALL) != 0 || p[1] <= JT_FT_NONE || p[1] > JT_FT_SOCK)
		return (JT_EFORMAT);
	c->st.type = (enum jt_ftype)p[1];
	c->st.mode = (mode_t)(get32(p + 2) & 07777);
	c->st.uid = (uid_t)get32(p + 6);
	c->st.gid = (gid_t)get32(p + 10);
	c->st.nlink = get32(p + 14);
	p += 18;
	c->st.size = (int64_t)get64(p);
	c->st.mtime = (int64_t)get64(p + 8);
	c->st.ino = get64(p + 16);
	c->st.dev = get64(p + 24);
	c->data_size = (int64_t)get64(p + 32);
	c->len = get64(p + 40);
	c->cpos = (int64_t)get64(p + 48);
	if (c->st.size < 0 || c->len > (uint64_t)c->st.size || c->cpos < -1)
		return (JT_EFORMAT);
	c->interest = (flags & F_INTEREST) != 0;
	c->holey = (flags & F_HOLEY) != 0;
	c->hashed = (flags & F_HASHED) != 0;
	if (!get_str(r, &c->st.uname) || !get_str(r, &c->st.gname) ||
	    !get_str(r, &c->st.fflags))
		return (JT_EFORMAT);
	if ((flags & F_LINK) != 0 && !get_str(r, &c->st.link))
		return (JT_EFORMAT);
	if ((flags & F_HARDLINK) != 0 && (!get_str(r, &c->st.hardlink) ||
	    !good_path(c->st.hardlink)))
		return (JT_EFORMAT);
	if ((c->st.type == JT_FT_LNK) != (c->st.link != NULL))
		return (JT_EFORMAT);
	if (c->hashed && (c->st.type != JT_FT_REG ||
	    !take(r, CACHE_HASH_LEN, &c->hash)))
		return (JT_EFORMAT);
	return (0);
}

int
cache_index_decode(const void *body, size_t len, cache_rec_fn *fn, void *arg)
{
	struct rd r = { body, (const unsigned char *)body + len };
	const unsigned char *p;
	const char *prev = NULL;
	struct cache_rec c;
	uint32_t n;
	int rc;

	if (!take(&r, 8, &p) || memcmp(p, INDEX_MAGIC, 4) != 0 ||
	    (n = get32(p + 4)) > MEMBERS_MAX)
		return (JT_EFORMAT);
	for (uint32_t i = 0; i < n; i++) {
		if ((rc = get_member(&r, &c)) != 0)
			return (rc);
		if (prev != NULL && strcmp(prev, c.path) >= 0)
			return (JT_EFORMAT);	/* sorted, no duplicate */
		prev = c.path;
		if ((rc = fn(arg, &c)) != 0)
			return (rc);
	}
	return (r.p == r.end ? 0 : JT_EFORMAT);
}
