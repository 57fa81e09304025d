/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * lighttpd configurations (lighttpd 1.4: src/configparser.y,
 * src/configfile.c config_parse_file(), config_parse_cmd(); src/plugin.c
 * plugins_load(); facts §1.9, §4.5):
 *   statements "key = value", "key += value", "key := value"; values are
 *   strings, integers, earlier keys ("var.x", "server.port"), arrays
 *   "( ... )", joined with "+";
 *   "include EXPR" reads a file, relative to the directory of the main
 *   configuration, with a glob (no match is fine);
 *   "include_shell EXPR" runs EXPR with /bin/sh -c at start-up and parses
 *   its output: not followed here, but what it needs is reported;
 *   "$HTTP[...] == ... { }", "else { }" and "global { }" blocks are
 *   taken as active;
 *   server.modules names "mod_x", loaded with dlopen() from the
 *   compiled-in module directory as mod_x.so.
 * configparser.y's details kept here: an array's element may be followed
 * by any number of commas ("aelements ::= aelements COMMA"), but an array
 * does not start with one; a key without a '.' is "var.KEY"; integer +
 * integer adds, string + integer joins; env.X is the environment at
 * start-up, unknown offline (what uses it is not followed).
 * What the configuration names is followed (lt_follow()): FastCGI/SCGI
 * bin-path programs and CGI interpreters with their closures,
 * certificates and keys (a key others can read is a warning), and the
 * directories lighttpd writes in (logs, pid file, uploads, caches).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "svcconf_int.h"

enum lv_type {
	LV_NONE = 0,		/* not known offline (env.X, unset keys);
				   s: the env.X it came from, or NULL */
	LV_STR,
	LV_ARR,
};

struct lval {
	enum lv_type	 t;
	char		*s;		/* LV_STR */
	bool		 num;		/* LV_STR holding an integer */
	struct jt_strv	 a;		/* LV_ARR: the plain string elements */
	struct jt_strv	 keys, vals;	/* LV_ARR: "key" => "string" pairs,
					   those of nested arrays too */
};

struct lighttpd {
	struct scx	*x;
	char		 basedir[PATH_MAX];	/* of the main configuration */
	struct jt_map	 vars;			/* key -> struct lval * */
};

/* One file being parsed: the token stream with one token of lookahead. */
struct lfile {
	struct lighttpd	*lt;
	const char	*path;
	struct lexer	*lx;
	struct token	 cur;
	char		*text;		/* copy of cur.text */
	bool		 bad;		/* syntax error: stop the file */
};

static scx_file_fn lt_file;

static void
lv_free(struct lval *v)
{
	free(v->s);
	strv_free(&v->a);
	strv_free(&v->keys);
	strv_free(&v->vals);
	memset(v, 0, sizeof(*v));
}

static void
lv_free_ptr(void *p)
{
	lv_free(p);
	free(p);
}

static void
advance(struct lfile *f)
{
	free(f->text);
	f->text = NULL;
	lex_next(f->lx, &f->cur);
	if (f->cur.type == TK_ERROR) {
		scx_problem(f->lt->x, f->path, f->cur.line, "%s; the rest of "
		    "the file was not read", f->cur.text);
		f->bad = true;
		f->cur.type = TK_EOF;
	}
	if ((f->text = strdup(f->cur.text)) == NULL) {
		scx_oom(f->lt->x);
		f->bad = true;
		f->cur.type = TK_EOF;
	}
}

static bool
is(const struct lfile *f, enum tok_type t, const char *text)
{
	return (f->cur.type == t && (text == NULL || strcmp(f->text, text) ==
	    0));
}

static void
syntax(struct lfile *f, const char *what)
{
	if (!f->bad)
		scx_problem(f->lt->x, f->path, f->cur.line, "%s near '%s'; "
		    "lighttpd refuses the file, the rest was not read", what,
		    f->cur.type == TK_EOF ? "end of file" : f->text);
	f->bad = true;
}

static bool
lv_str(struct lfile *f, struct lval *v, const char *s)
{
	v->t = LV_STR;
	if ((v->s = strdup(s)) == NULL) {
		scx_oom(f->lt->x);
		return (false);
	}
	return (true);
}

