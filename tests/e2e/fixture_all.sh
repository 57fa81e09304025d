#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# fixture_all: every ELF object of the FreeBSD 10.1 base, then two broken
# roots.  The README's fact: over all 1,120 ELF objects the only
# unresolvable DT_NEEDED is /usr/bin/ldd32 -> libc.so.7 (no lib32 in
# base); ldd32's 32-bit interpreter (/libexec/ld-elf32.so.1, what the
# kernel substitutes for /libexec/ld-elf.so.1 in an i386 program) is
# missing too.  Nothing else may be reported.
. "$(dirname "$0")/lib.sh"

need_fixture
command -v python3 >/dev/null || skip "python3 not installed"
ROOT=$(fixture_root)
W=$JT_TEST_WORK/fixture_all
# Directories only: the small root below holds hard links into the shared
# extracted fixture, and a chmod of a file here would change it there.
clean_work() {
	{ [ ! -d "$W" ] || find "$W" -type d -exec chmod u+w {} +; } &&
	    rm -rf "$W"
}
clean_work && mkdir -p "$W" || fail "cannot create $W"

JT_TIMEOUT=600

# in_order FILE RE...: the REs match FILE's text (newlines as spaces), in
# this order.  Each RE is anchored on a non-path character before it, so
# /lib/x does not match inside /usr/lib/x.
in_order() {
	_f=$1; shift
	_re=
	for _r in "$@"; do _re="$_re.*[^A-Za-z0-9_./-]$_r"; done
	{ printf ' '; tr '\n' ' ' <"$_f"; } | grep -Eq -- "${_re#.\*}" ||
	    { cat "$_f" >&2; fail "stderr does not name, in order: $*"; }
}

# ====================================================================
# 1. --all over the extracted base.
expect_exit 3 jt deps -s "$ROOT" --all -f list
no_sanitizer_report "--all"
cp "$OUT" "$W/all.list"; cp "$ERR" "$W/all.err"
# The one unresolved DT_NEEDED is named, with its object.
assert_grep '/usr/bin/ldd32' "$W/all.err"
assert_grep 'libc\.so\.7' "$W/all.err"
# Nothing else: every object name in stderr (tokens like libfoo.so.N) is
# libc.so.7 or the 32-bit interpreter ...
sed "s,$ROOT,,g" "$W/all.err" >"$W/all.err.rel"
others=$(grep -oE '[A-Za-z0-9_.+-]+\.so(\.[0-9]+)*' "$W/all.err.rel" |
    grep -Evx 'libc\.so\.7|ld-elf32\.so\.1|ld-elf\.so\.1' | sort -u)
[ -z "$others" ] || { cat "$W/all.err" >&2; fail "--all: other objects reported: $others"; }
# ... every path in it is ldd32, an interpreter, or a place libc.so.7 was
# looked for ...
others=$(grep -oE '/[^][ :"'\''(),;]+' "$W/all.err.rel" |
    grep -Ev '(^|/)(ldd32|libc\.so\.7|ld-elf32\.so\.1|ld-elf\.so\.1)$' | sort -u)
[ -z "$others" ] || { cat "$W/all.err" >&2; fail "--all: other paths reported: $others"; }
# ... and there is no symbol or version error.
if grep -Eqi 'symbol|version|FBSD_' "$W/all.err"; then
	cat "$W/all.err" >&2; fail "--all: symbol/version errors reported"
fi
# The list still holds the resolved closures (sshd's interpreter and
# libraries, unbound's) and is sorted and unique.
for f in /usr/sbin/sshd /libexec/ld-elf.so.1 /lib/libc.so.7 \
    /usr/lib/private/libssh.so.5 /usr/lib/private/libheimipcc.so.11 \
    /usr/sbin/unbound /usr/lib/private/libunbound.so.5; do
	grep -Fxq "$f" "$W/all.list" || fail "--all: $f not listed"
done
LC_ALL=C sort -uc "$W/all.list" || fail "--all: list not sorted bytewise/unique"
note "--all: $(wc -l <"$W/all.list") entries"

# ====================================================================
# 2. A small root (interpreter, libraries, sshd) without /lib/libz.so.6.
# Hard links into the extracted fixture where possible: cheap, and
# unlinking one in the copy leaves the fixture alone.
S=$W/small
mkdir -p "$S/usr/sbin" || fail "mkdir $S"
for d in libexec lib usr/lib usr/sbin/sshd; do
	cp -al "$ROOT/$d" "$S/$d" 2>/dev/null || cp -a "$ROOT/$d" "$S/$d" ||
	    fail "cannot copy $d"
