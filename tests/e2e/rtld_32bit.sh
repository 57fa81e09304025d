#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# 32-bit programs on amd64 (freebsd-runtime.md §1.1, §1.5, §1.6): the
# kernel runs /libexec/ld-elf32.so.1 for them (the ia32 brand rewrites
# PT_INTERP /libexec/ld-elf.so.1), which searches "/lib32:/usr/lib32" by
# default and reads /var/run/ld-elf32.so.hints and /etc/libmap32.conf.
# A library of the wrong class never satisfies a program, and since rtld
# takes the first file that exists (try_library_path() only calls
# access()), a wrong-class file found first is an error, not skipped.
# The base has no lib32, so the i386 objects are freestanding; the
# overlay's /libexec/ld-elf32.so.1 is a stand-in (an i386 shared object
# with SONAME ld-elf32.so.1 that defines nothing the programs use).
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib_freebsd.sh"

freebsd_objs
case_dir rtld_32bit

# rtld32: the stand-in 32-bit interpreter.
rtld32() { put "$OBJ32/ld-elf32.so.1" /libexec/ld-elf32.so.1; }

# 32-bit program, 32-bit lib in /usr/lib32, a 64-bit lib of the same name
# in /usr/lib: the closure is the program, /usr/lib32's copy and
# ld-elf32.so.1 (not the 64-bit ld-elf.so.1 of the base, nor libc).
overlay lib32_resolves
rtld32
put "$OBJ32/prog32" /usr/bin/prog32
put "$OBJ32/libfoo.so.1" /usr/lib32/libfoo.so.1
put "$OBJ64/libfoo.so.1" /usr/lib/libfoo.so.1
expect_exit 0 deps -f list /usr/bin/prog32
expect_list /usr/bin/prog32 /usr/lib32/libfoo.so.1 /libexec/ld-elf32.so.1

# /usr/lib is not in the 32-bit search path: a 32-bit lib there is not
# found.
overlay lib32_not_in_usr_lib
rtld32
put "$OBJ32/prog32" /usr/bin/prog32
put "$OBJ32/libfoo.so.1" /usr/lib/libfoo.so.1
expect_exit 3 deps -f list /usr/bin/prog32
assert_grep 'libfoo\.so\.1' "$ERR"

# The interpreter is ld-elf32.so.1: without it (the base has only the
# dangling symlink /usr/libexec/ld-elf32.so.1) the program cannot run,
# even though /libexec/ld-elf.so.1 exists.
overlay no_ld_elf32
put "$OBJ32/prog32" /usr/bin/prog32
put "$OBJ32/libfoo.so.1" /usr/lib32/libfoo.so.1
expect_exit 3 deps -f list /usr/bin/prog32
assert_grep 'ld-elf32\.so\.1' "$ERR"

# A 64-bit libfoo.so.1 first in the 32-bit path: fatal ("unsupported file
# layout" in rtld); the message must say it is a class problem.
overlay wrong_class_for_32bit
rtld32
put "$OBJ32/prog32" /usr/bin/prog32
put "$OBJ64/libfoo.so.1" /usr/lib32/libfoo.so.1
expect_exit 3 deps -f list /usr/bin/prog32
assert_grep '/usr/lib32/libfoo\.so\.1' "$ERR"
grep -Eiq 'class|ELF ?(32|64)|32-bit|64-bit|layout' "$ERR" ||
    { cat "$ERR" >&2; fail "$CASE: message does not mention the ELF class"; }

# A 32-bit libfoo.so.1 in /lib shadows the good 64-bit one in /usr/lib
# for a 64-bit program: rtld does not skip it, so this is an error too.
overlay wrong_class_for_64bit
put "$OBJ64/prog_foo" /usr/bin/prog
put "$OBJ32/libfoo.so.1" /lib/libfoo.so.1
put "$OBJ64/libfoo.so.1" /usr/lib/libfoo.so.1
expect_exit 3 deps -f list /usr/bin/prog
assert_grep '(^|[^r])/lib/libfoo\.so\.1' "$ERR"	# not /usr/lib/...
grep -Eiq 'class|ELF ?(32|64)|32-bit|64-bit|layout' "$ERR" ||
    { cat "$ERR" >&2; fail "$CASE: message does not mention the ELF class"; }

# /etc/libmap32.conf applies to 32-bit programs, /etc/libmap.conf to
# 64-bit ones; each maps libfoo.so.1 to a different library.
overlay libmap32
rtld32
put "$OBJ32/prog32" /usr/bin/prog32
put "$OBJ64/prog_foo" /usr/bin/prog
for l in libfoo libbar libqux; do
	put "$OBJ32/$l.so.1" /usr/lib32/$l.so.1
	put "$OBJ64/$l.so.1" /usr/lib/$l.so.1
done
put_text /etc/libmap32.conf <<'EOF'
libfoo.so.1 libbar.so.1
EOF
put_text /etc/libmap.conf <<'EOF'
libfoo.so.1 libqux.so.1
EOF
expect_exit 0 deps -f list /usr/bin/prog32
expect_list /usr/bin/prog32 /usr/lib32/libbar.so.1 /libexec/ld-elf32.so.1
expect_exit 0 deps -f list /usr/bin/prog
expect_list /usr/bin/prog /usr/lib/libqux.so.1 $BASE64

# /var/run/ld-elf32.so.hints is the 32-bit hints file; the 64-bit one
# (naming /opt/lib64, which also holds a 32-bit libfoo) is not read for
# a 32-bit program.  /usr/lib32 has a copy too: hints come first.
overlay hints32
rtld32
put "$OBJ32/prog32" /usr/bin/prog32
put "$OBJ32/libfoo.so.1" /opt/lib32/libfoo.so.1
put "$OBJ32/libfoo.so.1" /opt/lib64/libfoo.so.1
put "$OBJ32/libfoo.so.1" /usr/lib32/libfoo.so.1
write_hints /var/run/ld-elf32.so.hints /opt/lib32
write_hints /var/run/ld-elf.so.hints /opt/lib64
expect_exit 0 deps -f list /usr/bin/prog32
expect_list /usr/bin/prog32 /opt/lib32/libfoo.so.1 /libexec/ld-elf32.so.1

echo "PASS"
