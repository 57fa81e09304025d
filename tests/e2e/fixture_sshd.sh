#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# fixture_sshd: the closure of FreeBSD 10.1's /usr/sbin/sshd and
# /usr/sbin/unbound, read from the fixture as a txz, as the extracted
# directory, as a multi-block txz, a tar.zst and a tgz: always the same
# list, of the size ../shared/fixtures/README.md gives (checked there
# against an independent reader).
. "$(dirname "$0")/lib.sh"

need_fixture
ROOT=$(fixture_root)
W=$JT_TEST_WORK/fixture_sshd
rm -rf "$W" && mkdir -p "$W" || fail "cannot create $W"

JT_TIMEOUT=300

# size_of LIST: total bytes of the listed files in the extracted root
# (stat without -L: a listed symlink counts as itself).
size_of() {
	sed "s,^,$ROOT," "$1" | tr '\n' '\0' | xargs -0 -r stat -c %s |
	    awk '{ s += $1 } END { print s + 0 }'
}

# check_closure SOURCE PROG LINES BYTES: deps -f list exits 0 and lists
# LINES files totalling BYTES; the list is kept as $W/PROG.SOURCENAME.
check_closure() {
	_src=$1 _prog=$2 _lines=$3 _bytes=$4
	expect_exit 0 jt deps -s "$_src" -f list "$_prog"
	_n=$(wc -l <"$OUT")
	[ "$_n" -eq "$_lines" ] ||
	    { cat "$OUT" >&2; fail "$_prog from $_src: $_n lines, expected $_lines"; }
	_b=$(size_of "$OUT")
	[ "$_b" -eq "$_bytes" ] ||
	    { cat "$OUT" >&2; fail "$_prog from $_src: $_b bytes, expected $_bytes"; }
	LAST=$W/$(basename "$_prog").$(basename "$_src")
	cp "$OUT" "$LAST"
}

# same A B WHAT: two lists identical.
same() {
	diff -u "$1" "$2" >&2 || fail "$3: output differs from the txz's"
}

# The exact closure of sshd (from the fixture's README numbers: 24 files,
# 7,485,008 bytes; the names are what rtld-elf loads, RUNPATH
# /usr/lib/private for sshd, libssh and libkrb5).
cat >"$W/sshd.want" <<'EOF'
/lib/libc.so.7
/lib/libcrypt.so.5
/lib/libcrypto.so.7
/lib/libmd.so.6
/lib/libthr.so.3
/lib/libutil.so.9
/lib/libz.so.6
/libexec/ld-elf.so.1
/usr/lib/libasn1.so.11
/usr/lib/libbsm.so.3
/usr/lib/libcom_err.so.5
/usr/lib/libgssapi.so.10
/usr/lib/libgssapi_krb5.so.10
/usr/lib/libheimbase.so.11
/usr/lib/libhx509.so.11
/usr/lib/libkrb5.so.11
/usr/lib/libpam.so.5
/usr/lib/libroken.so.11
/usr/lib/libwind.so.11
/usr/lib/libwrap.so.6
/usr/lib/private/libheimipcc.so.11
/usr/lib/private/libldns.so.5
/usr/lib/private/libssh.so.5
/usr/sbin/sshd
EOF

# 1. From the txz itself (one xz block).
check_closure "$JT_FIXTURE_TXZ" /usr/sbin/sshd 24 7485008
REF=$LAST
diff -u "$W/sshd.want" "$REF" >&2 || fail "sshd closure: list differs from the expected files"
check_closure "$JT_FIXTURE_TXZ" /usr/sbin/unbound 9 5925776
UREF=$LAST

# 2. From the extracted directory: identical output.
check_closure "$ROOT" /usr/sbin/sshd 24 7485008
same "$REF" "$LAST" "sshd, directory source"
check_closure "$ROOT" /usr/sbin/unbound 9 5925776
same "$UREF" "$LAST" "unbound, directory source"

# Recompressed copies, made once per build tree (under a lock: other
# tests may run in parallel) and kept in $JT_TEST_WORK.
# recompress FILE CMD...: FILE := CMD applied to the decompressed tar.
recompress() {
	_f=$1; shift
	(
		flock 9
		if [ ! -s "$_f" ]; then
			xz -dc "$JT_FIXTURE_TXZ" | "$@" >"$_f.tmp" && mv "$_f.tmp" "$_f"
		fi
	) 9>"$_f.lock" || { rm -f "$_f.tmp"; fail "cannot make $_f"; }
}

# 3. A multi-block txz (what xz -T makes; decoders must follow blocks).
MULTI=$JT_TEST_WORK/multi.txz
recompress "$MULTI" xz -T2 --block-size=8MiB -c
blocks=$(xz --robot -lv "$MULTI" | awk -F'\t' '$1 == "file" { print $3 }')
[ "${blocks:-0}" -gt 1 ] || fail "$MULTI has ${blocks:-?} block(s), expected more than 1"
check_closure "$MULTI" /usr/sbin/sshd 24 7485008
same "$REF" "$LAST" "sshd, multi-block txz"

# 4. tar.zst, and the same bytes under a name that says nothing (sources
# are detected by content).
if command -v zstd >/dev/null; then
	ZST=$JT_TEST_WORK/fixture.tar.zst
	recompress "$ZST" zstd -q -T2 -c
	check_closure "$ZST" /usr/sbin/sshd 24 7485008
	same "$REF" "$LAST" "sshd, tar.zst"
	ln -f "$ZST" "$W/fixture-zstd.img" 2>/dev/null ||
	    cp "$ZST" "$W/fixture-zstd.img" || fail "cannot copy $ZST"
	check_closure "$W/fixture-zstd.img" /usr/sbin/sshd 24 7485008
	same "$REF" "$LAST" "sshd, zstd tar named .img"
	rm -f "$W/fixture-zstd.img"
else
	note "zstd not installed: tar.zst case skipped"
fi

# 5. tgz.
if command -v gzip >/dev/null; then
	TGZ=$JT_TEST_WORK/fixture.tgz
	recompress "$TGZ" gzip -c
	check_closure "$TGZ" /usr/sbin/sshd 24 7485008
	same "$REF" "$LAST" "sshd, tgz"
else
	note "gzip not installed: tgz case skipped"
fi

echo "ok"
