/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * jailtrim build [MANIFEST] [-s SOURCE]... [-p PROFILE]... [-P DIR]...
 *     [-i PATH]...
 *     [--rc | --exec] [-n NAME] [-o DIR] [-t TARBALL] [-m MTREE]
 *     [-j JAILCONF] [--command CMD] [--epoch N] [--force | --force-any]
 *     [--apply-flags] [--dry-run] [--why] [--json] [-q] [--source-size]
 *     [--pkg NAME]... [--docs] [--no-ca] [--bare] [--allow-incomplete]
 *
 * Plans a jail root holding a skeleton (/dev, /tmp, ...; not with --bare),
 * what the profiles name and the closure of every -i path (programs and
 * scripts bring their interpreters and libraries; a directory comes with
 * all below it; other files as they are), every ELF object closed, then
 * writes what was asked for; a manifest (jailtrim-manifest(5)) says the
 * same.
 */
#include <errno.h>
#include <getopt.h>
#include <sys/stat.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "jailtrim/build.h"
#include "jailtrim/hostfile.h"
#include "jailtrim/jailconf.h"
#include "jailtrim/manifest.h"
#include "jailtrim/profile.h"
#include "jailtrim/write.h"
#include "jailtrim/interp.h"
#include "cli.h"
#include "cli_ids.h"
#include "cli_interp.h"
#include "cmd_build_int.h"

/*
 * A manifest gives what the flags would: its sources come first (flags'
 * -s stack on top), its profiles and paths are added to the flags', and
 * flags win for the single values (name, mode, outputs, epoch).
 */
void
build_merge(struct build_opts *b, const struct jt_manifest *m)
{
	struct jt_strv srcs = { 0 };

	b->m = m;
	for (size_t i = 0; i < m->nsources; i++)
		(void)strv_push(&srcs, m->sources[i]);
	for (size_t i = 0; i < b->sources.n; i++)
		(void)strv_push(&srcs, b->sources.v[i]);
	strv_free(&b->sources);
	b->sources = srcs;
	for (size_t i = 0; i < m->nprofiles; i++)
		(void)strv_push_uniq(&b->profiles, m->profiles[i]);
	for (size_t i = 0; i < m->nincludes; i++)
		(void)strv_push_uniq(&b->paths, m->includes[i]);
	for (size_t i = 0; i < m->npackages; i++)
		(void)strv_push_uniq(&b->pkgs, m->packages[i]);
	/* The manifest's defines first: a later -D wins. */
	srcs = (struct jt_strv){ 0 };
	for (size_t i = 0; i < m->ndefines; i++)
		(void)strv_push(&srcs, m->defines[i]);
	for (size_t i = 0; i < b->defines.n; i++)
		(void)strv_push(&srcs, b->defines.v[i]);
	strv_free(&b->defines);
	b->defines = srcs;
	if (b->name == NULL)
		b->name = m->name;
	if (!b->rc_set)
		b->rc = m->rc;
	if (!b->epoch_set && m->has_epoch)
		b->wo.epoch = m->epoch;
	/* Switches: the manifest's "yes" or the flag (there is no --no-bare). */
	b->incomplete = b->incomplete || m->allow_incomplete;
	b->bare = b->bare || m->bare;
	b->no_ca = b->no_ca || m->no_ca;
	b->outdir = b->outdir != NULL ? b->outdir : m->out_dir;
	b->tarball = b->tarball != NULL ? b->tarball : m->out_tarball;
	b->mtree = b->mtree != NULL ? b->mtree : m->out_mtree;
	b->jailconf = b->jailconf != NULL ? b->jailconf : m->out_jailconf;
}

static void
usage(void)
{
	fprintf(stderr, "usage: jailtrim build [MANIFEST] [-s SOURCE]... "
	    "[-p PROFILE]... "
	    "[-P DIR]... [-i PATH]...\n"
	    "                      [-D NAME=VALUE]...\n"
	    "                      [--rc | --exec] [-n NAME] [-o DIR] "
	    "[-t TARBALL] [-m MTREE]\n"
	    "                      [-j JAILCONF] [--command CMD] [--epoch N] "
	    "[--force | --force-any]\n"
	    "                      [--apply-flags] [--dry-run] [--why] "
	    "[--json] [-q] [--source-size]\n"
	    "                      [--max-memory SIZE] [--jobs N] "
	    "[--hostname NAME] [--ip4 ADDR]...\n"
	    "                      [--ip6 ADDR]... [--param NAME=VALUE]... "
	    "[--pkg NAME]... [--docs]\n"
	    "                      [--no-ca] [--bare] [--allow-incomplete]\n"
	    "                      [--uid-range FIRST:COUNT] [--renumber] "
	    "[--timezone ZONE]\n"
	    "                      [--wall-cmos-clock] [--rootpw-file FILE]\n"
	    "                      [--cache DIR | --no-cache] [--cache-max SIZE]\n");
}

