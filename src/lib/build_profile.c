/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * A profile's items in a build (build.c): programs, files, trees and
 * globs with their closures, accounts, start commands and their
 * programs, service configurations and what they name, rc.d scripts,
 * packages and interpreters.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jailtrim/interp.h"
#include "jailtrim/jailconf.h"
#include "jailtrim/svcconf.h"
#include "build_int.h"

/* /bin/sh, for a command with shell syntax: jail(8) runs it with sh -c. */
static int
add_sh(struct jt_build *b, const char *why, struct jt_err *err)
{
	char swhy[PATH_MAX + 128];

	(void)snprintf(swhy, sizeof(swhy), "%s (shell syntax: jail(8) runs it "
	    "with /bin/sh -c)", why);
	if (!build_exists(b, "/bin/sh"))
		return (build_problem(b, "%s: /bin/sh is not in the source",
		    swhy));
	return (jt_build_add_path(b, "/bin/sh", swhy, err));
}

/* The program a command line runs must be in the jail. */
static int
add_command_program(struct jt_build *b, const char *cmd, const char *why,
    struct jt_err *err)
{
	char prog[PATH_MAX], **argv;
	size_t n = strcspn(cmd, " \t");
	bool bg, shell;
	int rc;

	if (n == 0 || n >= sizeof(prog) || cmd[0] != '/')
		return (build_problem(b, "%s: the command must start with an "
		    "absolute path: %s", why, cmd));
	memcpy(prog, cmd, n);
	prog[n] = '\0';
	if (!build_exists(b, prog))
		return (build_problem(b, "%s: %s is not in the source", why, prog));
	if ((rc = jt_build_add_path(b, prog, why, err)) != 0)
		return (rc);
	/* jail(8) runs a command with shell syntax through /bin/sh -c */
	if ((rc = jt_jailconf_split_exec(cmd, &argv, &bg, err)) != 0)
		return (rc);
	shell = argv[0] != NULL && strcmp(argv[0], "/bin/sh") == 0 &&
	    strcmp(prog, "/bin/sh") != 0;
	free(argv);
	if (!shell)
		return (0);
	return (add_sh(b, why, err));
}

/*
 * PAM, NSS and server configurations: what the root's own config files
 * name (svcconf.c).  Objects come with their closures (a PAM module that
 * fails to load fails the whole policy: facts §4.1); files and
 * directories as they are; anything named but missing is a problem.
 */
static int
add_svcconf(struct jt_build *b, const struct jt_profile *p,
    const struct jt_profile_item *it, const char *why, struct jt_err *err)
{
	enum jt_platform plat = jt_build_platform(b);
	const struct jt_svc_problem *pr;
	const struct jt_svc_item *items;
	struct jt_svcconf *sc;
	char iwhy[PATH_MAX + 512];
	size_t n, np;
	int rc;

	(void)p;
	if ((rc = jt_svcconf_new(&sc, err)) != 0)
		return (rc);
	if (it->kind == JT_PI_PAM)
		rc = jt_svcconf_pam(sc, b->src, it->args[0], plat, err);
	else if (it->kind == JT_PI_NSS)
		rc = jt_svcconf_nss(sc, b->src, plat, err);
	else
		rc = jt_svcconf_config(sc, b->src, it->args[0], plat,
		    it->args[1], err);
	items = jt_svcconf_items(sc, &n);
	pr = jt_svcconf_problems(sc, &np);
	/*
	 * A missing NSS module only makes its source unavailable: glibc and
	 * nsdispatch(3) go on with the next one.  Everything else named and
	 * missing stops the service (a PAM module: the whole policy).
	 */
	for (size_t i = 0; i < np && rc == 0; i++) {
		char where[PATH_MAX + 16] = "";

		/* A problem of no file or no line (0) says none: no ":0:". */
		if (pr[i].file != NULL && pr[i].file[0] != '\0')
			snprintf(where, sizeof(where), pr[i].line > 0 ?
			    "%s:%d: " : "%s: ", pr[i].file, pr[i].line);
		rc = (it->kind == JT_PI_NSS || pr[i].warning ? build_warning :
		    build_problem)(b,
		    "%s: %s%s", why, where, pr[i].message);
	}
	for (size_t i = 0; i < n && rc == 0; i++) {
		snprintf(iwhy, sizeof(iwhy), "%s; %s", items[i].why, why);
		if (!build_exists(b, items[i].path))
			rc = build_problem(b, "%s: %s is not in the source",
			    iwhy, items[i].path);
		else if (items[i].kind == JT_SVC_OBJECT)
			rc = jt_build_add_path(b, items[i].path, iwhy, err);
		else if (items[i].kind == JT_SVC_DIR)
			/* a document root: the site is what the jail serves */
			rc = build_add_tree(b, items[i].path, iwhy, err);
		else if (items[i].kind == JT_SVC_FILE_MTIME &&
		    build_note_mtime(b, items[i].path, items[i].why) != 0)
			rc = jt_err_set(err, JT_ENOMEM, errno, NULL, "malloc");
		else
			rc = jt_plan_add_path(b->plan, items[i].path, iwhy, err);
	}
	jt_svcconf_free(sc);
	return (rc);
}

