/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * rc.conf read as rc.subr's load_rc_config would source it: a small
 * evaluator of the shell that rc.conf files are made of (assignments,
 * quoting, parameter expansion, ". FILE"), nothing executed.  See
 * jailtrim/rcconf.h for what is approximated.
 */
#include <ctype.h>
#include <fnmatch.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "jailtrim/rcconf.h"
#include "util.h"

#define RC_VALUE_MAX	(64 * 1024)	/* longer values are not applied */
#define RC_DEPTH_MAX	8		/* ". FILE" nesting */
#define RC_FILES_MAX	256

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
};

/* A growing string; a value past RC_VALUE_MAX marks it bad. */
struct sbuf {
	char	*s;
	size_t	 n, cap;
	bool	 bad;			/* too long, or a command substitution */
	bool	 nomem;
};

/* The evaluation of one file. */
struct ev {
	struct jt_rcconf *rc;
	struct jt_source *src;
	const char	*p, *end;
	size_t		 fidx;
	int		 line;
	int		 depth;		/* of ". FILE" */
	int		 nest;		/* if/case/for/while/{ open */
	int		 func;		/* nest at which a function body began, -1 */
	bool		 stock;		/* /etc/defaults/rc.conf: its branches are
					   known, not counted as uncertain */
	int		 status;	/* first hard error */
};

static void
sb_putc(struct sbuf *b, char c)
{
	if (b->nomem || b->bad)
		return;
	if (b->n + 2 > b->cap) {
		size_t cap = b->cap ? b->cap * 2 : 64;
		char *s;

		if (cap > RC_VALUE_MAX) {
			b->bad = true;
			return;
		}
		if ((s = realloc(b->s, cap)) == NULL) {
			b->nomem = true;
			return;
		}
		b->s = s;
		b->cap = cap;
	}
	b->s[b->n++] = c;
	b->s[b->n] = '\0';
}

static void
sb_puts(struct sbuf *b, const char *s)
{
	while (*s != '\0')
		sb_putc(b, *s++);
}

static const char *
sb_str(const struct sbuf *b)
{
	return (b->s != NULL ? b->s : "");
}

static void
uncertain(struct ev *e, int line, const char *what)
{
	struct jt_rcconf *rc = e->rc;

	if (e->stock)
		return;
	if (rc->nuncertain++ == 0)
		(void)snprintf(rc->uncertain, sizeof(rc->uncertain),
		    "%s:%d: %s", rc->files.v[e->fidx], line, what);
}

static const char *
var_get(const struct jt_rcconf *rc, const char *name, size_t n)
{
	const struct rcval *v = map_getn(&rc->vars, name, n);

	return (v != NULL ? v->value : NULL);
}

static int
var_set(struct jt_rcconf *rc, const char *name, const char *value,
    size_t fidx, int line)
{
	struct rcval *v = map_get(&rc->vars, name), *nv;
	char *s;

	if ((s = strdup(value)) == NULL)
		return (JT_ENOMEM);
	if (v != NULL) {
		free(v->value);
		*v = (struct rcval){ s, fidx, line };
		return (0);
	}
	if ((nv = malloc(sizeof(*nv))) == NULL) {
		free(s);
		return (JT_ENOMEM);
	}
	*nv = (struct rcval){ s, fidx, line };
	if (map_put(&rc->vars, name, nv) != 0) {
		free(s);
		free(nv);
		return (JT_ENOMEM);
	}
	return (0);
}

static bool
namech(int c, bool first)
{
	return (c == '_' || isalpha(c) || (!first && isdigit(c)));
}

/* Skip blanks and backslash-newline continuations. */
static void
skip_blanks(struct ev *e)
{
	while (e->p < e->end) {
		if (*e->p == ' ' || *e->p == '\t')
			e->p++;
		else if (*e->p == '\\' && e->p + 1 < e->end && e->p[1] == '\n') {
			e->p += 2;
			e->line++;
		} else
			break;
	}
}

static void word(struct ev *e, struct sbuf *out, bool in_brace, bool dq);

