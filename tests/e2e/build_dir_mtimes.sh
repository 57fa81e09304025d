#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# -o keeps the source's directory mtimes (a tree dated 1970 looks broken),
# from a directory source and from an archive; the tarball keeps the
# epoch everywhere, so it stays reproducible.
. "$(dirname "$0")/lib.sh"
W=$JT_TEST_WORK/build_dir_mtimes
rm -rf "$W" && mkdir -p "$W/src/etc/sub" "$W/src/usr/share" || fail mkdir
echo hello > "$W/src/etc/sub/motd"
touch -d '2014-11-14 10:00:00 UTC' "$W/src/etc/sub" "$W/src/etc"
touch -d '2015-01-01 00:00:00 UTC' "$W/src/usr/share" "$W/src/usr"
tar -cf "$W/src.tar" -C "$W/src" . || fail "tar"

mt() { stat -c %Y "$1"; }
check() {	# check ROOT TARBALL
	[ "$(mt "$1/etc")" = 1415959200 ] || fail "$1/etc: $(mt "$1/etc")"
	[ "$(mt "$1/etc/sub")" = 1415959200 ] || fail "$1/etc/sub: $(mt "$1/etc/sub")"
	[ "$(mt "$1/usr/share")" = 1420070400 ] ||
	    fail "$1/usr/share: $(mt "$1/usr/share")"
	[ "$(mt "$1/etc/sub/motd")" = 1000 ] || fail "file: $(mt "$1/etc/sub/motd")"
	python3 - "$2" <<'PY' || fail "tarball mtimes are not all the epoch"
import sys, tarfile
assert all(m.mtime == 1000 for m in tarfile.open(sys.argv[1])), \
    [(m.name, m.mtime) for m in tarfile.open(sys.argv[1])]
PY
}
for s in src src.tar; do
	expect_exit 0 jt build -q -s "$W/$s" -i /etc/sub/motd -i /usr/share \
	    --epoch 1000 -o "$W/root-$s" -t "$W/$s.out.tar"
	check "$W/root-$s" "$W/$s.out.tar"
done
exit 0
