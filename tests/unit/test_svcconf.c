/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Service configurations: PAM, NSS, Apache, nginx, lighttpd and named
 * parsed from synthetic roots made here (includes, globs, fallbacks,
 * missing modules, loops, hostile paths), then from the FreeBSD fixture
 * and from this machine's own configuration when they are present.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>

#include "jailtrim/svcconf.h"
#include "tap.h"
#include "unit_fs.h"

static struct jt_svcconf *
fresh(void)
{
	struct jt_svcconf *sc;
	struct jt_err err = { 0 };

	if (jt_svcconf_new(&sc, &err) != 0)
		exit(1);
	return (sc);
}

static size_t
nkind(const struct jt_svcconf *sc, int kind)
{
	const struct jt_svc_item *it;
	size_t n, c = 0;

	it = jt_svcconf_items(sc, &n);
	for (size_t i = 0; i < n; i++)
		c += (int)it[i].kind == kind;
	return (c);
}

/* A problem whose message contains needle (and file:line when given). */
static const struct jt_svc_problem *
problem(const struct jt_svcconf *sc, const char *needle)
{
	const struct jt_svc_problem *p;
	size_t n;

	p = jt_svcconf_problems(sc, &n);
	for (size_t i = 0; i < n; i++)
		if (strstr(p[i].message, needle) != NULL)
			return (&p[i]);
	return (NULL);
}

static size_t
nproblems(const struct jt_svcconf *sc)
{
	size_t n;

	(void)jt_svcconf_problems(sc, &n);
	return (n);
}

#define O	JT_SVC_OBJECT
#define F	JT_SVC_FILE
#define D	JT_SVC_DIR

/* ------------------------------------------------------------------ */

static void
test_openpam(void)
{
	const struct jt_svc_problem *p;
	const struct jt_svc_item *it;
	struct jt_svcconf *sc;
	struct jt_source *s;
	struct jt_err err = { 0 };

	unit_put("fb/libexec/ld-elf.so.1", "rtld");
	unit_put("fb/usr/lib/libpam.so.6", "libpam");
	unit_put("fb/usr/lib/pam_unix.so.6", "m");
	unit_put("fb/usr/lib/pam_unix.so", "m");
	unit_put("fb/usr/lib/pam_permit.so.6", "m");
	unit_put("fb/usr/lib/pam_nologin.so", "m");	/* unversioned only */
	unit_put("fb/usr/lib/pam_old.so.5", "m");	/* an older LIB_MAJ only */
	unit_put("fb/usr/local/lib/pam_local.so.6", "m");
	unit_put("fb/usr/local/lib/custom/pam_abs.so", "m");
	unit_put("fb/usr/lib/pam_loose.so.6", "m");
	unit_put("fb/etc/pam.d/svc",
	    "# a policy\n"
	    "auth\tsufficient\tpam_local.so\targ \"quoted arg\"\n"
	    "auth\t\trequired\tpam_unix.so\tno_warn \\\n"
	    "\t\ttry_first_pass\n"
	    "account\t\tinclude\t\tsub\n"
	    "session\t\toptional\tpam_missing.so  # optional still counts\n"
	    "password\trequired\tpam_old.so\n"
	    "password\trequired\t/usr/local/lib/custom/pam_abs.so\n"
	    "password\trequired\tlib/pam_rel.so\n"
	    "password\tbogus\tpam_unix.so\n"
	    "session\t\trequired\tpam_loose\n");
	unit_put("fb/etc/pam.d/sub",
	    "account required pam_nologin.so\n"
	    "auth required pam_filtered_out.so\n");
	unit_put("fb/etc/pam.d/svc2", "auth required pam_unix.so\n");
	unit_put("fb/etc/pam.d/other",
	    "auth required pam_deny.so\n"
	    "account required pam_permit.so\n"
	    "session required pam_permit.so\n"
	    "password required pam_deny.so\n");
	unit_put("fb/etc/pam.d/loop", "auth include loop\n");
	unit_put("fb/etc/pam.d/empty", "");
	unit_put("fb/usr/local/etc/pam.d/lsvc", "auth required pam_unix.so\n"
	    "account required pam_unix.so\nsession required pam_permit.so\n"
	    "password required pam_unix.so\n");
	unit_put("fb/etc/pam.conf",
	    "other auth required pam_nope.so\n"
	    "csvc auth required pam_unix.so\n"
	    "csvc account required pam_permit.so\n"
	    "csvc session required pam_permit.so\n"
	    "csvc password required pam_unix.so\n");
	unit_put("fb/etc/pam.d/perm", "auth required pam_loose.so\n"
	    "account required pam_permit.so\nsession required pam_permit.so\n"
	    "password required pam_permit.so\n");
	chmod(tap_path(unit_root, "fb/usr/lib/pam_loose.so.6"), 0666);
	s = unit_source("fb");

	sc = fresh();
	ok(jt_svcconf_pam(sc, s, "svc", JT_PLAT_AUTO, &err) == 0,
	    "OpenPAM: svc read (%s)", err.msg);
	ok(unit_svc_has(sc, "/etc/pam.d/svc", F) && unit_svc_has(sc, "/etc/pam.d/sub", F),
	    "OpenPAM: the policy and the included one are files");
	ok(unit_svc_has(sc, "/usr/local/lib/pam_local.so.6", O),
	    "OpenPAM: pam_local.so found as .so.6 in /usr/local/lib "
	    "(LIB_MAJ from libpam.so.6)");
	ok(unit_svc_has(sc, "/usr/lib/pam_unix.so.6", O) &&
	    !unit_svc_has(sc, "/usr/lib/pam_unix.so", -1),
	    "OpenPAM: the versioned name wins over the plain one");
	ok(unit_svc_has(sc, "/usr/lib/pam_nologin.so", O),
	    "OpenPAM: included chain's module, unversioned fallback");
	ok(!problem(sc, "pam_filtered_out"),
	    "OpenPAM: include reads only the including facility");
	ok((p = problem(sc, "pam_missing.so not found")) != NULL &&
	    strcmp(p->file, "/etc/pam.d/svc") == 0 && p->line == 6 &&
	    strstr(p->message, "/usr/lib/pam_missing.so.6, "
	    "/usr/lib/pam_missing.so, /usr/local/lib/pam_missing.so.6, "
	    "/usr/local/lib/pam_missing.so") != NULL,
	    "OpenPAM: a missing optional module is a problem at svc:6 with "
	    "the paths tried");
	ok(problem(sc, "pam_old.so not found") != NULL,
	    "OpenPAM: a module of another LIB_MAJ is not found");
	ok(unit_svc_has(sc, "/usr/local/lib/custom/pam_abs.so", O),
	    "OpenPAM: an absolute module path is used as it is");
	ok(problem(sc, "relative module path") != NULL,
	    "OpenPAM: a relative module path is refused");
	ok(problem(sc, "control flag") != NULL,
	    "OpenPAM: a bad control flag is a problem");
	ok(unit_svc_has(sc, "/usr/lib/pam_loose.so.6", O) &&
	    problem(sc, "OpenPAM refuses it") != NULL,
	    "OpenPAM: \"pam_loose\" gets .so.6; a world-writable module is "
	    "refused");
	ok(!unit_svc_has(sc, "/etc/pam.d/other", -1),
	    "OpenPAM: no fallback when every facility has a chain");
	it = unit_svc_item(sc, "/usr/lib/pam_unix.so.6", O);
	ok(it != NULL && strcmp(it->why, "pam_unix.so in /etc/pam.d/svc "
	    "line 3") == 0, "OpenPAM: why: %s", it ? it->why : "-");
	jt_svcconf_free(sc);

	sc = fresh();
	(void)jt_svcconf_pam(sc, s, "svc2", JT_PLAT_FREEBSD, &err);
	ok(unit_svc_has(sc, "/etc/pam.d/other", F) &&
	    unit_svc_has(sc, "/usr/lib/pam_permit.so.6", O) &&
	    problem(sc, "pam_deny.so not found") != NULL,
	    "OpenPAM: facilities svc2 lacks come from 'other'");
	ok(strstr(unit_svc_item(sc, "/etc/pam.d/other", F)->why, "no account") != NULL,
	    "OpenPAM: why 'other': %s", unit_svc_item(sc, "/etc/pam.d/other", F)->why);
	jt_svcconf_free(sc);

	sc = fresh();
	(void)jt_svcconf_pam(sc, s, "lsvc", JT_PLAT_FREEBSD, &err);
	ok(unit_svc_has(sc, "/usr/local/etc/pam.d/lsvc", F) && nproblems(sc) == 0,
	    "OpenPAM: /usr/local/etc/pam.d is searched");
	jt_svcconf_free(sc);

	sc = fresh();
	(void)jt_svcconf_pam(sc, s, "csvc", JT_PLAT_FREEBSD, &err);
	ok(unit_svc_has(sc, "/etc/pam.conf", F) && unit_svc_has(sc, "/usr/lib/pam_unix.so.6", O)
	    && !problem(sc, "pam_nope"), "OpenPAM: pam.conf lines of the "
	    "service only");
	jt_svcconf_free(sc);

	sc = fresh();
	(void)jt_svcconf_pam(sc, s, "loop", JT_PLAT_FREEBSD, &err);
	ok(problem(sc, "include loop") != NULL, "OpenPAM: include loop told");
	jt_svcconf_free(sc);

	sc = fresh();
	(void)jt_svcconf_pam(sc, s, "empty", JT_PLAT_FREEBSD, &err);
	ok(unit_svc_has(sc, "/etc/pam.d/empty", F) && unit_svc_has(sc, "/etc/pam.d/other", F),
	    "OpenPAM: an empty pam.d file is a hit; 'other' fills it");
	jt_svcconf_free(sc);

	sc = fresh();
	ok(jt_svcconf_pam(sc, s, "../etc/passwd", JT_PLAT_FREEBSD, &err) ==
	    JT_EINVAL && jt_svcconf_pam(sc, s, "", JT_PLAT_FREEBSD, &err) ==
	    JT_EINVAL, "PAM: a service name with '/' is refused");
	jt_svcconf_free(sc);
	jt_source_free(s);

	/* Without 'other': every missing facility is a problem. */
	unit_put("fb2/libexec/ld-elf.so.1", "rtld");
	unit_put("fb2/usr/lib/libpam.so.5", "libpam");
	unit_put("fb2/usr/lib/pam_unix.so.5", "m");
	unit_put("fb2/etc/pam.d/x", "auth required pam_unix.so\n");
	s = unit_source("fb2");
	sc = fresh();
	(void)jt_svcconf_pam(sc, s, "x", JT_PLAT_AUTO, &err);
	ok(unit_svc_has(sc, "/usr/lib/pam_unix.so.5", O) && nproblems(sc) == 3 &&
	    problem(sc, "no session chain and no 'other' policy") != NULL,
	    "OpenPAM: LIB_MAJ 5 from libpam.so.5; three facilities without "
	    "a chain");
	jt_svcconf_free(sc);
	jt_source_free(s);
}

