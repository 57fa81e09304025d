/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * shrink -c JAILCONF: what the jail's own jail.conf stanza runs in it.
 * jail(8) starts a jail with exec.start and stops it with exec.stop; a
 * jail whose exec.start runs /etc/rc boots the rc system even when
 * rc.conf enables nothing, and any other command's program must stay.
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jailtrim/jailconf.h"
#include "jailtrim/shrink.h"
#include "jailtrim/source.h"

static bool
in_jail(void *arg, const char *path)
{
	struct jt_stat st;
	struct jt_err e;

	return (jt_source_lstat(arg, path, &st, &e) == 0);
}

/* Every absolute word of cmd the jail has: a script, a config. */
static int
named_paths(struct jt_source *src, const char *cmd, const char *why,
    int (*fn)(void *, const char *, const char *), void *arg)
{
	char word[PATH_MAX];
	size_t n;
	int rc;

	for (const char *p = cmd; *p != '\0'; p += n) {
		p += strspn(p, " \t\n'\"");
		n = strcspn(p, " \t\n'\";&|<>()`");
		if (n == 0) {
			n = *p != '\0' ? 1 : 0;
			continue;
		}
		if (p[0] != '/' || n >= sizeof(word))
			continue;
		memcpy(word, p, n);
		word[n] = '\0';
		if (in_jail(src, word) && (rc = fn(arg, word, why)) != 0)
			return (rc);
	}
	return (0);
}

/* Whether cmd runs /etc/rc: the word itself, as jail(8)'s defaults do. */
static bool
runs_rc(const char *cmd)
{
	const char *p = cmd;
	size_t n = strlen("/etc/rc");

	while ((p = strstr(p, "/etc/rc")) != NULL) {
		if ((p == cmd || strchr(" \t'\";", p[-1]) != NULL) &&
		    (p[n] == '\0' || strchr(" \t'\";&", p[n]) != NULL))
			return (true);
		p += n;
	}
	return (false);
}

int
jt_shrink_jailconf(struct jt_source *src, const struct jt_jailconf_stanza *jc,
    int (*fn)(void *arg, const char *path, const char *why), void *arg,
    bool *boots, struct jt_err *err)
{
	static const char *const keys[] = { "exec.start", "exec.stop" };
	char prog[PATH_MAX], why[PATH_MAX + 64], **argv;
	const char *const *val;
	size_t n;
	bool bg;
	int rc = 0;

	*boots = false;
	for (size_t k = 0; k < sizeof(keys) / sizeof(keys[0]); k++) {
		val = jt_jailconf_values(jc, keys[k], &n);
		for (size_t i = 0; i < n; i++) {
			if (k == 0 && runs_rc(val[i]))
				*boots = true;
			if ((rc = jt_jailconf_split_exec(val[i], &argv, &bg,
			    err)) != 0)
				return (rc);
			(void)snprintf(why, sizeof(why), "jail.conf %s \"%s\"",
			    keys[k], val[i]);
			if (argv[0] == NULL)
				rc = 0;
			else if (!jt_jailconf_find_program(argv[0], in_jail,
			    src, prog, sizeof(prog)))
				rc = jt_err_set(err, JT_ENOENT, 0, argv[0],
				    "%s runs it, but the jail has no such "
				    "program%s", why, strchr(argv[0], '/') !=
				    NULL ? "" : " (searched " JT_JAILCONF_PATH
				    ")");
			else if ((rc = fn(arg, prog, why)) == 0)
				rc = named_paths(src, val[i], why, fn, arg);
			free(argv);
			if (rc != 0)
				return (rc);
		}
	}
	return (0);
}
