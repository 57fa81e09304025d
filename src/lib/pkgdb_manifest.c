/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * pkg(8) package archives' own description: +MANIFEST (and the smaller
 * +COMPACT_MANIFEST, without files), the first members of a .pkg.  pkg
 * writes them as UCL emitted in JSON form (libpkg's pkg_emit_manifest):
 *   {"name":"curl","origin":"ftp/curl","version":"8.4.0","abi":"FreeBSD:14:amd64",
 *    "prefix":"/usr/local","flatsize":4711,
 *    "deps":{"libnghttp2":{"origin":"www/libnghttp2","version":"1.58.0"}},
 *    "files":{"/usr/local/bin/curl":"1$<sha256 hex>"},
 *    "directories":{"/usr/local/share/curl/":"y"},
 *    "config":["/usr/local/etc/curl.conf"]}
 * A file's value may also be an object with "sum" (older pkg).  The
 * parser below is a bounded JSON reader for exactly that: depth, sizes and
 * counts are limited, anything else is an error naming the manifest.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <archive.h>
#include <archive_entry.h>

#include "jailtrim/pkgdb.h"
#include "jailtrim/source.h"
#include "pkgdb_int.h"

#define DEPTH_MAX	32
#define MANIFEST_MAX	((size_t)64 << 20)

enum { J_NULL, J_BOOL, J_NUM, J_STR, J_ARR, J_OBJ };

struct jnode {
	int		 type;
	const char	*key;		/* member of an object */
	const char	*str;
	int64_t		 num;
	struct jnode	*child, *last, *next;
};

struct jp {
	const char	*p, *end;
	struct jt_arena	 arena;
	const char	*err;
};

static void
ws(struct jp *j)
{
	while (j->p < j->end && (*j->p == ' ' || *j->p == '\t' ||
	    *j->p == '\n' || *j->p == '\r'))
		j->p++;
}

static int
hexval(int c)
{
	if (c >= '0' && c <= '9')
		return (c - '0');
	if (c >= 'a' && c <= 'f')
		return (c - 'a' + 10);
	if (c >= 'A' && c <= 'F')
		return (c - 'A' + 10);
	return (-1);
}

/* \uXXXX as UTF-8 (a lone surrogate becomes '?'). */
static size_t
utf8(char *o, unsigned u)
{
	if (u >= 0xd800 && u <= 0xdfff)
		u = '?';
	if (u < 0x80) {
		o[0] = (char)u;
		return (1);
	}
	if (u < 0x800) {
		o[0] = (char)(0xc0 | (u >> 6));
		o[1] = (char)(0x80 | (u & 0x3f));
		return (2);
	}
	o[0] = (char)(0xe0 | (u >> 12));
	o[1] = (char)(0x80 | ((u >> 6) & 0x3f));
	o[2] = (char)(0x80 | (u & 0x3f));
	return (3);
}

static const char *
jstring(struct jp *j)
{
	const char *s = ++j->p;
	char *out, *o;
	unsigned u;

	while (j->p < j->end && *j->p != '"')
		j->p += *j->p == '\\' ? 2 : 1;
	if (j->p >= j->end) {
		j->err = "unterminated string";
		return (NULL);
	}
	/* unescaped text is never longer than the escaped one */
	if ((out = o = arena_alloc(&j->arena, (size_t)(j->p - s) + 1)) == NULL)
		return (NULL);
	for (; s < j->p; s++) {
		if (*s != '\\') {
			*o++ = *s;
			continue;
		}
		switch (*++s) {
		case 'n': *o++ = '\n'; break;
		case 't': *o++ = '\t'; break;
		case 'r': *o++ = '\r'; break;
		case 'b': *o++ = '\b'; break;
		case 'f': *o++ = '\f'; break;
		case 'u':
			u = 0;
			for (int k = 1; k <= 4; k++)
				u = u * 16 + (unsigned)(s + k < j->p &&
				    hexval(s[k]) >= 0 ? hexval(s[k]) : 0);
			s += s + 4 < j->p ? 4 : (size_t)(j->p - s - 1);
			o += utf8(o, u);
			break;
		default: *o++ = *s; break;
		}
	}
	*o = '\0';
	j->p++;
	return (out);
}

static struct jnode *jvalue(struct jp *j, int depth);

static struct jnode *
jnew(struct jp *j, int type)
{
	struct jnode *n = arena_alloc(&j->arena, sizeof(*n));

	if (n != NULL) {
		memset(n, 0, sizeof(*n));
		n->type = type;
	}
	return (n);
}

static void
append(struct jnode *parent, struct jnode *c)
{
	if (parent->last != NULL)
		parent->last->next = c;
	else
		parent->child = c;
	parent->last = c;
}

static struct jnode *
jcompound(struct jp *j, int depth, bool obj)
{
	struct jnode *n = jnew(j, obj ? J_OBJ : J_ARR), *c;
	const char *key = NULL;
	char close = obj ? '}' : ']';

	if (n == NULL)
		return (NULL);
	j->p++;
	for (ws(j); j->p < j->end && *j->p != close; ws(j)) {
		if (obj) {
			if (*j->p != '"' || (key = jstring(j)) == NULL) {
				j->err = j->err ? j->err : "a key expected";
				return (NULL);
			}
			ws(j);
			if (j->p >= j->end || (*j->p != ':' && *j->p != '=')) {
				j->err = "':' expected";
				return (NULL);
			}
			j->p++;
		}
		if ((c = jvalue(j, depth + 1)) == NULL)
			return (NULL);
		c->key = key;
		append(n, c);
		ws(j);
		if (j->p < j->end && (*j->p == ',' || *j->p == ';'))
			j->p++;
		else if (j->p < j->end && *j->p != close) {
			j->err = "',' expected";
			return (NULL);
		}
	}
	if (j->p >= j->end) {
		j->err = "unterminated object or array";
		return (NULL);
	}
	j->p++;
	return (n);
}

static struct jnode *
jscalar(struct jp *j)
{
	static const struct { const char *w; int type; } words[] = {
	    { "true", J_BOOL }, { "false", J_BOOL }, { "null", J_NULL } };
	struct jnode *n;
	char *e;

	for (size_t i = 0; i < 3; i++) {
		size_t l = strlen(words[i].w);

		if ((size_t)(j->end - j->p) >= l &&
		    memcmp(j->p, words[i].w, l) == 0) {
			j->p += l;
			if ((n = jnew(j, words[i].type)) != NULL)
				n->num = i == 0;
			return (n);
		}
	}
	if (j->p < j->end && (*j->p == '-' || (*j->p >= '0' && *j->p <= '9'))) {
		char num[32];
		size_t l = 0;

		while (j->p + l < j->end && l < sizeof(num) - 1 &&
		    strchr("+-.eE0123456789", j->p[l]) != NULL) {
			num[l] = j->p[l];
			l++;
		}
		num[l] = '\0';
		j->p += l;
		if ((n = jnew(j, J_NUM)) != NULL)
			n->num = strtoll(num, &e, 10);
		return (n);
	}
	j->err = "a value expected";
	return (NULL);
}

static struct jnode *
jvalue(struct jp *j, int depth)
{
	struct jnode *n;
	const char *s;

	if (depth > DEPTH_MAX) {
		j->err = "nested too deep";
		return (NULL);
	}
	ws(j);
	if (j->p >= j->end) {
		j->err = "a value expected";
		return (NULL);
	}
	if (*j->p == '{' || *j->p == '[')
		return (jcompound(j, depth, *j->p == '{'));
	if (*j->p == '"') {
		if ((s = jstring(j)) == NULL || (n = jnew(j, J_STR)) == NULL)
			return (NULL);
		n->str = s;
		return (n);
	}
	return (jscalar(j));
}

static const struct jnode *
member(const struct jnode *o, const char *key)
{
	if (o == NULL || o->type != J_OBJ)
		return (NULL);
	for (const struct jnode *c = o->child; c != NULL; c = c->next)
		if (strcmp(c->key, key) == 0)
			return (c);
	return (NULL);
}

static const char *
mstr(const struct jnode *o, const char *key)
{
	const struct jnode *n = member(o, key);

	return (n != NULL && n->type == J_STR ? n->str : NULL);
}

/* A sum as recorded: "1$<hex>" or plain hex is sha256, else other. */
static enum jt_pkg_sum
sum_of(const char *s, const char **hex)
{
	size_t n;

	*hex = s;
	if (s == NULL || *s == '\0')
		return (JT_PKG_SUM_NONE);
	if (strncmp(s, "1$", 2) == 0)
		*hex = s + 2;
	n = strlen(*hex);
	if (n != 64 || strspn(*hex, "0123456789abcdef") != 64) {
		*hex = s;
		return (JT_PKG_SUM_OTHER);
	}
	return (JT_PKG_SUM_SHA256);
}

static int
load_files(struct jt_pkgdb *db, struct pkg_build *b, const struct jnode *m,
    struct jt_err *err)
{
	const struct jnode *f = member(m, "files"), *c;
	const char *sum, *hex;
	enum jt_pkg_sum alg;
	int rc;

	for (c = f != NULL ? f->child : NULL; c != NULL; c = c->next) {
		if (f->type != J_OBJ || c->key[0] != '/')
			continue;
		sum = c->type == J_STR ? c->str : mstr(c, "sum");
		alg = sum_of(sum, &hex);
		if ((rc = jt__pkg_file(db, b, false, c->key, alg !=
		    JT_PKG_SUM_NONE ? hex : NULL, alg, err)) != 0)
			return (rc);
	}
	f = member(m, "config");
	for (c = f != NULL ? f->child : NULL; c != NULL; c = c->next) {
		const struct jnode *fs = member(member(m, "files"),
		    c->str != NULL ? c->str : "");

		if (c->type != J_STR || c->str[0] != '/')
			continue;
		sum = fs == NULL ? NULL : fs->type == J_STR ? fs->str :
		    mstr(fs, "sum");
		alg = sum_of(sum, &hex);
		if ((rc = jt__pkg_file(db, b, true, c->str, alg !=
		    JT_PKG_SUM_NONE ? hex : NULL, alg, err)) != 0)
			return (rc);
	}
	return (0);
}

static int
load_rest(struct jt_pkgdb *db, struct pkg_build *b, const struct jnode *m,
    struct jt_err *err)
{
	const struct jnode *n, *c;
	struct jt_pkg_dep d;
	char dir[4096];
	size_t l;
	int rc;

	n = member(m, "directories");
	for (c = n != NULL ? n->child : NULL; c != NULL; c = c->next) {
		const char *p = n->type == J_OBJ ? c->key : c->str;

		if (p == NULL || p[0] != '/' || (l = strlen(p)) >= sizeof(dir))
			continue;
		memcpy(dir, p, l + 1);
		while (l > 1 && dir[l - 1] == '/')	/* pkg writes "dir/" */
			dir[--l] = '\0';
		if ((rc = jt__pkg_dir(db, b, dir, err)) != 0)
			return (rc);
	}
	n = member(m, "deps");
	for (c = n != NULL ? n->child : NULL; c != NULL; c = c->next) {
		if (n->type != J_OBJ || c->key[0] == '\0')
			continue;
		d.name = c->key;
		d.origin = mstr(c, "origin");
		d.version = mstr(c, "version");
		d.group = (unsigned)b->pkg.ndeps;
		if ((rc = jt__pkg_dep(db, b, &d, err)) != 0)
			return (rc);
	}
	return (0);
}

static const char *
sdup(struct jt_pkgdb *db, const char *s)
{
	return (s != NULL ? jt__pkgdb_str(db, s, strlen(s)) : NULL);
}

int
jt__pkgdb_manifest(struct jt_pkgdb *db, const char *buf, size_t len,
    const char *what, struct jt_err *err)
{
	struct jp j = { buf, buf + len, { NULL }, NULL };
	const struct jnode *m, *n;
	struct pkg_build *b;
	const char *name;
	size_t i;
	int rc;

	if (len > MANIFEST_MAX) {
		rc = jt_err_set(err, JT_EFORMAT, 0, what, "%zu bytes: more "
		    "than %zu", len, MANIFEST_MAX);
		goto out;
	}
	if ((m = jvalue(&j, 0)) == NULL || m->type != J_OBJ) {
		rc = jt_err_set(err, j.err || m ? JT_EFORMAT : JT_ENOMEM, 0,
		    what, "not a pkg manifest: %s at byte %zu", j.err != NULL ?
		    j.err : m != NULL ? "not an object" : "out of memory",
		    (size_t)(j.p - buf));
		goto out;
	}
	if ((name = mstr(m, "name")) == NULL || name[0] == '\0') {
		rc = jt_err_set(err, JT_EFORMAT, 0, what,
		    "not a pkg manifest: no name");
		goto out;
	}
	for (i = 0; i < db->n; i++)	/* the root's database wins */
		if (strcmp(db->pkgs[i].pkg.name, name) == 0)
			break;
	rc = 0;
	if (i < db->n || (rc = jt__pkgdb_add(db, &i, err)) != 0)
		goto out;
	b = &db->pkgs[i];
	b->pkg.name = sdup(db, name);
	b->pkg.version = sdup(db, mstr(m, "version") ? mstr(m, "version") : "");
	b->pkg.origin = sdup(db, mstr(m, "origin"));
	b->pkg.arch = sdup(db, mstr(m, "abi") ? mstr(m, "abi") :
	    mstr(m, "arch"));
	b->pkg.prefix = sdup(db, mstr(m, "prefix"));
	if ((n = member(m, "flatsize")) != NULL && n->type == J_NUM)
		b->pkg.flatsize = n->num;
	if ((n = member(m, "automatic")) != NULL && n->type == J_BOOL)
		b->pkg.automatic = n->num != 0;
	if (b->pkg.name == NULL || b->pkg.version == NULL) {
		rc = jt_err_set(err, JT_ENOMEM, ENOMEM, what, "names");
		goto out;
	}
	if ((rc = load_files(db, b, m, err)) == 0)
		rc = load_rest(db, b, m, err);
out:
	arena_free(&j.arena);
	return (rc);
}

/*
 * The manifest of the .pkg archive at host path spec: +MANIFEST, else
 * +COMPACT_MANIFEST; JT_ENOENT when the file is no pkg archive.
 */
static int
read_manifest(const char *spec, char **buf, size_t *len, struct jt_err *err)
{
	struct archive *a = archive_read_new();
	struct archive_entry *e;
	const char *name;
	int rc = JT_ENOENT;
	la_ssize_t got;
	int64_t size;

	*buf = NULL;
	archive_read_support_filter_all(a);
	archive_read_support_format_all(a);
	if (archive_read_open_filename(a, spec, 65536) != ARCHIVE_OK)
		goto out;
	while (archive_read_next_header(a, &e) == ARCHIVE_OK) {
		name = archive_entry_pathname(e);
		if (name != NULL && strncmp(name, "./", 2) == 0)
			name += 2;
		if (name == NULL || name[0] != '+')
			break;		/* past pkg's metadata */
		if (strcmp(name, "+MANIFEST") != 0 &&
		    (strcmp(name, "+COMPACT_MANIFEST") != 0 || *buf != NULL))
			continue;
		size = archive_entry_size(e);
		if (size < 0 || (uint64_t)size > MANIFEST_MAX) {
			rc = jt_err_set(err, JT_EFORMAT, 0, spec, "%s of %lld "
			    "bytes", name, (long long)size);
			goto out;
		}
		free(*buf);
		if ((*buf = malloc((size_t)size + 1)) == NULL) {
			rc = jt_err_set(err, JT_ENOMEM, errno, spec, "%s", name);
			goto out;
		}
		got = archive_read_data(a, *buf, (size_t)size);
		if (got != (la_ssize_t)size) {
			rc = jt_err_set(err, JT_EIO, 0, spec, "%s: %s", name,
			    archive_error_string(a) ? archive_error_string(a) :
			    "short read");
			goto out;
		}
		*len = (size_t)size;
		rc = 0;
		if (strcmp(name, "+MANIFEST") == 0)
			break;
	}
out:
	if (rc != 0) {
		free(*buf);
		*buf = NULL;
	}
	archive_read_free(a);
	return (rc);
}

int
jt__pkgdb_layers(struct jt_pkgdb *db, struct jt_source *src,
    struct jt_err *err)
{
	char what[1024], *buf;
	const char *spec;
	size_t len = 0;
	int rc;

	for (size_t i = 0; i < jt_source_nlayers(src); i++) {
		spec = jt_source_layer_spec(src, i);
		rc = read_manifest(spec, &buf, &len, err);
		if (rc == JT_ENOENT)
			continue;
		if (rc != 0)
			return (rc);
		snprintf(what, sizeof(what), "%s: +MANIFEST", spec);
		jt__pkgdb_read(db, ".pkg layer", what);
		rc = jt__pkgdb_manifest(db, buf, len, what, err);
		free(buf);
		if (rc != 0)
			return (rc);
		if (db->kind == JT_PKGDB_NONE) {
			db->kind = JT_PKGDB_MANIFEST;
			strlcpy(db->path, what, sizeof(db->path));
		}
	}
	return (0);
}
