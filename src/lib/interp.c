/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Interpreters with their modules, and what programs need that no ELF
 * header says (interp.h).  Everything is read from the source: running
 * the root's python or perl would run code of another system (or of
 * another OS) on this host.
 */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jailtrim/interp.h"
#include "build_int.h"

/* "python", "python3", "python3.11": "python" and digits and dots. */
static bool
named(const char *name, const char *stem)
{
	size_t n = strlen(stem);

	if (strncmp(name, stem, n) != 0)
		return (false);
	for (name += n; *name != '\0'; name++)
		if (!isdigit((unsigned char)*name) && *name != '.')
			return (false);
	return (true);
}

const char *
jt_interp_kind(const char *name)
{
	if (named(name, "python"))
		return ("python");
	if (named(name, "perl"))
		return ("perl");
	return (NULL);
}

int
jt_interp_script(struct jt_source *src, const char *path, char *prog,
    size_t len, const char **kind, struct jt_err *err)
{
	char real[PATH_MAX], line[512], *p, *w, *save = NULL;
	struct jt_err e;
	long n;

	*kind = NULL;
	prog[0] = '\0';
	if (jt_source_resolve(src, path, true, real, sizeof(real), NULL, NULL,
	    &e) != 0)
		return (0);
	if ((n = jt_source_peek(src, real, line, sizeof(line) - 1, &e)) < 0)
		return (n == JT_ENOMEM ? jt_err_set(err, JT_ENOMEM, 0, path,
		    "peek") : 0);
	line[n] = '\0';
	if (n < 3 || line[0] != '#' || line[1] != '!')
		return (0);
	line[strcspn(line, "\n")] = '\0';
	if ((w = strtok_r(line + 2, " \t", &save)) == NULL)
		return (0);
	/* "#!/usr/bin/env [-S] python3": the word env looks up. */
	if (strcmp(path_basename(w), "env") == 0)
		while ((w = strtok_r(NULL, " \t", &save)) != NULL &&
		    w[0] == '-')
			;
	if (w == NULL)
		return (0);
	snprintf(prog, len, "%s", w);
	p = strrchr(w, '/');
	*kind = jt_interp_kind(p != NULL ? p + 1 : w);
	return (0);
}

/* One module directory: every entry, ELF objects with their closures. */
struct walk {
	struct jt_build	*b;
	const char	*why;
	size_t		 toplen;	/* of the walked (real) directory */
	bool		 python;
	struct jt_err	*err;
};

/*
 * Left out of python's library: __pycache__ (byte code python writes
 * itself, and Debian ships none), the test suites (test, tests,
 * idle_test): the standard library never imports them; and config or
 * config-X.Y-PLATFORM at its top, the static libpython and Makefile for
 * building C extensions (python reads its build settings from the
 * _sysconfigdata module, not from there).
 */
static bool
pruned(const struct walk *w, const char *path)
{
	static const char *const names[] = { "__pycache__", "test", "tests",
	    "idle_test" };
	const char *p = path + w->toplen, *e;

	/* perl's CORE headers, *.h: what XS modules are compiled with
	 * (CORE holds FreeBSD's libperl.so too, which stays) */
	if (!w->python)
		return (strstr(p, "/CORE/") != NULL && str_ends(p, ".h"));
	if (strncmp(p, "/config", 7) == 0 && (p[7] == '/' || p[7] == '-' ||
	    p[7] == '\0'))
		return (true);
	for (; *p != '\0'; p = *e == '\0' ? e : e + 1) {
		p += *p == '/';
		e = p + strcspn(p, "/");
		for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
			if ((size_t)(e - p) == strlen(names[i]) &&
			    strncmp(p, names[i], (size_t)(e - p)) == 0)
				return (true);
	}
	return (false);
}

