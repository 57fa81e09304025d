/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The planning stage of jailtrim build: paths and profile items become
 * plan entries, closures are resolved with the platform's rules, and
 * what the jail needs to run is collected.  Nothing is written here.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jailtrim/accounts.h"
#include "jailtrim/interp.h"
#include "build_int.h"


int
jt_build_new(struct jt_build **out, struct jt_source *src, struct jt_err *err)
{
	return (jt_build_new_shared(out, src, NULL, err));
}

int
jt_build_new_shared(struct jt_build **out, struct jt_source *src,
    struct jt_resolver *r, struct jt_err *err)
{
	struct jt_build *b;
	int rc = 0;

	if ((b = calloc(1, sizeof(*b))) == NULL)
		return (jt_err_set(err, JT_ENOMEM, errno, NULL, "build"));
	b->src = src;
	b->r = r;
	b->r_shared = r != NULL;
	if ((r == NULL && (rc = jt_resolver_new(&b->r, src, NULL, err)) != 0) ||
	    (rc = jt_plan_new(&b->plan, src, err)) != 0) {
		jt_build_free(b);
		return (rc);
	}
	*out = b;
	return (0);
}

void
jt_build_free(struct jt_build *b)
{
	if (b == NULL)
		return;
	jt_plan_free(b->plan);
	if (!b->r_shared)
		jt_resolver_free(b->r);
	strv_free(&b->problems);
	strv_free(&b->commands);
	strv_free(&b->prestart);
	strv_free(&b->params);
	free(b->hostname);
	strv_free(&b->hostaddrs);
	strv_free(&b->users);
	strv_free(&b->groups);
	strv_free(&b->probes);
	strv_free(&b->hintdirs);
	strv_free(&b->execs);
	strv_free(&b->stops);
	strv_free(&b->warnings);
	map_free(&b->closed);
	build_reads_free(b);
	rc_free(b);
	build_pkgs_free(b->pk);
	interp_free(b);
	jt_acct_moves_free(&b->moves);
	free(b->rootpw);
	free(b->tz);
	free(b);
}

enum jt_platform
jt_build_platform(const struct jt_build *b)
{
	return (jt_resolver_platform(b->r));
}

struct jt_plan *
jt_build_plan(struct jt_build *b)
{
	return (b->plan);
}

static int vsay(struct jt_strv *sv, const char *fmt, va_list ap)
    __attribute__((format(printf, 2, 0)));

static int
vsay(struct jt_strv *sv, const char *fmt, va_list ap)
{
	char buf[2048];

	vsnprintf(buf, sizeof(buf), fmt, ap);
	return (strv_push_uniq(sv, buf));
}

int
build_problem(struct jt_build *b, const char *fmt, ...)
{
	va_list ap;
	int rc;

	va_start(ap, fmt);
	rc = vsay(&b->problems, fmt, ap);
	va_end(ap);
	return (rc);
}

int
build_warning(struct jt_build *b, const char *fmt, ...)
{
	va_list ap;
	int rc;

	va_start(ap, fmt);
	rc = vsay(&b->warnings, fmt, ap);
	va_end(ap);
	return (rc);
}

void
jt_build_set_rc(struct jt_build *b, bool rc)
{
	b->rc = rc;
}

/* path, symbolic links followed, is in the source and of that type. */
static bool
is_type(struct jt_build *b, const char *path, enum jt_ftype type)
{
	char real[PATH_MAX];
	struct jt_stat st;
	struct jt_err e;

	return (jt_source_resolve(b->src, path, true, real, sizeof(real), NULL,
	    NULL, &e) == 0 && jt_source_lstat(b->src, real, &st, &e) == 0 &&
	    st.type == type);
}

bool
build_is_file(struct jt_build *b, const char *path)
{
	return (is_type(b, path, JT_FT_REG));
}

bool
build_is_dir(struct jt_build *b, const char *path)
{
	return (is_type(b, path, JT_FT_DIR));
}

