/* SPDX-License-Identifier: BSD-2-Clause */
/* build's interpreter support in the CLI (cli_interp.c). */
#ifndef JT_CLI_INTERP_H
#define JT_CLI_INTERP_H

#include "jailtrim/build.h"
#include "jailtrim/source.h"
#include "cli_util.h"

/*
 * The profiles the "#!" lines of the -i scripts pull in: a script whose
 * interpreter has a profile ("#!/usr/bin/python3", "#!/usr/bin/env
 * perl") gets it, said on stderr.  Pushed to profiles once each.
 */
void	cli_script_profiles(struct jt_source *src, const struct jt_strv *paths,
	    struct jt_strv *profiles, const struct jt_strv *pdirs,
	    enum jt_platform plat);

/* What the build added that nobody asked for, one "note:" line each. */
void	cli_build_notes(const struct jt_build *b);

#endif
