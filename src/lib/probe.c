/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Probes (probe.h): parse a probe line, then run it once against an
 * address.  Every socket is nonblocking and close-on-exec and every wait a
 * poll() against a deadline, so that a stuck service cannot hang verify.
 * What came back is judged by pure functions on buffers (probe_int.h),
 * which the unit tests and the fuzzer call without a network.
 */
#include <errno.h>
#include <limits.h>
#include <netdb.h>
#include <poll.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>
#include <sys/socket.h>
#include <netinet/in.h>

#include "jailtrim/probe.h"
#include "probe_int.h"

#define MAX_SPEC	1024
#define MAX_BANNER	255
#define BANNER_BUF	512
#define HTTP_BUF	8192	/* a status line longer than this is not one */
#define DNS_UDP_BUF	4096	/* without EDNS, answers are <= 512 bytes */

/* Linux and FreeBSD have MSG_NOSIGNAL; others have SO_NOSIGPIPE (dial). */
#ifndef MSG_NOSIGNAL
#define MSG_NOSIGNAL	0
#endif

enum { P_TCP, P_DNS, P_HTTP, P_REDIS, P_MEMCACHED, P_SMTP, P_IMAP, P_PGSQL };

static const struct {
	const char	*word;
	int		 kind;
	size_t		 min, max;	/* arguments after the kind */
	const char	*usage;
} kinds[] = {
	{ "tcp", P_TCP, 1, 2, "tcp PORT [BANNER]" },
	{ "dns", P_DNS, 2, 3, "dns PORT NAME [TYPE]" },
	{ "http", P_HTTP, 2, 3, "http PORT PATH [STATUS]" },
	{ "redis", P_REDIS, 1, 1, "redis PORT" },
	{ "memcached", P_MEMCACHED, 1, 1, "memcached PORT" },
	{ "smtp", P_SMTP, 1, 1, "smtp PORT" },
	{ "imap", P_IMAP, 1, 1, "imap PORT" },
	{ "pgsql", P_PGSQL, 1, 1, "pgsql PORT" },
};

/*
 * The greeting probes: a banner fixed by the protocol.  SMTP's "220"
 * (RFC 5321 4.3.1; 554 is a refusal); IMAP's "* OK" (RFC 9051 7.1.1;
 * "* BYE" is a refusal, "* PREAUTH" not what a server for users sends).
 */
static const struct {
	int		 kind;
	const char	*banner;
} greetings[] = {
	{ P_SMTP, "220" },
	{ P_IMAP, "* OK" },
};

/*
 * The request-and-reply probes: one line out, the first line back must
 * start with the reply.  Both servers answer these before any
 * authentication is set up, and neither changes any data for them.
 */
static const struct {
	int		 kind;
	const char	*service, *request, *reply;
} asks[] = {
	{ P_REDIS, "redis", "PING\r\n", "+PONG" },
	{ P_MEMCACHED, "memcached", "version\r\n", "VERSION " },
};

struct jt_probe {
	int		 kind;
	uint16_t	 port;
	uint16_t	 qtype;		/* dns */
	int		 status;	/* http */
	char		*arg;		/* banner (NULL: none), name or path */
	char		*spec;
};

static int bad(struct jt_err *, const char *, const char *, ...)
    __attribute__((format(printf, 3, 4)));

/* JT_EINVAL quoting the spec; words from it may hold any byte. */
static int
bad(struct jt_err *err, const char *spec, const char *fmt, ...)
{
	char why[512], msg[JT_ERR_MSG_MAX];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(why, sizeof(why), fmt, ap);
	va_end(ap);
	snprintf(msg, sizeof(msg), "bad probe '%.400s': %s", spec, why);
	for (char *s = msg; *s != '\0'; s++)
		if (!printable((unsigned char)*s))
			*s = '?';
	return (jt_err_set(err, JT_EINVAL, 0, NULL, "%s", msg));
}

