#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# DF_1_NODEFLIB (-z nodefaultlib), freebsd-runtime.md §1.3 steps 6-7: an
# object with it does not search /lib:/usr/lib for its own DT_NEEDED, and
# /lib and /usr/lib are also removed from the hints list for it
# (gethints(nostdlib) in src:libexec/rtld-elf/rtld.c).  It is per object:
# other objects keep the default path.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib_freebsd.sh"

freebsd_objs
case_dir rtld_nodeflib

# prog_nodeflib has RUNPATH /lib (so that its libc.so.7 is found) and
# needs libfoo.so.1, which is only in /usr/lib: unresolved.  /usr/lib is
# never tried for it.
overlay nodeflib_program
put "$OBJ64/prog_nodeflib" /usr/bin/prog
put "$OBJ64/libfoo.so.1" /usr/lib/libfoo.so.1
expect_exit 3 deps -f list /usr/bin/prog
assert_grep 'libfoo\.so\.1' "$ERR"
assert_no_grep '/usr/lib/libfoo\.so\.1' "$ERR"

# Control: the same layout for a program without the flag resolves.
overlay default_program_control
put "$OBJ64/prog_foo" /usr/bin/prog
put "$OBJ64/libfoo.so.1" /usr/lib/libfoo.so.1
expect_exit 0 deps -f list /usr/bin/prog
expect_list /usr/bin/prog /usr/lib/libfoo.so.1 $BASE64

# Hints "/usr/lib:/opt/lib" with the library in both: for the NODEFLIB
# program /usr/lib is filtered out of the hints, so /opt/lib is taken;
# for the plain program (same overlay) the hints order gives /usr/lib.
overlay nodeflib_hints_filtered
put "$OBJ64/prog_nodeflib" /usr/bin/prog
put "$OBJ64/prog_foo" /usr/bin/plain
put "$OBJ64/libfoo.so.1" /usr/lib/libfoo.so.1
put "$OBJ64/libfoo.so.1" /opt/lib/libfoo.so.1
write_hints /var/run/ld-elf.so.hints /usr/lib:/opt/lib
expect_exit 0 deps -f list /usr/bin/prog
expect_list /usr/bin/prog /opt/lib/libfoo.so.1 $BASE64
expect_exit 0 deps -f list /usr/bin/plain
expect_list /usr/bin/plain /usr/lib/libfoo.so.1 $BASE64

# NODEFLIB on a library: the program (no flag) finds libmid in /usr/lib,
# but libmid's own libfoo.so.1, only in /usr/lib, is unresolved.  libmid
# also needs libc.so.7, which is already loaded by name (load_object()
# matches loaded objects before searching), so that is no error.
overlay nodeflib_library
put "$OBJ64/prog_mid" /usr/bin/prog
put "$OBJ64/libmid-nodeflib.so.1" /usr/lib/libmid.so.1
put "$OBJ64/libfoo.so.1" /usr/lib/libfoo.so.1
expect_exit 3 deps -f list /usr/bin/prog
assert_grep 'libfoo\.so\.1' "$ERR"
assert_grep 'libmid\.so\.1' "$ERR"
assert_no_grep 'libc\.so\.7' "$ERR"

# ...and resolves when the hints provide a non-default directory.
overlay nodeflib_library_hints
put "$OBJ64/prog_mid" /usr/bin/prog
put "$OBJ64/libmid-nodeflib.so.1" /usr/lib/libmid.so.1
put "$OBJ64/libfoo.so.1" /usr/lib/libfoo.so.1
put "$OBJ64/libfoo.so.1" /opt/lib/libfoo.so.1
write_hints /var/run/ld-elf.so.hints /lib:/usr/lib:/opt/lib
expect_exit 0 deps -f list /usr/bin/prog
expect_list /usr/bin/prog /usr/lib/libmid.so.1 /opt/lib/libfoo.so.1 $BASE64

echo "PASS"
