/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * libmap.conf(5), as rtld-elf reads it (libexec/rtld-elf/libmap.c).
 * Used by the FreeBSD rules in rtld_freebsd.c.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rtld.h"

/* --- libmap.conf ---
 *
 * libmap.c keeps its sections (lmp) and each section's mappings (lm) in
 * lists where every insertion goes to the head, so the newest section and
 * the last line for a name win.  A line is filed with lmp_find(section),
 * which matches the section name *as an object path* against the existing
 * sections: "[/usr/bin/x]" after "[x]" lands in "[x]".  Included files are
 * parsed at the point of the include, each (real) path once.
 */

enum lmp_type { T_EXACT, T_BASENAME, T_DIRECTORY };

struct lm_entry {
	char		*from;
	char		*to;
};

struct lm_scope {			/* one section (lmp) */
	char		*key;		/* "$DEFAULT$" for no section */
	enum lmp_type	 type;
	struct lm_entry	*ent;		/* oldest first; searched backwards */
	size_t		 n, cap;
};

struct libmap {
	struct lm_scope	*scope;		/* oldest first; searched backwards */
	size_t		 n, cap;
	struct jt_strv	 parsed;	/* files and directories already read */
	struct jt_source *src;		/* while parsing */
	int		 rc;
};

struct libmap *
libmap_new(void)
{
	return (calloc(1, sizeof(struct libmap)));
}

void
libmap_free(struct libmap *lm)
{
	if (lm == NULL)
		return;
	for (size_t i = 0; i < lm->n; i++) {
		for (size_t j = 0; j < lm->scope[i].n; j++) {
			free(lm->scope[i].ent[j].from);
			free(lm->scope[i].ent[j].to);
		}
		free(lm->scope[i].ent);
		free(lm->scope[i].key);
	}
	free(lm->scope);
	strv_free(&lm->parsed);
	free(lm);
}

/* lmp_find(): the newest section matching an object path. */
static struct lm_scope *
lmp_find(const struct libmap *lm, const char *n)
{
	for (size_t i = lm->n; i-- > 0;) {
		struct lm_scope *s = &lm->scope[i];

		if ((s->type == T_EXACT && strcmp(n, s->key) == 0) ||
		    (s->type == T_DIRECTORY &&
		    strncmp(n, s->key, strlen(s->key)) == 0) ||
		    (s->type == T_BASENAME &&
		    strcmp(path_basename(n), s->key) == 0))
			return (s);
	}
	return (NULL);
}

/* lmp_init(): a new, newest section. */
static struct lm_scope *
lmp_init(struct libmap *lm, const char *key)
{
	struct lm_scope *s, *ns;
	size_t klen = strlen(key);

	if (lm->n == lm->cap) {
		size_t ncap = lm->cap ? lm->cap * 2 : 4;

		if ((ns = reallocarray(lm->scope, ncap, sizeof(*ns))) == NULL)
			return (NULL);
		lm->scope = ns;
		lm->cap = ncap;
	}
	s = &lm->scope[lm->n];
	memset(s, 0, sizeof(*s));
	if ((s->key = strdup(key)) == NULL)
		return (NULL);
	if (klen > 0 && key[klen - 1] == '/')
		s->type = T_DIRECTORY;
	else if (strchr(key, '/') == NULL)
		s->type = T_BASENAME;
	else
		s->type = T_EXACT;
	lm->n++;
	return (s);
}

static int
lm_add(struct libmap *lm, const char *key, const char *from, const char *to)
{
	struct lm_scope *s;
	struct lm_entry *ne;

	if (key == NULL)
		key = "$DEFAULT$";
	if ((s = lmp_find(lm, key)) == NULL && (s = lmp_init(lm, key)) == NULL)
		return (JT_ENOMEM);
	if (s->n == s->cap) {
		size_t ncap = s->cap ? s->cap * 2 : 8;

		if ((ne = reallocarray(s->ent, ncap, sizeof(*ne))) == NULL)
			return (JT_ENOMEM);
		s->ent = ne;
		s->cap = ncap;
	}
	s->ent[s->n].from = strdup(from);
	s->ent[s->n].to = strdup(to);
	if (s->ent[s->n].from == NULL || s->ent[s->n].to == NULL) {
		free(s->ent[s->n].from);
		free(s->ent[s->n].to);
		return (JT_ENOMEM);
	}
	s->n++;
	return (0);
}

static void libmap_file(struct libmap *lm, const char *path, int depth);
static void libmap_dir(struct libmap *lm, const char *path, int depth);

/* rtld_isspace() and iseol() of libmap.c. */
#define LM_SPACE(c)	((c) == ' ' || (c) == '\t')
#define LM_EOL(c)	((c) == '#' || (c) == '\0' || (c) == '\n' || (c) == '\r')

struct lm_parse {
	struct libmap	*lm;
	char		 prog[PATH_MAX];	/* current section */
	bool		 in_section;
	int		 depth;
};

