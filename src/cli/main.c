/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * jailtrim: prune FreeBSD (and Linux) jail roots to what their services
 * need.  One file per subcommand; this one dispatches.
 */
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"

#ifndef JT_VERSION
#define JT_VERSION "0.1.0"
#endif

static const struct cmd cmds[] = {
	{ "deps", cmd_deps, "print the shared-object closure of programs" },
	{ "build", cmd_build, "write a jail root holding programs' closures" },
	{ "verify", cmd_verify, "check a jail, and start it to probe it" },
	{ "shrink", cmd_shrink, "cut an existing jail down, with a backup" },
	{ "restore", cmd_restore, "put a shrink's backup back into a jail" },
	{ "profiles", cmd_profiles, "list the profiles found, or show one" },
	{ "packages", cmd_packages, "list a root's packages, or show one" },
};

void
cli_warnx(const char *fmt, ...)
{
	va_list ap;

	cli_progress_hold();	/* the message replaces a progress line */
	fputs("jailtrim: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	cli_progress_release();
}

void
cli_err(const struct jt_err *err)
{
	char buf[JT_ERR_PATH_MAX + JT_ERR_MSG_MAX + 64];

	cli_warnx("%s", jt_err_str(err, buf, sizeof(buf)));
}

static void
show_progress(void *arg, const char *what, int64_t done, int64_t total)
{
	(void)arg;
	(void)what;
	cli_progress_count(done, total);
}

static int64_t max_memory;	/* 0: the library's default */

/* Bytes, or a number with K, M, G or T; false if arg is not one. */
static bool
parse_size(const char *arg, int64_t *out)
{
	static const char units[] = "KMGT";
	const char *u;
	char *end;
	unsigned long long v;
	int64_t n;

	errno = 0;
	v = strtoull(arg, &end, 10);
	if (errno != 0 || end == arg || arg[0] == '-')
		goto bad;
	n = v > INT64_MAX ? INT64_MAX : (int64_t)v;
	if (*end != '\0') {
		if ((u = strchr(units, toupper((unsigned char)*end))) == NULL)
			goto bad;
		end++;
		if (strcmp(end, "") != 0 && strcmp(end, "B") != 0 &&
		    strcmp(end, "iB") != 0)
			goto bad;
		for (int i = 0; i <= u - units; i++)
			n = n > INT64_MAX / 1024 ? INT64_MAX : n * 1024;
	}
	*out = n;
	return (true);
bad:
	return (false);
}

bool
cli_max_memory(const char *arg)
{
	int64_t n;

	if (!parse_size(arg, &n))
		goto bad;
	if (n < (1 << 20)) {
		cli_warnx("--max-memory %s: at least 1M", arg);
		return (false);
	}
	max_memory = n;
	return (true);
bad:
	cli_warnx("--max-memory %s: a size such as 512M or 2G expected", arg);
	return (false);
}

static const char *cache_dir;	/* --cache */
static bool no_cache;		/* --no-cache */
static int64_t cache_max;	/* --cache-max; 0: the library's */

bool
cli_cache(int opt, const char *arg)
{
	switch (opt) {
	case CLI_OPT_CACHE:
		if (arg[0] == '\0') {
			cli_warnx("--cache: a directory expected");
			return (false);
		}
		cache_dir = arg;
		no_cache = false;
		return (true);
	case CLI_OPT_NO_CACHE:
		no_cache = true;
		return (true);
	default:
		if (!parse_size(arg, &cache_max) || cache_max < (1 << 20)) {
			cli_warnx("--cache-max %s: a size of at least 1M, such "
			    "as 512M or 2G, expected", arg);
			return (false);
		}
		return (true);
	}
}

/*
 * What the cache did, when $JAILTRIM_CACHE_LOG is set; what it could
 * not do, always.
 */
static void
cache_note(void *arg, bool warning, const char *msg)
{
	const char *log = getenv("JAILTRIM_CACHE_LOG");

	(void)arg;
	if (!warning && (log == NULL || *log == '\0'))
		return;
	cli_warnx("%s%s", warning ? "warning: " : "", msg);
}

static void
apply_cache(struct jt_source *s)
{
	const char *env = getenv("JAILTRIM_CACHE"), *dir = cache_dir;
	char dflt[PATH_MAX];
	struct jt_err err;

	if (no_cache)
		return;
	if (dir == NULL && env != NULL && *env != '\0') {
		if (strcmp(env, "off") == 0)
			return;
		dir = env;
	}
	if (dir == NULL) {
		if (jt_source_default_cache(dflt, sizeof(dflt), &err) != 0) {
			cli_warnx("warning: %s: sources are not cached",
			    err.msg);
			return;
		}
		dir = dflt;
	}
	jt_source_set_notes(s, cache_note, NULL);
	if (jt_source_set_cache(s, dir, cache_max > 0 ? cache_max :
	    JT_SOURCE_CACHE_MAX, &err) != 0)
		cli_warnx("warning: %s: %s: sources are not cached", err.path,
		    err.msg);
}

static int jobs;		/* 0: $JAILTRIM_JOBS, else the library's */

/* A number of threads, 1 to 1024; 0 when arg is not one. */
static int
parse_jobs(const char *arg)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(arg, &end, 10);
	if (errno != 0 || end == arg || *end != '\0' || v < 1 || v > 1024)
		return (0);
	return ((int)v);
}