/* SOURCE_DATE_EPOCH, else 0: never the clock. */
static int64_t
default_epoch(void)
{
	const char *s = getenv("SOURCE_DATE_EPOCH");
	char *end;
	long long v;

	if (s == NULL || *s == '\0')
		return (0);
	errno = 0;
	v = strtoll(s, &end, 10);
	return (errno == 0 && *end == '\0' && v >= 0 ? v : 0);
}

/* An rc jail needs what /etc/rc needs, first. */
static int
add_profiles(struct build_opts *bd, struct jt_build *b)
{
	if (bd->rc && !strv_has(&bd->profiles, "rc") &&
	    strv_push(&bd->profiles, "rc") == 0) {
		char *rcp = bd->profiles.v[bd->profiles.n - 1];

		memmove(bd->profiles.v + 1, bd->profiles.v,
		    (bd->profiles.n - 1) * sizeof(char *));
		bd->profiles.v[0] = rcp;
	}
	return (cli_add_profiles(b, &bd->profiles, &bd->pdirs));
}

/* Long options without a letter (above CLI_OPT_MAX_MEMORY's 0x100). */
enum { OPT_HOSTNAME = 0x200, OPT_IP4, OPT_IP6, OPT_PARAM, OPT_PKG,
    OPT_DOCS, OPT_NO_CA, OPT_BARE, OPT_INCOMPLETE, OPT_DRY_RUN,
    OPT_UID_RANGE, OPT_RENUMBER, OPT_TIMEZONE, OPT_WALL_CMOS, OPT_ROOTPW };

static bool
is_stdout(const char *path)
{
	return (path != NULL && strcmp(path, "-") == 0);
}

/* What a refusal before any work exits with: usage, or a real error. */
static int
refused(const struct jt_err *err)
{
	cli_err(err);
	return (err->code == JT_EINVAL || err->code == JT_ENOENT ? EXIT_USAGE :
	    EXIT_ERROR);
}

/* a and b are the same file, or b lies below directory a. */
static bool
covers(const char *a, const char *b, bool below)
{
	char ra[PATH_MAX], rb[PATH_MAX];
	struct stat sa, sb;
	size_t n;

	if (stat(a, &sa) == 0 && stat(b, &sb) == 0 && sa.st_dev == sb.st_dev &&
	    sa.st_ino == sb.st_ino)
		return (true);
	if (!below || realpath(a, ra) == NULL || realpath(b, rb) == NULL)
		return (false);
	n = strlen(ra);
	return (strncmp(ra, rb, n) == 0 && (rb[n] == '/' || n == 1));
}

/* The directory a file output goes in is there (said when not). */
static bool
parent_is_dir(const char *path)
{
	char dir[PATH_MAX];
	struct stat st;

	int rc;

	/* path_dirname() is for root-relative paths: "x" would be "/". */
	if (strchr(path, '/') == NULL)
		return (true);
	path_dirname(dir, sizeof(dir), path);
	if ((rc = stat(dir, &st)) == 0 && S_ISDIR(st.st_mode))
		return (true);
	cli_warnx("%s: its directory %s: %s", path, dir, rc != 0 ?
	    strerror(errno) : "is not a directory");
	return (false);
}

/*
 * The arguments that need no source: the jail's name and every profile
 * (an rc jail's "rc" too), so a typo costs no read of the source.
 */
static int
check_args(struct build_opts *b)
{
	struct jt_strv names = { 0 };
	struct jt_err err;
	int rc;

	if (jt_jailconf_check_name(b->name, &err) != 0) {
		cli_err(&err);
		return (EXIT_USAGE);
	}
	for (size_t i = 0; i < b->profiles.n; i++)
		(void)strv_push(&names, b->profiles.v[i]);
	if (b->rc)
		(void)strv_push_uniq(&names, "rc");
	rc = cli_check_profiles(&names, &b->pdirs);
	strv_free(&names);
	return (rc);
}

