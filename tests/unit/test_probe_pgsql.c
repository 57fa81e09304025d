/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The pgsql probe: its probe line, the SSLRequest it sends (the bytes
 * PostgreSQL's protocol defines), the checker on what servers answer, and
 * one run against a stand-in server on the loopback of a private network
 * namespace that answers as postgres does (and as it must not).  The
 * live postgres is started by the e2e test verify_start_pgsql.
 */
#include <errno.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sched.h>
#include <net/if.h>
#include <netinet/in.h>
#include <arpa/inet.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>

#include "jailtrim/probe.h"
#include "jailtrim/profile.h"
#include "probe_int.h"
#include "tap.h"

static void
test_parse(void)
{
	struct jt_probe *p = NULL;
	struct jt_err err;
	struct jt_profile *prof = NULL;

	ok(jt_probe_parse(&p, "pgsql 5432", &err) == 0 && p != NULL,
	    "parses 'pgsql 5432'");
	jt_probe_free(p);
	p = NULL;
	ok(jt_probe_parse(&p, "pgsql", &err) == JT_EINVAL && strstr(err.msg,
	    "missing arguments (pgsql PORT)") != NULL, "no port: %s",
	    err.msg);
	ok(jt_probe_parse(&p, "pgsql 5432 x", &err) == JT_EINVAL &&
	    strstr(err.msg, "too many arguments (pgsql PORT)") != NULL,
	    "an argument too many: %s", err.msg);
	ok(jt_probe_kind_ok("pgsql"), "pgsql is a probe kind");
	ok(jt_profile_parse(&prof, "probe pgsql 5432\n", 17, "pg.profile",
	    JT_PLAT_GLIBC, &err) == 0 && prof->nitems == 1,
	    "a profile may name it");
	jt_profile_free(prof);
}

static void
check(const void *buf, size_t len, int want, const char *msg)
{
	struct jt_err err = { 0 };
	char detail[128] = "unset";
	int rc = jt_probe_pgsql_check(buf, len, detail, sizeof(detail), &err);

	if (want == 0)
		ok(rc == 0 && strcmp(detail, msg) == 0, "answer ok: %s",
		    detail);
	else
		ok(rc == want && strcmp(err.msg, msg) == 0, "refused: %s",
		    err.msg);
}

static void
test_check(void)
{
	static const uint8_t req[] = { 0, 0, 0, 8, 0x04, 0xd2, 0x16, 0x2f };
	/* what a server before protocol 3, or one out of slots, sends */
	static const char emsg[] = "E\0\0\0\x2dSFATAL\0C53300\0Mtoo many";
	uint8_t got[JT_PG_SSLREQ_LEN];

	jt_probe_pgsql_request(got);
	ok(memcmp(got, req, sizeof(req)) == 0, "the SSLRequest: length 8, "
	    "code 80877103");
	ok((uint32_t)(got[4] << 24 | got[5] << 16 | got[6] << 8 | got[7]) ==
	    80877103u, "the code is 1234 << 16 | 5679");
	check("S", 1, 0, "SSLRequest answered S (TLS on offer)");
	check("N", 1, 0, "SSLRequest answered N (no TLS)");
	check(emsg, sizeof(emsg) - 1, JT_EFORMAT, "SSLRequest answered with "
	    "an error message, wanted S or N ('??" "?-SFATAL?C53300?Mtoo "
	    "many')");
	check("HTTP/1.1 400 Bad Request\r\n", 26, JT_EFORMAT, "SSLRequest "
	    "answered 0x48 ('HTTP/1.1 400 Bad Request'), wanted S or N");
	check("\x01", 1, JT_EFORMAT, "SSLRequest answered 0x01 ('?'), "
	    "wanted S or N");
	check("SSH-2.0-x", 9, JT_EFORMAT, "SSLRequest answered S followed "
	    "by 8 more bytes, wanted that byte alone");
	check("NN", 2, JT_EFORMAT, "SSLRequest answered N followed by 1 "
	    "more byte, wanted that byte alone");
	check("", 0, JT_EFORMAT, "no answer to the SSLRequest");
}

/* A private network namespace with its loopback up, or false. */
static bool
private_net(void)
{
	struct ifreq ifr;
	int s;

	if (geteuid() != 0 || unshare(CLONE_NEWNET) == -1) {
		printf("# SKIP network test: no private network namespace "
		    "(%s)\n", geteuid() != 0 ? "not root" : strerror(errno));
		return (false);
	}
	memset(&ifr, 0, sizeof(ifr));
	snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "lo");
	if ((s = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0)) == -1 ||
	    ioctl(s, SIOCGIFFLAGS, &ifr) == -1 ||
	    (ifr.ifr_flags |= IFF_UP, ioctl(s, SIOCSIFFLAGS, &ifr)) == -1) {
		printf("# SKIP network test: loopback up: %s\n",
		    strerror(errno));
		if (s != -1)
			close(s);
		return (false);
	}
	close(s);
	return (true);
}

