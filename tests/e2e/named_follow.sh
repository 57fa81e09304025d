#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# named's configuration followed all the way (issue 14), on this Debian
# host's named with a configuration written here, moved out of /etc/bind
# into a layer over / and named with -D conf=: pid-file and
# session-keyfile (their directories, alone, with their modes), a tls
# block's key-file and cert-file (modes and owners kept; a private key
# others can read is a warning), managed-keys-directory, zone files
# (absolute and relative to "directory"), include.
. "$(dirname "$0")/lib.sh"
[ -x /usr/sbin/named ] || skip "named not installed (.ci/run installs it)"
[ "$(id -u)" -eq 0 ] || skip "chown needs root"
W=$JT_TEST_WORK/named_follow
rm -rf "$W" && mkdir -p "$W" || fail mkdir
O=$W/over
mkdir -p "$O/etc/nd/tls" "$O/srv/nd/cache" "$O/srv/nd/run" "$O/srv/nd/sess" \
    "$O/srv/nd/mkeys" "$O/srv/nd/other" || fail mkdir
echo old >"$O/srv/nd/run/named.pid"
chown bind:bind "$O/srv/nd/run" && chmod 0770 "$O/srv/nd/run" || fail chown
chmod 0700 "$O/srv/nd/sess" || fail chmod
echo '; managed keys' >"$O/srv/nd/mkeys/managed-keys.bind"
printf -- '-----BEGIN PRIVATE KEY-----\nMIIE\n-----END PRIVATE KEY-----\n' >"$O/etc/nd/tls/key.pem"
printf -- '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n-----BEGIN PRIVATE KEY-----\nMIIE\n-----END PRIVATE KEY-----\n' \
    >"$O/etc/nd/tls/open.pem"
printf -- '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n' >"$O/etc/nd/tls/cert.pem"
chmod 0640 "$O/etc/nd/tls/key.pem" && chown root:bind "$O/etc/nd/tls/key.pem" || fail chown
chmod 0644 "$O/etc/nd/tls/open.pem" "$O/etc/nd/tls/cert.pem" || fail chmod
printf '$TTL 1h\n@ SOA ns root 1 1h 1h 1w 1h\n  NS ns\nns A 127.0.0.1\n' >"$O/etc/nd/db.example"
cp "$O/etc/nd/db.example" "$O/srv/nd/cache/db.rel" || fail cp
cat >"$O/etc/nd/named.conf" <<'C'
// moved out of /etc/bind
options {
	directory "/srv/nd/cache";
	pid-file "/srv/nd/run/named.pid";
	session-keyfile "/srv/nd/sess/session.key";
	managed-keys-directory "/srv/nd/mkeys";
	listen-on port 5353 { 127.0.0.1; };
};
include "/etc/nd/tls.conf";
zone "example.test" { type primary; file "/etc/nd/db.example"; };
zone "rel.test" { type primary; file "db.rel"; };
C
cat >"$O/etc/nd/tls.conf" <<'C'
tls local {
	key-file "/etc/nd/tls/key.pem";
	cert-file "/etc/nd/tls/cert.pem";
};
tls open { key-file "/etc/nd/tls/open.pem"; cert-file "/etc/nd/tls/cert.pem"; };
C

JT_TIMEOUT=600
expect_exit 0 jt build -s / -s "$O" -p named -D conf=/etc/nd/named.conf -D port=5353 \
    -q -o "$W/jail" -j "$W/jail.conf"
no_sanitizer_report build
J=$W/jail
for f in etc/nd/named.conf etc/nd/tls.conf etc/nd/tls/key.pem etc/nd/tls/cert.pem \
    etc/nd/tls/open.pem etc/nd/db.example srv/nd/cache/db.rel \
    srv/nd/mkeys/managed-keys.bind; do
	[ -f "$J/$f" ] || fail "the jail lacks /$f"
done
for d in srv/nd/run srv/nd/sess; do
	[ -d "$J/$d" ] || fail "the jail lacks the directory /$d"
done
[ -e "$J/srv/nd/run/named.pid" ] && fail "a pid directory came with an old pid file"
[ -e "$J/srv/nd/other" ] && fail "a directory nothing names came along"
[ "$(stat -c '%a %U:%G' "$J/etc/nd/tls/key.pem")" = "640 root:bind" ] ||
    fail "key.pem: $(stat -c '%a %U:%G' "$J/etc/nd/tls/key.pem")"
[ "$(stat -c '%a %U:%G' "$J/srv/nd/run")" = "770 bind:bind" ] ||
    fail "/srv/nd/run: $(stat -c '%a %U:%G' "$J/srv/nd/run")"
[ "$(stat -c '%a' "$J/srv/nd/sess")" = "700" ] ||
    fail "/srv/nd/sess: $(stat -c '%a' "$J/srv/nd/sess")"
assert_grep "warning: .*tls.conf:5: key-file: /etc/nd/tls/open.pem holds a private key every user can read \(mode 0644\)" "$ERR"
grep -q "key.pem.*every user" "$ERR" && fail "a 0640 key was warned about"
grep -q "cert.pem.*every user" "$ERR" && fail "a certificate was warned about"
expect_exit 0 jt build -s / -s "$O" -p named -D conf=/etc/nd/named.conf --dry-run
assert_grep "/srv/nd/run  # pid-file in /etc/nd/named.conf line 4" "$OUT"
assert_grep "/etc/nd/tls/key.pem  # key-file in /etc/nd/tls.conf line 2" "$OUT"
expect_exit 0 jt verify -p named -D conf=/etc/nd/named.conf -c "$W/jail.conf" "$J"
assert_grep ": ok$" "$OUT"

# the host's own configuration tree, moved: builds and verifies
# (its own absolute names moved with it: nothing comes from /etc/bind)
mkdir -p "$W/over2/etc" && cp -a /etc/bind "$W/over2/etc/bind-moved" || fail cp
grep -rl /etc/bind/ "$W/over2/etc/bind-moved" | while read -r f; do
	sed -i 's|/etc/bind/|/etc/bind-moved/|g' "$f" || exit 1
done || fail "sed the moved tree"
expect_exit 0 jt build -s / -s "$W/over2" -p named -D confdir=/etc/bind-moved \
    -q -o "$W/jail2" -j "$W/jail2.conf"
for f in named.conf named.conf.options db.local rndc.key; do
	[ -f "$W/jail2/etc/bind-moved/$f" ] || fail "the moved $f is not in the jail"
done
[ -e "$W/jail2/etc/bind/named.conf" ] && fail "the unmoved named.conf came along"
expect_exit 0 jt verify -p named -D confdir=/etc/bind-moved -c "$W/jail2.conf" \
    "$W/jail2"
assert_grep ": ok$" "$OUT"

# a key named and missing stops the build, saying where
mkdir -p "$W/over3/etc/nd" && sed 's|key.pem|gone.pem|' "$O/etc/nd/tls.conf" \
    >"$W/over3/etc/nd/tls.conf" || fail "write over3"
expect_exit 3 jt build -s / -s "$O" -s "$W/over3" -p named -D conf=/etc/nd/named.conf \
    --dry-run
no_sanitizer_report "the broken build"
assert_grep "tls.conf:2: /etc/nd/tls/gone.pem: not in the source \(key-file" "$ERR"
exit 0
