#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# rtld search order, part 1: DT_RPATH vs DT_RUNPATH, inheritance of the
# main program's RPATH, and where RPATH/RUNPATH sit relative to the hints
# and the default /lib:/usr/lib.
# Authority: ../shared/docs/freebsd-runtime.md §1.3 (find_library() in
# src:libexec/rtld-elf/rtld.c):
#   1 libmap  2 own RPATH if no own RUNPATH  3 main program's RPATH if no
#   own RUNPATH  4 LD_LIBRARY_PATH  5 own RUNPATH  6 hints  7 /lib:/usr/lib
# Every case puts copies of the same library in two or more directories;
# which path appears in the closure tells which rule chose it.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib_freebsd.sh"

freebsd_objs
case_dir rtld_rpath

# RPATH-only program: its RPATH is searched before /usr/lib (rules 2, 7).
overlay rpath_only
put "$OBJ64/prog_foo_rpath" /usr/bin/prog
put "$OBJ64/libfoo.so.1" /opt/rp/libfoo.so.1
put "$OBJ64/libfoo.so.1" /usr/lib/libfoo.so.1
expect_exit 0 deps -f list /usr/bin/prog
expect_list /usr/bin/prog /opt/rp/libfoo.so.1 $BASE64

# RUNPATH-only program: its RUNPATH is searched before /usr/lib (5, 7).
overlay runpath_only
put "$OBJ64/prog_foo_runpath" /usr/bin/prog
put "$OBJ64/libfoo.so.1" /opt/rn/libfoo.so.1
put "$OBJ64/libfoo.so.1" /usr/lib/libfoo.so.1
expect_exit 0 deps -f list /usr/bin/prog
expect_list /usr/bin/prog /opt/rn/libfoo.so.1 $BASE64

# Both tags (like the base's sshd): RPATH is dropped entirely
# (digest_dynamic2 keeps runpath or rpath, never both).  With the library
# in both dirs, a "RPATH first" reading would pick /opt/rp...
overlay both_tags
put "$OBJ64/prog_foo_both" /usr/bin/prog
put "$OBJ64/libfoo.so.1" /opt/rp/libfoo.so.1
put "$OBJ64/libfoo.so.1" /opt/rn/libfoo.so.1
expect_exit 0 deps -f list /usr/bin/prog
expect_list /usr/bin/prog /opt/rn/libfoo.so.1 $BASE64

# ...and with it only in the RPATH dir and /usr/lib, a "RPATH after
# RUNPATH" reading would still pick /opt/rp; rtld takes /usr/lib.
overlay both_tags_rpath_ignored
put "$OBJ64/prog_foo_both" /usr/bin/prog
put "$OBJ64/libfoo.so.1" /opt/rp/libfoo.so.1
put "$OBJ64/libfoo.so.1" /usr/lib/libfoo.so.1
expect_exit 0 deps -f list /usr/bin/prog
expect_list /usr/bin/prog /usr/lib/libfoo.so.1 $BASE64

# The executable's RPATH is inherited: libmid (no RPATH/RUNPATH of its
# own) finds libfoo only through the main program's RPATH /opt/inh (3).
overlay inherit_main_rpath
put "$OBJ64/prog_mid_rpath" /usr/bin/prog
put "$OBJ64/libmid.so.1" /usr/lib/libmid.so.1
put "$OBJ64/libfoo.so.1" /opt/inh/libfoo.so.1
expect_exit 0 deps -f list /usr/bin/prog
expect_list /usr/bin/prog /usr/lib/libmid.so.1 /opt/inh/libfoo.so.1 $BASE64

# The executable's RUNPATH is NOT inherited: same layout, the program has
# RUNPATH /opt/inh instead, so libfoo (needed by libmid) is not found.
# The error names the library and lists the directories tried in order;
# /lib comes before /usr/lib whatever else is tried.
overlay no_inherit_main_runpath
put "$OBJ64/prog_mid_runpath" /usr/bin/prog
put "$OBJ64/libmid.so.1" /usr/lib/libmid.so.1
put "$OBJ64/libfoo.so.1" /opt/inh/libfoo.so.1
expect_exit 3 deps -f list /usr/bin/prog
assert_grep 'libfoo\.so\.1' "$ERR"
assert_grep 'libmid\.so\.1' "$ERR"
assert_before /lib/libfoo.so.1 /usr/lib/libfoo.so.1 "$ERR"

