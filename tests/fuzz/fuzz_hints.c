/* ld-elf.so.hints parsing from arbitrary bytes. */
#include <stdint.h>

#include "rtld.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct jt_strv dirs = { 0 };

	(void)hints_parse(data, size, &dirs);
	strv_free(&dirs);
	return (0);
}
