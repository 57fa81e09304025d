#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# Build and run the whole test suite twice: a normal build, then one with
# AddressSanitizer and UndefinedBehaviorSanitizer.  Tests that need
# ../shared's FreeBSD fixture are skipped (with a message) without it.
# First, scripts/build-matrix.sh builds the packagers' configurations.
set -eu
cd "$(dirname "$0")/.."
jobs=$(nproc 2>/dev/null || sysctl -n hw.ncpu 2>/dev/null || echo 2)

run() {
	dir=$1; shift
	cmake -S . -B "$dir" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DJT_WERROR=ON \
	    "$@" >/dev/null
	cmake --build "$dir" -j "$jobs"
	ctest --test-dir "$dir" --output-on-failure -j "$jobs"
}

# Release + GCC + Debian's hardening flags, Debug + clang (unit tests only)
JT_JOBS=$jobs sh scripts/build-matrix.sh
run build
if [ "${JT_NO_SANITIZE:-}" = "" ]; then
	ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 \
	UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
	    run build-asan -DJT_SANITIZE=ON
fi
