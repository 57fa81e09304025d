/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The source cache (issue 16): what reading an archive source taught us,
 * kept so that the next build from the same base.txz does not decode it
 * again.  In the cache directory:
 *
 *   idx/KEY   the member list with every member's metadata, and for the
 *             members a run read, the SHA-256 of their content;
 *   obj/HASH  a member's content, named by its SHA-256 (shared by every
 *             source holding the same file).
 *
 * KEY is the SHA-256 of the source file's device, inode, size, mtime and
 * ctime (to the ns) and of its first and last 64 KiB (where xz keeps its
 * index).  Any write to the file changes its ctime, whatever touch(1)
 * does to its mtime afterwards, so a stale index is never found.  A
 * member the index has no content for (another jail needs other files)
 * comes from the xz blocks that hold it when the file is a multi-block
 * xz (source_cache_blk.c), else from decoding the archive again, once;
 * either way it is then kept too.
 *
 * Entries are written to a temporary file in the cache directory and
 * renamed into place: a concurrent run sees a whole entry or none.  Each
 * carries its key and its body's checksum (source_cache_fmt.c): one that
 * is damaged or truncated is removed and rebuilt, never used.  A cache
 * that cannot be created or written is a warning; the source is read as
 * without it.  After a run has stored anything, the least recently used
 * entries (by access time, which a hit refreshes) are removed until the
 * cache fits in its bound.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/stat.h>

#include <sha256.h>

#include "source_arc.h"

#define HEADTAIL	(64 * 1024)	/* hashed at each end of the file */
#define ENTRY_MAX	((int64_t)1 << 32)	/* larger: not ours */

struct arc_cache {
	char		*dir;
	int64_t		 max;
	unsigned char	 key[CACHE_HASH_LEN];
	struct stat	 sb;		/* the source when its key was made */
	struct arc_opts	 o;		/* for decoding again, without cache */
	struct layer	*backing;	/* the archive decoded again, or NULL */
	bool		 hit;		/* the index came from the cache */
	bool		 dirty;		/* the index must be (re)written */
	bool		 warned;	/* about writing: once */
	size_t		 from_cache, decoded;	/* contents served, for notes */
};

int
jt_source_default_cache(char *buf, size_t len, struct jt_err *err)
{
	const char *xdg = getenv("XDG_CACHE_HOME"), *home = getenv("HOME");
	int n;

	/* XDG: a relative value is invalid and ignored. */
	if (xdg != NULL && xdg[0] == '/')
		n = snprintf(buf, len, "%s/jailtrim", xdg);
	else if (geteuid() == 0)
		n = snprintf(buf, len, "/var/cache/jailtrim");
	else if (home != NULL && home[0] == '/')
		n = snprintf(buf, len, "%s/.cache/jailtrim", home);
	else
		return (jt_err_set(err, JT_ENOENT, 0, NULL, "no cache "
		    "directory: neither XDG_CACHE_HOME nor HOME is set"));
	if (n < 0 || (size_t)n >= len)
		return (jt_err_set(err, JT_EINVAL, 0, NULL, "the cache "
		    "directory's name is too long"));
	return (0);
}

static void note(struct arc_layer *, bool, const char *, ...)
    __attribute__((format(printf, 3, 4)));

static void
note(struct arc_layer *a, bool warning, const char *fmt, ...)
{
	struct arc_cache *c = a->cache;
	char msg[1024];
	va_list ap;

	if (c->o.note == NULL)
		return;
	va_start(ap, fmt);
	(void)vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	c->o.note(c->o.narg, warning, msg);
}

static void
hex(char *out, const unsigned char *h)
{
	for (int i = 0; i < CACHE_HASH_LEN; i++)
		snprintf(out + 2 * i, 3, "%02x", h[i]);
}

/* dir/sub/NAME for hash h; false if it does not fit. */
static bool
entry_path(char *buf, size_t len, const struct arc_cache *c, const char *sub,
    const unsigned char *h)
{
	char name[2 * CACHE_HASH_LEN + 1];

	hex(name, h);
	return ((size_t)snprintf(buf, len, "%s/%s/%s", c->dir, sub, name) <
	    len);
}

/*
 * The key of the file at path: who it is and when it last changed, and
 * what its two ends hold.  *sb is what it was.
 */
