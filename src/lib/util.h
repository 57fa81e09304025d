/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Private helpers shared by the library: growable string vectors, a string
 * hash map, and lexical path helpers.  Not part of the public API.
 */
#ifndef JT_UTIL_H
#define JT_UTIL_H

#include <limits.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* A growable vector of owned, NUL-terminated strings. */
struct jt_strv {
	char	**v;
	size_t	  n;
	size_t	  cap;
};

int	 strv_push(struct jt_strv *sv, const char *s);	/* copies s */
int	 strv_pushn(struct jt_strv *sv, const char *s, size_t len);
int	 strv_push_uniq(struct jt_strv *sv, const char *s);
bool	 strv_has(const struct jt_strv *sv, const char *s);
void	 strv_sort(struct jt_strv *sv);	/* byte order, duplicates removed */
void	 strv_free(struct jt_strv *sv);

/* A growable array of pointers (not owned). */
struct jt_ptrv {
	void	**v;
	size_t	  n;
	size_t	  cap;
};

int	 ptrv_push(struct jt_ptrv *pv, void *p);
void	 ptrv_free(struct jt_ptrv *pv);

/* Open-addressing map from an owned string key to a borrowed pointer. */
struct jt_map {
	struct jt_map_slot {
		char		*key;
		uint64_t	 hash;
		void		*val;
	}		*slots;
	size_t		 cap;	/* power of two, 0 when empty */
	size_t		 n;
};

uint64_t jt_hash(const char *s, size_t len);
void	*map_get(const struct jt_map *m, const char *key);
void	*map_getn(const struct jt_map *m, const char *key, size_t len);
/* Insert or replace; the key is copied. Returns 0 or JT_ENOMEM. */
int	 map_put(struct jt_map *m, const char *key, void *val);
/* Call fn on every value (for freeing). */
void	 map_each(struct jt_map *m, void (*fn)(void *));
void	 map_free(struct jt_map *m);

/* Bump allocator for many small strings that live as long as their owner. */
struct jt_arena {
	struct arena_blk *head;
};
char	*arena_strdup(struct jt_arena *a, const char *s);
char	*arena_strndup(struct jt_arena *a, const char *s, size_t len);
void	*arena_alloc(struct jt_arena *a, size_t len);
void	 arena_free(struct jt_arena *a);

/*
 * Lexical path helpers.  Paths inside a root are kept absolute ("/usr/lib"),
 * with no "." or empty components and no trailing slash.
 */
/* Join dir and name into out (size len). Returns false when too long. */
bool	 path_join(char *out, size_t len, const char *dir, const char *name);
/* Copy the directory part of path ("/usr/lib/x" -> "/usr/lib"). */
void	 path_dirname(char *out, size_t len, const char *path);
/* s ends with suffix. */
bool	 str_ends(const char *s, const char *suffix);
const char *path_basename(const char *path);

/*
 * A line of a jailtrim text format, in place: "#" to the end of the line
 * cut, trailing and leading blanks dropped.  Returns the first word.
 */
char	*conf_clean(char *line);

/* Read a whole-file buffer as lines: calls fn for each line without "\n". */
void	 each_line(const char *buf, size_t len,
	    void (*fn)(void *arg, const char *line, size_t n), void *arg);

#endif
