/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The manifest's switches for build's --allow-incomplete, --bare and
 * --no-ca: "yes" or "no", once each, in one-jail manifests and in a
 * fleet, where a block overrides the shared value; errors name file:line.
 */
#include <string.h>

#include "jailtrim/manifest.h"
#include "tap.h"

static const char one[] =
    "name      j\n"
    "source    /b.txz\n"
    "profile   sshd\n"
    "allow-incomplete yes\n"
    "bare      yes   # no skeleton\n"
    "no-ca     yes\n"
    "output    dir /jails/j\n";

static const char fleet[] =
    "source    /b.txz\n"
    "output    dir /jails/${name}\n"
    "bare      yes\n"
    "no-ca     no\n"
    "jail a {\n"
    "\tprofile sshd\n"
    "}\n"
    "jail b {\n"
    "\tprofile sshd\n"
    "\tbare no\n"
    "\tno-ca yes\n"
    "\tallow-incomplete yes\n"
    "}\n";

static void
test_one(void)
{
	struct jt_manifest *m;
	struct jt_err err = { 0 };
	static const char none[] = "source /b.txz\nprofile sshd\n"
	    "output dir /j\n";

	if (ok(jt_manifest_parse(&m, one, sizeof(one) - 1, "/m/one.jail",
	    &err) == 0, "switches parse (%s: %s)", err.path, err.msg)) {
		ok(m->allow_incomplete, "allow-incomplete yes");
		ok(m->bare, "bare yes");
		ok(m->no_ca, "no-ca yes");
		jt_manifest_free(m);
	}
	if (ok(jt_manifest_parse(&m, none, sizeof(none) - 1, "/m/n.jail",
	    &err) == 0, "a manifest without them parses (%s)", err.msg)) {
		ok(!m->allow_incomplete && !m->bare && !m->no_ca,
		    "without them, all off");
		jt_manifest_free(m);
	}
}

static void
test_fleet(void)
{
	struct jt_fleet *f;
	struct jt_err err = { 0 };
	const struct jt_manifest *a, *b;

	if (!ok(jt_fleet_parse(&f, fleet, sizeof(fleet) - 1, "/m/f.jail",
	    &err) == 0, "fleet parses (%s: %s)", err.path, err.msg))
		return;
	a = jt_fleet_find(f, "a");
	b = jt_fleet_find(f, "b");
	if (ok(a != NULL && b != NULL, "both jails")) {
		ok(a->bare && !a->no_ca && !a->allow_incomplete,
		    "a: the shared bare yes, no-ca no");
		ok(!b->bare && b->no_ca && b->allow_incomplete,
		    "b: its block's values win");
	}
	jt_fleet_free(f);
}

/* text is refused with "file:line: ..." holding want. */
static void
refused(const char *text, const char *where, const char *want)
{
	struct jt_manifest *m = NULL;
	struct jt_fleet *f = NULL;
	struct jt_err err = { 0 };

	ok(jt_manifest_parse(&m, text, strlen(text), "/m/bad.jail", &err) != 0 &&
	    m == NULL, "refused: %s", want);
	ok(strcmp(err.path, where) == 0 && strstr(err.msg, want) != NULL,
	    "'%s: %s' names %s and says '%s'", err.path, err.msg, where, want);
	memset(&err, 0, sizeof(err));
	ok(jt_fleet_parse(&f, text, strlen(text), "/m/bad.jail", &err) != 0 &&
	    strcmp(err.path, where) == 0 && strstr(err.msg, want) != NULL,
	    "the fleet parser too: '%s: %s'", err.path, err.msg);
	jt_fleet_free(f);
}

static void
test_errors(void)
{
	refused("source /b.txz\nbare true\noutput dir /j\n", "/m/bad.jail:2",
	    "bad bare 'true' (yes or no)");
	refused("source /b.txz\noutput dir /j\n\nno-ca\n", "/m/bad.jail:4",
	    "wrong number of arguments: no-ca yes|no");
	refused("allow-incomplete yes\nsource /b.txz\nallow-incomplete no\n",
	    "/m/bad.jail:3", "duplicate 'allow-incomplete' (first on line 1)");
	refused("source /b.txz\nbare yes no\n", "/m/bad.jail:2",
	    "wrong number of arguments: bare yes|no");
	refused("source /b.txz\nallow-incomplete 1\n", "/m/bad.jail:2",
	    "bad allow-incomplete '1'");
}

int
main(void)
{
	test_one();
	test_fleet();
	test_errors();
	return (tap_done());
}
