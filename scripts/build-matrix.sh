#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# Build the configurations a packager may use, warnings as errors, and run
# each one's unit tests (ctest -L unit): GCC and clang, each with and
# without Debian's hardening flags, over Release, RelWithDebInfo and Debug
# (Release with GCC and hardening, RelWithDebInfo with clang and hardening,
# Debug with each compiler and no flags; the normal and sanitizer builds of
# scripts/test.sh add RelWithDebInfo without hardening); and that a
# configuration with no type given defaults to RelWithDebInfo.  It prints
# each configuration's time and the total.  Build trees go under build-matrix/
# (or $JT_MATRIX_DIR).  A compiler that is absent skips its configuration.
set -eu
cd "$(dirname "$0")/.."
top=$(pwd)
out=${JT_MATRIX_DIR:-$top/build-matrix}
jobs=${JT_JOBS:-$(nproc 2>/dev/null || sysctl -n hw.ncpu 2>/dev/null || echo 2)}
failed=""

# one NAME CC CFLAGS CPPFLAGS LDFLAGS [cmake args...]
one() {
	name=$1 cc=$2 cflags=$3 cppflags=$4 ldflags=$5; shift 5
	if ! command -v "$cc" >/dev/null 2>&1; then
		echo "build-matrix: $name: skipped, no $cc"
		return 0
	fi
	dir=$out/$name
	t0=$(date +%s)
	rm -rf "$dir"
	echo "build-matrix: $name: CC=$cc CFLAGS='$cflags $cppflags' $*" |
	    sed "s/CFLAGS=' '/no CFLAGS/"
	if ! CC=$cc CFLAGS="$cflags $cppflags" LDFLAGS="$ldflags" \
	    cmake -S . -B "$dir" -DJT_WERROR=ON "$@" >"$dir.log" 2>&1 ||
	    ! cmake --build "$dir" -j "$jobs" >>"$dir.log" 2>&1; then
		grep -E 'error|Error' "$dir.log" | head -20 >&2
		echo "build-matrix: $name: BUILD FAILED (log: $dir.log)" >&2
		failed="$failed $name"
		return 0
	fi
	if ! ctest --test-dir "$dir" -L unit -j "$jobs" >>"$dir.log" 2>&1; then
		grep -E 'Failed|\*\*\*' "$dir.log" | head -20 >&2
		echo "build-matrix: $name: UNIT TESTS FAILED (log: $dir.log)" >&2
		failed="$failed $name"
		return 0
	fi
	echo "build-matrix: $name: ok ($(( $(date +%s) - t0 )) s)"
}

mkdir -p "$out"
start=$(date +%s)
# Debian's hardening flags, as dpkg-buildflags gives them (fixed here when
# dpkg-buildflags is absent, so the check is the same everywhere).
if command -v dpkg-buildflags >/dev/null 2>&1; then
	hcflags=$(dpkg-buildflags --get CFLAGS)
	hcppflags=$(dpkg-buildflags --get CPPFLAGS)
	hldflags=$(dpkg-buildflags --get LDFLAGS)
else
	hcflags="-g -O2 -fstack-protector-strong -Wformat -Werror=format-security"
	hcppflags="-Wdate-time -D_FORTIFY_SOURCE=2"
	hldflags="-Wl,-z,relro"
fi

one release-gcc-hardened gcc "$hcflags" "$hcppflags" "$hldflags" \
    -DCMAKE_BUILD_TYPE=Release
one relwithdebinfo-clang-hardened clang "$hcflags" "$hcppflags" "$hldflags" \
    -DCMAKE_BUILD_TYPE=RelWithDebInfo
one debug-clang clang "" "" "" -DCMAKE_BUILD_TYPE=Debug
one debug-gcc gcc "" "" "" -DCMAKE_BUILD_TYPE=Debug
# No build type given: configured only (the quick start's build), it must
# default to RelWithDebInfo.
rm -rf "$out/default"
cmake -S . -B "$out/default" >"$out/default.log" 2>&1
type=$(sed -n 's/^CMAKE_BUILD_TYPE:[A-Z]*=//p' "$out/default/CMakeCache.txt")
if [ "$type" = RelWithDebInfo ]; then
	echo "build-matrix: default: build type RelWithDebInfo, ok"
else
	echo "build-matrix: default: build type '$type', want RelWithDebInfo" >&2
	failed="$failed default-type"
fi

echo "build-matrix: total $(( $(date +%s) - start )) s"
if [ -n "$failed" ]; then
	echo "build-matrix: FAILED:$failed" >&2
	exit 1
fi
echo "build-matrix: all configurations built and passed"