/* Digits only, at most max digits, value in lo..hi. */
static bool
number(const char *s, size_t max, long lo, long hi, long *out)
{
	size_t n = strlen(s);

	if (n == 0 || n > max || strspn(s, "0123456789") != n)
		return (false);
	*out = strtol(s, NULL, 10);
	return (*out >= lo && *out <= hi);
}

static bool
graph_word(const char *s)
{
	for (; *s != '\0'; s++)
		if (!printable((unsigned char)*s) || *s == ' ')
			return (false);
	return (true);
}

static bool
dns_name_ok(const char *s)
{
	uint8_t q[JT_DNS_QUERY_MAX];
	size_t len;

	if (strspn(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
	    "0123456789-_.") != strlen(s))
		return (false);
	return (jt_probe_dns_query(q, sizeof(q), &len, 0, s, JT_DNS_A,
	    NULL) == 0);
}

static int
parse_args(struct jt_probe *p, char **w, size_t n, const char *spec,
    struct jt_err *err)
{
	long v;

	switch (p->kind) {
	case P_TCP:
		if (n > 2 && (strlen(w[2]) > MAX_BANNER || !graph_word(w[2])))
			return (bad(err, spec, "banner '%s' is not printable or "
			    "longer than %d bytes", w[2], MAX_BANNER));
		break;
	case P_DNS:
		if (!dns_name_ok(w[2]))
			return (bad(err, spec, "bad DNS name '%s' (letters, "
			    "digits, '-', '_'; labels of 1 to 63 bytes, 255 in "
			    "all)", w[2]));
		if (n > 3 && (p->qtype = jt_probe_dns_type(w[3])) == 0)
			return (bad(err, spec, "unknown DNS type '%s' (A, AAAA, "
			    "NS, SOA, PTR, MX, TXT, ANY)", w[3]));
		break;
	case P_SMTP: case P_IMAP:
		for (size_t g = 0; g < NITEMS(greetings); g++)
			if (greetings[g].kind == p->kind &&
			    (p->arg = strdup(greetings[g].banner)) == NULL)
				return (jt_err_set(err, JT_ENOMEM, errno, NULL,
				    "probe"));
		return (0);
	case P_HTTP:
		if (w[2][0] != '/' || !graph_word(w[2]))
			return (bad(err, spec, "path '%s' does not start with "
			    "'/' or is not printable", w[2]));
		if (n > 3 && !number(w[3], 3, 100, 599, &v))
			return (bad(err, spec, "status '%s' is not 100..599",
			    w[3]));
		if (n > 3)
			p->status = (int)v;
		break;
	}
	if (n > 2 && (p->arg = strdup(w[2])) == NULL)
		return (jt_err_set(err, JT_ENOMEM, errno, NULL, "probe"));
	return (0);
}

int
jt_probe_parse(struct jt_probe **out, const char *spec, struct jt_err *err)
{
	char buf[MAX_SPEC + 1], *w[5], *save = NULL, *s;
	struct jt_probe *p = NULL;
	size_t n = 0, k, len = strnlen(spec, MAX_SPEC + 1);
	long port;
	int rc;

	*out = NULL;
	if (len > MAX_SPEC)
		return (bad(err, "...", "longer than %d bytes", MAX_SPEC));
	memcpy(buf, spec, len + 1);
	for (s = strtok_r(buf, " \t", &save); s != NULL && n < NITEMS(w);
	    s = strtok_r(NULL, " \t", &save))
		w[n++] = s;
	if (n == 0)
		return (bad(err, spec, "empty (%s)", JT_PROBE_KINDS));
	for (k = 0; k < NITEMS(kinds); k++)
		if (strcmp(w[0], kinds[k].word) == 0)
			break;
	if (k == NITEMS(kinds))
		return (bad(err, spec, "unknown kind '%s' (%s)", w[0],
		    JT_PROBE_KINDS));
	if (n - 1 < kinds[k].min || n - 1 > kinds[k].max)
		return (bad(err, spec, "%s (%s)", n - 1 < kinds[k].min ?
		    "missing arguments" : "too many arguments", kinds[k].usage));
	if (!number(w[1], 5, 1, 65535, &port))
		return (bad(err, spec, "port '%s' is not 1..65535", w[1]));
	if ((p = calloc(1, sizeof(*p))) == NULL)
		return (jt_err_set(err, JT_ENOMEM, errno, NULL, "probe"));
	p->kind = kinds[k].kind;
	p->port = (uint16_t)port;
	p->qtype = JT_DNS_A;
	p->status = 200;
	if ((rc = parse_args(p, w, n, spec, err)) != 0)
		goto fail;
	if ((p->spec = strdup(spec)) == NULL) {
		rc = jt_err_set(err, JT_ENOMEM, errno, NULL, "probe");
		goto fail;
	}
	*out = p;
	return (0);
fail:
	jt_probe_free(p);
	return (rc);
}

