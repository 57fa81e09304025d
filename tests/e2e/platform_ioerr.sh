#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# A file the search meets but cannot read is an error that stops the
# resolution, not "not there" (issue 11 §3): only "no such file" (and a
# component that is not a directory, a loop, a path leaving the root)
# means absent.  The I/O error is real: a library of mode 000 read by an
# unprivileged user (setpriv), in front of a good copy further down the
# search path.  Before, glibc's rules skipped it and silently took the
# next copy (exit 0, a closure that may be wrong); rtld-elf's called it
# an unusable object (exit 3).  Now both stop with the error (exit 1).
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib_platform.sh"

# as_nobody CMD...: run CMD as an unprivileged user (root bypasses 000).
if [ "$(id -u)" -eq 0 ]; then
	command -v setpriv >/dev/null 2>&1 || skip "setpriv not found"
	as_nobody() { setpriv --reuid=65534 --regid=65534 --clear-groups "$@"; }
else
	as_nobody() { "$@"; }
fi

plat_dir platform_ioerr
chmod 755 "$PD" && chmod -R a+rX "$PD" || fail chmod
# The scratch tree's parents must be searchable by that user.
as_nobody test -r "$PD/src/lib.c" ||
    skip "$PD is not reachable by an unprivileged user"
as_nobody "$JAILTRIM" --version >/dev/null 2>&1 ||
    skip "$JAILTRIM cannot be run by an unprivileged user"

# FreeBSD root: /lib/libfoo.so.1 unreadable, /usr/lib/libfoo.so.1 good.
R=$PD/fbsd
lib_fbsd x86_64 rtld.so "" _rtld_stub 1302000
lib_fbsd x86_64 libc.so.7 libc.so.7 c_stub 1302000
lib_fbsd x86_64 libfoo.so.1 libfoo.so.1 foo
cc_fbsd x86_64 prog -DFN=foo -Wl,-dynamic-linker,/libexec/ld-elf.so.1 \
    "$PD/src/prog.c" "$PD/obj/libfoo.so.1"
inroot "$R" rtld.so /libexec/ld-elf.so.1
inroot "$R" libc.so.7 /lib/libc.so.7
inroot "$R" prog /usr/bin/prog
inroot "$R" libfoo.so.1 /usr/lib/libfoo.so.1
chmod -R a+rX "$R" || fail chmod
expect 0 as_nobody "$JAILTRIM" deps -s "$R" -f list /usr/bin/prog
inroot "$R" libfoo.so.1 /lib/libfoo.so.1
chmod 000 "$R/lib/libfoo.so.1" || fail chmod
expect 1 as_nobody "$JAILTRIM" deps -s "$R" -f list /usr/bin/prog
assert_grep '/lib/libfoo\.so\.1.*(Permission denied|cannot open)' "$ERR"
[ ! -s "$OUT" ] || fail "a closure was printed after an I/O error"

# Linux root: the same under glibc's rules, which skip an unusable file
# but must not skip an unreadable one.
R=$PD/linux
cc_linux() {
	_o=$1; shift
	clang --target=x86_64-linux-gnu -fuse-ld=lld -O1 -nostdlib \
	    -fno-stack-protector "$@" -o "$PD/obj/$_o" || fail "cannot build $_o"
}
cc_linux ld-linux -shared -fPIC -DFN=_dl_stub -Wl,-soname,ld-linux-x86-64.so.2 \
    "$PD/src/lib.c"
cc_linux libfoo-linux.so.1 -shared -fPIC -DFN=foo -Wl,-soname,libfoo.so.1 \
    "$PD/src/lib.c"
cc_linux lprog -DFN=foo -Wl,-dynamic-linker,/lib64/ld-linux-x86-64.so.2 \
    "$PD/src/prog.c" "$PD/obj/libfoo-linux.so.1"
inroot "$R" ld-linux /lib64/ld-linux-x86-64.so.2
inroot "$R" lprog /usr/bin/lprog
inroot "$R" libfoo-linux.so.1 /usr/lib/x86_64-linux-gnu/libfoo.so.1
chmod -R a+rX "$R" || fail chmod
expect 0 as_nobody "$JAILTRIM" deps -s "$R" -f list /usr/bin/lprog
inroot "$R" libfoo-linux.so.1 /lib/x86_64-linux-gnu/libfoo.so.1
chmod 000 "$R/lib/x86_64-linux-gnu/libfoo.so.1" || fail chmod
expect 1 as_nobody "$JAILTRIM" deps -s "$R" -f list /usr/bin/lprog
assert_grep '/lib/x86_64-linux-gnu/libfoo\.so\.1.*(Permission denied|cannot open)' "$ERR"

# "Not there" is still not an error: a component that is not a directory.
chmod 644 "$R/lib/x86_64-linux-gnu/libfoo.so.1" &&
    rm -rf "$R/lib/x86_64-linux-gnu" && : >"$R/lib/x86_64-linux-gnu" ||
    fail "cannot make a file where a directory is expected"
expect 0 as_nobody "$JAILTRIM" deps -s "$R" -f list /usr/bin/lprog
assert_grep '^/usr/lib/x86_64-linux-gnu/libfoo\.so\.1$' "$OUT"
chmod -R u+rwX "$PD"
echo PASS