static void
test_linuxpam(void)
{
	const struct jt_svc_problem *p;
	struct jt_svcconf *sc;
	struct jt_source *s;
	struct jt_err err = { 0 };

	unit_putbin("deb/usr/lib/x86_64-linux-gnu/libc.so.6", "GNU C Library",
	    "GLIBC_2.34");
	unit_ln("usr/lib", "deb/lib");
	unit_put("deb/usr/lib/x86_64-linux-gnu/security/pam_unix.so", "m");
	unit_put("deb/usr/lib/x86_64-linux-gnu/security/pam_permit.so", "m");
	unit_put("deb/usr/lib/x86_64-linux-gnu/security/pam_env.so", "m");
	unit_put("deb/opt/pam_abs.so", "m");
	unit_put("deb/etc/pam.d/sshd",
	    "# sshd\n"
	    "@include common-auth\n"
	    "account    required     pam_nologin.so\n"
	    "session [success=ok ignore=ignore module_unknown=ignore "
	    "default=bad]        pam_env.so readenv=1\n"
	    "-session   optional     pam_systemd.so\n"
	    "password   substack     common-password\n"
	    "session    optional     /opt/pam_abs.so # [1]\n"
	    "bogus      required     pam_unix.so\n");
	unit_put("deb/etc/pam.d/common-auth",
	    "auth\t[success=1 default=ignore]\tpam_unix.so nullok\n"
	    "auth\trequisite\t\t\tpam_deny.so\n"
	    "auth\trequired\t\t\tpam_permit.so\n");
	unit_put("deb/etc/pam.d/common-password",
	    "password required pam_unix.so obscure\n"
	    "auth required pam_nope.so\n");
	unit_put("deb/etc/pam.d/other", "@include common-auth\n");
	unit_put("deb/etc/pam.d/looper", "auth include looper\n");
	s = unit_source("deb");

	sc = fresh();
	ok(jt_svcconf_pam(sc, s, "sshd", JT_PLAT_AUTO, &err) == 0,
	    "Linux-PAM: sshd read (%s)", err.msg);
	ok(unit_svc_has(sc, "/lib/x86_64-linux-gnu/security/pam_unix.so", O) &&
	    unit_svc_has(sc, "/lib/x86_64-linux-gnu/security/pam_permit.so", O) &&
	    unit_svc_has(sc, "/lib/x86_64-linux-gnu/security/pam_env.so", O),
	    "Linux-PAM: modules in /lib/TRIPLET/security (triplet from "
	    "libc.so.6)");
	ok(unit_svc_has(sc, "/etc/pam.d/sshd", F) && unit_svc_has(sc, "/etc/pam.d/common-auth",
	    F) && unit_svc_has(sc, "/etc/pam.d/common-password", F),
	    "Linux-PAM: @include and substack files are files");
	ok(problem(sc, "pam_nologin.so not found") != NULL &&
	    problem(sc, "pam_deny.so not found") != NULL,
	    "Linux-PAM: missing modules are problems");
	ok((p = problem(sc, "pam_deny.so")) != NULL &&
	    strcmp(p->file, "/etc/pam.d/common-auth") == 0 && p->line == 2,
	    "Linux-PAM: located in the included file");
	ok(!problem(sc, "pam_systemd") && !problem(sc, "pam_nope"),
	    "Linux-PAM: '-' silences a missing module; substack filters by "
	    "type");
	ok(unit_svc_has(sc, "/opt/pam_abs.so", O), "Linux-PAM: absolute module path");
	ok(problem(sc, "unknown module type 'bogus'") != NULL,
	    "Linux-PAM: bad type told");
	ok(!unit_svc_has(sc, "/etc/pam.d/other", -1), "Linux-PAM: 'other' unused");
	jt_svcconf_free(sc);

	sc = fresh();
	(void)jt_svcconf_pam(sc, s, "nosuch", JT_PLAT_GLIBC, &err);
	ok(unit_svc_has(sc, "/etc/pam.d/other", F) && unit_svc_has(sc,
	    "/lib/x86_64-linux-gnu/security/pam_unix.so", O),
	    "Linux-PAM: a missing service uses 'other' whole");
	jt_svcconf_free(sc);

	sc = fresh();
	(void)jt_svcconf_pam(sc, s, "looper", JT_PLAT_GLIBC, &err);
	ok(problem(sc, "include loop") != NULL, "Linux-PAM: loop told");
	jt_svcconf_free(sc);

	sc = fresh();
	(void)jt_svcconf_set_triplet(sc, "aarch64-linux-gnu", &err);
	(void)jt_svcconf_pam(sc, s, "sshd", JT_PLAT_GLIBC, &err);
	ok(!unit_svc_has_like(sc, "x86_64") && problem(sc, "/lib/aarch64-linux-gnu/"
	    "security/pam_unix.so") != NULL,
	    "Linux-PAM: a triplet set by the caller is used");
	jt_svcconf_free(sc);
	jt_source_free(s);
}

