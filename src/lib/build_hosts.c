/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The jail's /etc/hosts names the jail's own hostname, as the classic
 * guide has the administrator add by hand: a daemon that resolves its
 * own name at start (apache's apr_sockaddr_info_get(), sendmail, ...)
 * otherwise waits for DNS timeouts before it answers.  The source's
 * file is kept; a line per address is added unless the name already
 * maps to it: the jail's addresses when known, else 127.0.0.1 and ::1.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "build_int.h"

#define HOSTS	"/etc/hosts"

int
jt_build_set_host(struct jt_build *b, const char *hostname,
    const char *const *addrs, size_t naddrs, struct jt_err *err)
{
	free(b->hostname);
	strv_free(&b->hostaddrs);
	b->hostname = NULL;
	if (hostname == NULL || hostname[0] == '\0')
		return (0);
	if ((b->hostname = strdup(hostname)) == NULL)
		return (jt_err_set(err, JT_ENOMEM, 0, HOSTS, "hostname"));
	for (size_t i = 0; i < naddrs; i++) {
		/* jail(8)'s "[IFACE|]ADDR[/LEN]": the address alone. */
		const char *a = strchr(addrs[i], '|');
		size_t len;

		a = a != NULL ? a + 1 : addrs[i];
		len = strcspn(a, "/");
		if (len > 0 && strv_pushn(&b->hostaddrs, a, len) != 0)
			return (jt_err_set(err, JT_ENOMEM, 0, HOSTS, "address"));
	}
	return (0);
}

/* Does text have a line mapping addr to name (before any '#')? */
static bool
has_mapping(const char *text, size_t len, const char *addr, const char *name)
{
	const char *p = text, *end = text + len;

	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *le = nl != NULL ? nl : end, *hash;
		char tok[256];
		size_t n, field = 0;
		bool addr_ok = false;

		hash = memchr(p, '#', (size_t)(le - p));
		le = hash != NULL ? hash : le;
		while (p < le) {
			while (p < le && isspace((unsigned char)*p))
				p++;
			for (n = 0; p + n < le &&
			    !isspace((unsigned char)p[n]); n++)
				continue;
			if (n > 0 && n < sizeof(tok)) {
				memcpy(tok, p, n);
				tok[n] = '\0';
				if (field == 0)
					addr_ok = strcmp(tok, addr) == 0;
				else if (addr_ok && strcasecmp(tok, name) == 0)
					return (true);
			}
			field += n > 0;
			p += n;
		}
		p = nl != NULL ? nl + 1 : end;
	}
	return (false);
}

int
build_hosts(struct jt_build *b, struct jt_err *err)
{
	static const char *const loopback[] = { "127.0.0.1", "::1" };
	const char *const *addrs = (const char *const *)(void *)
	    b->hostaddrs.v;
	size_t naddrs = b->hostaddrs.n;
	struct jt_stat st;
	char *text = NULL, real[PATH_MAX];
	const char *old = "";
	size_t len = 0, olen = 0;
	mode_t mode = 0644;
	void *buf;
	FILE *f;
	int rc;

	if (b->hostname == NULL)
		return (0);
	if (naddrs == 0) {
		addrs = loopback;
		naddrs = 2;
	}
	if (jt_source_read_file(b->src, HOSTS, &buf, &olen, err) == 0) {
		old = buf;
		if (jt_source_resolve(b->src, HOSTS, true, real, sizeof(real),
		    NULL, NULL, err) == 0 &&
		    jt_source_lstat(b->src, real, &st, err) == 0)
			mode = st.mode & 07777;
	} else
		olen = 0;	/* none in the source: ours alone */
	if ((f = open_memstream(&text, &len)) == NULL)
		return (jt_err_set(err, JT_ENOMEM, 0, HOSTS, "memstream"));
	fwrite(old, 1, olen, f);
	if (olen > 0 && old[olen - 1] != '\n')
		fputc('\n', f);
	for (size_t i = 0; i < naddrs; i++)
		if (!has_mapping(old, olen, addrs[i], b->hostname))
			fprintf(f, "%s\t%s\n", addrs[i], b->hostname);
	if (fclose(f) != 0) {
		free(text);
		return (jt_err_set(err, JT_ENOMEM, 0, HOSTS, "memstream"));
	}
	rc = jt_plan_add_data(b->plan, HOSTS, text, len, mode, "the jail's "
	    "own hostname (daemons resolve it at start)", err);
	free(text);
	return (rc);
}
