#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# A FreeBSD root's release without /bin/freebsd-version (issue 11 §3;
# freebsd-runtime.md §1.4, §8): it comes from the NT_FREEBSD_ABI_TAG note
# of the root's ld-elf.so.1 (or libc.so.7).  The release decides $ORIGIN:
# 10.1's rtld substitutes it only under DF_ORIGIN/DF_1_ORIGIN, later ones
# always.  So a RUNPATH of $ORIGIN/../lib/app without DF_ORIGIN resolves
# on a 13.2-tagged root and not on a 10.1-tagged one; a root with no
# evidence at all gets the strict rule and says the release is unknown.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib_platform.sh"

plat_dir platform_release
lib_fbsd x86_64 libbar.so.1 libbar.so.1 bar
cc_fbsd x86_64 prog -DFN=bar -Wl,-dynamic-linker,/libexec/ld-elf.so.1 \
    -Wl,--enable-new-dtags -Wl,-rpath,'$ORIGIN/../lib/app' \
    "$PD/src/prog.c" "$PD/obj/libbar.so.1"
readelf -d "$PD/obj/prog" | grep -q 'RUNPATH.*\$ORIGIN/\.\./lib/app' ||
    fail "prog has no \$ORIGIN RUNPATH"
! readelf -d "$PD/obj/prog" | grep -Eq '\(FLAGS\).*ORIGIN|FLAGS_1.*ORIGIN' ||
    fail "prog has DF_ORIGIN"

# mkroot NAME RTLD_NOTE LIBC_NOTE: a root whose ld-elf.so.1 and libc.so.7
# carry these ABI notes ("" for none), without /bin/freebsd-version.
mkroot() {
	R=$PD/$1
	lib_fbsd x86_64 "rtld-$1" "" _rtld_stub $2
	lib_fbsd x86_64 "libc-$1" libc.so.7 c_stub $3
	inroot "$R" "rtld-$1" /libexec/ld-elf.so.1
	inroot "$R" "libc-$1" /lib/libc.so.7
	inroot "$R" prog /usr/bin/prog
	inroot "$R" libbar.so.1 /usr/lib/app/libbar.so.1
	mkdir -p "$R/usr/lib" || fail mkdir
}

mkroot r132 1302000 1302000
expect 0 jt deps -s "$R" -f list /usr/bin/prog
assert_grep '^/usr/lib/app/libbar\.so\.1$' "$OUT"
expect 0 jt deps -s "$R" -f json /usr/bin/prog
assert_grep 'always expanded \(FreeBSD >= 10\.2: release 13\.2, from the ABI note\)' "$OUT"

mkroot r101 1001000 1001000
expect 3 jt deps -s "$R" -f list /usr/bin/prog
assert_grep 'needs libbar\.so\.1: not found' "$ERR"

# The note of libc.so.7 serves when ld-elf.so.1 has none.
mkroot rlibc "" 1302000
expect 0 jt deps -s "$R" -f list /usr/bin/prog

# /bin/freebsd-version wins over the note.
mkroot rvers 1302000 1302000
mkdir -p "$R/bin" && printf '#!/bin/sh\nUSERLAND_VERSION="10.1-RELEASE"\n' \
    >"$R/bin/freebsd-version" || fail "freebsd-version"
expect 3 jt deps -s "$R" -f list /usr/bin/prog

# No evidence: the strict rule, said.
mkroot rnone "" ""
expect 3 jt deps -s "$R" -f json /usr/bin/prog
assert_grep 'release unknown' "$OUT"
echo PASS
