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
[ "$(id -u)" -eq 0 ] || skip "verify --start needs root"
unshare -n true 2>/dev/null || skip "no network namespaces here"
[ -x /usr/sbin/haproxy ] ||
    skip "haproxy is not installed (scripts/install-test-deps.sh)"
W=$JT_TEST_WORK/verify_start_haproxy
rm -rf "$W" && mkdir -p "$W/tmp" "$W/layer/etc/haproxy" || fail mkdir
export TMPDIR="$W/tmp"
JT_TIMEOUT=300

if [ -z "${JT_OWN_PIDNS:-}" ] && unshare --pid --fork --mount-proc true 2>/dev/null; then
	JT_OWN_PIDNS=1 exec unshare --pid --fork --mount-proc sh "$0" "$@"
fi
ourns=$(readlink /proc/self/ns/pid)
leftovers() {
	for p in /proc/[0-9]*; do
		ns=$(readlink "$p/ns/pid" 2>/dev/null) || continue
		r=$(readlink "$p/root" 2>/dev/null) || continue
		if [ -n "${JT_OWN_PIDNS:-}" ]; then
			[ "$ns" != "$ourns" ] || continue
		else
			case $r in "$W"*) ;; *) continue ;; esac
		fi
		echo "process ${p#/proc/} ($(cat "$p/comm")) in $r"
	done
	grep -F "$W" /proc/self/mountinfo | sed 's/^/mount /'
	ls "$TMPDIR" | grep "^jailtrim" | sed 's/^/temporary /'
}
snap() { (cd "$1" && find . -printf '%p %s %m %u\n' | sort | cksum); }

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
expect_exit 0 jt build -s / -s "$W/layer" -p haproxy $D -n haproxy -q \
    -o "$W/h" -j "$W/h.conf"
assert_grep '^	exec.start = "/usr/sbin/haproxy -db -f /etc/haproxy/jt.cfg";$' "$W/h.conf"
[ -f "$W/h/etc/haproxy/errors/503.http" ] || fail "no errorfile in the jail"
before=$(snap "$W/h")
expect_exit 0 jt verify -p haproxy $D -c "$W/h.conf" --start --timeout 60 "$W/h"
assert_grep "^$W/h: started and answered in" "$OUT"
assert_grep '^  probe http 8080 / 503: HTTP/1\.[01] 503 Service Unavailable$' "$OUT"
assert_grep '^  process [0-9]+ haproxy haproxy$' "$OUT"
note "haproxy: $(grep -E 'probe|answered' "$OUT" | tr '\n' ' ')"
[ "$before" = "$(snap "$W/h")" ] || fail "starting it changed the jail"
[ -z "$(leftovers)" ] || fail "left behind: $(leftovers)"

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

sleep 1
[ -z "$(leftovers)" ] || { sleep 2; [ -z "$(leftovers)" ]; } ||
    fail "left behind: $(leftovers)"
echo "verify_start_haproxy: started, answered 503 from haproxy itself"
