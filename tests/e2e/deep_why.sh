#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# deep_why: a chain of 20,000 libraries, each needing the next (issue 9,
# "Depth": deps --why recursed per link and overflowed the stack).  The
# tree, --why and JSON outputs must come out whole (exit 0), the --why
# line of the last library keeping the program and its last links.
. "$(dirname "$0")/lib.sh"

command -v python3 >/dev/null || skip "python3 not installed"
command -v cc >/dev/null || skip "cc not installed"
command -v ldd >/dev/null || skip "ldd not installed"
[ -x /usr/bin/true ] || skip "/usr/bin/true missing"

if [ -d /dev/shm ] && [ -w /dev/shm ]; then
	W=$(mktemp -d /dev/shm/jt-deep_why.XXXXXX) || fail "mktemp"
else
	W=$JT_TEST_WORK/deep_why
	rm -rf "$W" && mkdir -p "$W" || fail "cannot create $W"
fi
trap 'rm -rf "$W"' EXIT
JT_TIMEOUT=600
N=20000

INTERP=$(ldd /usr/bin/true | awk '$1 ~ /^\// { print $1; exit }')
LIBC=$(ldd /usr/bin/true | awk '$1 == "libc.so.6" && $2 == "=>" { print $3; exit }')
[ -n "$INTERP" ] && [ -n "$LIBC" ] || skip "cannot read true's interpreter/libc from ldd"
LIBDIR=$(dirname "$LIBC")
R=$W/root
mkdir -p "$R/bin" "$R$LIBDIR" "$R$(dirname "$INTERP")" &&
cp "$(readlink -f "$LIBC")" "$R$LIBC" &&
cp "$(readlink -f "$INTERP")" "$R$INTERP" || fail "cannot build the root"

# Two tiny templates, names of a fixed width patched afterwards: the end
# of the chain (SONAME libRRRRRR.so) and a link (SONAME libQQQQQQ.so,
# NEEDED libRRRRRR.so); the program needs libRRRRRR.so too.
cd "$W" || fail "cd"
echo 'int f(void) { return 0; }' >l.c && echo 'int main(void) { return 0; }' >m.c
F="-shared -fPIC -nostdlib -s -Wl,--build-id=none -Wl,-z,norelro"
# shellcheck disable=SC2086
cc $F -o libRRRRRR.so -Wl,-soname,libRRRRRR.so l.c &&
cc $F -o libQQQQQQ.so -Wl,-soname,libQQQQQQ.so -Wl,--no-as-needed l.c \
    -L. -l:libRRRRRR.so &&
cc -o prog m.c -Wl,--no-as-needed -L. -l:libRRRRRR.so ||
    skip "cannot link the templates"
python3 - "$R" "$LIBDIR" "$N" <<'EOF' || fail "cannot make the chain"
import os, sys
root, libdir, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
q = open("libQQQQQQ.so", "rb").read()
r = open("libRRRRRR.so", "rb").read()
def put(path, data, mode=0o755):
    with open(root + path, "wb") as f:
        f.write(data)
    os.chmod(root + path, mode)
for i in range(n):
    put("%s/lib%06d.so" % (libdir, i),
        q.replace(b"QQQQQQ", b"%06d" % i).replace(b"RRRRRR", b"%06d" % (i + 1)))
put("%s/lib%06d.so" % (libdir, n), r.replace(b"RRRRRR", b"%06d" % n))
put("/bin/y", open("prog", "rb").read().replace(b"RRRRRR", b"000000"))
EOF
LAST=$(printf 'lib%06d.so' "$N")

expect_exit 0 jt deps -s "$R" --why -f list /bin/y
no_sanitizer_report "deps --why"
[ "$(wc -l <"$OUT")" -eq $((N + 4)) ] || fail "--why: $(wc -l <"$OUT") lines, expected $((N + 4))"
line=$(grep "^$LIBDIR/$LAST: " "$OUT") || fail "--why lacks $LAST"
case $line in
"$LIBDIR/$LAST: /bin/y > ... > "*"> $LAST (default path $LIBDIR)") ;;
*)	echo "$line" | head -c 600 >&2; fail "--why: $LAST's chain" ;;
esac
# A short chain is whole.
assert_grep "^$LIBDIR/lib000001.so: /bin/y > lib000000.so \(default path [^)]*\) > lib000001.so " "$OUT"

expect_exit 0 jt deps -s "$R" -f json /bin/y
no_sanitizer_report "deps -f json"
assert_grep "\"path\":\"$LIBDIR/$LAST\"" "$OUT"

# The tree is N levels deep (quadratic in indentation: keep its end).
{ jt deps -s "$R" /bin/y 2>"$W/tree.err"; echo $? >"$W/tree.rc"; } |
    tail -n 3 >"$W/tree.tail"
ERR=$W/tree.err
no_sanitizer_report "deps (tree)"
[ "$(cat "$W/tree.rc")" = 0 ] || { cat "$ERR" >&2; fail "deps (tree) exited $(cat "$W/tree.rc")"; }
awk -v want=$((4 * (N + 1))) -v last="$LAST" '
	{ match($0, /^ */) }
	RLENGTH == want && $1 == last { ok = 1 }
	END { exit !ok }' "$W/tree.tail" ||
    { cut -c1-200 "$W/tree.tail" >&2; fail "the tree does not end with $LAST at depth $((N + 1))"; }
echo "ok"
