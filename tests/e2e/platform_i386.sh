#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# A native i386 FreeBSD root (issue 11 §3): its programs run under
# /libexec/ld-elf.so.1 as written (an i386 kernel has no ia32 brand to
# rewrite PT_INTERP to ld-elf32.so.1), search /lib:/usr/lib and read
# /var/run/ld-elf.so.hints and /etc/libmap.conf.  The root's native class
# comes from its own ld-elf.so.1.  The lib32 rules stay for 32-bit
# programs in a 64-bit root (rtld_32bit.sh); this checks both sides.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib_platform.sh"

plat_dir platform_i386
R=$PD/i386root
lib_fbsd i386 rtld.so "" _rtld_stub 1302000
lib_fbsd i386 libc.so.7 libc.so.7 c_stub
lib_fbsd i386 libfoo.so.1 libfoo.so.1 foo
cc_fbsd i386 prog -DFN=foo -Wl,-dynamic-linker,/libexec/ld-elf.so.1 \
    "$PD/src/prog.c" "$PD/obj/libfoo.so.1" "$PD/obj/libc.so.7"
inroot "$R" rtld.so /libexec/ld-elf.so.1
inroot "$R" libc.so.7 /lib/libc.so.7
inroot "$R" libfoo.so.1 /usr/lib/libfoo.so.1
inroot "$R" prog /usr/bin/prog

# Resolves with exit 0: ld-elf.so.1, /lib, /usr/lib.
expect 0 jt deps -s "$R" -f list /usr/bin/prog
printf '%s\n' /lib/libc.so.7 /libexec/ld-elf.so.1 /usr/bin/prog \
    /usr/lib/libfoo.so.1 >"$PD/want"
cmp -s "$PD/want" "$OUT" || { diff "$PD/want" "$OUT" >&2; cat "$ERR" >&2;
    fail "native i386 closure differs"; }

# The whole root checks clean (no program "unresolved").
expect 0 jt deps -s "$R" --all -f list

# The native hints file is the one read: libfoo moved to /opt/lib, named
# by /var/run/ld-elf.so.hints (not the ld-elf32 one).
R2=$PD/i386hints
cp -a "$R" "$R2" && mkdir -p "$R2/opt/lib" && mkdir -p "$R2/var/run" &&
    mv "$R2/usr/lib/libfoo.so.1" "$R2/opt/lib/" || fail "copy root"
OV=$R2
write_hints_native() {
	_len=${#2}
	_le() { printf '\\%03o\\%03o\\%03o\\%03o' $(($1 & 255)) \
	    $((($1 >> 8) & 255)) $((($1 >> 16) & 255)) $((($1 >> 24) & 255)); }
	_h=$(_le 0x746e6845)$(_le 1)$(_le 128)$(_le $((_len + 1)))$(_le 0)$(_le "$_len")
	_i=0
	while [ $_i -lt 26 ]; do _h=$_h$(_le 0); _i=$((_i + 1)); done
	{ printf "$_h"; printf '%s\0' "$2"; } >"$R2$1" || fail "hints"
}
write_hints_native /var/run/ld-elf.so.hints /lib:/usr/lib:/opt/lib
expect 0 jt deps -s "$R2" -f list /usr/bin/prog
assert_grep '^/opt/lib/libfoo\.so\.1$' "$OUT"

# A 32-bit program in a 64-bit root still gets the lib32 rules: the same
# program next to an amd64 ld-elf.so.1 wants /libexec/ld-elf32.so.1.
R3=$PD/amd64root
lib_fbsd x86_64 rtld64.so "" _rtld_stub 1302000
inroot "$R3" rtld64.so /libexec/ld-elf.so.1
inroot "$R3" prog /usr/bin/prog
inroot "$R3" libfoo.so.1 /usr/lib32/libfoo.so.1
inroot "$R3" libc.so.7 /usr/lib32/libc.so.7
expect 3 jt deps -s "$R3" -f list /usr/bin/prog
assert_grep 'ld-elf32\.so\.1' "$ERR"
echo PASS
