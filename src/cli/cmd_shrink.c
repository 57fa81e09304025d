/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * jailtrim shrink [-p PROFILE]... [-P DIR]... [-D NAME=VALUE]... [-i PATH]...
 *     [--keep-from FILE]
 *     [--base SOURCE]... [--detect] [--rc] [-c JAILCONF [-n NAME]]
 *     [--keep-packages] [--why]
 *     [-o LIST] [--json] [--force]
 *     [--apply --backup ARCHIVE [--key FILE]] JAILDIR
 * jailtrim restore [--force] [--unsigned] [--key FILE] ARCHIVE JAILDIR
 *
 * What the services need is decided by the build stage with the jail as
 * its source; the jail's user data is kept too; the rest is reported by
 * group (a dry run), or saved to the backup and removed (--apply), after
 * which the jail is verified statically, and put back from the backup
 * when that fails.  Only what is provably the base's (--base, else the
 * jail's own evidence) is ever removed.
 */
#include <sys/stat.h>

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jailtrim/build.h"
#include "jailtrim/jailconf.h"
#include "jailtrim/profile.h"
#include "jailtrim/rcsys.h"
#include "jailtrim/shrink.h"
#include "cli.h"
#include "json.h"

struct shrink {
	struct jt_strv	 profiles, pdirs, paths, bases;
	struct jt_strv	 defines;	/* -D NAME=VALUE */
	const char	*dir, *backup, *list, *keepfrom, *key;
	const char	*jailconf, *name;	/* -c, -n */
	struct jt_jailconf_stanza *jc;	/* the jail's stanza */
	bool		 detect, why, json, force, apply, rc, keep_packages;
	struct jt_shrink_pkgs *pkgs;	/* packages as units */
	struct jt_strv	 detected;	/* services without a profile */
	struct jt_strv	 idle, idlewhy;	/* scripts of services not run */
};

static void
usage(void)
{
	fprintf(stderr, "usage: jailtrim shrink [-p PROFILE]... [-P DIR]... "
	    "[-D NAME=VALUE]... [-i PATH]...\n"
	    "                       [--keep-from FILE] [--base SOURCE]... "
	    "[--detect] [--rc] [-c JAILCONF [-n NAME]]\n"
	    "                       [--keep-packages] [--why] [-o LIST] [--json] "
	    "[--force]\n"
	    "                       [--apply --backup ARCHIVE [--key FILE]] "
	    "[--max-memory SIZE]\n"
	    "                       [--jobs N] [--cache DIR | --no-cache] "
	    "[--cache-max SIZE] JAILDIR\n"
	    "       jailtrim restore [--force] [--unsigned] [--key FILE] "
	    "ARCHIVE JAILDIR\n");
}

static void
restore_usage(void)
{
	fprintf(stderr, "usage: jailtrim restore [--force] [--unsigned] "
	    "[--key FILE] ARCHIVE JAILDIR\n");
}

/*
 * The key that signs backups: --key, else $JAILTRIM_BACKUP_KEY, else the
 * host's place for it.
 */
static const char *
key_path(const char *opt)
{
	const char *env = getenv("JAILTRIM_BACKUP_KEY");

	if (opt != NULL)
		return (opt);
	if (env != NULL && *env != '\0')
		return (env);
#if defined(__FreeBSD__)
	return ("/var/db/jailtrim/backup.key");
#else
	return ("/var/lib/jailtrim/backup.key");
#endif
}

struct det {
	struct shrink	*sh;
	struct jt_build	*b;
	struct jt_shrink *s;
};

/*
 * A service /etc/rc starts: its profile when there is one (it knows
 * configs and PAM policies rcsys does not); its needs come from rcsys.
 */
static int
rc_service(void *arg, const char *name, bool script)
{
	struct det *d = arg;

	if (cli_have_profile(name, &d->sh->pdirs, jt_build_platform(d->b)))
		(void)strv_push_uniq(&d->sh->profiles, name);
	else if (!script)
		(void)strv_push_uniq(&d->sh->detected, name);
	return (0);
}

