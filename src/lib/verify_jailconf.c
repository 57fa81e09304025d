/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * A jail.conf stanza checked against the jail it starts: what jail(8)
 * would need from the jail to run it (usr.sbin/jail/command.c).
 */
#include <sys/stat.h>

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jailtrim/jailconf.h"
#include "verify_int.h"

static bool
exists(void *arg, const char *path)
{
	return (verify_exists(arg, path));
}

static int
command(struct jt_verify *v, const char *key, const char *cmd,
    struct jt_err *err)
{
	char why[PATH_MAX + 64], prog[PATH_MAX], **argv;
	bool bg, found = false;
	int rc;

	if ((rc = jt_jailconf_split_exec(cmd, &argv, &bg, err)) != 0)
		return (rc);
	(void)snprintf(why, sizeof(why), "jail.conf %s \"%s\"", key, cmd);
	if (argv[0] == NULL) {
		free(argv);
		return (0);
	}
	found = jt_jailconf_find_program(argv[0], exists, v, prog,
	    sizeof(prog));
	if (!found)
		rc = verify_addf(v, JT_VERIFY_COMMAND, why, argv[0], err,
		    "%s is not in the jail%s", argv[0],
		    strchr(argv[0], '/') != NULL ? "" :
		    " (searched " JT_JAILCONF_PATH ")");
	else
		rc = verify_path(v, prog, err);
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
jt_verify_jailconf(struct jt_verify *v, const struct jt_jailconf_stanza *s,
    const char *root, struct jt_err *err)
{
	static const char *const cmds[] = { "exec.start", "exec.stop" };
	const char *const *val;
	size_t n;
	int rc = 0;

	val = jt_jailconf_values(s, "path", &n);
	if (n == 0 || val[0][0] == '\0')
		rc = verify_addf(v, JT_VERIFY_JAILCONF, "jail.conf", NULL,
		    err, "jail %s has no path", jt_jailconf_name(s));
	else if (root != NULL && !same_dir(val[n - 1], root))
		rc = verify_addf(v, JT_VERIFY_JAILCONF, "jail.conf",
		    val[n - 1], err, "jail %s has path %s, which is not %s",
		    jt_jailconf_name(s), val[n - 1], root);
	for (size_t k = 0; k < sizeof(cmds) / sizeof(cmds[0]) && rc == 0;
	    k++) {
		val = jt_jailconf_values(s, cmds[k], &n);
		for (size_t i = 0; i < n && rc == 0; i++)
			rc = command(v, cmds[k], val[i], err);
	}
	/* jail(8) mounts devfs on the jail's /dev: it must be there */
	(void)jt_jailconf_values(s, "mount.devfs", &n);
	if (rc == 0 && n > 0 && !verify_exists(v, "/dev"))
		rc = verify_addf(v, JT_VERIFY_JAILCONF, "jail.conf", "/dev",
		    err, "mount.devfs: the jail has no /dev for devfs");
	val = jt_jailconf_values(s, "exec.jail_user", &n);
	if (rc == 0 && n > 0 && val[n - 1][0] != '\0' &&
	    !verify_has_account(v, "/etc/passwd", val[n - 1]))
		rc = verify_addf(v, JT_VERIFY_JAILCONF, "jail.conf",
		    "/etc/passwd", err, "exec.jail_user %s is not in the jail's "
		    "/etc/passwd", val[n - 1]);
	return (rc);
}
