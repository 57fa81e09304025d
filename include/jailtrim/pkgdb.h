/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Package databases: which packages a root has, their files (with the
 * checksum the database records), directories, configuration files and
 * dependencies.  One reader for every module that needs to know (shrink's
 * packages-as-units, build --pkg).
 *
 * Read through a jt_source (a directory, a txz, a layer stack): never a
 * host path.  Understood:
 *  - FreeBSD pkg(8): /var/db/pkg/local.sqlite, opened from memory,
 *    read-only and defensively (a hostile root's database cannot run
 *    extensions or schema functions, and is bounded in size);
 *  - Debian dpkg: /var/lib/dpkg/status and info/NAME[:ARCH].list,
 *    info/NAME[:ARCH].md5sums;
 *  - the source's .pkg layers: each archive's +MANIFEST (or
 *    +COMPACT_MANIFEST), read from the layer's file, adds its package
 *    unless the root's database registers one of that name.
 * A root with neither has zero packages; that is not an error.
 *
 * Everything is loaded when the database is opened; the handle owns every
 * string and array it returns, valid until jt_pkgdb_free().
 */
#ifndef JAILTRIM_PKGDB_H
#define JAILTRIM_PKGDB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "jailtrim/err.h"

struct jt_source;
struct jt_pkgdb;

enum jt_pkgdb_kind {
	JT_PKGDB_NONE = 0,	/* no database in the root */
	JT_PKGDB_PKG,		/* FreeBSD pkg(8) local.sqlite */
	JT_PKGDB_DPKG,		/* Debian dpkg status + info */
	JT_PKGDB_MANIFEST,	/* only .pkg layers' +MANIFEST */
};

enum jt_pkg_sum {
	JT_PKG_SUM_NONE = 0,	/* nothing recorded */
	JT_PKG_SUM_SHA256,	/* hex; pkg's "1$" prefix removed */
	JT_PKG_SUM_MD5,		/* hex (dpkg md5sums, Conffiles) */
	JT_PKG_SUM_OTHER,	/* a form not known here, text as recorded */
};

/*
 * A file of a package, its recorded checksum (NULL when none).  pkg(8)
 * records sha256 as plain hex (pkg 1.x, the fixture's schema 31) or as
 * "1$<hex>" (newer pkg's typed checksums): both come out as plain hex,
 * JT_PKG_SUM_SHA256.  Other typed forms ("2$...", blake2) are
 * JT_PKG_SUM_OTHER.
 */
struct jt_pkg_file {
	const char	*path;		/* absolute, inside the root */
	const char	*sum;		/* lower-case hex or NULL */
	enum jt_pkg_sum	 alg;
};

/*
 * A direct dependency.  dpkg's alternatives ("a | b") are consecutive
 * entries with the same group; pkg's dependencies each have a group of
 * their own.  version is pkg's recorded version or dpkg's constraint
 * ("(>= 2.36)"), NULL when none.
 */
struct jt_pkg_dep {
	const char	*name;
	const char	*origin;	/* pkg only, else NULL */
	const char	*version;
	unsigned	 group;
};

struct jt_pkg {
	const char	*name;
	const char	*version;
	const char	*origin;	/* pkg: "misc/compat9x"; dpkg: NULL */
	const char	*arch;		/* "FreeBSD:10:amd64", "amd64", "all" */
	const char	*prefix;	/* pkg: "/usr/local"; dpkg: NULL */
	int64_t		 flatsize;	/* pkg: bytes; dpkg: Installed-Size*1024 */
	bool		 automatic;	/* installed as a dependency (pkg) */
	struct jt_pkg_file *files;	/* sorted by path */
	size_t		 nfiles;
	const char	**dirs;		/* directories the package registers */
	size_t		 ndirs;
	struct jt_pkg_file *config;	/* configuration files */
	size_t		 nconfig;
	struct jt_pkg_dep *deps;
	size_t		 ndeps;
	const char	**provides;	/* dpkg Provides (virtual names) */
	size_t		 nprovides;
};

/*
 * Open the package database of src's root.  *out is a database with zero
 * packages (kind JT_PKGDB_NONE) when the root has none.  A database that
 * is there but unreadable, corrupt or not pkg's/dpkg's is an error naming
 * the file.
 */
int	jt_pkgdb_open(struct jt_pkgdb **out, struct jt_source *src,
	    struct jt_err *err);
/*
 * The same from bytes: a local.sqlite image, a pkg +MANIFEST, a dpkg
 * status file (without info lists).  name is the file named in errors.  For tests and fuzzing.
 */
int	jt_pkgdb_open_sqlite_mem(struct jt_pkgdb **out, const void *buf,
	    size_t len, const char *name, struct jt_err *err);
int	jt_pkgdb_open_manifest_mem(struct jt_pkgdb **out, const void *buf,
	    size_t len, const char *name, struct jt_err *err);
int	jt_pkgdb_open_dpkg_mem(struct jt_pkgdb **out, const void *buf,
	    size_t len, const char *name, struct jt_err *err);
void	jt_pkgdb_free(struct jt_pkgdb *db);

enum jt_pkgdb_kind jt_pkgdb_kind(const struct jt_pkgdb *db);
/* The database file read ("/var/db/pkg/local.sqlite"), "" for none. */
const char *jt_pkgdb_path(const struct jt_pkgdb *db);
/*
 * Every database read, as "kind path" joined by ", " ("pkg
 * /var/db/pkg/local.sqlite, .pkg layer a.pkg: +MANIFEST"); "" for none.
 * What an error about a package that is not there names.
 */
