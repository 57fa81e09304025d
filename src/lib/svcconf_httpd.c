/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Apache httpd and nginx configurations: included files, dlopen()ed
 * modules, the MIME types file and document roots.
 *
 * Apache 2.4 (server/config.c ap_process_resource_config(),
 * ap_server_root_relative(); docs of Include, IncludeOptional, LoadModule,
 * TypesConfig, DocumentRoot; facts §4.4): relative paths are relative to
 * ServerRoot as it stands when the directive is read; "Include" fails when
 * a wildcard matches nothing, "IncludeOptional" does not; a directory is
 * read whole, recursively, in sorted order.  <IfModule>, <IfDefine> and
 * the other sections are not evaluated: everything inside them counts as
 * active, which can only keep more than httpd would use.
 * SSLCertificateFile/KeyFile are ServerRoot-relative files (a key others
 * can read is a warning); ErrorLog and CustomLog/TransferLog name a file,
 * whose directory httpd writes in, or "|program" (mod_log_config,
 * ap_open_piped_log()); PidFile is relative to DefaultRuntimeDir, itself
 * ServerRoot-relative, "logs" by default (ap_runtime_dir_relative()).
 * Debian names these with variables its envvars sets at start-up: those
 * are left to the profile's directories, without a problem.
 *
 * nginx (src/core/ngx_conf_file.c ngx_conf_include(), ngx_conf_full_name()):
 * "include" is relative to the directory of nginx.conf and uses glob(3),
 * where no match is fine; "load_module" and "root" are relative to the
 * compiled-in --prefix, read from the binary's "configure arguments"
 * (facts §4.5).  ssl_certificate(_key) are relative to the directory of
 * nginx.conf (ngx_ssl_certificate(), ngx_conf_full_name(..., 1)), "data:"
 * and "engine:" name no file, a key others can read is a warning; "pid",
 * "error_log" and "access_log" are relative to --prefix, and nginx writes
 * in their directories ("stderr", "syslog:", "memory:" and "off" are no
 * files); "fastcgi_pass"/"uwsgi_pass"/"scgi_pass" "unix:PATH" name a
 * socket whose directory must be in the jail (ngx_parse_url()).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "svcconf_int.h"

/* ------------------------------------------------------------------ */
/* Apache */

struct apache {
	struct scx	*x;
	char		 root[PATH_MAX];	/* ServerRoot */
	char		 rundir[PATH_MAX];	/* DefaultRuntimeDir, "" */
	struct jt_strv	 defs;			/* Define: "NAME=VALUE" */
	bool		 mime_module;		/* LoadModule mime_module */
	bool		 types_config;		/* TypesConfig given */
};

static void ap_file(struct apache *a, const char *path, const char *why,
    const char *from, int fromline);

/*
 * ${NAME} from Define (ap_resolve_env()); unknown ones are told unless
 * quiet.
 */
static bool
ap_subst_q(struct apache *a, const char *in, char *out, size_t len,
    const char *file, int line, bool quiet)
{
	size_t o = 0;

	while (*in != '\0') {
		const char *val = NULL, *close;

		if (in[0] == '$' && in[1] == '{' &&
		    (close = strchr(in, '}')) != NULL) {
			size_t n = (size_t)(close - in - 2);

			for (size_t i = a->defs.n; i-- > 0 && val == NULL;)
				if (strncmp(a->defs.v[i], in + 2, n) == 0 &&
				    a->defs.v[i][n] == '=')
					val = a->defs.v[i] + n + 1;
			if (val == NULL && quiet)
				return (false);
			if (val == NULL) {
				scx_problem(a->x, file, line, "%s: variable "
				    "%.*s is not defined in the configuration "
				    "(Debian sets some in envvars); not "
				    "followed", in, (int)n, in + 2);
				return (false);
			}
			if (o + strlen(val) >= len)
				return (false);
			memcpy(out + o, val, strlen(val));
			o += strlen(val);
			in = close + 1;
			continue;
		}
		if (o + 1 >= len)
			return (false);
		out[o++] = *in++;
	}
	out[o] = '\0';
	return (true);
}

static bool
ap_subst(struct apache *a, const char *in, char *out, size_t len,
    const char *file, int line)
{
	return (ap_subst_q(a, in, out, len, file, line, false));
}

/* ap_server_root_relative(), after ${} substitution. */
static bool
ap_path(struct apache *a, const char *arg, char *out, size_t len,
    const char *file, int line)
{
	char sub[PATH_MAX];

	if (!ap_subst(a, arg, sub, sizeof(sub), file, line))
		return (false);
	if (!abs_join(out, len, a->root, sub)) {
		scx_problem(a->x, file, line, "%s: path too long", arg);
		return (false);
	}
	return (true);
}

