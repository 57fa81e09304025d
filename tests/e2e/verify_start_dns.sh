#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# verify --start of unbound and nsd built from this Debian system
# (scripts/install-test-deps.sh installs them with service starts
# denied).  unbound as installed: its configuration followed (the
# unbound.conf.d includes, auto-trust-anchor-file's directory), the
# trust anchor a fresh install lacks copied in from dns-root-data by the
# profile's prestart as Debian's unbound-helper does, and localhost.
# answered.  nsd with a zone of its own in a layer over / (an nsd with no
# zones answers REFUSED): the zone file named through a pattern with %s
# is followed into the jail and the probe gets an authoritative answer
# for a name in it.  Each runs as its own user and leaves the jail
# unchanged; a broken main configuration fails the start with the
# daemon's own words, an include naming a missing file stops the build.
# Nothing is left behind: no process, mount or temporary of ours.
#
# The servers only ever listen inside the jails' own network namespaces.
. "$(dirname "$0")/lib.sh"
[ -x /usr/sbin/unbound ] || [ -x /usr/sbin/nsd ] ||
    skip "neither unbound nor nsd is installed (scripts/install-test-deps.sh)"
start_setup verify_start_dns
JT_TIMEOUT=300
started=0

# --- unbound, as Debian installs it ---
if [ -x /usr/sbin/unbound ]; then
	J=$W/unbound
	build_jail "$J" unbound unbound
	for f in etc/unbound/unbound.conf.d/root-auto-trust-anchor-file.conf \
	    etc/unbound/unbound.conf.d/remote-control.conf; do
		[ -f "$J/$f" ] || fail "unbound: the include /$f is not in the jail"
	done
	[ "$(stat -c '%U' "$J/var/lib/unbound")" = unbound ] ||
	    fail "unbound: /var/lib/unbound is not unbound's"
	start_verify "$J" "dns 53 localhost.: 1 answer over UDP and TCP" \
	    "unbound unbound\$" -p unbound
	started=$((started + 1))

	# a broken main configuration: unbound's own words, the file and line
	B=$W/unbound-badconf
	cp -a "$J" "$B" || fail cp
	printf 'server:\n\tno-such-option: yes\n' >>"$B/etc/unbound/unbound.conf" || fail edit
	expect_exit 3 jt verify -p unbound --start --timeout 20 "$B"
	assert_grep 'verify: start: the service "/usr/sbin/unbound -d -d -p -c /etc/unbound/unbound.conf" exited with status 1' "$ERR"
	assert_grep "unbound.conf:[0-9]+: error: unknown keyword 'no-such-option'" "$ERR"
	# an include of a file the root lacks stops the build, saying where
	mkdir -p "$W/ubover/etc/unbound" || fail mkdir
	{ cat /etc/unbound/unbound.conf; echo 'include: "/etc/unbound/gone.conf"'; } \
	    >"$W/ubover/etc/unbound/unbound.conf" || fail write
	expect_exit 3 jt build -s / -s "$W/ubover" -p unbound --dry-run
	assert_grep "unbound.conf:[0-9]+: /etc/unbound/gone.conf: not in the source" "$ERR"
else
	note "unbound not installed: not started"
fi

# --- nsd, with a zone of its own ---
if [ -x /usr/sbin/nsd ]; then
	O=$W/nsdover
	mkdir -p "$O/etc/nsd/nsd.conf.d" "$O/etc/nsd/zones" || fail mkdir
	printf '$TTL 1h\n@ SOA ns root 1 1h 1h 1w 1h\n  NS ns\nns A 127.0.0.1\n' \
	    >"$O/etc/nsd/zones/example.test.zone" || fail zone
	cat >"$O/etc/nsd/nsd.conf.d/test.conf" <<-'EOF' || fail conf
	server:
		ip-address: 127.0.0.1
	pattern:
		name: "primary"
		zonefile: "zones/%s.zone"
	zone:
		name: "example.test"
		include-pattern: "primary"
	EOF
	J=$W/nsd
	# nsd reads a zone file only when it is newer than the zone it
	# holds, which starts at time 0: the epoch of the jail's files
	# must not be 0
	build_jail "$J" nsd nsd -s "$O" --epoch 86400
	[ -f "$J/etc/nsd/zones/example.test.zone" ] || fail "nsd: the zone file is not in the jail"
	[ "$(stat -c '%U' "$J/var/lib/nsd")" = nsd ] || fail "nsd: /var/lib/nsd is not nsd's"
	start_verify "$J" "dns 53 ns.example.test.: 1 answer over UDP and TCP" \
	    "nsd " -p nsd -D name=ns.example.test.
	started=$((started + 1))
	# a name outside its zones: nsd refuses, and the probe says so
	expect_exit 3 jt verify -p nsd -c "$J.conf" --start --timeout 3 "$J"
	assert_grep "probe 'dns 53 localhost.'.*rcode REFUSED" "$ERR"

	B=$W/nsd-badconf
	cp -a "$J" "$B" || fail cp
	printf 'server:\n\tno-such-option: yes\n' >>"$B/etc/nsd/nsd.conf" || fail edit
	expect_exit 3 jt verify -p nsd -D name=ns.example.test. --start --timeout 20 "$B"
	assert_grep 'verify: start: the service "/usr/sbin/nsd -d -c /etc/nsd/nsd.conf" exited with status 1' "$ERR"
	assert_grep "nsd.conf:[0-9]+: at 'no-such-option:': error: syntax error" "$ERR"
	# a zone without a name is told before any start, where it is
	B2=$W/nsd-noname
	cp -a "$J" "$B2" || fail cp
	printf 'zone:\n\tzonefile: "x.zone"\n' >>"$B2/etc/nsd/nsd.conf" || fail edit
	expect_exit 3 jt verify -p nsd -D name=ns.example.test. --start --timeout 20 "$B2"
	assert_grep "nsd.conf:[0-9]+: a zone without a name" "$ERR"
	# the zone file named and missing stops the build, saying where
	mkdir -p "$W/nsdover2/etc/nsd/nsd.conf.d" || fail mkdir
	sed 's/%s.zone/%s.gone/' "$O/etc/nsd/nsd.conf.d/test.conf" \
	    >"$W/nsdover2/etc/nsd/nsd.conf.d/test.conf" || fail write
	expect_exit 3 jt build -s / -s "$O" -s "$W/nsdover2" -p nsd --dry-run
	assert_grep "test.conf:5: /etc/nsd/zones/example.test.gone: not in the source \(zone example.test" "$ERR"
else
	note "nsd not installed: not started"
fi
[ -n "${CI:-}" ] && [ "$started" -ne 2 ] && fail "CI must start both"

no_leftovers_settled
echo "verify_start_dns: $started services started and answered"
