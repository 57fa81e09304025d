#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# jailtrim shrink on a fat FreeBSD jail: the fixture's whole base, plus a
# cross-compiled package in /usr/local, a user with files in his home, a
# changed sshd_config and sshd_enable="YES".  --detect keeps sshd (and
# /etc/rc) working, the user data and the changed file, removes >= 90 %
# of the bytes by group; --apply --backup then restore gives back the
# very same tree; a shrink killed at any point leaves the original, or a
# tree the backup restores.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib_freebsd.sh"
ROOT=$(fixture_root)
freebsd_objs
W=$JT_TEST_WORK/shrink_freebsd
rm -rf "$W" && mkdir -p "$W" || fail mkdir
JT_TIMEOUT=600

fat() {		# a fresh fat jail at $1
	rm -rf "$1" && cp -a "$ROOT" "$1" || fail "cp"
	rm -f "$1/.complete"
	mkdir -p "$1/usr/local/sbin" "$1/usr/local/lib" "$1/home/alice" &&
	cp "$OBJ64/prog_foo" "$1/usr/local/sbin/foo" &&
	cp "$OBJ64/libfoo.so.1" "$1/usr/local/lib/libfoo.so.1" &&
	echo "alice:*:1001:1001:Alice:/home/alice:/bin/sh" >> "$1/etc/passwd" &&
	echo "my notes" > "$1/home/alice/notes.txt" &&
	mkdir -p "$1/home/alice/bin" &&
	cp "$OBJ64/prog_foo" "$1/home/alice/bin/foo" &&
	chown -R 1001:1001 "$1/home/alice" &&
	echo "PermitRootLogin no	# changed" >> "$1/etc/ssh/sshd_config" &&
	echo 'sshd_enable="YES"' >> "$1/etc/rc.conf" &&
	echo 'cron_enable="YES"' >> "$1/etc/rc.conf" &&
	ln "$1/usr/local/sbin/foo" "$1/usr/local/sbin/foo-link" || fail "fat"
}

fat "$W/fat"
python3 "$JT_SRCDIR/tests/e2e/treesum.py" "$W/fat" > "$W/orig.sum" || fail sum

# The dry run: groups, bytes, and nothing touched.  (A program in a home
# directory is user data, and keeps what it needs.)
expect_exit 0 jt shrink --detect --base "$ROOT" -o "$W/remove.txt" "$W/fat"
cat "$OUT" >&2
assert_grep 'would remove [0-9]+ of [0-9]+ entries' "$OUT"
for g in 'headers' 'static libraries' 'documentation' 'unused libraries' \
    'unused programs'; do
	assert_grep "MB +[0-9]+  $g" "$OUT"
done
pct=$(sed -n 's/.*(\([0-9]*\)\.[0-9]%)$/\1/p' "$OUT" | head -1)
[ "${pct:-0}" -ge 90 ] || fail "removes only ${pct}% of the bytes"
grep -qx /usr/include/stdio.h "$W/remove.txt" || fail "remove.txt"
# the program in /usr/local is not the base's and no package database
# registers it: of unknown provenance, it stays (issue 12)
! grep -qx /usr/local/sbin/foo "$W/remove.txt" ||
    fail "a program of unknown provenance would go"
! grep -qx /usr/local/lib/libfoo.so.1 "$W/remove.txt" ||
    fail "the library a program in a home directory needs would go"
! grep -Eq '^/home/alice|^/etc/ssh/sshd_config$|^/usr/sbin/sshd$' "$W/remove.txt" ||
    fail "would remove what is needed"
python3 "$JT_SRCDIR/tests/e2e/treesum.py" "$W/fat" | cmp -s - "$W/orig.sum" ||
    fail "the dry run changed the jail"
expect_exit 0 jt shrink --detect --base "$ROOT" --why "$W/fat"
assert_grep '^kept /usr/sbin/sshd: ' "$OUT"
assert_grep '^kept /home/alice/notes.txt: a home directory' "$OUT"
# cron has no profile: its rc.d script and the program its command= names
assert_grep '^kept /usr/sbin/cron: command of cron' "$OUT"
assert_grep '^kept /etc/rc.d/cron: .*cron_enable=YES in /etc/rc.conf' "$OUT"

# Apply, with its backup; then the kept services verify.
expect_exit 2 jt shrink --detect --base "$ROOT" --apply "$W/fat"
t0=$(date +%s%N)
expect_exit 0 jt shrink --detect --base "$ROOT" --apply --backup "$W/fat.tzst" "$W/fat"
ms=$((($(date +%s%N) - t0) / 1000000))
assert_grep ': ok$' "$OUT"
[ -f "$W/fat/home/alice/notes.txt" ] && [ -x "$W/fat/usr/sbin/sshd" ] &&
    grep -q '# changed' "$W/fat/etc/ssh/sshd_config" && [ -f "$W/fat/etc/rc" ] ||
    fail "kept files missing after apply"
[ ! -e "$W/fat/usr/include" ] || fail "/usr/include still there"
note "after: $(du -sk "$W/fat" | cut -f1) KiB, from $(du -sk "$ROOT" | cut -f1) KiB"
expect_exit 0 jt verify --rc -p sshd "$W/fat"

# Restore: the same tree, every path's type, content, mode, owner, link
# target, and the hard-link groups.
expect_exit 0 jt restore "$W/fat.tzst" "$W/fat"
python3 "$JT_SRCDIR/tests/e2e/treesum.py" "$W/fat" > "$W/restored.sum"
diff "$W/orig.sum" "$W/restored.sum" >&2 || fail "restore differs"

# Killed at several points: during the backup (by time), and during the
# removal (once the backup is in place): the original, or restorable.
kill_at() {	# WHEN: "N%" of a whole apply's time, or "+S" s after the backup
	fat "$W/k"
	rm -f "$W/k.tzst"
	"$JAILTRIM" shrink --detect --base "$ROOT" --apply --backup "$W/k.tzst" "$W/k" \
	    >/dev/null 2>&1 &
	pid=$!
	case $1 in
	*%)	sleep "$(awk "BEGIN { print $ms * ${1%\%} / 100000 }")" ;;
	+*)	while [ ! -f "$W/k.tzst" ] && kill -0 "$pid" 2>/dev/null; do
			sleep 0.005
		done
		sleep "${1#+}" ;;
	esac
	kill -KILL "$pid" 2>/dev/null; wait "$pid"
	python3 "$JT_SRCDIR/tests/e2e/treesum.py" "$W/k" > "$W/k.sum"
	if cmp -s "$W/k.sum" "$W/orig.sum"; then
		note "killed at $1: untouched"
		return
	fi
	[ -f "$W/k.tzst" ] || fail "killed at $1: changed, and no backup"
	expect_exit 0 jt restore "$W/k.tzst" "$W/k"
	python3 "$JT_SRCDIR/tests/e2e/treesum.py" "$W/k" > "$W/k.sum"
	diff "$W/orig.sum" "$W/k.sum" >&2 || fail "killed at $1: not restored"
	note "killed at $1: restored"
}
for when in 10% 50% +0 +0.05 +0.2; do
	kill_at "$when"
done
# Refusals.
expect_exit 1 jt shrink -p sshd /
assert_grep 'refusing to shrink' "$ERR"
echo "shrink_freebsd: ok"
