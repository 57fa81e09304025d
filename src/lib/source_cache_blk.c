/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * A member whose content the layer does not hold (the source cache has
 * none for it, or a lazy build did not keep it), served by decoding only
 * the xz blocks around it (issue 16).  The index records, for every
 * member, where the tar header of the member carrying its content lies in
 * the decoded stream (struct member's cpos).  Every such position is a
 * header, so tar can be read from any of them: to serve member m, the
 * block holding m's header is decoded from the first header in that block
 * up to m, and every content on the way that the run may need is spooled
 * too.  The reader then stays open: a later member further on in the same
 * block continues from there.  blk_prefetch() does the same for a list
 * of members at once, one block per thread.
 *
 * The archive is not trusted to match the index: each header read must
 * name the member the index puts there, with its size; any disagreement
 * (which a correct key makes impossible) falls back to decoding the whole
 * archive, as does a file that is not a multi-block xz.
 */
#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include <archive.h>
#include <archive_entry.h>

#include "source_arc.h"

#ifdef JT_HAVE_LZMA_MT

#define BLK_CHUNK	(256 * 1024)

struct pos {
	int64_t		 cpos;
	struct member	*m;
};

struct arc_blk {
	struct xz_blocks *xb;		/* NULL: not usable, decode whole */
	struct pos	*v;		/* by cpos */
	size_t		 n;
	unsigned char	*chunk;
	uint64_t	 members;	/* spooled from blocks */
	uint64_t	 prefetched;	/* blocks read side by side */
	/* The open reader, in the block from ustart, read up to next. */
	struct archive	*ar;
	uint64_t	 ustart;
	int64_t		 p0;		/* where it began */
	int64_t		 next;		/* no header before this is unread */
	size_t		 i;		/* first entry of v at next or on */
};

static int
cmp_pos(const void *x, const void *y)
{
	const struct pos *a = x, *b = y;

	if (a->cpos != b->cpos)
		return (a->cpos < b->cpos ? -1 : 1);
	/* The member carrying the content (not a hard link) first. */
	return ((a->m->st.hardlink != NULL) - (b->m->st.hardlink != NULL));
}

static int
blk_init(struct arc_layer *a, struct arc_blk *b)
{
	size_t n = 0;
	int rc;

	rc = xzb_open(a->base.spec, (uint64_t)a->budget->max / 4, &b->xb);
	if (rc != 0)
		return (rc < 0 ? rc : 1);
	if ((b->v = calloc(a->nsorted + 1, sizeof(*b->v))) == NULL ||
	    (b->chunk = malloc(BLK_CHUNK)) == NULL)
		return (JT_ENOMEM);
	for (size_t i = 0; i < a->nsorted; i++)
		if (a->sorted[i]->cpos >= 0) {
			b->v[n].cpos = a->sorted[i]->cpos;
			b->v[n++].m = a->sorted[i];
		}
	qsort(b->v, n, sizeof(*b->v), cmp_pos);
	b->n = n;
	return (0);
}

/* Whether m's content is still to be had. */
static bool
wanted(const struct member *m)
{
	return (m->kept && !m->spooled && m->data == NULL && !m->hashed &&
	    m->st.type == JT_FT_REG && m->st.size > 0);
}

/* First index of b->v whose cpos is at least pos. */
static size_t
first_at(const struct arc_blk *b, int64_t pos)
{
	size_t lo = 0, hi = b->n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (b->v[mid].cpos < pos)
			lo = mid + 1;
		else
			hi = mid;
	}
	return (lo);
}

/*
 * What one reader of the blocks works with: the prefetch's threads each
 * have one, sharing the spool through mu (reservations only: the bytes
 * are written outside it).
 */
struct scan {
	struct arc_layer *a;
	struct arc_blk	*b;
	unsigned char	*chunk;		/* BLK_CHUNK bytes */
	pthread_mutex_t	*mu;		/* NULL: the only reader */
	uint64_t	 members;	/* contents spooled */
};

/*
 * The entries v[i..j) all lie at the header just read: check it names
 * the member the index puts there, then spool its content for every one
 * of them that wants it.
 */
