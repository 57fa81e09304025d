/* SPDX-License-Identifier: BSD-2-Clause */
/* Manifest parsing from arbitrary text. */
#include <stdint.h>
#include <stdlib.h>

#include "jailtrim/manifest.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct jt_manifest *m;
	struct jt_err err;

	/* A directory, so that relative paths are joined to it. */
	if (jt_manifest_parse(&m, (const char *)data, size, "/m/fuzz.jail",
	    &err) == 0) {
		for (size_t i = 0; i < m->nsources; i++)
			if (m->sources[i][0] == '\0')
				abort();
		if (m->sources[m->nsources] != NULL ||
		    m->params[m->nparams] != NULL || m->name == NULL ||
		    m->packages[m->npackages] != NULL)
			abort();
		for (size_t i = 0; i < m->npackages; i++)
			if (m->packages[i][0] == '\0')
				abort();
		jt_manifest_free(m);
	}
	return (0);
}
