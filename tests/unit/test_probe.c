/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Probes: parsing, the checkers on crafted buffers, then live servers.
 * The servers run only in a private network namespace (Linux, as root),
 * never on the host's network: without one, that part is skipped.
 */
#include <errno.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <netinet/in.h>
#include <arpa/inet.h>
#ifdef __linux__
#include <sched.h>
#include <net/if.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#endif

#include "jailtrim/probe.h"
#include "probe_int.h"
#include "tap.h"

enum { A_GOOD, A_BADID, A_SERVFAIL, A_NXDOMAIN, A_NOANS, A_TCPCLOSE };

static bool
has(const char *s, const char *needle)
{
	return (s != NULL && strstr(s, needle) != NULL);
}

/*
 * An answer to query q (header and question only): q echoed as a response,
 * then, unless mode says otherwise, one A record for 127.0.0.1 named by a
 * pointer to the question.  Servers and checker tests share it.
 */
static size_t
answer(uint8_t *a, size_t cap, const uint8_t *q, size_t qlen, int mode)
{
	static const uint8_t rr[] = { 0xc0, 0x0c, 0, 1, 0, 1, 0, 0, 0x0e,
	    0x10, 0, 4, 127, 0, 0, 1 };

	if (qlen < JT_DNS_HDR || qlen + sizeof(rr) > cap)
		return (0);
	memcpy(a, q, qlen);
	a[2] |= 0x80;		/* QR */
	a[3] = 0x80;		/* RA */
	memset(a + 6, 0, 6);
	switch (mode) {
	case A_BADID:
		a[0] ^= 0x5a;
		break;
	case A_SERVFAIL:
		a[3] |= 2;
		return (qlen);
	case A_NXDOMAIN:
		a[3] |= 3;
		return (qlen);
	case A_NOANS:
		return (qlen);
	}
	a[7] = 1;
	memcpy(a + qlen, rr, sizeof(rr));
	return (qlen + sizeof(rr));
}

/* --- parsing --- */

static void
test_parse(void)
{
	static const struct {
		const char *spec, *why;
	} bad[] = {
		{ "", "empty" }, { " \t ", "empty" },
		{ "udp 53", "unknown kind 'udp'" }, { "TCP 22", "unknown kind" },
		{ "tcp", "missing arguments (tcp PORT [BANNER])" },
		{ "tcp 0", "port '0'" }, { "tcp 65536", "port '65536'" },
		{ "tcp abc", "port 'abc'" }, { "tcp -1", "port" },
		{ "tcp +22", "port" }, { "tcp 22x", "port" },
		{ "tcp 000022", "port" }, { "tcp 22 SSH a", "too many" },
		{ "tcp 22 SSH\001", "banner" },
		{ "dns 53", "missing arguments (dns PORT NAME [TYPE])" },
		{ "dns 53 a..b", "bad DNS name 'a..b'" },
		{ "dns 53 .a", "bad DNS name" }, { "dns 53 a/b", "bad DNS name" },
		{ "dns 53 localhost. BOGUS", "unknown DNS type 'BOGUS'" },
		{ "dns 53 a. A x", "too many" },
		{ "http 80", "missing arguments (http PORT PATH [STATUS])" },
		{ "http 80 index.html", "path 'index.html'" },
		{ "http 80 / 99", "status '99'" }, { "http 80 / 600", "status" },
		{ "http 80 / 2000", "status" }, { "http 80 / abc", "status" },
		{ "http 0 /", "port" },
	};
	static const struct {
		const char *spec;
	} good[] = {
		{ "tcp 22" }, { "tcp 22 SSH-2.0-" }, { "  tcp\t65535  " },
		{ "tcp 00022" }, { "dns 53 localhost." }, { "dns 53 localhost" },
		{ "dns 53 localhost AAAA" }, { "dns 53 example.org mx" },
		{ "dns 53 ." }, { "dns 53 _srv.x-y.example ANY" },
		{ "http 80 /" }, { "http 8080 /health?x=1 204" },
	};
	char label[80], longname[300], longspec[1100];
	struct jt_probe *p;
	struct jt_err err;
	int rc;

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		p = (struct jt_probe *)&err;	/* must be reset to NULL */
		jt_err_clear(&err);
		rc = jt_probe_parse(&p, bad[i].spec, &err);
		ok(rc == JT_EINVAL && p == NULL && has(err.msg, "bad probe") &&
		    has(err.msg, bad[i].why), "'%s' is refused: %s",
		    bad[i].spec, err.msg);
		jt_probe_free(p);
	}
	for (size_t i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
		rc = jt_probe_parse(&p, good[i].spec, &err);
		if (ok(rc == 0, "'%s' parses (%s)", good[i].spec,
		    rc != 0 ? err.msg : "ok"))
			ok(strcmp(jt_probe_spec(p), good[i].spec) == 0,
			    "spec kept as given");
		jt_probe_free(p);
	}
	memset(label, 'a', 64);
	snprintf(longname, sizeof(longname), "dns 53 %.64s.org", label);
	ok(jt_probe_parse(&p, longname, &err) == JT_EINVAL,
	    "a 64-byte label is refused: %s", err.msg);
	memset(longspec, 0, sizeof(longspec));
	memcpy(longspec, "dns 53 ", 7);
	for (size_t i = 0; i < 64; i++)	/* 64 labels of 3: 256 bytes */
		memcpy(longspec + 7 + 4 * i, "abc.", 4);
	ok(jt_probe_parse(&p, longspec, &err) == JT_EINVAL &&
	    has(err.msg, "bad DNS name"), "a name over 255 bytes is refused");
	memset(longspec, 'x', sizeof(longspec) - 1);
	memcpy(longspec, "tcp 22 ", 7);
	ok(jt_probe_parse(&p, longspec, &err) == JT_EINVAL &&
	    has(err.msg, "longer than"), "a spec over 1024 bytes: %s", err.msg);
	jt_probe_free(NULL);
}

