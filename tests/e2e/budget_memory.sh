#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# budget_memory: archives that ask for more memory than they hold (issue
# 9).  A 20 KB GNU sparse tar of 1000 MiB "ELF" members and a .tar.zst of
# zeros (kilobytes for GiBs) must end in a clear error naming the member
# and the budget, with a bounded peak RSS, never by holding what they ask.
# --max-memory sets the budget; its default builds the FreeBSD fixture
# (the build_* tests).  Archives are generated here, in the build's work
# directory.
. "$(dirname "$0")/lib.sh"

command -v python3 >/dev/null || skip "python3 not installed"
command -v zstd >/dev/null || skip "zstd not installed"
tar --version 2>/dev/null | grep -q GNU || skip "GNU tar not installed"

W=$JT_TEST_WORK/budget_memory
rm -rf "$W" && mkdir -p "$W/src/bin" || fail "cannot create $W"

# A sparse tar: three 1000 MiB members, an ELF magic and holes.
for i in 1 2 3; do
	printf '\177ELF' >"$W/src/bin/x$i" &&
	    truncate -s 1000M "$W/src/bin/x$i" || fail "cannot make a sparse file"
done
tar --sparse -cf "$W/sparse.tar" -C "$W/src" bin || fail "tar --sparse"
rm -rf "$W/src"
[ "$(wc -c <"$W/sparse.tar")" -lt 100000 ] || fail "sparse tar is not small"

# zbomb FILE MIB...: a .tar.zst with one member bin/xN of MIB MiB each,
# "\177ELF" and zeros: what a highly compressed archive can ask for.
zbomb() {
	_f=$1; shift
	{
		_n=0
		for _mib in "$@"; do
			_n=$((_n + 1))
			python3 -c 'import sys, tarfile
t = tarfile.TarInfo("bin/x" + sys.argv[1]); t.size = int(sys.argv[2]) << 20
t.mode = 0o755
sys.stdout.buffer.write(t.tobuf(format=tarfile.GNU_FORMAT))' "$_n" "$_mib"
			printf '\177ELF'
			head -c $(((_mib << 20) - 4)) /dev/zero
		done
		head -c 1024 /dev/zero
	} | zstd -q -1 -T1 >"$_f" || fail "cannot write $_f"
}
zbomb "$W/bomb1.tar.zst" 600 600
zbomb "$W/bomb2.tar.zst" 600
[ "$(wc -c <"$W/bomb1.tar.zst")" -lt 1000000 ] || fail "bomb is not small"

