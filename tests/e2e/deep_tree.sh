#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# deep_tree: trees deeper than any C stack (issue 9, "Depth").  A tree a
# thousand levels deep (a directory any user can leave under /tmp, or a
# small tarball) crashed deps --all, build, verify and shrink with a stack
# overflow.  Every walk is iterative now; a path longer than the 4,095
# bytes jailtrim handles is refused with an error naming its start.  Each
# command must exit 0 or 1 (with that message), never die of a signal,
# under the normal and the ASan build alike.
. "$(dirname "$0")/lib.sh"

command -v python3 >/dev/null || skip "python3 not installed"
command -v ldd >/dev/null || skip "ldd not installed"
[ -x /usr/bin/true ] || skip "/usr/bin/true missing"

# Scratch space on tmpfs when there is one: removing 20,000 nested
# directories takes half a minute on a disk, a fraction of a second there.
if [ -d /dev/shm ] && [ -w /dev/shm ]; then
	W=$(mktemp -d /dev/shm/jt-deep_tree.XXXXXX) || fail "mktemp"
else
	W=$JT_TEST_WORK/deep_tree
	rm -rf "$W" && mkdir -p "$W" || fail "cannot create $W"
fi
trap 'rm -rf "$W"' EXIT
MK="python3 $(dirname "$0")/mkdeep.py"
JT_TIMEOUT=300

# A Linux root with /bin/x (true), its libc and loader, and /etc.
INTERP=$(ldd /usr/bin/true | awk '$1 ~ /^\// { print $1; exit }')
LIBC=$(ldd /usr/bin/true | awk '$1 == "libc.so.6" && $2 == "=>" { print $3; exit }')
[ -n "$INTERP" ] && [ -n "$LIBC" ] || skip "cannot read true's interpreter/libc from ldd"
mkroot() {
	mkdir -p "$1/bin" "$1/etc" "$1$(dirname "$LIBC")" \
	    "$1$(dirname "$INTERP")" &&
	cp "$(readlink -f /usr/bin/true)" "$1/bin/x" &&
	cp "$(readlink -f "$LIBC")" "$1$LIBC" &&
	cp "$(readlink -f "$INTERP")" "$1$INTERP" || fail "cannot build root $1"
}

# dpath N: the root-relative path of the file at the bottom of N levels.
dpath() { python3 -c "import sys; print('d/' * int(sys.argv[1]) + 'f')" "$1"; }
# has_bottom DIR N: DIR/d/.../f (N levels, maybe past PATH_MAX) holds "x".
has_bottom() {
	[ "$($MK cat "$1" "$2" 2>/dev/null)" = x ] ||
	    fail "$1 lacks its file $2 levels down"
}

# Each case runs in a subshell (fail/expect_exit exit it): all run.
FAILED=
try() {
	_what=$1; shift
	( "$@" ) || FAILED="$FAILED
  $_what"
}

# ok_or_refused CMD...: exit 0, or 1 with the clear error; never a signal.
ok_or_refused() {
	OUT=$(mktemp) ERR=$(mktemp)
	"$@" >"$OUT" 2>"$ERR"
	_got=$?
	no_sanitizer_report "$*"
	case $_got in
	0)	;;
	1)	assert_grep 'd/d/d/d.*longer than the 4095 bytes' "$ERR" ;;
	*)	head -c 2000 "$ERR" >&2
		fail "'$*' exited $_got (a signal?), expected 0 or 1" ;;
	esac
}

# refused CMD...: exit 1 with the clear error.
refused() {
	expect_exit 1 "$@"
	no_sanitizer_report "$*"
	assert_grep 'd/d/d/d.*longer than the 4095 bytes' "$ERR"
}

# handled CMD...: exit 0, nothing from a sanitizer.
handled() {
	expect_exit 0 "$@"
	no_sanitizer_report "$*"
}

mkroot "$W/base"
# A profile whose "tree" takes the whole deep directory into the jail.
printf 'program /bin/x\ntree /deep\n' >"$W/deep.profile" || fail "profile"

# ====================================================================
# 1,000 levels: handled (the path is about 2,000 bytes).
R1=$W/r1000
cp -a "$W/base" "$R1" && $MK dir "$R1/deep" 1000 || fail "mkdeep 1000"
P1=/deep/$(dpath 1000)
$MK tar "$W/t1000.tar" 1000 || fail "mkdeep tar 1000"

