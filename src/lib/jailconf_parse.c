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
#define EXPAND_MAX	16384

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

/* "$key" and "${key}" from the jail's own parameters. */
static int
expand(struct jt_jailconf_stanza *s, char **val, int depth)
{
	char out[EXPAND_MAX], key[256], *nv, *in;
	const char *v, *e, *start;
	size_t n = 0, k;
	struct param *p;

	if (strchr(*val, '$') == NULL)
		return (0);
	/*
	 * Our own copy to read: expanding what this refers to may replace
	 * *val itself ("path = ${path}/x", or a longer cycle).
	 */
	if ((in = strdup(*val)) == NULL)
		return (-1);
	v = in;
	while (*v != '\0' && n + 1 < sizeof(out)) {
		if (*v != '$') {
			out[n++] = *v++;
			continue;
		}
		start = v;
		if (v[1] == '{' && (e = strchr(v + 2, '}')) != NULL) {
			k = (size_t)(e - v - 2);
			v += 2;
			e++;
		} else {
			for (e = v + 1; isalnum((unsigned char)*e) ||
			    *e == '_'; e++)
				;
			k = (size_t)(e - v - 1);
			v += 1;
		}
		if (k == 0 || k >= sizeof(key)) {
			out[n++] = '$';		/* not a variable */
			v = start + 1;
			continue;
		}
		memcpy(key, v, k);
		key[k] = '\0';
		v = e;
		if (strcmp(key, "name") == 0 && s->name != NULL)
			n += strlcpy(out + n, s->name, sizeof(out) - n);
		else if ((p = find(s, key)) != NULL && p->vals.n > 0) {
			/* what it refers to first, as jail(8) resolves it */
			if (depth < 8 && expand(s, &p->vals.v[0], depth + 1) != 0) {
				free(in);
				return (-1);
			}
			if (strchr(p->vals.v[0], '$') == NULL)
				n += strlcpy(out + n, p->vals.v[0],
				    sizeof(out) - n);
		}
		if (n >= sizeof(out))
			n = sizeof(out) - 1;
	}
	out[n] = '\0';
	free(in);
	if ((nv = strdup(out)) == NULL)
		return (-1);
	free(*val);
	*val = nv;
	return (0);
}

static int
pick(struct jt_ptrv *all, const char *name, const char *file,
    struct jt_jailconf_stanza **out, struct jt_err *err)
{
	struct jt_jailconf_stanza *want = NULL, *s;
	size_t named = 0;

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
	for (size_t i = 0; i < s->params.n; i++) {
		struct param *p = s->params.v[i];

		for (size_t j = 0; j < p->vals.n; j++)
			if (expand(s, &p->vals.v[j], 0) != 0)
				goto nomem;
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
	stanza_free(s);
	return (jt_err_set(err, JT_ENOMEM, errno, NULL, "malloc"));
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
