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
[ "$(id -u)" -eq 0 ] || skip "verify --start needs root"
unshare -n true 2>/dev/null || skip "no network namespaces here"
[ -x /usr/bin/redis-server ] || [ -x /usr/bin/memcached ] ||
    skip "neither redis-server nor memcached is installed (scripts/install-test-deps.sh)"
W=$JT_TEST_WORK/verify_start_kv
rm -rf "$W" && mkdir -p "$W/tmp" || fail mkdir
export TMPDIR="$W/tmp"
JT_TIMEOUT=300

# As verify_start: a PID namespace of our own, so that any process of a
# jail still alive at the end shows in /proc as one in another namespace.
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

started=0
# PROFILE|PROGRAM|PROBE'S DETAIL|USER AND NAME OF THE PROCESS
for svc in "redis|/usr/bin/redis-server|redis 6379: reply \+PONG|redis redis-server" \
    "memcached|/usr/bin/memcached|memcached 11211: reply VERSION [0-9]|memcache memcached"; do
	p=${svc%%|*} rest=${svc#*|}
	prog=${rest%%|*} rest=${rest#*|}
	saw=${rest%%|*} proc=${rest#*|}
	if [ ! -x "$prog" ]; then
		note "$prog not installed: $p not started"
		continue
	fi
	expect_exit 0 jt build -s / -p "$p" -n "$p" -q -o "$W/$p" -j "$W/$p.conf"
	before=$(snap "$W/$p")
	expect_exit 0 jt verify -p "$p" -c "$W/$p.conf" --start --timeout 60 "$W/$p"
	assert_grep "^$W/$p: started and answered in" "$OUT"
	assert_grep "^  probe $saw" "$OUT"
	# the daemon runs as its user, not as the jail's root
	assert_grep "^  process [0-9]+ $proc\$" "$OUT"
	note "$p: $(grep -E 'probe|answered' "$OUT" | tr '\n' ' ')"
	[ "$before" = "$(snap "$W/$p")" ] || fail "$p: starting it changed the jail"
	started=$((started + 1))
done
[ -n "${CI:-}" ] && [ "$started" -ne 2 ] && fail "CI must start both"
[ -z "$(leftovers)" ] || fail "left behind: $(leftovers)"

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

sleep 1		# the kernel tears the namespaces down asynchronously
[ -z "$(leftovers)" ] || { sleep 2; [ -z "$(leftovers)" ]; } ||
    fail "left behind: $(leftovers)"
echo "verify_start_kv: $started services started and answered"
