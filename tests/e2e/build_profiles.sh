#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# jailtrim build with profiles on the FreeBSD fixture: unbound as a
# single-process jail and as an rc jail; a profile naming what the source
# lacks stops the build.
. "$(dirname "$0")/lib.sh"
ROOT=$(fixture_root)
W=$JT_TEST_WORK/build_profiles
rm -rf "$W" && mkdir -p "$W/p" || fail mkdir

# --- unbound, single process ---
expect_exit 0 "$JAILTRIM" build -s "$ROOT" -p unbound --exec -n unbound \
    -o "$W/exec" -j "$W/exec.conf"
# The report: source against jail, largest files; its figures are the
# written tree's (regular files, each inode once).
want=$(python3 - "$W/exec" <<'PY'
import os, sys
seen, n, b = set(), 0, 0
for d, _, fs in os.walk(sys.argv[1]):
    for f in fs:
        st = os.lstat(os.path.join(d, f))
        if os.path.isfile(os.path.join(d, f)) and not os.path.islink(os.path.join(d, f)) and st.st_ino not in seen:
            seen.add(st.st_ino); n += 1; b += st.st_size
print(f"{n} files, {b} bytes")
PY
)
assert_grep "^jail:   $want " "$OUT"
assert_grep '^jail:   24 files' "$OUT"
assert_grep '^ +2034832 /lib/libcrypto.so.7$' "$OUT"
expect_exit 0 "$JAILTRIM" build -s "$ROOT" -p unbound -n unbound \
    -t "$W/exec.tar" --json --source-size
python3 - "$OUT" <<'PY' || fail "json report"
import json, sys
d = json.load(open(sys.argv[1]))
assert d["jail"]["files"] == 24 and d["source"]["files"] > 16000, d["jail"]
why = {e["path"]: e["why"] for e in d["entries"]}
assert why["/usr/sbin/unbound"].startswith("profile unbound (unbound.profile:"), why["/usr/sbin/unbound"]
assert "libunbound.so.5 of /usr/sbin/unbound (DT_RUNPATH)" in why["/usr/lib/private/libunbound.so.5"]
PY
expect_exit 0 "$JAILTRIM" deps -s "$W/exec" -f list /usr/sbin/unbound
[ "$(wc -l < "$OUT")" -eq 9 ] || fail "unbound closure: $(wc -l < "$OUT") files"
expect_exit 0 "$JAILTRIM" deps -s "$W/exec" --all -f list
[ "$(stat -c %u:%g "$W/exec/var/unbound")" = 59:59 ] ||
    fail "/var/unbound must belong to unbound (59)"
for d in /dev /tmp /var/run; do [ -d "$W/exec$d" ] || fail "$d missing"; done
[ "$(stat -c %a "$W/exec/tmp")" = 1777 ] || fail "/tmp mode"
[ -z "$(ls -A "$W/exec/dev")" ] || fail "/dev must be empty (devfs)"
for f in pwd.db spwd.db master.passwd group; do
	[ -f "$W/exec/etc/$f" ] || fail "/etc/$f missing"
done
assert_grep '^	exec.start = "/usr/sbin/unbound -c /var/unbound/unbound.conf";$' "$W/exec.conf"
[ -e "$W/exec/etc/rc" ] && fail "a single-process jail has no /etc/rc"
kb=$(du -sk "$W/exec" | cut -f1)
note "unbound --exec: $kb KiB"

# --- unbound, rc jail ---
expect_exit 0 "$JAILTRIM" build -s "$ROOT" -p unbound --rc -n unbound \
    -o "$W/rc" -j "$W/rc.conf"
expect_exit 0 "$JAILTRIM" deps -s "$W/rc" --all -f list
for f in /etc/rc /etc/rc.subr /etc/defaults/rc.conf /etc/rc.d/local_unbound \
    /etc/rc.d/FILESYSTEMS /bin/sh /sbin/rcorder /sbin/sysctl \
    /usr/sbin/local-unbound-setup /usr/sbin/unbound-anchor; do
	[ -e "$W/rc$f" ] || fail "rc jail lacks $f"
