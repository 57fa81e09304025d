/* SPDX-License-Identifier: BSD-2-Clause */
/* libfoo.so.1 and its stand-ins (libbar.so.1, libqux.so.1, and their 32-bit
 * copies): each defines foo(), so whichever of them rtld picks satisfies
 * the programs' symbol references.  Which file was picked is told apart by
 * its path in the closure, not by its contents. */
int foo(void) { return 1; }
