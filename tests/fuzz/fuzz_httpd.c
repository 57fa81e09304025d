/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Apache httpd configuration reading (svcconf_httpd.c): the input is
 * apache2.conf, then after a NUL ports.conf, then a file in mods-enabled/
 * (svcroot.h).
 */
#include "fuzz.h"
#include "svcroot.h"

static const char *const fixed[] = { "usr/sbin/apache2",
    "usr/lib/apache2/modules/mod_x.so", "usr/local/libexec/apache24/mod_x.so",
    "var/www/html/index.html", "etc/apache2/envvars" };
static const char *const files[] = { "etc/apache2/apache2.conf",
    "etc/apache2/ports.conf", "etc/apache2/mods-enabled/a.load" };

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	svcroot_config("httpd", fixed, NELEM(fixed), files, NELEM(files),
	    data, size);
	return (0);
}
