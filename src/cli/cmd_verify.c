/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * jailtrim verify [-p PROFILE]... [-P DIR]... [-c JAILCONF] [-n NAME]
 *     [--start [--unconfined]] [--timeout S] [--json] [-j JAILS]
 *     [--max-memory SIZE] [--jobs THREADS] ROOT|TARBALL|MANIFEST|FLEET
 *
 * -j is how many jails of a fleet are verified at once; --jobs, as for
 * every command that reads an archive, how many threads decode one (a
 * jail's tarball).  Two counts of two things: the usage names them so.
 *
 * Option parsing and printing around the library's static verification
 * (verify.h): every ELF object's closure and symbols under the jail's own
 * rules, each profile checked against the jail, and the jail.conf stanza
 * against the jail.  Each failure names what is missing and why.
 *
 * With --start, a jail that passed is started in isolation (start.h),
 * its profiles' probes must answer, and everything is stopped again.  A
 * tarball is extracted into a temporary directory for that, removed
 * afterwards.  A fleet's jails are each verified so, -j N at once
 * (cli_verify_fleet.c).
 */
#include <sys/stat.h>

#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "jailtrim/jailconf.h"
#include "jailtrim/manifest.h"
#include "jailtrim/profile.h"
#include "jailtrim/plan.h"
#include "jailtrim/resolve.h"
#include "jailtrim/start.h"
#include "jailtrim/verify.h"
#include "jailtrim/write.h"
#include "cli.h"
#include "cli_verify_fleet.h"
#include "json.h"

struct verify {
	struct jt_strv	 profiles, pdirs;
	struct jt_strv	 defines;	/* the manifest's, then -D's */
	const char	*target;	/* as given */
	const char	*root;		/* the jail: directory or archive */
	const char	*jailconf;	/* -c, or the manifest's */
	const char	*name;
	bool		 json, start, rc, root_is_dir;
	bool		 unconfined;	/* start without a user namespace */
	int		 timeout;	/* seconds */
	int		 njobs;		/* -j: a fleet's jails at once */
	const struct jt_manifest *m;	/* borrowed from fleet */
	struct jt_fleet	*fleet;
	/* results */
	struct jt_verify *ver;
	size_t		 nfailures;
	bool		 ran;		/* a start was attempted */
	struct jt_start_result res;
};

static volatile sig_atomic_t interrupted;

static void
on_signal(int sig)
{
	(void)sig;
	interrupted = 1;
}

static void
usage(void)
{
	fprintf(stderr, "usage: jailtrim verify [-p PROFILE]... [-P DIR]... "
	    "[-D NAME=VALUE]...\n"
	    "                       [-c JAILCONF] [-n NAME] [--rc]\n"
	    "                       [--start [--unconfined]] [--timeout S] "
	    "[--json]\n"
	    "                       [-j JAILS] [--max-memory SIZE] "
	    "[--jobs THREADS]\n"
	    "                       [--cache DIR | --no-cache] "
	    "[--cache-max SIZE]\n"
	    "                       ROOT|TARBALL|MANIFEST|FLEET\n");
}

static bool
is_manifest(const char *path)
{
	size_t n = strlen(path);
	struct stat st;

	return (n > 5 && strcmp(path + n - 5, ".jail") == 0 &&
	    stat(path, &st) == 0 && S_ISREG(st.st_mode));
}

/* A manifest names the jail, its profiles, mode and jail.conf. */
static int
from_manifest(struct verify *v, const struct jt_manifest *m)
{
	struct jt_strv defs = { 0 };

	v->m = m;
	v->root = m->out_dir != NULL ? m->out_dir : m->out_tarball;
	if (v->root == NULL) {
		cli_warnx("%s: no output dir or tarball to verify", v->target);
		return (EXIT_ERROR);
	}
	v->rc = v->rc || m->rc;
	for (size_t i = 0; i < m->nprofiles; i++)
		(void)strv_push_uniq(&v->profiles, m->profiles[i]);
	/* The manifest's defines before -D's: a later one wins. */
	for (size_t i = 0; i < m->ndefines; i++)
		(void)strv_push(&defs, m->defines[i]);
	for (size_t i = 0; i < v->defines.n; i++)
		(void)strv_push(&defs, v->defines.v[i]);
	strv_free(&v->defines);
	v->defines = defs;
	if (v->jailconf == NULL)
		v->jailconf = m->out_jailconf;
	/* a fleet's -n picks the jail: its name is the stanza's */
	if (v->name == NULL || v->fleet->blocks)
		v->name = m->name;
	return (EXIT_OK);
}

/*
 * The stanza the jail is started with, read and parsed (a syntax error
 * is a finding); it is checked against the jail after the profiles.
 */
static int
read_jailconf(struct verify *v, struct jt_jailconf_stanza **out)
{
	struct jt_err err;
	char *text = NULL;
	size_t len = 0;
	int rc;

	*out = NULL;
	if (cli_read_jailconf(v->jailconf, &text, &len) != EXIT_OK)
		return (EXIT_ERROR);
	rc = jt_verify_jailconf_parse(v->ver, text, len, v->jailconf, v->name,
	    out, &err);
	free(text);
	if (rc != 0) {
		cli_err(&err);
		return (EXIT_ERROR);
	}
	if (*out != NULL && v->name == NULL)
		v->name = jt_jailconf_name(*out);
	return (EXIT_OK);
}

/* A tarball's contents, in a directory of our own for the run. */
static int
extract(struct verify *v, struct jt_source *src, char *tmp, size_t tmplen,
    char *root, size_t rootlen)
{
	struct jt_write_opts wo = { 0 };
	const struct jt_plan_entry *ents;
	struct jt_plan *p = NULL;
	struct jt_err err;
	const char *t;
	size_t n, skipped;
	int rc = EXIT_ERROR;

	if ((t = getenv("TMPDIR")) == NULL || *t == '\0')
		t = "/tmp";
	(void)snprintf(tmp, tmplen, "%s/jailtrim-verify.XXXXXX", t);
	if (mkdtemp(tmp) == NULL) {
		cli_warnx("%s: %s", tmp, strerror(errno));
		tmp[0] = '\0';
		return (EXIT_ERROR);
	}
	(void)snprintf(root, rootlen, "%s/root", tmp);
	if (jt_plan_new(&p, src, &err) != 0 ||
	    jt_plan_add_all(p, v->root, &skipped, &err) != 0 ||
	    jt_plan_finish(p, &ents, &n, &err) != 0 ||
	    jt_write_dir(p, root, &wo, &err) != 0)
		cli_err(&err);
	else
		rc = EXIT_OK;
	jt_plan_free(p);
	return (rc);
}

static const char *
param_value(const char *const *params, size_t n, const char *key)
{
	size_t k = strlen(key);

	for (size_t i = n; i-- > 0;)
		if (strncmp(params[i], key, k) == 0 && params[i][k] == '=')
			return (params[i] + k + 1);
	return (NULL);
}

static bool
host_runs(enum jt_platform p)
{
#if defined(__FreeBSD__)
	return (p == JT_PLAT_FREEBSD);
#elif defined(__linux__)
	return (p == JT_PLAT_GLIBC);
#else
	(void)p;
	return (false);
#endif
}

static int
start(struct verify *v, struct jt_source *src,
    const struct jt_jailconf_stanza *jc)
{
	struct jt_start_opts o = { 0 };
	struct sigaction sa, oint, oterm;
	char tmp[PATH_MAX] = "", root[PATH_MAX + 8];
	const char *const *params;
	struct jt_err err;
	size_t np;
	int rc = EXIT_ERROR;

	if (!host_runs(jt_verify_platform(v->ver))) {
		cli_warnx("%s: a %s jail cannot be started on this host",
		    v->root, jt_verify_platform(v->ver) == JT_PLAT_FREEBSD ?
		    "FreeBSD" : "Linux");
		return (EXIT_ERROR);
	}
	if (v->root_is_dir)
		(void)strlcpy(root, v->root, sizeof(root));
	else if (extract(v, src, tmp, sizeof(tmp), root, sizeof(root)) !=
	    EXIT_OK)
		goto out;
	o.root = root;
	o.name = v->name != NULL ? v->name : "jailtrim-verify";
	o.commands = jt_verify_commands(v->ver, &o.ncommands);
	params = jt_verify_params(v->ver, &np);
	o.user = param_value(params, np, "exec.jail_user");
	if (jc != NULL && jt_jailconf_values(jc, "exec.start", &np) != NULL) {
		o.commands = jt_jailconf_values(jc, "exec.start",
		    &o.ncommands);
		params = jt_jailconf_values(jc, "exec.jail_user", &np);
		o.user = np > 0 ? params[np - 1] : NULL;
	}
	/* The name the jail's /etc/hosts holds, as jail(8) would set it. */
	if (jc != NULL && (params = jt_jailconf_values(jc, "host.hostname",
	    &np)) != NULL && np > 0 && params[np - 1][0] != '\0')
		o.hostname = params[np - 1];
	o.probes = jt_verify_probes(v->ver, &o.nprobes);
	o.timeout_ms = v->timeout * 1000;
	o.cancel = &interrupted;
	o.unconfined = v->unconfined;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;	/* no SA_RESTART: waits wake up */
	(void)sigemptyset(&sa.sa_mask);
	(void)sigaction(SIGINT, &sa, &oint);
	(void)sigaction(SIGTERM, &sa, &oterm);
	v->ran = true;
	rc = jt_start_run(&o, &v->res, &err);
	(void)sigaction(SIGINT, &oint, NULL);
	(void)sigaction(SIGTERM, &oterm, NULL);
	if (rc != 0) {
		cli_err(&err);
		v->ran = false;
		rc = EXIT_ERROR;
		goto out;
	}
#if defined(__linux__)
	if (!v->res.userns && v->res.started)
		cli_warnx("%s: running unconfined: the jail's root was the "
		    "host's root (no user namespace)", v->target);
#endif
	rc = EXIT_OK;
out:
	if (tmp[0] != '\0')
		(void)jt_write_dir_remove(tmp);
	return (rc);
}

static void
show_output(const char *out)
{
	const char *p = out, *nl;

	if (out == NULL || *out == '\0') {
		cli_warnx("verify: the service printed nothing");
		return;
	}
	cli_warnx("verify: the service's output:");
	for (; *p != '\0'; p = nl != NULL ? nl + 1 : p + strlen(p)) {
		nl = strchr(p, '\n');
		fprintf(stderr, "  | %.*s\n", (int)(nl != NULL ? nl - p :
		    (long)strlen(p)), p);
	}
}

static bool
passed(const struct verify *v)
{
	return (v->nfailures == 0 && (!v->start || (v->ran &&
	    v->res.answered)));
}

static void
report_text(const struct verify *v)
{
	const struct jt_start_result *r = &v->res;

	cli_verify_report(v->ver, v->target, v->profiles.n);
	if (v->ran && !r->answered) {
		cli_warnx("verify: start: %s", r->why != NULL ? r->why :
		    "failed");
		for (size_t i = 0; i < r->nprobes; i++)
			cli_warnx("verify: probe %s", r->probes[i]);
		show_output(r->output);
	}
	if (v->start && v->nfailures != 0)
		printf("%s: not started: static verification failed\n",
		    v->target);
	if (!v->ran)
		return;
	if (!r->answered) {
		printf("%s: start: FAILED\n", v->target);
		return;
	}
	printf("%s: started and answered in %.1f s%s\n", v->target,
	    r->seconds, r->overlay ? " (writes went to a throw-away layer)" :
	    r->copied ? " (writes went to a throw-away copy)" : "");
	for (size_t i = 0; i < r->nprobes; i++)
		printf("  probe %s\n", r->probes[i]);
	for (size_t i = 0; i < r->nprocs; i++)
		printf("  process %s\n", r->procs[i]);
}

static void
json_list(const char *key, char *const *s, size_t n)
{
	printf(",\"%s\":[", key);
	for (size_t i = 0; i < n; i++) {
		printf("%s", i ? "," : "");
		json_str(stdout, s[i]);
	}
	printf("]");
}

static void
json_findings(const struct jt_verify *ver)
{
	const struct jt_verify_finding *f;
	char *line;
	size_t n;

	f = jt_verify_findings(ver, &n);
	printf(",\"failures\":[");
	for (size_t i = 0; i < n; i++) {
		/* as jt_verify_finding_str(), however long */
		if (asprintf(&line, "%s%s%s", f[i].where != NULL ? f[i].where :
		    "", f[i].where != NULL ? ": " : "", f[i].detail) < 0)
			line = NULL;
		printf("%s", i ? "," : "");
		json_str(stdout, line != NULL ? line : f[i].detail);
		free(line);
	}
	printf("]");
}

static void
report_json(const struct verify *v)
{
	const struct jt_start_result *r = &v->res;

	printf("{\"root\":");
	json_str(stdout, v->target);
	printf(",\"objects\":%zu,\"ok\":%s", jt_verify_nobjects(v->ver),
	    passed(v) ? "true" : "false");
	json_findings(v->ver);
	if (v->ran) {
		printf(",\"start\":{\"started\":%s,\"answered\":%s,\"why\":",
		    r->started ? "true" : "false",
		    r->answered ? "true" : "false");
		json_str(stdout, r->why);
		printf(",\"seconds\":%.3f", r->seconds);
#if defined(__linux__)
		printf(",\"userns\":%s,\"copied\":%s", r->userns ? "true" :
		    "false", r->copied ? "true" : "false");
#endif
		json_list("probes", r->probes, r->nprobes);
		json_list("processes", r->procs, r->nprocs);
		printf(",\"output\":");
		json_str(stdout, r->output);
		printf("}");
	}
	printf("}\n");
}

static int
parse_args(struct verify *v, int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "json", no_argument, NULL, 'J' },
		{ "start", no_argument, NULL, 'S' },
		{ "unconfined", no_argument, NULL, 'U' },
		{ "timeout", required_argument, NULL, 'T' },
		{ "jail-conf", required_argument, NULL, 'c' },
		{ "name", required_argument, NULL, 'n' },
		{ "rc", no_argument, NULL, 'R' },
		CLI_MAX_MEMORY_OPTION,
		CLI_JOBS_OPTION,
		CLI_CACHE_OPTIONS,
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct jt_err err;
	char *end;
	int ch;

	optind = 1;
	while ((ch = getopt_long(argc, argv, "p:P:c:n:D:j:h", longopts,
	    NULL)) != -1) {
		switch (ch) {
		case 'p': (void)strv_push(&v->profiles, optarg); break;
		case 'P': (void)strv_push(&v->pdirs, optarg); break;
		case 'c': v->jailconf = optarg; break;
		case 'n': v->name = optarg; break;
		case 'D':
			if (jt_profile_check_define(optarg, &err) != 0) {
				cli_err(&err);
				return (EXIT_USAGE);
			}
			(void)strv_push(&v->defines, optarg);
			break;
		case 'J': v->json = true; break;
		case 'S': v->start = true; break;
		case 'U': v->unconfined = true; break;
		case 'R': v->rc = true; break;
		case 'j':
			v->njobs = (int)strtol(optarg, &end, 10);
			if (*end != '\0' || v->njobs < 1 || v->njobs > 64) {
				cli_warnx("-j %s: jails of a fleet verified at "
				    "once, 1 to 64 (--jobs: decoding threads)",
				    optarg);
				return (EXIT_USAGE);
			}
			break;
		case 'T':
			v->timeout = (int)strtol(optarg, &end, 10);
			if (*end != '\0' || v->timeout < 1 ||
			    v->timeout > 3600) {
				cli_warnx("--timeout %s: seconds, 1 to 3600",
				    optarg);
				return (EXIT_USAGE);
			}
			break;
		case CLI_OPT_MAX_MEMORY:
			if (!cli_max_memory(optarg))
				return (EXIT_USAGE);
			break;
		case CLI_OPT_CACHE:
		case CLI_OPT_NO_CACHE:
		case CLI_OPT_CACHE_MAX:
			if (!cli_cache(ch, optarg))
				return (EXIT_USAGE);
			break;
		case CLI_OPT_JOBS:
			if (!cli_jobs(optarg))
				return (EXIT_USAGE);
			break;
		case 'h': usage(); return (-1);
		default: usage(); return (EXIT_USAGE);
		}
	}
	if (argc - optind != 1) {
		usage();
		return (EXIT_USAGE);
	}
	v->target = v->root = argv[optind];
	return (EXIT_OK);
}

