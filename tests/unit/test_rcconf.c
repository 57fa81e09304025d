/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * rc.conf as rc.subr sources it: synthetic roots made here (defaults,
 * rc_conf_files, rc.conf.d files and directories, quoting, expansions,
 * functions, ". FILE", hostile files), then the FreeBSD fixture's own
 * /etc/defaults/rc.conf when JT_FIXTURE_TXZ names it.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>

#include "jailtrim/rcconf.h"
#include "tap.h"

static char tmp[256];

static void
put(const char *rel, const char *content)
{
	(void)tap_put(tmp, rel, content, 0644);
}

static struct jt_source *
open_root(const char *name)
{
	struct jt_source *s;
	struct jt_err err = { 0 };

	if (jt_source_new(&s, &err) != 0 ||
	    jt_source_add(s, tap_path(tmp, name), &err) != 0) {
		printf("# cannot open %s: %s\n", name, err.msg);
		exit(1);
	}
	return (s);
}

static void
is(const struct jt_rcconf *rc, const char *var, const char *want)
{
	const char *v = jt_rcconf_get(rc, var);

	if (want == NULL)
		ok(v == NULL, "%s unset (got \"%s\")", var, v ? v : "");
	else
		ok(v != NULL && strcmp(v, want) == 0, "%s = \"%s\" (got %s%s%s)",
		    var, want, v ? "\"" : "", v ? v : "unset", v ? "\"" : "");
}

