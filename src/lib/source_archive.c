/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * A tarball read in place with libarchive, in one pass: base.txz (xz,
 * single or multi-block; source_xz.c decodes it, on all cores when it is
 * multi-block), .tgz, .tar.zst, .tar, FreeBSD .pkg/.txz.
 * Nothing is extracted.  Every member's metadata is indexed; the content
 * is kept for what the analysis can need (ELF objects, "#!" scripts, and
 * small files such as configuration; everything for a build), the rest is
 * skipped.  What is kept goes to an unlinked spool file (source_spool.c),
 * not to memory, and is read back when asked for: memory grows with what
 * a jail needs, not with the size of the base (issue 16).  Member names
 * are normalised to "/a/b": a leading "/" or "./" is dropped (pkg stores
 * absolute names) and ".." is refused, since it would name something
 * outside the root.
 *
 * What is kept is charged to the source's memory budget (--max-memory)
 * before it is spooled, as when it was held in memory: a bound on what a
 * hostile archive can make us write.  A member's content is charged at
 * its full size (a sparse member is held with its holes filled in, so a
 * few KiB of tar can ask for GiBs), and each member's index entry.  Past
 * the budget the archive is refused with a message naming the member;
 * nothing is half-kept.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>

#include <archive.h>
#include <archive_entry.h>

#include "source_arc.h"

/* Files up to this size are kept whatever they hold. */
#define KEEP_SMALL	(256 * 1024)
/*
 * A sparse member with more holes than this is not held: its holes would
 * be memory that carries nothing (a 20 KB tar can name 3 GB of them).
 */
#define HOLES_MAX	((int64_t)16 << 20)
/* Contents go to the spool through a buffer of this size. */
#define SPOOL_CHUNK	(256 * 1024)
/* What indexing one member costs beyond its name: struct, map slot. */
#define MEMBER_COST	((int64_t)sizeof(struct member) + 64)

static enum jt_ftype
ftype(mode_t m)
{
	switch (m & AE_IFMT) {
	case AE_IFREG:	return (JT_FT_REG);
	case AE_IFDIR:	return (JT_FT_DIR);
	case AE_IFLNK:	return (JT_FT_LNK);
	case AE_IFCHR:	return (JT_FT_CHR);
	case AE_IFBLK:	return (JT_FT_BLK);
	case AE_IFIFO:	return (JT_FT_FIFO);
	case AE_IFSOCK:	return (JT_FT_SOCK);
	}
	return (JT_FT_NONE);
}

static const char *
astr(struct arc_layer *a, const char *s)
{
	return (s != NULL ? arena_strdup(&a->base.strings, s) : "");
}

/* "3.0 GiB", "12 KiB", "100 B": sizes in messages. */
const char *
arc_human(char *buf, size_t len, int64_t n)
{
	static const char *const unit[] = { "KiB", "MiB", "GiB", "TiB" };
	double v = (double)n;
	int u = -1;

	while (v >= 1024 && u < 3) {
		v /= 1024;
		u++;
	}
	if (u < 0)
		snprintf(buf, len, "%jd B", (intmax_t)n);
	else
		snprintf(buf, len, "%.1f %s", v, unit[u]);
	return (buf);
}

/* Take n bytes of the budget, or fail saying for what. */
static int
charge(struct arc_layer *a, int64_t n, const char *what, const char *path,
    struct jt_err *err)
{
	char h1[32], h2[32];
	struct mem_budget *b = a->budget;

	if (n <= b->max - b->used) {
		b->used += n;
		a->charged += n;
		return (0);
	}
	return (jt_err_set(err, JT_ENOMEM, 0, a->base.spec, "%s %s would "
	    "pass the budget of %s for kept contents and index (memory and "
	    "spool), %s of it already used (raise it with --max-memory)",
	    what, path, arc_human(h1, sizeof(h1), b->max),
	    arc_human(h2, sizeof(h2), b->used)));
}

/* The bytes a sparse member really stores; -1 when it is not sparse. */
static int64_t
sparse_data(struct archive_entry *e)
{
	la_int64_t off, len;
	int64_t sum = 0;

	if (archive_entry_sparse_reset(e) <= 0)
		return (-1);
	while (archive_entry_sparse_next(e, &off, &len) == ARCHIVE_OK)
		if (len > 0)
			sum += len;
	return (sum);
}

