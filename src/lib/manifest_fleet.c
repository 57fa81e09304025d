/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Fleets: a manifest with "jail NAME {" ... "}" blocks.  The blocks are
 * found first (their lines and names); then each jail is the manifest
 * parser's over the shared lines and its own block, so that every
 * directive a one-jail manifest takes works in a block without a line of
 * code here, and errors keep the file's line numbers.  What concerns
 * several jails at once is done after: the uid pool's ranges checked for
 * overlaps, the address plans' next free addresses handed out in block
 * order.
 */
#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <netinet/in.h>

#include "jailtrim/hostfile.h"
#include "jailtrim/manifest.h"
#include "jailtrim/names.h"
#include "manifest_int.h"
#include "util.h"

#define MAX_FLEET_SIZE	(1 << 20)	/* as a manifest's */
#define MAX_LINE	4096

struct block {
	char		 name[JT_NAME_MAX + 1];
	int		 first, last;
};

struct scan {
	const char	*file;
	struct jt_err	*err;
	struct block	*blocks;	/* JT_FLEET_MAX of them */
	size_t		 n;
	bool		 open;		/* inside blocks[n - 1] */
	int		 line;
	int		 rc;
};

struct jt_fleet_priv {
	struct jt_fleet	 pub;
	struct jt_manifest **jails;
	char		*file;
};