/* What booting needs: programs with their closure, files, directories. */
static int
rc_need(void *arg, const struct jt_rcneed *need, bool optional)
{
	struct det *d = arg;
	struct jt_err err;
	int r;

	if (optional) {	/* kept in plan_keep unless its package goes */
		if (strv_push(&d->sh->idle, need->path) != 0 ||
		    strv_push(&d->sh->idlewhy, need->why) != 0) {
			cli_warnx("out of memory");
			return (-1);
		}
		return (0);
	}
	r = jt_build_add_path(d->b, need->path, need->why, &err);
	if (r == JT_ENOENT)
		return (0);	/* rcsys warned where it matters */
	if (r != 0) {
		/* an object the jail cannot resolve stays; verify says so */
		cli_warnx("warning: %s (%s): %s", need->path, need->why,
		    err.msg);
		if (jt_shrink_keep(d->s, need->path, need->why, &err) != 0 &&
		    err.code != JT_ENOENT) {
			cli_err(&err);
			return (-1);
		}
	}
	return (0);
}

static void
rc_warning(void *arg, const char *file, int line, const char *message)
{
	(void)arg;
	if (line > 0)
		cli_warnx("warning: %s:%d: %s", file, line, message);
	else	/* the message names the line */
		cli_warnx("warning: %s: %s", file, message);
}

/*
 * What the jail's rc system runs (jt_shrink_rc): profiles for the
 * services that have one, and everything /etc/rc and the running services
 * need, when the jail boots /etc/rc.
 */
static int
detect(struct shrink *sh, struct jt_shrink *s, struct jt_build *b)
{
	static const struct jt_shrink_rc_ops ops = { rc_service, rc_need,
	    rc_warning };
	struct det d = { sh, b, s };
	struct jt_err err;
	bool boots;

	if (jt_shrink_rc(jt_shrink_source(s), sh->rc, &ops, &d, &boots,
	    &err) != 0) {
		if (err.code != 0)
			cli_err(&err);
		return (EXIT_ERROR);
	}
	if (boots) {
		sh->rc = true;
		if (!strv_has(&sh->profiles, "rc"))
			(void)strv_push(&sh->profiles, "rc");
	}
	return (EXIT_OK);
}

/* Keep path, with its closure when it is a program or a script. */
static int
add_kept(struct jt_shrink *s, struct jt_build *b, const char *path,
    const char *why)
{
	struct jt_err err;

	if (jt_build_add_path(b, path, why, &err) != 0 ||
	    jt_shrink_keep(s, path, why, &err) != 0) {
		cli_err(&err);
		return (EXIT_ERROR);
	}
	return (EXIT_OK);
}

static int
keep_from(struct shrink *sh)
{
	char line[4096];
	size_t n;
	FILE *f;

	if ((f = fopen(sh->keepfrom, "r")) == NULL) {
		cli_warnx("%s: cannot read", sh->keepfrom);
		return (EXIT_ERROR);
	}
	while (fgets(line, sizeof(line), f) != NULL) {
		n = strcspn(line, "\r\n#");
		while (n > 0 && (line[n - 1] == ' ' || line[n - 1] == '\t'))
			n--;
		line[n] = '\0';
		if (line[0] == '/')
			(void)strv_push_uniq(&sh->paths, line);
	}
	(void)fclose(f);
	return (EXIT_OK);
}