/*
 * Every output against --force, the tarball's suffix, the sources and the
 * other outputs, before anything is read or written: a mistake costs no
 * work and leaves nothing behind.
 */
static int
check_outputs(struct build_opts *b)
{
	static const char *const kinds[3] = { "tar", "mtree", "jailconf" };
	const char *files[3] = { b->tarball, b->mtree, b->jailconf };
	struct jt_err err;

	for (size_t i = 0; i < 3; i++) {
		if (files[i] == NULL)
			continue;
		if (strcmp(files[i], "-") == 0) {	/* stdout */
			if (!jt_writer_find(kinds[i])->to_stdout) {
				cli_warnx("-t: a tarball is not written to "
				    "standard output");
				return (EXIT_USAGE);
			}
			for (size_t j = 1; j < i; j++)
				if (files[j] != NULL &&
				    strcmp(files[j], "-") == 0) {
					cli_warnx("-: named for two outputs");
					return (EXIT_USAGE);
				}
			continue;
		}
		if (jt_writer_find(kinds[i])->check(files[i], &b->wo, &err) != 0)
			return (refused(&err));
		if (!parent_is_dir(files[i]))
			return (EXIT_USAGE);
		for (size_t j = 0; j < b->sources.n; j++)
			if (covers(files[i], b->sources.v[j], false)) {
				cli_warnx("%s: is also a source of the build",
				    files[i]);
				return (EXIT_USAGE);
			}
		for (size_t j = 0; j < i; j++)
			if (files[j] != NULL && (strcmp(files[i], files[j]) ==
			    0 || covers(files[i], files[j], false))) {
				cli_warnx("%s: named for two outputs", files[i]);
				return (EXIT_USAGE);
			}
	}
	if (b->outdir == NULL)
		return (EXIT_OK);
	if (jt_writer_find("dir")->check(b->outdir, &b->wo, &err) != 0)
		return (refused(&err));
	for (size_t j = 0; j < b->sources.n; j++)
		if (covers(b->outdir, b->sources.v[j], true)) {
			cli_warnx("%s: replacing it would remove the source %s",
			    b->outdir, b->sources.v[j]);
			return (EXIT_USAGE);
		}
	for (size_t i = 0; i < 3; i++)
		if (files[i] != NULL && covers(b->outdir, files[i], true)) {
			cli_warnx("%s: is inside the output directory %s",
			    files[i], b->outdir);
			return (EXIT_USAGE);
		}
	return (EXIT_OK);
}

/* The stanza's host.hostname: --hostname, the manifest's, the name. */
static const char *
hostname_of(const struct build_opts *b)
{
	if (b->hostname != NULL)
		return (b->hostname);
	if (b->m != NULL && b->m->hostname != NULL)
		return (b->m->hostname);
	return (b->name);
}

/* /etc/hosts names the jail's hostname at its addresses (all of them). */
static int
set_host(const struct build_opts *b, struct jt_build *jb)
{
	struct jt_strv addrs = { 0 };
	struct jt_err err;
	int rc;

	for (size_t i = 0; b->m != NULL && i < b->m->nip4; i++)
		(void)strv_push(&addrs, b->m->ip4[i]);
	for (size_t i = 0; i < b->ip4.n; i++)
		(void)strv_push(&addrs, b->ip4.v[i]);
	for (size_t i = 0; b->m != NULL && i < b->m->nip6; i++)
		(void)strv_push(&addrs, b->m->ip6[i]);
	for (size_t i = 0; i < b->ip6.n; i++)
		(void)strv_push(&addrs, b->ip6.v[i]);
	rc = jt_build_set_host(jb, hostname_of(b),
	    (const char *const *)(void *)addrs.v, addrs.n, &err);
	strv_free(&addrs);
	if (rc != 0)
		cli_err(&err);
	return (rc == 0 ? EXIT_OK : EXIT_ERROR);
}

/* Where the output of a writer's kind goes (-o, -t, -m, -j), or NULL. */
static const char *
output_path(const struct build_opts *b, const char *kind)
{
	const char *const paths[][2] = { { "dir", b->outdir },
	    { "tar", b->tarball }, { "mtree", b->mtree },
	    { "jailconf", b->jailconf } };

	for (size_t i = 0; i < sizeof(paths) / sizeof(paths[0]); i++)
		if (strcmp(paths[i][0], kind) == 0)
			return (paths[i][1]);
	return (NULL);
}