done
# Control: complete, it resolves.
expect_exit 0 jt deps -s "$S" -f list /usr/sbin/sshd
[ "$(wc -l <"$OUT")" -eq 24 ] || { cat "$OUT" >&2; fail "small root: not 24 files"; }
cp "$OUT" "$W/sshd.list"

mv "$S/lib/libz.so.6" "$W/libz.so.6" || fail "mv libz"
expect_exit 3 jt deps -s "$S" -f list /usr/sbin/sshd
no_sanitizer_report "no libz"
assert_grep 'libz\.so\.6' "$ERR"
# rtld's order for sshd (and libssh): RUNPATH /usr/lib/private (RPATH is
# ignored when RUNPATH is present), no hints file, then /lib:/usr/lib.
in_order "$ERR" '/usr/lib/private/libz\.so\.6' '/lib/libz\.so\.6' '/usr/lib/libz\.so\.6'
# libz is the only thing missing: the only objects named are libz.so.6,
# the ones needing it (sshd, libssh.so.5) and possibly rtld's own name.
others=$(grep -oE '[A-Za-z0-9_.+-]+\.so(\.[0-9]+)*' "$ERR" | sort -u |
    grep -Evx 'libz\.so\.6|libssh\.so\.5|ld-elf\.so\.1')
[ -z "$others" ] || { cat "$ERR" >&2; fail "no libz: stderr also names:" $others; }
mv "$W/libz.so.6" "$S/lib/libz.so.6" || fail "mv libz back"

# ====================================================================
# 3. libc.so.7 without the FBSD_1.3 version definition.  The patcher
# follows .gnu.version_d to the definition's name in .dynstr (not a
# search for the string) and renames it FBSD_1.X; sshd needs FBSD_1.3
# from libc.so.7.
rm -f "$S/lib/libc.so.7" && cp "$ROOT/lib/libc.so.7" "$S/lib/libc.so.7" &&
    chmod u+w "$S/lib/libc.so.7" && python3 "$JT_SRCDIR/tests/e2e/unversion.py" "$S/lib/libc.so.7" FBSD_1.3 ||
    fail "cannot patch libc.so.7"
# The patch did what it should, if readelf is there to say so.
if command -v readelf >/dev/null; then
	readelf -V "$S/lib/libc.so.7" | sed -n '/definition/,/needs/p' >"$W/verdef"
	grep -q 'Name: FBSD_1\.X' "$W/verdef" && ! grep -q 'Name: FBSD_1\.3$' "$W/verdef" ||
	    { cat "$W/verdef" >&2; fail "patched libc.so.7 still defines FBSD_1.3"; }
fi
expect_exit 3 jt deps -s "$S" -f list /usr/sbin/sshd
no_sanitizer_report "no FBSD_1.3"
assert_grep 'FBSD_1\.3' "$ERR"
assert_grep 'libc\.so\.7' "$ERR"

# The same through a stacked source: the fixture, then an overlay holding
# only the patched libc.so.7 (later sources win path by path).  Control
# first: an unpatched copy in the overlay changes nothing.
O=$W/overlay
mkdir -p "$O/lib" && cp "$ROOT/lib/libc.so.7" "$O/lib/libc.so.7" || fail "overlay"
expect_exit 0 jt deps -s "$ROOT" -s "$O" -f list /usr/sbin/sshd
diff -u "$W/sshd.list" "$OUT" >&2 || fail "overlay control: list differs"
rm -f "$O/lib/libc.so.7" && cp "$S/lib/libc.so.7" "$O/lib/libc.so.7" ||
    fail "overlay copy"
expect_exit 3 jt deps -s "$ROOT" -s "$O" -f list /usr/sbin/sshd
assert_grep 'FBSD_1\.3' "$ERR"
assert_grep 'libc\.so\.7' "$ERR"
# And stacked the other way round, the fixture's libc wins: resolves.
expect_exit 0 jt deps -s "$O" -s "$ROOT" -f list /usr/sbin/sshd

# Cleaning this test's work (what the next run does first) leaves the
# shared extracted fixture as tar made it (libraries 0444, ld-elf 0555).
clean_work || fail "cannot clean $W"
[ "$(stat -c %a "$ROOT/lib/libcrypt.so.5" "$ROOT/libexec/ld-elf.so.1" |
    tr '\n' ' ')" = "444 555 " ] ||
    fail "the shared fixture root's modes changed: $(stat -c '%a %n' \
    "$ROOT/lib/libcrypt.so.5" "$ROOT/libexec/ld-elf.so.1")"
echo "ok"
