/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * unbound.conf reading (svcconf_unbound.c): the input is unbound.conf,
 * then after a NUL a file of unbound.conf.d, then a zone file
 * (svcroot.h).
 */
#include "fuzz.h"
#include "svcroot.h"

static const char *const fixed[] = { "usr/sbin/unbound",
    "usr/share/dns/root.key", "var/lib/unbound/keep", "run/keep" };
static const char *const files[] = { "etc/unbound/unbound.conf",
    "etc/unbound/unbound.conf.d/a.conf", "etc/unbound/example.zone" };

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	svcroot_config("unbound", fixed, NELEM(fixed), files, NELEM(files),
	    data, size);
	return (0);
}
