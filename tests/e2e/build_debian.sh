#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# Jails built from this Debian system (-s /) with the shipped profiles:
# sshd, named, lighttpd, httpd and nginx (installed by .ci/run), each
# self-contained by `deps --all`.  Starting them is verify's business.
. "$(dirname "$0")/lib.sh"
W=$JT_TEST_WORK/build_debian
rm -rf "$W" && mkdir -p "$W" || fail mkdir
JT_TIMEOUT=600
built=0
for svc in sshd:/usr/sbin/sshd:sshd named:/usr/sbin/named:bind \
    lighttpd:/usr/sbin/lighttpd:www-data httpd:/usr/sbin/apache2:www-data \
    nginx:/usr/sbin/nginx:www-data; do
	p=${svc%%:*} rest=${svc#*:}
	prog=${rest%%:*} user=${rest#*:}
	if [ ! -x "$prog" ]; then
		note "$prog not installed: $p not tested"
		continue
	fi
	expect_exit 0 jt build -s / -p "$p" -n "$p" -q -o "$W/$p" -j "$W/$p.conf"
	expect_exit 0 jt deps -s "$W/$p" --all -f list
	[ -f "$W/$p$prog" ] || fail "$p: $prog missing"
	assert_grep 'exec.start' "$W/$p.conf"
	# accounts: root and the service's user only, shadow to match
	[ "$(cut -d: -f1 "$W/$p/etc/passwd" | tr '\n' ' ')" = "root $user " ] ||
	    fail "$p: passwd holds $(cut -d: -f1 "$W/$p/etc/passwd" | tr '\n' ' ')"
	[ "$(cut -d: -f1 "$W/$p/etc/shadow" | tr '\n' ' ')" = "root $user " ] ||
	    fail "$p: shadow does not match passwd"
	note "$p: $(du -sk "$W/$p" | cut -f1) KiB, $(wc -l < "$OUT") files and links"
	built=$((built + 1))
done
# PAM: the Debian sshd policy's modules are in the sshd jail.
if [ -d "$W/sshd" ]; then
	[ -f "$W/sshd/etc/pam.d/sshd" ] || fail "sshd: /etc/pam.d/sshd"
	ls "$W"/sshd/usr/lib/x86_64-linux-gnu/security/pam_unix.so >/dev/null ||
	    fail "sshd: pam_unix.so"
fi
# Modules from the configurations.
[ ! -d "$W/httpd" ] || ls "$W"/httpd/usr/lib/apache2/modules/mod_mpm_*.so >/dev/null ||
    fail "httpd: no MPM module"
[ ! -d "$W/lighttpd" ] || [ -f "$W/lighttpd/usr/share/lighttpd/create-mime.conf.pl" ] ||
    fail "lighttpd: include_shell script"
[ ! -d "$W/named" ] || [ -f "$W/named/etc/bind/named.conf.default-zones" ] ||
    fail "named: included zones file"
# CI installs all five; a machine without them tests what it has.
[ "$built" -ge 1 ] || skip "none of the five services is installed"
[ -n "${CI:-}" ] && [ "$built" -ne 5 ] && fail "CI must have all five services"
echo "build_debian: $built services ok"
