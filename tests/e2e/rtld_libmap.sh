#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# libmap.conf (freebsd-runtime.md §1.5; src:libexec/rtld-elf/libmap.c):
# global and [constrained] mappings, constraints matched against the
# *referencing* object's path, include/includedir (regular *.conf files
# only), and search-directory rewriting (§1.3: each path element may be
# rewritten by a `path1 path2` line).
# The overlay always holds libfoo.so.1, libbar.so.1 and libqux.so.1 in
# /usr/lib (all define foo()), so the mapped-to file is always findable and
# the closure tells which mapping applied.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib_freebsd.sh"

freebsd_objs
case_dir rtld_libmap

# libs: the three candidates in /usr/lib.
libs() {
	put "$OBJ64/libfoo.so.1" /usr/lib/libfoo.so.1
	put "$OBJ64/libbar.so.1" /usr/lib/libbar.so.1
	put "$OBJ64/libqux.so.1" /usr/lib/libqux.so.1
}

# Global mapping, plus constrained sections of the three kinds: exact path,
# basename (no slash), directory prefix (trailing slash).  One overlay,
# one program binary installed under several names.
overlay constraints
libs
for p in /usr/bin/prog_a /usr/bin/prog_b /usr/sbin/prog_c /usr/local/bin/prog_d; do
	put "$OBJ64/prog_foo" $p
done
put_text /etc/libmap.conf <<'EOF'
# unconstrained lines first: a constraint lasts until the next one
libfoo.so.1	libbar.so.1	# global
[/usr/bin/prog_b]
libfoo.so.1 libqux.so.1
[prog_c]
libfoo.so.1 libqux.so.1
[/usr/local/bin/]
libfoo.so.1 libqux.so.1
EOF
# prog_a: no section matches -> global mapping.
expect_exit 0 deps -f list /usr/bin/prog_a
expect_list /usr/bin/prog_a /usr/lib/libbar.so.1 $BASE64
# prog_b: exact-path section wins over the global mapping.
expect_exit 0 deps -f list /usr/bin/prog_b
expect_list /usr/bin/prog_b /usr/lib/libqux.so.1 $BASE64
# prog_c: [prog_c] matches by basename anywhere.
expect_exit 0 deps -f list /usr/sbin/prog_c
expect_list /usr/sbin/prog_c /usr/lib/libqux.so.1 $BASE64
# prog_d: [/usr/local/bin/] is a prefix match.
expect_exit 0 deps -f list /usr/local/bin/prog_d
expect_list /usr/local/bin/prog_d /usr/lib/libqux.so.1 $BASE64

# The constraint is matched against the object whose DT_NEEDED is being
# looked up: libfoo.so.1 is needed by /usr/lib/libmid.so.1, not by the
# program, so the program's section does not apply; the global one does.
overlay constraint_is_referencing_object
libs
put "$OBJ64/prog_mid" /usr/bin/prog_m
put "$OBJ64/libmid.so.1" /usr/lib/libmid.so.1
put_text /etc/libmap.conf <<'EOF'
libfoo.so.1 libbar.so.1
[/usr/bin/prog_m]
libfoo.so.1 libqux.so.1
EOF
expect_exit 0 deps -f list /usr/bin/prog_m
expect_list /usr/bin/prog_m /usr/lib/libmid.so.1 /usr/lib/libbar.so.1 $BASE64

# ...and a section naming the library itself does apply.
overlay constraint_on_library
libs
put "$OBJ64/prog_mid" /usr/bin/prog_m
put "$OBJ64/libmid.so.1" /usr/lib/libmid.so.1
put_text /etc/libmap.conf <<'EOF'
[/usr/lib/libmid.so.1]
libfoo.so.1 libqux.so.1
EOF
expect_exit 0 deps -f list /usr/bin/prog_m
expect_list /usr/bin/prog_m /usr/lib/libmid.so.1 /usr/lib/libqux.so.1 $BASE64

# Two lines for the same name: lm_add() inserts at the head of the list
# and lml_find() returns the first match, so the LAST line wins.
overlay last_line_wins
libs
put "$OBJ64/prog_foo" /usr/bin/prog
put_text /etc/libmap.conf <<'EOF'
libfoo.so.1 libbar.so.1
libfoo.so.1 libqux.so.1
EOF
expect_exit 0 deps -f list /usr/bin/prog
expect_list /usr/bin/prog /usr/lib/libqux.so.1 $BASE64

