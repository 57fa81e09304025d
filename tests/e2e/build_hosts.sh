#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# Every jail's /etc/hosts names its hostname, as the classic guide does by
# hand: at its addresses when known, else 127.0.0.1 and ::1; the source's
# lines kept, nothing doubled.  verify --start sets the stanza's
# host.hostname as the UTS name.  The Debian httpd jail answers without
# apache waiting on DNS for its own name (apr_sockaddr_info_get).
. "$(dirname "$0")/lib.sh"
W=$JT_TEST_WORK/build_hosts
rm -rf "$W" && mkdir -p "$W/src/etc" || fail mkdir
echo hello > "$W/src/etc/motd"
printf '127.0.0.1\tlocalhost\n::1 localhost # v6\n' > "$W/src/etc/hosts"
T=$(printf '\t')

# No address: loopback, both families, after the source's lines.
expect_exit 0 jt build -q -s "$W/src" -i /etc/motd -n web -o "$W/a"
printf '127.0.0.1\tlocalhost\n::1 localhost # v6\n127.0.0.1\tweb\n::1\tweb\n' |
    cmp - "$W/a/etc/hosts" || fail "hosts: $(cat "$W/a/etc/hosts")"

# --hostname and addresses (interface and prefix length dropped).
expect_exit 0 jt build -q -s "$W/src" -i /etc/motd -n web -o "$W/b" \
    --hostname www.example.org --ip4 'lo1|127.0.1.9/32' --ip6 'fd00::9'
assert_grep "^127.0.1.9${T}www.example.org\$" "$W/b/etc/hosts"
assert_grep "^fd00::9${T}www.example.org\$" "$W/b/etc/hosts"
grep -q "^127.0.0.1${T}www" "$W/b/etc/hosts" && fail "loopback line too"

# A name the source already maps is not added again; no source file: ours.
printf '127.0.0.1 localhost web\n::1 web\n' > "$W/src/etc/hosts"
expect_exit 0 jt build -q -s "$W/src" -i /etc/motd -n web -o "$W/c"
printf '127.0.0.1 localhost web\n::1 web\n' | cmp - "$W/c/etc/hosts" ||
    fail "doubled: $(cat "$W/c/etc/hosts")"
rm "$W/src/etc/hosts"
expect_exit 0 jt build -q -s "$W/src" -i /etc/motd -n web -t "$W/d.tar"
[ "$(tar -xOf "$W/d.tar" ./etc/hosts)" = "127.0.0.1${T}web
::1${T}web" ] || fail "hosts without a source file"

# verify --start: the UTS name is the stanza's host.hostname.
if [ "$(id -u)" -eq 0 ] && unshare -n true 2>/dev/null &&
    [ -x /usr/bin/hostname ]; then
	expect_exit 0 jt build -q -s / -i /bin/sh -i /usr/bin/hostname -n hj \
	    --hostname www.example.test -o "$W/hj" -j "$W/hj.conf" \
	    --command /usr/bin/hostname
	expect_exit 3 jt verify -c "$W/hj.conf" --start --timeout 20 "$W/hj"
	assert_grep '^  \| www.example.test$' "$ERR"
else
	note "not root or no namespaces: verify --start's hostname not checked"
fi

# The FreeBSD jail: base's /etc/hosts kept, the name added.
if [ -f "${JT_FIXTURE_TXZ:-}" ]; then
	JT_TIMEOUT=600
	expect_exit 0 jt build -q -s "$JT_FIXTURE_TXZ" -i /usr/sbin/sshd \
	    -n sshd -o "$W/sshd"
	assert_grep '^127.0.0.1[[:space:]]+localhost' "$W/sshd/etc/hosts"
	assert_grep "^127.0.0.1${T}sshd\$" "$W/sshd/etc/hosts"
	chattr -R -i "$W/sshd" 2>/dev/null
else
	note "FreeBSD fixture absent: not checked on base.txz"
fi

# Debian's apache: the hosts line, then (root) how fast it answers.
[ -x /usr/sbin/apache2 ] || { note "apache2 not installed"; exit 0; }
JT_TIMEOUT=600
expect_exit 0 jt build -s / -p httpd -n httpd -q -o "$W/httpd" \
    -j "$W/httpd.conf"
assert_grep "^127.0.0.1${T}httpd\$" "$W/httpd/etc/hosts"
if [ "$(id -u)" -eq 0 ] && unshare -n true 2>/dev/null; then
	expect_exit 0 jt verify -p httpd -c "$W/httpd.conf" --start \
	    --timeout 60 "$W/httpd"
	assert_grep "started and answered in" "$OUT"
	note "httpd: $(grep -E 'answered' "$OUT")"
	# apache resolves its own name from the file: no DNS query at all
	# (the jail's network is loopback alone, so a query fails at once
	# here; on a host whose resolver answers slowly it would wait).
	if command -v strace >/dev/null; then
		# (LeakSanitizer cannot run under ptrace: off for this run)
		expect_exit 0 env ASAN_OPTIONS="${ASAN_OPTIONS:-}:detect_leaks=0" \
		    strace -f -e trace=connect -o "$W/st.log" \
		    "$JAILTRIM" verify -p httpd -c "$W/httpd.conf" --start \
		    --timeout 60 "$W/httpd"
		grep -q 'htons(53)' "$W/st.log" &&
		    fail "httpd asked DNS: $(grep 'htons(53)' "$W/st.log" | head -2)"
	fi
fi
exit 0
