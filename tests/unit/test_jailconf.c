/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * jail.conf(5) read back: a rendered stanza parses to what was rendered,
 * comments, lists, "+=", global and "*" parameters, variables, choosing a
 * jail and errors by line.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jailtrim/jailconf.h"
#include "jailtrim/names.h"
#include "tap.h"

#define FILE_NAME	"t.conf"

static bool
list_is(const char *const *v, size_t n, const char *const *want, size_t nwant)
{
	if (n != nwant || (n > 0 && v == NULL)) {
		printf("# %zu values, want %zu\n", n, nwant);
		return (false);
	}
	for (size_t i = 0; i < n; i++)
		if (v[i] == NULL || strcmp(v[i], want[i]) != 0) {
			printf("# [%zu] '%s', want '%s'\n", i,
			    v[i] != NULL ? v[i] : "(null)", want[i]);
			return (false);
		}
	return (true);
}

/* The values of key in s are exactly the strings given, in order. */
#define VALS_IS(s, key, ...) vals_is((s), (key), \
	(const char *const[]){ __VA_ARGS__ }, \
	sizeof((const char *const[]){ __VA_ARGS__ }) / sizeof(const char *))

static bool
vals_is(const struct jt_jailconf_stanza *s, const char *key,
    const char *const *want, size_t nwant)
{
	const char *const *v;
	size_t n;

	v = jt_jailconf_values(s, key, &n);
	return (list_is(v, n, want, nwant));
}

static bool
unset(const struct jt_jailconf_stanza *s, const char *key)
{
	size_t n = 42;

	return (jt_jailconf_values(s, key, &n) == NULL && n == 0);
}

/* Parse t for name; print the error on failure. */
static struct jt_jailconf_stanza *
parse(const char *t, const char *name, const char *what)
{
	struct jt_jailconf_stanza *s = NULL;
	struct jt_err err = { 0 };
	int rc;

	rc = jt_jailconf_parse(&s, t, strlen(t), FILE_NAME, name, &err);
	if (!ok(rc == 0 && s != NULL, "%s parses (%d %s: %s)", what, rc,
	    err.path, err.msg)) {
		jt_jailconf_stanza_free(s);
		return (NULL);
	}
	return (s);
}

static bool
str_is(const char *s, const char *want)
{
	return (s != NULL && strcmp(s, want) == 0);
}