/*
 * A server on 127.0.0.1:port that reads the 8 bytes and answers them with
 * answer (alen bytes) if they are the SSLRequest, with 'X' if not.
 */
static pid_t
serve(int port, const char *answer, size_t alen)
{
	struct sockaddr_in sin = { .sin_family = AF_INET,
	    .sin_port = htons((uint16_t)port),
	    .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	uint8_t req[JT_PG_SSLREQ_LEN], in[JT_PG_SSLREQ_LEN];
	int fd, c, one = 1;
	size_t n;
	ssize_t r;
	pid_t pid;

	if ((fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0)) == -1)
		return (-1);
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	if (bind(fd, (struct sockaddr *)&sin, sizeof(sin)) == -1 ||
	    listen(fd, 4) == -1) {
		close(fd);
		return (-1);
	}
	jt_probe_pgsql_request(req);
	fflush(stdout);
	if ((pid = fork()) == 0) {
		prctl(PR_SET_PDEATHSIG, SIGKILL);
		signal(SIGPIPE, SIG_IGN);
		for (;;) {
			if ((c = accept(fd, NULL, NULL)) == -1)
				continue;
			for (n = 0; n < sizeof(in) && (r = read(c, in + n,
			    sizeof(in) - n)) > 0; n += (size_t)r)
				;
			if (n == sizeof(in) && memcmp(in, req, n) == 0)
				(void)!write(c, answer, alen);
			else
				(void)!write(c, "X", 1);
			close(c);
		}
	}
	close(fd);
	return (pid);
}

static void
expect(const char *spec, int want, const char *needle)
{
	struct jt_probe *p = NULL;
	struct jt_err err;
	char detail[256] = "", msg[1024] = "";
	int rc;

	if (jt_probe_parse(&p, spec, &err) != 0) {
		ok(0, "parse '%s': %s", spec, err.msg);
		return;
	}
	rc = jt_probe_once(p, "127.0.0.1", 2000, detail, sizeof(detail), &err);
	if (rc != 0)
		jt_err_str(&err, msg, sizeof(msg));
	ok(rc == want && strstr(rc == 0 ? detail : msg, needle) != NULL,
	    "%s: %d '%s'", spec, rc, rc == 0 ? detail : msg);
	jt_probe_free(p);
}

static void
test_network(void)
{
	pid_t kids[3];
	int reaped = 0;

	if (!private_net())
		return;
	kids[0] = serve(5432, "N", 1);
	kids[1] = serve(5433, "S", 1);
	kids[2] = serve(5434, "E\0\0\0\x08SFATAL", 12);
	if (!ok(kids[0] > 0 && kids[1] > 0 && kids[2] > 0, "servers start"))
		return;
	expect("pgsql 5432", 0, "SSLRequest answered N (no TLS)");
	expect("pgsql 5433", 0, "SSLRequest answered S (TLS on offer)");
	expect("pgsql 5434", JT_EFORMAT, "probe 'pgsql 5434': 127.0.0.1:"
	    "5434: SSLRequest answered with an error message");
	expect("pgsql 5435", JT_EIO, "connect 127.0.0.1:5435: Connection "
	    "refused");
	for (int i = 0; i < 3; i++) {
		kill(kids[i], SIGKILL);
		reaped += waitpid(kids[i], NULL, 0) == kids[i];
	}
	ok(reaped == 3, "servers reaped");
}

int
main(void)
{
	test_parse();
	test_check();
	test_network();
	return (tap_done());
}
