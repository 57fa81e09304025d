/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Probes from arbitrary bytes: the bytes as a probe line, as a DNS answer
 * (to a query for localhost. and to one for the bytes as a name), as an
 * HTTP status line, as a banner, as redis's and memcached's replies and
 * as a PostgreSQL server's answer to the SSLRequest.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "jailtrim/probe.h"
#include "probe_int.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* What the checkers show must be printable and terminated. */
static void
shown_ok(const char *s, size_t cap)
{
	size_t n = strnlen(s, cap);

	if (n == cap)
		abort();
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)s[i] < 0x20 || (unsigned char)s[i] >= 0x7f)
			abort();
}

static void
dns(const uint8_t *data, size_t size, const char *name)
{
	uint8_t q[JT_DNS_QUERY_MAX];
	struct jt_err err;
	size_t qlen;
	unsigned n;
	uint16_t id = size >= 2 ? (uint16_t)(data[0] << 8 | data[1]) : 0;

	/* The answer's id, so that the checks past it are reached. */
	if (jt_probe_dns_query(q, sizeof(q), &qlen, id, name, JT_DNS_A,
	    &err) != 0)
		return;
	if (qlen > sizeof(q) || qlen < JT_DNS_HDR + 5)
		abort();
	if (jt_probe_dns_check(q, qlen, data, size, &n, &err) == 0 && n == 0)
		abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct jt_probe *p;
	struct jt_err err;
	char *s, detail[128];

	if ((s = malloc(size + 1)) == NULL)
		return (0);
	memcpy(s, data, size);
	s[size] = '\0';
	if (jt_probe_parse(&p, s, &err) == 0) {
		if (strcmp(jt_probe_spec(p), s) != 0)
			abort();
		jt_probe_free(p);
	} else if (err.code != JT_EINVAL && err.code != JT_ENOMEM)
		abort();
	dns(data, size, "localhost.");
	dns(data, size, s);
	if (jt_probe_http_check(data, size, 200, detail, sizeof(detail),
	    &err) == 0)
		shown_ok(detail, sizeof(detail));
	if (jt_probe_banner_check(data, size, "SSH-2.0-", detail,
	    sizeof(detail), &err) == 0)
		shown_ok(detail, sizeof(detail));
	if (jt_probe_reply_check(data, size, "redis", "+PONG", detail,
	    sizeof(detail), &err) == 0)
		shown_ok(detail, sizeof(detail));
	else if (err.code != JT_EFORMAT)
		abort();
	if (jt_probe_reply_check(data, size, "memcached", "VERSION ", detail,
	    sizeof(detail), &err) == 0)
		shown_ok(detail, sizeof(detail));
	if (jt_probe_pgsql_check(data, size, detail, sizeof(detail),
	    &err) == 0) {
		/* only the one byte S or N passes */
		if (size != 1 || (data[0] != 'S' && data[0] != 'N'))
			abort();
		shown_ok(detail, sizeof(detail));
	} else if (err.code != JT_EFORMAT)
		abort();
	jt_probe_printable(detail, sizeof(detail), data, size);
	shown_ok(detail, sizeof(detail));
	free(s);
	return (0);
}
