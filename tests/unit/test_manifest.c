/* SPDX-License-Identifier: BSD-2-Clause */
/* The manifest format: every field, relative paths, errors by line. */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "jailtrim/manifest.h"
#include "tap.h"

static const char full[] =
    "# full.jail - every directive\n"
    "\n"
    "name      web-1.example\n"
    "hostname  www.example.org   # host.hostname\n"
    "source    /usr/freebsd-dist/base.txz\n"
    "source    pkgs/apache24-2.4.10.pkg\n"
    "source    ./site\n"
    "source    ../shared/extra\n"
    "profile   httpd\n"
    "profile   local/my.profile\n"
    "profile   /etc/jailtrim/x.profile\n"
    "include   /usr/local/www/data\n"
    "include   /etc/motd\n"
    "mode      rc\r\n"
    "ip4       em0|192.0.2.80/32\n"
    "ip4       192.0.2.81\n"
    "ip6       ::1\n"
    "ip6       vlan10|2001:db8::80/128\n"
    "\toutput dir      /jails/web\n"
    "output    tarball out/web.txz\n"
    "output    mtree   web.mtree\n"
    "output    jailconf /etc/jail.conf.d/web.conf\n"
    "epoch     1415664000\n"
    "param     allow.raw_sockets=0\n"
    "param     exec.clean\n"
    "param     children.max = 0\n"
    "param     exec.prestart=/bin/echo hello  world # comment\n"
    "param     exec.poststart=\n";

static bool
list_is(const char *const *v, size_t n, const char *const *want, size_t nwant)
{
	if (v == NULL || n != nwant || v[n] != NULL)
		return (false);
	for (size_t i = 0; i < n; i++)
		if (strcmp(v[i], want[i]) != 0) {
			printf("# [%zu] '%s', want '%s'\n", i, v[i], want[i]);
			return (false);
		}
	return (true);
}

#define LIST_IS(v, n, ...) list_is((v), (n), \
	(const char *const[]){ __VA_ARGS__ }, \
	sizeof((const char *const[]){ __VA_ARGS__ }) / sizeof(const char *))

static bool
str_is(const char *s, const char *want)
{
	return (s != NULL && strcmp(s, want) == 0);
}

static void
test_full(void)
{
	struct jt_manifest *m;
	struct jt_err err = { 0 };

	if (!ok(jt_manifest_parse(&m, full, sizeof(full) - 1, "/srv/m/full.jail",
	    &err) == 0, "full manifest parses (%s: %s)", err.path, err.msg))
		return;
	ok(str_is(m->file, "/srv/m/full.jail"), "file");
	ok(str_is(m->name, "web-1.example"), "name");
	ok(str_is(m->hostname, "www.example.org"), "hostname");
	ok(LIST_IS(m->sources, m->nsources, "/usr/freebsd-dist/base.txz",
	    "/srv/m/pkgs/apache24-2.4.10.pkg", "/srv/m/site",
	    "/srv/m/../shared/extra"),
	    "sources in order, relative ones from the manifest's directory");
	ok(LIST_IS(m->profiles, m->nprofiles, "httpd",
	    "/srv/m/local/my.profile", "/etc/jailtrim/x.profile"),
	    "profiles: names kept, relative paths resolved");
	ok(LIST_IS(m->includes, m->nincludes, "/usr/local/www/data",
	    "/etc/motd"), "includes");
	ok(m->rc, "mode rc (CRLF line)");
	ok(LIST_IS(m->ip4, m->nip4, "em0|192.0.2.80/32", "192.0.2.81"), "ip4");
	ok(LIST_IS(m->ip6, m->nip6, "::1", "vlan10|2001:db8::80/128"), "ip6");
	ok(str_is(m->out_dir, "/jails/web") &&
	    str_is(m->out_tarball, "/srv/m/out/web.txz") &&
	    str_is(m->out_mtree, "/srv/m/web.mtree") &&
	    str_is(m->out_jailconf, "/etc/jail.conf.d/web.conf"), "outputs");
	ok(m->has_epoch && m->epoch == 1415664000, "epoch");
	ok(LIST_IS(m->params, m->nparams, "allow.raw_sockets=0", "exec.clean",
	    "children.max=0", "exec.prestart=/bin/echo hello  world",
	    "exec.poststart="),
	    "params: flags, KEY = VALUE normalised, values keep blanks");
	jt_manifest_free(m);
}

