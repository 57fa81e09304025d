/* SPDX-License-Identifier: BSD-2-Clause */
/* build's ids, time zone and root password options (cli_ids.c). */
#ifndef JT_CLI_IDS_H
#define JT_CLI_IDS_H

#include <stdbool.h>

#include "jailtrim/build.h"
#include "jailtrim/manifest.h"

/* --uid-range, --renumber, --timezone, --wall-cmos-clock, --rootpw-file */
struct cli_ids {
	const char	*range;		/* "FIRST:COUNT", NULL: none */
	bool		 renumber, wall_cmos;
	const char	*tz;
	const char	*rootpw_file;
};

/*
 * The flags over the manifest's (m may be NULL) into jb, before any
 * work: a bad range, an unknown zone or a refused password file is said
 * here.  Returns the exit status.
 */
int	cli_build_ids(struct jt_build *jb, const struct jt_manifest *m,
	    const struct cli_ids *o);

/* The accounts renumber moved: text lines, or a JSON member and comma. */
void	cli_report_renumbered(struct jt_build *jb, bool json);

#endif