static int
make_key(const char *path, unsigned char *key, struct stat *sb)
{
	unsigned char *buf;
	int64_t ids[8];
	SHA256_CTX h;
	ssize_t n;
	int fd, rc = -1;

	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1)
		return (-1);
	if ((buf = malloc(HEADTAIL)) == NULL || fstat(fd, sb) == -1)
		goto out;
	ids[0] = (int64_t)sb->st_dev;
	ids[1] = (int64_t)sb->st_ino;
	ids[2] = (int64_t)sb->st_size;
	ids[3] = (int64_t)sb->st_mtim.tv_sec;
	ids[4] = (int64_t)sb->st_mtim.tv_nsec;
	ids[5] = (int64_t)sb->st_ctim.tv_sec;
	ids[6] = (int64_t)sb->st_ctim.tv_nsec;
	ids[7] = 1;			/* what the index records: its version */
	SHA256_Init(&h);
	SHA256_Update(&h, (const unsigned char *)"jailtrim source", 15);
	SHA256_Update(&h, (const unsigned char *)ids, sizeof(ids));
	if ((n = pread(fd, buf, HEADTAIL, 0)) < 0)
		goto out;
	SHA256_Update(&h, buf, (size_t)n);
	if ((n = pread(fd, buf, HEADTAIL, sb->st_size > HEADTAIL ?
	    sb->st_size - HEADTAIL : 0)) < 0)
		goto out;
	SHA256_Update(&h, buf, (size_t)n);
	SHA256_Final(key, &h);
	rc = 0;
out:
	free(buf);
	close(fd);
	return (rc);
}

static bool
same_file(const struct stat *x, const struct stat *y)
{
	return (x->st_dev == y->st_dev && x->st_ino == y->st_ino &&
	    x->st_size == y->st_size &&
	    x->st_mtim.tv_sec == y->st_mtim.tv_sec &&
	    x->st_mtim.tv_nsec == y->st_mtim.tv_nsec &&
	    x->st_ctim.tv_sec == y->st_ctim.tv_sec &&
	    x->st_ctim.tv_nsec == y->st_ctim.tv_nsec);
}

/* mkdir -p, new directories 0700. */
static int
make_dirs(const char *dir)
{
	char buf[PATH_MAX];
	size_t len = strlen(dir);

	if (len == 0 || len >= sizeof(buf))
		return (ENAMETOOLONG);
	memcpy(buf, dir, len + 1);
	for (char *p = buf + 1;; p++) {
		if (*p != '/' && *p != '\0')
			continue;
		char ch = *p;

		*p = '\0';
		if (mkdir(buf, 0700) == -1 && errno != EEXIST)
			return (errno);
		if (ch == '\0')
			break;
		*p = ch;
	}
	return (0);
}

/*
 * The whole file at path, or NULL (errno ENOENT when absent).  A file
 * that is not a regular one of a sane size is not read.
 */
static unsigned char *
slurp(const char *path, size_t *len)
{
	struct stat sb;
	unsigned char *buf = NULL;
	size_t got = 0;
	ssize_t n;
	int fd, e;

	if ((fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)) == -1)
		return (NULL);
	if (fstat(fd, &sb) == -1 || !S_ISREG(sb.st_mode) ||
	    sb.st_size > ENTRY_MAX) {
		errno = EINVAL;
		goto fail;
	}
	if ((buf = malloc((size_t)sb.st_size + 1)) == NULL)
		goto fail;
	while (got < (size_t)sb.st_size) {
		n = read(fd, buf + got, (size_t)sb.st_size - got);
		if (n == -1 && errno == EINTR)
			continue;
		if (n <= 0)
			break;		/* shorter now: the check fails */
		got += (size_t)n;
	}
	/* A hit makes the entry recent, for the LRU (noatime or not). */
	(void)futimens(fd, (struct timespec[2]){ { 0, UTIME_NOW },
	    { 0, UTIME_OMIT } });
	close(fd);
	*len = got;
	return (buf);
fail:
	e = errno;
	free(buf);
	close(fd);
	errno = e;
	return (NULL);
}

static int
write_all(int fd, const void *buf, size_t n)
{
	const char *p = buf;
	ssize_t w;

	while (n > 0) {
		if ((w = write(fd, p, n)) == -1 && errno == EINTR)
			continue;
		if (w <= 0) {
			if (w == 0)
				errno = ENOSPC;
			return (-1);
		}
		p += w;
		n -= (size_t)w;
	}
	return (0);
}

