/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The rc.d script scanner of rc jails (build_rc.c): rcorder's header
 * lines, rcvar=/name=/command= and the absolute paths a script names.  The
 * input is /etc/rc.d/svc, then after NULs /etc/rc.d/dep and
 * /usr/local/etc/rc.d/other, scripts svc may REQUIRE (svcroot.h).
 */
#include <stdlib.h>

#include "jailtrim/build.h"
#include "fuzz.h"
#include "svcroot.h"

static const char *const fixed[] = { "bin/sh", "usr/sbin/svcd",
    "sbin/ifconfig", "etc/defaults/rc.conf", "usr/local/sbin/other" };
static const char *const files[] = { "etc/rc.d/svc", "etc/rc.d/dep",
    "usr/local/etc/rc.d/other" };

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const names[] = { "svc", "other", "dep" };
	struct jt_source *src;
	struct jt_build *b;
	struct jt_err err;
	int rc;

	if ((src = svcroot_open(fixed, NELEM(fixed), files, NELEM(files),
	    data, size)) == NULL)
		return (0);
	if (jt_build_new(&b, src, &err) == 0) {
		jt_build_set_rc(b, true);
		for (size_t i = 0; i < NELEM(names); i++) {
			rc = jt_build_add_rcd(b, names[i], "fuzz", &err);
			if (rc > 0 || (rc < 0 && rc != JT_ENOMEM))
				abort();
		}
		jt_build_free(b);
	}
	jt_source_free(src);
	return (0);
}
