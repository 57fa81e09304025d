/* SPDX-License-Identifier: BSD-2-Clause */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#include "tap.h"

static int npass, nfail;

bool
tap_ok(bool cond, const char *file, int line, const char *fmt, ...)
{
	va_list ap;

	printf("%s %d - ", cond ? "ok" : "not ok", npass + nfail + 1);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	if (!cond)
		printf("  (%s:%d)", file, line);
	putchar('\n');
	if (cond)
		npass++;
	else
		nfail++;
	return (cond);
}

int
tap_done(void)
{
	printf("%d passed, %d failed\n", npass, nfail);
	return (nfail == 0 && npass > 0 ? 0 : 1);
}

void
tap_skip_all(const char *why)
{
	printf("SKIP: %s\n", why);
	exit(77);
}
