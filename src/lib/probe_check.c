/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Judging what a service sent back, on buffers alone (probe_int.h): the
 * DNS query and answer, the HTTP status line, a banner.  No network here,
 * so the unit tests and the fuzzer reach every branch.
 */
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "jailtrim/probe.h"
#include "probe_int.h"

#define SHOW_MAX	80

static const struct {
	const char	*name;
	uint16_t	 type;
} dns_types[] = {
	{ "A", JT_DNS_A }, { "AAAA", JT_DNS_AAAA }, { "NS", JT_DNS_NS },
	{ "SOA", JT_DNS_SOA }, { "PTR", JT_DNS_PTR }, { "MX", JT_DNS_MX },
	{ "TXT", JT_DNS_TXT }, { "ANY", JT_DNS_ANY },
};

/* RFC 1035 4.1.1 and RFC 2136 3.8. */
static const char *const rcodes[] = {
	"NOERROR", "FORMERR", "SERVFAIL", "NXDOMAIN", "NOTIMP", "REFUSED",
	"YXDOMAIN", "YXRRSET", "NXRRSET", "NOTAUTH", "NOTZONE",
};

void
jt_probe_printable(char *out, size_t out_len, const void *buf, size_t len)
{
	const unsigned char *b = buf;
	size_t n = 0, max;

	if (out_len == 0)
		return;
	max = out_len - 1 < SHOW_MAX ? out_len - 1 : SHOW_MAX;
	for (size_t i = 0; i < len && b[i] != '\r' && b[i] != '\n'; i++) {
		if (n == max) {
			if (max >= 3)
				memcpy(out + max - 3, "...", 3);
			break;
		}
		out[n++] = printable(b[i]) ? (char)b[i] : '?';
	}
	out[n] = '\0';
}

uint16_t
jt_probe_dns_type(const char *name)
{
	for (size_t i = 0; i < NITEMS(dns_types); i++)
		if (strcasecmp(name, dns_types[i].name) == 0)
			return (dns_types[i].type);
	return (0);
}

int
jt_probe_dns_query(uint8_t *buf, size_t size, size_t *len, uint16_t id,
    const char *name, uint16_t qtype, struct jt_err *err)
{
	size_t nl = strlen(name), n = JT_DNS_HDR, l;
	const char *s = name, *end, *dot;

	*len = 0;
	if (nl > 0 && name[nl - 1] == '.')
		nl--;
	end = name + nl;
	if (size < JT_DNS_HDR + 1 + 4)
		return (jt_err_set(err, JT_EINVAL, 0, NULL, "DNS query buffer "
		    "of %zu bytes", size));
	memset(buf, 0, JT_DNS_HDR);
	put16(buf, id);
	buf[2] = 0x01;		/* RD: a resolver is asked to recurse */
	put16(buf + 4, 1);	/* QDCOUNT */
	while (nl > 0) {
		dot = memchr(s, '.', (size_t)(end - s));
		l = (size_t)((dot != NULL ? dot : end) - s);
		if (l == 0 || l > 63)
			return (jt_err_set(err, JT_EINVAL, 0, NULL, "bad DNS "
			    "name '%s': a label of %zu bytes", name, l));
		if (n - JT_DNS_HDR + 1 + l + 1 > JT_DNS_NAME_MAX ||
		    n + 1 + l + 1 + 4 > size)
			return (jt_err_set(err, JT_EINVAL, 0, NULL, "bad DNS "
			    "name '%s': longer than 255 bytes", name));
		buf[n++] = (uint8_t)l;
		memcpy(buf + n, s, l);
		n += l;
		if (dot == NULL)
			break;
		s = dot + 1;
	}
	buf[n++] = 0;
	put16(buf + n, qtype);
	put16(buf + n + 2, 1);	/* class IN */
	*len = n + 4;
	return (0);
}

/*
 * Read the name at *off in m, maybe compressed (RFC 1035 4.1.4), into out
 * (JT_DNS_NAME_MAX bytes) in its wire form, ASCII lowercased; *off moves
 * past it.  A pointer must point before the place the previous one (or
 * the name) started: jumps go strictly backward, so cannot loop.  NULL,
 * or what is wrong.
 */
static const char *
read_name(const uint8_t *m, size_t mlen, size_t *off, uint8_t *out,
    size_t *outlen)
{
	size_t pos = *off, limit = *off, n = 0, after = 0, to;
	unsigned c;

	for (;;) {
		if (pos >= mlen)
			return ("name runs past the end");
		c = m[pos];
		if ((c & 0xc0) == 0xc0) {
			if (pos + 1 >= mlen)
				return ("name runs past the end");
			to = (size_t)(c & 0x3f) << 8 | m[pos + 1];
			if (to >= limit)
				return ("compression pointer does not point "
				    "back");
			if (after == 0)
				after = pos + 2;
			pos = limit = to;
			continue;
		}
		if ((c & 0xc0) != 0)
			return ("unknown label type");
		if (n + 1 + c > JT_DNS_NAME_MAX)
			return ("name longer than 255 bytes");
		if (pos + 1 + c > mlen)
			return ("name runs past the end");
		out[n++] = (uint8_t)c;
		for (size_t i = 0; i < c; i++) {
			uint8_t b = m[pos + 1 + i];

			out[n++] = b >= 'A' && b <= 'Z' ? (uint8_t)(b + 32) : b;
		}
		pos += 1 + c;
		if (c == 0)
			break;
	}
	*off = after != 0 ? after : pos;
	*outlen = n;
	return (NULL);
}