/* --- DNS --- */

static void
test_dns_query(void)
{
	static const uint8_t want[] = { 0x43, 0x21, 0x01, 0, 0, 1, 0, 0, 0, 0,
	    0, 0, 9, 'l', 'o', 'c', 'a', 'l', 'h', 'o', 's', 't', 0, 0, 1,
	    0, 1 };
	uint8_t q[JT_DNS_QUERY_MAX], q2[JT_DNS_QUERY_MAX], big[300];
	size_t n, n2;
	struct jt_err err;

	ok(jt_probe_dns_query(q, sizeof(q), &n, 0x4321, "localhost.",
	    JT_DNS_A, &err) == 0 && n == sizeof(want) &&
	    memcmp(q, want, n) == 0, "query for localhost. A, RD set");
	ok(jt_probe_dns_query(q2, sizeof(q2), &n2, 0x4321, "localhost",
	    JT_DNS_A, &err) == 0 && n2 == n && memcmp(q, q2, n) == 0,
	    "the trailing dot is optional");
	ok(jt_probe_dns_query(q, sizeof(q), &n, 1, ".", JT_DNS_NS, &err) == 0 &&
	    n == JT_DNS_HDR + 5 && q[12] == 0 && q[14] == JT_DNS_NS,
	    "the root");
	ok(jt_probe_dns_query(q, sizeof(q), &n, 1, "a..b", JT_DNS_A, &err) ==
	    JT_EINVAL && jt_probe_dns_query(q, sizeof(q), &n, 1, "a..",
	    JT_DNS_A, &err) == JT_EINVAL && jt_probe_dns_query(q, sizeof(q),
	    &n, 1, "..", JT_DNS_A, &err) == JT_EINVAL, "empty labels");
	memset(big, 'a', sizeof(big));
	big[sizeof(big) - 1] = '\0';
	ok(jt_probe_dns_query(q, sizeof(q), &n, 1, (char *)big, JT_DNS_A,
	    &err) == JT_EINVAL, "a long label: %s", err.msg);
	ok(jt_probe_dns_query(q, 20, &n, 1, "localhost", JT_DNS_A, &err) ==
	    JT_EINVAL && n == 0, "a short buffer is refused");
	ok(jt_probe_dns_type("aaaa") == JT_DNS_AAAA &&
	    jt_probe_dns_type("Mx") == JT_DNS_MX &&
	    jt_probe_dns_type("CNAME") == 0, "type names");
}

/* Check a against q: the code, and err.msg must hold needle. */
static void
dns_expect(const uint8_t *q, size_t qn, const uint8_t *a, size_t an,
    int want, const char *needle, const char *what)
{
	struct jt_err err;
	unsigned n = 99;
	int rc;

	jt_err_clear(&err);
	rc = jt_probe_dns_check(q, qn, a, an, &n, &err);
	ok(rc == want && (want == 0 || has(err.msg, needle)), "%s: %d %s",
	    what, rc, rc != 0 ? err.msg : "");
}

