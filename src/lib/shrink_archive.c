/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The backup a shrink writes before it removes anything, and the restore
 * that puts it back.  Unlike write_tar.c this is no reproducible build
 * output but a copy of the disk as it is: real mtimes, owners, modes,
 * file flags, xattrs and ACLs, as libarchive's disk reader finds them.
 *
 * Every path is opened below the jail's directory descriptor without
 * following a symbolic link in any component, so a link planted in the
 * jail cannot make the backup read a host file.  The restore extracts
 * from inside the target directory through libarchive's secure-extract
 * checks, after refusing absolute and ".." names itself.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>

#include <archive.h>
#include <archive_entry.h>
#include <sha256.h>

#include "jailtrim/shrink.h"
#include "shrink_int.h"
#include "tar_int.h"
#include "util.h"

#define COPY_BLOCK	(128 * 1024)


/* One member of the backup. */
struct member {
	const char	*path;		/* absolute in the jail, for errors */
	const char	*rel;		/* its name: "usr/lib", "." for "/" */
	const char	*linkto;	/* a kept link, relative, or NULL */
	bool		 parent;	/* a kept directory: metadata only */
	bool		 saved;		/* a kept file saved whole */
};

/* A backup being written. */
struct bk {
	struct jt_shrink	*s;
	struct archive		*w;		/* the tarball */
	struct archive		*disk;		/* metadata from the disk */
	struct archive_entry	*ae;
	struct jt_map		 links;		/* "dev:ino" -> member name */
	char			 pdir[PATH_MAX];	/* cached parent */
	int			 pfd;		/* on pdir, -1 when none */
	char			*buf;		/* COPY_BLOCK bytes */
	SHA256_CTX		 sha;		/* of the member's content */
	struct shrink_digest	 runs;		/* of its data runs */
	struct region {
		int64_t	off, len;
	}			*rg;		/* its data, as written */
	size_t			 nrg, caprg, rgi;
	struct shrink_buf	 idx;		/* the index (shrink_index.c) */
	struct jt_map		 names;		/* members written */
	struct jt_strv		 targets;	/* hard link targets */
};

int
shrink_aerr(struct archive *a, int code, const char *path, const char *what,
    struct jt_err *err)
{
	const char *s = archive_error_string(a);

	return (jt_err_set(err, code, archive_errno(a) > 0 ?
	    archive_errno(a) : 0, path, "%s: %s", what, s != NULL ? s :
	    "libarchive failed"));
}

/* "/usr/lib" -> "usr/lib", "/" -> "."; NULL unless clean and absolute. */
static const char *
rel_of(const char *path)
{
	const char *c, *p;
	size_t len;

	if (path == NULL || path[0] != '/' || strlen(path) >= PATH_MAX)
		return (NULL);
	if (path[1] == '\0')
		return (".");
	for (c = path + 1;; c = p + 1) {
		p = strchr(c, '/');
		len = p != NULL ? (size_t)(p - c) : strlen(c);
		if (len == 0 || (c[0] == '.' && (len == 1 ||
		    (len == 2 && c[1] == '.'))))
			return (NULL);
		if (p == NULL)
			return (path + 1);
	}
}

/* The root sorts first; otherwise byte order puts "a" before "a/b". */
static int
cmp_member(const void *a, const void *b)
{
	const struct member *x = a, *y = b;
	const char *kx = strcmp(x->rel, ".") == 0 ? "" : x->rel;
	const char *ky = strcmp(y->rel, ".") == 0 ? "" : y->rel;
	int c = strcmp(kx, ky);

	return (c != 0 ? c : (int)x->parent - (int)y->parent);
}

/*
 * The kept parents, the removals and the saved files, sorted, duplicates
 * dropped.
 */
static int
collect(const struct jt_shrink *s, struct member **out, size_t *np,
    struct jt_err *err)
{
	size_t n = s->parents.n + s->nrm + s->saved.n, k = 0, j;
	struct member *mv;
	const char *bad = NULL;

