/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Reading jail.conf(5), as usr.sbin/jail/jailparse.y reads it, far enough
 * to check a stanza: which jails it names and what parameters each gets.
 */
#include <ctype.h>
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jailtrim/jailconf.h"
#include "util.h"

#define WORD_MAX	8192

enum tok { T_EOF, T_WORD, T_LBRACE, T_RBRACE, T_SEMI, T_EQ, T_PLUSEQ,
	T_COMMA, T_ERR };

struct lex {
	const char	*p, *end, *file;
	int		 line;
	char		 word[WORD_MAX];
	struct jt_err	*err;
};

struct param {
	char		*key;
	struct jt_strv	 vals;
	bool		 append;	/* set with +=: adds to what it gets */
	int		 xstate;	/* X_*: expansion of vals.v[0] */
};

/* A '$' that is not a variable: quoted with '...' or as \$. */
#define LITERAL_DOLLAR	'\x01'

struct jt_jailconf_stanza {
	char		*name;
	struct jt_ptrv	 params;	/* struct param * */
};

static int
lex_err(struct lex *l, const char *what)
{
	char where[JT_ERR_PATH_MAX];

	(void)snprintf(where, sizeof(where), "%s:%d", l->file, l->line);
	return (jt_err_set(l->err, JT_EFORMAT, 0, where, "%s", what));
}

/* Whitespace and the three kinds of comment. */
static int
skip(struct lex *l)
{
	while (l->p < l->end) {
		if (*l->p == '\n') {
			l->line++;
			l->p++;
		} else if (isspace((unsigned char)*l->p))
			l->p++;
		else if (*l->p == '#' || (*l->p == '/' && l->p + 1 < l->end &&
		    l->p[1] == '/')) {
			while (l->p < l->end && *l->p != '\n')
				l->p++;
		} else if (*l->p == '/' && l->p + 1 < l->end && l->p[1] == '*') {
			int from = l->line;

			for (l->p += 2; l->p < l->end && !(*l->p == '*' &&
			    l->p + 1 < l->end && l->p[1] == '/'); l->p++)
				if (*l->p == '\n')
					l->line++;
			if (l->p >= l->end) {
				l->line = from;
				return (lex_err(l, "unterminated comment"));
			}
			l->p += 2;
		} else
			break;
	}
	return (0);
}

static bool
put(struct lex *l, size_t *n, char c)
{
	if (*n + 1 >= sizeof(l->word))
		return (false);
	l->word[(*n)++] = c;
	return (true);
}

static enum tok
quoted(struct lex *l, size_t *n)
{
	char q = *l->p++, c;
	int from = l->line;

	for (; l->p < l->end && *l->p != q; l->p++) {
		c = *l->p;
		if (c == '\n')
			l->line++;
		if (c == '\\' && q == '"' && l->p + 1 < l->end) {
			c = *++l->p;
			if (c == '\n') {
				l->line++;
				continue;
			}
			c = c == 'n' ? '\n' : c == 't' ? '\t' :
			    c == '$' ? LITERAL_DOLLAR : c;
		} else if (c == '$' && q == '\'')
			c = LITERAL_DOLLAR;
		if (!put(l, n, c))
			return (lex_err(l, "value too long"), T_ERR);
	}
	if (l->p >= l->end) {
		l->line = from;		/* where it opened */
		return (lex_err(l, "unterminated quoted string"), T_ERR);
	}
	l->p++;
	return (T_WORD);
}

static enum tok
next(struct lex *l)
{
	size_t n = 0;
	char c;

	if (skip(l) != 0)
		return (T_ERR);
	if (l->p >= l->end)
		return (T_EOF);
	c = *l->p;
	switch (c) {
	case '{': l->p++; return (T_LBRACE);
	case '}': l->p++; return (T_RBRACE);
	case ';': l->p++; return (T_SEMI);
	case '=': l->p++; return (T_EQ);
	case ',': l->p++; return (T_COMMA);
	case '+':
		if (l->p + 1 < l->end && l->p[1] == '=') {
			l->p += 2;
			return (T_PLUSEQ);
		}
		break;
	}
	/* a word: bare and quoted parts run together */
	while (l->p < l->end) {
		c = *l->p;
		if (c == '"' || c == '\'') {
			if (quoted(l, &n) == T_ERR)
				return (T_ERR);
			continue;
		}
		if (isspace((unsigned char)c) || strchr("{};=,#", c) != NULL ||
		    (c == '+' && l->p + 1 < l->end && l->p[1] == '='))
			break;
		if (!put(l, &n, c))
			return (lex_err(l, "word too long"), T_ERR);
		l->p++;
	}
	l->word[n] = '\0';
	return (T_WORD);
}

