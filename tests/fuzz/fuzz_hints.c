/* SPDX-License-Identifier: BSD-2-Clause */
/* ld-elf.so.hints parsing from arbitrary bytes. */
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>

#include "jailtrim/resolve.h"
#include "rtld.h"
#include "fuzz.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct jt_strv dirs = { 0 };

	(void)hints_parse(data, size, &dirs);
	strv_free(&dirs);
	return (0);
}

/* Seeds: hints files as ldconfig writes them, in both byte orders. */
void
jt_fuzz_seeds(void (*add)(const void *data, size_t len))
{
	static const char *const dirs[] = { "/lib", "/usr/lib",
	    "/usr/lib/compat", "/usr/local/lib" };
	struct jt_err err;
	void *buf;
	size_t len;

	for (int msb = 0; msb < 2; msb++)
		for (size_t n = 0; n <= 4; n += 2)
			if (jt_hints_render(dirs, n, msb != 0, &buf, &len,
			    &err) == 0) {
				add(buf, len);
				free(buf);
			}
}
