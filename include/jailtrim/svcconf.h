/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Service configurations: the files a service needs that no ELF header
 * names, derived from the root's own configuration files.  PAM policies
 * name modules, nsswitch.conf names NSS modules, web servers load modules
 * and include further configuration, named reads zone files.  Each call
 * reads one service's configuration inside the source root and appends to
 * a result: the paths it needs (a file to copy, an ELF object whose
 * closure the caller resolves, a directory) and, for everything named but
 * missing or not followed, a problem located by file and line.
 *
 * Every file is read through the source (jailtrim/source.h), so nothing
 * outside the root is ever read.  Includes are bounded (depth 16, loops
 * detected, a budget of files and of glob matches); a hostile
 * configuration gives problems, never a read outside the root.
 *
 *	struct jt_svcconf *sc;
 *	jt_svcconf_new(&sc, &err);
 *	jt_svcconf_pam(sc, src, "sshd", JT_PLAT_AUTO, &err);
 *	items = jt_svcconf_items(sc, &n);	(then problems)
 */
#ifndef JAILTRIM_SVCCONF_H
#define JAILTRIM_SVCCONF_H

#include <stdbool.h>
#include <stddef.h>

#include "jailtrim/err.h"
#include "jailtrim/resolve.h"
#include "jailtrim/source.h"

struct jt_svcconf;

enum jt_svc_kind {
	JT_SVC_FILE = 0,	/* a file to copy as it is (a policy, a
				   configuration, a zone) */
	JT_SVC_OBJECT,		/* an ELF object loaded with dlopen(), or a
				   script run at start-up: the caller adds it
				   with its closure */
	JT_SVC_DIR,		/* a directory the service uses (document
				   root, key directory): the caller decides
				   how much of its content to keep */
	JT_SVC_PLACE,		/* a directory the service writes in (logs,
				   pid file, uploads, caches): the directory
				   alone, with its mode and owner */
	JT_SVC_FILE_MTIME,	/* a file as JT_SVC_FILE that the service
				   reads only when its mtime is after 0
				   (nsd's zone files): the jail's epoch
				   must not be 0 */
};

/* One path the service needs. */
struct jt_svc_item {
	const char	 *path;	/* absolute, in the root, as the service names
				   it: symlinks on the way are kept, so add it
				   with jt_plan_add_path() */
	const char	 *why;	/* "pam_unix.so in /etc/pam.d/sshd line 12" */
	enum jt_svc_kind  kind;
};

/* Something named but missing, refused or not followed. */
struct jt_svc_problem {
	const char	*file;	/* the configuration file naming it, or "" */
	int		 line;	/* its line, 0 if none */
	const char	*message;
	bool		 warning;	/* the service starts all the same
					   (a private key others can read) */
};

int	jt_svcconf_new(struct jt_svcconf **out, struct jt_err *err);
void	jt_svcconf_free(struct jt_svcconf *sc);

/*
 * The results so far, in the order found, each path once (the first
 * reason wins).  Owned by sc; valid until the next call that adds to sc
 * or jt_svcconf_free().
 */
const struct jt_svc_item *jt_svcconf_items(const struct jt_svcconf *sc,
	    size_t *n);
const struct jt_svc_problem *jt_svcconf_problems(const struct jt_svcconf *sc,
	    size_t *n);

/*
 * The Debian multiarch triplet of a glibc root ("x86_64-linux-gnu"); by
 * default it is taken from the root (the lib directory that holds
 * libc.so.6).  triplet is copied; NULL goes back to the default.
 */
int	jt_svcconf_set_triplet(struct jt_svcconf *sc, const char *triplet,
	    struct jt_err *err);

/*
 * Each function below reads one service's configuration from src with the
 * rules of platform (JT_PLAT_AUTO: FreeBSD when the root has
 * /libexec/ld-elf.so.1, else glibc/Debian).  They return 0 when the
 * configuration was read, even with problems; a negative JT_E* code only
 * for a bad argument, memory exhaustion or an I/O error of the source,
 * with err filled.  A missing main configuration file is a problem.
 */

/*
 * PAM policy of service, with every module it lists (optional ones too),
 * the policy files read and the "other" policy where it is used.
 * FreeBSD: OpenPAM; glibc: Linux-PAM.
 */
int	jt_svcconf_pam(struct jt_svcconf *sc, struct jt_source *src,
	    const char *service, enum jt_platform platform,
	    struct jt_err *err);

/* /etc/nsswitch.conf and the NSS modules its sources need. */
int	jt_svcconf_nss(struct jt_svcconf *sc, struct jt_source *src,
	    enum jt_platform platform, struct jt_err *err);

/*
 * Server configurations; conf_path NULL means the platform's default
 * (Debian: /etc/apache2/apache2.conf, /etc/nginx/nginx.conf,
 * /etc/lighttpd/lighttpd.conf, /etc/bind/named.conf; FreeBSD ports:
 * /usr/local/etc/apache24/httpd.conf, /usr/local/etc/nginx/nginx.conf,
 * /usr/local/etc/lighttpd/lighttpd.conf,
 * /usr/local/etc/namedb/named.conf).
 */
int	jt_svcconf_httpd(struct jt_svcconf *sc, struct jt_source *src,
	    enum jt_platform platform, const char *conf_path,
	    struct jt_err *err);
int	jt_svcconf_nginx(struct jt_svcconf *sc, struct jt_source *src,
	    enum jt_platform platform, const char *conf_path,
	    struct jt_err *err);
int	jt_svcconf_lighttpd(struct jt_svcconf *sc, struct jt_source *src,
	    enum jt_platform platform, const char *conf_path,
	    struct jt_err *err);
int	jt_svcconf_named(struct jt_svcconf *sc, struct jt_source *src,
	    enum jt_platform platform, const char *conf_path,
	    struct jt_err *err);

/*
 * One of the four above by name ("httpd" or "apache", "nginx",
 * "lighttpd", "named" or "bind"), as a profile's "config KIND PATH" names
 * it, or "php": PATH is php-cgi or php-fpm (NULL: the platform's
 * php-cgi), and its php.ini, scan directory and extensions are read;
 * "unbound" (default /etc/unbound/unbound.conf; FreeBSD base's
 * /var/unbound/unbound.conf, the port's under /usr/local/etc/unbound:
 * a missing one is no problem, unbound starts with its defaults) or
 * "nsd" (/etc/nsd/nsd.conf; FreeBSD: /usr/local/etc/nsd/nsd.conf);
 * JT_EINVAL for another kind.
 */
int	jt_svcconf_config(struct jt_svcconf *sc, struct jt_source *src,
	    const char *kind, enum jt_platform platform,
	    const char *conf_path, struct jt_err *err);

#endif
