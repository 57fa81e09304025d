#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# verify --start of haproxy built from this Debian system (installed by
# scripts/install-test-deps.sh with service starts denied).  Debian's
# stock haproxy.cfg has no frontend, so the source is / with a layer over
# it holding a configuration with one, on 127.0.0.1:8080, whose backend
# has no server: haproxy itself answers 503, which the probe is told to
# want (-D status=503).  It chroots and drops to haproxy by itself.  An
# unknown keyword in the configuration fails the start, haproxy named
# with its own words.  The stock configuration verifies statically.
# Nothing is left behind: no process, mount or temporary of ours.
. "$(dirname "$0")/lib.sh"
[ -x /usr/sbin/haproxy ] ||
    skip "haproxy is not installed (scripts/install-test-deps.sh)"
start_setup verify_start_haproxy layer/etc/haproxy
JT_TIMEOUT=300

cat > "$W/layer/etc/haproxy/jt.cfg" <<'EOF' || fail "jt.cfg"
global
	chroot /var/lib/haproxy
	stats socket /run/haproxy/admin.sock mode 660 level admin
	user haproxy
	group haproxy
	daemon
defaults
	mode http
	timeout connect 5s
	timeout client 5s
	timeout server 5s
	errorfile 503 /etc/haproxy/errors/503.http
frontend web
	bind 127.0.0.1:8080
	default_backend app
backend app
EOF
D="-D conf=/etc/haproxy/jt.cfg -D port=8080 -D status=503"
# shellcheck disable=SC2086
build_jail "$W/h" haproxy haproxy -s "$W/layer" $D
assert_grep '^	exec.start = "/usr/sbin/haproxy -db -f /etc/haproxy/jt.cfg";$' "$W/h.conf"
[ -f "$W/h/etc/haproxy/errors/503.http" ] || fail "no errorfile in the jail"
# shellcheck disable=SC2086
start_verify "$W/h" 'http 8080 / 503: HTTP/1\.[01] 503 Service Unavailable$' \
    'haproxy haproxy$' -p haproxy $D
no_leftovers

# the same jail, wanting 200: haproxy's own 503 is named
expect_exit 3 jt verify -p haproxy -D conf=/etc/haproxy/jt.cfg -D port=8080 \
    --start --timeout 3 "$W/h"
assert_grep "probe 'http 8080 / 200': 127.0.0.1:8080: status 503, wanted 200" "$ERR"

# a keyword haproxy does not know
B=$W/badconf
rm -rf "$B" && cp -a "$W/h" "$B" || fail cp
printf '\tno-such-keyword on\n' >> "$B/etc/haproxy/jt.cfg"
expect_exit 3 jt verify -p haproxy $D --start --timeout 20 "$B"
assert_grep 'verify: start: the service "/usr/sbin/haproxy -db -f /etc/haproxy/jt.cfg" exited with status 1' "$ERR"
assert_grep "\| .*unknown keyword 'no-such-keyword' in 'backend' section" "$ERR"

# Debian's stock configuration: built and verified statically
expect_exit 0 jt build -s / -p haproxy -n stock -q -o "$W/stock" -j "$W/stock.conf"
expect_exit 0 jt verify -p haproxy -c "$W/stock.conf" "$W/stock"

no_leftovers_settled
echo "verify_start_haproxy: started, answered 503 from haproxy itself"