int
jt_probe_kind_ok(const char *word)
{
	for (size_t k = 0; k < NITEMS(kinds); k++)
		if (strcmp(word, kinds[k].word) == 0)
			return (1);
	return (0);
}

void
jt_probe_free(struct jt_probe *p)
{
	if (p == NULL)
		return;
	free(p->arg);
	free(p->spec);
	free(p);
}

const char *
jt_probe_spec(const struct jt_probe *p)
{
	return (p->spec);
}

/* --- checks on buffers --- */

/* --- the network --- */

struct run {
	const struct jt_probe *p;
	const char	*addr;
	char		 where[128];	/* "127.0.0.1:53", "[::1]:53" */
	int		 timeout_ms;
	struct jt_err	*err;
};

/* Reads until want bytes, a newline (if line), a full buffer or EOF. */
struct rd {
	uint8_t		*buf;
	size_t		 cap, len, want;
	bool		 line, eof;
};

static int perr(struct run *, int, int, const char *, ...)
    __attribute__((format(printf, 4, 5)));

/* An error naming the probe; the message names the address. */
static int
perr(struct run *r, int code, int sys_errno, const char *fmt, ...)
{
	char msg[JT_ERR_MSG_MAX];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	return (jt_err_set(r->err, code, sys_errno, NULL, "probe '%s': %s",
	    r->p->spec, msg));
}

/* A checker's error, with the probe and the address put in front. */
static int
check_err(struct run *r, int code, const char *how)
{
	char msg[JT_ERR_MSG_MAX];

	snprintf(msg, sizeof(msg), "%s", r->err->msg);
	return (perr(r, code, 0, "%s%s: %s", r->where, how, msg));
}

static int64_t
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ((int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000);
}

/* Wait for ev on fd: 1 ready, 0 at the deadline, -1 error (errno). */
static int
wait_fd(int fd, short ev, int64_t deadline)
{
	struct pollfd pfd = { .fd = fd, .events = ev };
	int64_t left;
	int n;

	while ((left = deadline - now_ms()) > 0) {
		n = poll(&pfd, 1, left > INT_MAX ? INT_MAX : (int)left);
		if (n > 0)
			return (1);
		if (n == -1 && errno != EINTR)
			return (-1);
	}
	return (0);
}

static int
connect_wait(struct run *r, int fd, const struct addrinfo *ai)
{
	socklen_t sl = sizeof(int);
	int e = 0;

	if (connect(fd, ai->ai_addr, ai->ai_addrlen) == 0)
		return (0);
	if (errno != EINPROGRESS)
		return (perr(r, JT_EIO, errno, "connect %s", r->where));
	switch (wait_fd(fd, POLLOUT, now_ms() + r->timeout_ms)) {
	case 0:
		return (perr(r, JT_EIO, 0, "connect %s: no answer within %d ms",
		    r->where, r->timeout_ms));
	case -1:
		return (perr(r, JT_EIO, errno, "connect %s: poll", r->where));
	}
	if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &e, &sl) == -1)
		e = errno;
	return (e != 0 ? perr(r, JT_EIO, e, "connect %s", r->where) : 0);
}

