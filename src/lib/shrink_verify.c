/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * What a restore checks before it writes anything (shrink_restore.c
 * writes): the backup read whole and every member held to its index
 * (shrink_index.c says why the index is signed), then the jail compared
 * with what the index recorded at the shrink, so that a restore never
 * silently undoes what the admin changed since.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#if defined(__linux__)
#include <sys/sysmacros.h>
#endif

#include <archive.h>
#include <archive_entry.h>
#include <sha256.h>

#include "jailtrim/shrink.h"
#include "shrink_int.h"

/* An absolute name or a ".." component. */
bool
shrink_escapes(const char *name)
{
	const char *c, *p;

	if (name[0] == '/')
		return (true);
	for (c = name;; c = p + 1) {
		p = strchr(c, '/');
		if (c[0] == '.' && c[1] == '.' && (c[2] == '/' || c[2] == '\0'))
			return (true);
		if (p == NULL)
			return (false);
	}
}

/* The backup being read once through, before anything is written. */
struct scan {
	struct archive		*r;
	const char		*archive;
	struct jt_strv		 seen;		/* "RUNS FACTS" per member */
	struct jt_map		 links;		/* symlink members */
	struct shrink_buf	 index;		/* the index member's bytes */
	bool			 have_index;
	char			*buf;
};

static int
serr(struct scan *x, int code, const char *name, const char *what,
    struct jt_err *err)
{
	return (jt_err_set(err, code, 0, x->archive, "member \"%s\": %s", name,
	    what));
}

/*
 * Content in blocks, into the run digest (holes cost nothing), or into
 * the index buffer for the index member, which has none.
 */
static int
read_data(struct scan *x, struct archive_entry *ae, struct shrink_digest *d,
    struct shrink_buf *into, struct jt_err *err)
{
	const void *buf;
	size_t len;
	int64_t off, pos = 0;
	int ar;

	while ((ar = archive_read_data_block(x->r, &buf, &len, &off)) !=
	    ARCHIVE_EOF) {
		if (ar < ARCHIVE_OK)
			return (shrink_aerr(x->r, JT_EFORMAT, x->archive,
			    "damaged", err));
		if (off < pos || (d == NULL && off != pos))
			return (serr(x, JT_EFORMAT, archive_entry_pathname(ae),
			    "data out of order", err));
		if (d != NULL)
			shrink_digest_add(d, off, buf, len);
		else if (into->n + len > SHRINK_INDEX_MAX)
			return (serr(x, JT_EFORMAT, SHRINK_INDEX_NAME,
			    "too large", err));
		else
			shrink_buf_add(into, buf, len);
		pos = off + (int64_t)len;
	}
	return (0);
}

/*
 * Below a symbolic link of the backup: a shrink never saves anything
 * there (it does not walk through links), and extracting it would write
 * through the link.
 */
static bool
below_link(struct scan *x, const char *name, char *path, size_t len)
{
	const char *p;

	snprintf(path, len, "%s", name);
	for (p = strchr(name, '/'); p != NULL; p = strchr(p + 1, '/')) {
		if ((size_t)(p - name) >= len)
			break;
		path[p - name] = '\0';
		if (map_get(&x->links, path) != NULL)
			return (true);
		path[p - name] = '/';
	}
	return (false);
}

static int
scan_one(struct scan *x, struct archive_entry *ae, struct jt_err *err)
{
	const char *name = archive_entry_pathname(ae);
	const char *hl = archive_entry_hardlink(ae);
	char sl[PATH_MAX];
	struct shrink_buf line = { 0 }, nm = { 0 };
	char hex[SHRINK_HEX_LEN] = "-";
	struct shrink_digest d;
	int rc;

	if (name == NULL || name[0] == '\0' || shrink_escapes(name) ||
	    (hl != NULL && shrink_escapes(hl)))
		return (jt_err_set(err, JT_EESCAPE, 0, x->archive, "member "
		    "\"%s\"%s%s: refused: an absolute name or \"..\" would "
		    "leave the directory", name != NULL ? name : "",
		    hl != NULL ? " linked to " : "", hl != NULL ? hl : ""));
	if (strcmp(name, SHRINK_INDEX_NAME) == 0) {
		if (x->have_index)
			return (serr(x, JT_EFORMAT, name, "twice", err));
		x->have_index = true;
		return (read_data(x, ae, NULL, &x->index, err));
	}
	if (x->have_index)
		return (serr(x, JT_EFORMAT, name, "after the index: not "
		    "written by a shrink", err));
	shrink_member_name(name, &nm);
	if (!nm.oom && below_link(x, nm.p, sl, sizeof(sl))) {
		rc = jt_err_set(err, JT_EESCAPE, 0, x->archive, "member "
		    "\"%s\": refused: below the symbolic link \"%s\" of the "
		    "backup", name, sl);
		goto out;
	}
	if (!nm.oom && archive_entry_filetype(ae) == AE_IFLNK && hl == NULL &&
	    map_put(&x->links, nm.p, x) != 0)
		nm.oom = true;
	shrink_digest_init(&d);
	if ((rc = read_data(x, ae, &d, NULL, err)) != 0)
		goto out;
	if (archive_entry_filetype(ae) == AE_IFREG && hl == NULL)
		shrink_digest_end(&d, archive_entry_size(ae), hex);
	shrink_buf_printf(&line, "%s ", hex);
	if ((rc = shrink_facts(ae, &line)) != 0 || nm.oom || line.oom ||
	    strv_push(&x->seen, line.p) != 0)
		rc = jt_err_set(err, JT_ENOMEM, errno, x->archive, "index");
out:
	shrink_buf_free(&line);
	shrink_buf_free(&nm);
	return (rc);
}

