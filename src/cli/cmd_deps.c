/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * jailtrim deps [-s SOURCE]... [-f tree|list|json] [--why] [--all] PATH...
 * jailtrim deps [-s SOURCE]... [-f tree|list|json] [--why] --pkg NAME...
 *     [--docs]
 *
 * Prints the closure of programs inside a source root.  Problems (missing
 * libraries with the paths considered, symbol and version errors) go to
 * stderr, each once; the exit status is 3 when there was any.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jailtrim/resolve.h"
#include "cli.h"
#include "json.h"

enum fmt { FMT_TREE, FMT_LIST, FMT_JSON };

struct deps {
	enum fmt	 fmt;
	bool		 why;
	struct jt_strv	 files;		/* list: every path, sorted at the end */
	struct jt_map	 seen;		/* list: paths in files already */
	struct jt_strv	 whys;		/* list --why: "path\tchain" */
	struct jt_map	 said;		/* problems already printed */
	int		 nclosures;
	bool		 problems;
	bool		 errors;
};

static void
usage(void)
{
	fprintf(stderr, "usage: jailtrim deps [-s SOURCE]... [-f tree|list|json]"
	    " [--why] [--all]\n"
	    "                     [--platform auto|freebsd|glibc] [--no-symbols]\n"
	    "                     [--linux-prefix DIR] [--max-memory SIZE] "
	    "[--jobs N]\n"
	    "                     [--cache DIR | --no-cache] [--cache-max SIZE] "
	    "PATH...\n"
	    "       jailtrim deps [-s SOURCE]... [-f tree|list|json] [--why]"
	    " [--docs]\n"
	    "                     [--jobs N] --pkg NAME...\n");
}

/* Print a problem once, however many closures share it. */
static void
say(void *arg, const char *msg)
{
	struct deps *d = arg;

	d->problems = true;
	if (map_get(&d->said, msg) != NULL)
		return;
	(void)map_put(&d->said, msg, d);
	cli_warnx("%s", msg);
}

/* One link of a chain: " > libz.so.6 (DT_RUNPATH /usr/lib)". */
static int
link_text(const struct jt_dep *dp, char *buf, size_t len)
{
	return (snprintf(buf, len, " > %s%s%s (%s%s%s)", dp->name,
	    dp->mapped_from ? " mapped from " : "",
	    dp->mapped_from ? dp->mapped_from : "", jt_via_name(dp->via),
	    dp->dir ? " " : "", dp->dir ? dp->dir : ""));
}

/*
 * "sshd > libssh.so.5 (DT_RUNPATH /usr/lib/private) > libz.so.6 (...)",
 * built without recursion (a chain may be thousands of libraries long):
 * the program, then as many of the last links as fit in buf, the middle
 * elided as " > ...".  up is scratch room for c->ndeps indices.
 */
static void
chain(const struct jt_closure *c, int i, int *up, char *buf, size_t len)
{
	static const char elided[] = " > ...";
	size_t k = 0, m, used, n;
	int j;

	for (j = i; j >= 0 && (size_t)j < c->ndeps && k < c->ndeps;
	    j = c->deps[j].parent)
		up[k++] = j;
	/* up[k - 1] is the program; count the last links that fit. */
	used = strlen(c->deps[up[k - 1]].path) + sizeof(elided);
	for (m = 0; m + 1 < k; m++) {
		n = (size_t)link_text(&c->deps[up[m]], NULL, 0);
		if (used + n >= len)
			break;
		used += n;
	}
	n = (size_t)snprintf(buf, len, "%s%s", c->deps[up[k - 1]].path,
	    m + 1 < k ? elided : "");
	while (m-- > 0 && n < len)
		n += (size_t)link_text(&c->deps[up[m]], buf + n, len - n);
}

/*
 * Each path once: the closures of --all share most of their files, and
 * keeping every copy grew with the square of a chain's length.
 */
static void
add_file(struct deps *d, const char *path)
{
	if (map_get(&d->seen, path) != NULL)
		return;
	if (map_put(&d->seen, path, (void *)1) == 0)
		(void)strv_push(&d->files, path);
}

