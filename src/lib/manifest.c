/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The manifest parser.  One directive a line, words split on blanks, "#"
 * starts a comment, as in profiles.  A manifest names host files (sources,
 * outputs) and paths inside the jail (include); relative host paths start
 * at the manifest's directory, so a manifest and its packages can move
 * together.  Everything is checked here, where a line number can be
 * given, so that a build never starts from a manifest it cannot finish.
 */
#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <netinet/in.h>

#include "jailtrim/build.h"
#include "jailtrim/hostfile.h"
#include "jailtrim/names.h"
#include "jailtrim/jailconf.h"
#include "jailtrim/manifest.h"
#include "jailtrim/profile.h"
#include "manifest_int.h"
#include "util.h"

#define MAX_MANIFEST_SIZE	(1 << 20)
#define MAX_LINE		4096
#define MAX_WORDS		4	/* the directive, 2 arguments, 1 extra */

enum mdir {
	M_NAME, M_HOSTNAME, M_MODE, M_EPOCH,	/* at most once */
	M_IP4PLAN, M_IP6PLAN, M_UIDRANGE, M_RESOLV,
	M_RENUMBER, M_TIMEZONE, M_WALLCMOS, M_ROOTPW,
	M_INCOMPLETE, M_BARE, M_NOCA,
	M_SOURCE, M_PROFILE, M_INCLUDE, M_IP4, M_IP6, M_PARAM,	/* lists */
	M_PACKAGE, M_DEFINE,
	M_OUTPUT,
	M_NDIRS
};
#define LIST(d)		((d) - M_SOURCE)	/* index in mstate.lists */
#define NLISTS		LIST(M_DEFINE + 1)

enum { O_DIR, O_TARBALL, O_MTREE, O_JAILCONF, O_RCCONF, O_NKINDS };

static const struct {
	const char	*word;
	enum mdir	 dir;
	size_t		 nargs;		/* 0: the rest of the line */
	const char	*usage;
} directives[] = {
	{ "name", M_NAME, 1, "name NAME" },
	{ "hostname", M_HOSTNAME, 1, "hostname HOSTNAME" },
	{ "mode", M_MODE, 1, "mode exec|rc" },
	{ "epoch", M_EPOCH, 1, "epoch SECONDS" },
	{ "ip4-plan", M_IP4PLAN, 2, "ip4-plan IFACE NET/LEN" },
	{ "ip6-plan", M_IP6PLAN, 2, "ip6-plan IFACE NET/LEN" },
	{ "uid-range", M_UIDRANGE, 2, "uid-range FIRST COUNT" },
	{ "resolv", M_RESOLV, 1, "resolv PATH" },
	{ "renumber", M_RENUMBER, 1, "renumber yes|no" },
	{ "timezone", M_TIMEZONE, 1, "timezone ZONE" },
	{ "wall-cmos-clock", M_WALLCMOS, 1, "wall-cmos-clock yes|no" },
	{ "rootpw-file", M_ROOTPW, 1, "rootpw-file PATH" },
	{ "allow-incomplete", M_INCOMPLETE, 1, "allow-incomplete yes|no" },
	{ "bare", M_BARE, 1, "bare yes|no" },
	{ "no-ca", M_NOCA, 1, "no-ca yes|no" },
	{ "source", M_SOURCE, 1, "source PATH" },
	{ "profile", M_PROFILE, 1, "profile NAME|PATH" },
	{ "include", M_INCLUDE, 1, "include PATH" },
	{ "package", M_PACKAGE, 1, "package NAME" },
	{ "ip4", M_IP4, 1, "ip4 [IFACE|]ADDR[/LEN]" },
	{ "ip6", M_IP6, 1, "ip6 [IFACE|]ADDR[/LEN]" },
	{ "param", M_PARAM, 0, "param KEY[=VALUE]" },
	{ "define", M_DEFINE, 1, "define NAME=VALUE" },
	{ "output", M_OUTPUT, 2,
	    "output dir|tarball|mtree|jailconf|rcconf PATH" },
};

static const char *const out_kinds[O_NKINDS] = {
	"dir", "tarball", "mtree", "jailconf", "rcconf"
};

/* jail.conf parameters other directives set. */
static const struct {
	const char	*key;
	const char	*use;
} reserved[] = {
	{ "name", "name" },
	{ "path", "output dir" },
	{ "host.hostname", "hostname" },
	{ "ip4.addr", "ip4" },
	{ "ip6.addr", "ip6" },
};

