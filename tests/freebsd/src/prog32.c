/* SPDX-License-Identifier: BSD-2-Clause */
/* A freestanding 32-bit FreeBSD program needing libfoo.so.1.  It is never
 * run; it only has to be a well-formed dynamic i386 executable. */
int foo(void);
void _start(void)
{
	volatile int r = foo();
	(void)r;
	for (;;)
		;
}
