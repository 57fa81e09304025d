/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The profile format from arbitrary text, for both platforms.  An
 * "include" of a path would read that file of the host, so every '/' on
 * an include line is made a '_' first: the input alone decides the run,
 * whatever the host holds.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "jailtrim/profile.h"
#include "fuzz.h"

/* The '/'s of each line that has "include" in it, gone. */
static void
no_host_includes(char *text, size_t size)
{
	char *line = text, *end = text + size, *nl, *inc;

	while (line < end) {
		if ((nl = memchr(line, '\n', (size_t)(end - line))) == NULL)
			nl = end;
		inc = memmem(line, (size_t)(nl - line), "include", 7);
		for (char *c = inc; c != NULL && c < nl; c++)
			if (*c == '/')
				*c = '_';
		line = nl + 1;
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct jt_profile *p;
	struct jt_err err;
	char *text = malloc(size > 0 ? size : 1);

	if (text == NULL)
		return (0);
	memcpy(text, data, size);
	no_host_includes(text, size);
	for (int plat = JT_PLAT_FREEBSD; plat <= JT_PLAT_GLIBC; plat++)
		if (jt_profile_parse(&p, text, size, "fuzz", plat, &err) == 0)
			jt_profile_free(p);
	free(text);
	return (0);
}
