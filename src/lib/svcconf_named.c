/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * BIND named.conf (BIND 9 ARM, "Configuration File Grammar"; lib/isccfg's
 * lexer; facts §4.2): statements end with ";", blocks are "{ ... };",
 * comments are "//", "#" and C-style, strings are double-quoted.
 *   include "FILE";			anywhere a statement may be
 *   options { directory "DIR"; key-directory "DIR";
 *	managed-keys-directory "DIR"; };
 *   zone "NAME" [CLASS] { type T; file "FILE"; key-directory "DIR"; };
 *					at the top or in a view
 *   options { pid-file "FILE"; session-keyfile "FILE"; };
 *					files named writes: their directories
 *   tls NAME { key-file "F"; cert-file "F"; ca-file "F";
 *	dhparam-file "F"; };		(BIND 9.18 namedconf.c tls_clauses)
 * The whole file is parsed before named changes to "directory", so
 * relative include paths are relative to the directory named was
 * started in, "/" under rc(8) and systemd; zone files and key directories
 * are relative to "directory", and so are the pid file and the TLS files
 * (named reads and writes them after changing to it).  A key file others
 * can read is a warning; "none" (pid-file none) names no file.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "svcconf_int.h"

#define MAX_BLOCKS	32
#define MAX_ZONES	65536

/* A path named somewhere, resolved once "directory" is known. */
struct npath {
	char	*path;
	char	*file;			/* where it was named */
	int	 line;
	char	*why;
	bool	 optional;		/* a secondary zone's file */
	bool	 dir;			/* a directory, not a file */
	bool	 place;			/* a file named writes: its
					   directory, alone */
	bool	 key;			/* may hold a private key */
};

struct named {
	struct scx	*x;
	char		 directory[PATH_MAX];	/* options { directory } */
	char		 head[MAX_BLOCKS][32];	/* open blocks' first words */
	int		 depth;
	int		 zone;			/* depth of the open zone, 0 */
	char		 zname[256];
	char		 ztype[32];
	struct npath	 zfile;			/* of the open zone */
	struct npath	*later;		/* paths relative to directory */
	size_t		 nlater, caplater;
	bool		 ok;			/* false: stop reading */
};

static scx_file_fn nm_file;

static void
np_free(struct npath *p)
{
	free(p->path);
	free(p->file);
	free(p->why);
	memset(p, 0, sizeof(*p));
}

static bool
np_set(struct named *nm, struct npath *p, const char *path, const char *file,
    int line, const char *why)
{
	np_free(p);
	p->line = line;
	if ((p->path = strdup(path)) == NULL ||
	    (p->file = strdup(file)) == NULL ||
	    (p->why = strdup(why)) == NULL) {
		np_free(p);
		scx_oom(nm->x);
		return (false);
	}
	return (true);
}

/* Keep a path to resolve against "directory" at the end. */
static void
nm_later(struct named *nm, const char *path, const char *file, int line,
    const char *why, bool optional, bool dir)
{
	struct npath *p;

	if (nm->nlater >= MAX_ZONES) {
		scx_problem(nm->x, file, line, "more than %d zone files and "
		    "directories; the rest were not followed", MAX_ZONES);
		return;
	}
	if (nm->nlater == nm->caplater) {
		size_t ncap = nm->caplater ? nm->caplater * 2 : 16;

		if ((p = reallocarray(nm->later, ncap, sizeof(*p))) == NULL) {
			scx_oom(nm->x);
			return;
		}
		nm->later = p;
		nm->caplater = ncap;
	}
	p = &nm->later[nm->nlater];
	memset(p, 0, sizeof(*p));
	if (np_set(nm, p, path, file, line, why)) {
		p->optional = optional;
		p->dir = dir;
		nm->nlater++;
	}
}

/* Mark the path nm_later() just kept. */
static void
nm_mark(struct named *nm, size_t before, bool place, bool key)
{
	if (nm->nlater > before) {
		nm->later[nm->nlater - 1].place = place;
		nm->later[nm->nlater - 1].key = key;
	}
}

static void
nm_include(struct named *nm, const char *arg, const char *file, int line)
{
	/* isccfg's parser globs include names (BIND 9.13 and later). */
	const struct scx_inc inc = { .what = "include", .base = "/",
	    .nomatch = "matches nothing", .file = nm_file,
	    .arg = nm };

	scx_include(nm->x, &inc, arg, file, line);
}

