/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Profile includes that fan out (issue 9): five levels of 100 includes
 * each are read in bounded time, every profile once, its items once; a
 * profile including itself is still an error.
 */
#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>

#include "jailtrim/profile.h"
#include "tap.h"

#define LEVELS	5
#define WIDTH	100

static void
on_alarm(int sig)
{
	static const char msg[] = "not ok - loading took over 20 s\n";

	(void)sig;
	if (write(STDOUT_FILENO, msg, sizeof(msg) - 1) < 0)
		_exit(2);	/* nothing else to do in a handler */
	_exit(1);
}

static bool
put(const char *dir, const char *name, const char *text)
{
	char path[PATH_MAX + 64];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s.profile", dir, name);
	if ((f = fopen(path, "w")) == NULL)
		return (false);
	fputs(text, f);
	return (fclose(f) == 0);
}

/*
 * top includes l1_0 .. l1_99; every l<i>_<j> has one file of its own and
 * includes all of l<i+1>_0 .. l<i+1>_99.
 */
static bool
make_tree(const char *dir)
{
	static char text[WIDTH * 32 + 64];
	char name[32];
	size_t n;

	for (int lv = 0; lv <= LEVELS; lv++) {
		for (int j = 0; j < (lv == 0 ? 1 : WIDTH); j++) {
			n = 0;
			if (lv > 0)
				n += (size_t)snprintf(text + n, sizeof(text) - n,
				    "file /etc/l%d_%d\n", lv, j);
			for (int k = 0; lv < LEVELS && k < WIDTH; k++)
				n += (size_t)snprintf(text + n, sizeof(text) - n,
				    "include l%d_%d\n", lv + 1, k);
			if (lv == 0)
				snprintf(name, sizeof(name), "top");
			else
				snprintf(name, sizeof(name), "l%d_%d", lv, j);
			if (!put(dir, name, text))
				return (false);
		}
	}
	return (true);
}

static void
rm_tree(const char *dir)
{
	char cmd[PATH_MAX + 16];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	if (system(cmd) != 0)
		printf("# cleanup failed: %s\n", cmd);
}

int
main(void)
{
	/* the build's scratch directory: a killed run leaves nothing in /tmp */
	const char *tmp = getenv("JT_TEST_WORK");
	char dir[PATH_MAX - 64];
	const char *dirs[1] = { dir };
	struct jt_profile *p = NULL;
	struct jt_err err = { 0 };
	size_t files = 0;
	int rc;

	if (tmp == NULL)
		tmp = getenv("TMPDIR") != NULL ? getenv("TMPDIR") : "/tmp";
	snprintf(dir, sizeof(dir), "%s/jt-incl.XXXXXX", tmp);
	if (mkdir(tmp, 0755) != 0 && errno != EEXIST)
		tap_skip_all("cannot create the scratch directory");
	if (mkdtemp(dir) == NULL || !make_tree(dir))
		tap_skip_all("cannot write profiles under a temporary dir");
	signal(SIGALRM, on_alarm);
	alarm(20);
	rc = jt_profile_load(&p, "top", dirs, 1, JT_PLAT_FREEBSD, &err);
	for (size_t i = 0; p != NULL && i < p->nitems; i++)
		files += p->items[i].kind == JT_PI_FILE;
	ok(rc == 0 && p != NULL && files == LEVELS * WIDTH &&
	    p->nitems == files, "%d levels of %d includes: %zu items, each "
	    "profile once (rc %d %s)", LEVELS, WIDTH, p != NULL ? p->nitems : 0,
	    rc, err.msg);
	jt_profile_free(p);
	/* a loop through an include is still found */
	p = NULL;
	if (put(dir, "loop_a", "file /etc/a\ninclude loop_b\n") &&
	    put(dir, "loop_b", "include loop_a\n")) {
		rc = jt_profile_load(&p, "loop_a", dirs, 1, JT_PLAT_FREEBSD,
		    &err);
		ok(rc != 0 && p == NULL && strstr(err.msg, "includes itself"),
		    "a profile including itself is an error (%s)", err.msg);
		jt_profile_free(p);
	}
	rm_tree(dir);
	return (tap_done());
}