/* What was kept for its provenance alone, and what --base would judge. */
static void
report_prov(const struct jt_shrink_prov_stats *ps)
{
	printf("kept for provenance: %zu changed (%.1f MB), %zu of unknown "
	    "provenance (%.1f MB)", ps->n[JT_PROV_CHANGED] +
	    ps->n[JT_PROV_PACKAGE_CHANGED], (ps->bytes[JT_PROV_CHANGED] +
	    ps->bytes[JT_PROV_PACKAGE_CHANGED]) / 1e6, ps->n[JT_PROV_UNKNOWN],
	    ps->bytes[JT_PROV_UNKNOWN] / 1e6);
	if (ps->have_base)
		printf("; --why lists them\n");
	else
		printf(";\n  without --base only the jail's own evidence "
		    "counts: --base SOURCE would let\n  shrink judge those "
		    "%zu entries (%.1f MB)\n", ps->n[JT_PROV_UNKNOWN],
		    ps->bytes[JT_PROV_UNKNOWN] / 1e6);
}

/* Packages that go whole, with their files' sizes (already counted
 * above, by group). */
static void
report_pkgs(const struct shrink *sh)
{
	const struct jt_shrink_pkg *p;
	size_t n = jt_shrink_pkgs_nremove(sh->pkgs);

	if (n == 0)
		return;
	printf("%s %zu package%s whole, deregistered from %s:\n",
	    sh->apply ? "removing" : "would remove", n, n == 1 ? "" : "s",
	    jt_shrink_pkgs_db(sh->pkgs));
	for (size_t i = 0; i < n; i++) {
		p = jt_shrink_pkgs_remove(sh->pkgs, i);
		printf("  %10.1f MB %7zu  %s-%s", p->bytes / 1e6, p->files,
		    p->name, p->version);
		if (p->changed > 0)
			printf(" (%zu changed file%s kept)", p->changed,
			    p->changed == 1 ? "" : "s");
		printf("\n");
	}
}

static void
report(const struct shrink *sh, struct jt_shrink *s)
{
	int64_t bytes[JT_SG_COUNT] = { 0 }, total = 0, jb;
	size_t count[JT_SG_COUNT] = { 0 }, n, je;
	const struct jt_shrink_entry *rm = jt_shrink_removals(s, &n);
	struct jt_shrink_prov_stats ps;

	jt_shrink_totals(s, &jb, &je);
	jt_shrink_prov_stats(s, &ps);
	for (size_t i = 0; i < n; i++) {
		bytes[rm[i].group] += rm[i].bytes;
		count[rm[i].group]++;
		total += rm[i].bytes;
	}
	if (sh->json) {
		printf("{\"jail\":");
		json_str(stdout, sh->dir);
		printf(",\"jail_bytes\":%lld,\"jail_entries\":%zu,"
		    "\"remove_bytes\":%lld,\"remove_entries\":%zu,\"groups\":[",
		    (long long)jb, je, (long long)total, n);
		for (int g = 0, k = 0; g < JT_SG_COUNT; g++) {
			if (count[g] == 0)
				continue;
			printf("%s{\"group\":", k++ ? "," : "");
			json_str(stdout, jt_shrink_group_name(g));
			printf(",\"entries\":%zu,\"bytes\":%lld}", count[g],
			    (long long)bytes[g]);
		}
		printf("],\"base_given\":%s,\"provenance\":[",
		    ps.have_base ? "true" : "false");
		for (int p = 0; p < JT_PROV_COUNT; p++) {
			printf("%s{\"class\":", p ? "," : "");
			json_str(stdout, jt_shrink_prov_name(p));
			printf(",\"entries\":%zu,\"bytes\":%lld}", ps.n[p],
			    (long long)ps.bytes[p]);
		}
		printf("]");
		if (*jt_shrink_pkgs_db(sh->pkgs) != '\0') {
			printf(",\"packages_removed\":[");
			for (size_t i = 0; i < jt_shrink_pkgs_nremove(sh->pkgs);
			    i++) {
				const struct jt_shrink_pkg *p =
				    jt_shrink_pkgs_remove(sh->pkgs, i);

				printf("%s{\"name\":", i ? "," : "");
				json_str(stdout, p->name);
				printf(",\"version\":");
				json_str(stdout, p->version);
				printf(",\"files\":%zu,\"bytes\":%lld,"
				    "\"changed_kept\":%zu}", p->files,
				    (long long)p->bytes, p->changed);
			}
			printf("]");
		}
		printf(",\"removals\":[");
		for (size_t i = 0; i < n; i++) {
			printf("%s", i ? "," : "");
			json_str(stdout, rm[i].path);
		}
		printf("]}\n");
		return;
	}
	printf("%s: %s %zu of %zu entries, %.1f of %.1f MB (%.1f%%)\n",
	    sh->dir, sh->apply ? "removing" : "would remove", n, je,
	    total / 1e6, jb / 1e6, jb > 0 ? 100.0 * total / jb : 0.0);
	for (int g = 0; g < JT_SG_COUNT; g++)
		if (count[g] > 0)
			printf("  %10.1f MB %7zu  %s\n", bytes[g] / 1e6,
			    count[g], jt_shrink_group_name(g));
	report_pkgs(sh);
	report_prov(&ps);
}

