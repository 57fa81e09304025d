#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# shrink follows the root's platform (issue 12, "Platforms"): a native
# i386 FreeBSD root keeps its own ld-elf.so.1, /lib and /usr/lib (not the
# lib32 rules a 32-bit program gets in a 64-bit root), and a Linux
# program under /compat/linux keeps its glibc loader, the libraries the
# layer's ld.so.conf names and the root's fallback copy — while what
# nothing needs goes.  Each apply self-checks and restores exactly.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib_platform.sh"

plat_dir shrink_platform
# rm_list LIST PATH...: none of the paths is in the removal list
keeps() {
	_l=$1; shift
	for _p; do ! grep -qx "$_p" "$_l" || fail "$_p would go"; done
}
goes() {
	_l=$1; shift
	for _p; do grep -qx "$_p" "$_l" || fail "$_p would stay"; done
}
# shrink_apply BASE JAIL ARGS...: apply with a backup, restore, compare
shrink_apply() {
	_b=$1 _j=$2; shift 2
	python3 "$JT_SRCDIR/tests/e2e/treesum.py" "$_j" >"$PD/orig.sum" || fail sum
	expect 0 jt shrink --base "$_b" "$@" --apply --backup "$_j.tar" "$_j"
	assert_grep ': ok$' "$OUT"
	expect 0 jt restore "$_j.tar" "$_j"
	python3 "$JT_SRCDIR/tests/e2e/treesum.py" "$_j" | cmp -s - "$PD/orig.sum" ||
	    fail "restore of $_j differs"
}

# 1. Native i386: the loader, libc and libfoo of /usr/bin/prog stay;
# libjunk (nothing links it) and a lib32 copy of libc go.
lib_fbsd i386 rtld.so "" _rtld_stub 1302000
lib_fbsd i386 libc.so.7 libc.so.7 c_stub
lib_fbsd i386 libfoo.so.1 libfoo.so.1 foo
lib_fbsd i386 libjunk.so.1 libjunk.so.1 junk
cc_fbsd i386 prog -DFN=foo -Wl,-dynamic-linker,/libexec/ld-elf.so.1 \
    "$PD/src/prog.c" "$PD/obj/libfoo.so.1" "$PD/obj/libc.so.7"
B=$PD/i386base
inroot "$B" rtld.so /libexec/ld-elf.so.1
inroot "$B" libc.so.7 /lib/libc.so.7
inroot "$B" libc.so.7 /usr/lib32/libc.so.7
inroot "$B" libfoo.so.1 /usr/lib/libfoo.so.1
inroot "$B" libjunk.so.1 /usr/lib/libjunk.so.1
inroot "$B" prog /usr/bin/prog
J=$PD/i386jail
cp -a "$B" "$J" || fail cp
expect 0 jt shrink --base "$B" -i /usr/bin/prog -o "$PD/i386.rm" "$J"
keeps "$PD/i386.rm" /libexec/ld-elf.so.1 /lib/libc.so.7 /usr/lib/libfoo.so.1 \
    /usr/bin/prog
goes "$PD/i386.rm" /usr/lib/libjunk.so.1 /usr/lib32/libc.so.7
shrink_apply "$B" "$J" -i /usr/bin/prog

# 2. A Linux program in a 64-bit FreeBSD root: its loader and libfoo
# under /compat/linux (ld.so.conf names /opt/linuxlib), libbar from the
# root's own /usr/lib/x86_64-linux-gnu (the fallback), the layer's
# ld.so.conf, and the root's own ld-elf.so.1 and libc although no kept
# program needs them; the FreeBSD libfoo in /lib and an unused Linux
# library go.
cc_linux() {
	_o=$1; shift
	clang --target=x86_64-linux-gnu -fuse-ld=lld -O1 -nostdlib \
	    -fno-stack-protector "$@" -o "$PD/obj/$_o" || fail "cannot build $_o"
}
lib_fbsd x86_64 rtld64.so "" _rtld_stub 1302000
lib_fbsd x86_64 libc64.so.7 libc.so.7 c_stub 1302000
lib_fbsd x86_64 libfoo-fbsd.so.1 libfoo.so.1 foo 1302000
cc_linux ld-linux -shared -fPIC -DFN=_dl_stub \
    -Wl,-soname,ld-linux-x86-64.so.2 "$PD/src/lib.c"
cc_linux llibfoo.so.1 -shared -fPIC -DFN=foo -Wl,-soname,libfoo.so.1 "$PD/src/lib.c"
cc_linux llibbar.so.1 -shared -fPIC -DFN=bar -Wl,-soname,libbar.so.1 "$PD/src/lib.c"
cc_linux llibzap.so.1 -shared -fPIC -DFN=zap -Wl,-soname,libzap.so.1 "$PD/src/lib.c"
cc_linux lprog -DFN=foo -Wl,-dynamic-linker,/lib64/ld-linux-x86-64.so.2 \
    "$PD/src/prog.c" "$PD/obj/llibfoo.so.1" "$PD/obj/llibbar.so.1"
B=$PD/compatbase
inroot "$B" rtld64.so /libexec/ld-elf.so.1
inroot "$B" libc64.so.7 /lib/libc.so.7
inroot "$B" libfoo-fbsd.so.1 /lib/libfoo.so.1
inroot "$B" lprog /usr/bin/lprog
inroot "$B" ld-linux /compat/linux/lib64/ld-linux-x86-64.so.2
inroot "$B" llibfoo.so.1 /compat/linux/opt/linuxlib/libfoo.so.1
inroot "$B" llibzap.so.1 /compat/linux/opt/linuxlib/libzap.so.1
inroot "$B" llibbar.so.1 /usr/lib/x86_64-linux-gnu/libbar.so.1
mkdir -p "$B/compat/linux/etc" && echo /opt/linuxlib >"$B/compat/linux/etc/ld.so.conf" ||
    fail "ld.so.conf"
J=$PD/compatjail
cp -a "$B" "$J" || fail cp
expect 0 jt shrink --base "$B" -i /usr/bin/lprog -o "$PD/compat.rm" "$J"
keeps "$PD/compat.rm" /compat/linux/lib64/ld-linux-x86-64.so.2 \
    /compat/linux/opt/linuxlib/libfoo.so.1 /usr/lib/x86_64-linux-gnu/libbar.so.1 \
    /compat/linux/etc/ld.so.conf /usr/bin/lprog \
    /libexec/ld-elf.so.1 /lib/libc.so.7	# the root's own: it stays FreeBSD's
goes "$PD/compat.rm" /compat/linux/opt/linuxlib/libzap.so.1 /lib/libfoo.so.1
shrink_apply "$B" "$J" -i /usr/bin/lprog
echo "shrink_platform: ok"
