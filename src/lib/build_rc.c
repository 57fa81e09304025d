/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * rc jails: the service's rc.d script, the scripts it REQUIREs (rcorder's
 * "# PROVIDE:", "# REQUIRE:", "# KEYWORD:" lines), without those /etc/rc
 * skips in a jail (KEYWORD nojail, nojailvnet, nostart: etc/rc), and the
 * programs and files the kept scripts name by absolute path.
 */
#include <ctype.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "build_int.h"

static const char *const rcdirs[] = { "/etc/rc.d", "/usr/local/etc/rc.d" };

struct rcscript {
	char		*path;
	struct jt_strv	 provide, require, keyword;
};

static void
free_script(void *p)
{
	struct rcscript *s = p;

	strv_free(&s->provide);
	strv_free(&s->require);
	strv_free(&s->keyword);
	free(s->path);
	free(s);
}

void
rc_free(struct jt_build *b)
{
	map_each(&b->rcscripts, free_script);
	map_free(&b->rcscripts);
	map_free(&b->rcprovide);
	map_free(&b->rckept);
	map_free(&b->rcnamed);
	strv_free(&b->rcvars);
}

/* "# PROVIDE: a b" -> words into sv. */
static void
words(struct jt_strv *sv, const char *s, size_t n)
{
	char buf[1024], *tok, *save = NULL;

	if (n >= sizeof(buf))
		n = sizeof(buf) - 1;
	memcpy(buf, s, n);
	buf[n] = '\0';
	for (tok = strtok_r(buf, " \t\r", &save); tok != NULL;
	    tok = strtok_r(NULL, " \t\r", &save))
		(void)strv_push_uniq(sv, tok);
}

static void
header_line(void *arg, const char *line, size_t n)
{
	struct rcscript *s = arg;
	static const struct { const char *tag; size_t off; } tags[] = {
		{ "# PROVIDE:", offsetof(struct rcscript, provide) },
		{ "# REQUIRE:", offsetof(struct rcscript, require) },
		{ "# KEYWORD:", offsetof(struct rcscript, keyword) },
	};

	for (size_t i = 0; i < 3; i++) {
		size_t tl = strlen(tags[i].tag);

		if (n > tl && strncmp(line, tags[i].tag, tl) == 0)
			words((struct jt_strv *)(void *)((char *)s +
			    tags[i].off), line + tl, n - tl);
	}
}

static int
index_script(void *arg, const char *name, const struct jt_stat *st)
{
	struct jt_build *b = ((void **)arg)[0];
	const char *dir = ((void **)arg)[1];
	struct rcscript *s;
	char path[PATH_MAX];
	struct jt_err e;
	void *buf;
	size_t len;

	if (st->type != JT_FT_REG || !path_join(path, sizeof(path), dir, name) ||
	    jt_source_read(b->src, path, &buf, &len, &e) != 0)
		return (0);
	if ((s = calloc(1, sizeof(*s))) == NULL ||
	    (s->path = strdup(path)) == NULL) {
		free(s);
		return (JT_ENOMEM);
	}
	/* rcorder reads the comment block at the top. */
	each_line(buf, len < 4096 ? len : 4096, header_line, s);
	if (map_put(&b->rcscripts, path, s) != 0) {
		free_script(s);
		return (JT_ENOMEM);
	}
	for (size_t i = 0; i < s->provide.n; i++)
		if (map_get(&b->rcprovide, s->provide.v[i]) == NULL &&
		    map_put(&b->rcprovide, s->provide.v[i], s) != 0)
			return (JT_ENOMEM);
	return (0);
}

static int
rc_index(struct jt_build *b)
{
	char real[PATH_MAX];
	struct jt_err e;
	int rc;

	if (b->rcindexed)
		return (0);
	b->rcindexed = true;
	for (size_t i = 0; i < 2; i++) {
		void *arg[2] = { b, real };

		if (jt_source_resolve(b->src, rcdirs[i], true, real,
		    sizeof(real), NULL, NULL, &e) != 0)
			continue;
		if ((rc = jt_source_readdir(b->src, real, index_script, arg,
		    &e)) != 0)
			return (rc);
	}
	return (0);
}

static bool
skipped_in_jail(const struct rcscript *s)
{
	return (strv_has(&s->keyword, "nojail") ||
	    strv_has(&s->keyword, "nojailvnet") ||
	    strv_has(&s->keyword, "nostart"));
}

/* Programs and files a kept script names by absolute path. */
static int
scan_paths(struct jt_build *b, const char *script, const char *why,
    struct jt_err *err)
{
	static const char *const prefixes[] = { "/bin/", "/sbin/",
	    "/usr/bin/", "/usr/sbin/", "/libexec/", "/usr/libexec/",
	    "/usr/local/bin/", "/usr/local/sbin/", "/etc/" };
	const char *p, *end;
	char path[PATH_MAX];
	struct jt_err e;
	void *buf;
	size_t len;
	int rc;

