#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# A Linux program inside a FreeBSD root (issue 11 §3): FreeBSD's Linux ABI
# layer opens every path under its prefix first (linux_emul_path(),
# compat.linux.emul_path, /compat/linux by default), so the program's
# interpreter and libraries are found there, with glibc's rules and the
# layer's own etc/ld.so.conf; a path absent there falls back to the
# root's.  The prefix is configurable (deps --linux-prefix).
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib_platform.sh"

plat_dir platform_linux_compat
cc_linux() {
	_o=$1; shift
	clang --target=x86_64-linux-gnu -fuse-ld=lld -O1 -nostdlib \
	    -fno-stack-protector "$@" -o "$PD/obj/$_o" || fail "cannot build $_o"
}
lib_fbsd x86_64 rtld.so "" _rtld_stub 1302000
lib_fbsd x86_64 libc.so.7 libc.so.7 c_stub 1302000
lib_fbsd x86_64 libfoo-fbsd.so.1 libfoo.so.1 foo 1302000
cc_linux ld-linux -shared -fPIC -DFN=_dl_stub \
    -Wl,-soname,ld-linux-x86-64.so.2 "$PD/src/lib.c"
cc_linux libfoo.so.1 -shared -fPIC -DFN=foo -Wl,-soname,libfoo.so.1 \
    "$PD/src/lib.c"
cc_linux libbar.so.1 -shared -fPIC -DFN=bar -Wl,-soname,libbar.so.1 \
    "$PD/src/lib.c"
cc_linux lprog -DFN=foo -Wl,-dynamic-linker,/lib64/ld-linux-x86-64.so.2 \
    "$PD/src/prog.c" "$PD/obj/libfoo.so.1" "$PD/obj/libbar.so.1"

# mkroot DIR PREFIX: a FreeBSD root with a Linux layer under PREFIX whose
# ld.so.conf names /opt/linuxlib (libfoo there); libbar only in the
# root's own /usr/lib/x86_64-linux-gnu (the fallback); a FreeBSD libfoo
# in /lib that must not be taken (the prefix's copy comes first).
mkroot() {
	R=$PD/$1
	inroot "$R" rtld.so /libexec/ld-elf.so.1
	inroot "$R" libc.so.7 /lib/libc.so.7
	inroot "$R" libfoo-fbsd.so.1 /lib/libfoo.so.1
	inroot "$R" lprog /usr/bin/lprog
	inroot "$R" ld-linux "$2/lib64/ld-linux-x86-64.so.2"
	inroot "$R" libfoo.so.1 "$2/opt/linuxlib/libfoo.so.1"
	inroot "$R" libbar.so.1 /usr/lib/x86_64-linux-gnu/libbar.so.1
	mkdir -p "$R$2/etc" && echo /opt/linuxlib >"$R$2/etc/ld.so.conf" ||
	    fail "ld.so.conf"
}

mkroot root /compat/linux
expect 0 jt deps -s "$R" -f list /usr/bin/lprog
printf '%s\n' /compat/linux/lib64/ld-linux-x86-64.so.2 \
    /compat/linux/opt/linuxlib/libfoo.so.1 /usr/bin/lprog \
    /usr/lib/x86_64-linux-gnu/libbar.so.1 >"$PD/want"
cmp -s "$PD/want" "$OUT" || { diff "$PD/want" "$OUT" >&2; cat "$ERR" >&2;
    fail "Linux program's closure in a FreeBSD root differs"; }
expect 0 jt deps -s "$R" -f json /usr/bin/lprog
assert_grep '"rules":"glibc ld.so under /compat/linux"' "$OUT"
assert_grep '"via":"ld.so.conf"' "$OUT"
# FreeBSD programs of the same root keep rtld-elf's rules.
expect 0 jt deps -s "$R" -f list /lib/libfoo.so.1

# Another prefix, given.
mkroot root2 /usr/compat/linux
expect 3 jt deps -s "$R" -f list /usr/bin/lprog
expect 0 jt deps -s "$R" --linux-prefix /usr/compat/linux -f list \
    /usr/bin/lprog
assert_grep '^/usr/compat/linux/opt/linuxlib/libfoo\.so\.1$' "$OUT"
echo PASS