static struct member *
member_new(struct arc_layer *a, const char *path)
{
	struct member *m = map_get(&a->index, path);

	if (m != NULL) {		/* a later member of the same name wins */
		memset(m, 0, sizeof(*m));
	} else if ((m = calloc(1, sizeof(*m))) == NULL ||
	    map_put(&a->index, path, m) != 0) {
		free(m);
		return (NULL);
	}
	m->path = arena_strdup(&a->base.strings, path);
	m->cpos = -1;
	return (m->path != NULL ? m : NULL);
}

/*
 * Make sure every parent of path (normalised) exists as a directory
 * member.  Iterative, not one call per level: a member name may be
 * thousands of levels deep.  Up from path to the deepest ancestor that
 * exists (usually its parent), cutting the string at each missing one,
 * then down again, adding each missing ancestor, top first.
 */
static int
add_parents(struct arc_layer *a, const char *path)
{
	char dir[PATH_MAX];
	struct member *m;
	size_t len = strlen(path), at;

	if (len >= sizeof(dir))
		return (JT_EINVAL);
	memcpy(dir, path, len + 1);
	for (at = len; at > 0;) {
		while (at > 0 && dir[--at] != '/')
			continue;
		if (at == 0)
			break;			/* the root always exists */
		dir[at] = '\0';
		if (map_get(&a->index, dir) != NULL) {
			dir[at] = '/';
			break;
		}
	}
	for (; at < len; at++) {
		if (dir[at] != '\0')
			continue;
		if ((m = member_new(a, dir)) == NULL)
			return (JT_ENOMEM);
		m->st.type = JT_FT_DIR;
		m->st.mode = 0755;
		m->st.uname = m->st.gname = m->st.fflags = "";
		m->st.layer = a->base.index;
		dir[at] = '/';
	}
	return (0);
}

/*
 * The member's content, charged at its full size, for holding it; the
 * message says how much of it a sparse member really stores.
 */
static int
charge_data(struct arc_layer *a, struct member *m, struct archive_entry *e,
    struct jt_err *err)
{
	char what[128], h1[32], h2[32];
	int64_t data = sparse_data(e);

	if (data >= 0 && m->st.size - data > HOLES_MAX) {
		m->holey = true;	/* arc_read() says why */
		m->data_size = data;
		return (1);
	}
	if (data >= 0)
		snprintf(what, sizeof(what), "holding the %s (sparse, %s of "
		    "data) of", arc_human(h1, sizeof(h1), m->st.size),
		    arc_human(h2, sizeof(h2), data));
	else
		snprintf(what, sizeof(what), "holding the %s of",
		    arc_human(h1, sizeof(h1), m->st.size));
	if ((uint64_t)m->st.size >= SIZE_MAX)
		return (jt_err_set(err, JT_ENOMEM, 0, a->base.spec, "%s %s: "
		    "too large", what, m->path));
	return (charge(a, m->st.size, what, m->path, err));
}

/*
 * Package databases (pkgdb.c reads them: pkg's local.sqlite, dpkg's
 * status, both often larger than KEEP_SMALL) are kept whatever their size.
 */
static bool
package_db(const char *path)
{
	return (strncmp(path, "/var/db/pkg/", 12) == 0 ||
	    strncmp(path, "/var/lib/dpkg/", 14) == 0);
}

/*
 * The member's next data block, as archive_read_data() takes them: at
 * the end (ARCHIVE_EOF) an empty block at the offset the data ends, so
 * that a trailing hole is filled in too.  Nothing past size, nothing
 * before got (out of order sparse blocks are an error, as there).
 */
static int
next_block(struct archive *ar, const void **buf, size_t *n, la_int64_t *boff,
    int64_t got, int64_t size)
{
	int r = archive_read_data_block(ar, buf, n, boff);

	if (r == ARCHIVE_EOF)
		*n = 0;
	else if (r < ARCHIVE_WARN)
		return (-1);
	if (*boff < got) {
		archive_set_error(ar, 0, "sparse blocks out of order");
		return (-1);
	}
	if (*boff > size)
		*boff = size;
	if (*n > (uint64_t)(size - *boff))
		*n = (size_t)(size - *boff);
	return (r == ARCHIVE_EOF ? ARCHIVE_EOF : ARCHIVE_OK);
}

/*
 * Spool the member's data if it is worth keeping, else skip it.  The data
 * comes as libarchive's blocks, straight from its buffer (no copy on the
 * way to the spool); a sparse member's holes between blocks are written
 * as zeros, as archive_read_data() would fill them in.
 */
static int
read_data(struct arc_layer *a, struct archive *ar, struct member *m,
    struct archive_entry *e, struct jt_err *err)
{
	const char *spec = a->base.spec;
	unsigned char head[4];
	const void *buf;
	size_t n, hn = 0;
	la_int64_t boff;
	int64_t size = m->st.size, got = 0;
	int r, rc;

