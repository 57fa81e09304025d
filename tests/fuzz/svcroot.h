/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * A root directory for the fuzz targets whose parsers read through a
 * source (the service configurations, the rc.d scanner): the input is
 * split at NUL bytes into the contents of a few fixed files, written into
 * a private temporary directory, and read back through a directory source
 * as a jail root would be.  Files not given by an input are removed, so
 * no input sees another's.
 */
#ifndef JT_FUZZ_SVCROOT_H
#define JT_FUZZ_SVCROOT_H
#include <stddef.h>
#include <stdint.h>

#include "jailtrim/source.h"

/*
 * Make the root once (with the fixed files of fixed[], nfixed, each empty:
 * modules and programs a configuration may name), then write the parts of
 * data into files[0..nfiles-1] (root-relative paths).  Returns a new
 * source on the root, or NULL when the root cannot be made (the target
 * then does nothing).
 */
struct jt_source *svcroot_open(const char *const *fixed, size_t nfixed,
	    const char *const *files, size_t nfiles, const uint8_t *data,
	    size_t size);

/*
 * Check what a svcconf call left: each item an absolute path, found once,
 * with a reason; each problem with a message.  Aborts otherwise.
 */
struct jt_svcconf;
void	svcroot_check(const struct jt_svcconf *sc, int rc);


/*
 * The whole of a server-configuration target: the root as above, then
 * jt_svcconf_config(kind) read with glibc's rules from the default path
 * (files[0] must be the Debian default) and with FreeBSD's from files[0]
 * named explicitly, each result checked.
 */
void	svcroot_config(const char *kind, const char *const *fixed,
	    size_t nfixed, const char *const *files, size_t nfiles,
	    const uint8_t *data, size_t size);

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))
#endif