# Overlapping sections.  libmap.c keeps one list per constraint, each
# new list (lmp_init) and each new line (lm_add) inserted at the HEAD,
# and lm_add() files a line under the first existing list that *matches*
# the constraint string as if it were an object path (lmp_find()).
# Here "[/usr/bin/prog_b]" matches the existing basename list [prog_b], so
# its line joins that list, in front: qux wins over bar.
overlay sections_merge
libs
put "$OBJ64/prog_foo" /usr/bin/prog_b
put_text /etc/libmap.conf <<'EOF'
[prog_b]
libfoo.so.1 libbar.so.1
[/usr/bin/prog_b]
libfoo.so.1 libqux.so.1
EOF
expect_exit 0 deps -f list /usr/bin/prog_b
expect_list /usr/bin/prog_b /usr/lib/libqux.so.1 $BASE64

# Only the first matching list is consulted (lm_find() falls back to the
# global list, not to other sections).  "[prog_b]", created last, is
# first; it has no libfoo.so.1 line, so libfoo.so.1 stays unmapped even
# though the [/usr/bin/prog_b] section maps it.
overlay sections_first_match_only
libs
put "$OBJ64/prog_foo" /usr/bin/prog_b
put_text /etc/libmap.conf <<'EOF'
[/usr/bin/prog_b]
libfoo.so.1 libqux.so.1
[prog_b]
libbar.so.1 libqux.so.1
EOF
expect_exit 0 deps -f list /usr/bin/prog_b
expect_list /usr/bin/prog_b /usr/lib/libfoo.so.1 $BASE64

# includedir: the base's own /etc/libmap.conf is just
# "includedir /usr/local/etc/libmap.d" (no overlay libmap.conf here).
overlay includedir
libs
put "$OBJ64/prog_foo" /usr/bin/prog
put_text /usr/local/etc/libmap.d/foo.conf <<'EOF'
libfoo.so.1 libbar.so.1
EOF
expect_exit 0 deps -f list /usr/bin/prog
expect_list /usr/bin/prog /usr/lib/libbar.so.1 $BASE64

# includedir reads only regular files named *.conf (d_type == DT_REG):
# a symlinked .conf and a *.conf.sample are both ignored, so libfoo.so.1
# is not mapped at all.
overlay includedir_ignored
libs
put "$OBJ64/prog_foo" /usr/bin/prog
put_text /usr/local/etc/libmap-real <<'EOF'
libfoo.so.1 libqux.so.1
EOF
put_link ../libmap-real /usr/local/etc/libmap.d/link.conf
put_text /usr/local/etc/libmap.d/foo.conf.sample <<'EOF'
libfoo.so.1 libbar.so.1
EOF
expect_exit 0 deps -f list /usr/bin/prog
expect_list /usr/bin/prog /usr/lib/libfoo.so.1 $BASE64

# include FILE.
overlay include_file
libs
put "$OBJ64/prog_foo" /usr/bin/prog
put_text /etc/libmap.conf <<'EOF'
include /etc/libmap-extra
EOF
put_text /etc/libmap-extra <<'EOF'
libfoo.so.1 libbar.so.1
EOF
expect_exit 0 deps -f list /usr/bin/prog
expect_list /usr/bin/prog /usr/lib/libbar.so.1 $BASE64

# A `dir1 dir2` line rewrites a search-path element (path_enumerate()
# calls lm_findn(NULL, dir)): the program's RPATH /opt/rp becomes /opt/rp2.
overlay directory_mapping
put "$OBJ64/prog_foo_rpath" /usr/bin/prog
put "$OBJ64/libfoo.so.1" /opt/rp/libfoo.so.1
put "$OBJ64/libfoo.so.1" /opt/rp2/libfoo.so.1
put_text /etc/libmap.conf <<'EOF'
/opt/rp /opt/rp2
EOF
expect_exit 0 deps -f list /usr/bin/prog
expect_list /usr/bin/prog /opt/rp2/libfoo.so.1 $BASE64

# Mapped to a name that exists nowhere: unresolved, and the message names
# the mapped-to library.
overlay mapped_to_missing
put "$OBJ64/prog_foo" /usr/bin/prog
put "$OBJ64/libfoo.so.1" /usr/lib/libfoo.so.1
put_text /etc/libmap.conf <<'EOF'
libfoo.so.1 libnone.so.1
EOF
expect_exit 3 deps -f list /usr/bin/prog
assert_grep 'libnone\.so\.1' "$ERR"

echo "PASS"
