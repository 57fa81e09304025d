/* SPDX-License-Identifier: BSD-2-Clause */
/* libmid.so.1: a library that itself needs libfoo.so.1.  Used to show which
 * search paths apply to a *library's* dependency (its own RUNPATH, the main
 * program's RPATH, its own $ORIGIN, its own NODEFLIB, libmap constraints
 * matched against the library's path). */
int foo(void);
int mid(void) { return foo() + 1; }