static int
walk_why(void *arg, const char *path, const struct jt_stat *st)
{
	struct jt_shrink *s = arg;
	const char *why = jt_shrink_why(s, path);

	if (why != NULL && st->type != JT_FT_DIR)
		printf("kept %s: %s\n", path, why);
	return (0);
}

static int
write_list(const struct shrink *sh, struct jt_shrink *s)
{
	const struct jt_shrink_entry *rm;
	size_t n;
	FILE *f;

	if ((f = fopen(sh->list, "w")) == NULL) {
		cli_warnx("%s: cannot write", sh->list);
		return (EXIT_ERROR);
	}
	rm = jt_shrink_removals(s, &n);
	for (size_t i = 0; i < n; i++)
		fprintf(f, "%s\n", rm[i].path);
	if (fclose(f) != 0) {
		cli_warnx("%s: write error", sh->list);
		return (EXIT_ERROR);
	}
	return (EXIT_OK);
}

/* -c: the jail's stanza, whose path must be the jail shrunk. */
static int
read_jailconf(struct shrink *sh)
{
	const char *const *path;
	struct stat a, b;
	struct jt_err err;
	char *text = NULL;
	size_t len, n;
	int rc;

	if (cli_read_jailconf(sh->jailconf, &text, &len) != EXIT_OK)
		return (EXIT_ERROR);
	rc = jt_jailconf_parse(&sh->jc, text, len, sh->jailconf, sh->name,
	    &err);
	free(text);
	if (rc != 0) {
		cli_err(&err);
		if (rc == JT_EINVAL && sh->name == NULL)
			cli_warnx("name the jail with -n NAME");
		return (EXIT_ERROR);
	}
	path = jt_jailconf_values(sh->jc, "path", &n);
	if (n == 0 || stat(path[n - 1], &a) != 0 || stat(sh->dir, &b) != 0 ||
	    a.st_dev != b.st_dev || a.st_ino != b.st_ino) {
		cli_warnx("%s: jail %s has path %s, which is not %s",
		    sh->jailconf, jt_jailconf_name(sh->jc), n > 0 ?
		    path[n - 1] : "(none)", sh->dir);
		return (EXIT_ERROR);
	}
	return (EXIT_OK);
}

