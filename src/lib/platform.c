/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * What a root is (jailtrim/platform.h): its operating system, native
 * class and machine, and FreeBSD release, each from a file of the root.
 * References: freebsd-runtime.md §1.1 (the kernel runs PT_INTERP inside
 * the root), §1.4 and §8 (the release decides the $ORIGIN rule);
 * sys/amd64/ia32/ia32_sysvec.c (a 64-bit kernel runs 32-bit programs
 * through ld-elf32.so.1); FreeBSD's linux_emul_path (compat.linux).
 */
#include <stdio.h>
#include <string.h>

#include <gelf.h>

#include "jailtrim/platform.h"
#include "util.h"

const struct jt_ruleset_desc jt_rulesets[JT_RULES_COUNT] = {
	[JT_RULES_RTLD_ELF] = { "rtld-elf", JT_PLAT_FREEBSD, false, false },
	[JT_RULES_RTLD_ELF32] = { "rtld-elf lib32", JT_PLAT_FREEBSD, true,
	    false },
	[JT_RULES_GLIBC] = { "glibc ld.so", JT_PLAT_GLIBC, false, false },
	[JT_RULES_GLIBC_COMPAT] = { "glibc ld.so under the Linux ABI layer",
	    JT_PLAT_GLIBC, false, true },
};

/* Each root's own linker first: it is what the kernel runs. */
static const char *const fbsd_evidence[] = {
	"/libexec/ld-elf.so.1", "/lib/libc.so.7", NULL };
/* glibc's dynamic linkers, 64-bit names before 32-bit ones (a multilib
 * root has both; the 64-bit one is native). */
static const char *const linux_evidence[] = {
	"/lib64/ld-linux-x86-64.so.2", "/lib/ld-linux-aarch64.so.1",
	"/lib64/ld64.so.2", "/lib/ld-linux-riscv64-lp64d.so.1",
	"/lib/ld64.so.1", "/lib/ld-linux-armhf.so.3", "/lib/ld-linux.so.3",
	"/lib/ld-linux.so.2", NULL };

const char *
jt_platform_machine_name(int machine, int elfclass)
{
	/* MACHINE_ARCH, as in the wording and uname -p. */
	if (machine == EM_AARCH64)
		return ("aarch64");
	return (jt_elf_machine_name(machine, elfclass));
}

/*
 * The parsed ELF header and notes of path, or *found false when the file
 * is absent or not an object (no evidence).  Only a real read error (or
 * out of memory) is an error.
 */
struct evidence {
	int		 elfclass, machine;
	bool		 msb;
	unsigned	 abi_version;
};

static int
look(struct jt_source *src, const char *path, struct evidence *out,
    bool *found, struct jt_err *err)
{
	struct jt_elf *elf;
	struct jt_err e;
	void *buf;
	size_t len;
	int rc;

	*found = false;
	if ((rc = jt_source_read_file(src, path, &buf, &len, &e)) != 0) {
		if (rc == JT_EIO || rc == JT_ENOMEM) {
			if (err != NULL)
				*err = e;
			return (rc);
		}
		return (0);
	}
	if (!jt_elf_is_elf(buf, len))
		return (0);
	if ((rc = jt_elf_open_mem(&elf, buf, len, path, &e)) != 0)
		return (rc == JT_ENOMEM ? jt_err_set(err, rc, 0, path,
		    "out of memory") : 0);
	out->elfclass = jt_elf_info(elf)->elfclass;
	out->machine = jt_elf_info(elf)->machine;
	out->msb = jt_elf_info(elf)->msb;
	out->abi_version = jt_elf_info(elf)->abi_version;
	jt_elf_free(elf);
	*found = true;
	return (0);
}

/* USERLAND_VERSION="10.1-RELEASE" from /bin/freebsd-version. */
static int
version_file(struct jt_platform_info *p, struct jt_source *src,
    struct jt_err *err)
{
	const char *file = "/bin/freebsd-version", *s, *end;
	struct jt_err e;
	unsigned maj = 0, min = 0;
	void *buf;
	size_t len;
	int rc;

	if ((rc = jt_source_read_file(src, file, &buf, &len, &e)) != 0) {
		if (rc == JT_EIO || rc == JT_ENOMEM) {
			if (err != NULL)
				*err = e;
			return (rc);
		}
		return (0);
	}
	if ((s = memmem(buf, len, "USERLAND_VERSION=\"", 18)) == NULL)
		return (0);
	s += 18;
	end = memchr(s, '"', len - (size_t)(s - (char *)buf));
	if (end == NULL || (size_t)(end - s) >= sizeof(p->release))
		return (0);
	memcpy(p->release, s, (size_t)(end - s));
	p->release[end - s] = '\0';
	if (sscanf(p->release, "%u.%u", &maj, &min) == 2)
		p->version = maj * 100000 + min * 1000;
	p->release_from = JT_RELEASE_VERSION_FILE;
	snprintf(p->release_file, sizeof(p->release_file), "%s", file);
	return (0);
}

static int
detect_freebsd(struct jt_platform_info *p, struct jt_source *src,
    struct jt_err *err)
{
	struct evidence in;
	unsigned note = 0;
	const char *note_file = NULL;
	bool found;
	int rc;