bool
build_exists(struct jt_build *b, const char *path)
{
	char real[PATH_MAX];
	struct jt_err e;

	return (jt_source_resolve(b->src, path, true, real, sizeof(real), NULL,
	    NULL, &e) == 0);
}

static void
closure_problem(void *arg, const char *msg)
{
	struct jt_build *b = arg;

	if (strv_push_uniq(&b->problems, msg) != 0)
		b->nomem = true;
}

/* Problems of a closure, and the library directories the hints reach. */
int
build_note_closure(struct jt_build *b, const struct jt_closure *c)
{
	int rc = 0;

	jt_closure_problems(c, closure_problem, b);
	if (b->nomem || interp_closure(b, c) != 0)
		return (JT_ENOMEM);
	/*
	 * A jail that never runs /etc/rc has no hints file, so directories
	 * only the hints reached must be listed in one we write.
	 */
	for (size_t i = 0; i < c->ndeps && rc == 0; i++) {
		const struct jt_dep *d = &c->deps[i];

		if (d->via != JT_VIA_HINTS || d->elf == NULL ||
		    d->elf->abi != JT_ABI_FREEBSD || d->elf->elfclass != 64)
			continue;
		if (strcmp(d->dir, "/lib") != 0 && strcmp(d->dir, "/usr/lib") != 0)
			rc = strv_push_uniq(&b->hintdirs, d->dir);
	}
	return (rc);
}

/*
 * A library glibc's ld.so found only through ld.so.conf is found at run
 * time through the cache ldconfig made of it: both stay, under the Linux
 * layer's prefix for a Linux program in a FreeBSD root.  (The files
 * ld.so.conf includes matter only to an ldconfig run in the jail.)
 */
static int
add_ldconf(struct jt_build *b, const struct jt_closure *c, struct jt_err *err)
{
	static const char *const files[] = {
		"/etc/ld.so.conf", "/etc/ld.so.cache",
	};
	const struct jt_platform_info *pi = jt_resolver_root(b->r);
	const char *prefix = "";
	char path[PATH_MAX], why[PATH_MAX + 64];
	int rc;

	for (size_t i = 0; i < c->ndeps; i++) {
		const struct jt_dep *d = &c->deps[i];

		if (d->via != JT_VIA_LDCONF)
			continue;
		if (pi != NULL && pi->os == JT_PLAT_FREEBSD)
			prefix = pi->linux_prefix;
		(void)snprintf(why, sizeof(why), "ld.so finds %s through it "
		    "(ld.so.conf)", d->path);
		for (size_t k = 0; k < sizeof(files) / sizeof(files[0]); k++) {
			if ((size_t)snprintf(path, sizeof(path), "%s%s", prefix,
			    files[k]) >= sizeof(path) || !build_exists(b, path))
				continue;
			if ((rc = jt_plan_add_path(b->plan, path, why, err)) != 0)
				return (rc);
		}
		break;	/* the same files for every such library */
	}
	return (0);
}

int
jt_build_add_path(struct jt_build *b, const char *path, const char *why,
    struct jt_err *err)
{
	struct jt_closure *c;
	int rc;

	rc = jt_resolve(b->r, path, &c, err);
	if (rc == JT_EFORMAT) {
		/* Not a program: a plain file or directory, as it is. */
		return (jt_plan_add_path(b->plan, path, why, err));
	}
	if (rc != 0)
		return (rc);
	if ((rc = build_note_closure(b, c)) != 0 ||
	    (rc = build_mark_closed(b, c->root)) != 0)
		rc = jt_err_set(err, JT_ENOMEM, 0, path, "build");
	else if ((rc = jt_plan_add_closure(b->plan, c, why, err)) == 0)
		rc = add_ldconf(b, c, err);
	jt_closure_free(c);
	return (rc);
}

struct globctx {
	struct jt_build	*b;
	const char	*why;
	struct jt_err	*err;
};

static int
glob_one(void *arg, const char *path)
{
	struct globctx *g = arg;

	return (jt_build_add_path(g->b, path, g->why, g->err));
}

int
build_add_glob(struct jt_build *b, const char *pattern, const char *why,
    struct jt_err *err)
{
	struct globctx g = { b, why, err };