static void
test_nss(void)
{
	struct jt_svcconf *sc;
	struct jt_source *s;
	struct jt_err err = { 0 };

	unit_put("fb/etc/nsswitch.conf",
	    "# nsswitch\n"
	    "group: compat\ngroup_compat: nis\n"
	    "hosts: files dns\n"
	    "passwd: files ldap [NOTFOUND=return] cache\n"
	    "netgroup: winbind[success=return]\n"
	    "services: compat\n");
	unit_put("fb/usr/local/lib/nss_ldap.so.1", "m");
	s = unit_source("fb");
	sc = fresh();
	ok(jt_svcconf_nss(sc, s, JT_PLAT_AUTO, &err) == 0, "NSS FreeBSD read");
	ok(unit_svc_has(sc, "/etc/nsswitch.conf", F) &&
	    unit_svc_has(sc, "/usr/local/lib/nss_ldap.so.1", O) && nkind(sc, O) == 1,
	    "NSS FreeBSD: nss_ldap.so.1 found, built-in sources need nothing");
	ok(problem(sc, "nss_winbind.so.1 for source 'winbind' not found") &&
	    nproblems(sc) == 1, "NSS FreeBSD: a missing module is a problem");
	jt_svcconf_free(sc);
	jt_source_free(s);

	unit_put("deb/etc/nsswitch.conf",
	    "passwd:         files systemd\n"
	    "group:          files systemd\n"
	    "hosts:          files mdns4_minimal [NOTFOUND=return] dns\n"
	    "netgroup:       nis\n"
	    "automount:      sss\n");
	unit_put("deb/usr/lib/x86_64-linux-gnu/libnss_files.so.2", "stub");
	unit_put("deb/usr/lib/x86_64-linux-gnu/libnss_systemd.so.2", "m");
	unit_put("deb/etc/ld.so.conf", "include /etc/ld.so.conf.d/*.conf\n");
	unit_put("deb/etc/ld.so.conf.d/sss.conf", "/opt/sss/lib\n");
	unit_put("deb/opt/sss/lib/libnss_sss.so.2", "m");
	s = unit_source("deb");
	sc = fresh();
	ok(jt_svcconf_nss(sc, s, JT_PLAT_AUTO, &err) == 0, "NSS glibc read");
	ok(unit_svc_has(sc, "/lib/x86_64-linux-gnu/libnss_files.so.2", O) &&
	    unit_svc_has(sc, "/lib/x86_64-linux-gnu/libnss_systemd.so.2", O),
	    "NSS glibc: libnss_*.so.2 in the multiarch directory");
	ok(unit_svc_has(sc, "/opt/sss/lib/libnss_sss.so.2", O),
	    "NSS glibc: ld.so.conf directories are searched");
	ok(problem(sc, "libnss_mdns4_minimal.so.2") &&
	    problem(sc, "libnss_nis.so.2") && !problem(sc, "libnss_dns") &&
	    nproblems(sc) == 2,
	    "NSS glibc >= 2.34: dns is built into libc; others are problems");
	jt_svcconf_free(sc);
	jt_source_free(s);

	/* glibc before 2.34: files and dns are real modules. */
	unit_putbin("old/usr/lib/x86_64-linux-gnu/libc.so.6", "GNU C Library",
	    "GLIBC_2.31");
	unit_put("old/etc/nsswitch.conf", "hosts: files dns\n");
	unit_put("old/usr/lib/x86_64-linux-gnu/libnss_files.so.2", "m");
	s = unit_source("old");
	sc = fresh();
	(void)jt_svcconf_nss(sc, s, JT_PLAT_GLIBC, &err);
	ok(unit_svc_has(sc, "/lib/x86_64-linux-gnu/libnss_files.so.2", -1) == false &&
	    unit_svc_has(sc, "/usr/lib/x86_64-linux-gnu/libnss_files.so.2", O) &&
	    problem(sc, "libnss_dns.so.2") != NULL,
	    "NSS glibc < 2.34: a missing libnss_dns.so.2 is a problem");
	jt_svcconf_free(sc);
	jt_source_free(s);
}

