#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# Without --base only the jail's own evidence counts: a file
# freebsd-update's INDEX records with the same sha256 is the base's and
# may go; one it records with another sha256 is changed, and one it does
# not record is of unknown provenance: both stay (issue 12).
. "$(dirname "$0")/lib.sh"
W=$JT_TEST_WORK/shrink_evidence
rm -rf "$W" && mkdir -p "$W" || fail mkdir
J=$W/j
mkdir -p "$J/etc" "$J/usr/share/doc" "$J/var/db/freebsd-update/abc-install" \
    "$J/var/db/freebsd-update/def-rollback" || fail mkdir
echo 'root:*:0:0::/root:/bin/sh' > "$J/etc/passwd" &&
echo "stock a" > "$J/usr/share/doc/a.txt" &&
echo "edited b" > "$J/usr/share/doc/b.txt" &&
echo "mine c" > "$J/usr/share/doc/c.txt" &&
echo "old d" > "$J/usr/share/doc/d.txt" &&
ln -s a.txt "$J/usr/share/doc/l" || fail files
sha() { printf '%s' "$1" | sha256sum | cut -d' ' -f1; }
{
	echo "/usr/share/doc|d|0|0|0755|0||"
	echo "/usr/share/doc/a.txt|f|0|0|0444|0|$(sha "stock a
")|"
	echo "/usr/share/doc/b.txt|f|0|0|0444|0|$(sha "stock b
")|"
	echo "/usr/share/doc/l|L|0|0|0755|0||a.txt"
} > "$J/var/db/freebsd-update/abc-install/INDEX-NEW" &&
echo "/usr/share/doc/d.txt|f|0|0|0444|0|$(sha "old d
")|" > "$J/var/db/freebsd-update/def-rollback/INDEX-OLD" || fail index

expect_exit 0 jt shrink -i /etc/passwd -o "$W/rm.txt" "$J"
cat "$OUT" >&2
for f in /usr/share/doc/a.txt /usr/share/doc/d.txt /usr/share/doc/l; do
	grep -qx "$f" "$W/rm.txt" || fail "$f, the base's by freebsd-update's index, kept"
done
for f in /usr/share/doc/b.txt /usr/share/doc/c.txt /usr/share/doc; do
	! grep -qx "$f" "$W/rm.txt" || fail "$f would go"
done
assert_grep 'kept for provenance: 1 changed .*, 1 of unknown provenance' "$OUT"
assert_grep 'judge those 1 entries' "$OUT"
expect_exit 0 jt shrink -i /etc/passwd --why "$J"
assert_grep '^kept /usr/share/doc/b.txt: changed since installed' "$OUT"
assert_grep '^kept /usr/share/doc/c.txt: unknown provenance \(no --base' "$OUT"
echo "shrink_evidence: ok"
