/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * An archive layer's operations (source_archive.c reads the archive):
 * metadata from the index, contents from the spool, from the source
 * cache, or from the xz blocks that hold them, and directory listings
 * from the members sorted by path.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "source_arc.h"

static int
cmp_member(const void *x, const void *y)
{
	const struct member *a = *(struct member *const *)x;
	const struct member *b = *(struct member *const *)y;

	return (strcmp(a->path, b->path));
}

int
arc_build_sorted(struct arc_layer *a)
{
	size_t n = 0;

	if ((a->sorted = calloc(a->index.n + 1, sizeof(*a->sorted))) == NULL)
		return (JT_ENOMEM);
	for (size_t i = 0; i < a->index.cap; i++)
		if (a->index.slots[i].key != NULL)
			a->sorted[n++] = a->index.slots[i].val;
	qsort(a->sorted, n, sizeof(*a->sorted), cmp_member);
	a->nsorted = n;
	return (0);
}

static int
arc_lstat(struct layer *l, const char *path, struct jt_stat *st,
    struct jt_err *err)
{
	struct arc_layer *a = (struct arc_layer *)l;
	struct member *m;

	(void)err;
	if (strcmp(path, "/") == 0) {
		memset(st, 0, sizeof(*st));
		st->type = JT_FT_DIR;
		st->mode = 0755;
		st->uname = st->gname = st->fflags = "";
		st->layer = l->index;
		return (0);
	}
	if ((m = map_get(&a->index, path)) == NULL)
		return (JT_ENOENT);
	*st = m->st;
	return (0);
}

static int
arc_read(struct layer *l, const char *path, void **data, size_t *len,
    struct jt_err *err)
{
	struct arc_layer *a = (struct arc_layer *)l;
	static char empty[1];
	struct member *m;

	if ((m = map_get(&a->index, path)) == NULL)
		return (jt_err_set(err, JT_ENOENT, 0, path, "no such member"));
	if (m->st.size == 0) {
		*data = empty;
		*len = 0;
		return (0);
	}
	if (!m->kept && m->holey) {
		char h1[32], h2[32];

		return (jt_err_set(err, JT_ENODATA, 0, path, "a sparse member "
		    "of %s (%s, %s of data): its holes are not held in memory",
		    l->spec, arc_human(h1, sizeof(h1), m->st.size),
		    arc_human(h2, sizeof(h2), m->data_size)));
	}
	if (!m->kept)
		return (jt_err_set(err, JT_ENODATA, 0, path,
		    "content of this member of %s was not kept in memory",
		    l->spec));
	m->used = true;
	if (m->data == NULL && !m->spooled && cache_hit(a)) {
		int rc = cache_fetch(a, m, err);

		if (rc != 0)
			return (rc);
	} else if (m->data == NULL && !m->spooled) {	/* deferred */
		struct jt_err berr = { 0 };
		int rc = blk_fetch(a, &a->blk, m, &berr);

		if (rc != 0)
			return (jt_err_set(err, rc < 0 ? rc : JT_EIO,
			    berr.sys_errno, path, "reading it again from "
			    "the xz blocks of %s: %s", l->spec,
			    rc == 1 ? "not a multi-block xz file any more" :
			    berr.msg));
	}
	if (m->data == NULL && m->len > 0) {
		void *p;

		if ((p = malloc(m->len)) == NULL ||
		    ptrv_push(&a->bufs, p) != 0) {
			free(p);
			return (jt_err_set(err, JT_ENOMEM, errno, path,
			    "cannot hold %zu bytes", m->len));
		}
		if (spool_pread(&a->spool, p, m->len, m->off) != 0)
			return (jt_err_set(err, JT_EIO, errno, path, "reading "
			    "it back from the spool file of %s", l->spec));
		m->data = p;
	}
	*data = m->data;
	*len = m->len;
	return (0);
}

/* The first bytes, straight from the spool: no need to hold the rest. */
static long
arc_peek(struct layer *l, const char *path, void *buf, size_t n,
    struct jt_err *err)
{
	struct arc_layer *a = (struct arc_layer *)l;
	struct member *m = map_get(&a->index, path);
	void *data = NULL;
	size_t len = 0;
	int rc;

	if (m != NULL && m->spooled && m->data == NULL) {
		m->used = true;
		n = n < m->len ? n : m->len;
		if (spool_pread(&a->spool, buf, n, m->off) != 0)
			return (jt_err_set(err, JT_EIO, errno, path, "reading "
			    "it back from the spool file of %s", l->spec));
		return ((long)n);
	}
	if ((rc = arc_read(l, path, &data, &len, err)) != 0)
		return (rc);
	n = n < len ? n : len;
	memcpy(buf, data, n);
	return ((long)n);
}

/* A hint: the contents of paths will be read (source_cache_blk.c). */
static void
arc_prefetch(struct layer *l, const char *const *paths, size_t n)
{
	struct arc_layer *a = (struct arc_layer *)l;
	struct member **ms;
	size_t k = 0;

	if ((!cache_hit(a) && !a->defer) ||
	    (ms = calloc(n + 1, sizeof(*ms))) == NULL)
		return;
	for (size_t i = 0; i < n; i++)
		if ((ms[k] = map_get(&a->index, paths[i])) != NULL)
			k++;
	if (cache_hit(a))
		cache_prefetch(a, ms, k);
	else
		blk_prefetch(a, &a->blk, ms, k, a->jobs);
	free(ms);
}

/* Children of dir: a contiguous run of the sorted paths under "dir/". */
static int
arc_readdir(struct layer *l, const char *path, jt_dirent_fn *fn, void *arg,
    struct jt_err *err)
{
	struct arc_layer *a = (struct arc_layer *)l;
	char prefix[PATH_MAX];
	size_t lo = 0, hi = a->nsorted, plen;
	int rc;

	(void)err;
	if (strcmp(path, "/") == 0)
		snprintf(prefix, sizeof(prefix), "/");
	else if ((size_t)snprintf(prefix, sizeof(prefix), "%s/", path) >=
	    sizeof(prefix))
		return (JT_ENOENT);
	plen = strlen(prefix);
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (strcmp(a->sorted[mid]->path, prefix) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (size_t i = lo; i < a->nsorted; i++) {
		const struct member *m = a->sorted[i];

		if (strncmp(m->path, prefix, plen) != 0)
			break;
		if (strchr(m->path + plen, '/') != NULL)
			continue;	/* a grandchild */
		if ((rc = fn(arg, m->path + plen, &m->st)) != 0)
			return (rc);
	}
	return (0);
}

static void
free_member(void *p)
{
	free(p);
}

static void
arc_free(struct layer *l)
{
	struct arc_layer *a = (struct arc_layer *)l;

	cache_detach(a);	/* before the spool goes: it reads it */
	if (a->blk != NULL) {
		struct blk_stats bs;

		blk_free(a->blk, &bs);
	}
	if (a->budget != NULL)
		a->budget->used -= a->charged;
	map_each(&a->index, free_member);
	map_free(&a->index);
	for (size_t i = 0; i < a->bufs.n; i++)
		free(a->bufs.v[i]);
	ptrv_free(&a->bufs);
	spool_close(&a->spool);
	free(a->chunk);
	free(a->sorted);
	arena_free(&l->strings);
	free(l->spec);
	free(a);
}

const struct layer_ops arc_ops = {
	.lstat = arc_lstat,
	.read = arc_read,
	.peek = arc_peek,
	.prefetch = arc_prefetch,
	.readdir = arc_readdir,
	.free = arc_free,
};
