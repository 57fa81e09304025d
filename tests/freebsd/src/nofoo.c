/* SPDX-License-Identifier: BSD-2-Clause */
/* A libfoo.so.1 that lacks foo(): the program still finds a library of the
 * right name, so only the symbol check can notice the difference. */
int other(void) { return 2; }
