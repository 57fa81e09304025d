#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# source_spool_full: a full TMPDIR while an archive is read.  The spool is
# written by a writer thread; its failed write must still stop the build
# with an error naming the source and TMPDIR (exit 1, no crash, no hang,
# no jail), and the same build with room succeeds.
. "$(dirname "$0")/lib.sh"

command -v python3 >/dev/null || skip "python3 not installed"
unshare -m true 2>/dev/null || skip "unshare -m unavailable"
W=$JT_TEST_WORK/source_spool_full
rm -rf "$W" && mkdir -p "$W/r/etc" "$W/tmp" || fail "mkdir $W"
python3 -c 'import os, sys
for i in range(6):
    open("%s/f%d" % (sys.argv[1], i), "wb").write(os.urandom(1 << 20))
' "$W/r/etc" || fail "cannot make the files"
tar -cf "$W/t.tar" -C "$W/r" . && xz -c "$W/t.tar" >"$W/t.txz" ||
    fail "cannot make t.txz"
for src in t.tar t.txz; do
	# A 2 MiB TMPDIR for 6 MiB of contents.
	expect_exit 1 unshare -m sh -c 'mount -t tmpfs -o size=2m tmpfs "$1" &&
	    shift && TMPDIR=$1 && export TMPDIR && shift &&
	    exec timeout 60 "$@"' sh "$W/tmp" "$W/tmp" "$JAILTRIM" build -q \
	    -s "$W/$src" -i /etc/f1 -n x -o "$W/o-$src"
	no_sanitizer_report "$src full"
	assert_grep "$src.*spooling .*TMPDIR" "$ERR"
	grep -q "No space left" "$ERR" || fail "$src: no reason given"
	[ -e "$W/o-$src" ] && fail "$src: a jail was written"
	TMPDIR=$W/tmp expect_exit 0 jt build -q -s "$W/$src" -i /etc/f1 \
	    -n x -o "$W/o-$src"
	cmp "$W/o-$src/etc/f1" "$W/r/etc/f1" >&2 || fail "$src: f1 differs"
done
exit 0
