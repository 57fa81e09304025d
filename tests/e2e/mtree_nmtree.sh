#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# NetBSD's mtree(8) (Debian's mtree-netbsd: nmtree, or mtree) accepts the
# mtree of the jail just written: a root "." entry first, symlinks with
# no nlink=0, owners by id (the host's accounts are not the jail's).  The
# tarball starts with its "./" entry.
. "$(dirname "$0")/lib.sh"
MT=$(command -v nmtree || command -v mtree) ||
    skip "no nmtree/mtree (Debian package mtree-netbsd)"
W=$JT_TEST_WORK/mtree_nmtree
rm -rf "$W" && mkdir -p "$W/src/etc" "$W/src/usr/lib" || fail mkdir
echo hello > "$W/src/etc/motd"
echo lib > "$W/src/usr/lib/libx.so.1"
ln -s libx.so.1 "$W/src/usr/lib/libx.so"

check() {	# check ROOT MTREE TARBALL
	head -2 "$2" | tail -1 | grep -Eq '^\. .*type=dir' ||
	    fail "no root entry first in $2: $(head -2 "$2")"
	grep -q 'nlink=0' "$2" && fail "nlink=0 in $2"
	expect_exit 0 "$MT" -p "$1" -f "$2"
	tar -tvf "$3" 2>/dev/null | head -1 > "$W/first"
	assert_grep '^drwxr-xr-x .* \./$' "$W/first"
}

# A directory source with a symbolic link: runs without the fixture.
expect_exit 0 jt build -q -s "$W/src" -i /etc/motd -i /usr/lib/libx.so \
    -o "$W/small" -m "$W/small.mtree" -t "$W/small.tar"
assert_grep '^\./usr/lib/libx.so .*type=link' "$W/small.mtree"
check "$W/small" "$W/small.mtree" "$W/small.tar"

# The FreeBSD sshd jail, with hard links, schg and a symlink.
need_fixture
JT_TIMEOUT=600
expect_exit 0 jt build -q -s "$JT_FIXTURE_TXZ" -i /usr/sbin/sshd \
    -i /var/empty -i /bin/test -i '/bin/[' -i /usr/lib/libpam.so -n sshd \
    -o "$W/sshd" -m "$W/sshd.mtree" -t "$W/sshd.txz"
check "$W/sshd" "$W/sshd.mtree" "$W/sshd.txz"
note "$MT -p accepts the sshd jail ($(wc -l < "$W/sshd.mtree") lines)"
chattr -R -i "$W" 2>/dev/null
exit 0