static void
collect(struct deps *d, const struct jt_closure *c)
{
	char why[8192], line[PATH_MAX + 8192];
	int *up = NULL;

	if (d->why && (up = calloc(c->ndeps + 1, sizeof(*up))) == NULL) {
		cli_warnx("out of memory for --why");
		d->errors = true;
		return;
	}
	for (size_t i = 0; i < c->ndeps; i++) {
		const struct jt_dep *dp = &c->deps[i];

		add_file(d, dp->path);
		if (d->why)
			chain(c, (int)i, up, why, sizeof(why));
		for (size_t j = 0; j < dp->nlinks; j++) {
			add_file(d, dp->links[j]);
			if (d->why) {
				snprintf(line, sizeof(line), "%s\t%s "
				    "(symbolic link to reach %s)", dp->links[j],
				    why, dp->path);
				(void)strv_push(&d->whys, line);
			}
		}
		if (d->why) {
			snprintf(line, sizeof(line), "%s\t%s", dp->path, why);
			(void)strv_push(&d->whys, line);
		}
	}
	free(up);
}

/* The misses of node, at the indentation of its children. */
static void
print_misses(const struct jt_closure *c, int node, int depth)
{
	for (size_t i = 0; i < c->nmiss; i++)
		if (c->miss[i].needer == node)
			printf("%*s%s => not found\n", depth * 4, "",
			    c->miss[i].name);
}

/*
 * Who needs what, depth first from the program (node 0), children in the
 * order found.  With an explicit stack, not recursion: a chain of
 * libraries may be thousands long.
 */
static int
print_tree(const struct jt_closure *c)
{
	struct frame { int node, next; } *st;
	int *first, *sib, i, sp = 0;

	first = malloc((c->ndeps + 1) * sizeof(*first));
	sib = malloc((c->ndeps + 1) * sizeof(*sib));
	st = malloc((c->ndeps + 1) * sizeof(*st));
	if (first == NULL || sib == NULL || st == NULL) {
		free(first);
		free(sib);
		free(st);
		return (-1);
	}
	for (size_t n = 0; n < c->ndeps; n++)
		first[n] = -1;
	for (size_t n = c->ndeps; n-- > 0;) {
		int p = c->deps[n].parent;

		sib[n] = -1;
		if (p >= 0 && (size_t)p < c->ndeps && (size_t)p != n) {
			sib[n] = first[p];
			first[p] = (int)n;
		}
	}
	st[sp++] = (struct frame){ 0, c->ndeps > 0 ? first[0] : -1 };
	while (sp > 0) {
		struct frame *f = &st[sp - 1];
		const struct jt_dep *dp;

		if ((i = f->next) < 0) {
			print_misses(c, f->node, sp);
			sp--;
			continue;
		}
		f->next = sib[i];
		dp = &c->deps[i];
		printf("%*s%s => %s (%s%s%s)\n", sp * 4, "", dp->name,
		    dp->path, jt_via_name(dp->via), dp->dir ? " " : "",
		    dp->dir ? dp->dir : "");
		st[sp++] = (struct frame){ i, first[i] };
	}
	free(first);
	free(sib);
	free(st);
	return (0);
}

static void
json_strs(const char *const *v, size_t n)
{
	putchar('[');
	for (size_t i = 0; i < n; i++) {
		if (i)
			putchar(',');
		json_str(stdout, v[i]);
	}
	putchar(']');
}

static void
print_json(struct deps *d, const struct jt_closure *c)
{
	static const char *const kinds[] = { "undefined", "version",
	    "no-versions", "no-file" };

	printf("%s{\"root\":", d->nclosures++ ? ",\n" : "");
	json_str(stdout, c->root);
	printf(",\"program\":%s,\"rules\":", c->program ? "true" : "false");
	json_str(stdout, c->rule);
	printf(",\"files\":[");
	for (size_t i = 0; i < c->ndeps; i++) {
		const struct jt_dep *dp = &c->deps[i];

		printf("%s{\"path\":", i ? "," : "");
		json_str(stdout, dp->path);
		printf(",\"name\":");
		json_str(stdout, dp->name);
		printf(",\"needed_by\":");
		json_str(stdout, dp->parent >= 0 ? c->deps[dp->parent].path :
		    NULL);
		printf(",\"via\":");
		json_str(stdout, jt_via_name(dp->via));
		printf(",\"dir\":");
		json_str(stdout, dp->dir);
		printf(",\"mapped_from\":");
		json_str(stdout, dp->mapped_from);
		printf(",\"links\":");
		json_strs(dp->links, dp->nlinks);
		putchar('}');
	}
	printf("],\"missing\":[");
	for (size_t i = 0; i < c->nmiss; i++) {
		const struct jt_miss *m = &c->miss[i];

		printf("%s{\"needed_by\":", i ? "," : "");
		json_str(stdout, c->deps[m->needer].path);
		printf(",\"name\":");
		json_str(stdout, m->name);
		printf(",\"kind\":\"%s\",\"reason\":", m->kind == JT_MISS_NEEDED ?
		    "needed" : m->kind == JT_MISS_INTERP ? "interpreter" :
		    m->kind == JT_MISS_MACHINE ? "machine" :
		    "script-interpreter");
		json_str(stdout, m->reason);
		printf(",\"tried\":");
		json_strs(m->tried, m->ntried);
		putchar('}');
	}
	printf("],\"symbol_errors\":[");
	for (size_t i = 0; i < c->nsymerr; i++) {
		const struct jt_symerr *s = &c->symerr[i];

		printf("%s{\"kind\":\"%s\",\"object\":", i ? "," : "",
		    kinds[s->kind]);
		json_str(stdout, c->deps[s->object].path);
		printf(",\"symbol\":");
		json_str(stdout, s->symbol);
		printf(",\"version\":");
		json_str(stdout, s->version);
		printf(",\"file\":");
		json_str(stdout, s->file);
		putchar('}');
	}
	printf("]}");
}

