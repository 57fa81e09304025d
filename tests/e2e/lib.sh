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

# --- verify --start tests (verify_start*.sh, fleet_debian.sh) ---

# start_setup NAME [DIR...]: what every verify --start test does first.
# Skips unless root with network namespaces (the servers listen only in
# the jails' own).  Makes W=$JT_TEST_WORK/NAME afresh with $W/tmp, the
# TMPDIR where jailtrim's temporary roots and outputs go (leftovers looks
# there), and each DIR under $W.  Then it runs the script again, without
# arguments (e2e scripts take none), in a PID namespace of its own: a
# jail's processes are in nested PID namespaces (its root is pivoted, so
# /proc/PID/root cannot tell), and any of them alive at the end is one a
# run left behind.  Where unshare --pid is refused, leftovers falls back
# to the processes whose root is under $W.
start_setup() {
	[ "$(id -u)" -eq 0 ] || skip "verify --start needs root"
	unshare -n true 2>/dev/null || skip "no network namespaces here"
	W=$JT_TEST_WORK/$1
	shift
	rm -rf "$W" && mkdir -p "$W/tmp" || fail mkdir
	for _d in "$@"; do
		mkdir -p "$W/$_d" || fail "mkdir $_d"
	done
	export TMPDIR="$W/tmp"
	if [ -z "${JT_OWN_PIDNS:-}" ] &&
	    unshare --pid --fork --mount-proc true 2>/dev/null; then
		JT_OWN_PIDNS=1 exec unshare --pid --fork --mount-proc sh "$0"
	fi
	ourns=$(readlink /proc/self/ns/pid)
}

# leftovers: print what runs left behind, nothing when clean: processes
# (see start_setup), mounts under $W and jailtrim's temporaries in
# $TMPDIR.
leftovers() {
	for _p in /proc/[0-9]*; do
		_ns=$(readlink "$_p/ns/pid" 2>/dev/null) || continue
		_r=$(readlink "$_p/root" 2>/dev/null) || continue
		if [ -n "${JT_OWN_PIDNS:-}" ]; then
			[ "$_ns" != "$ourns" ] || continue
		else
			case $_r in "$W"*) ;; *) continue ;; esac
		fi
		echo "process ${_p#/proc/} ($(cat "$_p/comm")) in $_r"
	done
	grep -F "$W" /proc/self/mountinfo | sed 's/^/mount /'
	ls "$TMPDIR" | grep "^jailtrim" | sed 's/^/temporary /'
}

# no_leftovers: fail, naming them, unless leftovers finds nothing now
# (right after a verify --start, which waits for its jail's end).
no_leftovers() {
	[ -z "$(leftovers)" ] || fail "left behind: $(leftovers)"
}

# no_leftovers_settled: the same at a test's end, after killed or
# interrupted runs: the kernel tears namespaces down asynchronously, so
# it looks after 1 s and, if anything is there, once more 2 s later.
no_leftovers_settled() {
	sleep 1
	[ -z "$(leftovers)" ] || { sleep 2; [ -z "$(leftovers)" ]; } ||
	    fail "left behind: $(leftovers)"
}

# snap DIR: a checksum of DIR's names, sizes, modes and owners, to tell
# that starting a jail left it as it was on disk.
snap() { (cd "$1" && find . -printf '%p %s %m %u\n' | sort | cksum); }

# build_jail J NAME PROFILE [ARG...]: build jail NAME from / (ARGs add
# layers over it, -D options, ...) into the directory J with its
# jail.conf stanza in J.conf; it must succeed with no sanitizer report.
build_jail() {
	_j=$1 _n=$2 _prof=$3
	shift 3
	expect_exit 0 jt build -s / "$@" -p "$_prof" -n "$_n" -q -o "$_j" -j "$_j.conf"
	no_sanitizer_report "build of $_n"
}

# start_verify J PROBE PROCESS [ARG...]: verify --start of the jail J
# with its J.conf (ARGs: -p PROFILE, -D ...).  It must answer, its output
# hold a line matching "^  probe PROBE" and, unless PROCESS is empty, one
# matching "^  process N PROCESS" (PROBE, PROCESS: grep -E; end them with
# $ to pin the line's end), and J be on disk as it was: writes go to a
# throw-away layer.
start_verify() {
	_j=$1 _probe=$2 _proc=$3
	shift 3
	_before=$(snap "$_j")
	expect_exit 0 jt verify "$@" -c "$_j.conf" --start --timeout 60 "$_j"
	no_sanitizer_report "verify --start of $_j"
	assert_grep "^$_j: started and answered in" "$OUT"
	assert_grep "^  probe $_probe" "$OUT"
	[ -z "$_proc" ] || assert_grep "^  process [0-9]+ $_proc" "$OUT"
	note "${_j##*/}: $(grep -E 'probe|answered' "$OUT" | tr '\n' ' ')"
	[ "$_before" = "$(snap "$_j")" ] || fail "${_j##*/}: starting it changed the jail"
}

# start_services ENTRY...: build_jail and start_verify of each service
# whose program is installed, ENTRY being "PROFILE|PROGRAM|PROBE|PROCESS"
# (start_verify's patterns; PROCESS may be empty).  The jail is $W/PROFILE
# named PROFILE; those not installed are noted and passed over.  Sets
# started to how many were started.
start_services() {
	started=0
	for _svc in "$@"; do
		_p=${_svc%%|*} _rest=${_svc#*|}
		_prog=${_rest%%|*} _rest=${_rest#*|}
		_saw=${_rest%%|*} _pr=${_rest#*|}
		if [ ! -x "$_prog" ]; then
			note "$_prog not installed: $_p not started"
			continue
		fi
		build_jail "$W/$_p" "$_p" "$_p"
		start_verify "$W/$_p" "$_saw" "$_pr" -p "$_p"
		started=$((started + 1))
	done
}
