/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Private to the accounts module (accounts.c parses and selects,
 * accounts_render.c writes): the parsed lines and FreeBSD's constants.
 */
#ifndef JT_ACCOUNTS_INT_H
#define JT_ACCOUNTS_INT_H

#include <stdbool.h>
#include <stdint.h>

#include "util.h"

#define MASTER_PATH	"/etc/master.passwd"
#define PASSWD_PATH	"/etc/passwd"
#define GROUP_PATH	"/etc/group"
#define PWD_DB_PATH	"/etc/pwd.db"
#define SPWD_DB_PATH	"/etc/spwd.db"

/*
 * pwd_mkdb reads lines into char line[LINE_MAX] (2048 on FreeBSD) and
 * rejects one of LINE_MAX - 1 bytes or more ("line #%d too long").
 */
#define PWD_LINE_MAX	2048
/*
 * MAXLOGNAME (sys/param.h, 33 since 9.0) counts the NUL; pwd_mkdb -C
 * and pw(8) refuse longer names, and setlogin(2) cannot take them.  It
 * also keeps every database record well inside one hash page.
 */
#define MAXLOGNAME	33
#define UID_MAX		UINT32_MAX	/* uid_t and gid_t are 32-bit */

/* src:include/pwd.h's _PW_*, _PWD_* and _PWF_*, without the underscore. */
#define PW_KEYBYNAME		'\x31'
#define PW_KEYBYNUM		'\x32'
#define PW_KEYBYUID		'\x33'
#define PW_KEYYPENABLED	'\x34'
#define PW_KEYYPBYNUM		'\x35'
#define PW_VERSIONED(x, v)	((unsigned char)(((x) & 0xCF) | ((v) << 4)))
#define PWD_VERSION_KEY	"\xFF" "VERSION"
#define PWD_CURRENT_VERSION	4
#define PWF_NAME	(1u << 0)
#define PWF_PASSWD	(1u << 1)
#define PWF_UID	(1u << 2)
#define PWF_GID	(1u << 3)
#define PWF_CHANGE	(1u << 4)
#define PWF_CLASS	(1u << 5)
#define PWF_GECOS	(1u << 6)
#define PWF_DIR	(1u << 7)
#define PWF_SHELL	(1u << 8)
#define PWF_EXPIRE	(1u << 9)

/* The ten fields of a master.passwd line, in order. */
enum { F_NAME, F_PASSWD, F_UID, F_GID, F_CLASS, F_CHANGE, F_EXPIRE,
	F_GECOS, F_DIR, F_SHELL, NPWFIELDS };

struct pwline {
	const char	*text;		/* the line as read, without "\n" */
	unsigned	 lineno;
	bool		 comment;	/* blank or "#" after blanks */
	bool		 nis;		/* "+..." / "-..." compat entry */
	bool		 keep;
	char		*f[NPWFIELDS];
	uint32_t	 uid, gid, change, expire, fields;
};

struct grline {
	const char	*text;
	unsigned	 lineno;
	bool		 comment;
	bool		 nis;
	bool		 keep;
	char		*name, *passwd, *gidstr;
	uint32_t	 gid;
	struct jt_strv	 mem;
};

struct jt_accounts {
	struct jt_arena	 arena;
	struct pwline	*pw;
	size_t		 npw;
	struct grline	*gr;
	size_t		 ngr;
	bool		 selected;	/* jt_accounts_keep() succeeded */
};

static inline bool
is_user(const struct pwline *p)
{
	return (!p->comment && !p->nis);
}

static inline bool
is_group(const struct grline *g)
{
	return (!g->comment && !g->nis);
}

#endif
