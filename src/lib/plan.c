/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The plan.  Entries are keyed by path; what the source says about a path
 * is taken once, with every symlink on the way and every parent directory,
 * so the jail has exactly the names the run-time linker will walk.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jailtrim/accounts.h"
#include "jailtrim/names.h"
#include "jailtrim/plan.h"
#include "util.h"

struct jt_plan {
	struct jt_source	*src;
	struct jt_map		 ents;		/* path -> struct jt_plan_entry */
	struct jt_arena		 arena;
	struct jt_plan_entry	*sorted;
	size_t			 nsorted;
	bool			 dirty;		/* changed since sorted */
	struct jt_acct_table	*pw, *gr;	/* the source's passwd, group */
	bool			 ids_read;
};

int
jt_plan_new(struct jt_plan **out, struct jt_source *src, struct jt_err *err)
{
	if ((*out = calloc(1, sizeof(**out))) == NULL)
		return (jt_err_set(err, JT_ENOMEM, errno, NULL, "calloc"));
	(*out)->src = src;
	return (0);
}

void
jt_plan_free(struct jt_plan *p)
{
	if (p == NULL)
		return;
	map_each(&p->ents, free);
	map_free(&p->ents);
	jt_acct_free(p->pw);
	jt_acct_free(p->gr);
	arena_free(&p->arena);
	free(p->sorted);
	free(p);
}

static char *
astr(struct jt_plan *p, const char *s)
{
	return (arena_strdup(&p->arena, s != NULL ? s : ""));
}

/*
 * uid/gid <-> name from the source's /etc/passwd and /etc/group, read
 * once.  Owners are a courtesy of the listing: a file that cannot be read
 * leaves names empty, as before.
 */
static void
read_ids(struct jt_plan *p)
{
	struct jt_err e;

	p->ids_read = true;
	(void)jt_acct_read(&p->pw, p->src, JT_ACCT_PASSWD, &e);
	(void)jt_acct_read(&p->gr, p->src, JT_ACCT_GROUP, &e);
}

static const char *
id_name(struct jt_plan *p, const char *kind, unsigned id, const char *have)
{
	const struct jt_acct *a;

	if (have != NULL && have[0] != '\0')
		return (have);
	if (!p->ids_read)
		read_ids(p);
	a = jt_acct_by_id(kind[0] == 'u' ? p->pw : p->gr, id);
	return (a != NULL ? a->name : "");
}

/* The id of an account name in the source, or -1. */
static long
name_id(struct jt_plan *p, char kind, const char *name)
{
	const struct jt_acct *a;

	if (!p->ids_read)
		read_ids(p);
	a = jt_acct_by_name(kind == 'U' ? p->pw : p->gr, name);
	return (a == NULL || !a->has_id ? -1 : (long)a->id);
}

static struct jt_plan_entry *
entry(struct jt_plan *p, const char *path, bool *fresh)
{
	struct jt_plan_entry *e = map_get(&p->ents, path);

	/* Every change goes through here: the sorted copy is stale. */
	p->dirty = true;
	*fresh = e == NULL;
	if (e != NULL)
		return (e);
	if ((e = calloc(1, sizeof(*e))) == NULL)
		return (NULL);
	if ((e->path = astr(p, path)) == NULL ||
	    map_put(&p->ents, path, e) != 0) {
		free(e);
		return (NULL);
	}
	return (e);
}

void
jt_plan_renumber(struct jt_plan *p, bool group, uint32_t from, uint32_t to)
{
	for (size_t i = 0; i < p->ents.cap; i++) {
		struct jt_plan_entry *e = p->ents.slots[i].val;

		if (p->ents.slots[i].key == NULL || e == NULL)
			continue;
		if (group && e->gid == (gid_t)from)
			e->gid = (gid_t)to;
		else if (!group && e->uid == (uid_t)from)
			e->uid = (uid_t)to;
	}
	p->dirty = true;
}

const struct jt_plan_entry *
jt_plan_get(const struct jt_plan *p, const char *path)
{
	return (map_get(&p->ents, path));
}

/* An entry for canonical path as the source has it. */
static int
from_source(struct jt_plan *p, const char *path, const char *why,
    struct jt_err *err)
{
	struct jt_plan_entry *e;
	struct jt_stat st;
	char id[PATH_MAX + 32];
	bool fresh;
	int rc;

