#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# source_xz_mt: a multi-block base.txz (what `xz -T0` and FreeBSD's release
# build write) is decoded on several threads (issue 16): with --jobs 2 or
# JAILTRIM_JOBS=2 jailtrim starts decoder threads (strace sees them), with
# --jobs 1 none (shrink --base too); the jail tarball written from it is
# byte for byte the one written from the single-block fixture, whatever
# the number of threads;
# a truncated or corrupt multi-block file fails with an error naming it.
. "$(dirname "$0")/lib.sh"

need_fixture
command -v xz >/dev/null || skip "xz not installed"
command -v strace >/dev/null || skip "strace not installed"

W=$JT_TEST_WORK/source_xz_mt
mkdir -p "$W" && rm -f "$W"/out-*.txz "$W"/trunc.txz "$W"/corrupt.txz ||
    fail "cannot create $W"

# The fixture as 8 MiB blocks, about 34 of them; kept for the next run.
if [ ! -f "$W/multi.txz" ]; then
	xz -dc "$JT_FIXTURE_TXZ" | xz -T2 -1 --block-size=8MiB >"$W/m.tmp" &&
	    mv "$W/m.tmp" "$W/multi.txz" || fail "cannot make a multi-block copy"
fi
blocks=$(xz --robot -l "$W/multi.txz" | awk '$1 == "totals" { print $3 }')
[ "${blocks:-0}" -gt 8 ] || fail "multi.txz has ${blocks:-?} blocks"

# tarball NAME ARGS...: the sshd jail's tarball, written to $W/out-NAME.txz
tarball() {
	_n=$1; shift
	expect_exit 0 jt build -q -p sshd -n sshd -t "$W/out-$_n.txz" \
	    --epoch 1400000000 "$@"
	no_sanitizer_report "build $_n"
}
rm -rf "$W/jail"
tarball single -s "$JT_FIXTURE_TXZ" --jobs 1 -o "$W/jail"
tarball multi -s "$W/multi.txz"
tarball multi1 -s "$W/multi.txz" --jobs 1
JAILTRIM_JOBS=2 tarball multi2 -s "$W/multi.txz"
for n in multi multi1 multi2; do
	cmp -s "$W/out-single.txz" "$W/out-$n.txz" ||
	    fail "$n.txz differs from the one written from the single-block file"
done

# LeakSanitizer cannot run under ptrace: leaks are looked for in the runs
# above and below, not under strace.
ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0
export ASAN_OPTIONS

# threads NAME ARGS...: the threads (clone with CLONE_THREAD) `deps`
# starts; its output goes to $W/NAME
threads() {
	_n=$1; shift
	expect_exit 0 strace -f -qq -e trace=clone,clone3 -o "$W/strace" \
	    "$JAILTRIM" deps -f list "$@" /usr/sbin/sshd
	no_sanitizer_report "deps $*"
	cp "$OUT" "$W/$_n"
	grep -c CLONE_THREAD "$W/strace" || true
}
n=$(threads list2 -s "$W/multi.txz" --jobs 2)
[ "$n" -ge 1 ] || fail "--jobs 2: no decoder thread on a multi-block file"
n=$(JAILTRIM_JOBS=2 threads list2e -s "$W/multi.txz")
[ "$n" -ge 1 ] || fail "JAILTRIM_JOBS=2: no decoder thread"
n=$(threads list1 -s "$W/multi.txz" --jobs 1)
[ "$n" -eq 0 ] || fail "--jobs 1: $n threads"
cmp -s "$W/list1" "$W/list2" || fail "deps --jobs 1 and --jobs 2 differ"
[ "$(wc -l <"$W/list1")" -eq 24 ] || fail "sshd's closure is not 24 files"

# shrink --base (a dry run on the jail above) passes --jobs on too.
for j in 1 2; do
	expect_exit 0 strace -f -qq -e trace=clone,clone3 -o "$W/strace" \
	    "$JAILTRIM" shrink -p sshd --base "$W/multi.txz" --jobs $j "$W/jail"
	no_sanitizer_report "shrink --jobs $j"
	n=$(grep -c CLONE_THREAD "$W/strace" || true)
	[ $j -eq 1 ] && [ "$n" -ne 0 ] && fail "shrink --jobs 1: $n threads"
	[ $j -eq 2 ] && [ "$n" -eq 0 ] && fail "shrink --jobs 2: no thread"
done

# A truncated copy, and one with a block's data overwritten.
ASAN_OPTIONS=${ASAN_OPTIONS%detect_leaks=0}
[ -n "$ASAN_OPTIONS" ] || unset ASAN_OPTIONS
head -c 20000000 "$W/multi.txz" >"$W/trunc.txz"
cp "$W/multi.txz" "$W/corrupt.txz"
printf 'jailtrim-corrupt-jailtrim-corrupt' |
    dd of="$W/corrupt.txz" bs=1 seek=15000000 conv=notrunc 2>/dev/null ||
    fail "dd"
for f in trunc corrupt; do
	for j in 1 2; do
		expect_exit 1 jt deps -s "$W/$f.txz" --jobs $j -f list \
		    /usr/sbin/sshd
		no_sanitizer_report "deps $f.txz"
		assert_grep "$f\\.txz" "$ERR"
	done
done
assert_grep 'corrupt' "$ERR"
expect_exit 1 jt deps -s "$W/trunc.txz" --jobs 2 -f list /usr/sbin/sshd
assert_grep 'truncated' "$ERR"
rm -rf "$W"/out-*.txz "$W"/trunc.txz "$W"/corrupt.txz "$W/jail"
echo "ok: multi-block xz on threads, same bytes, errors name the file"