static int
parse_args(struct shrink *sh, int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "keep-from", required_argument, NULL, 'K' },
		{ "base", required_argument, NULL, 'b' },
		{ "detect", no_argument, NULL, 'd' },
		{ "rc", no_argument, NULL, 'R' },
		{ "jail-conf", required_argument, NULL, 'c' },
		{ "name", required_argument, NULL, 'n' },
		{ "keep-packages", no_argument, NULL, 'G' },
		{ "why", no_argument, NULL, 'W' },
		{ "json", no_argument, NULL, 'J' },
		{ "force", no_argument, NULL, 'F' },
		{ "apply", no_argument, NULL, 'A' },
		{ "backup", required_argument, NULL, 'B' },
		CLI_MAX_MEMORY_OPTION,
		CLI_JOBS_OPTION,
		CLI_CACHE_OPTIONS,
		{ "key", required_argument, NULL, 'k' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct jt_err err;
	int ch, rc;

	optind = 1;
	while ((ch = getopt_long(argc, argv, "p:P:i:o:c:n:D:h", longopts,
	    NULL)) != -1) {
		switch (ch) {
		case 'p': (void)strv_push_uniq(&sh->profiles, optarg); break;
		case 'P': (void)strv_push(&sh->pdirs, optarg); break;
		case 'i': (void)strv_push_uniq(&sh->paths, optarg); break;
		case 'o': sh->list = optarg; break;
		case 'c': sh->jailconf = optarg; break;
		case 'n': sh->name = optarg; break;
		case 'K': sh->keepfrom = optarg; break;
		case 'b': (void)strv_push(&sh->bases, optarg); break;
		case 'd': sh->detect = true; break;
		case 'D':
			if (jt_profile_check_define(optarg, &err) != 0) {
				cli_err(&err);
				return (EXIT_USAGE);
			}
			(void)strv_push(&sh->defines, optarg);
			break;
		case 'R': sh->rc = true; break;
		case 'G': sh->keep_packages = true; break;
		case 'W': sh->why = true; break;
		case 'J': sh->json = true; break;
		case 'F': sh->force = true; break;
		case 'A': sh->apply = true; break;
		case 'B': sh->backup = optarg; break;
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
		case 'k': sh->key = optarg; break;
		case 'h': usage(); return (-1);
		default: usage(); return (EXIT_USAGE);
		}
	}
	if (argc - optind != 1) {
		usage();
		return (EXIT_USAGE);
	}
	if (sh->apply && sh->backup == NULL) {
		cli_warnx("--apply needs --backup ARCHIVE: nothing is removed "
		    "that cannot be put back");
		return (EXIT_USAGE);
	}
	if (sh->name != NULL && sh->jailconf == NULL) {
		cli_warnx("-n NAME names a jail of a jail.conf: give -c "
		    "JAILCONF");
		return (EXIT_USAGE);
	}
	sh->dir = argv[optind];
	/* A typo in a profile name (or a -D) costs no read of the jail. */
	cli_profile_defines(&sh->defines);
	if ((rc = cli_check_profiles(&sh->profiles, &sh->pdirs)) != EXIT_OK)
		return (rc);
	return (sh->jailconf != NULL ? read_jailconf(sh) : EXIT_OK);
}

static int
kept_object(void *arg, const char *path)
{
	struct jt_err err;

	/* an object the jail cannot resolve stays; verify will say so */
	(void)jt_build_add_path(arg, path, "kept data", &err);
	return (0);
}

struct jcx {
	struct jt_shrink	*s;
	struct jt_build		*b;
};

static int
jc_keep(void *arg, const char *path, const char *why)
{
	struct jcx *x = arg;

	return (add_kept(x->s, x->b, path, why) == EXIT_OK ? 0 : JT_EINVAL);
}

/* -c: what exec.start and exec.stop run; /etc/rc makes it an rc jail. */
static int
from_jailconf(struct shrink *sh, struct jt_shrink *s, struct jt_build *b)
{
	struct jcx x = { s, b };
	struct jt_err err = { 0 };
	bool boots;
	int rc;

	if ((rc = jt_shrink_jailconf(jt_shrink_source(s), sh->jc, jc_keep, &x,
	    &boots, &err)) != 0) {
		if (rc != JT_EINVAL || err.code != 0)
			cli_err(&err);
		return (EXIT_ERROR);
	}
	if (boots)
		sh->rc = true;
	return (EXIT_OK);
}

