/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * jail.conf from hostile parameters: whatever a profile, a manifest or
 * the command line puts in a value comes back from jailtrim's reader as
 * exactly that value of exactly one jail; a parameter name that is not a
 * jail(8) name, or one the stanza sets itself, is refused and nothing is
 * rendered.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jailtrim/jailconf.h"
#include "tap.h"

/* The only value of key, or NULL. */
static const char *
one(const struct jt_jailconf_stanza *s, const char *key)
{
	const char *const *v;
	size_t n;

	v = jt_jailconf_values(s, key, &n);
	return (n == 1 ? v[0] : NULL);
}

static bool
same(const char *got, const char *want)
{
	if (got != NULL && strcmp(got, want) == 0)
		return (true);
	printf("# got '%s'\n# want '%s'\n", got ? got : "(none)", want);
	return (false);
}

/* Render c and read it back as the only jail of the file. */
static struct jt_jailconf_stanza *
round_trip(const struct jt_jailconf *c, char **text)
{
	struct jt_jailconf_stanza *s = NULL;
	struct jt_err err;

	*text = NULL;
	if (jt_jailconf_render(c, text, &err) != 0) {
		printf("# render: %s\n", err.msg);
		return (NULL);
	}
	/* name NULL: JT_EINVAL if the text holds more than one jail. */
	if (jt_jailconf_parse(&s, *text, strlen(*text), "hostile.conf", NULL,
	    &err) != 0) {
		printf("# read back: %s: %s\n%s", err.path, err.msg, *text);
		return (NULL);
	}
	return (s);
}

static void
test_values(void)
{
	static const char path[] = "/j/a\"; } evil { path = \"/";
	static const char host[] = "h$name ${path} \\";
	static const char cmd[] = "/bin/sh -c 'echo \"}\"; x=$PATH' \\\n";
	static const char stop[] = "/bin/kill \"; } x { path=\"/\"; #";
	static const char *const ip4[] = { "lo1|127.0.0.2/32\", \"10.0.0.1" };
	static const char *const params[] = {
		"exec.prestart=x\"; } evil { path = \"/",
		"comment.one = tab\there; and\nnewline {}",
		"exec.poststop='single' \"double\" $dollar ${var} \\",
		"persist",
	};
	struct jt_jailconf c = { .name = "web", .path = path,
	    .hostname = host, .ip4 = ip4, .nip4 = 1, .exec_start = cmd,
	    .exec_stop = stop, .params = params, .nparams = 4 };
	struct jt_jailconf_stanza *s;
	char *text;

	s = round_trip(&c, &text);
	ok(s != NULL && strcmp(jt_jailconf_name(s), "web") == 0,
	    "hostile values: one jail, named web");
	if (s == NULL) {
		free(text);
		return;
	}
	ok(same(one(s, "path"), path), "path read back as given");
	ok(same(one(s, "host.hostname"), host), "hostname as given");
	ok(same(one(s, "ip4.addr"), ip4[0]), "address as given");
	ok(same(one(s, "exec.start"), cmd), "exec.start as given");
	ok(same(one(s, "exec.stop"), stop), "exec.stop as given");
	ok(same(one(s, "exec.prestart"), "x\"; } evil { path = \"/"),
	    "exec.prestart as given");
	ok(same(one(s, "comment.one"), " tab\there; and\nnewline {}"),
	    "a value with ';', braces, a tab and a newline");
	ok(same(one(s, "exec.poststop"),
	    "'single' \"double\" $dollar ${var} \\"), "quotes and dollars");
	ok(same(one(s, "persist"), ""), "a flag");
	ok(one(s, "evil") == NULL && one(s, "x") == NULL,
	    "no stray parameter");
	jt_jailconf_stanza_free(s);
	free(text);
}

/* A parameter that must be refused, and nothing rendered. */
static void
refused(const char *param, const char *why)
{
	const char *params[] = { "allow.raw_sockets=0", param };
	struct jt_jailconf c = { .name = "web", .path = "/j/web",
	    .params = params, .nparams = 2 };
	struct jt_err err = { 0 };
	char *text = NULL;
	int rc;

	rc = jt_jailconf_render(&c, &text, &err);
	ok(rc == JT_EINVAL && text == NULL, "refused: %s", why);
	if (text != NULL)
		printf("# rendered:\n%s", text);
	free(text);
}

static void
test_names(void)
{
	const char *good[] = { "allow.raw_sockets=0", "persist",
	    "exec.jail_user=www", "children.max=0", "nopersist",
	    "allow.mount.devfs" };
	struct jt_jailconf c = { .name = "web", .path = "/j/web",
	    .params = good, .nparams = sizeof(good) / sizeof(good[0]) };
	struct jt_jailconf_stanza *s;
	char *text;

	refused("persist;}evil{path=/", "the issue's injection");
	refused("persist;}evil{path", "';' and braces in a name");
	refused("path=/", "path set again (last one wins in jail(8))");
	refused("path", "path as a flag");
	refused("name=other", "the jail's name");
	refused("host.hostname=x", "the hostname");
	refused("ip4.addr=0.0.0.0", "an address");
	refused("a b=1", "a blank inside a name");
	refused("\"quoted\"=1", "a quoted name");
	refused("=1", "an empty name");
	refused("", "an empty parameter");
	refused(".x=1", "a leading dot");
	refused("x.=1", "a trailing dot");
	refused("a..b=1", "two dots");
	refused("x$y=1", "a '$' in a name");
	refused("x#=1", "a comment in a name");
	refused("exec.start+=x", "'+=' in a name");
	refused("exec.prestart=a\rb", "a carriage return in a value");
	refused("exec.prestart=a\001b", "a control character in a value");
	s = round_trip(&c, &text);
	ok(s != NULL && same(one(s, "allow.raw_sockets"), "0") &&
	    same(one(s, "exec.jail_user"), "www") &&
	    same(one(s, "allow.mount.devfs"), ""),
	    "real jail(8) parameter names are kept");
	jt_jailconf_stanza_free(s);
	free(text);
}

int
main(void)
{
	test_values();
	test_names();
	return (tap_done());
}