static int
take(struct scan *s, struct archive *ar, struct archive_entry *e, size_t i,
    size_t j, struct jt_err *err)
{
	struct arc_layer *a = s->a;
	struct arc_blk *b = s->b;
	const struct member *c = b->v[i].m;	/* the carrier, if any */
	const char *name = archive_entry_pathname(e);
	const char *want = c->st.hardlink != NULL ? c->st.hardlink : c->path;
	char path[PATH_MAX];
	int64_t off, got = 0;
	la_ssize_t n;

	if (name == NULL || !path_normalize_member(path, sizeof(path), name) ||
	    strcmp(path, want) != 0 || archive_entry_size(e) != c->st.size)
		return (jt_err_set(err, JT_EFORMAT, 0, a->base.spec, "the "
		    "cached index puts %s at %jd, the archive has %s there",
		    want, (intmax_t)b->v[i].cpos, name != NULL ? name : "?"));
	if (s->mu != NULL)
		pthread_mutex_lock(s->mu);
	off = spool_reserve(&a->spool, (size_t)c->st.size);
	if (s->mu != NULL)
		pthread_mutex_unlock(s->mu);
	while (got < c->st.size) {
		n = archive_read_data(ar, s->chunk, BLK_CHUNK);
		if (n < 0)
			return (jt_err_set(err, JT_EIO, archive_errno(ar),
			    a->base.spec, "reading %s: %s", want,
			    archive_error_string(ar)));
		if (n == 0)
			break;
		if (n > c->st.size - got)
			n = (la_ssize_t)(c->st.size - got);
		if (spool_pwrite(&a->spool, s->chunk, (size_t)n, off + got) !=
		    0)
			return (jt_err_set(err, JT_EIO, errno, a->base.spec,
			    "spooling %s to a file in TMPDIR", want));
		got += n;
	}
	/* Each member's header lies in one block: one reader's alone. */
	for (; i < j; i++) {
		struct member *m = b->v[i].m;

		if (!wanted(m))
			continue;
		m->off = off;
		m->len = (size_t)got;
		m->spooled = true;
		s->members++;
	}
	return (0);
}

/* An archive reading the decoded stream from p0 on, or NULL (err set). */
static struct archive *
reader_at(struct arc_layer *a, struct arc_blk *b, int64_t p0,
    struct jt_err *err)
{
	struct archive *ar;

	if ((ar = archive_read_new()) == NULL) {
		(void)jt_err_set(err, JT_ENOMEM, 0, a->base.spec, "archive");
		return (NULL);
	}
	archive_read_support_format_tar(ar);
	archive_read_support_format_gnutar(ar);
	if (xzb_archive_open(ar, b->xb, (uint64_t)p0) != ARCHIVE_OK) {
		(void)jt_err_set(err, JT_EFORMAT, archive_errno(ar),
		    a->base.spec, "%s", archive_error_string(ar));
		archive_read_free(ar);
		return (NULL);
	}
	return (ar);
}

/* The entries of v at pos: [*i, *j), *i moved on to them. */
static void
at_pos(const struct arc_blk *b, int64_t pos, size_t *i, size_t *j)
{
	while (*i < b->n && b->v[*i].cpos < pos)
		(*i)++;
	for (*j = *i; *j < b->n && b->v[*j].cpos == pos; (*j)++)
		continue;
}

/* Whether any entry of v[i..j) wants its content. */
static bool
any_wanted(const struct arc_blk *b, size_t i, size_t j)
{
	for (; i < j; i++)
		if (wanted(b->v[i].m))
			return (true);
	return (false);
}

/* Close the open reader. */
static void
live_end(struct arc_blk *b)
{
	if (b->ar != NULL)
		archive_read_free(b->ar);
	b->ar = NULL;
}

/*
 * Spool m's content: read on from the open reader when it is in m's block
 * before m, else open one at the first header of that block, and stop
 * after m, spooling every wanted content on the way; the reader stays
 * open for a later member further on in the block.  0, or why not.
 */
static int
blk_segment(struct arc_layer *a, struct arc_blk *b, const struct member *m,
    struct jt_err *err)
{
	struct scan sc = { a, b, b->chunk, NULL, 0 };
	struct archive_entry *e;
	uint64_t ustart, uend;
	size_t j;
	int64_t pos;
	int r, rc = 0;