	return (jt_source_glob(b->src, pattern, glob_one, &g, err));
}

struct treectx {
	struct jt_build	*b;
	const char	*why;
	struct jt_err	*err;
};

/* What a tree entry of this type is, or NULL if a jail root holds it. */
static const char *
not_copyable(enum jt_ftype type)
{
	return (type == JT_FT_REG || type == JT_FT_DIR || type == JT_FT_LNK ?
	    NULL : type == JT_FT_FIFO ? "a fifo" : type == JT_FT_SOCK ?
	    "a socket" : type == JT_FT_CHR ? "a character device" :
	    type == JT_FT_BLK ? "a block device" : "not a file");
}

/*
 * One entry of a tree.  What a jail root cannot hold (devfs makes the
 * devices, the service its fifos and sockets) and links that lead nowhere
 * in the source are skipped with a warning: the rest of the tree is still
 * what was asked for.  Only I/O and memory errors end the build.
 */
static int
tree_one(void *arg, const char *path, const struct jt_stat *st)
{
	struct treectx *t = arg;
	struct jt_stat ts;
	char real[PATH_MAX];
	int rc;

	if (not_copyable(st->type) != NULL)
		return (build_warning(t->b, "%s: %s is %s: not copied", t->why,
		    path, not_copyable(st->type)));
	if (st->type == JT_FT_LNK) {
		if ((rc = jt_source_resolve(t->b->src, path, true, real,
		    sizeof(real), NULL, NULL, t->err)) == 0)
			rc = jt_source_lstat(t->b->src, real, &ts, t->err);
		if (rc == JT_ENOENT || rc == JT_ELOOP || rc == JT_ENOTDIR ||
		    rc == JT_EESCAPE || rc == JT_EINVAL)
			return (build_warning(t->b, "%s: symbolic link %s -> %s "
			    "leads nowhere in the source (%s): not copied",
			    t->why, path, st->link ? st->link : "?", t->err->msg));
		if (rc != 0)
			return (rc);
		if (not_copyable(ts.type) != NULL)
			return (build_warning(t->b, "%s: symbolic link %s -> "
			    "%s: not copied", t->why, path,
			    not_copyable(ts.type)));
	}
	return (jt_plan_add_path(t->b->plan, path, t->why, t->err));
}

/* A directory and everything below it, as the source has them. */
int
build_add_tree(struct jt_build *b, const char *dir, const char *why,
    struct jt_err *err)
{
	struct treectx t = { b, why, err };
	char real[PATH_MAX];
	int rc;

	if (!build_exists(b, dir))
		return (build_problem(b, "%s: %s is not in the source", why,
		    dir));
	if ((rc = jt_plan_add_path(b->plan, dir, why, err)) != 0 ||
	    (rc = jt_source_resolve(b->src, dir, true, real, sizeof(real),
	    NULL, NULL, err)) != 0)
		return (rc);
	return (jt_source_walk_from(b->src, real, tree_one, &t, err));
}

int
jt_build_add_included(struct jt_build *b, const char *path, const char *why,
    struct jt_err *err)
{
	char real[PATH_MAX];
	struct jt_stat st;
	struct jt_err e;
	int rc;

	/* what is not there fails as jt_build_add_path() says it */
	if (jt_source_resolve(b->src, path, true, real, sizeof(real), NULL,
	    NULL, &e) != 0 || jt_source_lstat(b->src, real, &st, &e) != 0 ||
	    st.type != JT_FT_DIR)
		return (jt_build_add_path(b, path, why, err));
	if ((rc = build_add_tree(b, path, why, err)) == JT_ENOMEM)
		rc = jt_err_set(err, JT_ENOMEM, 0, path, "out of memory");
	return (rc);
}

/* "user NAME" must exist in the source's account files. */
bool
build_has_account(struct jt_build *b, const char *file, const char *name)
{
	struct jt_acct_table *t;
	struct jt_err e;
	bool found;

	if (jt_acct_read(&t, b->src, strcmp(file, "/etc/group") == 0 ?
	    JT_ACCT_GROUP : JT_ACCT_PASSWD, &e) != 0)
		return (false);
	found = jt_acct_by_name(t, name) != NULL;
	jt_acct_free(t);
	return (found);
}