	if (m->st.type != JT_FT_REG || size <= 0)
		return (0);
	/* The first bytes say whether it is worth keeping. */
	for (;;) {
		if ((r = next_block(ar, &buf, &n, &boff, got, size)) < 0)
			goto ioerr;
		if (boff > got) {	/* a hole: zeros */
			size_t z = (size_t)(boff - got) < sizeof(head) - hn ?
			    (size_t)(boff - got) : sizeof(head) - hn;

			memset(head + hn, 0, z);
			hn += z;
			got += (int64_t)z;
		}
		if (hn < sizeof(head) && boff == got) {
			size_t c = n < sizeof(head) - hn ? n :
			    sizeof(head) - hn;

			memcpy(head + hn, buf, c);
			hn += c;
			got += (int64_t)c;
			buf = (const unsigned char *)buf + c;
			boff += (la_int64_t)c;
			n -= c;
		}
		if (hn == sizeof(head) || got >= size || r == ARCHIVE_EOF)
			break;
	}
	m->interest = size <= KEEP_SMALL ||
	    (hn == 4 && memcmp(head, "\177ELF", 4) == 0) ||
	    (hn >= 2 && head[0] == '#' && head[1] == '!') ||
	    package_db(m->path);
	if (!a->keep_all && !m->interest)
		return (0);		/* the caller skips the rest */
	if ((rc = charge_data(a, m, e, err)) != 0)
		return (rc > 0 ? 0 : rc);	/* > 0: not held, skipped */
	if (a->defer && !m->interest) {
		m->kept = true;		/* from its blocks when asked for */
		return (0);
	}
	if (a->spool.fd == -1 && (rc = spool_open(&a->spool, spec, err)) != 0)
		return (rc);
	if (a->chunk == NULL && (a->chunk = calloc(1, SPOOL_CHUNK)) == NULL)
		return (jt_err_set(err, JT_ENOMEM, errno, spec, "spool"));
	m->off = a->spool.size;
	if ((rc = spool_write(&a->spool, head, hn, spec, m->path, err)) != 0)
		return (rc);
	/* The rest of the block the head came from, then the next ones. */
	while (got < size) {
		while (boff > got) {	/* a hole: a zeroed chunk's worth */
			size_t z = (size_t)(boff - got) < SPOOL_CHUNK ?
			    (size_t)(boff - got) : SPOOL_CHUNK;

			if ((rc = spool_write(&a->spool, a->chunk, z, spec,
			    m->path, err)) != 0)
				return (rc);
			got += (int64_t)z;
		}
		if (n > 0 && (rc = spool_write(&a->spool, buf, n, spec,
		    m->path, err)) != 0)
			return (rc);
		got += (int64_t)n;
		if (r == ARCHIVE_EOF || got >= size)
			break;		/* short member: keep what is there */
		if ((r = next_block(ar, &buf, &n, &boff, got, size)) < 0)
			goto ioerr;
	}
	m->len = (size_t)got;
	m->kept = m->spooled = true;
	return (0);
ioerr:
	return (jt_err_set(err, JT_EIO, archive_errno(ar), spec,
	    "reading %s: %s", m->path, archive_error_string(ar)));
}

static size_t
slen(const char *s)
{
	return (s != NULL ? strlen(s) + 1 : 0);
}

/*
 * A member's index entry: its name twice (member, map key), its owner,
 * flags and link strings, and its parent directories' entries, which
 * may be new too (a member's name may hold many of them).
 */
static int
charge_index(struct arc_layer *a, const char *path, struct archive_entry *e,
    struct jt_err *err)
{
	int64_t n = MEMBER_COST + 2 * (int64_t)slen(path);

	n += (int64_t)(slen(archive_entry_uname(e)) +
	    slen(archive_entry_gname(e)) +
	    slen(archive_entry_fflags_text(e)) +
	    slen(archive_entry_symlink(e)) + slen(archive_entry_hardlink(e)));
	/*
	 * The parents add_parents() will create, up to the first known one
	 * (whose own parents are known: every member's are).
	 */
	for (const char *p = path + strlen(path); p > path; p--) {
		if (*p != '/')
			continue;
		if (map_getn(&a->index, path, (size_t)(p - path)) != NULL)
			break;
		n += MEMBER_COST + 2 * (p - path + 1);
	}
	return (charge(a, n, "indexing", path, err));
}

