#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# A program for another machine (issue 11 §3): an aarch64 executable,
# static or dynamic, in an amd64 FreeBSD root (its machine is that of its
# own ld-elf.so.1) cannot run there.  deps reports it, build refuses to
# write the jail and verify fails, each saying "cannot run on this root:
# aarch64 program, amd64 root".  An i386 program in the same root is not
# such a case (the amd64 kernel runs it), nor is a Linux root's program
# checked against the host.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib_platform.sh"

plat_dir platform_machine
R=$PD/root
MSG='cannot run on this root: aarch64 program, amd64 root'
lib_fbsd x86_64 rtld.so "" _rtld_stub 1302000
lib_fbsd x86_64 libc.so.7 libc.so.7 c_stub 1302000
lib_fbsd aarch64 libfoo-a64.so.1 libfoo.so.1 foo
cc_fbsd aarch64 astatic -static -DFN=main "$PD/src/prog.c" \
    -Wl,--defsym=main=_start
cc_fbsd aarch64 adyn -DFN=foo -Wl,-dynamic-linker,/libexec/ld-elf.so.1 \
    "$PD/src/prog.c" "$PD/obj/libfoo-a64.so.1"
inroot "$R" rtld.so /libexec/ld-elf.so.1
inroot "$R" libc.so.7 /lib/libc.so.7
inroot "$R" astatic /usr/bin/astatic

expect 3 jt deps -s "$R" -f list /usr/bin/astatic
assert_grep "/usr/bin/astatic: $MSG" "$ERR"
expect 3 jt deps -s "$R" -f json /usr/bin/astatic
assert_grep '"kind":"machine"' "$OUT"
expect 3 jt build -s "$R" -i /usr/bin/astatic -o "$PD/out"
assert_grep "$MSG" "$ERR"
[ ! -e "$PD/out" ] || fail "build wrote a jail that cannot run"
expect 3 jt verify "$R"
assert_grep "$MSG" "$ERR"

# Dynamic, with its library in place: still another machine.
R=$PD/root2
inroot "$R" rtld.so /libexec/ld-elf.so.1
inroot "$R" libc.so.7 /lib/libc.so.7
inroot "$R" adyn /usr/bin/adyn
inroot "$R" libfoo-a64.so.1 /usr/lib/libfoo.so.1
expect 3 jt deps -s "$R" -f list /usr/bin/adyn
assert_grep "/usr/bin/adyn: $MSG" "$ERR"

# The root itself, without the foreign program, verifies clean.
R=$PD/root3
inroot "$R" rtld.so /libexec/ld-elf.so.1
inroot "$R" libc.so.7 /lib/libc.so.7
expect 0 jt verify "$R"
echo PASS
