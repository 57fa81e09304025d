#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# The symbol and version check of `jailtrim deps` (freebsd-runtime.md §2):
# every non-weak undefined dynamic symbol of every object in a program's
# closure must be defined by some object of the closure, versions matched
# (rtld_verify_versions(), then symbol lookup), the executable's own
# exports included.  Each failing case swaps in a library that has the
# right name but not the right contents, so only the check can notice.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib_freebsd.sh"

freebsd_objs
case_dir rtld_symbols

# Baseline: foo() is defined by libfoo.so.1.
overlay symbol_ok
put "$OBJ64/prog_foo" /usr/bin/prog
put "$OBJ64/libfoo.so.1" /usr/lib/libfoo.so.1
expect_exit 0 deps -f list /usr/bin/prog
expect_list /usr/bin/prog /usr/lib/libfoo.so.1 $BASE64

# A libfoo.so.1 that lacks foo(): exit 3 naming foo (as a word: not the
# "foo" inside "libfoo") and the object that needs it.
overlay symbol_missing
put "$OBJ64/prog_foo" /usr/bin/prog
put "$OBJ64/libfoo-nofoo.so.1" /usr/lib/libfoo.so.1
expect_exit 3 deps -f list /usr/bin/prog
assert_grep '(^|[^A-Za-z0-9_.])foo([^A-Za-z0-9_.]|$)' "$ERR"
assert_grep '/usr/bin/prog' "$ERR"

# An undefined WEAK symbol that nothing defines is fine (rtld binds it to
# 0): libfoo-weak references `maybe` weakly.
overlay weak_undefined_ok
put "$OBJ64/prog_foo" /usr/bin/prog
put "$OBJ64/libfoo-weak.so.1" /usr/lib/libfoo.so.1
expect_exit 0 deps -f list /usr/bin/prog
expect_list /usr/bin/prog /usr/lib/libfoo.so.1 $BASE64

# A library may use a symbol the executable exports (like an Apache module
# calling into httpd): libcb's host_cb is defined by prog_cb.
overlay defined_by_executable
put "$OBJ64/prog_cb" /usr/bin/prog
put "$OBJ64/libcb.so.1" /usr/lib/libcb.so.1
expect_exit 0 deps -f list /usr/bin/prog
expect_list /usr/bin/prog /usr/lib/libcb.so.1 $BASE64

# Versions: prog_foo_v needs foo@FOO_1.0 from libfoo.so.1.
overlay version_ok
put "$OBJ64/prog_foo_v" /usr/bin/prog
put "$OBJ64/libfoo-v1.0.so.1" /usr/lib/libfoo.so.1
expect_exit 0 deps -f list /usr/bin/prog
expect_list /usr/bin/prog /usr/lib/libfoo.so.1 $BASE64

# The library defines only FOO_0.9: "version FOO_1.0 required by ... not
# found" is fatal in rtld.
overlay version_missing
put "$OBJ64/prog_foo_v" /usr/bin/prog
put "$OBJ64/libfoo-v0.9.so.1" /usr/lib/libfoo.so.1
expect_exit 3 deps -f list /usr/bin/prog
assert_grep 'FOO_1\.0' "$ERR"

# The library has no version definitions at all: "version FOO_1.0
# required by ... not defined", also fatal (§2, check 3).
overlay version_unversioned_lib
put "$OBJ64/prog_foo_v" /usr/bin/prog
put "$OBJ64/libfoo.so.1" /usr/lib/libfoo.so.1
expect_exit 3 deps -f list /usr/bin/prog
assert_grep 'FOO_1\.0' "$ERR"

# The reverse is fine: an unversioned reference (prog_foo) binds to the
# library's default version foo@@FOO_1.0.
overlay unversioned_ref_versioned_def
put "$OBJ64/prog_foo" /usr/bin/prog
put "$OBJ64/libfoo-v1.0.so.1" /usr/lib/libfoo.so.1
expect_exit 0 deps -f list /usr/bin/prog
expect_list /usr/bin/prog /usr/lib/libfoo.so.1 $BASE64

echo "PASS"
