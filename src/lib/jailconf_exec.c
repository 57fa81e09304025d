/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * How jail(8) runs an exec.start (or exec.stop) string.  It is a fact of
 * jail.conf, so it lives here: the planner (which programs a command
 * needs) and start (which runs it) both ask, and neither asks the other.
 */
#include <ctype.h>
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jailtrim/jailconf.h"

/* usr.sbin/jail/command.c: what makes jail(8) use /bin/sh -c. */
static const char shell_chars[] = "!\"$&'()*;<>?[\\]`{|}~";

int
jt_jailconf_split_exec(const char *cmd, char ***argv, bool *bg, struct jt_err *err)
{
	const char *amp;
	size_t len = strlen(cmd), n = 0, i;
	char **v, *s, *w;

	*argv = NULL;
	*bg = false;
	amp = strpbrk(cmd, shell_chars);
	if (amp != NULL && !(amp[0] == '&' && amp[1] == '\0')) {
		if ((v = malloc(4 * sizeof(*v) + len + 1)) == NULL)
			return (jt_err_set(err, JT_ENOMEM, errno, NULL,
			    "malloc"));
		s = (char *)(v + 4);
		memcpy(s, cmd, len + 1);
		v[0] = (char *)"/bin/sh";
		v[1] = (char *)"-c";
		v[2] = s;
		v[3] = NULL;
		*argv = v;
		return (0);
	}
	if (amp != NULL) {		/* "cmd &": jail(8) does not wait */
		*bg = true;
		len = (size_t)(amp - cmd);
	}
	for (i = 0; i < len; i++)
		if (!isspace((unsigned char)cmd[i]) &&
		    (i == 0 || isspace((unsigned char)cmd[i - 1])))
			n++;
	if ((v = malloc((n + 1) * sizeof(*v) + len + 1)) == NULL)
		return (jt_err_set(err, JT_ENOMEM, errno, NULL, "malloc"));
	s = (char *)(v + n + 1);
	memcpy(s, cmd, len);
	s[len] = '\0';
	n = 0;
	for (w = strtok(s, " \t\f\v\r\n"); w != NULL;
	    w = strtok(NULL, " \t\f\v\r\n"))
		v[n++] = w;
	v[n] = NULL;
	*argv = v;
	return (0);
}

bool
jt_jailconf_find_program(const char *argv0,
    bool (*exists)(void *arg, const char *path), void *arg, char *out,
    size_t len)
{
	const char *dir = JT_JAILCONF_PATH, *colon;
	size_t n;

	if (strchr(argv0, '/') != NULL)
		return (argv0[0] == '/' && (size_t)snprintf(out, len, "%s",
		    argv0) < len && exists(arg, out));
	for (; *dir != '\0'; dir = *colon != '\0' ? colon + 1 : colon) {
		colon = strchr(dir, ':');
		if (colon == NULL)
			colon = dir + strlen(dir);
		n = (size_t)(colon - dir);
		if ((size_t)snprintf(out, len, "%.*s/%s", (int)n, dir, argv0) <
		    len && exists(arg, out))
			return (true);
	}
	return (false);
}
