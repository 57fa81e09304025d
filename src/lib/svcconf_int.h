/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Private to the svcconf module: the per-call context every parser uses,
 * and the bounded readers (logical lines, words, tokens, globs inside the
 * root) they share.
 */
#ifndef JT_SVCCONF_INT_H
#define JT_SVCCONF_INT_H

#include <limits.h>
#include <stdbool.h>
#include <stddef.h>

#include "jailtrim/svcconf.h"
#include "util.h"

#define SC_MAX_DEPTH	16		/* nested includes */
#define SC_MAX_LINE	8192		/* one logical line or token */
#define SC_MAX_SIZE	(4 << 20)	/* one configuration file */
#define SC_MAX_GLOB	1024		/* matches of one pattern */
#define SC_MAX_FILES	2048		/* files read by one call */

/* One call's state.  Problems go to sc; the first hard error is kept. */
struct scx {
	struct jt_svcconf *sc;
	struct jt_source *src;
	enum jt_platform  plat;
	struct jt_err	 *err;
	struct jt_strv	  stack;	/* canonical paths being read */
	size_t		  nfiles;	/* files read so far */
	int		  rc;		/* first hard error (sticky) */
};

int	scx_init(struct scx *x, struct jt_svcconf *sc, struct jt_source *src,
	    enum jt_platform plat, struct jt_err *err);
/* Ends the call: x->rc, with err filled when it is an error. */
int	scx_fini(struct scx *x);

/* Out of memory: the call's hard error. */
void	scx_oom(struct scx *x);
void	scx_problem(struct scx *x, const char *file, int line,
	    const char *fmt, ...) __attribute__((format(printf, 4, 5)));
/* Something the service starts with, but should not: a key others read. */
void	scx_warning(struct scx *x, const char *file, int line,
	    const char *fmt, ...) __attribute__((format(printf, 4, 5)));
/*
 * A file that may hold a private key (a TLS key, a PEM bundle): when every
 * user can read it and it holds "PRIVATE KEY-----", a warning naming the
 * directive what at file:line.  A file of certificates alone is public.
 */
void	scx_key_mode(struct scx *x, const char *path, const char *what,
	    const char *file, int line);
/* Record a path (cleaned of "." and ".."), each once. */
void	scx_add(struct scx *x, const char *path, enum jt_svc_kind kind,
	    const char *why);

/*
 * jt_source_resolve() that keeps an I/O error of the source as the call's
 * hard error; e gets the details of any failure.
 */
int	scx_resolve(struct scx *x, const char *path, bool follow, char *out,
	    size_t len, struct jt_err *e);
/* jt_source_lstat() of path with symlinks followed (scx_resolve()). */
int	scx_stat(struct scx *x, const char *path, struct jt_stat *st,
	    struct jt_err *e);
/* The path exists (symlinks followed) and has type want (NONE: any). */
bool	scx_exists(struct scx *x, const char *path, enum jt_ftype want);
/*
 * Record path when it exists with the kind's type (a regular file for
 * FILE and OBJECT, a directory for DIR), else a problem saying what
 * needed it.  Returns true when found.
 */
bool	scx_need(struct scx *x, const char *path, enum jt_svc_kind kind,
	    const char *why, const char *file, int line);

/*
 * Open a configuration file named at file:line for parsing: resolve it,
 * refuse loops, nesting beyond SC_MAX_DEPTH and more than SC_MAX_FILES
 * files, read it (at most SC_MAX_SIZE bytes) and record it as a FILE
 * with why.  A missing file is a problem unless optional.  On 0, parse
 * buf and then call scx_close().
 */
int	scx_open(struct scx *x, const char *path, const char *why,
	    const char *file, int line, bool optional, const char **buf,
	    size_t *len);
void	scx_close(struct scx *x);

/* Does the word hold glob(3) magic? */
bool	has_glob(const char *s);
/*
 * Paths matching an absolute pattern (magic allowed in any component;
 * "*" does not match a leading "."), in sorted order, at most
 * SC_MAX_GLOB (a problem says when more were left out).
 */
int	scx_glob(struct scx *x, const char *pattern, struct jt_strv *out,
	    const char *file, int line);
/* Read the configuration file path, named at from:fromline for why. */
typedef void scx_file_fn(void *arg, const char *path, const char *why,
    const char *from, int fromline);

/*
 * An include directive: how a reader joins, names and reads what it
 * names.  file is called for each file with why "WHAT in FROM line N".
 */
struct scx_inc {
	const char	*what;		/* the directive: "include" */
	const char	*base;		/* a relative name is relative to it */
	const char	*nomatch;	/* the problem "WHAT PATH: NOMATCH"
					   when a glob matches nothing; NULL:
					   no error to the service */
	scx_file_fn	*file;
	void		*arg;
};

/*
 * The include of name at file:line: the file it names, or, when it holds
 * glob magic, each match in sorted order (scx_glob()), until x->rc.
 */
void	scx_include(struct scx *x, const struct scx_inc *inc, const char *name,
	    const char *file, int line);
/* The regular files under dir, recursively (depth bounded), sorted. */
int	scx_listdir(struct scx *x, const char *dir, struct jt_strv *out,
	    const char *file, int line);
/*
 * Highest N such that dir holds a name STEM + N, STEM matching the
 * fnmatch pattern stem ("libpam.so." finds libpam.so.5 -> 5); -1 if none.
 */
