#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# Provenance first (issue 12): a fat jail from the fixture with user
# files owned by a uid no account has in /home/alice, /srv/www, /opt/app
# and /data, /home -> usr/home with a passwd home under /home, a changed
# sshd_config and sshd_enable.  With --base the fixture: nothing unknown
# or changed goes, the symlink stays, >= 85 % of the bytes go, sizes
# count each inode once, restore is exact.  Without --base: nothing of
# unknown provenance goes, and the dry run says so.
. "$(dirname "$0")/lib.sh"
ROOT=$(fixture_root)
W=$JT_TEST_WORK/shrink_prov
rm -rf "$W" && mkdir -p "$W" || fail mkdir
JT_TIMEOUT=600

fat() {		# a fresh fat jail at $1
	rm -rf "$1" && cp -a "$ROOT" "$1" || fail "cp"
	rm -f "$1/.complete"
	rm -rf "$1/home" && mkdir -p "$1/usr/home/freebsd" &&
	ln -s usr/home "$1/home" &&
	echo "freebsd:*:1002:1002:User:/home/freebsd:/bin/sh" >> "$1/etc/passwd" &&
	echo "dotfile" > "$1/usr/home/freebsd/.profile" &&
	for d in home/alice srv/www opt/app data; do
		mkdir -p "$1/$d" && echo "data of $d" > "$1/$d/file.txt" &&
		head -c 200000 /dev/urandom > "$1/$d/blob.bin" || return 1
	done &&
	chown -R 4242:4242 "$1/usr/home/alice" "$1/srv" "$1/opt" "$1/data" &&
	echo "PermitRootLogin no	# changed" >> "$1/etc/ssh/sshd_config" &&
	echo 'sshd_enable="YES"' >> "$1/etc/rc.conf" &&
	ln "$1/data/blob.bin" "$1/data/blob-link.bin" || fail "fat"
}

fat "$W/fat"
python3 "$JT_SRCDIR/tests/e2e/treesum.py" "$W/fat" > "$W/orig.sum" || fail sum

# Without --base: nothing of unknown provenance goes; the dry run says
# how much more --base would let it judge.
expect_exit 0 jt shrink --detect -o "$W/nobase.txt" "$W/fat"
cat "$OUT" >&2
assert_grep 'without --base only the jail.s own evidence counts' "$OUT"
assert_grep 'judge those [1-9][0-9]* entries' "$OUT"
for f in /usr/bin/cc /usr/include/stdio.h /usr/lib/libc.a /bin/ls \
    /usr/home/alice/file.txt /srv/www/file.txt /opt/app/blob.bin \
    /data/file.txt /home; do
	! grep -qx "$f" "$W/nobase.txt" ||
	    fail "without --base $f (no evidence it is the base's) would go"
done

# With --base (the fixture tree; the txz is read the same way).
expect_exit 0 jt shrink --detect --base "$ROOT" -o "$W/base.txt" "$W/fat"
cat "$OUT" >&2
pct=$(sed -n 's/.*(\([0-9]*\)\.[0-9]%)$/\1/p' "$OUT" | head -1)
note "with --base: removes ${pct}% of the bytes"
[ "${pct:-0}" -ge 85 ] || fail "removes only ${pct}% of the bytes"
assert_grep 'kept for provenance: [1-9][0-9]* changed .*, [1-9][0-9]* of unknown' "$OUT"
grep -qx /usr/include/stdio.h "$W/base.txt" || fail "the base's header kept"
! grep -Eq '^/(usr/home|srv|opt|data)(/|$)|^/home$|^/etc/ssh/sshd_config$|^/usr/sbin/sshd$' \
    "$W/base.txt" || fail "would remove unknown, changed or needed entries: $(
    grep -E '^/(usr/home|srv|opt|data)(/|$)|^/home$|^/etc/ssh/sshd_config$' "$W/base.txt")"
expect_exit 0 jt shrink --detect --why --base "$ROOT" "$W/fat"
assert_grep '^kept /home: a symlink on the path' "$OUT"
assert_grep '^kept /etc/ssh/sshd_config: changed from the base' "$OUT"
assert_grep '^kept /srv/www/file.txt: unknown provenance' "$OUT"
assert_grep '^kept /data/blob-link.bin: unknown provenance' "$OUT"
python3 "$JT_SRCDIR/tests/e2e/treesum.py" "$W/fat" | cmp -s - "$W/orig.sum" ||
    fail "the dry run changed the jail"

# Sizes: each inode once.  The jail's total is du's apparent size of
# its regular files counted by inode, and the JSON report's matches.
expect_exit 0 jt shrink --detect --json --base "$ROOT" "$W/fat"
jb=$(sed -n 's/.*"jail_bytes":\([0-9]*\).*/\1/p' "$OUT")
want=$(find "$W/fat" -type f -printf '%i %s\n' | sort -u | awk '{ s += $2 } END { print s }')
[ "$jb" = "$want" ] || fail "jail_bytes $jb, the inodes hold $want"
rb=$(sed -n 's/.*"remove_bytes":\([0-9]*\).*/\1/p' "$OUT")
[ "$rb" -le "$jb" ] || fail "removes $rb of $jb bytes"
assert_grep '"class":"unknown","entries":[1-9]' "$OUT"

# Apply and restore: the same tree.
expect_exit 0 jt shrink --detect --base "$ROOT" --apply --backup "$W/fat.tzst" "$W/fat"
[ -L "$W/fat/home" ] && [ -f "$W/fat/home/freebsd/.profile" ] &&
    [ -f "$W/fat/srv/www/blob.bin" ] && [ -f "$W/fat/data/blob-link.bin" ] &&
    grep -q '# changed' "$W/fat/etc/ssh/sshd_config" || fail "kept entries gone"
[ ! -e "$W/fat/usr/include" ] || fail "/usr/include still there"
expect_exit 0 jt restore "$W/fat.tzst" "$W/fat"
python3 "$JT_SRCDIR/tests/e2e/treesum.py" "$W/fat" > "$W/restored.sum"
diff "$W/orig.sum" "$W/restored.sum" >&2 || fail "restore differs"
echo "shrink_prov: ok"
