/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Packages are units: a package anything needed lives in (a file of the
 * build plan: a service's program, a closure, a kept script, a program
 * found in user data), and every package a kept one depends on, is kept
 * whole; the others go whole and are deregistered from the jail's
 * database by the apply, so that pkg info and pkg check -s tell the truth.
 * A file of a package that goes whose content is not what the database
 * records is the admin's change: it stays.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "jailtrim/pkgdb.h"
#include "shrink_int.h"

struct jt_shrink_pkgs {
	struct jt_pkgdb		*db;
	struct jt_shrink_pkg	*rm;
	size_t			 nrm;
	const char		**names;	/* of rm, for deregister */
	size_t			 nchanged;
};

/* Whether the file at path (absolute, in the jail) has that sha256. */
static bool
same_sha256(const struct jt_shrink *s, const char *path, const char *hex)
{
	unsigned char d[SHRINK_SHA_LEN], buf[65536];
	char got[SHRINK_HEX_LEN];
	SHA256_CTX c;
	ssize_t r;
	int fd;

	if ((fd = shrink_open_beneath(s->dirfd, path + 1, O_RDONLY)) == -1)
		return (true);	/* not there (or not a file): nothing kept */
	SHA256_Init(&c);
	while ((r = read(fd, buf, sizeof(buf))) > 0)
		SHA256_Update(&c, buf, (size_t)r);
	(void)close(fd);
	if (r < 0)
		return (false);	/* cannot tell: keep it */
	SHA256_Final(d, &c);
	shrink_hex(d, got);
	return (strcmp(got, hex) == 0);
}

/* A registered path the jail does not have (as a file in it) is no error. */
static bool
absent(int rc)
{
	return (rc == JT_ENOENT || rc == JT_EESCAPE || rc == JT_ENOTDIR ||
	    rc == JT_ELOOP);
}

static int
keep_pkg(struct jt_shrink *s, const struct jt_pkg *p, const char *why,
    struct jt_err *err)
{
	char w[512];
	int rc;

	(void)snprintf(w, sizeof(w), "package %s-%s, kept whole: %s", p->name,
	    p->version, why);
	for (size_t i = 0; i < p->nfiles; i++) {
		rc = jt_shrink_keep(s, p->files[i].path, w, err);
		if (rc != 0 && !absent(rc))
			return (rc);
	}
	for (size_t i = 0; i < p->nconfig; i++) {
		rc = jt_shrink_keep(s, p->config[i].path, w, err);
		if (rc != 0 && !absent(rc))
			return (rc);
	}
	return (0);
}

/* A package that goes: its changed files stay, the rest is counted. */
static int
drop_pkg(struct jt_shrink_pkgs *ps, struct jt_shrink *s,
    const struct jt_pkg *p, struct jt_err *err)
{
	struct jt_shrink_pkg *r = &ps->rm[ps->nrm];
	const struct jt_pkg_file *f;
	struct jt_stat st;
	struct jt_err e;
	char w[512];
	int rc;

	r->name = p->name;
	r->version = p->version;
	ps->names[ps->nrm++] = p->name;
	(void)snprintf(w, sizeof(w), "changed since package %s-%s installed "
	    "it (sha256 differs)", p->name, p->version);
	for (size_t i = 0; i < p->nfiles; i++) {
		f = &p->files[i];
		if (jt_source_lstat(s->src, f->path, &st, &e) != 0)
			continue;
		if (st.type == JT_FT_REG && f->alg == JT_PKG_SUM_SHA256 &&
		    f->sum != NULL && !same_sha256(s, f->path, f->sum)) {
			if ((rc = jt_shrink_keep(s, f->path, w, err)) != 0)
				return (rc);
			r->changed++;
			ps->nchanged++;
			continue;
		}
		if (jt_shrink_why(s, f->path) != NULL)
			continue;	/* kept for another reason */
		r->files++;
		r->bytes += st.type == JT_FT_REG ? st.size : 0;
	}
	return (0);
}

