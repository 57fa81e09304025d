/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The rc system of a root: which rc.d scripts run in a jail and what they
 * need, on a synthetic root made here (defaults, rc.conf, KEYWORDs,
 * REQUIRE chains, a daemon(8) wrapper, commands by bare name, a missing
 * command) and on the FreeBSD fixture when JT_FIXTURE_TXZ names it.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>

#include "jailtrim/rcsys.h"
#include "tap.h"

static char tmp[256];

static void
put(const char *rel, const char *content)
{
	(void)tap_put(tmp, rel, content, 0755);
}

/* Needs collected from one call, as "KIND PATH" lines. */
struct got {
	char	buf[16384];
	size_t	n;
};

static int
collect(void *arg, const struct jt_rcneed *nd)
{
	struct got *g = arg;
	int w = snprintf(g->buf + g->n, sizeof(g->buf) - g->n, "%c %s\n",
	    "fpd"[nd->kind], nd->path);

	if (w > 0 && (size_t)w < sizeof(g->buf) - g->n)
		g->n += (size_t)w;
	return (0);
}

static bool
has(const struct got *g, const char *line)
{
	char l[PATH_MAX + 4];

	snprintf(l, sizeof(l), "%s\n", line);
	return (strstr(g->buf, l) != NULL &&
	    (strstr(g->buf, l) == g->buf || strstr(g->buf, l)[-1] == '\n'));
}

static bool
warned(const struct jt_rcsys *rs, const char *file, int line,
    const char *what)
{
	for (size_t i = 0; i < jt_rcsys_nwarnings(rs); i++) {
		const struct jt_rcwarning *w = jt_rcsys_warning(rs, i);

		if (strcmp(w->file, file) == 0 && w->line == line &&
		    strstr(w->message, what) != NULL)
			return (true);
	}
	return (false);
}

static void
make_root(void)
{
	put("r/etc/defaults/rc.conf",
	    "rc_conf_files=\"/etc/rc.conf /etc/rc.conf.local\"\n"
	    "local_startup=\"/usr/local/etc/rc.d\"\n"
	    "syslogd_enable=\"YES\"\n"
	    "ntpd_enable=\"NO\"\n"
	    "ntpd_config=\"/etc/ntp.conf\"\n");
	put("r/etc/rc.conf", "foo_enable=\"YES\"\nntpd_enable=\"YES\"\n"
	    "foo_config=\"/etc/foo.conf\"\n");
	put("r/etc/rc",
	    "PATH=/sbin:/bin:/usr/sbin:/usr/bin\nexport PATH\n"
	    ". /etc/rc.subr\n"
	    "load_rc_config 'XXX'\n"
	    "files=`rcorder -s nojail /etc/rc.d/* 2>/dev/null`\n"
	    "for _rc_elem in ${files}; do\n"
	    "\trun_rc_script ${_rc_elem} start\n"
	    "done\n"
	    "date\n");
	put("r/etc/rc.subr",
	    "checkyesno() { eval _value=\\$${1}; }\n"
	    "run_rc_script() { :; }\n"
	    "run_rc_command() {\n"
	    "\tcase \"$1\" in\n"
	    "\tstart|restart) limits $command ;;\n"
	    "\t*) ;;\n"
	    "\tesac\n"
	    "}\n"
	    "load_rc_config() { :; }\n");
	put("r/etc/rc.d/syslogd",
	    "#!/bin/sh\n# PROVIDE: syslogd\n# REQUIRE: baz\n"
	    ". /etc/rc.subr\nname=syslogd\nrcvar=syslogd_enable\n"
	    "command=/usr/sbin/syslogd\nload_rc_config $name\n"
	    "run_rc_command \"$1\"\n");
	put("r/etc/rc.d/foo",
	    "#!/bin/sh\n"
	    "# PROVIDE: foo\n"
	    "# REQUIRE: bar LOGIN\n"
	    "# KEYWORD: shutdown\n"
	    ". /etc/rc.subr\n"
	    "name=\"foo\"\n"
	    "rcvar=\"foo_enable\"\n"
	    "command=\"/usr/sbin/daemon\"\n"
	    "procname=\"/usr/local/bin/food\"\n"
	    "pidfile=\"/var/run/foo/foo.pid\"\n"
	    "required_files=\"/etc/foo.keys\"\n"
	    "required_dirs=\"/var/db/foo\"\n"
	    "foo_start() {\n"
	    "\tsu -m foo -c true\n"
	    "\tnosuch --now\n"
	    "}\n"
	    "load_rc_config $name\n"
	    "command_args=\"-p ${pidfile} ${procname} -c ${foo_config}\"\n"
	    "run_rc_command \"$1\"\n");
	put("r/etc/rc.d/bar", "#!/bin/sh\n# PROVIDE: bar\n# REQUIRE: baz\n"
	    "name=bar\nrcvar=bar_enable\ncommand=/usr/sbin/bard\n");
	put("r/etc/rc.d/baz", "#!/bin/sh\n# PROVIDE: baz\nname=baz\n");
	put("r/etc/rc.d/jailonly", "#!/bin/sh\n# PROVIDE: jailonly\n"
	    "# KEYWORD: nojail\nname=jailonly\ncommand=/sbin/kldload\n");
	put("r/usr/local/etc/rc.d/ntpd",
	    "#!/bin/sh\n# PROVIDE: ntpd\n. /etc/rc.subr\nname=ntpd\n"
	    "rcvar=ntpd_enable\ncommand=\"/usr/sbin/${name}\"\n"
	    "load_rc_config $name\n"
	    "rc_flags=\"-c ${ntpd_config} ${ntpd_flags}\"\n"
	    "run_rc_command \"$1\"\n");
	put("r/bin/sh", "");
	put("r/bin/date", "");
	put("r/sbin/rcorder", "");
	put("r/usr/bin/su", "");
	put("r/usr/bin/limits", "");
	put("r/usr/sbin/daemon", "");
}