/* Append src's elements and pairs to dst's. */
static bool
lv_append(struct lfile *f, struct lval *dst, const struct lval *src)
{
	for (size_t i = 0; i < src->a.n; i++)
		if (strv_push(&dst->a, src->a.v[i]) != 0)
			goto oom;
	for (size_t i = 0; i < src->keys.n; i++)
		if (strv_push(&dst->keys, src->keys.v[i]) != 0 ||
		    strv_push(&dst->vals, src->vals.v[i]) != 0)
			goto oom;
	return (true);
oom:
	scx_oom(f->lt->x);
	return (false);
}

static bool
lv_copy(struct lfile *f, struct lval *dst, const struct lval *src)
{
	memset(dst, 0, sizeof(*dst));
	dst->t = src->t;
	dst->num = src->num;
	if (src->t == LV_STR)
		return (lv_str(f, dst, src->s));
	if (src->t == LV_NONE && src->s != NULL &&
	    (dst->s = strdup(src->s)) == NULL) {
		scx_oom(f->lt->x);
		return (false);
	}
	return (lv_append(f, dst, src));
}

/* a + b: strings join, arrays append (configparser.y "value PLUS"). */
static bool
lv_concat(struct lfile *f, struct lval *a, struct lval *b)
{
	/* unknown + anything is unknown, and keeps the env.X it came from */
	if (a->t == LV_NONE)
		return (true);
	if (b->t == LV_NONE) {
		lv_free(a);
		return (lv_copy(f, a, b));
	}
	if (a->t == LV_STR && b->t == LV_STR && a->num && b->num) {
		long long x = strtoll(a->s, NULL, 10), y = strtoll(b->s, NULL,
		    10), z;
		char sum[32];

		/* integer + integer adds (configparser_merge_data()) */
		if (__builtin_add_overflow(x, y, &z)) {
			syntax(f, "integer overflow");
			return (false);
		}
		snprintf(sum, sizeof(sum), "%lld", z);
		free(a->s);
		a->s = NULL;
		if (!lv_str(f, a, sum))
			return (false);
		a->num = true;
		return (true);
	}
	if (a->t == LV_STR && b->t == LV_STR) {
		size_t n = strlen(a->s) + strlen(b->s) + 1;
		char *s;

		a->num = false;

		if (n > SC_MAX_LINE || (s = malloc(n)) == NULL) {
			syntax(f, "string too long");
			return (false);
		}
		memcpy(s, a->s, strlen(a->s));
		memcpy(s + strlen(a->s), b->s, strlen(b->s) + 1);
		free(a->s);
		a->s = s;
		return (true);
	}
	if (a->t == LV_ARR && b->t == LV_ARR)
		return (lv_append(f, a, b));
	syntax(f, "cannot join a string and an array");
	return (false);
}

static bool lt_expr(struct lfile *f, struct lval *v);

static bool
lt_array(struct lfile *f, struct lval *v)
{
	struct lval e, k;

	v->t = LV_ARR;
	advance(f);				/* "(" */
	if (is(f, TK_PUNCT, ",")) {
		syntax(f, "an array starts with an element, not ','");
		return (false);
	}
	while (!f->bad && !is(f, TK_PUNCT, ")")) {
		memset(&e, 0, sizeof(e));
		/* a failed element may hold what it read before failing */
		if (!lt_expr(f, &e)) {
			lv_free(&e);
			return (false);
		}
		if (is(f, TK_PUNCT, "=>")) {	/* "key" => value */
			advance(f);
			memset(&k, 0, sizeof(k));
			if (!lt_expr(f, &k)) {
				lv_free(&k);
				lv_free(&e);
				return (false);
			}
			/* the pairs lt_follow() looks for, at any depth */
			if (e.t == LV_STR && k.t == LV_STR &&
			    (strv_push(&v->keys, e.s) != 0 ||
			    strv_push(&v->vals, k.s) != 0))
				scx_oom(f->lt->x);
			else if (k.t == LV_ARR)
				(void)lv_append(f, v, &(struct lval){ .keys =
				    k.keys, .vals = k.vals });
			lv_free(&k);
		} else if (e.t == LV_STR && strv_push(&v->a, e.s) != 0)
			scx_oom(f->lt->x);
		else if (e.t == LV_ARR)		/* (( ... )): its pairs */
			(void)lv_append(f, v, &(struct lval){ .keys = e.keys,
			    .vals = e.vals });
		lv_free(&e);
		if (!is(f, TK_PUNCT, ",") && !is(f, TK_PUNCT, ")")) {
			syntax(f, "expected ',' or ')' in an array");
			return (false);
		}
		/* "a", , "b" and "a", ) are lighttpd's too */
		while (is(f, TK_PUNCT, ","))
			advance(f);
	}
	if (f->bad)
		return (false);
	advance(f);				/* ")" */
	return (true);
}

