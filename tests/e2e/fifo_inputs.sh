#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# fifo_inputs: a FIFO (or a device) given where a file is read (issue 9,
# "Special files").  Opening a FIFO for reading waits for a writer, so a
# FIFO named as a source, manifest, profile or jail.conf hung jailtrim for
# ever.  Each must be refused at once: exit 1 within 10 s (timeout's 124
# is a hang), the message naming the file and what it is.
. "$(dirname "$0")/lib.sh"

command -v mkfifo >/dev/null || skip "mkfifo not installed"
command -v ldd >/dev/null || skip "ldd not installed"
[ -x /usr/bin/true ] || skip "/usr/bin/true missing"

W=$JT_TEST_WORK/fifo_inputs
rm -rf "$W" && mkdir -p "$W/p" || fail "cannot create $W"
JT_TIMEOUT=10

INTERP=$(ldd /usr/bin/true | awk '$1 ~ /^\// { print $1; exit }')
LIBC=$(ldd /usr/bin/true | awk '$1 == "libc.so.6" && $2 == "=>" { print $3; exit }')
[ -n "$INTERP" ] && [ -n "$LIBC" ] || skip "cannot read true's interpreter/libc from ldd"
R=$W/root
mkdir -p "$R/bin" "$R/etc" "$R$(dirname "$LIBC")" "$R$(dirname "$INTERP")" &&
cp "$(readlink -f /usr/bin/true)" "$R/bin/x" &&
cp "$(readlink -f "$LIBC")" "$R$LIBC" &&
cp "$(readlink -f "$INTERP")" "$R$INTERP" || fail "cannot build the root"

mkfifo "$W/src.fifo" "$W/m.jail" "$W/p/fifo.profile" "$W/jail.conf" ||
    fail "mkfifo"

FAILED=
try() {
	_what=$1; shift
	( "$@" ) || FAILED="$FAILED
  $_what"
}

# refused WHAT FILE CMD...: exit 1 at once, stderr naming FILE and WHAT.
refused() {
	_what=$1 _file=$2; shift 2
	expect_exit 1 jt "$@"
	assert_grep "$_file: .*$_what" "$ERR"
}

# Positive controls: the same commands work on real files.
control() {
	expect_exit 0 jt deps -s "$R" -f list /bin/x
	printf 'program /bin/x\n' >"$W/p/ok.profile"
	expect_exit 0 jt build -q -s "$R" -P "$W/p" -p ok -o "$W/jail" \
	    --command /bin/x -j "$W/ok.conf"
	expect_exit 0 jt verify -c "$W/ok.conf" "$W/jail"
	printf 'name m\nsource %s\ninclude /bin/x\noutput dir %s\n' "$R" \
	    "$W/mjail" >"$W/ok.jail"
	expect_exit 0 jt build -q "$W/ok.jail" --command /bin/x
}
try "controls" control

try "source" refused "FIFO" "$W/src.fifo" deps -s "$W/src.fifo" -f list /bin/x
try "source (a device)" refused "device" /dev/null deps -s /dev/null /bin/x
try "manifest" refused "manifest is not a regular file \(a FIFO\)" \
    "$W/m.jail" build "$W/m.jail"
manifest_source() {
	printf 'name m\nsource %s\ninclude /bin/x\noutput dir %s\n' \
	    "$W/src.fifo" "$W/mjail2" >"$W/fsrc.jail"
	refused "FIFO" "$W/src.fifo" build "$W/fsrc.jail" --command /bin/x
}
try "manifest naming a FIFO source" manifest_source
try "profile by name" refused "profile is not a regular file \(a FIFO\)" \
    "$W/p/fifo.profile" build -s "$R" -P "$W/p" -p fifo -o "$W/j1" \
    --command /bin/x
try "profile by path" refused "profile is not a regular file \(a FIFO\)" \
    "$W/p/fifo.profile" build -s "$R" -p "$W/p/fifo.profile" -o "$W/j2" \
    --command /bin/x
profile_include() {
	printf 'include fifo\nprogram /bin/x\n' >"$W/p/inc.profile"
	refused "profile is not a regular file \(a FIFO\)" "$W/p/fifo.profile" \
	    build -s "$R" -P "$W/p" -p inc -o "$W/j3" --command /bin/x
}
try "profile included" profile_include
try "jail.conf" refused "jail.conf is not a regular file \(a FIFO\)" \
    "$W/jail.conf" verify -c "$W/jail.conf" "$W/jail"

rm -rf "$W"
[ -z "$FAILED" ] || fail "cases failed:$FAILED"
echo "ok"
