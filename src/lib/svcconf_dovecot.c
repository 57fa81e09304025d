/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Dovecot 2.3 dovecot.conf (src/config/config-parser.c; doc "Config
 * file syntax"):
 *   - one setting a line; a line ending in "\" continues on the next;
 *     "#" outside quotes starts a comment; blank lines are nothing;
 *   - "key = value" (a value in "..." or '...' is unquoted; "<path"
 *     makes the file's content the value, a relative path being
 *     relative to the file naming it: ssl_cert = </etc/x.pem);
 *   - "section [name] {" opens a section, "}" closes it;
 *   - "!include PATH" and "!include_try PATH" (no error when nothing
 *     matches) read other files; a relative PATH is relative to the
 *     including file's directory, and globs are expanded.
 * Dovecot refuses to start on a line with neither "=" nor "{"
 * ("Expecting '='"), an unmatched "}" and a section left open.
 * Followed: every file included, every "<path" value (a *_key one keeps
 * its mode: others reading it is a warning), the plugins mail_plugins
 * names (libNN_NAME_plugin.so in the module directory), the TLS module
 * when ssl is not "no", the auth modules of passdb/userdb drivers built
 * as modules, passwd-file args, and the programs of the libexec
 * directory (the services dovecot starts).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "svcconf_int.h"

#define DC_MAX_SECTIONS	32

struct dc {
	struct scx	*x;
	const char	*moduledir;
	char		 ssl[16];	/* last top-level "ssl" */
	struct jt_strv	 plugins;	/* mail_plugins words */
	struct jt_strv	 drivers;	/* passdb/userdb drivers */
	int		 depth;		/* open sections */
	char		 sect[DC_MAX_SECTIONS][32];
	char		 driver[64];	/* of the open passdb/userdb */
};

static void dc_file(struct dc *dc, const char *path, const char *why,
    const char *from, int fromline, bool optional);

/* Cut a "#" comment outside quotes; false on an unterminated quote. */
static bool
dc_uncomment(char *s)
{
	char q = 0;

	for (char *p = s; *p != '\0'; p++) {
		if (q != 0) {
			if (*p == '\\' && p[1] != '\0')
				p++;
			else if (*p == q)
				q = 0;
		} else if (*p == '"' || *p == '\'')
			q = *p;
		else if (*p == '#') {
			*p = '\0';
			break;
		}
	}
	return (q == 0);
}

static char *
dc_trim(char *s)
{
	char *e;

	s += strspn(s, " \t\r");
	for (e = s + strlen(s); e > s && strchr(" \t\r", e[-1]) != NULL; e--)
		;
	*e = '\0';
	return (s);
}

/* A value's quotes removed in place. */
static char *
dc_unquote(char *v)
{
	size_t n = strlen(v);

	if (n >= 2 && (v[0] == '"' || v[0] == '\'') && v[n - 1] == v[0]) {
		v[n - 1] = '\0';
		return (v + 1);
	}
	return (v);
}

static void
dc_include_file(void *arg, const char *path, const char *why,
    const char *from, int fromline)
{
	dc_file(arg, path, why, from, fromline, false);
}

static void
dc_include_try(void *arg, const char *path, const char *why,
    const char *from, int fromline)
{
	dc_file(arg, path, why, from, fromline, true);
}

/* !include_try: a missing file or a glob matching nothing is no error. */
static void
dc_include(struct dc *dc, const char *arg, bool optional, const char *file,
    int line)
{
	char dir[PATH_MAX];
	const struct scx_inc inc = {
		.what = optional ? "!include_try" : "!include",
		.base = dir,
		.nomatch = optional ? NULL :
		    "matches nothing (dovecot will not start)",
		.file = optional ? dc_include_try : dc_include_file,
		.arg = dc,
	};

	path_dirname(dir, sizeof(dir), file);
	scx_include(dc->x, &inc, arg, file, line);
}

static void
dc_words(struct dc *dc, struct jt_strv *sv, const char *v)
{
	char buf[SC_MAX_LINE], *w[256];
	size_t n;

	snprintf(buf, sizeof(buf), "%s", v);
	n = split_words(buf, w, sizeof(w) / sizeof(w[0]), 0);
	for (size_t i = 0; i < n; i++)
		if (w[i][0] != '$' && strv_push_uniq(sv, w[i]) != 0)
			scx_oom(dc->x);
}

static void
dc_setting(struct dc *dc, const char *key, char *val, const char *file,
    int line)
{
	const char *top = dc->depth > 0 ? dc->sect[dc->depth - 1] : "";
	char dir[PATH_MAX], path[PATH_MAX], why[PATH_MAX + 64];

	snprintf(why, sizeof(why), "%s in %s line %d", key, file, line);
	if (val[0] == '<') {
		/* the file's content is the value: read at start */
		path_dirname(dir, sizeof(dir), file);
		if (abs_join(path, sizeof(path), dir, dc_trim(val + 1)) &&
		    scx_need(dc->x, path, JT_SVC_FILE, why, file, line) &&
		    str_ends(key, "_key"))
			scx_key_mode(dc->x, path, key, file, line);
		return;
	}
	val = dc_unquote(val);
	if (strcmp(key, "ssl") == 0 && dc->depth == 0)
		snprintf(dc->ssl, sizeof(dc->ssl), "%s", val);
	else if (strcmp(key, "mail_plugins") == 0)
		dc_words(dc, &dc->plugins, val);
	else if (strcmp(key, "driver") == 0 && (strcmp(top, "passdb") == 0 ||
	    strcmp(top, "userdb") == 0)) {
		snprintf(dc->driver, sizeof(dc->driver), "%s", val);
		if (strv_push_uniq(&dc->drivers, val) != 0)
			scx_oom(dc->x);
	} else if (strcmp(key, "args") == 0 && strcmp(dc->driver,
	    "passwd-file") == 0) {
		char buf[SC_MAX_LINE], *w[32];
		size_t n;

		/* passwd-file [opts] PATH: the last word */
		snprintf(buf, sizeof(buf), "%s", val);
		n = split_words(buf, w, 32, 0);
		if (n > 0 && w[n - 1][0] == '/' && strchr(w[n - 1], '%') ==
		    NULL)
			(void)scx_need(dc->x, w[n - 1], JT_SVC_FILE, why, file,
			    line);
	}
}

static void
dc_line(struct dc *dc, char *s, const char *file, int line)
{
	char *key, *rest;
	size_t n;

	if (!dc_uncomment(s)) {
		scx_problem(dc->x, file, line, "unterminated quote "
		    "(dovecot will not start)");
		return;
	}
	s = dc_trim(s);
	if (*s == '\0')
		return;
	if (strncmp(s, "!include_try", 12) == 0 && strchr(" \t", s[12])) {
		dc_include(dc, dc_unquote(dc_trim(s + 12)), true, file, line);
		return;
	}
	if (strncmp(s, "!include", 8) == 0 && strchr(" \t", s[8])) {
		dc_include(dc, dc_unquote(dc_trim(s + 8)), false, file, line);
		return;
	}
	if (strcmp(s, "}") == 0) {
		if (dc->depth == 0) {
			scx_problem(dc->x, file, line, "unexpected '}' "
			    "(dovecot will not start)");
			return;
		}
		if (strcmp(dc->sect[--dc->depth], "passdb") == 0 ||
		    strcmp(dc->sect[dc->depth], "userdb") == 0)
			dc->driver[0] = '\0';
		return;
	}
	key = s;
	n = strcspn(s, " \t={");
	rest = dc_trim(s + n);
	if (*rest == '=') {
		s[n] = '\0';
		dc_setting(dc, key, dc_trim(rest + 1), file, line);
		return;
	}
	/* "section {" or "section name {" */
	n = strlen(rest);
	if ((n > 0 && rest[n - 1] == '{') || (*rest == '\0' && key[strlen(
	    key) - 1] == '{')) {
		key[strcspn(key, " \t{")] = '\0';
		if (dc->depth >= DC_MAX_SECTIONS) {
			scx_problem(dc->x, file, line, "sections nested deeper "
			    "than %d", DC_MAX_SECTIONS);
			return;
		}
		snprintf(dc->sect[dc->depth++], sizeof(dc->sect[0]), "%s",
		    key);
		return;
	}
	scx_problem(dc->x, file, line, "expecting '=' (dovecot will not "
	    "start)");
}

static void
dc_file(struct dc *dc, const char *path, const char *why, const char *from,
    int fromline, bool optional)
{
	char buf[SC_MAX_LINE];
	struct lines l;
	const char *data;
	size_t len;
	int n, line;

	if (scx_open(dc->x, path, why, from, fromline, optional, &data,
	    &len) != 0)
		return;
	lines_init(&l, data, len);
	while (dc->x->rc == 0 &&
	    (n = lines_next(&l, buf, sizeof(buf), true, &line)) != 0) {
		if (n < 0)
			scx_problem(dc->x, path, line, "line longer than %d "
			    "bytes; not read", SC_MAX_LINE);
		else
			dc_line(dc, buf, path, line);
	}
	scx_close(dc->x);
}

/* The modules of dir matching pattern, or a problem (not optional). */
static void
dc_module(struct dc *dc, const char *dir, const char *pattern,
    const char *why, const char *conf, bool optional)
{
	char path[PATH_MAX];
	struct jt_strv m = { 0 };

	if (!path_join(path, sizeof(path), dir, pattern))
		return;
	if (scx_glob(dc->x, path, &m, conf, 0) == 0 && !optional)
		scx_problem(dc->x, conf, 0, "%s: no %s in %s (dovecot will not "
		    "start)", why, pattern, dir);
	for (size_t i = 0; i < m.n; i++)
		scx_add(dc->x, m.v[i], JT_SVC_OBJECT, why);
	strv_free(&m);
}

/* The programs of the libexec directory: the services dovecot starts. */
static void
dc_programs(struct dc *dc, const char *libexec)
{
	char pat[PATH_MAX], why[PATH_MAX + 32];
	struct jt_strv m = { 0 };
	struct jt_stat st;
	struct jt_err e;

	snprintf(why, sizeof(why), "a dovecot service program (%s)", libexec);
	if (!path_join(pat, sizeof(pat), libexec, "*"))
		return;
	(void)scx_glob(dc->x, pat, &m, NULL, 0);
	for (size_t i = 0; i < m.n && dc->x->rc == 0; i++) {
		const char *b = path_basename(m.v[i]);

		/* the libraries come with the programs' closures */
		if (strncmp(b, "lib", 3) == 0 || scx_stat(dc->x, m.v[i], &st,
		    &e) != 0 || st.type != JT_FT_REG || (st.mode & 0111) == 0)
			continue;
		scx_add(dc->x, m.v[i], JT_SVC_OBJECT, why);
	}
	strv_free(&m);
}

void
sc_dovecot(struct scx *x, const char *conf)
{
	bool fbsd = x->plat == JT_PLAT_FREEBSD;
	const char *libexec = fbsd ? "/usr/local/libexec/dovecot" :
	    "/usr/lib/dovecot";
	struct dc dc = { .x = x, .moduledir = fbsd ? "/usr/local/lib/dovecot" :
	    "/usr/lib/dovecot/modules" };
	char pat[256], why[PATH_MAX + 64], auth[PATH_MAX];

	if (conf == NULL)
		conf = fbsd ? "/usr/local/etc/dovecot/dovecot.conf" :
		    "/etc/dovecot/dovecot.conf";
	/* dovecot's compiled-in default is ssl = yes */
	snprintf(dc.ssl, sizeof(dc.ssl), "yes");
	dc_file(&dc, conf, "dovecot configuration", NULL, 0, false);
	if (x->rc != 0)
		goto out;
	if (dc.depth > 0)
		scx_problem(x, conf, 0, "missing '}': %d section%s left open "
		    "(dovecot will not start)", dc.depth, dc.depth > 1 ? "s" :
		    "");
	dc_programs(&dc, libexec);
	if (strcmp(dc.ssl, "no") != 0) {
		snprintf(why, sizeof(why), "ssl = %s in %s", dc.ssl, conf);
		dc_module(&dc, dc.moduledir, "libssl_iostream_openssl.so", why,
		    conf, false);
	}
	for (size_t i = 0; i < dc.plugins.n && x->rc == 0; i++) {
		if (strpbrk(dc.plugins.v[i], "/*?[") != NULL ||
		    strlen(dc.plugins.v[i]) > 64)
			continue;
		snprintf(why, sizeof(why), "mail_plugins %s in %s",
		    dc.plugins.v[i], conf);
		/* libNN_NAME_plugin.so: NN orders the loading */
		snprintf(pat, sizeof(pat), "lib[0-9][0-9]_%s_plugin.so",
		    dc.plugins.v[i]);
		dc_module(&dc, dc.moduledir, pat, why, conf, false);
	}
	/* drivers built as modules; the others are in the auth process */
	for (size_t i = 0; i < dc.drivers.n && x->rc == 0; i++) {
		if (strpbrk(dc.drivers.v[i], "/*?[") != NULL ||
		    strlen(dc.drivers.v[i]) > 64 ||
		    !path_join(auth, sizeof(auth), dc.moduledir, "auth"))
			continue;
		snprintf(why, sizeof(why), "passdb/userdb driver %s in %s",
		    dc.drivers.v[i], conf);
		snprintf(pat, sizeof(pat), "libauthdb_%s.so", dc.drivers.v[i]);
		dc_module(&dc, auth, pat, why, conf, true);
	}
out:
	strv_free(&dc.plugins);
	strv_free(&dc.drivers);
}