static bool
is_elf(struct jt_build *b, const char *real)
{
	char magic[4];
	struct jt_err e;

	return (jt_source_peek(b->src, real, magic, sizeof(magic), &e) == 4 &&
	    memcmp(magic, "\177ELF", 4) == 0);
}

static int
walk_one(void *arg, const char *path, const struct jt_stat *st)
{
	struct walk *w = arg;
	struct jt_stat ts;
	char real[PATH_MAX];
	struct jt_err e;

	if (pruned(w, path))
		return (0);
	ts = *st;
	if (st->type == JT_FT_LNK) {
		if (jt_source_resolve(w->b->src, path, true, real, sizeof(real),
		    NULL, NULL, &e) != 0 ||
		    jt_source_lstat(w->b->src, real, &ts, &e) != 0)
			return (build_warning(w->b, "%s: symbolic link %s leads "
			    "nowhere in the source (%s): not copied", w->why,
			    path, e.msg));
	} else {
		snprintf(real, sizeof(real), "%s", path);
	}
	if (ts.type != JT_FT_REG && ts.type != JT_FT_DIR)
		return (build_warning(w->b, "%s: %s is not a file or a "
		    "directory: not copied", w->why, path));
	/* A compiled module is loaded as a library is: closed like one. */
	if (ts.type == JT_FT_REG && is_elf(w->b, real))
		return (jt_build_add_path(w->b, path, w->why, w->err));
	return (jt_plan_add_path(jt_build_plan(w->b), path, w->why, w->err));
}

static int
add_modules(struct jt_build *b, const char *dir, const char *why,
    bool python, struct jt_err *err)
{
	struct walk w = { b, why, 0, python, err };
	char real[PATH_MAX];
	int rc;

	if ((rc = jt_plan_add_path(b->plan, dir, why, err)) != 0 ||
	    (rc = jt_source_resolve(b->src, dir, true, real, sizeof(real),
	    NULL, NULL, err)) != 0)
		return (rc);
	w.toplen = strlen(real);
	return (jt_source_walk_from(b->src, real, walk_one, &w, err));
}

/* "X.Y" after stem in name ("python3.11", "libpython2.7.so.1.0"). */
static bool
version_of(const char *name, const char *stem, char *out, size_t len)
{
	size_t n = strlen(stem), d1, d2;

	if (strncmp(name, stem, n) != 0)
		return (false);
	name += n;
	d1 = strspn(name, "0123456789");
	if (d1 == 0 || name[d1] != '.')
		return (false);
	d2 = strspn(name + d1 + 1, "0123456789");
	if (d2 == 0 || d1 + 1 + d2 >= len)
		return (false);
	snprintf(out, len, "%.*s", (int)(d1 + 1 + d2), name);
	return (true);
}

/* A library of the closure of real whose name starts with stem. */
static int
linked(struct jt_build *b, const char *real, const char *stem, char *out,
    size_t len, struct jt_err *err)
{
	struct jt_closure *c;
	int rc;

	out[0] = '\0';
	if ((rc = jt_resolve(b->r, real, &c, err)) != 0)
		return (rc == JT_EFORMAT ? 0 : rc);
	for (size_t i = 1; i < c->ndeps && out[0] == '\0'; i++)
		if (strncmp(path_basename(c->deps[i].path), stem,
		    strlen(stem)) == 0)
			snprintf(out, len, "%s", c->deps[i].path);
	jt_closure_free(c);
	return (0);
}

/* PREFIX of PREFIX/bin/NAME, "" for "/": paths are joined to it. */
static void
prefix_of(const char *real, char *out, size_t len)
{
	char bin[PATH_MAX];

	path_dirname(bin, sizeof(bin), real);
	path_dirname(out, len, bin);
	if (strcmp(out, "/") == 0)
		out[0] = '\0';
}

/*
 * python's own search path: PREFIX/lib/pythonX.Y with lib-dynload, the
 * version from the real name (python3 -> python3.11) or the libpython it
 * links.  The site directories other packages install into
 * (/usr/lib/python3/dist-packages) are those packages', not python's.
 */
