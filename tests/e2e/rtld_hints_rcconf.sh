#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# Without a hints file, jailtrim builds the hints list as rc.d/ldconfig
# would at boot, so it must see rc.conf the way rc.subr(8) does
# (load_rc_config): /etc/defaults/rc.conf, then each file of
# ${rc_conf_files} once, in order, with sh's parameter expansions, and
# checkyesno for ldconfig_insecure.  Every case puts libfoo only in a
# directory that some rc.conf setting must supply.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib_freebsd.sh"

freebsd_objs
case_dir rtld_hints_rcconf

# defaults_with FILES: an /etc/defaults/rc.conf whose rc_conf_files is FILES
# (the base's defaults are shadowed by the overlay's).
defaults_with() {
	put_text /etc/defaults/rc.conf <<EOF
rc_conf_files="$1"
ldconfig_insecure="NO"
ldconfig_paths="/usr/lib/compat /usr/local/lib /usr/local/lib/compat/pkg"
ldconfig_local_dirs="/usr/local/libdata/ldconfig"
EOF
}

# ldconfig_paths set in a file that only rc_conf_files names.
overlay rc_conf_files_extra
put "$OBJ64/prog_foo" /usr/bin/prog
put "$OBJ64/libfoo.so.1" /opt/jail/libfoo.so.1
defaults_with "/etc/rc.conf /etc/rc.conf.jail /etc/rc.conf.local"
put_text /etc/rc.conf.jail <<'EOF'
ldconfig_paths="/opt/jail"
EOF
expect_exit 0 deps -f list /usr/bin/prog
expect_list /usr/bin/prog /opt/jail/libfoo.so.1 $BASE64

# A file left out of rc_conf_files is not read, even rc.conf.local.
overlay rc_conf_files_without_local
put "$OBJ64/prog_foo" /usr/bin/prog
put "$OBJ64/libfoo.so.1" /opt/local/libfoo.so.1
defaults_with "/etc/rc.conf"
put_text /etc/rc.conf.local <<'EOF'
ldconfig_paths="/opt/local"
EOF
expect_exit 3 deps -f list /usr/bin/prog
assert_grep 'libfoo\.so\.1' "$ERR"

# Files are read in rc_conf_files' order: the last assignment wins.
overlay rc_conf_files_order
put "$OBJ64/prog_foo" /usr/bin/prog
put "$OBJ64/libfoo.so.1" /opt/second/libfoo.so.1
defaults_with "/etc/rc.conf.b /etc/rc.conf.a"
put_text /etc/rc.conf.b <<'EOF'
ldconfig_paths="/opt/first"
EOF
put_text /etc/rc.conf.a <<'EOF'
ldconfig_paths="/opt/second"
EOF
expect_exit 0 deps -f list /usr/bin/prog
expect_list /usr/bin/prog /opt/second/libfoo.so.1 $BASE64

# With the base's defaults, rc.conf.local overrides rc.conf.
overlay rc_conf_local_overrides
put "$OBJ64/prog_foo" /usr/bin/prog
put "$OBJ64/libfoo.so.1" /opt/right/libfoo.so.1
put "$OBJ64/libfoo.so.1" /opt/wrong/libfoo.so.1
put_text /etc/rc.conf <<'EOF'
ldconfig_paths="/opt/wrong"
EOF
put_text /etc/rc.conf.local <<'EOF'
ldconfig_paths="/opt/right"
EOF
expect_exit 0 deps -f list /usr/bin/prog
expect_list /usr/bin/prog /opt/right/libfoo.so.1 $BASE64

# ${v:-word}: an unset variable gives the default word.
overlay expansion_default
put "$OBJ64/prog_foo" /usr/bin/prog
put "$OBJ64/libfoo.so.1" /opt/dflt/libfoo.so.1
put_text /etc/rc.conf <<'EOF'
ldconfig_paths="${ldconfig_paths} ${jail_libdir:-/opt/dflt}"
EOF
expect_exit 0 deps -f list /usr/bin/prog
expect_list /usr/bin/prog /opt/dflt/libfoo.so.1 $BASE64

# ${v%pattern}: a suffix removed, as sh does.
overlay expansion_suffix
put "$OBJ64/prog_foo" /usr/bin/prog
put "$OBJ64/libfoo.so.1" /opt/pre/libfoo.so.1
put_text /etc/rc.conf <<'EOF'
jail_base=/opt/pre/rc.d
ldconfig_paths="${jail_base%/rc.d}"
EOF
expect_exit 0 deps -f list /usr/bin/prog
expect_list /usr/bin/prog /opt/pre/libfoo.so.1 $BASE64

# ldconfig_insecure is read with checkyesno: "on" disables the ownership
# and mode check, so a group-writable directory is kept...
overlay insecure_on
put "$OBJ64/prog_foo" /usr/bin/prog
put "$OBJ64/libfoo.so.1" /opt/gw/libfoo.so.1
chmod 0775 "$OV/opt/gw"
put_text /etc/rc.conf <<'EOF'
ldconfig_paths="/opt/gw"
ldconfig_insecure="on"
EOF
expect_exit 0 deps -f list /usr/bin/prog
expect_list /usr/bin/prog /opt/gw/libfoo.so.1 $BASE64

# ... and without it, ldconfig drops that directory.
overlay insecure_default
put "$OBJ64/prog_foo" /usr/bin/prog
put "$OBJ64/libfoo.so.1" /opt/gw/libfoo.so.1
chmod 0775 "$OV/opt/gw"
put_text /etc/rc.conf <<'EOF'
ldconfig_paths="/opt/gw"
EOF
expect_exit 3 deps -f list /usr/bin/prog
assert_grep 'libfoo\.so\.1' "$ERR"

echo "PASS"
