/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * NSS modules are dlopen()ed by name, so a FreeBSD root's modules are
 * found by rtld-elf's own search (issue 11 §3): here a module in a
 * directory named only by /var/run/ld-elf.so.hints, which a fixed list of
 * /lib, /usr/lib and /usr/local/lib misses.  Also the rule-set table and
 * the machine check of platform.h on synthetic headers.
 */
#include <elf.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>

#include "jailtrim/platform.h"
#include "jailtrim/svcconf.h"
#include "tap.h"

static char tmp[] = "/tmp/jt-test-platform-XXXXXX";

static void
put(const char *rel, const void *data, size_t len)
{
	char p[PATH_MAX];
	FILE *f;

	snprintf(p, sizeof(p), "%s/%s", tmp, rel);
	for (char *s = p + strlen(tmp) + 1; *s; s++)
		if (*s == '/') {
			*s = '\0';
			(void)mkdir(p, 0755);
			*s = '/';
		}
	if ((f = fopen(p, "w")) == NULL) {
		perror(p);
		exit(1);
	}
	fwrite(data, 1, len, f);
	fclose(f);
}

static void
puts_(const char *rel, const char *s)
{
	put(rel, s, strlen(s));
}

/* A hints file as ldconfig writes it (freebsd-runtime.md §1.6). */
static void
put_hints(const char *rel, const char *list)
{
	unsigned char buf[512] = { 0 };
	uint32_t h[6] = { 0x746e6845, 1, 128, 0, 0, 0 };
	size_t n = strlen(list);

	h[3] = (uint32_t)n + 1;
	h[5] = (uint32_t)n;
	memcpy(buf, h, sizeof(h));	/* host order: little-endian here */
	memcpy(buf + 128, list, n + 1);
	put(rel, buf, 128 + n + 1);
}

static bool
has_object(const struct jt_svcconf *sc, const char *path)
{
	const struct jt_svc_item *it;
	size_t n;

	it = jt_svcconf_items(sc, &n);
	for (size_t i = 0; i < n; i++)
		if (it[i].kind == JT_SVC_OBJECT && strcmp(it[i].path, path) == 0)
			return (true);
	return (false);
}

static void
test_nss_hints(void)
{
	struct jt_svcconf *sc;
	struct jt_source *s;
	struct jt_err err = { 0 };
	char root[PATH_MAX];
	size_t np;

	puts_("fb/libexec/ld-elf.so.1", "not parsed here");
	puts_("fb/lib/.keep", "");
	puts_("fb/usr/lib/.keep", "");
	puts_("fb/etc/nsswitch.conf", "passwd: files ldap\n");
	puts_("fb/opt/nss/nss_ldap.so.1", "module");
	put_hints("fb/var/run/ld-elf.so.hints", "/lib:/usr/lib:/opt/nss");
	snprintf(root, sizeof(root), "%s/fb", tmp);
	if (jt_source_new(&s, &err) != 0 || jt_source_add(s, root, &err) != 0 ||
	    jt_svcconf_new(&sc, &err) != 0) {
		ok(false, "open %s: %s", root, err.msg);
		return;
	}
	ok(jt_svcconf_nss(sc, s, JT_PLAT_AUTO, &err) == 0, "NSS read: %s",
	    err.msg);
	ok(has_object(sc, "/opt/nss/nss_ldap.so.1"),
	    "nss_ldap.so.1 found through the hints, as rtld finds it");
	(void)jt_svcconf_problems(sc, &np);
	ok(np == 0, "no problem reported (%zu)", np);
	jt_svcconf_free(sc);
	jt_source_free(s);
}

static void
test_rules(void)
{
	struct jt_platform_info p = { .os = JT_PLAT_FREEBSD, .elfclass = 32,
	    .machine = EM_386 };
	struct jt_elf_info e32 = { .elfclass = 32, .machine = EM_386,
	    .abi = JT_ABI_FREEBSD };
	struct jt_elf_info a64 = { .elfclass = 64, .machine = EM_AARCH64,
	    .abi = JT_ABI_FREEBSD };
	struct jt_elf_info lx = { .elfclass = 64, .machine = EM_X86_64,
	    .abi = JT_ABI_LINUX };
	char why[128] = "";

	ok(jt_platform_rules(&p, &e32) == JT_RULES_RTLD_ELF,
	    "i386 object in an i386 root: native rtld-elf rules");
	p.elfclass = 64;
	p.machine = EM_X86_64;
	ok(jt_platform_rules(&p, &e32) == JT_RULES_RTLD_ELF32,
	    "i386 object in an amd64 root: lib32 rules");
	ok(jt_platform_rules(&p, &lx) == JT_RULES_GLIBC_COMPAT &&
	    jt_rulesets[JT_RULES_GLIBC_COMPAT].prefixed,
	    "Linux object in a FreeBSD root: glibc under the prefix");
	ok(jt_platform_can_run(&p, &e32, why, sizeof(why)),
	    "an amd64 root runs i386 programs");
	ok(!jt_platform_can_run(&p, &a64, why, sizeof(why)) &&
	    strcmp(why, "cannot run on this root: aarch64 program, "
	    "amd64 root") == 0, "aarch64 in amd64: '%s'", why);
}

int
main(void)
{
	char cmd[PATH_MAX + 16];

	if (mkdtemp(tmp) == NULL)
		tap_skip_all("mkdtemp failed");
	test_nss_hints();
	test_rules();
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmp);
	if (system(cmd) != 0)
		printf("# could not remove %s\n", tmp);
	return (tap_done());
}