/* ${v%p} and friends: cut the shortest/longest suffix/prefix matching p. */
static void
trim(struct sbuf *out, const char *v, const char *op, const char *pat)
{
	size_t len = strlen(v), i, keep_from = 0, keep_to = len;
	bool suffix = op[0] == '%', longest = op[1] == op[0];
	char *tmp;

	if ((tmp = strdup(v)) == NULL) {
		out->nomem = true;
		return;
	}
	for (size_t k = 0; k <= len; k++) {
		/* suffix: try start i; prefix: try length i */
		i = suffix ? (longest ? k : len - k) : (longest ? len - k : k);
		if (suffix) {
			if (fnmatch(pat, v + i, 0) == 0) {
				keep_to = i;
				break;
			}
		} else {
			memcpy(tmp, v, i);
			tmp[i] = '\0';
			if (fnmatch(pat, tmp, 0) == 0) {
				keep_from = i;
				break;
			}
		}
	}
	for (i = keep_from; i < keep_to; i++)
		sb_putc(out, v[i]);
	free(tmp);
}

/* After "${": name, an operator and a word, to the closing brace. */
static void
brace_expand(struct ev *e, struct sbuf *out)
{
	const char *name = e->p, *v, *ops[] = { ":-", ":=", ":+", "%%", "##",
	    "-", "=", "+", "%", "#" };
	struct sbuf arg = { 0 };
	const char *op = NULL;
	char nm[128];
	size_t n;

	if (e->p < e->end && namech((unsigned char)*e->p, true))
		while (e->p < e->end && namech((unsigned char)*e->p, false))
			e->p++;
	else if (e->p < e->end && strchr("@*#?$!-0123456789", *e->p) != NULL)
		e->p++;			/* positional or special: unset here */
	n = (size_t)(e->p - name);
	if (n == 0 || n >= sizeof(nm)) {
		out->bad = true;	/* ${#v}, ${!v}: not rc.conf's */
		n = 0;
	}
	memcpy(nm, name, n);
	nm[n] = '\0';
	for (size_t i = 0; i < sizeof(ops) / sizeof(ops[0]); i++)
		if ((size_t)(e->end - e->p) >= strlen(ops[i]) &&
		    memcmp(e->p, ops[i], strlen(ops[i])) == 0) {
			op = ops[i];
			e->p += strlen(op);
			break;
		}
	if (op != NULL)
		word(e, &arg, true, false);
	if (e->p < e->end && *e->p == '}')
		e->p++;
	else
		out->bad = true;
	v = namech((unsigned char)nm[0], true) ? var_get(e->rc, nm, n) : NULL;
	if (arg.bad)
		out->bad = true;
	if (op == NULL)
		sb_puts(out, v != NULL ? v : "");
	else if (op[0] == '%' || op[0] == '#')
		trim(out, v != NULL ? v : "", op, sb_str(&arg));
	else {
		bool colon = op[0] == ':';
		bool set = v != NULL && (!colon || *v != '\0');
		char c = op[colon ? 1 : 0];

		if (c == '+')
			sb_puts(out, set ? sb_str(&arg) : "");
		else if (set)
			sb_puts(out, v);
		else {
			sb_puts(out, sb_str(&arg));
			if (c == '=' && namech((unsigned char)nm[0], true) &&
			    !arg.bad && var_set(e->rc, nm, sb_str(&arg),
			    e->fidx, e->line) != 0)
				out->nomem = true;
		}
	}
	free(arg.s);
}

/* At "$": an expansion, or a literal "$". */
static void
dollar(struct ev *e, struct sbuf *out)
{
	const char *s;

	e->p++;
	if (e->p >= e->end) {
		sb_putc(out, '$');
		return;
	}
	if (*e->p == '{') {
		e->p++;
		brace_expand(e, out);
	} else if (*e->p == '(') {
		out->bad = true;	/* $(cmd) or $((expr)): not evaluated */
		for (int depth = 0; e->p < e->end; e->p++) {
			if (*e->p == '(')
				depth++;
			else if (*e->p == ')' && --depth == 0) {
				e->p++;
				break;
			} else if (*e->p == '\n')
				e->line++;
		}
	} else if (namech((unsigned char)*e->p, true)) {
		for (s = e->p; e->p < e->end &&
		    namech((unsigned char)*e->p, false); e->p++)
			;
		s = var_get(e->rc, s, (size_t)(e->p - s));
		sb_puts(out, s != NULL ? s : "");
	} else if (strchr("@*#?$!-0123456789", *e->p) != NULL)
		e->p++;
	else
		sb_putc(out, '$');
}

