#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# Issue 15's acceptance on the FreeBSD fixture: the guide's four prisoners
# as one fleet manifest, built in one pass over base.txz (the archive is
# opened as often as for one jail), one jail.conf with four stanzas that
# verify -c accepts, the host's rc.conf lines, addresses from the plan,
# hard links and schg kept in every output; a broken jail is named and
# the others are still built; -n builds one.
. "$(dirname "$0")/lib.sh"
need_fixture
TXZ=$JT_FIXTURE_TXZ
W=$JT_TEST_WORK/fleet_prisoners
clean() { { [ ! -d "$W" ] || chattr -R -i "$W" 2>/dev/null || true; } &&
    rm -rf "$W"; }
clean && mkdir -p "$W/out" || fail mkdir
JT_TIMEOUT=300

# prisoner1/4 hold /bin/test == /bin/[ (a hard link) and /var/empty (schg).
cat > "$W/prisoners.jail" <<JAIL
source    $TXZ
mode      exec
epoch     1415664000
output    dir       out/\${name}
output    tarball   out/\${name}.tar
output    jailconf  out/prisoners.conf
output    rcconf    out/prisoners.rc
ip4-plan  lo1 127.0.1.0/24
uid-range 10000 10000
param     allow.raw_sockets=0
param     exec.consolelog=/var/log/jail_\${name}_console.log
resolv    resolv.conf

