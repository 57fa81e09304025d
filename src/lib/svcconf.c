/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Service configurations: the result container, the public entry points
 * and the helpers every parser shares.  All file access goes through the
 * source, whose resolver keeps every path inside the root; what this file
 * adds is the bounding (include depth, loops, file and glob budgets, line
 * and token lengths) and the rule that a hostile or broken configuration
 * gives problems, while only the source's own I/O errors and memory
 * exhaustion are errors.
 */
#include <errno.h>
#include <fnmatch.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jailtrim/names.h"
#include "jailtrim/platform.h"
#include "svcconf_int.h"

struct jt_svcconf {
	struct jt_arena		 arena;		/* every string of the result */
	struct jt_svc_item	*items;
	size_t			 nitems, capitems;
	struct jt_svc_problem	*probs;
	size_t			 nprobs, capprobs;
	struct jt_map		 seen;		/* path -> item index + 1 */
	struct jt_map		 pseen;		/* problem key -> non-NULL */
	char			 triplet[64];
	bool			 triplet_known;
};

int
jt_svcconf_new(struct jt_svcconf **out, struct jt_err *err)
{
	if ((*out = calloc(1, sizeof(**out))) == NULL)
		return (jt_err_set(err, JT_ENOMEM, errno, NULL, "calloc"));
	return (0);
}

void
jt_svcconf_free(struct jt_svcconf *sc)
{
	if (sc == NULL)
		return;
	arena_free(&sc->arena);
	free(sc->items);
	free(sc->probs);
	map_free(&sc->seen);
	map_free(&sc->pseen);
	free(sc);
}

const struct jt_svc_item *
jt_svcconf_items(const struct jt_svcconf *sc, size_t *n)
{
	*n = sc->nitems;
	return (sc->items);
}

const struct jt_svc_problem *
jt_svcconf_problems(const struct jt_svcconf *sc, size_t *n)
{
	*n = sc->nprobs;
	return (sc->probs);
}

int
jt_svcconf_set_triplet(struct jt_svcconf *sc, const char *triplet,
    struct jt_err *err)
{
	if (triplet == NULL) {
		sc->triplet_known = false;
		return (0);
	}
	if (strlen(triplet) >= sizeof(sc->triplet) ||
	    strchr(triplet, '/') != NULL || strcmp(triplet, "..") == 0)
		return (jt_err_set(err, JT_EINVAL, 0, NULL,
		    "bad multiarch triplet '%s'", triplet));
	snprintf(sc->triplet, sizeof(sc->triplet), "%s", triplet);
	sc->triplet_known = true;
	return (0);
}

/* --- the per-call context --- */

void
scx_oom(struct scx *x)
{
	if (x->rc == 0)
		x->rc = jt_err_set(x->err, JT_ENOMEM, ENOMEM, NULL,
		    "out of memory");
}

/* Keep the source's I/O and memory errors; everything else is a problem. */
static bool
scx_hard(struct scx *x, int rc, const struct jt_err *e)
{
	if (rc != JT_EIO && rc != JT_ENOMEM)
		return (false);
	if (x->rc == 0) {
		x->rc = rc;
		if (x->err != NULL)
			*x->err = *e;
	}
	return (true);
}

int
scx_init(struct scx *x, struct jt_svcconf *sc, struct jt_source *src,
    enum jt_platform plat, struct jt_err *err)
{
	memset(x, 0, sizeof(*x));
	x->sc = sc;
	x->src = src;
	x->err = err;
	/* The resolver's test (platform.h): a FreeBSD root has rtld-elf. */
	if (plat == JT_PLAT_AUTO)
		plat = jt_platform_os(src);
	x->plat = plat;
	return (0);
}

int
scx_fini(struct scx *x)
{
	strv_free(&x->stack);
	return (x->rc);
}

static void
vproblem(struct scx *x, bool warning, const char *file, int line,
    const char *fmt, va_list ap) __attribute__((format(printf, 5, 0)));

