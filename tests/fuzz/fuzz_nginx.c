/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * nginx.conf reading (svcconf_httpd.c): the input is nginx.conf, then
 * after a NUL a file it may include, then one in conf.d/ (svcroot.h).
 */
#include "fuzz.h"
#include "svcroot.h"

static const char *const fixed[] = { "usr/sbin/nginx",
    "usr/local/sbin/nginx", "usr/lib/nginx/modules/ngx_mod.so",
    "usr/share/nginx/html/index.html", "etc/nginx/mime.types" };
static const char *const files[] = { "etc/nginx/nginx.conf",
    "etc/nginx/inc.conf", "etc/nginx/conf.d/a.conf" };

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	svcroot_config("nginx", fixed, NELEM(fixed), files, NELEM(files),
	    data, size);
	return (0);
}
