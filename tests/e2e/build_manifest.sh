#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# jailtrim build MANIFEST: a manifest beside its sources (relative paths),
# with addresses, parameters, an epoch and outputs; flags on top win.
. "$(dirname "$0")/lib.sh"
ROOT=$(fixture_root)
W=$JT_TEST_WORK/build_manifest
rm -rf "$W" && mkdir -p "$W/m" && ln -s "$ROOT" "$W/m/base" || fail mkdir
cat > "$W/m/dns.jail" <<'JAIL'
# an unbound jail on loopback
name      dns
hostname  dns.example.org
source    base                   # relative to this file
profile   unbound
include   /usr/bin/host
mode      exec
ip4       lo1|127.0.1.53/32
ip6       ::1
param     allow.raw_sockets=0
epoch     1415664000
output    dir      out/root
output    tarball  out/dns.tar
output    jailconf out/dns.conf
JAIL
mkdir -p "$W/m/out"
expect_exit 0 "$JAILTRIM" build -q "$W/m/dns.jail"
[ -x "$W/m/out/root/usr/sbin/unbound" ] || fail "unbound missing"
[ -x "$W/m/out/root/usr/bin/host" ] || fail "include /usr/bin/host missing"
C=$W/m/out/dns.conf
assert_grep '^dns \{$' "$C"
assert_grep '^	host.hostname = "dns.example.org";$' "$C"
assert_grep '^	ip4.addr = "lo1\|127.0.1.53/32";$' "$C"
assert_grep '^	ip6.addr = "::1";$' "$C"
assert_grep '^	allow.raw_sockets = "0";$' "$C"
assert_grep "^	path = \"$W/m/out/root\";$" "$C"
python3 - "$W/m/out/dns.tar" <<'PY' || fail "tarball epoch"
import sys, tarfile
assert {m.mtime for m in tarfile.open(sys.argv[1])} == {1415664000}
PY
# Flags win over the manifest's single values.
expect_exit 0 "$JAILTRIM" build -q "$W/m/dns.jail" -n other --epoch 7 \
    --rc -o "$W/rc" -t "$W/rc.tar" -j "$W/rc.conf"
assert_grep '^other \{$' "$W/rc.conf"
assert_grep '^	exec.start = "/bin/sh /etc/rc";$' "$W/rc.conf"
[ -f "$W/rc/etc/rc.d/local_unbound" ] || fail "--rc over mode exec"
# A bad manifest names file and line; nothing is written.
printf 'name x\nsource base\nnmae y\noutput dir out/x\n' > "$W/m/bad.jail"
expect_exit 1 "$JAILTRIM" build "$W/m/bad.jail"
assert_grep 'bad.jail:3: unknown directive' "$ERR"
[ -e "$W/m/out/x" ] && fail "a bad manifest wrote a jail"
expect_exit 2 "$JAILTRIM" build "$W/m/dns.jail" "$W/m/bad.jail"
echo "build_manifest: ok"