/* jt_jailconf_render's output reads back as the same parameters. */
static void
test_round_trip(void)
{
	static const char *const ip4[] = { "192.0.2.1", "em0|192.0.2.2/24" };
	static const char *const ip6[] = { "2001:db8::1" };
	static const char *const start[] = {
		"/bin/sh /etc/rc",
		"echo \"double\" 'single' done",
		"printf 'a\\\\b\\n' > /tmp/x",	/* backslashes */
		"line one\nline two",		/* a newline */
		"tab\there, comma; {brace} # not a comment // nor /* this */",
		"kill $(cat /var/run/x.pid) $$",	/* "$" not a variable */
		"",
	};
	static const char *const params[] = { "allow.raw_sockets=1",
	    "exec.clean", "children.max=0", "exec.prestart=/bin/echo a=b" };
	struct jt_jailconf c = {
		.name = "web-1.example",
		.path = "/jails/web 1",
		.hostname = "www.example.org",
		.ip4 = ip4, .nip4 = 2,
		.ip6 = ip6, .nip6 = 1,
		.exec_start_list = start,
		.nexec_start = sizeof(start) / sizeof(start[0]),
		.exec_stop = "/bin/sh /etc/rc.shutdown \"jail\"",
		.params = params, .nparams = 4,
	};
	struct jt_jailconf_stanza *s;
	struct jt_err err = { 0 };
	const char *const *v;
	char *text;
	size_t n;

	if (!ok(jt_jailconf_render(&c, &text, &err) == 0, "render (%s)",
	    err.msg))
		return;
	if ((s = parse(text, NULL, "rendered stanza")) == NULL) {
		printf("# %s", text);
		free(text);
		return;
	}
	ok(str_is(jt_jailconf_name(s), "web-1.example"), "name %s",
	    jt_jailconf_name(s));
	ok(VALS_IS(s, "path", "/jails/web 1"), "path with a blank");
	ok(VALS_IS(s, "host.hostname", "www.example.org"), "host.hostname");
	ok(VALS_IS(s, "ip4.addr", "192.0.2.1", "em0|192.0.2.2/24"),
	    "ip4.addr list");
	ok(VALS_IS(s, "ip6.addr", "2001:db8::1"), "ip6.addr");
	ok(VALS_IS(s, "mount.devfs", ""), "mount.devfs: a true boolean");
	ok(VALS_IS(s, "devfs_ruleset", "4"), "devfs_ruleset defaults to 4");
	v = jt_jailconf_values(s, "exec.start", &n);
	ok(list_is(v, n, start, sizeof(start) / sizeof(start[0])),
	    "exec.start: %zu commands in order, quotes, backslashes, "
	    "newlines and punctuation kept", n);
	ok(VALS_IS(s, "exec.stop", "/bin/sh /etc/rc.shutdown \"jail\""),
	    "exec.stop");
	ok(VALS_IS(s, "allow.raw_sockets", "1") &&
	    VALS_IS(s, "exec.clean", "") && VALS_IS(s, "children.max", "0") &&
	    VALS_IS(s, "exec.prestart", "/bin/echo a=b"),
	    "params: key=value and flags");
	ok(unset(s, "allow.mount") && unset(s, "exec.poststart"),
	    "what was not rendered is not set");
	jt_jailconf_stanza_free(s);
	free(text);

	/* One exec.start, the hostname from the name, a chosen ruleset. */
	memset(&c, 0, sizeof(c));
	c.name = "db";
	c.path = "/j/db";
	c.devfs_ruleset = 10;
	c.exec_start = "/usr/local/bin/pg \\ \"x\"";
	if (!ok(jt_jailconf_render(&c, &text, &err) == 0, "render (%s)",
	    err.msg))
		return;
	if ((s = parse(text, "db", "minimal rendered stanza")) != NULL) {
		ok(VALS_IS(s, "host.hostname", "db") &&
		    VALS_IS(s, "devfs_ruleset", "10") &&
		    VALS_IS(s, "exec.start", "/usr/local/bin/pg \\ \"x\"") &&
		    unset(s, "exec.stop") && unset(s, "ip4.addr"),
		    "minimal stanza: hostname, ruleset, one exec.start");
		jt_jailconf_stanza_free(s);
	}
	free(text);
}

/*
 * A "$" that is meant literally (a shell variable in a command) must come
 * back as written: the renderer has to quote it so that the reader does
 * not take it for a jail parameter.
 */
static void
test_round_trip_dollar(void)
{
	static const char *const start[] = { "echo $HOME ${USER}" };
	struct jt_jailconf c = { .name = "d", .path = "/j/d",
	    .exec_start_list = start, .nexec_start = 1 };
	struct jt_jailconf_stanza *s;
	struct jt_err err = { 0 };
	char *text;

	if (!ok(jt_jailconf_render(&c, &text, &err) == 0, "render (%s)",
	    err.msg))
		return;
	if ((s = parse(text, NULL, "stanza with shell variables")) != NULL) {
		ok(VALS_IS(s, "exec.start", "echo $HOME ${USER}"),
		    "a shell variable in exec.start survives render + parse");
		jt_jailconf_stanza_free(s);
	}
	free(text);
}

static void
test_comments(void)
{
	static const char t[] =
	    "# a comment line\n"
	    "// another\n"
	    "/* a C comment\n"
	    "   over lines { ; } = */\n"
	    "web { # after the brace\n"
	    "\tpath = /jails/web; // after a value\n"
	    "\t/* inside */ host.hostname /* between */ = /* and */ "
	    "\"h.example\";\n"
	    "\t# exec.start = \"commented out\";\n"
	    "\t// exec.stop = \"commented out\";\n"
	    "\t/* allow.mount;\n"
	    "\t   allow.raw_sockets; */\n"
	    "\texec.start = \"a # b // c /* d */\";\n"
	    "\tbad value;\n"
	    "}\n";
	struct jt_jailconf_stanza *s;
	struct jt_err err = { 0 };
	const char *ok_part;
	char *good;
	size_t len;

	/* Everything but the last two lines, closed. */
	ok_part = strstr(t, "\tbad value;");
	len = (size_t)(ok_part - t);
	if ((good = malloc(len + 3)) == NULL)
		return;
	memcpy(good, t, len);
	memcpy(good + len, "}\n", 3);
	if ((s = parse(good, "web", "comments of three kinds")) != NULL) {
		ok(VALS_IS(s, "path", "/jails/web"), "path after comments");
		ok(VALS_IS(s, "host.hostname", "h.example"),
		    "comments between key, = and value");
		ok(VALS_IS(s, "exec.start", "a # b // c /* d */"),
		    "comment markers inside quotes are text");
		ok(unset(s, "exec.stop") && unset(s, "allow.mount") &&
		    unset(s, "allow.raw_sockets"), "commented-out parameters "
		    "are not set");
		jt_jailconf_stanza_free(s);
	}
	free(good);
	/* The line count goes on through every kind of comment. */
	s = NULL;
	ok(jt_jailconf_parse(&s, t, strlen(t), FILE_NAME, "web", &err) ==
	    JT_EFORMAT && s == NULL && strcmp(err.path, FILE_NAME ":13") == 0,
	    "line numbers count comment lines: %s: %s", err.path, err.msg);
}

