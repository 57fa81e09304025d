/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Names and paths that every input format (command line, manifest,
 * profile, jail.conf) validates the same way, in one place.
 */
#ifndef JAILTRIM_NAMES_H
#define JAILTRIM_NAMES_H

#include <stdbool.h>

#define JT_NAME_MAX	255		/* MAXHOSTNAMELEN - 1 */

/*
 * A jail or host name that jail.conf(5) holds unquoted and jail(8)
 * accepts: letters, digits, '_', '-' and '.', 1 to JT_NAME_MAX bytes.
 */
bool	jt_name_ok(const char *s);

/* An absolute path with no ".." component. */
bool	jt_abs_path_ok(const char *s);

/*
 * The kind of service configuration a name means ("config KIND PATH" in a
 * profile, jt_svcconf_config()): "httpd" for httpd, apache and apache2,
 * "named" for named and bind, "nginx", "lighttpd"; NULL when unknown.
 */
const char *jt_config_kind(const char *name);
/* The names accepted, for messages. */
#define JT_CONFIG_KINDS	"httpd (or apache, apache2), nginx, lighttpd, " \
	"named (or bind), php, postfix, dovecot, unbound, nsd, " \
	"postgresql (or postgres)"

#endif
