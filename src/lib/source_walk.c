/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Walking a merged source (source.c): every entry below a directory, in
 * order, and the names that match a glob pattern.  Built on
 * jt_source_readdir() alone.
 */
#include <errno.h>
#include <fnmatch.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "jailtrim/source.h"
#include "source_int.h"
#include "util.h"

/*
 * The walk keeps its own stack on the heap, one frame per directory being
 * listed: a tree thousands of levels deep (a 10 KB tarball can hold one)
 * must not take a C stack frame per level.
 */
struct wentry {
	char		*name;
	struct jt_stat	 st;
};

struct wframe {
	char		*dir;		/* canonical path of the directory */
	struct wentry	*v;		/* its children, sorted */
	size_t		 n, cap, next;
};

struct walk {
	struct jt_source *s;
	struct wframe	*stack;
	size_t		 depth, cap;
};

static int
collect_one(void *arg, const char *name, const struct jt_stat *st)
{
	struct wframe *f = arg;

	if (f->n == f->cap) {
		size_t cap = f->cap ? f->cap * 2 : 16;
		struct wentry *v = realloc(f->v, cap * sizeof(*v));

		if (v == NULL)
			return (JT_ENOMEM);
		f->v = v;
		f->cap = cap;
	}
	if ((f->v[f->n].name = strdup(name)) == NULL)
		return (JT_ENOMEM);
	f->v[f->n++].st = *st;
	return (0);
}

static void
wframe_free(struct wframe *f)
{
	for (size_t i = 0; i < f->n; i++)
		free(f->v[i].name);
	free(f->v);
	free(f->dir);
}

/* List dir into a new frame on top of the stack. */
static int
walk_push(struct walk *w, const char *dir, struct jt_err *err)
{
	struct wframe *f;
	int rc;

	if (w->depth == w->cap) {
		size_t cap = w->cap ? w->cap * 2 : 32;
		struct wframe *v = realloc(w->stack, cap * sizeof(*v));

		if (v == NULL)
			return (jt_err_set(err, JT_ENOMEM, errno, dir, "walk"));
		w->stack = v;
		w->cap = cap;
	}
	f = &w->stack[w->depth];
	memset(f, 0, sizeof(*f));
	if ((f->dir = strdup(dir)) == NULL)
		return (jt_err_set(err, JT_ENOMEM, errno, dir, "walk"));
	w->depth++;
	rc = jt_source_readdir(w->s, dir, collect_one, f, err);
	if (rc == JT_ENOMEM && err != NULL && err->code != JT_ENOMEM)
		rc = jt_err_set(err, JT_ENOMEM, 0, dir, "walk");
	return (rc);
}

int
jt_source_walk(struct jt_source *s, jt_walk_fn *fn, void *arg,
    struct jt_err *err)
{
	return (jt_source_walk_from(s, "/", fn, arg, err));
}

int
jt_source_walk_from(struct jt_source *s, const char *dir, jt_walk_fn *fn,
    void *arg, struct jt_err *err)
{
	struct walk w = { .s = s };
	char path[PATH_MAX];
	struct wframe *f;
	struct wentry *e;
	int rc;

	rc = walk_push(&w, dir, err);
	while (rc == 0 && w.depth > 0) {
		f = &w.stack[w.depth - 1];
		if (f->next == f->n) {
			wframe_free(f);
			w.depth--;
			continue;
		}
		e = &f->v[f->next++];
		/* jt_source_readdir() refused any name too long to join. */
		path_join(path, sizeof(path), f->dir, e->name);
		if ((rc = fn(arg, path, &e->st)) == 0 &&
		    e->st.type == JT_FT_DIR)
			rc = walk_push(&w, path, err);
	}
	while (w.depth > 0)
		wframe_free(&w.stack[--w.depth]);
	free(w.stack);
	return (rc);
}

struct globctx {
	const char	*dir;
	const char	*pat;
	jt_glob_fn	*fn;
	void		*arg;
};

static int
glob_one(void *arg, const char *name, const struct jt_stat *st)
{
	struct globctx *g = arg;
	char path[PATH_MAX];

	(void)st;
	if (fnmatch(g->pat, name, FNM_PERIOD) != 0 ||
	    !path_join(path, sizeof(path), g->dir, name))
		return (0);
	return (g->fn(g->arg, path));
}

int
jt_source_glob(struct jt_source *s, const char *pattern, jt_glob_fn *fn,
    void *arg, struct jt_err *err)
{
	char dir[PATH_MAX], real[PATH_MAX];
	struct globctx g = { real, path_basename(pattern), fn, arg };
	struct jt_err e;

	path_dirname(dir, sizeof(dir), pattern);
	if (jt_source_resolve(s, dir, true, real, sizeof(real), NULL, NULL,
	    &e) != 0)
		return (0);	/* nothing matches in a missing directory */
	return (jt_source_readdir(s, real, glob_one, &g, err));
}
