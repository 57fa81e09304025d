/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * A profile checked against a finished jail rather than planned from it:
 * each item asks what a build would have put there, and each thing
 * missing is a finding naming the item that needs it.
 */
#include <errno.h>
#include <fnmatch.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jailtrim/plan.h"
#include "jailtrim/jailconf.h"
#include "jailtrim/svcconf.h"
#include "verify_int.h"

static int
missing(struct jt_verify *v, enum jt_verify_kind kind, const char *why,
    const char *path, struct jt_err *err)
{
	return (verify_addf(v, kind, why, path, err, "%s is not in the source",
	    path));
}

/* A path the profile requires, with its closure. */
static int
required(struct jt_verify *v, const char *path, const char *why,
    struct jt_err *err)
{
	if (!verify_exists(v, path))
		return (missing(v, JT_VERIFY_MISSING, why, path, err));
	return (verify_path(v, path, err));
}

/* "dir PATH MODE USER GROUP" against the jail: owner by the jail's names. */
static int
check_dir(struct jt_verify *v, const struct jt_profile_item *it,
    const char *why, struct jt_err *err)
{
	const char *path = it->args[0];
	mode_t mode = (mode_t)strtol(it->args[1], NULL, 8);
	const struct jt_plan_entry *e;
	char real[PATH_MAX];
	struct jt_plan *p;
	struct jt_err e2;
	size_t n;
	int rc;

	if (jt_source_resolve(v->src, path, true, real, sizeof(real), NULL,
	    NULL, &e2) != 0)
		return (verify_addf(v, JT_VERIFY_MISSING, why, path, err,
		    "directory %s is missing", path));
	/* A scratch plan gives the entry with names from the jail's files. */
	if ((rc = jt_plan_new(&p, v->src, err)) != 0)
		return (rc);
	if (jt_plan_add_path(p, real, why, &e2) != 0 ||
	    jt_plan_finish(p, &e, &n, &e2) != 0) {
		jt_plan_free(p);
		return (verify_addf(v, JT_VERIFY_DIR, why, path, err, "%s: %s",
		    path, e2.msg));
	}
	rc = 0;
	for (size_t i = 0; i < n && rc == 0; i++) {
		if (strcmp(e[i].path, real) != 0)
			continue;
		if (e[i].type != JT_FT_DIR)
			rc = verify_addf(v, JT_VERIFY_DIR, why, path, err,
			    "%s is not a directory", path);
		else if ((e[i].mode & 07777) != mode ||
		    strcmp(e[i].uname, it->args[2]) != 0 ||
		    strcmp(e[i].gname, it->args[3]) != 0)
			rc = verify_addf(v, JT_VERIFY_DIR, why, path, err,
			    "%s is %04o %s:%s, needs %04o %s:%s", path,
			    (unsigned)e[i].mode & 07777,
			    e[i].uname[0] ? e[i].uname : "?",
			    e[i].gname[0] ? e[i].gname : "?",
			    (unsigned)mode, it->args[2], it->args[3]);
	}
	jt_plan_free(p);
	return (rc);
}

/*
 * pwd.db holds the key 'A' + name (pwd_mkdb's _PW_KEYBYNAME) as raw bytes
 * in its pages; looking for them is enough to tell a database that does
 * not match passwd.
 */
static bool
db_has_user(struct jt_verify *v, const char *name)
{
	char key[256];
	struct jt_err e;
	void *buf;
	size_t len;

	if (snprintf(key, sizeof(key), "A%s", name) >= (int)sizeof(key) ||
	    jt_source_read_file(v->src, "/etc/pwd.db", &buf, &len, &e) != 0)
		return (false);
	return (memmem(buf, len, key, strlen(key)) != NULL);
}

static int
check_account(struct jt_verify *v, bool user, const char *name,
    const char *why, struct jt_err *err)
{
	const char *file = user ? "/etc/passwd" : "/etc/group";

	if (!verify_has_account(v, file, name))
		return (verify_addf(v, JT_VERIFY_ACCOUNT, why, file, err,
		    "%s %s is not in the source's %s", user ? "user" : "group",
		    name, file));
	/* FreeBSD's libc reads only the database (facts §3.1). */
	if (user && jt_verify_platform(v) == JT_PLAT_FREEBSD &&
	    !db_has_user(v, name))
		return (verify_addf(v, JT_VERIFY_ACCOUNT, why, "/etc/pwd.db",
		    err, "user %s is in /etc/passwd but not in /etc/pwd.db, "
		    "which libc reads", name));
	return (0);
}

