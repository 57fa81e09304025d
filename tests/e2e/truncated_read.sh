#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# truncated_read: a directory-source file cut short while jailtrim reads
# it (issue 9, "Special files").  Files of a directory source were mapped;
# once the file shrank, touching the mapping raised SIGBUS (in the tarball
# writer or the mtree digest) or made write(2) fail with EFAULT ("Bad
# address").  Files up to 4 MiB are read now, larger ones still mapped
# (memory) with SIGBUS reported by the CLI.  Builds while another process
# keeps truncating and rewriting the program (a real race, bounded
# attempts) must end with exit 0 (a whole version read) or a clear error:
# never a signal, and for a file that is read, never EFAULT.
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

# big SIZE: the program padded to SIZE bytes, as $W/big and /bin/x:
# reading and writing it takes long enough for a truncation to land.
big() {
	python3 -c '
import sys
data = open(sys.argv[1], "rb").read()
open(sys.argv[2], "wb").write(data + b"\0" * (int(sys.argv[3]) - len(data)))
' "$(readlink -f /usr/bin/true)" "$W/big" "$1" &&
	chmod 755 "$W/big" && cp "$W/big" "$R/bin/x" || fail "big $1"
}

LOOP=
trap '[ -z "$LOOP" ] || kill "$LOOP" 2>/dev/null' EXIT

# attempts N HOW: N builds; HOW "read" makes EFAULT a failure too.
attempts() {
	i=0 clean=0 errors=0
	while [ $i -lt "$1" ]; do
		i=$((i + 1))
		rm -f "$W/o.tar" "$W/o.mtree"
		OUT=$W/out ERR=$W/err
		jt build -q -s "$R" -i /bin/x -t "$W/o.tar" -m "$W/o.mtree" \
		    --command /bin/x >"$OUT" 2>"$ERR"
		rc=$?
		no_sanitizer_report "attempt $i"
		if [ "$2" = read ] && grep -q 'Bad address' "$ERR"; then
			cat "$ERR" >&2
			fail "attempt $i: EFAULT, the file was used through a mapping"
		fi
		case $rc in
		0)	clean=$((clean + 1)) ;;
		1|3)	errors=$((errors + 1))
			[ -s "$ERR" ] || fail "attempt $i: exit $rc, no message" ;;
		*)	cat "$ERR" >&2
			fail "attempt $i: exit $rc (a signal: $((rc - 128)))" ;;
		esac
	done
}

# race SIZE N HOW: N builds while another process rewrites the program.
race() {
	big "$1"
	# Control: a quiet file builds.
	rm -f "$W/ok.tar" "$W/ok.mtree"
	expect_exit 0 jt build -q -s "$R" -i /bin/x -t "$W/ok.tar" \
	    -m "$W/ok.mtree" --command /bin/x
	# The truncating writer, stopped (by its own id) after the attempts.
	( while :; do
		truncate -s 4096 "$R/bin/x"
		cat "$W/big" >"$R/bin/x"
	done ) &
	LOOP=$!
	attempts "$2" "$3"
	kill "$LOOP" 2>/dev/null
	wait "$LOOP" 2>/dev/null
	LOOP=
	note "$2 builds of a $1-byte program under truncation: $clean whole," \
	    "$errors refused with an error"
}

# 4,000,000 bytes: read whole (up to 4 MiB are).
race 4000000 40 read
# 32 MiB: mapped; a SIGBUS is reported (exit 1), never died of.
race 33554432 20 mapped

rm -rf "$W"
echo "ok"
