/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The merged source: a stack of layers seen as one root, and the only
 * place where paths are resolved.  Resolution is done one component at a
 * time against the merged view; a symlink's target is spliced in front of
 * the remaining components, an absolute target restarting at the root of
 * the stack, so nothing ever reaches the host.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>

#include "jailtrim/source.h"
#include "source_int.h"
#include "util.h"

/* Same bound as the kernels' MAXSYMLINKS (FreeBSD 32, Linux 40). */
#define JT_MAXSYMLINKS	32

struct cached_stat {
	bool		present;
	int		floor;		/* directories: see dir_floor(), -1 */
	struct jt_stat	st;
};

struct jt_source {
	struct jt_ptrv	 layers;	/* struct layer *, bottom first */
	struct jt_map	 stats;		/* path -> struct cached_stat * */
	jt_progress_fn	*progress;
	void		*parg;
	bool		 keep_all;
	bool		 lazy;
	int		 jobs;		/* 0: the online CPUs */
	struct mem_budget budget;	/* shared by the archive layers */
	char		*cache_dir;	/* NULL: no source cache */
	int64_t		 cache_max;
	jt_note_fn	*note;
	void		*narg;
};

bool
jt_stat_inode_key(const struct jt_stat *st, const char *path, char *buf,
    size_t len)
{
	int n;

	(void)path;
	if (st->type != JT_FT_REG || st->ino == 0 || st->nlink < 2)
		return (false);
	n = snprintf(buf, len, "%d:%ju:%ju", st->layer, (uintmax_t)st->dev,
	    (uintmax_t)st->ino);
	return (n > 0 && (size_t)n < len);
}

int
jt_source_new(struct jt_source **out, struct jt_err *err)
{
	if ((*out = calloc(1, sizeof(**out))) == NULL)
		return (jt_err_set(err, JT_ENOMEM, errno, NULL, "calloc"));
	(*out)->budget.max = jt_source_default_max_memory();
	return (0);
}

int64_t
jt_source_default_max_memory(void)
{
	long pages = sysconf(_SC_PHYS_PAGES), psize = sysconf(_SC_PAGESIZE);
	int64_t max = (int64_t)1 << 30;

	/* A small machine gets a clear error, not the OOM killer. */
	if (pages > 0 && psize > 0 && (int64_t)pages * psize / 2 < max)
		max = (int64_t)pages * psize / 2;
	return (max);
}

void
jt_source_set_max_memory(struct jt_source *s, int64_t bytes)
{
	s->budget.max = bytes;
}

void
jt_source_set_jobs(struct jt_source *s, int jobs)
{
	s->jobs = jobs > 0 ? jobs : 0;
}

int
jt_source_jobs(const struct jt_source *s)
{
	return (s->jobs);
}

/* The threads an archive may be decoded with: --jobs, or every CPU. */
static int
source_jobs(const struct jt_source *s)
{
	long n;

	if (s->jobs > 0)
		return (s->jobs);
	n = sysconf(_SC_NPROCESSORS_ONLN);
	return (n < 1 ? 1 : n > 256 ? 256 : (int)n);
}

static void
free_cached(void *p)
{
	free(p);
}

void
jt_source_free(struct jt_source *s)
{
	if (s == NULL)
		return;
	for (size_t i = 0; i < s->layers.n; i++) {
		struct layer *l = s->layers.v[i];

		l->ops->free(l);
	}
	ptrv_free(&s->layers);
	map_each(&s->stats, free_cached);
	map_free(&s->stats);
	free(s->cache_dir);
	free(s);
}

void
jt_source_set_progress(struct jt_source *s, jt_progress_fn *fn, void *arg)
{
	s->progress = fn;
	s->parg = arg;
}

void
jt_source_set_keep_all(struct jt_source *s, bool keep)
{
	s->keep_all = keep;
}

void
jt_source_set_lazy(struct jt_source *s, bool lazy)
{
	s->lazy = lazy;
}