/*
 * The jail.conf stanza's own fields (the writer completes them from the
 * spec): in b->stanza, its lists in b->jc_*, freed by build_opts_free().
 */
static void
stanza(struct build_opts *b, const struct jt_jailspec *spec)
{
	struct jt_strv params = { 0 }, ip4 = { 0 }, ip6 = { 0 };
	struct jt_jailconf jc = { .name = b->name, .exec_start = b->command,
	    .hostname = hostname_of(b) };

	/* The stanza's own parameters: the manifest's, then the flags'. */
	for (size_t i = 0; b->m != NULL && i < b->m->nparams; i++)
		(void)strv_push(&params, b->m->params[i]);
	for (size_t i = 0; b->m != NULL && i < b->m->nip4; i++)
		(void)strv_push(&ip4, b->m->ip4[i]);
	for (size_t i = 0; b->m != NULL && i < b->m->nip6; i++)
		(void)strv_push(&ip6, b->m->ip6[i]);
	for (size_t i = 0; i < b->params.n; i++)
		(void)strv_push(&params, b->params.v[i]);
	for (size_t i = 0; i < b->ip4.n; i++)
		(void)strv_push(&ip4, b->ip4.v[i]);
	for (size_t i = 0; i < b->ip6.n; i++)
		(void)strv_push(&ip6, b->ip6.v[i]);
	jc.params = (const char *const *)(void *)params.v;
	jc.nparams = params.n;
	jc.ip4 = (const char *const *)(void *)ip4.v;
	jc.nip4 = ip4.n;
	jc.ip6 = (const char *const *)(void *)ip6.v;
	jc.nip6 = ip6.n;
	/* jail(8) cannot mount devfs on a /dev the jail does not have */
	jc.no_devfs = jt_plan_get(spec->plan, "/dev") == NULL ||
	    jt_plan_get(spec->plan, "/dev")->type != JT_FT_DIR;
	/* -o's real path (the writer finds it), else the handbook's place. */
	if (b->outdir == NULL) {
		(void)snprintf(b->defpath, sizeof(b->defpath),
		    "/usr/local/jails/%s", b->name);
		jc.path = b->defpath;
	}
	strv_free(&b->jc_params);
	strv_free(&b->jc_ip4);
	strv_free(&b->jc_ip6);
	b->jc_params = params;
	b->jc_ip4 = ip4;
	b->jc_ip6 = ip6;
	b->stanza = jc;
	b->out = (struct jt_output){ .spec = spec, .opts = b->wo,
	    .jailconf = &b->stanza, .dir = b->outdir };
}

/* Every output asked for, in the order of the library's writer table. */
static int
write_outputs(struct build_opts *b, const struct jt_jailspec *spec)
{
	const struct jt_writer *w;
	struct jt_err err;
	size_t nw;
	int rc = EXIT_OK;

	stanza(b, spec);
	w = jt_writers(&nw);
	for (size_t i = 0; i < nw; i++) {
		const char *path = output_path(b, w[i].kind);

		if (path == NULL)
			continue;
		cli_progress_begin(w[i].doing);
		if (strcmp(w[i].kind, "jailconf") == 0 && b->outdir == NULL)
			cli_warnx("note: no -o: the stanza's path is %s",
			    b->defpath);
		if (w[i].write(&b->out, path, &err) != 0) {
			rc = EXIT_ERROR;
			break;
		}
	}
	cli_progress_end();
	if (rc == EXIT_OK)
		return (EXIT_OK);
	cli_err(&err);
	/* A jail's files belong to root and its users: only root gives them. */
	if (err.sys_errno == EPERM && geteuid() != 0)
		cli_warnx("setting the owners of a jail's files needs root: run "
		    "as root, or write a tarball (-t) or an mtree (-m), which "
		    "record the owners without it");
	return (EXIT_ERROR);
}