# A library's own RPATH comes before the inherited one (2 before 3).
overlay own_rpath_before_main_rpath
put "$OBJ64/prog_mid_rpath" /usr/bin/prog
put "$OBJ64/libmid-rpath.so.1" /usr/lib/libmid.so.1
put "$OBJ64/libfoo.so.1" /opt/inh/libfoo.so.1
put "$OBJ64/libfoo.so.1" /opt/own/libfoo.so.1
expect_exit 0 deps -f list /usr/bin/prog
expect_list /usr/bin/prog /usr/lib/libmid.so.1 /opt/own/libfoo.so.1 $BASE64

# A library with its own RPATH still inherits the main RPATH (rule 3 only
# requires that the library has no RUNPATH).
overlay own_rpath_still_inherits
put "$OBJ64/prog_mid_rpath" /usr/bin/prog
put "$OBJ64/libmid-rpath.so.1" /usr/lib/libmid.so.1
put "$OBJ64/libfoo.so.1" /opt/inh/libfoo.so.1
expect_exit 0 deps -f list /usr/bin/prog
expect_list /usr/bin/prog /usr/lib/libmid.so.1 /opt/inh/libfoo.so.1 $BASE64

# A library WITH a RUNPATH does not inherit the main program's RPATH:
# libmid has RUNPATH /opt/elsewhere, libfoo is only in the main RPATH dir.
overlay own_runpath_blocks_main_rpath
put "$OBJ64/prog_mid_rpath" /usr/bin/prog
put "$OBJ64/libmid-runpath.so.1" /usr/lib/libmid.so.1
put "$OBJ64/libfoo.so.1" /opt/inh/libfoo.so.1
expect_exit 3 deps -f list /usr/bin/prog
assert_grep 'libfoo\.so\.1' "$ERR"
assert_grep '/opt/elsewhere/libfoo\.so\.1' "$ERR"

# Control for the case above: the library's own RUNPATH does work for its
# own DT_NEEDED (as for libldns under /usr/lib/private in the base).
overlay own_runpath_used
put "$OBJ64/prog_mid_rpath" /usr/bin/prog
put "$OBJ64/libmid-runpath.so.1" /usr/lib/libmid.so.1
put "$OBJ64/libfoo.so.1" /opt/inh/libfoo.so.1
put "$OBJ64/libfoo.so.1" /opt/elsewhere/libfoo.so.1
expect_exit 0 deps -f list /usr/bin/prog
expect_list /usr/bin/prog /usr/lib/libmid.so.1 /opt/elsewhere/libfoo.so.1 $BASE64

# RPATH and RUNPATH both come before the hints directories (2, 5 before 6).
overlay rpath_before_hints
put "$OBJ64/prog_foo_rpath" /usr/bin/prog
put "$OBJ64/libfoo.so.1" /opt/rp/libfoo.so.1
put "$OBJ64/libfoo.so.1" /opt/h/libfoo.so.1
write_hints /var/run/ld-elf.so.hints /opt/h
expect_exit 0 deps -f list /usr/bin/prog
expect_list /usr/bin/prog /opt/rp/libfoo.so.1 $BASE64

overlay runpath_before_hints
put "$OBJ64/prog_foo_runpath" /usr/bin/prog
put "$OBJ64/libfoo.so.1" /opt/rn/libfoo.so.1
put "$OBJ64/libfoo.so.1" /opt/h/libfoo.so.1
write_hints /var/run/ld-elf.so.hints /opt/h
expect_exit 0 deps -f list /usr/bin/prog
expect_list /usr/bin/prog /opt/rn/libfoo.so.1 $BASE64

# Default path order: /lib before /usr/lib (STANDARD_LIBRARY_PATH).
overlay default_lib_first
put "$OBJ64/prog_foo" /usr/bin/prog
put "$OBJ64/libfoo.so.1" /lib/libfoo.so.1
put "$OBJ64/libfoo.so.1" /usr/lib/libfoo.so.1
expect_exit 0 deps -f list /usr/bin/prog
expect_list /usr/bin/prog /lib/libfoo.so.1 $BASE64

# Symlinks on the way are part of the closure, each link's own path as
# well as the final file; an absolute link target is resolved inside the
# root (at run time it is resolved inside the jail), never on the host.
overlay symlink_chain
put "$OBJ64/prog_foo" /usr/bin/prog
put "$OBJ64/libfoo.so.1" /opt/real/libfoo.so.1.0.0
put_link libfoo.so.1.0 /usr/lib/libfoo.so.1
put_link /opt/real/libfoo.so.1.0.0 /usr/lib/libfoo.so.1.0
expect_exit 0 deps -f list /usr/bin/prog
expect_list /usr/bin/prog /usr/lib/libfoo.so.1 /usr/lib/libfoo.so.1.0 \
    /opt/real/libfoo.so.1.0.0 $BASE64

echo "PASS"
