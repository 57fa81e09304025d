/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * What a start-time command reads must be in the jail.  A profile's
 * prestart that copies a file into place (Debian's unbound copies
 * dns-root-data's trust anchor before each start) fails at start when the
 * jail lacks the file, and jail(8) then stops before the service runs,
 * often with no word from it.  So the build reads the exec.start commands
 * as the programs they run would: the operands cp(1) and install(1) copy
 * from (all but the last, or all with -t DIR) and those cat(1) reads are
 * files of the jail, or the build has a problem, as a missing program is
 * one.  A command with shell syntax runs through /bin/sh -c and is not
 * read: what it does is the shell's (a copy under "[ -f F ] &&" is
 * optional on purpose).
 *
 * The files a service reads only when their mtime is after 0 (nsd's zone
 * files) are a warning when the epoch the writer gives them is 0.
 *
 * The profile's "file PATH PACKAGE" (program, optional, file?) names the
 * package that provides PATH: a problem about PATH names it, since a root
 * without the file has no package database entry that could.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jailtrim/jailconf.h"
#include "build_int.h"

/* A copy of the package name, freed by build_reads_free(). */
int
build_note_package(struct jt_build *b, const char *path, const char *pkg)
{
	char *old = map_get(&b->pkgof, path), *p;

	if (old != NULL && strcmp(old, pkg) == 0)
		return (0);
	if ((p = strdup(pkg)) == NULL || map_put(&b->pkgof, path, p) != 0) {
		free(p);
		return (JT_ENOMEM);
	}
	free(old);
	return (0);
}

const char *
build_package_of(struct jt_build *b, const char *path)
{
	return (map_get(&b->pkgof, path));
}

void
build_reads_free(struct jt_build *b)
{
	map_each(&b->pkgof, free);
	map_free(&b->pkgof);
	strv_free(&b->mtimed);
}

void
jt_build_set_epoch(struct jt_build *b, int64_t epoch)
{
	b->has_epoch = true;
	b->epoch = epoch;
}

int
build_note_mtime(struct jt_build *b, const char *path, const char *why)
{
	char buf[PATH_MAX + 256];

	(void)snprintf(buf, sizeof(buf), "%s (%s)", path, why);
	return (strv_push_uniq(&b->mtimed, buf) != 0 ? JT_ENOMEM : 0);
}

/*
 * nsd (namedb_read_zonefile()) loads a zone file only when its mtime is
 * after the zone's, and a zone starts at 0: every written file gets the
 * epoch as its mtime, so with 0 the zone is never loaded and answers
 * SERVFAIL.  nsd has no option to load it regardless (zonefiles-check
 * only turns the check off; nsd-control reload checks the same way).
 */
static int
check_mtimes(struct jt_build *b)
{
	if (!b->has_epoch || b->epoch != 0 || b->mtimed.n == 0)
		return (0);
	return (build_warning(b, "%s%s%.0zu%s gets mtime 0 (the epoch): nsd "
	    "loads a zone file only when it is newer than the zone, which "
	    "starts at 0, so the zone would answer SERVFAIL; give the jail a "
	    "later mtime with --epoch (e.g. --epoch 86400) or "
	    "SOURCE_DATE_EPOCH", b->mtimed.v[0], b->mtimed.n > 1 ? " and " :
	    "", b->mtimed.n - 1, b->mtimed.n > 1 ? " more" : ""));
}

/* The commands whose operands are files they read. */
static const struct reader {
	const char	*name;
	const char	*argopts;	/* short options taking an argument */
	bool		 last_is_dest;	/* the last operand is written */
} readers[] = {
	/* GNU's -S SUFFIX, -t DIR; FreeBSD's cp takes none */
	{ "cp", "St", true },
	/* GNU's and FreeBSD's install(1) */
	{ "install", "BDfghlMmNoSTt", true },
	{ "cat", "", false },
};

static const struct reader *
reader_of(const char *argv0)
{
	const char *base = strrchr(argv0, '/');

	base = base != NULL ? base + 1 : argv0;
	for (size_t i = 0; i < sizeof(readers) / sizeof(readers[0]); i++)
		if (strcmp(base, readers[i].name) == 0)
			return (&readers[i]);
	return (NULL);
}

