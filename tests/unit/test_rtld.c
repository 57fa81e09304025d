/* SPDX-License-Identifier: BSD-2-Clause */
/* Parsers and helpers behind the rtld rules: libmap, hints, $ORIGIN. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rtld.h"
#include "tap.h"

static void
test_libmap(void)
{
	const char conf[] =
	    "# comment\n"
	    "libfoo.so.1   libbar.so.1   # global\n"
	    "/usr/lib/private /usr/lib32/private\n"
	    "[/usr/bin/prog]\n"
	    "libz.so.6 libz-prog.so.6\n"
	    "[ sshd ]\n"
	    "libc.so.7 libc-sshd.so.7\n"
	    "[/opt/]\n"
	    "libm.so.5 libm-opt.so.5\n"
	    "malformed-single-word\n";
	struct libmap *lm = libmap_new();

	ok(libmap_parse_buf(lm, conf, sizeof(conf) - 1) == 0, "parses");
	ok(libmap_find(lm, "/bin/ls", "libfoo.so.1") != NULL &&
	    strcmp(libmap_find(lm, "/bin/ls", "libfoo.so.1"), "libbar.so.1")
	    == 0, "global mapping");
	ok(libmap_find(lm, NULL, "/usr/lib/private") != NULL,
	    "directory mapping in the default scope");
	ok(libmap_find(lm, "/usr/bin/prog", "libz.so.6") != NULL &&
	    libmap_find(lm, "/usr/bin/other", "libz.so.6") == NULL,
	    "exact [/path] constraint applies to that object only");
	ok(libmap_find(lm, "/usr/sbin/sshd", "libc.so.7") != NULL &&
	    libmap_find(lm, "/usr/sbin/sshd2", "libc.so.7") == NULL,
	    "[basename] constraint");
	ok(libmap_find(lm, "/opt/x/y", "libm.so.5") != NULL &&
	    libmap_find(lm, "/optx/y", "libm.so.5") == NULL,
	    "[/dir/] prefix constraint");
	ok(libmap_find(lm, "/bin/ls", "malformed-single-word") == NULL,
	    "a line with one word maps nothing");
	libmap_free(lm);
}

static size_t
mkhints(unsigned char *b, const char *list, unsigned magic, unsigned version)
{
	unsigned hdr[32] = { magic, version, 128, (unsigned)strlen(list) + 1,
	    0, (unsigned)strlen(list) };

	memcpy(b, hdr, 128);	/* host order, as ldconfig writes it */
	memcpy(b + 128, list, strlen(list) + 1);
	return (128 + strlen(list) + 1);
}

static void
test_hints(void)
{
	unsigned char b[512];
	struct jt_strv dirs = { 0 };
	size_t n;

	n = mkhints(b, "/lib:/usr/lib:/usr/local/lib", 0x746e6845, 1);
	ok(n == 157, "the facts sheet's example is 157 bytes");
	ok(hints_parse(b, n, &dirs) && dirs.n == 3 &&
	    strcmp(dirs.v[2], "/usr/local/lib") == 0, "three directories");
	strv_free(&dirs);
	n = mkhints(b, "/lib", 0x746e6846, 1);
	ok(!hints_parse(b, n, &dirs), "bad magic ignored, as rtld does");
	n = mkhints(b, "/lib", 0x746e6845, 2);
	ok(!hints_parse(b, n, &dirs), "version 2 ignored");
	n = mkhints(b, "/lib:/usr/lib", 0x746e6845, 1);
	ok(!hints_parse(b, 100, &dirs), "truncated header");
	((unsigned *)b)[5] = 0x7fffffff;
	ok(!hints_parse(b, n, &dirs), "directory list past the end");
	strv_free(&dirs);
}

static void
test_dst(void)
{
	struct dst_values v = { .origin = "/usr/local/bin", .osname = "FreeBSD",
	    .osrel = "10.1-RELEASE", .platform = "amd64" };
	char out[256];

	ok(dst_expand(out, sizeof(out), "$ORIGIN/../lib", &v) &&
	    strcmp(out, "/usr/local/bin/../lib") == 0, "$ORIGIN: %s", out);
	ok(dst_expand(out, sizeof(out), "/x/$OSNAME/$OSREL/$PLATFORM", &v) &&
	    strcmp(out, "/x/FreeBSD/10.1-RELEASE/amd64") == 0, "%s", out);
	ok(dst_expand(out, sizeof(out), "${ORIGIN}/l", &v) &&
	    strcmp(out, "${ORIGIN}/l") == 0,
	    "rtld-elf has no ${ORIGIN} form: %s", out);
	v.braces = true;
	ok(dst_expand(out, sizeof(out), "${ORIGIN}/l", &v) &&
	    strcmp(out, "/usr/local/bin/l") == 0, "glibc's ${ORIGIN}");
	ok(dst_expand(out, sizeof(out), "$ORIGINS", &v) &&
	    strcmp(out, "$ORIGINS") == 0, "no partial token");
	ok(!dst_expand(out, 8, "$ORIGIN/../lib", &v), "overflow refused");
}

int
main(void)
{
	test_libmap();
	test_hints();
	test_dst();
	return (tap_done());
}