/* A key as lighttpd stores it: one without a '.' is "var.KEY". */
static void
key_name(const char *word, char *out, size_t len)
{
	snprintf(out, len, "%s%s", strchr(word, '.') == NULL ? "var." : "",
	    word);
}

static bool
lt_value(struct lfile *f, struct lval *v)
{
	const struct lval *var;
	char key[256];

	memset(v, 0, sizeof(*v));
	if (is(f, TK_STRING, NULL)) {
		if (!lv_str(f, v, f->text))
			return (false);
		advance(f);
		return (true);
	}
	if (is(f, TK_PUNCT, "("))
		return (lt_array(f, v));
	if (!is(f, TK_WORD, NULL)) {
		syntax(f, "expected a value");
		return (false);
	}
	key_name(f->text, key, sizeof(key));
	if (f->text[strspn(f->text, "0123456789")] == '\0') {
		if (!lv_str(f, v, f->text))
			return (false);
		v->num = true;
	} else if ((var = map_get(&f->lt->vars, key)) != NULL) {
		if (!lv_copy(f, v, var))
			return (false);
	} else if (strncmp(key, "env.", 4) != 0) {
		/* lighttpd refuses it: "Undefined config variable" */
		scx_problem(f->lt->x, f->path, f->cur.line, "%s: not set "
		    "before it is used; lighttpd refuses the file", f->text);
	} else if ((v->s = strdup(key)) == NULL) {
		/* env.X: the environment at start-up, not known here */
		scx_oom(f->lt->x);
		return (false);
	}
	advance(f);
	return (true);
}

static bool
lt_expr(struct lfile *f, struct lval *v)
{
	struct lval b;

	if (!lt_value(f, v))
		return (false);
	while (is(f, TK_PUNCT, "+")) {
		advance(f);
		if (!lt_value(f, &b) || !lv_concat(f, v, &b)) {
			lv_free(&b);
			lv_free(v);
			return (false);
		}
		lv_free(&b);
	}
	return (true);
}

enum follow {
	F_LOG,		/* a log file, or "|program" */
	F_PARENT,	/* a file lighttpd writes: its directory */
	F_PLACE,	/* directories lighttpd writes in */
	F_FILE,		/* a file it reads (certificates) */
	F_KEY,		/* one that may hold a private key */
	F_PROGRAM,	/* FastCGI/SCGI: each bin-path program */
	F_INTERP,	/* cgi.assign: each interpreter */
};

static const struct {
	const char	*key;
	enum follow	 how;
} follows[] = {
	{ "server.errorlog", F_LOG },
	{ "server.breakagelog", F_LOG },
	{ "accesslog.filename", F_LOG },
	{ "server.pid-file", F_PARENT },
	{ "server.upload-dirs", F_PLACE },
	{ "deflate.cache-dir", F_PLACE },
	{ "compress.cache-dir", F_PLACE },
	{ "ssl.pemfile", F_KEY },
	{ "ssl.privkey", F_KEY },
	{ "ssl.ca-file", F_FILE },
	{ "ssl.ca-dn-file", F_FILE },
	{ "ssl.ca-crl-file", F_FILE },
	{ "ssl.dh-file", F_FILE },
	{ "fastcgi.server", F_PROGRAM },
	{ "scgi.server", F_PROGRAM },
	{ "cgi.assign", F_INTERP },
};

/* The program of a command line: its first word, when absolute. */
static void
program(struct lfile *f, const char *cmd, const char *why, int line)
{
	char prog[PATH_MAX];
	size_t n;

	cmd += strspn(cmd, " \t");
	n = strcspn(cmd, " \t");
	if (n == 0 || n >= sizeof(prog))
		return;
	memcpy(prog, cmd, n);
	prog[n] = '\0';
	if (prog[0] != '/') {
		scx_problem(f->lt->x, f->path, line, "%s: '%s' is not an "
		    "absolute path; not followed", why, prog);
		return;
	}
	if (scx_need(f->lt->x, prog, JT_SVC_OBJECT, why, f->path, line) &&
	    sc_php_program(f->lt->x, prog))
		sc_php(f->lt->x, prog);		/* its php.ini, extensions */
}