/* One line, as lmc_parse() reads it: anything unexpected skips it. */
static void
lm_line(void *arg, const char *text, size_t n)
{
	struct lm_parse *p = arg;
	char line[PATH_MAX + 13], *cp = line, *f, *t, *c;

	if (p->lm->rc != 0)
		return;
	if (n > sizeof(line) - 1)
		n = sizeof(line) - 1;	/* rtld truncates long lines */
	memcpy(line, text, n);
	line[n] = '\0';
	while (LM_SPACE(*cp))
		cp++;
	if (LM_EOL(*cp))
		return;
	if (*cp == '[') {
		cp++;
		while (LM_SPACE(*cp))
			cp++;
		if (LM_EOL(*cp) || *cp == ']')
			return;
		c = cp++;
		while (!LM_SPACE(*cp) && !LM_EOL(*cp) && *cp != ']')
			cp++;
		while (LM_SPACE(*cp))
			*cp++ = '\0';
		if (*cp != ']')
			return;
		*cp++ = '\0';
		while (LM_SPACE(*cp))
			cp++;
		if (!LM_EOL(*cp) || strlen(c) >= sizeof(p->prog))
			return;
		memcpy(p->prog, c, strlen(c) + 1);
		p->in_section = true;
		return;
	}
	f = cp++;
	while (!LM_SPACE(*cp) && !LM_EOL(*cp))
		cp++;
	while (LM_SPACE(*cp))
		*cp++ = '\0';
	if (LM_EOL(*cp))
		return;
	t = cp++;
	while (!LM_SPACE(*cp) && !LM_EOL(*cp))
		cp++;
	while (LM_SPACE(*cp))
		*cp++ = '\0';
	if (!LM_EOL(*cp))
		return;			/* extra tokens */
	*cp = '\0';
	if (strcmp(f, "includedir") == 0)
		libmap_dir(p->lm, t, p->depth + 1);
	else if (strcmp(f, "include") == 0)
		libmap_file(p->lm, t, p->depth + 1);
	else
		p->lm->rc = lm_add(p->lm, p->in_section ? p->prog : NULL, f, t);
}

static void
libmap_parse(struct libmap *lm, const char *buf, size_t len, int depth)
{
	/* The section is local to each file (lmc_parse()'s "p"). */
	struct lm_parse p = { .lm = lm, .depth = depth };

	each_line(buf, len, lm_line, &p);
}

int
libmap_parse_buf(struct libmap *lm, const char *buf, size_t len)
{
	lm->rc = 0;
	libmap_parse(lm, buf, len, 0);
	return (lm->rc);
}

/* realpath() inside the root, and the "each path once" rule. */
static bool
first_visit(struct libmap *lm, const char *path, char *real, size_t len)
{
	struct jt_err e;

	if (lm->src == NULL || jt_source_resolve(lm->src, path, true, real,
	    len, NULL, NULL, &e) != 0 || strv_has(&lm->parsed, real))
		return (false);
	if (strv_push(&lm->parsed, real) != 0) {
		lm->rc = JT_ENOMEM;
		return (false);
	}
	return (true);
}

static void
libmap_file(struct libmap *lm, const char *path, int depth)
{
	char real[PATH_MAX];
	struct jt_err e;
	void *buf;
	size_t len;

	if (depth > 16 || !first_visit(lm, path, real, sizeof(real)))
		return;
	if (jt_source_read(lm->src, real, &buf, &len, &e) == 0)
		libmap_parse(lm, buf, len, depth);
}

struct conf_dir {
	struct libmap	*lm;
	const char	*dir;		/* as written: rtld joins it as is */
	int		 depth;
};

/* includedir reads only DT_REG entries whose last "." starts ".conf". */
static int
libmap_dirent(void *arg, const char *name, const struct jt_stat *st)
{
	struct conf_dir *cd = arg;
	const char *ext = strrchr(name, '.');
	char path[PATH_MAX];

	if (st->type != JT_FT_REG || ext == NULL || strcmp(ext, ".conf") != 0)
		return (0);
	if (snprintf(path, sizeof(path), "%s/%s", cd->dir, name) <
	    (int)sizeof(path))
		libmap_file(cd->lm, path, cd->depth);
	return (cd->lm->rc);
}

static void
libmap_dir(struct libmap *lm, const char *path, int depth)
{
	struct conf_dir cd = { lm, path, depth };
	char real[PATH_MAX];
	struct jt_err e;

	/* rtld reads the directory in readdir order; we read it sorted. */
	if (depth <= 16 && first_visit(lm, path, real, sizeof(real)))
		(void)jt_source_readdir(lm->src, real, libmap_dirent, &cd, &e);
}

static const char *
lml_find(const struct lm_scope *s, const char *name)
{
	if (s == NULL)
		return (NULL);
	for (size_t i = s->n; i-- > 0;)
		if (strcmp(s->ent[i].from, name) == 0)
			return (s->ent[i].to);
	return (NULL);
}

/*
 * lm_find(): a match in the object's section wins and is then added to
 * the head of the global list (lm_add(NULL, f, t)), so it also applies to
 * every later lookup of that name in the process: kept per closure in st,
 * in front of the configured global mappings.
 */
const char *
libmap_lookup(const struct libmap *lm, struct fbsd_state *st,
    const char *objpath, const char *name)
{
	const char *t;

	if (lm == NULL)
		return (NULL);
	if (objpath != NULL &&
	    (t = lml_find(lmp_find(lm, objpath), name)) != NULL) {
		if (st != NULL)
			(void)map_put(&st->learned, name, (void *)(uintptr_t)t);
		return (t);
	}
	if (st != NULL && (t = map_get(&st->learned, name)) != NULL)
		return (t);
	return (lml_find(lmp_find(lm, "$DEFAULT$"), name));
}

const char *
libmap_find(const struct libmap *lm, const char *objpath, const char *name)
{
	return (libmap_lookup(lm, NULL, objpath, name));
}


int
libmap_load(struct libmap *lm, struct jt_source *src, const char *path)
{
	lm->src = src;
	libmap_file(lm, path, 0);
	lm->src = NULL;
	return (lm->rc);
}