static void
test_httpd(void)
{
	struct jt_svcconf *sc;
	struct jt_source *s;
	struct jt_err err = { 0 };

	unit_put("ap/etc/apache2/apache2.conf",
	    "# Debian layout\n"
	    "Define DOCS /srv/www\n"
	    "IncludeOptional mods-enabled/*.load\n"
	    "IncludeOptional mods-enabled/*.conf\n"
	    "Include ports.conf\n"
	    "IncludeOptional conf-enabled/*.conf\n"
	    "Include nothing/*.conf\n"
	    "<IfModule mod_foo.c>\n"
	    "    LoadModule foo_module /usr/lib/apache2/modules/mod_foo.so\n"
	    "</IfModule>\n"
	    "DocumentRoot ${DOCS}\n"
	    "DocumentRoot \"/var/www/${UNDEFINED}\"\n"
	    "Include loop.conf\n"
	    "IncludeOptional sites-enabled\n"
	    "  # Include /etc/apache2/commented.conf\n"
	    "Include /../../etc/*.conf\n"
	    "Include missing.conf\n");
	unit_put("ap/etc/apache2/mods-available/mime.load",
	    "LoadModule mime_module /usr/lib/apache2/modules/mod_mime.so\n");
	unit_put("ap/etc/apache2/mods-available/mime.conf",
	    "<IfModule mod_mime.c>\n\tTypesConfig /etc/mime.types\n"
	    "</IfModule>\n");
	unit_ln("../mods-available/mime.load", "ap/etc/apache2/mods-enabled/"
	    "mime.load");
	unit_ln("../mods-available/mime.conf", "ap/etc/apache2/mods-enabled/"
	    "mime.conf");
	unit_put("ap/etc/apache2/mods-enabled/.hidden.load", "LoadModule x /x.so\n");
	unit_put("ap/etc/apache2/ports.conf", "Listen 80\n");
	unit_mkdirs("ap/etc/apache2/conf-enabled");
	unit_put("ap/etc/apache2/loop.conf", "Include apache2.conf\n");
	unit_put("ap/etc/apache2/commented.conf", "");
	unit_put("ap/etc/apache2/sites-enabled/000-default.conf",
	    "<VirtualHost *:80>\n\tDocumentRoot /var/www/html\n"
	    "</VirtualHost>\n");
	unit_put("ap/etc/apache2/sites-enabled/sub/x.conf", "ServerName x\n");
	unit_put("ap/usr/lib/apache2/modules/mod_mime.so", "m");
	unit_put("ap/etc/mime.types", "text/html html\n");
	unit_mkdirs("ap/srv/www");
	unit_mkdirs("ap/var/www/html");
	s = unit_source("ap");
	sc = fresh();
	ok(jt_svcconf_httpd(sc, s, JT_PLAT_GLIBC, NULL, &err) == 0,
	    "httpd (Debian) read (%s)", err.msg);
	ok(unit_svc_has(sc, "/etc/apache2/apache2.conf", F) &&
	    unit_svc_has(sc, "/etc/apache2/mods-enabled/mime.load", F) &&
	    unit_svc_has(sc, "/etc/apache2/mods-enabled/mime.conf", F) &&
	    unit_svc_has(sc, "/etc/apache2/ports.conf", F),
	    "httpd: IncludeOptional globs and Include, relative to ServerRoot, "
	    "symlinks kept");
	ok(!unit_svc_has_like(sc, ".hidden") && !unit_svc_has(sc,
	    "/etc/apache2/commented.conf", -1),
	    "httpd: '*' skips dot files; comments are not read");
	ok(unit_svc_has(sc, "/usr/lib/apache2/modules/mod_mime.so", O) &&
	    unit_svc_has(sc, "/etc/mime.types", F),
	    "httpd: LoadModule object and TypesConfig");
	ok(problem(sc, "mod_foo.so") != NULL,
	    "httpd: <IfModule> content counts; missing module is a problem");
	ok(unit_svc_has(sc, "/srv/www", D) && unit_svc_has(sc, "/var/www/html", D),
	    "httpd: DocumentRoot with Define and in a vhost");
	ok(problem(sc, "variable UNDEFINED") != NULL,
	    "httpd: an undefined variable is told");
	ok(problem(sc, "nothing/*.conf: the wildcard matches nothing") != NULL
	    && !problem(sc, "conf-enabled"),
	    "httpd: Include with no match fails, IncludeOptional does not");
	ok(problem(sc, "include loop") != NULL, "httpd: include loop told");
	ok(unit_svc_has(sc, "/etc/apache2/sites-enabled/000-default.conf", F) &&
	    unit_svc_has(sc, "/etc/apache2/sites-enabled/sub/x.conf", F),
	    "httpd: a directory is read recursively");
	ok(problem(sc, "above the root") != NULL && !unit_svc_has_like(sc, "passwd"),
	    "httpd: a pattern leaving the root is a problem");
	ok(problem(sc, "missing.conf: not in the source") != NULL,
	    "httpd: a missing plain Include is a problem");
	jt_svcconf_free(sc);
	jt_source_free(s);

	/* FreeBSD port layout: ServerRoot /usr/local, relative paths. */
	unit_put("fbap/libexec/ld-elf.so.1", "");
	unit_put("fbap/usr/local/etc/apache24/httpd.conf",
	    "ServerRoot \"/usr/local\"\n"
	    "LoadModule mime_module libexec/apache24/mod_mime.so\n"
	    "LoadModule \\\n   mpm_prefork_module "
	    "libexec/apache24/mod_mpm_prefork.so\n"
	    "Include etc/apache24/Includes/*.conf\n"
	    "DocumentRoot \"/usr/local/www/apache24/data\"\n");
	unit_put("fbap/usr/local/libexec/apache24/mod_mime.so", "m");
	unit_put("fbap/usr/local/libexec/apache24/mod_mpm_prefork.so", "m");
	unit_put("fbap/usr/local/etc/apache24/Includes/no-accf.conf", "");
	unit_mkdirs("fbap/usr/local/www/apache24/data");
	s = unit_source("fbap");
	sc = fresh();
	(void)jt_svcconf_config(sc, s, "apache", JT_PLAT_AUTO, NULL, &err);
	ok(unit_svc_has(sc, "/usr/local/libexec/apache24/mod_mime.so", O) &&
	    unit_svc_has(sc, "/usr/local/libexec/apache24/mod_mpm_prefork.so", O) &&
	    unit_svc_has(sc, "/usr/local/etc/apache24/Includes/no-accf.conf", F) &&
	    unit_svc_has(sc, "/usr/local/www/apache24/data", D),
	    "httpd (FreeBSD): paths relative to ServerRoot, continued lines");
	ok(problem(sc, "/usr/local/conf/mime.types") != NULL &&
	    nproblems(sc) == 1,
	    "httpd: mod_mime without TypesConfig needs conf/mime.types");
	jt_svcconf_free(sc);
	sc = fresh();
	ok(jt_svcconf_httpd(sc, s, JT_PLAT_AUTO, "etc/httpd.conf", &err) ==
	    JT_EINVAL && jt_svcconf_config(sc, s, "iis", JT_PLAT_AUTO, NULL,
	    &err) == JT_EINVAL, "httpd: relative conf path, unknown kind");
	(void)jt_svcconf_httpd(sc, s, JT_PLAT_AUTO, "/nonexistent.conf", &err);
	ok(problem(sc, "/nonexistent.conf: not in the source") != NULL,
	    "httpd: a missing main configuration is a problem");
	jt_svcconf_free(sc);
	jt_source_free(s);
}

