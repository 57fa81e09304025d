/* The profile format from arbitrary text, for both platforms. */
#include <stdint.h>

#include "jailtrim/profile.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct jt_profile *p;
	struct jt_err err;

	for (int plat = JT_PLAT_FREEBSD; plat <= JT_PLAT_GLIBC; plat++)
		if (jt_profile_parse(&p, (const char *)data, size, "fuzz",
		    plat, &err) == 0)
			jt_profile_free(p);
	return (0);
}