bool
cli_jobs(const char *arg)
{
	if ((jobs = parse_jobs(arg)) == 0) {
		cli_warnx("--jobs %s: a number of threads from 1 to 1024 "
		    "expected", arg);
		return (false);
	}
	return (true);
}

void
cli_apply_max_memory(struct jt_source *s)
{
	const char *env = getenv("JAILTRIM_JOBS");
	int n = jobs;

	if (max_memory > 0)
		jt_source_set_max_memory(s, max_memory);
	if (n == 0 && env != NULL && *env != '\0' &&
	    (n = parse_jobs(env)) == 0)
		cli_warnx("JAILTRIM_JOBS=%s ignored: a number of threads from "
		    "1 to 1024 expected", env);
	if (n > 0)
		jt_source_set_jobs(s, n);
	apply_cache(s);
}

static int open_sources(struct jt_source **out, char **specs, size_t n,
    bool keep, bool lazy);

int
cli_open_sources(struct jt_source **out, char **specs, size_t n)
{
	return (open_sources(out, specs, n, false, false));
}

int
cli_open_sources_keep(struct jt_source **out, char **specs, size_t n)
{
	return (open_sources(out, specs, n, true, false));
}

int
cli_open_sources_build(struct jt_source **out, char **specs, size_t n)
{
	return (open_sources(out, specs, n, true, true));
}

static int
open_sources(struct jt_source **out, char **specs, size_t n, bool keep,
    bool lazy)
{
	struct jt_source *s;
	struct jt_err err;
	char *dflt[] = { "/" }, what[PATH_MAX + 16];
	const char *base;
	int rc;

	if (jt_source_new(&s, &err) != 0) {
		cli_err(&err);
		return (EXIT_ERROR);
	}
	jt_source_set_progress(s, show_progress, NULL);
	jt_source_set_keep_all(s, keep);
	jt_source_set_lazy(s, lazy);
	cli_apply_max_memory(s);
	if (n == 0) {
		specs = dflt;
		n = 1;
	}
	for (size_t i = 0; i < n; i++) {
		base = strrchr(specs[i], '/');
		(void)snprintf(what, sizeof(what), "reading %s",
		    base != NULL && base[1] != '\0' ? base + 1 : specs[i]);
		cli_progress_begin(what);
		rc = jt_source_add(s, specs[i], &err);
		cli_progress_end();
		if (rc != 0) {
			cli_err(&err);
			jt_source_free(s);
			return (EXIT_ERROR);
		}
	}
	*out = s;
	return (EXIT_OK);
}

static void
usage(FILE *f)
{
	fprintf(f, "usage: jailtrim COMMAND [OPTIONS] ...\n\ncommands:\n");
	for (size_t i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++)
		fprintf(f, "  %-8s %s\n", cmds[i].name, cmds[i].summary);
	fprintf(f, "\nSee jailtrim(8), or jailtrim COMMAND -h.\n");
}

/*
 * Large files of a directory source are mapped (source_dir.c): one that
 * another process truncates while jailtrim reads it raises SIGBUS.  Say
 * so and stop (exit 1) rather than die of the signal.
 */
static void
on_sigbus(int sig)
{
	static const char msg[] = "jailtrim: a large file of a directory "
	    "source shrank while it was being read (SIGBUS); stopped\n";
	ssize_t n;

	(void)sig;
	n = write(STDERR_FILENO, msg, sizeof(msg) - 1);
	(void)n;
	_exit(EXIT_ERROR);
}

int
main(int argc, char **argv)
{
	struct sigaction sa = { .sa_handler = on_sigbus };

	(void)sigaction(SIGBUS, &sa, NULL);
	if (argc < 2) {
		usage(stderr);
		return (EXIT_USAGE);
	}
	if (strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "--help") == 0) {
		usage(stdout);
		return (EXIT_OK);
	}
	if (strcmp(argv[1], "-V") == 0 || strcmp(argv[1], "--version") == 0) {
		printf("jailtrim %s\n", JT_VERSION);
		return (EXIT_OK);
	}
	for (size_t i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++)
		if (strcmp(argv[1], cmds[i].name) == 0)
			return (cmds[i].run(argc - 1, argv + 1));
	cli_warnx("unknown command '%s'", argv[1]);
	usage(stderr);
	return (EXIT_USAGE);
}
