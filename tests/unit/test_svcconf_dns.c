/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * unbound.conf and nsd.conf (svcconf_unbound.c, svcconf_nsd.c) read from
 * synthetic roots made here: includes and globs, unbound's directory and
 * chroot rules, Debian's dns-root-data trust anchor, the remote-control
 * keys, nsd's patterns and zonefile expansions, secondaries, and what
 * each reports as a problem.
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>

#include "jailtrim/svcconf.h"
#include "tap.h"
#include "unit_fs.h"

/* Read kind's configuration (conf NULL: the default) from root. */
static struct jt_svcconf *
readconf(const char *root, const char *kind, enum jt_platform plat,
    const char *conf)
{
	int rc;
	struct jt_svcconf *sc = unit_svc_read(root, kind, plat, conf, &rc);

	ok(rc == 0, "%s in %s: read (%d)", kind, root, rc);
	return (sc);
}

/* A problem (not a warning) with needle, at file's basename:line. */
static bool
problem(const struct jt_svcconf *sc, const char *needle, const char *base,
    int line)
{
	const struct jt_svc_problem *p;
	size_t n;

	p = jt_svcconf_problems(sc, &n);
	for (size_t i = 0; i < n; i++) {
		const char *b = strrchr(p[i].file, '/');

		if (!p[i].warning && strstr(p[i].message, needle) != NULL &&
		    (base == NULL || (strcmp(b != NULL ? b + 1 : p[i].file,
		    base) == 0 && p[i].line == line)))
			return (true);
	}
	return (false);
}

#define F	JT_SVC_FILE
#define O	JT_SVC_OBJECT
#define P	JT_SVC_PLACE

static void
test_unbound_debian(void)
{
	struct jt_svcconf *sc;

	/* Debian's layout, a fresh install: no root.key yet */
	unit_put("deb/etc/unbound/unbound.conf", "# Debian\n"
	    "include-toplevel: \"/etc/unbound/unbound.conf.d/*.conf\"\n");
	unit_put("deb/etc/unbound/unbound.conf.d/root-auto-trust-anchor-file.conf",
	    "server:\n    auto-trust-anchor-file: \"/var/lib/unbound/root.key\"\n");
	unit_put("deb/etc/unbound/unbound.conf.d/remote-control.conf",
	    "remote-control:\n  control-enable: yes\n"
	    "  control-interface: /run/unbound.ctl\n");
	unit_put("deb/etc/unbound/unbound.conf.d/local.conf",
	    "server:\n\tlocal-data: \"a.test. # not a comment\"\n"
	    "\tinterface: ::1 # a comment\n"
	    "\troot-hints: hints/root.hints\n"
	    "\tpidfile: \"/run/unbound.pid\"\n"
	    "auth-zone:\n\tname: \"example.\"\n\tzonefile: zones/example.zone\n"
	    "dynlib:\n\tdynlib-file: \"/usr/lib/dyn.so\"\n");
	unit_put("deb/etc/unbound/hints/root.hints", ". NS a.\n");
	unit_put("deb/usr/share/dns/root.key", ". DS 1\n");
	unit_put("deb/usr/lib/dyn.so", "\177ELF");
	unit_put("deb/var/lib/unbound/.keep", "");
	unit_put("deb/etc/unbound/zones/.keep", "");
	unit_put("deb/run/.keep", "");
	sc = readconf("deb", "unbound", JT_PLAT_GLIBC, NULL);
	unit_svc_dump(sc);
	ok(unit_svc_has(sc, "/etc/unbound/unbound.conf.d/local.conf", F),
	    "unbound: include-toplevel's glob followed");
	ok(unit_svc_has(sc, "/usr/share/dns/root.key", F) &&
	    unit_svc_has(sc, "/var/lib/unbound", P),
	    "unbound: Debian's dns-root-data key for a missing anchor, and "
	    "the anchor's directory");
	ok(unit_svc_has(sc, "/etc/unbound/hints/root.hints", F),
	    "unbound: root-hints relative to directory (/etc/unbound)");
	ok(unit_svc_has(sc, "/run", P), "unbound: the pid file's directory");
	ok(unit_svc_has(sc, "/etc/unbound/zones", P),
	    "unbound: an auth-zone's file not there yet: its directory");
	ok(unit_svc_has(sc, "/usr/lib/dyn.so", O), "unbound: dynlib-file an object");
	ok(unit_svc_has(sc, "/etc/unbound", P), "unbound: its directory");
	ok(unit_svc_nproblems(sc) == 0, "unbound: no problem (a socket needs no "
	    "control keys), %zu", unit_svc_nproblems(sc));
	jt_svcconf_free(sc);

	/* without dns-root-data the missing anchor is told */
	unit_put("deb2/etc/unbound/unbound.conf",
	    "server:\n auto-trust-anchor-file: /var/lib/unbound/root.key\n"
	    "remote-control:\n control-enable: yes\n"
	    "include: /etc/unbound/gone.conf\n"
	    "server:\n local-data: \"open\n");
	unit_put("deb2/var/lib/unbound/.keep", "");
	sc = readconf("deb2", "unbound", JT_PLAT_GLIBC, NULL);
	unit_svc_dump(sc);
	ok(problem(sc, "/var/lib/unbound/root.key: not in the source "
	    "(auto-trust-anchor-file", "unbound.conf", 2),
	    "unbound: a missing anchor without dns-root-data, located");
	ok(problem(sc, "/etc/unbound/gone.conf: not in the source",
	    "unbound.conf", 5), "unbound: a missing include, located");
	ok(problem(sc, "unbound_server.key: not in the source",
	    "unbound.conf", 4), "unbound: control over TCP needs its keys");
	ok(problem(sc, "a string not closed", "unbound.conf", 7),
	    "unbound: an open string");
	jt_svcconf_free(sc);

	/* no configuration: unbound starts with its defaults */
	unit_put("deb3/etc/unbound/.keep", "");
	sc = readconf("deb3", "unbound", JT_PLAT_GLIBC, NULL);
	ok(unit_svc_nproblems(sc) == 0 && unit_svc_has(sc, "/etc/unbound", P),
	    "unbound: a missing main configuration is no problem");
	jt_svcconf_free(sc);
}