/* The least a manifest can say, and what it then means. */
static void
test_defaults(void)
{
	static const char t[] = "source /b.txz\noutput dir /j/x\n";
	struct jt_manifest *m;
	struct jt_err err = { 0 };

	if (!ok(jt_manifest_parse(&m, t, sizeof(t) - 1, "dir/mail-1.jail",
	    &err) == 0, "minimal manifest parses (%s)", err.msg))
		return;
	ok(str_is(m->name, "mail-1"), "name from the file name: %s", m->name);
	ok(m->hostname == NULL && !m->rc && !m->has_epoch &&
	    m->out_tarball == NULL && m->out_mtree == NULL &&
	    m->out_jailconf == NULL, "no hostname, exec mode, no epoch");
	ok(m->nprofiles == 0 && m->profiles != NULL && m->profiles[0] == NULL &&
	    m->nip4 == 0 && m->ip4 != NULL && m->ip4[0] == NULL &&
	    m->params != NULL && m->params[0] == NULL,
	    "empty lists are empty NULL-terminated arrays");
	jt_manifest_free(m);
	jt_manifest_free(NULL);
	ok(1, "jt_manifest_free(NULL) is a no-op");
}

/* Relative paths start at dirname(path); a bare file name keeps them. */
static void
rel(const char *file, const char *src, const char *want)
{
	char t[512];
	struct jt_manifest *m;
	struct jt_err err = { 0 };

	snprintf(t, sizeof(t), "name x\nsource %s\noutput mtree m\n", src);
	if (!ok(jt_manifest_parse(&m, t, strlen(t), file, &err) == 0,
	    "%s parses (%s)", file, err.msg))
		return;
	ok(str_is(m->sources[0], want), "%s: source %s -> %s (want %s)", file,
	    src, m->sources[0], want);
	jt_manifest_free(m);
}

static void
test_relative(void)
{
	rel("x.jail", "base.txz", "base.txz");
	rel("x.jail", "./base.txz", "./base.txz");
	rel("/x.jail", "base.txz", "/base.txz");
	rel("a/b/x.jail", "base.txz", "a/b/base.txz");
	rel("a/b/x.jail", ".//p/base.txz", "a/b/p/base.txz");
	rel("/etc/jails/x.jail", "../dist/base.txz", "/etc/jails/../dist/base.txz");
	rel("/etc/jails/x.jail", "/abs/base.txz", "/abs/base.txz");
}

/* A manifest that must be refused as JT_EFORMAT at b.jail:line. */
static void
badn(const char *t, size_t len, int line, const char *want)
{
	struct jt_manifest *m = NULL;
	struct jt_err err = { 0 };
	char where[64];
	int rc;

	memset(&err, 0, sizeof(err));
	rc = jt_manifest_parse(&m, t, len, "b.jail", &err);
	snprintf(where, sizeof(where), "b.jail:%d", line);
	ok(rc == JT_EFORMAT && m == NULL && strcmp(err.path, where) == 0 &&
	    strstr(err.msg, want) != NULL, "refused at %s: %s: %s", where,
	    err.path, err.msg);
	jt_manifest_free(m);
}

static void
bad(const char *t, int line, const char *want)
{
	badn(t, strlen(t), line, want);
}

/* A complete manifest, so only the line tested can be wrong. */
#define OK_LINES "name n\nsource /b.txz\noutput dir /j/n\n"

