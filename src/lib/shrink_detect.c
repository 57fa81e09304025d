/*
 * shrink --detect: which services a jail enables (rc.subr's view of its
 * rc.conf files) and what their rc.d scripts run.
 */
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "jailtrim/shrink.h"
#include "util.h"

struct en {
	struct jt_map	 on;		/* name -> (void *)1 or NULL */
	struct jt_strv	 names;		/* in first-seen order */
	int		 rc;
};

/* checkyesno: YES, TRUE, ON, 1 in any case. */
static bool
yes(const char *v, size_t n)
{
	static const char *const t[] = { "yes", "true", "on", "1" };

	for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++)
		if (n == strlen(t[i]) && strncasecmp(v, t[i], n) == 0)
			return (true);
	return (false);
}

static void
conf_line(void *arg, const char *line, size_t len)
{
	static const char suf[] = "_enable=";
	struct en *e = arg;
	char name[128];
	const char *p = line, *end = line + len, *eq, *v;
	size_t n;

	while (p < end && isspace((unsigned char)*p))
		p++;
	if ((eq = memchr(p, '=', (size_t)(end - p))) == NULL ||
	    (size_t)(eq - p) < sizeof(suf) - 1 ||
	    memcmp(eq - (sizeof(suf) - 2), suf, sizeof(suf) - 1) != 0)
		return;
	n = (size_t)(eq - p) - (sizeof(suf) - 2);
	if (n == 0 || n >= sizeof(name))
		return;
	memcpy(name, p, n);
	name[n] = '\0';
	for (size_t i = 0; i < n; i++)
		if (!isalnum((unsigned char)name[i]) && name[i] != '_')
			return;
	v = eq + 1;
	if (v < end && (*v == '"' || *v == '\''))
		v++;
	for (n = 0; v + n < end && (isalnum((unsigned char)v[n])); n++)
		;
	if (!strv_has(&e->names, name) && strv_push(&e->names, name) != 0)
		e->rc = JT_ENOMEM;
	if (map_put(&e->on, name, yes(v, n) ? (void *)1 : NULL) != 0)
		e->rc = JT_ENOMEM;
}

static int
conf_dir_one(void *arg, const char *name, const struct jt_stat *st)
{
	struct en *e = arg;

	(void)st;
	return (strv_push(&e->names, name) == 0 ? 0 : JT_ENOMEM);
}

int
jt_rcconf_enabled(struct jt_source *src, void (*fn)(void *, const char *),
    void *arg, struct jt_err *err)
{
	struct jt_strv files = { 0 }, d = { 0 };
	struct en e = { { 0 }, { 0 }, 0 };
	struct en de = { { 0 }, { 0 }, 0 };
	char path[PATH_MAX];
	struct jt_err ign;
	void *buf;
	size_t len;

	(void)strv_push(&files, "/etc/rc.conf");
	(void)strv_push(&files, "/etc/rc.conf.local");
	if (jt_source_readdir(src, "/etc/rc.conf.d", conf_dir_one, &de,
	    &ign) == 0)
		for (size_t i = 0; i < de.names.n; i++) {
			(void)snprintf(path, sizeof(path), "/etc/rc.conf.d/%s",
			    de.names.v[i]);
			(void)strv_push(&files, path);
		}
	for (size_t i = 0; i < files.n; i++)
		if (jt_source_read_file(src, files.v[i], &buf, &len, &ign) == 0)
			each_line(buf, len, conf_line, &e);
	for (size_t i = 0; e.rc == 0 && i < e.names.n; i++)
		if (map_get(&e.on, e.names.v[i]) != NULL)
			fn(arg, e.names.v[i]);
	strv_free(&files);
	strv_free(&d);
	strv_free(&de.names);
	strv_free(&e.names);
	map_free(&e.on);
	map_free(&de.on);
	return (e.rc == 0 ? 0 : jt_err_set(err, e.rc, errno, NULL, "rc.conf"));
}

/* VAR="value" or VAR=value in a script, the first such line. */
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

int
jt_rcd_command(struct jt_source *src, const char *name, char *script,
    size_t slen, char *command, size_t clen, struct jt_err *err)
{
	static const char *const dirs[] = { "/etc/rc.d", "/usr/local/etc/rc.d" };
	char raw[PATH_MAX], sname[128];
	const char *v;
	void *buf = NULL;
	size_t len = 0, n = 0;
	struct jt_err ign;

	command[0] = '\0';
	for (size_t i = 0; i < sizeof(dirs) / sizeof(dirs[0]); i++) {
		(void)snprintf(script, slen, "%s/%s", dirs[i], name);
		if (jt_source_read_file(src, script, &buf, &len, &ign) == 0)
			break;
		buf = NULL;
	}
	if (buf == NULL)
		return (jt_err_set(err, JT_ENOENT, 0, name, "no rc.d script"));
	if (!assignment(buf, len, "command", raw, sizeof(raw)))
		return (0);
	if (!assignment(buf, len, "name", sname, sizeof(sname)))
		(void)strlcpy(sname, name, sizeof(sname));
	/* ${name} and $name: what rc.d scripts use in command= */
	for (v = raw; *v != '\0' && n + 1 < clen;) {
		if (strncmp(v, "${name}", 7) == 0 || (strncmp(v, "$name", 5) ==
		    0 && !isalnum((unsigned char)v[5]))) {
			n += strlcpy(command + n, sname, clen - n);
			v += v[1] == '{' ? 7 : 5;
			if (n >= clen)
				n = clen - 1;
		} else
			command[n++] = *v++;
	}
	command[n] = '\0';
	return (0);
}
