#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# Removals and writes that never leave their target (issue 9): a bind
# mount below a jail stops build --force and shrink --apply; --force
# replaces only a jail jailtrim marked (else --force-any); a symbolic link
# in the destination's parent is resolved once at the start and the exchange leaves the
# new tree alone in place; a link planted at -j is replaced, not followed;
# existing, self-overwriting and misnamed outputs are refused before any
# work (exit 2); the tarball's mode follows the umask and is 0600 when it
# holds a private file; leftovers of dead runs are swept, live ones kept.
. "$(dirname "$0")/lib.sh"
[ "$(id -u)" -eq 0 ] || skip "needs root (bind mounts, the trusted.jailtrim marker)"
unshare -m true 2>/dev/null || skip "no mount namespaces here"
W=$JT_TEST_WORK/write_safety
chattr -R -i "$W" 2>/dev/null
rm -rf "$W" && mkdir -p "$W" || fail mkdir
S=$W/src
mkdir -p "$S/etc" && echo hi > "$S/etc/motd" && echo key > "$S/etc/secret" &&
    chmod 600 "$S/etc/secret" || fail "source"

# marked DIR: the jail root carries jailtrim's marker (a trusted.* xattr).
marked() {
	python3 -c 'import os, sys
sys.exit(os.getxattr(sys.argv[1], "trusted.jailtrim") != b"jailtrim:jail")' "$1" 2>/dev/null
}
# set_mark DIR VALUE: what a run of jailtrim leaves on its temporary tree.
set_mark() {
	python3 -c 'import os, sys
os.setxattr(sys.argv[1], "trusted.jailtrim", sys.argv[2].encode())' "$1" "$2" ||
	    fail "setxattr $1"
}

# --- 1. a bind mount below the target: refused, the host's file kept ---
expect_exit 0 jt build -s "$S" -i /etc/motd -q -o "$W/jail"
marked "$W/jail" || fail "the jail carries no jailtrim marker"
mkdir -p "$W/host" "$W/jail/mnt" "$W/sj/etc" "$W/sj/usr/share/doc/mnt" &&
    echo precious > "$W/host/precious" && echo hi > "$W/sj/etc/motd" &&
    echo doc > "$W/sj/usr/share/doc/readme" || fail "mount fixtures"
export W S JAILTRIM
unshare -m --propagation private sh -c '
	mount --bind "$W/host" "$W/jail/mnt" &&
	    mount --bind "$W/host" "$W/sj/usr/share/doc/mnt" || exit 9
	"$JAILTRIM" build -s "$S" -i /etc/motd -q -o "$W/jail" --force \
	    >/dev/null 2>"$W/b.err"
	echo $? > "$W/b.rc"
	"$JAILTRIM" shrink -i /etc/motd --apply --backup "$W/sj.tar" "$W/sj" \
	    >/dev/null 2>"$W/s.err"
	echo $? > "$W/s.rc"
	umount "$W/jail/mnt" "$W/sj/usr/share/doc/mnt"' || fail "mount namespace"
[ -f "$W/host/precious" ] || fail "a host file behind a bind mount was deleted"
[ "$(cat "$W/b.rc")" -eq 1 ] || { cat "$W/b.err" >&2; fail "build --force over a mount: exit $(cat "$W/b.rc")"; }
assert_grep "mount point.*$W/jail/mnt" "$W/b.err"
[ -f "$W/jail/etc/motd" ] || fail "the jail was touched"
[ "$(cat "$W/s.rc")" -eq 1 ] || { cat "$W/s.err" >&2; fail "shrink --apply over a mount: exit $(cat "$W/s.rc")"; }
assert_grep "mount point.*$W/sj/usr/share/doc/mnt" "$W/s.err"
[ -f "$W/sj/usr/share/doc/readme" ] || fail "shrink removed files of a refused jail"
[ ! -e "$W/sj.tar" ] || fail "shrink wrote a backup before refusing"
rmdir "$W/jail/mnt"

