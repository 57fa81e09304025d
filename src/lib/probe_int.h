/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The probe module's pure parts: building a DNS query and judging what
 * came back (a DNS answer, an HTTP status line, a banner), on buffers,
 * with no socket in sight, so that unit tests and fuzzers reach them
 * directly.  Not part of the public API.
 *
 * The checkers return 0 or JT_EFORMAT with err->msg saying what is wrong
 * ("DNS answer id 0x1234, wanted 0x4321", "rcode SERVFAIL", "status 404,
 * wanted 200"), without the address or the spec: jt_probe_once() adds
 * those.  They read only inside [buf, buf + len).
 */
#ifndef JT_PROBE_INT_H
#define JT_PROBE_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "jailtrim/err.h"

#define JT_DNS_HDR		12	/* RFC 1035 4.1.1 */
#define JT_DNS_NAME_MAX		255	/* wire form, root label included */
#define JT_DNS_QUERY_MAX	(JT_DNS_HDR + JT_DNS_NAME_MAX + 4)

/* The query types a probe may name (RFC 1035 3.2.2, RFC 3596). */
enum {
	JT_DNS_A = 1,
	JT_DNS_NS = 2,
	JT_DNS_SOA = 6,
	JT_DNS_PTR = 12,
	JT_DNS_MX = 15,
	JT_DNS_TXT = 16,
	JT_DNS_AAAA = 28,
	JT_DNS_ANY = 255,
};

/* The type named (case-insensitive "A", "aaaa", ...), 0 if none. */
uint16_t jt_probe_dns_type(const char *name);

/*
 * Build a recursion-desired query for name (text, with or without the
 * trailing dot; "." is the root) of type qtype, class IN, into buf (size
 * bytes; JT_DNS_QUERY_MAX is always enough); *len gets its length.  An
 * empty label, a label over 63 bytes or a name over 255 is JT_EINVAL.
 */
int	jt_probe_dns_query(uint8_t *buf, size_t size, size_t *len,
	    uint16_t id, const char *name, uint16_t qtype, struct jt_err *err);

/*
 * Check the DNS message a (alen bytes) as the answer to query q (qlen
 * bytes, as built above): a response, with q's id and opcode, rcode
 * NOERROR, q's question echoed (names compared case-insensitively), at
 * least one answer record, and every record of every section inside the
 * message (compression pointers must point backward, so they cannot
 * loop).  *nanswers gets ANCOUNT.  A malformed q is JT_EINVAL.
 */
int	jt_probe_dns_check(const uint8_t *q, size_t qlen, const uint8_t *a,
	    size_t alen, unsigned *nanswers, struct jt_err *err);

/*
 * Check that buf (len bytes: the status line, maybe more after its
 * newline, maybe no newline at all) starts with "HTTP/1.x SSS" where SSS
 * is want.  detail (when not NULL) gets the status line, printable.
 */
int	jt_probe_http_check(const void *buf, size_t len, int want,
	    char *detail, size_t detail_len, struct jt_err *err);

/*
 * Check that buf (len bytes) starts with want.  detail (when not NULL)
 * gets "banner " and the first line, printable.
 */
int	jt_probe_banner_check(const void *buf, size_t len, const char *want,
	    char *detail, size_t detail_len, struct jt_err *err);

/*
 * Check that buf (len bytes), what service sent back to a request, starts
 * with want ("+PONG"): otherwise JT_EFORMAT, "redis answered '-NOAUTH
 * Authentication required.', wanted '+PONG'".  detail (when not NULL)
 * gets "reply " and the first line, printable.
 */
int	jt_probe_reply_check(const void *buf, size_t len, const char *service,
	    const char *want, char *detail, size_t detail_len,
	    struct jt_err *err);

/*
 * PostgreSQL's SSLRequest (an 8-byte packet: its length, 8, then the code
 * 80877103, both big-endian) into buf.
 */
#define JT_PG_SSLREQ_LEN	8
void	jt_probe_pgsql_request(uint8_t buf[JT_PG_SSLREQ_LEN]);

/*
 * Check that buf (len bytes), what a PostgreSQL server sent back to the
 * SSLRequest, is the one byte 'S' (TLS on offer) or 'N' (none); anything
 * else is JT_EFORMAT naming it: an 'E' (an ErrorResponse: a server older
 * than the protocol 3 or refusing), another byte, nothing, or more bytes
 * after the answer (sent before TLS starts: to be distrusted).  detail
 * (when not NULL) gets "SSLRequest answered S (TLS on offer)" or "... N
 * (no TLS)".
 */
int	jt_probe_pgsql_check(const void *buf, size_t len, char *detail,
	    size_t detail_len, struct jt_err *err);

/*
 * The first line of buf (up to CR or LF) into out, for messages: bytes
 * outside printable ASCII shown as '?', cut with "..." when longer than
 * 80 bytes or than out.  out is always terminated when out_len > 0.
 */
void	jt_probe_printable(char *out, size_t out_len, const void *buf,
	    size_t len);

#define NITEMS(a)	(sizeof(a) / sizeof((a)[0]))

/* Shared by probe.c and probe_check.c. */
static inline uint16_t
get16(const uint8_t *b)
{
	return ((uint16_t)(b[0] << 8 | b[1]));
}

static inline void
put16(uint8_t *b, unsigned v)
{
	b[0] = (uint8_t)(v >> 8);
	b[1] = (uint8_t)v;
}

static inline bool
printable(int c)
{
	return (c >= 0x20 && c < 0x7f);
}

static inline bool
digit(int c)
{
	return (c >= '0' && c <= '9');
}

/* --- parsing --- */

#endif
