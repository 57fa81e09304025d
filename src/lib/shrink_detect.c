/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * shrink --detect: which services a jail enables, rc.subr's view of its
 * rc.conf files.  What their rc.d scripts need is the build stage's
 * (jt_build_add_rcd).
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