const char *jt_pkgdb_read_from(const struct jt_pkgdb *db);
/* pkg: PRAGMA user_version of the database; dpkg: 0. */
int	jt_pkgdb_schema(const struct jt_pkgdb *db);

/* Packages, sorted by name. */
size_t	jt_pkgdb_count(const struct jt_pkgdb *db);
const struct jt_pkg *jt_pkgdb_at(const struct jt_pkgdb *db, size_t i);
/* The package of that name, or NULL. */
const struct jt_pkg *jt_pkgdb_find(const struct jt_pkgdb *db,
	    const char *name);
/*
 * The package that satisfies a dependency name: the package itself, else
 * the first (by name) package that Provides it.  NULL when none.
 */
const struct jt_pkg *jt_pkgdb_provider(const struct jt_pkgdb *db,
	    const char *name);
/* The package owning path (a file or config file), or NULL. */
const struct jt_pkg *jt_pkgdb_owner(const struct jt_pkgdb *db,
	    const char *path);
/* path's file record in its owner (checksum), or NULL. */
const struct jt_pkg_file *jt_pkgdb_file(const struct jt_pkgdb *db,
	    const char *path);

/*
 * The transitive dependency closure of the named packages, themselves
 * included, breadth first (cycles are visited once).  For an alternative
 * group the first installed alternative is taken.  A dependency no
 * installed package satisfies is listed in missing ("name" of the group's
 * first alternative, "needed by" in missing_by); a requested name that is
 * not installed is missing too (missing_by NULL).  Not an error.
 */
struct jt_pkg_closure {
	const struct jt_pkg **pkgs;
	size_t		 n;
	const char	**missing;	/* owned by the db */
	const char	**missing_by;	/* the package needing it, or NULL */
	size_t		 nmissing;
};
int	jt_pkgdb_closure(const struct jt_pkgdb *db, const char *const *names,
	    size_t n, struct jt_pkg_closure *out, struct jt_err *err);
void	jt_pkg_closure_free(struct jt_pkg_closure *c);

/*
 * Documentation a package installs and a jail does not need to run it:
 * a path with a directory doc, man, info, examples or gtk-doc right
 * below a "share" directory (/usr/share/doc/..., /usr/local/share/man/...,
 * /usr/local/share/examples/...), or below /usr/local/man or
 * /usr/local/info (ports' older layout).  Such directories themselves
 * too.
 */
bool	jt_pkg_is_doc(const char *path);

/*
 * Whether a package's file at path in src is code whose closure matters:
 * an ELF object (loaded whatever its mode: Debian's libraries are 0644)
 * or an executable file (a program, a script).  A module with a "#!"
 * line that nothing executes (perl's Getopt/Long.pm has "#! perl") is
 * data.  False when it cannot be read: the caller says that.
 */
bool	jt_pkg_file_is_code(struct jt_source *src, const char *path);

/*
 * Packages as units: what including the named packages brings, their
 * dependency closure (jt_pkgdb_closure's order, with the package that
 * needed each) and every path they register (files, configuration
 * files, then directories), sorted, each with the first package in
 * closure order that registers it.  Documentation (jt_pkg_is_doc) is
 * left out unless docs, and counted in ndocs.  A requested name no
 * package provides is JT_ENOENT naming it and jt_pkgdb_read_from(); a
 * dependency none provides is listed in missing (as the closure's).
 */
struct jt_pkg_unit_path {
	const char	*path;		/* owned by the db */
	const struct jt_pkg *pkg;	/* the package that brings it */
	bool		 dir;		/* a registered directory */
};
struct jt_pkg_units {
	const struct jt_pkg **pkgs;	/* closure order */
	const struct jt_pkg **needed_by; /* NULL: asked for */
	size_t		 n;
	struct jt_pkg_unit_path *paths;
	size_t		 npaths;
	size_t		 ndocs;		/* paths left out as documentation */
	const char	**missing;	/* dependencies none provides */
	const char	**missing_by;
	size_t		 nmissing;
};
int	jt_pkgdb_units(const struct jt_pkgdb *db, const char *const *names,
	    size_t n, bool docs, struct jt_pkg_units *out, struct jt_err *err);
void	jt_pkg_units_free(struct jt_pkg_units *u);

/*
 * Remove packages from a database on the host, in one transaction, for
 * shrink's apply: path is a pkg local.sqlite (the packages, and through
 * pkg's ON DELETE CASCADE their files, deps, directories links, ...,
 * then pkg's orphaned directories/shlibs/... rows are deleted as
 * pkg_delete does), or a dpkg status file (rewritten without the packages'
 * paragraphs through a temporary file renamed into place; their
 * info/NAME[:ARCH].* files are removed after).  A name that is not
 * registered is an error naming it (JT_ENOENT), and so is, for pkg, a
 * package that stays but depends on one removed (JT_EINVAL): nothing is
 * changed then.  dpkg's dependencies are not checked (alternatives and
 * Provides make that the caller's closure's job).  A symlink at path is
 * not followed (pkg).
 */
int	jt_pkgdb_deregister(const char *path, const char *const *names,
	    size_t n, struct jt_err *err);
/*
 * What jt_pkgdb_deregister(names) would change or delete in db's root:
 * the database file, and for dpkg each package's info files; fn is
 * called with each path (absolute in the root, as src has it), so that
 * a caller can save them first.  Nothing for a database of .pkg layers
 * only.  fn returns 0 to go on, non-zero to stop (returned).
 */
int	jt_pkgdb_deregister_files(const struct jt_pkgdb *db,
	    struct jt_source *src, const char *const *names, size_t n,
	    int (*fn)(void *arg, const char *path), void *arg,
	    struct jt_err *err);

#endif
