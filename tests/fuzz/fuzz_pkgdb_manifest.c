/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * A pkg(8) +MANIFEST from arbitrary bytes: the bounded JSON reader, then
 * the package's closure and its files' owners.
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

	if (jt_pkgdb_open_manifest_mem(&db, data, size, "+MANIFEST",
	    &err) != 0)
		return (0);
	for (size_t i = 0; i < jt_pkgdb_count(db); i++) {
		const struct jt_pkg *p = jt_pkgdb_at(db, i);

		if (jt_pkgdb_closure(db, &p->name, 1, &c, &err) == 0)
			jt_pkg_closure_free(&c);
		for (size_t j = 0; j < p->nfiles; j++)
			(void)jt_pkgdb_owner(db, p->files[j].path);
	}
	jt_pkgdb_free(db);
	return (0);
}
