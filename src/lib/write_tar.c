/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Tarball and mtree writers, both through libarchive, both from the same
 * sorted plan.  Reproducibility follows pkg's packing.c: pax restricted,
 * a fixed mtime, no atime/ctime, names and ids as the source has them,
 * pinned compressor settings; the output never depends on umask, TZ,
 * locale or the working directory.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/stat.h>

#include <archive.h>
#include <archive_entry.h>

#include "jailtrim/write.h"
#include "tar_int.h"
#include "util.h"

static int
aerr(struct archive *a, const char *path, struct jt_err *err)
{
	return (jt_err_set(err, JT_EIO, archive_errno(a), path, "%s",
	    archive_error_string(a) ? archive_error_string(a) : "write"));
}

/*
 * Compression by suffix, with every setting that matters pinned.  fast:
 * lighter zstd and gzip levels, for a backup of a whole /usr that need
 * not be the smallest.
 */
int
tar_set_filter(struct archive *a, const char *path, bool fast,
    struct jt_err *err)
{
	int r;

	if (str_ends(path, ".txz") || str_ends(path, ".tar.xz")) {
		r = archive_write_add_filter_xz(a);
		if (r == ARCHIVE_OK)
			r = archive_write_set_filter_option(a, "xz",
			    "compression-level", "6");
		if (r == ARCHIVE_OK)
			r = archive_write_set_filter_option(a, "xz", "threads",
			    "1");
	} else if (str_ends(path, ".tzst") || str_ends(path, ".tar.zst")) {
		r = archive_write_add_filter_zstd(a);
		if (r == ARCHIVE_OK)
			r = archive_write_set_filter_option(a, "zstd",
			    "compression-level", fast ? "9" : "19");
	} else if (str_ends(path, ".tgz") || str_ends(path, ".tar.gz")) {
		r = archive_write_add_filter_gzip(a);
		if (r == ARCHIVE_OK)	/* no timestamp in the gzip header */
			r = archive_write_set_filter_option(a, "gzip",
			    "timestamp", NULL);
		if (r == ARCHIVE_OK)
			r = archive_write_set_filter_option(a, "gzip",
			    "compression-level", fast ? "6" : "9");
	} else if (str_ends(path, ".tar")) {
		r = archive_write_add_filter_none(a);
	} else {
		return (jt_err_set(err, JT_EINVAL, 0, path, "unknown tarball "
		    "suffix (use .txz, .tzst, .tgz or .tar)"));
	}
	return (r == ARCHIVE_OK ? 0 : aerr(a, path, err));
}

/*
 * Names of each hard-link group (head path -> count), for nlink in the
 * mtree: counted once, not per entry.
 */
static int
count_links(const struct jt_plan_entry *ents, size_t n, struct jt_map *links)
{
	for (size_t i = 0; i < n; i++) {
		const char *head = ents[i].hardlink;
		uintptr_t k;

		if (head == NULL)
			continue;
		k = (uintptr_t)map_get(links, head);
		if (map_put(links, head, (void *)(k == 0 ? 2 : k + 1)) != 0)
			return (JT_ENOMEM);
	}
	return (0);
}

static unsigned
nlink_of(const struct jt_map *links, const char *head)
{
	uintptr_t k = (uintptr_t)map_get(links, head);

	return (k == 0 ? 1 : (unsigned)k);
}

static void
fill(struct archive_entry *ae, const struct jt_plan_entry *e, int64_t epoch)
{
	char name[PATH_MAX + 2];

	snprintf(name, sizeof(name), ".%s", e->path);
	archive_entry_set_pathname(ae, name);
	archive_entry_set_mtime(ae, epoch, 0);
	archive_entry_set_uid(ae, e->uid);
	archive_entry_set_gid(ae, e->gid);
	if (e->uname[0] != '\0')
		archive_entry_set_uname(ae, e->uname);
	if (e->gname[0] != '\0')
		archive_entry_set_gname(ae, e->gname);
	archive_entry_set_perm(ae, e->mode & 07777);
	if (e->fflags[0] != '\0')
		archive_entry_copy_fflags_text(ae, e->fflags);
	switch (e->type) {
	case JT_FT_DIR:
		archive_entry_set_filetype(ae, AE_IFDIR);
		break;
	case JT_FT_LNK:
		archive_entry_set_filetype(ae, AE_IFLNK);
		archive_entry_set_symlink(ae, e->link);
		break;
	default:
		archive_entry_set_filetype(ae, AE_IFREG);
		break;
	}
}