int	scx_highest_version(struct scx *x, const char *dir, const char *stem);

/* p if absolute, else base/p.  False when too long. */
bool	abs_join(char *out, size_t len, const char *base, const char *p);

/* Multiarch triplet of a glibc root, "" when it has none. */
const char *scx_triplet(struct scx *x);

/* --- logical lines --- */
struct lines {
	const char	*p, *end;
	int		 next;		/* number of the next physical line */
};

void	lines_init(struct lines *l, const char *buf, size_t len);
/*
 * The next logical line (backslash-newline joins lines when cont) into
 * buf, its first line number in *lineno.  1: a line; 0: the end; -1: the
 * line was longer than len (skipped).
 */
int	lines_next(struct lines *l, char *buf, size_t len, bool cont,
	    int *lineno);

#define W_HASH		0x1	/* "#" at the start of a word ends the line */
#define W_QUOTES	0x2	/* "..." and '...' are one word, unquoted */
#define W_BRACKETS	0x4	/* "[...]" is one word (Linux-PAM controls) */
/* Split s in place into at most max words; returns how many. */
size_t	split_words(char *s, char **w, size_t max, unsigned flags);

/* --- tokens (nginx, lighttpd, named) --- */
#define LX_HASH		0x1	/* # comment */
#define LX_SLASH2	0x2	/* // comment */
#define LX_CBLOCK	0x4	/* C comment */
#define LX_SQUOTE	0x8	/* '...' strings besides "..." */

enum tok_type {
	TK_EOF = 0,
	TK_WORD,
	TK_STRING,
	TK_PUNCT,
	TK_ERROR,		/* text says why */
};

struct token {
	enum tok_type	 type;
	const char	*text;		/* valid until the next lex_next() */
	int		 line;
};

struct lexer {
	const char	*p, *end;
	int		 line;
	unsigned	 flags;
	const char	*punct;		/* one-character tokens */
	const char *const *ops;		/* longer operators, NULL-terminated */
	char		 buf[SC_MAX_LINE];
};

void	lex_init(struct lexer *lx, const char *buf, size_t len,
	    unsigned flags, const char *punct, const char *const *ops);
void	lex_next(struct lexer *lx, struct token *t);

/* --- the NLnet Labs grammar (unbound.conf, nsd.conf; svcconf_unbound.c) --- */
enum nl_tok {
	NL_EOF = 0,
	NL_KEY,			/* "name:", text without the colon */
	NL_WORD,
	NL_STRING,		/* "..." or '...', unquoted */
	NL_LONG,		/* a token longer than SC_MAX_LINE */
	NL_OPEN,		/* a string not closed */
};

struct nlx {
	const char	*p, *end;
	int		 line;
	char		 buf[SC_MAX_LINE];
};

void	nl_init(struct nlx *nl, const char *buf, size_t len);
/* The next token; *text (nl's buffer) and *line are set unless NL_EOF. */
enum nl_tok nl_next(struct nlx *nl, char **text, int *line);
/* What NL_LONG or NL_OPEN means. */
const char *nl_error(enum nl_tok t);
/*
 * Walk buf (file's text) as "key: value ..." options until the end, a
 * token error or x->rc: option gets each key with its first value (the
 * one that names a file; the rest are not kept), clause a key with no
 * value ("server:"), both once the next keyword shows it complete.  A
 * value before any key is a problem; the rest of the file is not read.
 */
typedef void nl_option_fn(void *arg, const char *key, const char *val,
    const char *file, int line);
typedef void nl_clause_fn(void *arg, const char *key, const char *file,
    int line);
void	nl_options(struct scx *x, const char *buf, size_t len,
	    const char *file, nl_option_fn *option, nl_clause_fn *clause,
	    void *arg);

/*
 * The parsers, one file each: they record items and problems through x
 * and stop early once x->rc is set.  conf is absolute, or NULL for the
 * platform's default.
 */
void	sc_pam(struct scx *x, const char *service);	/* svcconf_pam.c */
void	sc_nss(struct scx *x, const char *unused);	/* svcconf_pam.c */
void	sc_httpd(struct scx *x, const char *conf);	/* svcconf_httpd.c */
void	sc_nginx(struct scx *x, const char *conf);	/* svcconf_httpd.c */
void	sc_lighttpd(struct scx *x, const char *conf);	/* svcconf_lighttpd.c */
void	sc_named(struct scx *x, const char *conf);	/* svcconf_named.c */
void	sc_postfix(struct scx *x, const char *conf);	/* svcconf_postfix.c */
void	sc_dovecot(struct scx *x, const char *conf);	/* svcconf_dovecot.c */
void	sc_unbound(struct scx *x, const char *conf);	/* svcconf_unbound.c */
void	sc_nsd(struct scx *x, const char *conf);	/* svcconf_nsd.c */
void	sc_postgresql(struct scx *x, const char *conf);	/* svcconf_postgresql.c */
/* PHP (svcconf_php.c): prog is php-cgi or php-fpm (symlinks followed). */
bool	sc_php_program(struct scx *x, const char *prog);
/* Its php.ini, scan directory and extensions; prog NULL: the default. */
void	sc_php(struct scx *x, const char *prog);	/* svcconf_php.c */

#endif
