/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * A dpkg status file from arbitrary bytes: parsed, then every package's
 * dependency closure and its config files' owners looked up.
 */
#include <stdint.h>

#include "jailtrim/pkgdb.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct jt_pkg_closure c;
	struct jt_pkgdb *db;
	struct jt_err err;

	if (jt_pkgdb_open_dpkg_mem(&db, data, size, "/var/lib/dpkg/status",
	    &err) != 0)
		return (0);
	for (size_t i = 0; i < jt_pkgdb_count(db); i++) {
		const struct jt_pkg *p = jt_pkgdb_at(db, i);

		if (jt_pkgdb_closure(db, &p->name, 1, &c, &err) == 0)
			jt_pkg_closure_free(&c);
		for (size_t j = 0; j < p->nconfig; j++)
			(void)jt_pkgdb_owner(db, p->config[j].path);
		for (size_t j = 0; j < p->nprovides; j++)
			(void)jt_pkgdb_provider(db, p->provides[j]);
	}
	jt_pkgdb_free(db);
	return (0);
}