void
jt_source_set_notes(struct jt_source *s, jt_note_fn *fn, void *arg)
{
	s->note = fn;
	s->narg = arg;
}

int
jt_source_set_cache(struct jt_source *s, const char *dir, int64_t max,
    struct jt_err *err)
{
	char *d = NULL;

	if (dir != NULL && (dir[0] == '\0' || strlen(dir) >= PATH_MAX - 80))
		return (jt_err_set(err, JT_EINVAL, 0, dir, "not a usable "
		    "cache directory name"));
	if (dir != NULL && (d = strdup(dir)) == NULL)
		return (jt_err_set(err, JT_ENOMEM, errno, dir, "strdup"));
	free(s->cache_dir);
	s->cache_dir = d;
	s->cache_max = max > 0 ? max : 0;
	return (0);
}

int
jt_source_add(struct jt_source *s, const char *spec, struct jt_err *err)
{
	struct layer *l = NULL;
	struct stat sb;
	int fd, rc;

	/* O_NONBLOCK: opening a FIFO named as a source must not hang. */
	if ((fd = open(spec, O_RDONLY | O_NONBLOCK | O_CLOEXEC)) == -1)
		return (jt_err_set(err, JT_EIO, errno, spec,
		    "cannot open source"));
	if (fstat(fd, &sb) == -1) {
		rc = jt_err_set(err, JT_EIO, errno, spec, "cannot stat source");
		close(fd);
		return (rc);
	}
	if (S_ISDIR(sb.st_mode)) {
		rc = layer_dir_open(&l, spec, fd, err);	/* takes fd */
	} else if (S_ISREG(sb.st_mode)) {
		close(fd);
		struct arc_opts o = {
			.keep_all = s->keep_all,
			.lazy = s->lazy,
			.jobs = source_jobs(s),
			.budget = &s->budget,
			.progress = s->progress,
			.parg = s->parg,
			.cache_dir = s->cache_dir,
			.cache_max = s->cache_max,
			.note = s->note,
			.narg = s->narg,
		};

		rc = layer_archive_open(&l, spec, &o, err);
	} else {
		close(fd);
		rc = jt_err_set(err, JT_EUNSUPP, 0, spec,
		    "source is neither a directory nor an archive file "
		    "(a %s)", S_ISFIFO(sb.st_mode) ? "FIFO" :
		    S_ISCHR(sb.st_mode) || S_ISBLK(sb.st_mode) ? "device" :
		    S_ISSOCK(sb.st_mode) ? "socket" : "special file");
	}
	if (rc != 0)
		return (rc);
	l->index = (int)s->layers.n;
	if (ptrv_push(&s->layers, l) != 0) {
		l->ops->free(l);
		return (jt_err_set(err, JT_ENOMEM, 0, spec, "out of memory"));
	}
	/* A new layer may shadow anything cached so far. */
	map_each(&s->stats, free_cached);
	map_free(&s->stats);
	return (0);
}

size_t
jt_source_nlayers(const struct jt_source *s)
{
	return (s->layers.n);
}

const char *
jt_source_layer_spec(const struct jt_source *s, size_t i)
{
	return (i < s->layers.n ? ((struct layer *)s->layers.v[i])->spec : NULL);
}

static int
cache_put(struct jt_source *s, const char *path, const struct jt_stat *st)
{
	struct cached_stat *c;

	if ((c = calloc(1, sizeof(*c))) == NULL)
		return (JT_ENOMEM);
	c->floor = -1;
	if (st != NULL) {
		c->present = true;
		c->st = *st;
	}
	if (map_put(&s->stats, path, c) != 0) {
		free(c);
		return (JT_ENOMEM);
	}
	return (0);
}

/*
 * The lowest layer from which directory dir (canonical) may show entries,
 * given that the layers from pfloor up may show dir itself.  A layer that
 * has dir as something other than a directory (a file, a link) hides
 * what the layers below it have there, even where a higher layer makes
 * dir a directory again: the layers are opaque path by path, as in an
 * overlay, and a lower layer's children never come back.
 */