/* The keep-set: the services' plan, the paths asked for, user data. */
static int
plan_keep(struct shrink *sh, struct jt_shrink *s, struct jt_build *b)
{
	const char *const *probs;
	struct jt_strv pd = { 0 };
	struct jt_err err;
	char why[256];
	size_t n;
	int rc = EXIT_ERROR;

	if (sh->jc != NULL && from_jailconf(sh, s, b) != EXIT_OK)
		return (EXIT_ERROR);
	if ((sh->detect || sh->rc) && detect(sh, s, b) != EXIT_OK)
		return (EXIT_ERROR);
	if (sh->rc && !strv_has(&sh->profiles, "rc"))
		(void)strv_push(&sh->profiles, "rc");
	jt_build_set_rc(b, sh->rc);
	for (size_t i = 0; i < sh->detected.n; i++) {
		(void)snprintf(why, sizeof(why), "%s_enable in rc.conf, no "
		    "rc.d script", sh->detected.v[i]);
		if (jt_build_add_rcd(b, sh->detected.v[i], why, &err) != 0) {
			cli_err(&err);
			goto out;
		}
	}
	for (size_t i = 0; i < sh->pdirs.n; i++)
		(void)strv_push(&pd, sh->pdirs.v[i]);
	if (cli_add_profiles(b, &sh->profiles, &pd) != EXIT_OK)
		goto out;
	for (size_t i = 0; i < sh->paths.n; i++)
		if (add_kept(s, b, sh->paths.v[i], sh->keepfrom != NULL ?
		    "asked for (-i, --keep-from)" : "asked for (-i)") !=
		    EXIT_OK)
			goto out;
	/* the root's own loader and libc, whatever else is kept */
	memset(&err, 0, sizeof(err));
	if (jt_shrink_platform_paths(s, jc_keep, &(struct jcx){ s, b },
	    &err) != 0) {
		if (err.code != 0)	/* else add_kept() has said it */
			cli_err(&err);
		goto out;
	}
	/* user data first: the programs in it keep their libraries, and
	 * so do those kept for their provenance */
	if (jt_shrink_keep_userdata(s, &err) != 0 ||
	    jt_shrink_pkgs_open(&sh->pkgs, s, &err) != 0 ||
	    jt_shrink_classify(s, &err) != 0 ||
	    jt_shrink_kept_objects(s, kept_object, b, &err) != 0 ||
	    jt_build_finish(b, &err) != 0 ||
	    jt_shrink_keep_plan(s, jt_build_plan(b), &err) != 0 ||
	    jt_shrink_pkgs(sh->pkgs, s, jt_build_plan(b), sh->keep_packages,
	    &err) != 0) {
		cli_err(&err);
		goto out;
	}
	/* the scripts /etc/rc only orders go with their package */
	for (size_t i = 0; i < sh->idle.n; i++)
		if (!jt_shrink_pkgs_goes(sh->pkgs, sh->idle.v[i]) &&
		    jt_shrink_keep(s, sh->idle.v[i], sh->idlewhy.v[i], &err) !=
		    0 && err.code != JT_ENOENT) {
			cli_err(&err);
			goto out;
		}
	if (jt_shrink_finish(s, &err) != 0) {
		cli_err(&err);
		goto out;
	}
	/* what the services lack cannot be kept: verify will say so */
	probs = jt_build_problems(b, &n);
	for (size_t i = 0; i < n; i++)
		cli_warnx("warning: the jail lacks: %s", probs[i]);
	rc = EXIT_OK;
out:
	strv_free(&pd);
	return (rc);
}

/*
 * The shrunk jail failed its self-check: put it back as it was from the
 * backup just written, and say so.  EXIT_UNRESOLVED when the jail is
 * whole again, EXIT_ERROR when even that failed.
 */
