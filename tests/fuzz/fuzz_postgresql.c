/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * postgresql.conf reading (svcconf_postgresql.c): the input is
 * postgresql.conf, then after a NUL an included file (more.conf), then a
 * file of its include_dir (conf.d/a.conf) (svcroot.h).
 */
#include "fuzz.h"
#include "svcroot.h"

static const char *const fixed[] = {
    "etc/ssl/certs/ssl-cert-snakeoil.pem",
    "etc/ssl/private/ssl-cert-snakeoil.key",
    "etc/postgresql/15/main/pg_hba.conf",
    "var/lib/postgresql/15/main/server.crt" };
static const char *const files[] = {
    "etc/postgresql/15/main/postgresql.conf",
    "etc/postgresql/15/main/more.conf",
    "etc/postgresql/15/main/conf.d/a.conf" };

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	svcroot_config("postgresql", fixed, NELEM(fixed), files,
	    NELEM(files), data, size);
	return (0);
}