# --- 2. --force replaces only a jail jailtrim wrote ---
mkdir -p "$W/notours" && echo data > "$W/notours/data" || fail mkdir
expect_exit 2 jt build -s "$S" -i /etc/motd -q -o "$W/notours" --force
assert_grep "notours: is not a jail jailtrim wrote.*--force-any" "$ERR"
[ -f "$W/notours/data" ] || fail "--force replaced a directory jailtrim did not write"
expect_exit 0 jt build -s "$S" -i /etc/motd -q -o "$W/notours" --force-any
[ ! -e "$W/notours/data" ] && [ -f "$W/notours/etc/motd" ] || fail "--force-any"
marked "$W/notours" || fail "no marker after --force-any"
# the marker is on the directory only: tarball and mtree do not change
expect_exit 0 jt build -s "$S" -i /etc/motd -q -t "$W/m1.tar" -m "$W/m1.mtree" --epoch 1
python3 - "$W/m1.tar" <<'PY' || fail "marker in the tarball"
import sys, tarfile
for m in tarfile.open(sys.argv[1]):
    assert not any("xattr" in k for k in m.pax_headers), m.pax_headers
PY

# --- 3. the destination's parent: resolved once, then by descriptor ---
# A link the path has at the start is the admin's (/jails -> /data/jails):
# followed once; the tree is made and installed below the real directory.
mkdir -p "$W/real" && ln -s real "$W/link" || fail mkdir
expect_exit 0 jt build -s "$S" -i /etc/motd -q -o "$W/link/jail"
[ -f "$W/real/jail/etc/motd" ] || fail "the jail is not in the link's target"
ls -d "$W"/real/jail.* 2>/dev/null && fail "trees left beside the jail"
ino=$(stat -c %i "$W/jail")
expect_exit 0 jt build -s "$S" -i /etc/secret -q -o "$W/jail" --force
[ -f "$W/jail/etc/secret" ] && [ ! -e "$W/jail/etc/motd" ] ||
    fail "after --force the old tree's files remain or the new ones are missing"
[ "$(stat -c %i "$W/jail")" != "$ino" ] || fail "the old root is still in place"
ls -d "$W"/jail.* 2>/dev/null && fail "trees left beside the jail"
marked "$W/jail" || fail "no marker after the exchange"

# --- 4. a symbolic link planted at -j is replaced, never followed ---
echo victim > "$W/victim" && ln -s "$W/victim" "$W/j.conf" &&
    ln -s "$W/newvictim" "$W/k.conf" || fail "links"
expect_exit 2 jt build -s "$S" -i /etc/motd -q -j "$W/j.conf"
assert_grep "j.conf: exists \(use --force" "$ERR"
expect_exit 0 jt build -s "$S" -i /etc/motd -q -j "$W/j.conf" --force
expect_exit 0 jt build -s "$S" -i /etc/motd -q -j "$W/k.conf" --force
[ "$(cat "$W/victim")" = victim ] || fail "-j wrote through a symbolic link"
[ ! -e "$W/newvictim" ] || fail "-j created a dangling link's target"
[ -f "$W/j.conf" ] && [ ! -L "$W/j.conf" ] || fail "-j is not a regular file"
assert_grep 'path = ' "$W/j.conf"