/* A statement ended by ";": words w, at line. */
static void
nm_statement(struct named *nm, const struct jt_strv *w, const char *file,
    int line)
{
	const char *top = nm->depth > 0 ? nm->head[nm->depth - 1] : "";
	const char *k = w->v[0];
	char why[PATH_MAX + 64];

	if (w->n < 2)
		return;
	snprintf(why, sizeof(why), "%s in %s line %d", k, file, line);
	if (strcmp(k, "include") == 0) {
		nm_include(nm, w->v[1], file, line);
	} else if (strcmp(top, "options") == 0 && nm->depth == 1 &&
	    strcmp(k, "directory") == 0) {
		if (!abs_join(nm->directory, sizeof(nm->directory), "/",
		    w->v[1]))
			scx_problem(nm->x, file, line, "directory too long");
		nm_later(nm, nm->directory, file, line, why, false, true);
	} else if ((strcmp(top, "options") == 0 || strcmp(top, "zone") == 0 ||
	    strcmp(top, "view") == 0) && (strcmp(k, "key-directory") == 0 ||
	    strcmp(k, "managed-keys-directory") == 0)) {
		nm_later(nm, w->v[1], file, line, why, false, true);
	} else if (strcmp(top, "options") == 0 && nm->depth == 1 &&
	    (strcmp(k, "pid-file") == 0 ||
	    strcmp(k, "session-keyfile") == 0)) {
		size_t before = nm->nlater;

		if (strcmp(w->v[1], "none") == 0)
			return;
		nm_later(nm, w->v[1], file, line, why, false, false);
		nm_mark(nm, before, true, false);
	} else if (strcmp(top, "tls") == 0 && (strcmp(k, "key-file") == 0 ||
	    strcmp(k, "cert-file") == 0 || strcmp(k, "ca-file") == 0 ||
	    strcmp(k, "dhparam-file") == 0)) {
		size_t before = nm->nlater;

		nm_later(nm, w->v[1], file, line, why, false, false);
		nm_mark(nm, before, false, strcmp(k, "key-file") == 0);
	} else if (strcmp(top, "zone") == 0 && strcmp(k, "file") == 0) {
		snprintf(why, sizeof(why), "zone %s in %s line %d", nm->zname,
		    file, line);
		(void)np_set(nm, &nm->zfile, w->v[1], file, line, why);
	} else if (strcmp(top, "zone") == 0 && strcmp(k, "type") == 0) {
		snprintf(nm->ztype, sizeof(nm->ztype), "%s", w->v[1]);
	}
}

static void
nm_open_block(struct named *nm, const struct jt_strv *w, const char *file,
    int line)
{
	if (nm->depth >= MAX_BLOCKS) {
		scx_problem(nm->x, file, line, "blocks nested deeper than %d; "
		    "the rest of the configuration was not read", MAX_BLOCKS);
		nm->ok = false;
		return;
	}
	snprintf(nm->head[nm->depth++], sizeof(nm->head[0]), "%s",
	    w->n > 0 ? w->v[0] : "");
	if (w->n >= 2 && strcmp(w->v[0], "zone") == 0 && nm->zone == 0) {
		nm->zone = nm->depth;
		snprintf(nm->zname, sizeof(nm->zname), "%s", w->v[1]);
		nm->ztype[0] = '\0';
		np_free(&nm->zfile);
	}
}

static void
nm_close_block(struct named *nm, const char *file, int line)
{
	bool secondary;

	if (nm->depth == 0) {
		scx_problem(nm->x, file, line, "'}' without '{'; the rest of "
		    "the file was not read");
		nm->ok = false;
		return;
	}
	if (nm->zone == nm->depth) {
		/* A secondary's file is written by named after a transfer. */
		secondary = strcmp(nm->ztype, "slave") == 0 ||
		    strcmp(nm->ztype, "secondary") == 0 ||
		    strcmp(nm->ztype, "mirror") == 0 ||
		    strcmp(nm->ztype, "stub") == 0;
		if (nm->zfile.path != NULL)
			nm_later(nm, nm->zfile.path, nm->zfile.file,
			    nm->zfile.line, nm->zfile.why, secondary, false);
		np_free(&nm->zfile);
		nm->zone = 0;
	}
	nm->depth--;
}