static void
test_nginx(void)
{
	struct jt_svcconf *sc;
	struct jt_source *s;
	struct jt_err err = { 0 };

	unit_putbin("ng/usr/sbin/nginx", "nginx version: nginx/1.22.1",
	    "configure arguments: --with-cc-opt='-g' --prefix=/usr/share/nginx "
	    "--conf-path=/etc/nginx/nginx.conf");
	unit_put("ng/etc/nginx/nginx.conf",
	    "user www-data;\n"
	    "include /etc/nginx/modules-enabled/*.conf;\n"
	    "events { worker_connections 768; }\n"
	    "http {\n"
	    "    include mime.types;\n"
	    "    include conf.d/*.conf;   # none: fine\n"
	    "    # include evil.conf;\n"
	    "    server {\n"
	    "        root /var/www/html;\n"
	    "        location /x { alias /srv/$host; }\n"
	    "        location /y { root \"/srv/quoted dir\"; }\n"
	    "        location /z { root 'html'; }\n"
	    "    }\n"
	    "    include missing.conf;\n"
	    "    include ../../../../etc/hostile/*.conf;\n"
	    "}\n");
	unit_put("ng/etc/nginx/evil.conf", "");
	unit_put("ng/etc/nginx/modules-enabled/50-echo.conf",
	    "load_module modules/ngx_http_echo_module.so;\n"
	    "load_module modules/ngx_gone.so;\n");
	unit_put("ng/usr/lib/nginx/modules/ngx_http_echo_module.so", "m");
	unit_ln("../../lib/nginx/modules", "ng/usr/share/nginx/modules");
	unit_put("ng/etc/nginx/mime.types", "types { text/html html; }\n");
	unit_mkdirs("ng/etc/nginx/conf.d");
	unit_mkdirs("ng/var/www/html");
	unit_mkdirs("ng/srv/quoted dir");
	unit_mkdirs("ng/usr/share/nginx/html");
	s = unit_source("ng");
	sc = fresh();
	ok(jt_svcconf_nginx(sc, s, JT_PLAT_AUTO, NULL, &err) == 0,
	    "nginx read (%s)", err.msg);
	ok(unit_svc_has(sc, "/usr/share/nginx/modules/ngx_http_echo_module.so", O) &&
	    problem(sc, "ngx_gone.so") != NULL,
	    "nginx: load_module relative to the binary's --prefix");
	ok(unit_svc_has(sc, "/etc/nginx/mime.types", F) && unit_svc_has(sc,
	    "/etc/nginx/modules-enabled/50-echo.conf", F) &&
	    !unit_svc_has(sc, "/etc/nginx/evil.conf", -1),
	    "nginx: includes relative to the conf dir; comments skipped");
	ok(unit_svc_has(sc, "/var/www/html", D) && unit_svc_has(sc, "/srv/quoted dir", D) &&
	    unit_svc_has(sc, "/usr/share/nginx/html", D),
	    "nginx: root directives (quoted, relative to the prefix)");
	ok(problem(sc, "holds variables") != NULL &&
	    problem(sc, "missing.conf: not in the source") != NULL,
	    "nginx: variables and a missing include are problems");
	ok(problem(sc, "above the root") != NULL,
	    "nginx: an include leaving the root is a problem");
	jt_svcconf_free(sc);
	jt_source_free(s);

	/* Another prefix in the binary moves load_module. */
	unit_putbin("ng2/usr/sbin/nginx", "x", "--prefix=/opt/ngx --conf-path=x");
	unit_put("ng2/etc/nginx/nginx.conf", "load_module modules/m.so;\n"
	    "events {\n");
	unit_put("ng2/opt/ngx/modules/m.so", "m");
	s = unit_source("ng2");
	sc = fresh();
	(void)jt_svcconf_nginx(sc, s, JT_PLAT_GLIBC, NULL, &err);
	ok(unit_svc_has(sc, "/opt/ngx/modules/m.so", O), "nginx: --prefix read from "
	    "the binary");
	jt_svcconf_free(sc);
	jt_source_free(s);
}

