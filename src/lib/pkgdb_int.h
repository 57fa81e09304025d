/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Private to the package database module: the handle and the helpers the
 * readers (pkgdb_sqlite.c, pkgdb_dpkg.c) fill it with.
 */
#ifndef JT_PKGDB_INT_H
#define JT_PKGDB_INT_H

#include "jailtrim/pkgdb.h"
#include "util.h"

/* Bounds on what a root's database may make us hold. */
#define PKGDB_MAX_FILE		((size_t)1 << 30)	/* one database file */
#define PKGDB_MAX_PKGS		200000
#define PKGDB_MAX_ROWS		20000000	/* files, deps, ... in all */

/* A package while it is read: growable arrays behind struct jt_pkg. */
struct pkg_build {
	struct jt_pkg	 pkg;
	int64_t		 id;		/* pkg: packages.id */
	size_t		 capf, capc, capd, capdep, capp;
};

struct jt_pkgdb {
	enum jt_pkgdb_kind kind;
	char		 path[256];
	char		 read[1024];	/* "kind path, ...": every file read */
	int		 schema;
	struct jt_arena	 arena;		/* every string */
	struct pkg_build *pkgs;
	size_t		 n, cap;
	size_t		 rows;		/* against PKGDB_MAX_ROWS */
	struct jt_map	 byname;	/* name (and name:arch) -> pkg_build */
	struct jt_map	 owners;	/* path -> pkg_build */
	struct jt_map	 files;		/* path -> jt_pkg_file */
};

int	 jt__pkgdb_new(struct jt_pkgdb **out, enum jt_pkgdb_kind kind,
	    const char *path, struct jt_err *err);
/* A new package; its index in db->pkgs (the array may move). */
int	 jt__pkgdb_add(struct jt_pkgdb *db, size_t *idx, struct jt_err *err);
const char *jt__pkgdb_str(struct jt_pkgdb *db, const char *s, size_t len);
int	 jt__pkg_file(struct jt_pkgdb *db, struct pkg_build *b,
	    bool config, const char *path, const char *sum,
	    enum jt_pkg_sum alg, struct jt_err *err);
int	 jt__pkg_dir(struct jt_pkgdb *db, struct pkg_build *b,
	    const char *path, struct jt_err *err);
int	 jt__pkg_dep(struct jt_pkgdb *db, struct pkg_build *b,
	    const struct jt_pkg_dep *d, struct jt_err *err);
int	 jt__pkg_provide(struct jt_pkgdb *db, struct pkg_build *b,
	    const char *name, struct jt_err *err);
/* Sort and index what the reader loaded. */
int	 jt__pkgdb_finish(struct jt_pkgdb *db, struct jt_err *err);

/* The readers: bytes of the database file named path in errors. */
int	 jt__pkgdb_sqlite_load(struct jt_pkgdb *db, const void *buf,
	    size_t len, struct jt_err *err);
int	 jt__pkgdb_dpkg_status(struct jt_pkgdb *db, const char *buf,
	    size_t len, struct jt_err *err);
/* dpkg's info/ lists and md5sums of every package, through src. */
int	 jt__pkgdb_dpkg_info(struct jt_pkgdb *db, struct jt_source *src,
	    const char *infodir, struct jt_err *err);
/* A pkg manifest's package (what names it in errors). */
int	 jt__pkgdb_manifest(struct jt_pkgdb *db, const char *buf, size_t len,
	    const char *what, struct jt_err *err);
/* The packages of src's .pkg layers, from their +MANIFEST. */
int	 jt__pkgdb_layers(struct jt_pkgdb *db, struct jt_source *src,
	    struct jt_err *err);
/* Name a database file read in db->read, as "kind path". */
void	 jt__pkgdb_read(struct jt_pkgdb *db, const char *kind,
	    const char *path);
/* Defensive settings for a connection to an untrusted database. */
struct sqlite3;
int	 jt__pkgdb_sqlite_harden(struct sqlite3 *sq);
bool	 jt__pkgdb_sqlite_has(struct sqlite3 *sq, const char *table,
	    const char *column);
int	 jt__pkgdb_sqlite_deregister(const char *path,
	    const char *const *names, size_t n, struct jt_err *err);
int	 jt__pkgdb_dpkg_deregister(const char *path,
	    const char *const *names, size_t n, struct jt_err *err);

#endif