/* The directory of an absolute file path, needed as a place to write. */
static void
parent(struct lfile *f, const char *path, const char *why, int line)
{
	char dir[PATH_MAX];

	if (path[0] != '/')
		return;		/* relative to server.chroot and such: not here */
	path_dirname(dir, sizeof(dir), path);
	(void)scx_need(f->lt->x, dir, JT_SVC_PLACE, why, f->path, line);
}

/* A path made from env.X: lighttpd's at start-up, not ours. */
static void
unknown(struct lfile *f, const char *what, const struct lval *v, int line)
{
	scx_problem(f->lt->x, f->path, line, "%s: made from %s, the "
	    "environment lighttpd starts with, not known here; not followed",
	    what, v->s);
}

/* What key = v names, as lighttpd uses it at start-up. */
static void
lt_follow(struct lfile *f, const char *key, const struct lval *v, int line)
{
	struct scx *x = f->lt->x;
	char why[PATH_MAX + 128];
	size_t k;
	bool spawns = false;

	for (k = 0; k < sizeof(follows) / sizeof(follows[0]); k++)
		if (strcmp(key, follows[k].key) == 0)
			break;
	if (k == sizeof(follows) / sizeof(follows[0]))
		return;
	if (v->t == LV_NONE) {
		if (v->s != NULL)
			unknown(f, key, v, line);
		return;
	}
	snprintf(why, sizeof(why), "%s in %s line %d", key, f->path, line);
	switch (follows[k].how) {
	case F_LOG:
		if (v->t == LV_STR && v->s[0] == '|')
			program(f, v->s + 1, why, line);
		else if (v->t == LV_STR)
			parent(f, v->s, why, line);
		break;
	case F_PARENT:
		if (v->t == LV_STR)
			parent(f, v->s, why, line);
		break;
	case F_PLACE:
		if (v->t == LV_STR)
			(void)scx_need(x, v->s, JT_SVC_PLACE, why, f->path,
			    line);
		for (size_t i = 0; v->t == LV_ARR && i < v->a.n; i++)
			(void)scx_need(x, v->a.v[i], JT_SVC_PLACE, why,
			    f->path, line);
		break;
	case F_FILE:
	case F_KEY:
		if (v->t != LV_STR || !scx_need(x, v->s, JT_SVC_FILE, why,
		    f->path, line))
			break;
		if (follows[k].how == F_KEY)
			scx_key_mode(f->lt->x, v->s, key, f->path, line);
		break;
	case F_PROGRAM:
		for (size_t i = 0; i < v->keys.n; i++)
			if (strcmp(v->keys.v[i], "bin-path") == 0) {
				snprintf(why, sizeof(why), "%s bin-path in %s "
				    "line %d", key, f->path, line);
				program(f, v->vals.v[i], why, line);
				spawns = true;
			}
		/* lighttpd makes the socket of a program it spawns */
		for (size_t i = 0; spawns && i < v->keys.n; i++)
			if (strcmp(v->keys.v[i], "socket") == 0) {
				snprintf(why, sizeof(why), "%s socket in %s "
				    "line %d", key, f->path, line);
				parent(f, v->vals.v[i], why, line);
			}
		break;
	case F_INTERP:
		/* ".cgi" => "": the script runs itself (its #! is its own) */
		for (size_t i = 0; i < v->keys.n; i++)
			if (v->vals.v[i][0] != '\0')
				program(f, v->vals.v[i], why, line);
		break;
	}
}

