#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# build.sh OUTDIR [BASE]
#
# Cross-compile the small FreeBSD programs and libraries that the rtld_*
# e2e tests feed to `jailtrim deps`.  BASE is an extracted FreeBSD 10.1
# amd64 base.txz (default: $JT_FREEBSD_BASE); nothing is written into it.
# Everything goes under OUTDIR:
#   sysroot/  a private sysroot pointing into BASE (see make_sysroot)
#   obj64/    amd64 objects, linked against the base's libc.so.7
#   obj32/    i386 objects, freestanding (the base has no 32-bit libc)
#
# Every object is checked with readelf after it is built (check_* below):
# the tests rely on exact dynamic tags (RPATH vs RUNPATH, DF_ORIGIN,
# DF_1_NODEFLIB, versions...), and a toolchain that silently produced
# something else would make them pass or fail for the wrong reason.
#
# Exit status: 0 built, 77 a tool or the base is missing (the caller skips),
# 1 anything else.
set -eu

out=${1:?usage: build.sh OUTDIR [BASE]}
base=${2:-${JT_FREEBSD_BASE:-}}
here=$(cd "$(dirname "$0")" && pwd)
src=$here/src

skip() { echo "SKIP: $*" >&2; exit 77; }
die() { echo "build.sh: $*" >&2; exit 1; }

# --- tools -----------------------------------------------------------------
# Debian's clang-14 and lld are the reference toolchain; any clang that
# knows the FreeBSD targets and an ld.lld will do.
CLANG=${CLANG:-}
if [ -z "$CLANG" ]; then
	for c in clang clang-14; do
		command -v "$c" >/dev/null 2>&1 && { CLANG=$c; break; }
	done
fi
[ -n "$CLANG" ] && command -v "$CLANG" >/dev/null 2>&1 ||
    skip "clang not found (needed to cross-compile FreeBSD test objects)"
command -v ld.lld >/dev/null 2>&1 ||
    skip "ld.lld not found (needed to cross-compile FreeBSD test objects)"
# The checks below parse GNU readelf's output (binutils); llvm-readelf
# words several fields differently.
READELF=${READELF:-readelf}
"$READELF" --version 2>/dev/null | grep -q 'GNU readelf' ||
    skip "GNU readelf (binutils) not found (needed to check the test objects)"
[ -n "$base" ] && [ -f "$base/lib/libc.so.7" ] && [ -f "$base/usr/lib/crt1.o" ] ||
    skip "FreeBSD base not found at '${base:-?}'"

# Host settings must not leak into a cross link (e.g. a LIBRARY_PATH with
# Linux stub libraries adds -L options that lld would search).
unset LIBRARY_PATH CPATH C_INCLUDE_PATH CPLUS_INCLUDE_PATH CFLAGS LDFLAGS \
    COMPILER_PATH GCC_EXEC_PREFIX 2>/dev/null || true

mkdir -p "$out"
out=$(cd "$out" && pwd)
sys=$out/sysroot
o64=$out/obj64
o32=$out/obj32

