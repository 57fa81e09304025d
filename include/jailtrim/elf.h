/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * ELF facts of one object, parsed with libelf/gelf from a memory buffer
 * (archive members need no temporary file).  Only what the run-time linker
 * looks at is kept: class, byte order, machine, OS ABI, type, PT_INTERP,
 * the dynamic section, symbol versions and dynamic symbols.
 */
#ifndef JAILTRIM_ELF_H
#define JAILTRIM_ELF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "jailtrim/err.h"

struct jt_elf;

enum jt_abi {
	JT_ABI_UNKNOWN = 0,
	JT_ABI_FREEBSD,		/* EI_OSABI 9 or a FreeBSD ABI note */
	JT_ABI_LINUX,		/* EI_OSABI 3, a GNU ABI note or ld-linux */
};

/* A symbol version another object must define (DT_VERNEED). */
struct jt_elf_vneed {
	const char	*file;		/* the needed object's SONAME */
	const char	*name;		/* version name, e.g. FBSD_1.3 */
	bool		 weak;		/* VER_FLG_WEAK */
};

struct jt_elf_sym {
	const char	*name;
	const char	*version;	/* NULL when unversioned */
	const char	*vfile;		/* undefined: file of the version */
	uint64_t	 hash;		/* jt_hash of name */
	bool		 defined;
	bool		 weak;		/* STB_WEAK */
	bool		 hidden;	/* defined under a non-default version */
};

struct jt_elf_info {
	int		  elfclass;	/* 32 or 64 */
	int		  msb;		/* 1 for big-endian */
	int		  machine;	/* e_machine */
	int		  osabi;	/* EI_OSABI */
	int		  type;		/* e_type */
	enum jt_abi	  abi;
	uint32_t	  abi_version;	/* __FreeBSD_version from the note */
	bool		  dynamic;	/* has a dynamic section */
	const char	 *interp;	/* PT_INTERP or NULL */
	const char	 *soname;	/* DT_SONAME or NULL */
	const char	 *rpath;	/* DT_RPATH or NULL */
	const char	 *runpath;	/* DT_RUNPATH or NULL */
	uint64_t	  flags;	/* DT_FLAGS */
	uint64_t	  flags_1;	/* DT_FLAGS_1 */
	const char	**needed;	/* DT_NEEDED in order */
	size_t		  nneeded;
	const struct jt_elf_vneed *vneed;
	size_t		  nvneed;
	const char	**vdef;		/* version names defined (not the base) */
	size_t		  nvdef;
	const struct jt_elf_sym *syms;	/* dynamic symbols, index 0 omitted */
	size_t		  nsyms;
	bool		  syms_known;	/* false: no section headers (sstrip),
					   symbols and versions unknown */
};

/* True when buf starts with the ELF magic. */
bool	jt_elf_is_elf(const void *buf, size_t len);

/*
 * Parse buf (len bytes).  buf must stay valid and unchanged until
 * jt_elf_free(); name is used in error messages only.  Truncated or
 * inconsistent objects fail with JT_EFORMAT naming the problem.
 */
int	jt_elf_open_mem(struct jt_elf **out, void *buf, size_t len,
	    const char *name, struct jt_err *err);
void	jt_elf_free(struct jt_elf *e);

const struct jt_elf_info *jt_elf_info(const struct jt_elf *e);

/* "amd64", "i386", "arm64", ... (FreeBSD's MACHINE_ARCH for $PLATFORM). */
const char *jt_elf_machine_name(int machine, int elfclass);

#endif