static void
test_errors(void)
{
	char huge[5000];

	bad("# c\n\nnmae x\n", 3, "unknown directive 'nmae'");
	bad("Name x\n", 1, "unknown directive 'Name'");
	bad("name\n", 1, "wrong number of arguments: name NAME");
	bad("name a b\n", 1, "wrong number of arguments");
	bad("source\n", 1, "wrong number of arguments: source PATH");
	bad("source a b c d e\n", 1, "wrong number of arguments");
	bad("output dir\n", 1, "wrong number of arguments: output dir|tarball");
	bad("output dir /a /b\n", 1, "wrong number of arguments");
	bad("param\n", 1, "wrong number of arguments: param KEY[=VALUE]");
	bad("epoch\n", 1, "wrong number of arguments");
	bad("include /a /b\n", 1, "wrong number of arguments");
	bad("profile\n", 1, "wrong number of arguments");
	bad("ip4\n", 1, "wrong number of arguments");
	bad("mode exec rc\n", 1, "wrong number of arguments");

	bad(OK_LINES "name m\n", 4, "duplicate 'name' (first on line 1)");
	bad("hostname a\n#\nhostname b\n", 3,
	    "duplicate 'hostname' (first on line 1)");
	bad("mode rc\nmode rc\n", 2, "duplicate 'mode' (first on line 1)");
	bad("epoch 1\nepoch 1\n", 2, "duplicate 'epoch' (first on line 1)");
	bad("output tarball a.txz\noutput mtree m\noutput tarball b.txz\n", 3,
	    "duplicate 'output tarball' (first on line 1)");
	bad("output dir /j\noutput dir /j\n", 2, "duplicate 'output dir'");
	bad("output mtree /j/m\noutput jailconf /j/m\n", 2,
	    "output jailconf is the same path as output mtree (line 1)");
	bad("output vnode /j\n", 1, "unknown output 'vnode'");

	bad("mode jail\n", 1, "bad mode 'jail' (exec or rc)");
	bad("mode EXEC\n", 1, "bad mode");
	bad("epoch -1\n", 1, "bad epoch '-1'");
	bad("epoch +5\n", 1, "bad epoch");
	bad("epoch 12x\n", 1, "bad epoch");
	bad("epoch 1.5\n", 1, "bad epoch");
	bad("epoch 99999999999999999999\n", 1, "bad epoch");

	bad("name a/b\n", 1, "jail name 'a/b': use letters, digits");
	bad("name a:b\n", 1, "jail name");
	bad("name a,b\n", 1, "jail name");
	bad("name caf\xc3\xa9\n", 1, "jail name");
	memset(huge, 'a', 300);
	memcpy(huge, "name ", 5);
	memcpy(huge + 300, "\n", 2);
	bad(huge, 1, "at most 255 bytes");
	bad("hostname ns1/x\n", 1, "host name 'ns1/x'");

	bad("include etc/motd\n", 1, "not an absolute path");
	bad("include /etc/../../x\n", 1, "without '..'");
	bad("include /etc/..\n", 1, "without '..'");

	bad("ip4 300.1.1.1\n", 1, "bad IPv4 address '300.1.1.1'");
	bad("ip4 10.0.0.1/33\n", 1, "bad IPv4 address");
	bad("ip4 10.0.0.1/\n", 1, "bad IPv4 address");
	bad("ip4 10.0.0.1/-1\n", 1, "bad IPv4 address");
	bad("ip4 ::1\n", 1, "bad IPv4 address");
	bad("ip4 |10.0.0.1\n", 1, "bad IPv4 address");
	bad("ip4 em0|\n", 1, "bad IPv4 address");
	bad("ip4 em/0|10.0.0.1\n", 1, "bad IPv4 address");
	bad("ip6 10.0.0.1\n", 1, "bad IPv6 address '10.0.0.1'");
	bad("ip6 ::1/129\n", 1, "bad IPv6 address");
	bad("ip6 fe80::zz\n", 1, "bad IPv6 address");

	bad("param a+b=1\n", 1, "bad jail parameter 'a+b=1'");
	bad("param =1\n", 1, "bad jail parameter");
	bad("param a b\n", 1, "bad jail parameter");
	bad("param host.hostname=x\n", 1,
	    "jail parameter 'host.hostname' comes from 'hostname'");
	bad("param path = /j\n", 1, "comes from 'output dir'");
	bad("param ip4.addr=1.2.3.4\n", 1, "comes from 'ip4'");

	memset(huge, 'x', sizeof(huge));
	memcpy(huge, "\n# ", 3);
	huge[sizeof(huge) - 1] = '\0';
	bad(huge, 2, "line too long");
	badn(OK_LINES "source /a\0b\n", sizeof(OK_LINES "source /a\0b\n") - 1,
	    4, "NUL byte");
}

/* Refused for the whole file: JT_EINVAL (or JT_EFORMAT), path = the file. */
static void
bad_file(const char *t, size_t len, const char *file, int code,
    const char *want)
{
	struct jt_manifest *m = NULL;
	struct jt_err err = { 0 };
	int rc;

	memset(&err, 0, sizeof(err));
	rc = jt_manifest_parse(&m, t, len, file, &err);
	ok(rc == code && m == NULL && strcmp(err.path, file) == 0 &&
	    strstr(err.msg, want) != NULL, "refused: %s: %s", err.path,
	    err.msg);
}

static void
test_file_errors(void)
{
	static const char nosrc[] = "name a\n# source /b.txz\noutput dir /j\n";
	static const char noout[] = "name a\nsource /b.txz\n";
	static const char noname[] = "source /b.txz\noutput dir /j\n";
	char *big;

	bad_file(nosrc, strlen(nosrc), "e/a.jail", JT_EINVAL, "no 'source'");
	bad_file(noout, strlen(noout), "e/a.jail", JT_EINVAL, "no 'output'");
	bad_file("", 0, "e/a.jail", JT_EINVAL, "no 'source'");
	bad_file(noname, strlen(noname), "e/my jail.jail", JT_EINVAL,
	    "file name 'my jail' is not a jail name");
	if ((big = calloc(1, (1 << 20) + 1)) != NULL) {
		memset(big, '\n', (1 << 20) + 1);
		bad_file(big, (1 << 20) + 1, "e/big.jail", JT_EFORMAT,
		    "larger than");
		free(big);
	}
}

