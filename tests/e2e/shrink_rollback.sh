#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# After the apply, prove it or roll back: a jail with a planted problem
# the self-check must catch (a kept program in /opt/app whose library is
# nowhere in the jail) is shrunk with --base the fixture's base.txz; the
# self-check fails, the backup is put back automatically, the exit
# status is 3, the message says what failed, and the tree is identical
# to the one before.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib_freebsd.sh"
ROOT=$(fixture_root)
freebsd_objs
W=$JT_TEST_WORK/shrink_rollback
rm -rf "$W" && mkdir -p "$W" || fail mkdir
JT_TIMEOUT=600

J=$W/jail
cp -a "$ROOT" "$J" && rm -f "$J/.complete" &&
mkdir -p "$J/opt/app/bin" && cp "$OBJ64/prog_foo" "$J/opt/app/bin/foo" &&
echo 'sshd_enable="YES"' >> "$J/etc/rc.conf" || fail "jail"
python3 "$JT_SRCDIR/tests/e2e/treesum.py" "$J" > "$W/orig.sum" || fail sum

expect_exit 3 jt shrink --detect --base "$JT_FIXTURE_TXZ" --apply \
    --backup "$W/j.tzst" "$J"
cat "$OUT" "$ERR" >&2
assert_grep 'verify: /opt/app/bin/foo: .*needs libfoo\.so\.1' "$ERR"
assert_grep 'self-check failed: the shrunk jail does not verify' "$ERR"
assert_grep 'rolled back: .* is as it was before the shrink' "$ERR"
python3 "$JT_SRCDIR/tests/e2e/treesum.py" "$J" > "$W/after.sum"
diff "$W/orig.sum" "$W/after.sum" >&2 || fail "the rollback left a different tree"
echo "shrink_rollback: ok"
