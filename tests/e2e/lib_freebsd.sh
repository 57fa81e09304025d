# SPDX-License-Identifier: BSD-2-Clause
# Helpers for the rtld_* e2e tests (POSIX sh).  Source after lib.sh.
#
# The tests run `jailtrim deps` on small cross-compiled FreeBSD programs
# and libraries (tests/freebsd/build.sh) placed in an *overlay* directory
# stacked over the extracted FreeBSD 10.1 base:
#     jailtrim deps -s BASE -s OVERLAY -f list /usr/bin/prog
# Each case builds its own overlay holding only its objects and config
# files at their in-root paths, so the expected closure is exact.

: "${JT_SRCDIR:?JT_SRCDIR not set}"

# freebsd_objs: build the test objects once per build tree (under flock,
# with a .complete stamp like fixture_root) and set, in the current shell:
#   FBSD_ROOT  the extracted base       OBJ64  amd64 objects
#   OBJ32      i386 objects
# Call it as a plain command, not in $(...): it must be able to skip/fail
# the test.  The stamp records a checksum of build.sh and its sources, so
# editing them rebuilds.
freebsd_objs() {
	need_fixture
	FBSD_ROOT=$(fixture_root) || fail "cannot extract the fixture"
	[ -n "$FBSD_ROOT" ] || fail "cannot extract the fixture"
	_fb=$JT_SRCDIR/tests/freebsd
	_objs=$JT_TEST_WORK/freebsd-objs
	_sum=$(cat "$_fb/build.sh" "$_fb"/src/* | cksum)
	(
		flock 9
		if [ ! -f "$_objs/.complete" ] ||
		    [ "$(cat "$_objs/.complete")" != "$_sum" ]; then
			rm -rf "$_objs.tmp"
			sh "$_fb/build.sh" "$_objs.tmp" "$FBSD_ROOT" >&2 || exit $?
			printf '%s\n' "$_sum" >"$_objs.tmp/.complete" &&
			rm -rf "$_objs" && mv "$_objs.tmp" "$_objs"
		fi
	) 9>"$JT_TEST_WORK/freebsd-objs.lock"
	_rc=$?
	[ "$_rc" -ne 77 ] || skip "FreeBSD test objects cannot be built here (see above)"
	[ "$_rc" -eq 0 ] || fail "tests/freebsd/build.sh failed (status $_rc)"
	OBJ64=$_objs/obj64
	OBJ32=$_objs/obj32
}

# case_dir NAME: fresh scratch directory for this test script.
case_dir() {
	CASES=$JT_TEST_WORK/$1
	rm -rf "$CASES" && mkdir -p "$CASES" || fail "cannot create $CASES"
}

# overlay NAME: start a new, empty overlay $OV (under $CASES) and name the
# current case for messages.
# host_mod_objects: in $CASES, libjtmod.so (a host module) that needs
# libjtneed.so.1 for jt_need(), and that library; $CC must be set.
host_mod_objects() {
	echo 'int jt_need(void) { return 1; }' >"$CASES/need.c" &&
	    echo 'int jt_need(void); int jt_mod(void) { return jt_need(); }' \
	    >"$CASES/mod.c" || fail "sources"
	"$CC" -shared -fPIC -Wl,-soname,libjtneed.so.1 \
	    -o "$CASES/libjtneed.so.1" "$CASES/need.c" &&
	    "$CC" -shared -fPIC -o "$CASES/libjtmod.so" "$CASES/mod.c" \
	    "$CASES/libjtneed.so.1" || fail "cannot build the host objects"
}

overlay() {
	CASE=$1
	OV=$CASES/$1
	rm -rf "$OV" && mkdir -p "$OV" || fail "cannot create $OV"
	note "case $CASE"
}

# put FILE /PATH: copy FILE into the overlay at in-root path /PATH.
put() {
	mkdir -p "$OV$(dirname "$2")" && cp "$1" "$OV$2" ||
	    fail "cannot put $1 at $2"
}

# put_link TARGET /PATH: make /PATH a symlink to TARGET in the overlay.
put_link() {
	mkdir -p "$OV$(dirname "$2")" && ln -s "$1" "$OV$2" ||
	    fail "cannot link $2"
}

# put_text /PATH: write stdin to /PATH in the overlay.
put_text() {
	mkdir -p "$OV$(dirname "$1")" && cat >"$OV$1" || fail "cannot write $1"
}

# le32 N: N as 4 little-endian bytes (printf escapes).
le32() {
	printf '\\%03o\\%03o\\%03o\\%03o' $(($1 & 255)) $((($1 >> 8) & 255)) \
	    $((($1 >> 16) & 255)) $((($1 >> 24) & 255))
}

# write_hints /PATH LIST [MAGIC [VERSION]]: an rtld hints file as ldconfig
# writes it (freebsd-runtime.md §1.6): a 128-byte header of 32-bit LE words
# magic, version, strtab=128, strsize=len+1, dirlist=0, dirlistlen=len,
# spare[26]=0; then LIST and a NUL.  MAGIC/VERSION default to the valid
# 0x746e6845 / 1 and can be overridden to make a file rtld ignores.
write_hints() {
	_len=${#2}
	_hdr=$(le32 "${3:-0x746e6845}")$(le32 "${4:-1}")$(le32 128)$(le32 $((_len + 1)))$(le32 0)$(le32 "$_len")
	_i=0
	while [ $_i -lt 26 ]; do _hdr=$_hdr$(le32 0); _i=$((_i + 1)); done
	mkdir -p "$OV$(dirname "$1")" || fail "cannot create dir for $1"
	{ printf "$_hdr"; printf '%s\0' "$2"; } >"$OV$1" || fail "cannot write $1"
	[ "$(wc -c <"$OV$1")" -eq $((128 + _len + 1)) ] ||
	    fail "hints file $1 has the wrong size"
}

# deps ARGS...: jailtrim deps over the base and the current overlay.
deps() {
	"$JAILTRIM" deps -s "$FBSD_ROOT" -s "$OV" "$@"
}

# expect_list LINE...: stdout of the last expect_exit ($OUT) must be exactly
# the given paths, sorted bytewise (the output itself must be sorted: it is
# compared verbatim against the sorted expectation).
expect_list() {
	_want=$(mktemp)
	printf '%s\n' "$@" | LC_ALL=C sort >"$_want"
	if ! cmp -s "$_want" "$OUT"; then
		echo "--- expected" >&2; cat "$_want" >&2
		echo "--- got" >&2; cat "$OUT" >&2
		echo "--- stderr" >&2; head -30 "$ERR" >&2
		rm -f "$_want"
		fail "$CASE: closure differs"
	fi
	rm -f "$_want"
}

# assert_no_grep PATTERN FILE: FILE must not contain PATTERN (grep -E).
assert_no_grep() {
	! grep -Eq -- "$1" "$2" || { cat "$2" >&2; fail "$CASE: unexpected match for '$1' in $2"; }
}

# assert_before A B FILE: fixed strings A and B both occur in FILE, the
# first A on an earlier line (or earlier on the same line) than the first B.
# Used for the "paths tried, in order" list of an unresolved library.
assert_before() {
	_a=$(grep -boF -- "$1" "$3" | head -1 | cut -d: -f1)
	_b=$(grep -boF -- "$2" "$3" | head -1 | cut -d: -f1)
	[ -n "$_a" ] && [ -n "$_b" ] && [ "$_a" -lt "$_b" ] ||
	    { cat "$3" >&2; fail "$CASE: expected '$1' before '$2' in $3"; }
}

# The files every 64-bit base program's closure has besides its own.
BASE64="/lib/libc.so.7 /libexec/ld-elf.so.1"
