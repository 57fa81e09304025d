/* SPDX-License-Identifier: BSD-2-Clause */
/* A libfoo.so.1 that also references an undefined *weak* symbol that no
 * object defines: rtld binds it to 0, so this must not fail the check. */
extern int maybe(void) __attribute__((weak));
int foo(void) { return maybe ? maybe() : 1; }