static int
roll_back(const struct shrink *sh, const unsigned char *key, int why)
{
	struct jt_restore_opts o = { .key = key };
	struct jt_restore_conflict *conf = NULL;
	struct jt_err err;
	size_t nconf = 0;
	int r;

	cli_warnx("self-check failed: the shrunk jail does not verify (%s "
	    "above); rolling back from %s", why == EXIT_UNRESOLVED ?
	    "findings" : "error", sh->backup);
	r = jt_restore(sh->backup, sh->dir, &o, &conf, &nconf, &err);
	jt_restore_conflicts_free(conf, nconf);
	if (r != 0) {
		cli_err(&err);
		cli_warnx("the rollback failed: the jail is shrunk; put it "
		    "back with: jailtrim restore %s %s", sh->backup, sh->dir);
		return (EXIT_ERROR);
	}
	cli_warnx("rolled back: %s is as it was before the shrink", sh->dir);
	return (EXIT_UNRESOLVED);
}

int
cmd_shrink(int argc, char **argv)
{
	struct shrink sh = { 0 };
	struct jt_shrink *s = NULL;
	struct jt_build *b = NULL;
	unsigned char key[JT_BACKUP_KEY_LEN];
	struct jt_err err;
	int rc;

	if ((rc = parse_args(&sh, argc, argv)) != EXIT_OK) {
		rc = rc < 0 ? EXIT_OK : rc;
		goto out;
	}
	rc = EXIT_ERROR;
	if (sh.keepfrom != NULL && keep_from(&sh) != EXIT_OK)
		goto out;
	cli_progress_begin("scanning the jail");
	if (jt_shrink_new(&s, sh.dir, sh.force, &err) != 0) {
		cli_err(&err);
		goto out;
	}
	cli_apply_max_memory(jt_shrink_source(s));
	for (size_t i = 0; i < sh.bases.n; i++)
		if (jt_shrink_add_base(s, sh.bases.v[i], &err) != 0) {
			cli_err(&err);
			goto out;
		}
	if (jt_build_new(&b, jt_shrink_source(s), &err) != 0) {
		cli_err(&err);
		goto out;
	}
	if (plan_keep(&sh, s, b) != EXIT_OK)
		goto out;
	cli_progress_end();
	report(&sh, s);
	if (sh.why)
		(void)jt_source_walk(jt_shrink_source(s), walk_why, s, &err);
	if (sh.list != NULL && write_list(&sh, s) != EXIT_OK)
		goto out;
	if (!sh.apply) {
		rc = EXIT_OK;
		goto out;
	}
	if (jt_shrink_check_apply(s, &err) != 0) {
		cli_err(&err);
		goto out;
	}
	if (jt_backup_key(key_path(sh.key), true, key, &err) != 0) {
		cli_err(&err);
		cli_warnx("backups are signed with a key of this host; give "
		    "one with --key FILE");
		goto out;
	}
	jt_shrink_set_key(s, key);
	cli_progress_begin("backing up what goes");
	if (jt_shrink_backup(s, sh.backup, &err) != 0) {
		cli_err(&err);
		goto out;
	}
	cli_progress_begin("removing");
	if (jt_shrink_apply(s, &err) != 0) {
		cli_err(&err);
		cli_warnx("the jail is partly shrunk; put it back with: "
		    "jailtrim restore %s %s", sh.backup, sh.dir);
		goto out;
	}
	cli_progress_end();
	if (!sh.json)
		printf("%s: done; backup %s (jailtrim restore %s %s)\n",
		    sh.dir, sh.backup, sh.backup, sh.dir);
	jt_build_free(b);
	b = NULL;
	/* the kept services, verified statically (without profiles: still
	 * every object's closure and symbols); a failure rolls the files
	 * back before the package database is touched */
	if ((rc = cli_verify_jail(sh.dir, &sh.profiles, &sh.pdirs, sh.rc)) !=
	    EXIT_OK) {
		rc = roll_back(&sh, key, rc);
		goto out;
	}
	if (jt_shrink_pkgs_deregister(sh.pkgs, s, &err) != 0) {
		cli_err(&err);
		cli_warnx("the packages removed are still registered; put the "
		    "jail back with: jailtrim restore %s %s", sh.backup, sh.dir);
		rc = EXIT_ERROR;
		goto out;
	}
out:
	cli_progress_end();
	jt_build_free(b);
	jt_shrink_pkgs_free(sh.pkgs);
	jt_jailconf_stanza_free(sh.jc);
	jt_shrink_free(s);
	strv_free(&sh.profiles);
	strv_free(&sh.pdirs);
	strv_free(&sh.defines);
	strv_free(&sh.paths);
	strv_free(&sh.bases);
	strv_free(&sh.detected);
	strv_free(&sh.idle);
	strv_free(&sh.idlewhy);
	return (rc);
}