static void
test_synthetic(void)
{
	struct jt_source *s;
	struct jt_rcsys *rs = NULL;
	struct jt_err err = { 0 };
	const struct jt_rcservice *sv;
	struct got *g;

	make_root();
	if ((g = calloc(1, sizeof(*g))) == NULL)
		return;
	if (jt_source_new(&s, &err) != 0 ||
	    jt_source_add(s, tap_path(tmp, "r"), &err) != 0) {
		ok(false, "root opens: %s", err.msg);
		free(g);
		return;
	}
	ok(jt_rcsys_read(&rs, s, &err) == 0, "rc system read (%s)", err.msg);
	if (rs == NULL)
		goto out;
	ok(jt_rcsys_nservices(rs) == 6, "6 scripts indexed (got %zu)",
	    jt_rcsys_nservices(rs));
	sv = jt_rcsys_find(rs, "syslogd");
	ok(sv != NULL && sv->running && strstr(sv->why,
	    "syslogd_enable=YES in /etc/defaults/rc.conf:3") != NULL,
	    "syslogd runs because the defaults enable it (%s)",
	    sv ? sv->why : "-");
	sv = jt_rcsys_find(rs, "foo");
	ok(sv != NULL && sv->running && strstr(sv->why, "/etc/rc.conf:1"),
	    "foo runs (%s)", sv ? sv->why : "-");
	sv = jt_rcsys_find(rs, "bar");
	ok(sv != NULL && !sv->running && strcmp(sv->why, "bar_enable not set")
	    == 0, "bar does not run (%s)", sv ? sv->why : "-");
	sv = jt_rcsys_find(rs, "baz");
	ok(sv != NULL && sv->running && sv->rcvar == NULL,
	    "baz has no rcvar: always runs");
	sv = jt_rcsys_find(rs, "jailonly");
	ok(sv != NULL && sv->skipped && !sv->running,
	    "a nojail script is skipped");
	sv = jt_rcsys_find(rs, "ntpd");
	ok(sv != NULL && sv->running &&
	    strcmp(sv->script, "/usr/local/etc/rc.d/ntpd") == 0,
	    "ntpd found in local_startup and runs");

	ok(jt_rcsys_needs(rs, "foo", collect, g, &err) == 0, "foo's needs");
	ok(has(g, "f /etc/rc.d/foo") && has(g, "f /etc/rc.d/bar") &&
	    has(g, "f /etc/rc.d/baz"), "foo: its script and the REQUIRE "
	    "chain bar -> baz");
	ok(has(g, "p /usr/sbin/daemon") && has(g, "p /usr/local/bin/food"),
	    "foo: daemon(8) and the program it runs");
	ok(has(g, "f /etc/foo.conf") && has(g, "f /etc/foo.keys") &&
	    has(g, "d /var/db/foo") && has(g, "d /var/run/foo"),
	    "foo: config after -c, required_files, required_dirs, pidfile "
	    "directory");
	ok(has(g, "p /usr/bin/su"), "foo: su, called by name, found on PATH");
	ok(!has(g, "p /usr/sbin/bard"), "foo: bar's command is not needed");
	ok(warned(rs, "/etc/rc.d/foo", 15, "'nosuch' is not on PATH"),
	    "foo: a missing command is a warning with its line");

	g->n = 0;
	g->buf[0] = '\0';
	ok(jt_rcsys_needs(rs, "ntpd", collect, g, &err) == 0 &&
	    has(g, "p /usr/sbin/ntpd") && has(g, "f /etc/ntp.conf"),
	    "ntpd: command and the config rc_flags names with -c");

	g->n = 0;
	g->buf[0] = '\0';
	ok(jt_rcsys_needs(rs, NULL, collect, g, &err) == 0, "boot needs");
	ok(has(g, "f /etc/rc") && has(g, "p /bin/sh") &&
	    has(g, "f /etc/rc.subr") && has(g, "f /etc/defaults/rc.conf") &&
	    has(g, "f /etc/rc.conf") && has(g, "p /sbin/rcorder") &&
	    has(g, "p /bin/date") && has(g, "p /usr/bin/limits"),
	    "boot: rc, sh, rc.subr, rc.conf files, what rc and rc.subr run");
	ok(has(g, "p /usr/sbin/syslogd") && has(g, "p /usr/local/bin/food") &&
	    has(g, "p /usr/sbin/ntpd"), "boot: every running service's needs");
	ok(has(g, "f /etc/rc.d/bar") && !has(g, "p /usr/sbin/bard"),
	    "boot: a disabled script is ordered, its command not run");
	ok(!has(g, "f /etc/rc.d/jailonly") && !has(g, "p /sbin/kldload"),
	    "boot: a nojail script is not part of it");
	ok(jt_rcsys_needs(rs, "nope", collect, g, &err) == JT_ENOENT &&
	    strstr(err.msg, "'nope'") != NULL, "an unknown service: %s",
	    err.msg);
out:
	jt_rcsys_free(rs);
	jt_source_free(s);
	free(g);
}

