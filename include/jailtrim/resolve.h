/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Resolution: the closure of a program under the run-time linker rules of
 * its platform, emulated offline.
 *
 * FreeBSD objects follow rtld-elf (RPATH/RUNPATH, $ORIGIN and friends,
 * libmap.conf, the ldconfig hints, /lib:/usr/lib, NODEFLIB, lib32); Linux
 * objects follow glibc's ld.so (RPATH chain, RUNPATH, ld.so.conf, the
 * multiarch system directories).  The platform is chosen per object from
 * its ABI and interpreter.  Besides DT_NEEDED, the closure follows PT_INTERP
 * and the "#!" interpreters of scripts.
 *
 * Each file records why it is there (the object that pulled it in, the
 * name asked for and the rule that found it); each miss records the paths
 * considered, in order.
 */
#ifndef JAILTRIM_RESOLVE_H
#define JAILTRIM_RESOLVE_H

#include <stdbool.h>
#include <stddef.h>

#include "jailtrim/elf.h"
#include "jailtrim/err.h"
#include "jailtrim/platform.h"
#include "jailtrim/source.h"

struct jt_resolver;

/* enum jt_platform: jailtrim/platform.h */

/* The rule that found a file. */
enum jt_via {
	JT_VIA_ROOT = 0,	/* the path asked for */
	JT_VIA_INTERP,		/* PT_INTERP */
	JT_VIA_SHEBANG,		/* "#!" line of a script */
	JT_VIA_PATHNAME,	/* a DT_NEEDED name containing "/" */
	JT_VIA_LOADED,		/* name already loaded (SONAME or load name) */
	JT_VIA_RPATH,		/* DT_RPATH of the needing object */
	JT_VIA_MAIN_RPATH,	/* DT_RPATH of the executable (FreeBSD) */
	JT_VIA_LOADER_RPATH,	/* DT_RPATH of a loader up the chain (glibc) */
	JT_VIA_RUNPATH,		/* DT_RUNPATH of the needing object */
	JT_VIA_HINTS,		/* ldconfig hints (FreeBSD) */
	JT_VIA_LDCONF,		/* ld.so.conf / ld.so.cache (glibc) */
	JT_VIA_DEFAULT,		/* the default directories */
};

const char *jt_via_name(enum jt_via via);

/* One file of a closure. */
struct jt_dep {
	const char	 *path;		/* canonical path in the root */
	const struct jt_elf_info *elf;	/* NULL for a script */
	int		  parent;	/* index of what pulled it in; -1 */
	const char	 *name;		/* the name asked for */
	enum jt_via	  via;
	const char	 *dir;		/* search directory that matched */
	const char	 *mapped_from;	/* libmap: the name before mapping */
	const char	**links;	/* symlinks passed to reach it */
	size_t		  nlinks;
};

enum jt_miss_kind {
	JT_MISS_NEEDED = 0,	/* a DT_NEEDED library */
	JT_MISS_INTERP,		/* the program interpreter */
	JT_MISS_SHEBANG,	/* a script interpreter */
	JT_MISS_MACHINE,	/* a program for another machine */
};

/* Something the closure needs but the root does not provide. */
struct jt_miss {
	int		  needer;	/* index into deps */
	enum jt_miss_kind kind;
	const char	 *name;
	const char	 *reason;	/* "not found", "wrong class ...", ... */
	const char	**tried;	/* paths considered, in order */
	size_t		  ntried;
};

enum jt_symerr_kind {
	JT_SYMERR_UNDEF = 0,	/* no definition of a non-weak symbol */
	JT_SYMERR_VERSION,	/* needed version not defined by the file */
	JT_SYMERR_NOVERDEF,	/* needed version, file defines no versions */
	JT_SYMERR_NOFILE,	/* verneed names a file not in the closure */
};

struct jt_symerr {
	enum jt_symerr_kind kind;
	int		  object;	/* index into deps: who needs it */
	const char	 *symbol;	/* NULL for version errors */
	const char	 *version;	/* NULL when unversioned */
	const char	 *file;		/* the file the version belongs to */
	int		  provider;	/* index of that file's object, or -1 */
};

struct jt_closure {
	const char	 *root;		/* the path asked for (canonical) */
	bool		  program;	/* an executable (full symbol check) */
	enum jt_platform  platform;	/* rules applied to the root object */
	const char	 *rule;		/* human note on rule variants applied */
	struct jt_dep	 *deps;		/* deps[0] is the root */
	size_t		  ndeps;
	struct jt_miss	 *miss;
	size_t		  nmiss;
	struct jt_symerr *symerr;
	size_t		  nsymerr;
};

struct jt_resolve_opts {
	enum jt_platform platform;	/* JT_PLAT_AUTO normally */
	bool		 no_symbols;	/* skip the symbol check */
	/* FreeBSD's Linux ABI layer (compat.linux.emul_path); NULL is
	 * "/compat/linux" */
	const char	*linux_prefix;
};

/* src must outlive the resolver. opts may be NULL for defaults. */
int	jt_resolver_new(struct jt_resolver **out, struct jt_source *src,
	    const struct jt_resolve_opts *opts, struct jt_err *err);
void	jt_resolver_free(struct jt_resolver *r);
/* The platform of the root: FreeBSD when it has /libexec/ld-elf.so.1. */
enum jt_platform jt_resolver_platform(const struct jt_resolver *r);
/* What the root is: its class, machine and release (platform.h). */
const struct jt_platform_info *jt_resolver_root(const struct jt_resolver *r);

/*
 * A FreeBSD ld-elf.so.hints file listing dirs, as ldconfig writes it
 * (include/elf-hints.h: 128-byte header in the target's byte order, then
 * the colon-separated list and a NUL).  *out is malloc'd.
 */
int	jt_hints_render(const char *const *dirs, size_t n, bool msb,
	    void **out, size_t *len, struct jt_err *err);

/*
 * The closure of path (a program, a library or a script).  A root that is
 * not an ELF object nor a "#!" script is JT_EFORMAT; a root that does not
 * exist is JT_ENOENT.  Misses and symbol errors are not failures of this
 * call: they are reported in the closure.
 */
int	jt_resolve(struct jt_resolver *r, const char *path,
	    struct jt_closure **out, struct jt_err *err);
void	jt_closure_free(struct jt_closure *c);

/*
 * Each miss and symbol error of c as one line of text ("ROOT: OBJ needs
 * NAME: not found; tried A, B"), for fn to show or keep.
 */
typedef void jt_problem_fn(void *arg, const char *msg);
void	jt_closure_problems(const struct jt_closure *c, jt_problem_fn *fn,
	    void *arg);

/*
 * Every ELF executable and shared object of the source, in path order:
 * fn is called with each closure (owned by the caller of fn: free it).
 * Unparseable ELF files are reported to bad (may be NULL) and skipped.
 */
typedef int jt_closure_fn(void *arg, struct jt_closure *c);
typedef void jt_bad_fn(void *arg, const struct jt_err *err);
int	jt_resolve_all(struct jt_resolver *r, jt_closure_fn *fn,
	    jt_bad_fn *bad, void *arg, struct jt_err *err);

#endif
