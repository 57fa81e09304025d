/* SPDX-License-Identifier: BSD-2-Clause */
/* Between the manifest parser and the fleet's (manifest_fleet.c). */
#ifndef JT_MANIFEST_INT_H
#define JT_MANIFEST_INT_H

#include <stdbool.h>
#include <stddef.h>

#include "jailtrim/manifest.h"

/* What one jail of a fleet reads of the file. */
struct manifest_view {
	const char	*name;		/* the block's: ${name}, the jail's */
	size_t		 index;		/* the block's place, from 0 */
	int		 shared_end;	/* the first block's line: lines before
					   it are shared */
	int		 first, last;	/* the block's "jail NAME {", "}" */
};

/* jt_manifest_parse(), of the shared lines and view's block alone. */
int	manifest_parse_view(struct jt_manifest **out, const char *text,
	    size_t len, const char *path, const struct manifest_view *view,
	    struct jt_err *err);
/* Append addr (copied) to m's ip6 (v6) or ip4 list. */
int	manifest_add_addr(struct jt_manifest *m, bool v6, const char *addr,
	    struct jt_err *err);

#endif