/* Write an entry to sub/NAME through a temporary file and a rename. */
static int
put_entry(struct arc_layer *a, const char *sub, const unsigned char *name,
    uint32_t kind, const void *body, size_t blen)
{
	struct arc_cache *c = a->cache;
	unsigned char hdr[CACHE_HDR_LEN];
	char tmp[PATH_MAX], path[PATH_MAX];
	int fd, e = 0;

	if ((size_t)snprintf(tmp, sizeof(tmp), "%s/%s/tmp.XXXXXX", c->dir,
	    sub) >= sizeof(tmp) || !entry_path(path, sizeof(path), c, sub,
	    name)) {
		e = ENAMETOOLONG;
		goto warn;
	}
	path[strlen(c->dir) + 1 + strlen(sub)] = '\0';	/* dir/sub */
	if (mkdir(path, 0700) == -1 && errno != EEXIST) {
		e = errno;
		goto warn;
	}
	if (!entry_path(path, sizeof(path), c, sub, name)) {
		e = ENAMETOOLONG;
		goto warn;
	}
	if ((fd = mkostemp(tmp, O_CLOEXEC)) == -1) {
		e = errno;
		goto warn;
	}
	cache_entry_header(hdr, kind, name, body, blen);
	if (write_all(fd, hdr, sizeof(hdr)) != 0 ||
	    write_all(fd, body, blen) != 0) {
		e = errno;
		(void)close(fd);
		(void)unlink(tmp);
		goto warn;
	}
	if (close(fd) != 0) {
		e = errno;
		(void)unlink(tmp);
		goto warn;
	}
	if (rename(tmp, path) == -1) {
		e = errno;
		(void)unlink(tmp);
		goto warn;
	}
	return (0);
warn:
	if (!c->warned)
		note(a, true, "cache %s: cannot write to it (%s): %s is not "
		    "cached", c->dir, strerror(e), a->base.spec);
	c->warned = true;
	return (-1);
}

static void
free_members(struct arc_layer *a)
{
	for (size_t i = 0; i < a->index.cap; i++)
		free(a->index.slots[i].val);
	map_free(&a->index);
	memset(&a->index, 0, sizeof(a->index));
}

static const char *
astr(struct arc_layer *a, const char *s)
{
	return (s != NULL ? arena_strdup(&a->base.strings, s) : NULL);
}

struct load {
	struct arc_layer *a;
	int64_t		 cost;		/* what reading it would charge */
};

static int
load_member(void *arg, const struct cache_rec *r)
{
	struct load *ld = arg;
	struct arc_layer *a = ld->a;
	const char *slash = strrchr(r->path, '/');
	struct member *m, *parent;

	/* Every member's parents are members (source_archive.c). */
	if (slash != r->path && ((parent = map_getn(&a->index, r->path,
	    (size_t)(slash - r->path))) == NULL ||
	    parent->st.type != JT_FT_DIR))
		return (JT_EFORMAT);
	if ((m = calloc(1, sizeof(*m))) == NULL)
		return (JT_ENOMEM);
	if (map_put(&a->index, r->path, m) != 0) {
		free(m);
		return (JT_ENOMEM);
	}
	m->st = r->st;
	m->st.layer = a->base.index;
	if ((m->path = arena_strdup(&a->base.strings, r->path)) == NULL ||
	    (m->st.uname = astr(a, r->st.uname)) == NULL ||
	    (m->st.gname = astr(a, r->st.gname)) == NULL ||
	    (m->st.fflags = astr(a, r->st.fflags)) == NULL ||
	    (r->st.link != NULL && (m->st.link = astr(a, r->st.link)) ==
	    NULL) || (r->st.hardlink != NULL &&
	    (m->st.hardlink = astr(a, r->st.hardlink)) == NULL))
		return (JT_ENOMEM);
	m->interest = r->interest;
	m->holey = r->holey;
	m->data_size = r->data_size;
	m->cpos = r->cpos;
	m->hashed = r->hashed;
	if (r->hashed)
		memcpy(m->hash, r->hash, CACHE_HASH_LEN);
	/* As source_archive.c would keep it: what it charges. */
	m->kept = m->st.type == JT_FT_REG && m->st.size > 0 && !m->holey &&
	    (a->keep_all || m->interest);
	m->len = m->kept ? (size_t)r->len : 0;
	ld->cost += (int64_t)(sizeof(*m) + 64 + 2 * strlen(r->path) +
	    strlen(r->st.uname) + strlen(r->st.gname) + strlen(r->st.fflags));
	if (m->kept)
		ld->cost += m->st.size;
	if (m->st.ino > a->ninodes)
		a->ninodes = m->st.ino;
	return (0);
}