static int
scan_floor(struct jt_source *s, const char *dir, int pfloor, int *floor,
    struct jt_err *err)
{
	struct jt_stat st;
	int rc;

	*floor = pfloor;
	for (int i = (int)s->layers.n - 1; i >= pfloor; i--) {
		struct layer *l = s->layers.v[i];

		rc = l->ops->lstat(l, dir, &st, err);
		if (rc == JT_ENOENT)
			continue;
		if (rc != 0)
			return (rc);
		if (st.type != JT_FT_DIR) {
			*floor = i + 1;
			break;
		}
	}
	return (0);
}

/*
 * dir_floor() of directory dir: a layer's entry under dir is visible only
 * if no higher layer hides dir or one of its parents.  Floors are kept
 * with the cached stats; the parents whose floor is unknown are done from
 * the top down, in a loop, so a deep path costs no stack.  JT_ENOENT when
 * dir is not a directory of the merged view.
 */
static int
dir_floor(struct jt_source *s, const char *dir, int *floor,
    struct jt_err *err)
{
	char buf[PATH_MAX];
	struct cached_stat *c;
	struct jt_stat st;
	size_t len = strlen(dir), end;
	int f = 0, rc;

	*floor = 0;
	if (strcmp(dir, "/") == 0)
		return (0);		/* every layer shows the root */
	if (len >= sizeof(buf))
		return (jt_err_set(err, JT_EINVAL, 0, dir, "path too long"));
	memcpy(buf, dir, len + 1);
	/* The deepest of dir and its parents with a known floor. */
	for (end = len; end > 1; ) {
		buf[end] = '\0';
		if ((c = map_get(&s->stats, buf)) != NULL && c->floor >= 0) {
			f = c->floor;
			break;
		}
		while (end > 0 && buf[--end] != '/')
			;
	}
	if (end <= 1)
		end = 0;		/* none: start below the root */
	/* Then each deeper one, from the top down. */
	while (end < len) {
		buf[end] = '/';
		while (++end < len && dir[end] != '/')
			;
		buf[end] = '\0';
		if ((rc = jt_source_lstat(s, buf, &st, err)) != 0)
			return (rc);
		if (st.type != JT_FT_DIR)
			return (jt_err_set(err, JT_ENOENT, 0, dir,
			    "%s is not a directory", buf));
		if ((rc = scan_floor(s, buf, f, &f, err)) != 0)
			return (rc);
		if ((c = map_get(&s->stats, buf)) != NULL)
			c->floor = f;
	}
	*floor = f;
	return (0);
}

/*
 * lstat of a canonical path: the top-most layer that has it wins, among
 * those its parent directory lets through (dir_floor()).
 */
int
jt_source_lstat(struct jt_source *s, const char *path, struct jt_stat *st,
    struct jt_err *err)
{
	char parent[PATH_MAX];
	struct cached_stat *c;
	int floor = 0, rc;

	if ((c = map_get(&s->stats, path)) != NULL) {
		if (!c->present)
			return (jt_err_set(err, JT_ENOENT, 0, path,
			    "no such file in the source"));
		*st = c->st;
		return (0);
	}
	if (strcmp(path, "/") != 0) {
		path_dirname(parent, sizeof(parent), path);
		rc = dir_floor(s, parent, &floor, err);
		if (rc == JT_ENOENT)
			floor = (int)s->layers.n;	/* nothing shows */
		else if (rc != 0)
			return (rc);
	}
	for (size_t i = s->layers.n; i-- > (size_t)floor;) {
		struct layer *l = s->layers.v[i];

		rc = l->ops->lstat(l, path, st, err);
		if (rc == JT_ENOENT)
			continue;
		if (rc != 0)
			return (rc);
		st->layer = (int)i;
		if (cache_put(s, path, st) != 0)
			return (jt_err_set(err, JT_ENOMEM, 0, path, "cache"));
		return (0);
	}
	if (cache_put(s, path, NULL) != 0)
		return (jt_err_set(err, JT_ENOMEM, 0, path, "cache"));
	return (jt_err_set(err, JT_ENOENT, 0, path,
	    "no such file in the source"));
}

