/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The readers the service-configuration parsers share: logical lines
 * with backslash continuation, words with quotes and brackets, and a
 * small tokenizer for brace-structured files (nginx, lighttpd, named).
 * Everything is bounded by SC_MAX_LINE: a longer line or token is
 * reported, never truncated silently.
 */
#include <string.h>

#include "svcconf_int.h"

/* --- logical lines and words --- */

void
lines_init(struct lines *l, const char *buf, size_t len)
{
	l->p = buf;
	l->end = buf + len;
	l->next = 1;
}

int
lines_next(struct lines *l, char *buf, size_t len, bool cont, int *lineno)
{
	bool toolong = false, more;
	const char *nl, *e;
	size_t o = 0, n;

	if (l->p >= l->end)
		return (0);
	*lineno = l->next;
	do {
		nl = memchr(l->p, '\n', (size_t)(l->end - l->p));
		e = nl != NULL ? nl : l->end;
		n = (size_t)(e - l->p);
		if (n > 0 && l->p[n - 1] == '\r')
			n--;
		more = cont && nl != NULL && n > 0 && l->p[n - 1] == '\\';
		if (more)
			n--;
		if (!toolong && o + n + 1 < len) {
			memcpy(buf + o, l->p, n);
			o += n;
			if (more)
				buf[o++] = ' ';
		} else
			toolong = true;
		l->p = nl != NULL ? nl + 1 : l->end;
		l->next++;
	} while (more);
	buf[toolong ? 0 : o] = '\0';
	return (toolong ? -1 : 1);
}

static bool
blank(char c)
{
	return (c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f');
}

size_t
split_words(char *s, char **w, size_t max, unsigned flags)
{
	char *r = s, *wp;
	size_t n = 0;

	while (n < max) {
		while (blank(*r))
			r++;
		if (*r == '\0' || ((flags & W_HASH) && *r == '#'))
			break;
		wp = r;		/* words only shrink: write in place */
		w[n++] = wp;
		if ((flags & W_BRACKETS) && *r == '[')
			while (*r != '\0' && *r != ']')
				*wp++ = *r++;
		while (*r != '\0' && !blank(*r)) {
			if ((flags & W_QUOTES) && (*r == '"' || *r == '\'')) {
				char q = *r++;

				while (*r != '\0' && *r != q) {
					if (*r == '\\' && r[1] != '\0')
						r++;
					*wp++ = *r++;
				}
				if (*r == q)
					r++;
				continue;
			}
			*wp++ = *r++;
		}
		if (*r != '\0')
			r++;
		*wp = '\0';
	}
	return (n);
}

/* --- tokens --- */

void
lex_init(struct lexer *lx, const char *buf, size_t len, unsigned flags,
    const char *punct, const char *const *ops)
{
	lx->p = buf;
	lx->end = buf + len;
	lx->line = 1;
	lx->flags = flags;
	lx->punct = punct;
	lx->ops = ops;
}

static void
lex_error(struct lexer *lx, struct token *t, const char *why)
{
	t->type = TK_ERROR;
	t->text = why;
	lx->p = lx->end;	/* nothing after an error is trusted */
}

/* Skip blanks and comments; false on an unterminated C comment. */
static bool
lex_skip(struct lexer *lx)
{
	while (lx->p < lx->end) {
		char c = *lx->p;
		bool two = lx->p + 1 < lx->end;

		if (c == '\n') {
			lx->line++;
			lx->p++;
		} else if (blank(c)) {
			lx->p++;
		} else if ((c == '#' && (lx->flags & LX_HASH)) ||
		    (c == '/' && two && lx->p[1] == '/' &&
		    (lx->flags & LX_SLASH2))) {
			while (lx->p < lx->end && *lx->p != '\n')
				lx->p++;
		} else if (c == '/' && two && lx->p[1] == '*' &&
		    (lx->flags & LX_CBLOCK)) {
			for (lx->p += 2;; lx->p++) {
				if (lx->p + 1 >= lx->end)
					return (false);
				if (*lx->p == '\n')
					lx->line++;
				if (lx->p[0] == '*' && lx->p[1] == '/')
					break;
			}
			lx->p += 2;
		} else
			break;
	}
	return (true);
}

static void
lex_string(struct lexer *lx, struct token *t)
{
	char q = *lx->p++, c;
	size_t n = 0;

	for (;;) {
		if (lx->p >= lx->end) {
			lex_error(lx, t, "unterminated string");
			return;
		}
		if ((c = *lx->p++) == q)
			break;
		if (c == '\\' && lx->p < lx->end) {
			c = *lx->p++;
			c = c == 'n' ? '\n' : c == 't' ? '\t' : c == 'r' ?
			    '\r' : c;
		}
		if (c == '\n')
			lx->line++;
		if (n + 1 >= sizeof(lx->buf)) {
			lex_error(lx, t, "string too long");
			return;
		}
		lx->buf[n++] = c;
	}
	lx->buf[n] = '\0';
	t->type = TK_STRING;
	t->text = lx->buf;
}

void
lex_next(struct lexer *lx, struct token *t)
{
	size_t n = 0;
	char c;

	t->text = "";
	t->line = lx->line;	/* an error below is located too */
	if (!lex_skip(lx)) {
		t->line = lx->line;
		lex_error(lx, t, "unterminated comment");
		return;
	}
	t->line = lx->line;
	if (lx->p >= lx->end) {
		t->type = TK_EOF;
		return;
	}
	c = *lx->p;
	if (c == '"' || (c == '\'' && (lx->flags & LX_SQUOTE))) {
		lex_string(lx, t);
		return;
	}
	for (size_t i = 0; lx->ops != NULL && lx->ops[i] != NULL; i++) {
		size_t len = strlen(lx->ops[i]);

		if ((size_t)(lx->end - lx->p) >= len &&
		    memcmp(lx->p, lx->ops[i], len) == 0) {
			memcpy(lx->buf, lx->p, len);
			lx->buf[len] = '\0';
			lx->p += len;
			t->type = TK_PUNCT;
			t->text = lx->buf;
			return;
		}
	}
	if (strchr(lx->punct, c) != NULL) {
		lx->buf[0] = c;
		lx->buf[1] = '\0';
		lx->p++;
		t->type = TK_PUNCT;
		t->text = lx->buf;
		return;
	}
	while (lx->p < lx->end && (c = *lx->p) != '\n' && !blank(c) &&
	    strchr(lx->punct, c) == NULL && c != '"' &&
	    !(c == '\'' && (lx->flags & LX_SQUOTE))) {
		if (n + 1 >= sizeof(lx->buf)) {
			lex_error(lx, t, "word too long");
			return;
		}
		lx->buf[n++] = *lx->p++;
	}
	lx->buf[n] = '\0';
	t->type = TK_WORD;
	t->text = lx->buf;
}