static void
stanza_free(struct jt_jailconf_stanza *s)
{
	if (s == NULL)
		return;
	for (size_t i = 0; i < s->params.n; i++) {
		struct param *p = s->params.v[i];

		free(p->key);
		strv_free(&p->vals);
		free(p);
	}
	ptrv_free(&s->params);
	free(s->name);
	free(s);
}

void
jt_jailconf_stanza_free(struct jt_jailconf_stanza *s)
{
	stanza_free(s);
}

static struct param *
find(const struct jt_jailconf_stanza *s, const char *key)
{
	for (size_t i = 0; i < s->params.n; i++) {
		struct param *p = s->params.v[i];

		if (strcmp(p->key, key) == 0)
			return (p);
	}
	return (NULL);
}

static struct param *
param(struct jt_jailconf_stanza *s, const char *key, bool append)
{
	struct param *p;

	if ((p = find(s, key)) != NULL) {
		if (!append)
			strv_free(&p->vals);
		return (p);
	}
	if ((p = calloc(1, sizeof(*p))) == NULL ||
	    (p->key = strdup(key)) == NULL || ptrv_push(&s->params, p) != 0) {
		if (p != NULL)
			free(p->key);
		free(p);
		return (NULL);
	}
	return (p);
}

/* "key;" | "key = v, ...;" | "key += v, ...;" after key was read. */
static int
statement(struct lex *l, struct jt_jailconf_stanza *s, const char *key)
{
	enum tok t = next(l);
	struct param *p;
	bool append = t == T_PLUSEQ, fresh, comma = false;

	if (t == T_ERR)
		return (JT_EFORMAT);
	fresh = find(s, key) == NULL;
	if ((p = param(s, key, append)) == NULL)
		return (jt_err_set(l->err, JT_ENOMEM, errno, NULL, "malloc"));
	if (fresh || !append)
		p->append = append;
	if (t == T_SEMI)
		return (strv_push(&p->vals, "") == 0 ? 0 :
		    jt_err_set(l->err, JT_ENOMEM, errno, NULL, "malloc"));
	if (t != T_EQ && t != T_PLUSEQ)
		return (lex_err(l, "expected =, += or ; after a parameter"));
	for (;;) {
		if ((t = next(l)) == T_ERR)
			return (JT_EFORMAT);
		if (t == T_SEMI && !comma)	/* "key = ;": empty */
			return (0);
		if (t != T_WORD)
			return (lex_err(l, "expected a value"));
		if (strv_push(&p->vals, l->word) != 0)
			return (jt_err_set(l->err, JT_ENOMEM, errno, NULL,
			    "malloc"));
		if ((t = next(l)) == T_SEMI)
			return (0);
		comma = true;
		if (t != T_COMMA)
			return (t == T_ERR ? JT_EFORMAT :
			    lex_err(l, "expected , or ; after a value"));
	}
}

static struct jt_jailconf_stanza *
stanza_new(const char *name)
{
	struct jt_jailconf_stanza *s;

	if ((s = calloc(1, sizeof(*s))) == NULL)
		return (NULL);
	if (name != NULL && (s->name = strdup(name)) == NULL) {
		free(s);
		return (NULL);
	}
	return (s);
}

/* The whole file: stanzas in order, the global one first. */
static int
parse_all(struct lex *l, struct jt_ptrv *all)
{
	struct jt_jailconf_stanza *cur, *glob;
	char key[WORD_MAX];
	enum tok t;
	int rc;

	if ((glob = stanza_new(NULL)) == NULL || ptrv_push(all, glob) != 0) {
		stanza_free(glob);
		return (jt_err_set(l->err, JT_ENOMEM, errno, NULL, "malloc"));
	}
	cur = glob;
	while ((t = next(l)) != T_EOF) {
		if (t == T_ERR)
			return (JT_EFORMAT);
		if (t == T_RBRACE && cur != glob) {
			cur = glob;
			continue;
		}
		if (t != T_WORD)
			return (lex_err(l, "expected a jail name or a "
			    "parameter"));
		(void)strlcpy(key, l->word, sizeof(key));
		if (skip(l) != 0)
			return (JT_EFORMAT);
		if (l->p < l->end && *l->p == '{') {
			if (cur != glob)
				return (lex_err(l, "a jail inside a jail"));
			l->p++;
			if ((cur = stanza_new(key)) == NULL ||
			    ptrv_push(all, cur) != 0) {
				stanza_free(cur);
				return (jt_err_set(l->err, JT_ENOMEM, errno,
				    NULL, "malloc"));
			}
			continue;
		}
		if ((rc = statement(l, cur, key)) != 0)
			return (rc);
	}
	if (cur != glob)
		return (lex_err(l, "missing } at the end of the file"));
	return (0);
}

