/* SPDX-License-Identifier: BSD-2-Clause */
/* Shared by the tarball writers (write_tar.c, shrink_archive.c). */
#ifndef JT_TAR_INT_H
#define JT_TAR_INT_H

#include <stdbool.h>

#include "jailtrim/err.h"

struct archive;

/* The compressor for path's suffix (.txz .tzst .tgz .tar), pinned. */
int	tar_set_filter(struct archive *a, const char *path, bool fast,
	    struct jt_err *err);

#endif
