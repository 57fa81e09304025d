#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# shrink -c JAILCONF [-n NAME]: the jail's own jail.conf stanza says what
# jail(8) runs in it.  exec.start running /etc/rc makes it an rc jail
# even when rc.conf turns every service off (its shell, libc and loader
# stay); any other exec.start/exec.stop program stays with the files its
# command names; a stanza for another directory, an unknown jail or a
# program the jail lacks is an error before anything is read.
. "$(dirname "$0")/lib.sh"
ROOT=$(fixture_root)
W=$JT_TEST_WORK/shrink_jailconf
rm -rf "$W" && mkdir -p "$W" || fail mkdir

J=$W/off
rm -rf "$J" && cp -a "$ROOT" "$J" && rm -f "$J/.complete" || fail cp
# every service the defaults enable, turned off
sed -n 's/^\([a-z0-9_]*_enable\)="YES".*/\1=NO/p' "$J/etc/defaults/rc.conf" > "$J/etc/rc.conf"
[ -s "$J/etc/rc.conf" ] || fail "rc.conf"
mkdir -p "$J/usr/local/sbin" "$J/usr/local/etc" &&
cp "$J/usr/bin/yes" "$J/usr/local/sbin/appd" &&
echo "conf" > "$J/usr/local/etc/appd.conf" || fail plant
cat > "$W/jail.conf" <<C
exec.stop = "/bin/sh /etc/rc.shutdown";
rcjail { path = "$J"; exec.start = "/bin/sh /etc/rc"; }
appjail { path = "$J"; exec.start = "appd -f /usr/local/etc/appd.conf"; exec.stop = ""; }
other { path = "$W"; exec.start = "/bin/sh /etc/rc"; }
gone { path = "$J"; exec.start = "/usr/local/bin/nothere"; }
C

# Without the stanza (or --detect, --rc) nothing says the jail boots:
# what /etc/rc runs (rcorder, sysctl) goes.
expect_exit 0 jt shrink --base "$ROOT" -o "$W/none.rm" "$J"
grep -qx /sbin/rcorder "$W/none.rm" || fail "without -c: rcorder kept (test premise)"

# exec.start = /bin/sh /etc/rc: an rc jail.
expect_exit 0 jt shrink --base "$ROOT" -c "$W/jail.conf" -n rcjail --why -o "$W/rc.rm" "$J"
for p in /bin/sh /lib/libc.so.7 /libexec/ld-elf.so.1 /etc/rc /sbin/rcorder \
    /etc/rc.shutdown; do
	! grep -qx "$p" "$W/rc.rm" || fail "exec.start /etc/rc: $p would go"
done
assert_grep '^kept /etc/rc.shutdown: jail.conf exec.stop "/bin/sh /etc/rc.shutdown"' "$OUT"
grep -qx /usr/sbin/syslogd "$W/rc.rm" || fail "a service turned off is kept"

# exec.start runs a program by bare name, found on jail(8)'s PATH: it and
# the config it names stay; nothing boots /etc/rc.
expect_exit 0 jt shrink --base "$ROOT" -c "$W/jail.conf" -n appjail --why -o "$W/app.rm" "$J"
assert_grep '^kept /usr/local/sbin/appd: jail.conf exec.start "appd -f /usr/local/etc/appd.conf"' "$OUT"
assert_grep '^kept /usr/local/etc/appd.conf: ' "$OUT"
! grep -qx /lib/libc.so.7 "$W/app.rm" || fail "appd's libc would go"
grep -qx /sbin/rcorder "$W/app.rm" || fail "no rc jail, rcorder kept"

# Errors, before any work: another jail's path, several jails and no -n,
# an unknown jail, a program the jail lacks, -n without -c.
expect_exit 1 jt shrink -c "$W/jail.conf" -n other "$J"
assert_grep "jail other has path $W, which is not $J" "$ERR"
expect_exit 1 jt shrink -c "$W/jail.conf" "$J"
assert_grep 'name the jail with -n NAME' "$ERR"
expect_exit 1 jt shrink -c "$W/jail.conf" -n nosuch "$J"
assert_grep "$W/jail.conf" "$ERR"
expect_exit 1 jt shrink --base "$ROOT" -c "$W/jail.conf" -n gone "$J"
assert_grep 'nothere.*jail.conf exec.start "/usr/local/bin/nothere" runs it, but the jail has no such program' "$ERR"
expect_exit 2 jt shrink -n rcjail "$J"
assert_grep 'give -c JAILCONF' "$ERR"
echo "shrink_jailconf: ok"
