#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# source_cache: the source cache (issue 16 item 3) with the fixture.  A
# rebuild of the sshd jail is served from the cache (nothing decoded) and
# writes the same tarball, byte for byte, as a cold build and as one
# without cache; so does `deps`.  A damaged index (one byte) or a
# truncated content entry is reported, removed and rebuilt, and the jail
# is the same.  A copy of the fixture changed in its middle, size and
# mtime kept, is not served from the cache (xz then finds the damage).
. "$(dirname "$0")/lib.sh"

need_fixture
command -v python3 >/dev/null || skip "python3 not installed"
W=$JT_TEST_WORK/source_cache
rm -rf "$W" && mkdir -p "$W" || fail "cannot create $W"
unset JAILTRIM_CACHE
JAILTRIM_CACHE_LOG=1
export JAILTRIM_CACHE_LOG
C=$W/cache

# sshd NAME ARGS...: the sshd jail's tarball, $W/NAME.txz
sshd() {
	_n=$1; shift
	expect_exit 0 jt build -q -s "$JT_FIXTURE_TXZ" -p sshd -n sshd \
	    -t "$W/$_n.txz" --epoch 1400000000 "$@"
	no_sanitizer_report "$_n"
	[ -s "$W/$_n.txz" ] || fail "$_n: no tarball"
}
served() {
	grep -Eq "served from the cache \([0-9]+ contents from it, 0 decoded\)" \
	    "$ERR"
}
same() {
	cmp "$W/$1.txz" "$W/$2.txz" >&2 || fail "$2: not the tarball of $1"
}

sshd cold --cache "$C"
served && fail "cold: served from an empty cache"
[ "$(stat -c %a "$C")" = 700 ] || fail "cold: $C is not 0700"
[ "$(ls "$C/idx" | wc -l)" -eq 1 ] || fail "cold: no index in $C/idx"
sshd warm --cache "$C"
served || { cat "$ERR" >&2; fail "warm: not served from the cache"; }
same cold warm
sshd none --no-cache
grep -q cache "$ERR" && fail "none: --no-cache used the cache"
same cold none

expect_exit 0 jt deps -s "$JT_FIXTURE_TXZ" -f list /usr/sbin/sshd \
    --cache "$C"
served || fail "deps: not served from the cache"
mv "$OUT" "$W/deps.warm"
expect_exit 0 jt deps -s "$JT_FIXTURE_TXZ" -f list /usr/sbin/sshd --no-cache
cmp "$OUT" "$W/deps.warm" >&2 || fail "deps: another closure from the cache"

# One byte of the index changed: removed, read again, stored again.
idx=$(ls "$C"/idx/*)
python3 -c 'import sys
f = open(sys.argv[1], "r+b"); f.seek(5000); b = f.read(1); f.seek(5000)
f.write(bytes([b[0] ^ 1]))' "$idx" || fail "cannot edit $idx"
sshd badidx --cache "$C"
assert_grep "warning: cache .*damaged: removed" "$ERR"
served && fail "badidx: served from a damaged index"
same cold badidx
sshd afteridx --cache "$C"
served || fail "afteridx: the index was not rebuilt"

# A content entry one byte short: removed, decoded again, stored again.
obj=$(ls -S "$C"/obj/* | head -1)
truncate -s -1 "$obj" || fail "truncate"
sshd badobj --cache "$C"
assert_grep "warning: cache .*damaged: removed" "$ERR"
served && fail "badobj: nothing decoded with a truncated entry"
same cold badobj
sshd afterobj --cache "$C"
served || fail "afterobj: the entry was not rebuilt"
same cold afterobj

# A changed copy: never served from the cache of what it was.
cp -p "$JT_FIXTURE_TXZ" "$W/f.txz" && chmod u+w "$W/f.txz" &&
    cp -p "$W/f.txz" "$W/ref" || fail "cp"
expect_exit 0 jt build -q -s "$W/f.txz" -p sshd -n sshd -t "$W/f1.txz" \
    --cache "$C"
python3 -c 'import os, sys
f = open(sys.argv[1], "r+b"); n = os.path.getsize(sys.argv[1]) // 2
f.seek(n); b = f.read(1); f.seek(n); f.write(bytes([b[0] ^ 0x40]))' \
    "$W/f.txz" || fail "cannot edit f.txz"
touch -r "$W/ref" "$W/f.txz"
[ "$(stat -c %s.%Y "$W/f.txz")" = "$(stat -c %s.%Y "$W/ref")" ] ||
    fail "size or mtime of f.txz changed"
expect_exit 1 jt build -q -s "$W/f.txz" -p sshd -n sshd -t "$W/f2.txz" \
    --cache "$C"
no_sanitizer_report f2
grep -q "from the cache" "$ERR" && fail "f2: a changed file was served"
assert_grep "f.txz" "$ERR"
exit 0
