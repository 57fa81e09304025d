/* SPDX-License-Identifier: BSD-2-Clause */
/* The profile format: sections per platform, includes, errors by line. */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "jailtrim/profile.h"
#include "tap.h"

static const char text[] =
    "# comment\n"
    "description a test service\n"
    "file? /etc/hosts   # everywhere\n"
    "[freebsd]\n"
    "program /usr/sbin/sshd\n"
    "dir /var/empty 0555 root wheel\n"
    "command /usr/sbin/sshd -D -o 'X=1'\n"
    "probe tcp 22 SSH-2.0-\n"
    "[linux]\n"
    "program /usr/sbin/sshd\n"
    "dir /run/sshd 0755 root root\n"
    "[all]\n"
    "user sshd\n";

static int
count(const struct jt_profile *p, enum jt_pitem k)
{
	int n = 0;

	for (size_t i = 0; i < p->nitems; i++)
		n += p->items[i].kind == k;
	return (n);
}

static void
test_sections(void)
{
	struct jt_profile *p;
	struct jt_err err;

	ok(jt_profile_parse(&p, text, sizeof(text) - 1, "t.profile",
	    JT_PLAT_FREEBSD, &err) == 0, "parses (%s)", err.msg);
	ok(p->nitems == 6 && count(p, JT_PI_DIR) == 1 &&
	    strcmp(p->items[2].args[0], "/var/empty") == 0 &&
	    strcmp(p->items[2].args[1], "0555") == 0,
	    "FreeBSD part plus common lines (%zu items)", p->nitems);
	ok(strcmp(p->items[3].rest, "/usr/sbin/sshd -D -o 'X=1'") == 0,
	    "command keeps its whole line: %s", p->items[3].rest);
	ok(p->items[5].kind == JT_PI_USER && p->items[5].line == 13,
	    "[all] after a platform section, line numbers kept");
	ok(p->description != NULL &&
	    strcmp(p->description, "a test service") == 0, "description");
	jt_profile_free(p);
	ok(jt_profile_parse(&p, text, sizeof(text) - 1, "t.profile",
	    JT_PLAT_GLIBC, &err) == 0 && p->nitems == 4 &&
	    count(p, JT_PI_COMMAND) == 0 &&
	    strcmp(p->items[2].args[0], "/run/sshd") == 0, "Linux part");
	jt_profile_free(p);
}

static void
bad(const char *t, const char *want)
{
	struct jt_profile *p = NULL;
	struct jt_err err;
	int rc = jt_profile_parse(&p, t, strlen(t), "b.profile",
	    JT_PLAT_FREEBSD, &err);

	ok(rc == JT_EFORMAT && p == NULL && strstr(err.path, "b.profile:") ==
	    err.path && strstr(err.msg, want) != NULL, "refused: %s: %s",
	    err.path, err.msg);
}

static void
test_empty(void)
{
	struct jt_profile *p;
	struct jt_err err;

	/* found by fuzz_profile: an empty text once copied from NULL */
	ok(jt_profile_parse(&p, "", 0, "e.profile", JT_PLAT_FREEBSD, &err) ==
	    0 && p->nitems == 0, "an empty profile has no items");
	jt_profile_free(p);
}

static void
test_errors(void)
{
	bad("programme /bin/sh\n", "unknown directive 'programme'");
	bad("\n\nfile etc/passwd\n", "not an absolute path");
	bad("file /etc/../../x\n", "without '..'");
	bad("dir /var/empty 0999 root wheel\n", "bad mode");
	bad("dir /var/empty 0555 root\n", "wrong number");
	bad("[solaris]\n", "unknown section");
	bad("probe icmp\n", "unknown probe");
	bad("config iis /etc/x\n", "unknown config kind 'iis' (httpd (or apache");
}

