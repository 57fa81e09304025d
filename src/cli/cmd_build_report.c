/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * What jailtrim build prints of a jail: the report after writing it (its
 * size against the source's, the largest files, --why's reasons) and the
 * plan of a --dry-run, as text or JSON.  Apart from cmd_build.c, which
 * decides what is built.
 */
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "jailtrim/build.h"
#include "jailtrim/source.h"
#include "cli.h"
#include "cli_ids.h"
#include "cmd_build_int.h"
#include "json.h"

/* Regular files and their bytes, each inode once. */
struct tally {
	uint64_t	files, bytes;
	struct jt_map	seen;
};

static int
tally_one(void *arg, const char *path, const struct jt_stat *st)
{
	struct tally *t = arg;
	char id[PATH_MAX + 32];

	if (st->type != JT_FT_REG)
		return (0);
	if (jt_stat_inode_key(st, path, id, sizeof(id))) {
		if (map_get(&t->seen, id) != NULL)
			return (0);
		(void)map_put(&t->seen, id, t);
	}
	t->files++;
	t->bytes += (uint64_t)st->size;
	return (0);
}

static int
by_size(const void *a, const void *b)
{
	const struct jt_plan_entry *x = *(const struct jt_plan_entry *const *)a;
	const struct jt_plan_entry *y = *(const struct jt_plan_entry *const *)b;

	return (x->size < y->size ? 1 : x->size > y->size ? -1 :
	    strcmp(x->path, y->path));
}

/* bytes as "7.9 MiB": the figure a reader compares. */
static const char *
human(uint64_t bytes, char *buf, size_t len)
{
	static const char units[][4] = { "B", "KiB", "MiB", "GiB", "TiB" };
	double v = (double)bytes;
	size_t u = 0;

	while (v >= 1024.0 && u + 1 < sizeof(units) / sizeof(units[0])) {
		v /= 1024.0;
		u++;
	}
	if (u == 0)
		snprintf(buf, len, "%ju B", (uintmax_t)bytes);
	else
		snprintf(buf, len, "%.1f %s", v, units[u]);
	return (buf);
}

/*
 * Whether the source is counted for the report.  An archive's members are
 * in memory already, so counting them is cheap; a directory (such as "/",
 * the default) would be walked whole only to print one figure, so it is
 * counted on request (--source-size).
 */
static bool
count_source(const struct build_opts *b)
{
	struct stat st;

	if (b->source_size)
		return (true);
	if (b->sources.n == 0)
		return (false);		/* "/" */
	for (size_t i = 0; i < b->sources.n; i++)
		if (stat(b->sources.v[i], &st) == 0 && S_ISDIR(st.st_mode))
			return (false);
	return (true);
}

/*
 * What the jail holds against its source: files and bytes, the largest
 * files, and with --why every entry's reason.  JSON with --json.
 */
void
build_report(struct build_opts *b, struct jt_source *src, struct jt_build *jb)
{
	struct jt_plan *p = jt_build_plan(jb);
	const struct jt_plan_entry *ents, **big;
	struct tally ts = { 0 };
	struct jt_err err;
	uint64_t files = 0, bytes = 0;
	size_t n, nbig = 0;
	bool counted = count_source(b);
	char hs[32], hj[32];

	if (jt_plan_finish(p, &ents, &n, &err) != 0 ||
	    (big = calloc(n + 1, sizeof(*big))) == NULL)
		return;
	/* The jail is written; a source that cannot be counted whole says so. */
	if (counted && jt_source_walk(src, tally_one, &ts, &err) != 0) {
		cli_err(&err);
		cli_warnx("the source's count is of the part read before that");
	}
	map_free(&ts.seen);
	for (size_t i = 0; i < n; i++) {
		if (ents[i].type != JT_FT_REG || ents[i].hardlink != NULL)
			continue;
		files++;
		bytes += (uint64_t)ents[i].size;
		big[nbig++] = &ents[i];
	}
	qsort(big, nbig, sizeof(*big), by_size);
	if (nbig > 10)
		nbig = 10;
	if (b->json) {
		if (counted)
			printf("{\"source\":{\"files\":%ju,\"bytes\":%ju},",
			    (uintmax_t)ts.files, (uintmax_t)ts.bytes);
		else
			printf("{\"source\":null,");
		printf("\"jail\":{\"files\":%ju,\"bytes\":%ju,"
		    "\"entries\":%zu},", (uintmax_t)files, (uintmax_t)bytes, n);
		if (b->nproblems > 0)
			printf("\"incomplete\":%zu,", b->nproblems);
		printf("\"largest\":[");
		for (size_t i = 0; i < nbig; i++) {
			printf("%s{\"path\":", i ? "," : "");
			json_str(stdout, big[i]->path);
			printf(",\"bytes\":%jd}", (intmax_t)big[i]->size);
		}
		printf("],");
		cli_report_packages(jb, b->json, b->docs);
		cli_report_renumbered(jb, b->json);
		printf("\"entries\":[");
		for (size_t i = 0; i < n; i++) {
			printf("%s{\"path\":", i ? "," : "");
			json_str(stdout, ents[i].path);
			printf(",\"why\":");
			json_str(stdout, ents[i].why);
			putchar('}');
		}
		printf("]}\n");
		free(big);
		return;
	}
	if (counted) {
		printf("source: %ju files, %ju bytes (%s)\n",
		    (uintmax_t)ts.files, (uintmax_t)ts.bytes,
		    human(ts.bytes, hs, sizeof(hs)));
		printf("jail:   %ju files, %ju bytes (%s, %.1f%% of the "
		    "source's), %zu entries\n", (uintmax_t)files,
		    (uintmax_t)bytes, human(bytes, hj, sizeof(hj)),
		    ts.bytes ? 100.0 * (double)bytes / (double)ts.bytes : 0.0,
		    n);
	} else {
		printf("source: a directory, not counted (--source-size "
		    "counts it)\n");
		printf("jail:   %ju files, %ju bytes (%s), %zu entries\n",
		    (uintmax_t)files, (uintmax_t)bytes,
		    human(bytes, hj, sizeof(hj)), n);
	}
	if (b->nproblems > 0)
		printf("incomplete: %zu problem%s, written anyway "
		    "(--allow-incomplete)\n", b->nproblems,
		    b->nproblems == 1 ? "" : "s");
	printf("largest:\n");
	for (size_t i = 0; i < nbig; i++)
		printf("  %10jd %s\n", (intmax_t)big[i]->size, big[i]->path);
	cli_report_packages(jb, b->json, b->docs);
	cli_report_renumbered(jb, b->json);
	for (size_t i = 0; b->why && i < n; i++)
		printf("%s: %s\n", ents[i].path, ents[i].why);
	free(big);
}

