/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Profile lookup (issue 10): "NAME.profile" is NAME, a path is taken as
 * is, the first directory wins; jt_profile_list() lists each name once,
 * from the directory the lookup would use, sorted; the loaded profile's
 * name has no ".profile".
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>

#include "jailtrim/profile.h"
#include "tap.h"

static bool
put(const char *dir, const char *file, const char *text)
{
	char path[PATH_MAX];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, file);
	if ((f = fopen(path, "w")) == NULL)
		return (false);
	fputs(text, f);
	return (fclose(f) == 0);
}

int
main(void)
{
	char tmpl[] = "/tmp/jt-plookup.XXXXXX", a[PATH_MAX], b[PATH_MAX];
	char path[PATH_MAX], want[PATH_MAX + 32], cmd[PATH_MAX + 16];
	const char *dirs[2] = { a, b };
	struct jt_profile_ref *refs;
	struct jt_profile *p;
	struct jt_err err;
	size_t n;

	if (mkdtemp(tmpl) == NULL)
		tap_skip_all("mkdtemp");
	snprintf(a, sizeof(a), "%s/a", tmpl);
	snprintf(b, sizeof(b), "%s/b", tmpl);
	if (mkdir(a, 0755) != 0 || mkdir(b, 0755) != 0 ||
	    !put(a, "sshd.profile", "description local sshd\n") ||
	    !put(b, "sshd.profile", "description shipped sshd\n") ||
	    !put(b, "named.profile", "description named\n") ||
	    !put(b, "README", "not a profile\n") ||
	    !put(b, ".profile", "no name\n"))
		tap_skip_all("cannot write the profiles");

	ok(jt_profile_find("sshd", dirs, 2, path, sizeof(path)), "sshd found");
	snprintf(want, sizeof(want), "%s/sshd.profile", a);
	ok(strcmp(path, want) == 0, "the first directory wins: %s", path);
	ok(jt_profile_find("sshd.profile", dirs, 2, path, sizeof(path)) &&
	    strcmp(path, want) == 0, "sshd.profile is sshd: %s", path);
	snprintf(want, sizeof(want), "%s/named.profile", b);
	ok(jt_profile_find("named", dirs, 2, path, sizeof(path)) &&
	    strcmp(path, want) == 0, "named from the second: %s", path);
	ok(!jt_profile_find("nginx", dirs, 2, path, sizeof(path)),
	    "nginx is not there");
	ok(!jt_profile_find(".profile", dirs, 2, path, sizeof(path)),
	    "'.profile' names nothing");
	ok(jt_profile_find(want, dirs, 0, path, sizeof(path)) &&
	    strcmp(path, want) == 0, "a path, without directories");

	ok(jt_profile_list(&refs, &n, dirs, 2, &err) == 0, "list");
	ok(n == 2, "two names (one sshd, no README, no '.profile'): %zu", n);
	if (n == 2) {
		ok(strcmp(refs[0].name, "named") == 0 && refs[0].dir == b,
		    "named, from b");
		ok(strcmp(refs[1].name, "sshd") == 0 && refs[1].dir == a,
		    "sshd, from a (hides b's)");
	}
	jt_profile_list_free(refs, n);
	dirs[0] = "/nonexistent/jt";
	ok(jt_profile_list(&refs, &n, dirs, 1, &err) == 0 && n == 0,
	    "a directory not there lists nothing");
	jt_profile_list_free(refs, n);

	dirs[0] = a;
	ok(jt_profile_load(&p, "sshd.profile", dirs, 2, JT_PLAT_FREEBSD,
	    &err) == 0, "load sshd.profile");
	if (p != NULL) {
		ok(strcmp(p->name, "sshd") == 0, "its name is sshd: %s",
		    p->name);
		ok(p->description != NULL &&
		    strcmp(p->description, "local sshd") == 0, "a's sshd");
		jt_profile_free(p);
	}
	ok(strcmp(jt_profile_item_word(JT_PI_FILE_OPT), "file?") == 0 &&
	    strcmp(jt_profile_item_word(JT_PI_DIR), "dir") == 0,
	    "item words");

	snprintf(cmd, sizeof(cmd), "rm -rf %s", tmpl);
	if (system(cmd) != 0)
		ok(false, "cleanup");
	return (tap_done());
}