/*
 * One word from e->p into out: quotes removed, expansions done.  Stops at
 * an unquoted blank, newline or operator, or at "}" when in_brace; dq when
 * called inside double quotes (stops at the closing quote).
 */
static void
word(struct ev *e, struct sbuf *out, bool in_brace, bool dq)
{
	while (e->p < e->end) {
		char c = *e->p;

		if (dq && c == '"')
			return;
		if (!dq && (c == ' ' || c == '\t' || c == '\n' ||
		    strchr(";&|()<>", c) != NULL))
			return;
		if (in_brace && !dq && c == '}')
			return;
		if (c == '\\') {
			if (e->p + 1 >= e->end) {
				e->p++;
				continue;
			}
			if (e->p[1] == '\n') {
				e->p += 2;
				e->line++;
				continue;
			}
			if (!dq || strchr("$`\"\\", e->p[1]) != NULL) {
				sb_putc(out, e->p[1]);
				e->p += 2;
			} else
				sb_putc(out, *e->p++);
		} else if (c == '\'' && !dq) {
			for (e->p++; e->p < e->end && *e->p != '\''; e->p++) {
				if (*e->p == '\n')
					e->line++;
				sb_putc(out, *e->p);
			}
			if (e->p < e->end)
				e->p++;
		} else if (c == '"' && !dq) {
			e->p++;
			word(e, out, false, true);
			if (e->p < e->end)
				e->p++;
		} else if (c == '$')
			dollar(e, out);
		else if (c == '`') {
			out->bad = true;
			for (e->p++; e->p < e->end && *e->p != '`'; e->p++)
				if (*e->p == '\n')
					e->line++;
			if (e->p < e->end)
				e->p++;
		} else {
			if (c == '\n')
				e->line++;
			sb_putc(out, c);
			e->p++;
		}
	}
}

static bool
reserved(const char *w)
{
	static const char *const r[] = { "if", "then", "else", "elif", "fi",
	    "do", "done", "while", "until", "for", "case", "esac", "{", "}",
	    "!", "in" };

	for (size_t i = 0; i < sizeof(r) / sizeof(r[0]); i++)
		if (strcmp(w, r[i]) == 0)
			return (true);
	return (false);
}

static int source_file(struct jt_rcconf *rc, struct jt_source *src,
    const char *path, int depth, struct jt_err *err);

/* A reserved word at a command's start: keep track of the nesting. */
static void
compound(struct ev *e, const char *w)
{
	if (strcmp(w, "if") == 0 || strcmp(w, "case") == 0 ||
	    strcmp(w, "for") == 0 || strcmp(w, "while") == 0 ||
	    strcmp(w, "until") == 0 || strcmp(w, "{") == 0)
		e->nest++;
	else if ((strcmp(w, "fi") == 0 || strcmp(w, "esac") == 0 ||
	    strcmp(w, "done") == 0 || strcmp(w, "}") == 0) && e->nest > 0) {
		e->nest--;
		if (e->func >= 0 && e->nest <= e->func)
			e->func = -1;
	}
}

/*
 * One simple command, from e->p to its end.  after_parens: the command
 * before was "name ( )", so a "{" here opens a function body, which is
 * not run.
 */