/* Fill a from the cached index: 1, or 0 to read the archive. */
static int
load_index(struct arc_layer *a)
{
	struct arc_cache *c = a->cache;
	struct load ld = { a, 0 };
	const unsigned char *body;
	unsigned char *buf;
	char path[PATH_MAX];
	size_t len, blen;
	bool old;
	int rc;

	if (!entry_path(path, sizeof(path), c, "idx", c->key))
		return (0);
	if ((buf = slurp(path, &len)) == NULL) {
		if (errno != ENOENT)
			note(a, true, "cache %s: cannot read %s (%s)", c->dir,
			    path, strerror(errno));
		return (0);
	}
	rc = cache_entry_check(buf, len, CACHE_KIND_INDEX, c->key, &body,
	    &blen);
	if (rc == 0)
		rc = cache_index_decode(body, blen, load_member, &ld);
	old = rc != 0 && cache_entry_other_version(buf, len);
	free(buf);
	if (rc != 0) {
		free_members(a);
		a->ninodes = 0;
		(void)unlink(path);
		if (old)	/* not damage: an upgrade */
			note(a, false, "cache %s: %s is of another version of "
			    "jailtrim: removed, %s is read again", c->dir,
			    path, a->base.spec);
		else
			note(a, true, "cache %s: %s was damaged: removed, %s "
			    "is read again", c->dir, path, a->base.spec);
		return (0);
	}
	/*
	 * Past the memory budget: read the archive, which fails the way
	 * and at the member it would have without the cache.
	 */
	if (ld.cost > a->budget->max - a->budget->used) {
		free_members(a);
		a->ninodes = 0;
		return (0);
	}
	a->budget->used += ld.cost;
	a->charged += ld.cost;
	c->hit = true;
	note(a, false, "%s: index from the cache (%zu members)", a->base.spec,
	    a->index.n);
	return (1);
}

int
cache_attach(struct arc_layer *a, const struct arc_opts *o,
    struct jt_err *err)
{
	struct arc_cache *c;
	int e;

	if (o->cache_dir == NULL)
		return (0);
	if ((c = calloc(1, sizeof(*c))) == NULL ||
	    (c->dir = strdup(o->cache_dir)) == NULL) {
		free(c);
		return (jt_err_set(err, JT_ENOMEM, errno, a->base.spec,
		    "cache"));
	}
	c->max = o->cache_max;
	c->o = *o;
	c->o.cache_dir = NULL;		/* the backing layer: no cache */
	a->cache = c;
	if (make_key(a->base.spec, c->key, &c->sb) != 0) {
		free(c->dir);
		free(c);
		a->cache = NULL;
		return (0);		/* reading it says why */
	}
	if ((e = make_dirs(c->dir)) != 0) {
		note(a, true, "cache %s: cannot create it (%s): not used",
		    c->dir, strerror(e));
		free(c->dir);
		free(c);
		a->cache = NULL;
		return (0);
	}
	return (load_index(a));
}

void
cache_after_read(struct arc_layer *a)
{
	struct stat sb;

	if (a->cache == NULL)
		return;
	/* Changed while it was read: what we learnt is not its content. */
	if (stat(a->base.spec, &sb) == -1 || !same_file(&sb, &a->cache->sb))
		return;
	a->cache->dirty = true;
}

bool
cache_hit(const struct arc_layer *a)
{
	return (a->cache != NULL && a->cache->hit);
}

/* Content from obj/HASH: true and m->data set, else the entry is gone. */
static bool
fetch_blob(struct arc_layer *a, struct member *m)
{
	struct arc_cache *c = a->cache;
	const unsigned char *body;
	unsigned char *buf;
	char path[PATH_MAX];
	size_t len, blen;

	if (!entry_path(path, sizeof(path), c, "obj", m->hash) ||
	    (buf = slurp(path, &len)) == NULL)
		return (false);
	if (cache_entry_check(buf, len, CACHE_KIND_BLOB, m->hash, &body,
	    &blen) != 0 || memcmp(buf + 56, m->hash, CACHE_HASH_LEN) != 0 ||
	    blen > (size_t)m->st.size || ptrv_push(&a->bufs, buf) != 0) {
		free(buf);
		(void)unlink(path);
		note(a, true, "cache %s: %s was damaged: removed, %s is read "
		    "again", c->dir, path, a->base.spec);
		return (false);
	}
	m->data = (void *)(uintptr_t)body;
	m->len = blen;
	c->from_cache++;
	return (true);
}

