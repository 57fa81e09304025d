/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Platform rules of the run-time linkers, emulated: each platform turns
 * (needing object, name) into an ordered list of candidate paths.  The
 * resolver (resolve.c) tries them in order inside the source root.
 */
#ifndef JT_RTLD_H
#define JT_RTLD_H

#include "jailtrim/platform.h"
#include "jailtrim/resolve.h"
#include "util.h"

/* What a search knows about the objects involved. */
struct rtld_obj {
	const struct jt_elf_info *elf;
	const char	*path;		/* canonical path in the root */
	const char	*loadpath;	/* path as found by the search */
	const struct rtld_obj *loader;	/* glibc's RPATH chain; NULL at top */
};

/*
 * Called for each candidate, in order.  Returns 1 when the candidate is
 * taken (stop), 0 to go on, negative on error (stop).
 */
typedef int rtld_try_fn(void *arg, const char *path, enum jt_via via,
    const char *dir);

/* --- FreeBSD rtld-elf --- */
struct libmap;

struct fbsd_rules {
	struct libmap	*lm[2];		/* [0] 64-bit, [1] 32-bit */
	struct jt_strv	 hints[2];	/* hints directory lists */
	bool		 hints_file[2];	/* came from a hints file */
	char		 osrel[64];	/* $OSREL: "10.1-RELEASE" */
	unsigned	 version;	/* __FreeBSD_version, 0 unknown */
	bool		 origin_needs_flag; /* 10.1: only under DF_ORIGIN */
	bool		 native32;	/* an i386 root: lib32 is not used */
};

/* The release and native class come from plat (platform.c). */
int	fbsd_rules_load(struct fbsd_rules *fr, struct jt_source *src,
	    const struct jt_platform_info *plat, struct jt_err *err);
void	fbsd_rules_free(struct fbsd_rules *fr);
/* Per-closure state: libmap's constrained hits become global (libmap.c). */
struct fbsd_state {
	struct jt_map	learned;	/* name -> mapped name */
};
void	fbsd_state_free(struct fbsd_state *st);
int	fbsd_search(const struct fbsd_rules *fr, struct fbsd_state *st,
	    const struct rtld_obj *ref, const struct rtld_obj *main_obj,
	    const char *name, rtld_try_fn *try, void *arg,
	    const char **mapped_from);
/* The interpreter the kernel really runs for this object. */
const char *fbsd_interp(const struct fbsd_rules *fr,
	    const struct jt_elf_info *elf);

/* Parse a libmap.conf-format buffer into lm (exposed for fuzzing). */
int	libmap_parse_buf(struct libmap *lm, const char *buf, size_t len);
struct libmap *libmap_new(void);
/* Read path (and what it includes) from the source; JT_ENOMEM or 0. */
int	libmap_load(struct libmap *lm, struct jt_source *src, const char *path);
/* lm_find(): the mapped name or NULL; st (may be NULL) keeps what a
 * constrained match makes global for the rest of the process. */
const char *libmap_lookup(const struct libmap *lm, struct fbsd_state *st,
	    const char *objpath, const char *name);
/* lm_find() without per-process state: the mapped name or NULL. */
const char *libmap_find(const struct libmap *lm, const char *objpath,
	    const char *name);
void	libmap_free(struct libmap *lm);
/* Parse a hints file: the directory list, or false when rtld ignores it. */
bool	hints_parse(const void *buf, size_t len, struct jt_strv *dirs);

/* --- glibc ld.so --- */
struct glibc_rules {
	struct jt_strv	 ldconf;	/* ld.so.conf directories, in order */
	const char	*prefix;	/* the Linux ABI layer's, "" native */
};

/*
 * ld.so.conf read under prefix ("" for a Linux root, "/compat/linux" for
 * Linux objects in a FreeBSD root); the directories kept are as written.
 * JT_ENOMEM, or JT_EIO when a file exists but cannot be read.
 */
int	glibc_rules_load(struct glibc_rules *gr, struct jt_source *src,
	    const char *prefix, struct jt_err *err);
void	glibc_rules_free(struct glibc_rules *gr);
int	glibc_search(const struct glibc_rules *gr, const struct rtld_obj *ref,
	    const char *name, rtld_try_fn *try, void *arg);

/*
 * The paths dlopen(name) tries, in order, for a program of the root's
 * kind without RPATH/RUNPATH, appended to out (platform_search.c).
 */
int	rtld_dlopen_paths(struct jt_source *src,
	    const struct jt_platform_info *plat, const char *name,
	    struct jt_strv *out, struct jt_err *err);

/* Substitute $ORIGIN/${ORIGIN}-style tokens; false if out is too small. */
struct dst_values {
	const char	*origin;
	const char	*osname;
	const char	*osrel;
	const char	*platform;
	const char	*lib;		/* glibc $LIB, NULL on FreeBSD */
	bool		 braces;	/* accept ${NAME} (glibc) */
};
bool	dst_expand(char *out, size_t len, const char *in,
	    const struct dst_values *v);

#endif
