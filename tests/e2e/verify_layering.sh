#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# verify is a stage of the library (issue 11 §2): verify.h owns the
# checks, the planner has no verify mode, no command calls another, and
# shrink --apply verifies through the library with the very lines
# `jailtrim verify` prints for the same jail.
. "$(dirname "$0")/lib.sh"
S=$JT_SRCDIR
[ -f "$S/include/jailtrim/verify.h" ] || fail "no include/jailtrim/verify.h"
ls "$S"/src/lib/verify*.c >/dev/null 2>&1 || fail "no src/lib/verify*.c"
! grep -n 'cmd_verify' "$S/src/cli/cmd_shrink.c" >&2 ||
    fail "shrink calls cmd_verify()"
! grep -n -i 'verify' "$S/src/lib/build.c" "$S/src/lib/build_int.h" \
    "$S/src/lib/plan.c" >&2 || fail "the planner has a verify mode"
! grep -n 'jt_build_set_verify\|jt_build_add_jailconf' "$S"/include/jailtrim/*.h \
    "$S"/src/lib/*.c "$S"/src/cli/*.c >&2 || fail "the planner's verify API is still there"
# A command is only run by main.c's table: no cmd_*() call elsewhere.
for f in "$S"/src/cli/*.c; do
	[ "${f##*/}" = main.c ] && continue
	! grep -n -E '(^|[^a-z_])cmd_[a-z]+\(' "$f" | grep -v -E ':cmd_[a-z]+\(int argc' >&2 ||
	    fail "${f##*/} calls a command"
done
# The library never prints: verify*.c has no stdio output.
! grep -n -E '(^|[^a-z_])(printf|fprintf|puts|fputs|perror|err|errx|warnx?|exit)\(' \
    "$S"/src/lib/verify*.c >&2 || fail "src/lib/verify*.c prints or exits"

# shrink --apply on a tiny glibc jail (the host's true, libc and ld.so,
# plus what it does not need): its verify lines are verify's own.
[ -r /lib64/ld-linux-x86-64.so.2 ] && [ -r /lib/x86_64-linux-gnu/libc.so.6 ] ||
    skip "not an x86_64 glibc host"
W=$JT_TEST_WORK/verify_layering
rm -rf "$W" && mkdir -p "$W/j/usr/bin" "$W/j/lib/x86_64-linux-gnu" "$W/j/lib64" \
    "$W/j/etc" "$W/j/usr/share/doc/x" || fail mkdir
cp /usr/bin/true /usr/bin/false "$W/j/usr/bin/" &&
    cp /lib/x86_64-linux-gnu/libc.so.6 "$W/j/lib/x86_64-linux-gnu/" &&
    cp /lib64/ld-linux-x86-64.so.2 "$W/j/lib64/" &&
    echo 'root:x:0:0:root:/root:/bin/sh' > "$W/j/etc/passwd" &&
    echo 'root:x:0:' > "$W/j/etc/group" &&
    echo doc > "$W/j/usr/share/doc/x/README" || fail "the jail"
# a program the jail cannot run: verify must say so after the shrink
printf '\177ELF\2\1\1' > "$W/j/usr/bin/broken" && chmod 755 "$W/j/usr/bin/broken" ||
    fail broken
# (the reference base is the jail as made: every file in it is the base's)
cp -a "$W/j" "$W/base" || fail "base"
expect_exit 3 "$JAILTRIM" shrink -i /usr/bin/true -i /usr/bin/broken --apply \
    --backup "$W/j.tzst" --key "$W/key" --base "$W/base" "$W/j"
cp "$OUT" "$W/shrink.out" && cp "$ERR" "$W/shrink.err"
# the failed self-check rolled the shrink back (issue 12)
[ -e "$W/j/usr/share/doc/x/README" ] || fail "not rolled back"
assert_grep 'rolled back: ' "$W/shrink.err"
# the self-check is verify's library: the same findings as verify's on
# the shrunk jail (a copy shrunk again, from the backup's list)
grep '^jailtrim: verify: ' "$W/shrink.err" > "$W/shrink.findings"
rm -f "$W/j/usr/share/doc/x/README" "$W/j/usr/bin/false" &&
    rmdir "$W/j/usr/share/doc/x" "$W/j/usr/share/doc" "$W/j/usr/share" || fail "shrink by hand"
expect_exit 3 "$JAILTRIM" verify "$W/j"
tail -n 1 "$W/shrink.out" | cmp -s - "$OUT" || {
	tail -n 1 "$W/shrink.out" >&2; cat "$OUT" >&2; fail "summary differs"; }
cmp -s "$W/shrink.findings" "$ERR" || {
	diff "$W/shrink.findings" "$ERR" >&2; fail "findings differ"; }
assert_grep 'verify: .*/usr/bin/broken' "$ERR"
echo "verify_layering: ok"