static void
test_values(void)
{
	static const char t[] =
	    "j {\n"
	    "\tip4.addr = 10.0.0.1, 10.0.0.2 ,10.0.0.3;\n"
	    "\tip6.addr = \"::1\",'fe80::1%lo0';\n"
	    "\tpath = /jails/\"my jail\"/'x y';\n"
	    "\texec.start = \"one, two\";\n"
	    "\texec.start += \"three\";\n"
	    "\texec.start += four, five;\n"
	    "\texec.stop = \"one\\\n"
	    "two\";\n"
	    "\tallow.mount;\n"
	    "\tsecurelevel = 1;\n"
	    "\tsecurelevel = 3;\n"
	    "\tpersist;\n"
	    "\tpersist = 0;\n"
	    "\tenforce_statfs = 1;\n"
	    "\tenforce_statfs;\n"
	    "\tquoted = \"tab\\tnl\\nq\\\"bs\\\\\"'single';\n"
	    "}\n";
	struct jt_jailconf_stanza *s;

	if ((s = parse(t, NULL, "values")) == NULL)
		return;
	ok(VALS_IS(s, "ip4.addr", "10.0.0.1", "10.0.0.2", "10.0.0.3"),
	    "\"key = a, b, c;\" is a list");
	ok(VALS_IS(s, "ip6.addr", "::1", "fe80::1%lo0"), "quoted list");
	ok(VALS_IS(s, "path", "/jails/my jail/x y"),
	    "bare and quoted parts run together");
	ok(VALS_IS(s, "exec.start", "one, two", "three", "four", "five"),
	    "\"+=\" appends in order; a comma inside quotes is text");
	ok(VALS_IS(s, "exec.stop", "onetwo"), "backslash-newline joins");
	ok(VALS_IS(s, "allow.mount", ""), "\"key;\" is one empty value");
	ok(VALS_IS(s, "securelevel", "3"), "a later \"=\" replaces");
	ok(VALS_IS(s, "persist", "0") && VALS_IS(s, "enforce_statfs", ""),
	    "\"=\" replaces a boolean and \"key;\" replaces a value");
	ok(VALS_IS(s, "quoted", "tab\tnl\nq\"bs\\single"),
	    "escapes in double quotes; quoted parts run together");
	ok(unset(s, "nosuch"), "an unset key: NULL, 0");
	jt_jailconf_stanza_free(s);
	jt_jailconf_stanza_free(NULL);
	ok(1, "jt_jailconf_stanza_free(NULL) is a no-op");
}