static void
test_unbound_freebsd(void)
{
	struct jt_svcconf *sc;

	/* base: chroot and directory /var/unbound (local-unbound-setup) */
	unit_put("fb/var/unbound/unbound.conf", "server:\n"
	    "  chroot: /var/unbound\n  directory: /var/unbound\n"
	    "  pidfile: /var/run/local_unbound.pid\n"
	    "  trust-anchor-file: /etc/anchor\n"
	    "  root-hints: named.root\n"
	    "  auto-trust-anchor-file: /var/unbound/root.key\n"
	    "include: /var/unbound/conf.d/*.conf\n");
	unit_put("fb/var/unbound/etc/anchor", "x\n");
	unit_put("fb/var/unbound/named.root", "x\n");
	unit_put("fb/var/unbound/root.key", "x\n");
	unit_put("fb/var/run/.keep", "");
	unit_mkdirs("fb/var/unbound/conf.d");
	sc = readconf("fb", "unbound", JT_PLAT_FREEBSD, NULL);
	unit_svc_dump(sc);
	ok(unit_svc_has(sc, "/var/unbound/etc/anchor", F),
	    "unbound: an absolute name outside the chroot is inside it");
	ok(unit_svc_has(sc, "/var/unbound/named.root", F) &&
	    unit_svc_has(sc, "/var/unbound/root.key", F),
	    "unbound: names relative to directory and under the chroot");
	ok(unit_svc_has(sc, "/var/run", P),
	    "unbound: an absolute pid file is written before the chroot");
	ok(unit_svc_nproblems(sc) == 0, "unbound: an include glob matching nothing "
	    "is no problem");
	jt_svcconf_free(sc);

	/* the port: its chroot and directory are /usr/local/etc/unbound */
	unit_put("port/usr/local/etc/unbound/unbound.conf",
	    "server:\n  tls-service-key: \"srv.key\"\n"
	    "remote-control:\n  control-enable: yes\n");
	unit_put("port/usr/local/etc/unbound/srv.key",
	    "-----BEGIN PRIVATE KEY-----\n");
	for (int i = 0; i < 4; i++)
		unit_put((const char *[]){
		    "port/usr/local/etc/unbound/unbound_server.key",
		    "port/usr/local/etc/unbound/unbound_server.pem",
		    "port/usr/local/etc/unbound/unbound_control.key",
		    "port/usr/local/etc/unbound/unbound_control.pem" }[i], "x\n");
	sc = readconf("port", "unbound", JT_PLAT_FREEBSD,
	    "/usr/local/etc/unbound/unbound.conf");
	unit_svc_dump(sc);
	ok(unit_svc_has(sc, "/usr/local/etc/unbound/srv.key", F),
	    "unbound port: a relative key in its directory");
	ok(unit_svc_has(sc, "/usr/local/etc/unbound/unbound_control.pem", F),
	    "unbound port: the default control files");
	ok(unit_svc_nproblems(sc) == 1 && jt_svcconf_problems(sc, &(size_t){ 0 })[0]
	    .warning && strstr(jt_svcconf_problems(sc, &(size_t){ 0 })[0]
	    .message, "tls-service-key: /usr/local/etc/unbound/srv.key holds "
	    "a private key") != NULL,
	    "unbound port: a key others read is a warning alone");
	jt_svcconf_free(sc);
}

