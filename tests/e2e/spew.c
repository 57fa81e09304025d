/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * spew: a chatty service for tests/e2e/verify_output.sh.  A child writes
 * numbered 16-byte lines to stdout as fast as it can, for ever; spew
 * itself exits 0 at once, as a daemon that went into the background.
 */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

int
main(void)
{
	char buf[4096];
	unsigned long n = 0;

	if (fork() != 0)
		return (0);
	for (;;) {
		for (size_t i = 0; i < sizeof(buf); i += 16)
			(void)snprintf(buf + i, 17, "spew %010lu\n", n++);
		(void)!write(1, buf, sizeof(buf));
	}
}
