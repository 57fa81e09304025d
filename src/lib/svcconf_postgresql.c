/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * PostgreSQL's postgresql.conf (the manual's "Setting Parameters via the
 * Configuration File"; the lexer src/backend/utils/misc/guc-file.l): one
 * "name [=] value" a line, "#" starts a comment, a value is a '...'
 * string ('' and backslash escapes inside) or an unquoted word; names are
 * case-insensitive and a later setting wins.
 *   include 'FILE'	include_if_exists 'FILE'	include_dir 'DIR'
 * (DIR's *.conf, dot files left out, in name order), each relative to the
 * directory of the file naming it.  Followed, when set: hba_file and
 * ident_file; with ssl on, ssl_cert_file, ssl_key_file (a key others can
 * read is a warning), ssl_ca_file, ssl_crl_file, ssl_crl_dir and
 * ssl_dh_params_file -- server.crt and server.key when unset -- each
 * relative one to the data directory, where postgres reads it after its
 * chdir (data_directory, else the main file's directory: postgres -D's).  A line postgres cannot parse is a problem:
 * postgres refuses to start on it.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "svcconf_int.h"

/* The settings followed, in this order once the files are read. */
enum { S_DATA, S_HBA, S_IDENT, S_SSL, S_CERT, S_KEY, S_CA, S_CRL,
    S_CRLDIR, S_DH, S_N };

static const struct {
	const char	*name, *def;	/* def: with ssl on, when unset */
	enum jt_svc_kind kind;
	bool		 ssl;		/* read by postgres only with ssl on */
} params[S_N] = {
	{ "data_directory", NULL, JT_SVC_DIR, false },
	{ "hba_file", NULL, JT_SVC_FILE, false },
	{ "ident_file", NULL, JT_SVC_FILE, false },
	{ "ssl", NULL, JT_SVC_FILE, false },
	{ "ssl_cert_file", "server.crt", JT_SVC_FILE, true },
	{ "ssl_key_file", "server.key", JT_SVC_FILE, true },
	{ "ssl_ca_file", NULL, JT_SVC_FILE, true },
	{ "ssl_crl_file", NULL, JT_SVC_FILE, true },
	{ "ssl_crl_dir", NULL, JT_SVC_DIR, true },
	{ "ssl_dh_params_file", NULL, JT_SVC_FILE, true },
};

struct setting {
	char	*value;
	char	*file;			/* where set */
	int	 line;
};

struct pg {
	struct scx	*x;
	struct setting	 set[S_N];
	char		 confdir[PATH_MAX];	/* the main file's directory */
};

static void pg_file(struct pg *pg, const char *path, const char *why,
    const char *from, int fromline, bool optional);

static void
dirname_of(char *out, size_t len, const char *path)
{
	const char *slash = strrchr(path, '/');
	size_t n = slash == NULL || slash == path ? 1 : (size_t)(slash - path);

	if (n >= len)
		n = len - 1;
	memcpy(out, slash == NULL ? "/" : path, n);
	out[n] = '\0';
}

static bool
id_char(int c, bool first)
{
	return (isalpha(c) || c == '_' || c >= 0x80 ||
	    (!first && (isdigit(c) || c == '$' || c == '.')));
}

/*
 * Split line into name (copied, cut at namelen - 1 bytes: no name that
 * long is followed) and value (in place, unquoted); NULL when it parses,
 * *empty when it holds nothing, else why postgres would not parse it.
 */
static const char *
split(char *s, char *name, size_t namelen, char **value, bool *empty)
{
	char *p = s, *out;
	size_t n;

	*empty = false;
	while (isspace((unsigned char)*p))
		p++;
	if (*p == '\0' || *p == '#') {
		*empty = true;
		return (NULL);
	}
	if (!id_char((unsigned char)*p, true))
		return ("a line must start with a parameter name");
	for (n = 0; id_char((unsigned char)*p, false); p++)
		if (n + 1 < namelen)
			name[n++] = *p;
	name[n] = '\0';
	if (*p != '\0' && !isspace((unsigned char)*p) && *p != '=' &&
	    *p != '\'' && *p != '#')
		return ("bad character in a parameter name");
	while (isspace((unsigned char)*p))
		p++;
	if (*p == '=')
		for (p++; isspace((unsigned char)*p); p++)
			;
	if (*p == '\0' || *p == '#')
		return ("a parameter without a value");
	if (*p == '\'') {
		*value = out = ++p;
		for (;; p++) {
			if (*p == '\0')
				return ("unterminated quoted string");
			if (*p == '\\' && p[1] != '\0') {
				p++;
				*out++ = *p == 'n' ? '\n' : *p == 't' ? '\t' :
				    *p;
			} else if (*p == '\'' && p[1] == '\'') {
				*out++ = *p++;
			} else if (*p == '\'') {
				p++;
				break;
			} else
				*out++ = *p;
		}
		*out = '\0';
	} else {
		*value = p;
		p += strcspn(p, " \t\r\f\v#");
		if (*p == '#') {
			*p = '\0';
			return (NULL);
		}
		if (*p != '\0')
			*p++ = '\0';
	}
	while (isspace((unsigned char)*p))
		p++;
	if (*p != '\0' && *p != '#')
		return ("more than one value on a line");
	return (NULL);
}

/* PostgreSQL's parse_bool(): on, true, yes, 1 and their prefixes. */
static bool
pg_true(const char *v)
{
	size_t n = strlen(v);

	return (n > 0 && (strncasecmp(v, "true", n) == 0 ||
	    strncasecmp(v, "yes", n) == 0 || strcasecmp(v, "on") == 0 ||
	    strcmp(v, "1") == 0));
}

static void
remember(struct pg *pg, int i, const char *value, const char *file, int line)
{
	struct setting *s = &pg->set[i];

	free(s->value);
	free(s->file);
	s->line = line;
	if ((s->value = strdup(value)) == NULL ||
	    (s->file = strdup(file)) == NULL)
		scx_oom(pg->x);
}

static void
include_dir(struct pg *pg, const char *dir, const char *from, int line)
{
	struct jt_strv m = { 0 };
	char pat[PATH_MAX + 8];

	/* the directory alone: only its *.conf are read, each recorded */
	if (!scx_need(pg->x, dir, JT_SVC_PLACE, "postgresql.conf include_dir",
	    from, line))
		return;
	if ((size_t)snprintf(pat, sizeof(pat), "%s/*.conf", dir) >=
	    sizeof(pat))
		return;
	(void)scx_glob(pg->x, pat, &m, from, line);
	for (size_t i = 0; i < m.n && pg->x->rc == 0; i++)
		pg_file(pg, m.v[i], "postgresql.conf include_dir", from, line,
		    false);
	strv_free(&m);
}

static void
one_line(struct pg *pg, char *buf, const char *path, const char *dir,
    int line)
{
	char name[64], *value = NULL, full[PATH_MAX];
	const char *why;
	bool empty;

	if ((why = split(buf, name, sizeof(name), &value, &empty)) != NULL) {
		scx_problem(pg->x, path, line, "postgres cannot parse this "
		    "line: %s", why);
		return;
	}
	if (empty)
		return;
	if (strcasecmp(name, "include") == 0 ||
	    strcasecmp(name, "include_if_exists") == 0 ||
	    strcasecmp(name, "include_dir") == 0) {
		if (!abs_join(full, sizeof(full), dir, value)) {
			scx_problem(pg->x, path, line, "%s: path too long",
			    name);
			return;
		}
		if (strcasecmp(name, "include_dir") == 0)
			include_dir(pg, full, path, line);
		else
			pg_file(pg, full, "postgresql.conf include", path,
			    line, name[7] != '\0');
		return;
	}
	for (int i = 0; i < S_N; i++)
		if (strcasecmp(name, params[i].name) == 0)
			remember(pg, i, value, path, line);
}

static void
pg_file(struct pg *pg, const char *path, const char *why, const char *from,
    int fromline, bool optional)
{
	char buf[SC_MAX_LINE], dir[PATH_MAX], *file;
	const char *text;
	struct lines l;
	size_t len;
	int line, r;

	if (scx_open(pg->x, path, why, from, fromline, optional, &text,
	    &len) != 0)
		return;
	if ((file = strdup(path)) == NULL) {
		scx_oom(pg->x);
		scx_close(pg->x);
		return;
	}
	dirname_of(dir, sizeof(dir), path);
	lines_init(&l, text, len);
	while (pg->x->rc == 0 && (r = lines_next(&l, buf, sizeof(buf), false,
	    &line)) != 0) {
		if (r < 0)
			scx_problem(pg->x, file, line, "line longer than %d "
			    "bytes", SC_MAX_LINE);
		else
			one_line(pg, buf, file, dir, line);
	}
	free(file);
	scx_close(pg->x);
}

/* The files the settings name, once every file is read. */
static void
follow(struct pg *pg)
{
	const struct setting *d = &pg->set[S_DATA];
	const char *base = d->value != NULL && d->value[0] == '/' ?
	    d->value : pg->confdir;
	bool ssl = pg->set[S_SSL].value != NULL &&
	    pg_true(pg->set[S_SSL].value);
	char full[PATH_MAX], why[96];

	for (int i = S_HBA; i < S_N && pg->x->rc == 0; i++) {
		const struct setting *s = &pg->set[i];
		const char *v = s->value;

		if (i == S_SSL || (params[i].ssl && !ssl))
			continue;
		if (v == NULL && params[i].def != NULL) {
			v = params[i].def;
			s = &pg->set[S_SSL];	/* "ssl = on" wants it */
		}
		if (v == NULL || *v == '\0')
			continue;
		snprintf(why, sizeof(why), "postgresql.conf %s",
		    params[i].name);
		if (!abs_join(full, sizeof(full), base, v)) {
			scx_problem(pg->x, s->file, s->line, "%s: path too "
			    "long", params[i].name);
			continue;
		}
		if (scx_need(pg->x, full, params[i].kind, why, s->file,
		    s->line) && i == S_KEY)
			scx_key_mode(pg->x, full, why, s->file, s->line);
	}
}

void
sc_postgresql(struct scx *x, const char *conf)
{
	struct pg pg = { .x = x };

	if (conf == NULL)
		conf = x->plat == JT_PLAT_FREEBSD ?
		    "/var/db/postgres/data15/postgresql.conf" :
		    "/etc/postgresql/15/main/postgresql.conf";
	dirname_of(pg.confdir, sizeof(pg.confdir), conf);
	pg_file(&pg, conf, "postgresql.conf", NULL, 0, false);
	if (x->rc == 0)
		follow(&pg);
	for (int i = 0; i < S_N; i++) {
		free(pg.set[i].value);
		free(pg.set[i].file);
	}
}