# --- private sysroot -------------------------------------------------------
# The base's usr/lib holds absolute symlinks (libgcc_s.so -> /lib/libgcc_s.so.1)
# that would resolve on the *host*.  The private sysroot mirrors usr/lib
# entry by entry as symlinks into the base, rewriting absolute targets to
# relative ones (../../lib/...), and links lib/ and usr/include wholesale.
# lld prefixes the sysroot to the absolute paths in the libc.so linker
# script because the script lies under --sysroot.
make_sysroot() {
	rm -rf "$sys"
	mkdir -p "$sys/usr/lib"
	ln -s "$base/lib" "$sys/lib"
	ln -s "$base/usr/include" "$sys/usr/include"
	for f in "$base"/usr/lib/*; do
		n=${f##*/}
		if [ -L "$f" ]; then
			t=$(readlink "$f")
			case $t in
			/*) ln -s "../..$t" "$sys/usr/lib/$n" ;;
			*) ln -s "$base/usr/lib/$t" "$sys/usr/lib/$n" ;;
			esac
		else
			ln -s "$f" "$sys/usr/lib/$n"
		fi
	done
}

CC64="$CLANG --target=x86_64-unknown-freebsd10.1 --sysroot=$sys -fuse-ld=lld -O1 -Wall"
# Freestanding i386: no crt, no libc; explicit PT_INTERP (the one every
# FreeBSD program carries; the kernel redirects it to ld-elf32.so.1).
CC32="$CLANG --target=i386-unknown-freebsd10.1 --sysroot=$sys -fuse-ld=lld -O1 -Wall -nostdlib -fno-stack-protector"

# lib64 OUT SONAME SRC [EXTRA...]: an amd64 shared library.
lib64() {
	_o=$1 _so=$2 _s=$3; shift 3
	$CC64 -shared -fPIC -Wl,-soname,"$_so" "$src/$_s" "$@" -o "$o64/$_o"
}
# prog64 OUT SRC [EXTRA...]: an amd64 program.  clang's FreeBSD driver
# passes --enable-new-dtags, so -rpath gives DT_RUNPATH unless told otherwise.
prog64() {
	_o=$1 _s=$2; shift 2
	$CC64 "$src/$_s" "$@" -o "$o64/$_o"
}

# --- binary patching -------------------------------------------------------
# dyn_off FILE TYPE: file offset of the dynamic entry whose readelf type
# column is (TYPE), e.g. SONAME.  Fails unless exactly one such entry.
dyn_off() {
	_d=$("$READELF" -d "$1")
	_base=$(printf '%s\n' "$_d" | sed -n 's/^Dynamic section at offset \(0x[0-9a-fA-F]*\).*/\1/p')
	_idx=$(printf '%s\n' "$_d" | awk -v t="($2)" '
		/^ *Tag/ { on = 1; next }
		on && NF { if ($2 == t) { n++; i = k } k++ }
		END { if (n == 1) print i }')
	[ -n "$_base" ] && [ -n "$_idx" ] || die "$1: no unique $2 entry"
	case $("$READELF" -h "$1" | awk '/Class:/ { print $2 }') in
	ELF64) _esz=16 ;;
	*) _esz=8 ;;
	esac
	echo $((_base + _idx * _esz))
}
# put_byte FILE OFFSET VALUE: overwrite one byte in place.
put_byte() {
	printf "\\$(printf %03o "$3")" |
	    dd of="$1" bs=1 seek="$2" count=1 conv=notrunc 2>/dev/null
}
# set_dyn_tag FILE TYPE NEWTAG: change the tag of a dynamic entry (low byte;
# the tags used here are all < 256).  set_dyn_val FILE TYPE NEWVAL: change
# its value's low byte (values used here are < 256, upper bytes zero).
set_dyn_tag() { put_byte "$1" "$(dyn_off "$1" "$2")" "$3"; }
set_dyn_val() { put_byte "$1" $(($(dyn_off "$1" "$2") + ${4:-8})) "$3"; }

# --- checks ----------------------------------------------------------------
# has FILE READELF-OPTS ERE / lacks FILE READELF-OPTS ERE
has() {
	"$READELF" $2 "$1" 2>/dev/null | grep -Eq -- "$3" ||
	    die "$1: readelf $2 lacks /$3/ (toolchain changed?)"
}
lacks() {
	! "$READELF" $2 "$1" 2>/dev/null | grep -Eq -- "$3" ||
	    die "$1: readelf $2 unexpectedly matches /$3/ (toolchain changed?)"
}
is_fbsd64() { has "$1" -h 'Class: +ELF64'; has "$1" -h 'OS/ABI: +UNIX - FreeBSD'
	has "$1" -h 'Machine: +Advanced Micro Devices X86-64'; }
is_fbsd32() { has "$1" -h 'Class: +ELF32'; has "$1" -h 'OS/ABI: +UNIX - FreeBSD'
	has "$1" -h 'Machine: +Intel 80386'; }
