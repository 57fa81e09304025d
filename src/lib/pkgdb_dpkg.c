/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Debian's dpkg database: the status file (deb822 paragraphs, as dpkg's
 * parse.c reads them) and, per package, info/NAME[:ARCH].list (every path
 * the package installed, directories included) and .md5sums ("hex  path",
 * relative to the root).
 */
#include <ctype.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "jailtrim/pkgdb.h"
#include "jailtrim/source.h"
#include "pkgdb_int.h"

/* A field longer than this is not dpkg's (Conffiles of big packages: KBs). */
#define FIELD_MAX	((size_t)4 << 20)

struct span {
	const char	*s;
	size_t		 n;
};

/* The fields read, of one paragraph. */
enum { F_PACKAGE, F_STATUS, F_VERSION, F_ARCH, F_DEPENDS, F_PREDEPENDS,
	F_PROVIDES, F_CONFFILES, F_SIZE, F_N };
static const char *const fields[F_N] = { "Package", "Status", "Version",
	"Architecture", "Depends", "Pre-Depends", "Provides", "Conffiles",
	"Installed-Size" };

struct para {
	struct span	 f[F_N];
	size_t		 line;		/* where it begins, for errors */
};

static void
trim(struct span *v)
{
	while (v->n > 0 && isspace((unsigned char)v->s[0])) {
		v->s++;
		v->n--;
	}
	while (v->n > 0 && isspace((unsigned char)v->s[v->n - 1]))
		v->n--;
}

static int
bad(struct jt_pkgdb *db, size_t line, const char *what, struct jt_err *err)
{
	return (jt_err_set(err, JT_EFORMAT, 0, db->path, "line %zu: %s",
	    line, what));
}

/* The next word of *v (up to a blank or one of stops), consumed. */
static struct span
word(struct span *v, const char *stops)
{
	struct span w = { v->s, 0 };

	while (w.n < v->n && !isspace((unsigned char)v->s[w.n]) &&
	    strchr(stops, v->s[w.n]) == NULL)
		w.n++;
	v->s += w.n;
	v->n -= w.n;
	trim(v);
	return (w);
}

/* Split *v at the first c: *v is what follows, the result what precedes. */
static struct span
split(struct span *v, char c)
{
	const char *p = memchr(v->s, c, v->n);
	struct span h = *v;

	if (p == NULL) {
		v->s += v->n;
		v->n = 0;
	} else {
		h.n = (size_t)(p - v->s);
		v->n -= h.n + 1;
		v->s = p + 1;
	}
	trim(&h);
	return (h);
}

static bool
installed(struct span st)
{
	static const char *const ok[] = { "installed", "half-configured",
	    "unpacked", "triggers-awaited", "triggers-pending" };
	struct span w;

	trim(&st);
	(void)word(&st, "");	/* want */
	(void)word(&st, "");	/* flag */
	w = word(&st, "");
	for (size_t i = 0; i < sizeof(ok) / sizeof(ok[0]); i++)
		if (w.n == strlen(ok[i]) && memcmp(w.s, ok[i], w.n) == 0)
			return (true);
	return (false);
}

static const char *
str(struct jt_pkgdb *db, struct span v)
{
	return (jt__pkgdb_str(db, v.s != NULL ? v.s : "", v.n));
}

/* "a (>= 1) | b:any, c" into deps, one group per comma. */
static int
deps(struct jt_pkgdb *db, struct pkg_build *b, struct span v,
    unsigned *group, struct jt_err *err)
{
	struct jt_pkg_dep d = { 0 };
	struct span clause, alt, name, ver = { NULL, 0 };
	char nm[256], vb[256];
	int rc;

	while (v.n > 0) {
		clause = split(&v, ',');
		while (clause.n > 0) {
			alt = split(&clause, '|');
			name = word(&alt, "(:[<");
			if (alt.n > 0 && alt.s[0] == ':')	/* b:any */
				(void)word(&alt, "([<");
			ver.n = 0;
			if (alt.n > 0 && alt.s[0] == '(') {
				const char *cp = memchr(alt.s, ')', alt.n);

				ver.s = alt.s;
				ver.n = cp != NULL ? (size_t)(cp - alt.s + 1) :
				    alt.n;
			}
			if (name.n == 0 || name.n >= sizeof(nm))
				continue;
			memcpy(nm, name.s, name.n);
			nm[name.n] = '\0';
			d.name = nm;
			d.version = NULL;
			if (ver.n > 0 && ver.n < sizeof(vb)) {
				memcpy(vb, ver.s, ver.n);
				vb[ver.n] = '\0';
				d.version = vb;
			}
			d.group = *group;
			if ((rc = jt__pkg_dep(db, b, &d, err)) != 0)
				return (rc);
		}
		(*group)++;
	}
	return (0);
}

