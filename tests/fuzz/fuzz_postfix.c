/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Postfix configuration reading (svcconf_postfix.c): the input is
 * main.cf, then after a NUL master.cf, then dynamicmaps.cf (svcroot.h).
 */
#include "fuzz.h"
#include "svcroot.h"

static const char *const fixed[] = { "usr/lib/postfix/sbin/master",
    "usr/lib/postfix/sbin/smtpd", "usr/lib/postfix/sbin/qmgr",
    "usr/local/libexec/postfix/master", "usr/lib/postfix/postfix-cdb.so",
    "etc/aliases.db", "etc/mailname", "etc/ssl/private/k.pem",
    "var/spool/postfix/active/keep", "var/lib/postfix/keep" };
static const char *const files[] = { "etc/postfix/main.cf",
    "etc/postfix/master.cf", "etc/postfix/dynamicmaps.cf" };

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	svcroot_config("postfix", fixed, NELEM(fixed), files, NELEM(files),
	    data, size);
	return (0);
}