/* The program a command line runs must be in the jail. */
static int
check_command(struct jt_verify *v, const char *cmd, const char *why,
    struct jt_err *err)
{
	char prog[PATH_MAX], swhy[PATH_MAX + 128], **argv;
	size_t n = strcspn(cmd, " \t");
	bool bg, shell;
	int rc;

	if (n == 0 || n >= sizeof(prog) || cmd[0] != '/')
		return (verify_addf(v, JT_VERIFY_COMMAND, why, NULL, err,
		    "the command must start with an absolute path: %s", cmd));
	memcpy(prog, cmd, n);
	prog[n] = '\0';
	if ((rc = required(v, prog, why, err)) != 0 || !verify_exists(v, prog))
		return (rc);
	/* jail(8) runs a command with shell syntax through /bin/sh -c */
	if ((rc = jt_jailconf_split_exec(cmd, &argv, &bg, err)) != 0)
		return (rc);
	shell = argv[0] != NULL && strcmp(argv[0], "/bin/sh") == 0 &&
	    strcmp(prog, "/bin/sh") != 0;
	free(argv);
	if (!shell)
		return (0);
	(void)snprintf(swhy, sizeof(swhy), "%s (shell syntax: jail(8) runs it "
	    "with /bin/sh -c)", why);
	return (required(v, "/bin/sh", swhy, err));
}

/*
 * PAM, NSS and server configurations: what the jail's own config files
 * name (svcconf.c).  A missing NSS module only makes its source
 * unavailable (glibc and nsdispatch(3) go on with the next one): not a
 * finding.  Anything else named and missing stops the service.
 */
static int
check_svcconf(struct jt_verify *v, const struct jt_profile_item *it,
    const char *why, struct jt_err *err)
{
	enum jt_platform plat = jt_verify_platform(v);
	const struct jt_svc_problem *pr;
	const struct jt_svc_item *items;
	struct jt_svcconf *sc;
	char iwhy[PATH_MAX + 512];
	size_t n, np;
	int rc;

	if ((rc = jt_svcconf_new(&sc, err)) != 0)
		return (rc);
	if (it->kind == JT_PI_PAM)
		rc = jt_svcconf_pam(sc, v->src, it->args[0], plat, err);
	else if (it->kind == JT_PI_NSS)
		rc = jt_svcconf_nss(sc, v->src, plat, err);
	else
		rc = jt_svcconf_config(sc, v->src, it->args[0], plat,
		    it->args[1], err);
	items = jt_svcconf_items(sc, &n);
	pr = jt_svcconf_problems(sc, &np);
	for (size_t i = 0; i < np && rc == 0 && it->kind != JT_PI_NSS; i++) {
		bool file = pr[i].file != NULL && pr[i].file[0] != '\0';
		char where[PATH_MAX + 16] = "";

		if (pr[i].warning)	/* build said it; the jail is fine */
			continue;
		/* A problem of no file or no line (0) says none: no ":0:". */
		if (file && pr[i].line > 0)
			snprintf(where, sizeof(where), "%s:%d: ", pr[i].file,
			    pr[i].line);
		else if (file)
			snprintf(where, sizeof(where), "%s: ", pr[i].file);
		rc = verify_addf(v, JT_VERIFY_CONFIG, why, file ? pr[i].file :
		    NULL, err, "%s%s", where, pr[i].message);
	}
	for (size_t i = 0; i < n && rc == 0; i++) {
		snprintf(iwhy, sizeof(iwhy), "%s; %s", items[i].why, why);
		if (!verify_exists(v, items[i].path))
			rc = missing(v, JT_VERIFY_CONFIG, iwhy, items[i].path,
			    err);
		else if (items[i].kind == JT_SVC_OBJECT)
			rc = verify_path(v, items[i].path, err);
	}
	jt_svcconf_free(sc);
	return (rc);
}

struct globctx {
	struct jt_verify	*v;
	struct jt_err		*err;
};

static int
glob_one(void *arg, const char *path)
{
	struct globctx *g = arg;

	return (verify_path(g->v, path, g->err));
}

/* Files matching, maybe none: each with its closure. */
static int
check_glob(struct jt_verify *v, const char *pattern, struct jt_err *err)
{
	struct globctx g = { v, err };

	return (jt_source_glob(v->src, pattern, glob_one, &g, err));
}

/*
 * An rc.d script and what it REQUIREs, as a build --rc keeps them: the
 * planner knows the rc system, so it is asked, and what it finds missing
 * is a finding here.
 */
static int
check_rcd(struct jt_verify *v, const char *name, const char *why,
    struct jt_err *err)
{
	const char *const *probs;
	size_t before, n;
	int rc;