	if (jt_source_read_file(b->src, script, &buf, &len, &e) != 0)
		return (0);
	for (p = buf, end = p + len; p < end; p++) {
		size_t n = 0, k;

		if (*p != '/' || (p > (char *)buf && (isalnum((unsigned char)
		    p[-1]) || p[-1] == '_' || p[-1] == '.' || p[-1] == '$' ||
		    p[-1] == '/' || p[-1] == '}')))
			continue;
		for (k = 0; k < sizeof(prefixes) / sizeof(prefixes[0]); k++)
			if ((size_t)(end - p) > strlen(prefixes[k]) &&
			    strncmp(p, prefixes[k], strlen(prefixes[k])) == 0)
				break;
		if (k == sizeof(prefixes) / sizeof(prefixes[0]))
			continue;
		while (p + n < end && n < sizeof(path) - 1 &&
		    (isalnum((unsigned char)p[n]) || strchr("/_.+-", p[n])))
			n++;
		if (n > 0 && p[n - 1] == '.')
			n--;	/* end of a sentence */
		/* "${x}" or "*" in the path: not a literal name */
		if (p + n < end && (p[n] == '$' || p[n] == '*' || p[n] == '{')) {
			p += n;
			continue;
		}
		memcpy(path, p, n);
		path[n] = '\0';
		p += n;
		if (path[n - 1] == '/' || map_get(&b->rcnamed, path) != NULL)
			continue;
		if ((rc = map_put(&b->rcnamed, path, b)) != 0)
			return (rc);
		if (!build_exists(b, path)) {
			if ((rc = build_warning(b, "%s names %s, which the "
			    "source does not have", script, path)) != 0)
				return (rc);
			continue;
		}
		/* Directories and data under /etc are named, not needed. */
		if (strncmp(path, "/etc/", 5) == 0 && !build_is_file(b, path))
			continue;
		if ((rc = jt_build_add_path(b, path, why, err)) != 0)
			return (rc);
	}
	return (0);
}

/* "rcvar=NAME" of a script, else "name=NAME" + "_enable". */
static void
script_rcvar(struct jt_build *b, const char *script, char *out, size_t len)
{
	struct jt_err e;
	const char *p, *v, *end;
	void *buf;
	size_t n, blen;

	out[0] = '\0';
	if (jt_source_read_file(b->src, script, &buf, &blen, &e) != 0)
		return;
	for (int pass = 0; pass < 2 && out[0] == '\0'; pass++) {
		const char *key = pass == 0 ? "\nrcvar=" : "\nname=";

		if ((p = memmem(buf, blen, key, strlen(key))) == NULL)
			continue;
		/* the buffer is not NUL-terminated: the value may end it */
		end = (const char *)buf + blen;
		v = p + strlen(key);
		v += v < end && (*v == '"' || *v == '\'');
		for (n = 0; v + n < end && strchr("\"' \t\n", v[n]) == NULL &&
		    v[n] != '\0'; n++)
			;
		if (n == 0 || n + 8 >= len || memchr(v, '$', n) != NULL)
			continue;
		snprintf(out, len, "%.*s%s", (int)n, v, pass ? "_enable" : "");
	}
}

/* VAR=value at the start of a script's line, quotes dropped. */
static bool
assignment(const char *buf, size_t len, const char *var, char *out,
    size_t olen)
{
	size_t n = strlen(var), k;
	const char *p = buf, *end = buf + len, *nl, *v;

	for (; p < end; p = nl + 1) {
		if ((nl = memchr(p, '\n', (size_t)(end - p))) == NULL)
			nl = end;
		while (p < nl && (*p == ' ' || *p == '\t'))
			p++;
		if ((size_t)(nl - p) <= n || memcmp(p, var, n) != 0 ||
		    p[n] != '=')
			continue;
		v = p + n + 1;
		if (v < nl && (*v == '"' || *v == '\''))
			v++;
		for (k = 0; v + k < nl && v[k] != '"' && v[k] != '\'' &&
		    !isspace((unsigned char)v[k]); k++)
			;
		if (k >= olen)
			return (false);
		memcpy(out, v, k);
		out[k] = '\0';
		return (true);
	}
	return (false);
}

/*
 * The program a script's command= names, with ${name} and $name expanded
 * as rc.subr does (command="/usr/sbin/${name}" is not a literal path the
 * scan finds): kept with its closure when the source has it.
 */
static int
rcd_command(struct jt_build *b, const char *script, const char *why,
    struct jt_err *err)
{
	char raw[PATH_MAX], sname[128], cmd[PATH_MAX];
	const char *v, *base = strrchr(script, '/');
	struct jt_err e;
	size_t len, n = 0;
	void *buf;

