#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# A fleet of the service jails this Debian system can build (sshd,
# lighttpd or nginx, redis, memcached, named: those installed; see
# scripts/install-test-deps.sh), built in one pass over "/", then
# "verify FLEET --start -j 3": every jail started in namespaces of its
# own, three at once, and a table of jail, state, probe and time.  A
# broken jail (redis.conf with a directive redis does not know) is named
# FAILED and the others still answer; nothing is left behind.
. "$(dirname "$0")/lib.sh"
start_setup fleet_debian out
JT_TIMEOUT=300

F=$W/services.jail
cat > "$F" <<'JAIL'
source    /
output    dir       out/${name}
output    jailconf  out/services.conf
ip4-plan  lo1 127.0.1.0/24
JAIL
jails=
# NAME|PROFILE|PROGRAM
for svc in "ssh|sshd|/usr/sbin/sshd" "web|lighttpd|/usr/sbin/lighttpd" \
    "web|nginx|/usr/sbin/nginx" "redis|redis|/usr/bin/redis-server" \
    "memcached|memcached|/usr/bin/memcached" "dns|named|/usr/sbin/named"; do
	n=${svc%%|*} rest=${svc#*|}
	p=${rest%%|*} prog=${rest#*|}
	[ -x "$prog" ] || { note "$prog not installed: no $n jail"; continue; }
	case " $jails " in *" $n "*) continue ;; esac	# one web server
	printf 'jail %s {\n\tprofile %s\n}\n' "$n" "$p" >> "$F"
	jails="$jails $n"
done
set -- $jails
[ $# -ge 3 ] || skip "fewer than three of the services are installed"
[ -n "${CI:-}" ] && [ $# -ne 5 ] && fail "CI must have all five services"

expect_exit 0 jt build -q "$F"
for n in $jails; do
	[ -d "$W/out/$n/etc" ] || fail "jail $n not written"
done
[ "$(grep -Ec '^[a-z]+ \{$' "$W/out/services.conf")" -eq $# ] ||
    fail "not $# stanzas"

# every jail started and answered, three at once
expect_exit 0 jt verify --start -j 3 --timeout 60 "$F"
no_sanitizer_report "verify FLEET --start"
assert_grep '^JAIL +STATE +PROBE +TIME$' "$OUT"
for n in $jails; do
	assert_grep "^jail $n:\$" "$OUT"
	assert_grep "^$n +answered +.* [0-9]+\.[0-9] s\$" "$OUT"
done
note "$(sed -n '/^JAIL/,$p' "$OUT" | tr -s ' ' | tr '\n' ';')"

# -n: one jail of the fleet
expect_exit 0 jt verify --start -n "$1" --timeout 60 "$F"
[ "$(grep -Ec '^[a-z]+ +answered ' "$OUT")" -eq 1 ] || fail "-n $1 verified others"

# a broken jail is named, the others still pass
if [ -d "$W/out/redis" ]; then
	echo 'no-such-directive yes' >> "$W/out/redis/etc/redis/redis.conf"
	expect_exit 3 jt verify --start -j 3 --timeout 60 "$F"
	assert_grep '^redis +FAILED ' "$OUT"
	assert_grep 'jail redis: did not pass' "$ERR"
	for n in $jails; do
		[ "$n" = redis ] && continue
		assert_grep "^$n +answered " "$OUT"
	done
fi

no_leftovers_settled
echo "fleet_debian: $# jails started and answered"