static int
add_python(struct jt_build *b, const char *real, const char *why,
    struct jt_err *err)
{
	char ver[16], lib[PATH_MAX], pre[PATH_MAX], mwhy[PATH_MAX + 1024];
	int rc;

	if (!version_of(path_basename(real), "python", ver, sizeof(ver))) {
		if ((rc = linked(b, real, "libpython", lib, sizeof(lib),
		    err)) != 0)
			return (rc);
		if (lib[0] == '\0' || !version_of(path_basename(lib),
		    "libpython", ver, sizeof(ver)))
			return (build_problem(b, "%s: cannot tell the version "
			    "of python %s: neither its name nor a libpython "
			    "it links says it", why, real));
	}
	prefix_of(real, pre, sizeof(pre));
	if ((size_t)snprintf(lib, sizeof(lib), "%s/lib/python%s", pre, ver) >=
	    sizeof(lib) || !build_is_dir(b, lib))
		return (build_problem(b, "%s: python %s's library %s is not a "
		    "directory in the source", why, ver, lib));
	snprintf(mwhy, sizeof(mwhy), "%s: python %s's library %s", why, ver,
	    lib);
	return (add_modules(b, lib, mwhy, true, err));
}

struct find {
	struct jt_build	*b;
	const char	*rest;		/* the pattern after the matched part */
	char		*out;
	size_t		 len;
	bool		 found;
};

static bool find_glob(struct jt_build *b, const char *pattern, char *out,
    size_t len);

static int
find_one(void *arg, const char *path)
{
	struct find *f = arg;
	char next[PATH_MAX];

	if ((size_t)snprintf(next, sizeof(next), "%s%s", path, f->rest) >=
	    sizeof(next))
		return (0);
	f->found = find_glob(f->b, next, f->out, f->len);
	return (f->found ? 1 : 0);
}

/*
 * The first file (in sorted order) matching pattern, whose components
 * may hold '*' (jt_source_glob() matches the last one only).
 */
static bool
find_glob(struct jt_build *b, const char *pattern, char *out, size_t len)
{
	struct find f = { b, NULL, out, len, false };
	char head[PATH_MAX];
	const char *star = strchr(pattern, '*');
	struct jt_err e;
	size_t n;

	if (star == NULL) {
		if (!build_is_file(b, pattern))
			return (false);
		snprintf(out, len, "%s", pattern);
		return (true);
	}
	n = (size_t)(star - pattern) + strcspn(star, "/");
	if (n >= sizeof(head))
		return (false);
	memcpy(head, pattern, n);
	head[n] = '\0';
	f.rest = pattern + n;
	(void)jt_source_glob(b->src, head, find_one, &f, &e);
	return (f.found);
}

/* Config.pm's keys that name @INC directories. */
static const char *const inc_keys[] = { "archlibexp", "privlibexp",
    "sitearchexp", "sitelibexp", "vendorarchexp", "vendorlibexp",
    "otherlibdirs" };

/*
 * "KEY => 'VALUE'," (Config.pm) or "KEY='VALUE'" (Config_heavy.pl) for
 * the keys above; each word of the value (otherlibdirs lists several)
 * pushed to dirs.
 */