static void
lt_assign(struct lfile *f, const char *key, const char *op, struct lval *v,
    int line)
{
	struct lval *old = map_get(&f->lt->vars, key), *nv;
	char why[PATH_MAX + 64];

	/* what this assignment adds (conditional ones too) is needed */
	lt_follow(f, key, v, line);
	if (strcmp(op, "+=") == 0 && old != NULL) {
		if ((nv = calloc(1, sizeof(*nv))) == NULL) {
			scx_oom(f->lt->x);
			return;
		}
		if (!lv_copy(f, nv, old) || !lv_concat(f, nv, v)) {
			lv_free_ptr(nv);
			return;
		}
	} else {
		if ((nv = calloc(1, sizeof(*nv))) == NULL) {
			scx_oom(f->lt->x);
			return;
		}
		*nv = *v;
		memset(v, 0, sizeof(*v));
	}
	if (old != NULL)
		lv_free_ptr(old);
	if (map_put(&f->lt->vars, key, nv) != 0) {
		lv_free_ptr(nv);
		scx_oom(f->lt->x);
		return;
	}
	/* Each document root, conditional ones too. */
	if (strcmp(key, "server.document-root") == 0 && nv->t == LV_STR) {
		snprintf(why, sizeof(why), "server.document-root in %s line %d",
		    f->path, line);
		(void)scx_need(f->lt->x, nv->s, JT_SVC_DIR, why, f->path,
		    line);
	}
}

/* include_shell: what running the command needs; its output is unknown. */
static void
lt_shell(struct lfile *f, const char *cmd, int line)
{
	char prog[PATH_MAX], why[PATH_MAX + 64];
	size_t n = strcspn(cmd, " \t");

	snprintf(why, sizeof(why), "include_shell in %s line %d", f->path,
	    line);
	(void)scx_need(f->lt->x, "/bin/sh", JT_SVC_OBJECT, why, f->path, line);
	if (cmd[0] == '/' && n < sizeof(prog)) {
		memcpy(prog, cmd, n);
		prog[n] = '\0';
		(void)scx_need(f->lt->x, prog, JT_SVC_OBJECT, why, f->path,
		    line);
	}
	/*
	 * Its output (more configuration) is not followed: it is computed at
	 * start-up inside the jail.  What the command itself loads beyond its
	 * closure (perl's modules) is for the profile to name.
	 */
}

static void
lt_include(struct lfile *f, const char *arg, int line)
{
	const struct scx_inc inc = { .what = "include",
	    .base = f->lt->basedir, .nomatch = NULL, .file = lt_file,
	    .arg = f->lt };

	scx_include(f->lt->x, &inc, arg, f->path, line);
}

static void
lt_statement(struct lfile *f, int *depth)
{
	char key[256], op[4];
	struct lval v = { 0 };
	int line = f->cur.line;
	bool shell;

	if (is(f, TK_PUNCT, "}") && *depth > 0) {
		(*depth)--;
		advance(f);
		return;
	}
	if (!is(f, TK_WORD, NULL)) {
		syntax(f, "expected a statement");
		return;
	}
	if (f->text[0] == '$' || strcmp(f->text, "else") == 0 ||
	    strcmp(f->text, "global") == 0) {
		/* A condition: its block counts as active. */
		while (!f->bad && f->cur.type != TK_EOF &&
		    !is(f, TK_PUNCT, "{"))
			advance(f);
		if (!is(f, TK_PUNCT, "{")) {
			syntax(f, "expected '{' after a condition");
			return;
		}
		(*depth)++;
		advance(f);
		return;
	}
	if ((shell = strcmp(f->text, "include_shell") == 0) ||
	    strcmp(f->text, "include") == 0) {
		advance(f);
		if (lt_expr(f, &v) && v.t == LV_NONE && v.s != NULL)
			unknown(f, shell ? "include_shell" : "include", &v,
			    line);
		else if (v.t == LV_STR) {
			if (shell)
				lt_shell(f, v.s, line);
			else
				lt_include(f, v.s, line);
		}
		lv_free(&v);
		return;
	}
	key_name(f->text, key, sizeof(key));
	advance(f);
	if (!is(f, TK_PUNCT, "=") && !is(f, TK_PUNCT, "+=") &&
	    !is(f, TK_PUNCT, ":=")) {
		syntax(f, "expected '=', '+=' or ':='");
		return;
	}
	snprintf(op, sizeof(op), "%s", f->text);
	advance(f);
	if (lt_expr(f, &v))
		lt_assign(f, key, op, &v, line);
	lv_free(&v);
}

