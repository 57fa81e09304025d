/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * nsd.conf reading (svcconf_nsd.c): the input is nsd.conf, then after a
 * NUL a file of nsd.conf.d, then a zone file (svcroot.h).
 */
#include "fuzz.h"
#include "svcroot.h"

static const char *const fixed[] = { "usr/sbin/nsd", "var/lib/nsd/keep",
    "run/nsd/keep", "etc/nsd/nsd_server.key", "etc/nsd/nsd_server.pem" };
static const char *const files[] = { "etc/nsd/nsd.conf",
    "etc/nsd/nsd.conf.d/a.conf", "etc/nsd/example.zone" };

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	svcroot_config("nsd", fixed, NELEM(fixed), files, NELEM(files),
	    data, size);
	return (0);
}
