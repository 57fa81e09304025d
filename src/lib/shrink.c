/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Shrinking a jail in place (shrink.h): the keep-set, the removal list
 * and its groups, and the removal itself.  The backup and the restore
 * are in shrink_archive.c.
 */
#include <sys/types.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#if defined(__linux__)
#include <linux/fs.h>
#endif
#if defined(__FreeBSD__)
#include <sys/param.h>
#include <sys/jail.h>
#include <jail.h>
#endif

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "jailtrim/accounts.h"
#include "jailtrim/shrink.h"
#include "fsutil.h"
#include "shrink_int.h"

static const char *const group_names[JT_SG_COUNT] = {
	[JT_SG_INCLUDE] = "headers (/usr/include)",
	[JT_SG_STATIC] = "static libraries (*.a, *_p.a)",
	[JT_SG_DOCS] = "documentation (man, info, doc, examples)",
	[JT_SG_DEBUG] = "debug symbols (/usr/lib/debug)",
	[JT_SG_LOCALE] = "locales, catalogues, time zones",
	[JT_SG_BOOT] = "kernel and modules (/boot)",
	[JT_SG_LIBS] = "unused libraries",
	[JT_SG_PROGRAMS] = "unused programs",
	[JT_SG_SHARE] = "other /usr/share",
	[JT_SG_OTHER] = "other",
};

const char *
jt_shrink_group_name(enum jt_shrink_group g)
{
	return (g < JT_SG_COUNT ? group_names[g] : "?");
}

/* A process whose root is the jail or below it: the jail runs. */
static int
running(const char *dir, struct jt_err *err)
{
#if defined(__linux__)
	char link[64], root[PATH_MAX];
	size_t n = strlen(dir);
	struct dirent *d;
	ssize_t len;
	DIR *proc;

	if ((proc = opendir("/proc")) == NULL)
		return (0);
	while ((d = readdir(proc)) != NULL) {
		if (d->d_name[0] < '1' || d->d_name[0] > '9')
			continue;
		(void)snprintf(link, sizeof(link), "/proc/%.20s/root",
		    d->d_name);
		if ((len = readlink(link, root, sizeof(root) - 1)) <= 0)
			continue;
		root[len] = '\0';
		if (strncmp(root, dir, n) == 0 && (root[n] == '\0' ||
		    root[n] == '/')) {
			/* d is closedir()'s to free: the pid first */
			(void)jt_err_set(err, JT_EINVAL, 0, dir, "process %s "
			    "has its root here: the jail is running; stop it "
			    "first", d->d_name);
			(void)closedir(proc);
			return (JT_EINVAL);
		}
	}
	(void)closedir(proc);
#elif defined(__FreeBSD__)
	char path[MAXPATHLEN], last[16] = "0";
	int jid;

	/* every jail's path, by "lastjid" iteration as jls(8) does */
	while ((jid = jail_getv(0, "lastjid", last, "path", path,
	    (char *)NULL)) > 0) {
		(void)snprintf(last, sizeof(last), "%d", jid);
		if (strcmp(path, dir) == 0)
			return (jt_err_set(err, JT_EINVAL, 0, dir, "jail %d "
			    "runs here: stop it first", jid));
	}
#else
	(void)dir;
	(void)err;
#endif
	return (0);
}

int
jt_shrink_new(struct jt_shrink **out, const char *dir, bool force,
    struct jt_err *err)
{
	struct jt_shrink *s;
	char real[PATH_MAX];
	int rc;

