#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# What glibc loads with no DT_NEEDED to say so: libc dlopen()s
# libgcc_s.so.1 when a thread exits (pthread_exit) and aborts without it
# ("libgcc_s.so.1 must be installed for pthread_exit to work") -- Debian's
# apache2 children died that way in a jail, at random, under load.  A
# program whose process imports pthread_exit gets libgcc_s.so.1 (deps
# lists it under libc.so.6, build copies it) and runs in its jail; a
# program that does not import it does not get it.
. "$(dirname "$0")/lib.sh"

[ "$(uname -s)" = Linux ] || skip "not a Linux host"
command -v cc >/dev/null || skip "no C compiler"
W=$JT_TEST_WORK/build_glibc_gcc_s
rm -rf "$W" && mkdir -p "$W/opt" || fail mkdir
cat >"$W/t.c" <<'EOC' || fail source
#include <pthread.h>
#include <stdio.h>
static void *run(void *a) { (void)a; pthread_exit(NULL); return (NULL); }
int main(void) {
	pthread_t t;
	if (pthread_create(&t, NULL, run, NULL) != 0 ||
	    pthread_join(t, NULL) != 0)
		return (1);
	puts("thread exited");
	return (0);
}
EOC
printf '#include <stdio.h>\nint main(void) { puts("plain"); return 0; }\n' \
    >"$W/p.c" || fail source
cc -O1 -o "$W/opt/texit" "$W/t.c" -pthread || fail "cc t.c"
cc -O1 -o "$W/opt/plain" "$W/p.c" || fail "cc p.c"
# The programs must not name libgcc_s themselves (else nothing is tested).
if readelf -d "$W/opt/texit" 2>/dev/null | grep -q 'libgcc_s'; then
	skip "this compiler links libgcc_s.so.1 into the program itself"
fi
gcc_s=$(readlink -f "$(ldconfig -p | awk '/libgcc_s.so.1 .*x86-64/ { print $NF; exit }')")
[ -f "$gcc_s" ] || skip "no 64-bit libgcc_s.so.1 in ldconfig -p"

# deps: libgcc_s.so.1 under libc.so.6, not under the plain program.
expect_exit 0 jt deps -s / "$W/opt/texit"
assert_grep '^        libgcc_s.so.1 => ' "$OUT"
expect_exit 0 jt deps -s / -f list "$W/opt/texit"
grep -Fxq "$gcc_s" "$OUT" || fail "deps -f list: $gcc_s not listed"
expect_exit 0 jt deps -s / "$W/opt/plain"
grep -q 'libgcc_s' "$OUT" && fail "plain program: libgcc_s.so.1 listed"

# build: the jail holds it and (root) the program runs there.
expect_exit 0 jt build -q -s / -i "$W/opt/texit" -i "$W/opt/plain" \
    -o "$W/jail"
[ -f "$W/jail$gcc_s" ] || fail "jail: $gcc_s not written"
if [ "$(id -u)" -eq 0 ]; then
	out=$(chroot "$W/jail" "$W/opt/texit" 2>&1) ||
	    fail "texit in its jail: $out"
	[ "$out" = "thread exited" ] || fail "texit in its jail said: $out"
else
	note "not root: the programs are not run in their jail"
fi
expect_exit 0 jt verify "$W/jail"
exit 0