int
cmd_build(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "command", required_argument, NULL, 'x' },
		{ "rc", no_argument, NULL, 'R' },
		{ "exec", no_argument, NULL, 'X' },
		{ "epoch", required_argument, NULL, 'E' },
		{ "force", no_argument, NULL, 'F' },
		{ "force-any", no_argument, NULL, 'G' },
		{ "apply-flags", no_argument, NULL, 'A' },
		{ "dry-run", no_argument, NULL, OPT_DRY_RUN },
		{ "why", no_argument, NULL, 'w' },
		{ "json", no_argument, NULL, 'J' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "source-size", no_argument, NULL, 'S' },
		CLI_MAX_MEMORY_OPTION,
		CLI_JOBS_OPTION,
		CLI_CACHE_OPTIONS,
		{ "hostname", required_argument, NULL, OPT_HOSTNAME },
		{ "ip4", required_argument, NULL, OPT_IP4 },
		{ "ip6", required_argument, NULL, OPT_IP6 },
		{ "param", required_argument, NULL, OPT_PARAM },
		{ "pkg", required_argument, NULL, OPT_PKG },
		{ "docs", no_argument, NULL, OPT_DOCS },
		{ "no-ca", no_argument, NULL, OPT_NO_CA },
		{ "bare", no_argument, NULL, OPT_BARE },
		{ "allow-incomplete", no_argument, NULL, OPT_INCOMPLETE },
		{ "uid-range", required_argument, NULL, OPT_UID_RANGE },
		{ "renumber", no_argument, NULL, OPT_RENUMBER },
		{ "timezone", required_argument, NULL, OPT_TIMEZONE },
		{ "wall-cmos-clock", no_argument, NULL, OPT_WALL_CMOS },
		{ "rootpw-file", required_argument, NULL, OPT_ROOTPW },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct build_opts b = { 0 };
	struct jt_fleet *fleet = NULL;
	struct jt_source *src = NULL;
	struct jt_build *jb = NULL;
	struct jt_err err;
	int ch, rc = EXIT_USAGE;
	char *end;

	b.wo.epoch = default_epoch();
	optind = 1;
	while ((ch = getopt_long(argc, argv, "s:p:P:i:n:o:t:m:j:D:qh", longopts,
	    NULL)) != -1) {
		switch (ch) {
		case 's': (void)strv_push(&b.sources, optarg); break;
		case 'p': (void)strv_push(&b.profiles, optarg); break;
		case 'P': (void)strv_push(&b.pdirs, optarg); break;
		case 'i': (void)strv_push(&b.paths, optarg); break;
		case 'n': b.name = optarg; break;
		case 'o': b.outdir = optarg; break;
		case 't': b.tarball = optarg; break;
		case 'm': b.mtree = optarg; break;
		case 'j': b.jailconf = optarg; break;
		case 'x': b.command = optarg; break;
		case 'R': b.rc = b.rc_set = true; break;
		case 'X': b.rc = false; b.rc_set = true; break;
		case 'F': b.wo.force = true; break;
		case 'G': b.wo.force = b.wo.force_any = true; break;
		case 'A': b.wo.apply_flags = true; break;
		case OPT_DRY_RUN: b.dry_run = true; break;
		case 'D':
			if (jt_profile_check_define(optarg, &err) != 0) {
				cli_err(&err);
				goto out;	/* rc is EXIT_USAGE */
			}
			(void)strv_push(&b.defines, optarg);
			break;
		case 'w': b.why = true; break;
		case 'J': b.json = true; break;
		case 'q': b.quiet = true; cli_progress_quiet(true); break;
		case 'S': b.source_size = true; break;
		case 'E':
			errno = 0;
			b.epoch_set = true;
			b.wo.epoch = strtoll(optarg, &end, 10);
			if (errno != 0 || *end != '\0' || b.wo.epoch < 0) {
				cli_warnx("bad --epoch '%s'", optarg);
				goto out;
			}
			break;
		case OPT_HOSTNAME: b.hostname = optarg; break;
		case OPT_IP4: (void)strv_push(&b.ip4, optarg); break;
		case OPT_BARE: b.bare = true; break;
		case OPT_INCOMPLETE: b.incomplete = true; break;
		case OPT_UID_RANGE: b.ids.range = optarg; break;
		case OPT_RENUMBER: b.ids.renumber = true; break;
		case OPT_TIMEZONE: b.ids.tz = optarg; break;
		case OPT_WALL_CMOS: b.ids.wall_cmos = true; break;
		case OPT_ROOTPW: b.ids.rootpw_file = optarg; break;
		case OPT_IP6: (void)strv_push(&b.ip6, optarg); break;
		case OPT_PKG: (void)strv_push_uniq(&b.pkgs, optarg); break;
		case OPT_DOCS: b.docs = true; break;
		case OPT_NO_CA: b.no_ca = true; break;
		case OPT_PARAM:
			if (jt_jailconf_check_param(optarg, &err) != 0) {
				cli_err(&err);
				goto out;	/* rc is EXIT_USAGE */
			}
			(void)strv_push(&b.params, optarg);
			break;
		case CLI_OPT_MAX_MEMORY:
			if (!cli_max_memory(optarg))
				goto out;	/* rc is EXIT_USAGE */
			break;
		case CLI_OPT_CACHE:
		case CLI_OPT_NO_CACHE:
		case CLI_OPT_CACHE_MAX:
			if (!cli_cache(ch, optarg))
				goto out;	/* rc is EXIT_USAGE */
			break;
		case CLI_OPT_JOBS:
			if (!cli_jobs(optarg))
				goto out;	/* rc is EXIT_USAGE */
			break;
		case 'h':
			usage();
			rc = EXIT_OK;
			goto out;
		default:
			usage();
			goto out;
		}
	}
	if (argc - optind > 1) {
		cli_warnx("one manifest at a time");
		usage();
		goto out;
	}
	if (argc - optind == 1) {
		if (jt_fleet_load(&fleet, argv[optind], &err) != 0) {
			cli_err(&err);
			rc = EXIT_ERROR;
			goto out;
		}
		if (fleet->blocks) {
			rc = build_fleet(&b, fleet);
			goto out;
		}
		build_merge(&b, fleet->jails[0]);
	}
	if ((rc = build_prepare(&b)) != EXIT_OK) {
		if (rc == EXIT_USAGE && b.usage)
			usage();
		goto out;
	}
	rc = EXIT_ERROR;
	if (cli_open_sources_build(&src, b.sources.v, b.sources.n) != EXIT_OK)
		goto out;
	rc = build_run(&b, src, NULL, &jb);
	if (rc == EXIT_OK && b.m != NULL && b.m->out_rcconf != NULL &&
	    !b.dry_run)
		rc = build_rcconf(&b.m, 1, b.m->out_rcconf, fleet->file);