/*
 * Pop the next component of *todo into comp (size NAME_MAX + 1): 1 when
 * one was taken, 0 at the end, -1 when a component is too long.
 */
static int
next_comp(const char **todo, char *comp)
{
	const char *p = *todo;
	size_t n;

	while (*p == '/')
		p++;
	if (*p == '\0')
		return (0);
	n = strcspn(p, "/");
	if (n > NAME_MAX)
		return (-1);
	memcpy(comp, p, n);
	comp[n] = '\0';
	*todo = p + n;
	return (1);
}

static bool
only_slashes(const char *p)
{
	return (p[strspn(p, "/")] == '\0');
}

int
jt_source_resolve(struct jt_source *s, const char *path, bool follow,
    char *out, size_t len, jt_link_fn *on_link, void *arg,
    struct jt_err *err)
{
	char cur[PATH_MAX], comp[NAME_MAX + 1], buf[2][PATH_MAX], cand[PATH_MAX];
	const char *todo;
	struct jt_stat st;
	int nlinks = 0, which = 0, rc;

	if (strlen(path) >= PATH_MAX)
		return (path_too_long(err, NULL, path));
	snprintf(buf[0], sizeof(buf[0]), "%s", path);
	todo = buf[0];
	cur[0] = '\0';			/* "" is the root */
	while ((rc = next_comp(&todo, comp)) != 0) {
		if (rc < 0)
			return (jt_err_set(err, JT_EINVAL, 0, path,
			    "path component too long"));
		if (strcmp(comp, ".") == 0)
			continue;
		if (strcmp(comp, "..") == 0) {
			char *slash = strrchr(cur, '/');

			if (slash == NULL)
				return (jt_err_set(err, JT_EESCAPE, 0, path,
				    "'..' leads above the root of the source"));
			*slash = '\0';
			continue;
		}
		if (!path_join(cand, sizeof(cand), cur, comp))
			return (path_too_long(err, NULL, path));
		if ((rc = jt_source_lstat(s, cand, &st, err)) != 0) {
			if (rc == JT_ENOENT && strcmp(cand, path) != 0)
				jt_err_set(err, JT_ENOENT, 0, path,
				    "no such file in the source (%s is missing)",
				    cand);
			return (rc);
		}
		if (st.type == JT_FT_LNK && (follow || !only_slashes(todo))) {
			int n;

			if (++nlinks > JT_MAXSYMLINKS)
				return (jt_err_set(err, JT_ELOOP, 0, path,
				    "too many symbolic links (a loop?) at %s",
				    cand));
			if (on_link != NULL)
				on_link(arg, cand);
			if (st.link == NULL || st.link[0] == '\0')
				return (jt_err_set(err, JT_ENOENT, 0, path,
				    "empty symbolic link %s", cand));
			/* Splice the target in front of what is left. */
			which ^= 1;
			n = snprintf(buf[which], sizeof(buf[which]), "%s/%s",
			    st.link, todo);
			if (n < 0 || (size_t)n >= sizeof(buf[which]))
				return (jt_err_set(err, JT_EINVAL, 0, path,
				    "path too long after link %s", cand));
			todo = buf[which];
			if (st.link[0] == '/')
				cur[0] = '\0';	/* absolute: the source's root */
			continue;
		}
		if (st.type != JT_FT_DIR && !only_slashes(todo))
			return (jt_err_set(err, JT_ENOTDIR, 0, path,
			    "%s is not a directory", cand));
		memcpy(cur, cand, strlen(cand) + 1);
	}
	if ((size_t)snprintf(out, len, "%s", cur[0] != '\0' ? cur : "/") >= len)
		return (jt_err_set(err, JT_EINVAL, 0, path, "path too long"));
	return (0);
}