static void
vproblem(struct scx *x, bool warning, const char *file, int line,
    const char *fmt, va_list ap)
{
	struct jt_svcconf *sc = x->sc;
	struct jt_svc_problem *p;
	char msg[1024], key[2048];

	vsnprintf(msg, sizeof(msg), fmt, ap);
	if (file == NULL)
		file = "";
	/* A file read twice (included from two places) says things once. */
	snprintf(key, sizeof(key), "%s\037%d\037%s", file, line, msg);
	if (map_get(&sc->pseen, key) != NULL)
		return;
	if (sc->nprobs == sc->capprobs) {
		size_t ncap = sc->capprobs ? sc->capprobs * 2 : 16;

		if ((p = reallocarray(sc->probs, ncap, sizeof(*p))) == NULL) {
			scx_oom(x);
			return;
		}
		sc->probs = p;
		sc->capprobs = ncap;
	}
	p = &sc->probs[sc->nprobs];
	if ((p->file = arena_strdup(&sc->arena, file)) == NULL ||
	    (p->message = arena_strdup(&sc->arena, msg)) == NULL ||
	    map_put(&sc->pseen, key, sc) != 0) {
		scx_oom(x);
		return;
	}
	p->line = line;
	p->warning = warning;
	sc->nprobs++;
}

void
scx_problem(struct scx *x, const char *file, int line, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vproblem(x, false, file, line, fmt, ap);
	va_end(ap);
}

void
scx_warning(struct scx *x, const char *file, int line, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vproblem(x, true, file, line, fmt, ap);
	va_end(ap);
}

void
scx_key_mode(struct scx *x, const char *path, const char *what,
    const char *file, int line)
{
	char real[PATH_MAX];
	struct jt_stat st;
	struct jt_err e;
	void *data;
	size_t len;

	if (scx_stat(x, path, &st, &e) != 0 || (st.mode & 004) == 0 ||
	    scx_resolve(x, path, true, real, sizeof(real), &e) != 0 ||
	    jt_source_read(x->src, real, &data, &len, &e) != 0)
		return;
	/* The service starts all the same: a warning, not a problem. */
	if (memmem(data, len, "PRIVATE KEY-----", 16) != NULL)
		scx_warning(x, file, line, "%s: %s holds a private key every "
		    "user can read (mode %04o): chmod o-r it", what, path,
		    (unsigned)st.mode & 07777);
}

/* "." or ".." components, or "//": not a clean path. */
static bool
unclean(const char *p)
{
	size_t n = strlen(p);

	return (strstr(p, "/./") != NULL || strstr(p, "/../") != NULL ||
	    strstr(p, "//") != NULL ||
	    (n >= 2 && strcmp(p + n - 2, "/.") == 0) ||
	    (n >= 3 && strcmp(p + n - 3, "/..") == 0));
}

void
scx_add(struct scx *x, const char *path, enum jt_svc_kind kind,
    const char *why)
{
	struct jt_svcconf *sc = x->sc;
	struct jt_svc_item *it;
	char clean[PATH_MAX];
	struct jt_err e;
	uintptr_t idx;

	/*
	 * Paths are kept as the service names them, so that the plan keeps
	 * the symlinks on the way; only "." and ".." are resolved away
	 * (the final component stays as it is).
	 */
	if (unclean(path)) {
		if (scx_resolve(x, path, false, clean, sizeof(clean), &e) != 0)
			return;
		path = clean;
	}
	if ((idx = (uintptr_t)map_get(&sc->seen, path)) != 0) {
		/* An object's closure matters more than a plain copy. */
		if (kind == JT_SVC_OBJECT)
			sc->items[idx - 1].kind = kind;
		return;
	}
	if (sc->nitems == sc->capitems) {
		size_t ncap = sc->capitems ? sc->capitems * 2 : 32;

		if ((it = reallocarray(sc->items, ncap, sizeof(*it))) == NULL) {
			scx_oom(x);
			return;
		}
		sc->items = it;
		sc->capitems = ncap;
	}
	it = &sc->items[sc->nitems];
	if ((it->path = arena_strdup(&sc->arena, path)) == NULL ||
	    (it->why = arena_strdup(&sc->arena, why)) == NULL ||
	    map_put(&sc->seen, path, (void *)(uintptr_t)(sc->nitems + 1)) !=
	    0) {
		scx_oom(x);
		return;
	}
	it->kind = kind;
	sc->nitems++;
}

int
scx_resolve(struct scx *x, const char *path, bool follow, char *out,
    size_t len, struct jt_err *e)
{
	int rc;

	jt_err_clear(e);
	if (path[0] != '/')
		return (jt_err_set(e, JT_EINVAL, 0, path,
		    "not an absolute path"));
	rc = jt_source_resolve(x->src, path, follow, out, len, NULL, NULL, e);
	if (rc != 0)
		(void)scx_hard(x, rc, e);
	return (rc);
}