/* Global parameters, then "*", then the jail's own: later ones win. */
static void
test_inherit(void)
{
	static const char t[] =
	    "path = \"/global\";\n"
	    "host.hostname = global.example;\n"
	    "securelevel = 1;\n"
	    "mount.devfs;\n"
	    "exec.start = \"/bin/sh /etc/rc\";\n"
	    "exec.stop = \"/bin/sh /etc/rc.shutdown\";\n"
	    "ip4.addr = 10.0.0.1;\n"
	    "* {\n"
	    "\tsecurelevel = 2;\n"
	    "\tallow.raw_sockets;\n"
	    "\tpath = \"/star\";\n"
	    "\tip4.addr += 10.0.0.2;\n"
	    "}\n"
	    "web {\n"
	    "\tpath = \"/jails/web\";\n"
	    "\tmount.devfs = false;\n"
	    "\texec.start += \"/usr/local/bin/web\";\n"
	    "}\n"
	    "db {\n"
	    "\tpath = \"/jails/db\";\n"
	    "}\n";
	struct jt_jailconf_stanza *s;

	if ((s = parse(t, "web", "globals and \"*\"")) != NULL) {
		ok(str_is(jt_jailconf_name(s), "web"), "web chosen by name");
		ok(VALS_IS(s, "path", "/jails/web"),
		    "the jail's own path wins over \"*\" and global");
		ok(VALS_IS(s, "host.hostname", "global.example"),
		    "a global parameter applies");
		ok(VALS_IS(s, "securelevel", "2"), "\"*\" wins over global");
		ok(VALS_IS(s, "allow.raw_sockets", ""),
		    "a \"*\" boolean applies");
		ok(VALS_IS(s, "mount.devfs", "false"),
		    "the jail's own boolean wins");
		ok(VALS_IS(s, "exec.stop", "/bin/sh /etc/rc.shutdown"),
		    "global exec.stop");
		ok(VALS_IS(s, "exec.start", "/bin/sh /etc/rc",
		    "/usr/local/bin/web"),
		    "\"+=\" in the jail appends to the global \"=\"");
		ok(VALS_IS(s, "ip4.addr", "10.0.0.1", "10.0.0.2"),
		    "\"+=\" in \"*\" appends to the global \"=\"");
		jt_jailconf_stanza_free(s);
	}
	if ((s = parse(t, "db", "globals and \"*\" for db")) != NULL) {
		ok(str_is(jt_jailconf_name(s), "db") &&
		    VALS_IS(s, "path", "/jails/db") &&
		    VALS_IS(s, "securelevel", "2") &&
		    VALS_IS(s, "mount.devfs", "") &&
		    VALS_IS(s, "exec.start", "/bin/sh /etc/rc") &&
		    unset(s, "exec.poststart"),
		    "db gets the globals, \"*\" and its own path, not web's");
		jt_jailconf_stanza_free(s);
	}
}

static void
test_variables(void)
{
	static const char t[] =
	    "path = \"/jails/$name\";\n"
	    "host.hostname = \"${name}.example.org\";\n"
	    "web {\n"
	    "\tip4.addr = 10.0.0.9;\n"
	    "\texec.prestart = \"mkdir -p ${path}/tmp\", "
	    "\"echo ${ip4.addr}\";\n"
	    "\texec.poststart = \"cost: $ 5$\", \"${\", \"${}\", \"a$\";\n"
	    "\texec.poststop = \"${nosuch}|$nosuch|\";\n"
	    "\tmount.fstab = /etc/fstab.$name;\n"
	    "}\n";
	struct jt_jailconf_stanza *s;

	if ((s = parse(t, NULL, "variables")) == NULL)
		return;
	ok(VALS_IS(s, "path", "/jails/web"), "$name in a global value");
	ok(VALS_IS(s, "host.hostname", "web.example.org"), "${name}");
	ok(VALS_IS(s, "exec.prestart", "mkdir -p /jails/web/tmp",
	    "echo 10.0.0.9"), "${path} after path was expanded, ${key} "
	    "with dots");
	ok(VALS_IS(s, "exec.poststart", "cost: $ 5$", "${", "${}", "a$"),
	    "a lone \"$\" is kept");
	ok(VALS_IS(s, "exec.poststop", "||"), "an unset variable is empty");
	ok(VALS_IS(s, "mount.fstab", "/etc/fstab.web"), "$name in a bare "
	    "word");
	jt_jailconf_stanza_free(s);
	/*
	 * found by fuzz_jailconf: a value that refers to itself, a cycle;
	 * jail(8) fails the jail with "variable loop" (config.c)
	 */
	{
		static const char cyc[] = "x {\n\tpath = \"a ${path}/rc\";\n"
		    "\ta = \"$b\";\n\tb = \"$a.\";\n}\n";
		struct jt_err err = { 0 };

		s = NULL;
		ok(jt_jailconf_parse(&s, cyc, strlen(cyc), FILE_NAME, NULL,
		    &err) == JT_EFORMAT && s == NULL &&
		    strstr(err.msg, "variable loop") != NULL,
		    "a value naming itself is a variable loop (%s)", err.msg);
		jt_jailconf_stanza_free(s);
	}
}

/*
 * Variables as jail(8) reads them (usr.sbin/jail/jaillex.l): a bare
 * "$name" ends at the first character outside [A-Za-z0-9_], so that
 * "$name.example.org" is the name and a domain; nothing expands inside
 * single quotes; a variable may refer to a parameter set later that
 * itself holds a variable (config.c resolves those first).
 */