static int
add_member(struct arc_layer *a, struct archive *ar, struct archive_entry *e,
    int64_t pos, struct jt_err *err)
{
	char path[PATH_MAX], target[PATH_MAX];
	const char *name = archive_entry_pathname(e), *hl, *fl;
	struct member *m, *t;
	int rc;

	if (name != NULL && strlen(name) >= sizeof(path) &&
	    !path_normalize_member(path, sizeof(path), name))
		return (path_too_long(err, a->base.spec, name));
	if (name == NULL || !path_normalize_member(path, sizeof(path), name))
		return (jt_err_set(err, JT_EESCAPE, 0, a->base.spec,
		    "member '%s' names a path outside the root",
		    name != NULL ? name : "(null)"));
	if (strcmp(path, "/") == 0)
		return (0);		/* "./" itself */
	/*
	 * pkg(8) archives begin with +COMPACT_MANIFEST and +MANIFEST, and
	 * may hold other top-level "+" metadata: not files of the root.
	 */
	if (a->pkg && path[1] == '+' && strchr(path + 1, '/') == NULL)
		return (0);
	if (a->index.n == 0 && (strcmp(path, "/+COMPACT_MANIFEST") == 0 ||
	    strcmp(path, "/+MANIFEST") == 0)) {
		a->pkg = true;
		return (0);
	}
	if ((rc = charge_index(a, path, e, err)) != 0)
		return (rc);
	if (add_parents(a, path) != 0 || (m = member_new(a, path)) == NULL)
		return (jt_err_set(err, JT_ENOMEM, 0, a->base.spec, "index"));
	m->st.layer = a->base.index;
	m->cpos = pos;
	hl = archive_entry_hardlink(e);
	if (hl != NULL) {
		if (strlen(hl) >= sizeof(target) &&
		    !path_normalize_member(target, sizeof(target), hl))
			return (path_too_long(err, a->base.spec, hl));
		if (!path_normalize_member(target, sizeof(target), hl))
			return (jt_err_set(err, JT_EESCAPE, 0, a->base.spec,
			    "hard link '%s' -> '%s' leaves the root", name, hl));
		if ((t = map_get(&a->index, target)) == NULL ||
		    t->st.type != JT_FT_REG)
			return (jt_err_set(err, JT_EFORMAT, 0, a->base.spec,
			    "hard link '%s' -> '%s': no such regular member "
			    "before it", name, hl));
		/*
		 * Tar semantics: the link names the content its target has
		 * now; a later member of the target's name replaces that
		 * name only.  So the inode is the member that carried the
		 * content (t->st.ino), never the target's name.
		 */
		t->st.nlink++;
		m->st = t->st;
		m->st.hardlink = t->path;
		m->data = t->data;
		m->off = t->off;
		m->cpos = t->cpos;
		m->len = t->len;
		m->kept = t->kept;
		m->spooled = t->spooled;
		m->holey = t->holey;
		m->data_size = t->data_size;
		m->interest = t->interest;
		return (0);
	}
	m->st.type = ftype(archive_entry_filetype(e));
	m->st.mode = archive_entry_perm(e) & 07777;
	m->st.uid = (uid_t)archive_entry_uid(e);
	m->st.gid = (gid_t)archive_entry_gid(e);
	m->st.uname = astr(a, archive_entry_uname(e));
	m->st.gname = astr(a, archive_entry_gname(e));
	fl = archive_entry_fflags_text(e);
	m->st.fflags = astr(a, fl);
	m->st.size = archive_entry_size_is_set(e) ? archive_entry_size(e) : 0;
	m->st.mtime = archive_entry_mtime(e);
	m->st.ino = ++a->ninodes;	/* a new inode, whatever the name */
	m->st.nlink = 1;
	if (m->st.type == JT_FT_LNK) {
		const char *ln = archive_entry_symlink(e);

		m->st.link = astr(a, ln != NULL ? ln : "");
	}
	if (m->st.uname == NULL || m->st.gname == NULL ||
	    m->st.fflags == NULL || (m->st.type == JT_FT_LNK && !m->st.link))
		return (jt_err_set(err, JT_ENOMEM, 0, a->base.spec, "arena"));
	if (m->st.type == JT_FT_NONE)
		return (jt_err_set(err, JT_EFORMAT, 0, a->base.spec,
		    "member '%s' has an unknown file type", name));
	rc = read_data(a, ar, m, e, err);
	return (rc);
}

