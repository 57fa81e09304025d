/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Fleet manifests: blocks over shared settings, ${name}, address plans,
 * the uid pool, errors by line, the host's rc.conf lines.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jailtrim/manifest.h"
#include "tap.h"

static const char prisoners[] =
    "source    /usr/freebsd-dist/base.txz\n"
    "mode      exec\n"
    "output    dir       /usr/local/jails/${name}\n"
    "output    jailconf  /etc/jail.conf.d/prisoners.conf\n"
    "output    rcconf    /etc/rc.conf.d/prisoners\n"
    "uid-range 10000 10000\n"
    "ip4-plan  lo1 127.0.1.0/24\n"
    "resolv    etc/resolv.conf\n"
    "param     allow.raw_sockets=0\n"
    "param     exec.consolelog=/var/log/jail_${name}_console.log\n"
    "\n"
    "jail prisoner1 {\n"
    "\thostname prisoner1.example.org\n"
    "\tprofile  sshd\n"
    "}\n"
    "jail prisoner2 {   # with its own address\n"
    "\thostname prisoner2.example.org\n"
    "\tprofile  unbound\n"
    "\tip4      lo1|127.0.1.1/32\n"
    "\tmode     rc\n"
    "}\n"
    "jail prisoner3 {\n"
    "\tprofile  named\n"
    "\tsource   /pkgs/bind.pkg\n"
    "\toutput   dir /elsewhere/p3\n"
    "\tuid-range 90000 500\n"
    "}\n"
    "jail prisoner4 {\n"
    "\tprofile  httpd\n"
    "}\n";

static bool
str_is(const char *s, const char *want)
{
	if (s == NULL || strcmp(s, want) != 0) {
		printf("# '%s', want '%s'\n", s ? s : "(null)", want);
		return (false);
	}
	return (true);
}

static void
test_prisoners(void)
{
	struct jt_fleet *f;
	struct jt_err err = { 0 };
	const struct jt_manifest *p1, *p2, *p3, *p4;
	char *rc = NULL;

	if (!ok(jt_fleet_parse(&f, prisoners, strlen(prisoners),
	    "/m/prisoners.jail", &err) == 0, "the prisoners parse (%s: %s)",
	    err.path, err.msg))
		return;
	ok(f->blocks && f->njails == 4, "four jails, %zu", f->njails);
	p1 = f->jails[0];
	p2 = f->jails[1];
	p3 = f->jails[2];
	p4 = f->jails[3];
	ok(str_is(p1->name, "prisoner1") && str_is(p4->name, "prisoner4"),
	    "named by their blocks, in order");
	ok(jt_fleet_find(f, "prisoner3") == p3 &&
	    jt_fleet_find(f, "nobody") == NULL, "found by name");
	ok(str_is(p1->out_dir, "/usr/local/jails/prisoner1") &&
	    str_is(p2->out_dir, "/usr/local/jails/prisoner2") &&
	    str_is(p3->out_dir, "/elsewhere/p3"),
	    "${name} in a shared output; a block overrides it");
	ok(str_is(p1->out_jailconf, "/etc/jail.conf.d/prisoners.conf") &&
	    str_is(p4->out_jailconf, "/etc/jail.conf.d/prisoners.conf") &&
	    str_is(p4->out_rcconf, "/etc/rc.conf.d/prisoners"),
	    "the shared jail.conf and rc.conf outputs");
	ok(p1->nparams == 2 && str_is(p2->params[1],
	    "exec.consolelog=/var/log/jail_prisoner2_console.log"),
	    "${name} in a shared parameter");
	ok(str_is(p1->hostname, "prisoner1.example.org") &&
	    p4->hostname == NULL, "hostnames per block");
	ok(p1->nprofiles == 1 && str_is(p1->profiles[0], "sshd") &&
	    str_is(p2->profiles[0], "unbound"), "profiles per block");
	ok(p3->nsources == 2 && str_is(p3->sources[1], "/pkgs/bind.pkg") &&
	    p1->nsources == 1, "a block's source adds to the shared ones");
	ok(!p1->rc && p2->rc && !p3->rc, "a block overrides the mode");
	ok(str_is(p4->resolv, "/m/etc/resolv.conf"),
	    "resolv: a host file, relative to the manifest");
	/* The plan: .1 is prisoner2's own, so prisoner1 gets .2. */
	ok(p1->nip4 == 1 && str_is(p1->ip4[0], "lo1|127.0.1.2/32") &&
	    p1->ip4[1] == NULL, "the plan's first free address");
	ok(p2->nip4 == 1 && str_is(p2->ip4[0], "lo1|127.0.1.1/32"),
	    "an explicit address instead of the plan's");
	ok(str_is(p3->ip4[0], "lo1|127.0.1.3/32") &&
	    str_is(p4->ip4[0], "lo1|127.0.1.4/32"), "then the next ones");
	ok(p1->has_uid_range && p1->uid_first == 10000 &&
	    p1->uid_count == 10000 && p2->uid_first == 20000 &&
	    p4->uid_first == 40000 && p4->uid_count == 10000,
	    "jail k gets FIRST + k*COUNT from the pool (%u %u %u)",
	    p1->uid_first, p2->uid_first, p4->uid_first);
	ok(p3->uid_first == 90000 && p3->uid_count == 500,
	    "an explicit range instead of the pool's");
	ok(jt_fleet_rcconf((const struct jt_manifest *const *)f->jails,
	    f->njails, f->file, &rc, &err) == 0 && rc != NULL &&
	    strstr(rc, "jail_enable=\"YES\"\n") != NULL &&
	    strstr(rc, "jail_list=\"prisoner1 prisoner2 prisoner3 "
	    "prisoner4\"\n") != NULL &&
	    strstr(rc, "cloned_interfaces=\"lo1\"\n") != NULL &&
	    strstr(rc, "#ifconfig_") == NULL,
	    "the host's rc.conf lines");
	free(rc);
	jt_fleet_free(f);
}