static int
provides(struct jt_pkgdb *db, struct pkg_build *b, struct span v,
    struct jt_err *err)
{
	struct span c, name;
	char nm[256];
	int rc;

	while (v.n > 0) {
		c = split(&v, ',');
		name = word(&c, "(:");
		if (name.n == 0 || name.n >= sizeof(nm))
			continue;
		memcpy(nm, name.s, name.n);
		nm[name.n] = '\0';
		if ((rc = jt__pkg_provide(db, b, nm, err)) != 0)
			return (rc);
	}
	return (0);
}

static bool
is_hex(struct span w, size_t n)
{
	if (w.n != n)
		return (false);
	for (size_t i = 0; i < n; i++)
		if (!isxdigit((unsigned char)w.s[i]))
			return (false);
	return (true);
}

/* Conffiles: " /etc/x 0123...abcd [obsolete]" lines. */
static int
conffiles(struct jt_pkgdb *db, struct pkg_build *b, struct span v,
    struct jt_err *err)
{
	struct span ln, path, sum, flag;
	char p[4096], s[33];
	int rc;

	while (v.n > 0) {
		ln = split(&v, '\n');
		path = word(&ln, "");
		sum = word(&ln, "");
		flag = word(&ln, "");
		if (path.n == 0 || path.s[0] != '/' || path.n >= sizeof(p) ||
		    (flag.n == 8 && memcmp(flag.s, "obsolete", 8) == 0))
			continue;
		memcpy(p, path.s, path.n);
		p[path.n] = '\0';
		if (is_hex(sum, 32)) {
			for (size_t i = 0; i < 32; i++)
				s[i] = (char)tolower((unsigned char)sum.s[i]);
			s[32] = '\0';
		}
		if ((rc = jt__pkg_file(db, b, true, p, is_hex(sum, 32) ? s :
		    NULL, JT_PKG_SUM_MD5, err)) != 0)
			return (rc);
	}
	return (0);
}

static int
valid_name(struct span n)
{
	if (n.n == 0 || n.n > 200)
		return (false);
	for (size_t i = 0; i < n.n; i++)
		if (isspace((unsigned char)n.s[i]) || n.s[i] == '/' ||
		    n.s[i] == ':' || n.s[i] == ',' || n.s[i] == '|')
			return (false);
	return (n.s[0] != '.');
}

static int
add_para(struct jt_pkgdb *db, struct para *pa, struct jt_err *err)
{
	struct pkg_build *b;
	unsigned group = 0;
	size_t i;
	int rc;

	for (i = 0; i < F_N; i++)
		trim(&pa->f[i]);
	if (pa->f[F_PACKAGE].s == NULL || !installed(pa->f[F_STATUS]))
		return (0);
	if (!valid_name(pa->f[F_PACKAGE]))
		return (bad(db, pa->line, "Package: not a package name", err));
	if ((rc = jt__pkgdb_add(db, &i, err)) != 0)
		return (rc);
	b = &db->pkgs[i];
	b->pkg.name = str(db, pa->f[F_PACKAGE]);
	b->pkg.version = str(db, pa->f[F_VERSION]);
	b->pkg.arch = pa->f[F_ARCH].n > 0 ? str(db, pa->f[F_ARCH]) : NULL;
	if (b->pkg.name == NULL || b->pkg.version == NULL)
		return (jt_err_set(err, JT_ENOMEM, ENOMEM, db->path, "names"));
	for (size_t k = 0; k < pa->f[F_SIZE].n && k < 15 &&
	    isdigit((unsigned char)pa->f[F_SIZE].s[k]); k++)
		b->pkg.flatsize = b->pkg.flatsize * 10 +
		    (pa->f[F_SIZE].s[k] - '0');
	b->pkg.flatsize *= 1024;	/* Installed-Size is in KiB */
	if ((rc = deps(db, b, pa->f[F_PREDEPENDS], &group, err)) != 0 ||
	    (rc = deps(db, b, pa->f[F_DEPENDS], &group, err)) != 0 ||
	    (rc = provides(db, b, pa->f[F_PROVIDES], err)) != 0 ||
	    (rc = conffiles(db, b, pa->f[F_CONFFILES], err)) != 0)
		return (rc);
	return (0);
}

