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
	bool			 fbsd_ready, glibc_ready;
	struct fbsd_rules	 fr;
	struct glibc_rules	 gr;
};

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
