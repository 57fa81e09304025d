#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# Every ELF object placed in a jail is closed, whatever placed it (issue 13
# item 1): a library that comes only through a profile's "tree" (or -i DIR)
# without the library it needs stops the build (exit 3), naming the object
# and the missing library; --allow-incomplete writes it anyway and says so
# (a warning on stderr, a line in the report); with its library in the
# source the library comes into the jail.  On FreeBSD objects (the fixture
# plus cross-compiled libraries) and on objects of this Debian host.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib_freebsd.sh"
W=$JT_TEST_WORK/build_closed
rm -rf "$W" && mkdir -p "$W/p" || fail mkdir
cat >"$W/p/mods.profile" <<'EOF' || fail profile
description a directory of loadable modules, taken whole
[freebsd]
tree /usr/local/lib/mymods
[linux]
tree /opt/jtmods
EOF

# refused SRC...: the build with the mods profile is refused (exit 3),
# writes nothing, and names $obj and $lib on one line.
refused() {
	rm -rf "$W/out"
	expect_exit 3 jt build "$@" -P "$W/p" -p mods -o "$W/out"
	grep -F "$obj" "$ERR" | grep -Fq "needs $lib: not found" ||
	    { cat "$ERR" >&2; fail "$CASE: no line naming $obj and $lib"; }
	assert_grep 'not writing a jail that cannot start' "$ERR"
	[ ! -e "$W/out" ] || fail "$CASE: a refused jail was written"
	# -i DIR is the same directory with all below it: refused the same
	rm -rf "$W/out"
	expect_exit 3 jt build "$@" -i "$(dirname "$obj")" -o "$W/out"
	grep -F "$obj" "$ERR" | grep -Fq "needs $lib" ||
	    { cat "$ERR" >&2; fail "$CASE: -i DIR: no line naming $obj"; }
	# --allow-incomplete: written, said on stderr and in the report
	rm -rf "$W/out"
	expect_exit 0 jt build "$@" -P "$W/p" -p mods -o "$W/out" \
	    --allow-incomplete
	[ -f "$W/out$obj" ] || fail "$CASE: --allow-incomplete: $obj not written"
	assert_grep "$obj.*needs $lib" "$ERR"
	assert_grep 'warning: writing a jail that may not start \(1 problem\): --allow-incomplete' "$ERR"
	assert_grep '^incomplete: 1 problem, written anyway \(--allow-incomplete\)$' "$OUT"
	no_sanitizer_report "$CASE"
}

# --- FreeBSD: libmid.so.1 needs libfoo.so.1 ------------------------------
freebsd_objs
case_dir build_closed_fbsd
overlay fbsd-missing
put "$OBJ64/libmid.so.1" /usr/local/lib/mymods/libmid.so.1
obj=/usr/local/lib/mymods/libmid.so.1 lib=libfoo.so.1
refused -s "$FBSD_ROOT" -s "$OV"

# With libfoo.so.1 in the source it comes into the jail.
overlay fbsd-complete
put "$OBJ64/libmid.so.1" /usr/local/lib/mymods/libmid.so.1
put "$OBJ64/libfoo.so.1" /usr/lib/libfoo.so.1
rm -rf "$W/out"
expect_exit 0 jt build -s "$FBSD_ROOT" -s "$OV" -P "$W/p" -p mods -o "$W/out"
[ -f "$W/out/usr/lib/libfoo.so.1" ] || fail "$CASE: libfoo.so.1 not brought"
grep -q incomplete "$OUT" && fail "$CASE: a complete jail said incomplete"
expect_exit 0 jt verify "$W/out"

# A truncated object in the tree: build refuses it as verify does.
overlay fbsd-truncated
head -c 100 "$OBJ64/libfoo.so.1" | put_text /usr/local/lib/mymods/bad.so
rm -rf "$W/out"
expect_exit 3 jt build -s "$FBSD_ROOT" -s "$OV" -P "$W/p" -p mods -o "$W/out"
assert_grep '/usr/local/lib/mymods/bad.so: not a loadable object' "$ERR"
expect_exit 0 jt build -s "$FBSD_ROOT" -s "$OV" -P "$W/p" -p mods -o "$W/out" \
    --allow-incomplete
expect_exit 3 jt verify "$W/out"

# --- Debian: a module of this host's toolchain ---------------------------
CC=$(command -v cc || command -v gcc || command -v clang) ||
    { note "no C compiler: the Debian case is not tested"; exit 0; }
[ -r /lib64/ld-linux-x86-64.so.2 ] ||
    { note "not an x86_64 glibc host: the Debian case is not tested"; exit 0; }
case_dir build_closed_linux
host_mod_objects
overlay linux-missing
put "$CASES/libjtmod.so" /opt/jtmods/libjtmod.so
obj=/opt/jtmods/libjtmod.so lib=libjtneed.so.1
refused -s / -s "$OV"

overlay linux-complete
put "$CASES/libjtmod.so" /opt/jtmods/libjtmod.so
put "$CASES/libjtneed.so.1" /usr/lib/libjtneed.so.1
rm -rf "$W/out"
expect_exit 0 jt build -s / -s "$OV" -P "$W/p" -p mods -o "$W/out"
[ -f "$W/out/usr/lib/libjtneed.so.1" ] ||
    fail "$CASE: libjtneed.so.1 not brought"
echo "build_closed: ok"
