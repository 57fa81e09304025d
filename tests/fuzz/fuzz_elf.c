/* SPDX-License-Identifier: BSD-2-Clause */
/* ELF facts from arbitrary bytes: parse or fail, never crash. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "jailtrim/elf.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct jt_elf *e = NULL;
	struct jt_err err;
	void *copy = malloc(size ? size : 1);

	memcpy(copy, data, size);
	if (jt_elf_open_mem(&e, copy, size, "fuzz", &err) == 0) {
		const struct jt_elf_info *in = jt_elf_info(e);
		size_t n = 0;

		for (size_t i = 0; i < in->nsyms; i++)
			n += strlen(in->syms[i].name);
		for (size_t i = 0; i < in->nneeded; i++)
			n += strlen(in->needed[i]);
		(void)n;
	}
	jt_elf_free(e);
	free(copy);
	return (0);
}
