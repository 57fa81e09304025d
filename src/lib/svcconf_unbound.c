/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * unbound.conf (unbound.conf(5); util/configlexer.lex, configparser.y,
 * config_file.c's fname_after_chroot(), daemon/unbound.c), and the
 * tokenizer and option walker (nl_options()) it shares with nsd.conf (the
 * same NLnet Labs grammar):
 *   "#" starts a comment where a token may start; a value is a word or
 *   a "..." or '...' string; "name:" is a keyword, its values follow
 *   (on the same line or the next ones); "server:", "remote-control:",
 *   "auth-zone:" ... with no value open a clause.
 *   include: GLOB		anywhere; glob(3), no match is no file
 *   include-toplevel: GLOB	the same, closing the open clause
 * The whole file is read before unbound changes directory or root, so
 * include names are relative to where it was started ("/").  The other
 * files are opened later: a relative name is relative to "directory",
 * and with "chroot" set a name not already under it is taken inside it
 * (fname_after_chroot); the pid file is written before the chroot, an
 * absolute one where it says.
 * Followed: root-hints, trust-anchor-file, trusted-keys-file,
 * auto-trust-anchor-file (unbound rewrites it: its directory too),
 * tls-service-key/-pem, tls-cert-bundle, the remote-control keys and
 * certificates when control-enable uses them (and a control socket's
 * directory), pidfile and logfile (their directories), auth-zone and
 * rpz zonefile, python-script, dynlib-file, cookie-secret-file and
 * dnscrypt's key files.  A key file others can read is a warning.
 * A missing main file is no problem: unbound starts with its defaults.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "svcconf_int.h"

#define UB_MAX_PATHS	65536

/* --- the NLnet Labs tokenizer (unbound.conf, nsd.conf) --- */

void
nl_init(struct nlx *nl, const char *buf, size_t len)
{
	nl->p = buf;
	nl->end = buf + len;
	nl->line = 1;
}

static bool
nl_space(char c)
{
	return (c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\v' ||
	    c == '\f');
}

enum nl_tok
nl_next(struct nlx *nl, char **text, int *line)
{
	size_t n = 0;
	char q;

	for (;;) {
		while (nl->p < nl->end && nl_space(*nl->p))
			if (*nl->p++ == '\n')
				nl->line++;
		if (nl->p >= nl->end)
			return (NL_EOF);
		if (*nl->p != '#')
			break;
		while (nl->p < nl->end && *nl->p != '\n')
			nl->p++;
	}
	*line = nl->line;
	*text = nl->buf;
	if (*nl->p == '"' || *nl->p == '\'') {
		q = *nl->p++;
		while (nl->p < nl->end && *nl->p != q) {
			if (*nl->p == '\n')
				nl->line++;
			if (n + 1 >= sizeof(nl->buf))
				return (NL_LONG);
			nl->buf[n++] = *nl->p++;
		}
		if (nl->p >= nl->end)
			return (NL_OPEN);
		nl->p++;
		nl->buf[n] = '\0';
		return (NL_STRING);
	}
	while (nl->p < nl->end && !nl_space(*nl->p) && *nl->p != '"' &&
	    *nl->p != '\'') {
		if (n + 1 >= sizeof(nl->buf))
			return (NL_LONG);
		nl->buf[n++] = *nl->p++;
	}
	nl->buf[n] = '\0';
	/* "name:" of letters, digits, "-" and "_": a keyword. */
	if (n >= 2 && nl->buf[n - 1] == ':' &&
	    strspn(nl->buf, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTU"
	    "VWXYZ0123456789-_") == n - 1) {
		nl->buf[n - 1] = '\0';
		return (NL_KEY);
	}
	return (NL_WORD);
}

const char *
nl_error(enum nl_tok t)
{
	return (t == NL_LONG ? "a value longer than 8192 bytes" :
	    "a string not closed before the end of the file");
}

void
nl_options(struct scx *x, const char *buf, size_t len, const char *file,
    nl_option_fn *option, nl_clause_fn *clause, void *arg)
{
	struct nlx *nl;
	char key[64], val[PATH_MAX];
	char *t;
	int line, kline = 0;
	bool have = false, got = false;
	enum nl_tok tk;

	if ((nl = malloc(sizeof(*nl))) == NULL) {
		scx_oom(x);
		return;
	}
	nl_init(nl, buf, len);
	while (x->rc == 0) {
		tk = nl_next(nl, &t, &line);
		if (tk == NL_LONG || tk == NL_OPEN) {
			scx_problem(x, file, line, "%s; the rest of the file "
			    "was not read", nl_error(tk));
			break;
		}
		if (tk == NL_WORD || tk == NL_STRING) {
			if (!have) {
				scx_problem(x, file, line, "'%s' outside any "
				    "option; the rest of the file was not "
				    "read", t);
				break;
			}
			/* The first value is the one that names a file. */
			if (!got)
				snprintf(val, sizeof(val), "%s", t);
			got = true;
			continue;
		}
		/* A keyword or the end: the previous option is complete. */
		if (have && got)
			option(arg, key, val, file, kline);
		else if (have)
			clause(arg, key, file, kline);
		if (tk == NL_EOF)
			break;
		snprintf(key, sizeof(key), "%s", t);
		kline = line;
		have = true;
		got = false;
	}
	free(nl);
}

/* --- unbound --- */

enum ukind {
	U_FILE,			/* read: must exist */
	U_OBJECT,		/* dlopen()ed */
	U_PLACE,		/* written: its directory */
	U_ANCHOR,		/* read and rewritten: the file and directory */
	U_ZONE,			/* read if there, else written: its directory */
	U_KEY,			/* a file that may hold a private key */
};

struct upath {
	char		*path;
	char		*file;
	char		*why;
	char		*what;		/* the option */
	int		 line;
	enum ukind	 kind;
	bool		 asis;		/* opened before the chroot: an
					   absolute name is where it says */
};

struct ub {
	struct scx	*x;
	char		 directory[PATH_MAX];
	char		 chroot[PATH_MAX];
	char		 clause[64];
	char		 ctl[4][PATH_MAX];	/* server key, cert, control
						   key, cert */
	char		 ctl_file[PATH_MAX];	/* where control-enable was */
	int		 ctl_line;
	bool		 ctl_enable, ctl_cert, ctl_tcp, ctl_sock;
	struct upath	*v;
	size_t		 n, cap;
};

static void ub_file(struct ub *u, const char *path, const char *why,
    const char *from, int fromline, bool optional);

/* Keep a name to resolve at the end; returns it, or NULL. */
static struct upath *
ub_later(struct ub *u, const char *path, const char *file, int line,
    const char *what, enum ukind kind)
{
	struct upath *p;
	char why[PATH_MAX + 96];

	if (path[0] == '\0')
		return (NULL);
	if (u->n >= UB_MAX_PATHS) {
		scx_problem(u->x, file, line, "more than %d files named; the "
		    "rest were not followed", UB_MAX_PATHS);
		return (NULL);
	}
	if (u->n == u->cap) {
		size_t ncap = u->cap ? u->cap * 2 : 16;

		if ((p = reallocarray(u->v, ncap, sizeof(*p))) == NULL) {
			scx_oom(u->x);
			return (NULL);
		}
		u->v = p;
		u->cap = ncap;
	}
	snprintf(why, sizeof(why), "%s in %s line %d", what, file, line);
	p = &u->v[u->n];
	memset(p, 0, sizeof(*p));
	p->line = line;
	p->kind = kind;
	if ((p->path = strdup(path)) == NULL ||
	    (p->file = strdup(file)) == NULL ||
	    (p->why = strdup(why)) == NULL ||
	    (p->what = strdup(what)) == NULL) {
		free(p->path);
		free(p->file);
		free(p->why);
		scx_oom(u->x);
		return (NULL);
	}
	u->n++;
	return (p);
}

static void
ub_include_file(void *arg, const char *path, const char *why,
    const char *from, int fromline)
{
	ub_file(arg, path, why, from, fromline, false);
}

static void
ub_include(struct ub *u, const char *arg, const char *file, int line)
{
	/* A pattern matching nothing is no error to unbound. */
	const struct scx_inc inc = { .what = "include", .base = "/",
	    .nomatch = NULL, .file = ub_include_file, .arg = u };

	if (arg[0] == '\0') {
		scx_problem(u->x, file, line, "empty include file name");
		return;
	}
	scx_include(u->x, &inc, arg, file, line);
}

static bool
is_clause(const char *k)
{
	static const char *const clauses[] = { "server", "remote-control",
	    "stub-zone", "forward-zone", "auth-zone", "view", "python",
	    "dynlib", "dnscrypt", "cachedb", "dnstap", "rpz", "ipset" };

	for (size_t i = 0; i < sizeof(clauses) / sizeof(clauses[0]); i++)
		if (strcmp(k, clauses[i]) == 0)
			return (true);
	return (false);
}

/* One "key: value" (v the first value, maybe "") at file:line. */
static void
ub_option(void *arg, const char *k, const char *v, const char *file,
    int line)
{
	static const struct {
		const char	*clause, *key;
		enum ukind	 kind;
	} opts[] = {
		{ "server", "root-hints", U_FILE },
		{ "server", "trust-anchor-file", U_FILE },
		{ "server", "trusted-keys-file", U_FILE },
		{ "server", "auto-trust-anchor-file", U_ANCHOR },
		{ "server", "tls-service-key", U_KEY },
		{ "server", "ssl-service-key", U_KEY },
		{ "server", "tls-service-pem", U_KEY },
		{ "server", "ssl-service-pem", U_KEY },
		{ "server", "tls-cert-bundle", U_FILE },
		{ "server", "logfile", U_PLACE },
		{ "server", "cookie-secret-file", U_KEY },
		{ "auth-zone", "zonefile", U_ZONE },
		{ "rpz", "zonefile", U_ZONE },
		{ "python", "python-script", U_FILE },
		{ "dynlib", "dynlib-file", U_OBJECT },
		{ "dnscrypt", "dnscrypt-secret-key", U_KEY },
		{ "dnscrypt", "dnscrypt-provider-cert", U_FILE },
	};
	static const char *const ctl[] = { "server-key-file",
	    "server-cert-file", "control-key-file", "control-cert-file" };
	struct ub *u = arg;
	struct upath *p;

	if (strcmp(k, "include") == 0 || strcmp(k, "include-toplevel") == 0) {
		if (strcmp(k, "include-toplevel") == 0)
			u->clause[0] = '\0';
		ub_include(u, v, file, line);
		return;
	}
	if (strcmp(u->clause, "server") == 0) {
		if (strcmp(k, "directory") == 0 &&
		    !abs_join(u->directory, sizeof(u->directory), "/", v))
			scx_problem(u->x, file, line, "directory too long");
		else if (strcmp(k, "chroot") == 0)
			snprintf(u->chroot, sizeof(u->chroot), "%s", v);
		else if (strcmp(k, "pidfile") == 0 &&
		    (p = ub_later(u, v, file, line, k, U_PLACE)) != NULL)
			p->asis = true;
	}
	if (strcmp(u->clause, "remote-control") == 0) {
		if (strcmp(k, "control-enable") == 0) {
			u->ctl_enable = strcmp(v, "yes") == 0;
			snprintf(u->ctl_file, sizeof(u->ctl_file), "%s", file);
			u->ctl_line = line;
		} else if (strcmp(k, "control-use-cert") == 0)
			u->ctl_cert = strcmp(v, "yes") == 0;
		else if (strcmp(k, "control-interface") == 0) {
			/* A socket in the file system needs no certificate. */
			if (v[0] == '/') {
				u->ctl_sock = true;
				if ((p = ub_later(u, v, file, line, k,
				    U_PLACE)) != NULL)
					p->asis = true;
			} else
				u->ctl_tcp = true;
		}
		for (size_t i = 0; i < 4; i++)
			if (strcmp(k, ctl[i]) == 0)
				snprintf(u->ctl[i], sizeof(u->ctl[i]), "%s", v);
	}
	for (size_t i = 0; i < sizeof(opts) / sizeof(opts[0]); i++)
		if (strcmp(u->clause, opts[i].clause) == 0 &&
		    strcmp(k, opts[i].key) == 0)
			(void)ub_later(u, v, file, line, k, opts[i].kind);
}

/* A key with no value: a clause when unbound knows it as one. */
static void
ub_clause(void *arg, const char *k, const char *file, int line)
{
	struct ub *u = arg;

	(void)file;
	(void)line;
	if (is_clause(k))
		snprintf(u->clause, sizeof(u->clause), "%s", k);
}

static void
ub_file(struct ub *u, const char *path, const char *why, const char *from,
    int fromline, bool optional)
{
	const char *buf;
	size_t len;

	if (scx_open(u->x, path, why, from, fromline, optional, &buf,
	    &len) != 0)
		return;
	nl_options(u->x, buf, len, path, ub_option, ub_clause, u);
	scx_close(u->x);
}

/* The path unbound opens for name (fname_after_chroot with chdir). */
static bool
ub_path(const struct ub *u, const char *name, bool asis, char *out,
    size_t len)
{
	const char *cr = u->chroot, *dir = u->directory;
	size_t crn = strlen(cr);
	char tmp[PATH_MAX];

	if (asis && name[0] == '/')
		return ((size_t)snprintf(out, len, "%s", name) < len);
	if (crn > 0 && strncmp(cr, name, crn) == 0)
		return ((size_t)snprintf(out, len, "%s", name) < len);
	if (crn > 0 && strncmp(cr, dir, crn) == 0)
		dir += crn;
	if (!abs_join(tmp, sizeof(tmp), dir[0] ? dir : "/", name))
		return (false);
	if (crn == 0)
		return ((size_t)snprintf(out, len, "%s", tmp) < len);
	return ((size_t)snprintf(out, len, "%s%s%s", cr,
	    tmp[0] == '/' ? "" : "/", tmp) < len);
}

static void
ub_resolve(struct ub *u)
{
	bool fbsd = u->x->plat == JT_PLAT_FREEBSD;
	char path[PATH_MAX], dir[PATH_MAX];

	for (size_t i = 0; i < u->n && u->x->rc == 0; i++) {
		struct upath *p = &u->v[i];

		if (!ub_path(u, p->path, p->asis, path, sizeof(path))) {
			scx_problem(u->x, p->file, p->line, "%s: path too "
			    "long", p->path);
			continue;
		}
		path_dirname(dir, sizeof(dir), path);
		switch (p->kind) {
		case U_FILE:
			(void)scx_need(u->x, path, JT_SVC_FILE, p->why,
			    p->file, p->line);
			break;
		case U_KEY:
			if (scx_need(u->x, path, JT_SVC_FILE, p->why, p->file,
			    p->line))
				scx_key_mode(u->x, path, p->what, p->file,
				    p->line);
			break;
		case U_OBJECT:
			(void)scx_need(u->x, path, JT_SVC_OBJECT, p->why,
			    p->file, p->line);
			break;
		case U_PLACE:
			(void)scx_need(u->x, dir, JT_SVC_PLACE, p->why,
			    p->file, p->line);
			break;
		case U_ZONE:
			if (scx_exists(u->x, path, JT_FT_NONE))
				(void)scx_need(u->x, path, JT_SVC_FILE,
				    p->why, p->file, p->line);
			else
				(void)scx_need(u->x, dir, JT_SVC_PLACE,
				    p->why, p->file, p->line);
			break;
		case U_ANCHOR:
			/* Written back through a temporary beside it. */
			if (!scx_need(u->x, dir, JT_SVC_PLACE, p->why,
			    p->file, p->line))
				break;
			/*
			 * Debian's unbound-helper copies dns-root-data's key
			 * in before each start (the profile's prestart).
			 */
			if (!fbsd && !scx_exists(u->x, path, JT_FT_NONE) &&
			    scx_exists(u->x, "/usr/share/dns/root.key",
			    JT_FT_REG)) {
				scx_add(u->x, "/usr/share/dns/root.key",
				    JT_SVC_FILE, p->why);
				break;
			}
			(void)scx_need(u->x, path, JT_SVC_FILE, p->why,
			    p->file, p->line);
			break;
		}
	}
}

void
sc_unbound(struct scx *x, const char *conf)
{
	struct ub u = { .x = x, .ctl_cert = true };
	bool fbsd = x->plat == JT_PLAT_FREEBSD;
	static const char *const ctl[] = { "unbound_server.key",
	    "unbound_server.pem", "unbound_control.key",
	    "unbound_control.pem" };
	const char *home;
	char path[PATH_MAX];

	/* The compiled-in defaults: base, ports, Debian. */
	if (conf == NULL)
		conf = fbsd ? "/var/unbound/unbound.conf" :
		    "/etc/unbound/unbound.conf";
	home = !fbsd ? "/etc/unbound" : strncmp(conf, "/usr/local/", 11) == 0 ?
	    "/usr/local/etc/unbound" : "/var/unbound";
	snprintf(u.directory, sizeof(u.directory), "%s", home);
	snprintf(u.chroot, sizeof(u.chroot), "%s", fbsd ? home : "");
	for (size_t i = 0; i < 4; i++)
		snprintf(u.ctl[i], sizeof(u.ctl[i]), "%s/%s", home, ctl[i]);
	ub_file(&u, conf, "unbound configuration", NULL, 0, true);
	/*
	 * The control channel's TLS files: when it is enabled with
	 * certificates over TCP (the default interface is 127.0.0.1); a
	 * socket in the file system needs none.
	 */
	if (u.ctl_enable && u.ctl_cert && (u.ctl_tcp || !u.ctl_sock))
		for (size_t i = 0; i < 4; i++)
			(void)ub_later(&u, u.ctl[i], u.ctl_file, u.ctl_line,
			    "control-enable", i % 2 == 0 ? U_KEY : U_FILE);
	ub_resolve(&u);
	/* unbound stops when it cannot enter its root and directory. */
	if (x->rc == 0 && u.chroot[0] != '\0')
		(void)scx_need(x, u.chroot, JT_SVC_PLACE, "unbound's chroot",
		    conf, 0);
	if (x->rc == 0 && u.directory[0] != '\0' &&
	    ub_path(&u, u.directory, false, path, sizeof(path)))
		(void)scx_need(x, path, JT_SVC_PLACE, "unbound's directory",
		    conf, 0);
	for (size_t i = 0; i < u.n; i++) {
		free(u.v[i].path);
		free(u.v[i].file);
		free(u.v[i].why);
		free(u.v[i].what);
	}
	free(u.v);
}
