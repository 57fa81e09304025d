/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The CLI's own small containers and path helpers.  The library has the
 * same ones internally (src/lib/util.h), but the CLI sees only the public
 * API (scripts/lint.sh) and the public libjailtrim.a exports only jt_*
 * names, so the CLI keeps its own: names and behaviour as the library's,
 * which keeps the commands' code as it was.
 */
#ifndef JT_CLI_UTIL_H
#define JT_CLI_UTIL_H

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

/* 0, or JT_ENOMEM; the string is copied. */
int	 strv_push(struct jt_strv *sv, const char *s);
int	 strv_pushn(struct jt_strv *sv, const char *s, size_t len);
int	 strv_push_uniq(struct jt_strv *sv, const char *s);
bool	 strv_has(const struct jt_strv *sv, const char *s);
void	 strv_sort(struct jt_strv *sv);	/* byte order, duplicates removed */
void	 strv_free(struct jt_strv *sv);

/* Map from an owned string key to a borrowed, non-NULL pointer. */
struct jt_map {
	struct cli_map_slot {
		char		*key;
		uint64_t	 hash;
		void		*val;
	}		*slots;
	size_t		 cap;	/* power of two, 0 when empty */
	size_t		 n;
};

void	*map_get(const struct jt_map *m, const char *key);
/* Insert or replace; the key is copied.  0 or JT_ENOMEM. */
int	 map_put(struct jt_map *m, const char *key, void *val);
void	 map_free(struct jt_map *m);

/* dir/name into out (size len); false when it does not fit. */
bool	 path_join(char *out, size_t len, const char *dir, const char *name);
/* The directory part of an absolute path ("/usr/lib/x" -> "/usr/lib"). */
void	 path_dirname(char *out, size_t len, const char *path);
bool	 str_ends(const char *s, const char *suffix);

#endif
