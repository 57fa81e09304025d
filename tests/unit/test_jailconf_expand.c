/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * jail.conf variables that no input can blow up (issue 9): a value that
 * names itself many times, values that double at each reference, and
 * references nested deeper than any real file has are clear errors, in
 * bounded time; legitimate nesting still expands fully.
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "jailtrim/jailconf.h"
#include "tap.h"

#define FILE_NAME	"t.conf"

/* A hang or an exponential blow-up is a failure, not a slow pass. */
static void
on_alarm(int sig)
{
	static const char msg[] = "not ok - expansion took over 20 s\n";

	(void)sig;
	if (write(STDOUT_FILENO, msg, sizeof(msg) - 1) < 0)
		_exit(2);	/* nothing else to do in a handler */
	_exit(1);
}

/* Parse t; the error message (or "") in msg. */
static int
parse(const char *t, struct jt_jailconf_stanza **s, char *msg, size_t len)
{
	struct jt_err err = { 0 };
	int rc;

	*s = NULL;
	rc = jt_jailconf_parse(s, t, strlen(t), FILE_NAME, NULL, &err);
	snprintf(msg, len, "%s: %s", err.path, err.msg);
	return (rc);
}

static void
expect_error(const char *t, const char *want, const char *what)
{
	struct jt_jailconf_stanza *s;
	char msg[4096];
	int rc = parse(t, &s, msg, sizeof(msg));

	ok(rc == JT_EFORMAT && s == NULL && strstr(msg, want) != NULL,
	    "%s: an error naming '%s' (rc %d, '%s')", what, want, rc, msg);
	jt_jailconf_stanza_free(s);
}

/* The 291-byte kind: one value naming itself a dozen times. */
static void
test_self_loop(void)
{
	expect_error("x {\n\tpath = \"$path$path$path$path$path$path$path"
	    "$path$path$path$path$path$path$path$path$path\";\n}\n",
	    "variable loop", "a value naming itself 16 times");
	expect_error("x {\n\ta = \"$b$b$b$b$b$b$b$b$b$b\";\n"
	    "\tb = \"$a$a$a$a$a$a$a$a$a$a\";\n\tpath = \"$a\";\n}\n",
	    "variable loop", "two values naming each other");
}

/* v0 = "$v1$v1", v1 = "$v2$v2", ... v30 = "xxxx": 4 GiB. */
static void
test_doubling(void)
{
	char t[4096];
	size_t n = 0;

	n += (size_t)snprintf(t + n, sizeof(t) - n, "x {\n");
	for (int i = 0; i < 30; i++)
		n += (size_t)snprintf(t + n, sizeof(t) - n,
		    "\tv%d = \"${v%d}${v%d}\";\n", i, i + 1, i + 1);
	n += (size_t)snprintf(t + n, sizeof(t) - n, "\tv30 = xxxx;\n}\n");
	expect_error(t, "expand to more than 1 MiB",
	    "values doubling 30 times");
}

/* A chain of n references: v0 = "${v1}/0", ..., v<n> = "end". */
static void
chain(char *t, size_t len, int depth)
{
	size_t n = 0;

	n += (size_t)snprintf(t + n, len - n, "x {\n");
	for (int i = 0; i < depth; i++)
		n += (size_t)snprintf(t + n, len - n, "\tv%d = \"${v%d}/%d\";\n",
		    i, i + 1, i);
	(void)snprintf(t + n, len - n, "\tv%d = end;\n}\n", depth);
}

