/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Interpreters with their modules, and what a program needs that its ELF
 * headers do not say: the CA bundle its TLS library reads, git's helper
 * programs.  All of it is read from the source, never by running
 * anything: python's standard library is PREFIX/lib/pythonX.Y (the
 * version from the interpreter's real name or its libpython), perl's
 * module directories are the ones its Config.pm records.
 */
#ifndef JAILTRIM_INTERP_H
#define JAILTRIM_INTERP_H

#include <stdbool.h>
#include <stddef.h>

#include "jailtrim/build.h"
#include "jailtrim/err.h"
#include "jailtrim/source.h"

/*
 * The kind of interpreter a file name is ("python3", "python2.7",
 * "perl", "perl5.36.0"): "python" or "perl", the name of its profile and
 * of the profile directive's first word; NULL for any other name.
 */
const char *jt_interp_kind(const char *name);

/*
 * The interpreter the "#!" line of the script at path names, through
 * "env" too ("#!/usr/bin/env python3"): written to prog (size len), and
 * *kind set as jt_interp_kind() of it.  A file that is not a script, or
 * not in the source, gives "" and NULL, and 0: it is not an error here.
 */
int	jt_interp_script(struct jt_source *src, const char *path, char *prog,
	    size_t len, const char **kind, struct jt_err *err);

/*
 * An interpreter of kind ("python", "perl") at path with its closure and
 * its module directories, every ELF object in them closed too.  What
 * cannot be found is a problem of the build (jt_build_problems()).
 */
int	jt_build_add_interp(struct jt_build *b, const char *kind,
	    const char *path, const char *why, struct jt_err *err);

/*
 * Whether jt_build_finish() adds the CA bundle the root's TLS library
 * reads when a kept object links libssl, libcurl or libgnutls (default:
 * yes; --no-ca says no).
 */
void	jt_build_set_ca(struct jt_build *b, bool ca);

/*
 * What the build added that nobody asked for, one sentence each ("PATH
 * added because ..."), for the report; valid until b is freed.
 */
const char *const *jt_build_notes(const struct jt_build *b, size_t *n);

#endif