static void
test_fixture(void)
{
	const char *txz = getenv("JT_FIXTURE_TXZ");
	struct jt_source *s;
	struct jt_rcsys *rs = NULL;
	struct jt_err err = { 0 };
	const struct jt_rcservice *sv;
	struct got *g;

	if (txz == NULL || access(txz, R_OK) != 0) {
		printf("# SKIP FreeBSD fixture: JT_FIXTURE_TXZ not set or "
		    "absent (%s)\n", txz ? txz : "unset");
		return;
	}
	if ((g = calloc(1, sizeof(*g))) == NULL)
		return;
	if (jt_source_new(&s, &err) != 0 || jt_source_add(s, txz, &err) != 0) {
		ok(false, "fixture opens: %s", err.msg);
		free(g);
		return;
	}
	ok(jt_rcsys_read(&rs, s, &err) == 0 && jt_rcsys_nservices(rs) > 150,
	    "fixture: %zu rc.d scripts (%s)", rs ? jt_rcsys_nservices(rs) : 0,
	    err.msg);
	if (rs == NULL)
		goto out;
	sv = jt_rcsys_find(rs, "cron");
	ok(sv != NULL && sv->running, "fixture: cron runs by default");
	sv = jt_rcsys_find(rs, "sshd");
	ok(sv != NULL && !sv->running, "fixture: sshd does not");
	sv = jt_rcsys_find(rs, "devd");
	ok(sv != NULL && sv->skipped, "fixture: devd is nojail");
	ok(jt_rcsys_needs(rs, NULL, collect, g, &err) == 0 &&
	    has(g, "p /usr/sbin/cron") && has(g, "p /usr/sbin/syslogd") &&
	    has(g, "p /usr/sbin/newsyslog") && has(g, "p /sbin/rcorder") &&
	    has(g, "p /bin/sh"), "fixture: boot needs cron, syslogd, "
	    "newsyslog, rcorder, sh");
	g->n = 0;
	g->buf[0] = '\0';
	ok(jt_rcsys_needs(rs, "sshd", collect, g, &err) == 0 &&
	    has(g, "p /usr/sbin/sshd") && has(g, "p /usr/bin/ssh-keygen"),
	    "fixture: sshd needs sshd and ssh-keygen");
	g->n = 0;
	g->buf[0] = '\0';
	ok(jt_rcsys_needs(rs, "local_unbound", collect, g, &err) == 0 &&
	    has(g, "p /usr/bin/su") && has(g, "p /usr/sbin/unbound"),
	    "fixture: local_unbound needs su (by name) and unbound");
	g->n = 0;
	g->buf[0] = '\0';
	ok(jt_rcsys_needs(rs, "ntpd", collect, g, &err) == 0 &&
	    has(g, "f /etc/ntp.conf"), "fixture: ntpd needs /etc/ntp.conf");
out:
	jt_rcsys_free(rs);
	jt_source_free(s);
	free(g);
}

int
main(void)
{
	char cmd[300];

	snprintf(tmp, sizeof(tmp), "%s/jt-rcsys-XXXXXX",
	    getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
	if (mkdtemp(tmp) == NULL)
		return (1);
	test_synthetic();
	test_fixture();
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmp);
	if (system(cmd) != 0)
		printf("# cleanup failed: %s\n", cmd);
	return (tap_done());
}