	*out = NULL;
	*np = 0;
	if ((mv = calloc(n > 0 ? n : 1, sizeof(*mv))) == NULL)
		return (jt_err_set(err, JT_ENOMEM, errno, s->dir, "calloc"));
	for (size_t i = 0; i < s->parents.n && bad == NULL; i++) {
		mv[k].path = s->parents.v[i];
		mv[k].parent = true;
		if ((mv[k++].rel = rel_of(s->parents.v[i])) == NULL)
			bad = s->parents.v[i];
	}
	for (size_t i = 0; i < s->nrm && bad == NULL; i++) {
		const struct jt_shrink_entry *e = &s->rm[i];

		mv[k].path = e->path;
		if ((mv[k].rel = rel_of(e->path)) == NULL ||
		    strcmp(mv[k].rel, ".") == 0)
			bad = e->path;
		else if (e->linkto != NULL && ((mv[k].linkto =
		    rel_of(e->linkto)) == NULL ||
		    strcmp(mv[k].linkto, ".") == 0))
			bad = e->linkto;
		k++;
	}
	for (size_t i = 0; i < s->saved.n && bad == NULL; i++) {
		mv[k].path = s->saved.v[i];
		mv[k].saved = true;
		if ((mv[k++].rel = rel_of(s->saved.v[i])) == NULL)
			bad = s->saved.v[i];
	}
	if (bad != NULL) {
		free(mv);
		return (jt_err_set(err, JT_EINVAL, 0, bad, "not a clean "
		    "absolute path in the jail"));
	}
	/* On a tie the removal sorts first and is the one kept. */
	qsort(mv, k, sizeof(*mv), cmp_member);
	j = 0;
	for (size_t i = 0; i < k; i++)
		if (j == 0 || strcmp(mv[j - 1].rel, mv[i].rel) != 0)
			mv[j++] = mv[i];
	*out = mv;
	*np = j;
	return (0);
}

static void
drop_parent(struct bk *b)
{
	if (b->pfd != -1 && b->pfd != b->s->dirfd)
		close(b->pfd);
	b->pfd = -1;
}

/* The directory holding m, cached: members come in path order. */
static int
parent_fd(struct bk *b, const struct member *m, const char **base,
    struct jt_err *err)
{
	const char *slash = strrchr(m->rel, '/');
	size_t len = slash != NULL ? (size_t)(slash - m->rel) : 0;

	*base = slash != NULL ? slash + 1 : m->rel;
	if (b->pfd != -1 && strlen(b->pdir) == len &&
	    strncmp(b->pdir, m->rel, len) == 0)
		return (b->pfd);
	drop_parent(b);
	memcpy(b->pdir, m->rel, len);
	b->pdir[len] = '\0';
	if (len == 0)
		b->pfd = b->s->dirfd;
	else if ((b->pfd = shrink_open_beneath(b->s->dirfd, b->pdir, O_RDONLY |
	    O_DIRECTORY)) == -1)
		return (shrink_syserr(err, errno, m->path,
		    "cannot open its directory"));
	return (b->pfd);
}

/*
 * The name an earlier member or a kept file gives this inode, or NULL
 * when this member carries the content.  A linkto that no longer is the
 * same inode is not trusted: the content is saved instead.
 */
static int
link_target(struct bk *b, const struct member *m, const struct stat *st,
    const char **target, struct jt_err *err)
{
	struct stat ks;
	char key[64];
	const char *t;

	*target = NULL;
	if (!S_ISREG(st->st_mode) || st->st_nlink < 2)
		return (0);
	snprintf(key, sizeof(key), "%jx:%jx", (uintmax_t)st->st_dev,
	    (uintmax_t)st->st_ino);
	if ((t = map_get(&b->links, key)) != NULL) {
		*target = t;
		return (0);
	}
	t = m->rel;
	if (m->linkto != NULL && shrink_lstat_beneath(b->s->dirfd, m->linkto,
	    &ks) == 0 && S_ISREG(ks.st_mode) && ks.st_dev == st->st_dev &&
	    ks.st_ino == st->st_ino)
		t = *target = m->linkto;
	if (map_put(&b->links, key, (void *)(uintptr_t)t) != 0)
		return (jt_err_set(err, JT_ENOMEM, 0, m->path, "links"));
	return (0);
}