/*
 * A copy of the source's file fmt with only the kept entries, in the
 * plan with the source's mode.  Kept: root, the names in names, and (for
 * group) the gids in ids.  gids_out, when given, gets the primary gid of
 * every kept user.
 */
static int
prune_file(struct jt_build *b, enum jt_acct_fmt fmt,
    const struct jt_strv *names, const struct jt_strv *ids,
    struct jt_strv *gids_out, struct jt_err *err)
{
	const char *path = jt_acct_path(fmt);
	struct jt_acct_table *t = NULL;
	struct jt_stat st;
	char real[PATH_MAX], id[32];
	char *text = NULL;
	size_t len = 0;
	FILE *out;
	int rc = 0;

	if (jt_acct_read(&t, b->src, fmt, err) != 0 ||
	    jt_source_resolve(b->src, path, true, real, sizeof(real), NULL,
	    NULL, err) != 0 || jt_source_lstat(b->src, real, &st, err) != 0) {
		jt_acct_free(t);
		return (0);	/* not there: nothing to prune */
	}
	if ((out = open_memstream(&text, &len)) == NULL) {
		jt_acct_free(t);
		return (jt_err_set(err, JT_ENOMEM, 0, path, "memstream"));
	}
	for (size_t i = 0; i < jt_acct_count(t) && rc == 0; i++) {
		const struct jt_acct *a = jt_acct_at(t, i);
		bool keep = strcmp(a->name, "root") == 0 ||
		    strv_has(names, a->name);

		if (!keep && ids != NULL && a->has_id) {
			(void)snprintf(id, sizeof(id), "%lu", a->id);
			keep = strv_has(ids, id);
		}
		if (!keep)
			continue;
		if (gids_out != NULL && a->has_gid) {
			(void)snprintf(id, sizeof(id), "%lu", a->gid);
			if (strv_push_uniq(gids_out, id) != 0)
				rc = jt_err_set(err, JT_ENOMEM, 0, path,
				    "out of memory");
		}
		if (fmt == JT_ACCT_SHADOW && strcmp(a->name, "root") == 0)
			/* never the host's hash: locked, or the one given */
			fprintf(out, "root:%s%s\n", b->rootpw != NULL ?
			    b->rootpw : "*", strchr(a->text + 5, ':') != NULL ?
			    strchr(a->text + 5, ':') : "");
		else
			fprintf(out, "%s\n", a->text);
	}
	jt_acct_free(t);
	if (fclose(out) != 0 && rc == 0)
		rc = jt_err_set(err, JT_ENOMEM, 0, path, "memstream");
	if (rc == 0)
		rc = jt_plan_add_data(b->plan, path, text, len, st.mode,
		    "accounts: root and the profiles' users and groups", err);
	free(text);
	return (rc);
}

/*
 * glibc reads the text files: passwd, shadow and group keep root, the
 * profiles' users, and the groups named or primary to a kept user.
 */
static int
prune_linux_accounts(struct jt_build *b, struct jt_err *err)
{
	struct jt_strv gids = { 0 };
	int rc;

	if ((rc = prune_file(b, JT_ACCT_PASSWD, &b->users, NULL, &gids,
	    err)) == 0 && (rc = prune_file(b, JT_ACCT_SHADOW, &b->users, NULL,
	    NULL, err)) == 0)
		rc = prune_file(b, JT_ACCT_GROUP, &b->groups, &gids, NULL, err);
	strv_free(&gids);
	return (rc);
}