/* One "Name: value" line (with its continuation lines) into pa. */
static int
field(struct jt_pkgdb *db, struct para *pa, struct span ln, size_t line,
    const char *end, struct jt_err *err)
{
	const char *colon = memchr(ln.s, ':', ln.n);
	const char *e = ln.s + ln.n;
	size_t nl;

	if (colon == NULL || colon == ln.s)
		return (bad(db, line, "not a 'Field: value' line", err));
	/* continuation lines begin with a blank */
	while (e < end && e + 1 < end && (e[1] == ' ' || e[1] == '\t')) {
		const char *n = memchr(e + 1, '\n', (size_t)(end - e - 1));

		e = n != NULL ? n : end;
	}
	if ((size_t)(e - colon) > FIELD_MAX)
		return (jt_err_set(err, JT_EFORMAT, 0, db->path,
		    "line %zu: field '%.*s' of %zu bytes: more than %zu", line,
		    (int)(colon - ln.s > 64 ? 64 : colon - ln.s), ln.s,
		    (size_t)(e - colon), FIELD_MAX));
	for (size_t i = 0; i < F_N; i++) {
		nl = strlen(fields[i]);
		if ((size_t)(colon - ln.s) == nl &&
		    strncasecmp(ln.s, fields[i], nl) == 0) {
			pa->f[i].s = colon + 1;
			pa->f[i].n = (size_t)(e - colon - 1);
		}
	}
	return (0);
}

int
jt__pkgdb_dpkg_status(struct jt_pkgdb *db, const char *buf, size_t len,
    struct jt_err *err)
{
	const char *p = buf, *end = buf + len, *nl;
	struct para pa;
	struct span ln;
	size_t line = 0;
	int rc;

	if (memchr(buf, '\0', len) != NULL)
		return (jt_err_set(err, JT_EFORMAT, 0, db->path,
		    "a NUL byte: not a dpkg status file"));
	memset(&pa, 0, sizeof(pa));
	while (p < end) {
		nl = memchr(p, '\n', (size_t)(end - p));
		ln.s = p;
		ln.n = (size_t)((nl != NULL ? nl : end) - p);
		line++;
		if (ln.n == 0 || (ln.n == 1 && p[0] == '\r')) {
			if (pa.line != 0 && (rc = add_para(db, &pa, err)) != 0)
				return (rc);
			memset(&pa, 0, sizeof(pa));
		} else if (p[0] == ' ' || p[0] == '\t') {
			if (pa.line == 0)
				return (bad(db, line, "a continuation line "
				    "begins a paragraph", err));
			/* skipped by field() already */
		} else {
			if (pa.line == 0)
				pa.line = line;
			if ((rc = field(db, &pa, ln, line, end, err)) != 0)
				return (rc);
		}
		p = nl != NULL ? nl + 1 : end;
	}
	if (pa.line != 0 && (rc = add_para(db, &pa, err)) != 0)
		return (rc);
	return (0);
}

/* Read info/NAME:ARCH.ext, or info/NAME.ext; ENOENT when neither. */
static int
info_file(struct jt_source *src, const char *infodir,
    const struct jt_pkg *p, const char *ext, void **buf, size_t *len,
    struct jt_err *err)
{
	char path[1024];
	int rc = JT_ENOENT;

	if (p->arch != NULL && (size_t)snprintf(path, sizeof(path),
	    "%s/%s:%s.%s", infodir, p->name, p->arch, ext) < sizeof(path) &&
	    (rc = jt_source_read_file(src, path, buf, len, err)) != JT_ENOENT)
		return (rc);
	if ((size_t)snprintf(path, sizeof(path), "%s/%s.%s", infodir,
	    p->name, ext) >= sizeof(path))
		return (JT_ENOENT);
	return (jt_source_read_file(src, path, buf, len, err));
}