/*
 * Symbolic links and special files: no descriptor can be had without
 * following or opening a device, so the entry is made from the stat and
 * the link read from the parent; xattrs and ACLs of these are not kept.
 */
static int
fill_plain(struct bk *b, const struct member *m, int pfd, const char *base,
    const struct stat *st, struct jt_err *err)
{
	char target[PATH_MAX];
	const char *name;
	ssize_t n;

	archive_entry_copy_stat(b->ae, st);
	if ((name = archive_read_disk_uname(b->disk, st->st_uid)) != NULL)
		archive_entry_copy_uname(b->ae, name);
	if ((name = archive_read_disk_gname(b->disk, st->st_gid)) != NULL)
		archive_entry_copy_gname(b->ae, name);
#ifdef UF_IMMUTABLE	/* the BSDs: the flags come with the stat */
	if (st->st_flags != 0)
		archive_entry_set_fflags(b->ae, st->st_flags, 0);
#endif
	if (!S_ISLNK(st->st_mode))
		return (0);
	if ((n = readlinkat(pfd, base, target, sizeof(target))) == -1)
		return (shrink_syserr(err, errno, m->path,
		    "cannot read the symbolic link"));
	if ((size_t)n >= sizeof(target))
		return (jt_err_set(err, JT_EINVAL, 0, m->path,
		    "symbolic link target too long"));
	target[n] = '\0';
	archive_entry_copy_symlink(b->ae, target);
	return (0);
}

/*
 * Regular files and directories: opened without following, then read by
 * libarchive from the descriptor (owner names, FS_IOC_GETFLAGS on Linux,
 * xattrs, ACLs, holes).  The only lookup it still makes by name, a
 * directory's default ACL on Linux, goes through the descriptor's
 * /proc/self/fd link rather than a name relative to our working
 * directory; elsewhere that name does not exist and nothing is read.
 */
static int
fill_fd(struct bk *b, const struct member *m, int pfd, const char *base,
    struct stat *st, int *fdp, struct jt_err *err)
{
	char src[64];
	bool dir = S_ISDIR(st->st_mode);
	int fd;

	fd = openat(pfd, base, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC |
	    (dir ? O_DIRECTORY : 0));
	if (fd == -1)
		return (shrink_syserr(err, errno, m->path, "cannot open"));
	*fdp = fd;
	if (fstat(fd, st) != 0)
		return (shrink_syserr(err, errno, m->path, "cannot stat"));
	if (dir != S_ISDIR(st->st_mode) || (!dir && !S_ISREG(st->st_mode)))
		return (jt_err_set(err, JT_EIO, 0, m->path,
		    "changed while being saved"));
#if defined(__linux__)
	snprintf(src, sizeof(src), "/proc/self/fd/%d", fd);
#else
	snprintf(src, sizeof(src), "/dev/fd/%d", fd);
#endif
	archive_entry_copy_sourcepath(b->ae, src);
	if (archive_read_disk_entry_from_file(b->disk, b->ae, fd, st) !=
	    ARCHIVE_OK)
		return (shrink_aerr(b->disk, JT_EIO, m->path,
		    "cannot read its metadata", err));
	return (0);
}

/*
 * The data regions libarchive writes of this member: its sparse map (the
 * file's holes, found when its metadata was read), or all of it.
 */
static int
add_region(struct bk *b, int64_t off, int64_t len)
{
	struct region *v;

	if (b->nrg == b->caprg) {
		size_t cap = b->caprg > 0 ? b->caprg * 2 : 16;

		if ((v = reallocarray(b->rg, cap, sizeof(*v))) == NULL)
			return (JT_ENOMEM);
		b->rg = v;
		b->caprg = cap;
	}
	b->rg[b->nrg].off = off;
	b->rg[b->nrg++].len = len;
	return (0);
}

