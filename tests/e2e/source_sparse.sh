#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# source_sparse: sparse tar members (GNU and pax sparse formats) come into
# the jail with their holes as zeros, wherever the holes are: at the start
# (so the first bytes are zeros), between data, and at the end (where the
# data ends before the size).  The content goes to the spool as
# libarchive's blocks; a hole must be written as archive_read_data()
# would fill it in.
. "$(dirname "$0")/lib.sh"

command -v python3 >/dev/null || skip "python3 not installed"
command -v xz >/dev/null || skip "xz not installed"
W=$JT_TEST_WORK/source_sparse
rm -rf "$W" && mkdir -p "$W/r/etc" || fail "mkdir $W"
python3 -c 'import sys
d = sys.argv[1]
f = open(d + "/lead", "wb"); f.seek(600 * 1024); f.write(b"tail" * 1000)
f = open(d + "/mid", "wb"); f.write(b"data" * 5000); f.seek(1 << 20)
f.write(b"mid" * 100); f.seek(2 << 20); f.write(b"end")
f = open(d + "/trail", "wb"); f.write(b"data" * 5000); f.truncate(1 << 20)
f = open(d + "/small", "wb"); f.write(b"ab"); f.truncate(100000)
' "$W/r/etc" || fail "cannot make the sparse files"
# Each also as a multi-block xz, whose large members a build reads again
# from their blocks (jt_source_set_lazy) rather than keeping them.
for fmt in gnu pax; do
	tar --sparse --format=$fmt -cf "$W/$fmt.tar" -C "$W/r" . &&
	    xz -T2 --block-size=8KiB -c "$W/$fmt.tar" >"$W/$fmt.txz" ||
	    fail "tar --sparse --format=$fmt"
	blocks=$(xz --robot -l "$W/$fmt.txz" | awk '$1 == "totals" { print $3 }')
	[ "${blocks:-0}" -ge 3 ] || fail "$fmt.txz has ${blocks:-?} blocks"
	for src in $fmt.tar $fmt.txz; do
		for f in lead mid trail small; do
			rm -rf "$W/o"
			expect_exit 0 jt build -q -s "$W/$src" -i /etc/$f \
			    -n x -o "$W/o" --bare
			no_sanitizer_report "$src $f"
			cmp "$W/o/etc/$f" "$W/r/etc/$f" >&2 ||
			    fail "$src: /etc/$f differs from the file tar read"
		done
	done
done
exit 0
