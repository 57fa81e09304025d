/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The driver's own test (not a parser): a planted bug that only a
 * mutation of the seed reaches.  ctest expects this target to crash and
 * to leave the input that did as crash-N, as a real find would.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size >= 4 && memcmp(data, "BUG!", 4) == 0)
		abort();
	return (0);
}

void
jt_fuzz_seeds(void (*add)(const void *data, size_t len))
{
	add("BUGS", 4);
}
