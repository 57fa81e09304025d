/* SPDX-License-Identifier: BSD-2-Clause */
/* A program needing only libmid.so.1 (and libc.so.7); libfoo.so.1 is
 * reached only as libmid's dependency. */
#include <stdio.h>
int mid(void);
int main(void) { printf("%d\n", mid()); return 0; }