done
assert_grep '^local_unbound_enable="YES"$' "$W/rc/etc/rc.conf"
assert_grep '^	exec.start = "/bin/sh /etc/rc";$' "$W/rc.conf"
assert_grep '^	exec.stop = "/bin/sh /etc/rc.shutdown";$' "$W/rc.conf"
# /etc/rc skips nojail scripts in a jail: none may be kept.
for s in "$W"/rc/etc/rc.d/*; do
	grep -q '^# KEYWORD:.*nojail' "$s" && fail "kept a nojail script: $s"
done
# Only the REQUIRE closure: far fewer than the base's 165 scripts.
n=$(ls "$W/rc/etc/rc.d" | wc -l)
[ "$n" -lt 20 ] || fail "$n rc.d scripts kept"
kb=$(du -sk "$W/rc" | cut -f1)
[ "$kb" -le 20480 ] || fail "unbound --rc is $kb KiB (aim <= 20 MiB)"
note "unbound --rc: $kb KiB, $n rc.d scripts"

# --- sshd, single process: closure, PAM modules, config, accounts ---
# From the base.txz itself, as an admin would.
expect_exit 0 "$JAILTRIM" build -s "$JT_FIXTURE_TXZ" -p sshd -n sshd -o "$W/sshd" \
    -t "$W/sshd.txz" -j "$W/sshd.conf"
expect_exit 0 "$JAILTRIM" deps -s "$W/sshd" -f list /usr/sbin/sshd
[ "$(wc -l < "$OUT")" -eq 24 ] || fail "sshd closure: $(wc -l < "$OUT") files"
expect_exit 0 "$JAILTRIM" deps -s "$W/sshd" --all -f list
# /etc/pam.d/sshd names six modules (facts §4.1): each, with its closure
for m in opie opieaccess unix nologin login_access permit; do
	[ -f "$W/sshd/usr/lib/pam_$m.so.5" ] || fail "pam_$m.so.5 missing"
done
[ -f "$W/sshd/usr/lib/libopie.so.7" ] || fail "pam_opie's libopie missing"
for f in /etc/pam.d/sshd /etc/ssh/sshd_config /etc/ssh/moduli /usr/bin/ssh-keygen; do
	[ -f "$W/sshd$f" ] || fail "$f missing"
done
[ "$(stat -c %a:%u "$W/sshd/var/empty")" = 555:0 ] || fail "/var/empty mode"
tar -tvJf "$W/sshd.txz" 2>/dev/null | grep -q '^dr-xr-xr-x root/wheel .* \./var/empty/*$' ||
    fail "/var/empty in the tarball"
# accounts: root and sshd only, the four files from one source
grep -v '^#' "$W/sshd/etc/master.passwd" | cut -d: -f1 > "$W/users"
[ "$(tr '\n' ' ' < "$W/users")" = "root sshd " ] || fail "users: $(cat "$W/users")"
grep -q '^sshd:\*:22:22:' "$W/sshd/etc/passwd" || fail "passwd"
grep -q 'sshd' "$W/sshd/etc/pwd.db" || fail "pwd.db lacks sshd"
grep -q 'www' "$W/sshd/etc/pwd.db" && fail "pwd.db still has www"
[ "$(stat -c %a "$W/sshd/etc/spwd.db")" = 600 ] || fail "spwd.db mode"
# host keys are made at first start, never shipped
ls "$W/sshd/etc/ssh/" | grep -q 'host.*key' && fail "host keys in the jail"
assert_grep '^	exec.start = "/usr/bin/ssh-keygen -A";$' "$W/sshd.conf"
assert_grep '^	exec.start \+= "/usr/sbin/sshd";$' "$W/sshd.conf"
kb=$(du -sk "$W/sshd" | cut -f1)
[ "$kb" -le 10240 ] || fail "sshd jail is $kb KiB (at most 10 MiB)"
note "sshd --exec: $kb KiB"

# --- a profile naming what the source lacks: nothing written ---
cat > "$W/p/broken.profile" <<'PROF'
[freebsd]
program /usr/sbin/unbound
file /etc/no-such-file
user nosuchuser
PROF
expect_exit 3 "$JAILTRIM" build -s "$ROOT" -P "$W/p" -p broken -o "$W/broken"
assert_grep 'broken.profile:3\): /etc/no-such-file is not in the source' "$ERR"
assert_grep 'user nosuchuser is not in the source' "$ERR"
[ -e "$W/broken" ] && fail "a jail with problems was written"
printf 'programme /bin/sh\n' > "$W/p/typo.profile"
expect_exit 1 "$JAILTRIM" build -s "$ROOT" -P "$W/p" -p typo -o "$W/typo"
assert_grep 'typo.profile:1: unknown directive' "$ERR"
expect_exit 2 "$JAILTRIM" build -s "$ROOT" -p no-such-profile --dry-run
assert_grep 'no such profile' "$ERR"
echo "build_profiles: ok"