/* A wire name as text, for messages. */
static void
name_text(char *out, size_t out_len, const uint8_t *w)
{
	size_t n = 0;

	for (; *w != 0 && n + *w + 2 < out_len; w += 1 + *w) {
		for (size_t i = 1; i <= *w; i++)
			out[n++] = printable(w[i]) && w[i] != '.' ?
			    (char)w[i] : '?';
		out[n++] = '.';
	}
	if (n == 0)
		out[n++] = '.';
	out[n] = '\0';
}

static int
echo_err(const uint8_t *an, const uint8_t *at, const uint8_t *qn,
    const uint8_t *qt, struct jt_err *err)
{
	char a[JT_DNS_NAME_MAX + 2], q[JT_DNS_NAME_MAX + 2];

	name_text(a, sizeof(a), an);
	name_text(q, sizeof(q), qn);
	return (jt_err_set(err, JT_EFORMAT, 0, NULL, "DNS answer to '%s' "
	    "type %u class %u, wanted '%s' type %u class %u", a, get16(at),
	    get16(at + 2), q, get16(qt), get16(qt + 2)));
}

/* Every record of every section inside the message. */
static int
walk_records(const uint8_t *a, size_t alen, size_t off, struct jt_err *err)
{
	uint8_t name[JT_DNS_NAME_MAX];
	unsigned total = (unsigned)get16(a + 6) + get16(a + 8) + get16(a + 10);
	size_t n, rdlen;
	const char *why;

	for (unsigned i = 1; i <= total; i++) {
		if ((why = read_name(a, alen, &off, name, &n)) != NULL)
			return (jt_err_set(err, JT_EFORMAT, 0, NULL, "DNS "
			    "answer record %u of %u: %s", i, total, why));
		if (alen - off < 10)
			return (jt_err_set(err, JT_EFORMAT, 0, NULL, "DNS "
			    "answer record %u of %u runs past the end", i,
			    total));
		rdlen = get16(a + off + 8);
		if (alen - off - 10 < rdlen)
			return (jt_err_set(err, JT_EFORMAT, 0, NULL, "DNS "
			    "answer record %u of %u: %zu bytes of data run "
			    "past the end", i, total, rdlen));
		off += 10 + rdlen;
	}
	return (0);
}

