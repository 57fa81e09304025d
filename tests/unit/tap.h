/* SPDX-License-Identifier: BSD-2-Clause */
/* A minimal test harness: ok() records, tap_done() summarises. */
#ifndef JT_TAP_H
#define JT_TAP_H
#include <stdbool.h>
#include <sys/types.h>
bool	tap_ok(bool cond, const char *file, int line, const char *fmt, ...)
	    __attribute__((format(printf, 4, 5)));
int	tap_done(void);
void	tap_skip_all(const char *why) __attribute__((noreturn));
/* "dir/rel" in one of four rotating buffers: four may be in use at once. */
const char *tap_path(const char *dir, const char *rel);
/* dir/rel written with content and mode, its parents made; a failure is
   a failed test.  False on failure. */
bool	tap_put(const char *dir, const char *rel, const char *content,
	    mode_t mode);
#define ok(cond, ...)	tap_ok((cond), __FILE__, __LINE__, __VA_ARGS__)
#endif