static bool
is_dir(struct jt_source *src, const char *path)
{
	char canon[4096];
	struct jt_stat st;
	struct jt_err e;

	if (jt_source_resolve(src, path, false, canon, sizeof(canon), NULL,
	    NULL, &e) != 0 || jt_source_lstat(src, canon, &st, &e) != 0)
		return (false);
	return (st.type == JT_FT_DIR);
}

static int
list(struct jt_pkgdb *db, struct jt_source *src, struct pkg_build *b,
    const char *buf, size_t len, struct jt_err *err)
{
	const char *p = buf, *end = buf + len, *nl;
	char path[4096];
	size_t n;
	int rc;

	for (; p < end; p = nl != NULL ? nl + 1 : end) {
		nl = memchr(p, '\n', (size_t)(end - p));
		n = (size_t)((nl != NULL ? nl : end) - p);
		if (n == 0 || p[0] != '/' || n >= sizeof(path) ||
		    memchr(p, '\0', n) != NULL || (n == 2 && p[1] == '.'))
			continue;
		memcpy(path, p, n);
		path[n] = '\0';
		rc = is_dir(src, path) ? jt__pkg_dir(db, b, path, err) :
		    jt__pkg_file(db, b, false, path, NULL, JT_PKG_SUM_NONE,
		    err);
		if (rc != 0)
			return (rc);
	}
	return (0);
}

static int
cmp_path(const void *k, const void *e)
{
	return (strcmp(k, ((const struct jt_pkg_file *)e)->path));
}

/* "hex  rel/path" lines: the files' md5 sums. */
static int
md5sums(struct jt_pkgdb *db, struct pkg_build *b, const char *buf,
    size_t len)
{
	const char *p = buf, *end = buf + len, *nl;
	struct jt_pkg_file *f;
	struct span ln, sum;
	char path[4096], *s;

	for (; p < end; p = nl != NULL ? nl + 1 : end) {
		nl = memchr(p, '\n', (size_t)(end - p));
		ln.s = p;
		ln.n = (size_t)((nl != NULL ? nl : end) - p);
		sum = word(&ln, "");
		if (!is_hex(sum, 32) || ln.n == 0 || ln.n + 2 > sizeof(path) ||
		    memchr(ln.s, '\0', ln.n) != NULL)
			continue;
		path[0] = '/';
		memcpy(path + 1, ln.s, ln.n);
		path[ln.n + 1] = '\0';
		f = bsearch(path, b->pkg.files, b->pkg.nfiles,
		    sizeof(*b->pkg.files), cmp_path);
		if (f == NULL ||
		    (s = (char *)(uintptr_t)str(db, sum)) == NULL)
			continue;
		for (size_t i = 0; s[i] != '\0'; i++)
			s[i] = (char)tolower((unsigned char)s[i]);
		f->sum = s;
		f->alg = JT_PKG_SUM_MD5;
	}
	return (0);
}

static int
cmp_file(const void *a, const void *b)
{
	return (strcmp(((const struct jt_pkg_file *)a)->path,
	    ((const struct jt_pkg_file *)b)->path));
}

int
jt__pkgdb_dpkg_info(struct jt_pkgdb *db, struct jt_source *src,
    const char *infodir, struct jt_err *err)
{
	struct pkg_build *b;
	void *buf;
	size_t len;
	int rc;

	for (size_t i = 0; i < db->n; i++) {
		b = &db->pkgs[i];
		rc = info_file(src, infodir, &b->pkg, "list", &buf, &len, err);
		if (rc == JT_ENOENT)
			continue;	/* a package with no files (virtual) */
		if (rc != 0 || (rc = list(db, src, b, buf, len, err)) != 0)
			return (rc);
		if (b->pkg.nfiles > 1)
			qsort(b->pkg.files, b->pkg.nfiles,
			    sizeof(*b->pkg.files), cmp_file);
		rc = info_file(src, infodir, &b->pkg, "md5sums", &buf, &len,
		    err);
		if (rc == 0)
			(void)md5sums(db, b, buf, len);
		else if (rc != JT_ENOENT)
			return (rc);
	}
	return (0);
}
