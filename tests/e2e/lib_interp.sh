# SPDX-License-Identifier: BSD-2-Clause
# Helpers for build_python.sh, build_perl.sh and build_ca.sh (POSIX sh).
# Source after lib.sh and lib_freebsd.sh.

# host_root: skip unless we are root (chroot, mknod) on a glibc host.
host_root() {
	[ "$(id -u)" -eq 0 ] || skip "not root: the jails cannot be run under chroot"
}

# fbsd_cc: set CC64, a clang that links amd64 FreeBSD 10.1 objects
# against the extracted base (freebsd_objs's sysroot), and SRC, a
# directory for C sources.  Call after freebsd_objs.
fbsd_cc() {
	_clang=
	for _c in clang clang-14; do
		command -v "$_c" >/dev/null 2>&1 && { _clang=$_c; break; }
	done
	[ -n "$_clang" ] || skip "clang not found"
	_sys=$JT_TEST_WORK/freebsd-objs/sysroot
	[ -d "$_sys" ] || fail "no sysroot at $_sys"
	CC64="$_clang --target=x86_64-unknown-freebsd10.1 --sysroot=$_sys -fuse-ld=lld -O1"
	SRC=$CASES/src
	mkdir -p "$SRC" || fail "mkdir $SRC"
	# a library: one function; a module or program calling a library's
	printf 'int %s(void) { return 1; }\n' lib_fn >"$SRC/lib.c"
	printf 'int lib_fn(void);\nint mod_fn(void) { return lib_fn(); }\n' >"$SRC/mod.c"
	printf 'int lib_fn(void);\nint main(void) { return lib_fn() - 1; }\n' >"$SRC/prog.c"
}

# so OUT SONAME [LIBS...]: an amd64 FreeBSD shared object.
so() {
	_o=$1 _n=$2; shift 2
	$CC64 -shared -fPIC -Wl,-soname,"$_n" "$SRC/lib.c" -o "$_o" "$@" ||
	    fail "cannot build $_o"
}

# module OUT -LDIR -lNAME: a loadable module calling lib_fn from -lNAME.
module() {
	_o=$1; shift
	$CC64 -shared -fPIC "$SRC/mod.c" -o "$_o" "$@" || fail "cannot build $_o"
}

# program OUT -LDIR -lNAME [-Wl,...]: a program calling lib_fn.
program() {
	_o=$1; shift
	$CC64 "$SRC/prog.c" -o "$_o" "$@" || fail "cannot build $_o"
}

# in_plan PATH: the last --dry-run listing ($OUT) holds PATH.
in_plan() {
	grep -q " $1\( \|\$\)" "$OUT" || { head -80 "$OUT" >&2; cat "$ERR" >&2
	    fail "${CASE:-}: $1 not in the plan"; }
}
not_in_plan() {
	! grep -q " $1\( \|\$\)" "$OUT" || { grep " $1" "$OUT" >&2
	    fail "${CASE:-}: $1 in the plan"; }
}