	if (a->spool.fd == -1 &&
	    (rc = spool_open(&a->spool, a->base.spec, err)) != 0)
		return (rc);
	if (!xzb_locate(b->xb, (uint64_t)m->cpos, &ustart, &uend))
		return (jt_err_set(err, JT_EFORMAT, 0, a->base.spec, "the "
		    "cached index puts %s past the end", m->path));
	if (b->ar != NULL && (b->ustart != ustart || b->next > m->cpos))
		live_end(b);
	if (b->ar == NULL) {
		b->i = first_at(b, (int64_t)ustart);
		b->p0 = b->v[b->i].cpos;	/* at most m's: m is in v */
		b->ustart = ustart;
		b->next = b->p0;
		if ((b->ar = reader_at(a, b, b->p0, err)) == NULL)
			return (err != NULL ? err->code : JT_EFORMAT);
	}
	for (;;) {
		r = archive_read_next_header(b->ar, &e);
		if (r == ARCHIVE_EOF)
			break;
		if (r < ARCHIVE_WARN)
			goto arerr;
		pos = b->p0 + (int64_t)archive_read_header_position(b->ar);
		if (pos >= (int64_t)uend)
			break;		/* the next block's */
		b->next = pos + 1;
		at_pos(b, pos, &b->i, &j);
		if (any_wanted(b, b->i, j))
			rc = take(&sc, b->ar, e, b->i, j, err);
		b->i = j;
		if (rc != 0)
			break;
		if (pos == m->cpos) {
			b->members += sc.members;
			return (0);	/* the reader stays open */
		}
	}
	b->members += sc.members;
	live_end(b);
	return (rc);
arerr:
	rc = jt_err_set(err, JT_EFORMAT, archive_errno(b->ar), a->base.spec,
	    "%s", archive_error_string(b->ar));
	live_end(b);
	return (rc);
}

int
blk_fetch(struct arc_layer *a, struct arc_blk **bp, struct member *m,
    struct jt_err *err)
{
	struct arc_blk *b = *bp;
	int rc;

	if (b == NULL) {
		if ((b = calloc(1, sizeof(*b))) == NULL)
			return (jt_err_set(err, JT_ENOMEM, errno, a->base.spec,
			    "cache"));
		*bp = b;
		if ((rc = blk_init(a, b)) != 0) {
			xzb_free(b->xb);
			b->xb = NULL;
			if (rc == JT_ENOMEM)
				return (jt_err_set(err, rc, 0, a->base.spec,
				    "cache"));
			return (1);	/* not a multi-block xz */
		}
	}
	if (b->xb == NULL || m->cpos < 0)
		return (1);
	if ((rc = blk_segment(a, b, m, err)) != 0) {
		if (rc == JT_ENOMEM || rc == JT_EIO)
			return (rc);
		live_end(b);
		xzb_free(b->xb);	/* never again: decode it whole */
		b->xb = NULL;
		return (2);
	}
	if (!m->spooled) {
		(void)jt_err_set(err, JT_EFORMAT, 0, a->base.spec, "%s is not "
		    "where the cached index puts it", m->path);
		live_end(b);
		xzb_free(b->xb);
		b->xb = NULL;
		return (2);
	}
	return (0);
}

/* One block's part of a prefetch: its headers up to the last wanted. */
struct task {
	uint64_t	 ustart, uend;
	int64_t		 last;		/* cpos of the last member wanted */
};

struct pf {
	struct arc_layer *a;
	struct arc_blk	*b;
	struct task	*t;
	size_t		 nt, next;	/* tasks, the next one to take */
	pthread_mutex_t	 mu;		/* next, the spool, members */
	uint64_t	 members;
};

/* Read one task's block; an error leaves its contents to blk_fetch. */
static void
run_task(struct pf *pf, struct scan *sc, const struct task *t)
{
	struct arc_blk *b = pf->b;
	struct archive_entry *e;
	struct archive *ar;
	struct jt_err err;
	size_t i = first_at(b, (int64_t)t->ustart), j;
	int64_t p0 = b->v[i].cpos, pos;
	int r;

	if ((ar = reader_at(pf->a, b, p0, &err)) == NULL)
		return;
	while ((r = archive_read_next_header(ar, &e)) >= ARCHIVE_WARN &&
	    r != ARCHIVE_EOF) {
		pos = p0 + (int64_t)archive_read_header_position(ar);
		if (pos >= (int64_t)t->uend || pos > t->last)
			break;
		at_pos(b, pos, &i, &j);
		if (any_wanted(b, i, j) && take(sc, ar, e, i, j, &err) != 0)
			break;
		i = j;
	}
	archive_read_free(ar);
}

