/*
 * jailtrim verify [-p PROFILE]... [-P DIR]... [--json] ROOT|TARBALL
 *
 * Static verification, using only what is inside the jail: every ELF
 * object's closure and symbols under the jail's own rules (hints,
 * libmap, ld.so.conf), and each profile checked against the jail rather
 * than planned from it.  Each failure names what is missing and why it
 * is needed.  Starting the jail (--start) is not implemented yet.
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "jailtrim/build.h"
#include "jailtrim/resolve.h"
#include "cli.h"
#include "json.h"

struct verify {
	struct jt_strv	 failures;
	size_t		 objects;
};

static void
usage(void)
{
	fprintf(stderr, "usage: jailtrim verify [-p PROFILE]... [-P DIR]... "
	    "[--json] ROOT|TARBALL\n");
}

static void
keep(void *arg, const char *msg)
{
	struct verify *v = arg;

	(void)strv_push_uniq(&v->failures, msg);
}

static int
one_closure(void *arg, struct jt_closure *c)
{
	struct verify *v = arg;

	v->objects++;
	jt_closure_problems(c, keep, v);
	jt_closure_free(c);
	return (0);
}

static void
bad_object(void *arg, const struct jt_err *err)
{
	struct verify *v = arg;
	char buf[JT_ERR_PATH_MAX + JT_ERR_MSG_MAX + 8];

	(void)strv_push_uniq(&v->failures, jt_err_str(err, buf, sizeof(buf)));
}

int
cmd_verify(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "json", no_argument, NULL, 'J' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct jt_strv profiles = { 0 }, pdirs = { 0 };
	const char *const *probs;
	struct verify v = { 0 };
	struct jt_resolver *r = NULL;
	struct jt_source *src = NULL;
	struct jt_build *b = NULL;
	struct jt_err err;
	bool json = false;
	size_t n;
	int ch, rc = EXIT_USAGE;

	optind = 1;
	while ((ch = getopt_long(argc, argv, "p:P:h", longopts, NULL)) != -1) {
		switch (ch) {
		case 'p': (void)strv_push(&profiles, optarg); break;
		case 'P': (void)strv_push(&pdirs, optarg); break;
		case 'J': json = true; break;
		case 'h': usage(); rc = EXIT_OK; goto out;
		default: usage(); goto out;
		}
	}
	if (argc - optind != 1) {
		usage();
		goto out;
	}
	rc = EXIT_ERROR;
	if (cli_open_sources(&src, argv + optind, 1) != EXIT_OK)
		goto out;
	if (jt_build_new(&b, src, &err) != 0 ||
	    jt_resolver_new(&r, src, NULL, &err) != 0) {
		cli_err(&err);
		goto out;
	}
	jt_build_set_verify(b, true);
	if (cli_add_profiles(b, &profiles, &pdirs) != EXIT_OK)
		goto out;
	probs = jt_build_problems(b, &n);
	for (size_t i = 0; i < n; i++)
		(void)strv_push_uniq(&v.failures, probs[i]);
	if (jt_resolve_all(r, one_closure, bad_object, &v, &err) != 0) {
		cli_err(&err);
		goto out;
	}
	if (json) {
		printf("{\"root\":");
		json_str(stdout, argv[optind]);
		printf(",\"objects\":%zu,\"ok\":%s,\"failures\":[", v.objects,
		    v.failures.n == 0 ? "true" : "false");
		for (size_t i = 0; i < v.failures.n; i++) {
			printf("%s", i ? "," : "");
			json_str(stdout, v.failures.v[i]);
		}
		printf("]}\n");
	} else {
		for (size_t i = 0; i < v.failures.n; i++)
			cli_warnx("verify: %s", v.failures.v[i]);
		printf("%s: %zu objects, %zu profile%s: %s\n", argv[optind],
		    v.objects, profiles.n, profiles.n == 1 ? "" : "s",
		    v.failures.n == 0 ? "ok" : "FAILED");
	}
	rc = v.failures.n == 0 ? EXIT_OK : EXIT_UNRESOLVED;
out:
	jt_resolver_free(r);
	jt_build_free(b);
	jt_source_free(src);
	strv_free(&profiles);
	strv_free(&pdirs);
	strv_free(&v.failures);
	return (rc);
}
