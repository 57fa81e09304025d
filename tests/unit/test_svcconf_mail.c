/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The mail servers' configuration readers (svcconf_postfix.c and
 * svcconf_dovecot.c) on synthetic roots made here: postfix's logical
 * lines and $name expansion, lookup tables and dynamic map types,
 * master.cf's daemons and chroot; dovecot's !include and !include_try,
 * "<path" values, sections, comments and quotes, plugins and modules;
 * and the broken configurations each daemon refuses, told with file and
 * line.
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

/* A problem (or warning) at file:line whose message contains needle. */
static bool
told(const struct jt_svcconf *sc, const char *file, int line,
    const char *needle, bool warning)
{
	const struct jt_svc_problem *p;
	size_t n;

	p = jt_svcconf_problems(sc, &n);
	for (size_t i = 0; i < n; i++)
		if (strstr(p[i].message, needle) != NULL &&
		    p[i].warning == warning && (file == NULL ||
		    (strcmp(p[i].file, file) == 0 && p[i].line == line)))
			return (true);
	return (false);
}

#define O	JT_SVC_OBJECT
#define F	JT_SVC_FILE
#define D	JT_SVC_DIR
#define P	JT_SVC_PLACE

static void
test_postfix(void)
{
	struct jt_svcconf *sc;
	int rc;

	unit_put_mode("pf/etc/postfix/main.cf",
	    "# comment\n"
	    "compatibility_level = 3.6\n"
	    "mydir = /etc/postfix\n"
	    "alias_maps = hash:/etc/aliases,\n"
	    "# a comment inside a continued line\n"
	    "    proxy:cdb:$(mydir)/virtual\n"
	    "transport_maps = ${nosuch?texthash:/etc/nosuch} "
	    "${nosuch:regexp:${mydir}/transport.re}\n"
	    "smtpd_tls_cert_file=${config_directory}/cert.pem\n"
	    "smtpd_tls_key_file = $config_directory/key.pem   \n"
	    "myorigin = /etc/mailname\n"
	    "smtpd_client_restrictions = check_client_access "
	    "cidr:/etc/postfix/clients.cidr, permit\n", 0644);
	unit_put_mode("pf/etc/postfix/master.cf",
	    "smtp      inet  n       -       y       -       -       smtpd\n"
	    "  -o smtpd_tls_security_level=may\n"
	    "qmgr      unix  n       -       n       300     1       qmgr\n"
	    "mailman   unix  -       n       n       -       -       pipe\n"
	    "  flags=FRX user=list argv=/usr/lib/mailman/to-mailman.py\n"
	    "deliver   unix  -       n       n       -       -       pipe\n"
	    "  flags=R user=mail argv=/usr/bin/deliver ${recipient}\n",
	    0644);
	unit_put_mode("pf/etc/postfix/dynamicmaps.cf",
	    "#type\tlocation\topen function\tmkmap function\n"
	    "cdb\tpostfix-cdb.so\tdict_cdb_open\tmkmap_cdb_open\n", 0644);
	unit_put_mode("pf/usr/lib/postfix/postfix-cdb.so", "", 0644);
	unit_put_mode("pf/usr/lib/postfix/sbin/master", "", 0755);
	unit_put_mode("pf/usr/lib/postfix/sbin/smtpd", "", 0755);
	unit_put_mode("pf/usr/lib/postfix/sbin/qmgr", "", 0755);
	unit_put_mode("pf/usr/lib/postfix/sbin/pipe", "", 0755);
	unit_put_mode("pf/usr/lib/postfix/sbin/postscreen", "", 0755);
	unit_put_mode("pf/usr/bin/deliver", "", 0755);
	unit_put_mode("pf/etc/aliases.db", "", 0644);
	unit_put_mode("pf/etc/postfix/virtual.cdb", "", 0644);
	unit_put_mode("pf/etc/postfix/transport.re", "", 0644);
	unit_put_mode("pf/etc/postfix/clients.cidr", "", 0644);
	unit_put_mode("pf/etc/mailname", "mx.example\n", 0644);
	unit_put_mode("pf/etc/postfix/cert.pem", "-----BEGIN CERTIFICATE-----\n", 0644);
	unit_put_mode("pf/etc/postfix/key.pem", "-----BEGIN PRIVATE KEY-----\n", 0644);
	unit_put_mode("pf/var/spool/postfix/etc/services", "smtp 25/tcp\n", 0644);
	unit_mkdirs("pf/var/spool/postfix/active");
	unit_mkdirs("pf/var/spool/postfix/maildrop");
	unit_mkdirs("pf/var/lib/postfix");
	unit_mkdirs("pf/var/mail");
	sc = unit_svc_read("pf", "postfix", JT_PLAT_GLIBC, NULL, &rc);
	ok(rc == 0 && unit_svc_nerrors(sc) == 0, "postfix: Debian's paths read "
	    "without problems (rc %d)", rc);
	ok(unit_svc_has(sc, "/etc/postfix/main.cf", F) &&
	    unit_svc_has(sc, "/etc/postfix/master.cf", F) &&
	    unit_svc_has(sc, "/etc/postfix/dynamicmaps.cf", F),
	    "postfix: main.cf, master.cf and dynamicmaps.cf");
	ok(unit_svc_has(sc, "/usr/lib/postfix/sbin/master", O) &&
	    unit_svc_has(sc, "/usr/lib/postfix/sbin/smtpd", O) &&
	    unit_svc_has(sc, "/usr/lib/postfix/sbin/qmgr", O) &&
	    unit_svc_has(sc, "/usr/lib/postfix/sbin/pipe", O) &&
	    !unit_svc_has_like(sc, "postscreen"),
	    "postfix: master and the daemons master.cf names, no other");
	ok(unit_svc_has(sc, "/usr/bin/deliver", O) && !unit_svc_has_like(sc, "mailman"),
	    "postfix: pipe's argv= program when installed, none when not");
	ok(unit_svc_has(sc, "/etc/aliases.db", F) &&
	    unit_svc_has(sc, "/etc/postfix/virtual.cdb", F) &&
	    unit_svc_has(sc, "/usr/lib/postfix/postfix-cdb.so", O),
	    "postfix: hash: is .db, proxy:cdb: is .cdb with its dynamic "
	    "map module, across a comment in a continued line");
	ok(unit_svc_has(sc, "/etc/postfix/transport.re", F) && !unit_svc_has_like(sc, "nosuch"),
	    "postfix: ${name?value} and ${name:value} expand as postconf(5)");
	ok(unit_svc_has(sc, "/etc/postfix/clients.cidr", F),
	    "postfix: a table in a restriction list");
	ok(unit_svc_has(sc, "/etc/postfix/cert.pem", F) &&
	    unit_svc_has(sc, "/etc/postfix/key.pem", F) &&
	    unit_svc_has(sc, "/etc/mailname", F), "postfix: TLS files, myorigin file");
	ok(told(sc, "/etc/postfix/main.cf", 0, "smtpd_tls_key_file: "
	    "/etc/postfix/key.pem holds a private key every user can read",
	    true), "postfix: a key others can read is a warning");
	ok(unit_svc_has(sc, "/var/spool/postfix", P) &&
	    unit_svc_has(sc, "/var/spool/postfix/active", P) &&
	    unit_svc_has(sc, "/var/spool/postfix/maildrop", P) &&
	    unit_svc_has(sc, "/var/lib/postfix", P) && unit_svc_has(sc, "/var/mail", P),
	    "postfix: queue, data and mail spool directories are places");
	ok(unit_svc_has(sc, "/var/spool/postfix/etc", D),
	    "postfix: a chrooted smtpd's copies in the queue directory");
	if (unit_svc_nerrors(sc) != 0)
		unit_svc_dump(sc);
	jt_svcconf_free(sc);

	/* no chrooted service: the queue's etc is not needed */
	unit_put_mode("pf/etc/postfix/master.cf",
	    "smtp      inet  n       -       -       -       -       smtpd\n",
	    0644);
	sc = unit_svc_read("pf", "postfix", JT_PLAT_GLIBC, NULL, &rc);
	ok(!unit_svc_has(sc, "/var/spool/postfix/etc", D),
	    "postfix: '-' in the chroot column is 'n' (postfix 3)");
	jt_svcconf_free(sc);

	/* what postfix refuses */
	unit_put_mode("pf/etc/postfix/broken.cf",
	    "  leading = blank\n"
	    "myhostname = mx\n"
	    "this line has no equals\n"
	    "= value\n"
	    "daemon_directory = /usr/lib/postfix/sbin\n", 0644);
	unit_put_mode("pf/etc/postfix/master.cf",
	    "smtp inet n - y - - smtpd\n"
	    "short unix n - n\n"
	    "sub inet n - n - - nosuchd\n", 0644);
	sc = unit_svc_read("pf", "postfix", JT_PLAT_GLIBC, "/etc/postfix/broken.cf",
	    &rc);
	ok(told(sc, "/etc/postfix/broken.cf", 1, "must not start with "
	    "whitespace", true), "postfix: a leading blank is a warning");
	ok(told(sc, "/etc/postfix/broken.cf", 3, "missing '=' after "
	    "attribute name 'this' (postfix will not start)", false),
	    "postfix: a line without '=' is told with its line");
	ok(told(sc, "/etc/postfix/broken.cf", 4, "missing attribute name",
	    false), "postfix: a line without a name");
	ok(told(sc, "/etc/postfix/master.cf", 2, "bad field count", false) &&
	    told(sc, "/etc/postfix/master.cf", 3,
	    "/usr/lib/postfix/sbin/nosuchd: not in the source", false),
	    "postfix: master.cf's short line and missing daemon are told");
	jt_svcconf_free(sc);
}