/* The layer that provides the regular file at canonical path. */
static int
reg_layer(struct jt_source *s, const char *path, struct layer **l,
    struct jt_err *err)
{
	struct jt_stat st;
	int rc;

	if ((rc = jt_source_lstat(s, path, &st, err)) != 0)
		return (rc);
	if (st.type != JT_FT_REG)
		return (jt_err_set(err, JT_EINVAL, 0, path,
		    "not a regular file"));
	*l = s->layers.v[st.layer];
	return (0);
}

int
jt_source_read(struct jt_source *s, const char *path, void **data,
    size_t *len, struct jt_err *err)
{
	struct layer *l = NULL;	/* GCC -O2 cannot see reg_layer() set it */
	int rc;

	if ((rc = reg_layer(s, path, &l, err)) != 0)
		return (rc);
	return (l->ops->read(l, path, data, len, err));
}

long
jt_source_peek(struct jt_source *s, const char *path, void *buf, size_t n,
    struct jt_err *err)
{
	struct layer *l = NULL;	/* GCC -O2 cannot see reg_layer() set it */
	int rc;

	if ((rc = reg_layer(s, path, &l, err)) != 0)
		return (rc);
	return (l->ops->peek(l, path, buf, n, err));
}

void
jt_source_prefetch(struct jt_source *s, const char *const *paths, size_t n)
{
	char canon[PATH_MAX];
	const char **mine = NULL;
	char **path = NULL;
	int *layer = NULL;
	struct jt_stat st;
	size_t k = 0, m;
	bool any = false;

	for (size_t li = 0; li < s->layers.n; li++)
		any |= ((struct layer *)s->layers.v[li])->ops->prefetch != NULL;
	if (!any || n == 0 || (path = calloc(n, sizeof(*path))) == NULL ||
	    (layer = calloc(n, sizeof(*layer))) == NULL ||
	    (mine = calloc(n, sizeof(*mine))) == NULL)
		goto out;
	/* Each regular file once: its canonical path and its layer. */
	for (size_t i = 0; i < n; i++)
		if (jt_source_resolve(s, paths[i], true, canon, sizeof(canon),
		    NULL, NULL, NULL) == 0 &&
		    jt_source_lstat(s, canon, &st, NULL) == 0 &&
		    st.type == JT_FT_REG && (path[k] = strdup(canon)) != NULL)
			layer[k++] = st.layer;
	for (size_t li = 0; li < s->layers.n; li++) {
		struct layer *l = s->layers.v[li];

		if (l->ops->prefetch == NULL)
			continue;
		m = 0;
		for (size_t i = 0; i < k; i++)
			if (layer[i] == (int)li)
				mine[m++] = path[i];
		if (m > 0)
			l->ops->prefetch(l, mine, m);
	}
out:
	for (size_t i = 0; i < k; i++)
		free(path[i]);
	free(path);
	free(layer);
	free(mine);
}

int
jt_source_read_file(struct jt_source *s, const char *path, void **data,
    size_t *len, struct jt_err *err)
{
	char real[PATH_MAX];
	int rc;

	if ((rc = jt_source_resolve(s, path, true, real, sizeof(real), NULL,
	    NULL, err)) != 0)
		return (rc);
	return (jt_source_read(s, real, data, len, err));
}

/*
 * A path of the source too long for PATH_MAX, which every interface of
 * this module uses (a tree thousands of levels deep).  Such a path cannot
 * be named, so it is refused, never silently left out: the message names
 * the start of the path (prefix), which is all a terminal can show.
 */
