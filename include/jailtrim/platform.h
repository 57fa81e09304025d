/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * What a root is, decided once from the root's own evidence, and which
 * run-time linker rules apply to each object found in it.
 *
 * The operating system is FreeBSD when the root has /libexec/ld-elf.so.1,
 * else Linux (glibc).  The root's native ELF class and machine are those of
 * its own run-time linker or libc (ld-elf.so.1, libc.so.7; ld-linux*,
 * libc.so.6), not of the host.  A FreeBSD root's release comes from
 * /bin/freebsd-version, else from the NT_FREEBSD_ABI_TAG note of its
 * ld-elf.so.1 or libc.so.7; when neither says, the release is unknown and
 * jt_platform_info.release_from says so (the strictest rules are applied,
 * visibly).
 *
 * The rule sets (jt_ruleset) are the run-time linkers emulated:
 * rtld-elf for the root's native objects, rtld-elf's lib32 variant
 * (ld-elf32.so.1, /lib32:/usr/lib32, ld-elf32.so.hints, libmap32.conf)
 * for 32-bit objects inside a 64-bit FreeBSD root only, glibc's ld.so for
 * Linux roots, and glibc's ld.so under the Linux ABI layer's prefix
 * (/compat/linux by default) for Linux objects inside a FreeBSD root.
 */
#ifndef JAILTRIM_PLATFORM_H
#define JAILTRIM_PLATFORM_H

#include <limits.h>
#include <stdbool.h>
#include <stddef.h>

#include "jailtrim/elf.h"
#include "jailtrim/err.h"
#include "jailtrim/source.h"

/* The operating system of a root (and of the rules for its objects). */
enum jt_platform {
	JT_PLAT_AUTO = 0,	/* per object, from its ABI and interpreter */
	JT_PLAT_FREEBSD,
	JT_PLAT_GLIBC,
};

/* Where a FreeBSD root's release came from. */
enum jt_release_from {
	JT_RELEASE_UNKNOWN = 0,	/* no evidence: the strictest rules apply */
	JT_RELEASE_VERSION_FILE, /* /bin/freebsd-version */
	JT_RELEASE_ABI_NOTE,	/* NT_FREEBSD_ABI_TAG of ld-elf.so.1/libc.so.7 */
};

/* The rule sets of the run-time linkers emulated. */
enum jt_ruleset {
	JT_RULES_RTLD_ELF = 0,	/* FreeBSD rtld-elf, native objects */
	JT_RULES_RTLD_ELF32,	/* rtld-elf's lib32: 32-bit in a 64-bit root */
	JT_RULES_GLIBC,		/* glibc ld.so, Linux root */
	JT_RULES_GLIBC_COMPAT,	/* glibc ld.so under FreeBSD's Linux layer */
	JT_RULES_COUNT
};

struct jt_ruleset_desc {
	const char	*name;		/* "rtld-elf", "glibc", ... */
	enum jt_platform os;		/* whose rules */
	bool		 compat32;	/* the lib32 files and paths */
	bool		 prefixed;	/* looked up under linux_prefix first */
};

/* The table, indexed by enum jt_ruleset. */
extern const struct jt_ruleset_desc jt_rulesets[JT_RULES_COUNT];

struct jt_platform_info {
	enum jt_platform os;		/* JT_PLAT_FREEBSD or JT_PLAT_GLIBC */
	/* native class and machine; 0 when the root has no evidence */
	int		 elfclass;
	int		 machine;
	bool		 msb;
	char		 machine_from[PATH_MAX]; /* the file that told */
	/* FreeBSD release */
	char		 release[64];	/* "10.1-RELEASE", or "13.2" (note) */
	unsigned	 version;	/* __FreeBSD_version, 0 unknown */
	enum jt_release_from release_from;
	char		 release_file[PATH_MAX]; /* the file that told */
	/* FreeBSD's Linux ABI layer (compat.linux.emul_path) */
	char		 linux_prefix[PATH_MAX];
};

/*
 * Look at the root of src.  force (JT_PLAT_AUTO normally) imposes the
 * operating system; linux_prefix NULL means "/compat/linux".  A file that
 * is absent is no evidence; one that cannot be read is an error.
 */
int	jt_platform_detect(struct jt_platform_info *p, struct jt_source *src,
	    enum jt_platform force, const char *linux_prefix,
	    struct jt_err *err);

/*
 * The operating system alone, without reading any file (cheap): FreeBSD
 * when the root has /libexec/ld-elf.so.1.  jt_platform_detect() decides
 * the same way; readers that need no more (the service configurations)
 * use this rather than a test of their own.
 */
enum jt_platform jt_platform_os(struct jt_source *src);

/* The rule set for object e (NULL: unknown, the root's native rules). */
enum jt_ruleset jt_platform_rules(const struct jt_platform_info *p,
	    const struct jt_elf_info *e);

/* The machine's name as the platform calls it ("amd64", "aarch64"). */
const char *jt_platform_machine_name(int machine, int elfclass);

/*
 * Whether a program for e can run on this root (its machine, or the
 * 32-bit machine a 64-bit kernel also runs).  When it cannot, why says
 * "cannot run on this root: aarch64 program, amd64 root".  An unknown
 * root machine runs everything.
 */
bool	jt_platform_can_run(const struct jt_platform_info *p,
	    const struct jt_elf_info *e, char *why, size_t len);

#endif
