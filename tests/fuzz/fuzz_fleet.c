/* SPDX-License-Identifier: BSD-2-Clause */
/* Fleet manifests (jail blocks, plans, pools) from arbitrary text. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "jailtrim/manifest.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct jt_fleet *f;
	struct jt_err err;
	char *rc = NULL;

	if (jt_fleet_parse(&f, (const char *)data, size, "/m/fuzz.jail",
	    &err) != 0)
		return (0);
	if (f->njails == 0 || f->njails > JT_FLEET_MAX ||
	    (!f->blocks && f->njails != 1))
		abort();
	for (size_t k = 0; k < f->njails; k++) {
		const struct jt_manifest *m = f->jails[k];

		if (m->name == NULL || m->nsources == 0 ||
		    m->sources[m->nsources] != NULL ||
		    m->ip4[m->nip4] != NULL || m->ip6[m->nip6] != NULL ||
		    jt_fleet_find(f, m->name) != m)
			abort();
		/* a plan hands out an address to a jail without one */
		if ((m->ip4_plan_iface != NULL && m->nip4 == 0) ||
		    (m->ip6_plan_iface != NULL && m->nip6 == 0))
			abort();
		if (m->has_uid_range && (m->uid_count == 0 ||
		    (uint64_t)m->uid_first + m->uid_count - 1 > UINT32_MAX - 1))
			abort();
	}
	if (jt_fleet_rcconf((const struct jt_manifest *const *)f->jails,
	    f->njails, f->file, &rc, &err) != 0 || rc == NULL ||
	    strstr(rc, "jail_enable=\"YES\"") == NULL)
		abort();
	free(rc);
	jt_fleet_free(f);
	return (0);
}
