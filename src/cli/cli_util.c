/* SPDX-License-Identifier: BSD-2-Clause */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jailtrim/err.h"
#include "cli_util.h"

int
strv_pushn(struct jt_strv *sv, const char *s, size_t len)
{
	char **nv;
	size_t ncap;

	if (sv->n == sv->cap) {
		ncap = sv->cap == 0 ? 8 : sv->cap * 2;
		if ((nv = reallocarray(sv->v, ncap, sizeof(*nv))) == NULL)
			return (JT_ENOMEM);
		sv->v = nv;
		sv->cap = ncap;
	}
	if ((sv->v[sv->n] = strndup(s, len)) == NULL)
		return (JT_ENOMEM);
	sv->n++;
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
	for (i = j = 1; i < sv->n; i++) {
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

/* FNV-1a, 64 bits */
static uint64_t
hash(const char *s)
{
	uint64_t h = 0xcbf29ce484222325ULL;

	for (; *s != '\0'; s++) {
		h ^= (unsigned char)*s;
		h *= 0x100000001b3ULL;
	}
	return (h);
}

/* The slot of key, or the empty one where it would go (open addressing). */
static struct cli_map_slot *
find(const struct jt_map *m, const char *key, uint64_t h)
{
	struct cli_map_slot *s;

	if (m->cap == 0)
		return (NULL);
	for (size_t i = h & (m->cap - 1);; i = (i + 1) & (m->cap - 1)) {
		s = &m->slots[i];
		if (s->key == NULL || (s->hash == h && strcmp(s->key, key) == 0))
			return (s);
	}
}

void *
map_get(const struct jt_map *m, const char *key)
{
	struct cli_map_slot *s = find(m, key, hash(key));

	return (s != NULL && s->key != NULL ? s->val : NULL);
}

static int
grow(struct jt_map *m)
{
	struct jt_map old = *m;
	size_t ncap = m->cap == 0 ? 64 : m->cap * 2;

	if ((m->slots = calloc(ncap, sizeof(*m->slots))) == NULL) {
		m->slots = old.slots;
		return (JT_ENOMEM);
	}
	m->cap = ncap;
	for (size_t i = 0; i < old.cap; i++)
		if (old.slots[i].key != NULL)
			*find(m, old.slots[i].key, old.slots[i].hash) =
			    old.slots[i];
	free(old.slots);
	return (0);
}

int
map_put(struct jt_map *m, const char *key, void *val)
{
	struct cli_map_slot *s;
	uint64_t h = hash(key);

	/* at most 3/4 full, so a probe always ends at an empty slot */
	if ((m->n + 1) * 4 > m->cap * 3 && grow(m) != 0)
		return (JT_ENOMEM);
	s = find(m, key, h);
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
map_free(struct jt_map *m)
{
	for (size_t i = 0; i < m->cap; i++)
		free(m->slots[i].key);
	free(m->slots);
	memset(m, 0, sizeof(*m));
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

bool
str_ends(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);

	return (n >= m && strcmp(s + n - m, suffix) == 0);
}