static int
add_item(struct jt_build *b, const struct jt_profile *p,
    const struct jt_profile_item *it, struct jt_err *err)
{
	char why[PATH_MAX + 64], probe[512];
	const char *a0 = it->args[0];

	snprintf(why, sizeof(why), "profile %s (%s:%d)", p->name,
	    path_basename(it->file), it->line);
	/* PATH PACKAGE: who provides it, for the problems about it */
	if (it->nargs > 1 && (it->kind == JT_PI_PROGRAM || it->kind ==
	    JT_PI_OPTIONAL || it->kind == JT_PI_FILE || it->kind ==
	    JT_PI_FILE_OPT) && build_note_package(b, a0, it->args[1]) != 0)
		return (jt_err_set(err, JT_ENOMEM, errno, NULL, "malloc"));
	switch (it->kind) {
	case JT_PI_PROGRAM: case JT_PI_FILE: case JT_PI_MODULE:
		if (!build_exists(b, a0))
			return (build_problem(b, "%s: %s is not in the source%s%s%s",
			    why, a0, it->nargs > 1 ? " (package " : "",
			    it->nargs > 1 ? it->args[1] : "", it->nargs > 1 ?
			    " provides it)" : ""));
		return (jt_build_add_path(b, a0, why, err));
	case JT_PI_OPTIONAL: case JT_PI_FILE_OPT:
		return (build_exists(b, a0) ? jt_build_add_path(b, a0, why, err) : 0);
	case JT_PI_GLOB:
		return (build_add_glob(b, a0, why, err));
	case JT_PI_TREE:
		return (build_add_tree(b, a0, why, err));
	case JT_PI_DIR: {
		int rc;

		/* The source's entry first (its flags), then the profile's
		 * mode and owner over it. */
		if (build_exists(b, a0) &&
		    (rc = jt_plan_add_path(b->plan, a0, why, err)) != 0)
			return (rc);
		/* its owner's names must resolve in the jail (adm on Debian) */
		if (strv_push_uniq(&b->users, it->args[2]) != 0 ||
		    strv_push_uniq(&b->groups, it->args[3]) != 0)
			return (jt_err_set(err, JT_ENOMEM, errno, NULL, "malloc"));
		return (jt_plan_add_dir(b->plan, a0,
		    (mode_t)strtol(it->args[1], NULL, 8), it->args[2],
		    it->args[3], why, err));
	}
	case JT_PI_USER: case JT_PI_GROUP: {
		bool user = it->kind == JT_PI_USER;

		if (!build_has_account(b, user ? "/etc/passwd" : "/etc/group", a0))
			return (build_problem(b, "%s: %s %s is not in the source's "
			    "%s", why, user ? "user" : "group", a0,
			    user ? "/etc/passwd" : "/etc/group"));
		return (strv_push_uniq(user ? &b->users : &b->groups, a0));
	}
	case JT_PI_PRESTART: case JT_PI_COMMAND: case JT_PI_PRESTART_EMPTY: {
		int rc = add_command_program(b, it->cmd, why, err);

		if (rc != 0)
			return (rc);
		/* its test of the directory is /bin/sh's */
		if (it->kind == JT_PI_PRESTART_EMPTY && (rc = add_sh(b, why,
		    err)) != 0)
			return (rc);
		return (strv_push(it->kind == JT_PI_COMMAND ? &b->commands :
		    &b->prestart, it->exec));
	}
	case JT_PI_PARAM:
		return (strv_push(&b->params, a0));
	case JT_PI_PROBE:
		snprintf(probe, sizeof(probe), "%s%s%s%s%s%s%s", a0,
		    it->nargs > 1 ? " " : "", it->nargs > 1 ? it->args[1] : "",
		    it->nargs > 2 ? " " : "", it->nargs > 2 ? it->args[2] : "",
		    it->nargs > 3 ? " " : "", it->nargs > 3 ? it->args[3] : "");
		return (strv_push(&b->probes, probe));
	case JT_PI_PAM: case JT_PI_NSS: case JT_PI_CONFIG:
		return (add_svcconf(b, p, it, why, err));
	case JT_PI_RCD:
		return (b->rc ? jt_build_add_rcd(b, a0, why, err) : 0);
	case JT_PI_PACKAGE:
		return (jt_build_add_package(b, a0, why, err));
	case JT_PI_INTERP:
		return (jt_build_add_interp(b, a0, it->args[1], why, err));
	}
	return (0);
}

int
jt_build_add_profile(struct jt_build *b, const struct jt_profile *p,
    struct jt_err *err)
{
	const char **paths;
	size_t n = 0;
	int rc;

	/*
	 * The files the profile names, read as its items are added: said
	 * first, so that a source that must decode them can do it side by
	 * side (a hint; the items say what is missing).
	 */
	if ((paths = calloc(p->nitems + 1, sizeof(*paths))) != NULL) {
		for (size_t i = 0; i < p->nitems; i++)
			switch (p->items[i].kind) {
			case JT_PI_PROGRAM: case JT_PI_FILE: case JT_PI_MODULE:
			case JT_PI_OPTIONAL: case JT_PI_FILE_OPT:
				paths[n++] = p->items[i].args[0];
				break;
			default:
				break;
			}
		jt_source_prefetch(b->src, paths, n);
		free(paths);
	}
	for (size_t i = 0; i < p->nitems; i++) {
		if ((rc = add_item(b, p, &p->items[i], err)) != 0) {
			if (rc > 0 || rc == JT_ENOMEM)
				return (jt_err_set(err, JT_ENOMEM, 0, p->name,
				    "out of memory"));
			return (rc);
		}
	}
	return (0);
}