static int
regions(struct bk *b, int64_t size)
{
	la_int64_t off, len;

	b->nrg = b->rgi = 0;
	if (archive_entry_sparse_reset(b->ae) <= 0)
		return (add_region(b, 0, size));
	while (archive_entry_sparse_next(b->ae, &off, &len) == ARCHIVE_OK)
		if (add_region(b, off, len) != 0)
			return (JT_ENOMEM);
	return (0);
}

/* The parts of the block at off that are data, into the run digest. */
static void
digest_block(struct bk *b, int64_t off, size_t n)
{
	int64_t end = off + (int64_t)n, s, e;
	const struct region *r;

	while (b->rgi < b->nrg) {
		r = &b->rg[b->rgi];
		if (r->off + r->len <= off) {
			b->rgi++;
			continue;
		}
		if (r->off >= end)
			break;
		s = r->off > off ? r->off : off;
		e = r->off + r->len < end ? r->off + r->len : end;
		shrink_digest_add(&b->runs, s, b->buf + (s - off),
		    (size_t)(e - s));
		if (r->off + r->len > end)
			break;
		b->rgi++;
	}
}

/* Content in blocks; a file that shrinks or grows meanwhile fails. */
static int
put_content(struct bk *b, const struct member *m, int fd, int64_t size,
    struct jt_err *err)
{
	int64_t off = 0;
	size_t want;
	ssize_t n;

	if (regions(b, size) != 0)
		return (jt_err_set(err, JT_ENOMEM, errno, m->path, "regions"));
	while (off < size) {
		want = size - off < COPY_BLOCK ? (size_t)(size - off) :
		    COPY_BLOCK;
		if ((n = pread(fd, b->buf, want, (off_t)off)) == -1) {
			if (errno == EINTR)
				continue;
			return (shrink_syserr(err, errno, m->path, "cannot read"));
		}
		if (n == 0)
			return (jt_err_set(err, JT_EIO, 0, m->path,
			    "shrank while being saved"));
		SHA256_Update(&b->sha, (const unsigned char *)b->buf,
		    (size_t)n);
		digest_block(b, off, (size_t)n);
		if (archive_write_data(b->w, b->buf, (size_t)n) != n)
			return (shrink_aerr(b->w, JT_EIO, m->path,
			    "cannot write to the backup", err));
		off += n;
	}
	if (pread(fd, b->buf, 1, (off_t)off) > 0)
		return (jt_err_set(err, JT_EIO, 0, m->path,
		    "grew while being saved"));
	return (0);
}

/* A member written: its line in the index. */
static int
note_member(struct bk *b, const struct member *m, const char *target,
    bool content, const char *facts, struct jt_err *err)
{
	unsigned char d[SHRINK_SHA_LEN];
	char hex[SHRINK_HEX_LEN] = "-", runs[SHRINK_HEX_LEN] = "-";

	if (content) {
		SHA256_Final(d, &b->sha);
		shrink_hex(d, hex);
		shrink_digest_end(&b->runs, archive_entry_size(b->ae), runs);
	}
	shrink_buf_printf(&b->idx, "%c %s %s %s\n", m->parent ? 'p' :
	    m->saved ? 's' : 'r', hex, runs, facts);
	if (b->idx.oom || map_put(&b->names, m->rel, (void *)b) != 0 ||
	    (target != NULL && strv_push(&b->targets, target) != 0))
		return (jt_err_set(err, JT_ENOMEM, 0, m->path, "index"));
	return (0);
}