int
cache_fetch(struct arc_layer *a, struct member *m, struct jt_err *err)
{
	struct arc_cache *c = a->cache;
	struct jt_err berr;
	struct stat sb;
	void *data;
	size_t len;
	int rc;

	if (c == NULL)
		return (jt_err_set(err, JT_EIO, 0, m->path, "no content"));
	if (m->hashed && fetch_blob(a, m))
		return (0);
	if (m->hashed) {
		m->hashed = false;	/* the index must say so */
		c->dirty = true;
	}
	if (c->backing == NULL) {
		if (stat(a->base.spec, &sb) == -1 || !same_file(&sb, &c->sb))
			return (jt_err_set(err, JT_EIO, 0, a->base.spec,
			    "changed while jailtrim was reading it"));
		memset(&berr, 0, sizeof(berr));
		if ((rc = blk_fetch(a, &a->blk, m, &berr)) < 0) {
			if (err != NULL)
				*err = berr;
			return (rc);
		}
		if (rc == 0) {
			c->decoded++;
			return (0);
		}
		if (rc == 2)
			note(a, true, "%s: %s: decoding it whole", a->base.spec,
			    berr.msg);
		note(a, false, "%s: decoding it again for %s (not in the "
		    "cache)", a->base.spec, m->path);
		/* It charges what it holds itself. */
		a->budget->used -= a->charged;
		a->charged = 0;
		c->o.keep_all = a->keep_all;
		if ((rc = layer_archive_open(&c->backing, a->base.spec, &c->o,
		    err)) != 0)
			return (rc);
		c->backing->index = a->base.index;
	}
	if ((rc = c->backing->ops->read(c->backing, m->path, &data, &len,
	    err)) != 0)
		return (rc);
	m->data = data;
	m->len = len;
	c->decoded++;
	return (0);
}

void
cache_prefetch(struct arc_layer *a, struct member **ms, size_t n)
{
	struct arc_cache *c = a->cache;
	struct stat sb;

	if (c == NULL || !c->hit || c->backing != NULL ||
	    stat(a->base.spec, &sb) == -1 || !same_file(&sb, &c->sb))
		return;		/* blk_fetch() says why, if it must */
	blk_prefetch(a, &a->blk, ms, n, c->o.jobs);
}

/* The content of m, for storing: its buffer, or read from the spool. */
static const void *
content(struct arc_layer *a, struct member *m, void **tofree)
{
	*tofree = NULL;
	if (m->data != NULL || m->len == 0)
		return (m->data != NULL ? m->data : "");
	if (a->spool.fd == -1 || (*tofree = malloc(m->len)) == NULL)
		return (NULL);
	if (spool_pread(&a->spool, *tofree, m->len, m->off) != 0) {
		free(*tofree);
		*tofree = NULL;
	}
	return (*tofree);
}

static int
store_contents(struct arc_layer *a)
{
	char path[PATH_MAX];
	const void *p;
	void *tofree;
	struct stat sb;

	for (size_t i = 0; i < a->nsorted; i++) {
		struct member *m = a->sorted[i];

		if (!m->used || m->hashed || !m->kept ||
		    (p = content(a, m, &tofree)) == NULL)
			continue;
		cache_sha256(p, m->len, m->hash);
		if (entry_path(path, sizeof(path), a->cache, "obj", m->hash) &&
		    lstat(path, &sb) == 0 && S_ISREG(sb.st_mode) &&
		    sb.st_size == (off_t)(m->len + CACHE_HDR_LEN)) {
			m->hashed = true;	/* another source's, or ours */
		} else if (put_entry(a, "obj", m->hash, CACHE_KIND_BLOB, p,
		    m->len) == 0) {
			m->hashed = true;
		}
		free(tofree);
		if (!m->hashed)
			return (-1);
		a->cache->dirty = true;
	}
	return (0);
}

struct old {
	char	*path;
	int64_t	 size;
	struct timespec atime;
};

static int
cmp_old(const void *x, const void *y)
{
	const struct old *a = x, *b = y;

	if (a->atime.tv_sec != b->atime.tv_sec)
		return (a->atime.tv_sec < b->atime.tv_sec ? -1 : 1);
	if (a->atime.tv_nsec != b->atime.tv_nsec)
		return (a->atime.tv_nsec < b->atime.tv_nsec ? -1 : 1);
	return (strcmp(a->path, b->path));
}