int
scx_stat(struct scx *x, const char *path, struct jt_stat *st,
    struct jt_err *e)
{
	char real[PATH_MAX];
	int rc;

	if ((rc = scx_resolve(x, path, true, real, sizeof(real), e)) != 0)
		return (rc);
	if ((rc = jt_source_lstat(x->src, real, st, e)) != 0)
		(void)scx_hard(x, rc, e);
	return (rc);
}

bool
scx_exists(struct scx *x, const char *path, enum jt_ftype want)
{
	struct jt_stat st;
	struct jt_err e;

	if (scx_stat(x, path, &st, &e) != 0)
		return (false);
	return (want == JT_FT_NONE || st.type == want);
}

bool
scx_need(struct scx *x, const char *path, enum jt_svc_kind kind,
    const char *why, const char *file, int line)
{
	enum jt_ftype want = kind == JT_SVC_DIR || kind == JT_SVC_PLACE ?
	    JT_FT_DIR : JT_FT_REG;
	struct jt_stat st;
	struct jt_err e;

	if (scx_stat(x, path, &st, &e) != 0) {
		if (x->rc == 0)
			scx_problem(x, file, line, "%s: %s (%s)", path,
			    e.code == JT_ENOENT ? "not in the source" : e.msg,
			    why);
		return (false);
	}
	if (st.type != want) {
		scx_problem(x, file, line, "%s: not a %s (%s)", path,
		    want == JT_FT_DIR ? "directory" : "regular file", why);
		return (false);
	}
	scx_add(x, path, kind, why);
	return (true);
}

int
scx_open(struct scx *x, const char *path, const char *why, const char *file,
    int line, bool optional, const char **buf, size_t *len)
{
	char real[PATH_MAX];
	struct jt_err e;
	void *data;
	size_t n;
	int rc;

	if (x->rc != 0)
		return (x->rc);
	if ((rc = scx_resolve(x, path, true, real, sizeof(real), &e)) != 0) {
		if (x->rc == 0 && !(optional && rc == JT_ENOENT))
			scx_problem(x, file, line, "%s: %s", path,
			    rc == JT_ENOENT ? "not in the source" : e.msg);
		return (rc);
	}
	if (strv_has(&x->stack, real)) {
		scx_problem(x, file, line, "%s: include loop (%s is already "
		    "being read); not read again", path, real);
		return (JT_ELOOP);
	}
	if (x->stack.n >= SC_MAX_DEPTH) {
		scx_problem(x, file, line, "%s: includes nested deeper than "
		    "%d; not read", path, SC_MAX_DEPTH);
		return (JT_ELOOP);
	}
	if (x->nfiles >= SC_MAX_FILES) {
		scx_problem(x, file, line, "%s: more than %d configuration "
		    "files read; not read", path, SC_MAX_FILES);
		return (JT_ELOOP);
	}
	x->nfiles++;
	if ((rc = jt_source_read(x->src, real, &data, &n, &e)) != 0) {
		if (!scx_hard(x, rc, &e))
			scx_problem(x, file, line, "%s: %s", path, e.msg);
		return (rc);
	}
	if (n > SC_MAX_SIZE) {
		scx_problem(x, file, line, "%s: larger than %d bytes; not read",
		    path, SC_MAX_SIZE);
		return (JT_EFORMAT);
	}
	if (strv_push(&x->stack, real) != 0) {
		scx_oom(x);
		return (x->rc);
	}
	scx_add(x, path, JT_SVC_FILE, why);
	*buf = data;
	*len = n;
	return (0);
}

void
scx_close(struct scx *x)
{
	if (x->stack.n > 0)
		free(x->stack.v[--x->stack.n]);
}

bool
abs_join(char *out, size_t len, const char *base, const char *p)
{
	if (p[0] == '/')
		return ((size_t)snprintf(out, len, "%s", p) < len);
	return (path_join(out, len, base, p));
}

/* --- globs and directory listings inside the root --- */

bool
has_glob(const char *s)
{
	return (strpbrk(s, "*?[") != NULL);
}

static int
collect(void *arg, const char *name, const struct jt_stat *st)
{
	(void)st;
	return (strv_push(arg, name) != 0 ? JT_ENOMEM : 0);
}