static int
inc_line(const char *line, size_t n, struct jt_strv *dirs)
{
	const char *p = line, *end = line + n, *v, *ve;
	size_t k;

	while (p < end && (*p == ' ' || *p == '\t'))
		p++;
	for (k = 0; k < sizeof(inc_keys) / sizeof(inc_keys[0]); k++)
		if ((size_t)(end - p) > strlen(inc_keys[k]) && strncmp(p,
		    inc_keys[k], strlen(inc_keys[k])) == 0)
			break;
	if (k == sizeof(inc_keys) / sizeof(inc_keys[0]))
		return (0);
	p += strlen(inc_keys[k]);
	while (p < end && (*p == ' ' || *p == '=' || *p == '>'))
		p++;
	if (p == end || *p != '\'' || (ve = memchr(p + 1, '\'',
	    (size_t)(end - p - 1))) == NULL)
		return (0);
	for (v = p + 1; v < ve; ) {
		size_t w = strcspn(v, " :'");

		char dir[PATH_MAX];

		if (w > 0 && w < sizeof(dir) && v[0] == '/') {
			memcpy(dir, v, w);
			dir[w] = '\0';
			if (strv_push_uniq(dirs, dir) != 0)
				return (JT_ENOMEM);
		}
		v += w + (v + w < ve);
	}
	return (0);
}

static int
inc_file(struct jt_build *b, const char *path, struct jt_strv *dirs)
{
	struct jt_err e;
	const char *p, *nl, *end;
	void *data;
	size_t len;
	int rc = 0;

	if (jt_source_read_file(b->src, path, &data, &len, &e) != 0)
		return (0);
	end = (const char *)data + len;
	for (p = data; p < end && rc == 0; p = nl + 1) {
		if ((nl = memchr(p, '\n', (size_t)(end - p))) == NULL)
			nl = end;
		rc = inc_line(p, (size_t)(nl - p), dirs);
	}
	return (rc);
}

/*
 * perl's @INC as its Config.pm records it: the directory holding
 * Config.pm (perl found it on @INC: Debian's perl-base), then archlib,
 * privlib, site and vendor directories (Config_heavy.pl beside it adds
 * otherlibdirs).  Config.pm is found through libperl (FreeBSD ports:
 * .../mach/CORE/libperl.so, Config.pm in mach), else where the ports,
 * Debian and others put it under the interpreter's prefix.
 */
static int
add_perl(struct jt_build *b, const char *real, const char *why,
    struct jt_err *err)
{
	static const char *const where[] = { "/lib/perl5/*/mach/Config.pm",
	    "/lib/*/perl-base/Config.pm", "/lib/*/perl/*/Config.pm",
	    "/lib/perl5/*/*/Config.pm", "/lib64/perl5/Config.pm",
	    "/lib/perl5/Config.pm" };
	struct jt_strv dirs = { 0 };
	char cfg[PATH_MAX], lib[PATH_MAX], pre[PATH_MAX], pat[PATH_MAX];
	char mwhy[PATH_MAX * 2 + 512];
	int rc;

	cfg[0] = '\0';
	if ((rc = linked(b, real, "libperl.so", lib, sizeof(lib), err)) != 0)
		return (rc);
	if (lib[0] != '\0') {
		path_dirname(pre, sizeof(pre), lib);
		path_dirname(pat, sizeof(pat), pre);
		if ((size_t)snprintf(cfg, sizeof(cfg), "%s/Config.pm", pat) >=
		    sizeof(cfg) || !build_is_file(b, cfg))
			cfg[0] = '\0';
	}
	prefix_of(real, pre, sizeof(pre));
	for (size_t i = 0; cfg[0] == '\0' && i < sizeof(where) /
	    sizeof(where[0]); i++) {
		if ((size_t)snprintf(pat, sizeof(pat), "%s%s", pre, where[i]) >=
		    sizeof(pat) || !find_glob(b, pat, cfg, sizeof(cfg)))
			cfg[0] = '\0';
	}
	if (cfg[0] == '\0')
		return (build_problem(b, "%s: no Config.pm of perl %s in the "
		    "source (looked beside its libperl and in %s/lib)", why,
		    real, pre));
	path_dirname(lib, sizeof(lib), cfg);
	if (strv_push(&dirs, lib) != 0)
		goto nomem;
	if (inc_file(b, cfg, &dirs) != 0)
		goto nomem;
	if ((size_t)snprintf(pat, sizeof(pat), "%s/Config_heavy.pl", lib) <
	    sizeof(pat) && inc_file(b, pat, &dirs) != 0)
		goto nomem;
	for (size_t i = 0; i < dirs.n && rc == 0; i++) {
		/* site directories are often empty, hence absent */
		if (!build_is_dir(b, dirs.v[i]))
			continue;
		snprintf(mwhy, sizeof(mwhy), "%s: perl's @INC directory %s "
		    "(%s)", why, dirs.v[i], cfg);
		rc = add_modules(b, dirs.v[i], mwhy, false, err);
	}
	strv_free(&dirs);
	return (rc);
nomem:
	strv_free(&dirs);
	return (jt_err_set(err, JT_ENOMEM, 0, cfg, "perl"));
}

