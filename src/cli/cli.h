/* SPDX-License-Identifier: BSD-2-Clause */
/* The CLI: the only code that prints or exits. */
#ifndef JT_CLI_H
#define JT_CLI_H

#include "jailtrim/err.h"
#include "jailtrim/resolve.h"
#include "jailtrim/source.h"
#include "cli_util.h"

struct jt_build;

/* Documented exit statuses (jailtrim(8)). */
enum {
	EXIT_OK = 0,
	EXIT_ERROR = 1,		/* bad input, I/O error */
	EXIT_USAGE = 2,
	EXIT_UNRESOLVED = 3,	/* something missing or a check failed */
};

struct cmd {
	const char	*name;
	int		(*run)(int argc, char **argv);
	const char	*summary;
};

int	cmd_deps(int argc, char **argv);
int	cmd_build(int argc, char **argv);
int	cmd_verify(int argc, char **argv);
int	cmd_shrink(int argc, char **argv);
int	cmd_restore(int argc, char **argv);
int	cmd_profiles(int argc, char **argv);
int	cmd_packages(int argc, char **argv);

/* Where profiles are found after -P: local, shipped, $JAILTRIM_PROFILES. */
void	cli_profile_dirs(struct jt_strv *dirs);
/* A profile name that loads for plat from pdirs (then the defaults). */
bool	cli_have_profile(const char *name, const struct jt_strv *pdirs,
	    enum jt_platform plat);
/* Load each profile for the build's platform and apply it (the default
 * directories are appended to pdirs). */
/*
 * Each named profile loaded for platform (-P dirs, then the defaults) and
 * handed to fn; a load or fn error is printed and ends it (EXIT_ERROR).
 */
struct jt_profile;
typedef int cli_profile_fn(void *arg, const struct jt_profile *p,
    struct jt_err *err);
int	cli_each_profile(struct jt_strv *profiles, struct jt_strv *pdirs,
	    enum jt_platform platform, cli_profile_fn *fn, void *arg);
int	cli_add_profiles(struct jt_build *b, struct jt_strv *profiles,
	    struct jt_strv *pdirs);

/*
 * The -D NAME=VALUE list every later profile load uses (NULL: none);
 * cli_check_profiles() then also checks each names a variable of the
 * profiles it is given.  defs must outlive the loads.
 */
void	cli_profile_defines(const struct jt_strv *defs);
/* pdirs (may be NULL), then cli_profile_dirs(): the lookup order. */
void	cli_profile_search(struct jt_strv *dirs, const struct jt_strv *pdirs);
/*
 * Every name found and loaded (both platforms) before any work: EXIT_OK;
 * else "no such profile" with the directories searched and the nearest
 * names (EXIT_USAGE), or the profile's syntax error (EXIT_ERROR).
 */
int	cli_check_profiles(const struct jt_strv *names,
	    const struct jt_strv *pdirs);

struct jt_verify;
/* Load each profile for the jail's platform and verify the jail with it
 * (the default directories are appended to pdirs). */
int	cli_verify_profiles(struct jt_verify *v, struct jt_strv *profiles,
	    struct jt_strv *pdirs);
/* Each finding on stderr, then "TARGET: N objects, P profiles: ok". */
void	cli_verify_report(const struct jt_verify *v, const char *target,
	    size_t nprofiles);
/* The static verification of a jail directory, reported as text:
 * EXIT_OK, EXIT_UNRESOLVED when something fails, else the error's. */
int	cli_verify_jail(const char *dir, const struct jt_strv *profiles,
	    const struct jt_strv *pdirs, bool rc);

/*
 * Packages as units (cli_pkg.c).  build's report lines for the packages
 * it included (JSON: a "packages" member and its comma), and deps --pkg:
 * the packages, then every file they would bring with the closures of
 * its objects (list: the files only; why: each with its reason).
 * Returns the exit status.
 */
void	cli_report_packages(struct jt_build *jb, bool json, bool docs);
int	cli_deps_packages(struct jt_source *src, struct jt_resolver *r,
	    const struct jt_strv *names, bool docs, bool list, bool json,
	    bool why);

/* "jailtrim: " + message to stderr. */
void	cli_warnx(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/*
 * Progress on a terminal (progress.c): a phase's line, shown when it has
 * lasted a second and stderr is a tty (not with -q), erased at its end.
 * begin ends the phase before; count gives done/total when known; hold
 * and release bracket other output to stderr.
 */
void	cli_progress_quiet(bool quiet);
void	cli_progress_begin(const char *what);
void	cli_progress_count(int64_t done, int64_t total);
void	cli_progress_end(void);
void	cli_progress_hold(void);
void	cli_progress_release(void);
void	cli_err(const struct jt_err *err);

/*
 * --max-memory SIZE, shared by deps, build, verify and shrink: the most
 * a source may hold in memory (jt_source_set_max_memory()).  SIZE is
 * bytes or a number with K, M, G or T (powers of 1024; "MiB", "M" and
 * "MB" alike).  cli_max_memory() parses it (false: a usage error, said)
 * for the sources opened from then on.
 */
#define CLI_OPT_MAX_MEMORY	0x100
#define CLI_MAX_MEMORY_OPTION \
	{ "max-memory", required_argument, NULL, CLI_OPT_MAX_MEMORY }
bool	cli_max_memory(const char *arg);
/*
 * Apply it, and --jobs, to a source opened elsewhere (shrink's jail).
 * --jobs N (else $JAILTRIM_JOBS, else every online CPU): the most threads
 * decoding a source archive (jt_source_set_jobs()).  Not -j: that is
 * build's jail.conf.  cli_jobs() parses it (false: a usage error, said).
 */
void	cli_apply_max_memory(struct jt_source *s);
/*
 * A jail.conf read back (verify -c, shrink -c), at most CLI_JAILCONF_MAX
 * bytes; a failure is said.  *text is the caller's to free.
 */
#define CLI_JAILCONF_MAX	(1024 * 1024)
int	cli_read_jailconf(const char *path, char **text, size_t *len);

#define CLI_OPT_JOBS		0x101
#define CLI_JOBS_OPTION \
	{ "jobs", required_argument, NULL, CLI_OPT_JOBS }
bool	cli_jobs(const char *arg);

/*
 * --cache DIR, --no-cache, --cache-max SIZE, shared like --jobs: where
 * archive sources' indexes and the contents read from them are cached
 * (jt_source_set_cache()).  Without --cache: $JAILTRIM_CACHE ("off":
 * none), else jt_source_default_cache().  cli_cache() takes any of the
 * three (false: a usage error, said).
 */
#define CLI_OPT_CACHE		0x102
#define CLI_OPT_NO_CACHE	0x103
#define CLI_OPT_CACHE_MAX	0x104
#define CLI_CACHE_OPTIONS \
	{ "cache", required_argument, NULL, CLI_OPT_CACHE }, \
	{ "no-cache", no_argument, NULL, CLI_OPT_NO_CACHE }, \
	{ "cache-max", required_argument, NULL, CLI_OPT_CACHE_MAX }
bool	cli_cache(int opt, const char *arg);

/* Open the sources in order (none: "/"); progress on a terminal. */
int	cli_open_sources(struct jt_source **out, char **specs, size_t n);
/* The same, keeping every archive member's content (for writing). */
int	cli_open_sources_keep(struct jt_source **out, char **specs, size_t n);
/* The same for a build: lazy too (jt_source_set_lazy). */
int	cli_open_sources_build(struct jt_source **out, char **specs, size_t n);

#endif
