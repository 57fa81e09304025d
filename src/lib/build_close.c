/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Every ELF object the plan holds is closed, whatever put it there: a
 * program, a profile's tree, glob or file, a directory a service's config
 * names, a package.  verify checks every executable and shared object of
 * a jail on its own (jt_resolve_all()), so build does the same before it
 * writes anything: an object whose libraries or versions the jail lacks is
 * a problem, and what its closure finds comes into the jail.  The
 * resolver's memo is shared with the programs' closures, so a tree of many
 * libraries costs little more than reading them.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gelf.h>

#include "jailtrim/jailconf.h"
#include "build_int.h"

/* path is closed: its closure was resolved and its problems noted. */
int
build_mark_closed(struct jt_build *b, const char *path)
{
	return (map_put(&b->closed, path, b));
}

/* A regular entry of the source not closed yet, that may be an object. */
static bool
candidate(struct jt_build *b, const struct jt_plan_entry *e)
{
	return (e->type == JT_FT_REG && e->origin != NULL && e->data == NULL &&
	    e->size >= 4 && map_get(&b->closed, e->path) == NULL);
}

/* Is path an ELF file?  A file that cannot be read is an error. */
static int
is_elf(struct jt_build *b, const char *path, bool *elf, struct jt_err *err)
{
	char head[4];
	long n;

	*elf = false;
	if ((n = jt_source_peek(b->src, path, head, sizeof(head), err)) < 0)
		return ((int)n);
	*elf = n == (long)sizeof(head) && jt_elf_is_elf(head, sizeof(head));
	return (0);
}

static int
close_one(struct jt_build *b, const char *path, const char *why,
    struct jt_err *err)
{
	struct jt_closure *c;
	struct jt_err e;
	char buf[JT_ERR_PATH_MAX + JT_ERR_MSG_MAX + 8];
	bool elf;
	int rc;

	if ((rc = build_mark_closed(b, path)) != 0)
		return (jt_err_set(err, JT_ENOMEM, 0, path, "out of memory"));
	if ((rc = is_elf(b, path, &elf, err)) != 0 || !elf)
		return (rc);
	if ((rc = jt_resolve(b->r, path, &c, &e)) != 0) {
		if (rc == JT_ENOMEM) {
			*err = e;
			return (rc);
		}
		/* verify reports an object it cannot load the same way */
		return (build_problem(b, "%s: not a loadable object (%s)",
		    path, jt_err_str(&e, buf, sizeof(buf))));
	}
	/* Relocatable objects (crt1.o ...) are linked, never loaded. */
	if (c->deps[0].elf == NULL || (c->deps[0].elf->type != ET_EXEC &&
	    c->deps[0].elf->type != ET_DYN)) {
		jt_closure_free(c);
		return (0);
	}
	if ((rc = build_note_closure(b, c)) != 0)
		rc = jt_err_set(err, JT_ENOMEM, 0, path, "build");
	else
		rc = jt_plan_add_closure(b->plan, c, why, err);
	jt_closure_free(c);
	return (rc);
}

/*
 * Until no object is left unchecked: a closure brings libraries, and each
 * of those is checked on its own too, as verify will.
 */
int
build_close_all(struct jt_build *b, struct jt_err *err)
{
	const struct jt_plan_entry *ents;
	struct jt_strv todo = { 0 }, whys = { 0 };
	size_t n;
	int rc = 0;

	for (;;) {
		if ((rc = jt_plan_finish(b->plan, &ents, &n, err)) != 0)
			break;
		for (size_t i = 0; i < n && rc == 0; i++)
			if (candidate(b, &ents[i]) &&
			    (strv_push(&todo, ents[i].path) != 0 ||
			    strv_push(&whys, ents[i].why != NULL ?
			    ents[i].why : "") != 0))
				rc = jt_err_set(err, JT_ENOMEM, errno, NULL,
				    "out of memory");
		if (rc != 0 || todo.n == 0)
			break;
		for (size_t i = 0; i < todo.n && rc == 0; i++)
			rc = close_one(b, todo.v[i], whys.v[i], err);
		strv_free(&todo);
		strv_free(&whys);
		if (rc > 0 || rc == JT_ENOMEM)	/* a problem not kept */
			rc = jt_err_set(err, JT_ENOMEM, 0, NULL,
			    "out of memory");
		if (rc != 0)
			break;
	}
	strv_free(&todo);
	strv_free(&whys);
	return (rc);
}

/*
 * The program each exec.start and exec.stop command runs is in the jail:
 * jail(8) cannot start one that is not (an rc jail's /bin/sh on a root
 * whose profiles have no rc section, say).
 */
static int
check_command(struct jt_build *b, const char *key, const char *cmd,
    struct jt_err *err)
{
	char real[PATH_MAX], **argv;
	struct jt_err e;
	bool bg, there;
	int rc;

	if ((rc = jt_jailconf_split_exec(cmd, &argv, &bg, err)) != 0)
		return (rc);
	if (argv[0] == NULL || argv[0][0] != '/') {
		free(argv);	/* not absolute: a problem said where it came */
		return (0);
	}
	there = jt_source_resolve(b->src, argv[0], true, real, sizeof(real),
	    NULL, NULL, &e) == 0 && jt_plan_get(b->plan, real) != NULL;
	rc = there ? 0 : build_problem(b, "jail.conf %s \"%s\": %s is not in "
	    "the jail", key, cmd, argv[0]);
	free(argv);
	return (rc == 0 ? 0 : jt_err_set(err, JT_ENOMEM, 0, NULL,
	    "out of memory"));
}

int
build_check_commands(struct jt_build *b, struct jt_err *err)
{
	int rc = 0;

	for (size_t i = 0; i < b->execs.n && rc == 0; i++)
		rc = check_command(b, "exec.start", b->execs.v[i], err);
	for (size_t i = 0; i < b->stops.n && rc == 0; i++)
		rc = check_command(b, "exec.stop", b->stops.v[i], err);
	return (rc != 0 ? rc : build_check_reads(b, err));
}