static void
lt_file(void *arg, const char *path, const char *why,
    const char *from, int fromline)
{
	static const char *const ops[] = { "+=", ":=", "==", "!=", "=~", "!~",
	    "=^", "=$", "=>", NULL };
	struct lighttpd *lt = arg;
	struct lfile f = { .lt = lt, .path = path };
	const char *buf;
	size_t len;
	int depth = 0;

	if (scx_open(lt->x, path, why, from, fromline, false, &buf, &len) != 0)
		return;
	if ((f.lx = malloc(sizeof(*f.lx))) == NULL) {
		scx_oom(lt->x);
		goto out;
	}
	lex_init(f.lx, buf, len, LX_HASH, "(){}[],=+", ops);
	advance(&f);
	while (!f.bad && f.cur.type != TK_EOF && lt->x->rc == 0)
		lt_statement(&f, &depth);
	if (!f.bad && depth > 0)
		syntax(&f, "unclosed '{'");
out:
	free(f.text);
	free(f.lx);
	scx_close(lt->x);
}

/*
 * A module built into the binary exports its mod_x_plugin_init (lighttpd
 * is linked with -rdynamic for its modules), so the name is in .dynstr.
 */
static bool
builtin(struct scx *x, const char *bin, const char *mod)
{
	char sym[NAME_MAX + 32], real[PATH_MAX];
	struct jt_err e;
	void *data;
	size_t len;

	snprintf(sym, sizeof(sym), "%s_plugin_init", mod);
	return (scx_resolve(x, bin, true, real, sizeof(real), &e) == 0 &&
	    jt_source_read(x->src, real, &data, &len, &e) == 0 &&
	    memmem(data, len, sym, strlen(sym) + 1) != NULL);
}

static void
lt_modules(struct lighttpd *lt, const char *conf)
{
	/* server.compat-module-load adds these unless disabled. */
	static const char *const implicit[] = { "mod_indexfile",
	    "mod_dirlisting", "mod_staticfile" };
	bool fbsd = lt->x->plat == JT_PLAT_FREEBSD;
	const char *dir = fbsd ? "/usr/local/lib/lighttpd" :
	    "/usr/lib/lighttpd";
	const char *bin = fbsd ? "/usr/local/sbin/lighttpd" :
	    "/usr/sbin/lighttpd";
	const struct lval *mods = map_get(&lt->vars, "server.modules");
	const struct lval *compat = map_get(&lt->vars,
	    "server.compat-module-load");
	char path[PATH_MAX], why[PATH_MAX + 64];
	struct jt_strv all = { 0 };
	size_t listed;

	if (mods != NULL && mods->t == LV_ARR)
		for (size_t i = 0; i < mods->a.n; i++)
			if (strv_push_uniq(&all, mods->a.v[i]) != 0)
				scx_oom(lt->x);
	listed = all.n;
	if (compat == NULL || compat->t != LV_STR ||
	    strcmp(compat->s, "disable") != 0)
		for (size_t i = 0; i < 3; i++)
			if (strv_push_uniq(&all, implicit[i]) != 0)
				scx_oom(lt->x);
	for (size_t i = 0; i < all.n && lt->x->rc == 0; i++) {
		const char *m = all.v[i];

		if (strchr(m, '/') != NULL || snprintf(path, sizeof(path),
		    "%s/%s.so", dir, m) >= (int)sizeof(path)) {
			scx_problem(lt->x, conf, 0, "server.modules: '%s' is "
			    "not a module name", m);
			continue;
		}
		snprintf(why, sizeof(why), "%s in server.modules", m);
		if (scx_exists(lt->x, path, JT_FT_REG))
			scx_add(lt->x, path, JT_SVC_OBJECT, why);
		else if (i < listed && !builtin(lt->x, bin, m))
			scx_problem(lt->x, conf, 0, "lighttpd module %s: %s "
			    "is not in the source and %s does not have it "
			    "built in", m, path, bin);
	}
	strv_free(&all);
}

void
sc_lighttpd(struct scx *x, const char *conf)
{
	struct lighttpd lt = { .x = x };

	if (conf == NULL)
		conf = x->plat == JT_PLAT_FREEBSD ?
		    "/usr/local/etc/lighttpd/lighttpd.conf" :
		    "/etc/lighttpd/lighttpd.conf";
	path_dirname(lt.basedir, sizeof(lt.basedir), conf);
	lt_file(&lt, conf, "lighttpd configuration", NULL, 0);
	if (x->rc == 0 && scx_exists(x, conf, JT_FT_REG))
		lt_modules(&lt, conf);
	map_each(&lt.vars, lv_free_ptr);
	map_free(&lt.vars);
}