/* A file or, for a directory, every file under it. */
static void
ap_read(struct apache *a, const char *path, const char *why, const char *from,
    int fromline)
{
	struct jt_strv files = { 0 };

	if (!scx_exists(a->x, path, JT_FT_DIR)) {
		ap_file(a, path, why, from, fromline);
		return;
	}
	scx_listdir(a->x, path, &files, from, fromline);
	for (size_t i = 0; i < files.n && a->x->rc == 0; i++)
		ap_file(a, files.v[i], why, from, fromline);
	strv_free(&files);
}

/*
 * Not scx_include(): the name has ${VAR}s put in, and a missing plain
 * name is told the way httpd fails, before anything is opened.
 */
static void
ap_include(struct apache *a, const char *arg, bool optional,
    const char *file, int line)
{
	struct jt_strv m = { 0 };
	char path[PATH_MAX], why[PATH_MAX + 64];

	if (!ap_path(a, arg, path, sizeof(path), file, line))
		return;
	snprintf(why, sizeof(why), "%s in %s line %d", optional ?
	    "IncludeOptional" : "Include", file, line);
	if (!has_glob(path)) {
		if (scx_exists(a->x, path, JT_FT_NONE))
			ap_read(a, path, why, file, line);
		else if (!optional && a->x->rc == 0)
			scx_problem(a->x, file, line, "Include %s: not in the "
			    "source; httpd refuses to start", path);
		return;
	}
	if (scx_glob(a->x, path, &m, file, line) == 0 && !optional &&
	    a->x->rc == 0)
		scx_problem(a->x, file, line, "Include %s: the wildcard "
		    "matches nothing; httpd 2.4 refuses to start "
		    "(IncludeOptional would not)", path);
	for (size_t i = 0; i < m.n && a->x->rc == 0; i++)
		ap_read(a, m.v[i], why, file, line);
	strv_free(&m);
}

/*
 * A file httpd writes (a log, the pid file) relative to base: its
 * directory, alone.  Undefined variables: Debian's envvars, not here.
 */
static void
ap_place(struct apache *a, const char *base, const char *arg,
    const char *why, const char *file, int line)
{
	char sub[PATH_MAX], path[PATH_MAX], dir[PATH_MAX];

	if (!ap_subst_q(a, arg, sub, sizeof(sub), file, line, true))
		return;
	if (!abs_join(path, sizeof(path), base, sub)) {
		scx_problem(a->x, file, line, "%s: path too long", arg);
		return;
	}
	path_dirname(dir, sizeof(dir), path);
	(void)scx_need(a->x, dir, JT_SVC_PLACE, why, file, line);
}

/* ErrorLog, CustomLog, TransferLog: "|program", "syslog[:...]" or a file. */
static void
ap_log(struct apache *a, const char *arg, const char *why, const char *file,
    int line)
{
	char sub[PATH_MAX], prog[PATH_MAX];
	size_t n;

	if (strcmp(arg, "syslog") == 0 || strncmp(arg, "syslog:", 7) == 0)
		return;
	if (arg[0] != '|') {
		ap_place(a, a->root, arg, why, file, line);
		return;
	}
	/* "||prog" runs it directly, "|$prog" through the shell. */
	arg += strspn(arg, "|$");
	if (!ap_subst_q(a, arg, sub, sizeof(sub), file, line, true))
		return;
	n = strcspn(sub, " \t");
	if (n == 0 || n >= sizeof(prog))
		return;
	memcpy(prog, sub, n);
	prog[n] = '\0';
	if (abs_join(sub, sizeof(sub), a->root, prog))
		(void)scx_need(a->x, sub, JT_SVC_OBJECT, why, file, line);
}

