#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# source_cache_blocks: issue 16 item 3 on a multi-block xz made here.  A
# jail that needs contents the cache does not hold decodes only the xz
# blocks that hold them (the note says how many of how many), and gets
# exactly the jail a build without the cache writes: contents crossing a
# block boundary, hard links, and a hard link whose target name a later
# member replaced; a profile's files in several blocks are decoded side
# by side.  A single-block xz and a gzip tarball decode whole.
. "$(dirname "$0")/lib.sh"

command -v python3 >/dev/null || skip "python3 not installed"
command -v xz >/dev/null || skip "xz not installed"
W=$JT_TEST_WORK/source_cache_blocks
rm -rf "$W" && mkdir -p "$W/r/etc" "$W/r/usr/share" || fail "mkdir $W"
unset JAILTRIM_CACHE
JAILTRIM_CACHE_LOG=1
export JAILTRIM_CACHE_LOG

# 60 files of 20 to 160 KiB that do not compress (so 64 KiB blocks hold
# one to a few of them), one of 600 KiB across several blocks, and /etc.
python3 -c 'import random, sys
rnd = random.Random(16)
for i in range(1, 61):
    open("%s/f%d" % (sys.argv[1], i), "wb").write(
        rnd.randbytes(rnd.randrange(20, 160) * 1024))
open(sys.argv[1] + "/big", "wb").write(rnd.randbytes(600 * 1024))
' "$W/r/usr/share" || fail "cannot make the files"
echo a >"$W/r/etc/a" && echo x1 >"$W/r/etc/x" &&
    ln "$W/r/etc/x" "$W/r/etc/y" && ln "$W/r/usr/share/f60" \
    "$W/r/usr/share/h60" || fail "cannot make /etc"
# /etc/y a hard link to the first /etc/x, then another /etc/x after it.
(cd "$W/r" && tar -cf "$W/t.tar" --format=pax . &&
    echo x2 >"$W/x2" && rm etc/x && cp "$W/x2" etc/x &&
    tar -rf "$W/t.tar" --format=pax ./etc/x) || fail "cannot make t.tar"
xz -T2 --block-size=64KiB -c "$W/t.tar" >"$W/multi.txz" &&
    xz -c "$W/t.tar" >"$W/single.txz" && gzip -c "$W/t.tar" >"$W/t.tgz" ||
    fail "cannot compress"
blocks=$(xz --robot -l "$W/multi.txz" | awk '$1 == "totals" { print $3 }')
[ "${blocks:-0}" -gt 60 ] || fail "multi.txz has ${blocks:-?} blocks"

# build NAME SRC ARGS...: the jail tarball $W/NAME.tar
build() {
	_n=$1 _s=$2; shift 2
	expect_exit 0 jt build -q -s "$_s" -n x -t "$W/$_n.tar" "$@"
	no_sanitizer_report "$_n"
}
NEED="-i /etc/y -i /etc/x -i /usr/share/f7 -i /usr/share/big
    -i /usr/share/f60 -i /usr/share/h60 -i /usr/share/f31"

for s in multi single t; do
	case $s in t) src=$W/t.tgz ;; *) src=$W/$s.txz ;; esac
	# shellcheck disable=SC2086
	build "$s.ref" "$src" --no-cache $NEED
	build "$s.first" "$src" --cache "$W/c-$s" -i /etc/a
	assert_grep "stored in the cache" "$ERR"
	# shellcheck disable=SC2086
	build "$s.other" "$src" --cache "$W/c-$s" $NEED
	assert_grep "index from the cache" "$ERR"
	cmp -s "$W/$s.ref.tar" "$W/$s.other.tar" ||
	    fail "$s: the jail from the cache differs from the one without"
	cp "$ERR" "$W/$s.other.err"
done
# The same jail whatever the compression: from the multi-block file, a
# build without cache reads /usr/share/big again from its blocks (a large
# member that is neither ELF nor script is not kept: jt_source_set_lazy).
for s in multi single; do
	cmp -s "$W/t.ref.tar" "$W/$s.ref.tar" ||
	    fail "$s: another jail than from the gzip tarball"
