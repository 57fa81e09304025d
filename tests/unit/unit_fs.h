/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Fixture roots for the unit tests, shared so that each test states only
 * what it checks: a temporary directory (unit_root), files, directories
 * and links written into it, and what is written read back through the
 * library (a source over a root, a service configuration read from it)
 * or through the real Berkeley DB 1.85 code (Debian's libdb1-compat,
 * dlopen'd) for the account databases.  Failures to write are failed
 * tests (tap's ok()); failures to set up skip or end the whole test.
 */
#ifndef JT_UNIT_FS_H
#define JT_UNIT_FS_H
#include <limits.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "jailtrim/accounts.h"
#include "jailtrim/svcconf.h"

/* The test's temporary directory, made by unit_root_make(). */
extern char unit_root[PATH_MAX];

/*
 * unit_root: a fresh directory TAG.XXXXXX in $JT_TEST_WORK (else $TMPDIR,
 * else /tmp), the base made if missing; the whole test is skipped when
 * it cannot be made.
 */
void	unit_root_make(const char *tag);
/* Remove unit_root and all below it (a failure is said, not failed). */
void	unit_root_remove(void);

/* unit_root/rel and each of its parents, mode 0755 (existing ones kept). */
void	unit_mkdirs(const char *rel);
/* unit_root/rel holding content, mode 0644 / mode, its parents made. */
bool	unit_put(const char *rel, const char *content);
bool	unit_put_mode(const char *rel, const char *content, mode_t mode);
/* unit_root/rel a fake binary: "\177ELF", NUL, a, NUL, b, NUL (strings
   for the readers to find). */
bool	unit_putbin(const char *rel, const char *a, const char *b);
/* unit_root/rel a symbolic link to target, its parents made. */
bool	unit_ln(const char *target, const char *rel);

/* A source over the root unit_root/rel; exits on failure. */
struct jt_source *unit_source(const char *rel);
/* kind's configuration (conf NULL: the profile's default) read from the
   root unit_root/rel on plat; jt_svcconf_config's result in *rc. */
struct jt_svcconf *unit_svc_read(const char *rel, const char *kind,
	    enum jt_platform plat, const char *conf, int *rc);
/* sc's items and problems as TAP comments, to see why a check failed. */
void	unit_svc_dump(const struct jt_svcconf *sc);
/* The item at path of kind (-1: any kind), or NULL. */
const struct jt_svc_item *unit_svc_item(const struct jt_svcconf *sc,
	    const char *path, int kind);
bool	unit_svc_has(const struct jt_svcconf *sc, const char *path, int kind);
/* An item whose path contains needle. */
bool	unit_svc_has_like(const struct jt_svcconf *sc, const char *needle);
/* How many problems and warnings sc holds; how many problems alone. */
size_t	unit_svc_nproblems(const struct jt_svcconf *sc);
size_t	unit_svc_nerrors(const struct jt_svcconf *sc);

/* --- libdb1: the 1.85 API as <db.h> declares it ----------------------- */

struct dbt1 {
	void	*data;
	size_t	 size;
};

struct db1 {
	int	 type;
	int	(*close)(struct db1 *);
	int	(*del)(const struct db1 *, const struct dbt1 *, unsigned);
	int	(*get)(const struct db1 *, const struct dbt1 *, struct dbt1 *,
		    unsigned);
	int	(*put)(const struct db1 *, struct dbt1 *, const struct dbt1 *,
		    unsigned);
	int	(*seq)(const struct db1 *, struct dbt1 *, struct dbt1 *,
		    unsigned);
	int	(*sync)(const struct db1 *, unsigned);
	void	*internal;
	int	(*fd)(const struct db1 *);
};

struct hashinfo1 {
	unsigned bsize, ffactor, nelem, cachesize;
	uint32_t (*hash)(const void *, size_t);
	int	 lorder;
};

#define DB1_HASH	1
#define R_FIRST		3
#define R_NEXT		7
#define R_NOOVERWRITE	8

typedef struct db1 *unit_dbopen_fn(const char *, int, int, int, const void *);
/* libdb1's dbopen(), NULL (said once) when libdb1 is not installed: the
   read-back checks are then skipped. */
extern unit_dbopen_fn *unit_dbopen;
void	unit_db1_load(void);
/* data written to unit_root/name: its path, NULL (a failed test) if not. */
const char *unit_save(const char *name, const void *data, size_t len);
/* An account database saved as name and opened read-only with libdb1
   (a test: it opens). */
struct db1 *unit_db1_open(const char *name, const struct jt_account_file *f);
/* The big-endian 32-bit number at p. */
uint32_t unit_be32(const void *p);

#endif
