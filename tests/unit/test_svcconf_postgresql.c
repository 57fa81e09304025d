/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * postgresql.conf (svcconf_postgresql.c) on synthetic roots made here:
 * postgres's grammar (with or without "=", names in any case, quoted
 * strings with '' and backslash escapes and "#" inside, a name touching
 * its quote, comments), the later setting winning, includes relative to
 * the file naming them, include_dir's *.conf alone, the TLS files only
 * with ssl on (server.crt and server.key in the data directory when
 * unset), and each line postgres refuses a problem at its file and line.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "jailtrim/source.h"
#include "jailtrim/svcconf.h"
#include "tap.h"
#include "unit_fs.h"

static struct jt_svcconf *
read_conf(const char *root, const char *conf)
{
	int rc;
	struct jt_svcconf *sc = unit_svc_read(root, "postgresql",
	    JT_PLAT_GLIBC, conf, &rc);

	ok(rc == 0, "%s read (%d)", conf, rc);
	return (sc);
}

static bool
has(const struct jt_svcconf *sc, const char *path, enum jt_svc_kind kind)
{
	size_t n;
	const struct jt_svc_item *it = jt_svcconf_items(sc, &n);

	for (size_t i = 0; i < n; i++)
		if (strcmp(it[i].path, path) == 0)
			return (it[i].kind == kind);
	return (false);
}

/* The problems joined, for messages and matching. */
static const char *
problems(const struct jt_svcconf *sc, size_t *np)
{
	static char all[4096];
	const struct jt_svc_problem *p = jt_svcconf_problems(sc, np);
	size_t off = 0;

	all[0] = '\0';
	for (size_t i = 0; i < *np && off < sizeof(all); i++)
		off += (size_t)snprintf(all + off, sizeof(all) - off,
		    "%s:%d: %s%s|", p[i].file, p[i].line, p[i].message,
		    p[i].warning ? " (warning)" : "");
	return (all);
}

static void
test_grammar(void)
{
	struct jt_svcconf *sc;
	const char *all;
	size_t np;

	unit_put("g/etc/pg/postgresql.conf",
	    "# a comment\n"
	    "\n"
	    "HBA_File = '/etc/pg/first.conf'\n"
	    "hba_file '/etc/pg/it''s \\\\a#b.conf'   # the later wins\n"
	    "ident_file=ident.conf\n"
	    "include'more.conf'\n"
	    "include_if_exists 'absent.conf'\n"
	    "include_dir 'conf.d'\n"
	    "shared_buffers = 128MB\n"
	    "custom.setting = 'x'\n");
	unit_put("g/etc/pg/it's \\a#b.conf", "local all all peer\n");
	unit_put("g/srv/pg/ident.conf", "");
	unit_put("g/etc/pg/more.conf", "ssl = tr\ndata_directory = '/srv/pg'\n"
	    "ssl_ca_file = 'ca.pem'\n");
	unit_put("g/etc/pg/conf.d/a.conf", "ssl_cert_file = '/etc/pg/c.pem'\n");
	unit_put("g/etc/pg/conf.d/.b.conf", "ssl_crl_file = '/nonexistent'\n");
	unit_put("g/etc/pg/conf.d/README", "ssl_crl_dir = '/nonexistent'\n");
	unit_put("g/etc/pg/c.pem", "-----BEGIN CERTIFICATE-----\n");
	unit_put("g/srv/pg/server.key", "-----BEGIN PRIVATE KEY-----\n");
	unit_put("g/srv/pg/ca.pem", "");
	sc = read_conf("g", "/etc/pg/postgresql.conf");
	all = problems(sc, &np);
	ok(has(sc, "/etc/pg/postgresql.conf", JT_SVC_FILE) &&
	    has(sc, "/etc/pg/it's \\a#b.conf", JT_SVC_FILE) &&
	    !has(sc, "/etc/pg/first.conf", JT_SVC_FILE),
	    "quoted with '' and a backslash, '#' inside, the later wins");
	ok(has(sc, "/srv/pg/ident.conf", JT_SVC_FILE),
	    "no '=', an unquoted value, relative to the data directory "
	    "(postgres reads it there)");
	ok(has(sc, "/etc/pg/more.conf", JT_SVC_FILE), "include touching "
	    "its quote, relative");
	ok(has(sc, "/etc/pg/conf.d", JT_SVC_PLACE) &&
	    has(sc, "/etc/pg/conf.d/a.conf", JT_SVC_FILE) &&
	    !has(sc, "/etc/pg/conf.d/.b.conf", JT_SVC_FILE) &&
	    !has(sc, "/etc/pg/conf.d/README", JT_SVC_FILE),
	    "include_dir: the directory alone, its *.conf, no dot file");
	ok(has(sc, "/etc/pg/c.pem", JT_SVC_FILE) &&
	    has(sc, "/srv/pg/server.key", JT_SVC_FILE) &&
	    has(sc, "/srv/pg/ca.pem", JT_SVC_FILE),
	    "ssl 'tr' is on: the certificate, the default key and a CA file "
	    "relative to data_directory");
	ok(np == 1 && strstr(all, "/srv/pg/server.key holds a private key "
	    "every user can read (mode 0644)") != NULL &&
	    strstr(all, "(warning)") != NULL, "one warning, the readable "
	    "key: %s", all);
	jt_svcconf_free(sc);
}

