/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Dovecot configuration reading (svcconf_dovecot.c): the input is
 * dovecot.conf, then after a NUL conf.d/10-a.conf, then local.conf
 * (svcroot.h).
 */
#include "fuzz.h"
#include "svcroot.h"

static const char *const fixed[] = { "usr/sbin/dovecot",
    "usr/lib/dovecot/imap", "usr/lib/dovecot/libdovecot.so.0",
    "usr/lib/dovecot/modules/libssl_iostream_openssl.so",
    "usr/lib/dovecot/modules/lib10_quota_plugin.so",
    "usr/lib/dovecot/modules/auth/libauthdb_ldap.so",
    "etc/dovecot/private/dovecot.pem", "etc/dovecot/users" };
static const char *const files[] = { "etc/dovecot/dovecot.conf",
    "etc/dovecot/conf.d/10-a.conf", "etc/dovecot/local.conf" };

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	svcroot_config("dovecot", fixed, NELEM(fixed), files, NELEM(files),
	    data, size);
	return (0);
}