/* The names in directory path (symlinks followed), sorted. */
static int
scx_names(struct scx *x, const char *path, struct jt_strv *names,
    const char *file, int line)
{
	char real[PATH_MAX];
	struct jt_err e;
	int rc;

	if ((rc = scx_resolve(x, path[0] ? path : "/", true, real,
	    sizeof(real), &e)) != 0) {
		/* A missing directory matches nothing; escapes are told. */
		if (rc == JT_EESCAPE || rc == JT_ELOOP)
			scx_problem(x, file, line, "%s: %s", path, e.msg);
		return (rc);
	}
	if ((rc = jt_source_readdir(x->src, real, collect, names, &e)) != 0) {
		if (rc == JT_ENOMEM)
			scx_oom(x);
		else
			(void)scx_hard(x, rc, &e);
	}
	return (rc);
}

struct globst {
	struct scx	*x;
	struct jt_strv	*out;
	const char	*file;
	int		 line;
	bool		 full;
};

static void
glob_walk(struct globst *g, const char *prefix, const char *rest)
{
	char comp[NAME_MAX + 1], next[PATH_MAX];
	struct jt_strv names = { 0 };
	struct jt_err e;
	size_t n;
	int rc;

	if (g->x->rc != 0 || g->full)
		return;
	while (*rest == '/')
		rest++;
	if (*rest == '\0') {
		/* A match that is a link out of the root is told. */
		rc = scx_resolve(g->x, prefix[0] ? prefix : "/", true, next,
		    sizeof(next), &e);
		if (rc == JT_EESCAPE || rc == JT_ELOOP)
			scx_problem(g->x, g->file, g->line, "%s: %s", prefix,
			    e.msg);
		if (rc != 0)
			return;
		if (g->out->n >= SC_MAX_GLOB)
			g->full = true;
		else if (strv_push(g->out, prefix) != 0)
			scx_oom(g->x);
		return;
	}
	if ((n = strcspn(rest, "/")) > NAME_MAX)
		return;
	memcpy(comp, rest, n);
	comp[n] = '\0';
	if (!has_glob(comp)) {
		if (path_join(next, sizeof(next), prefix, comp))
			glob_walk(g, next, rest + n);
		return;
	}
	if (scx_names(g->x, prefix, &names, g->file, g->line) != 0)
		goto out;
	for (size_t i = 0; i < names.n && !g->full; i++) {
		/* glob(3) and apr_fnmatch: "*" never matches a leading dot. */
		if (fnmatch(comp, names.v[i], FNM_PERIOD) == 0 &&
		    path_join(next, sizeof(next), prefix, names.v[i]))
			glob_walk(g, next, rest + n);
	}
out:
	strv_free(&names);
}

int
scx_glob(struct scx *x, const char *pattern, struct jt_strv *out,
    const char *file, int line)
{
	struct globst g = { x, out, file, line, false };

	if (pattern[0] != '/' || strlen(pattern) >= PATH_MAX)
		return (0);
	glob_walk(&g, "", pattern);
	if (g.full)
		scx_problem(x, file, line, "%s: more than %d matches; the "
		    "rest were not read", pattern, SC_MAX_GLOB);
	return ((int)out->n);
}

void
scx_include(struct scx *x, const struct scx_inc *inc, const char *name,
    const char *file, int line)
{
	struct jt_strv m = { 0 };
	char path[PATH_MAX], why[PATH_MAX + 64];

	if (!abs_join(path, sizeof(path), inc->base, name))
		return;
	snprintf(why, sizeof(why), "%s in %s line %d", inc->what, file, line);
	if (!has_glob(path)) {
		inc->file(inc->arg, path, why, file, line);
		return;
	}
	if (scx_glob(x, path, &m, file, line) == 0 && inc->nomatch != NULL)
		scx_problem(x, file, line, "%s %s: %s", inc->what, path,
		    inc->nomatch);
	for (size_t i = 0; i < m.n && x->rc == 0; i++)
		inc->file(inc->arg, m.v[i], why, file, line);
	strv_free(&m);
}