	if (map_get(&p->ents, path) != NULL)
		return (0);
	if ((rc = jt_source_lstat(p->src, path, &st, err)) != 0)
		return (rc);
	switch (st.type) {
	case JT_FT_REG: case JT_FT_DIR: case JT_FT_LNK:
		break;
	default:
		/* A jail gets its devices from devfs; nothing else is kept. */
		return (jt_err_set(err, JT_EUNSUPP, 0, path, "not copied: "
		    "device nodes, fifos and sockets have no place in a jail "
		    "root (devfs provides /dev)"));
	}
	if ((e = entry(p, path, &fresh)) == NULL)
		return (jt_err_set(err, JT_ENOMEM, 0, path, "plan"));
	e->type = st.type;
	e->mode = st.mode;
	e->uid = st.uid;
	e->gid = st.gid;
	e->uname = astr(p, id_name(p, "u", st.uid, st.uname));
	e->gname = astr(p, id_name(p, "g", st.gid, st.gname));
	e->fflags = astr(p, st.fflags);
	e->link = st.link != NULL ? astr(p, st.link) : NULL;
	e->size = st.type == JT_FT_REG ? st.size : 0;
	e->mtime = st.mtime;
	e->why = astr(p, why);
	if (st.type == JT_FT_REG) {
		/* The inode, to find hard links again in jt_plan_finish(). */
		if (!jt_stat_inode_key(&st, path, id, sizeof(id)))
			id[0] = '\0';
		e->origin = astr(p, path);
		e->hardlink = id[0] != '\0' ? astr(p, id) : NULL;
	}
	if (e->uname == NULL || e->gname == NULL || e->fflags == NULL ||
	    e->why == NULL || (st.type == JT_FT_LNK && e->link == NULL))
		return (jt_err_set(err, JT_ENOMEM, 0, path, "plan"));
	return (0);
}

/* Parent directory dir, as the source has it, or a new one. */
static int
parent_dir(struct jt_plan *p, const char *dir, struct jt_err *err)
{
	struct jt_plan_entry *e;
	bool fresh;
	int rc;

	rc = from_source(p, dir, "parent directory", err);
	if (rc != JT_ENOENT)
		return (rc);
	/* Not in the source (a generated file's new directory). */
	if ((e = entry(p, dir, &fresh)) == NULL)
		return (jt_err_set(err, JT_ENOMEM, 0, dir, "plan"));
	e->type = JT_FT_DIR;
	e->mode = 0755;
	e->uname = astr(p, id_name(p, "u", 0, NULL));
	e->gname = astr(p, id_name(p, "g", 0, NULL));
	e->fflags = "";
	e->why = "parent directory";
	if (e->uname == NULL || e->gname == NULL)
		return (jt_err_set(err, JT_ENOMEM, 0, dir, "plan"));
	return (0);
}

/*
 * Every parent directory of canonical path, top first.  Iterative, not a
 * call per level (a path may be two thousand levels deep): up from path,
 * cutting the string at each parent the plan lacks, until one it has or
 * the root; then down again, adding each.
 */
static int
parents(struct jt_plan *p, const char *path, struct jt_err *err)
{
	char dir[PATH_MAX];
	size_t len = strlen(path), at;
	int rc;

	if (len >= sizeof(dir))
		return (jt_err_set(err, JT_EINVAL, ENAMETOOLONG, path,
		    "path too long"));
	memcpy(dir, path, len + 1);
	for (at = len; at > 0;) {
		while (at > 0 && dir[--at] != '/')
			continue;
		if (at == 0)
			break;
		dir[at] = '\0';
		if (map_get(&p->ents, dir) != NULL) {
			dir[at] = '/';
			break;
		}
	}
	for (; at < len; at++) {
		if (dir[at] != '\0')
			continue;
		if ((rc = parent_dir(p, dir, err)) != 0)
			return (rc);
		dir[at] = '/';
	}
	return (0);
}

struct links {
	struct jt_plan	*p;
	const char	*why;
	struct jt_err	*err;
	int		 rc;
};

static void
add_link(void *arg, const char *linkpath)
{
	struct links *l = arg;

	if (l->rc == 0 && (l->rc = from_source(l->p, linkpath, l->why,
	    l->err)) == 0)
		l->rc = parents(l->p, linkpath, l->err);
}

int
jt_plan_add_path(struct jt_plan *p, const char *path, const char *why,
    struct jt_err *err)
{
	struct links l = { p, why, err, 0 };
	char real[PATH_MAX];
	int rc;

