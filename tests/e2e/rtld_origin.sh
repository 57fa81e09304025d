#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# rtld $ORIGIN handling as in FreeBSD 10.1 (freebsd-runtime.md §1.4):
# origin_subst() runs only when the object has DF_ORIGIN (DT_FLAGS 0x1) or
# DF_1_ORIGIN (DT_FLAGS_1 0x80); otherwise "$ORIGIN/..." is used literally
# (PR 187114; 10.4 substitutes always, so the fixture's
# /bin/freebsd-version, 10.1-RELEASE, selects the strict rule).
# $ORIGIN is the directory of the object whose RUNPATH it is in.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib_freebsd.sh"

freebsd_objs
case_dir rtld_origin

# -z origin (lld sets both flags): RUNPATH $ORIGIN/../lib of
# /opt/app/bin/prog is /opt/app/lib.  The copy in /usr/lib would be taken
# if the RUNPATH were not expanded.
for v in prog_origin prog_origin_df prog_origin_df1; do
	# prog_origin_df has only DF_ORIGIN, prog_origin_df1 only DF_1_ORIGIN
	# (build.sh checks the tags): either flag alone must be enough.
	overlay "$v"
	put "$OBJ64/$v" /opt/app/bin/prog
	put "$OBJ64/libfoo.so.1" /opt/app/lib/libfoo.so.1
	put "$OBJ64/libfoo.so.1" /usr/lib/libfoo.so.1
	expect_exit 0 deps -f list /opt/app/bin/prog
	expect_list /opt/app/bin/prog /opt/app/lib/libfoo.so.1 $BASE64
done

# Without either flag, 10.1's rtld keeps "$ORIGIN/../lib" literally: the
# library (only in /opt/app/lib) is not found, and the tried list shows
# the unexpanded path.
overlay origin_literal
put "$OBJ64/prog_origin_literal" /opt/app/bin/prog
put "$OBJ64/libfoo.so.1" /opt/app/lib/libfoo.so.1
expect_exit 3 deps -f list /opt/app/bin/prog
assert_grep 'libfoo\.so\.1' "$ERR"
assert_grep '\$ORIGIN/\.\./lib' "$ERR"

# Same program, library also in /usr/lib: the literal RUNPATH finds
# nothing, the default path does.
overlay origin_literal_falls_through
put "$OBJ64/prog_origin_literal" /opt/app/bin/prog
put "$OBJ64/libfoo.so.1" /opt/app/lib/libfoo.so.1
put "$OBJ64/libfoo.so.1" /usr/lib/libfoo.so.1
expect_exit 0 deps -f list /opt/app/bin/prog
expect_list /opt/app/bin/prog /usr/lib/libfoo.so.1 $BASE64

# $ORIGIN in a library means the library's directory, not the program's:
# libmid (-z origin, RUNPATH $ORIGIN/../private) lives in /opt/app2/lib,
# found through the hints; /usr/private/libfoo.so.1 is where the program's
# origin (/usr/bin/..) would lead.
overlay origin_of_library
put "$OBJ64/prog_mid" /usr/bin/prog
put "$OBJ64/libmid-origin.so.1" /opt/app2/lib/libmid.so.1
put "$OBJ64/libfoo.so.1" /opt/app2/private/libfoo.so.1
put "$OBJ64/libfoo.so.1" /usr/private/libfoo.so.1
write_hints /var/run/ld-elf.so.hints /opt/app2/lib
expect_exit 0 deps -f list /usr/bin/prog
expect_list /usr/bin/prog /opt/app2/lib/libmid.so.1 \
    /opt/app2/private/libfoo.so.1 $BASE64

# The origin is the library's real directory: rtld_dirname_abs() calls
# realpath(3) on the object's path (src:libexec/rtld-elf/rtld.c).  libmid
# is reached through the symlink /usr/lib/libmid.so.1 -> /opt/app2/lib/...
# (an absolute target, resolved inside the root), so $ORIGIN/../private is
# /opt/app2/private, not /usr/private.  Both the symlink and its target
# are in the closure.
overlay origin_through_symlink
put "$OBJ64/prog_mid" /usr/bin/prog
put "$OBJ64/libmid-origin.so.1" /opt/app2/lib/libmid.so.1
put_link /opt/app2/lib/libmid.so.1 /usr/lib/libmid.so.1
put "$OBJ64/libfoo.so.1" /opt/app2/private/libfoo.so.1
put "$OBJ64/libfoo.so.1" /usr/private/libfoo.so.1
expect_exit 0 deps -f list /usr/bin/prog
expect_list /usr/bin/prog /usr/lib/libmid.so.1 /opt/app2/lib/libmid.so.1 \
    /opt/app2/private/libfoo.so.1 $BASE64

echo "PASS"
