/*
 * What searches found, per resolver.  A search's outcome is a function of
 * what its key names (resolve.c's memo_key(): the platform, the name, the
 * needing object as loaded, and whatever else the platform's rules read),
 * since the source does not change under a resolver.  The closures of a
 * long chain of libraries share nearly all their searches: without this,
 * "deps --all" of n libraries searched the source n^2/2 times.
 */
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

void
memo_free(struct jt_resolver *r)
{
	map_free(&r->memo);
	arena_free(&r->memo_arena);
}