out:
	cli_progress_end();
	jt_build_free(jb);
	jt_source_free(src);
	build_opts_free(&b);
	jt_fleet_free(fleet);
	return (rc);
}

void
build_opts_free(struct build_opts *b)
{
	strv_free(&b->sources);
	strv_free(&b->paths);
	strv_free(&b->pkgs);
	strv_free(&b->profiles);
	strv_free(&b->pdirs);
	strv_free(&b->defines);
	strv_free(&b->ip4);
	strv_free(&b->ip6);
	strv_free(&b->params);
	strv_free(&b->jc_params);
	strv_free(&b->jc_ip4);
	strv_free(&b->jc_ip6);
	cli_ids_free(&b->ids);
}

/*
 * What needs no source, checked before any is read: something to put in
 * the jail, an output, the name, the profiles, the outputs' paths.
 * EXIT_USAGE with b->usage set: the usage text helps.
 */
int
build_prepare(struct build_opts *b)
{
	int rc;

	if (b->name == NULL)
		b->name = "jail";
	if ((b->paths.n == 0 && b->profiles.n == 0 && b->pkgs.n == 0) ||
	    (!b->dry_run && !b->outdir && !b->tarball && !b->mtree &&
	    !b->jailconf && !b->shared_conf)) {
		cli_warnx(b->paths.n == 0 && b->profiles.n == 0 &&
		    b->pkgs.n == 0 ? "nothing to put in the jail (-p "
		    "PROFILE, -i PATH or --pkg NAME)" :
		    "no output (-o, -t, -m, -j or --dry-run)");
		b->usage = true;
		return (EXIT_USAGE);
	}
	cli_profile_defines(&b->defines);
	if ((rc = check_args(b)) != EXIT_OK ||
	    (rc = cli_ids_check(&b->ids, b->m)) != EXIT_OK)
		return (rc);
	if (!b->dry_run && (rc = check_outputs(b)) != EXIT_OK)
		return (rc);
	return (EXIT_OK);
}