static void
test_lighttpd(void)
{
	struct jt_svcconf *sc;
	struct jt_source *s;
	struct jt_err err = { 0 };

	unit_put("lt/etc/lighttpd/lighttpd.conf",
	    "server.modules = (\n"
	    "\t\"mod_indexfile\",\n"
	    "\t\"mod_access\",\n"
	    "\t\"mod_alias\",\n"
	    ")\n"
	    "var.basedir = \"/var/www\"\n"
	    "server.document-root        = var.basedir + \"/html\"\n"
	    "server.port                 = 80\n"
	    "index-file.names = ( \"index.php\", \"index.html\" )\n"
	    "$HTTP[\"host\"] == \"example.org\" {\n"
	    "    server.document-root = \"/srv/example\"\n"
	    "} else $HTTP[\"host\"] =~ \"x\" {\n"
	    "    alias.url += ( \"/doc/\" => \"/usr/share/doc/\" )\n"
	    "}\n"
	    "include_shell \"/usr/share/lighttpd/use-ipv6.pl \" + server.port\n"
	    "include_shell \"/usr/share/lighttpd/create-mime.conf.pl\"\n"
	    "include \"/etc/lighttpd/conf-enabled/*.conf\"\n"
	    "include \"missing.conf\"\n"
	    "server.errorlog = env.LOGDIR + \"/error.log\"\n"
	    "server.modules += (\n"
	    "\t\"mod_dirlisting\",\n"
	    "\t\"mod_staticfile\",\n"
	    ")\n");
	unit_put("lt/etc/lighttpd/conf-available/10-gone.conf",
	    "server.modules += ( \"mod_gone\" )\n");
	unit_ln("../conf-available/10-gone.conf",
	    "lt/etc/lighttpd/conf-enabled/10-gone.conf");
	unit_put("lt/usr/lib/lighttpd/mod_indexfile.so", "m");
	unit_put("lt/usr/lib/lighttpd/mod_access.so", "m");
	unit_put("lt/usr/lib/lighttpd/mod_alias.so", "m");
	unit_put("lt/usr/lib/lighttpd/mod_dirlisting.so", "m");
	unit_putbin("lt/usr/sbin/lighttpd", "mod_staticfile_plugin_init",
	    "lighttpd/1.4.69");
	unit_put("lt/usr/share/lighttpd/create-mime.conf.pl",
	    "#!/usr/bin/perl -w\nprint 1;\n");
	unit_put("lt/usr/share/lighttpd/use-ipv6.pl", "#!/usr/bin/perl -w\n");
	unit_put("lt/bin/sh", "sh");
	unit_mkdirs("lt/var/www/html");
	unit_mkdirs("lt/srv/example");
	s = unit_source("lt");
	sc = fresh();
	ok(jt_svcconf_lighttpd(sc, s, JT_PLAT_AUTO, NULL, &err) == 0,
	    "lighttpd read (%s)", err.msg);
	ok(unit_svc_has(sc, "/usr/lib/lighttpd/mod_indexfile.so", O) &&
	    unit_svc_has(sc, "/usr/lib/lighttpd/mod_access.so", O) &&
	    unit_svc_has(sc, "/usr/lib/lighttpd/mod_alias.so", O) &&
	    unit_svc_has(sc, "/usr/lib/lighttpd/mod_dirlisting.so", O),
	    "lighttpd: server.modules, multi-line and +=");
	ok(!problem(sc, "mod_staticfile") && problem(sc, "mod_gone") != NULL,
	    "lighttpd: a module built into the binary needs no .so; a "
	    "missing one from an include is a problem");
	ok(unit_svc_has(sc, "/var/www/html", D) && unit_svc_has(sc, "/srv/example", D),
	    "lighttpd: document roots, joined with var., in conditionals");
	ok(unit_svc_has(sc, "/etc/lighttpd/conf-enabled/10-gone.conf", F),
	    "lighttpd: include with a glob");
	ok(problem(sc, "create-mime.conf.pl") == NULL &&
	    problem(sc, "use-ipv6.pl") == NULL &&
	    unit_svc_has(sc, "/usr/share/lighttpd/create-mime.conf.pl", O) &&
	    unit_svc_has(sc, "/usr/share/lighttpd/use-ipv6.pl", O) &&
	    unit_svc_has(sc, "/bin/sh", O),
	    "lighttpd: include_shell's scripts and /bin/sh kept, no problem");
	ok(problem(sc, "missing.conf") != NULL && problem(sc, "env.LOGDIR"),
	    "lighttpd: missing include and env. told");
	jt_svcconf_free(sc);

	unit_put("lt/etc/lighttpd/broken.conf", "server.modules = ( \"a\" \"b\" )\n"
	    "server.document-root = \"/var/www/html\"\n");
	sc = fresh();
	(void)jt_svcconf_lighttpd(sc, s, JT_PLAT_GLIBC,
	    "/etc/lighttpd/broken.conf", &err);
	ok(problem(sc, "expected ',' or ')'") != NULL &&
	    !unit_svc_has(sc, "/var/www/html", -1),
	    "lighttpd: a syntax error stops the file");
	jt_svcconf_free(sc);
	jt_source_free(s);
}