static void
test_dns_check(void)
{
	uint8_t q[JT_DNS_QUERY_MAX], a[512], b[512];
	size_t qn, an, bn;
	unsigned n = 0;
	bool all = true;

	jt_probe_dns_query(q, sizeof(q), &qn, 0x4321, "localhost.", JT_DNS_A,
	    NULL);
	an = answer(a, sizeof(a), q, qn, A_GOOD);
	ok(jt_probe_dns_check(q, qn, a, an, &n, NULL) == 0 && n == 1,
	    "a good answer, 1 record");
	memcpy(b, a, an);
	memcpy(b + 13, "LocalHOST", 9);
	dns_expect(q, qn, b, an, 0, "", "question echoed in another case");
	bn = answer(b, sizeof(b), q, qn, A_BADID);
	dns_expect(q, qn, b, bn, JT_EFORMAT, "DNS answer id 0x1921, wanted "
	    "0x4321", "wrong id");
	dns_expect(q, qn, q, qn, JT_EFORMAT, "not an answer", "a query");
	memcpy(b, a, an);
	b[2] |= 0x10;		/* opcode 2, STATUS */
	dns_expect(q, qn, b, an, JT_EFORMAT, "opcode 2, wanted 0", "opcode");
	bn = answer(b, sizeof(b), q, qn, A_NXDOMAIN);
	dns_expect(q, qn, b, bn, JT_EFORMAT, "rcode NXDOMAIN", "NXDOMAIN");
	bn = answer(b, sizeof(b), q, qn, A_SERVFAIL);
	dns_expect(q, qn, b, bn, JT_EFORMAT, "rcode SERVFAIL", "SERVFAIL");
	memcpy(b, a, an);
	b[3] |= 0x0f;
	dns_expect(q, qn, b, an, JT_EFORMAT, "rcode 15", "rcode 15");
	bn = answer(b, sizeof(b), q, qn, A_NOANS);
	dns_expect(q, qn, b, bn, JT_EFORMAT, "no answer records", "no answers");
	memcpy(b, a, an);
	b[5] = 0;
	dns_expect(q, qn, b, an, JT_EFORMAT, "0 questions", "no question");
	memcpy(b, a, an);
	b[14] = 'X';
	dns_expect(q, qn, b, an, JT_EFORMAT, "to 'lxcalhost.' type 1 class 1, "
	    "wanted 'localhost.' type 1 class 1", "another name");
	memcpy(b, a, an);
	b[24] = JT_DNS_AAAA;
	dns_expect(q, qn, b, an, JT_EFORMAT, "type 28", "another type");
	for (size_t i = 0; i < an; i++)
		all &= jt_probe_dns_check(q, qn, a, i, &n, NULL) == JT_EFORMAT;
	ok(all, "every truncation of a good answer is refused");
	memcpy(b, a, an);
	b[an - 5] = 5;		/* rdlength 5, 4 bytes left */
	dns_expect(q, qn, b, an, JT_EFORMAT, "data run past the end",
	    "rdlength past the end");
	memcpy(b, a, an);
	b[11] = 1;		/* ARCOUNT 1, no record */
	dns_expect(q, qn, b, an, JT_EFORMAT, "record 2 of 2", "ARCOUNT lies");
	dns_expect(q, qn, a, 5, JT_EFORMAT, "shorter than a header", "5 bytes");
	dns_expect(a, 3, a, an, JT_EINVAL, "bad DNS query", "bad query");
}

/* Append a record named by label + a pointer to ptr; return its offset. */
static size_t
rr_ptr(uint8_t *m, size_t *n, char c, size_t ptr)
{
	static const uint8_t fixed[] = { 0, 1, 0, 1, 0, 0, 0, 1, 0, 4, 127, 0,
	    0, 1 };
	size_t at = *n;

	m[(*n)++] = 63;
	memset(m + *n, c, 63);
	*n += 63;
	m[(*n)++] = (uint8_t)(0xc0 | ptr >> 8);
	m[(*n)++] = (uint8_t)ptr;
	memcpy(m + *n, fixed, sizeof(fixed));
	*n += sizeof(fixed);
	return (at);
}