static void
test_full(void)
{
	struct jt_source *s;
	struct jt_rcconf *g = NULL, *svc = NULL, *ng = NULL;
	struct jt_err err = { 0 };
	struct jt_rcvar where;

	put("full/etc/defaults/rc.conf",
	    "# defaults\n"
	    "local_startup=\"/usr/local/etc/rc.d\" # startup dirs\n"
	    "rc_conf_files=\"/etc/rc.conf /etc/rc.conf /etc/rc.conf.local\"\n"
	    "syslogd_enable=\"YES\"\t\t# comment\n"
	    "sshd_enable=\"NO\"\n"
	    "sshd_flags=\"\"\n"
	    "if [ -z \"${source_rc_confs_defined}\" ]; then\n"
	    "\tsource_rc_confs_defined=yes\n"
	    "\tsource_rc_confs() {\n"
	    "\t\tlocal i sourced_files\n"
	    "\t\tfor i in ${rc_conf_files}; do\n"
	    "\t\t\tcase ${sourced_files} in\n"
	    "\t\t\t*:$i:*) ;;\n"
	    "\t\t\t*) sourced_files=\"${sourced_files}:$i:\"\n"
	    "\t\t\t\tinfunc=bad ;;\n"
	    "\t\t\tesac\n"
	    "\t\tdone\n"
	    "\t}\n"
	    "fi\n");
	put("full/etc/rc.conf",
	    "hostname=\"jail.example.org\"\n"
	    "sshd_enable=\"YES\"\n"
	    "count=\"${count}x\"\n"
	    "a=1 b=2; c='$a' d=\"$a$b\" e=${b}3\n"
	    "f=\"${undefined:-dflt}\" g=${hostname%%.*} h=${hostname#*.}\n"
	    "i=${hostname%.*} j=${hostname##*.} k=${sshd_enable:+on}\n"
	    "l=\"two \\\n"
	    "lines\" m=\"multi\n"
	    "line\"\n"
	    "n=$(hostname)\n"
	    "o=`hostname`\n"
	    "export p=exported\n"
	    "echo q=notassigned\n"
	    "r=\\$escaped\n"
	    ". /etc/rc.conf.site\n"
	    "after=\"${site}\"\n"
	    "${unset_var:=assigned}\n");
	put("full/etc/rc.conf.site", "site=\"from site\"\n");
	put("full/etc/rc.conf.local", "syslogd_enable=NO\n"
	    "cron_enable=\"yes\"\n");
	put("full/etc/rc.conf.d/sshd", "sshd_flags=\"-p 2222\"\n");
	put("full/usr/local/etc/rc.conf.d/nginx/a", "nginx_enable=YES\n");
	put("full/usr/local/etc/rc.conf.d/nginx/b", "nginx_flags=\"-q\"\n");
	s = open_root("full");
	ok(jt_rcconf_load(&g, s, &err) == 0, "full: loads (%s)", err.msg);
	if (g == NULL)
		goto out;
	is(g, "hostname", "jail.example.org");
	is(g, "count", "x");		/* rc.conf read once, listed twice */
	is(g, "a", "1");
	is(g, "c", "$a");
	is(g, "d", "12");
	is(g, "e", "23");
	is(g, "f", "dflt");
	is(g, "g", "jail");
	is(g, "h", "example.org");
	is(g, "i", "jail.example");
	is(g, "j", "org");
	is(g, "k", "on");
	is(g, "l", "two lines");
	is(g, "m", "multi\nline");
	is(g, "n", NULL);
	is(g, "o", NULL);
	is(g, "p", "exported");
	is(g, "q", NULL);
	is(g, "r", "$escaped");
	is(g, "after", "from site");
	is(g, "unset_var", "assigned");
	is(g, "infunc", NULL);		/* a function body is not run */
	is(g, "source_rc_confs_defined", "yes");
	ok(jt_rcconf_yes(g, "sshd_enable"), "sshd enabled by rc.conf");
	ok(!jt_rcconf_yes(g, "syslogd_enable"),
	    "rc.conf.local turns syslogd off");
	ok(jt_rcconf_yes(g, "cron_enable"), "checkyesno takes \"yes\"");
	where = (struct jt_rcvar){ NULL, NULL, 0 };
	(void)jt_rcconf_lookup(g, "sshd_enable", &where);
	ok(where.file != NULL && strcmp(where.file, "/etc/rc.conf") == 0 &&
	    where.line == 2,
	    "sshd_enable set at /etc/rc.conf:2 (got %s:%d)",
	    where.file ? where.file : "-", where.line);
	where.line = 0;
	(void)jt_rcconf_lookup(g, "m", &where);
	ok(where.line == 8,
	    "lines counted across a quoted newline (m at line %d)",
	    where.line);
	ok(jt_rcconf_nfiles(g) == 4, "4 files read (got %zu)",
	    jt_rcconf_nfiles(g));
	ok(jt_rcconf_nuncertain(g) == 2 && jt_rcconf_uncertain(g) != NULL &&
	    strstr(jt_rcconf_uncertain(g), "/etc/rc.conf:10") != NULL,
	    "two command substitutions counted, the first at rc.conf:10 "
	    "(%zu, %s)", jt_rcconf_nuncertain(g),
	    jt_rcconf_uncertain(g) ? jt_rcconf_uncertain(g) : "-");

	ok(jt_rcconf_service(&svc, g, s, "sshd", &err) == 0,
	    "service sshd (%s)", err.msg);
	if (svc != NULL) {
		is(svc, "sshd_flags", "-p 2222");
		is(svc, "hostname", "jail.example.org");
	}
	is(g, "sshd_flags", "");	/* the global view is not changed */
	ok(jt_rcconf_service(&ng, g, s, "nginx", &err) == 0,
	    "service nginx (%s)", err.msg);
	if (ng != NULL) {
		ok(jt_rcconf_yes(ng, "nginx_enable"),
		    "nginx enabled by /usr/local/etc/rc.conf.d/nginx/a");
		is(ng, "nginx_flags", "-q");
		is(ng, "sshd_flags", "");
	}
	jt_rcconf_free(svc);
	ok(jt_rcconf_service(&svc, g, s, "../x", &err) == JT_EINVAL,
	    "a service name with a slash is refused");
out:
	jt_rcconf_free(ng);
	jt_rcconf_free(svc);
	jt_rcconf_free(g);
	jt_source_free(s);
}

/* No defaults: rc.subr sources /etc/rc.conf alone (not .local). */
static void
test_nodefaults(void)
{
	struct jt_source *s;
	struct jt_rcconf *g = NULL;
	struct jt_err err = { 0 };

	put("nodef/etc/rc.conf", "x=1\n");
	put("nodef/etc/rc.conf.local", "y=1\n");
	s = open_root("nodef");
	ok(jt_rcconf_load(&g, s, &err) == 0, "nodef: loads (%s)", err.msg);
	if (g != NULL) {
		is(g, "x", "1");
		is(g, "y", NULL);
		ok(jt_rcconf_nfiles(g) == 1, "one file read");
	}
	jt_rcconf_free(g);
	jt_source_free(s);

	put("empty/etc/motd", "hello\n");
	s = open_root("empty");
	g = NULL;
	ok(jt_rcconf_load(&g, s, &err) == 0 && g != NULL &&
	    jt_rcconf_nfiles(g) == 0, "a root without rc.conf: empty view");
	jt_rcconf_free(g);
	jt_source_free(s);
}