/* Every entry of dir/sub into v; temporary files are not entries. */
static void
list_entries(const char *dir, const char *sub, struct old **v, size_t *n,
    size_t *cap, int64_t *total)
{
	char d[PATH_MAX], path[PATH_MAX];
	struct dirent *de;
	struct stat sb;
	DIR *dp;

	(void)snprintf(d, sizeof(d), "%s/%s", dir, sub);
	if ((dp = opendir(d)) == NULL)
		return;
	while ((de = readdir(dp)) != NULL) {
		/* What a killed run left: an hour is more than any write. */
		if (strncmp(de->d_name, "tmp.", 4) == 0 &&
		    (size_t)snprintf(path, sizeof(path), "%s/%s", d,
		    de->d_name) < sizeof(path) && lstat(path, &sb) == 0 &&
		    S_ISREG(sb.st_mode) && sb.st_mtime < time(NULL) - 3600)
			(void)unlink(path);
		if (strlen(de->d_name) != 2 * CACHE_HASH_LEN ||
		    (size_t)snprintf(path, sizeof(path), "%s/%s", d,
		    de->d_name) >= sizeof(path) || lstat(path, &sb) == -1 ||
		    !S_ISREG(sb.st_mode))
			continue;
		if (*n == *cap) {
			size_t nc = *cap ? *cap * 2 : 256;
			struct old *nv = realloc(*v, nc * sizeof(**v));

			if (nv == NULL)
				break;
			*v = nv;
			*cap = nc;
		}
		if (((*v)[*n].path = strdup(path)) == NULL)
			break;
		(*v)[*n].size = (int64_t)sb.st_size;
		(*v)[*n].atime = sb.st_atim;
		*total += (int64_t)sb.st_size;
		(*n)++;
	}
	closedir(dp);
}

/* Least recently used entries out until the cache fits in its bound. */
static void
evict(struct arc_layer *a)
{
	struct arc_cache *c = a->cache;
	struct old *v = NULL;
	size_t n = 0, cap = 0, gone = 0;
	int64_t total = 0;

	list_entries(c->dir, "idx", &v, &n, &cap, &total);
	list_entries(c->dir, "obj", &v, &n, &cap, &total);
	if (total > c->max) {
		qsort(v, n, sizeof(*v), cmp_old);
		for (size_t i = 0; i < n && total > c->max; i++)
			if (unlink(v[i].path) == 0) {
				total -= v[i].size;
				gone++;
			}
		note(a, false, "cache %s: %zu least recently used entries "
		    "removed (bound %jd bytes)", c->dir, gone,
		    (intmax_t)c->max);
	}
	for (size_t i = 0; i < n; i++)
		free(v[i].path);
	free(v);
}

void
cache_detach(struct arc_layer *a)
{
	struct arc_cache *c = a->cache;
	struct cache_buf b = { 0 };
	struct blk_stats bs;
	bool wrote = false;

	if (c == NULL)
		return;
	if (a->sorted != NULL && (c->dirty || c->hit) &&
	    store_contents(a) == 0 && c->dirty) {
		if (cache_index_encode(&b, a->sorted, a->nsorted) == 0 &&
		    put_entry(a, "idx", c->key, CACHE_KIND_INDEX, b.p,
		    b.n) == 0)
			wrote = true;
		free(b.p);
	}
	if (wrote || c->decoded > 0)
		note(a, false, "%s: %s the cache (%zu contents from it, %zu "
		    "decoded)", a->base.spec, wrote ? "stored in" : "read from",
		    c->from_cache, c->decoded);
	else if (c->hit)
		note(a, false, "%s: served from the cache (%zu contents from "
		    "it, 0 decoded)", a->base.spec, c->from_cache);
	blk_free(a->blk, &bs);
	a->blk = NULL;
	if (bs.blocks > 0)
		note(a, false, "%s: %ju of its %ju xz blocks decoded (%.1f of "
		    "%.1f MiB) for %ju contents, %ju of them side by side",
		    a->base.spec, (uintmax_t)bs.blocks,
		    (uintmax_t)bs.nblocks, (double)bs.bytes / (1 << 20),
		    (double)bs.size / (1 << 20), (uintmax_t)bs.members,
		    (uintmax_t)bs.prefetched);
	if (wrote && c->max > 0)
		evict(a);
	if (c->backing != NULL)
		c->backing->ops->free(c->backing);
	free(c->dir);
	free(c);
	a->cache = NULL;
}