/* The name in a "RUNS FACTS" line, for messages: FACTS' 8th field. */
static void
line_name(const char *line, char *out, size_t len)
{
	const char *f = line;

	for (int i = 0; i < 8 && f != NULL; i++)
		if ((f = strchr(f, ' ')) != NULL)
			f++;
	snprintf(out, len, "%.*s", f != NULL ? (int)strcspn(f, " ") : 1,
	    f != NULL ? f : "?");
}

/* Every member as the index records it, every index entry a member. */
static int
match(struct scan *x, const struct shrink_index *ix, struct jt_err *err)
{
	struct jt_strv want = { 0 };
	char name[PATH_MAX];
	size_t n = x->seen.n, i = 0, j = 0;
	int c, rc = 0;

	for (size_t k = 0; k < ix->n && rc == 0; k++) {
		char *l;

		if (ix->v[k].kind == 'k')
			continue;
		if (asprintf(&l, "%s %s", ix->v[k].runs, ix->v[k].facts) < 0)
			rc = JT_ENOMEM;
		else {
			rc = strv_push(&want, l);
			free(l);
		}
	}
	if (rc != 0) {
		strv_free(&want);
		return (jt_err_set(err, rc, errno, x->archive, "index"));
	}
	strv_sort(&x->seen);
	strv_sort(&want);
	if (x->seen.n != n)
		rc = jt_err_set(err, JT_EFORMAT, 0, x->archive, "a member is "
		    "there twice: not written by a shrink");
	while (rc == 0 && (i < x->seen.n || j < want.n)) {
		c = i == x->seen.n ? 1 : j == want.n ? -1 :
		    strcmp(x->seen.v[i], want.v[j]);
		if (c == 0) {
			i++;
			j++;
			continue;
		}
		line_name(c < 0 ? x->seen.v[i] : want.v[j], name, sizeof(name));
		rc = jt_err_set(err, JT_EFORMAT, 0, x->archive, c < 0 ?
		    "member \"%s\": refused: not as the backup's index records "
		    "it (its type, mode, owner, device, size, flags, xattrs or "
		    "content changed after the shrink)" : "member \"%s\": in "
		    "the backup's index but not in the backup", name);
	}
	strv_free(&want);
	return (rc);
}

int
shrink_verify_backup(int afd, const char *archive,
    const struct jt_restore_opts *o, struct shrink_index *ix,
    struct jt_err *err)
{
	struct scan x;
	struct archive_entry *ae;
	bool signed_ok = false;
	int rc = 0, ar;

