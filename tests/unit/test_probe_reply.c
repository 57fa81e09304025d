/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The request-and-reply probes (redis: PING -> +PONG, memcached: version
 * -> VERSION): their probe lines, the profile directive that names them,
 * and the checker on the replies real servers send (and refuse with).
 * The live servers are started by the e2e test verify_start_kv.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jailtrim/probe.h"
#include "jailtrim/profile.h"
#include "probe_int.h"
#include "tap.h"

static void
parses(const char *spec)
{
	struct jt_probe *p = NULL;
	struct jt_err err;

	ok(jt_probe_parse(&p, spec, &err) == 0 && p != NULL &&
	    strcmp(jt_probe_spec(p), spec) == 0, "parses '%s' (%s)", spec,
	    p == NULL ? err.msg : "");
	jt_probe_free(p);
}

static void
refused(const char *spec, const char *want)
{
	struct jt_probe *p = NULL;
	struct jt_err err;

	ok(jt_probe_parse(&p, spec, &err) == JT_EINVAL && p == NULL &&
	    strstr(err.msg, want) != NULL, "refuses '%s': %s", spec, err.msg);
}

static void
test_parse(void)
{
	parses("redis 6379");
	parses("memcached 11211");
	refused("redis", "missing arguments (redis PORT)");
	refused("memcached 11211 VERSION", "too many arguments "
	    "(memcached PORT)");
	refused("redis 0", "port '0' is not 1..65535");
	refused("mongodb 27017", "unknown kind 'mongodb' (tcp, dns, http, "
	    "redis, memcached, smtp, imap, pgsql)");
	ok(jt_probe_kind_ok("redis") && jt_probe_kind_ok("memcached") &&
	    jt_probe_kind_ok("tcp") && !jt_probe_kind_ok("Redis") &&
	    !jt_probe_kind_ok(""), "the kinds are the parser's");
}

static void
reply(const char *buf, const char *service, const char *want, int rc,
    const char *msg)
{
	struct jt_err err = { 0 };
	char detail[128] = "unset";
	int got = jt_probe_reply_check(buf, strlen(buf), service, want,
	    detail, sizeof(detail), &err);

	if (rc == 0)
		ok(got == 0 && strcmp(detail, msg) == 0, "'%s' is %s's "
		    "answer: %s", want, service, detail);
	else
		ok(got == rc && strcmp(err.msg, msg) == 0, "%s: %s", service,
		    err.msg);
}

static void
test_check(void)
{
	reply("+PONG\r\n", "redis", "+PONG", 0, "reply +PONG");
	reply("VERSION 1.6.18\r\n", "memcached", "VERSION ", 0,
	    "reply VERSION 1.6.18");
	/* requirepass set: redis answers, but not PONG */
	reply("-NOAUTH Authentication required.\r\n", "redis", "+PONG",
	    JT_EFORMAT, "redis answered '-NOAUTH Authentication required.', "
	    "wanted '+PONG'");
	reply("ERROR\r\n", "memcached", "VERSION ", JT_EFORMAT,
	    "memcached answered 'ERROR', wanted 'VERSION '");
	/* cut short, and bytes a terminal must not see */
	reply("+PON", "redis", "+PONG", JT_EFORMAT,
	    "redis answered '+PON', wanted '+PONG'");
	reply("\x1b[2J+PONG", "redis", "+PONG", JT_EFORMAT,
	    "redis answered '?[2J+PONG', wanted '+PONG'");
	reply("", "redis", "+PONG", JT_EFORMAT,
	    "redis answered '', wanted '+PONG'");
}

static void
test_profile(void)
{
	static const char text[] =
	    "probe redis 6379\n"
	    "probe memcached 11211\n";
	struct jt_profile *p = NULL;
	struct jt_err err;

	ok(jt_profile_parse(&p, text, sizeof(text) - 1, "kv.profile",
	    JT_PLAT_GLIBC, &err) == 0 && p->nitems == 2,
	    "a profile may name redis and memcached probes (%s)",
	    p == NULL ? err.msg : "");
	jt_profile_free(p);
	p = NULL;
	ok(jt_profile_parse(&p, "probe mongodb 1\n", 16, "kv.profile",
	    JT_PLAT_GLIBC, &err) == JT_EFORMAT && strstr(err.msg,
	    "unknown probe 'mongodb' (tcp, dns, http, redis, memcached, smtp, "
	    "imap, pgsql)") !=
	    NULL, "an unknown kind is named with the list: %s", err.msg);
	jt_profile_free(p);
}

int
main(void)
{
	test_parse();
	test_check();
	test_profile();
	return (tap_done());
}