/*
 * The root "." first: mtree(8) builds its tree from it and refuses a
 * file before it, and a tarball without "./" leaves the root's mode and
 * owner to the extracting umask.  Owned by uid and gid 0, named as the
 * source names them (the first entry owned by 0:0); 0755, as the
 * directory writer makes it.
 */
static void
fill_root(struct archive_entry *ae, const struct jt_plan_entry *ents,
    size_t n, int64_t epoch)
{
	archive_entry_set_pathname(ae, ".");
	archive_entry_set_filetype(ae, AE_IFDIR);
	archive_entry_set_perm(ae, 0755);
	archive_entry_set_mtime(ae, epoch, 0);
	archive_entry_set_uid(ae, 0);
	archive_entry_set_gid(ae, 0);
	for (size_t i = 0; i < n; i++) {
		if (ents[i].uid != 0 || ents[i].gid != 0 ||
		    ents[i].uname[0] == '\0' || ents[i].gname[0] == '\0')
			continue;
		archive_entry_set_uname(ae, ents[i].uname);
		archive_entry_set_gname(ae, ents[i].gname);
		break;
	}
}

/* Write every entry; mtree takes data for digests and no link entries. */
static int
put_all(struct jt_plan *p, struct archive *a, const char *out, bool mtree,
    int64_t epoch, struct jt_err *err)
{
	const struct jt_plan_entry *ents;
	struct archive_entry *ae;
	struct jt_map links = { 0 };
	const void *data;
	size_t n, len;
	int rc;

	if ((rc = jt_plan_finish(p, &ents, &n, err)) != 0)
		return (rc);
	jt_plan_prefetch(p);
	if (mtree && count_links(ents, n, &links) != 0) {
		map_free(&links);
		return (jt_err_set(err, JT_ENOMEM, 0, out, "links"));
	}
	if ((ae = archive_entry_new()) == NULL) {
		map_free(&links);
		return (jt_err_set(err, JT_ENOMEM, errno, out, "entry"));
	}
	fill_root(ae, ents, n, epoch);
	if (archive_write_header(a, ae) != ARCHIVE_OK) {
		rc = aerr(a, out, err);
		goto out;
	}
	for (size_t i = 0; i < n; i++) {
		const struct jt_plan_entry *e = &ents[i];
		bool content = e->type == JT_FT_REG &&
		    (e->hardlink == NULL || mtree);

		archive_entry_clear(ae);
		fill(ae, e, epoch);
		data = NULL;
		len = 0;
		if (content && (rc = jt_plan_content(p, e, &data, &len,
		    err)) != 0)
			goto out;
		if (e->type == JT_FT_REG && !mtree && e->hardlink != NULL) {
			char target[PATH_MAX + 2];

			snprintf(target, sizeof(target), ".%s", e->hardlink);
			archive_entry_set_hardlink(ae, target);
			archive_entry_set_size(ae, 0);
		} else if (e->type == JT_FT_REG) {
			archive_entry_set_size(ae, (la_int64_t)len);
			if (mtree)
				archive_entry_set_nlink(ae, nlink_of(&links,
				    e->hardlink != NULL ? e->hardlink : e->path));
		} else if (e->type == JT_FT_LNK) {
			/* One name: mtree(8) compares nlink, 0 never matches. */
			archive_entry_set_nlink(ae, 1);
		}
		if (archive_write_header(a, ae) != ARCHIVE_OK ||
		    (len > 0 && archive_write_data(a, data, len) !=
		    (la_ssize_t)len)) {
			rc = aerr(a, out, err);
			goto out;
		}
	}
	rc = 0;
out:
	archive_entry_free(ae);
	map_free(&links);
	return (rc);
}