	memset(&x, 0, sizeof(x));
	memset(ix, 0, sizeof(*ix));
	x.archive = archive;
	if ((x.r = archive_read_new()) == NULL)
		return (jt_err_set(err, JT_ENOMEM, errno, archive,
		    "libarchive"));
	if (archive_read_support_filter_all(x.r) != ARCHIVE_OK ||
	    archive_read_support_format_tar(x.r) != ARCHIVE_OK ||
	    archive_read_open_fd(x.r, afd, 64 * 1024) != ARCHIVE_OK) {
		rc = shrink_aerr(x.r, JT_EFORMAT, archive, "cannot open", err);
		goto out;
	}
	while ((ar = archive_read_next_header(x.r, &ae)) == ARCHIVE_OK ||
	    ar == ARCHIVE_WARN)
		if ((rc = scan_one(&x, ae, err)) != 0)
			goto out;
	if (ar != ARCHIVE_EOF) {
		rc = shrink_aerr(x.r, JT_EFORMAT, archive, "damaged", err);
		goto out;
	}
	if (!x.have_index) {
		rc = jt_err_set(err, JT_EFORMAT, 0, archive, "no index: not a "
		    "backup written by jailtrim shrink");
		goto out;
	}
	if ((rc = shrink_index_parse(ix, x.index.p, x.index.n, o->key,
	    o->key != NULL ? JT_BACKUP_KEY_LEN : 0, &signed_ok, archive,
	    err)) != 0)
		goto out;
	if (!signed_ok && !o->unsigned_ok) {
		rc = jt_err_set(err, JT_EFORMAT, 0, archive, "%s", o->key ==
		    NULL ? "no key to check the backup's signature with" :
		    "the backup's index is not signed with this host's "
		    "backup key: changed since the shrink, or made elsewhere");
		goto out;
	}
	rc = match(&x, ix, err);
out:
	archive_read_free(x.r);
	strv_free(&x.seen);
	map_free(&x.links);
	shrink_buf_free(&x.index);
	if (rc != 0)
		shrink_index_free(ix);
	return (rc);
}

/* --- the jail against the index --- */

static int
add_conflict(struct restore_conflicts *out, const char *name,
    enum jt_restore_conflict_kind kind, unsigned what, const char *link)
{
	struct jt_restore_conflict *v, *c;

	if (out->n == out->cap) {
		size_t cap = out->cap > 0 ? out->cap * 2 : 16;

		if ((v = reallocarray(out->v, cap, sizeof(*v))) == NULL)
			return (JT_ENOMEM);
		out->v = v;
		out->cap = cap;
	}
	c = &out->v[out->n];
	memset(c, 0, sizeof(*c));
	c->kind = kind;
	c->what = what;
	if (asprintf(&c->path, "/%s", strcmp(name, ".") == 0 ? "" : name) < 0 ||
	    (link != NULL && (c->link = strdup(link)) == NULL)) {
		free(c->path);
		return (JT_ENOMEM);
	}
	out->n++;
	return (0);
}

void
jt_restore_conflicts_free(struct jt_restore_conflict *conf, size_t n)
{
	for (size_t i = 0; conf != NULL && i < n; i++) {
		free(conf[i].path);
		free(conf[i].link);
	}
	free(conf);
}

/* The SHA-256 of the regular file rel, as hex; false if unreadable. */
static bool
file_sha(int dfd, const char *rel, char hex[SHRINK_HEX_LEN])
{
	unsigned char d[SHRINK_SHA_LEN], buf[64 * 1024];
	SHA256_CTX c;
	ssize_t n;
	int fd;

	if ((fd = shrink_open_beneath(dfd, rel, O_RDONLY | O_NONBLOCK)) == -1)
		return (false);
	SHA256_Init(&c);
	while ((n = read(fd, buf, sizeof(buf))) != 0) {
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			close(fd);
			return (false);
		}
		SHA256_Update(&c, buf, (size_t)n);
	}
	close(fd);
	SHA256_Final(d, &c);
	shrink_hex(d, hex);
	return (true);
}

static bool
same_type(char type, mode_t m)
{
	switch (type) {
	case 'f':
	case 'h':
		return (S_ISREG(m));
	case 'd':
		return (S_ISDIR(m));
	case 'l':
		return (S_ISLNK(m));
	case 'c':
		return (S_ISCHR(m));
	case 'b':
		return (S_ISBLK(m));
	default:
		return (S_ISFIFO(m));
	}
}

/* The content a regular or hard link entry should have, or NULL. */
static const char *
want_sha(const struct shrink_index *ix, const struct shrink_ient *e)
{
	const struct shrink_ient *t;

	if (e->type != 'h')
		return (e->sha);
	if ((t = map_get(&ix->byname, e->link)) != NULL)
		return (t->sha);
	for (size_t i = 0; i < ix->n; i++)
		if (ix->v[i].kind == 'k' && strcmp(ix->v[i].name, e->link) == 0)
			return (ix->v[i].sha);
	return (NULL);
}

