/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The shell evaluator behind jailtrim/rcconf.h: rc.conf files and rc.d
 * scripts read as sh(1) would run their top level — assignments, quoting,
 * parameter expansion, ". FILE" — with nothing executed.  For an rc.d
 * script it also records every command word (in function bodies and
 * command substitutions too), the functions defined and load_rc_config.
 */
#include <ctype.h>
#include <fnmatch.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rcconf_int.h"

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
	bool		 stock;		/* /etc/defaults/rc.conf or rc.subr: their
					   branches are known, not uncertain */
	enum rc_mode	 mode;
	bool		 dry;		/* inside $(...): commands recorded,
					   nothing assigned or sourced */
	unsigned	 cmdflags;	/* JT_RCCMD_SUBST inside $(...) */
	char		 last[128];	/* the last command's name */
	int		 cases;		/* case ... esac open */
	char		 heredoc[64];	/* a here-document's delimiter, pending */
	bool		 heretabs;	/* "<<-": leading tabs stripped */
	bool		 casepat;	/* a case pattern comes next */
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
	v = namech((unsigned char)nm[0], true) ? rc_var_get(e->rc, nm, n) : NULL;
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
			if (c == '=' && !e->dry &&
			    namech((unsigned char)nm[0], true) &&
			    !arg.bad && rc_var_set(e->rc, nm, sb_str(&arg),
			    e->fidx, e->line) != 0)
				out->nomem = true;
		}
	}
	free(arg.s);
}

static void run(struct ev *e, struct jt_err *err);

/*
 * At "$(" (close ')') or "`" (close '`'): skip to the end of the command
 * substitution; in an rc.d script, record the commands in it.  "$((" is
 * arithmetic: skipped.
 */
