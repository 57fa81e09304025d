/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * prestart-if-empty DIR CMD...: the item it parses into (the command, and
 * the exec.start string that tests DIR with /bin/sh's builtins first),
 * the directories it refuses, and the string run by a real /bin/sh on an
 * empty, a missing, a dot-file-only and a full directory.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include "jailtrim/profile.h"
#include "tap.h"

static struct jt_profile *
parse(const char *text, struct jt_err *err)
{
	struct jt_profile *p = NULL;

	if (jt_profile_parse(&p, text, strlen(text), "t.profile",
	    JT_PLAT_GLIBC, err) != 0)
		return (NULL);
	return (p);
}

static void
test_parse(void)
{
	struct jt_profile *p;
	struct jt_err err;
	const struct jt_profile_item *it;

	p = parse("prestart-if-empty /var/db/pg /usr/bin/initdb -D /var/db/pg\n"
	    "prestart /usr/bin/true\ncommand /usr/bin/postgres -D /x\n", &err);
	if (!ok(p != NULL && p->nitems == 3, "parses (%s)", p == NULL ?
	    err.msg : ""))
		return;
	it = &p->items[0];
	ok(it->kind == JT_PI_PRESTART_EMPTY && it->nargs >= 1 &&
	    strcmp(it->args[0], "/var/db/pg") == 0, "the directory");
	ok(strcmp(it->cmd, "/usr/bin/initdb -D /var/db/pg") == 0,
	    "the command: '%s'", it->cmd);
	ok(strcmp(it->rest, "/var/db/pg /usr/bin/initdb -D /var/db/pg") == 0,
	    "the rest of the line, as profiles show prints it");
	ok(strcmp(it->exec, "for f in /var/db/pg/* /var/db/pg/.[!.]* "
	    "/var/db/pg/..?*; do [ -e \"$f\" ] && exit 0; done; "
	    "/usr/bin/initdb -D /var/db/pg") == 0, "exec.start: '%s'",
	    it->exec);
	ok(strcmp(jt_profile_item_word(it->kind), "prestart-if-empty") == 0,
	    "its word");
	ok(strcmp(p->items[1].exec, "/usr/bin/true") == 0 &&
	    strcmp(p->items[1].cmd, "/usr/bin/true") == 0 &&
	    strcmp(p->items[2].exec, "/usr/bin/postgres -D /x") == 0,
	    "prestart's and command's exec.start are their lines");
	jt_profile_free(p);

	ok(parse("prestart-if-empty /var/db/pg\n", &err) == NULL &&
	    strstr(err.msg, "wrong number of arguments") != NULL,
	    "no command: %s", err.msg);
	ok(parse("prestart-if-empty var/db /bin/true\n", &err) == NULL &&
	    strstr(err.msg, "'var/db' is not an absolute path") != NULL,
	    "a relative directory: %s", err.msg);
	ok(parse("prestart-if-empty /var/../etc /bin/true\n", &err) == NULL,
	    "'..' refused: %s", err.msg);
	ok(parse("prestart-if-empty /var/$(reboot) /bin/true\n", &err) ==
	    NULL && strstr(err.msg, "of letters, digits and '/._-+@%:,='") !=
	    NULL, "shell syntax in the directory: %s", err.msg);
	ok(parse("prestart-if-empty /var/a;b /bin/true\n", &err) == NULL,
	    "';' refused: %s", err.msg);
	ok(parse("prestart-if-empty /var/a* /bin/true\n", &err) == NULL,
	    "'*' refused: %s", err.msg);
}

/* Run exec (as jail(8) would: /bin/sh -c); 1 if the command ran. */
static int
ran(const char *exec, const char *mark)
{
	pid_t pid;
	int st;

	unlink(mark);
	if ((pid = fork()) == 0) {
		execl("/bin/sh", "sh", "-c", exec, (char *)NULL);
		_exit(127);
	}
	if (pid < 0 || waitpid(pid, &st, 0) != pid || !WIFEXITED(st) ||
	    WEXITSTATUS(st) != 0)
		return (-1);
	return (access(mark, F_OK) == 0);
}

static void
test_run(void)
{
	char dir[256], text[1024], mark[300], sub[300];
	struct jt_profile *p;
	struct jt_err err;
	const char *x;

	/* a directory of our own: JT_TEST_WORK may not be made yet */
	snprintf(dir, sizeof(dir), "%s/jt-prestart-XXXXXX",
	    getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
	if (!ok(mkdtemp(dir) != NULL, "mkdtemp %s", dir))
		return;
	snprintf(mark, sizeof(mark), "%s.ran", dir);
	snprintf(sub, sizeof(sub), "%s/d", dir);
	snprintf(text, sizeof(text), "prestart-if-empty %s /usr/bin/touch "
	    "%s\n", sub, mark);
	p = parse(text, &err);
	if (!ok(p != NULL, "parses (%s)", p == NULL ? err.msg : ""))
		return;
	x = p->items[0].exec;
	ok(ran(x, mark) == 1, "a missing directory: the command runs");
	ok(mkdir(sub, 0755) == 0 && ran(x, mark) == 1,
	    "an empty directory: the command runs");
	ok(tap_put(sub, ".keep", "", 0644) && ran(x, mark) == 0,
	    "a dot file only: skipped");
	ok(unlink(tap_path(sub, ".keep")) == 0 && tap_put(sub, "..x", "",
	    0644) && ran(x, mark) == 0, "a '..x' file only: skipped");
	ok(unlink(tap_path(sub, "..x")) == 0 && tap_put(sub, "PG_VERSION",
	    "15\n", 0644) && ran(x, mark) == 0, "a cluster: skipped");
	unlink(tap_path(sub, "PG_VERSION"));
	rmdir(sub);
	rmdir(dir);
	unlink(mark);
	jt_profile_free(p);
}

int
main(void)
{
	test_parse();
	test_run();
	return (tap_done());
}
