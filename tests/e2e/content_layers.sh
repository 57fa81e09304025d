#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# Stacked sources (-s three times): a middle layer that has a path as a
# file or a symlink hides what lower layers have below it, and those
# entries stay hidden when a higher layer makes it a directory again:
# neither a lookup nor a walk (tree) may bring them back.  The middle
# layer is a directory once and a tarball once.
. "$(dirname "$0")/lib.sh"
W=$JT_TEST_WORK/content_layers
rm -rf "$W" && mkdir -p "$W" || fail mkdir

# L0: /d/f, /d/g, /x/y/z and /keep/k.
mkdir -p "$W/l0/d" "$W/l0/x/y" "$W/l0/keep" &&
    echo f0 > "$W/l0/d/f" && echo g0 > "$W/l0/d/g" &&
    echo z0 > "$W/l0/x/y/z" && echo k0 > "$W/l0/keep/k" || fail "layer 0"
# L1 hides /d (a file) and /x (a symlink).
mkdir -p "$W/l1" && echo hider > "$W/l1/d" && ln -s keep "$W/l1/x" ||
    fail "layer 1"
tar -C "$W/l1" -cf "$W/l1.tar" d x || fail "layer 1 tarball"
# L2 makes /d and /x/y directories again, with new children.
mkdir -p "$W/l2/d" "$W/l2/x/y" && echo h2 > "$W/l2/d/h" &&
    echo w2 > "$W/l2/x/y/w" || fail "layer 2"
mkdir -p "$W/prof" && printf '[all]\ntree /d\ntree /x\n' > "$W/prof/t.profile"

for mid in "$W/l1" "$W/l1.tar"; do
	set -- -s "$W/l0" -s "$mid" -s "$W/l2"
	what="middle layer $(basename "$mid")"
	# A hidden file is not in the source, by name...
	for p in /d/f /x/y/z; do
		expect_exit 1 jt build "$@" -i "$p" -n l -o "$W/bad"
		assert_grep "$p" "$ERR"
		[ -e "$W/bad" ] && fail "$what: $p came back (a jail was built)"
	done
	# ...nor by a walk of its directory.
	rm -rf "$W/out"
	expect_exit 0 jt build "$@" -P "$W/prof" -p t -i /keep/k -n l -o "$W/out"
	# (/etc/hosts: the jail's hostname, generated for every jail)
	got=$(cd "$W/out" && find . -type f ! -path ./etc/hosts | sort |
	    tr '\n' ' ')
	[ "$got" = "./d/h ./keep/k ./x/y/w " ] ||
	    fail "$what: the jail holds '$got', expected d/h, keep/k, x/y/w"
	[ "$(cat "$W/out/d/h")" = h2 ] || fail "$what: /d/h is not layer 2's"
	note "$what: $got"
done
exit 0