jail prisoner1 {
	hostname prisoner1.example.org
	profile  sshd
	include  /bin/test
	include  /bin/[
}
jail prisoner2 {
	hostname prisoner2.example.org
	profile  unbound
	ip4      lo1|127.0.1.53/32
}
jail prisoner3 {
	hostname prisoner3.example.org
	include  /usr/sbin/ntpd
}
jail prisoner4 {
	hostname prisoner4.example.org
	profile  sshd
	include  /bin/test
	include  /bin/[
	mode     rc
}
JAIL

printf 'nameserver 192.0.2.53\nsearch example.org\n' > "$W/resolv.conf"

# --- one pass: the fleet opens base.txz as often as one jail's build ---
# (LeakSanitizer cannot run under ptrace: an ASan build's leak check is
# left to the runs below.)
opens() {
	ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0 \
	    strace -f -qq -e trace=open,openat -o "$W/strace" "$@" >/dev/null \
	    2>"$W/strace.err" || { cat "$W/strace.err" >&2; fail "strace $*"; }
	grep -c "\"$TXZ\"" "$W/strace"
}
if command -v strace >/dev/null && strace -qq -o /dev/null true 2>/dev/null; then
	one=$(opens "$JAILTRIM" build -q --dry-run -s "$TXZ" -p sshd)
	all=$(opens "$JAILTRIM" build -q --dry-run "$W/prisoners.jail")
	[ "$all" -eq "$one" ] && [ "$one" -ge 1 ] ||
	    fail "base.txz opened $all times for the fleet, $one for one jail"
	note "base.txz opened $all time(s) for four jails, $one for one"
else
	note "no usable strace: the count of opens is left out"
fi
expect_exit 0 jt build "$W/prisoners.jail"
no_sanitizer_report "fleet build"
for j in 1 2 3 4; do
	assert_grep "^jail prisoner$j:$" "$OUT"
	[ -d "$W/out/prisoner$j/etc" ] && [ -s "$W/out/prisoner$j.tar" ] ||
	    fail "prisoner$j not written"
done
[ -x "$W/out/prisoner2/usr/sbin/unbound" ] || fail "unbound missing"
[ -x "$W/out/prisoner3/usr/sbin/ntpd" ] || fail "ntpd missing"
[ -f "$W/out/prisoner4/etc/rc" ] || fail "prisoner4 is no rc jail"
[ -e "$W/out/prisoner3/usr/sbin/sshd" ] && fail "prisoner3 got sshd"

# --- one jail.conf: shared parameters once at the top, four stanzas ---
C=$W/out/prisoners.conf
[ "$(head -1 "$C")" = 'allow.raw_sockets = "0";' ] ||
    { cat "$C" >&2; fail "the shared parameter is not on top"; }
[ "$(grep -c 'allow.raw_sockets' "$C")" -eq 1 ] || fail "repeated globals"
[ "$(grep -Ec '^prisoner[1-4] \{$' "$C")" -eq 4 ] || fail "not four stanzas"
assert_grep '^	exec.consolelog = "/var/log/jail_prisoner3_console.log";$' "$C"
assert_grep '^	ip4.addr = "lo1\|127.0.1.1/32";$' "$C"
assert_grep '^	ip4.addr = "lo1\|127.0.1.53/32";$' "$C"
assert_grep '^	ip4.addr = "lo1\|127.0.1.2/32";$' "$C"
assert_grep '^	ip4.addr = "lo1\|127.0.1.3/32";$' "$C"
assert_grep "^	path = \"$W/out/prisoner4\";$" "$C"
assert_grep '^	exec.start = "/bin/sh /etc/rc";$' "$C"
for j in 1 2 3 4; do
	expect_exit 0 jt verify -c "$C" -n "prisoner$j" "$W/out/prisoner$j"
done
# /etc/hosts: each jail's address and FQDN
assert_grep '^127\.0\.1\.2[[:space:]]+prisoner3\.example\.org' \
    "$W/out/prisoner3/etc/hosts"
assert_grep '^127\.0\.1\.53[[:space:]]+prisoner2\.example\.org' \
    "$W/out/prisoner2/etc/hosts"

# resolv: the given file, in each jail
for j in 1 2 3 4; do
	cmp "$W/resolv.conf" "$W/out/prisoner$j/etc/resolv.conf" ||
	    fail "prisoner$j: not the manifest's resolv.conf"
done

# --- the host's rc.conf lines ---
R=$W/out/prisoners.rc
assert_grep '^jail_enable="YES"$' "$R"
assert_grep '^jail_list="prisoner1 prisoner2 prisoner3 prisoner4"$' "$R"
assert_grep '^cloned_interfaces="lo1"$' "$R"
grep -q '^ifconfig_' "$R" && fail "an alias line for a lo(4) plan"

# --- hard links and schg, in each output ---
for j in 1 4; do
	[ "$(stat -c %i "$W/out/prisoner$j/bin/test")" = \
	    "$(stat -c %i "$W/out/prisoner$j/bin/[")" ] ||
	    fail "prisoner$j: hard link lost in the directory"
	python3 - "$W/out/prisoner$j.tar" <<'PY' || fail "prisoner$j: tarball"
import sys, tarfile
m = {i.name: i for i in tarfile.open(sys.argv[1]).getmembers()}
assert m["./var/empty"].pax_headers.get("SCHILY.fflags") == "schg"
a, b = m["./bin/test"], m["./bin/["]
assert (a.islnk() and a.linkname == "./bin/[") or \
    (b.islnk() and b.linkname == "./bin/test"), (a.type, b.type)
PY
done

# --- -n: one jail, the shared files left alone ---
touch -d @1 "$C"
rm -rf "$W/out/prisoner2" "$W/out/prisoner2.tar"
expect_exit 0 jt build "$W/prisoners.jail" -n prisoner2 --force
[ -x "$W/out/prisoner2/usr/sbin/unbound" ] || fail "-n prisoner2"
[ "$(stat -c %Y "$C")" = 1 ] || fail "-n rewrote the shared jail.conf"
assert_grep 'left as they are' "$ERR"
expect_exit 2 jt build "$W/prisoners.jail" -n nobody
assert_grep 'no jail nobody' "$ERR"

# --- a broken jail is named, the others are still built ---
# (from the extracted fixture, shared with other tests: no second
# decompression)
ROOT=$(fixture_root)
sed -e 's/profile  unbound/profile  no-such-profile/' -e 's|out/|bad/|' \
    -e "s|^source    .*|source    $ROOT|" "$W/prisoners.jail" > "$W/bad.jail"
mkdir -p "$W/bad"
expect_exit 2 jt build "$W/bad.jail"
assert_grep 'jail prisoner2: not built' "$ERR"
assert_grep '1 of 4 jails not built' "$ERR"
assert_grep 'prisoners.conf: not written: jail prisoner2' "$ERR"
for j in 1 3 4; do
	[ -x "$W/bad/prisoner$j/usr/sbin/sshd" ] ||
	    [ -x "$W/bad/prisoner$j/usr/sbin/ntpd" ] ||
	    fail "prisoner$j not built beside the broken one"
done
[ -e "$W/bad/prisoner2" ] && fail "the broken jail was written"
# One source and one resolver for the jails of a stack: each jail's plan
# is the one it gets built alone (-n).
sed -e 's/no-such-profile/unbound/' "$W/bad.jail" > "$W/good.jail"
expect_exit 0 jt build -q --dry-run "$W/good.jail"
grep -v '^jail ' "$OUT" > "$W/fleet.plan"
for j in 1 2 3 4; do
	expect_exit 0 jt build -q --dry-run "$W/good.jail" -n "prisoner$j"
	cat "$OUT"
done > "$W/alone.plan"
[ "$(grep -c '^# [0-9]* entries' "$W/fleet.plan")" -eq 4 ] ||
    fail "not four plans"
cmp "$W/fleet.plan" "$W/alone.plan" ||
    { diff "$W/alone.plan" "$W/fleet.plan" | head >&2; fail "plans differ"; }

# a source of its own that cannot be opened: that jail alone fails
rm -rf "$W/bad" && mkdir "$W/bad" || fail mkdir
sed -e 's|^	include  /usr/sbin/ntpd$|&\n	source   /nonexistent/x.pkg|' \
    -e 's/no-such-profile/unbound/' "$W/bad.jail" > "$W/bad3.jail"
expect_exit 1 jt build "$W/bad3.jail"
assert_grep 'jail prisoner3: not built' "$ERR"
assert_grep '/nonexistent/x.pkg' "$ERR"
for j in 1 2 4; do
	[ -d "$W/bad/prisoner$j/etc" ] || fail "prisoner$j not built"
done
[ -e "$W/bad/prisoner3" ] && fail "prisoner3 was written"
clean
echo "fleet_prisoners: ok"
