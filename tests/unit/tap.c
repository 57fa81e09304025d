/* SPDX-License-Identifier: BSD-2-Clause */
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

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

const char *
tap_path(const char *dir, const char *rel)
{
	static char buf[4][PATH_MAX];
	static int k;

	k = (k + 1) % 4;
	(void)snprintf(buf[k], sizeof(buf[k]), "%s/%s", dir, rel);
	return (buf[k]);
}

bool
tap_put(const char *dir, const char *rel, const char *content, mode_t mode)
{
	char p[PATH_MAX];
	FILE *f;

	if ((size_t)snprintf(p, sizeof(p), "%s/%s", dir, rel) >= sizeof(p))
		return (tap_ok(false, __FILE__, __LINE__, "path too long: %s/%s",
		    dir, rel));
	for (char *s = p + strlen(dir) + 1; *s; s++)
		if (*s == '/') {
			*s = '\0';
			(void)mkdir(p, 0755);
			*s = '/';
		}
	if ((f = fopen(p, "w")) == NULL)
		return (tap_ok(false, __FILE__, __LINE__, "cannot write %s", p));
	fputs(content, f);
	if (fclose(f) != 0 || chmod(p, mode) != 0)
		return (tap_ok(false, __FILE__, __LINE__, "cannot write %s", p));
	return (true);
}
