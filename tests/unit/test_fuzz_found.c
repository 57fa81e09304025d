/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * What the fuzz targets of the service-configuration parsers and the rc.d
 * scanner found, kept as regressions: each input is the smallest form of
 * the one the fuzzer made.  The memory errors (an overread, a leak) show
 * under the sanitizer build, which the suite runs this in too.
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>

#include "jailtrim/build.h"
#include "jailtrim/svcconf.h"
#include "tap.h"

static char tmp[PATH_MAX];

/* Write rel (parents made) under tmp with len bytes of s. */
static bool
put(const char *rel, const char *s, size_t len)
{
	char p[PATH_MAX];
	FILE *f;

	if ((size_t)snprintf(p, sizeof(p), "%s/%s", tmp, rel) >= sizeof(p))
		return (false);
	for (char *c = p + strlen(tmp) + 1; (c = strchr(c, '/')) != NULL;
	    c++) {
		*c = '\0';
		(void)mkdir(p, 0755);
		*c = '/';
	}
	if ((f = fopen(p, "w")) == NULL)
		return (false);
	if (len > 0 && fwrite(s, 1, len, f) != len) {
		fclose(f);
		return (false);
	}
	return (fclose(f) == 0);
}

static struct jt_source *
root(void)
{
	struct jt_source *s;
	struct jt_err err;

	if (jt_source_new(&s, &err) != 0)
		return (NULL);
	if (jt_source_add(s, tmp, &err) != 0) {
		jt_source_free(s);
		return (NULL);
	}
	return (s);
}

/*
 * lighttpd: an array inside an array that fails to parse after its first
 * elements leaked them (lt_array did not free the element it was reading).
 */
static void
lighttpd_nested_array(void)
{
	static const char conf[] = "server.modules = ( ( \"mod_a\", "
	    "\"mod_b\" ; ) )\nx = ( \"k\" => ( \"v\" ; ) )\n";
	struct jt_source *s;
	struct jt_svcconf *sc;
	struct jt_err err;
	size_t np = 0;
	int rc = -1;

	ok(put("etc/lighttpd/lighttpd.conf", conf, sizeof(conf) - 1),
	    "lighttpd.conf written");
	/* the leak shows under the sanitizer build, at exit */
	for (int i = 0; i < 2; i++) {
		if ((s = root()) == NULL) {
			ok(false, "source on %s", tmp);
			return;
		}
		if (jt_svcconf_new(&sc, &err) != 0) {
			jt_source_free(s);
			break;
		}
		rc = jt_svcconf_lighttpd(sc, s, JT_PLAT_GLIBC, NULL, &err);
		(void)jt_svcconf_problems(sc, &np);
		jt_svcconf_free(sc);
		jt_source_free(s);
	}
	ok(rc == 0 && np > 0, "nested array with a syntax error: read, with "
	    "problems (rc %d, %zu problems)", rc, np);
}

/*
 * rc.d: a script ending in "\nrcvar=" or "\nname=svc" (no newline after)
 * was read past its end looking for the value's end.
 */
static void
rcd_value_at_end(void)
{
	static const char *const scripts[] = {
		"# PROVIDE: svc\nrcvar=",
		"# PROVIDE: svc\nname=svc",
		"# PROVIDE: svc\nrcvar=\"",
	};
	struct jt_source *s;
	struct jt_build *b;
	struct jt_err err;

	for (size_t i = 0; i < sizeof(scripts) / sizeof(scripts[0]); i++) {
		ok(put("etc/rc.d/svc", scripts[i], strlen(scripts[i])),
		    "script %zu written", i);
		if ((s = root()) == NULL || jt_build_new(&b, s, &err) != 0) {
			ok(false, "source and build on %s", tmp);
			jt_source_free(s);
			return;
		}
		jt_build_set_rc(b, true);
		ok(jt_build_add_rcd(b, "svc", "test", &err) == 0,
		    "script %zu ending in an assignment: kept", i);
		jt_build_free(b);
		jt_source_free(s);
	}
}

/*
 * named: a file ending in an unterminated comment gave a problem whose
 * line was never set (found by fuzz_named when run beside other tests).
 */
static void
named_comment_line(void)
{
	static const char conf[] = "options { directory \"/var\"; };\n/* open";
	const struct jt_svc_problem *pr;
	struct jt_svcconf *sc;
	struct jt_source *s;
	struct jt_err err;
	size_t np = 0;
	bool found = false;

	ok(put("etc/bind/named.conf", conf, strlen(conf)), "named.conf written");
	if ((s = root()) == NULL || jt_svcconf_new(&sc, &err) != 0) {
		ok(false, "source and svcconf on %s", tmp);
		jt_source_free(s);
		return;
	}
	ok(jt_svcconf_config(sc, s, "named", JT_PLAT_GLIBC,
	    "/etc/bind/named.conf", &err) == 0, "named.conf read");
	pr = jt_svcconf_problems(sc, &np);
	for (size_t i = 0; i < np; i++)
		if (strstr(pr[i].message, "unterminated comment") != NULL) {
			found = true;
			ok(pr[i].line == 2, "the unterminated comment is located "
			    "at line 2 (got %d)", pr[i].line);
		}
	ok(found, "the unterminated comment is a problem");
	jt_svcconf_free(sc);
	jt_source_free(s);
}

int
main(void)
{
	const char *t = getenv("TMPDIR");
	char cmd[PATH_MAX + 16];

	if ((size_t)snprintf(tmp, sizeof(tmp), "%s/jt-fuzz-found-XXXXXX",
	    t != NULL && t[0] == '/' ? t : "/tmp") >= sizeof(tmp) ||
	    mkdtemp(tmp) == NULL) {
		ok(false, "mkdtemp");
		return (tap_done());
	}
	lighttpd_nested_array();
	rcd_value_at_end();
	named_comment_line();
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmp);
	ok(system(cmd) == 0, "temporary root removed");
	return (tap_done());
}