/* A connected nonblocking, close-on-exec socket of type to the address. */
static int
dial(struct run *r, int type, int *fdp)
{
	struct addrinfo hints = { .ai_family = AF_UNSPEC, .ai_socktype = type,
	    .ai_flags = AI_NUMERICHOST | AI_NUMERICSERV }, *ai = NULL;
	char port[8];
	int fd = -1, e, rc;

	*fdp = -1;
	snprintf(port, sizeof(port), "%u", (unsigned)r->p->port);
	if ((e = getaddrinfo(r->addr, port, &hints, &ai)) != 0)
		return (perr(r, JT_EINVAL, 0, "address '%s': %s", r->addr,
		    gai_strerror(e)));
	fd = socket(ai->ai_family, ai->ai_socktype | SOCK_NONBLOCK |
	    SOCK_CLOEXEC, ai->ai_protocol);
	if (fd == -1) {
		rc = perr(r, JT_EIO, errno, "socket for %s", r->where);
		goto fail;
	}
#ifdef SO_NOSIGPIPE
	e = 1;
	(void)setsockopt(fd, SOL_SOCKET, SO_NOSIGPIPE, &e, sizeof(e));
#endif
	if ((rc = connect_wait(r, fd, ai)) != 0)
		goto fail;
	freeaddrinfo(ai);
	*fdp = fd;
	return (0);
fail:
	if (fd != -1)
		close(fd);
	freeaddrinfo(ai);
	return (rc);
}

/*
 * After a send() or recv() failed with errno: 0 to try again (it was
 * interrupted, or the socket is ready now), else an errno value to give
 * up with, ETIMEDOUT at the deadline.
 */
static int
again(int fd, short ev, int64_t deadline)
{
	if (errno == EINTR)
		return (0);
	if (errno != EAGAIN && errno != EWOULDBLOCK)
		return (errno);
	switch (wait_fd(fd, ev, deadline)) {
	case 0:
		return (ETIMEDOUT);
	case -1:
		return (errno);
	}
	return (0);
}

/* 0, or an errno value: ETIMEDOUT at the deadline. */
static int
send_all(int fd, const void *buf, size_t len, int64_t deadline)
{
	const uint8_t *b = buf;
	ssize_t n;
	int e;

	while (len > 0) {
		if ((n = send(fd, b, len, MSG_NOSIGNAL)) >= 0) {
			b += n;
			len -= (size_t)n;
		} else if ((e = again(fd, POLLOUT, deadline)) != 0)
			return (e);
	}
	return (0);
}

/* 0 (done, full or EOF), or an errno value: ETIMEDOUT at the deadline. */
static int
rd_fill(int fd, struct rd *r, int64_t deadline)
{
	ssize_t n;
	int e;

	while (r->len < r->want && r->len < r->cap && !r->eof) {
		if ((n = recv(fd, r->buf + r->len, r->cap - r->len, 0)) > 0) {
			r->len += (size_t)n;
			if (r->line && memchr(r->buf + r->len - (size_t)n,
			    '\n', (size_t)n) != NULL)
				break;
		} else if (n == 0)
			r->eof = true;
		else if ((e = again(fd, POLLIN, deadline)) != 0)
			return (e);
	}
	return (0);
}

/* No (whole) answer: timed out or failed. */
static int
rd_err(struct run *r, int e, const char *what)
{
	if (e == ETIMEDOUT)
		return (perr(r, JT_EIO, 0, "%s: no %s within %d ms", r->where,
		    what, r->timeout_ms));
	return (perr(r, JT_EIO, e, "%s: reading %s", r->where, what));
}