static void
list_walk(struct scx *x, const char *dir, struct jt_strv *out,
    const char *file, int line, int depth)
{
	struct jt_strv names = { 0 };
	char path[PATH_MAX];

	if (depth > SC_MAX_DEPTH) {
		scx_problem(x, file, line, "%s: directories nested deeper "
		    "than %d; not read", dir, SC_MAX_DEPTH);
		return;
	}
	if (scx_names(x, dir, &names, file, line) != 0)
		goto out;
	for (size_t i = 0; i < names.n && x->rc == 0; i++) {
		if (!path_join(path, sizeof(path), dir, names.v[i]))
			continue;
		if (scx_exists(x, path, JT_FT_DIR))
			list_walk(x, path, out, file, line, depth + 1);
		else if (!scx_exists(x, path, JT_FT_REG))
			continue;
		else if (out->n >= SC_MAX_GLOB) {
			scx_problem(x, file, line, "%s: more than %d files; "
			    "the rest were not read", dir, SC_MAX_GLOB);
			break;
		} else if (strv_push(out, path) != 0)
			scx_oom(x);
	}
out:
	strv_free(&names);
}

int
scx_listdir(struct scx *x, const char *dir, struct jt_strv *out,
    const char *file, int line)
{
	list_walk(x, dir, out, file, line, 0);
	return ((int)out->n);
}

int
scx_highest_version(struct scx *x, const char *dir, const char *stem)
{
	struct jt_strv names = { 0 };
	char head[NAME_MAX + 1];
	int best = -1;

	if (scx_names(x, dir, &names, NULL, 0) != 0)
		goto out;
	for (size_t i = 0; i < names.n; i++) {
		const char *name = names.v[i], *v = name + strlen(name);
		long n;

		while (v > name && v[-1] >= '0' && v[-1] <= '9')
			v--;
		if (*v == '\0' || strlen(v) > 6 ||
		    (size_t)(v - name) >= sizeof(head))
			continue;
		memcpy(head, name, (size_t)(v - name));
		head[v - name] = '\0';
		if (fnmatch(stem, head, 0) != 0)
			continue;
		if ((n = strtol(v, NULL, 10)) > best)
			best = (int)n;
	}
out:
	strv_free(&names);
	return (best);
}

/* --- the multiarch triplet of a glibc root --- */

/* ELF e_machine of /bin/sh, to choose between several triplets; -1. */
static int
sh_machine(struct scx *x)
{
	unsigned char h[20];
	char real[PATH_MAX];
	struct jt_err e;

	if (scx_resolve(x, "/bin/sh", true, real, sizeof(real), &e) != 0 ||
	    jt_source_peek(x->src, real, h, sizeof(h), &e) != (long)sizeof(h) ||
	    memcmp(h, "\177ELF", 4) != 0)
		return (-1);
	return (h[5] == 2 ? (h[18] << 8 | h[19]) : (h[19] << 8 | h[18]));
}

const char *
scx_triplet(struct scx *x)
{
	static const struct {
		int		 machine;
		const char	*prefix;
	} arch[] = {
		{ 62, "x86_64-" }, { 183, "aarch64-" }, { 3, "i386-" },
		{ 40, "arm-" }, { 21, "powerpc64" }, { 22, "s390x-" },
		{ 243, "riscv64-" },
	};
	static const char *const dirs[] = { "/usr/lib", "/lib" };
	struct jt_svcconf *sc = x->sc;
	struct jt_strv cand = { 0 }, names;
	char path[PATH_MAX];
	int m;

	if (sc->triplet_known)
		return (sc->triplet);
	/*
	 * Debian's multiarch directory is the one holding libc.so.6
	 * (/usr/lib/x86_64-linux-gnu); with several (a multiarch root),
	 * the one of /bin/sh's architecture.
	 */
	for (size_t d = 0; d < 2; d++) {
		memset(&names, 0, sizeof(names));
		if (scx_names(x, dirs[d], &names, NULL, 0) != 0)
			continue;
		for (size_t i = 0; i < names.n; i++) {
			if (fnmatch("*-linux-*", names.v[i], 0) != 0 ||
			    snprintf(path, sizeof(path), "%s/%s/libc.so.6",
			    dirs[d], names.v[i]) >= (int)sizeof(path) ||
			    !scx_exists(x, path, JT_FT_REG))
				continue;
			if (strv_push_uniq(&cand, names.v[i]) != 0)
				scx_oom(x);
		}
		strv_free(&names);
	}
	strv_sort(&cand);
	sc->triplet[0] = '\0';
	if (cand.n > 0)
		snprintf(sc->triplet, sizeof(sc->triplet), "%s", cand.v[0]);
	m = cand.n > 1 ? sh_machine(x) : -1;
	for (size_t a = 0; m >= 0 && a < sizeof(arch) / sizeof(arch[0]); a++) {
		if (arch[a].machine != m)
			continue;
		for (size_t i = 0; i < cand.n; i++)
			if (strncmp(cand.v[i], arch[a].prefix,
			    strlen(arch[a].prefix)) == 0)
				snprintf(sc->triplet, sizeof(sc->triplet), "%s",
				    cand.v[i]);
	}
	strv_free(&cand);
	sc->triplet_known = true;
	return (sc->triplet);
}

