/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Profile variables: "var NAME DEFAULT", ${NAME} in later lines and in
 * includers, -D values (jt_profile_load_defs) over defaults, the first
 * declaration winning, one-pass expansion, errors with file and line.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "jailtrim/profile.h"
#include "tap.h"

static char dir[PATH_MAX - 64];

static const struct jt_profile_item *
item(const struct jt_profile *p, enum jt_pitem kind, size_t nth)
{
	for (size_t i = 0; i < p->nitems; i++)
		if (p->items[i].kind == kind && nth-- == 0)
			return (&p->items[i]);
	return (NULL);
}

static int
load(struct jt_profile **p, const char *name, enum jt_platform plat,
    const char *const *defs, size_t ndefs, struct jt_err *err)
{
	const char *dirs[1] = { dir };

	return (jt_profile_load_defs(p, name, dirs, 1, plat, defs, ndefs,
	    err));
}

static void
test_defaults_and_defines(void)
{
	static const char *const defs[] = { "conf=/var/etc/x.conf",
	    "port=8080", "port=8081" };
	const struct jt_profile_item *it;
	const struct jt_profile_var *v;
	struct jt_profile *p = NULL;
	struct jt_err err = { 0 };

	ok(load(&p, "svc", JT_PLAT_GLIBC, NULL, 0, &err) == 0,
	    "loads (%s)", err.msg);
	if (p == NULL)
		return;
	it = item(p, JT_PI_CONFIG, 0);
	ok(it != NULL && strcmp(it->args[1], "/etc/x/x.conf") == 0,
	    "a default built from another variable: %s",
	    it != NULL ? it->args[1] : "-");
	it = item(p, JT_PI_COMMAND, 0);
	ok(it != NULL && strcmp(it->rest, "/usr/sbin/x -f /etc/x/x.conf "
	    "-p 80 $HOME") == 0, "a command's rest expanded, a bare '$' kept: "
	    "%s", it != NULL ? it->rest : "-");
	v = jt_profile_var(p, "conf");
	ok(v != NULL && strcmp(v->def, "/etc/x/x.conf") == 0 &&
	    !v->overridden && v->line == 5, "the variable, its default and "
	    "line");
	ok(p->nvars == 3 && strcmp(p->vars[0].name, "confdir") == 0,
	    "variables in order of declaration (%zu)", p->nvars);
	jt_profile_free(p);
	p = NULL;
	ok(load(&p, "svc", JT_PLAT_GLIBC, defs, 3, &err) == 0,
	    "loads with -D (%s)", err.msg);
	if (p == NULL)
		return;
	it = item(p, JT_PI_PROBE, 0);
	ok(it != NULL && strcmp(it->args[1], "8081") == 0,
	    "the later of two -D wins: %s", it != NULL ? it->args[1] : "-");
	it = item(p, JT_PI_CONFIG, 0);
	v = jt_profile_var(p, "conf");
	ok(it != NULL && strcmp(it->args[1], "/var/etc/x.conf") == 0 &&
	    v != NULL && v->overridden && strcmp(v->def, "/etc/x/x.conf") ==
	    0, "-D replaces the default, the default is kept for show");
	jt_profile_free(p);
}

static void
test_include_and_order(void)
{
	static const char *const defs[] = { "mode=0711" };
	const struct jt_profile_item *it;
	struct jt_profile *p = NULL;
	struct jt_err err = { 0 };

	ok(load(&p, "outer", JT_PLAT_FREEBSD, NULL, 0, &err) == 0,
	    "an includer loads (%s)", err.msg);
	if (p == NULL)
		return;
	it = item(p, JT_PI_DIR, 0);
	ok(it != NULL && strcmp(it->args[1], "0700") == 0,
	    "the includer's var, before its include, sets the default");
	it = item(p, JT_PI_DIR, 1);
	ok(it != NULL && strcmp(it->args[0], "/srv/inner/sub") == 0,
	    "the included profile's variable is the includer's too");
	jt_profile_free(p);
	p = NULL;
	ok(load(&p, "outer", JT_PLAT_FREEBSD, defs, 1, &err) == 0 &&
	    (it = item(p, JT_PI_DIR, 1)) != NULL &&
	    strcmp(it->args[1], "0711") == 0, "-D beats every declaration");
	jt_profile_free(p);
}