done
tar -xOf "$W/multi.other.tar" ./etc/y | grep -qx x1 ||
    fail "/etc/y has not the first /etc/x's content"
tar -xOf "$W/multi.other.tar" ./etc/x | grep -qx x2 ||
    fail "/etc/x has not the later member's content"
tar -tvf "$W/multi.other.tar" | grep -q 'h60 link to' ||
    tar -tvf "$W/multi.other.tar" | grep -q 'f60 link to' ||
    fail "f60 and h60 are not one inode in the jail"

# The multi-block file: only the blocks of the six contents (one to
# ten 64 KiB blocks each), a small part of the file.
line=$(grep "xz blocks decoded" "$W/multi.other.err") ||
    { cat "$W/multi.other.err" >&2; fail "multi: no blocks decoded"; }
n=$(echo "$line" | sed 's/.*: \([0-9]*\) of its \([0-9]*\) xz.*/\1/')
total=$(echo "$line" | sed 's/.*: \([0-9]*\) of its \([0-9]*\) xz.*/\2/')
[ "$total" = "$blocks" ] || fail "multi: $total blocks, xz -l says $blocks"
[ "$n" -ge 6 ] && [ "$n" -le 40 ] ||
    fail "multi: $n of $total blocks decoded for six contents"
grep -q "decoding it again" "$W/multi.other.err" &&
    fail "multi: decoded whole"
# The others: whole, once.
for s in single t; do
	assert_grep "decoding it again" "$W/$s.other.err"
	grep -q "xz blocks decoded" "$W/$s.other.err" &&
	    fail "$s: decoded by blocks"
done

# A third jail on the same cache: served from the first two, and from
# blocks for a content neither had.
build third "$W/multi.txz" --cache "$W/c-multi" -i /usr/share/f7 \
    -i /usr/share/f50
line=$(grep "xz blocks decoded" "$ERR") || fail "third: no blocks decoded"
n=$(echo "$line" | sed 's/.*: \([0-9]*\) of its.*/\1/')
[ "$n" -ge 1 ] && [ "$n" -le 4 ] || fail "third: $n blocks for f50"
build third.ref "$W/multi.txz" --no-cache -i /usr/share/f7 \
    -i /usr/share/f50
cmp -s "$W/third.tar" "$W/third.ref.tar" || fail "third: another jail"

# A profile naming contents in several blocks: they are decoded side by
# side (--jobs 2), and the jail is the same.
mkdir -p "$W/prof" && printf 'file %s\n' /usr/share/f3 /usr/share/f22 \
    /usr/share/f41 /usr/share/f57 >"$W/prof/many.profile" ||
    fail "cannot write many.profile"
build many "$W/multi.txz" --cache "$W/c-multi" --jobs 2 -P "$W/prof" \
    -p many
line=$(grep "xz blocks decoded" "$ERR") || fail "many: no blocks decoded"
side=$(echo "$line" | sed 's/.*, \([0-9]*\) of them side by side.*/\1/')
[ "${side:-0}" -ge 2 ] || fail "many: ${side:-no} blocks side by side"
build many.ref "$W/multi.txz" --no-cache -P "$W/prof" -p many
cmp -s "$W/many.tar" "$W/many.ref.tar" || fail "many: another jail"

# An index of another format version (an upgrade): replaced, and said
# so without a warning of damage.
idx=$(ls "$W"/c-multi/idx/*)
python3 -c 'import sys
f = open(sys.argv[1], "r+b"); f.seek(8); f.write(bytes([1, 0, 0, 0]))' \
    "$idx" || fail "cannot edit $idx"
build upgraded "$W/multi.txz" --cache "$W/c-multi" -i /usr/share/f7
assert_grep "of another version of jailtrim: removed" "$ERR"
grep -q "warning" "$ERR" && fail "upgraded: a warning"
build upgraded2 "$W/multi.txz" --cache "$W/c-multi" -i /usr/share/f7
assert_grep "index from the cache" "$ERR"
exit 0
