/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The planner's owners read with the accounts module: a directory's
 * "user"/"group" names to ids, a file's uid/gid to names.  Fixed on the
 * move: a uid that is not a number was taken as uid 0 (root) by
 * strtoul; a zero-padded id ("0100") matched no file's uid 100; a
 * passwd or group line of 1024 bytes or more was not read.  The root is
 * made under a temporary directory.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "jailtrim/plan.h"
#include "jailtrim/source.h"
#include "tap.h"

static char root[] = "/tmp/jt_plan_acct.XXXXXX";

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

static const struct jt_plan_entry *
find(struct jt_plan *p, const char *path)
{
	const struct jt_plan_entry *v;
	struct jt_err err;
	size_t n;

	if (jt_plan_finish(p, &v, &n, &err) != 0)
		return (NULL);
	for (size_t i = 0; i < n; i++)
		if (strcmp(v[i].path, path) == 0)
			return (&v[i]);
	return (NULL);
}

int
main(void)
{
	struct jt_source *src = NULL;
	struct jt_plan *p = NULL;
	const struct jt_plan_entry *e;
	struct jt_err err;
	char path[512], *text;
	size_t n = 2000;
	int rc;

	if (geteuid() != 0)
		tap_skip_all("needs root to chown a file to uid 100");
	if (mkdtemp(root) == NULL)
		return (1);
	(void)snprintf(path, sizeof(path), "%s/etc", root);
	(void)mkdir(path, 0755);
	if ((text = malloc(n + 256)) == NULL)
		return (1);
	(void)snprintf(text, n + 256, "root:*:0:0::/root:/bin/sh\n"
	    "bad:*:abc:0::/:/bin/sh\n"
	    "zero:*:0100:0100::/z:/bin/sh\n"
	    "www:*:80:80::/nonexistent:/usr/sbin/nologin\n"
	    "long:*:300:300:%0*d:/l:/bin/sh\n", (int)n, 0);
	put("/etc/passwd", text);
	put("/etc/group", "wheel:*:0:root\nzero:*:0100:\nwww:*:80:\n");
	put("/f", "data\n");
	(void)snprintf(path, sizeof(path), "%s/f", root);
	if (chown(path, 100, 100) != 0)
		return (1);
	if (jt_source_new(&src, &err) != 0 || jt_source_add(src, root,
	    &err) != 0 || jt_plan_new(&p, src, &err) != 0)
		return (1);

	rc = jt_plan_add_dir(p, "/d/www", 0755, "www", "www", "t", &err);
	e = find(p, "/d/www");
	ok(rc == 0 && e != NULL && e->uid == 80 && e->gid == 80,
	    "www:www is 80:80");
	rc = jt_plan_add_dir(p, "/d/bad", 0755, "bad", "wheel", "t", &err);
	ok(rc == JT_ENOENT, "a user whose uid is not a number is no user "
	    "(was: uid 0): %d", rc);
	rc = jt_plan_add_dir(p, "/d/zero", 0755, "zero", "zero", "t", &err);
	e = find(p, "/d/zero");
	ok(rc == 0 && e != NULL && e->uid == 100 && e->gid == 100,
	    "zero-padded ids: 100:100");
	rc = jt_plan_add_dir(p, "/d/long", 0755, "long", "wheel", "t", &err);
	e = find(p, "/d/long");
	ok(rc == 0 && e != NULL && e->uid == 300,
	    "a user on a %zu-byte line is read", n + 30);
	rc = jt_plan_add_path(p, "/f", "t", &err);
	e = find(p, "/f");
	ok(rc == 0 && e != NULL && e->uid == 100 &&
	    strcmp(e->uname, "zero") == 0 && strcmp(e->gname, "zero") == 0,
	    "a file of uid 100 is owned by zero (\"0100\"): %s:%s",
	    e != NULL ? e->uname : "?", e != NULL ? e->gname : "?");

	jt_plan_free(p);
	jt_source_free(src);
	free(text);
	(void)snprintf(path, sizeof(path), "rm -rf '%s'", root);
	if (system(path) != 0)
		printf("# cleanup failed: %s\n", path);
	return (tap_done());
}
