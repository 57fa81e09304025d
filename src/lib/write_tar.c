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
	if (mtree && count_links(ents, n, &links) != 0) {
		map_free(&links);
		return (jt_err_set(err, JT_ENOMEM, 0, out, "links"));
	}
	if ((ae = archive_entry_new()) == NULL) {
		map_free(&links);
		return (jt_err_set(err, JT_ENOMEM, errno, out, "entry"));
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

/* Write to a temporary sibling, fsync, rename into place. */
static int
write_archive(struct jt_plan *p, const char *path, bool mtree,
    const struct jt_write_opts *o, struct jt_err *err)
{
	char tmp[PATH_MAX];
	struct archive *a;
	int fd, rc;

	if ((size_t)snprintf(tmp, sizeof(tmp), "%s.tmp-XXXXXX", path) >=
	    sizeof(tmp))
		return (jt_err_set(err, JT_EINVAL, 0, path, "path too long"));
	if ((fd = mkstemp(tmp)) == -1)
		return (jt_err_set(err, JT_EIO, errno, path,
		    "cannot create a temporary file beside it"));
	(void)fchmod(fd, 0644);
	if ((a = archive_write_new()) == NULL) {
		rc = jt_err_set(err, JT_ENOMEM, 0, path, "archive_write_new");
		goto fail;
	}
	if (mtree) {
		if (archive_write_set_format_mtree(a) != ARCHIVE_OK ||
		    archive_write_set_options(a, "!all,type,mode,uname,gname,"
		    "flags,size,nlink,sha256,link") != ARCHIVE_OK ||
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
	if (fsync(fd) != 0 || close(fd) != 0) {
		fd = -1;
		rc = jt_err_set(err, JT_EIO, errno, path, "cannot flush");
		goto fail;
	}
	fd = -1;
	if (rename(tmp, path) != 0) {
		rc = jt_err_set(err, JT_EIO, errno, path, "cannot rename "
		    "%s into place", tmp);
		goto fail;
	}
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

int
jt_write_mtree(struct jt_plan *p, const char *path,
    const struct jt_write_opts *o, struct jt_err *err)
{
	return (write_archive(p, path, true, o, err));
}
