/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The planner checks a generated directory's or file's path with the one
 * absolute-path check (names.h): before, its own copy accepted a path
 * ending in "/.." ("/srv/.."), which names the parent.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "jailtrim/plan.h"
#include "jailtrim/source.h"
#include "tap.h"

int
main(void)
{
	char root[] = "/tmp/jt_plan_paths.XXXXXX", etc[64];
	struct jt_source *src = NULL;
	struct jt_plan *p = NULL;
	struct jt_err err;
	FILE *f;

	if (mkdtemp(root) == NULL)
		return (1);
	(void)snprintf(etc, sizeof(etc), "%s/etc", root);
	(void)mkdir(etc, 0755);
	(void)snprintf(etc, sizeof(etc), "%s/etc/passwd", root);
	if ((f = fopen(etc, "w")) == NULL)
		return (1);
	fputs("root:*:0:0::/root:/bin/sh\n", f);
	fclose(f);
	(void)snprintf(etc, sizeof(etc), "%s/etc/group", root);
	if ((f = fopen(etc, "w")) == NULL)
		return (1);
	fputs("wheel:*:0:root\n", f);
	fclose(f);
	if (jt_source_new(&src, &err) != 0 || jt_source_add(src, root,
	    &err) != 0 || jt_plan_new(&p, src, &err) != 0)
		return (1);

	ok(jt_plan_add_dir(p, "/srv/www", 0755, "root", "wheel", "t",
	    &err) == 0, "/srv/www is a directory path");
	ok(jt_plan_add_dir(p, "/srv/..", 0755, "root", "wheel", "t",
	    &err) == JT_EINVAL, "dir /srv/.. is refused");
	ok(jt_plan_add_dir(p, "srv", 0755, "root", "wheel", "t",
	    &err) == JT_EINVAL, "dir srv (relative) is refused");
	ok(jt_plan_add_dir(p, "/a/../b", 0755, "root", "wheel", "t",
	    &err) == JT_EINVAL, "dir /a/../b is refused");
	ok(jt_plan_add_data(p, "/etc/x", "x", 1, 0644, "t", &err) == 0,
	    "file /etc/x");
	ok(jt_plan_add_data(p, "/etc/..", "x", 1, 0644, "t",
	    &err) == JT_EINVAL, "file /etc/.. is refused");

	jt_plan_free(p);
	jt_source_free(src);
	(void)unlink(etc);
	(void)snprintf(etc, sizeof(etc), "%s/etc/passwd", root);
	(void)unlink(etc);
	(void)snprintf(etc, sizeof(etc), "%s/etc", root);
	(void)rmdir(etc);
	(void)rmdir(root);
	return (tap_done());
}