# rss CMD...: run CMD (stdout in $OUT, stderr in $ERR); the peak RSS of
# it and what it waited for (getrusage(RUSAGE_CHILDREN)), in KiB, in $RSS.
rss() {
	OUT=$W/out ERR=$W/err
	python3 -c 'import resource, subprocess, sys
with open(sys.argv[1], "w") as o, open(sys.argv[2], "w") as e:
    rc = subprocess.run(sys.argv[4:], stdout=o, stderr=e).returncode
with open(sys.argv[3], "w") as f:
    f.write("%d\n" % resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
sys.exit(rc if rc >= 0 else 128 - rc)' "$OUT" "$ERR" "$W/rss" "$@"
	_rc=$?
	RSS=$(cat "$W/rss")
	note "$* -> exit $_rc, peak RSS $RSS KiB"
	return $_rc
}

FAILED=
try() {
	_what=$1; shift
	( "$@" ) || FAILED="$FAILED
  $_what"
}

JAILTRIM_T="timeout ${JT_TIMEOUT:-120} $JAILTRIM"

# The default budget: a sparse member's holes are not held.
sparse_default() {
	rss $JAILTRIM_T deps -s "$W/sparse.tar" /bin/x1
	[ $? -eq 1 ] || fail "sparse deps: exit status not 1"
	no_sanitizer_report "sparse deps"
	assert_grep '/bin/x1: a sparse member of .*sparse.tar \(1000.0 MiB, [0-9.]+ KiB of data\): its holes are not held in memory' "$ERR"
	[ "$RSS" -lt 307200 ] || fail "sparse deps: peak RSS $RSS KiB (>= 300 MB)"
}

# build keeps every member: the same, and nothing is written.
sparse_build() {
	rss $JAILTRIM_T build -s "$W/sparse.tar" -i /bin/x1 -n x \
	    -o "$W/jail" --exec --command /bin/x1
	_rc=$?
	[ $_rc -ne 0 ] || fail "sparse build: succeeded"
	no_sanitizer_report "sparse build"
	assert_grep 'sparse member' "$ERR"
	[ "$RSS" -lt 307200 ] || fail "sparse build: peak RSS $RSS KiB"
	[ ! -e "$W/jail" ] || fail "sparse build: wrote a jail"
}

# --max-memory 200M: the first 600 MiB member is refused, named.
bomb_budget() {
	for _cmd in deps build; do
		if [ $_cmd = deps ]; then
			rss $JAILTRIM_T deps --max-memory 200M \
			    -s "$W/bomb2.tar.zst" /bin/x1
		else
			rss $JAILTRIM_T build --max-memory 200M \
			    -s "$W/bomb2.tar.zst" -i /bin/x1 -n x \
			    -o "$W/jail" --exec --command /bin/x1
		fi
		[ $? -eq 1 ] || fail "bomb $_cmd: exit status not 1"
		no_sanitizer_report "bomb $_cmd"
		assert_grep 'bomb2.tar.zst: holding the 600.0 MiB of /bin/x1 would pass the budget of 200.0 MiB for kept contents and index \(memory and spool\), .* already used \(raise it with --max-memory\)' "$ERR"
		[ "$RSS" -lt 307200 ] || fail "bomb $_cmd: peak RSS $RSS KiB"
	done
}

# The default budget (1 GiB, or half the RAM): 2 x 600 MiB is refused.
bomb_default() {
	rss $JAILTRIM_T deps -s "$W/bomb1.tar.zst" /bin/x1
	[ $? -eq 1 ] || fail "bomb default: exit status not 1"
	no_sanitizer_report "bomb default"
	assert_grep 'bomb1.tar.zst: holding the 600.0 MiB of /bin/x[12] would pass the budget of [0-9.]+ [KMGT]iB for kept contents and index \(memory and spool\)' "$ERR"
	[ "$RSS" -lt 1153434 ] || fail "bomb default: peak RSS $RSS KiB (>= 1.1 GiB)"
}

# A large enough budget holds it: the budget is what decides.
bomb_enough() {
	rss $JAILTRIM_T deps --max-memory 2G -s "$W/bomb2.tar.zst" /bin/x1
	no_sanitizer_report "bomb 2G"
	! grep -q 'would pass the budget' "$ERR" ||
	    fail "--max-memory 2G still refused a 600 MiB member"
}

# Many small members: their index is charged too.
index_budget() {
	python3 -c 'import io, sys, tarfile
t = tarfile.open(fileobj=sys.stdout.buffer, mode="w|", format=tarfile.GNU_FORMAT)
for i in range(60000):
    ti = tarfile.TarInfo("d/%d/f%d" % (i % 100, i))
    t.addfile(ti, io.BytesIO(b""))
t.close()' | zstd -q -T1 >"$W/many.tar.zst" || fail "cannot write many.tar.zst"
	rss $JAILTRIM_T deps --max-memory 4M -s "$W/many.tar.zst" /d/0/f0
	[ $? -eq 1 ] || fail "index: exit status not 1"
	no_sanitizer_report "index"
	assert_grep 'many.tar.zst: indexing /d/[0-9]+/f[0-9]+ would pass the budget of 4.0 MiB for kept contents and index' "$ERR"
}

# Sizes: suffixes, and nonsense refused as a usage error.
sizes() {
	for _s in 1G 1g 1GiB 1GB 1073741824 512M 2T; do
		jt deps --max-memory "$_s" -s "$W/sparse.tar" /bin/nosuch \
		    >"$W/out" 2>"$W/err"
		[ $? -eq 1 ] && grep -q 'nosuch' "$W/err" &&
		    ! grep -q 'max-memory' "$W/err" ||
		    { cat "$W/err" >&2; fail "--max-memory $_s refused"; }
	done
	for _s in "" x 12Q -5 1.5G 10 1K; do
		expect_exit 2 jt deps --max-memory "$_s" -s "$W/sparse.tar" /bin/x1
		assert_grep 'max-memory' "$ERR"
	done
}

try "sparse tar, default budget" sparse_default
try "sparse tar, build" sparse_build
try "zstd bomb, --max-memory 200M" bomb_budget
try "zstd bomb, default budget" bomb_default
try "zstd bomb, --max-memory 2G" bomb_enough
try "many members, --max-memory 4M" index_budget
try "--max-memory sizes" sizes
rm -rf "$W"
[ -z "$FAILED" ] || fail "failed:$FAILED"