/* What differs between the entry on disk (st) and e, as JT_RC_* bits. */
static unsigned
differs(int dfd, const struct shrink_index *ix, const struct shrink_ient *e,
    const struct stat *st)
{
	char hex[SHRINK_HEX_LEN], target[PATH_MAX];
	const char *want;
	unsigned what = 0;
	ssize_t n;

	if (!same_type(e->type, st->st_mode))
		return (JT_RC_TYPE);
	if (!S_ISLNK(st->st_mode) && (unsigned)(st->st_mode & 07777) !=
	    e->mode)
		what |= JT_RC_MODE;
	if ((long long)st->st_uid != e->uid || (long long)st->st_gid != e->gid)
		what |= JT_RC_OWNER;
	if (S_ISREG(st->st_mode)) {
		want = want_sha(ix, e);
		if ((e->type == 'f' && e->kind != 'k' &&
		    st->st_size != e->size) || want ==
		    NULL || !file_sha(dfd, e->name, hex) ||
		    strcmp(hex, want) != 0)
			what |= JT_RC_CONTENT;
	} else if (S_ISLNK(st->st_mode)) {
		n = -1;
		if (e->link != NULL) {
			char dir[PATH_MAX];
			const char *base = strrchr(e->name, '/');
			int pfd = dfd;

			if (base != NULL) {
				snprintf(dir, sizeof(dir), "%.*s",
				    (int)(base - e->name), e->name);
				pfd = shrink_open_beneath(dfd, dir, O_RDONLY |
				    O_DIRECTORY);
			}
			if (pfd != -1)
				n = readlinkat(pfd, base != NULL ? base + 1 :
				    e->name, target, sizeof(target) - 1);
			if (pfd != -1 && pfd != dfd)
				close(pfd);
		}
		if (n < 0 || (target[n] = '\0', strcmp(target, e->link) != 0))
			what |= JT_RC_CONTENT;
	} else if (S_ISCHR(st->st_mode) || S_ISBLK(st->st_mode)) {
		if (major(st->st_rdev) != e->rdevmajor ||
		    minor(st->st_rdev) != e->rdevminor)
			what |= JT_RC_CONTENT;
	}
	return (what);
}

/* One removed link that joins the kept file name, for the message. */
static const char *
joined_by(const struct shrink_index *ix, const char *name)
{
	for (size_t i = 0; i < ix->n; i++)
		if (ix->v[i].type == 'h' && ix->v[i].kind == 'r' &&
		    strcmp(ix->v[i].link, name) == 0)
			return (ix->v[i].name);
	return (NULL);
}

static int
check_one(int dfd, const struct shrink_index *ix, const struct shrink_ient *e,
    struct restore_conflicts *out)
{
	struct stat st;
	unsigned what;
	int r;

	r = strcmp(e->name, ".") == 0 ? fstat(dfd, &st) :
	    shrink_lstat_beneath(dfd, e->name, &st);
	if (r != 0 && errno == ENOENT)
		return (e->kind == 'k' ? add_conflict(out, e->name,
		    JT_RC_LINK_TARGET, JT_RC_GONE, joined_by(ix, e->name)) : 0);
	if (r != 0 && (errno == ENOTDIR || errno == ELOOP))
		return (add_conflict(out, e->name, JT_RC_NOTDIR, JT_RC_TYPE,
		    NULL));
	if (r != 0)
		return (errno != 0 ? errno : EIO);	/* > 0: an errno */
	if ((what = differs(dfd, ix, e, &st)) == 0)
		return (0);
	/* a saved file is written back whatever it became, if a file */
	if (e->kind == 's')
		return ((what & JT_RC_TYPE) == 0 ? 0 : add_conflict(out,
		    e->name, JT_RC_DIFFERS, JT_RC_TYPE, NULL));
	if (e->kind == 'p')	/* only its mode and owner are restored */
		return ((what &= JT_RC_TYPE | JT_RC_MODE | JT_RC_OWNER) == 0 ?
		    0 : add_conflict(out, e->name, JT_RC_DIR_CHANGED, what,
		    NULL));
	if (e->kind == 'k')
		return (add_conflict(out, e->name, JT_RC_LINK_TARGET, what,
		    joined_by(ix, e->name)));
	return (add_conflict(out, e->name, JT_RC_DIFFERS, what, NULL));
}

/*
 * What the restore would undo: a removed entry that is back and not as
 * the backup has it (an entry exactly as saved is what an interrupted
 * apply leaves, and is no conflict), a kept directory above removed
 * entries whose mode or owner changed, a kept file that a removed hard
 * link joins and that changed or went.
 */
int
shrink_conflicts(int dfd, const struct shrink_index *ix,
    struct restore_conflicts *out, struct jt_err *err)
{
	int r;

	for (size_t i = 0; i < ix->n; i++) {
		if ((r = check_one(dfd, ix, &ix->v[i], out)) == JT_ENOMEM)
			return (jt_err_set(err, JT_ENOMEM, 0, NULL,
			    "conflicts"));
		if (r > 0)
			return (shrink_syserr(err, r, ix->v[i].name,
			    "cannot look at it"));
	}
	return (0);
}