static int
put_member(struct bk *b, const struct member *m, struct jt_err *err)
{
	struct stat st;
	const char *base, *target = NULL;
	struct shrink_buf facts = { 0 };
	int pfd, fd = -1, rc;

	if ((pfd = parent_fd(b, m, &base, err)) < 0)
		return (pfd);
	if (fstatat(pfd, base, &st, AT_SYMLINK_NOFOLLOW) != 0)
		return (shrink_syserr(err, errno, m->path, "cannot stat"));
	if (m->parent && !S_ISDIR(st.st_mode))
		return (jt_err_set(err, JT_ENOTDIR, 0, m->path, "kept above "
		    "removed entries, but not a directory"));
	if (m->saved && !S_ISREG(st.st_mode))
		return (jt_err_set(err, JT_EINVAL, 0, m->path, "to be saved "
		    "whole before the apply changes it, but not a regular "
		    "file"));
	if (S_ISSOCK(st.st_mode))
		return (0);	/* tar has none; its server makes a new one */
	archive_entry_clear(b->ae);
	if (S_ISREG(st.st_mode) || S_ISDIR(st.st_mode))
		rc = fill_fd(b, m, pfd, base, &st, &fd, err);
	else
		rc = fill_plain(b, m, pfd, base, &st, err);
	if (rc != 0 || (rc = link_target(b, m, &st, &target, err)) != 0)
		goto fail;
	archive_entry_copy_pathname(b->ae, m->rel);
	/* What a restore can set is kept; atime and ctime it cannot. */
	archive_entry_unset_atime(b->ae);
	archive_entry_unset_ctime(b->ae);
	archive_entry_unset_birthtime(b->ae);
	if (target != NULL) {
		archive_entry_copy_hardlink(b->ae, target);
		archive_entry_sparse_clear(b->ae);
		archive_entry_set_size(b->ae, 0);
	}
	if ((rc = shrink_facts(b->ae, &facts)) != 0) {
		rc = jt_err_set(err, rc, 0, m->path, "index");
		goto fail;
	}
	if (archive_write_header(b->w, b->ae) != ARCHIVE_OK) {
		rc = shrink_aerr(b->w, JT_EIO, m->path, "cannot add to the backup",
		    err);
		goto fail;
	}
	SHA256_Init(&b->sha);
	shrink_digest_init(&b->runs);
	if (S_ISREG(st.st_mode) && target == NULL &&
	    (rc = put_content(b, m, fd, (int64_t)st.st_size, err)) != 0)
		goto fail;
	rc = note_member(b, m, target, S_ISREG(st.st_mode) && target == NULL,
	    facts.p, err);
fail:
	if (fd != -1)
		close(fd);
	shrink_buf_free(&facts);
	return (rc);
}

/*
 * The kept file a removed hard link joins, as it is now: a restore links
 * to it only while it still is (shrink_verify.c).
 */
static int
note_kept(struct bk *b, const char *rel, struct jt_err *err)
{
	unsigned char d[SHRINK_SHA_LEN];
	char hex[SHRINK_HEX_LEN];
	struct stat st;
	ssize_t n;
	int fd, rc = 0;

	if ((fd = shrink_open_beneath(b->s->dirfd, rel, O_RDONLY |
	    O_NONBLOCK)) == -1)
		return (shrink_syserr(err, errno, rel, "cannot open a kept "
		    "file a removed hard link joins"));
	SHA256_Init(&b->sha);
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode))
		rc = jt_err_set(err, JT_EIO, errno, rel, "a kept file a "
		    "removed hard link joins is no longer a file");
	while (rc == 0 && (n = read(fd, b->buf, COPY_BLOCK)) != 0) {
		if (n < 0 && errno != EINTR)
			rc = shrink_syserr(err, errno, rel, "cannot read");
		else if (n > 0)
			SHA256_Update(&b->sha, (const unsigned char *)b->buf,
			    (size_t)n);
	}
	close(fd);
	if (rc != 0)
		return (rc);
	SHA256_Final(d, &b->sha);
	shrink_hex(d, hex);
	shrink_buf_printf(&b->idx, "k %s %o %jd %jd ", hex,
	    (unsigned)st.st_mode & 07777, (intmax_t)st.st_uid,
	    (intmax_t)st.st_gid);
	shrink_buf_esc(&b->idx, rel);
	shrink_buf_printf(&b->idx, "\n");
	return (b->idx.oom ? jt_err_set(err, JT_ENOMEM, 0, rel, "index") : 0);
}