/* Every registered file (and config file) marked as its package's. */
static int
mark_files(struct jt_shrink *s, const struct jt_pkg *p, struct jt_err *err)
{
	int rc;

	for (size_t i = 0; i < p->nfiles; i++)
		if ((rc = jt_shrink_mark_package(s, p->files[i].path, p->name,
		    false, err)) != 0)
			return (rc);
	for (size_t i = 0; i < p->nconfig; i++)
		if ((rc = jt_shrink_mark_package(s, p->config[i].path, p->name,
		    false, err)) != 0)
			return (rc);
	return (0);
}

int
jt_shrink_pkgs_open(struct jt_shrink_pkgs **out, struct jt_shrink *s,
    struct jt_err *err)
{
	struct jt_shrink_pkgs *ps;
	size_t np;
	int rc;

	*out = NULL;
	if ((ps = calloc(1, sizeof(*ps))) == NULL)
		return (jt_err_set(err, JT_ENOMEM, errno, NULL, "packages"));
	if ((rc = jt_pkgdb_open(&ps->db, s->src, err)) != 0)
		goto fail;
	np = jt_pkgdb_count(ps->db);
	if ((ps->rm = calloc(np + 1, sizeof(*ps->rm))) == NULL ||
	    (ps->names = calloc(np + 1, sizeof(*ps->names))) == NULL) {
		rc = jt_err_set(err, JT_ENOMEM, errno, NULL, "packages");
		goto fail;
	}
	for (size_t i = 0; i < np; i++)
		if ((rc = mark_files(s, jt_pkgdb_at(ps->db, i), err)) != 0)
			goto fail;
	/* the database itself (dpkg's info lists too) is no one's to drop:
	 * only a deregistration changes it */
	if (jt_pkgdb_kind(ps->db) == JT_PKGDB_PKG ||
	    jt_pkgdb_kind(ps->db) == JT_PKGDB_DPKG) {
		char dir[PATH_MAX];

		path_dirname(dir, sizeof(dir), jt_pkgdb_path(ps->db));
		rc = jt_shrink_keep(s, dir, "the package database", err);
		if (rc != 0 && !absent(rc))
			goto fail;
	}
	if (np > 0)
		jt_shrink_defer_packages(s);
	*out = ps;
	return (0);
fail:
	jt_shrink_pkgs_free(ps);
	return (rc);
}

struct save {
	struct jt_shrink	*s;
	struct jt_err		*err;
};

static int
save_one(void *arg, const char *path)
{
	struct save *x = arg;

	return (jt_shrink_save(x->s, path, x->err));
}

int
jt_shrink_pkgs(struct jt_shrink_pkgs *ps, struct jt_shrink *s,
    struct jt_plan *plan, bool keep_all, struct jt_err *err)
{
	const struct jt_plan_entry *e;
	struct jt_pkg_closure cl = { 0 };
	struct jt_strv need = { 0 };
	const struct jt_pkg *p;
	size_t n, np = jt_pkgdb_count(ps->db);
	bool *kept;
	int rc;

