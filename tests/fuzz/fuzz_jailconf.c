/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * jail.conf(5) reading from arbitrary bytes, for the only jail (name NULL)
 * and for the jail named "x": the text is not NUL-terminated, so a read
 * past len shows.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "jailtrim/jailconf.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *const keys[] = { "path", "host.hostname", "exec.start",
    "ip4.addr", "mount.devfs", "name", "x", "" };

static void
one(const uint8_t *data, size_t size, const char *name)
{
	struct jt_jailconf_stanza *s;
	struct jt_err err;
	const char *const *v, *got;
	size_t n;

	memset(&err, 0, sizeof(err));
	if (jt_jailconf_parse(&s, (const char *)data, size, "fuzz.conf", name,
	    &err) != 0) {
		if (s != NULL || (err.code != JT_EFORMAT &&
		    err.code != JT_EINVAL && err.code != JT_ENOENT &&
		    err.code != JT_ENOMEM))
			abort();
		/* a syntax error says where */
		if (err.code == JT_EFORMAT && strncmp(err.path, "fuzz.conf:",
		    10) != 0)
			abort();
		return;
	}
	if (s == NULL || (got = jt_jailconf_name(s)) == NULL ||
	    (name != NULL && strcmp(got, name) != 0) || strcmp(got, "*") == 0)
		abort();
	for (size_t k = 0; k < sizeof(keys) / sizeof(keys[0]); k++) {
		v = jt_jailconf_values(s, keys[k], &n);
		if ((v == NULL) != (n == 0))
			abort();
		for (size_t i = 0; i < n; i++)
			if (v[i] == NULL || strlen(v[i]) > size + 16384)
				abort();
	}
	jt_jailconf_stanza_free(s);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	one(data, size, NULL);
	one(data, size, "x");
	return (0);
}