	for (size_t i = 0; fbsd_evidence[i] != NULL &&
	    (p->machine == 0 || note == 0); i++) {
		if ((rc = look(src, fbsd_evidence[i], &in, &found, err)) != 0)
			return (rc);
		if (!found)
			continue;
		if (p->machine == 0) {
			p->elfclass = in.elfclass;
			p->machine = in.machine;
			p->msb = in.msb;
			snprintf(p->machine_from, sizeof(p->machine_from), "%s",
			    fbsd_evidence[i]);
		}
		if (note == 0 && in.abi_version != 0) {
			note = in.abi_version;
			note_file = fbsd_evidence[i];
		}
	}
	if ((rc = version_file(p, src, err)) != 0)
		return (rc);
	if (p->release_from == JT_RELEASE_UNKNOWN && note != 0) {
		/* __FreeBSD_version: MMmmXXX ("1302001" is 13.2). */
		p->version = note;
		snprintf(p->release, sizeof(p->release), "%u.%u",
		    note / 100000, note / 1000 % 100);
		p->release_from = JT_RELEASE_ABI_NOTE;
		snprintf(p->release_file, sizeof(p->release_file), "%s",
		    note_file);
	}
	return (0);
}

static int
detect_linux(struct jt_platform_info *p, struct jt_source *src,
    struct jt_err *err)
{
	struct evidence in;
	bool found;
	int rc;

	for (size_t i = 0; linux_evidence[i] != NULL; i++) {
		if ((rc = look(src, linux_evidence[i], &in, &found, err)) != 0)
			return (rc);
		if (found) {
			p->elfclass = in.elfclass;
			p->machine = in.machine;
			p->msb = in.msb;
			snprintf(p->machine_from, sizeof(p->machine_from), "%s",
			    linux_evidence[i]);
			break;
		}
	}
	return (0);
}

/*
 * A root with FreeBSD's rtld is a FreeBSD root; so is one without any
 * run-time linker but with FreeBSD's password database (a jail of files
 * and scripts only, as build writes it): glibc has no spwd.db.
 */
enum jt_platform
jt_platform_os(struct jt_source *src)
{
	struct jt_stat st;
	struct jt_err e;

	if (jt_source_lstat(src, "/libexec", &st, &e) == 0 &&
	    jt_source_lstat(src, "/libexec/ld-elf.so.1", &st, &e) == 0)
		return (JT_PLAT_FREEBSD);
	return (jt_source_lstat(src, "/etc/spwd.db", &st, &e) == 0 &&
	    jt_source_lstat(src, "/etc/master.passwd", &st, &e) == 0 &&
	    jt_source_lstat(src, "/lib64", &st, &e) != 0 ?
	    JT_PLAT_FREEBSD : JT_PLAT_GLIBC);
}

int
jt_platform_detect(struct jt_platform_info *p, struct jt_source *src,
    enum jt_platform force, const char *linux_prefix, struct jt_err *err)
{
	int rc;

	memset(p, 0, sizeof(*p));
	if (linux_prefix == NULL)
		linux_prefix = "/compat/linux";
	if (strlen(linux_prefix) >= sizeof(p->linux_prefix) ||
	    linux_prefix[0] != '/')
		return (jt_err_set(err, JT_EINVAL, 0, linux_prefix,
		    "the Linux ABI prefix must be an absolute path"));
	snprintf(p->linux_prefix, sizeof(p->linux_prefix), "%s",
	    strcmp(linux_prefix, "/") == 0 ? "" : linux_prefix);
	p->os = force != JT_PLAT_AUTO ? force : jt_platform_os(src);
	rc = p->os == JT_PLAT_FREEBSD ? detect_freebsd(p, src, err) :
	    detect_linux(p, src, err);
	return (rc);
}

enum jt_ruleset
jt_platform_rules(const struct jt_platform_info *p, const struct jt_elf_info *e)
{
	if (p->os == JT_PLAT_FREEBSD) {
		if (e != NULL && e->abi == JT_ABI_LINUX)
			return (JT_RULES_GLIBC_COMPAT);
		/* lib32 only for 32-bit objects of a 64-bit (or unknown)
		 * root: a native i386 root's programs use ld-elf.so.1. */
		if (e != NULL && e->elfclass == 32 && p->elfclass != 32)
			return (JT_RULES_RTLD_ELF32);
		return (JT_RULES_RTLD_ELF);
	}
	if (e != NULL && e->abi == JT_ABI_FREEBSD)
		return (e->elfclass == 32 && p->elfclass != 32 ?
		    JT_RULES_RTLD_ELF32 : JT_RULES_RTLD_ELF);
	return (JT_RULES_GLIBC);
}

/* The 32-bit machine a 64-bit kernel also runs (COMPAT_FREEBSD32,
 * CONFIG_COMPAT), or 0. */
static int
companion32(int machine)
{
	switch (machine) {
	case EM_X86_64:		return (EM_386);
	case EM_AARCH64:	return (EM_ARM);
	case EM_PPC64:		return (EM_PPC);
	}
	return (0);
}

bool
jt_platform_can_run(const struct jt_platform_info *p,
    const struct jt_elf_info *e, char *why, size_t len)
{
	if (p->machine == 0 || e == NULL || e->machine == p->machine ||
	    (p->elfclass == 64 && e->elfclass == 32 &&
	    e->machine == companion32(p->machine)))
		return (true);
	if (why != NULL)
		snprintf(why, len, "cannot run on this root: %s program, "
		    "%s root", jt_platform_machine_name(e->machine,
		    e->elfclass), jt_platform_machine_name(p->machine,
		    p->elfclass));
	return (false);
}