/* Each change since the shrink the restore would undo, on stderr. */
static void
print_conflicts(const struct jt_restore_conflict *c, size_t n)
{
	static const char *const kinds[] = {
		[JT_RC_DIFFERS] = "there again, not as the backup has it",
		[JT_RC_NOTDIR] = "a path above it is no longer a directory",
		[JT_RC_DIR_CHANGED] = "kept directory changed since the shrink",
		[JT_RC_LINK_TARGET] = ("kept file a removed hard link joins "
		    "changed since the shrink"),
	};

	static const char *const bits[] = { "type", "mode", "owner",
	    "content", "gone" };
	char what[64];
	size_t o;

	for (size_t i = 0; i < n; i++) {
		what[0] = '\0';
		o = 0;
		for (size_t b = 0; b < sizeof(bits) / sizeof(bits[0]); b++)
			if (c[i].what & (1u << b) && o < sizeof(what))
				o += (size_t)snprintf(what + o,
				    sizeof(what) - o, "%s%s", o > 0 ? ", " :
				    "", bits[b]);
		cli_warnx("conflict: %s: %s: %s%s%s%s", c[i].path,
		    kinds[c[i].kind], what, c[i].link != NULL ?
		    " (the removed link: /" : "", c[i].link != NULL ?
		    c[i].link : "", c[i].link != NULL ? ")" : "");
	}
}

int
cmd_restore(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "force", no_argument, NULL, 'F' },
		{ "unsigned", no_argument, NULL, 'U' },
		{ "key", required_argument, NULL, 'k' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct jt_restore_opts o = { 0 };
	struct jt_restore_conflict *conf = NULL;
	unsigned char key[JT_BACKUP_KEY_LEN];
	const char *kpath = NULL;
	struct jt_err err;
	size_t nconf = 0;
	int ch, r;

	optind = 1;
	while ((ch = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
		switch (ch) {
		case 'F': o.force = true; break;
		case 'U': o.unsigned_ok = true; break;
		case 'k': kpath = optarg; break;
		case 'h': restore_usage(); return (EXIT_OK);
		default: restore_usage(); return (EXIT_USAGE);
		}
	}
	if (argc - optind != 2) {
		restore_usage();
		return (EXIT_USAGE);
	}
	if (jt_backup_key(key_path(kpath), false, key, &err) == 0)
		o.key = key;
	else if (!o.unsigned_ok) {
		cli_err(&err);
		cli_warnx("cannot check the backup's signature; --unsigned "
		    "restores a backup you trust without it");
		return (EXIT_ERROR);
	}
	r = jt_restore(argv[optind], argv[optind + 1], &o, &conf, &nconf,
	    &err);
	print_conflicts(conf, nconf);
	jt_restore_conflicts_free(conf, nconf);
	if (r != 0) {
		cli_err(&err);
		return (EXIT_ERROR);
	}
	printf("%s: restored from %s%s\n", argv[optind + 1], argv[optind],
	    nconf > 0 ? " over the conflicts above (--force)" : "");
	return (EXIT_OK);
}