/* --- entry points --- */

typedef void sc_fn(struct scx *, const char *);

static int
run(struct jt_svcconf *sc, struct jt_source *src, enum jt_platform plat,
    sc_fn *fn, const char *arg, struct jt_err *err)
{
	struct scx x;
	int rc;

	if (sc == NULL || src == NULL)
		return (jt_err_set(err, JT_EINVAL, 0, NULL,
		    "svcconf: no result or no source"));
	if ((rc = scx_init(&x, sc, src, plat, err)) != 0)
		return (rc);
	fn(&x, arg);
	return (scx_fini(&x));
}

int
jt_svcconf_pam(struct jt_svcconf *sc, struct jt_source *src,
    const char *service, enum jt_platform platform, struct jt_err *err)
{
	/* A service is a name in the policy directories, nothing more. */
	if (service == NULL || service[0] == '\0' ||
	    strchr(service, '/') != NULL || strcmp(service, "..") == 0 ||
	    strcmp(service, ".") == 0 || strlen(service) > NAME_MAX)
		return (jt_err_set(err, JT_EINVAL, 0, NULL,
		    "bad PAM service name '%s'", service ? service : "(null)"));
	return (run(sc, src, platform, sc_pam, service, err));
}

int
jt_svcconf_nss(struct jt_svcconf *sc, struct jt_source *src,
    enum jt_platform platform, struct jt_err *err)
{
	return (run(sc, src, platform, sc_nss, NULL, err));
}

static int
run_conf(struct jt_svcconf *sc, struct jt_source *src, enum jt_platform plat,
    sc_fn *fn, const char *conf, struct jt_err *err)
{
	if (conf != NULL && (conf[0] != '/' || strlen(conf) >= PATH_MAX))
		return (jt_err_set(err, JT_EINVAL, 0, conf,
		    "a configuration path must be absolute in the root"));
	return (run(sc, src, plat, fn, conf, err));
}

int
jt_svcconf_httpd(struct jt_svcconf *sc, struct jt_source *src,
    enum jt_platform platform, const char *conf_path, struct jt_err *err)
{
	return (run_conf(sc, src, platform, sc_httpd, conf_path, err));
}

int
jt_svcconf_nginx(struct jt_svcconf *sc, struct jt_source *src,
    enum jt_platform platform, const char *conf_path, struct jt_err *err)
{
	return (run_conf(sc, src, platform, sc_nginx, conf_path, err));
}

int
jt_svcconf_lighttpd(struct jt_svcconf *sc, struct jt_source *src,
    enum jt_platform platform, const char *conf_path, struct jt_err *err)
{
	return (run_conf(sc, src, platform, sc_lighttpd, conf_path, err));
}

int
jt_svcconf_named(struct jt_svcconf *sc, struct jt_source *src,
    enum jt_platform platform, const char *conf_path, struct jt_err *err)
{
	return (run_conf(sc, src, platform, sc_named, conf_path, err));
}

int
jt_svcconf_config(struct jt_svcconf *sc, struct jt_source *src,
    const char *kind, enum jt_platform platform, const char *conf_path,
    struct jt_err *err)
{
	static const struct {
		const char	*kind;
		sc_fn		*fn;
	} kinds[] = {
		{ "httpd", sc_httpd }, { "nginx", sc_nginx },
		{ "lighttpd", sc_lighttpd }, { "named", sc_named },
		{ "php", sc_php }, { "postfix", sc_postfix },
		{ "dovecot", sc_dovecot }, { "unbound", sc_unbound },
		{ "nsd", sc_nsd }, { "postgresql", sc_postgresql },
	};
	const char *k = jt_config_kind(kind);

	for (size_t i = 0; k != NULL && i < sizeof(kinds) / sizeof(kinds[0]);
	    i++)
		if (strcmp(k, kinds[i].kind) == 0)
			return (run_conf(sc, src, platform, kinds[i].fn,
			    conf_path, err));
	return (jt_err_set(err, JT_EINVAL, 0, NULL,
	    "unknown configuration kind '%s' (%s)", kind ? kind : "(null)",
	    JT_CONFIG_KINDS));
}
