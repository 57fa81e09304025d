/* SPDX-License-Identifier: BSD-2-Clause */
/* A program that exports host_cb() for libcb.so.1 (linked -E). */
#include <stdio.h>
int cb(void);
int host_cb(void) { return 41; }
int main(void) { printf("%d\n", cb()); return 0; }
