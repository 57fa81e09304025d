/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The profile parser.  One directive a line, words split on blanks, "#"
 * starts a comment; "[freebsd]", "[linux]" and "[all]" select where the
 * following lines apply.  Profile files live on the host (the project's
 * profiles/ or the user's), never in the jail's source.
 */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <dirent.h>
#include <sys/stat.h>

#include "jailtrim/hostfile.h"
#include "jailtrim/names.h"
#include "jailtrim/jailconf.h"
#include "jailtrim/probe.h"
#include "jailtrim/profile.h"
#include "profile_vars.h"
#include "util.h"

#define MAX_INCLUDE_DEPTH	8
#define MAX_PROFILE_SIZE	(1 << 20)
/* What a prestart-if-empty directory may hold: letters and digits first. */
#define DIR_CHARS	"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ" \
	"0123456789/._-+@%:,="

/* What the package named after a path may hold. */
#define PKG_CHARS	"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ" \
	"0123456789+-._"

struct pstate {
	struct jt_profile *p;
	struct jt_arena	*arena;
	struct jt_profile_item *items;
	size_t		 n, cap;
	enum jt_platform platform;
	const char	*const *dirs;
	size_t		 ndirs;
	struct jt_strv	 stack;		/* files being read: loop detection */
	struct jt_map	 included;	/* files read whole: path -> 1 */
	struct pvars	 vars;
	struct jt_err	*err;
	int		 rc;
};

struct jt_profile_priv {
	struct jt_profile pub;
	struct jt_arena	  arena;
};

static const struct {
	const char	*word;
	enum jt_pitem	 kind;
	size_t		 min, max;	/* argument counts */
	bool		 rest;		/* keeps the rest of the line */
} directives[] = {
	/* PATH [PACKAGE]: the package that provides PATH, for messages */
	{ "program", JT_PI_PROGRAM, 1, 2, false },
	{ "optional", JT_PI_OPTIONAL, 1, 2, false },
	{ "file", JT_PI_FILE, 1, 2, false },
	{ "file?", JT_PI_FILE_OPT, 1, 2, false },
	{ "glob", JT_PI_GLOB, 1, 1, false },
	{ "tree", JT_PI_TREE, 1, 1, false },
	{ "dir", JT_PI_DIR, 4, 4, false },
	{ "user", JT_PI_USER, 1, 1, false },
	{ "group", JT_PI_GROUP, 1, 1, false },
	{ "pam", JT_PI_PAM, 1, 1, false },
	{ "nss", JT_PI_NSS, 0, 0, false },
	{ "config", JT_PI_CONFIG, 2, 2, false },
	{ "module", JT_PI_MODULE, 1, 1, false },
	{ "prestart", JT_PI_PRESTART, 1, 4, true },
	{ "prestart-if-empty", JT_PI_PRESTART_EMPTY, 2, 4, true },
	{ "command", JT_PI_COMMAND, 1, 4, true },
	{ "param", JT_PI_PARAM, 1, 1, false },
	{ "probe", JT_PI_PROBE, 1, 4, false },
	{ "rcd", JT_PI_RCD, 1, 1, false },
	{ "package", JT_PI_PACKAGE, 1, 1, false },
	{ "interpreter", JT_PI_INTERP, 2, 2, false },
};

static int load_file(struct pstate *ps, const char *path, int depth);
static int include(struct pstate *ps, const char *name, int depth);

static int perr(struct pstate *ps, const char *file, int line,
    const char *fmt, ...) __attribute__((format(printf, 4, 5)));

/* A syntax error, located as "file:line". */
static int
perr(struct pstate *ps, const char *file, int line, const char *fmt, ...)
{
	char where[JT_ERR_PATH_MAX], msg[JT_ERR_MSG_MAX];
	va_list ap;

	snprintf(where, sizeof(where), "%s:%d", file, line);
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	return (jt_err_set(ps->err, JT_EFORMAT, 0, where, "%s", msg));
}


static int
push_item(struct pstate *ps, const struct jt_profile_item *it)
{
	struct jt_profile_item *ni;

	if (ps->n == ps->cap) {
		size_t ncap = ps->cap ? ps->cap * 2 : 32;

		if ((ni = reallocarray(ps->items, ncap, sizeof(*ni))) == NULL)
			return (jt_err_set(ps->err, JT_ENOMEM, errno, NULL,
			    "profile"));
		ps->items = ni;
		ps->cap = ncap;
	}
	ps->items[ps->n++] = *it;
	return (0);
}

/* Check a directive's arguments; paths must be absolute, no "..". */
static int
check_item(struct pstate *ps, const struct jt_profile_item *it)
{
	char *end;
	long mode;

	switch (it->kind) {
	case JT_PI_PROGRAM: case JT_PI_OPTIONAL: case JT_PI_FILE:
	case JT_PI_FILE_OPT: case JT_PI_GLOB: case JT_PI_MODULE:
	case JT_PI_TREE:
		if (!jt_abs_path_ok(it->args[0]))
			return (perr(ps, it->file, it->line, "'%s' is not an "
			    "absolute path without '..'", it->args[0]));
		/* a package name as dpkg and pkg spell them: it is printed */
		if (it->nargs > 1 && (!isalnum((unsigned char)it->args[1][0]) ||
		    strspn(it->args[1], PKG_CHARS) != strlen(it->args[1])))
			return (perr(ps, it->file, it->line, "'%s' is not a "
			    "package name", it->args[1]));
		break;
	case JT_PI_DIR:
		if (!jt_abs_path_ok(it->args[0]))
			return (perr(ps, it->file, it->line, "'%s' is not an "
			    "absolute path without '..'", it->args[0]));
		errno = 0;
		mode = strtol(it->args[1], &end, 8);
		if (errno != 0 || *end != '\0' || mode < 0 || mode > 07777)
			return (perr(ps, it->file, it->line, "bad mode '%s' "
			    "(octal, e.g. 0755)", it->args[1]));
		break;
	case JT_PI_PARAM: {
		/* Written into jail.conf: a name, not jail.conf syntax. */
		struct jt_err e;

		if (jt_jailconf_check_param(it->args[0], &e) != 0)
			return (perr(ps, it->file, it->line, "%s", e.msg));
		break;
	}
	case JT_PI_CONFIG:
		if (jt_config_kind(it->args[0]) == NULL)
			return (perr(ps, it->file, it->line, "unknown config "
			    "kind '%s' (%s)", it->args[0], JT_CONFIG_KINDS));
		if (!jt_abs_path_ok(it->args[1]))
			return (perr(ps, it->file, it->line, "'%s' is not an "
			    "absolute path without '..'", it->args[1]));
		break;
	case JT_PI_INTERP:
		if (strcmp(it->args[0], "python") != 0 &&
		    strcmp(it->args[0], "perl") != 0)
			return (perr(ps, it->file, it->line, "unknown "
			    "interpreter '%s' (python, perl)", it->args[0]));
		if (!jt_abs_path_ok(it->args[1]))
			return (perr(ps, it->file, it->line, "'%s' is not an "
			    "absolute path without '..'", it->args[1]));
		break;
	case JT_PI_PRESTART_EMPTY:
		/* DIR goes into a shell word unquoted: no character sh or
		 * jail.conf would read as syntax */
		if (!jt_abs_path_ok(it->args[0]) || strspn(it->args[0],
		    DIR_CHARS) != strlen(it->args[0]))
			return (perr(ps, it->file, it->line, "'%s' is not an "
			    "absolute path without '..' of letters, digits and "
			    "'%s'", it->args[0], &DIR_CHARS[62]));
		break;
	case JT_PI_PROBE:
		if (!jt_probe_kind_ok(it->args[0]))
			return (perr(ps, it->file, it->line, "unknown probe "
			    "'%s' (%s)", it->args[0], JT_PROBE_KINDS));
		break;
	default:
		break;
	}
	return (0);
}

/*
 * A command's exec.start string.  prestart-if-empty's tests DIR with
 * /bin/sh's builtins alone (a jail may hold no ls or test): any name in
 * it, dot files too, and the command is skipped.  jail(8) runs a string
 * with shell syntax through /bin/sh -c, each exec.start one in its own.
 */
static int
set_exec(struct pstate *ps, struct jt_profile_item *it)
{
	const char *d = it->args[0];
	char *x;
	size_t n;

	if (it->kind != JT_PI_PRESTART && it->kind != JT_PI_COMMAND &&
	    it->kind != JT_PI_PRESTART_EMPTY)
		return (0);
	it->cmd = it->exec = it->rest;
	if (it->kind != JT_PI_PRESTART_EMPTY)
		return (0);
	it->cmd = it->rest + strlen(d);
	it->cmd += strspn(it->cmd, " \t");
	n = 3 * strlen(d) + strlen(it->cmd) + 96;
	if ((x = arena_alloc(ps->arena, n)) == NULL)
		return (jt_err_set(ps->err, JT_ENOMEM, 0, NULL, "profile"));
	snprintf(x, n, "for f in %s/* %s/.[!.]* %s/..?*; do [ -e \"$f\" ] && "
	    "exit 0; done; %s", d, d, d, it->cmd);
	it->exec = x;
	return (0);
}

struct lctx {
	struct pstate	*ps;
	const char	*file;
	int		 line;
	int		 depth;
	bool		 active;	/* the current section applies */
};

static void
parse_line(void *arg, const char *text, size_t n)
{
	struct lctx *lc = arg;
	struct pstate *ps = lc->ps;
	struct jt_profile_item it = { .file = lc->file };
	char buf[4096], xbuf[4096], msg[256], *words[8], *p, *save = NULL;
	char *rest = NULL;
	size_t nw = 0, d;
	int vrc;

	lc->line++;
	if (ps->rc != 0)
		return;
	if (n >= sizeof(buf)) {
		ps->rc = perr(ps, lc->file, lc->line, "line too long%s", "");
		return;
	}
	memcpy(buf, text, n);
	buf[n] = '\0';
	p = conf_clean(buf);
	if (*p == '\0')
		return;
	if (*p == '[') {
		if (strcmp(p, "[all]") == 0)
			lc->active = true;
		else if (strcmp(p, "[freebsd]") == 0)
			lc->active = ps->platform == JT_PLAT_FREEBSD;
		else if (strcmp(p, "[linux]") == 0)
			lc->active = ps->platform == JT_PLAT_GLIBC;
		else
			ps->rc = perr(ps, lc->file, lc->line, "unknown section "
			    "%s (use [all], [freebsd] or [linux])", p);
		return;
	}
	/*
	 * ${NAME} first, so a value can be any word of any directive.  Not in
	 * a section that does not apply: its variables may be declared only
	 * there (the other platform's load checks it).
	 */
	if (lc->active && strchr(p, '$') != NULL) {
		if (pvars_expand(&ps->vars, p, xbuf, sizeof(xbuf), msg,
		    sizeof(msg)) != 0) {
			ps->rc = perr(ps, lc->file, lc->line, "%s", msg);
			return;
		}
		p = xbuf;
	}
	/* The directive word, then the rest of the line for commands. */
	words[nw++] = strtok_r(p, " \t", &save);
	if (save != NULL && *save != '\0')
		rest = save + strspn(save, " \t");
	if (rest != NULL && (rest = arena_strdup(ps->arena, rest)) == NULL) {
		ps->rc = jt_err_set(ps->err, JT_ENOMEM, 0, NULL, "profile");
		return;
	}
	while (nw < 8 && (words[nw] = strtok_r(NULL, " \t", &save)) != NULL)
		nw++;
	if (strcmp(words[0], "include") == 0 || strcmp(words[0],
	    "description") == 0) {
		if (nw < 2) {
			ps->rc = perr(ps, lc->file, lc->line, "%s needs an "
			    "argument", words[0]);
		} else if (words[0][0] == 'd') {
			if (lc->depth == 0 && ps->p->description == NULL)
				ps->p->description = rest;
		} else if (lc->active) {
			ps->rc = include(ps, words[1], lc->depth + 1);
		}
		return;
	}
	if (strcmp(words[0], "var") == 0) {
		if (nw != 3)
			ps->rc = perr(ps, lc->file, lc->line, "var needs a "
			    "name and a default: var NAME DEFAULT");
		else if (lc->active && (vrc = pvars_declare(&ps->vars,
		    words[1], words[2], lc->file, lc->line, msg,
		    sizeof(msg))) != 0)
			ps->rc = vrc == -1 ? perr(ps, lc->file, lc->line, "%s",
			    msg) : jt_err_set(ps->err, JT_ENOMEM, 0, NULL,
			    "profile");
		return;
	}
	for (d = 0; d < sizeof(directives) / sizeof(directives[0]); d++)
		if (strcmp(words[0], directives[d].word) == 0)
			break;
	if (d == sizeof(directives) / sizeof(directives[0])) {
		ps->rc = perr(ps, lc->file, lc->line, "unknown directive '%s'",
		    words[0]);
		return;
	}
	if (nw - 1 < directives[d].min ||
	    (!directives[d].rest && nw - 1 > directives[d].max)) {
		ps->rc = perr(ps, lc->file, lc->line, "wrong number of "
		    "arguments to '%s'", words[0]);
		return;
	}
	if (!lc->active)
		return;
	it.kind = directives[d].kind;
	it.line = lc->line;
	it.rest = directives[d].rest ? rest : NULL;
	for (size_t i = 1; i < nw && it.nargs < 4; i++)
		if ((it.args[it.nargs++] = arena_strdup(ps->arena,
		    words[i])) == NULL) {
			ps->rc = jt_err_set(ps->err, JT_ENOMEM, 0, NULL,
			    "profile");
			return;
		}
	if ((ps->rc = check_item(ps, &it)) == 0 &&
	    (ps->rc = set_exec(ps, &it)) == 0)
		ps->rc = push_item(ps, &it);
}

static int
parse_text(struct pstate *ps, const char *text, size_t len, const char *file,
    int depth)
{
	struct lctx lc = { ps, NULL, 0, depth, true };

	if ((lc.file = arena_strdup(ps->arena, file)) == NULL)
		return (jt_err_set(ps->err, JT_ENOMEM, 0, file, "profile"));
	each_line(text, len, parse_line, &lc);
	return (ps->rc);
}

/*
 * NAME -> DIR/NAME.profile in the first dir that has it; "NAME.profile"
 * is NAME; a name with a '/' is a path, taken as is.
 */
bool
jt_profile_find(const char *name, const char *const *dirs, size_t ndirs,
    char *out, size_t len)
{
	size_t n = strlen(name);

	if (strchr(name, '/') != NULL) {
		snprintf(out, len, "%s", name);
		return (access(out, R_OK) == 0);
	}
	if (str_ends(name, ".profile") && n > strlen(".profile"))
		n -= strlen(".profile");
	for (size_t i = 0; i < ndirs; i++) {
		snprintf(out, len, "%s/%.*s.profile", dirs[i], (int)n, name);
		if (access(out, R_OK) == 0)
			return (true);
	}
	return (false);
}

static bool
find_profile(struct pstate *ps, const char *name, char *out, size_t len)
{
	return (jt_profile_find(name, ps->dirs, ps->ndirs, out, len));
}

static int
by_name(const void *a, const void *b)
{
	const struct jt_profile_ref *x = a, *y = b;

	return (strcmp(x->name, y->name));
}

/* Every NAME.profile in dirs, sorted; an earlier dir hides a later one. */
int
jt_profile_list(struct jt_profile_ref **out, size_t *nout,
    const char *const *dirs, size_t ndirs, struct jt_err *err)
{
	struct jt_profile_ref *v = NULL, *nv;
	struct jt_map seen = { 0 };
	size_t n = 0, cap = 0;
	int rc = 0;

	*out = NULL;
	*nout = 0;
	for (size_t i = 0; i < ndirs && rc == 0; i++) {
		DIR *d = opendir(dirs[i]);
		struct dirent *de;

		if (d == NULL)	/* a directory not there lists nothing */
			continue;
		while (rc == 0 && (de = readdir(d)) != NULL) {
			size_t len = strlen(de->d_name);

			if (!str_ends(de->d_name, ".profile") ||
			    len <= strlen(".profile"))
				continue;
			len -= strlen(".profile");
			if (map_getn(&seen, de->d_name, len) != NULL)
				continue;
			if (n == cap) {
				cap = cap ? cap * 2 : 16;
				if ((nv = reallocarray(v, cap, sizeof(*v))) ==
				    NULL) {
					rc = jt_err_set(err, JT_ENOMEM, errno,
					    dirs[i], "profile list");
					break;
				}
				v = nv;
			}
			v[n].name = strndup(de->d_name, len);
			v[n].dir = dirs[i];
			if (v[n].name == NULL || map_put(&seen, v[n].name,
			    v) != 0) {
				free(v[n].name);
				rc = jt_err_set(err, JT_ENOMEM, errno, dirs[i],
				    "profile list");
				break;
			}
			n++;
		}
		closedir(d);
	}
	map_free(&seen);
	if (rc != 0) {
		jt_profile_list_free(v, n);
		return (rc);
	}
	if (n > 0)
		qsort(v, n, sizeof(*v), by_name);
	*out = v;
	*nout = n;
	return (0);
}

void
jt_profile_list_free(struct jt_profile_ref *v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(v[i].name);
	free(v);
}

const char *
jt_profile_item_word(enum jt_pitem kind)
{
	for (size_t d = 0; d < sizeof(directives) / sizeof(directives[0]); d++)
		if (directives[d].kind == kind)
			return (directives[d].word);
	return ("?");
}

static int
load_file(struct pstate *ps, const char *name, int depth)
{
	char path[PATH_MAX], *buf = NULL;
	size_t got;
	int rc;

	if (depth > MAX_INCLUDE_DEPTH)
		return (jt_err_set(ps->err, JT_EFORMAT, 0, name,
		    "profiles include each other too deeply"));
	if (!find_profile(ps, name, path, sizeof(path)))
		return (jt_err_set(ps->err, JT_ENOENT, 0, name, "no such "
		    "profile (looked for %s.profile in the profile "
		    "directories)", name));
	if (strv_has(&ps->stack, path))
		return (jt_err_set(ps->err, JT_EFORMAT, 0, path,
		    "profile includes itself"));
	/* The host-file reader: a FIFO or device is refused, never waited on. */
	if ((rc = jt_hostfile_read(path, MAX_PROFILE_SIZE, "profile", &buf,
	    &got, ps->err)) != 0)
		goto out;
	if (got > MAX_PROFILE_SIZE) {
		rc = jt_err_set(ps->err, JT_EFORMAT, 0, path, "profile larger "
		    "than %d bytes", MAX_PROFILE_SIZE);
		goto out;
	}
	if ((rc = strv_push(&ps->stack, path)) != 0)
		goto out;
	rc = parse_text(ps, buf, got, path, depth);
	free(ps->stack.v[--ps->stack.n]);
out:
	free(buf);
	return (rc);
}

/*
 * "include NAME": a profile already read whole is not read again, as
 * with #pragma once.  Its items are in already; reading it at every
 * include made profiles that fan out exponential (5 levels of 100
 * includes: 10^10 loads).
 */
static int
include(struct pstate *ps, const char *name, int depth)
{
	char path[PATH_MAX];
	bool found = find_profile(ps, name, path, sizeof(path));
	int rc;

	if (found && map_get(&ps->included, path) != NULL)
		return (0);
	if ((rc = load_file(ps, name, depth)) != 0 || !found)
		return (rc);
	if (map_put(&ps->included, path, (void *)1) != 0)
		return (jt_err_set(ps->err, JT_ENOMEM, 0, path, "profile"));
	return (0);
}

static int
finish(struct pstate *ps, struct jt_profile **out)
{
	struct jt_profile_priv *pp = (struct jt_profile_priv *)ps->p;
	struct jt_profile_item *items;

	items = arena_alloc(ps->arena, (ps->n + 1) * sizeof(*items));
	if (items == NULL)
		return (jt_err_set(ps->err, JT_ENOMEM, 0, NULL, "profile"));
	if (ps->n > 0)		/* an empty profile has no array at all */
		memcpy(items, ps->items, ps->n * sizeof(*items));
	pp->pub.items = items;
	pp->pub.nitems = ps->n;
	if (pvars_finish(&ps->vars, &pp->pub.vars, &pp->pub.nvars) != 0)
		return (jt_err_set(ps->err, JT_ENOMEM, 0, NULL, "profile"));
	*out = &pp->pub;
	return (0);
}

static int
start(struct pstate *ps, const char *name, enum jt_platform platform,
    struct jt_err *err)
{
	struct jt_profile_priv *pp;
	const char *base;
	size_t len;

	memset(ps, 0, sizeof(*ps));
	if ((pp = calloc(1, sizeof(*pp))) == NULL)
		return (jt_err_set(err, JT_ENOMEM, errno, NULL, "profile"));
	ps->p = &pp->pub;
	ps->arena = &pp->arena;
	ps->vars.arena = &pp->arena;
	ps->platform = platform;
	ps->err = err;
	base = path_basename(name);
	len = strlen(base);
	if (str_ends(base, ".profile") && len > strlen(".profile"))
		len -= strlen(".profile");
	pp->pub.name = arena_strndup(ps->arena, base, len);
	if (pp->pub.name == NULL)
		return (jt_err_set(err, JT_ENOMEM, errno, NULL, "profile"));
	return (0);
}

static int
done(struct pstate *ps, int rc, struct jt_profile **out)
{
	if (rc == 0)
		rc = finish(ps, out);
	if (rc != 0)
		jt_profile_free(ps->p);
	free(ps->items);
	strv_free(&ps->stack);
	map_free(&ps->included);
	pvars_free(&ps->vars);
	return (rc);
}

int
jt_profile_load_defs(struct jt_profile **out, const char *name,
    const char *const *dirs, size_t ndirs, enum jt_platform platform,
    const char *const *defs, size_t ndefs, struct jt_err *err)
{
	struct pstate ps;
	int rc;

	*out = NULL;
	if ((rc = start(&ps, name, platform, err)) != 0)
		return (done(&ps, rc, out));
	for (size_t i = 0; i < ndefs; i++)
		if ((rc = jt_profile_check_define(defs[i], err)) != 0)
			return (done(&ps, rc, out));
	ps.dirs = dirs;
	ps.ndirs = ndirs;
	ps.vars.defs = defs;
	ps.vars.ndefs = ndefs;
	return (done(&ps, load_file(&ps, name, 0), out));
}

int
jt_profile_load(struct jt_profile **out, const char *name,
    const char *const *dirs, size_t ndirs, enum jt_platform platform,
    struct jt_err *err)
{
	return (jt_profile_load_defs(out, name, dirs, ndirs, platform, NULL,
	    0, err));
}

int
jt_profile_parse(struct jt_profile **out, const char *text, size_t len,
    const char *file, enum jt_platform platform, struct jt_err *err)
{
	struct pstate ps;
	int rc;

	*out = NULL;
	if ((rc = start(&ps, file, platform, err)) != 0)
		return (done(&ps, rc, out));
	return (done(&ps, parse_text(&ps, text, len, file, 0), out));
}

void
jt_profile_free(struct jt_profile *p)
{
	struct jt_profile_priv *pp = (struct jt_profile_priv *)p;

	if (pp == NULL)
		return;
	arena_free(&pp->arena);
	free(pp);
}
