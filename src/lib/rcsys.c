/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The rc system of a root: its rc.d scripts indexed as rcorder(8) reads
 * them, each evaluated with rcconf (jailtrim/rcconf.h), and what the
 * running ones need.  See jailtrim/rcsys.h.
 */
#include <ctype.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jailtrim/rcconf.h"
#include "jailtrim/rcsys.h"
#include "util.h"

#define RCSYS_WARN_MAX	1000
#define RCSYS_HEADER_MAX (64 * 1024)	/* rcorder's lines are at the top */

struct svc {
	struct jt_rcservice pub;
	char		*name, *script, *rcvar, *why;
	struct jt_strv	 provide, require, keyword;
};

struct warn {
	struct jt_rcwarning pub;
	char		*file, *message;
};

struct jt_rcsys {
	struct jt_source *src;
	struct jt_rcconf *global;	/* defaults + rc_conf_files */
	struct jt_rcconf *lib;		/* /etc/rc.subr, NULL if none */
	struct jt_rcconf *rc;		/* /etc/rc, NULL if none */
	struct jt_ptrv	 svcs;		/* struct svc *, in index order */
	struct jt_map	 provide;	/* PROVIDE word -> struct svc * */
	struct jt_ptrv	 warns;		/* struct warn * */
	struct jt_strv	 path;		/* /etc/rc's PATH */
};

/* One jt_rcsys_needs() call: each path once. */
struct needs {
	struct jt_rcsys	*rs;
	struct jt_map	 seen;
	int		(*fn)(void *, const struct jt_rcneed *);
	void		*arg;
	int		 stop;
};

