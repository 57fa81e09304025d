/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * nsd.conf (nsd.conf(5); configlexer.lex, configparser.y, options.c's
 * config_make_zonefile()), read with the tokenizer and option walker of
 * unbound.conf (the same NLnet Labs grammar, svcconf_unbound.c):
 *   include: GLOB		anywhere; relative to where nsd started ("/")
 *   server: zonesdir, chroot, pidfile, database, xfrdfile, zonelistfile,
 *	logfile, tls-service-key/-pem/-ocsp, tls-cert-bundle
 *   remote-control: control-enable, control-interface, server-key-file,
 *	server-cert-file, control-key-file, control-cert-file
 *   zone: / pattern: name, zonefile, include-pattern, request-xfr
 *   tls-auth: client-cert, client-key
 * nsd changes to zonesdir before it opens anything else, so relative
 * names are relative to it; with a chroot, names are given with the
 * chroot in front (nsd strips it), so an absolute name is the path in
 * the root either way.  A zonefile may hold %s (the zone's name), %1 %2
 * %3 (its characters) and %z %y %x (its labels from the right), "." when
 * there is none.  A zone with request-xfr (its own or a pattern's) is a
 * secondary: nsd writes its file after a transfer, so a missing one
 * needs only its directory.  pidfile, database, xfrdfile, zonelistfile
 * and logfile are written: their directories, alone.  The remote-control
 * keys are read when control-enable is yes (Debian's default) and some
 * interface is not a socket in the file system.  A key file others can read is a warning.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "svcconf_int.h"

#define NSD_MAX		65536	/* zones and patterns */
#define NSD_MAX_INC	8	/* include-pattern of one zone or pattern */
#define NSD_PATTERN_DEPTH 16

/* A zone: or pattern: clause. */
struct nzone {
	char	*name;
	char	*zonefile;
	char	*file;			/* where zonefile was given, else the
					   clause */
	char	*inc[NSD_MAX_INC];
	size_t	 ninc;
	int	 line;			/* of zonefile, else the clause */
	char	*cfile;			/* where the clause is */
	int	 cline;
	bool	 pattern;
	bool	 xfr;			/* request-xfr */
};

struct nsd {
	struct scx	*x;
	char		 clause[64];
	char		 zonesdir[PATH_MAX];
	char		 set[6][PATH_MAX];	/* pidfile ... logfile */
	char		 setfile[6][PATH_MAX];
	int		 setline[6];
	char		 ctl[4][PATH_MAX];
	char		 ctl_file[PATH_MAX];
	int		 ctl_line;
	bool		 ctl_enable, ctl_tcp, ctl_sock;
	struct nzone	*z;
	size_t		 nz, capz;
	struct nzone	*cur;		/* the open zone or pattern, or NULL */
};

/* Files nsd writes (server:), each with its default. */
static const char *const written[] = { "pidfile", "database", "xfrdfile",
    "zonelistfile", "logfile", "zonesdir" };

static scx_file_fn nsd_file;

static char *
xstrdup(struct nsd *n, const char *s)
{
	char *d;

	if ((d = strdup(s)) == NULL)
		scx_oom(n->x);
	return (d);
}

/* A key with no value (nl_options()): "server:", "zone:" ... */
static void
nsd_clause(void *arg, const char *k, const char *file, int line)
{
	struct nsd *n = arg;
	struct nzone *z;

	snprintf(n->clause, sizeof(n->clause), "%s", k);
	n->cur = NULL;
	if (strcmp(k, "zone") != 0 && strcmp(k, "pattern") != 0)
		return;
	if (n->nz >= NSD_MAX) {
		scx_problem(n->x, file, line, "more than %d zones and "
		    "patterns; the rest were not followed", NSD_MAX);
		return;
	}
	if (n->nz == n->capz) {
		size_t ncap = n->capz ? n->capz * 2 : 16;

		if ((z = reallocarray(n->z, ncap, sizeof(*z))) == NULL) {
			scx_oom(n->x);
			return;
		}
		n->z = z;
		n->capz = ncap;
	}
	z = &n->z[n->nz];
	memset(z, 0, sizeof(*z));
	z->pattern = strcmp(k, "pattern") == 0;
	z->line = z->cline = line;
	if ((z->file = xstrdup(n, file)) == NULL ||
	    (z->cfile = xstrdup(n, file)) == NULL) {
		free(z->file);
		return;
	}
	n->nz++;
	n->cur = z;
}

static void
nsd_include(struct nsd *n, const char *arg, const char *file, int line)
{
	const struct scx_inc inc = { .what = "include", .base = "/",
	    .nomatch = "matches nothing", .file = nsd_file,
	    .arg = n };

	scx_include(n->x, &inc, arg, file, line);
}

/* One "key: value" (v the first value, maybe "") at file:line. */
static void
nsd_option(void *arg, const char *k, const char *v, const char *file,
    int line)
{
	static const char *const ctl[] = { "server-key-file",
	    "server-cert-file", "control-key-file", "control-cert-file" };
	static const struct {
		const char	*clause, *key;
		bool		 key_file;
	} reads[] = {
		{ "server", "tls-service-key", true },
		{ "server", "tls-service-pem", false },
		{ "server", "tls-service-ocsp", false },
		{ "server", "tls-cert-bundle", false },
		{ "tls-auth", "client-cert", false },
		{ "tls-auth", "client-key", true },
	};
	struct nsd *n = arg;
	struct nzone *z = n->cur;

	if (strcmp(k, "include") == 0) {
		nsd_include(n, v, file, line);
		return;
	}
	if (strcmp(n->clause, "server") == 0)
		for (size_t i = 0; i < 6; i++)
			if (strcmp(k, written[i]) == 0) {
				snprintf(n->set[i], sizeof(n->set[i]), "%s", v);
				snprintf(n->setfile[i], sizeof(n->setfile[i]),
				    "%s", file);
				n->setline[i] = line;
			}
	if (strcmp(n->clause, "remote-control") == 0) {
		if (strcmp(k, "control-enable") == 0) {
			n->ctl_enable = strcmp(v, "yes") == 0;
			snprintf(n->ctl_file, sizeof(n->ctl_file), "%s", file);
			n->ctl_line = line;
		} else if (strcmp(k, "control-interface") == 0) {
			char dir[PATH_MAX], why[PATH_MAX + 64];

			if (v[0] != '/') {
				n->ctl_tcp = true;
			} else {
				/* a socket nsd makes there */
				n->ctl_sock = true;
				path_dirname(dir, sizeof(dir), v);
				snprintf(why, sizeof(why), "%s in %s line %d",
				    k, file, line);
				(void)scx_need(n->x, dir, JT_SVC_PLACE, why,
				    file, line);
			}
		}
		for (size_t i = 0; i < 4; i++)
			if (strcmp(k, ctl[i]) == 0)
				snprintf(n->ctl[i], sizeof(n->ctl[i]), "%s", v);
	}
	for (size_t i = 0; i < sizeof(reads) / sizeof(reads[0]); i++) {
		char path[PATH_MAX], why[PATH_MAX + 64];

		if (strcmp(n->clause, reads[i].clause) != 0 ||
		    strcmp(k, reads[i].key) != 0 || v[0] == '\0' ||
		    !abs_join(path, sizeof(path), n->zonesdir, v))
			continue;
		snprintf(why, sizeof(why), "%s in %s line %d", k, file, line);
		if (scx_need(n->x, path, JT_SVC_FILE, why, file, line) &&
		    reads[i].key_file)
			scx_key_mode(n->x, path, k, file, line);
	}
	if (z == NULL)
		return;
	if (strcmp(k, "name") == 0) {
		free(z->name);
		z->name = xstrdup(n, v);
	} else if (strcmp(k, "zonefile") == 0) {
		free(z->zonefile);
		free(z->file);
		z->zonefile = xstrdup(n, v);
		z->file = xstrdup(n, file);
		z->line = line;
	} else if (strcmp(k, "request-xfr") == 0) {
		z->xfr = true;
	} else if (strcmp(k, "include-pattern") == 0) {
		if (z->ninc >= NSD_MAX_INC)
			scx_problem(n->x, file, line, "more than %d "
			    "include-pattern; not followed", NSD_MAX_INC);
		else
			z->inc[z->ninc++] = xstrdup(n, v);
	}
}

static void
nsd_file(void *arg, const char *path, const char *why, const char *from,
    int fromline)
{
	struct nsd *n = arg;
	const char *buf;
	size_t len;

	if (scx_open(n->x, path, why, from, fromline, false, &buf, &len) != 0)
		return;
	nl_options(n->x, buf, len, path, nsd_option, nsd_clause, n);
	scx_close(n->x);
}

static struct nzone *
find_pattern(struct nsd *n, const char *name)
{
	for (size_t i = 0; i < n->nz; i++)
		if (n->z[i].pattern && n->z[i].name != NULL &&
		    strcmp(n->z[i].name, name) == 0)
			return (&n->z[i]);
	return (NULL);
}

/* The zonefile and request-xfr of z with its patterns (later wins). */
static void
zone_settings(struct nsd *n, struct nzone *z, int depth, struct nzone **zf,
    bool *xfr)
{
	struct nzone *p;

	if (depth > NSD_PATTERN_DEPTH)
		return;
	for (size_t i = 0; i < z->ninc; i++) {
		if (z->inc[i] == NULL)
			continue;
		if ((p = find_pattern(n, z->inc[i])) == NULL) {
			scx_problem(n->x, z->cfile, z->cline,
			    "include-pattern %s: no such pattern", z->inc[i]);
			continue;
		}
		zone_settings(n, p, depth + 1, zf, xfr);
	}
	if (z->zonefile != NULL)
		*zf = z;
	*xfr = *xfr || z->xfr;
}

/* config_make_zonefile(): a zonefile with the zone's name put in. */
static bool
expand(const char *name, const char *fmt, char *out, size_t len)
{
	const char *lab[3] = { ".", ".", "." };
	size_t lablen[3] = { 1, 1, 1 }, nl = strlen(name), o = 0;
	char buf[256];
	int k = 0;

	snprintf(buf, sizeof(buf), "%s", name);
	if (nl > 1 && buf[nl - 1] == '.')
		buf[--nl] = '\0';
	/* the labels from the right: %z, %y, %x */
	for (size_t e = nl; e > 0 && k < 3; k++) {
		size_t st = e;

		while (st > 0 && buf[st - 1] != '.')
			st--;
		lab[k] = buf + st;
		lablen[k] = e - st;
		e = st > 0 ? st - 1 : 0;
	}
	for (const char *f = fmt; *f != '\0'; f++) {
		const char *s = f;
		size_t sl = 1;

		if (f[0] == '%' && f[1] != '\0') {
			switch (f[1]) {
			case 's': s = buf; sl = strlen(buf); f++; break;
			case '1': case '2': case '3': {
				size_t c = (size_t)(f[1] - '1');

				s = c < nl ? buf + c : ".";
				f++;
				break;
			}
			case 'z': s = lab[0]; sl = lablen[0]; f++; break;
			case 'y': s = lab[1]; sl = lablen[1]; f++; break;
			case 'x': s = lab[2]; sl = lablen[2]; f++; break;
			default: break;
			}
		}
		if (o + sl >= len)
			return (false);
		memcpy(out + o, s, sl);
		o += sl;
	}
	out[o] = '\0';
	return (true);
}

static void
nsd_zones(struct nsd *n)
{
	char rel[PATH_MAX], path[PATH_MAX], dir[PATH_MAX], why[PATH_MAX + 64];

	for (size_t i = 0; i < n->nz && n->x->rc == 0; i++) {
		struct nzone *z = &n->z[i], *zf = NULL;
		bool xfr = false;

		if (z->pattern)
			continue;
		if (z->name == NULL) {
			scx_problem(n->x, z->cfile, z->cline, "a zone without "
			    "a name");
			continue;
		}
		zone_settings(n, z, 0, &zf, &xfr);
		if (zf == NULL)
			continue;	/* served from the database alone */
		if (!expand(z->name, zf->zonefile, rel, sizeof(rel)) ||
		    !abs_join(path, sizeof(path), n->zonesdir, rel))
			continue;
		snprintf(why, sizeof(why), "zone %s in %s line %d", z->name,
		    zf->file, zf->line);
		if (xfr && !scx_exists(n->x, path, JT_FT_NONE)) {
			path_dirname(dir, sizeof(dir), path);
			(void)scx_need(n->x, dir, JT_SVC_PLACE, why, zf->file,
			    zf->line);
			continue;
		}
		/* nsd loads it only when newer than the zone, 0 at first */
		(void)scx_need(n->x, path, JT_SVC_FILE_MTIME, why, zf->file,
		    zf->line);
	}
}

void
sc_nsd(struct scx *x, const char *conf)
{
	struct nsd n = { .x = x };
	bool fbsd = x->plat == JT_PLAT_FREEBSD;
	const char *etc = fbsd ? "/usr/local/etc/nsd" : "/etc/nsd";
	const char *var = fbsd ? "/var/db/nsd" : "/var/lib/nsd";
	static const char *const keys[] = { "nsd_server.key",
	    "nsd_server.pem", "nsd_control.key", "nsd_control.pem" };
	char path[PATH_MAX], dir[PATH_MAX], why[PATH_MAX + 64];

	if (conf == NULL)
		conf = fbsd ? "/usr/local/etc/nsd/nsd.conf" :
		    "/etc/nsd/nsd.conf";
	/* The compiled-in defaults: FreeBSD's port, Debian's package. */
	snprintf(n.zonesdir, sizeof(n.zonesdir), "%s", etc);
	snprintf(n.set[0], sizeof(n.set[0]), "%s",
	    fbsd ? "/var/run/nsd/nsd.pid" : "/run/nsd/nsd.pid");
	snprintf(n.set[1], sizeof(n.set[1]), "%s/nsd.db", var);
	snprintf(n.set[2], sizeof(n.set[2]), "%s/xfrd.state", var);
	snprintf(n.set[3], sizeof(n.set[3]), "%s/zone.list", var);
	snprintf(n.set[5], sizeof(n.set[5]), "%s", etc);
	for (size_t i = 0; i < 4; i++)
		snprintf(n.ctl[i], sizeof(n.ctl[i]), "%s/%s", etc, keys[i]);
	/*
	 * Debian builds nsd with remote control on (nsd-checkconf -o
	 * control-enable says yes with no such line; its postinst makes
	 * the keys), upstream and the port with it off.
	 */
	n.ctl_enable = !fbsd;
	snprintf(n.ctl_file, sizeof(n.ctl_file), "%s", conf);
	nsd_file(&n, conf, "nsd configuration", NULL, 0);
	/* zonesdir may come after the names relative to it: last wins */
	if (n.set[5][0] != '\0' &&
	    !abs_join(n.zonesdir, sizeof(n.zonesdir), "/", n.set[5]))
		scx_problem(x, conf, 0, "zonesdir too long");
	if (x->rc == 0)
		(void)scx_need(x, n.zonesdir, JT_SVC_PLACE, "nsd's zonesdir",
		    n.setfile[5][0] ? n.setfile[5] : conf, n.setline[5]);
	nsd_zones(&n);
	for (size_t i = 0; i < 5 && x->rc == 0; i++) {
		bool named = n.setfile[i][0] != '\0';

		if (n.set[i][0] == '\0' ||
		    !abs_join(path, sizeof(path), n.zonesdir, n.set[i]))
			continue;
		path_dirname(dir, sizeof(dir), path);
		/* A default's directory only when the root has it. */
		if (!named) {
			if (scx_exists(x, dir, JT_FT_DIR)) {
				snprintf(why, sizeof(why), "nsd's default %s",
				    written[i]);
				scx_add(x, dir, JT_SVC_PLACE, why);
			}
			continue;
		}
		snprintf(why, sizeof(why), "%s in %s line %d", written[i],
		    n.setfile[i], n.setline[i]);
		(void)scx_need(x, dir, JT_SVC_PLACE, why, n.setfile[i],
		    n.setline[i]);
	}
	if (n.ctl_enable && (n.ctl_tcp || !n.ctl_sock))
		for (size_t i = 0; i < 4 && x->rc == 0; i++) {
			if (!abs_join(path, sizeof(path), n.zonesdir,
			    n.ctl[i]))
				continue;
			if (n.ctl_line > 0)
				snprintf(why, sizeof(why), "control-enable in "
				    "%s line %d", n.ctl_file, n.ctl_line);
			else
				snprintf(why, sizeof(why), "nsd's remote "
				    "control, on by default");
			if (scx_need(x, path, JT_SVC_FILE, why, n.ctl_file,
			    n.ctl_line) && i % 2 == 0)
				scx_key_mode(x, path, i == 0 ?
				    "server-key-file" : "control-key-file",
				    n.ctl_file, n.ctl_line);
		}
	for (size_t i = 0; i < n.nz; i++) {
		free(n.z[i].name);
		free(n.z[i].zonefile);
		free(n.z[i].file);
		free(n.z[i].cfile);
		for (size_t j = 0; j < n.z[i].ninc; j++)
			free(n.z[i].inc[j]);
	}
	free(n.z);
}