/*
 * Owners by id in the mtree: mtree -p resolves uname/gname through the
 * host's accounts, not the jail's, and refuses a name the host lacks
 * (wheel on Linux) or maps it to another id (bind, www).
 */
#define MTREE_KEYS "!all,type,mode,uid,gid,flags,size,nlink,sha256,link"

/*
 * A new temporary sibling of path, created with mode 0666 so that the
 * umask applies as it would to any file the user writes; its name goes
 * to tmp.  -1 and errno on failure.
 */
static int
tmp_sibling(const char *path, char *tmp, size_t len)
{
	static unsigned long seq;
	unsigned long seed = (unsigned long)getpid() * 2654435761UL ^
	    (unsigned long)time(NULL);
	int fd;

	for (int tries = 0; tries < 100; tries++) {
		seed = seed * 6364136223846793005UL + 1442695040888963407UL +
		    seq++;
		if ((size_t)snprintf(tmp, len, "%s.tmp-%ld-%06lx", path,
		    (long)getpid(), (seed >> 40) & 0xffffff) >= len) {
			errno = ENAMETOOLONG;
			return (-1);
		}
		fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW |
		    O_CLOEXEC, 0666);
		if (fd != -1 || errno != EEXIST)
			return (fd);
	}
	return (-1);
}

/*
 * A tarball holding a file or directory others may not read (0600
 * master.passwd, spwd.db, host keys, 0700 directories) is readable by
 * its owner alone, whatever the umask allowed.
 */
static bool
holds_private(struct jt_plan *p)
{
	const struct jt_plan_entry *ents;
	struct jt_err err;
	size_t n;

	if (jt_plan_finish(p, &ents, &n, &err) != 0)
		return (false);
	for (size_t i = 0; i < n; i++)
		if ((ents[i].type == JT_FT_REG || ents[i].type == JT_FT_DIR) &&
		    (ents[i].mode & S_IROTH) == 0)
			return (true);
	return (false);
}

int
jt_write_file_check(const char *path, bool tar, const struct jt_write_opts *o,
    struct jt_err *err)
{
	struct archive *a;
	struct stat st;
	int rc = 0;

	if (tar) {
		if ((a = archive_write_new()) == NULL)
			return (jt_err_set(err, JT_ENOMEM, 0, path,
			    "archive_write_new"));
		rc = tar_set_filter(a, path, false, err);
		archive_write_free(a);
		if (rc != 0)
			return (rc);
	}
	if (lstat(path, &st) != 0)
		return (errno == ENOENT ? 0 : jt_err_set(err, JT_EIO, errno,
		    path, "stat"));
	if (S_ISDIR(st.st_mode))
		return (jt_err_set(err, JT_EINVAL, 0, path, "is a directory"));
	if (!o->force && !o->force_any)
		return (jt_err_set(err, JT_EINVAL, 0, path, "exists (use "
		    "--force to replace it)"));
	return (0);
}

/* Sync, then rename tmp onto path: a link at path is replaced. */
static int
put_in_place(int fd, const char *tmp, const char *path, struct jt_err *err)
{
	if (fsync(fd) != 0 || close(fd) != 0)
		return (jt_err_set(err, JT_EIO, errno, path, "cannot flush"));
	if (rename(tmp, path) != 0)
		return (jt_err_set(err, JT_EIO, errno, path, "cannot rename "
		    "%s into place", tmp));
	return (0);
}

int
jt_write_text(const char *path, const char *text, struct jt_err *err)
{
	char tmp[PATH_MAX];
	size_t len = strlen(text), done = 0;
	int fd, rc;

	if ((fd = tmp_sibling(path, tmp, sizeof(tmp))) == -1)
		return (jt_err_set(err, JT_EIO, errno, path,
		    "cannot create a temporary file beside it"));
	while (done < len) {
		ssize_t w = write(fd, text + done, len - done);

		if (w <= 0) {
			rc = jt_err_set(err, JT_EIO, errno, path, "write");
			close(fd);
			unlink(tmp);
			return (rc);
		}
		done += (size_t)w;
	}
	if ((rc = put_in_place(fd, tmp, path, err)) != 0)
		unlink(tmp);
	return (rc);
}