static void
warnf(struct jt_rcsys *rs, const char *file, int line, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static void
warnf(struct jt_rcsys *rs, const char *file, int line, const char *fmt, ...)
{
	struct warn *w;
	char msg[512];
	va_list ap;

	if (rs->warns.n >= RCSYS_WARN_MAX)
		return;
	va_start(ap, fmt);
	(void)vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	for (size_t i = 0; i < rs->warns.n; i++) {
		w = rs->warns.v[i];
		if (w->pub.line == line && strcmp(w->file, file) == 0 &&
		    strcmp(w->message, msg) == 0)
			return;
	}
	if ((w = calloc(1, sizeof(*w))) == NULL)
		return;
	w->file = strdup(file);
	w->message = strdup(msg);
	if (w->file == NULL || w->message == NULL ||
	    ptrv_push(&rs->warns, w) != 0) {
		free(w->file);
		free(w->message);
		free(w);
		return;
	}
	w->pub = (struct jt_rcwarning){ w->file, line, w->message };
}

static void
svc_free(struct svc *s)
{
	strv_free(&s->provide);
	strv_free(&s->require);
	strv_free(&s->keyword);
	free(s->name);
	free(s->script);
	free(s->rcvar);
	free(s->why);
	free(s);
}

void
jt_rcsys_free(struct jt_rcsys *rs)
{
	if (rs == NULL)
		return;
	for (size_t i = 0; i < rs->svcs.n; i++)
		svc_free(rs->svcs.v[i]);
	ptrv_free(&rs->svcs);
	for (size_t i = 0; i < rs->warns.n; i++) {
		struct warn *w = rs->warns.v[i];

		free(w->file);
		free(w->message);
		free(w);
	}
	ptrv_free(&rs->warns);
	map_free(&rs->provide);
	strv_free(&rs->path);
	jt_rcconf_free(rs->global);
	jt_rcconf_free(rs->lib);
	jt_rcconf_free(rs->rc);
	free(rs);
}

/* "# PROVIDE: a b" and friends, as rcorder reads them. */
static void
header_line(void *arg, const char *line, size_t n)
{
	static const char *const tags[] = { "# PROVIDE:", "# REQUIRE:",
	    "# KEYWORD:" };
	struct svc *s = arg;
	struct jt_strv *to[] = { &s->provide, &s->require, &s->keyword };
	char buf[1024], *tok, *save;

	for (size_t i = 0; i < 3; i++) {
		size_t tl = strlen(tags[i]);

		if (n <= tl || strncmp(line, tags[i], tl) != 0)
			continue;
		n -= tl;
		if (n >= sizeof(buf))
			n = sizeof(buf) - 1;
		memcpy(buf, line + tl, n);
		buf[n] = '\0';
		for (tok = strtok_r(buf, " \t\r", &save); tok != NULL;
		    tok = strtok_r(NULL, " \t\r", &save))
			(void)strv_push_uniq(to[i], tok);
	}
}

static bool
skipped(const struct svc *s)
{
	/* /etc/rc: -s nostart, and in a jail -s nojail -s nojailvnet */
	return (strv_has(&s->keyword, "nostart") ||
	    strv_has(&s->keyword, "nojail") ||
	    strv_has(&s->keyword, "nojailvnet"));
}

static char *
xstrdupf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static char *
xstrdupf(const char *fmt, ...)
{
	char buf[512];
	va_list ap;

	va_start(ap, fmt);
	(void)vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	return (strdup(buf));
}

/* Decide whether s runs, from its evaluation. */
static int
judge(struct svc *s, const struct jt_rcconf *view)
{
	const char *name = jt_rcconf_get(view, "name");
	const char *rcvar = jt_rcconf_get(view, "rcvar");
	struct jt_rcvar where;

	if (name != NULL && *name != '\0' && (s->name = strdup(name)) == NULL)
		return (JT_ENOMEM);
	if (s->name == NULL && (s->name = strdup(path_basename(s->script))) ==
	    NULL)
		return (JT_ENOMEM);
	if (rcvar != NULL && *rcvar != '\0' &&
	    (s->rcvar = strdup(rcvar)) == NULL)
		return (JT_ENOMEM);
	if (skipped(s)) {
		s->why = xstrdupf("KEYWORD %s: /etc/rc skips it in a jail",
		    strv_has(&s->keyword, "nostart") ? "nostart" :
		    strv_has(&s->keyword, "nojail") ? "nojail" : "nojailvnet");
		s->pub.skipped = true;
	} else if (s->rcvar == NULL) {
		s->why = xstrdupf("no rcvar: /etc/rc always runs it");
		s->pub.running = true;
	} else if (jt_rcconf_lookup(view, s->rcvar, &where)) {
		s->pub.running = jt_rcconf_is_yes(where.value);
		s->why = xstrdupf("%s=%s in %s:%d", s->rcvar, where.value,
		    where.file, where.line);
	} else
		s->why = xstrdupf("%s not set", s->rcvar);
	if (s->why == NULL)
		return (JT_ENOMEM);
	s->pub.name = s->name;
	s->pub.script = s->script;
	s->pub.rcvar = s->rcvar;
	s->pub.why = s->why;
	return (0);
}

struct scan {
	struct jt_rcsys	*rs;
	const char	*dir;
	struct jt_err	*err;
};

static int
index_one(void *arg, const char *file, const struct jt_stat *st)
{
	struct scan *sc = arg;
	struct jt_rcsys *rs = sc->rs;
	struct jt_rcconf *view = NULL;
	struct svc *s;
	char path[PATH_MAX];
	struct jt_err e;
	void *buf;
	size_t len;
	int r;

	if ((st->type != JT_FT_REG && st->type != JT_FT_LNK) ||
	    !path_join(path, sizeof(path), sc->dir, file))
		return (0);
	if ((r = jt_source_read_file(rs->src, path, &buf, &len, &e)) != 0) {
		if (r == JT_ENOMEM)
			return (jt_err_set(sc->err, r, 0, path, "rc.d"));
		warnf(rs, path, 0, "not read: %s", e.msg);
		return (0);
	}
	if ((s = calloc(1, sizeof(*s))) == NULL ||
	    (s->script = strdup(path)) == NULL) {
		free(s);
		return (jt_err_set(sc->err, JT_ENOMEM, 0, path, "rc.d"));
	}
	each_line(buf, len < RCSYS_HEADER_MAX ? len : RCSYS_HEADER_MAX,
	    header_line, s);
	if ((r = jt_rcconf_script(&view, rs->global, rs->lib, rs->src, path,
	    &e)) != 0) {
		if (r == JT_ENOMEM) {
			svc_free(s);
			return (jt_err_set(sc->err, r, 0, path, "rc.d"));
		}
		warnf(rs, path, 0, "not evaluated: %s", e.msg);
	}
	if (view != NULL)
		r = judge(s, view);
	else if ((s->name = strdup(file)) == NULL ||
	    (s->why = strdup("not evaluated")) == NULL)
		r = JT_ENOMEM;
	else {
		s->pub = (struct jt_rcservice){ s->name, s->script, NULL,
		    skipped(s), false, s->why };
		r = 0;
	}
	jt_rcconf_free(view);
	if (r == 0 && (r = ptrv_push(&rs->svcs, s)) != 0)
		r = JT_ENOMEM;
	if (r != 0) {
		svc_free(s);
		return (jt_err_set(sc->err, r, 0, path, "rc.d"));
	}
	for (size_t i = 0; i < s->provide.n; i++)
		if (map_get(&rs->provide, s->provide.v[i]) == NULL &&
		    map_put(&rs->provide, s->provide.v[i], s) != 0)
			return (jt_err_set(sc->err, JT_ENOMEM, 0, path, "rc.d"));
	return (0);
}

static int
index_dir(struct jt_rcsys *rs, const char *dir, struct jt_err *err)
{
	char real[PATH_MAX];
	struct scan sc = { rs, real, err };
	struct jt_err e;
	int r;

	if ((r = jt_source_resolve(rs->src, dir, true, real, sizeof(real),
	    NULL, NULL, &e)) != 0)
		return (r == JT_ENOENT || r == JT_ENOTDIR ? 0 :
		    jt_err_set(err, r, 0, dir, "%s", e.msg));
	r = jt_source_readdir(rs->src, real, index_one, &sc, &e);
	if (r == JT_ENOTDIR || r == JT_ENOENT)
		return (0);
	return (r != 0 && err->code == 0 ? jt_err_set(err, r, 0, dir, "%s",
	    e.msg) : r);
}

/* An rc file evaluated as a script, or NULL when the root has none. */
static int
eval_opt(struct jt_rcsys *rs, const char *path, struct jt_rcconf **out,
    struct jt_err *err)
{
	int r = jt_rcconf_script(out, rs->global, rs->lib, rs->src, path, err);

	if (r == JT_ENOENT || r == JT_ENOTDIR) {
		*out = NULL;
		return (0);
	}
	return (r);
}

int
jt_rcsys_read(struct jt_rcsys **out, struct jt_source *src,
    struct jt_err *err)
{
	struct jt_rcsys *rs;
	const char *p, *ls;
	char buf[4096], *tok, *save;
	int r;

	*out = NULL;
	if ((rs = calloc(1, sizeof(*rs))) == NULL)
		return (jt_err_set(err, JT_ENOMEM, 0, NULL, "rc system"));
	rs->src = src;
	if ((r = jt_rcconf_load(&rs->global, src, err)) != 0 ||
	    (r = eval_opt(rs, "/etc/rc.subr", &rs->lib, err)) != 0 ||
	    (r = eval_opt(rs, "/etc/rc", &rs->rc, err)) != 0)
		goto fail;
	/* /etc/rc sets PATH before anything runs */
	p = rs->rc != NULL ? jt_rcconf_get(rs->rc, "PATH") : NULL;
	(void)snprintf(buf, sizeof(buf), "%s", p != NULL ? p :
	    "/sbin:/bin:/usr/sbin:/usr/bin");
	for (tok = strtok_r(buf, ":", &save); tok != NULL;
	    tok = strtok_r(NULL, ":", &save))
		if (tok[0] == '/' && strv_push_uniq(&rs->path, tok) != 0)
			goto nomem;
	if ((r = index_dir(rs, "/etc/rc.d", err)) != 0)
		goto fail;
	ls = jt_rcconf_get(rs->global, "local_startup");
	(void)snprintf(buf, sizeof(buf), "%s", ls != NULL ? ls :
	    "/usr/local/etc/rc.d");
	for (tok = strtok_r(buf, " \t\n", &save); tok != NULL;
	    tok = strtok_r(NULL, " \t\n", &save))
		if (tok[0] == '/' && strcmp(tok, "/etc/rc.d") != 0 &&
		    (r = index_dir(rs, tok, err)) != 0)
			goto fail;
	*out = rs;
	return (0);
nomem:
	r = jt_err_set(err, JT_ENOMEM, 0, NULL, "rc system");
fail:
	jt_rcsys_free(rs);
	return (r);
}

size_t
jt_rcsys_nservices(const struct jt_rcsys *rs)
{
	return (rs->svcs.n);
}

const struct jt_rcservice *
jt_rcsys_service(const struct jt_rcsys *rs, size_t i)
{
	return (i < rs->svcs.n ? &((struct svc *)rs->svcs.v[i])->pub : NULL);
}

static struct svc *
find(const struct jt_rcsys *rs, const char *name)
{
	for (size_t i = 0; i < rs->svcs.n; i++) {
		struct svc *s = rs->svcs.v[i];

		if (strcmp(s->name, name) == 0)
			return (s);
	}
	return (map_get(&rs->provide, name));
}

const struct jt_rcservice *
jt_rcsys_find(const struct jt_rcsys *rs, const char *name)
{
	struct svc *s = find(rs, name);

	return (s != NULL ? &s->pub : NULL);
}

size_t
jt_rcsys_nwarnings(const struct jt_rcsys *rs)
{
	return (rs->warns.n);
}

const struct jt_rcwarning *
jt_rcsys_warning(const struct jt_rcsys *rs, size_t i)
{
	return (i < rs->warns.n ? &((struct warn *)rs->warns.v[i])->pub :
	    NULL);
}

/* --- needs --- */

static void
need(struct needs *n, const char *path, enum jt_rcneed_kind kind,
    const char *fmt, ...) __attribute__((format(printf, 4, 5)));

static void
need(struct needs *n, const char *path, enum jt_rcneed_kind kind,
    const char *fmt, ...)
{
	struct jt_rcneed nd;
	char why[512];
	va_list ap;

	if (n->stop != 0 || path[0] != '/' || map_get(&n->seen, path) != NULL)
		return;
	if (map_put(&n->seen, path, (void *)1) != 0) {
		n->stop = JT_ENOMEM;
		return;
	}
	va_start(ap, fmt);
	(void)vsnprintf(why, sizeof(why), fmt, ap);
	va_end(ap);
	nd = (struct jt_rcneed){ path, why, kind };
	n->stop = n->fn(n->arg, &nd);
}

/* A command word: absolute, or looked up on PATH in the root. */
static void
command(struct needs *n, const struct jt_rccmd *c, const char *owner)
{
	struct jt_rcsys *rs = n->rs;
	char word[PATH_MAX], path[PATH_MAX], real[PATH_MAX];
	struct jt_stat st;
	struct jt_err e;

	/* a computed "/bin/ps -ww": its first field */
	(void)snprintf(word, sizeof(word), "%s", c->word);
	word[strcspn(word, " \t\n")] = '\0';
	if (word[0] == '\0') {
		warnf(rs, c->file, c->line, "a command computed at run time "
		    "cannot be known");
		return;
	}
	if (strchr(word, '/') != NULL) {
		/* computed: only what is there is known ("/etc/rc.d/$x") */
		if (word[0] == '/' && (!(c->flags & JT_RCCMD_COMPUTED) ||
		    (jt_source_resolve(rs->src, word, true, real,
		    sizeof(real), NULL, NULL, &e) == 0 &&
		    jt_source_lstat(rs->src, real, &st, &e) == 0 &&
		    st.type == JT_FT_REG)))
			need(n, word, JT_RCNEED_PROGRAM, "run by %s (%s:%d)",
			    owner, c->file, c->line);
		else if (c->flags & JT_RCCMD_COMPUTED)
			warnf(rs, c->file, c->line, "a command computed at "
			    "run time cannot be known (%s...)", word);
		else
			warnf(rs, c->file, c->line, "command '%s' is a "
			    "relative path", word);
		return;
	}
	for (size_t i = 0; i < rs->path.n; i++) {
		if (!path_join(path, sizeof(path), rs->path.v[i], word) ||
		    jt_source_resolve(rs->src, path, true, real, sizeof(real),
		    NULL, NULL, &e) != 0 ||
		    jt_source_lstat(rs->src, real, &st, &e) != 0 ||
		    st.type != JT_FT_REG)
			continue;
		need(n, path, JT_RCNEED_PROGRAM, "'%s' run by %s (%s:%d)",
		    word, owner, c->file, c->line);
		return;
	}
	warnf(rs, c->file, c->line, "command '%s' is not on PATH in the root",
	    word);
}

static void
commands(struct needs *n, const struct jt_rcconf *view, const char *owner)
{
	for (size_t i = 0; i < jt_rcconf_ncommands(view) && n->stop == 0; i++)
		command(n, jt_rcconf_command(view, i), owner);
}

/* Absolute paths in an argument string: after -c/-f a config, else
   (for a wrapper such as daemon(8)) maybe the program it runs. */
static void
args(struct needs *n, const char *s, const char *var, const char *owner,
    bool wrapper)
{
	char buf[4096], *tok, *save;
	bool conf_next = false, program_found = false;

	if (s == NULL)
		return;
	(void)snprintf(buf, sizeof(buf), "%s", s);
	for (tok = strtok_r(buf, " \t\n\"'", &save); tok != NULL;
	    tok = strtok_r(NULL, " \t\n\"'", &save)) {
		const char *p = tok;

		if (!conf_next && (strncmp(tok, "-c/", 3) == 0 ||
		    strncmp(tok, "-f/", 3) == 0)) {
			p = tok + 2;	/* -c/etc/x.conf */
			conf_next = true;
		}
		if (p[0] == '/') {
			bool prog = wrapper && !conf_next && !program_found;

			need(n, p, prog ? JT_RCNEED_PROGRAM : JT_RCNEED_FILE,
			    "%s of %s%s", var, owner, prog ?
			    " (the program its wrapper runs)" : "");
			program_found = program_found || prog;
		}
		conf_next = strcmp(tok, "-c") == 0 || strcmp(tok, "-f") == 0;
	}
}

static void
list(struct needs *n, const char *s, enum jt_rcneed_kind kind,
    const char *var, const char *owner)
{
	char buf[4096], *tok, *save;

	if (s == NULL)
		return;
	(void)snprintf(buf, sizeof(buf), "%s", s);
	for (tok = strtok_r(buf, " \t\n", &save); tok != NULL;
	    tok = strtok_r(NULL, " \t\n", &save))
		need(n, tok, kind, "%s of %s", var, owner);
}

static const char *
var2(const struct jt_rcconf *v, const char *name, const char *suffix)
{
	char k[256];

	(void)snprintf(k, sizeof(k), "%s%s", name, suffix);
	return (jt_rcconf_get(v, k));
}

static int
service_needs(struct needs *n, struct svc *s, struct jt_err *err)
{
	struct jt_rcsys *rs = n->rs;
	struct jt_rcconf *v = NULL;
	struct jt_strv todo = { 0 };
	const char *cmd, *pid;
	char owner[320], dir[PATH_MAX];
	bool wrapper;
	int r;

	(void)snprintf(owner, sizeof(owner), "%s (%s)", s->name, s->script);
	need(n, s->script, JT_RCNEED_FILE, "rc.d script of %s", s->name);
	/* the scripts it REQUIREs, transitively: rcorder orders by them */
	for (size_t i = 0; i < s->require.n; i++)
		(void)strv_push_uniq(&todo, s->require.v[i]);
	for (size_t i = 0; i < todo.n && n->stop == 0; i++) {
		struct svc *q = map_get(&rs->provide, todo.v[i]);

		if (q == NULL)
			continue;	/* a placeholder such as LOGIN */
		need(n, q->script, JT_RCNEED_FILE, "provides %s, REQUIREd "
		    "via %s", todo.v[i], s->name);
		for (size_t j = 0; j < q->require.n; j++)
			(void)strv_push_uniq(&todo, q->require.v[j]);
	}
	strv_free(&todo);
	if ((r = jt_rcconf_script(&v, rs->global, rs->lib, rs->src,
	    s->script, err)) != 0)
		return (r == JT_ENOMEM ? r : 0);
	if (jt_rcconf_nuncertain(v) > 0)	/* its first approximation */
		warnf(rs, s->script, 0, "%s%s", jt_rcconf_uncertain(v),
		    jt_rcconf_nuncertain(v) > 1 ? " (and more)" : "");
	cmd = jt_rcconf_get(v, "command");
	wrapper = cmd != NULL && strcmp(path_basename(cmd), "daemon") == 0;
	if (cmd != NULL && *cmd != '\0')
		need(n, cmd, JT_RCNEED_PROGRAM, "command of %s", owner);
	list(n, jt_rcconf_get(v, "command_interpreter"), JT_RCNEED_PROGRAM,
	    "command_interpreter", owner);
	list(n, jt_rcconf_get(v, "procname"), JT_RCNEED_PROGRAM, "procname",
	    owner);
	args(n, jt_rcconf_get(v, "command_args"), "command_args", owner,
	    wrapper);
	args(n, var2(v, s->name, "_flags"), "flags", owner, false);
	args(n, jt_rcconf_get(v, "rc_flags"), "rc_flags", owner, false);
	list(n, var2(v, s->name, "_config"), JT_RCNEED_FILE, "config",
	    owner);
	list(n, jt_rcconf_get(v, "required_files"), JT_RCNEED_FILE,
	    "required_files", owner);
	list(n, jt_rcconf_get(v, "required_dirs"), JT_RCNEED_DIR,
	    "required_dirs", owner);
	if ((pid = jt_rcconf_get(v, "pidfile")) != NULL && pid[0] == '/') {
		(void)snprintf(dir, sizeof(dir), "%s", pid);
		if (strrchr(dir, '/') != dir) {
			*strrchr(dir, '/') = '\0';
			need(n, dir, JT_RCNEED_DIR, "pidfile directory of %s",
			    owner);
		}
	}
	commands(n, v, owner);
	jt_rcconf_free(v);
	return (0);
}

/* Booting with /etc/rc: rc itself, rc.subr, what they run, each script. */
static int
boot_needs(struct needs *n, struct jt_err *err)
{
	struct jt_rcsys *rs = n->rs;
	int r;

	if (rs->rc == NULL)
		return (0);
	need(n, "/etc/rc", JT_RCNEED_FILE, "the jail's exec.start");
	need(n, "/bin/sh", JT_RCNEED_PROGRAM, "runs /etc/rc");
	for (size_t i = 0; i < jt_rcconf_nfiles(rs->global); i++)
		need(n, jt_rcconf_file(rs->global, i), JT_RCNEED_FILE,
		    "rc.conf, read by rc.subr");
	if (rs->lib != NULL)
		need(n, "/etc/rc.subr", JT_RCNEED_FILE, "sourced by /etc/rc");
	commands(n, rs->rc, "/etc/rc");
	if (rs->lib != NULL)
		commands(n, rs->lib, "rc.subr");
	for (size_t i = 0; i < rs->svcs.n && n->stop == 0; i++) {
		struct svc *s = rs->svcs.v[i];

		if (s->pub.skipped)
			continue;
		need(n, s->script, JT_RCNEED_FILE, "ordered by /etc/rc (%s)",
		    s->why);
		if (s->pub.running && (r = service_needs(n, s, err)) != 0)
			return (r);
	}
	return (0);
}

int
jt_rcsys_needs(struct jt_rcsys *rs, const char *name,
    int (*fn)(void *arg, const struct jt_rcneed *need), void *arg,
    struct jt_err *err)
{
	struct needs n = { rs, { 0 }, fn, arg, 0 };
	struct svc *s;
	int r;

	if (name == NULL)
		r = boot_needs(&n, err);
	else if ((s = find(rs, name)) == NULL)
		return (jt_err_set(err, JT_ENOENT, 0, NULL, "no rc.d script "
		    "provides '%s'", name));
	else
		r = service_needs(&n, s, err);
	map_free(&n.seen);
	if (r == 0 && n.stop == JT_ENOMEM)
		r = jt_err_set(err, JT_ENOMEM, 0, NULL, "rc system");
	return (r != 0 ? r : n.stop);
}