/* path is in the jail: the plan holds it or what its links lead to. */
static bool
in_jail(struct jt_build *b, const char *path)
{
	char real[PATH_MAX];
	struct jt_err e;

	if (jt_plan_get(b->plan, path) != NULL)
		return (true);
	return (jt_source_resolve(b->src, path, true, real, sizeof(real),
	    NULL, NULL, &e) == 0 && jt_plan_get(b->plan, real) != NULL);
}

/*
 * The operands of argv the command reads, into files: options skipped
 * (with their arguments), "--" ends them; *nread of them are read (the
 * last is the destination of a copy without -t).  install -d makes
 * directories and reads nothing.
 */
static int
operands(const struct reader *rd, char **argv, struct jt_strv *files,
    size_t *nread)
{
	bool opts = true, target = false;

	*nread = 0;
	for (size_t i = 1; argv[i] != NULL; i++) {
		const char *w = argv[i];

		if (opts && strcmp(w, "--") == 0) {
			opts = false;
			continue;
		}
		if (opts && strncmp(w, "--", 2) == 0) {
			/* --target-directory[=DIR], --suffix[=S] */
			if (strncmp(w, "--target-directory", 18) == 0)
				target = true;
			if (strchr(w, '=') == NULL && (strcmp(w,
			    "--target-directory") == 0 || strcmp(w,
			    "--suffix") == 0) && argv[i + 1] != NULL)
				i++;
			continue;
		}
		if (opts && w[0] == '-' && w[1] != '\0') {
			for (size_t k = 1; w[k] != '\0'; k++) {
				if (w[k] == 'd' && strcmp(rd->name,
				    "install") == 0)
					return (0);
				if (strchr(rd->argopts, w[k]) == NULL)
					continue;
				if (w[k] == 't')
					target = true;
				if (w[k + 1] == '\0' && argv[i + 1] != NULL)
					i++;
				break;
			}
			continue;
		}
		if (strv_push(files, w) != 0)
			return (JT_ENOMEM);
	}
	/* the destination is written, not read */
	*nread = files->n - (rd->last_is_dest && !target && files->n > 0);
	return (0);
}

static int
check_reads(struct jt_build *b, const char *cmd)
{
	struct jt_strv files = { 0 };
	const struct reader *rd;
	const char *pkg;
	char **argv;
	struct jt_err e;
	size_t n;
	bool bg;
	int rc;

	if (jt_jailconf_split_exec(cmd, &argv, &bg, &e) != 0)
		return (0);	/* check_command() said so */
	/* shell syntax is argv "/bin/sh -c CMD": not read (see above) */
	if (argv[0] == NULL || (rd = reader_of(argv[0])) == NULL) {
		free(argv);
		return (0);
	}
	rc = operands(rd, argv, &files, &n);
	free(argv);
	for (size_t i = 0; i < n && rc == 0; i++) {
		/* a relative name is the jail's working directory's: / */
		if (files.v[i][0] != '/' || in_jail(b, files.v[i]))
			continue;
		pkg = build_package_of(b, files.v[i]);
		rc = build_problem(b, "jail.conf exec.start \"%s\" reads %s, "
		    "which is not in the jail: the jail cannot start%s%s%s",
		    cmd, files.v[i], pkg != NULL ? " (package " : "",
		    pkg != NULL ? pkg : "", pkg != NULL ? " provides it)" : "");
	}
	strv_free(&files);
	return (rc);
}

int
build_check_reads(struct jt_build *b, struct jt_err *err)
{
	for (size_t i = 0; i < b->execs.n; i++)
		if (check_reads(b, b->execs.v[i]) != 0)
			return (jt_err_set(err, JT_ENOMEM, 0, NULL,
			    "out of memory"));
	if (check_mtimes(b) != 0)
		return (jt_err_set(err, JT_ENOMEM, 0, NULL, "out of memory"));
	return (0);
}
