/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * PAM policies and nsswitch.conf (svcconf_pam.c), with OpenPAM's rules and
 * Linux-PAM's: the input is /etc/pam.d/sshd, then after NULs
 * /etc/pam.d/system (for include), /etc/nsswitch.conf and /etc/pam.conf
 * (svcroot.h).
 */
#include "jailtrim/svcconf.h"
#include "fuzz.h"
#include "svcroot.h"

static const char *const fixed[] = { "lib/x86_64-linux-gnu/libc.so.6",
    "lib/x86_64-linux-gnu/security/pam_unix.so", "lib/security/pam_env.so",
    "usr/lib/pam_unix.so.6", "usr/lib/libpam.so.6",
    "lib/x86_64-linux-gnu/libnss_files.so.2", "usr/lib/nss_files.so.1",
    "usr/local/lib/pam_x.so.6" };
static const char *const files[] = { "etc/pam.d/sshd", "etc/pam.d/system",
    "etc/nsswitch.conf", "etc/pam.conf" };

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const enum jt_platform plats[] = { JT_PLAT_GLIBC,
	    JT_PLAT_FREEBSD };
	struct jt_source *src;
	struct jt_svcconf *sc;
	struct jt_err err;

	if ((src = svcroot_open(fixed, NELEM(fixed), files, NELEM(files),
	    data, size)) == NULL)
		return (0);
	for (size_t i = 0; i < NELEM(plats); i++) {
		if (jt_svcconf_new(&sc, &err) != 0)
			break;
		svcroot_check(sc, jt_svcconf_pam(sc, src, "sshd", plats[i],
		    &err));
		svcroot_check(sc, jt_svcconf_nss(sc, src, plats[i], &err));
		jt_svcconf_free(sc);
	}
	jt_source_free(src);
	return (0);
}