	*out = NULL;
	if (realpath(dir, real) == NULL)
		return (jt_err_set(err, JT_ENOENT, errno, dir, "realpath"));
	if (strcmp(real, "/") == 0 && !force)
		return (jt_err_set(err, JT_EINVAL, 0, dir, "refusing to shrink "
		    "the host's root (force it if you mean it)"));
	if ((rc = running(real, err)) != 0)
		return (rc);
	if ((s = calloc(1, sizeof(*s))) == NULL)
		return (jt_err_set(err, JT_ENOMEM, errno, NULL, "calloc"));
	s->dirfd = -1;
	if ((s->dir = strdup(real)) == NULL) {
		rc = jt_err_set(err, JT_ENOMEM, errno, NULL, "strdup");
		goto fail;
	}
	if ((s->dirfd = open(real, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) < 0) {
		rc = jt_err_set(err, JT_EIO, errno, real, "open");
		goto fail;
	}
	if ((rc = jt_source_new(&s->src, err)) != 0 ||
	    (rc = jt_source_add(s->src, real, err)) != 0)
		goto fail;
	*out = s;
	return (0);
fail:
	jt_shrink_free(s);
	return (rc);
}

void
jt_shrink_free(struct jt_shrink *s)
{
	if (s == NULL)
		return;
	if (s->dirfd >= 0)
		(void)close(s->dirfd);
	jt_source_free(s->src);
	shrink_prov_free(s);
	map_free(&s->kept);
	strv_free(&s->keptdirs);
	strv_free(&s->parents);
	strv_free(&s->saved);
	free(s->rm);
	arena_free(&s->arena);
	free(s->dir);
	free(s);
}

struct jt_source *
jt_shrink_source(struct jt_shrink *s)
{
	return (s->src);
}

/*
 * Keep canonical path for why, and its parents: a loop up the path, not
 * a call per level (a kept path may be two thousand levels deep).
 */
static int
keep_one(struct jt_shrink *s, const char *path, const char *why,
    struct jt_err *err)
{
	char dir[PATH_MAX], *w, *slash;

	if ((size_t)snprintf(dir, sizeof(dir), "%s", path) >= sizeof(dir))
		return (jt_err_set(err, JT_EINVAL, ENAMETOOLONG, path,
		    "path too long"));
	while (map_get(&s->kept, dir) == NULL) {
		if ((w = arena_strdup(&s->arena, why)) == NULL ||
		    map_put(&s->kept, dir, w) != 0)
			return (jt_err_set(err, JT_ENOMEM, errno, NULL,
			    "keep"));
		why = "parent directory";
		if ((slash = strrchr(dir, '/')) == NULL || slash == dir)
			break;			/* the root is not listed */
		*slash = '\0';
	}
	return (0);
}

int
shrink_keep_one(struct jt_shrink *s, const char *path, const char *why,
    struct jt_err *err)
{
	return (keep_one(s, path, why, err));
}

int
jt_shrink_save(struct jt_shrink *s, const char *path, struct jt_err *err)
{
	int rc;

	if (s->finished)
		return (jt_err_set(err, JT_EINVAL, 0, path, "saved after the "
		    "removals were decided"));
	if (path[0] != '/' || strcmp(path, "/") == 0)
		return (jt_err_set(err, JT_EINVAL, 0, path, "not a file of the "
		    "jail"));
	if ((rc = keep_one(s, path, "saved: the apply changes it", err)) != 0)
		return (rc);
	if (strv_push_uniq(&s->saved, path) != 0)
		return (jt_err_set(err, JT_ENOMEM, errno, path, "save"));
	return (0);
}

int
jt_shrink_keep_plan(struct jt_shrink *s, struct jt_plan *p,
    struct jt_err *err)
{
	const struct jt_plan_entry *e;
	size_t n;
	int rc;

	if ((rc = jt_plan_finish(p, &e, &n, err)) != 0)
		return (rc);
	for (size_t i = 0; i < n; i++)
		if ((rc = keep_one(s, e[i].path, e[i].why != NULL ? e[i].why :
		    "planned", err)) != 0)
			return (rc);
	return (0);
}

struct links {
	struct jt_shrink	*s;
	int			 rc;
	struct jt_err		 err;
};

/* A symlink on the way to a kept path: it keeps the path reachable. */
static void
keep_link(void *arg, const char *linkpath)
{
	struct links *l = arg;

	if (l->rc == 0)
		l->rc = keep_one(l->s, linkpath, "a symlink on the path to a "
		    "kept entry", &l->err);
}

int
jt_shrink_keep(struct jt_shrink *s, const char *path, const char *why,
    struct jt_err *err)
{
	struct links l = { .s = s };
	char real[PATH_MAX], *w;
	struct jt_stat st;
	int rc;

