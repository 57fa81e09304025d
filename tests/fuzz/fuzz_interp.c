/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The interpreter readers (interp.c): perl's Config.pm, then after a NUL
 * its Config_heavy.pl (the @INC directories they record), then a script
 * whose "#!" line is read (svcroot.h).  The directories may name anything
 * in the root, files and links included: only problems, never errors.
 */
#include <stdlib.h>

#include "jailtrim/interp.h"
#include "fuzz.h"
#include "svcroot.h"

static const char *const fixed[] = { "usr/bin/perl", "usr/bin/python3.11",
    "usr/lib/python3.11/os.py", "usr/share/perl/5.36/strict.pm",
    "usr/lib/x86_64-linux-gnu/perl/5.36/POSIX.pm" };
static const char *const files[] = {
    "usr/lib/x86_64-linux-gnu/perl-base/Config.pm",
    "usr/lib/x86_64-linux-gnu/perl-base/Config_heavy.pl",
    "usr/local/bin/script" };

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct jt_source *src;
	struct jt_build *b;
	struct jt_err err;
	const char *kind;
	char prog[256];
	int rc;

	if ((src = svcroot_open(fixed, NELEM(fixed), files, NELEM(files),
	    data, size)) == NULL)
		return (0);
	if (jt_interp_script(src, "/usr/local/bin/script", prog, sizeof(prog),
	    &kind, &err) != 0 || (kind != NULL && jt_interp_kind(kind) == NULL))
		abort();
	if (jt_build_new(&b, src, &err) == 0) {
		rc = jt_build_add_interp(b, "perl", "/usr/bin/perl", "fuzz",
		    &err);
		if (rc > 0 || (rc < 0 && rc != JT_ENOMEM))
			abort();
		rc = jt_build_add_interp(b, "python", "/usr/bin/python*",
		    "fuzz", &err);
		if (rc > 0 || (rc < 0 && rc != JT_ENOMEM))
			abort();
		jt_build_free(b);
	}
	jt_source_free(src);
	return (0);
}