struct jt_manifest_priv {
	struct jt_manifest pub;
	struct jt_arena	   arena;
};

struct mstate {
	const struct manifest_view *view;	/* a fleet's jail, or NULL */
	bool		 pool;		/* the shared uid-range is a pool */
	uint32_t	 pool_first, pool_count;
	struct jt_manifest_priv *mp;
	struct jt_arena	*arena;
	struct jt_err	*err;
	const char	*file;		/* arena copy of the path */
	char		 dir[PATH_MAX];	/* "" when relative paths stay so */
	struct jt_ptrv	 lists[NLISTS];
	const char	*outs[O_NKINDS];
	int		 seen[M_NDIRS];	/* line of a single-valued one */
	int		 seen_out[O_NKINDS];
	int		 line;
	int		 rc;
};

static int perr(struct mstate *ms, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* A syntax error, located as "file:line". */
static int
perr(struct mstate *ms, const char *fmt, ...)
{
	char where[JT_ERR_PATH_MAX], msg[JT_ERR_MSG_MAX];
	va_list ap;

	snprintf(where, sizeof(where), "%s:%d", ms->file, ms->line);
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	return (jt_err_set(ms->err, JT_EFORMAT, 0, where, "%s", msg));
}

static int
nomem(struct mstate *ms)
{
	return (jt_err_set(ms->err, JT_ENOMEM, errno, ms->file, "manifest"));
}


/* A host path: relative ones start at the manifest's directory. */
static int
host_path(struct mstate *ms, const char *p, char **out)
{
	char buf[PATH_MAX];

	if (p[0] != '/' && ms->dir[0] != '\0') {
		while (p[0] == '.' && p[1] == '/')
			p += 2 + strspn(p + 2, "/");
		if (!path_join(buf, sizeof(buf), ms->dir, p))
			return (perr(ms, "path too long: %s", p));
		p = buf;
	}
	if ((*out = arena_strdup(ms->arena, p)) == NULL)
		return (nomem(ms));
	return (0);
}

/* "[IFACE|]ADDR[/LEN]", as jail(8) takes ip4.addr and ip6.addr. */
static bool
ip_addr(const char *s, int af)
{
	char addr[64], in[sizeof(struct in6_addr)], *end;
	const char *bar = strchr(s, '|'), *slash;
	long len;
	size_t n;

	if (bar != NULL) {
		if (bar == s || bar - s >= 16)	/* IFNAMSIZ */
			return (false);
		for (const char *c = s; c < bar; c++)
			if (!isalnum((unsigned char)*c) &&
			    strchr("_-.", *c) == NULL)
				return (false);
		s = bar + 1;
	}
	slash = strchr(s, '/');
	n = slash != NULL ? (size_t)(slash - s) : strlen(s);
	if (n == 0 || n >= sizeof(addr))
		return (false);
	memcpy(addr, s, n);
	addr[n] = '\0';
	if (inet_pton(af, addr, in) != 1)
		return (false);
	if (slash == NULL)
		return (true);
	if (!isdigit((unsigned char)slash[1]))
		return (false);
	errno = 0;
	len = strtol(slash + 1, &end, 10);
	return (errno == 0 && *end == '\0' && len >= 0 &&
	    len <= (af == AF_INET ? 32 : 128));
}

static bool
key_char(char c)
{
	return (isalnum((unsigned char)c) || c == '_' || c == '.');
}

/* "KEY", "KEY=VALUE" or "KEY = VALUE" -> "KEY" or "KEY=VALUE". */
static int
param(struct mstate *ms, const char *s, char **out)
{
	struct jt_err e;
	size_t kl = 0;
	const char *v;

	while (key_char(s[kl]))
		kl++;
	v = s + kl + strspn(s + kl, " \t");
	if (kl == 0 || (*v != '\0' && *v != '='))
		return (perr(ms, "bad jail parameter '%s' (KEY or KEY=VALUE, "
		    "KEY of letters, digits, '_' and '.')", s));
	for (size_t i = 0; i < sizeof(reserved) / sizeof(reserved[0]); i++)
		if (strlen(reserved[i].key) == kl &&
		    strncmp(s, reserved[i].key, kl) == 0)
			return (perr(ms, "jail parameter '%s' comes from "
			    "'%s'", reserved[i].key, reserved[i].use));
	if (*v == '\0')	/* a flag: "persist", "allow.raw_sockets" */
		*out = arena_strndup(ms->arena, s, kl);
	else if ((*out = arena_alloc(ms->arena, strlen(s) + 2)) != NULL) {
		v += 1 + strspn(v + 1, " \t");
		snprintf(*out, strlen(s) + 2, "%.*s=%s", (int)kl, s, v);
	}
	if (*out == NULL)
		return (nomem(ms));
	/* The same rules as the renderer's, found here with the line. */
	if (jt_jailconf_check_param(*out, &e) != 0)
		return (perr(ms, "%s", e.msg));
	return (0);
}

static int
epoch(struct mstate *ms, const char *s)
{
	struct jt_manifest *m = &ms->mp->pub;
	char *end;
	long long v;

	errno = 0;
	v = isdigit((unsigned char)s[0]) ? strtoll(s, &end, 10) : -1;
	if (v < 0 || errno != 0 || *end != '\0')
		return (perr(ms, "bad epoch '%s' (seconds since 1970, a "
		    "non-negative integer)", s));
	m->has_epoch = true;
	m->epoch = v;
	return (0);
}

static int
output(struct mstate *ms, const char *kind, const char *path)
{
	char *p;
	int k, rc;

	for (k = 0; k < O_NKINDS; k++)
		if (strcmp(kind, out_kinds[k]) == 0)
			break;
	if (k == O_NKINDS)
		return (perr(ms, "unknown output '%s' (dir, tarball, mtree, "
		    "jailconf, rcconf)", kind));
	if (ms->seen_out[k] != 0)
		return (perr(ms, "duplicate 'output %s' (first on line %d)",
		    kind, ms->seen_out[k]));
	if ((rc = host_path(ms, path, &p)) != 0)
		return (rc);
	for (int o = 0; o < O_NKINDS; o++)
		if (ms->outs[o] != NULL && strcmp(ms->outs[o], p) == 0)
			return (perr(ms, "output %s is the same path as output "
			    "%s (line %d)", kind, out_kinds[o],
			    ms->seen_out[o]));
	ms->seen_out[k] = ms->line;
	ms->outs[k] = p;
	return (0);
}

/* "uid-range FIRST COUNT": the jail's ids, FIRST..FIRST+COUNT-1. */
static int
uid_range(struct mstate *ms, const char *first, const char *count)
{
	struct jt_manifest *m = &ms->mp->pub;
	struct jt_err e;

	if (jt_uid_range_parse(first, count, &m->uid_first, &m->uid_count,
	    &e) != 0)
		return (perr(ms, "%s", e.msg));
	m->has_uid_range = true;
	return (0);
}

/* "IFACE NET/LEN": an interface jail(8) can name, a network. */
static int
plan(struct mstate *ms, enum mdir d, const char *iface, const char *net)
{
	struct jt_manifest *m = &ms->mp->pub;
	const char **pi = d == M_IP4PLAN ? &m->ip4_plan_iface :
	    &m->ip6_plan_iface, **pn = d == M_IP4PLAN ? &m->ip4_plan_net :
	    &m->ip6_plan_net;
	char both[128];
	int af = d == M_IP4PLAN ? AF_INET : AF_INET6;

	if (snprintf(both, sizeof(both), "%s|%s", iface, net) >=
	    (int)sizeof(both) || !ip_addr(both, af) ||
	    strchr(net, '/') == NULL)
		return (perr(ms, "bad address plan '%s %s' (IFACE NET/LEN, "
		    "e.g. lo1 %s)", iface, net, af == AF_INET ?
		    "127.0.1.0/24" : "fd00:1::/64"));
	if ((*pi = arena_strdup(ms->arena, iface)) == NULL ||
	    (*pn = arena_strdup(ms->arena, net)) == NULL)
		return (nomem(ms));
	return (0);
}

/* A switch: "yes" or "no", nothing else (a typo is not a "no"). */
static int
yes_no(struct mstate *ms, const char *word, const char *arg, bool *v)
{
	if (strcmp(arg, "yes") != 0 && strcmp(arg, "no") != 0)
		return (perr(ms, "bad %s '%s' (yes or no)", word, arg));
	*v = strcmp(arg, "yes") == 0;
	return (0);
}

/* A single-valued directive: name, hostname, mode, epoch, ... */
static int
single(struct mstate *ms, enum mdir d, const char *arg, const char *arg2)
{
	struct jt_manifest *m = &ms->mp->pub;

	switch (d) {
	case M_IP4PLAN:
	case M_IP6PLAN:
		return (plan(ms, d, arg, arg2));
	case M_UIDRANGE:
		return (uid_range(ms, arg, arg2));
	case M_RESOLV: {
		char *p;
		int rc;

		if ((rc = host_path(ms, arg, &p)) == 0)
			m->resolv = p;
		return (rc);
	}
	case M_NAME:
		if (ms->view != NULL)
			return (perr(ms, "'name' in a fleet: each jail is "
			    "named by its 'jail NAME {' line"));
		if (!jt_name_ok(arg))
			return (perr(ms, "jail name '%s': use letters, digits, "
			    "'_', '-' and '.', at most %d bytes", arg,
			    JT_NAME_MAX));
		return ((m->name = arena_strdup(ms->arena, arg)) == NULL ?
		    nomem(ms) : 0);
	case M_HOSTNAME:
		if (!jt_name_ok(arg))
			return (perr(ms, "host name '%s': use letters, digits, "
			    "'_', '-' and '.', at most %d bytes", arg,
			    JT_NAME_MAX));
		return ((m->hostname = arena_strdup(ms->arena, arg)) == NULL ?
		    nomem(ms) : 0);
	case M_MODE:
		if (strcmp(arg, "exec") != 0 && strcmp(arg, "rc") != 0)
			return (perr(ms, "bad mode '%s' (exec or rc)", arg));
		m->rc = strcmp(arg, "rc") == 0;
		return (0);
	case M_EPOCH:
		return (epoch(ms, arg));
	case M_RENUMBER:
		return (yes_no(ms, "renumber", arg, &m->renumber));
	case M_WALLCMOS:
		return (yes_no(ms, "wall-cmos-clock", arg, &m->wall_cmos_clock));
	case M_INCOMPLETE:
		return (yes_no(ms, "allow-incomplete", arg,
		    &m->allow_incomplete));
	case M_BARE:
		return (yes_no(ms, "bare", arg, &m->bare));
	case M_NOCA:
		return (yes_no(ms, "no-ca", arg, &m->no_ca));
	case M_TIMEZONE:	/* the source says whether it has the zone */
		return ((m->timezone = arena_strdup(ms->arena, arg)) == NULL ?
		    nomem(ms) : 0);
	case M_ROOTPW: {
		char *p;
		int rc = host_path(ms, arg, &p);

		m->rootpw_file = p;
		return (rc);
	}
	default:
		return (perr(ms, "internal: directive %d", (int)d));
	}
}

/* A repeatable directive: checked, then added to its list in order. */
static int
listed(struct mstate *ms, enum mdir d, const char *arg)
{
	char *v = NULL;
	int rc = 0;

	switch (d) {
	case M_SOURCE:
		rc = host_path(ms, arg, &v);
		break;
	case M_PROFILE:
		/* A name is looked up in the profile directories. */
		if (strchr(arg, '/') != NULL)
			rc = host_path(ms, arg, &v);
		else if ((v = arena_strdup(ms->arena, arg)) == NULL)
			rc = nomem(ms);
		break;
	case M_PACKAGE:		/* looked up in the source's databases */
		if ((v = arena_strdup(ms->arena, arg)) == NULL)
			rc = nomem(ms);
		break;
	case M_INCLUDE:
		if (!jt_abs_path_ok(arg))
			return (perr(ms, "'%s' is not an absolute path without "
			    "'..'", arg));
		if ((v = arena_strdup(ms->arena, arg)) == NULL)
			rc = nomem(ms);
		break;
	case M_IP4:
	case M_IP6:
		if (!ip_addr(arg, d == M_IP4 ? AF_INET : AF_INET6))
			return (perr(ms, "bad %s address '%s' "
			    "([IFACE|]ADDR[/LEN])", d == M_IP4 ? "IPv4" :
			    "IPv6", arg));
		if ((v = arena_strdup(ms->arena, arg)) == NULL)
			rc = nomem(ms);
		break;
	case M_PARAM:
		rc = param(ms, arg, &v);
		break;
	case M_DEFINE: {
		/* A profile variable, as -D: which profile has it, build says. */
		struct jt_err e;

		if (jt_profile_check_define(arg, &e) != 0)
			return (perr(ms, "%s", e.msg));
		if ((v = arena_strdup(ms->arena, arg)) == NULL)
			rc = nomem(ms);
		break;
	}
	default:
		return (perr(ms, "internal: directive %d", (int)d));
	}
	if (rc == 0 && ptrv_push(&ms->lists[LIST(d)], v) != 0)
		rc = nomem(ms);
	return (rc);
}

/* Split a line into at most MAX_WORDS words. */
static size_t
split(char *p, char **words)
{
	char *save = NULL;
	size_t nw = 0;

	while (nw < MAX_WORDS &&
	    (words[nw] = strtok_r(nw == 0 ? p : NULL, " \t", &save)) != NULL)
		nw++;
	return (nw);
}

static int
directive(struct mstate *ms, char *p)
{
	char rest[MAX_LINE], *words[MAX_WORDS];
	size_t nw, d;

	/* What follows the directive word, for param's KEY = VALUE. */
	nw = strcspn(p, " \t");
	snprintf(rest, sizeof(rest), "%s", p + nw + strspn(p + nw, " \t"));
	nw = split(p, words);
	for (d = 0; d < sizeof(directives) / sizeof(directives[0]); d++)
		if (strcmp(words[0], directives[d].word) == 0)
			break;
	if (d == sizeof(directives) / sizeof(directives[0]))
		return (perr(ms, "unknown directive '%s'", words[0]));
	if (directives[d].nargs == 0 ? nw < 2 : nw - 1 != directives[d].nargs)
		return (perr(ms, "wrong number of arguments: %s",
		    directives[d].usage));
	if (directives[d].dir < M_SOURCE) {
		if (ms->seen[directives[d].dir] != 0)
			return (perr(ms, "duplicate '%s' (first on line %d)",
			    words[0], ms->seen[directives[d].dir]));
		ms->seen[directives[d].dir] = ms->line;
		return (single(ms, directives[d].dir, words[1],
		    nw > 2 ? words[2] : NULL));
	}
	if (directives[d].dir == M_OUTPUT)
		return (output(ms, words[1], words[2]));
	return (listed(ms, directives[d].dir,
	    directives[d].nargs == 0 ? rest : words[1]));
}

/*
 * A block starts from the shared settings: its single values may be set
 * again (once), and the shared uid-range becomes the pool.
 */
static void
block_start(struct mstate *ms)
{
	struct jt_manifest *m = &ms->mp->pub;

	memset(ms->seen, 0, sizeof(ms->seen));
	memset(ms->seen_out, 0, sizeof(ms->seen_out));
	if (m->has_uid_range) {
		ms->pool = true;
		ms->pool_first = m->uid_first;
		ms->pool_count = m->uid_count;
		m->has_uid_range = false;
	}
}

/* "${name}" as the fleet's jail name, in place (buf holds MAX_LINE). */
static int
expand_name(struct mstate *ms, char *buf)
{
	static const char var[] = "${name}";
	const char *name = ms->view->name;
	size_t nl = strlen(name), vl = sizeof(var) - 1;
	char *at = buf;

	while ((at = strstr(at, var)) != NULL) {
		if (strlen(buf) - vl + nl >= MAX_LINE)
			return (perr(ms, "line too long with ${name} as '%s'",
			    name));
		memmove(at + nl, at + vl, strlen(at + vl) + 1);
		memcpy(at, name, nl);
		at += nl;
	}
	return (0);
}

/* Whether a fleet's jail reads this line: the shared ones, its block's. */
static bool
in_view(struct mstate *ms)
{
	const struct manifest_view *v = ms->view;

	if (v == NULL || ms->line < v->shared_end)
		return (true);
	if (ms->line == v->first)
		block_start(ms);
	return (ms->line > v->first && ms->line < v->last);
}

static void
parse_line(void *arg, const char *text, size_t n)
{
	struct mstate *ms = arg;
	char buf[MAX_LINE], *p;

	ms->line++;
	if (ms->rc != 0 || !in_view(ms))
		return;
	if (n >= sizeof(buf)) {
		ms->rc = perr(ms, "line too long (at most %d bytes)",
		    MAX_LINE - 1);
		return;
	}
	if (memchr(text, '\0', n) != NULL) {
		ms->rc = perr(ms, "NUL byte in line");
		return;
	}
	memcpy(buf, text, n);
	buf[n] = '\0';
	p = conf_clean(buf);
	if (ms->view != NULL && (ms->rc = expand_name(ms, p)) != 0)
		return;
	if (*p != '\0')
		ms->rc = directive(ms, p);
}

/* "dir/NAME.jail" -> "NAME", if that is a jail name. */
static int
default_name(struct mstate *ms)
{
	struct jt_manifest *m = &ms->mp->pub;
	const char *base = path_basename(ms->file);
	size_t n = strlen(base);
	char *name;

	if (n > 5 && strcmp(base + n - 5, ".jail") == 0)
		n -= 5;
	if ((name = arena_strndup(ms->arena, base, n)) == NULL)
		return (nomem(ms));
	if (!jt_name_ok(name))
		return (jt_err_set(ms->err, JT_EINVAL, 0, ms->file, "no 'name', "
		    "and the file name '%s' is not a jail name", name));
	m->name = name;
	return (0);
}

/* A list as a NULL-terminated array in the arena. */
static int
freeze(struct mstate *ms, int l, const char *const **out, size_t *n)
{
	const char **v;

	if ((v = arena_alloc(ms->arena, (ms->lists[l].n + 1) * sizeof(*v)))
	    == NULL)
		return (nomem(ms));
	for (size_t i = 0; i < ms->lists[l].n; i++)
		v[i] = ms->lists[l].v[i];
	v[ms->lists[l].n] = NULL;
	*out = v;
	*n = ms->lists[l].n;
	return (0);
}

static int
finish(struct mstate *ms)
{
	struct jt_manifest *m = &ms->mp->pub;
	int rc;

	if (ms->lists[LIST(M_SOURCE)].n == 0)
		return (jt_err_set(ms->err, JT_EINVAL, 0, ms->file, "no "
		    "'source': a manifest needs at least one"));
	if (ms->outs[O_DIR] == NULL && ms->outs[O_TARBALL] == NULL &&
	    ms->outs[O_MTREE] == NULL && ms->outs[O_JAILCONF] == NULL &&
	    ms->outs[O_RCCONF] == NULL)
		return (jt_err_set(ms->err, JT_EINVAL, 0, ms->file, "no "
		    "'output': a manifest needs at least one"));
	if (ms->view != NULL) {
		if ((m->name = arena_strdup(ms->arena, ms->view->name)) == NULL)
			return (nomem(ms));
	} else if (m->name == NULL && (rc = default_name(ms)) != 0)
		return (rc);
	/* The pool's k-th range, for a block without its own. */
	if (ms->pool && !m->has_uid_range) {
		uint64_t f = ms->pool_first + (uint64_t)ms->view->index *
		    ms->pool_count;

		if (f + ms->pool_count - 1 > UINT32_MAX - 1) {
			ms->line = ms->view->first;
			return (perr(ms, "jail %s: the uid-range pool has no "
			    "range left for it", m->name));
		}
		m->has_uid_range = true;
		m->uid_first = (uint32_t)f;
		m->uid_count = ms->pool_count;
	}
	if (m->renumber && !m->has_uid_range)
		return (jt_err_set(ms->err, JT_EINVAL, 0, ms->file, "'renumber "
		    "yes' needs a 'uid-range' to move the accounts into"));
	if ((rc = freeze(ms, LIST(M_SOURCE), &m->sources,
	    &m->nsources)) != 0 ||
	    (rc = freeze(ms, LIST(M_PROFILE), &m->profiles,
	    &m->nprofiles)) != 0 ||
	    (rc = freeze(ms, LIST(M_INCLUDE), &m->includes,
	    &m->nincludes)) != 0 ||
	    (rc = freeze(ms, LIST(M_IP4), &m->ip4, &m->nip4)) != 0 ||
	    (rc = freeze(ms, LIST(M_IP6), &m->ip6, &m->nip6)) != 0 ||
	    (rc = freeze(ms, LIST(M_PARAM), &m->params,
	    &m->nparams)) != 0 ||
	    (rc = freeze(ms, LIST(M_PACKAGE), &m->packages,
	    &m->npackages)) != 0 ||
	    (rc = freeze(ms, LIST(M_DEFINE), &m->defines,
	    &m->ndefines)) != 0)
		return (rc);
	m->out_dir = ms->outs[O_DIR];
	m->out_tarball = ms->outs[O_TARBALL];
	m->out_mtree = ms->outs[O_MTREE];
	m->out_jailconf = ms->outs[O_JAILCONF];
	m->out_rcconf = ms->outs[O_RCCONF];
	return (0);
}

/* The directory relative paths start from: "" for a bare file name. */
static int
set_dir(struct mstate *ms, const char *path)
{
	const char *slash = strrchr(path, '/');
	size_t n;

	if (slash == NULL)
		return (0);
	n = slash == path ? 1 : (size_t)(slash - path);
	if (n >= sizeof(ms->dir))
		return (jt_err_set(ms->err, JT_EINVAL, 0, NULL, "manifest path "
		    "too long"));
	memcpy(ms->dir, path, n);
	ms->dir[n] = '\0';
	return (0);
}

int
jt_manifest_parse(struct jt_manifest **out, const char *text, size_t len,
    const char *path, struct jt_err *err)
{
	return (manifest_parse_view(out, text, len, path, NULL, err));
}

int
manifest_parse_view(struct jt_manifest **out, const char *text, size_t len,
    const char *path, const struct manifest_view *view, struct jt_err *err)
{
	struct mstate ms;
	int rc;

	*out = NULL;
	memset(&ms, 0, sizeof(ms));
	ms.err = err;
	ms.view = view;
	if (path == NULL || *path == '\0')
		return (jt_err_set(err, JT_EINVAL, 0, NULL, "manifest: no path"));
	if ((rc = set_dir(&ms, path)) != 0)
		return (rc);
	if ((ms.mp = calloc(1, sizeof(*ms.mp))) == NULL)
		return (jt_err_set(err, JT_ENOMEM, errno, path, "manifest"));
	ms.arena = &ms.mp->arena;
	if ((ms.file = arena_strdup(ms.arena, path)) == NULL) {
		rc = jt_err_set(err, JT_ENOMEM, errno, path, "manifest");
		goto fail;
	}
	ms.mp->pub.file = ms.file;
	if (len > MAX_MANIFEST_SIZE) {
		rc = jt_err_set(err, JT_EFORMAT, 0, path, "manifest larger "
		    "than %d bytes", MAX_MANIFEST_SIZE);
		goto fail;
	}
	each_line(text, len, parse_line, &ms);
	if ((rc = ms.rc) != 0 || (rc = finish(&ms)) != 0)
		goto fail;
	for (int l = 0; l < NLISTS; l++)
		ptrv_free(&ms.lists[l]);
	*out = &ms.mp->pub;
	return (0);
fail:
	for (int l = 0; l < NLISTS; l++)
		ptrv_free(&ms.lists[l]);
	jt_manifest_free(&ms.mp->pub);
	return (rc);
}

int
jt_manifest_load(struct jt_manifest **out, const char *path,
    struct jt_err *err)
{
	char *buf;
	size_t len = 0;
	int rc;

	*out = NULL;
	if (path == NULL || *path == '\0')
		return (jt_err_set(err, JT_EINVAL, 0, NULL, "manifest: no path"));
	if ((rc = jt_hostfile_read(path, MAX_MANIFEST_SIZE, "manifest", &buf,
	    &len, err)) != 0)
		return (rc);
	rc = jt_manifest_parse(out, buf, len, path, err);
	free(buf);
	return (rc);
}

/* An address from a plan, after the jail's own (there are none). */
int
manifest_add_addr(struct jt_manifest *m, bool v6, const char *addr,
    struct jt_err *err)
{
	struct jt_manifest_priv *mp = (struct jt_manifest_priv *)m;
	const char *const *old = v6 ? m->ip6 : m->ip4;
	size_t n = v6 ? m->nip6 : m->nip4;
	const char **v;

	if ((v = arena_alloc(&mp->arena, (n + 2) * sizeof(*v))) == NULL ||
	    (v[n] = arena_strdup(&mp->arena, addr)) == NULL)
		return (jt_err_set(err, JT_ENOMEM, errno, m->file, "manifest"));
	for (size_t i = 0; i < n; i++)
		v[i] = old[i];
	v[n + 1] = NULL;
	if (v6) {
		m->ip6 = v;
		m->nip6 = n + 1;
	} else {
		m->ip4 = v;
		m->nip4 = n + 1;
	}
	return (0);
}

void
jt_manifest_free(struct jt_manifest *m)
{
	struct jt_manifest_priv *mp = (struct jt_manifest_priv *)m;

	if (mp == NULL)
		return;
	arena_free(&mp->arena);
	free(mp);
}
