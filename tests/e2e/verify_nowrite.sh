#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# verify --start never writes the jail (issue 9): where no overlay can be
# made over it, it used to be bind-mounted read-write, and the service's
# writes (sshd's host keys from ssh-keygen -A) landed in the jail on disk.
# A real case: a jail on nested overlays (as in CI containers), where a
# third overlay exceeds the kernel's stacking depth and an idmapped mount
# is refused.  Both confined and --unconfined runs must leave it as it
# was: it is started from a throw-away copy instead, or refused when
# that cannot be made.  The overlays live in a private mount namespace of
# the test.
. "$(dirname "$0")/lib.sh"
[ "$(id -u)" -eq 0 ] || skip "verify --start needs root"
unshare -n true 2>/dev/null || skip "no network namespaces here"
[ -x /usr/sbin/sshd ] || skip "sshd not installed"
if [ -z "${JT_IN_MOUNTNS:-}" ]; then
	JT_IN_MOUNTNS=1 exec unshare -m --propagation private sh "$0" "$@"
fi
W=$JT_TEST_WORK/verify_nowrite
rm -rf "$W" && mkdir -p "$W/tmp" || fail mkdir
export TMPDIR="$W/tmp"
JT_TIMEOUT=300

cc -O2 -o "$W/nouserns" "$JT_SRCDIR/tests/e2e/nouserns.c" || fail "cc"
for d in l1 u1 w1 m1 u2 w2 m2; do mkdir "$W/$d" || fail mkdir; done
mount -t overlay none -o "lowerdir=$W/l1,upperdir=$W/u1,workdir=$W/w1" \
    "$W/m1" || skip "no overlayfs"
mount -t overlay none -o "lowerdir=$W/m1,upperdir=$W/u2,workdir=$W/w2" \
    "$W/m2" || skip "no nested overlayfs"
J=$W/m2/sshd
expect_exit 0 jt build -s / -p sshd -n sshd -q -o "$J"
sum() { (cd "$J" && find . -printf '%p %s %m %U %G %T@\n' | sort | cksum); }
before=$(sum)

# neither an idmapped mount nor an overlay: a throw-away copy, its owners
# shifted into the user namespace (sshd checks them)
expect_exit 0 jt verify -p sshd --start --timeout 60 "$J"
no_sanitizer_report "verify_nowrite"
[ "$(sum)" = "$before" ] || fail "confined: the start changed the jail"
assert_grep 'started and answered in .* \(writes went to a throw-away copy\)' "$OUT"

expect_exit 0 "$W/nouserns" "$JAILTRIM" verify -p sshd --start --unconfined \
    --timeout 60 "$J"
no_sanitizer_report "verify_nowrite"
[ "$(sum)" = "$before" ] || fail "unconfined: the start changed the jail"
assert_grep 'started and answered in .* \(writes went to a throw-away copy\)' "$OUT"

# too big for the run's tmpfs: refused, the jail untouched
truncate -s 600M "$J/big" || fail truncate
before=$(sum)
expect_exit 3 jt verify -p sshd --start --timeout 60 "$J"
no_sanitizer_report "verify_nowrite"
assert_grep 'verify: start: an idmapped mount of the jail: .*; a copy of the jail: .*No space left on device \(a jail is never started writable\)' "$ERR"
[ "$(sum)" = "$before" ] || fail "the refused start changed the jail"
umount "$W/m2" "$W/m1"
rm -rf "$W"