static void
test_dns_compression(void)
{
	uint8_t q[JT_DNS_QUERY_MAX], a[1024], b[1024];
	size_t qn, an, at, bn;
	unsigned n = 0;

	jt_probe_dns_query(q, sizeof(q), &qn, 7, "localhost", JT_DNS_A, NULL);
	an = answer(a, sizeof(a), q, qn, A_GOOD);
	memcpy(b, a, an);
	b[28] = (uint8_t)qn;	/* the answer's name points at itself */
	dns_expect(q, qn, b, an, JT_EFORMAT, "does not point back",
	    "a pointer to itself");
	memcpy(b, a, an);
	b[12] = 0xc0;		/* the question's name points at itself */
	b[13] = 0x0c;
	dns_expect(q, qn, b, an, JT_EFORMAT, "question: compression pointer",
	    "a question pointing at itself");
	memcpy(b, a, an);
	b[27] = 0xff;
	b[28] = 0xff;
	dns_expect(q, qn, b, an, JT_EFORMAT, "does not point back",
	    "a pointer past the end");
	memcpy(b, a, an);
	b[27] = 0x40;
	dns_expect(q, qn, b, an, JT_EFORMAT, "unknown label type",
	    "label type 01");
	/* [1 'x'][pointer to the 'x' label]: a loop through a label. */
	bn = answer(b, sizeof(b), q, qn, A_NOANS);
	b[7] = 1;
	memcpy(b + bn, "\001x\300", 3);
	b[bn + 3] = (uint8_t)bn;
	memcpy(b + bn + 4, "\0\1\0\1\0\0\0\1\0\0", 10);
	dns_expect(q, qn, b, bn + 14, JT_EFORMAT, "does not point back",
	    "a loop through a label");
	/* Names built from earlier ones: fine up to 255 bytes, not past. */
	an = answer(a, sizeof(a), q, qn, A_NOANS);
	at = rr_ptr(a, &an, 'a', 12);		/* 64 + 11 bytes */
	at = rr_ptr(a, &an, 'b', at);		/* 139 */
	at = rr_ptr(a, &an, 'c', at);		/* 203 */
	a[7] = 3;
	ok(jt_probe_dns_check(q, qn, a, an, &n, NULL) == 0 && n == 3,
	    "3 records named through chains of pointers");
	rr_ptr(a, &an, 'd', at);		/* 267 */
	a[7] = 4;
	dns_expect(q, qn, a, an, JT_EFORMAT, "record 4 of 4: name longer "
	    "than 255", "a name of 267 bytes through pointers");
}

/* --- HTTP and banners --- */

static void
http_expect(const char *buf, int want, int rc_want, const char *needle)
{
	struct jt_err err;
	char detail[128] = "unset";
	int rc;

	jt_err_clear(&err);
	rc = jt_probe_http_check(buf, strlen(buf), want, detail,
	    sizeof(detail), &err);
	ok(rc == rc_want && has(rc == 0 ? detail : err.msg, needle),
	    "HTTP %d: %d '%s'", want, rc, rc == 0 ? detail : err.msg);
}

static void
test_http_check(void)
{
	char big[200];

	http_expect("HTTP/1.1 200 OK\r\nServer: x\r\n", 200, 0,
	    "HTTP/1.1 200 OK");
	http_expect("HTTP/1.0 200 OK", 200, 0, "HTTP/1.0 200 OK");
	http_expect("HTTP/1.1 204\r\n", 204, 0, "HTTP/1.1 204");
	http_expect("HTTP/1.0 404 Not Found\r\n", 200, JT_EFORMAT,
	    "status 404, wanted 200 ('HTTP/1.0 404 Not Found')");
	http_expect("HTTP/1.0 404 Not Found\r\n", 404, 0, "404 Not Found");
	http_expect("<html>hello</html>\n", 200, JT_EFORMAT,
	    "not an HTTP/1.x status line: '<html>hello</html>'");
	http_expect("HTTP/2 200 OK\r\n", 200, JT_EFORMAT, "not an HTTP");
	http_expect("HTTP/1.1 2000 OK\r\n", 200, JT_EFORMAT, "not an HTTP");
	http_expect("HTTP/1.1 20\r\n0 OK\r\n", 200, JT_EFORMAT, "not an HTTP");
	http_expect("HTTP/1.1 2x0 OK\r\n", 200, JT_EFORMAT, "not an HTTP");
	http_expect("", 200, JT_EFORMAT, "not an HTTP");
	http_expect("\033[2J\001\r\n", 200, JT_EFORMAT, "'?[2J?'");
	memset(big, 'x', sizeof(big));
	memcpy(big, "HTTP/1.1 200 ", 13);
	big[sizeof(big) - 1] = '\0';
	http_expect(big, 200, 0, "xxx...");
	ok(jt_probe_http_check("HTTP/1.1 200 OK", 12, 200, NULL, 0, NULL) == 0,
	    "only the bytes given are read; detail and err may be NULL");
}