/* Write to a temporary sibling, fsync, rename into place. */
static int
write_archive(struct jt_plan *p, const char *path, bool mtree,
    const struct jt_write_opts *o, struct jt_err *err)
{
	char tmp[PATH_MAX];
	struct archive *a;
	struct stat st;
	int fd, rc;

	if ((fd = tmp_sibling(path, tmp, sizeof(tmp))) == -1)
		return (jt_err_set(err, JT_EIO, errno, path,
		    "cannot create a temporary file beside it"));
	if (!mtree && holds_private(p) && (fstat(fd, &st) != 0 ||
	    fchmod(fd, st.st_mode & 0600) != 0)) {
		rc = jt_err_set(err, JT_EIO, errno, path, "chmod");
		close(fd);
		unlink(tmp);
		return (rc);
	}
	if ((a = archive_write_new()) == NULL) {
		rc = jt_err_set(err, JT_ENOMEM, 0, path, "archive_write_new");
		goto fail;
	}
	if (mtree) {
		if (archive_write_set_format_mtree(a) != ARCHIVE_OK ||
		    archive_write_set_options(a, MTREE_KEYS) != ARCHIVE_OK ||
		    archive_write_add_filter_none(a) != ARCHIVE_OK) {
			rc = aerr(a, path, err);
			goto fail;
		}
	} else {
		if (archive_write_set_format_pax_restricted(a) != ARCHIVE_OK) {
			rc = aerr(a, path, err);
			goto fail;
		}
		if ((rc = tar_set_filter(a, path, false, err)) != 0)
			goto fail;
	}
	/* Whole blocks of the default size, padded: fixed framing. */
	if (archive_write_open_fd(a, fd) != ARCHIVE_OK) {
		rc = aerr(a, path, err);
		goto fail;
	}
	if ((rc = put_all(p, a, path, mtree, o->epoch, err)) != 0)
		goto fail;
	if (archive_write_close(a) != ARCHIVE_OK) {
		rc = aerr(a, path, err);
		goto fail;
	}
	archive_write_free(a);
	a = NULL;
	rc = put_in_place(fd, tmp, path, err);
	fd = -1;
	if (rc != 0)
		goto fail;
	return (0);
fail:
	archive_write_free(a);
	if (fd != -1)
		close(fd);
	unlink(tmp);
	return (rc);
}

int
jt_write_tar(struct jt_plan *p, const char *path,
    const struct jt_write_opts *o, struct jt_err *err)
{
	return (write_archive(p, path, false, o, err));
}

/* The mtree on standard output, for "-": nothing to rename. */
static int
mtree_stdout(struct jt_plan *p, const struct jt_write_opts *o,
    struct jt_err *err)
{
	struct archive *a;
	int rc;

	if ((a = archive_write_new()) == NULL)
		return (jt_err_set(err, JT_ENOMEM, 0, "-", "archive_write_new"));
	if (archive_write_set_format_mtree(a) != ARCHIVE_OK ||
	    archive_write_set_options(a, MTREE_KEYS) != ARCHIVE_OK ||
	    archive_write_add_filter_none(a) != ARCHIVE_OK ||
	    archive_write_open_fd(a, STDOUT_FILENO) != ARCHIVE_OK) {
		rc = aerr(a, "-", err);
		goto out;
	}
	if ((rc = put_all(p, a, "-", true, o->epoch, err)) != 0)
		goto out;
	if (archive_write_close(a) != ARCHIVE_OK)
		rc = aerr(a, "-", err);
out:
	archive_write_free(a);
	return (rc);
}

int
jt_write_mtree(struct jt_plan *p, const char *path,
    const struct jt_write_opts *o, struct jt_err *err)
{
	if (strcmp(path, "-") == 0)
		return (mtree_stdout(p, o, err));
	return (write_archive(p, path, true, o, err));
}