	if ((rc = jt_source_resolve(p->src, path, true, real, sizeof(real),
	    add_link, &l, err)) != 0)
		return (rc);
	if (l.rc != 0)
		return (l.rc);
	if ((rc = from_source(p, real, why, err)) != 0)
		return (rc);
	return (parents(p, real, err));
}

struct all {
	struct jt_plan	*p;
	const char	*why;
	size_t		 skipped;
	struct jt_err	*err;
};

static int
all_one(void *arg, const char *path, const struct jt_stat *st)
{
	struct all *a = arg;

	if (st->type != JT_FT_REG && st->type != JT_FT_DIR &&
	    st->type != JT_FT_LNK) {
		a->skipped++;
		return (0);
	}
	return (from_source(a->p, path, a->why, a->err));
}

int
jt_plan_add_all(struct jt_plan *p, const char *why, size_t *skipped,
    struct jt_err *err)
{
	struct all a = { p, why, 0, err };
	int rc;

	rc = jt_source_walk(p->src, all_one, &a, err);
	if (skipped != NULL)
		*skipped = a.skipped;
	return (rc);
}

int
jt_plan_add_closure(struct jt_plan *p, const struct jt_closure *c,
    const char *rootwhy, struct jt_err *err)
{
	char why[PATH_MAX + 256];
	int rc;

	for (size_t i = 0; i < c->ndeps; i++) {
		const struct jt_dep *d = &c->deps[i];

		if (d->parent < 0)
			snprintf(why, sizeof(why), "%s", rootwhy);
		else
			snprintf(why, sizeof(why), "%s of %s (%s)", d->name,
			    c->deps[d->parent].path, jt_via_name(d->via));
		for (size_t j = 0; j < d->nlinks; j++)
			if ((rc = jt_plan_add_path(p, d->links[j], why, err)) != 0)
				return (rc);
		if ((rc = jt_plan_add_path(p, d->path, why, err)) != 0)
			return (rc);
	}
	return (0);
}

static int
add_dir(struct jt_plan *p, const char *path, mode_t mode, uid_t uid,
    gid_t gid, const char *uname, const char *gname, const char *why,
    struct jt_err *err)
{
	struct jt_plan_entry *e;
	bool fresh;
	int rc;

	if (!jt_abs_path_ok(path))
		return (jt_err_set(err, JT_EINVAL, 0, path,
		    "directory must be an absolute path without '..'"));
	if ((rc = parents(p, path, err)) != 0)
		return (rc);
	if ((e = entry(p, path, &fresh)) == NULL)
		return (jt_err_set(err, JT_ENOMEM, 0, path, "plan"));
	if (!fresh && e->type != JT_FT_DIR)
		return (jt_err_set(err, JT_EINVAL, 0, path,
		    "already planned as something else than a directory"));
	e->type = JT_FT_DIR;
	e->mode = mode;
	e->uid = uid;
	e->gid = gid;
	e->uname = astr(p, uname);
	e->gname = astr(p, gname);
	if (fresh || e->fflags == NULL)
		e->fflags = "";
	if (fresh || e->why == NULL)
		e->why = astr(p, why);
	return (e->uname && e->gname && e->why ? 0 :
	    jt_err_set(err, JT_ENOMEM, 0, path, "plan"));
}

int
jt_plan_add_dir(struct jt_plan *p, const char *path, mode_t mode,
    const char *uname, const char *gname, const char *why,
    struct jt_err *err)
{
	long uid = name_id(p, 'U', uname), gid = name_id(p, 'G', gname);

	if (uid < 0 || gid < 0)
		return (jt_err_set(err, JT_ENOENT, 0, path, "%s '%s' is not in "
		    "the source's %s", uid < 0 ? "user" : "group",
		    uid < 0 ? uname : gname, uid < 0 ? "/etc/passwd" :
		    "/etc/group"));
	return (add_dir(p, path, mode, (uid_t)uid, (gid_t)gid, uname, gname,
	    why, err));
}

int
jt_plan_add_dir_id(struct jt_plan *p, const char *path, mode_t mode,
    uid_t uid, gid_t gid, const char *why, struct jt_err *err)
{
	/* names when the source has them (a bare root may have none) */
	return (add_dir(p, path, mode, uid, gid, id_name(p, "u", uid, NULL),
	    id_name(p, "g", gid, NULL), why, err));
}