static void
test_variables_jail8(void)
{
	static const char t[] =
	    "exec.start = \"ls ${path}\";\n"
	    "web {\n"
	    "\thost.hostname = \"$name.example.org\";\n"
	    "\texec.stop = 'echo $name';\n"
	    "\texec.poststart = \"cd ${path}\";\n"
	    "\tpath = \"/jails/$name\";\n"
	    "}\n";
	struct jt_jailconf_stanza *s;

	if ((s = parse(t, NULL, "jail(8) variables")) == NULL)
		return;
	ok(VALS_IS(s, "host.hostname", "web.example.org"),
	    "\"$name.example.org\": $name, then the text");
	ok(VALS_IS(s, "exec.stop", "echo $name"),
	    "no expansion inside single quotes");
	ok(VALS_IS(s, "exec.poststart", "cd /jails/web"),
	    "${path} before path = \"/jails/$name\" in the same jail");
	ok(VALS_IS(s, "exec.start", "ls /jails/web"),
	    "a global ${path} with the jail's path = \"/jails/$name\"");
	ok(VALS_IS(s, "path", "/jails/web"), "path");
	jt_jailconf_stanza_free(s);
}

static void
test_choose(void)
{
	static const char two[] =
	    "a { path = /a; }\n"
	    "b { path = /b; }\n";
	static const char one[] =
	    "securelevel = 3;\n"
	    "* { persist; }\n"
	    "only { path = /only; }\n";
	struct jt_jailconf_stanza *s;
	struct jt_err err = { 0 };

	if ((s = parse(two, "b", "two jails, b chosen")) != NULL) {
		ok(str_is(jt_jailconf_name(s), "b") && VALS_IS(s, "path", "/b"),
		    "b's parameters, not a's");
		jt_jailconf_stanza_free(s);
	}
	if ((s = parse(two, "a", "two jails, a chosen")) != NULL) {
		ok(str_is(jt_jailconf_name(s), "a") && VALS_IS(s, "path", "/a"),
		    "a's parameters, not b's");
		jt_jailconf_stanza_free(s);
	}
	if ((s = parse(one, NULL, "one jail and \"*\", name NULL")) != NULL) {
		ok(str_is(jt_jailconf_name(s), "only") &&
		    VALS_IS(s, "path", "/only") && VALS_IS(s, "persist", "") &&
		    VALS_IS(s, "securelevel", "3"),
		    "the only jail, \"*\" not counted as one");
		jt_jailconf_stanza_free(s);
	}

	s = NULL;
	ok(jt_jailconf_parse(&s, two, strlen(two), FILE_NAME, NULL, &err) ==
	    JT_EINVAL && s == NULL && strcmp(err.path, FILE_NAME) == 0,
	    "two jails, name NULL: JT_EINVAL (%s: %s)", err.path, err.msg);
	ok(jt_jailconf_parse(&s, two, strlen(two), FILE_NAME, "c", &err) ==
	    JT_ENOENT && s == NULL && strcmp(err.path, FILE_NAME) == 0 &&
	    strstr(err.msg, "c") != NULL,
	    "no jail c: JT_ENOENT (%s: %s)", err.path, err.msg);
	ok(jt_jailconf_parse(&s, two, strlen(two), FILE_NAME, "*", &err) ==
	    JT_ENOENT && s == NULL, "\"*\" is not a jail: JT_ENOENT");
	ok(jt_jailconf_parse(&s, one, (size_t)(strstr(one, "only") - one),
	    FILE_NAME, NULL, &err) == JT_ENOENT && s == NULL,
	    "globals and \"*\" only: JT_ENOENT (%s)", err.msg);
	ok(jt_jailconf_parse(&s, "", 0, FILE_NAME, NULL, &err) == JT_ENOENT &&
	    s == NULL, "an empty file: JT_ENOENT");
	ok(jt_jailconf_parse(&s, "# nothing\n", 10, FILE_NAME, "x", &err) ==
	    JT_ENOENT && s == NULL, "only a comment: JT_ENOENT");
	/* len, not the NUL, ends the text */
	memset(&err, 0, sizeof(err));
	if (ok(jt_jailconf_parse(&s, two, 17, FILE_NAME, NULL, &err) == 0 &&
	    s != NULL, "text cut at len: one jail (%s)", err.msg)) {
		ok(str_is(jt_jailconf_name(s), "a"), "a");
		jt_jailconf_stanza_free(s);
	}
}

