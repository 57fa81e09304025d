#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# source_cache_small: the source cache (issue 16 item 3) on small tarballs
# made here.  A second build is served from the cache; a tarball changed
# in the middle with its size and mtime kept (touch -r), or grown, is
# read again, never served stale; --no-cache and JAILTRIM_CACHE=off write
# nothing; --cache-max removes the least recently used entries; a cache
# that cannot be created or written is a warning and the build the same;
# concurrent runs on one cache all succeed and leave it whole;
# the default directory is $XDG_CACHE_HOME/jailtrim, created 0700.
. "$(dirname "$0")/lib.sh"

command -v python3 >/dev/null || skip "python3 not installed"
W=$JT_TEST_WORK/source_cache_small
chattr -R -i "$W" 2>/dev/null
rm -rf "$W" && mkdir -p "$W" || fail "cannot create $W"
unset JAILTRIM_CACHE
JAILTRIM_CACHE_LOG=1
export JAILTRIM_CACHE_LOG

# mktar NAME FILL: $W/NAME.tar holding /etc/f: 200 KiB of FILL, "MIDDLE",
# 200 KiB of FILL
mktar() {
	mkdir -p "$W/r-$1/etc" && python3 -c 'import sys
b = sys.argv[2].encode() * (200 * 1024 // len(sys.argv[2]))
open(sys.argv[1], "wb").write(b + b"MIDDLE" + b)' "$W/r-$1/etc/f" "$2" &&
	    tar -cf "$W/$1.tar" -C "$W/r-$1" . || fail "cannot make $1.tar"
}
# build NAME TAR ARGS...: jail tarball $W/NAME.out.tar with /etc/f
build() {
	_n=$1 _t=$2; shift 2
	expect_exit 0 jt build -q -s "$_t" -i /etc/f -n x \
	    -t "$W/$_n.out.tar" "$@"
	no_sanitizer_report "$_n"
}
served() { grep -q "served from the cache" "$ERR"; }

mktar a "a"
build a1 "$W/a.tar" --cache "$W/c"
served && fail "a1: served from an empty cache"
assert_grep "stored in the cache" "$ERR"
build a2 "$W/a.tar" --cache "$W/c"
served || { cat "$ERR" >&2; fail "a2: not served from the cache"; }
cmp -s "$W/a1.out.tar" "$W/a2.out.tar" || fail "a2: another jail tarball"

# Stale: one byte in the middle, size and mtime kept.
cp -p "$W/a.tar" "$W/ref" || fail "cp"
python3 -c 'import sys
f = open(sys.argv[1], "r+b"); d = f.read(); i = d.index(b"MIDDLE")
f.seek(i); f.write(b"middle")' "$W/a.tar" || fail "cannot edit a.tar"
touch -r "$W/ref" "$W/a.tar"
[ "$(stat -c %s.%Y "$W/a.tar")" = "$(stat -c %s.%Y "$W/ref")" ] ||
    fail "size or mtime of a.tar changed"
build a3 "$W/a.tar" --cache "$W/c"
served && fail "a3: a changed tarball was served from the cache"
tar -xOf "$W/a3.out.tar" ./etc/f | grep -q middle ||
    fail "a3: the jail has the old content of /etc/f"
# Stale: larger (a tar's end of archive is zero blocks: still valid).
build a4 "$W/a.tar" --cache "$W/c"
served || fail "a4: not served from the cache"
truncate -s +10240 "$W/a.tar" && touch -r "$W/ref" "$W/a.tar" || fail "grow"
build a5 "$W/a.tar" --cache "$W/c"
served && fail "a5: a grown tarball was served from the cache"
cmp -s "$W/a3.out.tar" "$W/a5.out.tar" || fail "a5: another jail tarball"

# --no-cache and JAILTRIM_CACHE=off: nothing read or written.
mktar b "b"
build b1 "$W/b.tar" --cache "$W/c" --no-cache
grep -q cache "$ERR" && fail "b1: --no-cache used the cache"
JAILTRIM_CACHE=off build b2 "$W/b.tar"
grep -q cache "$ERR" && fail "b2: JAILTRIM_CACHE=off used the cache"
JAILTRIM_CACHE=$W/envc build b3 "$W/b.tar"
[ -d "$W/envc/idx" ] || fail "b3: JAILTRIM_CACHE=DIR not used"

# The default: $XDG_CACHE_HOME/jailtrim, made 0700.
XDG_CACHE_HOME=$W/xdg build b4 "$W/b.tar"
[ "$(stat -c %a "$W/xdg/jailtrim")" = 700 ] ||
    fail "b4: the default cache is not $W/xdg/jailtrim, 0700"
XDG_CACHE_HOME=$W/xdg build b5 "$W/b.tar"
served || fail "b5: not served from the default cache"

# Unwritable: a file in the way (root can write anywhere else).
: >"$W/file"
build u1 "$W/b.tar" --cache "$W/file/c"
assert_grep "warning: cache .*cannot create it" "$ERR"
cmp -s "$W/b1.out.tar" "$W/u1.out.tar" || fail "u1: another jail tarball"
# An existing cache on a read-only mount: read, not written.
if unshare -m true 2>/dev/null; then
	mkdir -p "$W/ro/idx" "$W/ro/obj" || fail "mkdir"
	expect_exit 0 unshare -m sh -c 'mount --bind "$1" "$1" &&
	    mount -o remount,ro,bind "$1" && shift &&
	    exec timeout 120 "$@"' sh "$W/ro" "$JAILTRIM" build -q \
	    -s "$W/b.tar" -i /etc/f -n x -t "$W/u2.out.tar" --cache "$W/ro"
	no_sanitizer_report u2
	assert_grep "warning: cache .*cannot write to it" "$ERR"
	cmp -s "$W/b1.out.tar" "$W/u2.out.tar" || fail "u2: another tarball"
else
	note "unshare -m unavailable: read-only cache not tested"
fi

# Concurrent runs on one empty cache: each writes whole entries or none.
mktar g "gg"
for i in 1 2 3 4; do
	timeout 120 "$JAILTRIM" build -q -s "$W/g.tar" -i /etc/f -n x \
	    -t "$W/g$i.out.tar" --cache "$W/conc" 2>"$W/g$i.err" &
done
wait
for i in 1 2 3 4; do
	[ -s "$W/g$i.out.tar" ] && ! grep -q warning "$W/g$i.err" ||
	    { cat "$W/g$i.err" >&2; fail "concurrent run $i"; }
	cmp -s "$W/g1.out.tar" "$W/g$i.out.tar" || fail "g$i: another tarball"
done
build g5 "$W/g.tar" --cache "$W/conc"
served || fail "g5: not served after concurrent runs"
ls -A "$W/conc/idx" "$W/conc/obj" | grep -q "^tmp\." && fail "temporary files left"

# LRU: c, d, e cached in turn, c used again; then f with --cache-max 1M
# (each content is 400 KiB) leaves c and f, removes d and e.
for t in c d e f; do mktar $t "$t$t"; done
for t in c d e; do build ${t}1 "$W/$t.tar" --cache "$W/lru"; done
build c2 "$W/c.tar" --cache "$W/lru"
served || fail "c2: not served"
build f1 "$W/f.tar" --cache "$W/lru" --cache-max 1M
assert_grep "least recently used entries removed" "$ERR"
total=$(find "$W/lru" -type f -printf '%s\n' | awk '{ s += $1 } END { print s }')
[ "$total" -le 1048576 ] || fail "f1: the cache holds $total bytes"
build c3 "$W/c.tar" --cache "$W/lru" --cache-max 1M
served || fail "c3: the recently used c was evicted"
build d2 "$W/d.tar" --cache "$W/lru" --cache-max 1M
served && fail "d2: the least recently used d was kept"
expect_exit 2 jt build -s "$W/d.tar" -i /etc/f --cache-max 1K
assert_grep "cache-max 1K" "$ERR"
exit 0