int
jt_plan_add_data(struct jt_plan *p, const char *path, const void *data,
    size_t len, mode_t mode, const char *why, struct jt_err *err)
{
	struct jt_plan_entry *e;
	void *copy;
	bool fresh;
	int rc;

	if (!jt_abs_path_ok(path))
		return (jt_err_set(err, JT_EINVAL, 0, path,
		    "file must be an absolute path without '..'"));
	if ((rc = parents(p, path, err)) != 0)
		return (rc);
	if ((copy = arena_alloc(&p->arena, len + 1)) == NULL ||
	    (e = entry(p, path, &fresh)) == NULL)
		return (jt_err_set(err, JT_ENOMEM, 0, path, "plan"));
	memcpy(copy, data, len);
	{
		const char *kept = e->path;

		memset(e, 0, sizeof(*e));
		e->path = kept;
	}
	e->type = JT_FT_REG;
	e->mode = mode;
	e->uname = astr(p, id_name(p, "u", 0, NULL));
	e->gname = astr(p, id_name(p, "g", 0, NULL));
	e->fflags = "";
	e->size = (int64_t)len;
	e->data = copy;
	e->why = astr(p, why);
	return (e->why != NULL && e->uname != NULL && e->gname != NULL ? 0 :
	    jt_err_set(err, JT_ENOMEM, 0, path, "plan"));
}

static int
cmp_entry(const void *a, const void *b)
{
	return (strcmp(((const struct jt_plan_entry *)a)->path,
	    ((const struct jt_plan_entry *)b)->path));
}

int
jt_plan_finish(struct jt_plan *p, const struct jt_plan_entry **ents,
    size_t *n, struct jt_err *err)
{
	struct jt_map first = { 0 };
	size_t k = 0;

	if (p->sorted != NULL && !p->dirty) {
		*ents = p->sorted;	/* each writer asks; sort once */
		*n = p->nsorted;
		return (0);
	}
	free(p->sorted);
	if ((p->sorted = calloc(p->ents.n + 1, sizeof(*p->sorted))) == NULL)
		return (jt_err_set(err, JT_ENOMEM, errno, NULL, "plan"));
	for (size_t i = 0; i < p->ents.cap; i++)
		if (p->ents.slots[i].key != NULL)
			p->sorted[k++] = *(struct jt_plan_entry *)
			    p->ents.slots[i].val;
	qsort(p->sorted, k, sizeof(*p->sorted), cmp_entry);
	/* The first name of each inode carries the data; later ones link. */
	for (size_t i = 0; i < k; i++) {
		struct jt_plan_entry *e = &p->sorted[i];
		const char *id = e->hardlink, *head;

		if (id == NULL)
			continue;
		if ((head = map_get(&first, id)) == NULL) {
			e->hardlink = NULL;
			if (map_put(&first, id, (void *)(uintptr_t)e->path) != 0) {
				map_free(&first);
				return (jt_err_set(err, JT_ENOMEM, 0, NULL,
				    "plan"));
			}
		} else {
			e->hardlink = head;
		}
	}
	map_free(&first);
	p->nsorted = k;
	p->dirty = false;
	*ents = p->sorted;
	*n = k;
	return (0);
}

void
jt_plan_prefetch(struct jt_plan *p)
{
	const char **paths;
	size_t n = 0;

	if ((paths = calloc(p->nsorted + 1, sizeof(*paths))) == NULL)
		return;
	for (size_t i = 0; i < p->nsorted; i++) {
		const struct jt_plan_entry *e = &p->sorted[i];

		if (e->type == JT_FT_REG && e->data == NULL &&
		    e->origin != NULL && e->hardlink == NULL)
			paths[n++] = e->origin;
	}
	jt_source_prefetch(p->src, paths, n);
	free(paths);
}

int
jt_plan_content(struct jt_plan *p, const struct jt_plan_entry *e,
    const void **data, size_t *len, struct jt_err *err)
{
	void *d;
	int rc;

	if (e->type != JT_FT_REG)
		return (jt_err_set(err, JT_EINVAL, 0, e->path,
		    "not a regular file"));
	if (e->data != NULL || e->origin == NULL) {
		*data = e->data;
		*len = (size_t)e->size;
		return (0);
	}
	if ((rc = jt_source_read(p->src, e->origin, &d, len, err)) != 0)
		return (rc);
	*data = d;
	return (0);
}
