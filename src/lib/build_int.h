/* SPDX-License-Identifier: BSD-2-Clause */
/* Private state of the build stage, shared by build.c and build_rc.c. */
#ifndef JT_BUILD_INT_H
#define JT_BUILD_INT_H

#include <stddef.h>
#include <stdint.h>

#include "jailtrim/accounts.h"
#include "jailtrim/build.h"
#include "util.h"

struct jt_build {
	struct jt_source	*src;
	struct jt_resolver	*r;
	bool			 r_shared;	/* the caller's: not freed */
	struct jt_plan		*plan;
	struct jt_strv		 problems, warnings;
	struct jt_strv		 commands, prestart, params;
	struct jt_strv		 users, groups, probes, hintdirs;
	struct jt_strv		 execs;		/* prestart, then commands */
	struct jt_strv		 stops;		/* exec.stop */
	bool			 nomem;		/* a problem could not be kept */
	struct jt_map		 closed;	/* objects whose closure is noted */
	struct jt_map		 pkgof;		/* path -> package (build_reads.c) */
	struct jt_strv		 mtimed;	/* "PATH (WHY)": read if mtime > 0 */
	bool			 has_epoch;
	int64_t			 epoch;
	bool			 bare;		/* no skeleton */
	/* rc jails */
	bool			 rc;
	bool			 rcindexed;
	struct jt_map		 rcscripts;	/* path -> struct rcscript * */
	struct jt_map		 rcprovide;	/* PROVIDE name -> script */
	struct jt_map		 rckept;	/* path -> script, kept */
	struct jt_map		 rcnamed;	/* paths scripts name, seen */
	struct jt_strv		 rcvars;	/* "sshd_enable" ... */
	struct build_pkgs	*pk;		/* packages (build_pkg.c) */
	/* /etc/hosts */
	char			*hostname;	/* NULL: no line added */
	struct jt_strv		 hostaddrs;	/* bare addresses */
	/* interp.c: what no ELF header says */
	bool			 no_ca;		/* --no-ca */
	char			*tls;		/* "OBJ links LIB", the first */
	struct jt_strv		 gits;		/* git programs kept */
	struct jt_strv		 notes;		/* "PATH added because ..." */
	/* build_ids.c, build_tz.c */
	bool			 has_range;	/* uid-range given */
	uint32_t		 id_first, id_count;
	bool			 renumber;
	struct jt_acct_moves	 moves;		/* what renumber moved */
	char			*rootpw;	/* NULL: locked, "*" */
	char			*tz;		/* NULL: the source's localtime */
	bool			 wall_cmos;
};

int	build_problem(struct jt_build *b, const char *fmt, ...)
	    __attribute__((format(printf, 2, 3)));
int	build_warning(struct jt_build *b, const char *fmt, ...)
	    __attribute__((format(printf, 2, 3)));
bool	build_exists(struct jt_build *b, const char *path);
/* Every source path matching pattern, or below dir, with closures. */
int	build_add_glob(struct jt_build *b, const char *pattern,
	    const char *why, struct jt_err *err);
int	build_add_tree(struct jt_build *b, const char *dir, const char *why,
	    struct jt_err *err);
bool	build_is_file(struct jt_build *b, const char *path);
bool	build_is_dir(struct jt_build *b, const char *path);
/* A "name:" line in the source's file (/etc/passwd, /etc/group). */
bool	build_has_account(struct jt_build *b, const char *file,
	    const char *name);

/* A closure's problems and hints directories, kept in b. */
int	build_note_closure(struct jt_build *b, const struct jt_closure *c);
/* path's closure was noted: build_close_all() passes it by. */
int	build_mark_closed(struct jt_build *b, const char *path);
/* Every ELF object of the plan closed, each on its own (build_close.c). */
int	build_close_all(struct jt_build *b, struct jt_err *err);
/* The programs of exec.start and exec.stop are in the plan (problems). */
int	build_check_commands(struct jt_build *b, struct jt_err *err);

/* The package a profile says provides path (a copy), or NULL. */
int	build_note_package(struct jt_build *b, const char *path,
	    const char *pkg);
const char *build_package_of(struct jt_build *b, const char *path);
/* path is a JT_SVC_FILE_MTIME: a warning if the epoch is 0. */
int	build_note_mtime(struct jt_build *b, const char *path,
	    const char *why);
/* What exec.start's cp, install and cat read is in the plan (problems). */
int	build_check_reads(struct jt_build *b, struct jt_err *err);
void	build_reads_free(struct jt_build *b);

/* /dev, /tmp, /etc's resolver files ... unless bare (build_skel.c). */
int	build_skeleton(struct jt_build *b, struct jt_err *err);

int	rc_finish(struct jt_build *b, struct jt_err *err);
/* The pruned FreeBSD account files, renumbered and root's password set. */
int	build_accounts(struct jt_build *b, struct jt_err *err);
/* pw.conf and the plan's owners renumbered: after every other entry. */
int	build_ids_finish(struct jt_build *b, struct jt_err *err);
/* /etc/localtime and /etc/wall_cmos_clock (build_tz.c). */
int	build_tz_finish(struct jt_build *b, struct jt_err *err);
/* /etc/hosts with the hostname's lines (build_hosts.c). */
int	build_hosts(struct jt_build *b, struct jt_err *err);
/* exec.start and exec.stop of an rc jail (no-op otherwise). */
int	rc_commands(struct jt_build *b);
void	rc_free(struct jt_build *b);
void	build_pkgs_free(struct build_pkgs *pk);

/* interp.c: a closure's TLS libraries and git, noted for interp_finish. */
int	interp_closure(struct jt_build *b, const struct jt_closure *c);
/* git's helpers, then the CA bundle when a kept object links TLS. */
int	interp_finish(struct jt_build *b, struct jt_err *err);
void	interp_free(struct jt_build *b);

#endif