	if ((kept = calloc(np + 1, sizeof(*kept))) == NULL)
		return (jt_err_set(err, JT_ENOMEM, errno, NULL, "packages"));
	if (np == 0)
		goto done;
	if (keep_all) {
		for (size_t i = 0; i < np; i++)
			if ((rc = keep_pkg(s, jt_pkgdb_at(ps->db, i),
			    "--keep-packages", err)) != 0)
				goto fail;
		goto done;
	}
	/* the packages something planned lives in */
	if ((rc = jt_plan_finish(plan, &e, &n, err)) != 0)
		goto fail;
	for (size_t i = 0; i < n; i++)
		if ((p = jt_pkgdb_owner(ps->db, e[i].path)) != NULL &&
		    strv_push_uniq(&need, p->name) != 0) {
			rc = jt_err_set(err, JT_ENOMEM, errno, NULL, "packages");
			goto fail;
		}
	if ((rc = jt_pkgdb_closure(ps->db, (const char *const *)need.v,
	    need.n, &cl, err)) != 0)
		goto fail;
	for (size_t i = 0; i < cl.n; i++) {
		for (size_t j = 0; j < np; j++)
			if (jt_pkgdb_at(ps->db, j) == cl.pkgs[i])
				kept[j] = true;
		if ((rc = keep_pkg(s, cl.pkgs[i], strv_has(&need,
		    cl.pkgs[i]->name) ? "a file of it is needed" :
		    "a kept package depends on it", err)) != 0)
			goto fail;
	}
	for (size_t i = 0; i < np; i++)
		if (!kept[i] && (rc = drop_pkg(ps, s, jt_pkgdb_at(ps->db, i),
		    err)) != 0)
			goto fail;
	/* the backup holds the database as the deregistration finds it */
	if (ps->nrm > 0 && (rc = jt_pkgdb_deregister_files(ps->db, s->src,
	    ps->names, ps->nrm, save_one, &(struct save){ s, err }, err)) != 0)
		goto fail;
done:
	jt_pkg_closure_free(&cl);
	strv_free(&need);
	free(kept);
	return (0);
fail:
	jt_pkg_closure_free(&cl);
	strv_free(&need);
	free(kept);
	return (rc);
}

size_t
jt_shrink_pkgs_nremove(const struct jt_shrink_pkgs *ps)
{
	return (ps != NULL ? ps->nrm : 0);
}

const struct jt_shrink_pkg *
jt_shrink_pkgs_remove(const struct jt_shrink_pkgs *ps, size_t i)
{
	return (ps != NULL && i < ps->nrm ? &ps->rm[i] : NULL);
}

bool
jt_shrink_pkgs_goes(const struct jt_shrink_pkgs *ps, const char *path)
{
	const struct jt_pkg *p;

	if (ps == NULL || (p = jt_pkgdb_owner(ps->db, path)) == NULL)
		return (false);
	for (size_t i = 0; i < ps->nrm; i++)
		if (ps->names[i] == p->name)
			return (true);
	return (false);
}

const char *
jt_shrink_pkgs_db(const struct jt_shrink_pkgs *ps)
{
	return (ps != NULL ? jt_pkgdb_path(ps->db) : "");
}

int
jt_shrink_pkgs_deregister(struct jt_shrink_pkgs *ps, struct jt_shrink *s,
    struct jt_err *err)
{
	char real[PATH_MAX], host[PATH_MAX];
	const char *db;
	int rc;

	if (ps == NULL || ps->nrm == 0)
		return (0);
	db = jt_pkgdb_path(ps->db);
	if (jt_pkgdb_kind(ps->db) != JT_PKGDB_PKG &&
	    jt_pkgdb_kind(ps->db) != JT_PKGDB_DPKG)
		return (0);	/* .pkg layers only: no database to change */
	/* the jail's own file, reached through no symlink */
	if ((rc = jt_source_resolve(s->src, db, false, real, sizeof(real),
	    NULL, NULL, err)) != 0)
		return (rc);
	if (strcmp(real, db) != 0)
		return (jt_err_set(err, JT_EESCAPE, 0, db, "a symbolic link "
		    "on the path to the package database"));
	if ((size_t)snprintf(host, sizeof(host), "%s%s", s->dir, db) >=
	    sizeof(host))
		return (jt_err_set(err, JT_EINVAL, 0, db, "path too long"));
	return (jt_pkgdb_deregister(host, ps->names, ps->nrm, err));
}

void
jt_shrink_pkgs_free(struct jt_shrink_pkgs *ps)
{
	if (ps == NULL)
		return;
	jt_pkgdb_free(ps->db);
	free(ps->rm);
	free(ps->names);
	free(ps);
}
