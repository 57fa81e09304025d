/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Provenance first (shrink.h): before anything is decided, every entry
 * of the jail is classified as the base's (same path, type and content
 * as the reference base), the base's but changed, a package's, or of
 * unknown provenance.  Only the base's, and the unchanged files of the
 * packages a caller drops whole, may go: on a living jail whatever
 * cannot be explained is the admin's, and stays.
 */
#include <sys/types.h>
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sha256.h>

#include "jailtrim/shrink.h"
#include "shrink_int.h"

static const char *const prov_names[JT_PROV_COUNT] = {
	[JT_PROV_BASE] = "base",
	[JT_PROV_CHANGED] = "base, changed",
	[JT_PROV_PACKAGE] = "package",
	[JT_PROV_PACKAGE_CHANGED] = "package, changed",
	[JT_PROV_UNKNOWN] = "unknown",
};

const char *
jt_shrink_prov_name(enum jt_shrink_prov p)
{
	return (p < JT_PROV_COUNT ? prov_names[p] : "?");
}

struct shrink_pkgmark {
	const char	*pkg;		/* arena string */
	bool		 changed;
};

void
shrink_prov_free(struct jt_shrink *s)
{
	jt_source_free(s->base);
	s->base = NULL;
	map_free(&s->pkgfile);
	strv_free(&s->dropped);
	strv_free(&s->provobjs);
	map_free(&s->fuindex);
}

int
jt_shrink_add_base(struct jt_shrink *s, const char *spec, struct jt_err *err)
{
	int rc;

	if (s->base == NULL) {
		if ((rc = jt_source_new(&s->base, err)) != 0)
			return (rc);
		/* a base archive's content is what we compare against */
		jt_source_set_keep_all(s->base, true);
		/* decoded on the threads the jail's source was given */
		jt_source_set_jobs(s->base, jt_source_jobs(s->src));
	}
	s->stats.have_base = true;
	return (jt_source_add(s->base, spec, err));
}

int
jt_shrink_mark_package(struct jt_shrink *s, const char *path,
    const char *pkg, bool changed, struct jt_err *err)
{
	struct shrink_pkgmark *m;

	if ((m = map_get(&s->pkgfile, path)) == NULL) {
		if ((m = arena_alloc(&s->arena, sizeof(*m))) == NULL ||
		    (m->pkg = arena_strdup(&s->arena, pkg)) == NULL ||
		    map_put(&s->pkgfile, path, m) != 0)
			return (jt_err_set(err, JT_ENOMEM, errno, NULL,
			    "package"));
		m->changed = false;
	}
	m->changed = m->changed || changed;
	return (0);
}

int
jt_shrink_drop_package(struct jt_shrink *s, const char *pkg,
    struct jt_err *err)
{
	if (strv_push_uniq(&s->dropped, pkg) != 0)
		return (jt_err_set(err, JT_ENOMEM, errno, NULL, "package"));
	return (0);
}

void
jt_shrink_defer_packages(struct jt_shrink *s)
{
	s->defer_pkgs = true;
}

void
jt_shrink_prov_stats(const struct jt_shrink *s,
    struct jt_shrink_prov_stats *out)
{
	*out = s->stats;
}

/*
 * The jail's regular file rel against want (len bytes), or its sha256
 * against hex when want is NULL: read in blocks, never mapped whole, so
 * that a big jail costs no more memory than a small one.
 */
static bool
same_content(struct jt_shrink *s, const char *path, const void *want,
    size_t len, const char *hex)
{
	unsigned char buf[65536], d[SHRINK_SHA_LEN];
	char got[SHRINK_HEX_LEN];
	SHA256_CTX c;
	size_t off = 0;
	ssize_t r;
	int fd;

	if ((fd = shrink_open_beneath(s->dirfd, path + 1, O_RDONLY)) < 0)
		return (false);
	SHA256_Init(&c);
	while ((r = read(fd, buf, sizeof(buf))) > 0) {
		if (want != NULL && ((size_t)r > len - off ||
		    memcmp((const char *)want + off, buf, (size_t)r) != 0))
			break;
		if (want == NULL)
			SHA256_Update(&c, buf, (size_t)r);
		off += (size_t)r;
	}
	(void)close(fd);
	if (r != 0)
		return (false);
	if (want != NULL)
		return (off == len);
	SHA256_Final(d, &c);
	shrink_hex(d, got);
	return (strcmp(got, hex) == 0);
}