static void
test_nesting(void)
{
	struct jt_jailconf_stanza *s;
	const char *const *v;
	char t[8192], want[512], msg[2048];
	size_t n = 0, nv;
	int rc;

	/* 20 levels: deeper than jail(8) users write, and all expanded */
	chain(t, sizeof(t), 20);
	n += (size_t)snprintf(want + n, sizeof(want) - n, "end");
	for (int i = 19; i >= 0; i--)
		n += (size_t)snprintf(want + n, sizeof(want) - n, "/%d", i);
	rc = parse(t, &s, msg, sizeof(msg));
	v = s != NULL ? jt_jailconf_values(s, "v0", &nv) : NULL;
	ok(rc == 0 && v != NULL && nv == 1 && strcmp(v[0], want) == 0,
	    "20 nested references expand fully (rc %d, '%s', got '%s')", rc,
	    msg, v != NULL ? v[0] : "(none)");
	jt_jailconf_stanza_free(s);
	/* 200 levels: a clear error, not a deep recursion */
	{
		static char big[16384];

		chain(big, sizeof(big), 200);
		expect_error(big, "nested too deeply", "200 nested references");
	}
}

/* A referenced value that holds a lone "$" is still substituted. */
static void
test_lone_dollar(void)
{
	struct jt_jailconf_stanza *s;
	const char *const *v;
	char msg[4096];
	size_t nv;
	int rc;

	rc = parse("x {\n\tprice = \"5 $\";\n\tpath = \"/j/${price}\";\n}\n",
	    &s, msg, sizeof(msg));
	v = s != NULL ? jt_jailconf_values(s, "path", &nv) : NULL;
	ok(rc == 0 && v != NULL && strcmp(v[0], "/j/5 $") == 0,
	    "a value with a lone $ is substituted (got '%s')",
	    v != NULL ? v[0] : "(none)");
	jt_jailconf_stanza_free(s);
}

/*
 * Values that keep a lone "$" once expanded, each naming the next ten
 * times, nine deep: expanded once each, the result is 10^9 bytes, an
 * error; re-expanding them at every reference took minutes of CPU.
 */
static void
test_fanout(void)
{
	char t[4096];
	size_t n = 0;

	n += (size_t)snprintf(t + n, sizeof(t) - n, "x {\n");
	for (int i = 0; i < 9; i++) {
		n += (size_t)snprintf(t + n, sizeof(t) - n, "\tv%d = \"$ ", i);
		for (int j = 0; j < 10; j++)
			n += (size_t)snprintf(t + n, sizeof(t) - n, "$v%d", i + 1);
		n += (size_t)snprintf(t + n, sizeof(t) - n, "\";\n");
	}
	n += (size_t)snprintf(t + n, sizeof(t) - n, "\tv9 = \"$\";\n}\n");
	expect_error(t, "expand to more than 1 MiB",
	    "values naming the next ten times, nine deep");
}

/*
 * A jail name holding "$" (jail(8) takes the name as it is written): its
 * "$name" is substituted literally, once.  Expanding the name's own text
 * again at every reference was exponential: a 250-byte file took minutes.
 */
static void
test_dollar_name(void)
{
	static const char name[] = "${x}${x}${x}${x}${x}${x}${x}${x}${x}"
	    "${x}${x}${x}${x}${x}${x}${x}";
	struct jt_jailconf_stanza *s;
	const char *const *v;
	char t[1024], msg[4096];
	size_t nv;
	int rc;

	(void)snprintf(t, sizeof(t), "\"%s\" {\n\tx = \"$name\";\n"
	    "\tpath = \"/j/$x\";\n}\n", name);
	rc = parse(t, &s, msg, sizeof(msg));
	v = s != NULL ? jt_jailconf_values(s, "path", &nv) : NULL;
	ok(rc == 0 && v != NULL && strncmp(v[0], "/j/", 3) == 0 &&
	    strcmp(v[0] + 3, name) == 0, "a name with \"$\" is substituted "
	    "literally (rc %d, '%s', got '%s')", rc, msg,
	    v != NULL ? v[0] : "(none)");
	jt_jailconf_stanza_free(s);
}

int
main(void)
{
	signal(SIGALRM, on_alarm);
	alarm(20);
	test_self_loop();
	test_doubling();
	test_nesting();
	test_lone_dollar();
	test_fanout();
	test_dollar_name();
	return (tap_done());
}