static void
nm_file(void *arg, const char *path, const char *why, const char *from,
    int fromline)
{
	struct named *nm = arg;
	struct jt_strv w = { 0 };
	struct lexer *lx;
	struct token t;
	const char *buf;
	size_t len;
	int first = 0;

	if (scx_open(nm->x, path, why, from, fromline, false, &buf, &len) != 0)
		return;
	if ((lx = malloc(sizeof(*lx))) == NULL) {
		scx_oom(nm->x);
		goto out;
	}
	lex_init(lx, buf, len, LX_HASH | LX_SLASH2 | LX_CBLOCK, ";{}", NULL);
	for (lex_next(lx, &t); t.type != TK_EOF && nm->ok && nm->x->rc == 0;
	    lex_next(lx, &t)) {
		if (t.type == TK_ERROR) {
			scx_problem(nm->x, path, t.line, "%s; the rest of the "
			    "file was not read", t.text);
			break;
		}
		if (t.type != TK_PUNCT) {
			if (w.n == 0)
				first = t.line;
			if (w.n < 8 && strv_push(&w, t.text) != 0)
				scx_oom(nm->x);
			continue;
		}
		if (t.text[0] == ';' && w.n > 0)
			nm_statement(nm, &w, path, first);
		else if (t.text[0] == '{')
			nm_open_block(nm, &w, path, t.line);
		else if (t.text[0] == '}')
			nm_close_block(nm, path, t.line);
		strv_free(&w);
	}
	free(lx);
out:
	strv_free(&w);
	scx_close(nm->x);
}

static void
nm_resolve(struct named *nm)
{
	char path[PATH_MAX], dir[PATH_MAX];

	for (size_t i = 0; i < nm->nlater && nm->x->rc == 0; i++) {
		struct npath *p = &nm->later[i];

		if (!abs_join(path, sizeof(path), nm->directory, p->path))
			continue;
		if (p->optional && !scx_exists(nm->x, path, JT_FT_NONE)) {
			/* Not transferred yet: named needs its directory. */
			path_dirname(dir, sizeof(dir), path);
			(void)scx_need(nm->x, dir, JT_SVC_DIR, p->why, p->file,
			    p->line);
			continue;
		}
		if (p->place) {
			path_dirname(dir, sizeof(dir), path);
			(void)scx_need(nm->x, dir, JT_SVC_PLACE, p->why,
			    p->file, p->line);
			continue;
		}
		if (scx_need(nm->x, path, p->dir ? JT_SVC_DIR : JT_SVC_FILE,
		    p->why, p->file, p->line) && p->key)
			scx_key_mode(nm->x, path, "key-file", p->file,
			    p->line);
	}
}

void
sc_named(struct scx *x, const char *conf)
{
	struct named nm = { .x = x, .ok = true };
	bool fbsd = x->plat == JT_PLAT_FREEBSD;
	const char *etc = fbsd ? "/usr/local/etc/namedb" : "/etc/bind";
	char path[PATH_MAX];

	if (conf == NULL)
		conf = fbsd ? "/usr/local/etc/namedb/named.conf" :
		    "/etc/bind/named.conf";
	/* Without "directory", named stays where it was started. */
	snprintf(nm.directory, sizeof(nm.directory), "/");
	nm_file(&nm, conf, "named configuration", NULL, 0);
	if (nm.depth > 0 && nm.ok)
		scx_problem(x, conf, 0, "unclosed '{' at the end of the "
		    "configuration");
	nm_resolve(&nm);
	/*
	 * Read without being named: the control channel's key (facts §4.2:
	 * without it rndc is disabled) and the trust anchors for
	 * "dnssec-validation auto", both in sysconfdir.
	 */
	snprintf(path, sizeof(path), "%s/rndc.key", etc);
	if (x->rc == 0 && scx_exists(x, path, JT_FT_REG))
		scx_add(x, path, JT_SVC_FILE, "named's default control key");
	snprintf(path, sizeof(path), "%s/bind.keys", etc);
	if (x->rc == 0 && scx_exists(x, path, JT_FT_REG))
		scx_add(x, path, JT_SVC_FILE, "named's bindkeys-file");
	for (size_t i = 0; i < nm.nlater; i++)
		np_free(&nm.later[i]);
	free(nm.later);
	np_free(&nm.zfile);
}
