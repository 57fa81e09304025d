/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Probes: is a started service answering?  A profile's "probe" line names
 * one, and verify --start runs it, from inside the jail's own network
 * namespace (or vnet), against the loopback address.  Written here, in C,
 * so that no dig, curl or ssh is needed on the host or in the jail.
 *
 *	tcp PORT [BANNER]	connect; with BANNER, the first bytes the
 *				server sends must start with it ("SSH-2.0-")
 *	dns PORT NAME [TYPE]	an A (or TYPE: A, AAAA, NS, SOA, PTR, MX,
 *				TXT, ANY) query for NAME over UDP, then the
 *				same over TCP; each answer must be a response
 *				with the query's id, opcode and question, rcode
 *				NOERROR and at least one answer record
 *	http PORT PATH [STATUS]	"GET PATH HTTP/1.0" with a Host header; the
 *				status line must carry STATUS (default 200)
 *	redis PORT		"PING"; the reply must start "+PONG"
 *	memcached PORT		"version"; the reply must start "VERSION "
 *	pgsql PORT		PostgreSQL's SSLRequest; the answer must be
 *				the one byte S or N
 */
#ifndef JAILTRIM_PROBE_H
#define JAILTRIM_PROBE_H

#include <stddef.h>

#include "jailtrim/err.h"

struct jt_probe;

/* The kinds, for messages (the profile parser checks the first word). */
#define JT_PROBE_KINDS	"tcp, dns, http, redis, memcached, smtp, imap, pgsql"

/* 1 if word names a probe kind, else 0. */
int	jt_probe_kind_ok(const char *word);

/*
 * Parse a probe line (the words after "probe").  An unknown kind, a port
 * outside 1..65535, a missing or malformed argument is JT_EINVAL with a
 * message quoting the spec.  *out is freed with jt_probe_free().
 */
int	jt_probe_parse(struct jt_probe **out, const char *spec,
	    struct jt_err *err);
void	jt_probe_free(struct jt_probe *p);

/* The spec as given, for messages. */
const char *jt_probe_spec(const struct jt_probe *p);

/*
 * One attempt against the numeric address addr ("127.0.0.1", "::1"),
 * each network step bounded by timeout_ms.  0: the service answered as
 * the probe expects, and detail (when not NULL) says what it saw, e.g.
 * "banner SSH-2.0-OpenSSH_9.2p1", "HTTP/1.1 200 OK", "3 answers over
 * UDP and TCP".  Otherwise a negative code with err->msg saying what went
 * wrong ("connect 127.0.0.1:22: Connection refused", "status 404, wanted
 * 200", "DNS answer id 0x1234, wanted 0x4321", "rcode SERVFAIL"): the
 * caller retries until its own deadline.  JT_EIO: no answer (refused,
 * timed out, reset); JT_EFORMAT: an answer, but not the expected one.
 */
int	jt_probe_once(const struct jt_probe *p, const char *addr,
	    int timeout_ms, char *detail, size_t detail_len,
	    struct jt_err *err);

#endif