static void
command(struct ev *e, bool after_parens, struct jt_err *err)
{
	struct sbuf w = { 0 };
	char name[128];
	bool first = true, words = false, special = false, declare = false;
	char *dot = NULL;
	int at;

	for (;;) {
		const char *start, *q;

		skip_blanks(e);
		if (e->p >= e->end || *e->p == '\n' || strchr(";&|()", *e->p))
			break;
		if (*e->p == '#') {
			while (e->p < e->end && *e->p != '\n')
				e->p++;
			break;
		}
		if (*e->p == '<' || *e->p == '>') {
			while (e->p < e->end && strchr("<>&", *e->p))
				e->p++;
			words = true;	/* a redirection: a command, not ours */
			continue;
		}
		start = e->p;
		/* NAME= before the command word: an assignment */
		for (q = start; q < e->end && namech((unsigned char)*q,
		    q == start); q++)
			;
		if ((!words || declare) && q > start && q < e->end &&
		    *q == '=' &&
		    (size_t)(q - start) < sizeof(name)) {
			at = e->line;
			memcpy(name, start, (size_t)(q - start));
			name[q - start] = '\0';
			e->p = q + 1;
			w.n = 0;
			w.bad = false;
			if (w.s != NULL)
				w.s[0] = '\0';
			word(e, &w, false, false);
			if (w.nomem)
				break;
			if (e->func >= 0)
				;	/* a function body: not run here */
			else if (w.bad)
				uncertain(e, at, "a value not evaluated "
				    "(command substitution or too long)");
			else {
				if (e->nest > 0)
					uncertain(e, at, "an assignment inside "
					    "a conditional or loop");
				if (var_set(e->rc, name, sb_str(&w), e->fidx,
				    at) != 0)
					w.nomem = true;
			}
			first = false;
			continue;
		}
		w.n = 0;
		w.bad = false;
		if (w.s != NULL)
			w.s[0] = '\0';
		word(e, &w, false, false);
		if (w.nomem)
			break;
		if (first && !words && reserved(sb_str(&w))) {
			if (after_parens && e->func < 0 &&
			    strcmp(sb_str(&w), "{") == 0)
				e->func = e->nest;
			compound(e, sb_str(&w));
			continue;	/* the command after it starts here */
		}
		if (!words) {
			special = strcmp(sb_str(&w), ".") == 0 ||
			    strcmp(sb_str(&w), "source") == 0;
			declare = strcmp(sb_str(&w), "export") == 0 ||
			    strcmp(sb_str(&w), "readonly") == 0;
		} else if (special && dot == NULL && !w.bad &&
		    (dot = strdup(sb_str(&w))) == NULL)
			w.nomem = true;
		words = true;
		first = false;
	}
	if (w.nomem && e->status == 0)
		e->status = jt_err_set(err, JT_ENOMEM, 0, NULL, "rc.conf");
	if (dot != NULL && e->func < 0 && e->status == 0) {
		if (dot[0] != '/')
			uncertain(e, e->line, "\". FILE\" with a "
			    "relative path");
		else {
			int rc = source_file(e->rc, e->src, dot, e->depth + 1,
			    err);

			if (rc != 0 && rc != JT_ENOENT && rc != JT_ENOTDIR)
				e->status = rc;
		}
	}
	free(dot);
	free(w.s);
}

static void
run(struct ev *e, struct jt_err *err)
{
	bool parens = false;	/* the last command was "name ( )" */

	while (e->p < e->end && e->status == 0) {
		const char *before = e->p, *q;

		command(e, parens, err);
		if (e->p < e->end && *e->p == '(') {
			for (q = e->p + 1; q < e->end && (*q == ' ' ||
			    *q == '\t'); q++)
				;
			parens = q < e->end && *q == ')';
			if (parens)
				e->p = q;
		} else if (e->p != before)
			parens = false;	/* an empty line keeps it */
		if (e->p < e->end) {
			if (*e->p == '\n')
				e->line++;
			e->p++;
		}
	}
}

static int
source_file(struct jt_rcconf *rc, struct jt_source *src, const char *path,
    int depth, struct jt_err *err)
{
	struct ev e;
	void *buf;
	size_t len;
	int r;

	if (depth > RC_DEPTH_MAX || rc->files.n >= RC_FILES_MAX)
		return (jt_err_set(err, JT_EFORMAT, 0, path,
		    "rc.conf files source each other too deeply"));
	if ((r = jt_source_read_file(src, path, &buf, &len, err)) != 0)
		return (r);
	if (strv_push(&rc->files, path) != 0)
		return (jt_err_set(err, JT_ENOMEM, 0, path, "rc.conf"));
	e = (struct ev){ rc, src, buf, (const char *)buf + len,
	    rc->files.n - 1, 1, depth, 0, -1,
	    strcmp(path, "/etc/defaults/rc.conf") == 0, 0 };
	run(&e, err);
	return (e.status);
}

/* Source path if it is there; only "not there" is not an error. */
static int
source_opt(struct jt_rcconf *rc, struct jt_source *src, const char *path,
    struct jt_err *err)
{
	int r = source_file(rc, src, path, 0, err);

	return (r == JT_ENOENT || r == JT_ENOTDIR ? 0 : r);
}

