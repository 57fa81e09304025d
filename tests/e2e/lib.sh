# SPDX-License-Identifier: BSD-2-Clause
# Shared helpers for e2e tests (POSIX sh).  Sourced by each test script.
# Environment (set by CTest, see tests/CMakeLists.txt):
#   JAILTRIM       path of the jailtrim binary
#   JT_FIXTURE_TXZ ../shared/fixtures/freebsd-10.1-amd64-base.txz
#   JT_TEST_WORK   scratch directory for this build's tests
#   JT_SRCDIR      the project's source tree

set -u
: "${JAILTRIM:?JAILTRIM not set}"
: "${JT_TEST_WORK:?JT_TEST_WORK not set}"
mkdir -p "$JT_TEST_WORK"

fail() { echo "FAIL: $*" >&2; exit 1; }
skip() { echo "SKIP: $*" >&2; exit 77; }
note() { echo "# $*" >&2; }

# need_fixture: skip unless ../shared's FreeBSD base is present.
need_fixture() {
	[ -f "${JT_FIXTURE_TXZ:-}" ] ||
	    skip "FreeBSD fixture not found at ${JT_FIXTURE_TXZ:-?} (../shared absent)"
}

# fixture_root: print the path of the fixture extracted once per build
# tree (GNU tar ignores SCHILY.fflags, so nothing becomes immutable).
fixture_root() {
	need_fixture
	_root="$JT_TEST_WORK/fixture-root"
	(
		flock 9
		if [ ! -f "$_root/.complete" ]; then
			rm -rf "$_root.tmp" && mkdir -p "$_root.tmp" &&
			tar -xJf "$JT_FIXTURE_TXZ" -C "$_root.tmp" \
			    --warning=no-unknown-keyword &&
			touch "$_root.tmp/.complete" &&
			rm -rf "$_root" && mv "$_root.tmp" "$_root"
		fi
	) 9>"$JT_TEST_WORK/fixture-root.lock" ||
	    fail "cannot extract $JT_FIXTURE_TXZ"
	echo "$_root"
}

# expect_exit CODE CMD...: run CMD, fail unless it exits with CODE.
# stdout goes to $OUT, stderr to $ERR.
expect_exit() {
	_want=$1; shift
	OUT=$(mktemp) ERR=$(mktemp)
	"$@" >"$OUT" 2>"$ERR"
	_got=$?
	if [ "$_got" -ne "$_want" ]; then
		echo "--- stdout" >&2; head -50 "$OUT" >&2
		echo "--- stderr" >&2; head -50 "$ERR" >&2
		fail "'$*' exited $_got, expected $_want"
	fi
}

# assert_grep PATTERN FILE: FILE must contain PATTERN (grep -E).
assert_grep() {
	grep -Eq -- "$1" "$2" || { cat "$2" >&2; fail "no match for '$1' in $2"; }
}

# jt ARGS...: jailtrim with a time limit, JT_TIMEOUT seconds (a hang is a
# failure: timeout exits 124, which no expect_exit accepts).
jt() { timeout "${JT_TIMEOUT:-120}" "$JAILTRIM" "$@"; }

# no_sanitizer_report: a sanitizer build must not have found anything,
# even when the exit status happens to be the expected one.
no_sanitizer_report() {
	if grep -Eq 'AddressSanitizer|LeakSanitizer|runtime error:|Segmentation|core dumped' "$ERR"; then
		cat "$ERR" >&2
		fail "$1: sanitizer report or crash message on stderr"
	fi
}