static void
test_named(void)
{
	struct jt_svcconf *sc;
	struct jt_source *s;
	struct jt_err err = { 0 };

	unit_put("bind/etc/bind/named.conf",
	    "// include \"/etc/bind/evil\";\n"
	    "/* a block\n   include \"/etc/bind/evil2\"; */\n"
	    "# include \"/etc/bind/evil3\";\n"
	    "include \"/etc/bind/named.conf.options\";\n"
	    "include \"/etc/bind/named.conf.local\";\n"
	    "include \"/../../../etc/shadow\";\n");
	unit_put("bind/etc/bind/named.conf.options",
	    "options {\n"
	    "\tdirectory \"/var/cache/bind\";\n"
	    "\tkey-directory \"keys\";\n"
	    "\tallow-query { any; };\n"
	    "\tdnssec-validation auto;\n"
	    "};\n");
	unit_put("bind/etc/bind/named.conf.local",
	    "zone \"example.com\" { type master;\n"
	    "\tfile \"/etc/bind/db.example\"; };\n"
	    "zone \"rel.example\" IN {\n\ttype primary;\n"
	    "\tfile \"db.rel\";\n};\n"
	    "zone \"gone.example\" { type master; file \"db.gone\"; };\n"
	    "zone \"sec.example\" { type slave; file \"sec/db.sec\";\n"
	    "\tmasters { 192.0.2.1; }; };\n"
	    "view \"v\" { zone \"inview\" { type master; "
	    "file \"/etc/bind/db.view\"; }; };\n"
	    "key \"rndc-key\" { algorithm hmac-sha256;\n"
	    "\tsecret \"c2VjcmV0\"; };\n"
	    "include \"/etc/bind/named.conf.local\";\n");
	unit_put("bind/etc/bind/evil", "");
	unit_put("bind/etc/bind/evil2", "");
	unit_put("bind/etc/bind/evil3", "");
	unit_put("bind/etc/bind/db.example", "$TTL 1\n");
	unit_put("bind/etc/bind/db.view", "$TTL 1\n");
	unit_put("bind/etc/bind/rndc.key", "key {};\n");
	unit_put("bind/var/cache/bind/db.rel", "$TTL 1\n");
	unit_mkdirs("bind/var/cache/bind/keys");
	unit_mkdirs("bind/var/cache/bind/sec");
	s = unit_source("bind");
	sc = fresh();
	ok(jt_svcconf_named(sc, s, JT_PLAT_GLIBC, NULL, &err) == 0,
	    "named read (%s)", err.msg);
	ok(unit_svc_has(sc, "/etc/bind/named.conf.options", F) &&
	    unit_svc_has(sc, "/etc/bind/named.conf.local", F) && !unit_svc_has_like(sc, "evil"),
	    "named: includes followed, comments of three kinds skipped");
	ok(unit_svc_has(sc, "/etc/bind/db.example", F) &&
	    unit_svc_has(sc, "/var/cache/bind/db.rel", F) &&
	    unit_svc_has(sc, "/etc/bind/db.view", F),
	    "named: zone files, relative to directory, in views");
	ok(unit_svc_has(sc, "/var/cache/bind", D) && unit_svc_has(sc, "/var/cache/bind/keys", D)
	    && unit_svc_has(sc, "/var/cache/bind/sec", D),
	    "named: directory, key-directory, a secondary zone's directory");
	ok(problem(sc, "/var/cache/bind/db.gone") != NULL &&
	    !problem(sc, "db.sec"),
	    "named: a missing primary zone file is a problem, a secondary's "
	    "is not");
	ok(problem(sc, "include loop") != NULL &&
	    problem(sc, "above the root") != NULL,
	    "named: include loop and an include leaving the root are told");
	ok(unit_svc_has(sc, "/etc/bind/rndc.key", F), "named: rndc.key kept");
	jt_svcconf_free(sc);

	unit_put("bind/etc/bind/unterminated.conf",
	    "options { directory \"/x\"; };\n/* never closed\n");
	sc = fresh();
	(void)jt_svcconf_named(sc, s, JT_PLAT_GLIBC,
	    "/etc/bind/unterminated.conf", &err);
	ok(problem(sc, "unterminated comment") != NULL &&
	    problem(sc, "/x: not in the source") != NULL,
	    "named: an unterminated comment is told");
	jt_svcconf_free(sc);
	jt_source_free(s);
}

/* Depth, breadth, long lines, symlinks out of the root. */
static void
test_hostile(void)
{
	struct jt_svcconf *sc;
	struct jt_source *s;
	struct jt_err err = { 0 };
	char rel[PATH_MAX], body[PATH_MAX];
	char *big;

	for (int i = 0; i < 20; i++) {
		snprintf(rel, sizeof(rel), "h/etc/nginx/d%d.conf", i);
		snprintf(body, sizeof(body), "include d%d.conf;\n", i + 1);
		unit_put(rel, body);
	}
	unit_put("h/etc/nginx/nginx.conf", "include d0.conf;\n"
	    "include many/*.conf;\ninclude out.conf;\ninclude long.conf;\n"
	    "include globout/*.conf;\n");
	for (int i = 0; i < 1030; i++) {
		snprintf(rel, sizeof(rel), "h/etc/nginx/many/%04d.conf", i);
		unit_put(rel, "");
	}
	unit_ln("../../../../../../etc/passwd", "h/etc/nginx/out.conf");
	unit_ln("../../../../../../../etc/shadow", "h/etc/nginx/globout/x.conf");
	if ((big = malloc(20000)) != NULL) {
		memset(big, 'x', 19998);
		memcpy(big, "root /", 6);
		big[19998] = ';';
		big[19999] = '\0';
		unit_put("h/etc/nginx/long.conf", big);
		free(big);
	}
	s = unit_source("h");
	sc = fresh();
	ok(jt_svcconf_nginx(sc, s, JT_PLAT_GLIBC, NULL, &err) == 0,
	    "hostile nginx read (%s)", err.msg);
	ok(problem(sc, "nested deeper than 16") != NULL &&
	    unit_svc_has(sc, "/etc/nginx/d14.conf", F) &&
	    !unit_svc_has(sc, "/etc/nginx/d16.conf", F),
	    "hostile: includes nested deeper than 16 are not read");
	ok(problem(sc, "more than 1024 matches") != NULL &&
	    unit_svc_has(sc, "/etc/nginx/many/1023.conf", F) &&
	    !unit_svc_has(sc, "/etc/nginx/many/1024.conf", F),
	    "hostile: glob matches are bounded");
	ok(problem(sc, "above the root") != NULL && !unit_svc_has_like(sc, "passwd"),
	    "hostile: a symlink out of the root is a problem, not a read");
	ok(problem(sc, "/etc/nginx/globout/x.conf: ") != NULL &&
	    !unit_svc_has_like(sc, "shadow") && !unit_svc_has_like(sc, "globout"),
	    "hostile: a glob match linking out of the root is told");
	ok(problem(sc, "word too long") != NULL,
	    "hostile: an over-long token is a problem");
	jt_svcconf_free(sc);
	jt_source_free(s);

	sc = fresh();
	ok(jt_svcconf_nss(NULL, NULL, JT_PLAT_AUTO, &err) == JT_EINVAL &&
	    jt_svcconf_pam(sc, NULL, "x", JT_PLAT_AUTO, &err) == JT_EINVAL,
	    "bad arguments are JT_EINVAL");
	jt_svcconf_free(sc);
	jt_svcconf_free(NULL);
}

/* ------------------------------------------------------------------ */

