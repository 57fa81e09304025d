#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# verify --start removes the mount points killed runs left (issue 9): a
# run killed by SIGKILL cannot remove its empty jailtrim-root.XXXXXX in
# $TMPDIR; the next run removes such leftovers, and only those: empty,
# named as ours, not held (flock) by a live run.  Non-empty ones, a
# symbolic link, other names and a live run's mount point are kept.
. "$(dirname "$0")/lib.sh"
[ "$(id -u)" -eq 0 ] || skip "verify --start needs root"
unshare -n true 2>/dev/null || skip "no network namespaces here"
[ -x /usr/sbin/sshd ] || skip "sshd not installed"
command -v flock >/dev/null || skip "no flock(1)"
W=$JT_TEST_WORK/verify_leftovers
rm -rf "$W" && mkdir -p "$W/tmp" "$W/target" || fail mkdir
export TMPDIR="$W/tmp"
T=$TMPDIR
JT_TIMEOUT=300

expect_exit 0 jt build -s / -p sshd -n sshd -q -o "$W/jail"
mkdir -p "$W/prof" && cat > "$W/prof/sshd-2222.profile" <<'EOP'
include sshd
[linux]
probe tcp 2222 SSH-2.0-
EOP
roots() { ls "$T" | grep '^jailtrim-root\.' | sort; }

# a run killed by SIGKILL leaves its mount point
"$JAILTRIM" verify -P "$W/prof" -p sshd-2222 --start --timeout 60 "$W/jail" \
    >/dev/null 2>&1 &
pid=$!
sleep 2 && kill -KILL "$pid"
wait "$pid"
killed=$(roots)
[ -n "$killed" ] || fail "a killed run left no mount point (nothing to test)"
sleep 1		# its namespaces go asynchronously

mkdir "$T/jailtrim-root.aaaaaa" "$T/jailtrim-root.bbbbbb" \
    "$T/jailtrim-root.cccccc" "$T/jailtrim-root.eeeeeee" \
    "$T/jailtrim-verify.ffffff" || fail mkdir
touch "$T/jailtrim-root.bbbbbb/data"
ln -s "$W/target" "$T/jailtrim-root.dddddd"
# held as a live run holds its own
(flock -x 9 && exec sleep 60) 9<"$T/jailtrim-root.cccccc" >/dev/null 2>&1 &
holder=$!
trap 'kill "$holder" 2>/dev/null' EXIT
sleep 0.5

# a live run meanwhile: its mount point must survive the next run
"$JAILTRIM" verify -P "$W/prof" -p sshd-2222 --start --timeout 8 "$W/jail" \
    >"$W/live.out" 2>"$W/live.err" &
live=$!
sleep 2
livedir=$(roots | grep -v -x -F "$killed" | grep -v 'aaaaaa\|bbbbbb\|cccccc\|dddddd\|eeeeeee')
[ -n "$livedir" ] || fail "no mount point for the live run"

expect_exit 0 jt verify -p sshd --start "$W/jail"
no_sanitizer_report "verify_leftovers"
left=$(roots | tr '\n' ' ')
note "after the next run: $left"
[ -e "$T/$livedir" ] || fail "the live run's $livedir was removed"
for d in $killed; do
	[ ! -e "$T/$d" ] || fail "$d of the killed run is left"
done
[ ! -e "$T/jailtrim-root.aaaaaa" ] || fail "the stale empty one is left"
[ -f "$T/jailtrim-root.bbbbbb/data" ] || fail "a non-empty one was touched"
[ -d "$T/jailtrim-root.cccccc" ] || fail "a locked one was removed"
[ -L "$T/jailtrim-root.dddddd" ] && [ -d "$W/target" ] ||
    fail "a symbolic link or its target was removed"
[ -d "$T/jailtrim-root.eeeeeee" ] && [ -d "$T/jailtrim-verify.ffffff" ] ||
    fail "a directory of another name was removed"
wait "$live"; rc=$?
[ "$rc" -eq 3 ] || fail "the live run exited $rc"
assert_grep "no answer in 8000 ms: probe 'tcp 2222" "$W/live.err"
kill "$holder" 2>/dev/null
wait "$holder" 2>/dev/null
rm -rf "$W"