static void
rcval_free(void *p)
{
	struct rcval *v = p;

	free(v->value);
	free(v);
}

void
jt_rcconf_free(struct jt_rcconf *rc)
{
	if (rc == NULL)
		return;
	map_each(&rc->vars, rcval_free);
	map_free(&rc->vars);
	strv_free(&rc->files);
	free(rc);
}

int
jt_rcconf_load(struct jt_rcconf **out, struct jt_source *src,
    struct jt_err *err)
{
	struct jt_rcconf *rc;
	struct jt_stat st;
	struct jt_err e;
	int r;

	*out = NULL;
	if ((rc = calloc(1, sizeof(*rc))) == NULL)
		return (jt_err_set(err, JT_ENOMEM, 0, NULL, "rc.conf"));
	r = jt_source_lstat(src, "/etc/defaults/rc.conf", &st, &e);
	if (r == 0 || (r != JT_ENOENT && r != JT_ENOTDIR)) {
		struct jt_strv seen = { 0 };
		char *list, *tok, *save;
		const char *files;

		if ((r = source_file(rc, src, "/etc/defaults/rc.conf", 0,
		    err)) != 0)
			goto fail;
		/* source_rc_confs: each of ${rc_conf_files} once */
		files = var_get(rc, "rc_conf_files", strlen("rc_conf_files"));
		if ((list = strdup(files != NULL ? files : "")) == NULL) {
			r = jt_err_set(err, JT_ENOMEM, 0, NULL, "rc.conf");
			goto fail;
		}
		for (tok = strtok_r(list, " \t\n", &save); tok != NULL && r == 0;
		    tok = strtok_r(NULL, " \t\n", &save))
			if (!strv_has(&seen, tok) && (r = strv_push(&seen,
			    tok)) == 0 && tok[0] == '/')
				r = source_opt(rc, src, tok, err);
		free(list);
		strv_free(&seen);
	} else
		r = source_opt(rc, src, "/etc/rc.conf", err);
	if (r != 0)
		goto fail;
	*out = rc;
	return (0);
fail:
	jt_rcconf_free(rc);
	return (r < 0 ? r : jt_err_set(err, JT_ENOMEM, 0, NULL, "rc.conf"));
}

static int
copy_var(struct jt_rcconf *to, const struct jt_map_slot *s)
{
	const struct rcval *v = s->val;

	return (var_set(to, s->key, v->value, v->file, v->line));
}

struct confd {
	struct jt_rcconf *rc;
	struct jt_source *src;
	const char	*dir;
	struct jt_err	*err;
};

static int
confd_one(void *arg, const char *name, const struct jt_stat *st)
{
	struct confd *c = arg;
	char path[PATH_MAX];

	if (st->type != JT_FT_REG && st->type != JT_FT_LNK)
		return (0);
	if (!path_join(path, sizeof(path), c->dir, name))
		return (0);
	return (source_opt(c->rc, c->src, path, c->err));
}

/* rc.conf.d/NAME under dir: a file, or every file in a directory. */
static int
confd(struct jt_rcconf *rc, struct jt_source *src, const char *dir,
    const char *name, struct jt_err *err)
{
	char want[PATH_MAX], path[PATH_MAX];
	struct jt_stat st;
	struct jt_err e;
	struct confd c = { rc, src, path, err };
	int r;

	if (snprintf(want, sizeof(want), "%s/rc.conf.d/%s", dir, name) >=
	    (int)sizeof(want))
		return (0);
	r = jt_source_resolve(src, want, true, path, sizeof(path), NULL, NULL,
	    &e);
	if (r != 0 || jt_source_lstat(src, path, &st, &e) != 0)
		return (r == JT_ENOENT || r == JT_ENOTDIR || r == 0 ? 0 : r);
	if (st.type == JT_FT_REG)
		return (source_opt(rc, src, path, err));
	if (st.type == JT_FT_DIR)
		return (jt_source_readdir(src, path, confd_one, &c, err));
	return (0);
}

int
jt_rcconf_service(struct jt_rcconf **out, const struct jt_rcconf *base,
    struct jt_source *src, const char *name, struct jt_err *err)
{
	struct jt_rcconf *rc;
	const char *ls;
	char dir[PATH_MAX];
	int r = 0;

