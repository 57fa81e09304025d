/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * jailtrim build FLEET [-n NAME]: every jail of a fleet manifest (or the
 * one named), each as "jailtrim build" builds one, in one pass over the
 * sources: the jails that stack the same sources share one opened
 * (decompressed) source, so four jails from one base.txz cost one read of
 * it.  A jail that fails is named and the others are still built; the
 * files the jails share (one jail.conf, the host's rc.conf lines) are
 * written last, and only when every jail in them was built.
 *
 * With --json the fleet's answer is one JSON document: each jail's report
 * (what "build --json" prints of it alone) is caught as it is printed and
 * all are printed together at the end, in the manifest's order, which is
 * not the order they are built in (jails are grouped by source stack).
 */
#include <sys/stat.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "jailtrim/build.h"
#include "jailtrim/manifest.h"
#include "jailtrim/resolve.h"
#include "jailtrim/source.h"
#include "jailtrim/write.h"
#include "cli.h"
#include "cmd_build_int.h"
#include "json.h"

struct fjail {
	const struct jt_manifest *m;
	struct build_opts o;
	struct jt_build	*jb;		/* kept for a shared jail.conf */
	char		*report;	/* --json: its report, or NULL */
	int		 rc;
	bool		 picked, done;
};

/*
 * --json: what build_run() prints on stdout goes to a temporary file
 * instead (the report is printed by code shared with the one-jail build,
 * which writes to stdout), read back by catch_end().
 */
struct catch {
	FILE	*tmp;
	int	 saved;		/* the real stdout */
};

static int
catch_begin(struct catch *c)
{
	(void)fflush(stdout);
	c->saved = -1;
	if ((c->tmp = tmpfile()) == NULL ||
	    (c->saved = dup(STDOUT_FILENO)) < 0 ||
	    dup2(fileno(c->tmp), STDOUT_FILENO) < 0) {
		cli_warnx("--json: a temporary file for a jail's report: %s",
		    strerror(errno));
		if (c->saved >= 0)
			(void)close(c->saved);
		if (c->tmp != NULL)
			(void)fclose(c->tmp);
		return (EXIT_ERROR);
	}
	return (EXIT_OK);
}

/* stdout back; what was printed, without its trailing blanks, in *out. */
static void
catch_end(struct catch *c, char **out)
{
	struct stat st;
	size_t n = 0;
	char *buf = NULL;

	(void)fflush(stdout);
	(void)dup2(c->saved, STDOUT_FILENO);
	(void)close(c->saved);
	*out = NULL;
	/* written through fd 1, not c->tmp's stream: its size is the file's */
	if (fstat(fileno(c->tmp), &st) == 0 && st.st_size > 0 &&
	    fseek(c->tmp, 0, SEEK_SET) == 0 &&
	    (buf = malloc((size_t)st.st_size + 1)) != NULL) {
		n = fread(buf, 1, (size_t)st.st_size, c->tmp);
		while (n > 0 && (buf[n - 1] == '\n' || buf[n - 1] == ' '))
			n--;
		buf[n] = '\0';
	}
	(void)fclose(c->tmp);
	if (n > 0)
		*out = buf;
	else
		free(buf);
}

/*
 * The fleet's one JSON document: {"fleet": FILE, "ok": all built and
 * written, "jails": [{"name", "ok", "exit", "report"}, ...]} with the
 * picked jails in the manifest's order; "report" is the jail's own
 * --json report (its plan with --dry-run), null when it has none.
 */
static void
print_json(const struct jt_fleet *f, const struct fjail *js, int rc)
{
	bool first = true;

	printf("{\"fleet\":");
	json_str(stdout, f->file);
	printf(",\"ok\":%s,\"jails\":[", rc == EXIT_OK ? "true" : "false");
	for (size_t k = 0; k < f->njails; k++) {
		if (!js[k].picked)
			continue;
		printf("%s{\"name\":", first ? "" : ",");
		first = false;
		json_str(stdout, js[k].m->name);
		printf(",\"ok\":%s,\"exit\":%d,\"report\":%s}",
		    js[k].rc == EXIT_OK ? "true" : "false", js[k].rc,
		    js[k].report != NULL ? js[k].report : "null");
	}
	printf("]}\n");
	(void)fflush(stdout);
}

static void
clone_strv(struct jt_strv *dst, const struct jt_strv *src)
{
	*dst = (struct jt_strv){ 0 };
	for (size_t i = 0; i < src->n; i++)
		(void)strv_push(dst, src->v[i]);
}

/* The command's flags, for one jail: its lists copied. */
static void
clone_opts(struct build_opts *o, const struct build_opts *flags)
{
	*o = *flags;
	clone_strv(&o->sources, &flags->sources);
	clone_strv(&o->paths, &flags->paths);
	clone_strv(&o->profiles, &flags->profiles);
	clone_strv(&o->pdirs, &flags->pdirs);
	clone_strv(&o->pkgs, &flags->pkgs);
	clone_strv(&o->ip4, &flags->ip4);
	clone_strv(&o->ip6, &flags->ip6);
	clone_strv(&o->params, &flags->params);
	clone_strv(&o->defines, &flags->defines);
	o->jc_params = o->jc_ip4 = o->jc_ip6 = (struct jt_strv){ 0 };
	o->name = NULL;
}

static bool
same_path(const char *a, const char *b)
{
	return (a != NULL && b != NULL && strcmp(a, b) == 0);
}

static bool
same_stack(const struct jt_strv *a, const struct jt_strv *b)
{
	if (a->n != b->n)
		return (false);
	for (size_t i = 0; i < a->n; i++)
		if (strcmp(a->v[i], b->v[i]) != 0)
			return (false);
	return (true);
}

/*
 * A jail's own outputs (dir, tarball, mtree) are its alone: a shared
 * path is a missing ${name}, refused before anything is read.
 */
static int
check_own(const struct jt_fleet *f)
{
	for (size_t k = 0; k < f->njails; k++)
		for (size_t j = 0; j < k; j++) {
			const struct jt_manifest *a = f->jails[j], *b =
			    f->jails[k];
			const char *dup = same_path(a->out_dir, b->out_dir) ?
			    a->out_dir : same_path(a->out_tarball,
			    b->out_tarball) ? a->out_tarball :
			    same_path(a->out_mtree, b->out_mtree) ?
			    a->out_mtree : NULL;

			if (dup != NULL) {
				cli_warnx("%s: jails %s and %s both write %s "
				    "(${name} in a shared output gives each "
				    "its own)", f->file, a->name, b->name, dup);
				return (EXIT_USAGE);
			}
		}
	return (EXIT_OK);
}

/* Whether jail k's jail.conf is a file other jails of f write too. */
static bool
shared_jailconf(const struct jt_fleet *f, size_t k)
{
	for (size_t j = 0; j < f->njails; j++)
		if (j != k && same_path(f->jails[j]->out_jailconf,
		    f->jails[k]->out_jailconf))
			return (true);
	return (false);
}

int
build_rcconf(const struct jt_manifest *const *jails, size_t n,
    const char *path, const char *file)
{
	struct jt_err err;
	char *text = NULL;
	int rc;

	cli_progress_begin("writing the host's rc.conf lines");
	if ((rc = jt_fleet_rcconf(jails, n, file, &text, &err)) == 0)
		rc = jt_write_text(path, text, &err);
	cli_progress_end();
	free(text);
	if (rc != 0) {
		cli_err(&err);
		return (EXIT_ERROR);
	}
	return (EXIT_OK);
}

/* The jails of path (get names it): in idx, *ni of them; or why not. */
static int
gather(struct fjail *js, size_t n, const char *path,
    const char *(*get)(const struct jt_manifest *), size_t *idx, size_t *ni)
{
	*ni = 0;
	for (size_t k = 0; k < n; k++) {
		if (!same_path(get(js[k].m), path))
			continue;
		if (js[k].rc != EXIT_OK) {
			cli_warnx("%s: not written: jail %s was not built",
			    path, js[k].m->name);
			return (EXIT_ERROR);
		}
		idx[(*ni)++] = k;
	}
	return (EXIT_OK);
}

static const char *
get_jailconf(const struct jt_manifest *m)
{
	return (m->out_jailconf);
}

static const char *
get_rcconf(const struct jt_manifest *m)
{
	return (m->out_rcconf);
}

static int
write_jailconf(struct fjail *js, const size_t *idx, size_t ni,
    const char *path)
{
	const struct jt_output **outs;
	struct jt_err err;
	int rc = EXIT_OK;

	if ((outs = calloc(ni + 1, sizeof(*outs))) == NULL)
		return (EXIT_ERROR);
	for (size_t i = 0; i < ni; i++)
		outs[i] = &js[idx[i]].o.out;
	cli_progress_begin("writing the fleet's jail.conf");
	if (jt_write_jailconf_many(outs, ni, path, &err) != 0) {
		cli_err(&err);
		rc = EXIT_ERROR;
	}
	cli_progress_end();
	free(outs);
	return (rc);
}

static int
write_rcconf(struct fjail *js, const size_t *idx, size_t ni,
    const char *path, const char *file)
{
	const struct jt_manifest **ms;
	int rc;

	if ((ms = calloc(ni + 1, sizeof(*ms))) == NULL)
		return (EXIT_ERROR);
	for (size_t i = 0; i < ni; i++)
		ms[i] = js[idx[i]].m;
	rc = build_rcconf(ms, ni, path, file);
	free(ms);
	return (rc);
}

/* Each shared jail.conf once, each rc.conf file once: by its first jail. */
static int
write_shared(struct fjail *js, size_t n, const char *file)
{
	size_t *idx, ni;
	int rc = EXIT_OK;

	if ((idx = calloc(n, sizeof(*idx))) == NULL)
		return (EXIT_ERROR);
	for (size_t k = 0; k < n; k++) {
		const struct jt_manifest *m = js[k].m;
		bool first_jc = js[k].o.shared_conf, first_rc =
		    m->out_rcconf != NULL;

		for (size_t j = 0; j < k; j++) {
			first_jc &= !same_path(js[j].m->out_jailconf,
			    m->out_jailconf);
			first_rc &= !same_path(js[j].m->out_rcconf,
			    m->out_rcconf);
		}
		if (first_jc && (gather(js, n, m->out_jailconf, get_jailconf,
		    idx, &ni) != EXIT_OK ||
		    write_jailconf(js, idx, ni, m->out_jailconf) != EXIT_OK))
			rc = EXIT_ERROR;
		if (first_rc && (gather(js, n, m->out_rcconf, get_rcconf, idx,
		    &ni) != EXIT_OK ||
		    write_rcconf(js, idx, ni, m->out_rcconf, file) != EXIT_OK))
			rc = EXIT_ERROR;
	}
	free(idx);
	return (rc);
}

/* Every picked jail stacking k's sources, from one opening of them. */
static void
build_stack(struct fjail *js, size_t n, size_t k)
{
	struct jt_source *src = NULL;
	struct jt_resolver *r = NULL;
	struct jt_err err;
	int orc;

	/* One resolver too: what a jail resolved, the next finds in its memo. */
	orc = cli_open_sources_build(&src, js[k].o.sources.v,
	    js[k].o.sources.n);
	if (orc == EXIT_OK && jt_resolver_new(&r, src, NULL, &err) != 0) {
		cli_err(&err);
		orc = EXIT_ERROR;
	}
	for (size_t j = k; j < n; j++) {
		if (!js[j].picked || js[j].done || js[j].rc != EXIT_OK ||
		    !same_stack(&js[j].o.sources, &js[k].o.sources))
			continue;
		js[j].done = true;
		if (orc != EXIT_OK) {
			js[j].rc = EXIT_ERROR;
			continue;
		}
		if (!js[j].o.quiet && !js[j].o.dry_run && !js[j].o.json)
			printf("jail %s:\n", js[j].m->name);
		if (js[j].o.json) {
			struct catch c;

			if ((js[j].rc = catch_begin(&c)) != EXIT_OK)
				continue;
			js[j].rc = build_run(&js[j].o, src, r, &js[j].jb);
			catch_end(&c, &js[j].report);
		} else
			js[j].rc = build_run(&js[j].o, src, r, &js[j].jb);
		if (!js[j].o.shared_conf || js[j].rc != EXIT_OK) {
			jt_build_free(js[j].jb);
			js[j].jb = NULL;
		}
		fflush(stdout);
	}
	/* a kept build holds neither: its jail.conf needs its spec alone */
	jt_resolver_free(r);
	jt_source_free(src);
}

int
build_fleet(struct build_opts *flags, const struct jt_fleet *f)
{
	const char *only = flags->name;
	struct fjail *js;
	size_t n = f->njails, nfail = 0;
	int rc = EXIT_OK;

	if (flags->outdir != NULL || flags->tarball != NULL ||
	    flags->mtree != NULL || flags->jailconf != NULL) {
		cli_warnx("%s: a fleet's outputs are its manifest's (-o, -t, "
		    "-m and -j are for one jail)", f->file);
		return (EXIT_USAGE);
	}
	if (only != NULL && jt_fleet_find(f, only) == NULL) {
		cli_warnx("%s: no jail %s in the fleet", f->file, only);
		return (EXIT_USAGE);
	}
	if ((rc = check_own(f)) != EXIT_OK)
		return (rc);
	if ((js = calloc(n, sizeof(*js))) == NULL) {
		cli_warnx("out of memory");
		return (EXIT_ERROR);
	}
	/* Every jail's arguments first: a typo costs no read of a source. */
	for (size_t k = 0; k < n; k++) {
		js[k].m = f->jails[k];
		js[k].picked = only == NULL || strcmp(only, js[k].m->name) == 0;
		if (!js[k].picked)
			continue;
		clone_opts(&js[k].o, flags);
		build_merge(&js[k].o, js[k].m);
		if ((js[k].o.shared_conf = shared_jailconf(f, k)))
			js[k].o.jailconf = NULL;	/* written last */
		js[k].rc = build_prepare(&js[k].o);
		/* the one document is all stdout holds */
		if (js[k].rc == EXIT_OK && flags->json && (same_path(
		    js[k].o.mtree, "-") || same_path(js[k].o.jailconf, "-"))) {
			cli_warnx("jail %s: --json: an output on stdout (-) "
			    "would be mixed into the fleet's JSON",
			    js[k].m->name);
			js[k].rc = EXIT_USAGE;
		}
	}
	for (size_t k = 0; k < n; k++)
		if (js[k].picked && !js[k].done && js[k].rc == EXIT_OK)
			build_stack(js, n, k);
	for (size_t k = 0; k < n; k++)
		if (js[k].picked && js[k].rc != EXIT_OK) {
			cli_warnx("jail %s: not built", js[k].m->name);
			if (rc == EXIT_OK)
				rc = js[k].rc;
			nfail++;
		}
	if (flags->dry_run)
		;
	else if (only != NULL)
		cli_warnx("note: -n %s: the files the fleet's jails share "
		    "(jail.conf, rc.conf lines) are left as they are", only);
	else if (write_shared(js, n, f->file) != EXIT_OK && rc == EXIT_OK)
		rc = EXIT_ERROR;
	if (nfail > 0)
		cli_warnx("%zu of %zu jails not built", nfail,
		    only != NULL ? (size_t)1 : n);
	if (flags->json)
		print_json(f, js, rc);
	for (size_t k = 0; k < n; k++) {
		free(js[k].report);
		jt_build_free(js[k].jb);
		if (js[k].picked)
			build_opts_free(&js[k].o);
	}
	free(js);
	return (rc);
}