static int
probe_tcp(struct run *r, int fd, char *detail, size_t detail_len)
{
	const char *want = r->p->arg;
	uint8_t buf[BANNER_BUF];
	struct rd rd = { .buf = buf, .cap = sizeof(buf), .line = true };
	int e, rc;

	if (want == NULL) {
		snprintf(detail, detail_len, "connected to %s", r->where);
		return (0);
	}
	rd.want = strlen(want);
	e = rd_fill(fd, &rd, now_ms() + r->timeout_ms);
	/* Cut short (rd.len < rd.want): a wrong start is still wrong. */
	if (e != 0 && memcmp(buf, want, rd.len) == 0)
		return (rd_err(r, e, "banner"));
	if (rd.len == 0)
		return (perr(r, JT_EIO, 0, "%s: closed without a banner",
		    r->where));
	if ((rc = jt_probe_banner_check(buf, rd.len, want, detail, detail_len,
	    r->err)) != 0)
		return (check_err(r, rc, ""));
	return (0);
}

static int
probe_http(struct run *r, int fd, char *detail, size_t detail_len)
{
	char req[MAX_SPEC + 64];
	uint8_t buf[HTTP_BUF];
	struct rd rd = { .buf = buf, .cap = sizeof(buf), .want = sizeof(buf),
	    .line = true };
	int64_t deadline = now_ms() + r->timeout_ms;
	int n, e, rc;

	n = snprintf(req, sizeof(req), "GET %s HTTP/1.0\r\nHost: localhost\r\n"
	    "Connection: close\r\n\r\n", r->p->arg);
	if (n < 0 || (size_t)n >= sizeof(req))
		return (perr(r, JT_EINVAL, 0, "request too long"));
	if ((e = send_all(fd, req, (size_t)n, deadline)) != 0)
		return (e == ETIMEDOUT ? perr(r, JT_EIO, 0, "%s: request not "
		    "taken within %d ms", r->where, r->timeout_ms) :
		    perr(r, JT_EIO, e, "%s: sending the request", r->where));
	if ((e = rd_fill(fd, &rd, deadline)) != 0)
		return (rd_err(r, e, "status line"));
	if (rd.len == 0)
		return (perr(r, JT_EIO, 0, "%s: closed without answering",
		    r->where));
	if ((rc = jt_probe_http_check(buf, rd.len, r->p->status, detail,
	    detail_len, r->err)) != 0)
		return (check_err(r, rc, ""));
	return (0);
}

/* Send the request of asks[], judge the first line of the reply. */
static int
probe_ask(struct run *r, int fd, char *detail, size_t detail_len)
{
	uint8_t buf[BANNER_BUF];
	struct rd rd = { .buf = buf, .cap = sizeof(buf), .want = sizeof(buf),
	    .line = true };
	int64_t deadline = now_ms() + r->timeout_ms;
	size_t k;
	int e, rc;

	for (k = 0; k < NITEMS(asks) && asks[k].kind != r->p->kind; k++)
		;
	if (k == NITEMS(asks))
		return (perr(r, JT_EINVAL, 0, "not a request probe"));
	if ((e = send_all(fd, asks[k].request, strlen(asks[k].request),
	    deadline)) != 0)
		return (e == ETIMEDOUT ? perr(r, JT_EIO, 0, "%s: request not "
		    "taken within %d ms", r->where, r->timeout_ms) :
		    perr(r, JT_EIO, e, "%s: sending the request", r->where));
	if ((e = rd_fill(fd, &rd, deadline)) != 0)
		return (rd_err(r, e, "reply"));
	if (rd.len == 0)
		return (perr(r, JT_EIO, 0, "%s: closed without answering",
		    r->where));
	if ((rc = jt_probe_reply_check(buf, rd.len, asks[k].service,
	    asks[k].reply, detail, detail_len, r->err)) != 0)
		return (check_err(r, rc, ""));
	return (0);
}

