/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The restore that puts a shrink's backup back (shrink_archive.c writes
 * it): real mtimes, owners, modes, file flags, xattrs and ACLs.
 *
 * Nothing is written before the whole backup was read and found as its
 * signed index records it, and the jail found as the index says the
 * shrink left it (shrink_verify.c); the archive is read through one
 * descriptor both times, and each member is held to the index again as
 * it is written.  The restore extracts from inside the target directory
 * through libarchive's secure-extract checks, after refusing absolute
 * and ".." names itself.
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

#include "jailtrim/shrink.h"
#include "shrink_int.h"
#include "util.h"

/*
 * No ARCHIVE_EXTRACT_UNLINK: without it libarchive still replaces a file
 * that is in the way (create with O_EXCL, unlink on EEXIST, retry) and
 * re-applies the metadata of a directory that exists, which is what a
 * restore after an interrupted apply needs; with it, a symbolic link in
 * the middle of a member's path would be deleted instead of refused.
 * CLEAR_NOCHANGE_FFLAGS clears schg/immutable on a file before it is
 * replaced.  No user or group lookup: the host's account names say
 * nothing about the jail's, the numeric ids are exact.
 */
#define RESTORE_FLAGS	(ARCHIVE_EXTRACT_OWNER | ARCHIVE_EXTRACT_PERM |	\
	ARCHIVE_EXTRACT_TIME | ARCHIVE_EXTRACT_FFLAGS |			\
	ARCHIVE_EXTRACT_XATTR | ARCHIVE_EXTRACT_ACL |			\
	ARCHIVE_EXTRACT_SECURE_SYMLINKS | ARCHIVE_EXTRACT_SECURE_NODOTDOT | \
	ARCHIVE_EXTRACT_SECURE_NOABSOLUTEPATHS |			\
	ARCHIVE_EXTRACT_CLEAR_NOCHANGE_FFLAGS)

/* A restore under way. */
struct rs {
	struct archive	*r;		/* the backup */
	struct archive	*w;		/* the disk */
	const char	*archive;
	int		 afd;		/* the backup, read twice */
	int		 dfd;		/* the directory restored into */
	struct shrink_index ix;		/* what the backup holds */
	struct dirtime {
		char		*name;
		struct timespec	 mtime;
	}		*dt;		/* every directory member */
	size_t		 ndt, capdt;
	struct jt_err	 first;		/* the first member not all set */
};

static int
rerr(struct rs *x, struct archive *a, int code, const char *name,
    const char *what, struct jt_err *err)
{
	const char *s = archive_error_string(a);

	return (jt_err_set(err, code, archive_errno(a) > 0 ?
	    archive_errno(a) : 0, x->archive, "member \"%s\": %s%s%s", name,
	    what, s != NULL ? ": " : "", s != NULL ? s : ""));
}

/*
 * libarchive defers the times of the directories it creates to
 * archive_write_close(), but sets those of a directory that exists at
 * once, before the members inside it change them again: a kept parent
 * would keep the time of the restore.  So every directory's mtime is
 * noted here and set again after the last member.
 */
static int
note_dir(struct rs *x, struct archive_entry *ae, struct jt_err *err)
{
	const char *name = archive_entry_pathname(ae);
	size_t len = strlen(name);
	struct dirtime *d;

	if (archive_entry_filetype(ae) != AE_IFDIR ||
	    !archive_entry_mtime_is_set(ae))
		return (0);
	if (x->ndt == x->capdt) {
		size_t cap = x->capdt > 0 ? x->capdt * 2 : 64;

		if ((d = reallocarray(x->dt, cap, sizeof(*d))) == NULL)
			return (jt_err_set(err, JT_ENOMEM, errno, x->archive,
			    "directories"));
		x->dt = d;
		x->capdt = cap;
	}
	while (len > 1 && name[len - 1] == '/')
		len--;
	d = &x->dt[x->ndt];
	if ((d->name = strndup(name, len)) == NULL)
		return (jt_err_set(err, JT_ENOMEM, errno, x->archive,
		    "directories"));
	d->mtime.tv_sec = (time_t)archive_entry_mtime(ae);
	d->mtime.tv_nsec = archive_entry_mtime_nsec(ae);
	x->ndt++;
	return (0);
}

/* Through no symbolic link; a failure is noted, the rest still set. */
static void
dir_times(struct rs *x)
{
	struct timespec ts[2];
	int fd, r, e;

	ts[0].tv_sec = 0;
	ts[0].tv_nsec = UTIME_OMIT;
	for (size_t i = x->ndt; i-- > 0;) {
		ts[1] = x->dt[i].mtime;
		r = -1;
		if ((fd = shrink_open_beneath(x->dfd, x->dt[i].name, O_RDONLY |
		    O_DIRECTORY)) != -1)
			r = futimens(fd, ts);
		e = errno;
		if (fd != -1)
			close(fd);
		if (r != 0 && x->first.code == 0)
			jt_err_set(&x->first, JT_EIO, e, x->archive,
			    "member \"%s\": cannot set its time",
			    x->dt[i].name);
	}
}