/* The aliases jt_svcconf_config() takes, the profile parser takes too. */
static void
test_config_aliases(void)
{
	static const char *const k[] = { "httpd", "apache", "apache2",
	    "nginx", "lighttpd", "named", "bind" };
	char t[64];

	for (size_t i = 0; i < sizeof(k) / sizeof(k[0]); i++) {
		struct jt_profile *p = NULL;
		struct jt_err err;

		snprintf(t, sizeof(t), "config %s /etc/x.conf\n", k[i]);
		ok(jt_profile_parse(&p, t, strlen(t), "a.profile",
		    JT_PLAT_FREEBSD, &err) == 0 && p != NULL && p->nitems == 1,
		    "config kind %s accepted (%s)", k[i], p ? "" : err.msg);
		jt_profile_free(p);
	}
}

static void
test_includes(void)
{
	char dir[] = "/tmp/jt-prof-XXXXXX", path[PATH_MAX];
	const char *dirs[1] = { dir };
	struct jt_profile *p;
	struct jt_err err;
	FILE *f;

	if (mkdtemp(dir) == NULL)
		return;
	snprintf(path, sizeof(path), "%s/a.profile", dir);
	f = fopen(path, "w");
	fputs("include b\nfile /etc/a\n", f);
	fclose(f);
	snprintf(path, sizeof(path), "%s/b.profile", dir);
	f = fopen(path, "w");
	fputs("[freebsd]\nfile /etc/b\n[linux]\ninclude nosuch\n", f);
	fclose(f);
	snprintf(path, sizeof(path), "%s/loop.profile", dir);
	f = fopen(path, "w");
	fputs("include loop\n", f);
	fclose(f);
	ok(jt_profile_load(&p, "a", dirs, 1, JT_PLAT_FREEBSD, &err) == 0 &&
	    p->nitems == 2 && strcmp(p->items[0].args[0], "/etc/b") == 0 &&
	    strcmp(p->name, "a") == 0, "include first, in place");
	jt_profile_free(p);
	ok(jt_profile_load(&p, "a", dirs, 1, JT_PLAT_GLIBC, &err) ==
	    JT_ENOENT && strstr(err.msg, "nosuch") != NULL,
	    "a missing include is an error: %s", err.msg);
	ok(jt_profile_load(&p, "loop", dirs, 1, JT_PLAT_GLIBC, &err) ==
	    JT_EFORMAT && strstr(err.msg, "includes itself") != NULL,
	    "include loop refused");
	ok(jt_profile_load(&p, "zzz", dirs, 1, JT_PLAT_GLIBC, &err) ==
	    JT_ENOENT, "unknown profile");
	snprintf(path, sizeof(path), "rm -rf '%s'", dir);
	if (system(path) != 0)
		printf("# cleanup failed: %s\n", path);
}

/* Every shipped profile loads, for both platforms. */
static void
test_shipped(void)
{
	const char *src = getenv("JT_SRCDIR");
	char dir[PATH_MAX], cmd[PATH_MAX + 64], name[256];
	const char *dirs[1] = { dir };
	struct jt_profile *p;
	struct jt_err err;
	int n = 0, good = 0;
	FILE *ls;

	if (src == NULL)
		return;
	snprintf(dir, sizeof(dir), "%s/profiles", src);
	snprintf(cmd, sizeof(cmd), "cd '%s' && ls *.profile", dir);
	if ((ls = popen(cmd, "r")) == NULL)
		return;
	while (fgets(name, sizeof(name), ls) != NULL) {
		name[strcspn(name, "\n")] = '\0';
		*strstr(name, ".profile") = '\0';
		for (int plat = JT_PLAT_FREEBSD; plat <= JT_PLAT_GLIBC; plat++) {
			n++;
			if (jt_profile_load(&p, name, dirs, 1, plat, &err) == 0) {
				good += p->nitems > 0;
				jt_profile_free(p);
			} else
				printf("# %s: %s: %s\n", name, err.path, err.msg);
		}
	}
	pclose(ls);
	ok(n >= 6 && good == n, "%d shipped profile loads, non-empty", good);
}

int
main(void)
{
	test_sections();
	test_empty();
	test_errors();
	test_config_aliases();
	test_includes();
	test_shipped();
	return (tap_done());
}
