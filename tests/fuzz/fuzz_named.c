/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * named.conf reading (svcconf_named.c): the input is named.conf, then
 * after a NUL named.conf.options, then a zone file (svcroot.h).
 */
#include "fuzz.h"
#include "svcroot.h"

static const char *const fixed[] = { "usr/sbin/named", "etc/bind/db.local",
    "etc/bind/rndc.key", "var/cache/bind/keep" };
static const char *const files[] = { "etc/bind/named.conf",
    "etc/bind/named.conf.options", "etc/bind/db.example" };

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	svcroot_config("named", fixed, NELEM(fixed), files, NELEM(files),
	    data, size);
	return (0);
}
