/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * A shrink backup's index (shrink_index.c) from arbitrary bytes, checked
 * with a fixed key: parse or fail, never crash; what parses is
 * consistent (every removed entry and kept directory found by its name).
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "jailtrim/shrink.h"
#include "shrink_int.h"
#include "fuzz.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const unsigned char key[JT_BACKUP_KEY_LEN] = { 1, 2, 3 };
	struct shrink_index ix;
	struct jt_err err;
	bool signed_ok;

	if (shrink_index_parse(&ix, (const char *)data, size, key, sizeof(key),
	    &signed_ok, "fuzz", &err) != 0)
		return (0);
	for (size_t i = 0; i < ix.n; i++)
		if (ix.v[i].kind != 'k' && map_get(&ix.byname, ix.v[i].name) !=
		    &ix.v[i])
			abort();
	shrink_index_free(&ix);
	return (0);
}

/* Seeds: a small index, unsigned and signed with the key above. */
void
jt_fuzz_seeds(void (*add)(const void *data, size_t len))
{
	static const unsigned char key[JT_BACKUP_KEY_LEN] = { 1, 2, 3 };
	static const char body[] = "jailtrim-backup-index 1\n"
	    "p - - d 755 0 0 0:0 0 " "0123456789abcdef0123456789abcdef"
	    "0123456789abcdef0123456789abcdef usr -\n"
	    "r - - c 666 0 0 1:3 0 " "0123456789abcdef0123456789abcdef"
	    "0123456789abcdef0123456789abcdef usr/null -\n"
	    "r - - h 644 0 0 0:0 0 " "0123456789abcdef0123456789abcdef"
	    "0123456789abcdef0123456789abcdef usr/a%20b =usr/k\n"
	    "r - - l 777 0 0 0:0 0 " "0123456789abcdef0123456789abcdef"
	    "0123456789abcdef0123456789abcdef usr/l =../x\n"
	    "k 0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"
	    " 644 0 0 usr/k\n";
	unsigned char mac[SHRINK_SHA_LEN];
	char hex[SHRINK_HEX_LEN], buf[sizeof(body) + 80];
	size_t n;

	n = (size_t)snprintf(buf, sizeof(buf), "%smac -\n", body);
	add(buf, n);
	shrink_hmac(key, sizeof(key), body, sizeof(body) - 1, mac);
	shrink_hex(mac, hex);
	n = (size_t)snprintf(buf, sizeof(buf), "%smac %s\n", body, hex);
	add(buf, n);
}