static void
test_dovecot(void)
{
	struct jt_svcconf *sc;
	int rc;

	unit_put_mode("dc/etc/dovecot/dovecot.conf",
	    "# comment\n"
	    "protocols = imap   # a comment after a value\n"
	    "!include conf.d/*.conf\n"
	    "!include_try local.conf\n"
	    "!include_try /etc/dovecot/nosuch.d/*.conf\n"
	    "login_greeting = \"Ready # not a comment\"\n"
	    "dict {\n"
	    "  #quota = mysql:/etc/dovecot/dovecot-dict-sql.conf.ext\n"
	    "}\n", 0644);
	unit_put_mode("dc/etc/dovecot/conf.d/10-ssl.conf",
	    "ssl = yes\n"
	    "ssl_cert = <../private/dovecot.pem\n"
	    "ssl_key = </etc/dovecot/private/dovecot.key\n", 0644);
	unit_put_mode("dc/etc/dovecot/conf.d/20-imap.conf",
	    "protocol imap {\n"
	    "  mail_plugins = $mail_plugins \\\n"
	    "      quota imap_quota\n"
	    "}\n"
	    "passdb {\n  driver = passwd-file\n"
	    "  args = scheme=CRYPT username_format=%u /etc/dovecot/users\n"
	    "}\n"
	    "userdb {\n  driver = ldap\n  args = /etc/dovecot/ldap.conf\n}\n"
	    "service imap-login {\n  inet_listener imap {\n"
	    "    port = 143\n  }\n}\n", 0644);
	unit_put_mode("dc/etc/dovecot/private/dovecot.pem",
	    "-----BEGIN CERTIFICATE-----\n", 0644);
	unit_put_mode("dc/etc/dovecot/private/dovecot.key",
	    "-----BEGIN PRIVATE KEY-----\n", 0600);
	unit_put_mode("dc/etc/dovecot/users", "", 0640);
	unit_put_mode("dc/usr/lib/dovecot/imap", "", 0755);
	unit_put_mode("dc/usr/lib/dovecot/imap-login", "", 0755);
	unit_put_mode("dc/usr/lib/dovecot/libdovecot.so.0", "", 0755);
	unit_put_mode("dc/usr/lib/dovecot/health-check.sh", "", 0644);
	unit_put_mode("dc/usr/lib/dovecot/modules/libssl_iostream_openssl.so", "",
	    0644);
	unit_put_mode("dc/usr/lib/dovecot/modules/lib10_quota_plugin.so", "", 0644);
	unit_put_mode("dc/usr/lib/dovecot/modules/lib11_imap_quota_plugin.so", "",
	    0644);
	unit_put_mode("dc/usr/lib/dovecot/modules/lib20_zlib_plugin.so", "", 0644);
	unit_put_mode("dc/usr/lib/dovecot/modules/auth/libauthdb_ldap.so", "", 0644);
	sc = unit_svc_read("dc", "dovecot", JT_PLAT_GLIBC, NULL, &rc);
	ok(rc == 0 && unit_svc_nerrors(sc) == 0, "dovecot: Debian's paths read "
	    "without problems (rc %d)", rc);
	ok(unit_svc_has(sc, "/etc/dovecot/conf.d/10-ssl.conf", F) &&
	    unit_svc_has(sc, "/etc/dovecot/conf.d/20-imap.conf", F) &&
	    !unit_svc_has_like(sc, "local.conf"),
	    "dovecot: !include globs relative to the file, !include_try of "
	    "nothing is fine");
	ok(unit_svc_has(sc, "/etc/dovecot/private/dovecot.pem", F) &&
	    unit_svc_has(sc, "/etc/dovecot/private/dovecot.key", F),
	    "dovecot: '<path' values, relative to the directory of the file "
	    "naming them");
	ok(unit_svc_has(sc, "/usr/lib/dovecot/imap", O) &&
	    unit_svc_has(sc, "/usr/lib/dovecot/imap-login", O) &&
	    !unit_svc_has_like(sc, "libdovecot.so") && !unit_svc_has_like(sc, "health-check"),
	    "dovecot: the service programs, not libraries or non-executables");
	ok(unit_svc_has(sc, "/usr/lib/dovecot/modules/libssl_iostream_openssl.so", O),
	    "dovecot: ssl = yes loads the TLS module");
	ok(unit_svc_has(sc, "/usr/lib/dovecot/modules/lib10_quota_plugin.so", O) &&
	    unit_svc_has(sc, "/usr/lib/dovecot/modules/lib11_imap_quota_plugin.so", O)
	    && !unit_svc_has_like(sc, "zlib"),
	    "dovecot: mail_plugins (continued with '\\') and nothing else");
	ok(unit_svc_has(sc, "/etc/dovecot/users", F) &&
	    unit_svc_has(sc, "/usr/lib/dovecot/modules/auth/libauthdb_ldap.so", O),
	    "dovecot: passwd-file's file and an auth driver's module");
	if (unit_svc_nerrors(sc) != 0)
		unit_svc_dump(sc);
	jt_svcconf_free(sc);

	unit_put_mode("dc/etc/dovecot/key.conf", "ssl_key = </etc/dovecot/open.key\n"
	    "ssl = no\n", 0644);
	unit_put_mode("dc/etc/dovecot/open.key", "-----BEGIN PRIVATE KEY-----\n",
	    0644);
	sc = unit_svc_read("dc", "dovecot", JT_PLAT_GLIBC, "/etc/dovecot/key.conf", &rc);
	ok(told(sc, "/etc/dovecot/key.conf", 1, "ssl_key: "
	    "/etc/dovecot/open.key holds a private key every user can read",
	    true), "dovecot: a key others can read is a warning");
	ok(!unit_svc_has_like(sc, "libssl_iostream"), "dovecot: ssl = no, no module");
	jt_svcconf_free(sc);

	/* what dovecot refuses */
	unit_put_mode("dc/etc/dovecot/broken.conf",
	    "protocols imap\n"
	    "}\n"
	    "!include nosuch/*.conf\n"
	    "mail_plugins = nosuchplugin\n"
	    "ssl_cert = </etc/dovecot/nosuch.pem\n"
	    "service imap {\n", 0644);
	sc = unit_svc_read("dc", "dovecot", JT_PLAT_GLIBC, "/etc/dovecot/broken.conf",
	    &rc);
	ok(told(sc, "/etc/dovecot/broken.conf", 1, "expecting '=' (dovecot "
	    "will not start)", false), "dovecot: a line with no '=' or '{'");
	ok(told(sc, "/etc/dovecot/broken.conf", 2, "unexpected '}'", false),
	    "dovecot: a '}' without a section");
	ok(told(sc, "/etc/dovecot/broken.conf", 3, "matches nothing", false),
	    "dovecot: !include of nothing");
	ok(told(sc, "/etc/dovecot/broken.conf", 5, "/etc/dovecot/nosuch.pem: "
	    "not in the source", false), "dovecot: a missing '<' file");
	ok(told(sc, NULL, 0, "no lib[0-9][0-9]_nosuchplugin_plugin.so in "
	    "/usr/lib/dovecot/modules", false), "dovecot: a missing plugin");
	ok(told(sc, "/etc/dovecot/broken.conf", 0, "missing '}': 1 section "
	    "left open", false), "dovecot: a section left open");
	jt_svcconf_free(sc);
}