int
path_too_long(struct jt_err *err, const char *where, const char *prefix)
{
	char head[72];

	snprintf(head, sizeof(head), "%.64s%s", prefix,
	    strlen(prefix) > 64 ? "..." : "");
	return (jt_err_set(err, JT_EINVAL, ENAMETOOLONG, head,
	    "a path that starts so%s%s is longer than the %d bytes jailtrim "
	    "handles (a tree too deep?)", where != NULL ? " in " : "",
	    where != NULL ? where : "", PATH_MAX - 1));
}

/* Merged directory listing: names collected from every layer. */
struct merge {
	struct jt_source *s;
	struct jt_err	*err;
	const char	*dir;
	int		 layer;		/* the layer being listed */
	struct jt_strv	 names;
	struct jt_map	 seen;
};

static int
merge_one(void *arg, const char *name, const struct jt_stat *st)
{
	struct merge *m = arg;
	char path[PATH_MAX];

	if (map_get(&m->seen, name) != NULL)
		return (0);
	if (!path_join(path, sizeof(path), m->dir, name))
		return (path_too_long(m->err, NULL, m->dir));
	if (map_put(&m->seen, name, m) != 0 || strv_push(&m->names, name) != 0)
		return (JT_ENOMEM);
	/*
	 * Layers are listed top-down, so the first one to name a child is the
	 * one lstat would pick: remember its answer and save a lookup.
	 */
	if (map_get(&m->s->stats, path) == NULL) {
		struct jt_stat cst = *st;

		cst.layer = m->layer;
		if (cache_put(m->s, path, &cst) != 0)
			return (JT_ENOMEM);
	}
	return (0);
}

int
jt_source_readdir(struct jt_source *s, const char *path, jt_dirent_fn *fn,
    void *arg, struct jt_err *err)
{
	struct merge m = { .s = s, .err = err, .dir = path };
	char child[PATH_MAX];
	struct jt_stat st;
	int rc = 0, found = 0, floor;

	if ((rc = dir_floor(s, path, &floor, err)) != 0) {
		if (rc == JT_ENOENT)
			rc = jt_err_set(err, JT_ENOENT, 0, path,
			    "no such directory");
		return (rc);
	}
	for (size_t i = s->layers.n; i-- > (size_t)floor;) {
		struct layer *l = s->layers.v[i];
		struct jt_stat dst;

		/* A layer whose path is not a directory hides lower ones. */
		rc = l->ops->lstat(l, path, &dst, err);
		if (rc == JT_ENOENT)
			continue;
		if (rc != 0)
			goto out;
		if (dst.type != JT_FT_DIR)
			break;
		found = 1;
		m.layer = (int)i;
		rc = l->ops->readdir(l, path, merge_one, &m, err);
		if (rc == JT_ENOENT)
			continue;
		if (rc != 0)
			goto out;
	}
	rc = 0;
	if (!found) {
		rc = jt_err_set(err, JT_ENOENT, 0, path, "no such directory");
		goto out;
	}
	strv_sort(&m.names);
	for (size_t i = 0; i < m.names.n; i++) {
		path_join(child, sizeof(child), path, m.names.v[i]);
		if ((rc = jt_source_lstat(s, child, &st, err)) == JT_ENOENT)
			continue;
		if (rc != 0 || (rc = fn(arg, m.names.v[i], &st)) != 0)
			goto out;
	}
out:
	strv_free(&m.names);
	map_free(&m.seen);
	return (rc);
}

bool
path_normalize_member(char *out, size_t len, const char *name)
{
	char comp[NAME_MAX + 1];
	const char *todo = name;
	size_t n = 0;
	int more;

	out[0] = '\0';
	while ((more = next_comp(&todo, comp)) != 0) {
		size_t clen = strlen(comp);

		if (more < 0)
			return (false);

		if (strcmp(comp, ".") == 0)
			continue;
		if (strcmp(comp, "..") == 0)
			return (false);
		if (n + 1 + clen + 1 > len)
			return (false);
		out[n++] = '/';
		memcpy(out + n, comp, clen + 1);
		n += clen;
	}
	if (n == 0)
		snprintf(out, len, "/");
	return (true);
}
