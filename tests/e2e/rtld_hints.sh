#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# The ldconfig hints file /var/run/ld-elf.so.hints (freebsd-runtime.md
# §1.3 step 6, §1.6 format, §1.7 how /etc/rc builds it).
# jailtrim's contract: with a valid hints file, its directory list is used
# as is; without one, it falls back to what rc.d/ldconfig would write from
# the root's rc.conf (ldconfig_paths, default "/usr/lib/compat
# /usr/local/lib /usr/local/lib/compat/pkg").  So the hints cases use a
# non-default directory (/opt/lib) that only the file can provide.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib_freebsd.sh"

freebsd_objs
case_dir rtld_hints

# A library found only through the hints file.
overlay hints_dir
put "$OBJ64/prog_foo" /usr/bin/prog
put "$OBJ64/libfoo.so.1" /opt/lib/libfoo.so.1
write_hints /var/run/ld-elf.so.hints /lib:/usr/lib:/opt/lib
expect_exit 0 deps -f list /usr/bin/prog
expect_list /usr/bin/prog /opt/lib/libfoo.so.1 $BASE64

# Same without the hints file: /opt/lib is in no default list.
overlay no_hints_file
put "$OBJ64/prog_foo" /usr/bin/prog
put "$OBJ64/libfoo.so.1" /opt/lib/libfoo.so.1
expect_exit 3 deps -f list /usr/bin/prog
assert_grep 'libfoo\.so\.1' "$ERR"
assert_before /lib/libfoo.so.1 /usr/lib/libfoo.so.1 "$ERR"

# Without a hints file, the rc.conf defaults supply /usr/local/lib.
overlay fallback_default_paths
put "$OBJ64/prog_foo" /usr/bin/prog
put "$OBJ64/libfoo.so.1" /usr/local/lib/libfoo.so.1
expect_exit 0 deps -f list /usr/bin/prog
expect_list /usr/bin/prog /usr/local/lib/libfoo.so.1 $BASE64

# ... and an rc.conf setting replaces the default ldconfig_paths.
overlay fallback_rc_conf
put "$OBJ64/prog_foo" /usr/bin/prog
put "$OBJ64/libfoo.so.1" /opt/lib2/libfoo.so.1
put_text /etc/rc.conf <<'EOF'
ldconfig_paths="/opt/lib2"
EOF
expect_exit 0 deps -f list /usr/bin/prog
expect_list /usr/bin/prog /opt/lib2/libfoo.so.1 $BASE64

# A hints file present is the whole story: its list (here without
# /usr/local/lib) replaces the rc.conf fallback.
overlay hints_replace_fallback
put "$OBJ64/prog_foo" /usr/bin/prog
put "$OBJ64/libfoo.so.1" /usr/local/lib/libfoo.so.1
write_hints /var/run/ld-elf.so.hints /opt/lib
expect_exit 3 deps -f list /usr/bin/prog
assert_grep 'libfoo\.so\.1' "$ERR"

# Hints come before /lib:/usr/lib (step 6 before 7), and their own order
# is kept (/opt/b before /opt/a, not sorted).
overlay hints_before_default
put "$OBJ64/prog_foo" /usr/bin/prog
put "$OBJ64/libfoo.so.1" /opt/a/libfoo.so.1
put "$OBJ64/libfoo.so.1" /opt/b/libfoo.so.1
put "$OBJ64/libfoo.so.1" /usr/lib/libfoo.so.1
write_hints /var/run/ld-elf.so.hints /opt/b:/opt/a
expect_exit 0 deps -f list /usr/bin/prog
expect_list /usr/bin/prog /opt/b/libfoo.so.1 $BASE64

# rtld ignores a hints file with a wrong magic or a version other than 1
# (gethints()), so /opt/lib is not searched.
overlay hints_bad_magic
put "$OBJ64/prog_foo" /usr/bin/prog
put "$OBJ64/libfoo.so.1" /opt/lib/libfoo.so.1
write_hints /var/run/ld-elf.so.hints /opt/lib 0x746e6846
expect_exit 3 deps -f list /usr/bin/prog
assert_grep 'libfoo\.so\.1' "$ERR"

overlay hints_bad_version
put "$OBJ64/prog_foo" /usr/bin/prog
put "$OBJ64/libfoo.so.1" /opt/lib/libfoo.so.1
write_hints /var/run/ld-elf.so.hints /opt/lib 0x746e6845 2
expect_exit 3 deps -f list /usr/bin/prog
assert_grep 'libfoo\.so\.1' "$ERR"

# Control for the two above: the same writer with the valid header works
# (so they fail because of the header, not the file).
overlay hints_valid_control
put "$OBJ64/prog_foo" /usr/bin/prog
put "$OBJ64/libfoo.so.1" /opt/lib/libfoo.so.1
write_hints /var/run/ld-elf.so.hints /opt/lib 0x746e6845 1
expect_exit 0 deps -f list /usr/bin/prog
expect_list /usr/bin/prog /opt/lib/libfoo.so.1 $BASE64

echo "PASS"