# --- 5. outputs checked before any work ---
touch "$W/old.tar" "$W/old.mtree"
expect_exit 2 jt build -s "$S" -i /etc/motd -o "$W/o5" -t "$W/old.tar"
assert_grep "old.tar: exists" "$ERR"
expect_exit 2 jt build -s "$S" -i /etc/motd -o "$W/o5" -m "$W/old.mtree"
assert_grep "old.mtree: exists" "$ERR"
tar -C "$S" -cf "$W/src.tar" . || fail "source tarball"
sum=$(cksum < "$W/src.tar")
expect_exit 2 jt build -s "$W/src.tar" -i /etc/motd -o "$W/o5" -t "$W/src.tar" --force
assert_grep "src.tar: is also a source" "$ERR"
[ "$(cksum < "$W/src.tar")" = "$sum" ] || fail "the source tarball was overwritten"
expect_exit 2 jt build -s "$S" -i /etc/motd -o "$W/o5" -t "$W/x.zip"
assert_grep "x.zip: unknown tarball suffix" "$ERR"
[ ! -e "$W/o5" ] || fail "an output was written before a refusal"
ls "$W"/*.tmp-* 2>/dev/null && fail "temporary files left"

# --- 6. the tarball's mode: the umask, and 0600 with a private file ---
(umask 022; jt build -s "$S" -i /etc/motd -i /etc/secret -q -t "$W/s.tar") || fail "build s.tar"
(umask 027; jt build -s "$S" -i /etc/motd -q -t "$W/p.tar") || fail "build p.tar"
[ "$(stat -c %a "$W/s.tar")" = 600 ] || fail "tarball holding a 0600 file is $(stat -c %a "$W/s.tar")"
[ "$(stat -c %a "$W/p.tar")" = 640 ] || fail "tarball under umask 027 is $(stat -c %a "$W/p.tar")"

# --- 8. leftovers of dead runs on the same target: ours swept only ---
sh -c 'exit 0' & dead=$!
wait $dead
mkdir -p "$W/jail.jailtrim-$dead-aaaaaa/etc" "$W/jail.jailtrim-$$-bbbbbb" \
    "$W/jail.jailtrim-$dead-cccccc/etc" "$W/other.jailtrim-$dead-dddddd" \
    "$W/jail.jailtrim-$dead-eeeeee" || fail mkdir
set_mark "$W/jail.jailtrim-$dead-aaaaaa" "jailtrim:tmp:$dead"
set_mark "$W/jail.jailtrim-$$-bbbbbb" "jailtrim:tmp:$$"
set_mark "$W/other.jailtrim-$dead-dddddd" "jailtrim:tmp:$dead"
expect_exit 0 jt build -s "$S" -i /etc/motd -q -o "$W/jail" --force
[ ! -e "$W/jail.jailtrim-$dead-aaaaaa" ] || fail "a dead run's tree was not swept"
[ -d "$W/jail.jailtrim-$$-bbbbbb" ] || fail "a live run's tree was removed"
[ -d "$W/jail.jailtrim-$dead-cccccc" ] || fail "an unmarked tree was removed"
# killed between the mkdir and the marker: empty, so ours and swept
[ ! -e "$W/jail.jailtrim-$dead-eeeeee" ] || fail "an empty unmarked tree of a dead run was not swept"
[ -d "$W/other.jailtrim-$dead-dddddd" ] || fail "another target's tree was removed"
if [ -f "${JT_FIXTURE_TXZ:-}" ]; then
	# a real killed build: its tree is swept by the next run
	"$JAILTRIM" build -s "$JT_FIXTURE_TXZ" -i /usr/sbin/sshd -i /usr/bin/su \
	    -q -o "$W/killed" >/dev/null 2>&1 &
	pid=$!
	n=0
	while [ $n -lt 300 ] && ! ls -d "$W"/killed.jailtrim-* >/dev/null 2>&1; do
		sleep 0.1; n=$((n + 1))
	done
	kill -9 $pid 2>/dev/null
	wait $pid 2>/dev/null
	if ls -d "$W"/killed.jailtrim-* >/dev/null 2>&1; then
		expect_exit 0 jt build -s "$S" -i /etc/motd -q -o "$W/killed"
		ls -d "$W"/killed.jailtrim-* 2>/dev/null &&
		    fail "a killed build's tree was not swept"
	else
		note "the build finished before it could be killed"
	fi
fi
chattr -R -i "$W" 2>/dev/null
rm -rf "$W"
echo "write_safety: ok"