static void
test_hostile(void)
{
	struct jt_source *s;
	struct jt_rcconf *g = NULL;
	struct jt_err err = { 0 };
	char *big;
	size_t n = 100 * 1024;
	int rc;

	put("loop/etc/rc.conf", "x=\"${x}y\"\n. /etc/rc.conf\n");
	s = open_root("loop");
	rc = jt_rcconf_load(&g, s, &err);
	ok(rc == JT_EFORMAT && g == NULL && strstr(err.path, "rc.conf"),
	    "a file sourcing itself is an error naming it (%d: %s: %s)",
	    rc, err.path, err.msg);
	jt_source_free(s);

	if ((big = malloc(n + 32)) == NULL)
		return;
	memcpy(big, "v=\"", 3);
	memset(big + 3, 'a', n);
	strcpy(big + 3 + n, "\"\nw=${\nz='open");
	put("big/etc/rc.conf", big);
	free(big);
	s = open_root("big");
	g = NULL;
	ok(jt_rcconf_load(&g, s, &err) == 0, "big: loads (%s)", err.msg);
	if (g != NULL) {
		is(g, "v", NULL);
		ok(jt_rcconf_nuncertain(g) >= 1, "a value too long is counted");
	}
	jt_rcconf_free(g);
	jt_source_free(s);
}

/* The command recorded at index i has word w and all of flags f. */
static bool
has_cmd(const struct jt_rcconf *rc, const char *w, unsigned f)
{
	for (size_t i = 0; i < jt_rcconf_ncommands(rc); i++) {
		const struct jt_rccmd *c = jt_rcconf_command(rc, i);

		if (strcmp(c->word, w) == 0 && (c->flags & f) == f)
			return (true);
	}
	return (false);
}

