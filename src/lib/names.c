/* SPDX-License-Identifier: BSD-2-Clause */
/* Names, paths and config kinds: see jailtrim/names.h. */
#include <ctype.h>
#include <stddef.h>
#include <string.h>

#include "jailtrim/names.h"

bool
jt_name_ok(const char *s)
{
	size_t n = 0;

	if (s == NULL || *s == '\0')
		return (false);
	for (; s[n] != '\0'; n++)
		if (n >= JT_NAME_MAX || (!isalnum((unsigned char)s[n]) &&
		    strchr("_-.", s[n]) == NULL))
			return (false);
	return (true);
}

bool
jt_abs_path_ok(const char *s)
{
	size_t n;

	if (s == NULL || s[0] != '/')
		return (false);
	n = strlen(s);
	return (strstr(s, "/../") == NULL &&
	    (n < 3 || strcmp(s + n - 3, "/..") != 0));
}

const char *
jt_config_kind(const char *name)
{
	static const struct {
		const char *name, *kind;
	} k[] = {
		{ "httpd", "httpd" }, { "apache", "httpd" },
		{ "apache2", "httpd" }, { "nginx", "nginx" },
		{ "lighttpd", "lighttpd" }, { "named", "named" },
		{ "bind", "named" }, { "php", "php" },
		{ "postfix", "postfix" }, { "dovecot", "dovecot" },
		{ "unbound", "unbound" }, { "nsd", "nsd" },
		{ "postgresql", "postgresql" }, { "postgres", "postgresql" },
	};

	for (size_t i = 0; name != NULL && i < sizeof(k) / sizeof(k[0]); i++)
		if (strcmp(name, k[i].name) == 0)
			return (k[i].kind);
	return (NULL);
}