static int
finish_plan(struct jt_build *b, struct jt_err *err)
{
	struct jt_strv dirs = { 0 };
	void *hints;
	size_t len;
	int rc;

	/* exec.start runs the prestart commands, then the service. */
	strv_free(&b->execs);
	for (size_t i = 0; i < b->prestart.n; i++)
		if (strv_push(&b->execs, b->prestart.v[i]) != 0)
			goto nomem;
	for (size_t i = 0; i < b->commands.n; i++)
		if (strv_push(&b->execs, b->commands.v[i]) != 0)
			goto nomem;
	if ((rc = build_skeleton(b, err)) != 0)
		return (rc);
	rc = jt_build_platform(b) == JT_PLAT_GLIBC ?
	    prune_linux_accounts(b, err) : build_accounts(b, err);
	if (rc != 0 || (rc = build_hosts(b, err)) != 0 ||
	    (rc = build_tz_finish(b, err)) != 0)
		return (rc);
	/* git's helpers, and the CA bundle of every TLS library kept, once
	 * every object is closed */
	if ((rc = rc_finish(b, err)) != 0 ||
	    (rc = build_close_all(b, err)) != 0 ||
	    (rc = interp_finish(b, err)) != 0 ||
	    (rc = build_check_commands(b, err)) != 0 || b->hintdirs.n == 0)
		return (rc);
	/* ldconfig's order: /lib and /usr/lib first, then the others. */
	strv_sort(&b->hintdirs);
	if (strv_push(&dirs, "/lib") != 0 || strv_push(&dirs, "/usr/lib") != 0)
		goto nomem;
	for (size_t i = 0; i < b->hintdirs.n; i++)
		if (strv_push(&dirs, b->hintdirs.v[i]) != 0)
			goto nomem;
	rc = jt_hints_render((const char *const *)(void *)dirs.v, dirs.n,
	    false, &hints, &len, err);
	if (rc == 0) {
		rc = jt_plan_add_data(b->plan, "/var/run/ld-elf.so.hints", hints,
		    len, 0444, "library directories only the hints reach "
		    "(no /etc/rc runs ldconfig in a jail that does not boot)",
		    err);
		free(hints);
	}
	strv_free(&dirs);
	return (rc);
nomem:
	strv_free(&dirs);
	return (jt_err_set(err, JT_ENOMEM, 0, NULL, "hints"));
}

int
jt_build_finish(struct jt_build *b, struct jt_err *err)
{
	int rc = finish_plan(b, err);

	/* last: the owners of every entry, however it came */
	return (rc != 0 ? rc : build_ids_finish(b, err));
}

static const char *const *
view(const struct jt_strv *sv, size_t *n)
{
	*n = sv->n;
	return ((const char *const *)(void *)sv->v);
}

static struct jt_strlist
list(const struct jt_strv *sv)
{
	return ((struct jt_strlist){ .v = (const char *const *)(void *)sv->v,
	    .n = sv->n });
}

void
jt_build_spec(struct jt_build *b, struct jt_jailspec *out)
{
	*out = (struct jt_jailspec){ .plan = b->plan, .rc = b->rc,
	    .problems = list(&b->problems), .warnings = list(&b->warnings),
	    .commands = list(&b->execs), .stops = list(&b->stops),
	    .params = list(&b->params), .users = list(&b->users),
	    .groups = list(&b->groups), .probes = list(&b->probes),
	    .hostname = b->hostname, .hosts = list(&b->hostaddrs) };
}

const char *const *
jt_build_problems(const struct jt_build *b, size_t *n)
{
	return (view(&b->problems, n));
}

const char *const *
jt_build_commands(const struct jt_build *b, size_t *n)
{
	return (view(&b->execs, n));
}

const char *const *
jt_build_warnings(const struct jt_build *b, size_t *n)
{
	return (view(&b->warnings, n));
}

const char *const *
jt_build_stops(const struct jt_build *b, size_t *n)
{
	return (view(&b->stops, n));
}

const char *const *
jt_build_params(const struct jt_build *b, size_t *n)
{
	return (view(&b->params, n));
}

const char *const *
jt_build_users(const struct jt_build *b, size_t *n)
{
	return (view(&b->users, n));
}

const char *const *
jt_build_groups(const struct jt_build *b, size_t *n)
{
	return (view(&b->groups, n));
}

const char *const *
jt_build_probes(const struct jt_build *b, size_t *n)
{
	return (view(&b->probes, n));
}