/* The index, signed when the shrink has a key, as the last member. */
static int
put_index(struct bk *b, const char *archive, struct jt_err *err)
{
	unsigned char mac[SHRINK_SHA_LEN];
	char hex[SHRINK_HEX_LEN];
	int rc;

	for (size_t i = 0; i < b->targets.n; i++)
		if (map_get(&b->names, b->targets.v[i]) == NULL &&
		    (rc = note_kept(b, b->targets.v[i], err)) != 0)
			return (rc);
	if (b->s->keyed) {
		shrink_hmac(b->s->key, sizeof(b->s->key), b->idx.p, b->idx.n,
		    mac);
		shrink_hex(mac, hex);
	}
	shrink_buf_printf(&b->idx, "mac %s\n", b->s->keyed ? hex : "-");
	if (b->idx.oom)
		return (jt_err_set(err, JT_ENOMEM, 0, archive, "index"));
	archive_entry_clear(b->ae);
	archive_entry_copy_pathname(b->ae, SHRINK_INDEX_NAME);
	archive_entry_set_filetype(b->ae, AE_IFREG);
	archive_entry_set_perm(b->ae, 0600);
	archive_entry_set_size(b->ae, (la_int64_t)b->idx.n);
	if (archive_write_header(b->w, b->ae) != ARCHIVE_OK ||
	    archive_write_data(b->w, b->idx.p, b->idx.n) !=
	    (la_ssize_t)b->idx.n)
		return (shrink_aerr(b->w, JT_EIO, archive, "cannot write the "
		    "index", err));
	return (0);
}

void
jt_shrink_set_key(struct jt_shrink *s,
    const unsigned char key[JT_BACKUP_KEY_LEN])
{
	memcpy(s->key, key, sizeof(s->key));
	s->keyed = true;
}

static void
bk_free(struct bk *b)
{
	drop_parent(b);
	archive_write_free(b->w);
	archive_read_free(b->disk);
	archive_entry_free(b->ae);
	map_free(&b->links);
	free(b->buf);
	shrink_buf_free(&b->idx);
	free(b->rg);
	map_free(&b->names);
	strv_free(&b->targets);
}

static int
bk_open(struct bk *b, const char *archive, struct jt_err *err)
{
	if ((b->w = archive_write_new()) == NULL ||
	    (b->disk = archive_read_disk_new()) == NULL ||
	    (b->ae = archive_entry_new()) == NULL ||
	    (b->buf = malloc(COPY_BLOCK)) == NULL)
		return (jt_err_set(err, JT_ENOMEM, errno, archive,
		    "cannot allocate"));
	/*
	 * pax, not pax restricted: restricted drops an mtime's nanoseconds
	 * unless the member needs an extended header for something else.
	 * With atime and ctime unset, full pax writes the same bytes as
	 * restricted for whole-second mtimes and only adds "mtime" else.
	 */
	if (archive_write_set_format_pax(b->w) != ARCHIVE_OK)
		return (shrink_aerr(b->w, JT_EIO, archive, "pax", err));
	if (archive_read_disk_set_standard_lookup(b->disk) != ARCHIVE_OK)
		return (shrink_aerr(b->disk, JT_EIO, archive, "lookup", err));
	return (tar_set_filter(b->w, archive, true, err));
}