static void *
pf_main(void *arg)
{
	struct pf *pf = arg;
	struct scan sc = { pf->a, pf->b, NULL, &pf->mu, 0 };
	size_t k;

	if ((sc.chunk = malloc(BLK_CHUNK)) == NULL)
		return (NULL);
	for (;;) {
		pthread_mutex_lock(&pf->mu);
		k = pf->next < pf->nt ? pf->next++ : pf->nt;
		pthread_mutex_unlock(&pf->mu);
		if (k == pf->nt)
			break;
		run_task(pf, &sc, &pf->t[k]);
	}
	pthread_mutex_lock(&pf->mu);
	pf->members += sc.members;
	pthread_mutex_unlock(&pf->mu);
	free(sc.chunk);
	return (NULL);
}

static int
cmp_member_cpos(const void *x, const void *y)
{
	const struct member *a = *(struct member *const *)x;
	const struct member *b = *(struct member *const *)y;

	return (a->cpos < b->cpos ? -1 : a->cpos > b->cpos);
}

void
blk_prefetch(struct arc_layer *a, struct arc_blk **bp, struct member **ms,
    size_t n, int jobs)
{
	struct pf pf = { .a = a };
	pthread_t thr[16];
	struct arc_blk *b;
	struct jt_err err;
	uint64_t ustart, uend;
	size_t k = 0, nthr = 0;

	/* Only what blk_fetch() would be asked for, by block. */
	for (size_t i = 0; i < n; i++)
		if (wanted(ms[i]) && ms[i]->cpos >= 0)
			ms[k++] = ms[i];
	if (k < 2 || jobs < 2)
		return;		/* nothing to do side by side */
	if (*bp == NULL) {
		if ((b = calloc(1, sizeof(*b))) == NULL)
			return;
		*bp = b;
		if (blk_init(a, b) != 0) {
			xzb_free(b->xb);
			b->xb = NULL;
		}
	}
	if ((b = *bp)->xb == NULL || (a->spool.fd == -1 &&
	    spool_open(&a->spool, a->base.spec, &err) != 0))
		return;
	qsort(ms, k, sizeof(*ms), cmp_member_cpos);
	if ((pf.t = calloc(k, sizeof(*pf.t))) == NULL)
		return;
	for (size_t i = 0; i < k; i++) {
		if (!xzb_locate(b->xb, (uint64_t)ms[i]->cpos, &ustart, &uend))
			continue;
		if (pf.nt > 0 && pf.t[pf.nt - 1].ustart == ustart) {
			pf.t[pf.nt - 1].last = ms[i]->cpos;
			continue;
		}
		pf.t[pf.nt++] = (struct task){ ustart, uend, ms[i]->cpos };
	}
	pf.b = b;
	live_end(b);		/* its block may be one of these */
	pthread_mutex_init(&pf.mu, NULL);
	if (pf.nt >= 2) {
		while (nthr < (size_t)jobs && nthr < pf.nt &&
		    nthr < sizeof(thr) / sizeof(thr[0]) &&
		    pthread_create(&thr[nthr], NULL, pf_main, &pf) == 0)
			nthr++;
		for (size_t i = 0; i < nthr; i++)
			pthread_join(thr[i], NULL);
		b->prefetched += pf.nt;
	}
	pthread_mutex_destroy(&pf.mu);
	b->members += pf.members;
	free(pf.t);
}

void
blk_free(struct arc_blk *b, struct blk_stats *st)
{
	memset(st, 0, sizeof(*st));
	if (b == NULL)
		return;
	if (b->xb != NULL) {
		st->nblocks = xzb_nblocks(b->xb);
		st->size = xzb_size(b->xb);
		xzb_stats(b->xb, &st->blocks, &st->bytes);
	}
	st->members = b->members;
	st->prefetched = b->prefetched;
	live_end(b);
	xzb_free(b->xb);
	free(b->v);
	free(b->chunk);
	free(b);
}

#else	/* no liblzma 5.4: every miss decodes the whole archive */

int
blk_fetch(struct arc_layer *a, struct arc_blk **bp, struct member *m,
    struct jt_err *err)
{
	(void)a;
	(void)bp;
	(void)m;
	(void)err;
	return (1);
}

void
blk_prefetch(struct arc_layer *a, struct arc_blk **bp, struct member **ms,
    size_t n, int jobs)
{
	(void)a;
	(void)bp;
	(void)ms;
	(void)n;
	(void)jobs;
}

void
blk_free(struct arc_blk *b, struct blk_stats *st)
{
	(void)b;
	memset(st, 0, sizeof(*st));
}

#endif