static int
one(void *arg, struct jt_closure *c)
{
	struct deps *d = arg;

	jt_closure_problems(c, say, d);
	if (d->fmt == FMT_LIST)
		collect(d, c);
	else if (d->fmt == FMT_JSON)
		print_json(d, c);
	else {
		printf("%s%s\n", d->nclosures++ ? "\n" : "", c->root);
		if (print_tree(c) != 0) {
			cli_warnx("%s: out of memory for the tree", c->root);
			d->errors = true;
		}
	}
	jt_closure_free(c);
	return (0);
}

static void
bad_object(void *arg, const struct jt_err *err)
{
	struct deps *d = arg;

	d->errors = true;
	cli_err(err);
}

static void
print_list(struct deps *d)
{
	if (!d->why) {
		strv_sort(&d->files);
		for (size_t i = 0; i < d->files.n; i++)
			puts(d->files.v[i]);
		return;
	}
	/* One line per file, the first reason found for it. */
	strv_sort(&d->whys);
	for (size_t i = 0; i < d->whys.n; i++) {
		const char *tab = strchr(d->whys.v[i], '\t');
		size_t n = (size_t)(tab - d->whys.v[i]);

		if (i > 0 && strncmp(d->whys.v[i - 1], d->whys.v[i], n + 1) == 0)
			continue;
		printf("%.*s: %s\n", (int)n, d->whys.v[i], tab + 1);
	}
}

static bool
argv_seen(char **argv, int i)
{
	for (int j = 0; j < i; j++)
		if (strcmp(argv[j], argv[i]) == 0)
			return (true);
	return (false);
}