static int
add_interp(struct jt_build *b, const char *kind, const char *path,
    const char *why, struct jt_err *err)
{
	char real[PATH_MAX];
	int rc;

	if ((rc = jt_build_add_path(b, path, why, err)) != 0 ||
	    (rc = jt_source_resolve(b->src, path, true, real, sizeof(real),
	    NULL, NULL, err)) != 0)
		return (rc);
	return (strcmp(kind, "python") == 0 ? add_python(b, real, why, err) :
	    add_perl(b, real, why, err));
}

struct interps {
	struct jt_build	*b;
	const char	*kind, *why;
	size_t		 n;
	struct jt_err	*err;
};

static int
interp_one(void *arg, const char *path)
{
	struct interps *g = arg;
	const char *k = jt_interp_kind(path_basename(path));

	/* python3.11-config and perldoc are not interpreters */
	if (k == NULL || strcmp(k, g->kind) != 0 || !build_is_file(g->b, path))
		return (0);
	g->n++;
	return (add_interp(g->b, g->kind, path, g->why, g->err));
}

int
jt_build_add_interp(struct jt_build *b, const char *kind, const char *path,
    const char *why, struct jt_err *err)
{
	struct interps g = { b, kind, why, 0, err };
	int rc;

	if (strcmp(kind, "python") != 0 && strcmp(kind, "perl") != 0)
		return (jt_err_set(err, JT_EINVAL, 0, kind, "not an "
		    "interpreter jailtrim knows (python, perl)"));
	if (strpbrk(path_basename(path), "*?[") == NULL) {
		if (!build_exists(b, path))
			return (build_problem(b, "%s: %s is not in the source",
			    why, path));
		return (add_interp(b, kind, path, why, err));
	}
	/* a pattern: every installed version (lang/python27, python311) */
	if ((rc = jt_source_glob(b->src, path, interp_one, &g, err)) != 0)
		return (rc);
	return (g.n > 0 ? 0 : build_problem(b, "%s: no %s interpreter in the "
	    "source matches %s", why, kind, path));
}

void
jt_build_set_ca(struct jt_build *b, bool ca)
{
	b->no_ca = !ca;
}

const char *const *
jt_build_notes(const struct jt_build *b, size_t *n)
{
	*n = b->notes.n;
	return ((const char *const *)(void *)b->notes.v);
}

/*
 * The TLS libraries that read a CA bundle to check peers.  libcrypto
 * alone is not one: sshd links it and verifies no certificate.
 */
static bool
is_tls(const char *name)
{
	static const char *const stems[] = { "libssl.so", "libcurl.so",
	    "libcurl-gnutls.so", "libgnutls.so" };

	for (size_t i = 0; name != NULL && i < sizeof(stems) /
	    sizeof(stems[0]); i++)
		if (strncmp(name, stems[i], strlen(stems[i])) == 0)
			return (true);
	return (false);
}

