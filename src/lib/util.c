/* SPDX-License-Identifier: BSD-2-Clause */
#include <sys/stat.h>

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "jailtrim/err.h"
#include "util.h"

int
strv_pushn(struct jt_strv *sv, const char *s, size_t len)
{
	char *copy, **nv;
	size_t ncap;

	if (sv->n == sv->cap) {
		ncap = sv->cap == 0 ? 8 : sv->cap * 2;
		if ((nv = reallocarray(sv->v, ncap, sizeof(*nv))) == NULL)
			return (JT_ENOMEM);
		sv->v = nv;
		sv->cap = ncap;
	}
	if ((copy = strndup(s, len)) == NULL)
		return (JT_ENOMEM);
	sv->v[sv->n++] = copy;
	return (0);
}

int
strv_push(struct jt_strv *sv, const char *s)
{
	return (strv_pushn(sv, s, strlen(s)));
}

bool
strv_has(const struct jt_strv *sv, const char *s)
{
	for (size_t i = 0; i < sv->n; i++)
		if (strcmp(sv->v[i], s) == 0)
			return (true);
	return (false);
}

int
strv_push_uniq(struct jt_strv *sv, const char *s)
{
	return (strv_has(sv, s) ? 0 : strv_push(sv, s));
}

static int
cmpstr(const void *a, const void *b)
{
	return (strcmp(*(char *const *)a, *(char *const *)b));
}

void
strv_sort(struct jt_strv *sv)
{
	size_t i, j;

	if (sv->n == 0)
		return;
	qsort(sv->v, sv->n, sizeof(*sv->v), cmpstr);
	for (i = 1, j = 1; i < sv->n; i++) {
		if (strcmp(sv->v[i], sv->v[j - 1]) == 0)
			free(sv->v[i]);
		else
			sv->v[j++] = sv->v[i];
	}
	sv->n = j;
}

void
strv_free(struct jt_strv *sv)
{
	for (size_t i = 0; i < sv->n; i++)
		free(sv->v[i]);
	free(sv->v);
	memset(sv, 0, sizeof(*sv));
}

int
ptrv_push(struct jt_ptrv *pv, void *p)
{
	void **nv;
	size_t ncap;

	if (pv->n == pv->cap) {
		ncap = pv->cap == 0 ? 8 : pv->cap * 2;
		if ((nv = reallocarray(pv->v, ncap, sizeof(*nv))) == NULL)
			return (JT_ENOMEM);
		pv->v = nv;
		pv->cap = ncap;
	}
	pv->v[pv->n++] = p;
	return (0);
}

void
ptrv_free(struct jt_ptrv *pv)
{
	free(pv->v);
	memset(pv, 0, sizeof(*pv));
}

/* FNV-1a, 64 bits: cheap and good enough for path and symbol names. */
uint64_t
jt_hash(const char *s, size_t len)
{
	uint64_t h = 0xcbf29ce484222325ULL;

	for (size_t i = 0; i < len; i++) {
		h ^= (unsigned char)s[i];
		h *= 0x100000001b3ULL;
	}
	return (h);
}

static struct jt_map_slot *
map_find(const struct jt_map *m, const char *key, size_t len, uint64_t h)
{
	size_t i;

	if (m->cap == 0)
		return (NULL);
	for (i = h & (m->cap - 1);; i = (i + 1) & (m->cap - 1)) {
		struct jt_map_slot *s = &m->slots[i];

		if (s->key == NULL)
			return (s);
		if (s->hash == h && strncmp(s->key, key, len) == 0 &&
		    s->key[len] == '\0')
			return (s);
	}
}

void *
map_getn(const struct jt_map *m, const char *key, size_t len)
{
	struct jt_map_slot *s;

	s = map_find(m, key, len, jt_hash(key, len));
	return (s != NULL && s->key != NULL ? s->val : NULL);
}

void *
map_get(const struct jt_map *m, const char *key)
{
	return (map_getn(m, key, strlen(key)));
}

static int
map_grow(struct jt_map *m)
{
	struct jt_map old = *m;
	size_t ncap = m->cap == 0 ? 64 : m->cap * 2;

	if ((m->slots = calloc(ncap, sizeof(*m->slots))) == NULL) {
		m->slots = old.slots;
		return (JT_ENOMEM);
	}
	m->cap = ncap;
	for (size_t i = 0; i < old.cap; i++) {
		struct jt_map_slot *o = &old.slots[i], *s;

		if (o->key == NULL)
			continue;
		s = map_find(m, o->key, strlen(o->key), o->hash);
		*s = *o;
	}
	free(old.slots);
	return (0);
}

