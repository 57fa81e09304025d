/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Verifying a jail.conf stanza against the jail it starts: what jail(8)
 * would need from the jail to run it (usr.sbin/jail/command.c).
 */
#include <sys/stat.h>

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jailtrim/jailconf.h"
#include "jailtrim/start.h"
#include "build_int.h"

/* The default PATH exec.start commands find programs on. */
static const char *const path_dirs[] = {
	"/sbin", "/bin", "/usr/sbin", "/usr/bin", "/usr/local/sbin",
	"/usr/local/bin",
};

static int
command(struct jt_build *b, const char *key, const char *cmd,
    struct jt_err *err)
{
	char why[PATH_MAX + 64], prog[PATH_MAX], **argv;
	bool bg, found = false;
	int rc;

	if ((rc = jt_start_split(cmd, &argv, &bg, err)) != 0)
		return (rc);
	(void)snprintf(why, sizeof(why), "jail.conf %s \"%s\"", key, cmd);
	if (argv[0] == NULL) {
		free(argv);
		return (0);
	}
	if (strchr(argv[0], '/') != NULL) {
		(void)strlcpy(prog, argv[0], sizeof(prog));
		found = argv[0][0] == '/' && build_exists(b, prog);
	} else
		for (size_t i = 0; !found &&
		    i < sizeof(path_dirs) / sizeof(path_dirs[0]); i++) {
			(void)snprintf(prog, sizeof(prog), "%s/%s",
			    path_dirs[i], argv[0]);
			found = build_exists(b, prog);
		}
	if (!found)
		rc = build_problem(b, "%s: %s is not in the jail%s", why,
		    argv[0], strchr(argv[0], '/') != NULL ? "" :
		    " (searched /sbin:/bin:/usr/sbin:/usr/bin:/usr/local/sbin:"
		    "/usr/local/bin)");
	else
		rc = jt_build_add_path(b, prog, why, err);
	free(argv);
	return (rc);
}

static bool
same_dir(const char *a, const char *b)
{
	struct stat sa, sb;

	return (stat(a, &sa) == 0 && stat(b, &sb) == 0 &&
	    sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino);
}

int
jt_build_add_jailconf(struct jt_build *b, const struct jt_jailconf_stanza *s,
    const char *root, struct jt_err *err)
{
	static const char *const cmds[] = { "exec.start", "exec.stop" };
	const char *const *v;
	size_t n;
	int rc;

	v = jt_jailconf_values(s, "path", &n);
	if (n == 0 || v[0][0] == '\0')
		(void)build_problem(b, "jail.conf: jail %s has no path",
		    jt_jailconf_name(s));
	else if (root != NULL && !same_dir(v[n - 1], root))
		(void)build_problem(b, "jail.conf: jail %s has path %s, which "
		    "is not %s", jt_jailconf_name(s), v[n - 1], root);
	for (size_t k = 0; k < sizeof(cmds) / sizeof(cmds[0]); k++) {
		v = jt_jailconf_values(s, cmds[k], &n);
		for (size_t i = 0; i < n; i++)
			if ((rc = command(b, cmds[k], v[i], err)) != 0)
				return (rc);
	}
	v = jt_jailconf_values(s, "exec.jail_user", &n);
	if (n > 0 && v[n - 1][0] != '\0' &&
	    !build_has_account(b, "/etc/passwd", v[n - 1]))
		(void)build_problem(b, "jail.conf: exec.jail_user %s is not in "
		    "the jail's /etc/passwd", v[n - 1]);
	return (0);
}