int
interp_closure(struct jt_build *b, const struct jt_closure *c)
{
	char *s;

	if (c->ndeps > 0 && c->deps[0].elf != NULL &&
	    strcmp(path_basename(c->root), "git") == 0 &&
	    strv_push_uniq(&b->gits, c->root) != 0)
		return (JT_ENOMEM);
	for (size_t i = 1; i < c->ndeps && b->tls == NULL; i++) {
		const struct jt_dep *d = &c->deps[i];

		if (!is_tls(path_basename(d->path)) && !is_tls(d->name))
			continue;
		/* the name it asks for (libssl.so.3), not the file's */
		if (asprintf(&s, "%s links %s", d->parent >= 0 ?
		    c->deps[d->parent].path : c->root, d->name != NULL ?
		    d->name : path_basename(d->path)) < 0)
			return (JT_ENOMEM);
		b->tls = s;
	}
	return (0);
}

/* "PATH WHY" for the report. */
static int
note(struct jt_build *b, const char *path, const char *why)
{
	char *s;
	int rc;

	if (asprintf(&s, "%s %s", path, why) < 0)
		return (JT_ENOMEM);
	rc = strv_push_uniq(&b->notes, s) != 0 ? JT_ENOMEM : 0;
	free(s);
	return (rc);
}

/* git runs its helpers (git-remote-https ...) from PREFIX/libexec/git-core. */
static int
add_git(struct jt_build *b, const char *git, struct jt_err *err)
{
	static const char *const where[] = { "/libexec/git-core",
	    "/lib/git-core" };
	char pre[PATH_MAX], dir[PATH_MAX], why[PATH_MAX * 2 + 128];
	int rc;

	prefix_of(git, pre, sizeof(pre));
	for (size_t i = 0; i < sizeof(where) / sizeof(where[0]); i++) {
		if ((size_t)snprintf(dir, sizeof(dir), "%s%s", pre, where[i]) >=
		    sizeof(dir) || !build_is_dir(b, dir))
			continue;
		snprintf(why, sizeof(why), "added because git (%s) runs its "
		    "helper programs from it", git);
		if ((rc = note(b, dir, why)) != 0)
			return (jt_err_set(err, rc, 0, dir, "git"));
		return (add_modules(b, dir, why, false, err));
	}
	return (0);
}

/* Where TLS libraries are configured to read their CA bundle. */
static const char *const ca_freebsd[] = { "/etc/ssl/cert.pem",
    "/usr/local/etc/ssl/cert.pem", "/usr/local/share/certs/ca-root-nss.crt",
    "/usr/local/openssl/cert.pem" };
static const char *const ca_linux[] = { "/etc/ssl/certs/ca-certificates.crt",
    "/usr/lib/ssl/cert.pem", "/etc/pki/tls/certs/ca-bundle.crt",
    "/etc/ssl/cert.pem" };

int
interp_finish(struct jt_build *b, struct jt_err *err)
{
	bool fbsd = jt_build_platform(b) == JT_PLAT_FREEBSD;
	const char *const *ca = fbsd ? ca_freebsd : ca_linux;
	char git[PATH_MAX], why[PATH_MAX + 256];
	int rc;

	/* b->gits grows while helpers are added: index, copy. */
	for (size_t i = 0; i < b->gits.n; i++) {
		snprintf(git, sizeof(git), "%s", b->gits.v[i]);
		if ((rc = add_git(b, git, err)) != 0)
			return (rc);
	}
	if (b->no_ca || b->tls == NULL)
		return (0);
	snprintf(why, sizeof(why), "added because %s (the CA bundle its TLS "
	    "library reads; --no-ca leaves it out)", b->tls);
	for (size_t i = 0; i < 4; i++) {
		if (!build_exists(b, ca[i]))
			continue;
		if ((rc = note(b, ca[i], why)) != 0)
			return (jt_err_set(err, rc, 0, ca[i], "ca"));
		if ((rc = jt_plan_add_path(b->plan, ca[i], why, err)) != 0)
			return (rc);
	}
	return (0);
}

void
interp_free(struct jt_build *b)
{
	free(b->tls);
	strv_free(&b->gits);
	strv_free(&b->notes);
}