static void
ap_directive(struct apache *a, char **w, size_t n, const char *file, int line)
{
	char path[PATH_MAX], why[PATH_MAX + 64];
	const char *d = w[0];

	snprintf(why, sizeof(why), "%s in %s line %d", d, file, line);
	if (strcasecmp(d, "ServerRoot") == 0 && n >= 2) {
		if (!ap_subst(a, w[1], path, sizeof(path), file, line))
			return;
		if (path[0] != '/')
			scx_problem(a->x, file, line, "ServerRoot %s is not "
			    "absolute; ignored", path);
		else
			snprintf(a->root, sizeof(a->root), "%s", path);
	} else if ((strcasecmp(d, "Include") == 0 ||
	    strcasecmp(d, "IncludeOptional") == 0) && n >= 2) {
		ap_include(a, w[1], strcasecmp(d, "IncludeOptional") == 0,
		    file, line);
	} else if (strcasecmp(d, "LoadModule") == 0 && n >= 3) {
		snprintf(why, sizeof(why), "LoadModule %s in %s line %d", w[1],
		    file, line);
		if (strcmp(w[1], "mime_module") == 0)
			a->mime_module = true;
		if (ap_path(a, w[2], path, sizeof(path), file, line))
			(void)scx_need(a->x, path, JT_SVC_OBJECT, why, file,
			    line);
	} else if (strcasecmp(d, "LoadFile") == 0) {
		for (size_t i = 1; i < n; i++)
			if (ap_path(a, w[i], path, sizeof(path), file, line))
				(void)scx_need(a->x, path, JT_SVC_OBJECT, why,
				    file, line);
	} else if (strcasecmp(d, "TypesConfig") == 0 && n >= 2) {
		/* A missing types file is fatal: AH01597. */
		a->types_config = true;
		if (ap_path(a, w[1], path, sizeof(path), file, line))
			(void)scx_need(a->x, path, JT_SVC_FILE, why, file,
			    line);
	} else if (strcasecmp(d, "DocumentRoot") == 0 && n >= 2) {
		if (ap_path(a, w[1], path, sizeof(path), file, line))
			(void)scx_need(a->x, path, JT_SVC_DIR, why, file, line);
	} else if ((strcasecmp(d, "SSLCertificateFile") == 0 ||
	    strcasecmp(d, "SSLCertificateKeyFile") == 0 ||
	    strcasecmp(d, "SSLCertificateChainFile") == 0 ||
	    strcasecmp(d, "SSLCACertificateFile") == 0) && n >= 2) {
		/* mod_ssl takes PKCS#11 URIs too: no file to copy. */
		if (strncmp(w[1], "pkcs11:", 7) == 0)
			return;
		if (ap_path(a, w[1], path, sizeof(path), file, line) &&
		    scx_need(a->x, path, JT_SVC_FILE, why, file, line) &&
		    strncasecmp(d, "SSLCertificate", 14) == 0)
			/* A certificate file may hold the key too. */
			scx_key_mode(a->x, path, d, file, line);
	} else if (strcasecmp(d, "DefaultRuntimeDir") == 0 && n >= 2) {
		if (!ap_subst_q(a, w[1], path, sizeof(path), file, line,
		    true) || !abs_join(a->rundir, sizeof(a->rundir), a->root,
		    path))
			a->rundir[0] = '\0';
	} else if (strcasecmp(d, "PidFile") == 0 && n >= 2) {
		char rundir[PATH_MAX];

		if (a->rundir[0] != '\0')
			snprintf(rundir, sizeof(rundir), "%s", a->rundir);
		else if (!abs_join(rundir, sizeof(rundir), a->root, "logs"))
			return;
		ap_place(a, rundir, w[1], why, file, line);
	} else if ((strcasecmp(d, "ErrorLog") == 0 ||
	    strcasecmp(d, "TransferLog") == 0 ||
	    strcasecmp(d, "CustomLog") == 0) && n >= 2) {
		ap_log(a, w[1], why, file, line);
	} else if (strcasecmp(d, "Define") == 0 && n >= 2) {
		snprintf(path, sizeof(path), "%s=%s", w[1], n >= 3 ? w[2] : "");
		if (strv_push(&a->defs, path) != 0)
			scx_oom(a->x);
	}
}

static void
ap_file(struct apache *a, const char *path, const char *why, const char *from,
    int fromline)
{
	char line[SC_MAX_LINE], *w[16];
	const char *buf;
	struct lines l;
	size_t len, n;
	int rc, lineno;

	if (scx_open(a->x, path, why, from, fromline, false, &buf, &len) != 0)
		return;
	lines_init(&l, buf, len);
	while (a->x->rc == 0 && (rc = lines_next(&l, line, sizeof(line), true,
	    &lineno)) != 0) {
		if (rc < 0) {
			scx_problem(a->x, path, lineno, "line longer than %d "
			    "bytes; not read", SC_MAX_LINE);
			continue;
		}
		/* "#" starts a comment only at the start of a line. */
		if (line[strspn(line, " \t")] == '#')
			continue;
		if ((n = split_words(line, w, 16, W_QUOTES)) > 0 &&
		    w[0][0] != '<')
			ap_directive(a, w, n, path, lineno);
	}
	scx_close(a->x);
}

