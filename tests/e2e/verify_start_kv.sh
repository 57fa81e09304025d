#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# verify --start of the key-value services built from this Debian system
# (redis-server and memcached; scripts/install-test-deps.sh installs them
# with service starts denied): each jail answers its probe in C (redis
# PING -> +PONG, memcached version -> VERSION), runs as its own user and
# is unchanged afterwards.  A broken main configuration fails the start
# with the daemon named and its own words: redis.conf with an unknown
# directive, memcached's options (it reads no file) with a bad -m.
# Nothing is left behind: no process, mount or temporary of ours.
#
# The servers only ever listen inside the jails' own network namespaces.
. "$(dirname "$0")/lib.sh"
[ -x /usr/bin/redis-server ] || [ -x /usr/bin/memcached ] ||
    skip "neither redis-server nor memcached is installed (scripts/install-test-deps.sh)"
start_setup verify_start_kv
JT_TIMEOUT=300

# PROFILE|PROGRAM|PROBE'S DETAIL|USER AND NAME OF THE PROCESS: the
# daemon runs as its user, not as the jail's root
start_services "redis|/usr/bin/redis-server|redis 6379: reply \+PONG|redis redis-server\$" \
    "memcached|/usr/bin/memcached|memcached 11211: reply VERSION [0-9]|memcache memcached\$"
[ -n "${CI:-}" ] && [ "$started" -ne 2 ] && fail "CI must start both"
no_leftovers

# redis.conf with a directive redis does not know: the start fails, with
# the service named and redis's own words.
if [ -d "$W/redis" ]; then
	B=$W/redis-badconf
	rm -rf "$B" && cp -a "$W/redis" "$B" || fail cp
	echo 'no-such-directive yes' >> "$B/etc/redis/redis.conf"
	expect_exit 3 jt verify -p redis --start --timeout 20 "$B"
	assert_grep 'verify: start: the service "/usr/bin/redis-server /etc/redis/redis.conf --daemonize no" exited with status 1' "$ERR"
	assert_grep "\| >>> 'no-such-directive yes'" "$ERR"
	assert_grep '\| Bad directive or wrong number of arguments' "$ERR"
	# moved with -D: the profile looks for the config where it is told
	mv "$B/etc/redis/redis.conf" "$B/etc/redis/moved.conf" || fail mv
	expect_exit 3 jt verify -p redis -D conf=/etc/redis/nosuch.conf "$B"
	assert_grep '/etc/redis/nosuch.conf' "$ERR"
fi

# memcached's options are its configuration: a memory limit under its
# item size limit is refused by memcached itself.
if [ -d "$W/memcached" ]; then
	expect_exit 3 jt verify -p memcached -D memory=1 --start --timeout 20 "$W/memcached"
	assert_grep 'verify: start: the service "/usr/bin/memcached -u memcache -l 127.0.0.1 -p 11211 -m 1" exited with status 64' "$ERR"
	assert_grep '\| Cannot set item size limit higher than 1/2 of memory max' "$ERR"
	# a port the daemon does not listen on: no answer, the probe named
	expect_exit 3 jt verify -p memcached -D port=11311 -c "$W/memcached.conf" --start --timeout 3 "$W/memcached"
	assert_grep "probe 'memcached 11311': connect 127.0.0.1:11311: Connection refused" "$ERR"
fi

no_leftovers_settled
echo "verify_start_kv: $started services started and answered"
