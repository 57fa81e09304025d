/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * A small shared object for fuzz_elf's seed: symbols, a version script's
 * worth of dynamic entries, NEEDED, SONAME and RUNPATH, built with the
 * suite so that no ELF file is checked in.
 */
int	jt_seed_data = 42;

int	jt_seed_fn(int x);

int
jt_seed_fn(int x)
{
	return (x + jt_seed_data);
}