	if (v->rcb == NULL) {
		if ((rc = jt_build_new(&v->rcb, v->src, err)) != 0)
			return (rc);
		jt_build_set_rc(v->rcb, true);
	}
	(void)jt_build_problems(v->rcb, &before);
	if ((rc = jt_build_add_rcd(v->rcb, name, why, err)) != 0)
		return (rc);
	probs = jt_build_problems(v->rcb, &n);
	for (size_t i = before; i < n && rc == 0; i++)
		rc = verify_add(v, JT_VERIFY_RC, NULL, NULL, probs[i], err);
	return (rc);
}

static int
probe(struct jt_verify *v, const struct jt_profile_item *it)
{
	char buf[512];

	snprintf(buf, sizeof(buf), "%s%s%s%s%s%s%s", it->args[0],
	    it->nargs > 1 ? " " : "", it->nargs > 1 ? it->args[1] : "",
	    it->nargs > 2 ? " " : "", it->nargs > 2 ? it->args[2] : "",
	    it->nargs > 3 ? " " : "", it->nargs > 3 ? it->args[3] : "");
	return (strv_push(&v->probes, buf));
}

static int
check_item(struct jt_verify *v, const struct jt_profile *p,
    const struct jt_profile_item *it, struct jt_err *err)
{
	char why[PATH_MAX + 64];
	const char *a0 = it->args[0];
	int rc;

	snprintf(why, sizeof(why), "profile %s (%s:%d)", p->name,
	    path_basename(it->file), it->line);
	switch (it->kind) {
	case JT_PI_PROGRAM: case JT_PI_FILE: case JT_PI_MODULE:
		return (required(v, a0, why, err));
	case JT_PI_OPTIONAL: case JT_PI_FILE_OPT:
		return (verify_exists(v, a0) ? verify_path(v, a0, err) : 0);
	case JT_PI_GLOB:
		return (check_glob(v, a0, err));
	case JT_PI_TREE:	/* what is below it is what the jail has */
		return (verify_exists(v, a0) ? 0 : missing(v,
		    JT_VERIFY_MISSING, why, a0, err));
	case JT_PI_DIR:
		return (check_dir(v, it, why, err));
	case JT_PI_USER: case JT_PI_GROUP:
		return (check_account(v, it->kind == JT_PI_USER, a0, why, err));
	case JT_PI_PRESTART: case JT_PI_COMMAND: case JT_PI_PRESTART_EMPTY:
		if ((rc = check_command(v, it->cmd, why, err)) != 0)
			return (rc);
		/* its test of the directory is /bin/sh's */
		if (it->kind == JT_PI_PRESTART_EMPTY && (rc = required(v,
		    "/bin/sh", why, err)) != 0)
			return (rc);
		return (strv_push(it->kind == JT_PI_COMMAND ? &v->commands :
		    &v->prestart, it->exec) != 0 ? JT_ENOMEM : 0);
	case JT_PI_PARAM:
		return (strv_push(&v->params, a0) != 0 ? JT_ENOMEM : 0);
	case JT_PI_PROBE:
		return (probe(v, it) != 0 ? JT_ENOMEM : 0);
	case JT_PI_PAM: case JT_PI_NSS: case JT_PI_CONFIG:
		return (check_svcconf(v, it, why, err));
	case JT_PI_RCD:
		return (v->rc ? check_rcd(v, a0, why, err) : 0);
	case JT_PI_PACKAGE:
		/* a jail carries no package database to check against; the
		 * objects a package brought are checked as every object is */
		return (0);
	case JT_PI_INTERP:	/* the interpreter; its modules are files */
		return (required(v, it->args[1], why, err));
	}
	return (0);
}

/* exec.start: the prestart commands, then the service; /etc/rc if rc. */
static int
set_commands(struct jt_verify *v)
{
	strv_free(&v->execs);
	if (v->rc)
		return (strv_push(&v->execs, "/bin/sh /etc/rc"));
	for (size_t i = 0; i < v->prestart.n; i++)
		if (strv_push(&v->execs, v->prestart.v[i]) != 0)
			return (JT_ENOMEM);
	for (size_t i = 0; i < v->commands.n; i++)
		if (strv_push(&v->execs, v->commands.v[i]) != 0)
			return (JT_ENOMEM);
	return (0);
}

int
jt_verify_profile(struct jt_verify *v, const struct jt_profile *p,
    struct jt_err *err)
{
	int rc;

	for (size_t i = 0; i < p->nitems; i++)
		if ((rc = check_item(v, p, &p->items[i], err)) != 0) {
			if (rc == JT_ENOMEM)
				return (jt_err_set(err, JT_ENOMEM, 0, p->name,
				    "out of memory"));
			return (rc);
		}
	if (set_commands(v) != 0)
		return (jt_err_set(err, JT_ENOMEM, 0, p->name, "out of memory"));
	return (0);
}