static int serr(struct scan *s, int line, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static int
serr(struct scan *s, int line, const char *fmt, ...)
{
	char where[JT_ERR_PATH_MAX], msg[JT_ERR_MSG_MAX];
	va_list ap;

	snprintf(where, sizeof(where), "%s:%d", s->file, line);
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	return (jt_err_set(s->err, JT_EFORMAT, 0, where, "%s", msg));
}

/* "jail NAME {" opens a block, "}" closes it; the rest is the parser's. */
static int
scan_words(struct scan *s, char *p)
{
	char *save = NULL, *w[4];
	size_t nw = 0;

	while (nw < 4 && (w[nw] = strtok_r(nw == 0 ? p : NULL, " \t",
	    &save)) != NULL)
		nw++;
	if (strcmp(w[0], "}") == 0) {
		if (nw > 1 || !s->open)
			return (serr(s, s->line, nw > 1 ? "'}' alone closes "
			    "a jail block" : "'}' without 'jail NAME {'"));
		s->blocks[s->n - 1].last = s->line;
		s->open = false;
		return (0);
	}
	if (strcmp(w[0], "jail") == 0) {
		if (nw != 3 || strcmp(w[2], "{") != 0)
			return (serr(s, s->line, "wrong number of arguments: "
			    "jail NAME {"));
		if (s->open)
			return (serr(s, s->line, "a jail block inside jail "
			    "%s's (line %d): close it with '}' first",
			    s->blocks[s->n - 1].name, s->blocks[s->n - 1].first));
		if (!jt_name_ok(w[1]))
			return (serr(s, s->line, "jail name '%s': use letters, "
			    "digits, '_', '-' and '.', at most %d bytes", w[1],
			    JT_NAME_MAX));
		for (size_t i = 0; i < s->n; i++)
			if (strcmp(s->blocks[i].name, w[1]) == 0)
				return (serr(s, s->line, "a second jail %s "
				    "(first on line %d)", w[1],
				    s->blocks[i].first));
		if (s->n == JT_FLEET_MAX)
			return (serr(s, s->line, "more than %d jails",
			    JT_FLEET_MAX));
		snprintf(s->blocks[s->n].name, sizeof(s->blocks[s->n].name),
		    "%s", w[1]);
		s->blocks[s->n++].first = s->line;
		s->open = true;
		return (0);
	}
	if (s->n > 0 && !s->open)
		return (serr(s, s->line, "'%s' between jail blocks: shared "
		    "settings go above the first block, a jail's inside its "
		    "own", w[0]));
	return (0);
}

static void
scan_line(void *arg, const char *text, size_t n)
{
	struct scan *s = arg;
	char buf[MAX_LINE], *p;

	s->line++;
	/* Too long or with a NUL: the parser says so, with the line. */
	if (s->rc != 0 || n >= sizeof(buf) || memchr(text, '\0', n) != NULL)
		return;
	memcpy(buf, text, n);
	buf[n] = '\0';
	p = conf_clean(buf);
	if (*p != '\0')
		s->rc = scan_words(s, p);
}

/* "[IFACE|]ADDR[/LEN]" -> the address's bytes (16 for either family). */
static bool
addr_bytes(const char *s, int af, unsigned char out[16])
{
	char a[INET6_ADDRSTRLEN + 1];
	const char *bar = strchr(s, '|');
	size_t n;

	if (bar != NULL)
		s = bar + 1;
	n = strcspn(s, "/");
	if (n >= sizeof(a))
		return (false);
	memcpy(a, s, n);
	a[n] = '\0';
	memset(out, 0, 16);
	return (inet_pton(af, a, out) == 1);
}

/* One plan's state: its network, its next candidate. */
struct cursor {
	unsigned char	 net[16], next[16];
	size_t		 alen;		/* 4 or 16 bytes */
	unsigned	 plen;		/* prefix length */
};

static bool
in_net(const struct cursor *c, const unsigned char *a)
{
	for (unsigned bit = 0; bit < c->plen; bit++) {
		unsigned char m = (unsigned char)(0x80 >> (bit % 8));

		if ((a[bit / 8] & m) != (c->net[bit / 8] & m))
			return (false);
	}
	return (true);
}

/* a + 1; false when it wraps. */
static bool
incr(unsigned char *a, size_t alen)
{
	for (size_t i = alen; i-- > 0;)
		if (++a[i] != 0)
			return (true);
	return (false);
}

/* The last address of an IPv4 network longer than /31: broadcast. */
static bool
broadcast(const struct cursor *c, const unsigned char *a)
{
	if (c->alen != 4 || c->plen >= 31)
		return (false);
	for (unsigned bit = c->plen; bit < 32; bit++)
		if (!(a[bit / 8] & (0x80 >> (bit % 8))))
			return (false);
	return (true);
}

static bool
taken(struct jt_fleet *f, int af, const unsigned char *a)
{
	unsigned char b[16];

	for (size_t j = 0; j < f->njails; j++) {
		const struct jt_manifest *m = f->jails[j];
		const char *const *v = af == AF_INET ? m->ip4 : m->ip6;
		size_t n = af == AF_INET ? m->nip4 : m->nip6;

		for (size_t i = 0; i < n; i++)
			if (addr_bytes(v[i], af, b) && memcmp(a, b, 16) == 0)
				return (true);
	}
	return (false);
}

/*
 * The next free address of jail m's plan: past the network's own address
 * and every one a jail has (given or handed out before), in block order.
 * Jails sharing a plan (the same IFACE NET) share its cursor.
 */
static int
plan_next(struct jt_fleet *f, size_t k, int af, struct jt_err *err)
{
	struct jt_manifest *m = f->jails[k];
	const char *iface = af == AF_INET ? m->ip4_plan_iface :
	    m->ip6_plan_iface, *net = af == AF_INET ? m->ip4_plan_net :
	    m->ip6_plan_net;
	struct cursor c = { .alen = af == AF_INET ? 4 : 16 };
	char text[INET6_ADDRSTRLEN], addr[128];

	if (iface == NULL || (af == AF_INET ? m->nip4 : m->nip6) > 0)
		return (0);
	if (!addr_bytes(net, af, c.net))
		return (jt_err_set(err, JT_EINVAL, 0, f->file, "bad plan %s",
		    net));
	c.plen = (unsigned)strtoul(strchr(net, '/') + 1, NULL, 10);
	for (unsigned bit = c.plen; bit < c.alen * 8; bit++)
		c.net[bit / 8] &= (unsigned char)~(0x80 >> (bit % 8));
	memcpy(c.next, c.net, sizeof(c.next));
	for (;;) {
		if (!incr(c.next, c.alen) || !in_net(&c, c.next) ||
		    broadcast(&c, c.next))
			return (jt_err_set(err, JT_EINVAL, 0, f->file, "jail %s: "
			    "no free address left in %s %s", m->name, iface,
			    net));
		if (!taken(f, af, c.next))
			break;
	}
	inet_ntop(af, c.next, text, sizeof(text));
	snprintf(addr, sizeof(addr), "%s|%s/%d", iface, text,
	    af == AF_INET ? 32 : 128);
	return (manifest_add_addr(m, af == AF_INET6, addr, err));
}

/* No two jails share a uid: ranges given by hand may overlap the pool's. */
static int
check_ranges(struct jt_fleet *f, struct jt_err *err)
{
	for (size_t i = 0; i < f->njails; i++)
		for (size_t j = 0; j < i; j++) {
			const struct jt_manifest *a = f->jails[i], *b =
			    f->jails[j];
			uint64_t ae, be;

			if (!a->has_uid_range || !b->has_uid_range)
				continue;
			ae = (uint64_t)a->uid_first + a->uid_count;
			be = (uint64_t)b->uid_first + b->uid_count;
			if (a->uid_first < be && b->uid_first < ae)
				return (jt_err_set(err, JT_EINVAL, 0, f->file,
				    "jails %s and %s: their uid ranges overlap "
				    "(%u-%ju and %u-%ju)", b->name, a->name,
				    b->uid_first, (uintmax_t)(be - 1),
				    a->uid_first, (uintmax_t)(ae - 1)));
		}
	return (0);
}

static int
parse_jails(struct jt_fleet_priv *fp, struct scan *s, const char *text,
    size_t len, const char *path, struct jt_err *err)
{
	struct jt_fleet *f = &fp->pub;
	int rc;

	f->njails = s->n > 0 ? s->n : 1;
	if ((fp->jails = calloc(f->njails, sizeof(*fp->jails))) == NULL)
		return (jt_err_set(err, JT_ENOMEM, errno, path, "fleet"));
	f->jails = fp->jails;
	if (s->n == 0)
		return (jt_manifest_parse(&fp->jails[0], text, len, path, err));
	for (size_t k = 0; k < s->n; k++) {
		struct manifest_view v = { .name = s->blocks[k].name,
		    .index = k, .shared_end = s->blocks[0].first,
		    .first = s->blocks[k].first, .last = s->blocks[k].last };

		if ((rc = manifest_parse_view(&fp->jails[k], text, len, path,
		    &v, err)) != 0)
			return (rc);
	}
	return (0);
}

int
jt_fleet_parse(struct jt_fleet **out, const char *text, size_t len,
    const char *path, struct jt_err *err)
{
	struct scan s = { .file = path, .err = err };
	struct jt_fleet_priv *fp;
	int rc;

	*out = NULL;
	if (path == NULL || *path == '\0')
		return (jt_err_set(err, JT_EINVAL, 0, NULL, "manifest: no path"));
	if (len > MAX_FLEET_SIZE)
		return (jt_err_set(err, JT_EFORMAT, 0, path, "manifest larger "
		    "than %d bytes", MAX_FLEET_SIZE));
	if ((fp = calloc(1, sizeof(*fp))) == NULL ||
	    (s.blocks = calloc(JT_FLEET_MAX, sizeof(*s.blocks))) == NULL) {
		free(fp);
		return (jt_err_set(err, JT_ENOMEM, errno, path, "fleet"));
	}
	if ((fp->pub.file = fp->file = strdup(path)) == NULL) {
		rc = jt_err_set(err, JT_ENOMEM, errno, path, "fleet");
		goto fail;
	}
	each_line(text, len, scan_line, &s);
	if ((rc = s.rc) != 0)
		goto fail;
	if (s.open) {
		rc = serr(&s, s.blocks[s.n - 1].first, "jail %s: no '}' "
		    "closes its block", s.blocks[s.n - 1].name);
		goto fail;
	}
	fp->pub.blocks = s.n > 0;
	if ((rc = parse_jails(fp, &s, text, len, path, err)) != 0 ||
	    (rc = check_ranges(&fp->pub, err)) != 0)
		goto fail;
	for (size_t k = 0; k < fp->pub.njails; k++)
		if ((rc = plan_next(&fp->pub, k, AF_INET, err)) != 0 ||
		    (rc = plan_next(&fp->pub, k, AF_INET6, err)) != 0)
			goto fail;
	free(s.blocks);
	*out = &fp->pub;
	return (0);
fail:
	free(s.blocks);
	jt_fleet_free(&fp->pub);
	return (rc);
}

int
jt_fleet_load(struct jt_fleet **out, const char *path, struct jt_err *err)
{
	char *buf;
	size_t len = 0;
	int rc;

	*out = NULL;
	if (path == NULL || *path == '\0')
		return (jt_err_set(err, JT_EINVAL, 0, NULL, "manifest: no path"));
	if ((rc = jt_hostfile_read(path, MAX_FLEET_SIZE, "manifest", &buf,
	    &len, err)) != 0)
		return (rc);
	rc = jt_fleet_parse(out, buf, len, path, err);
	free(buf);
	return (rc);
}

void
jt_fleet_free(struct jt_fleet *f)
{
	struct jt_fleet_priv *fp = (struct jt_fleet_priv *)f;

	if (fp == NULL)
		return;
	for (size_t k = 0; fp->jails != NULL && k < f->njails; k++)
		jt_manifest_free(fp->jails[k]);
	free(fp->jails);
	free(fp->file);
	free(fp);
}

const struct jt_manifest *
jt_fleet_find(const struct jt_fleet *f, const char *name)
{
	for (size_t k = 0; name != NULL && k < f->njails; k++)
		if (strcmp(f->jails[k]->name, name) == 0)
			return (f->jails[k]);
	return (NULL);
}