/* Apply from's parameters to to, as later settings do in jail(8). */
static int
merge(struct jt_jailconf_stanza *to, const struct jt_jailconf_stanza *from)
{
	for (size_t i = 0; i < from->params.n; i++) {
		const struct param *f = from->params.v[i];
		struct param *p;

		if ((p = param(to, f->key, f->append)) == NULL)
			return (-1);
		for (size_t j = 0; j < f->vals.n; j++)
			if (strv_push(&p->vals, f->vals.v[j]) != 0)
				return (-1);
	}
	return (0);
}

/*
 * Expansion is bounded: what one jail's values may grow to in all (a
 * value naming another twice, that one naming a third twice ... doubles
 * at each step), and how deep references may nest.
 */
#define EXPAND_TOTAL_MAX	(1 << 20)	/* "1 MiB" in the message */
#define EXPAND_DEPTH_MAX	32

/* The state of a parameter's first value, the one "$key" refers to. */
enum { X_RAW = 0, X_BUSY, X_DONE };

struct xctx {
	struct jt_jailconf_stanza *s;
	const char	*file;
	struct jt_err	*err;
	size_t		 total;		/* bytes produced so far */
	char		*buf;		/* the value being built */
	size_t		 n, cap;
};

static int
xerr(struct xctx *x, const char *key, const char *what)
{
	char where[JT_ERR_PATH_MAX];

	(void)snprintf(where, sizeof(where), "%s: jail %s", x->file,
	    x->s->name != NULL ? x->s->name : "");
	return (jt_err_set(x->err, JT_EFORMAT, 0, where, "${%s}: %s", key,
	    what));
}

static int
xput(struct xctx *x, const char *key, const char *v, size_t len)
{
	char *nb;

	if (len > EXPAND_TOTAL_MAX - x->total)
		return (xerr(x, key, "variables expand to more than "
		    "1 MiB"));
	if (x->n + len + 1 > x->cap) {
		size_t ncap = x->cap ? x->cap : 64;

		while (ncap < x->n + len + 1)
			ncap *= 2;
		if ((nb = realloc(x->buf, ncap)) == NULL)
			return (jt_err_set(x->err, JT_ENOMEM, errno, NULL,
			    "malloc"));
		x->buf = nb;
		x->cap = ncap;
	}
	memcpy(x->buf + x->n, v, len);
	x->n += len;
	x->buf[x->n] = '\0';
	x->total += len;
	return (0);
}

static int expand(struct xctx *x, char **val, const char *key, int depth);

/*
 * The first value of p, expanded once: jail(8)'s load_config() resolves
 * what a variable refers to before substituting it, and fails a jail on a
 * "variable loop".  Once expanded, a value is substituted as it is, so
 * the work is linear in what is produced.
 */
static int
expand_first(struct xctx *x, struct param *p, int depth)
{
	int rc;

	if (p->xstate == X_DONE)
		return (0);
	if (p->xstate == X_BUSY)
		return (xerr(x, p->key, "variable loop"));
	if (depth > EXPAND_DEPTH_MAX)
		return (xerr(x, p->key, "variables nested too deeply "
		    "(over 32 levels)"));
	p->xstate = X_BUSY;
	rc = expand(x, &p->vals.v[0], p->key, depth);
	p->xstate = X_DONE;
	return (rc);
}

/* The variable at v ("$key" or "${key}"): its length, key copied out. */
static size_t
var_at(const char *v, char *key, size_t keylen)
{
	const char *e, *k;
	size_t n;

	if (v[1] == '{' && (e = strchr(v + 2, '}')) != NULL) {
		k = v + 2;
		n = (size_t)(e - k);
		e++;
	} else {
		for (e = v + 1; isalnum((unsigned char)*e) || *e == '_'; e++)
			;
		k = v + 1;
		n = (size_t)(e - k);
	}
	if (n == 0 || n >= keylen)
		return (0);		/* not a variable */
	memcpy(key, k, n);
	key[n] = '\0';
	return ((size_t)(e - v));
}