/*
 * PostgreSQL: the SSLRequest, answered before any authentication with one
 * byte.  The server logs the connection closed after it as an incomplete
 * startup packet, and nothing else.
 */
static int
probe_pgsql(struct run *r, int fd, char *detail, size_t detail_len)
{
	uint8_t req[JT_PG_SSLREQ_LEN], buf[BANNER_BUF];
	struct rd rd = { .buf = buf, .cap = sizeof(buf), .want = 1 };
	int64_t deadline = now_ms() + r->timeout_ms;
	int e, rc;

	jt_probe_pgsql_request(req);
	if ((e = send_all(fd, req, sizeof(req), deadline)) != 0)
		return (e == ETIMEDOUT ? perr(r, JT_EIO, 0, "%s: request not "
		    "taken within %d ms", r->where, r->timeout_ms) :
		    perr(r, JT_EIO, e, "%s: sending the SSLRequest", r->where));
	if ((e = rd_fill(fd, &rd, deadline)) != 0)
		return (rd_err(r, e, "answer to the SSLRequest"));
	if (rd.len == 0)
		return (perr(r, JT_EIO, 0, "%s: closed without answering",
		    r->where));
	if ((rc = jt_probe_pgsql_check(buf, rd.len, detail, detail_len,
	    r->err)) != 0)
		return (check_err(r, rc, ""));
	return (0);
}

/* Build a query with a fresh id; cannot fail on a parsed probe's name. */
static int
dns_query(struct run *r, uint8_t *q, size_t size, size_t *qlen)
{
	int rc;

	rc = jt_probe_dns_query(q, size, qlen, (uint16_t)arc4random(),
	    r->p->arg, r->p->qtype, r->err);
	return (rc != 0 ? check_err(r, rc, "") : 0);
}

/* One datagram out, the first one back judged. */
static int
dns_udp(struct run *r, unsigned *nans)
{
	uint8_t q[JT_DNS_QUERY_MAX], a[DNS_UDP_BUF];
	size_t qlen;
	ssize_t n;
	int64_t deadline;
	int fd = -1, e, rc;

	if ((rc = dns_query(r, q, sizeof(q), &qlen)) != 0 ||
	    (rc = dial(r, SOCK_DGRAM, &fd)) != 0)
		return (rc);
	deadline = now_ms() + r->timeout_ms;
	if ((e = send_all(fd, q, qlen, deadline)) != 0) {
		rc = perr(r, JT_EIO, e, "%s over UDP: sending", r->where);
		goto out;
	}
	while ((n = recv(fd, a, sizeof(a), 0)) == -1) {
		if (errno != EINTR && errno != EAGAIN && errno != EWOULDBLOCK) {
			/* ECONNREFUSED: an ICMP port unreachable came back. */
			rc = perr(r, JT_EIO, errno, "%s over UDP", r->where);
			goto out;
		}
		if ((e = wait_fd(fd, POLLIN, deadline)) <= 0) {
			rc = rd_err(r, e == 0 ? ETIMEDOUT : errno,
			    "answer over UDP");
			goto out;
		}
	}
	if ((rc = jt_probe_dns_check(q, qlen, a, (size_t)n, nans,
	    r->err)) != 0)
		rc = check_err(r, rc, " over UDP");
out:
	close(fd);
	return (rc);
}