int
cmd_deps(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "source", required_argument, NULL, 's' },
		{ "format", required_argument, NULL, 'f' },
		{ "why", no_argument, NULL, 'w' },
		{ "all", no_argument, NULL, 'a' },
		{ "platform", required_argument, NULL, 'P' },
		{ "no-symbols", no_argument, NULL, 'N' },
		{ "linux-prefix", required_argument, NULL, 'L' },
		{ "pkg", required_argument, NULL, 'K' },
		{ "docs", no_argument, NULL, 'O' },
		CLI_MAX_MEMORY_OPTION,
		CLI_JOBS_OPTION,
		CLI_CACHE_OPTIONS,
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct jt_resolve_opts opts = { 0 };
	struct deps d = { .fmt = FMT_TREE };
	struct jt_strv specs = { 0 }, pkgs = { 0 };
	struct jt_resolver *r = NULL;
	struct jt_source *src = NULL;
	struct jt_closure *c;
	struct jt_err err;
	bool all = false, docs = false;
	int ch, rc = EXIT_OK;

	optind = 1;
	while ((ch = getopt_long(argc, argv, "s:f:h", longopts, NULL)) != -1) {
		switch (ch) {
		case 's':
			if (strv_push(&specs, optarg) != 0)
				return (EXIT_ERROR);
			break;
		case 'f':
			if (strcmp(optarg, "tree") == 0)
				d.fmt = FMT_TREE;
			else if (strcmp(optarg, "list") == 0)
				d.fmt = FMT_LIST;
			else if (strcmp(optarg, "json") == 0)
				d.fmt = FMT_JSON;
			else {
				cli_warnx("unknown format '%s'", optarg);
				usage();
				return (EXIT_USAGE);
			}
			break;
		case 'w':
			d.why = true;
			break;
		case 'a':
			all = true;
			break;
		case 'P':
			if (strcmp(optarg, "freebsd") == 0)
				opts.platform = JT_PLAT_FREEBSD;
			else if (strcmp(optarg, "glibc") == 0)
				opts.platform = JT_PLAT_GLIBC;
			else if (strcmp(optarg, "auto") != 0) {
				cli_warnx("unknown platform '%s'", optarg);
				return (EXIT_USAGE);
			}
			break;
		case 'N':
			opts.no_symbols = true;
			break;
		case 'K':
			if (strv_push_uniq(&pkgs, optarg) != 0) {
				strv_free(&specs);
				return (EXIT_ERROR);
			}
			break;
		case 'O':
			docs = true;
			break;
		case 'L':
			if (optarg[0] != '/') {
				cli_warnx("--linux-prefix must be an absolute "
				    "path");
				return (EXIT_USAGE);
			}
			opts.linux_prefix = optarg;
			break;
		case CLI_OPT_MAX_MEMORY:
			if (!cli_max_memory(optarg)) {
				strv_free(&specs);
				return (EXIT_USAGE);
			}
			break;
		case CLI_OPT_CACHE:
		case CLI_OPT_NO_CACHE:
		case CLI_OPT_CACHE_MAX:
			if (!cli_cache(ch, optarg)) {
				strv_free(&specs);
				return (EXIT_USAGE);
			}
			break;
		case CLI_OPT_JOBS:
			if (!cli_jobs(optarg)) {
				strv_free(&specs);
				return (EXIT_USAGE);
			}
			break;
		case 'h':
			usage();
			return (EXIT_OK);
		default:
			usage();
			return (EXIT_USAGE);
		}
	}
	argc -= optind;
	argv += optind;
	if (pkgs.n > 0 && (argc > 0 || all)) {
		cli_warnx("--pkg takes no PATH and no --all");
		usage();
		rc = EXIT_USAGE;
		goto out;
	}
	if (pkgs.n == 0 && docs) {
		cli_warnx("--docs is for --pkg");
		usage();
		rc = EXIT_USAGE;
		goto out;
	}
	if (pkgs.n == 0 && (argc == 0) == !all) {
		cli_warnx(all ? "--all takes no PATH" : "no PATH given");
		usage();
		strv_free(&specs);
		return (EXIT_USAGE);
	}
	if (d.why && d.fmt == FMT_TREE)
		d.fmt = FMT_LIST;	/* the tree already says why */
	if ((rc = cli_open_sources(&src, specs.v, specs.n)) != EXIT_OK)
		goto out;
	if (jt_resolver_new(&r, src, &opts, &err) != 0) {
		cli_err(&err);
		rc = EXIT_ERROR;
		goto out;
	}
	if (pkgs.n > 0) {
		rc = cli_deps_packages(src, r, &pkgs, docs, d.fmt == FMT_LIST &&
		    !d.why, d.fmt == FMT_JSON, d.why);
		goto out;
	}
	if (d.fmt == FMT_JSON)
		printf("{\"closures\":[");
	if (all) {
		if (jt_resolve_all(r, one, bad_object, &d, &err) != 0) {
			cli_err(&err);
			d.errors = true;
		}
	} else {
		for (int i = 0; i < argc; i++) {
			/* a PATH given twice is resolved (and said) once */
			if (argv_seen(argv, i))
				continue;
			if (jt_resolve(r, argv[i], &c, &err) != 0) {
				cli_err(&err);
				d.errors = true;
				continue;
			}
			one(&d, c);
		}
	}
	if (d.fmt == FMT_JSON)
		printf("]}\n");
	else if (d.fmt == FMT_LIST)
		print_list(&d);
	rc = d.errors ? EXIT_ERROR : d.problems ? EXIT_UNRESOLVED : EXIT_OK;
out:
	jt_resolver_free(r);
	jt_source_free(src);
	strv_free(&specs);
	strv_free(&pkgs);
	strv_free(&d.files);
	map_free(&d.seen);
	strv_free(&d.whys);
	map_free(&d.said);
	if (fflush(stdout) != 0 && rc == EXIT_OK)
		rc = EXIT_ERROR;
	return (rc);
}
