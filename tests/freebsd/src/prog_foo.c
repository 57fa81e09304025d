/* SPDX-License-Identifier: BSD-2-Clause */
/* A program needing libfoo.so.1 (and libc.so.7) and using foo(). */
#include <stdio.h>
int foo(void);
int main(void) { printf("%d\n", foo()); return 0; }
