/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * jailtrim profiles [-P DIR]...
 * jailtrim profiles show [-P DIR]... [--platform freebsd|linux] NAME
 *
 * Lists the profiles build, verify and shrink would find, in the order
 * they would look (an earlier directory's NAME hides a later one's), and
 * prints one as those commands see it: includes expanded, one section
 * per platform, each line with the file and line it came from; the
 * variables (var NAME DEFAULT) first, the directives with their defaults.
 */
#include <getopt.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jailtrim/profile.h"
#include "cli.h"

static const struct {
	const char	*name;
	enum jt_platform plat;
} plats[] = {
	{ "freebsd", JT_PLAT_FREEBSD },
	{ "linux", JT_PLAT_GLIBC },
};
#define NPLATS	(sizeof(plats) / sizeof(plats[0]))

static void
usage(void)
{
	fprintf(stderr, "usage: jailtrim profiles [-P DIR]...\n"
	    "       jailtrim profiles show [-P DIR]... "
	    "[--platform freebsd|linux] NAME\n");
}

/*
 * A platform a profile serves: loaded for it, the profile's own file
 * gives at least one item (a section that only includes base, or that
 * is empty, does not count).
 */
static bool
serves(const struct jt_profile *p, const char *path)
{
	for (size_t i = 0; i < p->nitems; i++)
		if (strcmp(p->items[i].file, path) == 0)
			return (true);
	return (false);
}

static int
list(const struct jt_strv *dirs)
{
	const char *const *dv = (const char *const *)(void *)dirs->v;
	struct jt_profile_ref *refs;
	struct jt_profile *p;
	struct jt_err err;
	char path[PATH_MAX];
	size_t n;
	int rc = EXIT_OK;

	if (jt_profile_list(&refs, &n, dv, dirs->n, &err) != 0) {
		cli_err(&err);
		return (EXIT_ERROR);
	}
	for (size_t i = 0; i < n; i++) {
		const char *desc = NULL;
		char pl[32] = "";

		if (!path_join(path, sizeof(path), refs[i].dir,
		    refs[i].name) || strlen(path) + 9 > sizeof(path))
			continue;
		strcat(path, ".profile");
		for (size_t k = 0; k < NPLATS; k++) {
			if (jt_profile_load(&p, path, dv, dirs->n,
			    plats[k].plat, &err) != 0) {
				/* listed all the same: show says why */
				cli_err(&err);
				rc = EXIT_ERROR;
				continue;
			}
			if (serves(p, path) && strlen(pl) + 10 < sizeof(pl))
				strcat(strcat(pl, pl[0] ? "," : ""),
				    plats[k].name);
			if (desc == NULL && p->description != NULL)
				desc = strdup(p->description);
			jt_profile_free(p);
		}
		printf("%-10s %-14s %-40s %s\n", refs[i].name, pl[0] ? pl : "-",
		    refs[i].dir, desc ? desc : "");
		free((void *)(uintptr_t)desc);
	}
	if (n == 0) {
		cli_warnx("no profiles in:");
		for (size_t i = 0; i < dirs->n; i++)
			fprintf(stderr, "    %s\n", dirs->v[i]);
	}
	jt_profile_list_free(refs, n);
	return (rc);
}

static void
show_one(const struct jt_profile *p)
{
	/* The variables first: what -D NAME=VALUE can change, and to what. */
	for (size_t i = 0; i < p->nvars; i++)
		printf("var %s %s\t# %s:%d\n", p->vars[i].name, p->vars[i].def,
		    p->vars[i].file, p->vars[i].line);
	for (size_t i = 0; i < p->nitems; i++) {
		const struct jt_profile_item *it = &p->items[i];

		printf("%s", jt_profile_item_word(it->kind));
		if (it->rest != NULL)
			printf(" %s", it->rest);
		else
			for (size_t a = 0; a < it->nargs; a++)
				printf(" %s", it->args[a]);
		printf("\t# %s:%d\n", it->file, it->line);
	}
}

static int
show(const struct jt_strv *pdirs, const char *name, const char *only)
{
	struct jt_strv dirs = { 0 }, one = { 0 };
	const char *const *dv;
	struct jt_profile *p;
	struct jt_err err;
	char path[PATH_MAX];
	bool first = true;
	int rc;

	(void)strv_push(&one, name);
	rc = cli_check_profiles(&one, pdirs);
	strv_free(&one);
	if (rc != EXIT_OK)
		return (rc);
	cli_profile_search(&dirs, pdirs);
	dv = (const char *const *)(void *)dirs.v;
	(void)jt_profile_find(name, dv, dirs.n, path, sizeof(path));
	for (size_t k = 0; k < NPLATS && rc == EXIT_OK; k++) {
		if (only != NULL && strcmp(only, plats[k].name) != 0)
			continue;
		if (jt_profile_load(&p, path, dv, dirs.n, plats[k].plat,
		    &err) != 0) {
			cli_err(&err);
			rc = EXIT_ERROR;
			break;
		}
		if (first)
			printf("# %s (%s)%s%s\n", p->name, path,
			    p->description ? ": " : "",
			    p->description ? p->description : "");
		first = false;
		printf("[%s]\n", plats[k].name);
		show_one(p);
		jt_profile_free(p);
	}
	strv_free(&dirs);
	return (rc);
}

int
cmd_profiles(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "platform", required_argument, NULL, 'T' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct jt_strv pdirs = { 0 }, dirs = { 0 };
	const char *only = NULL;
	int ch, rc = EXIT_USAGE;
	bool is_show;

	/* "show" first, its options after it (getopt would take it along). */
	is_show = argc > 1 && strcmp(argv[1], "show") == 0;
	if (is_show) {
		argc--;
		argv++;
	}
	optind = 1;
	while ((ch = getopt_long(argc, argv, "P:h", longopts, NULL)) != -1) {
		switch (ch) {
		case 'P': (void)strv_push(&pdirs, optarg); break;
		case 'T':
			if (strcmp(optarg, "freebsd") != 0 &&
			    strcmp(optarg, "linux") != 0) {
				cli_warnx("bad --platform '%s' (freebsd or "
				    "linux)", optarg);
				goto out;
			}
			only = optarg;
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
	if (argc - optind != (is_show ? 1 : 0) || (only != NULL && !is_show)) {
		usage();
		goto out;
	}
	/* the lookup of build: -P first, then the defaults */
	cli_profile_search(&dirs, &pdirs);
	rc = is_show ? show(&pdirs, argv[optind], only) : list(&dirs);
out:
	strv_free(&pdirs);
	strv_free(&dirs);
	return (rc);
}