needs() { has "$1" -d "\(NEEDED\).*\[$2\]"; }
no_paths() { lacks "$1" -d '\((RPATH|RUNPATH)\)'; }
rpath() { has "$1" -d "\(RPATH\).*\[$2\]"; }
runpath() { has "$1" -d "\(RUNPATH\).*\[$2\]"; }
no_rpath() { lacks "$1" -d '\(RPATH\)'; }
no_runpath() { lacks "$1" -d '\(RUNPATH\)'; }
# DF_ORIGIN shows as "(FLAGS) ... ORIGIN", DF_1_ORIGIN as "(FLAGS_1) Flags: ... ORIGIN".
df_origin() { has "$1" -d '\(FLAGS\) .*ORIGIN'; }
no_df_origin() { lacks "$1" -d '\(FLAGS\) .*ORIGIN'; }
df1_origin() { has "$1" -d '\(FLAGS_1\) .*ORIGIN'; }
no_df1_origin() { lacks "$1" -d '\(FLAGS_1\) .*ORIGIN'; }
interp() { has "$1" -l "Requesting program interpreter: $2\]"; }
# defines FILE SYM: SYM is a defined global function in .dynsym.
defines() { has "$1" --dyn-syms "FUNC +GLOBAL +DEFAULT +[0-9]+ $2( |@|\$)"; }
undefs() { has "$1" --dyn-syms "GLOBAL +DEFAULT +UND $2( |@|\$)"; }

# --- build -----------------------------------------------------------------
make_sysroot
rm -rf "$o64" "$o32"
mkdir -p "$o64" "$o32"

# Libraries.  The stand-ins all define foo() (see src/foo.c).
lib64 libfoo.so.1 libfoo.so.1 foo.c
lib64 libbar.so.1 libbar.so.1 foo.c
lib64 libqux.so.1 libqux.so.1 foo.c
lib64 libfoo-nofoo.so.1 libfoo.so.1 nofoo.c
lib64 libfoo-weak.so.1 libfoo.so.1 weakfoo.c
lib64 libfoo-v1.0.so.1 libfoo.so.1 foo.c -Wl,--version-script="$src/foo_1.0.map"
lib64 libfoo-v0.9.so.1 libfoo.so.1 foo.c -Wl,--version-script="$src/foo_0.9.map"
lib64 libmid.so.1 libmid.so.1 mid.c "$o64/libfoo.so.1"
lib64 libmid-runpath.so.1 libmid.so.1 mid.c "$o64/libfoo.so.1" \
    -Wl,--enable-new-dtags -Wl,-rpath,/opt/elsewhere
lib64 libmid-rpath.so.1 libmid.so.1 mid.c "$o64/libfoo.so.1" \
    -Wl,--disable-new-dtags -Wl,-rpath,/opt/own
lib64 libmid-origin.so.1 libmid.so.1 mid.c "$o64/libfoo.so.1" \
    -Wl,-z,origin -Wl,--enable-new-dtags -Wl,-rpath,'$ORIGIN/../private'
lib64 libmid-nodeflib.so.1 libmid.so.1 mid.c "$o64/libfoo.so.1" \
    -Wl,-z,nodefaultlib
lib64 libcb.so.1 libcb.so.1 cb.c

for f in libfoo libbar libqux libfoo-nofoo libfoo-weak libfoo-v1.0 \
    libfoo-v0.9 libmid libmid-runpath libmid-rpath libmid-origin \
    libmid-nodeflib libcb; do
	is_fbsd64 "$o64/$f.so.1"
	needs "$o64/$f.so.1" 'libc\.so\.7'
done
has "$o64/libfoo.so.1" -d '\(SONAME\).*\[libfoo\.so\.1\]'
has "$o64/libbar.so.1" -d '\(SONAME\).*\[libbar\.so\.1\]'
has "$o64/libqux.so.1" -d '\(SONAME\).*\[libqux\.so\.1\]'
for f in libfoo libbar libqux libfoo-weak libfoo-v1.0 libfoo-v0.9; do
	defines "$o64/$f.so.1" foo
done
lacks "$o64/libfoo-nofoo.so.1" --dyn-syms ' foo(@|$)'
has "$o64/libfoo-weak.so.1" --dyn-syms 'WEAK +DEFAULT +UND maybe$'
has "$o64/libfoo-v1.0.so.1" -V 'Name: FOO_1\.0'
lacks "$o64/libfoo-v1.0.so.1" -V 'FOO_0\.9'
has "$o64/libfoo-v0.9.so.1" -V 'Name: FOO_0\.9'
lacks "$o64/libfoo-v0.9.so.1" -V 'FOO_1\.0'
lacks "$o64/libfoo.so.1" -d '\(VERDEF\)'
for f in libmid libmid-runpath libmid-rpath libmid-origin libmid-nodeflib; do
	needs "$o64/$f.so.1" 'libfoo\.so\.1'
	undefs "$o64/$f.so.1" foo