/*
 * The member's index entry, when the member still is what it records
 * (it was checked in the first read; the archive read again is held to
 * the same facts, in case the file changed in between).
 */
static int
as_checked(struct rs *x, struct archive_entry *ae,
    const struct shrink_ient **iep, struct jt_err *err)
{
	struct shrink_buf nm = { 0 }, facts = { 0 };
	const struct shrink_ient *ie;
	const char *name = archive_entry_pathname(ae);
	int rc = 0;

	shrink_member_name(name, &nm);
	if (nm.oom || shrink_facts(ae, &facts) != 0)
		rc = jt_err_set(err, JT_ENOMEM, 0, x->archive, "index");
	else if ((ie = map_get(&x->ix.byname, nm.p)) == NULL ||
	    strcmp(ie->facts, facts.p) != 0)
		rc = jt_err_set(err, JT_EFORMAT, 0, x->archive, "member \"%s\": "
		    "changed since the backup was checked", name);
	else
		*iep = ie;
	shrink_buf_free(&nm);
	shrink_buf_free(&facts);
	return (rc);
}

/*
 * One member.  A name that would leave the directory and a failure to
 * read or write data stop the restore; a member that cannot be made (a
 * link to a file that is gone) or whose metadata cannot all be set is
 * noted in first and the restore goes on, to put back all it can.
 */
static int
put_one(struct rs *x, struct archive_entry *ae, struct jt_err *err)
{
	const char *name = archive_entry_pathname(ae);
	const char *hl = archive_entry_hardlink(ae);
	const struct shrink_ient *ie = NULL;
	char hex[SHRINK_HEX_LEN];
	struct shrink_digest d;
	const void *buf;
	unsigned long old = 0;
	size_t len;
	int64_t off;	/* la_int64_t, which older libarchive lacks */
	int ar, lfd = -1;

	if (name == NULL || name[0] == '\0' || shrink_escapes(name) ||
	    (hl != NULL && shrink_escapes(hl)))
		return (jt_err_set(err, JT_EESCAPE, 0, x->archive, "member "
		    "\"%s\"%s%s: refused: an absolute name or \"..\" would "
		    "leave the directory", name != NULL ? name : "",
		    hl != NULL ? " linked to " : "", hl != NULL ? hl : ""));
	if (strcmp(name, SHRINK_INDEX_NAME) == 0)
		return (0);
	if ((ar = as_checked(x, ae, &ie, err)) != 0)
		return (ar);
	if (hl != NULL)
		lfd = shrink_lift_flags(x->dfd, hl, &old);
	ar = archive_write_header(x->w, ae);
	if (lfd != -1 && shrink_put_flags(lfd, old) != 0 && x->first.code == 0)
		jt_err_set(&x->first, JT_EIO, errno, x->archive, "member "
		    "\"%s\": cannot put back the flags of %s", name, hl);
	if (ar == ARCHIVE_FATAL)
		return (rerr(x, x->w, JT_EIO, name, "refused", err));
	/* libarchive's own path checks (through a symlink) set no errno */
	if (ar == ARCHIVE_FAILED && archive_errno(x->w) <= 0)
		return (rerr(x, x->w, JT_EESCAPE, name, "refused", err));
	if (ar == ARCHIVE_FAILED) {
		if (x->first.code == 0)
			rerr(x, x->w, JT_EIO, name, "not restored", &x->first);
		return (0);
	}
	shrink_digest_init(&d);
	while ((ar = archive_read_data_block(x->r, &buf, &len, &off)) !=
	    ARCHIVE_EOF) {
		if (ar < ARCHIVE_OK)
			return (rerr(x, x->r, JT_EFORMAT, name, "cannot read",
			    err));
		if (archive_write_data_block(x->w, buf, len, off) <
		    ARCHIVE_OK)
			return (rerr(x, x->w, JT_EIO, name, "cannot write",
			    err));
		shrink_digest_add(&d, off, buf, len);
	}
	if (strcmp(ie->runs, "-") != 0) {
		shrink_digest_end(&d, archive_entry_size(ae), hex);
		if (strcmp(hex, ie->runs) != 0)
			return (jt_err_set(err, JT_EFORMAT, 0, x->archive,
			    "member \"%s\": its content changed while it was "
			    "restored", name));
	}
	ar = archive_write_finish_entry(x->w);
	if (ar < ARCHIVE_WARN)
		return (rerr(x, x->w, JT_EIO, name, "cannot finish", err));
	if (ar == ARCHIVE_WARN && x->first.code == 0)
		rerr(x, x->w, JT_EIO, name, "not all its metadata set",
		    &x->first);
	return (note_dir(x, ae, err));
}

static int
rs_open(struct rs *x, const char *dir, struct jt_err *err)
{
	if ((x->afd = open(x->archive, O_RDONLY | O_CLOEXEC)) == -1)
		return (shrink_syserr(err, errno, x->archive, "cannot open"));
	if ((x->dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) == -1)
		return (shrink_syserr(err, errno, dir, "cannot open"));
	return (0);
}

