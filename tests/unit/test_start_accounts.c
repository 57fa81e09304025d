/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * start's credentials (exec.jail_user) from a jail's own /etc/passwd and
 * /etc/group, read with the accounts module: uid, gid, home, shell and
 * their defaults, supplementary groups, the uid -> name list, errors.
 * Roots are made under a temporary directory.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "start_int.h"
#include "tap.h"

static char root[] = "/tmp/jt_start_acct.XXXXXX";

static void
put(const char *rel, const char *text)
{
	char path[512];
	FILE *f;

	(void)snprintf(path, sizeof(path), "%s%s", root, rel);
	if ((f = fopen(path, "w")) == NULL || fputs(text, f) < 0 ||
	    fclose(f) != 0) {
		perror(path);
		exit(1);
	}
}

int
main(void)
{
	struct start_cred c;
	struct start_users u = { 0 };
	struct jt_err err;
	char etc[512], buf[32];
	int rc;

	if (mkdtemp(root) == NULL)
		return (1);
	(void)snprintf(etc, sizeof(etc), "%s/etc", root);
	(void)mkdir(etc, 0755);

	/* no passwd at all: root is fine, a user is not found */
	ok(start_accounts(root, NULL, &c, &u, &err) == 0 && !c.set &&
	    u.names.n == 0, "no /etc/passwd: runs as root");
	ok(start_accounts(root, "www", &c, &u, &err) == JT_ENOENT &&
	    strstr(err.msg, "www") != NULL, "no /etc/passwd: www not found");

	put("/etc/passwd",
	    "# jail accounts\n"
	    "root:*:0:0:Charlie &:/root:/bin/csh\n"
	    "+:::::::\n"
	    "bad:*:x:1::/bad:/bin/sh\n"
	    "www:*:80:80:World Wide Web Owner:/nonexistent:/usr/sbin/nologin\n"
	    "toor:*:0:0:Bourne-again:/root:\n"
	    "app:*:1001:1001:App::\n"
	    "www:*:81:81:second:/second:/bin/sh\n");
	put("/etc/group",
	    "wheel:*:0:root,app\n"
	    "www:*:80:www\n"
	    "app:*:1001:app\n"
	    "# staff:*:50:app\n"
	    "staff:*:51:other,app\n"
	    "bad:*:nope:app\n"
	    "video:*:44:\n");
	strv_free(&u.names);
	rc = start_accounts(root, "www", &c, &u, &err);
	ok(rc == 0 && c.set && c.uid == 80 && c.gid == 80 &&
	    strcmp(c.name, "www") == 0 && strcmp(c.home, "/nonexistent") == 0 &&
	    strcmp(c.shell, "/usr/sbin/nologin") == 0,
	    "www: the first www line, its uid, gid, home and shell");
	ok(c.ngroups == 1 && c.groups[0] == 80,
	    "www: only its primary group (%d groups)", c.ngroups);
	ok(strcmp(start_user_name(&u, 0, buf, sizeof(buf)), "root") == 0 &&
	    strcmp(start_user_name(&u, 80, buf, sizeof(buf)), "www") == 0 &&
	    strcmp(start_user_name(&u, 1001, buf, sizeof(buf)), "app") == 0 &&
	    strcmp(start_user_name(&u, 4242, buf, sizeof(buf)), "4242") == 0,
	    "uid -> name: root, www, app, and a number when unknown");
	ok(u.names.n == 5, "5 named uids (bad uid and NIS line skipped): %zu",
	    u.names.n);
	strv_free(&u.names);

	rc = start_accounts(root, "app", &c, &u, &err);
	ok(rc == 0 && c.set && c.uid == 1001 && strcmp(c.home, "/") == 0 &&
	    strcmp(c.shell, "/bin/sh") == 0,
	    "app: empty home and shell give / and /bin/sh");
	ok(c.ngroups == 3 && c.groups[0] == 1001 && c.groups[1] == 0 &&
	    c.groups[2] == 51, "app: primary, wheel, staff (not the comment, "
	    "not the bad gid): %d groups", c.ngroups);
	strv_free(&u.names);

	rc = start_accounts(root, "root", &c, &u, &err);
	ok(rc == 0 && !c.set, "root: as jail(8), no change of credentials");
	strv_free(&u.names);
	rc = start_accounts(root, "bad", &c, &u, &err);
	ok(rc == JT_ENOENT, "a user whose uid is not a number is not found");
	strv_free(&u.names);
	rc = start_accounts(root, "nobody", &c, &u, &err);
	ok(rc == JT_ENOENT && strstr(err.msg, "nobody") != NULL,
	    "an absent user: %s", err.msg);
	strv_free(&u.names);

	put("/etc/passwd", "root:*:0:0::/root:/bin/sh\n");
	(void)snprintf(etc, sizeof(etc), "%s/etc/passwd", root);
	(void)unlink(etc);
	(void)mkdir(etc, 0755);		/* a directory: a read error */
	rc = start_accounts(root, "www", &c, &u, &err);
	ok(rc != 0 && rc != JT_ENOENT, "passwd unreadable: error %d", rc);
	strv_free(&u.names);

	(void)rmdir(etc);
	(void)snprintf(etc, sizeof(etc), "%s/etc/group", root);
	(void)unlink(etc);
	(void)snprintf(etc, sizeof(etc), "%s/etc", root);
	(void)rmdir(etc);
	(void)rmdir(root);
	return (tap_done());
}