static void
test_banner(void)
{
	static const char ssh[] = "SSH-2.0-OpenSSH_9.2p1 Debian\r\nmore";
	struct jt_err err;
	char detail[128], out[16];
	uint8_t bin[100];

	ok(jt_probe_banner_check(ssh, sizeof(ssh) - 1, "SSH-2.0-", detail,
	    sizeof(detail), &err) == 0 &&
	    strcmp(detail, "banner SSH-2.0-OpenSSH_9.2p1 Debian") == 0,
	    "SSH banner: %s", detail);
	ok(jt_probe_banner_check("220 mail ESMTP\r\n", 16, "SSH-2.0-", detail,
	    sizeof(detail), &err) == JT_EFORMAT && has(err.msg,
	    "banner '220 mail ESMTP', wanted one starting 'SSH-2.0-'"),
	    "another banner: %s", err.msg);
	ok(jt_probe_banner_check("SSH-2", 5, "SSH-2.0-", NULL, 0, &err) ==
	    JT_EFORMAT, "a short banner");
	for (size_t i = 0; i < sizeof(bin); i++)
		bin[i] = (uint8_t)(i * 37 + 1);
	ok(jt_probe_banner_check(bin, sizeof(bin), "SSH-", NULL, 0, &err) ==
	    JT_EFORMAT, "binary: %s", err.msg);
	jt_probe_printable(out, sizeof(out), "ab\tc\x80" "defghijklmnopq", 18);
	ok(strcmp(out, "ab?c?defghij...") == 0, "printable, cut: '%s'", out);
	jt_probe_printable(out, sizeof(out), "ok\r\nsecond", 10);
	ok(strcmp(out, "ok") == 0, "first line only: '%s'", out);
}

/* --- live servers --- */

#ifdef __linux__
static pid_t kids[16];
static size_t nkids;

static int64_t
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ((int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000);
}

/* A private network namespace with its loopback up, or false. */
static bool
private_net(void)
{
	struct ifreq ifr;
	int s;

	if (geteuid() != 0) {
		printf("# SKIP network tests: not root, no private network "
		    "namespace\n");
		return (false);
	}
	if (unshare(CLONE_NEWNET) == -1) {
		printf("# SKIP network tests: unshare(CLONE_NEWNET): %s\n",
		    strerror(errno));
		return (false);
	}
	memset(&ifr, 0, sizeof(ifr));
	snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "lo");
	if ((s = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0)) == -1 ||
	    ioctl(s, SIOCGIFFLAGS, &ifr) == -1 ||
	    (ifr.ifr_flags |= IFF_UP, ioctl(s, SIOCSIFFLAGS, &ifr)) == -1) {
		printf("# SKIP network tests: loopback up: %s\n",
		    strerror(errno));
		if (s != -1)
			close(s);
		return (false);
	}
	close(s);
	return (true);
}

/* A socket bound to 127.0.0.1:port (AF_INET6: [::]:port, both stacks). */
static int
sock_on(int af, int type, int port)
{
	struct sockaddr_in sin = { .sin_family = AF_INET,
	    .sin_port = htons((uint16_t)port),
	    .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	struct sockaddr_in6 sin6 = { .sin6_family = AF_INET6,
	    .sin6_port = htons((uint16_t)port), .sin6_addr = IN6ADDR_ANY_INIT };
	int fd, one = 1, zero = 0, rc;

	if ((fd = socket(af, type | SOCK_CLOEXEC, 0)) == -1)
		return (-1);
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	if (af == AF_INET6) {
		setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &zero, sizeof(zero));
		rc = bind(fd, (struct sockaddr *)&sin6, sizeof(sin6));
	} else
		rc = bind(fd, (struct sockaddr *)&sin, sizeof(sin));
	if (rc == -1 || (type == SOCK_STREAM && listen(fd, 16) == -1)) {
		close(fd);
		return (-1);
	}
	return (fd);
}