/* The same over TCP: each message after its length, 2 bytes. */
static int
dns_tcp(struct run *r, unsigned *nans)
{
	uint8_t q[2 + JT_DNS_QUERY_MAX], lenb[2], *a = NULL;
	struct rd rd = { .buf = lenb, .cap = 2, .want = 2 };
	size_t qlen, alen;
	int64_t deadline;
	int fd = -1, e, rc;

	if ((rc = dns_query(r, q + 2, sizeof(q) - 2, &qlen)) != 0 ||
	    (rc = dial(r, SOCK_STREAM, &fd)) != 0)
		return (rc);
	put16(q, (unsigned)qlen);
	deadline = now_ms() + r->timeout_ms;
	if ((e = send_all(fd, q, qlen + 2, deadline)) != 0) {
		rc = e == ETIMEDOUT ? rd_err(r, e, "room for the query") :
		    perr(r, JT_EIO, e, "%s over TCP: sending", r->where);
		goto out;
	}
	if ((e = rd_fill(fd, &rd, deadline)) != 0 || rd.len < 2) {
		rc = e != 0 ? rd_err(r, e, "answer over TCP") : perr(r, JT_EIO,
		    0, "%s: closed without an answer over TCP", r->where);
		goto out;
	}
	alen = get16(lenb);
	if ((a = malloc(alen + 1)) == NULL) {
		rc = jt_err_set(r->err, JT_ENOMEM, errno, NULL, "probe");
		goto out;
	}
	rd = (struct rd){ .buf = a, .cap = alen, .want = alen };
	if ((e = rd_fill(fd, &rd, deadline)) != 0 || rd.len < alen) {
		rc = e != 0 ? rd_err(r, e, "answer over TCP") : perr(r, JT_EIO,
		    0, "%s: answer over TCP cut short (%zu of %zu bytes)",
		    r->where, rd.len, alen);
		goto out;
	}
	if ((rc = jt_probe_dns_check(q + 2, qlen, a, alen, nans,
	    r->err)) != 0)
		rc = check_err(r, rc, " over TCP");
out:
	free(a);
	close(fd);
	return (rc);
}

static int
probe_dns(struct run *r, char *detail, size_t detail_len)
{
	unsigned nu, nt;
	int rc;

	if ((rc = dns_udp(r, &nu)) != 0 || (rc = dns_tcp(r, &nt)) != 0)
		return (rc);
	if (nu == nt)
		snprintf(detail, detail_len, "%u answer%s over UDP and TCP",
		    nu, nu == 1 ? "" : "s");
	else
		snprintf(detail, detail_len, "%u answer%s over UDP, %u over "
		    "TCP", nu, nu == 1 ? "" : "s", nt);
	return (0);
}

int
jt_probe_once(const struct jt_probe *p, const char *addr, int timeout_ms,
    char *detail, size_t detail_len, struct jt_err *err)
{
	struct jt_err local;
	struct run r = { .p = p, .addr = addr, .timeout_ms = timeout_ms,
	    .err = err != NULL ? err : &local };
	char seen[256] = "";
	int fd = -1, rc;

	if (detail != NULL && detail_len > 0)
		detail[0] = '\0';
	if (p == NULL || addr == NULL || timeout_ms <= 0)
		return (jt_err_set(err, JT_EINVAL, 0, NULL, "probe: no probe, "
		    "no address or a timeout under 1 ms"));
	snprintf(r.where, sizeof(r.where), strchr(addr, ':') != NULL ?
	    "[%s]:%u" : "%s:%u", addr, (unsigned)p->port);
	if (p->kind == P_DNS)
		rc = probe_dns(&r, seen, sizeof(seen));
	else if ((rc = dial(&r, SOCK_STREAM, &fd)) == 0)
		rc = p->kind == P_TCP || p->kind == P_SMTP ||
		    p->kind == P_IMAP ? probe_tcp(&r, fd, seen, sizeof(seen)) :
		    p->kind == P_HTTP ? probe_http(&r, fd, seen, sizeof(seen)) :
		    p->kind == P_PGSQL ? probe_pgsql(&r, fd, seen,
		    sizeof(seen)) :
		    probe_ask(&r, fd, seen, sizeof(seen));
	if (fd != -1)
		close(fd);
	if (rc == 0 && detail != NULL && detail_len > 0)
		snprintf(detail, detail_len, "%s", seen);
	return (rc);
}