case_1000_dir() {
	handled jt deps -s "$R1" --all -f list
	assert_grep '^/bin/x$' "$OUT"
	handled jt build -q -s "$R1" -i /bin/x -i "$P1" -o "$W/j1000" \
	    -t "$W/j1000.tar" -m "$W/j1000.mtree" --command /bin/x
	has_bottom "$W/j1000/deep" 1000
	grep -q "^\.$(echo "$P1" | cut -c1-40)" "$W/j1000.mtree" ||
	    fail "the mtree lacks $P1"
	handled jt verify "$W/j1000"
	handled jt verify "$W/j1000.tar"
	handled jt build -q -s "$R1" -p "$W/deep.profile" -o "$W/jp1000" \
	    --command /bin/x
	has_bottom "$W/jp1000/deep" 1000
	handled jt verify "$W/jp1000"
	# The whole deep tree in a jail, checked and shrunk (a dry run, on a
	# copy): /deep, its 1,000 "d" and 1,001 "f" would go, of 2,010.
	cp -a "$R1" "$W/s1000" || fail "cp"
	handled jt verify "$W/s1000"
	handled jt shrink -i /bin/x --base "$R1" "$W/s1000"
	assert_grep 'would remove 2002 of 2010 entries' "$OUT"
}
try "1,000-level directory" case_1000_dir

case_1000_tar() {
	handled jt deps -s "$W/t1000.tar" --all -f list
	handled jt build -q -s "$W/base" -s "$W/t1000.tar" -i /bin/x \
	    -i "/$(dpath 1000)" -o "$W/jt1000" --command /bin/x
	has_bottom "$W/jt1000" 1000
	handled jt verify "$W/jt1000"
}
try "1,000-level tarball" case_1000_tar

# ====================================================================
# 2,040 levels: the deepest a 4,095-byte path allows; handled.
R2=$W/r2040
cp -a "$W/base" "$R2" && $MK dir "$R2/deep" 2040 || fail "mkdeep 2040"
P2=/deep/$(dpath 2040)
case_2040() {
	handled jt deps -s "$R2" --all -f list
	handled jt build -q -s "$R2" -i /bin/x -i "$P2" -o "$W/j2040" \
	    -m "$W/j2040.mtree" --command /bin/x
	has_bottom "$W/j2040/deep" 2040
	handled jt verify "$W/j2040"
	# (A dry run of the generated tree: cp cannot copy it.)
	# Keeping the bottom file keeps its 2,041 parents: only the other
	# 2,040 "f" would go.
	handled jt shrink -i /bin/x -i "$P2" --base "$R2" "$R2"
	assert_grep 'would remove 2040 of 4090 entries' "$OUT"
}
try "2,040-level directory" case_2040

# ====================================================================
# 20,000 levels (a 40,000-byte path): refused, naming the path's start.
# One scratch tree (slow to make and remove), only read: shrink's is a
# dry run of this generated tree.
R20=$W/r20000
cp -a "$W/base" "$R20" && $MK bare "$R20/deep" 20000 || fail "mkdeep 20000"
$MK tar "$W/t20000.tar" 20000 || fail "mkdeep tar 20000"
# A jail tarball holding the deep member: j1000.tar plus it.
python3 - "$W/j1000.tar" "$W/t20000.tar" "$W/v20000.tar" <<'EOF' ||
import sys, tarfile
with tarfile.open(sys.argv[3], "w", format=tarfile.PAX_FORMAT) as out:
    for src in sys.argv[1:3]:
        with tarfile.open(src) as t:
            for m in t.getmembers():
                out.addfile(m, t.extractfile(m) if m.isfile() else None)
EOF
    fail "cannot make v20000.tar"

case_20000_dir() {
	refused jt deps -s "$R20" --all -f list
	# The jail's own paths are short: the deep tree is only counted.
	ok_or_refused jt build -q -s "$R20" -i /bin/x -o "$W/j20000" \
	    --command /bin/x
	refused jt build -q -s "$R20" -p "$W/deep.profile" -o "$W/j20000b" \
	    --command /bin/x
	refused jt verify "$R20"
	refused jt shrink -i /bin/x --base "$R20" "$R20"
}
try "20,000-level directory" case_20000_dir

case_20000_tar() {
	refused jt deps -s "$W/t20000.tar" --all -f list
	refused jt build -q -s "$W/base" -s "$W/t20000.tar" -i /bin/x \
	    -o "$W/jt20000" --command /bin/x
	refused jt verify "$W/v20000.tar"
}
try "20,000-level tarball" case_20000_tar

[ -z "$FAILED" ] || fail "cases failed:$FAILED"
echo "ok"