static void
test_nsd(void)
{
	struct jt_svcconf *sc;

	unit_put("nsd/etc/nsd/nsd.conf", "server:\n"
	    "\tzonesdir: \"/srv/zones\"\n"
	    "\tdatabase: \"\"\n"
	    "\txfrdfile: \"state/xfrd.state\"\n"
	    "include: \"/etc/nsd/nsd.conf.d/*.conf\"\n"
	    "remote-control:\n\tcontrol-enable: no\n");
	unit_put("nsd/etc/nsd/nsd.conf.d/zones.conf",
	    "pattern:\n\tname: \"deep\"\n\tzonefile: \"%1/%z/%y/%s.zone\"\n"
	    "pattern:\n\tname: \"sec\"\n\tinclude-pattern: \"deep\"\n"
	    "\trequest-xfr: 192.0.2.1 NOKEY\n"
	    "zone:\n\tname: \"example.test.\"\n\tinclude-pattern: \"deep\"\n"
	    "zone:\n\tname: \"b.test\"\n\tinclude-pattern: \"sec\"\n"
	    "zone:\n\tname: \"gone.test\"\n\tzonefile: gone.zone\n"
	    "zone:\n\tname: \"x.test\"\n\tinclude-pattern: \"nosuch\"\n"
	    "zone:\n\tzonefile: \"noname\"\n");
	unit_put("nsd/srv/zones/e/test/example/example.test.zone", "x\n");
	unit_put("nsd/srv/zones/b/test/b/.keep", "");
	unit_put("nsd/srv/zones/state/.keep", "");
	unit_put("nsd/run/nsd/.keep", "");
	sc = readconf("nsd", "nsd", JT_PLAT_GLIBC, NULL);
	unit_svc_dump(sc);
	/* a file nsd reads only when newer than the zone (0 at first) */
	ok(unit_svc_has(sc, "/srv/zones/e/test/example/example.test.zone",
	    JT_SVC_FILE_MTIME),
	    "nsd: a pattern's zonefile with %%1 %%z %%y %%s, in zonesdir");
	ok(unit_svc_has(sc, "/srv/zones/b/test/b", P),
	    "nsd: a secondary not transferred yet: its directory");
	ok(problem(sc, "/srv/zones/gone.zone: not in the source (zone "
	    "gone.test", "zones.conf", 16), "nsd: a missing zone file, "
	    "located");
	ok(problem(sc, "include-pattern nosuch: no such pattern", NULL, 0),
	    "nsd: an unknown pattern");
	ok(problem(sc, "a zone without a name", "zones.conf", 20),
	    "nsd: a zone without a name");
	ok(unit_svc_has(sc, "/srv/zones/state", P) && unit_svc_has(sc, "/run/nsd", P),
	    "nsd: the xfrd state (relative to zonesdir) and the default pid "
	    "file's directories");
	ok(!problem(sc, "nsd_server", NULL, 0),
	    "nsd: control-enable: no reads no keys");
	ok(unit_svc_nproblems(sc) == 3, "nsd: three problems, %zu", unit_svc_nproblems(sc));
	jt_svcconf_free(sc);

	/* Debian's nsd has remote control on: its keys are needed */
	unit_put("nsd2/etc/nsd/nsd.conf", "server:\n\tip-address: 127.0.0.1\n");
	sc = readconf("nsd2", "nsd", JT_PLAT_GLIBC, NULL);
	unit_svc_dump(sc);
	ok(problem(sc, "/etc/nsd/nsd_server.key: not in the source", NULL, 0),
	    "nsd: Debian's default remote control needs its keys");
	jt_svcconf_free(sc);
	sc = readconf("nsd2", "nsd", JT_PLAT_FREEBSD, "/etc/nsd/nsd.conf");
	ok(!problem(sc, "nsd_server", NULL, 0),
	    "nsd: the port's remote control is off by default");
	jt_svcconf_free(sc);
}

int
main(void)
{
	unit_root_make("jt-svcdns");
	test_unbound_debian();
	test_unbound_freebsd();
	test_nsd();
	unit_root_remove();
	return (tap_done());
}
