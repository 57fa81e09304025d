/* SPDX-License-Identifier: BSD-2-Clause */
/* libcb.so.1 calls back into the executable (like an Apache module calling
 * httpd): host_cb is defined only by the program's dynamic exports. */
int host_cb(void);
int cb(void) { return host_cb() + 1; }
