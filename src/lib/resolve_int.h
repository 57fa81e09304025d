/* SPDX-License-Identifier: BSD-2-Clause */
/* Private state of the closure engine, shared by resolve.c and resolve_entry.c. */
#ifndef JT_RESOLVE_INT_H
#define JT_RESOLVE_INT_H

#include <stdbool.h>

#include "jailtrim/resolve.h"
#include "rtld.h"
#include "symcheck.h"
#include "util.h"

/* One file of the source, parsed once per resolver. */
struct obj {
	char			*path;		/* canonical */
	struct jt_elf		*elf;
	const struct jt_elf_info *info;
	struct jt_err		 err;		/* why it could not be parsed */
	bool			 bad;
	bool			 script;
	char			*interp;	/* "#!" interpreter */
	char			*arg;		/* its argument, or NULL */
	struct sc_defs		*defs;
};

struct jt_resolver {
	struct jt_source	*src;
	struct jt_resolve_opts	 opts;
	struct jt_map		 objs;		/* path -> struct obj * */
	enum jt_platform	 root_plat;	/* for objects of unknown ABI */
	struct jt_platform_info	 plat;		/* what the root is */
	bool			 fbsd_ready, glibc_ready, compat_ready;
	struct fbsd_rules	 fr;
	struct glibc_rules	 gr;
	struct glibc_rules	 gx;		/* under plat.linux_prefix */
	struct jt_map		 memo;		/* key -> struct search_memo * */
	struct jt_arena		 memo_arena;
};

/* What one search found (resolve_memo.c); strings live in memo_arena. */
struct search_memo {
	const char		*found;		/* the path taken, or NULL */
	enum jt_via		 via;
	const char		*dir;
	struct obj		*fobj;
	const char		*fatal;		/* rtld-elf's hard failure */
	const char		*mapped_from;
	const char		**tried;	/* paths considered, in order */
	size_t			 ntried;
	const char		**links;	/* symlinks to reach found */
	size_t			 nlinks;
};

/* --- one closure being built (resolve.c) --- */

struct node {
	struct obj	*obj;
	struct rtld_obj	 ro;
	struct jt_ptrv	 names;		/* const char * (arena) */
};

struct closure {
	struct jt_closure pub;		/* first: the public view */
	struct jt_arena	  arena;
	struct node	 *nodes;	/* parallel to pub.deps */
	size_t		  cap, mcap, scap;
	struct jt_map	  bypath;	/* canonical path -> node index + 1 */
	size_t		  nrpath;	/* nodes with a DT_RPATH */
};

/* The state of one closure's breadth-first walk (jt_resolve). */
struct walk {
	struct jt_resolver *r;
	struct closure	*c;
	struct jt_err	*err;
	/* the process being loaded */
	struct jt_map	 names;		/* name -> node index + 1 */
	struct jt_ptrv	 members;	/* node indices + 1, load order */
	struct jt_map	 inproc;	/* path of each member -> 1 */
	struct fbsd_state fst;
	int		 main;		/* node of the main program */
	/* the search under way */
	const struct jt_elf_info *want;	/* class/machine to match */
	bool		 fbsd;
	const char	*prefix;	/* the Linux ABI layer's, or NULL */
	struct jt_ptrv	 tried;		/* arena strings */
	struct jt_ptrv	 links;		/* links of the current candidate */
	char		 found[PATH_MAX];
	enum jt_via	 via;
	const char	*dir;
	const char	*fatal;		/* rtld-elf stops here */
	struct obj	*fobj;
};

const struct search_memo *memo_get(struct jt_resolver *r, const char *key);
/* Keep a copy of m under key: 0 or JT_ENOMEM. */
int	memo_put(struct jt_resolver *r, const char *key,
	    const struct search_memo *m);
void	memo_free(struct jt_resolver *r);
/* The key of the search for name by node needer; false: too long. */
bool	memo_key(struct walk *wk, int needer, const char *name, char *key,
	    size_t len);
/* Set wk up as the search m recorded left it. */
int	memo_replay(struct walk *wk, const struct search_memo *m,
	    const char **mapped_from);

/* --- rules per object (resolve_platform.c) --- */
/* The operating system whose rules apply to e (NULL: the root's). */
enum jt_platform resolve_platform_of(const struct jt_resolver *r,
	    const struct jt_elf_info *e);
/* The Linux ABI layer's prefix for a Linux object in a FreeBSD root. */
const char *resolve_prefix_of(const struct jt_resolver *r,
	    const struct jt_elf_info *e);
/* Load the rules of p (compat: under the Linux prefix) once. */
int	resolve_rules_ready(struct jt_resolver *r, enum jt_platform p,
	    bool compat, struct jt_err *err);
/* 0 when a failed lookup means "not there", else the error (wk->err). */
int	resolve_lookup_failed(struct walk *wk, int rc, const struct jt_err *e);
/* The interpreter the kernel runs for e (buf may hold it). */
int	resolve_interp(struct walk *wk, const struct jt_elf_info *e,
	    const char **interp, char *buf, size_t len);
/* The note on the rules applied to c's root object, in c's arena. */
const char *resolve_rule_note(const struct jt_resolver *r,
	    const struct jt_elf_info *e, struct closure *c);

/*
 * The parsed object at canonical path, once per resolver; o->bad when it
 * could not be parsed (o->err says why).
 */
int	resolve_load(struct jt_resolver *r, const char *path, struct obj **out,
	    struct jt_err *err);
/*
 * The closure of o, asked for as asked; links are the symbolic links the
 * path went through (NULL: none).
 */
int	resolve_closure(struct jt_resolver *r, const char *asked,
	    struct obj *o, const struct jt_strv *links,
	    struct jt_closure **out, struct jt_err *err);

#endif