static void
test_interface_plan(void)
{
	static const char t[] =
	    "source /b.txz\noutput dir /j/${name}\n"
	    "ip4-plan em0 192.168.16.128/30\n"
	    "ip6-plan em0 2001:db8::/126\n"
	    "jail a {\n}\njail b {\n}\njail c {\n}\n";
	struct jt_fleet *f;
	struct jt_err err = { 0 };
	char *rc = NULL;

	ok(jt_fleet_parse(&f, t, strlen(t), "/m/t.jail", &err) != 0 &&
	    err.code == JT_EINVAL && strstr(err.msg, "jail c") != NULL &&
	    strstr(err.msg, "no free address") != NULL,
	    "a /30 has two addresses (broadcast skipped): %s", err.msg);
	if (!ok(jt_fleet_parse(&f, t, strlen(t) - strlen("jail c {\n}\n"),
	    "/m/t.jail", &err) == 0, "two jails fit (%s)", err.msg))
		return;
	ok(str_is(f->jails[0]->ip4[0], "em0|192.168.16.129/32") &&
	    str_is(f->jails[1]->ip4[0], "em0|192.168.16.130/32") &&
	    str_is(f->jails[1]->ip6[0], "em0|2001:db8::2/128"),
	    "addresses of both plans");
	ok(jt_fleet_rcconf((const struct jt_manifest *const *)f->jails,
	    f->njails, f->file, &rc, &err) == 0 &&
	    strstr(rc, "cloned_interfaces") == NULL &&
	    strstr(rc, "#ifconfig_em0_alias0=\"inet 192.168.16.129/32\"\n") &&
	    strstr(rc, "#ifconfig_em0_alias3=\"inet6 2001:db8::2/128\"\n"),
	    "interface aliases, commented out: jail(8) adds them");
	free(rc);
	jt_fleet_free(f);
}

static void
test_one_jail(void)
{
	static const char t[] = "name web\nsource /b.txz\nprofile httpd\n"
	    "output dir /j/web\nip4-plan lo1 127.0.1.0/24\n";
	struct jt_fleet *f;
	struct jt_err err = { 0 };

	if (!ok(jt_fleet_parse(&f, t, strlen(t), "/m/web.jail", &err) == 0,
	    "a one-jail manifest is a fleet of one (%s)", err.msg))
		return;
	ok(!f->blocks && f->njails == 1 && str_is(f->jails[0]->name, "web") &&
	    str_is(f->jails[0]->ip4[0], "lo1|127.0.1.1/32"),
	    "parsed as before, with the plan's address");
	jt_fleet_free(f);
}

/* Each bad fleet's error names its line. */
static void
test_errors(void)
{
	static const struct {
		const char *text, *where, *msg;
	} bad[] = {
		{ "source /b\noutput dir /j/${name}\njail a {\nprofile x\n",
		    ":3", "no '}'" },
		{ "source /b\noutput dir /j\n}\n", ":3", "without" },
		{ "source /b\noutput dir /j/${name}\njail a {\njail b {\n}\n",
		    ":4", "inside" },
		{ "source /b\noutput dir /j/${name}\njail a {\n}\nprofile x\n",
		    ":5", "between jail blocks" },
		{ "source /b\noutput dir /j/${name}\njail a {\n}\n"
		    "jail a {\n}\n", ":5", "second jail a" },
		{ "source /b\noutput dir /j/${name}\njail a/b {\n}\n", ":3",
		    "jail name" },
		{ "source /b\noutput dir /j/${name}\njail a\n", ":3",
		    "jail NAME {" },
		{ "source /b\noutput dir /j/${name}\njail a {\nname x\n}\n",
		    ":4", "'name' in a fleet" },
		{ "source /b\noutput dir /j/${name}\njail a {\nmode x\n}\n",
		    ":4", "bad mode" },
		{ "source /b\noutput dir /j/${name}\njail a {\nmode rc\n"
		    "mode exec\n}\n", ":5", "duplicate" },
		{ "source /b\noutput dir /j/${name}\nip4-plan lo1 10.0.0.0\n"
		    "jail a {\n}\n", ":3", "address plan" },
		{ "source /b\noutput dir /j/${name}\nuid-range 0 10\n"
		    "jail a {\n}\n", ":3", "bad uid range" },
		{ "source /b\noutput dir /j/${name}\nuid-range 10000 10000\n"
		    "jail a {\n}\njail b {\nuid-range 10500 10\n}\n", "",
		    "overlap" },
		{ "source /b\noutput dir /j/${name}\n"
		    "uid-range 4294960000 5000\njail a {\n}\njail b {\n}\n",
		    ":6", "no range left" },
	};
	struct jt_fleet *f;
	struct jt_err err;

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		char want[64];

		memset(&err, 0, sizeof(err));
		snprintf(want, sizeof(want), "/m/f.jail%s", bad[i].where);
		ok(jt_fleet_parse(&f, bad[i].text, strlen(bad[i].text),
		    "/m/f.jail", &err) != 0 && f == NULL &&
		    strcmp(err.path, want) == 0 &&
		    strstr(err.msg, bad[i].msg) != NULL,
		    "bad fleet %zu: %s: %s (want %s, '%s')", i, err.path,
		    err.msg, want, bad[i].msg);
	}
}

int
main(void)
{
	test_prisoners();
	test_interface_plan();
	test_one_jail();
	test_errors();
	return (tap_done());
}