static void
subst(struct ev *e, char close)
{
	const char *body = e->p + 1, *q;
	int depth = 0, line = e->line;
	bool arith = close == ')' && body < e->end && *body == '(';

	for (q = e->p; q < e->end; q++) {
		if (*q == '\\' && q + 1 < e->end) {
			if (*++q == '\n')
				e->line++;
		} else if (close == '`' && q > e->p && *q == '`')
			break;
		else if (close == ')' && *q == '(')
			depth++;
		else if (close == ')' && *q == ')' && --depth == 0)
			break;
		else if (close == ')' && *q == '\'') {
			while (++q < e->end && *q != '\'')
				if (*q == '\n')
					e->line++;
			if (q >= e->end)
				break;	/* unterminated: to the end */
		} else if (*q == '\n')
			e->line++;
	}
	if (e->mode == RC_SCRIPT && !arith && q > body) {
		struct ev sub = *e;
		struct jt_err ign;

		sub.p = body;
		sub.end = q;
		sub.line = line;
		sub.dry = true;
		sub.cases = 0;
		sub.casepat = false;
		sub.cmdflags |= JT_RCCMD_SUBST;
		run(&sub, &ign);
		if (sub.status == JT_ENOMEM)
			e->status = sub.status;
	}
	e->p = q < e->end ? q + 1 : q;
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
		out->bad = true;	/* $(cmd) or $((expr)): no value here */
		subst(e, ')');
	} else if (namech((unsigned char)*e->p, true)) {
		for (s = e->p; e->p < e->end &&
		    namech((unsigned char)*e->p, false); e->p++)
			;
		s = rc_var_get(e->rc, s, (size_t)(e->p - s));
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
		if (!dq && !in_brace && (c == ' ' || c == '\t' ||
		    c == '\n' || strchr(";&|()<>", c) != NULL))
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
			subst(e, '`');
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
 * A command word of an rc.d script: raw is how it was written (an
 * expansion in it makes it computed).
 */
static int
record(struct ev *e, const char *word, const char *raw, size_t rawlen,
    unsigned flags)
{
	struct jt_rcconf *rc = e->rc;
	struct rccmd *c;

	if (e->mode != RC_SCRIPT || rc->cmds.n >= RC_CMDS_MAX)
		return (0);
	/* in eval'd text, "=YES" or "$x=1": an assignment to a name not
	   known here, not a command */
	if ((e->cmdflags & JT_RCCMD_EVAL) && strcspn(word, "=") <
	    strcspn(word, "/"))
		return (0);
	flags |= e->cmdflags | (e->func >= 0 ? JT_RCCMD_FUNCTION : 0);
	if (memchr(raw, '$', rawlen) != NULL || memchr(raw, '`', rawlen))
		flags |= JT_RCCMD_COMPUTED;
	if ((c = malloc(sizeof(*c))) == NULL)
		return (JT_ENOMEM);
	c->word = strdup(word);
	c->pub = (struct jt_rccmd){ c->word, rc->files.v[e->fidx], e->line,
	    flags };
	if (c->word == NULL || ptrv_push(&rc->cmds, c) != 0) {
		free(c->word);
		free(c);
		return (JT_ENOMEM);
	}
	return (0);
}

/* ". FILE" (special 1) or "load_rc_config NAME" (2), run. */
static void
after(struct ev *e, int special, const char *arg, struct jt_err *err)
{
	int rc = 0;

	if (special == 2) {
		if (e->mode == RC_SCRIPT && !strv_has(&e->rc->loaded, arg) &&
		    (rc = strv_push(&e->rc->loaded, arg)) == 0)
			rc = rc_service_confd(e->rc, e->src, arg, err);
	} else if (arg[0] != '/')
		uncertain(e, e->line, "\". FILE\" with a relative path");
	else if (e->mode == RC_SCRIPT && strcmp(arg, "/etc/rc.subr") == 0)
		rc = strv_push_uniq(&e->rc->sourced, arg);
	else
		rc = rc_source(e->rc, e->src, arg, e->depth + 1, e->mode, err);
	if (rc == JT_ENOMEM)
		rc = jt_err_set(err, JT_ENOMEM, 0, NULL, "rc.conf");
	if (rc != 0 && rc != JT_ENOENT && rc != JT_ENOTDIR)
		e->status = rc;
}

/*
 * eval WORDS: the words, once expanded, are read again as commands — in
 * an rc.d script, for the commands they run (nothing is assigned).  What
 * cannot be expanded is a command that cannot be known.
 */
static void
eval(struct ev *e, struct sbuf *ev, struct jt_err *err)
{
	struct ev sub;

	if (e->mode != RC_SCRIPT)
		return;
	if (ev->bad || ev->nomem) {
		uncertain(e, e->line, "an eval of what cannot be expanded");
		if (record(e, "", "", 0, JT_RCCMD_EVAL | JT_RCCMD_COMPUTED))
			e->status = JT_ENOMEM;
		return;
	}
	if (ev->n == 0 || e->depth >= RC_DEPTH_MAX)
		return;
	sub = *e;
	sub.p = ev->s;
	sub.end = ev->s + ev->n;
	sub.dry = true;
	sub.cases = 0;
	sub.casepat = false;
	sub.heredoc[0] = '\0';
	sub.depth = e->depth + 1;
	sub.cmdflags |= JT_RCCMD_EVAL | JT_RCCMD_COMPUTED;
	run(&sub, err);
	if (sub.status != 0)
		e->status = sub.status;
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
	bool first = true, words = false, declare = false;
	int special = 0;	/* 1: ". FILE", 2: load_rc_config NAME */
	char opener = 0;	/* 'c': "case ... in", 'f': "for ... in" */
	int prefix = 0;		/* 1: exec/command/..., 2: eval: the next
				   word is a command too */
	char *arg = NULL;
	struct sbuf ev = { 0 };	/* eval's arguments */
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
			bool here = e->end - e->p >= 2 && e->p[0] == '<' &&
			    e->p[1] == '<';

			while (e->p < e->end && strchr("<>&", *e->p))
				e->p++;
			if (here && e->p < e->end && *e->p == '-') {
				e->p++;
				e->heretabs = true;
			} else if (here)
				e->heretabs = false;
			if (here) {	/* its delimiter, quotes removed */
				skip_blanks(e);
				w.n = 0;
				w.bad = false;
				if (w.s != NULL)
					w.s[0] = '\0';
				word(e, &w, false, false);
				(void)snprintf(e->heredoc, sizeof(e->heredoc),
				    "%s", sb_str(&w));
			}
			if (!words)
				continue;	/* before the command word */
			words = true;
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
			if (e->func >= 0 || e->dry)
				;	/* not run here */
			else if (w.bad)
				uncertain(e, at, "a value not evaluated "
				    "(command substitution or too long)");
			else {
				if (e->nest > 0)
					uncertain(e, at, "an assignment inside "
					    "a conditional or loop");
				if (rc_var_set(e->rc, name, sb_str(&w), e->fidx,
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
			const char *r = sb_str(&w);

			if (after_parens && e->func < 0 && strcmp(r, "{") == 0)
				e->func = e->nest;
			if (strcmp(r, "esac") == 0 && e->cases > 0) {
				e->cases--;
				e->casepat = false;
			}
			compound(e, r);
			if (e->casepat)
				continue;	/* "esac" was expected too */
			if (strcmp(r, "case") == 0 || strcmp(r, "for") == 0) {
				/* "case WORD in", "for NAME in ...": words */
				opener = r[0];
				words = true;
				first = false;
			}
			continue;	/* the command after it starts here */
		}
		if (e->casepat) {	/* a pattern, up to ")" */
			first = false;
			words = true;
			continue;
		}
		if (prefix == 2) {	/* eval's words, evaluated below */
			if (ev.n > 0)
				sb_putc(&ev, ' ');
			sb_puts(&ev, sb_str(&w));
			ev.bad = ev.bad || w.bad;
			words = true;
			continue;
		}
		if (prefix == 1 && !w.bad && sb_str(&w)[0] == '-') {
			words = true;	/* "command -v foo", "exec -a n": */
			continue;	/* an option, the command follows */
		}
		if (!words || prefix != 0) {
			const char *c = w.bad ? "" : sb_str(&w);

			if (record(e, c, start, (size_t)(e->p - start), 0) != 0)
				w.nomem = true;
			if (!words)
				(void)snprintf(e->last, sizeof(e->last), "%s",
				    c);
			prefix = strcmp(c, "exec") == 0 ||
			    strcmp(c, "command") == 0 ||
			    strcmp(c, "builtin") == 0 ||
			    strcmp(c, "nohup") == 0 ? 1 :
			    strcmp(c, "eval") == 0 ? 2 : 0;
			if (!words) {
				special = strcmp(c, ".") == 0 ||
				    strcmp(c, "source") == 0 ? 1 :
				    strcmp(c, "load_rc_config") == 0 ? 2 : 0;
				declare = strcmp(c, "export") == 0 ||
				    strcmp(c, "readonly") == 0;
			}
		} else if (special != 0 && arg == NULL && !w.bad &&
		    (arg = strdup(sb_str(&w))) == NULL)
			w.nomem = true;
		words = true;
		first = false;
	}
	if (opener == 'c') {
		e->cases++;
		e->casepat = true;
	}
	if (w.nomem && e->status == 0)
		e->status = jt_err_set(err, JT_ENOMEM, 0, NULL, "rc.conf");
	if (arg != NULL && e->func < 0 && !e->dry && e->status == 0)
		after(e, special, arg, err);
	if (prefix == 2 && e->status == 0)
		eval(e, &ev, err);
	free(arg);
	free(ev.s);
	free(w.s);
}

/* "name ( )": name is a function, not a command run. */
static void
defined(struct ev *e, size_t ncmds)
{
	struct jt_rcconf *rc = e->rc;

	if (e->last[0] == '\0')
		return;
	if (rc->cmds.n == ncmds + 1) {
		struct rccmd *c = rc->cmds.v[--rc->cmds.n];

		free(c->word);
		free(c);
	}
	if (strv_push_uniq(&rc->funcs, e->last) != 0)
		e->status = JT_ENOMEM;
}

/* At the newline after "<<WORD": skip the document, to its last line. */
static void
heredoc(struct ev *e)
{
	size_t dl = strlen(e->heredoc);

	e->p++;
	while (e->p < e->end) {
		const char *l = e->p, *nl = memchr(e->p, '\n',
		    (size_t)(e->end - e->p));
		const char *le = nl != NULL ? nl : e->end;

		if (e->heretabs)
			while (l < le && *l == '\t')
				l++;
		e->p = nl != NULL ? nl + 1 : e->end;
		e->line++;
		if ((size_t)(le - l) == dl && memcmp(l, e->heredoc, dl) == 0)
			break;
	}
	e->heredoc[0] = '\0';
}

static void
run(struct ev *e, struct jt_err *err)
{
	bool parens = false;	/* the last command was "name ( )" */

	while (e->p < e->end && e->status == 0) {
		const char *before = e->p, *q;
		size_t ncmds = e->rc->cmds.n;

		e->last[0] = '\0';
		command(e, parens, err);
		if (e->p < e->end && *e->p == '(') {
			for (q = e->p + 1; q < e->end && (*q == ' ' ||
			    *q == '\t'); q++)
				;
			parens = q < e->end && *q == ')';
			if (parens) {
				e->p = q;
				defined(e, ncmds);
			}
		} else if (e->p != before)
			parens = false;	/* an empty line keeps it */
		if (e->p < e->end && *e->p == ')' && e->casepat)
			e->casepat = false;
		else if (e->p + 1 < e->end && e->p[0] == ';' &&
		    e->p[1] == ';' && e->cases > 0) {
			e->casepat = true;
			e->p++;
		}
		if (e->p < e->end) {
			if (*e->p == '\n') {
				e->line++;
				if (e->heredoc[0] != '\0')
					heredoc(e);
				else
					e->p++;
				continue;
			}
			e->p++;
		}
	}
}

int
rc_eval(struct jt_rcconf *rc, struct jt_source *src, const char *path,
    const char *buf, size_t len, int depth, enum rc_mode mode,
    struct jt_err *err)
{
	struct ev e;

	if (strv_push(&rc->files, path) != 0)
		return (jt_err_set(err, JT_ENOMEM, 0, path, "rc.conf"));
	e = (struct ev){ .rc = rc, .src = src, .p = buf, .end = buf + len,
	    .fidx = rc->files.n - 1, .line = 1, .depth = depth, .func = -1,
	    .mode = mode,
	    .stock = strcmp(path, "/etc/defaults/rc.conf") == 0 ||
	    strcmp(path, "/etc/rc.subr") == 0 };
	run(&e, err);
	if (e.status == JT_ENOMEM)
		return (jt_err_set(err, JT_ENOMEM, 0, path, "rc.conf"));
	return (e.status);
}

int
rc_source(struct jt_rcconf *rc, struct jt_source *src, const char *path,
    int depth, enum rc_mode mode, struct jt_err *err)
{
	void *buf;
	size_t len;
	int r;

	if (depth > RC_DEPTH_MAX || rc->files.n >= RC_FILES_MAX)
		return (jt_err_set(err, JT_EFORMAT, 0, path,
		    "rc.conf files source each other too deeply"));
	if (src == NULL)	/* a buffer evaluated alone (fuzzing) */
		return (JT_ENOENT);
	if ((r = jt_source_read_file(src, path, &buf, &len, err)) != 0)
		return (r);
	return (rc_eval(rc, src, path, buf, len, depth, mode, err));
}