/* path as the reference base has it. */
static enum jt_shrink_prov
base_class(struct jt_shrink *s, const char *path, const struct jt_stat *st)
{
	struct jt_stat b;
	struct jt_err e;
	void *data;
	size_t len;

	if (jt_source_lstat(s->base, path, &b, &e) != 0)
		return (JT_PROV_UNKNOWN);
	if (b.type != st->type)
		return (JT_PROV_CHANGED);
	switch (st->type) {
	case JT_FT_REG:
		if (b.size != st->size)
			return (JT_PROV_CHANGED);
		if (jt_source_read(s->base, path, &data, &len, &e) != 0)
			return (JT_PROV_UNKNOWN);	/* cannot tell */
		return (same_content(s, path, data, len, NULL) ?
		    JT_PROV_BASE : JT_PROV_CHANGED);
	case JT_FT_LNK:
		return (st->link != NULL && b.link != NULL &&
		    strcmp(st->link, b.link) == 0 ? JT_PROV_BASE :
		    JT_PROV_CHANGED);
	default:
		return (JT_PROV_BASE);
	}
}

/* /etc as etcupdate(8) installed it (its "current" tree). */
static enum jt_shrink_prov
etc_class(struct jt_shrink *s, const char *path, const struct jt_stat *st)
{
	char cur[PATH_MAX];
	struct jt_stat c;
	struct jt_err e;
	void *data;
	size_t len;

	if ((size_t)snprintf(cur, sizeof(cur), "/var/db/etcupdate/current%s",
	    path) >= sizeof(cur) || jt_source_lstat(s->src, cur, &c, &e) != 0)
		return (JT_PROV_UNKNOWN);
	if (c.type != st->type)
		return (JT_PROV_CHANGED);
	if (st->type == JT_FT_LNK)
		return (st->link != NULL && c.link != NULL &&
		    strcmp(st->link, c.link) == 0 ? JT_PROV_BASE :
		    JT_PROV_CHANGED);
	if (st->type != JT_FT_REG)
		return (JT_PROV_BASE);
	if (c.size != st->size ||
	    jt_source_read(s->src, cur, &data, &len, &e) != 0)
		return (JT_PROV_CHANGED);
	return (same_content(s, path, data, len, NULL) ? JT_PROV_BASE :
	    JT_PROV_CHANGED);
}

/*
 * One line of a freebsd-update INDEX file: path|type|uid|gid|mode|flags|
 * sha256|link, type f (file), d, L (link) or - (none).  Stored as
 * "type|sha256|link" under path.
 */
static void
fu_line(void *arg, const char *line, size_t len)
{
	struct jt_shrink *s = arg;
	const char *f[8], *p = line, *end = line + len, *bar;
	size_t flen[8];
	char path[PATH_MAX], rec[PATH_MAX + 80], *v;

	for (int i = 0; i < 8; i++) {
		if ((bar = memchr(p, '|', (size_t)(end - p))) == NULL)
			bar = end;
		f[i] = p;
		flen[i] = (size_t)(bar - p);
		if (bar == end && i < 7)
			return;
		p = bar < end ? bar + 1 : end;
	}
	if (flen[0] == 0 || f[0][0] != '/' || flen[0] >= sizeof(path) ||
	    flen[1] != 1)
		return;
	memcpy(path, f[0], flen[0]);
	path[flen[0]] = '\0';
	(void)snprintf(rec, sizeof(rec), "%c|%.*s|%.*s", f[1][0],
	    (int)flen[6], f[6], (int)flen[7], f[7]);
	/* the newest index read wins; each install's own record counts */
	if (map_get(&s->fuindex, path) == NULL &&
	    (v = arena_strdup(&s->arena, rec)) != NULL)
		(void)map_put(&s->fuindex, path, v);
}

static int
fu_dir(void *arg, const char *name, const struct jt_stat *st)
{
	static const char *const idx[] = { "INDEX-NEW", "INDEX-OLD" };
	struct jt_shrink *s = arg;
	char path[PATH_MAX];
	struct jt_err e;
	void *buf;
	size_t len, n = strlen(name);

	if (st->type != JT_FT_DIR || !(str_ends(name, "-install") ||
	    str_ends(name, "-rollback")) || n > 200)
		return (0);
	for (size_t i = 0; i < sizeof(idx) / sizeof(idx[0]); i++) {
		(void)snprintf(path, sizeof(path),
		    "/var/db/freebsd-update/%s/%s", name, idx[i]);
		if (jt_source_read(s->src, path, &buf, &len, &e) == 0)
			each_line(buf, len, fu_line, s);
	}
	return (0);
}