void
sc_httpd(struct scx *x, const char *conf)
{
	struct apache a = { .x = x };
	char path[PATH_MAX];
	bool fbsd = x->plat == JT_PLAT_FREEBSD;

	/* The compiled-in HTTPD_ROOT of www/apache24 and Debian's apache2. */
	snprintf(a.root, sizeof(a.root), "%s", fbsd ? "/usr/local" :
	    "/etc/apache2");
	if (conf == NULL)
		conf = fbsd ? "/usr/local/etc/apache24/httpd.conf" :
		    "/etc/apache2/apache2.conf";
	ap_file(&a, conf, "httpd configuration", NULL, 0);
	/* mod_mime reads AP_TYPES_CONFIG_FILE when TypesConfig is absent. */
	if (x->rc == 0 && a.mime_module && !a.types_config &&
	    abs_join(path, sizeof(path), a.root, "conf/mime.types"))
		(void)scx_need(x, path, JT_SVC_FILE, "mod_mime's default "
		    "TypesConfig", conf, 0);
	strv_free(&a.defs);
}

/* ------------------------------------------------------------------ */
/* nginx */

struct ngx {
	struct scx	*x;
	char		 prefix[PATH_MAX];	/* --prefix */
	char		 confdir[PATH_MAX];	/* where nginx.conf is */
};

static scx_file_fn ngx_file;

/*
 * "configure arguments: ... --prefix=/usr/share/nginx ..." is in every
 * nginx binary (nginx -V prints it): the prefix relative paths use.
 */
static bool
ngx_binary_prefix(struct ngx *g, const char *bin)
{
	static const char key[] = "--prefix=";
	char real[PATH_MAX];
	struct jt_err e;
	const char *p, *end;
	void *data;
	size_t len, n;

	if (scx_resolve(g->x, bin, true, real, sizeof(real), &e) != 0 ||
	    jt_source_read(g->x->src, real, &data, &len, &e) != 0 ||
	    (p = memmem(data, len, key, sizeof(key) - 1)) == NULL)
		return (false);
	p += sizeof(key) - 1;
	end = (const char *)data + len;
	for (n = 0; p + n < end && p[n] > ' ' && p[n] < 127; n++)
		;
	if (n == 0 || n >= sizeof(g->prefix) || p[0] != '/')
		return (false);
	memcpy(g->prefix, p, n);
	g->prefix[n] = '\0';
	return (true);
}

static void
ngx_include(struct ngx *g, const char *arg, const char *file, int line)
{
	/* ngx_open_glob() with test set: no match is no error. */
	const struct scx_inc inc = { .what = "include", .base = g->confdir,
	    .nomatch = NULL, .file = ngx_file, .arg = g };

	scx_include(g->x, &inc, arg, file, line);
}

/* A file nginx writes, base-relative: its directory, alone. */
static void
ngx_place(struct ngx *g, const char *base, const char *arg, const char *why,
    const char *file, int line)
{
	char path[PATH_MAX], dir[PATH_MAX];

	if (!abs_join(path, sizeof(path), base, arg))
		return;
	path_dirname(dir, sizeof(dir), path);
	/* access_log's file name may hold variables, its directory not. */
	if (strchr(dir, '$') != NULL) {
		scx_problem(g->x, file, line, "%s: holds variables; not "
		    "followed", arg);
		return;
	}
	(void)scx_need(g->x, dir, JT_SVC_PLACE, why, file, line);
}