static void
test_script(void)
{
	struct jt_source *s;
	struct jt_rcconf *g = NULL, *lib = NULL, *sc = NULL;
	struct jt_err err = { 0 };

	put("rcd/etc/defaults/rc.conf", "foo_enable=\"NO\"\n"
	    "rc_conf_files=\"/etc/rc.conf\"\n");
	put("rcd/etc/rc.conf", "foo_enable=\"YES\"\n");
	put("rcd/etc/rc.conf.d/foo", "foo_config=/data/foo.conf\n");
	put("rcd/etc/rc.subr",
	    "if [ -z \"${_rc_subr_loaded}\" ]; then\n"
	    "_rc_subr_loaded=YES\n"
	    "PS=\"/bin/ps -ww\"\n"
	    "JID=`$PS -p $$ -o jid=`\n"
	    "checkyesno()\n{\n\teval _value=\\$${1}\n}\n"
	    "run_rc_command() {\n\tlimits -C x $command\n"
	    "\t$command $rc_flags\n}\n"
	    "load_rc_config() { :; }\n"
	    "fi\n");
	put("rcd/etc/rc.d/foo",
	    "#!/bin/sh\n"
	    "# PROVIDE: foo\n"
	    ". /etc/rc.subr\n"
	    "name=\"foo\"\n"
	    "rcvar=\"foo_enable\"\n"
	    "command=\"/usr/sbin/daemon\"\n"
	    "procname=\"/usr/local/bin/food\"\n"
	    ": ${foo_config:=\"/usr/local/etc/foo.conf\"}\n"
	    "foo_prestart()\n"
	    "{\n"
	    "\tlocal v=$(sysctl -n kern.x | tr a-z A-Z) n=$((1 + 2))\n"
	    "\tsu -m foo -c \"touch /var/run/foo\"\n"
	    "\tif checkyesno foo_enable; then\n"
	    "\t\teval $command -t\n"
	    "\tfi\n"
	    "\tcommand -v /usr/bin/env >/dev/null\n"
	    "\texec /usr/bin/env FOO=1 true\n"
	    "\teval \"$(cat /etc/foo.env)\"\n"
	    "\teval ${rcvar}=YES \\$${name}_x=1\n"
	    "}\n"
	    "load_rc_config $name\n"
	    "command_args=\"-p /var/run/foo.pid ${procname} -c ${foo_config}\"\n"
	    "mkdir -p /var/run/foo\n"
	    "run_rc_command \"$1\"\n");
	s = open_root("rcd");
	ok(jt_rcconf_load(&g, s, &err) == 0, "rcd: loads (%s)", err.msg);
	if (g == NULL)
		goto out;
	ok(jt_rcconf_script(&lib, g, NULL, s, "/etc/rc.subr", &err) == 0,
	    "rc.subr evaluated (%s)", err.msg);
	ok(jt_rcconf_script(&sc, g, lib, s, "/etc/rc.d/foo", &err) == 0,
	    "rc.d/foo evaluated (%s)", err.msg);
	if (lib == NULL || sc == NULL)
		goto out;
	ok(jt_rcconf_nfunctions(lib) == 3 && jt_rcconf_nuncertain(lib) == 0,
	    "rc.subr: 3 functions, its branches not uncertain (%zu, %s)",
	    jt_rcconf_nfunctions(lib), jt_rcconf_uncertain(lib) ?
	    jt_rcconf_uncertain(lib) : "");
	ok(has_cmd(lib, "limits", JT_RCCMD_FUNCTION) &&
	    has_cmd(lib, "/bin/ps", JT_RCCMD_SUBST | JT_RCCMD_COMPUTED) == false,
	    "rc.subr: limits run in a function; $PS is one word, not /bin/ps");
	ok(has_cmd(lib, "/bin/ps -ww", JT_RCCMD_SUBST | JT_RCCMD_COMPUTED),
	    "rc.subr: `$PS ...` recorded as computed, in a substitution");
	is(sc, "name", "foo");
	is(sc, "command", "/usr/sbin/daemon");
	is(sc, "procname", "/usr/local/bin/food");
	is(sc, "foo_config", "/data/foo.conf");
	is(sc, "command_args",
	    "-p /var/run/foo.pid /usr/local/bin/food -c /data/foo.conf");
	ok(jt_rcconf_yes(sc, sc ? jt_rcconf_get(sc, "rcvar") : ""),
	    "foo's rcvar is on");
	ok(jt_rcconf_sources(sc, "/etc/rc.subr"), "rc.subr not followed");
	ok(has_cmd(sc, "sysctl", JT_RCCMD_FUNCTION | JT_RCCMD_SUBST) &&
	    has_cmd(sc, "tr", JT_RCCMD_FUNCTION | JT_RCCMD_SUBST),
	    "commands in a function's $(...) recorded");
	ok(has_cmd(sc, "su", JT_RCCMD_FUNCTION),
	    "su called by name in a function");
	ok(has_cmd(sc, "/usr/sbin/daemon", JT_RCCMD_EVAL | JT_RCCMD_COMPUTED),
	    "eval's command: $command, computed");
	ok(has_cmd(sc, "/usr/bin/env", JT_RCCMD_FUNCTION),
	    "exec's command recorded");
	ok(!has_cmd(sc, "-v", 0), "command -v: the option is no command");
	ok(has_cmd(sc, "mkdir", 0) && !has_cmd(sc, "mkdir",
	    JT_RCCMD_FUNCTION), "mkdir at the top level");
	ok(!has_cmd(sc, "checkyesno", 0) && !has_cmd(sc, "run_rc_command", 0) &&
	    !has_cmd(sc, "load_rc_config", 0) && !has_cmd(sc, "foo_prestart",
	    0) && !has_cmd(sc, "local", 0) && !has_cmd(sc, ":", 0) &&
	    !has_cmd(sc, "eval", 0) && !has_cmd(sc, "exec", 0),
	    "functions (rc.subr's, its own) and builtins are not commands");
	ok(jt_rcconf_nuncertain(sc) == 1 && strstr(jt_rcconf_uncertain(sc),
	    "/etc/rc.d/foo:18: an eval of what cannot be expanded") != NULL,
	    "only the eval of a substitution is uncertain (%s)",
	    jt_rcconf_uncertain(sc) ? jt_rcconf_uncertain(sc) : "");
	ok(has_cmd(sc, "cat", JT_RCCMD_SUBST | JT_RCCMD_FUNCTION) &&
	    has_cmd(sc, "", JT_RCCMD_EVAL), "its substitution's command "
	    "recorded, and a command that cannot be known");
	ok(!has_cmd(sc, "foo_enable=YES", 0) && !has_cmd(sc, "$foo_x=1", 0),
	    "eval NAME=value assigns, runs nothing");
out:
	jt_rcconf_free(sc);
	jt_rcconf_free(lib);
	jt_rcconf_free(g);
	jt_source_free(s);
}