done
no_paths "$o64/libmid.so.1"
runpath "$o64/libmid-runpath.so.1" /opt/elsewhere
no_rpath "$o64/libmid-runpath.so.1"
rpath "$o64/libmid-rpath.so.1" /opt/own
no_runpath "$o64/libmid-rpath.so.1"
runpath "$o64/libmid-origin.so.1" '\$ORIGIN/\.\./private'
df1_origin "$o64/libmid-origin.so.1"
no_paths "$o64/libmid-nodeflib.so.1"
has "$o64/libmid-nodeflib.so.1" -d '\(FLAGS_1\) .*NODEFLIB'
undefs "$o64/libcb.so.1" host_cb

# Programs.
prog64 prog_foo prog_foo.c "$o64/libfoo.so.1"
prog64 prog_foo_rpath prog_foo.c "$o64/libfoo.so.1" \
    -Wl,--disable-new-dtags -Wl,-rpath,/opt/rp
prog64 prog_foo_runpath prog_foo.c "$o64/libfoo.so.1" \
    -Wl,--enable-new-dtags -Wl,-rpath,/opt/rn
# lld writes either DT_RPATH or DT_RUNPATH, never both (the base's sshd has
# both).  Get /opt/rp into .dynstr as a DT_SONAME (lld emits one even for an
# executable), then retag that entry DT_SONAME(14) -> DT_RPATH(15).
prog64 prog_foo_both prog_foo.c "$o64/libfoo.so.1" -Wl,-soname,/opt/rp \
    -Wl,--enable-new-dtags -Wl,-rpath,/opt/rn
set_dyn_tag "$o64/prog_foo_both" SONAME 15
prog64 prog_mid prog_mid.c "$o64/libmid.so.1"
prog64 prog_mid_rpath prog_mid.c "$o64/libmid.so.1" \
    -Wl,--disable-new-dtags -Wl,-rpath,/opt/inh
prog64 prog_mid_runpath prog_mid.c "$o64/libmid.so.1" \
    -Wl,--enable-new-dtags -Wl,-rpath,/opt/inh
# $ORIGIN: lld's -z origin sets both DF_ORIGIN (DT_FLAGS) and DF_1_ORIGIN
# (DT_FLAGS_1); either alone enables substitution in 10.1, so two more
# copies each keep only one of them (the other flag word's value zeroed;
# ORIGIN is its only bit here).
for v in prog_origin prog_origin_df prog_origin_df1; do
	prog64 $v prog_foo.c "$o64/libfoo.so.1" -Wl,-z,origin \
	    -Wl,--enable-new-dtags -Wl,-rpath,'$ORIGIN/../lib'
done
lacks "$o64/prog_origin_df" -d '\(FLAGS\) .*[A-Z_]+ +[A-Z_]'	# only one bit
lacks "$o64/prog_origin_df" -d '\(FLAGS_1\) .*Flags: +[A-Z_]+ +[A-Z_]'
set_dyn_val "$o64/prog_origin_df" FLAGS_1 0
set_dyn_val "$o64/prog_origin_df1" FLAGS 0
prog64 prog_origin_literal prog_foo.c "$o64/libfoo.so.1" \
    -Wl,--enable-new-dtags -Wl,-rpath,'$ORIGIN/../lib'
# NODEFLIB program: its libc.so.7 lives in /lib, which it no longer
# searches by default, so it gets RUNPATH /lib to find libc there; only
# libfoo.so.1 is then left to the default/hints rules.
prog64 prog_nodeflib prog_foo.c "$o64/libfoo.so.1" -Wl,-z,nodefaultlib \
    -Wl,--enable-new-dtags -Wl,-rpath,/lib
prog64 prog_foo_v prog_foo.c "$o64/libfoo-v1.0.so.1"
prog64 prog_cb prog_cb.c "$o64/libcb.so.1" -Wl,--export-dynamic

for p in prog_foo prog_foo_rpath prog_foo_runpath prog_foo_both prog_mid \
    prog_mid_rpath prog_mid_runpath prog_origin prog_origin_df \
    prog_origin_df1 prog_origin_literal prog_nodeflib prog_foo_v prog_cb; do
	is_fbsd64 "$o64/$p"
	interp "$o64/$p" /libexec/ld-elf.so.1
	needs "$o64/$p" 'libc\.so\.7'
	lacks "$o64/$p" -d '\(SONAME\)'
