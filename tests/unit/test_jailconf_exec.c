/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * How jail(8) splits an exec.start string (usr.sbin/jail command.c), now
 * the jail.conf module's: words, "/bin/sh -c" for shell syntax, a lone
 * trailing "&" in the background, an empty command.
 */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "jailtrim/jailconf.h"
#include "tap.h"

/* cmd splits into want (NULL-terminated) with bg as given. */
static void
split(const char *cmd, const char *const *want, bool wantbg)
{
	struct jt_err err;
	char **argv = NULL;
	bool bg = !wantbg, same;
	size_t i;
	int rc;

	rc = jt_jailconf_split_exec(cmd, &argv, &bg, &err);
	same = rc == 0 && argv != NULL;
	for (i = 0; same && want[i] != NULL; i++)
		same = argv[i] != NULL && strcmp(argv[i], want[i]) == 0;
	same = same && argv[i] == NULL && bg == wantbg;
	ok(same, "'%s': %s", cmd, same ? "as jail(8) runs it" :
	    (rc != 0 ? err.msg : "split otherwise"));
	free(argv);
}

int
main(void)
{
	split("/usr/sbin/sshd -D", (const char *const[]){ "/usr/sbin/sshd",
	    "-D", NULL }, false);
	split("  /bin/echo\ta  b ", (const char *const[]){ "/bin/echo", "a",
	    "b", NULL }, false);
	split("/usr/sbin/sshd; echo $x", (const char *const[]){ "/bin/sh",
	    "-c", "/usr/sbin/sshd; echo $x", NULL }, false);
	split("/usr/sbin/daemon &", (const char *const[]){
	    "/usr/sbin/daemon", NULL }, true);
	split("a & b", (const char *const[]){ "/bin/sh", "-c", "a & b",
	    NULL }, false);
	split("", (const char *const[]){ NULL }, false);
	return (tap_done());
}
