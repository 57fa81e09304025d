#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# jailtrim verify --start: jails built from this Debian system (sshd, named,
# lighttpd, httpd, nginx; .ci/run installs them) are started in fresh
# namespaces and must answer their probes: sshd its banner, named a DNS
# query for the localhost zone its configuration serves, the web servers
# HTTP 200 for the page in their document root.  The broken cases fail,
# each naming what is missing, statically where possible, else at start.
# Afterwards nothing is left: no process, mount or namespace of ours.
#
# The servers only ever listen inside the jails' own network namespaces,
# where loopback is the only interface.
. "$(dirname "$0")/lib.sh"
# in a PID namespace of its own, its temporaries in $W/tmp: see
# start_setup and leftovers in lib.sh
start_setup verify_start
JT_TIMEOUT=600

# PROFILE|PROGRAM|PROBE|PROCESS (start_verify: the jail on disk is as
# it was, writes went to a throw-away layer)
start_services "sshd|/usr/sbin/sshd|.*: banner SSH-2.0-OpenSSH|" \
    "named|/usr/sbin/named|.*: 1 answer over UDP and TCP|" \
    "lighttpd|/usr/sbin/lighttpd|.*: HTTP/1.[01] 200|" \
    "httpd|/usr/sbin/apache2|.*: HTTP/1.[01] 200|" \
    "nginx|/usr/sbin/nginx|.*: HTTP/1.[01] 200|"
[ "$started" -ge 1 ] || skip "none of the five services is installed"
[ -n "${CI:-}" ] && [ "$started" -ne 5 ] && fail "CI must start all five"
# named drops to its user, as the profile says
[ ! -d "$W/named" ] || {
	expect_exit 0 jt verify -p named --start --json "$W/named"
	python3 - "$OUT" <<-'EOF' || fail "named --json"
	import json, sys
	d = json.load(open(sys.argv[1]))
	assert d["ok"] and d["start"]["answered"], d
	assert any(p.split()[1:] == ["bind", "named"] for p in d["start"]["processes"]), d
	EOF
}
no_leftovers

[ -d "$W/sshd" ] || { echo "verify_start: $started started (no sshd: no negative cases)"; exit 0; }

# broken CASE: a fresh copy of the sshd jail in $B
broken() { B=$W/$1; rm -rf "$B" && cp -a "$W/sshd" "$B" || fail "cp"; }

broken nolib
rm "$B"/usr/lib/x86_64-linux-gnu/libcrypto.so.3
expect_exit 3 jt verify -p sshd --start "$B"
assert_grep 'verify: /usr/sbin/sshd: .*libcrypto.so.3: not found' "$ERR"
assert_grep 'not started: static verification failed' "$OUT"

broken nopam
rm "$B"/usr/lib/x86_64-linux-gnu/security/pam_unix.so
expect_exit 3 jt verify -p sshd --start "$B"
assert_grep 'PAM module pam_unix.so not found' "$ERR"

broken nouser
grep -v '^sshd:' "$B/etc/passwd" > "$B/passwd" && mv "$B/passwd" "$B/etc/passwd"
expect_exit 3 jt verify -p sshd --start "$B"
assert_grep 'user sshd is not in the source.s /etc/passwd' "$ERR"

# A broken configuration only the service itself can judge: caught by
# the start, with the service's own words.
broken badconfig
echo 'NoSuchKeyword yes' >> "$B/etc/ssh/sshd_config"
expect_exit 3 jt verify -p sshd --start --timeout 20 "$B"
assert_grep 'verify: start: the service "/usr/sbin/sshd -D -e" exited with status 255' "$ERR"
assert_grep '\| .*sshd_config.*Bad configuration option: NoSuchKeyword' "$ERR"

# It starts but does not answer where the probe asks: a timeout.
broken noanswer
mkdir -p "$W/prof" && cat > "$W/prof/sshd-2222.profile" <<'EOF'
include sshd
[linux]
probe tcp 2222 SSH-2.0-
EOF
expect_exit 3 jt verify -P "$W/prof" -p sshd-2222 --start --timeout 3 "$B"
assert_grep "no answer in 3000 ms: probe 'tcp 2222 SSH-2.0-': connect 127.0.0.1:2222: Connection refused" "$ERR"

# The jail.conf stanza is checked, and its exec.start is what runs: both
# probes answer.
sed 's|/usr/sbin/sshd -D -e|/usr/sbin/sshd -D -e -p 22 -p 2222|' "$W/sshd.conf" |
    sed "s|$W/sshd|$B|" > "$W/2222.conf"
expect_exit 0 jt verify -P "$W/prof" -p sshd-2222 -c "$W/2222.conf" --start "$B"
assert_grep 'probe tcp 2222 SSH-2.0-: banner SSH-2.0-' "$OUT"
sed 's|/usr/sbin/sshd -D|/usr/sbin/nosuchd -D|' "$W/2222.conf" > "$W/bad.conf"
expect_exit 3 jt verify -p sshd -c "$W/bad.conf" --start "$B"
assert_grep 'jail.conf exec.start "/usr/sbin/nosuchd -D -e -p 22 -p 2222": /usr/sbin/nosuchd is not in the jail' "$ERR"
expect_exit 3 jt verify -p sshd -c "$W/2222.conf" "$W/sshd"
assert_grep "jail sshd has path $B, which is not $W/sshd" "$ERR"

# Interrupted (Ctrl-C) and killed runs clean up all the same.
"$JAILTRIM" verify -P "$W/prof" -p sshd-2222 --start --timeout 60 "$B" \
    >"$W/int.out" 2>"$W/int.err" &
pid=$!
sleep 2 && kill -INT "$pid"
wait "$pid"; rc=$?
[ "$rc" -eq 3 ] || fail "interrupted verify exited $rc"
assert_grep 'verify: start: interrupted' "$W/int.err"
"$JAILTRIM" verify -P "$W/prof" -p sshd-2222 --start --timeout 60 "$B" \
    >/dev/null 2>&1 &
pid=$!
sleep 2 && kill -KILL "$pid"
wait "$pid"
# a SIGKILLed caller cannot remove its (empty) mount point
rmdir "$TMPDIR"/jailtrim-root.* || fail "no empty temporary root"
no_leftovers_settled

# A tarball is started from a temporary copy, removed afterwards.
expect_exit 0 jt build -s / -p sshd -q -t "$W/sshd.txz"
expect_exit 0 jt verify -p sshd --start "$W/sshd.txz"
assert_grep 'probe tcp 22 SSH-2.0-: banner SSH-2.0-' "$OUT"

# A manifest: its outputs, profiles and jail.conf.
cat > "$W/m.jail" <<EOF
name     msshd
source   /
profile  sshd
output   dir $W/m
output   jailconf $W/m.conf
EOF
expect_exit 0 jt build -q "$W/m.jail"
expect_exit 0 jt verify --start "$W/m.jail"
assert_grep 'probe tcp 22 SSH-2.0-: banner SSH-2.0-' "$OUT"

no_leftovers
echo "verify_start: $started services started and answered"