/* What needs no jail read: the stanza's name and its file. */
static int
check_args(const struct verify *v)
{
	struct jt_err err;

	if (v->name != NULL && jt_jailconf_check_name(v->name, &err) != 0) {
		cli_err(&err);
		return (EXIT_USAGE);
	}
	if (v->jailconf != NULL && access(v->jailconf, R_OK) != 0) {
		cli_warnx("%s: cannot read the jail.conf: %s", v->jailconf,
		    strerror(errno));
		return (EXIT_USAGE);
	}
	return (EXIT_OK);
}

/* The jail v names (its arguments parsed): checked, started, reported. */
static int
verify_one(struct verify *v)
{
	struct jt_jailconf_stanza *jc = NULL;
	struct jt_source *src = NULL;
	struct jt_err err;
	struct stat st;
	char *spec[1];
	int rc;

	if (v->rc && !strv_has(&v->profiles, "rc"))
		(void)strv_push(&v->profiles, "rc");
	/* A typo in a profile name costs no read of the jail. */
	cli_profile_defines(&v->defines);
	if ((rc = cli_check_profiles(&v->profiles, &v->pdirs)) != EXIT_OK ||
	    (rc = check_args(v)) != EXIT_OK)
		goto out;
	v->root_is_dir = stat(v->root, &st) == 0 && S_ISDIR(st.st_mode);
	rc = EXIT_ERROR;
	spec[0] = (char *)(uintptr_t)v->root;
	if ((v->start && !v->root_is_dir ? cli_open_sources_keep :
	    cli_open_sources)(&src, spec, 1) != EXIT_OK)
		goto out;
	if (jt_verify_new(&v->ver, src, &err) != 0) {
		cli_err(&err);
		goto out;
	}
	jt_verify_set_rc(v->ver, v->rc);
	cli_progress_begin("checking the jail");
	/* the findings' order: the stanza's syntax, the profiles, the
	 * stanza against the jail, then every object */
	if (v->jailconf != NULL && read_jailconf(v, &jc) != EXIT_OK)
		goto out;
	if (cli_verify_profiles(v->ver, &v->profiles, &v->pdirs) != EXIT_OK)
		goto out;
	if (jc != NULL && jt_verify_jailconf(v->ver, jc, v->root_is_dir ?
	    v->root : NULL, &err) != 0) {
		cli_err(&err);
		goto out;
	}
	if (jt_verify_objects(v->ver, &err) != 0) {
		cli_err(&err);
		goto out;
	}
	(void)jt_verify_findings(v->ver, &v->nfailures);
	cli_progress_end();
	if (v->start && v->nfailures == 0 && start(v, src, jc) != EXIT_OK)
		goto out;
	if (v->json)
		report_json(v);
	else
		report_text(v);
	rc = passed(v) ? EXIT_OK : EXIT_UNRESOLVED;
out:
	cli_progress_end();
	jt_jailconf_stanza_free(jc);
	jt_source_free(src);
	return (rc);
}

