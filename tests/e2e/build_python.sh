#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# The python profile (issue 13, item 3): the interpreter with its own
# library, PREFIX/lib/pythonX.Y, read from the root (version from the
# interpreter's name or its libpython), every compiled module closed;
# a -i script whose #! names python pulls the profile in.
#   FreeBSD: the fixture + a fake ports python (cross-compiled ELF files)
#   Debian:  this host's python3, run under chroot
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib_freebsd.sh"
. "$(dirname "$0")/lib_interp.sh"

case_dir build_python
W=$CASES

# --- Debian: the jails run for real ----------------------------------------
if [ ! -x /usr/bin/python3 ] || [ "$(id -u)" -ne 0 ]; then
	note "no /usr/bin/python3 or not root: Debian part not run"
else
	CASE=debian
	expect_exit 0 jt build -s / -p python -q -o "$W/py"
	# build and verify agree on it
	expect_exit 0 jt verify "$W/py" -p python
	chroot "$W/py" /usr/bin/python3 -c 'import json, ssl, sqlite3' ||
	    fail "python3 -c 'import json, ssl, sqlite3' fails in the jail"
	[ -z "$(find "$W/py" -name __pycache__)" ] || fail "__pycache__ kept"
	v=$(readlink /usr/bin/python3)
	[ -d "$W/py/usr/lib/$v/lib-dynload" ] || fail "no lib-dynload"
	[ ! -d "$W/py/usr/lib/$v/test" ] || fail "test suite kept"
	# a -i script: #!/usr/bin/python3 and #!/usr/bin/env python3
	overlay debian_script
	printf '#!/usr/bin/python3\nimport json\nprint("hello", json.dumps(1))\n' |
	    put_text /usr/local/bin/hello.py
	printf '#!/usr/bin/env python3\nimport sqlite3\nprint("hello env")\n' |
	    put_text /usr/local/bin/hello-env.py
	chmod 755 "$OV/usr/local/bin/hello.py" "$OV/usr/local/bin/hello-env.py"
	for s in hello hello-env; do
		expect_exit 0 jt build -s / -s "$OV" -i /usr/local/bin/$s.py \
		    -o "$W/$s"
		assert_grep "note: -i /usr/local/bin/$s.py: its #! names .*python3: profile python applied" "$ERR"
		out=$(chroot "$W/$s" /usr/local/bin/$s.py) ||
		    fail "$s.py does not run in its jail"
		case $out in hello*) ;; *) fail "$s.py said '$out'" ;; esac
	done
fi

# --- FreeBSD ports layout --------------------------------------------------
freebsd_objs
fbsd_cc
B=$CASES/objs
mkdir -p "$B" || fail mkdir
so "$B/libpython2.7.so.1" libpython2.7.so.1
ln -sf libpython2.7.so.1 "$B/libpython2.7.so"
so "$B/libpython3.9.so.1" libpython3.9.so.1
ln -sf libpython3.9.so.1 "$B/libpython3.9.so"
so "$B/libbar.so.1" libbar.so.1
ln -sf libbar.so.1 "$B/libbar.so"
so "$B/libmissing.so.1" libmissing.so.1
ln -sf libmissing.so.1 "$B/libmissing.so"
program "$B/python2.7" -L"$B" -lpython2.7
program "$B/python3" -L"$B" -lpython3.9
module "$B/_bar.so" -L"$B" -lbar
module "$B/_bad.so" -L"$B" -lmissing

# python2.7: version from its name; lib-dynload's module needs libbar
overlay ports27
write_hints /var/run/ld-elf.so.hints /lib:/usr/lib:/usr/local/lib
put "$B/python2.7" /usr/local/bin/python2.7
put "$B/libpython2.7.so.1" /usr/local/lib/libpython2.7.so.1
put "$B/libbar.so.1" /usr/local/lib/libbar.so.1
L=/usr/local/lib/python2.7
put "$B/_bar.so" $L/lib-dynload/_bar.so
echo '# os' | put_text $L/os.py
echo '# json' | put_text $L/json/__init__.py
echo 'pyc' | put_text $L/json/__pycache__/__init__.cpython-27.pyc
echo '# test' | put_text $L/test/test_os.py
echo '# site' | put_text $L/site-packages/foo.py
echo '# other' | put_text /usr/local/lib/python3.9/os.py
expect_exit 0 jt build -s "$FBSD_ROOT" -s "$OV" -p python --dry-run
for p in /usr/local/bin/python2.7 /usr/local/lib/libpython2.7.so.1 \
    $L/lib-dynload/_bar.so /usr/local/lib/libbar.so.1 $L/os.py \
    $L/json/__init__.py $L/site-packages/foo.py; do
	in_plan $p
done
for p in $L/json/__pycache__/__init__.cpython-27.pyc $L/test/test_os.py \
    /usr/local/lib/python3.9/os.py; do
	not_in_plan $p
done

# python3 (no version in its name): the version from its libpython
overlay ports_libpython
write_hints /var/run/ld-elf.so.hints /lib:/usr/lib:/usr/local/lib
put "$B/python3" /usr/local/bin/python3
put "$B/libpython3.9.so.1" /usr/local/lib/libpython3.9.so.1
put "$B/libbar.so.1" /usr/local/lib/libbar.so.1
put "$B/_bar.so" /usr/local/lib/python3.9/lib-dynload/_bar.so
echo '# os' | put_text /usr/local/lib/python3.9/os.py
echo '# other' | put_text /usr/local/lib/python2.7/os.py
expect_exit 0 jt build -s "$FBSD_ROOT" -s "$OV" -p python --dry-run
in_plan /usr/local/lib/python3.9/os.py
in_plan /usr/local/lib/libbar.so.1
not_in_plan /usr/local/lib/python2.7/os.py

# a compiled module whose library is missing: the build refuses, naming both
overlay ports_unclosed
write_hints /var/run/ld-elf.so.hints /lib:/usr/lib:/usr/local/lib
put "$B/python2.7" /usr/local/bin/python2.7
put "$B/libpython2.7.so.1" /usr/local/lib/libpython2.7.so.1
put "$B/_bad.so" /usr/local/lib/python2.7/lib-dynload/_bad.so
echo '# os' | put_text /usr/local/lib/python2.7/os.py
expect_exit 3 jt build -s "$FBSD_ROOT" -s "$OV" -p python -o "$CASES/unclosed"
assert_grep '_bad.so.*libmissing.so.1' "$ERR"
[ ! -e "$CASES/unclosed" ] || fail "a jail was written"

# a script: its #! pulls the profile in
overlay ports_script
write_hints /var/run/ld-elf.so.hints /lib:/usr/lib:/usr/local/lib
put "$B/python2.7" /usr/local/bin/python2.7
put "$B/libpython2.7.so.1" /usr/local/lib/libpython2.7.so.1
echo '# os' | put_text /usr/local/lib/python2.7/os.py
printf '#!/usr/local/bin/python2.7\nprint 1\n' | put_text /usr/local/bin/s.py
expect_exit 0 jt build -s "$FBSD_ROOT" -s "$OV" -i /usr/local/bin/s.py --dry-run
assert_grep 'profile python applied' "$ERR"
in_plan /usr/local/lib/python2.7/os.py
exit 0
