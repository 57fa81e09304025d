#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# Every jail gets a skeleton jail(8) accepts, profile or not (issue 13
# item 4): a -i-only FreeBSD jail has an empty /dev for devfs, /tmp 1777,
# /var/run, /var/log, the pruned accounts and the source's resolver files,
# and its stanza (mount.devfs) passes verify -c; --bare leaves all that
# out and its stanza has no mount.devfs; -p base keeps working; -i DIR is
# the directory with everything below it, -i DIR/ of an empty directory an
# empty directory.  The same skeleton, Linux's, for a jail of this host.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib_freebsd.sh"
F=$(fixture_root) || fail "cannot extract the fixture"
[ -n "$F" ] || fail "cannot extract the fixture"
W=$JT_TEST_WORK/build_skeleton
rm -rf "$W" && mkdir -p "$W" || fail mkdir

mode() { stat -c %a "$1"; }

# --- a -i-only FreeBSD jail ----------------------------------------------
J=$W/sk
expect_exit 0 jt build -s "$F" -i /bin/sh -n sk -q -o "$J" -j "$J.conf"
[ -d "$J/dev" ] && [ -z "$(ls -A "$J/dev")" ] || fail "no empty /dev"
[ "$(mode "$J/dev")" = 555 ] || fail "/dev is $(mode "$J/dev")"
[ -d "$J/tmp" ] && [ "$(mode "$J/tmp")" = 1777 ] || fail "/tmp is not 1777"
[ -d "$J/var/run" ] && [ -d "$J/var/log" ] || fail "no /var/run or /var/log"
for f in master.passwd passwd pwd.db spwd.db group; do
	[ -f "$J/etc/$f" ] || fail "no /etc/$f"
done
# pruned: root (and the system's own) only, no operator or nobody
cut -d: -f1 "$J/etc/passwd" | grep -qx root || fail "root not kept"
! cut -d: -f1 "$J/etc/passwd" | grep -qx nobody || fail "accounts not pruned"
for f in resolv.conf hosts localtime nsswitch.conf services; do
	if [ -e "$F/etc/$f" ]; then
		[ -e "$J/etc/$f" ] || fail "the source's /etc/$f is not in the jail"
	fi
done
assert_grep '^	mount\.devfs;$' "$J.conf"
expect_exit 0 jt verify -c "$J.conf" "$J"
no_sanitizer_report "skeleton"

# --- --bare: nothing but what was asked for (and its accounts) ------------
B=$W/bare
expect_exit 0 jt build -s "$F" -i /bin/sh -n bare -q --bare -o "$B" -j "$B.conf"
for d in dev tmp var/run var/log; do
	[ ! -e "$B/$d" ] || fail "--bare: /$d is in the jail"
done
[ ! -e "$B/etc/services" ] || fail "--bare: /etc/services is in the jail"
! grep -q devfs "$B.conf" || fail "--bare: the stanza mounts devfs on no /dev"
expect_exit 0 jt verify -c "$B.conf" "$B"
# a stanza that mounts devfs on a jail without /dev is what verify -c refuses
sed 's/^}$/	mount.devfs;\n}/' "$B.conf" >"$B.devfs.conf" || fail sed
expect_exit 3 jt verify -c "$B.devfs.conf" "$B"
assert_grep 'mount.devfs: the jail has no /dev' "$ERR"

# --- -p base, with --bare too: its own /dev ------------------------------
P=$W/base
expect_exit 0 jt build -s "$F" -p base -n base -q --bare -o "$P" -j "$P.conf"
[ -d "$P/dev" ] || fail "-p base --bare: no /dev"
assert_grep 'mount\.devfs' "$P.conf"
expect_exit 0 jt verify -p base -c "$P.conf" "$P"

# --- -i DIR: the directory and all below it; -i DIR/ empty stays empty ----
case_dir build_skeleton_dirs
overlay dirs
echo hello | put_text /srv/site/a/index.html
echo x | put_text /srv/site/b.txt
mkdir -p "$OV/srv/empty" || fail mkdir
D=$W/dirs
expect_exit 0 jt build -s "$F" -s "$OV" -i /srv/site -i /srv/empty/ -n dirs \
    -q --bare -o "$D"
[ -f "$D/srv/site/a/index.html" ] && [ -f "$D/srv/site/b.txt" ] ||
    fail "-i DIR: what is below it is not in the jail"
[ -d "$D/srv/empty" ] && [ -z "$(ls -A "$D/srv/empty")" ] ||
    fail "-i DIR/: not an empty directory"

# --- Linux: a jail of this host's true ------------------------------------
[ -x /bin/true ] && [ -r /lib64/ld-linux-x86-64.so.2 ] ||
    { note "not an x86_64 glibc host: the Linux skeleton is not tested"; exit 0; }
L=$W/linux
expect_exit 0 jt build -s / -i /bin/true -n lx -q -o "$L"
for d in dev proc run var/log; do
	[ -d "$L/$d" ] || fail "linux: no /$d"
done
[ "$(mode "$L/tmp")" = 1777 ] || fail "linux: /tmp is not 1777"
[ "$(cut -d: -f1 "$L/etc/passwd" | tr '\n' ' ')" = "root " ] ||
    fail "linux: passwd holds $(cut -d: -f1 "$L/etc/passwd" | tr '\n' ' ')"
for f in resolv.conf hosts localtime; do
	if [ -e "/etc/$f" ]; then
		[ -e "$L/etc/$f" ] || fail "linux: /etc/$f is not in the jail"
	fi
done
echo "build_skeleton: ok"
