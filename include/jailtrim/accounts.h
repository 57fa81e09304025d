/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Account files of a FreeBSD root, pruned to the users a jail needs.
 *
 * FreeBSD's libc reads users only from /etc/spwd.db (as root) or
 * /etc/pwd.db, the Berkeley DB 1.85 hash files pwd_mkdb(8) builds from
 * master.passwd; it never reads master.passwd or passwd.  Groups are read
 * from the text /etc/group.  So a pruned jail needs all five files, and
 * they must agree.  This module parses master.passwd(5) and group(5),
 * keeps a chosen set of users and groups, and renders the five files the
 * way `pwd_mkdb -p` (with 10.x's -L, little-endian) would from the pruned
 * master.passwd -- on any host, without FreeBSD's dbopen(3).
 */
#ifndef JAILTRIM_ACCOUNTS_H
#define JAILTRIM_ACCOUNTS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "jailtrim/err.h"
#include "jailtrim/source.h"

/* The parsed account files of a root. */
struct jt_accounts;

/*
 * Parse the text of master.passwd(5) and group(5) (the buffers are
 * copied; neither needs a NUL).  Comment and blank lines are kept.  A
 * malformed line is JT_EFORMAT; err->path names the file
 * ("/etc/master.passwd", "/etc/group") and err->msg the line number and
 * the problem.  *out is the caller's, freed with jt_accounts_free().
 */
int	jt_accounts_parse(struct jt_accounts **out, const char *master_passwd,
	    size_t mlen, const char *group, size_t glen, struct jt_err *err);
void	jt_accounts_free(struct jt_accounts *a);

/*
 * Keep only these users and groups (each list may be NULL when its count
 * is 0).  Always kept: root, wheel, and every group whose id is the
 * primary group of a kept user.  Comments stay; NIS "+"/"-" entries go;
 * group member lists lose the users that are not kept.  Every call
 * replaces the previous selection.  A name that is not in the files is
 * JT_ENOENT, with all such names in err->msg, and changes nothing.
 */
int	jt_accounts_keep(struct jt_accounts *a, const char *const *users,
	    size_t nusers, const char *const *groups, size_t ngroups,
	    struct jt_err *err);

/*
 * Whether name is an account of FreeBSD's base (root, daemon, bin, ...,
 * hast, nobody; group when group): one that keeps its id in every jail.
 */
bool	jt_accounts_is_base(const char *name, bool group);

/* An account moved by jt_accounts_renumber(). */
struct jt_acct_move {
	char		*name;
	bool		 group;		/* a group's gid; else a user's uid */
	uint32_t	 from, to;
};
struct jt_acct_moves {
	struct jt_acct_move *v;		/* in file order, groups first */
	size_t		 n;
};

/*
 * Move the kept accounts that are not the base's (jt_accounts_is_base)
 * and whose ids are 100 or more into first..first+count-1, each to the
 * lowest id of the range no kept account of its kind has, in file order;
 * uids and gids separately.  An id already in the range stays.  Users
 * whose primary group moved follow it; group members are names and stay.
 * Call after jt_accounts_keep().  *m gets the moves (free with
 * jt_acct_moves_free()).  A range without room for every move is
 * JT_EINVAL naming the first account that found none, and then m is
 * empty but a may be partly renumbered: do not render it.
 */
int	jt_accounts_renumber(struct jt_accounts *a, uint32_t first,
	    uint32_t count, struct jt_acct_moves *m, struct jt_err *err);
void	jt_acct_moves_free(struct jt_acct_moves *m);

/*
 * root's password field: "*" locks it, a crypt(3) hash sets it (hash is
 * copied as it is; jt_rootpw_check() in build.h checks one).
 */
int	jt_accounts_set_rootpw(struct jt_accounts *a, const char *hash,
	    struct jt_err *err);

/* The files jt_accounts_render() writes, in this order. */
enum {
	JT_ACCOUNTS_MASTER_PASSWD,	/* /etc/master.passwd 0600 */
	JT_ACCOUNTS_PASSWD,		/* /etc/passwd 0644, passwords "*" */
	JT_ACCOUNTS_GROUP,		/* /etc/group 0644 */
	JT_ACCOUNTS_PWD_DB,		/* /etc/pwd.db 0644, passwords "*" */
	JT_ACCOUNTS_SPWD_DB,		/* /etc/spwd.db 0600, real hashes */
	JT_ACCOUNTS_NFILES
};

struct jt_account_file {
	const char	*path;		/* root-relative, "/etc/pwd.db"; static */
	void		*data;		/* malloc'd, owned by the array */
	size_t		 len;
	mode_t		 mode;		/* owner root:wheel (0:0) */
};

/*
 * Render the kept accounts into out[JT_ACCOUNTS_NFILES], freed with
 * jt_account_files_free().  The three text files also have a NUL after
 * their len bytes.  Same input, same bytes.  On error out holds nothing
 * to free.
 */
int	jt_accounts_render(const struct jt_accounts *a,
	    struct jt_account_file out[JT_ACCOUNTS_NFILES], struct jt_err *err);
void	jt_account_files_free(struct jt_account_file out[JT_ACCOUNTS_NFILES]);

/*
 * Account lookups: the one reader of passwd(5), master.passwd(5),
 * group(5) and shadow(5) for the stages that ask about accounts (the
 * planner's owners, build's "user"/"group" checks and Linux pruning,
 * start's credentials, shrink's homes, verify).  Unlike
 * jt_accounts_parse() it is lenient, as the lookup functions of libc are:
 * a line it cannot use is skipped, never an error.  An entry is a line
 * whose first field is a name (not blank, not a "#" comment, not a NIS
 * "+"/"-" entry) followed by ':'; its numeric fields count only when
 * they are decimal numbers below 2^32-1.
 */
enum jt_acct_fmt {
	JT_ACCT_PASSWD,		/* /etc/passwd: name:pw:uid:gid:gecos:dir:shell */
	JT_ACCT_MASTER,		/* /etc/master.passwd: 10 fields */
	JT_ACCT_GROUP,		/* /etc/group: name:pw:gid:member,... */
	JT_ACCT_SHADOW		/* /etc/shadow: name:hash:... */
};

struct jt_acct {
	const char	*text;		/* the whole line, without "\n" */
	unsigned	 lineno;
	const char	*name;
	const char	*passwd;	/* "" when absent, as every string */
	bool		 has_id;	/* id is valid */
	unsigned long	 id;		/* uid; gid for a group */
	bool		 has_gid;	/* gid is valid (users) */
	unsigned long	 gid;		/* a user's primary group */
	const char	*class, *gecos, *dir, *shell;	/* users */
	const char *const *members;	/* a group's member list */
	size_t		 nmembers;
};

struct jt_acct_table;

/* Parse text (len bytes, no NUL needed) of the given format. */
int	jt_acct_parse(struct jt_acct_table **out, enum jt_acct_fmt fmt,
	    const char *text, size_t len, struct jt_err *err);
/*
 * Read the format's file (/etc/passwd, ...) of src.  An absent file is
 * JT_ENOENT (*out NULL); other read errors are returned as they are.
 */
int	jt_acct_read(struct jt_acct_table **out, struct jt_source *src,
	    enum jt_acct_fmt fmt, struct jt_err *err);
void	jt_acct_free(struct jt_acct_table *t);

/* The file's path ("/etc/passwd") for a format. */
const char *jt_acct_path(enum jt_acct_fmt fmt);
/* Entries in file order; t may be NULL (no entries). */
size_t	jt_acct_count(const struct jt_acct_table *t);
const struct jt_acct *jt_acct_at(const struct jt_acct_table *t, size_t i);
/* The first entry with this name, or with this valid id; NULL if none. */
const struct jt_acct *jt_acct_by_name(const struct jt_acct_table *t,
	    const char *name);
const struct jt_acct *jt_acct_by_id(const struct jt_acct_table *t,
	    unsigned long id);
/* Whether user is in group g's member list. */
bool	jt_acct_has_member(const struct jt_acct *g, const char *user);

#endif
