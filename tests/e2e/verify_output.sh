#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# verify --start keeps the service's output bounded (issue 9): it went to
# an unbounded file in $TMPDIR (3.5 GB in 4 s), of which only the last
# 64 KiB was ever shown.  A service that writes as fast as it can
# (tests/e2e/spew.c) runs for 4 s with a probe that never answers; $TMPDIR
# is a tmpfs of the test's own (in a private mount namespace) whose use is
# sampled meanwhile: it must stay small, and what is shown must be the
# output's tail, at most 64 KiB.
. "$(dirname "$0")/lib.sh"
[ "$(id -u)" -eq 0 ] || skip "verify --start needs root"
unshare -n true 2>/dev/null || skip "no network namespaces here"
[ -x /usr/sbin/sshd ] || skip "sshd not installed"
if [ -z "${JT_IN_MOUNTNS:-}" ]; then
	JT_IN_MOUNTNS=1 exec unshare -m --propagation private sh "$0" "$@"
fi
W=$JT_TEST_WORK/verify_output
rm -rf "$W" && mkdir -p "$W/tmp" || fail mkdir
mount -t tmpfs -o size=128m none "$W/tmp" || fail "tmpfs"
export TMPDIR="$W/tmp"
JT_TIMEOUT=300

cc -static -O2 -o "$W/spew" "$JT_SRCDIR/tests/e2e/spew.c" ||
    skip "no static C toolchain"
expect_exit 0 jt build -s / -p sshd -n spew -q -o "$W/jail"
install -m 755 "$W/spew" "$W/jail/usr/bin/spew" || fail install
mkdir -p "$W/prof" && cat > "$W/prof/sshd-2222.profile" <<'EOP'
include sshd
[linux]
probe tcp 2222 SSH-2.0-
EOP
cat > "$W/spew.conf" <<EOC
spew {
	path = "$W/jail";
	exec.start = "/usr/bin/ssh-keygen -A";
	exec.start += "/usr/bin/spew";
	exec.start += "/usr/sbin/sshd -D -e";
}
EOC
used() { df -k --output=used "$TMPDIR" | tail -1 | tr -d ' '; }
base=$(used)
"$JAILTRIM" verify -P "$W/prof" -p sshd-2222 -c "$W/spew.conf" --start \
    --timeout 4 "$W/jail" >"$W/out" 2>"$W/err" &
pid=$!
max=0
while kill -0 "$pid" 2>/dev/null; do
	u=$(used)
	[ "$u" -gt "$max" ] && max=$u
	sleep 0.2
done
wait "$pid"; rc=$?
[ "$rc" -eq 3 ] || { cat "$W/err" >&2; fail "verify exited $rc, expected 3"; }
assert_grep "no answer in 4000 ms: probe 'tcp 2222 SSH-2.0-'" "$W/err"
ERR=$W/err no_sanitizer_report verify_output
grew=$((max - base))
note "TMPDIR grew by at most $grew KiB while the service wrote"
[ "$grew" -lt 4096 ] || fail "TMPDIR grew by $grew KiB"
# the tail of the output, 64 KiB at most (16-byte lines), not its head
grep '^  | spew [0-9]*$' "$W/err" > "$W/shown"
n=$(wc -l < "$W/shown")
[ "$n" -gt 3000 ] && [ "$n" -le 4097 ] || fail "$n lines of output shown"
first=$(head -1 "$W/shown" | awk '{print $3 + 0}')
[ "$first" -gt 4096 ] || fail "the output shown starts at line $first"
note "$n lines shown, from line $first on"
umount "$W/tmp"
rm -rf "$W"