/* path by freebsd-update's record of it. */
static enum jt_shrink_prov
fu_class(struct jt_shrink *s, const char *path, const struct jt_stat *st)
{
	const char *rec, *hash, *link;
	char hex[SHRINK_HEX_LEN];
	size_t hlen;

	if (!s->fuloaded) {
		struct jt_err e;

		s->fuloaded = true;
		(void)jt_source_readdir(s->src, "/var/db/freebsd-update",
		    fu_dir, s, &e);
	}
	if ((rec = map_get(&s->fuindex, path)) == NULL)
		return (JT_PROV_UNKNOWN);
	hash = rec + 2;
	link = strchr(hash, '|');
	hlen = link != NULL ? (size_t)(link - hash) : strlen(hash);
	link = link != NULL ? link + 1 : "";
	switch (rec[0]) {
	case 'd':
		return (st->type == JT_FT_DIR ? JT_PROV_BASE :
		    JT_PROV_CHANGED);
	case 'L':
		return (st->type == JT_FT_LNK && st->link != NULL &&
		    strcmp(st->link, link) == 0 ? JT_PROV_BASE :
		    JT_PROV_CHANGED);
	case 'f':
		if (st->type != JT_FT_REG || hlen != SHRINK_HEX_LEN - 1)
			return (JT_PROV_CHANGED);
		memcpy(hex, hash, hlen);
		hex[hlen] = '\0';
		return (same_content(s, path, NULL, 0, hex) ? JT_PROV_BASE :
		    JT_PROV_CHANGED);
	default:
		return (JT_PROV_UNKNOWN);
	}
}

/* What path is, and for a package's file, which. */
static enum jt_shrink_prov
classify_one(struct jt_shrink *s, const char *path, const struct jt_stat *st,
    const char **pkg)
{
	const struct shrink_pkgmark *m;
	enum jt_shrink_prov c;

	if ((m = map_get(&s->pkgfile, path)) != NULL) {
		*pkg = m->pkg;
		return (m->changed ? JT_PROV_PACKAGE_CHANGED : JT_PROV_PACKAGE);
	}
	if (s->base != NULL)
		return (base_class(s, path, st));
	/* the jail's own evidence */
	if (strncmp(path, "/etc/", 5) == 0 &&
	    (c = etc_class(s, path, st)) != JT_PROV_UNKNOWN)
		return (c);
	return (fu_class(s, path, st));
}

struct cls {
	struct jt_shrink	*s;
	struct jt_map		 seen;		/* inode keys counted */
	struct jt_err		*err;
};

static bool
is_elf(struct jt_shrink *s, const char *path, const struct jt_stat *st)
{
	unsigned char magic[4];
	struct jt_err e;

	return (st->type == JT_FT_REG && st->size >= 64 &&
	    jt_source_peek(s->src, path, magic, 4, &e) == 4 &&
	    memcmp(magic, "\177ELF", 4) == 0);
}

static int
cls_one(void *arg, const char *path, const struct jt_stat *st)
{
	struct cls *c = arg;
	struct jt_shrink *s = c->s;
	const char *pkg = NULL, *why;
	enum jt_shrink_prov p;
	char key[96], buf[256];
	int rc;

	if (jt_shrink_why(s, path) != NULL)
		return (0);		/* kept for a reason already */
	p = classify_one(s, path, st, &pkg);
	if (st->type != JT_FT_DIR)
		s->stats.n[p]++;
	/* bytes: each inode once */
	if (st->type == JT_FT_REG && !jt_stat_inode_key(st, path, key,
	    sizeof(key)))
		key[0] = '\0';
	if (st->type == JT_FT_REG && (key[0] == '\0' ||
	    map_get(&c->seen, key) == NULL)) {
		s->stats.bytes[p] += st->size;
		if (key[0] != '\0' && map_put(&c->seen, key, s) != 0)
			return (jt_err_set(c->err, JT_ENOMEM, errno, NULL,
			    "classify"));
	}
	switch (p) {
	case JT_PROV_BASE:
		return (0);
	case JT_PROV_PACKAGE:
		if (s->defer_pkgs || strv_has(&s->dropped, pkg))
			return (0);	/* goes, or a later stage keeps it */
		(void)snprintf(buf, sizeof(buf), "package %s", pkg);
		why = buf;
		break;
	case JT_PROV_PACKAGE_CHANGED:
		(void)snprintf(buf, sizeof(buf), "package %s, changed since "
		    "installed", pkg);
		why = buf;
		break;
	case JT_PROV_CHANGED:
		why = s->base != NULL ? "changed from the base (the admin's "
		    "change)" : "changed since installed";
		break;
	default:
		why = s->base != NULL ? "unknown provenance: not in the base "
		    "(the admin's data)" : "unknown provenance (no --base to "
		    "judge it)";
		break;
	}
	if ((rc = shrink_keep_one(s, path, why, c->err)) != 0)
		return (rc);
	/* what an object kept for its provenance needs stays too */
	if (is_elf(s, path, st) && strv_push(&s->provobjs, path) != 0)
		return (jt_err_set(c->err, JT_ENOMEM, errno, NULL, "classify"));
	return (0);
}

int
jt_shrink_classify(struct jt_shrink *s, struct jt_err *err)
{
	struct cls c = { .s = s, .err = err };
	int rc;

	if (s->classified)
		return (0);
	rc = jt_source_walk(s->src, cls_one, &c, err);
	map_free(&c.seen);
	if (rc == 0)
		s->classified = true;
	return (rc);
}
