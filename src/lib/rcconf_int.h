/* SPDX-License-Identifier: BSD-2-Clause */
/* rc.conf and rc.d scripts: shared between the API and the evaluator. */
#ifndef JT_RCCONF_INT_H
#define JT_RCCONF_INT_H

#include "jailtrim/rcconf.h"
#include "util.h"

#define RC_VALUE_MAX	(64 * 1024)	/* longer values are not applied */
#define RC_DEPTH_MAX	8		/* ". FILE" nesting */
#define RC_FILES_MAX	256
#define RC_CMDS_MAX	100000		/* commands recorded per script */

struct rcval {
	char	*value;
	size_t	 file;			/* index into files */
	int	 line;
};

struct jt_rcconf {
	struct jt_map	 vars;		/* name -> struct rcval * */
	struct jt_strv	 files;		/* read, in order */
	size_t		 nuncertain;
	char		 uncertain[256];
	/* an rc.d script's evaluation only */
	struct jt_ptrv	 cmds;		/* struct rccmd * */
	struct jt_strv	 funcs;		/* functions it defines */
	struct jt_strv	 sourced;	/* ". FILE"s not followed */
	struct jt_strv	 loaded;	/* load_rc_config NAMEs done */
};

/* A recorded command: the public view and the word it owns. */
struct rccmd {
	char		*word;
	struct jt_rccmd	 pub;
};

/* How a file is evaluated. */
enum rc_mode {
	RC_CONF,			/* rc.conf: assignments only */
	RC_SCRIPT,			/* an rc.d script: commands recorded too,
					   load_rc_config honoured, rc.subr
					   not followed */
};

const char *rc_var_get(const struct jt_rcconf *rc, const char *name,
	    size_t n);
int	rc_var_set(struct jt_rcconf *rc, const char *name, const char *value,
	    size_t fidx, int line);
/* Evaluate path (read through src) into rc.  depth: of ". FILE". */
int	rc_source(struct jt_rcconf *rc, struct jt_source *src,
	    const char *path, int depth, enum rc_mode mode,
	    struct jt_err *err);
/* Evaluate buf as the file path (src NULL: nothing else is read). */
int	rc_eval(struct jt_rcconf *rc, struct jt_source *src,
	    const char *path, const char *buf, size_t len, int depth,
	    enum rc_mode mode, struct jt_err *err);
/* rc.conf.d/NAME under /etc and ${local_startup%*\/rc.d}. */
int	rc_service_confd(struct jt_rcconf *rc, struct jt_source *src,
	    const char *name, struct jt_err *err);

#endif