/* Into place, never over a file that appeared meanwhile where we can. */
static int
publish(const char *tmp, const char *path, struct jt_err *err)
{
#if defined(__linux__) && defined(RENAME_NOREPLACE)
	if (renameat2(AT_FDCWD, tmp, AT_FDCWD, path, RENAME_NOREPLACE) == 0)
		return (0);
	if (errno == EEXIST)
		return (jt_err_set(err, JT_EINVAL, 0, path,
		    "exists; not overwriting a backup"));
	if (errno != EINVAL && errno != ENOSYS)
		return (shrink_syserr(err, errno, path, "cannot rename the "
		    "temporary file into place"));
#endif
	if (rename(tmp, path) != 0)
		return (shrink_syserr(err, errno, path, "cannot rename the "
		    "temporary file into place"));
	return (0);
}

/* The rename is durable once the directory holding it is synced. */
static int
sync_dir(const char *path, struct jt_err *err)
{
	char dir[PATH_MAX];
	const char *slash = strrchr(path, '/');
	int fd, r;

	if (slash == NULL)
		snprintf(dir, sizeof(dir), ".");
	else if (slash == path)
		snprintf(dir, sizeof(dir), "/");
	else
		snprintf(dir, sizeof(dir), "%.*s", (int)(slash - path), path);
	if ((fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) == -1)
		return (shrink_syserr(err, errno, path, "cannot open its directory "
		    "to flush it"));
	r = fsync(fd);
	close(fd);
	return (r == 0 ? 0 : shrink_syserr(err, errno, path, "cannot flush its "
	    "directory"));
}

int
jt_shrink_backup(struct jt_shrink *s, const char *archive,
    struct jt_err *err)
{
	struct bk b;
	struct member *mv = NULL;
	struct stat st;
	char tmp[PATH_MAX];
	size_t n = 0;
	int fd = -1, rc;
	bool made = false;

	memset(&b, 0, sizeof(b));
	b.s = s;
	b.pfd = -1;
	if (s == NULL || archive == NULL || s->dirfd < 0)
		return (jt_err_set(err, JT_EINVAL, 0, archive, "no jail or no "
		    "archive to back it up to"));
	if (lstat(archive, &st) == 0)
		return (jt_err_set(err, JT_EINVAL, 0, archive,
		    "exists; not overwriting a backup"));
	if (errno != ENOENT)
		return (shrink_syserr(err, errno, archive, "cannot look at it"));
	if ((size_t)snprintf(tmp, sizeof(tmp), "%s.tmp-XXXXXX", archive) >=
	    sizeof(tmp))
		return (jt_err_set(err, JT_EINVAL, 0, archive,
		    "path too long"));
	if ((rc = bk_open(&b, archive, err)) != 0 ||
	    (rc = collect(s, &mv, &n, err)) != 0)
		goto fail;
	if ((fd = mkstemp(tmp)) == -1) {	/* 0600: it holds the jail */
		rc = shrink_syserr(err, errno, archive, "cannot create a temporary "
		    "file beside it");
		goto fail;
	}
	made = true;
	if (archive_write_open_fd(b.w, fd) != ARCHIVE_OK) {
		rc = shrink_aerr(b.w, JT_EIO, archive, "cannot write", err);
		goto fail;
	}
	shrink_buf_printf(&b.idx, "jailtrim-backup-index 1\n");
	for (size_t i = 0; i < n; i++)
		if ((rc = put_member(&b, &mv[i], err)) != 0)
			goto fail;
	if ((rc = put_index(&b, archive, err)) != 0)
		goto fail;
	if (archive_write_close(b.w) != ARCHIVE_OK) {
		rc = shrink_aerr(b.w, JT_EIO, archive, "cannot write", err);
		goto fail;
	}
	if (fsync(fd) != 0 || close(fd) != 0) {
		fd = -1;
		rc = shrink_syserr(err, errno, archive, "cannot flush");
		goto fail;
	}
	fd = -1;
	if ((rc = publish(tmp, archive, err)) != 0)
		goto fail;
	made = false;
	rc = sync_dir(archive, err);
fail:
	bk_free(&b);		/* before its descriptor is closed */
	if (fd != -1)
		close(fd);
	if (made)
		unlink(tmp);
	free(mv);
	return (rc);
}