static int
fmt_err(struct jt_err *err, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static int
fmt_err(struct jt_err *err, const char *fmt, ...)
{
	char msg[JT_ERR_MSG_MAX];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	return (jt_err_set(err, JT_EFORMAT, 0, NULL, "%s", msg));
}

int
jt_probe_dns_check(const uint8_t *q, size_t qlen, const uint8_t *a,
    size_t alen, unsigned *nanswers, struct jt_err *err)
{
	uint8_t qname[JT_DNS_NAME_MAX], aname[JT_DNS_NAME_MAX];
	size_t qn, an, qoff = JT_DNS_HDR, aoff = JT_DNS_HDR;
	unsigned rc;
	const char *why;

	*nanswers = 0;
	if (qlen < JT_DNS_HDR || read_name(q, qlen, &qoff, qname, &qn) !=
	    NULL || qlen - qoff < 4)
		return (jt_err_set(err, JT_EINVAL, 0, NULL, "bad DNS query"));
	if (alen < JT_DNS_HDR)
		return (fmt_err(err, "DNS answer of %zu bytes, shorter than "
		    "a header", alen));
	if (get16(a) != get16(q))
		return (fmt_err(err, "DNS answer id 0x%04x, wanted 0x%04x",
		    get16(a), get16(q)));
	if ((a[2] & 0x80) == 0)
		return (fmt_err(err, "DNS message is a query, not an answer"));
	if ((a[2] & 0x78) != (q[2] & 0x78))
		return (fmt_err(err, "DNS answer opcode %u, wanted %u",
		    (a[2] & 0x78) >> 3, (q[2] & 0x78) >> 3));
	if ((rc = a[3] & 0x0f) != 0)
		return (rc < NITEMS(rcodes) ? fmt_err(err, "rcode %s",
		    rcodes[rc]) : fmt_err(err, "rcode %u", rc));
	if (get16(a + 4) != 1)
		return (fmt_err(err, "DNS answer has %u questions, wanted 1",
		    get16(a + 4)));
	if ((why = read_name(a, alen, &aoff, aname, &an)) != NULL)
		return (fmt_err(err, "DNS answer question: %s", why));
	if (alen - aoff < 4)
		return (fmt_err(err, "DNS answer question runs past the end"));
	if (an != qn || memcmp(aname, qname, an) != 0 ||
	    memcmp(a + aoff, q + qoff, 4) != 0)
		return (echo_err(aname, a + aoff, qname, q + qoff, err));
	if ((*nanswers = get16(a + 6)) == 0)
		return (fmt_err(err, "DNS answer has no answer records"));
	return (walk_records(a, alen, aoff + 4, err));
}

int
jt_probe_http_check(const void *buf, size_t len, int want, char *detail,
    size_t detail_len, struct jt_err *err)
{
	const char *s = buf, *nl = memchr(buf, '\n', len);
	char shown[SHOW_MAX + 1];
	size_t n = nl != NULL ? (size_t)(nl - s) : len;
	int status;

	jt_probe_printable(shown, sizeof(shown), buf, len);
	/* "HTTP/1.x SSS reason"; some servers leave out the reason. */
	if (n < 12 || memcmp(s, "HTTP/1.", 7) != 0 || !digit(s[7]) ||
	    s[8] != ' ' || !digit(s[9]) || !digit(s[10]) ||
	    !digit(s[11]) || (n > 12 && s[12] != ' ' && s[12] != '\r'))
		return (fmt_err(err, "not an HTTP/1.x status line: '%s'",
		    shown));
	status = (s[9] - '0') * 100 + (s[10] - '0') * 10 + (s[11] - '0');
	if (status != want)
		return (fmt_err(err, "status %d, wanted %d ('%s')", status,
		    want, shown));
	if (detail != NULL && detail_len > 0)
		snprintf(detail, detail_len, "%s", shown);
	return (0);
}

int
jt_probe_banner_check(const void *buf, size_t len, const char *want,
    char *detail, size_t detail_len, struct jt_err *err)
{
	char shown[SHOW_MAX + 1];
	size_t wl = strlen(want);

	jt_probe_printable(shown, sizeof(shown), buf, len);
	if (len < wl || memcmp(buf, want, wl) != 0)
		return (fmt_err(err, "banner '%s', wanted one starting '%s'",
		    shown, want));
	if (detail != NULL && detail_len > 0)
		snprintf(detail, detail_len, "banner %s", shown);
	return (0);
}


int
jt_probe_reply_check(const void *buf, size_t len, const char *service,
    const char *want, char *detail, size_t detail_len, struct jt_err *err)
{
	char shown[SHOW_MAX + 1];
	size_t wl = strlen(want);

	jt_probe_printable(shown, sizeof(shown), buf, len);
	if (len < wl || memcmp(buf, want, wl) != 0)
		return (fmt_err(err, "%s answered '%s', wanted '%s'", service,
		    shown, want));
	if (detail != NULL && detail_len > 0)
		snprintf(detail, detail_len, "reply %s", shown);
	return (0);
}

void
jt_probe_pgsql_request(uint8_t buf[JT_PG_SSLREQ_LEN])
{
	/* PostgreSQL's protocol.sgml, "SSLRequest": 1234 << 16 | 5679 */
	static const uint8_t req[JT_PG_SSLREQ_LEN] = { 0, 0, 0, 8,
	    0x04, 0xd2, 0x16, 0x2f };

	memcpy(buf, req, sizeof(req));
}

int
jt_probe_pgsql_check(const void *buf, size_t len, char *detail,
    size_t detail_len, struct jt_err *err)
{
	const unsigned char *b = buf;
	char shown[SHOW_MAX + 1];

	if (len == 0)
		return (fmt_err(err, "no answer to the SSLRequest"));
	if (b[0] == 'E') {
		/* an ErrorResponse: 'E', length, then fields; show the text */
		jt_probe_printable(shown, sizeof(shown), b + 1, len - 1);
		return (fmt_err(err, "SSLRequest answered with an error "
		    "message, wanted S or N ('%s')", shown));
	}
	if (b[0] != 'S' && b[0] != 'N') {
		jt_probe_printable(shown, sizeof(shown), b, len);
		return (fmt_err(err, "SSLRequest answered 0x%02x ('%s'), "
		    "wanted S or N", b[0], shown));
	}
	/* Bytes after the answer came before any TLS: not the server's. */
	if (len > 1)
		return (fmt_err(err, "SSLRequest answered %c followed by %zu "
		    "more byte%s, wanted that byte alone", b[0], len - 1,
		    len == 2 ? "" : "s"));
	if (detail != NULL && detail_len > 0)
		snprintf(detail, detail_len, "SSLRequest answered %c (%s)",
		    b[0], b[0] == 'S' ? "TLS on offer" : "no TLS");
	return (0);
}