static void
print_plan(const struct jt_plan_entry *e, size_t n, size_t nproblems)
{
	static const char types[] = "?fdlcbps";
	uint64_t bytes = 0;

	for (size_t i = 0; i < n; i++) {
		printf("%c %04o %s:%s %8jd %s", types[e[i].type],
		    (unsigned)e[i].mode & 07777, e[i].uname[0] ? e[i].uname :
		    "?", e[i].gname[0] ? e[i].gname : "?",
		    (intmax_t)e[i].size, e[i].path);
		if (e[i].link != NULL)
			printf(" -> %s", e[i].link);
		if (e[i].hardlink != NULL)
			printf(" == %s", e[i].hardlink);
		if (e[i].fflags[0] != '\0')
			printf(" [%s]", e[i].fflags);
		printf("  # %s\n", e[i].why);
		if (e[i].hardlink == NULL)
			bytes += (uint64_t)e[i].size;
	}
	printf("# %zu entries, %ju bytes\n", n, (uintmax_t)bytes);
	if (nproblems > 0)
		printf("# incomplete: %zu problem%s, would be written anyway "
		    "(--allow-incomplete)\n", nproblems,
		    nproblems == 1 ? "" : "s");
}

/* The plan as JSON: the same fields as the text, for tools. */
static void
print_plan_json(const struct jt_plan_entry *e, size_t n, size_t nproblems)
{
	static const char *const types[] = { "unknown", "file", "dir",
	    "link", "char", "block", "fifo", "socket" };
	uint64_t bytes = 0;

	printf("{\"entries\":[");
	for (size_t i = 0; i < n; i++) {
		printf("%s{\"path\":", i > 0 ? "," : "");
		json_str(stdout, e[i].path);
		printf(",\"type\":\"%s\",\"mode\":\"%04o\",\"uid\":%ju,"
		    "\"gid\":%ju,\"uname\":", (unsigned)e[i].type <
		    sizeof(types) / sizeof(types[0]) ? types[e[i].type] :
		    "unknown", (unsigned)e[i].mode & 07777,
		    (uintmax_t)e[i].uid, (uintmax_t)e[i].gid);
		json_str(stdout, e[i].uname[0] ? e[i].uname : NULL);
		printf(",\"gname\":");
		json_str(stdout, e[i].gname[0] ? e[i].gname : NULL);
		printf(",\"size\":%jd,\"link\":", (intmax_t)e[i].size);
		json_str(stdout, e[i].link);
		printf(",\"hardlink\":");
		json_str(stdout, e[i].hardlink);
		printf(",\"flags\":");
		json_str(stdout, e[i].fflags);
		printf(",\"why\":");
		json_str(stdout, e[i].why);
		printf("}");
		if (e[i].hardlink == NULL)
			bytes += (uint64_t)e[i].size;
	}
	printf("],");
	if (nproblems > 0)
		printf("\"incomplete\":%zu,", nproblems);
	printf("\"entries_count\":%zu,\"bytes\":%ju}\n", n,
	    (uintmax_t)bytes);
}

void
build_print_plan(const struct jt_plan_entry *e, size_t n, bool json,
    size_t nproblems)
{
	if (json)
		print_plan_json(e, n, nproblems);
	else
		print_plan(e, n, nproblems);
}