/* "$key" and "${key}" in *val, from the jail's own parameters. */
static int
expand(struct xctx *x, char **val, const char *self, int depth)
{
	struct xctx saved = *x;
	char key[256];
	const char *v;
	struct param *p;
	size_t k;
	int rc = 0;

	if (strchr(*val, '$') == NULL)
		return (0);
	x->buf = NULL;
	x->n = x->cap = 0;
	for (v = *val; *v != '\0' && rc == 0; v += k) {
		if (*v != '$' || (k = var_at(v, key, sizeof(key))) == 0) {
			k = 1;
			rc = xput(x, self, v, 1);
		} else if (strcmp(key, "name") == 0 && x->s->name != NULL) {
			rc = xput(x, key, x->s->name, strlen(x->s->name));
		} else if ((p = find(x->s, key)) != NULL && p->vals.n > 0 &&
		    (rc = expand_first(x, p, depth + 1)) == 0) {
			rc = xput(x, key, p->vals.v[0], strlen(p->vals.v[0]));
		}
	}
	if (rc == 0 && x->buf == NULL)
		rc = xput(x, self, "", 0);
	if (rc == 0) {
		free(*val);
		*val = x->buf;
	} else
		free(x->buf);
	x->buf = saved.buf;
	x->n = saved.n;
	x->cap = saved.cap;
	return (rc);
}

static int
pick(struct jt_ptrv *all, const char *name, const char *file,
    struct jt_jailconf_stanza **out, struct jt_err *err)
{
	struct jt_jailconf_stanza *want = NULL, *s;
	struct xctx x = { .file = file, .err = err };
	size_t named = 0;
	int rc;

	*out = NULL;
	for (size_t i = 1; i < all->n; i++) {
		s = all->v[i];
		if (strcmp(s->name, "*") == 0)
			continue;
		named++;
		if (name == NULL ? want == NULL : strcmp(s->name, name) == 0)
			want = s;
	}
	if (name == NULL && named > 1)
		return (jt_err_set(err, JT_EINVAL, 0, file, "%zu jails: say "
		    "which one", named));
	if (want == NULL)
		return (jt_err_set(err, JT_ENOENT, 0, file, "no jail named %s",
		    name != NULL ? name : "at all"));
	if ((s = stanza_new(want->name)) == NULL)
		return (jt_err_set(err, JT_ENOMEM, errno, NULL, "malloc"));
	/* global, then "*", then the jail's own: later settings win */
	for (size_t i = 0; i < all->n; i++) {
		const struct jt_jailconf_stanza *f = all->v[i];

		if ((i == 0 || strcmp(f->name, "*") == 0) && merge(s, f) != 0)
			goto nomem;
	}
	if (merge(s, want) != 0)
		goto nomem;
	x.s = s;
	for (size_t i = 0; i < s->params.n; i++) {
		struct param *p = s->params.v[i];

		for (size_t j = 0; j < p->vals.n; j++)
			if ((rc = j == 0 ? expand_first(&x, p, 0) :
			    expand(&x, &p->vals.v[j], p->key, 0)) != 0)
				goto fail;
	}
	/* quoted dollars become themselves again */
	for (size_t i = 0; i < s->params.n; i++) {
		struct param *p = s->params.v[i];

		for (size_t j = 0; j < p->vals.n; j++)
			for (char *c = p->vals.v[j]; *c != '\0'; c++)
				if (*c == LITERAL_DOLLAR)
					*c = '$';
	}
	*out = s;
	return (0);
nomem:
	rc = jt_err_set(err, JT_ENOMEM, errno, NULL, "malloc");
fail:
	stanza_free(s);
	return (rc);
}

int
jt_jailconf_parse(struct jt_jailconf_stanza **out, const char *text,
    size_t len, const char *file, const char *name, struct jt_err *err)
{
	struct lex l = { text, text + len, file, 1, "", err };
	struct jt_ptrv all = { 0 };
	int rc;

	*out = NULL;
	if ((rc = parse_all(&l, &all)) == 0)
		rc = pick(&all, name, file, out, err);
	for (size_t i = 0; i < all.n; i++)
		stanza_free(all.v[i]);
	ptrv_free(&all);
	return (rc);
}

const char *
jt_jailconf_name(const struct jt_jailconf_stanza *s)
{
	return (s->name);
}

const char *const *
jt_jailconf_values(const struct jt_jailconf_stanza *s, const char *key,
    size_t *n)
{
	const struct param *p = find(s, key);

	*n = p != NULL ? p->vals.n : 0;
	return (p != NULL && p->vals.n > 0 ?
	    (const char *const *)p->vals.v : NULL);
}
