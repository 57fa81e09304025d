/* SPDX-License-Identifier: BSD-2-Clause */
/* Stand-in for the 32-bit /libexec/ld-elf32.so.1 (lib32 is not in the
 * base): any i386 shared object will do for the closure, but it must not
 * look like one of the test libraries, so it gets its own DT_SONAME (the
 * real ld-elf.so.1 has none) and defines nothing the programs use. */
int _jt_rtld32_stub(void) { return 0; }