static void
serve_banner(int lfd, int unused, int mode)
{
	static const char b[] = "SSH-2.0-Test\r\n";
	struct linger lg = { 1, 0 };
	int c;

	(void)unused;
	for (;;) {
		if ((c = accept(lfd, NULL, NULL)) == -1)
			continue;
		if (mode == 0)
			(void)send(c, b, sizeof(b) - 1, MSG_NOSIGNAL);
		else		/* reset at once */
			setsockopt(c, SOL_SOCKET, SO_LINGER, &lg, sizeof(lg));
		close(c);
	}
}

/* Reads the whole request, checks its form, answers status. */
static void
serve_http(int lfd, int unused, int status)
{
	char req[4096], resp[128];
	size_t n;
	ssize_t r;
	int c;

	(void)unused;
	for (;;) {
		if ((c = accept(lfd, NULL, NULL)) == -1)
			continue;
		for (n = 0; n < sizeof(req) - 1; n += (size_t)r) {
			if ((r = recv(c, req + n, sizeof(req) - 1 - n, 0)) <= 0)
				break;
			req[n + (size_t)r] = '\0';
			if (strstr(req, "\r\n\r\n") != NULL)
				break;
		}
		if (strncmp(req, "GET /", 5) != 0 || !has(req, " HTTP/1.0\r\n")
		    || !has(req, "\r\nHost: localhost\r\n") ||
		    !has(req, "\r\nConnection: close\r\n\r\n"))
			status = 400;
		snprintf(resp, sizeof(resp), "HTTP/1.1 %d Test\r\n"
		    "Content-Length: 0\r\n\r\n", status);
		(void)send(c, resp, strlen(resp), MSG_NOSIGNAL);
		close(c);
	}
}

/* The name asked for is localhost., in any case: else NXDOMAIN. */
static int
dns_mode(const uint8_t *q, size_t n, int mode)
{
	static const char lh[] = "\011localhost";

	if (n < JT_DNS_HDR + sizeof(lh) + 4 || q[JT_DNS_HDR + 10] != 0 ||
	    strncasecmp((const char *)q + JT_DNS_HDR, lh, sizeof(lh) - 1) != 0)
		return (A_NXDOMAIN);
	return (mode == A_TCPCLOSE ? A_GOOD : mode);
}

static void
dns_tcp_one(int lfd, int mode)
{
	uint8_t q[514], a[600];
	size_t qn, an;
	int c;

	if ((c = accept(lfd, NULL, NULL)) == -1)
		return;
	if (recv(c, q, 2, MSG_WAITALL) == 2 && (qn = (size_t)(q[0] << 8 |
	    q[1])) <= 512 && recv(c, q + 2, qn, MSG_WAITALL) == (ssize_t)qn &&
	    mode != A_TCPCLOSE) {
		an = answer(a + 2, sizeof(a) - 2, q + 2, qn,
		    dns_mode(q + 2, qn, mode));
		a[0] = (uint8_t)(an >> 8);
		a[1] = (uint8_t)an;
		(void)send(c, a, an + 2, MSG_NOSIGNAL);
	}
	close(c);
}

static void
serve_dns(int ufd, int tfd, int mode)
{
	struct pollfd pf[2] = { { ufd, POLLIN, 0 }, { tfd, POLLIN, 0 } };
	struct sockaddr_storage from;
	socklen_t fl;
	uint8_t q[512], a[600];
	ssize_t n;
	size_t an;

	for (;;) {
		if (poll(pf, 2, -1) <= 0)
			continue;
		if (pf[1].revents & POLLIN)
			dns_tcp_one(tfd, mode);
		if ((pf[0].revents & POLLIN) == 0)
			continue;
		fl = sizeof(from);
		if ((n = recvfrom(ufd, q, sizeof(q), 0,
		    (struct sockaddr *)&from, &fl)) <= 0)
			continue;
		an = answer(a, sizeof(a), q, (size_t)n, dns_mode(q, (size_t)n,
		    mode));
		(void)sendto(ufd, a, an, 0, (struct sockaddr *)&from, fl);
	}
}