/* The files and directories a statement of one or more arguments names. */
static bool
ngx_writes(struct ngx *g, const struct jt_strv *w, const char *why,
    const char *file, int line)
{
	const char *d = w->v[0], *a = w->n >= 2 ? w->v[1] : "";
	char path[PATH_MAX];

	if (w->n < 2)
		return (false);
	if (strcmp(d, "ssl_certificate") == 0 ||
	    strcmp(d, "ssl_certificate_key") == 0 ||
	    strcmp(d, "ssl_trusted_certificate") == 0 ||
	    strcmp(d, "ssl_client_certificate") == 0) {
		if (strncmp(a, "data:", 5) == 0 || strncmp(a, "engine:", 7) ==
		    0)
			return (true);
		if (strchr(a, '$') != NULL)
			scx_problem(g->x, file, line, "%s %s: holds variables; "
			    "not followed", d, a);
		else if (abs_join(path, sizeof(path), g->confdir, a) &&
		    scx_need(g->x, path, JT_SVC_FILE, why, file, line) &&
		    strncmp(d, "ssl_certificate", 15) == 0)
			/* A certificate file may hold the key too. */
			scx_key_mode(g->x, path, d, file, line);
		return (true);
	}
	if (strcmp(d, "pid") == 0 || strcmp(d, "error_log") == 0 ||
	    strcmp(d, "access_log") == 0) {
		if (strcmp(a, "off") != 0 && strcmp(a, "stderr") != 0 &&
		    strncmp(a, "syslog:", 7) != 0 &&
		    strncmp(a, "memory:", 7) != 0)
			ngx_place(g, g->prefix, a, why, file, line);
		return (true);
	}
	if (strcmp(d, "fastcgi_pass") == 0 || strcmp(d, "uwsgi_pass") == 0 ||
	    strcmp(d, "scgi_pass") == 0) {
		/* "unix:/run/php/fpm.sock" (ngx_parse_unix_domain_url()) */
		if (strncmp(a, "unix:", 5) == 0 && a[5] == '/')
			ngx_place(g, "/", a + 5, why, file, line);
		return (true);
	}
	return (false);
}

static void
ngx_statement(struct ngx *g, const struct jt_strv *w, const char *file,
    int line)
{
	char path[PATH_MAX], why[PATH_MAX + 64];
	const char *d = w->v[0];

	snprintf(why, sizeof(why), "%s in %s line %d", d, file, line);
	if (ngx_writes(g, w, why, file, line) || w->n != 2)
		return;
	if (strcmp(d, "include") == 0) {
		ngx_include(g, w->v[1], file, line);
	} else if (strcmp(d, "load_module") == 0) {
		if (abs_join(path, sizeof(path), g->prefix, w->v[1]))
			(void)scx_need(g->x, path, JT_SVC_OBJECT, why, file,
			    line);
	} else if (strcmp(d, "root") == 0 || strcmp(d, "alias") == 0) {
		if (strchr(w->v[1], '$') != NULL)
			scx_problem(g->x, file, line, "%s %s: holds variables; "
			    "not followed", d, w->v[1]);
		else if (abs_join(path, sizeof(path), g->prefix, w->v[1]))
			(void)scx_need(g->x, path, JT_SVC_DIR, why, file, line);
	}
}

static void
ngx_file(void *arg, const char *path, const char *why, const char *from,
    int fromline)
{
	static const char *const no_ops[] = { NULL };
	struct ngx *g = arg;
	struct jt_strv w = { 0 };
	struct lexer *lx;
	struct token t;
	const char *buf;
	size_t len;
	int first = 0;

	if (scx_open(g->x, path, why, from, fromline, false, &buf, &len) != 0)
		return;
	if ((lx = malloc(sizeof(*lx))) == NULL) {
		scx_oom(g->x);
		goto out;
	}
	lex_init(lx, buf, len, LX_HASH | LX_SQUOTE, ";{}", no_ops);
	for (lex_next(lx, &t); t.type != TK_EOF && g->x->rc == 0;
	    lex_next(lx, &t)) {
		if (t.type == TK_ERROR) {
			scx_problem(g->x, path, t.line, "%s; the rest of the "
			    "file was not read", t.text);
			break;
		}
		if (t.type == TK_PUNCT) {
			/* Blocks ("http {") hold statements like the top. */
			if (w.n > 0 && t.text[0] == ';')
				ngx_statement(g, &w, path, first);
			strv_free(&w);
			continue;
		}
		if (w.n == 0)
			first = t.line;
		if (w.n < 8 && strv_push(&w, t.text) != 0)
			scx_oom(g->x);
	}
	free(lx);
out:
	strv_free(&w);
	scx_close(g->x);
}

void
sc_nginx(struct scx *x, const char *conf)
{
	struct ngx g = { .x = x };
	bool fbsd = x->plat == JT_PLAT_FREEBSD;

	if (conf == NULL)
		conf = fbsd ? "/usr/local/etc/nginx/nginx.conf" :
		    "/etc/nginx/nginx.conf";
	path_dirname(g.confdir, sizeof(g.confdir), conf);
	/* Without the binary: the port's and Debian's --prefix. */
	if (!ngx_binary_prefix(&g, fbsd ? "/usr/local/sbin/nginx" :
	    "/usr/sbin/nginx"))
		snprintf(g.prefix, sizeof(g.prefix), "%s", fbsd ?
		    "/usr/local/etc/nginx" : "/usr/share/nginx");
	ngx_file(&g, conf, "nginx configuration", NULL, 0);
}
