#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# fd_limit: a directory source with more directories than open files
# allowed (issue 9, "Descriptors").  jailtrim kept up to 4,096 directory
# descriptors whatever RLIMIT_NOFILE said, and a directory it could no
# longer open (EMFILE) passed for an absent one: under the common limit
# of 1,024, or a lower one, part of a large jail silently looked empty
# (a shrink dry run counted 2,518 of 3,006 entries).  Under each limit
# the counts and lists must equal the true ones, or jailtrim must fail
# (exit 1) saying it ran out of descriptors; never silently fewer.
. "$(dirname "$0")/lib.sh"

command -v python3 >/dev/null || skip "python3 not installed"
command -v ldd >/dev/null || skip "ldd not installed"
[ -x /usr/bin/true ] || skip "/usr/bin/true missing"

W=$JT_TEST_WORK/fd_limit
rm -rf "$W" && mkdir -p "$W" || fail "cannot create $W"

INTERP=$(ldd /usr/bin/true | awk '$1 ~ /^\// { print $1; exit }')
LIBC=$(ldd /usr/bin/true | awk '$1 == "libc.so.6" && $2 == "=>" { print $3; exit }')
[ -n "$INTERP" ] && [ -n "$LIBC" ] || skip "cannot read true's interpreter/libc from ldd"
R=$W/root
mkdir -p "$R/bin" "$R/etc" "$R$(dirname "$LIBC")" "$R$(dirname "$INTERP")" &&
cp "$(readlink -f /usr/bin/true)" "$R/bin/x" &&
cp "$(readlink -f "$LIBC")" "$R$LIBC" &&
cp "$(readlink -f "$INTERP")" "$R$INTERP" || fail "cannot build the root"

# 1,500 directories side by side (30 x 50, two files each), a chain 300
# deep, and a program at the far end of each (found only if every
# directory on the way was read).
python3 - "$R" <<'EOF' || fail "cannot make the tree"
import os, shutil, sys
root = sys.argv[1]
for i in range(30):
    for j in range(50):
        d = "%s/w/%02d/%02d" % (root, i, j)
        os.makedirs(d)
        for k in range(2):
            with open("%s/f%d" % (d, k), "w") as f:
                f.write("x")
shutil.copy(root + "/bin/x", root + "/w/29/49/prog")
d = root + "/deep"
os.makedirs(d + "/d" * 300)
shutil.copy(root + "/bin/x", d + "/d" * 300 + "/prog")
EOF
ENTRIES=$(($(find "$R" | wc -l) - 1))
FILES=$(find "$R" -type f | wc -l)
note "the source: $ENTRIES entries, $FILES files"

FAILED=
try() {
	_what=$1; shift
	( "$@" ) || FAILED="$FAILED
  $_what"
}

# whole_or_error LIMIT CMD...: run CMD under ulimit -n LIMIT into $OUT and
# $ERR; 0 when it succeeded, 1 when it failed saying so, else fail.
whole_or_error() {
	_lim=$1; shift
	OUT=$(mktemp) ERR=$(mktemp)
	( ulimit -n "$_lim" && "$@" ) >"$OUT" 2>"$ERR"
	_got=$?
	no_sanitizer_report "$*"
	[ "$_got" -eq 0 ] && return 0
	[ "$_got" -eq 1 ] && grep -q 'Too many open files' "$ERR" && return 1
	head -20 "$ERR" >&2
	fail "ulimit -n $_lim: '$*' exited $_got"
}

# The true closure list, with no limit in the way.
expect_exit 0 jt deps -s "$R" --all -f list
sort "$OUT" >"$W/all.want"
grep -qx /w/29/49/prog "$W/all.want" && grep -q '^/deep/.*/prog$' "$W/all.want" ||
    fail "deps --all misses the far programs even unlimited"

limit() {
	_lim=$1
	if whole_or_error "$_lim" jt shrink -i /bin/x --base "$R" "$R"; then
		assert_grep "would remove $((ENTRIES - 8)) of $ENTRIES entries" "$OUT"
	fi
	if whole_or_error "$_lim" jt deps -s "$R" --all -f list; then
		sort "$OUT" | diff -u "$W/all.want" - >&2 ||
		    fail "ulimit -n $_lim: deps --all lists other files"
	fi
	rm -rf "$W/jail"
	if whole_or_error "$_lim" jt build -s "$R" -i /bin/x -o "$W/jail" \
	    --command /bin/x --source-size; then
		assert_grep "^source: $FILES files" "$OUT"
	fi
}
# 1,024 is the common default; the rest are below what a walk of this
# tree needs with one descriptor per directory.  All but the lowest must
# succeed; the lowest may run out, saying so.
for lim in 1024 256 64 32; do
	try "ulimit -n $lim" limit $lim
	# Not merely an error: with a modest limit, the walk must finish.
	try "ulimit -n $lim succeeds" expect_exit 0 sh -c \
	    'ulimit -n "$0" && exec "$1" shrink -i /bin/x --base "$2" "$2"' "$lim" \
	    "$JAILTRIM" "$R"
done
try "ulimit -n 12" limit 12

rm -rf "$W"
[ -z "$FAILED" ] || fail "cases failed:$FAILED"
echo "ok"
