/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * lighttpd.conf reading (svcconf_lighttpd.c): the input is lighttpd.conf,
 * then after a NUL a file it may include, then one in conf-enabled/
 * (svcroot.h).
 */
#include "fuzz.h"
#include "svcroot.h"

static const char *const fixed[] = { "bin/sh", "usr/sbin/lighttpd",
    "usr/lib/lighttpd/mod_x.so", "usr/local/lib/lighttpd/mod_x.so",
    "var/www/html/index.html", "etc/lt/ssl/site.pem", "opt/app/fcgi-app",
    "usr/bin/perl" };
static const char *const files[] = { "etc/lighttpd/lighttpd.conf",
    "etc/lighttpd/inc.conf", "etc/lighttpd/conf-enabled/a.conf" };

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	svcroot_config("lighttpd", fixed, NELEM(fixed), files, NELEM(files),
	    data, size);
	return (0);
}
