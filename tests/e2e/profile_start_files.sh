#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# What a service reads at start must be in its jail, or the build says so
# (scripts/install-test-deps.sh installs the daemons, starts denied):
#   - a start-time copy of a file the jail lacks is a build problem naming
#     the file and its package: unbound on a root that has its trust
#     anchor but not dns-root-data (the profile's prestart copy would fail
#     and unbound exit 1 with no word); the rule is the prestart's, not
#     unbound's: cp, install and cat operands in any profile, with their
#     options, destinations and shell syntax left out;
#   - postfix's copies into its chroot are optional as Debian's
#     configure-instance.sh makes them: a root without /etc/resolv.conf
#     builds, and its jail starts and answers 220;
#   - nsd loads a zone file only when its mtime is after 0: a build with
#     the default epoch (0) warns, naming the file and --epoch, and its
#     jail indeed answers SERVFAIL; with --epoch 86400 no warning.
# Roots without a file are copies of jails built from / under $W.
. "$(dirname "$0")/lib.sh"
start_setup profile_start_files
JT_TIMEOUT=300
unset SOURCE_DATE_EPOCH
started=0

# --- the rule, on any profile: a synthetic one over / ---
P=$W/copies.profile
cat >"$P" <<-'EOF' || fail profile
	[linux]
	file? /etc/jt-gone-one.conf jt-test-pkg
	prestart /bin/cp -p /etc/jt-gone-one.conf /etc/passwd /tmp/jt-written
	prestart /usr/bin/install -m 0644 -o root /etc/jt-gone-two.conf /tmp/jt-dest
	prestart /bin/cp -t /tmp /etc/passwd /etc/jt-gone-three.conf
	prestart /bin/cat /etc/jt-gone-four.conf
	prestart /bin/sh -c '[ ! -f /etc/jt-gone-five.conf ] || /bin/cp /etc/jt-gone-five.conf /tmp'
	prestart /usr/bin/install -d /etc/jt-gone-six
	command /bin/sleep 1
EOF
expect_exit 3 jt build -s / -p "$P" --dry-run
for f in one two three four; do
	assert_grep "exec.start \".*\" reads /etc/jt-gone-$f.conf, which is not in the jail: the jail cannot start" "$ERR"
done
assert_grep "reads /etc/jt-gone-one.conf, which is not in the jail: the jail cannot start \(package jt-test-pkg provides it\)" "$ERR"
for f in /tmp/jt-written /tmp/jt-dest /etc/passwd /etc/jt-gone-five.conf /etc/jt-gone-six; do
	! grep -q "reads $f," "$ERR" || fail "$f is not read, but the build says it is"
done
# a package name is a word of dpkg's and pkg's characters
printf 'program /bin/sleep bad!name\n' >"$W/bad.profile" || fail profile
expect_exit 1 jt build -s / -p "$W/bad.profile" --dry-run
assert_grep "bad.profile:1: 'bad!name' is not a package name" "$ERR"

# --- unbound: the trust anchor there, dns-root-data not ---
if [ -x /usr/sbin/unbound ] && [ -f /usr/share/dns/root.key ]; then
	R=$W/ubroot
	build_jail "$R" unbound unbound
	rm "$R/usr/share/dns/root.key" || fail rm
	cp /usr/share/dns/root.key "$R/var/lib/unbound/root.key" || fail cp
	expect_exit 3 jt build -s "$R" -p unbound -o "$W/ub" -j "$W/ub.conf"
	assert_grep 'jail.conf exec.start "/usr/bin/cp -u /usr/share/dns/root.key /var/lib/unbound/root.key" reads /usr/share/dns/root.key, which is not in the jail: the jail cannot start \(package dns-root-data provides it\)' "$ERR"
	[ ! -e "$W/ub" ] || fail "unbound: a jail that cannot start was written"
	# with the key back the same root builds
	mkdir -p "$W/ubkey/usr/share/dns" && cp /usr/share/dns/root.key "$W/ubkey/usr/share/dns/" || fail cp
	expect_exit 0 jt build -s "$R" -s "$W/ubkey" -p unbound --dry-run
else
	note "unbound or dns-root-data not installed: not checked"
fi

# --- postfix: a root without /etc/resolv.conf ---
if [ -x /usr/sbin/postfix ]; then
	R=$W/pfroot
	build_jail "$R" postfix postfix
	rm -f "$R/etc/resolv.conf" || fail rm
	[ ! -e "$R/etc/resolv.conf" ] || fail "resolv.conf still there"
	J=$W/postfix
	expect_exit 0 jt build -s "$R" -p postfix -n postfix -q -o "$J" -j "$J.conf"
	no_sanitizer_report "build of postfix"
	[ ! -e "$J/etc/resolv.conf" ] || fail "postfix: the jail has a resolv.conf"
	start_verify "$J" "smtp 25: banner 220 " "postfix smtpd\$" -p postfix
	started=$((started + 1))
	# the copies that were made, in the throw-away layer: not checked;
	# the jail is as it was (start_verify)
else
	note "postfix not installed: not checked"
fi

# --- nsd and the epoch ---
if [ -x /usr/sbin/nsd ]; then
	O=$W/nsdover
	mkdir -p "$O/etc/nsd/nsd.conf.d" "$O/etc/nsd/zones" || fail mkdir
	printf '$TTL 1h\n@ SOA ns root 1 1h 1h 1w 1h\n  NS ns\nns A 127.0.0.1\n' \
	    >"$O/etc/nsd/zones/example.test.zone" || fail zone
	printf 'server:\n\tip-address: 127.0.0.1\nzone:\n\tname: "example.test"\n\tzonefile: "zones/example.test.zone"\n' \
	    >"$O/etc/nsd/nsd.conf.d/test.conf" || fail conf
	J=$W/nsd
	build_jail "$J" nsd nsd -s "$O"
	assert_grep "warning: /etc/nsd/zones/example.test.zone \(zone example.test in /etc/nsd/nsd.conf.d/test.conf line 5\) gets mtime 0 \(the epoch\): nsd loads a zone file only when it is newer than the zone, which starts at 0, so the zone would answer SERVFAIL; give the jail a later mtime with --epoch \(e.g. --epoch 86400\)" "$ERR"
	[ "$(stat -c %Y "$J/etc/nsd/zones/example.test.zone")" = 0 ] || fail "nsd: the zone's mtime is not 0"
	# what the warning says: nsd does not load the zone
	expect_exit 3 jt verify -p nsd -D name=ns.example.test. -c "$J.conf" --start --timeout 10 "$J"
	assert_grep "rcode SERVFAIL" "$ERR"
	no_leftovers
	# the epoch given: no warning
	expect_exit 0 jt build -s / -s "$O" -p nsd --epoch 86400 --dry-run
	! grep -q "gets mtime 0" "$ERR" || fail "nsd: a warning with --epoch 86400"
	expect_exit 0 env SOURCE_DATE_EPOCH=86400 "$JAILTRIM" build -s / -s "$O" -p nsd --dry-run
	! grep -q "gets mtime 0" "$ERR" || fail "nsd: a warning with SOURCE_DATE_EPOCH"
	started=$((started + 1))
else
	note "nsd not installed: not checked"
fi
[ -n "${CI:-}" ] && [ "$started" -ne 2 ] && fail "CI must check postfix and nsd"

no_leftovers_settled
echo "profile_start_files: the rule checked, $started services checked"