/* The FreeBSD ports' default paths. */
static void
test_freebsd(void)
{
	struct jt_svcconf *sc;
	int rc;

	unit_put_mode("fb/usr/local/etc/postfix/main.cf", "compatibility_level = 3.6\n",
	    0644);
	unit_put_mode("fb/usr/local/etc/postfix/master.cf",
	    "smtp inet n - n - - smtpd\n", 0644);
	unit_put_mode("fb/usr/local/libexec/postfix/master", "", 0755);
	unit_put_mode("fb/usr/local/libexec/postfix/smtpd", "", 0755);
	unit_mkdirs("fb/var/spool/postfix/maildrop");
	unit_mkdirs("fb/var/db/postfix");
	sc = unit_svc_read("fb", "postfix", JT_PLAT_FREEBSD, NULL, &rc);
	ok(rc == 0 && unit_svc_nerrors(sc) == 0 &&
	    unit_svc_has(sc, "/usr/local/libexec/postfix/smtpd", O) &&
	    unit_svc_has(sc, "/var/db/postfix", P) &&
	    unit_svc_has(sc, "/var/spool/postfix/maildrop", P),
	    "postfix: the port's daemon_directory and data_directory");
	if (unit_svc_nerrors(sc) != 0)
		unit_svc_dump(sc);
	jt_svcconf_free(sc);
	unit_put_mode("fb/usr/local/etc/dovecot/dovecot.conf", "ssl = yes\n", 0644);
	unit_put_mode("fb/usr/local/libexec/dovecot/imap", "", 0755);
	unit_put_mode("fb/usr/local/lib/dovecot/libssl_iostream_openssl.so", "", 0644);
	sc = unit_svc_read("fb", "dovecot", JT_PLAT_FREEBSD, NULL, &rc);
	ok(rc == 0 && unit_svc_nerrors(sc) == 0 &&
	    unit_svc_has(sc, "/usr/local/libexec/dovecot/imap", O) &&
	    unit_svc_has(sc, "/usr/local/lib/dovecot/libssl_iostream_openssl.so", O),
	    "dovecot: the port's libexec and module directories");
	jt_svcconf_free(sc);
}

int
main(void)
{
	unit_root_make("jt-svcmail");
	test_postfix();
	test_dovecot();
	test_freebsd();
	unit_root_remove();
	return (tap_done());
}