	*out = NULL;
	if (name[0] == '\0' || strchr(name, '/') != NULL ||
	    strcmp(name, ".") == 0 || strcmp(name, "..") == 0)
		return (jt_err_set(err, JT_EINVAL, 0, NULL,
		    "%s: not a service name", name));
	if ((rc = calloc(1, sizeof(*rc))) == NULL)
		return (jt_err_set(err, JT_ENOMEM, 0, NULL, "rc.conf"));
	for (size_t i = 0; r == 0 && i < base->files.n; i++)
		r = strv_push(&rc->files, base->files.v[i]);
	for (size_t i = 0; r == 0 && i < base->vars.cap; i++)
		if (base->vars.slots[i].key != NULL)
			r = copy_var(rc, &base->vars.slots[i]);
	rc->nuncertain = base->nuncertain;
	memcpy(rc->uncertain, base->uncertain, sizeof(rc->uncertain));
	if (r != 0) {
		jt_rcconf_free(rc);
		return (jt_err_set(err, JT_ENOMEM, 0, NULL, "rc.conf"));
	}
	/* for _d in /etc ${local_startup%*\/rc.d} */
	r = confd(rc, src, "/etc", name, err);
	ls = var_get(rc, "local_startup", strlen("local_startup"));
	if (r == 0 && ls != NULL) {
		size_t n = strlen(ls);

		/* the shortest suffix matching "* /rc.d": from the last "/rc.d" */
		if (n >= 5 && strcmp(ls + n - 5, "/rc.d") == 0) {
			const char *cut = ls + n - 5;
			char *t, *save;

			(void)snprintf(dir, sizeof(dir), "%.*s",
			    (int)(cut - ls), ls);
			/* unquoted: split into fields */
			for (t = strtok_r(dir, " \t\n", &save); t != NULL &&
			    r == 0; t = strtok_r(NULL, " \t\n", &save))
				if (t[0] == '/')
					r = confd(rc, src, t, name, err);
		}
	}
	if (r != 0) {
		jt_rcconf_free(rc);
		return (r);
	}
	*out = rc;
	return (0);
}

const char *
jt_rcconf_get(const struct jt_rcconf *rc, const char *var)
{
	return (var_get(rc, var, strlen(var)));
}

bool
jt_rcconf_lookup(const struct jt_rcconf *rc, const char *var,
    struct jt_rcvar *out)
{
	const struct rcval *v = map_get(&rc->vars, var);

	if (v == NULL)
		return (false);
	*out = (struct jt_rcvar){ v->value, rc->files.v[v->file], v->line };
	return (true);
}

bool
jt_rcconf_is_yes(const char *v)
{
	return (v != NULL && (strcasecmp(v, "yes") == 0 ||
	    strcasecmp(v, "true") == 0 || strcasecmp(v, "on") == 0 ||
	    strcmp(v, "1") == 0));
}

bool
jt_rcconf_yes(const struct jt_rcconf *rc, const char *var)
{
	return (jt_rcconf_is_yes(jt_rcconf_get(rc, var)));
}

int
jt_rcconf_each(const struct jt_rcconf *rc,
    int (*fn)(void *arg, const char *var, const struct jt_rcvar *v),
    void *arg)
{
	for (size_t i = 0; i < rc->vars.cap; i++) {
		const struct jt_map_slot *s = &rc->vars.slots[i];
		const struct rcval *v = s->val;
		struct jt_rcvar rv;
		int r;

		if (s->key == NULL)
			continue;
		rv = (struct jt_rcvar){ v->value, rc->files.v[v->file],
		    v->line };
		if ((r = fn(arg, s->key, &rv)) != 0)
			return (r);
	}
	return (0);
}

size_t
jt_rcconf_nfiles(const struct jt_rcconf *rc)
{
	return (rc->files.n);
}

const char *
jt_rcconf_file(const struct jt_rcconf *rc, size_t i)
{
	return (i < rc->files.n ? rc->files.v[i] : NULL);
}

size_t
jt_rcconf_nuncertain(const struct jt_rcconf *rc)
{
	return (rc->nuncertain);
}

const char *
jt_rcconf_uncertain(const struct jt_rcconf *rc)
{
	return (rc->nuncertain > 0 ? rc->uncertain : NULL);
}