	if (jt_source_read_file(b->src, script, &buf, &len, &e) != 0 ||
	    !assignment(buf, len, "command", raw, sizeof(raw)))
		return (0);
	if (!assignment(buf, len, "name", sname, sizeof(sname)))
		(void)strlcpy(sname, base != NULL ? base + 1 : script,
		    sizeof(sname));
	for (v = raw; *v != '\0' && n + 1 < sizeof(cmd);) {
		if (strncmp(v, "${name}", 7) == 0 || (strncmp(v, "$name", 5) ==
		    0 && !isalnum((unsigned char)v[5]) && v[5] != '_')) {
			n += strlcpy(cmd + n, sname, sizeof(cmd) - n);
			v += v[1] == '{' ? 7 : 5;
			if (n >= sizeof(cmd))
				n = sizeof(cmd) - 1;
		} else
			cmd[n++] = *v++;
	}
	cmd[n] = '\0';
	if (cmd[0] != '/' || strchr(cmd, '$') != NULL || !build_exists(b, cmd))
		return (0);
	return (jt_build_add_path(b, cmd, why, err));
}

int
jt_build_add_rcd(struct jt_build *b, const char *name, const char *why,
    struct jt_err *err)
{
	struct jt_ptrv queue = { 0 };
	struct rcscript *s = NULL;
	char path[PATH_MAX], rcvar[256], whyr[PATH_MAX + 64];
	int rc;

	if ((rc = rc_index(b)) != 0)
		return (jt_err_set(err, rc, 0, name, "rc.d index"));
	for (size_t i = 0; i < 2 && s == NULL; i++) {
		snprintf(path, sizeof(path), "%s/%s", rcdirs[i], name);
		s = map_get(&b->rcscripts, path);
	}
	if (s == NULL)
		return (build_problem(b, "%s: no rc.d script %s in /etc/rc.d or "
		    "/usr/local/etc/rc.d", why, name));
	if ((rc = rcd_command(b, s->path, why, err)) != 0)
		return (rc);
	script_rcvar(b, s->path, rcvar, sizeof(rcvar));
	if (rcvar[0] != '\0' && (rc = strv_push_uniq(&b->rcvars, rcvar)) != 0)
		return (rc);
	/* Breadth first over REQUIRE, each script once. */
	if ((rc = ptrv_push(&queue, s)) != 0)
		return (rc);
	for (size_t q = 0; q < queue.n && rc == 0; q++) {
		s = queue.v[q];
		if (map_get(&b->rckept, s->path) != NULL)
			continue;
		if ((rc = map_put(&b->rckept, s->path, s)) != 0)
			break;
		snprintf(whyr, sizeof(whyr), "%s; rc.d script for %s", why,
		    name);
		if ((rc = jt_plan_add_path(b->plan, s->path, whyr, err)) != 0 ||
		    (rc = scan_paths(b, s->path, whyr, err)) != 0)
			break;
		for (size_t i = 0; i < s->require.n && rc == 0; i++) {
			struct rcscript *dep = map_get(&b->rcprovide,
			    s->require.v[i]);

			if (dep == NULL)
				rc = build_warning(b, "%s requires %s, which no "
				    "rc.d script provides", s->path,
				    s->require.v[i]);
			else if (!skipped_in_jail(dep))
				rc = ptrv_push(&queue, dep);
		}
	}
	ptrv_free(&queue);
	return (rc);
}

/* /etc/rc.conf enabling the services, and /etc/rc as exec.start. */
int
rc_finish(struct jt_build *b, struct jt_err *err)
{
	char *conf = NULL;
	size_t len = 0;
	FILE *f;
	int rc;

	if (!b->rc)
		return (0);
	if ((f = open_memstream(&conf, &len)) == NULL)
		return (jt_err_set(err, JT_ENOMEM, 0, NULL, "rc.conf"));
	fputs("# Written by jailtrim build --rc: the services of this jail.\n",
	    f);
	strv_sort(&b->rcvars);
	for (size_t i = 0; i < b->rcvars.n; i++)
		fprintf(f, "%s=\"YES\"\n", b->rcvars.v[i]);
	if (fclose(f) != 0) {
		free(conf);
		return (jt_err_set(err, JT_ENOMEM, 0, NULL, "rc.conf"));
	}
	rc = jt_plan_add_data(b->plan, "/etc/rc.conf", conf, len, 0644,
	    "enables the jail's services for /etc/rc", err);
	free(conf);
	if (rc == 0 && rc_commands(b) != 0)
		rc = jt_err_set(err, JT_ENOMEM, 0, NULL, "rc");
	return (rc);
}

/* An rc jail's exec.start and exec.stop: /etc/rc and /etc/rc.shutdown. */
int
rc_commands(struct jt_build *b)
{
	if (!b->rc)
		return (0);
	strv_free(&b->execs);
	strv_free(&b->stops);
	if (strv_push(&b->execs, "/bin/sh /etc/rc") != 0 ||
	    strv_push(&b->stops, "/bin/sh /etc/rc.shutdown") != 0)
		return (JT_ENOMEM);
	return (0);
}