static void
test_errors(void)
{
	static const char *const loop[] = { "conf=/x${conf}" };
	static const char *const bad[] = { "conf=a b" };
	const struct jt_profile_item *it;
	struct jt_profile *p = NULL;
	struct jt_err err = { 0 };

	ok(load(&p, "typo", JT_PLAT_GLIBC, NULL, 0, &err) != 0 &&
	    p == NULL && strstr(err.path, "typo.profile:3") != NULL &&
	    strstr(err.msg, "unknown variable '${cnof}'") != NULL,
	    "an unknown ${x}: its file and line (%s: %s)", err.path, err.msg);
	ok(load(&p, "svc", JT_PLAT_GLIBC, bad, 1, &err) != 0 && p == NULL,
	    "a -D value with a blank is refused (%s)", err.msg);
	ok(load(&p, "svc", JT_PLAT_GLIBC, loop, 1, &err) == 0 && p != NULL &&
	    (it = item(p, JT_PI_CONFIG, 0)) != NULL &&
	    strcmp(it->args[1], "/x${conf}") == 0,
	    "a value is put in once, never expanded again");
	jt_profile_free(p);
	p = NULL;
	ok(load(&p, "unclosed", JT_PLAT_GLIBC, NULL, 0, &err) != 0 &&
	    strstr(err.msg, "without its '}'") != NULL, "'${' unclosed (%s)",
	    err.msg);
	ok(load(&p, "badvar", JT_PLAT_GLIBC, NULL, 0, &err) != 0 &&
	    strstr(err.path, "badvar.profile:1") != NULL,
	    "var with one word is an error (%s)", err.msg);
	/* the other platform's section is not expanded */
	ok(load(&p, "fbonly", JT_PLAT_GLIBC, NULL, 0, &err) == 0,
	    "a FreeBSD-only variable does not fail the Linux load (%s)",
	    err.msg);
	jt_profile_free(p);
	p = NULL;
	ok(load(&p, "fbonly", JT_PLAT_FREEBSD, NULL, 0, &err) == 0 &&
	    p->nvars == 1, "and is there for FreeBSD (%s)", err.msg);
	jt_profile_free(p);
	ok(jt_profile_check_define("9x=1", &err) != 0 &&
	    jt_profile_check_define("x", &err) != 0 &&
	    jt_profile_check_define("x=", &err) != 0 &&
	    jt_profile_check_define("x_1=/a=b", &err) == 0,
	    "-D syntax: NAME=VALUE, a one-word value may hold '='");
}

int
main(void)
{
	const char *tmp = getenv("JT_TEST_WORK");
	char cmd[PATH_MAX + 16];

	if (tmp == NULL)
		tmp = getenv("TMPDIR") != NULL ? getenv("TMPDIR") : "/tmp";
	snprintf(dir, sizeof(dir), "%s/jt-vars.XXXXXX", tmp);
	if (mkdir(tmp, 0755) != 0 && errno != EEXIST)
		tap_skip_all("cannot create the scratch directory");
	if (mkdtemp(dir) == NULL ||
	    !tap_put(dir, "svc.profile", "description x\n"
	    "[linux]\n"
	    "var confdir /etc/x\n"
	    "var port 80\n"
	    "var conf ${confdir}/x.conf\n"
	    "config lighttpd ${conf}\n"
	    "command /usr/sbin/x -f ${conf} -p ${port} $HOME\n"
	    "probe http ${port} /\n", 0644) ||
	    !tap_put(dir, "inner.profile", "var dir /srv/inner\n"
	    "var mode 0750\n"
	    "dir ${dir} ${mode} root wheel\n", 0644) ||
	    !tap_put(dir, "outer.profile", "var mode 0700\n"
	    "include inner\n"
	    "dir ${dir}/sub ${mode} root wheel\n", 0644) ||
	    !tap_put(dir, "typo.profile", "var conf /x\n"
	    "# a comment ${not expanded}\n"
	    "file ${cnof}\n", 0644) ||
	    !tap_put(dir, "unclosed.profile", "file ${conf\n", 0644) ||
	    !tap_put(dir, "badvar.profile", "var onlyname\n", 0644) ||
	    !tap_put(dir, "fbonly.profile", "[freebsd]\n"
	    "var d /usr/local/x\n"
	    "file ${d}\n", 0644))
		tap_skip_all("cannot write profiles under a temporary dir");
	test_defaults_and_defines();
	test_include_and_order();
	test_errors();
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	if (system(cmd) != 0)
		printf("# cleanup failed: %s\n", cmd);
	return (tap_done());
}
