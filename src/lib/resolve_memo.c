/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * What searches found, per resolver.  A search's outcome is a function of
 * what its key names (resolve.c's memo_key(): the platform, the name, the
 * needing object as loaded, and whatever else the platform's rules read),
 * since the source does not change under a resolver.  The closures of a
 * long chain of libraries share nearly all their searches: without this,
 * "deps --all" of n libraries searched the source n^2/2 times.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "resolve_int.h"

static const char *
adup(struct jt_resolver *r, const char *s, bool *ok)
{
	char *d = NULL;

	if (s != NULL && (d = arena_strdup(&r->memo_arena, s)) == NULL)
		*ok = false;
	return (d);
}

static const char **
adupv(struct jt_resolver *r, const char *const *v, size_t n, bool *ok)
{
	const char **d;

	if (n == 0)
		return (NULL);
	if ((d = arena_alloc(&r->memo_arena, n * sizeof(*d))) == NULL) {
		*ok = false;
		return (NULL);
	}
	for (size_t i = 0; i < n; i++)
		d[i] = adup(r, v[i], ok);
	return (d);
}

const struct search_memo *
memo_get(struct jt_resolver *r, const char *key)
{
	return (map_get(&r->memo, key));
}

int
memo_put(struct jt_resolver *r, const char *key, const struct search_memo *m)
{
	struct search_memo *d;
	bool ok = true;

	if ((d = arena_alloc(&r->memo_arena, sizeof(*d))) == NULL)
		return (JT_ENOMEM);
	*d = *m;
	d->found = adup(r, m->found, &ok);
	d->dir = adup(r, m->dir, &ok);
	d->fatal = adup(r, m->fatal, &ok);
	d->mapped_from = adup(r, m->mapped_from, &ok);
	d->tried = adupv(r, m->tried, m->ntried, &ok);
	d->links = adupv(r, m->links, m->nlinks, &ok);
	if (!ok || map_put(&r->memo, key, d) != 0)
		return (JT_ENOMEM);
	return (0);
}

/* Append "\n" a "\t" b to key at *o; false when it does not fit. */
static bool
kput(char *key, size_t len, size_t *o, const char *a, const char *b)
{
	int w = snprintf(key + *o, len - *o, "\n%s\t%s", a, b);

	if (w < 0 || (size_t)w >= len - *o)
		return (false);
	*o += (size_t)w;
	return (true);
}

/*
 * What a search reads besides the fixed rules and the source:
 * the name, the needing object as loaded (its class, RPATH, RUNPATH,
 * $ORIGIN, libmap section), and the program (rtld-elf: its DT_RPATH) or
 * the loaders with a DT_RPATH (glibc's chain, as search_run() builds it).
 * False when the key is too long to keep.
 */
bool
memo_key(struct walk *wk, int needer, const char *name, char *key,
    size_t len)
{
	const struct rtld_obj *ro = &wk->c->nodes[needer].ro, *m;
	size_t o = 1;
	int k = 1;

	key[0] = wk->fbsd ? 'F' : wk->prefix != NULL ? 'L' : 'G';
	key[1] = '\0';
	if (!kput(key, len, &o, name, "") ||
	    !kput(key, len, &o, ro->path, ro->loadpath))
		return (false);
	if (wk->fbsd) {
		m = wk->main >= 0 ? &wk->c->nodes[wk->main].ro : NULL;
		return (kput(key, len, &o, m != NULL ? m->path : "",
		    m != NULL ? m->loadpath : ""));
	}
	if (wk->c->nrpath == 0)
		return (true);		/* no loader adds to the search */
	for (int i = wk->c->pub.deps[needer].parent; i >= 0 && k < 64 &&
	    wk->c->nodes[i].obj->info != NULL; i = wk->c->pub.deps[i].parent,
	    k++) {
		ro = &wk->c->nodes[i].ro;
		if (ro->elf->rpath != NULL &&
		    !kput(key, len, &o, ro->path, ro->loadpath))
			return (false);
	}
	return (true);
}

/* Replay a search's outcome as try_cand() left it. */
int
memo_replay(struct walk *wk, const struct search_memo *m,
    const char **mapped_from)
{
	wk->tried.n = wk->links.n = 0;
	for (size_t i = 0; i < m->ntried; i++)
		if (ptrv_push(&wk->tried, (void *)(uintptr_t)m->tried[i]) != 0)
			return (JT_ENOMEM);
	for (size_t i = 0; i < m->nlinks; i++)
		if (ptrv_push(&wk->links, (void *)(uintptr_t)m->links[i]) != 0)
			return (JT_ENOMEM);
	if (m->found != NULL)
		snprintf(wk->found, sizeof(wk->found), "%s", m->found);
	wk->via = m->via;
	wk->dir = m->dir;
	wk->fobj = m->fobj;
	wk->fatal = m->fatal;
	*mapped_from = m->mapped_from;
	return (0);
}

void
memo_free(struct jt_resolver *r)
{
	map_free(&r->memo);
	arena_free(&r->memo_arena);
}
