/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * php.ini reading (svcconf_php.c): the input is Debian's php-cgi php.ini,
 * then after a NUL an .ini of its scan directory (svcroot.h).  The
 * program, php-cgi, and two extensions are in the root.
 */
#include "fuzz.h"
#include "svcroot.h"

static const char *const fixed[] = { "usr/bin/php-cgi",
    "usr/lib/php/20220829/xml.so", "usr/lib/php/20220829/opcache.so" };
static const char *const files[] = { "etc/php/8.2/cgi/php.ini",
    "etc/php/8.2/cgi/conf.d/20-a.ini" };

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	svcroot_config("php", fixed, NELEM(fixed), files, NELEM(files),
	    data, size);
	return (0);
}