/* t refused as JT_EFORMAT at t.conf:line with want in the message. */
static void
bad(const char *t, int line, const char *want)
{
	struct jt_jailconf_stanza *s = NULL;
	struct jt_err err;
	char where[64];
	int rc;

	memset(&err, 0, sizeof(err));
	rc = jt_jailconf_parse(&s, t, strlen(t), FILE_NAME, NULL, &err);
	snprintf(where, sizeof(where), FILE_NAME ":%d", line);
	ok(rc == JT_EFORMAT && s == NULL && strcmp(err.path, where) == 0 &&
	    strstr(err.msg, want) != NULL, "refused at %s: %s: %s", where,
	    err.path, err.msg);
	jt_jailconf_stanza_free(s);
}

static void
test_errors(void)
{
	char *huge;

	bad("a {\n\tpath = \"/x;\n}\n", 2, "unterminated quoted string");
	bad("a {\n\tpath = '/x;\n\n}\n", 2, "unterminated quoted string");
	bad("a {\n\tpath = \"/x\\\";\n}\n", 2, "unterminated quoted string");
	bad("a {\n\tpath = /x;\n}\n\"", 4, "unterminated quoted string");
	bad("a {\n\tpath = /x;\n}\n/* open\n", 4, "unterminated comment");
	bad("a {\n\tpath = /x; /* open\n\n}\n", 2, "unterminated comment");
	bad("/*/", 1, "unterminated comment");
	bad("a {\n\tpath = /x;\n", 3, "missing }");
	bad("a {\n\tpath = /x;", 2, "missing }");
	bad("a {\n\tpath = /x;\n\tb {\n\t}\n}\n", 3, "a jail inside a jail");
	bad("a {\n\tb\n\t{ }\n}\n", 3, "a jail inside a jail");
	bad("a {\n\tpath /x;\n}\n", 2, "expected =, += or ;");
	bad("path /x;\na {\n}\n", 1, "expected =, += or ;");
	bad("a {\n\tpath\n\t/x;\n}\n", 3, "expected =, += or ;");
	bad("a {\n\tpath = /x /y;\n}\n", 2, "expected , or ;");
	bad("a {\n\tpath = /x\n}\n", 3, "expected , or ;");
	bad("a {\n\tpath = ,;\n}\n", 2, "expected a value");
	bad("a {\n\tpath = /x,;\n}\n", 2, "expected a value");
	bad("a {\n\tpath;\n}\n}\n", 4, "expected a jail name");
	bad("a {\n\t= /x;\n}\n", 2, "expected a jail name");
	bad("a {\n\tpath", 2, "expected =, += or ;");
	bad("{ }\n", 1, "expected a jail name");
	if ((huge = malloc(20000)) != NULL) {
		memcpy(huge, "a {\n\tpath = \"", 13);
		memset(huge + 13, 'x', 20000 - 13 - 5);
		memcpy(huge + 20000 - 5, "\";}\n", 5);
		bad(huge, 2, "value too long");
		memcpy(huge, "a {\n\tpath = /", 13);
		bad(huge, 2, "too long");
		free(huge);
	}
}

/* One rule for a jail name, whichever input names it (jailtrim/names.h). */
static void
test_name_rule(void)
{
	char name[300];
	struct jt_err err;

	memset(name, 'a', sizeof(name));
	name[JT_NAME_MAX] = '\0';
	ok(jt_jailconf_check_name(name, &err) == 0, "a %d-byte name is taken",
	    JT_NAME_MAX);
	name[JT_NAME_MAX] = 'a';
	name[JT_NAME_MAX + 1] = '\0';
	ok(jt_jailconf_check_name(name, &err) == JT_EINVAL &&
	    strstr(err.msg, "at most 255 bytes") != NULL,
	    "a %d-byte name is refused, as a manifest refuses it (%s)",
	    JT_NAME_MAX + 1, err.msg);
	ok(jt_jailconf_check_name("www-1.example", &err) == 0 &&
	    jt_jailconf_check_name("a b", &err) == JT_EINVAL &&
	    jt_jailconf_check_name("", &err) == JT_EINVAL,
	    "letters, digits, '_', '-', '.' only, not empty");
}

int
main(void)
{
	test_name_rule();
	test_round_trip();
	test_round_trip_dollar();
	test_comments();
	test_values();
	test_inherit();
	test_variables();
	test_variables_jail8();
	test_choose();
	test_errors();
	return (tap_done());
}