static void
test_ssl_off(void)
{
	struct jt_svcconf *sc;
	const char *all;
	size_t np;

	unit_put("o/etc/postgresql/15/main/postgresql.conf",
	    "ssl = off\nssl_cert_file = '/etc/ssl/certs/snakeoil.pem'\n"
	    "ssl_key_file = '/etc/ssl/private/snakeoil.key'\n");
	sc = read_conf("o", NULL);
	all = problems(sc, &np);
	ok(np == 0 && has(sc, "/etc/postgresql/15/main/postgresql.conf",
	    JT_SVC_FILE) && !has(sc, "/etc/ssl/certs/snakeoil.pem",
	    JT_SVC_FILE), "ssl off: the TLS files are not read (%s)", all);
	jt_svcconf_free(sc);
	unit_put("o/etc/postgresql/15/main/postgresql.conf",
	    "ssl = on\nssl_cert_file = '/etc/ssl/certs/snakeoil.pem'\n");
	sc = read_conf("o", NULL);
	all = problems(sc, &np);
	ok(np == 2 && strstr(all, "postgresql.conf:2: /etc/ssl/certs/"
	    "snakeoil.pem: not in the source") != NULL && strstr(all,
	    "postgresql.conf:1: /etc/postgresql/15/main/server.key: not in "
	    "the source") != NULL, "ssl on: a missing certificate at its "
	    "line, the default key at ssl's: %s", all);
	jt_svcconf_free(sc);
}

static void
test_refused(void)
{
	static const struct {
		const char *line, *why;
	} bad[] = {
		{ "shared_buffers = 128 MB", "more than one value on a line" },
		{ "= 5", "a line must start with a parameter name" },
		{ "port =", "a parameter without a value" },
		{ "port = # none", "a parameter without a value" },
		{ "hba_file = '/x", "unterminated quoted string" },
		{ "p-ort = 5", "bad character in a parameter name" },
		{ "include 'gone.conf'", "/etc/pg/gone.conf: not in the source" },
	};
	struct jt_svcconf *sc;
	char text[256];
	const char *all;
	size_t np;

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		snprintf(text, sizeof(text), "port = 5432\n%s\n", bad[i].line);
		unit_put("r/etc/pg/postgresql.conf", text);
		sc = read_conf("r", "/etc/pg/postgresql.conf");
		all = problems(sc, &np);
		ok(np == 1 && strstr(all, "/etc/pg/postgresql.conf:2: ") !=
		    NULL && strstr(all, bad[i].why) != NULL, "'%s': %s",
		    bad[i].line, all);
		jt_svcconf_free(sc);
	}
}

int
main(void)
{
	unit_root_make("jt-svcconf-pg");
	test_grammar();
	test_ssl_off();
	test_refused();
	unit_root_remove();
	return (tap_done());
}
