#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# jailtrim verify, static: FreeBSD jails built from the fixture pass; the
# same jails with a library, a symbol version, the sshd user, a PAM module
# or a directory's mode broken fail, each naming what is missing.
. "$(dirname "$0")/lib.sh"
ROOT=$(fixture_root)
W=$JT_TEST_WORK/verify_static
{ [ ! -d "$W" ] || find "$W" -type d -exec chmod u+w {} +; } && rm -rf "$W" && mkdir -p "$W" ||
    fail mkdir

expect_exit 0 "$JAILTRIM" build -q -s "$ROOT" -p sshd -o "$W/sshd" -t "$W/sshd.txz" -j "$W/sshd.conf"
expect_exit 0 "$JAILTRIM" build -q -s "$ROOT" -p unbound -o "$W/unbound" -j "$W/unbound.conf"
expect_exit 0 "$JAILTRIM" build -q -s "$ROOT" -p unbound --rc -o "$W/unbound-rc" -j "$W/unbound-rc.conf"
expect_exit 0 "$JAILTRIM" verify -p sshd -c "$W/sshd.conf" "$W/sshd"
assert_grep ': ok$' "$OUT"
expect_exit 0 "$JAILTRIM" verify -p unbound -c "$W/unbound.conf" "$W/unbound"
expect_exit 0 "$JAILTRIM" verify --rc -p unbound -c "$W/unbound-rc.conf" "$W/unbound-rc"
# A FreeBSD jail is started by FreeBSD only.
expect_exit 1 "$JAILTRIM" verify -p sshd --start "$W/sshd"
assert_grep 'a FreeBSD jail cannot be started on this host' "$ERR"

# The stanza's exec.start must run something the jail has, found as
# jail(8) finds it, and its path must be the jail.
sed 's|exec.start = "/bin/sh /etc/rc"|exec.start = "/bin/sh /etc/rc"; exec.start += "service nosuch start"|' \
    "$W/unbound-rc.conf" > "$W/bad.conf"
expect_exit 3 "$JAILTRIM" verify --rc -p unbound -c "$W/bad.conf" "$W/unbound-rc"
assert_grep 'jail.conf exec.start "service nosuch start": service is not in the jail \(searched /sbin:/bin' "$ERR"
expect_exit 3 "$JAILTRIM" verify -p unbound -c "$W/unbound-rc.conf" "$W/unbound"
assert_grep "jail.conf: jail [a-z]+ has path $W/unbound-rc, which is not $W/unbound" "$ERR"
printf 'unbound {\n\tpath = "%s";\n\texec.start = "/usr/sbin/unbound\n' "$W/unbound" > "$W/bad.conf"
expect_exit 3 "$JAILTRIM" verify -p unbound -c "$W/bad.conf" "$W/unbound"
assert_grep "bad.conf:3: unterminated quoted string" "$ERR"
# A tarball is verified in place.
expect_exit 0 "$JAILTRIM" verify -p sshd "$W/sshd.txz"
# The fat base itself lacks nothing sshd needs but pwd.db still matches.
expect_exit 0 "$JAILTRIM" verify -p sshd --json "$W/sshd"
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d["ok"] and d["objects"] > 20' "$OUT" ||
    fail "json"

# broken CASE: a fresh copy of the sshd jail in $B
broken() { B=$W/$1; rm -rf "$B" && cp -a "$W/sshd" "$B" || fail "cp"; }

broken nolib
rm "$B/lib/libz.so.6"
expect_exit 3 "$JAILTRIM" verify -p sshd "$B"
assert_grep 'verify: /usr/sbin/sshd: .* needs libz.so.6: not found' "$ERR"

broken noversion
chmod u+w "$B/lib/libc.so.7"
python3 "$JT_SRCDIR/tests/e2e/unversion.py" "$B/lib/libc.so.7" FBSD_1.3 || fail patch
expect_exit 3 "$JAILTRIM" verify -p sshd "$B"
assert_grep 'version FBSD_1.3' "$ERR"

broken nopam
rm "$B/usr/lib/pam_unix.so.5"
expect_exit 3 "$JAILTRIM" verify -p sshd "$B"
assert_grep 'pam.d/sshd:[0-9]+: PAM module pam_unix.so not found' "$ERR"

broken nouser
grep -v '^sshd:' "$B/etc/passwd" > "$B/passwd" && mv "$B/passwd" "$B/etc/passwd"
expect_exit 3 "$JAILTRIM" verify -p sshd "$B"
assert_grep 'user sshd is not in the source.s /etc/passwd' "$ERR"

# passwd says sshd, the database libc reads does not: a mismatch.
broken nodb
cp "$W/unbound/etc/pwd.db" "$B/etc/pwd.db"
expect_exit 3 "$JAILTRIM" verify -p sshd "$B"
assert_grep 'user sshd is in /etc/passwd but not in /etc/pwd.db' "$ERR"

broken dirmode
chmod 0777 "$B/var/empty"
expect_exit 3 "$JAILTRIM" verify -p sshd "$B"
assert_grep '/var/empty is 0777 root:wheel, needs 0555 root:wheel' "$ERR"

broken noconfig
rm "$B/etc/ssh/sshd_config"
expect_exit 3 "$JAILTRIM" verify -p sshd "$B"
assert_grep '/etc/ssh/sshd_config is not in the source' "$ERR"
echo "verify_static: ok"