/* Compressed bytes read so far. */
static int64_t
read_pos(struct arc_layer *a, struct archive *ar)
{
#ifdef JT_HAVE_LZMA_MT
	if (a->xz != NULL)
		return (xz_consumed(a->xz));
#endif
	return (archive_filter_bytes(ar, -1));
}

static int
read_all(struct arc_layer *a, struct archive *ar, jt_progress_fn *progress,
    void *parg, int64_t total, struct jt_err *err)
{
	struct archive_entry *e;
	int r, rc;

	for (;;) {
		r = archive_read_next_header(ar, &e);
		if (r == ARCHIVE_EOF)
			return (0);
		if (r < ARCHIVE_WARN)
			return (jt_err_set(err, JT_EFORMAT, archive_errno(ar),
			    a->base.spec, "%s", archive_error_string(ar)));
		if ((rc = add_member(a, ar, e,
		    (int64_t)archive_read_header_position(ar), err)) != 0)
			return (rc);
		if (progress != NULL)
			progress(parg, a->base.spec, read_pos(a, ar), total);
	}
}

/*
 * An xz file goes through source_xz.c (all cores on a multi-block file),
 * anything else through libarchive's own filters.
 */
static int
open_archive(struct arc_layer *a, struct archive *ar, const char *spec,
    const struct arc_opts *o)
{
#ifdef JT_HAVE_LZMA_MT
	unsigned char head[6];
	ssize_t n = -1;
	int fd;

	if ((fd = open(spec, O_RDONLY | O_CLOEXEC)) != -1) {
		n = read(fd, head, sizeof(head));
		close(fd);
	}
	if (n > 0 && xz_is_xz(head, (size_t)n)) {
		/*
		 * The decoder's buffers are not content: a quarter of the
		 * budget on top of it; past that liblzma uses fewer threads.
		 */
		struct xz_blocks *xb;

		/* Two blocks or more: a member can be read again alone. */
		if (a->keep_all && o->lazy && xzb_open(spec, (uint64_t)o->budget->max / 4,
		    &xb) == 0) {
			a->defer = true;
			xzb_free(xb);
		}
		return (xz_open(ar, spec, o->jobs,
		    (uint64_t)o->budget->max / 4, &a->xz));
	}
#else
	(void)a;
	(void)o;
#endif
	return (archive_read_open_filename(ar, spec, 1 << 20));
}

int
layer_archive_open(struct layer **out, const char *spec,
    const struct arc_opts *o, struct jt_err *err)
{
	struct arc_layer *a;
	struct archive *ar = NULL;
	struct stat sb;
	int rc;

	if ((a = calloc(1, sizeof(*a))) == NULL ||
	    (a->base.spec = strdup(spec)) == NULL) {
		free(a);
		return (jt_err_set(err, JT_ENOMEM, errno, spec, "calloc"));
	}
	a->base.ops = &arc_ops;
	a->spool.fd = -1;
	a->keep_all = o->keep_all;
	a->jobs = o->jobs;
	a->budget = o->budget;
	if ((rc = cache_attach(a, o, err)) < 0)
		goto fail;
	if (rc > 0) {
		if (arc_build_sorted(a) != 0) {
			rc = jt_err_set(err, JT_ENOMEM, 0, spec, "index");
			goto fail;
		}
		*out = &a->base;
		return (0);
	}
	if ((ar = archive_read_new()) == NULL) {
		rc = jt_err_set(err, JT_ENOMEM, 0, spec, "archive_read_new");
		goto fail;
	}
	archive_read_support_filter_all(ar);
	archive_read_support_format_tar(ar);
	archive_read_support_format_gnutar(ar);
	if (open_archive(a, ar, spec, o) != ARCHIVE_OK) {
		rc = jt_err_set(err, JT_EFORMAT, archive_errno(ar), spec,
		    "not a directory or a readable tar archive: %s",
		    archive_error_string(ar));
		goto fail;
	}
	a->spool.async = o->jobs > 1;	/* --jobs bounds every thread */
	if ((rc = read_all(a, ar, o->progress, o->parg,
	    stat(spec, &sb) == 0 ? sb.st_size : 0, err)) != 0 ||
	    (rc = spool_sync(&a->spool, spec, err)) != 0)
		goto fail;
	if (arc_build_sorted(a) != 0) {
		rc = jt_err_set(err, JT_ENOMEM, 0, spec, "index");
		goto fail;
	}
	archive_read_free(ar);
	free(a->chunk);		/* reading is over */
	a->chunk = NULL;
	cache_after_read(a);
	*out = &a->base;
	return (0);
fail:
	archive_read_free(ar);
	arc_ops.free(&a->base);
	return (rc);
}