/* The second read of the backup, the one that writes. */
static int
rs_reopen(struct rs *x, struct jt_err *err)
{
	if (lseek(x->afd, 0, SEEK_SET) != 0)
		return (shrink_syserr(err, errno, x->archive, "cannot rewind"));
	if ((x->r = archive_read_new()) == NULL ||
	    (x->w = archive_write_disk_new()) == NULL)
		return (jt_err_set(err, JT_ENOMEM, errno, x->archive,
		    "libarchive"));
	if (archive_read_support_filter_all(x->r) != ARCHIVE_OK ||
	    archive_read_support_format_tar(x->r) != ARCHIVE_OK)
		return (shrink_aerr(x->r, JT_EIO, x->archive, "libarchive", err));
	if (archive_write_disk_set_options(x->w, RESTORE_FLAGS) != ARCHIVE_OK)
		return (shrink_aerr(x->w, JT_EIO, x->archive, "libarchive", err));
	if (archive_read_open_fd(x->r, x->afd, 64 * 1024) != ARCHIVE_OK)
		return (shrink_aerr(x->r, JT_EIO, x->archive, "cannot open", err));
	return (0);
}

/* The backup checked, then the jail; nothing written yet. */
static int
rs_check(struct rs *x, const char *dir, const struct jt_restore_opts *o,
    struct restore_conflicts *rc, struct jt_err *err)
{
	int r;

	if ((r = shrink_verify_backup(x->afd, x->archive, o, &x->ix, err)) != 0)
		return (r);
	if ((r = shrink_conflicts(x->dfd, &x->ix, rc, err)) != 0)
		return (r);
	if (rc->n > 0 && !o->force)
		return (jt_err_set(err, JT_EINVAL, 0, dir, "%zu change%s since "
		    "the shrink would be undone: not restored (--force restores "
		    "over them)", rc->n, rc->n > 1 ? "s" : ""));
	return (0);
}

/*
 * libarchive resolves member names against the working directory, so
 * the restore moves into dir for its duration (the library is not for
 * threads that share a working directory) and back, also on failure;
 * archive_write_close() fixes up directories by name, so it too runs
 * inside dir.
 */
int
jt_restore(const char *archive, const char *dir,
    const struct jt_restore_opts *o, struct jt_restore_conflict **conf,
    size_t *nconf, struct jt_err *err)
{
	static const struct jt_restore_opts none;
	struct restore_conflicts rc0;
	struct rs x;
	struct archive_entry *ae;
	int cwd = -1, rc, ar;
	bool inside = false;

	memset(&x, 0, sizeof(x));
	memset(&rc0, 0, sizeof(rc0));
	x.archive = archive;
	x.afd = x.dfd = -1;
	if (conf != NULL)
		*conf = NULL;
	if (nconf != NULL)
		*nconf = 0;
	if (archive == NULL || dir == NULL)
		return (jt_err_set(err, JT_EINVAL, 0, archive, "no archive or "
		    "no directory to restore into"));
	if ((rc = rs_open(&x, dir, err)) != 0 ||
	    (rc = rs_check(&x, dir, o != NULL ? o : &none, &rc0, err)) != 0 ||
	    (rc = rs_reopen(&x, err)) != 0)
		goto fail;
#if defined(__linux__)	/* O_PATH: no need to be able to read it */
	cwd = open(".", O_PATH | O_DIRECTORY | O_CLOEXEC);
#else
	cwd = open(".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
#endif
	if (cwd == -1 || fchdir(x.dfd) != 0) {
		rc = shrink_syserr(err, errno, dir, "cannot change into it");
		goto fail;
	}
	inside = true;
	while ((ar = archive_read_next_header(x.r, &ae)) == ARCHIVE_OK ||
	    ar == ARCHIVE_WARN)
		if ((rc = put_one(&x, ae, err)) != 0)
			goto fail;
	if (ar != ARCHIVE_EOF) {
		rc = shrink_aerr(x.r, JT_EFORMAT, archive, "damaged", err);
		goto fail;
	}
	dir_times(&x);
	if (archive_write_close(x.w) != ARCHIVE_OK && x.first.code == 0)
		shrink_aerr(x.w, JT_EIO, archive, "cannot set directory metadata",
		    &x.first);
	if (x.first.code != 0) {
		if (err != NULL)
			*err = x.first;
		rc = x.first.code;
	}
fail:
	archive_write_free(x.w);	/* its fixups, still inside dir */
	if (inside && fchdir(cwd) != 0 && rc == 0)
		rc = shrink_syserr(err, errno, ".", "cannot return to the working "
		    "directory");
	archive_read_free(x.r);
	for (size_t i = 0; i < x.ndt; i++)
		free(x.dt[i].name);
	free(x.dt);
	shrink_index_free(&x.ix);
	if (cwd != -1)
		close(cwd);
	if (x.dfd != -1)
		close(x.dfd);
	if (x.afd != -1)
		close(x.afd);
	if (conf != NULL && nconf != NULL) {
		*conf = rc0.v;
		*nconf = rc0.n;
	} else
		jt_restore_conflicts_free(rc0.v, rc0.n);
	return (rc);
}