	if ((rc = jt_source_resolve(s->src, path, true, real, sizeof(real),
	    keep_link, &l, err)) != 0)
		return (rc);
	if (l.rc != 0) {
		*err = l.err;
		return (l.rc);
	}
	if ((rc = jt_source_lstat(s->src, real, &st, err)) != 0 ||
	    (rc = keep_one(s, real, why, err)) != 0)
		return (rc);
	if (st.type == JT_FT_DIR) {
		(void)snprintf(real + strlen(real), sizeof(real) -
		    strlen(real), "/");
		if (strv_push(&s->keptdirs, real) != 0 ||
		    (w = arena_strdup(&s->arena, why)) == NULL ||
		    map_put(&s->kept, real, w) != 0)
			return (jt_err_set(err, JT_ENOMEM, errno, NULL, "keep"));
	}
	return (0);
}

/* The directory a path is kept below, with its trailing '/'. */
static const char *
kept_below(const struct jt_shrink *s, const char *path)
{
	for (size_t i = 0; i < s->keptdirs.n; i++) {
		size_t n = strlen(s->keptdirs.v[i]);

		if (strncmp(path, s->keptdirs.v[i], n) == 0)
			return (s->keptdirs.v[i]);
	}
	return (NULL);
}

const char *
jt_shrink_why(const struct jt_shrink *s, const char *path)
{
	const char *d, *why;

	if ((why = map_get(&s->kept, path)) != NULL)
		return (why);
	if ((d = kept_below(s, path)) != NULL)
		return (map_get(&s->kept, d));
	return (NULL);
}

struct objs {
	struct jt_shrink	*s;
	int			(*fn)(void *, const char *);
	void			*arg;
};

static int
obj_one(void *arg, const char *path, const struct jt_stat *st)
{
	struct objs *o = arg;
	unsigned char magic[4];
	struct jt_err e;

	if (st->type != JT_FT_REG || st->size < 64 ||
	    jt_source_peek(o->s->src, path, magic, 4, &e) != 4 ||
	    memcmp(magic, "\177ELF", 4) != 0)
		return (0);
	return (o->fn(o->arg, path));
}

int
jt_shrink_kept_objects(struct jt_shrink *s, int (*fn)(void *, const char *),
    void *arg, struct jt_err *err)
{
	struct objs o = { s, fn, arg };
	char dir[PATH_MAX];
	size_t n;
	int rc;

	for (size_t i = 0; i < s->provobjs.n; i++)
		if ((rc = fn(arg, s->provobjs.v[i])) != 0)
			return (rc);

	for (size_t i = 0; i < s->keptdirs.n; i++) {
		n = strlen(s->keptdirs.v[i]);	/* "/dir/" */
		if (n < 2 || n > sizeof(dir))
			continue;
		memcpy(dir, s->keptdirs.v[i], n - 1);
		dir[n - 1] = '\0';
		if ((rc = jt_source_walk_from(s->src, dir, obj_one, &o,
		    err)) != 0)
			return (rc);
	}
	return (0);
}

/*
 * A home directory of an account in the jail's /etc/passwd is user data,
 * unless it is one of the shared non-homes of system accounts.
 */
static int
keep_home(struct jt_shrink *s, const char *home, struct jt_err *err)
{
	struct jt_err e;

	if (strcmp(home, "/") == 0 || strcmp(home, "/nonexistent") == 0 ||
	    strcmp(home, "/var/empty") == 0 || strcmp(home, "/dev/null") == 0 ||
	    strncmp(home, "/usr/", 5) == 0 || strcmp(home, "/bin") == 0 ||
	    strcmp(home, "/sbin") == 0 || strcmp(home, "/var") == 0 ||
	    strcmp(home, "/etc") == 0 || home[0] != '/' ||
	    strlen(home) >= PATH_MAX)
		return (0);
	if (jt_shrink_keep(s, home, "a home directory (user data)", &e) != 0 &&
	    e.code != JT_ENOENT) {
		*err = e;
		return (e.code);
	}
	return (0);
}

/* /etc files as installed: the jail's etcupdate(8) copy, when it has one. */
static int
etc_changed(struct jt_shrink *s, struct jt_err *err)
{
	static const char cur[] = "/var/db/etcupdate/current";
	struct jt_err e;
	struct jt_stat st;

	if (jt_source_lstat(s->src, "/etc", &st, &e) != 0)
		return (0);	/* a root without /etc has none to keep */
	if (jt_source_lstat(s->src, cur, &st, &e) != 0)
		return (jt_shrink_keep(s, "/etc", "/etc (no etcupdate(8) data "
		    "to tell what was changed: all kept)", err));
	/* what differs is kept file by file in finish() */
	return (keep_one(s, "/etc", "configuration", err));
}

int
jt_shrink_keep_userdata(struct jt_shrink *s, struct jt_err *err)
{
	static const char *const data[] = {
		"/root", "/var/db", "/var/log", "/var/mail", "/var/cron",
		"/usr/local/etc",
	};
	struct jt_acct_table *pw = NULL;
	struct jt_err e;
	int rc;

	for (size_t i = 0; i < sizeof(data) / sizeof(data[0]); i++)
		if ((rc = jt_shrink_keep(s, data[i], "user data", &e)) != 0 &&
		    e.code != JT_ENOENT) {
			*err = e;
			return (rc);
		}
	/* no readable passwd: no homes beyond the list above */
	(void)jt_acct_read(&pw, s->src, JT_ACCT_PASSWD, &e);
	rc = 0;
	for (size_t i = 0; i < jt_acct_count(pw); i++)
		if ((rc = keep_home(s, jt_acct_at(pw, i)->dir, err)) != 0)
			break;
	jt_acct_free(pw);
	return (rc != 0 ? rc : etc_changed(s, err));
}

struct walked {
	char		*path;
	enum jt_ftype	 type;
	int64_t		 size;
	mode_t		 mode;
	char		 key[96];	/* jt_stat_inode_key(), "" if none */
};

struct walk {
	struct jt_shrink	*s;
	struct walked		*v;
	size_t			 n, cap;
	struct jt_map		 seen;		/* inode keys counted */
	struct jt_err		*err;
};

static int
walk_one(void *arg, const char *path, const struct jt_stat *st)
{
	struct walk *w = arg;
	struct walked *e, *nv;

	if (w->n == w->cap) {
		w->cap = w->cap ? w->cap * 2 : 4096;
		if ((nv = realloc(w->v, w->cap * sizeof(*nv))) == NULL)
			return (jt_err_set(w->err, JT_ENOMEM, errno, NULL,
			    "walk"));
		w->v = nv;
	}
	e = &w->v[w->n];
	if ((e->path = arena_strdup(&w->s->arena, path)) == NULL)
		return (jt_err_set(w->err, JT_ENOMEM, errno, NULL, "walk"));
	e->type = st->type;
	e->size = st->type == JT_FT_REG ? st->size : 0;
	e->mode = st->mode;
	if (!jt_stat_inode_key(st, path, e->key, sizeof(e->key)))
		e->key[0] = '\0';
	w->n++;
	/* a hard-linked file's bytes once, not once per name */
	if (e->key[0] != '\0' && e->type == JT_FT_REG) {
		if (map_get(&w->seen, e->key) != NULL)
			return (0);
		if (map_put(&w->seen, e->key, e) != 0)
			return (jt_err_set(w->err, JT_ENOMEM, errno, NULL,
			    "walk"));
	}
	w->s->jail_bytes += e->size;
	return (0);
}

static bool
has(const char *path, const char *part)
{
	return (strstr(path, part) != NULL);
}

static enum jt_shrink_group
classify(const struct walked *e)
{
	const char *p = e->path, *base = strrchr(p, '/');

	base = base != NULL ? base + 1 : p;
	if (strncmp(p, "/usr/include/", 13) == 0 ||
	    strncmp(p, "/usr/local/include/", 19) == 0)
		return (JT_SG_INCLUDE);
	if (e->type == JT_FT_REG && str_ends(p, ".a"))
		return (JT_SG_STATIC);
	if (strncmp(p, "/usr/lib/debug/", 15) == 0)
		return (JT_SG_DEBUG);
	if (strncmp(p, "/boot/", 6) == 0)
		return (JT_SG_BOOT);
	if (has(p, "/share/man/") || has(p, "/share/info/") ||
	    has(p, "/share/doc/") || has(p, "/share/examples/") ||
	    strncmp(p, "/usr/local/man/", 15) == 0)
		return (JT_SG_DOCS);
	if (has(p, "/share/locale/") || has(p, "/share/nls/") ||
	    has(p, "/share/i18n/") || has(p, "/share/zoneinfo/"))
		return (JT_SG_LOCALE);
	if (strncmp(base, "lib", 3) == 0 && (str_ends(p, ".so") ||
	    has(base, ".so.")))
		return (JT_SG_LIBS);
	if (e->type == JT_FT_REG && (e->mode & 0111) != 0 && (has(p, "bin/") ||
	    has(p, "/libexec/") || has(p, "/games/")))
		return (JT_SG_PROGRAMS);
	if (strncmp(p, "/usr/share/", 11) == 0)
		return (JT_SG_SHARE);
	return (JT_SG_OTHER);
}

static bool
kept(struct jt_shrink *s, const struct walked *e)
{
	/* what is not provably the base's was kept by jt_shrink_classify */
	return (map_get(&s->kept, e->path) != NULL ||
	    kept_below(s, e->path) != NULL);
}

/*
 * Path order, except that a directory comes after all it holds: the
 * bytes of each path compared as if a directory's ended in "/\xff".
 */
static int
key_at(const struct jt_shrink_entry *e, size_t i, size_t len)
{
	if (i < len)
		return ((unsigned char)e->path[i]);
	if (e->type != JT_FT_DIR)
		return (-1);
	return (i == len ? '/' : i == len + 1 ? 0xff : -1);
}

static int
rm_cmp(const void *a, const void *b)
{
	const struct jt_shrink_entry *x = a, *y = b;
	size_t xl = strlen(x->path), yl = strlen(y->path);
	int cx, cy;

	for (size_t i = 0;; i++) {
		cx = key_at(x, i, xl);
		cy = key_at(y, i, yl);
		if (cx != cy || cx < 0)
			return (cx - cy);
	}
}

static int
add_rm(struct jt_shrink *s, const struct walked *e, const char *linkto,
    int64_t bytes)
{
	struct jt_shrink_entry *nv;

	if (s->nrm == s->caprm) {
		s->caprm = s->caprm ? s->caprm * 2 : 4096;
		if ((nv = realloc(s->rm, s->caprm * sizeof(*nv))) == NULL)
			return (-1);
		s->rm = nv;
	}
	s->rm[s->nrm++] = (struct jt_shrink_entry){ e->path, e->type,
	    e->size, bytes, classify(e), linkto };
	return (0);
}

int
jt_shrink_finish(struct jt_shrink *s, struct jt_err *err)
{
	struct walk w = { .s = s, .err = err };
	struct jt_map keptino = { 0 }, freed = { 0 };
	const char *linkto;
	char dir[PATH_MAX];
	int64_t bytes;
	int rc;

	if ((rc = jt_shrink_classify(s, err)) != 0 ||
	    (rc = jt_source_walk(s->src, walk_one, &w, err)) != 0)
		goto out;
	s->jail_entries = w.n;
	/* which inodes have a kept name */
	for (size_t i = 0; i < w.n; i++)
		if (w.v[i].key[0] != '\0' && kept(s, &w.v[i]) &&
		    map_get(&keptino, w.v[i].key) == NULL &&
		    map_put(&keptino, w.v[i].key, w.v[i].path) != 0)
			goto nomem;
	for (size_t i = 0; i < w.n; i++) {
		if (kept(s, &w.v[i]))
			continue;
		linkto = w.v[i].key[0] != '\0' ? map_get(&keptino,
		    w.v[i].key) : NULL;
		/* freed: once per inode, nothing while a kept name holds it */
		bytes = linkto != NULL ? 0 : w.v[i].size;
		if (w.v[i].key[0] != '\0' && linkto == NULL &&
		    w.v[i].type == JT_FT_REG) {
			if (map_get(&freed, w.v[i].key) != NULL)
				bytes = 0;
			else if (map_put(&freed, w.v[i].key, &w.v[i]) != 0)
				goto nomem;
		}
		if (add_rm(s, &w.v[i], linkto, bytes) != 0)
			goto nomem;
	}
	if (s->nrm > 1)		/* nothing to remove: s->rm is NULL */
		qsort(s->rm, s->nrm, sizeof(*s->rm), rm_cmp);
	/* kept directories holding removed or saved entries, for the
	 * backup */
	for (size_t i = 0; i < s->nrm + s->saved.n; i++) {
		path_dirname(dir, sizeof(dir), i < s->nrm ? s->rm[i].path :
		    s->saved.v[i - s->nrm]);
		if (strcmp(dir, "/") != 0 && jt_shrink_why(s, dir) != NULL &&
		    strv_push_uniq(&s->parents, dir) != 0)
			goto nomem;
	}
	strv_sort(&s->parents);
	s->finished = true;
	goto out;
nomem:
	rc = jt_err_set(err, JT_ENOMEM, errno, NULL, "shrink");
out:
	map_free(&keptino);
	map_free(&freed);
	map_free(&w.seen);
	free(w.v);
	return (rc);
}

const struct jt_shrink_entry *
jt_shrink_removals(const struct jt_shrink *s, size_t *n)
{
	*n = s->nrm;
	return (s->rm);
}

void
jt_shrink_totals(const struct jt_shrink *s, int64_t *jail_bytes,
    size_t *jail_entries)
{
	*jail_bytes = s->jail_bytes;
	*jail_entries = s->jail_entries;
}

/* ---- removal ---- */

/* The directory holding path, opened without following any symlink. */
static int
open_parent(int dirfd, const char *path, const char **name)
{
	char dir[PATH_MAX];
	const char *slash;

	while (*path == '/')
		path++;
	if ((slash = strrchr(path, '/')) == NULL) {
		*name = path;
		return (dup(dirfd));
	}
	if ((size_t)(slash - path) >= sizeof(dir)) {
		errno = ENAMETOOLONG;
		return (-1);
	}
	memcpy(dir, path, (size_t)(slash - path));
	dir[slash - path] = '\0';
	*name = slash + 1;
	return (shrink_open_beneath(dirfd, dir, O_RDONLY | O_DIRECTORY));
}

/* chflags noschg,nosunlnk..., as chflags(1) would; Linux: chattr -ia. */
static void
clear_flags(int pfd, const char *name, enum jt_ftype type)
{
#if defined(__FreeBSD__)
	(void)type;
	(void)chflagsat(pfd, name, 0, AT_SYMLINK_NOFOLLOW);
#elif defined(__linux__)
	int fd, fl;

	if (type != JT_FT_REG && type != JT_FT_DIR)
		return;		/* no attributes through a link or device */
	if ((fd = openat(pfd, name, O_RDONLY | O_NOFOLLOW | O_NONBLOCK |
	    O_CLOEXEC)) < 0)
		return;
	if (ioctl(fd, FS_IOC_GETFLAGS, &fl) == 0 &&
	    (fl & (FS_IMMUTABLE_FL | FS_APPEND_FL)) != 0) {
		fl &= ~(FS_IMMUTABLE_FL | FS_APPEND_FL);
		(void)ioctl(fd, FS_IOC_SETFLAGS, &fl);
	}
	(void)close(fd);
#else
	(void)pfd;
	(void)name;
	(void)type;
#endif
}

/*
 * The walk that listed the removals went through mount points: a bind
 * mount of a host directory would lose the host's files.  Such a jail is
 * refused whole, before anything goes.
 */
int
jt_shrink_check_apply(struct jt_shrink *s, struct jt_err *err)
{
	return (fs_refuse_mounts(s->dir, err));
}

/* name below pfd, and pfd, are on the jail's own mount (or name is gone). */
static bool
on_mount(int pfd, const char *name, const struct fs_mnt *root)
{
	struct fs_mnt m;

	errno = 0;
	if (fs_mnt_of(pfd, "", &m) != 0 || !fs_mnt_same(&m, root))
		return (false);
	if (fs_mnt_of(pfd, name, &m) != 0)
		return (errno == ENOENT);
	return (fs_mnt_same(&m, root));
}

int
jt_shrink_apply(struct jt_shrink *s, struct jt_err *err)
{
	const char *name;
	char msg[PATH_MAX + 16];
	struct fs_mnt root;
	unsigned long old;
	int pfd, lfd, rc, saved;

	if (!s->finished)
		return (jt_err_set(err, JT_EINVAL, 0, s->dir, "apply before "
		    "finish"));
	/* Each removal below checks again that it stays on the jail's own
	 * mount. */
	if ((rc = jt_shrink_check_apply(s, err)) != 0)
		return (rc);
	if (fs_mnt_of(s->dirfd, "", &root) != 0)
		return (jt_err_set(err, JT_EIO, errno, s->dir, "stat"));
	for (size_t i = 0; i < s->nrm; i++) {
		const struct jt_shrink_entry *e = &s->rm[i];
		bool isdir = e->type == JT_FT_DIR;

		if ((pfd = open_parent(s->dirfd, e->path, &name)) < 0) {
			if (errno == ENOENT)
				continue;	/* gone already */
			(void)snprintf(msg, sizeof(msg), "%s%s", s->dir,
			    e->path);
			return (jt_err_set(err, JT_EIO, errno, msg, "open"));
		}
		if (!on_mount(pfd, name, &root)) {
			saved = errno;
			(void)close(pfd);
			(void)snprintf(msg, sizeof(msg), "%s%s", s->dir,
			    e->path);
			return (jt_err_set(err, JT_EESCAPE, saved, msg, "on "
			    "another mount than the jail: not removed"));
		}
		/*
		 * A regular file's flags are the inode's: when a kept name
		 * shares it, they are put back on it once this name is gone.
		 */
		lfd = e->type == JT_FT_REG ? shrink_lift_flags(pfd, name,
		    &old) : (clear_flags(pfd, name, e->type), -1);
		rc = unlinkat(pfd, name, isdir ? AT_REMOVEDIR : 0);
		saved = errno;
		if (lfd >= 0 && e->linkto != NULL)
			(void)shrink_put_flags(lfd, old);
		else if (lfd >= 0)
			(void)close(lfd);
		(void)close(pfd);
		if (rc != 0 && saved != ENOENT && !(isdir &&
		    (saved == ENOTEMPTY || saved == EEXIST))) {
			(void)snprintf(msg, sizeof(msg), "%s%s", s->dir,
			    e->path);
			return (jt_err_set(err, JT_EIO, saved, msg, "remove"));
		}
	}
	return (0);
}