static void
test_fixture(void)
{
	static const char *const mods[] = { "pam_opie", "pam_opieaccess",
	    "pam_unix", "pam_nologin", "pam_login_access", "pam_permit" };
	const char *txz = getenv("JT_FIXTURE_TXZ");
	struct jt_svcconf *sc;
	struct jt_source *s;
	struct jt_err err = { 0 };
	char path[PATH_MAX];
	bool all = true;

	if (txz == NULL || access(txz, R_OK) != 0) {
		printf("# SKIP FreeBSD fixture: JT_FIXTURE_TXZ not set or "
		    "absent (%s)\n", txz ? txz : "unset");
		return;
	}
	if (jt_source_new(&s, &err) != 0 || jt_source_add(s, txz, &err) != 0) {
		ok(false, "fixture opens: %s", err.msg);
		return;
	}
	sc = fresh();
	ok(jt_svcconf_pam(sc, s, "sshd", JT_PLAT_AUTO, &err) == 0,
	    "fixture: PAM sshd read (%s)", err.msg);
	for (size_t i = 0; i < 6; i++) {
		snprintf(path, sizeof(path), "/usr/lib/%s.so.5", mods[i]);
		if (!unit_svc_has(sc, path, O)) {
			printf("# missing %s\n", path);
			all = false;
		}
	}
	ok(all && nkind(sc, O) == 6 && unit_svc_has(sc, "/etc/pam.d/sshd", F) &&
	    nproblems(sc) == 0,
	    "fixture: /etc/pam.d/sshd names six modules, all "
	    "/usr/lib/pam_*.so.5, no problem");
	if (!all || nproblems(sc) != 0)
		unit_svc_dump(sc);
	jt_svcconf_free(sc);

	sc = fresh();
	ok(jt_svcconf_nss(sc, s, JT_PLAT_AUTO, &err) == 0 &&
	    unit_svc_has(sc, "/etc/nsswitch.conf", F) && nkind(sc, O) == 0 &&
	    nproblems(sc) == 0,
	    "fixture: 10.1's nsswitch.conf needs no module");
	jt_svcconf_free(sc);

	/* Every policy of the base, as a smoke test. */
	sc = fresh();
	(void)jt_svcconf_pam(sc, s, "login", JT_PLAT_AUTO, &err);
	(void)jt_svcconf_pam(sc, s, "su", JT_PLAT_AUTO, &err);
	(void)jt_svcconf_pam(sc, s, "cron", JT_PLAT_AUTO, &err);
	ok(unit_svc_has(sc, "/etc/pam.d/system", F) && nproblems(sc) == 0,
	    "fixture: login, su and cron include 'system' cleanly");
	if (nproblems(sc) != 0)
		unit_svc_dump(sc);
	jt_svcconf_free(sc);
	jt_source_free(s);
}

/* Every item exists on the host (the source is "/"). */
static bool
items_exist(const struct jt_svcconf *sc)
{
	const struct jt_svc_item *it;
	struct stat st;
	size_t n;

	it = jt_svcconf_items(sc, &n);
	for (size_t i = 0; i < n; i++)
		if (stat(it[i].path, &st) != 0) {
			printf("# %s: %s\n", it[i].path, strerror(errno));
			return (false);
		}
	return (true);
}

static void
test_host(void)
{
	static const struct {
		const char	*kind;
		const char	*conf;
	} servers[] = {
		{ "httpd", "/etc/apache2/apache2.conf" },
		{ "nginx", "/etc/nginx/nginx.conf" },
		{ "lighttpd", "/etc/lighttpd/lighttpd.conf" },
		{ "named", "/etc/bind/named.conf" },
	};
	struct jt_svcconf *sc;
	struct jt_source *s;
	struct jt_err err = { 0 };

	if (access("/etc/debian_version", R_OK) != 0) {
		printf("# SKIP host tests: not a Debian host\n");
		return;
	}
	if (jt_source_new(&s, &err) != 0 || jt_source_add(s, "/", &err) != 0)
		return;
	if (access("/etc/pam.d/sshd", R_OK) == 0) {
		sc = fresh();
		ok(jt_svcconf_pam(sc, s, "sshd", JT_PLAT_AUTO, &err) == 0 &&
		    unit_svc_has(sc, "/etc/pam.d/sshd", F),
		    "host: /etc/pam.d/sshd read");
		ok(unit_svc_has_like(sc, "/security/pam_unix.so") &&
		    unit_svc_has_like(sc, "/security/pam_permit.so") && items_exist(sc),
		    "host: sshd's modules found in .../security/");
		ok(nproblems(sc) == 0, "host: sshd's policy has no problem");
		unit_svc_dump(sc);
		jt_svcconf_free(sc);
	} else
		printf("# SKIP host PAM: no /etc/pam.d/sshd\n");
	if (access("/etc/nsswitch.conf", R_OK) == 0) {
		const struct jt_svc_problem *p;
		size_t n;
		bool why = true;

		sc = fresh();
		ok(jt_svcconf_nss(sc, s, JT_PLAT_AUTO, &err) == 0 &&
		    unit_svc_has(sc, "/etc/nsswitch.conf", F) && items_exist(sc),
		    "host: nsswitch.conf read, modules exist");
		p = jt_svcconf_problems(sc, &n);
		for (size_t i = 0; i < n; i++)
			why &= strstr(p[i].message, "not found") != NULL;
		ok(why, "host: NSS problems are only missing modules");
		if (access("/lib/x86_64-linux-gnu/libnss_systemd.so.2", R_OK)
		    == 0)
			ok(unit_svc_has(sc, "/lib/x86_64-linux-gnu/libnss_systemd.so.2",
			    O), "host: libnss_systemd.so.2 found");
		unit_svc_dump(sc);
		jt_svcconf_free(sc);
	}
	for (size_t i = 0; i < sizeof(servers) / sizeof(servers[0]); i++) {
		if (access(servers[i].conf, R_OK) != 0) {
			printf("# SKIP host %s: no %s\n", servers[i].kind,
			    servers[i].conf);
			continue;
		}
		sc = fresh();
		ok(jt_svcconf_config(sc, s, servers[i].kind, JT_PLAT_AUTO,
		    NULL, &err) == 0 && unit_svc_has(sc, servers[i].conf, F) &&
		    items_exist(sc), "host: %s configuration read, items exist",
		    servers[i].kind);
		if (strcmp(servers[i].kind, "named") != 0)
			ok(nkind(sc, O) > 0 || strcmp(servers[i].kind,
			    "nginx") == 0, "host: %s loads modules",
			    servers[i].kind);
		unit_svc_dump(sc);
		jt_svcconf_free(sc);
	}
	jt_source_free(s);
}

int
main(void)
{
	unit_root_make("jt-svcconf");
	test_openpam();
	test_linuxpam();
	test_nss();
	test_httpd();
	test_nginx();
	test_lighttpd();
	test_named();
	test_hostile();
	test_fixture();
	test_host();
	unit_root_remove();
	return (tap_done());
}
