/* SPDX-License-Identifier: BSD-2-Clause */
/* build's ids, time zone and root password options (cli_ids.c). */
#ifndef JT_CLI_IDS_H
#define JT_CLI_IDS_H

#include <stdbool.h>
#include <stdint.h>

#include "jailtrim/build.h"
#include "jailtrim/manifest.h"

/* --uid-range, --renumber, --timezone, --wall-cmos-clock, --rootpw-file */
struct cli_ids {
	const char	*range;		/* "FIRST:COUNT", NULL: none */
	bool		 renumber, wall_cmos;
	const char	*tz;
	const char	*rootpw_file;
	/* cli_ids_check()'s */
	bool		 has_range;
	uint32_t	 first, count;
	char		*hash;		/* root's, from the file; NULL: locked */
};

/*
 * The flags over the manifest's (m may be NULL), checked before any
 * source is read: a bad range, --renumber without one, a refused root
 * password file.  Returns the exit status.
 */
int	cli_ids_check(struct cli_ids *o, const struct jt_manifest *m);
/* Into jb: an unknown zone is said here, before any work. */
int	cli_build_ids(struct jt_build *jb, const struct jt_manifest *m,
	    const struct cli_ids *o);
void	cli_ids_free(struct cli_ids *o);

/* The accounts renumber moved: text lines, or a JSON member and comma. */
void	cli_report_renumbered(struct jt_build *jb, bool json);

#endif
