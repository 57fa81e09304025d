#!/bin/sh
# truncated_read: a directory-source file cut short while jailtrim reads
# it (issue 9, "Special files").  Files of a directory source were mapped;
# once the file shrank, touching the mapping raised SIGBUS (in the tarball
# writer or the mtree digest) or made write(2) fail with EFAULT ("Bad
# address").  Files are read now: a build while another process keeps
# truncating and rewriting the program (a real race, bounded attempts)
# must end with exit 0 (it read a whole version) or a clear error, never
# a signal or EFAULT.
. "$(dirname "$0")/lib.sh"

command -v python3 >/dev/null || skip "python3 not installed"
command -v truncate >/dev/null || skip "truncate not installed"
command -v ldd >/dev/null || skip "ldd not installed"
[ -x /usr/bin/true ] || skip "/usr/bin/true missing"

W=$JT_TEST_WORK/truncated_read
rm -rf "$W" && mkdir -p "$W" || fail "cannot create $W"

INTERP=$(ldd /usr/bin/true | awk '$1 ~ /^\// { print $1; exit }')
LIBC=$(ldd /usr/bin/true | awk '$1 == "libc.so.6" && $2 == "=>" { print $3; exit }')
[ -n "$INTERP" ] && [ -n "$LIBC" ] || skip "cannot read true's interpreter/libc from ldd"
R=$W/root
mkdir -p "$R/bin" "$R/etc" "$R$(dirname "$LIBC")" "$R$(dirname "$INTERP")" &&
cp "$(readlink -f "$LIBC")" "$R$LIBC" &&
cp "$(readlink -f "$INTERP")" "$R$INTERP" || fail "cannot build the root"
# The program with 32 MiB after its end: reading and writing it takes long
# enough for the truncation to land in the middle.
python3 - "$(readlink -f /usr/bin/true)" "$W/big" <<'EOF' || fail "big"
import sys
data = open(sys.argv[1], "rb").read()
open(sys.argv[2], "wb").write(data + b"\0" * (32 << 20))
EOF
chmod 755 "$W/big" && cp "$W/big" "$R/bin/x" || fail "cp"

# Control: a quiet file builds.
expect_exit 0 jt build -q -s "$R" -i /bin/x -t "$W/ok.tar" -m "$W/ok.mtree" \
    --command /bin/x

# The truncating writer, stopped (by its own id) on the way out.
( while :; do truncate -s 4096 "$R/bin/x"; cat "$W/big" >"$R/bin/x"; done ) &
LOOP=$!
trap 'kill "$LOOP" 2>/dev/null' EXIT

i=0 clean=0 errors=0
while [ $i -lt 20 ]; do
	i=$((i + 1))
	rm -f "$W/o.tar" "$W/o.mtree"
	OUT=$W/out ERR=$W/err
	jt build -q -s "$R" -i /bin/x -t "$W/o.tar" -m "$W/o.mtree" \
	    --command /bin/x >"$OUT" 2>"$ERR"
	rc=$?
	no_sanitizer_report "attempt $i"
	if grep -q 'Bad address' "$ERR"; then
		cat "$ERR" >&2
		fail "attempt $i: EFAULT, the file was used through a mapping"
	fi
	case $rc in
	0)	clean=$((clean + 1)) ;;
	1|3)	errors=$((errors + 1))
		[ -s "$ERR" ] || fail "attempt $i: exit $rc without a message" ;;
	*)	cat "$ERR" >&2
		fail "attempt $i: exit $rc (a signal: $((rc - 128)))" ;;
	esac
done
kill "$LOOP" 2>/dev/null
wait "$LOOP" 2>/dev/null
note "20 builds under truncation: $clean whole, $errors refused with an error"

rm -rf "$W"
echo "ok"