/* The manifest's "resolv FILE": the host's file as the jail's. */
static int
add_resolv(struct jt_build *jb, const char *path, struct jt_err *err)
{
	char *text = NULL;
	size_t len = 0;
	int rc;

	if ((rc = jt_hostfile_read(path, 1 << 16, "resolv.conf", &text, &len,
	    err)) != 0)
		return (rc);
	rc = jt_plan_add_data(jt_build_plan(jb), "/etc/resolv.conf", text,
	    len, 0644, "resolv (the manifest's)", err);
	free(text);
	return (rc);
}

/*
 * Build the jail from src (open, shared by the jails of a fleet that
 * stack the same sources, as is r, their resolver, when not NULL) and
 * write its outputs; *jbp is the build, kept for the fleet's jail.conf
 * (free it with jt_build_free()).
 */
int
build_run(struct build_opts *b, struct jt_source *src, struct jt_resolver *r,
    struct jt_build **jbp)
{
	const struct jt_plan_entry *ents;
	const struct jt_jailspec *spec = &b->spec;
	struct jt_build *jb = NULL;
	struct jt_err err;
	size_t n;
	int rc = EXIT_ERROR;

	*jbp = NULL;
	if (jt_build_new_shared(&jb, src, r, &err) != 0) {
		cli_err(&err);
		return (EXIT_ERROR);
	}
	*jbp = jb;
	jt_build_set_rc(jb, b->rc);
	jt_build_set_docs(jb, b->docs);
	jt_build_set_ca(jb, !b->no_ca);
	cli_script_profiles(src, &b->paths, &b->profiles, &b->pdirs,
	    jt_build_platform(jb));
	jt_build_set_bare(jb, b->bare);
	jt_build_set_epoch(jb, b->wo.epoch);
	if ((rc = cli_build_ids(jb, b->m, &b->ids)) != EXIT_OK)
		goto out;
	rc = EXIT_ERROR;
	cli_progress_begin("resolving what the jail needs");
	if (set_host(b, jb) != EXIT_OK)
		goto out;
	if (add_profiles(b, jb) != EXIT_OK)
		goto out;
	for (size_t i = 0; i < b->pkgs.n; i++) {
		if (jt_build_add_package(jb, b->pkgs.v[i], "asked for (--pkg)",
		    &err) != 0) {
			cli_err(&err);
			goto out;
		}
	}
	for (size_t i = 0; i < b->paths.n; i++) {
		if (jt_build_add_included(jb, b->paths.v[i], "asked for (-i)",
		    &err) != 0) {
			cli_err(&err);
			goto out;
		}
	}
	if (jt_build_finish(jb, &err) != 0 ||
	    (b->m != NULL && b->m->resolv != NULL &&
	    add_resolv(jb, b->m->resolv, &err) != 0)) {
		cli_err(&err);
		goto out;
	}
	cli_progress_end();
	jt_build_spec(jb, &b->spec);
	for (size_t i = 0; i < spec->warnings.n; i++)
		cli_warnx("warning: %s", spec->warnings.v[i]);
	if (!b->quiet)
		cli_build_notes(jb);
	for (size_t i = 0; i < spec->problems.n; i++)
		cli_warnx("%s", spec->problems.v[i]);
	if (spec->problems.n > 0 && !b->dry_run && !b->incomplete) {
		cli_warnx("not writing a jail that cannot start (%zu problem%s)",
		    spec->problems.n, spec->problems.n == 1 ? "" : "s");
		rc = EXIT_UNRESOLVED;
		goto out;
	}
	/* A dry run answers as the build would: written anyway, or refused. */
	if (spec->problems.n > 0 && b->incomplete) {
		cli_warnx("warning: %s a jail that may not start (%zu "
		    "problem%s): --allow-incomplete", b->dry_run ?
		    "would write" : "writing", spec->problems.n,
		    spec->problems.n == 1 ? "" : "s");
		b->nproblems = spec->problems.n;
	}
	if (b->dry_run) {
		if (jt_plan_finish(spec->plan, &ents, &n, &err) != 0) {
			cli_err(&err);
			goto out;
		}
		build_print_plan(ents, n, b->json, b->nproblems);
		rc = spec->problems.n > 0 && !b->incomplete ? EXIT_UNRESOLVED :
		    EXIT_OK;
		goto out;
	}
	/* An output on stdout gets no report mixed into it. */
	if ((rc = write_outputs(b, spec)) == EXIT_OK && !b->quiet &&
	    !is_stdout(b->mtree) && !is_stdout(b->jailconf))
		build_report(b, src, jb);
out:
	cli_progress_end();
	return (rc);
}
