#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# A profile's "tree" directive copies what a jail root can hold and skips
# the rest with a warning each: a fifo, a socket, a device node, a
# dangling symlink, a symlink loop, one leading above the root and one to
# a fifo.  Before, any one of them ended the whole build.
. "$(dirname "$0")/lib.sh"
W=$JT_TEST_WORK/content_tree
rm -rf "$W" && mkdir -p "$W/src/t/sub" "$W/prof" || fail mkdir
T=$W/src/t
echo a > "$T/a" && echo b > "$T/sub/b" && ln -s a "$T/good" &&
    ln -s sub "$T/subl" && mkfifo "$T/fifo" && ln -s nowhere "$T/dangling" &&
    ln -s loop2 "$T/loop1" && ln -s loop1 "$T/loop2" &&
    ln -s ../../../../../etc/passwd "$T/above" && ln -s fifo "$T/tofifo" ||
    fail "source tree"
python3 -c 'import socket,sys; socket.socket(socket.AF_UNIX).bind(sys.argv[1])' \
    "$T/sock" || fail "socket"
dev=
if mknod "$T/null" c 1 3 2>/dev/null; then dev=null; fi
printf '[all]\ntree /t\n' > "$W/prof/t.profile"

expect_exit 0 jt build -s "$W/src" -P "$W/prof" -p t -n t -o "$W/out" \
    -t "$W/out.tar"
for w in "/t/fifo is a fifo" "/t/sock is a socket" \
    "/t/dangling -> nowhere leads nowhere" "/t/loop1 -> loop2 leads nowhere" \
    "/t/above -> .* leads nowhere" "/t/tofifo -> a fifo" \
    ${dev:+"/t/null is a character device"}; do
	assert_grep "warning: .*$w.*not copied" "$ERR"
done
note "$(grep -c warning: "$ERR") warnings: $(grep warning: "$ERR" | head -1)"
got=$(cd "$W/out/t" && find . | sort | tr '\n' ' ')
[ "$got" = ". ./a ./good ./sub ./sub/b ./subl " ] ||
    fail "the jail's /t holds '$got'"
[ "$(readlink "$W/out/t/good")" = a ] && [ "$(cat "$W/out/t/sub/b")" = b ] ||
    fail "links or contents changed"
tar -tf "$W/out.tar" | grep -Eq 'fifo|sock|dangling|loop|above' &&
    fail "the tarball holds a skipped entry"
exit 0