/* The release's own rc.subr and rc.d scripts. */
static void
fixture_scripts(struct jt_source *s, const struct jt_rcconf *g)
{
	struct jt_rcconf *lib = NULL, *sc = NULL;
	struct jt_err err = { 0 };

	ok(jt_rcconf_script(&lib, g, NULL, s, "/etc/rc.subr", &err) == 0 &&
	    jt_rcconf_nfunctions(lib) > 40, "fixture: rc.subr defines %zu "
	    "functions (%s)", lib ? jt_rcconf_nfunctions(lib) : 0, err.msg);
	if (lib == NULL)
		return;
	ok(jt_rcconf_script(&sc, g, lib, s, "/etc/rc.d/sshd", &err) == 0,
	    "fixture: sshd evaluated (%s)", err.msg);
	if (sc != NULL) {
		is(sc, "command", "/usr/sbin/sshd");
		is(sc, "pidfile", "/var/run/sshd.pid");
		is(sc, "sshd_rsa_enable", "yes");
		ok(has_cmd(sc, "/usr/bin/ssh-keygen", JT_RCCMD_FUNCTION) &&
		    has_cmd(sc, "tr", JT_RCCMD_SUBST),
		    "fixture: sshd runs ssh-keygen and tr");
		ok(!has_cmd(sc, "checkyesno", 0) && !has_cmd(sc, "warn", 0),
		    "fixture: rc.subr's functions are not commands");
	}
	jt_rcconf_free(sc);
	sc = NULL;
	ok(jt_rcconf_script(&sc, g, lib, s, "/etc/rc.d/local_unbound",
	    &err) == 0, "fixture: local_unbound evaluated (%s)", err.msg);
	if (sc != NULL) {
		ok(has_cmd(sc, "su", JT_RCCMD_FUNCTION),
		    "fixture: local_unbound calls su by name");
		is(sc, "local_unbound_config", "/var/unbound/unbound.conf");
	}
	jt_rcconf_free(sc);
	sc = NULL;
	ok(jt_rcconf_script(&sc, g, lib, s, "/etc/rc.d/ntpd", &err) == 0,
	    "fixture: ntpd evaluated (%s)", err.msg);
	if (sc != NULL)
		is(sc, "ntpd_config", "/etc/ntp.conf");
	jt_rcconf_free(sc);
	jt_rcconf_free(lib);
}

static void
test_fixture(void)
{
	const char *txz = getenv("JT_FIXTURE_TXZ");
	struct jt_source *s;
	struct jt_rcconf *g = NULL;
	struct jt_err err = { 0 };
	struct jt_rcvar where;

	if (txz == NULL || access(txz, R_OK) != 0) {
		printf("# SKIP FreeBSD fixture: JT_FIXTURE_TXZ not set or "
		    "absent (%s)\n", txz ? txz : "unset");
		return;
	}
	if (jt_source_new(&s, &err) != 0 || jt_source_add(s, txz, &err) != 0) {
		ok(false, "fixture opens: %s", err.msg);
		return;
	}
	ok(jt_rcconf_load(&g, s, &err) == 0, "fixture: loads (%s)", err.msg);
	if (g != NULL) {
		ok(jt_rcconf_yes(g, "syslogd_enable") &&
		    jt_rcconf_yes(g, "cron_enable") &&
		    jt_rcconf_yes(g, "newsyslog_enable"),
		    "fixture: syslogd, cron, newsyslog on by default");
		ok(!jt_rcconf_yes(g, "sendmail_enable") &&
		    !jt_rcconf_yes(g, "sshd_enable"),
		    "fixture: sendmail, sshd off by default");
		is(g, "ldconfig_paths",
		    "/usr/lib/compat /usr/local/lib /usr/local/lib/compat/pkg");
		where = (struct jt_rcvar){ NULL, NULL, 0 };
		(void)jt_rcconf_lookup(g, "syslogd_enable", &where);
		ok(where.file != NULL &&
		    strcmp(where.file, "/etc/defaults/rc.conf") == 0 &&
		    where.line == 261, "syslogd_enable at defaults:261 (%d)",
		    where.line);
		ok(jt_rcconf_nuncertain(g) == 0,
		    "fixture: the stock defaults evaluate exactly (%s)",
		    jt_rcconf_uncertain(g) ? jt_rcconf_uncertain(g) : "");
		is(g, "source_rc_confs_defined", "yes");
		fixture_scripts(s, g);
	}
	jt_rcconf_free(g);
	jt_source_free(s);
}

int
main(void)
{
	char cmd[300];

	snprintf(tmp, sizeof(tmp), "%s/jt-rcconf-XXXXXX",
	    getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
	if (mkdtemp(tmp) == NULL)
		return (1);
	test_full();
	test_nodefaults();
	test_hostile();
	test_script();
	test_fixture();
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmp);
	if (system(cmd) != 0)
		printf("# cleanup failed: %s\n", cmd);
	return (tap_done());
}