done
for p in prog_foo prog_foo_rpath prog_foo_runpath prog_foo_both prog_origin \
    prog_origin_df prog_origin_df1 prog_origin_literal prog_nodeflib prog_foo_v; do
	needs "$o64/$p" 'libfoo\.so\.1'
	undefs "$o64/$p" foo
done
no_paths "$o64/prog_foo"
rpath "$o64/prog_foo_rpath" /opt/rp
no_runpath "$o64/prog_foo_rpath"
runpath "$o64/prog_foo_runpath" /opt/rn
no_rpath "$o64/prog_foo_runpath"
rpath "$o64/prog_foo_both" /opt/rp
runpath "$o64/prog_foo_both" /opt/rn
for p in prog_mid prog_mid_rpath prog_mid_runpath; do
	needs "$o64/$p" 'libmid\.so\.1'
	lacks "$o64/$p" -d '\(NEEDED\).*libfoo'
done
no_paths "$o64/prog_mid"
rpath "$o64/prog_mid_rpath" /opt/inh
no_runpath "$o64/prog_mid_rpath"
runpath "$o64/prog_mid_runpath" /opt/inh
no_rpath "$o64/prog_mid_runpath"
for p in prog_origin prog_origin_df prog_origin_df1 prog_origin_literal; do
	runpath "$o64/$p" '\$ORIGIN/\.\./lib'
	no_rpath "$o64/$p"
done
df_origin "$o64/prog_origin"; df1_origin "$o64/prog_origin"
df_origin "$o64/prog_origin_df"; no_df1_origin "$o64/prog_origin_df"
no_df_origin "$o64/prog_origin_df1"; df1_origin "$o64/prog_origin_df1"
no_df_origin "$o64/prog_origin_literal"; no_df1_origin "$o64/prog_origin_literal"
has "$o64/prog_nodeflib" -d '\(FLAGS_1\) .*NODEFLIB'
runpath "$o64/prog_nodeflib" /lib
has "$o64/prog_foo_v" -V 'Name: FOO_1\.0'
undefs "$o64/prog_foo_v" 'foo@FOO_1\.0'
needs "$o64/prog_cb" 'libcb\.so\.1'
defines "$o64/prog_cb" host_cb

# 32-bit objects.  Without crt1.o there is no FreeBSD ABI note, so the
# ELF header's OS/ABI byte is what marks them FreeBSD.  lld copies it from
# the first input object, which clang-14 marks ELFOSABI_FREEBSD; should a
# toolchain not do so, set_osabi patches e_ident[EI_OSABI] (offset 7) to 9.
set_osabi() {
	"$READELF" -h "$1" | grep -Eq 'OS/ABI: +UNIX - FreeBSD' ||
	    put_byte "$1" 7 9
}
for l in libfoo libbar libqux; do
	$CC32 -shared -fPIC -Wl,-soname,$l.so.1 "$src/foo.c" -o "$o32/$l.so.1"
	set_osabi "$o32/$l.so.1"
	is_fbsd32 "$o32/$l.so.1"
	defines "$o32/$l.so.1" foo
	has "$o32/$l.so.1" -d "\(SONAME\).*\[$l\.so\.1\]"
done
$CC32 -shared -fPIC -Wl,-soname,ld-elf32.so.1 "$src/rtld32.c" \
    -o "$o32/ld-elf32.so.1"
set_osabi "$o32/ld-elf32.so.1"
is_fbsd32 "$o32/ld-elf32.so.1"
has "$o32/ld-elf32.so.1" -d '\(SONAME\).*\[ld-elf32\.so\.1\]'
lacks "$o32/ld-elf32.so.1" --dyn-syms ' foo( |@|$)'
$CC32 -Wl,-dynamic-linker,/libexec/ld-elf.so.1 "$src/prog32.c" \
    "$o32/libfoo.so.1" -o "$o32/prog32"
set_osabi "$o32/prog32"
is_fbsd32 "$o32/prog32"
has "$o32/prog32" -h 'Type: +EXEC'
interp "$o32/prog32" /libexec/ld-elf.so.1
needs "$o32/prog32" 'libfoo\.so\.1'
undefs "$o32/prog32" foo
no_paths "$o32/prog32"

echo "built FreeBSD test objects in $out"