/*
 * One jail of a fleet, in a child process (cli_verify_fleet.c): the
 * row of the table is written to row, "STATE<TAB>PROBE".
 */
static int
verify_jail(void *arg, size_t k, FILE *row)
{
	struct verify *v = arg;
	int rc;

	if ((rc = from_manifest(v, v->fleet->jails[k])) != EXIT_OK)
		return (rc);
	v->target = v->root;	/* the report names the jail's root */
	rc = verify_one(v);
	if (v->ver == NULL || rc == EXIT_USAGE)
		fprintf(row, "error\t-\n");
	else if (v->nfailures > 0)
		fprintf(row, "FAILED (%zu finding%s)\t-\n", v->nfailures,
		    v->nfailures == 1 ? "" : "s");
	else if (!v->start)
		fprintf(row, "ok (static)\t-\n");
	else
		fprintf(row, "%s\t%s\n", v->ran && v->res.answered ?
		    "answered" : "FAILED", v->res.nprobes > 0 ?
		    v->res.probes[0] : v->res.why != NULL ? v->res.why : "-");
	return (rc);
}

int
cmd_verify(int argc, char **argv)
{
	struct verify v = { .timeout = 30, .njobs = 1 };
	struct jt_err err;
	int rc;

	if ((rc = parse_args(&v, argc, argv)) != EXIT_OK) {
		rc = rc < 0 ? EXIT_OK : rc;
		goto out;
	}
	if (is_manifest(v.target)) {
		if (jt_fleet_load(&v.fleet, v.target, &err) != 0) {
			cli_err(&err);
			rc = EXIT_ERROR;
			goto out;
		}
		if (v.fleet->blocks) {
			rc = cli_verify_fleet(v.fleet, v.name, v.njobs,
			    v.json, verify_jail, &v);
			goto out;
		}
	}
	/* -j N for threads would otherwise be ignored without a word */
	if (v.njobs > 1)
		cli_warnx("note: -j %d: jails of a fleet at once, and %s is "
		    "one jail (--jobs N: threads decoding it)", v.njobs,
		    v.target);
	if (v.fleet != NULL &&
	    (rc = from_manifest(&v, v.fleet->jails[0])) != EXIT_OK)
		goto out;
	rc = verify_one(&v);
out:
	jt_start_result_free(&v.res);
	jt_verify_free(v.ver);
	jt_fleet_free(v.fleet);
	strv_free(&v.profiles);
	strv_free(&v.pdirs);
	strv_free(&v.defines);
	return (rc);
}