/* fn(fd1, fd2, arg) in a child, killed with us; our copies closed. */
static bool
spawn(void (*fn)(int, int, int), int fd1, int fd2, int arg)
{
	pid_t pid;

	if (fd1 == -1 || (fd2 == -1 && fn == serve_dns) ||
	    nkids == sizeof(kids) / sizeof(kids[0]))
		return (false);
	fflush(stdout);
	if ((pid = fork()) == 0) {
		prctl(PR_SET_PDEATHSIG, SIGKILL);
		signal(SIGPIPE, SIG_IGN);
		fn(fd1, fd2, arg);
		_exit(0);
	}
	close(fd1);
	if (fd2 != -1)
		close(fd2);
	if (pid > 0)
		kids[nkids++] = pid;
	return (pid > 0);
}

/* Run spec once: the code wanted, and detail or the error holds needle. */
static int64_t
expect(const char *spec, const char *addr, int timeout_ms, int want,
    const char *needle)
{
	struct jt_probe *p;
	struct jt_err err;
	char detail[256], msg[2048] = "";
	int64_t t;
	int rc;

	if (!ok(jt_probe_parse(&p, spec, &err) == 0, "parse '%s'", spec))
		return (-1);
	jt_err_clear(&err);
	t = now_ms();
	rc = jt_probe_once(p, addr, timeout_ms, detail, sizeof(detail), &err);
	t = now_ms() - t;
	if (rc != 0)
		jt_err_str(&err, msg, sizeof(msg));
	ok(rc == want && has(rc == 0 ? detail : msg, needle) &&
	    (rc == 0 || has(msg, spec)), "%s @ %s: %d '%s' (%lld ms)", spec,
	    addr, rc, rc == 0 ? detail : msg, (long long)t);
	jt_probe_free(p);
	return (t);
}

static bool
start_servers(int *silent, int *silent_udp, bool *v6)
{
	int fd;

	*v6 = (fd = sock_on(AF_INET6, SOCK_STREAM, 22)) != -1;
	if (!*v6)
		fd = sock_on(AF_INET, SOCK_STREAM, 22);
	*silent = sock_on(AF_INET, SOCK_STREAM, 23);
	*silent_udp = sock_on(AF_INET, SOCK_DGRAM, 58);
	return (spawn(serve_banner, fd, -1, 0) &&
	    spawn(serve_banner, sock_on(AF_INET, SOCK_STREAM, 81), -1, 1) &&
	    spawn(serve_http, sock_on(AF_INET, SOCK_STREAM, 80), -1, 200) &&
	    spawn(serve_http, sock_on(AF_INET, SOCK_STREAM, 8080), -1, 404) &&
	    spawn(serve_dns, sock_on(AF_INET, SOCK_DGRAM, 53),
	    sock_on(AF_INET, SOCK_STREAM, 53), A_GOOD) &&
	    spawn(serve_dns, sock_on(AF_INET, SOCK_DGRAM, 54),
	    sock_on(AF_INET, SOCK_STREAM, 54), A_BADID) &&
	    spawn(serve_dns, sock_on(AF_INET, SOCK_DGRAM, 55),
	    sock_on(AF_INET, SOCK_STREAM, 55), A_SERVFAIL) &&
	    spawn(serve_dns, sock_on(AF_INET, SOCK_DGRAM, 56),
	    sock_on(AF_INET, SOCK_STREAM, 56), A_TCPCLOSE) &&
	    *silent != -1 && *silent_udp != -1);
}

static void
stop_servers(void)
{
	size_t reaped = 0;

	for (size_t i = 0; i < nkids; i++)
		kill(kids[i], SIGKILL);
	for (size_t i = 0; i < nkids; i++)
		if (waitpid(kids[i], NULL, 0) == kids[i])
			reaped++;
	ok(reaped == nkids, "%zu of %zu servers killed and reaped", reaped,
	    nkids);
}