static bool
write_file(const char *path, const char *text, size_t len)
{
	FILE *f = fopen(path, "w");
	bool good;

	if (f == NULL)
		return (false);
	good = fwrite(text, 1, len, f) == len;
	return (fclose(f) == 0 && good);
}

static void
test_load(void)
{
	char dir[] = "/tmp/jt-man-XXXXXX", path[PATH_MAX], want[PATH_MAX + 32];
	struct jt_manifest *m;
	struct jt_err err = { 0 };
	char *big;

	if (mkdtemp(dir) == NULL)
		return;
	snprintf(path, sizeof(path), "%s/named.jail", dir);
	write_file(path, full, sizeof(full) - 1);
	if (ok(jt_manifest_load(&m, path, &err) == 0, "load (%s)", err.msg)) {
		snprintf(want, sizeof(want), "%s/site", dir);
		ok(str_is(m->sources[2], want) && str_is(m->file, path),
		    "loaded: relative source from its directory: %s",
		    m->sources[2]);
		jt_manifest_free(m);
	}
	write_file(path, "name x\nmode\n", 12);
	snprintf(want, sizeof(want), "%s:2", path);
	ok(jt_manifest_load(&m, path, &err) == JT_EFORMAT && m == NULL &&
	    strcmp(err.path, want) == 0, "load: errors at file:line (%s)",
	    err.path);
	snprintf(path, sizeof(path), "%s/nosuch.jail", dir);
	ok(jt_manifest_load(&m, path, &err) == JT_ENOENT && m == NULL &&
	    strcmp(err.path, path) == 0, "missing file: %s", err.msg);
	ok(jt_manifest_load(&m, dir, &err) == JT_EINVAL && m == NULL,
	    "a directory: %s", err.msg);
	snprintf(path, sizeof(path), "%s/big.jail", dir);
	if ((big = calloc(1, (1 << 20) + 1)) != NULL) {
		memset(big, '\n', (1 << 20) + 1);
		write_file(path, big, (1 << 20) + 1);
		ok(jt_manifest_load(&m, path, &err) == JT_EFORMAT && m == NULL &&
		    strstr(err.msg, "larger than") != NULL,
		    "a file over 1 MiB: %s", err.msg);
		write_file(path, big, 1 << 20);
		ok(jt_manifest_load(&m, path, &err) == JT_EINVAL &&
		    strstr(err.msg, "no 'source'") != NULL,
		    "a file of exactly 1 MiB is read: %s", err.msg);
		free(big);
	}
	snprintf(path, sizeof(path), "rm -rf '%s'", dir);
	if (system(path) != 0)
		printf("# cleanup failed: %s\n", path);
}

/* Every shipped manifest loads, with a source, an output and a profile. */
static void
test_shipped(void)
{
	const char *src = getenv("JT_SRCDIR");
	char dir[PATH_MAX], cmd[PATH_MAX + 64], name[256], path[PATH_MAX + 256];
	struct jt_fleet *f;
	struct jt_err err = { 0 };
	int n = 0, good = 0;
	FILE *ls;

	if (src == NULL)
		return;
	snprintf(dir, sizeof(dir), "%s/manifests", src);
	snprintf(cmd, sizeof(cmd), "cd '%s' && ls *.jail", dir);
	if ((ls = popen(cmd, "r")) == NULL)
		return;
	while (fgets(name, sizeof(name), ls) != NULL) {
		name[strcspn(name, "\n")] = '\0';
		snprintf(path, sizeof(path), "%s/%s", dir, name);
		n++;
		/* a fleet (prisoners.jail): every jail */
		if (jt_fleet_load(&f, path, &err) == 0) {
			int all = 1;

			for (size_t k = 0; k < f->njails; k++)
				all &= f->jails[k]->nsources > 0 &&
				    f->jails[k]->nprofiles > 0 &&
				    f->jails[k]->has_epoch;
			good += all;
			jt_fleet_free(f);
		} else
			printf("# %s: %s\n", err.path, err.msg);
	}
	pclose(ls);
	ok(n >= 3 && good == n, "%d of %d shipped manifests load", good, n);
}

int
main(void)
{
	test_full();
	test_defaults();
	test_relative();
	test_errors();
	test_file_errors();
	test_load();
	test_shipped();
	return (tap_done());
}
