/* SPDX-License-Identifier: BSD-2-Clause */
/* libmap.conf parsing and lookups from arbitrary text. */
#include <stdint.h>
#include <stdlib.h>

#include "rtld.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct libmap *lm = libmap_new();

	if (lm == NULL)
		return (0);
	(void)libmap_parse_buf(lm, (const char *)data, size);
	(void)libmap_find(lm, "/usr/bin/prog", "libc.so.7");
	(void)libmap_find(lm, NULL, "/usr/lib");
	libmap_free(lm);
	return (0);
}