static void
test_network(void)
{
	int silent = -1, silent_udp = -1;
	bool v6;
	int64_t t;

	if (!private_net())
		return;
	if (ok(start_servers(&silent, &silent_udp, &v6), "servers start")) {
		expect("tcp 22 SSH-2.0-", "127.0.0.1", 2000, 0,
		    "banner SSH-2.0-Test");
		expect("tcp 22", "127.0.0.1", 2000, 0, "connected to "
		    "127.0.0.1:22");
		if (v6)
			expect("tcp 22 SSH-2.0-", "::1", 2000, 0, "banner SSH");
		expect("tcp 22 FOO-", "127.0.0.1", 2000, JT_EFORMAT, "127.0.0.1:"
		    "22: banner 'SSH-2.0-Test', wanted one starting 'FOO-'");
		expect("tcp 22 SSH-2.0-Test-Longer", "127.0.0.1", 2000,
		    JT_EFORMAT, "banner 'SSH-2.0-Test', wanted");
		t = expect("tcp 24", "127.0.0.1", 2000, JT_EIO,
		    "connect 127.0.0.1:24: Connection refused");
		ok(t >= 0 && t < 1000, "refused fast: %lld ms", (long long)t);
		t = expect("tcp 23 SSH-2.0-", "127.0.0.1", 300, JT_EIO,
		    "127.0.0.1:23: no banner within 300 ms");
		ok(t >= 280 && t < 1500, "silent server: %lld ms", (long long)t);
		expect("http 80 /", "127.0.0.1", 2000, 0, "HTTP/1.1 200 Test");
		expect("http 80 /health?x=1", "127.0.0.1", 2000, 0, "200");
		expect("http 8080 /", "127.0.0.1", 2000, JT_EFORMAT,
		    "127.0.0.1:8080: status 404, wanted 200");
		expect("http 8080 /gone 404", "127.0.0.1", 2000, 0, "404 Test");
		t = expect("http 23 /", "127.0.0.1", 300, JT_EIO,
		    "no status line within 300 ms");
		ok(t >= 280 && t < 1500, "silent HTTP: %lld ms", (long long)t);
		expect("http 81 /", "127.0.0.1", 2000, JT_EIO, "127.0.0.1:81");
		expect("tcp 81 SSH-", "127.0.0.1", 2000, JT_EIO, "127.0.0.1:81");
		expect("dns 53 localhost.", "127.0.0.1", 2000, 0,
		    "1 answer over UDP and TCP");
		expect("dns 53 LOCALHOST", "127.0.0.1", 2000, 0, "1 answer");
		expect("dns 53 nosuch.example", "127.0.0.1", 2000, JT_EFORMAT,
		    "127.0.0.1:53 over UDP: rcode NXDOMAIN");
		expect("dns 54 localhost.", "127.0.0.1", 2000, JT_EFORMAT,
		    "over UDP: DNS answer id 0x");
		expect("dns 55 localhost.", "127.0.0.1", 2000, JT_EFORMAT,
		    "over UDP: rcode SERVFAIL");
		expect("dns 56 localhost.", "127.0.0.1", 2000, JT_EIO,
		    "127.0.0.1:56: closed without an answer over TCP");
		expect("dns 57 localhost.", "127.0.0.1", 2000, JT_EIO,
		    "127.0.0.1:57 over UDP: Connection refused");
		t = expect("dns 58 localhost.", "127.0.0.1", 300, JT_EIO,
		    "no answer over UDP within 300 ms");
		ok(t >= 280 && t < 1500, "silent DNS: %lld ms", (long long)t);
		expect("tcp 22", "localhost", 2000, JT_EINVAL, "address "
		    "'localhost'");
		expect("tcp 22", "300.1.1.1", 2000, JT_EINVAL, "address");
	}
	stop_servers();
	if (silent != -1)
		close(silent);
	if (silent_udp != -1)
		close(silent_udp);
}
#else
static void
test_network(void)
{
	printf("# SKIP network tests: private network namespaces are "
	    "Linux-only here\n");
}
#endif

static void
test_args(void)
{
	struct jt_probe *p;
	struct jt_err err;
	char detail[8] = "x";

	if (jt_probe_parse(&p, "tcp 1", &err) != 0)
		return;
	ok(jt_probe_once(p, "127.0.0.1", 0, detail, sizeof(detail), &err) ==
	    JT_EINVAL && detail[0] == '\0', "timeout 0 is refused");
	ok(jt_probe_once(NULL, "127.0.0.1", 10, NULL, 0, NULL) == JT_EINVAL,
	    "no probe, err NULL");
	jt_probe_free(p);
}

int
main(void)
{
	setvbuf(stdout, NULL, _IOLBF, 0);
	test_parse();
	test_dns_query();
	test_dns_check();
	test_dns_compression();
	test_http_check();
	test_banner();
	test_args();
	test_network();
	return (tap_done());
}
