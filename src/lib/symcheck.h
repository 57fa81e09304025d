/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The load-time checks of a run-time linker with immediate binding:
 * every needed version is defined by the object that provides its file,
 * and every undefined non-weak symbol is defined somewhere in the process.
 */
#ifndef JT_SYMCHECK_H
#define JT_SYMCHECK_H

#include "jailtrim/resolve.h"

struct sc_defs;				/* a hash of defined symbols */

struct sc_member {
	const struct jt_elf_info *elf;
	struct sc_defs	**defs;		/* cache slot, built on first use */
	const char *const *names;	/* SONAME and load names */
	size_t		  nnames;
	int		  node;		/* index into the closure's deps */
	bool		  freebsd;	/* rtld-elf rules, else glibc */
};

typedef int sc_report_fn(void *arg, enum jt_symerr_kind kind, int object,
    const char *symbol, const char *version, const char *file, int provider);

/*
 * m[0..n) in load order.  program: a whole process (undefined symbols are
 * checked); otherwise an object analysed alone, which may leave symbols
 * to whatever loads it, so only versions are checked.
 */
int	symcheck_run(struct sc_member *m, size_t n, bool program,
	    sc_report_fn *fn, void *arg);
void	sc_defs_free(struct sc_defs *d);

#endif