int
map_put(struct jt_map *m, const char *key, void *val)
{
	size_t len = strlen(key);
	uint64_t h = jt_hash(key, len);
	struct jt_map_slot *s;

	if ((m->n + 1) * 4 > m->cap * 3 && map_grow(m) != 0)
		return (JT_ENOMEM);
	s = map_find(m, key, len, h);
	if (s->key == NULL) {
		if ((s->key = strdup(key)) == NULL)
			return (JT_ENOMEM);
		s->hash = h;
		m->n++;
	}
	s->val = val;
	return (0);
}

void
map_each(struct jt_map *m, void (*fn)(void *))
{
	for (size_t i = 0; i < m->cap; i++)
		if (m->slots[i].key != NULL)
			fn(m->slots[i].val);
}

void
map_free(struct jt_map *m)
{
	for (size_t i = 0; i < m->cap; i++)
		free(m->slots[i].key);
	free(m->slots);
	memset(m, 0, sizeof(*m));
}

struct arena_blk {
	struct arena_blk *next;
	size_t		  used;
	size_t		  size;
	char		  data[];
};

void *
arena_alloc(struct jt_arena *a, size_t len)
{
	struct arena_blk *b = a->head;
	size_t need = (len + 15) & ~(size_t)15, size;
	void *p;

	if (b == NULL || b->size - b->used < need) {
		size = need > 65536 ? need : 65536;
		if ((b = malloc(sizeof(*b) + size)) == NULL)
			return (NULL);
		b->size = size;
		b->used = 0;
		b->next = a->head;
		a->head = b;
	}
	p = b->data + b->used;
	b->used += need;
	return (p);
}

char *
arena_strndup(struct jt_arena *a, const char *s, size_t len)
{
	char *p;

	if ((p = arena_alloc(a, len + 1)) == NULL)
		return (NULL);
	memcpy(p, s, len);
	p[len] = '\0';
	return (p);
}

char *
arena_strdup(struct jt_arena *a, const char *s)
{
	return (arena_strndup(a, s, strlen(s)));
}

void
arena_free(struct jt_arena *a)
{
	struct arena_blk *b, *next;

	for (b = a->head; b != NULL; b = next) {
		next = b->next;
		free(b);
	}
	a->head = NULL;
}

bool
path_join(char *out, size_t len, const char *dir, const char *name)
{
	int n;

	while (name[0] == '/')
		name++;
	if (dir[0] == '\0' || strcmp(dir, "/") == 0)
		n = snprintf(out, len, "/%s", name);
	else if (name[0] == '\0')
		n = snprintf(out, len, "%s", dir);
	else
		n = snprintf(out, len, "%s/%s", dir, name);
	return (n >= 0 && (size_t)n < len);
}

void
path_dirname(char *out, size_t len, const char *path)
{
	const char *slash = strrchr(path, '/');
	size_t n;

	if (slash == NULL || slash == path) {
		snprintf(out, len, "/");
		return;
	}
	n = (size_t)(slash - path);
	if (n >= len)
		n = len - 1;
	memcpy(out, path, n);
	out[n] = '\0';
}

const char *
path_basename(const char *path)
{
	const char *slash = strrchr(path, '/');

	return (slash != NULL ? slash + 1 : path);
}

char *
conf_clean(char *line)
{
	char *p;

	if ((p = strchr(line, '#')) != NULL)
		*p = '\0';
	for (p = line + strlen(line); p > line &&
	    isspace((unsigned char)p[-1]);)
		*--p = '\0';
	return (line + strspn(line, " \t"));
}

void
each_line(const char *buf, size_t len,
    void (*fn)(void *arg, const char *line, size_t n), void *arg)
{
	const char *p = buf, *end = buf + len, *nl;

	while (p < end) {
		nl = memchr(p, '\n', (size_t)(end - p));
		if (nl == NULL)
			nl = end;
		fn(arg, p, (size_t)(nl - p));
		p = nl + 1;
	}
}

bool
str_ends(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);

	return (n >= m && strcmp(s + n - m, suffix) == 0);
}
